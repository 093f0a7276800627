//! The ressourceberegner's arithmetic: conversations a year in the general and intensified
//! blocks, the FTE grid, the answers read off the grid, and the factors beyond the spreadsheet.
//! A pure function of valid inputs; no I/O, no rendering.

use super::inputs::{Inputs, ValidInputs};
use super::*;
use crate::model::conversation_slots_per_year;

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
    /// The label in English.
    pub label_en: &'static str,
    /// G(f) = N·f.
    pub conversations: f64,
}

/// One row of the intensified block.
#[derive(Debug, Clone, PartialEq)]
pub struct Intensified {
    pub frequency: u32,
    pub label: &'static str,
    /// The label in English.
    pub label_en: &'static str,
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
    /// The label in English.
    pub label_en: &'static str,
    pub conversations: f64,
}

/// A real-valued answer and the whole number a leader would plan with.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rounded {
    pub exact: f64,
    pub rounded_up: f64,
}

impl Rounded {
    pub(crate) fn of(exact: f64) -> Rounded {
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
            label_en: g.label_en,
            conversations: g.conversations,
        });
        let intensified = self.intensified.iter().map(|r| Total {
            block: Block::Intensified,
            frequency: r.frequency,
            label: r.label,
            label_en: r.label_en,
            conversations: r.total,
        });
        general.chain(intensified).collect()
    }
}

/// Binary floating point makes 0.3 × 330 come out as 98.99999999999999; the spreadsheet shows
/// 99. Values within a relative 1e-12 of a whole number are taken to be that number (float noise
/// here is a few units in the last place, about 1e-16), so whole values print as integers and
/// round up to themselves.
pub(crate) fn snap(v: f64) -> f64 {
    let r = v.round();
    if (v - r).abs() <= 1e-12 * r.abs().max(1.0) {
        r
    } else {
        v
    }
}

/// Whether `v` is a whole number (after [`snap`]'s tolerance).
pub(crate) fn is_whole(v: f64) -> bool {
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
    // exactly), and expectations are what a yearly plan needs.
    let intensive_citizens = snap(p * n);
    let statutory_citizens = snap((1.0 - p) * n);
    let statutory = snap(statutory_citizens * f64::from(STATUTORY_FREQUENCY));

    let general = GENERAL_FREQUENCIES
        .iter()
        .map(|&(frequency, label, label_en)| General {
            frequency,
            label,
            label_en,
            conversations: snap(n * f64::from(frequency)),
        })
        .collect();
    let intensified = INTENSIVE_FREQUENCIES
        .iter()
        .map(|&(frequency, label, label_en)| {
            let intensive = snap(intensive_citizens * f64::from(frequency));
            Intensified {
                frequency,
                label,
                label_en,
                intensive,
                statutory,
                total: snap(intensive + statutory),
            }
        })
        .collect();

    let mut grid = [[0.0; GRID_FTE]; GRID_CONVERSATIONS_PER_DAY];
    for (i, row) in grid.iter_mut().enumerate() {
        for (j, cell) in row.iter_mut().enumerate() {
            *cell = snap(conversation_slots_per_year(
                (j + 1) as f64,
                (i + 1) as f64,
                d,
                w,
                0.0,
                0.0,
            ));
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
        let capacity = conversation_slots_per_year(1.0, s, d, w, 0.0, 0.0);
        Needed {
            given: s,
            capacity: snap(capacity),
            answers: answers(capacity),
        }
    });
    calc.conversations_per_day_needed = calc.inputs.fte.map(|fte| {
        // Slots of one conversation a day per FTE.
        let capacity = conversation_slots_per_year(fte, 1.0, d, w, 0.0, 0.0);
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

    let capacity = |s: f64, a: f64, k: f64| conversation_slots_per_year(1.0, s, d, w, a, k);
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
}
