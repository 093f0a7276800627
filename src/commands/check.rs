//! `kapacitet check`: read and validate a scenario, list every problem (exit 2) or say what it
//! holds.

use crate::cli::CheckArgs;
use crate::options;

use super::{emit, print_warnings, refuse};

pub fn check(args: CheckArgs) -> i32 {
    let scenario = match options::scenario(&args.scenario) {
        Ok(s) => s,
        Err(r) => return refuse(r),
    };
    let model = &scenario.model;
    // check has no --wide: its lines always fit the terminal.
    print_warnings(model, args.lang.lang, false);
    let lang = args.lang.lang;
    let plural = |n: usize, one: (&str, &str), many: (&str, &str)| {
        let (da, en) = if n == 1 { one } else { many };
        format!("{n} {}", lang.pick(da, en))
    };
    let line = format!(
        "{}: ok — \"{}\", {}, {}, {}, {}\n",
        scenario.source.file,
        model.name,
        plural(
            model.segments.len(),
            ("segment", "segment"),
            ("segmenter", "segments")
        ),
        plural(
            model.stages.len(),
            ("forløb", "stage"),
            ("forløb", "stages")
        ),
        plural(model.paths.len(), ("sti", "path"), ("stier", "paths")),
        plural(
            model.staff.len(),
            ("personalerolle", "staff role"),
            ("personaleroller", "staff roles")
        ),
    );
    emit(&crate::export::table::fit_text(
        &line,
        crate::export::table::WIDTH,
    ))
}
