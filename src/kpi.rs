//! Key figures by index: [`Kpi`] names a position in the catalogue [`crate::figures::KPIS`],
//! which per-replication vectors follow.

pub use crate::figures::{Kpi, Unit, KPIS};

/// Number of key figures.
pub fn count() -> usize {
    KPIS.len()
}
