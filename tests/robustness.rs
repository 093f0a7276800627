//! Never a panic, never a hang: every input that once broke kapacitet, kept as a regression
//! test. Values `check` used to accept and the engine could not cope with are now refused with
//! their location (exit 2) or accepted with a warning where they are legitimate; standard output
//! and `--out` fail cleanly; an interrupted `--out` leaves the old set or the new one.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use common::*;

const HANG: Duration = Duration::from_secs(30);

/// `check` on a scenario text: exit 2, the problem located at the line holding `needle` and
/// naming `field`.
fn refused_at(text: &str, needle: &str, field: &str) {
    let f = ScenarioFile::new("s.toml", text);
    let o = kapacitet_within(&["check", f.arg()], HANG);
    assert_exit(&o, 2);
    let at = format!("{}:{}:", f.arg(), line_of(text, needle));
    assert!(stderr(&o).contains(&at), "want {at} in:\n{}", stderr(&o));
    assert!(
        stderr(&o).contains(field),
        "want {field} in:\n{}",
        stderr(&o)
    );
    // `run` refuses it the same way.
    assert_exit(&kapacitet_within(&["run", f.arg(), "-r", "1"], HANG), 2);
}

/// `check` accepts the text with a warning containing `warning` (in English), also said in
/// Danish by default, and `run` finishes.
fn warned(text: &str, warning: &str) {
    let f = ScenarioFile::new("s.toml", text);
    let o = kapacitet_within(&["check", f.arg(), "--lang", "en"], HANG);
    assert_exit(&o, 0);
    assert!(
        stderr(&o).contains(warning),
        "want {warning} in:\n{}",
        stderr(&o)
    );
    let danish = kapacitet_within(&["check", f.arg()], HANG);
    assert!(
        stderr(&danish).starts_with("advarsel: "),
        "{}",
        stderr(&danish)
    );
    assert_exit(&kapacitet_within(&["run", f.arg(), "-r", "2"], HANG), 0);
}

/// The M/M/c scenario, one year long, with `extra` appended.
fn short_mmc(extra: &str) -> String {
    format!(
        "{}{extra}",
        variant("horizon_weeks = 600", "horizon_weeks = 52")
    )
}

#[test]
fn times_beyond_a_hundred_years_are_refused_where_written() {
    refused_at(
        &variant(
            "to = \"server\"",
            "to = \"server\"\nmax_wait_days = 1e12\nfallback = \"server\"",
        ),
        "max_wait_days",
        "paths[0].max_wait_days",
    );
    for (key, value) in [
        ("first_offer_days_30plus", "1e10"),
        ("first_conversation_days_under30", "1e18"),
    ] {
        let text = short_mmc(&format!("\n[deadlines]\n{key} = {value}\n"));
        refused_at(&text, key, key);
    }
    refused_at(
        &variant(
            "duration = { dist = \"exponential\", mean = 1.0 }",
            "duration = { dist = \"exponential\", mean = 1e300 }",
        ),
        "1e300",
        "stages[0].duration.mean",
    );
}

#[test]
fn a_contact_plan_slower_than_one_conversation_a_century_is_refused() {
    let text = short_mmc("\n[contact_plan]\nstandard_per_year = 1e-7\n");
    refused_at(&text, "standard_per_year", "contact_plan.standard_per_year");
}

#[test]
fn start_dates_far_from_now_are_refused() {
    for date in ["+262143-12-01", "1200-01-01", "9999-12-31"] {
        let text = variant(
            "start_date = \"2024-01-01\"",
            &format!("start_date = \"{date}\""),
        );
        refused_at(&text, "start_date", "scenario.start_date");
    }
}

#[test]
fn seasonality_must_be_finite_factors_averaging_one() {
    let text = variant(
        "new_per_month = 109.575",
        "new_per_month = 109.575\nseasonality = [1e308, 1e308, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]",
    );
    let f = ScenarioFile::new("s.toml", &text);
    let o = kapacitet_within(&["check", f.arg()], HANG);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("seasonality"), "{}", stderr(&o));
}

#[test]
fn prices_and_effects_have_ceilings() {
    refused_at(
        &variant(
            "queue = \"fifo\"",
            "queue = \"fifo\"\nprice_per_week_dkk = 1e308",
        ),
        "price_per_week_dkk",
        "price_per_week_dkk",
    );
    refused_at(
        &variant("queue = \"fifo\"", "queue = \"fifo\"\nlockin = 1e308"),
        "lockin",
        "stages[0].lockin",
    );
}

#[test]
fn a_loop_of_zero_length_stays_that_cannot_be_left_is_refused() {
    // A zero-length routing step back to passive, whose path leads straight back.
    let text = variant(
        "duration = { dist = \"exponential\", mean = 1.0 }",
        "duration = { dist = \"fixed\", value = 0 }\noffer = false",
    )
    .replace(
        "routes = [{ to = \"job\", weight = 1.0 }]",
        "routes = [{ to = \"passive\", weight = 1.0 }]",
    );
    refused_at(&text, "dist = \"fixed\", value = 0", "stages[0].duration");
    // A breakdown with probability 1 after 0 days back into the same stage.
    let text = variant(
        "routes = [{ to = \"job\", weight = 1.0 }]",
        "routes = [{ to = \"job\", weight = 1.0 }]\nbreakdown = { probability = 1.0, after = { dist = \"fixed\", value = 0 }, to = \"server\" }",
    );
    refused_at(&text, "breakdown", "stages[0].breakdown");
}

