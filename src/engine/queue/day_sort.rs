//! Sorting one day's events when the day begins, in time that does not grow with the size of
//! the job centre: by insertion when few, by parts of the day when ordinary, by radix when many.

use super::Event;

/// Days with more events than this are sorted by radix; days with at most `FEW` by insertion.
const RADIX_FROM: usize = 384;
const FEW: usize = 24;

/// Insertion sort by (time, sequence number): cheap on the short or nearly sorted runs it gets.
fn insertion_sort(v: &mut [Event]) {
    for k in 1..v.len() {
        let e = v[k];
        let key = (e.time_key, e.seq_tag);
        let mut m = k;
        while m > 0 && (v[m - 1].time_key, v[m - 1].seq_tag) > key {
            v[m] = v[m - 1];
            m -= 1;
        }
        v[m] = e;
    }
}

/// Sort one day's events, earliest first: a few by insertion; an ordinary day by distributing
/// them over 256 parts of the day, then insertion (which only has to order events within a
/// part, mostly ties at the start of a day that were scheduled in order); a large day by radix
/// on the bytes of the time that differ between them (least significant first), then each run
/// of equal times by sequence number. A comparison sort costs log n per event, which grows with
/// the size of the job centre; these do not.
pub(super) fn sort_day(v: &mut Vec<Event>, scratch: &mut Vec<Event>) {
    let n = v.len();
    if n <= FEW {
        insertion_sort(v);
        return;
    }
    if n <= RADIX_FROM {
        // All events of a bucket are of the same day. From day 1 on, a day lies within one
        // power of two, so its times' bits grow evenly through it: the part is a few bits of
        // them. (Any part that grows with the time gives the same order in the end.)
        let day = v[0].day();
        // About one part per event (at most 256): fewer would leave more to the insertion
        // sort, more would cost more in the running sum over the parts.
        let bits = n.next_power_of_two().trailing_zeros().min(8);
        let last = (1u64 << bits) - 1;
        let mut part = [0u8; RADIX_FROM];
        let mut at = [0u16; 256];
        if day >= 1 {
            let base = (day as f64).to_bits();
            // A day is 2^(52 - exponent) units in the last place wide; keep its top bits.
            let exponent = (base >> 52) as i64 - 1023;
            let shift = (52 - i64::from(bits) - exponent).clamp(0, 63) as u32;
            for (p, e) in part.iter_mut().zip(v.iter()) {
                *p = ((e.time_key - base) >> shift).min(last) as u8;
                at[*p as usize] += 1;
            }
        } else {
            let scale = (last + 1) as f64;
            for (p, e) in part.iter_mut().zip(v.iter()) {
                *p = ((e.time() * scale) as u64).min(last) as u8;
                at[*p as usize] += 1;
            }
        }
        let mut sum = 0;
        for a in at[..=last as usize].iter_mut() {
            let here = *a;
            *a = sum;
            sum += here;
        }
        // Every place is written below; copying the day is only the cheapest way to size it.
        scratch.clear();
        scratch.extend_from_slice(v);
        for (&p, e) in part.iter().zip(v.iter()) {
            scratch[at[p as usize] as usize] = *e;
            at[p as usize] += 1;
        }
        std::mem::swap(v, scratch);
        insertion_sort(v);
        return;
    }
    let first = v[0].time_key;
    let differ = v.iter().fold(0, |acc, e| acc | (e.time_key ^ first));
    scratch.clear();
    scratch.resize(v.len(), v[0]);
    for byte in 0..8 {
        let shift = 8 * byte;
        if (differ >> shift) & 0xff == 0 {
            continue;
        }
        let mut at = [0usize; 256];
        for e in v.iter() {
            at[((e.time_key >> shift) & 0xff) as usize] += 1;
        }
        let mut sum = 0;
        for n in at.iter_mut() {
            let here = *n;
            *n = sum;
            sum += here;
        }
        for e in v.iter() {
            let digit = ((e.time_key >> shift) & 0xff) as usize;
            scratch[at[digit]] = *e;
            at[digit] += 1;
        }
        std::mem::swap(v, scratch);
    }
    let mut i = 0;
    while i < v.len() {
        let mut j = i + 1;
        while j < v.len() && v[j].time_key == v[i].time_key {
            j += 1;
        }
        // Equal times were mostly scheduled in order: insertion sort.
        for k in i + 1..j {
            let mut m = k;
            while m > i && v[m - 1].seq_tag > v[m].seq_tag {
                v.swap(m - 1, m);
                m -= 1;
            }
        }
        i = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::queue::Kind;
    use crate::rng;
    use rand::Rng;

    #[test]
    fn days_sort_by_time_then_sequence() {
        let mut r = rng::stream(9);
        for n in [
            0,
            1,
            5,
            FEW,
            FEW + 1,
            64,
            300,
            RADIX_FROM,
            RADIX_FROM + 1,
            3000,
        ] {
            let mut v: Vec<Event> = (0..n)
                .map(|i| {
                    // Many ties at whole days and at a few fixed times, the rest anywhere.
                    let t = match r.random_range(0..4) {
                        0 => 700.0,
                        1 => 700.25,
                        _ => 700.0 + r.random::<f64>(),
                    };
                    Event::new(
                        t,
                        r.random_range(1..1_000_000u64) * 16 + i as u64,
                        Kind::Snapshot,
                    )
                })
                .collect();
            let mut want = v.clone();
            want.sort_by(|a, b| b.cmp(a));
            sort_day(&mut v, &mut Vec::new());
            let keys = |v: &[Event]| {
                v.iter()
                    .map(|e| (e.time_key, e.seq_tag))
                    .collect::<Vec<_>>()
            };
            assert_eq!(keys(&v), keys(&want), "{n} events");
        }
    }
}
