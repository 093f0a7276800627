//! Statistics over replications: every key figure and stage figure as a mean with its 95 %
//! confidence interval, the weekly stocks averaged over replications, and the survival cohort.
//! Writers in [`crate::export`] only format a [`Report`].

use chrono::NaiveDate;

use crate::binned::WaitBins;
use crate::figures::{Figure, KPIS, STAFF_FIGURES, STAGE_FIGURES};
use crate::model::Model;
use crate::model::RoleWork;
use crate::replication::{Replication, POOLED_STAGE_FIELDS, STAGE_FIGURE_COUNT, SURVIVAL_WEEKS};
use crate::stats::{Pooled, Summarizer, Summary};

/// One stage's figures over replications, in [`STAGE_FIGURES`] order.
#[derive(Debug, Clone)]
pub struct StageReport {
    pub name: String,
    pub label: String,
    pub kind: &'static str,
    pub company_based: bool,
    /// Starting here counts as an offer (false for a referral step).
    pub offer: bool,
    pub figures: Vec<Summary>,
}

impl StageReport {
    pub fn figure(&self, key: &str) -> Summary {
        STAGE_FIGURES
            .iter()
            .position(|f| f.key == key)
            .map_or(Summary::UNDEFINED, |i| self.figures[i])
    }
}

/// One staff role's figures over replications, in [`STAFF_FIGURES`] order.
#[derive(Debug, Clone)]
pub struct StaffReport {
    pub role: String,
    pub label: String,
    /// "caseload" or "conversations".
    pub work: &'static str,
    pub figures: Vec<Summary>,
}

impl StaffReport {
    pub fn figure(&self, key: &str) -> Summary {
        STAFF_FIGURES
            .iter()
            .position(|f| f.key == key)
            .map_or(Summary::UNDEFINED, |i| self.figures[i])
    }
}

/// Mean stocks at one week boundary over replications.
#[derive(Debug, Clone)]
pub struct WeekRow {
    pub week: usize,
    pub date: String,
    pub occupancy: Vec<f64>,
    pub queue: Vec<f64>,
    pub capacity: Vec<f64>,
    pub present: f64,
    pub active: f64,
    pub company: f64,
    pub passive: f64,
    /// Per stage: mean liggetid (days) of the stays that started in the week up to this date,
    /// all replications pooled (NaN: none started).
    pub wait_days_mean: Vec<f64>,
    /// Per staff role: FTE needed at this date, mean over replications.
    pub fte_needed: Vec<f64>,
}

/// One stage at the end of one month, mean over replications.
#[derive(Debug, Clone)]
pub struct MonthStage {
    /// Places open at the end of the month (NaN: unlimited).
    pub capacity: f64,
    /// Places in use at the end of the month.
    pub occupancy: f64,
    /// Mean places in use over the month.
    pub occupancy_mean: f64,
    pub queue: f64,
    /// Participant-weeks in the month × weekly price (outcome payments are not included).
    pub cost_dkk: f64,
}

/// One month of the transition report, over replications.
#[derive(Debug, Clone)]
pub struct MonthRow {
    /// "2011-03".
    pub month: String,
    /// Days of the month inside the measured window.
    pub days: f64,
    pub stages: Vec<MonthStage>,
    pub target_group: f64,
    pub active: f64,
    pub passive: Summary,
    pub company: Summary,
    /// Mean over replications of company-based ÷ active at the end of the month.
    pub company_share_of_activation: f64,
    /// Citizens without an offer past their deadline at the end of the month.
    pub past_offer_deadline: Summary,
    /// Share of replications in which someone was without an offer past a deadline at some
    /// time in the month: the month's flag.
    pub offer_gap_share: f64,
}

/// Survival of the new-applicant cohort at one week, over replications.
#[derive(Debug, Clone)]
pub struct SurvivalRow {
    pub week: f64,
    pub on_benefit: Summary,
    /// Input curve of the segment mix, for comparison (NaN without curves).
    pub input: f64,
}

