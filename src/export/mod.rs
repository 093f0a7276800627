//! Report writers, one file per format behind one function each: terminal table, JSON (a stable
//! contract, documented in docs/output-reference.md) and CSV; plus the files written to
//! `--out DIR`, always atomically.

pub mod compare;
pub mod csv;
pub mod json;
pub mod out_dir;
pub mod size;
pub mod table;

use crate::report::Report;

/// Output formats of `kapacitet run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

/// The report in `format`, ready to print.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Table => table::render(report),
        Format::Json => json::render(report),
        Format::Csv => csv::kpis(report),
    }
}

/// Every file `--out DIR` receives from `run`, by name.
pub fn run_files(report: &Report) -> Vec<(String, Vec<u8>)> {
    [
        ("summary.json", json::render(report)),
        ("kpis.csv", csv::kpis(report)),
        ("stages.csv", csv::stages(report)),
        ("staff.csv", csv::staff(report)),
        ("weekly.csv", csv::weekly(report)),
        ("monthly.csv", csv::monthly(report)),
        ("survival.csv", csv::survival(report)),
    ]
    .into_iter()
    .map(|(name, text)| (name.to_string(), text.into_bytes()))
    .collect()
}

/// A number for machines: NaN and infinities become `None` (JSON null, empty CSV cell).
pub fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}
