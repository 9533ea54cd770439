//! The single-session simulator (SPEC §6 "One session"): a form for one
//! session — geography, traffic, device, customer, cart and the ruleset's
//! custom attributes — where derived values (channel, referrer host, device
//! type, OS, browser, local time, computed segments) are shown as derived and
//! can be overridden; persona presets to start from; and a live evaluation
//! with the last ruleset that compiled: the outcome of every slot and the
//! trace of every rule, with the first failing predicate, what it expected
//! and what the session had. A session can be kept as a persona or a test.
//!
//! This module owns the simulator's state, the header (personas, "Save as
//! persona") and what keeps a session; [`eval`] turns the engine's trace
//! into rows, [`form`] (built from [`fields`]) edits the session and
//! [`results`] shows the evaluation.

mod eval;
mod fields;
mod form;
mod results;

use std::collections::HashMap;
use std::sync::Arc;

use egui::{Color32, Ui};

use self::eval::{Eval, evaluate};
use super::batch::charts::count;
use super::{Out, View};
use crate::analysis::Severity;
use crate::compile::CompiledRuleset;
use crate::gui::command::Command;
use crate::gui::document::Edit;
use crate::gui::theme;
use crate::model::{Persona, Session};
use crate::simulate::test_from_session;

/// The id a blank session gets.
const BLANK_ID: &str = "simulated-session";

/// The simulator's own state.
#[derive(Default)]
pub struct SimulatorState {
    /// The session being simulated.
    pub session: Session,
    /// The text of parsed fields (timestamp, numbers) by field key, kept
    /// as typed while it does not parse.
    text: HashMap<String, String>,
    /// The time zone the timestamp text is written in.
    text_zone: String,
    /// Text typed into the "add" box of list fields, by field key.
    adding: HashMap<String, String>,
    /// The name for "Save as persona".
    persona_name: String,
    /// The name for "Save as test".
    test_name: String,
    /// Slots pinned or unpinned by hand for "Save as test"; the others are
    /// pinned when their outcome differs from the slot's default.
    pins: HashMap<String, bool>,
    /// What the last save did.
    note: Option<(String, bool)>,
    /// Filters the trace by rule id, name or reason.
    filter: String,
    /// Shows only the rules acting on this slot.
    slot_filter: Option<String>,
    /// The evaluation of `session`, recomputed when it or the ruleset changes.
    eval: Option<Eval>,
}

impl SimulatorState {
    /// Shows a session (a persona, a witness, a test, a batch row).
    pub fn load(&mut self, session: Session) {
        self.session = session;
        self.text.clear();
        self.adding.clear();
        self.pins.clear();
        self.note = None;
    }

    /// Whether "Save as test" pins `slot`, whose outcome is the slot's default or not.
    fn pinned(&self, slot: &str, default: bool) -> bool {
        self.pins.get(slot).copied().unwrap_or(!default)
    }

    fn refresh(&mut self, compiled: Option<&Arc<CompiledRuleset>>) {
        let Some(compiled) = compiled else {
            self.eval = None;
            return;
        };
        let fresh = self.eval.as_ref().is_some_and(|e| Arc::ptr_eq(&e.compiled, compiled) && e.session == self.session);
        if !fresh {
            self.eval = Some(evaluate(compiled, &self.session));
        }
    }
}

/// The compiled ruleset when it is the document's current version.
fn current<'a>(view: &View<'a>) -> Option<&'a Arc<CompiledRuleset>> {
    if view.stale {
        return None;
    }
    view.checked.and_then(|c| c.compiled.as_ref())
}

fn error_color(dark: bool) -> Color32 {
    theme::severity_color(Severity::Error, dark)
}

// ---- drawing ---------------------------------------------------------------

/// Draws the simulator.
pub fn show(ui: &mut Ui, state: &mut SimulatorState, view: &View, out: &mut Out) {
    if state.text_zone != view.ruleset.time_zone {
        state.text_zone.clone_from(&view.ruleset.time_zone);
        state.text.remove("timestamp");
    }
    state.refresh(view.compiled);
    header(ui, state, view, out);
    ui.separator();
    egui::Panel::left("simulator-form").resizable(true).default_size(380.0).min_size(300.0).show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt("simulator-form-scroll").auto_shrink([false, false]).show(ui, |ui| {
            form::show(ui, state, view);
        });
    });
    state.refresh(view.compiled);
    ui.add_space(4.0);
    results::show(ui, state, view, out);
}

