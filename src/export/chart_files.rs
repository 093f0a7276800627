//! `--charts DIR`: every chart of a document as an SVG file and a PNG file (twice the size, for
//! slides), numbered in report order: `01-run-stocks.svg`, `01-run-stocks.png`, … The directory
//! is written as one set, like `--out`.

use super::charts::render;
use super::{Block, Document, Exporter};

/// The chart files of a document.
pub struct ChartFiles;

impl Exporter for ChartFiles {
    fn name(&self) -> &'static str {
        "charts"
    }

    /// Charts are files, not a stream.
    fn render(&self, _doc: &Document) -> Option<Vec<u8>> {
        None
    }

    fn files(&self, doc: &Document) -> Vec<(String, Vec<u8>)> {
        let charts = doc.blocks.iter().filter_map(|b| match b {
            Block::Chart(c) => Some(c),
            _ => None,
        });
        let mut out = Vec::new();
        for (i, c) in charts.enumerate() {
            let stem = format!("{:02}-{}", i + 1, c.key);
            // A chart that cannot be drawn is left out rather than losing the others.
            if let Ok(svg) = render::svg(c) {
                out.push((format!("{stem}.svg"), svg.into_bytes()));
            }
            if let Ok(png) = render::png(c) {
                out.push((format!("{stem}.png"), png));
            }
        }
        out
    }
}

/// A file name `--charts` writes: two digits, a dash, lower-case letters, digits and dashes,
/// `.svg` or `.png`.
pub fn is_chart_file(name: &str) -> bool {
    let Some(stem) = name
        .strip_suffix(".svg")
        .or_else(|| name.strip_suffix(".png"))
    else {
        return false;
    };
    let bytes = stem.as_bytes();
    bytes.len() > 3
        && bytes[..2].iter().all(u8::is_ascii_digit)
        && bytes[2] == b'-'
        && bytes[3..]
            .iter()
            .all(|&b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::is_chart_file;

    #[test]
    fn chart_file_names() {
        assert!(is_chart_file("01-run-stocks.svg"));
        assert!(is_chart_file("12-compare-mal2-selfsufficient-4w.png"));
        assert!(!is_chart_file("notes.svg"));
        assert!(!is_chart_file("01-Run.svg"));
        assert!(!is_chart_file("01-run.txt"));
    }
}
