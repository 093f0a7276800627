//! Sensitivity: the same comparison at several values of one setting (any `--set` path, or a
//! screening setting of every compared strategy), ranking the strategies at each value in the
//! direction of a key figure and saying whether the ranking survives. It is a one-dimensional
//! sweep: every strategy at every value runs on the sweep's runner ([`crate::sweep::run`]) with
//! the same seeds, the value and the strategy its two dimensions.

use super::{compare_runs, strategy_columns, Column};
use crate::figures::{Figure, KPIS};
use crate::lang::Text;
use crate::model::{Model, Strategy};
use crate::replication::Replication;
use crate::scenario::path_label::path_label;
use crate::scenario::{Override, Scenario};
use crate::stats::{summarize, Summary};
use crate::strategy;
use crate::sweep::run::{run_models, Budget};

/// What a sensitivity sweep varies.
#[derive(Debug, Clone, PartialEq)]
pub enum Vary {
    /// A scenario field by its `--set` path: every value is read and checked as in the file.
    Path(String),
    /// A screening setting of every compared strategy (the built-in strategies have no place in
    /// the file to set it).
    Strategy(StrategyParam),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrategyParam {
    Sensitivity,
    Specificity,
    SwitchWeek,
}

/// The short names `--vary` has always taken, and what they stand for.
pub const VARY_NAMES: [(&str, &str); 7] = [
    ("lockin", "stages.*.lockin"),
    ("effect_after", "stages.*.effect_after"),
    ("conversation_effect", "effects.conversation_effect"),
    ("effect_decay", "effects.effect_decay_per_week"),
    ("sensitivity", "sensitivity of every compared strategy"),
    ("specificity", "specificity of every compared strategy"),
    ("switch_week", "switch week of every compared strategy"),
];

/// One value of a swept setting: a number, or text such as a strategy kind.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum VaryValue {
    Num(f64),
    Text(String),
}

impl VaryValue {
    fn of(v: &toml::Value) -> VaryValue {
        match v {
            toml::Value::Integer(i) => VaryValue::Num(*i as f64),
            toml::Value::Float(f) => VaryValue::Num(*f),
            toml::Value::String(s) => VaryValue::Text(s.clone()),
            other => VaryValue::Text(other.to_string()),
        }
    }

    /// For people, a number with `decimals`.
    fn text(&self, decimals: usize, lang: crate::figures::Lang) -> String {
        match self {
            VaryValue::Num(v) => crate::export::text::num(*v, decimals, lang),
            VaryValue::Text(t) => t.clone(),
        }
    }

    fn is_whole(&self) -> bool {
        matches!(self, VaryValue::Num(v) if v.fract() == 0.0)
    }
}

/// `NAME=V1,V2,...` from the command line: NAME is one of [`VARY_NAMES`] or any `--set` path.
pub fn parse_vary(text: &str) -> Result<(String, Vary, Vec<toml::Value>), String> {
    let (name, values) = text.split_once('=').ok_or_else(|| {
        format!(
            "--vary needs NAME=V1,V2,..., e.g. lockin=0.3,0.5,0.8 or stages.virksomhedscenter.capacity=60,80,100 (NAME is a field path as for --set, or one of {})",
            VARY_NAMES.map(|(n, _)| n).join(", ")
        )
    })?;
    let name = name.trim();
    let values: Vec<toml::Value> = values
        .split(',')
        .map(|v| crate::scenario::overrides::parse_value(v.trim()))
        .collect();
    if name.is_empty() || values.iter().any(|v| v.as_str() == Some("")) {
        return Err(format!("--vary {name}: give a name and at least one value"));
    }
    let vary = match name {
        "sensitivity" => Vary::Strategy(StrategyParam::Sensitivity),
        "specificity" => Vary::Strategy(StrategyParam::Specificity),
        "switch_week" => Vary::Strategy(StrategyParam::SwitchWeek),
        _ => Vary::Path(
            VARY_NAMES
                .iter()
                .find(|(n, _)| *n == name)
                .map_or(name, |(_, path)| path)
                .to_string(),
        ),
    };
    if let Vary::Strategy(param) = vary {
        // The same ranges as in a scenario file.
        let (top, what) = match param {
            StrategyParam::Sensitivity | StrategyParam::Specificity => {
                (1.0, "probabilities from 0 to 1")
            }
            StrategyParam::SwitchWeek => (520.0, "weeks from 0 to 520"),
        };
        let ok = |v: &toml::Value| {
            let x = v.as_float().or(v.as_integer().map(|i| i as f64));
            x.is_some_and(|x| (0.0..=top).contains(&x))
        };
        if !values.iter().all(ok) {
            return Err(format!("--vary {name}: values must be {what}"));
        }
    }
    Ok((name.to_string(), vary, values))
}

