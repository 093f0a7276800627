//! A command's results in a form every exporter reads: the typed JSON contract (already
//! serialised), machine tables (one CSV file or workbook sheet each) and what people read
//! (headings, notes and tables, laid out by the format). A command builds one [`Document`]; each
//! format in [`crate::export`] turns it into its own bytes.

use crate::figures::Unit;

/// The results of one command, ready for any format.
#[derive(Debug, Clone)]
pub struct Document {
    /// "run", "compare", "size" or "calc".
    pub command: &'static str,
    /// File name of the JSON in `--out`, e.g. "summary.json".
    pub json_name: &'static str,
    /// The JSON contract, pretty-printed, ending in a newline.
    pub json: String,
    /// Machine tables, in order; the first is what `--format csv` prints.
    pub data: Vec<DataTable>,
    /// What people read, in order.
    pub blocks: Vec<Block>,
}

/// A table for programs: named columns, typed cells.
#[derive(Debug, Clone, PartialEq)]
pub struct DataTable {
    /// File stem in `--out` ("kpis" → kpis.csv) and sheet name.
    pub name: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl DataTable {
    pub fn new(name: &str, columns: &[&str]) -> DataTable {
        DataTable {
            name: name.to_string(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<Cell>) {
        self.rows.push(row);
    }
}

/// One cell of a [`DataTable`].
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// A number; NaN and infinities are empty cells.
    Num(f64),
    /// A number in a unit (a share, days, kroner), so a workbook can format it.
    Measure(f64, Unit),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn int(v: impl TryInto<i64>) -> Cell {
        v.try_into().map_or(Cell::Empty, Cell::Int)
    }

    /// The number, if the cell holds a finite one.
    pub fn number(&self) -> Option<f64> {
        match *self {
            Cell::Int(v) => Some(v as f64),
            Cell::Num(v) | Cell::Measure(v, _) if v.is_finite() => Some(v),
            _ => None,
        }
    }
}

/// Something people read.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    /// Lines printed as written (a heading, a note, a conclusion); ends without a newline.
    Text(String),
    /// An empty line.
    Gap,
    Table(DisplayTable),
    /// A chart: drawn by the report and `--charts`; a terminal shows its table instead.
    Chart(Box<crate::export::charts::Chart>),
}

/// A table of formatted cells, each column aligned as it says; widths follow the widest cell, at
/// least `min_width`.
#[derive(Debug, Clone, PartialEq)]
pub struct DisplayTable {
    pub columns: Vec<Column>,
    /// Print the headers as the first line.
    pub header: bool,
    /// Spaces before every line.
    pub indent: usize,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub align: Align,
    pub min_width: usize,
    /// Spaces between this column and the one before it.
    pub gap: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

impl Column {
    /// A right-aligned column after a gap of `gap` spaces.
    pub fn right(header: impl Into<String>, min_width: usize, gap: usize) -> Column {
        Column {
            header: header.into(),
            align: Align::Right,
            min_width,
            gap,
        }
    }

    /// A left-aligned column after a gap of `gap` spaces.
    pub fn left(header: impl Into<String>, min_width: usize, gap: usize) -> Column {
        Column {
            header: header.into(),
            align: Align::Left,
            min_width,
            gap,
        }
    }
}

impl DisplayTable {
    pub fn new(columns: Vec<Column>, header: bool) -> DisplayTable {
        DisplayTable {
            columns,
            header,
            indent: 0,
            rows: Vec::new(),
        }
    }

    /// Lay the table out as lines of text, each ending in a newline and without trailing
    /// spaces. Widths count characters, not bytes, because of æ, ø and å.
    pub fn layout(&self) -> String {
        let width = |s: &str| s.chars().count();
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let cells = self.rows.iter().filter_map(|r| r.get(j)).map(|s| width(s));
                let head = if self.header { width(&c.header) } else { 0 };
                cells.chain([head, c.min_width]).max().unwrap_or(0)
            })
            .collect();
        let mut out = String::new();
        let header: Vec<String> = self.columns.iter().map(|c| c.header.clone()).collect();
        let lines = self.header.then_some(&header).into_iter().chain(&self.rows);
        for row in lines {
            let mut line = " ".repeat(self.indent);
            for (j, (column, w)) in self.columns.iter().zip(&widths).enumerate() {
                let cell = row.get(j).map_or("", String::as_str);
                let pad = " ".repeat(w.saturating_sub(width(cell)));
                if j > 0 {
                    line.push_str(&" ".repeat(column.gap));
                }
                match column.align {
                    Align::Left => {
                        line.push_str(cell);
                        line.push_str(&pad);
                    }
                    Align::Right => {
                        line.push_str(&pad);
                        line.push_str(cell);
                    }
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_take_the_widest_cell_counting_characters() {
        let mut t = DisplayTable::new(
            vec![Column::left("Forløb", 0, 0), Column::right("Kø", 4, 1)],
            true,
        );
        t.rows.push(vec!["Værksted".into(), "12,5".into()]);
        t.rows.push(vec!["VC".into(), "1".into()]);
        assert_eq!(t.layout(), "Forløb     Kø\nVærksted 12,5\nVC          1\n");
    }
}
