//! `kapacitet sweep` as a document: the JSON contract (sweep.json), one row per point with every
//! figure's mean and 95 % interval (points.csv), the same in long form (results.csv), and for
//! people the best points for the objective among those that meet the constraints, the Pareto
//! front of two figures, and how far each dimension moves each figure shown.

use std::collections::BTreeMap;

use serde::Serialize;
use toml::Value;

use crate::export::json::declared;
use crate::export::text::{cut_note, interval, num, percent_or_number};
use crate::export::{Block, Cell, Column, DataTable, DisplayTable, Document};
use crate::figures::{Figure, Kpi, Lang, Unit};
use crate::scenario::path_label::path_label;
use crate::sizing::Metric;
use crate::stats::Summary;
use crate::sweep::analysis::{Analysis, Check, Effect};
use crate::sweep::plan::{Dimension, DimensionKind, Goal};
use crate::sweep::{Plan, PointResult, Scope, Shard};

/// Most points listed among the best on screen (points.csv has them all).
pub const BEST_SHOWN: usize = 10;

/// A sweep's results, ready to write.
pub struct SweepOutput<'a> {
    pub plan: &'a Plan,
    /// Finished points, in point order.
    pub results: &'a [PointResult],
    pub analysis: &'a Analysis,
    /// The share of points this directory holds, if it is one shard's.
    pub shard: Option<Shard>,
}

/// The sweep as a document.
pub fn document(o: &SweepOutput<'_>, lang: Lang) -> Document {
    Document {
        command: "sweep",
        json_name: "sweep.json",
        json: declared(&SweepJson::of(o)),
        data: vec![points_table(o), results_table(o)],
        blocks: blocks(o, lang),
    }
}

/// The JSON of `sweep` (docs/output-reference.md). Keys appear in alphabetical order, as in
/// every contract: the fields below are declared in that order and written as declared, which
/// is several times faster than sorting a sweep's thousands of figures after the fact (a test
/// holds the order).
#[derive(Serialize)]
struct SweepJson<'a> {
    best: Vec<usize>,
    columns: &'a [String],
    complete: bool,
    constraints: Vec<ConstraintJson<'a>>,
    description: Option<&'a str>,
    dimensions: Vec<DimensionJson<'a>>,
    hypercube: Option<HypercubeJson>,
    kapacitet_version: &'static str,
    main_effects: Vec<EffectJson<'a>>,
    name: Option<&'a str>,
    objective: Option<GoalJson>,
    pareto: Vec<usize>,
    pareto_figures: Option<[GoalJson; 2]>,
    points: Vec<PointJson<'a>>,
    points_done: usize,
    points_total: usize,
    replications: u32,
    scenario: &'a str,
    seed: u64,
    shard: Option<String>,
}

#[derive(Serialize)]
struct DimensionJson<'a> {
    columns: Vec<&'a str>,
    kind: DimensionKind,
    levels: &'a [Vec<Value>],
    name: &'a str,
}

#[derive(Serialize)]
struct HypercubeJson {
    n: usize,
    seed: u64,
}

#[derive(Serialize)]
struct GoalJson {
    figure: String,
    goal: &'static str,
}

#[derive(Serialize)]
struct ConstraintJson<'a> {
    figure: String,
    op: &'static str,
    text: &'a str,
    value: f64,
}

#[derive(Serialize)]
struct PointJson<'a> {
    constraints: Vec<CheckJson>,
    kpis: BTreeMap<&'a str, StatJson>,
    meets_constraints: bool,
    point: usize,
    settings: BTreeMap<&'a str, &'a Value>,
    staff: BTreeMap<&'a str, BTreeMap<&'static str, StatJson>>,
    stages: BTreeMap<&'a str, BTreeMap<&'static str, StatJson>>,
}

/// Mean and 95 % interval of one figure (undefined values as null), keys in order.
#[derive(Serialize)]
struct StatJson {
    ci95_high: Option<f64>,
    ci95_low: Option<f64>,
    mean: Option<f64>,
    n: usize,
}

