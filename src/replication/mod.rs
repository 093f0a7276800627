//! One replication's key figures: runs the engine and reduces its records to the key figures of
//! [`crate::figures`], the per-stage and staff figures and the survival cohort. Pure: model and
//! seed in, figures out. `tally.rs` reduces the citizens as they leave, `figures.rs` the records
//! at the end, with sums exact in any order from `exact_sum.rs`.
//!
//! What the figures need from each citizen is reduced as the citizen's record is closed (a
//! [`Tally`], the engine's [`Recorder`]), so a replication keeps no record of the citizens who
//! have left. Every count is the same whatever order the citizens come in, and the two means
//! over citizens (time on benefit, time to first placement) are summed exactly, so they do not
//! depend on it either.

mod exact_sum;
mod figures;
mod tally;

use crate::binned::WaitBins;
use crate::engine::{self, Recorder, RunRecord};
use crate::figures::Kpi;
use crate::model::Model;
use crate::monitor::{Monthly, Weekly};
use figures::figures;
pub use tally::Tally;

/// Weeks at which the survival of new applicants is reported.
pub const SURVIVAL_WEEKS: [f64; 8] = [4.0, 8.0, 13.0, 26.0, 39.0, 52.0, 78.0, 104.0];

/// Per-stage figures of one replication.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageFigures {
    /// Time-average occupied places ÷ time-average places; NaN when places are unlimited.
    pub utilisation: f64,
    pub occupancy_mean: f64,
    pub capacity_mean: f64,
    pub queue_mean: f64,
    pub wait_days_mean: f64,
    pub wait_days_p50: f64,
    pub wait_days_p90: f64,
    pub stay_days_mean: f64,
    pub referrals_per_month: f64,
    pub entries_per_month: f64,
    pub cost_dkk: f64,
    /// Time in queue of everyone referred here in the window, those who stopped waiting
    /// without a start (or were still waiting at the end) counted as censored: the
    /// Kaplan-Meier mean, restricted to the longest time observed.
    pub wait_all_days_mean: f64,
    /// Formed over all replications together ([`crate::report`]): NaN in one replication.
    pub wait_days_p50_pooled: f64,
    pub wait_days_p90_pooled: f64,
}

/// Stage figures formed over all replications together rather than in each one.
pub const POOLED_STAGE_FIELDS: [(&str, f64); 2] =
    [("wait_days_p50_pooled", 0.5), ("wait_days_p90_pooled", 0.9)];

/// Names of the per-stage figures, in [`StageFigures::values`] order: the catalogue's keys, checked
/// against [`crate::figures`] by its tests.
#[cfg(test)]
pub const STAGE_FIELDS: [&str; STAGE_FIGURE_COUNT] = [
    "utilisation",
    "occupancy_mean",
    "capacity_mean",
    "queue_mean",
    "wait_days_mean",
    "wait_days_p50",
    "wait_days_p90",
    "stay_days_mean",
    "referrals_per_month",
    "entries_per_month",
    "cost_dkk",
    "wait_all_days_mean",
    "wait_days_p50_pooled",
    "wait_days_p90_pooled",
];

/// How many stage figures there are.
pub const STAGE_FIGURE_COUNT: usize = 14;

impl StageFigures {
    pub fn values(&self) -> [f64; STAGE_FIGURE_COUNT] {
        [
            self.utilisation,
            self.occupancy_mean,
            self.capacity_mean,
            self.queue_mean,
            self.wait_days_mean,
            self.wait_days_p50,
            self.wait_days_p90,
            self.stay_days_mean,
            self.referrals_per_month,
            self.entries_per_month,
            self.cost_dkk,
            self.wait_all_days_mean,
            self.wait_days_p50_pooled,
            self.wait_days_p90_pooled,
        ]
    }
}

