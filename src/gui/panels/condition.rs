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

use egui::layers::ShapeIdx;
use egui::{Align, Button, ComboBox, DragValue, Frame, Id, Rect, Response, RichText, Shape, TextEdit, TextStyle, Ui};

use super::pickers::{self, Naming};
use crate::analysis::Severity;
use crate::analysis::operators_for;
use crate::compile::pattern::{PatternError, check_user_pattern};
use crate::compile::resolve::{AttrInfo, Resolver};
use crate::gui::theme;
use crate::model::attribute::{NumberDomain, id as attr_id};
use crate::model::{AttrType, Condition, FieldPath, Key, Op, OpKind, Predicate, Ruleset, Segment, fmt_number};

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

// ---- the sentence ----------------------------------------------------------

/// An operator in words, as the editor and the sentence show it.
pub fn op_label(name: &str) -> &'static str {
    match name {
        "is" => "is",
        "is_not" => "is not",
        "in" => "is one of",
        "not_in" => "is not one of",
        "contains" => "contains",
        "starts_with" => "starts with",
        "ends_with" => "ends with",
        "matches" => "matches pattern",
        "lt" => "is less than",
        "le" => "is at most",
        "gt" => "is more than",
        "ge" => "is at least",
        "between" => "is between",
        "has" => "has",
        "has_any" => "has any of",
        "has_all" => "has all of",
        "has_none" => "has none of",
        "exists" => "is present",
        "missing" => "is missing",
        _ => "?",
    }
}

fn show_value(v: &str) -> String {
    if v.is_empty() || v.contains(char::is_whitespace) || v.contains(',') { format!("\"{v}\"") } else { v.to_owned() }
}

fn predicate_sentence(p: &Predicate) -> String {
    let operand = match &p.op {
        Op::Exists | Op::Missing => String::new(),
        Op::Lt(n) | Op::Le(n) | Op::Gt(n) | Op::Ge(n) => fmt_number(*n),
        Op::Between(a, b) => format!("{} and {}", fmt_number(*a), fmt_number(*b)),
        Op::In(vs) | Op::NotIn(vs) | Op::HasAny(vs) | Op::HasAll(vs) | Op::HasNone(vs) => {
            if vs.is_empty() {
                "(nothing chosen yet)".to_owned()
            } else {
                vs.iter().map(|v| show_value(v)).collect::<Vec<_>>().join(", ")
            }
        }
        Op::Contains(s) | Op::StartsWith(s) | Op::EndsWith(s) | Op::Matches(s) => format!("\"{s}\""),
        Op::Is(s) | Op::IsNot(s) | Op::Has(s) => show_value(s),
    };
    let mut out = format!("{} {}", p.attr, op_label(p.op.name()));
    if !operand.is_empty() {
        out.push(' ');
        out.push_str(&operand);
    }
    if p.ignore_case {
        out.push_str(" (ignoring case)");
    }
    out
}

/// A condition in words: `geo.country is one of CA, NO and device.type is
/// mobile`; nested groups in parentheses.
pub fn sentence(cond: &Condition) -> String {
    fn words(c: &Condition, nested: bool) -> String {
        let join = |items: &[Condition], sep: &str| {
            let s = items.iter().map(|c| words(c, true)).collect::<Vec<_>>().join(sep);
            if nested { format!("({s})") } else { s }
        };
        match c {
            Condition::All(items) if items.is_empty() => "always".to_owned(),
            Condition::Any(items) if items.is_empty() => "never".to_owned(),
            Condition::All(items) | Condition::Any(items) if items.len() == 1 => words(&items[0], nested),
            Condition::All(items) => join(items, " and "),
            Condition::Any(items) => join(items, " or "),
            Condition::Not(inner) => format!("not ({})", words(inner, false)),
            Condition::Pred(p) => predicate_sentence(p),
        }
    }
    words(cond, false)
}

// ---- defaults and conversions ----------------------------------------------

fn default_number(info: Option<&AttrInfo>) -> f64 {
    match info.map(|i| i.ty) {
        Some(AttrType::Number(d)) if d.min.is_finite() => d.min,
        _ => 0.0,
    }
}

fn default_single(info: Option<&AttrInfo>, segments: &[Segment]) -> String {
    match info {
        Some(i) if i.id == attr_id::SEGMENTS => segments.first().map(|s| s.id.clone()).unwrap_or_default(),
        Some(AttrInfo { ty: AttrType::Enum(choices), .. }) => {
            choices.first().map(|c| (*c).to_owned()).unwrap_or_default()
        }
        _ => String::new(),
    }
}