#[test]
fn a_loop_of_zero_length_stays_that_can_be_left_is_a_warning() {
    let text = short_mmc(
        r#"
[[stages]]
name = "a"
kind = "course"
duration = { dist = "fixed", value = 0 }
routes = [{ to = "b", weight = 0.5 }, { to = "job", weight = 0.5 }]

[[stages]]
name = "b"
kind = "course"
duration = { dist = "fixed", value = 0 }
routes = [{ to = "a", weight = 1.0 }]
"#,
    )
    .replace(
        "routes = [{ to = \"job\", weight = 1.0 }]",
        "routes = [{ to = \"a\", weight = 1.0 }]",
    );
    warned(&text, "can go round \"a\", \"b\" without time passing");
}

#[test]
fn a_loop_left_only_by_a_tiny_chance_stops_the_run_naming_its_stages() {
    // `check` warns of the loop; the engine must still stop rather than go round for hours.
    let text = short_mmc(
        r#"
[[stages]]
name = "a"
kind = "course"
duration = { dist = "fixed", value = 0 }
routes = [{ to = "b", weight = 1.0 }, { to = "job", weight = 1e-8 }]

[[stages]]
name = "b"
kind = "course"
duration = { dist = "fixed", value = 0 }
routes = [{ to = "a", weight = 1.0 }]
"#,
    )
    .replace(
        "routes = [{ to = \"job\", weight = 1.0 }]",
        "routes = [{ to = \"a\", weight = 1.0 }]",
    );
    let f = ScenarioFile::new("s.toml", &text);
    assert_exit(&kapacitet_within(&["check", f.arg()], HANG), 0);
    let o = kapacitet_within(&["run", f.arg(), "-r", "2"], HANG);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(
        err.contains("times on one day going round the stages \"a\", \"b\""),
        "{err}"
    );
    assert!(err.contains("replication 1 stopped on day"), "{err}");
}

#[test]
fn a_loop_of_stays_lasting_seconds_stops_the_run_naming_its_stages() {
    // Time passes (seven seconds a round), so the clock never stands still, but in a 57-year
    // run every citizen would go round millions of times.
    let text = short_mmc(
        r#"
[[stages]]
name = "a"
kind = "course"
duration = { dist = "fixed", value = 0 }
routes = [{ to = "b", weight = 1.0 }, { to = "job", weight = 1e-300 }]

[[stages]]
name = "b"
kind = "course"
duration = { dist = "fixed", value = 8e-5 }
routes = [{ to = "a", weight = 1.0 }]
"#,
    )
    .replace("horizon_weeks = 52", "horizon_weeks = 3000")
    .replace(
        "routes = [{ to = \"job\", weight = 1.0 }]",
        "routes = [{ to = \"a\", weight = 1.0 }]",
    );
    let f = ScenarioFile::new("s.toml", &text);
    assert_exit(&kapacitet_within(&["check", f.arg()], HANG), 0);
    let o = kapacitet_within(&["run", f.arg(), "-r", "2"], HANG);
    assert_exit(&o, 1);
    let err = stderr(&o);
    assert!(err.contains("far more than a job centre moves"), "{err}");
    assert!(err.contains("going round the stages \"a\", \"b\""), "{err}");
}

#[test]
fn likely_slips_are_warnings() {
    warned(
        &variant("new_per_month = 109.575", "new_per_month = 1.200"),
        "`arrivals.new_per_month = 1.200` is read as 1,2",
    );
    warned(
        &variant("closed_weeks = []", "closed_weeks = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53]")
            .replace("horizon_weeks = 600", "horizon_weeks = 52"),
        "every week of the year is closed",
    );
    warned(
        &short_mmc("").replace("[arrivals]\nnew_per_month = 109.575\n", ""),
        "nobody is ever in the job centre",
    );
    let with_role = variant_of(DEFAULT, "fte = 5.5 ", "fte = 0 ");
    warned(&with_role, "has fte = 0");
}

#[test]
fn a_scenario_file_must_be_small_text() {
    let o = kapacitet_within(&["check", "/dev/zero"], HANG);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("larger than 4 MiB"), "{}", stderr(&o));
    let big = format!("# {}\n{MMC}", "x".repeat(5 * 1024 * 1024));
    let f = ScenarioFile::new("big.toml", &big);
    assert_exit(&kapacitet_within(&["check", f.arg()], HANG), 2);
}

