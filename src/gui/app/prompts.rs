//! The modal window of a [`Prompt`]: unsaved changes, deleting a rule, a
//! file changed on disk, recovering unsaved work, and errors. Its buttons
//! return commands, like every other control; Enter gives the first button's
//! command and Escape closes the prompt (never discarding anything).

use egui::{Context, RichText};

use crate::gui::command::Command;
use crate::gui::dialogs::Prompt;
use crate::gui::document::Document;
use crate::gui::panels::Out;

/// What Enter does in a prompt: its first button.
fn confirm(prompt: &Prompt) -> Command {
    match prompt {
        Prompt::Unsaved(_) => Command::SaveThen,
        Prompt::DeleteRule(i) => Command::DeleteRule(*i),
        Prompt::DeleteTest(i) => Command::DeleteTest(*i),
        Prompt::ReplaceTest(test) => Command::ReplaceTest(test.clone()),
        Prompt::ChangedOnDisk => Command::SaveOverwrite,
        Prompt::Recover(_) => Command::Recover(true),
        Prompt::Error { .. } => Command::DismissPrompt,
    }
}

/// Draws `prompt` in a modal window; its buttons push commands to `out`.
pub(super) fn show(ctx: &Context, prompt: &Prompt, doc: &Document, out: &mut Out) {
    let (enter, escape) = ctx.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
        )
    });
    if enter {
        out.push(confirm(prompt));
        return;
    }
    if escape {
        // Closing a recovery offer keeps the file: it is offered again next time.
        out.push(Command::DismissPrompt);
        return;
    }
    egui::Modal::new(egui::Id::unique("prompt")).show(ctx, |ui| {
        ui.set_max_width(480.0);
        match prompt {
            Prompt::Unsaved(_) => {
                ui.heading("Unsaved changes");
                ui.label(format!("{} has changes that are not saved.", doc.display_name()));
                ui.horizontal(|ui| {
                    if ui.button("Save").clicked() {
                        out.push(Command::SaveThen);
                    }
                    if ui.button("Don't save").clicked() {
                        out.push(Command::Discard);
                    }
                    if ui.button("Cancel").clicked() {
                        out.push(Command::DismissPrompt);
                    }
                });
            }
            Prompt::DeleteRule(i) => {
                let name = doc.ruleset.rules.get(*i).map(|r| format!("{} ({})", r.name, r.id)).unwrap_or_default();
                ui.heading("Delete rule?");
                ui.label(format!("Delete {name}? You can undo this."));
                ui.horizontal(|ui| {
                    if ui.button("Delete").clicked() {
                        out.push(Command::DeleteRule(*i));
                    }
                    if ui.button("Cancel").clicked() {
                        out.push(Command::DismissPrompt);
                    }
                });
            }
            Prompt::DeleteTest(i) => {
                let name = doc.ruleset.tests.get(*i).map(|t| t.name.clone()).unwrap_or_default();
                ui.heading("Delete test?");
                ui.label(format!("Delete the test “{name}”? You can undo this."));
                ui.horizontal(|ui| {
                    if ui.button("Delete test").clicked() {
                        out.push(Command::DeleteTest(*i));
                    }
                    if ui.button("Cancel").clicked() {
                        out.push(Command::DismissPrompt);
                    }
                });
            }
            Prompt::ReplaceTest(test) => {
                let slots: Vec<&str> = test.expect.keys().map(String::as_str).collect();
                ui.heading("Replace the test?");
                ui.label(format!(
                    "A test named “{}” exists. Replace it with this session, expecting today's outcome of {}? You can undo this.",
                    test.name,
                    slots.join(", ")
                ));
                ui.horizontal(|ui| {
                    if ui.button("Replace").clicked() {
                        out.push(Command::ReplaceTest(test.clone()));
                    }
                    if ui.button("Cancel").clicked() {
                        out.push(Command::DismissPrompt);
                    }
                });
            }
            Prompt::ChangedOnDisk => {
                ui.heading("The file changed on disk");
                ui.label(format!(
                    "{} was changed by another program since you opened it. Saving will overwrite those changes (a .bak copy is kept) and write the file in the canonical layout.",
                    doc.display_name()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Overwrite").clicked() {
                        out.push(Command::SaveOverwrite);
                    }
                    if ui.button("Cancel").clicked() {
                        out.push(Command::DismissPrompt);
                    }
                });
            }
            Prompt::Recover(found) => {
                ui.heading("Recover unsaved work?");
                let of = found.original.as_ref().map(|p| p.display().to_string()).unwrap_or_else(|| "an untitled ruleset".into());
                ui.label(format!(
                    "The studio closed with unsaved changes to {of}, autosaved at {} ({} rules). Recover them, or discard them for good?",
                    found.written,
                    found.ruleset.rules.len()
                ));
                ui.horizontal(|ui| {
                    if ui.button("Recover").clicked() {
                        out.push(Command::Recover(true));
                    }
                    if ui.button("Discard").clicked() {
                        out.push(Command::Recover(false));
                    }
                });
            }
            Prompt::Error { title, message } => {
                ui.heading(title);
                ui.label(RichText::new(message).monospace());
                if ui.button("OK").clicked() {
                    out.push(Command::DismissPrompt);
                }
            }
        }
    });
}
