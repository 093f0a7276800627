//! The month-by-month transition report against numbers known in advance: citizens without an
//! offer past the deadline grow as the Poisson inflow says when no stage has room; a project
//! closing with `end_stays` empties at once while one closing without it drains; months are
//! flagged exactly when someone was past a deadline; and capacity steps may be given by month.

mod common;

use common::EVERY_DAY;

use kapacitet::model::Model;
use kapacitet::report::{self, Report};
use kapacitet::runner::run_replications;
use kapacitet::scenario;

const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// A stage that never has a place: whoever is referred there waits without an offer.
const NO_ROOM: &str = r#"
[[stages]]
name = "lukket"
kind = "municipal_project"
capacity = 0
duration = { dist = "fixed", value = 30 }
routes = [{ to = "job", weight = 1.0 }]
"#;

/// One segment, 30 and over, for the whole inflow and stock.
const OVER_30: &str = r#"
[[segments]]
name = "over30"
share_of_inflow = 1.0
share_of_stock = 1.0
"#;

fn model(body: &str) -> Model {
    model_with(OVER_30, body)
}

/// The scenario of these tests with its own segments.
fn model_with(segments: &str, body: &str) -> Model {
    let header = common::Header {
        name: "transition report",
        start: "2011-01-01",
        warmup_weeks: 0.0,
        horizon_weeks: 52.0,
        replications: 40,
        seed: 17,
    }
    .text();
    let text = format!(
        r#"
{header}
{EVERY_DAY}
{segments}
{body}
"#
    );
    scenario::load_str(&text, "transition.toml").unwrap_or_else(|e| panic!("{e}"))
}

fn run(m: &Model) -> (Report, Vec<kapacitet::replication::Replication>) {
    let reps = run_replications(m, m.replications, m.seed, None, &|| {}).unwrap();
    (report::build(m, m.seed, &reps), reps)
}

#[test]
fn citizens_past_the_offer_deadline_grow_with_the_inflow_when_nothing_has_room() {
    // Nobody leaves benefit (no survival curve) and the only stage never has a place, so at time
    // t every new citizen who arrived before t − 91 days is past the first-offer deadline:
    // expected count λ (t − 91).
    let m = model(&format!(
        r#"
[arrivals]
new_per_month = 20

[deadlines]
first_offer_days_30plus = 91

{NO_ROOM}
[[paths]]
name = "all"
to = "lukket"
"#
    ));
    let (r, reps) = run(&m);
    let rate = 20.0 / DAYS_PER_MONTH;
    let mut flagged_months = 0;
    for (i, row) in r.monthly.iter().enumerate() {
        let end = reps[0].monthly.day(i);
        let expected = rate * (end - 91.0).max(0.0);
        let s = row.past_offer_deadline;
        if expected > 0.0 {
            // The count at one month end is Poisson; the months share their arrivals, so each
            // is held to four standard errors rather than to its own 95 % interval.
            let se = (expected / s.n as f64).sqrt();
            assert!(
                (s.mean - expected).abs() <= 4.0 * se,
                "{}: expected {expected:.1}, got {:.1} (standard error {se:.2})",
                row.month,
                s.mean
            );
            // Nobody has an offer, so the passive stock is everyone.
            assert_eq!(row.passive.mean, row.target_group);
        } else {
            assert_eq!(s.mean, 0.0, "{}", row.month);
        }
        // Someone crosses the deadline from day 91 on, in practically every replication.
        if end > 100.0 {
            assert_eq!(row.offer_gap_share, 1.0, "{}", row.month);
        }
        if end <= 91.0 {
            assert_eq!(row.offer_gap_share, 0.0, "{}", row.month);
        }
        flagged_months += usize::from(row.offer_gap_share > 0.0);
    }
    // The key figure counts the flagged months of each replication.
    let months = r.kpi("months_past_offer_deadline");
    assert!(
        (months.mean - flagged_months as f64).abs() <= 1.0,
        "{} vs {flagged_months}",
        months.mean
    );
    for rep in &reps {
        let flagged = rep.offer_gap.iter().filter(|&&g| g).count() as f64;
        assert_eq!(
            rep.kpi(kapacitet::figures::Kpi::MonthsPastOfferDeadline),
            flagged
        );
    }
}

