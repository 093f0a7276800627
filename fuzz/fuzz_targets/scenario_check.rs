//! Scenario bytes → load and validate: no panic, and every problem worded and located.
#![no_main]

#[path = "../harness.rs"]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::scenario_check(data));

// Half the mutations replace a value of the scenario (harness::mutate_value), half are
// libFuzzer's own byte mutations.
libfuzzer_sys::fuzz_mutator!(|data: &mut [u8], size: usize, max_size: usize, seed: u32| {
    if seed % 2 == 0 {
        if let Some(n) = harness::mutate_value(data, size, max_size, seed) {
            return n;
        }
    }
    libfuzzer_sys::fuzzer_mutate(data, size, max_size)
});
