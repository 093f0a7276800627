//! A command's results in a form every exporter reads: the typed JSON contract (already
//! serialised), machine tables (one CSV file or workbook sheet each) and what people read
//! (headings, notes and tables, laid out by the format). A command builds one [`Document`]; each
//! format in [`crate::export`] turns it into its own bytes.

use crate::figures::Unit;
use crate::lang::{Lang, Text};

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
    /// Words for people in both languages: files for programs keep the Danish (a contract), a
    /// workbook shows the language asked for.
    Words(Text),
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

    /// A cell's text for people, in `lang`.
    pub fn words(&self, lang: Lang) -> Option<&str> {
        match self {
            Cell::Text(s) => Some(s),
            Cell::Words(t) => Some(t.get(lang)),
            _ => None,
        }
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
    /// Leading columns repeated in every piece when the table is cut to fit a terminal.
    pub keep: usize,
    pub rows: Vec<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: String,
    pub align: Align,
    pub min_width: usize,
    /// Spaces between this column and the one before it.
    pub gap: usize,
    /// Kept in the same piece as the column before it when a table is cut to fit.
    pub joined: bool,
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
            joined: false,
        }
    }

    /// This column kept with the one before it when the table is cut to fit.
    pub fn joined(mut self) -> Column {
        self.joined = true;
        self
    }

    /// A left-aligned column after a gap of `gap` spaces.
    pub fn left(header: impl Into<String>, min_width: usize, gap: usize) -> Column {
        Column {
            header: header.into(),
            align: Align::Left,
            min_width,
            gap,
            joined: false,
        }
    }
}

impl DisplayTable {
    pub fn new(columns: Vec<Column>, header: bool) -> DisplayTable {
        DisplayTable {
            columns,
            header,
            indent: 0,
            keep: 1,
            rows: Vec::new(),
        }
    }

