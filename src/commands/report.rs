//! `--report FILE.html` and `--charts DIR` for every command that has charts: both checked
//! before anything runs, then written after the results are in, before anything is printed.

use crate::cli::ReportArgs;
use crate::export::chart_files::ChartFiles;
use crate::export::charts::Chart;
use crate::export::html::Html;
use crate::export::method::ReportContext;
use crate::export::out_dir::{Cleanup, OutDir};
use crate::export::out_file::OutFile;
use crate::export::{Block, Document, Exporter};
use crate::options::Refusal;

use super::{say, EXIT_RUNTIME};

/// The checked `--report` file and `--charts` directory.
#[derive(Debug, Default)]
pub struct Extras {
    report: Option<OutFile>,
    charts: Option<OutDir>,
}

impl Extras {
    /// Check both before anything runs (exit 2 on a bad path).
    pub fn check(args: &ReportArgs) -> Result<Extras, Refusal> {
        let report = args.report.as_deref().map(report_file).transpose()?;
        let charts = args
            .charts
            .as_deref()
            .map(|d| OutDir::check(d).map_err(|e| e.replacen("--out", "--charts", 1)))
            .transpose()?;
        Ok(Extras { report, charts })
    }

    /// Whether anything is asked for, so the method note is only built when it is read.
    pub fn wanted(&self) -> bool {
        self.report.is_some() || self.charts.is_some()
    }

    /// Write the report and the charts; 0, or 1 after saying what could not be written.
    pub fn write(
        &self,
        doc: &Document,
        context: impl FnOnce() -> ReportContext,
        cleanup: &Cleanup,
    ) -> i32 {
        let mut code = 0;
        if let Some(dir) = &self.charts {
            let files = ChartFiles.files(doc);
            match dir.write(&files, cleanup) {
                Ok(()) => say!(
                    "wrote {} chart files to {}",
                    files.len(),
                    dir.path().display()
                ),
                Err(e) => {
                    say!(
                        "error: could not write the charts to {}: {e}",
                        dir.path().display()
                    );
                    code = EXIT_RUNTIME;
                }
            }
        }
        if let Some(file) = &self.report {
            let bytes = Html(context()).render(doc).unwrap_or_default();
            match file.write(&bytes, cleanup) {
                Ok(()) => say!("wrote the report to {}", file.path().display()),
                Err(e) => {
                    say!(
                        "error: could not write the report to {}: {e}",
                        file.path().display()
                    );
                    code = EXIT_RUNTIME;
                }
            }
        }
        code
    }
}

/// `--report FILE`: a file name ending in .html (or .htm) that can be written.
fn report_file(path: &std::path::Path) -> Result<OutFile, String> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if !path.is_dir() && ext != "html" && ext != "htm" {
        return Err(format!(
            "--report {}: give a file name ending in .html, such as `--report rapport.html`",
            path.display()
        ));
    }
    OutFile::check(path, "--report")
}

/// `doc` with `charts` added as blocks at its end, where every exporter that draws finds them.
pub fn with_charts(mut doc: Document, charts: Vec<Chart>) -> Document {
    doc.blocks
        .extend(charts.into_iter().map(|c| Block::Chart(Box::new(c))));
    doc
}
