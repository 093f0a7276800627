//! The columns of a comparison, and what differs in each: strategies on one scenario (the
//! built-in kinds, the file's named strategies, or the scenario as written), or scenarios side
//! by side (further files, and variants of the first made with overrides). Every column says
//! what sets it apart, so a reader sees why a column needs more staff or waits longer.

use std::collections::BTreeMap;

use toml::Value;

use crate::export::text::num;
use crate::figures::Lang;
use crate::lang::Text;
use crate::model::{Model, Strategy, StrategyKind};
use crate::scenario::{Override, Scenario, ScenarioError};

/// One column: a name, the model it runs, and what sets it apart.
#[derive(Debug, Clone)]
pub struct Column {
    pub name: String,
    pub model: Model,
    /// In words: the strategy it runs, or the settings that differ from the first column.
    pub differs: Vec<Text>,
}

/// The name `compare` gives the scenario as written: its file's name.
pub fn written_name(scenario: &Scenario) -> String {
    std::path::Path::new(&scenario.source.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".to_string())
        .replace(" (embedded)", "")
}

/// Each strategy in force on `model`, in order.
pub fn of_strategies(model: &Model, strategies: &[Strategy]) -> Vec<Column> {
    strategies
        .iter()
        .map(|s| {
            let mut m = model.clone();
            m.strategy = Some(s.clone());
            Column {
                name: s.name.clone(),
                differs: vec![describe(&m)],
                model: m,
            }
        })
        .collect()
}

/// The columns `--strategy` names: a built-in kind, a strategy of the file, or the scenario as
/// written (`scenario`, or the file's name), which keeps the file's own strategy or none.
pub fn strategy_columns(scenario: &Scenario, names: &[String]) -> Result<Vec<Column>, String> {
    let model = &scenario.model;
    let written = written_name(scenario);
    names
        .iter()
        .map(|n| {
            if *n == written || (n == "scenario" && !model.strategies.iter().any(|s| s.name == *n))
            {
                return Ok(Column {
                    name: written.clone(),
                    differs: vec![describe(model)],
                    model: model.clone(),
                });
            }
            let s = super::resolve(model, std::slice::from_ref(n)).map_err(|e| {
                format!("{e}, or \"scenario\" (or \"{written}\") for the scenario as written")
            })?;
            Ok(of_strategies(model, &s).remove(0))
        })
        .collect()
}

/// Scenarios side by side: the first as written, the further files, then variants of the first
/// (each a label and its overrides). Each column after the first lists the settings that differ.
pub fn scenario_columns(
    first: &Scenario,
    others: &[Scenario],
    variants: &[(String, Vec<Override>)],
) -> Result<Vec<Column>, ScenarioError> {
    let base = flatten(&first.table());
    let mut columns = vec![Column {
        name: written_name(first),
        model: first.model.clone(),
        differs: Vec::new(),
    }];
    for s in others {
        columns.push(Column {
            name: written_name(s),
            differs: differences(&base, &flatten(&s.table())),
            model: s.model.clone(),
        });
    }
    for (label, overrides) in variants {
        let v = first.extended(overrides)?;
        columns.push(Column {
            name: label.clone(),
            differs: differences(&base, &flatten(&v.table())),
            model: v.model,
        });
    }
    Ok(columns)
}

/// What a model's strategy does, in a sentence.
pub fn describe(m: &Model) -> Text {
    Text::by(|lang| describe_in(m, lang))
}

fn describe_in(m: &Model, lang: Lang) -> String {
    let n = |v: f64, d: usize| num(v, d, lang);
    let plan = &m.contact_plan;
    let Some(s) = &m.strategy else {
        let share = n(plan.intensive_share * 100.0, 0);
        return match lang {
            Lang::Da => format!("ingen strategi: {share} % på den intensive kontaktplan, valgt tilfældigt (contact_plan.intensive_share); alle ind på stien med det samme"),
            Lang::En => format!("no strategy: {share} % on the intensive contact plan, chosen at random (contact_plan.intensive_share); everyone onto the path at once"),
        };
    };
    let week = n(s.switch_days / 7.0, 0);
    let (intensive, standard) = (n(plan.intensive_per_year, 0), n(plan.standard_per_year, 0));
    let (sens, spec) = (n(s.sensitivity, 2), n(s.specificity, 2));
    let kind = |k: StrategyKind| {
        match (k, lang) {
        (StrategyKind::CatchAll, Lang::Da) => format!("catch-all: alle på den intensive kontaktplan ({intensive} samtaler om året) og ind på stien fra uge 0"),
        (StrategyKind::CatchAll, Lang::En) => format!("catch-all: everyone on the intensive contact plan ({intensive} conversations a year) and onto the path from week 0"),
        (StrategyKind::Selection, Lang::Da) => format!("selection: screening ved start (sensitivitet {sens}, specificitet {spec}); udpegede intensivt fra uge 0, de øvrige minimum ({standard} samtaler om året) til uge {week}"),
        (StrategyKind::Selection, Lang::En) => format!("selection: screening at the start (sensitivity {sens}, specificity {spec}); those flagged intensive from week 0, the others the minimum ({standard} conversations a year) until week {week}"),
        (StrategyKind::Deadweight, Lang::Da) => format!("deadweight: minimum ({standard} samtaler om året) for alle til uge {week}, derefter intensivt"),
        (StrategyKind::Deadweight, Lang::En) => format!("deadweight: the minimum ({standard} conversations a year) for everyone until week {week}, then intensive"),
        (StrategyKind::Unplanned, Lang::Da) => format!("ingen strategi: {} % på den intensive kontaktplan, valgt tilfældigt; ind på stien med det samme", n(plan.intensive_share * 100.0, 0)),
        (StrategyKind::Unplanned, Lang::En) => format!("no strategy: {} % on the intensive contact plan, chosen at random; onto the path at once", n(plan.intensive_share * 100.0, 0)),
    }
    };
    if s.kinds.windows(2).all(|w| w[0] == w[1]) {
        return kind(s.kinds[0]);
    }
    let parts: Vec<String> = m
        .segments
        .iter()
        .zip(&s.kinds)
        .map(|(g, &k)| format!("{}: {}", g.name, kind(k)))
        .collect();
    parts.join("; ")
}

/// Every setting of a parsed scenario by its path, entries of tables named by their name.
fn flatten(table: &toml::Table) -> BTreeMap<String, String> {
    fn walk(path: &str, v: &Value, out: &mut BTreeMap<String, String>) {
        match v {
            Value::Table(t) => {
                for (k, v) in t {
                    walk(&join(path, k), v, out);
                }
            }
            Value::Array(items) if items.iter().all(Value::is_table) && !items.is_empty() => {
                for (i, item) in items.iter().enumerate() {
                    let name = ["name", "role"]
                        .iter()
                        .find_map(|k| item.get(*k).and_then(Value::as_str))
                        .map_or(format!("#{i}"), str::to_string);
                    walk(&join(path, &name), item, out);
                }
            }
            other => {
                out.insert(path.to_string(), other.to_string());
            }
        }
    }
    fn join(path: &str, key: &str) -> String {
        if path.is_empty() {
            key.to_string()
        } else {
            format!("{path}.{key}")
        }
    }
    let mut out = BTreeMap::new();
    walk("", &Value::Table(table.clone()), &mut out);
    // Names and descriptions are for people; they change no figure.
    out.retain(|k, _| k != "scenario.name" && k != "scenario.description");
    out
}

/// "path: a → b" for every setting that differs ("–" where one side does not have it).
fn differences(a: &BTreeMap<String, String>, b: &BTreeMap<String, String>) -> Vec<Text> {
    let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    keys.into_iter()
        .filter(|k| a.get(*k) != b.get(*k))
        .map(|k| {
            let show =
                |m: &BTreeMap<String, String>| m.get(k).map_or("–", String::as_str).to_string();
            Text::same(format!("{k}: {} → {}", show(a), show(b)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_the_settings_by_path() {
        let a: toml::Table =
            toml::from_str("[scenario]\nname = \"a\"\n[[stages]]\nname = \"vc\"\ncapacity = 86\n")
                .unwrap();
        let b: toml::Table = toml::from_str(
            "[scenario]\nname = \"b\"\n[[stages]]\nname = \"vc\"\ncapacity = 120\nlockin = 0.5\n",
        )
        .unwrap();
        let found: Vec<String> = differences(&flatten(&a), &flatten(&b))
            .into_iter()
            .map(|t| t.en)
            .collect();
        assert_eq!(
            found,
            ["stages.vc.capacity: 86 → 120", "stages.vc.lockin: – → 0.5"]
        );
        assert!(differences(&flatten(&a), &flatten(&a)).is_empty());
    }
}
