//! The simulator: one replication as a pure function of the model and a seed. A clock and an
//! event queue move citizens through stages; [`crate::monitor`] records, and
//! [`crate::replication`] turns the records into key figures. No I/O happens here.
//!
//! The work is split by job: this file holds the state, the event loop, the citizen table and
//! the end of a run; [`queue`] the event queue; `arrivals` the arrival streams and a new
//! citizen's draws; `referrals` paths, referrals, deadlines, fallbacks and waiting; `intake` who
//! starts when; `stays` stays, breakdowns and routes; `capacity` capacity schedules; `exits`
//! leaving and the self-sufficiency clock; `snapshots` the weekly and month-end records;
//! `conversations` the conversation book of staff roles.
//!
//! Memory follows the citizens present, not every citizen who ever came: a citizen who leaves
//! hands their final record to a [`Recorder`] and their slot in the table is reused. What the
//! key figures need from each citizen is reduced as they leave ([`crate::replication`]);
//! [`run`] instead keeps every record, for tests and diagnostics.

mod arrivals;
mod burst;
mod capacity;
mod conversations;
mod exits;
mod intake;
mod queue;
mod referrals;
mod snapshots;
mod stays;

use std::collections::VecDeque;

use crate::citizen::{Citizen, CitizenId, Live, Location, Slot};
use crate::model::{Intake, Model, RoleWork, StageId, Stream};
use crate::monitor::{Monthly, StageRecord, Weekly};
use crate::path;
use crate::rng;
use crate::staff::{StaffRecord, StaffState};
use crate::stage::StageState;
use burst::Burst;
pub use burst::{Excess, Stuck, MOVES_PER_CITIZEN_DAY};
use queue::{Event, EventQueue, Kind};

/// Where a replication's per-citizen records go while it runs. The engine calls it in event
/// order; the citizen's record is only valid during the call (the slot is reused afterwards).
/// `memo` is a word kept with the citizen's live record for the recorder's own use (0 when
/// they arrive), so what it notes per citizen is at hand without a lookup of its own.
pub trait Recorder {
    /// A company-based activation of citizen `c` ended at `t`, inside the measured window,
    /// without a new one starting.
    fn company_end(&mut self, memo: &mut u32, c: &Citizen, t: f64);
    /// Citizen `c` left a stay in `stage` at `t` whose provider is paid if they become
    /// self-sufficient soon after.
    fn outcome_watch(&mut self, memo: &mut u32, c: &Citizen, stage: StageId, t: f64);
    /// A stay of `days` in `stage` ended inside the window (its length is also summed in the
    /// stage's record).
    fn stay(&mut self, _stage: StageId, _days: f64) {}
    /// A wait of `days` for `stage` ended in a start there inside the window (it is also
    /// counted in the stage's record).
    fn wait(&mut self, _stage: StageId, _days: f64) {}
    /// The citizen's record is final: they left (`c.exit` is set) or the run ended. Their slot
    /// may hold someone else afterwards.
    fn citizen_done(&mut self, memo: &mut u32, c: &Citizen);
}

/// A [`Recorder`] that keeps everything: every citizen's record, every company-based end,
/// outcome watch, stay and wait. Used by [`run`]; memory grows with every citizen who ever came.
#[derive(Debug, Default)]
struct Trace {
    citizens: Vec<Option<Citizen>>,
    company_ends: Vec<(CitizenId, f64)>,
    outcome_watch: Vec<(CitizenId, StageId, f64)>,
    stays: Vec<Vec<f64>>,
    waits: Vec<Vec<f64>>,
}

impl Recorder for Trace {
    fn company_end(&mut self, _memo: &mut u32, c: &Citizen, t: f64) {
        self.company_ends.push((c.id, t));
    }

    fn outcome_watch(&mut self, _memo: &mut u32, c: &Citizen, stage: StageId, t: f64) {
        self.outcome_watch.push((c.id, stage, t));
    }

    fn stay(&mut self, stage: StageId, days: f64) {
        if self.stays.len() <= stage {
            self.stays.resize(stage + 1, Vec::new());
        }
        self.stays[stage].push(days);
    }

    fn wait(&mut self, stage: StageId, days: f64) {
        if self.waits.len() <= stage {
            self.waits.resize(stage + 1, Vec::new());
        }
        self.waits[stage].push(days);
    }

    fn citizen_done(&mut self, _memo: &mut u32, c: &Citizen) {
        let i = c.id as usize;
        if self.citizens.len() <= i {
            self.citizens.resize(i + 1, None);
        }
        self.citizens[i] = Some(c.clone());
    }
}

