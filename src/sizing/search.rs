//! The search for the smallest places or FTE that meet the targets: the smallest setting, the
//! current one, doubling until the targets hold, bisection, and always one step fewer judged, so
//! the answer comes with its neighbour.

use super::judge::Verdict;
use super::lever::{self, Lever};
use super::target::Target;
use super::{evaluate, Budget, Evaluation, Progress};
use crate::figures::Lang;
use crate::lang::Text;
use crate::scenario::Scenario;

/// The answer of a capacity or FTE search.
#[derive(Debug, Clone)]
pub struct SizeResult {
    /// Places or FTE, or `None` when no setting up to the limit meets the targets.
    pub answer: Option<f64>,
    /// Every candidate run, by setting.
    pub evaluations: Vec<Evaluation>,
    /// Highest setting tried when nothing met the targets.
    pub limit: f64,
    /// When the lever stopped helping: what holds the targets back instead, with advice.
    pub limited_by: Vec<Text>,
    pub warnings: Vec<Text>,
}

impl SizeResult {
    pub fn at(&self, setting: f64) -> Option<&Evaluation> {
        self.evaluations
            .iter()
            .find(|e| (e.setting - setting).abs() < 1e-9)
    }
}

/// Largest number of places or FTE steps tried before giving up.
const MAX_STEPS: u32 = 100_000;

/// The smallest setting of `lever` in `[min, max]` steps meeting every target. Assumes more
/// places (or staff) never make a target worse, checks the candidates it ran against that, and
/// warns when they contradict it.
pub fn size(
    scenario: &Scenario,
    lever: &Lever,
    targets: &[Target],
    budget: &Budget,
    min: u32,
    max: Option<u32>,
    progress: Progress,
) -> Result<SizeResult, String> {
    let model = &scenario.model;
    let mut evals: Vec<(u32, Evaluation)> = Vec::new();
    let run = |k: u32, evals: &mut Vec<(u32, Evaluation)>| -> Result<Verdict, String> {
        if let Some((_, e)) = evals.iter().find(|(j, _)| *j == k) {
            return Ok(e.verdict);
        }
        let m = scenario
            .with(&lever::overrides(scenario, lever, k))
            .map_err(|e| e.to_string())?;
        let watched = match *lever {
            Lever::Stage { stage, .. } => Some(stage),
            Lever::Role { .. } => None,
        };
        let e = evaluate(
            &m,
            targets,
            budget,
            lever::value(lever, k),
            lever::label(lever, k, Lang::Da),
            progress,
            watched,
        )?;
        let v = e.verdict;
        evals.push((k, e));
        Ok(v)
    };

    let cap = max.unwrap_or(MAX_STEPS).max(min);
    let mut answer = None;
    let mut warnings = Vec::new();
    let mut limit = f64::from(cap);
    let mut limited_by = Vec::new();
    if run(min, &mut evals)? == Verdict::Met {
        answer = Some(min);
    } else if cap <= min {
        limit = lever::value(lever, min);
    } else {
        // Find a setting that meets the targets: the current one, or doubling from it.
        let mut lo = min;
        let mut hi = lever::current_steps(model, lever).clamp(min.saturating_add(1), cap);
        loop {
            if run(hi, &mut evals)? == Verdict::Met {
                break;
            }
            // More places cannot help once nobody waits for one, and on common random numbers
            // two doublings with exactly the same figures say the lever no longer matters.
            let last = &evals[evals.len() - 1].1;
            let saturated =
                last.idle || (unchanged(&evals, 3) && last.pressure.slack(model, lever));
            if hi >= cap || saturated {
                limit = lever::value(lever, hi);
                if saturated {
                    limited_by = super::binds::what_binds(model, lever, targets, &last.pressure);
                    if !last.idle {
                        // The figures have been the same since the first of the unchanged run.
                        limit = lever::value(lever, evals[evals.len() - 3].0);
                        lo = evals[evals.len() - 3].0;
                    }
                    let (idle, at) = (last.idle, if last.idle { hi } else { lo });
                    warnings.push(Text::by(|lang| {
                        let (n, unit) = (lever::label(lever, at, lang), lever::unit_word(lever, lang));
                        match (idle, lang) {
                            (true, Lang::Da) => format!("med {n} {unit} venter ingen længere på en plads, men kravene er stadig ikke opfyldt: noget andet i scenariet begrænser dem"),
                            (true, Lang::En) => format!("with {n} {unit} nobody waits for a place any more, yet the requirements are not met: they are limited by something else in the scenario"),
                            (false, Lang::Da) => format!("ud over {n} {unit} ændrer tallene sig ikke længere: noget andet i scenariet begrænser kravene"),
                            (false, Lang::En) => format!("beyond {n} {unit} the figures no longer change: the requirements are limited by something else in the scenario"),
                        }
                    }));
                }
                hi = u32::MAX;
                break;
            }
            lo = hi;
            hi = hi.saturating_mul(2).min(cap);
        }
        if hi != u32::MAX {
            // Invariant: `hi` meets the targets, `lo` does not (or is in doubt).
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if run(mid, &mut evals)? == Verdict::Met {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            answer = Some(hi);
            // Always judge one step fewer, so the answer comes with its neighbour.
            if hi > min {
                run(hi - 1, &mut evals)?;
            }
        }
    }
    evals.sort_by_key(|(k, _)| *k);
    let met: Vec<u32> = evals
        .iter()
        .filter(|(_, e)| e.verdict == Verdict::Met)
        .map(|(k, _)| *k)
        .collect();
    if let Some((k, _)) = evals
        .iter()
        .find(|(k, e)| e.verdict == Verdict::NotMet && met.iter().any(|m| m < k))
    {
        let k = *k;
        warnings.push(Text::by(|lang| {
            let (n, unit) = (lever::label(lever, k, lang), lever::unit_word(lever, lang));
            match lang {
                Lang::Da => format!("kravene blev opfyldt med færre {unit}, men ikke med {n}: tallene bliver ikke jævnt bedre med flere {unit}, så svaret er måske ikke det mindste, der virker"),
                Lang::En => format!("the requirements were met with fewer {unit} but missed with {n}: the figures do not improve steadily with {unit}, so the answer may not be the smallest that works"),
            }
        }));
    }
    Ok(SizeResult {
        answer: answer.map(|k| lever::value(lever, k)),
        evaluations: evals.into_iter().map(|(_, e)| e).collect(),
        limit,
        limited_by,
        warnings,
    })
}

/// The last `n` candidates run gave exactly the same figure for every target.
fn unchanged(evals: &[(u32, Evaluation)], n: usize) -> bool {
    evals.len() >= n && {
        let last = &evals[evals.len() - n..];
        last.windows(2).all(|w| {
            w[0].1.checks.iter().zip(&w[1].1.checks).all(|(x, y)| {
                x.summary.mean.is_finite() && x.summary.mean.to_bits() == y.summary.mean.to_bits()
            })
        })
    }
}
