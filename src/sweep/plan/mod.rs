//! Sweep plans: a TOML file that names a base scenario (relative to the plan) and the
//! dimensions to vary by their `--set` paths: lists of values, ranges (`from`, `to`, `step`),
//! linked dimensions whose values move together, strategies, and a Latin hypercube of `n` points
//! over continuous ranges; with replications, seed, threads, an objective, constraints, the two
//! figures of a Pareto front and further figures to show. Reading a plan expands it into its
//! points, each a list of overrides on the base scenario, and checks the values as the scenario
//! checks them, before anything runs. Every problem names the plan's file, line and column.
//!
//! The work is split by job: this file holds the checked plan and its parts; `read` the file's
//! TOML shape and the reading of it; `problems` the located problems; `goals` the objective,
//! constraints and figures; `dimensions` each `[[dimensions]]` table; `grid` the axes of the
//! point grid with the hypercube; `points` the points they expand to and their check.

mod dimensions;
mod goals;
mod grid;
mod points;
mod problems;
mod read;

use std::path::Path;

use toml::Value;

use super::{FigureList, PointSpec};
use crate::scenario::{Scenario, Source};
use crate::sizing::target::{Metric, Target};

/// Most points a plan may expand to: far beyond what a job centre's questions need, and few
/// enough to check and list in memory.
pub const MAX_POINTS: usize = 100_000;

/// A figure and the way it should go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Goal {
    pub metric: Metric,
    pub maximize: bool,
}

impl Goal {
    /// `a` is better than `b` (NaN last).
    pub fn ranks_before(&self, a: f64, b: f64) -> std::cmp::Ordering {
        let (a, b) = if self.maximize { (-a, -b) } else { (a, b) };
        match (a.is_nan(), b.is_nan()) {
            (false, true) => std::cmp::Ordering::Less,
            (true, false) => std::cmp::Ordering::Greater,
            _ => a.total_cmp(&b),
        }
    }

    pub fn word(&self) -> &'static str {
        if self.maximize {
            "max"
        } else {
            "min"
        }
    }
}

/// How a dimension spreads its values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DimensionKind {
    Values,
    Range,
    Linked,
    Strategy,
    /// A continuous range sampled by the Latin hypercube.
    Hypercube,
}

/// One dimension of the plan, as main effects read it.
#[derive(Debug, Clone, PartialEq)]
pub struct Dimension {
    pub name: String,
    pub kind: DimensionKind,
    /// The parameter columns it sets.
    pub columns: Vec<usize>,
    /// The values of each level, one per column; empty for a hypercube range (every point has
    /// its own value).
    pub levels: Vec<Vec<Value>>,
}

/// A checked plan, expanded into its points.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The plan's file, for messages.
    pub file: String,
    /// The plan as written (kept with the results, for `sweep merge`).
    pub text: String,
    pub name: Option<String>,
    pub description: Option<String>,
    pub scenario: Scenario,
    /// Hash of the base scenario's text ([`super::store::scenario_hash`]).
    pub scenario_hash: String,
    pub replications: u32,
    pub seed: u64,
    pub threads: Option<usize>,
    /// Parameter columns: a path, or `strategy`.
    pub columns: Vec<String>,
    pub dimensions: Vec<Dimension>,
    pub points: Vec<PointSpec>,
    /// Every figure a point records, from the base scenario.
    pub figures: FigureList,
    pub objective: Option<Goal>,
    pub constraints: Vec<Target>,
    pub pareto: Option<[Goal; 2]>,
    /// Figures shown on screen beside the objective, constraints and Pareto figures.
    pub show: Vec<Metric>,
    /// Points and seed of the hypercube, if the plan has one.
    pub hypercube: Option<(usize, u64)>,
}

/// Where the base scenario comes from.
pub enum Base<'a> {
    /// The plan's `scenario`, relative to this directory (the embedded default without it).
    NextTo(&'a Path),
    /// Given whole: the copy kept in a sweep's directory.
    Given(Source),
}

impl Plan {
    /// Every figure the screen shows: the objective's, the constraints', the Pareto front's and
    /// `show`, each once, in that order.
    pub fn shown_figures(&self) -> Vec<Metric> {
        let mut out: Vec<Metric> = Vec::new();
        let all = self
            .objective
            .iter()
            .map(|g| g.metric)
            .chain(self.constraints.iter().map(|t| t.metric))
            .chain(self.pareto.iter().flatten().map(|g| g.metric))
            .chain(self.show.iter().copied());
        for m in all {
            if !out.contains(&m) {
                out.push(m);
            }
        }
        out
    }
}
