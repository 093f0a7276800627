//! A stage while the simulation runs: places, occupancy and the queue of citizens waiting for
//! one, in FIFO or segment-priority order (a simmer-like resource).

use std::collections::VecDeque;

use crate::citizen::CitizenId;
use crate::model::{QueueDiscipline, SegmentId, Stage};

/// Runtime state of one stage.
#[derive(Debug, Clone)]
pub struct StageState {
    /// `None`: unlimited.
    pub capacity: Option<u32>,
    pub occupancy: u32,
    /// One FIFO lane per priority rank; entries carry the citizen's version when queued, so an
    /// entry left behind by a citizen who moved on is skipped (lazy deletion).
    lanes: Vec<VecDeque<(CitizenId, u32)>>,
    /// Citizens really waiting (stale entries excluded).
    pub waiting: u32,
    /// Citizens who were referred here, found no place in time and now wait at the fallback:
    /// they take a place here when one frees before they start there.
    pub at_fallback: VecDeque<(CitizenId, u32)>,
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
            intake_pending: false,
        }
    }

    pub fn has_free_place(&self) -> bool {
        self.capacity.is_none_or(|c| self.occupancy < c)
    }

    pub fn enqueue(&mut self, stage: &Stage, segment: SegmentId, citizen: CitizenId, version: u32) {
        let lane = match &stage.queue {
            QueueDiscipline::Fifo => 0,
            QueueDiscipline::Priority {
                rank_of_segment, ..
            } => rank_of_segment[segment],
        };
        self.lanes[lane].push_back((citizen, version));
        self.waiting += 1;
    }

    /// Remove and return the first entry for which `is_valid` holds, dropping stale ones.
    pub fn pop(&mut self, mut is_valid: impl FnMut(CitizenId, u32) -> bool) -> Option<CitizenId> {
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
