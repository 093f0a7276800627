//! The JSON format: the document's typed contract (documented in docs/output-reference.md), on
//! standard output and as one file in `--out`.

use serde::Serialize;

use super::{Document, Exporter};

/// The JSON contract.
pub struct Json;

impl Exporter for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn render(&self, doc: &Document) -> Option<Vec<u8>> {
        Some(doc.json.clone().into_bytes())
    }

    fn files(&self, doc: &Document) -> Vec<(String, Vec<u8>)> {
        vec![(doc.json_name.to_string(), doc.json.clone().into_bytes())]
    }
}

/// `value` as pretty JSON with keys in sorted order (so output is byte-stable whatever order a
/// type declares its fields in), ending in a newline.
pub fn sorted<T: Serialize>(value: &T) -> String {
    let text = serde_json::to_value(value)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text + "\n"
}

/// `value` as pretty JSON in the order its type declares, ending in a newline.
pub fn declared<T: Serialize>(value: &T) -> String {
    let text =
        serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text + "\n"
}

/// Mean and 95 % interval of one figure (undefined values as null).
#[derive(Debug, Clone, Serialize)]
pub struct SummaryJson {
    pub mean: Option<f64>,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub n: usize,
}

impl From<&crate::stats::Summary> for SummaryJson {
    fn from(s: &crate::stats::Summary) -> SummaryJson {
        SummaryJson {
            mean: super::finite(s.mean),
            ci95_low: super::finite(s.ci95_low),
            ci95_high: super::finite(s.ci95_high),
            n: s.n,
        }
    }
}
