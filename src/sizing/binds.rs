//! What binds when the lever no longer helps: a search that gives the same figures however many
//! places (or FTE) it adds stops, and says where citizens were held up instead (another stage,
//! a staff role) or, when nobody waited anywhere, that the targets are missed before any place
//! is sought (the deadline itself, or the inflow), with advice that fits the cause.

use crate::export::text::danish;
use crate::figures::{staff_figure, stage_figure, Kpi};
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

/// What holds the targets back, in Danish with advice, given the last evaluation's pressure.
pub fn what_binds(model: &Model, lever: &Lever, targets: &[Target], p: &Pressure) -> Vec<String> {
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
    let mut out: Vec<String> = stages
        .iter()
        .map(|&(s, q)| {
            let st = &model.stages[s];
            format!(
                "borgerne venter på {} (i gennemsnit {} i kø): søg pladserne dér med --stage {}",
                st.label,
                danish(q, 1),
                st.name
            )
        })
        .collect();
    for (r, role) in model.staff.iter().enumerate() {
        if matches!(lever, Lever::Role { role: x, .. } if *x == r) {
            continue;
        }
        let short = role.fte.is_some_and(|f| p.fte_needed[r] > f + 1e-9);
        if p.overdue[r] >= NOTICEABLE || short {
            out.push(format!(
                "{} er bagud ({} forfaldne samtaler, {} årsværk behov): søg årsværkene med --role {}",
                role.label,
                danish(p.overdue[r], 1),
                danish(p.fte_needed[r], 2),
                role.name
            ));
        }
    }
    if out.is_empty() {
        out.push(nobody_waits(targets));
    }
    out
}

/// Nobody waits anywhere, yet the targets are missed: they are missed before any place is
/// sought.
fn nobody_waits(targets: &[Target]) -> String {
    let deadline = targets.iter().any(|t| {
        matches!(
            t.metric,
            Metric::Kpi(Kpi::MonthsPastOfferDeadline)
                | Metric::Kpi(Kpi::FirstOfferOnTimeShare)
                | Metric::Kpi(Kpi::MonthsWithOverdueWait)
        )
    });
    if deadline {
        "ingen venter på en plads nogen steder: fristen overskrides, før en plads kommer på tale (stien henviser for sent, eller fristen er kortere end forløbet op til tilbuddet); se stiernes delay_days og after_weeks_on_benefit eller [deadlines]".to_string()
    } else {
        "ingen venter på en plads nogen steder: målene afhænger af tilgangen og af borgernes egen afgang, ikke af pladser; se [arrivals] og målene".to_string()
    }
}