fn header(ui: &mut Ui, state: &mut SimulatorState, view: &View, out: &mut Out) {
    let personas = &view.ruleset.personas;
    ui.horizontal_wrapped(|ui| {
        let loaded = personas.iter().position(|p| p.session == state.session);
        let shown = match loaded {
            Some(i) => personas[i].name.clone(),
            None if personas.is_empty() => "(no personas in this ruleset)".to_owned(),
            None => "(choose a persona)".to_owned(),
        };
        let mut chosen = None;
        let l = ui.label("Persona");
        egui::ComboBox::from_id_salt("simulator-persona")
            .selected_text(shown)
            .width(320.0)
            .truncate()
            .show_ui(ui, |ui| {
                for (i, p) in personas.iter().enumerate() {
                    if ui.selectable_label(loaded == Some(i), &p.name).clicked() {
                        chosen = Some(i);
                    }
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text("Load a preset session saved in the ruleset");
        if let Some(i) = chosen {
            state.load(personas[i].session.clone());
        }
        if ui.button("Blank session").on_hover_text("Start from an empty session").clicked() {
            state.load(Session { id: BLANK_ID.to_owned(), ..Session::default() });
        }
        ui.separator();
        let l = ui.label("Persona name");
        ui.add(
            egui::TextEdit::singleline(&mut state.persona_name).hint_text("e.g. Returning VIP").desired_width(180.0),
        )
        .labelled_by(l.id);
        if ui.button("Save as persona").on_hover_text("Keep this session as a preset in the ruleset").clicked() {
            save_persona(state, view, out);
        }
    });
}

fn save_persona(state: &mut SimulatorState, view: &View, out: &mut Out) {
    let name = state.persona_name.trim().to_owned();
    if name.is_empty() {
        state.note = Some(("Name the persona first.".to_owned(), false));
        return;
    }
    let mut rs = view.ruleset.clone();
    let persona = Persona { name: name.clone(), session: state.session.clone() };
    let label = match rs.personas.iter_mut().find(|p| p.name == name) {
        Some(existing) => {
            *existing = persona;
            format!("update persona `{name}`")
        }
        None => {
            rs.personas.push(persona);
            format!("add persona `{name}`")
        }
    };
    out.push(Command::Edit(Edit::SetRuleset { label, ruleset: Box::new(rs), key: None }));
    state.persona_name.clear();
    state.note = Some((format!("Saved persona “{name}”."), true));
}

/// Saves the session as a test expecting today's outcome of the `pinned`
/// slots; a test of the same name is replaced after confirmation.
fn save_test(state: &mut SimulatorState, view: &View, compiled: &CompiledRuleset, pinned: &[String], out: &mut Out) {
    let name = state.test_name.trim().to_owned();
    if name.is_empty() {
        state.note = Some(("Name the test first.".to_owned(), false));
        return;
    }
    if pinned.is_empty() {
        state.note = Some(("Pin at least one slot: the test checks the pinned slots.".to_owned(), false));
        return;
    }
    let mut test = test_from_session(compiled, &name, &state.session);
    test.expect.retain(|slot, _| pinned.contains(slot));
    let slots = count(test.expect.len(), "slot", "slots");
    if view.ruleset.tests.iter().any(|t| t.name == name) {
        // The name and the pins stay, should the answer be "Cancel".
        state.note = None;
        out.push(Command::AskReplaceTest(Box::new(test)));
        return;
    }
    state.test_name.clear();
    state.pins.clear();
    let mut rs = view.ruleset.clone();
    rs.tests.push(test);
    out.push(Command::Edit(Edit::SetRuleset { label: format!("add test `{name}`"), ruleset: Box::new(rs), key: None }));
    state.note = Some((format!("Saved test “{name}”: it expects today's outcome of {slots}."), true));
}
