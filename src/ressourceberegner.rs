//! The ressourceberegner (resource calculator) of seed 002, "Indsatsguide Langtidsledighed"
//! (Marselisborg, 2013): the team leader's spreadsheet that turns a caseload into conversations a
//! year and an FTE grid, reproduced exactly, plus the FTE answers the leader otherwise reads off
//! the grid by eye and the factors the spreadsheet leaves out (no-shows, conversation length,
//! administration, sickness). See `docs/staffing.md` and `seed-notes/002.md` §1.
//!
//! The module has four parts, each usable alone:
//! - inputs: [`PartialInputs`] (flags or a `[ressourceberegner]` TOML table, every field
//!   optional) → [`Inputs`] → [`ValidInputs`] (checked, the only way into the computation);
//! - computation: [`compute`], a pure function of the inputs, no I/O;
//! - rendering: [`render`] to the Danish terminal table or the JSON contract;
//! - loading: [`load_inputs`] and [`resolve`] merge flags over a file and point every problem at
//!   a flag or at file:line:column.

use std::fmt;
use std::path::Path;

use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};

use crate::export::table::danish;
use crate::scenario::error::{location_of, plain_parser_message, FieldPath, Location, Locator};

/// The general block's frequencies (conversations per citizen per year) with the spreadsheet's
/// labels, in the spreadsheet's order.
pub const GENERAL_FREQUENCIES: [(u32, &str); 3] = [
    (4, "Rettidighed"),
    (6, "Hver anden måned"),
    (12, "Hver måned"),
];

/// The intensified block's frequencies for the intensive group, in the spreadsheet's order.
pub const INTENSIVE_FREQUENCIES: [(u32, &str); 3] = [
    (24, "To gange i måneden"),
    (12, "Hver måned"),
    (6, "Hver anden måned"),
];

/// Conversations a year that keep a citizen on time (rettidighed): every three months. The
/// non-intensive citizens of the intensified block get exactly this many.
pub const STATUTORY_FREQUENCY: u32 = 4;

/// Rows of the FTE grid: 1 to 8 conversations per conversation day.
pub const GRID_CONVERSATIONS_PER_DAY: usize = 8;

/// Columns of the FTE grid: 1 to 9 FTE (årsværk).
pub const GRID_FTE: usize = 9;

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

/// One input of the calculator, with its TOML key and its command-line flag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Citizens,
    ConversationDaysPerWeek,
    WeeksPerFte,
    IntensiveShare,
    ConversationsPerDay,
    Fte,
    NoShowRate,
    ConversationMinutes,
    DayMinutes,
    AdminShare,
    SicknessShare,
}

impl Field {
    /// Every field, in the order the documentation and messages list them.
    pub const ALL: [Field; 11] = [
        Field::Citizens,
        Field::ConversationDaysPerWeek,
        Field::WeeksPerFte,
        Field::IntensiveShare,
        Field::ConversationsPerDay,
        Field::Fte,
        Field::NoShowRate,
        Field::ConversationMinutes,
        Field::DayMinutes,
        Field::AdminShare,
        Field::SicknessShare,
    ];

    /// The four fields the spreadsheet lets its user edit; the calculator needs all of them.
    pub const REQUIRED: [Field; 4] = [
        Field::Citizens,
        Field::ConversationDaysPerWeek,
        Field::WeeksPerFte,
        Field::IntensiveShare,
    ];

    /// Key under `[ressourceberegner]` in a TOML file (and in the JSON `inputs` echo).
    pub fn key(self) -> &'static str {
        match self {
            Field::Citizens => "citizens",
            Field::ConversationDaysPerWeek => "conversation_days_per_week",
            Field::WeeksPerFte => "weeks_per_fte",
            Field::IntensiveShare => "intensive_share",
            Field::ConversationsPerDay => "conversations_per_day",
            Field::Fte => "fte",
            Field::NoShowRate => "no_show_rate",
            Field::ConversationMinutes => "conversation_minutes",
            Field::DayMinutes => "day_minutes",
            Field::AdminShare => "admin_share",
            Field::SicknessShare => "sickness_share",
        }
    }

    /// The command-line flag of `kapacitet calc`.
    pub fn flag(self) -> &'static str {
        match self {
            Field::Citizens => "--citizens",
            Field::ConversationDaysPerWeek => "--conversation-days",
            Field::WeeksPerFte => "--weeks-per-fte",
            Field::IntensiveShare => "--intensive-share",
            Field::ConversationsPerDay => "--conversations-per-day",
            Field::Fte => "--fte",
            Field::NoShowRate => "--no-show-rate",
            Field::ConversationMinutes => "--conversation-minutes",
            Field::DayMinutes => "--day-minutes",
            Field::AdminShare => "--admin-share",
            Field::SicknessShare => "--sickness-share",
        }
    }

    /// What the field is, with the spreadsheet's Danish name where it has one; starts a sentence.
    pub fn meaning(self) -> &'static str {
        match self {
            Field::Citizens => "Antal borgere (citizens in the target group)",
            Field::ConversationDaysPerWeek => {
                "Antal dage med samtaler (conversation days per week per FTE)"
            }
            Field::WeeksPerFte => "Antal uger pr. årsværk (working weeks in an FTE-year)",
            Field::IntensiveShare => {
                "Andel med behov for intensiveret indsats (share needing intensified effort)"
            }
            Field::ConversationsPerDay => "Conversations per conversation day",
            Field::Fte => "FTE (årsværk) available",
            Field::NoShowRate => "The no-show rate (share of booked conversations missed)",
            Field::ConversationMinutes => "Minutes per conversation",
            Field::DayMinutes => "Conversation minutes in a day",
            Field::AdminShare => "The administration share (of conversation-day time)",
            Field::SicknessShare => "The sickness share (of working time)",
        }
    }
}

/// Inputs as given, every one optional: the command-line flags, or a `[ressourceberegner]`
/// table (the serde form of the file, hence `deny_unknown_fields`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartialInputs {
    pub citizens: Option<f64>,
    pub conversation_days_per_week: Option<f64>,
    pub weeks_per_fte: Option<f64>,
    pub intensive_share: Option<f64>,
    pub conversations_per_day: Option<f64>,
    pub fte: Option<f64>,
    pub no_show_rate: Option<f64>,
    pub conversation_minutes: Option<f64>,
    pub day_minutes: Option<f64>,
    pub admin_share: Option<f64>,
    pub sickness_share: Option<f64>,
}

