//! Sizing targets in plain text: "liggetid_p90 <= 14", "P90 liggetid ≤ 14 dage", "mål 1 >= 520",
//! "virksomhedscenter.wait_days_mean < 7", "first_offer_on_time_share >= 95 %",
//! "no_month_past_offer_deadline". Figures are named by their keys in the catalogue (or a few
//! Danish short names), values are read in the figure's unit, and a target that can never be
//! met is refused.

use crate::figures::{Figure, Kpi, Unit, STAFF_FIGURES, STAGE_FIGURES};
use crate::model::{Model, StageId};
use crate::replication::Replication;
use crate::replication::POOLED_STAGE_FIELDS;

/// The keys of a list of figures, for messages.
fn keys(figures: &[Figure]) -> String {
    figures.iter().map(|f| f.key).collect::<Vec<_>>().join(", ")
}

/// The stage figures a target can use: those with a value per replication.
fn stage_keys() -> String {
    STAGE_FIGURES
        .iter()
        .map(|f| f.key)
        .filter(|k| !POOLED_STAGE_FIELDS.iter().any(|(p, _)| p == k))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a target is about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
    Kpi(Kpi),
    /// A stage figure, by index into [`STAGE_FIGURES`].
    Stage(StageId, usize),
    /// A staff-role figure, by index into [`STAFF_FIGURES`].
    Staff(usize, usize),
}

impl Metric {
    pub fn value(self, rep: &Replication) -> f64 {
        match self {
            Metric::Kpi(k) => rep.kpi(k),
            Metric::Stage(s, f) => rep.stages[s].values()[f],
            Metric::Staff(r, f) => rep.staff[r].values()[f],
        }
    }

    /// Stable key, as in the JSON of `run`: a KPI key, `stage.FIELD` or `role.FIELD`.
    pub fn key(self, model: &Model) -> String {
        match self {
            Metric::Kpi(k) => k.key().to_string(),
            Metric::Stage(s, f) => format!("{}.{}", model.stages[s].name, STAGE_FIGURES[f].key),
            Metric::Staff(r, f) => format!("{}.{}", model.staff[r].name, STAFF_FIGURES[f].key),
        }
    }

    /// The figure in the catalogue: its unit, labels and direction.
    pub fn figure(self) -> &'static Figure {
        match self {
            Metric::Kpi(k) => k.info(),
            Metric::Stage(_, f) => &STAGE_FIGURES[f],
            Metric::Staff(_, f) => &STAFF_FIGURES[f],
        }
    }

    /// A share (0 to 1): a target of 1 is its upper edge.
    pub fn is_share(self) -> bool {
        self.figure().unit == Unit::Share
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    Le,
    Lt,
    Ge,
    Gt,
    Eq,
}

impl Op {
    pub fn symbol(self) -> &'static str {
        match self {
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Eq => "=",
        }
    }

    pub fn holds(self, x: f64, v: f64) -> bool {
        match self {
            Op::Le => x <= v,
            Op::Lt => x < v,
            Op::Ge => x >= v,
            Op::Gt => x > v,
            Op::Eq => x == v,
        }
    }
}

/// One target, e.g. "P90 liggetid ≤ 14 days".
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// As the user wrote it.
    pub text: String,
    pub metric: Metric,
    pub op: Op,
    pub value: f64,
}

impl Target {
    /// A "never" target at the edge of what the figure can take: `<= 0` on a count, or
    /// `>= 1` on a share.
    pub fn is_edge(&self) -> bool {
        match self.op {
            Op::Le => self.value <= 0.0,
            Op::Ge => self.metric.is_share() && self.value >= 1.0,
            _ => false,
        }
    }
}

/// The figures a target may name, for error messages.
const TARGET_HELP: &str = "a key figure (e.g. mal1_company_activation, months_past_offer_deadline, passive_stock), \
STAGE.FIELD (e.g. virksomhedscenter.wait_days_p90), ROLE.FIELD (e.g. jobkonsulenter.fte_needed_p90), \
or a short name: mal1, mal2, liggetid, liggetid_p50, liggetid_p90 (the stage sized), rettidighed (the role sized), \
no_month_past_offer_deadline";

