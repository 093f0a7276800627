//! The conversation book of staff roles: first conversations booked at arrival, the working
//! days on which the due ones are held (with no-shows), the switch to the intensive plan, and
//! the pause of the conversation effect while a citizen's conversation is overdue.

use std::cmp::Reverse;

use rand::Rng;

use super::queue::Kind;
use super::{Recorder, Sim};
use crate::citizen::{Slot, NOTED_CONVERSATION};
use crate::model::{RoleWork, Stream};
use crate::staff::Due;

impl<R: Recorder> Sim<'_, R> {
    /// The strategy's switch week has come for a citizen not flagged at entry: the intensive
    /// plan starts (with a conversation now) and the path opens (its referral is already
    /// booked for this time).
    pub(super) fn switch_to_intensive(&mut self, id: Slot, t: f64) {
        let m = self.m;
        let c = &mut self.citizens[id as usize];
        if c.is_gone() || c.intensive {
            return;
        }
        c.intensive = true;
        c.conversation_multiplier = m
            .effects
            .decayed(m.effects.conversation_effect, c.days_on_benefit(t));
        if let Some(r) = c.conversation_role() {
            let st = &mut self.staff[r];
            st.annual_demand +=
                m.contact_plan.intensive_per_year - m.contact_plan.standard_per_year;
            if !c.in_backlog {
                c.conversation_version = c.conversation_version.wrapping_add(1);
                st.upcoming.push(Reverse(Due {
                    planned: t,
                    due: t,
                    citizen: c.id,
                    slot: id,
                    version: c.conversation_version,
                    first: false,
                }));
                c.book_conversation(t);
            }
            self.watch_overdue(id, t);
        }
        self.refresh_hazard(id, t);
    }

    /// Queue the pause of the conversation effect at the moment the citizen's booked
    /// conversation becomes overdue, if it can matter then (it is stale if the conversation is
    /// held first). Only the intensive plan's effect can pause.
    pub(super) fn watch_overdue(&mut self, id: Slot, t: f64) {
        let c = &self.citizens[id as usize];
        let at = c.conversation_overdue_at;
        if at > t && c.conversation_effect_matters() && c.clock.runs() {
            let arrival = c.id;
            self.schedule(
                at,
                Kind::EffectEnd {
                    citizen: id,
                    arrival,
                },
            );
        }
    }

    /// Book a citizen's first conversation: new arrivals at once, due by the statutory deadline
    /// for the first job conversation; the initial stock spread evenly over one interval.
    pub(super) fn book_first_conversation(
        &mut self,
        id: Slot,
        t: f64,
        stream: Stream,
        fraction: f64,
    ) {
        let plan = self.m.contact_plan;
        let c = &mut self.citizens[id as usize];
        let Some(r) = c.conversation_role() else {
            return;
        };
        let per_year = c.conversations_per_year(&plan);
        let interval = c.conversation_interval_days(&plan);
        let st = &mut self.staff[r];
        st.annual_demand += per_year;
        st.served += 1;
        let lead = match &self.m.staff[r].work {
            RoleWork::Conversations(w) => w.booking_lead_days,
            RoleWork::Caseload { .. } => 0.0,
        };
        let (planned, due) = match stream {
            Stream::Stock if interval.is_finite() => {
                let due = t + fraction * interval;
                (planned_day(&self.m.calendar, due, lead, t), due)
            }
            Stream::Stock => return,
            _ => {
                let young = self.m.segments[c.segment()].under_30;
                let deadline = self.m.deadlines.first_conversation_days[usize::from(!young)];
                (t, t + deadline)
            }
        };
        st.upcoming.push(Reverse(Due {
            planned,
            due,
            citizen: c.id,
            slot: id,
            version: c.conversation_version,
            first: true,
        }));
        c.book_conversation(due);
        self.watch_overdue(id, t);
    }

    /// One working day of a conversation role: conversations due today join the backlog, and
    /// the day's capacity holds them in due order.
    pub(super) fn conversation_day(&mut self, r: usize, t: f64) {
        let m = self.m;
        let role = &m.staff[r];
        let RoleWork::Conversations(work) = &role.work else {
            return;
        };
        let in_window = self.in_window(t);
        let today_end = t.floor() + 1.0;
        let citizens = &mut self.citizens;
        let histories = &mut self.histories;
        let st = &mut self.staff[r];
        while let Some(Reverse(d)) = st.upcoming.peek().copied() {
            if d.planned >= today_end {
                break;
            }
            st.upcoming.pop();
            let c = &mut citizens[d.slot as usize];
            if !c.is_gone() && c.conversation_version == d.version && !c.in_backlog {
                c.in_backlog = true;
                st.backlog_live += 1;
                st.backlog.push_back(d);
            }
        }
        // Capacity per working day spreads the year's s·d·w conversations per FTE over the
        // working days of the open weeks; closed weeks have none, which is what builds backlogs.
        let mut capacity = match role.fte {
            Some(fte) => st.carry + work.slots_per_year(fte) / m.calendar.working_days_per_year(),
            None => f64::INFINITY,
        };
        let mut rebook = Vec::new();
        // Citizens whose conversation was overdue and is now held: their effect resumes.
        let mut resumed = Vec::new();
        // Citizens booked again: the pause of their effect is watched after the loop.
        let mut held = Vec::new();
        while capacity >= 1.0 {
            let Some(d) = st.backlog.pop_front() else {
                break;
            };
            let c = &mut citizens[d.slot as usize];
            if c.is_gone() || c.conversation_version != d.version || !c.in_backlog {
                continue;
            }
            capacity -= 1.0;
            // No-shows draw from the role's own stream: when a conversation is held depends on
            // everyone's load, so drawing from the citizen's stream would shift their later
            // draws and spoil common random numbers.
            if work.no_show_rate > 0.0 && st.rng.random::<f64>() < work.no_show_rate {
                // The slot is spent; the citizen is booked again on the next working day.
                if in_window {
                    self.staff_records[r].no_shows += 1;
                }
                rebook.push(d);
                continue;
            }
            c.in_backlog = false;
            st.backlog_live -= 1;
            if c.note_first(NOTED_CONVERSATION) {
                histories[d.slot as usize].first_conversation = Some(t);
            }
            c.conversation_version = c.conversation_version.wrapping_add(1);
            if t >= c.conversation_overdue_at && c.conversation_effect_matters() {
                resumed.push(d.slot);
            }
            c.conversation_overdue_at = f64::INFINITY;
            if in_window {
                let rec = &mut self.staff_records[r];
                rec.held += 1;
                if t.floor() <= d.due {
                    rec.held_on_time += 1;
                }
            }
            let interval = c.conversation_interval_days(&m.contact_plan);
            if interval.is_finite() {
                // On time: keep the booked rhythm. Late, or the first conversation (whose
                // deadline is the statutory one, not the plan's): the next one is due an
                // interval after this one, as "at least every 3 months" counts from the last.
                let due = if t.floor() <= d.due && !d.first {
                    d.due + interval
                } else {
                    t + interval
                };
                st.upcoming.push(Reverse(Due {
                    planned: planned_day(&m.calendar, due, work.booking_lead_days, t),
                    due,
                    citizen: d.citizen,
                    slot: d.slot,
                    version: c.conversation_version,
                    first: false,
                }));
                c.book_conversation(due);
                if c.conversation_effect_matters() {
                    held.push(d.slot);
                }
            }
        }
        for d in rebook.into_iter().rev() {
            st.backlog.push_front(d);
        }
        // Unused whole conversations cannot be saved for later; only the fraction carries.
        st.carry = if capacity.is_finite() {
            capacity.fract()
        } else {
            0.0
        };
        for slot in held {
            self.watch_overdue(slot, t);
        }
        for slot in resumed {
            self.refresh_hazard(slot, t);
        }
    }
}

/// The working day a conversation due at `due` is booked for: `lead` days ahead, moved back to
/// a working day, never before `now`. For a new arrival (`due == now`) that is today.
fn planned_day(cal: &crate::calendar::Calendar, due: f64, lead: f64, now: f64) -> f64 {
    cal.last_working_day_at_or_before(due - lead).max(now)
}
