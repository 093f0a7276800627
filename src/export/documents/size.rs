//! `kapacitet size` as a document: the answer in plain Danish with its confidence and every
//! candidate tried, as the terminal table, the JSON contract (size.json, documented in
//! docs/output-reference.md) and one machine table (size.csv: a row per candidate and target).

use serde::Serialize;

use crate::export::json::sorted;
use crate::export::text::{self, num, trimmed};
use crate::export::{finite, Block, Cell, Column, DataTable, DisplayTable, Document};
use crate::figures::{Lang, Unit};
use crate::lang::Text;
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
    pub conclusion: Text,
    /// When the lever stopped helping: what binds instead, with advice.
    pub limited_by: Vec<Text>,
    pub warnings: Vec<Text>,
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
fn edge_notes(targets: &[Target], e: &Evaluation, lang: Lang) -> String {
    let mut out = String::new();
    for (t, c) in targets.iter().zip(&e.checks) {
        if t.is_edge() && c.verdict == Verdict::Met {
            let (text, n) = (&t.text, c.summary.n);
            let risk = num((300.0 / n.max(1) as f64).min(100.0), 0, lang);
            out.push_str(&match lang {
                Lang::Da => format!(" «{text}» holdt i alle {n} replikationer; risikoen for at det ikke holder, er derfor højst omkring {risk} % (95 %, «rule of three»)."),
                Lang::En => format!(" «{text}» held in all {n} replications; the risk that it does not hold is therefore at most about {risk} % (95 %, the rule of three)."),
            });
        }
    }
    out
}

/// "pladser" or "årsværk" ("places", "FTE") for a search's unit.
pub(super) fn unit_word(unit: &str, lang: Lang) -> &'static str {
    if unit == "places" {
        lang.pick("pladser", "places")
    } else {
        Unit::Fte.suffix(lang)
    }
}

