//! Weekly and month-end snapshots, and the months in which someone was without an offer past a
//! deadline (the transition report).

use std::collections::VecDeque;

use super::queue::{Event, Kind};
use super::{Recorder, Sim};
use crate::citizen::{Citizen, CitizenId, Slot, NOTED_OFFER};
use crate::model::RoleWork;

/// A citizen who may still be without a first offer (see [`Sim::past_offer_deadline`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Unoffered {
    slot: Slot,
    id: CitizenId,
    /// Not past the deadline at or before this time: the start of the spell plus the deadline,
    /// until the deadline's due time is worked out (the same or later: it is moved to a
    /// working day).
    not_before: f64,
    due_known: bool,
}

impl Unoffered {
    /// Citizen `id` in `slot`, whose deadline runs out at `deadline` (before it is moved to a
    /// working day).
    pub(super) fn new(slot: Slot, id: CitizenId, deadline: f64) -> Unoffered {
        Unoffered {
            slot,
            id,
            not_before: deadline,
            due_known: false,
        }
    }
}

/// Passes each of the first `n` entries of `list` to `keep`, which may update it, and drops
/// those it returns `false` for; the others move to the end of those `n`, in their order, so
/// the entries after them are not moved.
///
/// The ring buffer's two halves are walked as slices: indexing the deque wraps the index and
/// checks it at every step, and this walk looks at every citizen who came in a month, most of
/// whom have left by then. Entries are read from the last back, and a kept entry is written at
/// or after the one being read, so nothing is overwritten before it is read.
#[inline]
fn keep_front(
    list: &mut VecDeque<Unoffered>,
    n: usize,
    mut keep: impl FnMut(&mut Unoffered) -> bool,
) {
    let (front, back) = list.as_mut_slices();
    let split = front.len();
    let front = &mut front[..n.min(split)];
    let back = &mut back[..n.saturating_sub(split)];
    let mut kept = n;
    for i in (0..back.len()).rev() {
        if keep(&mut back[i]) {
            kept -= 1;
            back[kept - split] = back[i];
        }
    }
    for i in (0..front.len()).rev() {
        if keep(&mut front[i]) {
            kept -= 1;
            match kept.checked_sub(split) {
                Some(j) => back[j] = front[i],
                None => front[kept] = front[i],
            }
        }
    }
    list.drain(..kept);
}

