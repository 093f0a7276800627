//! Scenario sweeps (`kapacitet sweep PLAN.toml`): many variants of one scenario in one run. A
//! plan ([`plan`]) names a base scenario and its dimensions by `--set` paths and expands into
//! points, each a list of overrides; [`run`] runs the points on the same replication seeds
//! (common random numbers), replications and points in parallel; [`store`] appends each finished
//! point to `DIR/points.jsonl` so a sweep resumes where it stopped; [`shard`] splits the points
//! over the tasks of an array job and [`merge`] joins their directories; [`analysis`] finds the
//! best points, the Pareto front and each dimension's main effect. A one-dimensional sweep is
//! [`run::reports`] over points of one override each.

pub mod analysis;
pub mod hypercube;
pub mod merge;
pub mod plan;
pub mod run;
pub mod shard;
pub mod store;

use crate::binned::WaitBins;
use crate::figures::{Figure, KPIS, STAFF_FIGURES, STAGE_FIGURES};
use crate::model::Model;
use crate::replication::{Replication, POOLED_STAGE_FIELDS, STAGE_FIGURE_COUNT};
use crate::scenario::{Override, Scenario};
use crate::sizing::Metric;
use crate::stats::{Pooled, Summarizer, Summary};

pub use plan::Plan;
pub use shard::Shard;

/// One point of a sweep: the overrides that make it from the base scenario, and the strategy it
/// runs (a strategy dimension; `None` keeps the scenario's own).
#[derive(Debug, Clone, PartialEq)]
pub struct PointSpec {
    /// Position in the plan, from 0: the order of points.csv and of `--shard`.
    pub index: usize,
    /// One value per parameter column of the plan (see [`Plan::columns`]).
    pub values: Vec<toml::Value>,
    /// The level of each dimension at this point (for main effects).
    pub levels: Vec<usize>,
    pub overrides: Vec<Override>,
    pub strategy: Option<String>,
}

impl PointSpec {
    /// A point of a one-dimensional sweep: one override, no strategy.
    pub fn single(index: usize, o: Override) -> PointSpec {
        PointSpec {
            index,
            values: vec![o.value.clone()],
            levels: vec![index],
            overrides: vec![o],
            strategy: None,
        }
    }

    /// The model at this point: the base scenario with the point's overrides, read and checked
    /// like the file, and its strategy resolved as `compare --strategy` resolves one.
    pub fn model(&self, scenario: &Scenario) -> Result<Model, String> {
        let mut model = scenario.with(&self.overrides).map_err(|e| e.to_string())?;
        if let Some(name) = &self.strategy {
            let mut resolved = crate::compare::resolve(&model, std::slice::from_ref(name))?;
            model.strategy = resolved.pop();
        }
        Ok(model)
    }
}

/// Models of points derived from one parsed copy of the base scenario. `Scenario::with` parses
/// the scenario's text anew for every model, which for a cheap scenario costs half as much as a
/// replication; here the text is parsed once for the whole sweep and each point only changes a
/// copy of the parsed table, reads it and checks it, the same steps `Scenario::with` takes after
/// parsing (docs/performance.md). The model is the one `Scenario::with` gives, without its notes
/// on how the file is written (the base scenario's check gave those). A point with a problem
/// goes through [`PointSpec::model`] for the located message.
pub struct Models<'a> {
    scenario: &'a Scenario,
    table: toml::Table,
}

impl<'a> Models<'a> {
    pub fn new(scenario: &'a Scenario) -> Models<'a> {
        Models {
            scenario,
            table: scenario.table(),
        }
    }

    /// The model at `p`, as [`PointSpec::model`] gives it.
    pub fn model(&self, p: &PointSpec) -> Result<Model, String> {
        let Some(mut model) = self.checked(p) else {
            return p.model(self.scenario);
        };
        if let Some(name) = &p.strategy {
            let mut resolved = crate::compare::resolve(&model, std::slice::from_ref(name))?;
            model.strategy = resolved.pop();
        }
        Ok(model)
    }

    /// The model at `p` before its strategy, if its overrides make a valid scenario.
    pub fn checked(&self, p: &PointSpec) -> Option<Model> {
        use serde::Deserialize;
        if p.overrides.is_empty() {
            return Some(self.scenario.model.clone());
        }
        let mut table = self.table.clone();
        for o in &p.overrides {
            crate::scenario::overrides::apply(&mut table, o).ok()?;
        }
        let raw = crate::scenario::RawScenario::deserialize(toml::Value::Table(table)).ok()?;
        crate::scenario::validate::validate(&raw).ok()
    }
}

/// Where a figure belongs: the key figures, a stage, or a staff role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    Kpi,
    Stage(String),
    Staff(String),
}

