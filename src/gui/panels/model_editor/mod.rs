//! Slots, segments, custom attributes and the ruleset's settings (name,
//! description, time zone). Every change is one undoable edit of the
//! ruleset. Renaming a slot, segment or attribute also renames it in the
//! rules, segment conditions, tests and personas that use it; removing one
//! that rules use, or changing the kind of such a slot, asks first. The field
//! a diagnostic points at is highlighted and scrolled into view.
//!
//! This module owns the editor's state, the confirmation window and the
//! widgets every section shares (the highlighted frame of an item, its grid,
//! id and text fields, "used by" and the remove button); each section has
//! its own module, and [`rename`] follows a renamed id through the ruleset.

mod attributes;
mod rename;
mod segments;
mod settings;
mod slots;

use std::collections::HashMap;
use std::fmt::Debug;
use std::hash::Hash;

use egui::{Align, Id, RichText, Ui};

use super::{Out, View};
use crate::analysis::Severity;
use crate::gui::command::Command;
use crate::gui::document::Edit;
use crate::gui::history::Part;
use crate::gui::theme;
use crate::model::{FieldPath, Ruleset};

/// The width of the label column, so every section lines up.
const LABEL_WIDTH: f32 = 140.0;
/// The widest a text field gets.
const FIELD_WIDTH: f32 = 520.0;

/// The editor's own state.
#[derive(Default)]
pub struct ModelState {
    /// The time zone search text.
    tz_search: String,
    /// Id fields holding text that is not a valid id yet, by field key,
    /// with the document generation they were typed on.
    pending: HashMap<String, (u64, String)>,
    /// Text typed into the "add" box of list fields, by field key.
    adding: HashMap<String, String>,
    /// A change waiting for confirmation.
    confirm: Option<Confirm>,
    /// The highlight last scrolled to.
    scrolled_to: Option<FieldPath>,
    /// Which rules use each item, for the document structure they were found
    /// in (a rename of the ruleset keeps them).
    users: Option<(u64, rename::Users)>,
}

/// A change that needs a yes first.
struct Confirm {
    generation: u64,
    title: String,
    message: String,
    button: String,
    label: String,
    ruleset: Box<Ruleset>,
}

/// What to ask before a change that breaks the rules using an item.
struct Question<'a> {
    /// The window's title.
    title: String,
    /// What the rules do with the item: "act on it", "test it".
    uses: String,
    /// What the user must do to those rules: "change them".
    fix: &'a str,
    /// The button that makes the change.
    button: &'a str,
}

fn edit(out: &mut Out, label: impl Into<String>, key: Option<String>, ruleset: Ruleset) {
    out.push(Command::Edit(Edit::SetRuleset { label: label.into(), ruleset: Box::new(ruleset), key }));
}

/// A copy of the ruleset's parts other than its rules (the rules left empty).
fn without_rules(rs: &Ruleset) -> Ruleset {
    Ruleset {
        name: rs.name.clone(),
        description: rs.description.clone(),
        time_zone: rs.time_zone.clone(),
        attributes: rs.attributes.clone(),
        slots: rs.slots.clone(),
        segments: rs.segments.clone(),
        rules: Vec::new(),
        tests: rs.tests.clone(),
        personas: rs.personas.clone(),
        last_export: rs.last_export.clone(),
    }
}

/// Edits a copy of the ruleset's parts other than its rules with `apply`
/// and applies what changed as one edit: the rules are not copied, so typing
/// stays quick with thousands of them. `apply` must leave the rules alone
/// (it sees none); changes that reach into them use [`change_everywhere`].
fn change(
    out: &mut Out,
    rs: &Ruleset,
    label: impl Into<String>,
    key: Option<String>,
    apply: impl FnOnce(&mut Ruleset),
) {
    let mut new = without_rules(rs);
    apply(&mut new);
    let parts = Part::changed(rs, &mut new);
    out.push(Command::Edit(Edit::SetParts { label: label.into(), parts, key }));
}

/// Edits a copy of the whole ruleset with `apply` (a rename that follows an
/// id into the rules) and applies it as one edit.
fn change_everywhere(
    out: &mut Out,
    rs: &Ruleset,
    label: impl Into<String>,
    key: Option<String>,
    apply: impl FnOnce(&mut Ruleset),
) {
    let mut new = rs.clone();
    apply(&mut new);
    edit(out, label, key, new);
}

