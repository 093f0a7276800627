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
    pub warnings: Vec<crate::lang::Text>,
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
            let month = month_label(model, months[first]);
            warnings.push(crate::lang::Text::new(
                format!("lukning i {month} opfylder kravene, men nogle senere måneder gør ikke: se tabellen, planen kan have et hul senere"),
                format!("closing in {month} meets the requirements, but some later months do not: check the table, the plan may have a gap later on"),
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

/// The search at one closing month.
#[derive(Debug, Clone)]
pub struct MonthSize {
    pub month: usize,
    pub result: super::SizeResult,
}

/// For each month the project could close in, the smallest setting of `lever` that meets the
/// targets: the planner's question "how many company-centre places before we close X in month
/// M?", asked of every month at once. Each month's search is the scenario with the closing as one
/// more override, exactly as if the closing were written in the file.
#[allow(clippy::too_many_arguments)]
pub fn size_each_month(
    scenario: &Scenario,
    closing: &Closing,
    months: &[usize],
    lever: &super::Lever,
    targets: &[Target],
    budget: &Budget,
    range: (u32, Option<u32>),
    progress: Progress,
) -> Result<Vec<MonthSize>, String> {
    months
        .iter()
        .map(|&month| {
            let closed = scenario
                .extended(&[close_in_month(scenario, closing, month)])
                .map_err(|e| e.to_string())?;
            let label = month_label(&scenario.model, month);
            let inner = |what: &str, reps: u32| progress(&format!("{label}: {what}"), reps);
            let result =
                super::search::size(&closed, lever, targets, budget, range.0, range.1, &inner)?;
            Ok(MonthSize { month, result })
        })
        .collect()
}
