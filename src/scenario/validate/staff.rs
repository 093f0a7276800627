//! `[[staff]]`, `[contact_plan]` and `[deadlines]`: the staff roles (caseload roles following
//! stages, conversation roles serving segments), how often citizens are seen, and the statutory
//! deadlines for the first conversation and the first offer.

use super::checker::{check_name, one_of, Checker};
use super::MAX_FTE;
use crate::model::{ContactPlan, ConversationWork, Deadlines, RoleWork, Segment, StaffRole};
use crate::scenario::error::FieldPath;
use crate::scenario::raw::{RawScenario, RawStaff};

pub(super) fn staff(
    c: &mut Checker,
    raw: &RawScenario,
    segments: &[Segment],
    stage_names: &[&str],
) -> Vec<StaffRole> {
    let root = FieldPath::default().key("staff");
    let segment_names: Vec<&str> = segments.iter().map(|s| s.name.as_str()).collect();
    // A segment's conversations are held by one role, so each citizen has one schedule.
    let mut conversation_owner: Vec<Option<String>> = vec![None; segments.len()];
    let mut roles = Vec::new();
    for (i, r) in raw.staff.iter().enumerate() {
        let p = root.index(i);
        check_name(c, &p.key("role"), &r.role);
        if raw.staff[..i].iter().any(|o| o.role == r.role) {
            c.problem(
                &p.key("role"),
                format!("role \"{}\" is defined twice", r.role),
            );
        }
        let fte = r.fte.map(|f| {
            c.range(
                &p.key("fte"),
                f,
                0.0,
                MAX_FTE,
                "must be a number of full-time staff ≥ 0, or left out to measure the need",
            )
        });
        let work = match (r.caseload_per_fte, r.conversations_per_day) {
            (Some(per_fte), None) => caseload(c, &p, r, per_fte, stage_names),
            (None, Some(per_day)) => {
                conversations(c, &p, r, per_day, &segment_names, &mut conversation_owner)
            }
            _ => {
                c.problem(
                    &p.key("role"),
                    format!(
                        "role \"{}\" needs exactly one of caseload_per_fte (with stages) or conversations_per_day",
                        r.role
                    ),
                );
                RoleWork::Caseload {
                    per_fte: 1.0,
                    stages: Vec::new(),
                }
            }
        };
        roles.push(StaffRole {
            name: r.role.clone(),
            label: r.label.clone().unwrap_or_else(|| r.role.clone()),
            fte,
            work,
        });
    }
    roles
}

/// A role with `caseload_per_fte`: each citizen in its stages takes a slot.
fn caseload(
    c: &mut Checker,
    p: &FieldPath,
    r: &RawStaff,
    per_fte: f64,
    stage_names: &[&str],
) -> RoleWork {
    let per_fte = c.range(
        &p.key("caseload_per_fte"),
        per_fte,
        0.01,
        100_000.0,
        "must be a number of citizens per FTE from 0.01 to 100000, e.g. 20 for a matchmaker",
    );
    if r.stages.is_empty() {
        c.problem(
            &p.key("stages"),
            "a caseload role needs the stages whose citizens it follows, e.g. stages = [\"visitation\"]",
        );
    }
    let mut stages = Vec::new();
    for (j, name) in r.stages.iter().enumerate() {
        match stage_names.iter().position(|n| n == name) {
            Some(s) => stages.push(s),
            None => c.problem(
                &p.key("stages").index(j),
                format!(
                    "\"{name}\" is not a stage; use one of {}",
                    one_of(stage_names)
                ),
            ),
        }
    }
    // Conversation settings mean nothing for a caseload role: say so rather than
    // ignore them.
    for (key, set) in [
        ("segments", r.segments.is_some()),
        ("no_show_rate", r.no_show_rate != 0.0),
        ("admin_share", r.admin_share != 0.0),
        ("sickness_share", r.sickness_share != 0.0),
    ] {
        if set {
            c.problem(
                &p.key(key),
                "only used by a conversation role (with conversations_per_day); remove it from a caseload role",
            );
        }
    }
    RoleWork::Caseload { per_fte, stages }
}