/// What `vary` sets, for people, in both languages: the field's meaning and whose it is
/// ("Indlåsning, alle forløb" for `lockin`), from the scenario's own labels, or the path as
/// written when [`path_label`] does not know it. A screening setting of the compared strategies
/// reads as that setting of every strategy.
pub fn vary_label(model: &Model, vary: &Vary) -> Text {
    let path = match vary {
        Vary::Path(path) => path.clone(),
        Vary::Strategy(param) => format!(
            "strategies.*.{}",
            match param {
                StrategyParam::Sensitivity => "sensitivity",
                StrategyParam::Specificity => "specificity",
                StrategyParam::SwitchWeek => "switch_week",
            }
        ),
    };
    Text::by(|lang| path_label(model, &path, lang).unwrap_or_else(|| path.clone()))
}

/// The setting a sweep varies: its name as given to `--vary`, which the files keep as their key,
/// and what it sets for people ([`vary_label`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Setting {
    pub name: String,
    pub label: Text,
}

/// One point of a sweep, ready to compare: the value and the columns at it.
pub struct Point {
    pub value: VaryValue,
    pub columns: Vec<Column>,
}

/// The columns at every value, all read and checked before anything runs.
pub fn vary_points(
    scenario: &Scenario,
    names: &[String],
    vary: &Vary,
    values: &[toml::Value],
) -> Result<Vec<Point>, String> {
    values
        .iter()
        .map(|v| {
            let here = match vary {
                Vary::Path(path) => scenario
                    .extended(&[Override::new(path.clone(), v.clone(), "--vary")])
                    .map_err(|e| {
                        format!(
                            "{e}\n--vary takes a field path as for --set, or one of {}",
                            VARY_NAMES.map(|(n, _)| n).join(", ")
                        )
                    })?,
                Vary::Strategy(_) => scenario.clone(),
            };
            let mut columns = strategy_columns(&here, names)?;
            if let Vary::Strategy(param) = vary {
                let x = v
                    .as_float()
                    .or(v.as_integer().map(|i| i as f64))
                    .unwrap_or(0.0);
                for c in &mut columns {
                    if let Some(s) = &c.model.strategy {
                        c.model.strategy = Some(with_setting(s, *param, x, &c.model));
                    }
                }
            }
            Ok(Point {
                value: VaryValue::of(v),
                columns,
            })
        })
        .collect()
}

/// `s` with one screening setting changed.
fn with_setting(s: &Strategy, param: StrategyParam, x: f64, model: &Model) -> Strategy {
    let (mut sens, mut spec, mut week) = (s.sensitivity, s.specificity, s.switch_days / 7.0);
    match param {
        StrategyParam::Sensitivity => sens = x,
        StrategyParam::Specificity => spec = x,
        StrategyParam::SwitchWeek => week = x,
    }
    strategy::build(
        &s.name,
        s.kinds.clone(),
        week,
        sens,
        spec,
        s.flag_cap_setting,
        &model.segments,
    )
}

/// One value of a sensitivity sweep.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    pub value: VaryValue,
    /// The ranked figure per strategy.
    pub values: Vec<Summary>,
    /// Strategy names, best first by the figure's direction.
    pub ranking: Vec<String>,
    /// The best is ahead of the second with 95 % confidence (paired difference).
    pub clear_winner: bool,
}

/// A sensitivity sweep over one setting.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The name as given to `--vary` (the key in files).
    pub parameter: String,
    /// What the name sets, for people ([`vary_label`]).
    pub label: Text,
    pub rank_by: &'static Figure,
    pub strategies: Vec<String>,
    pub points: Vec<SweepPoint>,
}

impl Sweep {
    /// The values for people, in order: whole numbers as such when every value is one (places,
    /// FTE), otherwise all with two decimals, so that they line up in a column.
    pub fn value_texts(&self, lang: crate::figures::Lang) -> Vec<String> {
        let decimals = if self.points.iter().all(|p| p.value.is_whole()) {
            0
        } else {
            2
        };
        self.points
            .iter()
            .map(|p| p.value.text(decimals, lang))
            .collect()
    }

