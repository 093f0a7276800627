//! size.csv: one row per candidate and target.

use super::SizeDoc;
use crate::export::{Cell, DataTable};

/// size.csv's columns from the candidate's setting on (after closing, the month comes first).
pub(in crate::export::documents) const COLUMNS: [&str; 13] = [
    "setting",
    "replications",
    "verdict",
    "target",
    "figure",
    "op",
    "value",
    "mean",
    "ci95_low",
    "ci95_high",
    "n",
    "target_verdict",
    "replications_missing",
];

impl SizeDoc {
    /// size.csv: one row per candidate and target (after closing: per month, candidate and
    /// target, with the month first).
    pub(super) fn table(&self) -> DataTable {
        if !self.months.is_empty() {
            return crate::export::documents::size_after_closing::table(self);
        }
        let mut t = DataTable::new("size", &COLUMNS);
        self.push_rows(&[], &mut t);
        t
    }

    /// This search's rows of size.csv, one per candidate and target, each after `lead`.
    pub(in crate::export::documents) fn push_rows(&self, lead: &[Cell], t: &mut DataTable) {
        for e in &self.evaluations {
            for (c, target) in e.checks.iter().zip(&self.targets) {
                let mut row = lead.to_vec();
                row.extend([
                    if self.mode == "close" {
                        Cell::text(e.label.clone())
                    } else {
                        Cell::Num(e.setting)
                    },
                    Cell::int(e.replications),
                    Cell::text(e.verdict.key()),
                    Cell::text(target.text.clone()),
                    Cell::text(target.key.clone()),
                    Cell::text(target.op.symbol()),
                    Cell::Num(target.value),
                    Cell::Num(c.summary.mean),
                    Cell::Num(c.summary.ci95_low),
                    Cell::Num(c.summary.ci95_high),
                    Cell::int(c.summary.n),
                    Cell::text(c.verdict.key()),
                    Cell::int(c.replications_missing),
                ]);
                t.push(row);
            }
        }
    }
}
