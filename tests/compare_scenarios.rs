//! The leader's question "what changes if we do this?" in one command: `compare A.toml B.toml`
//! and `compare A.toml --variant ...` run scenarios side by side on the same citizens, with the
//! scenario as written as a column and each column saying what differs from the first.

mod common;

use common::*;

fn json(args: &[&str]) -> serde_json::Value {
    let o = kapacitet(args);
    assert_exit(&o, 0);
    serde_json::from_slice(&o.stdout).expect("JSON")
}

#[test]
fn two_identical_files_differ_by_exactly_nothing() {
    let a = ScenarioFile::new("a.toml", DEFAULT);
    let b = ScenarioFile::new("b.toml", DEFAULT);
    let v = json(&["compare", a.arg(), b.arg(), "-r", "3", "--format", "json"]);
    assert_eq!(v["mode"], "scenarios");
    assert_eq!(v["strategies"], serde_json::json!(["a.toml", "b.toml"]));
    assert_eq!(v["columns"][1]["differs"], serde_json::json!([]));
    let mut compared = 0;
    for table in ["kpis", "stages", "staff"] {
        for (key, row) in v[table].as_object().unwrap() {
            let d = &row["difference"]["b.toml"];
            for field in ["mean", "ci95_low", "ci95_high"] {
                assert!(
                    d[field].is_null() || d[field] == 0.0,
                    "{table}.{key}.{field}: {d}"
                );
            }
            compared += 1;
        }
    }
    assert!(compared > 30);
}

#[test]
fn a_variant_with_fewer_places_waits_longer_and_has_the_same_inflow() {
    let v = json(&[
        "compare",
        "scenarios/default.toml",
        "--variant",
        "stages.virksomhedscenter.capacity=40",
        "-r",
        "4",
        "--format",
        "json",
    ]);
    let variant = "stages.virksomhedscenter.capacity=40";
    assert_eq!(
        v["columns"][1]["differs"],
        serde_json::json!(["stages.virksomhedscenter.capacity: 86 → 40"])
    );
    let wait = &v["stages"]["virksomhedscenter.wait_days_mean"]["difference"][variant];
    assert!(wait["ci95_low"].as_f64().unwrap() > 0.0, "{wait}");
    // The same citizens arrive in both columns.
    let inflow = &v["kpis"]["arrivals_per_month"]["difference"][variant];
    assert_eq!(inflow["mean"], 0.0);
    assert_eq!(inflow["ci95_high"], 0.0);
}

#[test]
fn the_scenario_as_written_is_a_column_named_by_its_file() {
    let v = json(&[
        "compare",
        "--strategy",
        "scenario",
        "--strategy",
        "catch-all",
        "-r",
        "3",
        "--format",
        "json",
    ]);
    assert_eq!(v["strategies"][0], "default.toml");
    let about = v["columns"][0]["differs"][0].as_str().unwrap();
    assert!(about.contains("intensive_share"), "{about}");
    let about = v["columns"][1]["differs"][0].as_str().unwrap();
    assert!(about.starts_with("catch-all"), "{about}");
}

#[test]
fn scenario_comparisons_refuse_what_does_not_fit() {
    let o = kapacitet(&[
        "compare",
        "scenarios/default.toml",
        "scenarios/default.toml",
        "--vary",
        "lockin=0.5,1",
    ]);
    assert_exit(&o, 2);
    let o = kapacitet(&["compare", "--variant", "stages.nowhere.capacity=3"]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("--variant #1"), "{}", stderr(&o));
}
