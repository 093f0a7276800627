//! `[[stages]]`: one stage at a time, its name, kind, stay, prices and effects; the capacity
//! schedule, intake and queue rules and routes out are checked in their own files.

use chrono::NaiveDate;

use super::checker::{check_name, one_of, Checker};
use super::{intake, routes, schedule};
use super::{MAX_DAYS, MAX_PAYMENT_DKK, MAX_PRICE_PER_WEEK_DKK, SPECIAL_TARGETS};
use crate::model::{DayUnit, OutcomePayment, Segment, Stage, StageKind};
use crate::scenario::error::FieldPath;
use crate::scenario::raw::{RawScenario, RawStage};

/// What a stage's checks need from the tables before it and from the other stages.
pub(super) struct Context<'a> {
    /// Every stage's name, in file order, so routes can refer forwards.
    pub stage_names: &'a [&'a str],
    pub start: NaiveDate,
    pub working: [bool; 7],
    pub segments: &'a [Segment],
}

pub(super) fn stages(c: &mut Checker, raw: &RawScenario, at: &Context<'_>) -> Vec<Stage> {
    let st = FieldPath::default().key("stages");
    let mut stages = Vec::new();
    for (i, s) in raw.stages.iter().enumerate() {
        stages.push(stage(c, &st.index(i), i, s, at));
    }
    stages
}

fn stage(c: &mut Checker, p: &FieldPath, i: usize, s: &RawStage, at: &Context<'_>) -> Stage {
    check_name(c, &p.key("name"), &s.name);
    if SPECIAL_TARGETS.contains(&s.name.as_str()) {
        c.problem(
            &p.key("name"),
            format!(
                "\"{}\" is reserved for routes out of the system; choose another name",
                s.name
            ),
        );
    }
    if at.stage_names[..i].contains(&s.name.as_str()) {
        c.problem(
            &p.key("name"),
            format!("stage \"{}\" is defined twice", s.name),
        );
    }
    let kind = StageKind::from_key(&s.kind).unwrap_or_else(|| {
        let kinds: Vec<&str> = StageKind::ALL.iter().map(|k| k.key()).collect();
        c.problem(
            &p.key("kind"),
            format!("\"{}\" is not a stage kind; use {}", s.kind, one_of(&kinds)),
        );
        StageKind::Course
    });
    let capacity = schedule::capacity_of(c, &p.key("capacity"), s.capacity);
    let schedule = schedule::capacity_schedule(c, p, s, at.start);
    let intake = intake::intake(c, p, s, &at.working);
    let queue = intake::queue(c, p, s, at.segments);
    let duration = c.dist(&p.key("duration"), &s.duration, MAX_DAYS, "days");
    let duration_unit = day_unit(c, &p.key("duration_unit"), &s.duration_unit);
    let max_duration = s.max_duration.map(|m| {
        c.range(
            &p.key("max_duration"),
            m,
            f64::MIN_POSITIVE,
            MAX_DAYS,
            "must be a number of days above 0 and at most 36525 (100 years), in the stage's duration_unit",
        )
    });
    let price = c.dkk(
        &p.key("price_per_week_dkk"),
        s.price_per_week_dkk,
        MAX_PRICE_PER_WEEK_DKK,
    );
    let outcome_payment = outcome_payment(c, p, s);
    let lockin = c.multiplier(&p.key("lockin"), s.lockin);
    let effect_after = c.multiplier(&p.key("effect_after"), s.effect_after);
    let effect_days = c.weeks(&p.key("effect_weeks"), s.effect_weeks) * 7.0;
    let (routes, route_cumulative) = routes::routes(c, p, s, at.stage_names);
    let breakdown = routes::breakdown(c, p, s, at.stage_names);
    Stage {
        name: s.name.clone(),
        label: s.label.clone().unwrap_or_else(|| s.name.clone()),
        kind,
        capacity,
        schedule,
        intake,
        queue,
        duration,
        duration_unit,
        max_duration,
        company_based: s
            .company_based
            .unwrap_or_else(|| kind.company_based_by_default()),
        offer: s.offer,
        price_per_week_dkk: price,
        outcome_payment,
        lockin,
        effect_after,
        effect_days,
        routes,
        route_cumulative,
        breakdown,
    }
}

fn outcome_payment(c: &mut Checker, p: &FieldPath, s: &RawStage) -> OutcomePayment {
    s.outcome_payment
        .as_ref()
        .map(|o| {
            let q = p.key("outcome_payment");
            OutcomePayment {
                at_start_dkk: c.dkk(&q.key("at_start_dkk"), o.at_start_dkk, MAX_PAYMENT_DKK),
                at_placement_dkk: c.dkk(
                    &q.key("at_placement_dkk"),
                    o.at_placement_dkk,
                    MAX_PAYMENT_DKK,
                ),
                at_selfsufficiency_dkk: c.dkk(
                    &q.key("at_selfsufficiency_dkk"),
                    o.at_selfsufficiency_dkk,
                    MAX_PAYMENT_DKK,
                ),
                selfsufficiency_within_days: c.weeks(
                    &q.key("selfsufficiency_within_weeks"),
                    o.selfsufficiency_within_weeks,
                ) * 7.0,
            }
        })
        .unwrap_or_default()
}

fn day_unit(c: &mut Checker, path: &FieldPath, value: &str) -> DayUnit {
    match value {
        "calendar_days" => DayUnit::Calendar,
        "working_days" => DayUnit::Working,
        other => {
            c.problem(
                path,
                format!(
                    "\"{other}\" is not a unit; use {}",
                    one_of(&["calendar_days", "working_days"])
                ),
            );
            DayUnit::Calendar
        }
    }
}
