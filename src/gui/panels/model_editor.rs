//! Slots, segments, custom attributes and the ruleset's settings (name,
//! description, time zone). Every change is one undoable edit of the
//! ruleset. Renaming a slot, segment or attribute also renames it in the
//! rules, segment conditions, tests and personas that use it; removing one
//! that rules use, or changing the kind of such a slot, asks first. The field
//! a diagnostic points at is highlighted and scrolled into view.

use std::collections::HashMap;

use egui::{Align, Id, PopupCloseBehavior, RichText, Ui};

use super::condition::{self, ConditionCtx};
use super::simulator::{chips, type_name};
use super::{Out, View};
use crate::analysis::Severity;
use crate::derive::time::parse_zone;
use crate::gui::command::Command;
use crate::gui::document::Edit;
use crate::gui::theme;
use crate::model::{
    Condition, CustomAttribute, CustomType, FieldPath, Op, Outcome, Predicate, Ruleset, Segment, Slot, SlotKind,
};

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

fn edit(out: &mut Out, label: impl Into<String>, key: Option<String>, ruleset: Ruleset) {
    out.push(Command::Edit(Edit::SetRuleset { label: label.into(), ruleset: Box::new(ruleset), key }));
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
    egui::ScrollArea::vertical().id_salt("model-scroll").auto_shrink([false, false]).show(ui, |ui| {
        settings(ui, state, view, out);
        ui.add_space(10.0);
        slots(ui, state, view, out);
        ui.add_space(10.0);
        segments(ui, state, view, out);
        ui.add_space(10.0);
        attributes(ui, state, view, out);
    });
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

// ---- ruleset settings ----------------------------------------------------------

fn settings(ui: &mut Ui, state: &mut ModelState, view: &View, out: &mut Out) {
    let rs = view.ruleset;
    let root = FieldPath::root();
    ui.heading("Ruleset");
    egui::Grid::new("model-settings").num_columns(2).spacing([12.0, 6.0]).min_col_width(LABEL_WIDTH).show(ui, |ui| {
        let l = label(ui, "Ruleset name");
        let on = lit(view, &root.field("name"));
        if let Some(name) =
            cell(ui, on, view.dark, |ui| text_field(ui, l, &rs.name, "exports are named after it", false))
        {
            let mut new = rs.clone();
            new.name = name;
            edit(out, "rename the ruleset", Some("name".into()), new);
        }
        ui.end_row();
        let l = label(ui, "Description");
        let on = lit(view, &root.field("description"));
        if let Some(d) =
            cell(ui, on, view.dark, |ui| text_field(ui, l, &rs.description, "what the ruleset is for", true))
        {
            let mut new = rs.clone();
            new.description = d;
            edit(out, "edit the description", Some("description".into()), new);
        }
        ui.end_row();
        let l = label(ui, "Time zone");
        let on = lit(view, &root.field("time_zone"));
        cell(ui, on, view.dark, |ui| time_zone(ui, state, view, l, out));
        ui.end_row();
    });
}

fn time_zone(ui: &mut Ui, state: &mut ModelState, view: &View, labelled_by: Id, out: &mut Out) {
    let current = view.ruleset.time_zone.as_str();
    let mut chosen: Option<&'static str> = None;
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt("model-time-zone")
                .selected_text(current)
                .width(260.0)
                .height(320.0)
                .close_behavior(PopupCloseBehavior::CloseOnClickOutside)
                .show_ui(ui, |ui| {
                    let l = ui.label("Search time zones");
                    ui.add(egui::TextEdit::singleline(&mut state.tz_search).hint_text("e.g. Oslo")).labelled_by(l.id);
                    ui.separator();
                    let needle = state.tz_search.trim().to_lowercase();
                    let mut shown = 0;
                    for tz in chrono_tz::TZ_VARIANTS.iter() {
                        let name = tz.name();
                        if !needle.is_empty() && !name.to_lowercase().contains(&needle) {
                            continue;
                        }
                        shown += 1;
                        if ui.selectable_label(name == current, name).clicked() {
                            chosen = Some(name);
                            ui.close();
                        }
                    }
                    if shown == 0 {
                        ui.weak("No time zone matches.");
                    }
                })
                .response
                .labelled_by(labelled_by)
                .on_hover_text("Schedules, time.weekday and time.hour are read in this zone");
            ui.weak("schedules and time.* use it");
        });
        if let Err(e) = parse_zone(current) {
            error_text(ui, &e, view.dark);
        }
    });
    if let Some(name) = chosen
        && name != current
    {
        let mut new = view.ruleset.clone();
        new.time_zone = name.to_owned();
        edit(out, format!("set the time zone to {name}"), Some("time_zone".into()), new);
        state.tz_search.clear();
    }
}

