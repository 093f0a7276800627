//! The fuzz harness: one function per fuzz target, each taking raw bytes and panicking only
//! when kapacitet breaks a promise (a panic of its own, a hang caught by the fuzzer's timeout,
//! an error without words or place, JSON that does not parse, a run that is not repeatable).
//! The cargo-fuzz targets in `fuzz/fuzz_targets/` and the stable test `tests/fuzz_harness.rs`
//! both include this file, so what the fuzzer explores is what `cargo test` keeps checking.
//! It uses only kapacitet's public API.

// Each fuzz target uses one function of this file; the others are not dead, just elsewhere.
#![allow(dead_code)]

use std::sync::OnceLock;

use kapacitet::calendar::Calendar;
use kapacitet::export::{self, documents, Format};
use kapacitet::figures::Lang;
use kapacitet::model::Model;
use kapacitet::ressourceberegner::{self as calc, Field, PartialInputs, Place, Source};
use kapacitet::scenario::{self, ScenarioError};
use kapacitet::{compare, report, runner, sizing};

/// The shipped scenarios, as (name, text): the seed corpus and the models `size_target` uses.
pub const SHIPPED: [(&str, &str); 5] = [
    ("default.toml", include_str!("../scenarios/default.toml")),
    ("aarhus.toml", include_str!("../scenarios/aarhus.toml")),
    (
        "transition-in-step.toml",
        include_str!("../scenarios/transition-in-step.toml"),
    ),
    (
        "transition-nyborg.toml",
        include_str!("../scenarios/transition-nyborg.toml"),
    ),
    ("mmc.toml", include_str!("../scenarios/validation/mmc.toml")),
];

/// The name a fuzzed scenario goes by in messages.
const FILE: &str = "fuzz.toml";

/// Replications in `scenario_run`: two, so every interval has a width.
pub const RUN_REPLICATIONS: u32 = 2;

/// Scale caps for `scenario_run`, so one execution takes milliseconds. Only the size of the
/// run is capped; every other value stays as written, so the engine meets the odd ones.
pub const MAX_WARMUP_DAYS: f64 = 14.0;
pub const MAX_HORIZON_DAYS: f64 = 70.0;
pub const MAX_STOCK: u32 = 40;
pub const MAX_PER_MONTH: f64 = 40.0;

/// Weekday keys in the order `Calendar::new` takes them (Monday first).
const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

fn text_of(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data).ok()
}

// ---------------------------------------------------------------------------------------------
// scenario_check
// ---------------------------------------------------------------------------------------------

/// Scenario bytes → load and validate. Never panics; every problem says what is wrong, and a
/// problem that names a field says where (line and column inside the text).
pub fn scenario_check(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    match scenario::load_str(text, FILE) {
        Ok(model) => {
            assert!(!model.name.trim().is_empty(), "a valid model has a name");
            for w in &model.warnings {
                assert!(!w.da.trim().is_empty(), "an empty warning");
                assert!(!w.en.trim().is_empty(), "an empty warning");
            }
        }
        Err(e) => check_scenario_error(text, &e),
    }
}

/// What `kapacitet check` promises about its messages.
pub fn check_scenario_error(text: &str, e: &ScenarioError) {
    assert_eq!(e.file, FILE);
    assert!(!e.problems.is_empty(), "an error with no problem in it");
    let line_lengths: Vec<usize> = text.split('\n').map(|l| l.chars().count()).collect();
    for p in &e.problems {
        assert!(
            !p.message.trim().is_empty(),
            "a problem without a message: {p:?}"
        );
        if !p.field.is_empty() {
            assert!(
                p.location.is_some(),
                "field `{}` is named but not located: {p:?}",
                p.field
            );
        }
        if let Some(l) = p.location {
            assert!(
                l.line >= 1 && l.line <= line_lengths.len(),
                "line {} outside the text of {} lines: {p:?}",
                l.line,
                line_lengths.len()
            );
            let width = line_lengths[l.line - 1];
            assert!(
                l.column >= 1 && l.column <= width + 1,
                "column {} outside line {} of {width} characters: {p:?}",
                l.column,
                l.line
            );
        }
    }
    let shown = e.to_string();
    assert!(shown.contains(FILE), "the message does not name the file");
    assert!(shown.lines().count() >= e.problems.len());
}

