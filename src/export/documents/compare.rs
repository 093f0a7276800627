//! `kapacitet compare` as a document: the JSON contract (compare.json), the rows and the
//! survival curves as machine tables (compare.csv, survival_by_strategy.csv), and the terminal
//! table of strategies side by side with paired differences, then the sensitivity sweep.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::compare::{Comparison, Row, Sweep};
use crate::export::json::{sorted, SummaryJson};
use crate::export::text::{self, difference, percent_or_number};
use crate::export::{finite, Block, Cell, Column, DataTable, DisplayTable, Document};
use crate::figures::{Lang, Unit};
use crate::lang::Text;

/// The comparison (and its sweep, if any) as a document.
pub fn document(c: &Comparison, sweep: Option<&Sweep>, lang: Lang) -> Document {
    let mut blocks = table(c, lang);
    if let Some(s) = sweep {
        blocks.extend(sweep_blocks(s, lang));
    }
    Document {
        command: "compare",
        json_name: "compare.json",
        json: sorted(&CompareJson::of(c, sweep)),
        data: vec![rows_table(c), survival_table(c)],
        blocks,
    }
}

/// The JSON of `compare` (docs/output-reference.md); keys are written sorted.
#[derive(Serialize)]
struct CompareJson<'a> {
    kapacitet_version: &'static str,
    scenario: &'a str,
    replications: u32,
    seed: u64,
    strategies: &'a [String],
    baseline: Option<&'a String>,
    mode: &'a str,
    columns: Vec<ColumnJson<'a>>,
    kpis: BTreeMap<&'a str, RowJson<'a>>,
    stages: BTreeMap<&'a str, RowJson<'a>>,
    staff: BTreeMap<&'a str, RowJson<'a>>,
    survival: BTreeMap<&'a str, Vec<SurvivalPointJson>>,
    /// In English, as they have always been written here.
    warnings: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sensitivity: Option<SweepJson<'a>>,
}

/// A column and what sets it apart from the first.
#[derive(Serialize)]
struct ColumnJson<'a> {
    name: &'a str,
    /// In Danish, as they have always been written here.
    differs: Vec<&'a str>,
}

#[derive(Serialize)]
struct RowJson<'a> {
    label: &'a str,
    by_strategy: BTreeMap<&'a str, SummaryJson>,
    difference: BTreeMap<&'a str, DifferenceJson>,
}

#[derive(Serialize)]
struct DifferenceJson {
    #[serde(flatten)]
    summary: SummaryJson,
    unpaired_ci95_half_width: Option<f64>,
}

#[derive(Serialize)]
struct SurvivalPointJson {
    week: f64,
    on_benefit: SummaryJson,
}

#[derive(Serialize)]
struct SweepJson<'a> {
    parameter: &'a str,
    rank_by: &'a str,
    points: Vec<SweepPointJson<'a>>,
    ranking_stable: bool,
}

#[derive(Serialize)]
struct SweepPointJson<'a> {
    value: &'a crate::compare::VaryValue,
    by_strategy: BTreeMap<&'a str, SummaryJson>,
    ranking: &'a [String],
    clear_winner: bool,
}

impl<'a> RowJson<'a> {
    fn of(c: &'a Comparison, row: &'a Row) -> Self {
        let names = c.strategies.iter().map(String::as_str);
        RowJson {
            label: &row.label.da,
            by_strategy: names
                .clone()
                .zip(&row.values)
                .map(|(n, v)| (n, v.into()))
                .collect(),
            difference: names
                .enumerate()
                .skip(1)
                .map(|(i, n)| {
                    (
                        n,
                        DifferenceJson {
                            summary: (&row.paired[i]).into(),
                            unpaired_ci95_half_width: finite(row.unpaired_half_width[i]),
                        },
                    )
                })
                .collect(),
        }
    }
}

