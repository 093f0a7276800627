//! The scenario file exactly as written: serde structs mirroring the TOML, with every optional
//! field and default visible here. Nothing in this module checks meaning; `validate` does that
//! and turns it into a [`crate::model::Model`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::dist::DistSpec;

/// A whole scenario file.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[schemars(title = "kapacitet scenario")]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub scenario: RawMeta,
    #[serde(default)]
    pub calendar: RawCalendar,
    pub segments: Vec<RawSegment>,
    #[serde(default)]
    pub arrivals: RawArrivals,
    #[serde(default)]
    pub initial_stock: Option<RawStock>,
    #[serde(default)]
    pub stages: Vec<RawStage>,
    #[serde(default)]
    pub paths: Vec<RawPath>,
    #[serde(default)]
    pub reporting: RawReporting,
    #[serde(default)]
    pub staff: Vec<RawStaff>,
    #[serde(default)]
    pub contact_plan: RawContactPlan,
    #[serde(default)]
    pub deadlines: RawDeadlines,
    /// Inputs for `kapacitet calc --from`; the simulation does not use them, and `calc`
    /// checks them itself.
    #[serde(default)]
    #[schemars(with = "Option<std::collections::BTreeMap<String, f64>>")]
    pub ressourceberegner: Option<toml::Table>,
    #[serde(default)]
    pub effects: RawEffects,
    /// The strategy `run` uses; without it, `contact_plan.intensive_share` picks the intensive
    /// citizens at random and everyone enters their path at once.
    #[serde(default)]
    pub strategy: Option<RawStrategy>,
    /// Further named strategies for `kapacitet compare`.
    #[serde(default)]
    pub strategies: Vec<RawStrategy>,
}

/// `[scenario]`: name, run length and how many replications.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawMeta {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// First day of the simulation (warm-up starts here), `YYYY-MM-DD`.
    pub start_date: String,
    /// Length of the measured period, after warm-up.
    pub horizon_weeks: f64,
    #[serde(default)]
    pub warmup_weeks: f64,
    #[serde(default = "default_replications")]
    pub replications: i64,
    #[serde(default = "default_seed")]
    pub seed: i64,
}

pub fn default_replications() -> i64 {
    20
}

pub fn default_seed() -> i64 {
    1
}

/// `[calendar]`: which days are working days.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCalendar {
    #[serde(default = "default_working_days")]
    pub working_days: Vec<String>,
    /// ISO week numbers (1–53) in which the job centre is closed for intake and conversations.
    #[serde(default)]
    pub closed_weeks: Vec<i64>,
}

impl Default for RawCalendar {
    fn default() -> Self {
        RawCalendar {
            working_days: default_working_days(),
            closed_weeks: Vec::new(),
        }
    }
}

fn default_working_days() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// `[[segments]]`: a group of citizens.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSegment {
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
    pub share_of_inflow: f64,
    /// Defaults to `share_of_inflow`.
    #[serde(default)]
    pub share_of_stock: Option<f64>,
    /// Without a curve nobody in the segment leaves benefit on their own.
    #[serde(default)]
    pub survival: Option<RawSurvival>,
    /// Under 30: the statutory deadlines for the young apply (docs/model.md, "Citizens").
    #[serde(default)]
    pub under_30: bool,
    /// The strategy for this segment, e.g. `strategy = { kind = "selection" }`: the same as
    /// `[strategy] by_segment`, written with the segment.
    #[serde(default)]
    pub strategy: Option<RawSegmentStrategy>,
}

/// `strategy` of one of `[[segments]]`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSegmentStrategy {
    /// "catch-all", "selection", "deadweight" or "none".
    #[schemars(extend("enum" = ["catch-all", "selection", "deadweight", "none"]))]
    pub kind: String,
}

/// Share still on benefit after `weeks` without intervention.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawSurvival {
    pub weeks: Vec<f64>,
    pub on_benefit: Vec<f64>,
}

/// `[arrivals]`: citizens coming onto benefit.
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawArrivals {
    #[serde(default)]
    pub new_per_month: f64,
    #[serde(default)]
    pub returners_per_month: f64,
    /// Twelve factors, January to December, multiplying both rates; they must average 1.
    #[serde(default)]
    pub seasonality: Option<Vec<f64>>,
}

/// `[initial_stock]`: citizens already on benefit on the first day.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStock {
    pub count: i64,
    pub weeks_on_benefit: DistSpec,
}