/// Everything a replication leaves behind for statistics.
#[derive(Debug, Clone)]
pub struct RunRecord {
    /// Every citizen's final record, by arrival number (filled by [`run`] only).
    pub citizens: Vec<Citizen>,
    pub stages: Vec<StageRecord>,
    pub weekly: Weekly,
    /// (citizen, time) when a company-based activation ended without a new one starting
    /// (filled by [`run`] only).
    pub company_ends: Vec<(CitizenId, f64)>,
    /// (citizen, stage, time) of stays whose provider is paid if the citizen becomes
    /// self-sufficient soon after (filled by [`run`] only).
    pub outcome_watch: Vec<(CitizenId, StageId, f64)>,
    /// Per calendar month since day 0: someone waited past a maximum in it.
    pub overdue_months: Vec<bool>,
    /// Per calendar month since day 0: someone was without an offer past a deadline in it
    /// (waited past a maximum, or passed the statutory first-offer deadline with no offer).
    pub offer_gap_months: Vec<bool>,
    /// End of every calendar month in the measured window.
    pub monthly: Monthly,
    pub window_start: f64,
    pub end: f64,
    pub events: u64,
    /// Present at the end.
    pub present: u64,
    pub active: u64,
    pub company: u64,
    pub staff: Vec<StaffRecord>,
    /// Most citizens present at once: the size of the citizen table.
    pub peak_slots: usize,
}

pub use crate::rng::{mix_seed, replication_seed};

// Stream offsets keep arrival streams apart from citizen streams.
const NEW_STREAM: u64 = u64::MAX;
const RETURNER_STREAM: u64 = u64::MAX - 1;
/// Role streams count down from here, far from any citizen index.
const ROLE_STREAM: u64 = u64::MAX - 16;

/// The month an arrival stream is in: its daily rate holds until `until`.
#[derive(Debug, Clone, Copy)]
struct ArrivalMonth {
    until: f64,
    rate: f64,
}

struct Sim<'m, R: Recorder> {
    m: &'m Model,
    rec: R,
    seed: u64,
    now: f64,
    end: f64,
    window_start: f64,
    queue: EventQueue,
    seq: u64,
    /// Citizens present, and slots left by citizens who have gone (location `Gone`): what
    /// events read and write.
    citizens: Vec<Live>,
    /// The history of the citizen in each slot.
    histories: Vec<Citizen>,
    /// Slots free for the next arrival, the most recently freed last (warm in the cache).
    free: Vec<Slot>,
    stages: Vec<StageState>,
    records: Vec<StageRecord>,
    arrival_rng: [rng::Stream; 2],
    arrival_month: [ArrivalMonth; 2],
    overdue_months: Vec<bool>,
    /// Per calendar month: someone passed the first-offer deadline without an offer in it.
    unoffered_months: Vec<bool>,
    weekly: Weekly,
    monthly: Monthly,
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
    /// Citizens whose spell began in the run and who may still be without a first offer, one
    /// list per deadline length (see `Model::deadline_group`), so each is in the order of the
    /// citizens' deadlines; pruned at each month end, so the month-end count never walks every
    /// citizen.
    unoffered: [VecDeque<snapshots::Unoffered>; 2],
    /// Citizens waiting past a maximum wait right now.
    overdue_now: u64,
    arrived_total: u64,
    exited_total: u64,
    events: u64,
    /// Moves at the current instant, against citizens going round without time passing.
    burst: Burst,
    /// Set when the run had to stop: citizens went round stages without time passing.
    stuck: Option<Stuck>,
}

/// Run one replication of `model` with `seed`, keeping every citizen's record.
pub fn run(model: &Model, seed: u64) -> Result<RunRecord, Stuck> {
    let (mut record, trace) = run_recorded(model, seed, Trace::default())?;
    record.citizens = trace.citizens.into_iter().flatten().collect();
    record.company_ends = trace.company_ends;
    record.outcome_watch = trace.outcome_watch;
    for (rec, stays) in record.stages.iter_mut().zip(trace.stays) {
        rec.stays = stays;
    }
    for (rec, waits) in record.stages.iter_mut().zip(trace.waits) {
        rec.wait_list = waits;
    }
    Ok(record)
}

/// Run one replication of `model` with `seed`, handing each citizen's final record to
/// `recorder` as they leave; the record returned has no per-citizen lists. A run in which
/// citizens go round stages without time passing stops early with [`Stuck`].
pub fn run_recorded<R: Recorder>(
    model: &Model,
    seed: u64,
    recorder: R,
) -> Result<(RunRecord, R), Stuck> {
    let mut sim = Sim::new(model, seed, recorder);
    sim.start();
    sim.run_to_end();
    match sim.stuck.take() {
        Some(stuck) => Err(stuck),
        None => Ok(sim.finish()),
    }
}

