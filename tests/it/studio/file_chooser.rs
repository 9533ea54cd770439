//! File actions on a desktop without native dialogs (no portal, no zenity):
//! the studio's own chooser opens a ruleset, loads sessions for the batch
//! tab and picks an export folder, starting in the ruleset's folder and
//! showing only the files that fit.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::gui::StudioApp;
use rulestudio::gui::command::Command;
use rulestudio::gui::dialogs::{Purpose, ScriptedDialogs};

use super::batch::wait;
use super::{demo_copy, studio_with};
use crate::support::repo;

fn choose(h: &mut Harness<'static, StudioApp>, entry: &str, button: &str) {
    h.get_by_label(entry).click();
    h.run();
    h.get_by_label(button).click();
    // Jobs started by the choice repaint while they run: step, then settle.
    h.run_steps(3);
}

#[test]
fn without_native_dialogs_files_are_chosen_in_the_studio() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let other = dir.path().join("other.rules.ron");
    std::fs::copy(repo("rulesets/conflicts-showcase.rules.ron"), &other).unwrap();
    std::fs::copy(repo("rulesets/sessions/demo-sessions.jsonl"), dir.path().join("visits.jsonl")).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a ruleset").unwrap();
    std::fs::create_dir(dir.path().join("exports")).unwrap();
    let mut h = studio_with(Some(&path), ScriptedDialogs::unavailable(), &dir.path().join("recovery"), false);

    // Batch ▸ Load sessions…: the chooser starts in the ruleset's folder and
    // lists session files, not the text file.
    h.get_by_label("Batch").click();
    h.run();
    h.get_by_label("Load sessions…").click();
    h.run();
    assert_eq!(h.state().files().choosing(), Some(Purpose::BatchSessions));
    assert!(h.query_by_label("🗋 notes.txt").is_none(), "only session files are listed");
    choose(&mut h, "🗋 visits.jsonl", "Open");
    wait(&mut h, "the batch run", |app| !app.ui.batch.is_running() && app.ui.batch.result().is_some());
    assert_eq!(h.state().ui.batch.result().unwrap().report.sessions, 250);
    assert_eq!(h.state().files().choosing(), None);

    // Export ▸ Choose folder…
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    h.get_by_label("Choose folder…").click();
    h.run();
    choose(&mut h, "🗀 exports", "Open");
    h.run();
    assert_eq!(h.state().ui.export.folder.as_deref(), Some(dir.path().join("exports").as_path()));
    h.get_by_label("Close").click();
    h.run();

    // File ▸ Open…
    h.state_mut().command(Command::Open);
    h.run();
    assert_eq!(h.state().files().choosing(), Some(Purpose::OpenRuleset));
    assert!(h.query_by_label("🗋 visits.jsonl").is_none(), "only rulesets are listed");
    choose(&mut h, "🗋 other.rules.ron", "Open");
    super::settle(&mut h);
    assert_eq!(h.state().document().path.as_deref(), Some(other.as_path()));

    // Cancel leaves everything as it was.
    h.state_mut().command(Command::Open);
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().files().choosing(), None);
    assert_eq!(h.state().document().path.as_deref(), Some(other.as_path()));
}
