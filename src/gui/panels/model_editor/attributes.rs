//! The custom attributes: session fields the ruleset declares, with a type,
//! that rules test as `attributes.<name>`.

use egui::Ui;

use super::rename::{Users, rename_attribute};
use super::{
    Item, ModelState, change, change_everywhere, description_row, grid, heading, id_row, item, label, remove_button,
};
use crate::gui::panels::{Out, View, custom_type_name, unique_id};
use crate::model::{CustomAttribute, CustomType, FieldPath};

/// Draws the custom attributes.
pub(super) fn show(ui: &mut Ui, state: &mut ModelState, users: &Users, view: &View, out: &mut Out) {
    let rs = view.ruleset;
    heading(ui, "Custom attributes", "session fields your rules may test, as attributes.<name>");
    if rs.attributes.is_empty() {
        ui.weak("None declared.");
    }
    for (i, a) in rs.attributes.iter().enumerate() {
        let path = FieldPath::root().field("attributes").index(i);
        let users = users.attribute(&a.name);
        let it = Item { what: "attribute", id: &a.name, users, uses: "test it", fix: "change them" };
        item(ui, &mut state.scrolled_to, view, &path, |ui| {
            grid(("model-attribute", i)).show(ui, |ui| {
                let key = format!("attributes[{i}].name");
                let taken = |n: &str| rs.attributes.iter().any(|a| a.name == n);
                if let Some(name) = id_row(ui, &mut state.pending, view, &it, "Attribute name", &key, taken) {
                    change_everywhere(out, rs, format!("rename attribute `{}`", a.name), Some(key), |new| {
                        rename_attribute(new, &a.name, &name);
                        new.attributes[i].name = name;
                    });
                }
                let l = label(ui, "Type");
                let mut ty = a.ty;
                egui::ComboBox::from_id_salt(("model-attribute-type", i))
                    .selected_text(custom_type_name(ty))
                    .show_ui(ui, |ui| {
                        for t in [CustomType::Text, CustomType::Number, CustomType::List] {
                            ui.selectable_value(&mut ty, t, custom_type_name(t));
                        }
                    })
                    .response
                    .labelled_by(l);
                if ty != a.ty {
                    let label = format!("make attribute `{}` {}", a.name, custom_type_name(ty));
                    change(out, rs, label, None, |new| new.attributes[i].ty = ty);
                }
                ui.end_row();
                if let Some(d) = description_row(ui, &a.description, "what it means") {
                    let key = Some(format!("attributes[{i}].description"));
                    change(out, rs, format!("describe attribute `{}`", a.name), key, |new| {
                        new.attributes[i].description = d;
                    });
                }
            });
            remove_button(ui, &mut state.confirm, view, &it, |new| new.attributes.remove(i), out);
        });
    }
    if ui.button("Add attribute").on_hover_text("Declare a custom attribute").clicked() {
        let name = unique_id("new_attribute", |n| rs.attributes.iter().any(|a| a.name == n));
        change(out, rs, format!("add attribute `{name}`"), None, |new| {
            new.attributes.push(CustomAttribute {
                name: name.clone(),
                ty: CustomType::Text,
                description: String::new(),
            });
        });
    }
}