// ---- slots -----------------------------------------------------------------

fn rules_on_slot(rs: &Ruleset, slot: &str) -> Vec<String> {
    rs.rules.iter().filter(|r| r.then.iter().any(|a| a.slot == slot)).map(|r| r.id.clone()).collect()
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

fn unique(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).unwrap_or_else(|| base.to_owned())
}

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

/// Renames a slot everywhere: rules' actions and tests' expectations.
fn rename_slot(rs: &mut Ruleset, old: &str, new: &str) {
    for r in &mut rs.rules {
        for a in r.then.iter_mut().filter(|a| a.slot == old) {
            a.slot = new.to_owned();
        }
    }
    for t in &mut rs.tests {
        if let Some(o) = t.expect.remove(old) {
            t.expect.insert(new.to_owned(), o);
        }
    }
}

fn slots(ui: &mut Ui, state: &mut ModelState, view: &View, out: &mut Out) {
    let rs = view.ruleset;
    ui.horizontal(|ui| {
        ui.heading("Slots");
        ui.weak("the placements rules act on, with the outcome shown when no rule wins");
    });
    for (i, slot) in rs.slots.iter().enumerate() {
        let path = FieldPath::root().field("slots").index(i);
        let users = rules_on_slot(rs, &slot.id);
        item(ui, &mut state.scrolled_to, view, &path, |ui| {
            egui::Grid::new(("model-slot", i)).num_columns(2).spacing([12.0, 6.0]).min_col_width(LABEL_WIDTH).show(
                ui,
                |ui| {
                    let l = label(ui, "Slot id");
                    ui.horizontal(|ui| {
                        let key = format!("slots[{i}].id");
                        let taken = |id: &str| rs.slots.iter().any(|s| s.id == id);
                        if let Some(new_id) = id_field(ui, &mut state.pending, view, &key, l, &slot.id, "slot", taken) {
                            let mut new = rs.clone();
                            rename_slot(&mut new, &slot.id, &new_id);
                            new.slots[i].id = new_id;
                            edit(out, format!("rename slot `{}`", slot.id), Some(key), new);
                        }
                        used_by(ui, &users);
                    });
                    ui.end_row();
                    let l = label(ui, "Kind");
                    let on = lit(view, &path.field("kind"));
                    cell(ui, on, view.dark, |ui| slot_kind(ui, &mut state.confirm, view, i, slot, &users, l, out));
                    ui.end_row();
                    if let SlotKind::Variant { options } = &slot.kind {
                        let l = label(ui, "Options");
                        let mut options = options.clone();
                        let changed = ui
                            .horizontal_wrapped(|ui| {
                                chips(
                                    ui,
                                    l,
                                    "option",
                                    &mut options,
                                    state.adding.entry(format!("slots[{i}].options")).or_default(),
                                )
                            })
                            .inner;
                        if changed {
                            let mut new = rs.clone();
                            let s = &mut new.slots[i];
                            if let Outcome::Variant { option } = &s.default
                                && !options.contains(option)
                            {
                                s.default = Outcome::Variant { option: options.first().cloned().unwrap_or_default() };
                            }
                            s.kind = SlotKind::Variant { options };
                            edit(out, format!("edit the options of slot `{}`", slot.id), None, new);
                        }
                        ui.end_row();
                    }
                    let on = lit(view, &path.field("default"));
                    if let Some(default) = default_outcome(ui, &mut state.adding, view, i, slot, on) {
                        let mut new = rs.clone();
                        new.slots[i].default = default;
                        edit(
                            out,
                            format!("edit the default of slot `{}`", slot.id),
                            Some(format!("slots[{i}].default")),
                            new,
                        );
                    }
                    let l = label(ui, "Description");
                    if let Some(d) = text_field(ui, l, &slot.description, "what the slot is, for people", false) {
                        let mut new = rs.clone();
                        new.slots[i].description = d;
                        edit(out, format!("describe slot `{}`", slot.id), Some(format!("slots[{i}].description")), new);
                    }
                    ui.end_row();
                },
            );
            if ui.button("Remove slot").on_hover_text(format!("Remove slot {}", slot.id)).clicked() {
                let mut new = rs.clone();
                new.slots.remove(i);
                let label = format!("remove slot `{}`", slot.id);
                if users.is_empty() {
                    edit(out, label, None, new);
                } else {
                    state.confirm = Some(Confirm {
                        generation: view.generation,
                        title: format!("Remove slot {}?", slot.id),
                        message: format!(
                            "{} rule(s) act on it: {}. They will show an error until you change or delete their action on it. You can undo this.",
                            users.len(),
                            list_ids(&users)
                        ),
                        button: "Remove".into(),
                        label,
                        ruleset: Box::new(new),
                    });
                }
            }
        });
    }
    if ui.button("Add slot").on_hover_text("Add a content slot").clicked() {
        let mut new = rs.clone();
        let id = unique("new.slot", |id| rs.slots.iter().any(|s| s.id == id));
        new.slots.push(Slot {
            id: id.clone(),
            kind: SlotKind::Content,
            default: default_for(&SlotKind::Content),
            description: String::new(),
        });
        edit(out, format!("add slot `{id}`"), None, new);
    }
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
    let label = format!("make slot `{}` a {kind} slot", slot.id);
    if users.is_empty() {
        edit(out, label, None, new);
    } else {
        *confirm = Some(Confirm {
            generation: view.generation,
            title: format!("Make {} a {kind} slot?", slot.id),
            message: format!(
                "{} rule(s) act on it with {} outcomes: {}. They will show an error until you change their action. You can undo this.",
                users.len(),
                slot.kind.name(),
                list_ids(users)
            ),
            button: "Change kind".into(),
            label,
            ruleset: Box::new(new),
        });
    }
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
            changed |= ui.horizontal_wrapped(|ui| chips(ui, l, "category", boost, adding)).inner;
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

// ---- segments --------------------------------------------------------------

fn strings_mut(op: &mut Op) -> &mut [String] {
    match op {
        Op::Is(s)
        | Op::IsNot(s)
        | Op::Contains(s)
        | Op::StartsWith(s)
        | Op::EndsWith(s)
        | Op::Matches(s)
        | Op::Has(s) => std::slice::from_mut(s),
        Op::In(v) | Op::NotIn(v) | Op::HasAny(v) | Op::HasAll(v) | Op::HasNone(v) => v,
        _ => &mut [],
    }
}

fn preds_mut(c: &mut Condition, f: &mut dyn FnMut(&mut Predicate)) {
    match c {
        Condition::All(items) | Condition::Any(items) => items.iter_mut().for_each(|c| preds_mut(c, f)),
        Condition::Not(inner) => preds_mut(inner, f),
        Condition::Pred(p) => f(p),
    }
}

fn uses(c: &Condition, test: &dyn Fn(&Predicate) -> bool) -> bool {
    let mut found = false;
    c.visit_preds(&mut Vec::new(), &mut |p, _| found |= test(p));
    found
}

const SEGMENTS_ATTR: &str = "customer.segments";

fn uses_segment(p: &Predicate, id: &str) -> bool {
    p.attr == SEGMENTS_ATTR && p.op.strings().iter().any(|s| s == id)
}

fn rules_using_segment(rs: &Ruleset, id: &str) -> Vec<String> {
    rs.rules.iter().filter(|r| uses(&r.when, &|p| uses_segment(p, id))).map(|r| r.id.clone()).collect()
}

/// Renames a segment everywhere: conditions of rules and segments, and the
/// upstream segment lists of tests' and personas' sessions.
fn rename_segment(rs: &mut Ruleset, old: &str, new: &str) {
    let mut fix = |p: &mut Predicate| {
        if p.attr == SEGMENTS_ATTR {
            for s in strings_mut(&mut p.op).iter_mut().filter(|s| *s == old) {
                *s = new.to_owned();
            }
        }
    };
    for r in &mut rs.rules {
        preds_mut(&mut r.when, &mut fix);
    }
    for s in &mut rs.segments {
        if let Some(when) = &mut s.when {
            preds_mut(when, &mut fix);
        }
    }
    let sessions = rs.tests.iter_mut().map(|t| &mut t.session).chain(rs.personas.iter_mut().map(|p| &mut p.session));
    for session in sessions {
        for s in session.customer.segments.iter_mut().flatten().filter(|s| *s == old) {
            *s = new.to_owned();
        }
    }
}

fn segments(ui: &mut Ui, state: &mut ModelState, view: &View, out: &mut Out) {
    let rs = view.ruleset;
    ui.horizontal(|ui| {
        ui.heading("Segments");
        ui.weak("listed upstream in customer.segments, or computed from a condition");
    });
    for (i, seg) in rs.segments.iter().enumerate() {
        let path = FieldPath::root().field("segments").index(i);
        let users = rules_using_segment(rs, &seg.id);
        item(ui, &mut state.scrolled_to, view, &path, |ui| {
            egui::Grid::new(("model-segment", i)).num_columns(2).spacing([12.0, 6.0]).min_col_width(LABEL_WIDTH).show(
                ui,
                |ui| {
                    let l = label(ui, "Segment id");
                    ui.horizontal(|ui| {
                        let key = format!("segments[{i}].id");
                        let taken = |id: &str| rs.segments.iter().any(|s| s.id == id);
                        if let Some(new_id) = id_field(ui, &mut state.pending, view, &key, l, &seg.id, "segment", taken)
                        {
                            let mut new = rs.clone();
                            rename_segment(&mut new, &seg.id, &new_id);
                            new.segments[i].id = new_id;
                            edit(out, format!("rename segment `{}`", seg.id), Some(key), new);
                        }
                        used_by(ui, &users);
                    });
                    ui.end_row();
                    let l = label(ui, "Description");
                    if let Some(d) = text_field(ui, l, &seg.description, "what the segment is, for people", false) {
                        let mut new = rs.clone();
                        new.segments[i].description = d;
                        edit(
                            out,
                            format!("describe segment `{}`", seg.id),
                            Some(format!("segments[{i}].description")),
                            new,
                        );
                    }
                    ui.end_row();
                    ui.label("Membership");
                    let mut computed = seg.when.is_some();
                    if ui.checkbox(&mut computed, "Also computed from a condition").changed() {
                        let mut new = rs.clone();
                        new.segments[i].when =
                            computed.then(|| Condition::All(vec![Condition::pred("customer.orders", Op::Ge(1.0))]));
                        edit(out, format!("edit the condition of segment `{}`", seg.id), None, new);
                    }
                    ui.end_row();
                },
            );
            if let Some(when) = &seg.when {
                let base = path.field("when");
                let ctx = ConditionCtx { ruleset: rs, base, highlight: view.highlight, dark: view.dark };
                let mut cond = when.clone();
                ui.indent(("model-segment-when", i), |ui| {
                    if let Some(key) = condition::edit(ui, &mut cond, &ctx)
                        && cond != *when
                    {
                        let mut new = rs.clone();
                        new.segments[i].when = Some(cond);
                        edit(
                            out,
                            format!("edit the condition of segment `{}`", seg.id),
                            Some(format!("segments[{i}].when:{key}")),
                            new,
                        );
                    }
                });
            }
            if ui.button("Remove segment").on_hover_text(format!("Remove segment {}", seg.id)).clicked() {
                let mut new = rs.clone();
                new.segments.remove(i);
                let label = format!("remove segment `{}`", seg.id);
                if users.is_empty() {
                    edit(out, label, None, new);
                } else {
                    state.confirm = Some(Confirm {
                        generation: view.generation,
                        title: format!("Remove segment {}?", seg.id),
                        message: format!(
                            "{} rule(s) test it: {}. They will show an error until you change them. You can undo this.",
                            users.len(),
                            list_ids(&users)
                        ),
                        button: "Remove".into(),
                        label,
                        ruleset: Box::new(new),
                    });
                }
            }
        });
    }
    if ui.button("Add segment").on_hover_text("Add a segment listed upstream").clicked() {
        let mut new = rs.clone();
        let id = unique("new-segment", |id| rs.segments.iter().any(|s| s.id == id));
        new.segments.push(Segment { id: id.clone(), description: String::new(), when: None });
        edit(out, format!("add segment `{id}`"), None, new);
    }
}

// ---- custom attributes -----------------------------------------------------------

fn attr_path(name: &str) -> String {
    format!("attributes.{name}")
}

fn rules_using_attribute(rs: &Ruleset, name: &str) -> Vec<String> {
    let path = attr_path(name);
    rs.rules.iter().filter(|r| uses(&r.when, &|p| p.attr == path)).map(|r| r.id.clone()).collect()
}

/// Renames a custom attribute everywhere: conditions, and the attributes of
/// tests' and personas' sessions.
fn rename_attribute(rs: &mut Ruleset, old: &str, new: &str) {
    let (from, to) = (attr_path(old), attr_path(new));
    let mut fix = |p: &mut Predicate| {
        if p.attr == from {
            p.attr.clone_from(&to);
        }
    };
    for r in &mut rs.rules {
        preds_mut(&mut r.when, &mut fix);
    }
    for s in &mut rs.segments {
        if let Some(when) = &mut s.when {
            preds_mut(when, &mut fix);
        }
    }
    let sessions = rs.tests.iter_mut().map(|t| &mut t.session).chain(rs.personas.iter_mut().map(|p| &mut p.session));
    for session in sessions {
        if let Some(v) = session.attributes.remove(old) {
            session.attributes.insert(new.to_owned(), v);
        }
    }
}

fn attributes(ui: &mut Ui, state: &mut ModelState, view: &View, out: &mut Out) {
    let rs = view.ruleset;
    ui.horizontal(|ui| {
        ui.heading("Custom attributes");
        ui.weak("session fields your rules may test, as attributes.<name>");
    });
    if rs.attributes.is_empty() {
        ui.weak("None declared.");
    }
    for (i, a) in rs.attributes.iter().enumerate() {
        let path = FieldPath::root().field("attributes").index(i);
        let users = rules_using_attribute(rs, &a.name);
        item(ui, &mut state.scrolled_to, view, &path, |ui| {
            egui::Grid::new(("model-attribute", i))
                .num_columns(2)
                .spacing([12.0, 6.0])
                .min_col_width(LABEL_WIDTH)
                .show(ui, |ui| {
                    let l = label(ui, "Attribute name");
                    ui.horizontal(|ui| {
                        let key = format!("attributes[{i}].name");
                        let taken = |n: &str| rs.attributes.iter().any(|a| a.name == n);
                        if let Some(name) = id_field(ui, &mut state.pending, view, &key, l, &a.name, "attribute", taken)
                        {
                            let mut new = rs.clone();
                            rename_attribute(&mut new, &a.name, &name);
                            new.attributes[i].name = name;
                            edit(out, format!("rename attribute `{}`", a.name), Some(key), new);
                        }
                        used_by(ui, &users);
                    });
                    ui.end_row();
                    let l = label(ui, "Type");
                    let mut ty = a.ty;
                    egui::ComboBox::from_id_salt(("model-attribute-type", i))
                        .selected_text(type_name(ty))
                        .show_ui(ui, |ui| {
                            for t in [CustomType::Text, CustomType::Number, CustomType::List] {
                                ui.selectable_value(&mut ty, t, type_name(t));
                            }
                        })
                        .response
                        .labelled_by(l);
                    if ty != a.ty {
                        let mut new = rs.clone();
                        new.attributes[i].ty = ty;
                        edit(out, format!("make attribute `{}` {}", a.name, type_name(ty)), None, new);
                    }
                    ui.end_row();
                    let l = label(ui, "Description");
                    if let Some(d) = text_field(ui, l, &a.description, "what it means", false) {
                        let mut new = rs.clone();
                        new.attributes[i].description = d;
                        edit(
                            out,
                            format!("describe attribute `{}`", a.name),
                            Some(format!("attributes[{i}].description")),
                            new,
                        );
                    }
                    ui.end_row();
                });
            if ui.button("Remove attribute").on_hover_text(format!("Remove attribute {}", a.name)).clicked() {
                let mut new = rs.clone();
                new.attributes.remove(i);
                let label = format!("remove attribute `{}`", a.name);
                if users.is_empty() {
                    edit(out, label, None, new);
                } else {
                    state.confirm = Some(Confirm {
                        generation: view.generation,
                        title: format!("Remove attribute {}?", a.name),
                        message: format!(
                            "{} rule(s) test it: {}. They will show an error until you change them. You can undo this.",
                            users.len(),
                            list_ids(&users)
                        ),
                        button: "Remove".into(),
                        label,
                        ruleset: Box::new(new),
                    });
                }
            }
        });
    }
    if ui.button("Add attribute").on_hover_text("Declare a custom attribute").clicked() {
        let mut new = rs.clone();
        let name = unique("new_attribute", |n| rs.attributes.iter().any(|a| a.name == n));
        new.attributes.push(CustomAttribute { name: name.clone(), ty: CustomType::Text, description: String::new() });
        edit(out, format!("add attribute `{name}`"), None, new);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Rule};

    fn demo() -> Ruleset {
        crate::format::load_ruleset("rulesets/demo-store.rules.ron".as_ref()).unwrap().ruleset
    }

    #[test]
    fn renaming_a_segment_follows_it_everywhere() {
        let mut rs = demo();
        let before = rules_using_segment(&rs, "vip");
        assert!(!before.is_empty());
        rename_segment(&mut rs, "vip", "best-customers");
        assert!(rules_using_segment(&rs, "vip").is_empty());
        assert_eq!(rules_using_segment(&rs, "best-customers"), before);
        assert!(rs.personas[0].session.customer.segments.as_ref().unwrap().contains(&"best-customers".to_owned()));
    }

    #[test]
    fn renaming_a_slot_follows_it_into_rules_and_tests() {
        let mut rs = demo();
        let users = rules_on_slot(&rs, "layout");
        rename_slot(&mut rs, "layout", "storefront.layout");
        assert!(rules_on_slot(&rs, "layout").is_empty());
        assert_eq!(rules_on_slot(&rs, "storefront.layout"), users);
        assert!(rs.tests.iter().all(|t| !t.expect.contains_key("layout")));
    }

    #[test]
    fn renaming_an_attribute_follows_it() {
        let mut rs = demo();
        rs.rules.push(Rule {
            id: "gold".into(),
            name: "Gold".into(),
            enabled: true,
            priority: 1,
            when: Condition::pred("attributes.loyalty_tier", Op::Is("gold".into())),
            then: vec![Action { slot: "home.hero".into(), outcome: Outcome::Content { id: "x".into() } }],
            schedule: None,
            holdout_percent: 0,
            tags: Vec::new(),
            notes: String::new(),
        });
        let users = rules_using_attribute(&rs, "loyalty_tier");
        assert!(users.contains(&"gold".to_owned()));
        rename_attribute(&mut rs, "loyalty_tier", "tier");
        assert!(rules_using_attribute(&rs, "loyalty_tier").is_empty());
        assert_eq!(rules_using_attribute(&rs, "tier"), users);
        assert!(rs.personas[0].session.attributes.contains_key("tier"));
    }
}
