//! The single-session simulator (being written).

use egui::Ui;

use super::{Out, View};
use crate::model::Session;

/// The simulator's own state.
#[derive(Default)]
pub struct SimulatorState {
    /// The session being simulated.
    pub session: Session,
}

impl SimulatorState {
    /// Shows a session (a witness, a batch row).
    pub fn load(&mut self, session: Session) {
        self.session = session;
    }
}

/// Draws the simulator.
pub fn show(ui: &mut Ui, state: &mut SimulatorState, _view: &View, _out: &mut Out) {
    ui.label(&state.session.id);
}
