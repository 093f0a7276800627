//! A sweep's own overhead: the example plan (scenarios/sweeps/places-and-intensive-share.toml)
//! run by the `kapacitet sweep` command, unsharded and as three shards merged with `sweep merge`.
//! The command reports the processor time its replications took (summed over threads) and the
//! rest of its processor time: planning, deriving each point's model, hashing, summarising,
//! writing and syncing points.jsonl, and the results files. Merging is measured whole. Processor
//! time is used because a busy shared machine inflates wall-clock time far more. Also: points
//! run one at a time against several at once (wall-clock). Prints the figures
//! docs/performance.md quotes; `cargo bench --bench sweep`.

use std::process::Command;
use std::time::{Duration, Instant};

use kapacitet::sweep::run::{run_points, Budget};
use kapacitet::sweep::{Plan, PointSpec};

const PLAN: &str = "scenarios/sweeps/places-and-intensive-share.toml";
const ROUNDS: usize = 5;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Processor time of this process's finished children.
fn children_cpu() -> Duration {
    // SAFETY: getrusage fills the struct it is given and nothing else.
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
        u
    };
    let t = |v: libc::timeval| Duration::new(v.tv_sec as u64, v.tv_usec as u32 * 1000);
    t(usage.ru_utime) + t(usage.ru_stime)
}

/// Run kapacitet; its standard error and processor time.
fn kapacitet(args: &[&str]) -> (String, f64) {
    let before = children_cpu();
    let out = Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .args(args)
        .output()
        .expect("run kapacitet");
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    (err, (children_cpu() - before).as_secs_f64() * 1000.0)
}

/// (simulation, own work) in ms from the command's last line.
fn reported(stderr: &str) -> (f64, f64) {
    let line = stderr
        .lines()
        .find(|l| l.starts_with("processor time:"))
        .expect("the processor time line");
    let numbers: Vec<f64> = line
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    (numbers[0], numbers[1])
}

fn main() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
    let (mut whole, mut sharded) = (Vec::new(), Vec::new());
    for round in 0..ROUNDS {
        let (err, _) = kapacitet(&["sweep", PLAN, "--out", &dir(&format!("w{round}"))]);
        let (sim, own) = reported(&err);
        whole.push(100.0 * own / sim);
        let shards: Vec<String> = (1..=3).map(|k| dir(&format!("s{round}-{k}"))).collect();
        let (mut sim, mut own) = (0.0, 0.0);
        for (k, s) in shards.iter().enumerate() {
            let shard = format!("{}/3", k + 1);
            let (err, _) = kapacitet(&["sweep", PLAN, "--out", s, "--shard", &shard]);
            let (a, b) = reported(&err);
            sim += a;
            own += b;
        }
        let merged = dir(&format!("m{round}"));
        let mut args = vec!["sweep", "merge"];
        args.extend(shards.iter().map(String::as_str));
        args.extend(["--out", merged.as_str()]);
        let (_, merge) = kapacitet(&args);
        sharded.push(100.0 * (own + merge) / sim);
        println!(
            "round {round}: simulation {sim:.0} ms; shards' own work {own:.0} ms, merge {merge:.0} ms"
        );
    }
    println!(
        "sweep's own work, unsharded:              {:.1} % of the simulation (median of {ROUNDS})",
        median(whole)
    );
    println!(
        "three shards' own work and the merge:     {:.1} % of the simulation (median of {ROUNDS})",
        median(sharded)
    );
    let plan = Plan::read(std::path::Path::new(PLAN)).expect("the example plan is valid");
    windows(&plan);
}

/// Points one at a time (replications in parallel) against several at once, through the library.
fn windows(plan: &Plan) {
    let points: Vec<&PointSpec> = plan.points.iter().collect();
    for replications in [plan.replications, 3] {
        for window in [Some(1), None] {
            let budget = Budget {
                replications,
                seed: plan.seed,
                threads: None,
                window,
            };
            let runs: Vec<f64> = (0..ROUNDS)
                .map(|_| {
                    let start = Instant::now();
                    run_points(&plan.scenario, &points, &budget, &|| {}, &mut |_, _, _| {
                        Ok(())
                    })
                    .expect("runs");
                    start.elapsed().as_secs_f64()
                })
                .collect();
            println!(
                "{replications:>2} replications, {:<28} {:.3} s",
                match window {
                    Some(_) => "one point at a time:",
                    None => "points several at a time:",
                },
                median(runs)
            );
        }
    }
}
