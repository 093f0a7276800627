//! The key figures a run reports: one catalogue with each figure's stable JSON key, its Danish
//! label for people, its unit and what it means. Engine and writers index figures by [`Kpi`].

/// A key figure. The discriminant is the index into per-replication vectors.
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

/// What a figure is, for writers and documentation.
#[derive(Debug, Clone, Copy)]
pub struct KpiInfo {
    pub kpi: Kpi,
    /// Stable JSON/CSV key: a contract, never renamed.
    pub key: &'static str,
    /// Danish label shown in tables.
    pub label: &'static str,
    pub unit: Unit,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Count,
    Share,
    Days,
    Weeks,
    PerMonth,
    Months,
    Dkk,
}

impl Unit {
    /// Short unit text for tables.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Count => "",
            Unit::Share => "%",
            Unit::Days => "dage",
            Unit::Weeks => "uger",
            Unit::PerMonth => "pr. md.",
            Unit::Months => "md.",
            Unit::Dkk => "kr.",
        }
    }
}

macro_rules! catalogue {
    ($( $kpi:ident, $key:literal, $label:literal, $unit:ident; )*) => {
        /// Every key figure, in report order.
        pub const KPIS: &[KpiInfo] = &[
            $( KpiInfo { kpi: Kpi::$kpi, key: $key, label: $label, unit: Unit::$unit }, )*
        ];
    };
}

catalogue! {
    Mal1CompanyActivation, "mal1_company_activation", "Mål 1: i virksomhedsrettet aktivering (slut)", Count;
    Mal2Selfsufficient4w, "mal2_selfsufficient_4w", "Mål 2: selvforsørgende 4 uger efter", Share;
    Mal2Selfsufficient13w, "mal2_selfsufficient_13w", "Selvforsørgende 13 uger efter", Share;
    Mal2Selfsufficient26w, "mal2_selfsufficient_26w", "Selvforsørgende 26 uger efter", Share;
    CompanyShareOfActivation, "company_share_of_activation", "Virksomhedsandel af aktiverede", Share;
    CompanyShareOfTargetGroup, "company_share_of_target_group", "Virksomhedsandel af målgruppen", Share;
    TargetGroupTotal, "target_group_total", "Målgruppen i alt (slut)", Count;
    ActiveStock, "active_stock", "Aktive (slut)", Count;
    PassiveStock, "passive_stock", "Passive (slut)", Count;
    PlacedShare, "placed_share", "Andel henviste i virksomhedspraktik", Share;
    PlacedWithinTargetDaysShare, "placed_within_target_days_share", "Andel i praktik inden for målet", Share;
    TimeToFirstPlacementDays, "time_to_first_placement_days", "Tid fra indgang til 1. praktik", Days;
    TimeOnBenefitWeeks, "time_on_benefit_weeks", "Tid på ydelse ved afgang", Weeks;
    SelfsufficientPerMonth, "selfsufficient_per_month", "Selvforsørgende pr. måned", PerMonth;
    ArrivalsPerMonth, "arrivals_per_month", "Tilgang pr. måned", PerMonth;
    MonthsWithOverdueWait, "months_with_overdue_wait", "Måneder med ventetid over max", Months;
    MonthsPastOfferDeadline, "months_past_offer_deadline", "Måneder med borgere uden tilbud over fristen", Months;
    CostTotalDkk, "cost_total_dkk", "Udgift i alt", Dkk;
    CostPerSelfsufficientDkk, "cost_per_selfsufficient_dkk", "Udgift pr. selvforsørgende", Dkk;
    FirstConversationOnTimeShare, "first_conversation_on_time_share", "Første jobsamtale rettidigt", Share;
    FirstOfferOnTimeShare, "first_offer_on_time_share", "Første tilbud rettidigt", Share;
    OnBenefit26w, "on_benefit_26w", "Stadig på ydelse efter 26 uger", Share;
    OnBenefit39w, "on_benefit_39w", "Stadig på ydelse efter 39 uger", Share;
    OnBenefit52w, "on_benefit_52w", "Stadig på ydelse efter 52 uger", Share;
    FlaggedShare, "flagged_share", "Andel udpeget ved screening", Share;
}

impl Kpi {
    pub fn info(self) -> &'static KpiInfo {
        &KPIS[self as usize]
    }

    pub fn key(self) -> &'static str {
        self.info().key
    }
}

/// Number of key figures.
pub fn count() -> usize {
    KPIS.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_order_matches_the_enum() {
        for (i, info) in KPIS.iter().enumerate() {
            assert_eq!(info.kpi as usize, i, "{}", info.key);
        }
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = KPIS.iter().map(|k| k.key).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), KPIS.len());
    }
}
