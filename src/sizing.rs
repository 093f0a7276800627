//! Sizing (`kapacitet size`): the smallest number of places in a stage, or FTE in a staff role,
//! that meets a set of targets, and the months in which a project can close without missing
//! them. Every candidate runs on the same replication seeds (common random numbers), so two
//! candidates differ only by the setting searched. A target is met when the whole 95 %
//! confidence interval of its mean lies on the right side; when the interval straddles the
//! target, more replications are run, up to a limit, and a candidate still in doubt is reported
//! as undecided rather than guessed.

use crate::kpi::{Kpi, Unit, KPIS};
use crate::model::{CapacityStep, Model, StageId};
use crate::replication::{Replication, STAFF_FIELDS, STAGE_FIELDS};
use crate::runner::run_replication_range;
use crate::stats::{summarize, Summary};

/// What a target is about.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
    Kpi(Kpi),
    /// A stage figure, by index into [`STAGE_FIELDS`].
    Stage(StageId, usize),
    /// A staff-role figure, by index into [`STAFF_FIELDS`].
    Staff(usize, usize),
}

impl Metric {
    fn value(self, rep: &Replication) -> f64 {
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
            Metric::Stage(s, f) => format!("{}.{}", model.stages[s].name, STAGE_FIELDS[f]),
            Metric::Staff(r, f) => format!("{}.{}", model.staff[r].name, STAFF_FIELDS[f]),
        }
    }

    /// A share (0 to 1): a target of 1 is its upper edge.
    pub fn is_share(self) -> bool {
        match self {
            Metric::Kpi(k) => k.info().unit == crate::kpi::Unit::Share,
            Metric::Stage(_, f) => STAGE_FIELDS[f] == "utilisation",
            Metric::Staff(_, f) => STAFF_FIELDS[f] == "on_time_share",
        }
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

    fn holds(self, x: f64, v: f64) -> bool {
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
    let unit = metric_unit(metric);
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

/// The unit a figure is measured in.
fn metric_unit(metric: Metric) -> Unit {
    match metric {
        Metric::Kpi(k) => k.info().unit,
        Metric::Stage(_, f) => match STAGE_FIELDS[f] {
            "utilisation" => Unit::Share,
            "cost_dkk" => Unit::Dkk,
            "referrals_per_month" | "entries_per_month" => Unit::PerMonth,
            f if f.starts_with("wait_days") || f.starts_with("stay_days") => Unit::Days,
            _ => Unit::Count,
        },
        Metric::Staff(_, f) => match STAFF_FIELDS[f] {
            "on_time_share" => Unit::Share,
            "conversations_per_month" | "no_shows_per_month" => Unit::PerMonth,
            _ => Unit::Count,
        },
    }
}

/// A number with an optional unit word that must suit the figure (weeks are turned into days
/// for a figure in days); a percent sign divides by 100; a decimal comma is read as a decimal
/// point, and a Danish thousands point ("1.200") is refused rather than guessed.
fn parse_value(text: &str, unit: Unit) -> Result<f64, String> {
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
        (w, Unit::Count)
            if ["pladser", "places", "borgere", "citizens", "årsværk", "fte"].contains(&w) =>
        {
            1.0
        }
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
                }
            ))
        }
    };
    Ok(v * scale)
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
    STAGE_FIELDS.iter().position(|f| *f == field)
}

fn staff_field(name: &str) -> Option<usize> {
    let field = match name {
        "rettidighed" => "on_time_share",
        other => other,
    };
    STAFF_FIELDS.iter().position(|f| *f == field)
}

/// Position of `name` among `names`: spelled as written, or else ignoring case.
fn position_of<'a>(names: impl Iterator<Item = &'a str> + Clone, name: &str) -> Option<usize> {
    let lower = name.to_lowercase();
    names
        .clone()
        .position(|n| n == name)
        .or_else(|| names.clone().position(|n| n.to_lowercase() == lower))
}

