//! The simulator: one replication as a pure function of the model and a seed. A clock and an
//! event queue move citizens through stages; [`crate::monitor`] records, and
//! [`crate::replication`] turns the records into key figures. No I/O happens here.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use rand::Rng;

use crate::calendar::DAYS_PER_MONTH;
use crate::citizen::{Citizen, CitizenId, ExitReason, Location};
use crate::model::{
    DayUnit, Intake, Model, Referral, RoleWork, StageId, Stream, Target, RISK_DAYS,
};
use crate::monitor::{MonthSnapshot, StageRecord, WeekSnapshot};
use crate::path;
use crate::rng;
use crate::staff::{Due, StaffRecord, StaffState};
use crate::stage::StageState;
use crate::strategy;
use crate::survival::HazardClock;
use std::cmp::Reverse;

/// What happens at an event.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// Next arrival of a stream (new applicants or returners).
    Arrival(Stream),
    /// A delayed path referral falls due.
    Referral {
        citizen: CitizenId,
        version: u32,
    },
    StayEnd {
        citizen: CitizenId,
        version: u32,
    },
    SelfSufficient {
        citizen: CitizenId,
        version: u32,
    },
    WaitDeadline {
        citizen: CitizenId,
        version: u32,
    },
    EffectEnd {
        citizen: CitizenId,
    },
    /// Continuous intake resumes on the next working day.
    Intake {
        stage: u32,
    },
    /// Weekly batch start.
    Batch {
        stage: u32,
    },
    Capacity {
        stage: u32,
        step: u32,
    },
    /// A working day of a conversation role.
    ConversationDay {
        role: u32,
    },
    /// The strategy's switch week: intensive effort and path entry begin.
    StrategySwitch {
        citizen: CitizenId,
    },
    Snapshot,
    /// A calendar month ends (the next one starts now).
    MonthEnd {
        /// Index into the run's month ends.
        index: u32,
    },
}

#[derive(Debug, Clone, Copy)]
struct Event {
    time: f64,
    seq: u64,
    kind: Kind,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Event {}

impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Event {
    // Reversed, so the max-heap pops the earliest event; ties go in scheduling order.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .time
            .total_cmp(&self.time)
            .then(other.seq.cmp(&self.seq))
    }
}

/// Everything a replication leaves behind for statistics.
#[derive(Debug, Clone)]
pub struct RunRecord {
    pub citizens: Vec<Citizen>,
    pub stages: Vec<StageRecord>,
    pub weekly: Vec<WeekSnapshot>,
    /// (citizen, time) when a company-based activation ended without a new one starting.
    pub company_ends: Vec<(CitizenId, f64)>,
    /// (citizen, stage, time) of stays whose provider is paid if the citizen becomes
    /// self-sufficient soon after.
    pub outcome_watch: Vec<(CitizenId, StageId, f64)>,
    /// Per calendar month since day 0: someone waited past a maximum in it.
    pub overdue_months: Vec<bool>,
    /// Per calendar month since day 0: someone was without an offer past a deadline in it
    /// (waited past a maximum, or passed the statutory first-offer deadline with no offer).
    pub offer_gap_months: Vec<bool>,
    /// End of every calendar month in the measured window.
    pub monthly: Vec<MonthSnapshot>,
    pub window_start: f64,
    pub end: f64,
    pub events: u64,
    /// Present at the end.
    pub present: u64,
    pub active: u64,
    pub company: u64,
    pub staff: Vec<StaffRecord>,
}

pub use crate::rng::{mix_seed, replication_seed};

// Stream offsets keep arrival streams apart from citizen streams.
const NEW_STREAM: u64 = u64::MAX;
const RETURNER_STREAM: u64 = u64::MAX - 1;
/// Role streams count down from here, far from any citizen index.
const ROLE_STREAM: u64 = u64::MAX - 16;

