//! The one catalogue of every figure kapacitet reports: key figures, stage figures and staff
//! figures, each with its stable key (a contract for JSON, CSV and targets), its Danish and
//! English labels (long, and short for column headers), its unit, the decimals people read it
//! with, and whether higher or lower is better. Tables, JSON, CSV, sizing targets and comparison
//! rankings all read it here; nothing guesses a unit or a direction from a name.

use serde::Serialize;

pub use crate::lang::Lang;

/// What a figure measures. Shares are 0 to 1 in files and percent on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Count,
    Share,
    Days,
    Weeks,
    PerMonth,
    Months,
    Dkk,
    /// Full-time equivalents (årsværk).
    Fte,
}

impl Unit {
    /// Short unit text after a value.
    pub fn suffix(self, lang: Lang) -> &'static str {
        match self {
            Unit::Count => "",
            Unit::Share => "%",
            Unit::Days => lang.pick("dage", "days"),
            Unit::Weeks => lang.pick("uger", "weeks"),
            Unit::PerMonth => lang.pick("pr. md.", "per month"),
            Unit::Months => lang.pick("md.", "months"),
            Unit::Dkk => lang.pick("kr.", "DKK"),
            Unit::Fte => lang.pick("årsværk", "FTE"),
        }
    }

    /// A value as people read it: shares in percent.
    pub fn scale(self, v: f64) -> f64 {
        match self {
            Unit::Share => v * 100.0,
            _ => v,
        }
    }

    /// The smallest and largest value a figure of this unit can take.
    pub fn range(self) -> (f64, f64) {
        match self {
            Unit::Share => (0.0, 1.0),
            _ => (0.0, f64::INFINITY),
        }
    }
}

/// Which way a figure is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
    /// Neither: a stock or a flow whose level is a matter of policy, not of quality.
    Neither,
}

impl Direction {
    /// `a` is better than `b`, or (for `Neither`) smaller, so rankings are still stable.
    pub fn ranks_before(self, a: f64, b: f64) -> std::cmp::Ordering {
        match self {
            Direction::HigherIsBetter => b.total_cmp(&a),
            Direction::LowerIsBetter | Direction::Neither => a.total_cmp(&b),
        }
    }

    /// How a ranking by this figure reads, for people.
    pub fn ranking_words(self, lang: Lang) -> &'static str {
        match self {
            Direction::HigherIsBetter => lang.pick("højest først", "highest first"),
            Direction::LowerIsBetter => lang.pick("lavest først", "lowest first"),
            Direction::Neither => lang.pick(
                "lavest først; hverken højt eller lavt er bedre",
                "lowest first; neither high nor low is better",
            ),
        }
    }
}

/// One figure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Figure {
    /// Stable key in JSON, CSV and targets: a contract, never renamed.
    pub key: &'static str,
    pub da: &'static str,
    pub en: &'static str,
    /// Column headers.
    pub short_da: &'static str,
    pub short_en: &'static str,
    pub unit: Unit,
    /// Decimals on screen, after scaling (shares in percent).
    pub decimals: usize,
    pub direction: Direction,
}

impl Figure {
    pub fn label(&self, lang: Lang) -> &'static str {
        lang.pick(self.da, self.en)
    }

    pub fn short(&self, lang: Lang) -> &'static str {
        lang.pick(self.short_da, self.short_en)
    }
}

use Direction::{HigherIsBetter as Higher, LowerIsBetter as Lower, Neither};

macro_rules! figures {
    ($name:ident, $doc:literal, $( $key:literal, $da:literal, $en:literal, $sda:literal, $sen:literal, $unit:ident, $dec:literal, $dir:ident; )*) => {
        #[doc = $doc]
        pub const $name: &[Figure] = &[
            $( Figure { key: $key, da: $da, en: $en, short_da: $sda, short_en: $sen, unit: Unit::$unit, decimals: $dec, direction: $dir }, )*
        ];
    };
}

