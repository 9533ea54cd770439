//! The ruleset's own settings: its name, description and time zone.

use egui::{Id, PopupCloseBehavior, Ui};

use super::{ModelState, cell, change, error_text, grid, label, lit, text_field};
use crate::derive::time::parse_zone;
use crate::gui::panels::{Out, View};
use crate::model::FieldPath;

/// Draws the settings.
pub(super) fn show(ui: &mut Ui, state: &mut ModelState, view: &View, out: &mut Out) {
    let rs = view.ruleset;
    let root = FieldPath::root();
    ui.heading("Ruleset");
    grid("model-settings").show(ui, |ui| {
        let l = label(ui, "Ruleset name");
        let on = lit(view, &root.field("name"));
        if let Some(name) =
            cell(ui, on, view.dark, |ui| text_field(ui, l, &rs.name, "exports are named after it", false))
        {
            change(out, rs, "rename the ruleset", Some("name".into()), |new| new.name = name);
        }
        ui.end_row();
        let l = label(ui, "Description");
        let on = lit(view, &root.field("description"));
        if let Some(d) =
            cell(ui, on, view.dark, |ui| text_field(ui, l, &rs.description, "what the ruleset is for", true))
        {
            change(out, rs, "edit the description", Some("description".into()), |new| new.description = d);
        }
        ui.end_row();
        let l = label(ui, "Time zone");
        let on = lit(view, &root.field("time_zone"));
        cell(ui, on, view.dark, |ui| time_zone(ui, state, view, l, out));
        ui.end_row();
    });
}

fn time_zone(ui: &mut Ui, state: &mut ModelState, view: &View, labelled_by: Id, out: &mut Out) {
    let current = view.ruleset.time_zone.as_str();
    let mut chosen: Option<&'static str> = None;
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            egui::ComboBox::from_id_salt("model-time-zone")
                .selected_text(current)
                .width(260.0)
                .height(320.0)
                .close_behavior(PopupCloseBehavior::CloseOnClickOutside)
                .show_ui(ui, |ui| {
                    let l = ui.label("Search time zones");
                    ui.add(egui::TextEdit::singleline(&mut state.tz_search).hint_text("e.g. Oslo")).labelled_by(l.id);
                    ui.separator();
                    let needle = state.tz_search.trim().to_lowercase();
                    let mut shown = 0;
                    for tz in chrono_tz::TZ_VARIANTS.iter() {
                        let name = tz.name();
                        if !needle.is_empty() && !name.to_lowercase().contains(&needle) {
                            continue;
                        }
                        shown += 1;
                        if ui.selectable_label(name == current, name).clicked() {
                            chosen = Some(name);
                            ui.close();
                        }
                    }
                    if shown == 0 {
                        ui.weak("No time zone matches.");
                    }
                })
                .response
                .labelled_by(labelled_by)
                .on_hover_text("Schedules, time.weekday and time.hour are read in this zone");
            ui.weak("schedules and time.* use it");
        });
        if let Err(e) = parse_zone(current) {
            error_text(ui, &e.to_string(), view.dark);
        }
    });
    if let Some(name) = chosen
        && name != current
    {
        change(out, view.ruleset, format!("set the time zone to {name}"), Some("time_zone".into()), |new| {
            new.time_zone = name.to_owned();
        });
        state.tz_search.clear();
    }
}
