//! Exits: a citizen leaving the target group, and the self-sufficiency clock that decides when
//! they would leave benefit on their own.

use super::queue::{Event, Kind};
use super::{Recorder, Sim};
use crate::citizen::{ExitReason, Location, Slot};

impl<R: Recorder> Sim<'_, R> {
    /// The citizen leaves the target group.
    pub(super) fn leave(&mut self, id: Slot, t: f64, reason: ExitReason) {
        self.clear_overdue(id, t);
        // A citizen leaves from a stay, a queue or neither (most often): only the place or the
        // wait they leave needs closing.
        let freed = match self.citizens[id as usize].location {
            Location::InStage { stage, .. } => {
                // Leaving from a company-based stay ends that activation too (mål 2 counts it).
                if self.m.stages[stage as usize].company_based && self.in_window(t) {
                    self.rec.company_end(
                        &mut self.citizens[id as usize].memo,
                        &self.histories[id as usize],
                        t,
                    );
                }
                self.release_place(id, t)
            }
            Location::Waiting { stage, .. } => {
                self.end_wait(id, t, None);
                let s = stage as usize;
                self.stages[s].waiting -= 1;
                let waiting = f64::from(self.stages[s].waiting);
                self.records[s].queue.set(t, waiting);
                None
            }
            Location::Passive | Location::Gone => None,
        };
        let c = &mut self.citizens[id as usize];
        c.version = c.version.wrapping_add(1);
        c.exit_seq = 0;
        c.location = Location::Gone;
        self.histories[id as usize].exit = Some((t, reason));
        if let Some(r) = c.conversation_role() {
            let per_year = c.conversations_per_year(&self.m.contact_plan);
            let st = &mut self.staff[r];
            st.annual_demand -= per_year;
            st.served -= 1;
            if c.in_backlog {
                c.in_backlog = false;
                st.backlog_live -= 1;
            }
        }
        self.present -= 1;
        self.exited_total += 1;
        self.release_slot(id);
        if let Some(s) = freed {
            self.after_release(s, t);
        }
    }

    /// Recompute when the citizen would leave benefit on their own under the current multiplier.
    ///
    /// The exit keeps the time and sequence number one event per recomputation would have had,
    /// so it comes out of the queue exactly where that event would, but only one wake-up per
    /// citizen normally waits in the queue: a new one is queued only when the exit moves
    /// earlier than the waiting one. A wake-up that comes before the exit (which moved later
    /// since) queues the next one at the exit (`exit_wake_up`). Without this, every stay's
    /// start and end left a stale self-sufficiency event behind, most events in a large job
    /// centre were stale, and the queue grew with them.
    #[inline(always)]
    pub(super) fn refresh_hazard(&mut self, id: Slot, t: f64) {
        // Without a survival curve nobody leaves on their own: nothing to do. Asked at every
        // move, so the question is inlined (the citizen's record is usually at hand) and the
        // work is not.
        if self.citizens[id as usize].clock.runs() {
            self.refresh_exit(id, t);
        }
    }

    #[inline(never)]
    fn refresh_exit(&mut self, id: Slot, t: f64) {
        let m = self.m;
        let c = &mut self.citizens[id as usize];
        let Some(curve) = &m.segments[c.segment()].survival else {
            return;
        };
        let lockin = c.location.in_stage().map_or(1.0, |s| m.stages[s].lockin);
        let m = c.multiplier(t, lockin);
        let now = c.days_on_benefit(t);
        let exit_days = c.clock.set_multiplier(curve, now, m);
        // Rounding can put the exit a hair before now; it is due now.
        let at = (c.benefit_start + exit_days).max(t);
        // The condition under which `schedule` queues an event and numbers it.
        if at.is_finite() && at <= self.end {
            self.seq += 1;
            c.exit_at = at;
            c.exit_seq = self.seq;
            if c.wake_seq == 0 || at.total_cmp(&c.wake_at).is_lt() {
                c.wake_at = at;
                c.wake_seq = self.seq;
                self.queue.push(Event::new(
                    at,
                    self.seq,
                    Kind::SelfSufficient { citizen: id },
                ));
            }
        } else {
            c.exit_seq = 0;
        }
    }

    /// A self-sufficiency wake-up: the exit itself, or a reminder to queue the exit, which has
    /// moved later; or stale (an earlier wake-up replaced it, or the slot's earlier occupant's).
    pub(super) fn exit_wake_up(&mut self, id: Slot, ev: Event, t: f64) {
        let c = &mut self.citizens[id as usize];
        let seq = ev.seq();
        if c.wake_seq != seq {
            return;
        }
        c.wake_seq = 0;
        if c.exit_seq == seq {
            self.leave(id, t, ExitReason::SelfSufficient);
        } else if c.exit_seq != 0 {
            // Later than this wake-up, by the invariant kept in `refresh_hazard`.
            let (at, seq) = (c.exit_at, c.exit_seq);
            c.wake_at = at;
            c.wake_seq = seq;
            self.queue
                .push(Event::new(at, seq, Kind::SelfSufficient { citizen: id }));
        }
    }
}
