//! What a replication records while it runs: time integrals clipped to the measured window,
//! waiting and stay times, flows, payments and the weekly stock snapshots.
//!
//! Records that grow with the run are kept small: stays are summed as they end (only their mean
//! is reported), waits and times in queue are summed and counted by bin as they end (for their
//! mean, percentiles and Kaplan-Meier mean), and the weekly snapshots are stored by column, a
//! few numbers per stage and week without an allocation each. A run's memory then follows the
//! citizens present and the weeks reported, not every citizen who ever came.

use crate::binned::BinCounts;

/// Integral over the measured window of a piecewise-constant quantity, which changes at times
/// that never go back (the engine's clock).
#[derive(Debug, Clone, Copy)]
pub struct Integrator {
    /// Where the area not yet counted begins: the later of the window's start and the last
    /// change (the run starts at 0).
    from: f64,
    value: f64,
    area: f64,
}

impl Integrator {
    pub fn new(window_start: f64, value: f64) -> Integrator {
        Integrator {
            from: window_start.max(0.0),
            value,
            area: 0.0,
        }
    }

    fn advance(&mut self, t: f64) {
        if t > self.from {
            self.area += self.value * (t - self.from);
            self.from = t;
        }
    }

    /// The quantity changes to `value` at time `t`.
    pub fn set(&mut self, t: f64, value: f64) {
        self.advance(t);
        self.value = value;
    }

    pub fn value(&self) -> f64 {
        self.value
    }

    /// Area up to `t`.
    pub fn area_until(&self, t: f64) -> f64 {
        let mut copy = *self;
        copy.advance(t);
        copy.area
    }
}

/// The counts of [`StageRecord::waits`]: liggetid of the starts in the window...
pub const LIGGETID: usize = 0;
/// ... and time in the queue until a start, of those referred in the window.
pub const QUEUED_STARTED: usize = 1;

/// Per-stage records of one replication.
#[derive(Debug, Clone)]
pub struct StageRecord {
    pub occupancy: Integrator,
    pub queue: Integrator,
    pub capacity: Integrator,
    /// 1 while the stage's places are unlimited: any area in the window makes utilisation
    /// and mean capacity undefined.
    pub unlimited: Integrator,
    /// By bin, in two counts: liggetid of the starts in the window ([`LIGGETID`], for the
    /// percentiles), and the time in this stage's queue of everyone referred here in the
    /// window, until they started here ([`QUEUED_STARTED`], the event of the Kaplan-Meier
    /// estimate). Mostly the same times, so they share their bins: a start counts both in
    /// one cache line.
    pub waits: BinCounts<2>,
    /// Liggetid of the starts in the window: their sum in the order they ended and their
    /// number (for the mean)...
    pub wait_sum: f64,
    pub wait_count: u64,
    /// ... and the sum of those since the last weekly snapshot, in the same order.
    week_wait_sum: f64,
    /// Liggetid of every start in the window, in the order they ended: filled only by
    /// [`crate::engine::run`], which keeps everything for tests and diagnostics.
    pub wait_list: Vec<f64>,
    /// Time in this stage's queue of everyone referred here in the window, by bin, until they
    /// stopped waiting here otherwise than by starting here, or the run ended (censored).
    pub queued_censored: BinCounts,
    /// Sum and number of the lengths of the stays that ended in the window, summed in the order
    /// they ended.
    pub stay_sum: f64,
    pub stay_count: u64,
    /// Length of every stay that ended in the window, in that order: filled only by
    /// [`crate::engine::run`], which keeps everything for tests and diagnostics.
    pub stays: Vec<f64>,
    pub referrals: u64,
    pub entries: u64,
    pub payments_dkk: f64,
}

impl StageRecord {
    /// A wait of `days` ended in a start in the window.
    #[inline]
    pub fn add_wait(&mut self, days: f64) {
        self.waits.add_to(LIGGETID, days);
        self.wait_sum += days;
        self.wait_count += 1;
        self.week_wait_sum += days;
    }

    /// Mean of the waits that ended in a start in the window (NaN: none).
    pub fn wait_mean(&self) -> f64 {
        if self.wait_count == 0 {
            f64::NAN
        } else {
            self.wait_sum / self.wait_count as f64
        }
    }

    /// For a weekly snapshot: the number of waits so far and the sum of those since the last
    /// snapshot, which starts again.
    pub fn take_week_waits(&mut self) -> (u64, f64) {
        // The sum of no numbers in Rust is -0.0, as the sums of the weeks were taken before.
        (
            self.wait_count,
            std::mem::replace(&mut self.week_wait_sum, -0.0),
        )
    }

    /// A stay of `days` ended in the window.
    pub fn add_stay(&mut self, days: f64) {
        self.stay_sum += days;
        self.stay_count += 1;
    }

    /// Mean length of the stays that ended in the window (NaN: none), as
    /// [`crate::stats::mean`] of them all would give it.
    pub fn stay_mean(&self) -> f64 {
        if self.stay_count == 0 {
            f64::NAN
        } else {
            self.stay_sum / self.stay_count as f64
        }
    }

