//! `kapacitet run` as a document: the JSON contract of the report (summary.json), the machine
//! tables (kpis, stages, staff, weekly, monthly, survival) and the terminal report: key figures
//! with intervals, one line per stage, the staff table and the transition month by month.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::export::json::{sorted, SummaryJson};
use crate::export::text::{self, interval, num, places};
use crate::export::{finite, Block, Cell, Column, DataTable, DisplayTable, Document};
use crate::figures::{Figure, Lang, STAFF_FIGURES, STAGE_FIGURES};
use crate::report::{Report, StaffReport, StageReport};
use crate::stats::Summary;

/// The report as a document.
pub fn document(report: &Report, lang: Lang) -> Document {
    let mut blocks = key_figures(report, lang);
    blocks.extend(stages(report, lang));
    if !report.staff.is_empty() {
        blocks.extend(super::staff::blocks(report, lang));
    }
    if report.show_monthly && !report.monthly.is_empty() {
        blocks.extend(super::monthly::blocks(report, lang));
    }
    Document {
        command: "run",
        json_name: "summary.json",
        json: json(report),
        data: vec![
            kpis_table(report),
            figures_long(
                "stages",
                "stage",
                STAGE_FIGURES,
                report
                    .stages
                    .iter()
                    .map(|s| (s.name.as_str(), s.label.as_str(), s.figures.as_slice())),
            ),
            figures_long(
                "staff",
                "role",
                STAFF_FIGURES,
                report
                    .staff
                    .iter()
                    .map(|s| (s.role.as_str(), s.label.as_str(), s.figures.as_slice())),
            ),
            weekly_table(report),
            super::monthly::table(report),
            survival_table(report),
        ],
        blocks,
    }
}

/// The JSON contract of `run` (summary.json).
pub fn json(report: &Report) -> String {
    sorted(&RunJson::of(report))
}

/// The JSON of `run` (docs/output-reference.md); keys are written sorted.
#[derive(Serialize)]
struct RunJson<'a> {
    kapacitet_version: &'static str,
    scenario: &'a str,
    replications: u32,
    seed: u64,
    start_date: &'a str,
    warmup_weeks: f64,
    horizon_weeks: f64,
    placed_within_days: f64,
    kpis: BTreeMap<&'static str, KpiJson>,
    stages: Vec<ItemJson>,
    staff: Vec<ItemJson>,
    survival: Vec<SurvivalJson>,
    monthly: Vec<super::monthly::MonthJson<'a>>,
}

#[derive(Serialize)]
struct KpiJson {
    #[serde(flatten)]
    summary: SummaryJson,
    label: &'static str,
}

/// A stage or a staff role: its names, each figure's mean, and every figure's summary.
#[derive(Serialize)]
struct ItemJson {
    #[serde(flatten)]
    names: BTreeMap<&'static str, serde_json::Value>,
    #[serde(flatten)]
    means: BTreeMap<&'static str, Option<f64>>,
    summary: BTreeMap<&'static str, SummaryJson>,
}

impl ItemJson {
    fn new(
        names: BTreeMap<&'static str, serde_json::Value>,
        figures: &[Figure],
        values: &[Summary],
    ) -> Self {
        ItemJson {
            names,
            means: figures
                .iter()
                .zip(values)
                .map(|(f, s)| (f.key, finite(s.mean)))
                .collect(),
            summary: figures
                .iter()
                .zip(values)
                .map(|(f, s)| (f.key, SummaryJson::from(s)))
                .collect(),
        }
    }

    fn stage(s: &StageReport) -> Self {
        let names = BTreeMap::from([
            ("name", s.name.as_str().into()),
            ("label", s.label.as_str().into()),
            ("kind", s.kind.into()),
            ("company_based", s.company_based.into()),
        ]);
        ItemJson::new(names, STAGE_FIGURES, &s.figures)
    }

    fn staff(s: &StaffReport) -> Self {
        let names = BTreeMap::from([
            ("role", s.role.as_str().into()),
            ("label", s.label.as_str().into()),
            ("work", s.work.into()),
        ]);
        ItemJson::new(names, STAFF_FIGURES, &s.figures)
    }
}

#[derive(Serialize)]
struct SurvivalJson {
    week: f64,
    on_benefit: SummaryJson,
    input_curve: Option<f64>,
}

impl<'a> RunJson<'a> {
    fn of(r: &'a Report) -> Self {
        RunJson {
            kapacitet_version: env!("CARGO_PKG_VERSION"),
            scenario: &r.scenario,
            replications: r.replications,
            seed: r.seed,
            start_date: &r.start_date,
            warmup_weeks: r.warmup_weeks,
            horizon_weeks: r.horizon_weeks,
            placed_within_days: r.placed_within_days,
            kpis: r
                .kpis
                .iter()
                .map(|(f, s)| {
                    (
                        f.key,
                        KpiJson {
                            summary: s.into(),
                            label: f.da,
                        },
                    )
                })
                .collect(),
            stages: r.stages.iter().map(ItemJson::stage).collect(),
            staff: r.staff.iter().map(ItemJson::staff).collect(),
            survival: r
                .survival
                .iter()
                .map(|s| SurvivalJson {
                    week: s.week,
                    on_benefit: (&s.on_benefit).into(),
                    input_curve: finite(s.input),
                })
                .collect(),
            monthly: super::monthly::json(r),
        }
    }
}

