//! Scenario features behave as documented: weekly batch intake, working-day durations and
//! closed weeks, capacity schedules, fallbacks, priority queues, breakdowns, seasonality,
//! lock-in, outcome payments, and the key figures as seed 000 defines them. Each test builds a
//! small scenario whose answer is known independently.

mod common;

use kapacitet::engine::{self, RunRecord};
use kapacitet::figures::Kpi;
use kapacitet::model::Model;
use kapacitet::replication::{replicate, SURVIVAL_WEEKS};
use kapacitet::report;
use kapacitet::runner::run_replications;

/// 2024-01-01 is a Monday.
const HEADER: common::Header = common::Header {
    name: "feature",
    start: "2024-01-01",
    warmup_weeks: 0.0,
    horizon_weeks: 104.0,
    replications: 8,
    seed: 11,
};

fn model(body: &str) -> Model {
    common::model(&HEADER.with(body))
}

fn run(m: &Model) -> RunRecord {
    engine::run(m, engine::replication_seed(m.seed, 0)).expect("no loop")
}

use common::ONE_SEGMENT;

#[test]
fn weekly_batches_start_only_on_the_weekday() {
    let m = model(&format!(
        r#"{ONE_SEGMENT}
[arrivals]
new_per_month = 40
[[stages]]
name = "vc"
kind = "company_centre"
intake = "weekly"
intake_weekday = "thu"
duration = {{ dist = "fixed", value = 3 }}
routes = [{{ to = "job", weight = 1.0 }}]
[[paths]]
name = "p"
to = "vc"
"#
    ));
    let r = run(&m);
    let starts: Vec<f64> = r
        .citizens
        .iter()
        .filter_map(|c| c.first_company_start)
        .collect();
    assert!(starts.len() > 500);
    for c in &r.citizens {
        if let (Some(s), Some(ref_t)) = (c.first_company_start, c.first_referral) {
            assert_eq!(s.fract(), 0.0, "batches start at the start of the day");
            assert_eq!(m.calendar.weekday_of_day(s as usize), 3, "Thursday");
            assert!(s - ref_t < 7.0, "waits less than a week: {}", s - ref_t);
        }
    }
}

#[test]
fn working_day_durations_skip_weekends_and_closed_weeks() {
    let body = |closed: &str| {
        format!(
            r#"{ONE_SEGMENT}
[calendar]
closed_weeks = [{closed}]
[arrivals]
new_per_month = 30
[[stages]]
name = "course"
kind = "course"
duration = {{ dist = "fixed", value = 5 }}
duration_unit = "working_days"
routes = [{{ to = "job", weight = 1.0 }}]
[[paths]]
name = "p"
to = "course"
"#
        )
    };
    // Five working days from any working time is exactly one calendar week.
    let r = run(&model(&body("")));
    assert!(r.stages[0].stays.len() > 500);
    for s in &r.stages[0].stays {
        assert!((s - 7.0).abs() < 1e-9, "stay {s}");
    }
    // With ISO week 10 closed, stays that reach into it take two weeks.
    let r = run(&model(&body("10")));
    let long = r.stages[0]
        .stays
        .iter()
        .filter(|&&s| (s - 14.0).abs() < 1e-9)
        .count();
    assert!(long > 0);
    assert!(r.stages[0]
        .stays
        .iter()
        .all(|&s| (s - 7.0).abs() < 1e-9 || (s - 14.0).abs() < 1e-9));
}

#[test]
fn capacity_schedule_changes_places_and_occupancy_follows() {
    let m = model(&format!(
        r#"{ONE_SEGMENT}
[calendar]
working_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
[arrivals]
new_per_month = 90
[[stages]]
name = "project"
kind = "municipal_project"
capacity = 20
capacity_schedule = [{{ from_week = 20, capacity = 5 }}, {{ from_week = 60 }}]
duration = {{ dist = "exponential", mean = 10 }}
routes = [{{ to = "passive", weight = 1.0 }}]
[[paths]]
name = "p"
streams = ["new"]
to = "project"
"#
    ));
    let r = run(&m);
    for snap in &r.weekly {
        let week = snap.day / 7.0;
        let expected = if week < 20.0 {
            20.0
        } else if week < 60.0 {
            5.0
        } else {
            f64::NAN
        };
        if expected.is_nan() {
            assert!(snap.capacity[0].is_nan(), "unlimited from week 60");
        } else {
            assert_eq!(snap.capacity[0], expected, "week {week}");
            // Nobody is sent away when places close: occupancy drains down to the new limit.
            if !(20.0..24.0).contains(&week) {
                assert!(f64::from(snap.occupancy[0]) <= expected, "week {week}");
            }
        }
    }
    // Demand (3 a day × 10 days = 30) exceeds both limits, so the places fill up.
    let at = |w: f64| r.weekly.iter().find(|s| s.day >= w * 7.0).unwrap();
    assert_eq!(at(18.0).occupancy[0], 20);
    assert_eq!(at(40.0).occupancy[0], 5);
    assert!(at(80.0).occupancy[0] > 20, "unlimited after week 60");
}

