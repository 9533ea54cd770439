//! The condition editor: nested `all` / `any` / `not` groups of typed
//! predicates, read back as a sentence ("geo.country is one of CA, NO and
//! device.type is mobile").
//!
//! A predicate row is an attribute picker grouped by family, an operator
//! combo offering only the operators the attribute's type accepts, and an
//! operand widget chosen by type: country and region pickers with names and
//! search, checkboxes or a combo for choices, text fields, regex fields
//! checked as you type, number fields, chips for lists, the ruleset's
//! segments. Every row and group can be moved and removed; groups can switch
//! between all, any and not.
//!
//! Widgets are named for screen readers and tests by their position:
//! "Condition 2 attribute", "Condition 2.1 value", "Group 3 kind",
//! "Add condition to group 3" (top-level buttons are "Add condition" and
//! "Add group").
//!
//! This module owns the entry point, the highlight and the groups (their
//! kind, members and row controls); [`predicate`] draws a predicate row,
//! [`operand`] its value widget, and [`sentence`] reads a condition back.

mod operand;
mod predicate;
mod sentence;

use egui::layers::ShapeIdx;
use egui::{Align, Button, ComboBox, Frame, Id, Rect, RichText, Shape, Ui};

use self::predicate::predicate_row;
pub use self::sentence::{op_label, sentence};
use crate::gui::theme;
use crate::model::resolve::{AttrInfo, Resolver};
use crate::model::{Condition, FieldPath, Key, Op, Ruleset};

/// What the condition editor needs to know.
pub struct ConditionCtx<'a> {
    /// The ruleset (attributes, segments).
    pub ruleset: &'a Ruleset,
    /// The path of the condition being edited (e.g. `rules[3].when`).
    pub base: FieldPath,
    /// The field a diagnostic points at, to highlight.
    pub highlight: Option<&'a FieldPath>,
    /// Whether the dark theme is on.
    pub dark: bool,
}

/// Where fields were drawn, by path relative to some base: what the
/// highlight looks up.
pub(super) type Marks = Vec<(Vec<Key>, Rect)>;

/// Edits a condition in place; returns the path (relative to `ctx.base`) of
/// the field changed, for undo coalescing, or `None` when nothing changed.
///
/// The path is written so that appending it to the base's text gives the
/// field's full path: `[1].op` (an `in` list inside a group), `.op` (a lone
/// predicate's operator), or the empty string when the condition's shape
/// changed at the top.
pub fn edit(ui: &mut Ui, cond: &mut Condition, ctx: &ConditionCtx) -> Option<String> {
    let mut walk = Walk { ctx, attrs: Resolver::new(ctx.ruleset).all_attrs(), marks: Vec::new(), changed: None };
    let background = ui.painter().add(Shape::Noop);
    ui.label(RichText::new(format!("Reads: {}", sentence(cond))).italics())
        .on_hover_text("The condition in words, as the engine evaluates it");
    ui.push_id(("condition", ctx.base.to_string()), |ui| root(ui, cond, &mut walk));
    highlight(ui, background, &ctx.base, ctx.highlight, &walk.marks, ctx.dark);
    walk.changed.map(|rel| rel_text(&rel))
}

/// A relative path as text that can be appended to its base's text.
pub fn rel_text(keys: &[Key]) -> String {
    keys.iter()
        .map(|k| match k {
            Key::Field(f) => format!(".{f}"),
            Key::Index(i) => format!("[{i}]"),
        })
        .collect()
}

/// Paints the highlight behind the drawn field nearest to `target` (the
/// field itself or its closest drawn ancestor), at the reserved
/// `background` shape, and scrolls it into view the first time it is shown.
pub(super) fn highlight(
    ui: &Ui,
    background: ShapeIdx,
    base: &FieldPath,
    target: Option<&FieldPath>,
    marks: &Marks,
    dark: bool,
) {
    let scrolled_id = Id::unique(("highlight-scrolled", base.to_string()));
    let Some(target) = target.filter(|t| base.is_prefix_of(t)) else {
        ui.data_mut(|d| d.remove::<FieldPath>(scrolled_id));
        return;
    };
    let rel = &target.0[base.0.len()..];
    let Some((_, rect)) = marks.iter().filter(|(p, _)| rel.starts_with(p)).max_by_key(|(p, _)| p.len()) else {
        return;
    };
    ui.painter().set(background, Shape::rect_filled(rect.expand(3.0), 4.0, theme::highlight_fill(dark)));
    if ui.data(|d| d.get_temp::<FieldPath>(scrolled_id)).as_ref() != Some(target) {
        ui.scroll_to_rect(*rect, Some(Align::Center));
        ui.data_mut(|d| d.insert_temp(scrolled_id, target.clone()));
    }
}

fn new_predicate() -> Condition {
    Condition::pred("geo.country", Op::In(Vec::new()))
}

fn new_group() -> Condition {
    Condition::Any(vec![new_predicate()])
}

// ---- groups ----------------------------------------------------------------

/// The kinds a group can be switched between.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    All,
    Any,
    Not,
}

impl Kind {
    const ALL: [Kind; 3] = [Kind::All, Kind::Any, Kind::Not];

