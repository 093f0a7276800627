//! Running a sweep's points. Every point runs replications `0..R` on the same base seed, so
//! replication `r` of every point sees the same citizens with the same random draws (common
//! random numbers): differences between neighbouring points are paired and smooth, and a point's
//! figures are exactly those of `kapacitet run` with the same overrides, seed and replications.
//! Points run a few at a time with all their replications in one parallel pool (rayon), so the
//! threads stay busy even with few replications per point; results are handed on in point order
//! and do not depend on the number of threads.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{Models, PointSpec};
use crate::engine::replication_seed;
use crate::model::Model;
use crate::replication::{replicate, Replication};
use crate::report::{self, Report};
use crate::runner::stuck_message;
use crate::scenario::Scenario;

/// How to run every point.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub replications: u32,
    pub seed: u64,
    /// Worker threads (None: all cores).
    pub threads: Option<usize>,
    /// Points run at once (None: [`default_window`]).
    pub window: Option<usize>,
}

/// Why running stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum RunError {
    /// A point's overrides together make a scenario that is not valid.
    Point { index: usize, message: String },
    /// Threads could not start, or a finished point could not be handed on (written).
    Failed(String),
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RunError::Point { index, message } => write!(f, "point {}: {message}", index + 1),
            RunError::Failed(m) => write!(f, "{m}"),
        }
    }
}

/// What a run measured.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RunStats {
    /// Processor time spent simulating replications, summed over threads: everything else a
    /// sweep does is its own overhead.
    pub simulation: Duration,
}

/// Processor time of the calling thread so far (wall-clock time where the system cannot say).
pub fn thread_time() -> Duration {
    #[cfg(target_os = "linux")]
    {
        let mut t = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes the timespec it is given and nothing else.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) } == 0 {
            return Duration::new(t.tv_sec as u64, t.tv_nsec as u32);
        }
    }
    thread_local!(static START: Instant = Instant::now());
    START.with(|s| s.elapsed())
}

/// Points run at once: at least two, so one point's model is read while another's replications
/// run, and enough that the window holds two replications per thread, so no thread waits long
/// at the window's end. Measured in docs/performance.md against one point at a time.
pub fn default_window(threads: usize, replications: u32) -> usize {
    let per_point = replications.max(1) as usize;
    (2 * threads).div_ceil(per_point).clamp(2, 64)
}

/// What receives each finished point: its spec, its model and its replications in order.
pub type OnPoint<'a> = dyn FnMut(&PointSpec, &Model, Vec<Replication>) -> Result<(), String> + 'a;

/// Run `points` of `scenario`, handing each point's model and replications (in replication
/// order) to `on_point`, in the order of `points`. `on_rep` is called once per finished
/// replication, from any thread. A point that fails stops the run after the points before it
/// are handed on.
pub fn run_points(
    scenario: &Scenario,
    points: &[&PointSpec],
    budget: &Budget,
    on_rep: &(dyn Fn() + Sync),
    on_point: &mut OnPoint<'_>,
) -> Result<RunStats, RunError> {
    let models = Models::new(scenario);
    let model_of = |p: &&PointSpec| {
        models.model(p).map_err(|message| RunError::Point {
            index: p.index,
            message,
        })
    };
    let stopped =
        |p: &&PointSpec, m: String| RunError::Failed(format!("point {}: {m}", p.index + 1));
    run_jobs(
        points,
        &model_of,
        &stopped,
        budget,
        on_rep,
        &mut |p, model, reps| on_point(p, model, reps),
    )
}

/// Run models made beforehand (`compare --vary`'s columns at every value), each on the same
/// seeds as a sweep's point: their replications, in the order of `models`.
pub fn run_models(
    models: &[Model],
    budget: &Budget,
    on_rep: &(dyn Fn() + Sync),
) -> Result<Vec<Vec<Replication>>, RunError> {
    let mut out = Vec::with_capacity(models.len());
    let model_of = |m: &Model| Ok(m.clone());
    let stopped = |_: &Model, m: String| RunError::Failed(m);
    run_jobs(
        models,
        &model_of,
        &stopped,
        budget,
        on_rep,
        &mut |_, _, reps| {
            out.push(reps);
            Ok(())
        },
    )?;
    Ok(out)
}

/// What receives each finished job of [`run_jobs`].
type OnJob<'a, J> = dyn FnMut(&J, &Model, Vec<Replication>) -> Result<(), String> + 'a;