const FALLBACK: &str = r#"
[[stages]]
name = "jobhus"
kind = "course"
capacity = 5
duration = { dist = "exponential", mean = 20 }
routes = [{ to = "job", weight = 1.0 }]

[[stages]]
name = "anden_aktoer"
kind = "external_provider"
duration = { dist = "exponential", mean = 20 }
routes = [{ to = "job", weight = 1.0 }]

[[paths]]
name = "p"
to = "jobhus"
fallback = "anden_aktoer"
"#;

#[test]
fn fallback_is_used_only_when_all_places_are_taken() {
    // Fredensborg's rule: the external provider only when every Jobhus place is taken.
    let light = model(&format!(
        "{ONE_SEGMENT}\n[calendar]\nworking_days = [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"]\n[arrivals]\nnew_per_month = 1\n{FALLBACK}"
    ));
    let heavy = model(&format!(
        "{ONE_SEGMENT}\n[calendar]\nworking_days = [\"mon\",\"tue\",\"wed\",\"thu\",\"fri\",\"sat\",\"sun\"]\n[arrivals]\nnew_per_month = 60\n{FALLBACK}"
    ));
    let r = run(&light);
    let l = replicate(&light, 1).expect("no loop");
    // At 1 a month into 5 places of 20 days the Jobhus is almost never full.
    assert!(l.stages[1].entries_per_month < 0.05 * l.stages[0].entries_per_month);
    // Nobody ever waits at the Jobhus: if it is full they go on at once.
    assert!(r.stages[0].wait_list.iter().all(|&w| w == 0.0));
    let h = replicate(&heavy, 1).expect("no loop");
    assert!(
        h.stages[0].utilisation > 0.95,
        "{}",
        h.stages[0].utilisation
    );
    assert!(h.stages[1].entries_per_month > 30.0);
    assert_eq!(h.stages[0].queue_mean, 0.0);
}

#[test]
fn priority_queue_serves_the_listed_segment_first() {
    let m = model(
        r#"
[calendar]
working_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
[[segments]]
name = "a"
share_of_inflow = 0.5
[[segments]]
name = "b"
share_of_inflow = 0.5
[arrivals]
new_per_month = 25
[[stages]]
name = "vc"
kind = "company_centre"
capacity = 1
queue = "priority"
priority = ["b"]
duration = { dist = "exponential", mean = 1.0 }
routes = [{ to = "job", weight = 1.0 }]
[[paths]]
name = "p"
to = "vc"
"#,
    );
    let r = run(&m);
    let mean_wait = |seg: usize| {
        let w: Vec<f64> = r
            .citizens
            .iter()
            .filter(|c| c.segment == seg)
            .filter_map(|c| Some(c.first_company_start? - c.first_referral?))
            .collect();
        w.iter().sum::<f64>() / w.len() as f64
    };
    let (a, b) = (mean_wait(0), mean_wait(1));
    assert!(b < 0.5 * a, "priority segment waits {b:.2}, others {a:.2}");
}

#[test]
fn breakdowns_end_stays_early_and_send_citizens_on() {
    let m = model(&format!(
        r#"{ONE_SEGMENT}
[arrivals]
new_per_month = 30
[[stages]]
name = "vc"
kind = "company_centre"
duration = {{ dist = "fixed", value = 30 }}
routes = [{{ to = "job", weight = 1.0 }}]
[stages.breakdown]
probability = 1.0
after = {{ dist = "fixed", value = 3 }}
to = "catchup"
[[stages]]
name = "catchup"
kind = "course"
duration = {{ dist = "fixed", value = 10 }}
routes = [{{ to = "passive", weight = 1.0 }}]
[[paths]]
name = "p"
streams = ["new"]
to = "vc"
"#
    ));
    let r = run(&m);
    assert!(r.stages[0].stays.iter().all(|&s| (s - 3.0).abs() < 1e-9));
    let diff = r.stages[0].entries as i64 - r.stages[1].entries as i64;
    assert!(
        (0..=3).contains(&diff),
        "every breakdown reaches the catch-up course: {} vs {}",
        r.stages[0].entries,
        r.stages[1].entries
    );
    // Nobody leaves for a job: every stay breaks down before its end.
    assert!(r.citizens.iter().all(|c| c.exit.is_none()));
}

