//! A sweep's directory: `points.jsonl` holds one line per finished point (its figures, and a
//! hash of the base scenario, the point's overrides, seed and replications), written as each
//! point finishes and synced to disk within a second by a helper thread (so the simulation never
//! waits for the disk): a process killed at any moment loses only the points still running. A run finds the points already there, skips
//! them, and refuses a directory whose points came from another plan or scenario unless told to
//! start afresh. Beside it: copies of the plan and scenario (for `sweep merge`), and the results
//! (sweep.json, points.csv, results.csv), each replaced in one step.

use std::collections::BTreeMap;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use super::{FigureList, Plan, PointSpec, Scope};
use crate::figures::{STAFF_FIGURES, STAGE_FIGURES};
use crate::model::Model;
use crate::stats::Summary;

/// The points, one JSON object a line.
pub const POINTS_FILE: &str = "points.jsonl";
/// The plan as written, kept with its points.
pub const PLAN_COPY: &str = "plan.toml";
/// The base scenario as read, kept with its points.
pub const SCENARIO_COPY: &str = "scenario.toml";
/// The results, rewritten from the points at the end of every run.
pub const RESULT_FILES: [&str; 3] = ["sweep.json", "points.csv", "results.csv"];

/// Every file a sweep keeps in its directory.
pub fn sweep_files() -> [&'static str; 6] {
    [
        POINTS_FILE,
        PLAN_COPY,
        SCENARIO_COPY,
        RESULT_FILES[0],
        RESULT_FILES[1],
        RESULT_FILES[2],
    ]
}

/// FNV-1a over 128 bits, as hex: stable across Rust releases and machines (unlike the standard
/// hasher), and wide enough that two different points never share a hash by chance.
pub fn hash(parts: &[&[u8]]) -> String {
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013B;
    let mut h: u128 = 0x6C62_272E_07BB_0142_62B8_2175_6295_C58D;
    for part in parts {
        // The length first, so ("ab", "c") and ("a", "bc") differ.
        for b in (part.len() as u64).to_le_bytes().iter().chain(part.iter()) {
            h ^= u128::from(*b);
            h = h.wrapping_mul(PRIME);
        }
    }
    format!("{h:032x}")
}

/// Hash of a scenario's text.
pub fn scenario_hash(text: &str) -> String {
    hash(&[b"scenario", text.as_bytes()])
}

/// Hash of everything a point's figures depend on: kapacitet's version, the base scenario, the
/// point's overrides and strategy, the seed and the replications.
pub fn point_hash(plan: &Plan, p: &PointSpec) -> String {
    let overrides: Vec<String> = p.overrides.iter().map(|o| o.text()).collect();
    let strategy = p.strategy.clone().unwrap_or_default();
    let seed = plan.seed.to_string();
    let reps = plan.replications.to_string();
    let mut parts: Vec<&[u8]> = vec![
        b"kapacitet sweep point",
        env!("CARGO_PKG_VERSION").as_bytes(),
        plan.scenario_hash.as_bytes(),
        strategy.as_bytes(),
        seed.as_bytes(),
        reps.as_bytes(),
    ];
    parts.extend(overrides.iter().map(|o| o.as_bytes()));
    hash(&parts)
}

/// One figure over a point's replications (undefined numbers as null).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Stat {
    pub mean: Option<f64>,
    pub ci95_low: Option<f64>,
    pub ci95_high: Option<f64>,
    pub sd: Option<f64>,
    pub n: usize,
}

impl From<&Summary> for Stat {
    fn from(s: &Summary) -> Stat {
        let f = crate::export::finite;
        Stat {
            mean: f(s.mean),
            ci95_low: f(s.ci95_low),
            ci95_high: f(s.ci95_high),
            sd: f(s.sd),
            n: s.n,
        }
    }
}

impl Stat {
    fn summary(&self) -> Summary {
        let v = |x: Option<f64>| x.unwrap_or(f64::NAN);
        Summary {
            mean: v(self.mean),
            ci95_low: v(self.ci95_low),
            ci95_high: v(self.ci95_high),
            sd: v(self.sd),
            n: self.n,
        }
    }
}

type Figures = BTreeMap<String, Stat>;

/// One line of points.jsonl.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Record {
    /// The point's number, from 1 (its position in the plan).
    pub point: usize,
    pub hash: String,
    pub scenario_hash: String,
    pub kapacitet_version: String,
    pub seed: u64,
    pub replications: u32,
    /// The point's value in each parameter column.
    pub settings: BTreeMap<String, serde_json::Value>,
    pub kpis: Figures,
    pub stages: BTreeMap<String, Figures>,
    pub staff: BTreeMap<String, Figures>,
}

