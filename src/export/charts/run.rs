//! The charts of `kapacitet run`, from its [`Report`]: citizens in each stage and the passive
//! stock week by week, queues and liggetid week by week, places in use against places (with the
//! capacity schedule) for each stage with places, FTE needed against FTE available per staff
//! role, and the survival of new applicants against the scenario's input curve. Weeks are those
//! of the measured period (the warm-up is not kept).

use super::{
    category_axis, figure_axis, with_unit, Axis, Chart, Scale, Series, Source, Style, GREY,
};
use crate::figures::{stage_figure, Figure, Kpi, Lang, Unit, STAGE_FIGURES};
use crate::report::{Report, WeekRow};

/// Every chart of a run, in report order (the transition months follow from
/// [`super::monthly`]).
pub fn charts(report: &Report, lang: Lang) -> Vec<Chart> {
    let mut out = vec![
        stocks(report, lang),
        queues(report, lang),
        waits(report, lang),
    ];
    out.extend(places(report, lang));
    out.extend(staff(report, lang));
    out.push(survival(report, lang));
    if report.show_monthly && !report.monthly.is_empty() {
        out.extend(super::monthly::charts(report, lang));
    }
    out
}

/// What the foot of every chart of `report` says.
pub fn source(report: &Report, lang: Lang) -> String {
    Source {
        scenario: report.scenario.clone(),
        seed: report.seed,
        replications: report.replications.to_string(),
    }
    .line(lang)
}

fn stage_fig(key: &str) -> &'static Figure {
    &STAGE_FIGURES[stage_figure(key).unwrap_or(0)]
}

/// The week axis: each week named by its date.
fn weeks(report: &Report, lang: Lang) -> Axis {
    category_axis(
        lang.pick("Uge (dato)", "Week (date)"),
        report.weekly.iter().map(|w| w.date.clone()).collect(),
    )
}

/// Stages people can be in (not referral steps), by index.
fn offer_stages(report: &Report) -> Vec<usize> {
    (0..report.stages.len())
        .filter(|&s| report.stages[s].offer)
        .collect()
}

fn weekly_series(report: &Report, value: impl Fn(&WeekRow) -> f64) -> Vec<(f64, f64)> {
    report
        .weekly
        .iter()
        .enumerate()
        .map(|(i, w)| (i as f64, value(w)))
        .collect()
}

/// One line per stage of `stages`, week by week, each in its stage's colour.
fn stage_lines(
    report: &Report,
    stages: Vec<usize>,
    value: impl Fn(&WeekRow, usize) -> f64,
) -> Vec<Series> {
    stages
        .into_iter()
        .map(|s| {
            Series::line(
                report.stages[s].label.clone(),
                weekly_series(report, |w| value(w, s)),
                s,
            )
        })
        .collect()
}

/// The stages of `stages` for which `seen` holds in some week; all of them when it holds for
/// none, so the chart is not left empty.
fn stages_seen(
    report: &Report,
    stages: Vec<usize>,
    seen: impl Fn(&WeekRow, usize) -> bool,
) -> Vec<usize> {
    let some: Vec<usize> = stages
        .iter()
        .copied()
        .filter(|&s| report.weekly.iter().any(|w| seen(w, s)))
        .collect();
    if some.is_empty() {
        stages
    } else {
        some
    }
}

/// A chart over the weeks of the measured period, with what every weekly chart of a run shares:
/// the week axis, a y axis from zero, the source line, the whole page width. Each chart adds
/// its key, title, y axis and series.
fn weekly_chart(
    report: &Report,
    lang: Lang,
    key: impl Into<String>,
    title: impl Into<String>,
    y: Axis,
    series: Vec<Series>,
) -> Chart {
    Chart {
        key: key.into(),
        title: title.into(),
        x: weeks(report, lang),
        y,
        series,
        shaded: Vec::new(),
        target: None,
        from_zero: true,
        x_domain: None,
        source: source(report, lang),
        half: false,
        heat: None,
    }
}

/// Citizens in each stage and the passive stock, week by week.
fn stocks(report: &Report, lang: Lang) -> Chart {
    let mut series = stage_lines(report, offer_stages(report), |w, s| w.occupancy[s]);
    series.push(
        Series::line(
            Kpi::PassiveStock.info().short(lang),
            weekly_series(report, |w| w.passive),
            GREY,
        )
        .styled(Style::Dashed),
    );
    weekly_chart(
        report,
        lang,
        "run-stocks",
        lang.pick(
            "Borgere i hvert forløb og passive, uge for uge",
            "Citizens in each stage and passive, week by week",
        ),
        super::number_axis(lang.pick("Borgere", "Citizens")),
        series,
    )
}

/// Queue length per stage, week by week (stages that never had a queue are left out).
fn queues(report: &Report, lang: Lang) -> Chart {
    let shown = stages_seen(report, offer_stages(report), |w, s| w.queue[s] > 0.0);
    weekly_chart(
        report,
        lang,
        "run-queue",
        lang.pick(
            "Kø til hvert forløb, uge for uge",
            "Queue for each stage, week by week",
        ),
        figure_axis(stage_fig("queue_mean"), lang),
        stage_lines(report, shown, |w, s| w.queue[s]),
    )
}

