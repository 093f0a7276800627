//! Writers for `kapacitet compare`: a side-by-side terminal table with paired differences, the
//! JSON contract (documented in docs/output-reference.md), and CSV files of rows and of the
//! survival curve by strategy.

use serde_json::{json, Map, Value};

use super::csv::{cell, finish};
use super::finite;
use super::json::summary;
use super::table::{danish, scaled};
use crate::compare::{Comparison, Row, Sweep};
use crate::kpi::Unit;
use crate::stats::Summary;

fn show(unit: Unit, v: f64) -> String {
    let (x, d) = scaled(unit, v);
    let suffix = if unit == Unit::Share { " %" } else { "" };
    if x.is_finite() {
        format!("{}{suffix}", danish(x, d))
    } else {
        "–".to_string()
    }
}

fn show_diff(unit: Unit, s: &Summary) -> String {
    if !s.mean.is_finite() {
        return "–".to_string();
    }
    let (m, d) = scaled(unit, s.mean);
    let (lo, _) = scaled(unit, s.ci95_low);
    let (hi, _) = scaled(unit, s.ci95_high);
    let sign = if m > 0.0 { "+" } else { "" };
    if lo.is_finite() {
        format!(
            "{sign}{} [{}; {}]",
            danish(m, d),
            danish(lo, d),
            danish(hi, d)
        )
    } else {
        format!("{sign}{}", danish(m, d))
    }
}

