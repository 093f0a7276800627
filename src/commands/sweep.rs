//! `kapacitet sweep PLAN.toml`: run every point of a plan into its directory, skipping the points
//! already there, with a progress bar (or plain progress lines in a log), then write the results
//! and show the best points, the Pareto front and the main effects. `--dry-run` counts and
//! times instead; `--shard` runs a share of the points; `sweep merge` joins the shares.
//! `--report` and `--charts` draw the results (see [`crate::export::charts::sweep`]).

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::ProgressBar;
use serde::Serialize;

use crate::cli::{SweepAction, SweepArgs, SweepMergeArgs};
use crate::export::documents::sweep::{document, SweepOutput};
use crate::export::out_dir::Cleanup;
use crate::export::table::{fit_text, WIDTH};
use crate::export::{self, charts, method, text::num, Format};
use crate::figures::Lang;
use crate::options::{self, Refusal, Show};
use crate::scenario::ScenarioError;
use crate::sweep::run::{self, Budget, RunError};
use crate::sweep::store::{self, Record, Store, PLAN_COPY, POINTS_FILE, SCENARIO_COPY};
use crate::sweep::{analysis, merge, summaries, Plan, PointSpec, Shard};

use super::report::{with_charts, Extras};
use super::{emit, print_warnings, progress, refuse, say, EXIT_INPUT, EXIT_RUNTIME};

/// The sweep's human texts, and which CSV style and workbook its results are written in.
fn show_of(args: &crate::cli::ShowArgs) -> Result<Show, i32> {
    options::show(args).map_err(refuse)
}

pub fn sweep(args: SweepArgs, cleanup: &Cleanup) -> i32 {
    if let Some(SweepAction::Merge(m)) = args.action {
        return merge_dirs(m, cleanup);
    }
    let show = match show_of(&args.show) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let lang = show.style.lang;
    let Some(path) = args.plan.as_deref() else {
        return refuse(Refusal::Message(
            "give a sweep plan, e.g. kapacitet sweep plan.toml".into(),
        ));
    };
    let plan = match Plan::read(path) {
        Ok(p) => p,
        Err(e) => return refuse_plan(&e),
    };
    print_warnings(&plan.scenario.model, lang, show.style.wide);
    let extras = match Extras::check(&args.output) {
        Ok(e) => e,
        Err(r) => return refuse(r),
    };
    let shard = match shard_of(&args) {
        Ok(s) => s,
        Err(m) => return refuse(Refusal::Message(m)),
    };
    let dir = args.out.clone().unwrap_or_else(|| default_dir(path));
    let budget = Budget {
        replications: plan.replications,
        seed: plan.seed,
        threads: args.threads.map(|t| t as usize).or(plan.threads),
        window: None,
    };
    if args.dry_run {
        return dry_run(&plan, shard, &dir, &budget, args.fresh, args.format, &show);
    }
    let (mut store, mut done) = match Store::open(&dir, &plan, args.fresh) {
        Ok(x) => x,
        Err(m) => return refuse(Refusal::Message(m)),
    };
    if let Err(code) = write_copies(&plan, &dir) {
        return code;
    }
    let pending: Vec<&PointSpec> = plan
        .points
        .iter()
        .filter(|p| shard.is_none_or(|s| s.includes(p.index)) && !done.contains_key(&p.index))
        .collect();
    say!(
        "sweep: {} points{}, {} already in {}, {} to run × {} replications",
        plan.points.len(),
        shard.map_or(String::new(), |s| format!(
            " (shard {s}: {})",
            mine(&plan, Some(s))
        )),
        done.len(),
        dir.display(),
        pending.len(),
        plan.replications
    );
    let progress = Progress::new(pending.len(), plan.replications, lang);
    let ran = run::run_points(
        &plan.scenario,
        &pending,
        &budget,
        &|| progress.replication(),
        &mut |p, model, reps| {
            let line = Record::of(&plan, p, model, &summaries(model, &reps)).line();
            store
                .append(p.index, &line)
                .map_err(|e| format!("cannot write {}: {e}", store.path().display()))?;
            done.insert(p.index, line);
            progress.point();
            Ok(())
        },
    );
    progress.finish();
    let synced = store.finish();
    let stats = match ran {
        Ok(stats) => stats,
        Err(RunError::Point { index, message }) => {
            say!("{message}");
            say!(
                "point {} of the plan is not a valid scenario; the {} points before it are kept in {}. Fix the plan and run again.",
                index + 1,
                done.len(),
                dir.join(POINTS_FILE).display()
            );
            return EXIT_INPUT;
        }
        Err(RunError::Failed(m)) => {
            say!("error: {m}");
            return EXIT_RUNTIME;
        }
    };
    let in_order = match synced {
        Ok(in_order) => in_order,
        Err(e) => {
            say!(
                "error: cannot write {}: {e}",
                dir.join(POINTS_FILE).display()
            );
            return EXIT_RUNTIME;
        }
    };
    let code = finish(
        &plan,
        &dir,
        &done,
        Finish {
            shard,
            in_order,
            format: args.format,
            show: &show,
            extras: &extras,
            cleanup,
        },
    );
    if let Some(all) = process_time().filter(|_| !pending.is_empty()) {
        let own = all.saturating_sub(stats.simulation);
        say!(
            "processor time: simulation {} ms, the sweep's own work {} ms ({:.1} %)",
            stats.simulation.as_millis(),
            own.as_millis(),
            100.0 * own.as_secs_f64() / stats.simulation.as_secs_f64().max(1e-9)
        );
    }
    code
}

