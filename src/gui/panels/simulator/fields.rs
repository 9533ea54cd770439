//! The rows the session form is made of: a right-aligned label column,
//! collapsible sections, text fields for optional strings, fields whose text
//! is parsed (numbers, amounts, timestamps) and kept as typed while it does
//! not parse, combos for derived values, and chips for lists.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;
use egui::{RichText, TextWrapMode, Ui};

use super::error_color;
use crate::gui::panels::pickers::inline_chips;
use crate::model::{Amount, fmt_number};

/// Width of the form's label column.
const LABEL_WIDTH: f32 = 140.0;

/// Pads so that `text` ends at the label column's right edge.
pub(super) fn pad(ui: &mut Ui, text: &str) {
    let width = egui::WidgetText::from(text)
        .into_galley(ui, Some(TextWrapMode::Extend), f32::INFINITY, egui::TextStyle::Body)
        .size()
        .x;
    ui.add_space((LABEL_WIDTH - width).max(0.0));
}

/// A right-aligned label in the form's label column.
pub(super) fn form_label(ui: &mut Ui, text: &str) -> egui::Response {
    pad(ui, text);
    ui.label(text)
}

/// A line under a field, aligned with the fields.
pub(super) fn under(ui: &mut Ui, text: RichText) {
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        ui.add(egui::Label::new(text).wrap());
    });
}

/// A collapsible section of the form, open at first.
pub(super) fn section(ui: &mut Ui, title: &str, add: impl FnOnce(&mut Ui)) {
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt(("simulator-section", title))
        .default_open(true)
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = 3.0;
            add(ui);
        });
}

/// A text field for an optional string: empty means absent.
pub(super) fn text_row(ui: &mut Ui, label: &str, hint: &str, value: &mut Option<String>) -> bool {
    ui.horizontal(|ui| {
        let l = form_label(ui, label);
        let mut text = value.clone().unwrap_or_default();
        let r = ui
            .add(egui::TextEdit::singleline(&mut text).hint_text(hint).desired_width(f32::INFINITY))
            .labelled_by(l.id);
        if r.changed() {
            *value = (!text.is_empty()).then_some(text);
        }
        r.changed()
    })
    .inner
}

/// A field whose text is parsed. The text is kept as typed while it does not
/// parse, with the error under it; returns the new value when the text
/// changed and parses.
pub(super) fn parsed_row<T>(
    ui: &mut Ui,
    texts: &mut HashMap<String, String>,
    key: &str,
    label: &str,
    hint: &str,
    initial: impl FnOnce() -> String,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Option<T> {
    let text = texts.entry(key.to_owned()).or_insert_with(initial);
    let changed = ui
        .horizontal(|ui| {
            let l = form_label(ui, label);
            ui.add(egui::TextEdit::singleline(text).hint_text(hint).desired_width(f32::INFINITY))
                .labelled_by(l.id)
                .changed()
        })
        .inner;
    match parse(text) {
        Ok(value) => changed.then_some(value),
        Err(e) => {
            let dark = ui.visuals().dark_mode;
            under(ui, RichText::new(e).color(error_color(dark)));
            None
        }
    }
}

/// A field for an optional value (empty: absent), shown with `show` and read
/// with `parse`.
fn optional_row<T: Copy>(
    ui: &mut Ui,
    texts: &mut HashMap<String, String>,
    key: &str,
    label: &str,
    value: &mut Option<T>,
    show: impl Fn(T) -> String,
    parse: impl Fn(&str) -> Result<Option<T>, String>,
) {
    let current = *value;
    if let Some(v) = parsed_row(ui, texts, key, label, "", || current.map(show).unwrap_or_default(), parse) {
        *value = v;
    }
}

/// An optional whole number field (empty: absent).
pub(super) fn count_row(
    ui: &mut Ui,
    texts: &mut HashMap<String, String>,
    key: &str,
    label: &str,
    value: &mut Option<u32>,
) {
    optional_row(ui, texts, key, label, value, |n| n.to_string(), parse_count);
}

/// An optional amount of money field (empty: absent).
pub(super) fn amount_row(
    ui: &mut Ui,
    texts: &mut HashMap<String, String>,
    key: &str,
    label: &str,
    value: &mut Option<Amount>,
) {
    optional_row(ui, texts, key, label, value, |n| fmt_number(n.get()), parse_amount);
}

fn parse_count(text: &str) -> Result<Option<u32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u32>().map(Some).map_err(|_| format!("`{t}` is not a whole number of at least 0"))
}

