//! Strategies (seed 002, "Hvornår sætter vi ind?"): catch-all, selection and deadweight, per
//! segment. Decides for each citizen whether the effort starts at once (intensive contact plan
//! and path entry) or at the switch week, screening with given sensitivity and specificity
//! against the citizen's true risk of still being on benefit at week 39.

use crate::model::{Model, Segment, Strategy, StrategyKind, RISK_DAYS};

/// Defaults when no `[strategy]` gives the parameters.
pub const DEFAULT_SWITCH_WEEK: f64 = 39.0;
pub const DEFAULT_SCREENING: f64 = 0.7;

/// What a strategy decides for one citizen at entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Screening flagged the citizen as at risk (selection only).
    pub flagged: bool,
    /// Intensive effort and path entry start at once rather than at the switch week.
    pub early: bool,
}

/// Share of a segment's new applicants at risk: still on benefit at week 39 on its curve.
pub fn at_risk_share(segment: &Segment) -> f64 {
    segment
        .survival
        .as_ref()
        .map_or(1.0, |c| c.survival(RISK_DAYS))
}

/// Expected share flagged by screening before the cap.
pub fn expected_flagged(sensitivity: f64, specificity: f64, at_risk: f64) -> f64 {
    sensitivity * at_risk + (1.0 - specificity) * (1.0 - at_risk)
}

/// Build a strategy; `flag_cap` `None` means each segment's share still on benefit at week 39
/// (the rule of thumb of seed 002, L287).
pub fn build(
    name: &str,
    kinds: Vec<StrategyKind>,
    switch_week: f64,
    sensitivity: f64,
    specificity: f64,
    flag_cap: Option<f64>,
    segments: &[Segment],
) -> Strategy {
    let caps: Vec<f64> = segments
        .iter()
        .map(|s| flag_cap.unwrap_or_else(|| at_risk_share(s)))
        .collect();
    let keep_flag = segments
        .iter()
        .zip(&caps)
        .map(|(s, cap)| {
            let q = expected_flagged(sensitivity, specificity, at_risk_share(s));
            if q > *cap && q > 0.0 {
                cap / q
            } else {
                1.0
            }
        })
        .collect();
    Strategy {
        name: name.to_string(),
        kinds,
        switch_days: switch_week * 7.0,
        sensitivity,
        specificity,
        flag_cap_setting: flag_cap,
        flag_cap: caps,
        keep_flag,
    }
}

/// A strategy by name: one of the file's `[[strategies]]` or `[strategy]`, or a built-in kind
/// ("catch-all", "selection", "deadweight") for every segment, with the screening parameters
/// of the file's `[strategy]` where it has one.
pub fn named(model: &Model, name: &str) -> Option<Strategy> {
    if let Some(s) = model
        .strategies
        .iter()
        .chain(model.strategy.iter())
        .find(|s| s.name == name)
    {
        return Some(s.clone());
    }
    let kind = StrategyKind::from_key(name)?;
    let base = model.strategy.as_ref();
    Some(build(
        name,
        vec![kind; model.segments.len()],
        base.map_or(DEFAULT_SWITCH_WEEK, |b| b.switch_days / 7.0),
        base.map_or(DEFAULT_SCREENING, |b| b.sensitivity),
        base.map_or(DEFAULT_SCREENING, |b| b.specificity),
        base.and_then(|b| b.flag_cap_setting),
        &model.segments,
    ))
}

/// Report when screening would flag more than the cap allows (the flags above it are dropped
/// at random so the cap holds).
pub fn warnings(strategy: &Strategy, segments: &[Segment]) -> Vec<crate::lang::Text> {
    segments
        .iter()
        .enumerate()
        .filter(|(g, _)| strategy.kinds[*g] == StrategyKind::Selection)
        .filter_map(|(g, s)| {
            let q = expected_flagged(strategy.sensitivity, strategy.specificity, at_risk_share(s));
            (q > strategy.flag_cap[g] + 1e-12).then(|| {
                let (name, segment) = (&strategy.name, &s.name);
                let (flagged, cap) = (q * 100.0, strategy.flag_cap[g] * 100.0);
                crate::lang::Text::new(
                    format!("strategien \"{name}\": screeningen ville udpege {flagged:.0} % af segment \"{segment}\", over loftet på {cap:.0} % (andelen, der stadig er på ydelse i uge 39, medmindre flag_cap er sat); udpegninger over loftet droppes tilfældigt"),
                    format!("strategy \"{name}\": screening would flag {flagged:.0} % of segment \"{segment}\", above the cap of {cap:.0} % (share still on benefit at week 39 unless flag_cap is set); flags above the cap are dropped at random"),
                )
            })
        })
        .collect()
}

