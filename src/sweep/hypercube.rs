//! Latin hypercube samples: `n` points over `d` continuous ranges such that each range, cut into
//! `n` equal strata, has exactly one point in every stratum. With few points this covers every
//! range evenly, which a random sample does not. Deterministic from its seed, with this crate's
//! own generator (see [`crate::rng`]), so a plan always expands to the same points.

use rand::Rng;

use crate::rng;

/// `n` points in the unit cube `[0, 1)^d`, as `n` rows of `d` coordinates.
pub fn unit_sample(n: usize, d: usize, seed: u64) -> Vec<Vec<f64>> {
    let mut rows = vec![vec![0.0; d]; n];
    for j in 0..d {
        // One stream per coordinate, so adding a range does not move the others' samples.
        let mut stream = rng::stream(rng::mix_seed(seed, 0x4C48_5300 + j as u64));
        let mut strata: Vec<usize> = (0..n).collect();
        // Fisher–Yates, drawn from the front so the permutation is fixed by the seed alone.
        for i in (1..n).rev() {
            let k = stream.random_range(0..=i);
            strata.swap(i, k);
        }
        for (row, stratum) in rows.iter_mut().zip(strata) {
            let u: f64 = stream.random();
            row[j] = (stratum as f64 + u) / n as f64;
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stratum_of_every_coordinate_holds_one_point() {
        let n = 17;
        let rows = unit_sample(n, 3, 42);
        assert_eq!(rows.len(), n);
        for j in 0..3 {
            let mut strata: Vec<usize> = rows.iter().map(|r| (r[j] * n as f64) as usize).collect();
            strata.sort();
            assert_eq!(strata, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_sample() {
        assert_eq!(unit_sample(5, 2, 1), unit_sample(5, 2, 1));
        assert_ne!(unit_sample(5, 2, 1), unit_sample(5, 2, 2));
    }
}
