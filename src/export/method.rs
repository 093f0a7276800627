//! What a report says besides the results: the scenario and the date, and the method note
//! (replications, warm-up and measured period, what a 95 % interval means in plain words, how a
//! comparison or a sizing judges, and the scenario's marked assumptions). Built by the command
//! from what it ran, in the report's language, and handed to [`crate::export::html::Html`].

use crate::compare::Comparison;
use crate::export::documents::size::SizeDoc;
use crate::export::text::danish;
use crate::figures::Lang;
use crate::model::Model;
use crate::report::Report;
use crate::scenario::assumptions::{assumptions, Assumption};
use crate::scenario::Source;

/// Everything the report needs that is not in the document.
#[derive(Debug, Clone)]
pub struct ReportContext {
    pub lang: Lang,
    /// "run", "compare", "size" or "sweep".
    pub command: &'static str,
    /// The scenario's name, the report's title.
    pub scenario: String,
    /// The scenario file as given (or the embedded default).
    pub file: String,
    /// The day the report was made, YYYY-MM-DD.
    pub date: String,
    /// Paragraphs of the method note.
    pub method: Vec<String>,
    pub assumptions: Vec<Assumption>,
}

/// The simulated period: start, warm-up and measured weeks.
#[derive(Debug, Clone)]
pub struct Period {
    pub start_date: String,
    pub warmup_weeks: f64,
    pub horizon_weeks: f64,
}

impl Period {
    pub fn of_report(r: &Report) -> Period {
        Period {
            start_date: r.start_date.clone(),
            warmup_weeks: r.warmup_weeks,
            horizon_weeks: r.horizon_weeks,
        }
    }

    pub fn of_model(m: &Model) -> Period {
        Period {
            start_date: m.calendar.start_date().format("%Y-%m-%d").to_string(),
            warmup_weeks: m.warmup_days / 7.0,
            horizon_weeks: m.horizon_days / 7.0,
        }
    }

    /// The date `weeks` after the start.
    fn after(&self, weeks: f64) -> String {
        chrono::NaiveDate::parse_from_str(&self.start_date, "%Y-%m-%d")
            .ok()
            .and_then(|d| {
                d.checked_add_signed(chrono::TimeDelta::days((weeks * 7.0).round() as i64))
            })
            .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
    }

    fn paragraph(&self, lang: Lang) -> String {
        let (w, h) = (danish(self.warmup_weeks, 0), danish(self.horizon_weeks, 0));
        let (from, to) = (
            self.after(self.warmup_weeks),
            self.after(self.warmup_weeks + self.horizon_weeks),
        );
        match lang {
            Lang::Da => format!(
                "Hvert gennemløb starter {} med {w} ugers indkøring, som ikke måles: så når forløb og køer at fylde op fra scenariets startbestand. Derefter måles {h} uger, fra {from} til {to}.",
                self.start_date
            ),
            Lang::En => format!(
                "Each run starts on {} with a warm-up of {w} weeks that is not measured, so stages and queues fill up from the scenario's starting stock. Then {h} weeks are measured, from {from} to {to}.",
                self.start_date
            ),
        }
    }
}

/// Today's date; `SOURCE_DATE_EPOCH` (seconds) fixes it, for reports that must not change.
pub fn today() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    chrono::DateTime::from_timestamp(secs, 0)
        .map_or_else(String::new, |d| d.format("%Y-%m-%d").to_string())
}

fn replications(n: u32, seed: u64, lang: Lang) -> String {
    match lang {
        Lang::Da => format!(
            "Resultaterne er gennemsnit over {n} replikationer: {n} gennemløb af det samme scenarie med hver sine tilfældige tal (startværdi, seed, {seed}). Samme scenarie og seed giver altid de samme tal."
        ),
        Lang::En => format!(
            "The results are means over {n} replications: {n} runs of the same scenario, each with its own random numbers (seed {seed}). The same scenario and seed always give the same numbers."
        ),
    }
}

fn intervals(lang: Lang) -> String {
    lang.pick(
        "Et 95 % konfidensinterval [a ; b] siger, hvor sikkert gennemsnittet er bestemt: med mange flere replikationer ville gennemsnittet med 95 % sikkerhed lande inden for intervallet. Det siger ikke, at 95 % af borgerne eller månederne ligger der, og det dækker kun tilfældighederne i simuleringen, ikke usikkerheden i antagelserne nedenfor: resultaterne er ikke sikrere end dem. Et bredt interval bliver smallere med flere replikationer (--replications).",
        "A 95 % confidence interval [a ; b] says how precisely the mean is known: with many more replications, the mean would land inside it with 95 % confidence. It does not say that 95 % of citizens or months lie there, and it covers only the chance in the simulation, not the uncertainty of the assumptions below: the results are no surer than they are. A wide interval narrows with more replications (--replications).",
    )
    .to_string()
}

