//! Judging a target from per-replication values: met when the whole 95 % confidence interval of
//! the mean lies on the right side, not met when it lies wholly on the wrong side, undecided in
//! between; "never" targets (at the edge of what a figure can take) need 60 clean replications
//! and fail on one miss.

use super::target::{Op, Target};
use crate::stats::{summarize, Summary};

/// Whether a target holds, as far as the replications can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    NotMet,
    /// The confidence interval straddles the target.
    Undecided,
}

impl Verdict {
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "not_met",
            Verdict::Undecided => "undecided",
        }
    }

    /// The verdict in words.
    pub fn word(self, lang: crate::figures::Lang) -> &'static str {
        match self {
            Verdict::Met => lang.pick("opfyldt", "met"),
            Verdict::NotMet => lang.pick("ikke opfyldt", "not met"),
            Verdict::Undecided => lang.pick("uafklaret", "undecided"),
        }
    }

    /// All targets together: any miss is a miss; otherwise any doubt is doubt.
    pub(super) fn all(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        let mut out = Verdict::Met;
        for v in verdicts {
            match v {
                Verdict::NotMet => return Verdict::NotMet,
                Verdict::Undecided => out = Verdict::Undecided,
                Verdict::Met => {}
            }
        }
        out
    }
}

/// One target at one candidate.
#[derive(Debug, Clone)]
pub struct TargetCheck {
    pub summary: Summary,
    pub verdict: Verdict,
    /// Replications in which the figure itself was on the target's wrong side.
    pub replications_missing: usize,
}

/// Replications without a single miss needed before an edge target ("never") counts as met:
/// by the rule of three, 3/60 = 5 %.
pub const EDGE_REPLICATIONS: usize = 60;

/// Judge a target from per-replication values: met when the whole 95 % interval of the mean is
/// on the right side, missed when it is wholly on the wrong side. At the edge of what a figure
/// can take (≤ 0 for a count, ≥ 1 for a share) one replication on the wrong side settles it.
pub fn judge(target: &Target, values: &[f64]) -> TargetCheck {
    let s = summarize(values);
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let missing = finite
        .iter()
        .filter(|&&x| !target.op.holds(x, target.value))
        .count();
    let (lo, hi) = if s.n >= 2 {
        (s.ci95_low, s.ci95_high)
    } else {
        (f64::NAN, f64::NAN)
    };
    let v = target.value;
    let at_edge = target.is_edge();
    // "Never" is never shown by a finite run: at the edge, a clean record is trusted only once
    // it is long enough that the chance of a miss is below 5 % at 95 % confidence (3/n).
    let edge_short = at_edge && missing == 0 && s.n < EDGE_REPLICATIONS;
    let verdict = if s.n == 0 {
        // Undefined in every replication (e.g. nobody started, so there is no liggetid): more
        // replications will not define it, and a plan where it happens does not meet a target.
        Verdict::NotMet
    } else if !lo.is_finite() || !hi.is_finite() {
        // A single replication with a value.
        if at_edge && missing > 0 {
            Verdict::NotMet
        } else {
            Verdict::Undecided
        }
    } else if at_edge && missing > 0 {
        Verdict::NotMet
    } else if edge_short {
        Verdict::Undecided
    } else {
        match target.op {
            Op::Le if hi <= v => Verdict::Met,
            Op::Le if lo > v => Verdict::NotMet,
            Op::Lt if hi < v => Verdict::Met,
            Op::Lt if lo >= v => Verdict::NotMet,
            Op::Ge if lo >= v => Verdict::Met,
            Op::Ge if hi < v => Verdict::NotMet,
            Op::Gt if lo > v => Verdict::Met,
            Op::Gt if hi <= v => Verdict::NotMet,
            Op::Eq if lo == v && hi == v => Verdict::Met,
            Op::Eq if v < lo || v > hi => Verdict::NotMet,
            _ => Verdict::Undecided,
        }
    };
    TargetCheck {
        summary: s,
        verdict,
        replications_missing: missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sizing::target::Metric;

    fn target(op: Op, value: f64) -> Target {
        Target {
            text: String::new(),
            metric: Metric::Kpi(crate::figures::Kpi::PassiveStock),
            op,
            value,
        }
    }

    #[test]
    fn verdicts_follow_the_confidence_interval() {
        // Mean 10, clearly below 20 and clearly above 5.
        let v = [9.0, 10.0, 11.0, 10.0, 9.5, 10.5];
        assert_eq!(judge(&target(Op::Le, 20.0), &v).verdict, Verdict::Met);
        assert_eq!(judge(&target(Op::Le, 5.0), &v).verdict, Verdict::NotMet);
        assert_eq!(judge(&target(Op::Le, 10.2), &v).verdict, Verdict::Undecided);
        assert_eq!(judge(&target(Op::Ge, 5.0), &v).verdict, Verdict::Met);
        assert_eq!(judge(&target(Op::Gt, 20.0), &v).verdict, Verdict::NotMet);
    }

    #[test]
    fn one_replication_above_zero_misses_a_zero_target() {
        let mut v = vec![0.0; 20];
        // Twenty clean replications do not show "never": a miss could still be 15 % likely.
        assert_eq!(judge(&target(Op::Le, 0.0), &v).verdict, Verdict::Undecided);
        v.resize(EDGE_REPLICATIONS, 0.0);
        assert_eq!(judge(&target(Op::Le, 0.0), &v).verdict, Verdict::Met);
        v.push(1.0);
        let c = judge(&target(Op::Le, 0.0), &v);
        assert_eq!(c.verdict, Verdict::NotMet);
        assert_eq!(c.replications_missing, 1);
    }

    #[test]
    fn a_figure_undefined_in_every_replication_misses() {
        let v = [f64::NAN; 5];
        assert_eq!(judge(&target(Op::Le, 14.0), &v).verdict, Verdict::NotMet);
        let mut w = vec![f64::NAN; 4];
        w.extend([3.0, 3.5, 2.5]);
        assert_eq!(judge(&target(Op::Le, 14.0), &w).verdict, Verdict::Met);
    }
}
