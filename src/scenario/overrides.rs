//! Scenario overrides: `--set PATH=VALUE` changes one field of a scenario by its TOML path
//! (`stages.virksomhedscenter.capacity=80`, `staff.sagsbehandlere.fte=6`,
//! `arrivals.new_per_month=300`). Entries of `[[stages]]`, `[[segments]]`, `[[paths]]`,
//! `[[strategies]]` and `[[staff]]` are named by their `name` (or `role`), or by their position
//! from 0 (`#0`, or plain `0` when no entry is called that); `*` names every entry. Overrides change the parsed file before it is read into the
//! raw scenario, so the value meets the same deserialisation and the same validator as the file,
//! and a problem with it is reported against the override, not a line of the file. Every
//! command that changes a scenario (compare's variants, size's candidates, sweeps) goes through
//! here.

use toml::{Table, Value};

use super::error::FieldPath;

/// One change to a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// Dotted path, as written.
    pub path: String,
    pub value: Value,
    /// Where it came from, for messages: "--set #2", "--vary", "size", or where a sweep plan
    /// writes the path ("plan.toml:5:1").
    pub origin: String,
    /// Where the value itself is written, when not with the path (one value of a sweep plan's
    /// `values = [...]`): problems with the value are blamed there, problems with the path at
    /// `origin`.
    pub value_origin: Option<String>,
}

impl Override {
    pub fn new(path: impl Into<String>, value: Value, origin: impl Into<String>) -> Override {
        Override {
            path: path.into(),
            value,
            origin: origin.into(),
            value_origin: None,
        }
    }

    /// The same override, its value written at `origin` ("plan.toml:8:3").
    pub fn value_at(mut self, origin: impl Into<String>) -> Override {
        self.value_origin = Some(origin.into());
        self
    }

    /// Where a problem with the value is blamed: its own place if known, else the override's.
    pub fn value_origin(&self) -> &str {
        self.value_origin.as_deref().unwrap_or(&self.origin)
    }

    /// Whether a deserialisation `message` is about the path rather than the value: an unknown
    /// field that the path names (`stages.server.capacityy`), not one inside the value (an
    /// inline table's `{ meen = 1 }`).
    pub fn path_is_blamed(&self, message: &str) -> bool {
        message
            .strip_prefix("unknown field `")
            .and_then(|rest| rest.split('`').next())
            .is_some_and(|field| self.path.split('.').any(|step| step.trim() == field))
    }

    /// `PATH=VALUE` from the command line. VALUE is read as a TOML value (`80`, `0.5`, `true`,
    /// `[1, 2]`, `"text"`, `{ dist = "fixed", value = 3 }`); anything else, such as
    /// `selection` or `2011-03-01`, is taken as text.
    pub fn parse(text: &str, origin: impl Into<String>) -> Result<Override, String> {
        let origin = origin.into();
        let Some((path, value)) = text.split_once('=') else {
            return Err(format!(
                "{origin}: \"{text}\" needs the form PATH=VALUE, e.g. stages.virksomhedscenter.capacity=80"
            ));
        };
        let path = path.trim();
        if path.is_empty() || path.split('.').any(|s| s.trim().is_empty()) {
            return Err(format!(
                "{origin}: \"{path}\" is not a field path; write the names from the scenario file joined by dots, e.g. arrivals.new_per_month"
            ));
        }
        Ok(Override::new(path, parse_value(value.trim()), origin))
    }

