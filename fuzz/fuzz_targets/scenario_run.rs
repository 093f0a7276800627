//! Scenario bytes → load, validate, two short capped replications and every output rendered.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::scenario_run(data));
