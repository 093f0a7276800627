//! One `[[dimensions]]` table, checked: a path with a list or a stepped range, linked paths,
//! strategies, or a continuous range for the hypercube.

use toml::Value;

use super::grid::Level;
use super::problems::Problems;
use super::read::RawDimension;
use super::{DimensionKind, MAX_POINTS};
use crate::model::Model;
use crate::scenario::error::FieldPath;
use crate::scenario::Override;

/// The values of one member of a dimension, before expansion.
enum Spread {
    List(Vec<Value>),
    Continuous { from: f64, to: f64, integer: bool },
}

/// What one `[[dimensions]]` table holds, checked.
pub(super) struct Found {
    pub(super) name: String,
    /// Column names, with where each is written.
    pub(super) columns: Vec<(String, FieldPath)>,
    pub(super) body: Body,
}

pub(super) enum Body {
    Levels(DimensionKind, Vec<Level>),
    Range {
        path: String,
        from: f64,
        to: f64,
        integer: bool,
    },
}

/// One `[[dimensions]]` table: a path with values or a range, linked paths, or strategies.
pub(super) fn dimension(
    rd: &RawDimension,
    at: &FieldPath,
    hypercube: bool,
    model: &Model,
    problems: &mut Problems<'_>,
) -> Option<Found> {
    let shapes = [
        rd.path.is_some(),
        rd.linked.is_some(),
        rd.strategy.is_some(),
    ];
    if shapes.iter().filter(|s| **s).count() != 1 {
        problems.add(at, "a dimension has exactly one of `path` (with `values`, or `from`, `to` and `step`), `linked` (a list of such paths that move together) or `strategy` (a list of strategy names)");
        return None;
    }
    if let Some(names) = &rd.strategy {
        if rd.values.is_some() || rd.from.is_some() || rd.to.is_some() || rd.step.is_some() {
            problems.add(at, "a strategy dimension lists its strategies in `strategy` and has no `values`, `from`, `to` or `step`");
            return None;
        }
        if names.is_empty() {
            problems.add(
                &at.key("strategy"),
                "list at least one strategy, e.g. [\"catch-all\", \"selection\"]",
            );
            return None;
        }
        for (i, n) in names.iter().enumerate() {
            if let Err(m) = crate::compare::resolve(model, std::slice::from_ref(n)) {
                problems.add(&at.key("strategy").index(i), m);
            }
        }
        let levels = names
            .iter()
            .map(|n| Level {
                values: vec![Value::String(n.clone())],
                overrides: Vec::new(),
                strategy: Some(n.clone()),
            })
            .collect();
        return Some(Found {
            name: rd.name.clone().unwrap_or_else(|| "strategy".to_string()),
            columns: vec![("strategy".to_string(), at.key("strategy"))],
            body: Body::Levels(DimensionKind::Strategy, levels),
        });
    }
    if let Some(members) = &rd.linked {
        return linked(rd, members, at, problems);
    }
    let path = member_path(rd, at, problems)?;
    let found = |body| Found {
        name: rd.name.clone().unwrap_or_else(|| path.clone()),
        columns: vec![(path.clone(), at.key("path"))],
        body,
    };
    match spread(rd, at, hypercube, problems)? {
        Spread::List(values) => {
            let kind = if rd.values.is_some() {
                DimensionKind::Values
            } else {
                DimensionKind::Range
            };
            let overrides = overrides_of(rd, at, &path, &values, problems);
            let levels = values
                .into_iter()
                .zip(overrides)
                .map(|(v, o)| Level {
                    overrides: vec![o],
                    values: vec![v],
                    strategy: None,
                })
                .collect();
            Some(found(Body::Levels(kind, levels)))
        }
        Spread::Continuous { from, to, integer } => Some(found(Body::Range {
            path: path.clone(),
            from,
            to,
            integer,
        })),
    }
}

/// Linked members: paths whose i-th values go together.
fn linked(
    rd: &RawDimension,
    members: &[RawDimension],
    at: &FieldPath,
    problems: &mut Problems<'_>,
) -> Option<Found> {
    if rd.values.is_some() || rd.from.is_some() || rd.to.is_some() || rd.step.is_some() {
        problems.add(
            at,
            "a linked dimension gives its values in each member of `linked`, not beside it",
        );
        return None;
    }
    if members.is_empty() {
        problems.add(&at.key("linked"), "list the linked paths, e.g. linked = [{ path = \"stages.a.capacity\", values = [10, 20] }, { path = \"stages.b.capacity\", values = [5, 10] }]");
        return None;
    }
    let mut columns = Vec::new();
    // Per member: its path, its values and the override that sets each.
    let mut lists: Vec<(String, Vec<Value>, Vec<Override>)> = Vec::new();
    for (m, member) in members.iter().enumerate() {
        let mat = at.key("linked").index(m);
        if member.linked.is_some() || member.strategy.is_some() {
            problems.add(
                &mat,
                "a member of `linked` is a path with values or a stepped range",
            );
            continue;
        }
        let Some(path) = member_path(member, &mat, problems) else {
            continue;
        };
        match spread(member, &mat, false, problems) {
            Some(Spread::List(values)) => {
                if let Some((_, first, len)) =
                    lists.first().map(|(p, v, _)| (p, p.clone(), v.len()))
                {
                    if values.len() != len {
                        problems.add(&mat, format!("`{path}` has {} values and `{first}` has {len}; linked paths move together and need as many values each", values.len()));
                    }
                }
                columns.push((path.clone(), mat.key("path")));
                let overrides = overrides_of(member, &mat, &path, &values, problems);
                lists.push((path, values, overrides));
            }
            Some(Spread::Continuous { .. }) | None => {}
        }
    }
    if lists.len() != members.len() || lists.iter().any(|l| l.1.len() != lists[0].1.len()) {
        return None;
    }
    let levels = (0..lists[0].1.len())
        .map(|i| Level {
            values: lists.iter().map(|l| l.1[i].clone()).collect(),
            overrides: lists.iter().map(|l| l.2[i].clone()).collect(),
            strategy: None,
        })
        .collect();
    let name = rd.name.clone().unwrap_or_else(|| {
        lists
            .iter()
            .map(|l| l.0.as_str())
            .collect::<Vec<_>>()
            .join(" + ")
    });
    Some(Found {
        name,
        columns,
        body: Body::Levels(DimensionKind::Linked, levels),
    })
}

