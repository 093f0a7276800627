//! Where citizens go next: a stage's routes out with their weights, its breakdown, and the
//! target (a stage or a way out of the system) that routes, breakdowns and paths all name.

use super::checker::{one_of, Checker};
use super::{MAX_DAYS, SPECIAL_TARGETS};
use crate::model::{Breakdown, Referral, Route, Target};
use crate::scenario::error::FieldPath;
use crate::scenario::raw::RawStage;

/// The stage's routes, and their cumulative shares for drawing one.
pub(super) fn routes(
    c: &mut Checker,
    p: &FieldPath,
    s: &RawStage,
    stage_names: &[&str],
) -> (Vec<Route>, Vec<f64>) {
    if s.routes.is_empty() {
        c.problem(
            &p.key("routes"),
            format!("stage \"{}\" needs at least one route out, e.g. routes = [{{ to = \"passive\", weight = 1.0 }}]", s.name),
        );
    }
    let mut routes = Vec::new();
    for (j, r) in s.routes.iter().enumerate() {
        let q = p.key("routes").index(j);
        let target = target(
            c,
            &q,
            &r.to,
            r.fallback.as_deref(),
            r.max_wait_days,
            stage_names,
            true,
        );
        let weight = c.range(
            &q.key("weight"),
            r.weight,
            0.0,
            1.0,
            "must be a weight from 0 to 1",
        );
        routes.push(Route { target, weight });
    }
    c.weights_sum_to_one(
        &p.key("routes"),
        &routes.iter().map(|r| r.weight).collect::<Vec<_>>(),
        "the route weights",
    );
    let mut acc = 0.0;
    let total: f64 = routes.iter().map(|r| r.weight).sum();
    let route_cumulative = routes
        .iter()
        .map(|r| {
            acc += r.weight;
            if total > 0.0 {
                acc / total
            } else {
                1.0
            }
        })
        .collect();
    (routes, route_cumulative)
}

pub(super) fn breakdown(
    c: &mut Checker,
    p: &FieldPath,
    s: &RawStage,
    stage_names: &[&str],
) -> Option<Breakdown> {
    s.breakdown.as_ref().map(|b| {
        let q = p.key("breakdown");
        Breakdown {
            probability: c.range(
                &q.key("probability"),
                b.probability,
                0.0,
                1.0,
                "must be a probability from 0 to 1",
            ),
            after: c.dist(&q.key("after"), &b.after, MAX_DAYS, "days"),
            target: target(c, &q, &b.to, None, None, stage_names, true),
        }
    })
}

/// Where a route, breakdown or path leads: a stage (with an optional fallback and maximum wait)
/// or, where `specials` allows, one of the [`SPECIAL_TARGETS`].
pub(super) fn target(
    c: &mut Checker,
    path: &FieldPath,
    to: &str,
    fallback: Option<&str>,
    max_wait_days: Option<f64>,
    stage_names: &[&str],
    specials: bool,
) -> Target {
    let stage = stage_names.iter().position(|n| *n == to);
    let fallback_index = fallback.and_then(|f| {
        let idx = stage_names.iter().position(|n| *n == f);
        if idx.is_none() {
            c.problem(
                &path.key("fallback"),
                format!("\"{f}\" is not a stage; use one of {}", one_of(stage_names)),
            );
        } else if idx == stage {
            c.problem(
                &path.key("fallback"),
                "the fallback must be another stage than the one referred to",
            );
        }
        idx
    });
    let max_wait_days = max_wait_days.map(|m| c.days(&path.key("max_wait_days"), m));
    match (stage, to) {
        (Some(s), _) => Target::Stage(Referral {
            stage: s,
            fallback: fallback_index,
            max_wait_days,
        }),
        (None, "job") | (None, "passive") | (None, "other_benefit") => {
            if fallback.is_some() || max_wait_days.is_some() {
                c.problem(
                    &path.key("to"),
                    format!(
                        "fallback and max_wait_days only apply when `to` is a stage, not \"{to}\""
                    ),
                );
            }
            match to {
                "job" => Target::Job,
                "passive" => Target::Passive,
                _ => Target::OtherBenefit,
            }
        }
        (None, _) => {
            let mut valid: Vec<&str> = stage_names.to_vec();
            if specials {
                valid.extend(SPECIAL_TARGETS);
            }
            c.problem(
                &path.key("to"),
                format!("\"{to}\" is not a stage; use one of {}", one_of(&valid)),
            );
            Target::Passive
        }
    }
}