impl<R: Recorder> Sim<'_, R> {
    pub(super) fn snapshot(&mut self, t: f64) {
        if t >= self.window_start {
            for (r, role) in self.m.staff.iter().enumerate() {
                let st = &self.staff[r];
                let rec = &mut self.staff_records[r];
                let (caseload, needed) = match &role.work {
                    RoleWork::Caseload { per_fte, .. } => {
                        let used = f64::from(st.slots_used);
                        (used, used / per_fte)
                    }
                    RoleWork::Conversations(w) => (
                        f64::from(st.served),
                        st.annual_demand / w.held_per_fte_year(),
                    ),
                };
                let citizens = &self.citizens;
                let overdue = st
                    .backlog
                    .iter()
                    .filter(|d| {
                        let c = &citizens[d.slot as usize];
                        d.due < t && c.in_backlog && c.conversation_version == d.version
                    })
                    .count();
                rec.caseload.push(caseload);
                rec.fte_needed.push(needed);
                rec.backlog.push(f64::from(st.backlog_live));
                rec.overdue.push(overdue as f64);
            }
        }
        self.weekly.push(
            t,
            self.stages.iter().zip(&mut self.records).map(|(s, rec)| {
                (
                    s.occupancy,
                    s.waiting,
                    s.capacity.map_or(f64::NAN, f64::from),
                    rec.take_week_waits(),
                )
            }),
            [
                self.present,
                self.active,
                self.company,
                self.arrived_total,
                self.exited_total,
            ],
        );
    }

    /// Queue the `index`-th month end with its reserved sequence number.
    pub(super) fn push_month_end(&mut self, index: usize) {
        if let Some(&day) = self.month_ends.get(index) {
            self.queue.push(Event::new(
                day,
                self.month_seq + index as u64,
                Kind::MonthEnd {
                    index: index as u32,
                },
            ));
        }
    }

    /// Citizens without an offer past their deadline at `t` (see [`Monthly`]): those
    /// waiting past a maximum, and those past the first-offer deadline with no offer yet.
    pub(super) fn past_offer_deadline(&mut self, t: f64) -> u64 {
        // One pass over the live records only: an entry whose slot holds someone else now is
        // that of a citizen who left; the history's first offer is mirrored by a bit. The due
        // time is worked out the first time it is needed (most citizens have an offer by then).
        // Citizens whose deadline has not run out yet, the end of each list, are not looked at:
        // in a large job centre their records are far apart in memory.
        let (m, citizens) = (self.m, &self.citizens[..]);
        let mut late = 0;
        for list in &mut self.unoffered {
            // Entries looked at before come first; after them the deadlines are in order.
            let reached = list.partition_point(|e| e.due_known || e.not_before < t);
            keep_front(list, reached, |e| {
                let c = &citizens[e.slot as usize];
                if c.id != e.id || c.is_gone() || c.noted & NOTED_OFFER != 0 {
                    return false;
                }
                if c.overdue_since.is_none() && c.location.in_stage().is_none() {
                    if !e.due_known {
                        e.not_before = m.deadline_due(
                            m.deadlines.first_offer_days,
                            c.segment(),
                            c.benefit_start,
                        );
                        e.due_known = true;
                    }
                    if t > e.not_before {
                        late += 1;
                    }
                }
                true
            });
        }
        self.overdue_now + late
    }

    /// When a citizen's first offer is due: the statutory deadline from the start of the spell,
    /// moved to the next working day when it falls on a day without intake.
    pub(super) fn first_offer_due(&self, c: &Citizen) -> f64 {
        self.m.deadline_due(
            self.m.deadlines.first_offer_days,
            c.segment,
            c.benefit_start,
        )
    }

    pub(super) fn month_snapshot(&mut self, month: usize, t: f64) {
        let past_offer_deadline = self.past_offer_deadline(t);
        self.monthly.push(
            month,
            t,
            self.stages.iter().zip(&self.records).map(|(s, r)| {
                (
                    s.capacity.map_or(f64::NAN, f64::from),
                    s.occupancy,
                    s.waiting,
                    r.occupancy.area_until(t),
                )
            }),
            [self.present, self.active, self.company, past_offer_deadline],
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deque holding entries with ids `0..len` whose ring buffer starts at `offset` (so
    /// it wraps round for most offsets), and what `keep_front` must leave of it: the kept
    /// ones among the first `n` in their order, then the rest, as a plain filter gives.
    fn wrapped(len: u32, offset: u32) -> VecDeque<Unoffered> {
        let mut list = VecDeque::with_capacity(len.max(1) as usize);
        let capacity = list.capacity() as u32;
        for i in 0..offset % capacity {
            list.push_back(Unoffered::new(0, u32::MAX - i, 0.0));
            list.pop_front();
        }
        for id in 0..len {
            list.push_back(Unoffered::new(id, id, f64::from(id)));
        }
        list
    }

    #[test]
    fn keeping_the_front_entries_drops_the_others_and_keeps_every_order() {
        let patterns: [fn(u32) -> bool; 5] = [
            |_| false,
            |_| true,
            |id| id % 2 == 0,
            |id| id % 3 == 1,
            |id| id == 4 || id == 5,
        ];
        let mut split = 0;
        for len in 0..12 {
            for offset in 0..16 {
                for n in 0..=len {
                    for keep in patterns {
                        let mut list = wrapped(len, offset);
                        assert_eq!(list.len(), len as usize);
                        split += usize::from(!list.as_slices().1.is_empty());
                        keep_front(&mut list, n as usize, |e| {
                            e.due_known = true;
                            keep(e.id)
                        });
                        let expected: Vec<(u32, bool)> = (0..len)
                            .filter(|&id| id >= n || keep(id))
                            .map(|id| (id, id < n))
                            .collect();
                        let got: Vec<(u32, bool)> =
                            list.iter().map(|e| (e.id, e.due_known)).collect();
                        assert_eq!(got, expected, "len {len} offset {offset} n {n}");
                        assert!(list.iter().all(|e| e.slot == e.id));
                    }
                }
            }
        }
        // Most of the lists were split in two halves.
        assert!(split > 2_000, "{split}");
    }
}