    /// Lay the table out as lines of text, each ending in a newline and without trailing
    /// spaces, however wide it gets. Widths count characters, not bytes, because of æ, ø and å.
    /// A header may hold line breaks; its lines sit above the column, bottom-aligned.
    pub fn layout(&self) -> String {
        let width = |s: &str| s.chars().count();
        let widths: Vec<usize> = self
            .columns
            .iter()
            .enumerate()
            .map(|(j, c)| {
                let cells = self.rows.iter().filter_map(|r| r.get(j)).map(|s| width(s));
                let head = if self.header {
                    c.header.lines().map(width).max().unwrap_or(0)
                } else {
                    0
                };
                cells.chain([head, c.min_width]).max().unwrap_or(0)
            })
            .collect();
        let mut lines: Vec<Vec<String>> = Vec::new();
        if self.header {
            let depth = self
                .columns
                .iter()
                .map(|c| c.header.lines().count())
                .max()
                .unwrap_or(0)
                .max(1);
            for k in 0..depth {
                lines.push(
                    self.columns
                        .iter()
                        .map(|c| {
                            let parts: Vec<&str> = c.header.lines().collect();
                            // Bottom-aligned: a one-line header sits on the last header line.
                            let skip = depth - parts.len();
                            if k < skip {
                                String::new()
                            } else {
                                parts[k - skip].to_string()
                            }
                        })
                        .collect(),
                );
            }
        }
        lines.extend(self.rows.iter().cloned());
        let mut out = String::new();
        for row in &lines {
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

    /// Lay the table out within `limit` characters a line: as it is if it fits; else with one
    /// space between columns; else with headers over several lines; else with the first
    /// column's long cells over several lines too; else cut into pieces of whole column groups, one under the other, each repeating
    /// the first `keep` columns and laid out the same way. A single cell wider than the limit
    /// still overflows.
    pub fn layout_within(&self, limit: usize) -> String {
        if let Some(text) = self.fitted(limit) {
            return text;
        }
        self.pieces(limit)
            .iter()
            .map(|p| p.fitted(limit).unwrap_or_else(|| p.layout()))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The table within `limit` without cutting it: as it is, with one space between columns,
    /// then also with headers over several lines, then also with the first column's long cells
    /// over several lines; `None` if none fits.
    fn fitted(&self, limit: usize) -> Option<String> {
        let fits = |text: &str| text.lines().all(|l| l.chars().count() <= limit);
        let full = self.layout();
        if fits(&full) {
            return Some(full);
        }
        let mut tight = self.clone();
        for c in tight.columns.iter_mut().skip(1) {
            c.gap = c.gap.min(1);
        }
        let text = tight.layout();
        if fits(&text) {
            return Some(text);
        }
        let narrow = tight.with_wrapped_headers(limit);
        let text = narrow.layout();
        if fits(&text) {
            return Some(text);
        }
        let text = narrow.with_first_column_wrapped(limit)?.layout();
        fits(&text).then_some(text)
    }

    /// Headers wider than their column's cells broken at spaces, as narrow as their longest
    /// word: the one that saves most first, and only as many as it takes to fit `limit`.
    fn with_wrapped_headers(&self, limit: usize) -> DisplayTable {
        let mut t = self.clone();
        if !t.header {
            return t;
        }
        let len = |s: &str| s.chars().count();
        let widest = |t: &DisplayTable| t.layout().lines().map(len).max().unwrap_or(0);
        let mut savings: Vec<(usize, usize, String)> = Vec::new();
        for (j, c) in self.columns.iter().enumerate() {
            let cells = self
                .rows
                .iter()
                .filter_map(|r| r.get(j))
                .map(|s| len(s))
                .max()
                .unwrap_or(0)
                .max(c.min_width);
            // A line break the header was written with stays; words are never broken, and
            // short words share a line up to the longest word's width ("Samtaler" over "pr. år").
            let longest_word = c.header.split_whitespace().map(len).max().unwrap_or(0);
            let wrapped: Vec<String> = c
                .header
                .lines()
                .flat_map(|l| wrap_words(l, cells.max(longest_word), 0))
                .collect();
            let narrow = wrapped.iter().map(|l| len(l)).max().unwrap_or(0).max(cells);
            let wide = c.header.lines().map(len).max().unwrap_or(0).max(cells);
            if narrow < wide {
                savings.push((wide - narrow, j, wrapped.join("\n")));
            }
        }
        savings.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, j, header) in savings {
            if widest(&t) <= limit {
                break;
            }
            t.columns[j].header = header;
        }
        t
    }

    /// The first column, when it holds left-aligned words, broken at spaces so the table fits:
    /// a long label continues on the next line, indented, with the other cells empty. `None`
    /// when that would leave it narrower than 20 characters or than a word.
    fn with_first_column_wrapped(&self, limit: usize) -> Option<DisplayTable> {
        let first = self.columns.first()?;
        if first.align != Align::Left {
            return None;
        }
        let len = |s: &str| s.chars().count();
        let widest = self.layout().lines().map(len).max().unwrap_or(0);
        let current = self
            .rows
            .iter()
            .filter_map(|r| r.first())
            .map(|s| len(s))
            .max()?;
        let target = current.checked_sub(widest.saturating_sub(limit))?;
        let longest_word = self
            .rows
            .iter()
            .filter_map(|r| r.first())
            .flat_map(|s| s.split(' '))
            .map(len)
            .max()
            .unwrap_or(0);
        if target < 20.max(longest_word + 2) {
            return None;
        }
        let mut t = self.clone();
        t.rows = Vec::new();
        for row in &self.rows {
            let lines = wrap_words(row.first().map_or("", String::as_str), target, 2);
            for (k, line) in lines.into_iter().enumerate() {
                if k == 0 {
                    let mut r = row.clone();
                    r[0] = line;
                    t.rows.push(r);
                } else {
                    t.rows.push(vec![line]);
                }
            }
        }
        Some(t)
    }

    /// The table cut into pieces that each fit in `limit`, keeping the first `keep` columns in
    /// every piece and a column marked `joined` with the one before it.
    fn pieces(&self, limit: usize) -> Vec<DisplayTable> {
        let keep = self.keep.min(self.columns.len());
        let mut groups: Vec<Vec<usize>> = Vec::new();
        for j in keep..self.columns.len() {
            match groups.last_mut() {
                Some(g) if self.columns[j].joined => g.push(j),
                _ => groups.push(vec![j]),
            }
        }
        let piece = |cols: &[usize]| {
            let mut t = self.clone();
            t.columns = cols.iter().map(|&j| self.columns[j].clone()).collect();
            t.rows = self
                .rows
                .iter()
                .map(|r| {
                    cols.iter()
                        .map(|&j| r.get(j).cloned().unwrap_or_default())
                        .collect()
                })
                .collect();
            t
        };
        let fits = |cols: &[usize]| piece(cols).fitted(limit).is_some();
        let mut out: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = (0..keep).collect();
        for g in groups {
            let mut with = current.clone();
            with.extend(&g);
            if current.len() > keep && !fits(&with) {
                out.push(std::mem::replace(&mut current, (0..keep).collect()));
                current.extend(&g);
            } else {
                current = with;
            }
        }
        out.push(current);
        out.iter().map(|cols| piece(cols)).collect()
    }
}

/// `text` broken at spaces into lines of at most `width` characters (a longer word is broken
/// after a `.`, `=`, `/` or `_` where it can be, else stands on its own line); every line after
/// the first starts with `indent` spaces.
pub fn wrap_words(text: &str, width: usize, indent: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let room = width.saturating_sub(indent).max(1);
    for word in text
        .split(' ')
        .filter(|w| !w.is_empty())
        .flat_map(|w| split_long(w, room))
    {
        let lead = if lines.is_empty() { 0 } else { indent };
        let len =
            lead + line.chars().count() + usize::from(!line.is_empty()) + word.chars().count();
        if !line.is_empty() && len > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    let pad = " ".repeat(indent);
    lines
        .into_iter()
        .enumerate()
        .map(|(k, l)| if k == 0 { l } else { format!("{pad}{l}") })
        .collect()
}

/// Words up to this long are never broken.
const LONG_WORD: usize = 20;

/// A word longer than `room` (and than [`LONG_WORD`]) in pieces that end at a `.`, `=`, `/` or `_` (a setting's path
/// such as `stages.virksomhedscenter.capacity=110`); a word without such a place stays whole.
fn split_long(word: &str, room: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = word;
    // A short word (a file name such as "default.toml") reads better whole.
    if word.chars().count() <= room.max(LONG_WORD) {
        return vec![word];
    }
    while rest.chars().count() > room {
        let cut = rest
            .char_indices()
            .take_while(|(i, _)| rest[..*i].chars().count() < room)
            .filter(|(_, c)| matches!(c, '.' | '=' | '/' | '_'))
            .map(|(i, c)| i + c.len_utf8())
            .last();
        match cut {
            Some(i) if i < rest.len() => {
                out.push(&rest[..i]);
                rest = &rest[i..];
            }
            _ => break,
        }
    }
    out.push(rest);
    out
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

    #[test]
    fn a_wide_table_fits_by_tighter_gaps_and_two_line_headers_then_by_pieces() {
        let mut t = DisplayTable::new(
            vec![
                Column::left("Forløb", 0, 0),
                Column::right("Gennemsnitlig liggetid", 0, 2),
                Column::right("P90", 0, 2),
            ],
            true,
        );
        t.rows
            .push(vec!["Værksted".into(), "12,5".into(), "20,1".into()]);
        let text = t.layout_within(29);
        assert_eq!(
            text,
            "         Gennemsnitlig\nForløb        liggetid  P90\nVærksted          12,5 20,1\n"
        );
        let mut wide = DisplayTable::new(vec![Column::left("Tal", 0, 0)], true);
        for k in 0..6 {
            wide.columns
                .push(Column::right(format!("kolonne{k}"), 0, 2));
            let c = Column::right(format!("forskel{k}"), 0, 1).joined();
            wide.columns.push(c);
        }
        wide.rows.push((0..13).map(|k| format!("{k}")).collect());
        let text = wide.layout_within(40);
        assert!(text.lines().all(|l| l.chars().count() <= 40), "{text}");
        let pieces: Vec<&str> = text.split("\n\n").collect();
        assert!(pieces.len() > 1, "{text}");
        for p in &pieces {
            assert!(p.starts_with("Tal"), "{p}");
            // A column joined to the one before it stays beside it.
            assert_eq!(
                p.matches("kolonne").count(),
                p.matches("forskel").count(),
                "{p}"
            );
        }
    }

    #[test]
    fn a_wrapped_header_keeps_short_words_together_over_narrow_cells() {
        let mut t = DisplayTable::new(
            vec![
                Column::left("Samtalebehov", 0, 0),
                Column::right("Samtaler pr. år", 0, 2),
            ],
            true,
        );
        t.rows.push(vec!["Generelt".into(), "1.320".into()]);
        let text = t.layout_within(25);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].ends_with("Samtaler"), "{text}");
        assert!(lines[1].ends_with("  pr. år"), "{text}");
        assert!(lines.iter().all(|l| l.chars().count() <= 25), "{text}");
    }

    #[test]
    fn words_wrap_at_spaces_with_a_hanging_indent() {
        assert_eq!(
            wrap_words("en to tre fire", 7, 2),
            ["en to", "  tre", "  fire"]
        );
        assert_eq!(wrap_words("langtordentligt", 5, 0), ["langtordentligt"]);
        assert_eq!(
            wrap_words("stages.virksomhedscenter.capacity=110", 20, 0),
            ["stages.", "virksomhedscenter.", "capacity=110"]
        );
    }
}
