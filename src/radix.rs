//! Sorting of day counts (waits, times in queue) by radix: a replication has tens of thousands
//! of them, and sorting them by comparison cost more than the rest of its summary.

/// Sort waits (day counts, never negative) in the order of `f64::total_cmp`. A replication has
/// tens of thousands of waits, many of them exactly zero: those are counted rather than sorted,
/// and the rest are sorted as integers (the bits of non-negative numbers order like the
/// numbers), by radix.
pub fn sort_times(v: &mut [f64]) {
    if v.iter().any(|x| x.is_sign_negative()) {
        v.sort_by(f64::total_cmp);
        return;
    }
    let mut keys: Vec<u64> = v.iter().map(|x| x.to_bits()).filter(|&b| b != 0).collect();
    radix_sort(&mut keys);
    let zeros = v.len() - keys.len();
    v[..zeros].fill(0.0);
    for (x, k) in v[zeros..].iter_mut().zip(keys) {
        *x = f64::from_bits(k);
    }
}

/// Sort integers by radix, least significant 11 bits first (six passes), skipping digits all
/// keys share; the counts of every digit are taken in one pass.
fn radix_sort(keys: &mut Vec<u64>) {
    const BITS: u32 = 11;
    const DIGITS: usize = 64usize.div_ceil(BITS as usize);
    let n = keys.len();
    if n < 2048 {
        keys.sort_unstable();
        return;
    }
    let digit = |k: u64, d: usize| ((k >> (BITS as usize * d)) & ((1 << BITS) - 1)) as usize;
    let mut counts = vec![[0u32; 1 << BITS]; DIGITS];
    for &k in keys.iter() {
        for (d, c) in counts.iter_mut().enumerate() {
            c[digit(k, d)] += 1;
        }
    }
    let mut scratch = vec![0u64; n];
    for (d, c) in counts.iter_mut().enumerate() {
        if c.contains(&(n as u32)) {
            continue;
        }
        let mut sum = 0;
        for slot in c.iter_mut() {
            let here = *slot;
            *slot = sum;
            sum += here;
        }
        for &k in keys.iter() {
            let at = &mut c[digit(k, d)];
            scratch[*at as usize] = k;
            *at += 1;
        }
        std::mem::swap(keys, &mut scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix_sort_orders_as_total_cmp() {
        let mut r = crate::rng::stream(3);
        use rand::Rng;
        let mut v: Vec<f64> = (0..5000)
            .map(|i| match i % 5 {
                0 => 0.0,
                1 => r.random::<f64>() * 1e-12,
                2 => r.random::<f64>() * 400.0,
                3 => (r.random::<f64>() * 30.0).floor(),
                _ => r.random::<f64>() * 1e6,
            })
            .collect();
        v.push(-0.0);
        v.push(f64::INFINITY);
        let mut want = v.clone();
        want.sort_by(f64::total_cmp);
        sort_times(&mut v);
        let bits = |xs: &[f64]| xs.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&v), bits(&want));
    }

    #[test]
    fn radix_sort_sorts() {
        let mut r = crate::rng::stream(8);
        use rand::Rng;
        for n in [0, 3, 2047, 2048, 20_000] {
            let mut v: Vec<u64> = (0..n)
                .map(|i| match i % 3 {
                    0 => r.random::<u64>(),
                    1 => r.random_range(0..1000),
                    _ => (r.random::<f64>() * 300.0).to_bits(),
                })
                .collect();
            let mut want = v.clone();
            want.sort_unstable();
            radix_sort(&mut v);
            assert_eq!(v, want, "{n}");
        }
    }
}
