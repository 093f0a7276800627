//! The command line as users and scripts meet it: the default run, the JSON contract, CSV,
//! `--out` files, `example`, and determinism across thread counts through the binary.

use std::process::{Command, Output};

fn kapacitet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .args(args)
        .output()
        .expect("run kapacitet")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn no_arguments_runs_the_default_job_centre_and_prints_key_figures() {
    let o = kapacitet(&[]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = stdout(&o);
    for needle in ["Mål 1", "Mål 2", "Liggetid", "Virksomhedscentre", "95 %"] {
        assert!(text.contains(needle), "missing {needle} in\n{text}");
    }
}

#[test]
fn json_output_keeps_its_contract() {
    let o = kapacitet(&["run", "--replications", "3", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("valid JSON");
    assert!(v["scenario"].is_string());
    assert_eq!(v["replications"], 3);
    assert!(v["seed"].is_u64());
    let kpis = v["kpis"].as_object().expect("kpis object");
    for key in [
        "mal1_company_activation",
        "mal2_selfsufficient_4w",
        "company_share_of_activation",
        "company_share_of_target_group",
        "passive_stock",
        "placed_share",
        "time_to_first_placement_days",
        "cost_total_dkk",
    ] {
        let k = &kpis[key];
        for field in ["mean", "ci95_low", "ci95_high"] {
            assert!(k[field].is_number(), "{key}.{field} = {}", k[field]);
        }
        assert!(k["ci95_low"].as_f64() <= k["mean"].as_f64());
        assert!(k["mean"].as_f64() <= k["ci95_high"].as_f64());
    }
    let stages = v["stages"].as_array().expect("stages array");
    assert!(!stages.is_empty());
    for s in stages {
        assert!(s["name"].is_string());
        for field in [
            "utilisation",
            "wait_days_mean",
            "wait_days_p90",
            "entries_per_month",
        ] {
            assert!(
                s[field].is_number() || s[field].is_null(),
                "{}.{field}",
                s["name"]
            );
        }
    }
}

#[test]
fn json_is_byte_identical_for_one_thread_and_all_threads() {
    let one = kapacitet(&[
        "run",
        "-r",
        "6",
        "--seed",
        "5",
        "--threads",
        "1",
        "--format",
        "json",
    ]);
    let all = kapacitet(&["run", "-r", "6", "--seed", "5", "--format", "json"]);
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(one.stdout, all.stdout);
}

#[test]
fn csv_output_has_a_row_per_key_figure() {
    let o = kapacitet(&["run", "-r", "2", "--format", "csv"]);
    let text = stdout(&o);
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("key,label,mean,ci95_low,ci95_high,n"));
    assert_eq!(lines.count(), kapacitet::figures::KPIS.len());
    assert!(text.contains("\nmal1_company_activation,"));
}

#[test]
fn out_dir_gets_every_file_and_no_temporary_leftovers() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("results");
    let o = kapacitet(&["run", "-r", "2", "--out", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "kpis.csv",
            "monthly.csv",
            "staff.csv",
            "stages.csv",
            "summary.json",
            "survival.csv",
            "weekly.csv"
        ]
    );
    let weekly = std::fs::read_to_string(out.join("weekly.csv")).unwrap();
    assert!(weekly.starts_with("week,date,stage,capacity,occupancy,queue\n"));
    // 52 weekly snapshots plus the end, for 5 stages and 4 totals each.
    assert_eq!(weekly.lines().count() - 1, 53 * 9);
}

#[test]
fn out_dir_that_cannot_be_written_is_refused_before_running() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("not-a-dir");
    std::fs::write(&file, "x").unwrap();
    let o = kapacitet(&["run", "-r", "1", "--out", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is a file"));
}

#[test]
fn example_prints_the_default_scenario_which_checks_clean() {
    let o = kapacitet(&["example"]);
    let text = stdout(&o);
    assert_eq!(text, kapacitet::scenario::DEFAULT_SCENARIO);
    assert!(
        text.lines()
            .filter(|l| l.trim_start().starts_with('#'))
            .count()
            > 20
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mit-jobcenter.toml");
    std::fs::write(&path, text).unwrap();
    let c = kapacitet(&["check", path.to_str().unwrap()]);
    assert_eq!(c.status.code(), Some(0));
    assert!(stdout(&c).contains("ok"));
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(
        kapacitet(&["run", "--replications", "0"]).status.code(),
        Some(2)
    );
    assert_eq!(
        kapacitet(&["run", "--format", "xml"]).status.code(),
        Some(2)
    );
    assert_eq!(kapacitet(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn size_answers_in_json_with_its_confidence() {
    let o = kapacitet(&[
        "size",
        "scenarios/validation/mmc.toml",
        "--stage",
        "server",
        "--target",
        "liggetid <= 0.5",
        "-r",
        "10",
        "--format",
        "json",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["mode"], "stage");
    assert_eq!(v["unit"], "places");
    assert_eq!(v["confidence"], 0.95);
    // λ = 3.6, μ = 1: Erlang C gives 1.79 days at 4 places and 0.28 at 5.
    assert_eq!(v["answer"], 5.0);
    assert_eq!(v["certain"], true);
    assert_eq!(v["one_fewer"]["verdict"], "not_met");
    assert_eq!(v["targets"][0]["figure"], "server.wait_days_mean");
    let evals = v["evaluations"].as_array().unwrap();
    assert!(evals
        .iter()
        .any(|e| e["setting"] == 5.0 && e["verdict"] == "met"));
    assert!(v["conclusion"].as_str().unwrap().contains("5 pladser"));
}

#[test]
fn size_with_a_target_it_cannot_read_exits_2() {
    for args in [
        vec![
            "size",
            "--stage",
            "virksomhedscenter",
            "--target",
            "liggetid 14",
        ],
        vec!["size", "--stage", "nosuch", "--target", "liggetid <= 14"],
        vec![
            "size",
            "--stage",
            "virksomhedscenter",
            "--target",
            "wait <= soon",
        ],
        vec![
            "size",
            "--close",
            "kompetence",
            "--target",
            "mal1 >= 80",
            "--first-month",
            "1999-01",
        ],
    ] {
        let o = kapacitet(&args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("error: "), "{err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    // Neither --stage, --role nor --close: clap says so, also with code 2.
    let o = kapacitet(&["size", "--target", "mal1 >= 80"]);
    assert_eq!(o.status.code(), Some(2));
}
