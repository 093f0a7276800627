//! Strategy comparisons under common random numbers: the same scenario and seeds run once per
//! strategy, so every citizen arrives at the same time with the same segment, risk and random
//! draws, and differences come from the strategy, not from chance. Paired differences against
//! the first strategy carry their own 95 % intervals; the unpaired interval is kept beside them
//! to show what pairing buys. A sensitivity sweep repeats the comparison over values of one
//! unknown effect and says whether the ranking survives.

use crate::kpi::{KpiInfo, Unit, KPIS};
use crate::model::{Model, Strategy};
use crate::replication::{Replication, STAFF_FIELDS};
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
    pub unit: Unit,
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
        .map(|(i, info)| row_of(info.key, kpi_label(info), info.unit, &reps, |r| r.kpis[i]))
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
            let f = STAFF_FIELDS
                .iter()
                .position(|k| *k == field)
                .unwrap_or_default();
            let unit = if field == "on_time_share" {
                Unit::Share
            } else {
                Unit::Count
            };
            rows.push(row_of(
                &format!("staff.{}.{}", role.name, field),
                format!("{}: {}", role.label, staff_label(field)),
                unit,
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

fn kpi_label(info: &KpiInfo) -> String {
    info.label.to_string()
}

fn staff_label(field: &str) -> &'static str {
    match field {
        "fte_needed_mean" => "årsværk der skal til",
        "overdue_mean" => "forfaldne samtaler",
        "on_time_share" => "rettidighed",
        _ => "",
    }
}

fn row_of(
    key: &str,
    label: String,
    unit: Unit,
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
        unit,
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

/// An unknown effect a sensitivity sweep can vary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parameter {
    /// Lock-in multiplier of every stage.
    Lockin,
    /// After-offer effect multiplier of every stage.
    EffectAfter,
    ConversationEffect,
    EffectDecay,
    Sensitivity,
    Specificity,
    SwitchWeek,
}

impl Parameter {
    pub const ALL: [(Parameter, &'static str); 7] = [
        (Parameter::Lockin, "lockin"),
        (Parameter::EffectAfter, "effect_after"),
        (Parameter::ConversationEffect, "conversation_effect"),
        (Parameter::EffectDecay, "effect_decay"),
        (Parameter::Sensitivity, "sensitivity"),
        (Parameter::Specificity, "specificity"),
        (Parameter::SwitchWeek, "switch_week"),
    ];

    pub fn key(self) -> &'static str {
        Parameter::ALL
            .iter()
            .find(|(p, _)| *p == self)
            .map_or("", |(_, k)| k)
    }
}

/// `NAME=V1,V2,...` from the command line.
pub fn parse_vary(text: &str) -> Result<(Parameter, Vec<f64>), String> {
    let names: Vec<&str> = Parameter::ALL.iter().map(|(_, k)| *k).collect();
    let (name, values) = text.split_once('=').ok_or_else(|| {
        format!(
            "--vary needs NAME=V1,V2,..., e.g. lockin=0.3,0.5,0.8 (NAME one of {})",
            names.join(", ")
        )
    })?;
    let param = Parameter::ALL
        .iter()
        .find(|(_, k)| *k == name.trim())
        .map(|(p, _)| *p)
        .ok_or_else(|| {
            format!(
                "--vary: \"{name}\" cannot be varied; use one of {}",
                names.join(", ")
            )
        })?;
    let values = values
        .split(',')
        .map(|v| {
            v.trim()
                .parse::<f64>()
                .ok()
                .filter(|x| x.is_finite() && *x >= 0.0)
                .ok_or_else(|| format!("--vary {name}: \"{v}\" is not a number ≥ 0"))
        })
        .collect::<Result<Vec<f64>, String>>()?;
    if values.is_empty() {
        return Err(format!("--vary {name}: give at least one value"));
    }
    // The same ranges as in a scenario file.
    let (top, what) = match param {
        Parameter::Sensitivity | Parameter::Specificity => (1.0, "probabilities from 0 to 1"),
        Parameter::SwitchWeek => (520.0, "weeks from 0 to 520"),
        Parameter::EffectDecay => (10.0, "rates from 0 to 10 per week"),
        Parameter::Lockin | Parameter::EffectAfter | Parameter::ConversationEffect => (
            crate::scenario::validate::MAX_MULTIPLIER,
            "hazard multipliers from 0 to 100",
        ),
    };
    if values.iter().any(|v| *v > top) {
        return Err(format!("--vary {name}: values must be {what}"));
    }
    Ok((param, values))
}

/// The model and strategies with one parameter set to `value`.
pub fn apply(
    model: &Model,
    strategies: &[Strategy],
    param: Parameter,
    value: f64,
) -> (Model, Vec<Strategy>) {
    let mut m = model.clone();
    let rebuild = |s: &Strategy, sens: f64, spec: f64, switch_week: f64| {
        strategy::build(
            &s.name,
            s.kinds.clone(),
            switch_week,
            sens,
            spec,
            s.flag_cap_setting,
            &model.segments,
        )
    };
    let strategies = match param {
        Parameter::Lockin => {
            m.stages.iter_mut().for_each(|s| s.lockin = value);
            strategies.to_vec()
        }
        Parameter::EffectAfter => {
            m.stages.iter_mut().for_each(|s| s.effect_after = value);
            strategies.to_vec()
        }
        Parameter::ConversationEffect => {
            m.effects.conversation_effect = value;
            strategies.to_vec()
        }
        Parameter::EffectDecay => {
            m.effects.decay_per_week = value;
            strategies.to_vec()
        }
        Parameter::Sensitivity => strategies
            .iter()
            .map(|s| rebuild(s, value, s.specificity, s.switch_days / 7.0))
            .collect(),
        Parameter::Specificity => strategies
            .iter()
            .map(|s| rebuild(s, s.sensitivity, value, s.switch_days / 7.0))
            .collect(),
        Parameter::SwitchWeek => strategies
            .iter()
            .map(|s| rebuild(s, s.sensitivity, s.specificity, value))
            .collect(),
    };
    (m, strategies)
}

/// One value of a sensitivity sweep.
#[derive(Debug, Clone)]
pub struct SweepPoint {
    pub value: f64,
    /// The ranked figure per strategy.
    pub values: Vec<Summary>,
    /// Strategy names, lowest value first.
    pub ranking: Vec<String>,
    /// The best is ahead of the second with 95 % confidence (paired difference).
    pub clear_winner: bool,
}

/// A sensitivity sweep over one parameter.
#[derive(Debug, Clone)]
pub struct Sweep {
    pub parameter: Parameter,
    pub rank_by: String,
    pub strategies: Vec<String>,
    pub points: Vec<SweepPoint>,
}

impl Sweep {
    /// The ranking is the same at every value.
    pub fn ranking_stable(&self) -> bool {
        self.points.windows(2).all(|w| w[0].ranking == w[1].ranking)
    }
}

/// Repeat the comparison for each value of `param`, ranking strategies by the KPI `rank_by`.
#[allow(clippy::too_many_arguments)]
pub fn sweep(
    model: &Model,
    strategies: &[Strategy],
    param: Parameter,
    values: &[f64],
    rank_by: &str,
    replications: u32,
    seed: u64,
    threads: Option<usize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Sweep, String> {
    let k = KPIS.iter().position(|k| k.key == rank_by).ok_or_else(|| {
        format!(
            "--rank-by: \"{rank_by}\" is not a key figure; use one of {}",
            KPIS.iter().map(|k| k.key).collect::<Vec<_>>().join(", ")
        )
    })?;
    let mut points = Vec::new();
    for &value in values {
        let (m, s) = apply(model, strategies, param, value);
        let c = compare(&m, &s, replications, seed, threads, on_done)?;
        let row = &c.rows[k];
        let values = row.values.clone();
        let mut order: Vec<usize> = (0..values.len()).collect();
        order.sort_by(|&a, &b| values[a].mean.total_cmp(&values[b].mean));
        let clear_winner = match order.as_slice() {
            [best, second, ..] => {
                let diffs: Vec<f64> = row.samples[*second]
                    .iter()
                    .zip(&row.samples[*best])
                    .map(|(a, b)| a - b)
                    .collect();
                summarize(&diffs).ci95_low > 0.0
            }
            _ => true,
        };
        points.push(SweepPoint {
            value,
            ranking: order.iter().map(|&i| c.strategies[i].clone()).collect(),
            values,
            clear_winner,
        });
    }
    Ok(Sweep {
        parameter: param,
        rank_by: rank_by.to_string(),
        strategies: strategies.iter().map(|s| s.name.clone()).collect(),
        points,
    })
}
