//! The simulator's results: whether they are live, "Save as test", the
//! outcome of every slot and the trace of every rule, filtered by text and
//! slot, with the first failing predicate, what it expected and what the
//! session had.

use std::collections::HashMap;

use egui::{Align, Color32, Layout, RichText, Ui};
use egui_extras::{Column, TableBuilder};

use super::eval::{Eval, Tone, TraceRow};
use super::{SimulatorState, current, error_color, save_test};
use crate::analysis::Severity;
use crate::gui::command::{Command, Tab};
use crate::gui::panels::{Out, View};
use crate::gui::theme;

/// Says whether the results follow the latest edits.
fn status_line(ui: &mut Ui, view: &View) {
    let dark = view.dark;
    let warn = theme::severity_color(Severity::Warning, dark);
    match (view.compiled, current(view)) {
        (None, _) if view.stale => {
            ui.weak("Checking the ruleset…");
        }
        (None, _) => {
            ui.label(
                RichText::new("⊗ The ruleset has errors: fix them (see Problems) to simulate.")
                    .color(error_color(dark)),
            );
        }
        (Some(_), Some(_)) => {
            ui.label(
                RichText::new("✔ Live: results follow every change to the session and the ruleset.")
                    .color(theme::ok_color(dark)),
            );
        }
        (Some(_), None) if view.stale => {
            ui.label(
                RichText::new("⚠ Results use the last version without errors while your latest edits are checked.")
                    .color(warn),
            );
        }
        (Some(_), None) => {
            ui.label(
                RichText::new("⚠ The ruleset has errors: results use the last version without errors.").color(warn),
            );
        }
    }
}

/// Draws the results of the evaluation kept in `state`.
pub(super) fn show(ui: &mut Ui, state: &mut SimulatorState, view: &View, out: &mut Out) {
    status_line(ui, view);
    let Some(eval) = state.eval.take() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Test name");
        ui.add(
            egui::TextEdit::singleline(&mut state.test_name)
                .hint_text("e.g. Canadian iPhone in December")
                .desired_width(220.0),
        )
        .labelled_by(l.id);
        let compiled = current(view);
        let button = ui
            .add_enabled(compiled.is_some(), egui::Button::new("Save as test"))
            .on_hover_text("Keep this session and today's outcome of every slot as a test")
            .on_disabled_hover_text("Tests are saved from the current version; it has errors or is being checked");
        if button.clicked()
            && let Some(compiled) = compiled
        {
            let pinned: Vec<String> =
                eval.outcomes.iter().filter(|o| state.pinned(&o.slot, o.default)).map(|o| o.slot.clone()).collect();
            save_test(state, view, compiled, &pinned, out);
        }
        if let Some((text, ok)) = &state.note {
            let color = if *ok { theme::ok_color(view.dark) } else { error_color(view.dark) };
            ui.label(RichText::new(text).color(color));
            if *ok && text.starts_with("Saved test") && ui.link("Show tests").clicked() {
                out.push(Command::SetTab(Tab::Tests));
            }
        }
    });
    ui.add_space(4.0);
    ui.strong("Outcome per slot").on_hover_text(
        "Pinned slots are what “Save as test” checks; by default those whose outcome is not the slot's default",
    );
    ui.push_id("simulator-outcomes", |ui| outcomes(ui, &eval, &mut state.pins, view, out));
    ui.add_space(6.0);
    ui.strong("Why: every rule, highest priority first")
        .on_hover_text("For a rule that did not match: the first predicate that failed, and what the session had");
    ui.horizontal(|ui| {
        let l = ui.label("Filter rules");
        ui.add(egui::TextEdit::singleline(&mut state.filter).hint_text("id, name or reason").desired_width(180.0))
            .labelled_by(l.id);
        let l = ui.label("Slot");
        let shown = state.slot_filter.clone().unwrap_or_else(|| "all slots".to_owned());
        egui::ComboBox::from_id_salt("simulator-trace-slot")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.slot_filter, None, "all slots");
                for s in &eval.compiled.slots {
                    ui.selectable_value(&mut state.slot_filter, Some(s.id.clone()), &s.id);
                }
            })
            .response
            .labelled_by(l.id);
    });
    let needle = state.filter.trim().to_lowercase();
    let rows: Vec<&TraceRow> = eval
        .rows
        .iter()
        .filter(|r| state.slot_filter.as_ref().is_none_or(|s| r.slots.contains(s)))
        .filter(|r| {
            needle.is_empty()
                || r.rule.to_lowercase().contains(&needle)
                || r.name.to_lowercase().contains(&needle)
                || r.status.contains(&needle)
                || r.reason.to_lowercase().contains(&needle)
        })
        .collect();
    trace_table(ui, &rows, view, out);
    state.eval = Some(eval);
}

