//! `kapacitet calc` against the seed's own numbers (seed 002, "Indsatsguide Langtidsledighed",
//! L1833–1862; the formulas are in docs/staffing.md): every number of the 330 / 3 / 44 / 30 %
//! example, all 72 grid cells, the FTE table, the factors beyond the spreadsheet worked by hand,
//! the JSON contract through the binary, `--from` files, and bad input exiting 2.

use std::process::{Command, Output};

use kapacitet::ressourceberegner::{compute, Block, Calculation, Inputs, Rounded};

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

fn calc(inputs: Inputs) -> Calculation {
    compute(&inputs.check().expect("valid inputs"))
}

fn with_s(s: f64) -> Inputs {
    Inputs {
        conversations_per_day: Some(s),
        ..Inputs::seed_example()
    }
}

fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

/// The FTE answer for one total (block, frequency) of a calculation's `fte_needed`.
fn fte_answer(c: &Calculation, block: Block, frequency: u32) -> Rounded {
    c.fte_needed
        .as_ref()
        .expect("fte_needed")
        .answers
        .iter()
        .find(|a| a.total.block == block && a.total.frequency == frequency)
        .expect("answer")
        .value
}

fn kapacitet(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kapacitet"))
        .args(args)
        .output()
        .expect("run kapacitet")
}

const EXAMPLE: [&str; 9] = [
    "calc",
    "--citizens",
    "330",
    "--conversation-days",
    "3",
    "--weeks-per-fte",
    "44",
    "--intensive-share",
    "0.30",
];

fn example_with(extra: &[&str]) -> Vec<String> {
    EXAMPLE.iter().chain(extra).map(|s| s.to_string()).collect()
}

