//! The guard against citizens going round stages without time passing. `check` refuses loops
//! of zero-length stays that can never be left and warns of those that can; a loop left only
//! with a tiny chance would still run for hours. The engine counts moves into a queue at one
//! instant and stops the run once they pass any number a real job centre could need, naming the
//! stages it saw them going round.

use crate::model::StageId;

/// Moves at one instant allowed whatever the size of the job centre.
const BASE_MOVES: u64 = 1_000_000;
/// Further moves at one instant allowed per citizen present: a capacity change or a stock
/// arriving moves everyone a few times at most.
const MOVES_PER_CITIZEN: u64 = 64;
/// Moves watched after the limit, to name the stages in the loop.
const WATCHED_MOVES: u64 = 10_000;

/// A replication stopped because citizens went round stages without time passing.
#[derive(Debug, Clone, PartialEq)]
pub struct Stuck {
    /// The day (since the run's start) on which time stood still.
    pub day: f64,
    /// Moves into a queue counted at that instant.
    pub moves: u64,
    /// The stages entered while the loop was watched, in the model's order.
    pub stages: Vec<StageId>,
}

/// Counts moves at the current instant.
#[derive(Debug)]
pub(super) struct Burst {
    at: f64,
    moves: u64,
    watched: u64,
    seen: Vec<bool>,
}

impl Burst {
    pub(super) fn new(stages: usize) -> Burst {
        Burst {
            at: f64::NAN,
            moves: 0,
            watched: 0,
            seen: vec![false; stages],
        }
    }

    /// A citizen joined the queue of `stage` at `t` with `present` citizens in the job centre.
    /// Returns the diagnosis once the moves at this instant are past the limit and the loop
    /// has been watched long enough to name its stages.
    #[inline]
    pub(super) fn note(&mut self, t: f64, stage: StageId, present: u64) -> Option<Stuck> {
        if t != self.at {
            self.at = t;
            self.moves = 0;
            return None;
        }
        self.moves += 1;
        if self.moves <= BASE_MOVES.saturating_add(MOVES_PER_CITIZEN.saturating_mul(present)) {
            return None;
        }
        self.seen[stage] = true;
        self.watched += 1;
        (self.watched >= WATCHED_MOVES).then(|| Stuck {
            day: t,
            moves: self.moves,
            stages: (0..self.seen.len()).filter(|&s| self.seen[s]).collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_spread_over_time_never_stop_a_run() {
        let mut b = Burst::new(2);
        for i in 0..3 * BASE_MOVES {
            assert_eq!(b.note(i as f64 * 1e-3, 0, 0), None);
        }
    }

    #[test]
    fn moves_at_one_instant_stop_a_run_past_the_limit_and_name_the_stages() {
        let mut b = Burst::new(3);
        let mut stuck = None;
        let mut n = 0u64;
        while stuck.is_none() {
            stuck = b.note(5.0, if n % 2 == 0 { 0 } else { 2 }, 10);
            n += 1;
        }
        let limit = BASE_MOVES + 10 * MOVES_PER_CITIZEN;
        assert_eq!(n, 1 + limit + WATCHED_MOVES);
        let stuck = stuck.unwrap();
        assert_eq!(stuck.stages, vec![0, 2]);
        assert_eq!(stuck.day, 5.0);
    }
}
