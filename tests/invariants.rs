//! Invariants of every run: citizens are conserved, the input survival curve is reproduced when
//! nothing intervenes, and results do not depend on the number of threads.

mod common;

use kapacitet::export;
use kapacitet::figures::Lang;
use kapacitet::replication::{replicate, SURVIVAL_WEEKS};
use kapacitet::runner::run_replications;
use kapacitet::{engine, report, scenario};

#[test]
fn default_scenario_is_valid_and_example_prints_it() {
    let m = scenario::default_model().expect("default scenario is valid");
    assert!(m.stages.len() >= 5);
    let from_file = scenario::load_file(std::path::Path::new("scenarios/default.toml"))
        .expect("scenarios/default.toml is valid");
    assert_eq!(from_file.name, m.name);
}

#[test]
fn citizens_are_conserved_at_every_weekly_report() {
    let model = scenario::default_model().expect("valid");
    for r in 0..4 {
        let rep = replicate(&model, engine::replication_seed(model.seed, r)).expect("no loop");
        assert!(rep.weekly.len() >= 52);
        for snap in &rep.weekly {
            assert_eq!(
                snap.arrived_total,
                snap.exited_total + snap.present,
                "in = out + present at day {}",
                snap.day
            );
            let in_stages: u64 = snap.occupancy.iter().map(|&o| u64::from(o)).sum();
            assert_eq!(in_stages, snap.active, "active = sum of occupancy");
            assert!(snap.active <= snap.present);
            for (s, &occ) in snap.occupancy.iter().enumerate() {
                if snap.capacity[s].is_finite() {
                    assert!(
                        f64::from(occ) <= snap.capacity[s],
                        "occupancy within places"
                    );
                }
            }
        }
    }
}

/// No paths: nobody is referred anywhere, so the share of new applicants still on benefit after
/// w weeks must follow the input curve (docs/model.md, "Citizens").
#[test]
fn without_interventions_the_input_survival_curve_is_reproduced() {
    let header = common::Header {
        name: "survival only",
        start: "2020-01-06",
        warmup_weeks: 0.0,
        horizon_weeks: 300.0,
        replications: 10,
        seed: 3,
    }
    .text();
    let text = header.clone()
        + r#"
[[segments]]
name = "young"
share_of_inflow = 0.4
[segments.survival]
weeks = [0, 4, 13, 26, 52, 104]
on_benefit = [1.0, 0.85, 0.6, 0.45, 0.3, 0.15]

[[segments]]
name = "old"
share_of_inflow = 0.6
[segments.survival]
weeks = [0, 13, 52, 104]
on_benefit = [1.0, 0.9, 0.7, 0.5]

[arrivals]
new_per_month = 200
"#;
    let model = scenario::load_str(&text, "survival.toml").expect("valid");
    let reps = run_replications(&model, model.replications, model.seed, None, &|| {}).unwrap();
    let rep = report::build(&model, model.seed, &reps);
    for (row, week) in rep.survival.iter().zip(SURVIVAL_WEEKS) {
        // Independent number: the mixture of the two input curves, computed here by hand.
        let young = kapacitet::survival::SurvivalCurve::new(
            &[0.0, 4.0, 13.0, 26.0, 52.0, 104.0],
            &[1.0, 0.85, 0.6, 0.45, 0.3, 0.15],
        );
        let old = kapacitet::survival::SurvivalCurve::new(
            &[0.0, 13.0, 52.0, 104.0],
            &[1.0, 0.9, 0.7, 0.5],
        );
        let expected = 0.4 * young.survival_at_weeks(week) + 0.6 * old.survival_at_weeks(week);
        assert!((row.input - expected).abs() < 1e-12);
        let s = row.on_benefit;
        let half = s.half_width() * 1.32 + 1e-9;
        assert!(
            (s.mean - expected).abs() <= half.max(0.004),
            "week {week}: simulated {:.4} ± {:.4}, input {:.4}",
            s.mean,
            half,
            expected
        );
    }
    // At a knot of the young curve the value is exact: spot-check that it is not trivially 1.
    assert!(rep.survival[2].on_benefit.mean < 0.8);
}

#[test]
fn same_seed_gives_byte_identical_json_for_one_thread_and_all_threads() {
    let model = scenario::default_model().expect("valid");
    let one = run_replications(&model, 8, 99, Some(1), &|| {}).unwrap();
    let all = run_replications(&model, 8, 99, None, &|| {}).unwrap();
    let three = run_replications(&model, 8, 99, Some(3), &|| {}).unwrap();
    let json = |reps: &[kapacitet::replication::Replication]| {
        export::documents::run::document(&report::build(&model, 99, reps), Lang::Da).json
    };
    assert_eq!(json(&one), json(&all));
    assert_eq!(json(&one), json(&three));
    // A different seed gives a different result (the check above is not vacuous).
    let other = run_replications(&model, 8, 100, None, &|| {}).unwrap();
    assert_ne!(json(&one), json(&other));
}

/// The weekly rows of a report are, to the bit, the plain means over replications of each
/// replication's own weekly snapshots (the report adds them up one replication at a time).
#[test]
fn weekly_rows_are_the_means_of_the_replications_snapshots() {
    let model = scenario::load_str(scenario::DEFAULT_SCENARIO, "default.toml").expect("valid");
    let reps = run_replications(&model, 5, 7, None, &|| {}).unwrap();
    let rep = report::build(&model, 7, &reps);
    let weeks = reps[0].weekly.len();
    assert!(weeks > 50 && rep.weekly.len() == weeks, "{weeks} weeks");
    let mean = |f: &dyn Fn(&kapacitet::replication::Replication) -> f64| {
        reps.iter().map(f).sum::<f64>() / reps.len() as f64
    };
    let same = |a: f64, b: f64| a.to_bits() == b.to_bits();
    for (w, row) in rep.weekly.iter().enumerate() {
        for s in 0..model.stages.len() {
            let occupancy = mean(&|r| f64::from(r.weekly.occupancy(w, s)));
            let queue = mean(&|r| f64::from(r.weekly.queue(w, s)));
            assert!(same(row.occupancy[s], occupancy), "week {w} stage {s}");
            assert!(same(row.queue[s], queue), "week {w} stage {s}");
            let (sum, count) = reps.iter().fold((0.0, 0u32), |(a, n), r| {
                let (sum, count) = r.weekly.waits(w, s);
                (a + sum, n + count)
            });
            let waits = if count == 0 {
                f64::NAN
            } else {
                sum / f64::from(count)
            };
            assert!(
                same(row.wait_days_mean[s], waits)
                    || (waits.is_nan() && row.wait_days_mean[s].is_nan())
            );
        }
        assert!(same(row.present, mean(&|r| r.weekly.present(w) as f64)));
        let passive = mean(&|r| (r.weekly.present(w) - r.weekly.active(w)) as f64);
        assert!(same(row.passive, passive));
    }
    // Not vacuous: people wait and are present in the default job centre.
    assert!(rep.weekly.iter().any(|r| r.queue.iter().any(|&q| q > 0.0)));
}
