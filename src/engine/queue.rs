//! The event queue: events come out in (time, sequence number) order, exactly as from one binary
//! heap, but the cost of an operation does not grow with the number of events waiting.
//!
//! A job centre keeps events waiting for months and years (stays, self-sufficiency, referrals
//! after a delay), so one heap of all of them grows with the size of the job centre and, beyond
//! the cache, every pop walks its depth through main memory. Here later events wait in a ring
//! of one-day buckets (appending is constant time and touches one cache line), and the few
//! beyond the ring in a heap of their own. When a day begins, its bucket is sorted once (by radix
//! on the time when it is large, so a large job centre pays no more per event than a small one)
//! and taken from the front; an event scheduled for the same day while it runs is put in its
//! place when few are left, and on a busy day waits in a small heap beside it. The order is the
//! same as one heap's: days are taken in order, and within a day events are in (time, sequence
//! number) order.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use crate::model::Stream;

mod day_sort;
use day_sort::sort_day;

/// What happens at an event. Citizen events name the citizen's slot in the citizen table and a
/// stamp that tells whether the event still applies (see each variant).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Kind {
    /// Next arrival of a stream (new applicants or returners).
    Arrival(Stream),
    /// A delayed path referral falls due; `version` is the citizen's version when scheduled.
    Referral {
        citizen: u32,
        version: u32,
    },
    StayEnd {
        citizen: u32,
        version: u32,
    },
    /// Wake-up for a citizen's self-sufficiency: valid while its sequence number is the
    /// citizen's `wake_seq` (see `Sim::refresh_hazard`).
    SelfSufficient {
        citizen: u32,
    },
    WaitDeadline {
        citizen: u32,
        version: u32,
    },
    /// An effect on the citizen's hazard ends: an offer's effect, or the conversation effect
    /// pauses because a conversation became overdue. `arrival` is the citizen's arrival
    /// number, so an event for an earlier occupant of the slot is recognised.
    EffectEnd {
        citizen: u32,
        arrival: u32,
    },
    /// Continuous intake resumes on the next working day.
    Intake {
        stage: u32,
    },
    /// Weekly batch start.
    Batch {
        stage: u32,
    },
    Capacity {
        stage: u32,
        step: u32,
    },
    /// A working day of a conversation role.
    ConversationDay {
        role: u32,
    },
    /// The strategy's switch week: intensive effort and path entry begin.
    StrategySwitch {
        citizen: u32,
        arrival: u32,
    },
    Snapshot,
    /// A calendar month ends (the next one starts now); `index` into the run's month ends.
    MonthEnd {
        index: u32,
    },
}

/// Bits of the packed word that hold the kind's tag; the sequence number sits above them.
const TAG_BITS: u32 = 4;

/// A scheduled event, 24 bytes: time, sequence number and kind tag in one word, two payload
/// words. The time is kept as its bits, which order like the time, so ordering events (which the
/// queue does all the time) compares two integers.
#[derive(Debug, Clone, Copy)]
pub(super) struct Event {
    time_key: u64,
    /// `seq << TAG_BITS | tag`: comparing the word compares sequence numbers, which are unique.
    seq_tag: u64,
    a: u32,
    b: u32,
}

/// The bits of a time, which order like the times: times are never negative, and the bits of
/// non-negative numbers order like the numbers. (A stray negative time, or NaN, is taken as 0.)
fn time_key(t: f64) -> u64 {
    if t > 0.0 {
        t.to_bits()
    } else {
        0
    }
}

impl Event {
    pub fn new(time: f64, seq: u64, kind: Kind) -> Event {
        let (tag, a, b) = match kind {
            Kind::Arrival(stream) => (0, stream.index() as u32, 0),
            Kind::Referral { citizen, version } => (1, citizen, version),
            Kind::StayEnd { citizen, version } => (2, citizen, version),
            Kind::SelfSufficient { citizen } => (3, citizen, 0),
            Kind::WaitDeadline { citizen, version } => (4, citizen, version),
            Kind::EffectEnd { citizen, arrival } => (5, citizen, arrival),
            Kind::Intake { stage } => (6, stage, 0),
            Kind::Batch { stage } => (7, stage, 0),
            Kind::Capacity { stage, step } => (8, stage, step),
            Kind::ConversationDay { role } => (9, role, 0),
            Kind::StrategySwitch { citizen, arrival } => (10, citizen, arrival),
            Kind::Snapshot => (11, 0, 0),
            Kind::MonthEnd { index } => (12, index, 0),
        };
        debug_assert!(seq < 1 << (64 - TAG_BITS));
        Event {
            time_key: time_key(time),
            seq_tag: seq << TAG_BITS | tag,
            a,
            b,
        }
    }

