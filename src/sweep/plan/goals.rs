//! The objective, constraints, Pareto figures and shown figures of a plan, as figures of the
//! base model with the way each should go.

use super::problems::Problems;
use super::read::RawPlan;
use super::Goal;
use crate::figures::Direction;
use crate::model::Model;
use crate::scenario::error::FieldPath;
use crate::sizing::target::{parse_target, resolve_metric, Metric, Target};

/// A figure as a plan names it ("mal2", "cost_total_dkk", "virksomhedscenter.liggetid_p90").
fn metric(model: &Model, text: &str) -> Result<Metric, String> {
    let name = text
        .trim()
        .replace("mål", "mal")
        .replace("Mål", "mal")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("_");
    resolve_metric(model, &name, None, None).map_err(|why| {
        format!("{why}; name a key figure (e.g. mal2, cost_total_dkk), STAGE.FIELD (e.g. virksomhedscenter.wait_days_p90) or ROLE.FIELD (e.g. sagsbehandlere.fte_needed_mean)")
    })
}

/// A figure and its goal: "max"/"min" as written, or else the figure's own direction.
fn goal(model: &Model, figure: &str, written: Option<&str>) -> Result<Goal, String> {
    let metric = metric(model, figure)?;
    let maximize = match written.map(|g| g.trim().to_lowercase()) {
        Some(g) if g == "max" || g == "maximize" => true,
        Some(g) if g == "min" || g == "minimize" => false,
        Some(g) => return Err(format!("goal \"{g}\" is neither max nor min")),
        None => match metric.figure().direction {
            Direction::HigherIsBetter => true,
            Direction::LowerIsBetter => false,
            Direction::Neither => {
                return Err(format!(
                    "\"{figure}\" is neither better high nor low; say which with max or min"
                ))
            }
        },
    };
    Ok(Goal { metric, maximize })
}

pub(super) type Goals = (Option<Goal>, Vec<Target>, Option<[Goal; 2]>, Vec<Metric>);

/// The objective, constraints, Pareto figures and shown figures, checked against the base model.
pub(super) fn goals(raw: &RawPlan, model: &Model, problems: &mut Problems<'_>) -> Goals {
    let root = FieldPath::default();
    let objective = raw.objective.as_ref().and_then(|o| {
        goal(model, &o.figure, o.goal.as_deref())
            .map_err(|m| problems.add(&root.key("objective"), m))
            .ok()
    });
    let constraints = raw
        .constraints
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            parse_target(model, text, None, None)
                .map_err(|m| problems.add(&root.key("constraints").index(i), m))
                .ok()
        })
        .collect();
    let pareto: Vec<Goal> = raw
        .pareto
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            let t = text.trim();
            let (word, figure) = match t.split_once(char::is_whitespace) {
                Some((w, f)) if ["max", "min"].contains(&w.to_lowercase().as_str()) => (Some(w), f),
                _ => (None, t),
            };
            goal(model, figure, word)
                .map_err(|m| problems.add(&root.key("pareto").index(i), m))
                .ok()
        })
        .collect();
    if !raw.pareto.is_empty() && raw.pareto.len() != 2 {
        problems.add(
            &root.key("pareto"),
            "pareto names two figures, e.g. [\"cost_total_dkk\", \"mal2\"]",
        );
    }
    let show = raw
        .show
        .iter()
        .enumerate()
        .filter_map(|(i, text)| {
            metric(model, text)
                .map_err(|m| problems.add(&root.key("show").index(i), m))
                .ok()
        })
        .collect();
    let pareto = <[Goal; 2]>::try_from(pareto).ok();
    (objective, constraints, pareto, show)
}
