//! Whole-process benchmarks: CPU seconds (user + system) and peak memory of `kapacitet run`, as
//! a user would measure them, for each performance target in docs/performance.md.
//!
//! ```sh
//! cargo bench --bench cpu                 # every group
//! cargo bench --bench cpu -- mmc          # kapacitet against a minimal M/M/c loop
//! cargo bench --bench cpu -- aarhus       # 100 Aarhus replications on one and on two threads
//! cargo bench --bench cpu -- linear       # 4 × and 16 × Aarhus, and 40 simulated years against 5
//! cargo bench --bench cpu -- memory       # peak memory: 5 and 40 years, 1 ×, 4 × and 16 × Aarhus
//! KAPACITET_CPU_RUNS=5 cargo bench --bench cpu -- mmc   # more pairs (default 3)
//! KAPACITET_CPU_INSTRUCTIONS=1 cargo bench --bench cpu  # also count instructions (valgrind)
//! cargo bench --bench cpu -- scenarios    # only write the scenario variants to
//!                                         # target/bench-scenarios (for callgrind and the like)
//! ```
//!
//! Every measurement is a separate process, reaped with `wait4` so its own resource usage is
//! read (not the benchmark's). The two sides of a comparison run one after the other, as a pair,
//! and the pairs are repeated: on a shared machine a burst of other work slows whichever process
//! is running, so the least disturbed figure of each side (the minimum over the runs) is the one
//! reported, with the range beside it. The scenario variants are the shipped files with a few
//! numbers changed, written to a temporary directory, so they follow the shipped files.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use kapacitet::calendar::DAYS_PER_MONTH;
use kapacitet::engine::replication_seed;

#[path = "common/peak_heap.rs"]
mod peak_heap;

#[global_allocator]
static HEAP: peak_heap::PeakHeap = peak_heap::PeakHeap;

#[path = "common/minimal_mmc.rs"]
mod minimal_mmc;
use minimal_mmc::{Mmc, Tally};

const KAPACITET: &str = env!("CARGO_BIN_EXE_kapacitet");

const MIB: f64 = 1024.0 * 1024.0;

/// Resources one finished process used.
#[derive(Debug, Clone, Copy)]
struct Usage {
    cpu_s: f64,
    wall_s: f64,
    max_rss_mib: f64,
}

/// Run `program args`, stdout to `stdout` (or discarded), and return what it used.
fn measure(program: &Path, args: &[String], stdout: Option<&Path>) -> Usage {
    let out = match stdout {
        Some(p) => Stdio::from(fs::File::create(p).expect("output file")),
        None => Stdio::null(),
    };
    let start = std::time::Instant::now();
    // Reaped below with `wait4`, which `Child::wait` cannot do: it discards the resource usage.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(program)
        .args(args)
        .stdout(out)
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", program.display()));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: plain system call on our own child; `ru` is written by the kernel.
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    let got = unsafe { libc::wait4(pid, &mut status, 0, &mut ru) };
    let wall_s = start.elapsed().as_secs_f64();
    assert_eq!(got, pid, "wait4 failed");
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "{} {args:?} failed",
        program.display()
    );
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    Usage {
        cpu_s: secs(ru.ru_utime) + secs(ru.ru_stime),
        wall_s,
        // Linux reports kilobytes.
        max_rss_mib: ru.ru_maxrss as f64 / 1024.0,
    }
}

