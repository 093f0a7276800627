//! A single result file named on the command line (`--xlsx FILE`): checked before anything runs,
//! then written whole into a temporary file beside it, made durable and renamed over FILE in
//! one step, so an interrupted run leaves the earlier file or the new one, never half a file.

use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::out_dir::Cleanup;

/// A checked output file.
#[derive(Debug, Clone)]
pub struct OutFile {
    /// As the user wrote it, for messages.
    shown: PathBuf,
    file: PathBuf,
    parent: PathBuf,
    name: OsString,
}

impl OutFile {
    /// Check `file` for `flag` before anything is simulated: its folder must exist and be
    /// writable, and it must not be a directory.
    pub fn check(file: &Path, flag: &str) -> Result<OutFile, String> {
        let shown = file.display();
        let absolute = if file.is_absolute() {
            file.to_path_buf()
        } else {
            std::env::current_dir()
                .map_err(|e| format!("{flag} {shown}: cannot read the current directory: {e}"))?
                .join(file)
        };
        let (Some(parent), Some(name)) = (absolute.parent(), absolute.file_name()) else {
            return Err(format!(
                "{flag} {shown}: give a file name, such as `{flag} resultater.xlsx`"
            ));
        };
        if absolute.is_dir() {
            return Err(format!(
                "{flag} {shown} is a directory; give a file name, such as `{flag} resultater.xlsx`"
            ));
        }
        if !parent.is_dir() {
            return Err(format!(
                "{flag} {shown}: the folder {} does not exist",
                parent.display()
            ));
        }
        let out = OutFile {
            shown: file.to_path_buf(),
            file: absolute.clone(),
            parent: parent.to_path_buf(),
            name: name.to_os_string(),
        };
        let probe = out.temporary();
        std::fs::File::create(&probe)
            .and_then(|_| std::fs::remove_file(&probe))
            .map_err(|e| format!("{flag} {shown}: cannot write in {}: {e}", parent.display()))?;
        Ok(out)
    }

    /// The file as the user named it, for messages.
    pub fn path(&self) -> &Path {
        &self.shown
    }

    /// Write `bytes` as the file's new content, in one step.
    pub fn write(&self, bytes: &[u8], cleanup: &Cleanup) -> std::io::Result<()> {
        let _writing = cleanup.lock();
        let tmp = self.temporary();
        let result = (|| {
            let mut f = std::fs::File::create(&tmp)?;
            f.write_all(bytes)?;
            f.sync_all()?;
            std::fs::rename(&tmp, &self.file)?;
            if let Ok(dir) = std::fs::File::open(&self.parent) {
                let _ = dir.sync_all();
            }
            Ok(())
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result
    }

    /// `.NAME.kapacitet-PID.tmp` beside the file: same file system, so the rename is atomic.
    fn temporary(&self) -> PathBuf {
        let mut n = OsString::from(".");
        n.push(&self.name);
        n.push(format!(".kapacitet-{}.tmp", std::process::id()));
        self.parent.join(n)
    }
}