impl<'a> CompareJson<'a> {
    fn of(c: &'a Comparison, sweep: Option<&'a Sweep>) -> Self {
        let (mut kpis, mut stages, mut staff) = (BTreeMap::new(), BTreeMap::new(), BTreeMap::new());
        for row in &c.rows {
            if let Some(rest) = row.key.strip_prefix("staff.") {
                staff.insert(rest, RowJson::of(c, row));
            } else if let Some(rest) = row.key.strip_prefix("stages.") {
                stages.insert(rest, RowJson::of(c, row));
            } else {
                kpis.insert(row.key.as_str(), RowJson::of(c, row));
            }
        }
        CompareJson {
            kapacitet_version: env!("CARGO_PKG_VERSION"),
            scenario: &c.scenario,
            replications: c.replications,
            seed: c.seed,
            strategies: &c.strategies,
            baseline: c.strategies.first(),
            mode: c.mode,
            columns: c
                .strategies
                .iter()
                .zip(&c.differs)
                .map(|(name, differs)| ColumnJson {
                    name,
                    differs: differs.iter().map(|t| t.da.as_str()).collect(),
                })
                .collect(),
            kpis,
            stages,
            staff,
            survival: c
                .strategies
                .iter()
                .zip(&c.reports)
                .map(|(name, rep)| {
                    let points = rep
                        .survival
                        .iter()
                        .map(|r| SurvivalPointJson {
                            week: r.week,
                            on_benefit: (&r.on_benefit).into(),
                        })
                        .collect();
                    (name.as_str(), points)
                })
                .collect(),
            warnings: c.warnings.iter().map(|w| w.en.as_str()).collect(),
            sensitivity: sweep.map(|s| SweepJson {
                parameter: &s.parameter,
                rank_by: s.rank_by.key,
                points: s
                    .points
                    .iter()
                    .map(|p| SweepPointJson {
                        value: &p.value,
                        by_strategy: s
                            .strategies
                            .iter()
                            .zip(&p.values)
                            .map(|(n, v)| (n.as_str(), v.into()))
                            .collect(),
                        ranking: &p.ranking,
                        clear_winner: p.clear_winner,
                    })
                    .collect(),
                ranking_stable: s.ranking_stable(),
            }),
        }
    }
}

/// One line per figure: each strategy's mean, and for every strategy after the first its paired
/// difference with the 95 % interval (kept beside its mean when the table is cut to fit).
/// A column name longer than this (a variant's settings, a long file name) heads its column as a
/// letter, and the legend under the table gives the name: the figure names keep their room.
const LONG_NAME: usize = 20;

/// What heads each column: its name, or its letter (A for the first) when the name is long.
fn column_heads(names: &[String]) -> Vec<String> {
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            if name.chars().count() > LONG_NAME {
                char::from(b'A' + (i % 26) as u8).to_string()
            } else {
                name.clone()
            }
        })
        .collect()
}

fn table(c: &Comparison, lang: Lang) -> Vec<Block> {
    let heads = column_heads(&c.strategies);
    let mut columns = vec![Column::left(lang.pick("Nøgletal", "Figure"), 0, 0)];
    for (i, s) in heads.iter().enumerate() {
        columns.push(Column::right(s.clone(), 0, 2));
        if i > 0 {
            let head = match lang {
                Lang::Da => format!("forskel til {}\n[95 % KI]", heads[0]),
                Lang::En => format!("difference to {}\n[95 % CI]", heads[0]),
            };
            columns.push(Column::right(head, 0, 2).joined());
        }
    }
    let mut t = DisplayTable::new(columns, true);
    // Of the stage figures, the table shows liggetid; the files have them all.
    let shown = |r: &&Row| {
        r.values.iter().any(|v| v.n > 0)
            && (!r.key.starts_with("stages.") || r.key.ends_with(".wait_days_mean"))
    };
    for row in c.rows.iter().filter(shown) {
        let mut cells = vec![row.label.get(lang).to_string()];
        for (i, v) in row.values.iter().enumerate() {
            cells.push(percent_or_number(&row.figure, v.mean, lang));
            if i > 0 {
                cells.push(difference(&row.figure, &row.paired[i], lang));
            }
        }
        t.rows.push(cells);
    }
    let mut about = String::from(lang.pick("Kolonnerne:", "The columns:"));
    for (i, ((name, head), differs)) in c.strategies.iter().zip(&heads).zip(&c.differs).enumerate()
    {
        let text = match (i, differs.is_empty()) {
            (0, true) => lang
                .pick("scenariet som skrevet", "the scenario as written")
                .to_string(),
            (_, true) => match lang {
                Lang::Da => format!("ingen indstilling er anderledes end i {}", c.strategies[0]),
                Lang::En => format!("no setting differs from {}", c.strategies[0]),
            },
            _ => Text::all(differs, lang).join("; "),
        };
        if head == name {
            about.push_str(&format!("\n  {name}: {text}"));
        } else {
            about.push_str(&format!("\n  {head} = {name}: {text}"));
        }
    }
    let head = match lang {
        Lang::Da => format!(
            "kapacitet compare · {}\n{} pr. {} · seed {} · samme borgere i alle kolonner (fælles tilfældige tal)",
            c.scenario,
            text::replications(c.replications, lang),
            if c.mode == "scenarios" { "scenarie" } else { "strategi" },
            c.seed
        ),
        Lang::En => format!(
            "kapacitet compare · {}\n{} per {} · seed {} · the same citizens in every column (common random numbers)",
            c.scenario,
            text::replications(c.replications, lang),
            if c.mode == "scenarios" { "scenario" } else { "strategy" },
            c.seed
        ),
    };
    vec![
        Block::Text(head),
        Block::Gap,
        Block::Table(t),
        Block::Gap,
        Block::Text(about),
        Block::Text(lang.pick(
            "Forskel: parret forskel med 95 % konfidensinterval over replikationer (samme borgere). Effekterne er antagelser: se følsomheden med --vary.",
            "Difference: paired difference with its 95 % confidence interval over replications (the same citizens). The effects are assumptions: see the sensitivity with --vary.",
        ).to_string()),
    ]
}