    /// Places were unlimited at some time in the window ending at `end`.
    pub fn unlimited_in_window(&self, end: f64) -> bool {
        self.unlimited.area_until(end) > 0.0
    }

    pub fn new(window_start: f64, capacity: Option<u32>) -> StageRecord {
        StageRecord {
            occupancy: Integrator::new(window_start, 0.0),
            queue: Integrator::new(window_start, 0.0),
            capacity: Integrator::new(window_start, capacity.map_or(0.0, f64::from)),
            unlimited: Integrator::new(window_start, if capacity.is_none() { 1.0 } else { 0.0 }),
            waits: BinCounts::default(),
            wait_sum: -0.0,
            wait_count: 0,
            week_wait_sum: -0.0,
            wait_list: Vec::new(),
            queued_censored: BinCounts::default(),
            // The sum of no numbers in Rust is -0.0, and `stats::mean` sums with `Sum`.
            stay_sum: -0.0,
            stay_count: 0,
            stays: Vec::new(),
            referrals: 0,
            entries: 0,
            payments_dkk: 0.0,
        }
    }
}

/// Stocks at one week boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct WeekSnapshot {
    /// Days since the first simulated day.
    pub day: f64,
    pub occupancy: Vec<u32>,
    pub queue: Vec<u32>,
    /// NaN for unlimited.
    pub capacity: Vec<f64>,
    pub present: u64,
    pub active: u64,
    pub company: u64,
    pub arrived_total: u64,
    pub exited_total: u64,
}

/// The weekly snapshots of one run, stored by column: about 28 bytes per stage and 28 per week,
/// with no allocation per week. [`Weekly::get`] and iteration give [`WeekSnapshot`]s.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Weekly {
    stages: usize,
    day: Vec<f64>,
    /// Per week and stage: occupancy, queue.
    counts: Vec<[u32; 2]>,
    /// Per week and stage; NaN for unlimited.
    capacity: Vec<f64>,
    /// Per week: present, active, company, arrived_total, exited_total (citizen numbers are
    /// `u32` in the engine).
    totals: Vec<[u32; 5]>,
    /// Per week and stage: waits recorded in the window up to the snapshot.
    waits_before: Vec<u32>,
    /// Per week and stage: sum of the waits that ended since the previous snapshot, in the
    /// order they ended.
    wait_sum: Vec<f64>,
}

impl Weekly {
    pub fn new(stages: usize) -> Weekly {
        Weekly {
            stages,
            ..Weekly::default()
        }
    }

    /// Add a week: per stage (occupancy, queue, places or NaN, waits recorded so far and the
    /// sum of those since the last week), then the totals.
    pub fn push(
        &mut self,
        day: f64,
        stages: impl Iterator<Item = (u32, u32, f64, (u64, f64))>,
        totals: [u64; 5],
    ) {
        self.day.push(day);
        let before = self.capacity.len();
        for (occupancy, queue, capacity, (waits, wait_sum)) in stages {
            self.counts.push([occupancy, queue]);
            self.capacity.push(capacity);
            self.waits_before
                .push(u32::try_from(waits).unwrap_or(u32::MAX));
            self.wait_sum.push(wait_sum);
        }
        debug_assert_eq!(self.capacity.len() - before, self.stages);
        self.totals
            .push(totals.map(|v| u32::try_from(v).unwrap_or(u32::MAX)));
    }

    pub fn len(&self) -> usize {
        self.day.len()
    }

    pub fn is_empty(&self) -> bool {
        self.day.is_empty()
    }

    pub fn day(&self, week: usize) -> f64 {
        self.day[week]
    }

    pub fn occupancy(&self, week: usize, stage: usize) -> u32 {
        self.counts[week * self.stages + stage][0]
    }

    pub fn queue(&self, week: usize, stage: usize) -> u32 {
        self.counts[week * self.stages + stage][1]
    }

    pub fn capacity(&self, week: usize, stage: usize) -> f64 {
        self.capacity[week * self.stages + stage]
    }

    /// The waits that ended in the week up to snapshot `week` at `stage`: their sum in days and
    /// their number.
    pub fn waits(&self, week: usize, stage: usize) -> (f64, u32) {
        let i = week * self.stages + stage;
        let before = if week == 0 {
            0
        } else {
            self.waits_before[i - self.stages]
        };
        (self.wait_sum[i], self.waits_before[i] - before)
    }

    pub fn present(&self, week: usize) -> u64 {
        u64::from(self.totals[week][0])
    }

    pub fn active(&self, week: usize) -> u64 {
        u64::from(self.totals[week][1])
    }

    pub fn company(&self, week: usize) -> u64 {
        u64::from(self.totals[week][2])
    }

    /// Week `week` as a snapshot.
    pub fn get(&self, week: usize) -> WeekSnapshot {
        let stages = week * self.stages..(week + 1) * self.stages;
        let [present, active, company, arrived_total, exited_total] =
            self.totals[week].map(u64::from);
        WeekSnapshot {
            day: self.day[week],
            occupancy: self.counts[stages.clone()].iter().map(|c| c[0]).collect(),
            queue: self.counts[stages.clone()].iter().map(|c| c[1]).collect(),
            capacity: self.capacity[stages].to_vec(),
            present,
            active,
            company,
            arrived_total,
            exited_total,
        }
    }

