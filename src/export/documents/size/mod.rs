//! `kapacitet size` as a document: the answer in plain Danish with its confidence and every
//! candidate tried, as the terminal table, the JSON contract (size.json, documented in
//! docs/output-reference.md) and one machine table (size.csv: a row per candidate and target).
//!
//! The work is split by job: this file holds the document's data and assembles it; `answer`
//! turns a search's or a closing-month scan's results into that data with the conclusion in
//! words; `screen` writes it for people; `table` is size.csv; `json` is size.json.

mod answer;
mod json;
mod screen;
mod table;

pub use answer::{CloseOutput, SizeOutput};
pub(super) use table::COLUMNS;

use self::json::SizeJson;
use crate::export::json::sorted;
use crate::export::text::trimmed;
use crate::export::Document;
use crate::figures::{Lang, Unit};
use crate::lang::Text;
use crate::model::Model;
use crate::sizing::{Evaluation, Op, Target};

/// A target as written and as understood.
#[derive(Debug, Clone)]
pub struct TargetRow {
    pub text: String,
    pub key: String,
    pub op: Op,
    pub value: f64,
    pub share: bool,
}

/// Everything a size run reports, whatever was searched.
#[derive(Debug, Clone)]
pub struct SizeDoc {
    /// "stage", "role", "close", or "close_stage" / "close_role" (the smallest places or FTE
    /// for each month a project could close in).
    pub mode: &'static str,
    pub scenario: String,
    pub seed: u64,
    /// Stage or role name, and its label.
    pub subject: String,
    pub subject_label: String,
    /// "places", "fte" or "month".
    pub unit: &'static str,
    pub from_month: Option<String>,
    pub close_to: Option<u32>,
    pub end_stays: Option<bool>,
    pub targets: Vec<TargetRow>,
    pub replications: u32,
    pub max_replications: u32,
    pub evaluations: Vec<Evaluation>,
    /// Places or FTE (stage, role).
    pub answer: Option<f64>,
    /// The answer is met and one step fewer is shown not to be.
    pub certain: Option<bool>,
    /// Index into `evaluations` of one step below the answer.
    pub one_fewer: Option<usize>,
    pub earliest_safe_month: Option<String>,
    pub latest_safe_month: Option<String>,
    pub conclusion: Text,
    /// When the lever stopped helping: what binds instead, with advice.
    pub limited_by: Vec<Text>,
    pub warnings: Vec<Text>,
    /// The project closed while sizing (`--close` with `--stage` or `--role`).
    pub close: Option<String>,
    /// With `--close-month`: the one month it closes.
    pub close_month: Option<String>,
    /// For each closing month ("2011-03"), the search at that month.
    pub months: Vec<(String, SizeDoc)>,
}

pub(super) fn target_rows(model: &Model, targets: &[Target]) -> Vec<TargetRow> {
    targets
        .iter()
        .map(|t| TargetRow {
            text: t.text.clone(),
            key: t.metric.key(model),
            op: t.op,
            value: t.value,
            share: t.metric.is_share(),
        })
        .collect()
}

/// "pladser" or "årsværk" ("places", "FTE") for a search's unit.
pub(super) fn unit_word(unit: &str, lang: Lang) -> &'static str {
    if unit == "places" {
        lang.pick("pladser", "places")
    } else {
        Unit::Fte.suffix(lang)
    }
}

/// A candidate's setting for people: its places, FTE in the language's style, or its month.
fn setting(unit: &str, e: &Evaluation, lang: Lang) -> String {
    if unit == "fte" {
        trimmed(e.setting, 2, lang)
    } else {
        e.label.clone()
    }
}

impl SizeDoc {
    /// The search and its answer as a document, for people in `lang`.
    pub fn document(&self, lang: Lang) -> Document {
        Document {
            command: "size",
            json_name: "size.json",
            json: sorted(&SizeJson::of(self)),
            data: vec![self.table()],
            blocks: self.blocks(lang),
        }
    }
}