fn run_ok(args: &[String]) -> String {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let o = kapacitet(&args);
    assert_eq!(
        o.status.code(),
        Some(0),
        "args {args:?}; stderr:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("UTF-8 output")
}

fn json(args: &[String]) -> serde_json::Value {
    let mut args = args.to_vec();
    args.extend(["--format".to_string(), "json".to_string()]);
    serde_json::from_str(&run_ok(&args)).expect("valid JSON")
}

fn keys(v: &serde_json::Value) -> Vec<String> {
    let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
    k.sort();
    k
}

fn sorted(k: &[&str]) -> Vec<String> {
    let mut k: Vec<String> = k.iter().map(|s| s.to_string()).collect();
    k.sort();
    k
}

/// Exit code and stderr of a run that must fail.
fn run_bad(args: &[&str]) -> (i32, String) {
    let o = kapacitet(args);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(o.stdout.is_empty(), "nothing should be printed on stdout");
    (o.status.code().unwrap_or(-1), stderr)
}

// ---------------------------------------------------------------------------------------------
// The spreadsheet, golden against the seed
// ---------------------------------------------------------------------------------------------

#[test]
fn the_seed_example_general_block() {
    let c = calc(Inputs::seed_example());
    let got: Vec<(u32, &str, f64)> = c
        .general
        .iter()
        .map(|g| (g.frequency, g.label, g.conversations))
        .collect();
    assert_eq!(
        got,
        [
            (4, "Rettidighed", 1320.0),
            (6, "Hver anden måned", 1980.0),
            (12, "Hver måned", 3960.0)
        ]
    );
}

#[test]
fn the_seed_example_intensified_block() {
    let c = calc(Inputs::seed_example());
    assert_eq!(c.intensive_citizens, 99.0);
    assert_eq!(c.statutory_citizens, 231.0);
    let got: Vec<(u32, &str, f64, f64, f64)> = c
        .intensified
        .iter()
        .map(|r| (r.frequency, r.label, r.intensive, r.statutory, r.total))
        .collect();
    assert_eq!(
        got,
        [
            (24, "To gange i måneden", 2376.0, 924.0, 3300.0),
            (12, "Hver måned", 1188.0, 924.0, 2112.0),
            (6, "Hver anden måned", 594.0, 924.0, 1518.0)
        ]
    );
}

#[test]
fn all_72_grid_cells_are_132_s_n() {
    let c = calc(Inputs::seed_example());
    assert_eq!(c.grid.len(), 8);
    let mut cells = 0;
    for s in 1..=8u32 {
        let row = &c.grid[(s - 1) as usize];
        assert_eq!(row.len(), 9);
        for n in 1..=9u32 {
            assert_eq!(row[(n - 1) as usize], f64::from(132 * s * n), "s={s} n={n}");
            cells += 1;
        }
    }
    assert_eq!(cells, 72);
    // The spreadsheet's own spot checks (seed 002, L1833–1862).
    assert_eq!(c.grid[0][0], 132.0);
    assert_eq!(c.grid[4][4], 3300.0);
    assert_eq!(c.grid[7][8], 9504.0);
}

/// FTE needed n = T / (132·s), printed to three decimals, as docs/staffing.md tabulates it.
#[test]
fn the_fte_table_of_seed_notes_1_6() {
    #[rustfmt::skip]
    let table: [(Block, u32, f64, [f64; 8]); 6] = [
        (Block::General, 4, 1320.0, [10.0, 5.0, 3.333, 2.5, 2.0, 1.667, 1.429, 1.25]),
        (Block::General, 6, 1980.0, [15.0, 7.5, 5.0, 3.75, 3.0, 2.5, 2.143, 1.875]),
        (Block::General, 12, 3960.0, [30.0, 15.0, 10.0, 7.5, 6.0, 5.0, 4.286, 3.75]),
        (Block::Intensified, 24, 3300.0, [25.0, 12.5, 8.333, 6.25, 5.0, 4.167, 3.571, 3.125]),
        (Block::Intensified, 12, 2112.0, [16.0, 8.0, 5.333, 4.0, 3.2, 2.667, 2.286, 2.0]),
        (Block::Intensified, 6, 1518.0, [11.5, 5.75, 3.833, 2.875, 2.3, 1.917, 1.643, 1.438]),
    ];
    for (block, frequency, total, by_s) in table {
        for (i, printed) in by_s.into_iter().enumerate() {
            let s = (i + 1) as f64;
            let c = calc(with_s(s));
            let answer = c
                .fte_needed
                .as_ref()
                .unwrap()
                .answers
                .iter()
                .find(|a| a.total.block == block && a.total.frequency == frequency)
                .unwrap()
                .clone();
            assert_eq!(answer.total.conversations, total);
            assert!(
                close(answer.value.exact, printed, 0.0005),
                "{block:?} {frequency} at {s}/day: {} vs {printed}",
                answer.value.exact
            );
            assert!(close(answer.value.exact, total / (132.0 * s), 1e-12));
            assert_eq!(
                answer.value.rounded_up,
                (total / (132.0 * s) - 1e-12).ceil()
            );
        }
    }
}

#[test]
fn fte_needed_spot_checks() {
    let at5 = calc(with_s(5.0));
    assert_eq!(
        fte_answer(&at5, Block::Intensified, 24),
        Rounded {
            exact: 5.0,
            rounded_up: 5.0
        }
    );
    assert_eq!(
        fte_answer(&at5, Block::Intensified, 12),
        Rounded {
            exact: 3.2,
            rounded_up: 4.0
        }
    );
    let at1 = calc(with_s(1.0));
    assert_eq!(
        fte_answer(&at1, Block::Intensified, 6),
        Rounded {
            exact: 11.5,
            rounded_up: 12.0
        }
    );
    assert_eq!(at5.fte_needed.as_ref().unwrap().capacity, 660.0);
}

#[test]
fn conversations_a_day_needed_for_given_fte() {
    let c = calc(Inputs {
        fte: Some(4.0),
        ..Inputs::seed_example()
    });
    let needed = c.conversations_per_day_needed.as_ref().expect("asked");
    assert_eq!(needed.given, 4.0);
    assert_eq!(needed.capacity, 528.0);
    let by: Vec<(u32, f64, f64)> = needed
        .answers
        .iter()
        .map(|a| (a.total.frequency, a.value.exact, a.value.rounded_up))
        .collect();
    // T / (3·44·4) = T / 528.
    assert_eq!(
        by,
        [
            (4, 2.5, 3.0),
            (6, 3.75, 4.0),
            (12, 7.5, 8.0),
            (24, 6.25, 7.0),
            (12, 4.0, 4.0),
            (6, 2.875, 3.0)
        ]
    );
    assert!(c.fte_needed.is_none());
}

#[test]
fn a_share_that_is_not_a_whole_head_count_is_not_rounded() {
    // 0.25 × 330 = 82.5 citizens: real-valued, as a yearly plan needs expectations.
    let c = calc(Inputs::new(330.0, 3.0, 44.0, 0.25));
    assert_eq!(c.intensive_citizens, 82.5);
    assert_eq!(c.intensified[0].intensive, 1980.0); // 82.5 × 24
    assert_eq!(c.intensified[2].intensive, 495.0); // 82.5 × 6
    assert_eq!(c.intensified[0].statutory, 990.0); // 247.5 × 4
}

// ---------------------------------------------------------------------------------------------
// Beyond the spreadsheet
// ---------------------------------------------------------------------------------------------

#[test]
fn factors_at_their_defaults_leave_the_spreadsheet_unchanged() {
    let plain = calc(with_s(5.0));
    let zeros = calc(Inputs {
        no_show_rate: Some(0.0),
        admin_share: Some(0.0),
        sickness_share: Some(0.0),
        ..with_s(5.0)
    });
    assert_eq!(plain.general, zeros.general);
    assert_eq!(plain.intensified, zeros.intensified);
    assert_eq!(plain.grid, zeros.grid);
    assert_eq!(plain.fte_needed, zeros.fte_needed);
    assert!(plain.adjusted.is_none(), "not asked for");
    let adjusted = zeros.adjusted.expect("asked for");
    for r in &adjusted.rows {
        for v in [r.no_show, r.conversation_length, r.admin, r.sickness, r.all] {
            assert_eq!(v, r.spreadsheet);
        }
        assert_eq!(r.slots, r.total.conversations);
    }
}

#[test]
fn each_factor_alone_worked_by_hand() {
    let c = calc(Inputs {
        no_show_rate: Some(0.2),
        conversation_minutes: Some(60.0),
        day_minutes: Some(270.0),
        admin_share: Some(0.1),
        sickness_share: Some(0.05),
        ..with_s(5.0)
    });
    let a = c.adjusted.as_ref().expect("adjusted");
    assert_eq!(a.conversations_per_day, 5.0);
    assert_eq!(a.conversations_per_day_from_minutes, Some(4.5));
    assert_eq!(a.capacity_per_fte_spreadsheet, 660.0);
    // 4.5 × 3 × 44 × 0.9 × 0.95 = 507.87
    assert!(close(a.capacity_per_fte_all, 507.87, 1e-9));

    // Intensified 24: 3300 conversations a year, 5 FTE in the spreadsheet at 5 a day.
    let r = a
        .rows
        .iter()
        .find(|r| r.total.block == Block::Intensified && r.total.frequency == 24)
        .unwrap();
    assert_eq!(r.spreadsheet.exact, 5.0);
    // No-shows 20 %: slots = 3300 / 0.8 = 4125, so × 1.25.
    assert_eq!(r.slots, 4125.0);
    assert_eq!(r.no_show.exact, 6.25);
    assert_eq!(r.no_show.rounded_up, 7.0);
    // 270 min / 60 min = 4.5 a day: 3300 / (4.5 × 132) = 5.5556.
    assert!(close(r.conversation_length.exact, 3300.0 / 594.0, 1e-12));
    assert_eq!(r.conversation_length.rounded_up, 6.0);
    // Administration 10 %: ÷ 0.9 → 5.5556.
    assert!(close(r.admin.exact, 5.0 / 0.9, 1e-12));
    // Sickness 5 %: ÷ 0.95 → 5.2632.
    assert!(close(r.sickness.exact, 5.0 / 0.95, 1e-12));
    assert_eq!(r.sickness.rounded_up, 6.0);
    // All together: 4125 / 507.87 = 8.1222.
    assert!(close(r.all.exact, 4125.0 / 507.87, 1e-9));
    assert_eq!(r.all.rounded_up, 9.0);

    // General 4: 1320 a year, 2 FTE; no-shows × 1.25 → 2.5.
    let g = &a.rows[0];
    assert_eq!((g.total.block, g.total.frequency), (Block::General, 4));
    assert_eq!(g.no_show.exact, 2.5);
    assert_eq!(g.no_show.rounded_up, 3.0);

    // The spreadsheet itself is untouched by the factors.
    assert_eq!(c.intensified[0].total, 3300.0);
    assert_eq!(fte_answer(&c, Block::Intensified, 24).exact, 5.0);
}

#[test]
fn minutes_alone_give_the_conversations_a_day() {
    // 300 min / 45 min = 6.667 a day → 880 conversations per FTE-year.
    let c = calc(Inputs {
        conversation_minutes: Some(45.0),
        day_minutes: Some(300.0),
        ..Inputs::seed_example()
    });
    let needed = c.fte_needed.as_ref().expect("s from minutes");
    assert!(close(needed.given, 300.0 / 45.0, 1e-12));
    assert!(close(needed.capacity, 880.0, 1e-9));
    assert_eq!(fte_answer(&c, Block::Intensified, 24).exact, 3.75);
    assert_eq!(fte_answer(&c, Block::General, 4).exact, 1.5);
}

#[test]
fn factors_without_conversations_a_day_compute_no_fte() {
    let c = calc(Inputs {
        no_show_rate: Some(0.1),
        ..Inputs::seed_example()
    });
    assert!(c.adjusted.is_none());
    assert!(c.fte_needed.is_none());
}

// ---------------------------------------------------------------------------------------------
// The binary: table and JSON
// ---------------------------------------------------------------------------------------------

#[test]
fn table_output_has_the_spreadsheets_danish_blocks_and_numbers() {
    // At full width, so the spreadsheet's long headers stand on one line.
    let text = run_ok(&example_with(&["--wide"]));
    for needle in [
        "Generelt for hele målgruppen",
        "Intensiveret for en andel af målgruppen",
        "Antal intensive samtaler",
        "Antal rettidige samtaler",
        "Antal samtaler samlet",
        "Årsværk",
        "Samtaler pr. dag",
        "1.320",
        "1.980",
        "3.960",
        "2.376",
        "3.300",
        "2.112",
        "1.518",
        "9.504",
        "30 %",
    ] {
        assert!(text.contains(needle), "missing `{needle}` in\n{text}");
    }
    assert!(!text.contains("Årsværk der skal til"), "not asked for");
    let text = run_ok(&example_with(&[
        "--conversations-per-day",
        "1",
        "--no-show-rate",
        "0.2",
    ]));
    assert!(text.contains("Årsværk der skal til ved 1 samtaler pr. dag"));
    assert!(
        text.contains("11,5"),
        "1518 at 1 a day in Danish style:\n{text}"
    );
    assert!(text.contains("Ud over regnearket"));
    assert!(text.contains("Udeblivelser"));
}

#[test]
fn json_has_exactly_the_documented_keys() {
    let v = json(&example_with(&[]));
    assert_eq!(
        keys(&v),
        sorted(&["inputs", "general", "intensified", "grid"])
    );
    assert_eq!(
        keys(&v["inputs"]),
        sorted(&[
            "citizens",
            "conversation_days_per_week",
            "weeks_per_fte",
            "intensive_share",
            "conversations_per_day",
            "fte",
            "no_show_rate",
            "conversation_minutes",
            "day_minutes",
            "admin_share",
            "sickness_share"
        ])
    );
    assert_eq!(v["inputs"]["citizens"], 330);
    assert_eq!(v["inputs"]["intensive_share"], 0.3);
    assert!(v["inputs"]["conversations_per_day"].is_null());
    assert_eq!(v["inputs"]["no_show_rate"], 0);

    assert_eq!(keys(&v["general"]), sorted(&["4", "6", "12"]));
    assert_eq!(v["general"]["4"], 1320);
    assert_eq!(v["general"]["6"], 1980);
    assert_eq!(v["general"]["12"], 3960);

    assert_eq!(keys(&v["intensified"]), sorted(&["24", "12", "6"]));
    for (f, intensive, total) in [("24", 2376, 3300), ("12", 1188, 2112), ("6", 594, 1518)] {
        let r = &v["intensified"][f];
        assert_eq!(keys(r), sorted(&["intensive", "statutory", "total"]));
        assert_eq!(r["intensive"], intensive);
        assert_eq!(r["statutory"], 924);
        assert_eq!(r["total"], total);
    }

    let grid = v["grid"].as_array().expect("grid array");
    assert_eq!(grid.len(), 8);
    for (i, row) in grid.iter().enumerate() {
        let row = row.as_array().expect("row array");
        assert_eq!(row.len(), 9);
        for (j, cell) in row.iter().enumerate() {
            let expected = 132 * (i as u64 + 1) * (j as u64 + 1);
            assert_eq!(cell.as_u64(), Some(expected), "grid[{i}][{j}]");
        }
    }
}

#[test]
fn json_answers_and_adjusted_when_asked() {
    let v = json(&example_with(&[
        "--conversations-per-day",
        "5",
        "--fte",
        "4",
        "--no-show-rate",
        "0.2",
    ]));
    assert_eq!(
        keys(&v),
        sorted(&[
            "inputs",
            "general",
            "intensified",
            "grid",
            "fte_needed",
            "conversations_per_day_needed",
            "adjusted"
        ])
    );

    let f = &v["fte_needed"];
    assert_eq!(
        keys(f),
        sorted(&["conversations_per_day", "general", "intensified"])
    );
    assert_eq!(f["conversations_per_day"], 5);
    assert_eq!(keys(&f["general"]), sorted(&["4", "6", "12"]));
    assert_eq!(keys(&f["intensified"]), sorted(&["24", "12", "6"]));
    assert_eq!(keys(&f["general"]["4"]), sorted(&["exact", "rounded_up"]));
    assert_eq!(f["intensified"]["24"]["exact"], 5);
    assert_eq!(f["intensified"]["24"]["rounded_up"], 5);
    assert_eq!(f["intensified"]["12"]["exact"], 3.2);
    assert_eq!(f["intensified"]["12"]["rounded_up"], 4);

    let c = &v["conversations_per_day_needed"];
    assert_eq!(keys(c), sorted(&["fte", "general", "intensified"]));
    assert_eq!(c["fte"], 4);
    assert_eq!(c["intensified"]["6"]["exact"], 2.875);
    assert_eq!(c["intensified"]["6"]["rounded_up"], 3);

    let a = &v["adjusted"];
    assert_eq!(
        keys(a),
        sorted(&[
            "conversations_per_day",
            "conversations_per_day_from_minutes",
            "capacity_per_fte",
            "general",
            "intensified"
        ])
    );
    assert!(a["conversations_per_day_from_minutes"].is_null());
    assert_eq!(
        keys(&a["capacity_per_fte"]),
        sorted(&["spreadsheet", "all"])
    );
    let row = &a["intensified"]["24"];
    assert_eq!(
        keys(row),
        sorted(&[
            "conversations",
            "slots",
            "spreadsheet",
            "no_show",
            "conversation_length",
            "admin",
            "sickness",
            "all"
        ])
    );
    assert_eq!(row["slots"], 4125);
    assert_eq!(row["spreadsheet"]["exact"], 5);
    assert_eq!(row["no_show"]["exact"], 6.25);
    assert_eq!(row["no_show"]["rounded_up"], 7);
    assert_eq!(row["all"]["exact"], 6.25);
}

#[test]
fn json_with_factors_at_zero_matches_the_plain_spreadsheet() {
    let plain = json(&example_with(&["--conversations-per-day", "5"]));
    let zeros = json(&example_with(&[
        "--conversations-per-day",
        "5",
        "--no-show-rate",
        "0",
        "--admin-share",
        "0",
        "--sickness-share",
        "0",
    ]));
    for key in ["general", "intensified", "grid", "fte_needed"] {
        assert_eq!(plain[key], zeros[key], "{key}");
    }
}

// ---------------------------------------------------------------------------------------------
// --from a TOML file
// ---------------------------------------------------------------------------------------------

const TABLE: &str = "\
[ressourceberegner]
citizens = 330
conversation_days_per_week = 3
weeks_per_fte = 44
intensive_share = 0.30
conversations_per_day = 5
";

fn write(dir: &tempfile::TempDir, name: &str, text: &str) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write file");
    path.display().to_string()
}