    /// "PATH=VALUE", as a user would write it.
    pub fn text(&self) -> String {
        let value = match &self.value {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        format!("{}={value}", self.path)
    }
}

/// A value as TOML reads it, or else as text.
pub fn parse_value(text: &str) -> Value {
    match toml::from_str::<Table>(&format!("v = {text}")) {
        Ok(mut t) => match t.remove("v") {
            // A date is a date in TOML, but scenario dates are text ("2011-03-01").
            Some(Value::Datetime(d)) => Value::String(d.to_string()),
            Some(v) => v,
            None => Value::String(text.to_string()),
        },
        Err(_) => Value::String(text.trim_matches('"').to_string()),
    }
}

/// What arrays of tables call their entries, and the field that names them.
fn entry_words(array: &str) -> (&'static str, &'static str) {
    match array {
        "stages" => ("stage", "name"),
        "segments" => ("segment", "name"),
        "paths" => ("path", "name"),
        "strategies" => ("strategy", "name"),
        "staff" => ("staff role", "role"),
        _ => ("entry", "name"),
    }
}

/// Apply `o` to the parsed file; returns the field path(s) it set, with positions for array
/// entries (`stages[2].capacity`), for matching the validator's problems to the override.
pub fn apply(root: &mut Table, o: &Override) -> Result<Vec<FieldPath>, String> {
    let steps: Vec<&str> = o.path.split('.').map(str::trim).collect();
    let mut out = Vec::new();
    set(root, &steps, &o.value, FieldPath::default(), &mut out)?;
    Ok(out)
}

fn set(
    table: &mut Table,
    steps: &[&str],
    value: &Value,
    at: FieldPath,
    out: &mut Vec<FieldPath>,
) -> Result<(), String> {
    let (key, rest) = (steps[0], &steps[1..]);
    let here = at.key(key);
    if rest.is_empty() {
        table.insert(key.to_string(), value.clone());
        out.push(here);
        return Ok(());
    }
    // A missing table on the way is created: `deadlines.first_offer_days_30plus` works in a
    // file without [deadlines]. A name that is not a field is refused by deserialisation.
    let next = table
        .entry(key.to_string())
        .or_insert_with(|| Value::Table(Table::new()));
    match next {
        Value::Table(t) => set(t, rest, value, here, out),
        Value::Array(entries) => {
            let (word, name_key) = entry_words(key);
            let chosen = choose(entries, rest[0], name_key).map_err(|known| {
                let listed = if known.is_empty() {
                    format!("the scenario has no {word} entries")
                } else {
                    format!("use one of {}", known.join(", "))
                };
                format!(
                    "no {word} \"{}\" in `{key}`; {listed} (or its position from 0, or * for all)",
                    rest[0]
                )
            })?;
            if rest.len() == 1 {
                for i in chosen {
                    entries[i] = value.clone();
                    out.push(here.index(i));
                }
                return Ok(());
            }
            for i in chosen {
                match &mut entries[i] {
                    Value::Table(t) => set(t, &rest[1..], value, here.index(i), out)?,
                    _ => {
                        return Err(format!(
                            "`{}` is a value in a list, not a table with fields",
                            here.index(i)
                        ))
                    }
                }
            }
            Ok(())
        }
        _ => Err(format!(
            "`{here}` is a value, not a table; `{}` cannot be set inside it",
            rest.join(".")
        )),
    }
}

/// Positions of the entries `name` picks: by name, by position (`#2`, or `2` when no entry has
/// that name), or `*` for all. On failure, the names that exist.
fn choose(entries: &[Value], name: &str, name_key: &str) -> Result<Vec<usize>, Vec<String>> {
    if name == "*" {
        return Ok((0..entries.len()).collect());
    }
    if let Some(i) = name.strip_prefix('#').and_then(|n| n.parse::<usize>().ok()) {
        return if i < entries.len() {
            Ok(vec![i])
        } else {
            Err((0..entries.len()).map(|i| format!("#{i}")).collect())
        };
    }
    let names: Vec<Option<&str>> = entries
        .iter()
        .map(|e| e.get(name_key).and_then(Value::as_str))
        .collect();
    if let Some(i) = names.iter().position(|n| *n == Some(name)) {
        return Ok(vec![i]);
    }
    if let Ok(i) = name.parse::<usize>() {
        if i < entries.len() {
            return Ok(vec![i]);
        }
    }
    Err(names
        .iter()
        .enumerate()
        .map(|(i, n)| n.map_or(i.to_string(), |n| format!("\"{n}\"")))
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(text: &str) -> Table {
        toml::from_str(text).expect("toml")
    }

    #[test]
    fn an_unknown_field_the_path_names_is_the_paths_fault_anything_else_the_values() {
        let o = Override::new(
            "stages.server.capacityy",
            Value::Integer(4),
            "plan.toml:5:8",
        )
        .value_at("plan.toml:6:11");
        assert!(o.path_is_blamed("unknown field `capacityy`, expected one of `name`"));
        assert!(!o.path_is_blamed("invalid type: string \"x\", expected u32"));
        assert_eq!(o.value_origin(), "plan.toml:6:11");
        let o = Override::new("stages.server.duration", Value::Integer(1), "--set #1");
        assert!(!o.path_is_blamed("unknown field `meen`, expected `mean`"));
        assert_eq!(o.value_origin(), "--set #1");
    }

    #[test]
    fn values_read_as_toml_or_as_text() {
        assert_eq!(parse_value("80"), Value::Integer(80));
        assert_eq!(parse_value("0.5"), Value::Float(0.5));
        assert_eq!(parse_value("selection"), Value::String("selection".into()));
        assert_eq!(
            parse_value("\"catch-all\""),
            Value::String("catch-all".into())
        );
        assert_eq!(
            parse_value("2011-03-01"),
            Value::String("2011-03-01".into())
        );
        assert!(matches!(parse_value("[1, 2]"), Value::Array(_)));
    }

    #[test]
    fn entries_by_name_position_or_all() {
        let mut t = table("[[stages]]\nname = \"a\"\n[[stages]]\nname = \"b\"\n");
        let o = Override::parse("stages.b.capacity=8", "--set #1").unwrap();
        assert_eq!(
            apply(&mut t, &o).unwrap()[0].to_string(),
            "stages[1].capacity"
        );
        let o = Override::parse("stages.0.capacity=3", "--set #2").unwrap();
        apply(&mut t, &o).unwrap();
        let o = Override::parse("stages.*.lockin=0.5", "--set #3").unwrap();
        assert_eq!(apply(&mut t, &o).unwrap().len(), 2);
        assert_eq!(t["stages"][0]["capacity"].as_integer(), Some(3));
        assert_eq!(t["stages"][1]["lockin"].as_float(), Some(0.5));
    }

    #[test]
    fn unknown_entries_name_the_ones_that_exist() {
        let mut t = table("[[staff]]\nrole = \"a\"\n");
        let o = Override::parse("staff.b.fte=2", "--set #1").unwrap();
        let e = apply(&mut t, &o).unwrap_err();
        assert!(e.contains("no staff role \"b\""), "{e}");
        assert!(e.contains("\"a\""), "{e}");
    }

    #[test]
    fn missing_tables_are_created() {
        let mut t = table("x = 1\n");
        let o = Override::parse("deadlines.first_offer_days_30plus=200", "--set #1").unwrap();
        apply(&mut t, &o).unwrap();
        assert_eq!(
            t["deadlines"]["first_offer_days_30plus"].as_integer(),
            Some(200)
        );
    }
}
