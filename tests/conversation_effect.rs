//! The conversation effect needs the conversations: a citizen on the intensive plan whose
//! conversation is overdue leaves benefit at the rate without the effect until it is held.
//! Checked against the survival of new applicants worked out by hand, with no caseworkers (no
//! conversation is ever held) and with enough (every conversation held on time, which must
//! change nothing against a scenario without a conversation role).

mod common;

use kapacitet::model::Model;
use kapacitet::report::{self, Report};
use kapacitet::runner::run_replications;

/// Constant hazard per day of the survival curve.
const HAZARD: f64 = 0.01;
/// The conversation effect.
const EFFECT: f64 = 2.0;
/// The statutory first-conversation deadline of the under-30s, days.
const DEADLINE: f64 = 30.0;

fn scenario(staff: &str) -> Model {
    let header = common::Header {
        name: "conversation effect",
        start: "2024-01-01",
        warmup_weeks: 0.0,
        horizon_weeks: 104.0,
        replications: 20,
        seed: 5,
    };
    common::model(&header.with(&format!(
        r#"
[[segments]]
name = "young"
under_30 = true
share_of_inflow = 1.0
[segments.survival]
weeks = [0, 1]
on_benefit = [1.0, {on_benefit_week}]
[arrivals]
new_per_month = 200
[[stages]]
name = "unused"
kind = "course"
duration = {{ dist = "fixed", value = 7 }}
routes = [{{ to = "job", weight = 1.0 }}]
[contact_plan]
intensive_share = 1.0
[deadlines]
first_conversation_days_under30 = {DEADLINE}
[effects]
conversation_effect = {EFFECT}
{staff}
"#,
        on_benefit_week = (-7.0 * HAZARD).exp()
    )))
}

const ROLE: &str = "[[staff]]\nrole = \"sagsbehandlere\"\nconversations_per_day = 5\n";

fn report_of(m: &Model) -> Report {
    let reps = run_replications(m, m.replications, m.seed, None, &|| {}).expect("runs");
    report::build(m, m.seed, &reps)
}

/// Share still on benefit `days` after arrival with no conversation ever held. The first
/// conversation is due `DEADLINE` days after the arrival at a, so it is overdue from the start
/// of the next day, floor(a + DEADLINE) + 1: the effect lasts L = DEADLINE + 1 − u days, u the
/// fraction of the day at arrival (uniform, as arrivals are spread evenly over the day). Then
/// S = E_u[exp(−k h L − h (days − L))] = exp(−h days − (k − 1) h (DEADLINE + 1)) · E_u[e^{(k−1) h u}],
/// and E_u[e^{x u}] = (e^x − 1) / x.
fn on_benefit_without_conversations(days: f64) -> f64 {
    let (h, k) = (HAZARD, EFFECT);
    if days <= DEADLINE {
        return (-k * h * days).exp();
    }
    assert!(days >= DEADLINE + 1.0);
    let x = (k - 1.0) * h;
    (-h * days - x * (DEADLINE + 1.0)).exp() * (x.exp() - 1.0) / x
}

#[test]
fn an_overdue_conversation_pauses_the_conversation_effect() {
    let none = report_of(&scenario(&format!("{ROLE}fte = 0\n")));
    let enough = report_of(&scenario(ROLE));
    for row in none.survival.iter().zip(&enough.survival) {
        let (short, full) = row;
        let days = short.week * 7.0;
        if short.on_benefit.n == 0 {
            continue;
        }
        // With enough caseworkers the effect holds throughout: exp(−k h days).
        let with_effect = (-EFFECT * HAZARD * days).exp();
        let without = on_benefit_without_conversations(days);
        for (got, want, what) in [
            (full.on_benefit, with_effect, "enough"),
            (short.on_benefit, without, "none held"),
        ] {
            let half = (got.half_width() * 1.32).max(1e-3);
            assert!(
                (got.mean - want).abs() <= half,
                "week {}: {what}: {:.4} ± {half:.4}, by hand {want:.4}",
                short.week,
                got.mean
            );
        }
        if days > DEADLINE + 1.0 {
            assert!(short.on_benefit.ci95_low > full.on_benefit.ci95_high);
        }
    }
    // Fewer leave benefit a month without the conversations.
    let per_month = |r: &Report| r.kpi("selfsufficient_per_month").mean;
    assert!(per_month(&none) < per_month(&enough));
}

/// Every conversation held on time: the effect never pauses, so who leaves benefit and when
/// is exactly what it is without any conversation role (the effect then applies throughout).
#[test]
fn with_enough_caseworkers_nothing_changes() {
    let enough = report_of(&scenario(ROLE));
    let no_role = report_of(&scenario(""));
    assert_eq!(enough.kpi("first_conversation_on_time_share").mean, 1.0);
    for key in [
        "selfsufficient_per_month",
        "time_on_benefit_weeks",
        "on_benefit_26w",
        "on_benefit_52w",
        "target_group_total",
    ] {
        assert_eq!(
            enough.kpi(key).mean.to_bits(),
            no_role.kpi(key).mean.to_bits(),
            "{key}"
        );
    }
}
