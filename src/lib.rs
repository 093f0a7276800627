//! kapacitet: capacity planning and discrete-event simulation for Danish job centres.
//!
//! Data flows one way: a TOML scenario ([`scenario`]) becomes a validated [`model::Model`];
//! [`runner`] runs replications of the [`engine`] in parallel, each a pure function of model
//! and seed; [`report`] turns them into statistics; [`export`] writes them. See
//! docs/ARCHITECTURE.md for the map.

pub mod binned;
pub mod calendar;
pub mod citizen;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod dist;
pub mod engine;
pub mod export;
pub mod figures;
pub mod lang;
pub mod model;
pub mod monitor;
pub mod options;
pub mod path;
pub mod replication;
pub mod report;
pub mod ressourceberegner;
pub mod rng;
pub mod runner;
pub mod scenario;
pub mod sizing;
pub mod staff;
pub mod stage;
pub mod stats;
pub mod strategy;
pub mod survival;
pub mod sweep;
