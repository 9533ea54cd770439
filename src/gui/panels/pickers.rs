//! Pickers for typed values: countries and regions with names and search,
//! segments, attributes grouped by family. (First version; being improved.)

use egui::Ui;

use crate::compile::resolve::AttrInfo;
use crate::derive::geo;
use crate::model::Segment;

/// Picks one country (or none); returns whether it changed.
pub fn country(ui: &mut Ui, id_salt: &str, label: &str, value: &mut Option<String>) -> bool {
    let mut changed = false;
    let shown = value.as_deref().map_or("(none)".to_owned(), |c| format!("{c} {}", geo::country_name(c).unwrap_or("")));
    super::labelled(ui, label, |ui| {
        egui::ComboBox::from_id_salt(id_salt)
            .selected_text(shown)
            .show_ui(ui, |ui| {
                changed |= ui.selectable_value(value, None, "(none)").changed();
                for p in geo::countries() {
                    changed |=
                        ui.selectable_value(value, Some(p.code.to_owned()), format!("{} {}", p.code, p.name)).changed();
                }
            })
            .response
    });
    changed
}

/// Picks several countries; returns whether the list changed.
pub fn countries(ui: &mut Ui, id_salt: &str, label: &str, values: &mut Vec<String>) -> bool {
    let mut changed = false;
    super::labelled(ui, label, |ui| {
        egui::ComboBox::from_id_salt(id_salt)
            .selected_text(values.join(", "))
            .show_ui(ui, |ui| {
                for p in geo::countries() {
                    let mut on = values.iter().any(|v| v == p.code);
                    if ui.checkbox(&mut on, format!("{} {}", p.code, p.name)).changed() {
                        changed = true;
                        if on {
                            values.push(p.code.to_owned());
                        } else {
                            values.retain(|v| v != p.code);
                        }
                    }
                }
            })
            .response
    });
    changed
}

/// Picks one region (of `country` when given); returns whether it changed.
pub fn region(ui: &mut Ui, id_salt: &str, label: &str, country: Option<&str>, value: &mut Option<String>) -> bool {
    let mut changed = false;
    let list = country.map_or(geo::regions(), geo::regions_of);
    let shown = value.as_deref().map_or("(none)".to_owned(), |c| format!("{c} {}", geo::region_name(c).unwrap_or("")));
    super::labelled(ui, label, |ui| {
        egui::ComboBox::from_id_salt(id_salt)
            .selected_text(shown)
            .show_ui(ui, |ui| {
                changed |= ui.selectable_value(value, None, "(none)").changed();
                for p in list {
                    changed |=
                        ui.selectable_value(value, Some(p.code.to_owned()), format!("{} {}", p.code, p.name)).changed();
                }
            })
            .response
    });
    changed
}

/// Picks segments from the ruleset's; returns whether the list changed.
pub fn segments(ui: &mut Ui, label: &str, all: &[Segment], values: &mut Vec<String>) -> bool {
    let mut changed = false;
    ui.horizontal_wrapped(|ui| {
        ui.label(label);
        for s in all {
            let mut on = values.contains(&s.id);
            if ui.checkbox(&mut on, &s.id).changed() {
                changed = true;
                if on {
                    values.push(s.id.clone());
                } else {
                    values.retain(|v| *v != s.id);
                }
            }
        }
    });
    changed
}

/// Picks an attribute, grouped by family; returns whether it changed.
pub fn attribute(ui: &mut Ui, id_salt: &str, label: &str, attrs: &[AttrInfo], value: &mut String) -> bool {
    let mut changed = false;
    super::labelled(ui, label, |ui| {
        egui::ComboBox::from_id_salt(id_salt)
            .selected_text(value.clone())
            .show_ui(ui, |ui| {
                for a in attrs {
                    changed |=
                        ui.selectable_value(value, a.path.clone(), format!("{} ({})", a.label, a.path)).changed();
                }
            })
            .response
    });
    changed
}