/// The sweep's runner: `jobs` a window at a time, every job's replications in one parallel pool,
/// each job's model from `model_of`, finished jobs handed on in order. A replication the engine
/// stopped (citizens going round stages without end) stops the run with `stopped`'s error for
/// its job, naming the first such replication in replication order.
fn run_jobs<J: Sync>(
    jobs: &[J],
    model_of: &(dyn Fn(&J) -> Result<Model, RunError> + Sync),
    stopped: &(dyn Fn(&J, String) -> RunError + Sync),
    budget: &Budget,
    on_rep: &(dyn Fn() + Sync),
    on_job: &mut OnJob<'_, J>,
) -> Result<RunStats, RunError> {
    let simulated = AtomicU64::new(0);
    let pool = match budget.threads {
        None => None,
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| RunError::Failed(format!("cannot start {n} worker threads: {e}")))?,
        ),
    };
    let threads = pool
        .as_ref()
        .map_or_else(rayon::current_num_threads, |p| p.current_num_threads());
    let window = budget
        .window
        .unwrap_or_else(|| default_window(threads, budget.replications))
        .max(1);
    for chunk in jobs.chunks(window) {
        let work = || {
            chunk
                .par_iter()
                .map(|job| {
                    let model = model_of(job)?;
                    let reps: Vec<Result<Replication, String>> = (0..budget.replications)
                        .into_par_iter()
                        .map(|r| {
                            let start = thread_time();
                            let rep = replicate(&model, replication_seed(budget.seed, r));
                            let spent = thread_time().saturating_sub(start);
                            simulated.fetch_add(spent.as_nanos() as u64, Ordering::Relaxed);
                            on_rep();
                            rep.map_err(|stuck| stuck_message(&model, r, &stuck))
                        })
                        .collect();
                    let reps = reps
                        .into_iter()
                        .collect::<Result<Vec<Replication>, String>>()
                        .map_err(|m| stopped(job, m))?;
                    Ok((model, reps))
                })
                .collect::<Vec<Result<(Model, Vec<Replication>), RunError>>>()
        };
        let done = match &pool {
            Some(p) => p.install(work),
            None => work(),
        };
        let mut first_error = None;
        for (job, result) in chunk.iter().zip(done) {
            match result {
                Ok((model, reps)) if first_error.is_none() => {
                    on_job(job, &model, reps).map_err(RunError::Failed)?
                }
                Ok(_) => {}
                Err(e) => first_error = first_error.or(Some(e)),
            }
        }
        if let Some(e) = first_error {
            return Err(e);
        }
    }
    Ok(RunStats {
        simulation: Duration::from_nanos(simulated.load(Ordering::Relaxed)),
    })
}

/// The report of every point, in order: a sweep without a directory, as a one-dimensional
/// comparison needs it (points from [`PointSpec::single`]).
pub fn reports(
    scenario: &Scenario,
    points: &[PointSpec],
    budget: &Budget,
    on_rep: &(dyn Fn() + Sync),
) -> Result<Vec<Report>, RunError> {
    let refs: Vec<&PointSpec> = points.iter().collect();
    let mut out = Vec::with_capacity(points.len());
    run_points(scenario, &refs, budget, on_rep, &mut |_, model, reps| {
        out.push(report::build(model, budget.seed, &reps));
        Ok(())
    })?;
    Ok(out)
}

/// Processor time of one replication, from replication 0 of up to three points (the first,
/// middle and last of `points`) run one after another on one thread, after one untimed run
/// that lets the process grow its memory: the basis of `--dry-run`'s estimate.
pub fn calibrate(
    scenario: &Scenario,
    points: &[&PointSpec],
    seed: u64,
) -> Result<Duration, RunError> {
    let mut picks: Vec<&PointSpec> = [0, points.len() / 2, points.len().saturating_sub(1)]
        .iter()
        .filter_map(|&i| points.get(i).copied())
        .collect();
    picks.dedup_by_key(|p| p.index);
    let models = Models::new(scenario);
    let derived = picks
        .iter()
        .map(|p| {
            models.model(p).map_err(|message| RunError::Point {
                index: p.index,
                message,
            })
        })
        .collect::<Result<Vec<Model>, RunError>>()?;
    if let Some(m) = derived.first() {
        let _ = replicate(m, replication_seed(seed, 0));
    }
    let mut total = Duration::ZERO;
    for model in &derived {
        let start = thread_time();
        let _ = replicate(model, replication_seed(seed, 0));
        total += thread_time().saturating_sub(start);
    }
    Ok(total / derived.len().max(1) as u32)
}
