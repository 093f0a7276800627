//! CSV output: key figures, stage figures, weekly stocks and the survival cohort, one file each.

use super::finite;
use crate::replication::{STAFF_FIELDS, STAGE_FIELDS};
use crate::report::Report;
use crate::stats::Summary;

/// A number for a CSV cell: empty when undefined.
pub(crate) fn cell(v: f64) -> String {
    finite(v).map_or(String::new(), |x| format!("{x}"))
}

/// The written CSV as text.
pub(crate) fn finish(w: csv::Writer<Vec<u8>>) -> String {
    w.into_inner()
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .unwrap_or_default()
}

/// One row per key figure.
pub fn kpis(report: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["key", "label", "mean", "ci95_low", "ci95_high", "n"]);
    for (info, s) in &report.kpis {
        let _ = w.write_record([
            info.key.to_string(),
            info.label.to_string(),
            cell(s.mean),
            cell(s.ci95_low),
            cell(s.ci95_high),
            s.n.to_string(),
        ]);
    }
    finish(w)
}

/// One row per item (stage or role) and figure: `(name, label, figures)` with figures in
/// `fields` order.
fn figures_long<'a>(
    first: &str,
    fields: &[&str],
    items: impl Iterator<Item = (&'a str, &'a str, &'a [Summary])>,
) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        first,
        "label",
        "figure",
        "mean",
        "ci95_low",
        "ci95_high",
        "n",
    ]);
    for (name, label, figures) in items {
        for (key, s) in fields.iter().zip(figures) {
            let _ = w.write_record([
                name.to_string(),
                label.to_string(),
                key.to_string(),
                cell(s.mean),
                cell(s.ci95_low),
                cell(s.ci95_high),
                s.n.to_string(),
            ]);
        }
    }
    finish(w)
}

/// One row per stage and figure.
pub fn stages(report: &Report) -> String {
    figures_long(
        "stage",
        &STAGE_FIELDS,
        report
            .stages
            .iter()
            .map(|st| (st.name.as_str(), st.label.as_str(), st.figures.as_slice())),
    )
}

/// One row per staff role and figure.
pub fn staff(report: &Report) -> String {
    figures_long(
        "role",
        &STAFF_FIELDS,
        report
            .staff
            .iter()
            .map(|st| (st.role.as_str(), st.label.as_str(), st.figures.as_slice())),
    )
}

/// Weekly stocks per stage (mean over replications), long format.
pub fn weekly(report: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["week", "date", "stage", "capacity", "occupancy", "queue"]);
    for row in &report.weekly {
        for (s, st) in report.stages.iter().enumerate() {
            let _ = w.write_record([
                row.week.to_string(),
                row.date.clone(),
                st.name.clone(),
                cell(row.capacity[s]),
                cell(row.occupancy[s]),
                cell(row.queue[s]),
            ]);
        }
        for (name, v) in [
            ("_target_group", row.present),
            ("_active", row.active),
            ("_company_based", row.company),
            ("_passive", row.passive),
        ] {
            let _ = w.write_record([
                row.week.to_string(),
                row.date.clone(),
                name.to_string(),
                String::new(),
                cell(v),
                String::new(),
            ]);
        }
    }
    finish(w)
}

/// The transition report, long format: per month one row per stage, then the month's totals
/// under names starting with an underscore (as in weekly.csv).
pub fn monthly(report: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "month",
        "stage",
        "capacity",
        "occupancy",
        "occupancy_mean",
        "queue",
        "cost_dkk",
    ]);
    let blank = String::new;
    for row in &report.monthly {
        for (st, ms) in report.stages.iter().zip(&row.stages) {
            let _ = w.write_record([
                row.month.clone(),
                st.name.clone(),
                cell(ms.capacity),
                cell(ms.occupancy),
                cell(ms.occupancy_mean),
                cell(ms.queue),
                cell(ms.cost_dkk),
            ]);
        }
        for (name, v) in [
            ("_target_group", row.target_group),
            ("_active", row.active),
            ("_passive", row.passive.mean),
            ("_company_based", row.company.mean),
            (
                "_company_share_of_activation",
                row.company_share_of_activation,
            ),
            ("_past_offer_deadline", row.past_offer_deadline.mean),
            ("_offer_gap_share", row.offer_gap_share),
        ] {
            let _ = w.write_record([
                row.month.clone(),
                name.to_string(),
                blank(),
                cell(v),
                blank(),
                blank(),
                blank(),
            ]);
        }
    }
    finish(w)
}

/// Share of new applicants still on benefit by week, with the input curve beside it.
pub fn survival(report: &Report) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["week", "on_benefit", "ci95_low", "ci95_high", "input_curve"]);
    for r in &report.survival {
        let _ = w.write_record([
            r.week.to_string(),
            cell(r.on_benefit.mean),
            cell(r.on_benefit.ci95_low),
            cell(r.on_benefit.ci95_high),
            cell(r.input),
        ]);
    }
    finish(w)
}
