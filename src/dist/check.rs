//! Checking a [`DistSpec`]: every problem with its field, in plain language, and a valid spec
//! compiled into a [`Dist`].

use rand_distr::{Gamma, LogNormal};

use super::{show, Dist, DistSpec, Kind};

/// How far apart weights may sum from 1 before a scenario is rejected; hand-typed decimals such
/// as `0.1 + 0.2 + 0.7` never sum to exactly 1 in binary floating point.
const WEIGHT_SUM_TOLERANCE: f64 = 1e-6;

/// Limits on sd/mean for lognormal and gamma. Far outside anything plausible for a duration, yet
/// they keep the derived parameters (`(sd/mean)²`, `(mean/sd)²`) clear of overflow and underflow.
const MIN_SD_RATIO: f64 = 1e-12;
const MAX_SD_RATIO: f64 = 1e12;

/// One problem found when checking a [`DistSpec`]: `field` is the name of the offending field
/// inside the distribution table ("mean", "weights", ...), `message` says what is wrong and what
/// would be valid, in plain English, e.g. "must be greater than 0 (got -2)".
#[derive(Debug, Clone, PartialEq)]
pub struct DistProblem {
    pub field: &'static str,
    pub message: String,
}

/// Collects problems so that a scenario author sees all of them in one `check` run.
#[derive(Default)]
struct Problems(Vec<DistProblem>);

impl Problems {
    fn push(&mut self, field: &'static str, message: String) {
        self.0.push(DistProblem { field, message });
    }

    /// True if `x` is a finite number ≥ 0; otherwise records why not.
    fn non_negative(&mut self, field: &'static str, x: f64) -> bool {
        if !x.is_finite() {
            self.push(
                field,
                format!("must be a finite number ≥ 0 (got {})", show(x)),
            );
            false
        } else if x < 0.0 {
            self.push(field, format!("must be 0 or more (got {})", show(x)));
            false
        } else {
            true
        }
    }

    /// True if `x` is a finite number > 0; otherwise records why not.
    fn positive(&mut self, field: &'static str, x: f64) -> bool {
        if !x.is_finite() {
            self.push(
                field,
                format!("must be a finite number greater than 0 (got {})", show(x)),
            );
            false
        } else if x <= 0.0 {
            self.push(field, format!("must be greater than 0 (got {})", show(x)));
            false
        } else {
            true
        }
    }

    /// True if sd/mean is inside the supported range; otherwise records why not on `sd`.
    fn sd_ratio(&mut self, mean: f64, sd: f64) -> bool {
        let ratio = sd / mean;
        let (limit, relation) = if ratio > MAX_SD_RATIO {
            (
                MAX_SD_RATIO,
                "large compared with the mean: it may be at most",
            )
        } else if ratio < MIN_SD_RATIO {
            (
                MIN_SD_RATIO,
                "small compared with the mean: it must be at least",
            )
        } else {
            return true;
        };
        // The ratio itself may have overflowed, so the message quotes the inputs instead.
        self.push(
            "sd",
            format!(
                "is too {relation} {} times the mean, here {} (got {})",
                show(limit),
                show(mean * limit),
                show(sd)
            ),
        );
        false
    }

    fn into_result(self, dist: impl FnOnce() -> Dist) -> Result<Dist, Vec<DistProblem>> {
        if self.0.is_empty() {
            Ok(dist())
        } else {
            Err(self.0)
        }
    }
}

impl DistSpec {
    /// Check the parameters and compile into a sampler. Collects every problem, not just the
    /// first.
    pub fn compile(&self) -> Result<Dist, Vec<DistProblem>> {
        let mut p = Problems::default();
        match *self {
            DistSpec::Fixed { value } => {
                p.non_negative("value", value);
                p.into_result(|| Dist::from_kind(Kind::Fixed(value)))
            }
            DistSpec::Exponential { mean } => {
                p.positive("mean", mean);
                p.into_result(|| Dist::from_kind(Kind::Exponential { mean }))
            }
            DistSpec::Uniform { min, max } => uniform(p, min, max),
            DistSpec::Triangular { min, mode, max } => triangular(p, min, mode, max),
            DistSpec::Lognormal { mean, sd } => lognormal(p, mean, sd),
            DistSpec::Gamma { mean, sd } => gamma(p, mean, sd),
            DistSpec::Empirical {
                ref values,
                ref weights,
            } => empirical(p, values, weights),
        }
    }
}

/// Uniform: both ends ≥ 0, in order.
fn uniform(mut p: Problems, min: f64, max: f64) -> Result<Dist, Vec<DistProblem>> {
    let ok = p.non_negative("min", min) & p.non_negative("max", max);
    if ok && min > max {
        p.push(
            "max",
            format!("must be at least min ({}) (got {})", show(min), show(max)),
        );
    }
    p.into_result(|| {
        Dist::from_kind(Kind::Uniform {
            min,
            width: max - min,
        })
    })
}

