//! Staff at run time: caseload slots for roles that follow citizens in stages, and the
//! conversation book of roles that hold conversations on the contact plan (held on working
//! days, in due order, with no-shows; a conversation held after its due date is late).

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::rng;

use crate::citizen::{CitizenId, Slot};
use crate::model::{RoleWork, StaffRole};

/// A booked conversation: held from `planned` (the last working day on or before the deadline,
/// as a caseworker books it), on time if held by `due`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Due {
    pub planned: f64,
    pub due: f64,
    /// The citizen's arrival number: orders bookings due at the same time.
    pub citizen: CitizenId,
    /// Where the citizen is in the engine's table.
    pub slot: Slot,
    /// The citizen's conversation version when booked.
    pub version: u32,
    /// The first conversation of the spell (its deadline is the statutory one).
    pub first: bool,
}

impl Eq for Due {}

impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Due {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.planned
            .total_cmp(&other.planned)
            .then(self.due.total_cmp(&other.due))
            .then(self.citizen.cmp(&other.citizen))
    }
}

/// Runtime state of one role.
#[derive(Debug, Clone)]
pub struct StaffState {
    /// Caseload slots (`None`: unlimited).
    pub slots: Option<u32>,
    pub slots_used: u32,
    /// Conversations not yet due, earliest first.
    pub upcoming: BinaryHeap<Reverse<Due>>,
    /// Conversations due and not yet held, in due order (stale entries skipped).
    pub backlog: VecDeque<Due>,
    pub backlog_live: u32,
    /// Fraction of a conversation's capacity carried to the next working day.
    pub carry: f64,
    /// Σ conversations a year over the citizens this role holds conversations with.
    pub annual_demand: f64,
    /// Citizens this role holds conversations with.
    pub served: u32,
    /// The role's own random stream (no-shows).
    pub rng: rng::Stream,
}

impl StaffState {
    pub fn new(role: &StaffRole, rng: rng::Stream) -> StaffState {
        let slots = match (&role.work, role.fte) {
            (RoleWork::Caseload { per_fte, .. }, Some(fte)) => {
                // A slot exists only when a whole citizen fits; rounding up would overbook.
                Some((fte * per_fte + 1e-9).floor() as u32)
            }
            _ => None,
        };
        StaffState {
            slots,
            slots_used: 0,
            upcoming: BinaryHeap::new(),
            backlog: VecDeque::new(),
            backlog_live: 0,
            carry: 0.0,
            annual_demand: 0.0,
            served: 0,
            rng,
        }
    }

    pub fn has_free_slot(&self) -> bool {
        self.slots.is_none_or(|s| self.slots_used < s)
    }
}

/// What one role records in the measured window.
#[derive(Debug, Clone, Default)]
pub struct StaffRecord {
    /// FTE needed at each weekly snapshot.
    pub fte_needed: Vec<f64>,
    /// Caseload at each weekly snapshot (citizens in the stages, or citizens served).
    pub caseload: Vec<f64>,
    /// Conversations whose booked day has come and that are not yet held, at each snapshot.
    pub backlog: Vec<f64>,
    /// Of those, the ones already past their deadline, at each snapshot.
    pub overdue: Vec<f64>,
    pub held: u64,
    pub held_on_time: u64,
    pub no_shows: u64,
}
