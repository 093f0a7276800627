//! Command-line interface: parses arguments, loads scenarios, runs, prints, writes files, and
//! maps every failure to a message and an exit code (2: bad scenario or arguments; 1: a
//! runtime failure). Nothing here panics on user input.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::export::out_dir::{Cleanup, OutDir};
use crate::export::{self, Format};
use crate::model::Model;
use crate::scenario::{self, ScenarioError};
use crate::{report, runner};

/// Exit code for a bad scenario or bad arguments.
pub const EXIT_INPUT: i32 = 2;
/// Exit code for a failure while running or writing.
pub const EXIT_RUNTIME: i32 = 1;
/// Exit code after SIGINT or SIGTERM (128 + SIGINT, as shells report an interrupted command).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Most worker threads: far above the cores of any machine this runs on, and few enough that
/// starting them cannot exhaust the system.
pub const MAX_THREADS: u32 = 256;
/// Most replications, as in a scenario file.
pub const MAX_REPLICATIONS: u32 = 1_000_000;

/// A line on standard error. A closed or full standard error is ignored: there is nowhere left
/// to say anything, and a panic would be worse.
macro_rules! say {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// Write `text` to standard output: a closed pipe (`| head`) ends quietly with 0, any other
/// failure (a full disk) with a message and exit code 1.
fn emit(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            say!("error: could not write the results to standard output: {e}");
            EXIT_RUNTIME
        }
    }
}

/// Check `--out` before anything runs (exit 2 when it cannot be used).
fn check_out(dir: &Option<PathBuf>) -> Result<Option<OutDir>, i32> {
    match dir.as_deref().map(OutDir::check).transpose() {
        Ok(out) => Ok(out),
        Err(msg) => {
            say!("error: {msg}");
            Err(EXIT_INPUT)
        }
    }
}

/// Write the `--out` set, then print `text`: the files are the lasting result, so a failing
/// standard output must not cost them.
fn deliver(
    out: Option<&OutDir>,
    files: Vec<(String, Vec<u8>)>,
    text: &str,
    cleanup: &Cleanup,
) -> i32 {
    if let Some(dir) = out {
        match dir.write(&files, cleanup) {
            Ok(()) => say!("wrote {} files to {}", files.len(), dir.path().display()),
            Err(e) => {
                say!(
                    "error: could not write results to {}: {e}",
                    dir.path().display()
                );
                // Still show the results on screen: they are all there is now.
                emit(text);
                return EXIT_RUNTIME;
            }
        }
    }
    emit(text)
}

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
    /// The ressourceberegner: conversations a year, the FTE grid and the FTE needed (seed 002).
    Calc(CalcArgs),
    /// Compare strategies side by side on the same citizens (common random numbers).
    Compare(CompareArgs),
    /// The smallest number of places in a stage (--stage) or FTE in a role (--role) that meets
    /// the targets, or the months in which a project can close (--close).
    Size(SizeArgs),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("lever").required(true).args(["stage", "role", "close"])))]