struct Sim<'m> {
    m: &'m Model,
    seed: u64,
    now: f64,
    end: f64,
    window_start: f64,
    queue: BinaryHeap<Event>,
    seq: u64,
    citizens: Vec<Citizen>,
    stages: Vec<StageState>,
    records: Vec<StageRecord>,
    arrival_rng: [rng::Stream; 2],
    company_ends: Vec<(CitizenId, f64)>,
    outcome_watch: Vec<(CitizenId, StageId, f64)>,
    overdue_months: Vec<bool>,
    weekly: Vec<WeekSnapshot>,
    monthly: Vec<MonthSnapshot>,
    /// Days on which a calendar month inside the window ends (the next one starts).
    month_ends: Vec<f64>,
    /// Sequence number reserved for the first month end.
    month_seq: u64,
    staff: Vec<StaffState>,
    staff_records: Vec<StaffRecord>,
    /// Caseload roles following the citizens of each stage.
    caseload_roles: Vec<Vec<usize>>,
    /// The conversation role of each segment.
    conversation_role: Vec<Option<usize>>,
    present: u64,
    active: u64,
    company: u64,
    /// Citizens whose spell began in the run and who may still be without a first offer;
    /// pruned at each month end, so the month-end count never walks every citizen.
    unoffered: Vec<CitizenId>,
    /// Citizens waiting past a maximum wait right now.
    overdue_now: u64,
    arrived_total: u64,
    exited_total: u64,
    events: u64,
}

/// Run one replication of `model` with `seed`.
pub fn run(model: &Model, seed: u64) -> RunRecord {
    let mut sim = Sim::new(model, seed);
    sim.start();
    sim.run_to_end();
    sim.finish()
}

impl<'m> Sim<'m> {
    fn new(m: &'m Model, seed: u64) -> Sim<'m> {
        let window_start = m.warmup_days;
        Sim {
            m,
            seed,
            now: 0.0,
            end: m.end_day(),
            window_start,
            queue: BinaryHeap::new(),
            seq: 0,
            citizens: {
                let months = m.end_day() / DAYS_PER_MONTH;
                let expected = m.stock.as_ref().map_or(0.0, |s| f64::from(s.count))
                    + 1.1 * months * (m.arrivals.new_per_month + m.arrivals.returners_per_month)
                    + 64.0;
                Vec::with_capacity(expected.min(1e7) as usize)
            },
            stages: m.stages.iter().map(StageState::new).collect(),
            records: m
                .stages
                .iter()
                .map(|s| StageRecord::new(window_start, s.capacity))
                .collect(),
            arrival_rng: [
                rng::stream(mix_seed(seed, NEW_STREAM)),
                rng::stream(mix_seed(seed, RETURNER_STREAM)),
            ],
            company_ends: Vec::new(),
            outcome_watch: Vec::new(),
            overdue_months: vec![false; m.calendar.months()],
            weekly: Vec::new(),
            monthly: Vec::new(),
            month_ends: Vec::new(),
            month_seq: 0,
            staff: m
                .staff
                .iter()
                .enumerate()
                .map(|(r, role)| {
                    StaffState::new(
                        role,
                        rng::stream(mix_seed(seed, ROLE_STREAM - r as u64)),
                    )
                })
                .collect(),
            staff_records: vec![StaffRecord::default(); m.staff.len()],
            caseload_roles: (0..m.stages.len())
                .map(|s| {
                    m.staff
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| matches!(&r.work, RoleWork::Caseload { stages, .. } if stages.contains(&s)))
                        .map(|(i, _)| i)
                        .collect()
                })
                .collect(),
            conversation_role: (0..m.segments.len())
                .map(|g| {
                    m.staff.iter().position(
                        |r| matches!(&r.work, RoleWork::Conversations(w) if w.segments[g]),
                    )
                })
                .collect(),
            present: 0,
            active: 0,
            company: 0,
            unoffered: Vec::new(),
            overdue_now: 0,
            arrived_total: 0,
            exited_total: 0,
            events: 0,
        }
    }

    fn schedule(&mut self, time: f64, kind: Kind) {
        if time <= self.end {
            self.seq += 1;
            self.queue.push(Event {
                time,
                seq: self.seq,
                kind,
            });
        }
    }

