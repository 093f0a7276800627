//! Staff in the simulation against the ressourceberegner (seed 002): a constant caseload of 330
//! with the spreadsheet's settings needs the spreadsheet's FTE, holiday weeks build the backlog
//! the spreadsheet hides, and a full caseload makes citizens wait.

mod common;

use kapacitet::engine;
use kapacitet::model::Model;
use kapacitet::report;
use kapacitet::runner::run_replications;
use kapacitet::scenario;

/// 330 citizens already on benefit, nobody arrives or leaves; contact plan of the spreadsheet's
/// example: 30 % intensive at 24 a year, the rest at the statutory 4.
fn caseload_330(fte: &str, closed_weeks: &str) -> Model {
    let header = common::Header {
        name: "ressourceberegner 330",
        start: "2024-01-01",
        warmup_weeks: 8.0,
        horizon_weeks: 104.0,
        replications: 20,
        seed: 330,
    }
    .text();
    let text = format!(
        r#"
{header}
[calendar]
closed_weeks = [{closed_weeks}]

[[segments]]
name = "all"
share_of_inflow = 1.0

[initial_stock]
count = 330
weeks_on_benefit = {{ dist = "uniform", min = 0, max = 52 }}

[contact_plan]
standard_per_year = 4
intensive_per_year = 24
intensive_share = 0.30

[[staff]]
role = "sagsbehandler"
{fte}
conversations_per_day = 5
conversation_days_per_week = 3
weeks_per_fte = 44
"#
    );
    scenario::load_str(&text, "staff.toml").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn constant_caseload_of_330_needs_the_spreadsheets_fte() {
    let model = caseload_330("", "");
    // Exactly, per replication: FTE = (intensive × 24 + others × 4) / (5 × 3 × 44).
    for r in 0..5 {
        let run = engine::run(&model, engine::replication_seed(model.seed, r)).expect("no loop");
        let intensive = run.citizens.iter().filter(|c| c.intensive).count() as f64;
        let expected = (intensive * 24.0 + (330.0 - intensive) * 4.0) / 660.0;
        for need in &run.staff[0].fte_needed {
            assert!((need - expected).abs() < 1e-9, "{need} vs {expected}");
        }
    }
    // Over replications the intensive share is 30 % on average, so the spreadsheet's
    // 3300 conversations / 660 per FTE = 5 FTE must lie in the confidence interval.
    let reps = run_replications(&model, model.replications, model.seed, None, &|| {}).unwrap();
    let rep = report::build(&model, model.seed, &reps);
    let need = rep.staff[0].figure("fte_needed_mean");
    assert!(
        (need.mean - 5.0).abs() <= need.half_width() * 1.32,
        "FTE needed {:.3} ± {:.3}, spreadsheet 5",
        need.mean,
        need.half_width()
    );
    // With unlimited staff every conversation is held on time, at the plan's rate.
    let held = rep.staff[0].figure("conversations_per_month").mean;
    assert!(
        (held - 3300.0 / 12.0).abs() < 3300.0 / 12.0 * 0.03,
        "{held}"
    );
    // Only a citizen on the fortnightly plan whose conversation falls due inside the three
    // closed summer weeks can be late: the job centre is closed.
    let on_time = rep.staff[0].figure("on_time_share").mean;
    assert!(on_time > 0.99, "{on_time}");
}

#[test]
fn holiday_weeks_build_the_backlog_the_spreadsheet_hides() {
    // 6 FTE hold 20 % more than the year's 3300 conversations: enough on paper.
    let even = caseload_330("fte = 6", "");
    let summer = caseload_330("fte = 6", "29, 30, 31");
    let run = |m: &Model| {
        let reps = run_replications(m, m.replications, m.seed, None, &|| {}).unwrap();
        report::build(m, m.seed, &reps)
    };
    let (a, b) = (run(&even), run(&summer));
    let fig = |r: &kapacitet::report::Report, k: &str| r.staff[0].figure(k).mean;
    // Both need the same FTE on paper.
    assert!((fig(&a, "fte_needed_mean") - fig(&b, "fte_needed_mean")).abs() < 1e-9);
    // Spread evenly the capacity keeps up; three closed weeks leave three weeks of
    // conversations (≈ 190) to catch up on, many of them past their deadline.
    assert!(
        fig(&a, "overdue_max") < 25.0,
        "even: {}",
        fig(&a, "overdue_max")
    );
    assert!(
        fig(&b, "overdue_max") > 100.0,
        "summer: {}",
        fig(&b, "overdue_max")
    );
    assert!(
        fig(&a, "on_time_share") > 0.97,
        "{}",
        fig(&a, "on_time_share")
    );
    assert!(
        fig(&b, "on_time_share") < fig(&a, "on_time_share") - 0.03,
        "summer {} vs even {}",
        fig(&b, "on_time_share"),
        fig(&a, "on_time_share")
    );
    // The year's total is still held: the backlog is a timing problem, not a volume one.
    let held = |r| fig(r, "conversations_per_month");
    assert!((held(&a) - held(&b)).abs() / held(&a) < 0.03);
}

#[test]
fn a_full_caseload_makes_citizens_wait() {
    let body = |fte: &str| {
        let header = common::Header {
            name: "matchmaker",
            start: "2024-01-01",
            warmup_weeks: 4.0,
            horizon_weeks: 52.0,
            replications: 6,
            seed: 20,
        }
        .text();
        format!(
            r#"
{header}
[[segments]]
name = "all"
share_of_inflow = 1.0

[arrivals]
new_per_month = 60

[[stages]]
name = "matchforloeb"
kind = "course"
duration = {{ dist = "fixed", value = 10 }}
duration_unit = "working_days"
routes = [{{ to = "job", weight = 1.0 }}]

[[staff]]
role = "matchmaker"
{fte}
caseload_per_fte = 20
stages = ["matchforloeb"]

[[paths]]
name = "p"
to = "matchforloeb"
"#
        )
    };
    let run = |fte: &str| {
        let m = scenario::load_str(&body(fte), "mm.toml").unwrap_or_else(|e| panic!("{e}"));
        let reps = run_replications(&m, m.replications, m.seed, None, &|| {}).unwrap();
        (m.clone(), report::build(&m, m.seed, &reps), reps)
    };
    // Unlimited: 60 a month × 14 calendar days ≈ 27.6 in the course (Little), so 1.4 matchmakers.
    let (_, free, _) = run("");
    let need = free.staff[0].figure("fte_needed_mean").mean;
    assert!((need - 60.0 / 30.4375 * 14.0 / 20.0).abs() < 0.1, "{need}");
    assert!(free.stages[0].figure("wait_days_mean").mean < 3.0);
    // One matchmaker holds 20 at a time: the course never has more, and liggetid grows.
    let (m, one, reps) = run("fte = 1");
    for r in &reps {
        assert!(r.weekly.iter().all(|w| w.occupancy[0] <= 20));
    }
    assert!(one.stages[0].figure("wait_days_mean").mean > 30.0);
    assert_eq!(one.staff[0].figure("caseload_per_fte").mean.round(), 20.0);
    let _ = m;
}

#[test]
fn unlimited_caseworkers_hold_every_conversation_on_time_with_flows() {
    // New arrivals' first conversation is due by the statutory deadline, not on arrival day,
    // so with no staff limit rettidighed is complete even with citizens coming and going.
    let mut model = scenario::default_model().expect("valid");
    model.staff[0].fte = None;
    model.replications = 4;
    let reps = run_replications(&model, model.replications, model.seed, None, &|| {}).unwrap();
    let rep = report::build(&model, model.seed, &reps);
    // Only a citizen on the fortnightly plan whose conversation falls due inside the three
    // closed summer weeks can be late: the job centre is closed.
    let on_time = rep.staff[0].figure("on_time_share").mean;
    assert!(on_time > 0.99, "{on_time}");
    assert_eq!(rep.kpi("first_conversation_on_time_share").mean, 1.0);
}