/// Processor time of this process so far, all threads (Linux).
fn process_time() -> Option<Duration> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: getrusage writes the struct it is given and nothing else.
        let u = unsafe {
            let mut u: libc::rusage = std::mem::zeroed();
            (libc::getrusage(libc::RUSAGE_SELF, &mut u) == 0).then_some(u)
        }?;
        let t = |v: libc::timeval| Duration::new(v.tv_sec as u64, v.tv_usec as u32 * 1000);
        Some(t(u.ru_utime) + t(u.ru_stime))
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// Problems with a plan (or its scenario), every one located; exit code 2.
fn refuse_plan(e: &ScenarioError) -> i32 {
    say!("{e}");
    let n = e.problems.len();
    say!(
        "{n} problem{} in the sweep plan; nothing was run.",
        if n == 1 { "" } else { "s" }
    );
    EXIT_INPUT
}

fn shard_of(args: &SweepArgs) -> Result<Option<Shard>, String> {
    let shards = args.shards.map(|n| n as usize);
    match &args.shard {
        None if shards.is_some() => Err("--shards N goes with --shard auto".to_string()),
        None => Ok(None),
        Some(text) => Shard::parse(text, shards, &|name| std::env::var(name).ok()).map(Some),
    }
}

/// `PLAN.sweep` in the current directory, for a plan named PLAN.toml.
fn default_dir(plan: &Path) -> PathBuf {
    let stem = plan
        .file_stem()
        .map_or("sweep".into(), |s| s.to_string_lossy().into_owned());
    PathBuf::from(format!("{stem}.sweep"))
}

/// Points of the plan in `shard`.
fn mine(plan: &Plan, shard: Option<Shard>) -> usize {
    plan.points
        .iter()
        .filter(|p| shard.is_none_or(|s| s.includes(p.index)))
        .count()
}

/// The plan and scenario as run, beside their points (for `sweep merge` and the record).
fn write_copies(plan: &Plan, dir: &Path) -> Result<(), i32> {
    for (name, text) in [
        (PLAN_COPY, &plan.text),
        (SCENARIO_COPY, &plan.scenario.source.text),
    ] {
        // Unchanged on a resumed run: no need to write and sync it again.
        if std::fs::read(dir.join(name)).is_ok_and(|b| b == text.as_bytes()) {
            continue;
        }
        if let Err(e) = store::write_file(dir, name, text.as_bytes()) {
            say!("error: cannot write {}: {e}", dir.join(name).display());
            return Err(EXIT_RUNTIME);
        }
    }
    Ok(())
}

