//! Writers. A command turns its results into one [`Document`] (see [`documents`]); every format
//! is one file here behind the one [`Exporter`] trait, so a new format (a workbook, a report) is
//! one new file that every command gets. `--format` picks the exporter that prints; `--out DIR`
//! collects the files of every exporter and writes them as one set ([`out_dir`]).

pub mod csv;
pub mod document;
pub mod documents;
pub mod json;
pub mod out_dir;
pub mod out_file;
pub mod table;
pub mod text;
pub mod xlsx;

pub use csv::CsvStyle;
pub use document::{Align, Block, Cell, Column, DataTable, DisplayTable, Document};

use crate::figures::Lang;

/// How the formats lay out what they write: the language people read (the document is built in
/// it; a workbook's headers follow it), whether terminal tables keep their full width, and the
/// CSV style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    pub lang: Lang,
    pub wide: bool,
    pub csv: CsvStyle,
}

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
    /// A table for people, in the language of --lang, within 100 columns unless --wide.
    #[default]
    Table,
    /// The stable JSON contract (docs/output-reference.md).
    Json,
    /// The first machine table as CSV (comma and decimal point; --csv-style excel-da for
    /// Danish Excel).
    Csv,
}

static TABLE: table::Table = table::Table(Some(table::WIDTH));
static TABLE_WIDE: table::Table = table::Table(None);
static CSV: csv::Csv = csv::Csv(CsvStyle::Standard);
static CSV_EXCEL_DA: csv::Csv = csv::Csv(CsvStyle::ExcelDa);
static XLSX: [xlsx::Xlsx; 2] = [xlsx::Xlsx(Lang::Da), xlsx::Xlsx(Lang::En)];

impl Format {
    /// The format's exporter in the default style.
    pub fn exporter(self) -> &'static dyn Exporter {
        self.styled(Style::default())
    }

    /// The format's exporter in `style`.
    pub fn styled(self, style: Style) -> &'static dyn Exporter {
        match self {
            Format::Table if style.wide => &TABLE_WIDE,
            Format::Table => &TABLE,
            Format::Json => &json::Json,
            Format::Csv => csv_exporter(style),
        }
    }
}

fn csv_exporter(style: Style) -> &'static dyn Exporter {
    match style.csv {
        CsvStyle::Standard => &CSV,
        CsvStyle::ExcelDa => &CSV_EXCEL_DA,
    }
}

/// The workbook writer for `--xlsx`, with headers in `lang`.
pub fn workbook(lang: Lang) -> &'static dyn Exporter {
    match lang {
        Lang::Da => &XLSX[0],
        Lang::En => &XLSX[1],
    }
}

/// Every format that fills `--out`, in the default style, in the order their files are written.
pub fn exporters() -> [&'static dyn Exporter; 3] {
    styled_exporters(Style::default())
}

/// Every format that fills `--out`, in `style`.
pub fn styled_exporters(style: Style) -> [&'static dyn Exporter; 3] {
    [
        Format::Table.styled(style),
        &json::Json,
        csv_exporter(style),
    ]
}

/// Every file `--out DIR` receives for `doc` from `exporters`, by name.
pub fn files(doc: &Document, exporters: &[&dyn Exporter]) -> Vec<(String, Vec<u8>)> {
    exporters.iter().flat_map(|e| e.files(doc)).collect()
}

/// A number for machines: NaN and infinities become `None` (JSON null, empty CSV cell).
pub fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}
