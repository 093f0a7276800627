//! The waiting-time figures against independent numbers: the time in queue of everyone referred
//! (Kaplan-Meier, `wait_all_days_mean`) on a small case worked by hand, against Erlang C in the
//! M/M/c queue and against the offered wait of the M/M/c queue with reneging (Erlang A); and the
//! percentiles pooled over replications (`wait_days_p50_pooled`, `wait_days_p90_pooled`) against
//! the Erlang C waiting-time distribution P(W > t) = C(c, a) · e^{−(cμ − λ) t}.

mod common;

use common::erlang_c;
use kapacitet::engine;
use kapacitet::model::Model;
use kapacitet::replication::{replicate, summarise, Replication};
use kapacitet::report::{self, Report};
use kapacitet::runner::run_replications;
use kapacitet::survival::SurvivalCurve;

fn mmc() -> Model {
    common::model(common::MMC)
}

fn report_of(model: &Model) -> Report {
    let reps: Vec<Replication> =
        run_replications(model, model.replications, model.seed, None, &|| {}).expect("runs");
    report::build(model, model.seed, &reps)
}

/// The day the Erlang C waiting time exceeds with probability 1 − q (q above the share who do
/// not wait).
fn erlang_c_quantile(lambda: f64, mu: f64, c: u32, q: f64) -> f64 {
    let (p_wait, rate) = erlang_c(lambda, mu, c);
    assert!(1.0 - q < p_wait);
    (p_wait / (1.0 - q)).ln() / rate
}

#[test]
fn erlang_c_quantile_by_hand() {
    // c = 1, λ = 0.5, μ = 1: P(wait) = ρ = 0.5, rate 0.5; P(W > t) = 0.5 e^{−t/2} = 0.1 at
    // t = 2 ln 5.
    let t = erlang_c_quantile(0.5, 1.0, 1, 0.9);
    assert!((t - 2.0 * 5f64.ln()).abs() < 1e-12);
}

/// Four citizens of the initial stock are referred on day 0 to a stage with one place and stays
/// of exactly 8 days; the path's maximum wait is 10 days, with a fallback without a limit.
/// The first starts at once and the second on day 8; the third and fourth are moved to the
/// fallback on day 10, which ends their time in this queue without a start (censored at 10).
/// Kaplan-Meier by hand: S = 3/4 after day 0, 3/4 · 2/3 = 1/2 after day 8, and the curve stops
/// at 10 (both censored): area 8 · 3/4 + 2 · 1/2 = 7 days. The starters waited 0 and 8 days.
#[test]
fn time_in_queue_of_everyone_referred_by_hand() {
    let header = common::Header {
        name: "queue by hand",
        start: "2024-01-01",
        warmup_weeks: 0.0,
        horizon_weeks: 4.0,
        replications: 1,
        seed: 1,
    };
    let m = common::model(&header.with(&format!(
        r#"{}
[[segments]]
name = "all"
share_of_inflow = 1.0
share_of_stock = 1.0
[initial_stock]
count = 4
weeks_on_benefit = {{ dist = "fixed", value = 0 }}
[[stages]]
name = "a"
kind = "course"
capacity = 1
duration = {{ dist = "fixed", value = 8 }}
duration_unit = "calendar_days"
routes = [{{ to = "job", weight = 1.0 }}]
[[stages]]
name = "b"
kind = "course"
duration = {{ dist = "fixed", value = 100 }}
duration_unit = "calendar_days"
routes = [{{ to = "job", weight = 1.0 }}]
[[paths]]
name = "p"
to = "a"
fallback = "b"
max_wait_days = 10
"#,
        common::EVERY_DAY
    )));
    let run = engine::run(&m, engine::replication_seed(m.seed, 0)).expect("no loop");
    let figures = summarise(&m, run);
    let a = &figures.stages[0];
    assert_eq!(a.wait_days_mean, 4.0, "starters waited 0 and 8 days");
    assert!(
        (a.wait_all_days_mean - 7.0).abs() < 1e-12,
        "{}",
        a.wait_all_days_mean
    );
    // At the fallback both started the moment they were moved there.
    assert_eq!(figures.stages[1].wait_all_days_mean, 0.0);
    // The same through the streaming tally.
    let streamed = replicate(&m, engine::replication_seed(m.seed, 0)).expect("no loop");
    assert_eq!(streamed.stages[0].wait_all_days_mean, a.wait_all_days_mean);
    // One more place in the horizon's way: with 3 weeks and no fallback the fourth citizen is
    // still waiting at the end (day 21, censored), the third started on day 16. S = 3/4, 1/2,
    // 1/4 after days 0, 8 and 16; area 8 · 3/4 + 8 · 1/2 + 5 · 1/4 = 11.25.
    let text = header.with(&format!(
        "{}\n[[segments]]\nname = \"all\"\nshare_of_inflow = 1.0\nshare_of_stock = 1.0\n\
         [initial_stock]\ncount = 4\nweeks_on_benefit = {{ dist = \"fixed\", value = 0 }}\n\
         [[stages]]\nname = \"a\"\nkind = \"course\"\ncapacity = 1\n\
         duration = {{ dist = \"fixed\", value = 8 }}\nduration_unit = \"calendar_days\"\n\
         routes = [{{ to = \"job\", weight = 1.0 }}]\n[[paths]]\nname = \"p\"\nto = \"a\"\n",
        common::EVERY_DAY
    ));
    let m = common::model(&text.replace("horizon_weeks = 4", "horizon_weeks = 3"));
    let f = replicate(&m, engine::replication_seed(m.seed, 0)).expect("no loop");
    assert_eq!(
        f.stages[0].wait_days_mean, 8.0,
        "starters waited 0, 8 and 16 days"
    );
    assert!((f.stages[0].wait_all_days_mean - 11.25).abs() < 1e-12);
}

