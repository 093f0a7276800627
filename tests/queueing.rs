//! The engine against queueing theory: the M/M/c scenario's mean wait against Erlang C at several
//! loads, and Little's law (L = λW) for every stage of a whole job centre.

mod common;

use common::erlang_c_wait;
use kapacitet::model::Model;
use kapacitet::replication::Replication;
use kapacitet::report;
use kapacitet::runner::run_replications;
use kapacitet::scenario;

fn mmc() -> Model {
    scenario::load_file(std::path::Path::new("scenarios/validation/mmc.toml"))
        .expect("mmc.toml is valid")
}

#[test]
fn erlang_c_formula_matches_a_textbook_value() {
    // c = 2, λ = 1, μ = 1 (a = 1, ρ = 0.5): P(wait) = 1/3, Wq = (1/3) / (2 - 1) = 1/3.
    assert!((erlang_c_wait(1.0, 1.0, 2) - 1.0 / 3.0).abs() < 1e-12);
}

fn runs(model: &Model) -> Vec<Replication> {
    run_replications(model, model.replications, model.seed, None, &|| {}).expect("runs")
}

/// The simulated mean wait must match Erlang C. The interval used is the 95 % Student-t
/// interval widened to about 99 % (×1.32), so a correct engine fails with about 1 % chance
/// per load; the seeds are fixed, so the outcome is reproducible. Replication means of waits
/// are right-skewed at high load (a congested replication has both a high mean and a high
/// spread), so the t-interval needs many replications to cover well: 100 are used.
#[test]
fn mmc_mean_wait_matches_erlang_c_at_several_loads() {
    let base = mmc();
    let c = base.stages[0].capacity.expect("finite capacity");
    let mu = 1.0;
    for rho in [0.5, 0.8, 0.9, 0.95] {
        let mut model = base.clone();
        let lambda = rho * f64::from(c) * mu;
        model.arrivals.new_per_month = lambda * kapacitet::calendar::DAYS_PER_MONTH;
        model.replications = 100;
        let reps = runs(&model);
        let rep = report::build(&model, model.seed, &reps);
        let wait = rep.stages[0].figure("wait_days_mean");
        let exact = erlang_c_wait(lambda, mu, c);
        let half = wait.half_width() * 1.32;
        assert!(
            (wait.mean - exact).abs() <= half,
            "rho = {rho}: simulated mean wait {:.4} ± {:.4}, Erlang C {:.4}",
            wait.mean,
            half,
            exact
        );
        // Little's law for the queue: Lq = λ Wq (nobody leaves the queue early here).
        let lq = rep.stages[0].figure("queue_mean").mean;
        assert!(
            (lq - lambda * wait.mean).abs() / lq < 0.02,
            "rho = {rho}: Lq = {lq:.4}, λWq = {:.4}",
            lambda * wait.mean
        );
        // Utilisation of the places is ρ.
        let util = rep.stages[0].figure("utilisation");
        assert!(
            (util.mean - rho).abs() < 0.01,
            "rho = {rho}: utilisation {}",
            util.mean
        );
    }
}

/// The file as shipped, run as `kapacitet run` runs it (its own replications and seed), shows
/// Erlang C inside the plain 95 % interval of the mean wait, as its comment says.
#[test]
fn mmc_file_as_shipped_shows_erlang_c_inside_its_interval() {
    let model = mmc();
    let reps = runs(&model);
    let rep = report::build(&model, model.seed, &reps);
    let wait = rep.stages[0].figure("wait_days_mean");
    let exact = erlang_c_wait(3.6, 1.0, 4);
    assert!((exact - 1.969).abs() < 0.001, "Erlang C {exact}");
    assert!(
        wait.ci95_low <= exact && exact <= wait.ci95_high,
        "mean wait {:.3} [{:.3}; {:.3}], Erlang C {exact:.3}",
        wait.mean,
        wait.ci95_low,
        wait.ci95_high
    );
}

#[test]
fn mmc_file_is_at_rho_0_9() {
    let m = mmc();
    let lambda = m.arrivals.new_per_month / kapacitet::calendar::DAYS_PER_MONTH;
    assert!((lambda / 4.0 - 0.9).abs() < 1e-9);
}

/// A long run of the default job centre, so boundary effects of the window are small.
fn long_default() -> Model {
    let text = scenario::DEFAULT_SCENARIO.replace("horizon_weeks = 52 ", "horizon_weeks = 520 ");
    assert_ne!(text, scenario::DEFAULT_SCENARIO, "horizon line not found");
    let mut m = scenario::load_str(&text, "default (long)").expect("valid");
    m.replications = 6;
    m
}

/// Little's law for the places of every stage (citizens also leave queues on their own in this
/// scenario, so the queue is checked on the M/M/c scenario instead).
#[test]
fn littles_law_holds_for_every_stage() {
    let model = long_default();
    let reps = runs(&model);
    for rep in &reps {
        for (s, f) in rep.stages.iter().enumerate() {
            let per_day = f.entries_per_month / kapacitet::calendar::DAYS_PER_MONTH;
            // Places: L = λ W, with λ the start rate and W the mean stay.
            let predicted = per_day * f.stay_days_mean;
            let rel = (f.occupancy_mean - predicted).abs() / f.occupancy_mean.max(1e-9);
            assert!(
                rel < 0.03,
                "stage {}: L = {:.3}, λW = {:.3}",
                model.stages[s].name,
                f.occupancy_mean,
                predicted
            );
        }
    }
}
