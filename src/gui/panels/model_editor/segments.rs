//! The segments: listed upstream in `customer.segments`, and optionally
//! computed from a condition edited here.

use egui::Ui;

use super::rename::{Users, rename_segment};
use super::{Item, ModelState, change, change_everywhere, description_row, grid, heading, id_row, item, remove_button};
use crate::gui::panels::condition::{self, ConditionCtx};
use crate::gui::panels::{Out, View, unique_id};
use crate::model::{Condition, FieldPath, Op, Segment};

/// Draws the segments.
pub(super) fn show(ui: &mut Ui, state: &mut ModelState, users: &Users, view: &View, out: &mut Out) {
    let rs = view.ruleset;
    heading(ui, "Segments", "listed upstream in customer.segments, or computed from a condition");
    for (i, seg) in rs.segments.iter().enumerate() {
        let path = FieldPath::root().field("segments").index(i);
        let users = users.segment(&seg.id);
        let it = Item { what: "segment", id: &seg.id, users, uses: "test it", fix: "change them" };
        item(ui, &mut state.scrolled_to, view, &path, |ui| {
            grid(("model-segment", i)).show(ui, |ui| {
                let key = format!("segments[{i}].id");
                let taken = |id: &str| rs.segments.iter().any(|s| s.id == id);
                if let Some(new_id) = id_row(ui, &mut state.pending, view, &it, "Segment id", &key, taken) {
                    change_everywhere(out, rs, format!("rename segment `{}`", seg.id), Some(key), |new| {
                        rename_segment(new, &seg.id, &new_id);
                        new.segments[i].id = new_id;
                    });
                }
                if let Some(d) = description_row(ui, &seg.description, "what the segment is, for people") {
                    let key = Some(format!("segments[{i}].description"));
                    change(out, rs, format!("describe segment `{}`", seg.id), key, |new| {
                        new.segments[i].description = d;
                    });
                }
                ui.label("Membership");
                let mut computed = seg.when.is_some();
                if ui.checkbox(&mut computed, "Also computed from a condition").changed() {
                    change(out, rs, format!("edit the condition of segment `{}`", seg.id), None, |new| {
                        new.segments[i].when =
                            computed.then(|| Condition::All(vec![Condition::pred("customer.orders", Op::Ge(1.0))]));
                    });
                }
                ui.end_row();
            });
            if let Some(when) = &seg.when {
                let base = path.field("when");
                let ctx = ConditionCtx { ruleset: rs, base, highlight: view.highlight, dark: view.dark };
                let mut cond = when.clone();
                ui.indent(("model-segment-when", i), |ui| {
                    if let Some(key) = condition::edit(ui, &mut cond, &ctx)
                        && cond != *when
                    {
                        let key = Some(format!("segments[{i}].when:{key}"));
                        change(out, rs, format!("edit the condition of segment `{}`", seg.id), key, |new| {
                            new.segments[i].when = Some(cond);
                        });
                    }
                });
            }
            remove_button(ui, &mut state.confirm, view, &it, |new| new.segments.remove(i), out);
        });
    }
    if ui.button("Add segment").on_hover_text("Add a segment listed upstream").clicked() {
        let id = unique_id("new-segment", |id| rs.segments.iter().any(|s| s.id == id));
        change(out, rs, format!("add segment `{id}`"), None, |new| {
            new.segments.push(Segment { id: id.clone(), description: String::new(), when: None });
        });
    }
}
