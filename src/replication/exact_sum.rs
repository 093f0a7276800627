//! Sums whose result does not depend on the order of their terms, for the means over citizens,
//! whose records close in the order they leave.

/// A sum whose result does not depend on the order of its terms: each term is rounded down to
/// a multiple of 2⁻⁶⁴ (far below anything a day count or a week count carries) and the
/// multiples are added exactly, as integers. Citizens' records close in the order they leave,
/// which differs between otherwise equal runs only in that order; their figures must not.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct ExactSum {
    fixed: i128,
    n: usize,
}

/// 2⁶⁴: the fixed point of [`ExactSum`].
const FIXED_ONE: f64 = 18_446_744_073_709_551_616.0;

/// [`to_fixed`] of nearly every term, a positive number from 2⁻¹¹ up to 2⁵² (None for any
/// other): v · 2⁶⁴ = mantissa · 2^shift with 1 ≤ shift ≤ 63, a whole number whose two 64-bit
/// halves are a shift each.
fn to_fixed_common(v: f64) -> Option<i128> {
    let bits = v.to_bits();
    // With the sign bit: any negative number fails the test.
    let biased = (bits >> 52) as u32;
    if !(1023 - 11..1023 + 52).contains(&biased) {
        return None;
    }
    let mantissa = bits & ((1 << 52) - 1) | 1 << 52;
    let shift = biased + 12 - 1023;
    let high = mantissa >> (64 - shift);
    let low = mantissa << shift;
    Some(i128::from(high) << 64 | i128::from(low))
}

/// `(v * 2⁶⁴) as i128` (truncated towards zero, saturating), from the bits: the library's
/// float-to-`i128` conversion is a slow software routine, and this runs for every citizen.
fn to_fixed(v: f64) -> i128 {
    if let Some(fixed) = to_fixed_common(v) {
        return fixed;
    }
    let bits = v.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    if exponent == 0x7ff {
        // Infinity saturates, NaN is 0, as `as` does.
        return if v.is_nan() {
            0
        } else if v > 0.0 {
            i128::MAX
        } else {
            i128::MIN
        };
    }
    let mantissa = if exponent == 0 {
        bits & ((1 << 52) - 1)
    } else {
        bits & ((1 << 52) - 1) | 1 << 52
    };
    // v = mantissa · 2^(e − 1075) for normal numbers (e − 1074 for subnormal ones), so
    // v · 2⁶⁴ = mantissa · 2^shift.
    let shift = exponent.max(1) - 1075 + 64;
    let negative = bits >> 63 == 1;
    let magnitude = if shift >= 0 {
        // A 53-bit mantissa shifted by more than 74 bits does not fit.
        if shift > 127 - 53 {
            return if negative { i128::MIN } else { i128::MAX };
        }
        (mantissa as i128) << shift
    } else if shift <= -64 {
        0
    } else {
        (mantissa >> -shift) as i128
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

impl ExactSum {
    pub(super) fn add(&mut self, v: f64) {
        self.fixed = match to_fixed_common(v) {
            // A positive term can only saturate upwards.
            Some(term) => self.fixed.checked_add(term).unwrap_or(i128::MAX),
            None => self.fixed.saturating_add(to_fixed(v)),
        };
        self.n += 1;
    }

    pub(super) fn mean(&self) -> f64 {
        if self.n == 0 {
            f64::NAN
        } else {
            self.fixed as f64 / FIXED_ONE / self.n as f64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_point_conversion_is_the_library_s() {
        let mut r = crate::rng::stream(6);
        use rand::Rng;
        let mut cases = vec![
            0.0,
            -0.0,
            1.0,
            -1.5,
            1e-30,
            5e-324,
            f64::MIN_POSITIVE,
            1e18,
            5e18,
            -5e18,
            9.3e18,
            1e40,
            -1e40,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ];
        // Both ends of the fast path and their neighbours outside it.
        for edge in [2f64.powi(-11), 2f64.powi(52)] {
            cases.extend([
                edge,
                edge.next_down(),
                edge.next_up(),
                -edge,
                -edge.next_down(),
            ]);
        }
        cases.extend((0..2000).map(|i| (r.random::<f64>() - 0.3) * 10f64.powi(i % 30 - 12)));
        for v in cases {
            assert_eq!(to_fixed(v), (v * FIXED_ONE) as i128, "{v:e}");
        }
    }

    #[test]
    fn sums_saturate_as_the_general_conversion_does() {
        // Terms on the common path (the largest it takes) and off it, enough to overflow.
        let big = 2f64.powi(52).next_down();
        for terms in [
            vec![big; 3000],
            vec![-big * 4.0; 3000],
            vec![big, -1e40, 1e40, big],
        ] {
            let mut sum = ExactSum::default();
            terms.iter().for_each(|&x| sum.add(x));
            let reference = terms
                .iter()
                .fold(0i128, |s, &x| s.saturating_add((x * FIXED_ONE) as i128));
            assert_eq!(sum.fixed, reference);
        }
    }

    #[test]
    fn exact_sum_does_not_depend_on_order() {
        let mut r = crate::rng::stream(4);
        use rand::Rng;
        let v: Vec<f64> = (0..10_000)
            .map(|_| r.random::<f64>() * 500.0 / 7.0)
            .collect();
        let mut forward = ExactSum::default();
        v.iter().for_each(|&x| forward.add(x));
        let mut backward = ExactSum::default();
        v.iter().rev().for_each(|&x| backward.add(x));
        assert_eq!(forward.mean().to_bits(), backward.mean().to_bits());
        let naive = v.iter().sum::<f64>() / v.len() as f64;
        assert!((forward.mean() - naive).abs() < 1e-12 * naive);
    }
}
