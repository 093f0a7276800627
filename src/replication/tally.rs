//! The [`Tally`]: what the key figures need from each citizen, reduced as the citizen's record
//! closes (the engine's [`Recorder`]), so a replication keeps no record of those who have left.

use super::exact_sum::ExactSum;
use super::{ratio, SURVIVAL_WEEKS};
use crate::calendar::Calendar;
use crate::citizen::{Citizen, ExitReason};
use crate::engine::Recorder;
use crate::figures::Kpi;
use crate::model::{Model, RoleWork, StageId, StrategyKind, Stream};

/// Who got something by a statutory deadline: `(met, counted)`.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct DeadlineCount {
    met: usize,
    counted: usize,
}

impl DeadlineCount {
    /// Count a new arrival in the window whose deadline falls inside the run: met if `event`
    /// came by the deadline; not counted if they left before it without it (the deadline no
    /// longer applied to them).
    fn add(
        &mut self,
        calendar: &Calendar,
        working: &WorkingDays,
        c: &Citizen,
        days: f64,
        event: Option<f64>,
        end: f64,
    ) {
        // The due time is never before the raw deadline: past the end, no calendar is needed.
        let raw = c.arrived + days;
        if raw > end {
            return;
        }
        // `Model::deadline_due`: moved to the next working day when it falls on another day.
        let limit = working.next_working_time(calendar, raw);
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

    pub(super) fn share(&self) -> f64 {
        ratio(self.met as f64, self.counted as f64)
    }
}

/// Which days are working days, looked up without a call into the calendar: the tally asks for
/// two deadlines per citizen, nearly always on a working day. When every day is one (a queue
/// open all week), no deadline ever moves and nothing is looked up.
#[derive(Debug)]
enum WorkingDays<'m> {
    Every,
    Table(&'m [bool]),
}

impl<'m> WorkingDays<'m> {
    fn new(calendar: &'m Calendar) -> WorkingDays<'m> {
        let table = calendar.working_days();
        // A week of working days in the table means every weekday is open, so the days past
        // the table are working days too. Counted rather than searched: a count runs over many
        // days at a time, and a long run has tens of thousands.
        if table.len() >= 7 && table.iter().filter(|&&w| w).count() == table.len() {
            WorkingDays::Every
        } else {
            WorkingDays::Table(table)
        }
    }

    /// `Calendar::next_working_time`.
    fn next_working_time(&self, calendar: &Calendar, t: f64) -> f64 {
        match *self {
            WorkingDays::Every => t,
            WorkingDays::Table(days) if t >= 0.0 && days.get(t as usize) == Some(&true) => t,
            WorkingDays::Table(_) => calendar.next_working_time(t),
        }
    }
}

/// Horizons of mål 2: self-sufficient within 4, 13 and 26 weeks of a company-based activation.
pub(super) const MAL2: [(Kpi, f64); 3] = [
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
    /// The same citizen's next older watch; the oldest links to the newest (a ring), or the
    /// next free node.
    next: u32,
}

const COMPANY_END: u32 = u32::MAX;
const NONE: u32 = u32::MAX;

/// A citizen's open watches, kept in their memo word (0: none): the newest node plus one in the
/// low 28 bits, the number of watches (counted up to 15) in the high 4. The watches form a ring
/// from the newest to the oldest and back, so a new one is added and the oldest dropped in
/// constant time. Kept with the citizen's record, which the engine has in hand when it reports
/// to the tally, rather than in a table of the tally's own that a large job centre would read
/// from main memory each time.
#[derive(Debug, Clone, Copy)]
struct WatchList(u32);

impl WatchList {
    const HEAD_BITS: u32 = 28;
    /// Lists this long are pruned before they grow.
    const PRUNE_FROM: u32 = 8;

    fn new(newest: u32, len: u32) -> WatchList {
        if newest == NONE {
            return WatchList(0);
        }
        assert!(newest < (1 << Self::HEAD_BITS) - 1, "too many open watches");
        WatchList(len.min(15) << Self::HEAD_BITS | (newest + 1))
    }

