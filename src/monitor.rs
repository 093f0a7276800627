//! What a replication records while it runs: time integrals clipped to the measured window,
//! waiting and stay times, flows, payments and the weekly stock snapshots.

/// Integral over the measured window of a piecewise-constant quantity.
#[derive(Debug, Clone, Copy)]
pub struct Integrator {
    window_start: f64,
    last: f64,
    value: f64,
    area: f64,
}

impl Integrator {
    pub fn new(window_start: f64, value: f64) -> Integrator {
        Integrator {
            window_start,
            last: 0.0,
            value,
            area: 0.0,
        }
    }

    fn advance(&mut self, t: f64) {
        let from = self.last.max(self.window_start);
        if t > from {
            self.area += self.value * (t - from);
        }
        self.last = t;
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

/// Per-stage records of one replication.
#[derive(Debug, Clone)]
pub struct StageRecord {
    pub occupancy: Integrator,
    pub queue: Integrator,
    pub capacity: Integrator,
    /// 1 while the stage's places are unlimited: any area in the window makes utilisation
    /// and mean capacity undefined.
    pub unlimited: Integrator,
    /// Liggetid of every start in the window.
    pub waits: Vec<f64>,
    /// Length of every stay that ended in the window.
    pub stays: Vec<f64>,
    pub referrals: u64,
    pub entries: u64,
    pub payments_dkk: f64,
}

impl StageRecord {
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
            waits: Vec::new(),
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

/// Stocks at the end of one calendar month (the transition report).
#[derive(Debug, Clone, PartialEq)]
pub struct MonthSnapshot {
    /// Calendar month index (see [`crate::calendar::Calendar::month_index`]) of the month that
    /// ended.
    pub month: usize,
    /// Days since the first simulated day: the first instant of the next month, or the end of
    /// the run for the last (possibly partial) month.
    pub day: f64,
    /// NaN for unlimited.
    pub capacity: Vec<f64>,
    pub occupancy: Vec<u32>,
    pub queue: Vec<u32>,
    /// Place-days used in each stage from the start of the measured window to `day`.
    pub occupancy_area: Vec<f64>,
    pub present: u64,
    pub active: u64,
    pub company: u64,
    /// Citizens without an offer past their deadline: past the statutory first-offer deadline
    /// with no offer yet in a spell that began in the run, or waiting longer than a path's
    /// maximum wait.
    pub past_offer_deadline: u64,
}
