//! Times counted by bin, with their sum, while a replication runs.

use super::{bin_of, WaitBins, MANTISSA_BITS};

/// Bins per page: one power of two.
const PAGE: usize = 1 << MANTISSA_BITS;

/// The bins of one power of two: the number of times in each and their sum.
#[derive(Debug, Clone)]
struct Page {
    /// The bins' bits above the mantissa bits kept.
    at: u32,
    counts: [u64; PAGE],
    sums: [f64; PAGE],
}

/// Powers of two a positive `f64` can have: the bin's bits above the mantissa bits kept.
const POWERS: usize = 1 << 11;

/// Times counted by bin while a replication runs. The bins of one power of two make a page,
/// allocated when the first time falls in it (8 KiB): the waits of a job centre span a few dozen
/// powers of two, so a stage keeps some tens of kilobytes however long the run. Zeros, common
/// (a place was free), are counted apart.
#[derive(Debug, Clone, Default)]
pub struct BinCounts {
    zeros: u64,
    /// Pages in the order they were first needed.
    pages: Vec<Box<Page>>,
    /// Per power of two, 1 + its page's index in `pages` (0: none yet); allocated with the
    /// first page. Consecutive waits often differ in power of two, so the page is looked up
    /// directly rather than searched for.
    page_of: Option<Box<[u16; POWERS]>>,
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
        let page = match self.page_of.as_ref().map_or(0, |p| p[at]) {
            0 => self.add_page(at),
            i => usize::from(i) - 1,
        };
        let page = &mut self.pages[page];
        let i = bin as usize % PAGE;
        page.counts[i] += 1;
        page.sums[i] += days;
    }

    /// Add the page of power `at`, returning its index.
    #[cold]
    fn add_page(&mut self, at: usize) -> usize {
        self.pages.push(Box::new(Page {
            at: at as u32,
            counts: [0; PAGE],
            sums: [0.0; PAGE],
        }));
        let index = self.pages.len();
        // At most POWERS pages, so the index fits.
        self.page_of.get_or_insert_with(|| Box::new([0; POWERS]))[at] = index as u16;
        index - 1
    }

    /// The counts as [`WaitBins`], for ranks and pooling.
    pub fn bins(&self) -> WaitBins {
        let mut out = WaitBins::default();
        if self.zeros > 0 {
            out.add(0, self.zeros, 0.0);
        }
        let mut pages: Vec<&Page> = self.pages.iter().map(|p| &**p).collect();
        pages.sort_unstable_by_key(|p| p.at);
        for page in pages {
            for (i, (&n, &sum)) in page.counts.iter().zip(&page.sums).enumerate() {
                if n > 0 {
                    out.add((page.at << MANTISSA_BITS) | i as u32, n, sum);
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
