//! The command line: clap's definitions of every command and flag, and `main`, which turns
//! arguments into validated options ([`crate::options`]) and hands them to a command
//! ([`crate::commands`]). Exit codes: 0 success, 2 bad scenario or arguments, 1 a failure while
//! running or writing, 130 after Ctrl-C. Nothing here panics on user input.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands::{self, EXIT_INTERRUPTED};
use crate::export::out_dir::Cleanup;
use crate::export::{CsvStyle, Format};
use crate::figures::Lang;

pub use crate::commands::{EXIT_INPUT, EXIT_RUNTIME, MAX_REPLICATIONS, MAX_THREADS};

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
    /// Simulate a scenario and print its key figures (nøgletal): mål 1, mål 2, waiting times
    /// (liggetid), occupancy, staff and cost, each with a 95 % confidence interval.
    Run(RunArgs),
    /// Validate a scenario file; list every problem and exit 2 if there are any.
    Check(CheckArgs),
    /// Print the default scenario as a commented TOML file to start from.
    Example,
    /// The ressourceberegner (resource calculator of "Indsatsguide Langtidsledighed",
    /// Marselisborg 2013): conversations a year, the FTE grid and the FTE needed.
    Calc(CalcArgs),
    /// Compare strategies (catch-all, selection, deadweight, from "Indsatsguide
    /// Langtidsledighed", Marselisborg 2013), scenario files or variants side by side on the
    /// same citizens (common random numbers).
    Compare(CompareArgs),
    /// The smallest number of places in a stage (forløb, e.g. virksomhedscenter) or FTE
    /// (årsværk) in a staff role that meets the requirements, or the months in which a project
    /// can close.
    Size(SizeArgs),
    /// Print a JSON Schema of the scenario file, for editors that check TOML while you type.
    Schema,
    /// Run every point of a sweep plan (a TOML file of dimensions over a scenario), resumable,
    /// on one machine or as shards of an array job; or merge the shards' directories.
    Sweep(SweepArgs),
}

/// `kapacitet sweep PLAN.toml`, or `kapacitet sweep merge DIR... --out DIR`.
#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct SweepArgs {
    #[command(subcommand)]
    pub action: Option<SweepAction>,
    /// The sweep plan (TOML; see docs/running-a-sweep.md).
    #[arg(required = true, value_name = "PLAN.toml")]
    pub plan: Option<PathBuf>,
    /// Directory of the sweep: points.jsonl (every finished point), plan.toml, scenario.toml,
    /// sweep.json, points.csv and results.csv. Running again skips the points already there.
    /// Default: the plan's name with .sweep, in the current directory.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Print the number of points and replications and an estimated time, and run nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Discard the points already in DIR and start over (needed when the plan or scenario
    /// changed since they were run).
    #[arg(long)]
    pub fresh: bool,
    /// Run every N-th point only: K/N (e.g. 2/3), or auto to read K (and N) from a Slurm array
    /// job, a Kubernetes Indexed Job or GNU parallel.
    #[arg(long, value_name = "K/N|auto")]
    pub shard: Option<String>,
    /// The number of shards, for --shard auto under Kubernetes or GNU parallel.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub shards: Option<u32>,
    /// Worker threads (default: the plan's, or all cores). Results do not depend on it.
    #[arg(long, short = 't', value_parser = clap::value_parser!(u32).range(1..=MAX_THREADS as i64))]
    pub threads: Option<u32>,
    /// Output format on standard output (csv: points.csv).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub output: ReportArgs,
    #[command(flatten)]
    pub show: ShowArgs,
}

#[derive(Debug, Subcommand)]
pub enum SweepAction {
    /// Join the directories of a sharded sweep into the files an unsharded run writes.
    Merge(SweepMergeArgs),
}

#[derive(Debug, Args)]
pub struct SweepMergeArgs {
    /// The shards' directories.
    #[arg(required = true, value_name = "DIR")]
    pub dirs: Vec<PathBuf>,
    /// Directory for the merged sweep.
    #[arg(long, short = 'o', value_name = "DIR", required = true)]
    pub out: PathBuf,
    /// Output format on standard output (csv: points.csv).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    #[command(flatten)]
    pub output: ReportArgs,
    #[command(flatten)]
    pub show: ShowArgs,
}

/// The scenario a command works on, and changes to it.
#[derive(Debug, Args, Default, Clone)]
pub struct ScenarioArgs {
    /// Scenario file (TOML). Without it, the embedded default job centre is used.
    pub scenario: Option<PathBuf>,
    /// Change one field of the scenario for this run, by its path in the file:
    /// `--set stages.virksomhedscenter.capacity=80`, `--set staff.sagsbehandlere.fte=6`,
    /// `--set arrivals.new_per_month=300`. Entries of [[stages]], [[segments]], [[paths]],
    /// [[strategies]] and [[staff]] are named by name (or role), `#N` for the N-th from 0, or `*`
    /// for all. Repeat it; the value is checked like the file.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub set: Vec<String>,
}

/// A report and charts to hand on, beside what the command prints.
#[derive(Debug, Args, Default, Clone)]
pub struct ReportArgs {
    /// Also write a report to hand on: one self-contained HTML file with the key figures and
    /// their intervals, the charts and a method note. It opens offline and prints on A4.
    #[arg(long, value_name = "FILE.html")]
    pub report: Option<PathBuf>,
    /// Also write every chart here, as SVG and as PNG (twice the size, for slides).
    #[arg(long, value_name = "DIR")]
    pub charts: Option<PathBuf>,
}