fn resolve_metric(
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
        _ => KPIS.iter().find(|k| k.key == name).map(|k| k.kpi),
    };
    if let Some(k) = kpi {
        return Ok(Metric::Kpi(k));
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
                        STAGE_FIELDS.join(", ")
                    )
                });
        }
        if let Some(r) = role_named {
            return staff_field(field)
                .map(|f| Metric::Staff(r, f))
                .ok_or_else(|| {
                    format!(
                        "\"{field}\" is not a staff figure; use one of {}",
                        STAFF_FIELDS.join(", ")
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
                STAGE_FIELDS[f]
            )),
        };
    }
    if let Some(f) = staff_field(name) {
        return match role {
            Some(r) => Ok(Metric::Staff(r, f)),
            None => Err(format!(
                "\"{name}\" is a staff figure, and no role is being sized: name the role, e.g. \"ROLE.{}\"",
                STAFF_FIELDS[f]
            )),
        };
    }
    Err(format!("\"{name}\" is not a figure kapacitet reports"))
}

/// Whether a target holds, as far as the replications can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Met,
    NotMet,
    /// The confidence interval straddles the target.
    Undecided,
}

impl Verdict {
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "not_met",
            Verdict::Undecided => "undecided",
        }
    }

    pub fn danish(self) -> &'static str {
        match self {
            Verdict::Met => "opfyldt",
            Verdict::NotMet => "ikke opfyldt",
            Verdict::Undecided => "uafklaret",
        }
    }

    /// All targets together: any miss is a miss; otherwise any doubt is doubt.
    fn all(verdicts: impl IntoIterator<Item = Verdict>) -> Verdict {
        let mut out = Verdict::Met;
        for v in verdicts {
            match v {
                Verdict::NotMet => return Verdict::NotMet,
                Verdict::Undecided => out = Verdict::Undecided,
                Verdict::Met => {}
            }
        }
        out
    }
}

/// One target at one candidate.
#[derive(Debug, Clone)]
pub struct TargetCheck {
    pub summary: Summary,
    pub verdict: Verdict,
    /// Replications in which the figure itself was on the target's wrong side.
    pub replications_missing: usize,
}

/// Replications without a single miss needed before an edge target ("never") counts as met:
/// by the rule of three, 3/60 = 5 %.
pub const EDGE_REPLICATIONS: usize = 60;

/// Judge a target from per-replication values: met when the whole 95 % interval of the mean is
/// on the right side, missed when it is wholly on the wrong side. At the edge of what a figure
/// can take (≤ 0 for a count, ≥ 1 for a share) one replication on the wrong side settles it.
pub fn judge(target: &Target, values: &[f64]) -> TargetCheck {
    let s = summarize(values);
    let finite: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let missing = finite
        .iter()
        .filter(|&&x| !target.op.holds(x, target.value))
        .count();
    let (lo, hi) = if s.n >= 2 {
        (s.ci95_low, s.ci95_high)
    } else {
        (f64::NAN, f64::NAN)
    };
    let v = target.value;
    let at_edge = target.is_edge();
    // "Never" is never shown by a finite run: at the edge, a clean record is trusted only once
    // it is long enough that the chance of a miss is below 5 % at 95 % confidence (3/n).
    let edge_short = at_edge && missing == 0 && s.n < EDGE_REPLICATIONS;
    let verdict = if s.n == 0 {
        // Undefined in every replication (e.g. nobody started, so there is no liggetid): more
        // replications will not define it, and a plan where it happens does not meet a target.
        Verdict::NotMet
    } else if !lo.is_finite() || !hi.is_finite() {
        // A single replication with a value.
        if at_edge && missing > 0 {
            Verdict::NotMet
        } else {
            Verdict::Undecided
        }
    } else if at_edge && missing > 0 {
        Verdict::NotMet
    } else if edge_short {
        Verdict::Undecided
    } else {
        match target.op {
            Op::Le if hi <= v => Verdict::Met,
            Op::Le if lo > v => Verdict::NotMet,
            Op::Lt if hi < v => Verdict::Met,
            Op::Lt if lo >= v => Verdict::NotMet,
            Op::Ge if lo >= v => Verdict::Met,
            Op::Ge if hi < v => Verdict::NotMet,
            Op::Gt if lo > v => Verdict::Met,
            Op::Gt if hi <= v => Verdict::NotMet,
            Op::Eq if lo == v && hi == v => Verdict::Met,
            Op::Eq if v < lo || v > hi => Verdict::NotMet,
            _ => Verdict::Undecided,
        }
    };
    TargetCheck {
        summary: s,
        verdict,
        replications_missing: missing,
    }
}