pub struct SizeArgs {
    /// Scenario file (TOML). Without it, the embedded default job centre is used.
    pub scenario: Option<PathBuf>,
    /// Stage whose places are searched.
    #[arg(long, value_name = "NAME")]
    pub stage: Option<String>,
    /// Staff role whose FTE are searched.
    #[arg(long, value_name = "NAME")]
    pub role: Option<String>,
    /// Stage (a project) to close: judge closing it at the start of each month.
    #[arg(long, value_name = "NAME")]
    pub close: Option<String>,
    /// A target, e.g. "liggetid_p90 <= 14", "no_month_past_offer_deadline", "mal1 >= 520".
    /// Repeat it; every target must hold. See docs/planning-a-transition.md.
    #[arg(long = "target", value_name = "TARGET", required = true)]
    pub targets: Vec<String>,
    /// With --stage: the searched number of places applies from this month (YYYY-MM); the
    /// scenario's schedule before it is kept. Default: the whole run, schedule replaced.
    #[arg(long, value_name = "YYYY-MM")]
    pub from_month: Option<String>,
    /// Fewest places (or FTE) to consider.
    #[arg(long, value_name = "N")]
    pub min: Option<f64>,
    /// Most places (or FTE) to consider.
    #[arg(long, value_name = "N")]
    pub max: Option<f64>,
    /// With --role: FTE step of the search.
    #[arg(long, default_value_t = 0.5, value_name = "FTE")]
    pub step: f64,
    /// With --close: places left after closing.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub to: u32,
    /// With --close: the participants leave at once when the project closes (otherwise its
    /// places close as their stays end).
    #[arg(long)]
    pub end_stays: bool,
    /// With --close: first month to consider (default: the first of the measured window).
    #[arg(long, value_name = "YYYY-MM")]
    pub first_month: Option<String>,
    /// With --close: last month to consider (default: the last of the measured window).
    #[arg(long, value_name = "YYYY-MM")]
    pub last_month: Option<String>,
    /// Replications per candidate to start with (default: the scenario's).
    #[arg(long, short = 'r', value_parser = clap::value_parser!(u32).range(2..=MAX_REPLICATIONS as i64))]
    pub replications: Option<u32>,
    /// Most replications per candidate when a target is in doubt (default: 8 × the start).
    #[arg(long, value_parser = clap::value_parser!(u32).range(2..=MAX_REPLICATIONS as i64))]
    pub max_replications: Option<u32>,
    /// Base random seed (overrides the scenario).
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u32).range(1..=MAX_THREADS as i64))]
    pub threads: Option<u32>,
    /// Output format on standard output.
    #[arg(long, short = 'f', value_enum, default_value_t = crate::export::size::SizeFormat::Table)]
    pub format: crate::export::size::SizeFormat,
    /// Also write size.json here.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Scenario file (TOML). Without it, the embedded default job centre is used.
    pub scenario: Option<PathBuf>,
    /// A strategy to compare: catch-all, selection, deadweight, or a name from the file's
    /// [[strategies]]. Repeat it; the first is the baseline for differences. Default: the
    /// three built-in strategies.
    #[arg(long = "strategy", value_name = "NAME")]
    pub strategies: Vec<String>,
    /// Number of replications per strategy (overrides the scenario).
    #[arg(long, short = 'r', value_parser = clap::value_parser!(u32).range(2..=MAX_REPLICATIONS as i64))]
    pub replications: Option<u32>,
    /// Base random seed (overrides the scenario).
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u32).range(1..=MAX_THREADS as i64))]
    pub threads: Option<u32>,
    /// Output format on standard output (csv: one row per figure and strategy).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write compare.json, compare.csv and survival_by_strategy.csv here.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Sensitivity: repeat the comparison for several values of one unknown effect, e.g.
    /// lockin=0.3,0.5,0.8 (lockin, effect_after, conversation_effect, effect_decay,
    /// sensitivity, specificity, switch_week).
    #[arg(long, value_name = "NAME=V1,V2,...")]
    pub vary: Option<String>,
    /// Key figure that ranks the strategies in a sensitivity sweep (lowest first).
    #[arg(long, default_value = "time_on_benefit_weeks")]
    pub rank_by: String,
}

#[derive(Debug, Args, Default)]
pub struct RunArgs {
    /// Scenario file (TOML). Without it, the embedded default job centre is run.
    pub scenario: Option<PathBuf>,
    /// Number of replications (overrides the scenario).
    #[arg(long, short = 'r', value_parser = clap::value_parser!(u32).range(1..=MAX_REPLICATIONS as i64))]
    pub replications: Option<u32>,
    /// Base random seed (overrides the scenario).
    #[arg(long, short = 's')]
    pub seed: Option<u64>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u32).range(1..=MAX_THREADS as i64))]
    pub threads: Option<u32>,
    /// Output format on standard output.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write summary.json, kpis.csv, stages.csv, staff.csv, weekly.csv, monthly.csv and
    /// survival.csv here.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    /// Show the month-by-month transition report in the table (shown by default when a stage
    /// has a capacity schedule).
    #[arg(long)]
    pub monthly: bool,
}

