//! Scenario files: TOML text → [`RawScenario`] → validated [`Model`], with errors that point at
//! file, line and column. The embedded default scenario lives here too.

pub mod assumptions;
pub mod cycles;
pub mod error;
pub mod overrides;
pub mod path_label;
pub mod raw;
pub mod schema;
pub mod validate;

use std::path::Path;

use serde::Deserialize;

pub use error::{Location, Problem, ScenarioError};
pub use overrides::Override;
pub use raw::RawScenario;

use crate::model::Model;
use error::{location_of, plain_parser_message, FieldPath, Locator};

/// The default job centre, shipped as `scenarios/default.toml` and compiled into the binary.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/default.toml");

/// Name shown for the embedded scenario in messages.
pub const DEFAULT_SCENARIO_NAME: &str = "scenarios/default.toml (embedded)";

/// A scenario as read: its text and where it came from. Every model is derived from it, as
/// written or with overrides, so a command that varies a scenario re-reads the same text.
#[derive(Debug, Clone)]
pub struct Source {
    pub text: String,
    /// The file name, or a description of where the text came from, for messages.
    pub file: String,
}

impl Source {
    /// The embedded default scenario.
    pub fn embedded() -> Source {
        Source {
            text: DEFAULT_SCENARIO.to_string(),
            file: DEFAULT_SCENARIO_NAME.to_string(),
        }
    }

    /// A scenario file, read whole (at most [`MAX_FILE_BYTES`]).
    pub fn read(path: &Path) -> Result<Source, ScenarioError> {
        let file = path.display().to_string();
        let text = read_limited(path).map_err(|message| ScenarioError {
            file: file.clone(),
            problems: vec![Problem {
                message,
                ..Problem::default()
            }],
        })?;
        Ok(Source { text, file })
    }

    /// The validated model with `overrides` applied in order. Problems in the file are located
    /// by line and column; problems an override causes name the override.
    pub fn load(&self, overrides: &[Override]) -> Result<Model, ScenarioError> {
        let mut raw = parse_str(&self.text, &self.file)?;
        let mut set: Vec<(FieldPath, &Override)> = Vec::new();
        if !overrides.is_empty() {
            let mut table: toml::Table = toml::from_str(&self.text).map_err(|e| {
                let o = &overrides[0];
                self.override_error(o, &o.origin, e.message().to_string())
            })?;
            for o in overrides {
                let paths = overrides::apply(&mut table, o)
                    .map_err(|m| self.override_error(o, &o.origin, m))?;
                // Read after each override, so a value of the wrong type or an unknown field
                // is blamed on the override that brought it: on its path for a field the path
                // names, else on its value.
                raw = RawScenario::deserialize(toml::Value::Table(table.clone())).map_err(|e| {
                    let at = if o.path_is_blamed(e.message()) {
                        &o.origin
                    } else {
                        o.value_origin()
                    };
                    self.override_error(o, at, plain_parser_message(e.message()))
                })?;
                set.extend(paths.into_iter().map(|p| (p, o)));
            }
        }
        let locator = Locator::new(&self.text);
        let mut model = validate::validate(&raw).map_err(|problems| ScenarioError {
            file: self.file.clone(),
            problems: problems
                .into_iter()
                .map(|(path, message)| {
                    let by = set.iter().rev().find(|(p, _)| path.starts_with(p));
                    Problem {
                        location: by.is_none().then(|| locator.locate(&path)).flatten(),
                        origin: by.map(|(_, o)| format!("{} ({})", o.value_origin(), o.text())),
                        field: path.to_string(),
                        message,
                    }
                })
                .collect(),
        })?;
        let written: Vec<&FieldPath> = set.iter().map(|(p, _)| p).collect();
        model
            .warnings
            .extend(thousands_points(&raw, &locator, &written));
        Ok(model)
    }

    /// A problem `o` causes, blamed `at` its origin or its value's.
    fn override_error(&self, o: &Override, at: &str, message: String) -> ScenarioError {
        ScenarioError {
            file: self.file.clone(),
            problems: vec![Problem {
                message,
                origin: Some(format!("{at} ({})", o.text())),
                ..Problem::default()
            }],
        }
    }
}

/// A scenario as a command was given it: its text, the user's overrides (`--set`), and the model
/// they make. Experiments (compare's variants, size's candidates) derive further models from it
/// with more overrides, each read and validated like the file itself.
#[derive(Debug, Clone)]
pub struct Scenario {
    pub source: Source,
    pub overrides: Vec<Override>,
    pub model: Model,
}

impl Scenario {
    pub fn new(source: Source, overrides: Vec<Override>) -> Result<Scenario, ScenarioError> {
        let model = source.load(&overrides)?;
        Ok(Scenario {
            source,
            overrides,
            model,
        })
    }

    /// A scenario from text, without overrides.
    pub fn from_text(text: &str, file: &str) -> Result<Scenario, ScenarioError> {
        Scenario::new(
            Source {
                text: text.to_string(),
                file: file.to_string(),
            },
            Vec::new(),
        )
    }

    /// The model with `extra` overrides applied after the user's.
    pub fn with(&self, extra: &[Override]) -> Result<Model, ScenarioError> {
        let all: Vec<Override> = self.overrides.iter().chain(extra).cloned().collect();
        self.source.load(&all)
    }

