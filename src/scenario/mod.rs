//! Scenario files: TOML text → [`RawScenario`] → validated [`Model`], with errors that point at
//! file, line and column. The embedded default scenario lives here too.

pub mod cycles;
pub mod error;
pub mod raw;
pub mod validate;

use std::path::Path;

pub use error::{Location, Problem, ScenarioError};
pub use raw::RawScenario;

use crate::model::Model;
use error::{location_of, plain_parser_message, Locator};

/// The default job centre, shipped as `scenarios/default.toml` and compiled into the binary.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/default.toml");

/// Name shown for the embedded scenario in messages.
pub const DEFAULT_SCENARIO_NAME: &str = "scenarios/default.toml (embedded)";

/// Parse and validate scenario text; `file` is only used in messages.
pub fn load_str(source: &str, file: &str) -> Result<Model, ScenarioError> {
    let raw = parse_str(source, file)?;
    let mut model = validate::validate(&raw).map_err(|problems| {
        let locator = Locator::new(source);
        ScenarioError {
            file: file.to_string(),
            problems: problems
                .into_iter()
                .map(|(path, message)| Problem {
                    location: locator.locate(&path),
                    field: path.to_string(),
                    message,
                })
                .collect(),
        }
    })?;
    model
        .warnings
        .extend(thousands_points(&raw, &Locator::new(source)));
    Ok(model)
}

/// Counts and amounts written with a Danish thousands point, such as `new_per_month = 1.200`:
/// TOML reads the point as a decimal point, so the scenario means 1,2 and is valid, but almost
/// certainly meant 1 200.
fn thousands_points(raw: &RawScenario, locator: &Locator<'_>) -> Vec<String> {
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
                let line = locator
                    .locate(path)
                    .map_or(String::new(), |l| format!("line {}: ", l.line));
                format!(
                    "{line}`{path} = {text}` is read as {} (TOML's point is a decimal point); for {whole} write {whole} or {int}_{frac}",
                    text.parse::<f64>().map_or(text.to_string(), |v| v.to_string().replace('.', ","))
                )
            })
        })
        .collect()
}

/// Parse scenario text into its raw form without checking meaning.
pub fn parse_str(source: &str, file: &str) -> Result<RawScenario, ScenarioError> {
    toml::from_str::<RawScenario>(source).map_err(|e| {
        let offset = e.span().map(|s| s.start);
        ScenarioError {
            file: file.to_string(),
            problems: vec![Problem {
                field: offset
                    .and_then(|o| Locator::new(source).path_at(o))
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                message: plain_parser_message(e.message()),
                location: offset.map(|o| location_of(source, o)),
            }],
        }
    })
}

/// Largest scenario file read: a real one is a few kilobytes, and parsing takes many times the
/// file's size in memory.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Read, parse and validate a scenario file.
pub fn load_file(path: &Path) -> Result<Model, ScenarioError> {
    let file = path.display().to_string();
    let source = read_limited(path).map_err(|message| ScenarioError {
        file: file.clone(),
        problems: vec![Problem {
            field: String::new(),
            message,
            location: None,
        }],
    })?;
    load_str(&source, &file)
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
    load_str(DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME)
}
