//! Probability distributions for durations and other non-negative quantities. Scenario files
//! describe them as a [`DistSpec`]; [`DistSpec::compile`] checks the parameters, reports every
//! problem in plain language, and turns a valid spec into a [`Dist`] whose `sample` does no
//! allocation or parameter arithmetic in the engine's hot path.
//!
//! The work is split by job: this file holds the sampler ([`Dist`]); `spec` the raw form, its
//! description and how its numbers are written; `check` the checks that compile a spec.

mod check;
mod spec;
#[cfg(test)]
mod tests;

pub use check::DistProblem;
pub use spec::{show, DistSpec};

use std::sync::Arc;

use rand::Rng;
use rand_distr::{Distribution, Gamma, LogNormal};

/// A validated distribution, ready to sample. Cheap to clone (an empirical table is shared, not
/// copied); `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Dist {
    kind: Kind,
}

/// Parameters are stored in the form `sample` uses them, so that sampling is a few arithmetic
/// operations on one uniform draw (or a ziggurat normal/gamma draw).
#[derive(Debug, Clone)]
enum Kind {
    Fixed(f64),
    Exponential {
        mean: f64,
    },
    Uniform {
        min: f64,
        width: f64,
    },
    /// Inverse CDF split at the mode: below `split` the sample is `min + left·√u`, above it
    /// `max − right·√(1−u)`.
    Triangular {
        min: f64,
        max: f64,
        split: f64,
        left: f64,
        right: f64,
        mean: f64,
    },
    Lognormal {
        d: LogNormal<f64>,
        mean: f64,
    },
    Gamma {
        d: Gamma<f64>,
        mean: f64,
    },
    Empirical(Arc<EmpiricalTable>),
}

#[derive(Debug)]
struct EmpiricalTable {
    /// Only values with positive weight, so that a zero-weight value can never be drawn.
    values: Box<[f64]>,
    /// Normalised running totals of the weights; the last is exactly 1 so that a uniform draw
    /// in `[0, 1)` always lands inside the table.
    cumulative: Box<[f64]>,
    mean: f64,
}

impl Kind {
    fn triangular(min: f64, mode: f64, max: f64) -> Kind {
        let width = max - min;
        // Products of square roots rather than square roots of products: (max−min)·(mode−min)
        // can overflow for huge but finite inputs, and ∞·0 would give NaN.
        Kind::Triangular {
            min,
            max,
            split: (mode - min) / width,
            left: width.sqrt() * (mode - min).sqrt(),
            right: width.sqrt() * (max - mode).sqrt(),
            mean: min + (mode - min) / 3.0 + width / 3.0,
        }
    }

    fn empirical(values: &[f64], weights: &[f64]) -> Kind {
        let (values, weights): (Vec<f64>, Vec<f64>) = values
            .iter()
            .zip(weights)
            .filter(|&(_, &w)| w > 0.0)
            .unzip();
        let total: f64 = weights.iter().sum();
        let mut running = 0.0;
        let mut cumulative: Box<[f64]> = weights
            .iter()
            .map(|w| {
                running += w;
                running / total
            })
            .collect();
        if let Some(last) = cumulative.last_mut() {
            *last = 1.0;
        }
        let mean = values.iter().zip(&weights).map(|(v, w)| v * w).sum::<f64>() / total;
        Kind::Empirical(Arc::new(EmpiricalTable {
            values: values.into_boxed_slice(),
            cumulative,
            mean,
        }))
    }
}

impl Dist {
    fn from_kind(kind: Kind) -> Dist {
        Dist { kind }
    }

