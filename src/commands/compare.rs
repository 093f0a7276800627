//! `kapacitet compare`: strategies side by side on the same citizens, and optionally the same
//! comparison over several values of one setting (`--vary`).

use crate::cli::CompareArgs;
use crate::compare;
use crate::export::documents;
use crate::export::out_dir::Cleanup;
use crate::figures::{self, Lang, KPIS};
use crate::model::StrategyKind;
use crate::options::{self, Refusal, Runs};

use super::{deliver, print_warnings, progress, refuse, say, EXIT_RUNTIME};

pub fn compare(args: CompareArgs, cleanup: &Cleanup) -> i32 {
    let scenario = match options::scenario(&args.scenario) {
        Ok(s) => s,
        Err(r) => return refuse(r),
    };
    let out = match options::out(&args.out) {
        Ok(o) => o,
        Err(r) => return refuse(r),
    };
    let model = &scenario.model;
    print_warnings(model);
    let names: Vec<String> = if args.strategies.is_empty() {
        StrategyKind::ALL
            .iter()
            .map(|k| k.key().to_string())
            .collect()
    } else {
        args.strategies.clone()
    };
    let strategies = match compare::resolve(model, &names) {
        Ok(s) => s,
        Err(msg) => return refuse(Refusal::Message(msg)),
    };
    let Some((_, rank_by)) = figures::kpi(&args.rank_by) else {
        return refuse(Refusal::Message(format!(
            "--rank-by: \"{}\" is not a key figure; use one of {}",
            args.rank_by,
            KPIS.iter().map(|k| k.key).collect::<Vec<_>>().join(", ")
        )));
    };
    // Every value of --vary is read and checked before anything runs.
    let vary = match args.vary.as_deref().map(compare::parse_vary).transpose() {
        Ok(None) => None,
        Ok(Some((name, vary, values))) => {
            match compare::vary_points(&scenario, &names, &vary, &values) {
                Ok(points) => Some((name, points)),
                Err(msg) => return refuse(Refusal::Message(msg)),
            }
        }
        Err(msg) => return refuse(Refusal::Message(msg)),
    };
    let runs = Runs::new(model, args.replications, args.seed, args.threads, 2);
    let total = strategies.len() as u64 * (1 + vary.as_ref().map_or(0, |(_, p)| p.len() as u64));
    let bar = progress(total * u64::from(runs.replications), &model.name);
    let tick = || bar.inc(1);
    let result = compare::compare(
        model,
        &strategies,
        runs.replications,
        runs.seed,
        runs.threads,
        &tick,
    )
    .and_then(|c| {
        let sweep = match &vary {
            Some((name, points)) => Some(compare::sweep(
                points,
                name,
                rank_by,
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
    let doc = documents::compare::document(&comparison, sweep.as_ref(), Lang::Da);
    deliver(&doc, args.format.exporter(), out.as_ref(), cleanup)
}
