//! A citizen: who they are (segment, stream), where they are, and the random stream and hazard
//! clock that are theirs alone, so the same citizen draws the same numbers in every scenario
//! variant (common random numbers).
//!
//! The engine keeps only the citizens present, in slots that are reused once a citizen has left;
//! a citizen is known by their arrival number ([`CitizenId`]), which seeds their random stream
//! and orders ties, and by their slot while present. Each slot holds two records: [`Live`], the
//! few hundred bytes every event reads and writes, kept small so a large job centre's citizens
//! stay in the processor's caches; and [`Citizen`], the history the key figures are computed
//! from (first referral, first offer, exit, ...), written a few times in a citizen's life.

use crate::rng;

use crate::model::{Referral, SegmentId, StageId, Stream};
use crate::survival::HazardClock;

/// A citizen's arrival number in the replication (0 for the first of the initial stock): seeds
/// their random stream, so it does not depend on which slot they occupy.
pub type CitizenId = u32;

/// A citizen's place in the engine's table of citizens present; reused after they leave.
pub type Slot = u32;

/// No stage (a waiting citizen's missing fallback).
const NO_STAGE: u32 = u32::MAX;

/// Where a citizen is. Stage numbers are stored as `u32` to keep the record small.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Location {
    /// On benefit, in no offer and not waiting for one.
    Passive,
    /// Referred to a stage and waiting for a place (liggetid runs); the referral's fallback
    /// ([`NO_STAGE`]: none) and maximum wait (NaN: none) are kept with it.
    Waiting {
        stage: u32,
        fallback: u32,
        since: f64,
        max_wait_days: f64,
    },
    /// In a stage; `broke` marks a stay that ends in a breakdown.
    InStage { stage: u32, since: f64, broke: bool },
    /// Off benefit, or moved to another benefit.
    Gone,
}

impl Location {
    /// Waiting since `since` for the place `referral` asks for.
    pub fn waiting(referral: Referral, since: f64) -> Location {
        Location::Waiting {
            stage: referral.stage as u32,
            fallback: referral.fallback.map_or(NO_STAGE, |f| f as u32),
            since,
            max_wait_days: referral.max_wait_days.unwrap_or(f64::NAN),
        }
    }

    /// The referral a waiting citizen waits under.
    pub fn referral(&self) -> Option<Referral> {
        match *self {
            Location::Waiting {
                stage,
                fallback,
                max_wait_days,
                ..
            } => Some(Referral {
                stage: stage as StageId,
                fallback: (fallback != NO_STAGE).then_some(fallback as StageId),
                max_wait_days: (!max_wait_days.is_nan()).then_some(max_wait_days),
            }),
            _ => None,
        }
    }

    /// The stage a citizen waits for.
    pub fn waiting_for(&self) -> Option<StageId> {
        match *self {
            Location::Waiting { stage, .. } => Some(stage as StageId),
            _ => None,
        }
    }

    /// The stage a citizen is in.
    pub fn in_stage(&self) -> Option<StageId> {
        match *self {
            Location::InStage { stage, .. } => Some(stage as StageId),
            _ => None,
        }
    }
}

/// Why a citizen left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitReason {
    /// Self-sufficient: on their own (hazard) or via a route to job or education.
    SelfSufficient,
    /// Moved to another benefit (fleksjob, førtidspension).
    OtherBenefit,
}