impl<'m, R: Recorder> Sim<'m, R> {
    fn new(m: &'m Model, seed: u64, rec: R) -> Sim<'m, R> {
        let window_start = m.warmup_days;
        Sim {
            m,
            rec,
            seed,
            now: 0.0,
            end: m.end_day(),
            window_start,
            queue: EventQueue::new(),
            seq: 0,
            citizens: Vec::with_capacity(m.stock.as_ref().map_or(64, |s| s.count as usize + 64)),
            histories: Vec::with_capacity(m.stock.as_ref().map_or(64, |s| s.count as usize + 64)),
            free: Vec::new(),
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
            arrival_month: [ArrivalMonth {
                until: f64::NEG_INFINITY,
                rate: 0.0,
            }; 2],
            overdue_months: vec![false; m.calendar.months()],
            unoffered_months: vec![false; m.calendar.months()],
            weekly: Weekly::new(m.stages.len()),
            monthly: Monthly::new(m.stages.len()),
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
            unoffered: [VecDeque::new(), VecDeque::new()],
            overdue_now: 0,
            arrived_total: 0,
            exited_total: 0,
            events: 0,
            burst: Burst::new(m.stages.len()),
            stuck: None,
        }
    }

    fn schedule(&mut self, time: f64, kind: Kind) {
        if time <= self.end {
            self.seq += 1;
            self.queue.push(Event::new(time, self.seq, kind));
        }
    }

    fn in_window(&self, t: f64) -> bool {
        t >= self.window_start
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
        for (r, role) in self.m.staff.iter().enumerate() {
            if matches!(role.work, RoleWork::Conversations(_)) {
                let first = self.m.calendar.next_working_time(0.0);
                self.schedule(first, Kind::ConversationDay { role: r as u32 });
            }
        }
        // Weekly snapshots from the start of the window; the last one, at the very end, is taken
        // in `finish` after every event due at the end has run. Snapshots are chained (each
        // schedules the next) so the event queue stays small, but they keep the sequence numbers
        // they would have had if all were scheduled here, so ties with other events resolve
        // exactly as before.
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
        while self.stuck.is_none() {
            let Some(ev) = self.queue.pop() else { break };
            // In a large job centre the citizen of an event is usually cold in memory: ask for
            // the records of one a few events ahead now, so they arrive while the events before
            // it are handled. A small table stays in the cache anyway.
            if self.citizens.len() > PREFETCH_FROM {
                if let Some(next) = self
                    .queue
                    .peek_today(PREFETCH_AHEAD)
                    .and_then(Event::citizen)
                {
                    prefetch(&self.citizens, next);
                    prefetch(&self.histories, next);
                }
            }
            let t = ev.time();
            self.now = t;
            self.events += 1;
            self.handle(ev, t);
        }
    }

    fn handle(&mut self, ev: Event, t: f64) {
        match ev.kind() {
            Kind::Arrival(stream) => {
                self.arrive(stream, t);
                self.schedule_next_arrival(stream, t);
            }
            Kind::Referral { citizen, version } => {
                let c = &self.citizens[citizen as usize];
                if c.version == version && c.location == Location::Passive {
                    if let Some(p) = path::first_matching(self.m, c.segment(), c.stream) {
                        let referral = p.referral;
                        self.refer(citizen, referral, t);
                    }
                }
            }
            Kind::StayEnd { citizen, version } => {
                if self.citizens[citizen as usize].version == version {
                    self.end_stay(citizen, t);
                }
            }
            Kind::SelfSufficient { citizen } => self.exit_wake_up(citizen, ev, t),
            Kind::WaitDeadline { citizen, version } => {
                self.wait_deadline(citizen, version, t);
            }
            Kind::EffectEnd { citizen, arrival } => {
                let c = &self.citizens[citizen as usize];
                if c.id == arrival
                    && !c.is_gone()
                    && (c.effect_until == t || c.conversation_overdue_at == t)
                {
                    self.refresh_hazard(citizen, t);
                }
            }
            Kind::Intake { stage } => {
                let stage = stage as usize;
                self.stages[stage].intake_pending = false;
                self.fill(stage, t);
            }
            Kind::Batch { stage } => {
                if self.m.calendar.is_working_time(t) {
                    self.start_from_queue(stage as usize, t);
                }
                self.schedule(t + 7.0, Kind::Batch { stage });
            }
            Kind::Capacity { stage, step } => self.change_capacity(stage as usize, step as usize),
            Kind::ConversationDay { role } => {
                self.conversation_day(role as usize, t);
                let next = self.m.calendar.next_working_time(t.floor() + 1.0);
                self.schedule(next, Kind::ConversationDay { role });
            }
            Kind::StrategySwitch { citizen, arrival } => {
                if self.citizens[citizen as usize].id == arrival {
                    self.switch_to_intensive(citizen, t);
                }
            }
            Kind::MonthEnd { index } => {
                let month = self.m.calendar.month_index(t) - 1;
                self.month_snapshot(month, t);
                self.push_month_end(index as usize + 1);
            }
            Kind::Snapshot => {
                self.snapshot(t);
                if t + 7.0 < self.end - 1e-9 {
                    self.queue
                        .push(Event::new(t + 7.0, ev.seq() + 1, Kind::Snapshot));
                }
            }
        }
    }

    /// The citizen in `slot` has left (their exit is recorded): their record is final.
    fn release_slot(&mut self, slot: Slot) {
        self.close_record(slot);
        self.free.push(slot);
    }

    /// Hand the history of the citizen in `slot` to the recorder, after marking the months in
    /// which they were past the first-offer deadline without an offer.
    fn close_record(&mut self, slot: Slot) {
        let live = &mut self.citizens[slot as usize];
        let c = &mut self.histories[slot as usize];
        c.intensive = live.intensive;
        c.stream = live.stream;
        let mut memo = std::mem::take(&mut live.memo);
        let c = &self.histories[slot as usize];
        // Most citizens had their offer well before the deadline: skip them cheaply (the due
        // time is never earlier than the raw deadline).
        let raw = c.benefit_start
            + self
                .m
                .deadline_days(self.m.deadlines.first_offer_days, c.segment);
        if c.origin != Stream::Stock && !c.first_offer.is_some_and(|f| f <= raw) {
            let from = self.first_offer_due(c).max(self.window_start);
            let until = c
                .first_offer
                .unwrap_or(f64::INFINITY)
                .min(c.exit.map_or(f64::INFINITY, |(t, _)| t))
                .min(self.end);
            if until > from {
                let last = self.unoffered_months.len().saturating_sub(1);
                let a = self.m.calendar.month_index(from);
                // An interval ending at a month's first instant does not reach into that month.
                let b = self.m.calendar.month_index((until - 1e-9).max(from));
                for flag in &mut self.unoffered_months[a.min(last)..=b.min(last)] {
                    *flag = true;
                }
            }
        }
        self.rec.citizen_done(&mut memo, c);
    }

    fn finish(mut self) -> (RunRecord, R) {
        let end = self.end;
        self.snapshot(end);
        if self.window_start < end - 1e-9 {
            let month = self.m.calendar.month_index(end - 1e-9);
            if self.monthly.last_month().is_none_or(|m| m < month) {
                self.month_snapshot(month, end);
            }
        }
        for slot in 0..self.citizens.len() as Slot {
            if self.citizens[slot as usize].overdue_since.is_some() {
                self.clear_overdue(slot, end);
            }
            self.end_wait(slot, end, None);
        }
        for slot in 0..self.citizens.len() as Slot {
            if !self.citizens[slot as usize].is_gone() {
                self.close_record(slot);
            }
        }
        // Months in which someone passed the statutory first-offer deadline without an offer,
        // or waited past a maximum.
        let offer_gap_months = self
            .overdue_months
            .iter()
            .zip(&self.unoffered_months)
            .map(|(&a, &b)| a || b)
            .collect();
        let record = RunRecord {
            offer_gap_months,
            monthly: self.monthly,
            citizens: Vec::new(),
            stages: self.records,
            weekly: self.weekly,
            company_ends: Vec::new(),
            outcome_watch: Vec::new(),
            overdue_months: self.overdue_months,
            window_start: self.window_start,
            end,
            events: self.events,
            present: self.present,
            active: self.active,
            company: self.company,
            staff: self.staff_records,
            peak_slots: self.citizens.len(),
        };
        (record, self.rec)
    }
}

/// How many events ahead the citizen records are prefetched (0: the next event). A record far
/// in memory takes longer to arrive than one or two events take to handle; asked for four
/// events ahead, it is there in time.
const PREFETCH_AHEAD: usize = 4;
/// Citizen tables of up to this many slots (about 350 kB) are not prefetched.
const PREFETCH_FROM: usize = 1024;

/// Ask the processor to bring the record in `slot` into the cache; a hint, never a fault.
#[inline]
fn prefetch<T>(records: &[T], slot: u32) {
    #[cfg(target_arch = "x86_64")]
    if let Some(c) = records.get(slot as usize) {
        let p = (c as *const T).cast::<i8>();
        let size = std::mem::size_of::<T>();
        // Every cache line the record touches, wherever it starts (records are under 256 bytes).
        debug_assert!(size <= 256);
        for offset in [0, 64, 128, 192, size - 1] {
            // SAFETY: a prefetch is only a hint and cannot fault; the address lies inside the
            // record anyway.
            unsafe {
                std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(
                    p.wrapping_add(offset.min(size - 1)),
                );
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (records, slot);
}