#[test]
fn each_age_group_is_past_its_own_offer_deadline() {
    // As above with two segments, under 30 (deadline 30 days) and 30 and over (91 days), each
    // half of the inflow: at time t the expected count is λ/2 (t − 30) + λ/2 (t − 91).
    let m = model_with(
        r#"
[[segments]]
name = "young"
share_of_inflow = 0.5
under_30 = true

[[segments]]
name = "older"
share_of_inflow = 0.5
"#,
        &format!(
            r#"
[arrivals]
new_per_month = 40

[deadlines]
first_offer_days_under30 = 30
first_offer_days_30plus = 91

{NO_ROOM}
[[paths]]
name = "all"
to = "lukket"
"#
        ),
    );
    let (r, reps) = run(&m);
    let half_rate = 40.0 / DAYS_PER_MONTH / 2.0;
    for (i, row) in r.monthly.iter().enumerate() {
        let end = reps[0].monthly.day(i);
        let expected = half_rate * ((end - 30.0).max(0.0) + (end - 91.0).max(0.0));
        let s = row.past_offer_deadline;
        let se = (expected.max(1.0) / s.n as f64).sqrt();
        assert!(
            (s.mean - expected).abs() <= 4.0 * se,
            "{}: expected {expected:.1}, got {:.1} (standard error {se:.2})",
            row.month,
            s.mean
        );
    }
}

/// Forty participants with long stays; the project closes at the start of July.
fn closing(end_stays: bool) -> Model {
    model(&format!(
        r#"
[arrivals]
new_per_month = 0

[initial_stock]
count = 40
weeks_on_benefit = {{ dist = "fixed", value = 10 }}

[[stages]]
name = "projekt"
kind = "municipal_project"
capacity = 40
capacity_schedule = [{{ from_month = "2011-07", capacity = 0, end_stays = {end_stays} }}]
duration = {{ dist = "uniform", min = 300, max = 400 }}
routes = [{{ to = "passive", weight = 1.0 }}]

[[paths]]
name = "stock"
streams = ["stock", "returner"]
to = "projekt"
"#
    ))
}

#[test]
fn a_project_closing_with_end_stays_empties_at_once_and_one_without_drains() {
    let (abrupt, _) = run(&closing(true));
    let (gentle, _) = run(&closing(false));
    let row = |r: &Report, month: &str| {
        r.monthly
            .iter()
            .find(|x| x.month == month)
            .unwrap_or_else(|| panic!("{month}"))
            .clone()
    };
    for r in [&abrupt, &gentle] {
        let june = row(r, "2011-06");
        assert_eq!(june.stages[0].occupancy, 40.0);
        assert_eq!(june.stages[0].capacity, 40.0);
        assert_eq!(june.passive.mean, 0.0);
    }
    // End of July: the abrupt closing sent all 40 back to passive (waiting for a place that no
    // longer exists); the gentle one keeps them until their stays end (300–400 days).
    let a = row(&abrupt, "2011-07");
    assert_eq!(a.stages[0].capacity, 0.0);
    assert_eq!(a.stages[0].occupancy, 0.0);
    assert_eq!(a.passive.mean, 40.0);
    assert_eq!(a.stages[0].queue, 40.0);
    let g = row(&gentle, "2011-07");
    assert_eq!(g.stages[0].capacity, 0.0);
    assert_eq!(g.stages[0].occupancy, 40.0);
    assert_eq!(g.passive.mean, 0.0);
    // Mean occupancy over July: 40 for the gentle closing, 0 for the abrupt one (it closed on
    // the first instant of the month).
    assert!((g.stages[0].occupancy_mean - 40.0).abs() < 1e-9);
    assert!(a.stages[0].occupancy_mean.abs() < 1e-9);
}

