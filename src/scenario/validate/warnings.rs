//! Warnings for a valid scenario: what it allows but probably does not mean (citizens no path
//! takes, stages without places, loops without time, likely slips, strategies whose screening
//! flags more than their cap).

use super::reachability::loop_text;
use crate::figures::Lang;
use crate::lang::Text;
use crate::model::{Model, Path, RoleWork, Segment, StaffRole, Stage, Stream, Target};
use crate::scenario::cycles::Loop;
use crate::scenario::raw::RawScenario;

/// Every warning for the built model, in the order they are shown.
pub(super) fn warnings(
    raw: &RawScenario,
    model: &Model,
    loops: &[Loop],
    closed: &[u32],
) -> Vec<Text> {
    let mut warnings = unreached(raw, &model.segments, &model.stages, &model.paths);
    for l in loops {
        warnings.push(Text::by(|lang| {
            let text = loop_text(l, &model.stages, &model.segments, lang);
            match lang {
                Lang::Da => format!(
                    "{text}; en borger, der går rundt for mange gange i samme øjeblik, stopper kørslen"
                ),
                Lang::En => format!(
                    "{text}; a citizen who goes round too often at one instant stops the run"
                ),
            }
        }));
    }
    warnings.extend(slips(raw, &model.staff, closed));
    for s in model.strategy.iter().chain(&model.strategies) {
        warnings.extend(crate::strategy::warnings(s, &model.segments));
    }
    warnings
}

/// Valid settings that are probably slips: nobody arrives, a role without staff, a calendar
/// whose every week is closed.
fn slips(raw: &RawScenario, staff: &[StaffRole], closed: &[u32]) -> Vec<Text> {
    let mut out = Vec::new();
    let stock = raw.initial_stock.as_ref().map_or(0, |s| s.count);
    if raw.arrivals.new_per_month == 0.0 && raw.arrivals.returners_per_month == 0.0 {
        out.push(if stock > 0 {
            Text::new(
                "ingen borgere kommer til ([arrivals] har hverken new_per_month eller returners_per_month): kun den første bestand simuleres",
                "no citizens arrive ([arrivals] gives no new_per_month or returners_per_month): only the initial stock is simulated",
            )
        } else {
            Text::new(
                "der er aldrig nogen i jobcentret: [arrivals] har hverken new_per_month eller returners_per_month, og der er ingen [initial_stock]",
                "nobody is ever in the job centre: [arrivals] gives no new_per_month or returners_per_month and there is no [initial_stock]",
            )
        });
    }
    for role in staff {
        if role.fte == Some(0.0) {
            let name = &role.name;
            out.push(match role.work {
                RoleWork::Caseload { .. } => Text::new(
                    format!("personalerollen \"{name}\" har fte = 0: ingen kan starte i de forløb, den følger; udelad fte for at måle behovet"),
                    format!("staff role \"{name}\" has fte = 0: nobody can start in the stages it follows; leave fte out to measure the need"),
                ),
                RoleWork::Conversations(_) => Text::new(
                    format!("personalerollen \"{name}\" har fte = 0: ingen af dens samtaler holdes; udelad fte for at måle behovet"),
                    format!("staff role \"{name}\" has fte = 0: none of its conversations are held; leave fte out to measure the need"),
                ),
            });
        }
    }
    if (1..=52).all(|w| closed.contains(&w)) {
        out.push(Text::new(
            "alle årets uger er lukket i [calendar] closed_weeks: ingen starter i et forløb med løbende eller ugentligt optag, og ingen samtale holdes",
            "every week of the year is closed in [calendar] closed_weeks: nobody starts a continuous-intake or weekly stage and no conversation is held",
        ));
    }
    out
}

/// Valid but probably unintended: citizens no path takes, stages that never have a place.
fn unreached(
    raw: &RawScenario,
    segments: &[Segment],
    stages: &[Stage],
    paths: &[Path],
) -> Vec<Text> {
    let mut out = Vec::new();
    let has_stock = raw.initial_stock.as_ref().is_some_and(|s| s.count > 0);
    let returners = raw.arrivals.returners_per_month > 0.0
        || stages.iter().any(|s| {
            s.routes
                .iter()
                .any(|r| r.target == Target::Passive && r.weight > 0.0)
        });
    for (g, seg) in segments.iter().enumerate() {
        for (stream, present, share) in [
            (
                Stream::New,
                raw.arrivals.new_per_month > 0.0,
                seg.share_of_inflow,
            ),
            (Stream::Returner, returners, seg.share_of_inflow),
            (Stream::Stock, has_stock, seg.share_of_stock),
        ] {
            if !present || share <= 0.0 || stages.is_empty() {
                continue;
            }
            if !paths
                .iter()
                .any(|p| p.segments[g] && p.streams[stream.index()])
            {
                let (name, stream) = (&seg.name, stream.key());
                out.push(Text::new(
                    format!("ingen sti tager segment \"{name}\" i strømmen \"{stream}\": de forbliver passive, til de selv forlader ydelsen"),
                    format!("no path takes segment \"{name}\" in stream \"{stream}\": they stay passive until they leave benefit on their own"),
                ));
            }
        }
    }
    for s in stages {
        if s.capacity == Some(0) && s.schedule.iter().all(|step| step.capacity == Some(0)) {
            let name = &s.name;
            out.push(Text::new(
                format!("forløbet \"{name}\" har aldrig nogen pladser: borgere, der henvises dertil, venter, medmindre et alternativ (fallback) tager dem"),
                format!("stage \"{name}\" never has any places: citizens referred there wait unless a fallback applies"),
            ));
        }
    }
    out
}