/// What the engine reads and writes at a citizen's events: location, versions, the random
/// stream, the hazard clock and its multipliers, the pending self-sufficiency. Small on
/// purpose (see the module documentation).
#[derive(Debug, Clone)]
pub struct Live {
    pub rng: rng::Stream,
    pub clock: HazardClock,
    /// Time the benefit spell began (negative for the initial stock).
    pub benefit_start: f64,
    /// Hazard multiplier after an offer, until `effect_until`.
    pub effect: f64,
    pub effect_until: f64,
    /// Hazard multiplier while on the intensive plan (the conversation effect, decayed by the
    /// week the effort started).
    pub conversation_multiplier: f64,
    /// From this time the citizen's booked conversation is overdue (the day after its deadline
    /// day) and the conversation effect pauses until it is held; infinite while nothing is due.
    pub conversation_overdue_at: f64,
    /// The strategy lets this citizen enter a path from this time.
    pub path_open_at: f64,
    /// When the citizen leaves benefit on their own, if that is within the run, and the sequence
    /// number of that event (0: not within the run).
    pub exit_at: f64,
    pub exit_seq: u64,
    /// The earliest self-sufficiency wake-up waiting in the event queue for this citizen, no
    /// later than the exit itself (sequence number 0: none). See `engine` `refresh_hazard`.
    pub wake_at: f64,
    pub wake_seq: u64,
    pub location: Location,
    /// Waiting past the referral's maximum since this time.
    pub overdue_since: Option<f64>,
    /// Arrival number.
    pub id: CitizenId,
    /// Bumped at every move, so events and queue entries made for an earlier location are
    /// ignored. It carries on from the slot's previous occupant, so theirs are ignored too.
    pub version: u32,
    /// Bumped when a conversation is held, so older bookings are ignored; carries on from the
    /// slot's previous occupant, like `version`.
    pub conversation_version: u32,
    pub segment: u32,
    /// Role holding this citizen's conversations ([`NO_STAGE`]-like `u32::MAX`: none).
    conversation_role: u32,
    /// Stage owed a placement payment once this citizen starts in a company-based stage
    /// (`u32::MAX`: none).
    placement_payer: u32,
    /// Kept for the engine's recorder (see `engine::Recorder`); 0 at arrival.
    pub memo: u32,
    /// Stream used for path matching now; becomes `Returner` after an offer ends in passive.
    pub stream: Stream,
    /// On the intensive contact plan.
    pub intensive: bool,
    pub in_backlog: bool,
    /// What the history already has (first referral, offer, company start, conversation), so
    /// that events do not read the history to find out.
    pub noted: u8,
}

/// Bits of [`Live::noted`].
pub const NOTED_REFERRAL: u8 = 1;
pub const NOTED_OFFER: u8 = 2;
pub const NOTED_COMPANY_START: u8 = 4;
pub const NOTED_CONVERSATION: u8 = 8;

impl Live {
    /// A slot's record before its first citizen arrives: [`Live::arrive`] writes it over, and
    /// its versions come round to 0 then.
    pub fn vacant() -> Live {
        Live {
            rng: rng::stream(0),
            clock: HazardClock::stopped(),
            benefit_start: 0.0,
            effect: 1.0,
            effect_until: f64::NEG_INFINITY,
            conversation_multiplier: 1.0,
            conversation_overdue_at: f64::INFINITY,
            path_open_at: 0.0,
            exit_at: f64::INFINITY,
            exit_seq: 0,
            wake_at: f64::INFINITY,
            wake_seq: 0,
            location: Location::Gone,
            overdue_since: None,
            id: 0,
            version: u32::MAX,
            conversation_version: u32::MAX,
            segment: 0,
            conversation_role: u32::MAX,
            placement_payer: u32::MAX,
            memo: 0,
            stream: Stream::New,
            intensive: false,
            in_backlog: false,
            noted: 0,
        }
    }