    /// When the event happens.
    pub fn time(&self) -> f64 {
        f64::from_bits(self.time_key)
    }

    /// What events are ordered by: time, then sequence number.
    fn key(&self) -> (u64, u64) {
        (self.time_key, self.seq_tag)
    }

    pub fn seq(&self) -> u64 {
        self.seq_tag >> TAG_BITS
    }

    pub fn kind(&self) -> Kind {
        let (a, b) = (self.a, self.b);
        match self.seq_tag & ((1 << TAG_BITS) - 1) {
            0 => Kind::Arrival(Stream::ALL[a as usize]),
            1 => Kind::Referral {
                citizen: a,
                version: b,
            },
            2 => Kind::StayEnd {
                citizen: a,
                version: b,
            },
            3 => Kind::SelfSufficient { citizen: a },
            4 => Kind::WaitDeadline {
                citizen: a,
                version: b,
            },
            5 => Kind::EffectEnd {
                citizen: a,
                arrival: b,
            },
            6 => Kind::Intake { stage: a },
            7 => Kind::Batch { stage: a },
            8 => Kind::Capacity { stage: a, step: b },
            9 => Kind::ConversationDay { role: a },
            10 => Kind::StrategySwitch {
                citizen: a,
                arrival: b,
            },
            11 => Kind::Snapshot,
            _ => Kind::MonthEnd { index: a },
        }
    }

    /// The citizen slot an event is about, if any.
    pub fn citizen(&self) -> Option<u32> {
        match self.seq_tag & ((1 << TAG_BITS) - 1) {
            1..=5 | 10 => Some(self.a),
            _ => None,
        }
    }

