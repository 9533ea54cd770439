//! The slots: the placements rules act on, each with its kind (content,
//! ranking, variant with its options, offer) and the default outcome shown
//! when no rule wins.

use std::collections::HashMap;

use egui::{Id, Ui};

use super::rename::{Users, rename_slot};
use super::{
    Confirm, Item, ModelState, Question, apply_or_confirm, cell, change, change_everywhere, description_row,
    error_text, grid, heading, id_row, item, label, lit, remove_button, text_field,
};
use crate::gui::panels::pickers::inline_chips;
use crate::gui::panels::{Out, View, unique_id};
use crate::model::{FieldPath, Outcome, Slot, SlotKind};

/// The default outcome for a slot of this kind.
fn default_for(kind: &SlotKind) -> Outcome {
    match kind {
        SlotKind::Content => Outcome::Content { id: "default".into() },
        SlotKind::Ranking => Outcome::Ranking { strategy: "featured".into(), boost: Vec::new() },
        SlotKind::Variant { options } => Outcome::Variant { option: options.first().cloned().unwrap_or_default() },
        SlotKind::Offer => Outcome::Offer { code: "NONE".into(), percent_off: 0 },
    }
}

fn kind_for(name: &str) -> SlotKind {
    match name {
        "ranking" => SlotKind::Ranking,
        "variant" => SlotKind::Variant { options: vec!["standard".into()] },
        "offer" => SlotKind::Offer,
        _ => SlotKind::Content,
    }
}

/// Draws the slots.
pub(super) fn show(ui: &mut Ui, state: &mut ModelState, users: &Users, view: &View, out: &mut Out) {
    let rs = view.ruleset;
    heading(ui, "Slots", "the placements rules act on, with the outcome shown when no rule wins");
    for (i, slot) in rs.slots.iter().enumerate() {
        let path = FieldPath::root().field("slots").index(i);
        let users = users.slot(&slot.id);
        let it =
            Item { what: "slot", id: &slot.id, users, uses: "act on it", fix: "change or delete their action on it" };
        item(ui, &mut state.scrolled_to, view, &path, |ui| {
            grid(("model-slot", i)).show(ui, |ui| {
                let key = format!("slots[{i}].id");
                let taken = |id: &str| rs.slots.iter().any(|s| s.id == id);
                if let Some(new_id) = id_row(ui, &mut state.pending, view, &it, "Slot id", &key, taken) {
                    change_everywhere(out, rs, format!("rename slot `{}`", slot.id), Some(key), |new| {
                        rename_slot(new, &slot.id, &new_id);
                        new.slots[i].id = new_id;
                    });
                }
                let l = label(ui, "Kind");
                let on = lit(view, &path.field("kind"));
                cell(ui, on, view.dark, |ui| slot_kind(ui, &mut state.confirm, view, i, slot, users, l, out));
                ui.end_row();
                if let SlotKind::Variant { options } = &slot.kind {
                    variant_options(ui, &mut state.adding, view, i, slot, options, out);
                }
                let on = lit(view, &path.field("default"));
                if let Some(default) = default_outcome(ui, &mut state.adding, view, i, slot, on) {
                    let key = Some(format!("slots[{i}].default"));
                    change(out, rs, format!("edit the default of slot `{}`", slot.id), key, |new| {
                        new.slots[i].default = default;
                    });
                }
                if let Some(d) = description_row(ui, &slot.description, "what the slot is, for people") {
                    let key = Some(format!("slots[{i}].description"));
                    change(out, rs, format!("describe slot `{}`", slot.id), key, |new| new.slots[i].description = d);
                }
            });
            remove_button(ui, &mut state.confirm, view, &it, |new| new.slots.remove(i), out);
        });
    }
    if ui.button("Add slot").on_hover_text("Add a content slot").clicked() {
        let id = unique_id("new.slot", |id| rs.slots.iter().any(|s| s.id == id));
        change(out, rs, format!("add slot `{id}`"), None, |new| {
            new.slots.push(Slot {
                id: id.clone(),
                kind: SlotKind::Content,
                default: default_for(&SlotKind::Content),
                description: String::new(),
            });
        });
    }
}

