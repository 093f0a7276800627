//! One replication's key figures: runs the engine and reduces its records to the numbers of
//! [`crate::kpi`], the per-stage figures and the survival cohort. Pure: model and seed in,
//! figures out.
//!
//! What the figures need from each citizen is reduced as the citizen's record is closed (a
//! [`Tally`], the engine's [`Recorder`]), so a replication keeps no record of the citizens who
//! have left. Every count is the same whatever order the citizens come in, and the two means
//! over citizens (time on benefit, time to first placement) are summed exactly, so they do not
//! depend on it either.

use crate::binned::WaitBins;
use crate::calendar::DAYS_PER_MONTH;
use crate::citizen::{Citizen, ExitReason};
use crate::engine::{self, Recorder, RunRecord};
use crate::figures::{Kpi, KPIS};
use crate::model::{Model, StageId, StrategyKind, Stream};
use crate::monitor::{MonthSnapshot, Weekly};
use crate::radix::sort_times;
use crate::stats::{kaplan_meier_mean, mean, quantile_sorted};

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
    /// Time in queue of everyone referred here in the window, those who stopped waiting
    /// without a start (or were still waiting at the end) counted as censored: the
    /// Kaplan-Meier mean, restricted to the longest time observed.
    pub wait_all_days_mean: f64,
    /// Formed over all replications together ([`crate::report`]): NaN in one replication.
    pub wait_days_p50_pooled: f64,
    pub wait_days_p90_pooled: f64,
}

/// Stage figures formed over all replications together rather than in each one.
pub const POOLED_STAGE_FIELDS: [(&str, f64); 2] =
    [("wait_days_p50_pooled", 0.5), ("wait_days_p90_pooled", 0.9)];

/// Names of the per-stage figures, in [`StageFigures::values`] order: the catalogue's keys, checked
/// against [`crate::figures`] by its tests.
#[cfg(test)]
pub const STAGE_FIELDS: [&str; STAGE_FIGURE_COUNT] = [
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
    "wait_all_days_mean",
    "wait_days_p50_pooled",
    "wait_days_p90_pooled",
];

/// How many stage figures there are.
pub const STAGE_FIGURE_COUNT: usize = 14;

