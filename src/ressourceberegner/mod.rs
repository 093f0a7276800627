//! The ressourceberegner (resource calculator) of seed 002, "Indsatsguide Langtidsledighed"
//! (Marselisborg, 2013): the team leader's spreadsheet that turns a caseload into conversations a
//! year and an FTE grid, reproduced exactly, plus the FTE answers the leader otherwise reads off
//! the grid by eye and the factors the spreadsheet leaves out (no-shows, conversation length,
//! administration, sickness). See `docs/staffing.md`, and docs/model.md for the source.
//!
//! - [`inputs`]: flags or a `[ressourceberegner]` table → checked [`ValidInputs`];
//! - [`compute`](mod@compute): the arithmetic, a pure function of the inputs;
//! - rendering is a document like every command's: `crate::export::documents::calc`.

pub mod compute;
pub mod inputs;

pub use compute::*;
pub use inputs::*;

/// The general block's frequencies (conversations per citizen per year) with the spreadsheet's
/// labels and their English, in the spreadsheet's order.
pub const GENERAL_FREQUENCIES: [(u32, &str, &str); 3] = [
    (4, "Rettidighed", "On time (rettidighed)"),
    (6, "Hver anden måned", "Every other month"),
    (12, "Hver måned", "Every month"),
];

/// The intensified block's frequencies for the intensive group, in the spreadsheet's order.
pub const INTENSIVE_FREQUENCIES: [(u32, &str, &str); 3] = [
    (24, "To gange i måneden", "Twice a month"),
    (12, "Hver måned", "Every month"),
    (6, "Hver anden måned", "Every other month"),
];

/// Conversations a year that keep a citizen on time (rettidighed): every three months. The
/// non-intensive citizens of the intensified block get exactly this many.
pub const STATUTORY_FREQUENCY: u32 = 4;

/// Rows of the FTE grid: 1 to 8 conversations per conversation day.
pub const GRID_CONVERSATIONS_PER_DAY: usize = 8;

/// Columns of the FTE grid: 1 to 9 FTE (årsværk).
pub const GRID_FTE: usize = 9;
