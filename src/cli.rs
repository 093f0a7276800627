//! Command-line interface: parses arguments, loads scenarios, runs, prints, writes files, and
//! maps every failure to a message and an exit code (2: bad scenario or arguments; 1: a
//! runtime failure). Nothing here panics on user input.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::export::{self, Format};
use crate::model::Model;
use crate::scenario::{self, ScenarioError};
use crate::{report, runner};

/// Exit code for a bad scenario or bad arguments.
pub const EXIT_INPUT: i32 = 2;
/// Exit code for a failure while running or writing.
pub const EXIT_RUNTIME: i32 = 1;

#[derive(Debug, Parser)]
#[command(
    name = "kapacitet",
    version,
    about = "Capacity planning and simulation for job centres (jobcentre)",
    long_about = "Simulates citizens through visitation paths, courses, company centres and \
                  placements, and reports waiting times (liggetid), mål 1 and mål 2, occupancy \
                  and cost with 95 % confidence intervals.\n\nWithout a command it runs the \
                  embedded default job centre."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Simulate a scenario and print its key figures.
    Run(RunArgs),
    /// Validate a scenario file; list every problem and exit 2 if there are any.
    Check {
        /// Scenario file (TOML). Without it, the embedded default scenario is checked.
        scenario: Option<PathBuf>,
    },
    /// Print the default scenario as a commented TOML file to start from.
    Example,
}

#[derive(Debug, Args, Default)]
pub struct RunArgs {
    /// Scenario file (TOML). Without it, the embedded default job centre is run.
    pub scenario: Option<PathBuf>,
    /// Number of replications (overrides the scenario).
    #[arg(long, short = 'r', value_parser = clap::value_parser!(u32).range(1..))]
    pub replications: Option<u32>,
    /// Base random seed (overrides the scenario).
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u32).range(1..))]
    pub threads: Option<u32>,
    /// Output format on standard output.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write summary.json, kpis.csv, stages.csv, weekly.csv and survival.csv here.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
}

/// Run the command line; returns the process exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return e.exit_code();
        }
    };
    match cli.command {
        None => run(RunArgs::default()),
        Some(Command::Run(args)) => run(args),
        Some(Command::Check { scenario }) => check(scenario),
        Some(Command::Example) => {
            print!("{}", scenario::DEFAULT_SCENARIO);
            0
        }
    }
}

fn load(path: &Option<PathBuf>) -> Result<Model, ScenarioError> {
    match path {
        Some(p) => scenario::load_file(p),
        None => scenario::default_model(),
    }
}

fn report_scenario_error(e: &ScenarioError) -> i32 {
    eprintln!("{e}");
    let n = e.problems.len();
    eprintln!(
        "{n} problem{} in the scenario; nothing was run.",
        if n == 1 { "" } else { "s" }
    );
    EXIT_INPUT
}

fn check(path: Option<PathBuf>) -> i32 {
    match load(&path) {
        Ok(model) => {
            println!(
                "{}: ok — \"{}\", {} segments, {} stages, {} paths",
                path.as_ref()
                    .map_or(scenario::DEFAULT_SCENARIO_NAME.to_string(), |p| p
                        .display()
                        .to_string()),
                model.name,
                model.segments.len(),
                model.stages.len(),
                model.paths.len()
            );
            0
        }
        Err(e) => report_scenario_error(&e),
    }
}

fn run(args: RunArgs) -> i32 {
    let model = match load(&args.scenario) {
        Ok(m) => m,
        Err(e) => return report_scenario_error(&e),
    };
    let replications = args.replications.unwrap_or(model.replications);
    let seed = args.seed.unwrap_or(model.seed);

    let bar =
        ProgressBar::with_draw_target(Some(u64::from(replications)), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} replikationer ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(model.name.clone());
    let reps = runner::run_replications(
        &model,
        replications,
        seed,
        args.threads.map(|t| t as usize),
        &|| bar.inc(1),
    );
    bar.finish_and_clear();
    let reps = match reps {
        Ok(r) => r,
        Err(msg) => {
            eprintln!("error: {msg}");
            return EXIT_RUNTIME;
        }
    };
    let report = report::build(&model, seed, &reps);
    print!("{}", export::render(&report, args.format));
    if let Some(dir) = &args.out {
        match export::write_dir(&report, dir) {
            Ok(files) => {
                eprintln!("wrote {} files to {}", files.len(), dir.display());
            }
            Err(e) => {
                eprintln!("error: could not write results to {}: {e}", dir.display());
                return EXIT_RUNTIME;
            }
        }
    }
    0
}
