//! JSON output: the stable contract scripts read. Keys are documented in
//! docs/output-reference.md; new keys may be added, existing ones never renamed.

use serde_json::{json, Map, Value};

use super::finite;
use crate::replication::{STAFF_FIELDS, STAGE_FIELDS};
use crate::report::Report;
use crate::stats::Summary;

/// A summary as a JSON object (undefined values as null).
pub fn summary(s: &Summary) -> Value {
    json!({
        "mean": finite(s.mean),
        "ci95_low": finite(s.ci95_low),
        "ci95_high": finite(s.ci95_high),
        "n": s.n,
    })
}

/// The whole report as pretty-printed JSON (keys sorted, so output is byte-stable).
pub fn render(report: &Report) -> String {
    let mut kpis = Map::new();
    for (info, s) in &report.kpis {
        let mut v = summary(s);
        v["label"] = json!(info.label);
        kpis.insert(info.key.to_string(), v);
    }
    let stages: Vec<Value> = report
        .stages
        .iter()
        .map(|st| {
            let mut o = Map::new();
            o.insert("name".into(), json!(st.name));
            o.insert("label".into(), json!(st.label));
            o.insert("kind".into(), json!(st.kind));
            o.insert("company_based".into(), json!(st.company_based));
            let mut ci = Map::new();
            for (key, s) in STAGE_FIELDS.iter().zip(&st.figures) {
                o.insert((*key).into(), json!(finite(s.mean)));
                ci.insert((*key).into(), summary(s));
            }
            o.insert("summary".into(), Value::Object(ci));
            Value::Object(o)
        })
        .collect();
    let staff: Vec<Value> = report
        .staff
        .iter()
        .map(|st| {
            let mut o = Map::new();
            o.insert("role".into(), json!(st.role));
            o.insert("label".into(), json!(st.label));
            o.insert("work".into(), json!(st.work));
            let mut ci = Map::new();
            for (key, s) in STAFF_FIELDS.iter().zip(&st.figures) {
                o.insert((*key).into(), json!(finite(s.mean)));
                ci.insert((*key).into(), summary(s));
            }
            o.insert("summary".into(), Value::Object(ci));
            Value::Object(o)
        })
        .collect();
    let survival: Vec<Value> = report
        .survival
        .iter()
        .map(|r| {
            json!({
                "week": r.week,
                "on_benefit": summary(&r.on_benefit),
                "input_curve": finite(r.input),
            })
        })
        .collect();
    let monthly: Vec<Value> = report
        .monthly
        .iter()
        .map(|row| {
            let stages: Vec<Value> = report
                .stages
                .iter()
                .zip(&row.stages)
                .map(|(st, ms)| {
                    json!({
                        "name": st.name,
                        "capacity": finite(ms.capacity),
                        "occupancy": finite(ms.occupancy),
                        "occupancy_mean": finite(ms.occupancy_mean),
                        "queue": finite(ms.queue),
                        "cost_dkk": finite(ms.cost_dkk),
                    })
                })
                .collect();
            json!({
                "month": row.month,
                "days": row.days,
                "stages": stages,
                "target_group": finite(row.target_group),
                "active": finite(row.active),
                "passive": summary(&row.passive),
                "company_based": summary(&row.company),
                "company_share_of_activation": finite(row.company_share_of_activation),
                "past_offer_deadline": summary(&row.past_offer_deadline),
                "offer_gap_share": finite(row.offer_gap_share),
            })
        })
        .collect();
    let doc = json!({
        "monthly": monthly,
        "kapacitet_version": env!("CARGO_PKG_VERSION"),
        "scenario": report.scenario,
        "replications": report.replications,
        "seed": report.seed,
        "start_date": report.start_date,
        "warmup_weeks": report.warmup_weeks,
        "horizon_weeks": report.horizon_weeks,
        "placed_within_days": report.placed_within_days,
        "kpis": Value::Object(kpis),
        "stages": stages,
        "staff": staff,
        "survival": survival,
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