/// The options of a variant slot, as chips (a grid row).
fn variant_options(
    ui: &mut Ui,
    adding: &mut HashMap<String, String>,
    view: &View,
    i: usize,
    slot: &Slot,
    options: &[String],
    out: &mut Out,
) {
    let l = label(ui, "Options");
    let mut options = options.to_vec();
    let input = adding.entry(format!("slots[{i}].options")).or_default();
    let changed = ui.horizontal_wrapped(|ui| inline_chips(ui, l, "option", &mut options, input)).inner;
    if changed {
        change(out, view.ruleset, format!("edit the options of slot `{}`", slot.id), None, |new| {
            let s = &mut new.slots[i];
            if let Outcome::Variant { option } = &s.default
                && !options.contains(option)
            {
                s.default = Outcome::Variant { option: options.first().cloned().unwrap_or_default() };
            }
            s.kind = SlotKind::Variant { options };
        });
    }
    ui.end_row();
}

#[expect(clippy::too_many_arguments, reason = "a field with its context; a struct would only rename them")]
fn slot_kind(
    ui: &mut Ui,
    confirm: &mut Option<Confirm>,
    view: &View,
    i: usize,
    slot: &Slot,
    users: &[String],
    labelled_by: Id,
    out: &mut Out,
) {
    let mut chosen = None;
    egui::ComboBox::from_id_salt(("model-slot-kind", i))
        .selected_text(slot.kind.name())
        .show_ui(ui, |ui| {
            for kind in ["content", "ranking", "variant", "offer"] {
                if ui.selectable_label(slot.kind.name() == kind, kind).clicked() {
                    chosen = Some(kind);
                }
            }
        })
        .response
        .labelled_by(labelled_by);
    let Some(kind) = chosen.filter(|k| *k != slot.kind.name()) else { return };
    let mut new = view.ruleset.clone();
    let s = &mut new.slots[i];
    s.kind = kind_for(kind);
    s.default = default_for(&s.kind);
    let question = Question {
        title: format!("Make {} a {kind} slot?", slot.id),
        uses: format!("act on it with {} outcomes", slot.kind.name()),
        fix: "change their action",
        button: "Change kind",
    };
    apply_or_confirm(out, confirm, view, users, format!("make slot `{}` a {kind} slot", slot.id), new, question);
}

/// The default outcome editor, by the slot's kind (grid rows). Returns the
/// new default when it changed.
fn default_outcome(
    ui: &mut Ui,
    adding: &mut HashMap<String, String>,
    view: &View,
    i: usize,
    slot: &Slot,
    on: bool,
) -> Option<Outcome> {
    let dark = view.dark;
    let mut value = slot.default.clone();
    let mut changed = false;
    if !value.fits(&slot.kind) {
        let l = label(ui, "Default");
        ui.horizontal(|ui| {
            error_text(ui, &format!("`{value}` is not a {} outcome", slot.kind.name()), dark);
            if ui.button("Reset default").labelled_by(l).clicked() {
                value = default_for(&slot.kind);
                changed = true;
            }
        });
        ui.end_row();
        return changed.then_some(value);
    }
    match &mut value {
        Outcome::Content { id } => {
            let l = label(ui, "Default content");
            if let Some(t) = cell(ui, on, dark, |ui| text_field(ui, l, id, "content id", false)) {
                *id = t;
                changed = true;
            }
            ui.end_row();
        }
        Outcome::Ranking { strategy, boost } => {
            let l = label(ui, "Default strategy");
            if let Some(t) = cell(ui, on, dark, |ui| text_field(ui, l, strategy, "e.g. featured", false)) {
                *strategy = t;
                changed = true;
            }
            ui.end_row();
            let l = label(ui, "Boosted categories");
            let adding = adding.entry(format!("slots[{i}].boost")).or_default();
            changed |= ui.horizontal_wrapped(|ui| inline_chips(ui, l, "category", boost, adding)).inner;
            ui.end_row();
        }
        Outcome::Variant { option } => {
            let l = label(ui, "Default option");
            let options = match &slot.kind {
                SlotKind::Variant { options } => options.clone(),
                _ => Vec::new(),
            };
            cell(ui, on, dark, |ui| {
                egui::ComboBox::from_id_salt(("model-slot-default", i))
                    .selected_text(option.as_str())
                    .show_ui(ui, |ui| {
                        for o in &options {
                            changed |= ui.selectable_value(option, o.clone(), o).changed();
                        }
                    })
                    .response
                    .labelled_by(l)
            });
            ui.end_row();
        }
        Outcome::Offer { code, percent_off } => {
            let l = label(ui, "Default offer code");
            if let Some(t) = cell(ui, on, dark, |ui| text_field(ui, l, code, "e.g. NONE", false)) {
                *code = t;
                changed = true;
            }
            ui.end_row();
            let l = label(ui, "Percent off");
            changed |= ui.add(egui::DragValue::new(percent_off).range(0..=100).suffix(" %")).labelled_by(l).changed();
            ui.end_row();
        }
    }
    changed.then_some(value)
}