#[test]
fn from_a_file_inside_a_scenario_gives_the_same_numbers_as_flags() {
    let dir = tempfile::tempdir().expect("temp dir");
    // The table sits in a full scenario file; every other table is ignored.
    let scenario = include_str!("../scenarios/default.toml");
    let file = write(&dir, "jobcenter.toml", &format!("{scenario}\n{TABLE}"));
    let from_file = json(&["calc".to_string(), "--from".to_string(), file.clone()]);
    let from_flags = json(&example_with(&["--conversations-per-day", "5"]));
    assert_eq!(from_file, from_flags);
}

#[test]
fn flags_override_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(&dir, "calc.toml", TABLE);
    let v = json(&[
        "calc".to_string(),
        "--from".to_string(),
        file,
        "--citizens".to_string(),
        "660".to_string(),
        "--conversations-per-day".to_string(),
        "4".to_string(),
    ]);
    assert_eq!(v["inputs"]["citizens"], 660);
    assert_eq!(v["general"]["4"], 2640);
    assert_eq!(v["fte_needed"]["conversations_per_day"], 4);
    // 6600 / (4 × 132) = 12.5
    assert_eq!(v["fte_needed"]["intensified"]["24"]["exact"], 12.5);
}

#[test]
fn a_bad_value_in_the_file_names_file_line_column_and_field() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = TABLE.replace("weeks_per_fte = 44", "weeks_per_fte = 0");
    let file = write(&dir, "calc.toml", &text);
    let (code, stderr) = run_bad(&["calc", "--from", &file]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("{file}:4:17:")), "{stderr}");
    assert!(
        stderr.contains("ressourceberegner.weeks_per_fte"),
        "{stderr}"
    );
    assert!(stderr.contains("more than 0"), "{stderr}");
}

