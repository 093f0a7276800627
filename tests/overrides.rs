//! `--set PATH=VALUE` changes a scenario exactly as editing the file would, is checked by the
//! same validator, and a mistake in it names the argument and what would be valid. `compare
//! --vary` takes any such path, and ranks strategies in the direction of the figure.

mod common;

use common::*;

fn json(o: &std::process::Output) -> serde_json::Value {
    assert_exit(o, 0);
    serde_json::from_slice(&o.stdout).expect("JSON")
}

#[test]
fn a_set_gives_the_same_results_as_the_edited_file() {
    let edited = variant_of(
        DEFAULT,
        "capacity = 86                 # 86 places",
        "capacity = 120                # 86 places",
    );
    let f = ScenarioFile::new("edited.toml", &edited);
    let by_file = kapacitet(&["run", f.arg(), "-r", "2", "--format", "json"]);
    let by_set = kapacitet(&[
        "run",
        "scenarios/default.toml",
        "--set",
        "stages.virksomhedscenter.capacity=120",
        "-r",
        "2",
        "--format",
        "json",
    ]);
    assert_exit(&by_file, 0);
    assert_eq!(
        String::from_utf8_lossy(&by_set.stdout),
        String::from_utf8_lossy(&by_file.stdout)
    );
    let v = json(&by_set);
    assert_eq!(v["stages"][2]["capacity_mean"], 120.0);
}

#[test]
fn entries_are_named_by_name_position_or_all() {
    let run = |set: &str| {
        json(&kapacitet(&[
            "run", "--set", set, "-r", "2", "--format", "json",
        ]))
    };
    let by_position = run("stages.#2.capacity=50");
    let by_name = run("stages.virksomhedscenter.capacity=50");
    assert_eq!(by_position, by_name);
    let all = run("stages.*.price_per_week_dkk=0");
    assert_eq!(all["kpis"]["cost_total_dkk"]["mean"], 0.0);
    let staff = run("staff.sagsbehandlere.fte=9");
    assert_eq!(staff["staff"][0]["fte"], 9.0);
    let tables = run("deadlines.first_offer_days_30plus=100");
    assert!(tables["kpis"]["first_offer_on_time_share"]["mean"].is_number());
}

#[test]
fn mistakes_name_the_argument_and_what_is_valid() {
    let cases: [(&[&str], &[&str]); 6] = [
        (
            &[
                "--set",
                "arrivals.new_per_month=30",
                "--set",
                "stages.vc.capacity=5",
            ],
            &["--set #2", "no stage \"vc\"", "\"virksomhedscenter\""],
        ),
        (
            &["--set", "stages.virksomhedscenter.capacty=80"],
            &["--set #1", "unknown field `capacty`", "`capacity`"],
        ),
        (
            &["--set", "stages.virksomhedscenter.capacity=many"],
            &["--set #1", "expected a whole number"],
        ),
        (
            &["--set", "stages.virksomhedscenter.capacity=-4"],
            &["--set #1", "stages[2].capacity", "≥ 0"],
        ),
        (
            &["--set", "staff.nobody.fte=2"],
            &["--set #1", "no staff role \"nobody\"", "\"sagsbehandlere\""],
        ),
        (&["--set", "capacity"], &["PATH=VALUE"]),
    ];
    for (command, _) in [("run", ()), ("check", ()), ("compare", ()), ("size", ())] {
        for (set, needles) in &cases {
            let mut args = vec![command];
            args.extend(*set);
            if command == "size" {
                args.extend(["--stage", "virksomhedscenter", "--target", "liggetid <= 14"]);
            }
            let o = kapacitet(&args);
            assert_exit(&o, 2);
            for n in *needles {
                assert!(
                    stderr(&o).contains(n),
                    "{args:?}: want {n} in\n{}",
                    stderr(&o)
                );
            }
        }
    }
}

#[test]
fn compare_varies_any_path_and_ranks_in_the_figures_direction() {
    let v = json(&kapacitet(&[
        "compare",
        "--vary",
        "stages.virksomhedscenter.capacity=40,200",
        "--rank-by",
        "mal2_selfsufficient_4w",
        "-r",
        "3",
        "--format",
        "json",
    ]));
    let s = &v["sensitivity"];
    assert_eq!(s["parameter"], "stages.virksomhedscenter.capacity");
    let points = s["points"].as_array().unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(points[0]["value"], 40.0);
    for p in points {
        // Mål 2 is better high: the first in the ranking has the highest mean.
        let mean = |name: &serde_json::Value| {
            p["by_strategy"][name.as_str().unwrap()]["mean"]
                .as_f64()
                .unwrap()
        };
        let ranking = p["ranking"].as_array().unwrap();
        for w in ranking.windows(2) {
            assert!(mean(&w[0]) >= mean(&w[1]), "{p}");
        }
    }
    // An invalid value is refused before anything runs.
    let o = kapacitet(&[
        "compare",
        "--vary",
        "stages.virksomhedscenter.capacity=40,-1",
    ]);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("--vary"), "{}", stderr(&o));
}

#[test]
fn size_searches_the_scenario_with_its_overrides() {
    let o = kapacitet(&[
        "size",
        "scenarios/validation/mmc.toml",
        "--set",
        "arrivals.new_per_month=60",
        "--stage",
        "server",
        "--target",
        "liggetid <= 0.5",
        "-r",
        "4",
        "--format",
        "json",
    ]);
    let v = json(&o);
    // At under 2 arrivals a day against 4 at the file's load, fewer places are enough.
    let plain = json(&kapacitet(&[
        "size",
        "scenarios/validation/mmc.toml",
        "--stage",
        "server",
        "--target",
        "liggetid <= 0.5",
        "-r",
        "4",
        "--format",
        "json",
    ]));
    assert!(v["answer"].as_f64().unwrap() < plain["answer"].as_f64().unwrap());
}

#[test]
fn a_segments_strategy_is_the_strategy_in_force_for_that_segment() {
    let run = |args: &[&str]| {
        json(&kapacitet(
            &[&["run", "-r", "2", "--format", "json"], args].concat(),
        ))
    };
    // Written with the segment, or in `[strategy] by_segment` with no strategy for the rest.
    let by_segment = run(&["--set", "segments.under30.strategy.kind=selection"]);
    let edited = format!(
        "{DEFAULT}\n[strategy]\nkind = \"none\"\nby_segment = {{ under30 = \"selection\" }}\n"
    );
    let f = ScenarioFile::new("edited.toml", &edited);
    assert_eq!(by_segment, run(&[f.arg()]));
    // Selection for the young changes their results; "none" everywhere is no strategy at all.
    let plain = run(&[]);
    assert_ne!(by_segment["kpis"], plain["kpis"]);
    assert_eq!(
        run(&["--set", "segments.*.strategy.kind=none"])["kpis"],
        plain["kpis"]
    );
}

#[test]
fn a_segments_kind_given_twice_is_refused_where_written() {
    let edited = format!(
        "{DEFAULT}\n[strategy]\nkind = \"catch-all\"\nby_segment = {{ under30 = \"selection\" }}\n"
    );
    let f = ScenarioFile::new("edited.toml", &edited);
    let o = kapacitet(&[
        "check",
        f.arg(),
        "--set",
        "segments.under30.strategy.kind=deadweight",
    ]);
    assert_exit(&o, 2);
    let err = stderr(&o);
    assert!(err.contains("--set #1"), "{err}");
    assert!(err.contains("give it in one place"), "{err}");
}
