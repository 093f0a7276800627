//! The guard against citizens going round stages for ever. `check` refuses loops of zero-length
//! stays that can never be left and warns of those that can; but a loop left only with a tiny
//! chance, or a loop of stays lasting seconds, would still run for hours. No job centre moves its
//! citizens more than a few times a day each, so the engine counts moves into a queue, per day
//! and in all, and stops the run once they pass any number a real job centre could need, naming
//! the stages it saw them going round.

use crate::model::StageId;

/// Moves on one day allowed whatever the size of the job centre.
const DAY_MOVES: u64 = 100_000;
/// Further moves allowed per citizen present, on one day and in all: a capacity change, a
/// weekly intake or a stock arriving moves everyone a few times at most.
const MOVES_PER_CITIZEN: u64 = 64;
/// Moves in a whole replication allowed whatever the size of the job centre.
const RUN_MOVES: u64 = 1_000_000;
/// Further moves in a whole replication allowed per citizen-day: nobody is moved ten times a
/// day, day after day.
pub const MOVES_PER_CITIZEN_DAY: u64 = 10;
/// Moves watched after a limit was passed, to name the stages in the loop.
const WATCHED_MOVES: u64 = 10_000;

/// Which limit a stopped replication passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excess {
    /// Too many moves on one day.
    OneDay,
    /// Too many moves in the run for the citizen-days simulated.
    InAll,
}

/// A replication stopped because citizens went round stages far more often than any job
/// centre moves its citizens.
#[derive(Debug, Clone, PartialEq)]
pub struct Stuck {
    /// The time (days since the run's start) at which the run stopped.
    pub day: f64,
    /// Moves into a queue counted against the limit that was passed.
    pub moves: u64,
    pub excess: Excess,
    /// The stages entered while the loop was watched, in the model's order.
    pub stages: Vec<StageId>,
}

/// Counts moves into queues.
#[derive(Debug)]
pub(super) struct Burst {
    /// The day of the last move, none before the first, and the first instant of the next.
    day: Option<i64>,
    day_end: f64,
    /// Citizen-days up to the start of `day` (the citizens present at the first move of each
    /// day standing for the days since the last one).
    citizen_days: u64,
    /// Moves in all, and before the start of `day` (one counter to step, not two).
    total: u64,
    before_today: u64,
    /// The most moves in all that the stricter of the two limits allows on `day`, before the
    /// moves allowed per citizen present, which both limits add: set when the day changes, so
    /// a move is checked against one number.
    allowed: u64,
    watched: u64,
    excess: Option<Excess>,
    seen: Vec<bool>,
}

impl Burst {
    pub(super) fn new(stages: usize) -> Burst {
        Burst {
            day: None,
            day_end: f64::NEG_INFINITY,
            citizen_days: 0,
            total: 0,
            before_today: 0,
            allowed: 0,
            watched: 0,
            excess: None,
            seen: vec![false; stages],
        }
    }

    /// A citizen joined the queue of `stage` at `t`, with `present` citizens in the job
    /// centre. Returns the diagnosis once a limit is passed and the loop has been watched long
    /// enough to name its stages.
    ///
    /// Asked at every referral: the common case (a move on the day of the one before, within
    /// the limits) is inlined into the caller; a new day and a run past a limit are not.
    #[inline(always)]
    pub(super) fn note(&mut self, t: f64, stage: StageId, present: u64) -> Option<Stuck> {
        // Moves come in the order of time, so a move before the end of the day is on the day.
        if t >= self.day_end {
            self.new_day(t, present);
        }
        self.total += 1;
        if self.excess.is_none() && self.within_limits(present) {
            return None;
        }
        self.watch(t, stage, present)
    }

    /// The first move of a day.
    #[inline(never)]
    fn new_day(&mut self, t: f64, present: u64) {
        // Event times are never negative (see `queue::time_key`), so truncation is `floor`
        // (itself a call on baseline x86-64); signed integers convert to and from `f64` in
        // fewer instructions than unsigned ones.
        let day = t as i64;
        if let Some(last) = self.day {
            // Whole numbers: citizens are counted by a `u32` slot and a run lasts at most
            // 100 years, so no sum comes near 2^53, where a count in `f64` would round.
            self.citizen_days += present * (day - last) as u64;
        }
        self.day = Some(day);
        self.day_end = day as f64 + 1.0;
        self.before_today = self.total;
        let for_days = MOVES_PER_CITIZEN_DAY * self.citizen_days;
        self.allowed = (self.before_today + DAY_MOVES).min(RUN_MOVES + for_days);
    }

    /// Moves on the day of the last one.
    fn today(&self) -> u64 {
        self.total - self.before_today
    }

    /// Whether today's moves and all moves so far are within the limits: today's moves at most
    /// `DAY_MOVES` and the moves in all at most `RUN_MOVES` and those allowed for the
    /// citizen-days, each plus `MOVES_PER_CITIZEN` for every citizen present.
    #[inline(always)]
    fn within_limits(&self, present: u64) -> bool {
        // No sum can overflow: citizens are counted by a `u32` slot, and the citizen-days stay
        // below 2^53 (see `new_day`).
        self.total <= self.allowed + MOVES_PER_CITIZEN * present
    }