/// The operator a predicate starts with for an attribute.
fn default_op(info: &AttrInfo, segments: &[Segment]) -> Op {
    match info.ty {
        AttrType::Country | AttrType::Region => Op::In(Vec::new()),
        AttrType::Enum(_) => Op::Is(default_single(Some(info), segments)),
        AttrType::Text => Op::Is(String::new()),
        AttrType::Number(_) => Op::Ge(default_number(Some(info))),
        AttrType::List if info.id == attr_id::SEGMENTS => Op::Has(default_single(Some(info), segments)),
        AttrType::List => Op::HasAny(Vec::new()),
    }
}

/// Switches an operator, carrying its operand over where it makes sense
/// (`is "CA"` becomes `in ["CA"]`, `gt 3` becomes `between 3 and 3`).
fn convert_op(old: &Op, to: &str, info: Option<&AttrInfo>, segments: &[Segment]) -> Op {
    let strings: Vec<String> = old.strings().iter().filter(|s| !s.is_empty()).cloned().collect();
    let first = strings.first().cloned().unwrap_or_else(|| default_single(info, segments));
    let number = match old {
        Op::Lt(n) | Op::Le(n) | Op::Gt(n) | Op::Ge(n) | Op::Between(n, _) => *n,
        _ => default_number(info),
    };
    match to {
        "is" => Op::Is(first),
        "is_not" => Op::IsNot(first),
        "in" => Op::In(strings),
        "not_in" => Op::NotIn(strings),
        "contains" => Op::Contains(first),
        "starts_with" => Op::StartsWith(first),
        "ends_with" => Op::EndsWith(first),
        "matches" => Op::Matches(match old {
            Op::Matches(p) => p.clone(),
            _ => regex::escape(&first),
        }),
        "lt" => Op::Lt(number),
        "le" => Op::Le(number),
        "gt" => Op::Gt(number),
        "ge" => Op::Ge(number),
        "between" => match old {
            Op::Between(a, b) => Op::Between(*a, *b),
            _ => Op::Between(number, number),
        },
        "has" => Op::Has(first),
        "has_any" => Op::HasAny(strings),
        "has_all" => Op::HasAll(strings),
        "has_none" => Op::HasNone(strings),
        "exists" => Op::Exists,
        _ => Op::Missing,
    }
}

/// Points a predicate at another attribute: keeps the operator and operand
/// when the new attribute takes the same kind of values (another text, another
/// number, a list other than segments), or starts over with the new type's
/// default.
fn retarget(p: &mut Predicate, old: Option<&AttrInfo>, new: &AttrInfo, segments: &[Segment]) {
    let same_values = old.is_some_and(|o| {
        let both_segments = (o.id == attr_id::SEGMENTS) == (new.id == attr_id::SEGMENTS);
        both_segments && (o.ty == new.ty || matches!((o.ty, new.ty), (AttrType::Number(_), AttrType::Number(_))))
    });
    if !(same_values || matches!(p.op, Op::Exists | Op::Missing)) {
        p.op = default_op(new, segments);
    }
    if new.ty != AttrType::Text {
        p.ignore_case = false;
    }
    p.attr = new.path.clone();
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
        let action = predicate_row(ui, p, &rel, "1", Some(Place { index: 0, len: 1 }), walk);
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
        group(ui, cond, &rel, "", None, walk);
    }
}

fn add_button(ui: &mut Ui, text: &str, name: &str, hover: &str) -> bool {
    ui.add(Button::new(text).small()).accessible_name(name).on_hover_text(hover).clicked()
}

fn node(
    ui: &mut Ui,
    cond: &mut Condition,
    rel: &[Key],
    number: &str,
    place: Option<Place>,
    walk: &mut Walk,
) -> Option<RowAction> {
    match cond {
        Condition::Pred(p) => predicate_row(ui, p, rel, number, place, walk),
        _ => group(ui, cond, rel, number, place, walk),
    }
}

fn child_number(number: &str, i: usize) -> String {
    if number.is_empty() { format!("{}", i + 1) } else { format!("{number}.{}", i + 1) }
}

