//! `[[paths]]`: which segments and streams enter which stage, after how long on benefit and with
//! what delay.

use super::checker::{check_name, one_of, Checker};
use super::routes::target;
use super::segments::{segment_index, segment_names};
use super::{MAX_DAYS, SPECIAL_TARGETS};
use crate::model::{Path, Referral, Segment, Stream, Target};
use crate::scenario::error::FieldPath;
use crate::scenario::raw::RawScenario;

pub(super) fn paths(
    c: &mut Checker,
    raw: &RawScenario,
    segments: &[Segment],
    stage_names: &[&str],
) -> Vec<Path> {
    let pa = FieldPath::default().key("paths");
    let mut paths = Vec::new();
    for i in 0..raw.paths.len() {
        paths.push(path(c, &pa.index(i), raw, i, segments, stage_names));
    }
    paths
}

/// Path number `i`; the ones before it are looked at for a repeated name.
fn path(
    c: &mut Checker,
    p: &FieldPath,
    raw: &RawScenario,
    i: usize,
    segments: &[Segment],
    stage_names: &[&str],
) -> Path {
    let raw_path = &raw.paths[i];
    check_name(c, &p.key("name"), &raw_path.name);
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
        match segment_index(segments, name) {
            Some(g) => seg_mask[g] = true,
            None => c.problem(
                &p.key("segments").index(j),
                format!(
                    "\"{name}\" is not a segment; use {}",
                    one_of(&segment_names(segments))
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
        c,
        p,
        &raw_path.to,
        raw_path.fallback.as_deref(),
        raw_path.max_wait_days,
        stage_names,
        false,
    );
    let referral = match target {
        Target::Stage(r) => r,
        _ => {
            if !stage_names.contains(&raw_path.to.as_str())
                && SPECIAL_TARGETS.contains(&raw_path.to.as_str())
            {
                c.problem(
                    &p.key("to"),
                    format!(
                        "a path must lead to a stage; use one of {}",
                        one_of(stage_names)
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
    Path {
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
    }
}
