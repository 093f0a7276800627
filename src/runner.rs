//! Runs replications in parallel. Each replication is a pure function of the model and its own
//! seed, and results are collected in replication order, so the output is bit-identical whatever
//! the number of threads.

use rayon::prelude::*;

use crate::engine::replication_seed;
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
    let work = || {
        range
            .clone()
            .into_par_iter()
            .map(|r| {
                let rep = replicate(model, replication_seed(seed, r));
                on_done();
                rep
            })
            .collect::<Vec<_>>()
    };
    match threads {
        None => Ok(work()),
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .map_err(|e| format!("cannot start {n} worker threads: {e}"))
            .map(|pool| pool.install(work)),
    }
}
