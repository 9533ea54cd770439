//! The studio application: the document, the checker, the panels, and the
//! one place where commands are applied.
//!
//! This module owns the app's state and draws a frame (menus, status bar,
//! panels); drawing changes nothing but what is on screen and the panels'
//! own UI state (text typed, sections shown, ticks). [`commands`] applies
//! the commands a frame produced, routing chosen files to whoever asked;
//! `work` starts, stops and collects the work the panels ask for; and
//! [`prompts`] draws the modal questions.

mod commands;
mod prompts;
mod work;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use egui::{Context, RichText, Ui};

use super::command::{Command, Tab, ThemeChoice, shortcut_of, shortcuts};
use super::dialogs::{FileDialogs, Prompt, Then};
use super::document::Document;
use super::files::Files;
use super::panels::{self, Out, View};
use super::prefs::Prefs;
use super::recovery::Recovery;
use super::worker::Checker;
use crate::model::{FieldPath, Ruleset};

/// The problems panel's first height: the list's header and a few problems.
const PROBLEMS_DEFAULT: f32 = 170.0;
/// The least it can be dragged to: its header and one line.
const PROBLEMS_LEAST: f32 = 70.0;
/// The least it is while a problem is open: room for a witness session and
/// its "Open in simulator" button.
const PROBLEMS_OPEN: f32 = 290.0;

/// How the studio starts.
pub struct Config {
    /// The ruleset to open.
    pub file: Option<PathBuf>,
    /// File dialogs: native ones, or scripted answers in tests.
    pub dialogs: Box<dyn FileDialogs>,
    /// Where recovery files live.
    pub recovery_dir: PathBuf,
    /// Whether to restore preferences saved by an earlier run.
    pub restore_prefs: bool,
    /// A fixed "now" (epoch seconds) for the analysis, for reproducible
    /// tests; `None` in the app.
    pub clock: Option<i64>,
}

/// The panels' state.
#[derive(Default)]
pub struct UiState {
    /// The tab shown.
    pub tab: Option<Tab>,
    /// The selected rule.
    pub selected: Option<usize>,
    /// The field a diagnostic points at.
    pub highlight: Option<FieldPath>,
    /// The rule list.
    pub list: panels::rule_list::ListState,
    /// The problems panel.
    pub problems: panels::problems::ProblemsState,
    /// The rule editor.
    pub editor: panels::rule_editor::EditorState,
    /// The slots and segments editor.
    pub model: panels::model_editor::ModelState,
    /// The simulator.
    pub simulator: panels::simulator::SimulatorState,
    /// The tests tab.
    pub tests: panels::tests_tab::TestsState,
    /// The batch tab.
    pub batch: panels::batch::BatchState,
    /// The impact tab.
    pub impact: panels::impact::ImpactState,
    /// The export dialog.
    pub export: panels::export::ExportState,
    /// The health tab.
    pub health: panels::health::HealthState,
    /// The Measure tab.
    pub measure: panels::measure::MeasureState,
}

/// The studio.
pub struct StudioApp {
    doc: Document,
    /// The date edits are stamped with, when the configuration fixes "now".
    today: Option<chrono::NaiveDate>,
    checker: Checker,
    prefs: Prefs,
    files: Files,
    recovery: Recovery,
    prompt: Option<Prompt>,
    toast: Option<(String, Instant)>,
    queue: Vec<Command>,
    pending_then: Option<Then>,
    /// The popup ids of the File, Edit and View menus, for Alt+F, Alt+E, Alt+V and F10.
    menu_ids: [Option<egui::Id>; 3],
    /// The command palette, while open.
    palette: Option<super::palette::Palette>,
    quitting: bool,
    title: String,
    /// The panels' state (public for tests).
    pub ui: UiState,
}

