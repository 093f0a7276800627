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
    let main = raw
        .strategy
        .as_ref()
        .map(|s| strategy(c, &root.key("strategy"), s, segments, true));
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

/// `[strategy]` (`is_main`) or one of `[[strategies]]`, at `p`.
fn strategy(
    c: &mut Checker,
    p: &FieldPath,
    raw: &RawStrategy,
    segments: &[Segment],
    is_main: bool,
) -> Strategy {
    let kinds_valid: Vec<&str> = StrategyKind::ALL.iter().map(|k| k.key()).collect();
    let kind_of = |c: &mut Checker, path: &FieldPath, key: &str| {
        StrategyKind::from_key(key).unwrap_or_else(|| {
            c.problem(
                path,
                format!("\"{key}\" is not a strategy; use {}", one_of(&kinds_valid)),
            );
            StrategyKind::CatchAll
        })
    };
    let kind = kind_of(c, &p.key("kind"), &raw.kind);
    let mut kinds = vec![kind; segments.len()];
    for (seg, k) in &raw.by_segment {
        let q = p.key("by_segment").key(seg);
        let k = kind_of(c, &q, k);
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