    fn of(c: &Condition) -> Kind {
        match c {
            Condition::Any(_) => Kind::Any,
            Condition::Not(_) => Kind::Not,
            _ => Kind::All,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Kind::All => "All of",
            Kind::Any => "Any of",
            Kind::Not => "Not",
        }
    }

    fn tail(self) -> &'static str {
        match self {
            Kind::All => "these hold",
            Kind::Any => "these hold",
            Kind::Not => "(holds when what follows does not)",
        }
    }
}

/// A group switched to another kind. `all`/`any` swap their lists; `not`
/// wraps the group (or its only member); leaving `not` unwraps.
fn set_kind(old: Condition, kind: Kind) -> Condition {
    let group = |items: Vec<Condition>| if kind == Kind::Any { Condition::Any(items) } else { Condition::All(items) };
    match (old, kind) {
        (Condition::All(mut items) | Condition::Any(mut items), Kind::Not) if items.len() == 1 => {
            Condition::Not(Box::new(items.remove(0)))
        }
        (g @ (Condition::All(_) | Condition::Any(_)), Kind::Not) => Condition::Not(Box::new(g)),
        (Condition::All(items) | Condition::Any(items), _) => group(items),
        (Condition::Not(inner), _) => match *inner {
            Condition::All(items) | Condition::Any(items) => group(items),
            other => group(vec![other]),
        },
        (p @ Condition::Pred(_), _) => p,
    }
}

/// What a row's buttons ask of its group.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RowAction {
    Up,
    Down,
    Remove,
}

/// A member's position in its group.
#[derive(Clone, Copy)]
struct Place {
    index: usize,
    len: usize,
}

/// Where a node of the tree stands.
#[derive(Clone, Copy)]
struct Position<'r> {
    /// Its path relative to the condition edited.
    rel: &'r [Key],
    /// Its number as shown and named: "2.1"; empty for the top group.
    number: &'r str,
    /// Its place in its group; `None` when it cannot be moved or removed
    /// (the top group, the member of a `not`).
    place: Option<Place>,
}

fn controls(ui: &mut Ui, place: Place, what: &str) -> Option<RowAction> {
    let mut action = None;
    let up = ui
        .add_enabled(place.index > 0, Button::new("⬆").small())
        .accessible_name(format!("Move {what} up"))
        .on_hover_text("Move up");
    if up.clicked() {
        action = Some(RowAction::Up);
    }
    let down = ui
        .add_enabled(place.index + 1 < place.len, Button::new("⬇").small())
        .accessible_name(format!("Move {what} down"))
        .on_hover_text("Move down");
    if down.clicked() {
        action = Some(RowAction::Down);
    }
    let remove = ui.add(Button::new("✖").small()).accessible_name(format!("Remove {what}")).on_hover_text("Remove");
    if remove.clicked() {
        action = Some(RowAction::Remove);
    }
    action
}

/// The state of one walk over the condition tree.
struct Walk<'c, 'a> {
    ctx: &'c ConditionCtx<'a>,
    attrs: Vec<AttrInfo>,
    marks: Marks,
    changed: Option<Vec<Key>>,
}

impl Walk<'_, '_> {
    fn mark(&mut self, rel: &[Key], rect: Rect) {
        self.marks.push((rel.to_vec(), rect));
    }

    /// Notes a change at `rel`; two changes in one frame keep their common ancestor.
    fn change(&mut self, rel: &[Key]) {
        self.changed = Some(match self.changed.take() {
            None => rel.to_vec(),
            Some(prev) => prev.iter().zip(rel).take_while(|(a, b)| a == b).map(|(a, _)| a.clone()).collect(),
        });
    }

    fn attr(&self, path: &str) -> Option<AttrInfo> {
        self.attrs.iter().find(|a| a.path == path).cloned()
    }
}

fn with(rel: &[Key], field: &str) -> Vec<Key> {
    let mut p = rel.to_vec();
    p.push(Key::Field(field.to_owned()));
    p
}

fn root(ui: &mut Ui, cond: &mut Condition, walk: &mut Walk) {
    let rel = Vec::new();
    if let Condition::Pred(p) = cond {
        let at = Position { rel: &rel, number: "1", place: Some(Place { index: 0, len: 1 }) };
        let action = predicate_row(ui, p, at, walk);
        let mut add = None;
        ui.horizontal(|ui| {
            if add_button(ui, "Add condition", "Add condition", "Add a test of one attribute") {
                add = Some(new_predicate());
            }
            if add_button(ui, "Add group", "Add group", "Add a nested group (all of, any of, not)") {
                add = Some(new_group());
            }
        });
        if action == Some(RowAction::Remove) {
            *cond = Condition::always();
            walk.change(&rel);
        } else if let Some(new) = add {
            let old = std::mem::replace(cond, Condition::always());
            *cond = Condition::All(vec![old, new]);
            walk.change(&rel);
        }
    } else {
        group(ui, cond, Position { rel: &rel, number: "", place: None }, walk);
    }
}

fn add_button(ui: &mut Ui, text: &str, name: &str, hover: &str) -> bool {
    ui.add(Button::new(text).small()).accessible_name(name).on_hover_text(hover).clicked()
}