impl StudioApp {
    /// Creates the studio.
    pub fn new(cc: &eframe::CreationContext<'_>, config: Config) -> Self {
        let prefs: Prefs = if config.restore_prefs {
            cc.storage.and_then(|s| eframe::get_value(s, eframe::APP_KEY)).unwrap_or_default()
        } else {
            Prefs::default()
        };
        cc.egui_ctx.set_theme(prefs.egui_theme());
        super::theme::install(&cc.egui_ctx);
        let recovery = Recovery::new(config.recovery_dir);
        let mut prompt = None;
        let doc = match &config.file {
            Some(path) => match Document::open(path) {
                Ok(doc) => doc,
                Err(e) => {
                    prompt =
                        Some(Prompt::Error { title: "The ruleset could not be opened".into(), message: e.to_string() });
                    Document::untitled(Ruleset::new("untitled"))
                }
            },
            None => Document::untitled(Ruleset::new("untitled")),
        };
        // Only this document's own unsaved work is offered back.
        let found = match (&config.file, &doc.path) {
            (Some(_), Some(_)) => recovery.find(&doc.recovery_owner()),
            (None, _) => recovery.find_untitled(),
            (Some(_), None) => None,
        };
        if let Some(found) = found {
            prompt = Some(Prompt::Recover(found));
        }
        let today = config.clock.and_then(|now| chrono::DateTime::from_timestamp(now, 0)).map(|t| t.date_naive());
        let mut doc = doc;
        doc.today = today;
        let mut files = Files::new(config.dialogs, prefs.folders.clone());
        files.in_app = prefs.in_app_chooser;
        let mut app = StudioApp {
            doc,
            today,
            checker: Checker::new(config.clock),
            ui: UiState {
                tab: Some(prefs.tab),
                health: panels::health::HealthState::new(config.clock),
                measure: panels::measure::MeasureState::default(),
                ..UiState::default()
            },
            prefs,
            files,
            recovery,
            prompt,
            toast: None,
            queue: Vec::new(),
            pending_then: None,
            menu_ids: [None; 3],
            palette: None,
            quitting: false,
            title: String::new(),
        };
        if let Some(path) = &config.file
            && app.doc.path.is_some()
        {
            app.prefs.remember(path);
        }
        app.ui.selected = app.first_rule();
        app.reset_simulator();
        app
    }

    /// The open document.
    pub fn document(&self) -> &Document {
        &self.doc
    }

    /// The prompt shown, if any.
    pub fn prompt(&self) -> Option<&Prompt> {
        self.prompt.as_ref()
    }

    /// The file choices (which one is open in the studio's own chooser).
    pub fn files(&self) -> &Files {
        &self.files
    }

    /// The checker (results of the latest analysis).
    pub fn checker(&self) -> &Checker {
        &self.checker
    }

    /// Waits until the check results are current (for tests and scripts).
    pub fn wait_for_check(&mut self, ctx: &Context) {
        let doc = &mut self.doc;
        self.checker.wait_current(ctx, doc.generation, || doc.snapshot());
    }

    /// Waits until the recovery files asked for so far are written or
    /// removed (they are written off the UI thread): for tests.
    pub fn flush_recovery(&self) {
        self.recovery.flush();
    }

