//! The raw form of a distribution in a scenario file, its short description for reports, and
//! numbers as a scenario author would write them.

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