    fn newest(self) -> u32 {
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
    pub(super) window_start: f64,
    pub(super) end: f64,
    // Placement cohort: first referred in the window, early enough to be followed up.
    pub(super) referred: usize,
    pub(super) placed: usize,
    pub(super) placed_soon: usize,
    pub(super) to_first_placement: ExactSum,
    pub(super) spells: ExactSum,
    pub(super) selfsufficient: usize,
    pub(super) arrivals: usize,
    /// New applicants by how many of the [`SURVIVAL_WEEKS`] they were followed for, and by how
    /// many of those they were still on benefit at (both count from the first week).
    pub(super) survival_followed: [usize; SURVIVAL_WEEKS.len() + 1],
    pub(super) survival_still: [usize; SURVIVAL_WEEKS.len() + 1],
    pub(super) first_conversation: DeadlineCount,
    pub(super) first_offer: DeadlineCount,
    pub(super) has_conversations: bool,
    /// Per segment, the first-conversation and first-offer deadlines in days that apply to it
    /// (`Model::deadline_days`).
    deadline_days: Vec<[f64; 2]>,
    /// Some staff role holds conversations: without one the first-conversation share is
    /// undefined, and not counted.
    conversations_held: bool,
    pub(super) flag_cohort: usize,
    pub(super) flagged: usize,
    pub(super) mal2_n: [usize; 3],
    pub(super) mal2_yes: [usize; 3],
    pub(super) selfsufficiency_payments: Vec<f64>,
    working: WorkingDays<'m>,
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
            deadline_days: (0..model.segments.len())
                .map(|s| {
                    let d = model.deadlines;
                    [
                        model.deadline_days(d.first_conversation_days, s),
                        model.deadline_days(d.first_offer_days, s),
                    ]
                })
                .collect(),
            conversations_held: model
                .staff
                .iter()
                .any(|r| matches!(r.work, RoleWork::Conversations(_))),
            flag_cohort: 0,
            flagged: 0,
            mal2_n: [0; 3],
            mal2_yes: [0; 3],
            selfsufficiency_payments: vec![0.0; model.stages.len()],
            working: WorkingDays::new(&model.calendar),
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

    /// Open a watch for the citizen whose memo word is `memo`. Once they have several, their
    /// oldest are dropped while settled as "not in time" (the citizen is still here after the
    /// horizon), so a long stay in the job centre keeps few. Watches come in time order, so the
    /// oldest are nearly always the first to be settled; dropping only from that end costs
    /// nothing per watch however many a citizen has.
    fn watch(&mut self, memo: &mut u32, t: f64, what: u32) {
        let mut list = WatchList(*memo);
        if list.len() >= WatchList::PRUNE_FROM {
            list = self.prune(list, t);
        }
        let w = Watch {
            t,
            what,
            next: NONE,
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
        // Into the ring between the newest and the oldest.
        let newest = list.newest();
        self.watches[link as usize].next = if newest == NONE {
            link
        } else {
            std::mem::replace(&mut self.watches[newest as usize].next, link)
        };
        *memo = WatchList::new(link, list.len() + 1).0;
    }

    /// `list` without its oldest watches whose horizon ended before `t`, up to the first that
    /// has not. A count of 15 stands for 15 or more and stays so.
    fn prune(&mut self, list: WatchList, t: f64) -> WatchList {
        let newest = list.newest();
        let mut len = list.len();
        loop {
            let oldest = self.watches[newest as usize].next;
            let w = self.watches[oldest as usize];
            if w.t + self.horizon(w.what) >= t {
                return WatchList::new(newest, len);
            }
            self.watches[oldest as usize].next = self.free_watch;
            self.free_watch = oldest;
            if oldest == newest {
                return WatchList::new(NONE, 0);
            }
            self.watches[newest as usize].next = w.next;
            if len < 15 {
                len -= 1;
            }
        }
    }

    /// Settle the open watches of a citizen whose record is final. A call of its own: most
    /// citizens have none, and the registers its loop needs would cost the count of every
    /// citizen.
    #[inline(never)]
    fn settle_watches(&mut self, memo: &mut u32, c: &Citizen) {
        let newest = WatchList(std::mem::take(memo)).newest();
        if newest == NONE {
            return;
        }
        // Round the ring from the oldest; the newest is the last.
        let mut link = self.watches[newest as usize].next;
        loop {
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
            if link == newest {
                return;
            }
            link = w.next;
        }
    }

    /// New applicants followed for survival week `i`.
    pub(super) fn survival_n(&self, i: usize) -> usize {
        self.survival_followed[i + 1..].iter().sum()
    }

    /// Of those, the ones still on benefit then.
    pub(super) fn survival_on(&self, i: usize) -> usize {
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
            let [conversation_days, offer_days] = self.deadline_days[c.segment];
            let calendar = &self.model.calendar;
            if self.conversations_held {
                self.first_conversation.add(
                    calendar,
                    &self.working,
                    c,
                    conversation_days,
                    c.first_conversation,
                    end,
                );
            }
            self.first_offer
                .add(calendar, &self.working, c, offer_days, c.first_offer, end);
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
        if *memo != 0 {
            self.settle_watches(memo, c);
        }
        self.count(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::citizen::ExitReason;

    /// The tally's working days move a deadline exactly as the calendar does, open all week
    /// (no look-up at all) or not, inside the table and past it.
    #[test]
    fn working_days_move_deadlines_as_the_calendar_does() {
        let start = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).expect("a date");
        let weekdays = [true, true, true, true, true, false, false];
        for (open, closed, every) in [([true; 7], &[][..], true), (weekdays, &[30][..], false)] {
            let calendar = Calendar::new(start, 400, open, closed);
            let working = WorkingDays::new(&calendar);
            assert_eq!(matches!(working, WorkingDays::Every), every);
            for i in 0..4000 {
                let t = f64::from(i) * 0.137 - 3.0;
                assert_eq!(
                    working.next_working_time(&calendar, t).to_bits(),
                    calendar.next_working_time(t).to_bits(),
                    "{t}"
                );
            }
        }
    }

    fn citizen(exit: Option<f64>) -> Citizen {
        Citizen {
            exit: exit.map(|t| (t, ExitReason::SelfSufficient)),
            ..Citizen::vacant()
        }
    }

    /// Mål 2 counted from company-based activations ending at `ends` for a citizen leaving benefit
    /// at `exit` (after the last end: they were there at each), through the tally's watches,
    /// against a count by hand.
    fn check(model: &Model, ends: &[f64], exit: Option<f64>) {
        let mut tally = Tally::new(model);
        let mut memo = 0;
        let c = citizen(exit);
        for &t in ends {
            tally.company_end(&mut memo, &c, t);
        }
        tally.citizen_done(&mut memo, &c);
        assert_eq!(memo, 0);
        for (k, &(_, days)) in MAL2.iter().enumerate() {
            let due: Vec<f64> = ends
                .iter()
                .copied()
                .filter(|t| t + days <= tally.end)
                .collect();
            let yes = due
                .iter()
                .filter(|&&t| exit.is_some_and(|e| e <= t + days))
                .count();
            assert_eq!(
                (tally.mal2_n[k], tally.mal2_yes[k]),
                (due.len(), yes),
                "{k}"
            );
        }
        // Every node went back to the free list: a second citizen reuses them.
        let nodes = tally.watches.len();
        let mut memo = 0;
        for &t in ends.iter().take(3) {
            tally.company_end(&mut memo, &c, t);
        }
        assert_eq!(tally.watches.len(), nodes);
    }

    #[test]
    fn watches_pruned_and_settled_count_as_by_hand() {
        let model = crate::scenario::default_model().expect("the default scenario loads");
        let end = model.end_day();
        // Many ends a week apart: old ones are pruned while the citizen stays.
        let weekly: Vec<f64> = (0..50).map(|w| f64::from(w) * 7.0).collect();
        let last = weekly[49];
        assert!(last + 30.0 < end);
        for exit in [None, Some(last), Some(last + 3.0), Some(last + 30.0)] {
            check(&model, &weekly, exit);
        }
        // Thousands on one day (a loop without time passing): nothing can be pruned, and each
        // watch still costs the same.
        let burst = vec![end / 2.0; 5000];
        check(&model, &burst, Some(end / 2.0 + 30.0));
        check(&model, &[], None);
    }
}
