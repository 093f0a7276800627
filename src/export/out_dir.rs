//! The `--out DIR` set: every file a command writes lands as one unit. The files are written into
//! a fresh temporary directory beside DIR, made durable, and then swapped into place in one step
//! (Linux: `renameat2` with `RENAME_EXCHANGE`; elsewhere two renames), so an interrupted run
//! leaves either the old set or the new one, never a mix. DIR is checked before any simulation
//! runs, and a directory holding files kapacitet did not write is refused rather than replaced.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Every file name any command writes into `--out`; a directory holding only these (or
/// nothing) is a previous result set and may be replaced.
pub const KNOWN_FILES: [&str; 18] = [
    "summary.json",
    "kpis.csv",
    "stages.csv",
    "staff.csv",
    "weekly.csv",
    "monthly.csv",
    "survival.csv",
    "compare.json",
    "compare.csv",
    "survival_by_strategy.csv",
    "size.json",
    "size.csv",
    "calc.json",
    "calc_conversations.csv",
    "calc_grid.csv",
    "sweep.json",
    "points.csv",
    "results.csv",
];

/// Held while a set is written. The SIGINT/SIGTERM handler takes it before the process exits,
/// so a termination request waits the few milliseconds until the set is in place and its
/// temporary directory gone; removing the temporary directory from the handler instead would
/// race with the swap (it could delete files of the set just swapped in).
#[derive(Debug, Clone, Default)]
pub struct Cleanup(Arc<Mutex<()>>);

impl Cleanup {
    /// Hold off a termination request while a file is written.
    pub fn lock(&self) -> std::sync::MutexGuard<'_, ()> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Exit with `code` once no set is being written (from a signal handler); holding the lock
    /// until the end keeps a new write from starting meanwhile.
    pub fn exit(&self, code: i32) -> ! {
        let _held = self.0.lock();
        std::process::exit(code)
    }
}

/// A checked `--out` directory, ready to receive a set.
#[derive(Debug, Clone)]
pub struct OutDir {
    /// As the user wrote it, for messages.
    shown: PathBuf,
    dir: PathBuf,
    parent: PathBuf,
    name: OsString,
}

impl OutDir {
    /// Check `dir` before anything is simulated: it must be (or become) a directory kapacitet
    /// can write, hold nothing but an earlier result set, and not contain the current directory.
    pub fn check(dir: &Path) -> Result<OutDir, String> {
        let shown = dir.display();
        let absolute = if dir.is_absolute() {
            dir.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| format!("--out {shown}: cannot read the current directory: {e}"))?
                .join(dir)
        };
        let (parent, name) = match (absolute.parent(), absolute.file_name()) {
            (Some(p), Some(n)) => (p.to_path_buf(), n.to_os_string()),
            _ => {
                return Err(format!(
                    "--out {shown}: give a directory for the results, such as `--out resultater`"
                ))
            }
        };
        if let Ok(cwd) = std::env::current_dir().and_then(|c| c.canonicalize()) {
            if let Ok(target) = absolute.canonicalize() {
                if cwd.starts_with(&target) {
                    return Err(format!(
                        "--out {shown} is the current directory or holds it; give a directory of its own for the results, such as `--out resultater`"
                    ));
                }
            }
        }
        if absolute.exists() {
            if !absolute.is_dir() {
                return Err(format!(
                    "--out {shown} is a file, not a directory; give a directory for the results"
                ));
            }
            let foreign = foreign_entries(&absolute)
                .map_err(|e| format!("--out {shown}: cannot read the directory: {e}"))?;
            if !foreign.is_empty() {
                return Err(format!(
                    "--out {shown} holds files kapacitet did not write ({}); give a new or empty directory, or one with earlier results only",
                    foreign.join(", ")
                ));
            }
            probe(&absolute)
                .map_err(|e| format!("--out {shown}: cannot write in the directory: {e}"))?;
        }
        std::fs::create_dir_all(&parent)
            .map_err(|e| format!("--out {shown}: cannot create {}: {e}", parent.display()))?;
        probe(&parent)
            .map_err(|e| format!("--out {shown}: cannot write in {}: {e}", parent.display()))?;
        remove_stale(&parent, &name);
        Ok(OutDir {
            shown: dir.to_path_buf(),
            dir: absolute,
            parent,
            name,
        })
    }

    /// The directory as the user named it, for messages.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// Write `files` as the new content of the directory, in one step.
    pub fn write(&self, files: &[(String, Vec<u8>)], cleanup: &Cleanup) -> std::io::Result<()> {
        let _writing = cleanup.0.lock();
        let tmp = self.sibling("tmp");
        let result = self.write_via(&tmp, files);
        // After a swap the temporary name holds the old set; either way it goes.
        let _ = std::fs::remove_dir_all(&tmp);
        result
    }

    fn write_via(&self, tmp: &Path, files: &[(String, Vec<u8>)]) -> std::io::Result<()> {
        let _ = std::fs::remove_dir_all(tmp);
        std::fs::create_dir(tmp)?;
        for (name, bytes) in files {
            let mut f = std::fs::File::create(tmp.join(name))?;
            f.write_all(bytes)?;
            f.sync_all()?;
        }
        sync_dir(tmp);
        if !self.dir.exists() {
            std::fs::rename(tmp, &self.dir)?;
        } else {
            swap(tmp, &self.dir, &self.sibling("old"))?;
        }
        sync_dir(&self.parent);
        Ok(())
    }

    /// `.NAME.kapacitet-PID.KIND` beside the directory: same file system, so renames are atomic.
    fn sibling(&self, kind: &str) -> PathBuf {
        let mut n = OsString::from(".");
        n.push(&self.name);
        n.push(format!(".kapacitet-{}.{kind}", std::process::id()));
        self.parent.join(n)
    }
}