    /// A move past a limit: note which limit, and the stage, until the loop is named.
    #[inline(never)]
    fn watch(&mut self, t: f64, stage: StageId, present: u64) -> Option<Stuck> {
        let today = self.today();
        let excess = *self.excess.get_or_insert_with(|| {
            if today > DAY_MOVES + MOVES_PER_CITIZEN * present {
                Excess::OneDay
            } else {
                Excess::InAll
            }
        });
        self.seen[stage] = true;
        self.watched += 1;
        (self.watched >= WATCHED_MOVES).then(|| Stuck {
            day: t,
            moves: match excess {
                Excess::OneDay => today,
                Excess::InAll => self.total,
            },
            excess,
            stages: (0..self.seen.len()).filter(|&s| self.seen[s]).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Feed moves alternating between stages 0 and 2, `step` days apart, with `present`
    /// citizens, until the run stops.
    fn until_stuck(b: &mut Burst, step: f64, present: u64) -> (u64, Stuck) {
        let mut n = 0u64;
        loop {
            let stage = if n % 2 == 0 { 0 } else { 2 };
            n += 1;
            if let Some(s) = b.note(5.0 + n as f64 * step, stage, present) {
                return (n, s);
            }
        }
    }

    #[test]
    fn a_few_moves_per_citizen_and_day_never_stop_a_run() {
        let mut b = Burst::new(2);
        // 2 000 citizens, each moving 5 times a day for 500 days.
        for i in 0..5_000_000u64 {
            assert_eq!(b.note(i as f64 * 1e-4, 0, 2_000), None);
        }
    }

    #[test]
    fn moves_at_one_instant_stop_a_run_past_the_day_limit_and_name_the_stages() {
        let mut b = Burst::new(3);
        let (n, stuck) = until_stuck(&mut b, 0.0, 10);
        assert_eq!(n, DAY_MOVES + 10 * MOVES_PER_CITIZEN + WATCHED_MOVES);
        assert_eq!(stuck.stages, vec![0, 2]);
        assert_eq!(stuck.excess, Excess::OneDay);
        assert_eq!(stuck.day, 5.0);
    }

    #[test]
    fn moves_spread_over_many_days_stop_a_run_past_the_total_limit() {
        let mut b = Burst::new(3);
        // 20 000 moves a day by 100 citizens: under the day limit, but 200 a citizen-day.
        let (n, stuck) = until_stuck(&mut b, 5e-5, 100);
        assert_eq!(stuck.excess, Excess::InAll);
        assert_eq!(stuck.stages, vec![0, 2]);
        // The limit: 1 000 000 + 64 × 100, and 10 × 100 citizen-days for each day passed.
        let moves = (n - WATCHED_MOVES) as f64;
        let days = (moves * 5e-5).floor();
        let limit = (RUN_MOVES + 100 * MOVES_PER_CITIZEN) as f64 + 1_000.0 * days;
        assert!((moves - limit).abs() <= 1_000.0, "{moves} {limit}");
    }

    /// Feed `per_day` moves a day from day 0 with `present` citizens, from stage 1, until the
    /// run stops.
    fn daily_until_stuck(b: &mut Burst, per_day: u64, present: u64) -> (u64, Stuck) {
        for i in 0.. {
            let t = (i / per_day) as f64 + (i % per_day) as f64 / per_day as f64;
            if let Some(s) = b.note(t, 1, present) {
                return (i + 1, s);
            }
        }
        unreachable!()
    }

    #[test]
    fn the_total_limit_grows_by_the_citizen_days_and_stops_a_run_at_the_first_move_past_it() {
        // 20 000 moves a day by 100 citizens: on day d (from 0) the moves in all may reach
        // 1 000 000 + 64 × 100 + 10 × 100 × d, so the first move past it is the first move
        // whose count is above that of its day.
        let (per_day, present) = (20_000, 100);
        let first_past = (0..)
            .find_map(|d: u64| {
                let limit = RUN_MOVES + present * MOVES_PER_CITIZEN + 10 * present * d;
                ((d + 1) * per_day > limit).then(|| (d * per_day + 1).max(limit + 1))
            })
            .unwrap();
        let mut b = Burst::new(2);
        let (n, stuck) = daily_until_stuck(&mut b, per_day, present);
        assert_eq!(n, first_past + WATCHED_MOVES - 1);
        assert_eq!((stuck.excess, stuck.moves), (Excess::InAll, n));
        assert_eq!(stuck.stages, vec![1]);
    }

    #[test]
    fn the_day_limit_counts_the_moves_of_that_day_only() {
        // 300 moves on each of days 0 to 2, then all at one instant of day 3: the day limit,
        // 100 000 + 64 × 10, is passed by the move after that many on day 3.
        let mut b = Burst::new(1);
        for i in 0..900u64 {
            assert_eq!(b.note((i / 300) as f64 + 0.5, 0, 10), None);
        }
        let mut n = 0;
        let stuck = loop {
            n += 1;
            if let Some(s) = b.note(3.25, 0, 10) {
                break s;
            }
        };
        let first_past = DAY_MOVES + 10 * MOVES_PER_CITIZEN + 1;
        assert_eq!(n, first_past + WATCHED_MOVES - 1);
        assert_eq!(
            (stuck.excess, stuck.moves, stuck.day),
            (Excess::OneDay, n, 3.25)
        );
    }
}