    /// The ranking is the same at every value.
    pub fn ranking_stable(&self) -> bool {
        self.points.windows(2).all(|w| w[0].ranking == w[1].ranking)
    }
}

/// Repeat the comparison at each point, ranking strategies by the key figure `rank_by` in its
/// direction (best first).
pub fn sweep(
    points: &[Point],
    setting: &Setting,
    rank_by: &'static Figure,
    replications: u32,
    seed: u64,
    threads: Option<usize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Sweep, String> {
    let k = KPIS.iter().position(|f| f.key == rank_by.key).unwrap_or(0);
    let direction = rank_by.direction;
    // A one-dimensional sweep: every strategy at every value is a point of the sweep's runner,
    // on the sweep's seeds, several points at once.
    let models: Vec<Model> = points
        .iter()
        .flat_map(|p| p.columns.iter().map(|c| c.model.clone()))
        .collect();
    let budget = Budget {
        replications,
        seed,
        threads,
        window: None,
    };
    let mut runs = run_models(&models, &budget, on_done)
        .map_err(|e| e.to_string())?
        .into_iter();
    let mut out = Vec::new();
    for p in points {
        let here: Vec<Vec<Replication>> = runs.by_ref().take(p.columns.len()).collect();
        let c = compare_runs("strategies", &p.columns, &here, replications, seed);
        let row = &c.rows[k];
        let values = row.values.clone();
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&a, &b| direction.ranks_before(values[a].mean, values[b].mean));
        let clear_winner = match order.as_slice() {
            [best, second, ..] => {
                // The best's lead over the second, positive when it is ahead.
                let lead: Vec<f64> = row.samples[*second]
                    .iter()
                    .zip(&row.samples[*best])
                    .map(|(s, b)| match direction {
                        crate::figures::Direction::HigherIsBetter => b - s,
                        _ => s - b,
                    })
                    .collect();
                summarize(&lead).ci95_low > 0.0
            }
            _ => true,
        };
        out.push(SweepPoint {
            value: p.value.clone(),
            ranking: order.iter().map(|&i| c.strategies[i].clone()).collect(),
            values,
            clear_winner,
        });
    }
    Ok(Sweep {
        parameter: setting.name.clone(),
        label: setting.label.clone(),
        rank_by,
        strategies: points
            .first()
            .map(|p| p.columns.iter().map(|c| c.name.clone()).collect())
            .unwrap_or_default(),
        points: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn label(name: &str) -> Text {
        let model = crate::scenario::default_model().expect("the embedded default scenario");
        let (_, vary, _) = parse_vary(&format!("{name}=0.5")).expect("a --vary");
        vary_label(&model, &vary)
    }

    #[test]
    fn values_are_whole_when_all_are_and_otherwise_line_up() {
        let sweep = |values: &[f64]| Sweep {
            parameter: "x".into(),
            label: Text::by(|_| "x".into()),
            rank_by: &KPIS[0],
            strategies: Vec::new(),
            points: values
                .iter()
                .map(|&v| SweepPoint {
                    value: VaryValue::Num(v),
                    values: Vec::new(),
                    ranking: Vec::new(),
                    clear_winner: false,
                })
                .collect(),
        };
        let da = crate::figures::Lang::Da;
        assert_eq!(
            sweep(&[60.0, 86.0, 1100.0]).value_texts(da),
            ["60", "86", "1.100"]
        );
        assert_eq!(sweep(&[0.3, 1.0]).value_texts(da), ["0,30", "1,00"]);
    }

    #[test]
    fn the_short_names_read_as_what_they_set_everywhere() {
        assert_eq!(label("lockin").en, "Lock-in, every stage");
        assert_eq!(label("effect_decay").en, "Effect decay per week");
        assert_eq!(
            label("sensitivity"),
            Text::new(
                "Screeningens sensitivitet, alle strategier",
                "Screening sensitivity, every strategy"
            )
        );
    }

    #[test]
    fn a_path_without_a_label_reads_as_written() {
        assert_eq!(
            label("calendar.closed_weeks"),
            Text::same("calendar.closed_weeks")
        );
    }
}
