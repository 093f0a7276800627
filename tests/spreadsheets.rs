//! Results for spreadsheets: the `--xlsx` workbook of every command reads back (with calamine,
//! as another program would) with one sheet per CSV file, the same cells, and the numbers of the
//! JSON; `--csv-style excel-da` files read back to the same numbers as the standard CSV.

mod common;

use std::path::Path;

use calamine::{open_workbook, Data, Reader, Xlsx};
use common::{assert_exit, kapacitet, read_set};

/// One command line of each command, with the JSON file its `--out` set holds.
const LINES: [(&str, &str); 4] = [
    ("run scenarios/transition-in-step.toml -r 2", "summary.json"),
    ("compare scenarios/default.toml -r 2", "compare.json"),
    (
        "size scenarios/validation/mmc.toml --stage server --target liggetid<=0.5 -r 4",
        "size.json",
    ),
    (
        "calc --citizens 330 --conversation-days 3 --weeks-per-fte 44 --intensive-share 0.3 --conversations-per-day 6",
        "calc.json",
    ),
];

/// Run `line` with `extra` arguments and `--out DIR`; the set, by name.
fn run_into(line: &str, extra: &[&str], dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut args: Vec<&str> = line.split(' ').collect();
    args.extend(extra);
    args.extend(["--out", dir.to_str().expect("utf-8")]);
    assert_exit(&kapacitet(&args), 0);
    read_set(dir)
}

fn csv_rows(bytes: &[u8], separator: u8) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .map(|r| r.expect("CSV record").iter().map(str::to_string).collect())
        .collect()
}

/// A workbook cell against the CSV cell of the same table: numbers equal, text equal, empty
/// where the CSV is empty.
fn same_cell(cell: &Data, csv: &str) -> bool {
    match cell {
        Data::Empty => csv.is_empty(),
        Data::Float(v) => csv.parse::<f64>().is_ok_and(|c| c == *v),
        Data::Int(v) => csv.parse::<f64>().is_ok_and(|c| c == *v as f64),
        Data::String(s) => s == csv,
        _ => false,
    }
}

#[test]
fn the_workbook_holds_every_table_with_the_numbers_of_the_files() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (k, (line, json_name)) in LINES.iter().enumerate() {
        let book = tmp.path().join(format!("{k}.xlsx"));
        let out = tmp.path().join(format!("out{k}"));
        let set = run_into(line, &["--xlsx", book.to_str().unwrap()], &out);
        let mut wb: Xlsx<_> = open_workbook(&book).expect("the workbook opens");
        let csvs: Vec<&(String, Vec<u8>)> =
            set.iter().filter(|(n, _)| n.ends_with(".csv")).collect();
        let mut sheets = wb.sheet_names();
        let mut stems: Vec<String> = csvs
            .iter()
            .map(|(n, _)| n.trim_end_matches(".csv").to_string())
            .collect();
        sheets.sort();
        stems.sort();
        assert_eq!(sheets, stems, "{line}");
        for (name, bytes) in csvs {
            let rows = csv_rows(bytes, b',');
            let range = wb
                .worksheet_range(name.trim_end_matches(".csv"))
                .expect("sheet");
            let cells: Vec<&[Data]> = range.rows().collect();
            assert_eq!(cells.len(), rows.len(), "{line}: {name}");
            // Row 0 holds the headers for people; the data rows match cell by cell.
            for (i, (got, want)) in cells.iter().zip(&rows).enumerate().skip(1) {
                for (j, w) in want.iter().enumerate() {
                    let g = got.get(j).unwrap_or(&Data::Empty);
                    assert!(
                        same_cell(g, w),
                        "{line}: {name} row {i} col {j}: {g:?} vs {w:?}"
                    );
                }
            }
        }
        let json: serde_json::Value = serde_json::from_slice(
            &set.iter()
                .find(|(n, _)| n == json_name)
                .expect("JSON in the set")
                .1,
        )
        .expect("JSON");
        against_json(&mut wb, json_name, &json);
    }
}

/// Equal, but for the last bit: serde_json reads decimals without always rounding correctly.
fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= 1e-14 * b.abs().max(1.0),
        (a, b) => a == b,
    }
}

/// The workbook's numbers are the JSON's: key figures, compared means, candidates, the grid.
fn against_json(
    wb: &mut Xlsx<std::io::BufReader<std::fs::File>>,
    json_name: &str,
    json: &serde_json::Value,
) {
    let num = |d: &Data| match d {
        Data::Float(v) => Some(*v),
        Data::Int(v) => Some(*v as f64),
        _ => None,
    };
    let text = |d: &Data| d.to_string();
    let sheet = match json_name {
        "summary.json" => "kpis",
        "compare.json" => "compare",
        "size.json" => "size",
        _ => "calc_grid",
    };
    let range = wb.worksheet_range(sheet).expect("sheet");
    let mut seen = 0;
    for row in range.rows().skip(1) {
        let want = match json_name {
            "summary.json" => json["kpis"][text(&row[0])]["mean"].as_f64(),
            "compare.json" => {
                let key = text(&row[0]);
                let group = if key.starts_with("stages.") {
                    "stages"
                } else if key.starts_with("staff.") {
                    "staff"
                } else {
                    "kpis"
                };
                let item = key.split_once('.').map_or(key.as_str(), |(_, r)| r);
                let item = if group == "kpis" { key.as_str() } else { item };
                json[group][item]["by_strategy"][text(&row[2])]["mean"].as_f64()
            }
            "size.json" => {
                let e = json["evaluations"]
                    .as_array()
                    .and_then(|a| a.iter().find(|e| e["setting"].as_f64() == num(&row[0])));
                e.and_then(|e| e["targets"][0]["mean"].as_f64())
            }
            _ => {
                let r = num(&row[0]).unwrap_or(0.0) as usize - 1;
                json["grid"][r][2].as_f64()
            }
        };
        let column = match json_name {
            "summary.json" => 2,
            "size.json" => 7,
            _ => 3,
        };
        let got = num(&row[column]);
        if json_name == "summary.json" {
            let kpi = &json["kpis"][text(&row[0])];
            assert!(close(num(&row[3]), kpi["ci95_low"].as_f64()), "{row:?}");
            assert!(close(num(&row[4]), kpi["ci95_high"].as_f64()), "{row:?}");
        }
        assert!(close(got, want), "{json_name}: {row:?} against {want:?}");
        seen += 1;
    }
    assert!(seen > 0, "{json_name}: no rows");
}

