//! Problems with a plan, located in its text (file, line and column), each said once.

use crate::scenario::error::{FieldPath, Locator};
use crate::scenario::{Problem, ScenarioError};

/// Problems with the plan, located in its text.
pub(super) struct Problems<'a> {
    pub(super) file: &'a str,
    pub(super) locator: Locator<'a>,
    pub(super) list: Vec<Problem>,
}

impl<'a> Problems<'a> {
    pub(super) fn add(&mut self, at: &FieldPath, message: impl Into<String>) {
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
    pub(super) fn origin(&self, at: &FieldPath) -> String {
        match self.locator.locate(at) {
            Some(l) => format!("{}:{}:{}", self.file, l.line, l.column),
            None => self.file.to_string(),
        }
    }

    pub(super) fn check(&mut self) -> Result<(), ScenarioError> {
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