impl PartialInputs {
    pub fn get(&self, field: Field) -> Option<f64> {
        match field {
            Field::Citizens => self.citizens,
            Field::ConversationDaysPerWeek => self.conversation_days_per_week,
            Field::WeeksPerFte => self.weeks_per_fte,
            Field::IntensiveShare => self.intensive_share,
            Field::ConversationsPerDay => self.conversations_per_day,
            Field::Fte => self.fte,
            Field::NoShowRate => self.no_show_rate,
            Field::ConversationMinutes => self.conversation_minutes,
            Field::DayMinutes => self.day_minutes,
            Field::AdminShare => self.admin_share,
            Field::SicknessShare => self.sickness_share,
        }
    }

    fn slot(&mut self, field: Field) -> &mut Option<f64> {
        match field {
            Field::Citizens => &mut self.citizens,
            Field::ConversationDaysPerWeek => &mut self.conversation_days_per_week,
            Field::WeeksPerFte => &mut self.weeks_per_fte,
            Field::IntensiveShare => &mut self.intensive_share,
            Field::ConversationsPerDay => &mut self.conversations_per_day,
            Field::Fte => &mut self.fte,
            Field::NoShowRate => &mut self.no_show_rate,
            Field::ConversationMinutes => &mut self.conversation_minutes,
            Field::DayMinutes => &mut self.day_minutes,
            Field::AdminShare => &mut self.admin_share,
            Field::SicknessShare => &mut self.sickness_share,
        }
    }

    /// The complete inputs, or the required fields that are missing.
    pub fn complete(&self) -> Result<Inputs, Vec<Field>> {
        let missing: Vec<Field> = Field::REQUIRED
            .into_iter()
            .filter(|f| self.get(*f).is_none())
            .collect();
        match (
            self.citizens,
            self.conversation_days_per_week,
            self.weeks_per_fte,
            self.intensive_share,
        ) {
            (Some(n), Some(d), Some(w), Some(p)) => Ok(Inputs {
                conversations_per_day: self.conversations_per_day,
                fte: self.fte,
                no_show_rate: self.no_show_rate,
                conversation_minutes: self.conversation_minutes,
                day_minutes: self.day_minutes,
                admin_share: self.admin_share,
                sickness_share: self.sickness_share,
                ..Inputs::new(n, d, w, p)
            }),
            _ => Err(missing),
        }
    }
}

/// Every input of the calculator. The four spreadsheet fields are required; the rest are
/// `None` when not given (the factors then count as 0, which leaves the spreadsheet unchanged).
#[derive(Debug, Clone, PartialEq)]
pub struct Inputs {
    /// N: citizens in the target group (real-valued: it may be an average caseload).
    pub citizens: f64,
    /// d: conversation days per week per FTE.
    pub conversation_days_per_week: f64,
    /// w: working weeks per FTE-year (typically 43–44 after holidays, meetings and training).
    pub weeks_per_fte: f64,
    /// p: share needing intensified effort, 0..=1.
    pub intensive_share: f64,
    /// s: conversations per conversation day, for the FTE-needed answers.
    pub conversations_per_day: Option<f64>,
    /// n: FTE available, for the conversations-a-day-needed answers.
    pub fte: Option<f64>,
    /// q: no-show rate, 0..1.
    pub no_show_rate: Option<f64>,
    /// Minutes one conversation takes (with `day_minutes`).
    pub conversation_minutes: Option<f64>,
    /// Conversation minutes in a conversation day (with `conversation_minutes`).
    pub day_minutes: Option<f64>,
    /// a: administration share of conversation-day time, 0..1.
    pub admin_share: Option<f64>,
    /// k: sickness-absence share, 0..1.
    pub sickness_share: Option<f64>,
}

impl Inputs {
    /// The four spreadsheet inputs, nothing else.
    pub fn new(
        citizens: f64,
        conversation_days_per_week: f64,
        weeks_per_fte: f64,
        intensive_share: f64,
    ) -> Inputs {
        Inputs {
            citizens,
            conversation_days_per_week,
            weeks_per_fte,
            intensive_share,
            conversations_per_day: None,
            fte: None,
            no_show_rate: None,
            conversation_minutes: None,
            day_minutes: None,
            admin_share: None,
            sickness_share: None,
        }
    }

    /// The seed's own example (seed 002, L1835–1847): 330 citizens, 3 days, 44 weeks, 30 %.
    pub fn seed_example() -> Inputs {
        Inputs::new(330.0, 3.0, 44.0, 0.30)
    }

    pub fn get(&self, field: Field) -> Option<f64> {
        match field {
            Field::Citizens => Some(self.citizens),
            Field::ConversationDaysPerWeek => Some(self.conversation_days_per_week),
            Field::WeeksPerFte => Some(self.weeks_per_fte),
            Field::IntensiveShare => Some(self.intensive_share),
            Field::ConversationsPerDay => self.conversations_per_day,
            Field::Fte => self.fte,
            Field::NoShowRate => self.no_show_rate,
            Field::ConversationMinutes => self.conversation_minutes,
            Field::DayMinutes => self.day_minutes,
            Field::AdminShare => self.admin_share,
            Field::SicknessShare => self.sickness_share,
        }
    }

    /// Whether any factor beyond the spreadsheet was given (even at 0).
    pub fn has_factors(&self) -> bool {
        self.no_show_rate.is_some()
            || self.conversation_minutes.is_some()
            || self.day_minutes.is_some()
            || self.admin_share.is_some()
            || self.sickness_share.is_some()
    }

