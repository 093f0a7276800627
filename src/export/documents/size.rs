//! `kapacitet size` as a document: the answer in plain Danish with its confidence and every
//! candidate tried, as the terminal table, the JSON contract (size.json, documented in
//! docs/output-reference.md) and one machine table (size.csv: a row per candidate and target).

use serde::Serialize;

use crate::export::json::sorted;
use crate::export::text::danish;
use crate::export::{finite, Block, Cell, Column, DataTable, DisplayTable, Document};
use crate::model::Model;
use crate::sizing::{
    month_label, Budget, CloseResult, Closing, Evaluation, Lever, Op, SizeResult, Target, Verdict,
};

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
    pub conclusion: String,
    /// When the lever stopped helping: what binds instead, with advice.
    pub limited_by: Vec<String>,
    pub warnings: Vec<String>,
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

/// Notes on targets met because no replication missed them at all: "none of n" still allows a
/// miss in up to about 3/n of futures (the rule of three).
fn edge_notes(targets: &[Target], e: &Evaluation) -> String {
    let mut out = String::new();
    for (t, c) in targets.iter().zip(&e.checks) {
        if t.is_edge() && c.verdict == Verdict::Met {
            let n = c.summary.n.max(1) as f64;
            out.push_str(&format!(
                " «{}» holdt i alle {} replikationer; risikoen for at det ikke holder, er derfor højst omkring {} % (95 %, «rule of three»).",
                t.text,
                c.summary.n,
                danish((300.0 / n).min(100.0), 0)
            ));
        }
    }
    out
}

/// A capacity or FTE search, ready to write.
pub struct SizeOutput<'a> {
    pub model: &'a Model,
    pub lever: &'a Lever,
    pub targets: &'a [Target],
    pub budget: &'a Budget,
    pub result: &'a SizeResult,
}

impl SizeOutput<'_> {
    pub fn into_doc(self) -> SizeDoc {
        let m = self.model;
        let (mode, subject, label, unit, from_month, step) = match *self.lever {
            Lever::Stage { stage, from_day } => (
                "stage",
                m.stages[stage].name.clone(),
                m.stages[stage].label.clone(),
                "places",
                from_day.map(|d| m.calendar.date_of(d).format("%Y-%m").to_string()),
                1.0,
            ),
            Lever::Role { role, step } => (
                "role",
                m.staff[role].name.clone(),
                m.staff[role].label.clone(),
                "fte",
                None,
                step,
            ),
        };
        let unit_da = if unit == "places" {
            "pladser"
        } else {
            "årsværk"
        };
        let r = self.result;
        let one_fewer = r.answer.and_then(|a| {
            r.evaluations
                .iter()
                .position(|e| (e.setting - (a - step)).abs() < 1e-9)
        });
        let answer_eval = r.answer.and_then(|a| r.at(a));
        let certain = r
            .answer
            .map(|_| one_fewer.is_none_or(|i| r.evaluations[i].verdict == Verdict::NotMet));
        let conclusion = match (answer_eval, one_fewer) {
            (Some(e), None) => format!(
                "Svar: {} {unit_da} i {label}. Allerede det mindste antal, der blev afprøvet, opfylder alle mål (95 % konfidensinterval over {} replikationer).{}",
                e.label,
                e.replications,
                edge_notes(self.targets, e)
            ),
            (Some(e), Some(i)) => {
                let below = &r.evaluations[i];
                let tail = if below.verdict == Verdict::NotMet {
                    format!(
                        "med {} er de ikke ({} replikationer).",
                        below.label, below.replications
                    )
                } else {
                    format!(
                        "om {} også er nok, kan {} replikationer ikke afgøre: forskellen er mindre end usikkerheden. Hæv --max-replications for at afgøre det.",
                        below.label, below.replications
                    )
                };
                format!(
                    "Svar: {} {unit_da} i {label}. Med {} er alle mål opfyldt (95 % konfidensinterval over {} replikationer); {tail}{}",
                    e.label,
                    e.label,
                    e.replications,
                    edge_notes(self.targets, e)
                )
            }
            _ if !r.limited_by.is_empty() => format!(
                "Intet antal {unit_da} i {label} opfylder målene: fra {} {unit_da} ændrer flere ingenting. Det, der binder: {}.",
                danish(r.limit, if step < 1.0 { 1 } else { 0 }),
                r.limited_by.join("; ")
            ),
            _ => {
                let top = r.evaluations.last();
                let doubt = top.is_some_and(|e| e.verdict == Verdict::Undecided);
                format!(
                    "Intet antal op til {} {unit_da} opfylder målene med sikkerhed{}. Se om målene kan nås ved at ændre andet end {label}, eller hæv --max.",
                    danish(r.limit, if step < 1.0 { 1 } else { 0 }),
                    if doubt {
                        " (ved det højeste antal er det uafklaret)"
                    } else {
                        ""
                    }
                )
            }
        };
        SizeDoc {
            mode,
            scenario: m.name.clone(),
            seed: self.budget.seed,
            subject,
            subject_label: label,
            unit,
            from_month,
            close_to: None,
            end_stays: None,
            targets: target_rows(m, self.targets),
            replications: self.budget.replications,
            max_replications: self.budget.max_replications,
            evaluations: r.evaluations.clone(),
            answer: r.answer,
            certain,
            one_fewer,
            earliest_safe_month: None,
            latest_safe_month: None,
            conclusion,
            limited_by: r.limited_by.clone(),
            warnings: r.warnings.clone(),
            close: None,
            close_month: None,
            months: Vec::new(),
        }
    }
}

