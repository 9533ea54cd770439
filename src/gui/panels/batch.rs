//! Batch simulation over a session file (being written).

use egui::Ui;

use super::{Out, View};
use crate::gui::dialogs::FileDialogs;

/// The batch tab's own state.
#[derive(Default)]
pub struct BatchState {}

/// Draws the batch tab.
pub fn show(ui: &mut Ui, _state: &mut BatchState, _view: &View, _dialogs: &mut dyn FileDialogs, _out: &mut Out) {
    ui.label("Batch");
}
