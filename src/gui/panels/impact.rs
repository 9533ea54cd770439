//! The impact tab (SPEC §6 "Impact"): what the current edits change against
//! another version: the last export in the export folder, or any ruleset or
//! export file. Both versions decide the sessions of the batch tab's file
//! (or one chosen here) on a worker thread with progress and cancel; per
//! slot, the share of sessions whose outcome changes (chart and numbers),
//! and the from → to table with counts and example sessions, which open in
//! the simulator. A comparison records the document generation and the
//! files it was computed for; when the rules or the session file change it
//! says it is out of date and compares again.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui::{RichText, Ui};

use super::batch::charts::{HBars, Scale, Series, count, describe, palette, percent, thousands};
use super::batch::opener::SessionOpener;
use super::batch::record_error;
use super::job_ui::{Basis, compiled_generation, file_name, progress_row, stopped_early, with_control};
use super::{Out, View};
use crate::analysis::Severity;
use crate::compile::CompiledRuleset;
use crate::export::{DeciderError, load_decider};
use crate::gui::command::{Command, SessionAt, Tab, Work};
use crate::gui::dialogs::Purpose;
use crate::gui::theme::{ok_color, severity_color};
use crate::gui::worker::Job;
use crate::sessions::SessionSource;
use crate::simulate::{self, ImpactReport};

/// Example session ids kept per transition.
const EXAMPLES: usize = 5;
/// Transitions listed per slot before "and N more".
const LISTED: usize = 20;
/// How often the export folder is looked at again for a newer export.
const RESCAN: Duration = Duration::from_secs(2);

/// The impact tab's own state.
#[derive(Default)]
pub struct ImpactState {
    against: Option<PathBuf>,
    sessions: Option<PathBuf>,
    /// Compare against `against` once a session file is chosen.
    compare_when_chosen: bool,
    running: Option<Running>,
    result: Option<ImpactRun>,
    error: Option<String>,
    opener: SessionOpener,
    latest: Option<LatestExport>,
    /// The generation and session file last compared again automatically.
    rerun_for: Option<(u64, PathBuf)>,
}

struct Running {
    job: Job<Result<(ImpactReport, String), String>>,
    against: PathBuf,
    sessions: PathBuf,
    generation: Option<u64>,
}

/// The newest export of the ruleset in the export folder, looked up now and then.
struct LatestExport {
    folder: PathBuf,
    name: String,
    found: Option<(u32, PathBuf)>,
    at: Instant,
}

/// A finished comparison.
pub struct ImpactRun {
    /// The version compared against.
    pub against: PathBuf,
    /// What that version is, in words (`demo-store v3 (export)`).
    pub against_label: String,
    /// The session file.
    pub sessions: PathBuf,
    /// The changes found.
    pub report: ImpactReport,
    /// The document generation compared, when known.
    pub generation: Option<u64>,
}

/// The newest `<name>-v<N>.ruleset.json` in `dir`.
pub fn latest_export(dir: &Path, name: &str) -> Option<(u32, PathBuf)> {
    let prefix = format!("{name}-v");
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            let version: u32 = file.strip_prefix(&prefix)?.strip_suffix(".ruleset.json")?.parse().ok()?;
            Some((version, e.path()))
        })
        .max_by_key(|(v, _)| *v)
}

/// Loads the version to compare against: an export (verified) or a
/// ruleset file (compiled); errors carry the file, line and column.
pub fn load_comparison(path: &Path) -> Result<(CompiledRuleset, String), String> {
    match load_decider(path) {
        Ok(decider) => Ok((decider.compiled, decider.label)),
        Err(DeciderError::Invalid { doc, errors }) => {
            let lines: Vec<String> = errors
                .iter()
                .map(|d| {
                    let rule = d.rules.first().map(|r| format!("rule `{r}`: ")).unwrap_or_default();
                    match doc.spans.locate(&d.path) {
                        Some(p) => format!("{}:{}:{}: {rule}{}", doc.file, p.line, p.column, d.message),
                        None => format!("{}: {rule}{}", doc.file, d.message),
                    }
                })
                .collect();
            Err(format!("the ruleset to compare against has errors:\n{}", lines.join("\n")))
        }
        Err(e) => Err(e.to_string()),
    }
}

impl ImpactState {
    /// The last finished comparison.
    pub fn result(&self) -> Option<&ImpactRun> {
        self.result.as_ref()
    }

    /// Whether a comparison is running.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Why the last comparison could not run.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    /// The session file comparisons use now: the one chosen here, or the batch tab's.
    pub fn current_sessions(&self, batch_sessions: Option<&Path>) -> Option<PathBuf> {
        self.sessions.clone().or_else(|| batch_sessions.map(Path::to_path_buf))
    }

