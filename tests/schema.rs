//! `kapacitet schema` describes the scenario file as the parser reads it: every field of every
//! shipped scenario is in the schema with a matching type and allowed value, a misspelt field is
//! not, and the lists of allowed words are the ones the validator accepts.

mod common;

use serde_json::Value as Json;
use toml::Value as Toml;

fn schema() -> Json {
    let o = common::kapacitet(&["schema"]);
    common::assert_exit(&o, 0);
    serde_json::from_slice(&o.stdout).expect("the schema is JSON")
}

/// The schema of `node`, following `$ref` and the non-null branch of an optional (`anyOf`).
fn resolve<'a>(root: &'a Json, node: &'a Json) -> &'a Json {
    if let Some(r) = node.get("$ref").and_then(Json::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return resolve(root, &root["$defs"][name]);
    }
    if let Some(options) = node.get("anyOf").and_then(Json::as_array) {
        if let Some(o) = options
            .iter()
            .find(|o| o.get("type") != Some(&Json::from("null")))
        {
            return resolve(root, o);
        }
    }
    node
}

fn types(node: &Json) -> Vec<String> {
    match node.get("type") {
        Some(Json::String(t)) => vec![t.clone()],
        Some(Json::Array(ts)) => ts
            .iter()
            .filter_map(|t| t.as_str().map(String::from))
            .collect(),
        _ => Vec::new(),
    }
}

/// Problems with `value` against `node`, by path. Internally tagged enums (distributions) are
/// matched on their tag.
fn check(root: &Json, node: &Json, value: &Toml, at: &str, out: &mut Vec<String>) {
    let node = resolve(root, node);
    if let Some(variants) = node.get("oneOf").and_then(Json::as_array) {
        let tag = value.get("dist").and_then(Toml::as_str).unwrap_or("");
        match variants
            .iter()
            .find(|v| v["properties"]["dist"]["const"] == tag)
        {
            Some(v) => return check(root, v, value, at, out),
            None => return out.push(format!("{at}: no variant \"{tag}\"")),
        }
    }
    let ok = |t: &str| types(node).is_empty() || types(node).iter().any(|x| x == t);
    match value {
        Toml::Table(t) => {
            if !ok("object") {
                out.push(format!(
                    "{at}: a table where the schema says {:?}",
                    types(node)
                ));
            }
            let props = node.get("properties");
            for (k, v) in t {
                match props.and_then(|p| p.get(k)) {
                    Some(p) => check(root, p, v, &format!("{at}.{k}"), out),
                    None if node.get("additionalProperties") == Some(&Json::Bool(false)) => {
                        out.push(format!("{at}.{k}: not in the schema"))
                    }
                    None => {}
                }
            }
        }
        Toml::Array(items) => {
            if !ok("array") {
                out.push(format!(
                    "{at}: a list where the schema says {:?}",
                    types(node)
                ));
            }
            for (i, v) in items.iter().enumerate() {
                check(root, &node["items"], v, &format!("{at}[{i}]"), out);
            }
        }
        Toml::String(s) => {
            if !ok("string") {
                out.push(format!(
                    "{at}: text where the schema says {:?}",
                    types(node)
                ));
            }
            if let Some(allowed) = node.get("enum").and_then(Json::as_array) {
                if !allowed.contains(&Json::from(s.as_str())) {
                    out.push(format!("{at}: \"{s}\" is not in {allowed:?}"));
                }
            }
        }
        Toml::Integer(_) => {
            if !(ok("integer") || ok("number")) {
                out.push(format!(
                    "{at}: a number where the schema says {:?}",
                    types(node)
                ));
            }
        }
        Toml::Float(_) => {
            if !ok("number") {
                out.push(format!(
                    "{at}: a number where the schema says {:?}",
                    types(node)
                ));
            }
        }
        Toml::Boolean(_) => {
            if !ok("boolean") {
                out.push(format!(
                    "{at}: true/false where the schema says {:?}",
                    types(node)
                ));
            }
        }
        Toml::Datetime(_) => out.push(format!("{at}: a bare date")),
    }
}

#[test]
fn every_shipped_scenario_fits_the_schema() {
    let root = schema();
    assert_eq!(root["title"], "kapacitet scenario");
    let files = common::shipped_scenarios();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read");
        let value: Toml = toml::from_str(&text).expect("TOML");
        let mut problems = Vec::new();
        check(&root, &root, &value, "", &mut problems);
        assert!(problems.is_empty(), "{path}: {problems:#?}");
    }
    assert!(files.len() >= 10);
}

#[test]
fn a_misspelt_field_and_a_wrong_word_do_not_fit() {
    let root = schema();
    let text = common::variant("capacity = 4", "capacty = 4")
        .replace("intake = \"continuous\"", "intake = \"daily\"");
    let value: Toml = toml::from_str(&text).expect("TOML");
    let mut problems = Vec::new();
    check(&root, &root, &value, "", &mut problems);
    let text = problems.join("\n");
    assert!(
        text.contains(".stages[0].capacty: not in the schema"),
        "{text}"
    );
    assert!(text.contains("\"daily\" is not in"), "{text}");
}

#[test]
fn the_schemas_word_lists_are_the_validators() {
    let root = schema();
    let words = |def: &str, field: &str| -> Vec<String> {
        root["$defs"][def]["properties"][field]["enum"]
            .as_array()
            .expect("enum")
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    let kinds: Vec<String> = kapacitet::model::StageKind::ALL
        .iter()
        .map(|k| k.key().to_string())
        .collect();
    assert_eq!(words("RawStage", "kind"), kinds);
    let strategies: Vec<String> = kapacitet::model::StrategyKind::IN_FILE
        .iter()
        .map(|k| k.key().to_string())
        .collect();
    assert_eq!(words("RawStrategy", "kind"), strategies);
    assert_eq!(words("RawSegmentStrategy", "kind"), strategies);
}