/// Inputs of `kapacitet calc`. Every number may also come from a `[ressourceberegner]` table
/// read with `--from`; a flag overrides the file. Negative numbers are accepted by the parser so
/// that the calculator, not clap, says what would be valid.
#[derive(Debug, Args, Default)]
pub struct CalcArgs {
    /// Antal borgere: citizens in the target group.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub citizens: Option<f64>,
    /// Antal dage med samtaler: conversation days per week per FTE, more than 0 and at most 7.
    #[arg(long, value_name = "D", allow_negative_numbers = true)]
    pub conversation_days: Option<f64>,
    /// Antal uger pr. årsværk: working weeks per FTE-year (typically 43–44).
    #[arg(long, value_name = "W", allow_negative_numbers = true)]
    pub weeks_per_fte: Option<f64>,
    /// Andel med behov for intensiveret indsats: share from 0 to 1, e.g. 0.30.
    #[arg(long, value_name = "P", allow_negative_numbers = true)]
    pub intensive_share: Option<f64>,
    /// Conversations per conversation day: answer the FTE needed for every total.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    pub conversations_per_day: Option<f64>,
    /// FTE (årsværk) available: answer the conversations a day needed for every total.
    #[arg(long, value_name = "N", allow_negative_numbers = true)]
    pub fte: Option<f64>,
    /// Share of booked conversations the citizen misses (each is rebooked), 0 to below 1.
    #[arg(long, value_name = "Q", allow_negative_numbers = true)]
    pub no_show_rate: Option<f64>,
    /// Minutes per conversation (with --day-minutes): conversations a day = day / conversation.
    #[arg(long, value_name = "M", allow_negative_numbers = true)]
    pub conversation_minutes: Option<f64>,
    /// Conversation minutes in a conversation day (with --conversation-minutes).
    #[arg(long, value_name = "D", allow_negative_numbers = true)]
    pub day_minutes: Option<f64>,
    /// Share of conversation-day time that goes to administration, 0 to below 1.
    #[arg(long, value_name = "A", allow_negative_numbers = true)]
    pub admin_share: Option<f64>,
    /// Share of working time lost to sickness absence, 0 to below 1.
    #[arg(long, value_name = "K", allow_negative_numbers = true)]
    pub sickness_share: Option<f64>,
    /// Output format on standard output.
    #[arg(long, short = 'f', value_enum, default_value_t = crate::ressourceberegner::Format::Table)]
    pub format: crate::ressourceberegner::Format,
    /// Read the inputs from the [ressourceberegner] table of this TOML file.
    #[arg(long, value_name = "FILE")]
    pub from: Option<PathBuf>,
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
    // On Ctrl-C or a termination request, a set being written is finished first, so no
    // temporary directory is left behind.
    let cleanup = Cleanup::default();
    {
        let cleanup = cleanup.clone();
        let _ = ctrlc::set_handler(move || cleanup.exit(EXIT_INTERRUPTED));
    }
    match cli.command {
        None => run(RunArgs::default(), &cleanup),
        Some(Command::Run(args)) => run(args, &cleanup),
        Some(Command::Check { scenario }) => check(scenario),
        Some(Command::Example) => emit(scenario::DEFAULT_SCENARIO),
        Some(Command::Calc(args)) => calc(args),
        Some(Command::Compare(args)) => compare(args, &cleanup),
        Some(Command::Size(args)) => size(args, &cleanup),
    }
}

fn load(path: &Option<PathBuf>) -> Result<Model, ScenarioError> {
    match path {
        Some(p) => scenario::load_file(p),
        None => scenario::default_model(),
    }
}

/// Valid but probably unintended settings, on standard error so output stays clean.
fn print_warnings(model: &Model) {
    for w in &model.warnings {
        say!("warning: {w}");
    }
}

fn report_scenario_error(e: &ScenarioError) -> i32 {
    say!("{e}");
    let n = e.problems.len();
    say!(
        "{n} problem{} in the scenario; nothing was run.",
        if n == 1 { "" } else { "s" }
    );
    EXIT_INPUT
}

fn check(path: Option<PathBuf>) -> i32 {
    match load(&path) {
        Ok(model) => {
            print_warnings(&model);
            let plural = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            emit(&format!(
                "{}: ok — \"{}\", {}, {}, {}, {}\n",
                path.as_ref()
                    .map_or(scenario::DEFAULT_SCENARIO_NAME.to_string(), |p| p
                        .display()
                        .to_string()),
                model.name,
                plural(model.segments.len(), "segment", "segments"),
                plural(model.stages.len(), "stage", "stages"),
                plural(model.paths.len(), "path", "paths"),
                plural(model.staff.len(), "staff role", "staff roles"),
            ))
        }
        Err(e) => report_scenario_error(&e),
    }
}