/// Mean liggetid of the stays that started each week, per stage (stages where nobody ever
/// waited are left out, unless nobody waited anywhere).
fn waits(report: &Report, lang: Lang) -> Chart {
    let started: Vec<usize> = offer_stages(report)
        .into_iter()
        .filter(|&s| {
            report
                .weekly
                .iter()
                .any(|w| w.wait_days_mean[s].is_finite())
        })
        .collect();
    let shown = stages_seen(report, started, |w, s| w.wait_days_mean[s] > 0.0);
    weekly_chart(
        report,
        lang,
        "run-wait",
        lang.pick(
            "Liggetid for dem der startede i hvert forløb, uge for uge",
            "Waiting time (liggetid) of those who started each stage, week by week",
        ),
        figure_axis(stage_fig("wait_days_mean"), lang),
        stage_lines(report, shown, |w, s| w.wait_days_mean[s]),
    )
}

/// FTE needed week by week against the FTE the scenario gives, per staff role (none without
/// staff).
fn staff(report: &Report, lang: Lang) -> Option<Chart> {
    let series: Vec<Series> = report
        .staff
        .iter()
        .enumerate()
        .filter(|(r, _)| report.weekly.iter().any(|w| w.fte_needed[*r].is_finite()))
        .flat_map(|(r, role)| {
            let needed = Series::line(
                format!("{}: {}", role.label, lang.pick("behov", "needed")),
                weekly_series(report, |w| w.fte_needed[r]),
                r,
            );
            let fte = role.figure("fte").mean;
            let available = fte.is_finite().then(|| {
                Series::line(
                    format!("{}: {}", role.label, lang.pick("til rådighed", "available")),
                    weekly_series(report, |_| fte),
                    r,
                )
                .styled(Style::Dashed)
            });
            std::iter::once(needed).chain(available)
        })
        .collect();
    (!series.is_empty()).then(|| {
        weekly_chart(
            report,
            lang,
            "run-staff",
            lang.pick(
                "Årsværk der skal til, uge for uge, og årsværk til rådighed",
                "FTE needed week by week, and FTE available",
            ),
            Axis {
                label: with_unit(lang.pick("Medarbejdere", "Staff"), Unit::Fte, lang),
                scale: Scale::Number { decimals: 1 },
            },
            series,
        )
    })
}

/// Places in use against places, one half-width chart per stage with a limited number of
/// places.
fn places(report: &Report, lang: Lang) -> Vec<Chart> {
    let (used, cap) = (stage_fig("occupancy_mean"), stage_fig("capacity_mean"));
    offer_stages(report)
        .into_iter()
        .filter(|&s| report.weekly.iter().any(|w| w.capacity[s].is_finite()))
        .map(|s| {
            let st = &report.stages[s];
            let series = vec![
                Series::line(
                    used.label(lang),
                    weekly_series(report, |w| w.occupancy[s]),
                    s,
                ),
                Series::line(cap.label(lang), weekly_series(report, |w| w.capacity[s]), 7)
                    .styled(Style::Step),
            ];
            Chart {
                half: true,
                heat: None,
                ..weekly_chart(
                    report,
                    lang,
                    format!("run-places-{}", super::slug(&st.name)),
                    format!(
                        "{}: {}",
                        st.label,
                        lang.pick("pladser i brug og pladser", "places in use and places")
                    ),
                    super::number_axis(cap.label(lang)),
                    series,
                )
            }
        })
        .collect()
}

/// New applicants still on benefit, simulated (with its interval) and as the scenario's curves
/// say without any offer.
fn survival(report: &Report, lang: Lang) -> Chart {
    let rows = &report.survival;
    // Everyone is on benefit when they arrive: the curves start at week 0 with 100 %.
    let start = rows.first().is_some_and(|r| r.week > 0.0);
    let from = |v: Vec<(f64, f64)>| -> Vec<(f64, f64)> {
        start.then_some((0.0, 1.0)).into_iter().chain(v).collect()
    };
    let mut band: Vec<(f64, f64)> = rows
        .iter()
        .map(|r| (r.on_benefit.ci95_low, r.on_benefit.ci95_high))
        .collect();
    if start {
        band.insert(0, (1.0, 1.0));
    }
    let mut series = vec![Series::line(
        lang.pick("Simuleret (95 % interval)", "Simulated (95 % interval)"),
        from(rows.iter().map(|r| (r.week, r.on_benefit.mean)).collect()),
        0,
    )
    .with_band(band)];
    if rows.iter().any(|r| r.input.is_finite()) {
        series.push(
            Series::line(
                lang.pick(
                    "Scenariets kurve uden tilbud",
                    "The scenario's curve without offers",
                ),
                from(rows.iter().map(|r| (r.week, r.input)).collect()),
                GREY,
            )
            .styled(Style::Dashed),
        );
    }
    Chart {
        key: "run-survival".into(),
        title: lang
            .pick(
                "Nye ledige stadig på ydelse",
                "New applicants still on benefit",
            )
            .into(),
        x: super::number_axis(lang.pick("Uger efter tilgang", "Weeks after arrival")),
        y: Axis {
            label: lang
                .pick("Andel på ydelse (%)", "Share on benefit (%)")
                .into(),
            scale: Scale::Percent,
        },
        series,
        shaded: Vec::new(),
        target: None,
        from_zero: true,
        x_domain: None,
        source: source(report, lang),
        half: false,
        heat: None,
    }
}
