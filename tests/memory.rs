//! Memory follows the citizens present: the engine reuses the slots of citizens who left, and
//! the key figures are reduced from each citizen's record as they leave, giving exactly the
//! figures computed from every record kept to the end.

use kapacitet::engine;
use kapacitet::model::Model;
use kapacitet::replication::{replicate, summarise, Replication};
use kapacitet::scenario;

fn load(path: &str) -> Model {
    scenario::load_file(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

fn bits(values: impl IntoIterator<Item = f64>) -> Vec<u64> {
    values.into_iter().map(f64::to_bits).collect()
}

fn assert_same(a: &Replication, b: &Replication, what: &str) {
    assert_eq!(
        bits(a.kpis.clone()),
        bits(b.kpis.clone()),
        "{what}: key figures"
    );
    for (x, y) in a.stages.iter().zip(&b.stages) {
        assert_eq!(bits(x.values()), bits(y.values()), "{what}: stage figures");
    }
    for (x, y) in a.staff.iter().zip(&b.staff) {
        assert_eq!(bits(x.values()), bits(y.values()), "{what}: staff figures");
    }
    // Unlimited places are NaN, which is not equal to itself: compare the printed records.
    let printed = |x: &dyn std::fmt::Debug| format!("{x:?}");
    assert_eq!(printed(&a.weekly), printed(&b.weekly), "{what}: weekly");
    assert_eq!(printed(&a.monthly), printed(&b.monthly), "{what}: monthly");
    assert_eq!(a.offer_gap, b.offer_gap, "{what}: offer gaps");
    let survival = |r: &Replication| {
        r.survival
            .iter()
            .map(|p| (p.week.to_bits(), p.on_benefit.to_bits(), p.cohort))
            .collect::<Vec<_>>()
    };
    assert_eq!(survival(a), survival(b), "{what}: survival");
}

/// Every shipped scenario has something the reduction must get right: outcome payments and
/// mål 2 (Aarhus), conversations and strategies (default), closings (transitions).
#[test]
fn figures_reduced_as_citizens_leave_equal_those_from_every_record() {
    for path in [
        "scenarios/default.toml",
        "scenarios/aarhus.toml",
        "scenarios/transition-nyborg.toml",
        "scenarios/transition-in-step.toml",
    ] {
        let mut model = load(path);
        if model.strategy.is_none() {
            model.strategy = model.strategies.first().cloned();
        }
        for r in 0..2 {
            let seed = engine::replication_seed(model.seed, r);
            let streamed = replicate(&model, seed).expect("no loop");
            let kept = summarise(&model, engine::run(&model, seed).expect("no loop"));
            assert_same(&streamed, &kept, path);
        }
    }
}

/// Forty simulated years of a job centre whose stock turns over many times: the citizen table
/// holds no more slots than citizens were ever present at once, however many came and went.
#[test]
fn the_citizen_table_holds_only_the_citizens_present() {
    let text = std::fs::read_to_string("scenarios/aarhus.toml").expect("readable");
    let long = text.replace("horizon_weeks = 208 ", "horizon_weeks = 2035 ");
    assert_ne!(long, text, "horizon line not found");
    let model = scenario::load_str(&long, "aarhus-40y.toml").expect("valid");
    let seed = engine::replication_seed(model.seed, 0);
    let run = engine::run(&model, seed).expect("no loop");
    let arrived = run.citizens.len();
    let most_present_weekly = run.weekly.iter().map(|w| w.present).max().unwrap_or(0) as usize;
    // Between weekly snapshots a few more may be present at once than at any snapshot.
    assert!(
        run.peak_slots <= most_present_weekly + most_present_weekly / 20 + 50,
        "{} slots for at most {} present at a weekly snapshot",
        run.peak_slots,
        most_present_weekly
    );
    assert!(run.peak_slots >= most_present_weekly);
    assert!(
        arrived > 10 * run.peak_slots,
        "the test needs turnover: {arrived} arrivals, {} slots",
        run.peak_slots
    );
    // The replication's own figures do not keep the citizens either.
    let rep = replicate(&model, seed).expect("no loop");
    assert_eq!(rep.peak_slots, run.peak_slots);
}
