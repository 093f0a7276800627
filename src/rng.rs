//! Random streams. Every stream is a named generator, Xoshiro256++ from `rand_xoshiro`, seeded
//! through SplitMix64, so results depend on this crate's choice and not on which generator a
//! `rand` release calls "small". A golden test (tests/golden.rs) pins the first figures of a
//! replication: a dependency update that changed the draws would fail it.

use rand::SeedableRng;

/// The generator behind every random stream of a replication.
pub type Stream = rand_xoshiro::Xoshiro256PlusPlus;

/// A stream seeded from one 64-bit number (SplitMix64 expands it to the generator's state).
pub fn stream(seed: u64) -> Stream {
    Stream::seed_from_u64(seed)
}

/// SplitMix64: turns (seed, index) into well-spread seeds for independent streams.
pub fn mix_seed(seed: u64, index: u64) -> u64 {
    let mut z = seed ^ index.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Seed of replication `r` of a run with base seed `seed`.
pub fn replication_seed(seed: u64, r: u32) -> u64 {
    mix_seed(seed, u64::from(r) + 1)
}