#[test]
fn english_workbooks_have_english_headers_and_the_same_numbers() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (line, _) = LINES[0];
    let mut books = Vec::new();
    for lang in ["da", "en"] {
        let book = tmp.path().join(format!("{lang}.xlsx"));
        let mut args: Vec<&str> = line.split(' ').collect();
        args.extend(["--lang", lang, "--xlsx", book.to_str().unwrap()]);
        assert_exit(&kapacitet(&args), 0);
        let mut wb: Xlsx<_> = open_workbook(&book).expect("opens");
        books.push(wb.worksheet_range("kpis").expect("kpis"));
    }
    let head = |r: &calamine::Range<Data>| r.rows().next().map(|h| h[2].to_string());
    assert_eq!(head(&books[0]).as_deref(), Some("Gennemsnit"));
    assert_eq!(head(&books[1]).as_deref(), Some("Mean"));
    let numbers = |r: &calamine::Range<Data>| -> Vec<String> {
        r.rows()
            .skip(1)
            .flat_map(|row| row[2..].iter().map(|d| d.to_string()).collect::<Vec<_>>())
            .collect()
    };
    assert_eq!(numbers(&books[0]), numbers(&books[1]));
    let label = |r: &calamine::Range<Data>| r.rows().nth(1).map(|h| h[1].to_string());
    assert_eq!(
        label(&books[1]).as_deref(),
        Some("Mål 1: in company-based activation (end)")
    );
}

#[test]
fn excel_da_csv_reads_back_to_the_same_numbers() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (k, (line, _)) in LINES.iter().enumerate() {
        let plain = run_into(line, &[], &tmp.path().join(format!("plain{k}")));
        let danish = run_into(
            line,
            &["--csv-style", "excel-da"],
            &tmp.path().join(format!("da{k}")),
        );
        assert_eq!(plain.len(), danish.len());
        for ((name, p), (dname, d)) in plain.iter().zip(&danish) {
            assert_eq!(name, dname);
            if !name.ends_with(".csv") {
                assert_eq!(p, d, "{name} does not depend on the CSV style");
                continue;
            }
            let bom = "\u{feff}".as_bytes();
            assert!(d.starts_with(bom), "{name} starts with a byte order mark");
            let (p, d) = (csv_rows(p, b','), csv_rows(&d[bom.len()..], b';'));
            assert_eq!(p.len(), d.len(), "{name}");
            for (pr, dr) in p.iter().zip(&d) {
                assert_eq!(pr.len(), dr.len(), "{name}");
                for (pc, dc) in pr.iter().zip(dr) {
                    match pc.parse::<f64>() {
                        Ok(v) if !pc.is_empty() => {
                            assert!(!dc.contains('.'), "{name}: {dc} has a decimal point");
                            assert_eq!(dc.replace(',', ".").parse::<f64>().ok(), Some(v), "{name}");
                        }
                        _ => assert_eq!(pc, dc, "{name}"),
                    }
                }
            }
        }
    }
    let o = kapacitet(&[
        "calc",
        "--citizens",
        "330",
        "--conversation-days",
        "2.5",
        "--weeks-per-fte",
        "44",
        "--intensive-share",
        "0.3",
        "--format",
        "csv",
        "--csv-style",
        "excel-da",
    ]);
    assert_exit(&o, 0);
    let text = common::stdout(&o);
    assert!(text.starts_with('\u{feff}'), "{text}");
    assert!(
        text.contains("block;frequency;intensive;statutory;conversations"),
        "{text}"
    );
}

#[test]
fn a_workbook_that_cannot_be_written_is_refused_before_anything_runs() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path().to_str().unwrap();
    let missing = tmp.path().join("no/such/folder/book.xlsx");
    for target in [dir, missing.to_str().unwrap()] {
        let o = kapacitet(&[
            "run",
            "scenarios/validation/mmc.toml",
            "-r",
            "2",
            "--xlsx",
            target,
        ]);
        assert_exit(&o, 2);
        assert!(
            common::stderr(&o).contains("--xlsx"),
            "{}",
            common::stderr(&o)
        );
        assert!(o.stdout.is_empty());
    }
    // Written in one step: no temporary file is left beside it.
    let book = tmp.path().join("book.xlsx");
    let args = ["run", "scenarios/validation/mmc.toml", "-r", "2", "--xlsx"];
    let mut args: Vec<&str> = args.to_vec();
    args.push(book.to_str().unwrap());
    assert_exit(&kapacitet(&args), 0);
    let names: Vec<String> = read_set(tmp.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["book.xlsx"]);
}
