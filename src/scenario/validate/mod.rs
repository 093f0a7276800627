//! Turns a [`RawScenario`] into a [`Model`], collecting every problem with its field path and
//! what would be valid, so `kapacitet check` can list them all at once.

use chrono::{Datelike, NaiveDate};

use super::error::FieldPath;
use super::raw::*;
use crate::calendar::Calendar;
use crate::dist::{Dist, DistSpec};
use crate::model::*;
use crate::survival::SurvivalCurve;

/// Names a route may use besides stage names.
pub const SPECIAL_TARGETS: [&str; 3] = ["job", "passive", "other_benefit"];

const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Longest horizon or warm-up accepted, so the calendar table stays small.
const MAX_RUN_WEEKS: f64 = 52.0 * 60.0;

/// Every time a scenario gives (deadlines, waits, delays, durations, the run itself) is at most
/// 100 years: far beyond any plan, and well inside what the engine and the calendar handle.
pub const MAX_DAYS: f64 = 36_525.0;
pub const MAX_WEEKS: f64 = MAX_DAYS / 7.0;

/// First and last year a run may start in: dates stay far inside what the date library handles.
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2200;

/// Plausible ceilings for money (kroner): a place costing a million a week, or an outcome
/// payment of ten million, is a typing slip, and keeps every total finite.
pub const MAX_PRICE_PER_WEEK_DKK: f64 = 1_000_000.0;
pub const MAX_PAYMENT_DKK: f64 = 10_000_000.0;

/// Largest hazard multiplier (lock-in, after-effect, conversation effect).
pub const MAX_MULTIPLIER: f64 = 100.0;

/// Most places in a stage.
pub const MAX_PLACES: i64 = 1_000_000;

/// Most FTE in a staff role.
pub const MAX_FTE: f64 = 100_000.0;

/// Largest inflow and initial stock accepted: far above any Danish job centre.
const MAX_PER_MONTH: f64 = 100_000.0;
const MAX_STOCK: i64 = 1_000_000;

/// Collects problems while building the model.
#[derive(Default)]
struct Checker {
    problems: Vec<(FieldPath, String)>,
}

impl Checker {
    fn problem(&mut self, path: &FieldPath, message: impl Into<String>) {
        self.problems.push((path.clone(), message.into()));
    }

    /// A finite number in `[min, max]`.
    fn range(&mut self, path: &FieldPath, value: f64, min: f64, max: f64, what: &str) -> f64 {
        if !value.is_finite() || value < min || value > max {
            self.problem(path, format!("{what} (got {})", crate::dist::show(value)));
        }
        value
    }

    /// A time in days, within the run's reach.
    fn days(&mut self, path: &FieldPath, value: f64) -> f64 {
        self.range(
            path,
            value,
            0.0,
            MAX_DAYS,
            "must be a number of days from 0 to 36525 (100 years)",
        )
    }

    /// A time in weeks, within the run's reach.
    fn weeks(&mut self, path: &FieldPath, value: f64) -> f64 {
        self.range(
            path,
            value,
            0.0,
            MAX_WEEKS,
            "must be a number of weeks from 0 to 5217 (100 years)",
        )
    }

    /// An amount of money in kroner from 0 to `max`.
    fn dkk(&mut self, path: &FieldPath, value: f64, max: f64) -> f64 {
        let what = format!("must be an amount in kroner from 0 to {max}");
        self.range(path, value, 0.0, max, &what)
    }

    /// A hazard multiplier: 1 = no change.
    fn multiplier(&mut self, path: &FieldPath, value: f64) -> f64 {
        self.range(
            path,
            value,
            0.0,
            MAX_MULTIPLIER,
            "must be a hazard multiplier from 0 to 100 (1 = no change)",
        )
    }

    /// A distribution whose parameters are times in `unit` ("days" or "weeks"), each at most
    /// `max` (100 years).
    fn dist(&mut self, path: &FieldPath, spec: &DistSpec, max: f64, unit: &str) -> Dist {
        let mut ok = true;
        for (field, value) in spec.parameters() {
            if value.is_finite() && value > max {
                ok = false;
                self.problem(
                    &path.key(field),
                    format!(
                        "must be at most {} {unit} (100 years) (got {})",
                        max.floor(),
                        crate::dist::show(value)
                    ),
                );
            }
        }
        match spec.compile() {
            Ok(d) if ok => d,
            Ok(_) => Dist::fixed(0.0),
            Err(problems) => {
                for p in problems {
                    self.problem(&path.key(p.field), p.message);
                }
                Dist::fixed(0.0)
            }
        }
    }

    fn weights_sum_to_one(&mut self, path: &FieldPath, weights: &[f64], what: &str) {
        let sum: f64 = weights.iter().sum();
        if weights.iter().all(|w| w.is_finite()) && (sum - 1.0).abs() > 1e-6 {
            self.problem(path, format!("{what} must sum to 1 (they sum to {sum:.6})"));
        }
    }
}