// ---------------------------------------------------------------------------------------------
// scenario_run
// ---------------------------------------------------------------------------------------------

/// Scenario bytes → load, validate, cap the scale, run two replications on one thread, build
/// the report and render every output in memory; the JSON must parse and hold only finite
/// numbers, and a second run must give the same bytes.
pub fn scenario_run(data: &[u8]) {
    let Some(text) = text_of(data) else { return };
    let Ok(model) = scenario::load_str(text, FILE) else {
        return;
    };
    let model = capped(text, model);
    let first = run_and_render(&model);
    let second = run_and_render(&model);
    assert!(
        first == second,
        "two runs of the same model and seed differ"
    );
}

/// `model` with the scale of its run capped (see [`MAX_HORIZON_DAYS`] and the rest).
pub fn capped(text: &str, mut model: Model) -> Model {
    model.replications = RUN_REPLICATIONS;
    model.warmup_days = model.warmup_days.min(MAX_WARMUP_DAYS);
    model.horizon_days = model.horizon_days.min(MAX_HORIZON_DAYS);
    if let Some(stock) = model.stock.as_mut() {
        stock.count = stock.count.min(MAX_STOCK);
    }
    model.arrivals.new_per_month = model.arrivals.new_per_month.min(MAX_PER_MONTH);
    model.arrivals.returners_per_month = model.arrivals.returners_per_month.min(MAX_PER_MONTH);
    // The calendar is tabulated over the run, so a shorter run gets a shorter table, built
    // from the file's working days and closed weeks as the loader builds it.
    let raw = scenario::parse_str(text, FILE).expect("a scenario that loads also parses");
    let mut working = [false; 7];
    for day in &raw.calendar.working_days {
        if let Some(d) = WEEKDAYS.iter().position(|w| w == day) {
            working[d] = true;
        }
    }
    let closed: Vec<u32> = raw
        .calendar
        .closed_weeks
        .iter()
        .filter(|w| (1..=53).contains(*w))
        .map(|&w| w as u32)
        .collect();
    let days = (model.warmup_days + model.horizon_days).ceil() as usize + 8;
    model.calendar = Calendar::new(model.calendar.start_date(), days, working, &closed);
    model
}

/// Every text `kapacitet run` prints or writes with `--out`, in a fixed order.
/// A run the engine had to stop (citizens going round stages for ever) renders
/// nothing: `kapacitet run` exits 1 with the message, which must say where.
pub fn run_and_render(model: &Model) -> Vec<(String, String)> {
    let reps = match runner::run_replications(model, RUN_REPLICATIONS, model.seed, Some(1), &|| {})
    {
        Ok(reps) => reps,
        Err(e) => {
            assert!(
                e.contains("far more than a job centre moves"),
                "run failed: {e}"
            );
            return Vec::new();
        }
    };
    assert_eq!(reps.len(), RUN_REPLICATIONS as usize);
    let mut report = report::build(model, model.seed, &reps);
    let mut outputs = Vec::new();
    for toggled in [false, true] {
        if toggled {
            report.show_monthly = !report.show_monthly;
        }
        for lang in [Lang::Da, Lang::En] {
            let doc = documents::run::document(&report, lang);
            for format in [Format::Table, Format::Json, Format::Csv] {
                let bytes = format.exporter().render(&doc).unwrap_or_default();
                let text = String::from_utf8(bytes).expect("output is UTF-8");
                assert!(!text.trim().is_empty(), "{format:?} is empty");
                outputs.push((format!("{format:?}").to_lowercase(), text));
            }
            for (name, bytes) in export::files(&doc, &export::exporters()) {
                outputs.push((name, String::from_utf8(bytes).expect("file is UTF-8")));
            }
        }
    }

    let names = model_names(model);
    for (name, text) in &outputs {
        if name.ends_with("json") {
            check_json(name, text);
        } else if name.ends_with(".csv") || name == "csv" {
            check_csv(name, text, &names);
        }
    }
    outputs
}

/// Names and labels written in the scenario, which may spell anything, even "NaN".
fn model_names(model: &Model) -> Vec<String> {
    let mut names = vec![model.name.clone(), model.description.clone()];
    for s in &model.stages {
        names.extend([s.name.clone(), s.label.clone()]);
    }
    for s in &model.segments {
        names.extend([s.name.clone(), s.label.clone()]);
    }
    for r in &model.staff {
        names.extend([r.name.clone(), r.label.clone()]);
    }
    names
}