/// A closing-month scan, ready to write.
pub struct CloseOutput<'a> {
    pub model: &'a Model,
    pub closing: &'a Closing,
    pub targets: &'a [Target],
    pub budget: &'a Budget,
    pub result: &'a CloseResult,
}

impl CloseOutput<'_> {
    pub fn into_doc(self) -> SizeDoc {
        let m = self.model;
        let st = &m.stages[self.closing.stage];
        let r = self.result;
        let first = r
            .evaluations
            .first()
            .map(|e| e.label.clone())
            .unwrap_or_default();
        let last = r
            .evaluations
            .last()
            .map(|e| e.label.clone())
            .unwrap_or_default();
        let earliest = r.earliest_safe.map(|i| month_label(m, i));
        let latest = r.latest_safe.map(|i| month_label(m, i));
        let closing = format!("Lukning af {} til {} pladser", st.label, self.closing.to);
        let conclusion = match (&earliest, &latest) {
            (Some(e), Some(l)) => {
                let before = r
                    .evaluations
                    .iter()
                    .rposition(|x| x.label == *e)
                    .and_then(|i| i.checked_sub(1))
                    .map(|i| &r.evaluations[i]);
                let why = match before {
                    Some(b) if b.verdict == Verdict::NotMet => {
                        format!(" Lukning i {} opfylder dem ikke.", b.label)
                    }
                    Some(b) => format!(
                        " Om lukning i {} også går, kan {} replikationer ikke afgøre.",
                        b.label, b.replications
                    ),
                    None => String::new(),
                };
                let eval = r.evaluations.iter().find(|x| x.label == *e);
                format!(
                    "{closing} opfylder alle mål fra {e} (hver måned fra {e} til {last} er afprøvet; 95 % konfidensinterval). Tidligste sikre måned: {e}; seneste sikre måned i perioden: {l}.{why}{}",
                    eval.map_or(String::new(), |x| edge_notes(self.targets, x))
                )
            }
            (None, Some(l)) => format!(
                "{closing} opfylder alle mål i nogle måneder (senest {l}), men ikke i alle senere måneder: se tabellen."
            ),
            _ => format!(
                "{closing} opfylder ikke alle mål i nogen måned fra {first} til {last}. Planen for nye pladser skal udvides, eller der skal bruges en buffer (anden aktør)."
            ),
        };
        SizeDoc {
            mode: "close",
            scenario: m.name.clone(),
            seed: self.budget.seed,
            subject: st.name.clone(),
            subject_label: st.label.clone(),
            unit: "month",
            from_month: None,
            close_to: Some(self.closing.to),
            end_stays: Some(self.closing.end_stays),
            targets: target_rows(m, self.targets),
            replications: self.budget.replications,
            max_replications: self.budget.max_replications,
            evaluations: r.evaluations.clone(),
            answer: None,
            certain: None,
            one_fewer: None,
            earliest_safe_month: earliest,
            latest_safe_month: latest,
            conclusion,
            limited_by: Vec::new(),
            warnings: r.warnings.clone(),
            close: None,
            close_month: None,
            months: Vec::new(),
        }
    }
}

fn value_text(row: &TargetRow, v: f64) -> String {
    if row.share {
        format!("{} %", danish(v * 100.0, 1))
    } else {
        danish(v, if v.abs() < 10.0 { 2 } else { 1 })
    }
}

fn symbol(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "✓",
        Verdict::NotMet => "✗",
        Verdict::Undecided => "?",
    }
}

