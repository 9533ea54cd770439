//! Crash recovery per document: unsaved work is offered back only when its
//! own document is opened, naming the file and the time of the autosave;
//! "Don't save" and a save delete it.

use std::path::Path;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::gui::StudioApp;
use rulestudio::gui::command::Command;
use rulestudio::gui::dialogs::Prompt;
use rulestudio::gui::recovery::{Owner, Recovery};

use super::{demo_copy, studio};

/// Whether a recovery file of the document at `path` (or untitled) exists.
fn has_recovery(recovery: &Path, owner: &Owner) -> bool {
    Recovery::new(recovery.to_path_buf()).find(owner).is_some()
}

/// Another ruleset next to the demo copy.
fn other_file(dir: &Path) -> std::path::PathBuf {
    let other = dir.join("other.rules.ron");
    std::fs::copy(crate::support::repo("rulesets/demo-store.rules.ron"), &other).unwrap();
    other
}

fn untick_bf_hero(h: &mut Harness<'static, StudioApp>) {
    h.get_by_label("Enable bf-2026-hero").click();
    h.run();
    assert!(h.state().document().is_dirty());
    h.state().flush_recovery();
}

#[test]
fn dont_save_discards_the_work_for_good() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = dir.path().join("recovery");
    let path = demo_copy(dir.path());
    let other = other_file(dir.path());
    {
        let mut h = studio(Some(&path), vec![], &recovery);
        untick_bf_hero(&mut h);
        assert!(has_recovery(&recovery, &Owner::of(Some(path.as_path()), "")), "autosaved while dirty");
        h.state_mut().command(Command::Quit);
        h.step();
        h.run();
        h.get_by_label("Don't save").click();
        h.run();
        h.run();
        h.state().flush_recovery();
        assert!(!has_recovery(&recovery, &Owner::of(Some(path.as_path()), "")), "Don't save deletes the recovery file");
    }
    let h = studio(Some(&other), vec![], &recovery);
    assert_eq!(h.state().prompt(), None, "another file is offered nothing");
    assert_eq!(h.state().document().path.as_deref(), Some(other.as_path()));
    drop(h);
    let h = studio(Some(&path), vec![], &recovery);
    assert_eq!(h.state().prompt(), None, "discarded work is not offered back");
    assert!(h.state().document().ruleset.rule("bf-2026-hero").unwrap().enabled);
}

#[test]
fn crashed_work_is_offered_only_with_its_own_file_then_saved() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = dir.path().join("recovery");
    let path = demo_copy(dir.path());
    let other = other_file(dir.path());
    {
        let mut h = studio(Some(&path), vec![], &recovery);
        untick_bf_hero(&mut h);
        // Dropped without closing: a crash.
    }
    let h = studio(Some(&other), vec![], &recovery);
    assert_eq!(h.state().prompt(), None, "another file is offered nothing");
    drop(h);
    let h = studio(None, vec![], &recovery);
    assert_eq!(h.state().prompt(), None, "a new untitled ruleset is offered nothing");
    drop(h);

    // Opened from the File menu, the document's own work is offered, naming the file and the time.
    let mut h = studio(Some(&other), vec![Some(path.clone())], &recovery);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    h.run();
    h.run();
    let Some(Prompt::Recover(found)) = h.state().prompt() else { panic!("{:?}", h.state().prompt()) };
    let written = found.written.clone();
    assert_eq!(written.len(), "2026-11-21 12:00:00".len(), "{written}");
    let canonical = std::fs::canonicalize(&path).unwrap();
    h.get_by_label_contains(&format!("unsaved changes to {}", canonical.display()));
    h.get_by_label_contains(&format!("autosaved at {written}"));
    h.get_by_label("Recover").click();
    h.run();
    let doc = h.state().document();
    assert!(!doc.ruleset.rule("bf-2026-hero").unwrap().enabled, "the edit is back");
    assert!(doc.is_dirty(), "recovered work still needs saving");
    assert_eq!(doc.path.as_deref(), Some(canonical.as_path()));

    // A save deletes the recovery file.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().document().is_dirty());
    h.state().flush_recovery();
    assert!(!has_recovery(&recovery, &Owner::of(Some(path.as_path()), "")));
    let saved = rulestudio::format::load_ruleset(&path).unwrap().ruleset;
    assert!(!saved.rule("bf-2026-hero").unwrap().enabled);
}

#[test]
fn untitled_work_is_offered_to_a_new_window_not_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = dir.path().join("recovery");
    let path = demo_copy(dir.path());
    {
        let mut h = studio(None, vec![], &recovery);
        h.get_by_label("New rule").click();
        h.run();
        assert_eq!(h.state().document().ruleset.rules.len(), 1);
        h.state().flush_recovery();
    }
    let h = studio(Some(&path), vec![], &recovery);
    assert_eq!(h.state().prompt(), None, "a file is offered nothing");
    drop(h);
    let mut h = studio(None, vec![], &recovery);
    h.get_by_label_contains("an untitled ruleset");
    h.get_by_label("Discard").click();
    h.run();
    h.state().flush_recovery();
    drop(h);
    let h = studio(None, vec![], &recovery);
    assert_eq!(h.state().prompt(), None, "discarded at the offer: gone");
}