#[test]
fn capacity_steps_by_date_and_by_week_are_the_same_plan() {
    // 2011-03-05 is day 63 = week 9 of a run starting 2011-01-01.
    let plan = |step: &str| {
        model(&format!(
            r#"
[arrivals]
new_per_month = 25

[[stages]]
name = "vc"
kind = "company_centre"
capacity = 5
capacity_schedule = [{{ {step}, capacity = 15 }}]
duration = {{ dist = "exponential", mean = 20 }}
routes = [{{ to = "job", weight = 1.0 }}]

[[paths]]
name = "all"
to = "vc"
"#
        ))
    };
    let by_week = plan("from_week = 9");
    let by_date = plan("from_date = \"2011-03-05\"");
    assert_eq!(by_week.stages[0].schedule, by_date.stages[0].schedule);
    let (a, _) = run(&by_week);
    let (b, _) = run(&by_date);
    assert_eq!(
        kapacitet::export::documents::run::json(&a),
        kapacitet::export::documents::run::json(&b)
    );
}

#[test]
fn a_referral_step_is_not_an_offer() {
    // Everyone passes a zero-length referral step on to a closed project. With `offer = false`
    // the step does not count as their first offer, so they pass the deadline; by default it
    // does.
    let body = |offer: &str| {
        format!(
            r#"
[arrivals]
new_per_month = 20

[[stages]]
name = "henvisning"
kind = "course"
{offer}
duration = {{ dist = "fixed", value = 0 }}
routes = [{{ to = "lukket", weight = 1.0 }}]

{NO_ROOM}
[[paths]]
name = "all"
to = "henvisning"
"#
        )
    };
    let (step, _) = run(&model(&body("offer = false")));
    let (offer, _) = run(&model(&body("")));
    // The 30+ deadline is 274 days: October, November and December are past it.
    assert_eq!(step.kpi("months_past_offer_deadline").mean, 3.0);
    assert!(step.kpi("first_offer_on_time_share").mean < 0.01);
    assert_eq!(offer.kpi("months_past_offer_deadline").mean, 0.0);
    assert_eq!(offer.kpi("first_offer_on_time_share").mean, 1.0);
}

#[test]
fn citizens_waiting_at_a_fallback_take_a_place_that_opens_where_they_were_sent() {
    // The company centre has no places until April; its fallback, the external provider, has
    // one long place. Everyone queues at the fallback until April; when the company centre
    // opens, every one of them takes a place there at once.
    let m = model(
        r#"
[arrivals]
new_per_month = 20

[[stages]]
name = "vc"
kind = "company_centre"
capacity = 0
capacity_schedule = [{ from_month = "2011-04", capacity = 500 }]
duration = { dist = "fixed", value = 1000 }
routes = [{ to = "job", weight = 1.0 }]

[[stages]]
name = "ekstern"
kind = "external_provider"
capacity = 1
duration = { dist = "fixed", value = 1000 }
routes = [{ to = "job", weight = 1.0 }]

[[paths]]
name = "all"
to = "vc"
fallback = "ekstern"
max_wait_days = 0
"#,
    );
    let (r, _) = run(&m);
    let at = |month: &str| r.monthly.iter().find(|x| x.month == month).unwrap().clone();
    let march = at("2011-03");
    assert_eq!(march.stages[0].occupancy, 0.0);
    assert_eq!(march.stages[1].occupancy, 1.0);
    assert_eq!(march.stages[1].queue, march.target_group - 1.0);
    assert!(march.stages[1].queue > 40.0);
    let april = at("2011-04");
    assert_eq!(april.stages[1].queue, 0.0);
    assert_eq!(april.stages[1].occupancy, 1.0);
    assert_eq!(april.stages[0].occupancy, april.target_group - 1.0);
    assert_eq!(april.passive.mean, 0.0);
}