#[test]
fn an_unknown_key_in_the_table_is_an_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = write(&dir, "calc.toml", &format!("{TABLE}citizen = 3\n"));
    let (code, stderr) = run_bad(&["calc", "--from", &file]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("{file}:7:1:")), "{stderr}");
    assert!(stderr.contains("unknown field `citizen`"), "{stderr}");
    assert!(
        stderr.contains("`citizens`"),
        "lists what is valid: {stderr}"
    );
}

#[test]
fn a_missing_key_in_the_file_names_key_and_flag() {
    let dir = tempfile::tempdir().expect("temp dir");
    let text = TABLE.replace("intensive_share = 0.30\n", "");
    let file = write(&dir, "calc.toml", &text);
    let (code, stderr) = run_bad(&["calc", "--from", &file]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains(&format!("{file}:1:1:")), "{stderr}");
    assert!(stderr.contains("intensive_share"), "{stderr}");
    assert!(stderr.contains("--intensive-share"), "{stderr}");
    // ... and the flag fills the gap.
    run_ok(&[
        "calc".to_string(),
        "--from".to_string(),
        file,
        "--intensive-share".to_string(),
        "0.3".to_string(),
    ]);
}

#[test]
fn a_file_without_the_table_or_unreadable_or_malformed_exits_2() {
    let dir = tempfile::tempdir().expect("temp dir");
    let no_table = write(&dir, "other.toml", "[scenario]\nname = \"x\"\n");
    let (code, stderr) = run_bad(&["calc", "--from", &no_table]);
    assert_eq!(code, 2);
    assert!(stderr.contains("no [ressourceberegner] table"), "{stderr}");

    let missing = dir.path().join("nope.toml").display().to_string();
    let (code, stderr) = run_bad(&["calc", "--from", &missing]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot read the file"), "{stderr}");

    let wrong_type = write(
        &dir,
        "type.toml",
        &TABLE.replace("citizens = 330", "citizens = \"330\""),
    );
    let (code, stderr) = run_bad(&["calc", "--from", &wrong_type]);
    assert_eq!(code, 2);
    assert!(stderr.contains(&format!("{wrong_type}:2:12:")), "{stderr}");
    assert!(stderr.contains("expected a number"), "{stderr}");
}

// ---------------------------------------------------------------------------------------------
// Bad flags
// ---------------------------------------------------------------------------------------------

#[test]
fn a_missing_spreadsheet_flag_is_named() {
    let (code, stderr) = run_bad(&["calc", "--citizens", "330", "--weeks-per-fte", "44"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("--conversation-days"), "{stderr}");
    assert!(stderr.contains("--intensive-share"), "{stderr}");
    assert!(!stderr.contains("error: --citizens"), "{stderr}");
    assert!(stderr.contains("2 problems"), "{stderr}");
}

#[test]
fn every_kind_of_bad_flag_exits_2_naming_the_flag_and_what_is_valid() {
    let cases: [(&str, &str, &str); 14] = [
        ("--citizens", "-5", "0 or more"),
        ("--intensive-share", "1.2", "from 0 to 1"),
        ("--intensive-share", "-0.1", "from 0 to 1"),
        ("--weeks-per-fte", "0", "more than 0"),
        ("--weeks-per-fte", "-44", "more than 0"),
        ("--conversation-days", "0", "at most 7"),
        ("--conversation-days", "8", "at most 7"),
        ("--no-show-rate", "1", "not including 1"),
        ("--admin-share", "1", "not including 1"),
        ("--sickness-share", "1.5", "not including 1"),
        ("--conversations-per-day", "0", "more than 0"),
        ("--fte", "-1", "more than 0"),
        ("--citizens", "NaN", "finite"),
        ("--conversation-minutes", "45", "--day-minutes"),
    ];
    for (flag, value, valid) in cases {
        let mut args: Vec<String> = example_with(&[]);
        match args.iter().position(|a| a == flag) {
            Some(i) => args[i + 1] = value.to_string(),
            None => args.extend([flag.to_string(), value.to_string()]),
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stderr) = run_bad(&args);
        assert_eq!(code, 2, "{flag} {value}: {stderr}");
        assert!(
            stderr.contains(&format!("error: {flag}:")),
            "{flag} {value}: {stderr}"
        );
        assert!(stderr.contains(valid), "{flag} {value}: {stderr}");
    }
}

#[test]
fn a_value_that_is_not_a_number_exits_2() {
    let mut args = example_with(&[]);
    args[2] = "mange".to_string();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, stderr) = run_bad(&args);
    assert_eq!(code, 2);
    assert!(stderr.contains("--citizens"), "{stderr}");
}
