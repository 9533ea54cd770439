//! The export dialog (SPEC §7), opened by File ▸ Export… or Ctrl+E: the
//! folder (remembered while the studio runs), the analysis and test status,
//! and, once a folder is chosen, the next version number and the changelog
//! against the previous export (planned on a worker thread, since planning
//! runs the analysis). Export is disabled, with every reason listed, while
//! the ruleset has errors or failing tests. Exporting writes the JSON and
//! RON files on a worker thread, then records the version in the document
//! and saves it when it has a file. What was written, or why not, stays on
//! screen; a result that arrives after the dialog was closed opens it again.
//! Drawing only asks (for a folder, a plan, an export); the app starts the
//! jobs and hands the results back through [`ExportState::poll`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::{RichText, Ui};

use super::batch::charts::count;
use super::{Out, View};
use crate::analysis::{Code, Severity};
use crate::export::{Changelog, ExportError, ExportOutcome, export, plan};
use crate::gui::command::{Command, Work};
use crate::gui::dialogs::Purpose;
use crate::gui::document::Edit;
use crate::gui::theme::{ok_color, severity_color, severity_symbol};
use crate::gui::worker::{Checked, Job};
use crate::model::{ExportStamp, Ruleset};

/// The next export, as planned.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    /// The version an export writes (or the one that already holds this content).
    pub version: u32,
    /// Whether an earlier version already holds this content.
    pub unchanged: bool,
    /// What changed since the previous export.
    pub changelog: Changelog,
}

/// Why there is no plan.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    /// The ruleset has errors or failing tests (each message).
    Refused(Vec<String>),
    /// Something else went wrong.
    Failed(String),
}

type PlanResult = Result<Planned, PlanError>;
type ExportResult = Result<(ExportOutcome, Option<ExportStamp>), String>;

/// The dialog's own state.
#[derive(Default)]
pub struct ExportState {
    /// Whether the dialog is open.
    pub open: bool,
    /// The folder exports go to.
    pub folder: Option<PathBuf>,
    planning: Option<(u64, PathBuf, Job<PlanResult>)>,
    plan: Option<(u64, PathBuf, PlanResult)>,
    exporting: Option<Job<ExportResult>>,
    /// What the last export did, or why it failed.
    pub outcome: Option<Result<ExportOutcome, String>>,
    was_open: bool,
}

impl ExportState {
    /// The plan for the current folder, when one is ready.
    pub fn planned(&self) -> Option<&PlanResult> {
        self.plan.as_ref().map(|(_, _, p)| p)
    }

    /// Whether planning or exporting is under way.
    pub fn busy(&self) -> bool {
        self.planning.is_some() || self.exporting.is_some()
    }

    /// Exports go to `folder` from now on.
    pub fn set_folder(&mut self, folder: PathBuf) {
        self.folder = Some(folder);
        self.outcome = None;
    }

    /// Starts planning an export of `ruleset` to `folder`, on `checked`,
    /// the check of the document's generation it is.
    pub fn start_plan(&mut self, ctx: &egui::Context, ruleset: &Ruleset, checked: &Arc<Checked>, folder: PathBuf) {
        let job = plan_job(ctx, ruleset, checked, &folder);
        self.planning = Some((checked.generation, folder, job));
    }

    /// Starts writing the export of `ruleset` to `folder`, on `checked`, the
    /// check of the document's generation it is, unless one is being written.
    pub fn start_export(&mut self, ctx: &egui::Context, ruleset: &Ruleset, checked: &Arc<Checked>, folder: PathBuf) {
        if self.exporting.is_some() {
            return;
        }
        let (mut ruleset, checked) = (ruleset.clone(), checked.clone());
        self.outcome = None;
        self.exporting = Some(Job::spawn(ctx, move |_| {
            let exported = export(&mut ruleset, &checked.analysis, &folder, &now());
            exported.map(|o| (o, ruleset.last_export.clone())).map_err(|e| match e {
                ExportError::Refused(d) => {
                    format!("export refused: {}", d.iter().map(|d| d.message.as_str()).collect::<Vec<_>>().join("; "))
                }
                e => e.to_string(),
            })
        }));
    }

