//! What the tabs that run over a session file on a worker thread share: the
//! [`Basis`] a run starts from, the simulation's [`Control`] wired to the
//! job (progress and cancel), the progress bar with its Cancel button, the
//! warning of a run stopped early, the document generation a run is of, the
//! buttons that ask for a run over a session file, and a file's short name.
//! Drawing only asks (the buttons return [`Command`]s); the app starts and
//! cancels the jobs.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use egui::{RichText, Ui};

use super::batch::charts::thousands;
use super::{Out, View};
use crate::analysis::Severity;
use crate::compile::CompiledRuleset;
use crate::gui::command::{Command, Work};
use crate::gui::dialogs::Purpose;
use crate::gui::theme::severity_color;
use crate::gui::worker::{Checked, Job, JobHandle};
use crate::model::Ruleset;
use crate::simulate::{Control, Progress};

/// What a run starts from: the document's rules as they are now and as
/// last compiled.
pub struct Basis<'a> {
    /// The document's ruleset.
    pub ruleset: &'a Ruleset,
    /// The document's generation.
    pub generation: u64,
    /// The check of that generation, once it is done.
    pub checked: Option<&'a Arc<Checked>>,
    /// The ruleset as last compiled without errors (possibly older).
    pub compiled: Option<&'a Arc<CompiledRuleset>>,
    /// The generation `compiled` is of, when it is the latest check's.
    pub compiled_generation: Option<u64>,
}

impl<'a> Basis<'a> {
    /// The basis of a document's `ruleset` at `generation`, given the latest
    /// check (possibly of an older generation) and the ruleset as last compiled.
    pub fn new(
        ruleset: &'a Ruleset,
        generation: u64,
        latest: Option<&'a Arc<Checked>>,
        compiled: Option<&'a Arc<CompiledRuleset>>,
    ) -> Self {
        Basis {
            ruleset,
            generation,
            checked: latest.filter(|c| c.generation == generation),
            compiled,
            compiled_generation: generation_of(latest, compiled),
        }
    }

    /// The ruleset compiled, for a job that needs this very generation: the
    /// check's compilation when it is done (compiled once per generation),
    /// else compiled by the job itself.
    ///
    /// # Errors
    /// A sentence for the user when the ruleset has errors.
    pub fn compiler(&self) -> impl FnOnce() -> Result<Arc<CompiledRuleset>, String> + Send + 'static {
        let checked = self.checked.and_then(|c| c.compiled.clone());
        let ruleset = checked.is_none().then(|| self.ruleset.clone());
        move || match (checked, ruleset) {
            (Some(compiled), _) => Ok(compiled),
            (None, Some(ruleset)) => crate::compile::compile(&ruleset)
                .map(Arc::new)
                .map_err(|_| "The ruleset has errors; fix them (see Problems) and run again.".to_owned()),
            (None, None) => Err("The ruleset has errors; fix them (see Problems) and run again.".to_owned()),
        }
    }
}

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
/// while the job runs. Returns whether Cancel was clicked.
pub fn progress_row<T: Send + 'static>(ui: &mut Ui, job: &Job<T>, text: impl FnOnce(bool, usize) -> String) -> bool {
    let (fraction, count) = job.progress();
    let clicked = ui
        .horizontal(|ui| {
            let cancelling = job.cancelling();
            let clicked = ui.add_enabled(!cancelling, egui::Button::new("Cancel")).clicked();
            ui.add(egui::ProgressBar::new(fraction).text(text(cancelling, count)).desired_width(ui.available_width()));
            clicked
        })
        .inner;
    ui.ctx().request_repaint_after(Duration::from_millis(100));
    clicked
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
    generation_of(view.checked, view.compiled)
}

/// The generation of the document `compiled` was compiled from, when it is
/// `checked`'s.
fn generation_of(checked: Option<&Arc<Checked>>, compiled: Option<&Arc<CompiledRuleset>>) -> Option<u64> {
    let checked = checked?;
    let latest = checked.compiled.as_ref()?;
    compiled.filter(|c| Arc::ptr_eq(c, latest)).map(|_| checked.generation)
}

/// What a tab that runs over a session file calls its run and asks for: the
/// verb on its buttons ("Judge", "Measure"), what the run does (for their
/// hover text), the file choice it asks for and the work it starts.
pub struct RunWords {
    /// The verb, capitalised.
    pub verb: &'static str,
    /// What the run does, e.g. "judge their health".
    pub purpose: &'static str,
    /// The file choice "`<verb> over sessions…`" asks for.
    pub asks: Purpose,
    /// The work a run over a file is.
    pub work: fn(PathBuf) -> Work,
}

/// The buttons that ask for a run over a session file: "`<verb> over
/// sessions…`" asks for a file (the app starts the run once one is chosen),
/// and "`<verb> again`" reruns over the tab's own file, or "`<verb> over
/// <file>`" over the Batch tab's when the tab has none.
pub fn run_buttons(ui: &mut Ui, words: &RunWords, idle: bool, own: Option<&Path>, batch: Option<&Path>, out: &mut Out) {
    let RunWords { verb, purpose: what, asks, work } = words;
    if ui
        .add_enabled(idle, egui::Button::new(format!("{verb} over sessions…")))
        .on_hover_text(format!("Run the rules over a sample of sessions (JSON lines, CSV or RON) to {what}"))
        .clicked()
    {
        out.push(Command::Choose(*asks));
    }
    if let Some(path) = own.or(batch) {
        let label = if own.is_some() { format!("{verb} again") } else { format!("{verb} over {}", file_name(path)) };
        if ui
            .add_enabled(idle, egui::Button::new(label))
            .on_hover_text(format!("{verb} the current rules over {}", path.display()))
            .clicked()
        {
            out.push(Command::Start(work(path.to_path_buf())));
        }
    }
}

/// A path's file name, or the whole path when it has none.
pub fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}