impl StageFigures {
    pub fn values(&self) -> [f64; STAGE_FIGURE_COUNT] {
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
            self.wait_all_days_mean,
            self.wait_days_p50_pooled,
            self.wait_days_p90_pooled,
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

/// Names of the per-role figures, in [`StaffFigures::values`] order: the catalogue's keys, checked
/// against [`crate::figures`] by its tests.
#[cfg(test)]
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
    /// Per stage: the waits of the starts in the window, by bin (for percentiles pooled over
    /// replications).
    pub waits: Vec<WaitBins>,
    pub staff: Vec<StaffFigures>,
    /// Per staff role, the FTE needed at each weekly snapshot (the same weeks as `weekly`).
    pub fte_needed_weekly: Vec<Vec<f64>>,
    pub weekly: Weekly,
    /// End of each calendar month in the measured window (the transition report).
    pub monthly: Vec<MonthSnapshot>,
    /// Per entry of `monthly`: someone was without an offer past a deadline during the month.
    pub offer_gap: Vec<bool>,
    pub survival: Vec<SurvivalPoint>,
    pub events: u64,
    /// Most citizens present at once in the run (the size of the engine's citizen table).
    pub peak_slots: usize,
}

impl Replication {
    pub fn kpi(&self, k: Kpi) -> f64 {
        self.kpis[k as usize]
    }
}

/// Run replication with `seed` and compute its figures; [`engine::Stuck`] when citizens went
/// round stages without time passing and the run had to stop.
pub fn replicate(model: &Model, seed: u64) -> Result<Replication, engine::Stuck> {
    let (run, tally) = engine::run_recorded(model, seed, Tally::new(model))?;
    Ok(figures(model, run, tally))
}

fn ratio(num: f64, den: f64) -> f64 {
    if den > 0.0 {
        num / den
    } else {
        f64::NAN
    }
}

/// A sum whose result does not depend on the order of its terms: each term is rounded down to
/// a multiple of 2⁻⁶⁴ (far below anything a day count or a week count carries) and the
/// multiples are added exactly, as integers. Citizens' records close in the order they leave,
/// which differs between otherwise equal runs only in that order; their figures must not.
#[derive(Debug, Clone, Copy, Default)]
struct ExactSum {
    fixed: i128,
    n: usize,
}

/// 2⁶⁴: the fixed point of [`ExactSum`].
const FIXED_ONE: f64 = 18_446_744_073_709_551_616.0;

/// `(v * 2⁶⁴) as i128` (truncated towards zero, saturating), from the bits: the library's
/// float-to-`i128` conversion is a slow software routine, and this runs for every citizen.
fn to_fixed(v: f64) -> i128 {
    let bits = v.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    if exponent == 0x7ff {
        // Infinity saturates, NaN is 0, as `as` does.
        return if v.is_nan() {
            0
        } else if v > 0.0 {
            i128::MAX
        } else {
            i128::MIN
        };
    }
    let mantissa = if exponent == 0 {
        bits & ((1 << 52) - 1)
    } else {
        bits & ((1 << 52) - 1) | 1 << 52
    };
    // v = mantissa · 2^(e − 1075) for normal numbers (e − 1074 for subnormal ones), so
    // v · 2⁶⁴ = mantissa · 2^shift.
    let shift = exponent.max(1) - 1075 + 64;
    let negative = bits >> 63 == 1;
    let magnitude = if shift >= 0 {
        // A 53-bit mantissa shifted by more than 74 bits does not fit.
        if shift > 127 - 53 {
            return if negative { i128::MIN } else { i128::MAX };
        }
        (mantissa as i128) << shift
    } else if shift <= -64 {
        0
    } else {
        (mantissa >> -shift) as i128
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

impl ExactSum {
    fn add(&mut self, v: f64) {
        self.fixed = self.fixed.saturating_add(to_fixed(v));
        self.n += 1;
    }

    fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.fixed as f64 / FIXED_ONE / self.n as f64
        }
    }
}

/// Who got something by a statutory deadline: `(met, counted)`.
#[derive(Debug, Clone, Copy, Default)]
struct DeadlineCount {
    met: usize,
    counted: usize,
}

impl DeadlineCount {
    /// Count a new arrival in the window whose deadline falls inside the run: met if `event`
    /// came by the deadline; not counted if they left before it without it (the deadline no
    /// longer applied to them).
    fn add(
        &mut self,
        model: &Model,
        working: &WorkingDays,
        c: &Citizen,
        days: [f64; 2],
        event: Option<f64>,
        end: f64,
    ) {
        // The due time is never before the raw deadline: past the end, no calendar is needed.
        let raw = c.arrived + model.deadline_days(days, c.segment);
        if raw > end {
            return;
        }
        // `Model::deadline_due`: moved to the next working day when it falls on another day.
        let limit = working.next_working_time(model, raw);
        if limit > end {
            return;
        }
        if event.is_some_and(|t| t <= limit) {
            self.met += 1;
            self.counted += 1;
        } else if !c.exit.is_some_and(|(t, _)| t <= limit) {
            self.counted += 1;
        }
    }

    fn share(&self) -> f64 {
        ratio(self.met as f64, self.counted as f64)
    }
}

/// Which days are working days, looked up without a call into the calendar: the tally asks for
/// two deadlines per citizen, nearly always on a working day.
#[derive(Debug)]
struct WorkingDays(Vec<bool>);

impl WorkingDays {
    fn new(model: &Model) -> WorkingDays {
        let cal = &model.calendar;
        WorkingDays((0..cal.days()).map(|d| cal.is_working_day(d)).collect())
    }