impl Record {
    /// The record of a finished point; `summaries` from [`super::summaries`] on its model.
    pub fn of(plan: &Plan, p: &PointSpec, model: &Model, summaries: &[Summary]) -> Record {
        let mut it = summaries.iter();
        let kpis = crate::figures::KPIS
            .iter()
            .map(|f| (f.key.to_string(), it.next().map(Stat::from)))
            .filter_map(|(k, s)| Some((k, s?)))
            .collect();
        let mut group = |names: Vec<&String>, keys: &[crate::figures::Figure]| {
            names
                .into_iter()
                .map(|name| {
                    let figures = keys
                        .iter()
                        .filter_map(|f| Some((f.key.to_string(), Stat::from(it.next()?))))
                        .collect();
                    (name.clone(), figures)
                })
                .collect::<BTreeMap<_, _>>()
        };
        let stages = group(
            model.stages.iter().map(|s| &s.name).collect(),
            STAGE_FIGURES,
        );
        let staff = group(model.staff.iter().map(|r| &r.name).collect(), STAFF_FIGURES);
        Record {
            point: p.index + 1,
            hash: point_hash(plan, p),
            scenario_hash: plan.scenario_hash.clone(),
            kapacitet_version: env!("CARGO_PKG_VERSION").to_string(),
            seed: plan.seed,
            replications: plan.replications,
            settings: plan
                .columns
                .iter()
                .zip(&p.values)
                .map(|(c, v)| (c.clone(), serde_json::to_value(v).unwrap_or_default()))
                .collect(),
            kpis,
            stages,
            staff,
        }
    }

    /// The line for points.jsonl, without its newline.
    pub fn line(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The figures in `list` order; a figure the point did not record is undefined.
    pub fn figures(&self, list: &FigureList) -> Vec<Summary> {
        list.entries
            .iter()
            .map(|e| {
                let stat = match &e.scope {
                    Scope::Kpi => self.kpis.get(&e.key),
                    Scope::Stage(s) => self.stages.get(s).and_then(|f| f.get(e.figure.key)),
                    Scope::Staff(r) => self.staff.get(r).and_then(|f| f.get(e.figure.key)),
                };
                stat.map_or(Summary::UNDEFINED, Stat::summary)
            })
            .collect()
    }
}

/// What points.jsonl holds: its complete lines, and the length of the file without a torn last
/// line (a write cut off by a kill or a power loss).
pub struct Lines {
    pub records: Vec<(Record, String)>,
    pub valid_len: u64,
    pub torn: bool,
}

/// Read points.jsonl (absent: no points).
pub fn read_points(path: &Path) -> Result<Lines, String> {
    let text = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
        Err(e) => return Err(format!("cannot read {}: {e}", path.display())),
    };
    let valid_len = text.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
    let mut records = Vec::new();
    for (n, line) in text[..valid_len].split(|b| *b == b'\n').enumerate() {
        if line.is_empty() {
            continue;
        }
        let parsed = std::str::from_utf8(line)
            .ok()
            .and_then(|l| Some((serde_json::from_str::<Record>(l).ok()?, l.to_string())));
        match parsed {
            Some(r) => records.push(r),
            None => {
                return Err(format!(
                    "{} line {} is not a point of a sweep (was the file edited?)",
                    path.display(),
                    n + 1
                ))
            }
        }
    }
    Ok(Lines {
        records,
        valid_len: valid_len as u64,
        torn: valid_len < text.len(),
    })
}

/// The finished points of `plan` among `records`, by index, as their lines; an error says how
/// the plan or scenario changed since the first of them was written.
pub fn matching(
    plan: &Plan,
    records: &[(Record, String)],
) -> Result<BTreeMap<usize, String>, String> {
    let scenario = &plan.scenario_hash;
    let mut done = BTreeMap::new();
    for (r, line) in records {
        if r.kapacitet_version != env!("CARGO_PKG_VERSION") {
            return Err(format!(
                "its points were run by kapacitet {}, this is {}; results of two versions are not mixed",
                r.kapacitet_version,
                env!("CARGO_PKG_VERSION")
            ));
        }
        if r.scenario_hash != *scenario {
            return Err(format!(
                "the scenario {} changed since its points were run",
                plan.scenario.source.file
            ));
        }
        let Some(p) = r.point.checked_sub(1).and_then(|i| plan.points.get(i)) else {
            return Err(format!(
                "the plan changed: it had a point {} and now has {} points",
                r.point,
                plan.points.len()
            ));
        };
        if r.hash != point_hash(plan, p) {
            let now: Vec<String> = plan
                .columns
                .iter()
                .zip(&p.values)
                .map(|(c, v)| format!("{c}={v}"))
                .collect();
            // In the plan's column order where it still has the column, so the two read alike.
            let mut settings: Vec<_> = r.settings.iter().collect();
            settings.sort_by_key(|(c, _)| {
                plan.columns
                    .iter()
                    .position(|k| k == *c)
                    .unwrap_or(usize::MAX)
            });
            let before: Vec<String> = settings.iter().map(|(c, v)| format!("{c}={v}")).collect();
            return Err(format!(
                "the plan changed: point {} was {} (seed {}, {} replications) and is now {} (seed {}, {} replications)",
                r.point,
                before.join(", "),
                r.seed,
                r.replications,
                now.join(", "),
                plan.seed,
                plan.replications
            ));
        }
        done.insert(p.index, line.clone());
    }
    Ok(done)
}