fn parse_amount(text: &str) -> Result<Option<Amount>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let n = t.parse::<f64>().map_err(|_| format!("`{t}` is not a number"))?;
    Amount::new(n).map(Some).map_err(|e| e.to_string())
}

pub(super) fn parse_number(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite()).map(Some).ok_or_else(|| format!("`{t}` is not a number"))
}

/// Reads a timestamp written as `YYYY-MM-DD HH:MM[:SS]` in `tz`, or as RFC 3339.
pub(super) fn parse_timestamp(text: &str, tz: Tz) -> Result<Option<DateTime<FixedOffset>>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(instant) = DateTime::parse_from_rfc3339(t) {
        return Ok(Some(instant));
    }
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, format) {
            return match tz.from_local_datetime(&naive) {
                LocalResult::Single(local) => Ok(Some(local.fixed_offset())),
                LocalResult::Ambiguous(earlier, _) => Ok(Some(earlier.fixed_offset())),
                LocalResult::None => Err(format!("{t} does not exist in {tz}: the clocks skip that hour")),
            };
        }
    }
    Err(format!("write YYYY-MM-DD HH:MM ({tz} time) or RFC 3339, e.g. 2026-12-10T15:00:00-05:00"))
}

/// Writes an instant as local time in `tz`, as [`parse_timestamp`] reads it.
pub(super) fn format_timestamp(instant: &DateTime<FixedOffset>, tz: Tz) -> String {
    let local = instant.with_timezone(&tz);
    let format = if local.second() == 0 { "%Y-%m-%d %H:%M" } else { "%Y-%m-%d %H:%M:%S" };
    local.format(format).to_string()
}

/// A combo for an optional value that is derived when absent.
pub(super) fn derived_combo<T: Copy + PartialEq + std::fmt::Display>(
    ui: &mut Ui,
    id_salt: &str,
    label: &str,
    derived: String,
    all: &[T],
    value: &mut Option<T>,
) -> egui::Response {
    let mut changed = false;
    let mut response = ui
        .horizontal(|ui| {
            let l = form_label(ui, label);
            let shown = match value {
                Some(v) => format!("{v} (set here)"),
                None => derived.clone(),
            };
            egui::ComboBox::from_id_salt(id_salt)
                .selected_text(shown)
                .width(ui.available_width())
                .show_ui(ui, |ui| {
                    changed |= ui.selectable_value(value, None, format!("Derived: {derived}")).changed();
                    for v in all {
                        changed |= ui.selectable_value(value, Some(*v), v.to_string()).changed();
                    }
                })
                .response
                .labelled_by(l.id)
        })
        .inner;
    if changed {
        response.mark_changed();
    }
    response
}

/// A list of strings as chips in a form row; what is typed into its "add"
/// box is kept in `adding` under `key`. Returns whether the list changed.
pub(super) fn chips_row(
    ui: &mut Ui,
    adding: &mut HashMap<String, String>,
    key: &str,
    label: &str,
    what: &str,
    values: &mut Vec<String>,
) -> bool {
    ui.horizontal_wrapped(|ui| {
        let l = form_label(ui, label);
        inline_chips(ui, l.id, what, values, adding.entry(key.to_owned()).or_default())
    })
    .inner
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_local_time_or_rfc3339() {
        let tz: Tz = "America/Toronto".parse().unwrap();
        let t = parse_timestamp("2026-12-10 15:00", tz).unwrap().unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-10T15:00:00-05:00");
        let t = parse_timestamp("2026-07-01T12:00:00Z", tz).unwrap().unwrap();
        assert_eq!(format_timestamp(&t, tz), "2026-07-01 08:00");
        assert_eq!(parse_timestamp("  ", tz).unwrap(), None);
        assert!(parse_timestamp("10/12/2026", tz).unwrap_err().contains("YYYY-MM-DD HH:MM"));
        assert!(parse_timestamp("2026-03-08 02:30", tz).unwrap_err().contains("does not exist"));
    }
}
