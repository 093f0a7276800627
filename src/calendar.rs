//! Simulated time and the working-day calendar. Time is a continuous number of calendar days
//! since the first simulated day; day `d` covers `[d, d + 1)`. Intake and conversations happen
//! only on working days (chosen weekdays outside closed ISO weeks); company placements and the
//! clock itself run through closed weeks.
//!
//! Dates exist only inside the precomputed table (the run and a margin after it): weekdays are
//! computed arithmetically, and a time past the table is never turned into a date, so no value a
//! scenario may hold can overflow the date library. Past the table, every week counts as open.

use chrono::{Datelike, Duration, NaiveDate};

/// Calendar days per average month, used to turn "per month" totals into rates for reporting.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// Which days are working days, precomputed over the run (and a margin after it).
#[derive(Debug, Clone)]
pub struct Calendar {
    start: NaiveDate,
    /// `working[d]`: day `d` is a working day.
    working: Vec<bool>,
    /// `before[d]`: working days strictly before day `d` (len = days + 1).
    before: Vec<u32>,
    /// Day numbers on which a calendar month starts, from the month containing day 0.
    month_starts: Vec<u32>,
    month_of_year: Vec<u8>,
    /// Weekday (Monday = 0) of day 0.
    first_weekday: u32,
    /// Which weekdays are working days, Monday first.
    weekday_open: [bool; 7],
    /// Working days in an open week.
    working_weekdays: u32,
    /// Closed ISO weeks in a year.
    closed_weeks_per_year: u32,
}

impl Calendar {
    /// `working_weekdays[i]` for Monday (0) to Sunday (6); `closed_weeks` are ISO week numbers.
    pub fn new(
        start: NaiveDate,
        days: usize,
        working_weekdays: [bool; 7],
        closed_weeks: &[u32],
    ) -> Calendar {
        let mut working = Vec::with_capacity(days);
        let mut before = Vec::with_capacity(days + 1);
        let mut month_starts = vec![0u32];
        let mut month_of_year = vec![start.month0() as u8];
        let mut count = 0u32;
        for d in 0..days {
            let date = start + Duration::days(d as i64);
            let weekday = date.weekday().num_days_from_monday() as usize;
            let open = working_weekdays[weekday] && !closed_weeks.contains(&date.iso_week().week());
            before.push(count);
            working.push(open);
            if open {
                count += 1;
            }
            if d > 0 && date.day() == 1 {
                month_starts.push(d as u32);
                month_of_year.push(date.month0() as u8);
            }
        }
        before.push(count);
        let mut distinct: Vec<u32> = closed_weeks.to_vec();
        distinct.sort_unstable();
        distinct.dedup();
        Calendar {
            start,
            first_weekday: start.weekday().num_days_from_monday(),
            weekday_open: working_weekdays,
            working,
            before,
            month_starts,
            month_of_year,
            working_weekdays: working_weekdays.iter().filter(|&&w| w).count() as u32,
            // Week 53 exists only in some years; count it as a fraction would, roughly never.
            closed_weeks_per_year: distinct.iter().filter(|&&w| w <= 52).count() as u32,
        }
    }

    /// Working days in a week that is not closed.
    pub fn working_weekdays(&self) -> u32 {
        self.working_weekdays
    }

    /// Working days in an average year: open weeks times working weekdays.
    pub fn working_days_per_year(&self) -> f64 {
        f64::from(52 - self.closed_weeks_per_year.min(51)) * f64::from(self.working_weekdays)
    }

    pub fn start_date(&self) -> NaiveDate {
        self.start
    }

    /// Number of precomputed days.
    pub fn days(&self) -> usize {
        self.working.len()
    }

    /// The date of time `t`, for times inside the table; earlier times give the first day and
    /// later ones the last day of the table.
    pub fn date_of(&self, t: f64) -> NaiveDate {
        let day = t.floor().clamp(0.0, self.working.len() as f64) as i64;
        self.start + Duration::days(day)
    }

    /// Monday = 0.
    pub fn weekday_of_day(&self, day: usize) -> u32 {
        ((self.first_weekday as usize + day % 7) % 7) as u32
    }

