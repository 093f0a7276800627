//! Scenario files: TOML text → [`RawScenario`] → validated [`Model`], with errors that point at
//! file, line and column. The embedded default scenario lives here too.

pub mod error;
pub mod raw;
pub mod validate;

use std::path::Path;

pub use error::{Location, Problem, ScenarioError};
pub use raw::RawScenario;

use crate::model::Model;
use error::{location_of, plain_parser_message, Locator};

/// The default job centre, shipped as `scenarios/default.toml` and compiled into the binary.
pub const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/default.toml");

/// Name shown for the embedded scenario in messages.
pub const DEFAULT_SCENARIO_NAME: &str = "scenarios/default.toml (embedded)";

/// Parse and validate scenario text; `file` is only used in messages.
pub fn load_str(source: &str, file: &str) -> Result<Model, ScenarioError> {
    let raw = parse_str(source, file)?;
    validate::validate(&raw).map_err(|problems| {
        let locator = Locator::new(source);
        ScenarioError {
            file: file.to_string(),
            problems: problems
                .into_iter()
                .map(|(path, message)| Problem {
                    location: locator.locate(&path),
                    field: path.to_string(),
                    message,
                })
                .collect(),
        }
    })
}

/// Parse scenario text into its raw form without checking meaning.
pub fn parse_str(source: &str, file: &str) -> Result<RawScenario, ScenarioError> {
    toml::from_str::<RawScenario>(source).map_err(|e| {
        let offset = e.span().map(|s| s.start);
        ScenarioError {
            file: file.to_string(),
            problems: vec![Problem {
                field: offset
                    .and_then(|o| Locator::new(source).path_at(o))
                    .map(|p| p.to_string())
                    .unwrap_or_default(),
                message: plain_parser_message(e.message()),
                location: offset.map(|o| location_of(source, o)),
            }],
        }
    })
}

/// Read, parse and validate a scenario file.
pub fn load_file(path: &Path) -> Result<Model, ScenarioError> {
    let file = path.display().to_string();
    let source = std::fs::read_to_string(path).map_err(|e| ScenarioError {
        file: file.clone(),
        problems: vec![Problem {
            field: String::new(),
            message: format!("cannot read the scenario file: {e}"),
            location: None,
        }],
    })?;
    load_str(&source, &file)
}

/// The embedded default scenario, validated.
pub fn default_model() -> Result<Model, ScenarioError> {
    load_str(DEFAULT_SCENARIO, DEFAULT_SCENARIO_NAME)
}
