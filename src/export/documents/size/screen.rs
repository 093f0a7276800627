//! `size` for people: what was searched, the requirements, every candidate with its interval
//! and verdict, and the conclusion.

use super::{setting, SizeDoc, TargetRow};
use crate::export::text::{self, num};
use crate::export::{Block, Column, DisplayTable};
use crate::figures::{Lang, Unit};
use crate::sizing::Verdict;

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
    pub(super) fn blocks(&self, lang: Lang) -> Vec<Block> {
        let doc = self;
        let head = self.head(lang);
        if !doc.months.is_empty() {
            return crate::export::documents::size_after_closing::blocks(doc, head, lang);
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