    /// Month of the year (0 = January) of time `t` and the start of the next month, from the
    /// precomputed table (arrivals ask for this once per draw, so no date arithmetic).
    pub fn month_and_next_start(&self, t: f64) -> (usize, f64) {
        let day = day_index(t);
        if t >= 0.0 && day < self.working.len() {
            let idx = self.month_index(t);
            if let Some(&next) = self.month_starts.get(idx + 1) {
                return (usize::from(self.month_of_year[idx]), f64::from(next));
            }
        }
        (self.month_of_year(t), self.next_month_start(t))
    }

    /// Month of the year (0 = January) of time `t`.
    pub fn month_of_year(&self, t: f64) -> usize {
        self.date_of(t).month0() as usize
    }

    /// `is_working_day` of each day of the table, in order.
    pub fn working_days(&self) -> &[bool] {
        &self.working
    }

    pub fn is_working_day(&self, day: usize) -> bool {
        // Beyond the table only the weekday counts: only times after the run's end get there.
        match self.working.get(day) {
            Some(&w) => w,
            None => self.weekday_open[self.weekday_of_day(day) as usize],
        }
    }

    pub fn is_working_time(&self, t: f64) -> bool {
        t >= 0.0 && self.is_working_day(day_index(t))
    }

    /// The earliest time at or after `t` that lies on a working day; past the table, or with
    /// no working day left in it, a time after the table (the run is over by then).
    pub fn next_working_time(&self, t: f64) -> f64 {
        let day = day_index(t);
        if self.is_working_day(day) {
            return t;
        }
        let start = if day < self.working.len() {
            // Working days up to and including `day` are before[day + 1]; the next one is the
            // first day whose count of working days before it exceeds that.
            let seen = self.before[day + 1];
            let next = self.before.partition_point(|&b| b <= seen);
            if next <= self.working.len() {
                return (next - 1) as f64;
            }
            self.working.len()
        } else {
            day + 1
        };
        // Past the table: the next open weekday (a calendar has at least one).
        (start..start + 7)
            .find(|&d| self.is_working_day(d))
            .map_or(t, |d| d as f64)
    }

    /// Start of the last working day on or before time `t` (`t` itself if there is none).
    pub fn last_working_day_at_or_before(&self, t: f64) -> f64 {
        if t < 0.0 {
            return t;
        }
        let mut day = t as usize;
        if day >= self.working.len() {
            if let Some(d) = (day.saturating_sub(6)..=day)
                .rev()
                .find(|&d| self.is_working_day(d))
            {
                return d as f64;
            }
            day = self.working.len() - 1;
        }
        // The last working day at or before `day` is the one just before the first index whose
        // count of earlier working days reaches the count up to `day`.
        let seen = self.before[day + 1];
        if seen == 0 {
            return t;
        }
        (self.before.partition_point(|&b| b < seen) - 1) as f64
    }

    /// Time reached after `n` working days counted from `t` (fractions allowed). Non-working days
    /// are skipped; time inside a non-working day counts from the next working day.
    pub fn add_working_days(&self, t: f64, n: f64) -> f64 {
        let t = t.max(0.0);
        let day = t as usize;
        if day >= self.working.len() {
            // Past the table: the run is over, keep the weekly rhythm approximately.
            return t + n * 7.0 / 5.0;
        }
        let frac = if self.working[day] {
            t - day as f64
        } else {
            0.0
        };
        let target = self.before[day] as f64 + frac + n;
        // First day j whose working days up to and including it exceed the target.
        let total = *self.before.last().unwrap_or(&0) as f64;
        if target >= total {
            let last = self.working.len() as f64;
            return last + (target - total) * 7.0 / 5.0;
        }
        let j = self.before.partition_point(|&b| (b as f64) <= target) - 1;
        // Now before[j] <= target < before[j + 1], so day j is working.
        j as f64 + (target - self.before[j] as f64)
    }

    /// Index of the calendar month containing `t`, counted from the month of day 0.
    pub fn month_index(&self, t: f64) -> usize {
        let day = t.max(0.0) as u32;
        self.month_starts.partition_point(|&s| s <= day) - 1
    }

    /// Day on which month `index` starts (day 0 for the first, possibly partial, month).
    pub fn month_start(&self, index: usize) -> Option<f64> {
        self.month_starts.get(index).map(|&d| d as f64)
    }

    /// Number of month starts in the table.
    pub fn months(&self) -> usize {
        self.month_starts.len()
    }

