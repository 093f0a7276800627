//! The two shipped transition scenarios tell the story of seed 000 §3.7 and Nyborg (section F):
//! closing Jobhuset before its replacement is ready makes the passive stock jump (Nyborg: 22 in
//! June 2010, 97 in June 2011, L1454–1456) and leaves citizens without an offer month after
//! month; closing it "i takt med" (in step with) new places keeps the passive stock about flat
//! and flags few months. Both files pass `kapacitet check` without warnings.
//!
//! Every comparison is made per replication (the same replication of the two scenarios draws
//! the same citizens), with a 95 % Student t interval over the 20 replications, so a threshold
//! cannot be met by luck.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use kapacitet::replication::Replication;
use kapacitet::report::{self, Report};
use kapacitet::runner::run_replications;
use kapacitet::scenario;

const NYBORG: &str = "scenarios/transition-nyborg.toml";
const IN_STEP: &str = "scenarios/transition-in-step.toml";

struct Run {
    report: Report,
    reps: Vec<Replication>,
}

/// The scenario as shipped: its own replications and seed.
fn simulate(path: &str) -> Run {
    let model = scenario::load_file(Path::new(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let reps = run_replications(&model, model.replications, model.seed, None, &|| {})
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    let report = report::build(&model, model.seed, &reps);
    Run { report, reps }
}

fn nyborg() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| simulate(NYBORG))
}

fn in_step() -> &'static Run {
    static RUN: OnceLock<Run> = OnceLock::new();
    RUN.get_or_init(|| simulate(IN_STEP))
}

/// Index of a month ("2011-06") in the transition report.
fn month(run: &Run, name: &str) -> usize {
    run.report
        .monthly
        .iter()
        .position(|m| m.month == name)
        .unwrap_or_else(|| panic!("no month {name} in the report"))
}

/// Passive stock at the end of month `i`, one value per replication.
fn passive(run: &Run, i: usize) -> Vec<f64> {
    run.reps
        .iter()
        .map(|r| (r.monthly.present(i) - r.monthly.active(i)) as f64)
        .collect()
}

/// Change in the passive stock from the end of June 2010 to the end of June 2011, per
/// replication.
fn passive_change(run: &Run) -> Vec<f64> {
    let before = passive(run, month(run, "2010-06"));
    let after = passive(run, month(run, "2011-06"));
    after.iter().zip(&before).map(|(a, b)| a - b).collect()
}

/// Mean and 95 % Student t interval.
fn interval(xs: &[f64]) -> (f64, f64, f64) {
    let n = xs.len() as f64;
    assert!(
        xs.len() == 20,
        "the t quantile below is for 20 replications"
    );
    let mean = xs.iter().sum::<f64>() / n;
    let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    let half = 2.093 * (var / n).sqrt(); // t(0.975, 19)
    (mean, mean - half, mean + half)
}

/// Months at or after `from` in which some replication had a citizen without an offer.
fn flagged_from<'a>(run: &'a Run, from: &str) -> Vec<&'a str> {
    run.report.monthly[month(run, from)..]
        .iter()
        .filter(|m| m.offer_gap_share > 0.0)
        .map(|m| m.month.as_str())
        .collect()
}

#[test]
fn both_scenarios_start_from_the_same_june_2010() {
    // The same job centre: until the plans diverge (December 2010) every replication is the
    // same in both files, so June 2010 is identical, with seed 000's passive stock of about 22.
    let (a, b) = (nyborg(), in_step());
    let pa = passive(a, month(a, "2010-06"));
    let pb = passive(b, month(b, "2010-06"));
    assert_eq!(pa, pb);
    let (mean, low, high) = interval(&pa);
    assert!(
        (15.0..30.0).contains(&mean) && low < 22.0 && 22.0 < high + 2.0,
        "June 2010 passive {mean:.1} [{low:.1}; {high:.1}], seed: 22"
    );
}