fn group(
    ui: &mut Ui,
    cond: &mut Condition,
    rel: &[Key],
    number: &str,
    place: Option<Place>,
    walk: &mut Walk,
) -> Option<RowAction> {
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
                        node(ui, inner, rel, &inner_number, None, walk);
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
        let action =
            ui.push_id(i, |ui| node(ui, child, &child_rel, &child_number, Some(Place { index: i, len }), walk)).inner;
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

// ---- predicates ------------------------------------------------------------

fn predicate_row(
    ui: &mut Ui,
    p: &mut Predicate,
    rel: &[Key],
    number: &str,
    place: Option<Place>,
    walk: &mut Walk,
) -> Option<RowAction> {
    let mut action = None;
    let mut pattern_error = None;
    let ctx = walk.ctx;
    let segments = &ctx.ruleset.segments;
    let row = ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(number).weak());
        let old = walk.attr(&p.attr);
        let mut attr = p.attr.clone();
        let picked = ui.scope(|ui| {
            let name = format!("Condition {number} attribute");
            pickers::attribute_with(ui, "attr", Naming::Hidden(&name), &walk.attrs, &mut attr)
        });
        walk.mark(&with(rel, "attr"), picked.response.rect);
        if picked.inner
            && let Some(new) = walk.attr(&attr)
        {
            retarget(p, old.as_ref(), &new, segments);
            walk.change(rel);
        }
        let info = walk.attr(&p.attr);

        let ops: Vec<&str> = match &info {
            Some(i) => operators_for(i.ty).to_vec(),
            None => vec![p.op.name()],
        };
        let current = p.op.name();
        let mut chosen = current;
        let op_combo = ComboBox::from_id_salt("op")
            .width(120.0)
            .selected_text(op_label(current))
            .show_ui(ui, |ui| {
                for o in &ops {
                    ui.selectable_value(&mut chosen, *o, op_label(o));
                }
            })
            .response
            .accessible_name(format!("Condition {number} operator"));
        if chosen != current {
            p.op = convert_op(&p.op, chosen, info.as_ref(), segments);
            walk.change(&with(rel, "op"));
        }
        let operand = ui.scope(|ui| operand(ui, p, info.as_ref(), number, segments));
        let op_rect = op_combo.rect.union(operand.response.rect);
        walk.mark(&with(rel, "op"), op_rect);
        let (changed, error) = operand.inner;
        if changed {
            walk.change(&with(rel, "op"));
        }
        pattern_error = error;

        let text_test = matches!(p.op.kind(), OpKind::Equality | OpKind::Text);
        if p.ignore_case || (info.as_ref().is_some_and(|i| i.ty == AttrType::Text) && text_test) {
            let check = ui
                .checkbox(&mut p.ignore_case, "ignore case")
                .accessible_name(format!("Condition {number} ignore case"))
                .on_hover_text("Compare without regard to upper and lower case");
            walk.mark(&with(rel, "ignore_case"), check.rect);
            if check.changed() {
                walk.change(&with(rel, "ignore_case"));
            }
        }
        if let Some(place) = place {
            ui.add_space(8.0);
            action = controls(ui, place, &format!("condition {number}"));
        }
    });
    if let Some((text, error)) = pattern_error {
        ui.indent("pattern-error", |ui| pattern_error_lines(ui, &text, &error, walk.ctx.dark));
    }
    walk.mark(rel, row.response.rect);
    action
}