/// Per-role staffing figures of one replication.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaffFigures {
    /// Staffing given in the scenario (NaN: not limited).
    pub fte: f64,
    pub fte_needed_mean: f64,
    pub fte_needed_p90: f64,
    pub caseload_mean: f64,
    pub caseload_per_fte: f64,
    pub backlog_mean: f64,
    pub backlog_p90: f64,
    pub overdue_mean: f64,
    pub overdue_p90: f64,
    pub overdue_max: f64,
    pub conversations_per_month: f64,
    pub on_time_share: f64,
    pub no_shows_per_month: f64,
}

/// Names of the per-role figures, in [`StaffFigures::values`] order: the catalogue's keys, checked
/// against [`crate::figures`] by its tests.
#[cfg(test)]
pub const STAFF_FIELDS: [&str; 13] = [
    "fte",
    "fte_needed_mean",
    "fte_needed_p90",
    "caseload_mean",
    "caseload_per_fte",
    "backlog_mean",
    "backlog_p90",
    "overdue_mean",
    "overdue_p90",
    "overdue_max",
    "conversations_per_month",
    "on_time_share",
    "no_shows_per_month",
];

impl StaffFigures {
    pub fn values(&self) -> [f64; 13] {
        [
            self.fte,
            self.fte_needed_mean,
            self.fte_needed_p90,
            self.caseload_mean,
            self.caseload_per_fte,
            self.backlog_mean,
            self.backlog_p90,
            self.overdue_mean,
            self.overdue_p90,
            self.overdue_max,
            self.conversations_per_month,
            self.on_time_share,
            self.no_shows_per_month,
        ]
    }
}

/// Share of a new-applicant cohort still on benefit after `week` weeks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurvivalPoint {
    pub week: f64,
    pub on_benefit: f64,
    /// Citizens in the cohort (arrived early enough to be followed for `week` weeks).
    pub cohort: usize,
}

/// Everything one replication contributes to the statistics.
#[derive(Debug, Clone)]
pub struct Replication {
    /// Indexed by [`Kpi`]; NaN where undefined (e.g. an empty cohort).
    pub kpis: Vec<f64>,
    pub stages: Vec<StageFigures>,
    /// Per stage: the waits of the starts in the window, by bin (for percentiles pooled over
    /// replications).
    pub waits: Vec<WaitBins>,
    pub staff: Vec<StaffFigures>,
    /// Per staff role, the FTE needed at each weekly snapshot (the same weeks as `weekly`).
    pub fte_needed_weekly: Vec<Vec<f64>>,
    pub weekly: Weekly,
    /// End of each calendar month in the measured window (the transition report).
    pub monthly: Monthly,
    /// Per entry of `monthly`: someone was without an offer past a deadline during the month.
    pub offer_gap: Vec<bool>,
    pub survival: Vec<SurvivalPoint>,
    pub events: u64,
    /// Most citizens present at once in the run (the size of the engine's citizen table).
    pub peak_slots: usize,
}

impl Replication {
    pub fn kpi(&self, k: Kpi) -> f64 {
        self.kpis[k as usize]
    }
}

/// Run replication with `seed` and compute its figures; [`engine::Stuck`] when citizens went
/// round stages without time passing and the run had to stop.
pub fn replicate(model: &Model, seed: u64) -> Result<Replication, engine::Stuck> {
    let (run, tally) = engine::run_recorded(model, seed, Tally::new(model))?;
    Ok(figures(model, run, tally))
}

pub(crate) fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        f64::NAN
    }
}

/// Reduce a run's records to figures (a run from [`engine::run`], which keeps every citizen's
/// record): the same figures [`replicate`] gives.
pub fn summarise(model: &Model, mut run: RunRecord) -> Replication {
    let mut tally = Tally::new(model);
    // Each citizen's memo word, by arrival number.
    let mut memo = vec![0u32; run.citizens.len()];
    for &(c, t) in &run.company_ends {
        tally.company_end(&mut memo[c as usize], &run.citizens[c as usize], t);
    }
    for &(c, s, t) in &run.outcome_watch {
        tally.outcome_watch(&mut memo[c as usize], &run.citizens[c as usize], s, t);
    }
    for c in std::mem::take(&mut run.citizens) {
        tally.citizen_done(&mut memo[c.id as usize], &c);
    }
    figures(model, run, tally)
}