/// The results of finished points from their lines, in point order.
pub fn results(
    plan: &Plan,
    done: &BTreeMap<usize, String>,
) -> Result<Vec<super::PointResult>, String> {
    done.iter()
        .map(|(&index, line)| {
            let record: Record = serde_json::from_str(line)
                .map_err(|e| format!("point {}: its line cannot be read: {e}", index + 1))?;
            Ok(super::PointResult {
                index,
                figures: record.figures(&plan.figures),
            })
        })
        .collect()
}

/// Put points.jsonl in point order if it is not (points appended by an earlier run of another
/// shard, or merged into a directory that had some): the same points give the same file.
pub fn put_in_order(dir: &Path) -> Result<(), String> {
    let path = dir.join(POINTS_FILE);
    let lines = read_points(&path)?;
    let order: Vec<usize> = lines.records.iter().map(|(r, _)| r.point).collect();
    if order.windows(2).all(|w| w[0] < w[1]) {
        return Ok(());
    }
    let mut sorted: Vec<&(Record, String)> = lines.records.iter().collect();
    sorted.sort_by_key(|(r, _)| r.point);
    sorted.dedup_by_key(|(r, _)| r.point);
    let text: String = sorted.iter().map(|(_, l)| format!("{l}\n")).collect();
    write_file(dir, POINTS_FILE, text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Check a sweep directory before anything runs: a directory (or nothing yet) that holds only
/// what a sweep writes.
pub fn check_dir(dir: &Path) -> Result<(), String> {
    let shown = dir.display();
    if dir.exists() && !dir.is_dir() {
        return Err(format!(
            "{shown} is a file, not a directory; give a directory for the sweep"
        ));
    }
    if !dir.exists() {
        return Ok(());
    }
    let mut foreign = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {shown}: {e}"))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        // Dot files are this module's temporary files (and harmless).
        if !sweep_files().contains(&name.as_str()) && !name.starts_with('.') {
            foreign.push(name);
        }
    }
    foreign.sort();
    foreign.truncate(5);
    if !foreign.is_empty() {
        return Err(format!(
            "{shown} holds files a sweep did not write ({}); give a new or empty directory, or the directory of this sweep",
            foreign.join(", ")
        ));
    }
    Ok(())
}

/// Write `bytes` as `dir/name` in one step: a temporary file, synced, renamed over the old one.
pub fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, dir.join(name))
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    sync_dir(dir);
    result
}

fn sync_dir(dir: &Path) {
    if let Ok(f) = File::open(dir) {
        let _ = f.sync_all();
    }
}

/// points.jsonl open for appending, locked against a second sweep writing the same directory.
pub struct Store {
    /// Holds the lock until the store is dropped.
    _lock: File,
    path: PathBuf,
    writer: Option<(mpsc::Sender<Vec<u8>>, std::thread::JoinHandle<()>)>,
    /// The first write error of the writing thread.
    failed: Arc<Mutex<Option<String>>>,
    /// The point of the file's last line, and whether its lines are in point order.
    last: Option<usize>,
    in_order: bool,
}

