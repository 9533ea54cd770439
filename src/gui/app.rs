//! The studio application: the document, the checker, the panels, and the
//! one place where commands are applied.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use egui::{Context, RichText, Ui};

use super::command::{Command, Tab, ThemeChoice, shortcut_of, shortcuts};
use super::dialogs::{FileDialogs, Prompt, Purpose, Then};
use super::document::{Document, Edit};
use super::panels::{self, Out, View};
use super::prefs::Prefs;
use super::recovery::Recovery;
use super::worker::Checker;
use crate::model::{Action, Condition, FieldPath, Key, Rule, Ruleset};

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
}

/// The studio.
pub struct StudioApp {
    doc: Document,
    checker: Checker,
    prefs: Prefs,
    dialogs: Box<dyn FileDialogs>,
    recovery: Recovery,
    prompt: Option<Prompt>,
    toast: Option<(String, Instant)>,
    queue: Vec<Command>,
    pending_then: Option<Then>,
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
        if let Some(found) = recovery.find() {
            prompt = Some(Prompt::Recover(found));
        }
        let mut app = StudioApp {
            doc,
            checker: Checker::new(config.clock),
            ui: UiState { tab: Some(prefs.tab), ..UiState::default() },
            prefs,
            dialogs: config.dialogs,
            recovery,
            prompt,
            toast: None,
            queue: Vec::new(),
            pending_then: None,
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

    /// The checker (results of the latest analysis).
    pub fn checker(&self) -> &Checker {
        &self.checker
    }

    /// Waits until the check results are current (for tests and scripts).
    pub fn wait_for_check(&mut self, ctx: &Context) {
        self.checker.wait_current(ctx, self.doc.generation, &self.doc.ruleset);
    }

    /// Queues a command, as a menu item or shortcut would.
    pub fn command(&mut self, command: Command) {
        self.queue.push(command);
    }

    fn first_rule(&self) -> Option<usize> {
        let mut order: Vec<usize> = (0..self.doc.ruleset.rules.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(self.doc.ruleset.rules[i].priority), i));
        order.first().copied()
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

    // ---- commands --------------------------------------------------------

    fn apply(&mut self, ctx: &Context, command: Command) {
        match command {
            Command::New => self.guard(Then::New),
            Command::Open => self.guard(Then::Open),
            Command::OpenPath(p) => self.guard(Then::OpenPath(p)),
            Command::Quit => self.guard(Then::Quit),
            Command::Save => {
                self.save(None, false);
            }
            Command::SaveAs => {
                if let Some(path) = self.dialogs.ask(Purpose::SaveRuleset, &self.doc.display_name()) {
                    self.save(Some(path), true);
                }
            }
            Command::SaveOverwrite => {
                self.prompt = None;
                self.save(None, true);
            }
            Command::Export => self.ui.export.open = true,
            Command::Undo => match self.doc.undo() {
                Some(label) => self.toast(format!("Undid: {label}")),
                None => self.toast("Nothing to undo"),
            },
            Command::Redo => match self.doc.redo() {
                Some(label) => self.toast(format!("Redid: {label}")),
                None => self.toast("Nothing to redo"),
            },
            Command::Find => {
                self.ui.list.focus_search = true;
            }
            Command::Edit(edit) => {
                self.doc.apply(edit);
            }
            Command::NewRule => self.new_rule(),
            Command::DuplicateRule(i) => self.duplicate_rule(i),
            Command::AskDeleteRule(i) => {
                if i < self.doc.ruleset.rules.len() {
                    self.prompt = Some(Prompt::DeleteRule(i));
                }
            }
            Command::DeleteRule(i) => {
                self.prompt = None;
                if self.doc.apply(Edit::DeleteRule(i)) {
                    self.ui.selected = self.first_rule().map(|_| i.min(self.doc.ruleset.rules.len().saturating_sub(1)));
                    if self.doc.ruleset.rules.is_empty() {
                        self.ui.selected = None;
                    }
                }
            }
            Command::MoveRule { index, up } => self.move_rule(index, up),
            Command::SelectRule(i) => {
                self.ui.selected = Some(i);
                self.ui.highlight = None;
                self.ui.tab = Some(Tab::Rule);
            }
            Command::ShowProblem { rule, path } => {
                match rule {
                    Some(i) => {
                        self.ui.selected = Some(i);
                        self.ui.tab = Some(Tab::Rule);
                        self.ui.list.scroll_to_selected = true;
                    }
                    None => {
                        self.ui.tab = Some(if path.0.first() == Some(&Key::Field("tests".into())) {
                            Tab::Tests
                        } else {
                            Tab::Model
                        })
                    }
                }
                self.ui.highlight = Some(path);
            }
            Command::SetTab(tab) => self.ui.tab = Some(tab),
            Command::Simulate(session) => {
                self.ui.simulator.load(*session);
                self.ui.tab = Some(Tab::Simulator);
            }
            Command::SetTheme(choice) => {
                self.prefs.theme = choice;
                ctx.set_theme(self.prefs.egui_theme());
            }
            Command::Recover(accept) => {
                if let Some(Prompt::Recover(found)) = self.prompt.take() {
                    if accept {
                        let mut doc = Document::untitled(*found.ruleset);
                        doc.path = found.original;
                        self.doc = doc;
                        self.ui.selected = self.first_rule();
                        self.toast("Recovered unsaved work; save it to keep it");
                    } else {
                        self.recovery.clear();
                    }
                }
            }
            Command::DismissPrompt => self.prompt = None,
            Command::Discard => {
                if let Some(Prompt::Unsaved(then)) = self.prompt.take() {
                    self.proceed(ctx, then);
                }
            }
            Command::SaveThen => {
                if let Some(Prompt::Unsaved(then)) = self.prompt.take()
                    && self.save(None, false)
                {
                    self.proceed(ctx, then);
                }
            }
        }
    }

    /// Asks about unsaved changes before `then`.
    fn guard(&mut self, then: Then) {
        if self.doc.is_dirty() {
            self.prompt = Some(Prompt::Unsaved(then));
        } else {
            self.queue_then(then);
        }
    }

    fn queue_then(&mut self, then: Then) {
        self.pending_then = Some(then);
    }

    fn proceed(&mut self, ctx: &Context, then: Then) {
        match then {
            Then::New => {
                self.doc = Document::untitled(Ruleset::new("untitled"));
                self.recovery.clear();
                self.ui.selected = None;
                self.ui.highlight = None;
            }
            Then::Open => {
                if let Some(path) = self.dialogs.ask(Purpose::OpenRuleset, "") {
                    self.open(&path);
                }
            }
            Then::OpenPath(path) => self.open(&path),
            Then::Quit => {
                self.quitting = true;
                self.recovery.clear();
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn open(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                self.doc = doc;
                self.prefs.remember(path);
                self.recovery.clear();
                self.ui.selected = self.first_rule();
                self.ui.highlight = None;
                self.reset_simulator();
                self.toast(format!("Opened {}", path.display()));
            }
            Err(e) => {
                self.prompt =
                    Some(Prompt::Error { title: "The ruleset could not be opened".into(), message: e.to_string() });
            }
        }
    }

    /// Saves; returns whether the document is now saved.
    fn save(&mut self, path: Option<PathBuf>, force: bool) -> bool {
        let target = match path.or_else(|| self.doc.path.clone()) {
            Some(p) => p,
            None => match self.dialogs.ask(Purpose::SaveRuleset, &self.doc.display_name()) {
                Some(p) => p,
                None => return false,
            },
        };
        if !force && self.doc.path.as_ref() == Some(&target) && self.doc.changed_on_disk() {
            self.prompt = Some(Prompt::ChangedOnDisk);
            return false;
        }
        match self.doc.save_to(&target) {
            Ok(()) => {
                self.prefs.remember(&target);
                self.recovery.clear();
                self.toast(format!("Saved {}", target.display()));
                true
            }
            Err(e) => {
                self.prompt = Some(Prompt::Error {
                    title: "The ruleset could not be saved".into(),
                    message: format!("{}: {e}\nNothing was overwritten.", target.display()),
                });
                false
            }
        }
    }

    fn unique_id(&self, base: &str) -> String {
        let taken = |id: &str| self.doc.ruleset.rules.iter().any(|r| r.id == id);
        if !taken(base) {
            return base.to_owned();
        }
        (2..).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).unwrap_or_else(|| base.to_owned())
    }

    fn new_rule(&mut self) {
        let rs = &self.doc.ruleset;
        let Some(slot) = rs.slots.first() else {
            self.prompt = Some(Prompt::Error {
                title: "No slot to act on".into(),
                message: "Add a slot in \"Slots & segments\" first; every rule acts on at least one slot.".into(),
            });
            return;
        };
        let priority = rs.rules.iter().map(|r| r.priority).min().map_or(10, |p| p - 10);
        let rule = Rule {
            id: self.unique_id("new-rule"),
            name: "New rule".into(),
            enabled: true,
            priority,
            when: Condition::always(),
            then: vec![Action { slot: slot.id.clone(), outcome: slot.default.clone() }],
            schedule: None,
            holdout_percent: 0,
            tags: Vec::new(),
            notes: String::new(),
        };
        let index = self.ui.selected.map_or(self.doc.ruleset.rules.len(), |i| i + 1);
        if self.doc.apply(Edit::InsertRule { index, rule: Box::new(rule) }) {
            self.ui.selected = Some(index.min(self.doc.ruleset.rules.len() - 1));
            self.ui.tab = Some(Tab::Rule);
            self.ui.list.scroll_to_selected = true;
        }
    }

    fn duplicate_rule(&mut self, i: usize) {
        let Some(original) = self.doc.ruleset.rules.get(i) else { return };
        let mut copy = original.clone();
        copy.id = self.unique_id(&format!("{}-copy", original.id));
        copy.name = format!("{} (copy)", original.name);
        if self.doc.apply(Edit::InsertRule { index: i + 1, rule: Box::new(copy) }) {
            self.ui.selected = Some(i + 1);
            self.ui.list.scroll_to_selected = true;
        }
    }

    fn move_rule(&mut self, index: usize, up: bool) {
        let rules = &self.doc.ruleset.rules;
        let mut order: Vec<usize> = (0..rules.len()).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(rules[i].priority), i));
        let Some(pos) = order.iter().position(|i| *i == index) else { return };
        let Some(&other) = (if up { pos.checked_sub(1).and_then(|p| order.get(p)) } else { order.get(pos + 1) }) else {
            return;
        };
        let mut new_rules = rules.clone();
        let mut selected = index;
        if rules[index].priority != rules[other].priority {
            new_rules[index].priority = rules[other].priority;
            new_rules[other].priority = rules[index].priority;
        } else {
            new_rules.swap(index, other);
            selected = other;
        }
        let label = format!("move rule `{}` {}", rules[index].id, if up { "up" } else { "down" });
        if self.doc.apply(Edit::SetRules { label, rules: new_rules }) {
            self.ui.selected = Some(selected);
            self.ui.list.scroll_to_selected = true;
        }
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
            ui.menu_button("File", |ui| {
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
            ui.menu_button("Edit", |ui| {
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
            });
            ui.menu_button("View", |ui| {
                for tab in Tab::ALL {
                    if ui.button(tab.title()).clicked() {
                        out.push(Command::SetTab(tab));
                    }
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
            });
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

    fn prompt_window(&mut self, ctx: &Context, out: &mut Out) {
        let Some(prompt) = &self.prompt else { return };
        egui::Modal::new(egui::Id::unique("prompt")).show(ctx, |ui| {
            ui.set_max_width(480.0);
            match prompt {
                Prompt::Unsaved(_) => {
                    ui.heading("Unsaved changes");
                    ui.label(format!("{} has changes that are not saved.", self.doc.display_name()));
                    ui.horizontal(|ui| {
                        if ui.button("Save").clicked() {
                            out.push(Command::SaveThen);
                        }
                        if ui.button("Don't save").clicked() {
                            out.push(Command::Discard);
                        }
                        if ui.button("Cancel").clicked() {
                            out.push(Command::DismissPrompt);
                        }
                    });
                }
                Prompt::DeleteRule(i) => {
                    let name = self.doc.ruleset.rules.get(*i).map(|r| format!("{} ({})", r.name, r.id)).unwrap_or_default();
                    ui.heading("Delete rule?");
                    ui.label(format!("Delete {name}? You can undo this."));
                    ui.horizontal(|ui| {
                        if ui.button("Delete").clicked() {
                            out.push(Command::DeleteRule(*i));
                        }
                        if ui.button("Cancel").clicked() {
                            out.push(Command::DismissPrompt);
                        }
                    });
                }
                Prompt::ChangedOnDisk => {
                    ui.heading("The file changed on disk");
                    ui.label(format!(
                        "{} was changed by another program since you opened it. Saving will overwrite those changes (a .bak copy is kept).",
                        self.doc.display_name()
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Overwrite").clicked() {
                            out.push(Command::SaveOverwrite);
                        }
                        if ui.button("Cancel").clicked() {
                            out.push(Command::DismissPrompt);
                        }
                    });
                }
                Prompt::Recover(found) => {
                    ui.heading("Recover unsaved work?");
                    let of = found.original.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "an untitled ruleset".into());
                    ui.label(format!(
                        "The studio closed with unsaved changes to {of} ({} rules, saved for recovery {}).",
                        found.ruleset.rules.len(),
                        found.written
                    ));
                    ui.horizontal(|ui| {
                        if ui.button("Recover").clicked() {
                            out.push(Command::Recover(true));
                        }
                        if ui.button("Discard").clicked() {
                            out.push(Command::Recover(false));
                        }
                    });
                }
                Prompt::Error { title, message } => {
                    ui.heading(title);
                    ui.label(RichText::new(message).monospace());
                    if ui.button("OK").clicked() {
                        out.push(Command::DismissPrompt);
                    }
                }
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
        self.checker.poll(&ctx, self.doc.generation, &self.doc.ruleset);
        let mut out: Out = std::mem::take(&mut self.queue);

        egui::Panel::top("menu").show(ui, |ui| self.menu_bar(ui, &mut out));
        egui::Panel::bottom("status").show(ui, |ui| self.status_bar(ui));
        let latest = self.checker.latest().cloned();
        let compiled = self.checker.last_compiled().cloned();
        let running = self.checker.running();
        let dark = ui.visuals().dark_mode;
        let view = View {
            ruleset: &self.doc.ruleset,
            generation: self.doc.generation,
            checked: latest.as_ref(),
            stale: self.checker.is_stale(self.doc.generation),
            compiled: compiled.as_ref(),
            highlight: self.ui.highlight.as_ref(),
            dark,
        };
        egui::Panel::bottom("problems").resizable(true).default_size(180.0).show(ui, |ui| {
            panels::problems::show(ui, &mut self.ui.problems, &view, running, &mut out);
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
                Tab::Batch => panels::batch::show(ui, &mut self.ui.batch, &view, self.dialogs.as_mut(), &mut out),
                Tab::Tests => panels::tests_tab::show(ui, &mut self.ui.tests, &view, &mut out),
                Tab::Impact => panels::impact::show(
                    ui,
                    &mut self.ui.impact,
                    &view,
                    self.dialogs.as_mut(),
                    &mut out,
                    self.ui.batch.sessions_path(),
                    self.ui.export.folder.as_deref(),
                ),
            }
        });
        panels::export::show(
            &ctx,
            &mut self.ui.export,
            &view,
            self.dialogs.as_mut(),
            self.doc.path.as_deref(),
            &mut out,
        );
        self.prompt_window(&ctx, &mut out);
        for command in out {
            self.apply(&ctx, command);
        }
        self.prefs.tab = self.tab();
        let title = self.doc.title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if self.doc.is_dirty() {
            self.recovery.autosave(&self.doc.ruleset, self.doc.path.as_deref(), false);
            ctx.request_repaint_after(super::recovery::INTERVAL);
        }
    }
}

impl eframe::App for StudioApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.frame(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, eframe::APP_KEY, &self.prefs);
    }

    fn on_exit(&mut self) {
        if !self.doc.is_dirty() {
            self.recovery.clear();
        }
    }
}