    /// The slot's record becomes that of a citizen who arrives now: passive, with no exit or
    /// wake-up pending. The versions carry on from the slot's previous occupant (see
    /// `version`). The random stream is not written here: the engine seeds the citizen's into
    /// the slot and draws from it there first. Written field by field where the record lives:
    /// a whole record built aside and copied in was read back in 16-byte pieces of what had
    /// just been stored in 8-byte ones, which stalls the processor.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    pub fn arrive(
        &mut self,
        id: CitizenId,
        segment: SegmentId,
        stream: Stream,
        clock: HazardClock,
        benefit_start: f64,
        intensive: bool,
        conversation_multiplier: f64,
        path_open_at: f64,
        conversation_role: Option<usize>,
    ) {
        self.clock = clock;
        self.benefit_start = benefit_start;
        self.effect = 1.0;
        self.effect_until = f64::NEG_INFINITY;
        self.conversation_multiplier = conversation_multiplier;
        self.conversation_overdue_at = f64::INFINITY;
        self.path_open_at = path_open_at;
        self.exit_at = f64::INFINITY;
        self.exit_seq = 0;
        self.wake_at = f64::INFINITY;
        self.wake_seq = 0;
        self.location = Location::Passive;
        self.overdue_since = None;
        self.id = id;
        self.version = self.version.wrapping_add(1);
        self.conversation_version = self.conversation_version.wrapping_add(1);
        self.segment = segment as u32;
        self.conversation_role = conversation_role.map_or(u32::MAX, |r| r as u32);
        self.placement_payer = u32::MAX;
        self.memo = 0;
        self.stream = stream;
        self.intensive = intensive;
        self.in_backlog = false;
        self.noted = 0;
    }

    pub fn segment(&self) -> SegmentId {
        self.segment as SegmentId
    }

    pub fn conversation_role(&self) -> Option<usize> {
        (self.conversation_role != u32::MAX).then_some(self.conversation_role as usize)
    }

    /// Take the stage owed a placement payment, if any.
    pub fn take_placement_payer(&mut self) -> Option<StageId> {
        let p = std::mem::replace(&mut self.placement_payer, u32::MAX);
        (p != u32::MAX).then_some(p as StageId)
    }

    pub fn set_placement_payer(&mut self, stage: StageId) {
        self.placement_payer = stage as u32;
    }

    /// Duration on benefit at time `t`, in days.
    pub fn days_on_benefit(&self, t: f64) -> f64 {
        t - self.benefit_start
    }

    /// Current hazard multiplier, given the lock-in of the stage the citizen is in (1 in none).
    pub fn multiplier(&self, t: f64, lockin: f64) -> f64 {
        let effect = if t < self.effect_until {
            self.effect
        } else {
            1.0
        };
        // The effect needs the conversations: none while one is overdue.
        let conversations = if self.intensive && t < self.conversation_overdue_at {
            self.conversation_multiplier
        } else {
            1.0
        };
        lockin * effect * conversations
    }

    pub fn is_gone(&self) -> bool {
        self.location == Location::Gone
    }

    /// Mark `what` (a `NOTED_` bit) as noted; true the first time.
    pub fn note_first(&mut self, what: u8) -> bool {
        let first = self.noted & what == 0;
        self.noted |= what;
        first
    }

    /// The conversation due at `due` is booked: it is overdue from the start of the day after
    /// its deadline day (one held on its deadline day is on time).
    pub fn book_conversation(&mut self, due: f64) {
        self.conversation_overdue_at = due.floor() + 1.0;
    }

    /// Whether the conversation effect is on and can pause (an effect of exactly 1 changes
    /// nothing when it pauses).
    pub fn conversation_effect_matters(&self) -> bool {
        self.intensive && self.conversation_multiplier != 1.0
    }

    /// Days between conversations on this citizen's contact plan.
    pub fn conversation_interval_days(&self, plan: &crate::model::ContactPlan) -> f64 {
        let per_year = self.conversations_per_year(plan);
        if per_year > 0.0 {
            365.25 / per_year
        } else {
            f64::INFINITY
        }
    }

    /// Conversations a year on this citizen's contact plan.
    pub fn conversations_per_year(&self, plan: &crate::model::ContactPlan) -> f64 {
        if self.intensive {
            plan.intensive_per_year
        } else {
            plan.standard_per_year
        }
    }
}

/// A citizen's history: who they are and when things happened to them. The engine writes it
/// as the run goes and hands it on when the citizen leaves or the run ends.
#[derive(Debug, Clone)]
pub struct Citizen {
    /// Arrival number.
    pub id: CitizenId,
    pub segment: SegmentId,
    /// Stream used for path matching at the end (`Returner` after an offer ended in passive).
    pub stream: Stream,
    /// Stream the citizen arrived in.
    pub origin: Stream,
    /// Time the citizen entered the simulation.
    pub arrived: f64,
    /// Time the benefit spell began (negative for the initial stock).
    pub benefit_start: f64,
    pub first_referral: Option<f64>,
    pub first_company_start: Option<f64>,
    pub exit: Option<(f64, ExitReason)>,
    /// On the intensive contact plan (at the end).
    pub intensive: bool,
    /// Role holding this citizen's conversations, if any.
    pub conversation_role: Option<usize>,
    pub first_conversation: Option<f64>,
    /// Start of the first stay in any stage (the first activation offer).
    pub first_offer: Option<f64>,
    /// Would still be on benefit at week 39 without intervention (the truth screening tries
    /// to find).
    pub at_risk: bool,
    /// Flagged by screening (selection strategy).
    pub flagged: bool,
}

impl Citizen {
    /// A slot's history before its first citizen arrives (written over at once).
    pub fn vacant() -> Citizen {
        Citizen {
            id: 0,
            segment: 0,
            stream: Stream::New,
            origin: Stream::New,
            arrived: 0.0,
            benefit_start: 0.0,
            first_referral: None,
            first_company_start: None,
            exit: None,
            intensive: false,
            conversation_role: None,
            first_conversation: None,
            first_offer: None,
            at_risk: false,
            flagged: false,
        }
    }

    pub fn self_sufficient_by(&self, t: f64) -> bool {
        matches!(self.exit, Some((e, ExitReason::SelfSufficient)) if e <= t)
    }
}