/// What is searched.
#[derive(Debug, Clone, PartialEq)]
pub enum Lever {
    /// Places in a stage: for the whole run, or from `from_day` on (earlier schedule kept).
    Stage {
        stage: StageId,
        from_day: Option<f64>,
    },
    /// FTE in a staff role, in steps of `step`.
    Role { role: usize, step: f64 },
}

/// Replication budget and run settings.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    pub replications: u32,
    pub max_replications: u32,
    pub seed: u64,
    pub threads: Option<usize>,
}

/// One candidate setting, judged.
#[derive(Debug, Clone)]
pub struct Evaluation {
    /// Places, FTE, or (closing) the month index in the calendar.
    pub setting: f64,
    /// "52", "4,5", "2011-03".
    pub label: String,
    pub replications: u32,
    pub checks: Vec<TargetCheck>,
    pub verdict: Verdict,
    /// Searching a stage: nobody ever waited for a place in it, in any replication, so more
    /// places cannot change anything.
    pub idle: bool,
}

/// A progress note for a spinner: (what is being run, replications).
pub type Progress<'a> = &'a (dyn Fn(&str, u32) + Sync);

/// Run `model` with more replications until every target is decided or the budget is spent.
/// Run `model` with more replications until every target is decided or the budget is spent;
/// with `stage`, also note whether anyone ever waited for a place there.
fn evaluate(
    model: &Model,
    targets: &[Target],
    budget: &Budget,
    setting: f64,
    label: String,
    progress: Progress,
    stage: Option<StageId>,
) -> Result<Evaluation, String> {
    let queue_field = STAGE_FIELDS
        .iter()
        .position(|f| *f == "queue_mean")
        .unwrap_or(0);
    let mut idle = stage.is_some();
    let mut values: Vec<Vec<f64>> = vec![Vec::new(); targets.len()];
    let mut done = 0u32;
    let mut want = budget.replications.max(2);
    loop {
        progress(&label, want);
        let reps = run_replication_range(model, done..want, budget.seed, budget.threads, &|| {})?;
        for rep in &reps {
            for (t, v) in targets.iter().zip(values.iter_mut()) {
                v.push(t.metric.value(rep));
            }
            if let Some(s) = stage {
                idle &= rep.stages[s].values()[queue_field] == 0.0;
            }
        }
        done = want;
        let checks: Vec<TargetCheck> = targets
            .iter()
            .zip(&values)
            .map(|(t, v)| judge(t, v))
            .collect();
        let verdict = Verdict::all(checks.iter().map(|c| c.verdict));
        if verdict != Verdict::Undecided || done >= budget.max_replications {
            return Ok(Evaluation {
                setting,
                label,
                replications: done,
                checks,
                verdict,
                idle,
            });
        }
        want = (done * 2).min(budget.max_replications);
    }
}

/// The answer of a capacity or FTE search.
#[derive(Debug, Clone)]
pub struct SizeResult {
    /// Places or FTE, or `None` when no setting up to the limit meets the targets.
    pub answer: Option<f64>,
    /// Every candidate run, by setting.
    pub evaluations: Vec<Evaluation>,
    /// Highest setting tried when nothing met the targets.
    pub limit: f64,
    pub warnings: Vec<String>,
}

impl SizeResult {
    pub fn at(&self, setting: f64) -> Option<&Evaluation> {
        self.evaluations
            .iter()
            .find(|e| (e.setting - setting).abs() < 1e-9)
    }
}

