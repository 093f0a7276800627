//! Turns a [`RawScenario`] into a [`Model`], collecting every problem with its field path and
//! what would be valid, so `kapacitet check` can list them all at once. Each table has its own
//! file; this one runs them in a fixed order, which is the order problems are listed in (users
//! read them top to bottom, and the tests pin it), and assembles the model.

mod arrivals;
mod checker;
mod intake;
mod meta;
mod paths;
mod reachability;
mod reporting;
mod routes;
mod schedule;
mod segments;
mod staff;
mod stages;
mod strategy;
#[cfg(test)]
mod tests;
mod warnings;

use super::error::FieldPath;
use super::raw::RawScenario;
use crate::calendar::Calendar;
use crate::model::Model;
use checker::Checker;

/// Names a route may use besides stage names.
pub const SPECIAL_TARGETS: [&str; 3] = ["job", "passive", "other_benefit"];

/// Every time a scenario gives (deadlines, waits, delays, durations, the run itself) is at most
/// 100 years: far beyond any plan, and well inside what the engine and the calendar handle.
pub const MAX_DAYS: f64 = 36_525.0;
pub const MAX_WEEKS: f64 = MAX_DAYS / 7.0;

/// Plausible ceilings for money (kroner): a place costing a million a week, or an outcome
/// payment of ten million, is a typing slip, and keeps every total finite.
pub const MAX_PRICE_PER_WEEK_DKK: f64 = 1_000_000.0;
pub const MAX_PAYMENT_DKK: f64 = 10_000_000.0;

/// Largest hazard multiplier (lock-in, after-effect, conversation effect).
pub const MAX_MULTIPLIER: f64 = 100.0;

/// Most places in a stage.
pub const MAX_PLACES: i64 = 1_000_000;

/// Most FTE in a staff role.
pub const MAX_FTE: f64 = 100_000.0;

/// Validate a parsed scenario; on failure, every problem with its field path.
pub fn validate(raw: &RawScenario) -> Result<Model, Vec<(FieldPath, String)>> {
    let mut c = Checker::default();
    let run = meta::scenario(&mut c, raw);
    let week = meta::calendar(&mut c, raw);
    let segments = segments::segments(&mut c, raw);
    let arrivals = arrivals::arrivals(&mut c, raw);
    let stock = arrivals::initial_stock(&mut c, raw);
    // Names first, so routes can refer forwards.
    let stage_names: Vec<&str> = raw.stages.iter().map(|s| s.name.as_str()).collect();
    let stages = stages::stages(
        &mut c,
        raw,
        &stages::Context {
            stage_names: &stage_names,
            start: run.start,
            working: week.working,
            segments: &segments,
        },
    );
    let paths = paths::paths(&mut c, raw, &segments, &stage_names);
    let staff = staff::staff(&mut c, raw, &segments, &stage_names);
    let contact_plan = staff::contact_plan(&mut c, raw);
    let deadlines = staff::deadlines(&mut c, raw);
    let effects = strategy::effects(&mut c, raw);
    let (strategy, strategies) = strategy::strategies(&mut c, raw, &segments);
    let reporting = reporting::reporting(&mut c, raw);

    // The whole-model checks assume every name resolved and every number is in range.
    if c.is_clean() {
        reachability::trapped(&mut c, &stages, &paths);
    }
    let loops = if c.is_clean() {
        reachability::zero_time_loops(&mut c, &stages, &paths, &segments)
    } else {
        Vec::new()
    };
    if !c.is_clean() {
        return Err(c.into_problems());
    }

    let warmup_days = run.warmup_weeks * 7.0;
    let horizon_days = run.horizon_weeks * 7.0;
    let days = (warmup_days + horizon_days).ceil() as usize + 8;
    let mut model = Model {
        name: raw.scenario.name.clone(),
        description: raw.scenario.description.clone().unwrap_or_default(),
        replications: run.replications as u32,
        seed: raw.scenario.seed as u64,
        warmup_days,
        horizon_days,
        calendar: Calendar::new(run.start, days, week.working, &week.closed),
        segments,
        arrivals,
        stock,
        stages,
        paths,
        reporting,
        staff,
        contact_plan,
        deadlines,
        warnings: Vec::new(),
        effects,
        strategy,
        strategies,
    };
    model.warnings = warnings::warnings(raw, &model, &loops, &week.closed);
    Ok(model)
}
