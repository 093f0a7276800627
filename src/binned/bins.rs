//! One replication's times at one stage by bin, or several replications' merged: ranks,
//! quantiles, counts at or below a value.

use super::mean_in;

/// The bins up to and including one, as [`WaitBins::cut`] finds it (none: no bin).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cut(Option<u32>);

/// Times by bin: bins ascending, each with the number of times in it and in the bins before it,
/// and the sum of its own times. A time is taken as its bin's mean.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WaitBins {
    bins: Vec<u32>,
    /// Times in this bin and every bin before it.
    cumulative: Vec<u64>,
    sums: Vec<f64>,
}

impl WaitBins {
    /// The bins of some times (in any order).
    #[cfg(test)]
    pub(crate) fn of(times: &[f64]) -> WaitBins {
        let mut counts = super::BinCounts::default();
        times.iter().for_each(|&t| counts.add(t));
        counts.bins()
    }

    /// Count `n` more times summing to `sum` in `bin`, which is no lower than the last bin.
    pub(super) fn add(&mut self, bin: u32, n: u64, sum: f64) {
        let total = self.len() + n;
        if self.bins.last() == Some(&bin) {
            *self.cumulative.last_mut().expect("a count per bin") = total;
            *self.sums.last_mut().expect("a sum per bin") += sum;
        } else {
            debug_assert!(self.bins.last().is_none_or(|&last| last < bin), "unsorted");
            self.bins.push(bin);
            self.cumulative.push(total);
            self.sums.push(sum);
        }
    }

