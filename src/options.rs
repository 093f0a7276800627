//! Arguments turned into validated options before anything runs: the scenario with its
//! overrides (`--set`), the replications, seed and threads to run with, and the output
//! directory. A refusal here is the user's to fix (exit 2).

use std::path::PathBuf;

use crate::cli::{ScenarioArgs, ShowArgs};
use crate::export::out_dir::OutDir;
use crate::export::out_file::OutFile;
use crate::export::Style;
use crate::model::Model;
use crate::scenario::{Override, Scenario, ScenarioError, Source};

/// Why a command does not start.
#[derive(Debug)]
pub enum Refusal {
    /// The scenario file or an override is wrong: every problem, located.
    Scenario(ScenarioError),
    /// An argument is wrong: what is wrong and what would be valid.
    Message(String),
}

impl From<ScenarioError> for Refusal {
    fn from(e: ScenarioError) -> Refusal {
        Refusal::Scenario(e)
    }
}

impl From<String> for Refusal {
    fn from(m: String) -> Refusal {
        Refusal::Message(m)
    }
}

/// The scenario named on the command line (or the embedded default) with every `--set`.
pub fn scenario(args: &ScenarioArgs) -> Result<Scenario, Refusal> {
    let source = match &args.scenario {
        Some(path) => Source::read(path)?,
        None => Source::embedded(),
    };
    let overrides = args
        .set
        .iter()
        .enumerate()
        .map(|(i, text)| Override::parse(text, format!("--set #{}", i + 1)))
        .collect::<Result<Vec<_>, String>>()?;
    Ok(Scenario::new(source, overrides)?)
}

/// How to run: replications, base seed and worker threads.
#[derive(Debug, Clone, Copy)]
pub struct Runs {
    pub replications: u32,
    pub seed: u64,
    pub threads: Option<usize>,
}

impl Runs {
    /// The flags, or else the scenario's own settings; at least `min` replications.
    pub fn new(
        model: &Model,
        replications: Option<u32>,
        seed: Option<u64>,
        threads: Option<u32>,
        min: u32,
    ) -> Runs {
        Runs {
            replications: replications.unwrap_or(model.replications).max(min),
            seed: seed.unwrap_or(model.seed),
            threads: threads.map(|t| t as usize),
        }
    }
}

/// `--out DIR`, checked before anything runs.
pub fn out(dir: &Option<PathBuf>) -> Result<Option<OutDir>, Refusal> {
    Ok(dir.as_deref().map(OutDir::check).transpose()?)
}

/// How results are shown and which workbook to write, checked before anything runs.
#[derive(Debug, Clone, Default)]
pub struct Show {
    pub style: Style,
    pub xlsx: Option<OutFile>,
}

/// `--lang`, `--wide`, `--csv-style` and `--xlsx FILE`, checked.
pub fn show(args: &ShowArgs) -> Result<Show, Refusal> {
    Ok(Show {
        style: Style {
            lang: args.lang.lang,
            wide: args.wide,
            csv: args.csv_style,
        },
        xlsx: args
            .xlsx
            .as_deref()
            .map(|f| OutFile::check(f, "--xlsx"))
            .transpose()?,
    })
}
