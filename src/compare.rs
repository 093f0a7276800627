//! Strategy comparisons under common random numbers: the same scenario and seeds run once per
//! strategy, so every citizen arrives at the same time with the same segment, risk and random
//! draws, and differences come from the strategy, not from chance. Paired differences against
//! the first strategy carry their own 95 % intervals; the unpaired interval is kept beside them
//! to show what pairing buys. A sensitivity sweep repeats the comparison over values of one
//! unknown effect and says whether the ranking survives.

use crate::figures::{Figure, KPIS, STAFF_FIGURES};
use crate::model::{Model, Strategy};
use crate::replication::Replication;
use crate::report::{self, Report};
use crate::runner::run_replications;
use crate::stats::{summarize, t_quantile_975, Summary};
use crate::strategy;

/// Staff figures shown in comparisons.
pub const STAFF_ROWS: [&str; 3] = ["fte_needed_mean", "overdue_mean", "on_time_share"];

/// One figure compared across strategies.
#[derive(Debug, Clone)]
pub struct Row {
    /// KPI key, or `staff.<role>.<figure>`.
    pub key: String,
    pub label: String,
    /// The figure compared, from the catalogue.
    pub figure: Figure,
    /// Per strategy, in comparison order.
    pub values: Vec<Summary>,
    /// Per strategy: the paired difference against the first (the first's own is zero).
    pub paired: Vec<Summary>,
    /// Per strategy: half-width of the unpaired 95 % interval of the same difference.
    pub unpaired_half_width: Vec<f64>,
    /// Per strategy, the value in each replication (for further paired differences).
    pub samples: Vec<Vec<f64>>,
}

/// A whole comparison.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub scenario: String,
    pub replications: u32,
    pub seed: u64,
    pub strategies: Vec<String>,
    pub reports: Vec<Report>,
    pub rows: Vec<Row>,
    pub warnings: Vec<String>,
}

/// Resolve strategy names (built-in kinds or the file's named strategies).
pub fn resolve(model: &Model, names: &[String]) -> Result<Vec<Strategy>, String> {
    names
        .iter()
        .map(|n| {
            strategy::named(model, n).ok_or_else(|| {
                let mut valid: Vec<String> = crate::model::StrategyKind::ALL
                    .iter()
                    .map(|k| format!("\"{}\"", k.key()))
                    .collect();
                valid.extend(model.strategies.iter().map(|s| format!("\"{}\"", s.name)));
                format!("unknown strategy \"{n}\"; use {}", valid.join(", "))
            })
        })
        .collect()
}

/// Run every strategy on the same seeds and compare.
pub fn compare(
    model: &Model,
    strategies: &[Strategy],
    replications: u32,
    seed: u64,
    threads: Option<usize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Comparison, String> {
    let mut runs = Vec::new();
    let mut warnings = Vec::new();
    for s in strategies {
        let mut m = model.clone();
        m.strategy = Some(s.clone());
        warnings.extend(strategy::warnings(s, &model.segments));
        runs.push((
            run_replications(&m, replications, seed, threads, on_done)?,
            m,
        ));
    }
    let reports = runs
        .iter()
        .map(|(reps, m)| report::build(m, seed, reps))
        .collect();
    let reps: Vec<&[Replication]> = runs.iter().map(|(r, _)| r.as_slice()).collect();
    let mut rows: Vec<Row> = KPIS
        .iter()
        .enumerate()
        .map(|(i, f)| row_of(f.key, f.da.to_string(), *f, &reps, |r| r.kpis[i]))
        .collect();
    for (r, role) in model.staff.iter().enumerate() {
        let conversations = matches!(role.work, crate::model::RoleWork::Conversations(_));
        // Overdue conversations and rettidighed mean nothing for a caseload role.
        let fields = if conversations {
            &STAFF_ROWS[..]
        } else {
            &STAFF_ROWS[..1]
        };
        for &field in fields {
            let f = crate::figures::staff_figure(field).unwrap_or_default();
            let figure = STAFF_FIGURES[f];
            rows.push(row_of(
                &format!("staff.{}.{}", role.name, field),
                format!("{}: {}", role.label, figure.da),
                figure,
                &reps,
                |x| x.staff[r].values()[f],
            ));
        }
    }
    warnings.sort();
    warnings.dedup();
    Ok(Comparison {
        scenario: model.name.clone(),
        replications,
        seed,
        strategies: strategies.iter().map(|s| s.name.clone()).collect(),
        reports,
        rows,
        warnings,
    })
}

fn row_of(
    key: &str,
    label: String,
    figure: Figure,
    reps: &[&[Replication]],
    value: impl Fn(&Replication) -> f64,
) -> Row {
    let per: Vec<Vec<f64>> = reps
        .iter()
        .map(|r| r.iter().map(&value).collect())
        .collect();
    let values: Vec<Summary> = per.iter().map(|v| summarize(v)).collect();
    let base = &per[0];
    let paired = per
        .iter()
        .map(|v| {
            // Replication r of every strategy saw the same citizens: difference them pairwise.
            let diffs: Vec<f64> = v.iter().zip(base).map(|(a, b)| a - b).collect();
            summarize(&diffs)
        })
        .collect();
    // The baseline is not compared with itself.
    let unpaired_half_width = values
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if i == 0 {
                f64::NAN
            } else {
                unpaired_half_width(s, &values[0])
            }
        })
        .collect();
    Row {
        key: key.to_string(),
        label,
        figure,
        values,
        paired,
        unpaired_half_width,
        samples: per,
    }
}