    /// Number of times.
    pub fn len(&self) -> u64 {
        self.cumulative.last().copied().unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Times in bin `i` (an index into `bins`).
    fn count(&self, i: usize) -> u64 {
        self.cumulative[i] - if i == 0 { 0 } else { self.cumulative[i - 1] }
    }

    /// The value the times of bin `i` are taken as.
    fn value(&self, i: usize) -> f64 {
        mean_in(self.bins[i], self.sums[i], self.count(i))
    }

    /// Where `days` cuts these times: after the last bin whose value is at or below it. The
    /// same cut applies to other replications' bins, whose values differ a little (each bin's
    /// own mean), so that every replication splits a bin's times alike.
    pub fn cut(&self, days: f64) -> Cut {
        // Bins ascend and each mean lies in its bin, so the values ascend too.
        let (mut low, mut high) = (0, self.bins.len());
        while low < high {
            let mid = (low + high) / 2;
            if self.value(mid) <= days {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        Cut(low.checked_sub(1).map(|i| self.bins[i]))
    }

    /// Times in the bins before `cut`.
    pub fn below(&self, cut: Cut) -> u64 {
        match cut.0 {
            None => 0,
            Some(last) => match self.bins.partition_point(|&b| b <= last) {
                0 => 0,
                i => self.cumulative[i - 1],
            },
        }
    }

    /// Times taken as a value at or below `days`.
    pub fn at_or_below(&self, days: f64) -> u64 {
        self.below(self.cut(days))
    }

    /// The value of rank `rank` (from 0); `rank` must be below [`WaitBins::len`].
    pub fn at_rank(&self, rank: u64) -> f64 {
        self.value(self.cumulative.partition_point(|&c| c <= rank))
    }

    /// The times' quantile `q` (type 7, as [`crate::stats::quantile_sorted`] of the times each
    /// taken as its bin's mean); NaN for none.
    pub fn quantile(&self, q: f64) -> f64 {
        crate::stats::quantile_with(self.len() as usize, q, |rank| self.at_rank(rank as u64))
    }

    /// The bins' values ascending, each with its number of times.
    pub fn values(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        (0..self.bins.len()).map(|i| (self.value(i), self.count(i)))
    }

    /// Several replications' bins as one. Sums of a bin are added in the order of `reps`, so
    /// the result does not depend on how replications were scheduled.
    ///
    /// Each bin's count and sum are gathered in a table indexed by bin, one replication after
    /// the other, and the table is then read in bin order: one addition per bin of each
    /// replication, where sorting all of them by bin cost several times that. A sum starts
    /// from -0.0, which adds to any number as nothing, so it is the first replication's sum
    /// plus the next and so on, to the bit. The table runs from the lowest positive bin to the
    /// highest, with bin 0 (zeros) before them: waits of a job centre span a few dozen powers
    /// of two of 512 bins each, so it takes some hundreds of kilobytes.
    pub fn merge(reps: &[&WaitBins]) -> WaitBins {
        let Some(&highest) = reps.iter().filter_map(|r| r.bins.last()).max() else {
            return WaitBins::default();
        };
        // Only a replication's first bin can be 0.
        let below_lowest = reps
            .iter()
            .filter_map(|r| r.bins.iter().find(|&&b| b > 0))
            .min()
            .map_or(0, |&lowest| lowest - 1);
        let at = |bin: u32| bin.saturating_sub(below_lowest) as usize;
        let mut counts = vec![0u64; at(highest) + 1];
        let mut sums = vec![-0.0f64; counts.len()];
        for r in reps {
            let mut before = 0;
            for (&bin, (&cumulative, &sum)) in r.bins.iter().zip(r.cumulative.iter().zip(&r.sums)) {
                counts[at(bin)] += cumulative - before;
                sums[at(bin)] += sum;
                before = cumulative;
            }
        }
        let mut out = WaitBins::default();
        for (i, (&n, &sum)) in counts.iter().zip(&sums).enumerate() {
            if n > 0 {
                let bin = if i == 0 { 0 } else { i as u32 + below_lowest };
                out.add(bin, n, sum);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::RELATIVE_ERROR;
    use super::*;

    #[test]
    fn counts_and_ranks_follow_the_times() {
        let waits = [0.0, 0.0, 1.0, 1.0, 1.0, 2.5, 7.0, 7.0, 30.0];
        let b = WaitBins::of(&waits);
        assert_eq!(b.len(), 9);
        assert_eq!(b.at_or_below(0.0), 2);
        assert_eq!(b.at_or_below(1.5), 5);
        assert_eq!(b.at_or_below(100.0), 9);
        for (rank, &w) in waits.iter().enumerate() {
            assert_eq!(b.at_rank(rank as u64), w, "rank {rank}");
        }
        assert_eq!(b.quantile(0.5), 1.0);
        // Type 7 at 0.9: rank 7.2, between 7 and 30.
        assert!((b.quantile(0.9) - (7.0 + 0.2 * 23.0)).abs() < 1e-12);
        let merged = WaitBins::merge(&[&b, &WaitBins::of(&[1.0, 50.0]), &b]);
        assert_eq!(merged.len(), 20);
        assert_eq!(merged.at_or_below(1.01), 2 * 5 + 1);
        // A cut of the merged bins counts another replication's times bin by bin.
        let other = WaitBins::of(&[1.0 + 1e-6, 1.5]);
        assert_eq!(other.below(merged.cut(1.0)), 1);
        assert_eq!(other.below(merged.cut(0.5)), 0);
        assert_eq!(merged.at_rank(19), 50.0);
        assert!(WaitBins::of(&[]).is_empty());
    }

    #[test]
    fn times_sharing_a_bin_are_taken_as_their_mean() {
        // 10 and 10.01 share a bin (10 days and 10/512 of a day wide at 8 to 16 days).
        let b = WaitBins::of(&[10.0, 10.01, 3.0]);
        assert_eq!(b.at_rank(0), 3.0);
        let mean = (10.0 + 10.01) / 2.0;
        assert_eq!(b.at_rank(1), mean);
        assert_eq!(b.at_rank(2), mean);
        assert!((mean - 10.01).abs() <= RELATIVE_ERROR * 10.01);
        let vals: Vec<(f64, u64)> = b.values().collect();
        assert_eq!(vals, vec![(3.0, 1), (mean, 2)]);
    }

    /// The merge as first written: every replication's bins sorted together by bin (stable, so
    /// a bin's parts keep the order of `reps`) and added one after the other.
    fn merge_by_sorting(reps: &[&WaitBins]) -> WaitBins {
        let mut parts: Vec<(u32, u64, f64)> = reps
            .iter()
            .flat_map(|r| (0..r.bins.len()).map(|i| (r.bins[i], r.count(i), r.sums[i])))
            .collect();
        parts.sort_by_key(|&(b, _, _)| b);
        let mut out = WaitBins::default();
        for (b, n, sum) in parts {
            out.add(b, n, sum);
        }
        out
    }

    /// Same bins, counts and sums, to the bit.
    fn identical(a: &WaitBins, b: &WaitBins) -> bool {
        let bits = |w: &WaitBins| w.sums.iter().map(|s| s.to_bits()).collect::<Vec<_>>();
        a.bins == b.bins && a.cumulative == b.cumulative && bits(a) == bits(b)
    }

    #[test]
    fn merging_equals_sorting_all_bins_to_the_bit() {
        use rand::Rng;
        let mut r = crate::rng::stream(14);
        // Times from 10^low to 10^high days, a share of them zero.
        let mut times = |n: usize, low: i32, high: i32, zeros: f64| -> WaitBins {
            let t: Vec<f64> = (0..n)
                .map(|_| {
                    if r.random::<f64>() < zeros {
                        0.0
                    } else {
                        r.random::<f64>() * 10f64.powi(r.random_range(low..high))
                    }
                })
                .collect();
            WaitBins::of(&t)
        };
        // Overlapping: many replications over the same range, so most bins are in all of them
        // and their sums, added in another order, would round differently.
        let overlapping: Vec<WaitBins> = (0..40).map(|_| times(3000, -2, 3, 0.3)).collect();
        // Disjoint: each replication's times in powers of ten of their own, some without zeros,
        // one with nothing but zeros, one empty.
        let mut disjoint: Vec<WaitBins> = (0..6)
            .map(|k| times(500, 2 * k - 8, 2 * k - 7, 0.0))
            .collect();
        disjoint.push(times(50, 0, 1, 1.0));
        disjoint.push(WaitBins::default());
        disjoint.push(times(500, -12, 6, 0.5));
        for reps in [&overlapping, &disjoint] {
            let refs: Vec<&WaitBins> = reps.iter().collect();
            let merged = WaitBins::merge(&refs);
            assert!(identical(&merged, &merge_by_sorting(&refs)));
            assert_eq!(merged.len(), reps.iter().map(|r| r.len()).sum::<u64>());
        }
        // The comparison sees the order of addition: replications taken the other way round
        // give sums that differ in the last bits.
        let refs: Vec<&WaitBins> = overlapping.iter().collect();
        let backwards: Vec<&WaitBins> = refs.iter().rev().copied().collect();
        let (forwards, backwards) = (merge_by_sorting(&refs), WaitBins::merge(&backwards));
        assert!(!identical(&forwards, &backwards));
        assert_eq!(forwards.bins, backwards.bins);
        assert!(identical(&WaitBins::merge(&[]), &WaitBins::default()));
    }
}
