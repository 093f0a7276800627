//! Visitation paths (visitationsveje): which path a citizen of a segment and stream enters, and
//! when the referral is made.

use crate::model::{Model, Path, SegmentId, Stream};

/// The first path, in file order, that takes this segment and stream.
pub fn first_matching(model: &Model, segment: SegmentId, stream: Stream) -> Option<&Path> {
    model
        .paths
        .iter()
        .find(|p| p.segments[segment] && p.streams[stream.index()])
}

/// Time of the referral for a citizen who enters the path at `now`, whose benefit spell began at
/// `benefit_start`: after the path's delay, and not before the required time on benefit.
pub fn referral_time(path: &Path, now: f64, benefit_start: f64) -> f64 {
    (now + path.delay_days).max(benefit_start + path.after_days_on_benefit)
}