fn run(args: RunArgs, cleanup: &Cleanup) -> i32 {
    let model = match load(&args.scenario) {
        Ok(m) => m,
        Err(e) => return report_scenario_error(&e),
    };
    let out = match check_out(&args.out) {
        Ok(o) => o,
        Err(code) => return code,
    };
    print_warnings(&model);
    let replications = args.replications.unwrap_or(model.replications);
    let seed = args.seed.unwrap_or(model.seed);

    let bar = progress(u64::from(replications), &model.name);
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
            say!("error: {msg}");
            return EXIT_RUNTIME;
        }
    };
    let mut report = report::build(&model, seed, &reps);
    report.show_monthly |= args.monthly;
    let files = if out.is_some() {
        export::run_files(&report)
    } else {
        Vec::new()
    };
    deliver(
        out.as_ref(),
        files,
        &export::render(&report, args.format),
        cleanup,
    )
}

fn calc(args: CalcArgs) -> i32 {
    let flags = crate::ressourceberegner::PartialInputs {
        citizens: args.citizens,
        conversation_days_per_week: args.conversation_days,
        weeks_per_fte: args.weeks_per_fte,
        intensive_share: args.intensive_share,
        conversations_per_day: args.conversations_per_day,
        fte: args.fte,
        no_show_rate: args.no_show_rate,
        conversation_minutes: args.conversation_minutes,
        day_minutes: args.day_minutes,
        admin_share: args.admin_share,
        sickness_share: args.sickness_share,
    };
    let inputs = match crate::ressourceberegner::load_inputs(&flags, args.from.as_deref()) {
        Ok(inputs) => inputs,
        Err(e) => {
            say!("{e}");
            let n = e.problems.len();
            say!(
                "{n} problem{} in the input; nothing was calculated.",
                if n == 1 { "" } else { "s" }
            );
            return EXIT_INPUT;
        }
    };
    let calculation = crate::ressourceberegner::compute(&inputs);
    emit(&crate::ressourceberegner::render(&calculation, args.format))
}

fn progress(total: u64, message: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} replikationer ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(message.to_string());
    bar
}

fn compare(args: CompareArgs, cleanup: &Cleanup) -> i32 {
    let model = match load(&args.scenario) {
        Ok(m) => m,
        Err(e) => return report_scenario_error(&e),
    };
    let out = match check_out(&args.out) {
        Ok(o) => o,
        Err(code) => return code,
    };
    print_warnings(&model);
    let names = if args.strategies.is_empty() {
        crate::model::StrategyKind::ALL
            .iter()
            .map(|k| k.key().to_string())
            .collect()
    } else {
        args.strategies.clone()
    };
    let strategies = match crate::compare::resolve(&model, &names) {
        Ok(s) => s,
        Err(msg) => {
            say!("error: {msg}");
            return EXIT_INPUT;
        }
    };
    let vary = match args.vary.as_deref().map(crate::compare::parse_vary) {
        None => None,
        Some(Ok(v)) => Some(v),
        Some(Err(msg)) => {
            say!("error: {msg}");
            return EXIT_INPUT;
        }
    };
    if !crate::kpi::KPIS.iter().any(|k| k.key == args.rank_by) {
        say!(
            "error: --rank-by: \"{}\" is not a key figure; use one of {}",
            args.rank_by,
            crate::kpi::KPIS
                .iter()
                .map(|k| k.key)
                .collect::<Vec<_>>()
                .join(", ")
        );
        return EXIT_INPUT;
    }
    let replications = args.replications.unwrap_or(model.replications).max(2);
    let seed = args.seed.unwrap_or(model.seed);
    let threads = args.threads.map(|t| t as usize);
    let runs = strategies.len() as u64 * (1 + vary.as_ref().map_or(0, |(_, v)| v.len() as u64));
    let bar = progress(runs * u64::from(replications), &model.name);
    let result = crate::compare::compare(&model, &strategies, replications, seed, threads, &|| {
        bar.inc(1)
    })
    .and_then(|c| {
        let sweep = match &vary {
            Some((param, values)) => Some(crate::compare::sweep(
                &model,
                &strategies,
                *param,
                values,
                &args.rank_by,
                replications,
                seed,
                threads,
                &|| bar.inc(1),
            )?),
            None => None,
        };
        Ok((c, sweep))
    });
    bar.finish_and_clear();
    let (comparison, sweep) = match result {
        Ok(x) => x,
        Err(msg) => {
            say!("error: {msg}");
            return EXIT_RUNTIME;
        }
    };
    // Warnings about the file's own strategies were printed with the scenario's.
    for w in comparison
        .warnings
        .iter()
        .filter(|w| !model.warnings.contains(w))
    {
        say!("warning: {w}");
    }
    use crate::export::compare as writer;
    let text = match args.format {
        Format::Table => {
            let mut t = writer::table(&comparison);
            if let Some(s) = &sweep {
                t.push_str(&writer::sweep_table(s));
            }
            t
        }
        Format::Json => writer::json(&comparison, sweep.as_ref()),
        Format::Csv => writer::rows_csv(&comparison),
    };
    let files = [
        ("compare.json", writer::json(&comparison, sweep.as_ref())),
        ("compare.csv", writer::rows_csv(&comparison)),
        (
            "survival_by_strategy.csv",
            writer::survival_csv(&comparison),
        ),
    ]
    .into_iter()
    .map(|(name, text)| (name.to_string(), text.into_bytes()))
    .collect();
    deliver(out.as_ref(), files, &text, cleanup)
}

