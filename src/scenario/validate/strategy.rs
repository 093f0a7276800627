//! `[effects]`, `[strategy]` and `[[strategies]]`: how effort changes the chance of leaving
//! benefit, and which citizens get early effort (catch-all, selection by screening, deadweight).

use super::checker::{check_name, one_of, Checker};
use super::MAX_MULTIPLIER;
use crate::model::{Effects, Segment, Strategy, StrategyKind};
use crate::scenario::error::FieldPath;
use crate::scenario::raw::{RawScenario, RawStrategy};

pub(super) fn effects(c: &mut Checker, raw: &RawScenario) -> Effects {
    let ef = FieldPath::default().key("effects");
    Effects {
        conversation_effect: c.range(
            &ef.key("conversation_effect"),
            raw.effects.conversation_effect,
            0.0,
            MAX_MULTIPLIER,
            "must be a hazard multiplier from 0 to 100 (1 = no effect, above 1 = faster exit)",
        ),
        // At 10 a week an effect has all but vanished after one week on benefit.
        decay_per_week: c.range(
            &ef.key("effect_decay_per_week"),
            raw.effects.effect_decay_per_week,
            0.0,
            10.0,
            "must be a rate from 0 to 10 per week (0 = effects do not fade)",
        ),
    }
}

/// The file's own `[strategy]`, if any, and the `[[strategies]]` to compare.
pub(super) fn strategies(
    c: &mut Checker,
    raw: &RawScenario,
    segments: &[Segment],
) -> (Option<Strategy>, Vec<Strategy>) {
    let root = FieldPath::default();
    let mut main = raw
        .strategy
        .as_ref()
        .map(|s| strategy(c, &root.key("strategy"), s, segments, true));
    segment_kinds(c, raw, segments, &mut main);
    // A built-in name means the pure strategy, and "scenario" the file as written (see
    // `kapacitet compare`), so the file's strategies may not take them.
    if let (Some(m), Some(name)) = (&main, raw.strategy.as_ref().and_then(|s| s.name.as_ref())) {
        if StrategyKind::from_key(&m.name).is_some() {
            c.problem(
                &root.key("strategy").key("name"),
                format!("\"{name}\" is the name of a built-in strategy; choose another, or leave name out"),
            );
        }
    }
    let mut strategies = Vec::new();
    for (i, s) in raw.strategies.iter().enumerate() {
        let p = root.key("strategies").index(i);
        let built = strategy(c, &p, s, segments, false);
        if StrategyKind::from_key(&built.name).is_some()
            || built.name == "scenario"
            || main.as_ref().is_some_and(|m| m.name == built.name)
            || strategies.iter().any(|o: &Strategy| o.name == built.name)
        {
            c.problem(
                &p.key("name"),
                format!(
                    "\"{}\" is already a strategy name; choose another",
                    built.name
                ),
            );
        }
        strategies.push(built);
    }
    (main, strategies)
}

/// `segments.NAME.strategy.kind`: the kind of the strategy in force for that segment. Without a
/// `[strategy]` the other segments have none, as in a scenario without strategy.
fn segment_kinds(
    c: &mut Checker,
    raw: &RawScenario,
    segments: &[Segment],
    main: &mut Option<Strategy>,
) {
    for (g, seg) in raw.segments.iter().enumerate() {
        let Some(own) = &seg.strategy else { continue };
        let p = FieldPath::default()
            .key("segments")
            .index(g)
            .key("strategy")
            .key("kind");
        let Some(kind) = kind_of(c, &p, &own.kind) else {
            continue;
        };
        if raw
            .strategy
            .as_ref()
            .is_some_and(|s| s.by_segment.contains_key(&seg.name))
        {
            c.problem(
                &p,
                format!(
                    "segment \"{}\" also has a kind in [strategy] by_segment; give it in one place",
                    seg.name
                ),
            );
        }
        let m = main.get_or_insert_with(|| {
            crate::strategy::build(
                "scenario",
                vec![StrategyKind::Unplanned; segments.len()],
                crate::strategy::DEFAULT_SWITCH_WEEK,
                crate::strategy::DEFAULT_SCREENING,
                crate::strategy::DEFAULT_SCREENING,
                None,
                segments,
            )
        });
        if g < m.kinds.len() {
            m.kinds[g] = kind;
        }
    }
}

/// The strategy kind `key` at `path`, or a problem naming the valid kinds.
fn kind_of(c: &mut Checker, path: &FieldPath, key: &str) -> Option<StrategyKind> {
    let found = StrategyKind::from_key(key);
    if found.is_none() {
        let valid: Vec<&str> = StrategyKind::IN_FILE.iter().map(|k| k.key()).collect();
        c.problem(
            path,
            format!("\"{key}\" is not a strategy; use {}", one_of(&valid)),
        );
    }
    found
}

/// `[strategy]` (`is_main`) or one of `[[strategies]]`, at `p`.
fn strategy(
    c: &mut Checker,
    p: &FieldPath,
    raw: &RawStrategy,
    segments: &[Segment],
    is_main: bool,
) -> Strategy {
    let kind = kind_of(c, &p.key("kind"), &raw.kind).unwrap_or(StrategyKind::CatchAll);
    let mut kinds = vec![kind; segments.len()];
    for (seg, k) in &raw.by_segment {
        let q = p.key("by_segment").key(seg);
        let k = kind_of(c, &q, k).unwrap_or(StrategyKind::CatchAll);
        match segments.iter().position(|s| &s.name == seg) {
            Some(g) => kinds[g] = k,
            None => c.problem(
                &q,
                format!(
                    "\"{seg}\" is not a segment; use {}",
                    one_of(&segments.iter().map(|s| s.name.as_str()).collect::<Vec<_>>())
                ),
            ),
        }
    }
    let name = match (&raw.name, is_main) {
        (Some(n), _) => {
            check_name(c, &p.key("name"), n);
            n.clone()
        }
        // Named apart from the built-ins, so `compare --strategy selection` always means the
        // pure strategy and `--strategy scenario` the file's own.
        (None, true) => "scenario".to_string(),
        (None, false) => {
            c.problem(
                &p.key("kind"),
                "a strategy in [[strategies]] needs a name, e.g. name = \"brøndby\"",
            );
            raw.kind.clone()
        }
    };
    let switch_week = c.range(
        &p.key("switch_week"),
        raw.switch_week,
        0.0,
        520.0,
        "must be a week from 0 to 520 (default 39)",
    );
    let share = |c: &mut Checker, key: &str, v: f64| {
        c.range(
            &p.key(key),
            v,
            0.0,
            1.0,
            "must be a probability from 0 to 1",
        )
    };
    let sensitivity = share(c, "sensitivity", raw.sensitivity);
    let specificity = share(c, "specificity", raw.specificity);
    let flag_cap = raw.flag_cap.map(|v| share(c, "flag_cap", v));
    crate::strategy::build(
        &name,
        kinds,
        switch_week,
        sensitivity,
        specificity,
        flag_cap,
        segments,
    )
}
