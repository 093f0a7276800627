//! `kapacitet size` against numbers computed independently: for an M/M/c stage the smallest
//! number of places (or caseworkers) with mean liggetid under a target is what Erlang C says;
//! more demand never needs fewer places; the answer meets the target and one place fewer does
//! not; and the earliest safe month to close a project is the month its replacement opens.

mod common;

use common::{erlang_c_wait, EVERY_DAY};

use kapacitet::model::Model;
use kapacitet::scenario::Scenario;
use kapacitet::sizing::{self, Budget, Closing, Lever, Verdict};

/// Smallest c with Erlang C mean wait at most `w`.
fn erlang_c_places(lambda: f64, w: f64) -> u32 {
    (1..200)
        .find(|&c| erlang_c_wait(lambda, 1.0, c) <= w)
        .expect("some c is enough")
}

const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// One M/M/c stage (exponential stays of mean 1 day), arrivals `lambda` a day. With `role`, the
/// stage is unlimited and a caseload role with one citizen per FTE limits it instead.
fn mmc(lambda: f64, role: bool) -> Scenario {
    let (capacity, staff) = if role {
        (
            String::new(),
            "[[staff]]\nrole = \"coach\"\nfte = 1\ncaseload_per_fte = 1\nstages = [\"server\"]\n"
                .to_string(),
        )
    } else {
        ("capacity = 1".to_string(), String::new())
    };
    let header = common::Header {
        name: "M/M/c sizing",
        start: "2024-01-01",
        warmup_weeks: 4.0,
        horizon_weeks: 60.0,
        replications: 20,
        seed: 99,
    }
    .text();
    let text = format!(
        r#"
{header}
{EVERY_DAY}
[[segments]]
name = "all"
share_of_inflow = 1.0

[arrivals]
new_per_month = {}

[[stages]]
name = "server"
kind = "course"
{capacity}
duration = {{ dist = "exponential", mean = 1.0 }}
routes = [{{ to = "job", weight = 1.0 }}]

{staff}
[[paths]]
name = "all"
to = "server"
"#,
        lambda * DAYS_PER_MONTH
    );
    Scenario::from_text(&text, "mmc-sizing.toml").unwrap_or_else(|e| panic!("{e}"))
}

fn budget(m: &Model) -> Budget {
    Budget {
        replications: m.replications,
        max_replications: 8 * m.replications,
        seed: m.seed,
        threads: None,
    }
}

/// Loads chosen so that the target (mean wait 0.3 days) lies well apart from Erlang C's waits
/// at the answer and at one place fewer (ratios 1.4 to 4.7), so 20 to 160 replications settle
/// both sides.
const LOADS: [f64; 5] = [1.5, 2.5, 4.2, 5.0, 6.0];
const TARGET_WAIT: f64 = 0.3;

#[test]
fn stage_sizing_matches_erlang_c_and_never_shrinks_with_demand() {
    let mut previous = 0.0;
    for lambda in LOADS {
        let sc = mmc(lambda, false);
        let m = &sc.model;
        let stage = m.stage_index("server").unwrap();
        let target =
            sizing::parse_target(m, &format!("liggetid <= {TARGET_WAIT}"), Some(stage), None)
                .unwrap();
        let lever = Lever::Stage {
            stage,
            from_day: None,
        };
        let r = sizing::size(
            &sc,
            &lever,
            std::slice::from_ref(&target),
            &budget(m),
            0,
            None,
            &|_, _| {},
        )
        .unwrap();
        let answer = r.answer.expect("an answer");
        let expected = erlang_c_places(lambda, TARGET_WAIT);
        assert_eq!(answer, f64::from(expected), "λ = {lambda}");
        // The answer meets the target; one place fewer is shown not to.
        assert_eq!(r.at(answer).unwrap().verdict, Verdict::Met);
        let below = r.at(answer - 1.0).expect("one place fewer was judged");
        assert_eq!(below.verdict, Verdict::NotMet, "λ = {lambda}");
        // Monotone in demand.
        assert!(answer >= previous, "λ = {lambda}: {answer} < {previous}");
        previous = answer;
    }
}