    /// Length in days of the calendar month containing `t` (inside the table).
    pub fn days_in_month_of(&self, t: f64) -> f64 {
        let date = self.date_of(t);
        let first = date.with_day(1).unwrap_or(date);
        let next = if first.month() == 12 {
            NaiveDate::from_ymd_opt(first.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(first.year(), first.month() + 1, 1)
        };
        next.map(|n| (n - first).num_days() as f64).unwrap_or(30.0)
    }

    /// Start of the next calendar month after time `t`.
    pub fn next_month_start(&self, t: f64) -> f64 {
        let idx = self.month_index(t);
        match self.month_start(idx + 1) {
            Some(d) => d,
            None => t.floor() + self.days_in_month_of(t) - (self.date_of(t).day0() as f64),
        }
    }
}

/// The day containing time `t`, 0 for negative times (and NaN): `t.max(0.0) as usize` in a
/// few instructions instead of about twenty (asked for at nearly every event), saturating at
/// 2^63 - 1 days instead of 2^64 - 1, far past any calendar.
fn day_index(t: f64) -> usize {
    (t as i64).max(0) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cal() -> Calendar {
        // 2024-01-01 is a Monday; ISO week 2 closed.
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let mut wd = [true; 7];
        wd[5] = false;
        wd[6] = false;
        Calendar::new(start, 400, wd, &[2])
    }

    #[test]
    fn weekends_and_closed_weeks_are_not_working() {
        let c = cal();
        assert!(c.is_working_day(0)); // Mon 1 Jan
        assert!(!c.is_working_day(5)); // Sat
        assert!(!c.is_working_day(7)); // Mon of ISO week 2
        assert!(c.is_working_day(14)); // Mon of week 3
    }

    #[test]
    fn adding_working_days_skips_weekends_and_closed_weeks() {
        let c = cal();
        // Monday + 5 working days = start of the next working day after Friday: week 2 is
        // closed, so Monday of week 3 (day 14).
        assert_eq!(c.add_working_days(0.0, 5.0), 14.0);
        assert_eq!(c.add_working_days(0.0, 4.5), 4.5);
        // Starting on a Saturday counts from Monday.
        assert_eq!(c.add_working_days(5.3, 1.0), 15.0);
        assert_eq!(c.next_working_time(5.3), 14.0);
    }

    #[test]
    fn times_far_past_the_table_need_no_dates() {
        let c = cal();
        let far = 1e15;
        assert_eq!(c.weekday_of_day(7 * 1_000_000), 0);
        assert!(c.next_working_time(far) >= far);
        assert!(c.last_working_day_at_or_before(far) <= far);
        assert_eq!(c.date_of(far), c.date_of(400.0));
        // Saturday past the table: Monday next.
        assert_eq!(c.next_working_time(404.5), 406.0);
    }

    #[test]
    fn searches_inside_the_table_agree_with_a_day_by_day_walk() {
        let c = cal();
        for d in 0..399 {
            let t = d as f64 + 0.25;
            let next = (d..).find(|&x| c.is_working_day(x)).unwrap();
            let want = if next == d { t } else { next as f64 };
            assert_eq!(c.next_working_time(t), want, "next from {t}");
            let last = (0..=d).rev().find(|&x| c.is_working_day(x));
            assert_eq!(
                c.last_working_day_at_or_before(t),
                last.map_or(t, |x| x as f64),
                "last from {t}"
            );
        }
    }

    #[test]
    fn a_calendar_with_every_week_closed_has_no_working_time_in_the_run() {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
        let all: Vec<u32> = (1..=53).collect();
        let c = Calendar::new(start, 400, [true; 7], &all);
        assert!(c.next_working_time(3.0) >= 400.0);
        assert_eq!(c.last_working_day_at_or_before(3.5), 3.5);
    }

    #[test]
    fn day_index_truncates_like_the_unsigned_conversion() {
        for t in [0.0, 0.99, 1.0, 6.5, 399.999, 1e12, -0.5, -1e300, f64::NAN] {
            assert_eq!(day_index(t), t.max(0.0) as usize, "{t}");
        }
        assert_eq!(day_index(1e300), i64::MAX as usize);
    }

    #[test]
    fn months_are_found_by_day() {
        let c = cal();
        assert_eq!(c.month_index(0.0), 0);
        assert_eq!(c.month_index(30.9), 0);
        assert_eq!(c.month_index(31.0), 1);
        assert_eq!(c.days_in_month_of(40.0), 29.0); // February 2024
        assert_eq!(c.next_month_start(40.0), 60.0);
        assert_eq!(c.month_of_year(60.0), 2);
    }
}