fn one_of(options: &[&str]) -> String {
    options
        .iter()
        .map(|o| format!("\"{o}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Validate a parsed scenario; on failure, every problem with its field path.
pub fn validate(raw: &RawScenario) -> Result<Model, Vec<(FieldPath, String)>> {
    let mut c = Checker::default();
    let root = FieldPath::default();

    // [scenario]
    let meta = root.key("scenario");
    if raw.scenario.name.trim().is_empty() {
        c.problem(&meta.key("name"), "must not be empty");
    }
    let start = match NaiveDate::parse_from_str(&raw.scenario.start_date, "%Y-%m-%d") {
        Ok(d) if (FIRST_YEAR..=LAST_YEAR).contains(&d.year()) => d,
        Ok(_) => {
            c.problem(
                &meta.key("start_date"),
                format!(
                    "must be a date from {FIRST_YEAR} to {LAST_YEAR} (got \"{}\")",
                    raw.scenario.start_date
                ),
            );
            NaiveDate::from_ymd_opt(2011, 1, 3).expect("valid constant date")
        }
        Err(_) => {
            c.problem(
                &meta.key("start_date"),
                format!(
                    "must be a date written YYYY-MM-DD, e.g. \"2011-01-03\" (got \"{}\")",
                    raw.scenario.start_date
                ),
            );
            NaiveDate::from_ymd_opt(2011, 1, 3).expect("valid constant date")
        }
    };
    let horizon_weeks = c.range(
        &meta.key("horizon_weeks"),
        raw.scenario.horizon_weeks,
        1.0 / 7.0,
        MAX_RUN_WEEKS,
        "must be between one day (0.143) and 3120 weeks",
    );
    let warmup_weeks = c.range(
        &meta.key("warmup_weeks"),
        raw.scenario.warmup_weeks,
        0.0,
        MAX_RUN_WEEKS,
        "must be between 0 and 3120 weeks",
    );
    if horizon_weeks + warmup_weeks > MAX_WEEKS {
        c.problem(
            &meta.key("horizon_weeks"),
            format!(
                "warm-up and horizon together must be at most 5217 weeks (100 years) (got {} weeks)",
                horizon_weeks + warmup_weeks
            ),
        );
    }
    let replications = raw.scenario.replications;
    if !(1..=1_000_000).contains(&replications) {
        c.problem(
            &meta.key("replications"),
            format!("must be a whole number from 1 to 1000000 (got {replications})"),
        );
    }
    if raw.scenario.seed < 0 {
        c.problem(
            &meta.key("seed"),
            format!("must be a whole number ≥ 0 (got {})", raw.scenario.seed),
        );
    }

    // [calendar]
    let cal = root.key("calendar");
    let mut working = [false; 7];
    for (i, day) in raw.calendar.working_days.iter().enumerate() {
        match WEEKDAYS.iter().position(|w| *w == day.as_str()) {
            Some(d) => working[d] = true,
            None => c.problem(
                &cal.key("working_days").index(i),
                format!("\"{day}\" is not a weekday; use {}", one_of(&WEEKDAYS)),
            ),
        }
    }
    if !working.iter().any(|&w| w) {
        c.problem(&cal.key("working_days"), "needs at least one working day");
    }
    let mut closed = Vec::new();
    for (i, &w) in raw.calendar.closed_weeks.iter().enumerate() {
        if (1..=53).contains(&w) {
            closed.push(w as u32);
        } else {
            c.problem(
                &cal.key("closed_weeks").index(i),
                format!("must be an ISO week number from 1 to 53 (got {w})"),
            );
        }
    }

    // [[segments]]
    let segs = root.key("segments");
    if raw.segments.is_empty() {
        c.problem(&segs, "at least one segment is needed");
    }
    let mut segments = Vec::new();
    for (i, s) in raw.segments.iter().enumerate() {
        let p = segs.index(i);
        check_name(&mut c, &p.key("name"), &s.name);
        if raw.segments[..i].iter().any(|o| o.name == s.name) {
            c.problem(
                &p.key("name"),
                format!("segment \"{}\" is defined twice", s.name),
            );
        }
        let inflow = c.range(
            &p.key("share_of_inflow"),
            s.share_of_inflow,
            0.0,
            1.0,
            "must be a share from 0 to 1",
        );
        let stock = match s.share_of_stock {
            Some(v) => c.range(
                &p.key("share_of_stock"),
                v,
                0.0,
                1.0,
                "must be a share from 0 to 1",
            ),
            None => inflow,
        };
        let survival = s
            .survival
            .as_ref()
            .and_then(|sv| survival_curve(&mut c, &p.key("survival"), sv));
        segments.push(Segment {
            name: s.name.clone(),
            label: s.label.clone().unwrap_or_else(|| s.name.clone()),
            share_of_inflow: inflow,
            share_of_stock: stock,
            survival,
            under_30: s.under_30,
        });
    }
    if !segments.is_empty() {
        let inflow: Vec<f64> = segments.iter().map(|s| s.share_of_inflow).collect();
        let stock: Vec<f64> = segments.iter().map(|s| s.share_of_stock).collect();
        c.weights_sum_to_one(
            &segs.index(0).key("share_of_inflow"),
            &inflow,
            "share_of_inflow over all segments",
        );
        c.weights_sum_to_one(
            &segs.index(0).key("share_of_stock"),
            &stock,
            "share_of_stock over all segments",
        );
    }
    let segment_index = |name: &str| segments.iter().position(|s| s.name == name);

    // [arrivals]
    let arr = root.key("arrivals");
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

    // [initial_stock]
    let stock = raw.initial_stock.as_ref().map(|s| {
        let p = root.key("initial_stock");
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
    });

    // [[stages]]: names first, so routes can refer forwards.
    let st = root.key("stages");
    let stage_names: Vec<&str> = raw.stages.iter().map(|s| s.name.as_str()).collect();
    let stage_index = |name: &str| stage_names.iter().position(|n| *n == name);
    let mut stages = Vec::new();
    for (i, s) in raw.stages.iter().enumerate() {
        let p = st.index(i);
        check_name(&mut c, &p.key("name"), &s.name);
        if SPECIAL_TARGETS.contains(&s.name.as_str()) {
            c.problem(
                &p.key("name"),
                format!(
                    "\"{}\" is reserved for routes out of the system; choose another name",
                    s.name
                ),
            );
        }
        if stage_names[..i].contains(&s.name.as_str()) {
            c.problem(
                &p.key("name"),
                format!("stage \"{}\" is defined twice", s.name),
            );
        }
        let kind = StageKind::from_key(&s.kind).unwrap_or_else(|| {
            let kinds: Vec<&str> = StageKind::ALL.iter().map(|k| k.key()).collect();
            c.problem(
                &p.key("kind"),
                format!("\"{}\" is not a stage kind; use {}", s.kind, one_of(&kinds)),
            );
            StageKind::Course
        });
        let capacity = capacity_of(&mut c, &p.key("capacity"), s.capacity);
        let mut schedule = Vec::new();
        let mut last_day = f64::NEG_INFINITY;
        for (j, ch) in s.capacity_schedule.iter().enumerate() {
            let q = p.key("capacity_schedule").index(j);
            let Some((day, field)) = schedule_day(&mut c, &q, ch, start) else {
                continue;
            };
            if day <= last_day {
                c.problem(
                    &q.key(field),
                    format!(
                        "changes must be in date order: this one (day {day} of the run) is not after the one before it (day {last_day})"
                    ),
                );
            }
            last_day = day;
            schedule.push(CapacityStep {
                day,
                capacity: capacity_of(&mut c, &q.key("capacity"), ch.capacity),
                end_stays: ch.end_stays,
            });
        }
        let intake = match s.intake.as_str() {
            "continuous" => {
                if s.intake_weekday.is_some() {
                    c.problem(
                        &p.key("intake_weekday"),
                        "only used with intake = \"weekly\"; remove it or set intake = \"weekly\"",
                    );
                }
                Intake::Continuous
            }
            "weekly" => match &s.intake_weekday {
                Some(day) => match WEEKDAYS.iter().position(|w| w == day) {
                    Some(d) if !working[d] => {
                        c.problem(
                            &p.key("intake_weekday"),
                            format!("\"{day}\" is not a working day in [calendar], so nobody would ever start; use one of the working days"),
                        );
                        Intake::Weekly(d as u32)
                    }
                    Some(d) => Intake::Weekly(d as u32),
                    None => {
                        c.problem(
                            &p.key("intake_weekday"),
                            format!("\"{day}\" is not a weekday; use {}", one_of(&WEEKDAYS)),
                        );
                        Intake::Continuous
                    }
                },
                None => {
                    c.problem(
                        &p.key("intake"),
                        "weekly intake needs intake_weekday, e.g. intake_weekday = \"thu\"",
                    );
                    Intake::Continuous
                }
            },
            other => {
                c.problem(
                    &p.key("intake"),
                    format!(
                        "\"{other}\" is not an intake rule; use {}",
                        one_of(&["continuous", "weekly"])
                    ),
                );
                Intake::Continuous
            }
        };
        let queue = match s.queue.as_str() {
            "fifo" => {
                if !s.priority.is_empty() {
                    c.problem(&p.key("priority"), "only used with queue = \"priority\"");
                }
                QueueDiscipline::Fifo
            }
            "priority" => {
                let mut rank_of_segment = vec![s.priority.len(); segments.len()];
                for (r, name) in s.priority.iter().enumerate() {
                    match segment_index(name) {
                        Some(g) => rank_of_segment[g] = r,
                        None => c.problem(
                            &p.key("priority").index(r),
                            format!(
                                "\"{name}\" is not a segment; use {}",
                                one_of(
                                    &segments.iter().map(|s| s.name.as_str()).collect::<Vec<_>>()
                                )
                            ),
                        ),
                    }
                }
                if s.priority.is_empty() {
                    c.problem(
                        &p.key("priority"),
                        "a priority queue needs the segments in priority order, e.g. priority = [\"under30\"]",
                    );
                }
                QueueDiscipline::Priority {
                    rank_of_segment,
                    ranks: s.priority.len() + 1,
                }
            }
            other => {
                c.problem(
                    &p.key("queue"),
                    format!(
                        "\"{other}\" is not a queue discipline; use {}",
                        one_of(&["fifo", "priority"])
                    ),
                );
                QueueDiscipline::Fifo
            }
        };
        let duration = c.dist(&p.key("duration"), &s.duration, MAX_DAYS, "days");
        let duration_unit = day_unit(&mut c, &p.key("duration_unit"), &s.duration_unit);
        let max_duration = s.max_duration.map(|m| {
            c.range(
                &p.key("max_duration"),
                m,
                f64::MIN_POSITIVE,
                MAX_DAYS,
                "must be a number of days above 0 and at most 36525 (100 years), in the stage's duration_unit",
            )
        });
        let price = c.dkk(
            &p.key("price_per_week_dkk"),
            s.price_per_week_dkk,
            MAX_PRICE_PER_WEEK_DKK,
        );
        let outcome_payment = s
            .outcome_payment
            .as_ref()
            .map(|o| {
                let q = p.key("outcome_payment");
                OutcomePayment {
                    at_start_dkk: c.dkk(&q.key("at_start_dkk"), o.at_start_dkk, MAX_PAYMENT_DKK),
                    at_placement_dkk: c.dkk(
                        &q.key("at_placement_dkk"),
                        o.at_placement_dkk,
                        MAX_PAYMENT_DKK,
                    ),
                    at_selfsufficiency_dkk: c.dkk(
                        &q.key("at_selfsufficiency_dkk"),
                        o.at_selfsufficiency_dkk,
                        MAX_PAYMENT_DKK,
                    ),
                    selfsufficiency_within_days: c.weeks(
                        &q.key("selfsufficiency_within_weeks"),
                        o.selfsufficiency_within_weeks,
                    ) * 7.0,
                }
            })
            .unwrap_or_default();
        let lockin = c.multiplier(&p.key("lockin"), s.lockin);
        let effect_after = c.multiplier(&p.key("effect_after"), s.effect_after);
        let effect_days = c.weeks(&p.key("effect_weeks"), s.effect_weeks) * 7.0;

        if s.routes.is_empty() {
            c.problem(
                &p.key("routes"),
                format!("stage \"{}\" needs at least one route out, e.g. routes = [{{ to = \"passive\", weight = 1.0 }}]", s.name),
            );
        }
        let mut routes = Vec::new();
        for (j, r) in s.routes.iter().enumerate() {
            let q = p.key("routes").index(j);
            let target = target(
                &mut c,
                &q,
                &r.to,
                r.fallback.as_deref(),
                r.max_wait_days,
                &stage_names,
            );
            let weight = c.range(
                &q.key("weight"),
                r.weight,
                0.0,
                1.0,
                "must be a weight from 0 to 1",
            );
            routes.push(Route { target, weight });
        }
        c.weights_sum_to_one(
            &p.key("routes"),
            &routes.iter().map(|r| r.weight).collect::<Vec<_>>(),
            "the route weights",
        );
        let mut acc = 0.0;
        let total: f64 = routes.iter().map(|r| r.weight).sum();
        let route_cumulative = routes
            .iter()
            .map(|r| {
                acc += r.weight;
                if total > 0.0 {
                    acc / total
                } else {
                    1.0
                }
            })
            .collect();
        let breakdown = s.breakdown.as_ref().map(|b| {
            let q = p.key("breakdown");
            Breakdown {
                probability: c.range(
                    &q.key("probability"),
                    b.probability,
                    0.0,
                    1.0,
                    "must be a probability from 0 to 1",
                ),
                after: c.dist(&q.key("after"), &b.after, MAX_DAYS, "days"),
                target: target(&mut c, &q, &b.to, None, None, &stage_names),
            }
        });
        stages.push(Stage {
            name: s.name.clone(),
            label: s.label.clone().unwrap_or_else(|| s.name.clone()),
            kind,
            capacity,
            schedule,
            intake,
            queue,
            duration,
            duration_unit,
            max_duration,
            company_based: s
                .company_based
                .unwrap_or_else(|| kind.company_based_by_default()),
            offer: s.offer,
            price_per_week_dkk: price,
            outcome_payment,
            lockin,
            effect_after,
            effect_days,
            routes,
            route_cumulative,
            breakdown,
        });
    }

    // [[paths]]
    let pa = root.key("paths");
    let mut paths = Vec::new();
    for (i, raw_path) in raw.paths.iter().enumerate() {
        let p = pa.index(i);
        check_name(&mut c, &p.key("name"), &raw_path.name);
        if raw.paths[..i].iter().any(|o| o.name == raw_path.name) {
            c.problem(
                &p.key("name"),
                format!("path \"{}\" is defined twice", raw_path.name),
            );
        }
        for (key, list) in [
            ("segments", &raw_path.segments),
            ("streams", &raw_path.streams),
        ] {
            if list.as_ref().is_some_and(|l| l.is_empty()) {
                c.problem(
                    &p.key(key),
                    format!("an empty list matches nobody; list at least one, or leave `{key}` out to take all"),
                );
            }
        }
        let mut seg_mask = vec![raw_path.segments.is_none(); segments.len()];
        for (j, name) in raw_path.segments.iter().flatten().enumerate() {
            match segment_index(name) {
                Some(g) => seg_mask[g] = true,
                None => c.problem(
                    &p.key("segments").index(j),
                    format!(
                        "\"{name}\" is not a segment; use {}",
                        one_of(&segments.iter().map(|s| s.name.as_str()).collect::<Vec<_>>())
                    ),
                ),
            }
        }
        let mut streams = [raw_path.streams.is_none(); 3];
        for (j, name) in raw_path.streams.iter().flatten().enumerate() {
            match Stream::ALL.iter().find(|s| s.key() == name) {
                Some(s) => streams[s.index()] = true,
                None => c.problem(
                    &p.key("streams").index(j),
                    format!(
                        "\"{name}\" is not a stream; use {}",
                        one_of(&["new", "returner", "stock"])
                    ),
                ),
            }
        }
        let target = target(
            &mut c,
            &p,
            &raw_path.to,
            raw_path.fallback.as_deref(),
            raw_path.max_wait_days,
            &stage_names,
        );
        let referral = match target {
            Target::Stage(r) => r,
            _ => {
                if stage_index(&raw_path.to).is_none()
                    && SPECIAL_TARGETS.contains(&raw_path.to.as_str())
                {
                    c.problem(
                        &p.key("to"),
                        format!(
                            "a path must lead to a stage; use one of {}",
                            one_of(&stage_names)
                        ),
                    );
                }
                Referral {
                    stage: 0,
                    fallback: None,
                    max_wait_days: None,
                }
            }
        };
        if raw_path.delay.is_some() && raw_path.delay_days != 0.0 {
            c.problem(
                &p.key("delay"),
                "give either a fixed delay_days or a random delay, not both",
            );
        }
        let delay = raw_path
            .delay
            .as_ref()
            .map(|d| c.dist(&p.key("delay"), d, MAX_DAYS, "days"));
        paths.push(Path {
            name: raw_path.name.clone(),
            segments: seg_mask,
            streams,
            referral,
            delay,
            delay_days: c.days(&p.key("delay_days"), raw_path.delay_days),
            after_days_on_benefit: c.weeks(
                &p.key("after_weeks_on_benefit"),
                raw_path.after_weeks_on_benefit,
            ) * 7.0,
        });
    }

    // [[staff]], [contact_plan], [deadlines]
    let staff = validate_staff(&mut c, raw, &segments, &stage_names);
    let cp = root.key("contact_plan");
    // Conversations a year: 0 (none) or at least one a century, so the interval between two
    // stays within the run's reach.
    let per_year = |c: &mut Checker, key: &str, v: f64| {
        if v != 0.0 {
            c.range(
                &cp.key(key),
                v,
                0.01,
                365.0,
                "must be 0 (no conversations) or from 0.01 to 365 conversations a year",
            );
        }
        v
    };
    let contact_plan = ContactPlan {
        standard_per_year: per_year(
            &mut c,
            "standard_per_year",
            raw.contact_plan.standard_per_year,
        ),
        intensive_per_year: per_year(
            &mut c,
            "intensive_per_year",
            raw.contact_plan.intensive_per_year,
        ),
        intensive_share: c.range(
            &cp.key("intensive_share"),
            raw.contact_plan.intensive_share,
            0.0,
            1.0,
            "must be a share from 0 to 1",
        ),
    };
    let dl = root.key("deadlines");
    let d = &raw.deadlines;
    let deadlines = Deadlines {
        first_conversation_days: [
            c.days(
                &dl.key("first_conversation_days_under30"),
                d.first_conversation_days_under30,
            ),
            c.days(
                &dl.key("first_conversation_days_30plus"),
                d.first_conversation_days_30plus,
            ),
        ],
        first_offer_days: [
            c.days(
                &dl.key("first_offer_days_under30"),
                d.first_offer_days_under30,
            ),
            c.days(
                &dl.key("first_offer_days_30plus"),
                d.first_offer_days_30plus,
            ),
        ],
    };

    let ef = root.key("effects");
    let effects = Effects {
        conversation_effect: c.range(
            &ef.key("conversation_effect"),
            raw.effects.conversation_effect,
            0.0,
            MAX_MULTIPLIER,
            "must be a hazard multiplier from 0 to 100 (1 = no effect, above 1 = faster exit)",
        ),
        // At 10 a week an effect has all but vanished after one week on benefit.
        decay_per_week: c.range(
            &ef.key("effect_decay_per_week"),
            raw.effects.effect_decay_per_week,
            0.0,
            10.0,
            "must be a rate from 0 to 10 per week (0 = effects do not fade)",
        ),
    };
    let strategy = raw
        .strategy
        .as_ref()
        .map(|s| validate_strategy(&mut c, &root.key("strategy"), s, &segments, true));
    let mut strategies = Vec::new();
    for (i, s) in raw.strategies.iter().enumerate() {
        let p = root.key("strategies").index(i);
        let built = validate_strategy(&mut c, &p, s, &segments, false);
        if StrategyKind::from_key(&built.name).is_some()
            || strategies.iter().any(|o: &Strategy| o.name == built.name)
        {
            c.problem(
                &p.key("name"),
                format!(
                    "\"{}\" is already a strategy name; choose another",
                    built.name
                ),
            );
        }
        strategies.push(built);
    }

    let rp = root.key("reporting");
    let reporting = Reporting {
        placed_within_days: c.days(
            &rp.key("placed_within_days"),
            raw.reporting.placed_within_days,
        ),
        followup_days: c.days(&rp.key("followup_days"), raw.reporting.followup_days),
    };

    // Every stage must have a way out, or citizens referred there are stuck for ever.
    if c.problems.is_empty() {
        let trapped = trapped_stages(&stages);
        for (i, s) in stages.iter().enumerate() {
            if trapped[i] {
                c.problem(
                    &st.index(i).key("routes"),
                    format!("no citizen can ever leave stage \"{}\": every route leads back into stages without a way out; add a route to \"job\", \"passive\" or \"other_benefit\"", s.name),
                );
            }
        }
        for (i, path) in paths.iter().enumerate() {
            if trapped[path.referral.stage] {
                c.problem(
                    &pa.index(i).key("to"),
                    format!(
                        "no citizen can leave path \"{}\": stage \"{}\" and the stages it routes to have no route to \"job\", \"passive\" or \"other_benefit\"",
                        path.name, stages[path.referral.stage].name
                    ),
                );
            }
        }
    }

    let loops = if c.problems.is_empty() {
        super::cycles::zero_time_loops(&stages, &paths, segments.len())
    } else {
        Vec::new()
    };
    let loop_text = |l: &super::cycles::Loop| {
        let names: Vec<&str> = l.stages.iter().map(|&s| stages[s].name.as_str()).collect();
        format!(
            "citizens of segment \"{}\" can go round {} without time passing (stays of length 0, no delay on the path back, or a breakdown after 0 days)",
            segments[l.segment].name,
            one_of(&names)
        )
    };
    for l in loops.iter().filter(|l| l.closed) {
        let first = l.stages[0];
        // Point at what makes the stay take no time: its duration, or its breakdown.
        let field = if stages[first].duration.mass_at_zero() > 0.0 {
            "duration"
        } else {
            "breakdown"
        };
        c.problem(
            &st.index(first).key(field),
            format!(
                "{}, and can never leave that loop at the same instant, so the clock would stand still; give one of these stages a duration above 0, a path back with a delay, or a route out",
                loop_text(l)
            ),
        );
    }

    if !c.problems.is_empty() {
        return Err(c.problems);
    }

    let mut warnings = warnings(raw, &segments, &stages, &paths);
    for l in &loops {
        warnings.push(format!(
            "{}; a citizen who goes round too often at one instant stops the run",
            loop_text(l)
        ));
    }
    warnings.extend(slips(raw, &staff, &closed));
    for s in strategy.iter().chain(&strategies) {
        warnings.extend(crate::strategy::warnings(s, &segments));
    }
    let warmup_days = warmup_weeks * 7.0;
    let horizon_days = horizon_weeks * 7.0;
    let days = (warmup_days + horizon_days).ceil() as usize + 8;
    Ok(Model {
        name: raw.scenario.name.clone(),
        description: raw.scenario.description.clone().unwrap_or_default(),
        replications: replications as u32,
        seed: raw.scenario.seed as u64,
        warmup_days,
        horizon_days,
        calendar: Calendar::new(start, days, working, &closed),
        segments,
        arrivals: Arrivals {
            new_per_month,
            returners_per_month,
            seasonality,
        },
        stock,
        stages,
        paths,
        reporting,
        staff,
        contact_plan,
        deadlines,
        warnings,
        effects,
        strategy,
        strategies,
    })
}

fn check_name(c: &mut Checker, path: &FieldPath, name: &str) {
    if name.trim().is_empty() {
        c.problem(path, "must not be empty");
    }
}

/// The day a capacity change takes effect, from exactly one of `from_week`, `from_month` and
/// `from_date`, with the field it came from.
fn schedule_day(
    c: &mut Checker,
    q: &FieldPath,
    ch: &crate::scenario::raw::RawCapacityChange,
    start: NaiveDate,
) -> Option<(f64, &'static str)> {
    let given = [
        ch.from_week.is_some(),
        ch.from_month.is_some(),
        ch.from_date.is_some(),
    ];
    match given.iter().filter(|&&g| g).count() {
        0 => {
            c.problem(
                q,
                "say when the change takes effect: from_week = 40, from_month = \"2011-03\" or from_date = \"2011-03-15\"",
            );
            return None;
        }
        1 => {}
        _ => {
            let field = if ch.from_month.is_some() {
                "from_month"
            } else {
                "from_date"
            };
            c.problem(
                &q.key(field),
                "give only one of from_week, from_month and from_date",
            );
            return None;
        }
    }
    if let Some(week) = ch.from_week {
        let week = c.weeks(&q.key("from_week"), week);
        return Some((week * 7.0, "from_week"));
    }
    let (field, text, date) = if let Some(m) = &ch.from_month {
        let date = NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").ok();
        ("from_month", m, date.filter(|_| m.len() == 7))
    } else {
        let d = ch.from_date.as_deref().unwrap_or_default();
        (
            "from_date",
            ch.from_date.as_ref()?,
            NaiveDate::parse_from_str(d, "%Y-%m-%d").ok(),
        )
    };
    let Some(date) = date else {
        let example = if field == "from_month" {
            "a month written YYYY-MM, e.g. \"2011-03\""
        } else {
            "a date written YYYY-MM-DD, e.g. \"2011-03-15\""
        };
        c.problem(&q.key(field), format!("must be {example} (got \"{text}\")"));
        return None;
    };
    let day = (date - start).num_days();
    if day as f64 > MAX_DAYS {
        c.problem(
            &q.key(field),
            format!(
                "{text} is more than 100 years after the first simulated day ({})",
                start.format("%Y-%m-%d")
            ),
        );
        return None;
    }
    if day < 0 {
        c.problem(
            &q.key(field),
            format!(
                "{text} is before the first simulated day ({}); put the capacity on that day in `capacity` instead",
                start.format("%Y-%m-%d")
            ),
        );
        return None;
    }
    Some((day as f64, field))
}

fn capacity_of(c: &mut Checker, path: &FieldPath, value: Option<i64>) -> Option<u32> {
    match value {
        None => None,
        Some(v) if (0..=MAX_PLACES).contains(&v) => Some(v as u32),
        Some(v) => {
            c.problem(
                path,
                format!(
                    "must be a whole number of places ≥ 0 and at most {MAX_PLACES}, or left out for unlimited (got {v})"
                ),
            );
            Some(0)
        }
    }
}

fn day_unit(c: &mut Checker, path: &FieldPath, value: &str) -> DayUnit {
    match value {
        "calendar_days" => DayUnit::Calendar,
        "working_days" => DayUnit::Working,
        other => {
            c.problem(
                path,
                format!(
                    "\"{other}\" is not a unit; use {}",
                    one_of(&["calendar_days", "working_days"])
                ),
            );
            DayUnit::Calendar
        }
    }
}

fn target(
    c: &mut Checker,
    path: &FieldPath,
    to: &str,
    fallback: Option<&str>,
    max_wait_days: Option<f64>,
    stage_names: &[&str],
) -> Target {
    let stage = stage_names.iter().position(|n| *n == to);
    let fallback_index = fallback.and_then(|f| {
        let idx = stage_names.iter().position(|n| *n == f);
        if idx.is_none() {
            c.problem(
                &path.key("fallback"),
                format!("\"{f}\" is not a stage; use one of {}", one_of(stage_names)),
            );
        } else if idx == stage {
            c.problem(
                &path.key("fallback"),
                "the fallback must be another stage than the one referred to",
            );
        }
        idx
    });
    let max_wait_days = max_wait_days.map(|m| c.days(&path.key("max_wait_days"), m));
    match (stage, to) {
        (Some(s), _) => Target::Stage(Referral {
            stage: s,
            fallback: fallback_index,
            max_wait_days,
        }),
        (None, "job") | (None, "passive") | (None, "other_benefit") => {
            if fallback.is_some() || max_wait_days.is_some() {
                c.problem(
                    &path.key("to"),
                    format!(
                        "fallback and max_wait_days only apply when `to` is a stage, not \"{to}\""
                    ),
                );
            }
            match to {
                "job" => Target::Job,
                "passive" => Target::Passive,
                _ => Target::OtherBenefit,
            }
        }
        (None, _) => {
            let mut valid: Vec<&str> = stage_names.to_vec();
            valid.extend(SPECIAL_TARGETS);
            c.problem(
                &path.key("to"),
                format!("\"{to}\" is not a stage; use one of {}", one_of(&valid)),
            );
            Target::Passive
        }
    }
}

fn survival_curve(c: &mut Checker, path: &FieldPath, raw: &RawSurvival) -> Option<SurvivalCurve> {
    let before = c.problems.len();
    if raw.weeks.len() != raw.on_benefit.len() || raw.weeks.len() < 2 {
        c.problem(
            path,
            format!(
                "weeks and on_benefit need the same number of points, at least 2 (got {} and {})",
                raw.weeks.len(),
                raw.on_benefit.len()
            ),
        );
        return None;
    }
    if raw.weeks[0] != 0.0 {
        c.problem(
            &path.key("weeks").index(0),
            format!("the curve must start at week 0 (got {})", raw.weeks[0]),
        );
    }
    if raw.on_benefit[0] != 1.0 {
        c.problem(
            &path.key("on_benefit").index(0),
            format!(
                "everyone is on benefit at week 0, so the first value must be 1 (got {})",
                raw.on_benefit[0]
            ),
        );
    }
    for i in 0..raw.weeks.len() {
        let w = raw.weeks[i];
        let s = raw.on_benefit[i];
        if w.is_finite() && w > MAX_WEEKS {
            c.problem(
                &path.key("weeks").index(i),
                format!("must be at most 5217 weeks (100 years) (got {w})"),
            );
        } else if !w.is_finite() || (i > 0 && w <= raw.weeks[i - 1]) {
            c.problem(
                &path.key("weeks").index(i),
                format!(
                    "weeks must increase strictly (got {w} after {})",
                    raw.weeks[i.saturating_sub(1)]
                ),
            );
        }
        if !s.is_finite() || s <= 0.0 || s > 1.0 {
            c.problem(
                &path.key("on_benefit").index(i),
                format!("must be a share above 0 and at most 1; use a small number such as 0.001 for \"almost nobody\" (got {s})"),
            );
        } else if i > 0 && s > raw.on_benefit[i - 1] {
            c.problem(
                &path.key("on_benefit").index(i),
                format!(
                    "a survival curve cannot rise: the share on benefit at week {w} ({s}) is above the share at week {} ({})",
                    raw.weeks[i - 1],
                    raw.on_benefit[i - 1]
                ),
            );
        }
    }
    (c.problems.len() == before).then(|| SurvivalCurve::new(&raw.weeks, &raw.on_benefit))
}

/// Stages from which no sequence of routes (or breakdowns) reaches an exit or the passive state.
fn trapped_stages(stages: &[Stage]) -> Vec<bool> {
    let n = stages.len();
    let mut can_leave = vec![false; n];
    let targets = |s: &Stage| -> Vec<Target> {
        let mut t: Vec<Target> = s
            .routes
            .iter()
            .filter(|r| r.weight > 0.0)
            .map(|r| r.target)
            .collect();
        if let Some(b) = &s.breakdown {
            if b.probability > 0.0 {
                t.push(b.target);
            }
        }
        t
    };
    // Fixed point: a stage can be left if one of its targets is an exit or a leavable stage.
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..n {
            if can_leave[i] {
                continue;
            }
            let ok = targets(&stages[i]).iter().any(|t| match t {
                Target::Stage(r) => can_leave[r.stage] || r.fallback.is_some_and(|f| can_leave[f]),
                _ => true,
            });
            if ok {
                can_leave[i] = true;
                changed = true;
            }
        }
    }
    can_leave.iter().map(|&b| !b).collect()
}

fn validate_staff(
    c: &mut Checker,
    raw: &RawScenario,
    segments: &[Segment],
    stage_names: &[&str],
) -> Vec<StaffRole> {
    let root = FieldPath::default().key("staff");
    let segment_names: Vec<&str> = segments.iter().map(|s| s.name.as_str()).collect();
    // A segment's conversations are held by one role, so each citizen has one schedule.
    let mut conversation_owner: Vec<Option<String>> = vec![None; segments.len()];
    let mut roles = Vec::new();
    for (i, r) in raw.staff.iter().enumerate() {
        let p = root.index(i);
        check_name(c, &p.key("role"), &r.role);
        if raw.staff[..i].iter().any(|o| o.role == r.role) {
            c.problem(
                &p.key("role"),
                format!("role \"{}\" is defined twice", r.role),
            );
        }
        let fte = r.fte.map(|f| {
            c.range(
                &p.key("fte"),
                f,
                0.0,
                MAX_FTE,
                "must be a number of full-time staff ≥ 0, or left out to measure the need",
            )
        });
        let work = match (r.caseload_per_fte, r.conversations_per_day) {
            (Some(per_fte), None) => {
                let per_fte = c.range(
                    &p.key("caseload_per_fte"),
                    per_fte,
                    0.01,
                    100_000.0,
                    "must be a number of citizens per FTE from 0.01 to 100000, e.g. 20 for a matchmaker",
                );
                if r.stages.is_empty() {
                    c.problem(
                        &p.key("stages"),
                        "a caseload role needs the stages whose citizens it follows, e.g. stages = [\"visitation\"]",
                    );
                }
                let mut stages = Vec::new();
                for (j, name) in r.stages.iter().enumerate() {
                    match stage_names.iter().position(|n| n == name) {
                        Some(s) => stages.push(s),
                        None => c.problem(
                            &p.key("stages").index(j),
                            format!(
                                "\"{name}\" is not a stage; use one of {}",
                                one_of(stage_names)
                            ),
                        ),
                    }
                }
                // Conversation settings mean nothing for a caseload role: say so rather than
                // ignore them.
                for (key, set) in [
                    ("segments", r.segments.is_some()),
                    ("no_show_rate", r.no_show_rate != 0.0),
                    ("admin_share", r.admin_share != 0.0),
                    ("sickness_share", r.sickness_share != 0.0),
                ] {
                    if set {
                        c.problem(
                            &p.key(key),
                            "only used by a conversation role (with conversations_per_day); remove it from a caseload role",
                        );
                    }
                }
                RoleWork::Caseload { per_fte, stages }
            }
            (None, Some(per_day)) => {
                if !r.stages.is_empty() {
                    c.problem(
                        &p.key("stages"),
                        "only used with caseload_per_fte; a conversation role serves segments",
                    );
                }
                if r.segments.as_ref().is_some_and(|l| l.is_empty()) {
                    c.problem(
                        &p.key("segments"),
                        "an empty list serves nobody; list at least one segment, or leave `segments` out to serve all",
                    );
                }
                let mut mask = vec![r.segments.is_none(); segments.len()];
                for (j, name) in r.segments.iter().flatten().enumerate() {
                    match segment_names.iter().position(|n| n == name) {
                        Some(g) => mask[g] = true,
                        None => c.problem(
                            &p.key("segments").index(j),
                            format!(
                                "\"{name}\" is not a segment; use {}",
                                one_of(&segment_names)
                            ),
                        ),
                    }
                }
                for (g, served) in mask.iter().enumerate() {
                    if *served {
                        if let Some(other) = &conversation_owner[g] {
                            c.problem(
                                &p.key("segments"),
                                format!(
                                    "segment \"{}\" already has its conversations with role \"{other}\"; give each segment one conversation role",
                                    segment_names[g]
                                ),
                            );
                        } else {
                            conversation_owner[g] = Some(r.role.clone());
                        }
                    }
                }
                let share = |c: &mut Checker, key: &str, v: f64| {
                    c.range(
                        &p.key(key),
                        v,
                        0.0,
                        0.999_999,
                        "must be a share from 0 up to (not including) 1",
                    )
                };
                RoleWork::Conversations(ConversationWork {
                    // Lower bounds keep the conversations one FTE holds in a year, and so the
                    // FTE needed, within reach of the arithmetic.
                    per_day: c.range(
                        &p.key("conversations_per_day"),
                        per_day,
                        0.01,
                        1000.0,
                        "must be conversations per FTE per conversation day, from 0.01 to 1000",
                    ),
                    days_per_week: c.range(
                        &p.key("conversation_days_per_week"),
                        r.conversation_days_per_week,
                        0.1,
                        7.0,
                        "must be days per week from 0.1 to 7",
                    ),
                    weeks_per_fte: c.range(
                        &p.key("weeks_per_fte"),
                        r.weeks_per_fte,
                        1.0,
                        52.0,
                        "must be working weeks per FTE-year from 1 to 52 (typically 43–44)",
                    ),
                    no_show_rate: share(c, "no_show_rate", r.no_show_rate),
                    admin_share: share(c, "admin_share", r.admin_share),
                    sickness_share: share(c, "sickness_share", r.sickness_share),
                    booking_lead_days: c.range(
                        &p.key("booking_lead_days"),
                        r.booking_lead_days,
                        0.0,
                        365.0,
                        "must be days from 0 to 365",
                    ),
                    segments: mask,
                })
            }
            _ => {
                c.problem(
                    &p.key("role"),
                    format!(
                        "role \"{}\" needs exactly one of caseload_per_fte (with stages) or conversations_per_day",
                        r.role
                    ),
                );
                RoleWork::Caseload {
                    per_fte: 1.0,
                    stages: Vec::new(),
                }
            }
        };
        roles.push(StaffRole {
            name: r.role.clone(),
            label: r.label.clone().unwrap_or_else(|| r.role.clone()),
            fte,
            work,
        });
    }
    roles
}

/// Valid but probably unintended: citizens no path takes, stages nobody can enter.
/// Valid settings that are probably slips: nobody arrives, a role without staff, a calendar
/// whose every week is closed.
fn slips(raw: &RawScenario, staff: &[StaffRole], closed: &[u32]) -> Vec<String> {
    let mut out = Vec::new();
    let stock = raw.initial_stock.as_ref().map_or(0, |s| s.count);
    if raw.arrivals.new_per_month == 0.0 && raw.arrivals.returners_per_month == 0.0 {
        out.push(if stock > 0 {
            "no citizens arrive ([arrivals] gives no new_per_month or returners_per_month): only the initial stock is simulated".to_string()
        } else {
            "nobody is ever in the job centre: [arrivals] gives no new_per_month or returners_per_month and there is no [initial_stock]".to_string()
        });
    }
    for role in staff {
        if role.fte == Some(0.0) {
            out.push(match role.work {
                RoleWork::Caseload { .. } => format!(
                    "staff role \"{}\" has fte = 0: nobody can start in the stages it follows; leave fte out to measure the need",
                    role.name
                ),
                RoleWork::Conversations(_) => format!(
                    "staff role \"{}\" has fte = 0: none of its conversations are held; leave fte out to measure the need",
                    role.name
                ),
            });
        }
    }
    if (1..=52).all(|w| closed.contains(&w)) {
        out.push(
            "every week of the year is closed in [calendar] closed_weeks: nobody starts a continuous-intake or weekly stage and no conversation is held".to_string(),
        );
    }
    out
}

fn warnings(
    raw: &RawScenario,
    segments: &[Segment],
    stages: &[Stage],
    paths: &[Path],
) -> Vec<String> {
    let mut out = Vec::new();
    let has_stock = raw.initial_stock.as_ref().is_some_and(|s| s.count > 0);
    let returners = raw.arrivals.returners_per_month > 0.0
        || stages.iter().any(|s| {
            s.routes
                .iter()
                .any(|r| r.target == Target::Passive && r.weight > 0.0)
        });
    for (g, seg) in segments.iter().enumerate() {
        for (stream, present, share) in [
            (
                Stream::New,
                raw.arrivals.new_per_month > 0.0,
                seg.share_of_inflow,
            ),
            (Stream::Returner, returners, seg.share_of_inflow),
            (Stream::Stock, has_stock, seg.share_of_stock),
        ] {
            if !present || share <= 0.0 || stages.is_empty() {
                continue;
            }
            if !paths
                .iter()
                .any(|p| p.segments[g] && p.streams[stream.index()])
            {
                out.push(format!(
                    "no path takes segment \"{}\" in stream \"{}\": they stay passive until they leave benefit on their own",
                    seg.name,
                    stream.key()
                ));
            }
        }
    }
    for s in stages {
        if s.capacity == Some(0) && s.schedule.iter().all(|step| step.capacity == Some(0)) {
            out.push(format!(
                "stage \"{}\" never has any places: citizens referred there wait unless a fallback applies",
                s.name
            ));
        }
    }
    out
}

fn validate_strategy(
    c: &mut Checker,
    p: &FieldPath,
    raw: &RawStrategy,
    segments: &[Segment],
    is_main: bool,
) -> Strategy {
    let kinds_valid: Vec<&str> = StrategyKind::ALL.iter().map(|k| k.key()).collect();
    let kind_of = |c: &mut Checker, path: &FieldPath, key: &str| {
        StrategyKind::from_key(key).unwrap_or_else(|| {
            c.problem(
                path,
                format!("\"{key}\" is not a strategy; use {}", one_of(&kinds_valid)),
            );
            StrategyKind::CatchAll
        })
    };
    let kind = kind_of(c, &p.key("kind"), &raw.kind);
    let mut kinds = vec![kind; segments.len()];
    for (seg, k) in &raw.by_segment {
        let q = p.key("by_segment").key(seg);
        let k = kind_of(c, &q, k);
        match segments.iter().position(|s| &s.name == seg) {
            Some(g) => kinds[g] = k,
            None => c.problem(
                &q,
                format!(
                    "\"{seg}\" is not a segment; use {}",
                    one_of(&segments.iter().map(|s| s.name.as_str()).collect::<Vec<_>>())
                ),
            ),
        }
    }
    let name = match (&raw.name, is_main) {
        (Some(n), _) => {
            check_name(c, &p.key("name"), n);
            n.clone()
        }
        // Named apart from the built-ins, so `compare --strategy selection` always means the
        // pure strategy and `--strategy scenario` the file's own.
        (None, true) => "scenario".to_string(),
        (None, false) => {
            c.problem(
                &p.key("kind"),
                "a strategy in [[strategies]] needs a name, e.g. name = \"brøndby\"",
            );
            raw.kind.clone()
        }
    };
    let switch_week = c.range(
        &p.key("switch_week"),
        raw.switch_week,
        0.0,
        520.0,
        "must be a week from 0 to 520 (default 39)",
    );
    let share = |c: &mut Checker, key: &str, v: f64| {
        c.range(
            &p.key(key),
            v,
            0.0,
            1.0,
            "must be a probability from 0 to 1",
        )
    };
    let sensitivity = share(c, "sensitivity", raw.sensitivity);
    let specificity = share(c, "specificity", raw.specificity);
    let flag_cap = raw.flag_cap.map(|v| share(c, "flag_cap", v));
    crate::strategy::build(
        &name,
        kinds,
        switch_week,
        sensitivity,
        specificity,
        flag_cap,
        segments,
    )
}