/// Half-width of the Welch 95 % interval for a difference of means of independent samples.
pub fn unpaired_half_width(a: &Summary, b: &Summary) -> f64 {
    if a.n < 2 || b.n < 2 {
        return f64::NAN;
    }
    let (va, vb) = (a.sd.powi(2) / a.n as f64, b.sd.powi(2) / b.n as f64);
    let se2 = va + vb;
    if se2 == 0.0 {
        return 0.0;
    }
    let df = se2.powi(2)
        / (va.powi(2) / (a.n as f64 - 1.0) + vb.powi(2) / (b.n as f64 - 1.0))
            .max(f64::MIN_POSITIVE);
    t_quantile_975(df.floor().max(1.0) as usize) * se2.sqrt()
}

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

    /// For people.
    pub fn text(&self) -> String {
        match self {
            VaryValue::Num(v) => crate::export::text::danish(*v, 2),
            VaryValue::Text(t) => t.clone(),
        }
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

/// One point of a sweep, ready to compare: the value, the model and the strategies at it.
pub struct Point {
    pub value: VaryValue,
    pub model: Model,
    pub strategies: Vec<Strategy>,
}

/// The model and strategies at every value, all read and checked before anything runs.
pub fn vary_points(
    scenario: &crate::scenario::Scenario,
    names: &[String],
    vary: &Vary,
    values: &[toml::Value],
) -> Result<Vec<Point>, String> {
    values
        .iter()
        .map(|v| {
            let model = match vary {
                Vary::Path(path) => scenario
                    .with(&[crate::scenario::Override::new(
                        path.clone(),
                        v.clone(),
                        "--vary",
                    )])
                    .map_err(|e| {
                        format!(
                            "{e}\n--vary takes a field path as for --set, or one of {}",
                            VARY_NAMES.map(|(n, _)| n).join(", ")
                        )
                    })?,
                Vary::Strategy(_) => scenario.model.clone(),
            };
            let mut strategies = resolve(&model, names)?;
            if let Vary::Strategy(param) = vary {
                let x = v
                    .as_float()
                    .or(v.as_integer().map(|i| i as f64))
                    .unwrap_or(0.0);
                strategies = strategies
                    .iter()
                    .map(|s| {
                        let (mut sens, mut spec, mut week) =
                            (s.sensitivity, s.specificity, s.switch_days / 7.0);
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
                    })
                    .collect();
            }
            Ok(Point {
                value: VaryValue::of(v),
                model,
                strategies,
            })
        })
        .collect()
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
    /// The name as given to `--vary`.
    pub parameter: String,
    pub rank_by: &'static Figure,
    pub strategies: Vec<String>,
    pub points: Vec<SweepPoint>,
}

impl Sweep {
    /// The ranking is the same at every value.
    pub fn ranking_stable(&self) -> bool {
        self.points.windows(2).all(|w| w[0].ranking == w[1].ranking)
    }
}

/// Repeat the comparison at each point, ranking strategies by the key figure `rank_by` in its
/// direction (best first).
pub fn sweep(
    points: &[Point],
    parameter: &str,
    rank_by: &'static Figure,
    replications: u32,
    seed: u64,
    threads: Option<usize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Sweep, String> {
    let k = KPIS.iter().position(|f| f.key == rank_by.key).unwrap_or(0);
    let direction = rank_by.direction;
    let mut out = Vec::new();
    for p in points {
        let c = compare(
            &p.model,
            &p.strategies,
            replications,
            seed,
            threads,
            on_done,
        )?;
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
        parameter: parameter.to_string(),
        rank_by,
        strategies: points
            .first()
            .map(|p| p.strategies.iter().map(|s| s.name.clone()).collect())
            .unwrap_or_default(),
        points: out,
    })
}
