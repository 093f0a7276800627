//! Random streams. Every stream is a named generator, Xoshiro256++ from `rand_xoshiro`, seeded
//! through SplitMix64, so results depend on this crate's choice and not on which generator a
//! `rand` release calls "small". A golden test (tests/golden.rs) pins the first figures of a
//! replication: a dependency update that changed the draws would fail it.

use rand::SeedableRng;

/// The generator behind every random stream of a replication.
pub type Stream = rand_xoshiro::Xoshiro256PlusPlus;

/// A stream seeded from one 64-bit number (SplitMix64 expands it to the generator's state).
///
/// Exactly `Stream::seed_from_u64(seed)`, which `rand_xoshiro` implements by filling a byte
/// array from SplitMix64 through the generic byte-filling path; every citizen gets a stream,
/// so the four outputs are computed here directly (a golden test pins the result).
pub fn stream(seed: u64) -> Stream {
    let mut x = seed;
    let mut next = || {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let state = [next(), next(), next(), next()];
    if state == [0; 4] {
        // The library's special case for an all-zero state.
        return Stream::seed_from_u64(seed);
    }
    let mut bytes = [0u8; 32];
    for (chunk, word) in bytes.chunks_exact_mut(8).zip(state) {
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    Stream::from_seed(bytes)
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

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngCore;

    #[test]
    fn streams_are_the_library_s() {
        for seed in [0, 1, 7, u64::MAX, 0x9E37_79B9_7F4A_7C15, mix_seed(3, 4)] {
            let (mut a, mut b) = (stream(seed), Stream::seed_from_u64(seed));
            for _ in 0..5 {
                assert_eq!(a.next_u64(), b.next_u64(), "seed {seed}");
            }
        }
    }
}
