//! Property tests: for any valid small job centre, citizens are conserved, occupancy never
//! exceeds the places or goes negative, and any text fed to the scenario loader gives an
//! error or a model, never a panic.

mod common;

use kapacitet::{engine, scenario};
use proptest::prelude::*;

/// The knobs a property case turns.
#[derive(Clone, Copy)]
struct Case {
    per_month: f64,
    cap_a: u32,
    cap_b: u32,
    stay_a: f64,
    stay_b: f64,
    to_b: f64,
    weekly: bool,
    breakdown: f64,
}

fn scenario_text(case: &Case) -> String {
    let Case {
        per_month,
        cap_a,
        cap_b,
        stay_a,
        stay_b,
        to_b,
        weekly,
        breakdown,
    } = *case;
    let intake = if weekly {
        "intake = \"weekly\"\nintake_weekday = \"tue\""
    } else {
        "intake = \"continuous\""
    };
    let header = common::Header {
        name: "prop",
        start: "2024-01-01",
        warmup_weeks: 4.0,
        horizon_weeks: 40.0,
        replications: 1,
        seed: 1,
    }
    .text();
    format!(
        r#"
{header}
[[segments]]
name = "s"
share_of_inflow = 1.0
[segments.survival]
weeks = [0, 26, 52]
on_benefit = [1.0, 0.6, 0.4]

[arrivals]
new_per_month = {per_month}

[initial_stock]
count = 30
weeks_on_benefit = {{ dist = "uniform", min = 0, max = 52 }}

[[stages]]
name = "a"
kind = "course"
capacity = {cap_a}
{intake}
duration = {{ dist = "exponential", mean = {stay_a} }}
routes = [{{ to = "b", weight = {to_b}, fallback = "c", max_wait_days = 5 }}, {{ to = "passive", weight = {rest} }}]
[stages.breakdown]
probability = {breakdown}
after = {{ dist = "uniform", min = 0, max = 5 }}
to = "passive"

[[stages]]
name = "b"
kind = "company_centre"
capacity = {cap_b}
capacity_schedule = [{{ from_week = 20, capacity = {cap_b_half} }}]
duration = {{ dist = "lognormal", mean = {stay_b}, sd = 5 }}
routes = [{{ to = "job", weight = 0.5 }}, {{ to = "passive", weight = 0.5 }}]

[[stages]]
name = "c"
kind = "external_provider"
duration = {{ dist = "triangular", min = 1, mode = 5, max = 20 }}
routes = [{{ to = "passive", weight = 1.0 }}]

[[paths]]
name = "p"
to = "a"
delay_days = 3
"#,
        rest = 1.0 - to_b,
        cap_b_half = cap_b / 2,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn conservation_and_capacity_hold_for_any_small_job_centre(
        per_month in 0.0f64..200.0,
        cap_a in 0u32..30,
        cap_b in 0u32..40,
        stay_a in 0.5f64..30.0,
        stay_b in 1.0f64..90.0,
        to_b in 0.0f64..=1.0,
        weekly in any::<bool>(),
        breakdown in 0.0f64..=1.0,
        seed in any::<u64>(),
    ) {
        let text = scenario_text(&Case { per_month, cap_a, cap_b, stay_a, stay_b, to_b, weekly, breakdown });
        let model = scenario::load_str(&text, "prop.toml").map_err(|e| TestCaseError::fail(e.to_string()))?;
        let run = engine::run(&model, seed).expect("no loop");
        for snap in &run.weekly {
            prop_assert_eq!(snap.arrived_total, snap.exited_total + snap.present);
            let active: u64 = snap.occupancy.iter().map(|&o| u64::from(o)).sum();
            prop_assert_eq!(active, snap.active);
            // Stage a has a fixed number of places; b's may shrink, and then only drains.
            prop_assert!(snap.occupancy[0] <= cap_a);
            if snap.day < 20.0 * 7.0 {
                prop_assert!(snap.occupancy[1] <= cap_b);
            }
        }
        for rec in &run.stages {
            prop_assert!(rec.wait_list.iter().all(|w| *w >= 0.0));
            prop_assert!(rec.stays.iter().all(|s| *s >= 0.0));
        }
    }

    #[test]
    fn the_loader_never_panics_on_arbitrary_text(text in "\\PC{0,400}") {
        let _ = scenario::load_str(&text, "fuzz.toml");
    }

    #[test]
    fn the_loader_never_panics_on_mangled_scenarios(
        cut in 0usize..2000,
        insert in "[a-z0-9=\\[\\]{}\",. -]{0,12}",
    ) {
        let base = scenario::DEFAULT_SCENARIO;
        let mut cut = cut.min(base.len());
        while !base.is_char_boundary(cut) {
            cut -= 1;
        }
        let text = format!("{}{}{}", &base[..cut], insert, &base[cut..]);
        let _ = scenario::load_str(&text, "mangled.toml");
    }
}