    /// `Calendar::next_working_time`.
    fn next_working_time(&self, model: &Model, t: f64) -> f64 {
        if t >= 0.0 && self.0.get(t as usize) == Some(&true) {
            t
        } else {
            model.calendar.next_working_time(t)
        }
    }
}

/// Horizons of mål 2: self-sufficient within 4, 13 and 26 weeks of a company-based activation.
const MAL2: [(Kpi, f64); 3] = [
    (Kpi::Mal2Selfsufficient4w, 4.0 * 7.0),
    (Kpi::Mal2Selfsufficient13w, 13.0 * 7.0),
    (Kpi::Mal2Selfsufficient26w, 26.0 * 7.0),
];

/// A company-based activation end or an outcome-paid stay whose outcome depends on when the
/// citizen leaves benefit: open until the citizen's record closes.
#[derive(Debug, Clone, Copy)]
struct Watch {
    t: f64,
    /// [`COMPANY_END`] or the stage owed an outcome payment.
    what: u32,
    /// Next watch of the same citizen, or [`NONE`].
    next: u32,
}

const COMPANY_END: u32 = u32::MAX;
const NONE: u32 = u32::MAX;

/// A citizen's list of open watches, kept in their memo word (0: empty): the head node plus one
/// in the low 28 bits, the length (up to 15) in the high 4. Kept with the citizen's record,
/// which the engine has in hand when it reports to the tally, rather than in a table of the
/// tally's own that a large job centre would read from main memory each time.
#[derive(Debug, Clone, Copy)]
struct WatchList(u32);

impl WatchList {
    const HEAD_BITS: u32 = 28;
    /// Lists this long are pruned before they grow.
    const PRUNE_FROM: u32 = 8;

    fn new(head: u32, len: u32) -> WatchList {
        if head == NONE {
            return WatchList(0);
        }
        assert!(head < (1 << Self::HEAD_BITS) - 1, "too many open watches");
        WatchList(len.min(15) << Self::HEAD_BITS | (head + 1))
    }

    fn head(self) -> u32 {
        (self.0 & ((1 << Self::HEAD_BITS) - 1))
            .checked_sub(1)
            .unwrap_or(NONE)
    }

    fn len(self) -> u32 {
        self.0 >> Self::HEAD_BITS
    }
}

/// The key figures' view of the citizens, reduced as each record closes: counts, exact sums
/// and the open watches of the citizens present. Memory follows the citizens present.
#[derive(Debug)]
pub struct Tally<'m> {
    model: &'m Model,
    window_start: f64,
    end: f64,
    // Placement cohort: first referred in the window, early enough to be followed up.
    referred: usize,
    placed: usize,
    placed_soon: usize,
    to_first_placement: ExactSum,
    spells: ExactSum,
    selfsufficient: usize,
    arrivals: usize,
    /// New applicants by how many of the [`SURVIVAL_WEEKS`] they were followed for, and by how
    /// many of those they were still on benefit at (both count from the first week).
    survival_followed: [usize; SURVIVAL_WEEKS.len() + 1],
    survival_still: [usize; SURVIVAL_WEEKS.len() + 1],
    first_conversation: DeadlineCount,
    first_offer: DeadlineCount,
    has_conversations: bool,
    flag_cohort: usize,
    flagged: usize,
    mal2_n: [usize; 3],
    mal2_yes: [usize; 3],
    selfsufficiency_payments: Vec<f64>,
    working: WorkingDays,
    /// Open watches; a citizen's list starts at the node their memo word names (see
    /// [`WatchList`]).
    watches: Vec<Watch>,
    /// Head of the free list through `watches`.
    free_watch: u32,
}

