//! `kapacitet compare`: columns side by side on the same citizens, with paired differences:
//! strategies on one scenario, or scenario files and variants of the first; optionally the same
//! strategy comparison over several values of one setting (`--vary`).

use crate::cli::CompareArgs;
use crate::compare::{self, Column, Comparison, Point};
use crate::export::out_dir::Cleanup;
use crate::export::{charts, documents, method};
use crate::figures::{self, Figure, KPIS};
use crate::model::StrategyKind;
use crate::options::{self, Refusal, Runs};
use crate::scenario::{Override, Scenario, Source};

use super::report::{with_charts, Extras};
use super::{deliver, print_warnings, progress, refuse, say, warn, EXIT_RUNTIME};

/// What is compared, checked before anything runs.
struct Plan {
    mode: &'static str,
    columns: Vec<Column>,
    /// With `--vary`: the setting and the columns at each value.
    vary: Option<(compare::Setting, Vec<Point>)>,
    rank_by: &'static Figure,
}

pub fn compare(args: CompareArgs, cleanup: &Cleanup) -> i32 {
    let scenario = match options::scenario(&args.scenario) {
        Ok(s) => s,
        Err(r) => return refuse(r),
    };
    let out = match options::out(&args.out) {
        Ok(o) => o,
        Err(r) => return refuse(r),
    };
    let extras = match Extras::check(&args.output) {
        Ok(e) => e,
        Err(r) => return refuse(r),
    };
    let show = match options::show(&args.show) {
        Ok(s) => s,
        Err(r) => return refuse(r),
    };
    let lang = show.style.lang;
    print_warnings(&scenario.model, lang, show.style.wide);
    let plan = match plan(&args, &scenario) {
        Ok(p) => p,
        Err(r) => return refuse(r),
    };
    let runs = Runs::new(
        &scenario.model,
        args.replications,
        args.seed,
        args.threads,
        2,
    );
    let (comparison, sweep) = match run(&plan, &runs, &scenario.model.name, lang) {
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
        .filter(|w| !scenario.model.warnings.contains(w))
    {
        warn(w, lang, show.style.wide);
    }
    let doc = with_charts(
        documents::compare::document(&comparison, sweep.as_ref(), lang),
        charts::compare::charts(&comparison, sweep.as_ref(), lang),
    );
    let written = extras.write(
        &doc,
        || method::compare(&comparison, &scenario.source, lang),
        cleanup,
    );
    deliver(&doc, args.format, &show, out.as_ref(), cleanup).max(written)
}

/// Run the comparison (and the sweep) with a progress bar.
fn run(
    plan: &Plan,
    runs: &Runs,
    name: &str,
    lang: crate::figures::Lang,
) -> Result<(Comparison, Option<compare::Sweep>), String> {
    let points = plan.vary.as_ref().map_or(0, |(_, p)| p.len() as u64);
    let total = plan.columns.len() as u64 * (1 + points) * u64::from(runs.replications);
    let bar = progress(total, name, lang);
    let tick = || bar.inc(1);
    let result = compare::compare_columns(
        plan.mode,
        &plan.columns,
        runs.replications,
        runs.seed,
        runs.threads,
        &tick,
    )
    .and_then(|c| {
        let sweep = match &plan.vary {
            Some((setting, points)) => Some(compare::sweep(
                points,
                setting,
                plan.rank_by,
                runs.replications,
                runs.seed,
                runs.threads,
                &tick,
            )?),
            None => None,
        };
        Ok((c, sweep))
    });
    bar.finish_and_clear();
    result
}

/// The columns from the arguments: scenarios and variants, or strategies.
fn plan(args: &CompareArgs, scenario: &Scenario) -> Result<Plan, Refusal> {
    let Some((_, rank_by)) = figures::kpi(&args.rank_by) else {
        return Err(format!(
            "--rank-by: \"{}\" is not a key figure; use one of {}",
            args.rank_by,
            KPIS.iter().map(|k| k.key).collect::<Vec<_>>().join(", ")
        )
        .into());
    };
    if !args.others.is_empty() || !args.variants.is_empty() {
        if args.vary.is_some() {
            return Err(
                "--vary repeats a comparison of strategies; compare scenarios or vary, not both"
                    .to_string()
                    .into(),
            );
        }
        if args.strategies.len() > 1 {
            return Err(
                "comparing scenarios, give at most one --strategy: it applies to every column"
                    .to_string()
                    .into(),
            );
        }
        let mut columns = scenario_columns(args, scenario)?;
        if let Some(name) = args.strategies.first() {
            for c in &mut columns {
                let s = compare::resolve(&c.model, std::slice::from_ref(name))?;
                c.model.strategy = s.into_iter().next();
                c.differs.push(compare::columns::describe(&c.model));
            }
        }
        return Ok(Plan {
            mode: "scenarios",
            columns,
            vary: None,
            rank_by,
        });
    }
    let names: Vec<String> = if args.strategies.is_empty() {
        StrategyKind::ALL
            .iter()
            .map(|k| k.key().to_string())
            .collect()
    } else {
        args.strategies.clone()
    };
    let columns = compare::strategy_columns(scenario, &names)?;
    // Every value of --vary is read and checked before anything runs.
    let vary = match args.vary.as_deref().map(compare::parse_vary).transpose()? {
        None => None,
        Some((name, vary, values)) => Some((
            compare::Setting {
                label: compare::vary_label(&scenario.model, &vary),
                name,
            },
            compare::vary_points(scenario, &names, &vary, &values)?,
        )),
    };
    Ok(Plan {
        mode: "strategies",
        columns,
        vary,
        rank_by,
    })
}

/// The first scenario as written, the further files (with the same `--set`), and variants.
fn scenario_columns(args: &CompareArgs, first: &Scenario) -> Result<Vec<Column>, Refusal> {
    let others = args
        .others
        .iter()
        .map(|path| Scenario::new(Source::read(path)?, first.overrides.clone()))
        .collect::<Result<Vec<_>, _>>()?;
    let variants = args
        .variants
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let overrides = text
                .split(';')
                .filter(|part| !part.trim().is_empty())
                .map(|part| Override::parse(part.trim(), format!("--variant #{}", i + 1)))
                .collect::<Result<Vec<_>, String>>()?;
            Ok((text.trim().to_string(), overrides))
        })
        .collect::<Result<Vec<_>, String>>()?;
    Ok(compare::scenario_columns(first, &others, &variants)?)
}
