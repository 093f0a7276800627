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
    print_warnings(model);
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    emit(&format!(
        "{}: ok — \"{}\", {}, {}, {}, {}\n",
        scenario.source.file,
        model.name,
        plural(model.segments.len(), "segment", "segments"),
        plural(model.stages.len(), "stage", "stages"),
        plural(model.paths.len(), "path", "paths"),
        plural(model.staff.len(), "staff role", "staff roles"),
    ))
}
