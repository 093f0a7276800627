//! Strategies compared on the same citizens: neutral effects leave outcomes untouched and only
//! move workload and cost; common random numbers make the paired interval far narrower than the
//! unpaired one; catch-all's lock-in keeps low-risk citizens on benefit longer (seed 002);
//! screening flags the expected share and respects its cap.

use std::process::Command;

mod common;

use kapacitet::compare::{compare, resolve, Comparison};
use kapacitet::model::Model;
use kapacitet::scenario;

/// Two segments, a course and a company centre routing back to passive (no job routes, so
/// every exit is the citizens' own), caseworker conversations with unlimited staff.
fn job_centre(lockin: f64, survival_young: &str, extra: &str) -> Model {
    let header = common::Header {
        name: "strategies",
        start: "2024-01-01",
        warmup_weeks: 26.0,
        horizon_weeks: 156.0,
        replications: 20,
        seed: 42,
    }
    .text();
    let text = format!(
        r#"
{header}
[[segments]]
name = "young"
under_30 = true
share_of_inflow = 0.5
[segments.survival]
{survival_young}

[[segments]]
name = "older"
share_of_inflow = 0.5
[segments.survival]
weeks = [0, 13, 26, 39, 52, 104]
on_benefit = [1.0, 0.8, 0.65, 0.55, 0.48, 0.3]

[arrivals]
new_per_month = 60

[[stages]]
name = "course"
kind = "course"
price_per_week_dkk = 1000
duration = {{ dist = "fixed", value = 14 }}
lockin = {lockin}
routes = [{{ to = "vc", weight = 1.0 }}]

[[stages]]
name = "vc"
kind = "company_centre"
duration = {{ dist = "exponential", mean = 60 }}
lockin = {lockin}
routes = [{{ to = "passive", weight = 1.0 }}]

[[paths]]
name = "new"
streams = ["new"]
to = "course"

[contact_plan]
standard_per_year = 4
intensive_per_year = 24

[[staff]]
role = "caseworkers"
conversations_per_day = 5

{extra}
"#
    );
    scenario::load_str(&text, "strategies.toml").unwrap_or_else(|e| panic!("{e}"))
}

const YOUNG: &str =
    "weeks = [0, 13, 26, 39, 52, 104]\non_benefit = [1.0, 0.6, 0.4, 0.3, 0.25, 0.12]";

fn run(model: &Model, names: &[&str]) -> Comparison {
    let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
    let strategies = resolve(model, &names).expect("known strategies");
    compare(
        model,
        &strategies,
        model.replications,
        model.seed,
        None,
        &|| {},
    )
    .expect("runs")
}

fn row<'a>(c: &'a Comparison, key: &str) -> &'a kapacitet::compare::Row {
    c.rows.iter().find(|r| r.key == key).expect(key)
}

#[test]
fn with_neutral_effects_strategies_differ_in_workload_and_cost_not_outcomes() {
    let model = job_centre(1.0, YOUNG, "");
    let c = run(&model, &["catch-all", "selection", "deadweight"]);
    for key in [
        "on_benefit_26w",
        "on_benefit_39w",
        "on_benefit_52w",
        "time_on_benefit_weeks",
        "selfsufficient_per_month",
    ] {
        for s in 1..3 {
            let d = row(&c, key).paired[s];
            assert!(
                d.ci95_low <= 0.0 && 0.0 <= d.ci95_high,
                "{key} {}: paired difference {:.5} [{:.5}; {:.5}]",
                c.strategies[s],
                d.mean,
                d.ci95_low,
                d.ci95_high
            );
        }
    }
    // Catch-all holds conversations at 24 a year for everyone: more caseworkers, and the
    // course is used by everyone at once, so it costs more.
    for key in ["staff.caseworkers.fte_needed_mean", "cost_total_dkk"] {
        let d = row(&c, key).paired[2];
        assert!(
            d.ci95_high < 0.0,
            "{key}: deadweight − catch-all = {:.3}",
            d.mean
        );
    }
}

#[test]
fn common_random_numbers_make_the_paired_interval_much_narrower() {
    // Outcomes of the same citizens move together; an end-of-horizon stock (mål 1) depends on
    // who happens to be in a stage that day and gains less from pairing, so it is not used.
    let model = job_centre(0.5, YOUNG, "");
    let c = run(&model, &["catch-all", "deadweight"]);
    for key in ["on_benefit_26w", "time_on_benefit_weeks"] {
        let r = row(&c, key);
        let paired = r.paired[1].half_width();
        let unpaired = r.unpaired_half_width[1];
        assert!(
            paired < 0.5 * unpaired,
            "{key}: paired ±{paired:.4}, unpaired ±{unpaired:.4}"
        );
    }
}

