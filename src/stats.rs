//! Statistics over replications: mean with a Student-t 95 % confidence interval, the
//! within-replication percentiles used for waiting times, percentiles pooled over replications,
//! and the Kaplan-Meier mean of times some of which were cut short (censored).

use std::cell::OnceCell;

use serde::Serialize;
use statrs::distribution::{ContinuousCDF, StudentsT};

use crate::binned::WaitBins;

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

/// Summaries of many figures over the same replications: Student's t quantile (it takes
/// microseconds, more than the rest of a summary) is computed once for each number of
/// replications a figure is defined in, the first time a figure needs it. A figure undefined in
/// a few replications (a share of an empty cohort) needs a quantile of its own, and hundreds of
/// them (a monthly figure over decades) need only a few.
#[derive(Debug, Clone)]
pub struct Summarizer {
    /// Per degrees of freedom, from 0 to the replications less one.
    t975: Vec<OnceCell<f64>>,
}

impl Summarizer {
    pub fn new(replications: usize) -> Summarizer {
        Summarizer {
            t975: vec![OnceCell::new(); replications],
        }
    }

    /// [`summarize`], to the bit.
    pub fn summarize(&self, values: &[f64]) -> Summary {
        summarize_with(values, |df| match self.t975.get(df) {
            Some(t) => *t.get_or_init(|| t_quantile_975(df)),
            None => t_quantile_975(df),
        })
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
    // Read three times rather than copied: the copy cost more than the arithmetic.
    let finite = || values.iter().copied().filter(|v| v.is_finite());
    let n = finite().count();
    if n == 0 {
        return Summary::UNDEFINED;
    }
    let mean = finite().sum::<f64>() / n as f64;
    if n == 1 {
        return Summary {
            mean,
            ci95_low: f64::NAN,
            ci95_high: f64::NAN,
            sd: f64::NAN,
            n,
        };
    }
    let var = finite().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
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
    quantile_with(sorted.len(), q, |i| sorted[i])
}

/// [`quantile_sorted`] of `n` data whose value of rank `i` (from 0) is `at(i)`.
pub(crate) fn quantile_with(n: usize, q: f64, at: impl Fn(usize) -> f64) -> f64 {
    match n {
        0 => f64::NAN,
        1 => at(0),
        n => {
            let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            let low = at(lo);
            low + (h - lo as f64) * (at(hi) - low)
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

/// Mean of the Kaplan-Meier estimate of the time to the event, restricted to the longest time
/// observed: the area under the estimated survival curve from 0 to that time. When the longest
/// time is an event the curve reaches 0 and this is the full mean; when it is censored the curve
/// is cut there and this is a lower bound. `events` are the times at which the event happened,
/// `censored` those at which observation stopped without it, each as (time, how many) with
/// times distinct and ascending (as counted by bin). At a tie, events come before censorings
/// (the usual convention: a time censored at t was still at risk at t). NaN for no data.
pub fn kaplan_meier_mean(events: &[(f64, u64)], censored: &[(f64, u64)]) -> f64 {
    let total: u64 = events.iter().chain(censored).map(|&(_, n)| n).sum();
    if total == 0 {
        return f64::NAN;
    }
    let mut at_risk = total as f64;
    let (mut survival, mut area, mut last) = (1.0, 0.0, 0.0);
    let (mut i, mut j) = (0, 0);
    loop {
        let t = match (events.get(i), censored.get(j)) {
            (Some(&(e, _)), Some(&(c, _))) => e.min(c),
            (Some(&(e, _)), None) => e,
            (None, Some(&(c, _))) => c,
            (None, None) => break,
        };
        area += survival * (t - last);
        last = t;
        let (mut died, mut gone) = (0.0, 0.0);
        if let Some(&(_, n)) = events.get(i).filter(|e| e.0 == t) {
            died = n as f64;
            i += 1;
        }
        gone += died;
        if let Some(&(_, n)) = censored.get(j).filter(|c| c.0 == t) {
            gone += n as f64;
            j += 1;
        }
        survival *= 1.0 - died / at_risk;
        at_risk -= gone;
    }
    area
}

/// Several replications' waits taken together, for their quantiles: type 7 over the merged
/// data, with a 95 % interval each. The interval is for the share of data at or below the
/// quantile, from its spread over replications (a ratio estimator: replications with more data
/// weigh more), turned back into days through the pooled data. Pooling estimates the quantile of the whole
/// distribution; averaging per-replication quantiles does not when replications differ much (a
/// congested replication has both more and longer waits). The waits are those of
/// [`WaitBins`]: each taken as the mean of its bin, within [`crate::binned::RELATIVE_ERROR`] of
/// its exact value.
pub struct Pooled<'a> {
    reps: Vec<&'a WaitBins>,
    all: WaitBins,
}

impl<'a> Pooled<'a> {
    /// The waits of every replication (some may have none) taken together.
    pub fn new(per_rep: &[&'a WaitBins]) -> Pooled<'a> {
        let reps: Vec<&WaitBins> = per_rep.iter().copied().filter(|r| !r.is_empty()).collect();
        let all = WaitBins::merge(&reps);
        Pooled { reps, all }
    }

    /// The quantile `q`, with its interval.
    pub fn quantile(&self, q: f64) -> Summary {
        let (reps, all) = (&self.reps, &self.all);
        let total = all.len();
        if total == 0 {
            return Summary::UNDEFINED;
        }
        let at = |rank: usize| all.at_rank(rank as u64);
        let n = total as usize;
        let point = quantile_with(n, q, at);
        let k = reps.len();
        let n_mean = total as f64 / k as f64;
        let (low, high, sd) = if k > 1 {
            // Residuals of the ratio estimator of P(X <= point).
            let cut = all.cut(point);
            let share = all.below(cut) as f64 / total as f64;
            let ss: f64 = reps
                .iter()
                .map(|r| (r.below(cut) as f64 - share * r.len() as f64).powi(2))
                .sum();
            let se = (ss / (k - 1) as f64).sqrt() / n_mean / (k as f64).sqrt();
            let half = t_quantile_975(k - 1) * se;
            (
                quantile_with(n, q - half, at),
                quantile_with(n, q + half, at),
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summarizer_gives_what_summarize_gives() {
        let s = Summarizer::new(5);
        // All defined (the t quantile for 4 degrees of freedom, then kept), one undefined
        // (computed for 3), two (for 2), one undefined again (the quantile for 3 kept), one
        // value and none (no interval).
        for values in [
            vec![1.0, 2.5, 4.0, 8.0, 16.0],
            vec![1.0, f64::NAN, 4.0, 8.0, 16.0],
            vec![f64::NAN, 2.5, 4.0, f64::INFINITY, 16.0],
            vec![0.5, 2.5, 4.0, 8.0, f64::NAN],
            vec![2.0, 2.5, 4.0, 8.0, 16.0],
            vec![3.0],
            vec![],
        ] {
            let (a, b) = (s.summarize(&values), summarize(&values));
            for (x, y) in [
                (a.mean, b.mean),
                (a.ci95_low, b.ci95_low),
                (a.ci95_high, b.ci95_high),
                (a.sd, b.sd),
            ] {
                assert!(x.to_bits() == y.to_bits(), "{values:?}: {x} against {y}");
            }
            assert_eq!(a.n, b.n);
        }
        // Student's t for 4 degrees of freedom (tables: 2.776) sets the interval of the first.
        let a = s.summarize(&[1.0, 2.0, 3.0, 4.0, 5.0]);
        let half = 2.776 * (2.5f64).sqrt() / 5f64.sqrt();
        assert!((a.ci95_high - 3.0 - half).abs() < 1e-3);
    }

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
        let km = |e: &[(f64, u64)], c: &[(f64, u64)]| kaplan_meier_mean(e, c);
        assert!((km(&[(1.0, 1), (3.0, 2), (5.0, 1)], &[(2.0, 1), (4.0, 1)]) - 3.5).abs() < 1e-12);
        // Without censoring it is the plain mean.
        assert!((km(&[(0.0, 2), (2.0, 1), (7.0, 1)], &[]) - 2.25).abs() < 1e-12);
        // A censored longest time cuts the curve there: 1 · 1 + 1/2 · (4 − 1) = 2.5.
        assert!((km(&[(1.0, 1)], &[(4.0, 1)]) - 2.5).abs() < 1e-12);
        // A tie: the event at 2 happens to all 3 at risk (the censored one still counts), so
        // S(2) = 2/3, then S(3) = 0 with one at risk: 2 + 2/3 · 1.
        assert!((km(&[(2.0, 1), (3.0, 1)], &[(2.0, 1)]) - (2.0 + 2.0 / 3.0)).abs() < 1e-12);
        assert!(km(&[], &[]).is_nan());
    }

    #[test]
    fn pooled_quantile_is_that_of_the_merged_waits_each_in_its_bin() {
        // Ties, zeros and replications of very different sizes, as waits have them.
        let mut r = crate::rng::stream(11);
        use rand::Rng;
        let mut reps: Vec<Vec<f64>> = (0..7)
            .map(|i| {
                (0..(i * 37 % 50 + 1))
                    .map(|_| match r.random_range(0..3) {
                        0 => 0.0,
                        1 => r.random_range(0..20) as f64,
                        _ => r.random::<f64>() * 90.0,
                    })
                    .collect()
            })
            .collect();
        reps.push(Vec::new());
        reps.iter_mut().for_each(|v| v.sort_by(f64::total_cmp));
        let bins: Vec<WaitBins> = reps.iter().map(|v| WaitBins::of(v)).collect();
        let refs: Vec<&WaitBins> = bins.iter().collect();
        let mut all: Vec<f64> = reps.concat();
        all.sort_by(f64::total_cmp);
        // Each wait as the mean of the waits of every replication in its bin.
        let bin = crate::binned::bin_of;
        let rounded: Vec<f64> = all
            .iter()
            .map(|&w| {
                mean(
                    &all.iter()
                        .copied()
                        .filter(|&x| bin(x) == bin(w))
                        .collect::<Vec<_>>(),
                )
            })
            .collect();
        let eps = crate::binned::RELATIVE_ERROR;
        for q in [0.0, 0.1, 0.5, 0.77, 0.9, 1.0] {
            let s = Pooled::new(&refs).quantile(q);
            let expected = quantile_sorted(&rounded, q);
            assert!((s.mean - expected).abs() <= 1e-12 * expected, "{q}");
            let exact = quantile_sorted(&all, q);
            assert!(
                (s.mean - exact).abs() <= eps * exact,
                "{q}: {} for {exact}",
                s.mean
            );
            assert_eq!(s.n, 7);
            assert!(s.ci95_low <= s.mean && s.mean <= s.ci95_high);
        }
    }

    #[test]
    fn pooled_quantile_is_the_quantile_of_the_merged_data() {
        let a = WaitBins::of(&[1.0, 2.0, 3.0]);
        let b = WaitBins::of(&[4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0]);
        let s = Pooled::new(&[&a, &b]).quantile(0.5);
        assert!((s.mean - 5.5).abs() <= 5.5 * crate::binned::RELATIVE_ERROR);
        assert_eq!(s.n, 2);
        assert!(s.ci95_low <= s.mean && s.mean <= s.ci95_high);
        // Averaging the two medians would give (2 + 7) / 2 = 4.5.
        let none = WaitBins::default();
        assert!(Pooled::new(&[&none, &none]).quantile(0.5).mean.is_nan());
    }
}
