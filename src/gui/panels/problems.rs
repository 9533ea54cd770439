//! The problems panel: every diagnostic of the latest check at once (analysis
//! errors, failing tests, warnings) and the findings of the Measure tab's
//! latest run of this generation (rules that hurt), optionally only those
//! about the selected rule (a diagnostic is about every rule it names).
//! Clicking one selects its rule and highlights the field; the details show
//! the witness session in readable form with a button to simulate it.

use egui::{RichText, Ui};

use super::batch::charts::count;
use super::{Out, View, about_rule, session_lines};
use crate::analysis::{Certainty, Diagnostic, Severity};
use crate::gui::command::Command;
use crate::gui::theme::{ok_color, severity_color, severity_symbol};

/// The panel's own state.
#[derive(Default)]
pub struct ProblemsState {
    /// The diagnostic whose details are shown (index into the latest check).
    pub selected: Option<usize>,
    /// Show notes (overlaps) too.
    pub show_notes: bool,
    /// Show only the problems about the selected rule.
    pub selected_only: bool,
    generation: u64,
}

/// The header line: counts (with `extra` findings) and whether the check is current.
pub fn summary(view: &View, extra: &[Diagnostic], running: Option<f32>) -> String {
    let Some(checked) = view.checked else {
        return "Checking…".to_owned();
    };
    let a = &checked.analysis;
    let n = |s: Severity| a.count(s) + extra.iter().filter(|d| d.severity == s).count();
    let counts = format!(
        "{}, {}, {}",
        count(n(Severity::Error), "error", "errors"),
        count(n(Severity::Warning), "warning", "warnings"),
        count(n(Severity::Info), "note", "notes")
    );
    match (view.stale, running) {
        (true, Some(p)) => format!("{counts} — checking the latest edits… {:.0} %", p * 100.0),
        (true, None) => format!("{counts} — out of date, checking soon"),
        (false, _) => format!("{counts} — checked in {:.2} s", checked.took.as_secs_f32()),
    }
}

fn rule_index(view: &View, d: &Diagnostic) -> Option<usize> {
    d.path.rule_index().or_else(|| d.rules.first().and_then(|id| view.ruleset.rule_index(id)))
}

/// Draws the panel; `extra` are findings from outside the check (measured
/// over sessions), `selected` is the rule selected in the list.
pub fn show(
    ui: &mut Ui,
    state: &mut ProblemsState,
    view: &View,
    extra: &[Diagnostic],
    running: Option<f32>,
    selected: Option<usize>,
    out: &mut Out,
) {
    let Some(checked) = view.checked else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Checking the ruleset…");
        });
        return;
    };
    if state.generation != checked.generation {
        state.generation = checked.generation;
        state.selected = None;
    }
    ui.horizontal(|ui| {
        ui.strong("Problems");
        let text = summary(view, extra, running);
        if view.stale {
            ui.label(RichText::new(text).italics())
                .on_hover_text("The results below are from before your latest edits");
        } else {
            ui.label(text);
        }
        ui.checkbox(&mut state.show_notes, "Show notes");
        let rule = selected.and_then(|i| view.ruleset.rules.get(i));
        ui.add_enabled(rule.is_some(), egui::Checkbox::new(&mut state.selected_only, "Selected rule only"))
            .on_hover_text(rule.map_or_else(String::new, |r| format!("Only the problems about `{}`", r.id)));
    });
    let only = selected.filter(|i| state.selected_only && *i < view.ruleset.rules.len());
    let all: Vec<&Diagnostic> = checked.analysis.diagnostics.iter().chain(extra).collect();
    let about = only.map(|i| about_rule(view.ruleset, i));
    let diags: Vec<(usize, &Diagnostic)> = all
        .iter()
        .copied()
        .enumerate()
        .filter(|(_, d)| state.show_notes || d.severity != Severity::Info)
        .filter(|(_, d)| about.as_ref().is_none_or(|about| about(d)))
        .collect();
    if diags.is_empty() {
        let text = match only.and_then(|i| view.ruleset.rules.get(i)) {
            Some(r) => format!("✔ No problems with `{}`.", r.id),
            None => "✔ No problems: every rule can apply, no conflicts.".to_owned(),
        };
        ui.label(RichText::new(text).color(ok_color(view.dark)));
        return;
    }
    ui.columns(2, |cols| {
        let row_height = cols[0].spacing().interact_size.y;
        egui::ScrollArea::vertical().id_salt("problem-list").auto_shrink([false, false]).show_rows(
            &mut cols[0],
            row_height,
            diags.len(),
            |ui, range| {
                for (index, d) in &diags[range] {
                    let color = severity_color(d.severity, view.dark);
                    let rule = if d.rules.is_empty() { String::new() } else { format!("{}: ", d.rules.join(", ")) };
                    let text =
                        RichText::new(format!("{} {rule}{}", severity_symbol(d.severity), d.message)).color(color);
                    let row = ui
                        .add(egui::Button::selectable(state.selected == Some(*index), text).truncate())
                        .on_hover_text(format!("{} ({})", d.message, d.code));
                    if row.clicked() {
                        state.selected = Some(*index);
                        out.push(Command::ShowProblem { rule: rule_index(view, d), path: d.path.clone() });
                    }
                }
            },
        );
        let ui = &mut cols[1];
        egui::ScrollArea::vertical().id_salt("problem-details").auto_shrink([false, false]).show(ui, |ui| {
            let Some(d) = state.selected.and_then(|i| all.get(i)) else {
                ui.weak("Select a problem to see its details and witness session.");
                return;
            };
            ui.label(
                RichText::new(format!("{} {}", d.severity, d.code))
                    .color(severity_color(d.severity, view.dark))
                    .strong(),
            );
            ui.label(&d.message);
            if let Some(detail) = &d.detail {
                ui.monospace(detail);
            }
            ui.weak(format!("field: {}", d.path));
            if let Some(slot) = &d.slot {
                ui.weak(format!("slot: {slot}"));
            }
            if d.certainty == Certainty::Possible {
                ui.weak("Could not be decided exactly (limits of the analysis): treat as possible.");
            }
            if let Some(w) = &d.witness {
                ui.separator();
                ui.strong("Witness session");
                egui::Grid::new("witness").striped(true).num_columns(2).show(ui, |ui| {
                    for (k, v) in session_lines(w) {
                        ui.monospace(k);
                        ui.add(egui::Label::new(v).wrap());
                        ui.end_row();
                    }
                });
                ui.horizontal(|ui| {
                    if ui.button("Open in simulator").clicked() {
                        out.push(Command::Simulate(Box::new(w.clone())));
                    }
                });
            }
        });
    });
}
