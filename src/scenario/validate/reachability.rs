//! Whether citizens can get out again: stages from which no route leads out of the system, and
//! loops citizens can go round without time passing. Both need the whole model, so they run
//! only once every table is free of problems.

use super::checker::{one_of, Checker};
use crate::figures::Lang;
use crate::model::{Path, Segment, Stage, Target};
use crate::scenario::cycles::{self, Loop};
use crate::scenario::error::FieldPath;

/// Every stage must have a way out, or citizens referred there are stuck for ever.
pub(super) fn trapped(c: &mut Checker, stages: &[Stage], paths: &[Path]) {
    let st = FieldPath::default().key("stages");
    let pa = FieldPath::default().key("paths");
    let trapped = trapped_stages(stages);
    for (i, s) in stages.iter().enumerate() {
        if trapped[i] {
            c.problem(
                &st.index(i).key("routes"),
                format!("no citizen can ever leave stage \"{}\": every route leads back into stages without a way out; add a route to \"job\", \"passive\" or \"other_benefit\"", s.name),
            );
        }
    }
    for (i, path) in paths.iter().enumerate() {
        if trapped[path.referral.stage] {
            c.problem(
                &pa.index(i).key("to"),
                format!(
                    "no citizen can leave path \"{}\": stage \"{}\" and the stages it routes to have no route to \"job\", \"passive\" or \"other_benefit\"",
                    path.name, stages[path.referral.stage].name
                ),
            );
        }
    }
}

/// Every loop without time; a closed one (citizens can never leave it at that instant) would
/// stop the clock, so it is a problem, while the others become warnings.
pub(super) fn zero_time_loops(
    c: &mut Checker,
    stages: &[Stage],
    paths: &[Path],
    segments: &[Segment],
) -> Vec<Loop> {
    let st = FieldPath::default().key("stages");
    let loops = cycles::zero_time_loops(stages, paths, segments.len());
    for l in loops.iter().filter(|l| l.closed) {
        let first = l.stages[0];
        // Point at what makes the stay take no time: its duration, or its breakdown.
        let field = if stages[first].duration.mass_at_zero() > 0.0 {
            "duration"
        } else {
            "breakdown"
        };
        c.problem(
            &st.index(first).key(field),
            format!(
                "{}, and can never leave that loop at the same instant, so the clock would stand still; give one of these stages a duration above 0, a path back with a delay, or a route out",
                loop_text(l, stages, segments, Lang::En)
            ),
        );
    }
    loops
}

/// The loop in words, shared by its problem and its warning.
pub(super) fn loop_text(l: &Loop, stages: &[Stage], segments: &[Segment], lang: Lang) -> String {
    let names: Vec<&str> = l.stages.iter().map(|&s| stages[s].name.as_str()).collect();
    let (segment, names) = (&segments[l.segment].name, one_of(&names));
    match lang {
        Lang::Da => format!(
            "borgere i segment \"{segment}\" kan gå rundt i {names}, uden at tiden går (forløb af længde 0, ingen forsinkelse på vejen tilbage, eller et afbrud efter 0 dage)"
        ),
        Lang::En => format!(
            "citizens of segment \"{segment}\" can go round {names} without time passing (stays of length 0, no delay on the path back, or a breakdown after 0 days)"
        ),
    }
}

/// Stages from which no sequence of routes (or breakdowns) reaches an exit or the passive state.
fn trapped_stages(stages: &[Stage]) -> Vec<bool> {
    let n = stages.len();
    let mut can_leave = vec![false; n];
    let targets = |s: &Stage| -> Vec<Target> {
        let mut t: Vec<Target> = s
            .routes
            .iter()
            .filter(|r| r.weight > 0.0)
            .map(|r| r.target)
            .collect();
        if let Some(b) = &s.breakdown {
            if b.probability > 0.0 {
                t.push(b.target);
            }
        }
        t
    };
    // Fixed point: a stage can be left if one of its targets is an exit or a leavable stage.
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..n {
            if can_leave[i] {
                continue;
            }
            let ok = targets(&stages[i]).iter().any(|t| match t {
                Target::Stage(r) => can_leave[r.stage] || r.fallback.is_some_and(|f| can_leave[f]),
                _ => true,
            });
            if ok {
                can_leave[i] = true;
                changed = true;
            }
        }
    }
    can_leave.iter().map(|&b| !b).collect()
}
