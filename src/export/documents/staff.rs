//! The staff table of `run`: per role the FTE given and needed, caseload, overdue
//! conversations, conversations a month and rettidighed.

use crate::export::text::num;
use crate::export::{Block, Column, DisplayTable};
use crate::figures::{Lang, STAFF_FIGURES};
use crate::report::Report;

/// The staff table and what its columns mean.
pub fn blocks(report: &Report, lang: Lang) -> Vec<Block> {
    let head = |key: &str| {
        crate::figures::staff_figure(key)
            .map_or("", |i| STAFF_FIGURES[i].short(lang))
            .to_string()
    };
    let mut table = DisplayTable::new(
        vec![
            Column::left(lang.pick("Personale", "Staff"), 10, 0),
            Column::right(head("fte"), 0, 2),
            Column::right(head("fte_needed_mean"), 0, 2),
            Column::right(head("fte_needed_p90"), 0, 2),
            Column::right(head("caseload_mean"), 0, 2),
            Column::right(head("caseload_per_fte"), 0, 2),
            Column::right(head("overdue_mean"), 0, 2),
            Column::right(head("conversations_per_month"), 0, 2),
            Column::right(head("on_time_share"), 0, 2),
        ],
        true,
    );
    for st in &report.staff {
        let f = |k: &str| st.figure(k).mean;
        let conversations = st.work == "conversations";
        // Overdue conversations and rettidighed mean nothing for a caseload role.
        let danish = |v: f64, d: usize| num(v, d, lang);
        let or_dash = |v: f64, d: usize| {
            if conversations {
                danish(v, d)
            } else {
                "–".to_string()
            }
        };
        table.rows.push(vec![
            st.label.clone(),
            if f("fte").is_finite() {
                danish(f("fte"), 1)
            } else {
                lang.pick("frit", "free").to_string()
            },
            danish(f("fte_needed_mean"), 2),
            danish(f("fte_needed_p90"), 2),
            danish(f("caseload_mean"), 1),
            danish(f("caseload_per_fte"), 1),
            or_dash(f("overdue_mean"), 1),
            or_dash(f("conversations_per_month"), 0),
            if conversations && f("on_time_share").is_finite() {
                format!("{} %", danish(f("on_time_share") * 100.0, 1))
            } else {
                "–".to_string()
            },
        ]);
    }
    vec![
        Block::Gap,
        Block::Table(table),
        Block::Text(lang.pick(
            "Behov: årsværk der skal til uge for uge (gennemsnit og 90 %-fraktil). Forfaldne: samtaler over fristen og endnu ikke holdt (gennemsnit over uger). Rettidighed: andel samtaler holdt senest på forfaldsdagen.",
            "Need: FTE needed week by week (mean and 90th percentile). Overdue: conversations past their due day and not yet held (mean over weeks). On time (rettidighed): share of conversations held on or before their due day.",
        ).to_string()),
    ]
}