/// The model with the lever set to `k` steps.
pub fn apply_lever(model: &Model, lever: &Lever, k: u32) -> Model {
    let mut m = model.clone();
    match *lever {
        Lever::Stage { stage, from_day } => {
            let st = &mut m.stages[stage];
            match from_day {
                None => {
                    st.capacity = Some(k);
                    st.schedule.clear();
                }
                Some(day) => {
                    st.schedule.retain(|c| c.day < day);
                    st.schedule.push(CapacityStep {
                        day,
                        capacity: Some(k),
                        end_stays: false,
                    });
                }
            }
        }
        Lever::Role { role, step } => m.staff[role].fte = Some(f64::from(k) * step),
    }
    m
}

fn lever_value(lever: &Lever, k: u32) -> f64 {
    match lever {
        Lever::Stage { .. } => f64::from(k),
        Lever::Role { step, .. } => f64::from(k) * step,
    }
}

fn lever_label(lever: &Lever, k: u32) -> String {
    match lever {
        Lever::Stage { .. } => k.to_string(),
        Lever::Role { .. } => crate::export::table::danish(lever_value(lever, k), 2)
            .trim_end_matches('0')
            .trim_end_matches(',')
            .to_string(),
    }
}

/// Where the search starts looking upwards: the current setting, at least one step.
fn current_steps(model: &Model, lever: &Lever) -> u32 {
    match *lever {
        Lever::Stage { stage, from_day } => {
            let st = &model.stages[stage];
            let at = match from_day {
                None => st.capacity,
                Some(day) => st
                    .schedule
                    .iter()
                    .rev()
                    .find(|c| c.day <= day)
                    .map_or(st.capacity, |c| c.capacity),
            };
            at.unwrap_or(1).max(1)
        }
        Lever::Role { role, step } => model.staff[role]
            .fte
            .map_or(1, |f| (f / step).round().max(1.0) as u32),
    }
}

/// Largest number of places or FTE steps tried before giving up.
const MAX_STEPS: u32 = 100_000;

