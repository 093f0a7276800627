//! Criterion benchmarks of the simulation engine (figures and how to read them:
//! docs/performance.md).
//!
//! - `mmc`: one replication of `scenarios/validation/mmc.toml` (engine and key figures, as
//!   `kapacitet run` does each replication) against a minimal hand-written M/M/c event loop with
//!   the same arrival rate, service rate, places and simulated length. Both report customers
//!   per second, so their ratio says what the engine's generality (per-citizen random streams
//!   and records, versioned events, time integrals, weekly snapshots, key figures) costs over
//!   the least a programmer would write for this one queue.
//! - `aarhus`: `scenarios/aarhus.toml`, a large job centre (about 3,500 citizens in stock,
//!   about 250 new applicants a month, 5 simulated years): 100 replications through the
//!   parallel runner, as `kapacitet run` does them, and one replication on its own.
//!
//! The targets themselves are measured on whole `kapacitet run` processes by `benches/cpu.rs`;
//! these in-process figures help see where a change goes. The machine these run on is usually
//! shared, so compare figures from one run with each other (ratios) rather than with absolute
//! times from another day.

use std::collections::VecDeque;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};

use kapacitet::engine::replication_seed;
use kapacitet::model::Model;
use kapacitet::replication::replicate;
use kapacitet::runner::run_replications;
use kapacitet::scenario;

#[path = "common/minimal_mmc.rs"]
mod minimal_mmc;
use minimal_mmc::{Mmc, Tally};

fn load(relative: &str) -> Model {
    // Benches normally run from the package root, but not when started from elsewhere.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    scenario::load_file(&path).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

/// What the hand-written loop records: customers, and waits as the engine records them.
struct Waits {
    /// Start of the measured window: only customers who start service from then on count.
    warmup: f64,
    customers: u64,
    /// Arrival times of the customers waiting, in order.
    queue: VecDeque<f64>,
    waits: Vec<f64>,
}

impl Waits {
    fn new(warmup: f64) -> Waits {
        Waits {
            warmup,
            customers: 0,
            queue: VecDeque::new(),
            waits: Vec::new(),
        }
    }

    fn mean_wait(&self) -> f64 {
        self.waits.iter().sum::<f64>() / self.waits.len() as f64
    }
}

impl Tally for Waits {
    fn arrival(&mut self, now: f64, queued: bool) {
        self.customers += 1;
        if queued {
            self.queue.push_back(now);
        } else if now >= self.warmup {
            self.waits.push(0.0);
        }
    }

    fn start_from_queue(&mut self, now: f64) {
        let arrived = self.queue.pop_front().expect("someone is waiting");
        if now >= self.warmup {
            self.waits.push(now - arrived);
        }
    }
}

/// The minimal loop, keeping a queue of arrival times for the waits.
fn hand_written_loop(q: Mmc, warmup: f64, seed: u64) -> Waits {
    minimal_mmc::run(q, seed, Waits::new(warmup))
}

/// Before timing anything, show that both sides simulate the same queue: a fast loop that
/// simulated something else would make the ratio meaningless.
fn check_same_queue(model: &Model, q: Mmc) {
    const SEEDS: u64 = 100;
    let exact = q.erlang_c_wait();
    let hand = (0..SEEDS)
        .map(|s| {
            hand_written_loop(q, model.warmup_days, replication_seed(model.seed, s as u32))
                .mean_wait()
        })
        .sum::<f64>()
        / SEEDS as f64;
    let engine = (0..SEEDS)
        .map(|s| {
            replicate(model, replication_seed(model.seed, s as u32))
                .expect("no loop")
                .stages[0]
                .wait_days_mean
        })
        .sum::<f64>()
        / SEEDS as f64;
    eprintln!(
        "mmc: λ = {:.3}/day, μ = {:.3}/day, c = {}, {} days; mean wait over {SEEDS} runs: \
         hand-written loop {hand:.4} d, kapacitet {engine:.4} d, Erlang C {exact:.4} d",
        q.lambda, q.mu, q.c, q.end
    );
    // One run's mean wait varies by about 18 % at this load, so a hundred runs put the average
    // within about 2 %: 10 % only catches a loop or engine that simulates a different queue.
    for (who, wait) in [("hand-written loop", hand), ("kapacitet", engine)] {
        assert!(
            (wait - exact).abs() / exact < 0.10,
            "{who}: mean wait {wait:.4} d is not close to Erlang C {exact:.4} d"
        );
    }
}

fn mmc(c: &mut Criterion) {
    let model = load("scenarios/validation/mmc.toml");
    let q = Mmc::of(&model);
    check_same_queue(&model, q);
    let seed = replication_seed(model.seed, 0);

    let engine_customers = replicate(&model, seed)
        .expect("no loop")
        .weekly
        .last()
        .map_or(0, |w| w.arrived_total);
    let hand_customers = hand_written_loop(q, model.warmup_days, seed).customers;
    eprintln!(
        "mmc: customers per run: kapacitet {engine_customers}, hand-written loop {hand_customers}"
    );

    let mut g = c.benchmark_group("mmc");
    g.throughput(Throughput::Elements(engine_customers));
    g.bench_function("kapacitet_replication", |b| {
        b.iter(|| replicate(black_box(&model), black_box(seed)))
    });
    g.throughput(Throughput::Elements(hand_customers));
    g.bench_function("hand_written_loop", |b| {
        b.iter(|| hand_written_loop(black_box(q), black_box(model.warmup_days), black_box(seed)))
    });
    g.finish();
}

fn aarhus(c: &mut Criterion) {
    const REPLICATIONS: u32 = 100;
    let model = load("scenarios/aarhus.toml");
    let first = replication_seed(model.seed, 0);
    let one_events = replicate(&model, first).expect("no loop").events;
    let all_events: u64 = run_replications(&model, REPLICATIONS, model.seed, None, &|| {})
        .expect("the replications run")
        .iter()
        .map(|r| r.events)
        .sum();
    eprintln!(
        "aarhus: {one_events} events in replication 0, {all_events} in {REPLICATIONS} replications"
    );

    let mut g = c.benchmark_group("aarhus");
    // A run of 100 replications takes seconds: ten runs of one iteration each (the least
    // criterion allows) keep `cargo bench` to a few minutes, where the default linear sampling
    // would need 55.
    g.sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(40))
        .throughput(Throughput::Elements(all_events));
    g.bench_function("100_replications", |b| {
        b.iter(|| {
            run_replications(
                black_box(&model),
                REPLICATIONS,
                black_box(model.seed),
                None,
                &|| {},
            )
            .expect("the replications run")
        })
    });
    g.measurement_time(Duration::from_secs(15))
        .throughput(Throughput::Elements(one_events));
    g.bench_function("one_replication", |b| {
        b.iter(|| replicate(black_box(&model), black_box(first)))
    });
    g.finish();
}

criterion_group!(benches, mmc, aarhus);
criterion_main!(benches);
