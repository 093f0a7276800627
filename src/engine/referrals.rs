//! Referrals and waiting: the path that sends a passive citizen on, the referral into a
//! stage's queue, the maximum-wait deadline with its fallback, the time in queue and the
//! months in which someone waited past the maximum.

use super::queue::{Event, Kind};
use super::{Recorder, Sim};
use crate::citizen::{Location, Slot, NOTED_REFERRAL};
use crate::model::{Referral, StageId};
use crate::monitor::QUEUED_STARTED;
use crate::path;

impl<R: Recorder> Sim<'_, R> {
    /// Send a passive citizen down the first path that takes them, now or after its delay.
    /// Inlined into its two callers (an arrival, a stay ending in passive): as a call it spent
    /// more on saving and restoring registers than on its own work.
    #[inline(always)]
    pub(super) fn enter_path(&mut self, id: Slot, t: f64) {
        let c = &self.citizens[id as usize];
        let Some(p) = path::first_matching(self.m, c.segment(), c.stream) else {
            return;
        };
        let benefit_start = c.benefit_start;
        let open_at = c.path_open_at;
        let extra = match &p.delay {
            Some(d) => d.sample(&mut self.citizens[id as usize].rng),
            None => 0.0,
        };
        let at = path::referral_time(p, t + extra, benefit_start).max(open_at);
        if at <= t {
            let referral = p.referral;
            self.refer(id, referral, t);
        } else {
            let version = self.citizens[id as usize].version;
            self.schedule(
                at,
                Kind::Referral {
                    citizen: id,
                    version,
                },
            );
        }
    }

    pub(super) fn refer(&mut self, id: Slot, referral: Referral, t: f64) {
        let s = referral.stage;
        if let Some(stuck) = self.burst.note(t, s, self.present) {
            self.stuck.get_or_insert(stuck);
        }
        let in_window = self.in_window(t);
        let c = &mut self.citizens[id as usize];
        c.version = c.version.wrapping_add(1);
        c.location = Location::waiting(referral, t);
        let (segment, version) = (c.segment(), c.version);
        if c.note_first(NOTED_REFERRAL) {
            self.histories[id as usize].first_referral = Some(t);
        }
        let stage = &mut self.stages[s];
        stage.enqueue(&self.m.stages[s], segment, id, version);
        let waiting = f64::from(stage.waiting);
        let rec = &mut self.records[s];
        if in_window {
            rec.referrals += 1;
        }
        rec.queue.set(t, waiting);
        // A deadline on a day without intake moves to the next day with intake, as
        // administrative deadlines do; nobody could have started in between. Its sequence
        // number is taken now, but the event is queued only if the citizen still waits after
        // the intake below: one who starts at once would find it stale.
        let deadline = referral
            .deadline_days()
            .map(|days| self.m.calendar.next_working_time(t + days))
            .filter(|&at| at <= self.end)
            .map(|at| {
                self.seq += 1;
                (at, self.seq)
            });
        self.fill(s, t);
        if let Some((at, seq)) = deadline {
            if self.citizens[id as usize].version == version {
                self.queue.push(Event::new(
                    at,
                    seq,
                    Kind::WaitDeadline {
                        citizen: id,
                        version,
                    },
                ));
            }
        }
    }

    pub(super) fn note_queue(&mut self, s: StageId, t: f64) {
        let waiting = f64::from(self.stages[s].waiting);
        self.records[s].queue.set(t, waiting);
    }

    pub(super) fn wait_deadline(&mut self, id: Slot, version: u32, t: f64) {
        let c = &self.citizens[id as usize];
        if c.version != version {
            return;
        }
        let (Some(s), Some(referral)) = (c.location.waiting_for(), c.location.referral()) else {
            return;
        };
        match referral.fallback {
            Some(f) if !self.can_start(s) => {
                self.end_wait(id, t, None);
                self.stages[s].waiting -= 1;
                self.note_queue(s, t);
                // At the fallback the maximum wait is already used up: any further wait there
                // is overdue when a maximum was set.
                let onward = Referral {
                    stage: f,
                    fallback: None,
                    max_wait_days: referral.max_wait_days.map(|_| 0.0),
                };
                self.refer(id, onward, t);
                // Still waiting at the fallback: a place freeing here comes first.
                let c = &self.citizens[id as usize];
                if c.location.waiting_for() == Some(f) {
                    let v = c.version;
                    let citizens = &self.citizens;
                    self.stages[s].push_at_fallback((id, v), |(id, v)| {
                        let c = &citizens[id as usize];
                        c.version == v && c.location.waiting_for().is_some()
                    });
                }
            }
            _ => {
                if referral.max_wait_days.is_some() {
                    let c = &mut self.citizens[id as usize];
                    if c.overdue_since.is_none() {
                        c.overdue_since = Some(t);
                        self.overdue_now += 1;
                    }
                }
                // A place was free (the citizen waits only for the intake day), but it may fill
                // up before then: look again tomorrow, so the fallback still applies.
                if referral.fallback.is_some() {
                    self.schedule(
                        t + 1.0,
                        Kind::WaitDeadline {
                            citizen: id,
                            version,
                        },
                    );
                }
            }
        }
    }

    /// The citizen stops waiting where they wait now, at `t`: by starting in `started` (the
    /// time in this queue ends in a start only if that is the stage waited for), or otherwise
    /// (censored: they left benefit, moved to a fallback, or the run ended). Kept for those
    /// referred in the window. Inlined: every start from a queue asks, and as a call it spent
    /// more on saving registers than on its work.
    #[inline(always)]
    pub(super) fn end_wait(&mut self, id: Slot, t: f64, started: Option<StageId>) {
        if let Location::Waiting { stage, since, .. } = self.citizens[id as usize].location {
            if self.in_window(since) {
                let s = stage as StageId;
                let rec = &mut self.records[s];
                if started == Some(s) {
                    rec.waits.add_to(QUEUED_STARTED, t - since);
                } else {
                    rec.queued_censored.add(t - since);
                }
            }
        }
    }

    /// Mark the months in which a citizen waited past the maximum, up to `t`.
    #[inline]
    pub(super) fn clear_overdue(&mut self, id: Slot, t: f64) {
        if self.citizens[id as usize].overdue_since.is_some() {
            self.end_overdue(id, t);
        }
    }

    fn end_overdue(&mut self, id: Slot, t: f64) {
        if let Some(since) = self.citizens[id as usize].overdue_since.take() {
            self.overdue_now -= 1;
            let from = since.max(self.window_start);
            // A wait that ends the instant it became overdue was not overdue; one that ends at
            // a month's first instant does not reach into that month.
            if t > from {
                let (a, b) = (
                    self.m.calendar.month_index(from),
                    self.m.calendar.month_index(t - 1e-9),
                );
                for m in a..=b.min(self.overdue_months.len() - 1) {
                    self.overdue_months[m] = true;
                }
            }
        }
    }
}
