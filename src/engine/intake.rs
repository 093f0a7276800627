//! Intake: who starts when, as places and caseload slots allow; those sent on to a fallback
//! come back first when a place frees where they waited.

use super::queue::Kind;
use super::{Recorder, Sim};
use crate::model::{Intake, RoleWork, StageId};

impl<R: Recorder> Sim<'_, R> {
    /// Start waiting citizens if the intake rule allows it now.
    #[inline(always)]
    pub(super) fn fill(&mut self, s: StageId, t: f64) {
        let m = self.m;
        if self.stages[s].waiting == 0 {
            if self.stages[s].at_fallback.is_empty() {
                return;
            }
            self.drop_stale_at_fallback(s);
            if self.stages[s].at_fallback.is_empty() {
                return;
            }
        }
        if !self.can_start(s) {
            return;
        }
        let st = &self.stages[s];
        match m.stages[s].intake {
            Intake::Weekly(_) => {}
            Intake::Continuous => {
                if m.calendar.is_working_time(t) {
                    self.start_from_queue(s, t);
                } else if !st.intake_pending {
                    self.stages[s].intake_pending = true;
                    let at = m.calendar.next_working_time(t);
                    self.schedule(at, Kind::Intake { stage: s as u32 });
                }
            }
        }
    }

    /// A place is free and every caseload role following the stage has a free slot.
    // Asked several times for every start and end of a stay: inlined, it costs a few compares.
    #[inline(always)]
    pub(super) fn can_start(&self, s: StageId) -> bool {
        self.stages[s].has_free_place()
            && self.caseload_roles[s]
                .iter()
                .all(|&r| self.staff[r].has_free_slot())
    }

    pub(super) fn start_from_queue(&mut self, s: StageId, t: f64) {
        while self.can_start(s) {
            let citizens = &self.citizens;
            let next = self.stages[s].pop(|c, v| {
                let c = &citizens[c as usize];
                c.version == v && c.location.waiting_for() == Some(s)
            });
            if let Some(id) = next {
                // Who starts here next is usually cold in memory by then; ask for them now.
                if let Some(after) = self.stages[s].front() {
                    if self.citizens.len() > super::PREFETCH_FROM {
                        super::prefetch(&self.citizens, after);
                        super::prefetch(&self.histories, after);
                    }
                }
                self.note_queue(s, t);
                self.start_stay(id, s, t);
                continue;
            }
            // Nobody waits here: take back those sent on to a fallback and still waiting there.
            if self.stages[s].at_fallback.is_empty() {
                break;
            }
            self.drop_stale_at_fallback(s);
            let Some((id, _)) = self.stages[s].at_fallback.pop_front() else {
                break;
            };
            if let Some(f) = self.citizens[id as usize].location.waiting_for() {
                self.stages[f].waiting -= 1;
                self.note_queue(f, t);
            }
            self.start_stay(id, s, t);
        }
    }

    /// Forget citizens at the front of `at_fallback` who have since started or left.
    pub(super) fn drop_stale_at_fallback(&mut self, s: StageId) {
        while let Some(&(id, v)) = self.stages[s].at_fallback.front() {
            let c = &self.citizens[id as usize];
            if c.version == v && c.location.waiting_for().is_some() {
                break;
            }
            self.stages[s].at_fallback.pop_front();
        }
    }

    /// A place in `s` was freed: start waiting citizens there, and in every stage whose
    /// caseload role just got a slot back.
    #[inline(always)]
    pub(super) fn after_release(&mut self, s: StageId, t: f64) {
        self.fill(s, t);
        let m = self.m;
        for i in 0..self.caseload_roles[s].len() {
            let r = self.caseload_roles[s][i];
            if let RoleWork::Caseload { stages, .. } = &m.staff[r].work {
                for &other in stages {
                    if other != s {
                        self.fill(other, t);
                    }
                }
            }
        }
    }
}
