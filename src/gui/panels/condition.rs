//! The condition editor: nested `all` / `any` / `not` groups and typed
//! predicates. (First version; being written.)

use egui::Ui;

use crate::model::{Condition, FieldPath, Ruleset};

/// What the condition editor needs to know.
pub struct ConditionCtx<'a> {
    /// The ruleset (attributes, segments).
    pub ruleset: &'a Ruleset,
    /// The path of the condition being edited (e.g. `rules[3].when`).
    pub base: FieldPath,
    /// The field a diagnostic points at, to highlight.
    pub highlight: Option<&'a FieldPath>,
    /// Whether the dark theme is on.
    pub dark: bool,
}

/// Edits a condition in place; returns the path (relative to `ctx.base`) of
/// the field changed, for undo coalescing, or `None` when nothing changed.
pub fn edit(ui: &mut Ui, cond: &mut Condition, _ctx: &ConditionCtx) -> Option<String> {
    ui.label(cond.to_string());
    None
}
