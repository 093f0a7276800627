//! From a search's or a closing-month scan's results to a [`SizeDoc`], with the answer and
//! how sure it is in plain words.

use super::{setting, target_rows, unit_word, SizeDoc};
use crate::export::text::num;
use crate::figures::Lang;
use crate::lang::Text;
use crate::model::Model;
use crate::sizing::{
    month_label, Budget, CloseResult, Closing, Evaluation, Lever, SizeResult, Target, Verdict,
};

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