fn node(ui: &mut Ui, cond: &mut Condition, at: Position, walk: &mut Walk) -> Option<RowAction> {
    match cond {
        Condition::Pred(p) => predicate_row(ui, p, at, walk),
        _ => group(ui, cond, at, walk),
    }
}

fn child_number(number: &str, i: usize) -> String {
    if number.is_empty() { format!("{}", i + 1) } else { format!("{number}.{}", i + 1) }
}

fn group(ui: &mut Ui, cond: &mut Condition, at: Position, walk: &mut Walk) -> Option<RowAction> {
    let Position { rel, number, place } = at;
    let top = number.is_empty();
    let mut action = None;
    let frame = if top {
        Frame::new()
    } else {
        Frame::group(ui.style()).inner_margin(6.0).stroke(ui.visuals().widgets.noninteractive.bg_stroke)
    };
    let shown = frame.show(ui, |ui| {
        ui.horizontal(|ui| {
            if !top {
                ui.label(RichText::new(number).weak());
            }
            let kind = Kind::of(cond);
            let mut chosen = kind;
            let name = if top { "Group kind".to_owned() } else { format!("Group {number} kind") };
            ComboBox::from_id_salt("kind")
                .width(70.0)
                .selected_text(kind.label())
                .show_ui(ui, |ui| {
                    for k in Kind::ALL {
                        ui.selectable_value(&mut chosen, k, k.label());
                    }
                })
                .response
                .accessible_name(name)
                .on_hover_text("All of: every member must hold. Any of: one is enough. Not: inverts.");
            ui.label(kind.tail());
            if chosen != kind {
                let old = std::mem::replace(cond, Condition::always());
                *cond = set_kind(old, chosen);
                walk.change(rel);
            }
            if let Some(place) = place {
                action = controls(ui, place, &format!("group {number}"));
            }
        });
        let any = matches!(cond, Condition::Any(_));
        match cond {
            Condition::All(items) | Condition::Any(items) => members(ui, items, any, rel, number, walk),
            Condition::Not(inner) => {
                ui.push_id("not", |ui| {
                    ui.indent("not-indent", |ui| {
                        let inner_number = child_number(number, 0);
                        node(ui, inner, Position { rel, number: &inner_number, place: None }, walk);
                    });
                });
            }
            Condition::Pred(_) => {}
        }
    });
    walk.mark(rel, shown.response.rect);
    action
}

fn members(ui: &mut Ui, items: &mut Vec<Condition>, any: bool, rel: &[Key], number: &str, walk: &mut Walk) {
    let len = items.len();
    if len == 0 {
        ui.weak(if any {
            "No conditions yet: an empty \"any of\" group never holds."
        } else {
            "No conditions yet: every session matches."
        });
    }
    let mut request = None;
    for (i, child) in items.iter_mut().enumerate() {
        let mut child_rel = rel.to_vec();
        child_rel.push(Key::Index(i));
        let child_number = child_number(number, i);
        let at = Position { rel: &child_rel, number: &child_number, place: Some(Place { index: i, len }) };
        let action = ui.push_id(i, |ui| node(ui, child, at, walk)).inner;
        if let Some(action) = action {
            request = Some((i, action));
        }
    }
    match request {
        Some((i, RowAction::Up)) if i > 0 => items.swap(i, i - 1),
        Some((i, RowAction::Down)) if i + 1 < len => items.swap(i, i + 1),
        Some((i, RowAction::Remove)) => {
            items.remove(i);
        }
        _ => {}
    }
    if request.is_some() {
        walk.change(rel);
    }
    ui.horizontal(|ui| {
        let (condition, group) = if number.is_empty() {
            ("Add condition".to_owned(), "Add group".to_owned())
        } else {
            (format!("Add condition to group {number}"), format!("Add group to group {number}"))
        };
        if add_button(ui, "Add condition", &condition, "Add a test of one attribute") {
            items.push(new_predicate());
            walk.change(rel);
        }
        if add_button(ui, "Add group", &group, "Add a nested group (all of, any of, not)") {
            items.push(new_group());
            walk.change(rel);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_kinds_round_trip() {
        let g = Condition::All(vec![Condition::pred("a", Op::Exists), Condition::pred("b", Op::Exists)]);
        let not = set_kind(g.clone(), Kind::Not);
        assert!(matches!(&not, Condition::Not(inner) if **inner == g));
        assert_eq!(set_kind(not, Kind::All), g);
        let one = Condition::Any(vec![Condition::pred("a", Op::Exists)]);
        assert_eq!(set_kind(one.clone(), Kind::Not), Condition::Not(Box::new(Condition::pred("a", Op::Exists))));
        assert_eq!(set_kind(set_kind(one.clone(), Kind::Not), Kind::Any), one);
    }

    #[test]
    fn relative_paths_append_to_their_base() {
        assert_eq!(rel_text(&[Key::Index(1), Key::Field("op".into())]), "[1].op");
        assert_eq!(rel_text(&[Key::Field("op".into())]), ".op");
        assert_eq!(rel_text(&[]), "");
    }
}