    fn start(&mut self) {
        // Month ends get the first sequence numbers, so at a month boundary they see the month
        // that ended, before any capacity change or start due at that instant. They are chained
        // (each pushes the next) so the event queue stays small.
        self.month_ends = (1..self.m.calendar.months())
            .filter_map(|month| self.m.calendar.month_start(month))
            .filter(|&day| day > self.window_start && day < self.end - 1e-9)
            .collect();
        self.month_seq = self.seq + 1;
        self.seq += self.month_ends.len() as u64;
        self.push_month_end(0);
        for (s, stage) in self.m.stages.iter().enumerate() {
            for step in 0..stage.schedule.len() {
                self.schedule(
                    stage.schedule[step].day,
                    Kind::Capacity {
                        stage: s as u32,
                        step: step as u32,
                    },
                );
            }
            if let Intake::Weekly(weekday) = stage.intake {
                let first = (0..7)
                    .find(|&d| self.m.calendar.weekday_of_day(d) == weekday)
                    .unwrap_or(0);
                self.schedule(first as f64, Kind::Batch { stage: s as u32 });
            }
        }
        // Weekly snapshots from the start of the window; the last one, at the very end, is taken
        // in `finish` after every event due at the end has run.
        for (r, role) in self.m.staff.iter().enumerate() {
            if matches!(role.work, RoleWork::Conversations(_)) {
                let first = self.m.calendar.next_working_time(0.0);
                self.schedule(first, Kind::ConversationDay { role: r as u32 });
            }
        }
        // Snapshots are chained (each schedules the next) so the event queue stays small, but
        // they keep the sequence numbers they would have had if all were scheduled here, so
        // ties with other events resolve exactly as before.
        let weeks = ((self.end - 1e-9 - self.window_start) / 7.0)
            .ceil()
            .max(0.0) as u64;
        let first_seq = self.seq + 1;
        // One spare number in case rounding undercounts the weeks.
        self.seq += weeks + 1;
        if self.window_start < self.end - 1e-9 {
            self.queue.push(Event {
                time: self.window_start,
                seq: first_seq,
                kind: Kind::Snapshot,
            });
        }
        if let Some(stock) = &self.m.stock {
            for _ in 0..stock.count {
                self.arrive(Stream::Stock, 0.0);
            }
        }
        self.schedule_next_arrival(Stream::New, 0.0);
        self.schedule_next_arrival(Stream::Returner, 0.0);
    }

    fn run_to_end(&mut self) {
        while let Some(ev) = self.queue.pop() {
            self.now = ev.time;
            self.events += 1;
            match ev.kind {
                Kind::Arrival(stream) => {
                    self.arrive(stream, ev.time);
                    self.schedule_next_arrival(stream, ev.time);
                }
                Kind::Referral { citizen, version } => {
                    let c = &self.citizens[citizen as usize];
                    if c.version == version && c.location == Location::Passive {
                        if let Some(p) = path::first_matching(self.m, c.segment, c.stream) {
                            let referral = p.referral;
                            self.refer(citizen, referral, ev.time);
                        }
                    }
                }
                Kind::StayEnd { citizen, version } => {
                    if self.citizens[citizen as usize].version == version {
                        self.end_stay(citizen, ev.time);
                    }
                }
                Kind::SelfSufficient { citizen, version } => {
                    let c = &self.citizens[citizen as usize];
                    if c.exit_version == version && !c.is_gone() {
                        self.leave(citizen, ev.time, ExitReason::SelfSufficient);
                    }
                }
                Kind::WaitDeadline { citizen, version } => {
                    self.wait_deadline(citizen, version, ev.time);
                }
                Kind::EffectEnd { citizen } => {
                    let c = &self.citizens[citizen as usize];
                    if !c.is_gone() && c.effect_until == ev.time {
                        self.refresh_hazard(citizen, ev.time);
                    }
                }
                Kind::Intake { stage } => {
                    let stage = stage as usize;
                    self.stages[stage].intake_pending = false;
                    self.fill(stage, ev.time);
                }
                Kind::Batch { stage } => {
                    if self.m.calendar.is_working_time(ev.time) {
                        self.start_from_queue(stage as usize, ev.time);
                    }
                    self.schedule(ev.time + 7.0, Kind::Batch { stage });
                }
                Kind::Capacity { stage, step } => {
                    let (stage, step) = (stage as usize, step as usize);
                    let change = self.m.stages[stage].schedule[step];
                    let cap = change.capacity;
                    self.stages[stage].capacity = cap;
                    let rec = &mut self.records[stage];
                    rec.capacity.set(ev.time, cap.map_or(0.0, f64::from));
                    rec.unlimited
                        .set(ev.time, if cap.is_none() { 1.0 } else { 0.0 });
                    if let (true, Some(c)) = (change.end_stays, cap) {
                        self.end_stays_above(stage, c, ev.time);
                    }
                    self.fill(stage, ev.time);
                }
                Kind::ConversationDay { role } => {
                    self.conversation_day(role as usize, ev.time);
                    let next = self.m.calendar.next_working_time(ev.time.floor() + 1.0);
                    self.schedule(next, Kind::ConversationDay { role });
                }
                Kind::StrategySwitch { citizen } => self.switch_to_intensive(citizen, ev.time),
                Kind::MonthEnd { index } => {
                    let month = self.m.calendar.month_index(ev.time) - 1;
                    self.month_snapshot(month, ev.time);
                    self.push_month_end(index as usize + 1);
                }
                Kind::Snapshot => {
                    self.snapshot(ev.time);
                    if ev.time + 7.0 < self.end - 1e-9 {
                        self.queue.push(Event {
                            time: ev.time + 7.0,
                            seq: ev.seq + 1,
                            kind: Kind::Snapshot,
                        });
                    }
                }
            }
        }
    }

