//! The workbook format (`--xlsx FILE`): one sheet per machine table of the document, named as
//! its CSV file, numbers stored as numbers with a number format from their unit (shares as
//! percent, kroner with thousands, days and other measures with one decimal, FTE with two).
//! A workbook stores numbers and formats apart from how they are shown, so it opens correctly
//! in Excel or LibreOffice in any locale, unlike a CSV file. Headers are in the language asked
//! for; the cells hold the same numbers as the CSV files and the JSON.

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use super::{Cell, DataTable, Document, Exporter};
use crate::figures::{Lang, Unit};

/// The workbook, with headers in a language.
pub struct Xlsx(pub Lang);

impl Exporter for Xlsx {
    fn name(&self) -> &'static str {
        "xlsx"
    }

    fn render(&self, doc: &Document) -> Option<Vec<u8>> {
        workbook(doc, self.0).ok()
    }

    /// A workbook is written only where `--xlsx` says; `--out` keeps its set of text files.
    fn files(&self, _doc: &Document) -> Vec<(String, Vec<u8>)> {
        Vec::new()
    }
}

/// Every machine table of `doc` as a sheet of one workbook.
pub fn workbook(doc: &Document, lang: Lang) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let head = Format::new().set_bold();
    for table in &doc.data {
        let sheet = book.add_worksheet();
        sheet.set_name(&table.name)?;
        write_table(sheet, table, lang, &head)?;
    }
    book.save_to_buffer()
}

fn write_table(
    sheet: &mut Worksheet,
    table: &DataTable,
    lang: Lang,
    head: &Format,
) -> Result<(), XlsxError> {
    for (j, name) in table.columns.iter().enumerate() {
        sheet.write_string_with_format(0, col(j), header(name, lang), head)?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = u32::try_from(i + 1).unwrap_or(u32::MAX);
        for (j, cell) in row.iter().enumerate() {
            match cell {
                Cell::Text(_) | Cell::Words(_) => {
                    sheet.write_string(r, col(j), cell.words(lang).unwrap_or_default())?;
                }
                Cell::Int(v) => {
                    sheet.write_number(r, col(j), *v as f64)?;
                }
                Cell::Num(v) if v.is_finite() => {
                    sheet.write_number(r, col(j), *v)?;
                }
                Cell::Measure(v, unit) if v.is_finite() => {
                    sheet.write_number_with_format(r, col(j), *v, &number_format(*unit))?;
                }
                Cell::Num(_) | Cell::Measure(..) | Cell::Empty => {}
            }
        }
    }
    let last_row = u32::try_from(table.rows.len()).unwrap_or(u32::MAX);
    let last_col = col(table.columns.len().saturating_sub(1));
    sheet.set_freeze_panes(1, 0)?;
    sheet.autofilter(0, 0, last_row, last_col)?;
    sheet.set_autofit_max_width(320);
    sheet.autofit();
    Ok(())
}

fn col(j: usize) -> u16 {
    u16::try_from(j).unwrap_or(u16::MAX)
}

/// The number format of a unit, in Excel's locale-free notation (the application shows it with
/// the reader's own decimal and thousands signs).
pub fn number_format(unit: Unit) -> Format {
    let code = match unit {
        Unit::Share => "0.0%",
        Unit::Dkk => "#,##0",
        Unit::Fte => "0.00",
        Unit::Count | Unit::Days | Unit::Weeks | Unit::PerMonth | Unit::Months => "#,##0.0",
    };
    Format::new().set_num_format(code)
}

/// A column's header for people; the column names of the CSV files are the contract, and a
/// column without a translation here keeps its name.
fn header(name: &str, lang: Lang) -> String {
    let (da, en) = match name {
        "key" => ("Nøgle", "Key"),
        "label" => ("Betegnelse", "Label"),
        "mean" => ("Gennemsnit", "Mean"),
        "ci95_low" => ("95 % KI fra", "95 % CI low"),
        "ci95_high" => ("95 % KI til", "95 % CI high"),
        "n" => ("Replikationer med tal", "Replications with a value"),
        "stage" => ("Forløb", "Stage"),
        "role" => ("Rolle", "Role"),
        "figure" => ("Tal", "Figure"),
        "week" => ("Uge", "Week"),
        "date" => ("Dato", "Date"),
        "month" => ("Måned", "Month"),
        "capacity" => ("Pladser", "Places"),
        "occupancy" => ("I brug", "In use"),
        "occupancy_mean" => ("I brug, gns. i måneden", "In use, month mean"),
        "queue" => ("Kø", "Queue"),
        "cost_dkk" => ("Udgift kr.", "Cost DKK"),
        "on_benefit" => ("På ydelse", "On benefit"),
        "input_curve" => ("Inputkurve", "Input curve"),
        "strategy" => ("Kolonne", "Column"),
        "difference" => ("Forskel", "Difference"),
        "difference_ci95_low" => ("Forskel 95 % KI fra", "Difference 95 % CI low"),
        "difference_ci95_high" => ("Forskel 95 % KI til", "Difference 95 % CI high"),
        "unpaired_ci95_half_width" => ("Uparret halv KI-bredde", "Unpaired CI half-width"),
        "close_month" => ("Lukkemåned", "Closing month"),
        "setting" => ("Indstilling", "Setting"),
        "replications" => ("Replikationer", "Replications"),
        "verdict" => ("Vurdering", "Verdict"),
        "target" => ("Krav", "Requirement"),
        "op" => ("Sammenligning", "Comparison"),
        "value" => ("Grænse", "Limit"),
        "target_verdict" => ("Kravets vurdering", "Requirement verdict"),
        "replications_missing" => ("Replikationer uden for kravet", "Replications missing it"),
        "block" => ("Blok", "Block"),
        "frequency" => ("Samtaler pr. år", "Conversations a year"),
        "intensive" => ("Intensive samtaler", "Intensive conversations"),
        "statutory" => ("Rettidige samtaler", "Statutory conversations"),
        "conversations" => ("Samtaler i alt", "Conversations in total"),
        "conversations_per_day" => ("Samtaler pr. dag", "Conversations a day"),
        other => return fte_header(other, lang).unwrap_or_else(|| other.to_string()),
    };
    lang.pick(da, en).to_string()
}

/// "fte_3" (a column of the ressourceberegner's grid) as "3 årsværk" or "3 FTE".
fn fte_header(name: &str, lang: Lang) -> Option<String> {
    let n = name.strip_prefix("fte_")?;
    Some(format!("{n} {}", Unit::Fte.suffix(lang)))
}