    /// Check every input; all problems at once, so a user fixes them in one go.
    pub fn check(self) -> Result<ValidInputs, Vec<Invalid>> {
        let mut problems = Vec::new();
        for field in Field::ALL {
            let Some(v) = self.get(field) else { continue };
            if !v.is_finite() {
                problems.push(Invalid::new(
                    field,
                    format!("{} must be a finite number; got {v}", field.meaning()),
                ));
                continue;
            }
            // Lower bounds above 0 keep every quotient (conversations a year per FTE, FTE
            // needed) finite; upper bounds catch typing slips such as an extra zero or three.
            let ok = match field {
                Field::Citizens => (0.0..=MAX_CITIZENS).contains(&v),
                Field::ConversationDaysPerWeek => (0.1..=7.0).contains(&v),
                // An FTE-year cannot have more weeks than a year; catches typos such as 440.
                Field::WeeksPerFte => (1.0..=53.0).contains(&v),
                Field::IntensiveShare => (0.0..=1.0).contains(&v),
                Field::ConversationsPerDay => (0.01..=1000.0).contains(&v),
                Field::Fte => (0.01..=100_000.0).contains(&v),
                Field::ConversationMinutes | Field::DayMinutes => (1.0..=1440.0).contains(&v),
                // A rate of 1 would mean no conversation is ever held: infinitely many slots.
                Field::NoShowRate | Field::AdminShare | Field::SicknessShare => {
                    (0.0..1.0).contains(&v)
                }
            };
            if !ok {
                let valid = match field {
                    Field::Citizens => "must be 0 or more and at most 10000000",
                    Field::ConversationDaysPerWeek => {
                        "must be more than 0 (at least 0.1) and at most 7"
                    }
                    Field::WeeksPerFte => {
                        "must be more than 0 (at least 1) and at most 53, the weeks in a year (typically 43–44)"
                    }
                    Field::IntensiveShare => "must be a share from 0 to 1, e.g. 0.30 for 30 %",
                    Field::ConversationsPerDay => {
                        "must be more than 0 (at least 0.01) and at most 1000"
                    }
                    Field::Fte => "must be more than 0 (at least 0.01) and at most 100000",
                    Field::ConversationMinutes => {
                        "must be more than 0 (at least 1 minute) and at most 1440, a whole day"
                    }
                    Field::DayMinutes => {
                        "must be more than 0 (at least 1 minute) and at most 1440, a whole day"
                    }
                    Field::NoShowRate | Field::AdminShare | Field::SicknessShare => {
                        "must be a share from 0 up to but not including 1, e.g. 0.10 for 10 %"
                    }
                };
                problems.push(Invalid::new(
                    field,
                    format!("{} {valid}; got {}", field.meaning(), crate::dist::show(v)),
                ));
            }
        }
        // Conversations a day come from the two together; one alone says nothing.
        for (given, partner) in [
            (Field::ConversationMinutes, Field::DayMinutes),
            (Field::DayMinutes, Field::ConversationMinutes),
        ] {
            if self.get(given).is_some() && self.get(partner).is_none() {
                problems.push(Invalid::new(
                    given,
                    format!(
                        "{} needs `{}` ({}) too, since conversations a day = day minutes / \
                         conversation minutes; give both or neither",
                        given.meaning(),
                        partner.key(),
                        partner.flag()
                    ),
                ));
            }
        }
        if problems.is_empty() {
            Ok(ValidInputs(self))
        } else {
            Err(problems)
        }
    }
}

/// Most citizens in a calculation: more than any job centre's target group.
const MAX_CITIZENS: f64 = 10_000_000.0;

/// One input that is not valid: which field, and what would be valid.
#[derive(Debug, Clone, PartialEq)]
pub struct Invalid {
    pub field: Field,
    pub message: String,
}

impl Invalid {
    fn new(field: Field, message: String) -> Invalid {
        Invalid { field, message }
    }
}

/// Inputs that passed [`Inputs::check`]; the computation accepts nothing else, so it never
/// meets a share above 1 or a division by zero.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidInputs(Inputs);

impl ValidInputs {
    pub fn inputs(&self) -> &Inputs {
        &self.0
    }
}

// ---------------------------------------------------------------------------------------------
// Computation
// ---------------------------------------------------------------------------------------------

/// The two blocks of the spreadsheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Block {
    /// "Generelt for hele målgruppen": every citizen at the same frequency.
    General,
    /// "Intensiveret for en andel af målgruppen": a share intensively, the rest on time.
    Intensified,
}

/// One row of the general block.
#[derive(Debug, Clone, PartialEq)]
pub struct General {
    pub frequency: u32,
    pub label: &'static str,
    /// G(f) = N·f.
    pub conversations: f64,
}

/// One row of the intensified block.
#[derive(Debug, Clone, PartialEq)]
pub struct Intensified {
    pub frequency: u32,
    pub label: &'static str,
    /// Antal intensive samtaler: p·N·f.
    pub intensive: f64,
    /// Antal rettidige samtaler: (1 − p)·N·4.
    pub statutory: f64,
    /// Antal samtaler samlet: intensive + statutory.
    pub total: f64,
}

/// A yearly conversation total the answers are given for (the six totals of the two blocks).
#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    pub block: Block,
    pub frequency: u32,
    pub label: &'static str,
    pub conversations: f64,
}

/// A real-valued answer and the whole number a leader would plan with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rounded {
    pub exact: f64,
    pub rounded_up: f64,
}

impl Rounded {
    fn of(exact: f64) -> Rounded {
        let exact = snap(exact);
        Rounded {
            exact,
            rounded_up: exact.ceil(),
        }
    }
}

/// An answer for one total.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub total: Total,
    pub value: Rounded,
}

/// The answers read off the grid by eye, for every total: FTE needed at a given number of
/// conversations a day, or conversations a day needed with a given FTE.
#[derive(Debug, Clone, PartialEq)]
pub struct Needed {
    /// The given conversations a day (for FTE needed) or the given FTE (for conversations a day).
    pub given: f64,
    /// Yearly capacity of the given quantity per unit of the answer: s·d·w conversations per FTE,
    /// or d·w·n conversation days.
    pub capacity: f64,
    pub answers: Vec<Answer>,
}

/// FTE needed for one total, under the spreadsheet and under each factor beyond it.
#[derive(Debug, Clone, PartialEq)]
pub struct AdjustedRow {
    pub total: Total,
    /// Slots to book a year so that the total is held despite no-shows: T/(1 − q).
    pub slots: f64,
    pub spreadsheet: Rounded,
    pub no_show: Rounded,
    pub conversation_length: Rounded,
    pub admin: Rounded,
    pub sickness: Rounded,
    pub all: Rounded,
}

/// What the factors beyond the spreadsheet do to the FTE needed.
#[derive(Debug, Clone, PartialEq)]
pub struct Adjusted {
    /// The conversations a day the spreadsheet FTE is computed at.
    pub conversations_per_day: f64,
    /// Day minutes / conversation minutes, when both are given; it replaces
    /// `conversations_per_day` in the conversation-length and all-factors columns.
    pub conversations_per_day_from_minutes: Option<f64>,
    /// Conversations one FTE holds a year under the spreadsheet: s·d·w.
    pub capacity_per_fte_spreadsheet: f64,
    /// Conversations one FTE holds a year with every factor: s'·d·w·(1 − a)·(1 − k).
    pub capacity_per_fte_all: f64,
    pub rows: Vec<AdjustedRow>,
}