/// Parse a target such as `liggetid_p90 <= 14`, `P90 liggetid ≤ 14 dage`, `mål 1 >= 520`,
/// `virksomhedscenter.wait_days_mean < 7`, `first_offer_on_time_share >= 95 %` or
/// `no_month_past_offer_deadline`. `stage` and `role` are what is being sized (short names
/// refer to them).
pub fn parse_target(
    model: &Model,
    text: &str,
    stage: Option<StageId>,
    role: Option<usize>,
) -> Result<Target, String> {
    let norm = text
        .trim()
        .replace('≤', "<=")
        .replace('≥', ">=")
        .replace("==", "=");
    // Short names and figure keys are matched without regard to case or spacing; stage and
    // role names keep their spelling (and are matched ignoring case).
    let name_of = |s: &str| {
        s.trim()
            .replace("mål", "mal")
            .replace("Mål", "mal")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("_")
    };
    let Some(pos) = norm.find(['<', '>', '=']) else {
        let name = name_of(&norm).to_lowercase();
        if matches!(
            name.as_str(),
            "no_month_past_offer_deadline" | "no_month_without_offer" | "no_months_without_offer"
        ) {
            return Ok(Target {
                text: text.trim().to_string(),
                metric: Metric::Kpi(Kpi::MonthsPastOfferDeadline),
                op: Op::Le,
                value: 0.0,
            });
        }
        return Err(format!(
            "target \"{text}\" has no comparison; write FIGURE <= VALUE or FIGURE >= VALUE (also <, >, =, ≤, ≥), e.g. \"liggetid_p90 <= 14\""
        ));
    };
    let rest = &norm[pos..];
    let (op, len) = if rest.starts_with("<=") {
        (Op::Le, 2)
    } else if rest.starts_with(">=") {
        (Op::Ge, 2)
    } else if rest.starts_with('<') {
        (Op::Lt, 1)
    } else if rest.starts_with('>') {
        (Op::Gt, 1)
    } else {
        (Op::Eq, 1)
    };
    let lhs = name_of(&norm[..pos]);
    let rhs = norm[pos + len..].trim();
    let metric = resolve_metric(model, &lhs, stage, role)
        .map_err(|why| format!("target \"{text}\": {why}; a target names {TARGET_HELP}"))?;
    let unit = metric.figure().unit;
    let value = parse_value(rhs, unit).map_err(|why| format!("target \"{text}\": {why}"))?;
    // Every figure is a count, a time, an amount or a share: never below 0, and a share never
    // above 1. A target beyond that could never be met, whatever the setting.
    let top = if unit == Unit::Share {
        1.0
    } else {
        f64::INFINITY
    };
    let never = match op {
        Op::Le => value < 0.0,
        Op::Lt => value <= 0.0,
        Op::Ge => value > top,
        Op::Gt => value >= top,
        Op::Eq => value < 0.0 || value > top,
    };
    if never {
        return Err(format!(
            "target \"{text}\" can never be met: the figure is never below 0{}",
            if unit == Unit::Share {
                " and never above 1 (100 %)"
            } else {
                ""
            }
        ));
    }
    Ok(Target {
        text: text.trim().to_string(),
        metric,
        op,
        value,
    })
}