#[test]
fn catch_all_lock_in_lengthens_time_on_benefit_for_the_low_risk() {
    // Only low-risk citizens (most leave within half a year) and an offer that halves their
    // chance of leaving: putting them all in it from week 0 keeps them on benefit longer.
    let fast = "weeks = [0, 4, 13, 26, 39]\non_benefit = [1.0, 0.7, 0.35, 0.15, 0.08]";
    let mut model = job_centre(0.5, fast, "");
    for s in &mut model.segments {
        s.share_of_inflow = if s.name == "young" { 1.0 } else { 0.0 };
    }
    let c = run(&model, &["deadweight", "catch-all"]);
    for key in ["on_benefit_26w", "time_on_benefit_weeks"] {
        let d = row(&c, key).paired[1];
        assert!(
            d.ci95_low > 0.0,
            "{key}: catch-all − deadweight = {:.4} [{:.4}; {:.4}]",
            d.mean,
            d.ci95_low,
            d.ci95_high
        );
    }
}

#[test]
fn screening_flags_the_expected_share_and_respects_the_cap() {
    // Sensitivity 0.8, specificity 0.9 and a generous cap: flagged = 0.8 r + 0.1 (1 − r), with
    // r the share still on benefit at week 39 of each segment (0.3 and 0.55 here).
    let generous = job_centre(
        1.0,
        YOUNG,
        "[strategy]\nkind = \"selection\"\nsensitivity = 0.8\nspecificity = 0.9\nflag_cap = 1.0",
    );
    let c = run(&generous, &["selection"]);
    let expected = 0.5 * (0.8 * 0.3 + 0.1 * 0.7) + 0.5 * (0.8 * 0.55 + 0.1 * 0.45);
    let f = row(&c, "flagged_share").values[0];
    assert!(
        (f.mean - expected).abs() <= f.half_width() * 1.32 + 0.005,
        "flagged {:.4} ± {:.4}, expected {expected:.4}",
        f.mean,
        f.half_width()
    );
    // A cap of 20 % thins the flags down to it, and the file reports it.
    let capped = job_centre(
        1.0,
        YOUNG,
        "[strategy]\nkind = \"selection\"\nsensitivity = 0.8\nspecificity = 0.9\nflag_cap = 0.2",
    );
    assert!(capped
        .warnings
        .iter()
        .any(|w| w.en.contains("above the cap")));
    let c = run(&capped, &["selection"]);
    let f = row(&c, "flagged_share").values[0];
    assert!(
        (f.mean - 0.2).abs() < 0.02,
        "capped flagged share {:.4}",
        f.mean
    );
}

#[test]
fn mixed_strategies_apply_per_segment() {
    // Brøndby: catch-all under 30, selection over 30.
    let model = job_centre(
        1.0,
        YOUNG,
        "[[strategies]]\nname = \"brøndby\"\nkind = \"selection\"\nby_segment = { young = \"catch-all\" }",
    );
    let s = resolve(&model, &["brøndby".to_string()]).unwrap();
    use kapacitet::model::StrategyKind;
    assert_eq!(
        s[0].kinds,
        vec![StrategyKind::CatchAll, StrategyKind::Selection]
    );
    let c = run(&model, &["deadweight", "brøndby", "catch-all"]);
    // Workload sits between deadweight and catch-all.
    let need = &row(&c, "staff.caseworkers.fte_needed_mean").values;
    assert!(need[0].mean < need[1].mean && need[1].mean < need[2].mean);
}

fn kapacitet(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .args(args)
        .output()
        .expect("run kapacitet")
}

#[test]
fn compare_command_prints_json_and_a_sensitivity_sweep() {
    let o = kapacitet(&[
        "compare",
        "--strategy",
        "catch-all",
        "--strategy",
        "deadweight",
        "-r",
        "4",
        "--format",
        "json",
        "--vary",
        "lockin=0.5,1.0",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["strategies"][1], "deadweight");
    assert_eq!(v["baseline"], "catch-all");
    let k = &v["kpis"]["time_on_benefit_weeks"];
    assert!(k["by_strategy"]["deadweight"]["mean"].is_number());
    assert!(k["difference"]["deadweight"]["ci95_low"].is_number());
    assert!(k["difference"]["deadweight"]["unpaired_ci95_half_width"].is_number());
    assert_eq!(v["sensitivity"]["parameter"], "lockin");
    assert_eq!(v["sensitivity"]["points"].as_array().unwrap().len(), 2);
    assert!(v["sensitivity"]["ranking_stable"].is_boolean());
}

#[test]
fn compare_rejects_unknown_strategies_and_parameters_with_exit_2() {
    let o = kapacitet(&["compare", "--strategy", "catchall"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("\"catch-all\""));
    let o = kapacitet(&["compare", "--vary", "lockn=0.5"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("lockin"));
    let o = kapacitet(&["compare", "--rank-by", "speed"]);
    assert_eq!(o.status.code(), Some(2));
}
