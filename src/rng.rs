//! Random streams. Every stream is a named generator, Xoshiro256++ (Blackman and Vigna), seeded
//! through SplitMix64, so results depend on this crate's choice and not on which generator a
//! `rand` release calls "small". A golden test (tests/golden.rs) pins the first figures of a
//! replication: a change that moved the draws would fail it.
//!
//! The generator is written out here rather than taken from `rand_xoshiro`, whose
//! `Xoshiro256PlusPlus` it reproduces draw for draw (tests check both the reference outputs and
//! the library): every citizen gets a stream of their own, and the library seeds one through a
//! generic byte-filling path that cost more than all of a short stay's other draws.

use rand::rand_core::impls::fill_bytes_via_next;
use rand::{RngCore, SeedableRng};

/// The generator behind every random stream of a replication: Xoshiro256++.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    s: [u64; 4],
}

impl RngCore for Stream {
    #[inline]
    fn next_u32(&mut self) -> u32 {
        // The lowest bits have some linear dependencies: use the upper ones (as the library).
        (self.next_u64() >> 32) as u32
    }

    #[inline]
    fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[0].wrapping_add(s[3]).rotate_left(23).wrapping_add(s[0]);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    fn fill_bytes(&mut self, dest: &mut [u8]) {
        fill_bytes_via_next(self, dest);
    }
}

impl SeedableRng for Stream {
    type Seed = [u8; 32];

    /// The state from 32 little-endian bytes; all zero (a state the generator cannot leave)
    /// becomes `seed_from_u64(0)`.
    fn from_seed(seed: [u8; 32]) -> Stream {
        if seed == [0; 32] {
            return Stream::seed_from_u64(0);
        }
        let mut s = [0u64; 4];
        for (word, chunk) in s.iter_mut().zip(seed.chunks_exact(8)) {
            let mut bytes = [0u8; 8];
            bytes.copy_from_slice(chunk);
            *word = u64::from_le_bytes(bytes);
        }
        Stream { s }
    }

    /// Four SplitMix64 outputs from `seed` are the state. The state is never all zero (which
    /// the generator could not leave): the SplitMix64 finaliser is a bijection and the four
    /// inputs differ, so at most one of the words is zero.
    ///
    /// Inlined, as every citizen seeds a stream as they arrive: on its own the function's four
    /// words are stored side by side, which invites the compiler to compute them two at a time
    /// in vector registers, where a 64-bit multiplication takes a dozen instructions.
    #[inline]
    fn seed_from_u64(seed: u64) -> Stream {
        let mut x = seed;
        let mut next = || {
            x = x.wrapping_add(GOLDEN_GAMMA);
            finalise(x)
        };
        Stream {
            s: [next(), next(), next(), next()],
        }
    }
}

/// SplitMix64's increment.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function (a bijection of 64-bit words).
#[inline]
fn finalise(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stream seeded from one 64-bit number (SplitMix64 expands it to the generator's state).
#[inline]
pub fn stream(seed: u64) -> Stream {
    Stream::seed_from_u64(seed)
}

/// SplitMix64: turns (seed, index) into well-spread seeds for independent streams.
#[inline]
pub fn mix_seed(seed: u64, index: u64) -> u64 {
    finalise((seed ^ index.wrapping_mul(GOLDEN_GAMMA)).wrapping_add(GOLDEN_GAMMA))
}

/// Seed of replication `r` of a run with base seed `seed`.
pub fn replication_seed(seed: u64, r: u32) -> u64 {
    mix_seed(seed, u64::from(r) + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    /// The reference outputs of xoshiro256++ for the state 1, 2, 3, 4 (from the authors' C
    /// code, as quoted by `rand_xoshiro`'s own test).
    #[test]
    fn reproduces_the_reference_outputs() {
        let mut seed = [0u8; 32];
        for (i, chunk) in seed.chunks_exact_mut(8).enumerate() {
            chunk[0] = i as u8 + 1;
        }
        let mut rng = Stream::from_seed(seed);
        let expected: [u64; 10] = [
            41943041,
            58720359,
            3588806011781223,
            3591011842654386,
            9228616714210784205,
            9973669472204895162,
            14011001112246962877,
            12406186145184390807,
            15849039046786891736,
            10450023813501588000,
        ];
        for want in expected {
            assert_eq!(rng.next_u64(), want);
        }
    }

    #[test]
    fn draws_as_the_library_generator_does() {
        // This seed makes the first SplitMix64 input, and so the first word of the state, zero.
        let zero_word = 0u64.wrapping_sub(GOLDEN_GAMMA);
        assert_eq!(stream(zero_word).s[0], 0);
        for seed in [0, 1, 7, u64::MAX, GOLDEN_GAMMA, mix_seed(3, 4), zero_word] {
            let mut a = stream(seed);
            let mut b = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
            for _ in 0..20 {
                assert_eq!(a.next_u64(), b.next_u64(), "seed {seed}");
                assert_eq!(a.next_u32(), b.next_u32(), "seed {seed}");
                assert_eq!(
                    a.random::<f64>().to_bits(),
                    b.random::<f64>().to_bits(),
                    "seed {seed}"
                );
            }
            let (mut x, mut y) = ([0u8; 13], [0u8; 13]);
            a.fill_bytes(&mut x);
            b.fill_bytes(&mut y);
            assert_eq!(x, y);
        }
        let zero = [0u8; 32];
        let (mut a, mut b) = (
            Stream::from_seed(zero),
            rand_xoshiro::Xoshiro256PlusPlus::from_seed(zero),
        );
        assert_eq!(a.next_u64(), b.next_u64());
    }
}
