//! Arrivals: the Poisson streams of new citizens and returners (with the seasonal factor of
//! each month), and a new citizen's draws, strategy decision and first conversation.

use rand::Rng;

use super::queue::Kind;
use super::snapshots::Unoffered;
use super::{mix_seed, ArrivalMonth, Recorder, Sim};
use crate::calendar::DAYS_PER_MONTH;
use crate::citizen::{Citizen, CitizenId, Live, Slot};
use crate::model::{StrategyKind, Stream, RISK_DAYS};
use crate::rng;
use crate::strategy;
use crate::survival::HazardClock;

impl<R: Recorder> Sim<'_, R> {
    /// Queue the stream's next arrival after `from`. Inlined: every arrival asks, and as a call
    /// it spent more on saving registers than on its work.
    #[inline(always)]
    pub(super) fn schedule_next_arrival(&mut self, stream: Stream, from: f64) {
        let per_month = match stream {
            Stream::New => self.m.arrivals.new_per_month,
            Stream::Returner => self.m.arrivals.returners_per_month,
            Stream::Stock => return,
        };
        if per_month <= 0.0 {
            return;
        }
        let i = stream.index();
        // A Poisson process whose daily rate is the monthly figure over an average month, times
        // the seasonal factor of the calendar month: draw the gap at this month's rate; if it
        // crosses the month's end, restart there (memorylessness keeps this exact). The month's
        // end and rate are kept until the stream passes that end, as its times only grow.
        let cal = &self.m.calendar;
        let mut t = from;
        while t < self.end {
            if t >= self.arrival_month[i].until {
                let (month, month_end) = cal.month_and_next_start(t);
                self.arrival_month[i] = ArrivalMonth {
                    until: month_end,
                    rate: per_month * self.m.arrivals.seasonality[month] / DAYS_PER_MONTH,
                };
            }
            let ArrivalMonth { until, rate } = self.arrival_month[i];
            if rate > 0.0 {
                let u: f64 = self.arrival_rng[i].random();
                let next = t - (1.0 - u).ln() / rate;
                if next < until {
                    self.schedule(next, Kind::Arrival(stream));
                    return;
                }
            }
            t = until;
        }
    }

    pub(super) fn arrive(&mut self, stream: Stream, t: f64) {
        // The arrival number, not the slot, seeds the citizen's stream (common random numbers).
        let id = self.arrived_total as CitizenId;
        // The citizen's record is written where it lives, field by field, the random stream
        // first (see `Live::arrive`). A reused slot carries its versions on, so entries left
        // for its previous occupant in queues and conversation books are seen to be stale.
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                self.citizens.push(Live::vacant());
                self.histories.push(Citizen::vacant());
                (self.citizens.len() - 1) as Slot
            }
        };
        let rng = &mut self.citizens[slot as usize].rng;
        *rng = rng::stream(mix_seed(self.seed, u64::from(id)));
        // Draw order is fixed (segment, threshold, prior duration) so a citizen's draws do not
        // depend on the scenario's choices.
        let u: f64 = rng.random();
        let u_threshold: f64 = rng.random();
        let prior_days = match (stream, &self.m.stock) {
            (Stream::Stock, Some(stock)) => stock.weeks_on_benefit.sample(rng) * 7.0,
            _ => 0.0,
        };
        // Drawn whatever the staffing and strategy, so those settings never shift a citizen's
        // later draws (common random numbers across strategies).
        let random_intensive = rng.random::<f64>() < self.m.contact_plan.intensive_share;
        let first_due_fraction: f64 = rng.random();
        let u_screen: f64 = rng.random();
        let u_cap: f64 = rng.random();
        let segment = self.draw_segment(stream, u);
        // The threshold and the hazard so far are needed only with a survival curve.
        let (clock, at_risk) = match &self.m.segments[segment].survival {
            Some(curve) => {
                let threshold = -(1.0 - u_threshold).ln();
                let h_start = curve.cumulative_hazard(prior_days);
                let at_risk = curve.inverse_cumulative_hazard(h_start + threshold) > RISK_DAYS;
                (HazardClock::new(threshold, h_start), at_risk)
            }
            None => (HazardClock::stopped(), true),
        };
        let planned = self
            .m
            .strategy
            .as_ref()
            .filter(|st| st.kinds[segment] != StrategyKind::Unplanned);
        let (flagged, intensive, path_open_at) = match planned {
            None => (false, random_intensive, t),
            Some(st) => {
                let d = strategy::decide(st, segment, at_risk, u_screen, u_cap);
                let now = d.early || prior_days >= st.switch_days;
                let open = if now {
                    t
                } else {
                    t - prior_days + st.switch_days
                };
                if !now {
                    self.schedule(
                        open,
                        Kind::StrategySwitch {
                            citizen: slot,
                            arrival: id,
                        },
                    );
                }
                (d.flagged, now, open)
            }
        };
        // Read only while on the intensive plan; the switch to it sets its own.
        let conversation_multiplier = if intensive {
            self.m
                .effects
                .decayed(self.m.effects.conversation_effect, prior_days)
        } else {
            1.0
        };
        let benefit_start = t - prior_days;
        let conversation_role = self.conversation_role[segment];
        self.citizens[slot as usize].arrive(
            id,
            segment,
            stream,
            clock,
            benefit_start,
            intensive,
            conversation_multiplier,
            path_open_at,
            conversation_role,
        );
        self.histories[slot as usize] = Citizen {
            id,
            segment,
            stream,
            origin: stream,
            arrived: t,
            benefit_start,
            first_referral: None,
            first_company_start: None,
            exit: None,
            intensive,
            conversation_role,
            first_conversation: None,
            first_offer: None,
            at_risk,
            flagged,
        };
        if stream != Stream::Stock {
            // Spells start in order of arrival, so each list stays in the order of deadlines.
            let group = self.m.deadline_group(segment);
            let deadline = benefit_start + self.m.deadlines.first_offer_days[group];
            self.unoffered[group].push_back(Unoffered::new(slot, id, deadline));
        }
        self.present += 1;
        self.arrived_total += 1;
        self.book_first_conversation(slot, t, stream, first_due_fraction);
        self.refresh_hazard(slot, t);
        self.enter_path(slot, t);
    }

    pub(super) fn draw_segment(&self, stream: Stream, u: f64) -> usize {
        let mut acc = 0.0;
        let segments = &self.m.segments;
        for (i, s) in segments.iter().enumerate() {
            acc += match stream {
                Stream::Stock => s.share_of_stock,
                _ => s.share_of_inflow,
            };
            if u < acc {
                return i;
            }
        }
        segments.len() - 1
    }
}
