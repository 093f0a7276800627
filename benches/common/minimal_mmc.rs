//! The minimal M/M/c event loop that `benches/engine.rs` and `benches/cpu.rs` compare kapacitet
//! against: the least a competent programmer writes for one FIFO queue. One binary heap of
//! (time, sequence, kind) events, one xoshiro generator (kapacitet's own, so both sides draw
//! with the same generator), exponential times by inverse CDF, and nothing scheduled past the
//! end, as in the engine. What a run records is the caller's [`Tally`], so both benches run the
//! same loop and each pays only for the figures it reads.
//!
//! Included by each bench with `#[path = "common/minimal_mmc.rs"] mod minimal_mmc;` (a file
//! under a directory of `benches/` is not a bench target of its own).

// Each bench uses only part of this module (one Erlang C figure, its own tally).
#![allow(dead_code)]

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use kapacitet::calendar::DAYS_PER_MONTH;
use kapacitet::model::Model;
use kapacitet::rng;
use rand::Rng;

/// The parameters of an M/M/c queue, in days.
#[derive(Debug, Clone, Copy)]
pub struct Mmc {
    pub lambda: f64,
    pub mu: f64,
    pub c: u32,
    /// Simulated length: nothing is scheduled after it.
    pub end: f64,
}

impl Mmc {
    /// The queue `model` describes, read from the model rather than restated, so the two sides
    /// of a comparison cannot drift apart if the scenario file changes.
    pub fn of(model: &Model) -> Mmc {
        let stage = &model.stages[0];
        Mmc {
            lambda: model.arrivals.new_per_month / DAYS_PER_MONTH,
            mu: 1.0 / stage.duration.mean(),
            c: stage
                .capacity
                .expect("the M/M/c scenario has finite places"),
            end: model.end_day(),
        }
    }

    /// Erlang C: the probability that an arrival has to wait.
    fn erlang_c_prob_wait(&self) -> f64 {
        let a = self.lambda / self.mu;
        let rho = a / f64::from(self.c);
        assert!(rho < 1.0, "the M/M/c scenario must be stable");
        let mut term = 1.0; // a^k / k!
        let mut sum = 0.0;
        for k in 0..self.c {
            sum += term;
            term *= a / f64::from(k + 1);
        }
        let top = term / (1.0 - rho);
        top / (sum + top)
    }

    /// Erlang C mean wait in queue, in days.
    pub fn erlang_c_wait(&self) -> f64 {
        self.erlang_c_prob_wait() / (f64::from(self.c) * self.mu - self.lambda)
    }

    /// Erlang C mean number waiting.
    pub fn erlang_c_queue(&self) -> f64 {
        let rho = self.lambda / (f64::from(self.c) * self.mu);
        self.erlang_c_prob_wait() * rho / (1.0 - rho)
    }
}

/// What a run of [`run`] records. The loop calls these at fixed points; a tally that leaves
/// one out costs nothing there (the calls are inlined away).
pub trait Tally {
    /// Every event at `now`, before it changes anything: `waiting` customers have waited since
    /// the previous event.
    fn event(&mut self, _now: f64, _waiting: u64) {}
    /// A customer arrives at `now`; `queued` when every server is busy, otherwise service
    /// starts at once.
    fn arrival(&mut self, now: f64, queued: bool);
    /// The customer at the head of the queue starts service at `now`.
    fn start_from_queue(&mut self, _now: f64) {}
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// One run of the M/M/c queue `q` from an empty system, with the random stream of `seed`;
/// returns `tally` with what it recorded.
pub fn run<T: Tally>(q: Mmc, seed: u64, mut tally: T) -> T {
    let mut rng = rng::stream(seed);
    let mut exp = |rate: f64| -(1.0 - rng.random::<f64>()).ln() / rate;
    let mut heap = BinaryHeap::new();
    let mut seq = 0u64;
    let mut push = |heap: &mut BinaryHeap<Event>, time: f64, kind: Kind| {
        if time <= q.end {
            seq += 1;
            heap.push(Event { time, seq, kind });
        }
    };
    let (mut busy, mut waiting) = (0u32, 0u64);
    push(&mut heap, exp(q.lambda), Kind::Arrival);
    while let Some(ev) = heap.pop() {
        tally.event(ev.time, waiting);
        match ev.kind {
            Kind::Arrival => {
                let queued = busy >= q.c;
                tally.arrival(ev.time, queued);
                if queued {
                    waiting += 1;
                } else {
                    busy += 1;
                    push(&mut heap, ev.time + exp(q.mu), Kind::Departure);
                }
                push(&mut heap, ev.time + exp(q.lambda), Kind::Arrival);
            }
            Kind::Departure => {
                if waiting > 0 {
                    waiting -= 1;
                    tally.start_from_queue(ev.time);
                    push(&mut heap, ev.time + exp(q.mu), Kind::Departure);
                } else {
                    busy -= 1;
                }
            }
        }
    }
    tally
}