/// How [`finish`] writes and shows a sweep's results.
struct Finish<'a> {
    shard: Option<Shard>,
    /// points.jsonl is already in point order.
    in_order: bool,
    format: Format,
    show: &'a Show,
    /// `--report` and `--charts`.
    extras: &'a Extras,
    cleanup: &'a Cleanup,
}

/// Write the results of every finished point in `dir` (and the `--xlsx` workbook, the report
/// and the charts) and show them.
fn finish(plan: &Plan, dir: &Path, done: &BTreeMap<usize, String>, how: Finish<'_>) -> i32 {
    let Finish {
        shard,
        in_order,
        format,
        show,
        extras,
        cleanup,
    } = how;
    // The same points give the same file, whatever order they were run or merged in.
    let ordered = if in_order {
        Ok(())
    } else {
        store::put_in_order(dir)
    };
    let results = match ordered.and_then(|()| store::results(plan, done)) {
        Ok(r) => r,
        Err(m) => {
            say!("error: {m}");
            return EXIT_RUNTIME;
        }
    };
    let analysis = analysis::analyse(plan, &results);
    let lang = show.style.lang;
    let output = SweepOutput {
        plan,
        results: &results,
        analysis: &analysis,
        shard,
    };
    let doc = document(&output, lang);
    let files = export::files(&doc, &export::styled_exporters(show.style));
    for (name, bytes) in &files {
        if let Err(e) = store::write_file(dir, name, bytes) {
            say!("error: cannot write {}: {e}", dir.join(name).display());
            return EXIT_RUNTIME;
        }
    }
    say!(
        "{} of {} points in {} (points.jsonl, points.csv, results.csv, sweep.json)",
        results.len(),
        plan.points.len(),
        dir.display()
    );
    if let Some(file) = &show.xlsx {
        let written = export::workbook(show.style.lang)
            .render(&doc)
            .ok_or_else(|| std::io::Error::other("the workbook could not be made"))
            .and_then(|bytes| file.write(&bytes, cleanup));
        match written {
            Ok(()) => say!("wrote {}", file.path().display()),
            Err(e) => {
                say!("error: could not write {}: {e}", file.path().display());
                return EXIT_RUNTIME;
            }
        }
    }
    // The report and the charts beside the files; the directory's files stay as they were.
    let written = if extras.wanted() {
        let doc = with_charts(doc.clone(), charts::sweep::charts(&output, lang));
        extras.write(&doc, || method::sweep(plan, lang), cleanup)
    } else {
        0
    };
    emit(&String::from_utf8_lossy(
        &format.styled(show.style).render(&doc).unwrap_or_default(),
    ))
    .max(written)
}

fn merge_dirs(args: SweepMergeArgs, cleanup: &Cleanup) -> i32 {
    let show = match show_of(&args.show) {
        Ok(s) => s,
        Err(code) => return code,
    };
    let extras = match Extras::check(&args.output) {
        Ok(e) => e,
        Err(r) => return refuse(r),
    };
    let merged = match merge::collect(&args.dirs) {
        Ok(m) => m,
        Err(m) => return refuse(Refusal::Message(m)),
    };
    let plan = &merged.plan;
    let (mut store, mut done) = match Store::open(&args.out, plan, false) {
        Ok(x) => x,
        Err(m) => return refuse(Refusal::Message(m)),
    };
    if let Err(code) = write_copies(plan, &args.out) {
        return code;
    }
    for (index, line) in &merged.done {
        if done.contains_key(index) {
            continue;
        }
        if let Err(e) = store.append(*index, line) {
            say!("error: cannot write {}: {e}", store.path().display());
            return EXIT_RUNTIME;
        }
        done.insert(*index, line.clone());
    }
    let in_order = match store.finish() {
        Ok(in_order) => in_order,
        Err(e) => {
            say!(
                "error: cannot write {}: {e}",
                args.out.join(POINTS_FILE).display()
            );
            return EXIT_RUNTIME;
        }
    };
    say!("merged {} directories", args.dirs.len());
    finish(
        plan,
        &args.out,
        &done,
        Finish {
            shard: None,
            in_order,
            format: args.format,
            show: &show,
            extras: &extras,
            cleanup,
        },
    )
}