    /// Whether the last comparison is of another generation of the rules or
    /// another session file than the current ones.
    pub fn out_of_date(&self, generation: u64, batch_sessions: Option<&Path>) -> bool {
        self.result.as_ref().is_some_and(|run| {
            run.generation != Some(generation) || Some(&run.sessions) != self.current_sessions(batch_sessions).as_ref()
        })
    }

    /// Asks to compare again when out of date and the current rules have
    /// compiled, once per generation and session file.
    fn rerun_if_out_of_date(&mut self, view: &View, batch_sessions: Option<&Path>, out: &mut Out) {
        if self.running.is_some() || !self.out_of_date(view.generation, batch_sessions) {
            return;
        }
        let (Some(run), Some(sessions)) = (&self.result, self.current_sessions(batch_sessions)) else { return };
        let key = (view.generation, sessions);
        if compiled_generation(view) == Some(view.generation) && self.rerun_for.as_ref() != Some(&key) {
            self.rerun_for = Some(key);
            out.push(Command::Start(Work::Compare(run.against.clone())));
        }
    }

    /// Compares the current rules with `against` over `sessions`, the file
    /// chosen (the tab's own, the Batch tab's, or one just asked for); with
    /// none, waits for one to be chosen and says so.
    pub fn compare(
        &mut self,
        ctx: &egui::Context,
        basis: &Basis,
        against: PathBuf,
        sessions: Option<PathBuf>,
        batch_sessions: Option<&Path>,
    ) {
        match sessions {
            Some(s) => {
                if batch_sessions != Some(s.as_path()) {
                    self.sessions = Some(s.clone());
                }
                self.start(ctx, basis, against, s);
            }
            None => {
                self.against = Some(against);
                self.compare_when_chosen = true;
                self.error = Some("Choose a session file to compare over.".into());
            }
        }
    }

    /// Takes the session file chosen in this tab; returns the version a
    /// comparison waited for it to compare against, if one did.
    pub fn sessions_chosen(&mut self, path: PathBuf) -> Option<PathBuf> {
        self.sessions = Some(path);
        if std::mem::take(&mut self.compare_when_chosen) { self.against.clone() } else { None }
    }

    /// Asks the running comparison to stop; what it found so far is kept.
    pub fn cancel(&mut self) {
        if let Some(r) = &self.running {
            r.job.cancel();
        }
    }

    /// Reads a session of `file` and opens it in the simulator.
    pub fn open_session(&mut self, ctx: &egui::Context, file: &Path, at: &SessionAt) {
        match at {
            SessionAt::Offset(offset, id) => self.opener.open_at(ctx, file, *offset, id),
            SessionAt::Id(id) => self.opener.open_id(ctx, file, id, None),
        }
    }

    fn start(&mut self, ctx: &egui::Context, basis: &Basis, against: PathBuf, sessions: PathBuf) {
        self.against = Some(against.clone());
        self.error = None;
        let Some(new) = basis.compiled.cloned() else {
            self.error =
                Some("The ruleset has not compiled yet; fix its errors (see Problems) and compare again.".into());
            return;
        };
        if let Some(old) = self.running.take() {
            old.job.cancel();
        }
        let (a, s): (PathBuf, PathBuf) = (against.clone(), sessions.clone());
        let new: Arc<CompiledRuleset> = new;
        let job = Job::spawn(ctx, move |handle| {
            let (old, label) = load_comparison(&a)?;
            let source = SessionSource::open(&s).map_err(|e| e.to_string())?;
            let report = with_control(handle, EXAMPLES, false, |control| simulate::impact(&new, &old, source, control));
            Ok((report, label))
        });
        self.running = Some(Running { job, against, sessions, generation: basis.compiled_generation });
    }

    /// Collects a finished comparison, and a session read to open in the simulator.
    pub fn poll(&mut self, out: &mut Out) {
        self.opener.poll(out);
        let Some(running) = &mut self.running else { return };
        let Some(result) = running.job.poll() else { return };
        let Some(running) = self.running.take() else { return };
        match result {
            Ok((report, against_label)) => {
                self.result = Some(ImpactRun {
                    against: running.against,
                    against_label,
                    sessions: running.sessions,
                    report,
                    generation: running.generation,
                });
            }
            Err(e) => self.error = Some(e),
        }
    }

    /// Looks in the export folder for the newest export of the ruleset
    /// `name` when it was not looked at lately: the app calls it before the
    /// tab is drawn.
    pub fn look_for_export(&mut self, folder: Option<&Path>, name: &str) {
        let Some(folder) = folder else { return };
        let fresh =
            self.latest.as_ref().is_some_and(|l| l.folder == folder && l.name == name && l.at.elapsed() < RESCAN);
        if !fresh {
            let found = latest_export(folder, name);
            self.latest =
                Some(LatestExport { folder: folder.to_path_buf(), name: name.to_owned(), found, at: Instant::now() });
        }
    }

