//! Sweep plans: a TOML file that names a base scenario (relative to the plan) and the
//! dimensions to vary by their `--set` paths: lists of values, ranges (`from`, `to`, `step`),
//! linked dimensions whose values move together, strategies, and a Latin hypercube of `n` points
//! over continuous ranges; with replications, seed, threads, an objective, constraints, the two
//! figures of a Pareto front and further figures to show. Reading a plan expands it into its
//! points, each a list of overrides on the base scenario, and checks the values as the scenario
//! checks them, before anything runs. Every problem names the plan's file, line and column.

use std::path::Path;

use serde::Deserialize;
use toml::Value;

use super::{hypercube, FigureList, PointSpec};
use crate::commands::{MAX_REPLICATIONS, MAX_THREADS};
use crate::figures::Direction;
use crate::model::Model;
use crate::scenario::error::{FieldPath, Locator};
use crate::scenario::{syntax_error, Override, Problem, Scenario, ScenarioError, Source};
use crate::sizing::target::{parse_target, resolve_metric, Metric, Target};

/// Most points a plan may expand to: far beyond what a job centre's questions need, and few
/// enough to check and list in memory.
pub const MAX_POINTS: usize = 100_000;

/// Decimals of a sampled (hypercube) value: enough for any setting, few enough to read.
const SAMPLE_DECIMALS: i32 = 6;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    scenario: Option<String>,
    #[serde(default)]
    replications: Option<u32>,
    #[serde(default)]
    seed: Option<u64>,
    #[serde(default)]
    threads: Option<u32>,
    #[serde(default)]
    constraints: Vec<String>,
    #[serde(default)]
    pareto: Vec<String>,
    #[serde(default)]
    show: Vec<String>,
    #[serde(default)]
    objective: Option<RawObjective>,
    #[serde(default)]
    hypercube: Option<RawHypercube>,
    #[serde(default)]
    dimensions: Vec<RawDimension>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawObjective {
    figure: String,
    #[serde(default)]
    goal: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHypercube {
    n: usize,
    #[serde(default)]
    seed: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDimension {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    values: Option<Vec<Value>>,
    #[serde(default)]
    from: Option<Value>,
    #[serde(default)]
    to: Option<Value>,
    #[serde(default)]
    step: Option<Value>,
    #[serde(default)]
    linked: Option<Vec<RawDimension>>,
    #[serde(default)]
    strategy: Option<Vec<String>>,
}

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

/// The values of one member of a dimension, before expansion.
enum Spread {
    List(Vec<Value>),
    Continuous { from: f64, to: f64, integer: bool },
}

/// One level of an axis: the values of its columns and what they set.
#[derive(Debug, Clone)]
struct Level {
    values: Vec<Value>,
    overrides: Vec<Override>,
    strategy: Option<String>,
}

/// A factor of the point grid: a discrete dimension, or the hypercube (all its ranges at once).
struct Axis {
    columns: Vec<usize>,
    /// The analysis dimensions it sets (one for a discrete dimension, one per range of the
    /// hypercube).
    dims: Vec<usize>,
    levels: Vec<Level>,
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

/// Problems with the plan, located in its text.
struct Problems<'a> {
    file: &'a str,
    locator: Locator<'a>,
    list: Vec<Problem>,
}

impl<'a> Problems<'a> {
    fn add(&mut self, at: &FieldPath, message: impl Into<String>) {
        self.list.push(Problem {
            field: at.to_string(),
            message: message.into(),
            // Something missing from the whole plan is blamed on its start.
            location: self
                .locator
                .locate(at)
                .or(Some(crate::scenario::Location { line: 1, column: 1 })),
            origin: None,
        });
    }

    /// "plan.toml:12:1": where `at` is written, for an override's origin.
    fn origin(&self, at: &FieldPath) -> String {
        match self.locator.locate(at) {
            Some(l) => format!("{}:{}:{}", self.file, l.line, l.column),
            None => self.file.to_string(),
        }
    }

    fn check(&mut self) -> Result<(), ScenarioError> {
        if self.list.is_empty() {
            return Ok(());
        }
        // A wrong path is wrong for every value: say it once, at the path.
        let mut seen = Vec::new();
        self.list.retain(|p| {
            let at = p
                .origin
                .as_deref()
                .map(|o| o.split(" (").next().unwrap_or(o).to_string());
            let key = (at, p.location, p.field.clone(), p.message.clone());
            let new = !seen.contains(&key);
            seen.push(key);
            new
        });
        Err(ScenarioError {
            file: self.file.to_string(),
            problems: std::mem::take(&mut self.list),
        })
    }
}

impl Plan {
    /// Read and check the plan file at `path`; its scenario is found next to it.
    pub fn read(path: &Path) -> Result<Plan, ScenarioError> {
        // Read within the same bounds, and refused with the same message, as a scenario file.
        let Source { text, file } = Source::read(path)?;
        let dir = path.parent().unwrap_or(Path::new("."));
        Plan::parse(&text, &file, Base::NextTo(dir))
    }

    /// Check plan text; `file` names it in messages.
    pub fn parse(text: &str, file: &str, base: Base<'_>) -> Result<Plan, ScenarioError> {
        let raw: RawPlan = toml::from_str(text).map_err(|e| syntax_error(text, file, &e))?;
        let mut problems = Problems {
            file,
            locator: Locator::new(text),
            list: Vec::new(),
        };
        let root = FieldPath::default();
        let source = match base {
            Base::Given(source) => source,
            Base::NextTo(dir) => match &raw.scenario {
                None => Source::embedded(),
                Some(rel) => Source::read(&dir.join(rel)).map_err(|e| {
                    let why = e
                        .problems
                        .first()
                        .map_or(String::new(), |p| p.message.clone());
                    problems.add(&root.key("scenario"), format!("\"{rel}\": {why}"));
                    problems.check().unwrap_err()
                })?,
            },
        };
        let scenario = Scenario::new(source, Vec::new())?;
        let model = &scenario.model;
        let replications = raw.replications.unwrap_or(model.replications);
        if !(1..=MAX_REPLICATIONS).contains(&replications) {
            problems.add(
                &root.key("replications"),
                format!("replications must be from 1 to {MAX_REPLICATIONS}"),
            );
        }
        if raw.threads.is_some_and(|t| !(1..=MAX_THREADS).contains(&t)) {
            problems.add(
                &root.key("threads"),
                format!("threads must be from 1 to {MAX_THREADS}"),
            );
        }
        let seed = raw.seed.unwrap_or(model.seed);
        let (objective, constraints, pareto, show) = goals(&raw, model, &mut problems);
        let grid = grid(&raw, model, seed, &mut problems);
        if let Some((columns, dimensions, axes, _)) = &grid {
            check_points(
                &scenario,
                axes,
                (columns.len(), dimensions.len()),
                &mut problems,
            );
        }
        problems.check()?;
        let Some((columns, dimensions, axes, hypercube)) = grid else {
            // `grid` gives nothing only with a problem, checked above.
            return Err(ScenarioError {
                file: file.to_string(),
                problems: Vec::new(),
            });
        };
        let points = expand(&axes, columns.len(), dimensions.len());
        Ok(Plan {
            file: file.to_string(),
            text: text.to_string(),
            name: raw.name,
            description: raw.description,
            figures: FigureList::of(model),
            scenario_hash: super::store::scenario_hash(&scenario.source.text),
            replications,
            seed,
            threads: raw.threads.map(|t| t as usize),
            columns,
            dimensions,
            points,
            objective,
            constraints,
            pareto,
            show,
            hypercube,
            scenario,
        })
    }

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

/// A figure as a plan names it ("mal2", "cost_total_dkk", "virksomhedscenter.liggetid_p90").
fn metric(model: &Model, text: &str) -> Result<Metric, String> {
    let name = text
        .trim()
        .replace("mål", "mal")
        .replace("Mål", "mal")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_");
    resolve_metric(model, &name, None, None).map_err(|why| {
        format!("{why}; name a key figure (e.g. mal2, cost_total_dkk), STAGE.FIELD (e.g. virksomhedscenter.wait_days_p90) or ROLE.FIELD (e.g. sagsbehandlere.fte_needed_mean)")
    })
}

/// A figure and its goal: "max"/"min" as written, or else the figure's own direction.
fn goal(model: &Model, figure: &str, written: Option<&str>) -> Result<Goal, String> {
    let metric = metric(model, figure)?;
    let maximize = match written.map(|g| g.trim().to_lowercase()) {
        Some(g) if g == "max" || g == "maximize" => true,
        Some(g) if g == "min" || g == "minimize" => false,
        Some(g) => return Err(format!("goal \"{g}\" is neither max nor min")),
        None => match metric.figure().direction {
            Direction::HigherIsBetter => true,
            Direction::LowerIsBetter => false,
            Direction::Neither => {
                return Err(format!(
                    "\"{figure}\" is neither better high nor low; say which with max or min"
                ))
            }
        },
    };
    Ok(Goal { metric, maximize })
}

type Goals = (Option<Goal>, Vec<Target>, Option<[Goal; 2]>, Vec<Metric>);

/// The objective, constraints, Pareto figures and shown figures, checked against the base model.
fn goals(raw: &RawPlan, model: &Model, problems: &mut Problems<'_>) -> Goals {
    let root = FieldPath::default();
    let objective = raw.objective.as_ref().and_then(|o| {
        goal(model, &o.figure, o.goal.as_deref())
            .map_err(|m| problems.add(&root.key("objective"), m))
            .ok()
    });
    let constraints = raw
        .constraints
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            parse_target(model, text, None, None)
                .map_err(|m| problems.add(&root.key("constraints").index(i), m))
                .ok()
        })
        .collect();
    let pareto: Vec<Goal> = raw
        .pareto
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            let t = text.trim();
            let (word, figure) = match t.split_once(char::is_whitespace) {
                Some((w, f)) if ["max", "min"].contains(&w.to_lowercase().as_str()) => (Some(w), f),
                _ => (None, t),
            };
            goal(model, figure, word)
                .map_err(|m| problems.add(&root.key("pareto").index(i), m))
                .ok()
        })
        .collect();
    if !raw.pareto.is_empty() && raw.pareto.len() != 2 {
        problems.add(
            &root.key("pareto"),
            "pareto names two figures, e.g. [\"cost_total_dkk\", \"mal2\"]",
        );
    }
    let show = raw
        .show
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            metric(model, text)
                .map_err(|m| problems.add(&root.key("show").index(i), m))
                .ok()
        })
        .collect();
    let pareto = <[Goal; 2]>::try_from(pareto).ok();
    (objective, constraints, pareto, show)
}

type Grid = (Vec<String>, Vec<Dimension>, Vec<Axis>, Option<(usize, u64)>);

/// The columns, dimensions and axes of the point grid.
fn grid(raw: &RawPlan, model: &Model, seed: u64, problems: &mut Problems<'_>) -> Option<Grid> {
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

/// What one `[[dimensions]]` table holds, checked.
struct Found {
    name: String,
    /// Column names, with where each is written.
    columns: Vec<(String, FieldPath)>,
    body: Body,
}

enum Body {
    Levels(DimensionKind, Vec<Level>),
    Range {
        path: String,
        from: f64,
        to: f64,
        integer: bool,
    },
}

/// One `[[dimensions]]` table: a path with values or a range, linked paths, or strategies.
fn dimension(
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
fn round_to(x: f64, decimals: i32) -> f64 {
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
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
fn expand(axes: &[Axis], columns: usize, dims: usize) -> Vec<PointSpec> {
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
fn check_points(
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
    let models = super::Models::new(scenario);
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