/// Progress over the whole sweep: a bar with the time left on a terminal, plain lines in a log.
struct Progress {
    bar: Option<ProgressBar>,
    start: Instant,
    points: usize,
    lang: Lang,
    points_done: AtomicU64,
    reps_total: u64,
    reps_done: AtomicU64,
    last_line: Mutex<Instant>,
}

/// Seconds between progress lines in a log.
const LOG_EVERY: Duration = Duration::from_secs(10);

impl Progress {
    fn new(points: usize, replications: u32, lang: Lang) -> Progress {
        let reps_total = points as u64 * u64::from(replications);
        let bar = std::io::stderr()
            .is_terminal()
            .then(|| progress(reps_total, "sweep", lang));
        Progress {
            bar,
            start: Instant::now(),
            points,
            lang,
            points_done: AtomicU64::new(0),
            reps_total,
            reps_done: AtomicU64::new(0),
            last_line: Mutex::new(Instant::now()),
        }
    }

    fn replication(&self) {
        self.reps_done.fetch_add(1, Ordering::Relaxed);
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn point(&self) {
        let done = self.points_done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(bar) = &self.bar {
            bar.set_message(format!(
                "sweep · {} {done}/{}",
                self.lang.pick("punkt", "point"),
                self.points
            ));
            return;
        }
        let Ok(mut last) = self.last_line.lock() else {
            return;
        };
        if last.elapsed() < LOG_EVERY && done as usize != self.points {
            return;
        }
        *last = Instant::now();
        let elapsed = self.start.elapsed();
        let reps = self.reps_done.load(Ordering::Relaxed).max(1);
        let left = elapsed.mul_f64((self.reps_total.saturating_sub(reps)) as f64 / reps as f64);
        say!(
            "sweep: {done}/{} points, {reps}/{} replications, {} elapsed, about {} left",
            self.points,
            self.reps_total,
            duration_text(elapsed, Lang::En),
            duration_text(left, Lang::En)
        );
    }

    fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

/// "1 t 5 min" ("1 h 5 min"), "3 min 20 s", "12 s", "2,4 s" ("2.4 s"), "9 ms".
fn duration_text(d: Duration, lang: Lang) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 {
        let decimals = usize::from(s < 0.01);
        return format!("{} ms", num(s * 1000.0, decimals, lang));
    }
    if s < 10.0 {
        return format!("{} s", num(s, 1, lang));
    }
    let s = s.round() as u64;
    match (s / 3600, s % 3600 / 60, s % 60) {
        (0, 0, sec) => format!("{sec} s"),
        (0, min, sec) => format!("{min} min {sec} s"),
        (h, min, _) => format!("{h} {} {min} min", lang.pick("t", "h")),
    }
}

/// What `--dry-run --format json` prints.
#[derive(Serialize)]
struct DryRun {
    points: usize,
    shard: Option<String>,
    points_in_shard: usize,
    points_done: usize,
    points_to_run: usize,
    replications_per_point: u32,
    replications_to_run: u64,
    threads: usize,
    seconds_per_replication: f64,
    estimated_seconds: f64,
    refusal: Option<String>,
}

fn dry_run(
    plan: &Plan,
    shard: Option<Shard>,
    dir: &Path,
    budget: &Budget,
    fresh: bool,
    format: Format,
    show: &Show,
) -> i32 {
    // What the directory holds, read without changing it.
    let (done, refusal) = match (fresh, store::check_dir(dir)) {
        (_, Err(m)) => (BTreeMap::new(), Some(m)),
        (true, Ok(())) => (BTreeMap::new(), None),
        (false, Ok(())) => match store::read_points(&dir.join(POINTS_FILE))
            .and_then(|l| store::matching(plan, &l.records))
        {
            Ok(d) => (d, None),
            Err(m) => (
                BTreeMap::new(),
                Some(format!("{}: {m} (use --fresh)", dir.display())),
            ),
        },
    };
    let pending: Vec<&PointSpec> = plan
        .points
        .iter()
        .filter(|p| shard.is_none_or(|s| s.includes(p.index)) && !done.contains_key(&p.index))
        .collect();
    let per_rep = match run::calibrate(&plan.scenario, &pending, plan.seed) {
        Ok(d) => d.as_secs_f64(),
        Err(e) => {
            say!("{e}");
            return EXIT_INPUT;
        }
    };
    let threads = budget
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let reps = pending.len() as u64 * u64::from(plan.replications);
    let estimate = reps as f64 * per_rep / threads.min(reps.max(1) as usize).max(1) as f64;
    let d = DryRun {
        points: plan.points.len(),
        shard: shard.map(|s| s.to_string()),
        points_in_shard: mine(plan, shard),
        points_done: done.len(),
        points_to_run: pending.len(),
        replications_per_point: plan.replications,
        replications_to_run: reps,
        threads,
        seconds_per_replication: per_rep,
        estimated_seconds: estimate,
        refusal,
    };
    if format == Format::Json {
        return emit(&export::json::sorted(&d));
    }
    let text = dry_run_text(plan, &d, dir, show.style.lang);
    if show.style.wide {
        emit(&text)
    } else {
        emit(&fit_text(&text, WIDTH))
    }
}

fn dry_run_text(plan: &Plan, d: &DryRun, dir: &Path, lang: Lang) -> String {
    let cube = lang.pick("hyperkube", "hypercube");
    let sizes: Vec<String> = plan
        .dimensions
        .iter()
        .filter(|x| x.kind != crate::sweep::plan::DimensionKind::Hypercube)
        .map(|x| x.levels.len().to_string())
        .chain(plan.hypercube.map(|(n, _)| format!("{cube} {n}")))
        .collect();
    let (file, scenario) = (&plan.file, &plan.scenario.model.name);
    let (points, sizes, reps) = (d.points, sizes.join(" × "), d.replications_per_point);
    let mut out = match lang {
        Lang::Da => format!("Plan: {file} · scenarie: {scenario}\nPunkter: {points} ({sizes}) · {reps} replikationer pr. punkt · de samme seeds i alle punkter\n"),
        Lang::En => format!("Plan: {file} · scenario: {scenario}\nPoints: {points} ({sizes}) · {reps} replications per point · the same seeds at every point\n"),
    };
    if let Some(s) = &d.shard {
        let n = d.points_in_shard;
        out.push_str(&match lang {
            Lang::Da => format!("Del {s}: {n} punkter\n"),
            Lang::En => format!("Shard {s}: {n} points\n"),
        });
    }
    let (dir, done) = (dir.display(), d.points_done);
    out.push_str(&match lang {
        Lang::Da => format!("Allerede færdige i {dir}: {done}\n"),
        Lang::En => format!("Already done in {dir}: {done}\n"),
    });
    if let Some(r) = &d.refusal {
        out.push_str(&match lang {
            Lang::Da => format!("Kørslen ville blive afvist: {r}\n"),
            Lang::En => format!("The run would be refused: {r}\n"),
        });
    }
    let (left, reps_left, threads) = (d.points_to_run, d.replications_to_run, d.threads);
    let total = duration_text(Duration::from_secs_f64(d.estimated_seconds), lang);
    let each = duration_text(Duration::from_secs_f64(d.seconds_per_replication), lang);
    out.push_str(&match lang {
        Lang::Da => format!("Tilbage: {left} punkter · {reps_left} replikationer\nAnslået tid: ca. {total} på {threads} ledige tråde (én replikation tager ca. {each} processortid, målt på op til 3 punkter)\n"),
        Lang::En => format!("Left: {left} points · {reps_left} replications\nEstimated time: about {total} on {threads} free threads (one replication takes about {each} of processor time, measured on up to 3 points)\n"),
    });
    out
}