/// The results of a run, ready to write.
#[derive(Debug, Clone)]
pub struct Report {
    pub scenario: String,
    pub replications: u32,
    pub seed: u64,
    pub warmup_weeks: f64,
    pub horizon_weeks: f64,
    pub start_date: String,
    pub placed_within_days: f64,
    pub kpis: Vec<(&'static Figure, Summary)>,
    pub stages: Vec<StageReport>,
    pub staff: Vec<StaffReport>,
    pub weekly: Vec<WeekRow>,
    /// The transition report: one row per calendar month of the measured window.
    pub monthly: Vec<MonthRow>,
    /// Show the monthly table in the terminal (the scenario has a transition plan, or asked).
    pub show_monthly: bool,
    pub survival: Vec<SurvivalRow>,
    pub events: u64,
}

impl Report {
    pub fn kpi(&self, key: &str) -> Summary {
        self.kpis
            .iter()
            .find(|(k, _)| k.key == key)
            .map_or(Summary::UNDEFINED, |(_, s)| *s)
    }
}

/// Summarise replications of `model` run with base `seed`.
pub fn build(model: &Model, seed: u64, reps: &[Replication]) -> Report {
    let summarizer = Summarizer::new(reps.len());
    let kpis = KPIS
        .iter()
        .enumerate()
        .map(|(i, info)| {
            let values: Vec<f64> = reps.iter().map(|r| r.kpis[i]).collect();
            (info, summarizer.summarize(&values))
        })
        .collect();

    let stages = model
        .stages
        .iter()
        .enumerate()
        .map(|(s, stage)| {
            let per_rep: Vec<[f64; STAGE_FIGURE_COUNT]> =
                reps.iter().map(|r| r.stages[s].values()).collect();
            let mut figures = column_summaries(&summarizer, &per_rep);
            // Pooled percentiles are formed from every replication's waits together.
            let waits: Vec<&WaitBins> = reps.iter().map(|r| &r.waits[s]).collect();
            let pooled = Pooled::new(&waits);
            for (key, q) in POOLED_STAGE_FIELDS {
                if let Some(i) = crate::figures::stage_figure(key) {
                    figures[i] = pooled.quantile(q);
                }
            }
            StageReport {
                name: stage.name.clone(),
                label: stage.label.clone(),
                kind: stage.kind.key(),
                company_based: stage.company_based,
                offer: stage.offer,
                figures,
            }
        })
        .collect();

    let staff = model
        .staff
        .iter()
        .enumerate()
        .map(|(r, role)| {
            let per_rep: Vec<[f64; 13]> = reps.iter().map(|x| x.staff[r].values()).collect();
            StaffReport {
                role: role.name.clone(),
                label: role.label.clone(),
                work: match role.work {
                    RoleWork::Caseload { .. } => "caseload",
                    RoleWork::Conversations(_) => "conversations",
                },
                figures: column_summaries(&summarizer, &per_rep),
            }
        })
        .collect();

    let weekly = weekly_rows(model, reps);

    let survival = SURVIVAL_WEEKS
        .iter()
        .enumerate()
        .map(|(i, &week)| SurvivalRow {
            week,
            on_benefit: summarizer.summarize(
                &reps
                    .iter()
                    .map(|r| r.survival[i].on_benefit)
                    .collect::<Vec<_>>(),
            ),
            input: input_survival(model, week),
        })
        .collect();

    let monthly = monthly_rows(model, reps, &summarizer);
    Report {
        monthly,
        show_monthly: model.stages.iter().any(|s| !s.schedule.is_empty()),
        scenario: model.name.clone(),
        replications: reps.len() as u32,
        seed,
        warmup_weeks: model.warmup_days / 7.0,
        horizon_weeks: model.horizon_days / 7.0,
        start_date: iso_date(model.calendar.start_date()),
        placed_within_days: model.reporting.placed_within_days,
        kpis,
        stages,
        staff,
        weekly,
        survival,
        events: reps.iter().map(|r| r.events).sum(),
    }
}

/// The weekly stocks, mean over replications. Each replication's weeks are read once, front to
/// back, and added to the rows in replication order: every sum adds the same numbers in the same
/// order as one sum over replications per week and figure would, so the means are the same to the
/// bit, without going through every replication's records once per week and figure.
fn weekly_rows(model: &Model, reps: &[Replication]) -> Vec<WeekRow> {
    let weeks = reps.iter().map(|r| r.weekly.len()).min().unwrap_or(0);
    let n = reps.len().max(1) as f64;
    let (stages, roles) = (model.stages.len(), model.staff.len());
    // -0.0 is what `Iterator::sum` starts from; the waits' sums started from 0.0.
    let mut rows: Vec<WeekRow> = (0..weeks)
        .map(|w| {
            let day = reps.first().map_or(0.0, |r| r.weekly.day(w));
            WeekRow {
                week: w,
                date: iso_date(model.calendar.date_of(day)),
                occupancy: vec![-0.0; stages],
                queue: vec![-0.0; stages],
                capacity: vec![-0.0; stages],
                present: -0.0,
                active: -0.0,
                company: -0.0,
                passive: -0.0,
                wait_days_mean: vec![0.0; stages],
                fte_needed: vec![-0.0; roles],
            }
        })
        .collect();
    let mut wait_counts = vec![0u64; weeks * stages];
    for r in reps {
        let x = &r.weekly;
        for (w, row) in rows.iter_mut().enumerate() {
            for s in 0..stages {
                row.occupancy[s] += f64::from(x.occupancy(w, s));
                row.queue[s] += f64::from(x.queue(w, s));
                row.capacity[s] += x.capacity(w, s);
                let (sum, count) = x.waits(w, s);
                row.wait_days_mean[s] += sum;
                wait_counts[w * stages + s] += u64::from(count);
            }
            let (present, active) = (x.present(w), x.active(w));
            row.present += present as f64;
            row.active += active as f64;
            row.company += x.company(w) as f64;
            row.passive += (present - active) as f64;
            for (f, needed) in row.fte_needed.iter_mut().zip(&r.fte_needed_weekly) {
                *f += needed.get(w).copied().unwrap_or(f64::NAN);
            }
        }
    }
    for (w, row) in rows.iter_mut().enumerate() {
        let counts = &wait_counts[w * stages..(w + 1) * stages];
        for v in row
            .occupancy
            .iter_mut()
            .chain(&mut row.queue)
            .chain(&mut row.capacity)
        {
            *v /= n;
        }
        for v in [
            &mut row.present,
            &mut row.active,
            &mut row.company,
            &mut row.passive,
        ] {
            *v /= n;
        }
        for f in &mut row.fte_needed {
            *f /= n;
        }
        for (mean, &count) in row.wait_days_mean.iter_mut().zip(counts) {
            *mean = if count == 0 {
                f64::NAN
            } else {
                *mean / count as f64
            };
        }
    }
    rows
}

/// The transition report: month-end stocks and flags, averaged over replications.
fn monthly_rows(model: &Model, reps: &[Replication], summarizer: &Summarizer) -> Vec<MonthRow> {
    let months = reps.iter().map(|r| r.monthly.len()).min().unwrap_or(0);
    let ws = model.warmup_days;
    (0..months)
        .map(|i| {
            let summary = |values: Vec<f64>| summarizer.summarize(&values);
            let first = &reps[0].monthly;
            let begin = if i == 0 { ws } else { first.day(i - 1) };
            let days = first.day(i) - begin;
            let stages = model
                .stages
                .iter()
                .enumerate()
                .map(|(s, stage)| {
                    let place_days = mean_over(reps, |r| {
                        let before = if i == 0 {
                            0.0
                        } else {
                            r.monthly.occupancy_area(i - 1, s)
                        };
                        r.monthly.occupancy_area(i, s) - before
                    });
                    MonthStage {
                        capacity: mean_over(reps, |r| r.monthly.capacity(i, s)),
                        occupancy: mean_over(reps, |r| f64::from(r.monthly.occupancy(i, s))),
                        occupancy_mean: if days > 0.0 {
                            place_days / days
                        } else {
                            f64::NAN
                        },
                        queue: mean_over(reps, |r| f64::from(r.monthly.queue(i, s))),
                        cost_dkk: place_days / 7.0 * stage.price_per_week_dkk,
                    }
                })
                .collect();
            MonthRow {
                month: iso_month(model.calendar.date_of(begin)),
                days,
                stages,
                target_group: mean_over(reps, |r| r.monthly.present(i) as f64),
                active: mean_over(reps, |r| r.monthly.active(i) as f64),
                passive: summary(each(reps, |r| {
                    (r.monthly.present(i) - r.monthly.active(i)) as f64
                })),
                company: summary(each(reps, |r| r.monthly.company(i) as f64)),
                company_share_of_activation: summary(each(reps, |r| {
                    let (active, company) = (r.monthly.active(i), r.monthly.company(i));
                    if active > 0 {
                        company as f64 / active as f64
                    } else {
                        f64::NAN
                    }
                }))
                .mean,
                past_offer_deadline: summary(each(reps, |r| {
                    r.monthly.past_offer_deadline(i) as f64
                })),
                offer_gap_share: mean_over(reps, |r| f64::from(u8::from(r.offer_gap[i]))),
            }
        })
        .collect()
}

/// Mean of one figure over replications, summed in replication order. A generic function, so
/// the figure is read in line rather than called through a pointer for each replication.
fn mean_over(reps: &[Replication], figure: impl Fn(&Replication) -> f64) -> f64 {
    reps.iter().map(figure).sum::<f64>() / reps.len().max(1) as f64
}

/// One figure of every replication, in replication order, for its summary.
fn each(reps: &[Replication], figure: impl Fn(&Replication) -> f64) -> Vec<f64> {
    reps.iter().map(figure).collect()
}

/// Input survival of the new-applicant mix: the inflow-weighted average of segment curves
/// (segments without a curve count as never leaving).
pub fn input_survival(model: &Model, week: f64) -> f64 {
    model
        .segments
        .iter()
        .map(|s| {
            s.share_of_inflow
                * s.survival
                    .as_ref()
                    .map_or(1.0, |c| c.survival_at_weeks(week))
        })
        .sum()
}

/// One summary per column of per-replication rows of figures.
fn column_summaries<const N: usize>(summarizer: &Summarizer, rows: &[[f64; N]]) -> Vec<Summary> {
    (0..N)
        .map(|f| summarizer.summarize(&rows.iter().map(|v| v[f]).collect::<Vec<_>>()))
        .collect()
}

/// "2011-03-07": what `format("%Y-%m-%d")` writes, by chrono's own ISO writer (its `Display`),
/// which skips parsing the format for each of a run's thousands of weeks.
fn iso_date(date: NaiveDate) -> String {
    use std::fmt::Write;
    // Room for "2011-03-07" from the start, where a string grown as written moves twice.
    let mut text = String::with_capacity(10);
    write!(text, "{date}").expect("a string takes any text");
    text
}

/// "2011-03": what `format("%Y-%m")` writes, as [`iso_date`] less "-" and the day's two digits.
fn iso_month(date: NaiveDate) -> String {
    let mut month = iso_date(date);
    month.truncate(month.len() - 3);
    month
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_as_by_the_format() {
        let years = [-40, -1, 0, 7, 999, 1000, 2011, 2099, 9999, 10_000, 12_345];
        for year in years {
            for (month, day) in [(1, 1), (2, 28), (3, 9), (10, 31), (12, 31)] {
                let d = NaiveDate::from_ymd_opt(year, month, day).expect("a date");
                assert_eq!(iso_date(d), d.format("%Y-%m-%d").to_string());
                assert_eq!(iso_month(d), d.format("%Y-%m").to_string());
            }
        }
        let d = NaiveDate::from_ymd_opt(2011, 3, 7).expect("a date");
        assert_eq!(
            (iso_date(d).as_str(), iso_month(d).as_str()),
            ("2011-03-07", "2011-03")
        );
    }
}