impl<'m> Tally<'m> {
    pub fn new(model: &'m Model) -> Tally<'m> {
        Tally {
            model,
            window_start: model.warmup_days,
            end: model.end_day(),
            referred: 0,
            placed: 0,
            placed_soon: 0,
            to_first_placement: ExactSum::default(),
            spells: ExactSum::default(),
            selfsufficient: 0,
            arrivals: 0,
            survival_followed: [0; SURVIVAL_WEEKS.len() + 1],
            survival_still: [0; SURVIVAL_WEEKS.len() + 1],
            first_conversation: DeadlineCount::default(),
            first_offer: DeadlineCount::default(),
            has_conversations: false,
            flag_cohort: 0,
            flagged: 0,
            mal2_n: [0; 3],
            mal2_yes: [0; 3],
            selfsufficiency_payments: vec![0.0; model.stages.len()],
            working: WorkingDays::new(model),
            watches: Vec::new(),
            free_watch: NONE,
        }
    }

    /// Days within which self-sufficiency settles a watch.
    fn horizon(&self, what: u32) -> f64 {
        if what == COMPANY_END {
            MAL2[2].1
        } else {
            self.model.stages[what as usize]
                .outcome_payment
                .selfsufficiency_within_days
        }
    }

    /// Open a watch for the citizen whose memo word is `memo`. Once their list is long, those
    /// settled as "not in time" (the citizen is still here after the horizon) are dropped
    /// first, so a long stay in the job centre keeps few.
    fn watch(&mut self, memo: &mut u32, t: f64, what: u32) {
        let mut list = WatchList(*memo);
        if list.len() >= WatchList::PRUNE_FROM {
            list = self.prune(list, t);
        }
        let w = Watch {
            t,
            what,
            next: list.head(),
        };
        let link = if self.free_watch == NONE {
            self.watches.push(w);
            (self.watches.len() - 1) as u32
        } else {
            let link = self.free_watch;
            self.free_watch = self.watches[link as usize].next;
            self.watches[link as usize] = w;
            link
        };
        *memo = WatchList::new(link, list.len() + 1).0;
    }

    /// `list` without the watches whose horizon ended before `t`.
    fn prune(&mut self, list: WatchList, t: f64) -> WatchList {
        let (mut head, mut len, mut prev) = (NONE, 0, NONE);
        let mut link = list.head();
        while link != NONE {
            let w = self.watches[link as usize];
            if w.t + self.horizon(w.what) < t {
                self.watches[link as usize].next = self.free_watch;
                self.free_watch = link;
            } else {
                if prev == NONE {
                    head = link;
                } else {
                    self.watches[prev as usize].next = link;
                }
                prev = link;
                len += 1;
            }
            link = w.next;
        }
        if prev != NONE {
            self.watches[prev as usize].next = NONE;
        }
        WatchList::new(head, len)
    }

    /// Settle the open watches of a citizen whose record is final.
    fn settle_watches(&mut self, memo: &mut u32, c: &Citizen) {
        let mut link = WatchList(std::mem::take(memo)).head();
        while link != NONE {
            let w = self.watches[link as usize];
            if w.what == COMPANY_END {
                for (k, &(_, days)) in MAL2.iter().enumerate() {
                    if w.t + days <= self.end && c.self_sufficient_by(w.t + days) {
                        self.mal2_yes[k] += 1;
                    }
                }
            } else {
                let pay = self.model.stages[w.what as usize].outcome_payment;
                // Counted when it falls due in the window: self-sufficient in the window, within
                // the limit after the stay (the run ends at the window's end, so no exit is later).
                if c.self_sufficient_by(w.t + pay.selfsufficiency_within_days)
                    && c.exit.is_some_and(|(e, _)| e >= self.window_start)
                {
                    // The same amount each time, so the order of the additions does not matter.
                    self.selfsufficiency_payments[w.what as usize] += pay.at_selfsufficiency_dkk;
                }
            }
            self.watches[link as usize].next = self.free_watch;
            self.free_watch = link;
            link = w.next;
        }
    }

    /// New applicants followed for survival week `i`.
    fn survival_n(&self, i: usize) -> usize {
        self.survival_followed[i + 1..].iter().sum()
    }

    /// Of those, the ones still on benefit then.
    fn survival_on(&self, i: usize) -> usize {
        self.survival_still[i + 1..].iter().sum()
    }

    /// The per-citizen counts of the key figures.
    fn count(&mut self, c: &Citizen) {
        let (ws, end) = (self.window_start, self.end);
        let reporting = &self.model.reporting;
        if let Some(r) = c.first_referral {
            if r >= ws && r <= end - reporting.followup_days {
                self.referred += 1;
                // Everyone in the cohort is followed for exactly `followup_days`.
                if let Some(p) = c
                    .first_company_start
                    .filter(|&p| p <= r + reporting.followup_days)
                {
                    self.placed += 1;
                    if p - r <= reporting.placed_within_days {
                        self.placed_soon += 1;
                    }
                }
            }
        }
        let new_in_window = c.origin != Stream::Stock && c.arrived >= ws;
        if new_in_window {
            self.arrivals += 1;
            if let Some(p) = c.first_company_start {
                self.to_first_placement.add(p - c.arrived);
            }
            let deadlines = self.model.deadlines;
            self.first_conversation.add(
                self.model,
                &self.working,
                c,
                deadlines.first_conversation_days,
                c.first_conversation,
                end,
            );
            self.first_offer.add(
                self.model,
                &self.working,
                c,
                deadlines.first_offer_days,
                c.first_offer,
                end,
            );
        }
        if let Some((t, reason)) = c.exit {
            if t >= ws {
                self.spells.add((t - c.benefit_start) / 7.0);
                if reason == ExitReason::SelfSufficient {
                    self.selfsufficient += 1;
                }
            }
        }
        if c.origin == Stream::New && c.arrived >= ws {
            // Followed for the first k weeks (an arrival early in the window: all of them), and
            // still on benefit at the first j ≤ k: both conditions only turn false as the week
            // grows.
            let at = |i: usize| c.arrived + SURVIVAL_WEEKS[i] * 7.0;
            let weeks = SURVIVAL_WEEKS.len();
            let k = if at(weeks - 1) <= end {
                weeks
            } else {
                (0..weeks).take_while(|&i| at(i) <= end).count()
            };
            let exit = c.exit.map_or(f64::INFINITY, |(t, _)| t);
            let j = (0..k).take_while(|&i| exit > at(i)).count();
            self.survival_followed[k] += 1;
            self.survival_still[j] += 1;
            let screened = self
                .model
                .strategy
                .as_ref()
                .is_some_and(|s| s.kinds[c.segment] == StrategyKind::Selection);
            if screened {
                self.flag_cohort += 1;
                self.flagged += usize::from(c.flagged);
            }
        }
        self.has_conversations |= c.conversation_role.is_some();
    }
}

impl Recorder for Tally<'_> {
    fn company_end(&mut self, memo: &mut u32, _c: &Citizen, t: f64) {
        let mut open = false;
        for (k, &(_, days)) in MAL2.iter().enumerate() {
            if t + days <= self.end {
                self.mal2_n[k] += 1;
                open = true;
            }
        }
        if open {
            self.watch(memo, t, COMPANY_END);
        }
    }