/// Parses, and holds only finite numbers (serde_json writes NaN as null, so a non-finite
/// number could only come from text put together by hand).
pub fn check_json(name: &str, text: &str) {
    let value: serde_json::Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{name} is not JSON ({e}):\n{text}"));
    fn walk(name: &str, v: &serde_json::Value) {
        match v {
            serde_json::Value::Number(n) => assert!(
                n.as_f64().is_some_and(f64::is_finite),
                "{name}: the number {n} is not finite"
            ),
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk(name, x)),
            serde_json::Value::Object(o) => o.values().for_each(|x| walk(name, x)),
            _ => {}
        }
    }
    walk(name, &value);
}

/// Parses as CSV with one width, and writes an undefined number as an empty cell, never as
/// NaN or inf (docs/output-reference.md).
fn check_csv(name: &str, text: &str, names: &[String]) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    for record in reader.records() {
        let record = record.unwrap_or_else(|e| panic!("{name} is not CSV ({e}):\n{text}"));
        for cell in &record {
            let number_like = matches!(
                cell.trim().to_ascii_lowercase().as_str(),
                "nan" | "inf" | "-inf" | "+inf" | "infinity" | "-infinity"
            );
            assert!(
                !number_like || names.iter().any(|n| n == cell),
                "{name}: a cell reads \"{cell}\":\n{text}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// size_target
// ---------------------------------------------------------------------------------------------

/// The shipped scenarios as models, loaded once.
fn shipped_models() -> &'static [Model] {
    static MODELS: OnceLock<Vec<Model>> = OnceLock::new();
    MODELS.get_or_init(|| {
        SHIPPED
            .iter()
            .map(|(name, text)| {
                scenario::load_str(text, name).unwrap_or_else(|e| panic!("{name}: {e}"))
            })
            .collect()
    })
}

/// Bytes → `kapacitet size`'s target parser, and the other arguments read as text (month,
/// `--vary`, strategy names). The first bytes choose the model and the stage and role being
/// sized; the rest is the text. Never panics; an error is a sentence; a target is finite.
pub fn size_target(data: &[u8]) {
    let [m, s, r, rest @ ..] = data else { return };
    let text = String::from_utf8_lossy(rest);
    let models = shipped_models();
    let model = &models[usize::from(*m) % models.len()];
    // One choice in each range means "nothing sized".
    let stage =
        Some(usize::from(*s) % (model.stages.len() + 1)).filter(|&i| i < model.stages.len());
    let role = Some(usize::from(*r) % (model.staff.len() + 1)).filter(|&i| i < model.staff.len());
    match sizing::parse_target(model, &text, stage, role) {
        Ok(t) => {
            assert!(!t.metric.key(model).is_empty());
            assert!(
                t.value.is_finite(),
                "target {text:?} parses to the value {}",
                t.value
            );
            let _ = t.is_edge();
        }
        Err(e) => assert!(!e.trim().is_empty(), "an empty error for target {text:?}"),
    }
    let _ = sizing::month_index(model, &text);
    if let Err(e) = compare::parse_vary(&text) {
        assert!(!e.trim().is_empty(), "an empty error for --vary {text:?}");
    }
    if let Err(e) = compare::resolve(model, &[text.to_string()]) {
        assert!(
            !e.trim().is_empty(),
            "an empty error for --strategy {text:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// calc_inputs
// ---------------------------------------------------------------------------------------------

/// Values that sit on or just beside the calculator's limits, or break arithmetic.
const EDGES: [f64; 24] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    0.3,
    0.5,
    0.999_999_999_999,
    1.0 - f64::EPSILON,
    3.0,
    7.0,
    7.000_000_1,
    43.0,
    44.0,
    53.0,
    330.0,
    1440.0,
    1e-300,
    f64::MIN_POSITIVE,
    5e-324,
    1e308,
    f64::MAX,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
];

/// Reads one number: the first byte says how (an edge value, a small whole number, a share
/// in 1/255 steps, or eight bytes of an f64), so mutations reach both limits and raw bits.
fn next_number(bytes: &mut &[u8]) -> Option<f64> {
    let (&how, rest) = bytes.split_first()?;
    *bytes = rest;
    let (&b, rest) = bytes.split_first()?;
    let v = match how % 4 {
        0 => EDGES[usize::from(b) % EDGES.len()],
        1 => f64::from(b),
        2 => f64::from(b) / 255.0,
        _ => {
            let (raw, rest) = bytes.split_at_checked(8)?;
            *bytes = rest;
            return Some(f64::from_le_bytes(raw.try_into().ok()?));
        }
    };
    *bytes = rest;
    Some(v)
}

/// Bytes → the calculator's inputs. With an even first byte, two bytes say which of the
/// eleven inputs are given and the rest are their numbers, as flags would give them; with an
/// odd first byte, the rest is a TOML file read with `--from`. Then validate, compute and
/// render the table and the JSON: never a panic, JSON with finite numbers only.
pub fn calc_inputs(data: &[u8]) {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let result = if mode % 2 == 0 {
        let flags = flags_from(rest);
        calc::resolve(&flags, None)
    } else {
        let text = String::from_utf8_lossy(rest);
        calc::resolve(
            &PartialInputs::default(),
            Some(Source {
                name: FILE,
                text: &text,
            }),
        )
    };
    match result {
        Ok(valid) => {
            let calculation = calc::compute(&valid);
            for lang in [Lang::Da, Lang::En] {
                let doc = documents::calc::document(&calculation, lang);
                let table =
                    String::from_utf8(Format::Table.exporter().render(&doc).unwrap_or_default())
                        .expect("UTF-8");
                assert!(!table.trim().is_empty());
            }
            let doc = documents::calc::document(&calculation, Lang::Da);
            let json = doc.json.clone();
            check_json("calc json", &json);
        }
        Err(e) => {
            assert!(!e.problems.is_empty(), "an error with no problem in it");
            for p in &e.problems {
                assert!(
                    !p.message.trim().is_empty(),
                    "a problem without words: {p:?}"
                );
                if let Place::File {
                    field, location, ..
                } = &p.place
                {
                    assert!(
                        field.is_empty() || location.is_some(),
                        "field `{field}` is named but not located: {p:?}"
                    );
                }
            }
            let _ = e.to_string();
        }
    }
}

/// The flags `kapacitet calc` could be given, read from bytes (see [`calc_inputs`]).
pub fn flags_from(bytes: &[u8]) -> PartialInputs {
    let mut flags = PartialInputs::default();
    let Some((mask, mut rest)) = bytes.split_at_checked(2) else {
        return flags;
    };
    let mask = u16::from_le_bytes([mask[0], mask[1]]);
    for (i, field) in Field::ALL.into_iter().enumerate() {
        if mask & (1 << i) == 0 {
            continue;
        }
        let Some(v) = next_number(&mut rest) else {
            break;
        };
        *slot(&mut flags, field) = Some(v);
    }
    flags
}

fn slot(flags: &mut PartialInputs, field: Field) -> &mut Option<f64> {
    match field {
        Field::Citizens => &mut flags.citizens,
        Field::ConversationDaysPerWeek => &mut flags.conversation_days_per_week,
        Field::WeeksPerFte => &mut flags.weeks_per_fte,
        Field::IntensiveShare => &mut flags.intensive_share,
        Field::ConversationsPerDay => &mut flags.conversations_per_day,
        Field::Fte => &mut flags.fte,
        Field::NoShowRate => &mut flags.no_show_rate,
        Field::ConversationMinutes => &mut flags.conversation_minutes,
        Field::DayMinutes => &mut flags.day_minutes,
        Field::AdminShare => &mut flags.admin_share,
        Field::SicknessShare => &mut flags.sickness_share,
    }
}

/// Bytes for [`calc_inputs`] that give these flags, each as eight raw bytes: for tests that
/// pick the numbers themselves.
pub fn calc_bytes(values: &[(Field, f64)]) -> Vec<u8> {
    let mut mask = 0u16;
    let mut numbers = Vec::new();
    for (i, field) in Field::ALL.into_iter().enumerate() {
        if let Some((_, v)) = values.iter().find(|(f, _)| *f == field) {
            mask |= 1 << i;
            numbers.push(3u8);
            numbers.extend_from_slice(&v.to_le_bytes());
        }
    }
    let mut bytes = vec![0u8];
    bytes.extend_from_slice(&mask.to_le_bytes());
    bytes.extend(numbers);
    bytes
}

// ---------------------------------------------------------------------------------------------
// A mutator that knows where the numbers are
// ---------------------------------------------------------------------------------------------

/// Byte ranges of the numbers written as values in a scenario (outside strings and comments).
pub fn numbers_in(text: &str) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let mut in_string = false;
        let mut prev = b' ';
        let mut i = 0;
        let l = line.as_bytes();
        while i < l.len() {
            let c = l[i];
            if c == b'"' {
                in_string = !in_string;
            } else if !in_string && c == b'#' {
                break;
            } else if !in_string
                && (c.is_ascii_digit() || c == b'-')
                && matches!(prev, b'=' | b'[' | b',' | b'{' | b' ')
            {
                let start = i;
                while i < l.len()
                    && (l[i].is_ascii_digit() || matches!(l[i], b'.' | b'e' | b'E' | b'-' | b'+'))
                {
                    i += 1;
                }
                if bytes[offset + start..offset + i]
                    .iter()
                    .any(u8::is_ascii_digit)
                {
                    found.push(offset + start..offset + i);
                }
                prev = b'0';
                continue;
            }
            if c != b' ' {
                prev = c;
            }
            i += 1;
        }
        offset += line.len();
    }
    found
}

/// Byte ranges of the quoted dates and months (`"2024-01-01"`, `"2011-03"`), inside the quotes.
pub fn dates_in(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut found = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c != '"' {
            continue;
        }
        match start.take() {
            None => start = Some(i + 1),
            Some(s) => {
                let inner = &text[s..i];
                let digits = inner.trim_start_matches(['+', '-']);
                let parts: Vec<&str> = digits.split('-').collect();
                if (2..=3).contains(&parts.len())
                    && parts
                        .iter()
                        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                {
                    found.push(s..i);
                }
            }
        }
    }
    found
}

/// Numbers a mutation writes in place of one in the file: the edges of every range the
/// loader checks and of the types behind them.
const NUMBERS: [&str; 30] = [
    "0",
    "-0.0",
    "1",
    "-1",
    "0.5",
    "2",
    "7",
    "1e-7",
    "1e-300",
    "5e-324",
    "1e6",
    "1e8",
    "1e9",
    "1e12",
    "1e15",
    "1e18",
    "1e300",
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "nan",
    "inf",
    "-inf",
    "4294967295",
    "4294967296",
    "9223372036854775807",
    "100000",
    "1000000",
    "3120",
    "0.999999",
];

/// Dates at the ends of what the calendar library holds.
const DATES: [&str; 8] = [
    "+262142-12-20",
    "+262142-01-01",
    "-262143-01-01",
    "+262142-12",
    "9999-12-31",
    "0000-01-01",
    "2024-02-29",
    "2023-02-29",
];

/// Replaces one number (or date) of a scenario with an edge value or a random magnitude, so
/// the fuzzer reaches value-dependent failures in a text format, where byte mutations
/// rarely turn `5` into `1e12`. Returns the new size, or None when the input has nothing to
/// replace or would grow past `max_size`.
pub fn mutate_value(data: &mut [u8], size: usize, max_size: usize, seed: u32) -> Option<usize> {
    let text = std::str::from_utf8(&data[..size]).ok()?;
    let mut state = u64::from(seed) | 1 << 40;
    let mut next = || {
        // xorshift64: cheap and good enough to pick positions and values.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (spans, value) = if next() % 8 == 0 {
        let spans = dates_in(text);
        let v = DATES[next() as usize % DATES.len()].to_string();
        (spans, v)
    } else {
        let spans = numbers_in(text);
        let v = if next() % 3 == 0 {
            let sign = if next() % 4 == 0 { "-" } else { "" };
            format!("{sign}{}e{}", 1 + next() % 9, (next() % 641) as i64 - 320)
        } else {
            NUMBERS[next() as usize % NUMBERS.len()].to_string()
        };
        (spans, v)
    };
    if spans.is_empty() {
        return None;
    }
    let r = spans[next() as usize % spans.len()].clone();
    let new_size = size - r.len() + value.len();
    if new_size > max_size {
        return None;
    }
    let tail = data[r.end..size].to_vec();
    data[r.start..r.start + value.len()].copy_from_slice(value.as_bytes());
    data[r.start + value.len()..new_size].copy_from_slice(&tail);
    Some(new_size)
}