/// Draws the operand widget for the predicate's attribute type and operator.
/// Returns whether the operand changed and, for a pattern being typed that
/// does not parse, the text and its error.
fn operand(
    ui: &mut Ui,
    p: &mut Predicate,
    info: Option<&AttrInfo>,
    number: &str,
    segments: &[Segment],
) -> (bool, Option<(String, PatternError)>) {
    let name = format!("Condition {number} value");
    let hidden = Naming::Hidden(&name);
    let Some(info) = info else {
        ui.label(RichText::new(p.op.operand()).weak());
        return (false, None);
    };
    let is_segments = info.id == attr_id::SEGMENTS;
    let mut changed = false;
    let mut error = None;
    match (info.ty, &mut p.op) {
        (_, Op::Exists | Op::Missing) => {}
        (AttrType::Country, Op::Is(v) | Op::IsNot(v)) => {
            let mut picked = (!v.is_empty()).then(|| v.clone());
            if pickers::country_with(ui, "value", hidden, false, &mut picked) {
                *v = picked.unwrap_or_default();
                changed = true;
            }
        }
        (AttrType::Country, Op::In(vs) | Op::NotIn(vs)) => changed = pickers::countries_with(ui, "value", hidden, vs),
        (AttrType::Region, Op::Is(v) | Op::IsNot(v)) => {
            let mut picked = (!v.is_empty()).then(|| v.clone());
            if pickers::region_with(ui, "value", hidden, None, false, &mut picked) {
                *v = picked.unwrap_or_default();
                changed = true;
            }
        }
        (AttrType::Region, Op::In(vs) | Op::NotIn(vs)) => {
            changed = pickers::regions_with(ui, "value", hidden, None, vs);
        }
        (AttrType::Enum(choices), Op::Is(v) | Op::IsNot(v)) => {
            let shown = if v.is_empty() { RichText::new("Choose…").weak() } else { RichText::new(v.as_str()) };
            ComboBox::from_id_salt("value")
                .width(120.0)
                .selected_text(shown)
                .show_ui(ui, |ui| {
                    for c in choices {
                        if ui.selectable_label(v.as_str() == *c, *c).clicked() && v.as_str() != *c {
                            *v = (*c).to_owned();
                            changed = true;
                        }
                    }
                })
                .response
                .accessible_name(name.as_str());
        }
        (AttrType::Enum(choices), Op::In(vs) | Op::NotIn(vs)) => {
            let unknown: Vec<String> = vs.iter().filter(|v| !choices.contains(&v.as_str())).cloned().collect();
            let mut next: Vec<String> = Vec::new();
            for c in choices.iter().map(|c| (*c).to_owned()).chain(unknown) {
                let mut on = vs.contains(&c);
                if ui.checkbox(&mut on, c.as_str()).changed() {
                    changed = true;
                }
                if on {
                    next.push(c);
                }
            }
            if changed {
                *vs = next;
            }
        }
        (AttrType::Text, Op::Is(v) | Op::IsNot(v) | Op::Contains(v) | Op::StartsWith(v) | Op::EndsWith(v))
        | (AttrType::List, Op::Has(v))
            if !is_segments =>
        {
            changed = ui
                .add(TextEdit::singleline(v).id_salt("value-text").hint_text("value").desired_width(180.0))
                .accessible_name(name.as_str())
                .changed();
        }
        (AttrType::List, Op::Has(v)) => changed = pickers::segment_with(ui, "value", hidden, segments, v),
        (AttrType::Text, Op::In(vs) | Op::NotIn(vs)) => {
            changed = pickers::chips(ui, "value", &format!("condition {number} value"), "add value", vs);
        }
        (AttrType::List, Op::HasAny(vs) | Op::HasAll(vs) | Op::HasNone(vs)) if is_segments => {
            changed = pickers::segments_with(ui, hidden, segments, vs);
        }
        (AttrType::List, Op::HasAny(vs) | Op::HasAll(vs) | Op::HasNone(vs)) => {
            changed = pickers::chips(ui, "value", &format!("condition {number} value"), "add value", vs);
        }
        (AttrType::Text, Op::Matches(pattern)) => (changed, error) = pattern_field(ui, pattern, &name),
        (AttrType::Number(domain), Op::Lt(n) | Op::Le(n) | Op::Gt(n) | Op::Ge(n)) => {
            changed = number_field(ui, n, domain, &name).changed();
        }
        (AttrType::Number(domain), Op::Between(a, b)) => {
            changed = number_field(ui, a, domain, &format!("Condition {number} lower bound")).changed();
            ui.label("and");
            changed |= number_field(ui, b, domain, &format!("Condition {number} upper bound")).changed();
        }
        (_, op) => {
            ui.label(RichText::new(op.operand()).weak())
                .on_hover_text("This operator does not fit the attribute; choose another operator");
        }
    }
    (changed, error)
}

fn number_field(ui: &mut Ui, n: &mut f64, domain: NumberDomain, name: &str) -> Response {
    let mut field = DragValue::new(n).range(domain.min..=domain.max).clamp_existing_to_range(false);
    field = if domain.integer { field.speed(1.0).fixed_decimals(0) } else { field.speed(1.0).max_decimals(2) };
    ui.add(field).accessible_name(name)
}

/// A pattern field's text while typing; the model only takes valid patterns.
#[derive(Clone, Default)]
struct PatternBuffer {
    /// What the field shows.
    text: String,
    /// The model's pattern when `text` was last in step with it.
    synced: String,
    /// The text last checked, and its error.
    checked: Option<(String, Option<PatternError>)>,
}

