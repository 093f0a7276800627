//! A stage's places: `capacity` and the `capacity_schedule` of changes, each taking effect on a
//! day given by exactly one of a week, a month or a date.

use chrono::NaiveDate;

use super::checker::Checker;
use super::{MAX_DAYS, MAX_PLACES};
use crate::model::CapacityStep;
use crate::scenario::error::FieldPath;
use crate::scenario::raw::{RawCapacityChange, RawStage};

pub(super) fn capacity_schedule(
    c: &mut Checker,
    p: &FieldPath,
    s: &RawStage,
    start: NaiveDate,
) -> Vec<CapacityStep> {
    let mut schedule = Vec::new();
    let mut last_day = f64::NEG_INFINITY;
    for (j, ch) in s.capacity_schedule.iter().enumerate() {
        let q = p.key("capacity_schedule").index(j);
        let Some((day, field)) = schedule_day(c, &q, ch, start) else {
            continue;
        };
        if day <= last_day {
            c.problem(
                &q.key(field),
                format!(
                    "changes must be in date order: this one (day {day} of the run) is not after the one before it (day {last_day})"
                ),
            );
        }
        last_day = day;
        schedule.push(CapacityStep {
            day,
            capacity: capacity_of(c, &q.key("capacity"), ch.capacity),
            end_stays: ch.end_stays,
        });
    }
    schedule
}

/// The day a capacity change takes effect, from exactly one of `from_week`, `from_month` and
/// `from_date`, with the field it came from.
fn schedule_day(
    c: &mut Checker,
    q: &FieldPath,
    ch: &RawCapacityChange,
    start: NaiveDate,
) -> Option<(f64, &'static str)> {
    let given = [
        ch.from_week.is_some(),
        ch.from_month.is_some(),
        ch.from_date.is_some(),
    ];
    match given.iter().filter(|&&g| g).count() {
        0 => {
            c.problem(
                q,
                "say when the change takes effect: from_week = 40, from_month = \"2011-03\" or from_date = \"2011-03-15\"",
            );
            return None;
        }
        1 => {}
        _ => {
            let field = if ch.from_month.is_some() {
                "from_month"
            } else {
                "from_date"
            };
            c.problem(
                &q.key(field),
                "give only one of from_week, from_month and from_date",
            );
            return None;
        }
    }
    if let Some(week) = ch.from_week {
        let week = c.weeks(&q.key("from_week"), week);
        return Some((week * 7.0, "from_week"));
    }
    let (field, text, date) = if let Some(m) = &ch.from_month {
        let date = NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok();
        ("from_month", m, date.filter(|_| m.len() == 7))
    } else {
        let d = ch.from_date.as_deref().unwrap_or_default();
        (
            "from_date",
            ch.from_date.as_ref()?,
            NaiveDate::parse_from_str(d, "%Y-%m-%d").ok(),
        )
    };
    let Some(date) = date else {
        let example = if field == "from_month" {
            "a month written YYYY-MM, e.g. \"2011-03\""
        } else {
            "a date written YYYY-MM-DD, e.g. \"2011-03-15\""
        };
        c.problem(&q.key(field), format!("must be {example} (got \"{text}\")"));
        return None;
    };
    let day = (date - start).num_days();
    if day as f64 > MAX_DAYS {
        c.problem(
            &q.key(field),
            format!(
                "{text} is more than 100 years after the first simulated day ({})",
                start.format("%Y-%m-%d")
            ),
        );
        return None;
    }
    if day < 0 {
        c.problem(
            &q.key(field),
            format!(
                "{text} is before the first simulated day ({}); put the capacity on that day in `capacity` instead",
                start.format("%Y-%m-%d")
            ),
        );
        return None;
    }
    Some((day as f64, field))
}

pub(super) fn capacity_of(c: &mut Checker, path: &FieldPath, value: Option<i64>) -> Option<u32> {
    match value {
        None => None,
        Some(v) if (0..=MAX_PLACES).contains(&v) => Some(v as u32),
        Some(v) => {
            c.problem(
                path,
                format!(
                    "must be a whole number of places ≥ 0 and at most {MAX_PLACES}, or left out for unlimited (got {v})"
                ),
            );
            Some(0)
        }
    }
}