#[test]
fn role_sizing_finds_the_caseworkers_erlang_c_asks_for() {
    let lambda = 4.2;
    let sc = mmc(lambda, true);
    let m = &sc.model;
    let stage = m.stage_index("server").unwrap();
    let target = sizing::parse_target(m, "server.liggetid <= 0.3", None, Some(0)).unwrap();
    assert_eq!(target.metric, sizing::Metric::Stage(stage, 4));
    let r = sizing::size(
        &sc,
        &Lever::Role { role: 0, step: 1.0 },
        &[target],
        &budget(m),
        1,
        None,
        &|_, _| {},
    )
    .unwrap();
    let answer = r.answer.expect("an answer");
    assert_eq!(answer, f64::from(erlang_c_places(lambda, TARGET_WAIT)));
    assert_eq!(r.at(answer - 1.0).unwrap().verdict, Verdict::NotMet);
}

#[test]
fn same_answer_whatever_the_number_of_threads() {
    let sc = mmc(2.5, false);
    let m = &sc.model;
    let stage = m.stage_index("server").unwrap();
    let target = sizing::parse_target(m, "liggetid_p90 <= 1", Some(stage), None).unwrap();
    let lever = Lever::Stage {
        stage,
        from_day: None,
    };
    let run = |threads| {
        let b = Budget {
            threads,
            ..budget(m)
        };
        let r = sizing::size(
            &sc,
            &lever,
            std::slice::from_ref(&target),
            &b,
            0,
            None,
            &|_, _| {},
        )
        .unwrap();
        (
            r.answer,
            r.evaluations
                .iter()
                .map(|e| {
                    (
                        e.setting,
                        e.replications,
                        e.checks[0].summary.mean.to_bits(),
                    )
                })
                .collect::<Vec<_>>(),
        )
    };
    assert_eq!(run(Some(1)), run(None));
}

/// A project takes everyone the company centre cannot; the company centre has no places until
/// `opens`, then plenty. Closing the project before that month leaves citizens waiting past
/// the maximum wait; closing it from that month on does not.
fn project_and_company_centre(opens: &str) -> Scenario {
    let header = common::Header {
        name: "close the project",
        start: "2010-01-01",
        warmup_weeks: 0.0,
        horizon_weeks: 52.0,
        replications: 10,
        seed: 3,
    }
    .text();
    let text = format!(
        r#"
{header}
{EVERY_DAY}
[[segments]]
name = "all"
share_of_inflow = 1.0

[arrivals]
new_per_month = 30

[[stages]]
name = "projekt"
kind = "municipal_project"
capacity = 40
duration = {{ dist = "fixed", value = 20 }}
routes = [{{ to = "job", weight = 1.0 }}]

[[stages]]
name = "vc"
kind = "company_centre"
capacity = 0
capacity_schedule = [{{ from_month = "{opens}", capacity = 60 }}]
duration = {{ dist = "fixed", value = 20 }}
routes = [{{ to = "job", weight = 1.0 }}]

[[paths]]
name = "all"
to = "vc"
fallback = "projekt"
max_wait_days = 0
"#
    );
    Scenario::from_text(&text, "close.toml").unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn the_earliest_safe_month_to_close_is_when_the_replacement_opens() {
    let sc = project_and_company_centre("2010-06");
    let m = &sc.model;
    let closing = Closing {
        stage: m.stage_index("projekt").unwrap(),
        to: 0,
        end_stays: false,
    };
    let target = sizing::parse_target(m, "no_month_past_offer_deadline", None, None).unwrap();
    let months = sizing::window_months(m);
    let r = sizing::scan_close(&sc, &closing, &months, &[target], &budget(m), &|_, _| {}).unwrap();
    let june = sizing::month_index(m, "2010-06").unwrap();
    assert_eq!(r.earliest_safe, Some(june));
    assert_eq!(r.latest_safe, months.last().copied());
    for e in &r.evaluations {
        let expected = if (e.setting as usize) < june {
            Verdict::NotMet
        } else {
            Verdict::Met
        };
        assert_eq!(e.verdict, expected, "closing in {}", e.label);
    }
}

#[test]
fn targets_read_like_people_write_them() {
    let sc = project_and_company_centre("2010-06");
    let m = &sc.model;
    let vc = m.stage_index("vc");
    for (text, key, value) in [
        ("P90 liggetid ≤ 14 dage", "vc.wait_days_p90", 14.0),
        ("mål 1 >= 520", "mal1_company_activation", 520.0),
        (
            "first_offer_on_time_share >= 95 %",
            "first_offer_on_time_share",
            0.95,
        ),
        ("projekt.liggetid < 7", "projekt.wait_days_mean", 7.0),
        (
            "no_month_past_offer_deadline",
            "months_past_offer_deadline",
            0.0,
        ),
    ] {
        let t = sizing::parse_target(m, text, vc, None).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.metric.key(m), key, "{text}");
        assert_eq!(t.value, value, "{text}");
    }
    for bad in [
        "liggetid 14",
        "liggetids_p90 <= 14",
        "mål 1 >= many",
        "nosuch.wait_days_mean <= 3",
    ] {
        assert!(sizing::parse_target(m, bad, vc, None).is_err(), "{bad}");
    }
    // Pooled percentiles have no value per replication to judge a target on.
    let e = sizing::parse_target(m, "vc.wait_days_p90_pooled <= 14", vc, None).unwrap_err();
    assert!(e.contains("\"wait_days_p90\""), "{e}");
    let e = sizing::parse_target(m, "vc.nosuch <= 14", vc, None).unwrap_err();
    assert!(
        e.contains("wait_all_days_mean") && !e.contains("pooled"),
        "{e}"
    );
    // A stage figure without a stage being sized must name the stage.
    let e = sizing::parse_target(m, "liggetid_p90 <= 14", None, None).unwrap_err();
    assert!(e.contains("STAGE.wait_days_p90"), "{e}");
}

