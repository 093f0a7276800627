//! A sweep's own overhead: the example plan (scenarios/sweeps/places-and-intensive-share.toml)
//! run end to end by the `kapacitet sweep` command (reading and checking the plan, hashing,
//! appending and syncing each point, the results files), and merged from three shards, against
//! the simulation time of its points run bare with `runner::run_replications` one after another.
//! Also: points run one at a time against several at once. Prints the figures that
//! docs/performance.md quotes; `cargo bench --bench sweep`.

use std::process::Command;
use std::time::{Duration, Instant};

use kapacitet::runner::run_replications;
use kapacitet::sweep::run::{run_points, Budget};
use kapacitet::sweep::{Plan, PointSpec};

const PLAN: &str = "scenarios/sweeps/places-and-intensive-share.toml";
const ROUNDS: usize = 5;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn kapacitet(args: &[&str]) -> Duration {
    let start = Instant::now();
    let out = Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .args(args)
        .output()
        .expect("run kapacitet");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    start.elapsed()
}

fn seconds(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

fn main() {
    let plan = Plan::read(std::path::Path::new(PLAN)).expect("the example plan is valid");
    let models: Vec<_> = plan
        .points
        .iter()
        .map(|p| p.model(&plan.scenario).expect("valid point"))
        .collect();
    let bare = || {
        let start = Instant::now();
        for m in &models {
            run_replications(m, plan.replications, plan.seed, None, &|| {}).expect("runs");
        }
        start.elapsed()
    };
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = |name: &str| tmp.path().join(name).to_string_lossy().into_owned();
    let mut sims = Vec::new();
    let mut sweeps = Vec::new();
    let mut merges = Vec::new();
    for round in 0..ROUNDS {
        sims.push(bare());
        let whole = dir(&format!("whole{round}"));
        sweeps.push(kapacitet(&["sweep", PLAN, "--out", &whole]));
        let shards: Vec<String> = (1..=3).map(|k| dir(&format!("s{round}-{k}"))).collect();
        for (k, s) in shards.iter().enumerate() {
            kapacitet(&[
                "sweep",
                PLAN,
                "--out",
                s,
                "--shard",
                &format!("{}/3", k + 1),
            ]);
        }
        let merged = dir(&format!("merged{round}"));
        let mut args = vec!["sweep", "merge"];
        args.extend(shards.iter().map(String::as_str));
        args.extend(["--out", merged.as_str()]);
        merges.push(kapacitet(&args));
    }
    let (sim, sweep, merge) = (median(sims), median(sweeps), median(merges));
    let points = plan.points.len();
    println!(
        "{points} points × {} replications, median of {ROUNDS} rounds",
        plan.replications
    );
    println!("simulation of the points, bare:          {}", seconds(sim));
    println!(
        "kapacitet sweep, end to end:             {}",
        seconds(sweep)
    );
    println!(
        "kapacitet sweep merge of three shards:   {}",
        seconds(merge)
    );
    let overhead = sweep.saturating_sub(sim) + merge;
    println!(
        "sweep overhead (sweep − bare + merge):    {} = {:.1} % of the simulation",
        seconds(overhead),
        100.0 * overhead.as_secs_f64() / sim.as_secs_f64()
    );
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
            let runs: Vec<Duration> = (0..ROUNDS)
                .map(|_| {
                    let start = Instant::now();
                    run_points(&plan.scenario, &points, &budget, &|| {}, &mut |_, _, _| {
                        Ok(())
                    })
                    .expect("runs");
                    start.elapsed()
                })
                .collect();
            println!(
                "{replications:>2} replications, {:<28} {}",
                match window {
                    Some(_) => "one point at a time:",
                    None => "points several at a time:",
                },
                seconds(median(runs))
            );
        }
    }
}
