//! The rule editor (being written).

use egui::Ui;

use super::{Out, View};

/// The editor's own state.
#[derive(Default)]
pub struct EditorState {}

/// Draws the editor for rule `index`.
pub fn show(ui: &mut Ui, _state: &mut EditorState, view: &View, index: usize, _out: &mut Out) {
    if let Some(rule) = view.ruleset.rules.get(index) {
        ui.heading(&rule.name);
    }
}
