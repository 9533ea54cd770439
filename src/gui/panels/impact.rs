//! Change impact against another version (being written).

use egui::Ui;

use super::{Out, View};
use crate::gui::dialogs::FileDialogs;

/// The impact tab's own state.
#[derive(Default)]
pub struct ImpactState {}

/// Draws the impact tab.
pub fn show(ui: &mut Ui, _state: &mut ImpactState, _view: &View, _dialogs: &mut dyn FileDialogs, _out: &mut Out) {
    ui.label("Impact");
}
