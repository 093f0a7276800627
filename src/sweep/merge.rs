//! `kapacitet sweep merge DIR... --out DIR`: the directories of a sharded sweep joined into the
//! directory an unsharded run of the same plan writes. Every directory must hold the same plan
//! and scenario (their copies are compared byte for byte), every point must be there, and a
//! point found in two directories must be the same line in both; the lines are taken as they
//! are, so the merged points.jsonl, and everything written from it, is byte-identical to the
//! unsharded run's.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::plan::{Base, Plan};
use super::store::{self, PLAN_COPY, POINTS_FILE, SCENARIO_COPY};
use crate::scenario::Source;

/// The plan of the directories and every point's line, by index.
pub struct Merged {
    pub plan: Plan,
    pub done: BTreeMap<usize, String>,
}

fn read(dir: &Path, name: &str) -> Result<String, String> {
    std::fs::read_to_string(dir.join(name)).map_err(|e| {
        format!(
            "{} has no readable {name} ({e}); is it the directory of a sweep?",
            dir.display()
        )
    })
}

/// Read and check `dirs`.
pub fn collect(dirs: &[PathBuf]) -> Result<Merged, String> {
    let first = dirs.first().ok_or("give the directories to merge")?;
    let plan_text = read(first, PLAN_COPY)?;
    let scenario_text = read(first, SCENARIO_COPY)?;
    for dir in &dirs[1..] {
        for (name, text) in [(PLAN_COPY, &plan_text), (SCENARIO_COPY, &scenario_text)] {
            if read(dir, name)? != *text {
                return Err(format!(
                    "{} and {} hold different {name} files: they are not shards of one sweep",
                    first.display(),
                    dir.display()
                ));
            }
        }
    }
    let source = Source {
        text: scenario_text,
        file: first.join(SCENARIO_COPY).display().to_string(),
    };
    let plan_file = first.join(PLAN_COPY).display().to_string();
    let plan =
        Plan::parse(&plan_text, &plan_file, Base::Given(source)).map_err(|e| e.to_string())?;
    let mut done: BTreeMap<usize, String> = BTreeMap::new();
    for dir in dirs {
        // A torn last line is a point the shard did not finish: it is simply missing.
        let lines = store::read_points(&dir.join(POINTS_FILE))?;
        let found = store::matching(&plan, &lines.records)
            .map_err(|why| format!("{}: {why}", dir.display()))?;
        for (index, line) in found {
            if let Some(other) = done.get(&index) {
                if *other != line {
                    return Err(format!(
                        "point {} differs between the directories (was one run with another kapacitet build?)",
                        index + 1
                    ));
                }
            }
            done.insert(index, line);
        }
    }
    let missing: Vec<usize> = (0..plan.points.len())
        .filter(|i| !done.contains_key(i))
        .collect();
    if !missing.is_empty() {
        let listed: Vec<String> = missing
            .iter()
            .take(10)
            .map(|i| (i + 1).to_string())
            .collect();
        return Err(format!(
            "{} of {} points are in none of the directories (points {}{}); run the shards that hold them to the end, then merge again",
            missing.len(),
            plan.points.len(),
            listed.join(", "),
            if missing.len() > 10 { ", …" } else { "" }
        ));
    }
    Ok(Merged { plan, done })
}