impl Store {
    /// Open `dir` for `plan`: create it, lock it, drop a torn last line, and return the points
    /// already done. With `fresh`, earlier points and results are discarded instead of checked.
    pub fn open(
        dir: &Path,
        plan: &Plan,
        fresh: bool,
    ) -> Result<(Store, BTreeMap<usize, String>), String> {
        check_dir(dir)?;
        let shown = dir.display();
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {shown}: {e}"))?;
        let path = dir.join(POINTS_FILE);
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&path)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        lock(&file).map_err(|e| {
            format!(
                "{shown} is in use by another sweep ({e}); wait for it, or give another directory"
            )
        })?;
        let (mut last, mut in_order) = (None, true);
        let done = if fresh {
            file.set_len(0)
                .map_err(|e| format!("cannot empty {}: {e}", path.display()))?;
            for name in RESULT_FILES {
                let _ = std::fs::remove_file(dir.join(name));
            }
            BTreeMap::new()
        } else {
            let lines = read_points(&path)?;
            let order: Vec<usize> = lines.records.iter().map(|(r, _)| r.point).collect();
            last = order.last().map(|p| p - 1);
            in_order = order.windows(2).all(|w| w[0] < w[1]);
            if lines.torn {
                // The last line was cut off mid-write; its point runs again.
                file.set_len(lines.valid_len)
                    .map_err(|e| format!("cannot repair {}: {e}", path.display()))?;
            }
            matching(plan, &lines.records).map_err(|why| {
                format!(
                    "{shown} holds {} finished points of another sweep: {why}. Run with --fresh to discard them and start over, or give another --out directory",
                    lines.records.len()
                )
            })?
        };
        let writer = file
            .try_clone()
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let failed = Arc::new(Mutex::new(None));
        let (tx, rx) = mpsc::channel::<Vec<u8>>();
        let handle = {
            let failed = Arc::clone(&failed);
            std::thread::spawn(move || write_lines(writer, &rx, &failed))
        };
        Ok((
            Store {
                _lock: file,
                path,
                writer: Some((tx, handle)),
                failed,
                last,
                in_order,
            },
            done,
        ))
    }

    /// Append one point's line. A helper thread writes it at once and syncs it to disk within
    /// [`SYNC_EVERY`], so the simulation never waits for the disk.
    pub fn append(&mut self, index: usize, line: &str) -> std::io::Result<()> {
        self.in_order &= self.last.is_none_or(|l| l < index);
        self.last = Some(index);
        if let Some(e) = self.failed.lock().ok().and_then(|f| f.clone()) {
            return Err(std::io::Error::other(e));
        }
        let mut bytes = Vec::with_capacity(line.len() + 1);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
        if let Some((tx, _)) = &self.writer {
            tx.send(bytes)
                .map_err(|_| std::io::Error::other("the writing thread stopped"))?;
        }
        Ok(())
    }

    /// Wait until every appended point is written and on disk; whether the file's lines are in
    /// point order (else see [`put_in_order`]).
    pub fn finish(mut self) -> std::io::Result<bool> {
        if let Some((tx, handle)) = self.writer.take() {
            drop(tx);
            let _ = handle.join();
        }
        match self.failed.lock().ok().and_then(|f| f.clone()) {
            Some(e) => Err(std::io::Error::other(e)),
            None => Ok(self.in_order),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// Longest time a written point waits to be synced to disk. Each line is written at once, so
/// a killed process loses nothing written; a sync per point would cost more processor time
/// than the sweep's own work otherwise takes (docs/performance.md), so points finishing close
/// together share one, and a power cut loses at most this much work.
pub const SYNC_EVERY: Duration = Duration::from_secs(1);

/// The writing thread: every line as it comes, synced at most [`SYNC_EVERY`] later.
fn write_lines(mut file: File, rx: &mpsc::Receiver<Vec<u8>>, failed: &Mutex<Option<String>>) {
    let mut unsynced: Option<Instant> = None;
    let result = loop {
        let next = match unsynced {
            None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            Some(since) => rx.recv_timeout(SYNC_EVERY.saturating_sub(since.elapsed())),
        };
        let done = match next {
            Ok(line) => {
                if let Err(e) = file.write_all(&line) {
                    break Err(e);
                }
                unsynced = unsynced.or(Some(Instant::now()));
                false
            }
            Err(mpsc::RecvTimeoutError::Timeout) => false,
            Err(mpsc::RecvTimeoutError::Disconnected) => true,
        };
        if unsynced.is_some_and(|since| done || since.elapsed() >= SYNC_EVERY) {
            if let Err(e) = file.sync_data() {
                break Err(e);
            }
            unsynced = None;
        }
        if done {
            break Ok(());
        }
    };
    if let Err(e) = result {
        if let Ok(mut f) = failed.lock() {
            *f = Some(e.to_string());
        }
    }
}

/// An exclusive lock on the open file, held until it is closed (Linux: `flock`).
#[cfg(target_os = "linux")]
fn lock(file: &File) -> std::io::Result<()> {
    use std::os::unix::io::AsRawFd;
    // SAFETY: the descriptor belongs to `file`, which outlives the call.
    let r = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn lock(_file: &File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_separate_their_parts() {
        assert_ne!(hash(&[b"ab", b"c"]), hash(&[b"a", b"bc"]));
        assert_eq!(hash(&[b"x"]).len(), 32);
        assert_eq!(hash(&[b"x"]), hash(&[b"x"]));
    }
}