/// The comparison for a terminal: one line per figure, each strategy's mean, and for every
/// strategy after the first its paired difference with the 95 % interval.
pub fn table(c: &Comparison) -> String {
    let mut out = format!(
        "kapacitet compare · {}\n{} replikationer pr. strategi · seed {} · samme borgere i alle strategier (fælles tilfældige tal)\n\n",
        c.scenario, c.replications, c.seed
    );
    // Cells first, then pad every column to its widest cell.
    let mut header = vec!["Nøgletal".to_string()];
    for (i, s) in c.strategies.iter().enumerate() {
        header.push(s.clone());
        if i > 0 {
            header.push(format!("forskel til {} [95 % KI]", c.strategies[0]));
        }
    }
    let mut lines = vec![header];
    for row in c.rows.iter().filter(|r| r.values.iter().any(|v| v.n > 0)) {
        let mut cells = vec![row.label.clone()];
        for (i, v) in row.values.iter().enumerate() {
            cells.push(show(row.unit, v.mean));
            if i > 0 {
                cells.push(show_diff(row.unit, &row.paired[i]));
            }
        }
        lines.push(cells);
    }
    let columns = lines[0].len();
    let widths: Vec<usize> = (0..columns)
        .map(|j| {
            lines
                .iter()
                .map(|l| l.get(j).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    for line in &lines {
        for (j, cell) in line.iter().enumerate() {
            let pad = widths[j].saturating_sub(cell.chars().count());
            if j == 0 {
                out.push_str(cell);
                out.push_str(&" ".repeat(pad));
            } else {
                out.push_str("  ");
                out.push_str(&" ".repeat(pad));
                out.push_str(cell);
            }
        }
        out.push('\n');
    }
    out.push_str(
        "\nForskel: parret forskel med 95 % konfidensinterval over replikationer (samme borgere). Effekterne er antagelser: se følsomheden med --vary.\n",
    );
    out
}

fn row_json(c: &Comparison, row: &Row) -> Value {
    let mut by = Map::new();
    let mut diff = Map::new();
    for (i, name) in c.strategies.iter().enumerate() {
        by.insert(name.clone(), summary(&row.values[i]));
        if i > 0 {
            let mut d = summary(&row.paired[i]);
            d["unpaired_ci95_half_width"] = json!(finite(row.unpaired_half_width[i]));
            diff.insert(name.clone(), d);
        }
    }
    json!({ "label": row.label, "by_strategy": by, "difference": diff })
}

/// The comparison as JSON (keys sorted, byte-stable).
pub fn json(c: &Comparison, sweep: Option<&Sweep>) -> String {
    let mut kpis = Map::new();
    let mut staff = Map::new();
    for row in &c.rows {
        match row.key.strip_prefix("staff.") {
            Some(rest) => {
                staff.insert(rest.to_string(), row_json(c, row));
            }
            None => {
                kpis.insert(row.key.clone(), row_json(c, row));
            }
        }
    }
    let mut survival = Map::new();
    for (name, rep) in c.strategies.iter().zip(&c.reports) {
        let points: Vec<Value> = rep
            .survival
            .iter()
            .map(|r| json!({ "week": r.week, "on_benefit": summary(&r.on_benefit) }))
            .collect();
        survival.insert(name.clone(), Value::Array(points));
    }
    let mut doc = json!({
        "kapacitet_version": env!("CARGO_PKG_VERSION"),
        "scenario": c.scenario,
        "replications": c.replications,
        "seed": c.seed,
        "strategies": c.strategies,
        "baseline": c.strategies.first(),
        "kpis": Value::Object(kpis),
        "staff": Value::Object(staff),
        "survival": Value::Object(survival),
        "warnings": c.warnings,
    });
    if let Some(s) = sweep {
        doc["sensitivity"] = sweep_json(s);
    }
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

fn sweep_json(s: &Sweep) -> Value {
    let points: Vec<Value> = s
        .points
        .iter()
        .map(|p| {
            let mut by = Map::new();
            for (name, v) in s.strategies.iter().zip(&p.values) {
                by.insert(name.clone(), summary(v));
            }
            json!({
                "value": p.value,
                "by_strategy": by,
                "ranking": p.ranking,
                "clear_winner": p.clear_winner,
            })
        })
        .collect();
    json!({
        "parameter": s.parameter.key(),
        "rank_by": s.rank_by,
        "points": points,
        "ranking_stable": s.ranking_stable(),
    })
}

/// The sensitivity sweep for a terminal.
pub fn sweep_table(s: &Sweep) -> String {
    let mut out = format!(
        "\nFølsomhed: {} varieret · strategierne rangeret efter {} (lavest først)\n",
        s.parameter.key(),
        s.rank_by
    );
    out.push_str(&format!("{:>10}", s.parameter.key()));
    for name in &s.strategies {
        out.push_str(&format!("  {name:>22}"));
    }
    out.push_str("  rangorden\n");
    for p in &s.points {
        out.push_str(&format!("{:>10}", danish(p.value, 2)));
        let unit = crate::kpi::KPIS
            .iter()
            .find(|k| k.key == s.rank_by)
            .map_or(Unit::Count, |k| k.unit);
        for v in &p.values {
            let (m, d) = scaled(unit, v.mean);
            let cell = if v.ci95_low.is_finite() {
                let (lo, _) = scaled(unit, v.ci95_low);
                let (hi, _) = scaled(unit, v.ci95_high);
                format!("{} [{}; {}]", danish(m, d), danish(lo, d), danish(hi, d))
            } else {
                danish(m, d)
            };
            out.push_str(&format!("  {cell:>22}"));
        }
        let verdict = if p.clear_winner {
            ""
        } else {
            "  (de to bedste kan ikke skilles ad)"
        };
        out.push_str(&format!("  {}{verdict}\n", p.ranking.join(" < ")));
    }
    out.push_str(if s.ranking_stable() {
        "Rangordenen er den samme for alle værdier.\n"
    } else {
        "Rangordenen skifter: konklusionen afhænger af den ukendte effekt.\n"
    });
    out
}

/// Every compared figure, one row per figure and strategy.
pub fn rows_csv(c: &Comparison) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record([
        "key",
        "label",
        "strategy",
        "mean",
        "ci95_low",
        "ci95_high",
        "difference",
        "difference_ci95_low",
        "difference_ci95_high",
        "unpaired_ci95_half_width",
    ]);
    for row in &c.rows {
        for (i, name) in c.strategies.iter().enumerate() {
            let v = &row.values[i];
            let d = &row.paired[i];
            let _ = w.write_record([
                row.key.clone(),
                row.label.clone(),
                name.clone(),
                cell(v.mean),
                cell(v.ci95_low),
                cell(v.ci95_high),
                cell(d.mean),
                cell(d.ci95_low),
                cell(d.ci95_high),
                cell(row.unpaired_half_width[i]),
            ]);
        }
    }
    finish(w)
}

/// Share of new applicants still on benefit by week, per strategy.
pub fn survival_csv(c: &Comparison) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["strategy", "week", "on_benefit", "ci95_low", "ci95_high"]);
    for (name, rep) in c.strategies.iter().zip(&c.reports) {
        for r in &rep.survival {
            let _ = w.write_record([
                name.clone(),
                r.week.to_string(),
                cell(r.on_benefit.mean),
                cell(r.on_benefit.ci95_low),
                cell(r.on_benefit.ci95_high),
            ]);
        }
    }
    finish(w)
}