/// `[[stages]]`: a place a citizen can be.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStage {
    pub name: String,
    #[serde(default)]
    pub label: Option<String>,
    #[schemars(extend("enum" = ["course", "competence_course", "company_centre", "single_placement", "wage_subsidy", "municipal_project", "external_provider"]))]
    pub kind: String,
    /// Places; omitted means unlimited.
    #[serde(default)]
    pub capacity: Option<i64>,
    #[serde(default)]
    pub capacity_schedule: Vec<RawCapacityChange>,
    #[serde(default = "default_intake")]
    #[schemars(extend("enum" = ["continuous", "weekly"]))]
    pub intake: String,
    #[serde(default)]
    #[schemars(extend("enum" = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))]
    pub intake_weekday: Option<String>,
    #[serde(default = "default_queue")]
    #[schemars(extend("enum" = ["fifo", "priority"]))]
    pub queue: String,
    #[serde(default)]
    pub priority: Vec<String>,
    pub duration: DistSpec,
    #[serde(default = "default_duration_unit")]
    #[schemars(extend("enum" = ["calendar_days", "working_days"]))]
    pub duration_unit: String,
    #[serde(default)]
    pub max_duration: Option<f64>,
    #[serde(default)]
    pub company_based: Option<bool>,
    #[serde(default = "yes")]
    pub offer: bool,
    #[serde(default)]
    pub price_per_week_dkk: f64,
    #[serde(default)]
    pub outcome_payment: Option<RawOutcomePayment>,
    #[serde(default = "one")]
    pub lockin: f64,
    #[serde(default = "one")]
    pub effect_after: f64,
    #[serde(default)]
    pub effect_weeks: f64,
    #[serde(default)]
    pub routes: Vec<RawRoute>,
    #[serde(default)]
    pub breakdown: Option<RawBreakdown>,
}

fn default_intake() -> String {
    "continuous".to_string()
}

fn default_queue() -> String {
    "fifo".to_string()
}

fn default_duration_unit() -> String {
    "calendar_days".to_string()
}

fn yes() -> bool {
    true
}

fn one() -> f64 {
    1.0
}

/// One step of a capacity schedule: from week `from_week` (counted from the first simulated day),
/// or from the first day of `from_month` ("2011-03"), or from `from_date` ("2011-03-15"), the
/// stage has `capacity` places (omitted: unlimited). With `end_stays`, stays above the new
/// capacity end at once instead of running to their end.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawCapacityChange {
    #[serde(default)]
    pub from_week: Option<f64>,
    #[serde(default)]
    pub from_month: Option<String>,
    #[serde(default)]
    pub from_date: Option<String>,
    #[serde(default)]
    pub capacity: Option<i64>,
    #[serde(default)]
    pub end_stays: bool,
}

/// Outcome-based payment (Aarhus: a third at start, at placement, at self-sufficiency).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawOutcomePayment {
    #[serde(default)]
    pub at_start_dkk: f64,
    #[serde(default)]
    pub at_placement_dkk: f64,
    #[serde(default)]
    pub at_selfsufficiency_dkk: f64,
    #[serde(default = "default_selfsufficiency_within_weeks")]
    pub selfsufficiency_within_weeks: f64,
}

pub fn default_selfsufficiency_within_weeks() -> f64 {
    13.0
}

/// Where a citizen goes when a stay ends.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawRoute {
    pub to: String,
    pub weight: f64,
    #[serde(default)]
    pub fallback: Option<String>,
    #[serde(default)]
    pub max_wait_days: Option<f64>,
}

/// Early end of a stay.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawBreakdown {
    pub probability: f64,
    /// Time from start to breakdown, in the stage's duration unit.
    pub after: DistSpec,
    pub to: String,
}

/// `[[paths]]`: where citizens enter, by segment and stream.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawPath {
    pub name: String,
    /// Omitted: every segment.
    #[serde(default)]
    pub segments: Option<Vec<String>>,
    /// Omitted: every stream (`new`, `returner`, `stock`).
    #[serde(default)]
    pub streams: Option<Vec<String>>,
    pub to: String,
    #[serde(default)]
    pub delay_days: f64,
    /// Random delay in days, drawn per citizen (instead of a fixed `delay_days`).
    #[serde(default)]
    pub delay: Option<DistSpec>,
    #[serde(default)]
    pub after_weeks_on_benefit: f64,
    #[serde(default)]
    pub fallback: Option<String>,
    #[serde(default)]
    pub max_wait_days: Option<f64>,
}

/// `[reporting]`: how some KPIs are measured.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawReporting {
    #[serde(default = "default_placed_within_days")]
    pub placed_within_days: f64,
    #[serde(default = "default_followup_days")]
    pub followup_days: f64,
}

impl Default for RawReporting {
    fn default() -> Self {
        RawReporting {
            placed_within_days: default_placed_within_days(),
            followup_days: default_followup_days(),
        }
    }
}

pub fn default_placed_within_days() -> f64 {
    10.0
}

pub fn default_followup_days() -> f64 {
    91.0
}

/// `[[staff]]`: a pool of staff in one role. Either `caseload_per_fte` with `stages` (each
/// citizen in those stages takes a slot), or `conversations_per_day` (timed conversation work on
/// the contact plan).
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStaff {
    pub role: String,
    #[serde(default)]
    pub label: Option<String>,
    /// Staffing; omitted means "measure what is needed" (no limit).
    #[serde(default)]
    pub fte: Option<f64>,
    #[serde(default)]
    pub caseload_per_fte: Option<f64>,
    #[serde(default)]
    pub stages: Vec<String>,
    #[serde(default)]
    pub conversations_per_day: Option<f64>,
    #[serde(default = "default_conversation_days")]
    pub conversation_days_per_week: f64,
    #[serde(default = "default_weeks_per_fte")]
    pub weeks_per_fte: f64,
    #[serde(default)]
    pub no_show_rate: f64,
    #[serde(default)]
    pub admin_share: f64,
    #[serde(default)]
    pub sickness_share: f64,
    /// Conversations are booked this many days before they fall due, so there is slack to
    /// hold them on time.
    #[serde(default = "default_booking_lead_days")]
    pub booking_lead_days: f64,
    /// Segments whose conversations this role holds; omitted: every segment.
    #[serde(default)]
    pub segments: Option<Vec<String>>,
}