    /// Collects finished jobs. A written export is recorded in `ruleset`
    /// (the document's) by an edit, then saved when the document has a file
    /// (`saved`); its result opens the dialog again if it was closed.
    pub fn poll(&mut self, ruleset: &Ruleset, saved: bool, out: &mut Out) {
        if let Some(job) = &mut self.exporting
            && let Some(result) = job.poll()
        {
            self.exporting = None;
            match result {
                Ok((outcome, stamp)) => {
                    if stamp.is_some() && stamp != ruleset.last_export {
                        let mut ruleset = ruleset.clone();
                        ruleset.last_export = stamp;
                        let version = match &outcome {
                            ExportOutcome::Written { version, .. } | ExportOutcome::Unchanged { version } => *version,
                        };
                        out.push(Command::Edit(Edit::SetRuleset {
                            label: format!("record export v{version}"),
                            ruleset: Box::new(ruleset),
                            key: None,
                        }));
                        if saved {
                            out.push(Command::Save);
                        }
                    }
                    self.outcome = Some(Ok(outcome));
                }
                Err(e) => self.outcome = Some(Err(e)),
            }
            // A result is never lost: show it even if the dialog was closed meanwhile.
            self.open = true;
            self.was_open = true;
        }
        if let Some((_, _, job)) = &mut self.planning
            && let Some(result) = job.poll()
            && let Some((generation, folder, _)) = self.planning.take()
        {
            self.plan = Some((generation, folder, result));
        }
    }

    /// Asks for a plan when the dialog is open on a folder and there is no
    /// plan of the document's current generation for it, once that
    /// generation is checked (a plan is never made on a stale check).
    fn ask_for_plan(&self, view: &View, out: &mut Out) {
        let Some(folder) = &self.folder else { return };
        let current = |g: u64, f: &Path| g == view.generation && f == folder;
        let planned = self.plan.as_ref().is_some_and(|(g, f, _)| current(*g, f));
        let planning = self.planning.as_ref().is_some_and(|(g, f, _)| current(*g, f));
        let checked = view.checked.is_some() && !view.stale;
        if !planned && !planning && self.exporting.is_none() && checked {
            out.push(Command::Start(Work::PlanExport(folder.clone())));
        }
    }
}

/// Everything that blocks export now: each error's message, each failing
/// test's name and slot. Empty when export may go ahead.
pub fn blockers(view: &View) -> Vec<String> {
    let Some(checked) = view.checked else { return Vec::new() };
    let mut out: Vec<String> = checked
        .analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && d.code != Code::TestFailing)
        .map(|d| match d.rules.first() {
            Some(rule) => format!("{rule}: {}", d.message),
            None => d.message.clone(),
        })
        .collect();
    for t in checked.tests.iter().filter(|t| !t.passed()) {
        for m in &t.mismatches {
            out.push(format!(
                "test `{}` fails on slot `{}`: expects {} but gets {}",
                t.name, m.slot, m.expected, m.actual
            ));
        }
    }
    out
}