    fn outcome_watch(&mut self, memo: &mut u32, _c: &Citizen, stage: StageId, t: f64) {
        // The payment falls due when the citizen becomes self-sufficient: a stay that ended in
        // the warm-up can still owe one inside the window.
        let within = self.model.stages[stage]
            .outcome_payment
            .selfsufficiency_within_days;
        if t + within >= self.window_start {
            self.watch(memo, t, stage as u32);
        }
    }

    fn citizen_done(&mut self, memo: &mut u32, c: &Citizen) {
        self.settle_watches(memo, c);
        self.count(c);
    }
}

/// Reduce a run's records to figures (a run from [`engine::run`], which keeps every citizen's
/// record): the same figures [`replicate`] gives.
pub fn summarise(model: &Model, mut run: RunRecord) -> Replication {
    let mut tally = Tally::new(model);
    // Each citizen's memo word, by arrival number.
    let mut memo = vec![0u32; run.citizens.len()];
    for &(c, t) in &run.company_ends {
        tally.company_end(&mut memo[c as usize], &run.citizens[c as usize], t);
    }
    for &(c, s, t) in &run.outcome_watch {
        tally.outcome_watch(&mut memo[c as usize], &run.citizens[c as usize], s, t);
    }
    for c in std::mem::take(&mut run.citizens) {
        tally.citizen_done(&mut memo[c.id as usize], &c);
    }
    figures(model, run, tally)
}

