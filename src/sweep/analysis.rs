//! What a sweep's points say: which meet the constraints, the best of those for the objective,
//! the Pareto front of two figures (the points no other point beats on both), and each
//! dimension's main effect on each figure: the mean of the figure at each level of the
//! dimension, over all the other dimensions, and how far apart the levels are. A large spread
//! is a lever that moves the figure; a small one is a setting the figure does not care about.

use toml::Value;

use super::plan::{DimensionKind, Goal, Plan};
use super::PointResult;
use crate::sizing::Op;

/// Most bins a hypercube range is cut into for its main effect.
pub const RANGE_BINS: usize = 5;

/// One constraint at one point, judged on the mean.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Check {
    pub mean: f64,
    pub met: bool,
    /// The whole 95 % interval is on the same side as the mean: more replications would not
    /// change the verdict.
    pub certain: bool,
}

/// A figure's mean at one level of a dimension.
#[derive(Debug, Clone, PartialEq)]
pub struct LevelMean {
    /// The level's values (one per column of the dimension); empty for a bin of a range.
    pub values: Vec<Value>,
    /// The lowest and highest value in a bin of a hypercube range.
    pub bin: Option<(f64, f64)>,
    pub mean: f64,
    /// Points at this level with the figure defined.
    pub points: usize,
}

/// One dimension's main effect on one figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Effect {
    pub dimension: usize,
    /// Position in the plan's [`super::FigureList`].
    pub figure: usize,
    pub levels: Vec<LevelMean>,
    /// Highest minus lowest level mean (NaN with fewer than two levels defined).
    pub spread: f64,
}

/// Everything the sweep shows, for the results present.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// Per result, each constraint.
    pub checks: Vec<Vec<Check>>,
    /// Per result: every constraint met (on the mean).
    pub feasible: Vec<bool>,
    /// Results that meet the constraints and have an objective value, best first.
    pub best: Vec<usize>,
    /// Results on the Pareto front of every point (feasible or not), best first on the first
    /// figure.
    pub pareto: Vec<usize>,
    pub effects: Vec<Effect>,
}

/// Analyse `results` (in point order) of `plan`.
pub fn analyse(plan: &Plan, results: &[PointResult]) -> Analysis {
    let value = |r: &PointResult, g: &Goal| r.figures[plan.figures.index_of(g.metric)].mean;
    let checks: Vec<Vec<Check>> = results
        .iter()
        .map(|r| {
            plan.constraints
                .iter()
                .map(|t| {
                    let s = r.figures[plan.figures.index_of(t.metric)];
                    let met = s.mean.is_finite() && t.op.holds(s.mean, t.value);
                    let far_edge = match t.op {
                        Op::Le | Op::Lt => s.ci95_high,
                        Op::Ge | Op::Gt => s.ci95_low,
                        Op::Eq => f64::NAN,
                    };
                    let certain = far_edge.is_finite()
                        && (t.op.holds(far_edge, t.value) == met)
                        && t.op != Op::Eq;
                    Check {
                        mean: s.mean,
                        met,
                        certain,
                    }
                })
                .collect()
        })
        .collect();
    let feasible: Vec<bool> = checks.iter().map(|c| c.iter().all(|x| x.met)).collect();
    let mut best: Vec<usize> = match &plan.objective {
        Some(g) => (0..results.len())
            .filter(|&i| feasible[i] && value(&results[i], g).is_finite())
            .collect(),
        None => Vec::new(),
    };
    if let Some(g) = &plan.objective {
        // A stable sort: equal values keep point order.
        best.sort_by(|&a, &b| g.ranks_before(value(&results[a], g), value(&results[b], g)));
    }
    // The front is over every point, so it shows what the constraints cost; the table marks
    // the points that meet them.
    let pareto = match &plan.pareto {
        Some([x, y]) => {
            let points: Vec<(usize, f64, f64)> = (0..results.len())
                .map(|i| (i, value(&results[i], x), value(&results[i], y)))
                .collect();
            front(&points, x, y)
        }
        None => Vec::new(),
    };
    Analysis {
        checks,
        feasible,
        best,
        pareto,
        effects: effects(plan, results),
    }
}

