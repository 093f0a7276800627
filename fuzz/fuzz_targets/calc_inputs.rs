//! Bytes → the inputs of `kapacitet calc`, as flags or a file: validate, compute, render.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::calc_inputs(data));