#[test]
fn closing_first_makes_the_passive_stock_jump() {
    // Seed 000: 22 → 97, +75 in a year (L1456). The scenario gives about +72; the whole 95 %
    // interval of the per-replication change must lie above +55, and June 2011 must be within
    // reach of the seed's 97.
    let run = nyborg();
    let (mean, low, high) = interval(&passive_change(run));
    assert!(
        low > 55.0,
        "Nyborg passive change June 2010 → June 2011: {mean:.1} [{low:.1}; {high:.1}]"
    );
    let june = &run.report.monthly[month(run, "2011-06")].passive;
    assert!(
        (80.0..115.0).contains(&june.mean),
        "Nyborg passive June 2011: {:.1}, seed: 97",
        june.mean
    );
    // The jump comes with the closure: end of March 2011 is still near June 2010.
    let march = &run.report.monthly[month(run, "2011-03")].passive;
    assert!(
        march.mean < 35.0 && june.mean - march.mean > 50.0,
        "passive March {:.1}, June {:.1}",
        march.mean,
        june.mean
    );
}

#[test]
fn closing_in_step_keeps_the_passive_stock_about_flat() {
    // Seed 000 wants the shift without "en periode [uden] et tilbud til de ledige" (L220): the
    // whole 95 % interval of the change must lie below +12 while the target group grows by ~35.
    let (mean, low, high) = interval(&passive_change(in_step()));
    assert!(
        high < 12.0,
        "in-step passive change June 2010 → June 2011: {mean:.1} [{low:.1}; {high:.1}]"
    );
    // Paired on the same citizens: the in-step plan saves at least 50 passive citizens in June
    // 2011 against closing first.
    let saved: Vec<f64> = passive_change(nyborg())
        .iter()
        .zip(&passive_change(in_step()))
        .map(|(n, s)| n - s)
        .collect();
    let (mean, low, high) = interval(&saved);
    assert!(
        low > 50.0,
        "Nyborg minus in-step, change in passive: {mean:.1} [{low:.1}; {high:.1}]"
    );
}

#[test]
fn closing_first_flags_every_month_after_the_closure() {
    // Jobhuset closes on 1 April 2011; the external course is too small and the competence
    // project opens only in November, so every month from April to November is flagged, in
    // every replication, and none before; after that the backlog is still being worked off.
    let run = nyborg();
    let closure = month(run, "2011-04");
    for m in &run.report.monthly[..closure] {
        assert_eq!(
            m.offer_gap_share, 0.0,
            "{} flagged before the closure",
            m.month
        );
    }
    let opening = month(run, "2011-11");
    for m in &run.report.monthly[closure..=opening] {
        assert_eq!(
            m.offer_gap_share, 1.0,
            "{} not flagged in every replication",
            m.month
        );
    }
    for m in &run.report.monthly[opening..] {
        assert!(
            m.offer_gap_share >= 0.5,
            "{} flagged in only {:.0} % of replications",
            m.month,
            m.offer_gap_share * 100.0
        );
    }
    // The key figure is the number of flagged months per replication, averaged.
    let expected: f64 = run.report.monthly.iter().map(|m| m.offer_gap_share).sum();
    let kpi = run.report.kpi("months_past_offer_deadline").mean;
    assert!((kpi - expected).abs() < 1e-9, "{kpi} vs {expected}");
}

#[test]
fn closing_in_step_flags_few_months_and_rarely() {
    // A short wait when the company places happen to be full can flag a month in a few
    // replications: a risk to watch, not a plan that leaves a group without an offer.
    let run = in_step();
    let flagged = flagged_from(run, "2010-06");
    assert!(flagged.len() <= 4, "in-step flagged months: {flagged:?}");
    for m in &run.report.monthly {
        assert!(
            m.offer_gap_share <= 0.25,
            "{}: flagged in {:.0} % of the replications",
            m.month,
            m.offer_gap_share * 100.0
        );
    }
    let nyborg = flagged_from(nyborg(), "2010-06").len();
    assert!(
        flagged.len() * 3 < nyborg,
        "in-step {flagged:?}, Nyborg {nyborg}"
    );
}

#[test]
fn both_scenarios_pass_check_without_warnings() {
    for path in [NYBORG, IN_STEP] {
        let out = Command::new(env!("CARGO_BIN_EXE_kapacitet"))
            .args(["check", path])
            .output()
            .expect("run kapacitet check");
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.status.success(), "{path}: {text}");
        assert!(text.contains(": ok"), "{path}: {text}");
        assert!(out.stderr.is_empty(), "{path}: {text}");
    }
}
