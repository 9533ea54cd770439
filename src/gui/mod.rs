//! The desktop studio (eframe/egui): author rules with typed widgets, see
//! conflicts as you edit, simulate sessions, run tests, compare versions
//! and export. The engine does the work; this module draws it.

pub mod app;
pub mod command;
pub mod dialogs;
pub mod document;
pub mod files;
pub mod history;
pub mod palette;
pub mod panels;
pub mod prefs;
pub mod recovery;
pub mod snapshot;
pub mod theme;
pub mod worker;

use std::path::PathBuf;

pub use app::{Config, StudioApp};

/// Opens the studio window on a ruleset file.
///
/// # Errors
/// When the window cannot be created (no display, no graphics).
pub fn run(file: Option<PathBuf>) -> Result<(), eframe::Error> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("rulestudio")
            .with_app_id("rulestudio")
            .with_inner_size([1400.0, 900.0])
            .with_min_inner_size([900.0, 600.0]),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        "rulestudio",
        options,
        Box::new(move |cc| {
            let config = Config {
                file,
                dialogs: Box::new(dialogs::NativeDialogs::new()),
                recovery_dir: recovery::Recovery::default_dir(),
                restore_prefs: true,
                clock: None,
            };
            Ok(Box::new(StudioApp::new(cc, config)))
        }),
    )
}