/// Triangular: ends ≥ 0 and apart, the mode between them.
fn triangular(mut p: Problems, min: f64, mode: f64, max: f64) -> Result<Dist, Vec<DistProblem>> {
    let ok = p.non_negative("min", min) & p.non_negative("mode", mode) & p.non_negative("max", max);
    if ok {
        if min >= max {
            p.push(
                "max",
                format!(
                    "must be greater than min ({}) (got {}); use a fixed \
                     distribution for a constant",
                    show(min),
                    show(max)
                ),
            );
        } else if mode < min || mode > max {
            p.push(
                "mode",
                format!(
                    "must lie between min ({}) and max ({}) (got {})",
                    show(min),
                    show(max),
                    show(mode)
                ),
            );
        }
    }
    p.into_result(|| Dist::from_kind(Kind::triangular(min, mode, max)))
}

/// Lognormal: mean and sd > 0, their ratio in range, and parameters `rand_distr` accepts.
fn lognormal(mut p: Problems, mean: f64, sd: f64) -> Result<Dist, Vec<DistProblem>> {
    let ok = p.positive("mean", mean) & p.positive("sd", sd);
    if ok && p.sd_ratio(mean, sd) {
        // ln_1p keeps sigma accurate when sd is tiny compared with the mean.
        let sigma2 = (sd / mean).powi(2).ln_1p();
        let mu = mean.ln() - sigma2 / 2.0;
        match LogNormal::new(mu, sigma2.sqrt()) {
            Ok(d) => return Ok(Dist::from_kind(Kind::Lognormal { d, mean })),
            Err(_) => p.push("sd", too_extreme("lognormal", mean, sd)),
        }
    }
    Err(p.0)
}

/// Gamma: mean and sd > 0, their ratio in range, and a finite scale `rand_distr` accepts.
fn gamma(mut p: Problems, mean: f64, sd: f64) -> Result<Dist, Vec<DistProblem>> {
    let ok = p.positive("mean", mean) & p.positive("sd", sd);
    if ok && p.sd_ratio(mean, sd) {
        let shape = (mean / sd).powi(2);
        // sd·(sd/mean) rather than sd²/mean: sd² alone can overflow.
        let scale = sd * (sd / mean);
        // rand_distr accepts an infinite scale when shape < 1, then samples ∞·0.
        let gamma = Some(scale)
            .filter(|s| s.is_finite())
            .and_then(|scale| Gamma::new(shape, scale).ok());
        match gamma {
            Some(d) => return Ok(Dist::from_kind(Kind::Gamma { d, mean })),
            None => p.push("sd", too_extreme("gamma", mean, sd)),
        }
    }
    Err(p.0)
}

/// Empirical: as many weights as values, all finite and ≥ 0, weights summing to 1.
fn empirical(mut p: Problems, values: &[f64], weights: &[f64]) -> Result<Dist, Vec<DistProblem>> {
    if values.is_empty() {
        p.push("values", "must list at least one value".to_owned());
    }
    if weights.is_empty() {
        p.push("weights", "must list at least one weight".to_owned());
    }
    if !values.is_empty() && !weights.is_empty() && values.len() != weights.len() {
        p.push(
            "weights",
            format!(
                "must have exactly one weight per value (got {} values and {} \
                 weights)",
                values.len(),
                weights.len()
            ),
        );
    }
    for (i, &v) in values.iter().enumerate() {
        if !(v.is_finite() && v >= 0.0) {
            p.push(
                "values",
                format!(
                    "value number {} must be a finite number ≥ 0 (got {})",
                    i + 1,
                    show(v)
                ),
            );
        }
    }
    let mut weights_ok = !weights.is_empty();
    for (i, &w) in weights.iter().enumerate() {
        if !(w.is_finite() && w >= 0.0) {
            weights_ok = false;
            p.push(
                "weights",
                format!(
                    "weight number {} must be a finite number ≥ 0 (got {})",
                    i + 1,
                    show(w)
                ),
            );
        }
    }
    // A sum is only meaningful once every weight is a valid number.
    if weights_ok {
        let sum: f64 = weights.iter().sum();
        if (sum - 1.0).abs() > WEIGHT_SUM_TOLERANCE {
            p.push(
                "weights",
                format!("must sum to 1 (they sum to {})", show(sum)),
            );
        }
    }
    p.into_result(|| Dist::from_kind(Kind::empirical(values, weights)))
}

fn too_extreme(kind: &str, mean: f64, sd: f64) -> String {
    format!(
        "together with mean {} gives a {kind} distribution too extreme to sample (got {}); use \
         smaller numbers",
        show(mean),
        show(sd)
    )
}
