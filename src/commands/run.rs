//! `kapacitet run`: simulate a scenario and report its key figures, stages, staff and, for a
//! transition, the months.

use crate::cli::RunArgs;
use crate::export::documents;
use crate::export::out_dir::Cleanup;
use crate::options::{self, Runs};
use crate::{report, runner};

use super::{deliver, print_warnings, progress, refuse, say, EXIT_RUNTIME};

pub fn run(args: RunArgs, cleanup: &Cleanup) -> i32 {
    let scenario = match options::scenario(&args.scenario) {
        Ok(s) => s,
        Err(r) => return refuse(r),
    };
    let out = match options::out(&args.out) {
        Ok(o) => o,
        Err(r) => return refuse(r),
    };
    let show = match options::show(&args.show) {
        Ok(s) => s,
        Err(r) => return refuse(r),
    };
    let lang = show.style.lang;
    let model = &scenario.model;
    print_warnings(model, lang, show.style.wide);
    let runs = Runs::new(model, args.replications, args.seed, args.threads, 1);
    let bar = progress(u64::from(runs.replications), &model.name, lang);
    let reps = runner::run_replications(model, runs.replications, runs.seed, runs.threads, &|| {
        bar.inc(1)
    });
    bar.finish_and_clear();
    let reps = match reps {
        Ok(r) => r,
        Err(msg) => {
            say!("error: {msg}");
            return EXIT_RUNTIME;
        }
    };
    let mut report = report::build(model, runs.seed, &reps);
    report.show_monthly |= args.monthly;
    let doc = documents::run::document(&report, lang);
    deliver(&doc, args.format, &show, out.as_ref(), cleanup)
}