    fn schedule_next_arrival(&mut self, stream: Stream, from: f64) {
        let per_month = match stream {
            Stream::New => self.m.arrivals.new_per_month,
            Stream::Returner => self.m.arrivals.returners_per_month,
            Stream::Stock => return,
        };
        if per_month <= 0.0 {
            return;
        }
        let rng = &mut self.arrival_rng[stream.index()];
        // A Poisson process whose daily rate is the monthly figure over an average month, times
        // the seasonal factor of the calendar month: draw the gap at this month's rate; if it
        // crosses the month's end, restart there (memorylessness keeps this exact).
        let cal = &self.m.calendar;
        let mut t = from;
        while t < self.end {
            let (month, month_end) = cal.month_and_next_start(t);
            let rate = per_month * self.m.arrivals.seasonality[month] / DAYS_PER_MONTH;
            if rate > 0.0 {
                let u: f64 = rng.random();
                let next = t - (1.0 - u).ln() / rate;
                if next < month_end {
                    self.schedule(next, Kind::Arrival(stream));
                    return;
                }
            }
            t = month_end;
        }
    }

    fn arrive(&mut self, stream: Stream, t: f64) {
        let id = self.citizens.len() as CitizenId;
        let mut rng = rng::stream(mix_seed(self.seed, u64::from(id)));
        // Draw order is fixed (segment, threshold, prior duration) so a citizen's draws do not
        // depend on the scenario's choices.
        let u: f64 = rng.random();
        let segment = self.draw_segment(stream, u);
        let threshold = -(1.0 - rng.random::<f64>()).ln();
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
        let at_risk = match &self.m.segments[segment].survival {
            Some(curve) => {
                let h = curve.cumulative_hazard(prior_days) + threshold;
                curve.inverse_cumulative_hazard(h) > RISK_DAYS
            }
            None => true,
        };
        let (flagged, intensive, path_open_at) = match &self.m.strategy {
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
                    self.schedule(open, Kind::StrategySwitch { citizen: id });
                }
                (d.flagged, now, open)
            }
        };
        let conversation_multiplier = self
            .m
            .effects
            .decayed(self.m.effects.conversation_effect, prior_days);
        let citizen = Citizen {
            segment,
            stream,
            origin: stream,
            rng,
            arrived: t,
            benefit_start: t - prior_days,
            clock: HazardClock::new(threshold, prior_days),
            lockin: 1.0,
            effect: 1.0,
            effect_until: f64::NEG_INFINITY,
            location: Location::Passive,
            version: 0,
            exit_version: 0,
            first_referral: None,
            first_company_start: None,
            exit: None,
            overdue_since: None,
            intensive,
            conversation_role: self.conversation_role[segment],
            conversation_version: 0,
            in_backlog: false,
            first_conversation: None,
            first_offer: None,
            placement_payer: None,
            at_risk,
            flagged,
            path_open_at,
            conversation_multiplier,
        };
        if stream != Stream::Stock {
            self.unoffered.push(id);
        }
        self.citizens.push(citizen);
        self.present += 1;
        self.arrived_total += 1;
        self.book_first_conversation(id, t, stream, first_due_fraction);
        self.refresh_hazard(id, t);
        self.enter_path(id, t);
    }

    fn draw_segment(&self, stream: Stream, u: f64) -> usize {
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
    fn enter_path(&mut self, id: CitizenId, t: f64) {
        let c = &self.citizens[id as usize];
        let Some(p) = path::first_matching(self.m, c.segment, c.stream) else {
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

    fn in_window(&self, t: f64) -> bool {
        t >= self.window_start
    }

    fn refer(&mut self, id: CitizenId, referral: Referral, t: f64) {
        let s = referral.stage;
        let in_window = self.in_window(t);
        let c = &mut self.citizens[id as usize];
        c.version += 1;
        c.location = Location::Waiting {
            stage: s,
            since: t,
            referral,
        };
        c.first_referral.get_or_insert(t);
        let (segment, version) = (c.segment, c.version);
        if in_window {
            self.records[s].referrals += 1;
        }
        self.stages[s].enqueue(&self.m.stages[s], segment, id, version);
        self.note_queue(s, t);
        if let Some(days) = referral.deadline_days() {
            // A deadline on a day without intake moves to the next day with intake, as
            // administrative deadlines do; nobody could have started in between.
            let at = self.m.calendar.next_working_time(t + days);
            self.schedule(
                at,
                Kind::WaitDeadline {
                    citizen: id,
                    version,
                },
            );
        }
        self.fill(s, t);
    }

    fn note_queue(&mut self, s: StageId, t: f64) {
        let waiting = f64::from(self.stages[s].waiting);
        self.records[s].queue.set(t, waiting);
    }

    fn note_occupancy(&mut self, s: StageId, t: f64) {
        let occ = f64::from(self.stages[s].occupancy);
        self.records[s].occupancy.set(t, occ);
    }

    /// Start waiting citizens if the intake rule allows it now.
    fn fill(&mut self, s: StageId, t: f64) {
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
    fn can_start(&self, s: StageId) -> bool {
        self.stages[s].has_free_place()
            && self.caseload_roles[s]
                .iter()
                .all(|&r| self.staff[r].has_free_slot())
    }

    fn start_from_queue(&mut self, s: StageId, t: f64) {
        while self.can_start(s) {
            let citizens = &self.citizens;
            let next = self.stages[s].pop(|c, v| {
                let c = &citizens[c as usize];
                c.version == v
                    && matches!(c.location, Location::Waiting { stage, .. } if stage == s)
            });
            if let Some(id) = next {
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
            if let Location::Waiting { stage: f, .. } = self.citizens[id as usize].location {
                self.stages[f].waiting -= 1;
                self.note_queue(f, t);
            }
            self.start_stay(id, s, t);
        }
    }

    /// Forget citizens at the front of `at_fallback` who have since started or left.
    fn drop_stale_at_fallback(&mut self, s: StageId) {
        while let Some(&(id, v)) = self.stages[s].at_fallback.front() {
            let c = &self.citizens[id as usize];
            if c.version == v && matches!(c.location, Location::Waiting { .. }) {
                break;
            }
            self.stages[s].at_fallback.pop_front();
        }
    }

    fn start_stay(&mut self, id: CitizenId, s: StageId, t: f64) {
        let m = self.m;
        let stage = &m.stages[s];
        let in_window = self.in_window(t);
        self.clear_overdue(id, t);
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
        c.version += 1;
        c.location = Location::InStage {
            stage: s,
            since: t,
            broke,
        };
        c.lockin = stage.lockin;
        if stage.offer {
            c.first_offer.get_or_insert(t);
        }
        // A provider paid "at placement" is paid when the placement really starts.
        let payer = c.placement_payer.take().filter(|_| stage.company_based);
        if stage.company_based {
            c.first_company_start.get_or_insert(t);
        }
        let version = c.version;
        if in_window {
            let rec = &mut self.records[s];
            rec.waits.push(t - since);
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
    fn release_place(&mut self, id: CitizenId, t: f64) -> Option<StageId> {
        let c = &self.citizens[id as usize];
        let Location::InStage {
            stage: s, since, ..
        } = c.location
        else {
            return None;
        };
        let m = self.m;
        let stage = &m.stages[s];
        if self.in_window(t) {
            self.records[s].stays.push(t - since);
        }
        if stage.outcome_payment.at_selfsufficiency_dkk > 0.0 {
            self.outcome_watch.push((id, s, t));
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
        self.citizens[id as usize].lockin = 1.0;
        Some(s)
    }

    fn end_stay(&mut self, id: CitizenId, t: f64) {
        self.end_stay_to(id, t, None);
    }

    /// A capacity cut ends the stays above the new number of places: those who started last
    /// leave first (they lose the least), back to passive and their path.
    fn end_stays_above(&mut self, s: StageId, capacity: u32, t: f64) {
        let excess = self.stages[s].occupancy.saturating_sub(capacity) as usize;
        if excess == 0 {
            return;
        }
        let mut inside: Vec<(f64, CitizenId)> = self
            .citizens
            .iter()
            .enumerate()
            .filter_map(|(i, c)| match c.location {
                Location::InStage { stage, since, .. } if stage == s => {
                    Some((since, i as CitizenId))
                }
                _ => None,
            })
            .collect();
        inside.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)));
        for &(_, id) in inside.iter().take(excess) {
            self.end_stay_to(id, t, Some(Target::Passive));
        }
    }

    /// End a stay; `forced` overrides the routes (a stay cut short by a closing).
    #[inline]
    fn end_stay_to(&mut self, id: CitizenId, t: f64, forced: Option<Target>) {
        let Location::InStage {
            stage: s,
            broke,
            since,
        } = self.citizens[id as usize].location
        else {
            return;
        };
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
            self.company_ends.push((id, t));
        }
        {
            let c = &mut self.citizens[id as usize];
            c.version += 1;
            c.location = Location::Passive;
            if next_company && stage.outcome_payment.at_placement_dkk > 0.0 {
                c.placement_payer = Some(s);
            }
            if stage.effect_days > 0.0 && stage.effect_after != 1.0 {
                // Late effort is harder: the effect shrinks with the weeks on benefit at the start.
                c.effect = m
                    .effects
                    .decayed(stage.effect_after, since - c.benefit_start);
                c.effect_until = t + stage.effect_days;
                let until = c.effect_until;
                self.schedule(until, Kind::EffectEnd { citizen: id });
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
    fn after_release(&mut self, s: StageId, t: f64) {
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

    fn wait_deadline(&mut self, id: CitizenId, version: u32, t: f64) {
        let c = &self.citizens[id as usize];
        if c.version != version {
            return;
        }
        let Location::Waiting {
            stage: s, referral, ..
        } = c.location
        else {
            return;
        };
        match referral.fallback {
            Some(f) if !self.can_start(s) => {
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
                if matches!(c.location, Location::Waiting { stage, .. } if stage == f) {
                    let v = c.version;
                    self.stages[s].at_fallback.push_back((id, v));
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

    /// Mark the months in which a citizen waited past the maximum, up to `t`.
    fn clear_overdue(&mut self, id: CitizenId, t: f64) {
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
    fn leave(&mut self, id: CitizenId, t: f64, reason: ExitReason) {
        self.clear_overdue(id, t);
        // Leaving from a company-based stay ends that activation too (mål 2 counts it).
        if let Location::InStage { stage, .. } = self.citizens[id as usize].location {
            if self.m.stages[stage].company_based && self.in_window(t) {
                self.company_ends.push((id, t));
            }
        }
        let freed = self.release_place(id, t);
        let c = &mut self.citizens[id as usize];
        if let Location::Waiting { stage, .. } = c.location {
            self.stages[stage].waiting -= 1;
            let waiting = f64::from(self.stages[stage].waiting);
            self.records[stage].queue.set(t, waiting);
        }
        c.version += 1;
        c.exit_version += 1;
        c.location = Location::Gone;
        c.exit = Some((t, reason));
        if let Some(r) = c.conversation_role {
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
        if let Some(s) = freed {
            self.after_release(s, t);
        }
    }

    /// Recompute when the citizen would leave benefit on their own under the current multiplier.
    fn refresh_hazard(&mut self, id: CitizenId, t: f64) {
        let m = self.m;
        let c = &mut self.citizens[id as usize];
        let Some(curve) = &m.segments[c.segment].survival else {
            return;
        };
        let m = c.multiplier(t);
        let now = c.days_on_benefit(t);
        let exit_days = c.clock.set_multiplier(curve, now, m);
        c.exit_version += 1;
        let at = c.benefit_start + exit_days;
        // Rounding can put the exit a hair before now; it is due now.
        let at = at.max(t);
        let version = c.exit_version;
        if at.is_finite() {
            self.schedule(
                at,
                Kind::SelfSufficient {
                    citizen: id,
                    version,
                },
            );
        }
    }

    fn snapshot(&mut self, t: f64) {
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
                        let c = &citizens[d.citizen as usize];
                        d.due < t && c.in_backlog && c.conversation_version == d.version
                    })
                    .count();
                rec.caseload.push(caseload);
                rec.fte_needed.push(needed);
                rec.backlog.push(f64::from(st.backlog_live));
                rec.overdue.push(overdue as f64);
            }
        }
        self.weekly.push(WeekSnapshot {
            day: t,
            occupancy: self.stages.iter().map(|s| s.occupancy).collect(),
            queue: self.stages.iter().map(|s| s.waiting).collect(),
            capacity: self
                .stages
                .iter()
                .map(|s| s.capacity.map_or(f64::NAN, f64::from))
                .collect(),
            present: self.present,
            active: self.active,
            company: self.company,
            arrived_total: self.arrived_total,
            exited_total: self.exited_total,
        });
    }

    /// Queue the `index`-th month end with its reserved sequence number.
    fn push_month_end(&mut self, index: usize) {
        if let Some(&day) = self.month_ends.get(index) {
            self.queue.push(Event {
                time: day,
                seq: self.month_seq + index as u64,
                kind: Kind::MonthEnd {
                    index: index as u32,
                },
            });
        }
    }

    /// Citizens without an offer past their deadline at `t` (see [`MonthSnapshot`]): those
    /// waiting past a maximum, and those past the first-offer deadline with no offer yet.
    fn past_offer_deadline(&mut self, t: f64) -> u64 {
        let citizens = &self.citizens;
        self.unoffered.retain(|&id| {
            let c = &citizens[id as usize];
            !c.is_gone() && c.first_offer.is_none()
        });
        let late = self
            .unoffered
            .iter()
            .filter(|&&id| {
                let c = &self.citizens[id as usize];
                c.overdue_since.is_none()
                    && !matches!(c.location, Location::InStage { .. })
                    && t > self.first_offer_due(c)
            })
            .count() as u64;
        self.overdue_now + late
    }

    /// When a citizen's first offer is due: the statutory deadline from the start of the spell,
    /// moved to the next working day when it falls on a day without intake.
    fn first_offer_due(&self, c: &Citizen) -> f64 {
        self.m.deadline_due(
            self.m.deadlines.first_offer_days,
            c.segment,
            c.benefit_start,
        )
    }

    fn month_snapshot(&mut self, month: usize, t: f64) {
        let past_offer_deadline = self.past_offer_deadline(t);
        self.monthly.push(MonthSnapshot {
            month,
            day: t,
            capacity: self
                .stages
                .iter()
                .map(|s| s.capacity.map_or(f64::NAN, f64::from))
                .collect(),
            occupancy: self.stages.iter().map(|s| s.occupancy).collect(),
            queue: self.stages.iter().map(|s| s.waiting).collect(),
            occupancy_area: self
                .records
                .iter()
                .map(|r| r.occupancy.area_until(t))
                .collect(),
            present: self.present,
            active: self.active,
            company: self.company,
            past_offer_deadline,
        });
    }

    /// Months in which someone passed the statutory first-offer deadline without an offer, or
    /// waited past a maximum.
    fn offer_gap_months(&self) -> Vec<bool> {
        let mut months = self.overdue_months.clone();
        let last = months.len().saturating_sub(1);
        for c in &self.citizens {
            // Most citizens had their offer well before the deadline: skip them cheaply (the
            // due time is never earlier than the raw deadline).
            let raw = c.benefit_start
                + self
                    .m
                    .deadline_days(self.m.deadlines.first_offer_days, c.segment);
            if c.origin == Stream::Stock || c.first_offer.is_some_and(|f| f <= raw) {
                continue;
            }
            let from = self.first_offer_due(c).max(self.window_start);
            let until = c
                .first_offer
                .unwrap_or(f64::INFINITY)
                .min(c.exit.map_or(f64::INFINITY, |(t, _)| t))
                .min(self.end);
            if until > from {
                let a = self.m.calendar.month_index(from);
                // An interval ending at a month's first instant does not reach into that month.
                let b = self.m.calendar.month_index((until - 1e-9).max(from));
                for flag in &mut months[a.min(last)..=b.min(last)] {
                    *flag = true;
                }
            }
        }
        months
    }

    fn finish(mut self) -> RunRecord {
        let end = self.end;
        self.snapshot(end);
        if self.window_start < end - 1e-9 {
            let month = self.m.calendar.month_index(end - 1e-9);
            if self.monthly.last().is_none_or(|s| s.month < month) {
                self.month_snapshot(month, end);
            }
        }
        let waiting: Vec<CitizenId> = (0..self.citizens.len() as CitizenId)
            .filter(|&c| self.citizens[c as usize].overdue_since.is_some())
            .collect();
        for c in waiting {
            self.clear_overdue(c, end);
        }
        let offer_gap_months = self.offer_gap_months();
        RunRecord {
            offer_gap_months,
            monthly: self.monthly,
            citizens: self.citizens,
            stages: self.records,
            weekly: self.weekly,
            company_ends: self.company_ends,
            outcome_watch: self.outcome_watch,
            overdue_months: self.overdue_months,
            window_start: self.window_start,
            end,
            events: self.events,
            present: self.present,
            active: self.active,
            company: self.company,
            staff: self.staff_records,
        }
    }

    /// The strategy's switch week has come for a citizen not flagged at entry: the intensive
    /// plan starts (with a conversation now) and the path opens (its referral is already
    /// booked for this time).
    fn switch_to_intensive(&mut self, id: CitizenId, t: f64) {
        let m = self.m;
        let c = &mut self.citizens[id as usize];
        if c.is_gone() || c.intensive {
            return;
        }
        c.intensive = true;
        c.conversation_multiplier = m
            .effects
            .decayed(m.effects.conversation_effect, c.days_on_benefit(t));
        if let Some(r) = c.conversation_role {
            let st = &mut self.staff[r];
            st.annual_demand +=
                m.contact_plan.intensive_per_year - m.contact_plan.standard_per_year;
            if !c.in_backlog {
                c.conversation_version += 1;
                st.upcoming.push(Reverse(Due {
                    planned: t,
                    due: t,
                    citizen: id,
                    version: c.conversation_version,
                }));
            }
        }
        self.refresh_hazard(id, t);
    }

    /// Book a citizen's first conversation: new arrivals at once, due by the statutory deadline
    /// for the first job conversation; the initial stock spread evenly over one interval.
    fn book_first_conversation(&mut self, id: CitizenId, t: f64, stream: Stream, fraction: f64) {
        let plan = self.m.contact_plan;
        let c = &mut self.citizens[id as usize];
        let Some(r) = c.conversation_role else {
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
                let young = self.m.segments[c.segment].under_30;
                let deadline = self.m.deadlines.first_conversation_days[usize::from(!young)];
                (t, t + deadline)
            }
        };
        st.upcoming.push(Reverse(Due {
            planned,
            due,
            citizen: id,
            version: c.conversation_version,
        }));
    }

    /// One working day of a conversation role: conversations due today join the backlog, and
    /// the day's capacity holds them in due order.
    fn conversation_day(&mut self, r: usize, t: f64) {
        let m = self.m;
        let role = &m.staff[r];
        let RoleWork::Conversations(work) = &role.work else {
            return;
        };
        let in_window = self.in_window(t);
        let today_end = t.floor() + 1.0;
        let citizens = &mut self.citizens;
        let st = &mut self.staff[r];
        while let Some(Reverse(d)) = st.upcoming.peek().copied() {
            if d.planned >= today_end {
                break;
            }
            st.upcoming.pop();
            let c = &mut citizens[d.citizen as usize];
            if !c.is_gone() && c.conversation_version == d.version && !c.in_backlog {
                c.in_backlog = true;
                st.backlog_live += 1;
                st.backlog.push_back(d);
            }
        }
        // Capacity per working day spreads the year's s·d·w conversations per FTE over the
        // working days of the open weeks; closed weeks have none, which is what builds backlogs.
        let mut capacity = match role.fte {
            Some(fte) => {
                st.carry
                    + fte
                        * work.per_day
                        * work.days_per_week
                        * work.weeks_per_fte
                        * (1.0 - work.admin_share)
                        * (1.0 - work.sickness_share)
                        / m.calendar.working_days_per_year()
            }
            None => f64::INFINITY,
        };
        let mut rebook = Vec::new();
        while capacity >= 1.0 {
            let Some(d) = st.backlog.pop_front() else {
                break;
            };
            let c = &mut citizens[d.citizen as usize];
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
            c.first_conversation.get_or_insert(t);
            c.conversation_version += 1;
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
                let due = if t.floor() <= d.due && d.version > 0 {
                    d.due + interval
                } else {
                    t + interval
                };
                st.upcoming.push(Reverse(Due {
                    planned: planned_day(&m.calendar, due, work.booking_lead_days, t),
                    due,
                    citizen: d.citizen,
                    version: c.conversation_version,
                }));
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
    }
}

/// The working day a conversation due at `due` is booked for: `lead` days ahead, moved back to
/// a working day, never before `now`. For a new arrival (`due == now`) that is today.
fn planned_day(cal: &crate::calendar::Calendar, due: f64, lead: f64, now: f64) -> f64 {
    cal.last_working_day_at_or_before(due - lead).max(now)
}
