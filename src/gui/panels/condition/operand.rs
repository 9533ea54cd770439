//! The operand of a predicate, by the attribute's type and the operator:
//! country and region pickers, checkboxes or a combo for choices, text
//! fields, regex fields checked as you type, number fields, chips for lists
//! and the ruleset's segments.

use egui::{ComboBox, DragValue, Response, RichText, TextEdit, TextStyle, Ui};

use crate::analysis::Severity;
use crate::gui::panels::pickers::{self, Naming};
use crate::gui::theme;
use crate::model::attribute::{NumberDomain, id as attr_id};
use crate::model::resolve::AttrInfo;
use crate::model::{AttrType, Op, Predicate, Segment};
use crate::validate::pattern::{PatternError, check_user_pattern};

/// Draws the operand widget for the predicate's attribute type and operator.
/// Returns whether the operand changed and, for a pattern being typed that
/// does not parse, the text and its error.
pub(super) fn operand(
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
            // Real patterns are long: the field takes the row's width.
            .desired_width(ui.available_width().max(360.0)),
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
pub(super) fn pattern_error_lines(ui: &mut Ui, text: &str, error: &PatternError, dark: bool) {
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