/// Entries of `dir` that no kapacitet command writes.
fn foreign_entries(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if !KNOWN_FILES.contains(&name.as_str()) {
            out.push(name);
        }
    }
    out.sort();
    out.truncate(5);
    Ok(out)
}

/// Create and remove a file in `dir`, to learn early whether the set can be written.
fn probe(dir: &Path) -> std::io::Result<()> {
    let p = dir.join(format!(".kapacitet-probe-{}", std::process::id()));
    std::fs::File::create(&p)?;
    std::fs::remove_file(&p)
}

/// Temporary directories left beside `name` by a kapacitet process that was killed outright
/// (SIGKILL, power loss); removed when their process is gone.
fn remove_stale(parent: &Path, name: &OsString) {
    let mut prefix = OsString::from(".");
    prefix.push(name);
    prefix.push(".kapacitet-");
    let prefix = prefix.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else {
            continue;
        };
        let pid = rest.split('.').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(|p| p != std::process::id() && !process_alive(p)) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new("/proc").join(pid.to_string()).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    // Without a cheap way to tell, assume it runs: a leftover is better than a lost set.
    true
}

/// Exchange the new set at `tmp` with the old one at `dir`.
#[cfg(target_os = "linux")]
fn swap(tmp: &Path, dir: &Path, old: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
    let (Ok(a), Ok(b)) = (c(tmp), c(dir)) else {
        return swap_by_renames(tmp, dir, old);
    };
    // SAFETY: both paths are valid NUL-terminated strings that live across the call.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        return Ok(());
    }
    let e = std::io::Error::last_os_error();
    match e.raw_os_error() {
        // The file system or kernel cannot exchange: fall back to two renames.
        Some(libc::EINVAL) | Some(libc::ENOSYS) | Some(libc::ENOTSUP) => {
            swap_by_renames(tmp, dir, old)
        }
        _ => Err(e),
    }
}

#[cfg(not(target_os = "linux"))]
fn swap(tmp: &Path, dir: &Path, old: &Path) -> std::io::Result<()> {
    swap_by_renames(tmp, dir, old)
}

/// Old set aside, new set in, old set to `tmp` for removal. Between the two renames the old set
/// is under its temporary name: the one moment a kill leaves neither under DIR.
fn swap_by_renames(tmp: &Path, dir: &Path, old: &Path) -> std::io::Result<()> {
    std::fs::rename(dir, old)?;
    if let Err(e) = std::fs::rename(tmp, dir) {
        let _ = std::fs::rename(old, dir);
        return Err(e);
    }
    std::fs::rename(old, tmp)
}

fn sync_dir(dir: &Path) {
    if let Ok(f) = std::fs::File::open(dir) {
        let _ = f.sync_all();
    }
}