    /// Queues a command, as a menu item or shortcut would.
    pub fn command(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// The rule decided first, to select when a ruleset is opened.
    fn first_rule(&self) -> Option<usize> {
        panels::rule_list::decision_order(&self.doc.ruleset).first().copied()
    }

    fn reset_simulator(&mut self) {
        if let Some(p) = self.doc.ruleset.personas.first() {
            self.ui.simulator.load(p.session.clone());
        }
    }

    fn toast(&mut self, message: impl Into<String>) {
        self.toast = Some((message.into(), Instant::now()));
    }

    fn tab(&self) -> Tab {
        self.ui.tab.unwrap_or(Tab::Rule)
    }

    // ---- drawing ---------------------------------------------------------

    fn shortcuts(&mut self, ctx: &Context) {
        let mut fired = Vec::new();
        ctx.input_mut(|i| {
            for (shortcut, command) in shortcuts() {
                if i.consume_shortcut(&shortcut) {
                    fired.push(command);
                }
            }
        });
        if fired.contains(&Command::Find) {
            // Focus the search now, and keep what was typed right after Ctrl+F
            // in this frame: nothing typed is lost.
            fired.retain(|c| *c != Command::Find);
            let typed = ctx.input_mut(|i| {
                let mut typed = String::new();
                i.events.retain(|e| match e {
                    egui::Event::Text(t) => {
                        typed.push_str(t);
                        false
                    }
                    _ => true,
                });
                typed
            });
            if !typed.is_empty() {
                self.ui.list.search = typed;
            }
            self.ui.list.focus_search = true;
        }
        let menu = ctx.input_mut(|i| {
            if i.consume_key(egui::Modifiers::NONE, egui::Key::F10) || i.consume_key(egui::Modifiers::ALT, egui::Key::F)
            {
                Some(0)
            } else if i.consume_key(egui::Modifiers::ALT, egui::Key::E) {
                Some(1)
            } else if i.consume_key(egui::Modifiers::ALT, egui::Key::V) {
                Some(2)
            } else {
                None
            }
        });
        if let Some(id) = menu.and_then(|m| self.menu_ids[m]) {
            egui::Popup::open_id(ctx, id);
        }
        if !ctx.egui_wants_keyboard_input()
            && self.prompt.is_none()
            && let Some(i) = self.ui.selected
            && ctx.input_mut(|input| input.consume_key(egui::Modifiers::NONE, egui::Key::Delete))
        {
            fired.push(Command::AskDeleteRule(i));
        }
        self.queue.extend(fired);
    }

    fn menu_item(ui: &mut Ui, label: &str, command: Command, enabled: bool, out: &mut Out) {
        let mut button = egui::Button::new(label);
        if let Some(s) = shortcut_of(&command) {
            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
        }
        if ui.add_enabled(enabled, button).clicked() {
            out.push(command);
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui, out: &mut Out) {
        egui::MenuBar::new().ui(ui, |ui| {
            let file = ui.menu_button("File", |ui| {
                Self::menu_item(ui, "New", Command::New, true, out);
                Self::menu_item(ui, "Open…", Command::Open, true, out);
                ui.menu_button("Open recent", |ui| {
                    if self.prefs.recent.is_empty() {
                        ui.weak("No recent files");
                    }
                    for path in self.prefs.recent.clone() {
                        if ui.button(path.display().to_string()).clicked() {
                            out.push(Command::OpenPath(path));
                        }
                    }
                });
                ui.separator();
                Self::menu_item(ui, "Save", Command::Save, true, out);
                Self::menu_item(ui, "Save as…", Command::SaveAs, true, out);
                Self::menu_item(ui, "Export…", Command::Export, true, out);
                ui.separator();
                Self::menu_item(ui, "Quit", Command::Quit, true, out);
            });
            self.menu_ids[0] = Some(egui::Popup::default_response_id(&file.response));
            let edit = ui.menu_button("Edit", |ui| {
                let undo = self.doc.history.undo_label().map_or("Undo".to_owned(), |l| format!("Undo {l}"));
                let redo = self.doc.history.redo_label().map_or("Redo".to_owned(), |l| format!("Redo {l}"));
                Self::menu_item(ui, &undo, Command::Undo, self.doc.history.undo_label().is_some(), out);
                Self::menu_item(ui, &redo, Command::Redo, self.doc.history.redo_label().is_some(), out);
                ui.separator();
                Self::menu_item(ui, "Find rule", Command::Find, true, out);
                Self::menu_item(ui, "New rule", Command::NewRule, true, out);
                if let Some(i) = self.ui.selected {
                    Self::menu_item(ui, "Duplicate rule", Command::DuplicateRule(i), true, out);
                    if ui.add(egui::Button::new("Delete rule").shortcut_text("Delete")).clicked() {
                        out.push(Command::AskDeleteRule(i));
                    }
                }
                ui.separator();
                Self::menu_item(ui, "Command palette…", Command::Palette, true, out);
            });
            self.menu_ids[1] = Some(egui::Popup::default_response_id(&edit.response));
            let view = ui.menu_button("View", |ui| {
                for tab in Tab::ALL {
                    Self::menu_item(ui, tab.title(), Command::SetTab(tab), true, out);
                }
                ui.separator();
                for (choice, label) in [
                    (ThemeChoice::System, "System theme"),
                    (ThemeChoice::Light, "Light theme"),
                    (ThemeChoice::Dark, "Dark theme"),
                ] {
                    if ui.radio(self.prefs.theme == choice, label).clicked() {
                        out.push(Command::SetTheme(choice));
                    }
                }
                ui.separator();
                if ui
                    .checkbox(&mut self.files.in_app, "Studio's own file chooser")
                    .on_hover_text("Choose files in the studio instead of the desktop's dialogs")
                    .changed()
                {
                    self.prefs.in_app_chooser = self.files.in_app;
                }
            });
            self.menu_ids[2] = Some(egui::Popup::default_response_id(&view.response));
        });
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label(self.doc.display_name());
            if self.doc.is_dirty() {
                ui.label(RichText::new("unsaved changes").italics());
            }
            ui.separator();
            ui.label(format!("{} rules, {} slots", self.doc.ruleset.rules.len(), self.doc.ruleset.slots.len()));
            if let Some((message, at)) = &self.toast
                && at.elapsed() < Duration::from_secs(4)
            {
                ui.separator();
                ui.label(message);
                ui.ctx().request_repaint_after(Duration::from_millis(500));
            }
        });
    }
}

