//! The terminal format: the document's headings, notes and tables for people, laid out in
//! columns. Prints only; `--out` gets no file from it.

use super::{Block, Document, Exporter};

/// The terminal table.
pub struct Table;

impl Exporter for Table {
    fn name(&self) -> &'static str {
        "table"
    }

    fn render(&self, doc: &Document) -> Option<Vec<u8>> {
        Some(render(&doc.blocks).into_bytes())
    }

    fn files(&self, _doc: &Document) -> Vec<(String, Vec<u8>)> {
        Vec::new()
    }
}

/// The blocks as text, each text block on its own lines.
pub fn render(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Text(t) => {
                out.push_str(t);
                out.push('\n');
            }
            Block::Gap => out.push('\n'),
            Block::Table(t) => out.push_str(&t.layout()),
            // A terminal cannot draw; the same numbers are in the tables.
            Block::Chart(_) => {}
        }
    }
    out
}
