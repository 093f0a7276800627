//! The simulator: one replication as a pure function of the model and a seed. A clock and an
//! event queue move citizens through stages; [`crate::monitor`] records, and
//! [`crate::replication`] turns the records into key figures. No I/O happens here.
//!
//! The work is split by job: this file holds the state, the event loop and the end of a run;
//! [`queue`] the event queue; `stays` arrivals, paths, queues, stays, routes and exits;
//! `snapshots` the weekly and month-end records; `conversations` the conversation book of
//! staff roles.

mod conversations;
mod queue;
mod snapshots;
mod stays;

use crate::calendar::DAYS_PER_MONTH;
use crate::citizen::{Citizen, CitizenId, ExitReason, Location};
use crate::model::{Intake, Model, RoleWork, StageId, Stream};
use crate::monitor::{MonthSnapshot, StageRecord, WeekSnapshot};
use crate::path;
use crate::rng;
use crate::staff::{StaffRecord, StaffState};
use crate::stage::StageState;
use queue::{Event, EventQueue, Kind};

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
    queue: EventQueue,
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
            queue: EventQueue::new(),
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
            self.queue.push(Event::new(time, self.seq, kind));
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
            self.queue
                .push(Event::new(self.window_start, first_seq, Kind::Snapshot));
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
            match ev.kind() {
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
                        self.queue
                            .push(Event::new(ev.time + 7.0, ev.seq() + 1, Kind::Snapshot));
                    }
                }
            }
        }
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
}