/// The planner's question in one command: for each month the project closes, the smallest
/// company-centre places from the first month on. Each month's answer is exactly what sizing
/// the scenario with that closing written into the file gives.
#[test]
fn sizing_after_closing_equals_sizing_the_hand_edited_scenario() {
    let sc = project_and_company_centre("2010-06");
    let m = &sc.model;
    let (projekt, vc) = (
        m.stage_index("projekt").unwrap(),
        m.stage_index("vc").unwrap(),
    );
    let closing = Closing {
        stage: projekt,
        to: 0,
        end_stays: false,
    };
    let months: Vec<usize> = ["2010-03", "2010-08"]
        .iter()
        .map(|t| sizing::month_index(m, t).unwrap())
        .collect();
    let from_day = m.calendar.month_start(months[0]);
    let lever = Lever::Stage {
        stage: vc,
        from_day,
    };
    let target = sizing::parse_target(m, "no_month_past_offer_deadline", Some(vc), None).unwrap();
    let b = budget(m);
    let joint = sizing::size_each_month(
        &sc,
        &closing,
        &months,
        &lever,
        std::slice::from_ref(&target),
        &b,
        (0, Some(80)),
        &|_, _| {},
    )
    .unwrap();
    for (ms, month) in joint.iter().zip(["2010-03", "2010-08"]) {
        let edited = sc.source.text.replace(
            "capacity = 40\n",
            &format!("capacity = 40\ncapacity_schedule = [{{ from_month = \"{month}\", capacity = 0 }}]\n"),
        );
        let hand = Scenario::from_text(&edited, "edited.toml").unwrap();
        let alone = sizing::size(
            &hand,
            &lever,
            std::slice::from_ref(&target),
            &b,
            0,
            Some(80),
            &|_, _| {},
        )
        .unwrap();
        assert!(alone.answer.is_some(), "closing in {month}: an answer");
        assert_eq!(ms.result.answer, alone.answer, "closing in {month}");
        let figures = |r: &sizing::SizeResult| -> Vec<(u64, u32)> {
            r.evaluations
                .iter()
                .map(|e| (e.setting.to_bits(), e.replications))
                .collect()
        };
        assert_eq!(figures(&ms.result), figures(&alone), "closing in {month}");
    }
}

/// More places in a stage that is not the bottleneck change nothing: the search stops long
/// before its ceiling and names the stage citizens wait for instead.
#[test]
fn the_search_stops_when_the_figures_stop_changing_and_names_what_binds() {
    let sc = Scenario::new(
        kapacitet::scenario::Source::read(std::path::Path::new("scenarios/transition-nyborg.toml"))
            .unwrap(),
        Vec::new(),
    )
    .unwrap();
    let m = &sc.model;
    let vc = m.stage_index("virksomhedscenter").unwrap();
    let target =
        sizing::parse_target(m, "months_past_offer_deadline <= 1", Some(vc), None).unwrap();
    let b = Budget {
        replications: 4,
        max_replications: 4,
        seed: m.seed,
        threads: None,
    };
    let lever = Lever::Stage {
        stage: vc,
        from_day: None,
    };
    let r = sizing::size(&sc, &lever, &[target], &b, 0, None, &|_, _| {}).unwrap();
    assert_eq!(r.answer, None);
    let most = r.evaluations.iter().map(|e| e.setting).fold(0.0, f64::max);
    assert!(most <= 1000.0, "searched up to {most} places");
    let binds = kapacitet::lang::Text::join(&r.limited_by, " ").da;
    assert!(binds.contains("--stage anden_aktoer"), "{binds}");
}
