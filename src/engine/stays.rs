//! Arrivals, visitation paths, referrals, intake, stays, routes, fallbacks, capacity changes and
//! exits: everything that moves a citizen.

use rand::Rng;

use super::queue::{Event, Kind};
use super::{mix_seed, ArrivalMonth, Recorder, Sim};
use crate::calendar::DAYS_PER_MONTH;
use crate::citizen::{
    Citizen, CitizenId, ExitReason, Live, Location, Slot, NOTED_COMPANY_START, NOTED_OFFER,
    NOTED_REFERRAL,
};
use crate::model::{
    DayUnit, Intake, Referral, RoleWork, StageId, StrategyKind, Stream, Target, RISK_DAYS,
};
use crate::path;
use crate::rng;
use crate::strategy;
use crate::survival::HazardClock;

impl<R: Recorder> Sim<'_, R> {
    pub(super) fn schedule_next_arrival(&mut self, stream: Stream, from: f64) {
        let per_month = match stream {
            Stream::New => self.m.arrivals.new_per_month,
            Stream::Returner => self.m.arrivals.returners_per_month,
            Stream::Stock => return,
        };
        if per_month <= 0.0 {
            return;
        }
        let i = stream.index();
        // A Poisson process whose daily rate is the monthly figure over an average month, times
        // the seasonal factor of the calendar month: draw the gap at this month's rate; if it
        // crosses the month's end, restart there (memorylessness keeps this exact). The month's
        // end and rate are kept until the stream passes that end, as its times only grow.
        let cal = &self.m.calendar;
        let mut t = from;
        while t < self.end {
            if t >= self.arrival_month[i].until {
                let (month, month_end) = cal.month_and_next_start(t);
                self.arrival_month[i] = ArrivalMonth {
                    until: month_end,
                    rate: per_month * self.m.arrivals.seasonality[month] / DAYS_PER_MONTH,
                };
            }
            let ArrivalMonth { until, rate } = self.arrival_month[i];
            if rate > 0.0 {
                let u: f64 = self.arrival_rng[i].random();
                let next = t - (1.0 - u).ln() / rate;
                if next < until {
                    self.schedule(next, Kind::Arrival(stream));
                    return;
                }
            }
            t = until;
        }
    }

    pub(super) fn arrive(&mut self, stream: Stream, t: f64) {
        // The arrival number, not the slot, seeds the citizen's stream (common random numbers).
        let id = self.arrived_total as CitizenId;
        let mut rng = rng::stream(mix_seed(self.seed, u64::from(id)));
        // Draw order is fixed (segment, threshold, prior duration) so a citizen's draws do not
        // depend on the scenario's choices.
        let u: f64 = rng.random();
        let segment = self.draw_segment(stream, u);
        let u_threshold: f64 = rng.random();
        let prior_days = match (stream, &self.m.stock) {
            (Stream::Stock, Some(stock)) => stock.weeks_on_benefit.sample(&mut rng) * 7.0,
            _ => 0.0,
        };
        // Drawn whatever the staffing and strategy, so those settings never shift a citizen's
        // later draws (common random numbers across strategies).
        let random_intensive = rng.random::<f64>() < self.m.contact_plan.intensive_share;
        let first_due_fraction: f64 = rng.random();
        let u_screen: f64 = rng.random();
        let u_cap: f64 = rng.random();
        // The threshold and the hazard so far are needed only with a survival curve.
        let curve = self.m.segments[segment].survival.as_ref();
        let threshold = curve.map_or(f64::NAN, |_| -(1.0 - u_threshold).ln());
        let h_start = curve.map_or(f64::NAN, |c| c.cumulative_hazard(prior_days));
        let at_risk = match curve {
            Some(curve) => curve.inverse_cumulative_hazard(h_start + threshold) > RISK_DAYS,
            None => true,
        };
        // A reused slot carries its versions on, so entries left for its previous occupant in
        // queues and conversation books are seen to be stale.
        let (slot, version, conversation_version) = match self.free.pop() {
            Some(slot) => {
                let old = &self.citizens[slot as usize];
                (
                    slot,
                    old.version.wrapping_add(1),
                    old.conversation_version.wrapping_add(1),
                )
            }
            None => (self.citizens.len() as Slot, 0, 0),
        };
        let planned = self
            .m
            .strategy
            .as_ref()
            .filter(|st| st.kinds[segment] != StrategyKind::Unplanned);
        let (flagged, intensive, path_open_at) = match planned {
            None => (false, random_intensive, t),
            Some(st) => {
                let d = strategy::decide(st, segment, at_risk, u_screen, u_cap);
                let now = d.early || prior_days >= st.switch_days;
                let open = if now {
                    t
                } else {
                    t - prior_days + st.switch_days
                };
                if !now {
                    self.schedule(
                        open,
                        Kind::StrategySwitch {
                            citizen: slot,
                            arrival: id,
                        },
                    );
                }
                (d.flagged, now, open)
            }
        };
        // Read only while on the intensive plan; the switch to it sets its own.
        let conversation_multiplier = if intensive {
            self.m
                .effects
                .decayed(self.m.effects.conversation_effect, prior_days)
        } else {
            1.0
        };
        let benefit_start = t - prior_days;
        let conversation_role = self.conversation_role[segment];
        let mut live = Live::new(
            id,
            segment,
            stream,
            rng,
            HazardClock::new(threshold, h_start),
            benefit_start,
            intensive,
            conversation_multiplier,
            path_open_at,
            conversation_role,
        );
        live.version = version;
        live.conversation_version = conversation_version;
        let history = Citizen {
            id,
            segment,
            stream,
            origin: stream,
            arrived: t,
            benefit_start,
            first_referral: None,
            first_company_start: None,
            exit: None,
            intensive,
            conversation_role,
            first_conversation: None,
            first_offer: None,
            at_risk,
            flagged,
        };
        if stream != Stream::Stock {
            self.unoffered.push((slot, id, f64::NAN));
        }
        if slot as usize == self.citizens.len() {
            self.citizens.push(live);
            self.histories.push(history);
        } else {
            self.citizens[slot as usize] = live;
            self.histories[slot as usize] = history;
        }
        self.present += 1;
        self.arrived_total += 1;
        self.book_first_conversation(slot, t, stream, first_due_fraction);
        self.refresh_hazard(slot, t);
        self.enter_path(slot, t);
    }

    pub(super) fn draw_segment(&self, stream: Stream, u: f64) -> usize {
        let mut acc = 0.0;
        let segments = &self.m.segments;
        for (i, s) in segments.iter().enumerate() {
            acc += match stream {
                Stream::Stock => s.share_of_stock,
                _ => s.share_of_inflow,
            };
            if u < acc {
                return i;
            }
        }
        segments.len() - 1
    }

    /// Send a passive citizen down the first path that takes them, now or after its delay.
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

    pub(super) fn in_window(&self, t: f64) -> bool {
        t >= self.window_start
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
        if in_window {
            self.records[s].referrals += 1;
        }
        self.stages[s].enqueue(&self.m.stages[s], segment, id, version);
        self.note_queue(s, t);
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

    pub(super) fn note_occupancy(&mut self, s: StageId, t: f64) {
        let occ = f64::from(self.stages[s].occupancy);
        self.records[s].occupancy.set(t, occ);
    }

    /// Start waiting citizens if the intake rule allows it now.
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

    /// A place in `s` was freed: start waiting citizens there, and in every stage whose
    /// caseload role just got a slot back.
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
    /// referred in the window.
    pub(super) fn end_wait(&mut self, id: Slot, t: f64, started: Option<StageId>) {
        if let Location::Waiting { stage, since, .. } = self.citizens[id as usize].location {
            if self.in_window(since) {
                let s = stage as StageId;
                let rec = &mut self.records[s];
                if started == Some(s) {
                    rec.queued_started.add(t - since);
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

    /// The citizen leaves the target group.
    pub(super) fn leave(&mut self, id: Slot, t: f64, reason: ExitReason) {
        self.clear_overdue(id, t);
        // Leaving from a company-based stay ends that activation too (mål 2 counts it).
        if let Some(stage) = self.citizens[id as usize].location.in_stage() {
            if self.m.stages[stage].company_based && self.in_window(t) {
                self.rec.company_end(
                    &mut self.citizens[id as usize].memo,
                    &self.histories[id as usize],
                    t,
                );
            }
        }
        let freed = self.release_place(id, t);
        self.end_wait(id, t, None);
        let c = &mut self.citizens[id as usize];
        if let Some(stage) = c.location.waiting_for() {
            self.stages[stage].waiting -= 1;
            let waiting = f64::from(self.stages[stage].waiting);
            self.records[stage].queue.set(t, waiting);
        }
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
    #[inline]
    pub(super) fn refresh_hazard(&mut self, id: Slot, t: f64) {
        // Without a survival curve nobody leaves on their own: nothing to do (inlined, as this
        // is asked at every move).
        if self.m.segments[self.citizens[id as usize].segment()]
            .survival
            .is_some()
        {
            self.refresh_exit(id, t);
        }
    }

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
}