/// A candidate's setting for people: its places, FTE in the language's style, or its month.
fn setting(unit: &str, e: &Evaluation, lang: Lang) -> String {
    if unit == "fte" {
        trimmed(e.setting, 2, lang)
    } else {
        e.label.clone()
    }
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
        let r = self.result;
        let one_fewer = r.answer.and_then(|a| {
            r.evaluations
                .iter()
                .position(|e| (e.setting - (a - step)).abs() < 1e-9)
        });
        let certain = r
            .answer
            .map(|_| one_fewer.is_none_or(|i| r.evaluations[i].verdict == Verdict::NotMet));
        let conclusion = Text::by(|lang| self.conclusion(lang, &label, unit, step, one_fewer));
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

    /// The answer in a sentence or two, with how sure it is.
    fn conclusion(
        &self,
        lang: Lang,
        label: &str,
        unit: &str,
        step: f64,
        one_fewer: Option<usize>,
    ) -> String {
        let r = self.result;
        let word = unit_word(unit, lang);
        let at = |e: &Evaluation| setting(unit, e, lang);
        let limit = num(r.limit, if step < 1.0 { 1 } else { 0 }, lang);
        let answer_eval = r.answer.and_then(|a| r.at(a));
        match (answer_eval, one_fewer) {
            (Some(e), None) => {
                let (n, reps, notes) = (at(e), e.replications, edge_notes(self.targets, e, lang));
                match lang {
                    Lang::Da => format!("Svar: {n} {word} i {label}. Allerede det mindste antal, der blev afprøvet, opfylder alle krav (95 % konfidensinterval over {reps} replikationer).{notes}"),
                    Lang::En => format!("Answer: {n} {word} in {label}. Already the smallest number tried meets every requirement (95 % confidence interval over {reps} replications).{notes}"),
                }
            }
            (Some(e), Some(i)) => {
                let below = &r.evaluations[i];
                let (b, b_reps) = (at(below), below.replications);
                let tail = match (below.verdict == Verdict::NotMet, lang) {
                    (true, Lang::Da) => format!("med {b} er de ikke ({b_reps} replikationer)."),
                    (true, Lang::En) => format!("with {b} they are not ({b_reps} replications)."),
                    (false, Lang::Da) => format!("om {b} også er nok, kan {b_reps} replikationer ikke afgøre: forskellen er mindre end usikkerheden. Hæv --max-replications for at afgøre det."),
                    (false, Lang::En) => format!("whether {b} is enough too, {b_reps} replications cannot tell: the difference is smaller than the uncertainty. Raise --max-replications to settle it."),
                };
                let (n, reps, notes) = (at(e), e.replications, edge_notes(self.targets, e, lang));
                match lang {
                    Lang::Da => format!("Svar: {n} {word} i {label}. Med {n} er alle krav opfyldt (95 % konfidensinterval over {reps} replikationer); {tail}{notes}"),
                    Lang::En => format!("Answer: {n} {word} in {label}. With {n} every requirement is met (95 % confidence interval over {reps} replications); {tail}{notes}"),
                }
            }
            _ if !r.limited_by.is_empty() => {
                let binds = Text::all(&r.limited_by, lang).join("; ");
                match lang {
                    Lang::Da => format!("Intet antal {word} i {label} opfylder kravene: fra {limit} {word} ændrer flere ingenting. Det, der binder: {binds}."),
                    Lang::En => format!("No number of {word} in {label} meets the requirements: from {limit} {word} on, more change nothing. What binds: {binds}."),
                }
            }
            _ => {
                let doubt = r
                    .evaluations
                    .last()
                    .is_some_and(|e| e.verdict == Verdict::Undecided);
                match lang {
                    Lang::Da => format!(
                        "Intet antal op til {limit} {word} opfylder kravene med sikkerhed{}. Se om kravene kan nås ved at ændre andet end {label}, eller hæv --max.",
                        if doubt { " (ved det højeste antal er det uafklaret)" } else { "" }
                    ),
                    Lang::En => format!(
                        "No number up to {limit} {word} meets the requirements with certainty{}. See whether the requirements can be reached by changing something other than {label}, or raise --max.",
                        if doubt { " (at the highest number it is undecided)" } else { "" }
                    ),
                }
            }
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
        let earliest = r.earliest_safe.map(|i| month_label(m, i));
        let latest = r.latest_safe.map(|i| month_label(m, i));
        let conclusion = Text::by(|lang| self.conclusion(lang, &earliest, &latest));
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

    /// From which month closing meets the targets, and why not earlier.
    fn conclusion(&self, lang: Lang, earliest: &Option<String>, latest: &Option<String>) -> String {
        let r = self.result;
        let label = |e: Option<&Evaluation>| e.map(|e| e.label.clone()).unwrap_or_default();
        let (first, last) = (label(r.evaluations.first()), label(r.evaluations.last()));
        let (stage, to) = (
            &self.model.stages[self.closing.stage].label,
            self.closing.to,
        );
        let closing = match lang {
            Lang::Da => format!("Lukning af {stage} til {to} pladser"),
            Lang::En => format!("Closing {stage} to {to} places"),
        };
        match (earliest, latest) {
            (Some(e), Some(l)) => {
                let before = r
                    .evaluations
                    .iter()
                    .rposition(|x| x.label == *e)
                    .and_then(|i| i.checked_sub(1))
                    .map(|i| &r.evaluations[i]);
                let why = match (before, lang) {
                    (Some(b), Lang::Da) if b.verdict == Verdict::NotMet => {
                        format!(" Lukning i {} opfylder dem ikke.", b.label)
                    }
                    (Some(b), Lang::En) if b.verdict == Verdict::NotMet => {
                        format!(" Closing in {} does not meet them.", b.label)
                    }
                    (Some(b), Lang::Da) => format!(
                        " Om lukning i {} også går, kan {} replikationer ikke afgøre.",
                        b.label, b.replications
                    ),
                    (Some(b), Lang::En) => format!(
                        " Whether closing in {} works too, {} replications cannot tell.",
                        b.label, b.replications
                    ),
                    (None, _) => String::new(),
                };
                let notes = r
                    .evaluations
                    .iter()
                    .find(|x| x.label == *e)
                    .map_or(String::new(), |x| edge_notes(self.targets, x, lang));
                match lang {
                    Lang::Da => format!("{closing} opfylder alle krav fra {e} (hver måned fra {e} til {last} er afprøvet; 95 % konfidensinterval). Tidligste sikre måned: {e}; seneste sikre måned i perioden: {l}.{why}{notes}"),
                    Lang::En => format!("{closing} meets every requirement from {e} (every month from {e} to {last} was tried; 95 % confidence interval). Earliest safe month: {e}; latest safe month in the period: {l}.{why}{notes}"),
                }
            }
            (None, Some(l)) => match lang {
                Lang::Da => format!("{closing} opfylder alle krav i nogle måneder (senest {l}), men ikke i alle senere måneder: se tabellen."),
                Lang::En => format!("{closing} meets every requirement in some months (the latest {l}), but not in every later month: see the table."),
            },
            _ => match lang {
                Lang::Da => format!("{closing} opfylder ikke alle krav i nogen måned fra {first} til {last}. Planen for nye pladser skal udvides, eller der skal bruges en buffer (anden aktør)."),
                Lang::En => format!("{closing} does not meet every requirement in any month from {first} to {last}. The plan for new places must grow, or a buffer (anden aktør, an external provider) is needed."),
            },
        }
    }
}

/// Decimals a target's value is read with: shares in percent with one, small numbers with two.
fn decimals(row: &TargetRow, v: f64) -> usize {
    if row.share || v.abs() >= 10.0 {
        1
    } else {
        2
    }
}

fn value_in(row: &TargetRow, v: f64, d: usize, lang: Lang) -> String {
    if row.share {
        format!("{} %", num(v * 100.0, d, lang))
    } else {
        num(v, d, lang)
    }
}

fn value_text(row: &TargetRow, v: f64, lang: Lang) -> String {
    value_in(row, v, decimals(row, v), lang)
}

fn symbol(v: Verdict) -> &'static str {
    match v {
        Verdict::Met => "✓",
        Verdict::NotMet => "✗",
        Verdict::Undecided => "?",
    }
}

/// The mark of a requirement missed in some replications while the interval of its mean still
/// contains the limit (an "aldrig"/"never" requirement at the edge of what the figure can take).
const MISSED_INSIDE: &str = "✗¹";

/// One requirement at one candidate, for people.
struct CheckText {
    text: String,
    /// Missed, although the interval shown contains the limit.
    missed_inside: bool,
    /// The interval was cut at what the figure can take.
    cut: bool,
}

impl SizeDoc {
    /// The search and its answer as a document, for people in `lang`.
    pub fn document(&self, lang: Lang) -> Document {
        Document {
            command: "size",
            json_name: "size.json",
            json: sorted(&SizeJson::of(self)),
            data: vec![self.table()],
            blocks: self.blocks(lang),
        }
    }

    /// What was searched, and the requirements every candidate is judged by.
    fn head(&self, lang: Lang) -> String {
        let doc = self;
        let closing = |to: Option<u32>, stays: Option<bool>| {
            let to = to.unwrap_or(0);
            match (stays == Some(true), lang) {
                (true, Lang::Da) => format!("til {to} pladser, deltagerne stopper ved lukningen"),
                (false, Lang::Da) => {
                    format!("til {to} pladser, pladserne lukker, efterhånden som forløbene slutter")
                }
                (true, Lang::En) => {
                    format!("to {to} places, the participants leave at the closing")
                }
                (false, Lang::En) => format!("to {to} places, the places close as the stays end"),
            }
        };
        let how = closing(doc.close_to, doc.end_stays);
        let after = match (&doc.close, &doc.close_month, lang) {
            (Some(x), Some(m), Lang::Da) => format!(", når {x} lukker i {m} {how}"),
            (Some(x), Some(m), Lang::En) => format!(", when {x} closes in {m} {how}"),
            (Some(x), None, Lang::Da) => format!(", for hver måned {x} kan lukke i, {how}"),
            (Some(x), None, Lang::En) => format!(", for each month {x} could close in, {how}"),
            _ => String::new(),
        };
        let (label, name) = (&doc.subject_label, &doc.subject);
        let what = match (doc.mode, lang) {
            ("stage" | "close_stage", _) => {
                let when = match (&doc.from_month, lang) {
                    (None, _) => lang
                        .pick(" i hele kørslen", " for the whole run")
                        .to_string(),
                    (Some(m), Lang::Da) => format!(" fra {m}"),
                    (Some(m), Lang::En) => format!(" from {m}"),
                };
                match lang {
                    Lang::Da => format!("pladser i {label} ({name}){when}{after}"),
                    Lang::En => format!("places in {label} ({name}){when}{after}"),
                }
            }
            ("role" | "close_role", Lang::Da) => format!("årsværk i {label} ({name}){after}"),
            ("role" | "close_role", Lang::En) => format!("FTE in {label} ({name}){after}"),
            (_, Lang::Da) => format!("måned for lukning af {label} ({name}) {how}"),
            (_, Lang::En) => format!("the month to close {label} ({name}) {how}"),
        };
        let (first, last) = (doc.replications, doc.max_replications);
        let mut head = match lang {
            Lang::Da => format!(
                "kapacitet size · {}\nSøger: {what}\nSeed {} · {first}–{last} replikationer pr. forsøg · samme tilfældige tal for alle forsøg\nKrav (alle skal holde):",
                doc.scenario, doc.seed
            ),
            Lang::En => format!(
                "kapacitet size · {}\nSearching: {what}\nSeed {} · {first}–{last} replications per candidate · the same random numbers for every candidate\nRequirements (all must hold):",
                doc.scenario, doc.seed
            ),
        };
        for (i, t) in doc.targets.iter().enumerate() {
            head.push_str(&format!(
                "\n  {}) {}   [{} {} {}]",
                i + 1,
                t.text,
                t.key,
                t.op.symbol(),
                value_text(t, t.value, lang)
            ));
        }
        head
    }

    /// For people: what was searched, the requirements, every candidate and the conclusion.
    fn blocks(&self, lang: Lang) -> Vec<Block> {
        let doc = self;
        let head = self.head(lang);
        if !doc.months.is_empty() {
            return super::size_after_closing::blocks(doc, head, lang);
        }
        let setting_head = match doc.unit {
            "places" => lang.pick("Pladser", "Places"),
            "fte" => lang.pick("Årsværk", "FTE"),
            _ => lang.pick("Lukning", "Closing"),
        };
        let mut columns = vec![
            Column::right(setting_head, 8, 0),
            Column::right(lang.pick("Replik.", "Replic."), 8, 1),
        ];
        columns.extend((0..doc.targets.len()).map(|i| {
            Column::right(
                format!("{} {}", lang.pick("Krav", "Requirement"), i + 1),
                0,
                2,
            )
        }));
        columns.push(Column::left(lang.pick("Vurdering", "Verdict"), 0, 2));
        let mut table = DisplayTable::new(columns, true);
        let (mut missed, mut cut) = (Vec::new(), false);
        for e in &doc.evaluations {
            let at = setting(doc.unit, e, lang);
            let mut row = vec![at.clone(), e.replications.to_string()];
            for (i, (c, t)) in e.checks.iter().zip(&doc.targets).enumerate() {
                let shown = check_text(t, c, lang);
                cut |= shown.cut;
                if shown.missed_inside {
                    missed.push((i + 1, at.clone(), c.replications_missing, c.summary.n));
                }
                row.push(shown.text);
            }
            row.push(e.verdict.word(lang).to_string());
            table.rows.push(row);
        }
        let mut blocks = vec![
            Block::Text(head),
            Block::Gap,
            Block::Table(table),
            Block::Text(lang.pick(
                "Gennemsnit over replikationerne [95 % konfidensinterval]. ✓ hele intervallet holder kravet, ✗ intet af det gør, ? uafklaret. Udefineret: tallet findes ikke (fx ingen startede, så der er ingen liggetid).",
                "Mean over the replications [95 % confidence interval]. ✓ the whole interval meets the requirement, ✗ none of it does, ? undecided. Undefined: the figure does not exist (e.g. nobody started, so there is no waiting time).",
            ).to_string()),
        ];
        if !missed.is_empty() {
            blocks.push(Block::Text(missed_note(&missed, lang)));
        }
        if cut {
            blocks.push(Block::Text(text::cut_note(lang).to_string()));
        }
        blocks.extend([
            Block::Gap,
            Block::Text(doc.conclusion.get(lang).to_string()),
        ]);
        blocks
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

/// The note under ✗¹: for each requirement, at which candidates it was missed in how many
/// replications.
fn missed_note(missed: &[(usize, String, usize, usize)], lang: Lang) -> String {
    let mut groups: Vec<String> = Vec::new();
    let mut requirements: Vec<usize> = missed.iter().map(|m| m.0).collect();
    requirements.sort_unstable();
    requirements.dedup();
    let (name, at_word) = (lang.pick("krav", "requirement"), lang.pick("ved", "at"));
    for i in requirements {
        let at: Vec<String> = missed
            .iter()
            .filter(|m| m.0 == i)
            .map(|(_, at, k, n)| format!("{at} ({k} {} {n})", lang.pick("af", "of")))
            .collect();
        groups.push(format!("{name} {i} {at_word} {}", at.join(", ")));
    }
    let list = groups.join("; ");
    match lang {
        Lang::Da => format!("{MISSED_INSIDE} ikke opfyldt, skønt intervallet rummer grænsen: et krav ved kanten af det mulige (aldrig over 0, altid 100 %) skal holde i hver replikation, og det gjorde det ikke i alle; ikke holdt i (replikationer): {list}."),
        Lang::En => format!("{MISSED_INSIDE} not met although the interval contains the limit: a requirement at the edge of what is possible (never above 0, always 100 %) must hold in every replication, and it did not in all; missed in (replications): {list}."),
    }
}

/// One requirement at one candidate: mean [interval cut at the figure's range] and the verdict's
/// sign. A bound that rounds onto the limit gets more decimals, so a miss never reads as a hit;
/// a miss whose interval contains the limit gets its own mark.
fn check_text(t: &TargetRow, c: &crate::sizing::TargetCheck, lang: Lang) -> CheckText {
    let s = &c.summary;
    if s.n == 0 {
        return CheckText {
            text: format!(
                "{} {}",
                lang.pick("udefineret", "undefined"),
                symbol(c.verdict)
            ),
            missed_inside: false,
            cut: false,
        };
    }
    let unit = if t.share { Unit::Share } else { Unit::Count };
    let (ci, inside, cut) = if s.ci95_low.is_finite() {
        let (lo, hi, cut) = text::cut(unit, s.ci95_low, s.ci95_high);
        let show = |x: f64| {
            let mut d = decimals(t, x);
            while d < 4 && x != t.value && value_in(t, x, d, lang) == value_in(t, t.value, d, lang)
            {
                d += 1;
            }
            value_in(t, x, d, lang)
        };
        let inside = lo <= t.value && t.value <= hi;
        (format!(" [{} ; {}]", show(lo), show(hi)), inside, cut)
    } else {
        (String::new(), false, false)
    };
    let missed_inside = c.verdict == Verdict::NotMet && inside;
    let mark = if missed_inside {
        MISSED_INSIDE
    } else {
        symbol(c.verdict)
    };
    CheckText {
        text: format!("{}{ci} {mark}", value_text(t, s.mean, lang)),
        missed_inside,
        cut,
    }
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
    /// In Danish, as it has always been written here.
    conclusion: &'a str,
    /// In Danish.
    limited_by: Vec<&'a str>,
    /// In English.
    warnings: Vec<&'a str>,
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
    limited_by: Vec<&'a str>,
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
            conclusion: &doc.conclusion.da,
            limited_by: doc.limited_by.iter().map(|t| t.da.as_str()).collect(),
            warnings: doc.warnings.iter().map(|t| t.en.as_str()).collect(),
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