/// A regex field checked as you type: a valid pattern goes to the model; an
/// invalid one stays in the field with its error, and the model keeps the
/// last valid pattern.
fn pattern_field(ui: &mut Ui, pattern: &mut String, name: &str) -> (bool, Option<(String, PatternError)>) {
    let id = ui.make_persistent_id("pattern");
    let mut buffer: PatternBuffer = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    if buffer.synced != *pattern || buffer.checked.is_none() {
        buffer.text = pattern.clone();
        buffer.synced = pattern.clone();
    }
    ui.add(
        TextEdit::singleline(&mut buffer.text)
            .id_salt("pattern-text")
            .font(TextStyle::Monospace)
            .hint_text("regular expression")
            .desired_width(200.0),
    )
    .accessible_name(name);
    if buffer.checked.as_ref().is_none_or(|(text, _)| *text != buffer.text) {
        buffer.checked = Some((buffer.text.clone(), check_user_pattern(&buffer.text).err()));
    }
    let mut changed = false;
    let mut error = None;
    match buffer.checked.as_ref().and_then(|(_, e)| e.clone()) {
        None if buffer.text != *pattern => {
            pattern.clone_from(&buffer.text);
            buffer.synced.clone_from(&buffer.text);
            changed = true;
        }
        None => {}
        Some(e) => error = Some((buffer.text.clone(), e)),
    }
    ui.data_mut(|d| d.insert_temp(id, buffer));
    (changed, error)
}

/// The error of a pattern being typed: the message with its position, and
/// the pattern with a caret under that position.
fn pattern_error_lines(ui: &mut Ui, text: &str, error: &PatternError, dark: bool) {
    let color = theme::severity_color(Severity::Error, dark);
    let symbol = theme::severity_symbol(Severity::Error);
    match error.offset {
        Some(at) => {
            let column = text.get(..at).map_or(text.chars().count(), |s| s.chars().count());
            ui.label(
                RichText::new(format!("{symbol} Not a valid pattern at position {}: {}", column + 1, error.message))
                    .color(color),
            );
            ui.label(RichText::new(format!("{text}\n{}^", " ".repeat(column))).monospace().color(color));
        }
        None => {
            ui.label(RichText::new(format!("{symbol} {}", error.message)).color(color));
        }
    }
    ui.weak("The rule keeps its last valid pattern until this one is fixed.");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_a_sentence() {
        let c = Condition::All(vec![
            Condition::pred("geo.country", Op::In(vec!["CA".into(), "NO".into()])),
            Condition::pred("device.type", Op::Is("mobile".into())),
            Condition::Any(vec![
                Condition::pred("cart.value", Op::Between(10.0, 99.5)),
                Condition::Not(Box::new(Condition::pred("customer.segments", Op::Has("vip".into())))),
            ]),
        ]);
        assert_eq!(
            sentence(&c),
            "geo.country is one of CA, NO and device.type is mobile and (cart.value is between 10 and 99.5 or not (customer.segments has vip))"
        );
        assert_eq!(sentence(&Condition::always()), "always");
    }

    #[test]
    fn switching_operators_keeps_operands() {
        assert_eq!(convert_op(&Op::Is("CA".into()), "in", None, &[]), Op::In(vec!["CA".into()]));
        assert_eq!(convert_op(&Op::In(vec!["CA".into(), "NO".into()]), "is_not", None, &[]), Op::IsNot("CA".into()));
        assert_eq!(convert_op(&Op::Gt(3.0), "between", None, &[]), Op::Between(3.0, 3.0));
        assert_eq!(convert_op(&Op::Contains("a.b".into()), "matches", None, &[]), Op::Matches(r"a\.b".into()));
        assert_eq!(convert_op(&Op::Is(String::new()), "in", None, &[]), Op::In(vec![]));
    }

    #[test]
    fn changing_the_attribute_keeps_what_still_fits() {
        let rs = Ruleset::new("t");
        let attrs = Resolver::new(&rs).all_attrs();
        let info = |path: &str| attrs.iter().find(|a| a.path == path).cloned();
        let mut p = Predicate { attr: "geo.city".into(), op: Op::Contains("ton".into()), ignore_case: true };
        retarget(&mut p, info("geo.city").as_ref(), &info("traffic.utm_source").unwrap(), &[]);
        assert_eq!((p.op.clone(), p.ignore_case), (Op::Contains("ton".into()), true), "text to text");
        retarget(&mut p, info("traffic.utm_source").as_ref(), &info("device.type").unwrap(), &[]);
        assert_eq!((p.op.clone(), p.ignore_case), (Op::Is("mobile".into()), false), "text to a choice");
        retarget(&mut p, info("device.type").as_ref(), &info("geo.country").unwrap(), &[]);
        assert_eq!(p.op, Op::In(vec![]));
        p.op = Op::Ge(3.0);
        p.attr = "customer.orders".into();
        retarget(&mut p, info("customer.orders").as_ref(), &info("cart.value").unwrap(), &[]);
        assert_eq!((p.attr.as_str(), p.op.clone()), ("cart.value", Op::Ge(3.0)), "number to number");
    }

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