/// A role with `conversations_per_day`: it holds the contact plan's conversations for its
/// segments; `conversation_owner` records which role already holds each segment's.
fn conversations(
    c: &mut Checker,
    p: &FieldPath,
    r: &RawStaff,
    per_day: f64,
    segment_names: &[&str],
    conversation_owner: &mut [Option<String>],
) -> RoleWork {
    if !r.stages.is_empty() {
        c.problem(
            &p.key("stages"),
            "only used with caseload_per_fte; a conversation role serves segments",
        );
    }
    if r.segments.as_ref().is_some_and(|l| l.is_empty()) {
        c.problem(
            &p.key("segments"),
            "an empty list serves nobody; list at least one segment, or leave `segments` out to serve all",
        );
    }
    let mut mask = vec![r.segments.is_none(); segment_names.len()];
    for (j, name) in r.segments.iter().flatten().enumerate() {
        match segment_names.iter().position(|n| n == name) {
            Some(g) => mask[g] = true,
            None => c.problem(
                &p.key("segments").index(j),
                format!("\"{name}\" is not a segment; use {}", one_of(segment_names)),
            ),
        }
    }
    for (g, served) in mask.iter().enumerate() {
        if *served {
            if let Some(other) = &conversation_owner[g] {
                c.problem(
                    &p.key("segments"),
                    format!(
                        "segment \"{}\" already has its conversations with role \"{other}\"; give each segment one conversation role",
                        segment_names[g]
                    ),
                );
            } else {
                conversation_owner[g] = Some(r.role.clone());
            }
        }
    }
    let share = |c: &mut Checker, key: &str, v: f64| {
        c.range(
            &p.key(key),
            v,
            0.0,
            0.999_999,
            "must be a share from 0 up to (not including) 1",
        )
    };
    RoleWork::Conversations(ConversationWork {
        // Lower bounds keep the conversations one FTE holds in a year, and so the
        // FTE needed, within reach of the arithmetic.
        per_day: c.range(
            &p.key("conversations_per_day"),
            per_day,
            0.01,
            1000.0,
            "must be conversations per FTE per conversation day, from 0.01 to 1000",
        ),
        days_per_week: c.range(
            &p.key("conversation_days_per_week"),
            r.conversation_days_per_week,
            0.1,
            7.0,
            "must be days per week from 0.1 to 7",
        ),
        weeks_per_fte: c.range(
            &p.key("weeks_per_fte"),
            r.weeks_per_fte,
            1.0,
            52.0,
            "must be working weeks per FTE-year from 1 to 52 (typically 43–44)",
        ),
        no_show_rate: share(c, "no_show_rate", r.no_show_rate),
        admin_share: share(c, "admin_share", r.admin_share),
        sickness_share: share(c, "sickness_share", r.sickness_share),
        booking_lead_days: c.range(
            &p.key("booking_lead_days"),
            r.booking_lead_days,
            0.0,
            365.0,
            "must be days from 0 to 365",
        ),
        segments: mask,
    })
}

pub(super) fn contact_plan(c: &mut Checker, raw: &RawScenario) -> ContactPlan {
    let cp = FieldPath::default().key("contact_plan");
    // Conversations a year: 0 (none) or at least one a century, so the interval between two
    // stays within the run's reach.
    let per_year = |c: &mut Checker, key: &str, v: f64| {
        if v != 0.0 {
            c.range(
                &cp.key(key),
                v,
                0.01,
                365.0,
                "must be 0 (no conversations) or from 0.01 to 365 conversations a year",
            );
        }
        v
    };
    ContactPlan {
        standard_per_year: per_year(c, "standard_per_year", raw.contact_plan.standard_per_year),
        intensive_per_year: per_year(c, "intensive_per_year", raw.contact_plan.intensive_per_year),
        intensive_share: c.range(
            &cp.key("intensive_share"),
            raw.contact_plan.intensive_share,
            0.0,
            1.0,
            "must be a share from 0 to 1",
        ),
    }
}

pub(super) fn deadlines(c: &mut Checker, raw: &RawScenario) -> Deadlines {
    let dl = FieldPath::default().key("deadlines");
    let d = &raw.deadlines;
    Deadlines {
        first_conversation_days: [
            c.days(
                &dl.key("first_conversation_days_under30"),
                d.first_conversation_days_under30,
            ),
            c.days(
                &dl.key("first_conversation_days_30plus"),
                d.first_conversation_days_30plus,
            ),
        ],
        first_offer_days: [
            c.days(
                &dl.key("first_offer_days_under30"),
                d.first_offer_days_under30,
            ),
            c.days(
                &dl.key("first_offer_days_30plus"),
                d.first_offer_days_30plus,
            ),
        ],
    }
}
