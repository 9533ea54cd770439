//! Applying commands: the one place where menus, shortcuts, buttons and
//! prompts change the document, the selection and the files, ask for files
//! (each choice goes back to whoever asked, by its [`Purpose`]) and start
//! or stop work (see [`super::work`]). File commands ask about unsaved
//! changes first ([`Then`] says what follows).

use std::path::{Path, PathBuf};

use egui::Context;

use super::StudioApp;
use crate::format::Layout;
use crate::gui::command::{Command, Tab, Work};
use crate::gui::dialogs::{Prompt, Purpose, Then};
use crate::gui::document::{Document, Edit};
use crate::gui::panels::rule_list::decision_order;
use crate::gui::panels::unique_id;
use crate::gui::recovery::Owner;
use crate::model::{Action, Condition, Key, Rule, Ruleset};

impl StudioApp {
    /// Applies one command.
    pub(super) fn apply(&mut self, ctx: &Context, command: Command) {
        match command {
            Command::New => self.guard(Then::New),
            Command::Open => self.guard(Then::Open),
            Command::OpenPath(p) => self.guard(Then::OpenPath(p)),
            Command::Quit => self.guard(Then::Quit),
            Command::Save => {
                self.save(None, false);
            }
            Command::SaveAs => self.files.request(Purpose::SaveRuleset, &self.doc.display_name()),
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
            Command::Palette => self.palette = Some(super::super::palette::Palette::default()),
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
            Command::AskDeleteTest(i) => {
                if i < self.doc.ruleset.tests.len() {
                    self.prompt = Some(Prompt::DeleteTest(i));
                }
            }
            Command::DeleteTest(i) => {
                self.prompt = None;
                if i < self.doc.ruleset.tests.len() {
                    let mut rs = self.doc.ruleset.clone();
                    let removed = rs.tests.remove(i);
                    let label = format!("delete test `{}`", removed.name);
                    self.doc.apply(Edit::SetRuleset { label, ruleset: Box::new(rs), key: None });
                }
            }
            Command::AskReplaceTest(test) => self.prompt = Some(Prompt::ReplaceTest(test)),
            Command::ReplaceTest(test) => {
                self.prompt = None;
                let mut rs = self.doc.ruleset.clone();
                let label = format!("replace test `{}`", test.name);
                match rs.tests.iter_mut().find(|t| t.name == test.name) {
                    Some(existing) => *existing = *test,
                    None => rs.tests.push(*test),
                }
                if self.doc.apply(Edit::SetRuleset { label, ruleset: Box::new(rs), key: None }) {
                    self.toast("Replaced the test; undo brings the old one back");
                }
            }
            Command::MoveRule { index, up } => self.move_rule(index, up),
            Command::SelectRule(i) => {
                self.ui.selected = Some(i);
                self.ui.highlight = None;
                self.ui.tab = Some(Tab::Rule);
                self.ui.list.scroll_to_selected = true;
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
            Command::Choose(purpose) => {
                let name = if purpose == Purpose::SaveRuleset { self.doc.display_name() } else { String::new() };
                self.files.request(purpose, &name);
            }
            Command::Chosen(purpose, path) => self.chosen(ctx, purpose, path),
            Command::Start(work) => self.start(ctx, work),
            Command::Cancel(tab) => self.cancel(tab),
            Command::Recover(accept) => {
                if let Some(Prompt::Recover(found)) = self.prompt.take() {
                    if accept {
                        // Still the same document: its recovery file stays its own.
                        let id = match found.owner {
                            Owner::Untitled(id) => Some(id),
                            Owner::File(_) => None,
                        };
                        self.replace_document(Document::recovered(*found.ruleset, found.original, id));
                        self.toast("Recovered unsaved work; save it to keep it");
                    } else {
                        self.recovery.clear(&found.owner);
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

    /// Gives a chosen file or folder to whoever asked for it.
    fn chosen(&mut self, ctx: &Context, purpose: Purpose, path: PathBuf) {
        match purpose {
            // Unsaved changes were dealt with before asking.
            Purpose::OpenRuleset => self.open(&path),
            Purpose::SaveRuleset => {
                self.save(Some(path), true);
            }
            Purpose::BatchSessions => self.start(ctx, Work::Batch(path)),
            Purpose::HealthSessions => self.start(ctx, Work::Health(path)),
            Purpose::MeasureSessions => self.start(ctx, Work::Measure(path)),
            Purpose::OutcomesFile => self.ui.measure.set_outcomes(path),
            Purpose::OpenComparison => self.start(ctx, Work::Compare(path)),
            Purpose::ImpactSessions => {
                // A comparison that waited for its sessions goes ahead.
                if let Some(against) = self.ui.impact.sessions_chosen(path) {
                    self.start(ctx, Work::Compare(against));
                }
            }
            Purpose::ExportFolder => self.ui.export.set_folder(path),
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

    /// Does what waited for unsaved changes to be dealt with.
    pub(super) fn proceed(&mut self, ctx: &Context, then: Then) {
        match then {
            Then::New => {
                self.recovery.clear(&self.doc.recovery_owner());
                self.replace_document(Document::untitled(Ruleset::new("untitled")));
            }
            Then::Open => self.files.request(Purpose::OpenRuleset, ""),
            Then::OpenPath(path) => self.open(&path),
            Then::Quit => {
                self.quitting = true;
                self.recovery.clear(&self.doc.recovery_owner());
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
        }
    }

    fn open(&mut self, path: &Path) {
        match Document::open(path) {
            Ok(doc) => {
                // The work left in the old document was saved or discarded.
                self.recovery.clear(&self.doc.recovery_owner());
                self.replace_document(doc);
                self.prefs.remember(path);
                self.toast(format!("Opened {}", path.display()));
                if let Some(found) = self.recovery.find(&self.doc.recovery_owner()) {
                    self.prompt = Some(Prompt::Recover(found));
                }
            }
            Err(e) => {
                self.prompt =
                    Some(Prompt::Error { title: "The ruleset could not be opened".into(), message: e.to_string() });
            }
        }
    }

    /// Makes `doc` the open document. Everything derived from the old one
    /// (checks, the last compiled version, the selection) is dropped; the
    /// new document's generation is one no view has seen, so every derived
    /// view shows itself out of date until it is computed again.
    fn replace_document(&mut self, mut doc: Document) {
        doc.today = self.today;
        self.doc = doc;
        self.checker.reset();
        self.recovery.restart();
        self.ui.selected = self.first_rule();
        self.ui.highlight = None;
        self.reset_simulator();
    }

    /// Saves; returns whether the document is now saved.
    fn save(&mut self, path: Option<PathBuf>, force: bool) -> bool {
        let target = match path.or_else(|| self.doc.path.clone()) {
            Some(p) => p,
            None => {
                // A native dialog answers at once; the in-app chooser later,
                // through `Command::SaveTo`.
                self.files.request(Purpose::SaveRuleset, &self.doc.display_name());
                match self.files.answer(Purpose::SaveRuleset) {
                    Some(p) => p,
                    None => return false,
                }
            }
        };
        if !force && self.doc.path.as_ref() == Some(&target) && self.doc.changed_on_disk() {
            self.prompt = Some(Prompt::ChangedOnDisk);
            return false;
        }
        let before = self.doc.recovery_owner();
        let had_source = self.doc.source.is_some();
        match self.doc.save_to(&target) {
            Ok(layout) => {
                self.prefs.remember(&target);
                self.recovery.clear(&before);
                self.recovery.clear(&self.doc.recovery_owner());
                self.toast(if had_source && layout == Layout::Canonical {
                    format!(
                        "Saved {} in the canonical layout: its text could not be kept as it was (it changed on disk)",
                        target.display()
                    )
                } else {
                    format!("Saved {}", target.display())
                });
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

    /// A rule id like `base` that no rule has.
    fn unique_id(&self, base: &str) -> String {
        unique_id(base, |id| self.doc.ruleset.rules.iter().any(|r| r.id == id))
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
        let rule = Rule::new(
            self.unique_id("new-rule"),
            "New rule",
            priority,
            Condition::always(),
            vec![Action { slot: slot.id.clone(), outcome: slot.default.clone() }],
        );
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
        let order = decision_order(&self.doc.ruleset);
        let rules = &self.doc.ruleset.rules;
        let Some(pos) = order.iter().position(|i| *i == index) else { return };
        let Some(&other) = (if up { pos.checked_sub(1).and_then(|p| order.get(p)) } else { order.get(pos + 1) }) else {
            return;
        };
        let (mut a, mut b) = (rules[index].clone(), rules[other].clone());
        let mut selected = index;
        if a.priority != b.priority {
            std::mem::swap(&mut a.priority, &mut b.priority);
        } else {
            std::mem::swap(&mut a, &mut b);
            selected = other;
        }
        let label = format!("move rule `{}` {}", rules[index].id, if up { "up" } else { "down" });
        if self.doc.apply(Edit::UpdateRules { label, rules: vec![(index, a), (other, b)] }) {
            self.ui.selected = Some(selected);
            self.ui.list.scroll_to_selected = true;
        }
    }
}
