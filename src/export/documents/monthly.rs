//! The transition report of `run`, month by month: month-end places, occupancy and queues per
//! stage, the passive stock, the company share of activation and citizens without an offer past
//! their deadline, with a flag on every month the plan leaves someone without an offer. As a
//! terminal table, the JSON `monthly` array and monthly.csv.

use serde::Serialize;

use crate::export::json::SummaryJson;
use crate::export::text::{danish, places};
use crate::export::{finite, Block, Cell, Column, DataTable, DisplayTable};
use crate::report::Report;

/// One month in the JSON.
#[derive(Serialize)]
pub struct MonthJson<'a> {
    month: &'a str,
    days: f64,
    stages: Vec<MonthStageJson<'a>>,
    target_group: Option<f64>,
    active: Option<f64>,
    passive: SummaryJson,
    company_based: SummaryJson,
    company_share_of_activation: Option<f64>,
    past_offer_deadline: SummaryJson,
    offer_gap_share: Option<f64>,
}

#[derive(Serialize)]
struct MonthStageJson<'a> {
    name: &'a str,
    capacity: Option<f64>,
    occupancy: Option<f64>,
    occupancy_mean: Option<f64>,
    queue: Option<f64>,
    cost_dkk: Option<f64>,
}

/// The `monthly` array of the JSON.
pub fn json(report: &Report) -> Vec<MonthJson<'_>> {
    report
        .monthly
        .iter()
        .map(|row| MonthJson {
            month: &row.month,
            days: row.days,
            stages: report
                .stages
                .iter()
                .zip(&row.stages)
                .map(|(st, ms)| MonthStageJson {
                    name: &st.name,
                    capacity: finite(ms.capacity),
                    occupancy: finite(ms.occupancy),
                    occupancy_mean: finite(ms.occupancy_mean),
                    queue: finite(ms.queue),
                    cost_dkk: finite(ms.cost_dkk),
                })
                .collect(),
            target_group: finite(row.target_group),
            active: finite(row.active),
            passive: (&row.passive).into(),
            company_based: (&row.company).into(),
            company_share_of_activation: finite(row.company_share_of_activation),
            past_offer_deadline: (&row.past_offer_deadline).into(),
            offer_gap_share: finite(row.offer_gap_share),
        })
        .collect()
}

/// monthly.csv: per month one row per stage, then the month's totals under names starting
/// with an underscore (as in weekly.csv).
pub fn table(report: &Report) -> DataTable {
    let mut t = DataTable::new(
        "monthly",
        &[
            "month",
            "stage",
            "capacity",
            "occupancy",
            "occupancy_mean",
            "queue",
            "cost_dkk",
        ],
    );
    for row in &report.monthly {
        let month = || Cell::text(row.month.clone());
        for (st, ms) in report.stages.iter().zip(&row.stages) {
            t.push(vec![
                month(),
                Cell::text(st.name.clone()),
                Cell::Num(ms.capacity),
                Cell::Num(ms.occupancy),
                Cell::Num(ms.occupancy_mean),
                Cell::Num(ms.queue),
                Cell::Measure(ms.cost_dkk, crate::figures::Unit::Dkk),
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
            t.push(vec![
                month(),
                Cell::text(name),
                Cell::Empty,
                Cell::Num(v),
                Cell::Empty,
                Cell::Empty,
                Cell::Empty,
            ]);
        }
    }
    t
}

/// The transition table for a terminal.
pub fn blocks(report: &Report) -> Vec<Block> {
    // Referral steps (offer = false) hold nobody; they would only widen the table.
    let shown: Vec<usize> = (0..report.stages.len())
        .filter(|&s| report.stages[s].offer)
        .collect();
    let mut columns = vec![Column::left("Måned", 8, 0)];
    for &s in &shown {
        columns.push(Column::right(report.stages[s].name.clone(), 13, 1));
    }
    columns.extend([
        Column::right("Passive", 8, 1),
        Column::right("Virks.andel", 10, 1),
        Column::right("Uden tilbud", 11, 1),
        Column::left("Flag", 0, 2),
    ]);
    let mut table = DisplayTable::new(columns, true);
    let mut flagged = 0;
    for row in &report.monthly {
        let mut cells = vec![row.month.clone()];
        for ms in shown.iter().map(|&s| &row.stages[s]) {
            cells.push(format!(
                "{}/{} ({})",
                danish(ms.occupancy, 0),
                places(ms.capacity),
                danish(ms.queue, 0)
            ));
        }
        let flag = if row.offer_gap_share > 0.0 {
            flagged += 1;
            format!(
                "⚠ {} % af replikationerne",
                danish(row.offer_gap_share * 100.0, 0)
            )
        } else {
            String::new()
        };
        cells.extend([
            danish(row.passive.mean, 0),
            format!("{} %", danish(row.company_share_of_activation * 100.0, 0)),
            danish(row.past_offer_deadline.mean, 1),
            flag,
        ]);
        table.rows.push(cells);
    }
    let mut legend = "Forløb: i brug/pladser (kø) ved månedens udgang.".to_string();
    for &s in &shown {
        let st = &report.stages[s];
        legend.push_str(&format!(" {} = {}.", st.name, st.label));
    }
    if shown.len() < report.stages.len() {
        legend.push_str(" Henvisningstrin (offer = false) er udeladt.");
    }
    legend.push_str(
        "\nUden tilbud: borgere over fristen for første tilbud uden at have fået et, eller som har ventet længere end stiens maksimale ventetid. \
         ⚠: i nogle replikationer stod nogen uden tilbud over fristen i løbet af måneden.",
    );
    let verdict = if flagged == 0 {
        "Planen efterlader ingen uden tilbud over fristen i nogen måned.".to_string()
    } else {
        format!(
            "{flagged} af {} måneder er markeret: planen efterlader borgere uden tilbud.",
            report.monthly.len()
        )
    };
    vec![
        Block::Gap,
        Block::Text(format!(
            "Overgangsplan måned for måned (ved månedens udgang; gennemsnit over {} replikationer)",
            report.replications
        )),
        Block::Table(table),
        Block::Text(legend),
        Block::Text(verdict),
    ]
}