fn context(
    command: &'static str,
    scenario: &str,
    source: &Source,
    method: Vec<String>,
    lang: Lang,
) -> ReportContext {
    ReportContext {
        lang,
        command,
        scenario: scenario.to_string(),
        file: source.file.clone(),
        date: today(),
        method,
        assumptions: assumptions(&source.text),
    }
}

/// The report of `kapacitet run`.
pub fn run(report: &Report, source: &Source, lang: Lang) -> ReportContext {
    let method = vec![
        replications(report.replications, report.seed, lang),
        Period::of_report(report).paragraph(lang),
        intervals(lang),
    ];
    context("run", &report.scenario, source, method, lang)
}

/// The report of `kapacitet compare`.
pub fn compare(c: &Comparison, source: &Source, lang: Lang) -> ReportContext {
    let mut method = vec![replications(c.replications, c.seed, lang)];
    if let Some(r) = c.reports.first() {
        method.push(Period::of_report(r).paragraph(lang));
    }
    method.push(intervals(lang));
    method.push(lang.pick(
        "Alle kolonner kører på de samme borgere (fælles tilfældige tal): replikation nr. r i hver kolonne ser de samme ankomster, de samme borgere og de samme tilfældige træk, så en forskel mellem kolonnerne skyldes det, der er forskelligt, ikke tilfældighederne. Forskellen til den første kolonne er parret: regnet replikation for replikation, med sit eget 95 % interval. Ligger hele intervallet på den ene side af 0, er forskellen større end tilfældighederne i simuleringen.",
        "Every column runs on the same citizens (common random numbers): replication r of every column sees the same arrivals, the same citizens and the same random draws, so a difference between columns comes from what differs, not from chance. The difference from the first column is paired: worked out replication by replication, with its own 95 % interval. When the whole interval lies on one side of 0, the difference is larger than the chance in the simulation.",
    ).to_string());
    context("compare", &c.scenario, source, method, lang)
}

/// The report of `kapacitet size`.
pub fn size(doc: &SizeDoc, model: &Model, source: &Source, lang: Lang) -> ReportContext {
    let judged = match lang {
        Lang::Da => format!(
            "Hver kandidat kører først med {} replikationer og med flere, op til {}, mens et mål er uafklaret; alle kandidater kører på de samme borgere. Et mål er opfyldt, når hele 95 %-intervallet ligger på den rigtige side af målet, ikke opfyldt, når det hele ligger på den forkerte side, og ellers uafklaret. Svaret er det mindste antal, der opfylder alle mål.",
            doc.replications, doc.max_replications
        ),
        Lang::En => format!(
            "Each candidate first runs {} replications, and more, up to {}, while a target is undecided; every candidate runs on the same citizens. A target is met when the whole 95 % interval lies on its right side, not met when it all lies on the wrong side, and undecided otherwise. The answer is the least setting that meets every target.",
            doc.replications, doc.max_replications
        ),
    };
    let method = vec![
        replications(doc.replications, doc.seed, lang),
        Period::of_model(model).paragraph(lang),
        intervals(lang),
        judged,
    ];
    context("size", &doc.scenario, source, method, lang)
}

/// The report of `kapacitet sweep`.
pub fn sweep(plan: &crate::sweep::Plan, lang: Lang) -> ReportContext {
    let model = &plan.scenario.model;
    let method = vec![
        replications(plan.replications, plan.seed, lang),
        Period::of_model(model).paragraph(lang),
        intervals(lang),
        lang.pick(
            "Hvert punkt er grundscenariet med ét niveau af hver dimension, og alle punkter kører på de samme borgere (fælles tilfældige tal), så to nabopunkter kun adskiller sig ved deres indstillinger. Krav bedømmes på gennemsnittet. Hovedeffekten af en dimension er tallets gennemsnit på hvert af dens niveauer, over alle de andre dimensioner: jo længere niveauerne ligger fra hinanden, jo mere flytter den dimension tallet. Pareto-fronten er de punkter, som intet andet punkt slår på begge tal: at gå fra ét punkt på fronten til det næste køber det ene tal for det andet.",
            "Every point is the base scenario with one level of each dimension, and every point runs on the same citizens (common random numbers), so two neighbouring points differ only by their settings. Constraints are judged on the mean. A dimension's main effect is the figure's mean at each of its levels, over every other dimension: the further apart the levels lie, the more that dimension moves the figure. The Pareto front is the points no other point beats on both figures: moving from one point on the front to the next buys one figure with the other.",
        )
        .to_string(),
    ];
    context("sweep", &model.name, &plan.scenario.source, method, lang)
}
