//! One replication's key figures: runs the engine and reduces its records to the numbers of
//! [`crate::kpi`], the per-stage figures and the survival cohort. Pure: model and seed in,
//! figures out.

use crate::calendar::DAYS_PER_MONTH;
use crate::citizen::ExitReason;
use crate::engine::{self, RunRecord};
use crate::kpi::{self, Kpi};
use crate::model::{Model, Stream};
use crate::monitor::{MonthSnapshot, WeekSnapshot};
use crate::stats::{mean, quantile_sorted};

/// Weeks at which the survival of new applicants is reported.
pub const SURVIVAL_WEEKS: [f64; 8] = [4.0, 8.0, 13.0, 26.0, 39.0, 52.0, 78.0, 104.0];

/// Per-stage figures of one replication.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StageFigures {
    /// Time-average occupied places ÷ time-average places; NaN when places are unlimited.
    pub utilisation: f64,
    pub occupancy_mean: f64,
    pub capacity_mean: f64,
    pub queue_mean: f64,
    pub wait_days_mean: f64,
    pub wait_days_p50: f64,
    pub wait_days_p90: f64,
    pub stay_days_mean: f64,
    pub referrals_per_month: f64,
    pub entries_per_month: f64,
    pub cost_dkk: f64,
}

/// Names of the per-stage figures, in [`StageFigures::values`] order: stable keys.
pub const STAGE_FIELDS: [&str; 11] = [
    "utilisation",
    "occupancy_mean",
    "capacity_mean",
    "queue_mean",
    "wait_days_mean",
    "wait_days_p50",
    "wait_days_p90",
    "stay_days_mean",
    "referrals_per_month",
    "entries_per_month",
    "cost_dkk",
];

impl StageFigures {
    pub fn values(&self) -> [f64; 11] {
        [
            self.utilisation,
            self.occupancy_mean,
            self.capacity_mean,
            self.queue_mean,
            self.wait_days_mean,
            self.wait_days_p50,
            self.wait_days_p90,
            self.stay_days_mean,
            self.referrals_per_month,
            self.entries_per_month,
            self.cost_dkk,
        ]
    }
}

/// Per-role staffing figures of one replication.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StaffFigures {
    /// Staffing given in the scenario (NaN: not limited).
    pub fte: f64,
    pub fte_needed_mean: f64,
    pub fte_needed_p90: f64,
    pub caseload_mean: f64,
    pub caseload_per_fte: f64,
    pub backlog_mean: f64,
    pub backlog_p90: f64,
    pub overdue_mean: f64,
    pub overdue_p90: f64,
    pub overdue_max: f64,
    pub conversations_per_month: f64,
    pub on_time_share: f64,
    pub no_shows_per_month: f64,
}

/// Names of the per-role figures, in [`StaffFigures::values`] order: stable keys.
pub const STAFF_FIELDS: [&str; 13] = [
    "fte",
    "fte_needed_mean",
    "fte_needed_p90",
    "caseload_mean",
    "caseload_per_fte",
    "backlog_mean",
    "backlog_p90",
    "overdue_mean",
    "overdue_p90",
    "overdue_max",
    "conversations_per_month",
    "on_time_share",
    "no_shows_per_month",
];

impl StaffFigures {
    pub fn values(&self) -> [f64; 13] {
        [
            self.fte,
            self.fte_needed_mean,
            self.fte_needed_p90,
            self.caseload_mean,
            self.caseload_per_fte,
            self.backlog_mean,
            self.backlog_p90,
            self.overdue_mean,
            self.overdue_p90,
            self.overdue_max,
            self.conversations_per_month,
            self.on_time_share,
            self.no_shows_per_month,
        ]
    }
}

/// Share of a new-applicant cohort still on benefit after `week` weeks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SurvivalPoint {
    pub week: f64,
    pub on_benefit: f64,
    /// Citizens in the cohort (arrived early enough to be followed for `week` weeks).
    pub cohort: usize,
}

