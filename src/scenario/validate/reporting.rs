//! `[reporting]`: the time limits some key figures are measured against.

use super::checker::Checker;
use crate::model::Reporting;
use crate::scenario::error::FieldPath;
use crate::scenario::raw::RawScenario;

pub(super) fn reporting(c: &mut Checker, raw: &RawScenario) -> Reporting {
    let rp = FieldPath::default().key("reporting");
    Reporting {
        placed_within_days: c.days(
            &rp.key("placed_within_days"),
            raw.reporting.placed_within_days,
        ),
        followup_days: c.days(&rp.key("followup_days"), raw.reporting.followup_days),
    }
}
