//! Looks: input fields stand out from the panel in both themes (a fill of
//! their own and a border), and a regex field is wide enough for a real
//! pattern.

use egui_kittest::kittest::Queryable;
use rulestudio::gui::command::Command;

use super::{demo_copy, studio};

/// Relative luminance difference of two colours, 0–255.
fn contrast(a: egui::Color32, b: egui::Color32) -> f32 {
    let luma = |c: egui::Color32| 0.2126 * f32::from(c.r()) + 0.7152 * f32::from(c.g()) + 0.0722 * f32::from(c.b());
    (luma(a) - luma(b)).abs()
}

#[test]
fn fields_stand_out_from_the_panel_in_both_themes() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let h = studio(Some(&path), vec![], dir.path());
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        let style = h.ctx.style_of(theme);
        let v = &style.visuals;
        let fill = v.text_edit_bg_color();
        assert!(contrast(fill, v.panel_fill) >= 5.0, "{theme:?}: field {fill:?} on panel {:?}", v.panel_fill);
        let border = v.widgets.inactive.bg_stroke;
        assert!(border.width >= 1.0, "{theme:?}: fields have a border");
        assert!(contrast(border.color, v.panel_fill) >= 40.0, "{theme:?}: the border shows: {border:?}");
    }
}

#[test]
fn a_regex_field_is_wide_enough_for_a_real_pattern() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    let index = h.state().document().ruleset.rule_index("sale-price-sort").unwrap();
    h.state_mut().command(Command::SelectRule(index));
    h.run();
    let field = h.get_by_label("Condition 1 value");
    assert!(field.rect().width() >= 360.0, "the pattern field is {} wide", field.rect().width());
}