/// Everything one replication contributes to the statistics.
#[derive(Debug, Clone)]
pub struct Replication {
    /// Indexed by [`Kpi`]; NaN where undefined (e.g. an empty cohort).
    pub kpis: Vec<f64>,
    pub stages: Vec<StageFigures>,
    pub staff: Vec<StaffFigures>,
    pub weekly: Vec<WeekSnapshot>,
    /// End of each calendar month in the measured window (the transition report).
    pub monthly: Vec<MonthSnapshot>,
    /// Per entry of `monthly`: someone was without an offer past a deadline during the month.
    pub offer_gap: Vec<bool>,
    pub survival: Vec<SurvivalPoint>,
    pub events: u64,
}

impl Replication {
    pub fn kpi(&self, k: Kpi) -> f64 {
        self.kpis[k as usize]
    }
}

/// Run replication with `seed` and compute its figures.
pub fn replicate(model: &Model, seed: u64) -> Replication {
    summarise(model, engine::run(model, seed))
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        f64::NAN
    }
}

/// Reduce a run's records to figures.
pub fn summarise(model: &Model, run: RunRecord) -> Replication {
    let ws = run.window_start;
    let end = run.end;
    let window = end - ws;
    let months = window / DAYS_PER_MONTH;

    // Outcome payments at self-sufficiency fall due only if the citizen gets there in time.
    let mut selfsufficiency_payments = vec![0.0; model.stages.len()];
    for &(c, s, t) in &run.outcome_watch {
        let pay = model.stages[s].outcome_payment;
        if t >= ws
            && run.citizens[c as usize].self_sufficient_by(t + pay.selfsufficiency_within_days)
        {
            selfsufficiency_payments[s] += pay.at_selfsufficiency_dkk;
        }
    }

    let stages: Vec<StageFigures> = model
        .stages
        .iter()
        .zip(&run.stages)
        .zip(&selfsufficiency_payments)
        .map(|((stage, rec), extra)| {
            let occ_area = rec.occupancy.area_until(end);
            let cap_area = rec.capacity.area_until(end);
            let mut waits = rec.waits.clone();
            waits.sort_by(f64::total_cmp);
            let weeks_in_places = occ_area / 7.0;
            let unlimited = rec.unlimited_in_window(end);
            StageFigures {
                utilisation: if unlimited {
                    f64::NAN
                } else {
                    ratio(occ_area, cap_area)
                },
                occupancy_mean: occ_area / window,
                capacity_mean: if unlimited {
                    f64::NAN
                } else {
                    cap_area / window
                },
                queue_mean: rec.queue.area_until(end) / window,
                wait_days_mean: mean(&waits),
                wait_days_p50: quantile_sorted(&waits, 0.5),
                wait_days_p90: quantile_sorted(&waits, 0.9),
                stay_days_mean: mean(&rec.stays),
                referrals_per_month: rec.referrals as f64 / months,
                entries_per_month: rec.entries as f64 / months,
                cost_dkk: weeks_in_places * stage.price_per_week_dkk + rec.payments_dkk + extra,
            }
        })
        .collect();

    let mut k = vec![f64::NAN; kpi::count()];
    let mut set = |key: Kpi, v: f64| k[key as usize] = v;

    let present = run.present as f64;
    let active = run.active as f64;
    let company = run.company as f64;
    set(Kpi::Mal1CompanyActivation, company);
    set(Kpi::TargetGroupTotal, present);
    set(Kpi::ActiveStock, active);
    set(Kpi::PassiveStock, present - active);
    set(Kpi::CompanyShareOfActivation, ratio(company, active));
    set(Kpi::CompanyShareOfTargetGroup, ratio(company, present));

    for (key, weeks) in [
        (Kpi::Mal2Selfsufficient4w, 4.0),
        (Kpi::Mal2Selfsufficient13w, 13.0),
        (Kpi::Mal2Selfsufficient26w, 26.0),
    ] {
        let horizon = weeks * 7.0;
        let (mut n, mut yes) = (0usize, 0usize);
        for &(c, t) in &run.company_ends {
            if t + horizon <= end {
                n += 1;
                if run.citizens[c as usize].self_sufficient_by(t + horizon) {
                    yes += 1;
                }
            }
        }
        set(key, ratio(yes as f64, n as f64));
    }

    // Placement cohort: first referred in the window, early enough to be followed up.
    let cutoff = end - model.reporting.followup_days;
    let (mut referred, mut placed, mut placed_soon) = (0usize, 0usize, 0usize);
    let mut to_first_placement = Vec::new();
    let mut spells = Vec::new();
    let mut selfsufficient = 0usize;
    let mut arrivals = 0usize;
    for c in &run.citizens {
        if let Some(r) = c.first_referral {
            if r >= ws && r <= cutoff {
                referred += 1;
                // Everyone in the cohort is followed for exactly `followup_days`.
                if let Some(p) = c
                    .first_company_start
                    .filter(|&p| p <= r + model.reporting.followup_days)
                {
                    placed += 1;
                    if p - r <= model.reporting.placed_within_days {
                        placed_soon += 1;
                    }
                }
            }
        }
        if c.origin != Stream::Stock && c.arrived >= ws {
            arrivals += 1;
            if let Some(p) = c.first_company_start {
                to_first_placement.push(p - c.arrived);
            }
        }
        if let Some((t, reason)) = c.exit {
            if t >= ws {
                spells.push((t - c.benefit_start) / 7.0);
                if reason == ExitReason::SelfSufficient {
                    selfsufficient += 1;
                }
            }
        }
    }
    set(Kpi::PlacedShare, ratio(placed as f64, referred as f64));
    set(
        Kpi::PlacedWithinTargetDaysShare,
        ratio(placed_soon as f64, referred as f64),
    );
    set(Kpi::TimeToFirstPlacementDays, mean(&to_first_placement));
    set(Kpi::TimeOnBenefitWeeks, mean(&spells));
    set(Kpi::SelfsufficientPerMonth, selfsufficient as f64 / months);
    set(Kpi::ArrivalsPerMonth, arrivals as f64 / months);

    let first_month = model.calendar.month_index(ws);
    let last_month = model.calendar.month_index(end);
    let overdue = run.overdue_months[first_month..=last_month.min(run.overdue_months.len() - 1)]
        .iter()
        .filter(|&&b| b)
        .count();
    set(Kpi::MonthsWithOverdueWait, overdue as f64);
    let offer_gap: Vec<bool> = run
        .monthly
        .iter()
        .map(|snap| {
            run.offer_gap_months
                .get(snap.month)
                .copied()
                .unwrap_or(false)
        })
        .collect();
    set(
        Kpi::MonthsPastOfferDeadline,
        offer_gap.iter().filter(|&&g| g).count() as f64,
    );

    let has_conversations = run.citizens.iter().any(|c| c.conversation_role.is_some());
    set(
        Kpi::FirstConversationOnTimeShare,
        if has_conversations {
            deadline_share(
                model,
                &run,
                |c| c.first_conversation,
                |d| d.first_conversation_days,
            )
        } else {
            f64::NAN
        },
    );
    set(
        Kpi::FirstOfferOnTimeShare,
        deadline_share(model, &run, |c| c.first_offer, |d| d.first_offer_days),
    );

    let survival = survival_cohort(&run);
    for (key, week) in [
        (Kpi::OnBenefit26w, 26.0),
        (Kpi::OnBenefit39w, 39.0),
        (Kpi::OnBenefit52w, 52.0),
    ] {
        let v = survival
            .iter()
            .find(|p| p.week == week)
            .map_or(f64::NAN, |p| p.on_benefit);
        set(key, v);
    }
    let screens = model
        .strategy
        .as_ref()
        .is_some_and(|s| s.kinds.contains(&crate::model::StrategyKind::Selection));
    let flagged_share = if screens {
        let cohort: Vec<_> =
            run.citizens
                .iter()
                .filter(|c| c.origin == Stream::New && c.arrived >= ws)
                .filter(|c| {
                    model.strategy.as_ref().is_some_and(|s| {
                        s.kinds[c.segment] == crate::model::StrategyKind::Selection
                    })
                })
                .collect();
        ratio(
            cohort.iter().filter(|c| c.flagged).count() as f64,
            cohort.len() as f64,
        )
    } else {
        f64::NAN
    };
    set(Kpi::FlaggedShare, flagged_share);

    let staff = model
        .staff
        .iter()
        .zip(&run.staff)
        .map(|(role, rec)| {
            let mut need = rec.fte_needed.clone();
            need.sort_by(f64::total_cmp);
            let mut backlog = rec.backlog.clone();
            backlog.sort_by(f64::total_cmp);
            let mut overdue = rec.overdue.clone();
            overdue.sort_by(f64::total_cmp);
            let caseload = mean(&rec.caseload);
            let fte = role.fte.unwrap_or(f64::NAN);
            StaffFigures {
                fte,
                fte_needed_mean: mean(&need),
                fte_needed_p90: quantile_sorted(&need, 0.9),
                caseload_mean: caseload,
                caseload_per_fte: ratio(caseload, fte),
                backlog_mean: mean(&backlog),
                backlog_p90: quantile_sorted(&backlog, 0.9),
                overdue_mean: mean(&overdue),
                overdue_p90: quantile_sorted(&overdue, 0.9),
                overdue_max: overdue.last().copied().unwrap_or(f64::NAN),
                conversations_per_month: rec.held as f64 / months,
                on_time_share: ratio(rec.held_on_time as f64, rec.held as f64),
                no_shows_per_month: rec.no_shows as f64 / months,
            }
        })
        .collect();

    let cost: f64 = stages.iter().map(|s| s.cost_dkk).sum();
    set(Kpi::CostTotalDkk, cost);
    set(
        Kpi::CostPerSelfsufficientDkk,
        ratio(cost, selfsufficient as f64),
    );

    Replication {
        kpis: k,
        stages,
        staff,
        survival,
        events: run.events,
        weekly: run.weekly,
        monthly: run.monthly,
        offer_gap,
    }
}

