//! `[arrivals]` and `[initial_stock]`: who enters the job centre, how often and in which month,
//! and who is already there on the first day.

use super::checker::Checker;
use super::MAX_WEEKS;
use crate::model::{Arrivals, Stock};
use crate::scenario::error::FieldPath;
use crate::scenario::raw::RawScenario;

/// Largest inflow and initial stock accepted: far above any Danish job centre.
const MAX_PER_MONTH: f64 = 100_000.0;
const MAX_STOCK: i64 = 1_000_000;

pub(super) fn arrivals(c: &mut Checker, raw: &RawScenario) -> Arrivals {
    let arr = FieldPath::default().key("arrivals");
    // Upper bounds keep a typo (an extra zero or three) from exhausting memory.
    let new_per_month = c.range(
        &arr.key("new_per_month"),
        raw.arrivals.new_per_month,
        0.0,
        MAX_PER_MONTH,
        "must be a number of citizens a month from 0 to 100000",
    );
    let returners_per_month = c.range(
        &arr.key("returners_per_month"),
        raw.arrivals.returners_per_month,
        0.0,
        MAX_PER_MONTH,
        "must be a number of citizens a month from 0 to 100000",
    );
    let mut seasonality = [1.0; 12];
    if let Some(season) = &raw.arrivals.seasonality {
        let p = arr.key("seasonality");
        if season.len() != 12 {
            c.problem(
                &p,
                format!(
                    "needs 12 factors, January to December (got {})",
                    season.len()
                ),
            );
        } else {
            for (i, &f) in season.iter().enumerate() {
                // Twelve is every arrival of the year in one month: the most a factor can mean.
                seasonality[i] = c.range(
                    &p.index(i),
                    f,
                    0.0,
                    12.0,
                    "must be a factor from 0 to 12 (12 puts the whole year's arrivals in one month)",
                );
            }
            let mean = season.iter().sum::<f64>() / 12.0;
            if mean.is_finite() && (mean - 1.0).abs() > 1e-3 {
                c.problem(
                    &p,
                    format!("the 12 factors must average 1 so the monthly rates keep their totals (they average {mean:.4})"),
                );
            }
        }
    }
    Arrivals {
        new_per_month,
        returners_per_month,
        seasonality,
    }
}

pub(super) fn initial_stock(c: &mut Checker, raw: &RawScenario) -> Option<Stock> {
    raw.initial_stock.as_ref().map(|s| {
        let p = FieldPath::default().key("initial_stock");
        if !(0..=MAX_STOCK).contains(&s.count) {
            c.problem(
                &p.key("count"),
                format!(
                    "must be a whole number from 0 to {MAX_STOCK} (got {})",
                    s.count
                ),
            );
        }
        Stock {
            count: s.count.clamp(0, MAX_STOCK) as u32,
            weeks_on_benefit: c.dist(
                &p.key("weeks_on_benefit"),
                &s.weeks_on_benefit,
                MAX_WEEKS,
                "weeks",
            ),
        }
    })
}