/// Everything the calculator computes from one set of inputs.
#[derive(Debug, Clone, PartialEq)]
pub struct Calculation {
    pub inputs: Inputs,
    /// p·N: citizens in the intensive group.
    pub intensive_citizens: f64,
    /// (1 − p)·N: citizens on the statutory frequency.
    pub statutory_citizens: f64,
    pub general: Vec<General>,
    pub intensified: Vec<Intensified>,
    /// C(s, n) = s·d·w·n; `grid[i][j]` is s = i + 1 conversations a day with n = j + 1 FTE.
    pub grid: [[f64; GRID_FTE]; GRID_CONVERSATIONS_PER_DAY],
    /// Present when conversations a day are known (given, or from minutes).
    pub fte_needed: Option<Needed>,
    /// Present when FTE are given.
    pub conversations_per_day_needed: Option<Needed>,
    /// Present when conversations a day are known and any factor beyond the spreadsheet is given.
    pub adjusted: Option<Adjusted>,
}

impl Calculation {
    /// The six totals in the spreadsheet's order: general 4, 6, 12, then intensified 24, 12, 6.
    pub fn totals(&self) -> Vec<Total> {
        let general = self.general.iter().map(|g| Total {
            block: Block::General,
            frequency: g.frequency,
            label: g.label,
            conversations: g.conversations,
        });
        let intensified = self.intensified.iter().map(|r| Total {
            block: Block::Intensified,
            frequency: r.frequency,
            label: r.label,
            conversations: r.total,
        });
        general.chain(intensified).collect()
    }
}

/// Binary floating point makes 0.3 × 330 come out as 98.99999999999999; the spreadsheet shows
/// 99. Values within a relative 1e-12 of a whole number are taken to be that number (float noise
/// here is a few units in the last place, about 1e-16), so whole values print as integers and
/// round up to themselves.
fn snap(v: f64) -> f64 {
    let r = v.round();
    if (v - r).abs() <= 1e-12 * r.abs().max(1.0) {
        r
    } else {
        v
    }
}

/// Whether `v` is a whole number (after [`snap`]'s tolerance).
fn is_whole(v: f64) -> bool {
    v.is_finite() && snap(v).fract() == 0.0
}

/// The ressourceberegner and the answers around it. Pure: no I/O, no global state.
pub fn compute(valid: &ValidInputs) -> Calculation {
    let inputs = valid.inputs().clone();
    let n = inputs.citizens;
    let d = inputs.conversation_days_per_week;
    let w = inputs.weeks_per_fte;
    let p = inputs.intensive_share;

    // Real-valued head-counts: the spreadsheet's example hides whether it rounds p·N (it is 99
    // exactly), and expectations are what a yearly plan needs (seed-notes 002, I-10).
    let intensive_citizens = snap(p * n);
    let statutory_citizens = snap((1.0 - p) * n);
    let statutory = snap(statutory_citizens * f64::from(STATUTORY_FREQUENCY));

    let general = GENERAL_FREQUENCIES
        .iter()
        .map(|&(frequency, label)| General {
            frequency,
            label,
            conversations: snap(n * f64::from(frequency)),
        })
        .collect();
    let intensified = INTENSIVE_FREQUENCIES
        .iter()
        .map(|&(frequency, label)| {
            let intensive = snap(intensive_citizens * f64::from(frequency));
            Intensified {
                frequency,
                label,
                intensive,
                statutory,
                total: snap(intensive + statutory),
            }
        })
        .collect();

    let mut grid = [[0.0; GRID_FTE]; GRID_CONVERSATIONS_PER_DAY];
    for (i, row) in grid.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate() {
            *cell = snap((i + 1) as f64 * d * w * (j + 1) as f64);
        }
    }

    let mut calc = Calculation {
        inputs,
        intensive_citizens,
        statutory_citizens,
        general,
        intensified,
        grid,
        fte_needed: None,
        conversations_per_day_needed: None,
        adjusted: None,
    };
    let totals = calc.totals();
    let answers = |capacity: f64| -> Vec<Answer> {
        totals
            .iter()
            .map(|t| Answer {
                total: t.clone(),
                value: Rounded::of(t.conversations / capacity),
            })
            .collect()
    };

    let from_minutes = match (calc.inputs.day_minutes, calc.inputs.conversation_minutes) {
        (Some(day), Some(length)) => Some(snap(day / length)),
        _ => None,
    };
    // The s the spreadsheet answers are read at: the one given, or else the one the minutes give.
    let sheet_s = calc.inputs.conversations_per_day.or(from_minutes);

    // Divide by the unsnapped capacity: snapping a tiny capacity could round it to zero.
    calc.fte_needed = sheet_s.map(|s| {
        let capacity = s * d * w;
        Needed {
            given: s,
            capacity: snap(capacity),
            answers: answers(capacity),
        }
    });
    calc.conversations_per_day_needed = calc.inputs.fte.map(|fte| {
        let capacity = d * w * fte;
        Needed {
            given: fte,
            capacity: snap(capacity),
            answers: answers(capacity),
        }
    });
    calc.adjusted = match sheet_s {
        Some(s) if calc.inputs.has_factors() => {
            Some(adjust(&calc.inputs, &totals, s, from_minutes))
        }
        _ => None,
    };
    calc
}

/// FTE needed under each factor alone and all together. Effective capacity per FTE-year is
/// s·d·w·(1 − a)·(1 − k); a no-show wastes its slot and is rebooked, so T/(1 − q) slots are
/// needed to hold T conversations.
fn adjust(inputs: &Inputs, totals: &[Total], s: f64, from_minutes: Option<f64>) -> Adjusted {
    let d = inputs.conversation_days_per_week;
    let w = inputs.weeks_per_fte;
    let q = inputs.no_show_rate.unwrap_or(0.0);
    let a = inputs.admin_share.unwrap_or(0.0);
    let k = inputs.sickness_share.unwrap_or(0.0);
    let timed_s = from_minutes.unwrap_or(s);

    let capacity = |s: f64, a: f64, k: f64| s * d * w * (1.0 - a) * (1.0 - k);
    let fte = |conversations: f64, q: f64, capacity: f64| {
        Rounded::of(conversations / (1.0 - q) / capacity)
    };
    let sheet = capacity(s, 0.0, 0.0);
    let all = capacity(timed_s, a, k);
    let rows = totals
        .iter()
        .map(|t| {
            let c = t.conversations;
            AdjustedRow {
                total: t.clone(),
                slots: snap(c / (1.0 - q)),
                spreadsheet: fte(c, 0.0, sheet),
                no_show: fte(c, q, sheet),
                conversation_length: fte(c, 0.0, capacity(timed_s, 0.0, 0.0)),
                admin: fte(c, 0.0, capacity(s, a, 0.0)),
                sickness: fte(c, 0.0, capacity(s, 0.0, k)),
                all: fte(c, q, all),
            }
        })
        .collect();
    Adjusted {
        conversations_per_day: s,
        conversations_per_day_from_minutes: from_minutes,
        capacity_per_fte_spreadsheet: snap(sheet),
        capacity_per_fte_all: snap(all),
        rows,
    }
}

