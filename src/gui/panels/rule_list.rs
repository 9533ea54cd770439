//! The rule list: every rule in decision order (priority, then file order),
//! searchable by name, id or tag, with enable toggles, error, warning and
//! health badges, and buttons to add, move, duplicate and delete. Archived
//! rules are hidden unless asked for. Rows are virtualised, so thousands of
//! rules scroll smoothly.

use std::collections::HashMap;

use egui::{RichText, Ui};

use super::batch::charts::count;
use super::health::{badges, is_archived};
use super::{Out, View};
use crate::analysis::Severity;
use crate::gui::command::Command;
use crate::gui::document::Edit;
use crate::gui::theme::{severity_color, severity_symbol};
use crate::model::Ruleset;

/// The list's own state.
#[derive(Default)]
pub struct ListState {
    /// The search text.
    pub search: String,
    /// Give the search box focus on the next frame.
    pub focus_search: bool,
    /// Scroll the selected rule into view on the next frame (as little as
    /// needed: a rule already in view does not move).
    pub scroll_to_selected: bool,
    /// The list's scroll offset and visible height in the last frame.
    viewport: (f32, f32),
    /// Show archived rules too.
    pub show_archived: bool,
    badges: (u64, HashMap<String, (usize, usize)>),
    /// The rows shown and how many rules are archived, with what they were
    /// worked out from: sorting and filtering 10,000 rules every frame would
    /// cost more than the rest of the frame.
    rows: Option<(RowsOf, Vec<usize>, usize)>,
}

/// What the list's rows depend on.
#[derive(Clone, PartialEq)]
struct RowsOf {
    generation: u64,
    needle: String,
    show_archived: bool,
    selected: Option<usize>,
}

/// The rules in decision order: priority descending, then file order.
pub fn decision_order(ruleset: &Ruleset) -> Vec<usize> {
    let rules = &ruleset.rules;
    let mut order: Vec<usize> = (0..rules.len()).collect();
    order.sort_by_key(|&i| crate::model::decision_key(rules[i].priority, i));
    order
}

fn matches(view: &View, i: usize, needle: &str) -> bool {
    if needle.is_empty() {
        return true;
    }
    let r = &view.ruleset.rules[i];
    r.name.to_lowercase().contains(needle)
        || r.id.to_lowercase().contains(needle)
        || r.tags.iter().any(|t| t.to_lowercase().contains(needle))
}

/// Up or Down pressed while no text field has the keyboard: a step through the list.
fn arrow_step(ui: &Ui) -> Option<isize> {
    if ui.ctx().egui_wants_keyboard_input() {
        return None;
    }
    ui.input_mut(|i| {
        if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowDown) {
            Some(1)
        } else if i.consume_key(egui::Modifiers::NONE, egui::Key::ArrowUp) {
            Some(-1)
        } else {
            None
        }
    })
}

