//! The desktop studio (eframe/egui).

use std::path::PathBuf;

/// Opens the studio window on a ruleset file.
///
/// # Errors
/// When the window cannot be created.
pub fn run(file: Option<PathBuf>) -> Result<(), String> {
    let _ = file;
    Err("the studio is not built yet".into())
}