pub fn default_conversation_days() -> f64 {
    3.0
}

pub fn default_weeks_per_fte() -> f64 {
    44.0
}

/// ASSUMPTION: a working week of slack before each deadline.
pub fn default_booking_lead_days() -> f64 {
    7.0
}

/// `[contact_plan]`: conversations per citizen per year.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawContactPlan {
    #[serde(default = "default_standard_per_year")]
    pub standard_per_year: f64,
    #[serde(default = "default_intensive_per_year")]
    pub intensive_per_year: f64,
    #[serde(default)]
    pub intensive_share: f64,
}

impl Default for RawContactPlan {
    fn default() -> Self {
        RawContactPlan {
            standard_per_year: default_standard_per_year(),
            intensive_per_year: default_intensive_per_year(),
            intensive_share: 0.0,
        }
    }
}

pub fn default_standard_per_year() -> f64 {
    4.0
}

pub fn default_intensive_per_year() -> f64 {
    24.0
}

/// `[deadlines]`: statutory timing, in calendar days from the start of the benefit spell.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawDeadlines {
    #[serde(default = "default_first_conversation_under30")]
    pub first_conversation_days_under30: f64,
    #[serde(default = "default_first_conversation_30plus")]
    pub first_conversation_days_30plus: f64,
    #[serde(default = "default_first_offer_under30")]
    pub first_offer_days_under30: f64,
    #[serde(default = "default_first_offer_30plus")]
    pub first_offer_days_30plus: f64,
}

impl Default for RawDeadlines {
    fn default() -> Self {
        RawDeadlines {
            first_conversation_days_under30: default_first_conversation_under30(),
            first_conversation_days_30plus: default_first_conversation_30plus(),
            first_offer_days_under30: default_first_offer_under30(),
            first_offer_days_30plus: default_first_offer_30plus(),
        }
    }
}

/// One month ("Kortlægning af jobfokus i den aktive indsats", Beskæftigelsesregion Nordjylland;
/// docs/model.md).
pub fn default_first_conversation_under30() -> f64 {
    30.0
}

/// Three months.
pub fn default_first_conversation_30plus() -> f64 {
    91.0
}

/// 13 weeks.
pub fn default_first_offer_under30() -> f64 {
    91.0
}

/// Nine months.
pub fn default_first_offer_30plus() -> f64 {
    274.0
}

/// `[effects]`: how effort changes the chance of leaving benefit. The source documents give
/// directions, not sizes, so every value is an assumption to vary.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawEffects {
    /// Hazard multiplier while on the intensive contact plan (> 1: conversations help).
    #[serde(default = "one")]
    pub conversation_effect: f64,
    /// Effects shrink by exp(−rate × weeks on benefit when the effort starts): late effort is
    /// harder ("Indsatsguide Langtidsledighed", Marselisborg 2013).
    #[serde(default)]
    pub effect_decay_per_week: f64,
}

impl Default for RawEffects {
    fn default() -> Self {
        RawEffects {
            conversation_effect: 1.0,
            effect_decay_per_week: 0.0,
        }
    }
}

/// `[strategy]` or one of `[[strategies]]`.
#[derive(Debug, Clone, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RawStrategy {
    /// Needed in `[[strategies]]`; `[strategy]` defaults to its kind.
    #[serde(default)]
    pub name: Option<String>,
    /// "catch-all", "selection", "deadweight" or "none".
    #[schemars(extend("enum" = ["catch-all", "selection", "deadweight", "none"]))]
    pub kind: String,
    /// Per-segment kinds (mixed strategies), e.g. `{ under30 = "catch-all" }`.
    #[serde(default)]
    pub by_segment: std::collections::BTreeMap<String, String>,
    #[serde(default = "default_switch_week")]
    pub switch_week: f64,
    #[serde(default = "default_screening")]
    pub sensitivity: f64,
    #[serde(default = "default_screening")]
    pub specificity: f64,
    /// Largest flagged share; default: the segment's share still on benefit at week 39.
    #[serde(default)]
    pub flag_cap: Option<f64>,
}

/// "ofte 39 uger" ("Indsatsguide Langtidsledighed", Marselisborg 2013).
pub fn default_switch_week() -> f64 {
    39.0
}

/// ASSUMPTION: screening is hard ("Indsatsguide Langtidsledighed", Marselisborg 2013); 0.7
/// either way.
pub fn default_screening() -> f64 {
    0.7
}
