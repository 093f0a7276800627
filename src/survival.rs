//! Survival curves and the exact self-sufficiency clock (docs/model.md, "Citizens").
//!
//! A curve gives the share still on benefit after w weeks without intervention. Between its
//! points the hazard is constant, so the cumulative hazard H0 is piecewise linear and can be
//! inverted exactly. A citizen draws E ~ Exp(1) once; they leave benefit when
//! ∫ h0(duration) · m(t) dt reaches E. While the multiplier m is constant the exit duration is
//! H0⁻¹(H0(now) + remaining / m), recomputed whenever m changes.

/// A validated curve, stored as cumulative hazard at knots measured in days on benefit.
#[derive(Debug, Clone)]
pub struct SurvivalCurve {
    knots_days: Vec<f64>,
    cumulative: Vec<f64>,
    /// Hazard per day on `[knots[i], knots[i+1])`; the last entry continues past the last knot.
    hazard: Vec<f64>,
    /// Knots and cumulative hazards in arrays of fixed length, filled up with infinity, when the
    /// curve has at most [`PADDED`] points (as curves read from a table usually have): counting
    /// over a fixed length compiles to a few vector instructions.
    padded: Option<([f64; PADDED], [f64; PADDED])>,
}

/// Points of a curve kept in fixed-length arrays as well.
const PADDED: usize = 8;

impl SurvivalCurve {
    /// `weeks` strictly increasing from 0, `on_benefit` starting at 1, non-increasing, all > 0.
    /// Checked by the scenario layer; here the caller guarantees it.
    pub fn new(weeks: &[f64], on_benefit: &[f64]) -> SurvivalCurve {
        let knots_days: Vec<f64> = weeks.iter().map(|w| w * 7.0).collect();
        let cumulative: Vec<f64> = on_benefit.iter().map(|s| -s.ln()).collect();
        let mut hazard: Vec<f64> = knots_days
            .windows(2)
            .zip(cumulative.windows(2))
            .map(|(k, c)| (c[1] - c[0]) / (k[1] - k[0]))
            .collect();
        // Past the last point the hazard of the last interval continues (documented default).
        let tail = hazard.last().copied().unwrap_or(0.0);
        hazard.push(tail);
        let padded = (knots_days.len() <= PADDED).then(|| {
            let mut k = [f64::INFINITY; PADDED];
            let mut c = [f64::INFINITY; PADDED];
            k[..knots_days.len()].copy_from_slice(&knots_days);
            c[..cumulative.len()].copy_from_slice(&cumulative);
            (k, c)
        });
        SurvivalCurve {
            knots_days,
            cumulative,
            hazard,
            padded,
        }
    }

    /// Share still on benefit after `days` without intervention.
    pub fn survival(&self, days: f64) -> f64 {
        (-self.cumulative_hazard(days)).exp()
    }

    /// H0(days).
    pub fn cumulative_hazard(&self, days: f64) -> f64 {
        let days = days.max(0.0);
        let i = match &self.padded {
            // An infinite duration passes the padding too.
            Some((knots, _)) => leading_padded(knots, |k| k <= days).min(self.knots_days.len()),
            None => leading(&self.knots_days, |k| k <= days),
        } - 1;
        self.cumulative[i] + self.hazard[i] * (days - self.knots_days[i])
    }

    /// The smallest duration with H0(duration) ≥ `h`, or infinity if the curve never gets there.
    pub fn inverse_cumulative_hazard(&self, h: f64) -> f64 {
        if h <= 0.0 {
            return 0.0;
        }
        let last = self.cumulative.len() - 1;
        if h > self.cumulative[last] {
            let tail = self.hazard[last];
            return if tail > 0.0 {
                self.knots_days[last] + (h - self.cumulative[last]) / tail
            } else {
                f64::INFINITY
            };
        }
        // First knot with cumulative ≥ h; the interval before it has positive hazard.
        let j = match &self.padded {
            Some((_, cumulative)) => leading_padded(cumulative, |c| c < h),
            None => leading(&self.cumulative, |c| c < h),
        };
        let i = j - 1;
        self.knots_days[i] + (h - self.cumulative[i]) / self.hazard[i]
    }

    /// Share still on benefit after `weeks` on the input curve.
    pub fn survival_at_weeks(&self, weeks: f64) -> f64 {
        self.survival(weeks * 7.0)
    }
}

/// How many elements at the start of `v` satisfy `pred`, which holds for a prefix of `v`
/// (`partition_point`). A curve has a handful of knots, and the engine evaluates curves at
/// every move of every citizen: counting them all costs no unpredictable branch, where a
/// binary search mispredicts about every other step.
fn leading(v: &[f64], pred: impl Fn(f64) -> bool) -> usize {
    if v.len() <= 32 {
        v.iter().map(|&x| usize::from(pred(x))).sum()
    } else {
        v.partition_point(|&x| pred(x))
    }
}

/// [`leading`] over a fixed length.
fn leading_padded(v: &[f64; PADDED], pred: impl Fn(f64) -> bool) -> usize {
    let mut n = 0;
    for &x in v {
        n += usize::from(pred(x));
    }
    n
}

/// Accumulated hazard for one citizen under a changing multiplier.
#[derive(Debug, Clone, Copy)]
pub struct HazardClock {
    /// Exp(1) threshold.
    pub threshold: f64,
    /// Hazard accumulated up to the last change of multiplier.
    pub used: f64,
    /// H0 at the duration on benefit of the last change (or of the start), kept so a change
    /// evaluates the curve once.
    pub h_since: f64,
    pub multiplier: f64,
}

