//! The problem collector every table's check writes into, with the range checks for the units a
//! scenario uses (days, weeks, kroner, hazard multipliers, distributions) and small helpers for
//! messages and names.

use super::{MAX_DAYS, MAX_MULTIPLIER, MAX_WEEKS};
use crate::dist::{Dist, DistSpec};
use crate::scenario::error::FieldPath;

/// Collects problems while building the model.
#[derive(Default)]
pub(super) struct Checker {
    problems: Vec<(FieldPath, String)>,
}

impl Checker {
    /// Nothing has been found wrong so far: the checks that need a whole model run only then.
    pub(super) fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }

    /// Problems found so far, to tell whether a check added any.
    pub(super) fn count(&self) -> usize {
        self.problems.len()
    }

    /// Every problem found, in the order found.
    pub(super) fn into_problems(self) -> Vec<(FieldPath, String)> {
        self.problems
    }

    pub(super) fn problem(&mut self, path: &FieldPath, message: impl Into<String>) {
        self.problems.push((path.clone(), message.into()));
    }

    /// A finite number in `[min, max]`.
    pub(super) fn range(
        &mut self,
        path: &FieldPath,
        value: f64,
        min: f64,
        max: f64,
        what: &str,
    ) -> f64 {
        if !value.is_finite() || value < min || value > max {
            self.problem(path, format!("{what} (got {})", crate::dist::show(value)));
        }
        value
    }

    /// A time in days, within the run's reach.
    pub(super) fn days(&mut self, path: &FieldPath, value: f64) -> f64 {
        self.range(
            path,
            value,
            0.0,
            MAX_DAYS,
            "must be a number of days from 0 to 36525 (100 years)",
        )
    }

    /// A time in weeks, within the run's reach.
    pub(super) fn weeks(&mut self, path: &FieldPath, value: f64) -> f64 {
        self.range(
            path,
            value,
            0.0,
            MAX_WEEKS,
            "must be a number of weeks from 0 to 5217 (100 years)",
        )
    }

    /// An amount of money in kroner from 0 to `max`.
    pub(super) fn dkk(&mut self, path: &FieldPath, value: f64, max: f64) -> f64 {
        let what = format!("must be an amount in kroner from 0 to {max}");
        self.range(path, value, 0.0, max, &what)
    }

    /// A hazard multiplier: 1 = no change.
    pub(super) fn multiplier(&mut self, path: &FieldPath, value: f64) -> f64 {
        self.range(
            path,
            value,
            0.0,
            MAX_MULTIPLIER,
            "must be a hazard multiplier from 0 to 100 (1 = no change)",
        )
    }

    /// A distribution whose parameters are times in `unit` ("days" or "weeks"), each at most
    /// `max` (100 years).
    pub(super) fn dist(&mut self, path: &FieldPath, spec: &DistSpec, max: f64, unit: &str) -> Dist {
        let mut ok = true;
        for (field, value) in spec.parameters() {
            if value.is_finite() && value > max {
                ok = false;
                self.problem(
                    &path.key(field),
                    format!(
                        "must be at most {} {unit} (100 years) (got {})",
                        max.floor(),
                        crate::dist::show(value)
                    ),
                );
            }
        }
        match spec.compile() {
            Ok(d) if ok => d,
            Ok(_) => Dist::fixed(0.0),
            Err(problems) => {
                for p in problems {
                    self.problem(&path.key(p.field), p.message);
                }
                Dist::fixed(0.0)
            }
        }
    }

    pub(super) fn weights_sum_to_one(&mut self, path: &FieldPath, weights: &[f64], what: &str) {
        // An empty list has its own problem ("needs at least one"); its sum says nothing more.
        if weights.is_empty() {
            return;
        }
        let sum: f64 = weights.iter().sum();
        if weights.iter().all(|w| w.is_finite()) && (sum - 1.0).abs() > 1e-6 {
            self.problem(path, format!("{what} must sum to 1 (they sum to {sum:.6})"));
        }
    }
}

/// The valid choices, quoted and listed, so a message can say what would be right.
pub(super) fn one_of(options: &[&str]) -> String {
    // A name defined twice (itself an error) is listed once.
    let mut seen: Vec<&str> = Vec::new();
    for o in options {
        if !seen.contains(o) {
            seen.push(o);
        }
    }
    seen.iter()
        .map(|o| format!("\"{o}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Names are how routes, paths and messages refer to things, so a blank one is an error.
pub(super) fn check_name(c: &mut Checker, path: &FieldPath, name: &str) {
    if name.trim().is_empty() {
        c.problem(path, "must not be empty");
    }
}