/// One figure a point records.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRef {
    /// Stable key: a key figure's key, `STAGE.FIELD` or `ROLE.FIELD`.
    pub key: String,
    pub scope: Scope,
    pub figure: &'static Figure,
}

/// Every figure a point records, in one order: the key figures, then each stage's figures, then
/// each staff role's, as the catalogue lists them and the base scenario orders its stages and
/// roles. Columns of points.csv, rows of results.csv and lookups of targets all follow it.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureList {
    pub entries: Vec<FigureRef>,
    stages: usize,
}

impl FigureList {
    pub fn of(model: &Model) -> FigureList {
        let mut entries: Vec<FigureRef> = KPIS
            .iter()
            .map(|f| FigureRef {
                key: f.key.to_string(),
                scope: Scope::Kpi,
                figure: f,
            })
            .collect();
        for s in &model.stages {
            entries.extend(STAGE_FIGURES.iter().map(|f| FigureRef {
                key: format!("{}.{}", s.name, f.key),
                scope: Scope::Stage(s.name.clone()),
                figure: f,
            }));
        }
        for r in &model.staff {
            entries.extend(STAFF_FIGURES.iter().map(|f| FigureRef {
                key: format!("{}.{}", r.name, f.key),
                scope: Scope::Staff(r.name.clone()),
                figure: f,
            }));
        }
        FigureList {
            entries,
            stages: model.stages.len(),
        }
    }

    /// Position of a target's figure in the list.
    pub fn index_of(&self, metric: Metric) -> usize {
        match metric {
            Metric::Kpi(k) => k as usize,
            Metric::Stage(s, f) => KPIS.len() + s * STAGE_FIGURES.len() + f,
            Metric::Staff(r, f) => {
                KPIS.len() + self.stages * STAGE_FIGURES.len() + r * STAFF_FIGURES.len() + f
            }
        }
    }
}

/// Every figure of one point over its replications, in [`FigureList`] order: the same
/// statistics `kapacitet run` reports, without the weekly and monthly tables a sweep does not
/// keep. The t quantile is computed once per number of replications, not once per figure.
pub fn summaries(model: &Model, reps: &[Replication]) -> Vec<Summary> {
    let summarizer = Summarizer::new(reps.len());
    let column = |values: Vec<f64>| summarizer.summarize(&values);
    let mut out: Vec<Summary> = (0..KPIS.len())
        .map(|i| column(reps.iter().map(|r| r.kpis[i]).collect()))
        .collect();
    for s in 0..model.stages.len() {
        let rows: Vec<[f64; STAGE_FIGURE_COUNT]> =
            reps.iter().map(|r| r.stages[s].values()).collect();
        let first = out.len();
        out.extend((0..STAGE_FIGURES.len()).map(|f| column(rows.iter().map(|v| v[f]).collect())));
        // Pooled percentiles are formed from every replication's waits together, as in `run`.
        let waits: Vec<&WaitBins> = reps.iter().map(|r| &r.waits[s]).collect();
        let pooled = Pooled::new(&waits);
        for (key, q) in POOLED_STAGE_FIELDS {
            if let Some(i) = crate::figures::stage_figure(key) {
                out[first + i] = pooled.quantile(q);
            }
        }
    }
    for r in 0..model.staff.len() {
        let rows: Vec<[f64; 13]> = reps.iter().map(|x| x.staff[r].values()).collect();
        out.extend((0..STAFF_FIGURES.len()).map(|f| column(rows.iter().map(|v| v[f]).collect())));
    }
    out
}

/// The result of one point: its figures in [`FigureList`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct PointResult {
    pub index: usize,
    pub figures: Vec<Summary>,
}
