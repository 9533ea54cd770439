//! No lost work: files changed on disk, files that fail to load (crash
//! recovery is in [`super::recovery`]).

use egui_kittest::kittest::Queryable;
use rulestudio::gui::dialogs::Prompt;

use super::{demo_copy, studio};

#[test]
fn saving_over_a_file_changed_on_disk_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], &dir.path().join("recovery"));
    h.get_by_label("Enable bf-2026-hero").click();
    h.run();
    // Another program changes the file.
    let other = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Northwind Outfitters", "Northwind Outfitters (edited elsewhere)");
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&path, &other).unwrap();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert_eq!(h.state().prompt(), Some(&Prompt::ChangedOnDisk));
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), other, "cancel leaves the other program's version");
    assert!(h.state().document().is_dirty());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    h.get_by_label("Overwrite").click();
    h.run();
    assert!(!h.state().document().is_dirty());
    let saved = rulestudio::format::load_ruleset(&path).unwrap().ruleset;
    assert!(!saved.rule("bf-2026-hero").unwrap().enabled);
    let written = std::fs::read_to_string(&path).unwrap();
    assert_eq!(written, rulestudio::format::to_ron(&saved).unwrap(), "the other program's layout cannot be kept");
    assert!(dir.path().join("demo-store.rules.ron.bak").exists());
}

#[test]
fn saving_changes_only_the_edited_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let original = std::fs::read_to_string(&path).unwrap();
    let mut h = studio(Some(&path), vec![], &dir.path().join("recovery"));
    h.get_by_label("Enable bf-2026-hero").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().document().is_dirty());
    let saved = std::fs::read_to_string(&path).unwrap();
    // The new field, and the rule's `updated` date moved to today.
    let today = format!("            updated: \"{}\",\n", super::today());
    assert_eq!(crate::support::changed_lines(&original, &saved), 3, "{saved}");
    assert!(saved.contains("            enabled: false,\n"), "{saved}");
    assert!(saved.contains(&today), "{saved}");
    // A second save after another edit splices into what was just written:
    // only the date differs from the original.
    h.get_by_label("Enable bf-2026-hero").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    let again = std::fs::read_to_string(&path).unwrap();
    assert_eq!(crate::support::changed_lines(&original, &again), 2, "{again}");
    assert!(again.contains(&today), "{again}");
}

#[test]
fn a_file_that_fails_to_load_leaves_the_document_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let broken = dir.path().join("broken.rules.ron");
    std::fs::write(&broken, "(\n  name: \"x\",\n  prio: 3,\n)").unwrap();
    let mut h = studio(Some(&path), vec![Some(broken.clone())], &dir.path().join("recovery"));
    h.get_by_label("Enable bf-2026-hero").click();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.get_by_label("Don't save").click();
    h.run();
    h.run();
    let Some(Prompt::Error { message, .. }) = h.state().prompt() else { panic!("{:?}", h.state().prompt()) };
    assert!(message.contains("broken.rules.ron:3:3"), "{message}");
    assert!(message.contains("prio"), "{message}");
    h.get_by_label("OK").click();
    h.run();
    let doc = h.state().document();
    assert_eq!(doc.path.as_deref(), Some(path.as_path()), "still the demo");
    assert_eq!(doc.ruleset.rules.len(), 33);
}
