//! The point grid: an axis for each discrete dimension, and one for the Latin hypercube's
//! samples of all continuous ranges.

use toml::Value;

use super::dimensions::{dimension, round_to, Body};
use super::problems::Problems;
use super::read::RawPlan;
use super::{Dimension, DimensionKind, MAX_POINTS};
use crate::model::Model;
use crate::scenario::error::FieldPath;
use crate::scenario::Override;
use crate::sweep::hypercube;

/// Decimals of a sampled (hypercube) value: enough for any setting, few enough to read.
const SAMPLE_DECIMALS: i32 = 6;

/// One level of an axis: the values of its columns and what they set.
#[derive(Debug, Clone)]
pub(super) struct Level {
    pub(super) values: Vec<Value>,
    pub(super) overrides: Vec<Override>,
    pub(super) strategy: Option<String>,
}

/// A factor of the point grid: a discrete dimension, or the hypercube (all its ranges at once).
pub(super) struct Axis {
    pub(super) columns: Vec<usize>,
    /// The analysis dimensions it sets (one for a discrete dimension, one per range of the
    /// hypercube).
    pub(super) dims: Vec<usize>,
    pub(super) levels: Vec<Level>,
}

/// A continuous range waiting for the hypercube.
struct Range {
    path: String,
    origin: String,
    column: usize,
    dim: usize,
    from: f64,
    to: f64,
    integer: bool,
}

pub(super) type Grid = (Vec<String>, Vec<Dimension>, Vec<Axis>, Option<(usize, u64)>);

/// The columns, dimensions and axes of the point grid.
pub(super) fn grid(
    raw: &RawPlan,
    model: &Model,
    seed: u64,
    problems: &mut Problems<'_>,
) -> Option<Grid> {
    let root = FieldPath::default();
    if raw.dimensions.is_empty() {
        problems.add(
            &root,
            "a plan needs at least one [[dimensions]] table, e.g. path = \"stages.virksomhedscenter.capacity\" with values = [60, 80, 100]",
        );
        return None;
    }
    let mut columns: Vec<String> = Vec::new();
    let mut dimensions = Vec::new();
    let mut axes = Vec::new();
    let mut ranges = Vec::new();
    for (d, rd) in raw.dimensions.iter().enumerate() {
        let at = root.key("dimensions").index(d);
        let cols_before = columns.len();
        let Some(found) = dimension(rd, &at, raw.hypercube.is_some(), model, problems) else {
            continue;
        };
        for (name, at_col) in &found.columns {
            if columns.contains(name) {
                problems.add(
                    at_col,
                    format!("`{name}` is already a dimension; each path may be varied once"),
                );
            }
            columns.push(name.clone());
        }
        let cols: Vec<usize> = (cols_before..columns.len()).collect();
        match found.body {
            Body::Levels(kind, levels) => {
                axes.push(Axis {
                    columns: cols.clone(),
                    dims: vec![dimensions.len()],
                    levels: levels.clone(),
                });
                dimensions.push(Dimension {
                    name: found.name,
                    kind,
                    columns: cols,
                    levels: levels.into_iter().map(|l| l.values).collect(),
                });
            }
            Body::Range {
                path,
                from,
                to,
                integer,
            } => {
                ranges.push(Range {
                    origin: problems.origin(&at.key("path")),
                    path,
                    column: cols[0],
                    dim: dimensions.len(),
                    from,
                    to,
                    integer,
                });
                dimensions.push(Dimension {
                    name: found.name,
                    kind: DimensionKind::Hypercube,
                    columns: cols,
                    levels: Vec::new(),
                });
            }
        }
    }
    let hypercube = match &raw.hypercube {
        Some(h) => {
            let at = root.key("hypercube");
            if !(1..=MAX_POINTS).contains(&h.n) {
                problems.add(&at.key("n"), format!("n must be from 1 to {MAX_POINTS}"));
                return None;
            }
            if ranges.is_empty() {
                problems.add(&at, "the hypercube has no range to sample: give a dimension `from` and `to` without `step`");
                return None;
            }
            let hseed = h.seed.unwrap_or(seed);
            axes.push(hypercube_axis(&ranges, h.n, hseed));
            Some((h.n, hseed))
        }
        None => None,
    };
    let total = axes
        .iter()
        .try_fold(1usize, |n, a| n.checked_mul(a.levels.len()))
        .filter(|n| *n <= MAX_POINTS);
    if total.is_none() {
        problems.add(
            &root.key("dimensions"),
            format!("the plan has more than {MAX_POINTS} points; sweep fewer values at a time"),
        );
        return None;
    }
    Some((columns, dimensions, axes, hypercube))
}

/// The hypercube's `n` samples of every continuous range, as one axis.
fn hypercube_axis(ranges: &[Range], n: usize, seed: u64) -> Axis {
    let unit = hypercube::unit_sample(n, ranges.len(), seed);
    let levels = unit
        .iter()
        .map(|u| {
            let values: Vec<Value> = ranges
                .iter()
                .zip(u)
                .map(|(r, u)| {
                    let x = r.from + u * (r.to - r.from);
                    if r.integer {
                        Value::Integer(x.round() as i64)
                    } else {
                        Value::Float(round_to(x, SAMPLE_DECIMALS))
                    }
                })
                .collect();
            Level {
                overrides: ranges
                    .iter()
                    .zip(&values)
                    .map(|(r, v)| Override::new(r.path.clone(), v.clone(), r.origin.clone()))
                    .collect(),
                values,
                strategy: None,
            }
        })
        .collect();
    Axis {
        columns: ranges.iter().map(|r| r.column).collect(),
        dims: ranges.iter().map(|r| r.dim).collect(),
        levels,
    }
}
