//! size.json, the JSON contract of `size` (documented in docs/output-reference.md).

use serde::Serialize;

use super::SizeDoc;
use crate::export::finite;

/// The JSON of `size`; keys are written sorted.
#[derive(Serialize)]
pub(super) struct SizeJson<'a> {
    kapacitet_version: &'static str,
    scenario: &'a str,
    seed: u64,
    mode: &'a str,
    subject: &'a str,
    unit: &'a str,
    from_month: Option<&'a str>,
    close_to: Option<u32>,
    end_stays: Option<bool>,
    confidence: f64,
    replications: u32,
    max_replications: u32,
    targets: Vec<TargetJson<'a>>,
    answer: Option<f64>,
    certain: Option<bool>,
    one_fewer: Option<OneFewerJson>,
    earliest_safe_month: Option<&'a str>,
    latest_safe_month: Option<&'a str>,
    /// In Danish, as it has always been written here.
    conclusion: &'a str,
    /// In Danish.
    limited_by: Vec<&'a str>,
    /// In English.
    warnings: Vec<&'a str>,
    evaluations: Vec<EvaluationJson>,
    #[serde(skip_serializing_if = "Option::is_none")]
    close: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    close_month: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    months: Vec<MonthJson<'a>>,
}

/// One closing month of a search after closing: the search's answer and candidates.
#[derive(Serialize)]
struct MonthJson<'a> {
    month: &'a str,
    answer: Option<f64>,
    certain: Option<bool>,
    one_fewer: Option<OneFewerJson>,
    conclusion: &'a str,
    limited_by: Vec<&'a str>,
    evaluations: Vec<EvaluationJson>,
}

#[derive(Serialize)]
struct TargetJson<'a> {
    text: &'a str,
    figure: &'a str,
    op: &'static str,
    value: f64,
}

#[derive(Serialize)]
struct OneFewerJson {
    setting: f64,
    verdict: &'static str,
    replications: u32,
}

#[derive(Serialize)]
struct EvaluationJson {
    setting: serde_json::Value,
    replications: u32,
    verdict: &'static str,
    targets: Vec<CheckJson>,
}

#[derive(Serialize)]
struct CheckJson {
    mean: Option<f64>,
    ci95_low: Option<f64>,
    ci95_high: Option<f64>,
    n: usize,
    verdict: &'static str,
    replications_missing: usize,
}

impl<'a> SizeJson<'a> {
    pub(super) fn of(doc: &'a SizeDoc) -> Self {
        SizeJson {
            kapacitet_version: env!("CARGO_PKG_VERSION"),
            scenario: &doc.scenario,
            seed: doc.seed,
            mode: doc.mode,
            subject: &doc.subject,
            unit: doc.unit,
            from_month: doc.from_month.as_deref(),
            close_to: doc.close_to,
            end_stays: doc.end_stays,
            confidence: 0.95,
            replications: doc.replications,
            max_replications: doc.max_replications,
            targets: doc
                .targets
                .iter()
                .map(|t| TargetJson {
                    text: &t.text,
                    figure: &t.key,
                    op: t.op.symbol(),
                    value: t.value,
                })
                .collect(),
            answer: doc.answer.and_then(finite),
            certain: doc.certain,
            one_fewer: doc.one_fewer.map(|i| {
                let e = &doc.evaluations[i];
                OneFewerJson {
                    setting: e.setting,
                    verdict: e.verdict.key(),
                    replications: e.replications,
                }
            }),
            earliest_safe_month: doc.earliest_safe_month.as_deref(),
            latest_safe_month: doc.latest_safe_month.as_deref(),
            conclusion: &doc.conclusion.da,
            limited_by: doc.limited_by.iter().map(|t| t.da.as_str()).collect(),
            warnings: doc.warnings.iter().map(|t| t.en.as_str()).collect(),
            close: doc.close.as_deref(),
            close_month: doc.close_month.as_deref(),
            months: doc
                .months
                .iter()
                .map(|(m, d)| {
                    let inner = SizeJson::of(d);
                    MonthJson {
                        month: m,
                        answer: inner.answer,
                        certain: inner.certain,
                        one_fewer: inner.one_fewer,
                        conclusion: inner.conclusion,
                        limited_by: inner.limited_by,
                        evaluations: inner.evaluations,
                    }
                })
                .collect(),
            evaluations: doc
                .evaluations
                .iter()
                .map(|e| EvaluationJson {
                    setting: if doc.mode == "close" {
                        e.label.clone().into()
                    } else {
                        e.setting.into()
                    },
                    replications: e.replications,
                    verdict: e.verdict.key(),
                    targets: e
                        .checks
                        .iter()
                        .map(|c| CheckJson {
                            mean: finite(c.summary.mean),
                            ci95_low: finite(c.summary.ci95_low),
                            ci95_high: finite(c.summary.ci95_high),
                            n: c.summary.n,
                            verdict: c.verdict.key(),
                            replications_missing: c.replications_missing,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}
