//! What the batch and impact tabs share about a run over a session file on
//! a worker thread: the simulation's [`Control`] wired to the job (progress
//! and cancel), the progress bar with its Cancel button, the warning of a
//! run stopped early, the document generation a run is of, the buttons that
//! start a run over a session file, and a file's short name.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use egui::{RichText, Ui};

use super::View;
use super::batch::charts::thousands;
use crate::analysis::Severity;
use crate::gui::dialogs::Purpose;
use crate::gui::files::Files;
use crate::gui::theme::severity_color;
use crate::gui::worker::{Job, JobHandle};
use crate::simulate::{Control, Progress};

/// Runs `work` with a [`Control`] that reports progress to the job's
/// `handle` and stops when the job is cancelled; it keeps `examples` session
/// ids per finding, and one row per session when `rows`.
pub fn with_control<R>(handle: &JobHandle, examples: usize, rows: bool, work: impl FnOnce(&Control) -> R) -> R {
    let progress = |p: Progress| handle.report(p.fraction().unwrap_or(0.0), p.sessions);
    let control =
        Control { strict: false, examples, rows, cancel: Some(handle.cancel_flag()), progress: Some(&progress) };
    work(&control)
}

/// A Cancel button and the job's progress bar, whose text `text` writes from
/// whether cancelling was asked for and the count reported so far. Repaints
/// while the job runs.
pub fn progress_row<T: Send + 'static>(ui: &mut Ui, job: &Job<T>, text: impl FnOnce(bool, usize) -> String) {
    let (fraction, count) = job.progress();
    ui.horizontal(|ui| {
        let cancelling = job.cancelling();
        if ui.add_enabled(!cancelling, egui::Button::new("Cancel")).clicked() {
            job.cancel();
        }
        ui.add(egui::ProgressBar::new(fraction).text(text(cancelling, count)).desired_width(ui.available_width()));
    });
    ui.ctx().request_repaint_after(Duration::from_millis(100));
}

/// The warning that a run stopped early after `sessions` sessions, and that
/// `covers` ("the report covers only those").
pub fn stopped_early(ui: &mut Ui, sessions: usize, covers: &str, dark: bool) {
    ui.label(
        RichText::new(format!("⚠ Stopped early after {} sessions: {covers}.", thousands(sessions)))
            .color(severity_color(Severity::Warning, dark)),
    );
}

/// The generation of the document `view.compiled` was compiled from, when
/// it is the latest check's.
pub fn compiled_generation(view: &View) -> Option<u64> {
    let checked = view.checked?;
    let latest = checked.compiled.as_ref()?;
    view.compiled.filter(|c| Arc::ptr_eq(c, latest)).map(|_| checked.generation)
}

/// What a tab that runs over a session file calls its run: the verb on its
/// buttons ("Judge", "Measure") and what the run does, for their hover text.
pub struct RunWords {
    /// The verb, capitalised.
    pub verb: &'static str,
    /// What the run does, e.g. "judge their health".
    pub purpose: &'static str,
}

/// The buttons that start a run over a session file: "<verb> over
/// sessions…" asks for a file (for `purpose`), and "<verb> again" reruns
/// over the tab's own file, or "<verb> over <file>" over the Batch tab's when
/// the tab has none. Returns the file to run over when one was chosen.
pub fn run_buttons(
    ui: &mut Ui,
    files: &mut Files,
    purpose: Purpose,
    words: &RunWords,
    idle: bool,
    own: Option<&Path>,
    batch: Option<&Path>,
) -> Option<PathBuf> {
    let RunWords { verb, purpose: what } = words;
    let mut start = None;
    if ui
        .add_enabled(idle, egui::Button::new(format!("{verb} over sessions…")))
        .on_hover_text(format!("Run the rules over a sample of sessions (JSON lines, CSV or RON) to {what}"))
        .clicked()
    {
        files.request(purpose, "");
    }
    if let Some(path) = files.answer(purpose) {
        start = Some(path);
    }
    if let Some(path) = own.or(batch) {
        let label = if own.is_some() { format!("{verb} again") } else { format!("{verb} over {}", file_name(path)) };
        if ui
            .add_enabled(idle, egui::Button::new(label))
            .on_hover_text(format!("{verb} the current rules over {}", path.display()))
            .clicked()
        {
            start = Some(path.to_path_buf());
        }
    }
    start
}

/// A path's file name, or the whole path when it has none.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
