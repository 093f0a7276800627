//! Sizing (`kapacitet size`): the smallest number of places in a stage, or FTE in a staff role,
//! that meets a set of targets, and the months in which a project can close without missing
//! them. Every candidate is the scenario with overrides on top of the user's ([`lever`],
//! [`close`]), run on the same replication seeds (common random numbers), so two candidates
//! differ only by the setting searched. A target ([`target`]) is met when the whole 95 %
//! confidence interval of its mean lies on the right side ([`judge`]); when the interval
//! straddles the target, more replications are run, up to a limit, and a candidate still in
//! doubt is reported as undecided rather than guessed.

pub mod binds;
pub mod close;
pub mod judge;
pub mod lever;
pub mod search;
pub mod target;

pub use close::{scan_close, size_each_month, CloseResult, Closing, MonthSize};
pub use judge::{judge, TargetCheck, Verdict, EDGE_REPLICATIONS};
pub use lever::Lever;
pub use search::{size, SizeResult};
pub use target::{parse_target, Metric, Op, Target};

use crate::model::{Model, StageId};
use crate::runner::run_replication_range;

/// Replication budget and run settings.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub replications: u32,
    pub max_replications: u32,
    pub seed: u64,
    pub threads: Option<usize>,
}

/// One candidate setting, judged.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Places, FTE, or (closing) the month index in the calendar.
    pub setting: f64,
    /// "52", "4,5", "2011-03".
    pub label: String,
    pub replications: u32,
    pub checks: Vec<TargetCheck>,
    pub verdict: Verdict,
    /// Searching a stage: nobody ever waited for a place in it, in any replication, so more
    /// places cannot change anything.
    pub idle: bool,
    /// Where citizens and staff were held up, for saying what binds when the lever no longer
    /// helps.
    pub pressure: binds::Pressure,
}

/// A progress note for a spinner: (what is being run, replications).
pub type Progress<'a> = &'a (dyn Fn(&str, u32) + Sync);

/// Run `model` with more replications until every target is decided or the budget is spent;
/// with `stage`, also note whether anyone ever waited for a place there.
pub(crate) fn evaluate(
    model: &Model,
    targets: &[Target],
    budget: &Budget,
    setting: f64,
    label: String,
    progress: Progress,
    stage: Option<StageId>,
) -> Result<Evaluation, String> {
    let queue_field = crate::figures::stage_figure("queue_mean").unwrap_or(0);
    // A citizen sent on to a fallback when the stage is full never shows in its queue, so an
    // empty queue says nothing for a stage with a fallback.
    let mut idle = stage.is_some_and(|s| !has_fallback(model, s));
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); targets.len()];
    let mut pressure = binds::Pressure::new(model);
    let mut done = 0u32;
    let mut want = budget.replications.max(2);
    loop {
        progress(&label, want);
        let reps = run_replication_range(model, done..want, budget.seed, budget.threads, &|| {})?;
        for rep in &reps {
            for (t, v) in targets.iter().zip(values.iter_mut()) {
                v.push(t.metric.value(rep));
            }
            if let Some(s) = stage {
                idle &= rep.stages[s].values()[queue_field] == 0.0;
            }
            pressure.add(rep);
        }
        done = want;
        let checks: Vec<TargetCheck> = targets
            .iter()
            .zip(&values)
            .map(|(t, v)| judge(t, v))
            .collect();
        let verdict = Verdict::all(checks.iter().map(|c| c.verdict));
        if verdict != Verdict::Undecided || done >= budget.max_replications {
            return Ok(Evaluation {
                setting,
                label,
                replications: done,
                checks,
                verdict,
                idle,
                pressure,
            });
        }
        want = (done * 2).min(budget.max_replications);
    }
}

/// Some path or route to stage `s` names a fallback.
fn has_fallback(model: &Model, s: StageId) -> bool {
    let referrals = model.paths.iter().map(|p| p.referral).chain(
        model
            .stages
            .iter()
            .flat_map(|st| st.routes.iter().map(|r| r.target))
            .filter_map(|t| match t {
                crate::model::Target::Stage(r) => Some(r),
                _ => None,
            }),
    );
    referrals
        .filter(|r| r.stage == s)
        .any(|r| r.fallback.is_some())
}

/// Calendar months whose first day lies inside the measured window.
pub fn window_months(model: &Model) -> Vec<usize> {
    (0..model.calendar.months())
        .filter(|&i| {
            model
                .calendar
                .month_start(i)
                .is_some_and(|d| d >= model.warmup_days && d < model.end_day())
        })
        .collect()
}

/// "2011-03" for calendar month `index`.
pub fn month_label(model: &Model, index: usize) -> String {
    let day = model.calendar.month_start(index).unwrap_or(0.0);
    model.calendar.date_of(day).format("%Y-%m").to_string()
}

/// Calendar month index of "2011-03", if it is in the run.
pub fn month_index(model: &Model, text: &str) -> Option<usize> {
    (0..model.calendar.months()).find(|&i| month_label(model, i) == text.trim())
}
