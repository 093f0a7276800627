//! What a search moves: a stage's places (for the whole run, or from a month on) or a staff
//! role's FTE, in steps. Each candidate is the scenario with overrides on top of the user's, so
//! it is read and validated exactly as the file would be with that number written in it.

use crate::figures::Lang;
use toml::Value;

use crate::model::{Model, StageId};
use crate::scenario::{Override, Scenario};

/// What is searched.
#[derive(Debug, Clone, PartialEq)]
pub enum Lever {
    /// Places in a stage: for the whole run, or from `from_day` on (earlier schedule kept).
    Stage {
        stage: StageId,
        from_day: Option<f64>,
    },
    /// FTE in a staff role, in steps of `step`.
    Role { role: usize, step: f64 },
}

/// The overrides that set the lever to `k` steps.
pub fn overrides(scenario: &Scenario, lever: &Lever, k: u32) -> Vec<Override> {
    let m = &scenario.model;
    match *lever {
        Lever::Stage { stage, from_day } => {
            let at = format!("stages.#{stage}");
            match from_day {
                None => vec![
                    Override::new(format!("{at}.capacity"), Value::Integer(k.into()), "size"),
                    Override::new(
                        format!("{at}.capacity_schedule"),
                        Value::Array(Vec::new()),
                        "size",
                    ),
                ],
                Some(day) => vec![schedule_from(scenario, stage, day, step(m, day, k, false))],
            }
        }
        Lever::Role { role, step } => vec![Override::new(
            format!("staff.#{role}.fte"),
            Value::Float(f64::from(k) * step),
            "size",
        )],
    }
}

/// A capacity-schedule step from `day` (a whole day inside the calendar) with `capacity` places.
pub fn step(m: &Model, day: f64, capacity: u32, end_stays: bool) -> Value {
    let mut t = toml::Table::new();
    let date = m.calendar.date_of(day).format("%Y-%m-%d").to_string();
    t.insert("from_date".into(), Value::String(date));
    t.insert("capacity".into(), Value::Integer(capacity.into()));
    if end_stays {
        t.insert("end_stays".into(), Value::Boolean(true));
    }
    Value::Table(t)
}

/// The stage's capacity schedule as written, with the steps from `day` on replaced by `last`.
pub fn schedule_from(scenario: &Scenario, stage: StageId, day: f64, last: Value) -> Override {
    let table = scenario.table();
    let written = table
        .get("stages")
        .and_then(|s| s.get(stage))
        .and_then(|s| s.get("capacity_schedule"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // The model's schedule has one step per written entry, in the same order: keep those before
    // the day.
    let mut kept: Vec<Value> = written
        .into_iter()
        .zip(&scenario.model.stages[stage].schedule)
        .filter(|(_, s)| s.day < day)
        .map(|(v, _)| v)
        .collect();
    kept.push(last);
    Override::new(
        format!("stages.#{stage}.capacity_schedule"),
        Value::Array(kept),
        "size",
    )
}

pub fn value(lever: &Lever, k: u32) -> f64 {
    match lever {
        Lever::Stage { .. } => f64::from(k),
        Lever::Role { step, .. } => f64::from(k) * step,
    }
}

/// A setting for people: "52" places, "4,5" FTE.
pub fn label(lever: &Lever, k: u32, lang: Lang) -> String {
    match lever {
        Lever::Stage { .. } => k.to_string(),
        Lever::Role { .. } => crate::export::text::trimmed(value(lever, k), 2, lang),
    }
}

/// "pladser" or "årsværk", "places" or "FTE", for messages.
pub fn unit_word(lever: &Lever, lang: Lang) -> &'static str {
    match lever {
        Lever::Stage { .. } => lang.pick("pladser", "places"),
        Lever::Role { .. } => crate::figures::Unit::Fte.suffix(lang),
    }
}

/// Where the search starts looking upwards: the current setting, at least one step.
pub fn current_steps(model: &Model, lever: &Lever) -> u32 {
    match *lever {
        Lever::Stage { stage, from_day } => {
            let st = &model.stages[stage];
            let at = match from_day {
                None => st.capacity,
                Some(day) => st
                    .schedule
                    .iter()
                    .rev()
                    .find(|c| c.day <= day)
                    .map_or(st.capacity, |c| c.capacity),
            };
            at.unwrap_or(1).max(1)
        }
        Lever::Role { role, step } => model.staff[role]
            .fte
            .map_or(1, |f| (f / step).round().max(1.0) as u32),
    }
}