/// Heading and the key figures with their intervals.
fn key_figures(report: &Report, lang: Lang) -> Vec<Block> {
    let (warmup, horizon) = (
        num(report.warmup_weeks, 0, lang),
        num(report.horizon_weeks, 0, lang),
    );
    let runs = text::replications(report.replications, lang);
    let head = match lang {
        Lang::Da => format!(
            "kapacitet · {}\n{runs} · seed {} · start {} · {warmup} ugers indkøring + {horizon} ugers måleperiode",
            report.scenario, report.seed, report.start_date,
        ),
        Lang::En => format!(
            "kapacitet · {}\n{runs} · seed {} · start {} · {warmup} weeks of warm-up + {horizon} weeks measured",
            report.scenario, report.seed, report.start_date,
        ),
    };
    let mut blocks = vec![
        Block::Text(head),
        Block::Gap,
        Block::Text(
            lang.pick(
                "Nøgletal (gennemsnit og 95 % konfidensinterval)",
                "Key figures (mean and 95 % confidence interval)",
            )
            .to_string(),
        ),
    ];
    let mut table = DisplayTable::new(
        vec![
            Column::left("", 0, 0),
            Column::right("", 16, 2),
            Column::left("", 0, 2),
        ],
        false,
    );
    let mut cut = false;
    for (f, s) in &report.kpis {
        let label = if f.key == "placed_within_target_days_share" {
            let days = num(report.placed_within_days, 0, lang);
            match lang {
                Lang::Da => format!("Andel i praktik inden for {days} dage"),
                Lang::En => format!("Share placed within {days} days"),
            }
        } else {
            f.label(lang).to_string()
        };
        let value = if s.mean.is_finite() {
            format!("{} {}", text::number(f, s.mean, lang), f.unit.suffix(lang))
        } else {
            "–".to_string()
        };
        let (ci, was_cut) = interval(f, s, lang);
        cut |= was_cut;
        table
            .rows
            .push(vec![label, value.trim_end().to_string(), ci]);
    }
    blocks.push(Block::Table(table));
    if cut {
        blocks.push(Block::Text(text::cut_note(lang).to_string()));
    }
    blocks.push(Block::Gap);
    blocks
}

/// One line per stage, and what its columns mean.
fn stages(report: &Report, lang: Lang) -> Vec<Block> {
    let fig = |key: &str| {
        crate::figures::stage_figure(key).map_or(&STAGE_FIGURES[0], |i| &STAGE_FIGURES[i])
    };
    let head = |key: &str| fig(key).short(lang).to_string();
    let mut table = DisplayTable::new(
        vec![
            Column::left(lang.pick("Forløb", "Stage"), 6, 0),
            Column::right(head("capacity_mean"), 0, 2),
            Column::right(head("utilisation"), 0, 2),
            Column::right(head("queue_mean"), 4, 2),
            Column::right(head("wait_days_mean"), 0, 2),
            Column::right(head("wait_all_days_mean"), 0, 2),
            Column::right(head("wait_days_p50"), 0, 2),
            Column::right(head("wait_days_p90"), 0, 2),
            Column::right(head("referrals_per_month"), 0, 2),
            Column::right(head("entries_per_month"), 0, 2),
            Column::right(head("cost_dkk"), 0, 2),
        ],
        true,
    );
    let mut changing = false;
    for (s, st) in report.stages.iter().enumerate() {
        let f = |k: &str| st.figure(k).mean;
        let cell = |k: &str| num(f(k), fig(k).decimals, lang);
        // A stage whose places change during the window shows first → last month's places;
        // their average would hide the plan.
        let caps: Vec<f64> = report
            .monthly
            .iter()
            .map(|m| m.stages[s].capacity)
            .collect();
        let varies = caps.windows(2).any(|w| w[0].to_bits() != w[1].to_bits());
        changing |= varies;
        table.rows.push(vec![
            st.label.clone(),
            if varies {
                format!(
                    "{}→{}",
                    places(caps[0], lang),
                    places(caps[caps.len() - 1], lang)
                )
            } else {
                places(f("capacity_mean"), lang)
            },
            if f("utilisation").is_finite() {
                format!("{} %", num(f("utilisation") * 100.0, 0, lang))
            } else {
                num(f("occupancy_mean"), 0, lang)
            },
            cell("queue_mean"),
            cell("wait_days_mean"),
            cell("wait_all_days_mean"),
            cell("wait_days_p50"),
            cell("wait_days_p90"),
            cell("referrals_per_month"),
            cell("entries_per_month"),
            cell("cost_dkk"),
        ]);
    }
    let mut blocks = vec![
        Block::Table(table),
        Block::Gap,
        Block::Text(lang.pick(
            "Liggetid i dage fra henvisning til start, for dem der startede; P50 og P90 i hver replikation, så gennemsnit (samlet over replikationerne i JSON og CSV).",
            "Waiting time (liggetid) in days from referral to start, for those who started; P50 and P90 in each replication, then averaged (pooled over the replications in JSON and CSV).",
        ).to_string()),
        Block::Text(lang.pick(
            "Kø-tid alle: tid i kø for alle henviste, også dem der forlod køen uden at starte (Kaplan-Meier).",
            "Queued, all: time in the queue of everyone referred, also those who left the queue without starting (Kaplan-Meier).",
        ).to_string()),
        Block::Text(lang.pick(
            "Belægning: andel af pladserne i brug (antal i brug for ubegrænsede forløb).",
            "Used: share of the places in use (the number in use for stages without a limit).",
        ).to_string()),
    ];
    if changing {
        blocks.push(Block::Text(lang.pick(
            "Pladser a→b: antallet af pladser ændres i perioden, fra a i første måned til b i sidste (se måned for måned nedenfor).",
            "Places a→b: the number of places changes during the period, from a in the first month to b in the last (see month by month below).",
        ).to_string()));
    }
    blocks
}

