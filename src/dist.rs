//! Probability distributions for durations and other non-negative quantities. Scenario files
//! describe them as a [`DistSpec`]; [`DistSpec::compile`] checks the parameters, reports every
//! problem in plain language, and turns a valid spec into a [`Dist`] whose `sample` does no
//! allocation or parameter arithmetic in the engine's hot path.

use std::sync::Arc;

use rand::Rng;
use rand_distr::{Distribution, Gamma, LogNormal};

/// How far apart weights may sum from 1 before a scenario is rejected; hand-typed decimals such
/// as `0.1 + 0.2 + 0.7` never sum to exactly 1 in binary floating point.
const WEIGHT_SUM_TOLERANCE: f64 = 1e-6;

/// Limits on sd/mean for lognormal and gamma. Far outside anything plausible for a duration, yet
/// they keep the derived parameters (`(sd/mean)²`, `(mean/sd)²`) clear of overflow and underflow.
const MIN_SD_RATIO: f64 = 1e-12;
const MAX_SD_RATIO: f64 = 1e12;

/// Empirical tables longer than this are summarised by `describe` instead of listed.
const DESCRIBE_MAX_PAIRS: usize = 8;

/// The raw form in a scenario file, e.g. `{ dist = "triangular", min = 2, mode = 5, max = 14 }`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(tag = "dist", rename_all = "snake_case", deny_unknown_fields)]
pub enum DistSpec {
    Fixed {
        value: f64,
    },
    Exponential {
        mean: f64,
    },
    Uniform {
        min: f64,
        max: f64,
    },
    Triangular {
        min: f64,
        mode: f64,
        max: f64,
    },
    /// `mean` and `sd` are those of the variable itself, not of its logarithm, because that is
    /// what planners measure and can sanity-check.
    Lognormal {
        mean: f64,
        sd: f64,
    },
    /// Parametrised by mean and sd for the same reason as `Lognormal`;
    /// shape = (mean/sd)², scale = sd²/mean.
    Gamma {
        mean: f64,
        sd: f64,
    },
    /// `values[i]` occurs with probability `weights[i]`.
    Empirical {
        values: Vec<f64>,
        weights: Vec<f64>,
    },
}

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
    /// Every number of the spec with its field name (weights excluded: they are not in the
    /// variable's unit), so callers can bound them in the unit the spec is used in.
    pub fn parameters(&self) -> Vec<(&'static str, f64)> {
        match self {
            DistSpec::Fixed { value } => vec![("value", *value)],
            DistSpec::Exponential { mean } => vec![("mean", *mean)],
            DistSpec::Uniform { min, max } => vec![("min", *min), ("max", *max)],
            DistSpec::Triangular { min, mode, max } => {
                vec![("min", *min), ("mode", *mode), ("max", *max)]
            }
            DistSpec::Lognormal { mean, sd } | DistSpec::Gamma { mean, sd } => {
                vec![("mean", *mean), ("sd", *sd)]
            }
            DistSpec::Empirical { values, .. } => values.iter().map(|&v| ("values", v)).collect(),
        }
    }

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
            DistSpec::Uniform { min, max } => {
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
            DistSpec::Triangular { min, mode, max } => {
                let ok = p.non_negative("min", min)
                    & p.non_negative("mode", mode)
                    & p.non_negative("max", max);
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
            DistSpec::Lognormal { mean, sd } => {
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
            DistSpec::Gamma { mean, sd } => {
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
            DistSpec::Empirical {
                ref values,
                ref weights,
            } => {
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
        }
    }

    /// Short human description for reports, e.g. "triangular(2, 5, 14)".
    pub fn describe(&self) -> String {
        match self {
            DistSpec::Fixed { value } => format!("fixed({})", show(*value)),
            DistSpec::Exponential { mean } => format!("exponential(mean {})", show(*mean)),
            DistSpec::Uniform { min, max } => format!("uniform({}, {})", show(*min), show(*max)),
            DistSpec::Triangular { min, mode, max } => {
                format!(
                    "triangular({}, {}, {})",
                    show(*min),
                    show(*mode),
                    show(*max)
                )
            }
            DistSpec::Lognormal { mean, sd } => {
                format!("lognormal(mean {}, sd {})", show(*mean), show(*sd))
            }
            DistSpec::Gamma { mean, sd } => {
                format!("gamma(mean {}, sd {})", show(*mean), show(*sd))
            }
            DistSpec::Empirical { values, weights } => {
                if values.len() <= DESCRIBE_MAX_PAIRS && values.len() == weights.len() {
                    let pairs: Vec<String> = values
                        .iter()
                        .zip(weights)
                        .map(|(v, w)| format!("{}: {}", show(*v), show(*w)))
                        .collect();
                    format!("empirical({})", pairs.join(", "))
                } else {
                    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
                    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                    match values.len() {
                        0 => "empirical(no values)".to_owned(),
                        n => format!("empirical({n} values from {} to {})", show(lo), show(hi)),
                    }
                }
            }
        }
    }
}

fn too_extreme(kind: &str, mean: f64, sd: f64) -> String {
    format!(
        "together with mean {} gives a {kind} distribution too extreme to sample (got {}); use \
         smaller numbers",
        show(mean),
        show(sd)
    )
}

/// A number as a scenario author would write it: at most 10 significant digits (so that a sum
/// such as 0.8999999999999999 reads 0.9), exponent form only for very large or small numbers,
/// and `nan`/`inf` spelt as in TOML.
pub fn show(x: f64) -> String {
    if x.is_nan() {
        return "nan".to_owned();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_owned();
    }
    // Round-tripping through a 10-significant-digit string yields the double nearest that
    // decimal, which `Display` then prints in its shortest form.
    let rounded: f64 = format!("{x:.9e}").parse().unwrap_or(x);
    let magnitude = rounded.abs();
    if magnitude != 0.0 && !(1e-4..1e9).contains(&magnitude) {
        format!("{rounded:e}")
    } else {
        format!("{rounded}")
    }
}

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
            Kind::Lognormal { d, .. } => d.sample(rng),
            Kind::Gamma { d, .. } => d.sample(rng),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::Stream as Xoshiro;
    use rand::{RngCore, SeedableRng};
    use statrs::distribution::ContinuousCDF;

    const N: usize = 200_000;

    fn compile(spec: DistSpec) -> Dist {
        spec.compile().expect("spec should be valid")
    }

    fn draws(dist: &Dist, seed: u64) -> Vec<f64> {
        let mut rng = Xoshiro::seed_from_u64(seed);
        (0..N).map(|_| dist.sample(&mut rng)).collect()
    }

    fn mean_sd(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let mean = xs.iter().sum::<f64>() / n;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (mean, var.sqrt())
    }

    /// Sample mean within 4 standard errors of `mean`, using the exact `sd`.
    fn assert_mean(xs: &[f64], mean: f64, sd: f64) {
        let (m, _) = mean_sd(xs);
        let se = sd / (xs.len() as f64).sqrt();
        assert!(
            (m - mean).abs() < 4.0 * se,
            "sample mean {m}, expected {mean} ± {}",
            4.0 * se
        );
    }

    fn assert_sd(xs: &[f64], sd: f64, rel: f64) {
        let (_, s) = mean_sd(xs);
        assert!((s / sd - 1.0).abs() < rel, "sample sd {s}, expected {sd}");
    }

    /// Kolmogorov–Smirnov distance to an independently implemented CDF, against the 0.1%
    /// critical value 1.95/√n.
    fn assert_ks(xs: &[f64], cdf: impl Fn(f64) -> f64) {
        let mut xs = xs.to_vec();
        xs.sort_by(f64::total_cmp);
        let n = xs.len() as f64;
        let d = xs
            .iter()
            .enumerate()
            .map(|(i, &x)| {
                let f = cdf(x);
                (f - i as f64 / n).abs().max(((i + 1) as f64 / n - f).abs())
            })
            .fold(0.0, f64::max);
        assert!(d < 1.95 / n.sqrt(), "KS distance {d} too large");
    }

    fn assert_close(actual: f64, expected: f64) {
        assert!(
            (actual - expected).abs() <= 1e-12 * expected.abs().max(1.0),
            "{actual} != {expected}"
        );
    }

    fn fields(spec: DistSpec) -> Vec<&'static str> {
        spec.compile()
            .expect_err("spec should be invalid")
            .into_iter()
            .map(|p| p.field)
            .collect()
    }

    fn messages(spec: DistSpec) -> Vec<String> {
        spec.compile()
            .expect_err("spec should be invalid")
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn fixed_always_returns_value_and_draws_nothing() {
        let d = compile(DistSpec::Fixed { value: 3.5 });
        let mut rng = Xoshiro::seed_from_u64(1);
        let mut untouched = rng.clone();
        for _ in 0..10 {
            assert_eq!(d.sample(&mut rng), 3.5);
        }
        assert_eq!(rng.next_u64(), untouched.next_u64());
        assert_eq!(d.mean(), 3.5);
    }

    #[test]
    fn exponential() {
        let d = compile(DistSpec::Exponential { mean: 7.0 });
        let xs = draws(&d, 2);
        assert!(xs.iter().all(|&x| x >= 0.0 && x.is_finite()));
        assert_mean(&xs, 7.0, 7.0);
        assert_sd(&xs, 7.0, 0.02);
        let reference = statrs::distribution::Exp::new(1.0 / 7.0).unwrap();
        assert_ks(&xs, |x| reference.cdf(x));
        assert_eq!(d.mean(), 7.0);
    }

    #[test]
    fn uniform() {
        let d = compile(DistSpec::Uniform { min: 2.0, max: 8.0 });
        let xs = draws(&d, 3);
        assert!(xs.iter().all(|&x| (2.0..=8.0).contains(&x)));
        assert_mean(&xs, 5.0, 6.0 / 12f64.sqrt());
        assert_ks(&xs, |x| (x - 2.0) / 6.0);
        assert_close(d.mean(), 5.0);
    }

    #[test]
    fn uniform_with_equal_bounds_is_constant() {
        let d = compile(DistSpec::Uniform { min: 4.0, max: 4.0 });
        assert!(draws(&d, 4).iter().all(|&x| x == 4.0));
        assert_eq!(d.mean(), 4.0);
    }

    #[test]
    fn triangular() {
        let (a, c, b) = (2.0, 5.0, 14.0);
        let d = compile(DistSpec::Triangular {
            min: a,
            mode: c,
            max: b,
        });
        let xs = draws(&d, 5);
        assert!(xs.iter().all(|&x| (a..=b).contains(&x)));
        let exact_mean = (a + c + b) / 3.0;
        let exact_sd = ((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0).sqrt();
        assert_mean(&xs, exact_mean, exact_sd);
        assert_sd(&xs, exact_sd, 0.02);
        let reference = statrs::distribution::Triangular::new(a, b, c).unwrap();
        assert_ks(&xs, |x| reference.cdf(x));
        assert_close(d.mean(), 7.0);
    }

    #[test]
    fn triangular_with_mode_at_an_end() {
        for (mode, expected_mean) in [(0.0, 10.0 / 3.0), (10.0, 20.0 / 3.0)] {
            let d = compile(DistSpec::Triangular {
                min: 0.0,
                mode,
                max: 10.0,
            });
            let xs = draws(&d, 6);
            assert!(xs.iter().all(|&x| (0.0..=10.0).contains(&x)));
            assert_mean(&xs, expected_mean, (100.0f64 / 18.0).sqrt());
            assert_close(d.mean(), expected_mean);
        }
    }

    /// Always draws 0, to probe the inverse CDFs at the edge of their domain.
    struct ZeroRng;

    impl RngCore for ZeroRng {
        fn next_u32(&mut self) -> u32 {
            0
        }
        fn next_u64(&mut self) -> u64 {
            0
        }
        fn fill_bytes(&mut self, dst: &mut [u8]) {
            dst.fill(0);
        }
    }

    #[test]
    fn triangular_never_rounds_outside_its_range() {
        // With mode = min and a draw of 0, max − √(max−min)·√(max−min) is 0.29999999999999982
        // in floating point, just below min.
        let d = compile(DistSpec::Triangular {
            min: 0.3,
            mode: 0.3,
            max: 5.8,
        });
        assert_eq!(d.sample(&mut ZeroRng), 0.3);
    }

    #[test]
    fn triangular_with_huge_bounds_keeps_its_shape() {
        let (c, b) = (f64::MAX / 2.0, f64::MAX);
        let d = compile(DistSpec::Triangular {
            min: 0.0,
            mode: c,
            max: b,
        });
        let exact_mean = c / 3.0 + b / 3.0;
        assert_close(d.mean(), exact_mean);
        let xs = draws(&d, 16);
        // Scaled down first: the sum of the samples would overflow.
        let scaled: Vec<f64> = xs.iter().map(|x| x / b).collect();
        // On the scaled range [0, 1] the mode is at 0.5.
        let exact_sd = ((1.0 + 0.25 - 0.5) / 18.0f64).sqrt();
        assert_mean(&scaled, exact_mean / b, exact_sd);
    }

    #[test]
    fn lognormal_matches_mean_and_sd_of_the_variable() {
        let (m, s) = (10.0, 4.0);
        let d = compile(DistSpec::Lognormal { mean: m, sd: s });
        let xs = draws(&d, 7);
        assert!(xs.iter().all(|&x| x > 0.0 && x.is_finite()));
        assert_mean(&xs, m, s);
        assert_sd(&xs, s, 0.03);
        // The log-scale parameters, checked against statrs's own moments.
        let sigma2 = (1.0 + s * s / (m * m)).ln();
        let reference =
            statrs::distribution::LogNormal::new(m.ln() - sigma2 / 2.0, sigma2.sqrt()).unwrap();
        use statrs::statistics::Distribution as _;
        assert_close(reference.mean().unwrap(), m);
        assert_close(reference.std_dev().unwrap(), s);
        assert_ks(&xs, |x| reference.cdf(x));
        assert_eq!(d.mean(), m);
    }

    #[test]
    fn gamma_matches_mean_and_sd() {
        for (m, s) in [(10.0, 4.0), (3.0, 6.0)] {
            let d = compile(DistSpec::Gamma { mean: m, sd: s });
            let xs = draws(&d, 8);
            assert!(xs.iter().all(|&x| x >= 0.0 && x.is_finite()));
            assert_mean(&xs, m, s);
            assert_sd(&xs, s, 0.03);
            // statrs takes shape and rate = 1/scale = mean/sd².
            let reference = statrs::distribution::Gamma::new((m / s).powi(2), m / (s * s)).unwrap();
            assert_ks(&xs, |x| reference.cdf(x));
            assert_eq!(d.mean(), m);
        }
    }

    #[test]
    fn empirical_frequencies_match_weights() {
        let values = [1.0, 2.0, 7.0, 9.0];
        let weights = [0.2, 0.5, 0.3, 0.0];
        let d = compile(DistSpec::Empirical {
            values: values.to_vec(),
            weights: weights.to_vec(),
        });
        let xs = draws(&d, 9);
        let n = xs.len() as f64;
        for (v, w) in values.iter().zip(weights) {
            let freq = xs.iter().filter(|&&x| x == *v).count() as f64 / n;
            let se = (w * (1.0 - w) / n).sqrt();
            assert!(
                (freq - w).abs() <= 4.0 * se,
                "value {v}: frequency {freq}, weight {w}"
            );
        }
        let exact_mean: f64 = 1.0 * 0.2 + 2.0 * 0.5 + 7.0 * 0.3;
        let exact_sd = (1.0 * 0.2 + 4.0 * 0.5 + 49.0 * 0.3 - exact_mean * exact_mean).sqrt();
        assert_mean(&xs, exact_mean, exact_sd);
        assert_close(d.mean(), exact_mean);
    }

    #[test]
    fn empirical_table_drops_zero_weights_and_ends_at_one() {
        // 0.1 + 0.2 + 0.7 is not exactly 1 in floating point.
        let d = compile(DistSpec::Empirical {
            values: vec![1.0, 2.0, 3.0, 4.0],
            weights: vec![0.1, 0.2, 0.7, 0.0],
        });
        let Kind::Empirical(table) = &d.kind else {
            panic!("expected an empirical table, got {d:?}");
        };
        assert_eq!(&*table.values, &[1.0, 2.0, 3.0]);
        assert_eq!(table.cumulative.last(), Some(&1.0));
    }

    #[test]
    fn empirical_with_a_single_value() {
        let d = compile(DistSpec::Empirical {
            values: vec![0.0, 6.0],
            weights: vec![0.0, 1.0],
        });
        assert!(draws(&d, 10).iter().all(|&x| x == 6.0));
        assert_eq!(d.mean(), 6.0);
    }

    #[test]
    fn same_seed_same_samples() {
        let specs = [
            DistSpec::Exponential { mean: 3.0 },
            DistSpec::Uniform { min: 1.0, max: 2.0 },
            DistSpec::Lognormal { mean: 3.0, sd: 1.0 },
            DistSpec::Gamma { mean: 3.0, sd: 1.0 },
        ];
        for spec in specs {
            let d = compile(spec);
            let mut a = Xoshiro::seed_from_u64(11);
            let mut b = Xoshiro::seed_from_u64(11);
            let xa: Vec<f64> = (0..100).map(|_| d.sample(&mut a)).collect();
            let xb: Vec<f64> = (0..100).map(|_| d.sample(&mut b)).collect();
            assert_eq!(xa, xb);
        }
    }

    #[test]
    fn inverse_cdf_kinds_draw_exactly_once() {
        let specs = [
            DistSpec::Exponential { mean: 3.0 },
            DistSpec::Uniform { min: 1.0, max: 1.0 },
            DistSpec::Triangular {
                min: 1.0,
                mode: 2.0,
                max: 4.0,
            },
            DistSpec::Empirical {
                values: vec![1.0],
                weights: vec![1.0],
            },
        ];
        for spec in specs {
            let d = compile(spec);
            let mut rng = Xoshiro::seed_from_u64(12);
            let mut reference = rng.clone();
            d.sample(&mut rng);
            reference.next_u64();
            assert_eq!(rng.next_u64(), reference.next_u64());
        }
    }

    #[test]
    fn closed_form_means() {
        let cases = [
            (DistSpec::Fixed { value: 0.0 }, 0.0),
            (DistSpec::Exponential { mean: 0.25 }, 0.25),
            (DistSpec::Uniform { min: 1.5, max: 4.0 }, 2.75),
            (
                DistSpec::Triangular {
                    min: 1.0,
                    mode: 1.0,
                    max: 2.5,
                },
                4.5 / 3.0,
            ),
            (DistSpec::Lognormal { mean: 2.5, sd: 9.0 }, 2.5),
            (
                DistSpec::Gamma {
                    mean: 40.0,
                    sd: 1.0,
                },
                40.0,
            ),
            (
                DistSpec::Empirical {
                    values: vec![0.0, 10.0, 30.0],
                    weights: vec![0.1, 0.2, 0.7],
                },
                23.0,
            ),
        ];
        for (spec, expected) in cases {
            assert_close(compile(spec).mean(), expected);
        }
    }

    #[test]
    fn rejects_each_invalid_parameter_with_its_field() {
        use DistSpec::*;
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        assert_eq!(fields(Fixed { value: -1.0 }), ["value"]);
        assert_eq!(fields(Fixed { value: nan }), ["value"]);
        assert_eq!(fields(Exponential { mean: 0.0 }), ["mean"]);
        assert_eq!(fields(Exponential { mean: inf }), ["mean"]);
        assert_eq!(fields(Uniform { min: 5.0, max: 3.0 }), ["max"]);
        assert_eq!(
            fields(Uniform {
                min: -1.0,
                max: 3.0
            }),
            ["min"]
        );
        let tri = |min, mode, max| Triangular { min, mode, max };
        assert_eq!(fields(tri(2.0, 1.0, 14.0)), ["mode"]);
        assert_eq!(fields(tri(2.0, 15.0, 14.0)), ["mode"]);
        assert_eq!(fields(tri(3.0, 3.0, 3.0)), ["max"]);
        assert_eq!(fields(tri(-1.0, 0.0, 1.0)), ["min"]);
        assert_eq!(fields(Lognormal { mean: 0.0, sd: 1.0 }), ["mean"]);
        assert_eq!(fields(Lognormal { mean: 1.0, sd: 0.0 }), ["sd"]);
        assert_eq!(
            fields(Lognormal {
                mean: 1e-200,
                sd: 1e200
            }),
            ["sd"]
        );
        assert_eq!(
            fields(Gamma {
                mean: -3.0,
                sd: 1.0
            }),
            ["mean"]
        );
        assert_eq!(fields(Gamma { mean: 1.0, sd: nan }), ["sd"]);
        assert_eq!(
            messages(Gamma {
                mean: 1e290,
                sd: 1e300
            }),
            [
                "together with mean 1e290 gives a gamma distribution too extreme to sample (got \
              1e300); use smaller numbers"
            ]
        );
        assert_eq!(
            fields(Gamma {
                mean: 1e200,
                sd: 1e-200
            }),
            ["sd"]
        );
        let emp = |values: &[f64], weights: &[f64]| Empirical {
            values: values.to_vec(),
            weights: weights.to_vec(),
        };
        assert_eq!(fields(emp(&[], &[])), ["values", "weights"]);
        assert_eq!(fields(emp(&[1.0, 2.0], &[1.0])), ["weights"]);
        assert_eq!(fields(emp(&[1.0, -2.0], &[0.5, 0.5])), ["values"]);
        assert_eq!(fields(emp(&[1.0, 2.0], &[1.5, -0.5])), ["weights"]);
        assert_eq!(fields(emp(&[1.0, 2.0], &[0.0, 0.0])), ["weights"]);
        assert_eq!(fields(emp(&[1.0, 2.0], &[0.5, inf])), ["weights"]);
    }

    #[test]
    fn collects_every_problem() {
        assert_eq!(
            fields(DistSpec::Uniform {
                min: -1.0,
                max: f64::NAN
            }),
            ["min", "max"]
        );
        assert_eq!(
            fields(DistSpec::Triangular {
                min: f64::NAN,
                mode: -1.0,
                max: f64::INFINITY
            }),
            ["min", "mode", "max"]
        );
        assert_eq!(
            fields(DistSpec::Gamma {
                mean: 0.0,
                sd: -1.0
            }),
            ["mean", "sd"]
        );
        assert_eq!(
            fields(DistSpec::Empirical {
                values: vec![f64::NAN, 1.0, -3.0],
                weights: vec![0.5, 0.5],
            }),
            ["weights", "values", "values"]
        );
    }

    #[test]
    fn messages_say_what_is_wrong_and_what_is_valid() {
        assert_eq!(
            messages(DistSpec::Exponential { mean: -2.0 }),
            ["must be greater than 0 (got -2)"]
        );
        assert_eq!(
            messages(DistSpec::Empirical {
                values: vec![1.0, 2.0, 3.0],
                weights: vec![0.2, 0.3, 0.4],
            }),
            ["must sum to 1 (they sum to 0.9)"]
        );
        assert_eq!(
            messages(DistSpec::Fixed { value: f64::NAN }),
            ["must be a finite number ≥ 0 (got nan)"]
        );
        assert_eq!(
            messages(DistSpec::Uniform { min: 5.0, max: 3.0 }),
            ["must be at least min (5) (got 3)"]
        );
    }

    #[test]
    fn weight_sums_within_tolerance_are_accepted() {
        assert!(DistSpec::Empirical {
            values: vec![1.0, 2.0, 3.0],
            weights: vec![0.1, 0.2, 0.7 + 5e-7],
        }
        .compile()
        .is_ok());
    }

    #[test]
    fn show_reads_like_typed_numbers() {
        assert_eq!(show(0.1 + 0.2), "0.3");
        assert_eq!(show(-2.0), "-2");
        assert_eq!(show(14.0), "14");
        assert_eq!(show(1e300), "1e300");
        assert_eq!(show(2.5e-9), "2.5e-9");
        assert_eq!(show(f64::NEG_INFINITY), "-inf");
    }

    #[test]
    fn describe() {
        let tri = DistSpec::Triangular {
            min: 2.0,
            mode: 5.0,
            max: 14.0,
        };
        assert_eq!(tri.describe(), "triangular(2, 5, 14)");
        assert_eq!(
            DistSpec::Lognormal {
                mean: 10.0,
                sd: 4.5
            }
            .describe(),
            "lognormal(mean 10, sd 4.5)"
        );
        assert_eq!(
            DistSpec::Empirical {
                values: vec![1.0, 2.0],
                weights: vec![0.25, 0.75],
            }
            .describe(),
            "empirical(1: 0.25, 2: 0.75)"
        );
        assert_eq!(
            DistSpec::Empirical {
                values: (0..20).map(f64::from).collect(),
                weights: vec![0.05; 20],
            }
            .describe(),
            "empirical(20 values from 0 to 19)"
        );
    }

    #[test]
    fn constructors_never_panic() {
        assert_eq!(Dist::fixed(-1.0).mean(), 0.0);
        assert_eq!(Dist::fixed(f64::NAN).mean(), 0.0);
        assert_eq!(Dist::fixed(f64::INFINITY).mean(), f64::MAX);
        assert_eq!(Dist::exponential(-3.0).mean(), 0.0);
        assert_eq!(Dist::exponential(f64::NAN).mean(), 0.0);
        let e = Dist::exponential(2.0);
        assert_eq!(e.mean(), 2.0);
        assert_mean(&draws(&e, 13), 2.0, 2.0);
        // A zero-mean "exponential" must not consume random numbers, like any fixed value.
        let mut rng = Xoshiro::seed_from_u64(14);
        let mut untouched = rng.clone();
        assert_eq!(Dist::exponential(0.0).sample(&mut rng), 0.0);
        assert_eq!(rng.next_u64(), untouched.next_u64());
    }

    #[test]
    fn extreme_valid_parameters_give_finite_non_negative_samples() {
        let big = f64::MAX / 2.0;
        let specs = [
            DistSpec::Exponential { mean: big },
            DistSpec::Uniform { min: 0.0, max: big },
            DistSpec::Triangular {
                min: 0.0,
                mode: 1.0,
                max: f64::MAX,
            },
            DistSpec::Lognormal { mean: big, sd: big },
            DistSpec::Lognormal {
                mean: 1e-300,
                sd: 1e-300,
            },
            DistSpec::Gamma {
                mean: 1.0,
                sd: 1e11,
            },
            DistSpec::Gamma {
                mean: 1e100,
                sd: 1e99,
            },
            DistSpec::Empirical {
                values: vec![f64::MAX, 0.0],
                weights: vec![0.5, 0.5],
            },
        ];
        let mut rng = Xoshiro::seed_from_u64(15);
        for spec in specs {
            let d = compile(spec.clone());
            for _ in 0..10_000 {
                let x = d.sample(&mut rng);
                assert!(x.is_finite() && x >= 0.0, "{spec:?} gave {x}");
            }
            assert!(d.mean().is_finite(), "{spec:?}");
        }
    }

    #[test]
    fn dist_is_send_and_sync() {
        fn check<T: Send + Sync + Clone>() {}
        check::<Dist>();
    }

    #[derive(Debug, serde::Deserialize)]
    struct Wrapper {
        d: DistSpec,
    }

    #[test]
    fn deserialises_from_toml_with_integers_as_floats() {
        let w: Wrapper = toml::from_str("d = { dist = \"lognormal\", mean = 10, sd = 4 }").unwrap();
        assert_eq!(
            w.d,
            DistSpec::Lognormal {
                mean: 10.0,
                sd: 4.0
            }
        );

        let w: Wrapper =
            toml::from_str("d = { dist = \"triangular\", min = 2, mode = 5.5, max = 14 }").unwrap();
        assert_eq!(w.d.describe(), "triangular(2, 5.5, 14)");

        let w: Wrapper = toml::from_str(
            "[d]\ndist = \"empirical\"\nvalues = [1, 2.5, 7]\nweights = [0.2, 0.5, 0.3]\n",
        )
        .unwrap();
        assert_eq!(
            w.d,
            DistSpec::Empirical {
                values: vec![1.0, 2.5, 7.0],
                weights: vec![0.2, 0.5, 0.3],
            }
        );

        let w: Wrapper = toml::from_str("d = { dist = \"fixed\", value = nan }").unwrap();
        assert_eq!(fields(w.d), ["value"]);
    }

    #[test]
    fn rejects_unknown_fields_and_kinds() {
        let err = toml::from_str::<Wrapper>("d = { dist = \"lognormal\", meen = 10, sd = 4 }")
            .unwrap_err()
            .to_string();
        assert!(err.contains("meen"), "{err}");
        assert!(toml::from_str::<Wrapper>("d = { dist = \"weibull\", mean = 1 }").is_err());
        assert!(toml::from_str::<Wrapper>("d = { mean = 1 }").is_err());
        assert!(toml::from_str::<Wrapper>("d = { dist = \"fixed\", value = \"3\" }").is_err());
    }

    #[test]
    fn serialises_and_reads_back() {
        #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        struct W {
            d: DistSpec,
        }
        let w = W {
            d: DistSpec::Gamma { mean: 3.0, sd: 1.5 },
        };
        let text = toml::to_string(&w).unwrap();
        assert_eq!(toml::from_str::<W>(&text).unwrap(), w);
    }
}