// ---------------------------------------------------------------------------------------------
// Rendering
// ---------------------------------------------------------------------------------------------

/// Output formats of `kapacitet calc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
}

/// The calculation in `format`, ready to print.
pub fn render(calc: &Calculation, format: Format) -> String {
    match format {
        Format::Table => render_table(calc),
        Format::Json => render_json(calc),
    }
}

/// A number for people: an integer when whole, else Danish style with up to two decimals.
fn num(v: f64) -> String {
    if is_whole(v) {
        return danish(snap(v), 0);
    }
    let text = danish(v, 2);
    if text.contains(',') {
        text.trim_end_matches('0').trim_end_matches(',').to_string()
    } else {
        text
    }
}

fn percent(share: f64) -> String {
    format!("{} %", num(share * 100.0))
}

/// "2,75 (3)": the exact answer and the whole number to plan with.
fn rounded(r: Rounded) -> String {
    if is_whole(r.exact) {
        num(r.exact)
    } else {
        format!("{} ({})", num(r.exact), num(r.rounded_up))
    }
}

/// "Hver måned (12 pr. år)": the spreadsheet's label with the frequency it stands for.
fn frequency_label(label: &str, frequency: u32) -> String {
    format!("{label} ({frequency} pr. år)")
}

fn row_label(t: &Total) -> String {
    let block = match t.block {
        Block::General => "Generelt",
        Block::Intensified => "Intensiveret",
    };
    format!("{block}, {} pr. år", t.frequency)
}

/// Lays out rows as aligned columns: the first left-aligned, the rest right-aligned. Widths
/// count characters, not bytes, because of æ, ø and å.
fn layout(out: &mut String, rows: &[Vec<String>]) {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![0; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            widths[i] = widths[i].max(cell.chars().count());
        }
    }
    for row in rows {
        let mut line = String::from("  ");
        for (i, cell) in row.iter().enumerate() {
            let pad = " ".repeat(widths[i] - cell.chars().count());
            if i == 0 {
                line.push_str(cell);
                line.push_str(&pad);
            } else {
                line.push_str("   ");
                line.push_str(&pad);
                line.push_str(cell);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
}

fn header(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// The terminal table: the spreadsheet's three blocks, then the answers that were asked for.
pub fn render_table(calc: &Calculation) -> String {
    let i = &calc.inputs;
    let mut out = String::from("Ressourceberegner – kapacitetsudnyttelse\n\n");
    let mut rows = vec![
        vec!["Antal borgere".to_string(), num(i.citizens)],
        vec![
            "Antal dage med samtaler pr. uge".to_string(),
            num(i.conversation_days_per_week),
        ],
        vec!["Antal uger pr. årsværk".to_string(), num(i.weeks_per_fte)],
        vec![
            "Andel med behov for intensiveret indsats".to_string(),
            percent(i.intensive_share),
        ],
    ];
    let optional: [(&str, Option<String>); 7] = [
        ("Samtaler pr. dag", i.conversations_per_day.map(num)),
        ("Årsværk", i.fte.map(num)),
        ("Udeblivelser", i.no_show_rate.map(percent)),
        (
            "Minutter pr. samtale",
            i.conversation_minutes.map(|m| format!("{} min", num(m))),
        ),
        (
            "Samtaleminutter pr. dag",
            i.day_minutes.map(|m| format!("{} min", num(m))),
        ),
        ("Administration", i.admin_share.map(percent)),
        ("Sygefravær", i.sickness_share.map(percent)),
    ];
    for (label, value) in optional {
        if let Some(v) = value {
            rows.push(vec![label.to_string(), v]);
        }
    }
    layout(&mut out, &rows);

    out.push_str("\nGenerelt for hele målgruppen\n");
    let mut rows = vec![header(&["Frekvens", "Antal samtaler"])];
    for g in &calc.general {
        rows.push(vec![
            frequency_label(g.label, g.frequency),
            num(g.conversations),
        ]);
    }
    layout(&mut out, &rows);

    out.push_str(&format!(
        "\nIntensiveret for en andel af målgruppen ({} intensivt, {} rettidigt med {} samtaler \
         pr. år)\n",
        num(calc.intensive_citizens),
        num(calc.statutory_citizens),
        STATUTORY_FREQUENCY
    ));
    let mut rows = vec![header(&[
        "Frekvens for den intensiverede indsats",
        "Antal intensive samtaler",
        "Antal rettidige samtaler",
        "Antal samtaler samlet",
    ])];
    for r in &calc.intensified {
        rows.push(vec![
            frequency_label(r.label, r.frequency),
            num(r.intensive),
            num(r.statutory),
            num(r.total),
        ]);
    }
    layout(&mut out, &rows);

    out.push_str(&format!(
        "\nÅrsværk: samtaler pr. år = samtaler pr. dag × {} dage × {} uger × årsværk\n",
        num(i.conversation_days_per_week),
        num(i.weeks_per_fte)
    ));
    let mut head = vec!["Samtaler pr. dag \\ Årsværk".to_string()];
    head.extend((1..=GRID_FTE).map(|n| n.to_string()));
    let mut rows = vec![head];
    for (s, cells) in calc.grid.iter().enumerate() {
        let mut row = vec![(s + 1).to_string()];
        row.extend(cells.iter().map(|&c| num(c)));
        rows.push(row);
    }
    layout(&mut out, &rows);

    if let Some(needed) = &calc.fte_needed {
        out.push_str(&format!(
            "\nÅrsværk der skal til ved {} samtaler pr. dag ({} samtaler pr. årsværk)\n",
            num(needed.given),
            num(needed.capacity)
        ));
        answers_table(
            &mut out,
            needed,
            &["Samtalebehov", "Samtaler pr. år", "Årsværk", "Hele årsværk"],
        );
    }
    if let Some(needed) = &calc.conversations_per_day_needed {
        out.push_str(&format!(
            "\nSamtaler pr. dag der skal til med {} årsværk ({} samtaledage pr. år)\n",
            num(needed.given),
            num(needed.capacity)
        ));
        answers_table(
            &mut out,
            needed,
            &[
                "Samtalebehov",
                "Samtaler pr. år",
                "Samtaler pr. dag",
                "Hele samtaler pr. dag",
            ],
        );
    }
    match &calc.adjusted {
        Some(adjusted) => adjusted_table(&mut out, i, adjusted),
        None if i.has_factors() => out.push_str(
            "\nUdeblivelser, administration og sygefravær regnes om til årsværk, når antal \
             samtaler pr. dag er givet (--conversations-per-day, eller --conversation-minutes \
             med --day-minutes).\n",
        ),
        None => {}
    }
    out
}

fn answers_table(out: &mut String, needed: &Needed, head: &[&str]) {
    let mut rows = vec![header(head)];
    for a in &needed.answers {
        rows.push(vec![
            row_label(&a.total),
            num(a.total.conversations),
            num(a.value.exact),
            num(a.value.rounded_up),
        ]);
    }
    layout(out, &rows);
}

fn adjusted_table(out: &mut String, i: &Inputs, adj: &Adjusted) {
    out.push_str(&format!(
        "\nUd over regnearket: årsværk der skal til ved {} samtaler pr. dag\n",
        num(adj.conversations_per_day)
    ));
    let mut notes = Vec::new();
    if let Some(q) = i.no_show_rate {
        notes.push(format!(
            "Udeblivelser {}: en udeblivelse spilder tiden og skal bookes igen; \
             tider pr. år = samtaler ÷ (1 − {})",
            percent(q),
            num(q)
        ));
    }
    if let (Some(s), Some(day), Some(length)) = (
        adj.conversations_per_day_from_minutes,
        i.day_minutes,
        i.conversation_minutes,
    ) {
        notes.push(format!(
            "Samtalelængde: {} min ÷ {} min = {} samtaler pr. dag",
            num(day),
            num(length),
            num(s)
        ));
    }
    if let Some(a) = i.admin_share {
        notes.push(format!(
            "Administration {} af samtaledagenes tid",
            percent(a)
        ));
    }
    if let Some(k) = i.sickness_share {
        notes.push(format!("Sygefravær {} af arbejdstiden", percent(k)));
    }
    notes.push(format!(
        "Samtaler pr. årsværk: {} i regnearket, {} med alle faktorer",
        num(adj.capacity_per_fte_spreadsheet),
        num(adj.capacity_per_fte_all)
    ));
    for note in notes {
        out.push_str(&format!("  {note}\n"));
    }
    out.push('\n');

    // Only the factors that were given get a column; "Alle faktorer" always closes the row.
    let no_show = i.no_show_rate.is_some();
    let length = adj.conversations_per_day_from_minutes.is_some();
    let admin = i.admin_share.is_some();
    let sickness = i.sickness_share.is_some();
    let mut head = vec!["Samtalebehov", "Samtaler pr. år"];
    if no_show {
        head.push("Tider pr. år");
    }
    head.push("Regneark");
    for (on, name) in [
        (no_show, "Udeblivelser"),
        (length, "Samtalelængde"),
        (admin, "Administration"),
        (sickness, "Sygefravær"),
    ] {
        if on {
            head.push(name);
        }
    }
    head.push("Alle faktorer");
    let mut rows = vec![header(&head)];
    for r in &adj.rows {
        let mut row = vec![row_label(&r.total), num(r.total.conversations)];
        if no_show {
            row.push(num(r.slots));
        }
        row.push(rounded(r.spreadsheet));
        for (on, value) in [
            (no_show, r.no_show),
            (length, r.conversation_length),
            (admin, r.admin),
            (sickness, r.sickness),
        ] {
            if on {
                row.push(rounded(value));
            }
        }
        row.push(rounded(r.all));
        rows.push(row);
    }
    layout(out, &rows);
    out.push_str("  Årsværk med decimaler; i parentes hele årsværk.\n");
}

/// A JSON number: an integer when whole (1320, not 1320.0), null when not finite.
#[derive(Clone, Copy)]
struct Num(f64);

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let v = self.0;
        // 2^53: beyond it not every integer is a float, so keep it a float.
        if is_whole(v) && v.abs() < 9_007_199_254_740_992.0 {
            serializer.serialize_i64(snap(v) as i64)
        } else if v.is_finite() {
            serializer.serialize_f64(v)
        } else {
            serializer.serialize_none()
        }
    }
}

/// An object keyed by frequency ("4", "6", "12"), in the spreadsheet's order.
struct ByFrequency<T>(Vec<(u32, T)>);

impl<T: Serialize> Serialize for ByFrequency<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (frequency, value) in &self.0 {
            map.serialize_entry(&frequency.to_string(), value)?;
        }
        map.end()
    }
}

