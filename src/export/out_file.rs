//! A single result file (`--report FILE.html`): checked before anything runs, then written to a
//! temporary file beside it, made durable and renamed into place, so an interrupted run leaves
//! the earlier file or the new one, never half a report.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::out_dir::Cleanup;

/// A checked path for one file.
#[derive(Debug, Clone)]
pub struct OutFile {
    shown: PathBuf,
    path: PathBuf,
    parent: PathBuf,
    name: OsString,
}

impl OutFile {
    /// Check `path` for `flag`: a file name with one of `extensions`, in a directory kapacitet
    /// can write (created if missing), and not a directory itself.
    pub fn check(path: &Path, flag: &str, extensions: &[&str]) -> Result<OutFile, String> {
        let shown = path.display();
        let absolute = if path.is_absolute() {
            path.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| format!("{flag} {shown}: cannot read the current directory: {e}"))?
                .join(path)
        };
        if absolute.is_dir() {
            return Err(format!(
                "{flag} {shown} is a directory; give a file name such as `{flag} rapport.{}`",
                extensions[0]
            ));
        }
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if !extensions.contains(&ext.as_str()) {
            return Err(format!(
                "{flag} {shown}: give a file name ending in .{}, such as `{flag} rapport.{}`",
                extensions[0], extensions[0]
            ));
        }
        let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
            return Err(format!("{flag} {shown}: give a file name"));
        };
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("{flag} {shown}: cannot create {}: {e}", parent.display()))?;
        let probe = parent.join(format!(".kapacitet-probe-{}", std::process::id()));
        std::fs::File::create(&probe)
            .and_then(|_| std::fs::remove_file(&probe))
            .map_err(|e| format!("{flag} {shown}: cannot write in {}: {e}", parent.display()))?;
        Ok(OutFile {
            shown: path.to_path_buf(),
            path: absolute.clone(),
            parent: parent.to_path_buf(),
            name: name.to_os_string(),
        })
    }

    /// The file as the user named it, for messages.
    pub fn shown(&self) -> &Path {
        &self.shown
    }

    /// Write `bytes` as the file's new content, in one step.
    pub fn write(&self, bytes: &[u8], cleanup: &Cleanup) -> std::io::Result<()> {
        let _writing = cleanup.hold();
        let mut tmp = OsString::from(".");
        tmp.push(&self.name);
        tmp.push(format!(".kapacitet-{}.tmp", std::process::id()));
        let tmp = self.parent.join(tmp);
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.path)?;
            if let Ok(d) = std::fs::File::open(&self.parent) {
                let _ = d.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }
}
