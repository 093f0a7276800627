//! `kapacitet size --close X --stage Y` (or `--role`): for each month project X could close in,
//! the smallest places in Y (or FTE) that meet the targets, as one table of months; with
//! `--close-month`, the one answer for that month, as an ordinary search.

use crate::export::text::{num, trimmed};
use crate::export::{Block, Cell, Column, DataTable, DisplayTable};
use crate::figures::Lang;
use crate::lang::Text;
use crate::model::Model;
use crate::sizing::{month_label, Budget, Closing, Lever, MonthSize, Target};

use super::size::{self, target_rows, unit_word, SizeDoc, SizeOutput};

/// A search at each closing month, ready to write.
pub struct JointOutput<'a> {
    pub model: &'a Model,
    pub closing: &'a Closing,
    pub lever: &'a Lever,
    pub targets: &'a [Target],
    pub budget: &'a Budget,
    pub months: &'a [MonthSize],
}

impl JointOutput<'_> {
    pub fn into_doc(self) -> SizeDoc {
        let m = self.model;
        let closed = &m.stages[self.closing.stage];
        let per_month: Vec<(String, SizeDoc)> = self
            .months
            .iter()
            .map(|ms| {
                let doc = SizeOutput {
                    model: m,
                    lever: self.lever,
                    targets: self.targets,
                    budget: self.budget,
                    result: &ms.result,
                }
                .into_doc();
                (month_label(m, ms.month), doc)
            })
            .collect();
        let close = |mut doc: SizeDoc| {
            doc.close = Some(closed.name.clone());
            doc.close_to = Some(self.closing.to);
            doc.end_stays = Some(self.closing.end_stays);
            doc
        };
        // One month asked: the ordinary search, saying what closes when.
        if let [(month, doc)] = per_month.as_slice() {
            let mut doc = close(doc.clone());
            let label = &closed.label;
            doc.conclusion = Text::by(|lang| {
                let inner = doc.conclusion.get(lang);
                match lang {
                    Lang::Da => format!("Når {label} lukker i {month}: {inner}"),
                    Lang::En => format!("When {label} closes in {month}: {inner}"),
                }
            });
            doc.close_month = Some(month.clone());
            return doc;
        }
        let first = per_month.first().map(|(_, d)| d.clone());
        let mut doc = close(first.unwrap_or_else(|| empty(m, self.targets, self.budget)));
        doc.mode = match self.lever {
            Lever::Stage { .. } => "close_stage",
            Lever::Role { .. } => "close_role",
        };
        doc.evaluations = Vec::new();
        doc.answer = None;
        doc.certain = None;
        doc.one_fewer = None;
        doc.limited_by = Vec::new();
        doc.warnings = per_month
            .iter()
            .flat_map(|(month, d)| {
                d.warnings
                    .iter()
                    .map(move |w| Text::by(|l| format!("{month}: {}", w.get(l))))
            })
            .collect();
        let subject = doc.subject_label.clone();
        doc.conclusion =
            Text::by(|lang| conclusion(&closed.label, &subject, doc.unit, &per_month, lang));
        doc.months = per_month;
        doc
    }
}

/// A search with nothing in it (no month to consider).
fn empty(m: &Model, targets: &[Target], budget: &Budget) -> SizeDoc {
    SizeDoc {
        mode: "close_stage",
        scenario: m.name.clone(),
        seed: budget.seed,
        subject: String::new(),
        subject_label: String::new(),
        unit: "places",
        from_month: None,
        close_to: None,
        end_stays: None,
        targets: target_rows(m, targets),
        replications: budget.replications,
        max_replications: budget.max_replications,
        evaluations: Vec::new(),
        answer: None,
        certain: None,
        one_fewer: None,
        earliest_safe_month: None,
        latest_safe_month: None,
        conclusion: Text::default(),
        limited_by: Vec::new(),
        warnings: Vec::new(),
        close: None,
        close_month: None,
        months: Vec::new(),
    }
}