    /// The newest export found in `folder` of the ruleset `name`.
    fn latest(&self, folder: Option<&Path>, name: &str) -> Option<(u32, PathBuf)> {
        let folder = folder?;
        self.latest.as_ref().filter(|l| l.folder == folder && l.name == name).and_then(|l| l.found.clone())
    }
}

/// Draws the impact tab. `batch_sessions` is the batch tab's session file;
/// `export_folder` the folder chosen in the export dialog.
pub fn show(
    ui: &mut Ui,
    state: &mut ImpactState,
    view: &View,
    out: &mut Out,
    batch_sessions: Option<&Path>,
    export_folder: Option<&Path>,
) {
    state.rerun_if_out_of_date(view, batch_sessions, out);
    let dark = view.dark;
    let latest = state.latest(export_folder, &view.ruleset.name);
    let idle = state.running.is_none();
    let mut wanted: Option<PathBuf> = None;
    ui.label("Compare the current edits against another version, over the same sessions.");
    ui.horizontal_wrapped(|ui| {
        match &latest {
            Some((version, path)) => {
                if ui
                    .add_enabled(idle, egui::Button::new(format!("Compare with the last export (v{version})")))
                    .on_hover_text(path.display().to_string())
                    .clicked()
                {
                    wanted = Some(path.clone());
                }
            }
            None => {
                let why = match export_folder {
                    Some(f) => format!("No export of {} in {} yet", view.ruleset.name, f.display()),
                    None => {
                        "Choose an export folder in the export dialog (File, Export…) to compare with the last export"
                            .to_owned()
                    }
                };
                ui.add_enabled(false, egui::Button::new("Compare with the last export")).on_disabled_hover_text(why);
            }
        }
        if ui
            .add_enabled(idle, egui::Button::new("Compare against…"))
            .on_hover_text("Another ruleset (.rules.ron) or export (.ruleset.json, .ruleset.ron)")
            .clicked()
        {
            out.push(Command::Choose(Purpose::OpenComparison));
        }
        if let Some(against) = state.against.clone()
            && ui.add_enabled(idle, egui::Button::new("Compare again")).clicked()
        {
            wanted = Some(against);
        }
    });
    let sessions = state.sessions.clone().or_else(|| batch_sessions.map(Path::to_path_buf));
    ui.horizontal(|ui| {
        ui.label("Sessions:");
        match &sessions {
            Some(p) => {
                let from = if state.sessions.is_none() { " (from the Batch tab)" } else { "" };
                ui.label(RichText::new(file_name(p)).strong()).on_hover_text(p.display().to_string());
                ui.weak(from);
            }
            None => {
                ui.weak("none yet");
            }
        }
        if ui.add_enabled(idle, egui::Button::new("Choose sessions…")).clicked() {
            out.push(Command::Choose(Purpose::ImpactSessions));
        }
    });
    if let Some(against) = wanted {
        out.push(Command::Start(Work::Compare(against)));
    }
    if let Some(running) = &state.running
        && progress_row(ui, &running.job, |_, count| {
            format!("Comparing against {}: {} sessions", file_name(&running.against), thousands(count))
        })
    {
        out.push(Command::Cancel(Tab::Impact));
    }
    if let Some(e) = &state.error {
        ui.label(RichText::new(e).color(severity_color(Severity::Error, dark)));
    }
    state.opener.status(ui, dark);
    ui.separator();
    let Some(run) = &state.result else {
        if state.running.is_none() {
            ui.weak(
                "Pick the version to compare against. Both versions decide every session; the report shows, per \
                 slot, how many sessions would see something different, and what they would see instead.",
            );
        }
        return;
    };
    let mut open = None;
    if state.out_of_date(view.generation, batch_sessions) {
        let again = if state.running.is_some() { "comparing again…" } else { "it compares again once they compile." };
        let text = if run.generation == Some(view.generation) {
            format!(
                "⚠ Out of date: this comparison is over {}, not the session file chosen; {again}",
                file_name(&run.sessions)
            )
        } else {
            format!("⚠ Out of date: the rules changed since this comparison; {again}")
        };
        ui.label(RichText::new(text).color(severity_color(Severity::Warning, dark)));
    }
    report(ui, run, view, &mut open);
    if let Some(id) = open {
        let file = run.sessions.clone();
        out.push(Command::Start(Work::OpenSession { tab: Tab::Impact, file, at: SessionAt::Id(id) }));
    }
}

/// The bad records listed (the first 100) with line:column, then how many more.
fn listed_errors(r: &ImpactReport) -> String {
    let mut text: Vec<String> = r.errors.iter().map(record_error).collect();
    if r.error_count > r.errors.len() {
        text.push(format!("and {} more", thousands(r.error_count - r.errors.len())));
    }
    text.join("\n")
}