/// In the M/M/c queue nobody leaves the queue early; only the horizon cuts waits short. The
/// Kaplan-Meier mean of everyone referred is then the Erlang C mean wait, as the starters' is.
#[test]
fn time_in_queue_of_everyone_matches_erlang_c_without_reneging() {
    let m = mmc();
    let c = m.stages[0].capacity.expect("places");
    let lambda = m.arrivals.new_per_month / kapacitet::calendar::DAYS_PER_MONTH;
    let (p_wait, rate) = erlang_c(lambda, 1.0, c);
    let exact = p_wait / rate;
    let r = report_of(&m);
    let all = r.stages[0].figure("wait_all_days_mean");
    let half = all.half_width() * 1.32;
    assert!(
        (all.mean - exact).abs() <= half,
        "Kaplan-Meier {:.4} ± {half:.4}, Erlang C {exact:.4}",
        all.mean
    );
}

/// A replication counts its waits by bin as they end instead of keeping them all. Against the
/// waits themselves, kept by `engine::run` from the same seed: the mean is the same number (the
/// waits are summed in the same order) and each percentile is within a bin's width.
#[test]
fn waits_by_bin_keep_the_mean_and_percentiles_of_the_waits() {
    let m = mmc();
    let seed = engine::replication_seed(m.seed, 0);
    let run = engine::run(&m, seed).expect("no loop");
    let mut waits = run.stages[0].wait_list.clone();
    assert!(waits.len() > 10_000, "{} waits", waits.len());
    let mean = kapacitet::stats::mean(&waits);
    waits.sort_by(f64::total_cmp);
    let f = &replicate(&m, seed).expect("no loop").stages[0];
    assert_eq!(f.wait_days_mean.to_bits(), mean.to_bits());
    let eps = kapacitet::binned::RELATIVE_ERROR;
    for (q, got) in [(0.5, f.wait_days_p50), (0.9, f.wait_days_p90)] {
        let exact = kapacitet::stats::quantile_sorted(&waits, q);
        assert!(
            exact > 0.0 && (got - exact).abs() <= eps * exact,
            "{q}: {got} for {exact}"
        );
    }
}