impl StudioApp {
    /// Draws one frame and applies the commands it produced.
    pub fn frame(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if let Some(then) = self.pending_then.take() {
            self.proceed(&ctx, then);
        }
        self.shortcuts(&ctx);
        if ctx.input(|i| i.viewport().close_requested()) && !self.quitting && self.doc.is_dirty() {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.prompt = Some(Prompt::Unsaved(Then::Quit));
        }
        let doc = &mut self.doc;
        self.checker.poll(&ctx, doc.generation, || doc.snapshot());
        let mut out: Out = std::mem::take(&mut self.queue);
        self.poll_jobs(&ctx, &mut out);
        self.files.document_folder = self.doc.path.as_deref().and_then(|p| p.parent()).map(PathBuf::from);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui, &mut out));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        let latest = self.checker.latest().cloned();
        let compiled = self.checker.last_compiled().cloned();
        let running = self.checker.running();
        let dark = ui.visuals().dark_mode;
        let health = self.ui.health.badges(&self.doc.ruleset, self.doc.generation);
        let view = View {
            ruleset: &self.doc.ruleset,
            generation: self.doc.generation,
            structure: self.doc.structure,
            checked: latest.as_ref(),
            stale: self.checker.is_stale(self.doc.generation),
            compiled: compiled.as_ref(),
            highlight: self.ui.highlight.as_ref(),
            dark,
            health: &health,
        };
        // The panel starts low, so the views above keep their room; opening a
        // problem grows it until its witness and "Open in simulator" fit.
        let least = if self.ui.problems.selected.is_some() { PROBLEMS_OPEN } else { PROBLEMS_LEAST };
        let panel = egui::Panel::bottom("problems").resizable(true).default_size(PROBLEMS_DEFAULT).min_size(least);
        panel.show(ui, |ui| {
            // It keeps its size (the default, as the user dragged it, or as
            // opening a problem grew it) instead of shrinking to a short list.
            ui.set_min_height(ui.available_height());
            let measured = self.ui.measure.findings(view.generation);
            panels::problems::show(ui, &mut self.ui.problems, &view, measured, running, self.ui.selected, &mut out);
        });
        egui::Panel::left("rules").resizable(true).default_size(340.0).show(ui, |ui| {
            panels::rule_list::show(ui, &mut self.ui.list, &view, self.ui.selected, &mut out);
        });
        let tab = self.ui.tab.unwrap_or(Tab::Rule);
        egui::CentralPanel::default().show(ui, |ui| {
            ui.horizontal(|ui| {
                for t in Tab::ALL {
                    if ui.selectable_label(tab == t, t.title()).clicked() {
                        out.push(Command::SetTab(t));
                    }
                }
            });
            ui.separator();
            match tab {
                Tab::Rule => match self.ui.selected.filter(|i| *i < view.ruleset.rules.len()) {
                    Some(i) => panels::rule_editor::show(ui, &mut self.ui.editor, &view, i, &mut out),
                    None => {
                        ui.weak("Select a rule in the list, or add one.");
                    }
                },
                Tab::Model => panels::model_editor::show(ui, &mut self.ui.model, &view, &mut out),
                Tab::Simulator => panels::simulator::show(ui, &mut self.ui.simulator, &view, &mut out),
                Tab::Batch => panels::batch::show(ui, &mut self.ui.batch, &view, &mut out),
                Tab::Tests => panels::tests_tab::show(ui, &mut self.ui.tests, &view, &mut out),
                Tab::Impact => panels::impact::show(
                    ui,
                    &mut self.ui.impact,
                    &view,
                    &mut out,
                    self.ui.batch.sessions_path(),
                    self.ui.export.folder.as_deref(),
                ),
                Tab::Health => {
                    panels::health::show(ui, &mut self.ui.health, &view, self.ui.batch.sessions_path(), &mut out)
                }
                Tab::Measure => {
                    panels::measure::show(ui, &mut self.ui.measure, &view, self.ui.batch.sessions_path(), &mut out)
                }
            }
        });
        let choosing = self.files.choosing().is_some();
        panels::export::show(&ctx, &mut self.ui.export, &view, choosing, self.doc.path.as_deref(), &mut out);
        self.files.show(&ctx);
        if let Some(palette) = &mut self.palette {
            match palette.show(&ctx, super::palette::entries(self.ui.selected)) {
                super::palette::Outcome::Open => {}
                super::palette::Outcome::Closed => self.palette = None,
                super::palette::Outcome::Run(command) => {
                    self.palette = None;
                    out.push(command);
                }
            }
        }
        if let Some(prompt) = &self.prompt {
            prompts::show(&ctx, prompt, &self.doc, &mut out);
        }
        let mut applied = !out.is_empty();
        for command in out {
            self.apply(&ctx, command);
        }
        // Files chosen this frame (at once in a native dialog, or in the
        // studio's own chooser) go to whoever asked.
        while let Some((purpose, path)) = self.files.next_answer() {
            applied = true;
            self.apply(&ctx, Command::Chosen(purpose, path));
        }
        if applied || self.pending_then.is_some() || !self.queue.is_empty() {
            // Commands change state after this frame was drawn, and work may be
            // queued for the next one: draw again now, not at the next input.
            ctx.request_repaint();
        }
        self.prefs.tab = self.tab();
        let title = self.doc.title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if self.doc.is_dirty() && !self.quitting {
            let doc = &mut self.doc;
            self.recovery.autosave(|| (doc.snapshot(), doc.recovery_owner()), false);
            ctx.request_repaint_after(super::recovery::INTERVAL);
        }
    }
}

impl eframe::App for StudioApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        self.prefs.folders = self.files.folders.clone();
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }

    fn on_exit(&mut self) {
        if !self.doc.is_dirty() || self.quitting {
            self.recovery.clear(&self.doc.recovery_owner());
        }
    }
}
