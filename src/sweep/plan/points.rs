//! The points of a plan: the product of the grid's axes, and the check of each value as the
//! scenario checks it.

use toml::Value;

use super::grid::Axis;
use super::problems::Problems;
use crate::scenario::{Override, Problem, Scenario};
use crate::sweep::PointSpec;

/// The point at one level of each axis.
fn point_at(axes: &[Axis], at: &[usize], index: usize, columns: usize, dims: usize) -> PointSpec {
    let mut p = PointSpec {
        index,
        values: vec![Value::Boolean(false); columns],
        levels: vec![0; dims],
        overrides: Vec::new(),
        strategy: None,
    };
    for (axis, &l) in axes.iter().zip(at) {
        let level = &axis.levels[l];
        for (c, v) in axis.columns.iter().zip(&level.values) {
            p.values[*c] = v.clone();
        }
        for &d in &axis.dims {
            p.levels[d] = l;
        }
        p.overrides.extend(level.overrides.iter().cloned());
        if level.strategy.is_some() {
            p.strategy = level.strategy.clone();
        }
    }
    p
}

/// Every point: the product of the axes, the first dimension slowest, the hypercube fastest.
pub(super) fn expand(axes: &[Axis], columns: usize, dims: usize) -> Vec<PointSpec> {
    let total: usize = axes.iter().map(|a| a.levels.len()).product();
    (0..total)
        .map(|index| {
            let mut rest = index;
            let mut at = vec![0; axes.len()];
            for (a, axis) in axes.iter().enumerate().rev() {
                at[a] = rest % axis.levels.len();
                rest /= axis.levels.len();
            }
            point_at(axes, &at, index, columns, dims)
        })
        .collect()
}

/// Check every value of every axis as the scenario checks it: the first point, and each level of
/// each axis with the others at their first. Checking every combination would cost as much as
/// planning a large sweep twice; a combination no single value shows wrong is reported when its
/// point runs.
pub(super) fn check_points(
    scenario: &Scenario,
    axes: &[Axis],
    (columns, dims): (usize, usize),
    problems: &mut Problems<'_>,
) {
    let mut tried = vec![vec![0; axes.len()]];
    for (a, axis) in axes.iter().enumerate() {
        for l in 1..axis.levels.len() {
            let mut at = vec![0; axes.len()];
            at[a] = l;
            tried.push(at);
        }
    }
    let models = crate::sweep::Models::new(scenario);
    for at in tried {
        let p = point_at(axes, &at, 0, columns, dims);
        if models.checked(&p).is_some() {
            continue;
        }
        if let Err(e) = point_problems(scenario, &p) {
            problems.list.extend(e);
        }
    }
}

/// The problems of one point's model, each named by the plan line that caused it (strategies
/// are checked where the plan names them).
fn point_problems(scenario: &Scenario, p: &PointSpec) -> Result<(), Vec<Problem>> {
    scenario
        .with(&p.overrides)
        .map_err(|e| {
            let settings: Vec<String> = p.overrides.iter().map(Override::text).collect();
            e.problems
                .into_iter()
                .map(|mut problem| {
                    if problem.origin.is_none() {
                        // Caused in another part of the scenario: say where, and by which values.
                        problem.origin = Some(match problem.location.take() {
                            Some(l) => format!("{}:{}:{}", e.file, l.line, l.column),
                            None => e.file.clone(),
                        });
                        problem.message =
                            format!("{} (with {})", problem.message, settings.join(", "));
                    }
                    problem
                })
                .collect::<Vec<_>>()
        })
        .map(|_| ())
}
