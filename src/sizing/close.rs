//! Closing a project: judge closing it (to a number of places, ending stays or letting them run
//! out) at the start of each month, and find the earliest month from which every later one is
//! safe.

use super::judge::Verdict;
use super::lever;
use super::target::Target;
use super::{evaluate, month_label, Budget, Evaluation, Progress};
use crate::model::StageId;
use crate::scenario::{Override, Scenario};

/// The answer of a closing-month scan.
#[derive(Debug, Clone)]
pub struct CloseResult {
    /// One evaluation per candidate month, in order.
    pub evaluations: Vec<Evaluation>,
    /// First month from which closing meets every target in every later month scanned.
    pub earliest_safe: Option<usize>,
    /// Last month in which closing meets every target.
    pub latest_safe: Option<usize>,
    pub warnings: Vec<String>,
}

/// A project to close.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Closing {
    pub stage: StageId,
    /// Places left after closing.
    pub to: u32,
    /// Participants leave at once (otherwise places close as stays end).
    pub end_stays: bool,
}

/// The override that closes the stage at the start of calendar month `month`: earlier schedule
/// steps are kept, later ones dropped.
pub fn close_in_month(scenario: &Scenario, closing: &Closing, month: usize) -> Override {
    let m = &scenario.model;
    let day = m.calendar.month_start(month).unwrap_or(0.0);
    let last = lever::step(m, day, closing.to, closing.end_stays);
    lever::schedule_from(scenario, closing.stage, day, last)
}

/// Judge closing a project at the start of each month in `months`.
pub fn scan_close(
    scenario: &Scenario,
    closing: &Closing,
    months: &[usize],
    targets: &[Target],
    budget: &Budget,
    progress: Progress,
) -> Result<CloseResult, String> {
    let model = &scenario.model;
    let mut evaluations = Vec::new();
    for &month in months {
        let m = scenario
            .with(&[close_in_month(scenario, closing, month)])
            .map_err(|e| e.to_string())?;
        let label = month_label(model, month);
        evaluations.push(evaluate(
            &m,
            targets,
            budget,
            month as f64,
            label,
            progress,
            None,
        )?);
    }
    let met: Vec<bool> = evaluations
        .iter()
        .map(|e| e.verdict == Verdict::Met)
        .collect();
    let earliest_safe = (0..met.len())
        .find(|&i| met[i..].iter().all(|&m| m))
        .map(|i| months[i]);
    let latest_safe = (0..met.len()).rev().find(|&i| met[i]).map(|i| months[i]);
    let mut warnings = Vec::new();
    if let Some(first) = met.iter().position(|&m| m) {
        if earliest_safe.is_some_and(|e| months[first] < e) {
            warnings.push(format!(
                "closing in {} meets the targets, but some later months do not: check the table, the plan may have a gap later on",
                month_label(model, months[first])
            ));
        }
    }
    Ok(CloseResult {
        evaluations,
        earliest_safe,
        latest_safe,
        warnings,
    })
}