/// Share of new applicants arriving in the window still on benefit after each reported week.
fn survival_cohort(run: &RunRecord) -> Vec<SurvivalPoint> {
    SURVIVAL_WEEKS
        .iter()
        .map(|&week| {
            let days = week * 7.0;
            let (mut n, mut on) = (0usize, 0usize);
            for c in &run.citizens {
                if c.origin == Stream::New
                    && c.arrived >= run.window_start
                    && c.arrived + days <= run.end
                {
                    n += 1;
                    if c.exit.is_none_or(|(t, _)| t > c.arrived + days) {
                        on += 1;
                    }
                }
            }
            SurvivalPoint {
                week,
                on_benefit: ratio(on as f64, n as f64),
                cohort: n,
            }
        })
        .collect()
}

/// Share of new arrivals in the window who got something (first conversation, first offer)
/// within the statutory deadline for their age group. Citizens who left benefit before the
/// deadline without it are not counted: the deadline no longer applied to them.
fn deadline_share(
    model: &Model,
    run: &RunRecord,
    event: impl Fn(&crate::citizen::Citizen) -> Option<f64>,
    deadline: impl Fn(&crate::model::Deadlines) -> [f64; 2],
) -> f64 {
    let days = deadline(&model.deadlines);
    let (mut n, mut met) = (0usize, 0usize);
    for c in &run.citizens {
        if c.origin == Stream::Stock || c.arrived < run.window_start {
            continue;
        }
        let limit = model.deadline_due(days, c.segment, c.arrived);
        if limit > run.end {
            continue;
        }
        let on_time = event(c).is_some_and(|t| t <= limit);
        let left_before = c.exit.is_some_and(|(t, _)| t <= limit);
        if on_time {
            met += 1;
            n += 1;
        } else if !left_before {
            n += 1;
        }
    }
    ratio(met as f64, n as f64)
}