#[test]
fn seasonality_shapes_monthly_arrivals() {
    let m = model(&format!(
        r#"{ONE_SEGMENT}
[arrivals]
new_per_month = 100
seasonality = [2.0, 0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
"#
    ));
    let r = run(&m);
    let in_month = |month0: u32| {
        r.citizens
            .iter()
            .filter(|c| {
                use chrono::Datelike;
                m.calendar.date_of(c.arrived).month0() == month0
            })
            .count() as f64
            / 2.0 // two years
    };
    // Daily rate = monthly figure / 30.44 days × factor: January (31 days) ≈ 203.7, March ≈ 101.8.
    let jan = in_month(0);
    let feb = in_month(1);
    let mar = in_month(2);
    assert_eq!(feb, 0.0);
    assert!(
        (jan - 203.7).abs() < 4.0 * 203.7f64.sqrt() / 2f64.sqrt(),
        "{jan}"
    );
    assert!(
        (mar - 101.8).abs() < 4.0 * 101.8f64.sqrt() / 2f64.sqrt(),
        "{mar}"
    );
}

#[test]
fn lockin_raises_survival_to_the_power_of_the_multiplier() {
    // Everyone is in an offer with lock-in 0.5 for the whole spell, so the cumulative hazard is
    // halved and the share on benefit is S(w)^0.5.
    let m = model(
        r#"
[[segments]]
name = "all"
share_of_inflow = 1.0
[segments.survival]
weeks = [0, 13, 26, 52, 104]
on_benefit = [1.0, 0.6, 0.45, 0.3, 0.15]
[arrivals]
new_per_month = 150
[[stages]]
name = "project"
kind = "municipal_project"
lockin = 0.5
duration = { dist = "fixed", value = 5000 }
routes = [{ to = "passive", weight = 1.0 }]
[[paths]]
name = "p"
to = "project"
"#,
    );
    let reps = run_replications(&m, m.replications, m.seed, None, &|| {}).unwrap();
    let rep = report::build(&m, m.seed, &reps);
    let curve = m.segments[0].survival.as_ref().unwrap();
    let followed = rep.survival.iter().filter(|r| r.on_benefit.n > 0).count();
    assert!(followed >= 6, "cohorts followed for at least 52 weeks");
    for (row, week) in rep.survival.iter().zip(SURVIVAL_WEEKS) {
        if row.on_benefit.n == 0 {
            continue; // nobody arrived early enough to be followed this long
        }
        let expected = curve.survival_at_weeks(week).sqrt();
        let s = row.on_benefit;
        assert!(
            (s.mean - expected).abs() <= (s.half_width() * 1.32).max(0.005),
            "week {week}: {:.4} vs {:.4}",
            s.mean,
            expected
        );
    }
}

#[test]
fn mal2_and_company_shares_follow_seed_000_definitions() {
    // Company placement of 10 days, then 30 % to a job and 70 % to another benefit; nobody
    // leaves on their own. Mål 2 (self-sufficient 4 weeks after) is therefore 0.3.
    let m = model(&format!(
        r#"{ONE_SEGMENT}
[arrivals]
new_per_month = 60
[[stages]]
name = "course"
kind = "course"
capacity = 8
duration = {{ dist = "fixed", value = 5 }}
routes = [{{ to = "vc", weight = 1.0 }}]
[[stages]]
name = "vc"
kind = "company_centre"
duration = {{ dist = "fixed", value = 10 }}
routes = [{{ to = "job", weight = 0.3 }}, {{ to = "other_benefit", weight = 0.7 }}]
[[paths]]
name = "p"
to = "course"
"#
    ));
    let reps = run_replications(&m, m.replications, m.seed, None, &|| {}).unwrap();
    let rep = report::build(&m, m.seed, &reps);
    let mal2 = rep.kpi("mal2_selfsufficient_4w");
    assert!(
        (mal2.mean - 0.3).abs() <= mal2.half_width() * 1.32,
        "mål 2 {:.4} ± {:.4}",
        mal2.mean,
        mal2.half_width()
    );
    // Company shares are computed from the end-of-horizon stocks exactly as seed 000 does:
    // (placement + wage subsidy) / active and / total.
    for r in &reps {
        let last = r.weekly.last().unwrap();
        let company = last.company as f64;
        assert_eq!(r.kpi(Kpi::Mal1CompanyActivation), company);
        assert_eq!(
            r.kpi(Kpi::CompanyShareOfActivation),
            company / last.active as f64
        );
        assert_eq!(
            r.kpi(Kpi::CompanyShareOfTargetGroup),
            company / last.present as f64
        );
        assert_eq!(
            r.kpi(Kpi::PassiveStock),
            (last.present - last.active) as f64
        );
    }
}

#[test]
fn outcome_payments_and_weekly_prices_add_up() {
    // 1/3 at start, 1/3 at placement, 1/3 at self-sufficiency (Aarhus, seed 000 L761).
    let m = model(&format!(
        r#"{ONE_SEGMENT}
[arrivals]
new_per_month = 30
[[stages]]
name = "provider"
kind = "external_provider"
duration = {{ dist = "fixed", value = 14 }}
price_per_week_dkk = 1000
outcome_payment = {{ at_start_dkk = 100, at_placement_dkk = 200, at_selfsufficiency_dkk = 400, selfsufficiency_within_weeks = 13 }}
routes = [{{ to = "vc", weight = 1.0 }}]
[[stages]]
name = "vc"
kind = "company_centre"
duration = {{ dist = "fixed", value = 7 }}
routes = [{{ to = "job", weight = 1.0 }}]
[[paths]]
name = "p"
to = "provider"
"#
    ));
    let r = run(&m);
    let rec = &r.stages[0];
    let occupancy_weeks = rec.occupancy.area_until(r.end) / 7.0;
    // Everyone is placed after the provider (paid when the placement starts); self-sufficiency
    // follows 7 days after leaving.
    let paid_success = r
        .outcome_watch
        .iter()
        .filter(|&&(c, _, t)| r.citizens[c as usize].self_sufficient_by(t + 91.0))
        .count() as f64;
    let expected = occupancy_weeks * 1000.0
        + 100.0 * rec.entries as f64
        + 200.0 * r.stages[1].entries as f64
        + 400.0 * paid_success;
    let figures = kapacitet::replication::summarise(&m, r);
    assert!(
        (figures.stages[0].cost_dkk - expected).abs() < 1e-6,
        "{} vs {expected}",
        figures.stages[0].cost_dkk
    );
    assert!(paid_success > 500.0);
    assert_eq!(figures.stages[1].cost_dkk, 0.0);
}

#[test]
fn selfsufficiency_payments_count_when_they_fall_due_in_the_window() {
    // Every day a working day and unlimited places: a citizen arriving at `a` starts with the
    // provider at once, leaves it at a + 14, is placed at once and becomes self-sufficient at
    // a + 21, which is when the provider's self-sufficiency payment falls due. The window is
    // [28, 28 + 70]: a payment is due in it exactly when 7 <= a <= 77, including stays that ended
    // in the warm-up (a in [7, 14)) and none due after the end.
    let header = common::Header {
        warmup_weeks: 4.0,
        horizon_weeks: 10.0,
        ..HEADER
    };
    let m = common::model(&header.with(&format!(
        r#"{}{ONE_SEGMENT}
[arrivals]
new_per_month = 60
[[stages]]
name = "provider"
kind = "external_provider"
duration = {{ dist = "fixed", value = 14 }}
duration_unit = "calendar_days"
outcome_payment = {{ at_selfsufficiency_dkk = 1000, selfsufficiency_within_weeks = 2 }}
routes = [{{ to = "vc", weight = 1.0 }}]
[[stages]]
name = "vc"
kind = "company_centre"
duration = {{ dist = "fixed", value = 7 }}
duration_unit = "calendar_days"
routes = [{{ to = "job", weight = 1.0 }}]
[[paths]]
name = "p"
to = "provider"
"#,
        common::EVERY_DAY
    )));
    let r = run(&m);
    let (ws, end) = (r.window_start, r.end);
    assert_eq!((ws, end), (28.0, 98.0));
    for c in &r.citizens {
        if c.arrived + 21.0 <= end {
            let exit = c.exit.expect("left").0;
            assert!((exit - (c.arrived + 21.0)).abs() < 1e-9);
        }
    }
    let due = r
        .citizens
        .iter()
        .filter(|c| c.arrived + 21.0 >= ws && c.arrived + 21.0 <= end)
        .count() as f64;
    // Those whose stay ended in the warm-up: not counted before.
    let from_warmup = r
        .citizens
        .iter()
        .filter(|c| c.arrived + 21.0 >= ws && c.arrived + 14.0 < ws)
        .count();
    assert!(from_warmup > 5, "{from_warmup}");
    let figures = kapacitet::replication::summarise(&m, r);
    assert_eq!(figures.stages[0].cost_dkk, 1000.0 * due);
}
