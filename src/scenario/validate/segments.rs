//! `[[segments]]`: the groups of citizens, their shares of the inflow and the stock, and each
//! one's survival curve on benefit.

use super::checker::{check_name, Checker};
use super::MAX_WEEKS;
use crate::model::Segment;
use crate::scenario::error::FieldPath;
use crate::scenario::raw::{RawScenario, RawSurvival};
use crate::survival::SurvivalCurve;

/// Closest two points of a survival curve may lie, in weeks: a day.
const MIN_KNOT_GAP_WEEKS: f64 = 1.0 / 7.0;

pub(super) fn segments(c: &mut Checker, raw: &RawScenario) -> Vec<Segment> {
    let segs = FieldPath::default().key("segments");
    if raw.segments.is_empty() {
        c.problem(&segs, "at least one segment is needed");
    }
    let mut segments = Vec::new();
    for (i, s) in raw.segments.iter().enumerate() {
        let p = segs.index(i);
        check_name(c, &p.key("name"), &s.name);
        if raw.segments[..i].iter().any(|o| o.name == s.name) {
            c.problem(
                &p.key("name"),
                format!("segment \"{}\" is defined twice", s.name),
            );
        }
        let inflow = c.range(
            &p.key("share_of_inflow"),
            s.share_of_inflow,
            0.0,
            1.0,
            "must be a share from 0 to 1",
        );
        let stock = match s.share_of_stock {
            Some(v) => c.range(
                &p.key("share_of_stock"),
                v,
                0.0,
                1.0,
                "must be a share from 0 to 1",
            ),
            None => inflow,
        };
        let survival = s
            .survival
            .as_ref()
            .and_then(|sv| survival_curve(c, &p.key("survival"), sv));
        segments.push(Segment {
            name: s.name.clone(),
            label: s.label.clone().unwrap_or_else(|| s.name.clone()),
            share_of_inflow: inflow,
            share_of_stock: stock,
            survival,
            under_30: s.under_30,
        });
    }
    if !segments.is_empty() {
        let inflow: Vec<f64> = segments.iter().map(|s| s.share_of_inflow).collect();
        let stock: Vec<f64> = segments.iter().map(|s| s.share_of_stock).collect();
        c.weights_sum_to_one(
            &segs.index(0).key("share_of_inflow"),
            &inflow,
            "share_of_inflow over all segments",
        );
        c.weights_sum_to_one(
            &segs.index(0).key("share_of_stock"),
            &stock,
            "share_of_stock over all segments",
        );
    }
    segments
}

/// The index of the segment called `name`.
pub(super) fn segment_index(segments: &[Segment], name: &str) -> Option<usize> {
    segments.iter().position(|s| s.name == name)
}

/// The segments' names, for messages that list them.
pub(super) fn segment_names(segments: &[Segment]) -> Vec<&str> {
    segments.iter().map(|s| s.name.as_str()).collect()
}

fn survival_curve(c: &mut Checker, path: &FieldPath, raw: &RawSurvival) -> Option<SurvivalCurve> {
    let before = c.count();
    if raw.weeks.len() != raw.on_benefit.len() || raw.weeks.len() < 2 {
        c.problem(
            path,
            format!(
                "weeks and on_benefit need the same number of points, at least 2 (got {} and {})",
                raw.weeks.len(),
                raw.on_benefit.len()
            ),
        );
        return None;
    }
    if raw.weeks[0] != 0.0 {
        c.problem(
            &path.key("weeks").index(0),
            format!("the curve must start at week 0 (got {})", raw.weeks[0]),
        );
    }
    if raw.on_benefit[0] != 1.0 {
        c.problem(
            &path.key("on_benefit").index(0),
            format!(
                "everyone is on benefit at week 0, so the first value must be 1 (got {})",
                raw.on_benefit[0]
            ),
        );
    }
    for i in 0..raw.weeks.len() {
        let w = raw.weeks[i];
        let s = raw.on_benefit[i];
        if w.is_finite() && w > MAX_WEEKS {
            c.problem(
                &path.key("weeks").index(i),
                format!("must be at most 5217 weeks (100 years) (got {w})"),
            );
        } else if !w.is_finite() {
            c.problem(
                &path.key("weeks").index(i),
                format!("must be a number of weeks (got {})", crate::dist::show(w)),
            );
        } else if i > 0 && w <= raw.weeks[i - 1] {
            c.problem(
                &path.key("weeks").index(i),
                format!(
                    "weeks must increase strictly (got {w} after {})",
                    raw.weeks[i.saturating_sub(1)]
                ),
            );
        } else if i > 0 && w - raw.weeks[i - 1] < MIN_KNOT_GAP_WEEKS {
            // A hazard over a sliver of time would be astronomically large (or infinite).
            c.problem(
                &path.key("weeks").index(i),
                format!(
                    "points must be at least a day (1/7 week) apart (got {} after {})",
                    crate::dist::show(w),
                    raw.weeks[i - 1]
                ),
            );
        }
        if !s.is_finite() || s <= 0.0 || s > 1.0 {
            c.problem(
                &path.key("on_benefit").index(i),
                format!("must be a share above 0 and at most 1; use a small number such as 0.001 for \"almost nobody\" (got {s})"),
            );
        } else if i > 0 && s > raw.on_benefit[i - 1] {
            c.problem(
                &path.key("on_benefit").index(i),
                format!(
                    "a survival curve cannot rise: the share on benefit at week {w} ({s}) is above the share at week {} ({})",
                    raw.weeks[i - 1],
                    raw.on_benefit[i - 1]
                ),
            );
        }
    }
    (c.count() == before).then(|| SurvivalCurve::new(&raw.weeks, &raw.on_benefit))
}