fn outcomes(ui: &mut Ui, eval: &Eval, pins: &mut HashMap<String, bool>, view: &View, out: &mut Out) {
    let row_height = ui.spacing().interact_size.y;
    let warn = theme::severity_color(Severity::Warning, view.dark);
    TableBuilder::new(ui)
        .id_salt("simulator-outcomes")
        .striped(true)
        .vscroll(false)
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::exact(36.0))
        .column(Column::auto().at_least(80.0).at_most(170.0).clip(true))
        .column(Column::remainder().at_least(120.0).clip(true))
        .column(Column::initial(210.0).at_least(80.0).clip(true))
        .header(row_height, |mut header| {
            for title in ["Pin", "Slot", "Outcome", "Chosen by"] {
                header.col(|ui| {
                    ui.weak(title);
                });
            }
        })
        .body(|mut body| {
            for o in &eval.outcomes {
                body.row(row_height, |mut row| {
                    row.col(|ui| {
                        let mut pinned = pins.get(&o.slot).copied().unwrap_or(!o.default);
                        let pin =
                            ui.add(egui::Checkbox::without_text(&mut pinned)).on_hover_text(format!("Pin {}", o.slot));
                        if pin.changed() {
                            pins.insert(o.slot.clone(), pinned);
                        }
                    });
                    row.col(|ui| {
                        ui.monospace(&o.slot);
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(RichText::new(&o.outcome).strong()).truncate());
                    });
                    row.col(|ui| {
                        match &o.rule {
                            Some(rule) => rule_link(ui, rule, view, out),
                            None => {
                                ui.weak("default");
                            }
                        }
                        if !o.held_out.is_empty() {
                            ui.label(RichText::new(format!("held out of {}", o.held_out.join(", "))).color(warn))
                                .on_hover_text("These rules matched, but the visitor is in their holdout");
                        }
                    });
                });
            }
        });
}

fn rule_link(ui: &mut Ui, rule: &str, view: &View, out: &mut Out) {
    let name = view.ruleset.rule(rule).map(|r| r.name.as_str()).unwrap_or_default();
    if ui.link(rule).on_hover_text(format!("{name}\nClick to open the rule")).clicked()
        && let Some(i) = view.ruleset.rule_index(rule)
    {
        out.push(Command::SelectRule(i));
    }
}

fn tone_color(tone: Tone, ui: &Ui, dark: bool) -> Color32 {
    match tone {
        Tone::Applied => theme::ok_color(dark),
        Tone::Lost => theme::severity_color(Severity::Info, dark),
        Tone::HeldOut => theme::severity_color(Severity::Warning, dark),
        Tone::Inactive => ui.visuals().weak_text_color(),
        Tone::NotMatched => ui.visuals().text_color(),
    }
}

fn trace_table(ui: &mut Ui, rows: &[&TraceRow], view: &View, out: &mut Out) {
    if rows.is_empty() {
        ui.weak("No rule matches the filter.");
        return;
    }
    let row_height = ui.spacing().interact_size.y;
    let height = ui.available_height();
    TableBuilder::new(ui)
        .id_salt("simulator-trace")
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .min_scrolled_height(0.0)
        .max_scroll_height(height)
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::exact(28.0))
        .column(Column::initial(160.0).at_least(80.0).clip(true))
        .column(Column::initial(96.0).at_least(60.0).clip(true))
        .column(Column::remainder().at_least(80.0).clip(true))
        .column(Column::initial(100.0).at_least(60.0).clip(true))
        .header(row_height, |mut header| {
            for title in ["Prio", "Rule", "Status", "Why", "Session has"] {
                header.col(|ui| {
                    ui.add(egui::Label::new(RichText::new(title).weak()).truncate());
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let r = rows[row.index()];
                row.col(|ui| {
                    ui.weak(r.priority.to_string());
                });
                row.col(|ui| rule_link(ui, &r.rule, view, out));
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(RichText::new(r.status).color(tone_color(r.tone, ui, view.dark))).truncate(),
                    );
                });
                row.col(|ui| {
                    let why = ui.add(egui::Label::new(&r.reason).truncate());
                    if !r.expected.is_empty() {
                        why.on_hover_text(format!(
                            "{}\nExpected: {}\nThe session has: {}{}",
                            r.reason,
                            r.expected,
                            r.actual,
                            if r.derived { " (derived)" } else { "" }
                        ));
                    }
                });
                row.col(|ui| {
                    if r.derived {
                        ui.label(RichText::new(&r.actual).italics())
                            .on_hover_text("Derived from the session, not given in it");
                        ui.weak("derived");
                    } else {
                        ui.add(egui::Label::new(&r.actual).truncate());
                    }
                });
            });
        });
}