impl Serialize for Rounded {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Rounded", 2)?;
        s.serialize_field("exact", &Num(self.exact))?;
        s.serialize_field("rounded_up", &Num(self.rounded_up))?;
        s.end()
    }
}

/// Answers of one block, keyed by frequency.
fn by_block<T>(items: impl Iterator<Item = (Block, u32, T)>, block: Block) -> ByFrequency<T> {
    ByFrequency(
        items
            .filter(|(b, _, _)| *b == block)
            .map(|(_, f, v)| (f, v))
            .collect(),
    )
}

#[derive(Serialize)]
struct JsonIntensified {
    intensive: Num,
    statutory: Num,
    total: Num,
}

#[derive(Serialize)]
struct JsonFteNeeded {
    conversations_per_day: Num,
    general: ByFrequency<Rounded>,
    intensified: ByFrequency<Rounded>,
}

#[derive(Serialize)]
struct JsonPerDayNeeded {
    fte: Num,
    general: ByFrequency<Rounded>,
    intensified: ByFrequency<Rounded>,
}

#[derive(Serialize)]
struct JsonAdjustedRow {
    conversations: Num,
    slots: Num,
    spreadsheet: Rounded,
    no_show: Rounded,
    conversation_length: Rounded,
    admin: Rounded,
    sickness: Rounded,
    all: Rounded,
}

#[derive(Serialize)]
struct JsonCapacity {
    spreadsheet: Num,
    all: Num,
}

#[derive(Serialize)]
struct JsonAdjusted {
    conversations_per_day: Num,
    conversations_per_day_from_minutes: Option<Num>,
    capacity_per_fte: JsonCapacity,
    general: ByFrequency<JsonAdjustedRow>,
    intensified: ByFrequency<JsonAdjustedRow>,
}

