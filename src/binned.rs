//! Waits kept for percentiles pooled over replications, as counts in bins of fixed relative
//! width: a replication's sorted waits reduce to at most a few thousand bins whatever the length
//! of the run, so a run of many replications over decades keeps kilobytes per replication where
//! the waits themselves took megabytes. A pooled percentile is then exact for the waits each
//! rounded to its bin's middle: within [`RELATIVE_ERROR`] of the exact one.

/// Mantissa bits kept: a bin is 2^-9 of its power of two wide, so whole days have bins of their
/// own up to 512 days and a wait of 1 000 days is pooled within a day.
const MANTISSA_BITS: u32 = 9;
const SHIFT: u32 = 52 - MANTISSA_BITS;

/// Largest relative difference between a wait and the value it is pooled as (half a bin).
pub const RELATIVE_ERROR: f64 = 1.0 / (1u64 << (MANTISSA_BITS + 1)) as f64;

/// The bin of a wait in days. Zero (and anything not above it) has bin 0 to itself, so a wait of
/// nothing stays exactly nothing.
fn bin_of(days: f64) -> u32 {
    if days > 0.0 {
        ((days.min(f64::MAX).to_bits() >> SHIFT) as u32).max(1)
    } else {
        0
    }
}

/// The value every wait of a bin is pooled as: the middle of the bin.
pub fn value_of(bin: u32) -> f64 {
    if bin == 0 {
        0.0
    } else {
        f64::from_bits((u64::from(bin) << SHIFT) | (1 << (SHIFT - 1)))
    }
}

/// The value a wait is pooled as.
#[cfg(test)]
pub(crate) fn rounded(days: f64) -> f64 {
    value_of(bin_of(days))
}

/// One replication's waits at one stage, by bin: bins ascending, each with the number of waits
/// in it and in the bins before it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WaitBins {
    bins: Vec<u32>,
    /// Waits in this bin and every bin before it.
    cumulative: Vec<u64>,
}

impl WaitBins {
    /// The bins of waits sorted ascending (as [`crate::radix::sort_times`] leaves them).
    pub fn from_sorted(sorted: &[f64]) -> WaitBins {
        let mut out = WaitBins::default();
        for &w in sorted {
            out.add(bin_of(w), 1);
        }
        out
    }

    /// Count `n` more waits in `bin`, which is no lower than the last bin counted.
    fn add(&mut self, bin: u32, n: u64) {
        let total = self.len() + n;
        if self.bins.last() == Some(&bin) {
            *self.cumulative.last_mut().expect("a count per bin") = total;
        } else {
            debug_assert!(self.bins.last().is_none_or(|&last| last < bin), "unsorted");
            self.bins.push(bin);
            self.cumulative.push(total);
        }
    }

    /// Number of waits.
    pub fn len(&self) -> u64 {
        self.cumulative.last().copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Waits pooled as a value at or below `days`.
    pub fn at_or_below(&self, days: f64) -> u64 {
        match self.bins.partition_point(|&b| value_of(b) <= days) {
            0 => 0,
            i => self.cumulative[i - 1],
        }
    }

    /// The value of rank `rank` (from 0); `rank` must be below [`WaitBins::len`].
    pub fn at_rank(&self, rank: u64) -> f64 {
        value_of(self.bins[self.cumulative.partition_point(|&c| c <= rank)])
    }

    /// Several replications' bins as one.
    pub fn merge(reps: &[&WaitBins]) -> WaitBins {
        let mut pairs: Vec<(u32, u64)> = reps
            .iter()
            .flat_map(|r| {
                r.bins
                    .iter()
                    .zip(&r.cumulative)
                    .scan(0, |before, (&b, &c)| {
                        let n = c - *before;
                        *before = c;
                        Some((b, n))
                    })
            })
            .collect();
        pairs.sort_unstable_by_key(|&(b, _)| b);
        let mut out = WaitBins::default();
        for (b, n) in pairs {
            out.add(b, n);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_is_pooled_within_half_a_bin() {
        let mut r = crate::rng::stream(5);
        use rand::Rng;
        for _ in 0..20_000 {
            let w = r.random::<f64>() * 10f64.powi(r.random_range(-6..5));
            let v = value_of(bin_of(w));
            assert!((v - w).abs() <= RELATIVE_ERROR * w, "{w} pooled as {v}");
        }
        assert_eq!(value_of(bin_of(0.0)), 0.0);
        // Whole days, the usual waits of weekly intake, keep their order and their bins apart.
        for d in 1..512 {
            assert!(bin_of(d as f64) < bin_of(d as f64 + 1.0));
        }
    }

    #[test]
    fn counts_and_ranks_follow_the_waits() {
        let waits = [0.0, 0.0, 1.0, 1.0, 1.0, 2.5, 7.0, 7.0, 30.0];
        let b = WaitBins::from_sorted(&waits);
        assert_eq!(b.len(), 9);
        assert_eq!(b.at_or_below(0.0), 2);
        assert_eq!(b.at_or_below(1.5), 5);
        assert_eq!(b.at_or_below(100.0), 9);
        for (rank, &w) in waits.iter().enumerate() {
            let v = b.at_rank(rank as u64);
            assert!(
                (v - w).abs() <= RELATIVE_ERROR * w,
                "rank {rank}: {v} for {w}"
            );
        }
        let merged = WaitBins::merge(&[&b, &WaitBins::from_sorted(&[1.0, 50.0]), &b]);
        assert_eq!(merged.len(), 20);
        assert_eq!(merged.at_or_below(1.01), 2 * 5 + 1);
        assert!((merged.at_rank(19) - 50.0).abs() <= RELATIVE_ERROR * 50.0);
        assert!(WaitBins::from_sorted(&[]).is_empty());
    }
}
