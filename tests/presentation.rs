//! What people read, as the binary prints it: every line of every command's table on every
//! shipped scenario fits a terminal of 100 columns in Danish and in English, `--wide` keeps the
//! full width, `--lang` changes the words but never the JSON, the CSV or the files, and size's
//! verdict marks never contradict the interval beside them.

mod common;

use common::{assert_exit, kapacitet, stdout};

const WIDTH: usize = 100;

/// Every command on every shipped scenario, and the wide cases: three strategies with a sweep,
/// scenarios and a variant side by side, the transition month by month, every size mode and the
/// ressourceberegner with every factor.
fn command_lines() -> Vec<String> {
    let mut out = Vec::new();
    for f in common::shipped_scenarios() {
        out.push(format!("run {f} -r 2 --monthly"));
        out.push(format!("check {f}"));
    }
    out.extend(
        [
            "compare scenarios/default.toml -r 2 --vary lockin=0.5,1",
            "compare scenarios/transition-nyborg.toml -r 2",
            "compare scenarios/default.toml scenarios/aarhus.toml --variant stages.virksomhedscenter.capacity=110 -r 2",
            "size scenarios/validation/mmc.toml --stage server --target liggetid<=0.5 -r 4",
            "size scenarios/transition-in-step.toml --close jobhuset --end-stays --target months_past_offer_deadline<=0 -r 2",
            "size scenarios/transition-in-step.toml --close jobhuset --first-month 2011-01 --last-month 2011-03 --stage virksomhedscenter --from-month 2011-01 --target months_past_offer_deadline<=1 -r 2 --max-replications 4",
            "calc --citizens 330 --conversation-days 3 --weeks-per-fte 44 --intensive-share 0.3 --conversations-per-day 6 --fte 4 --no-show-rate 0.1 --admin-share 0.1 --sickness-share 0.05 --conversation-minutes 45 --day-minutes 300",
        ]
        .map(String::from),
    );
    out
}

fn run(line: &str, extra: &[&str]) -> String {
    let mut args: Vec<&str> = line.split(' ').collect();
    args.extend(extra);
    let o = kapacitet(&args);
    // size exits 3 when no setting meets the targets: still a full answer.
    let code = o.status.code();
    assert!(code == Some(0) || code == Some(3), "{line}: {o:?}");
    stdout(&o)
}

#[test]
fn every_table_fits_in_100_columns_in_both_languages() {
    for line in command_lines() {
        for lang in ["da", "en"] {
            let text = run(&line, &["--lang", lang]);
            assert!(!text.trim().is_empty(), "{line}");
            for l in text.lines() {
                let n = l.chars().count();
                assert!(n <= WIDTH, "{line} --lang {lang}: {n} columns:\n{l}");
            }
        }
    }
}

#[test]
fn wide_keeps_the_full_width() {
    let line = "compare scenarios/default.toml -r 2";
    let narrow = run(line, &[]);
    let wide = run(line, &["--wide"]);
    let widest = |t: &str| t.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(widest(&narrow) <= WIDTH);
    assert!(widest(&wide) > WIDTH, "{wide}");
    // At full width each figure is one row: both paired differences beside the means.
    assert!(
        wide.lines()
            .any(|l| l.starts_with("Mål 1") && l.matches('[').count() == 2),
        "{wide}"
    );
}

#[test]
fn english_changes_the_words_not_the_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (da, en) = (dir.path().join("da"), dir.path().join("en"));
    for (lang, out) in [("da", &da), ("en", &en)] {
        let o = kapacitet(&[
            "run",
            "scenarios/transition-in-step.toml",
            "-r",
            "2",
            "--lang",
            lang,
            "--out",
            out.to_str().unwrap(),
        ]);
        assert_exit(&o, 0);
    }
    assert_eq!(common::read_set(&da), common::read_set(&en));
    for line in [
        "run scenarios/default.toml -r 2 --format json",
        "compare scenarios/default.toml -r 2 --format csv",
        "size scenarios/validation/mmc.toml --stage server --target liggetid<=0.5 -r 4 --format json",
        "calc --citizens 330 --conversation-days 3 --weeks-per-fte 44 --intensive-share 0.3 --format json",
    ] {
        assert_eq!(run(line, &["--lang", "da"]), run(line, &["--lang", "en"]), "{line}");
    }
    let en = run(
        "run scenarios/transition-in-step.toml -r 2",
        &["--lang", "en"],
    );
    for needle in [
        "Key figures (mean and 95 % confidence interval)",
        "Waiting time",
        "The transition month by month",
        "Mål 1",
    ] {
        assert!(en.contains(needle), "missing {needle} in\n{en}");
    }
    for danish in [
        "Nøgletal",
        "replikationer",
        "Overgangsplan",
        "Liggetid i dage",
    ] {
        assert!(!en.contains(danish), "{danish} in English:\n{en}");
    }
    let da = run("run scenarios/transition-in-step.toml -r 2", &[]);
    assert!(
        da.contains("Nøgletal (gennemsnit og 95 % konfidensinterval)"),
        "{da}"
    );
}

#[test]
fn warnings_and_check_speak_the_language_asked_for() {
    let f = common::ScenarioFile::new("s.toml", &common::variant("capacity = 4", "capacity = 0"));
    for (lang, word, line) in [
        ("da", "advarsel: forløbet", "ok — "),
        ("en", "warning: stage", "ok — "),
    ] {
        let o = kapacitet(&["check", f.arg(), "--lang", lang]);
        assert_exit(&o, 0);
        assert!(common::stderr(&o).contains(word), "{}", common::stderr(&o));
        assert!(stdout(&o).contains(line));
    }
}