/// The smallest setting of `lever` in `[min, max]` steps meeting every target. Assumes more
/// places (or staff) never make a target worse, checks the candidates it ran against that, and
/// warns when they contradict it.
pub fn size(
    model: &Model,
    lever: &Lever,
    targets: &[Target],
    budget: &Budget,
    min: u32,
    max: Option<u32>,
    progress: Progress,
) -> Result<SizeResult, String> {
    let mut evals: Vec<(u32, Evaluation)> = Vec::new();
    let run = |k: u32, evals: &mut Vec<(u32, Evaluation)>| -> Result<Verdict, String> {
        if let Some((_, e)) = evals.iter().find(|(j, _)| *j == k) {
            return Ok(e.verdict);
        }
        let m = apply_lever(model, lever, k);
        let watched = match *lever {
            Lever::Stage { stage, .. } => Some(stage),
            Lever::Role { .. } => None,
        };
        let e = evaluate(
            &m,
            targets,
            budget,
            lever_value(lever, k),
            lever_label(lever, k),
            progress,
            watched,
        )?;
        let v = e.verdict;
        evals.push((k, e));
        Ok(v)
    };

    let cap = max.unwrap_or(MAX_STEPS).max(min);
    let mut answer = None;
    let mut warnings = Vec::new();
    let mut limit = f64::from(cap);
    if run(min, &mut evals)? == Verdict::Met {
        answer = Some(min);
    } else if cap <= min {
        limit = lever_value(lever, min);
    } else {
        // Find a setting that meets the targets: the current one, or doubling from it.
        let mut lo = min;
        let mut hi = current_steps(model, lever).clamp(min.saturating_add(1), cap);
        loop {
            if run(hi, &mut evals)? == Verdict::Met {
                break;
            }
            // More places cannot help once nobody waits for one; for staff, take three
            // doublings with exactly the same figures as the sign.
            let last = &evals[evals.len() - 1].1;
            let saturated = last.idle
                || (evals.len() >= 3 && {
                    let n = evals.len();
                    let same = |a: &Evaluation, b: &Evaluation| {
                        a.checks.iter().zip(&b.checks).all(|(x, y)| {
                            x.summary.mean.is_finite()
                                && x.summary.mean.to_bits() == y.summary.mean.to_bits()
                        })
                    };
                    matches!(lever, Lever::Role { .. })
                        && same(&evals[n - 3].1, &evals[n - 2].1)
                        && same(&evals[n - 2].1, &evals[n - 1].1)
                });
            if hi >= cap || saturated {
                limit = lever_value(lever, hi);
                if saturated {
                    warnings.push(if last.idle {
                        format!(
                            "with {} {} nobody waits for a place any more, yet the targets are not met: they are limited by something else in the scenario",
                            lever_label(lever, hi),
                            unit_word(lever)
                        )
                    } else {
                        format!(
                            "beyond {} {} the figures no longer change: the targets are limited by something else in the scenario",
                            lever_label(lever, lo),
                            unit_word(lever)
                        )
                    });
                }
                hi = u32::MAX;
                break;
            }
            lo = hi;
            hi = hi.saturating_mul(2).min(cap);
        }
        if hi != u32::MAX {
            // Invariant: `hi` meets the targets, `lo` does not (or is in doubt).
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if run(mid, &mut evals)? == Verdict::Met {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            answer = Some(hi);
            // Always judge one step fewer, so the answer comes with its neighbour.
            if hi > min {
                run(hi - 1, &mut evals)?;
            }
        }
    }
    evals.sort_by_key(|(k, _)| *k);
    let met: Vec<u32> = evals
        .iter()
        .filter(|(_, e)| e.verdict == Verdict::Met)
        .map(|(k, _)| *k)
        .collect();
    if let Some((k, _)) = evals
        .iter()
        .find(|(k, e)| e.verdict == Verdict::NotMet && met.iter().any(|m| m < k))
    {
        warnings.push(format!(
            "the targets were met with fewer {} but missed with {}: the figures do not improve steadily with {}, so the answer may not be the smallest that works",
            unit_word(lever),
            lever_label(lever, *k),
            unit_word(lever)
        ));
    }
    Ok(SizeResult {
        answer: answer.map(|k| lever_value(lever, k)),
        evaluations: evals.into_iter().map(|(_, e)| e).collect(),
        limit,
        warnings,
    })
}

fn unit_word(lever: &Lever) -> &'static str {
    match lever {
        Lever::Stage { .. } => "places",
        Lever::Role { .. } => "FTE",
    }
}

/// The answer of a closing-month scan.
#[derive(Debug, Clone)]
pub struct CloseResult {
    /// One evaluation per candidate month, in order.
    pub evaluations: Vec<Evaluation>,
    /// First month from which closing meets every target in every later month scanned.
    pub earliest_safe: Option<usize>,
    /// Last month in which closing meets every target.
    pub latest_safe: Option<usize>,
    pub warnings: Vec<String>,
}

/// A project to close.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Closing {
    pub stage: StageId,
    /// Places left after closing.
    pub to: u32,
    /// Participants leave at once (otherwise places close as stays end).
    pub end_stays: bool,
}

/// The model with the stage closing at the start of calendar month `month`: earlier schedule
/// steps are kept, later ones dropped.
pub fn close_in_month(model: &Model, closing: &Closing, month: usize) -> Model {
    let mut m = model.clone();
    let day = model.calendar.month_start(month).unwrap_or(0.0);
    let st = &mut m.stages[closing.stage];
    st.schedule.retain(|c| c.day < day);
    st.schedule.push(CapacityStep {
        day,
        capacity: Some(closing.to),
        end_stays: closing.end_stays,
    });
    m
}

/// Calendar months whose first day lies inside the measured window.
pub fn window_months(model: &Model) -> Vec<usize> {
    (0..model.calendar.months())
        .filter(|&i| {
            model
                .calendar
                .month_start(i)
                .is_some_and(|d| d >= model.warmup_days && d < model.end_day())
        })
        .collect()
}