    pub fn last(&self) -> Option<WeekSnapshot> {
        self.len().checked_sub(1).map(|w| self.get(w))
    }

    pub fn iter(&self) -> impl Iterator<Item = WeekSnapshot> + '_ {
        (0..self.len()).map(|w| self.get(w))
    }
}

impl<'a> IntoIterator for &'a Weekly {
    type Item = WeekSnapshot;
    type IntoIter = Box<dyn Iterator<Item = WeekSnapshot> + 'a>;

    fn into_iter(self) -> Self::IntoIter {
        Box::new(self.iter())
    }
}

/// The month-end stocks of one run (the transition report), stored by column as [`Weekly`]
/// is: no allocation per month.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Monthly {
    stages: usize,
    /// Per month: its calendar month index (see [`crate::calendar::Calendar::month_index`])...
    month: Vec<usize>,
    /// ... and the day it ended (days since the first simulated day): the first instant of the
    /// next month, or the end of the run for the last (possibly partial) month.
    day: Vec<f64>,
    /// Per month and stage: places (NaN for unlimited)...
    capacity: Vec<f64>,
    /// ... occupancy and queue...
    counts: Vec<[u32; 2]>,
    /// ... and the place-days used from the start of the measured window to the month's end.
    occupancy_area: Vec<f64>,
    /// Per month: present, active, company, and citizens without an offer past their
    /// deadline (past the statutory first-offer deadline with no offer yet in a spell that
    /// began in the run, or waiting longer than a path's maximum wait).
    totals: Vec<[u64; 4]>,
}

impl Monthly {
    pub fn new(stages: usize) -> Monthly {
        Monthly {
            stages,
            ..Monthly::default()
        }
    }

    /// Add the month `month` that ended at `day`: per stage (places or NaN, occupancy, queue,
    /// place-days used so far), then present, active, company and past the offer deadline.
    pub fn push(
        &mut self,
        month: usize,
        day: f64,
        stages: impl Iterator<Item = (f64, u32, u32, f64)>,
        totals: [u64; 4],
    ) {
        self.month.push(month);
        self.day.push(day);
        let before = self.capacity.len();
        for (capacity, occupancy, queue, area) in stages {
            self.capacity.push(capacity);
            self.counts.push([occupancy, queue]);
            self.occupancy_area.push(area);
        }
        debug_assert_eq!(self.capacity.len() - before, self.stages);
        self.totals.push(totals);
    }

    pub fn len(&self) -> usize {
        self.month.len()
    }

    pub fn is_empty(&self) -> bool {
        self.month.is_empty()
    }

    /// The calendar month index of the `i`-th month recorded.
    pub fn month(&self, i: usize) -> usize {
        self.month[i]
    }

    /// The calendar month index of the last month recorded.
    pub fn last_month(&self) -> Option<usize> {
        self.month.last().copied()
    }

    pub fn day(&self, i: usize) -> f64 {
        self.day[i]
    }

    pub fn capacity(&self, i: usize, stage: usize) -> f64 {
        self.capacity[i * self.stages + stage]
    }

    pub fn occupancy(&self, i: usize, stage: usize) -> u32 {
        self.counts[i * self.stages + stage][0]
    }

    pub fn queue(&self, i: usize, stage: usize) -> u32 {
        self.counts[i * self.stages + stage][1]
    }

    pub fn occupancy_area(&self, i: usize, stage: usize) -> f64 {
        self.occupancy_area[i * self.stages + stage]
    }

    pub fn present(&self, i: usize) -> u64 {
        self.totals[i][0]
    }

    pub fn active(&self, i: usize) -> u64 {
        self.totals[i][1]
    }

    pub fn company(&self, i: usize) -> u64 {
        self.totals[i][2]
    }

    pub fn past_offer_deadline(&self, i: usize) -> u64 {
        self.totals[i][3]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integrator_counts_the_area_inside_the_window_only() {
        // Window from day 10: 2 from day 0, 5 from day 4, 1 from day 12 (changed twice at that
        // instant), 3 from day 20; area up to day 30 by hand: 5·2 + 1·8 + 3·10.
        let mut q = Integrator::new(10.0, 2.0);
        q.set(4.0, 5.0);
        q.set(12.0, 7.0);
        q.set(12.0, 1.0);
        assert_eq!(q.area_until(12.0), 10.0);
        q.set(20.0, 3.0);
        assert_eq!(q.value(), 3.0);
        assert_eq!(q.area_until(30.0), 10.0 + 8.0 + 30.0);
        // Asking does not change it.
        assert_eq!(q.area_until(30.0), 48.0);
        // Nothing before the window.
        let mut w = Integrator::new(10.0, 1.0);
        w.set(9.0, 4.0);
        assert_eq!(w.area_until(10.0), 0.0);
        assert_eq!(w.area_until(11.0), 4.0);
    }
}
