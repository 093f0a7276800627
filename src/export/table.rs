//! The terminal table people read: key figures with 95 % confidence intervals, then one line per
//! stage. Danish labels and Danish number style (decimal comma, thousands point).

use crate::kpi::Unit;
use crate::report::Report;
use crate::stats::Summary;

/// A number in Danish style with `decimals` decimals; "–" when undefined.
pub fn danish(v: f64, decimals: usize) -> String {
    if !v.is_finite() {
        return "–".to_string();
    }
    let text = format!("{:.*}", decimals, v.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(ch);
    }
    let sign = if v < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0') {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped},{frac}")
    }
}

/// A number of places; "∞" when unlimited (NaN).
fn places(v: f64) -> String {
    if v.is_finite() {
        danish(v, 0)
    } else {
        "∞".to_string()
    }
}

/// A value in the unit people read (shares in percent) and the decimals to show it with.
pub fn scaled(unit: Unit, v: f64) -> (f64, usize) {
    match unit {
        Unit::Share => (v * 100.0, 1),
        Unit::Dkk => (v, 0),
        _ => (v, 1),
    }
}

fn value_with_ci(unit: Unit, s: &Summary) -> (String, String) {
    let (m, d) = scaled(unit, s.mean);
    let (lo, _) = scaled(unit, s.ci95_low);
    let (hi, _) = scaled(unit, s.ci95_high);
    let ci = if s.ci95_low.is_finite() {
        format!("[{} ; {}]", danish(lo, d), danish(hi, d))
    } else {
        String::new()
    };
    (
        format!("{} {}", danish(m, d), unit.suffix())
            .trim_end()
            .to_string(),
        ci,
    )
}

/// Render the report for a terminal.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "kapacitet · {}\n{} replikationer · seed {} · start {} · {} ugers indkøring + {} ugers måleperiode\n\n",
        report.scenario,
        report.replications,
        report.seed,
        report.start_date,
        danish(report.warmup_weeks, 0),
        danish(report.horizon_weeks, 0),
    ));
    let width = report
        .kpis
        .iter()
        .map(|(k, _)| k.label.chars().count())
        .max()
        .unwrap_or(20);
    out.push_str("Nøgletal (gennemsnit og 95 % konfidensinterval)\n");
    for (info, s) in &report.kpis {
        let (v, ci) = value_with_ci(info.unit, s);
        let label = if info.key == "placed_within_target_days_share" {
            format!(
                "Andel i praktik inden for {} dage",
                danish(report.placed_within_days, 0)
            )
        } else {
            info.label.to_string()
        };
        out.push_str(&format!("{:<width$}  {:>16}  {}\n", label, v, ci));
    }
    out.push('\n');
    let name_w = report
        .stages
        .iter()
        .map(|s| s.label.chars().count())
        .max()
        .unwrap_or(10)
        .max(6);
    out.push_str(&format!(
        "{:<name_w$} {:>7} {:>8} {:>6} {:>9} {:>6} {:>6} {:>9} {:>9} {:>12}\n",
        "Forløb",
        "Pladser",
        "Belægn.",
        "Kø",
        "Ligget.",
        "P50",
        "P90",
        "Henv./md",
        "Start/md",
        "Udgift kr."
    ));
    let mut changing = false;
    for (s, st) in report.stages.iter().enumerate() {
        let f = |k: &str| st.figure(k).mean;
        // A stage whose places change during the window shows first → last month's places;
        // their average would hide the plan.
        let caps: Vec<f64> = report
            .monthly
            .iter()
            .map(|m| m.stages[s].capacity)
            .collect();
        let varies = caps.windows(2).any(|w| w[0].to_bits() != w[1].to_bits());
        changing |= varies;
        out.push_str(&format!(
            "{:<name_w$} {:>7} {:>8} {:>6} {:>9} {:>6} {:>6} {:>9} {:>9} {:>12}\n",
            st.label,
            if varies {
                format!("{}→{}", places(caps[0]), places(caps[caps.len() - 1]))
            } else {
                places(f("capacity_mean"))
            },
            if f("utilisation").is_finite() {
                format!("{} %", danish(f("utilisation") * 100.0, 0))
            } else {
                danish(f("occupancy_mean"), 0)
            },
            danish(f("queue_mean"), 1),
            danish(f("wait_days_mean"), 1),
            danish(f("wait_days_p50"), 1),
            danish(f("wait_days_p90"), 1),
            danish(f("referrals_per_month"), 1),
            danish(f("entries_per_month"), 1),
            danish(f("cost_dkk"), 0),
        ));
    }
    out.push_str("\nLiggetid i dage fra henvisning til start. Belægning: andel af pladserne i brug (antal i brug for ubegrænsede forløb).\n");
    if changing {
        out.push_str("Pladser a→b: antallet af pladser ændres i perioden, fra a i første måned til b i sidste (se måned for måned nedenfor).\n");
    }
    if !report.staff.is_empty() {
        out.push_str(&staff_table(report));
    }
    if report.show_monthly && !report.monthly.is_empty() {
        out.push_str(&monthly_table(report));
    }
    out
}