impl SizeDoc {
    /// The search and its answer as a document.
    pub fn document(&self) -> Document {
        Document {
            command: "size",
            json_name: "size.json",
            json: sorted(&SizeJson::of(self)),
            data: vec![self.table()],
            blocks: self.blocks(),
        }
    }

    /// For people: what was searched, the targets, every candidate and the conclusion.
    fn blocks(&self) -> Vec<Block> {
        let doc = self;
        let closing = |to: Option<u32>, stays: Option<bool>| {
            format!(
                "til {} pladser{}",
                to.unwrap_or(0),
                if stays == Some(true) {
                    ", deltagerne stopper ved lukningen"
                } else {
                    ", pladserne lukker, efterhånden som forløbene slutter"
                }
            )
        };
        let after = match (&doc.close, &doc.close_month) {
            (Some(x), Some(m)) => format!(
                ", når {x} lukker i {m} {}",
                closing(doc.close_to, doc.end_stays)
            ),
            (Some(x), None) => format!(
                ", for hver måned {x} kan lukke i, {}",
                closing(doc.close_to, doc.end_stays)
            ),
            _ => String::new(),
        };
        let what = match doc.mode {
            "stage" | "close_stage" => format!(
                "pladser i {} ({}){}{after}",
                doc.subject_label,
                doc.subject,
                doc.from_month
                    .as_ref()
                    .map_or(" i hele kørslen".to_string(), |m| format!(" fra {m}"))
            ),
            "role" | "close_role" => {
                format!("årsværk i {} ({}){after}", doc.subject_label, doc.subject)
            }
            _ => format!(
                "måned for lukning af {} ({}) {}",
                doc.subject_label,
                doc.subject,
                closing(doc.close_to, doc.end_stays)
            ),
        };
        let mut head = format!(
            "kapacitet size · {}\nSøger: {what}\nSeed {} · {}–{} replikationer pr. forsøg · samme tilfældige tal for alle forsøg\nMål (alle skal holde):",
            doc.scenario, doc.seed, doc.replications, doc.max_replications
        );
        for (i, t) in doc.targets.iter().enumerate() {
            head.push_str(&format!(
                "\n  {}) {}   [{} {} {}]",
                i + 1,
                t.text,
                t.key,
                t.op.symbol(),
                value_text(t, t.value)
            ));
        }
        if !doc.months.is_empty() {
            return super::size_after_closing::blocks(doc, head);
        }
        let setting = match doc.unit {
            "places" => "Pladser",
            "fte" => "Årsværk",
            _ => "Lukning",
        };
        let mut columns = vec![Column::right(setting, 8, 0), Column::right("Replik.", 8, 1)];
        columns
            .extend((0..doc.targets.len()).map(|i| Column::right(format!("Mål {}", i + 1), 0, 2)));
        columns.push(Column::left("Vurdering", 0, 2));
        let mut table = DisplayTable::new(columns, true);
        for e in &doc.evaluations {
            let mut row = vec![e.label.clone(), e.replications.to_string()];
            row.extend(
                e.checks
                    .iter()
                    .zip(&doc.targets)
                    .map(|(c, t)| check_text(t, c)),
            );
            row.push(e.verdict.danish().to_string());
            table.rows.push(row);
        }
        vec![
            Block::Text(head),
            Block::Gap,
            Block::Table(table),
            Block::Text("Gennemsnit over replikationerne [95 % konfidensinterval]. ✓ hele intervallet holder målet, ✗ intet af det gør, ? uafklaret. Udefineret: tallet findes ikke (fx ingen startede, så der er ingen liggetid).".to_string()),
            Block::Gap,
            Block::Text(doc.conclusion.clone()),
        ]
    }