fn report(ui: &mut Ui, run: &ImpactRun, view: &View, open: &mut Option<String>) {
    let r = &run.report;
    let dark = view.dark;
    let changing = r.slots.iter().filter(|s| s.changed > 0).count();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{} sessions compared", thousands(r.sessions))).strong())
            .on_hover_text(run.sessions.display().to_string());
        ui.label(format!("against {};", run.against_label)).on_hover_text(run.against.display().to_string());
        ui.label(format!("{changing} of {} slots change", r.slots.len()));
        if r.error_count > 0 {
            ui.label(
                RichText::new(format!("{} skipped", count(r.error_count, "bad record", "bad records")))
                    .color(severity_color(Severity::Error, dark)),
            )
            .on_hover_text(listed_errors(r));
        }
    });
    if r.stopped {
        stopped_early(ui, r.sessions, "the numbers cover only those", dark);
    }
    if !r.errors.is_empty() {
        egui::CollapsingHeader::new(format!("Bad records ({})", thousands(r.error_count)))
            .id_salt("impact-bad-records")
            .show(ui, |ui| {
                egui::ScrollArea::vertical().id_salt("impact-bad-records-list").max_height(160.0).show(ui, |ui| {
                    ui.label(RichText::new(listed_errors(r)).color(severity_color(Severity::Error, dark)));
                });
            });
    }
    for (what, slots) in
        [("only in the current edits", &r.added_slots), ("only in the other version", &r.removed_slots)]
    {
        if !slots.is_empty() {
            ui.weak(format!("Slots {what} (not compared): {}", slots.join(", ")));
        }
    }
    ui.separator();
    egui::ScrollArea::vertical().id_salt("impact-report").auto_shrink([false, false]).show(ui, |ui| {
        ui.columns(2, |cols| {
            let ui = &mut cols[0];
            ui.strong("Share of sessions whose outcome changes, per slot");
            let labels: Vec<String> = r.slots.iter().map(|s| s.slot.clone()).collect();
            let hover: Vec<String> = r
                .slots
                .iter()
                .map(|s| {
                    format!("{}: {} sessions change ({})", s.slot, thousands(s.changed), percent(s.changed, r.sessions))
                })
                .collect();
            HBars {
                id: egui::Id::unique("impact-share-chart"),
                labels: &labels,
                series: vec![Series {
                    name: "changed",
                    color: palette::changed(dark),
                    values: r.slots.iter().map(|s| s.share).collect(),
                }],
                hover: &hover,
                scale: Scale::Share,
                legend: false,
                label_width: None,
            }
            .show(ui);
            let ui = &mut cols[1];
            ui.strong("Sessions that change");
            egui::Grid::new("impact-numbers").striped(true).num_columns(3).show(ui, |ui| {
                ui.strong("Slot");
                ui.strong("Sessions");
                ui.strong("Share");
                ui.end_row();
                for s in &r.slots {
                    ui.monospace(&s.slot);
                    let cell = ui.label(thousands(s.changed));
                    describe(&cell, format!("{} changes: {}", s.slot, s.changed));
                    ui.label(percent(s.changed, r.sessions));
                    ui.end_row();
                }
            });
        });
        ui.separator();
        ui.strong("Outcome changes");
        if r.slots.iter().all(|s| s.transitions.is_empty()) {
            ui.label(RichText::new("✔ No session changes outcome on any slot.").color(ok_color(dark)));
            return;
        }
        egui::Grid::new("impact-transitions").striped(true).num_columns(5).spacing([16.0, 6.0]).show(ui, |ui| {
            ui.strong("Slot");
            ui.strong("From");
            ui.strong("To");
            ui.strong("Sessions");
            ui.strong("Examples (open in the simulator)");
            ui.end_row();
            for s in &r.slots {
                for t in s.transitions.iter().take(LISTED) {
                    ui.monospace(&s.slot);
                    ui.label(t.from.to_string());
                    ui.horizontal(|ui| {
                        // The arrow is in the monospace font (the proportional one lacks it).
                        ui.monospace("→");
                        ui.label(t.to.to_string());
                    });
                    let cell = ui.label(thousands(t.count));
                    describe(&cell, format!("{}: {} → {}: {} sessions", s.slot, t.from, t.to, t.count));
                    ui.horizontal_wrapped(|ui| {
                        for id in &t.examples {
                            if ui.link(id).on_hover_text("Open in the simulator").clicked() {
                                *open = Some(id.clone());
                            }
                        }
                    });
                    ui.end_row();
                }
                if s.transitions.len() > LISTED {
                    ui.label("");
                    ui.weak(format!("and {} more transitions", s.transitions.len() - LISTED));
                    ui.end_row();
                }
            }
        });
    });
}