/// The override that sets each of `values` at `path`, located at the path; a value written in
/// the `values` list is also located at its own place, so a problem with it is shown there (the
/// values of a stepped range are not written one by one: a problem with one is shown at the
/// path).
fn overrides_of(
    rd: &RawDimension,
    at: &FieldPath,
    path: &str,
    values: &[Value],
    problems: &Problems<'_>,
) -> Vec<Override> {
    let origin = problems.origin(&at.key("path"));
    values
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let o = Override::new(path, v.clone(), origin.clone());
            match rd.values {
                Some(_) => o.value_at(problems.origin(&at.key("values").index(i))),
                None => o,
            }
        })
        .collect()
}

/// The `path` of a dimension or member, checked as `--set` checks one.
fn member_path(rd: &RawDimension, at: &FieldPath, problems: &mut Problems<'_>) -> Option<String> {
    let Some(path) = rd.path.as_deref().map(str::trim) else {
        problems.add(at, "give the `path` of the field to vary, as for --set, e.g. path = \"stages.virksomhedscenter.capacity\"");
        return None;
    };
    if path.is_empty() || path.split('.').any(|s| s.trim().is_empty()) {
        problems.add(&at.key("path"), format!("\"{path}\" is not a field path; write the names from the scenario file joined by dots, e.g. arrivals.new_per_month"));
        return None;
    }
    Some(path.to_string())
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Integer(i) => Some(*i as f64),
        Value::Float(f) if f.is_finite() => Some(*f),
        _ => None,
    }
}

/// The values of a member: a list, a stepped range, or (with a hypercube) a continuous range.
fn spread(
    rd: &RawDimension,
    at: &FieldPath,
    hypercube: bool,
    problems: &mut Problems<'_>,
) -> Option<Spread> {
    if let Some(values) = &rd.values {
        if rd.from.is_some() || rd.to.is_some() || rd.step.is_some() {
            problems.add(
                at,
                "give either `values` or a range (`from`, `to`, `step`), not both",
            );
            return None;
        }
        if values.is_empty() {
            problems.add(&at.key("values"), "list at least one value");
            return None;
        }
        return Some(Spread::List(values.clone()));
    }
    let (Some(from), Some(to)) = (&rd.from, &rd.to) else {
        problems.add(
            at,
            "give `values = [...]`, or a range with `from`, `to` and `step`",
        );
        return None;
    };
    let (Some(a), Some(b)) = (number(from), number(to)) else {
        let bad = if number(from).is_none() { "from" } else { "to" };
        problems.add(&at.key(bad), "a range's ends are numbers");
        return None;
    };
    if b < a {
        problems.add(&at.key("to"), format!("`to` ({b}) is below `from` ({a})"));
        return None;
    }
    let integer = matches!((from, to), (Value::Integer(_), Value::Integer(_)));
    let Some(step) = &rd.step else {
        if hypercube {
            return Some(Spread::Continuous {
                from: a,
                to: b,
                integer,
            });
        }
        problems.add(
            &at.key("from"),
            "a range needs a `step`, or a [hypercube] table to sample it",
        );
        return None;
    };
    let Some(s) = number(step).filter(|s| *s > 0.0) else {
        problems.add(&at.key("step"), "`step` is a number above 0");
        return None;
    };
    let count = ((b - a) / s + 1e-9).floor() + 1.0;
    if count > MAX_POINTS as f64 {
        problems.add(
            &at.key("step"),
            format!("the range has {count} values; at most {MAX_POINTS}"),
        );
        return None;
    }
    let integer = integer && matches!(step, Value::Integer(_));
    let values = (0..count as usize)
        .map(|i| {
            let x = a + i as f64 * s;
            if integer {
                Value::Integer(x.round() as i64)
            } else {
                Value::Float(round_to(x, 10))
            }
        })
        .collect();
    Some(Spread::List(values))
}

/// `x` rounded to `decimals` decimals, so 0.1 + 2 × 0.1 is 0.3 and not 0.30000000000000004.
pub(super) fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}
