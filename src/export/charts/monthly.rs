//! The transition month by month as charts: places and places in use at each month's end for the
//! stages whose places change, and the passive stock, the queues and the citizens without an
//! offer past their deadline, with every flagged month (someone left without an offer in some
//! replication) shaded.

use super::{category_axis, Chart, Series, Shade, ShadeKind, Style, GREY};
use crate::figures::{Kpi, Lang};
use crate::report::Report;

/// The two charts of the transition report.
pub fn charts(report: &Report, lang: Lang) -> Vec<Chart> {
    vec![places(report, lang), waiting(report, lang)]
}

fn months(report: &Report, lang: Lang) -> super::Axis {
    category_axis(
        lang.pick("Måned (ved månedens udgang)", "Month (at its end)"),
        report.monthly.iter().map(|m| m.month.clone()).collect(),
    )
}

/// Every month the plan left someone without an offer past a deadline.
fn flagged(report: &Report, lang: Lang) -> Vec<Shade> {
    report
        .monthly
        .iter()
        .enumerate()
        .filter(|(_, m)| m.offer_gap_share > 0.0)
        .map(|(i, _)| Shade {
            from: i as f64 - 0.5,
            to: i as f64 + 0.5,
            label: lang
                .pick(
                    "Måned med borgere uden tilbud over fristen",
                    "Month with citizens past the offer deadline",
                )
                .into(),
            kind: ShadeKind::Flag,
        })
        .collect()
}

/// Stages shown: offer stages whose places change in the window, or else every offer stage
/// with a limited number of places.
fn shown(report: &Report) -> Vec<usize> {
    let offer: Vec<usize> = (0..report.stages.len())
        .filter(|&s| report.stages[s].offer)
        .collect();
    let changing: Vec<usize> = offer
        .iter()
        .copied()
        .filter(|&s| {
            report
                .monthly
                .windows(2)
                .any(|w| w[0].stages[s].capacity.to_bits() != w[1].stages[s].capacity.to_bits())
        })
        .collect();
    if !changing.is_empty() {
        return changing;
    }
    offer
        .into_iter()
        .filter(|&s| {
            report
                .monthly
                .iter()
                .any(|m| m.stages[s].capacity.is_finite())
        })
        .collect()
}

fn monthly(report: &Report, value: impl Fn(&crate::report::MonthRow) -> f64) -> Vec<(f64, f64)> {
    report
        .monthly
        .iter()
        .enumerate()
        .map(|(i, m)| (i as f64, value(m)))
        .collect()
}

/// Places (a step, as the schedule sets them) and places in use, per stage.
fn places(report: &Report, lang: Lang) -> Chart {
    let mut series = Vec::new();
    for s in shown(report) {
        let name = &report.stages[s].label;
        series.push(
            Series::line(
                format!("{name}: {}", lang.pick("pladser", "places")),
                monthly(report, |m| m.stages[s].capacity),
                s,
            )
            .styled(Style::Step),
        );
        series.push(
            Series::line(
                format!("{name}: {}", lang.pick("i brug", "in use")),
                monthly(report, |m| m.stages[s].occupancy),
                s,
            )
            .styled(Style::Dashed),
        );
    }
    Chart {
        key: "transition-places".into(),
        title: lang
            .pick(
                "Overgangen: pladser og pladser i brug, måned for måned",
                "The transition: places and places in use, month by month",
            )
            .into(),
        x: months(report, lang),
        y: super::number_axis(lang.pick("Pladser", "Places")),
        series,
        shaded: flagged(report, lang),
        target: None,
        from_zero: true,
        x_domain: None,
        source: super::run::source(report, lang),
        half: false,
        heat: None,
    }
}

/// Passive citizens, citizens in a queue and citizens without an offer past the deadline.
fn waiting(report: &Report, lang: Lang) -> Chart {
    let offer: Vec<usize> = (0..report.stages.len())
        .filter(|&s| report.stages[s].offer)
        .collect();
    let band = |f: &dyn Fn(&crate::report::MonthRow) -> crate::stats::Summary| {
        report
            .monthly
            .iter()
            .map(|m| (f(m).ci95_low, f(m).ci95_high))
            .collect::<Vec<_>>()
    };
    let series = vec![
        Series::line(
            Kpi::PassiveStock.info().short(lang),
            monthly(report, |m| m.passive.mean),
            GREY,
        )
        .with_band(band(&|m| m.passive)),
        Series::line(
            lang.pick("I kø til et forløb", "In a queue for a stage"),
            monthly(report, |m| offer.iter().map(|&s| m.stages[s].queue).sum()),
            0,
        ),
        Series::line(
            lang.pick(
                "Uden tilbud over fristen",
                "Without an offer past the deadline",
            ),
            monthly(report, |m| m.past_offer_deadline.mean),
            5,
        )
        .with_band(band(&|m| m.past_offer_deadline)),
    ];
    Chart {
        key: "transition-waiting".into(),
        title: lang
            .pick(
                "Overgangen: passive, kø og borgere uden tilbud, måned for måned",
                "The transition: passive, queues and citizens without an offer, month by month",
            )
            .into(),
        x: months(report, lang),
        y: super::number_axis(lang.pick("Borgere", "Citizens")),
        series,
        shaded: flagged(report, lang),
        target: None,
        from_zero: true,
        x_domain: None,
        source: super::run::source(report, lang),
        half: false,
        heat: None,
    }
}
