//! The export dialog (being written).

use super::{Out, View};
use crate::gui::dialogs::FileDialogs;

/// The dialog's own state.
#[derive(Default)]
pub struct ExportState {
    /// Whether the dialog is open.
    pub open: bool,
}

/// Draws the dialog when open.
pub fn show(
    ctx: &egui::Context,
    state: &mut ExportState,
    _view: &View,
    _dialogs: &mut dyn FileDialogs,
    _out: &mut Out,
) {
    if state.open {
        egui::Modal::new(egui::Id::unique("export")).show(ctx, |ui| {
            if ui.button("Close").clicked() {
                state.open = false;
            }
        });
    }
}