/// Draws the list.
pub fn show(ui: &mut Ui, state: &mut ListState, view: &View, selected: Option<usize>, out: &mut Out) {
    if let Some(checked) = view.checked
        && state.badges.0 != checked.generation
    {
        let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
        // The first rule with each id, as `Ruleset::rule_index` finds it.
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, rule) in view.ruleset.rules.iter().enumerate() {
            first.entry(rule.id.as_str()).or_insert(i);
        }
        for d in &checked.analysis.diagnostics {
            for i in super::rules_named(d, |id| first.get(id).copied()) {
                let c = counts.entry(view.ruleset.rules[i].id.clone()).or_default();
                match d.severity {
                    Severity::Error => c.0 += 1,
                    Severity::Warning => c.1 += 1,
                    Severity::Info => {}
                }
            }
        }
        state.badges = (checked.generation, counts);
    }
    ui.horizontal(|ui| {
        ui.heading("Rules");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("New rule").on_hover_text("Add a rule (after the selected one)").clicked() {
                out.push(Command::NewRule);
            }
        });
    });
    let search_id = egui::Id::unique("rule-search");
    if std::mem::take(&mut state.focus_search) {
        // Focused before it is drawn, so what is typed in this frame lands in it.
        ui.memory_mut(|m| m.request_focus(search_id));
    }
    let search = super::labelled(ui, "Search", |ui| {
        ui.add(
            egui::TextEdit::singleline(&mut state.search)
                .id(search_id)
                .hint_text("name, id or tag")
                .desired_width(f32::INFINITY),
        )
    });
    let into_results = search.has_focus() && ui.input(|i| i.key_pressed(egui::Key::ArrowDown));
    if let Some(i) = selected.filter(|i| *i < view.ruleset.rules.len()) {
        ui.horizontal_wrapped(|ui| {
            if ui.button("Move up").on_hover_text("Raise above the rule before it").clicked() {
                out.push(Command::MoveRule { index: i, up: true });
            }
            if ui.button("Move down").on_hover_text("Lower below the rule after it").clicked() {
                out.push(Command::MoveRule { index: i, up: false });
            }
            if ui.button("Duplicate").clicked() {
                out.push(Command::DuplicateRule(i));
            }
            if ui.button("Delete").on_hover_text("Delete the selected rule (Delete)").clicked() {
                out.push(Command::AskDeleteRule(i));
            }
        });
    }
    let needle = state.search.trim().to_lowercase();
    let of = RowsOf { generation: view.generation, needle, show_archived: state.show_archived, selected };
    let (rows, archived) = match state.rows.take() {
        Some((was, rows, archived)) if was == of => (rows, archived),
        _ => {
            let archived = view.ruleset.rules.iter().filter(|r| is_archived(r)).count();
            let rows: Vec<usize> = decision_order(view.ruleset)
                .into_iter()
                .filter(|i| of.show_archived || !is_archived(&view.ruleset.rules[*i]) || selected == Some(*i))
                .filter(|i| matches(view, *i, &of.needle))
                .collect();
            (rows, archived)
        }
    };
    let rows = state.rows.insert((of, rows, archived)).1.clone();
    if archived > 0 {
        ui.checkbox(&mut state.show_archived, format!("Show archived ({archived})"))
            .on_hover_text("Archived rules are off and tagged `archived`; they stay in the file");
    }
    ui.separator();
    if rows.is_empty() {
        ui.weak(if view.ruleset.rules.is_empty() { "No rules yet." } else { "No rule matches the search." });
        return;
    }
    if into_results {
        // Down in the search box moves into the results.
        search.surrender_focus();
        out.push(Command::SelectRule(rows[0]));
    } else if let Some(step) = arrow_step(ui) {
        let at = selected.and_then(|s| rows.iter().position(|r| *r == s));
        let next = match at {
            Some(p) => p.saturating_add_signed(step).min(rows.len() - 1),
            None => 0,
        };
        if Some(rows[next]) != selected {
            out.push(Command::SelectRule(rows[next]));
        }
    }
    let row_height = ui.spacing().interact_size.y + 4.0;
    let mut scroll = egui::ScrollArea::vertical().auto_shrink([false, false]);
    if std::mem::take(&mut state.scroll_to_selected)
        && let Some(pos) = selected.and_then(|s| rows.iter().position(|r| *r == s))
    {
        let pitch = row_height + ui.spacing().item_spacing.y;
        let (offset, height) = state.viewport;
        if let Some(to) = reveal(pos, pitch, offset, height) {
            scroll = scroll.vertical_scroll_offset(to);
        }
    }
    let shown = scroll.show_rows(ui, row_height, rows.len(), |ui, range| {
        for &i in &rows[range] {
            let rule = &view.ruleset.rules[i];
            ui.horizontal(|ui| {
                ui.set_min_height(row_height);
                // Long names are cut with "…" (the full name on hover): the
                // list never widens to fit one.
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                let mut enabled = rule.enabled;
                let toggle =
                    ui.add(egui::Checkbox::without_text(&mut enabled)).on_hover_text(format!("Enable {}", rule.id));
                if toggle.changed() {
                    let mut changed = rule.clone();
                    changed.enabled = enabled;
                    out.push(Command::Edit(Edit::UpdateRule { index: i, rule: Box::new(changed), key: None }));
                }
                let (errors, warnings) = state.badges.1.get(&rule.id).copied().unwrap_or_default();
                let mut text = RichText::new(format!("{:>4}  {}", rule.priority, rule.name));
                if !rule.enabled {
                    text = text.weak().strikethrough();
                }
                // Badges on the right, the name in what is left, cut with "…".
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if let Some(found) = view.health.get(&rule.id) {
                        badges::show(ui, found, view.dark);
                    }
                    if warnings > 0 {
                        ui.label(
                            RichText::new(format!("{} {warnings}", severity_symbol(Severity::Warning)))
                                .color(severity_color(Severity::Warning, view.dark)),
                        )
                        .on_hover_text(count(warnings, "warning", "warnings"));
                    }
                    if errors > 0 {
                        ui.label(
                            RichText::new(format!("{} {errors}", severity_symbol(Severity::Error)))
                                .color(severity_color(Severity::Error, view.dark)),
                        )
                        .on_hover_text(count(errors, "error", "errors"));
                    }
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        let row = ui
                            .selectable_label(selected == Some(i), text)
                            .on_hover_text(format!("{}\nid: {}", rule.name, rule.id));
                        if row.clicked() {
                            out.push(Command::SelectRule(i));
                        }
                    });
                });
            });
        }
    });
    state.viewport = (shown.state.clamped_offset().y, shown.inner_rect.height());
}

/// The scroll offset that brings row `pos` (rows `pitch` apart) into a view
/// of `height` scrolled to `offset`, moving as little as possible, with a
/// row of context where there is room; `None` when it is already in view.
fn reveal(pos: usize, pitch: f32, offset: f32, height: f32) -> Option<f32> {
    let top = pos as f32 * pitch;
    if height <= 0.0 {
        // Not laid out yet: a few rows of context above.
        return Some((top - 3.0 * pitch).max(0.0));
    }
    let context = if height >= 4.0 * pitch { pitch } else { 0.0 };
    if top - context < offset {
        Some((top - context).max(0.0))
    } else if top + pitch + context > offset + height {
        Some(top + pitch + context - height)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::reveal;

    #[test]
    fn reveal_moves_as_little_as_needed() {
        // Rows 10 px apart, a view of 100 px (10 rows).
        let cases = [
            (5, 0.0, None, "in view: nothing moves"),
            (9, 0.0, Some(10.0), "last row: one row down, and one of context"),
            (20, 0.0, Some(120.0), "below: its bottom and a row of context at the view's bottom"),
            (3, 50.0, Some(20.0), "above: its top and a row of context at the view's top"),
            (0, 50.0, Some(0.0), "the first row: to the top"),
        ];
        for (pos, offset, want, why) in cases {
            assert_eq!(reveal(pos, 10.0, offset, 100.0), want, "{why}");
        }
        assert_eq!(reveal(20, 10.0, 0.0, 0.0), Some(170.0), "before the first layout: three rows above");
    }
}
