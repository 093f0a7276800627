//! The CSV format: one file per machine table; `--format csv` prints the first. The standard
//! style is for programs (comma separator, decimal point, empty cell for an undefined number);
//! `--csv-style excel-da` is for a spreadsheet in Danish settings (semicolon separator, decimal
//! comma and a UTF-8 byte order mark, so Excel opens it in columns with æ, ø and å intact). The
//! columns and the numbers are the same in both: only how they are written differs.

use super::{Cell, DataTable, Document, Exporter};

/// How CSV is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CsvStyle {
    /// Comma separator and decimal point, for programs.
    #[default]
    Standard,
    /// Semicolon separator, decimal comma and a UTF-8 byte order mark, for Danish Excel.
    #[value(name = "excel-da")]
    ExcelDa,
}

impl CsvStyle {
    fn separator(self) -> u8 {
        match self {
            CsvStyle::Standard => b',',
            CsvStyle::ExcelDa => b';',
        }
    }
}

/// The byte order mark that tells Excel a CSV file is UTF-8.
pub const BOM: &str = "\u{feff}";

/// CSV files in one style.
pub struct Csv(pub CsvStyle);

impl Exporter for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn render(&self, doc: &Document) -> Option<Vec<u8>> {
        doc.data.first().map(|t| write_in(t, self.0).into_bytes())
    }

    fn files(&self, doc: &Document) -> Vec<(String, Vec<u8>)> {
        doc.data
            .iter()
            .map(|t| (format!("{}.csv", t.name), write_in(t, self.0).into_bytes()))
            .collect()
    }
}

/// A number for a CSV cell: empty when undefined.
pub fn cell(v: f64) -> String {
    super::finite(v).map_or(String::new(), |x| format!("{x}"))
}

fn text(c: &Cell, style: CsvStyle) -> String {
    let number = |v: f64| match style {
        CsvStyle::Standard => cell(v),
        CsvStyle::ExcelDa => cell(v).replace('.', ","),
    };
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Words(t) => t.da.clone(),
        Cell::Int(v) => v.to_string(),
        Cell::Num(v) | Cell::Measure(v, _) => number(*v),
        Cell::Empty => String::new(),
    }
}

/// One table as CSV text in the standard style.
pub fn write(t: &DataTable) -> String {
    write_in(t, CsvStyle::Standard)
}

/// One table as CSV text in `style`.
pub fn write_in(t: &DataTable, style: CsvStyle) -> String {
    let mut w = csv::WriterBuilder::new()
        .delimiter(style.separator())
        .from_writer(Vec::new());
    let _ = w.write_record(&t.columns);
    for row in &t.rows {
        let _ = w.write_record(row.iter().map(|c| text(c, style)));
    }
    let body = w
        .into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default();
    match style {
        CsvStyle::Standard => body,
        CsvStyle::ExcelDa => format!("{BOM}{body}"),
    }
}