/// The points no other point beats on both figures (ties: the first in point order), best
/// first on `x`.
fn front(points: &[(usize, f64, f64)], x: &Goal, y: &Goal) -> Vec<usize> {
    let mut sorted: Vec<&(usize, f64, f64)> = points
        .iter()
        .filter(|p| p.1.is_finite() && p.2.is_finite())
        .collect();
    sorted.sort_by(|a, b| {
        x.ranks_before(a.1, b.1)
            .then(y.ranks_before(a.2, b.2))
            .then(a.0.cmp(&b.0))
    });
    let mut out = Vec::new();
    let mut best_y: Option<f64> = None;
    for p in sorted {
        // Later points are no better on x; keep one only if it is strictly better on y.
        if best_y.is_none_or(|b| y.ranks_before(p.2, b) == std::cmp::Ordering::Less) {
            out.push(p.0);
            best_y = Some(p.2);
        }
    }
    out
}

/// The points at one level of a dimension: the level's values (or a bin's lowest and highest
/// value) and the positions of the results there.
type Group = (Vec<Value>, Option<(f64, f64)>, Vec<usize>);

/// Groups of result positions by level of dimension `d`, with what each level is.
fn groups(plan: &Plan, results: &[PointResult], d: usize) -> Vec<Group> {
    let dim = &plan.dimensions[d];
    if dim.kind != DimensionKind::Hypercube {
        return dim
            .levels
            .iter()
            .enumerate()
            .map(|(l, values)| {
                let members = (0..results.len())
                    .filter(|&i| plan.points[results[i].index].levels[d] == l)
                    .collect();
                (values.clone(), None, members)
            })
            .collect();
    }
    // A sampled range: every point has its own value, so cut the points, ordered by value,
    // into bins of (nearly) equal size.
    let column = dim.columns[0];
    let x = |i: usize| match &plan.points[results[i].index].values[column] {
        Value::Integer(v) => *v as f64,
        Value::Float(v) => *v,
        _ => f64::NAN,
    };
    let mut order: Vec<usize> = (0..results.len()).collect();
    order.sort_by(|&a, &b| x(a).total_cmp(&x(b)).then(a.cmp(&b)));
    let bins = RANGE_BINS.min(order.len());
    (0..bins)
        .map(|b| {
            let members: Vec<usize> =
                order[b * order.len() / bins..(b + 1) * order.len() / bins].to_vec();
            let lo = members.first().map_or(f64::NAN, |&i| x(i));
            let hi = members.last().map_or(f64::NAN, |&i| x(i));
            (Vec::new(), Some((lo, hi)), members)
        })
        .collect()
}

/// Every dimension's main effect on every figure.
fn effects(plan: &Plan, results: &[PointResult]) -> Vec<Effect> {
    let mut out = Vec::new();
    for d in 0..plan.dimensions.len() {
        let groups = groups(plan, results, d);
        for f in 0..plan.figures.entries.len() {
            let levels: Vec<LevelMean> = groups
                .iter()
                .map(|(values, bin, members)| {
                    let defined: Vec<f64> = members
                        .iter()
                        .map(|&i| results[i].figures[f].mean)
                        .filter(|v| v.is_finite())
                        .collect();
                    LevelMean {
                        values: values.clone(),
                        bin: *bin,
                        mean: crate::stats::mean(&defined),
                        points: defined.len(),
                    }
                })
                .collect();
            let means: Vec<f64> = levels
                .iter()
                .map(|l| l.mean)
                .filter(|m| m.is_finite())
                .collect();
            let spread = if means.len() < 2 {
                f64::NAN
            } else {
                means.iter().copied().fold(f64::MIN, f64::max)
                    - means.iter().copied().fold(f64::MAX, f64::min)
            };
            out.push(Effect {
                dimension: d,
                figure: f,
                levels,
                spread,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::Kpi;
    use crate::sizing::Metric;

    #[test]
    fn the_front_keeps_only_points_nobody_beats_on_both() {
        let cost = Goal {
            metric: Metric::Kpi(Kpi::CostTotalDkk),
            maximize: false,
        };
        let mal2 = Goal {
            metric: Metric::Kpi(Kpi::Mal2Selfsufficient4w),
            maximize: true,
        };
        // (point, cost, mål 2): 1 is beaten by 0 on both; 3 ties 2 on cost and is worse.
        let points = [
            (0, 10.0, 0.5),
            (1, 12.0, 0.4),
            (2, 15.0, 0.6),
            (3, 15.0, 0.55),
            (4, 20.0, 0.7),
            (5, 25.0, f64::NAN),
        ];
        assert_eq!(front(&points, &cost, &mal2), [0, 2, 4]);
    }
}