/// The sensitivity sweep for a terminal.
fn sweep_blocks(s: &Sweep, lang: Lang) -> Vec<Block> {
    let f = s.rank_by;
    let mut columns = vec![Column::right(s.label.get(lang), 10, 0)];
    for name in &s.strategies {
        columns.push(Column::right(name.clone(), 0, 2));
    }
    columns.push(Column::left(lang.pick("rangorden", "ranking"), 0, 2));
    let mut t = DisplayTable::new(columns, true);
    let (mut cut, mut tied) = (false, false);
    for (p, value) in s.points.iter().zip(s.value_texts(lang)) {
        let mut cells = vec![value];
        for v in &p.values {
            let mean = text::number(f, v.mean, lang);
            cells.push(if v.ci95_low.is_finite() {
                let (lo, hi, was_cut) = text::cut(f.unit, v.ci95_low, v.ci95_high);
                cut |= was_cut;
                let (lo, hi) = (text::number(f, lo, lang), text::number(f, hi, lang));
                format!("{mean} [{lo}; {hi}]")
            } else {
                mean
            });
        }
        let better = match f.direction {
            crate::figures::Direction::HigherIsBetter => " > ",
            _ => " < ",
        };
        // The best two that cannot be told apart are joined by ≈ (explained under the table).
        let mut ranking = p.ranking.join(better);
        if !p.clear_winner {
            tied = true;
            ranking = ranking.replacen(better, " ≈ ", 1);
        }
        cells.push(ranking);
        t.rows.push(cells);
    }
    // The name as given to --vary beside its label: it is how the files name the setting.
    let label = s.label.get(lang);
    let varied = if label == s.parameter {
        label.to_string()
    } else {
        format!("{label} ({})", s.parameter)
    };
    let head = match lang {
        Lang::Da => format!(
            "Følsomhed for {varied}\nStrategierne rangeret efter {} ({})",
            f.key,
            f.direction.ranking_words(lang)
        ),
        Lang::En => format!(
            "Sensitivity to {varied}\nThe strategies ranked by {} ({})",
            f.key,
            f.direction.ranking_words(lang)
        ),
    };
    let stable = if s.ranking_stable() {
        lang.pick(
            "Rangordenen er den samme for alle værdier.",
            "The ranking is the same for every value.",
        )
    } else {
        lang.pick(
            "Rangordenen skifter: konklusionen afhænger af den ukendte effekt.",
            "The ranking changes: the conclusion depends on the unknown effect.",
        )
    };
    let mut blocks = vec![
        Block::Gap,
        Block::Text(head),
        Block::Table(t),
        Block::Text(stable.to_string()),
    ];
    if tied {
        blocks.push(Block::Text(
            lang.pick(
                "≈: de to bedste kan ikke skilles ad (den parrede forskels interval rummer 0).",
                "≈: the best two cannot be told apart (the paired difference's interval contains 0).",
            )
            .to_string(),
        ));
    }
    if cut {
        blocks.push(Block::Text(text::cut_note(lang).to_string()));
    }
    blocks
}

/// Every compared figure, one row per figure and strategy.
fn rows_table(c: &Comparison) -> DataTable {
    let mut t = DataTable::new(
        "compare",
        &[
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
        ],
    );
    for row in &c.rows {
        let unit = row.figure.unit;
        for (i, name) in c.strategies.iter().enumerate() {
            let (v, d) = (&row.values[i], &row.paired[i]);
            t.push(vec![
                Cell::text(row.key.clone()),
                Cell::Words(row.label.clone()),
                Cell::text(name.clone()),
                Cell::Measure(v.mean, unit),
                Cell::Measure(v.ci95_low, unit),
                Cell::Measure(v.ci95_high, unit),
                Cell::Measure(d.mean, unit),
                Cell::Measure(d.ci95_low, unit),
                Cell::Measure(d.ci95_high, unit),
                Cell::Measure(row.unpaired_half_width[i], unit),
            ]);
        }
    }
    t
}

/// Share of new applicants still on benefit by week, per strategy.
fn survival_table(c: &Comparison) -> DataTable {
    let mut t = DataTable::new(
        "survival_by_strategy",
        &["strategy", "week", "on_benefit", "ci95_low", "ci95_high"],
    );
    for (name, rep) in c.strategies.iter().zip(&c.reports) {
        for r in &rep.survival {
            t.push(vec![
                Cell::text(name.clone()),
                Cell::Num(r.week),
                Cell::Measure(r.on_benefit.mean, Unit::Share),
                Cell::Measure(r.on_benefit.ci95_low, Unit::Share),
                Cell::Measure(r.on_benefit.ci95_high, Unit::Share),
            ]);
        }
    }
    t
}
