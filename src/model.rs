//! The validated model the engine runs: names resolved to indices, units fixed to days, every
//! probability and weight checked. Built only by [`crate::scenario`]; the engine never sees a
//! string lookup or an unchecked number.

use crate::calendar::Calendar;
use crate::dist::Dist;
use crate::survival::SurvivalCurve;

/// Index of a stage in [`Model::stages`].
pub type StageId = usize;
/// Index of a segment in [`Model::segments`].
pub type SegmentId = usize;

/// Where a citizen comes from; paths select on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Stream {
    /// New applicants (nyhenvendelser).
    New,
    /// Returners (gengangere): back on benefit, or back in the passive state after an offer.
    Returner,
    /// Already on benefit on the first simulated day.
    Stock,
}

impl Stream {
    pub const ALL: [Stream; 3] = [Stream::New, Stream::Returner, Stream::Stock];

    pub fn index(self) -> usize {
        match self {
            Stream::New => 0,
            Stream::Returner => 1,
            Stream::Stock => 2,
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Stream::New => "new",
            Stream::Returner => "returner",
            Stream::Stock => "stock",
        }
    }
}

/// The kinds of stage (docs/model.md, "Stages and paths").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageKind {
    Course,
    CompetenceCourse,
    CompanyCentre,
    SinglePlacement,
    WageSubsidy,
    MunicipalProject,
    ExternalProvider,
}

impl StageKind {
    pub const ALL: [StageKind; 7] = [
        StageKind::Course,
        StageKind::CompetenceCourse,
        StageKind::CompanyCentre,
        StageKind::SinglePlacement,
        StageKind::WageSubsidy,
        StageKind::MunicipalProject,
        StageKind::ExternalProvider,
    ];

    pub fn key(self) -> &'static str {
        match self {
            StageKind::Course => "course",
            StageKind::CompetenceCourse => "competence_course",
            StageKind::CompanyCentre => "company_centre",
            StageKind::SinglePlacement => "single_placement",
            StageKind::WageSubsidy => "wage_subsidy",
            StageKind::MunicipalProject => "municipal_project",
            StageKind::ExternalProvider => "external_provider",
        }
    }

    pub fn from_key(key: &str) -> Option<StageKind> {
        StageKind::ALL.into_iter().find(|k| k.key() == key)
    }

    /// Virksomhedsrettet: counts towards mål 1 unless the scenario says otherwise.
    pub fn company_based_by_default(self) -> bool {
        matches!(
            self,
            StageKind::CompanyCentre | StageKind::SinglePlacement | StageKind::WageSubsidy
        )
    }
}

/// A scenario ready to simulate.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub description: String,
    pub replications: u32,
    pub seed: u64,
    pub warmup_days: f64,
    /// Length of the measured period after warm-up.
    pub horizon_days: f64,
    pub calendar: Calendar,
    pub segments: Vec<Segment>,
    pub arrivals: Arrivals,
    pub stock: Option<Stock>,
    pub stages: Vec<Stage>,
    pub paths: Vec<Path>,
    pub reporting: Reporting,
    pub staff: Vec<StaffRole>,
    pub contact_plan: ContactPlan,
    pub deadlines: Deadlines,
    /// Things that are valid but probably not meant (shown by `check` and `run`), in both
    /// languages.
    pub warnings: Vec<crate::lang::Text>,
    pub effects: Effects,
    /// The strategy in force (`None`: random intensive share, paths at once).
    pub strategy: Option<Strategy>,
    /// Named strategies from the file, for comparisons.
    pub strategies: Vec<Strategy>,
}

impl Model {
    /// Simulated time at which the run stops.
    pub fn end_day(&self) -> f64 {
        self.warmup_days + self.horizon_days
    }

    pub fn stage_index(&self, name: &str) -> Option<StageId> {
        self.stages.iter().position(|s| s.name == name)
    }

    /// The statutory deadline in calendar days (`days` is `[under 30, 30 and over]`) that
    /// applies to a citizen of `segment`.
    pub fn deadline_days(&self, days: [f64; 2], segment: SegmentId) -> f64 {
        days[self.deadline_group(segment)]
    }

    /// Which of a deadline's two lengths applies to `segment`: 0 under 30, 1 from 30.
    pub fn deadline_group(&self, segment: SegmentId) -> usize {
        usize::from(!self.segments[segment].under_30)
    }

    /// When that deadline falls due: moved to the next working day when it lands on a day
    /// without intake, as administrative deadlines are.
    pub fn deadline_due(&self, days: [f64; 2], segment: SegmentId, start: f64) -> f64 {
        self.calendar
            .next_working_time(start + self.deadline_days(days, segment))
    }
}

#[derive(Debug, Clone)]
pub struct Segment {
    pub name: String,
    pub label: String,
    pub share_of_inflow: f64,
    pub share_of_stock: f64,
    /// `None`: nobody leaves benefit on their own.
    pub survival: Option<SurvivalCurve>,
    pub under_30: bool,
}

