//! The terminal format: the document's headings, notes and tables for people, laid out in
//! columns. By default every line fits a terminal of [`WIDTH`] characters: notes are wrapped at
//! spaces and a wider table is narrowed or cut into pieces ([`super::DisplayTable::layout_within`]);
//! `--wide` prints every table and note at its full width. Prints only; `--out` gets no file.

use super::{Block, Document, Exporter};

/// The terminal width every line fits by default.
pub const WIDTH: usize = 100;

/// The terminal table: within `Some(width)` characters a line, or at full width.
pub struct Table(pub Option<usize>);

impl Exporter for Table {
    fn name(&self) -> &'static str {
        "table"
    }

    fn render(&self, doc: &Document) -> Option<Vec<u8>> {
        Some(render_within(&doc.blocks, self.0).into_bytes())
    }

    fn files(&self, _doc: &Document) -> Vec<(String, Vec<u8>)> {
        Vec::new()
    }
}

/// The blocks as text at full width, each text block on its own lines.
pub fn render(blocks: &[Block]) -> String {
    render_within(blocks, None)
}

/// The blocks as text, every line within `width` characters when one is given.
pub fn render_within(blocks: &[Block], width: Option<usize>) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Text(t) => {
                for line in t.split('\n') {
                    for part in wrap_line(line, width) {
                        out.push_str(&part);
                        out.push('\n');
                    }
                }
            }
            Block::Gap => out.push('\n'),
            Block::Table(t) => out.push_str(&match width {
                Some(w) => t.layout_within(w),
                None => t.layout(),
            }),
        }
    }
    out
}

/// Lines of text broken at spaces to fit `width` (a status line, not a document).
pub fn fit_text(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| wrap_line(line, Some(width)).join("\n"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A line of a note broken at spaces to fit `width`; an indented line (a list item) continues
/// two spaces further in.
fn wrap_line(line: &str, width: Option<usize>) -> Vec<String> {
    match width {
        Some(w) if line.chars().count() > w => {
            let lead = line.len() - line.trim_start_matches(' ').len();
            let hang = if lead > 0 { 2 } else { 0 };
            super::document::wrap_words(line.trim_start(), w.saturating_sub(lead), hang)
                .into_iter()
                .map(|l| format!("{}{l}", " ".repeat(lead)))
                .collect()
        }
        _ => vec![line.to_string()],
    }
}
