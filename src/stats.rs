//! Statistics over replications: mean with a Student-t 95 % confidence interval, and the
//! within-replication percentiles used for waiting times.

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Mean and 95 % confidence interval of one figure over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Summary {
    pub mean: f64,
    pub ci95_low: f64,
    pub ci95_high: f64,
    /// Sample standard deviation over replications.
    pub sd: f64,
    /// Replications in which the figure was defined (e.g. a share needs a non-empty cohort).
    pub n: usize,
}

impl Summary {
    pub const UNDEFINED: Summary = Summary {
        mean: f64::NAN,
        ci95_low: f64::NAN,
        ci95_high: f64::NAN,
        sd: f64::NAN,
        n: 0,
    };

    /// Half the width of the interval.
    pub fn half_width(&self) -> f64 {
        (self.ci95_high - self.ci95_low) / 2.0
    }
}

/// Two-sided 97.5 % quantile of Student's t with `df` degrees of freedom.
pub fn t_quantile_975(df: usize) -> f64 {
    match StudentsT::new(0.0, 1.0, df as f64) {
        Ok(t) => t.inverse_cdf(0.975),
        Err(_) => f64::NAN,
    }
}

/// Summarise values from independent replications; NaN values (undefined in that replication)
/// are left out. With one value the interval is undefined (NaN), not zero-width.
pub fn summarize(values: &[f64]) -> Summary {
    summarize_with(values, t_quantile_975)
}

/// [`summarize`] with the t quantile given, so a caller summarising many figures over the same
/// replications can compute it once per degrees of freedom (it takes microseconds).
pub fn summarize_with(values: &[f64], t975: impl Fn(usize) -> f64) -> Summary {
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let n = finite.len();
    if n == 0 {
        return Summary::UNDEFINED;
    }
    let mean = finite.iter().sum::<f64>() / n as f64;
    if n == 1 {
        return Summary {
            mean,
            ci95_low: f64::NAN,
            ci95_high: f64::NAN,
            sd: f64::NAN,
            n,
        };
    }
    let var = finite.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
    let sd = var.sqrt();
    let half = t975(n - 1) * sd / (n as f64).sqrt();
    Summary {
        mean,
        ci95_low: mean - half,
        ci95_high: mean + half,
        sd,
        n,
    }
}

/// Quantile `q` in [0, 1] of sorted data, linear interpolation between order statistics
/// (Hyndman & Fan type 7, the default of R and numpy). NaN for no data.
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// Mean of data, NaN when empty.
pub fn mean(values: &[f64]) -> f64 {
    if values.is_empty() {
        f64::NAN
    } else {
        values.iter().sum::<f64>() / values.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_tables() {
        // Standard t-table values.
        assert!((t_quantile_975(1) - 12.706).abs() < 1e-3);
        assert!((t_quantile_975(9) - 2.262).abs() < 1e-3);
        assert!((t_quantile_975(29) - 2.045).abs() < 1e-3);
    }

    #[test]
    fn summary_of_known_sample() {
        let s = summarize(&[1.0, 2.0, 3.0, 4.0, f64::NAN]);
        assert_eq!(s.n, 4);
        assert!((s.mean - 2.5).abs() < 1e-12);
        let sd = (5.0f64 / 3.0).sqrt();
        assert!((s.sd - sd).abs() < 1e-12);
        let half = 3.182446 * sd / 2.0;
        assert!((s.ci95_high - (2.5 + half)).abs() < 1e-5);
    }

    #[test]
    fn quantiles_interpolate_like_type_7() {
        let d = [1.0, 2.0, 3.0, 4.0, 10.0];
        assert_eq!(quantile_sorted(&d, 0.5), 3.0);
        assert!((quantile_sorted(&d, 0.9) - 7.6).abs() < 1e-12);
        assert!(quantile_sorted(&[], 0.5).is_nan());
    }
}
