//! Bad scenarios never panic: `kapacitet check` exits 2 and names file:line:column, the field and
//! what would be valid. One test per kind of mistake, each on a copy of the M/M/c scenario with
//! one line changed.

use std::path::PathBuf;
use std::process::Command;

const BASE: &str = include_str!("../scenarios/validation/mmc.toml");

struct Outcome {
    code: i32,
    stderr: String,
    file: String,
}

fn check_text(name: &str, text: &str) -> Outcome {
    let dir = tempfile::tempdir().expect("temp dir");
    let path: PathBuf = dir.path().join(name);
    std::fs::write(&path, text).expect("write scenario");
    let out = Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .arg("check")
        .arg(&path)
        .output()
        .expect("run kapacitet");
    Outcome {
        code: out.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        file: path.display().to_string(),
    }
}

/// Replace exactly one occurrence of `from` in the base scenario.
fn variant(from: &str, to: &str) -> String {
    assert_eq!(BASE.matches(from).count(), 1, "`{from}` must occur once");
    BASE.replace(from, to)
}

/// 1-based line of the first line containing `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle")
        + 1
}

fn assert_reported(o: &Outcome, line: usize, must_contain: &[&str]) {
    assert_eq!(o.code, 2, "exit code; stderr:\n{}", o.stderr);
    let prefix = format!("{}:{}:", o.file, line);
    assert!(
        o.stderr.contains(&prefix),
        "expected location {prefix} in:\n{}",
        o.stderr
    );
    for s in must_contain {
        assert!(o.stderr.contains(s), "expected `{s}` in:\n{}", o.stderr);
    }
    assert!(!o.stderr.contains("panicked"), "{}", o.stderr);
    assert!(!o.stderr.contains("RUST_BACKTRACE"), "{}", o.stderr);
}

#[test]
fn the_base_scenario_is_valid() {
    let o = check_text("ok.toml", BASE);
    assert_eq!(o.code, 0, "{}", o.stderr);
}

#[test]
fn unknown_field_is_named_with_the_valid_ones() {
    let text = variant("capacity = 4", "capacity = 4\ncapacty = 5");
    let o = check_text("unknown.toml", &text);
    assert_reported(&o, line_of(&text, "capacty"), &["capacty", "capacity"]);
}

#[test]
fn wrong_type_is_reported() {
    let text = variant("capacity = 4", "capacity = \"four\"");
    let o = check_text("type.toml", &text);
    assert_reported(
        &o,
        line_of(&text, "\"four\""),
        &["stages[0].capacity", "expected a whole number"],
    );
}

#[test]
fn negative_capacity_is_reported_with_what_is_valid() {
    let text = variant("capacity = 4", "capacity = -3");
    let o = check_text("negative.toml", &text);
    assert_reported(
        &o,
        line_of(&text, "capacity = -3"),
        &["stages[0].capacity", "≥ 0", "-3"],
    );
}

#[test]
fn route_weights_must_sum_to_one() {
    let text = variant(
        "routes = [{ to = \"job\", weight = 1.0 }]",
        "routes = [{ to = \"job\", weight = 0.5 }, { to = \"passive\", weight = 0.3 }]",
    );
    let o = check_text("weights.toml", &text);
    assert_reported(
        &o,
        line_of(&text, "routes ="),
        &["stages[0].routes", "sum to 1", "0.8"],
    );
}

#[test]
fn route_to_missing_stage_lists_the_stages() {
    let text = variant(
        "{ to = \"job\", weight = 1.0 }",
        "{ to = \"jobb\", weight = 1.0 }",
    );
    let o = check_text("missing.toml", &text);
    assert_reported(
        &o,
        line_of(&text, "\"jobb\""),
        &[
            "stages[0].routes[0].to",
            "\"jobb\" is not a stage",
            "\"server\"",
            "\"job\"",
        ],
    );
}

#[test]
fn path_no_citizen_can_leave_is_reported() {
    // The stage routes only back to itself.
    let text = variant(
        "routes = [{ to = \"job\", weight = 1.0 }]",
        "routes = [{ to = \"server\", weight = 1.0 }]",
    );
    let o = check_text("trap.toml", &text);
    assert_reported(
        &o,
        text.lines()
            .position(|l| l.trim() == "to = \"server\"")
            .expect("path line")
            + 1,
        &["paths[0].to", "no citizen can leave path"],
    );
}

#[test]
fn rising_survival_curve_is_reported() {
    let text = variant(
        "share_of_inflow = 1.0",
        "share_of_inflow = 1.0\n[segments.survival]\nweeks = [0, 13, 26]\non_benefit = [1.0, 0.5, 0.6]",
    );
    let o = check_text("rising.toml", &text);
    assert_reported(
        &o,
        line_of(&text, "on_benefit ="),
        &["segments[0].survival.on_benefit[2]", "cannot rise"],
    );
}