    /// The day bucket of the event.
    fn day(&self) -> u64 {
        // Never negative (see `time_key`); `as` saturates, and converting to a signed integer
        // takes fewer instructions than to an unsigned one (days beyond 2^63 are never reached).
        self.time() as i64 as u64
    }
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Event {}

impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Event {
    // Reversed, so the max-heap pops the earliest event; ties go in scheduling order.
    fn cmp(&self, other: &Self) -> Ordering {
        (other.time_key, other.seq_tag).cmp(&(self.time_key, self.seq_tag))
    }
}

/// The time key of the start of day `d`: an event is of a day before `d` when its key is less.
fn day_key(d: u64) -> u64 {
    time_key(d as f64)
}

/// Days covered by the ring of buckets; later events wait in `far`. Long enough that only
/// self-sufficiency times years ahead go there.
const RING_DAYS: u64 = 2048;

/// Events in (time, sequence number) order; see the module documentation.
#[derive(Debug)]
pub(super) struct EventQueue {
    /// Events of day `day`, earliest first: those of its bucket and those scheduled while it
    /// runs when few were left; `today[next..]` are left.
    today: Vec<Event>,
    next: usize,
    /// Events of day `day` scheduled while it runs when many were left.
    late: BinaryHeap<Event>,
    day: u64,
    /// Time keys of the start of day `day + 1` and of day `day + RING_DAYS`: an event goes to
    /// today, the ring or `far` by comparing its key with these, without working out its day.
    tomorrow_key: u64,
    ring_end_key: u64,
    /// `ring[d % RING_DAYS]` holds the events of day `d`, for `day < d < day + RING_DAYS`.
    ring: Vec<Vec<Event>>,
    in_ring: usize,
    /// Events of day `day + RING_DAYS` and later.
    far: BinaryHeap<Event>,
    /// Empty buffers of spent days for the buckets of the next days, so that a small run
    /// allocates none per day. Only small ones are kept, and only days within [`NEAR_DAYS`]
    /// get them: most events are scheduled a few days ahead, while a bucket far ahead holds a
    /// handful (a self-sufficiency years away), and a day-sized buffer in each of the ring's
    /// thousands of buckets would hold many times the memory of the events waiting.
    spare: Vec<Vec<Event>>,
    /// Scratch space for sorting a day.
    scratch: Vec<Event>,
}

/// An event scheduled for today is put in its place among today's events when at most this
/// many are left (moving a few events up is cheaper than a heap's push and pop); on a busy day
/// it waits in `late`, as moving up a busy day's events would cost more than the heap.
const SHORT_DAY: usize = 8;

/// Largest buffer (in events) kept in `spare`, and how many are kept.
const SPARE_CAPACITY: usize = 256;
const SPARES: usize = 8;
/// Buckets this many days ahead or nearer are given spare buffers; those further ahead start
/// with room for [`FAR_CAPACITY`] events (a few reallocations fewer than growing from nothing).
const NEAR_DAYS: u64 = 7;
const FAR_CAPACITY: usize = 16;

impl EventQueue {
    pub fn new() -> EventQueue {
        EventQueue {
            today: Vec::new(),
            next: 0,
            late: BinaryHeap::new(),
            day: 0,
            tomorrow_key: day_key(1),
            ring_end_key: day_key(RING_DAYS),
            ring: vec![Vec::new(); RING_DAYS as usize],
            in_ring: 0,
            far: BinaryHeap::new(),
            spare: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Events waiting.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.today.len() - self.next + self.late.len() + self.in_ring + self.far.len()
    }

    /// Add an event no earlier than the last one popped. The event is handed on as its words,
    /// in registers: passed whole it goes through memory, and copying it on from there is one
    /// 16-byte load of what the caller wrote as two 8-byte stores, which stalls the processor
    /// (the store cannot be forwarded to the load).
    #[inline(always)]
    pub fn push(&mut self, e: Event) {
        self.push_words(e.time_key, e.seq_tag, e.a, e.b);
    }

    #[inline(never)]
    fn push_words(&mut self, time_key: u64, seq_tag: u64, a: u32, b: u32) {
        let e = Event {
            time_key,
            seq_tag,
            a,
            b,
        };
        if e.time_key < self.tomorrow_key {
            debug_assert!(e.day() == self.day, "an event scheduled in the past");
            if self.today.len() - self.next <= SHORT_DAY {
                self.insert_today(e);
            } else {
                self.push_late(time_key, seq_tag, a, b);
            }
        } else if e.time_key < self.ring_end_key {
            let d = e.day();
            let bucket = &mut self.ring[(d % RING_DAYS) as usize];
            if bucket.capacity() == 0 {
                if d > self.day + NEAR_DAYS {
                    bucket.reserve_exact(FAR_CAPACITY);
                } else if let Some(spare) = self.spare.pop() {
                    *bucket = spare;
                }
            }
            bucket.push(e);
            self.in_ring += 1;
        } else {
            self.push_far(time_key, seq_tag, a, b);
        }
    }

    /// Put an event of today into its place among today's events left, moving the later ones
    /// up (few: see [`SHORT_DAY`]).
    fn insert_today(&mut self, e: Event) {
        self.today.push(e);
        let left = &mut self.today[self.next..];
        let mut m = left.len() - 1;
        while m > 0 && left[m - 1].key() > e.key() {
            left[m] = left[m - 1];
            m -= 1;
        }
        left[m] = e;
    }

    // The rarer ways in are kept out of line, so that `push` stays small where it is inlined.

    #[inline(never)]
    fn push_late(&mut self, time_key: u64, seq_tag: u64, a: u32, b: u32) {
        self.late.push(Event {
            time_key,
            seq_tag,
            a,
            b,
        });
    }

    #[inline(never)]
    fn push_far(&mut self, time_key: u64, seq_tag: u64, a: u32, b: u32) {
        self.far.push(Event {
            time_key,
            seq_tag,
            a,
            b,
        });
    }

    /// The `n`-th next event from the current day's bucket (0: the next), if there is one; an
    /// event scheduled for today since the day began may come before it.
    pub fn peek_today(&self, n: usize) -> Option<&Event> {
        self.today.get(self.next + n)
    }

    /// Remove and return the earliest event. It always comes from `today`, an earlier event of
    /// `late` being moved there first: returned from two places, the event was stored to
    /// memory and read back in other pieces, which stalls the processor on every event.
    #[inline]
    pub fn pop(&mut self) -> Option<Event> {
        loop {
            if let Some(&a) = self.today.get(self.next) {
                // `Event`'s order is reversed (earliest greatest).
                if self.late.peek().is_some_and(|b| *b > a) {
                    self.take_late();
                    continue;
                }
                self.next += 1;
                return Some(a);
            }
            if !self.late.is_empty() {
                self.take_late();
                continue;
            }
            if !self.next_day() {
                return None;
            }
        }
    }

    /// Move the earliest event of `late` to the front of today's events left.
    #[inline(never)]
    fn take_late(&mut self) {
        let Some(e) = self.late.pop() else { return };
        if self.next > 0 {
            // The slot of an event already taken.
            self.next -= 1;
            self.today[self.next] = e;
        } else {
            self.today.insert(0, e);
        }
    }

    /// Move on to the next day that has events; false when none is left. Once a day, so kept
    /// out of line: `pop`, called for every event, then needs no room for sorting a day.
    #[inline(never)]
    fn next_day(&mut self) -> bool {
        if self.in_ring == 0 {
            // Nothing in the ring: jump straight to the first day in `far`.
            match self.far.peek() {
                Some(e) => self.day = e.day(),
                None => return false,
            }
        } else {
            self.day += 1;
            while self.ring[(self.day % RING_DAYS) as usize].is_empty() {
                self.day += 1;
            }
        }
        self.tomorrow_key = day_key(self.day.saturating_add(1));
        self.ring_end_key = day_key(self.day.saturating_add(RING_DAYS));
        // The bucket of the new day, sorted, becomes the day's list; the spent list's buffer is
        // kept for another bucket if it is small.
        let slot = (self.day % RING_DAYS) as usize;
        let mut bucket = std::mem::take(&mut self.ring[slot]);
        self.in_ring -= bucket.len();
        sort_day(&mut bucket, &mut self.scratch);
        let mut spent = std::mem::replace(&mut self.today, bucket);
        self.next = 0;
        spent.clear();
        if spent.capacity() <= SPARE_CAPACITY && self.spare.len() < SPARES {
            self.spare.push(spent);
        }
        // Events from `far` that the ring now reaches.
        while let Some(e) = self.far.peek() {
            if e.time_key >= self.ring_end_key {
                break;
            }
            let e = *e;
            self.far.pop();
            self.push(e);
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;
    use rand::Rng;

    #[test]
    fn kinds_survive_packing() {
        let kinds = [
            Kind::Arrival(Stream::Returner),
            Kind::Referral {
                citizen: 7,
                version: u32::MAX,
            },
            Kind::StayEnd {
                citizen: u32::MAX,
                version: 3,
            },
            Kind::SelfSufficient { citizen: 9 },
            Kind::WaitDeadline {
                citizen: 1,
                version: 2,
            },
            Kind::EffectEnd {
                citizen: 4,
                arrival: 5,
            },
            Kind::Intake { stage: 2 },
            Kind::Batch { stage: 3 },
            Kind::Capacity { stage: 1, step: 6 },
            Kind::ConversationDay { role: 2 },
            Kind::StrategySwitch {
                citizen: 8,
                arrival: 11,
            },
            Kind::Snapshot,
            Kind::MonthEnd { index: 40 },
        ];
        for (i, k) in kinds.into_iter().enumerate() {
            let e = Event::new(1.5, 1000 + i as u64, k);
            assert_eq!(e.kind(), k);
            assert_eq!(e.seq(), 1000 + i as u64);
            let about_citizen = matches!(
                k,
                Kind::Referral { .. }
                    | Kind::StayEnd { .. }
                    | Kind::SelfSufficient { .. }
                    | Kind::WaitDeadline { .. }
                    | Kind::EffectEnd { .. }
                    | Kind::StrategySwitch { .. }
            );
            assert_eq!(e.citizen().is_some(), about_citizen, "{k:?}");
        }
    }

    #[test]
    fn times_keep_their_value_and_order() {
        let times = [0.0, 1e-300, 0.25, 1.0, 700.5, 1e6, f64::MAX];
        for w in times.windows(2) {
            let (a, b) = (
                Event::new(w[0], 2, Kind::Snapshot),
                Event::new(w[1], 1, Kind::Snapshot),
            );
            assert_eq!((a.time(), b.time()), (w[0], w[1]));
            // Earlier is greater in the reversed order, whatever the sequence numbers.
            assert!(a > b, "{} before {}", w[0], w[1]);
        }
        assert_eq!(Event::new(700.5, 1, Kind::Snapshot).day(), 700);
        // A stray negative time (never scheduled) is taken as the start.
        let stray = Event::new(-3.0, 1, Kind::Snapshot);
        assert_eq!((stray.time(), stray.day()), (0.0, 0));
    }

    /// Against one binary heap: the same events come out in the same order, with ties in time,
    /// events far ahead and pushes while popping.
    #[test]
    fn pops_in_the_order_of_one_heap() {
        let mut r = rng::stream(5);
        let mut q = EventQueue::new();
        let mut heap = BinaryHeap::new();
        let mut seq = 0u64;
        let mut push = |q: &mut EventQueue, heap: &mut BinaryHeap<Event>, t: f64| {
            seq += 1;
            let e = Event::new(t, seq, Kind::Snapshot);
            q.push(e);
            heap.push(e);
        };
        for _ in 0..200 {
            let t = (r.random::<f64>() * 10_000.0).floor() / 4.0;
            push(&mut q, &mut heap, t);
        }
        let mut popped = 0;
        while let Some(want) = heap.pop() {
            let got = q.pop().expect("same length");
            assert_eq!((got.time(), got.seq()), (want.time(), want.seq()));
            assert_eq!(q.len(), heap.len());
            let now = got.time();
            popped += 1;
            if popped < 3000 {
                for _ in 0..r.random_range(0..3) {
                    let ahead = match r.random_range(0..4) {
                        0 => 0.0,
                        1 => r.random::<f64>(),
                        2 => r.random::<f64>() * 100.0,
                        _ => r.random::<f64>() * 20_000.0,
                    };
                    push(&mut q, &mut heap, now + ahead);
                }
            }
        }
        assert!(q.pop().is_none());
        assert!(popped > 3000);
    }

    /// Events scheduled for the current day go into its list when few are left and into the
    /// heap beside it on a busy day; events at a whole day or just before one go to the right
    /// day. Either way they come out as from one heap, ties in time (with sequence numbers
    /// reserved out of order, as snapshots and month ends have) by sequence number.
    #[test]
    fn busy_and_quiet_days_and_day_boundaries_pop_in_the_order_of_one_heap() {
        let mut r = rng::stream(11);
        let mut q = EventQueue::new();
        let mut heap = BinaryHeap::new();
        let mut seq = 1_000_000u64;
        let push = |q: &mut EventQueue, heap: &mut BinaryHeap<Event>, t: f64, seq: u64| {
            let e = Event::new(t, seq, Kind::Snapshot);
            q.push(e);
            heap.push(e);
        };
        // Busy days first (hundreds of events), then quiet ones.
        for _ in 0..600 {
            seq += 1;
            let t = match r.random_range(0..3) {
                0 => r.random_range(0..3) as f64,
                _ => r.random::<f64>() * 3.0,
            };
            push(&mut q, &mut heap, t, seq);
        }
        let (mut into_list, mut into_heap) = (0, 0);
        while let Some(want) = heap.pop() {
            let got = q.pop().expect("same length");
            assert_eq!((got.time(), got.seq()), (want.time(), want.seq()));
            assert_eq!(q.len(), heap.len());
            let now = got.time();
            if now > 200.0 {
                continue;
            }
            for _ in 0..r.random_range(0..3) {
                let t = match r.random_range(0..5) {
                    0 => now,
                    1 => now + (now.floor() + 1.0 - now) * r.random::<f64>(),
                    2 => (now.floor() + 1.0).next_down(),
                    3 => now.floor() + 1.0,
                    _ => now + r.random::<f64>() * 3.0,
                };
                // Now and then a number reserved earlier, as a snapshot's.
                let s = if r.random_range(0..4) == 0 {
                    r.random_range(1..1000)
                } else {
                    seq += 1;
                    seq
                };
                let late_before = q.late.len();
                push(&mut q, &mut heap, t, s);
                if t < now.floor() + 1.0 {
                    if q.late.len() > late_before {
                        into_heap += 1;
                    } else {
                        into_list += 1;
                    }
                }
            }
        }
        assert!(q.pop().is_none());
        assert!(
            into_list > 100 && into_heap > 100,
            "{into_list} {into_heap}"
        );
    }

    /// An earlier event of the busy day's heap is moved in front of today's events left,
    /// into the slot of one already taken or, before any was taken, ahead of them all.
    #[test]
    fn an_earlier_late_event_comes_first_with_or_without_a_taken_slot() {
        for taken in [0, 1, 3] {
            let mut q = EventQueue::new();
            let e = |t: f64, seq: u64| Event::new(t, seq, Kind::Snapshot);
            q.today = (0..taken)
                .map(|i| e(0.1, 10 + i as u64))
                .chain([e(0.5, 20), e(0.7, 21)])
                .collect();
            q.next = taken;
            q.late.extend([e(0.6, 30), e(0.2, 31), e(0.9, 32)]);
            let order: Vec<u64> = std::iter::from_fn(|| q.pop()).map(|e| e.seq()).collect();
            assert_eq!(order, [31, 20, 30, 21, 32], "{taken} taken");
        }
    }
}
