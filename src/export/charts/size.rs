//! The charts of `kapacitet size`, from its [`SizeDoc`]: for each target, the figure at every
//! candidate tried (places, FTE or closing month) with its 95 % interval, coloured by whether
//! the target is met there, the target as a line and the answer marked; after a closing, the
//! places or FTE needed for each month the project could close in.

use super::{category_axis, Axis, Chart, Line, Scale, Series, Shade, ShadeKind, Source, Style};
use super::{BAD, DOUBT, GOOD};
use crate::export::documents::size::{SizeDoc, TargetRow};
use crate::figures::{self, Figure, Lang, STAFF_FIGURES, STAGE_FIGURES};
use crate::sizing::{Evaluation, TargetCheck, Verdict};

/// Every chart of a size run.
pub fn charts(doc: &SizeDoc, lang: Lang) -> Vec<Chart> {
    let source = Source {
        scenario: doc.scenario.clone(),
        seed: doc.seed,
        replications: if doc.max_replications > doc.replications {
            format!("{}–{}", doc.replications, doc.max_replications)
        } else {
            doc.replications.to_string()
        },
    }
    .line(lang);
    if !doc.months.is_empty() {
        return vec![per_month(doc, lang, &source)];
    }
    (0..doc.targets.len())
        .map(|j| target_chart(doc, j, lang, &source))
        .collect()
}

/// The catalogue's figure a target is about: a key figure, `stage.FIELD` or `role.FIELD`.
pub fn figure_of(row: &TargetRow) -> Option<&'static Figure> {
    if let Some((_, f)) = figures::kpi(&row.key) {
        return Some(f);
    }
    let field = row.key.rsplit('.').next()?;
    figures::stage_figure(field)
        .map(|i| &STAGE_FIGURES[i])
        .or_else(|| figures::staff_figure(field).map(|i| &STAFF_FIGURES[i]))
}

fn verdict_color(v: Verdict) -> usize {
    match v {
        Verdict::Met => GOOD,
        Verdict::NotMet => BAD,
        Verdict::Undecided => DOUBT,
    }
}

/// Legend entries for the three verdicts (series without points).
fn verdicts(lang: Lang) -> Vec<Series> {
    [
        (
            Verdict::Met,
            lang.pick("Kravet er opfyldt", "Requirement met"),
        ),
        (
            Verdict::NotMet,
            lang.pick("Kravet er ikke opfyldt", "Requirement not met"),
        ),
        (Verdict::Undecided, lang.pick("Uafklaret", "Undecided")),
    ]
    .into_iter()
    .map(|(v, text)| Series::line(text, Vec::new(), verdict_color(v)).styled(Style::Points))
    .collect()
}

/// The lever's axis: places or FTE in the subject, or the closing month.
fn lever_axis(doc: &SizeDoc, lang: Lang, labels: Option<Vec<String>>) -> Axis {
    let what = match doc.unit {
        "places" => lang.pick("Pladser i", "Places in"),
        "fte" => lang.pick("Årsværk i", "FTE in"),
        _ => lang.pick("Lukkemåned for", "Month of closing"),
    };
    let label = format!("{what} {}", doc.subject_label);
    match labels {
        Some(names) => category_axis(label, names),
        None => Axis {
            label,
            scale: Scale::Number {
                decimals: usize::from(doc.unit == "fte"),
            },
        },
    }
}

/// Target `j` at every candidate tried.
fn target_chart(doc: &SizeDoc, j: usize, lang: Lang, source: &str) -> Chart {
    let row = &doc.targets[j];
    let f = figure_of(row);
    let mut evals: Vec<&Evaluation> = doc.evaluations.iter().collect();
    evals.sort_by(|a, b| a.setting.total_cmp(&b.setting));
    let months = doc.unit == "month";
    let x = |i: usize, e: &Evaluation| if months { i as f64 } else { e.setting };
    let checks = checks_at(&evals, j, &x);
    let mut series = Series::line(
        lang.pick("Gennemsnit med 95 % interval", "Mean with 95 % interval"),
        checks.clone().map(|(x, c)| (x, c.summary.mean)).collect(),
        7,
    )
    .with_band(
        checks
            .clone()
            .map(|(_, c)| (c.summary.ci95_low, c.summary.ci95_high))
            .collect(),
    )
    .styled(Style::Points);
    series.point_colors = Some(checks.map(|(_, c)| verdict_color(c.verdict)).collect());
    let mut all = vec![series];
    all.extend(verdicts(lang));
    let step = if doc.unit == "fte" { 0.25 } else { 0.5 };
    let shaded = doc
        .answer
        .map(|a| Shade {
            from: a - step,
            to: a + step,
            label: lang.pick("Svaret", "The answer").to_string(),
            kind: ShadeKind::Quiet,
        })
        .into_iter()
        .collect();
    let label = f.map_or(row.key.clone(), |f| f.label(lang).to_string());
    let shown = checks_at(&evals, j, &x)
        .filter(|(_, c)| c.summary.mean.is_finite())
        .map(|(x, _)| x)
        .chain(doc.answer);
    let x_domain = (!months).then(|| lever_domain(shown, step)).flatten();
    Chart {
        key: format!("size-target-{}-{}", j + 1, super::slug(&row.key)),
        title: format!(
            "{label} {} {}",
            lang.pick("mod", "against"),
            lever_axis(doc, lang, None).label.to_lowercase()
        ),
        x: lever_axis(
            doc,
            lang,
            months.then(|| evals.iter().map(|e| e.label.clone()).collect()),
        ),
        y: f.map_or_else(
            || super::number_axis(row.key.clone()),
            |f| super::figure_axis(f, lang),
        ),
        series: all,
        shaded,
        target: Some(Line {
            value: row.value,
            label: format!(
                "{} {}: {}",
                lang.pick("Krav", "Requirement"),
                j + 1,
                row.text
            ),
            target: true,
        }),
        from_zero: false,
        x_domain,
        source: source.to_string(),
        half: false,
        heat: None,
    }
}