#[derive(Debug, Clone)]
pub struct Arrivals {
    pub new_per_month: f64,
    pub returners_per_month: f64,
    /// January..December multipliers, averaging 1.
    pub seasonality: [f64; 12],
}

#[derive(Debug, Clone)]
pub struct Stock {
    pub count: u32,
    pub weeks_on_benefit: Dist,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intake {
    /// Start whenever a place is free, on a working day.
    Continuous,
    /// Start only on this weekday (0 = Monday), in batches.
    Weekly(u32),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueDiscipline {
    Fifo,
    /// Rank per segment (0 first); segments not listed share the last rank.
    Priority {
        rank_of_segment: Vec<usize>,
        ranks: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayUnit {
    Calendar,
    Working,
}

/// Where a route or a breakdown sends a citizen.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Target {
    Stage(Referral),
    /// Ordinary job or education: the citizen becomes self-sufficient.
    Job,
    /// Back on benefit with no offer.
    Passive,
    /// Leaves for another benefit (fleksjob, førtidspension): not self-sufficient.
    OtherBenefit,
}

/// A referral to a stage, with the fallback used when it stays full for too long.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Referral {
    pub stage: StageId,
    /// Used when the stage is still full after `max_wait_days` (or at once, without a maximum).
    pub fallback: Option<StageId>,
    /// Longest acceptable wait; waiting longer flags the month (KPI `months_with_overdue_wait`).
    pub max_wait_days: Option<f64>,
}

impl Referral {
    /// When to look again at a citizen still waiting: at the maximum wait, or at once when only
    /// a fallback is given.
    pub fn deadline_days(&self) -> Option<f64> {
        self.max_wait_days.or(self.fallback.map(|_| 0.0))
    }
}

#[derive(Debug, Clone)]
pub struct Route {
    pub target: Target,
    pub weight: f64,
}

#[derive(Debug, Clone)]
pub struct Breakdown {
    pub probability: f64,
    pub after: Dist,
    pub target: Target,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct OutcomePayment {
    pub at_start_dkk: f64,
    pub at_placement_dkk: f64,
    pub at_selfsufficiency_dkk: f64,
    pub selfsufficiency_within_days: f64,
}

#[derive(Debug, Clone)]
pub struct Stage {
    pub name: String,
    pub label: String,
    pub kind: StageKind,
    /// Capacity on day 0 (`None`: unlimited).
    pub capacity: Option<u32>,
    /// Later changes, sorted by day: the transition plan of the stage.
    pub schedule: Vec<CapacityStep>,
    pub intake: Intake,
    pub queue: QueueDiscipline,
    pub duration: Dist,
    pub duration_unit: DayUnit,
    pub max_duration: Option<f64>,
    pub company_based: bool,
    /// Starting here counts as an offer (tilbud) for the first-offer deadline; false for a
    /// referral step that only routes citizens on.
    pub offer: bool,
    pub price_per_week_dkk: f64,
    pub outcome_payment: OutcomePayment,
    /// Hazard multiplier while here.
    pub lockin: f64,
    /// Hazard multiplier for `effect_days` after leaving.
    pub effect_after: f64,
    pub effect_days: f64,
    pub routes: Vec<Route>,
    /// Cumulative route weights, last = 1, for one uniform draw.
    pub route_cumulative: Vec<f64>,
    pub breakdown: Option<Breakdown>,
}

/// One step of a stage's capacity schedule.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CapacityStep {
    /// Day the change takes effect.
    pub day: f64,
    /// `None`: unlimited from then on.
    pub capacity: Option<u32>,
    /// Stays above the new capacity end at once (a project closing overnight); otherwise the
    /// places close as their participants leave.
    pub end_stays: bool,
}

#[derive(Debug, Clone)]
pub struct Path {
    pub name: String,
    /// Indexed by segment.
    pub segments: Vec<bool>,
    /// Indexed by [`Stream::index`].
    pub streams: [bool; 3],
    pub referral: Referral,
    pub delay_days: f64,
    /// Random extra delay in days, drawn per citizen.
    pub delay: Option<Dist>,
    pub after_days_on_benefit: f64,
}

#[derive(Debug, Clone)]
pub struct Reporting {
    pub placed_within_days: f64,
    /// Cohort KPIs (share placed) count only citizens referred at least this long before the end.
    pub followup_days: f64,
}

/// A pool of staff in one role.
#[derive(Debug, Clone)]
pub struct StaffRole {
    pub name: String,
    pub label: String,
    /// `None`: no limit; the run measures what is needed.
    pub fte: Option<f64>,
    pub work: RoleWork,
}

#[derive(Debug, Clone)]
pub enum RoleWork {
    /// Each citizen in `stages` takes one of `per_fte × fte` slots.
    Caseload { per_fte: f64, stages: Vec<StageId> },
    /// Conversations on the contact plan with the citizens of `segments`.
    Conversations(ConversationWork),
}

#[derive(Debug, Clone)]
pub struct ConversationWork {
    /// Per FTE on a conversation day.
    pub per_day: f64,
    pub days_per_week: f64,
    pub weeks_per_fte: f64,
    pub no_show_rate: f64,
    pub admin_share: f64,
    pub sickness_share: f64,
    /// Days before the deadline a conversation is booked.
    pub booking_lead_days: f64,
    /// Indexed by segment.
    pub segments: Vec<bool>,
}

/// Conversation slots `fte` FTE offer in a year: `per_day` conversations on each of
/// `days_per_week` conversation days for `weeks_per_fte` weeks, less the time lost to
/// administration and sickness (the ressourceberegner's s·d·w, with its factors). The one
/// formula of the engine, the staffing figures and `kapacitet calc`; a no-show wastes its slot.
pub fn conversation_slots_per_year(
    fte: f64,
    per_day: f64,
    days_per_week: f64,
    weeks_per_fte: f64,
    admin_share: f64,
    sickness_share: f64,
) -> f64 {
    fte * per_day * days_per_week * weeks_per_fte * (1.0 - admin_share) * (1.0 - sickness_share)
}

impl ConversationWork {
    /// Conversation slots of `fte` FTE in a year ([`conversation_slots_per_year`]).
    pub fn slots_per_year(&self, fte: f64) -> f64 {
        conversation_slots_per_year(
            fte,
            self.per_day,
            self.days_per_week,
            self.weeks_per_fte,
            self.admin_share,
            self.sickness_share,
        )
    }

    /// Conversations one FTE holds in a year: its slots less those lost to no-shows.
    pub fn held_per_fte_year(&self) -> f64 {
        self.slots_per_year(1.0) * (1.0 - self.no_show_rate)
    }
}

/// Conversations per citizen per year (docs/model.md, "Staff"; the ressourceberegner's frequencies).
#[derive(Debug, Clone, Copy)]
pub struct ContactPlan {
    pub standard_per_year: f64,
    pub intensive_per_year: f64,
    /// Share of citizens on the intensive plan.
    pub intensive_share: f64,
}

/// Statutory deadlines in days from the start of the benefit spell, `[under 30, 30 and over]`.
#[derive(Debug, Clone, Copy)]
pub struct Deadlines {
    pub first_conversation_days: [f64; 2],
    pub first_offer_days: [f64; 2],
}

/// How effort changes the exit hazard.
#[derive(Debug, Clone, Copy)]
pub struct Effects {
    pub conversation_effect: f64,
    pub decay_per_week: f64,
}

impl Effects {
    /// An effect multiplier `m` for effort starting after `days` on benefit: the part above
    /// (or below) 1 shrinks with the start week.
    pub fn decayed(&self, m: f64, days: f64) -> f64 {
        1.0 + (m - 1.0) * (-self.decay_per_week * days.max(0.0) / 7.0).exp()
    }
}

/// The three strategies of seed 002 ("Hvornår sætter vi ind?").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrategyKind {
    /// Everyone intensive and into the path from week 0.
    CatchAll,
    /// Screen at entry; flagged citizens as catch-all, the rest as deadweight.
    Selection,
    /// Statutory minimum until the switch week, then intensive.
    Deadweight,
    /// No strategy for the segment: the intensive share is drawn at random and the path starts
    /// at once, as in a scenario without `[strategy]`.
    Unplanned,
}

impl StrategyKind {
    /// The three strategies a comparison runs by default.
    pub const ALL: [StrategyKind; 3] = [
        StrategyKind::CatchAll,
        StrategyKind::Selection,
        StrategyKind::Deadweight,
    ];
    /// Every kind a scenario may give a segment.
    pub const IN_FILE: [StrategyKind; 4] = [
        StrategyKind::CatchAll,
        StrategyKind::Selection,
        StrategyKind::Deadweight,
        StrategyKind::Unplanned,
    ];

    pub fn key(self) -> &'static str {
        match self {
            StrategyKind::CatchAll => "catch-all",
            StrategyKind::Selection => "selection",
            StrategyKind::Deadweight => "deadweight",
            StrategyKind::Unplanned => "none",
        }
    }

    pub fn from_key(key: &str) -> Option<StrategyKind> {
        StrategyKind::IN_FILE.into_iter().find(|k| k.key() == key)
    }
}

/// A strategy, resolved per segment.
#[derive(Debug, Clone)]
pub struct Strategy {
    pub name: String,
    /// Indexed by segment.
    pub kinds: Vec<StrategyKind>,
    pub switch_days: f64,
    pub sensitivity: f64,
    pub specificity: f64,
    /// `flag_cap` as given in the file (`None`: each segment's share at week 39).
    pub flag_cap_setting: Option<f64>,
    /// Largest flagged share per segment.
    pub flag_cap: Vec<f64>,
    /// Probability a flag is kept so the expected flagged share respects the cap, per segment.
    pub keep_flag: Vec<f64>,
}

/// Days on benefit at which "at risk" is judged: still on benefit at week 39 (seed 002).
pub const RISK_DAYS: f64 = 39.0 * 7.0;
