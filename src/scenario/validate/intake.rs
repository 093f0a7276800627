//! How a stage takes citizens in: the intake rule (any day, or one weekday a week) and the queue
//! discipline (first come first served, or by segment priority).

use super::checker::{one_of, Checker};
use super::meta::WEEKDAYS;
use super::segments::{segment_index, segment_names};
use crate::model::{Intake, QueueDiscipline, Segment};
use crate::scenario::error::FieldPath;
use crate::scenario::raw::RawStage;

pub(super) fn intake(c: &mut Checker, p: &FieldPath, s: &RawStage, working: &[bool; 7]) -> Intake {
    match s.intake.as_str() {
        "continuous" => {
            if s.intake_weekday.is_some() {
                c.problem(
                    &p.key("intake_weekday"),
                    "only used with intake = \"weekly\"; remove it or set intake = \"weekly\"",
                );
            }
            Intake::Continuous
        }
        "weekly" => match &s.intake_weekday {
            Some(day) => match WEEKDAYS.iter().position(|w| w == day) {
                Some(d) if !working[d] => {
                    c.problem(
                        &p.key("intake_weekday"),
                        format!("\"{day}\" is not a working day in [calendar], so nobody would ever start; use one of the working days"),
                    );
                    Intake::Weekly(d as u32)
                }
                Some(d) => Intake::Weekly(d as u32),
                None => {
                    c.problem(
                        &p.key("intake_weekday"),
                        format!("\"{day}\" is not a weekday; use {}", one_of(&WEEKDAYS)),
                    );
                    Intake::Continuous
                }
            },
            None => {
                c.problem(
                    &p.key("intake"),
                    "weekly intake needs intake_weekday, e.g. intake_weekday = \"thu\"",
                );
                Intake::Continuous
            }
        },
        other => {
            c.problem(
                &p.key("intake"),
                format!(
                    "\"{other}\" is not an intake rule; use {}",
                    one_of(&["continuous", "weekly"])
                ),
            );
            Intake::Continuous
        }
    }
}

pub(super) fn queue(
    c: &mut Checker,
    p: &FieldPath,
    s: &RawStage,
    segments: &[Segment],
) -> QueueDiscipline {
    match s.queue.as_str() {
        "fifo" => {
            if !s.priority.is_empty() {
                c.problem(&p.key("priority"), "only used with queue = \"priority\"");
            }
            QueueDiscipline::Fifo
        }
        "priority" => {
            // Segments left out of the list share the lowest rank.
            let mut rank_of_segment = vec![s.priority.len(); segments.len()];
            for (r, name) in s.priority.iter().enumerate() {
                match segment_index(segments, name) {
                    Some(_) if s.priority[..r].contains(name) => c.problem(
                        &p.key("priority").index(r),
                        format!("\"{name}\" is listed twice; list each segment once, highest priority first"),
                    ),
                    Some(g) => rank_of_segment[g] = r,
                    None => c.problem(
                        &p.key("priority").index(r),
                        format!(
                            "\"{name}\" is not a segment; use {}",
                            one_of(&segment_names(segments))
                        ),
                    ),
                }
            }
            if s.priority.is_empty() {
                c.problem(
                    &p.key("priority"),
                    "a priority queue needs the segments in priority order, e.g. priority = [\"under30\"]",
                );
            }
            QueueDiscipline::Priority {
                rank_of_segment,
                ranks: s.priority.len() + 1,
            }
        }
        other => {
            c.problem(
                &p.key("queue"),
                format!(
                    "\"{other}\" is not a queue discipline; use {}",
                    one_of(&["fifo", "priority"])
                ),
            );
            QueueDiscipline::Fifo
        }
    }
}
