//! The charts of `kapacitet sweep`, from its plan, its points' results and their analysis: for
//! each figure shown, the figure across the dimensions, and the Pareto front of the plan's two
//! figures among every point. Across the dimensions means, by the plan's shape:
//!
//! - one dimension, or two with at most [`MOST_LINES`] levels in the second: the points with
//!   their 95 % intervals along the first, one line per level of the second, a constraint's
//!   limit as a line;
//! - two dimensions (a full grid, no hypercube) with more than [`MOST_LINES`] levels in the
//!   second, or with at least [`HEAT_LEVELS`] levels in each: a heat map of the figure's mean in
//!   every cell, the points that fail a constraint outlined (beside the line chart when there is
//!   one);
//! - three dimensions or more, or a hypercube: each dimension's main effect.
//!
//! Dimensions are labelled for people ([`dimension_label`]), not by their paths.

use std::collections::BTreeMap;

use toml::Value;

use super::{category_axis, slug, with_unit, Axis, Chart, Line, Series, Source, Style};
use super::{darker_words, Heat, GOOD, GREY};
use crate::export::documents::sweep::{dimension_label, shown, value_text, SweepOutput};
use crate::figures::Lang;
use crate::sizing::Metric;
use crate::stats::Summary;
use crate::sweep::analysis::Effect;
use crate::sweep::plan::{Dimension, DimensionKind};
use crate::sweep::{Plan, PointResult};

/// Most lines in one chart (levels of the second dimension); past that, a heat map only.
pub const MOST_LINES: usize = 8;

/// Levels in each of two dimensions from which a heat map is drawn beside the lines: with
/// fewer, the lines say it all.
pub const HEAT_LEVELS: usize = 3;

/// Every chart of a sweep.
pub fn charts(o: &SweepOutput<'_>, lang: Lang) -> Vec<Chart> {
    let plan = o.plan;
    let source = Source {
        scenario: plan.scenario.model.name.clone(),
        seed: plan.seed,
        replications: plan.replications.to_string(),
    }
    .line(lang);
    let by_index: BTreeMap<usize, &PointResult> = o.results.iter().map(|r| (r.index, r)).collect();
    let (lines, heat) = shape(plan);
    let mut out = Vec::new();
    for m in shown(plan) {
        if lines {
            out.push(across(plan, &by_index, m, lang, &source));
        }
        if heat {
            out.push(heat_map(o, &by_index, m, lang, &source));
        }
        if !lines && !heat {
            out.extend(effects(o, m, lang, &source));
        }
    }
    if let Some([x, y]) = &plan.pareto {
        out.push(pareto(o, x.metric, y.metric, lang, &source));
    }
    out
}

/// Which charts show a figure across the plan's dimensions: (lines, heat map); neither means
/// main effects.
pub fn shape(plan: &Plan) -> (bool, bool) {
    let d = &plan.dimensions;
    if d.is_empty() || d.len() > 2 || d.iter().any(|d| d.kind == DimensionKind::Hypercube) {
        return (false, false);
    }
    let second = d.get(1).map_or(1, |d| d.levels.len());
    let lines = second <= MOST_LINES;
    let heat =
        d.len() == 2 && (second > MOST_LINES || d.iter().all(|d| d.levels.len() >= HEAT_LEVELS));
    (lines, heat)
}

/// A figure's name for people: a stage's or role's label before the figure's.
fn name(plan: &Plan, m: Metric, lang: Lang, short: bool) -> String {
    let model = &plan.scenario.model;
    let f = m.figure();
    let label = if short { f.short(lang) } else { f.label(lang) };
    match m {
        Metric::Kpi(_) => label.to_string(),
        Metric::Stage(s, _) => format!("{}: {label}", model.stages[s].label),
        Metric::Staff(r, _) => format!("{}: {label}", model.staff[r].label),
    }
}

fn axis_of(plan: &Plan, m: Metric, lang: Lang) -> Axis {
    let f = m.figure();
    Axis {
        label: with_unit(&name(plan, m, lang, true), f.unit, lang),
        scale: super::scale_of(f),
    }
}

