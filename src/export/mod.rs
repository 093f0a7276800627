//! Report writers, one file per format behind one function each: terminal table, JSON (a stable
//! contract, documented in docs/output-reference.md) and CSV; plus the files written to
//! `--out DIR`, always atomically.

pub mod compare;
pub mod csv;
pub mod json;
pub mod size;
pub mod table;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::report::Report;

/// Output formats of `kapacitet run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Table,
    Json,
    Csv,
}

/// The report in `format`, ready to print.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Table => table::render(report),
        Format::Json => json::render(report),
        Format::Csv => csv::kpis(report),
    }
}

/// Write every output file into `dir` (created if missing); returns the paths written.
pub fn write_dir(report: &Report, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let files = [
        ("summary.json", json::render(report)),
        ("kpis.csv", csv::kpis(report)),
        ("stages.csv", csv::stages(report)),
        ("staff.csv", csv::staff(report)),
        ("weekly.csv", csv::weekly(report)),
        ("monthly.csv", csv::monthly(report)),
        ("survival.csv", csv::survival(report)),
    ];
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        write_atomic(&path, text.as_bytes())?;
        written.push(path);
    }
    Ok(written)
}

/// Write to a temporary file beside `path`, then rename it into place, so an interrupted run
/// never leaves a half-written file under the real name.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or_else(|| Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A number for machines: NaN and infinities become `None` (JSON null, empty CSV cell).
pub fn finite(v: f64) -> Option<f64> {
    v.is_finite().then_some(v)
}