impl HazardClock {
    /// A clock starting at a duration on benefit where the curve's cumulative hazard is
    /// `h_start`. Only hazard after that point counts, which is what conditioning on still being
    /// on benefit requires.
    pub fn new(threshold: f64, h_start: f64) -> HazardClock {
        HazardClock {
            threshold,
            used: 0.0,
            h_since: h_start,
            multiplier: 1.0,
        }
    }

    /// The clock of a citizen whose segment has no survival curve: without one nobody leaves
    /// benefit on their own, so it never runs out.
    pub fn stopped() -> HazardClock {
        HazardClock {
            threshold: f64::INFINITY,
            used: 0.0,
            h_since: f64::NAN,
            multiplier: 1.0,
        }
    }

    /// Whether the clock can run out: the citizen's segment has a survival curve (a threshold
    /// drawn from Exp(1) is finite).
    #[inline]
    pub fn runs(&self) -> bool {
        self.threshold.is_finite()
    }

    /// Change the multiplier at duration `now_days`; returns the duration at which the citizen
    /// leaves benefit under the new multiplier (infinity: never).
    pub fn set_multiplier(&mut self, curve: &SurvivalCurve, now_days: f64, multiplier: f64) -> f64 {
        let h_now = curve.cumulative_hazard(now_days);
        self.used += (h_now - self.h_since) * self.multiplier;
        self.h_since = h_now;
        self.multiplier = multiplier;
        self.exit_duration(curve, h_now)
    }

    /// Exit duration with the current multiplier.
    pub fn exit_duration(&self, curve: &SurvivalCurve, h_now: f64) -> f64 {
        let remaining = (self.threshold - self.used).max(0.0);
        if self.multiplier <= 0.0 {
            return f64::INFINITY;
        }
        curve.inverse_cumulative_hazard(h_now + remaining / self.multiplier)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn curve() -> SurvivalCurve {
        SurvivalCurve::new(&[0.0, 13.0, 26.0, 52.0], &[1.0, 0.6, 0.45, 0.3])
    }

    #[test]
    fn reproduces_its_points_and_interpolates_log_linearly() {
        let c = curve();
        assert!((c.survival_at_weeks(13.0) - 0.6).abs() < 1e-12);
        assert!((c.survival_at_weeks(52.0) - 0.3).abs() < 1e-12);
        // Constant hazard between points: geometric mean at the midpoint.
        let mid = c.survival_at_weeks(19.5);
        assert!((mid - (0.6f64 * 0.45).sqrt()).abs() < 1e-12);
        // The last interval's hazard continues.
        let h = (0.45f64 / 0.3).ln() / 26.0;
        assert!((c.survival_at_weeks(78.0) - 0.3 * (-h * 26.0).exp()).abs() < 1e-12);
    }

    #[test]
    fn padded_knots_give_the_same_bits_as_the_plain_search() {
        let c = SurvivalCurve::new(
            &[0.0, 4.0, 13.0, 26.0, 39.0, 52.0, 104.0, 156.0],
            &[1.0, 0.88, 0.68, 0.50, 0.40, 0.33, 0.17, 0.10],
        );
        assert!(c.padded.is_some());
        let plain = SurvivalCurve {
            padded: None,
            ..c.clone()
        };
        let mut r = crate::rng::stream(9);
        use rand::Rng;
        for _ in 0..20_000 {
            let days = r.random::<f64>() * 2000.0;
            let h = r.random::<f64>() * 4.0;
            assert_eq!(
                c.cumulative_hazard(days).to_bits(),
                plain.cumulative_hazard(days).to_bits()
            );
            assert_eq!(
                c.inverse_cumulative_hazard(h).to_bits(),
                plain.inverse_cumulative_hazard(h).to_bits()
            );
        }
        for days in [0.0, 28.0, 1092.0, f64::INFINITY] {
            assert_eq!(
                c.cumulative_hazard(days).to_bits(),
                plain.cumulative_hazard(days).to_bits()
            );
        }
    }

    #[test]
    fn inverse_undoes_cumulative_hazard() {
        let c = curve();
        for d in [0.5, 10.0, 91.0, 100.0, 200.0, 500.0] {
            let h = c.cumulative_hazard(d);
            assert!((c.inverse_cumulative_hazard(h) - d).abs() < 1e-9, "{d}");
        }
    }

    #[test]
    fn flat_curve_never_exits() {
        let c = SurvivalCurve::new(&[0.0, 52.0], &[1.0, 1.0]);
        assert_eq!(c.inverse_cumulative_hazard(0.1), f64::INFINITY);
    }

    #[test]
    fn halving_the_multiplier_doubles_the_remaining_hazard_needed() {
        // Constant hazard 0.01/day: exit duration = E / (0.01 m).
        let c = SurvivalCurve::new(&[0.0, 1.0], &[1.0, (-0.07f64).exp()]);
        let mut clock = HazardClock::new(1.0, c.cumulative_hazard(0.0));
        let d1 = clock.set_multiplier(&c, 0.0, 1.0);
        assert!((d1 - 100.0).abs() < 1e-9);
        // At day 50 half the threshold is used; with m = 0.5 the rest takes 100 more days.
        let d2 = clock.set_multiplier(&c, 50.0, 0.5);
        assert!((d2 - 150.0).abs() < 1e-9);
    }
}
