//! A JSON Schema of the scenario file, generated from the raw types, so an editor that reads
//! schemas for TOML (Even Better TOML / taplo, with `#:schema kapacitet.schema.json` on the first
//! line) completes field names and checks types and enums while a planner types.

use super::raw::RawScenario;

/// The schema as pretty JSON, ending in a newline.
pub fn json() -> String {
    let schema = schemars::schema_for!(RawScenario);
    let text =
        serde_json::to_string_pretty(&schema).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text + "\n"
}
