//! Capacity schedules: a step changes the number of places, and a cut may end the stays
//! above the new number.

use super::{Recorder, Sim};
use crate::citizen::{CitizenId, Location, Slot};
use crate::model::{StageId, Target};

impl<R: Recorder> Sim<'_, R> {
    /// A step of a stage's capacity schedule takes effect now.
    pub(super) fn change_capacity(&mut self, stage: StageId, step: usize) {
        let t = self.now;
        let change = self.m.stages[stage].schedule[step];
        let cap = change.capacity;
        self.stages[stage].capacity = cap;
        let rec = &mut self.records[stage];
        rec.capacity.set(t, cap.map_or(0.0, f64::from));
        rec.unlimited.set(t, if cap.is_none() { 1.0 } else { 0.0 });
        if let (true, Some(c)) = (change.end_stays, cap) {
            self.end_stays_above(stage, c, t);
        }
        self.fill(stage, t);
    }

    /// A capacity cut ends the stays above the new number of places: those who started last
    /// leave first (they lose the least), back to passive and their path.
    pub(super) fn end_stays_above(&mut self, s: StageId, capacity: u32, t: f64) {
        let excess = self.stages[s].occupancy.saturating_sub(capacity) as usize;
        if excess == 0 {
            return;
        }
        // Ties in start time: the later arrival leaves first.
        let mut inside: Vec<(f64, CitizenId, Slot)> = self
            .citizens
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c.location {
                Location::InStage { stage, since, .. } if stage as StageId == s => {
                    Some((since, c.id, i as Slot))
                }
                _ => None,
            })
            .collect();
        inside.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        for &(_, _, slot) in inside.iter().take(excess) {
            self.end_stay_to(slot, t, Some(Target::Passive));
        }
    }
}