/// Each candidate's place on the x axis and its check of target `j`.
fn checks_at<'a>(
    evals: &'a [&'a Evaluation],
    j: usize,
    x: &'a impl Fn(usize, &Evaluation) -> f64,
) -> impl Iterator<Item = (f64, &'a TargetCheck)> + Clone + 'a {
    evals
        .iter()
        .enumerate()
        .filter_map(move |(i, e)| Some((x(i, e), e.checks.get(j)?)))
}

/// The places or FTE to show: from the least to the most of `settings` (the candidates with a
/// figure, and the answer), with a margin of a twentieth of that span on each side and at
/// least twice `step` (the half-width of the answer's shade: one place, or half an FTE), so the
/// markers, their whiskers and the shade are whole. A search that tried only large numbers is shown around them rather than from 0, which
/// squeezes its markers to one side; one that reaches near 0 (within a quarter of the span) is
/// shown from 0. `None` without any setting.
fn lever_domain(settings: impl Iterator<Item = f64>, step: f64) -> Option<(f64, f64)> {
    let (lo, hi) = settings
        .filter(|v| v.is_finite())
        .fold(None, |acc: Option<(f64, f64)>, v| {
            Some(acc.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
        })?;
    let span = hi - lo;
    let margin = (span * 0.05).max(2.0 * step);
    let from = if lo > 0.0 && lo <= span * 0.25 {
        0.0
    } else {
        lo - margin
    };
    Some((from, hi + margin))
}

/// Places or FTE needed for each month the project could close in.
fn per_month(doc: &SizeDoc, lang: Lang, source: &str) -> Chart {
    let names: Vec<String> = doc.months.iter().map(|(m, _)| m.clone()).collect();
    let points = doc
        .months
        .iter()
        .enumerate()
        .map(|(i, (_, d))| (i as f64, d.answer.unwrap_or(f64::NAN)))
        .collect();
    let what = if doc.unit == "fte" {
        lang.pick("Årsværk der skal til i", "FTE needed in")
    } else {
        lang.pick("Pladser der skal til i", "Places needed in")
    };
    let close = doc.close.clone().unwrap_or_default();
    Chart {
        key: "size-per-closing-month".into(),
        title: format!(
            "{what} {} {} {close}",
            doc.subject_label,
            lang.pick("efter måneden for lukning af", "by the month of closing")
        ),
        x: category_axis(lang.pick("Lukkemåned", "Month of closing"), names),
        y: Axis {
            label: format!("{what} {}", doc.subject_label),
            scale: Scale::Number {
                decimals: usize::from(doc.unit == "fte"),
            },
        },
        series: vec![Series::line(
            lang.pick(
                "Mindste antal der opfylder kravene",
                "Least that meets the requirements",
            ),
            points,
            0,
        )
        .styled(Style::Points)],
        shaded: Vec::new(),
        target: None,
        from_zero: true,
        x_domain: None,
        source: source.to_string(),
        half: false,
        heat: None,
    }
}

#[cfg(test)]
mod tests {
    use super::lever_domain;

    #[test]
    fn places_far_from_zero_are_shown_around_themselves() {
        // 40 to 60 places: a span of 20, a margin of one place (a twentieth is also 1).
        assert_eq!(
            lever_domain([40.0, 45.0, 60.0].into_iter(), 0.5),
            Some((39.0, 61.0))
        );
        // 86 to 172 places: a margin of a twentieth of 86, 4.3 places.
        let (from, to) = lever_domain([86.0, 172.0, 89.0].into_iter(), 0.5).unwrap();
        assert!(
            (from - 81.7).abs() < 1e-9 && (to - 176.3).abs() < 1e-9,
            "{from}..{to}"
        );
    }

    #[test]
    fn places_that_start_near_zero_are_shown_from_zero() {
        // 5 is within a quarter of the span (95) from 0.
        let (from, to) = lever_domain([5.0, 50.0, 100.0].into_iter(), 0.5).unwrap();
        assert_eq!(from, 0.0);
        assert!((to - 104.75).abs() < 1e-9, "{to}");
        // A candidate at 0 itself gets room for its marker.
        assert_eq!(
            lever_domain([0.0, 10.0].into_iter(), 0.5),
            Some((-1.0, 11.0))
        );
    }

    #[test]
    fn one_candidate_or_none() {
        // FTE: the shade is a quarter FTE either side, the margin half an FTE.
        assert_eq!(lever_domain([3.0].into_iter(), 0.25), Some((2.5, 3.5)));
        assert_eq!(lever_domain([f64::NAN].into_iter(), 0.5), None);
        assert_eq!(lever_domain(std::iter::empty(), 0.5), None);
    }
}