    /// Draw one value: always finite and ≥ 0.
    ///
    /// Fixed draws no random numbers; exponential, uniform, triangular and empirical draw exactly
    /// one `u64` each (by inverse CDF); lognormal and gamma draw a variable number.
    #[inline]
    pub fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let x = match &self.kind {
            // Deliberately no draw: scenarios are compared with common random numbers, and a
            // stage whose duration is fixed in one scenario must not shift the random stream
            // seen by every later event, or the comparison would pick up pure noise.
            Kind::Fixed(value) => return *value,
            // Inverse CDF rather than ziggurat: one draw per sample, monotone in the draw, so
            // changing a mean between scenarios keeps the streams aligned and correlated.
            // `1 − u` lies in (0, 1], so the logarithm is finite.
            Kind::Exponential { mean } => -mean * (1.0 - rng.random::<f64>()).ln(),
            Kind::Uniform { min, width } => min + width * rng.random::<f64>(),
            Kind::Triangular {
                min,
                max,
                split,
                left,
                right,
                ..
            } => {
                let u = rng.random::<f64>();
                let x = if u < *split {
                    min + left * u.sqrt()
                } else {
                    max - right * (1.0 - u).sqrt()
                };
                // Rounding could otherwise step just outside the support.
                x.clamp(*min, *max)
            }
            Kind::Lognormal { d, .. } => return sample_ziggurat(d, rng),
            Kind::Gamma { d, .. } => return sample_ziggurat(d, rng),
            Kind::Empirical(table) => {
                let u = rng.random::<f64>();
                let i = table.cumulative.partition_point(|&c| c <= u);
                // `cumulative` ends in 1 > u, so `i` is in range; `min` spares a panic path.
                table.values[i.min(table.values.len() - 1)]
            }
        };
        finite_non_negative(x)
    }

    /// Probability that a draw is exactly 0 (a stay or delay that takes no time).
    pub fn mass_at_zero(&self) -> f64 {
        match &self.kind {
            Kind::Fixed(value) => f64::from(u8::from(*value == 0.0)),
            Kind::Uniform { min, width } => f64::from(u8::from(*min == 0.0 && *width == 0.0)),
            Kind::Empirical(table) => {
                let mut before = 0.0;
                let mut mass = 0.0;
                for (v, c) in table.values.iter().zip(table.cumulative.iter()) {
                    if *v == 0.0 {
                        mass += c - before;
                    }
                    before = *c;
                }
                mass
            }
            // Continuous: a draw of exactly 0 has probability 0 (or 2⁻⁵³, never twice).
            _ => 0.0,
        }
    }

    /// Exact mean of the distribution.
    pub fn mean(&self) -> f64 {
        match &self.kind {
            Kind::Fixed(value) => *value,
            Kind::Exponential { mean }
            | Kind::Triangular { mean, .. }
            | Kind::Lognormal { mean, .. }
            | Kind::Gamma { mean, .. } => *mean,
            Kind::Uniform { min, width } => min + width / 2.0,
            Kind::Empirical(table) => table.mean,
        }
    }

    /// Always `value`. Never panics: NaN and negative values become 0 and +∞ becomes
    /// `f64::MAX`, because a sampler must not yield a time the engine cannot schedule.
    pub fn fixed(value: f64) -> Dist {
        Dist::from_kind(Kind::Fixed(finite_non_negative(value)))
    }

    /// Exponential with the given mean. Never panics: a mean that is not a finite number > 0
    /// gives `Dist::fixed(mean)` instead (so 0 for NaN, zero or negative means).
    pub fn exponential(mean: f64) -> Dist {
        if mean.is_finite() && mean > 0.0 {
            Dist::from_kind(Kind::Exponential { mean })
        } else {
            Dist::fixed(mean)
        }
    }
}

/// [`Dist::sample`] of the lognormal and gamma, by `rand_distr`'s ziggurat samplers: out of
/// line, as their many registers would otherwise be saved and restored at every draw of the
/// other distributions too.
#[inline(never)]
fn sample_ziggurat<D: Distribution<f64>, R: Rng + ?Sized>(d: &D, rng: &mut R) -> f64 {
    finite_non_negative(d.sample(rng))
}

/// Valid but extreme parameters (near `f64::MAX`) can overflow in intermediate arithmetic. The
/// engine relies on finite, non-negative quantities, so clamp here (NaN fails the comparison and
/// becomes 0; `f64::clamp` would pass it through).
#[inline]
fn finite_non_negative(x: f64) -> f64 {
    if x >= 0.0 {
        x.min(f64::MAX)
    } else {
        0.0
    }
}
