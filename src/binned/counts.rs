//! Times counted by bin, with their sum, while a replication runs.

use super::{bin_of, WaitBins, MANTISSA_BITS};

/// Bins per page: one power of two.
const PAGE: usize = 1 << MANTISSA_BITS;

/// One bin: the number of times in it and their sum, side by side so that counting a time
/// touches one cache line (a stage's pages together outgrow the first-level cache).
#[derive(Debug, Clone, Copy, Default)]
struct Bin {
    count: u64,
    sum: f64,
}

/// The bins of one power of two.
#[derive(Debug, Clone)]
struct Page {
    bins: [Bin; PAGE],
}

/// Powers of two a positive `f64` can have: the bin's bits above the mantissa bits kept.
const POWERS: usize = 1 << 11;

/// Times counted by bin while a replication runs. The bins of one power of two make a page,
/// allocated when the first time falls in it (8 KiB): the waits of a job centre span a few dozen
/// powers of two, so a stage keeps some tens of kilobytes however long the run. Zeros, common
/// (a place was free), are counted apart.
#[derive(Debug, Clone)]
pub struct BinCounts {
    zeros: u64,
    /// Per power of two, its page once a time has fallen in it (16 KiB of pointers). Consecutive
    /// waits often differ in power of two, so the page is found with one look-up rather than
    /// searched for.
    pages: Box<[Option<Box<Page>>; POWERS]>,
    /// The powers of two with a page, in the order they were first needed.
    used: Vec<u16>,
}

impl Default for BinCounts {
    fn default() -> BinCounts {
        BinCounts {
            zeros: 0,
            pages: vec![None; POWERS]
                .into_boxed_slice()
                .try_into()
                .expect("POWERS pages"),
            used: Vec::new(),
        }
    }
}

impl BinCounts {
    /// Count a time in days.
    #[inline]
    pub fn add(&mut self, days: f64) {
        let bin = bin_of(days);
        if bin == 0 {
            self.zeros += 1;
            return;
        }
        let at = (bin >> MANTISSA_BITS) as usize;
        let page = match &mut self.pages[at] {
            Some(page) => page,
            None => self.add_page(at),
        };
        let b = &mut page.bins[bin as usize % PAGE];
        b.count += 1;
        b.sum += days;
    }

    /// Add the page of power `at`.
    #[cold]
    fn add_page(&mut self, at: usize) -> &mut Page {
        // At most POWERS pages, so the power fits.
        self.used.push(at as u16);
        self.pages[at].insert(Box::new(Page {
            bins: [Bin::default(); PAGE],
        }))
    }

    /// The counts as [`WaitBins`], for ranks and pooling.
    pub fn bins(&self) -> WaitBins {
        let mut out = WaitBins::default();
        if self.zeros > 0 {
            out.add(0, self.zeros, 0.0);
        }
        let mut used = self.used.clone();
        used.sort_unstable();
        for at in used {
            let page = self.pages[usize::from(at)].as_ref().expect("a page");
            for (i, b) in page.bins.iter().enumerate() {
                if b.count > 0 {
                    out.add((u32::from(at) << MANTISSA_BITS) | i as u32, b.count, b.sum);
                }
            }
        }
        out
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
}