/// A key figure. The discriminant is the index into [`KPIS`] and into per-replication vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kpi {
    Mal1CompanyActivation,
    Mal2Selfsufficient4w,
    Mal2Selfsufficient13w,
    Mal2Selfsufficient26w,
    CompanyShareOfActivation,
    CompanyShareOfTargetGroup,
    TargetGroupTotal,
    ActiveStock,
    PassiveStock,
    PlacedShare,
    PlacedWithinTargetDaysShare,
    TimeToFirstPlacementDays,
    TimeOnBenefitWeeks,
    SelfsufficientPerMonth,
    ArrivalsPerMonth,
    MonthsWithOverdueWait,
    MonthsPastOfferDeadline,
    CostTotalDkk,
    CostPerSelfsufficientDkk,
    FirstConversationOnTimeShare,
    FirstOfferOnTimeShare,
    OnBenefit26w,
    OnBenefit39w,
    OnBenefit52w,
    FlaggedShare,
}

impl Kpi {
    pub fn info(self) -> &'static Figure {
        &KPIS[self as usize]
    }

    pub fn key(self) -> &'static str {
        self.info().key
    }
}

figures! { KPIS, "Every key figure, in report order (the order of [`Kpi`]).",
    "mal1_company_activation", "Mål 1: i virksomhedsrettet aktivering (slut)", "Mål 1: in company-based activation (end)", "Mål 1", "Mål 1", Count, 1, Higher;
    "mal2_selfsufficient_4w", "Mål 2: selvforsørgende 4 uger efter", "Mål 2: self-sufficient 4 weeks after", "Mål 2", "Mål 2", Share, 1, Higher;
    "mal2_selfsufficient_13w", "Selvforsørgende 13 uger efter", "Self-sufficient 13 weeks after", "Selvf. 13 u.", "Self-suff. 13 w", Share, 1, Higher;
    "mal2_selfsufficient_26w", "Selvforsørgende 26 uger efter", "Self-sufficient 26 weeks after", "Selvf. 26 u.", "Self-suff. 26 w", Share, 1, Higher;
    "company_share_of_activation", "Virksomhedsandel af aktiverede", "Company share of activation", "Virks. af aktive", "Company/active", Share, 1, Higher;
    "company_share_of_target_group", "Virksomhedsandel af målgruppen", "Company share of the target group", "Virks. af målgr.", "Company/target", Share, 1, Higher;
    "target_group_total", "Målgruppen i alt (slut)", "Target group in total (end)", "Målgruppe", "Target group", Count, 1, Lower;
    "active_stock", "Aktive (slut)", "Active (end)", "Aktive", "Active", Count, 1, Neither;
    "passive_stock", "Passive (slut)", "Passive (end)", "Passive", "Passive", Count, 1, Lower;
    "placed_share", "Andel henviste i virksomhedspraktik", "Share of referred placed in a company", "Placeret", "Placed", Share, 1, Higher;
    "placed_within_target_days_share", "Andel i praktik inden for målet", "Share placed within the target days", "Placeret i tide", "Placed in time", Share, 1, Higher;
    "time_to_first_placement_days", "Tid fra indgang til 1. praktik", "Time from entry to first placement", "Tid til praktik", "Time to placement", Days, 1, Lower;
    "time_on_benefit_weeks", "Tid på ydelse ved afgang", "Time on benefit at exit", "Tid på ydelse", "Time on benefit", Weeks, 1, Lower;
    "selfsufficient_per_month", "Selvforsørgende pr. måned", "Self-sufficient per month", "Selvf./md.", "Self-suff./month", PerMonth, 1, Higher;
    "arrivals_per_month", "Tilgang pr. måned", "Arrivals per month", "Tilgang/md.", "Arrivals/month", PerMonth, 1, Neither;
    "months_with_overdue_wait", "Måneder med ventetid over max", "Months with a wait over the maximum", "Md. m. ventetid", "Months overdue", Months, 1, Lower;
    "months_past_offer_deadline", "Måneder med borgere uden tilbud over fristen", "Months with citizens past the offer deadline", "Md. u. tilbud", "Months w/o offer", Months, 1, Lower;
    "cost_total_dkk", "Udgift i alt", "Total cost", "Udgift", "Cost", Dkk, 0, Lower;
    "cost_per_selfsufficient_dkk", "Udgift pr. selvforsørgende", "Cost per self-sufficient citizen", "Udgift/selvf.", "Cost/self-suff.", Dkk, 0, Lower;
    "first_conversation_on_time_share", "Første jobsamtale rettidigt", "First job conversation on time", "1. samtale i tide", "1st talk in time", Share, 1, Higher;
    "first_offer_on_time_share", "Første tilbud rettidigt", "First offer on time", "1. tilbud i tide", "1st offer in time", Share, 1, Higher;
    "on_benefit_26w", "Stadig på ydelse efter 26 uger", "Still on benefit after 26 weeks", "Ydelse 26 u.", "Benefit 26 w", Share, 1, Lower;
    "on_benefit_39w", "Stadig på ydelse efter 39 uger", "Still on benefit after 39 weeks", "Ydelse 39 u.", "Benefit 39 w", Share, 1, Lower;
    "on_benefit_52w", "Stadig på ydelse efter 52 uger", "Still on benefit after 52 weeks", "Ydelse 52 u.", "Benefit 52 w", Share, 1, Lower;
    "flagged_share", "Andel udpeget ved screening", "Share flagged by screening", "Udpeget", "Flagged", Share, 1, Neither;
}

