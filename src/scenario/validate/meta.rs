//! `[scenario]` and `[calendar]`: the run's start, length, replications and seed, and which days
//! and weeks the job centre works.

use chrono::{Datelike, NaiveDate};

use super::checker::{one_of, Checker};
use super::MAX_WEEKS;
use crate::scenario::error::FieldPath;
use crate::scenario::raw::RawScenario;

pub(super) const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Longest horizon or warm-up accepted, so the calendar table stays small.
const MAX_RUN_WEEKS: f64 = 52.0 * 60.0;

/// First and last year a run may start in: dates stay far inside what the date library handles.
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2200;

/// `[scenario]`, checked: what the rest of the model needs from it.
pub(super) struct Run {
    pub start: NaiveDate,
    pub horizon_weeks: f64,
    pub warmup_weeks: f64,
    pub replications: i64,
}

/// `[calendar]`, checked.
pub(super) struct Week {
    /// Monday first.
    pub working: [bool; 7],
    /// ISO week numbers, 1 to 53.
    pub closed: Vec<u32>,
}

pub(super) fn scenario(c: &mut Checker, raw: &RawScenario) -> Run {
    let meta = FieldPath::default().key("scenario");
    if raw.scenario.name.trim().is_empty() {
        c.problem(&meta.key("name"), "must not be empty");
    }
    let start = match NaiveDate::parse_from_str(&raw.scenario.start_date, "%Y-%m-%d") {
        Ok(d) if (FIRST_YEAR..=LAST_YEAR).contains(&d.year()) => d,
        Ok(_) => {
            c.problem(
                &meta.key("start_date"),
                format!(
                    "must be a date from {FIRST_YEAR} to {LAST_YEAR} (got \"{}\")",
                    raw.scenario.start_date
                ),
            );
            NaiveDate::from_ymd_opt(2011, 1, 3).expect("valid constant date")
        }
        Err(_) => {
            c.problem(
                &meta.key("start_date"),
                format!(
                    "must be a date written YYYY-MM-DD, e.g. \"2011-01-03\" (got \"{}\")",
                    raw.scenario.start_date
                ),
            );
            NaiveDate::from_ymd_opt(2011, 1, 3).expect("valid constant date")
        }
    };
    let horizon_weeks = c.range(
        &meta.key("horizon_weeks"),
        raw.scenario.horizon_weeks,
        1.0 / 7.0,
        MAX_RUN_WEEKS,
        "must be between one day (0.143) and 3120 weeks",
    );
    let warmup_weeks = c.range(
        &meta.key("warmup_weeks"),
        raw.scenario.warmup_weeks,
        0.0,
        MAX_RUN_WEEKS,
        "must be between 0 and 3120 weeks",
    );
    if horizon_weeks + warmup_weeks > MAX_WEEKS {
        c.problem(
            &meta.key("horizon_weeks"),
            format!(
                "warm-up and horizon together must be at most 5217 weeks (100 years) (got {} weeks)",
                horizon_weeks + warmup_weeks
            ),
        );
    }
    let replications = raw.scenario.replications;
    if !(1..=1_000_000).contains(&replications) {
        c.problem(
            &meta.key("replications"),
            format!("must be a whole number from 1 to 1000000 (got {replications})"),
        );
    }
    if raw.scenario.seed < 0 {
        c.problem(
            &meta.key("seed"),
            format!("must be a whole number ≥ 0 (got {})", raw.scenario.seed),
        );
    }
    Run {
        start,
        horizon_weeks,
        warmup_weeks,
        replications,
    }
}

pub(super) fn calendar(c: &mut Checker, raw: &RawScenario) -> Week {
    let cal = FieldPath::default().key("calendar");
    let mut working = [false; 7];
    for (i, day) in raw.calendar.working_days.iter().enumerate() {
        match WEEKDAYS.iter().position(|w| *w == day.as_str()) {
            Some(d) => working[d] = true,
            None => c.problem(
                &cal.key("working_days").index(i),
                format!("\"{day}\" is not a weekday; use {}", one_of(&WEEKDAYS)),
            ),
        }
    }
    if !working.iter().any(|&w| w) {
        c.problem(&cal.key("working_days"), "needs at least one working day");
    }
    let mut closed = Vec::new();
    for (i, &w) in raw.calendar.closed_weeks.iter().enumerate() {
        if (1..=53).contains(&w) {
            closed.push(w as u32);
        } else {
            c.problem(
                &cal.key("closed_weeks").index(i),
                format!("must be an ISO week number from 1 to 53 (got {w})"),
            );
        }
    }
    Week { working, closed }
}
