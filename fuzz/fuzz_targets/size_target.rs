//! Text → the target parser of `kapacitet size` (and the other text arguments).
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::size_target(data));