figures! { STAGE_FIGURES, "Every stage figure, in the order of [`crate::replication::StageFigures::values`].",
    "utilisation", "Belægning", "Utilisation", "Belægn.", "Used", Share, 0, Neither;
    "occupancy_mean", "Pladser i brug", "Places in use", "I brug", "In use", Count, 0, Neither;
    "capacity_mean", "Pladser", "Places", "Pladser", "Places", Count, 0, Neither;
    "queue_mean", "Kø", "Queue", "Kø", "Queue", Count, 1, Lower;
    "wait_days_mean", "Liggetid", "Waiting time (liggetid)", "Ligget.", "Wait", Days, 1, Lower;
    "wait_days_p50", "Liggetid P50", "Waiting time P50", "P50", "P50", Days, 1, Lower;
    "wait_days_p90", "Liggetid P90", "Waiting time P90", "P90", "P90", Days, 1, Lower;
    "stay_days_mean", "Varighed", "Length of stay", "Varighed", "Stay", Days, 1, Neither;
    "referrals_per_month", "Henvisninger pr. måned", "Referrals per month", "Henv./md", "Ref./mo", PerMonth, 1, Neither;
    "entries_per_month", "Starter pr. måned", "Starts per month", "Start/md", "Starts/mo", PerMonth, 1, Neither;
    "cost_dkk", "Udgift", "Cost", "Udgift kr.", "Cost DKK", Dkk, 0, Lower;
    "wait_all_days_mean", "Tid i kø, alle henviste (Kaplan-Meier)", "Time in queue, everyone referred (Kaplan-Meier)", "Kø-tid alle", "Queued, all", Days, 1, Lower;
    "wait_days_p50_pooled", "Liggetid P50, samlet over replikationer", "Waiting time P50, pooled over replications", "P50 samlet", "P50 pooled", Days, 1, Lower;
    "wait_days_p90_pooled", "Liggetid P90, samlet over replikationer", "Waiting time P90, pooled over replications", "P90 samlet", "P90 pooled", Days, 1, Lower;
}

figures! { STAFF_FIGURES, "Every staff figure, in the order of [`crate::replication::StaffFigures::values`].",
    "fte", "årsværk", "FTE", "Årsværk", "FTE", Fte, 1, Neither;
    "fte_needed_mean", "årsværk der skal til", "FTE needed", "Behov gns.", "Need mean", Fte, 2, Lower;
    "fte_needed_p90", "årsværk der skal til (P90 over uger)", "FTE needed (P90 over weeks)", "Behov P90", "Need P90", Fte, 2, Lower;
    "caseload_mean", "sager", "caseload", "Sager", "Cases", Count, 1, Neither;
    "caseload_per_fte", "sager pr. årsværk", "caseload per FTE", "Pr. åv.", "Per FTE", Count, 1, Neither;
    "backlog_mean", "samtaler i kø", "conversation backlog", "Kø", "Backlog", Count, 1, Lower;
    "backlog_p90", "samtaler i kø (P90 over uger)", "conversation backlog (P90 over weeks)", "Kø P90", "Backlog P90", Count, 1, Lower;
    "overdue_mean", "forfaldne samtaler", "overdue conversations", "Forfaldne", "Overdue", Count, 1, Lower;
    "overdue_p90", "forfaldne samtaler (P90 over uger)", "overdue conversations (P90 over weeks)", "Forf. P90", "Overdue P90", Count, 1, Lower;
    "overdue_max", "forfaldne samtaler (største)", "overdue conversations (most)", "Forf. max", "Overdue max", Count, 1, Lower;
    "conversations_per_month", "samtaler pr. måned", "conversations per month", "Samt./md", "Talks/mo", PerMonth, 0, Neither;
    "on_time_share", "rettidighed", "conversations on time (rettidighed)", "Rettidighed", "On time", Share, 1, Higher;
    "no_shows_per_month", "udeblivelser pr. måned", "no-shows per month", "Udebl./md", "No-shows/mo", PerMonth, 1, Lower;
}