/// A number with an optional unit word that must suit the figure (weeks are turned into days
/// for a figure in days); a percent sign divides by 100; a decimal comma is read as a decimal
/// point, and a Danish thousands point ("1.200") is refused rather than guessed.
pub(super) fn parse_value(text: &str, unit: Unit) -> Result<f64, String> {
    let t = text.trim().to_lowercase();
    let split = t
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == ',' || c == '-' || c == '+'))
        .map_or(t.len(), |(i, _)| i);
    let (number, word) = (t[..split].trim(), t[split..].trim());
    let grouped = number.contains('.')
        && !number.contains(',')
        && number
            .split('.')
            .skip(1)
            .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()));
    if grouped {
        return Err(format!(
            "\"{number}\" could be a thousands point or a decimal point; write {} or {}",
            number.replace('.', ""),
            number.replace('.', ",")
        ));
    }
    let v: f64 = number
        .replace(',', ".")
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or_else(|| format!("\"{text}\" is not a number (write e.g. 14, 0.9, 0,9 or 90 %)"))?;
    let days = ["dage", "dag", "days", "day", "d"];
    let weeks = ["uger", "uge", "weeks", "week"];
    let scale = match (word, unit) {
        ("", _) => 1.0,
        // Divided, not multiplied by 0.01, so "95 %" is exactly 0.95.
        ("%", Unit::Share) => return Ok(v / 100.0),
        (w, Unit::Days) if days.contains(&w) => 1.0,
        (w, Unit::Days) if weeks.contains(&w) => 7.0,
        (w, Unit::Weeks) if weeks.contains(&w) => 1.0,
        (w, Unit::Weeks) if days.contains(&w) => 1.0 / 7.0,
        (w, Unit::Dkk) if ["kr", "kr.", "dkk"].contains(&w) => 1.0,
        (w, Unit::Months) if ["måneder", "måned", "md", "md.", "months", "month"].contains(&w) => {
            1.0
        }
        (w, Unit::Count) if ["pladser", "places", "borgere", "citizens"].contains(&w) => 1.0,
        (w, Unit::Fte) if ["årsværk", "fte"].contains(&w) => 1.0,
        (w, _) => {
            return Err(format!(
                "\"{w}\" does not fit a figure measured in {}",
                match unit {
                    Unit::Share => "shares (write 0.9 or 90 %)",
                    Unit::Days => "days (write dage, or uger for weeks)",
                    Unit::Weeks => "weeks",
                    Unit::Dkk => "kroner",
                    Unit::Months => "months",
                    Unit::PerMonth => "numbers per month (no unit)",
                    Unit::Count => "numbers (no unit)",
                    Unit::Fte => "FTE (write årsværk or fte)",
                }
            ))
        }
    };
    // A huge number of weeks turned into days can overflow to infinity.
    Some(v * scale)
        .filter(|x| x.is_finite())
        .ok_or_else(|| format!("\"{text}\" is too large a number"))
}

fn stage_field(name: &str) -> Option<usize> {
    let field = match name {
        "liggetid" | "liggetid_mean" | "mean_liggetid" | "wait" => "wait_days_mean",
        "liggetid_p50" | "p50_liggetid" | "median_liggetid" => "wait_days_p50",
        "liggetid_p90" | "p90_liggetid" => "wait_days_p90",
        "belaegning" | "belægning" => "utilisation",
        "koe" | "kø" => "queue_mean",
        other => other,
    };
    crate::figures::stage_figure(field)
}

fn staff_field(name: &str) -> Option<usize> {
    let field = match name {
        "rettidighed" => "on_time_share",
        other => other,
    };
    crate::figures::staff_figure(field)
}

/// Position of `name` among `names`: spelled as written, or else ignoring case.
fn position_of<'a>(names: impl Iterator<Item = &'a str> + Clone, name: &str) -> Option<usize> {
    let lower = name.to_lowercase();
    names
        .clone()
        .position(|n| n == name)
        .or_else(|| names.clone().position(|n| n.to_lowercase() == lower))
}