/// How results are shown to people and written for spreadsheets.
#[derive(Debug, Args, Default, Clone)]
pub struct ShowArgs {
    #[command(flatten)]
    pub lang: LangArg,
    /// Print tables and notes at full width; by default every line fits in 100 columns (wide
    /// tables are narrowed or cut into pieces).
    #[arg(long)]
    pub wide: bool,
    /// How CSV is written (--format csv and the CSV files of --out): standard (comma, decimal
    /// point; for programs) or excel-da (semicolon, decimal comma and a UTF-8 byte order mark;
    /// opens in columns in Danish Excel). The columns and numbers are the same.
    #[arg(long, value_enum, default_value_t = CsvStyle::Standard, value_name = "STYLE")]
    pub csv_style: CsvStyle,
    /// Also write the results as an Excel workbook (.xlsx) to FILE: one sheet per table, numbers
    /// stored as numbers with their formats, so it opens correctly in any locale.
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
}

/// The language people read.
#[derive(Debug, Args, Default, Clone, Copy)]
pub struct LangArg {
    /// Language of tables, notes, conclusions, warnings, charts and the report: da (dansk) or
    /// en (English). JSON
    /// keys, CSV columns and file names are the same in both.
    #[arg(long, value_enum, default_value_t = Lang::Da, value_name = "LANG")]
    pub lang: Lang,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    #[command(flatten)]
    pub lang: LangArg,
}

#[derive(Debug, Args, Clone)]
#[command(group(clap::ArgGroup::new("lever").required(true).multiple(true).args(["stage", "role", "close"])))]
pub struct SizeArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Stage (forløb) whose places are searched, by its name in the scenario, e.g.
    /// virksomhedscenter (company centre).
    #[arg(long, value_name = "NAME")]
    pub stage: Option<String>,
    /// Staff role whose FTE (årsværk) are searched, by its role in the scenario.
    #[arg(long, value_name = "NAME")]
    pub role: Option<String>,
    /// Stage (a project) to close: judge closing it at the start of each month. With --stage or
    /// --role: for each closing month, the smallest places or FTE that meet the targets.
    #[arg(long, value_name = "NAME")]
    pub close: Option<String>,
    /// With --close and --stage or --role: the one month the project closes (YYYY-MM).
    #[arg(long, value_name = "YYYY-MM", requires = "close")]
    pub close_month: Option<String>,
    /// A requirement (krav), e.g. "liggetid_p90 <= 14" (waiting time), "rettidighed >= 0.9"
    /// (conversations on time), "no_month_past_offer_deadline", "mal1 >= 520" (mål 1). Repeat
    /// it; every requirement must hold. See docs/planning-a-transition.md.
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
    #[arg(long, value_name = "YYYY-MM", conflicts_with = "close_month")]
    pub first_month: Option<String>,
    /// With --close: last month to consider (default: the last of the measured window).
    #[arg(long, value_name = "YYYY-MM", conflicts_with = "close_month")]
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
    /// Output format on standard output (csv: one row per candidate and target).
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write size.json and size.csv here.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub output: ReportArgs,
    #[command(flatten)]
    pub show: ShowArgs,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
    /// Further scenario files to compare with the first, side by side on the same citizens.
    #[arg(value_name = "MORE")]
    pub others: Vec<PathBuf>,
    /// A variant of the first scenario as a column of its own: one or more PATH=VALUE changes
    /// separated by ";", e.g. "stages.virksomhedscenter.capacity=110". Repeat it for more
    /// columns. The scenario as written is the first column.
    #[arg(long = "variant", value_name = "PATH=VALUE;...")]
    pub variants: Vec<String>,
    /// A strategy to compare: catch-all, selection, deadweight, a name from the file's
    /// [[strategies]], or "scenario" (or the file's name) for the scenario as written. Repeat it;
    /// the first is the baseline for differences. Default: the three built-in strategies. When
    /// comparing scenarios, one --strategy is applied to every column.
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
    #[command(flatten)]
    pub output: ReportArgs,
    #[command(flatten)]
    pub show: ShowArgs,
    /// Sensitivity: repeat the comparison for several values of one setting, e.g.
    /// lockin=0.3,0.5,0.8 or stages.virksomhedscenter.capacity=60,80,100. NAME is a field path
    /// as for --set, or one of lockin, effect_after, conversation_effect, effect_decay,
    /// sensitivity, specificity, switch_week.
    #[arg(long, value_name = "NAME=V1,V2,...")]
    pub vary: Option<String>,
    /// Key figure that ranks the strategies in a sensitivity sweep, best first (highest first
    /// for figures where higher is better, such as mål 2; lowest first for waiting times).
    #[arg(long, default_value = "time_on_benefit_weeks")]
    pub rank_by: String,
}

#[derive(Debug, Args, Default)]
pub struct RunArgs {
    #[command(flatten)]
    pub scenario: ScenarioArgs,
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
    #[command(flatten)]
    pub output: ReportArgs,
    #[command(flatten)]
    pub show: ShowArgs,
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
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Also write calc.json and the tables as CSV here.
    #[arg(long, short = 'o')]
    pub out: Option<PathBuf>,
    #[command(flatten)]
    pub show: ShowArgs,
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
        None => commands::run::run(RunArgs::default(), &cleanup),
        Some(Command::Run(args)) => commands::run::run(args, &cleanup),
        Some(Command::Check(args)) => commands::check::check(args),
        Some(Command::Example) => commands::emit(crate::scenario::DEFAULT_SCENARIO),
        Some(Command::Calc(args)) => commands::calc::calc(args, &cleanup),
        Some(Command::Compare(args)) => commands::compare::compare(args, &cleanup),
        Some(Command::Size(args)) => commands::size::size(args, &cleanup),
        Some(Command::Schema) => commands::emit(&crate::scenario::schema::json()),
        Some(Command::Sweep(args)) => commands::sweep::sweep(args, &cleanup),
    }
}
