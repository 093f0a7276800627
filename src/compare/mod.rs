//! Comparisons under common random numbers: columns (strategies on one scenario, or scenarios
//! and variants side by side) run on the same seeds, so every citizen arrives at the same time
//! with the same segment, risk and random draws, and differences come from what differs between
//! the columns, not from chance. Paired differences against the first column carry their own
//! 95 % intervals; the unpaired interval is kept beside them to show what pairing buys.
//! [`columns`] builds the columns and says what differs in each; [`vary`] repeats a comparison
//! over values of one setting.

pub mod columns;
pub mod vary;

pub use columns::{scenario_columns, strategy_columns, Column};
pub use vary::{
    parse_vary, sweep, vary_label, vary_points, Point, Setting, Sweep, SweepPoint, Vary, VaryValue,
    VARY_NAMES,
};

use crate::figures::{Figure, KPIS, STAFF_FIGURES, STAGE_FIGURES};
use crate::lang::Text;
use crate::model::{Model, Strategy};
use crate::replication::Replication;
use crate::report::{self, Report};
use crate::runner::run_replications;
use crate::stats::{t_quantile_975, Summarizer, Summary};
use crate::strategy;

/// Staff figures shown in comparisons.
pub const STAFF_ROWS: [&str; 3] = ["fte_needed_mean", "overdue_mean", "on_time_share"];

/// Stage figures shown in comparisons (the first also in the terminal table).
pub const STAGE_ROWS: [&str; 4] = [
    "wait_days_mean",
    "wait_all_days_mean",
    "wait_days_p90",
    "utilisation",
];

/// One figure compared across columns.
#[derive(Debug, Clone)]
pub struct Row {
    /// KPI key, `stages.<stage>.<figure>` or `staff.<role>.<figure>`.
    pub key: String,
    pub label: Text,
    /// The figure compared, from the catalogue.
    pub figure: Figure,
    /// Per column, in comparison order.
    pub values: Vec<Summary>,
    /// Per column: the paired difference against the first (the first's own is zero).
    pub paired: Vec<Summary>,
    /// Per column: half-width of the unpaired 95 % interval of the same difference.
    pub unpaired_half_width: Vec<f64>,
    /// Per column, the value in each replication (for further paired differences).
    pub samples: Vec<Vec<f64>>,
}

/// A whole comparison.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub scenario: String,
    pub replications: u32,
    pub seed: u64,
    /// "strategies" (one scenario, several strategies) or "scenarios" (files and variants).
    pub mode: &'static str,
    /// Column names, in order: strategies, or scenario files and variants.
    pub strategies: Vec<String>,
    /// Per column: what differs from the first column (nothing for the first).
    pub differs: Vec<Vec<Text>>,
    pub reports: Vec<Report>,
    pub rows: Vec<Row>,
    pub warnings: Vec<Text>,
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

/// Run every strategy on `model` with the same seeds and compare.
pub fn compare(
    model: &Model,
    strategies: &[Strategy],
    replications: u32,
    seed: u64,
    threads: Option<usize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Comparison, String> {
    let columns = columns::of_strategies(model, strategies);
    compare_columns("strategies", &columns, replications, seed, threads, on_done)
}

/// Run every column on the same seeds and compare them with the first.
pub fn compare_columns(
    mode: &'static str,
    columns: &[Column],
    replications: u32,
    seed: u64,
    threads: Option<usize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Comparison, String> {
    let mut runs = Vec::new();
    for c in columns {
        runs.push(run_replications(
            &c.model,
            replications,
            seed,
            threads,
            on_done,
        )?);
    }
    Ok(compare_runs(mode, columns, &runs, replications, seed))
}

/// The comparison of columns already run on the same seeds (`runs` in column order).
pub fn compare_runs(
    mode: &'static str,
    columns: &[Column],
    runs: &[Vec<Replication>],
    replications: u32,
    seed: u64,
) -> Comparison {
    let mut warnings = Vec::new();
    for c in columns {
        if let Some(s) = &c.model.strategy {
            warnings.extend(strategy::warnings(s, &c.model.segments));
        }
    }
    let reports = columns
        .iter()
        .zip(runs)
        .map(|(c, reps)| report::build(&c.model, seed, reps))
        .collect();
    let rows = rows(columns, runs);
    // In the English order, as the JSON has always listed them.
    warnings.sort_by(|a: &Text, b: &Text| a.en.cmp(&b.en));
    warnings.dedup();
    Comparison {
        scenario: columns
            .first()
            .map_or(String::new(), |c| c.model.name.clone()),
        replications,
        seed,
        mode,
        strategies: columns.iter().map(|c| c.name.clone()).collect(),
        differs: columns.iter().map(|c| c.differs.clone()).collect(),
        reports,
        rows,
        warnings,
    }
}

/// Every key figure, then the stage and staff figures of the stages and roles every column has
/// (matched by name, so scenarios whose files list them in another order still compare).
fn rows(columns: &[Column], runs: &[Vec<Replication>]) -> Vec<Row> {
    let reps: Vec<&[Replication]> = runs.iter().map(Vec::as_slice).collect();
    let mut rows: Vec<Row> = KPIS
        .iter()
        .enumerate()
        .map(|(i, f)| row_of(f.key, Text::new(f.da, f.en), *f, &reps, |_, r| r.kpis[i]))
        .collect();
    let Some(first) = columns.first() else {
        return rows;
    };
    for stage in first.model.stages.iter().filter(|s| s.offer) {
        let Some(at) = positions(columns, |m| m.stage_index(&stage.name)) else {
            continue;
        };
        for &field in &STAGE_ROWS {
            let f = crate::figures::stage_figure(field).unwrap_or_default();
            let figure = STAGE_FIGURES[f];
            rows.push(row_of(
                &format!("stages.{}.{}", stage.name, field),
                Text::by(|l| format!("{}: {}", stage.label, figure.label(l).to_lowercase())),
                figure,
                &reps,
                |c, x| x.stages[at[c]].values()[f],
            ));
        }
    }
    for role in &first.model.staff {
        let Some(at) = positions(columns, |m| {
            m.staff.iter().position(|r| r.name == role.name)
        }) else {
            continue;
        };
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
                Text::by(|l| format!("{}: {}", role.label, figure.label(l))),
                figure,
                &reps,
                |c, x| x.staff[at[c]].values()[f],
            ));
        }
    }
    rows
}

/// The position of an item in every column's model, or `None` if a column lacks it.
fn positions(columns: &[Column], find: impl Fn(&Model) -> Option<usize>) -> Option<Vec<usize>> {
    columns.iter().map(|c| find(&c.model)).collect()
}

fn row_of(
    key: &str,
    label: Text,
    figure: Figure,
    reps: &[&[Replication]],
    value: impl Fn(usize, &Replication) -> f64,
) -> Row {
    let per: Vec<Vec<f64>> = reps
        .iter()
        .enumerate()
        .map(|(c, r)| r.iter().map(|x| value(c, x)).collect())
        .collect();
    let base = &per[0];
    // Every column has the same replications: one t quantile serves all the summaries of a row.
    let summarizer = Summarizer::new(base.len());
    let values: Vec<Summary> = per.iter().map(|v| summarizer.summarize(v)).collect();
    let paired = per
        .iter()
        .map(|v| {
            // Replication r of every strategy saw the same citizens: difference them pairwise.
            let diffs: Vec<f64> = v.iter().zip(base).map(|(a, b)| a - b).collect();
            summarizer.summarize(&diffs)
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
