//! Times counted by bin, with their sum, while a replication runs.

use super::{bin_of, WaitBins, MANTISSA_BITS};

/// Bins per page: one power of two.
const PAGE: usize = 1 << MANTISSA_BITS;

/// One bin of `N` counts: the number of times in each and their sum, side by side so that
/// counting a time touches one cache line, even when it is counted in two of them (a stage's
/// pages together outgrow the first-level cache).
#[derive(Debug, Clone, Copy)]
struct Bin<const N: usize> {
    count: [u64; N],
    sum: [f64; N],
}

/// The bins of one power of two.
#[derive(Debug, Clone)]
struct Page<const N: usize> {
    bins: [Bin<N>; PAGE],
}

/// Powers of two a positive `f64` can have: the bin's bits above the mantissa bits kept.
const POWERS: usize = 1 << 11;

/// Times counted by bin while a replication runs, in `N` counts that share their bins (count
/// `k` of `N` is [`BinCounts::add_to`] and [`BinCounts::bins_of`]; one count has
/// [`BinCounts::add`] and [`BinCounts::bins`]). The bins of one power of two make a page,
/// allocated when the first time falls in it (8 KiB per count): the waits of a job centre span
/// a few dozen powers of two, so a stage keeps some tens of kilobytes however long the run.
/// Zeros, common (a place was free), are counted apart.
#[derive(Debug, Clone)]
pub struct BinCounts<const N: usize = 1> {
    zeros: [u64; N],
    /// Per power of two, its page once a time has fallen in it (16 KiB of pointers). Consecutive
    /// waits often differ in power of two, so the page is found with one look-up rather than
    /// searched for.
    pages: Box<[Option<Box<Page<N>>>; POWERS]>,
    /// The powers of two with a page, in the order they were first needed.
    used: Vec<u16>,
}

impl<const N: usize> Default for BinCounts<N> {
    fn default() -> BinCounts<N> {
        BinCounts {
            zeros: [0; N],
            pages: vec![None; POWERS]
                .into_boxed_slice()
                .try_into()
                .expect("POWERS pages"),
            used: Vec::new(),
        }
    }
}

impl<const N: usize> BinCounts<N> {
    /// Count a time in days in count `k`.
    #[inline]
    pub fn add_to(&mut self, k: usize, days: f64) {
        let bin = bin_of(days);
        if bin == 0 {
            self.zeros[k] += 1;
            return;
        }
        let at = (bin >> MANTISSA_BITS) as usize;
        let page = match &mut self.pages[at] {
            Some(page) => page,
            None => self.add_page(at),
        };
        let b = &mut page.bins[bin as usize % PAGE];
        b.count[k] += 1;
        b.sum[k] += days;
    }

    /// Add the page of power `at`.
    #[cold]
    fn add_page(&mut self, at: usize) -> &mut Page<N> {
        // At most POWERS pages, so the power fits.
        self.used.push(at as u16);
        self.pages[at].insert(Box::new(Page {
            bins: [Bin {
                count: [0; N],
                sum: [0.0; N],
            }; PAGE],
        }))
    }

    /// Count `k` as [`WaitBins`], for ranks and pooling.
    pub fn bins_of(&self, k: usize) -> WaitBins {
        let mut out = WaitBins::default();
        if self.zeros[k] > 0 {
            out.add(0, self.zeros[k], 0.0);
        }
        let mut used = self.used.clone();
        used.sort_unstable();
        for at in used {
            let page = self.pages[usize::from(at)].as_ref().expect("a page");
            for (i, b) in page.bins.iter().enumerate() {
                if b.count[k] > 0 {
                    out.add(
                        (u32::from(at) << MANTISSA_BITS) | i as u32,
                        b.count[k],
                        b.sum[k],
                    );
                }
            }
        }
        out
    }
}

impl BinCounts {
    /// Count a time in days.
    #[inline]
    pub fn add(&mut self, days: f64) {
        self.add_to(0, days);
    }

    /// The counts as [`WaitBins`], for ranks and pooling.
    pub fn bins(&self) -> WaitBins {
        self.bins_of(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_sums_by_bin_in_any_order() {
        let times = [30.0, 0.0, 1.0, 7.0, 0.0, 1.0, 2.5, 1.0, 7.0, 1e-9, 4000.5];
        let mut c = BinCounts::default();
        times.iter().for_each(|&t| c.add(t));
        let b = c.bins();
        assert_eq!(b.len(), times.len() as u64);
        let mut sorted = times;
        sorted.sort_by(f64::total_cmp);
        // Distinct times far apart have bins of their own, so every rank is exact.
        for (rank, &t) in sorted.iter().enumerate() {
            assert_eq!(b.at_rank(rank as u64), t, "rank {rank}");
        }
        assert!(BinCounts::default().bins().is_empty());
    }

    /// Counts sharing their bins are kept apart: each gives the bins of its own times, as one
    /// count alone would.
    #[test]
    fn counts_sharing_bins_keep_their_own_times() {
        let first = [3.0, 0.0, 1.0, 1.0, 250.5, 1e-6];
        let second = [1.0, 0.0, 0.0, 7.5, 250.5];
        let mut both = BinCounts::<2>::default();
        let (mut a, mut b) = (BinCounts::default(), BinCounts::default());
        for (i, &t) in first.iter().enumerate() {
            both.add_to(0, t);
            a.add(t);
            if let Some(&u) = second.get(i) {
                both.add_to(1, u);
                b.add(u);
            }
        }
        let ranks = |w: &WaitBins| (0..w.len()).map(|r| w.at_rank(r)).collect::<Vec<_>>();
        for (k, alone) in [(0, &a), (1, &b)] {
            let (shared, own) = (both.bins_of(k), alone.bins());
            assert_eq!(shared.len(), own.len(), "count {k}");
            assert_eq!(ranks(&shared), ranks(&own), "count {k}");
        }
        assert_eq!(both.bins_of(0).len(), first.len() as u64);
        assert_eq!(both.bins_of(1).at_rank(4), 250.5);
    }
}