#[derive(Serialize)]
struct JsonInputs {
    citizens: Num,
    conversation_days_per_week: Num,
    weeks_per_fte: Num,
    intensive_share: Num,
    conversations_per_day: Option<Num>,
    fte: Option<Num>,
    no_show_rate: Num,
    conversation_minutes: Option<Num>,
    day_minutes: Option<Num>,
    admin_share: Num,
    sickness_share: Num,
}

#[derive(Serialize)]
struct JsonCalculation {
    inputs: JsonInputs,
    general: ByFrequency<Num>,
    intensified: ByFrequency<JsonIntensified>,
    grid: Vec<Vec<Num>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fte_needed: Option<JsonFteNeeded>,
    #[serde(skip_serializing_if = "Option::is_none")]
    conversations_per_day_needed: Option<JsonPerDayNeeded>,
    #[serde(skip_serializing_if = "Option::is_none")]
    adjusted: Option<JsonAdjusted>,
}

fn answers_by_block(needed: &Needed, block: Block) -> ByFrequency<Rounded> {
    by_block(
        needed
            .answers
            .iter()
            .map(|a| (a.total.block, a.total.frequency, a.value)),
        block,
    )
}

fn adjusted_rows(adj: &Adjusted, block: Block) -> ByFrequency<JsonAdjustedRow> {
    ByFrequency(
        adj.rows
            .iter()
            .filter(|r| r.total.block == block)
            .map(|r| {
                (
                    r.total.frequency,
                    JsonAdjustedRow {
                        conversations: Num(r.total.conversations),
                        slots: Num(r.slots),
                        spreadsheet: r.spreadsheet,
                        no_show: r.no_show,
                        conversation_length: r.conversation_length,
                        admin: r.admin,
                        sickness: r.sickness,
                        all: r.all,
                    },
                )
            })
            .collect(),
    )
}

/// The stable JSON contract (documented key by key in docs/staffing.md).
pub fn render_json(calc: &Calculation) -> String {
    let i = &calc.inputs;
    let doc = JsonCalculation {
        inputs: JsonInputs {
            citizens: Num(i.citizens),
            conversation_days_per_week: Num(i.conversation_days_per_week),
            weeks_per_fte: Num(i.weeks_per_fte),
            intensive_share: Num(i.intensive_share),
            conversations_per_day: i.conversations_per_day.map(Num),
            fte: i.fte.map(Num),
            no_show_rate: Num(i.no_show_rate.unwrap_or(0.0)),
            conversation_minutes: i.conversation_minutes.map(Num),
            day_minutes: i.day_minutes.map(Num),
            admin_share: Num(i.admin_share.unwrap_or(0.0)),
            sickness_share: Num(i.sickness_share.unwrap_or(0.0)),
        },
        general: ByFrequency(
            calc.general
                .iter()
                .map(|g| (g.frequency, Num(g.conversations)))
                .collect(),
        ),
        intensified: ByFrequency(
            calc.intensified
                .iter()
                .map(|r| {
                    (
                        r.frequency,
                        JsonIntensified {
                            intensive: Num(r.intensive),
                            statutory: Num(r.statutory),
                            total: Num(r.total),
                        },
                    )
                })
                .collect(),
        ),
        grid: calc
            .grid
            .iter()
            .map(|row| row.iter().map(|&c| Num(c)).collect())
            .collect(),
        fte_needed: calc.fte_needed.as_ref().map(|n| JsonFteNeeded {
            conversations_per_day: Num(n.given),
            general: answers_by_block(n, Block::General),
            intensified: answers_by_block(n, Block::Intensified),
        }),
        conversations_per_day_needed: calc.conversations_per_day_needed.as_ref().map(|n| {
            JsonPerDayNeeded {
                fte: Num(n.given),
                general: answers_by_block(n, Block::General),
                intensified: answers_by_block(n, Block::Intensified),
            }
        }),
        adjusted: calc.adjusted.as_ref().map(|a| JsonAdjusted {
            conversations_per_day: Num(a.conversations_per_day),
            conversations_per_day_from_minutes: a.conversations_per_day_from_minutes.map(Num),
            capacity_per_fte: JsonCapacity {
                spreadsheet: Num(a.capacity_per_fte_spreadsheet),
                all: Num(a.capacity_per_fte_all),
            },
            general: adjusted_rows(a, Block::General),
            intensified: adjusted_rows(a, Block::Intensified),
        }),
    };
    // Serialising plain structs of numbers and strings into a String cannot fail; should it
    // ever, say so in the output rather than panic.
    let mut text = serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| format!("{{\"error\": \"could not write JSON: {e}\"}}"));
    text.push('\n');
    text
}

// ---------------------------------------------------------------------------------------------
// Loading: flags over a file, problems pointed at a flag or at file:line:column
// ---------------------------------------------------------------------------------------------

/// Where a problem is: a flag, a place in a file, or a whole file.
#[derive(Debug, Clone, PartialEq)]
pub enum Place {
    Flag(&'static str),
    File {
        file: String,
        /// Field path such as `ressourceberegner.citizens`; empty when the parser names it.
        field: String,
        location: Option<Location>,
    },
}

/// One problem with the inputs, in words for the person who typed them.
#[derive(Debug, Clone, PartialEq)]
pub struct InputProblem {
    pub place: Place,
    pub message: String,
}

impl fmt::Display for InputProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.place {
            Place::Flag(flag) => write!(f, "error: {flag}: {}", self.message),
            Place::File {
                file,
                field,
                location,
            } => {
                match location {
                    Some(l) => write!(f, "{file}:{}:{}: ", l.line, l.column)?,
                    None => write!(f, "{file}: ")?,
                }
                if field.is_empty() {
                    write!(f, "{}", self.message)
                } else {
                    write!(f, "field `{field}`: {}", self.message)
                }
            }
        }
    }
}

/// Everything wrong with the inputs of one `kapacitet calc`.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub problems: Vec<InputProblem>,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, p) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// The table the calculator reads; every other table in the file is ignored, so it can sit in
/// a file that holds other things too.
const TABLE: &str = "ressourceberegner";

#[derive(Deserialize)]
struct FileDoc {
    ressourceberegner: Option<PartialInputs>,
}

/// A file's text and the name to show in messages.
pub struct Source<'a> {
    pub name: &'a str,
    pub text: &'a str,
}