/// Applies `new` at once when no rule uses what changes (`users` is empty);
/// otherwise asks `question` first.
fn apply_or_confirm(
    out: &mut Out,
    confirm: &mut Option<Confirm>,
    view: &View,
    users: &[String],
    label: String,
    new: Ruleset,
    question: Question,
) {
    if users.is_empty() {
        edit(out, label, None, new);
        return;
    }
    *confirm = Some(Confirm {
        generation: view.generation,
        title: question.title,
        message: format!(
            "{} rule(s) {}: {}. They will show an error until you {}. You can undo this.",
            users.len(),
            question.uses,
            list_ids(users),
            question.fix
        ),
        button: question.button.into(),
        label,
        ruleset: Box::new(new),
    });
}

fn lit(view: &View, path: &FieldPath) -> bool {
    view.highlight.is_some_and(|h| path.is_prefix_of(h))
}

fn error_text(ui: &mut Ui, text: &str, dark: bool) {
    ui.label(RichText::new(text).color(theme::severity_color(Severity::Error, dark)).small());
}

/// Draws the editor.
pub fn show(ui: &mut Ui, state: &mut ModelState, view: &View, out: &mut Out) {
    confirm_window(ui, state, view, out);
    let users = match state.users.take() {
        Some((g, users)) if g == view.structure => users,
        _ => rename::Users::of(view.ruleset),
    };
    egui::ScrollArea::vertical().id_salt("model-scroll").auto_shrink([false, false]).show(ui, |ui| {
        settings::show(ui, state, view, out);
        ui.add_space(10.0);
        slots::show(ui, state, &users, view, out);
        ui.add_space(10.0);
        segments::show(ui, state, &users, view, out);
        ui.add_space(10.0);
        attributes::show(ui, state, &users, view, out);
    });
    state.users = Some((view.structure, users));
}

fn confirm_window(ui: &mut Ui, state: &mut ModelState, view: &View, out: &mut Out) {
    if state.confirm.as_ref().is_some_and(|c| c.generation != view.generation) {
        state.confirm = None;
    }
    let Some(c) = &state.confirm else { return };
    let mut close = false;
    egui::Modal::new(Id::unique("model-confirm")).show(ui.ctx(), |ui| {
        ui.set_max_width(460.0);
        ui.heading(&c.title);
        ui.label(&c.message);
        ui.horizontal(|ui| {
            if ui.button(&c.button).clicked() {
                edit(out, c.label.clone(), None, (*c.ruleset).clone());
                close = true;
            }
            if ui.button("Cancel").clicked() {
                close = true;
            }
        });
    });
    if close {
        state.confirm = None;
    }
}

// ---- shared widgets -----------------------------------------------------------

/// A section's heading with a weak line saying what it holds.
fn heading(ui: &mut Ui, title: &str, about: &str) {
    ui.horizontal(|ui| {
        ui.heading(title);
        ui.weak(about);
    });
}

/// The two-column grid of labels and fields every section uses.
fn grid(id_salt: impl Hash + Debug) -> egui::Grid {
    egui::Grid::new(id_salt).num_columns(2).spacing([12.0, 6.0]).min_col_width(LABEL_WIDTH)
}

/// Highlights a frame's contents when a diagnostic points into `path`, and
/// scrolls to it the first time.
fn item(ui: &mut Ui, scrolled_to: &mut Option<FieldPath>, view: &View, path: &FieldPath, add: impl FnOnce(&mut Ui)) {
    let on = lit(view, path);
    let mut frame = egui::Frame::group(ui.style()).inner_margin(8.0);
    if on {
        frame = frame.fill(theme::highlight_fill(view.dark));
    }
    let r = frame
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            add(ui);
        })
        .response;
    if on && scrolled_to.as_ref() != view.highlight {
        r.scroll_to_me(Some(Align::Center));
        *scrolled_to = view.highlight.cloned();
    }
}

/// A grid label; returns its id for `labelled_by`.
fn label(ui: &mut Ui, text: &str) -> Id {
    ui.label(text).id
}

/// Paints a highlight behind a cell when a diagnostic points at it.
fn cell<R>(ui: &mut Ui, on: bool, dark: bool, add: impl FnOnce(&mut Ui) -> R) -> R {
    if on {
        egui::Frame::new().fill(theme::highlight_fill(dark)).inner_margin(2.0).show(ui, add).inner
    } else {
        add(ui)
    }
}

/// An item of a section (a slot, a segment, an attribute) and the rules
/// that use it.
struct Item<'a> {
    /// What it is: "slot".
    what: &'a str,
    /// Its id.
    id: &'a str,
    /// The rules using it.
    users: &'a [String],
    /// What those rules do with it: "act on it", "test it".
    uses: &'a str,
    /// What the user must do to them once it is gone: "change them".
    fix: &'a str,
}