/// M/M/c with reneging (Erlang A): waiting citizens leave benefit at rate θ (an exponential
/// survival curve; no exit during a stay, lock-in 0). Their patience is their own, so the
/// Kaplan-Meier estimate with those who left counted as censored estimates the offered wait V,
/// the wait a citizen would have had if they had stayed. An arrival that finds n ≥ c present
/// waits for n − c + 1 departures from the queue ahead of them, each at rate cμ + jθ with j
/// ahead: E[V] = Σ_{n ≥ c} p_n Σ_{j=0}^{n−c} 1 / (cμ + jθ), p_n the birth-death stationary
/// distribution (death rate min(n, c) μ + max(n − c, 0) θ). The starters' mean is lower: those
/// who would have waited longest left.
#[test]
fn time_in_queue_of_everyone_is_the_offered_wait_with_reneging() {
    let (lambda, mu, c, theta) = (3.8, 1.0, 4u32, 0.2f64);
    let mut m = mmc();
    m.arrivals.new_per_month = lambda * kapacitet::calendar::DAYS_PER_MONTH;
    m.segments[0].survival = Some(SurvivalCurve::new(
        &[0.0, 1.0],
        &[1.0, (-7.0 * theta).exp()],
    ));
    m.stages[0].lockin = 0.0;
    m.replications = 60;
    let mut p = vec![1.0f64];
    for n in 1..2000usize {
        let death = (n.min(c as usize) as f64) * mu + (n.saturating_sub(c as usize) as f64) * theta;
        p.push(p[n - 1] * lambda / death);
    }
    let total: f64 = p.iter().sum();
    let offered: f64 = (c as usize..p.len())
        .map(|n| {
            let ahead: f64 = (0..=n - c as usize)
                .map(|j| 1.0 / (f64::from(c) * mu + j as f64 * theta))
                .sum();
            p[n] / total * ahead
        })
        .sum();
    let r = report_of(&m);
    let all = r.stages[0].figure("wait_all_days_mean");
    let starters = r.stages[0].figure("wait_days_mean");
    let half = all.half_width() * 1.32;
    assert!(
        (all.mean - offered).abs() <= half.max(0.01 * offered),
        "Kaplan-Meier {:.4} ± {half:.4}, offered wait {offered:.4}",
        all.mean
    );
    assert!(
        starters.ci95_high < all.ci95_low,
        "starters {starters:?} below everyone {all:?}"
    );
}

/// At ρ = 0.95 the percentiles of each replication, averaged, sit above the Erlang C
/// percentiles; the pooled ones agree with theory.
#[test]
fn pooled_percentiles_match_the_erlang_c_distribution() {
    let mut m = mmc();
    let c = m.stages[0].capacity.expect("places");
    let lambda = 0.95 * f64::from(c);
    m.arrivals.new_per_month = lambda * kapacitet::calendar::DAYS_PER_MONTH;
    let r = report_of(&m);
    for (key, q) in [("wait_days_p50_pooled", 0.5), ("wait_days_p90_pooled", 0.9)] {
        let exact = erlang_c_quantile(lambda, 1.0, c, q);
        let pooled = r.stages[0].figure(key);
        let half = pooled.half_width() * 1.32;
        assert!(
            pooled.ci95_low <= pooled.mean && pooled.mean <= pooled.ci95_high,
            "{key}: {pooled:?}"
        );
        assert!(
            (pooled.mean - exact).abs() <= half,
            "{key}: pooled {:.4} ± {half:.4}, Erlang C {exact:.4}",
            pooled.mean
        );
    }
    // The median of each replication, averaged, is further from theory than the pooled one.
    let exact = erlang_c_quantile(lambda, 1.0, c, 0.5);
    let averaged = r.stages[0].figure("wait_days_p50").mean;
    let pooled = r.stages[0].figure("wait_days_p50_pooled").mean;
    assert!(
        (averaged - exact).abs() > (pooled - exact).abs(),
        "averaged {averaged:.4}, pooled {pooled:.4}, Erlang C {exact:.4}"
    );
}
