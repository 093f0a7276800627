//! Statistics over replications: mean with a Student-t 95 % confidence interval, the
//! within-replication percentiles used for waiting times, percentiles pooled over replications,
//! and the Kaplan-Meier mean of times some of which were cut short (censored).

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

/// One observed time: how long until the event, or until observation stopped without it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observed {
    pub days: f64,
    /// The event happened at `days`; false: censored there (it had not happened yet).
    pub event: bool,
}

/// Mean of the Kaplan-Meier estimate of the time to the event, restricted to the longest time
/// observed: the area under the estimated survival curve from 0 to that time. When the longest
/// time is an event the curve reaches 0 and this is the full mean; when it is censored the curve
/// is cut there and this is a lower bound. At a tie, events come before censorings (the usual
/// convention: a time censored at t was still at risk at t). NaN for no data. Sorts `obs`.
pub fn kaplan_meier_mean(obs: &mut [Observed]) -> f64 {
    if obs.is_empty() {
        return f64::NAN;
    }
    obs.sort_by(|a, b| a.days.total_cmp(&b.days).then(b.event.cmp(&a.event)));
    let mut at_risk = obs.len() as f64;
    let (mut survival, mut area, mut last) = (1.0, 0.0, 0.0);
    let mut i = 0;
    while i < obs.len() {
        let t = obs[i].days;
        area += survival * (t - last);
        last = t;
        let (mut events, mut gone) = (0.0, 0.0);
        while i < obs.len() && obs[i].days == t {
            events += f64::from(u8::from(obs[i].event));
            gone += 1.0;
            i += 1;
        }
        survival *= 1.0 - events / at_risk;
        at_risk -= gone;
    }
    area
}

/// Quantile `q` of several replications' data taken together (each sorted), type 7 over the
/// merged data, with a 95 % interval. The interval is for the share of data at or below the
/// quantile, from its spread over replications (a ratio estimator: replications with more data
/// weigh more), turned back into days through the pooled data. Pooling estimates the quantile
/// of the whole distribution; averaging per-replication quantiles does not when replications
/// differ much (a congested replication has both more and longer waits).
pub fn pooled_quantile(sorted_per_rep: &[&[f64]], q: f64) -> Summary {
    let mut all: Vec<f64> = sorted_per_rep
        .iter()
        .flat_map(|r| r.iter().copied())
        .collect();
    if all.is_empty() {
        return Summary::UNDEFINED;
    }
    all.sort_by(f64::total_cmp);
    let point = quantile_sorted(&all, q);
    let reps: Vec<&&[f64]> = sorted_per_rep.iter().filter(|r| !r.is_empty()).collect();
    let k = reps.len();
    let n_mean = all.len() as f64 / k as f64;
    let (low, high, sd) = if k > 1 {
        // Residuals of the ratio estimator of P(X <= point).
        let share = all.partition_point(|&x| x <= point) as f64 / all.len() as f64;
        let ss: f64 = reps
            .iter()
            .map(|r| {
                let below = r.partition_point(|&x| x <= point) as f64;
                (below - share * r.len() as f64).powi(2)
            })
            .sum();
        let se = (ss / (k - 1) as f64).sqrt() / n_mean / (k as f64).sqrt();
        let half = t_quantile_975(k - 1) * se;
        (
            quantile_sorted(&all, q - half),
            quantile_sorted(&all, q + half),
            se * (k as f64).sqrt(),
        )
    } else {
        (f64::NAN, f64::NAN, f64::NAN)
    };
    Summary {
        mean: point,
        ci95_low: low,
        ci95_high: high,
        sd,
        n: k,
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

    #[test]
    fn kaplan_meier_mean_by_hand() {
        // Times 1, 2+, 3, 3, 4+, 5 (+: censored). At risk 6: S(1) = 5/6. At 2 one censored,
        // at risk 4 at 3 with two events: S(3) = 5/6 · 2/4 = 5/12. At 4 one censored, at risk 1
        // at 5: S(5) = 0. Area: 1 · 1 + 5/6 · 2 + 5/12 · 2 = 1 + 5/3 + 5/6 = 3.5.
        let mut obs: Vec<Observed> = [
            (5.0, true),
            (2.0, false),
            (3.0, true),
            (1.0, true),
            (4.0, false),
            (3.0, true),
        ]
        .iter()
        .map(|&(days, event)| Observed { days, event })
        .collect();
        assert!((kaplan_meier_mean(&mut obs) - 3.5).abs() < 1e-12);
        // Without censoring it is the plain mean.
        let mut plain: Vec<Observed> = [0.0, 0.0, 2.0, 7.0]
            .iter()
            .map(|&days| Observed { days, event: true })
            .collect();
        assert!((kaplan_meier_mean(&mut plain) - 2.25).abs() < 1e-12);
        // A censored longest time cuts the curve there: 1 · 1 + 1/2 · (4 − 1) = 2.5.
        let mut cut = vec![
            Observed {
                days: 1.0,
                event: true,
            },
            Observed {
                days: 4.0,
                event: false,
            },
        ];
        assert!((kaplan_meier_mean(&mut cut) - 2.5).abs() < 1e-12);
        assert!(kaplan_meier_mean(&mut []).is_nan());
    }

    #[test]
    fn pooled_quantile_is_the_quantile_of_the_merged_data() {
        let a = [1.0, 2.0, 3.0];
        let b = [4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0];
        let s = pooled_quantile(&[&a, &b], 0.5);
        assert_eq!(s.mean, 5.5);
        assert_eq!(s.n, 2);
        assert!(s.ci95_low <= s.mean && s.mean <= s.ci95_high);
        // Averaging the two medians would give (2 + 7) / 2 = 4.5.
        assert!(pooled_quantile(&[&[], &[]], 0.5).mean.is_nan());
    }
}