/// Instructions executed by `program args` (user space, every thread), counted by valgrind's
/// cachegrind when `KAPACITET_CPU_INSTRUCTIONS=1` and valgrind is installed; `None` otherwise.
/// Unlike times, the count hardly depends on what else the machine is doing, so it is the figure
/// to compare on a shared machine. The program runs 20-50 times slower under valgrind.
fn instructions(program: &Path, args: &[String]) -> Option<u64> {
    if std::env::var("KAPACITET_CPU_INSTRUCTIONS").as_deref() != Ok("1") {
        return None;
    }
    let out = Command::new("valgrind")
        .args([
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
        ])
        .arg(program)
        .args(args)
        .stdout(Stdio::null())
        .output()
        .ok()?;
    // The summary line reads `==pid== I   refs:      1,688,893,758`.
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().find(|l| l.contains("I   refs:"))?;
    let digits: String = line
        .rsplit(':')
        .next()?
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn runs() -> usize {
    std::env::var("KAPACITET_CPU_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3)
}

/// Minimum and maximum of a figure over runs.
fn range(xs: &[f64]) -> (f64, f64) {
    xs.iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| {
            (lo.min(x), hi.max(x))
        })
}

fn shipped(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` with the number after `key = ` at the start of a line replaced by `f(number)`; every
/// key must occur at least once, so a change to the shipped file cannot silently disable it.
fn with_numbers(text: &str, key: &str, f: impl Fn(f64) -> f64) -> String {
    let prefix = format!("{key} = ");
    let mut hits = 0;
    let lines: Vec<String> = text
        .lines()
        .map(|line| {
            let Some(rest) = line.strip_prefix(&prefix) else {
                return line.to_string();
            };
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                .unwrap_or(rest.len());
            let Ok(v) = rest[..end].parse::<f64>() else {
                return line.to_string();
            };
            hits += 1;
            format!("{prefix}{}{}", f(v), &rest[end..])
        })
        .collect();
    assert!(hits > 0, "no line starts with `{prefix}<number>`");
    lines.join("\n") + "\n"
}

/// The scenario variants, written to `dir`.
struct Variants {
    mmc: PathBuf,
    aarhus: PathBuf,
    aarhus_4x: PathBuf,
    aarhus_16x: PathBuf,
    aarhus_40y: PathBuf,
    inflow_10x_5y: PathBuf,
    inflow_10x_40y: PathBuf,
}

/// Weeks of measured horizon after Aarhus's one-year warm-up, so the whole run is `years` long.
fn aarhus_horizon_weeks(years: f64) -> f64 {
    (years * 365.25 / 7.0).round() - 52.0
}

impl Variants {
    fn write(dir: &Path) -> Variants {
        let put = |name: &str, text: String| {
            let p = dir.join(name);
            fs::write(&p, text).expect("write scenario");
            p
        };
        // M/M/3 at ρ = 0.9 (λ = 2.7 a day, μ = 1), 60 simulated years: 20 weeks' warm-up and
        // the rest measured.
        let mmc = shipped("scenarios/validation/mmc.toml");
        let mmc = with_numbers(&mmc, "capacity", |_| 3.0);
        let mmc = with_numbers(&mmc, "new_per_month", |_| 2.7 * DAYS_PER_MONTH);
        let mmc = with_numbers(&mmc, "horizon_weeks", |_| {
            (60.0 * 365.25 / 7.0_f64).round() - 20.0
        });
        let aarhus = shipped("scenarios/aarhus.toml");
        let scaled = |text: &str, k: f64| {
            let t = with_numbers(text, "new_per_month", |v| v * k);
            let t = with_numbers(&t, "count", |v| v * k);
            with_numbers(&t, "capacity", |v| v * k)
        };
        let years =
            |text: &str, y: f64| with_numbers(text, "horizon_weeks", |_| aarhus_horizon_weeks(y));
        let inflow_10x = with_numbers(&aarhus, "new_per_month", |v| v * 10.0);
        Variants {
            mmc: put("mmc3-60y.toml", mmc),
            aarhus: put("aarhus.toml", aarhus.clone()),
            aarhus_4x: put("aarhus-4x.toml", scaled(&aarhus, 4.0)),
            aarhus_16x: put("aarhus-16x.toml", scaled(&aarhus, 16.0)),
            aarhus_40y: put("aarhus-40y.toml", years(&aarhus, 40.0)),
            inflow_10x_5y: put("aarhus-inflow10x-5y.toml", years(&inflow_10x, 5.0)),
            inflow_10x_40y: put("aarhus-inflow10x-40y.toml", years(&inflow_10x, 40.0)),
        }
    }
}

fn kapacitet_args(scenario: &Path, reps: u32, threads: u32) -> Vec<String> {
    vec![
        "run".into(),
        scenario.display().to_string(),
        "--replications".into(),
        reps.to_string(),
        "--threads".into(),
        threads.to_string(),
        "--format".into(),
        "json".into(),
    ]
}

fn kapacitet_run(scenario: &Path, reps: u32, threads: u32, json: Option<&Path>) -> Usage {
    measure(
        Path::new(KAPACITET),
        &kapacitet_args(scenario, reps, threads),
        json,
    )
}

fn kapacitet_instructions(scenario: &Path, reps: u32, threads: u32) -> Option<u64> {
    instructions(
        Path::new(KAPACITET),
        &kapacitet_args(scenario, reps, threads),
    )
}

// ---------------------------------------------------------------------------------------------
// The minimal M/M/c loop

/// Counters of one run of the minimal loop: all this bench reads of it.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    customers: u64,
    /// ∫ customers waiting dt, for a sanity check against Erlang C.
    queue_area: f64,
    /// Time of the previous event.
    last: f64,
}

impl Tally for Counts {
    fn event(&mut self, now: f64, waiting: u64) {
        self.queue_area += waiting as f64 * (now - self.last);
        self.last = now;
    }

    fn arrival(&mut self, _now: f64, _queued: bool) {
        self.customers += 1;
    }
}

/// Child process side: `--minimal-loop LAMBDA MU C END REPS`; prints customers and mean queue.
fn minimal_loop_main(args: &[String]) {
    let num = |i: usize| -> f64 { args[i].parse().expect("a number") };
    let q = Mmc {
        lambda: num(0),
        mu: num(1),
        c: num(2) as u32,
        end: num(3),
    };
    let reps = num(4) as u32;
    let (mut customers, mut area) = (0u64, 0.0);
    for r in 0..reps {
        let c = minimal_mmc::run(q, replication_seed(1, r), Counts::default());
        customers += c.customers;
        area += c.queue_area;
    }
    println!("{customers} {}", area / (f64::from(reps) * q.end));
}

// ---------------------------------------------------------------------------------------------
// Groups

fn report_line(label: &str, values: &[f64], unit: &str) -> f64 {
    let (lo, hi) = range(values);
    println!(
        "  {label:<46} {lo:>9.3} {unit} (max {hi:.3} over {} runs)",
        values.len()
    );
    lo
}

fn mmc_group(v: &Variants, dir: &Path) {
    const REPS: u32 = 100;
    let model = kapacitet::scenario::load_file(&v.mmc).expect("mmc variant valid");
    let q = Mmc::of(&model);
    let expected = q.lambda * q.end * f64::from(REPS);
    println!(
        "mmc: M/M/{} at ρ = {:.2}, {REPS} replications of {:.0} days, about {:.2} M customers",
        q.c,
        q.lambda / (f64::from(q.c) * q.mu),
        q.end,
        expected / 1e6
    );
    let me = std::env::current_exe().expect("own path");
    let loop_args: Vec<String> = vec![
        "--minimal-loop".into(),
        q.lambda.to_string(),
        q.mu.to_string(),
        q.c.to_string(),
        q.end.to_string(),
        REPS.to_string(),
    ];
    let loop_out = dir.join("loop.txt");
    let (mut kap, mut kap2, mut hand) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs() {
        kap.push(kapacitet_run(&v.mmc, REPS, 1, None));
        hand.push(measure(&me, &loop_args, Some(&loop_out)));
        kap2.push(kapacitet_run(&v.mmc, REPS, 2, None));
    }
    let text = fs::read_to_string(&loop_out).expect("loop output");
    let mut it = text.split_whitespace();
    let customers: f64 = it.next().and_then(|s| s.parse().ok()).expect("count");
    let lq: f64 = it.next().and_then(|s| s.parse().ok()).expect("queue");
    let exact = q.erlang_c_queue();
    println!("  minimal loop: {customers:.0} customers, mean queue {lq:.3} (Erlang C {exact:.3})");
    assert!(
        (lq - exact).abs() / exact < 0.05,
        "the minimal loop simulates another queue"
    );
    let cpu = |us: &[Usage]| us.iter().map(|u| u.cpu_s).collect::<Vec<_>>();
    let wall = |us: &[Usage]| us.iter().map(|u| u.wall_s).collect::<Vec<_>>();
    let k = report_line("kapacitet run --threads 1, CPU s", &cpu(&kap), "s");
    report_line("kapacitet run --threads 1, wall s", &wall(&kap), "s");
    let k2 = report_line("kapacitet run --threads 2, CPU s", &cpu(&kap2), "s");
    report_line("kapacitet run --threads 2, wall s", &wall(&kap2), "s");
    let h = report_line("minimal loop, CPU s", &cpu(&hand), "s");
    report_line("minimal loop, wall s", &wall(&hand), "s");
    let per = |cpu: f64, n: f64| cpu / n * 1e9;
    println!(
        "  CPU per customer: kapacitet {:.0} ns (2 threads {:.0} ns), minimal loop {:.0} ns",
        per(k, expected),
        per(k2, expected),
        per(h, customers)
    );
    println!(
        "  RATIO kapacitet / minimal loop, CPU per customer: {:.2}x (2 threads {:.2}x); target 3x",
        per(k, expected) / per(h, customers),
        per(k2, expected) / per(h, customers)
    );
    if let (Some(ki), Some(hi)) = (
        kapacitet_instructions(&v.mmc, REPS, 1),
        instructions(&me, &loop_args),
    ) {
        println!(
            "  instructions per customer: kapacitet {:.0}, minimal loop {:.0}: {:.2}x",
            ki as f64 / expected,
            hi as f64 / customers,
            (ki as f64 / expected) / (hi as f64 / customers)
        );
    }
}

fn aarhus_group(v: &Variants) {
    println!("aarhus: 100 replications of scenarios/aarhus.toml");
    let (mut one, mut two, mut wall1, mut wall2) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs() {
        let a = kapacitet_run(&v.aarhus, 100, 1, None);
        let b = kapacitet_run(&v.aarhus, 100, 2, None);
        one.push(a.cpu_s);
        wall1.push(a.wall_s);
        two.push(b.cpu_s);
        wall2.push(b.wall_s);
    }
    let c1 = report_line("--threads 1, CPU s", &one, "s");
    let c2 = report_line("--threads 2, CPU s", &two, "s");
    let w1 = report_line("--threads 1, wall s", &wall1, "s");
    let w2 = report_line("--threads 2, wall s", &wall2, "s");
    println!(
        "  RESULT CPU {c1:.2} s (target < 2.5 s); two threads use {:.2}x the CPU of one and run \
         {:.2}x as fast (wall, target 1.8x)",
        c2 / c1,
        w1 / w2
    );
    if let (Some(i1), Some(i2)) = (
        kapacitet_instructions(&v.aarhus, 100, 1),
        kapacitet_instructions(&v.aarhus, 100, 2),
    ) {
        println!(
            "  instructions: --threads 1 {:.3} G, --threads 2 {:.3} G ({:.3}x)",
            i1 as f64 / 1e9,
            i2 as f64 / 1e9,
            i2 as f64 / i1 as f64
        );
    }
}

/// Citizen-years simulated by one replication, from a run's JSON: the mean target group of each
/// month of the measured window times its length, plus the warm-up at the first month's level.
fn citizen_years(json: &Path, warmup_days: f64) -> f64 {
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(json).expect("json")).expect("valid json");
    let months = doc["monthly"].as_array().expect("monthly rows");
    let first = months[0]["target_group"].as_f64().expect("target group");
    let measured: f64 = months
        .iter()
        .map(|m| m["target_group"].as_f64().unwrap_or(0.0) * m["days"].as_f64().unwrap_or(0.0))
        .sum();
    (measured + first * warmup_days) / 365.25
}

/// Mean citizens present (the target group) over the measured months of a run's JSON.
fn citizens_present(json: &Path) -> f64 {
    let doc: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(json).expect("json")).expect("valid json");
    let months = doc["monthly"].as_array().expect("monthly rows");
    let sum: f64 = months
        .iter()
        .map(|m| m["target_group"].as_f64().unwrap_or(0.0))
        .sum();
    sum / months.len() as f64
}

fn linear_group(v: &Variants, dir: &Path) {
    const REPS: u32 = 10;
    println!("linear: CPU per citizen-year, {REPS} replications on one thread");
    let cases = [
        ("Aarhus 1x, 5 years", &v.aarhus),
        ("Aarhus 4x, 5 years", &v.aarhus_4x),
        ("Aarhus 16x, 5 years", &v.aarhus_16x),
        ("Aarhus 1x, 40 years", &v.aarhus_40y),
    ];
    let (mut per_cy, mut instr_cy) = (Vec::new(), Vec::new());
    for (label, path) in cases {
        let json = dir.join("linear.json");
        let mut cpu = Vec::new();
        for _ in 0..runs() {
            cpu.push(kapacitet_run(path, REPS, 1, Some(&json)).cpu_s);
        }
        let model = kapacitet::scenario::load_file(path).expect("valid");
        let cy = citizen_years(&json, model.warmup_days) * f64::from(REPS);
        let best = report_line(&format!("{label}, CPU s"), &cpu, "s");
        print!(
            "    {:.0} citizen-years: {:.2} µs per citizen-year",
            cy,
            best / cy * 1e6
        );
        per_cy.push(best / cy);
        if let Some(i) = kapacitet_instructions(path, REPS, 1) {
            print!(", {:.0} instructions per citizen-year", i as f64 / cy);
            instr_cy.push(i as f64 / cy);
        }
        println!();
    }
    println!(
        "  RESULT CPU per citizen-year 4x / 1x: {:.2}x, 16x / 1x: {:.2}x (target 1.3x); \
         40 years / 5 years: {:.2}x (target 1.2x)",
        per_cy[1] / per_cy[0],
        per_cy[2] / per_cy[0],
        per_cy[3] / per_cy[0]
    );
    if let [one, four, sixteen, forty] = instr_cy[..] {
        println!(
            "  instructions per citizen-year 4x / 1x: {:.2}x, 16x / 1x: {:.2}x; \
             40 years / 5 years: {:.2}x",
            four / one,
            sixteen / one,
            forty / one
        );
    }
}

fn memory_group(v: &Variants, dir: &Path) {
    println!("memory: peak memory (max RSS) of one replication on one thread");
    let cases = [
        ("Aarhus 1x, 5 years", &v.aarhus),
        ("Aarhus 1x, 40 years", &v.aarhus_40y),
        ("Aarhus 4x, 5 years", &v.aarhus_4x),
        ("Aarhus 16x, 5 years", &v.aarhus_16x),
        ("10x inflow, 5 years", &v.inflow_10x_5y),
        ("10x inflow, 40 years", &v.inflow_10x_40y),
    ];
    let json = dir.join("memory.json");
    let mut rss = Vec::new();
    for (label, path) in cases {
        let u = kapacitet_run(path, 1, 1, Some(&json));
        let present = citizens_present(&json);
        println!(
            "  {label:<22} max RSS {:>7.1} MiB, {:>7.0} citizens present on average, CPU {:.2} s",
            u.max_rss_mib, present, u.cpu_s
        );
        rss.push(u.max_rss_mib);
    }
    println!(
        "  RESULT peak memory 40 years / 5 years: {:.2}x (1x), {:.2}x (10x inflow); \
         4x / 1x: {:.2}x, 16x / 1x: {:.2}x",
        rss[1] / rss[0],
        rss[5] / rss[4],
        rss[2] / rss[0],
        rss[3] / rss[0]
    );
    // The replication alone, in this process: the heap it needs while it runs (the engine and
    // its records) and what it keeps as its result (figures, weekly and monthly records, waits by
    // bin), without the report the command builds from it.
    for (label, path) in [
        ("Aarhus 1x, 5 years", &v.aarhus),
        ("Aarhus 1x, 40 years", &v.aarhus_40y),
        ("10x inflow, 5 years", &v.inflow_10x_5y),
        ("10x inflow, 40 years", &v.inflow_10x_40y),
    ] {
        let model = kapacitet::scenario::load_file(path).expect("bench scenario");
        let (peak, kept) = peak_heap::measure(|| {
            kapacitet::replication::replicate(&model, replication_seed(model.seed, 0))
                .expect("runs")
        });
        println!(
            "  {label:<22} one replication in process: heap peak {:>5.1} MiB while it runs, \
             {:>5.2} MiB kept as its result",
            peak as f64 / MIB,
            kept as f64 / MIB
        );
    }
    // What each finished replication keeps until the statistics are formed: its figures, weekly
    // and monthly records, and its waits by bin for the pooled percentiles.
    let many = kapacitet_run(&v.aarhus_40y, 20, 1, Some(&json));
    println!(
        "  Aarhus 1x, 40 years, 20 replications: max RSS {:.1} MiB, {:.2} MiB more per \
         replication after the first",
        many.max_rss_mib,
        (many.max_rss_mib - rss[1]) / 19.0
    );
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--minimal-loop") {
        minimal_loop_main(&args[1..]);
        return;
    }
    // `cargo bench` passes `--bench`; the other words choose groups.
    let chosen: Vec<&str> = args
        .iter()
        .map(String::as_str)
        .filter(|a| !a.starts_with('-'))
        .collect();
    if chosen.contains(&"scenarios") {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-scenarios");
        fs::create_dir_all(&dir).expect("scenario directory");
        let v = Variants::write(&dir);
        for p in [
            &v.mmc,
            &v.aarhus,
            &v.aarhus_4x,
            &v.aarhus_16x,
            &v.aarhus_40y,
            &v.inflow_10x_5y,
            &v.inflow_10x_40y,
        ] {
            println!("{}", p.display());
        }
        return;
    }
    let wants = |g: &str| chosen.is_empty() || chosen.iter().any(|c| g.contains(c));
    let dir = tempfile::tempdir().expect("temporary directory");
    let v = Variants::write(dir.path());
    if wants("mmc") {
        mmc_group(&v, dir.path());
    }
    if wants("aarhus") {
        aarhus_group(&v);
    }
    if wants("linear") {
        linear_group(&v, dir.path());
    }
    if wants("memory") {
        memory_group(&v, dir.path());
    }
}