/// The transition report: month-end places, occupancy and queues per stage, the passive stock,
/// the company share of activation and citizens without an offer past their deadline, with a
/// flag on every month the plan leaves someone without an offer.
pub fn monthly_table(report: &Report) -> String {
    let mut out = format!(
        "\nOvergangsplan måned for måned (ved månedens udgang; gennemsnit over {} replikationer)\n",
        report.replications
    );
    // Referral steps (offer = false) hold nobody; they would only widen the table.
    let shown: Vec<usize> = (0..report.stages.len())
        .filter(|&s| report.stages[s].offer)
        .collect();
    let widths: Vec<usize> = shown
        .iter()
        .map(|&s| report.stages[s].name.chars().count().max(13))
        .collect();
    out.push_str(&format!("{:<8}", "Måned"));
    for (&s, w) in shown.iter().zip(&widths) {
        out.push_str(&format!(" {:>w$}", report.stages[s].name));
    }
    out.push_str(&format!(
        " {:>8} {:>10} {:>11}  {}\n",
        "Passive", "Virks.andel", "Uden tilbud", "Flag"
    ));
    let mut flagged = 0;
    for row in &report.monthly {
        out.push_str(&format!("{:<8}", row.month));
        for (ms, w) in shown.iter().map(|&s| &row.stages[s]).zip(&widths) {
            let cap = places(ms.capacity);
            let cell = format!(
                "{}/{} ({})",
                danish(ms.occupancy, 0),
                cap,
                danish(ms.queue, 0)
            );
            out.push_str(&format!(" {cell:>w$}"));
        }
        let flag = if row.offer_gap_share > 0.0 {
            flagged += 1;
            format!(
                "⚠ {} % af replikationerne",
                danish(row.offer_gap_share * 100.0, 0)
            )
        } else {
            String::new()
        };
        let line = format!(
            " {:>8} {:>10} {:>11}  {}",
            danish(row.passive.mean, 0),
            format!("{} %", danish(row.company_share_of_activation * 100.0, 0)),
            danish(row.past_offer_deadline.mean, 1),
            flag
        );
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out.push_str("Forløb: i brug/pladser (kø) ved månedens udgang.");
    for &s in &shown {
        let st = &report.stages[s];
        out.push_str(&format!(" {} = {}.", st.name, st.label));
    }
    if shown.len() < report.stages.len() {
        out.push_str(" Henvisningstrin (offer = false) er udeladt.");
    }
    out.push_str(
        "\nUden tilbud: borgere over fristen for første tilbud uden at have fået et, eller som har ventet længere end stiens maksimale ventetid. \
         ⚠: i nogle replikationer stod nogen uden tilbud over fristen i løbet af måneden.\n",
    );
    if flagged == 0 {
        out.push_str("Planen efterlader ingen uden tilbud over fristen i nogen måned.\n");
    } else {
        out.push_str(&format!(
            "{flagged} af {} måneder er markeret: planen efterlader borgere uden tilbud.\n",
            report.monthly.len()
        ));
    }
    out
}

fn staff_table(report: &Report) -> String {
    let name_w = report
        .staff
        .iter()
        .map(|s| s.label.chars().count())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut out = format!(
        "\n{:<name_w$} {:>9} {:>11} {:>11} {:>9} {:>9} {:>9} {:>10} {:>11}\n",
        "Personale",
        "Årsværk",
        "Behov gns.",
        "Behov P90",
        "Sager",
        "Pr. åv.",
        "Forfaldne",
        "Samt./md",
        "Rettidighed"
    );
    for st in &report.staff {
        let f = |k: &str| st.figure(k).mean;
        let fte = if f("fte").is_finite() {
            danish(f("fte"), 1)
        } else {
            "frit".to_string()
        };
        let conversations = st.work == "conversations";
        let or_dash = |v: f64, d: usize| {
            if conversations {
                danish(v, d)
            } else {
                "–".to_string()
            }
        };
        out.push_str(&format!(
            "{:<name_w$} {:>9} {:>11} {:>11} {:>9} {:>9} {:>9} {:>10} {:>11}\n",
            st.label,
            fte,
            danish(f("fte_needed_mean"), 2),
            danish(f("fte_needed_p90"), 2),
            danish(f("caseload_mean"), 1),
            danish(f("caseload_per_fte"), 1),
            or_dash(f("overdue_mean"), 1),
            or_dash(f("conversations_per_month"), 0),
            if conversations && f("on_time_share").is_finite() {
                format!("{} %", danish(f("on_time_share") * 100.0, 1))
            } else {
                "–".to_string()
            },
        ));
    }
    out.push_str("Behov: årsværk der skal til uge for uge (gennemsnit og 90 %-fraktil). Forfaldne: samtaler over fristen og endnu ikke holdt (gennemsnit over uger). Rettidighed: andel samtaler holdt senest på forfaldsdagen.\n");
    out
}

#[cfg(test)]
mod tests {
    use super::danish;

    #[test]
    fn danish_number_style() {
        assert_eq!(danish(1300.0, 0), "1.300");
        assert_eq!(danish(1234567.891, 2), "1.234.567,89");
        assert_eq!(danish(-0.04, 1), "0,0");
        assert_eq!(danish(-12.5, 1), "-12,5");
        assert_eq!(danish(f64::NAN, 1), "–");
    }
}
