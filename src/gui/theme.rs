//! Colours with meaning, readable in light and dark themes.

use egui::Color32;

use crate::analysis::Severity;

/// The colour of a severity.
pub fn severity_color(severity: Severity, dark: bool) -> Color32 {
    match (severity, dark) {
        (Severity::Error, true) => Color32::from_rgb(255, 110, 100),
        (Severity::Error, false) => Color32::from_rgb(190, 30, 30),
        (Severity::Warning, true) => Color32::from_rgb(240, 200, 80),
        (Severity::Warning, false) => Color32::from_rgb(160, 110, 0),
        (Severity::Info, true) => Color32::from_rgb(120, 170, 255),
        (Severity::Info, false) => Color32::from_rgb(30, 90, 190),
    }
}

/// A short symbol for a severity.
pub fn severity_symbol(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "⊗",
        Severity::Warning => "⚠",
        Severity::Info => "ℹ",
    }
}

/// The colour for a passing check.
pub fn ok_color(dark: bool) -> Color32 {
    if dark { Color32::from_rgb(110, 210, 120) } else { Color32::from_rgb(20, 130, 40) }
}

/// The background of a highlighted field (a diagnostic points at it).
pub fn highlight_fill(dark: bool) -> Color32 {
    if dark {
        Color32::from_rgba_unmultiplied(255, 200, 60, 40)
    } else {
        Color32::from_rgba_unmultiplied(255, 200, 60, 90)
    }
}
