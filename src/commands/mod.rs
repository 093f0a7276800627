//! The commands, one file each: each takes its validated options, runs the library and hands a
//! document to the exporters. Shared here: exit codes, messages on standard error, standard
//! output that never panics, and delivering a document to standard output and `--out`.

pub mod calc;
pub mod check;
pub mod compare;
pub mod run;
pub mod size;
pub mod sweep;

use std::io::Write;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::export::document::wrap_words;
use crate::export::out_dir::{Cleanup, OutDir};
use crate::export::table::WIDTH;
use crate::export::{self, Document, Exporter, Format};
use crate::figures::Lang;
use crate::lang::{warning_line, Text};
use crate::model::Model;
use crate::options::{Refusal, Show};

/// Exit code for a bad scenario or bad arguments.
pub const EXIT_INPUT: i32 = 2;
/// Exit code for a failure while running or writing.
pub const EXIT_RUNTIME: i32 = 1;
/// Exit code of `size` when it ran and no setting meets the targets (an answer is 0).
pub const EXIT_NOT_MET: i32 = 3;
/// Exit code after SIGINT or SIGTERM (128 + SIGINT, as shells report an interrupted command).
pub const EXIT_INTERRUPTED: i32 = 130;

/// Most worker threads: far above the cores of any machine this runs on, and few enough that
/// starting them cannot exhaust the system.
pub const MAX_THREADS: u32 = 256;
/// Most replications, as in a scenario file.
pub const MAX_REPLICATIONS: u32 = 1_000_000;

/// A line on standard error. A closed or full standard error is ignored: there is nowhere left
/// to say anything, and a panic would be worse.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}
pub use crate::say;

/// Write `text` to standard output: a closed pipe (`| head`) ends quietly with 0, any other
/// failure (a full disk) with a message and exit code 1.
pub fn emit(text: &str) -> i32 {
    emit_bytes(text.as_bytes())
}

fn emit_bytes(bytes: &[u8]) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            say!("error: could not write the results to standard output: {e}");
            EXIT_RUNTIME
        }
    }
}

/// Say why a command does not start; exit code 2.
pub fn refuse(r: Refusal) -> i32 {
    match r {
        Refusal::Scenario(e) => {
            say!("{e}");
            let n = e.problems.len();
            say!(
                "{n} problem{} in the scenario; nothing was run.",
                if n == 1 { "" } else { "s" }
            );
        }
        Refusal::Message(m) => say!("error: {m}"),
    }
    EXIT_INPUT
}

/// Valid but probably unintended settings, on standard error so output stays clean.
pub fn print_warnings(model: &Model, lang: Lang, wide: bool) {
    for w in &model.warnings {
        warn(w, lang, wide);
    }
}

/// One warning on standard error: within the terminal width unless `--wide`, its further lines
/// indented so that each warning reads as one.
pub fn warn(w: &Text, lang: Lang, wide: bool) {
    let line = warning_line(w, lang);
    if wide {
        say!("{line}");
    } else {
        say!("{}", wrap_words(&line, WIDTH, 2).join("\n"));
    }
}

/// Write the `--out` set (every exporter's files) and the `--xlsx` workbook, then print the
/// document in `format`: the files are the lasting result, so a failing standard output must
/// not cost them.
pub fn deliver(
    doc: &Document,
    format: Format,
    show: &Show,
    out: Option<&OutDir>,
    cleanup: &Cleanup,
) -> i32 {
    let mut code = 0;
    if let Some(file) = &show.xlsx {
        let written = export::workbook(show.style.lang)
            .render(doc)
            .ok_or_else(|| std::io::Error::other("the workbook could not be made"))
            .and_then(|bytes| file.write(&bytes, cleanup));
        match written {
            Ok(()) => say!("wrote {}", file.path().display()),
            Err(e) => {
                say!("error: could not write {}: {e}", file.path().display());
                code = EXIT_RUNTIME;
            }
        }
    }
    let exporters = export::styled_exporters(show.style);
    let shown = deliver_with(doc, format.styled(show.style), &exporters, out, cleanup);
    if code != 0 {
        code
    } else {
        shown
    }
}

/// [`deliver`] with the exporters that fill `--out` given.
pub fn deliver_with(
    doc: &Document,
    format: &dyn Exporter,
    exporters: &[&dyn Exporter],
    out: Option<&OutDir>,
    cleanup: &Cleanup,
) -> i32 {
    let text = format.render(doc).unwrap_or_default();
    if let Some(dir) = out {
        let files = export::files(doc, exporters);
        match dir.write(&files, cleanup) {
            Ok(()) => say!("wrote {} files to {}", files.len(), dir.path().display()),
            Err(e) => {
                say!(
                    "error: could not write results to {}: {e}",
                    dir.path().display()
                );
                // Still show the results on screen: they are all there is now.
                emit_bytes(&text);
                return EXIT_RUNTIME;
            }
        }
    }
    emit_bytes(&text)
}

/// A progress bar over `total` replications on standard error (hidden when it is not a
/// terminal).
pub fn progress(total: u64, message: &str, lang: Lang) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    let template = format!(
        "{{msg}} [{{bar:30}}] {{pos}}/{{len}} {} ({{eta}})",
        lang.pick("replikationer", "replications")
    );
    bar.set_style(
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.set_message(message.to_string());
    bar
}
