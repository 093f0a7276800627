//! Writers. A command turns its results into one [`Document`] (see [`documents`]); every format
//! is one file here behind the one [`Exporter`] trait, so a new format (a workbook, a report) is
//! one new file that every command gets. `--format` picks the exporter that prints; `--out DIR`
//! collects the files of every exporter and writes them as one set ([`out_dir`]).

pub mod chart_files;
pub mod charts;
pub mod csv;
pub mod document;
pub mod documents;
pub mod html;
pub mod json;
pub mod method;
pub mod out_dir;
pub mod out_file;
pub mod table;
pub mod text;

pub use document::{Align, Block, Cell, Column, DataTable, DisplayTable, Document};

/// One output format.
pub trait Exporter {
    /// The format's name, as `--format` takes it.
    fn name(&self) -> &'static str;

    /// The whole document as one stream (standard output, or a single file), if the format
    /// has one.
    fn render(&self, doc: &Document) -> Option<Vec<u8>>;

    /// The files this format adds to `--out DIR`, by name.
    fn files(&self, doc: &Document) -> Vec<(String, Vec<u8>)>;
}

/// Formats `--format` offers on standard output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// A table for people (Danish number style).
    #[default]
    Table,
    /// The stable JSON contract (docs/output-reference.md).
    Json,
    /// The first machine table as CSV (comma, decimal point).
    Csv,
}

impl Format {
    pub fn exporter(self) -> &'static dyn Exporter {
        match self {
            Format::Table => &table::Table,
            Format::Json => &json::Json,
            Format::Csv => &csv::Csv,
        }
    }
}

/// Every format, in the order their files are written.
pub fn exporters() -> [&'static dyn Exporter; 3] {
    [&table::Table, &json::Json, &csv::Csv]
}

/// Every file `--out DIR` receives for `doc` from `exporters`, by name.
pub fn files(doc: &Document, exporters: &[&dyn Exporter]) -> Vec<(String, Vec<u8>)> {
    exporters.iter().flat_map(|e| e.files(doc)).collect()
}

/// A number for machines: NaN and infinities become `None` (JSON null, empty CSV cell).
pub fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}