/// The strategy's decision for a citizen of `segment` who is truly `at_risk`, with two uniform
/// draws of their own (drawn whatever the strategy, so citizens stay comparable).
pub fn decide(
    strategy: &Strategy,
    segment: usize,
    at_risk: bool,
    u_screen: f64,
    u_cap: f64,
) -> Decision {
    match strategy.kinds[segment] {
        // The engine gives an unplanned segment the treatment of a scenario without strategy
        // and never asks; "at once" is what that treatment does with the path.
        StrategyKind::CatchAll | StrategyKind::Unplanned => Decision {
            flagged: false,
            early: true,
        },
        StrategyKind::Deadweight => Decision {
            flagged: false,
            early: false,
        },
        StrategyKind::Selection => {
            let positive = if at_risk {
                u_screen < strategy.sensitivity
            } else {
                u_screen < 1.0 - strategy.specificity
            };
            let flagged = positive && u_cap < strategy.keep_flag[segment];
            Decision {
                flagged,
                early: flagged,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::survival::SurvivalCurve;

    fn segment(s39: f64) -> Segment {
        Segment {
            name: "s".into(),
            label: "s".into(),
            share_of_inflow: 1.0,
            share_of_stock: 1.0,
            survival: Some(SurvivalCurve::new(&[0.0, 39.0], &[1.0, s39])),
            under_30: false,
        }
    }

    #[test]
    fn expected_flagged_share_is_sensitivity_and_false_positives() {
        // 30 % at risk, sensitivity 0.8, specificity 0.9: 0.24 + 0.07.
        assert!((expected_flagged(0.8, 0.9, 0.3) - 0.31).abs() < 1e-12);
    }

    #[test]
    fn cap_defaults_to_the_share_at_week_39_and_thins_flags_above_it() {
        let segs = [segment(0.3)];
        let s = build(
            "sel",
            vec![StrategyKind::Selection],
            39.0,
            0.8,
            0.6,
            None,
            &segs,
        );
        assert!((s.flag_cap[0] - 0.3).abs() < 1e-12);
        // Expected flagged 0.24 + 0.28 = 0.52 > 0.3: keep 0.3 / 0.52 of the flags.
        assert!((s.keep_flag[0] - 0.3 / 0.52).abs() < 1e-12);
        assert_eq!(warnings(&s, &segs).len(), 1);
        let relaxed = build(
            "sel",
            vec![StrategyKind::Selection],
            39.0,
            0.8,
            0.95,
            None,
            &segs,
        );
        assert!(warnings(&relaxed, &segs).is_empty());
    }

    #[test]
    fn decisions_follow_the_kind() {
        let segs = [segment(0.3)];
        let s = build(
            "x",
            vec![StrategyKind::Selection],
            39.0,
            0.8,
            0.9,
            Some(1.0),
            &segs,
        );
        assert!(decide(&s, 0, true, 0.5, 0.0).flagged);
        assert!(!decide(&s, 0, true, 0.85, 0.0).flagged);
        assert!(decide(&s, 0, false, 0.05, 0.0).flagged);
        assert!(!decide(&s, 0, false, 0.5, 0.0).early);
        let c = build(
            "c",
            vec![StrategyKind::CatchAll],
            39.0,
            0.8,
            0.9,
            None,
            &segs,
        );
        assert!(decide(&c, 0, false, 0.99, 0.99).early);
        let d = build(
            "d",
            vec![StrategyKind::Deadweight],
            39.0,
            0.8,
            0.9,
            None,
            &segs,
        );
        assert!(!decide(&d, 0, true, 0.0, 0.0).early);
    }
}