#[test]
fn flags_have_the_bounds_of_the_file() {
    for args in [
        vec!["run", "--threads", "20000"],
        vec!["run", "-r", "4000000000"],
        vec!["run", "-r", "0"],
        vec!["compare", "--vary", "switch_week=521", "-r", "2"],
        vec!["compare", "--vary", "lockin=1e308", "-r", "2"],
        vec![
            "size",
            "--stage",
            "virksomhedscenter",
            "--target",
            "liggetid <= 5",
            "--min",
            "1e300",
        ],
        vec![
            "size",
            "--role",
            "jobkonsulenter",
            "--target",
            "rettidighed >= 0.9",
            "--step",
            "1e-300",
        ],
        vec![
            "calc",
            "--citizens",
            "330",
            "--conversation-days",
            "3",
            "--weeks-per-fte",
            "5e-324",
            "--intensive-share",
            "0.3",
        ],
    ] {
        let o = kapacitet_within(&args, HANG);
        assert_exit(&o, 2);
        assert!(!stderr(&o).is_empty(), "{args:?} says why");
    }
}

#[test]
fn size_targets_that_cannot_be_met_or_read_exit_2() {
    for target in [
        "liggetid_p90 <= -5",
        "mal2 >= 1.5",
        "virksomhedscenter.\u{212A}liggetid <= 5",
        "\u{130}.x <= 5",
        "\u{212A}\u{212A}\u{212A}.\u{130}\u{130} >= 3",
    ] {
        let o = kapacitet_within(
            &[
                "size",
                "--stage",
                "virksomhedscenter",
                "--target",
                target,
                "-r",
                "2",
            ],
            HANG,
        );
        assert_exit(&o, 2);
        assert!(stderr(&o).contains("target"), "{}", stderr(&o));
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .args(["run", "-r", "2", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start");
    let mut first = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut first)
        .expect("one line");
    // Dropping the reader closed the pipe, as `| head -1` does.
    let o = child.wait_with_output().expect("wait");
    assert_eq!(first, "{\n");
    assert_exit(&o, 0);
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn a_full_disk_on_standard_output_exits_1_and_still_writes_the_files() {
    let Ok(full) = std::fs::OpenOptions::new().write(true).open("/dev/full") else {
        return; // Not Linux: nothing to test.
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("results");
    let o = Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .args(["run", "-r", "2", "--out", out.to_str().expect("path")])
        .stdout(full)
        .output()
        .expect("run");
    assert_exit(&o, 1);
    assert!(stderr(&o).contains("standard output"), "{}", stderr(&o));
    assert_eq!(read_set(&out).len(), 7);
}

#[test]
fn an_unusable_out_dir_is_refused_before_anything_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let o = kapacitet_within(&["run", "--out", file.to_str().expect("path")], HANG);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("is a file"), "{}", stderr(&o));
    // A directory holding someone's own files is not replaced.
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).expect("mkdir");
    std::fs::write(mine.join("notes.txt"), "keep me").expect("write");
    let o = kapacitet_within(&["run", "--out", mine.to_str().expect("path")], HANG);
    assert_exit(&o, 2);
    assert!(stderr(&o).contains("notes.txt"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(mine.join("notes.txt")).expect("kept"),
        "keep me"
    );
}

/// Run with `--out` and kill it after `delay` with `signal`; returns whether it had finished,
/// and its process id.
fn run_and_kill(out: &str, seed: &str, delay: Duration, signal: &str) -> (bool, u32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .args([
            "run", "-r", "3", "-s", seed, "--format", "json", "--out", out,
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start");
    let start = std::time::Instant::now();
    let mut done = false;
    while !done && start.elapsed() < delay {
        std::thread::sleep(Duration::from_millis(2).min(delay));
        done = child.try_wait().expect("wait").is_some();
    }
    if !done {
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
    }
    let _ = child.wait();
    (done, child.id())
}

#[test]
fn a_killed_out_write_leaves_the_old_set_or_the_new_one() {
    if Command::new("kill").arg("-l").output().is_err() {
        return; // No kill(1): not a Unix system.
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("results");
    let out_s = out.to_str().expect("path");
    // The two complete sets a killed run may leave.
    let started = std::time::Instant::now();
    assert!(run_and_kill(out_s, "2", Duration::from_secs(600), "-TERM").0);
    let took = started.elapsed();
    let new = read_set(&out);
    assert!(run_and_kill(out_s, "1", Duration::from_secs(600), "-TERM").0);
    let old = read_set(&out);
    assert_ne!(old, new);
    // Kill at times spread over the end of the run, where the files are written.
    for i in 0..24 {
        let signal = if i % 2 == 0 { "-TERM" } else { "-KILL" };
        let delay = took.mul_f64(0.6 + 0.6 * f64::from(i) / 24.0);
        let (_, pid) = run_and_kill(out_s, "2", delay, signal);
        let now = read_set(&out);
        assert!(
            now == old || now == new,
            "a mix of old and new files after {delay:?}"
        );
        // After SIGTERM the process removed its temporary directory; after SIGKILL it could
        // not, and the next run removes it.
        if signal == "-TERM" {
            let mine = format!(".kapacitet-{pid}.");
            let leftovers: Vec<String> = std::fs::read_dir(dir.path())
                .expect("read")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .filter(|n| n.contains(&mine))
                .collect();
            assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
        }
        // Back to the old set for the next round.
        if now == new {
            run_and_kill(out_s, "1", Duration::from_secs(600), "-TERM");
        }
    }
}