impl From<&Summary> for StatJson {
    fn from(s: &Summary) -> StatJson {
        let f = crate::export::finite;
        StatJson {
            ci95_high: f(s.ci95_high),
            ci95_low: f(s.ci95_low),
            mean: f(s.mean),
            n: s.n,
        }
    }
}

#[derive(Serialize)]
struct CheckJson {
    certain: bool,
    mean: Option<f64>,
    met: bool,
}

#[derive(Serialize)]
struct EffectJson<'a> {
    dimension: &'a str,
    figure: &'a str,
    levels: Vec<LevelJson<'a>>,
    spread: Option<f64>,
}

#[derive(Serialize)]
struct LevelJson<'a> {
    from: Option<f64>,
    mean: Option<f64>,
    points: usize,
    to: Option<f64>,
    values: &'a [Value],
}

fn goal_json(plan: &Plan, g: &Goal) -> GoalJson {
    GoalJson {
        figure: g.metric.key(&plan.scenario.model),
        goal: g.word(),
    }
}

impl<'a> SweepJson<'a> {
    fn of(o: &SweepOutput<'a>) -> SweepJson<'a> {
        let plan = o.plan;
        let model = &plan.scenario.model;
        let f = crate::export::finite;
        SweepJson {
            kapacitet_version: env!("CARGO_PKG_VERSION"),
            name: plan.name.as_deref(),
            description: plan.description.as_deref(),
            scenario: &model.name,
            replications: plan.replications,
            seed: plan.seed,
            shard: o.shard.map(|s| s.to_string()),
            points_total: plan.points.len(),
            points_done: o.results.len(),
            complete: o.results.len() == plan.points.len(),
            columns: &plan.columns,
            dimensions: plan
                .dimensions
                .iter()
                .map(|d| DimensionJson {
                    name: &d.name,
                    kind: d.kind,
                    columns: d
                        .columns
                        .iter()
                        .map(|&c| plan.columns[c].as_str())
                        .collect(),
                    levels: &d.levels,
                })
                .collect(),
            hypercube: plan.hypercube.map(|(n, seed)| HypercubeJson { n, seed }),
            objective: plan.objective.as_ref().map(|g| goal_json(plan, g)),
            constraints: plan
                .constraints
                .iter()
                .map(|t| ConstraintJson {
                    text: &t.text,
                    figure: t.metric.key(model),
                    op: t.op.symbol(),
                    value: t.value,
                })
                .collect(),
            pareto_figures: plan
                .pareto
                .as_ref()
                .map(|[x, y]| [goal_json(plan, x), goal_json(plan, y)]),
            best: o
                .analysis
                .best
                .iter()
                .map(|&i| o.results[i].index + 1)
                .collect(),
            pareto: o
                .analysis
                .pareto
                .iter()
                .map(|&i| o.results[i].index + 1)
                .collect(),
            points: o
                .results
                .iter()
                .zip(&o.analysis.checks)
                .zip(&o.analysis.feasible)
                .map(|((r, checks), &feasible)| point_json(plan, r, checks, feasible))
                .collect(),
            main_effects: o
                .analysis
                .effects
                .iter()
                .map(|e| EffectJson {
                    dimension: &plan.dimensions[e.dimension].name,
                    figure: &plan.figures.entries[e.figure].key,
                    spread: f(e.spread),
                    levels: e
                        .levels
                        .iter()
                        .map(|l| LevelJson {
                            values: &l.values,
                            from: l.bin.and_then(|b| f(b.0)),
                            to: l.bin.and_then(|b| f(b.1)),
                            mean: f(l.mean),
                            points: l.points,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

fn point_json<'a>(
    plan: &'a Plan,
    r: &PointResult,
    checks: &[Check],
    feasible: bool,
) -> PointJson<'a> {
    let p = &plan.points[r.index];
    let mut json = PointJson {
        point: r.index + 1,
        settings: plan
            .columns
            .iter()
            .map(String::as_str)
            .zip(&p.values)
            .collect(),
        meets_constraints: feasible,
        constraints: checks
            .iter()
            .map(|c| CheckJson {
                mean: crate::export::finite(c.mean),
                met: c.met,
                certain: c.certain,
            })
            .collect(),
        kpis: BTreeMap::new(),
        stages: BTreeMap::new(),
        staff: BTreeMap::new(),
    };
    for (e, s) in plan.figures.entries.iter().zip(&r.figures) {
        match &e.scope {
            Scope::Kpi => {
                json.kpis.insert(e.figure.key, s.into());
            }
            Scope::Stage(name) => {
                json.stages
                    .entry(name.as_str())
                    .or_default()
                    .insert(e.figure.key, s.into());
            }
            Scope::Staff(name) => {
                json.staff
                    .entry(name.as_str())
                    .or_default()
                    .insert(e.figure.key, s.into());
            }
        }
    }
    json
}

/// A parameter value as a cell.
fn value_cell(v: &Value) -> Cell {
    match v {
        Value::Integer(i) => Cell::Int(*i),
        Value::Float(x) => Cell::Num(*x),
        Value::String(s) => Cell::text(s.clone()),
        other => Cell::text(other.to_string()),
    }
}

/// A parameter value for people: "60", "0,3" ("0.3" in English), "selection".
pub fn value_text(v: &Value, lang: Lang) -> String {
    match v {
        Value::Integer(i) => num(*i as f64, 0, lang),
        Value::Float(x) => match lang {
            Lang::Da => format!("{x}").replace('.', ","),
            Lang::En => format!("{x}"),
        },
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn unit_word(unit: Unit) -> String {
    serde_json::to_value(unit)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// points.csv: one row per point, its settings, then every figure's mean and interval.
fn points_table(o: &SweepOutput<'_>) -> DataTable {
    let plan = o.plan;
    let mut columns: Vec<String> = vec!["point".to_string()];
    columns.extend(plan.columns.iter().cloned());
    for e in &plan.figures.entries {
        for part in ["mean", "ci95_low", "ci95_high"] {
            columns.push(format!("{}_{part}", e.key));
        }
    }
    let mut t = DataTable {
        name: "points".to_string(),
        columns,
        rows: Vec::new(),
    };
    for r in o.results {
        let mut row = vec![Cell::int(r.index + 1)];
        row.extend(plan.points[r.index].values.iter().map(value_cell));
        for (e, s) in plan.figures.entries.iter().zip(&r.figures) {
            let unit = e.figure.unit;
            row.extend([
                Cell::Measure(s.mean, unit),
                Cell::Measure(s.ci95_low, unit),
                Cell::Measure(s.ci95_high, unit),
            ]);
        }
        t.push(row);
    }
    t
}

/// results.csv: one row per point and figure.
fn results_table(o: &SweepOutput<'_>) -> DataTable {
    let plan = o.plan;
    let mut columns: Vec<&str> = vec!["point"];
    columns.extend(plan.columns.iter().map(String::as_str));
    columns.extend([
        "figure",
        "scope",
        "subject",
        "field",
        "unit",
        "mean",
        "ci95_low",
        "ci95_high",
        "n",
    ]);
    let mut t = DataTable::new("results", &columns);
    for r in o.results {
        let settings: Vec<Cell> = plan.points[r.index].values.iter().map(value_cell).collect();
        for (e, s) in plan.figures.entries.iter().zip(&r.figures) {
            let (scope, subject) = match &e.scope {
                Scope::Kpi => ("kpi", ""),
                Scope::Stage(n) => ("stage", n.as_str()),
                Scope::Staff(n) => ("staff", n.as_str()),
            };
            let unit = e.figure.unit;
            let mut row = vec![Cell::int(r.index + 1)];
            row.extend(settings.iter().cloned());
            row.extend([
                Cell::text(e.key.clone()),
                Cell::text(scope),
                Cell::text(subject),
                Cell::text(e.figure.key),
                Cell::text(unit_word(unit)),
                Cell::Measure(s.mean, unit),
                Cell::Measure(s.ci95_low, unit),
                Cell::Measure(s.ci95_high, unit),
                Cell::int(s.n),
            ]);
            t.push(row);
        }
    }
    t
}

/// A parameter column for people: what its path sets and where ("Pladser, Virksomhedscentre"),
/// "Strategi" for a strategy column, or the path as written when it has no label. The files
/// keep the path: it is their column name.
pub fn column_label(plan: &Plan, column: usize, lang: Lang) -> String {
    let path = &plan.columns[column];
    if path == "strategy" {
        return lang.pick("Strategi", "Strategy").to_string();
    }
    path_label(&plan.scenario.model, path, lang).unwrap_or_else(|| path.clone())
}

/// A dimension for people: the `name` the plan gives it, or else its columns' labels (linked
/// paths joined by " + ", as the plan's default name joins their paths).
pub fn dimension_label(plan: &Plan, d: &Dimension, lang: Lang) -> String {
    let paths: Vec<&str> = d
        .columns
        .iter()
        .map(|&c| plan.columns[c].as_str())
        .collect();
    if d.name != paths.join(" + ") {
        return d.name.clone();
    }
    d.columns
        .iter()
        .map(|&c| column_label(plan, c, lang))
        .collect::<Vec<_>>()
        .join(" + ")
}

/// A figure's label for people: a stage's or role's name before its figure's label; `short`
/// for a column header.
fn label(plan: &Plan, metric: Metric, lang: Lang, short: bool) -> String {
    let model = &plan.scenario.model;
    let figure = metric.figure();
    let f = if short {
        figure.short(lang)
    } else {
        figure.label(lang)
    };
    match metric {
        Metric::Kpi(_) => f.to_string(),
        Metric::Stage(s, _) => format!("{} {f}", model.stages[s].name),
        Metric::Staff(r, _) => format!("{} {f}", model.staff[r].name),
    }
}

/// Figures on screen: the plan's, or else mål 2, cost and mål 1.
pub fn shown(plan: &Plan) -> Vec<Metric> {
    let named = plan.shown_figures();
    if !named.is_empty() {
        return named;
    }
    [
        Kpi::Mal2Selfsufficient4w,
        Kpi::CostTotalDkk,
        Kpi::Mal1CompanyActivation,
    ]
    .into_iter()
    .map(Metric::Kpi)
    .collect()
}

fn blocks(o: &SweepOutput<'_>, lang: Lang) -> Vec<Block> {
    let plan = o.plan;
    let mut out = header(o, lang);
    if let Some(g) = &plan.objective {
        out.push(Block::Gap);
        out.extend(best_blocks(o, g, lang));
    }
    if let Some([x, y]) = &plan.pareto {
        out.push(Block::Gap);
        out.extend(pareto_blocks(o, x, y, lang));
    }
    out.push(Block::Gap);
    out.extend(effect_blocks(o, lang));
    out
}

fn header(o: &SweepOutput<'_>, lang: Lang) -> Vec<Block> {
    let plan = o.plan;
    let title = plan.name.clone().unwrap_or_else(|| plan.file.clone());
    let mut out = vec![Block::Text(format!(
        "kapacitet sweep · {title} · {}",
        plan.scenario.model.name
    ))];
    let shard = o.shard.map_or(String::new(), |s| {
        format!(" · {} {s}", lang.pick("del", "shard"))
    });
    let (done, all) = (o.results.len(), plan.points.len());
    let reps = plan.replications;
    out.push(Block::Text(match lang {
        Lang::Da => format!("{done} af {all} punkter · {reps} replikationer pr. punkt · seed {} · de samme seeds i alle punkter{shard}", plan.seed),
        Lang::En => format!("{done} of {all} points · {reps} replications per point · seed {} · the same seeds at every point{shard}", plan.seed),
    }));
    let dims: Vec<String> = plan
        .dimensions
        .iter()
        .map(|d| match d.kind {
            DimensionKind::Hypercube => format!(
                "{} ({})",
                d.name,
                lang.pick("latinsk hyperkube", "Latin hypercube")
            ),
            _ => {
                let text = |l: &Vec<Value>| values_text(l, lang);
                let first = d.levels.first().map(text).unwrap_or_default();
                let last = d.levels.last().map(text).unwrap_or_default();
                match d.levels.len() {
                    1 => format!("{} = {first}", d.name),
                    n => format!("{} ({n}: {first} … {last})", d.name),
                }
            }
        })
        .collect();
    out.push(Block::Text(format!(
        "{}: {}",
        lang.pick("Dimensioner", "Dimensions"),
        dims.join(" × ")
    )));
    if !plan.constraints.is_empty() {
        let met = o.analysis.feasible.iter().filter(|f| **f).count();
        let texts: Vec<&str> = plan.constraints.iter().map(|t| t.text.as_str()).collect();
        let (texts, n) = (texts.join("; "), o.results.len());
        out.push(Block::Text(match lang {
            Lang::Da => format!(
                "Krav: {texts} · {met} af {n} punkter opfylder alle krav (på gennemsnittet)"
            ),
            Lang::En => format!(
                "Requirements: {texts} · {met} of {n} points meet every requirement (on the mean)"
            ),
        }));
    }
    out
}

fn values_text(values: &[Value], lang: Lang) -> String {
    values
        .iter()
        .map(|v| value_text(v, lang))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// A table of points: number, settings, then the given figures; whether an interval was cut
/// at what its figure can take.
fn point_rows(
    o: &SweepOutput<'_>,
    rows: &[usize],
    figures: &[Metric],
    lang: Lang,
    interval_first: bool,
) -> (DisplayTable, bool) {
    let plan = o.plan;
    // Whether each point meets the constraints, where the rows are not all ones that do.
    let verdicts = !interval_first && !plan.constraints.is_empty();
    let mut columns = vec![Column::right(lang.pick("Punkt", "Point"), 5, 0)];
    columns
        .extend((0..plan.columns.len()).map(|c| Column::right(column_label(plan, c, lang), 0, 2)));
    for (i, m) in figures.iter().enumerate() {
        let head = label(plan, *m, lang, true);
        columns.push(Column::right(head.clone(), 0, 2));
        if i == 0 && interval_first {
            columns.push(Column::left(lang.pick("95 % KI", "95 % CI"), 0, 1));
        }
    }
    if verdicts {
        columns.push(Column::left(lang.pick("Krav", "Requirements"), 0, 2));
    }
    let mut t = DisplayTable::new(columns, true);
    let mut cut = false;
    for &i in rows {
        let r = &o.results[i];
        let mut row = vec![(r.index + 1).to_string()];
        row.extend(
            plan.points[r.index]
                .values
                .iter()
                .map(|v| value_text(v, lang)),
        );
        for (j, m) in figures.iter().enumerate() {
            let s = r.figures[plan.figures.index_of(*m)];
            row.push(percent_or_number(m.figure(), s.mean, lang));
            if j == 0 && interval_first {
                let (text, was_cut) = interval(m.figure(), &s, lang);
                cut |= was_cut;
                row.push(text);
            }
        }
        if verdicts {
            row.push(
                if o.analysis.feasible[i] {
                    lang.pick("opfyldt", "met")
                } else {
                    lang.pick("ikke opfyldt", "not met")
                }
                .to_string(),
            );
        }
        t.rows.push(row);
    }
    (t, cut)
}

fn direction_words(g: &Goal, lang: Lang) -> &'static str {
    match (g.maximize, lang) {
        (true, Lang::Da) => "højest",
        (false, Lang::Da) => "lavest",
        (true, Lang::En) => "highest",
        (false, Lang::En) => "lowest",
    }
}

fn best_blocks(o: &SweepOutput<'_>, g: &Goal, lang: Lang) -> Vec<Block> {
    let plan = o.plan;
    let among = if plan.constraints.is_empty() {
        ""
    } else {
        lang.pick(
            ", blandt punkterne der opfylder kravene",
            ", among the points that meet the requirements",
        )
    };
    let (figure, first) = (label(plan, g.metric, lang, false), direction_words(g, lang));
    let mut out = vec![Block::Text(match lang {
        Lang::Da => format!("Bedste punkter efter {figure} ({first} først){among}"),
        Lang::En => format!("Best points by {figure} ({first} first){among}"),
    })];
    if o.analysis.best.is_empty() {
        out.push(Block::Text(
            lang.pick(
                "Intet punkt opfylder kravene.",
                "No point meets the requirements.",
            )
            .to_string(),
        ));
        return out;
    }
    let mut figures = vec![g.metric];
    figures.extend(shown(plan).into_iter().filter(|m| *m != g.metric));
    let rows: Vec<usize> = o.analysis.best.iter().take(BEST_SHOWN).copied().collect();
    let (table, cut) = point_rows(o, &rows, &figures, lang, true);
    out.push(Block::Table(table));
    if o.analysis.best.len() > BEST_SHOWN {
        let more = o.analysis.best.len() - BEST_SHOWN;
        out.push(Block::Text(match lang {
            Lang::Da => format!("… og {more} punkter mere i points.csv"),
            Lang::En => format!("… and {more} more points in points.csv"),
        }));
    }
    if cut {
        out.push(Block::Text(cut_note(lang).to_string()));
    }
    out
}

fn pareto_blocks(o: &SweepOutput<'_>, x: &Goal, y: &Goal, lang: Lang) -> Vec<Block> {
    let plan = o.plan;
    let (fx, dx) = (label(plan, x.metric, lang, false), direction_words(x, lang));
    let (fy, dy) = (label(plan, y.metric, lang, false), direction_words(y, lang));
    let mut out = vec![Block::Text(match lang {
        Lang::Da => format!(
            "Pareto-front: {fx} ({dx} er bedst) mod {fy} ({dy} er bedst), over alle punkter"
        ),
        Lang::En => format!(
            "Pareto front: {fx} ({dx} is best) against {fy} ({dy} is best), over every point"
        ),
    })];
    let (table, _) = point_rows(o, &o.analysis.pareto, &[x.metric, y.metric], lang, false);
    out.push(Block::Table(table));
    out.push(Block::Text(lang.pick(
        "Intet andet punkt er bedre på begge tal: at gå fra ét punkt til det næste køber det ene tal for det andet.",
        "No other point is better on both figures: going from one point to the next buys one figure with the other.",
    ).to_string()));
    out
}

/// A main effect's spread for people: shares in percentage points, others in their unit.
fn spread_text(f: &Figure, v: f64, lang: Lang) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let unit = match f.unit {
        Unit::Share => "pp".to_string(),
        u => u.suffix(lang).to_string(),
    };
    format!("{} {unit}", num(f.unit.scale(v), f.decimals, lang))
        .trim_end()
        .to_string()
}

fn effect_blocks(o: &SweepOutput<'_>, lang: Lang) -> Vec<Block> {
    let plan = o.plan;
    let mut out = vec![Block::Text(lang.pick(
        "Hovedeffekter: hvor meget hver dimension flytter tallet (højeste minus laveste gennemsnit over dimensionens niveauer; * er den største)",
        "Main effects: how far each dimension moves the figure (highest minus lowest mean over the dimension's levels; * is the largest)",
    ).to_string())];
    let mut columns = vec![Column::left(lang.pick("Tal", "Figure"), 0, 0)];
    columns.extend(
        plan.dimensions
            .iter()
            .map(|d| Column::right(dimension_label(plan, d, lang), 0, 3)),
    );
    let mut t = DisplayTable::new(columns, true);
    for m in shown(plan) {
        let f = plan.figures.index_of(m);
        let effects: Vec<&Effect> = o
            .analysis
            .effects
            .iter()
            .filter(|e| e.figure == f)
            .collect();
        let top = effects
            .iter()
            .map(|e| e.spread)
            .filter(|s| s.is_finite())
            .fold(f64::NAN, f64::max);
        let mut row = vec![label(plan, m, lang, false)];
        row.extend(effects.iter().map(|e| {
            let mark = if effects.len() > 1 && e.spread == top {
                " *"
            } else {
                ""
            };
            format!("{}{mark}", spread_text(m.figure(), e.spread, lang))
        }));
        t.rows.push(row);
    }
    out.push(Block::Table(t));
    out.push(Block::Text(
        lang.pick(
            "Niveaugennemsnittene for hvert tal og hver dimension står i sweep.json (main_effects).",
            "The mean at each level, for every figure and dimension, is in sweep.json (main_effects).",
        )
        .to_string(),
    ));
    out
}