    /// size.csv: one row per candidate and target (after closing: per month, candidate and
    /// target, with the month first).
    fn table(&self) -> DataTable {
        if !self.months.is_empty() {
            return super::size_after_closing::table(self);
        }
        let mut t = DataTable::new(
            "size",
            &[
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
            ],
        );
        for e in &self.evaluations {
            for (c, target) in e.checks.iter().zip(&self.targets) {
                t.push(vec![
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
            }
        }
        t
    }
}

/// One target at one candidate, for people: mean [interval] and the verdict's sign.
fn check_text(t: &TargetRow, c: &crate::sizing::TargetCheck) -> String {
    let s = &c.summary;
    if s.n == 0 {
        return format!("udefineret {}", symbol(c.verdict));
    }
    let ci = if s.ci95_low.is_finite() {
        format!(
            " [{} ; {}]",
            value_text(t, s.ci95_low),
            value_text(t, s.ci95_high)
        )
    } else {
        String::new()
    };
    format!("{}{} {}", value_text(t, s.mean), ci, symbol(c.verdict))
}

/// The JSON of `size`; keys are written sorted.
#[derive(Serialize)]
struct SizeJson<'a> {
    kapacitet_version: &'static str,
    scenario: &'a str,
    seed: u64,
    mode: &'a str,
    subject: &'a str,
    unit: &'a str,
    from_month: Option<&'a str>,
    close_to: Option<u32>,
    end_stays: Option<bool>,
    confidence: f64,
    replications: u32,
    max_replications: u32,
    targets: Vec<TargetJson<'a>>,
    answer: Option<f64>,
    certain: Option<bool>,
    one_fewer: Option<OneFewerJson>,
    earliest_safe_month: Option<&'a str>,
    latest_safe_month: Option<&'a str>,
    conclusion: &'a str,
    limited_by: &'a [String],
    warnings: &'a [String],
    evaluations: Vec<EvaluationJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    close: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    close_month: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    months: Vec<MonthJson<'a>>,
}

/// One closing month of a search after closing: the search's answer and candidates.
#[derive(Serialize)]
struct MonthJson<'a> {
    month: &'a str,
    answer: Option<f64>,
    certain: Option<bool>,
    one_fewer: Option<OneFewerJson>,
    conclusion: &'a str,
    limited_by: &'a [String],
    evaluations: Vec<EvaluationJson>,
}

#[derive(Serialize)]
struct TargetJson<'a> {
    text: &'a str,
    figure: &'a str,
    op: &'static str,
    value: f64,
}

#[derive(Serialize)]
struct OneFewerJson {
    setting: f64,
    verdict: &'static str,
    replications: u32,
}

#[derive(Serialize)]
struct EvaluationJson {
    setting: serde_json::Value,
    replications: u32,
    verdict: &'static str,
    targets: Vec<CheckJson>,
}

#[derive(Serialize)]
struct CheckJson {
    mean: Option<f64>,
    ci95_low: Option<f64>,
    ci95_high: Option<f64>,
    n: usize,
    verdict: &'static str,
    replications_missing: usize,
}

impl<'a> SizeJson<'a> {
    fn of(doc: &'a SizeDoc) -> Self {
        SizeJson {
            kapacitet_version: env!("CARGO_PKG_VERSION"),
            scenario: &doc.scenario,
            seed: doc.seed,
            mode: doc.mode,
            subject: &doc.subject,
            unit: doc.unit,
            from_month: doc.from_month.as_deref(),
            close_to: doc.close_to,
            end_stays: doc.end_stays,
            confidence: 0.95,
            replications: doc.replications,
            max_replications: doc.max_replications,
            targets: doc
                .targets
                .iter()
                .map(|t| TargetJson {
                    text: &t.text,
                    figure: &t.key,
                    op: t.op.symbol(),
                    value: t.value,
                })
                .collect(),
            answer: doc.answer.and_then(finite),
            certain: doc.certain,
            one_fewer: doc.one_fewer.map(|i| {
                let e = &doc.evaluations[i];
                OneFewerJson {
                    setting: e.setting,
                    verdict: e.verdict.key(),
                    replications: e.replications,
                }
            }),
            earliest_safe_month: doc.earliest_safe_month.as_deref(),
            latest_safe_month: doc.latest_safe_month.as_deref(),
            conclusion: &doc.conclusion,
            limited_by: &doc.limited_by,
            warnings: &doc.warnings,
            close: doc.close.as_deref(),
            close_month: doc.close_month.as_deref(),
            months: doc
                .months
                .iter()
                .map(|(m, d)| {
                    let inner = SizeJson::of(d);
                    MonthJson {
                        month: m,
                        answer: inner.answer,
                        certain: inner.certain,
                        one_fewer: inner.one_fewer,
                        conclusion: inner.conclusion,
                        limited_by: inner.limited_by,
                        evaluations: inner.evaluations,
                    }
                })
                .collect(),
            evaluations: doc
                .evaluations
                .iter()
                .map(|e| EvaluationJson {
                    setting: if doc.mode == "close" {
                        e.label.clone().into()
                    } else {
                        e.setting.into()
                    },
                    replications: e.replications,
                    verdict: e.verdict.key(),
                    targets: e
                        .checks
                        .iter()
                        .map(|c| CheckJson {
                            mean: finite(c.summary.mean),
                            ci95_low: finite(c.summary.ci95_low),
                            ci95_high: finite(c.summary.ci95_high),
                            n: c.summary.n,
                            verdict: c.verdict.key(),
                            replications_missing: c.replications_missing,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
