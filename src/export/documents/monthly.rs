//! The transition report of `run`, month by month: month-end places, occupancy and queues per
//! stage, the passive stock, the company share of activation and citizens without an offer past
//! their deadline, with a flag on every month the plan leaves someone without an offer. As a
//! terminal table, the JSON `monthly` array and monthly.csv.

use serde::Serialize;

use crate::export::json::SummaryJson;
use crate::export::text::{num, places};
use crate::export::{finite, Block, Cell, Column, DataTable, DisplayTable};
use crate::figures::Lang;
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

/// The transition table for a terminal. The month stays in every piece when it is cut to fit.
pub fn blocks(report: &Report, lang: Lang) -> Vec<Block> {
    // Referral steps (offer = false) hold nobody; they would only widen the table.
    let shown: Vec<usize> = (0..report.stages.len())
        .filter(|&s| report.stages[s].offer)
        .collect();
    let mut columns = vec![Column::left(lang.pick("Måned", "Month"), 7, 0)];
    for &s in &shown {
        columns.push(Column::right(report.stages[s].name.clone(), 0, 2));
    }
    columns.extend([
        Column::right(lang.pick("Passive", "Passive"), 0, 2),
        Column::right(lang.pick("Virks.andel", "Company share"), 0, 2),
        Column::right(lang.pick("Uden tilbud", "Without offer"), 0, 2),
        Column::left(lang.pick("Flag", "Flag"), 0, 2),
    ]);
    let mut table = DisplayTable::new(columns, true);
    let mut flagged = 0;
    for row in &report.monthly {
        let mut cells = vec![row.month.clone()];
        for ms in shown.iter().map(|&s| &row.stages[s]) {
            cells.push(format!(
                "{}/{} ({})",
                num(ms.occupancy, 0, lang),
                places(ms.capacity, lang),
                num(ms.queue, 0, lang)
            ));
        }
        let flag = if row.offer_gap_share > 0.0 {
            flagged += 1;
            format!("⚠ {} %", num(row.offer_gap_share * 100.0, 0, lang))
        } else {
            String::new()
        };
        cells.extend([
            num(row.passive.mean, 0, lang),
            format!(
                "{} %",
                num(row.company_share_of_activation * 100.0, 0, lang)
            ),
            num(row.past_offer_deadline.mean, 1, lang),
            flag,
        ]);
        table.rows.push(cells);
    }
    let mut legend = lang
        .pick(
            "Forløb: i brug/pladser (kø) ved månedens udgang.",
            "Stages: in use/places (queue) at the end of the month.",
        )
        .to_string();
    for &s in &shown {
        let st = &report.stages[s];
        legend.push_str(&format!(" {} = {}.", st.name, st.label));
    }
    if shown.len() < report.stages.len() {
        legend.push_str(lang.pick(
            " Henvisningstrin (offer = false) er udeladt.",
            " Referral steps (offer = false) are left out.",
        ));
    }
    legend.push('\n');
    legend.push_str(lang.pick(
        "Uden tilbud: borgere over fristen for første tilbud uden at have fået et, eller som har ventet længere end stiens maksimale ventetid. \
         ⚠ n %: i n % af replikationerne stod nogen uden tilbud over fristen i løbet af måneden.",
        "Without offer: citizens past the deadline for their first offer without one, or who have waited longer than their path's maximum wait. \
         ⚠ n %: in n % of the replications someone was without an offer past the deadline during the month.",
    ));
    let months = report.monthly.len();
    let verdict = match (flagged, lang) {
        (0, _) => lang
            .pick(
                "Planen efterlader ingen uden tilbud over fristen i nogen måned.",
                "The plan leaves nobody without an offer past the deadline in any month.",
            )
            .to_string(),
        (n, Lang::Da) => {
            format!("{n} af {months} måneder er markeret: planen efterlader borgere uden tilbud.")
        }
        (n, Lang::En) => format!(
            "{n} of {months} months are flagged: the plan leaves citizens without an offer."
        ),
    };
    let head = match lang {
        Lang::Da => format!(
            "Overgangsplan måned for måned (ved månedens udgang; gennemsnit over {} replikationer)",
            report.replications
        ),
        Lang::En => format!(
            "The transition month by month (at the end of each month; mean over {} replications)",
            report.replications
        ),
    };
    vec![
        Block::Gap,
        Block::Text(head),
        Block::Table(table),
        Block::Text(legend),
        Block::Text(verdict),
    ]
}