/// Judge closing a project at the start of each month in `months`.
pub fn scan_close(
    model: &Model,
    closing: &Closing,
    months: &[usize],
    targets: &[Target],
    budget: &Budget,
    progress: Progress,
) -> Result<CloseResult, String> {
    let mut evaluations = Vec::new();
    for &month in months {
        let m = close_in_month(model, closing, month);
        let label = month_label(model, month);
        evaluations.push(evaluate(
            &m,
            targets,
            budget,
            month as f64,
            label,
            progress,
            None,
        )?);
    }
    let met: Vec<bool> = evaluations
        .iter()
        .map(|e| e.verdict == Verdict::Met)
        .collect();
    let earliest_safe = (0..met.len())
        .find(|&i| met[i..].iter().all(|&m| m))
        .map(|i| months[i]);
    let latest_safe = (0..met.len()).rev().find(|&i| met[i]).map(|i| months[i]);
    let mut warnings = Vec::new();
    if let Some(first) = met.iter().position(|&m| m) {
        if earliest_safe.is_some_and(|e| months[first] < e) {
            warnings.push(format!(
                "closing in {} meets the targets, but some later months do not: check the table, the plan may have a gap later on",
                month_label(model, months[first])
            ));
        }
    }
    Ok(CloseResult {
        evaluations,
        earliest_safe,
        latest_safe,
        warnings,
    })
}

/// "2011-03" for calendar month `index`.
pub fn month_label(model: &Model, index: usize) -> String {
    let day = model.calendar.month_start(index).unwrap_or(0.0);
    model.calendar.date_of(day).format("%Y-%m").to_string()
}

/// Calendar month index of "2011-03", if it is in the run.
pub fn month_index(model: &Model, text: &str) -> Option<usize> {
    (0..model.calendar.months()).find(|&i| month_label(model, i) == text.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(op: Op, value: f64) -> Target {
        Target {
            text: String::new(),
            metric: Metric::Kpi(Kpi::PassiveStock),
            op,
            value,
        }
    }

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
    }

    #[test]
    fn verdicts_follow_the_confidence_interval() {
        // Mean 10, clearly below 20 and clearly above 5.
        let v = [9.0, 10.0, 11.0, 10.0, 9.5, 10.5];
        assert_eq!(judge(&target(Op::Le, 20.0), &v).verdict, Verdict::Met);
        assert_eq!(judge(&target(Op::Le, 5.0), &v).verdict, Verdict::NotMet);
        assert_eq!(judge(&target(Op::Le, 10.2), &v).verdict, Verdict::Undecided);
        assert_eq!(judge(&target(Op::Ge, 5.0), &v).verdict, Verdict::Met);
        assert_eq!(judge(&target(Op::Gt, 20.0), &v).verdict, Verdict::NotMet);
    }

    #[test]
    fn one_replication_above_zero_misses_a_zero_target() {
        let mut v = vec![0.0; 20];
        // Twenty clean replications do not show "never": a miss could still be 15 % likely.
        assert_eq!(judge(&target(Op::Le, 0.0), &v).verdict, Verdict::Undecided);
        v.resize(EDGE_REPLICATIONS, 0.0);
        assert_eq!(judge(&target(Op::Le, 0.0), &v).verdict, Verdict::Met);
        v.push(1.0);
        let c = judge(&target(Op::Le, 0.0), &v);
        assert_eq!(c.verdict, Verdict::NotMet);
        assert_eq!(c.replications_missing, 1);
    }

    #[test]
    fn a_figure_undefined_in_every_replication_misses() {
        let v = [f64::NAN; 5];
        assert_eq!(judge(&target(Op::Le, 14.0), &v).verdict, Verdict::NotMet);
        let mut w = vec![f64::NAN; 4];
        w.extend([3.0, 3.5, 2.5]);
        assert_eq!(judge(&target(Op::Le, 14.0), &w).verdict, Verdict::Met);
    }
}