/// The grid row of an item's id and how many rules use it; returns the new
/// id when it was changed to a valid one that `taken` does not know. `key`
/// names the field for `pending` and undo coalescing (`slots[2].id`).
fn id_row(
    ui: &mut Ui,
    pending: &mut HashMap<String, (u64, String)>,
    view: &View,
    item: &Item,
    label_text: &str,
    key: &str,
    taken: impl Fn(&str) -> bool,
) -> Option<String> {
    let l = label(ui, label_text);
    let renamed = ui
        .horizontal(|ui| {
            let renamed = id_field(ui, pending, view, key, l, item.id, item.what, taken);
            used_by(ui, item.users);
            renamed
        })
        .inner;
    ui.end_row();
    renamed
}

/// An id field: the text is applied while it is a valid, free id; otherwise
/// it is kept as typed with the reason under it. Returns the new id.
#[expect(clippy::too_many_arguments, reason = "a field with its context; a struct would only rename them")]
fn id_field(
    ui: &mut Ui,
    pending: &mut HashMap<String, (u64, String)>,
    view: &View,
    key: &str,
    labelled_by: Id,
    current: &str,
    what: &str,
    taken: impl Fn(&str) -> bool,
) -> Option<String> {
    let held = pending.get(key).filter(|(g, _)| *g == view.generation).map(|(_, t)| t.clone());
    let mut text = held.unwrap_or_else(|| current.to_owned());
    let mut renamed = None;
    ui.vertical(|ui| {
        let r = ui.add(egui::TextEdit::singleline(&mut text).desired_width(240.0)).labelled_by(labelled_by);
        let problem = if text.is_empty() {
            Some(format!("a {what} needs an id"))
        } else if text.chars().any(char::is_whitespace) {
            Some("ids have no spaces".to_owned())
        } else if text != current && taken(&text) {
            Some(format!("another {what} is called `{text}`"))
        } else {
            None
        };
        match problem {
            Some(p) => {
                error_text(ui, &format!("{p}; still `{current}`"), view.dark);
                pending.insert(key.to_owned(), (view.generation, text.clone()));
            }
            None => {
                pending.remove(key);
                if r.changed() && text != current {
                    renamed = Some(text.clone());
                }
            }
        }
    });
    renamed
}

fn text_field(ui: &mut Ui, labelled_by: Id, value: &str, hint: &str, multiline: bool) -> Option<String> {
    let mut text = value.to_owned();
    let widget = if multiline {
        egui::TextEdit::multiline(&mut text).desired_rows(2)
    } else {
        egui::TextEdit::singleline(&mut text)
    };
    let r =
        ui.add(widget.hint_text(hint).desired_width(ui.available_width().min(FIELD_WIDTH))).labelled_by(labelled_by);
    r.changed().then_some(text)
}

/// A "Description" grid row; returns the new text when it changed.
fn description_row(ui: &mut Ui, value: &str, hint: &str) -> Option<String> {
    let l = label(ui, "Description");
    let changed = text_field(ui, l, value, hint, false);
    ui.end_row();
    changed
}

fn list_ids(ids: &[String]) -> String {
    const SHOWN: usize = 6;
    let mut text = ids.iter().take(SHOWN).map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ");
    if ids.len() > SHOWN {
        text.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    text
}

fn used_by(ui: &mut Ui, ids: &[String]) {
    let text = match ids.len() {
        0 => "no rule uses it".to_owned(),
        1 => "used by 1 rule".to_owned(),
        n => format!("used by {n} rules"),
    };
    ui.weak(text).on_hover_text(if ids.is_empty() { String::new() } else { ids.join("\n") });
}

/// An item's "Remove …" button: `remove` takes the item out of a copy of
/// the ruleset (what it returns is dropped); removing one that rules use
/// asks first.
fn remove_button<R>(
    ui: &mut Ui,
    confirm: &mut Option<Confirm>,
    view: &View,
    item: &Item,
    remove: impl FnOnce(&mut Ruleset) -> R,
    out: &mut Out,
) {
    let (what, id) = (item.what, item.id);
    if !ui.button(format!("Remove {what}")).on_hover_text(format!("Remove {what} {id}")).clicked() {
        return;
    }
    let mut new = view.ruleset.clone();
    remove(&mut new);
    let question =
        Question { title: format!("Remove {what} {id}?"), uses: item.uses.to_owned(), fix: item.fix, button: "Remove" };
    apply_or_confirm(out, confirm, view, item.users, format!("remove {what} `{id}`"), new, question);
}
