//! Slots, segments and ruleset settings (being written).

use egui::Ui;

use super::{Out, View};

/// The editor's own state.
#[derive(Default)]
pub struct ModelState {}

/// Draws the editor.
pub fn show(ui: &mut Ui, _state: &mut ModelState, view: &View, _out: &mut Out) {
    ui.label(format!("{} slots", view.ruleset.slots.len()));
}