fn size(args: SizeArgs, cleanup: &Cleanup) -> i32 {
    use crate::export::size as out;
    use crate::sizing::{self, Budget, Lever};
    let model = match load(&args.scenario) {
        Ok(m) => m,
        Err(e) => return report_scenario_error(&e),
    };
    let out_dir = match check_out(&args.out) {
        Ok(o) => o,
        Err(code) => return code,
    };
    print_warnings(&model);
    let input_error = |msg: String| {
        say!("error: {msg}");
        EXIT_INPUT
    };
    let find_stage = |name: &str| {
        model.stage_index(name).ok_or_else(|| {
            let names: Vec<String> = model
                .stages
                .iter()
                .map(|s| format!("\"{}\"", s.name))
                .collect();
            format!(
                "no stage \"{name}\" in the scenario; use {}",
                names.join(", ")
            )
        })
    };
    let find_month = |flag: &str, text: &str| {
        sizing::month_index(&model, text).ok_or_else(|| {
            format!(
                "{flag} \"{text}\" is not a month of the run (write YYYY-MM between {} and {})",
                sizing::month_label(&model, 0),
                sizing::month_label(&model, model.calendar.months().saturating_sub(1))
            )
        })
    };
    let replications = args.replications.unwrap_or(model.replications).max(2);
    let budget = Budget {
        replications,
        max_replications: args
            .max_replications
            .unwrap_or(replications.saturating_mul(8))
            .max(replications),
        seed: args.seed.unwrap_or(model.seed),
        threads: args.threads.map(|t| t as usize),
    };
    let spinner = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    spinner.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let progress = |label: &str, reps: u32| {
        spinner.set_message(format!("{label}: {reps} replikationer"));
    };

    let stage = match args.stage.as_deref().map(find_stage).transpose() {
        Ok(s) => s,
        Err(e) => return input_error(e),
    };
    let role = match args.role.as_deref() {
        None => None,
        Some(name) => match model.staff.iter().position(|r| r.name == name) {
            Some(r) => Some(r),
            None => {
                let names: Vec<String> = model
                    .staff
                    .iter()
                    .map(|r| format!("\"{}\"", r.name))
                    .collect();
                return input_error(format!(
                    "no staff role \"{name}\" in the scenario; use {}",
                    if names.is_empty() {
                        "a scenario with [[staff]]".to_string()
                    } else {
                        names.join(", ")
                    }
                ));
            }
        },
    };
    let mut targets = Vec::new();
    for t in &args.targets {
        match sizing::parse_target(&model, t, stage, role) {
            Ok(t) => targets.push(t),
            Err(e) => return input_error(e),
        }
    }

    let doc = if let Some(name) = args.close.as_deref() {
        let close = match find_stage(name) {
            Ok(s) => s,
            Err(e) => return input_error(e),
        };
        let mut months = sizing::window_months(&model);
        if let Some(m) = &args.first_month {
            match find_month("--first-month", m) {
                Ok(i) => months.retain(|&x| x >= i),
                Err(e) => return input_error(e),
            }
        }
        if let Some(m) = &args.last_month {
            match find_month("--last-month", m) {
                Ok(i) => months.retain(|&x| x <= i),
                Err(e) => return input_error(e),
            }
        }
        if months.is_empty() {
            return input_error(
                "no month to consider: the months given lie outside the measured window"
                    .to_string(),
            );
        }
        let closing = sizing::Closing {
            stage: close,
            to: args.to,
            end_stays: args.end_stays,
        };
        match sizing::scan_close(&model, &closing, &months, &targets, &budget, &progress) {
            Ok(r) => out::CloseOutput {
                model: &model,
                closing: &closing,
                targets: &targets,
                budget: &budget,
                result: &r,
            }
            .into_doc(),
            Err(e) => {
                spinner.finish_and_clear();
                say!("error: {e}");
                return EXIT_RUNTIME;
            }
        }
    } else {
        let (lever, step) = if let Some(s) = stage {
            let from_day = match &args.from_month {
                None => None,
                Some(m) => match find_month("--from-month", m) {
                    Ok(i) => model.calendar.month_start(i),
                    Err(e) => return input_error(e),
                },
            };
            if from_day.is_none() && !model.stages[s].schedule.is_empty() {
                say!(
                    "warning: stage \"{}\" has a capacity schedule; without --from-month each candidate has one number of places for the whole run instead",
                    model.stages[s].name
                );
            }
            (Lever::Stage { stage: s, from_day }, 1.0)
        } else {
            let Some(r) = role else {
                return input_error("give --stage, --role or --close".to_string());
            };
            if args.from_month.is_some() {
                return input_error("--from-month is used with --stage only".to_string());
            }
            if !(0.01..=100.0).contains(&args.step) {
                return input_error(format!(
                    "--step must be a number of FTE from 0.01 to 100 (got {})",
                    crate::dist::show(args.step)
                ));
            }
            (
                Lever::Role {
                    role: r,
                    step: args.step,
                },
                args.step,
            )
        };
        // The same ceilings as in a scenario file: places in a stage, FTE in a role.
        let (ceiling, unit) = match lever {
            Lever::Stage { .. } => (crate::scenario::validate::MAX_PLACES as f64, "places"),
            Lever::Role { .. } => (crate::scenario::validate::MAX_FTE, "FTE"),
        };
        let steps = |v: f64, flag: &str| -> Result<u32, String> {
            if !(0.0..=ceiling).contains(&v) {
                return Err(format!(
                    "{flag} must be a number of {unit} from 0 to {ceiling} (got {})",
                    crate::dist::show(v)
                ));
            }
            Ok((v / step).round() as u32)
        };
        let min = match args.min.map(|v| steps(v, "--min")).transpose() {
            Ok(v) => v.unwrap_or(match lever {
                Lever::Stage { .. } => 0,
                Lever::Role { .. } => 1,
            }),
            Err(e) => return input_error(e),
        };
        let max = match args.max.map(|v| steps(v, "--max")).transpose() {
            Ok(v) => v,
            Err(e) => return input_error(e),
        };
        if max.is_some_and(|m| m < min) {
            return input_error("--max must not be below --min".to_string());
        }
        match sizing::size(&model, &lever, &targets, &budget, min, max, &progress) {
            Ok(r) => out::SizeOutput {
                model: &model,
                lever: &lever,
                targets: &targets,
                budget: &budget,
                result: &r,
            }
            .into_doc(),
            Err(e) => {
                spinner.finish_and_clear();
                say!("error: {e}");
                return EXIT_RUNTIME;
            }
        }
    };
    spinner.finish_and_clear();
    for w in &doc.warnings {
        say!("warning: {w}");
    }
    let files = vec![("size.json".to_string(), out::json(&doc).into_bytes())];
    deliver(
        out_dir.as_ref(),
        files,
        &out::render(&doc, args.format),
        cleanup,
    )
}
