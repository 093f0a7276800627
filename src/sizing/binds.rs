//! What binds when the lever no longer helps: a search that gives the same figures however many
//! places (or FTE) it adds stops, and says where citizens were held up instead (another stage,
//! a staff role) or, when nobody waited anywhere, that the targets are missed before any place
//! is sought (the deadline itself, or the inflow), with advice that fits the cause.

use crate::export::text::num;
use crate::figures::{staff_figure, stage_figure, Kpi, Lang};
use crate::lang::Text;
use crate::model::{Model, StageId};
use crate::replication::Replication;

use super::lever::Lever;
use super::target::{Metric, Target};

/// Mean over replications of where citizens and staff were held up.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pressure {
    /// Mean queue per stage.
    pub queue: Vec<f64>,
    /// Mean share of the places in use per stage (NaN for unlimited stages).
    pub utilisation: Vec<f64>,
    /// Mean overdue conversations per staff role.
    pub overdue: Vec<f64>,
    /// Mean FTE needed per staff role.
    pub fte_needed: Vec<f64>,
    n: f64,
}

impl Pressure {
    pub fn new(model: &Model) -> Pressure {
        Pressure {
            queue: vec![0.0; model.stages.len()],
            utilisation: vec![0.0; model.stages.len()],
            overdue: vec![0.0; model.staff.len()],
            fte_needed: vec![0.0; model.staff.len()],
            n: 0.0,
        }
    }

    /// Add one replication (kept as a running mean).
    pub fn add(&mut self, rep: &Replication) {
        self.n += 1.0;
        let n = self.n;
        let step = |mean: &mut f64, x: f64| {
            if x.is_finite() {
                *mean += (x - *mean) / n;
            }
        };
        let (q, u) = (
            stage_figure("queue_mean").unwrap_or(0),
            stage_figure("utilisation").unwrap_or(0),
        );
        for (i, s) in rep.stages.iter().enumerate() {
            step(&mut self.queue[i], s.values()[q]);
            step(&mut self.utilisation[i], s.values()[u]);
        }
        let (o, f) = (
            staff_figure("overdue_mean").unwrap_or(0),
            staff_figure("fte_needed_mean").unwrap_or(0),
        );
        for (r, s) in rep.staff.iter().enumerate() {
            step(&mut self.overdue[r], s.values()[o]);
            step(&mut self.fte_needed[r], s.values()[f]);
        }
    }
}

impl Pressure {
    /// The lever had room to spare: the stage's places were not all in use, or the role had
    /// more FTE than it needed. Only then do unchanged figures mean that more would not help;
    /// at the bottom of a search the figures can stand still while the lever is still short.
    pub fn slack(&self, model: &Model, lever: &Lever) -> bool {
        match *lever {
            Lever::Stage { stage, .. } => self.utilisation[stage] < SLACK,
            Lever::Role { role, .. } => model.staff[role]
                .fte
                .is_some_and(|f| self.fte_needed[role] < SLACK * f),
        }
    }
}

/// Below this share of the lever in use there is room to spare.
const SLACK: f64 = 0.9;

/// A queue this short (citizens on average) is not a bottleneck worth naming.
const NOTICEABLE: f64 = 0.5;

/// What holds the targets back, with advice, given the last evaluation's pressure.
pub fn what_binds(model: &Model, lever: &Lever, targets: &[Target], p: &Pressure) -> Vec<Text> {
    let searched = match *lever {
        Lever::Stage { stage, .. } => Some(stage),
        Lever::Role { .. } => None,
    };
    let mut stages: Vec<(StageId, f64)> = p
        .queue
        .iter()
        .enumerate()
        // Referral steps (offer = false) only route citizens on: a queue there is a symptom.
        .filter(|&(s, &q)| Some(s) != searched && q >= NOTICEABLE && model.stages[s].offer)
        .map(|(s, &q)| (s, q))
        .collect();
    stages.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out: Vec<Text> = stages
        .iter()
        .map(|&(s, q)| {
            let st = &model.stages[s];
            let (label, name) = (&st.label, &st.name);
            Text::by(|lang| {
                let q = num(q, 1, lang);
                match lang {
                    Lang::Da => format!("borgerne venter på {label} (i gennemsnit {q} i kø): søg pladserne dér med --stage {name}"),
                    Lang::En => format!("citizens wait for {label} ({q} in the queue on average): size its places with --stage {name}"),
                }
            })
        })
        .collect();
    for (r, role) in model.staff.iter().enumerate() {
        if matches!(lever, Lever::Role { role: x, .. } if *x == r) {
            continue;
        }
        let short = role.fte.is_some_and(|f| p.fte_needed[r] > f + 1e-9);
        if p.overdue[r] >= NOTICEABLE || short {
            let (label, name) = (&role.label, &role.name);
            out.push(Text::by(|lang| {
                let (overdue, need) = (num(p.overdue[r], 1, lang), num(p.fte_needed[r], 2, lang));
                match lang {
                    Lang::Da => format!("{label} er bagud ({overdue} forfaldne samtaler, {need} årsværk behov): søg årsværkene med --role {name}"),
                    Lang::En => format!("{label} is behind ({overdue} overdue conversations, {need} FTE needed): size its FTE with --role {name}"),
                }
            }));
        }
    }
    if out.is_empty() {
        out.push(nobody_waits(targets));
    }
    out
}

/// Nobody waits anywhere, yet the targets are missed: they are missed before any place is
/// sought.
fn nobody_waits(targets: &[Target]) -> Text {
    let deadline = targets.iter().any(|t| {
        matches!(
            t.metric,
            Metric::Kpi(Kpi::MonthsPastOfferDeadline)
                | Metric::Kpi(Kpi::FirstOfferOnTimeShare)
                | Metric::Kpi(Kpi::MonthsWithOverdueWait)
        )
    });
    if deadline {
        Text::new(
            "ingen venter på en plads nogen steder: fristen overskrides, før en plads kommer på tale (stien henviser for sent, eller fristen er kortere end forløbet op til tilbuddet); se stiernes delay_days og after_weeks_on_benefit eller [deadlines]",
            "nobody waits for a place anywhere: the deadline passes before a place is in question (the path refers too late, or the deadline is shorter than the way to the offer); see the paths' delay_days and after_weeks_on_benefit, or [deadlines]",
        )
    } else {
        Text::new(
            "ingen venter på en plads nogen steder: kravene afhænger af tilgangen og af borgernes egen afgang, ikke af pladser; se [arrivals] og kravene",
            "nobody waits for a place anywhere: the requirements depend on the inflow and on citizens leaving on their own, not on places; see [arrivals] and the requirements",
        )
    }
}
