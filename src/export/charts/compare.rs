//! The charts of `kapacitet compare`, from its [`Comparison`]: for each headline key figure, its
//! value in every column with the 95 % interval beside the paired difference from the first
//! column with its interval (zero marked), and the survival of new applicants in every column.

use super::{category_axis, figure_axis, Axis, Chart, Line, Scale, Series, Source, Style};
use crate::compare::{Comparison, Row, Sweep};
use crate::figures::{Lang, Unit};

/// Key figures a leader decides on, in the order the report shows them.
pub const HEADLINE: [&str; 8] = [
    "mal1_company_activation",
    "mal2_selfsufficient_4w",
    "time_on_benefit_weeks",
    "passive_stock",
    "selfsufficient_per_month",
    "months_past_offer_deadline",
    "first_offer_on_time_share",
    "cost_per_selfsufficient_dkk",
];

/// Every chart of a comparison: per headline figure its values and its differences, the
/// survival curves, and with `--vary` the ranked figure at every value.
pub fn charts(c: &Comparison, sweep: Option<&Sweep>, lang: Lang) -> Vec<Chart> {
    let source = Source {
        scenario: c.scenario.clone(),
        seed: c.seed,
        replications: c.replications.to_string(),
    }
    .line(lang);
    let mut out = Vec::new();
    for key in HEADLINE {
        let Some(row) = c.rows.iter().find(|r| r.key == key) else {
            continue;
        };
        if row.values.iter().all(|v| v.n == 0) {
            continue;
        }
        out.push(values(c, row, lang, &source));
        if c.strategies.len() > 1 {
            out.push(differences(c, row, lang, &source));
        }
    }
    out.push(survival(c, lang, &source));
    out.extend(sweep.map(|s| sensitivity(s, lang, &source)));
    out
}

/// `--vary`: the figure that ranks the strategies, per strategy, at every value of the setting.
fn sensitivity(s: &Sweep, lang: Lang, source: &str) -> Chart {
    let f = s.rank_by;
    let series = s
        .strategies
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let at = |p: &crate::compare::SweepPoint| p.values.get(i).copied();
            Series::line(
                name.clone(),
                s.points
                    .iter()
                    .enumerate()
                    .map(|(x, p)| (x as f64, at(p).map_or(f64::NAN, |v| v.mean)))
                    .collect(),
                i,
            )
            .with_band(
                s.points
                    .iter()
                    .map(|p| at(p).map_or((f64::NAN, f64::NAN), |v| (v.ci95_low, v.ci95_high)))
                    .collect(),
            )
        })
        .collect();
    Chart {
        key: "compare-sensitivity".into(),
        title: format!(
            "{}: {} {}",
            f.label(lang),
            lang.pick("følsomhed for", "sensitivity to"),
            s.label.get(lang)
        ),
        x: category_axis(s.label.get(lang), s.value_texts(lang)),
        y: figure_axis(f, lang),
        series,
        shaded: Vec::new(),
        target: None,
        from_zero: false,
        x_domain: None,
        source: source.to_string(),
        half: false,
        heat: None,
    }
}

fn columns(c: &Comparison, lang: Lang, skip_first: bool) -> Axis {
    let names = c.strategies.iter().skip(usize::from(skip_first)).cloned();
    let label = if c.mode == "scenarios" {
        lang.pick("Scenarie", "Scenario")
    } else {
        lang.pick("Strategi", "Strategy")
    };
    category_axis(label, names.collect())
}

/// A figure's mean in each column with its 95 % interval.
fn values(c: &Comparison, row: &Row, lang: Lang, source: &str) -> Chart {
    let f = &row.figure;
    let points = row
        .values
        .iter()
        .enumerate()
        .map(|(i, v)| (i as f64, v.mean))
        .collect();
    let band = row
        .values
        .iter()
        .map(|v| (v.ci95_low, v.ci95_high))
        .collect();
    let mut series = Series::line(
        lang.pick("Gennemsnit med 95 % interval", "Mean with 95 % interval"),
        points,
        0,
    )
    .with_band(band)
    .styled(Style::Points);
    series.point_colors = Some((0..row.values.len()).collect());
    Chart {
        key: format!("compare-{}", super::slug(&row.key)),
        title: f.label(lang).to_string(),
        x: columns(c, lang, false),
        y: figure_axis(f, lang),
        series: vec![series],
        shaded: Vec::new(),
        target: None,
        from_zero: f.unit != Unit::Days && f.unit != Unit::Weeks && f.unit != Unit::Dkk,
        x_domain: None,
        source: source.to_string(),
        half: true,
        heat: None,
    }
}

/// The paired difference of each column from the first, with its 95 % interval.
fn differences(c: &Comparison, row: &Row, lang: Lang, source: &str) -> Chart {
    let f = &row.figure;
    let base = &c.strategies[0];
    let points = row
        .paired
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, d)| (i as f64, d.mean))
        .collect();
    let band = row
        .paired
        .iter()
        .skip(1)
        .map(|d| (d.ci95_low, d.ci95_high))
        .collect();
    let mut series = Series::line(
        lang.pick(
            "Parret forskel med 95 % interval",
            "Paired difference with 95 % interval",
        ),
        points,
        0,
    )
    .with_band(band)
    .styled(Style::Points);
    series.point_colors = Some((1..row.paired.len()).collect());
    let unit = if f.unit == Unit::Share {
        lang.pick("procentpoint", "percentage points").to_string()
    } else {
        f.unit.suffix(lang).to_string()
    };
    let label = if unit.is_empty() {
        format!(
            "{} {}",
            lang.pick("Forskel i", "Difference in"),
            f.short(lang)
        )
    } else {
        format!(
            "{} {} ({unit})",
            lang.pick("Forskel i", "Difference in"),
            f.short(lang)
        )
    };
    Chart {
        key: format!("compare-{}-difference", super::slug(&row.key)),
        title: format!(
            "{}: {} {base}",
            f.short(lang),
            lang.pick("forskel til", "difference from")
        ),
        x: columns(c, lang, true),
        y: Axis {
            label,
            scale: super::scale_of(f),
        },
        series: vec![series],
        shaded: Vec::new(),
        target: Some(Line {
            value: 0.0,
            label: lang.pick("Ingen forskel", "No difference").to_string(),
            target: false,
        }),
        from_zero: false,
        x_domain: None,
        source: source.to_string(),
        half: true,
        heat: None,
    }
}

/// New applicants still on benefit, one curve per column with its interval.
fn survival(c: &Comparison, lang: Lang, source: &str) -> Chart {
    let series = c
        .strategies
        .iter()
        .zip(&c.reports)
        .enumerate()
        .map(|(i, (name, rep))| {
            Series::line(
                name.clone(),
                rep.survival
                    .iter()
                    .map(|r| (r.week, r.on_benefit.mean))
                    .collect(),
                i,
            )
            .with_band(
                rep.survival
                    .iter()
                    .map(|r| (r.on_benefit.ci95_low, r.on_benefit.ci95_high))
                    .collect(),
            )
        })
        .collect();
    Chart {
        key: "compare-survival".into(),
        title: lang
            .pick(
                "Nye ledige stadig på ydelse, pr. kolonne",
                "New applicants still on benefit, by column",
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
        source: source.to_string(),
        half: false,
        heat: None,
    }
}