#[test]
fn a_long_column_name_becomes_a_letter_and_the_figure_names_stay_whole() {
    let line =
        "compare scenarios/default.toml --variant stages.virksomhedscenter.capacity=110 -r 2";
    for (lang, label, legend) in [
        (
            "da",
            "Mål 1: i virksomhedsrettet aktivering (slut) ",
            "  B = stages.virksomhedscenter.capacity=110: ",
        ),
        (
            "en",
            "Mål 1: in company-based activation (end) ",
            "  B = stages.virksomhedscenter.capacity=110: ",
        ),
    ] {
        let text = run(line, &["--lang", lang]);
        assert!(text.lines().any(|l| l.starts_with(label)), "{text}");
        assert!(text.contains(legend), "{text}");
        // The first column keeps its own name, short enough to head it.
        assert!(text.contains("  default.toml: "), "{text}");
        assert!(
            text.lines().any(|l| l.ends_with(" B") || l.contains(" B ")),
            "{text}"
        );
    }
}

#[test]
fn warnings_fit_the_terminal_and_wide_keeps_each_on_one_line() {
    // The default scenario's selection strategy flags more under-30s than its cap: one warning.
    let line = [
        "compare",
        "scenarios/default.toml",
        "-r",
        "2",
        "--strategy",
        "selection",
    ];
    for lang in ["da", "en"] {
        let narrow = common::stderr(&kapacitet(&[&line[..], &["--lang", lang]].concat()));
        let wide = common::stderr(&kapacitet(
            &[&line[..], &["--lang", lang, "--wide"]].concat(),
        ));
        let warnings: Vec<&str> = wide.lines().filter(|l| l.contains("flag_cap")).collect();
        assert_eq!(warnings.len(), 1, "{wide}");
        assert!(warnings[0].chars().count() > WIDTH, "{wide}");
        let lines: Vec<&str> = narrow.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(lines.len() > 1, "{narrow}");
        for l in &lines {
            assert!(l.chars().count() <= WIDTH, "{l}");
        }
        // The same words, the further lines indented under the first.
        assert!(lines[1..].iter().all(|l| l.starts_with("  ")), "{narrow}");
        let joined = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join(" ");
        assert_eq!(joined, warnings[0], "{narrow}");
    }
}

#[test]
fn intervals_for_people_stay_within_what_a_figure_can_take() {
    // With two replications the Student-t interval of a rare count reaches below zero.
    let line = "run scenarios/default.toml -r 2 --format json";
    let v: serde_json::Value = serde_json::from_str(&run(line, &[])).expect("JSON");
    let raw = v["kpis"]["months_with_overdue_wait"]["ci95_low"].as_f64();
    let text = run("run scenarios/default.toml -r 2", &[]);
    for l in text.lines().filter(|l| l.contains('[')) {
        assert!(!l.contains("[-"), "a negative bound in a table: {l}");
    }
    if raw.is_some_and(|x| x < 0.0) {
        assert!(text.contains("skåret ved grænsen"), "{text}");
    }
}

#[test]
fn size_never_marks_a_miss_beside_an_interval_that_holds_the_limit() {
    let line = "size scenarios/transition-in-step.toml --close jobhuset --end-stays --target months_past_offer_deadline<=0 -r 2";
    let text = run(line, &[]);
    assert!(text.contains("Krav 1"), "{text}");
    assert!(!text.contains("Mål 1 "), "{text}");
    for l in text
        .lines()
        .filter(|l| l.contains(" ✗") && l.contains(" ; "))
    {
        // "✗" alone only where the interval lies wholly above 0.
        if let Some(rest) = l.split('[').nth(1) {
            let low = rest.split(" ; ").next().unwrap_or("");
            let low: f64 = low
                .replace('.', "")
                .replace(',', ".")
                .parse()
                .unwrap_or(f64::NAN);
            if l.contains(" ✗ ") || l.ends_with(" ✗") {
                assert!(low > 0.0, "✗ beside an interval from {low}: {l}");
            }
        }
    }
    if text.contains("✗¹") {
        assert!(text.contains("✗¹ ikke opfyldt, skønt intervallet rummer grænsen"));
        assert!(text.contains(" af "), "{text}");
    }
    let en = run(line, &["--lang", "en"]);
    assert!(en.contains("Requirement 1"), "{en}");
}

#[test]
fn size_speaks_of_requirements_not_goals() {
    // "Mål" is mål 1 and mål 2 to a leader; what size must meet is a requirement (krav),
    // in the columns and in the conclusion alike.
    for line in [
        "size scenarios/validation/mmc.toml --stage server --target liggetid<=0.5 -r 4",
        "size scenarios/transition-in-step.toml --close jobhuset --end-stays --target months_past_offer_deadline<=0 -r 2",
    ] {
        let da = run(line, &[]);
        assert!(da.contains("Krav (alle skal holde):"), "{da}");
        assert!(da.contains("alle krav") || da.contains("kravene"), "{da}");
        for goal in ["Mål (", "Mål 1", "alle mål", "målene", "målet"] {
            assert!(!da.contains(goal), "{goal} in\n{da}");
        }
        let en = run(line, &["--lang", "en"]);
        assert!(en.contains("every requirement") || en.contains("the requirements"), "{en}");
        assert!(!en.contains("target"), "{en}");
    }
}