    /// This scenario with `extra` overrides after the user's, as a scenario of its own (so a
    /// search can run on it).
    pub fn extended(&self, extra: &[Override]) -> Result<Scenario, ScenarioError> {
        let overrides: Vec<Override> = self.overrides.iter().chain(extra).cloned().collect();
        Scenario::new(self.source.clone(), overrides)
    }

    /// The file as parsed, with the user's overrides applied: for building an override from
    /// parts of the scenario (such as a stage's capacity schedule).
    pub fn table(&self) -> toml::Table {
        let mut t: toml::Table = toml::from_str(&self.source.text).unwrap_or_default();
        for o in &self.overrides {
            let _ = overrides::apply(&mut t, o);
        }
        t
    }
}

/// Parse and validate scenario text; `file` is only used in messages.
pub fn load_str(source: &str, file: &str) -> Result<Model, ScenarioError> {
    Source {
        text: source.to_string(),
        file: file.to_string(),
    }
    .load(&[])
}

/// Counts and amounts written with a Danish thousands point, such as `new_per_month = 1.200`:
/// TOML reads the point as a decimal point, so the scenario means 1,2 and is valid, but almost
/// certainly meant 1 200.
fn thousands_points(
    raw: &RawScenario,
    locator: &Locator<'_>,
    overridden: &[&FieldPath],
) -> Vec<crate::lang::Text> {
    use error::FieldPath;
    let root = FieldPath::default();
    let mut paths = vec![
        root.key("arrivals").key("new_per_month"),
        root.key("arrivals").key("returners_per_month"),
    ];
    for i in 0..raw.staff.len() {
        let p = root.key("staff").index(i);
        paths.extend([p.key("fte"), p.key("caseload_per_fte")]);
    }
    for i in 0..raw.stages.len() {
        let p = root.key("stages").index(i);
        let pay = p.key("outcome_payment");
        paths.extend([
            p.key("price_per_week_dkk"),
            pay.key("at_start_dkk"),
            pay.key("at_placement_dkk"),
            pay.key("at_selfsufficiency_dkk"),
        ]);
    }
    paths
        .iter()
        .filter(|path| !overridden.iter().any(|o| path.starts_with(o)))
        .filter_map(|path| {
            let text = locator.literal(path)?;
            let (int, frac) = text.split_once('.')?;
            // Three decimals ending in a zero ("1.200", "2.500") is how a thousands point reads;
            // nobody writes 1,2 with two trailing zeros, while 109.575 is a plain decimal.
            let looks_grouped = (1..=3).contains(&int.len())
                && frac.len() == 3
                && frac.ends_with('0')
                && int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit());
            looks_grouped.then(|| {
                let whole = format!("{int}{frac}").trim_start_matches('0').to_string();
                let line = locator.locate(path).map(|l| l.line);
                let read = text
                    .parse::<f64>()
                    .map_or(text.to_string(), |v| v.to_string().replace('.', ","));
                crate::lang::Text::by(|lang| {
                    let at = line.map_or(String::new(), |l| format!("{} {l}: ", lang.pick("linje", "line")));
                    match lang {
                        crate::figures::Lang::Da => format!(
                            "{at}`{path} = {text}` læses som {read} (i TOML er punktum decimaltegnet); for {whole} skriv {whole} eller {int}_{frac}"
                        ),
                        crate::figures::Lang::En => format!(
                            "{at}`{path} = {text}` is read as {read} (TOML's point is a decimal point); for {whole} write {whole} or {int}_{frac}"
                        ),
                    }
                })
            })
        })
        .collect()
}

/// Parse scenario text into its raw form without checking meaning.
pub fn parse_str(source: &str, file: &str) -> Result<RawScenario, ScenarioError> {
    toml::from_str::<RawScenario>(source).map_err(|e| syntax_error(source, file, &e))
}

/// A TOML syntax or type error in `text` (a scenario, or a file read the same way such as a
/// sweep plan), located at file:line:column with the field it is in.
pub fn syntax_error(text: &str, file: &str, e: &toml::de::Error) -> ScenarioError {
    let offset = e.span().map(|s| s.start);
    ScenarioError {
        file: file.to_string(),
        problems: vec![Problem {
            field: offset
                .and_then(|o| Locator::new(text).path_at(o))
                .map(|p| p.to_string())
                .unwrap_or_default(),
            message: plain_parser_message(e.message()),
            location: offset.map(|o| location_of(text, o)),
            origin: None,
        }],
    }
}

/// Largest scenario file read: a real one is a few kilobytes, and parsing takes many times the
/// file's size in memory.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Read, parse and validate a scenario file.
pub fn load_file(path: &Path) -> Result<Model, ScenarioError> {
    Source::read(path)?.load(&[])
}

/// The text of a file of at most [`MAX_FILE_BYTES`]; reading stops there, so an endless device
/// such as /dev/zero is refused at once.
pub fn read_limited(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("cannot read the file: {e}"))?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read the file: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!(
            "the file is larger than {} MiB; a scenario is normally a few kilobytes (is this the right file?)",
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "the file is not text in UTF-8 (byte {} is not); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The embedded default scenario, validated.
pub fn default_model() -> Result<Model, ScenarioError> {
    Source::embedded().load(&[])
}
