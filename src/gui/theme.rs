//! Colours with meaning, readable in light and dark themes, and the
//! studio's adjustments to egui's themes: input fields with a fill and a
//! border that stand out from the panel in both.

use egui::{Color32, Stroke, Theme};

use crate::analysis::Severity;

/// Makes fields visible against panels: a light field with a grey border in
/// the light theme, a dark one with a lighter border in the dark theme.
pub fn install(ctx: &egui::Context) {
    for (theme, fill, border) in [
        (Theme::Light, Color32::WHITE, Color32::from_gray(165)),
        (Theme::Dark, Color32::from_gray(14), Color32::from_gray(80)),
    ] {
        ctx.style_mut_of(theme, |style| {
            style.visuals.text_edit_bg_color = Some(fill);
            style.visuals.widgets.inactive.bg_stroke = Stroke::new(1.0, border);
        });
    }
}

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
