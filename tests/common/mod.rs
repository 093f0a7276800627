//! Helpers shared by the integration tests: running the binary, scenario texts and their
//! one-line variants, and reading what came out. One copy each, so every test file speaks of
//! scenarios and commands the same way.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The M/M/c validation scenario: the smallest complete scenario, used as the base of variants.
pub const MMC: &str = include_str!("../../scenarios/validation/mmc.toml");

/// The shipped default scenario.
pub const DEFAULT: &str = include_str!("../../scenarios/default.toml");

/// The kapacitet binary with `args`.
pub fn kapacitet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .args(args)
        .output()
        .expect("run kapacitet")
}

/// Like [`kapacitet`], but a run still going after `limit` is killed and reported as a hang
/// (the test then fails with the command), so a regression to an endless loop cannot stall CI.
pub fn kapacitet_within(args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start kapacitet");
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait").is_some() {
            return child.wait_with_output().expect("output");
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("kapacitet {args:?} still ran after {limit:?}: a hang");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The exit code, with standard error in the message when it is not `want`.
pub fn assert_exit(o: &Output, want: i32) {
    assert_eq!(
        o.status.code(),
        Some(want),
        "stdout:\n{}\nstderr:\n{}",
        stdout(o),
        stderr(o)
    );
    assert!(!stderr(o).contains("panicked"), "{}", stderr(o));
}

/// `base` with exactly one occurrence of `from` replaced by `to`.
pub fn variant_of(base: &str, from: &str, to: &str) -> String {
    assert_eq!(base.matches(from).count(), 1, "`{from}` must occur once");
    base.replacen(from, to, 1)
}

/// A variant of the M/M/c scenario.
pub fn variant(from: &str, to: &str) -> String {
    variant_of(MMC, from, to)
}

/// 1-based line of the first line containing `needle`.
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .expect("needle")
        + 1
}

/// A scenario text written to a file in a fresh temporary directory.
pub struct ScenarioFile {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
}

impl ScenarioFile {
    pub fn new(name: &str, text: &str) -> ScenarioFile {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        std::fs::write(&path, text).expect("write scenario");
        ScenarioFile { dir, path }
    }

    pub fn arg(&self) -> &str {
        self.path.to_str().expect("utf-8 path")
    }
}

/// Every file in `dir` with its bytes, sorted by name.
pub fn read_set(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| {
            let e = e.expect("entry");
            let mut bytes = Vec::new();
            std::fs::File::open(e.path())
                .and_then(|mut f| f.read_to_end(&mut bytes))
                .expect("read file");
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    files.sort();
    files
}

/// The `[scenario]` table a test scenario starts with; the rest of the file is the test's own.
#[derive(Debug, Clone, Copy)]
pub struct Header {
    pub name: &'static str,
    /// `YYYY-MM-DD`.
    pub start: &'static str,
    pub warmup_weeks: f64,
    pub horizon_weeks: f64,
    pub replications: u32,
    pub seed: u64,
}

impl Header {
    pub fn text(&self) -> String {
        format!(
            "[scenario]\nname = \"{}\"\nstart_date = \"{}\"\nwarmup_weeks = {}\nhorizon_weeks = {}\nreplications = {}\nseed = {}\n",
            self.name, self.start, self.warmup_weeks, self.horizon_weeks, self.replications, self.seed
        )
    }

    /// The header, then `body`.
    pub fn with(&self, body: &str) -> String {
        format!("{}\n{body}", self.text())
    }
}

/// Every day a working day, no closed weeks: queueing tests need time to run evenly.
pub const EVERY_DAY: &str = r#"
[calendar]
working_days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
closed_weeks = []
"#;

/// One segment taking all of the inflow.
pub const ONE_SEGMENT: &str = r#"
[[segments]]
name = "all"
share_of_inflow = 1.0
"#;

/// The validated model of a scenario text; a problem fails the test with the text.
pub fn model(text: &str) -> kapacitet::model::Model {
    kapacitet::scenario::load_str(text, "test.toml").unwrap_or_else(|e| panic!("{e}\n---\n{text}"))
}

/// [`model`], keeping the text for searches and comparisons.
pub fn scenario(text: &str) -> kapacitet::scenario::Scenario {
    kapacitet::scenario::Scenario::from_text(text, "test.toml")
        .unwrap_or_else(|e| panic!("{e}\n---\n{text}"))
}

/// Every shipped scenario file, sorted: `scenarios/`, `scenarios/validation/` and
/// `scenarios/jobcentres/`.
pub fn shipped_scenarios() -> Vec<String> {
    let mut files: Vec<String> = ["scenarios", "scenarios/validation", "scenarios/jobcentres"]
        .iter()
        .flat_map(|d| std::fs::read_dir(d).expect("scenario folder"))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

/// M/M/c with arrival rate `lambda` and `c` servers of rate `mu`, stable (ρ < 1): the
/// probability of waiting (Erlang C) and the rate at which the wait's tail falls, cμ − λ.
pub fn erlang_c(lambda: f64, mu: f64, c: u32) -> (f64, f64) {
    let a = lambda / mu;
    let rho = a / f64::from(c);
    assert!(rho < 1.0, "an unstable queue has no Erlang C");
    let mut term = 1.0; // a^k / k!
    let mut sum = 0.0;
    for k in 0..c {
        sum += term;
        term *= a / f64::from(k + 1);
    }
    // term is now a^c / c!
    let top = term / (1.0 - rho);
    (top / (sum + top), f64::from(c) * mu - lambda)
}

/// Erlang C mean wait in queue of an M/M/c queue; infinite when it is not stable.
pub fn erlang_c_wait(lambda: f64, mu: f64, c: u32) -> f64 {
    if lambda / mu >= f64::from(c) {
        return f64::INFINITY;
    }
    let (p_wait, rate) = erlang_c(lambda, mu, c);
    p_wait / rate
}