#[test]
fn several_problems_are_listed_at_once() {
    let text = variant("capacity = 4", "capacity = -1")
        .replace("weight = 1.0", "weight = 0.4")
        .replace("seed = 7", "seed = -7");
    let o = check_text("many.toml", &text);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("3 problems"), "{}", o.stderr);
}

#[test]
fn missing_file_and_garbage_exit_2_without_panicking() {
    let out = Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .args(["check", "does/not/exist.toml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
    let o = check_text("garbage.toml", "this is = = not toml [[[");
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains(&format!("{}:1:", o.file)), "{}", o.stderr);
}

#[test]
fn run_with_a_bad_scenario_exits_2_and_runs_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.toml");
    std::fs::write(&path, variant("capacity = 4", "capacity = -3")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .arg("run")
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
}

#[test]
fn conversation_settings_on_a_caseload_role_are_rejected() {
    let text = format!(
        "{BASE}\n[[staff]]\nrole = \"matchmaker\"\ncaseload_per_fte = 20\nstages = [\"server\"]\nno_show_rate = 0.2\n"
    );
    let o = check_text("caseload.toml", &text);
    assert_reported(
        &o,
        line_of(&text, "no_show_rate"),
        &["staff[0].no_show_rate", "conversation role"],
    );
}

#[test]
fn capacity_change_in_a_month_that_does_not_exist_is_reported() {
    let text = variant(
        "capacity = 4\n",
        "capacity = 4\ncapacity_schedule = [{ from_month = \"2024-13\", capacity = 2 }]\n",
    );
    let o = check_text("month.toml", &text);
    assert_reported(
        &o,
        line_of(&text, "from_month"),
        &["from_month", "YYYY-MM", "2024-13"],
    );
}

#[test]
fn capacity_change_before_the_first_day_or_with_two_dates_is_reported() {
    let text = variant(
        "capacity = 4\n",
        "capacity = 4\ncapacity_schedule = [{ from_date = \"2023-12-01\", capacity = 2 }]\n",
    );
    let o = check_text("early.toml", &text);
    assert_reported(
        &o,
        line_of(&text, "from_date"),
        &["before the first simulated day", "2024-01-01"],
    );
    let text = variant(
        "capacity = 4\n",
        "capacity = 4\ncapacity_schedule = [{ from_week = 3, from_month = \"2024-02\", capacity = 2 }]\n",
    );
    let o = check_text("both.toml", &text);
    assert_reported(
        &o,
        line_of(&text, "from_month"),
        &["only one of from_week, from_month and from_date"],
    );
}

/// Each of these once gave a misleading or doubled message.
#[test]
fn messages_name_each_problem_once_and_only_valid_choices() {
    // An empty route list: one problem, not also "weights sum to -0".
    let text = variant("routes = [{ to = \"job\", weight = 1.0 }]", "routes = []");
    let o = check_text("routes.toml", &text);
    assert_eq!(o.code, 2);
    assert!(!o.stderr.contains("sum to"), "{}", o.stderr);
    // A path to an unknown place lists stages only: a path cannot lead to "job".
    let o = check_text("path.toml", &variant("to = \"server\"", "to = \"serve\""));
    assert_reported(
        &o,
        line_of(&variant("to = \"server\"", "to = \"serve\""), "\"serve\""),
        &["\"server\""],
    );
    assert!(!o.stderr.contains("\"job\""), "{}", o.stderr);
    // A strategy of the file may not take a built-in name or "scenario".
    let text = format!(
        "{BASE}\n[strategy]\nname = \"selection\"\nkind = \"catch-all\"\n\n[[strategies]]\nname = \"scenario\"\nkind = \"deadweight\"\n"
    );
    let o = check_text("names.toml", &text);
    assert_eq!(o.code, 2);
    assert!(o.stderr.contains("strategy.name"), "{}", o.stderr);
    assert!(o.stderr.contains("strategies[0].name"), "{}", o.stderr);
    // Not a number as the first survival week.
    let text = variant(
        "share_of_inflow = 1.0",
        "share_of_inflow = 1.0\nsurvival = { weeks = [nan, 52], on_benefit = [1.0, 0.5] }",
    );
    let o = check_text("nan.toml", &text);
    assert_eq!(o.code, 2);
    assert!(
        o.stderr.contains("must be a number of weeks (got nan)"),
        "{}",
        o.stderr
    );
    assert!(!o.stderr.contains("after NaN"), "{}", o.stderr);
}