/// The figure `written` names (a key, `STAGE.FIELD`, `ROLE.FIELD` or a short name, lower case
/// and with `_` for spaces, as [`parse_target`] reads a target's left side); short stage and
/// role figures refer to `stage` and `role`.
pub fn resolve_metric(
    model: &Model,
    written: &str,
    stage: Option<StageId>,
    role: Option<usize>,
) -> Result<Metric, String> {
    let lower = written.to_lowercase();
    let name = lower.as_str();
    let kpi = match name {
        "mal1" | "mal_1" => Some(Kpi::Mal1CompanyActivation),
        "mal2" | "mal_2" => Some(Kpi::Mal2Selfsufficient4w),
        _ => crate::figures::kpi(name).map(|(k, _)| k),
    };
    if let Some(k) = kpi {
        return Ok(Metric::Kpi(k));
    }
    let field = name.rsplit('.').next().unwrap_or(name);
    if let Some((key, _)) = POOLED_STAGE_FIELDS.iter().find(|(k, _)| *k == field) {
        // A target is judged on one value per replication, and a pooled figure has none.
        let per_replication = key.trim_end_matches("_pooled");
        return Err(format!(
            "\"{key}\" is pooled over all replications and has no value per replication, so a \
             target cannot be judged on it; use \"{per_replication}\""
        ));
    }
    if let Some((owner, field)) = written.split_once('.') {
        // Lower-cased apart from the owner: a letter such as the Kelvin sign changes its
        // length in UTF-8 when lower-cased, so offsets into `name` would not fit.
        let field = field.to_lowercase();
        let field = field.as_str();
        let stage_named = position_of(model.stages.iter().map(|s| s.name.as_str()), owner);
        let role_named = position_of(model.staff.iter().map(|r| r.name.as_str()), owner);
        if let Some(s) = stage_named {
            return stage_field(field)
                .map(|f| Metric::Stage(s, f))
                .ok_or_else(|| {
                    format!(
                        "\"{field}\" is not a stage figure; use one of {}",
                        stage_keys()
                    )
                });
        }
        if let Some(r) = role_named {
            return staff_field(field)
                .map(|f| Metric::Staff(r, f))
                .ok_or_else(|| {
                    format!(
                        "\"{field}\" is not a staff figure; use one of {}",
                        keys(STAFF_FIGURES)
                    )
                });
        }
        return Err(format!("\"{owner}\" is neither a stage nor a staff role"));
    }
    if let Some(f) = stage_field(name) {
        return match stage {
            Some(s) => Ok(Metric::Stage(s, f)),
            None => Err(format!(
                "\"{name}\" is a stage figure, and no stage is being sized: name the stage, e.g. \"STAGE.{}\"",
                STAGE_FIGURES[f].key
            )),
        };
    }
    if let Some(f) = staff_field(name) {
        return match role {
            Some(r) => Ok(Metric::Staff(r, f)),
            None => Err(format!(
                "\"{name}\" is a staff figure, and no role is being sized: name the role, e.g. \"ROLE.{}\"",
                STAFF_FIGURES[f].key
            )),
        };
    }
    Err(format!("\"{name}\" is not a figure kapacitet reports"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_units_percent_and_decimal_comma() {
        assert_eq!(parse_value("14", Unit::Days), Ok(14.0));
        assert_eq!(parse_value("14 dage", Unit::Days), Ok(14.0));
        assert_eq!(parse_value("2 uger", Unit::Days), Ok(14.0));
        assert_eq!(parse_value("0,9", Unit::Share), Ok(0.9));
        assert_eq!(parse_value("90 %", Unit::Share), Ok(0.9));
        assert_eq!(parse_value("520", Unit::Count), Ok(520.0));
        assert_eq!(parse_value("1200 kr", Unit::Dkk), Ok(1200.0));
        assert!(parse_value("1.200", Unit::Count)
            .unwrap_err()
            .contains("1200 or 1,200"));
        assert!(parse_value("fourteen", Unit::Days).is_err());
        assert!(parse_value("14 parsecs", Unit::Days).is_err());
        assert!(parse_value("90 %", Unit::Days).is_err());
        assert!(parse_value("3 dage", Unit::Count).is_err());
        assert!(parse_value("1e308 uger", Unit::Days).is_err());
    }
}
