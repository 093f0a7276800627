//! A `--set` path for people: `stages.virksomhedscenter.capacity` reads "Pladser,
//! Virksomhedscentre" ("Places, Virksomhedscentre"): the field's meaning in Danish or English,
//! then the stage's, role's, segment's, path's or strategy's own label from the scenario. Charts
//! and tables of a sweep label their dimensions with it; files keep the path, which is their key.
//! A path this table does not know gets no label, and the caller shows the path as written.

use crate::figures::Lang;
use crate::model::Model;

/// The meaning of the fields a sweep or `--set` is likely to move, by the table they sit in:
/// (table, field, Danish, English). A table of entries is named by its array (`stages`), a
/// plain table by its name (`contact_plan`); nested fields are written with their dots.
#[rustfmt::skip]
const FIELDS: &[(&str, &str, &str, &str)] = &[
    ("stages", "capacity", "Pladser", "Places"),
    ("stages", "lockin", "Indlåsning", "Lock-in"),
    ("stages", "effect_after", "Effekt efter forløbet", "Effect after the stay"),
    ("stages", "effect_weeks", "Uger med effekt efter forløbet", "Weeks of effect after the stay"),
    ("stages", "price_per_week_dkk", "Ugepris", "Price per week"),
    ("stages", "duration", "Varighed", "Length of stay"),
    ("stages", "max_duration", "Længste varighed", "Longest stay"),
    ("stages", "intake", "Optag", "Intake"),
    ("stages", "queue", "Køregel", "Queue order"),
    ("stages", "company_based", "Virksomhedsrettet", "Company-based"),
    ("stages", "offer", "Tæller som tilbud", "Counts as an offer"),
    ("stages", "outcome_payment.at_start_dkk", "Betaling ved start", "Payment at start"),
    ("stages", "outcome_payment.at_placement_dkk", "Betaling ved placering", "Payment at placement"),
    ("stages", "outcome_payment.at_selfsufficiency_dkk", "Betaling ved selvforsørgelse", "Payment at self-sufficiency"),
    ("stages", "outcome_payment.selfsufficiency_within_weeks", "Uger til betaling ved selvforsørgelse", "Weeks to the self-sufficiency payment"),
    ("stages", "intake_weekday", "Ugedag for optag", "Intake weekday"),
    ("stages", "breakdown.probability", "Sandsynlighed for afbrud", "Chance of a breakdown"),
    ("staff", "fte", "Årsværk", "FTE"),
    ("staff", "caseload_per_fte", "Sager pr. årsværk", "Caseload per FTE"),
    ("staff", "conversations_per_day", "Samtaler pr. dag", "Conversations a day"),
    ("staff", "conversation_days_per_week", "Samtaledage pr. uge", "Conversation days a week"),
    ("staff", "weeks_per_fte", "Uger pr. årsværk", "Weeks per FTE-year"),
    ("staff", "no_show_rate", "Udeblivelser", "No-shows"),
    ("staff", "admin_share", "Administration", "Administration"),
    ("staff", "sickness_share", "Sygefravær", "Sickness absence"),
    ("staff", "booking_lead_days", "Dage samtaler bookes før fristen", "Days booked before the deadline"),
    ("segments", "share_of_inflow", "Andel af tilgangen", "Share of the inflow"),
    ("segments", "share_of_stock", "Andel af beholdningen", "Share of the stock"),
    ("segments", "under_30", "Under 30 år", "Under 30"),
    ("segments", "strategy.kind", "Strategi", "Strategy"),
    ("paths", "delay_days", "Dage til henvisning", "Days to referral"),
    ("paths", "after_weeks_on_benefit", "Uger på ydelse før henvisning", "Weeks on benefit before referral"),
    ("paths", "max_wait_days", "Længste ventetid", "Longest wait"),
    ("strategies", "switch_week", "Skifteuge", "Switch week"),
    ("strategies", "sensitivity", "Screeningens sensitivitet", "Screening sensitivity"),
    ("strategies", "specificity", "Screeningens specificitet", "Screening specificity"),
    ("strategies", "flag_cap", "Største udpegede andel", "Largest flagged share"),
    ("arrivals", "new_per_month", "Nye ledige pr. måned", "New applicants per month"),
    ("arrivals", "returners_per_month", "Gengangere pr. måned", "Returners per month"),
    ("initial_stock", "count", "Borgere på ydelse ved start", "Citizens on benefit at the start"),
    ("contact_plan", "standard_per_year", "Samtaler pr. år, standard", "Conversations a year, standard"),
    ("contact_plan", "intensive_per_year", "Samtaler pr. år, intensiv", "Conversations a year, intensive"),
    ("contact_plan", "intensive_share", "Andel i intensiv kontakt", "Share in intensive contact"),
    ("effects", "conversation_effect", "Effekt af intensive samtaler", "Effect of intensive conversations"),
    ("effects", "effect_decay_per_week", "Effektens aftagen pr. uge", "Effect decay per week"),
    ("deadlines", "first_conversation_days_under30", "Frist for 1. samtale, under 30 år", "First-conversation deadline, under 30"),
    ("deadlines", "first_conversation_days_30plus", "Frist for 1. samtale, 30 år og derover", "First-conversation deadline, 30 and over"),
    ("deadlines", "first_offer_days_under30", "Frist for 1. tilbud, under 30 år", "First-offer deadline, under 30"),
    ("deadlines", "first_offer_days_30plus", "Frist for 1. tilbud, 30 år og derover", "First-offer deadline, 30 and over"),
    ("strategy", "kind", "Strategi", "Strategy"),
    ("strategy", "switch_week", "Skifteuge", "Switch week"),
    ("strategy", "sensitivity", "Screeningens sensitivitet", "Screening sensitivity"),
    ("strategy", "specificity", "Screeningens specificitet", "Screening specificity"),
    ("strategy", "flag_cap", "Største udpegede andel", "Largest flagged share"),
    ("reporting", "placed_within_days", "Dage til praktik, mål", "Days to placement, target"),
    ("reporting", "followup_days", "Opfølgningsdage", "Follow-up days"),
    ("scenario", "horizon_weeks", "Uger der måles", "Weeks measured"),
    ("scenario", "warmup_weeks", "Indkøring i uger", "Warm-up weeks"),
];

