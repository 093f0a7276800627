//! One document builder per command: how `run`, `compare`, `size`, `calc` and `sweep` results become a
//! [`crate::export::Document`] (the JSON contract, machine tables and what people read).

pub mod calc;
pub mod compare;
pub mod monthly;
pub mod run;
pub mod size;
pub mod size_after_closing;
pub mod staff;
pub mod sweep;
