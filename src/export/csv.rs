//! The CSV format for programs: one file per machine table (comma separator, decimal point,
//! empty cell for an undefined number); `--format csv` prints the first.

use super::{Cell, DataTable, Document, Exporter};

/// CSV files.
pub struct Csv;

impl Exporter for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn render(&self, doc: &Document) -> Option<Vec<u8>> {
        doc.data.first().map(|t| write(t).into_bytes())
    }

    fn files(&self, doc: &Document) -> Vec<(String, Vec<u8>)> {
        doc.data
            .iter()
            .map(|t| (format!("{}.csv", t.name), write(t).into_bytes()))
            .collect()
    }
}

/// A number for a CSV cell: empty when undefined.
pub fn cell(v: f64) -> String {
    super::finite(v).map_or(String::new(), |x| format!("{x}"))
}

fn text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Int(v) => v.to_string(),
        Cell::Num(v) | Cell::Measure(v, _) => cell(*v),
        Cell::Empty => String::new(),
    }
}

/// One table as CSV text.
pub fn write(t: &DataTable) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&t.columns);
    for row in &t.rows {
        let _ = w.write_record(row.iter().map(text));
    }
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}