/// Merge `flags` over the `[ressourceberegner]` table of `file` (if any) and check the result.
/// Pure: the caller reads the file.
pub fn resolve(flags: &PartialInputs, file: Option<Source<'_>>) -> Result<ValidInputs, InputError> {
    let from_file = match &file {
        Some(src) => Some(parse_table(src)?),
        None => None,
    };
    let mut merged = from_file.unwrap_or_default();
    for field in Field::ALL {
        if let Some(v) = flags.get(field) {
            *merged.slot(field) = Some(v);
        }
    }
    let locator = file.as_ref().map(|src| Locator::new(src.text));
    // A value is blamed on the flag if a flag gave it, else on its place in the file.
    let place = |field: Field| -> Place {
        match (&file, &locator) {
            (Some(src), Some(locator)) if flags.get(field).is_none() => {
                let path = FieldPath::default().key(TABLE).key(field.key());
                Place::File {
                    file: src.name.to_string(),
                    field: path.to_string(),
                    location: locator.locate(&path),
                }
            }
            _ => Place::Flag(field.flag()),
        }
    };

    let inputs = merged.complete().map_err(|missing| InputError {
        problems: missing
            .into_iter()
            .map(|field| InputProblem {
                place: place(field),
                message: match &file {
                    Some(_) => format!(
                        "missing: {}; add `{} = ...` to [{TABLE}] or give {}",
                        field.meaning(),
                        field.key(),
                        field.flag()
                    ),
                    None => format!(
                        "missing: {}; give {} or read the inputs from a file with --from",
                        field.meaning(),
                        field.flag()
                    ),
                },
            })
            .collect(),
    })?;
    inputs.check().map_err(|invalid| InputError {
        problems: invalid
            .into_iter()
            .map(|p| InputProblem {
                place: place(p.field),
                message: p.message,
            })
            .collect(),
    })
}

/// The `[ressourceberegner]` table of a file, with parser errors at file:line:column.
fn parse_table(src: &Source<'_>) -> Result<PartialInputs, InputError> {
    let doc: FileDoc = toml::from_str(src.text).map_err(|e| {
        let offset = e.span().map(|s| s.start);
        InputError {
            problems: vec![InputProblem {
                place: Place::File {
                    file: src.name.to_string(),
                    field: offset
                        .and_then(|o| Locator::new(src.text).path_at(o))
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                    location: offset.map(|o| location_of(src.text, o)),
                },
                message: plain_parser_message(e.message()),
            }],
        }
    })?;
    doc.ressourceberegner.ok_or_else(|| InputError {
        problems: vec![InputProblem {
            place: Place::File {
                file: src.name.to_string(),
                field: String::new(),
                location: None,
            },
            message: format!(
                "no [{TABLE}] table; add one with citizens, conversation_days_per_week, \
                 weeks_per_fte and intensive_share"
            ),
        }],
    })
}

/// Read `from` (if given) and [`resolve`] the flags over it.
pub fn load_inputs(flags: &PartialInputs, from: Option<&Path>) -> Result<ValidInputs, InputError> {
    let Some(path) = from else {
        return resolve(flags, None);
    };
    let name = path.display().to_string();
    let text = crate::scenario::read_limited(path).map_err(|message| InputError {
        problems: vec![InputProblem {
            place: Place::File {
                file: name.clone(),
                field: String::new(),
                location: None,
            },
            message,
        }],
    })?;
    resolve(
        flags,
        Some(Source {
            name: &name,
            text: &text,
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Calculation {
        compute(&Inputs::seed_example().check().expect("valid"))
    }

    #[test]
    fn the_seed_example_reproduces() {
        let c = example();
        let general: Vec<f64> = c.general.iter().map(|g| g.conversations).collect();
        assert_eq!(general, [1320.0, 1980.0, 3960.0]);
        let totals: Vec<(f64, f64, f64)> = c
            .intensified
            .iter()
            .map(|r| (r.intensive, r.statutory, r.total))
            .collect();
        assert_eq!(
            totals,
            [
                (2376.0, 924.0, 3300.0),
                (1188.0, 924.0, 2112.0),
                (594.0, 924.0, 1518.0)
            ]
        );
        assert_eq!(c.intensive_citizens, 99.0);
        assert_eq!(c.statutory_citizens, 231.0);
        assert_eq!(c.grid[0][0], 132.0);
        assert_eq!(c.grid[4][4], 3300.0);
        assert_eq!(c.grid[7][8], 9504.0);
        assert!(c.fte_needed.is_none() && c.adjusted.is_none());
    }

    #[test]
    fn snap_takes_float_noise_to_the_whole_number() {
        assert_eq!(snap(0.3 * 330.0), 99.0);
        assert_eq!(snap(2.5), 2.5);
        assert!(is_whole(1518.0 / 132.0 * 2.0));
        assert!(!is_whole(1518.0 / 132.0));
    }

    #[test]
    fn numbers_print_as_integers_when_whole_and_danish_otherwise() {
        assert_eq!(num(1320.0), "1.320");
        assert_eq!(num(11.5), "11,5");
        assert_eq!(num(1320.0 / 396.0), "3,33");
        assert_eq!(num(0.3 * 330.0), "99");
        assert_eq!(percent(0.3), "30 %");
    }

    #[test]
    fn whole_json_numbers_have_no_decimal_point() {
        let text = serde_json::to_string(&(Num(1320.0), Num(11.5), Num(f64::NAN))).unwrap();
        assert_eq!(text, "[1320,11.5,null]");
    }

    #[test]
    fn check_collects_every_problem() {
        let bad = Inputs {
            conversation_minutes: Some(45.0),
            ..Inputs::new(-1.0, 0.0, 0.0, 1.5)
        };
        let fields: Vec<Field> = bad.check().unwrap_err().iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                Field::Citizens,
                Field::ConversationDaysPerWeek,
                Field::WeeksPerFte,
                Field::IntensiveShare,
                Field::ConversationMinutes
            ]
        );
    }

    #[test]
    fn missing_fields_are_named() {
        let partial = PartialInputs {
            citizens: Some(330.0),
            weeks_per_fte: Some(44.0),
            ..PartialInputs::default()
        };
        assert_eq!(
            partial.complete().unwrap_err(),
            [Field::ConversationDaysPerWeek, Field::IntensiveShare]
        );
    }

    #[test]
    fn a_flag_overrides_the_file_and_takes_the_blame() {
        let text = "[ressourceberegner]\ncitizens = 330\nconversation_days_per_week = 3\n\
                    weeks_per_fte = 44\nintensive_share = 0.3\n";
        let flags = PartialInputs {
            citizens: Some(-4.0),
            ..PartialInputs::default()
        };
        let err = resolve(
            &flags,
            Some(Source {
                name: "f.toml",
                text,
            }),
        )
        .unwrap_err();
        assert_eq!(err.problems.len(), 1);
        assert_eq!(err.problems[0].place, Place::Flag("--citizens"));
    }
}