/// One row per key figure.
fn kpis_table(report: &Report) -> DataTable {
    let mut t = DataTable::new(
        "kpis",
        &["key", "label", "mean", "ci95_low", "ci95_high", "n"],
    );
    for (f, s) in &report.kpis {
        t.push(vec![
            Cell::text(f.key),
            Cell::Words(crate::lang::Text::new(f.da, f.en)),
            Cell::Measure(s.mean, f.unit),
            Cell::Measure(s.ci95_low, f.unit),
            Cell::Measure(s.ci95_high, f.unit),
            Cell::int(s.n),
        ]);
    }
    t
}

/// One row per item (stage or role) and figure.
fn figures_long<'a>(
    name: &str,
    first: &str,
    figures: &[Figure],
    items: impl Iterator<Item = (&'a str, &'a str, &'a [Summary])>,
) -> DataTable {
    let mut t = DataTable::new(
        name,
        &[
            first,
            "label",
            "figure",
            "mean",
            "ci95_low",
            "ci95_high",
            "n",
        ],
    );
    for (item, label, values) in items {
        for (f, s) in figures.iter().zip(values) {
            t.push(vec![
                Cell::text(item),
                Cell::text(label),
                Cell::text(f.key),
                Cell::Measure(s.mean, f.unit),
                Cell::Measure(s.ci95_low, f.unit),
                Cell::Measure(s.ci95_high, f.unit),
                Cell::int(s.n),
            ]);
        }
    }
    t
}

/// Weekly stocks per stage (mean over replications), long format, then the totals under names
/// starting with an underscore.
fn weekly_table(report: &Report) -> DataTable {
    let mut t = DataTable::new(
        "weekly",
        &["week", "date", "stage", "capacity", "occupancy", "queue"],
    );
    for row in &report.weekly {
        let week = || Cell::int(row.week);
        let date = || Cell::text(row.date.clone());
        for (s, st) in report.stages.iter().enumerate() {
            t.push(vec![
                week(),
                date(),
                Cell::text(st.name.clone()),
                Cell::Num(row.capacity[s]),
                Cell::Num(row.occupancy[s]),
                Cell::Num(row.queue[s]),
            ]);
        }
        for (name, v) in [
            ("_target_group", row.present),
            ("_active", row.active),
            ("_company_based", row.company),
            ("_passive", row.passive),
        ] {
            t.push(vec![
                week(),
                date(),
                Cell::text(name),
                Cell::Empty,
                Cell::Num(v),
                Cell::Empty,
            ]);
        }
    }
    t
}

/// Share of new applicants still on benefit by week, with the input curve beside it.
fn survival_table(report: &Report) -> DataTable {
    let mut t = DataTable::new(
        "survival",
        &["week", "on_benefit", "ci95_low", "ci95_high", "input_curve"],
    );
    for r in &report.survival {
        t.push(vec![
            Cell::Num(r.week),
            Cell::Measure(r.on_benefit.mean, crate::figures::Unit::Share),
            Cell::Measure(r.on_benefit.ci95_low, crate::figures::Unit::Share),
            Cell::Measure(r.on_benefit.ci95_high, crate::figures::Unit::Share),
            Cell::Measure(r.input, crate::figures::Unit::Share),
        ]);
    }
    t
}
