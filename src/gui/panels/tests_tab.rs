//! The ruleset's tests (being written).

use egui::Ui;

use super::{Out, View};

/// Draws the tests tab.
pub fn show(ui: &mut Ui, view: &View, _out: &mut Out) {
    ui.label(format!("{} tests", view.ruleset.tests.len()));
}
