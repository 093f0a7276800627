//! Stays: the start (length, breakdown, payments), the place freed at the end, and the route
//! taken afterwards.

use rand::Rng;

use super::queue::Kind;
use super::{Recorder, Sim};
use crate::citizen::{ExitReason, Location, Slot, NOTED_COMPANY_START, NOTED_OFFER};
use crate::model::{DayUnit, StageId, Stream, Target};

impl<R: Recorder> Sim<'_, R> {
    pub(super) fn note_occupancy(&mut self, s: StageId, t: f64) {
        let occ = f64::from(self.stages[s].occupancy);
        self.records[s].occupancy.set(t, occ);
    }

    pub(super) fn start_stay(&mut self, id: Slot, s: StageId, t: f64) {
        let m = self.m;
        let stage = &m.stages[s];
        let in_window = self.in_window(t);
        self.clear_overdue(id, t);
        self.end_wait(id, t, Some(s));
        let c = &mut self.citizens[id as usize];
        let Location::Waiting { since, .. } = c.location else {
            return;
        };
        let mut length = stage.duration.sample(&mut c.rng);
        if let Some(max) = stage.max_duration {
            length = length.min(max);
        }
        let mut broke = false;
        if let Some(b) = &stage.breakdown {
            if c.rng.random::<f64>() < b.probability {
                let after = b.after.sample(&mut c.rng);
                if after < length {
                    length = after;
                    broke = true;
                }
            }
        }
        let end = match stage.duration_unit {
            DayUnit::Calendar => t + length,
            DayUnit::Working => m.calendar.add_working_days(t, length),
        };
        c.version = c.version.wrapping_add(1);
        c.location = Location::InStage {
            stage: s as u32,
            since: t,
            broke,
        };
        // A provider paid "at placement" is paid when the placement really starts.
        let payer = c.take_placement_payer().filter(|_| stage.company_based);
        let version = c.version;
        if stage.offer && c.note_first(NOTED_OFFER) {
            self.histories[id as usize].first_offer = Some(t);
        }
        if stage.company_based && c.note_first(NOTED_COMPANY_START) {
            self.histories[id as usize].first_company_start = Some(t);
        }
        if in_window {
            let rec = &mut self.records[s];
            rec.add_wait(t - since);
            self.rec.wait(s, t - since);
            rec.entries += 1;
            rec.payments_dkk += stage.outcome_payment.at_start_dkk;
            if let Some(p) = payer {
                self.records[p].payments_dkk += m.stages[p].outcome_payment.at_placement_dkk;
            }
        }
        self.stages[s].occupancy += 1;
        for &r in &self.caseload_roles[s] {
            self.staff[r].slots_used += 1;
        }
        self.active += 1;
        if stage.company_based {
            self.company += 1;
        }
        self.note_occupancy(s, t);
        self.schedule(
            end,
            Kind::StayEnd {
                citizen: id,
                version,
            },
        );
        self.refresh_hazard(id, t);
    }

    /// Free the place a citizen holds (if any) and account for the stay.
    #[inline(always)]
    pub(super) fn release_place(&mut self, id: Slot, t: f64) -> Option<StageId> {
        let Location::InStage { stage, since, .. } = self.citizens[id as usize].location else {
            return None;
        };
        let s = stage as StageId;
        let m = self.m;
        let stage = &m.stages[s];
        if self.in_window(t) {
            self.records[s].add_stay(t - since);
            self.rec.stay(s, t - since);
        }
        if stage.outcome_payment.at_selfsufficiency_dkk > 0.0 {
            self.rec.outcome_watch(
                &mut self.citizens[id as usize].memo,
                &self.histories[id as usize],
                s,
                t,
            );
        }
        self.stages[s].occupancy -= 1;
        for &r in &self.caseload_roles[s] {
            self.staff[r].slots_used -= 1;
        }
        self.active -= 1;
        if stage.company_based {
            self.company -= 1;
        }
        self.note_occupancy(s, t);
        Some(s)
    }

    pub(super) fn end_stay(&mut self, id: Slot, t: f64) {
        self.end_stay_to(id, t, None);
    }

    /// End a stay; `forced` overrides the routes (a stay cut short by a closing).
    #[inline]
    pub(super) fn end_stay_to(&mut self, id: Slot, t: f64, forced: Option<Target>) {
        let Location::InStage {
            stage,
            broke,
            since,
        } = self.citizens[id as usize].location
        else {
            return;
        };
        let s = stage as StageId;
        let m = self.m;
        let stage = &m.stages[s];
        let target = if let Some(target) = forced {
            target
        } else if broke {
            stage
                .breakdown
                .as_ref()
                .map_or(Target::Passive, |b| b.target)
        } else {
            let u: f64 = self.citizens[id as usize].rng.random();
            let i = stage.route_cumulative.partition_point(|&c| c <= u);
            stage.routes[i.min(stage.routes.len() - 1)].target
        };
        let next_company = matches!(target, Target::Stage(r) if m.stages[r.stage].company_based);
        self.release_place(id, t);
        if self.in_window(t) && stage.company_based && !next_company {
            self.rec.company_end(
                &mut self.citizens[id as usize].memo,
                &self.histories[id as usize],
                t,
            );
        }
        {
            let c = &mut self.citizens[id as usize];
            c.version = c.version.wrapping_add(1);
            c.location = Location::Passive;
            if next_company && stage.outcome_payment.at_placement_dkk > 0.0 {
                c.set_placement_payer(s);
            }
            if stage.effect_days > 0.0 && stage.effect_after != 1.0 {
                // Late effort is harder: the effect shrinks with the weeks on benefit at the start.
                c.effect = m
                    .effects
                    .decayed(stage.effect_after, since - c.benefit_start);
                c.effect_until = t + stage.effect_days;
                let (until, arrival) = (c.effect_until, c.id);
                self.schedule(
                    until,
                    Kind::EffectEnd {
                        citizen: id,
                        arrival,
                    },
                );
            }
        }
        match target {
            Target::Stage(r) => {
                self.refresh_hazard(id, t);
                self.refer(id, r, t);
            }
            Target::Job => self.leave(id, t, ExitReason::SelfSufficient),
            Target::OtherBenefit => self.leave(id, t, ExitReason::OtherBenefit),
            Target::Passive => {
                self.refresh_hazard(id, t);
                self.citizens[id as usize].stream = Stream::Returner;
                self.enter_path(id, t);
            }
        }
        self.after_release(s, t);
    }
}
