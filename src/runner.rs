//! Runs replications in parallel. Each replication is a pure function of the model and its own
//! seed, and results are collected in replication order, so the output is bit-identical whatever
//! the number of threads.

use std::sync::atomic::{AtomicU32, Ordering};

use rayon::prelude::*;

use crate::engine::{replication_seed, Excess, Stuck, MOVES_PER_CITIZEN_DAY};
use crate::model::Model;
use crate::replication::{replicate, Replication};

/// Run `replications` replications with base `seed` on `threads` threads (None: all cores).
/// `on_done` is called once per finished replication, from any thread (for a progress bar).
pub fn run_replications(
    model: &Model,
    replications: u32,
    seed: u64,
    threads: Option<usize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<Replication>, String> {
    run_replication_range(model, 0..replications, seed, threads, on_done)
}

/// Replications `range` of a run with base `seed`: extending a run with more replications
/// gives exactly the replications a longer run would have had.
pub fn run_replication_range(
    model: &Model,
    range: std::ops::Range<u32>,
    seed: u64,
    threads: Option<usize>,
    on_done: &(dyn Fn() + Sync),
) -> Result<Vec<Replication>, String> {
    // Once a replication failed, those after it are not started: the run reports the first
    // failure in replication order, which replications before it may still produce.
    let first_failure = AtomicU32::new(u32::MAX);
    let work = || {
        range
            .clone()
            .into_par_iter()
            .map(|r| {
                if r > first_failure.load(Ordering::Relaxed) {
                    return Err(String::new());
                }
                let rep = replicate(model, replication_seed(seed, r));
                on_done();
                rep.map_err(|stuck| {
                    first_failure.fetch_min(r, Ordering::Relaxed);
                    stuck_message(model, r, &stuck)
                })
            })
            .collect::<Vec<_>>()
    };
    let reps = match threads {
        None => work(),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| format!("cannot start {n} worker threads: {e}"))?
            .install(work),
    };
    // The first failure in replication order, so the message is the same on any thread count.
    reps.into_iter().collect()
}

/// What a user reads when a replication stopped because citizens went round stages far more
/// often than any job centre moves them: where, and what to change.
pub fn stuck_message(model: &Model, replication: u32, stuck: &Stuck) -> String {
    let stages: Vec<String> = stuck
        .stages
        .iter()
        .map(|&s| format!("\"{}\"", model.stages[s].name))
        .collect();
    let how = match stuck.excess {
        Excess::OneDay => format!("{} times on one day", stuck.moves),
        Excess::InAll => format!(
            "{} times in all, over {} times per citizen and day,",
            stuck.moves, MOVES_PER_CITIZEN_DAY
        ),
    };
    format!(
        "replication {} stopped on day {:.1}: citizens moved {how} going round the stages {}, \
         far more than a job centre moves its citizens. Give one of these stages a duration of \
         at least a day, or make the route that goes round less likely (`kapacitet check` names \
         a loop without time passing in a warning)",
        replication + 1,
        stuck.day,
        stages.join(", ")
    )
}
