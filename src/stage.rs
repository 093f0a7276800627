//! A stage while the simulation runs: places, occupancy and the queue of citizens waiting for
//! one, in FIFO or segment-priority order (a simmer-like resource).

use std::collections::VecDeque;

use crate::citizen::Slot;
use crate::model::{QueueDiscipline, SegmentId, Stage};

/// Runtime state of one stage.
#[derive(Debug, Clone)]
pub struct StageState {
    /// `None`: unlimited.
    pub capacity: Option<u32>,
    pub occupancy: u32,
    /// One FIFO lane per priority rank; entries carry the citizen's version when queued, so an
    /// entry left behind by a citizen who moved on is skipped (lazy deletion).
    lanes: Vec<VecDeque<(Slot, u32)>>,
    /// Citizens really waiting (stale entries excluded).
    pub waiting: u32,
    /// Citizens who were referred here, found no place in time and now wait at the fallback:
    /// they take a place here when one frees before they start there. Entries are (slot,
    /// version); those of citizens who have since started or left are skipped.
    pub at_fallback: VecDeque<(Slot, u32)>,
    /// Length of `at_fallback` after it was last cleared of stale entries.
    at_fallback_kept: usize,
    /// A continuous-intake start is already scheduled for the next working day.
    pub intake_pending: bool,
}

impl StageState {
    pub fn new(stage: &Stage) -> StageState {
        let lanes = match &stage.queue {
            QueueDiscipline::Fifo => 1,
            QueueDiscipline::Priority { ranks, .. } => *ranks,
        };
        StageState {
            capacity: stage.capacity,
            occupancy: 0,
            lanes: vec![VecDeque::new(); lanes],
            waiting: 0,
            at_fallback: VecDeque::new(),
            at_fallback_kept: 0,
            intake_pending: false,
        }
    }

    /// Add an entry to `at_fallback`. Stale entries are skipped only at its front, which is
    /// reached only when nobody waits here, so a stage that always has a queue would keep every
    /// entry for ever: whenever the list has doubled, entries for which `is_valid` is false are
    /// dropped (an entry once stale stays stale, so this changes nothing but memory).
    pub fn push_at_fallback(&mut self, entry: (Slot, u32), is_valid: impl Fn((Slot, u32)) -> bool) {
        self.at_fallback.push_back(entry);
        if self.at_fallback.len() > 2 * self.at_fallback_kept + 64 {
            self.at_fallback.retain(|&e| is_valid(e));
            self.at_fallback_kept = self.at_fallback.len();
        }
    }

    pub fn has_free_place(&self) -> bool {
        self.capacity.is_none_or(|c| self.occupancy < c)
    }

    pub fn enqueue(&mut self, stage: &Stage, segment: SegmentId, citizen: Slot, version: u32) {
        let lane = match &stage.queue {
            QueueDiscipline::Fifo => 0,
            QueueDiscipline::Priority {
                rank_of_segment, ..
            } => rank_of_segment[segment],
        };
        self.lanes[lane].push_back((citizen, version));
        self.waiting += 1;
    }

    /// The slot at the front of the queue (perhaps stale): who is likely to start next.
    pub fn front(&self) -> Option<Slot> {
        self.lanes
            .iter()
            .find_map(|lane| lane.front().map(|&(c, _)| c))
    }

    /// Remove and return the first entry for which `is_valid` holds, dropping stale ones.
    pub fn pop(&mut self, mut is_valid: impl FnMut(Slot, u32) -> bool) -> Option<Slot> {
        for lane in &mut self.lanes {
            while let Some((c, v)) = lane.pop_front() {
                if is_valid(c, v) {
                    self.waiting -= 1;
                    return Some(c);
                }
            }
        }
        None
    }
}
