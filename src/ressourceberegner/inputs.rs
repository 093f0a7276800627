//! The ressourceberegner's inputs: [`PartialInputs`] from flags or a `[ressourceberegner]` TOML
//! table (every field optional) → [`Inputs`] → [`ValidInputs`] (checked, the only way into the
//! computation); flags are merged over a file and every problem points at a flag or at
//! file:line:column.

use std::fmt;
use std::path::Path;

use serde::Deserialize;

use crate::scenario::error::{location_of, plain_parser_message, FieldPath, Location, Locator};

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