/// `path` for people, or `None` when its field (or the entry it names) is not known here.
pub fn path_label(model: &Model, path: &str, lang: Lang) -> Option<String> {
    let steps: Vec<&str> = path.split('.').map(str::trim).collect();
    let (table, rest) = steps.split_first()?;
    let entries: Option<(Vec<&str>, Vec<&str>, &str, &str)> = match *table {
        "stages" => Some((
            model.stages.iter().map(|s| s.name.as_str()).collect(),
            model.stages.iter().map(|s| s.label.as_str()).collect(),
            "alle forløb",
            "every stage",
        )),
        "staff" => Some((
            model.staff.iter().map(|s| s.name.as_str()).collect(),
            model.staff.iter().map(|s| s.label.as_str()).collect(),
            "alle roller",
            "every role",
        )),
        "segments" => Some((
            model.segments.iter().map(|s| s.name.as_str()).collect(),
            model.segments.iter().map(|s| s.label.as_str()).collect(),
            "alle segmenter",
            "every segment",
        )),
        "paths" => Some((
            model.paths.iter().map(|p| p.name.as_str()).collect(),
            model.paths.iter().map(|p| p.name.as_str()).collect(),
            "alle stier",
            "every path",
        )),
        "strategies" => Some((
            model.strategies.iter().map(|s| s.name.as_str()).collect(),
            model.strategies.iter().map(|s| s.name.as_str()).collect(),
            "alle strategier",
            "every strategy",
        )),
        _ => None,
    };
    let (field, whose) = match entries {
        Some((names, labels, all_da, all_en)) => {
            let (selector, field) = rest.split_first()?;
            let whose = match entry(&names, selector)? {
                Some(i) => labels[i].to_string(),
                None => lang.pick(all_da, all_en).to_string(),
            };
            (field.join("."), Some(whose))
        }
        None => (rest.join("."), None),
    };
    let (_, _, da, en) = FIELDS
        .iter()
        .find(|(t, f, _, _)| t == table && *f == field)?;
    let meaning = lang.pick(da, en);
    Some(match whose {
        Some(w) => format!("{meaning}, {w}"),
        None => meaning.to_string(),
    })
}

/// The entry `selector` picks, as `--set` picks it: `*` for all (`Some(None)`), `#2` or `2` by
/// position, or by name; `None` when it picks nothing.
fn entry(names: &[&str], selector: &str) -> Option<Option<usize>> {
    if selector == "*" {
        return Some(None);
    }
    if let Some(i) = names.iter().position(|n| *n == selector) {
        return Some(Some(i));
    }
    let i: usize = selector
        .strip_prefix('#')
        .unwrap_or(selector)
        .parse()
        .ok()?;
    (i < names.len()).then_some(Some(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        crate::scenario::default_model().expect("the embedded default scenario")
    }

    #[test]
    fn a_stage_field_reads_as_its_meaning_and_the_stages_label() {
        let m = model();
        let stage = m
            .stages
            .iter()
            .position(|s| s.name == "virksomhedscenter")
            .unwrap();
        let label = &m.stages[stage].label;
        assert_eq!(
            path_label(&m, "stages.virksomhedscenter.capacity", Lang::Da).unwrap(),
            format!("Pladser, {label}")
        );
        assert_eq!(
            path_label(&m, &format!("stages.#{stage}.capacity"), Lang::En).unwrap(),
            format!("Places, {label}")
        );
        assert_eq!(
            path_label(&m, "stages.*.lockin", Lang::En).unwrap(),
            "Lock-in, every stage"
        );
    }

    #[test]
    fn plain_tables_and_roles_have_labels() {
        let m = model();
        assert_eq!(
            path_label(&m, "contact_plan.intensive_share", Lang::Da).unwrap(),
            "Andel i intensiv kontakt"
        );
        let role = &m.staff[0];
        assert_eq!(
            path_label(&m, &format!("staff.{}.fte", role.name), Lang::En).unwrap(),
            format!("FTE, {}", role.label)
        );
    }

    #[test]
    fn unknown_fields_and_entries_have_no_label() {
        let m = model();
        assert_eq!(path_label(&m, "stages.nowhere.capacity", Lang::Da), None);
        assert_eq!(
            path_label(&m, "stages.virksomhedscenter.routes", Lang::Da),
            None
        );
        assert_eq!(path_label(&m, "calendar.closed_weeks", Lang::Da), None);
        assert_eq!(path_label(&m, "stages.#99.capacity", Lang::Da), None);
    }
}
