//! Waits and times in queue counted in bins of fixed relative width as they end, for a
//! replication's percentiles and Kaplan-Meier mean and for percentiles pooled over
//! replications: a run keeps some tens of kilobytes per stage whatever its length, where the
//! times themselves took megabytes over decades. Each bin keeps the number of its times and
//! their sum, and a time is taken as its bin's mean: within [`RELATIVE_ERROR`] of itself, and
//! exact when the times of its bin are all the same whole number of days (weekly intake) or
//! zero.
//!
//! `counts.rs` counts while a replication runs; `bins.rs` holds the result, its ranks and the
//! merge of several replications.

mod bins;
mod counts;

pub use bins::{Cut, WaitBins};
pub use counts::BinCounts;

/// Mantissa bits kept: a bin is 2^-9 of its power of two wide, so whole days have bins of their
/// own up to 512 days and a wait of 1 000 days is pooled within 2 days.
const MANTISSA_BITS: u32 = 9;
const SHIFT: u32 = 52 - MANTISSA_BITS;

/// Largest relative difference between a time and the value it is taken as (a bin's width).
pub const RELATIVE_ERROR: f64 = 1.0 / (1u64 << MANTISSA_BITS) as f64;

/// The bin of a time in days. Zero (and anything not above it) has bin 0 to itself.
pub(crate) fn bin_of(days: f64) -> u32 {
    if days > 0.0 {
        ((days.min(f64::MAX).to_bits() >> SHIFT) as u32).max(1)
    } else {
        0
    }
}

/// The mean of `n` times of one bin that sum to `sum`, kept inside the bin (a long sum of
/// equal times can round a hair past them). `n` is not 0.
fn mean_in(bin: u32, sum: f64, n: u64) -> f64 {
    if bin == 0 {
        return 0.0;
    }
    let low = f64::from_bits(u64::from(bin) << SHIFT);
    // The largest number of the bin: its upper end (positive) less one unit in the last place.
    let top = f64::from_bits(((u64::from(bin) + 1) << SHIFT) - 1);
    (sum / n as f64).clamp(low, top)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bin_is_narrow_and_its_mean_stays_in_it() {
        let mut r = crate::rng::stream(5);
        use rand::Rng;
        for _ in 0..20_000 {
            let w = r.random::<f64>() * 10f64.powi(r.random_range(-6..5));
            let b = bin_of(w);
            let low = f64::from_bits(u64::from(b) << SHIFT);
            let high = f64::from_bits((u64::from(b) + 1) << SHIFT);
            assert!(low <= w && w < high, "{w} in [{low}, {high})");
            assert!(high - low <= RELATIVE_ERROR * w, "{w}: bin {low}..{high}");
            // Three equal times summed by repeated addition keep their value but for rounding.
            assert!((mean_in(b, w + w + w, 3) - w).abs() <= 2.0 * f64::EPSILON * w);
        }
        assert_eq!(bin_of(0.0), 0);
        assert_eq!(mean_in(0, 0.0, 4), 0.0);
        // Whole days, the usual waits of weekly intake, keep their order and their bins apart.
        // A bin of equal whole days is taken as exactly that many days.
        for d in 1..512 {
            let d = d as f64;
            assert!(bin_of(d) < bin_of(d + 1.0));
            assert_eq!(mean_in(bin_of(d), (0..1000).map(|_| d).sum(), 1000), d);
        }
    }
}
