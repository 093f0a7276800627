//! Scenario bytes → load and validate: no panic, and every problem worded and located.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::scenario_check(data));