fn now() -> String {
    chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

/// The changelog as readable lines.
pub fn changelog_lines(c: &Changelog) -> Vec<String> {
    let mut lines = Vec::new();
    if let Some(note) = &c.note {
        lines.push(format!("({note})"));
    }
    lines.extend(c.added.iter().map(|id| format!("+ rule {id}")));
    lines.extend(c.removed.iter().map(|id| format!("- rule {id}")));
    for change in &c.changed {
        for f in &change.fields {
            lines.push(format!("~ rule {} {}: {} → {}", change.rule, f.field, f.before, f.after));
        }
    }
    lines.extend(c.other.iter().map(|o| format!("~ {o}")));
    lines
}

fn plan_job(ctx: &egui::Context, ruleset: &Ruleset, checked: &Arc<Checked>, folder: &Path) -> Job<PlanResult> {
    let (ruleset, checked, folder) = (ruleset.clone(), checked.clone(), folder.to_path_buf());
    Job::spawn(ctx, move |_| match plan(&ruleset, &checked.analysis, &folder, &now()) {
        Ok(p) => {
            Ok(Planned { version: p.file.header.version, unchanged: p.unchanged, changelog: p.file.header.changelog })
        }
        Err(ExportError::Refused(d)) => Err(PlanError::Refused(d.into_iter().map(|d| d.message).collect())),
        Err(e) => Err(PlanError::Failed(e.to_string())),
    })
}

/// Height of the dialog's body, above its buttons.
const BODY_HEIGHT: f32 = 520.0;

/// Draws the dialog when open. `doc_path` is the document's file (the
/// export is recorded in the document and saved when it has one);
/// `choosing` whether the studio's own file chooser is open.
pub fn show(
    ctx: &egui::Context,
    state: &mut ExportState,
    view: &View,
    choosing: bool,
    doc_path: Option<&Path>,
    out: &mut Out,
) {
    if !state.open {
        state.was_open = false;
        return;
    }
    if !state.was_open {
        // Freshly opened: the previous result belongs to an earlier visit.
        state.was_open = true;
        if state.exporting.is_none() {
            state.outcome = None;
        }
    }
    state.ask_for_plan(view, out);
    if state.busy() {
        ctx.request_repaint_after(std::time::Duration::from_millis(100));
    }
    if choosing {
        // The studio's own file chooser is a window, which a modal would
        // block: the dialog steps aside until the choice is made.
        return;
    }
    let response = egui::Modal::new(egui::Id::unique("export-dialog")).show(ctx, |ui| {
        ui.set_width(620.0);
        // The body has a fixed height and scrolls, so the buttons stay where
        // they are when results appear.
        let reason = ui
            .allocate_ui(egui::vec2(620.0, BODY_HEIGHT), |ui| {
                ui.set_min_height(BODY_HEIGHT);
                egui::ScrollArea::vertical()
                    .id_salt("export-body")
                    .max_height(BODY_HEIGHT)
                    .show(ui, |ui| dialog(ui, state, view, doc_path, out))
                    .inner
            })
            .inner;
        ui.separator();
        buttons(ui, state, reason, out);
    });
    if response.should_close() && state.exporting.is_none() {
        state.open = false;
    }
}

/// The dialog's body; returns why exporting is not possible now, if it is not.
fn dialog(
    ui: &mut Ui,
    state: &ExportState,
    view: &View,
    doc_path: Option<&Path>,
    out: &mut Out,
) -> Option<&'static str> {
    let dark = view.dark;
    let red = severity_color(Severity::Error, dark);
    let green = ok_color(dark);
    ui.heading(format!("Export {}", view.ruleset.name));
    ui.weak(
        "Writes <name>-v<N>.ruleset.json and .ruleset.ron for serving systems; an unchanged ruleset keeps its version.",
    );
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        ui.label("Folder:");
        match &state.folder {
            Some(f) => ui.label(RichText::new(f.display().to_string()).monospace()),
            None => ui.weak("none chosen"),
        };
        if ui.add_enabled(state.exporting.is_none(), egui::Button::new("Choose folder…")).clicked() {
            out.push(Command::Choose(Purpose::ExportFolder));
        }
    });
    match &view.ruleset.last_export {
        Some(stamp) => ui.weak(format!("The last export recorded in the ruleset is v{}.", stamp.version)),
        None => ui.weak("The ruleset records no earlier export."),
    };
    ui.separator();

    // The analysis and the tests.
    let checking = view.checked.is_none() || view.stale;
    let blocked = blockers(view);
    match view.checked {
        Some(checked) if !view.stale => {
            let a = &checked.analysis;
            let errors = a.diagnostics.iter().filter(|d| d.severity == Severity::Error && d.code != Code::TestFailing);
            let errors = errors.count();
            let warnings = a.count(Severity::Warning);
            let failing = checked.tests.iter().filter(|t| !t.passed()).count();
            ui.horizontal_wrapped(|ui| {
                if errors == 0 {
                    ui.label(RichText::new("✔ No errors").color(green));
                } else {
                    ui.label(
                        RichText::new(format!(
                            "{} {}",
                            severity_symbol(Severity::Error),
                            count(errors, "error", "errors")
                        ))
                        .color(red),
                    );
                }
                ui.separator();
                let warn = match warnings {
                    0 => RichText::new("0 warnings"),
                    n => RichText::new(format!(
                        "{} {}",
                        severity_symbol(Severity::Warning),
                        count(n, "warning", "warnings")
                    ))
                    .color(severity_color(Severity::Warning, dark)),
                };
                ui.label(warn).on_hover_text("Warnings do not block export; see the Problems panel");
                ui.separator();
                let tests = checked.tests.len();
                if failing == 0 {
                    let text = match tests {
                        0 => "✔ No tests".to_owned(),
                        1 => "✔ The 1 test passes".to_owned(),
                        n => format!("✔ All {n} tests pass"),
                    };
                    ui.label(RichText::new(text).color(green));
                } else {
                    let verb = if failing == 1 { "fails" } else { "fail" };
                    let text = format!(
                        "{} {failing} of {} {verb}",
                        severity_symbol(Severity::Error),
                        count(tests, "test", "tests")
                    );
                    ui.label(RichText::new(text).color(red));
                }
            });
        }
        _ => {
            ui.weak("Checking the latest edits…");
        }
    }
    if !blocked.is_empty() {
        ui.add_space(4.0);
        ui.label(RichText::new("Export is blocked until these are fixed:").strong().color(red));
        egui::ScrollArea::vertical().id_salt("export-blockers").max_height(160.0).show(ui, |ui| {
            for reason in &blocked {
                ui.label(RichText::new(format!("{} {reason}", severity_symbol(Severity::Error))).color(red));
            }
        });
    }
    ui.separator();

    // The plan: next version and changelog.
    let plan = state
        .plan
        .as_ref()
        .filter(|(g, f, _)| *g == view.generation && Some(f) == state.folder.as_ref())
        .map(|(_, _, p)| p);
    let mut plan_ok = false;
    match (&state.folder, plan) {
        (None, _) => {
            ui.weak("Choose a folder to see the next version and its changelog.");
        }
        (Some(_), None) => {
            ui.weak("Planning the export…");
        }
        (Some(_), Some(Ok(p))) if p.unchanged => {
            plan_ok = true;
            ui.label(format!("Unchanged since v{}: exporting writes no new version.", p.version));
        }
        (Some(_), Some(Ok(p))) => {
            plan_ok = true;
            ui.label(RichText::new(format!("Next version: v{}", p.version)).strong());
            let against = p.changelog.previous_version.map_or("Changes".to_owned(), |v| format!("Changes since v{v}"));
            ui.label(against);
            let lines = changelog_lines(&p.changelog);
            egui::ScrollArea::vertical().id_salt("export-changelog").max_height(180.0).show(ui, |ui| {
                if lines.is_empty() {
                    ui.weak("no rule changes");
                }
                for line in lines {
                    ui.monospace(line);
                }
            });
        }
        (Some(_), Some(Err(PlanError::Refused(messages)))) => {
            if blocked.is_empty() && !checking {
                for m in messages {
                    ui.label(RichText::new(format!("{} {m}", severity_symbol(Severity::Error))).color(red));
                }
            } else {
                ui.weak("The next version is planned once nothing blocks export.");
            }
        }
        (Some(_), Some(Err(PlanError::Failed(e)))) => {
            ui.label(RichText::new(e).color(red));
        }
    }

    // What the last export did.
    if let Some(outcome) = &state.outcome {
        ui.separator();
        match outcome {
            Ok(ExportOutcome::Written { version, json, ron, .. }) => {
                ui.label(RichText::new(format!("✔ Exported v{version}:")).color(green).strong());
                ui.add(egui::Label::new(RichText::new(json.display().to_string()).monospace()).selectable(true));
                ui.add(egui::Label::new(RichText::new(ron.display().to_string()).monospace()).selectable(true));
            }
            Ok(ExportOutcome::Unchanged { version }) => {
                ui.label(
                    RichText::new(format!("✔ The ruleset is unchanged since v{version}; no new version was written."))
                        .color(green),
                );
            }
            Err(e) => {
                ui.label(RichText::new(e).color(red));
            }
        }
        if outcome.is_ok() {
            match doc_path {
                Some(p) => ui.weak(format!("The version is recorded in {}.", p.display())),
                None => ui.weak("Save the ruleset to keep the version number in it."),
            };
        }
    }

    if state.folder.is_none() {
        Some("Choose a folder first")
    } else if checking {
        Some("Waiting for the check of the latest edits")
    } else if !blocked.is_empty() {
        Some("Fix the errors and failing tests listed above first")
    } else if !plan_ok {
        Some("Waiting for the plan")
    } else if state.exporting.is_some() {
        Some("Exporting…")
    } else {
        None
    }
}

/// The Export and Close buttons, at the dialog's foot; `reason` is why
/// exporting is not possible now.
fn buttons(ui: &mut Ui, state: &mut ExportState, reason: Option<&'static str>, out: &mut Out) {
    ui.horizontal(|ui| {
        let button = ui.add_enabled(reason.is_none(), egui::Button::new("Export"));
        let button = match reason {
            Some(r) => button.on_disabled_hover_text(r),
            None => button.on_hover_text("Write the JSON and RON files"),
        };
        if button.clicked()
            && let Some(folder) = state.folder.clone()
        {
            out.push(Command::Start(Work::Export(folder)));
        }
        if state.exporting.is_some() {
            ui.weak("Exporting…");
        }
        if ui.add_enabled(state.exporting.is_none(), egui::Button::new("Close")).clicked() {
            state.open = false;
        }
    });
}
