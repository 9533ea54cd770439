//! Opening, selecting, deleting with confirmation, undo and redo, the
//! unsaved-changes prompt, saving.

use egui_kittest::kittest::Queryable;
use rulestudio::gui::dialogs::Prompt;

use super::{demo_copy, settle, studio};

#[test]
fn opens_the_demo_and_checks_it_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    assert_eq!(h.state().document().ruleset.rules.len(), 33);
    assert!(!h.get_all_by_label_contains("Black Friday week hero").collect::<Vec<_>>().is_empty());
    h.get_by_label_contains("0 errors, 0 warnings");
    assert!(!h.state().document().is_dirty());
    settle(&mut h);
}

#[test]
fn delete_asks_first_and_undo_brings_the_rule_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    h.get_by_label_contains("VIP early access").click();
    h.run();
    h.get_by_label("Delete").click();
    h.run();
    assert!(matches!(h.state().prompt(), Some(Prompt::DeleteRule(_))));
    assert_eq!(h.state().document().ruleset.rules.len(), 33, "nothing deleted before confirming");
    h.get_all_by_label("Delete").last().unwrap().click();
    h.run();
    assert_eq!(h.state().document().ruleset.rules.len(), 32);
    assert!(h.state().document().ruleset.rule("vip-early-access").is_none());
    assert!(h.state().document().is_dirty());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert!(h.state().document().ruleset.rule("vip-early-access").is_some(), "undo");
    h.key_press_modifiers(egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT), egui::Key::Z);
    h.run();
    assert!(h.state().document().ruleset.rule("vip-early-access").is_none(), "redo");
}

#[test]
fn unsaved_changes_prompt_on_new_and_save_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    h.get_by_label("Enable bf-2026-hero").click();
    h.run();
    assert!(h.state().document().is_dirty());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(matches!(h.state().prompt(), Some(Prompt::Unsaved(_))));
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().prompt().is_none());
    assert_eq!(h.state().document().ruleset.rules.len(), 33, "cancel keeps the document");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().document().is_dirty());
    let saved = rulestudio::format::load_ruleset(&path).unwrap().ruleset;
    assert!(!saved.rule("bf-2026-hero").unwrap().enabled);
    assert!(dir.path().join("demo-store.rules.ron.bak").exists());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(h.state().prompt().is_none(), "no prompt when saved");
    assert_eq!(h.state().document().ruleset.rules.len(), 0);
}