/// The key figure with `key`.
pub fn kpi(key: &str) -> Option<(Kpi, &'static Figure)> {
    KPIS.iter()
        .position(|f| f.key == key)
        .map(|i| (KPI_ORDER[i], &KPIS[i]))
}

/// Index of the stage figure with `key` in [`STAGE_FIGURES`].
pub fn stage_figure(key: &str) -> Option<usize> {
    STAGE_FIGURES.iter().position(|f| f.key == key)
}

/// Index of the staff figure with `key` in [`STAFF_FIGURES`].
pub fn staff_figure(key: &str) -> Option<usize> {
    STAFF_FIGURES.iter().position(|f| f.key == key)
}

/// [`Kpi`] by index, so a catalogue position gives back its enum value.
pub const KPI_ORDER: [Kpi; 25] = [
    Kpi::Mal1CompanyActivation,
    Kpi::Mal2Selfsufficient4w,
    Kpi::Mal2Selfsufficient13w,
    Kpi::Mal2Selfsufficient26w,
    Kpi::CompanyShareOfActivation,
    Kpi::CompanyShareOfTargetGroup,
    Kpi::TargetGroupTotal,
    Kpi::ActiveStock,
    Kpi::PassiveStock,
    Kpi::PlacedShare,
    Kpi::PlacedWithinTargetDaysShare,
    Kpi::TimeToFirstPlacementDays,
    Kpi::TimeOnBenefitWeeks,
    Kpi::SelfsufficientPerMonth,
    Kpi::ArrivalsPerMonth,
    Kpi::MonthsWithOverdueWait,
    Kpi::MonthsPastOfferDeadline,
    Kpi::CostTotalDkk,
    Kpi::CostPerSelfsufficientDkk,
    Kpi::FirstConversationOnTimeShare,
    Kpi::FirstOfferOnTimeShare,
    Kpi::OnBenefit26w,
    Kpi::OnBenefit39w,
    Kpi::OnBenefit52w,
    Kpi::FlaggedShare,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_order_matches_the_enum() {
        assert_eq!(KPI_ORDER.len(), KPIS.len());
        for (i, k) in KPI_ORDER.iter().enumerate() {
            assert_eq!(*k as usize, i, "{}", KPIS[i].key);
        }
    }

    #[test]
    fn keys_are_unique_within_each_scope() {
        for list in [KPIS, STAGE_FIGURES, STAFF_FIGURES] {
            let mut keys: Vec<&str> = list.iter().map(|k| k.key).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), list.len());
        }
    }

    #[test]
    fn stage_and_staff_figures_follow_the_replication_order() {
        let stage: Vec<&str> = STAGE_FIGURES.iter().map(|f| f.key).collect();
        assert_eq!(stage, crate::replication::STAGE_FIELDS);
        let staff: Vec<&str> = STAFF_FIGURES.iter().map(|f| f.key).collect();
        assert_eq!(staff, crate::replication::STAFF_FIELDS);
    }

    #[test]
    fn every_figure_has_both_languages() {
        for f in KPIS.iter().chain(STAGE_FIGURES).chain(STAFF_FIGURES) {
            for text in [f.da, f.en, f.short_da, f.short_en] {
                assert!(!text.trim().is_empty(), "{}", f.key);
            }
        }
    }

    #[test]
    fn direction_ranks_the_better_value_first() {
        use std::cmp::Ordering::Less;
        assert_eq!(Direction::HigherIsBetter.ranks_before(2.0, 1.0), Less);
        assert_eq!(Direction::LowerIsBetter.ranks_before(1.0, 2.0), Less);
    }
}
