//! A replication's records and tally reduced to its figures when it ends.

use super::tally::{Tally, MAL2};
use super::{ratio, Replication, StaffFigures, StageFigures, SurvivalPoint, SURVIVAL_WEEKS};
use crate::binned::WaitBins;
use crate::calendar::DAYS_PER_MONTH;
use crate::engine::RunRecord;
use crate::figures::{Kpi, KPIS};
use crate::model::{Model, StrategyKind};
use crate::monitor::{LIGGETID, QUEUED_STARTED};
use crate::stats::{kaplan_meier_mean, mean, quantile_sorted};

/// The figures of a run, from its records and the tally of its citizens.
pub(super) fn figures(model: &Model, run: RunRecord, tally: Tally) -> Replication {
    let ws = run.window_start;
    let end = run.end;
    let window = end - ws;
    let months = window / DAYS_PER_MONTH;

    let (stages, all_waits) = stage_figures(model, &run, &tally, window);

    let mut k = vec![f64::NAN; KPIS.len()];
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

    for (i, &(key, _)) in MAL2.iter().enumerate() {
        set(key, ratio(tally.mal2_yes[i] as f64, tally.mal2_n[i] as f64));
    }

    set(
        Kpi::PlacedShare,
        ratio(tally.placed as f64, tally.referred as f64),
    );
    set(
        Kpi::PlacedWithinTargetDaysShare,
        ratio(tally.placed_soon as f64, tally.referred as f64),
    );
    set(
        Kpi::TimeToFirstPlacementDays,
        tally.to_first_placement.mean(),
    );
    set(Kpi::TimeOnBenefitWeeks, tally.spells.mean());
    set(
        Kpi::SelfsufficientPerMonth,
        tally.selfsufficient as f64 / months,
    );
    set(Kpi::ArrivalsPerMonth, tally.arrivals as f64 / months);

    let first_month = model.calendar.month_index(ws);
    let last_month = model.calendar.month_index(end);
    let overdue = run.overdue_months[first_month..=last_month.min(run.overdue_months.len() - 1)]
        .iter()
        .filter(|&&b| b)
        .count();
    set(Kpi::MonthsWithOverdueWait, overdue as f64);
    let offer_gap: Vec<bool> = (0..run.monthly.len())
        .map(|i| {
            run.offer_gap_months
                .get(run.monthly.month(i))
                .copied()
                .unwrap_or(false)
        })
        .collect();
    set(
        Kpi::MonthsPastOfferDeadline,
        offer_gap.iter().filter(|&&g| g).count() as f64,
    );

    set(
        Kpi::FirstConversationOnTimeShare,
        if tally.has_conversations {
            tally.first_conversation.share()
        } else {
            f64::NAN
        },
    );
    set(Kpi::FirstOfferOnTimeShare, tally.first_offer.share());

    let survival = survival_points(&tally);
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
        .is_some_and(|s| s.kinds.contains(&StrategyKind::Selection));
    set(
        Kpi::FlaggedShare,
        if screens {
            ratio(tally.flagged as f64, tally.flag_cohort as f64)
        } else {
            f64::NAN
        },
    );

    let staff = staff_figures(model, &run, months);

    let cost: f64 = stages.iter().map(|s| s.cost_dkk).sum();
    set(Kpi::CostTotalDkk, cost);
    set(
        Kpi::CostPerSelfsufficientDkk,
        ratio(cost, tally.selfsufficient as f64),
    );

    Replication {
        kpis: k,
        stages,
        waits: all_waits,
        fte_needed_weekly: run.staff.iter().map(|r| r.fte_needed.clone()).collect(),
        staff,
        survival,
        events: run.events,
        weekly: run.weekly,
        monthly: run.monthly,
        offer_gap,
        peak_slots: run.peak_slots,
    }
}

/// Every stage's figures, and its waits by bin (kept for percentiles pooled over replications).
fn stage_figures(
    model: &Model,
    run: &RunRecord,
    tally: &Tally,
    window: f64,
) -> (Vec<StageFigures>, Vec<WaitBins>) {
    let end = run.end;
    let months = window / DAYS_PER_MONTH;
    let mut all_waits = Vec::with_capacity(model.stages.len());
    let stages: Vec<StageFigures> = model
        .stages
        .iter()
        .zip(&run.stages)
        .zip(&tally.selfsufficiency_payments)
        .map(|((stage, rec), extra)| {
            let occ_area = rec.occupancy.area_until(end);
            let cap_area = rec.capacity.area_until(end);
            let waits = rec.waits.bins_of(LIGGETID);
            let queued = |b: WaitBins| b.values().collect::<Vec<_>>();
            let wait_all_days_mean = kaplan_meier_mean(
                &queued(rec.waits.bins_of(QUEUED_STARTED)),
                &queued(rec.queued_censored.bins()),
            );
            let weeks_in_places = occ_area / 7.0;
            let unlimited = rec.unlimited_in_window(end);
            let figures = StageFigures {
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
                wait_days_mean: rec.wait_mean(),
                wait_days_p50: waits.quantile(0.5),
                wait_days_p90: waits.quantile(0.9),
                stay_days_mean: rec.stay_mean(),
                referrals_per_month: rec.referrals as f64 / months,
                entries_per_month: rec.entries as f64 / months,
                cost_dkk: weeks_in_places * stage.price_per_week_dkk + rec.payments_dkk + extra,
                wait_all_days_mean,
                wait_days_p50_pooled: f64::NAN,
                wait_days_p90_pooled: f64::NAN,
            };
            all_waits.push(waits);
            figures
        })
        .collect();
    (stages, all_waits)
}

/// Every staff role's figures.
fn staff_figures(model: &Model, run: &RunRecord, months: f64) -> Vec<StaffFigures> {
    model
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
        .collect()
}

/// The new applicants' survival curve at the weeks of [`SURVIVAL_WEEKS`].
fn survival_points(tally: &Tally) -> Vec<SurvivalPoint> {
    SURVIVAL_WEEKS
        .iter()
        .enumerate()
        .map(|(i, &week)| SurvivalPoint {
            week,
            on_benefit: ratio(tally.survival_on(i) as f64, tally.survival_n(i) as f64),
            cohort: tally.survival_n(i),
        })
        .collect()
}