/// The figures of a run, from its records and the tally of its citizens.
fn figures(model: &Model, mut run: RunRecord, tally: Tally) -> Replication {
    let ws = run.window_start;
    let end = run.end;
    let window = end - ws;
    let months = window / DAYS_PER_MONTH;

    // Each week's waits, taken while they are still in the order they ended.
    let waits: Vec<&[f64]> = run.stages.iter().map(|r| r.waits.as_slice()).collect();
    run.weekly.sum_waits(&waits);
    let (stages, all_waits) = stage_figures(model, &mut run, &tally, window);

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
    run: &mut RunRecord,
    tally: &Tally,
    window: f64,
) -> (Vec<StageFigures>, Vec<WaitBins>) {
    let end = run.end;
    let months = window / DAYS_PER_MONTH;
    let mut all_waits = Vec::with_capacity(model.stages.len());
    let stages: Vec<StageFigures> = model
        .stages
        .iter()
        .zip(run.stages.iter_mut())
        .zip(&tally.selfsufficiency_payments)
        .map(|((stage, rec), extra)| {
            let occ_area = rec.occupancy.area_until(end);
            let cap_area = rec.capacity.area_until(end);
            let mut waits = std::mem::take(&mut rec.waits);
            sort_times(&mut waits);
            sort_times(&mut rec.queued_started);
            sort_times(&mut rec.queued_censored);
            let wait_all_days_mean = kaplan_meier_mean(&rec.queued_started, &rec.queued_censored);
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
                wait_days_mean: mean(&waits),
                wait_days_p50: quantile_sorted(&waits, 0.5),
                wait_days_p90: quantile_sorted(&waits, 0.9),
                stay_days_mean: rec.stay_mean(),
                referrals_per_month: rec.referrals as f64 / months,
                entries_per_month: rec.entries as f64 / months,
                cost_dkk: weeks_in_places * stage.price_per_week_dkk + rec.payments_dkk + extra,
                wait_all_days_mean,
                wait_days_p50_pooled: f64::NAN,
                wait_days_p90_pooled: f64::NAN,
            };
            all_waits.push(WaitBins::from_sorted(&waits));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_conversion_is_the_library_s() {
        let mut r = crate::rng::stream(6);
        use rand::Rng;
        let mut cases = vec![
            0.0,
            -0.0,
            1.0,
            -1.5,
            1e-30,
            5e-324,
            f64::MIN_POSITIVE,
            1e18,
            5e18,
            -5e18,
            9.3e18,
            1e40,
            -1e40,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        cases.extend((0..2000).map(|i| (r.random::<f64>() - 0.3) * 10f64.powi(i % 30 - 12)));
        for v in cases {
            assert_eq!(to_fixed(v), (v * FIXED_ONE) as i128, "{v:e}");
        }
    }

    #[test]
    fn exact_sum_does_not_depend_on_order() {
        let mut r = crate::rng::stream(4);
        use rand::Rng;
        let v: Vec<f64> = (0..10_000)
            .map(|_| r.random::<f64>() * 500.0 / 7.0)
            .collect();
        let mut forward = ExactSum::default();
        v.iter().for_each(|&x| forward.add(x));
        let mut backward = ExactSum::default();
        v.iter().rev().for_each(|&x| backward.add(x));
        assert_eq!(forward.mean().to_bits(), backward.mean().to_bits());
        let naive = v.iter().sum::<f64>() / v.len() as f64;
        assert!((forward.mean() - naive).abs() < 1e-12 * naive);
    }
}