/// The answers month by month, in a sentence.
fn conclusion(
    closed: &str,
    subject: &str,
    unit: &str,
    months: &[(String, SizeDoc)],
    lang: Lang,
) -> String {
    let answered: Vec<String> = months
        .iter()
        .filter_map(|(m, d)| {
            d.answer.map(|a| {
                format!(
                    "{m}: {}",
                    num(a, if a.fract() == 0.0 { 0 } else { 1 }, lang)
                )
            })
        })
        .collect();
    let unit = unit_word(unit, lang);
    if answered.is_empty() {
        let why = months
            .iter()
            .find(|(_, d)| !d.limited_by.is_empty())
            .map_or(String::new(), |(_, d)| {
                let binds = Text::all(&d.limited_by, lang).join("; ");
                match lang {
                    Lang::Da => format!(" Det, der binder: {binds}."),
                    Lang::En => format!(" What binds: {binds}."),
                }
            });
        return match lang {
            Lang::Da => format!("Intet antal {unit} i {subject} opfylder kravene, uanset hvilken måned {closed} lukker i.{why}"),
            Lang::En => format!("No number of {unit} in {subject} meets the requirements, whichever month {closed} closes in.{why}"),
        };
    }
    let answered = answered.join(", ");
    match lang {
        Lang::Da => format!("Mindste antal {unit} i {subject}, der opfylder alle krav, efter hvornår {closed} lukker: {answered}. Måneder uden svar: se tabellen."),
        Lang::En => format!("The fewest {unit} in {subject} that meet every requirement, by when {closed} closes: {answered}. Months without an answer: see the table."),
    }
}

/// The table of months: the answer, how sure, and what binds where there is none.
pub(super) fn blocks(doc: &SizeDoc, head: String, lang: Lang) -> Vec<Block> {
    let mut table = DisplayTable::new(
        vec![
            Column::left(lang.pick("Lukning", "Closing"), 8, 0),
            Column::right(
                if doc.unit == "places" {
                    lang.pick("Pladser", "Places")
                } else {
                    lang.pick("Årsværk", "FTE")
                },
                7,
                2,
            ),
            Column::right(lang.pick("Replik.", "Replic."), 7, 2),
            Column::left(lang.pick("Vurdering", "Verdict"), 0, 2),
        ],
        true,
    );
    for (month, d) in &doc.months {
        let at = d
            .answer
            .and_then(|a| d.evaluations.iter().find(|e| (e.setting - a).abs() < 1e-9));
        let (answer, reps, note) = match at {
            Some(e) => (
                if doc.unit == "fte" {
                    trimmed(e.setting, 2, lang)
                } else {
                    e.label.clone()
                },
                e.replications.to_string(),
                if d.certain == Some(true) {
                    lang.pick("opfyldt; ét færre er ikke", "met; one fewer is not")
                } else {
                    lang.pick(
                        "opfyldt; om ét færre også er nok, er uafklaret",
                        "met; whether one fewer is enough too is undecided",
                    )
                }
                .to_string(),
            ),
            None => (
                "–".to_string(),
                String::new(),
                match d.limited_by.first() {
                    None => lang
                        .pick(
                            "intet antal op til grænsen opfylder kravene",
                            "no number up to the limit meets the requirements",
                        )
                        .to_string(),
                    Some(first) => format!(
                        "{}: {}",
                        lang.pick("flere hjælper ikke", "more do not help"),
                        first.get(lang)
                    ),
                },
            ),
        };
        table.rows.push(vec![month.clone(), answer, reps, note]);
    }
    vec![
        Block::Text(head),
        Block::Gap,
        Block::Table(table),
        Block::Text(lang.pick(
            "Hver måned er en søgning for sig: scenariet med lukningen i den måned, på de samme tilfældige tal. Alle kandidater står i JSON og CSV.",
            "Each month is a search of its own: the scenario with the closing in that month, on the same random numbers. Every candidate is in the JSON and CSV.",
        ).to_string()),
        Block::Gap,
        Block::Text(doc.conclusion.get(lang).to_string()),
    ]
}

/// size.csv after closing: one row per month, candidate and target.
pub(super) fn table(doc: &SizeDoc) -> DataTable {
    let columns: Vec<&str> = std::iter::once("close_month")
        .chain(size::COLUMNS)
        .collect();
    let mut t = DataTable::new("size", &columns);
    // Each month's search is an ordinary one (its setting is places or FTE), after its month.
    for (month, d) in &doc.months {
        d.push_rows(&[Cell::text(month.clone())], &mut t);
    }
    t
}
