//! Reading a plan: its TOML shape, and the checks and expansion that turn it into a [`Plan`].

use std::path::Path;

use serde::Deserialize;
use toml::Value;

use super::goals::goals;
use super::grid::grid;
use super::points::{check_points, expand};
use super::problems::Problems;
use super::{Base, Plan};
use crate::commands::{MAX_REPLICATIONS, MAX_THREADS};
use crate::scenario::error::{FieldPath, Locator};
use crate::scenario::{syntax_error, Scenario, ScenarioError, Source};
use crate::sweep::FigureList;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPlan {
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) description: Option<String>,
    #[serde(default)]
    pub(super) scenario: Option<String>,
    #[serde(default)]
    pub(super) replications: Option<u32>,
    #[serde(default)]
    pub(super) seed: Option<u64>,
    #[serde(default)]
    pub(super) threads: Option<u32>,
    #[serde(default)]
    pub(super) constraints: Vec<String>,
    #[serde(default)]
    pub(super) pareto: Vec<String>,
    #[serde(default)]
    pub(super) show: Vec<String>,
    #[serde(default)]
    pub(super) objective: Option<RawObjective>,
    #[serde(default)]
    pub(super) hypercube: Option<RawHypercube>,
    #[serde(default)]
    pub(super) dimensions: Vec<RawDimension>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawObjective {
    pub(super) figure: String,
    #[serde(default)]
    pub(super) goal: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHypercube {
    pub(super) n: usize,
    #[serde(default)]
    pub(super) seed: Option<u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawDimension {
    #[serde(default)]
    pub(super) name: Option<String>,
    #[serde(default)]
    pub(super) path: Option<String>,
    #[serde(default)]
    pub(super) values: Option<Vec<Value>>,
    #[serde(default)]
    pub(super) from: Option<Value>,
    #[serde(default)]
    pub(super) to: Option<Value>,
    #[serde(default)]
    pub(super) step: Option<Value>,
    #[serde(default)]
    pub(super) linked: Option<Vec<RawDimension>>,
    #[serde(default)]
    pub(super) strategy: Option<Vec<String>>,
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
            scenario_hash: crate::sweep::store::scenario_hash(&scenario.source.text),
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
}