/// The level's values for people: "60", "0,3", "60 / 30" for a linked dimension.
fn level_text(values: &[Value], lang: Lang) -> String {
    values
        .iter()
        .map(|v| value_text(v, lang))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// A constraint on the figure, drawn as its limit.
fn limit(plan: &Plan, m: Metric, lang: Lang) -> Option<Line> {
    plan.constraints
        .iter()
        .find(|t| t.metric == m)
        .map(|t| Line {
            value: t.value,
            label: format!("{}: {}", lang.pick("Krav", "Constraint"), t.text),
            target: true,
        })
}

/// A figure at every point of a grid of one or two dimensions: along the first, one line per
/// level of the second, each point with its interval.
fn across(
    plan: &Plan,
    by_index: &BTreeMap<usize, &PointResult>,
    m: Metric,
    lang: Lang,
    source: &str,
) -> Chart {
    let f = plan.figures.index_of(m);
    let first = &plan.dimensions[0];
    let second = plan.dimensions.get(1);
    let lines = second.map_or(1, |d| d.levels.len());
    let at = |i: usize, j: usize| -> Summary {
        plan.points
            .iter()
            .find(|p| p.levels[0] == i && (second.is_none() || p.levels[1] == j))
            .and_then(|p| by_index.get(&p.index))
            .map_or(Summary::UNDEFINED, |r| r.figures[f])
    };
    let style = if first.kind == DimensionKind::Strategy {
        Style::Points
    } else {
        Style::Line
    };
    let series = (0..lines)
        .map(|j| {
            let label = match second {
                Some(d) => format!(
                    "{} = {}",
                    dimension_label(plan, d, lang),
                    level_text(&d.levels[j], lang)
                ),
                None => lang
                    .pick("Gennemsnit med 95 % interval", "Mean with 95 % interval")
                    .to_string(),
            };
            let values: Vec<Summary> = (0..first.levels.len()).map(|i| at(i, j)).collect();
            Series::line(
                label,
                values
                    .iter()
                    .enumerate()
                    .map(|(i, s)| (i as f64, s.mean))
                    .collect(),
                j,
            )
            .with_band(values.iter().map(|s| (s.ci95_low, s.ci95_high)).collect())
            .styled(style)
        })
        .collect();
    Chart {
        key: format!("sweep-{}", slug(&plan.figures.entries[f].key)),
        title: format!(
            "{} {} {}",
            name(plan, m, lang, false),
            lang.pick("efter", "by"),
            dimension_label(plan, first, lang)
        ),
        x: dimension_axis(plan, first, lang),
        y: axis_of(plan, m, lang),
        series,
        shaded: Vec::new(),
        target: limit(plan, m, lang),
        from_zero: false,
        x_domain: None,
        source: source.to_string(),
        half: false,
        heat: None,
    }
}

/// A dimension's levels as categories, labelled for people.
fn dimension_axis(plan: &Plan, d: &Dimension, lang: Lang) -> Axis {
    let names = d.levels.iter().map(|l| level_text(l, lang)).collect();
    category_axis(dimension_label(plan, d, lang), names)
}

/// A figure's main effect along each dimension: its mean at each level over every other
/// dimension (a hypercube range in bins of its sampled values), one half-width chart each.
fn effects(o: &SweepOutput<'_>, m: Metric, lang: Lang, source: &str) -> Vec<Chart> {
    let plan = o.plan;
    let f = plan.figures.index_of(m);
    o.analysis
        .effects
        .iter()
        .filter(|e| e.figure == f)
        .map(|e: &Effect| {
            let d = &plan.dimensions[e.dimension];
            let names = e
                .levels
                .iter()
                .map(|l| match l.bin {
                    Some((lo, hi)) => format!(
                        "{}–{}",
                        value_text(&Value::Float(lo), lang),
                        value_text(&Value::Float(hi), lang)
                    ),
                    None => level_text(&l.values, lang),
                })
                .collect();
            let style = if d.kind == DimensionKind::Strategy {
                Style::Points
            } else {
                Style::Line
            };
            Chart {
                key: format!(
                    "sweep-{}-{}",
                    slug(&plan.figures.entries[f].key),
                    slug(&d.name)
                ),
                title: format!(
                    "{} {} {}",
                    name(plan, m, lang, false),
                    lang.pick("efter", "by"),
                    dimension_label(plan, d, lang)
                ),
                x: category_axis(dimension_label(plan, d, lang), names),
                y: axis_of(plan, m, lang),
                series: vec![Series::line(
                    lang.pick(
                        "Gennemsnit over de andre dimensioner",
                        "Mean over the other dimensions",
                    ),
                    e.levels
                        .iter()
                        .enumerate()
                        .map(|(i, l)| (i as f64, l.mean))
                        .collect(),
                    0,
                )
                .styled(style)],
                shaded: Vec::new(),
                target: limit(plan, m, lang),
                from_zero: false,
                x_domain: None,
                source: source.to_string(),
                half: true,
                heat: None,
            }
        })
        .collect()
}

/// A figure's mean at every point of a grid of two dimensions: the first along x, the second
/// along y, the cells shaded in the figure's better direction, the points that fail a
/// constraint outlined.
fn heat_map(
    o: &SweepOutput<'_>,
    by_index: &BTreeMap<usize, &PointResult>,
    m: Metric,
    lang: Lang,
    source: &str,
) -> Chart {
    let plan = o.plan;
    let f = plan.figures.index_of(m);
    let fig = m.figure();
    let (first, second) = (&plan.dimensions[0], &plan.dimensions[1]);
    let fails: BTreeMap<usize, bool> = o
        .results
        .iter()
        .zip(&o.analysis.feasible)
        .map(|(r, ok)| (r.index, !ok))
        .collect();
    let values = plan
        .points
        .iter()
        .map(|p| {
            let value = by_index
                .get(&p.index)
                .map_or(f64::NAN, |r| r.figures[f].mean);
            let marked = fails.get(&p.index).copied().unwrap_or(false);
            (p.levels[0], p.levels[1], value, marked)
        })
        .collect();
    let texts: Vec<&str> = plan.constraints.iter().map(|t| t.text.as_str()).collect();
    let marked = format!(
        "{}: {}",
        lang.pick("Opfylder ikke kravene", "Fails the constraints"),
        texts.join("; ")
    );
    let scale = format!(
        "{}: {}",
        axis_of(plan, m, lang).label,
        darker_words(fig, lang)
    );
    Chart {
        key: format!("sweep-{}-heatmap", slug(&plan.figures.entries[f].key)),
        title: format!(
            "{} {} {} {} {}",
            name(plan, m, lang, false),
            lang.pick("efter", "by"),
            dimension_label(plan, first, lang),
            lang.pick("og", "and"),
            dimension_label(plan, second, lang)
        ),
        x: dimension_axis(plan, first, lang),
        y: dimension_axis(plan, second, lang),
        series: Vec::new(),
        shaded: Vec::new(),
        target: None,
        from_zero: false,
        x_domain: None,
        source: source.to_string(),
        half: false,
        heat: Some(Heat::new(fig, values, scale, marked, lang)),
    }
}

/// Every point on the plan's two Pareto figures, the front drawn through the points no other
/// point beats on both, and the points that meet every constraint marked.
fn pareto(o: &SweepOutput<'_>, x: Metric, y: Metric, lang: Lang, source: &str) -> Chart {
    let plan = o.plan;
    let (fx, fy) = (plan.figures.index_of(x), plan.figures.index_of(y));
    let xy = |r: &PointResult| (r.figures[fx].mean, r.figures[fy].mean);
    // Without constraints every point meets them.
    let (ok, failed): (Vec<usize>, Vec<usize>) =
        (0..o.results.len()).partition(|&i| o.analysis.feasible.get(i).copied().unwrap_or(true));
    let points = |which: &[usize]| which.iter().map(|&i| xy(&o.results[i])).collect();
    let mut series = vec![Series::line(
        if plan.constraints.is_empty() {
            lang.pick("Punkt", "Point")
        } else {
            lang.pick(
                "Punkt, der opfylder kravene",
                "Point that meets the constraints",
            )
        },
        points(&ok),
        GOOD,
    )
    .styled(Style::Points)];
    if !failed.is_empty() {
        series.push(
            Series::line(
                lang.pick(
                    "Punkt, der ikke opfylder kravene",
                    "Point that fails a constraint",
                ),
                points(&failed),
                GREY,
            )
            .styled(Style::Points),
        );
    }
    let mut front: Vec<(f64, f64)> = o
        .analysis
        .pareto
        .iter()
        .map(|&i| xy(&o.results[i]))
        .collect();
    front.sort_by(|a, b| a.0.total_cmp(&b.0));
    series.push(Series::line(
        lang.pick("Pareto-front", "Pareto front"),
        front,
        0,
    ));
    Chart {
        key: "sweep-pareto".into(),
        title: format!(
            "{}: {} {} {}",
            lang.pick("Pareto-front", "Pareto front"),
            name(plan, y, lang, false),
            lang.pick("mod", "against"),
            name(plan, x, lang, false)
        ),
        x: axis_of(plan, x, lang),
        y: axis_of(plan, y, lang),
        series,
        shaded: Vec::new(),
        target: None,
        from_zero: false,
        x_domain: None,
        source: source.to_string(),
        half: false,
        heat: None,
    }
}
