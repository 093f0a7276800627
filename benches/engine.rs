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

use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use kapacitet::rng::Stream as Xoshiro;
use rand::{Rng, SeedableRng};

use kapacitet::calendar::DAYS_PER_MONTH;
use kapacitet::engine::replication_seed;
use kapacitet::model::Model;
use kapacitet::replication::replicate;
use kapacitet::runner::run_replications;
use kapacitet::scenario;

fn load(relative: &str) -> Model {
    // Benches normally run from the package root, but not when started from elsewhere.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    scenario::load_file(&path).unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

/// The parameters of an M/M/c queue, in days.
#[derive(Debug, Clone, Copy)]
struct Mmc {
    lambda: f64,
    mu: f64,
    c: u32,
    warmup: f64,
    end: f64,
}

impl Mmc {
    /// The queue `model` describes, read from the model rather than restated, so the two sides
    /// of the comparison cannot drift apart if the scenario file changes.
    fn of(model: &Model) -> Mmc {
        let stage = &model.stages[0];
        Mmc {
            lambda: model.arrivals.new_per_month / DAYS_PER_MONTH,
            mu: 1.0 / stage.duration.mean(),
            c: stage
                .capacity
                .expect("the M/M/c scenario has finite places"),
            warmup: model.warmup_days,
            end: model.end_day(),
        }
    }

    /// Erlang C mean wait in queue.
    fn erlang_c_wait(&self) -> f64 {
        let a = self.lambda / self.mu;
        let c = f64::from(self.c);
        let rho = a / c;
        assert!(rho < 1.0, "the M/M/c scenario must be stable");
        let mut term = 1.0; // a^k / k!
        let mut sum = 0.0;
        for k in 0..self.c {
            sum += term;
            term *= a / f64::from(k + 1);
        }
        let top = term / (1.0 - rho);
        let prob_wait = top / (sum + top);
        prob_wait / (c * self.mu - self.lambda)
    }
}

#[derive(Debug, Clone, Copy)]
enum Kind {
    Arrival,
    Departure,
}

#[derive(Debug, Clone, Copy)]
struct Event {
    time: f64,
    seq: u64,
    kind: Kind,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Event {}

impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Event {
    // Reversed so the max-heap pops the earliest event; ties in scheduling order.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then(other.seq.cmp(&self.seq))
    }
}

/// What the hand-written loop leaves behind.
struct LoopResult {
    customers: u64,
    /// Waits of customers who started service in the measured window, as the engine records
    /// them.
    waits: Vec<f64>,
}

impl LoopResult {
    fn mean_wait(&self) -> f64 {
        self.waits.iter().sum::<f64>() / self.waits.len() as f64
    }
}

/// The least a competent programmer would write for one M/M/c FIFO queue: one event heap, one
/// random stream, a queue of arrival times. Draws are by inverse CDF, as the engine's are, and
/// nothing is scheduled past the end, as in the engine.
fn hand_written_loop(q: Mmc, seed: u64) -> LoopResult {
    let mut rng = Xoshiro::seed_from_u64(seed);
    let mut exp = |rate: f64| -(1.0 - rng.random::<f64>()).ln() / rate;
    let mut heap = BinaryHeap::new();
    let mut seq = 0u64;
    let mut schedule = |heap: &mut BinaryHeap<Event>, time: f64, kind: Kind| {
        if time <= q.end {
            seq += 1;
            heap.push(Event { time, seq, kind });
        }
    };
    let mut busy = 0u32;
    let mut queue: VecDeque<f64> = VecDeque::new();
    let mut waits = Vec::new();
    let mut customers = 0u64;
    schedule(&mut heap, exp(q.lambda), Kind::Arrival);
    while let Some(ev) = heap.pop() {
        let now = ev.time;
        match ev.kind {
            Kind::Arrival => {
                customers += 1;
                if busy < q.c {
                    busy += 1;
                    if now >= q.warmup {
                        waits.push(0.0);
                    }
                    schedule(&mut heap, now + exp(q.mu), Kind::Departure);
                } else {
                    queue.push_back(now);
                }
                schedule(&mut heap, now + exp(q.lambda), Kind::Arrival);
            }
            Kind::Departure => match queue.pop_front() {
                Some(arrived) => {
                    if now >= q.warmup {
                        waits.push(now - arrived);
                    }
                    schedule(&mut heap, now + exp(q.mu), Kind::Departure);
                }
                None => busy -= 1,
            },
        }
    }
    LoopResult { customers, waits }
}

/// Before timing anything, show that both sides simulate the same queue: a fast loop that
/// simulated something else would make the ratio meaningless.
fn check_same_queue(model: &Model, q: Mmc) {
    const SEEDS: u64 = 100;
    let exact = q.erlang_c_wait();
    let hand = (0..SEEDS)
        .map(|s| hand_written_loop(q, replication_seed(model.seed, s as u32)).mean_wait())
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
    let hand_customers = hand_written_loop(q, seed).customers;
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
        b.iter(|| hand_written_loop(black_box(q), black_box(seed)))
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
