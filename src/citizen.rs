//! A citizen: who they are (segment, stream), where they are, and the random stream and hazard
//! clock that are theirs alone, so the same citizen draws the same numbers in every scenario
//! variant (common random numbers).
//!
//! The engine keeps only the citizens present, in slots that are reused once a citizen has left;
//! a citizen is known by their arrival number ([`CitizenId`]), which seeds their random stream
//! and orders ties, and by their slot while present.

use crate::rng;

use crate::model::{Referral, SegmentId, StageId, Stream};
use crate::survival::HazardClock;

/// A citizen's arrival number in the replication (0 for the first of the initial stock): seeds
/// their random stream, so it does not depend on which slot they occupy.
pub type CitizenId = u32;

/// A citizen's place in the engine's table of citizens present; reused after they leave.
pub type Slot = u32;

/// Where a citizen is.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Location {
    /// On benefit, in no offer and not waiting for one.
    Passive,
    /// Referred to a stage and waiting for a place (liggetid runs).
    Waiting {
        stage: StageId,
        since: f64,
        referral: Referral,
    },
    /// In a stage; `broke` marks a stay that ends in a breakdown.
    InStage {
        stage: StageId,
        since: f64,
        broke: bool,
    },
    /// Off benefit, or moved to another benefit.
    Gone,
}

/// Why a citizen left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitReason {
    /// Self-sufficient: on their own (hazard) or via a route to job or education.
    SelfSufficient,
    /// Moved to another benefit (fleksjob, førtidspension).
    OtherBenefit,
}

#[derive(Debug, Clone)]
pub struct Citizen {
    /// Arrival number.
    pub id: CitizenId,
    pub segment: SegmentId,
    /// Stream used for path matching now; becomes `Returner` after an offer ends in passive.
    pub stream: Stream,
    /// Stream the citizen arrived in.
    pub origin: Stream,
    pub rng: rng::Stream,
    /// Time the citizen entered the simulation.
    pub arrived: f64,
    /// Time the benefit spell began (negative for the initial stock).
    pub benefit_start: f64,
    pub clock: HazardClock,
    /// Hazard multiplier of the current stage (1 when in none).
    pub lockin: f64,
    /// Hazard multiplier after an offer, until `effect_until`.
    pub effect: f64,
    pub effect_until: f64,
    pub location: Location,
    /// Bumped at every move, so events and queue entries made for an earlier location are
    /// ignored. It carries on from the slot's previous occupant, so theirs are ignored too.
    pub version: u32,
    /// When the citizen leaves benefit on their own, if that is within the run, and the sequence
    /// number of that event (0: not within the run).
    pub exit_at: f64,
    pub exit_seq: u64,
    /// The earliest self-sufficiency wake-up waiting in the event queue for this citizen, no
    /// later than the exit itself (sequence number 0: none). See `engine` `refresh_hazard`.
    pub wake_at: f64,
    pub wake_seq: u64,
    pub first_referral: Option<f64>,
    pub first_company_start: Option<f64>,
    pub exit: Option<(f64, ExitReason)>,
    /// Waiting past the referral's maximum since this time.
    pub overdue_since: Option<f64>,
    /// On the intensive contact plan.
    pub intensive: bool,
    /// Role holding this citizen's conversations, if any.
    pub conversation_role: Option<usize>,
    /// Bumped when a conversation is held, so older bookings are ignored; carries on from the
    /// slot's previous occupant, like `version`.
    pub conversation_version: u32,
    pub in_backlog: bool,
    pub first_conversation: Option<f64>,
    /// Start of the first stay in any stage (the first activation offer).
    pub first_offer: Option<f64>,
    /// Stage owed a placement payment once this citizen starts in a company-based stage.
    pub placement_payer: Option<usize>,
    /// Would still be on benefit at week 39 without intervention (the truth screening tries
    /// to find).
    pub at_risk: bool,
    /// Flagged by screening (selection strategy).
    pub flagged: bool,
    /// The strategy lets this citizen enter a path from this time.
    pub path_open_at: f64,
    /// Hazard multiplier while on the intensive plan (the conversation effect, decayed by the
    /// week the effort started).
    pub conversation_multiplier: f64,
}

impl Citizen {
    /// Duration on benefit at time `t`, in days.
    pub fn days_on_benefit(&self, t: f64) -> f64 {
        t - self.benefit_start
    }

    /// Current hazard multiplier.
    pub fn multiplier(&self, t: f64) -> f64 {
        let effect = if t < self.effect_until {
            self.effect
        } else {
            1.0
        };
        let conversations = if self.intensive {
            self.conversation_multiplier
        } else {
            1.0
        };
        self.lockin * effect * conversations
    }

    pub fn is_gone(&self) -> bool {
        self.location == Location::Gone
    }

    /// Days between conversations on this citizen's contact plan.
    pub fn conversation_interval_days(&self, plan: &crate::model::ContactPlan) -> f64 {
        let per_year = if self.intensive {
            plan.intensive_per_year
        } else {
            plan.standard_per_year
        };
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

    pub fn self_sufficient_by(&self, t: f64) -> bool {
        matches!(self.exit, Some((e, ExitReason::SelfSufficient)) if e <= t)
    }
}
