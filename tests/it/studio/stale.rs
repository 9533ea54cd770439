//! Never stale: every derived view (problems, tests, export readiness,
//! simulator, batch, impact) records the document generation and input file
//! it was computed for, and says "out of date" and computes again after a
//! recovery, an undo, another file opened, or another session file chosen.

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::gui::StudioApp;

use super::batch::wait;
use super::{demo_copy, settle, studio};
use crate::support::repo;

/// Runs frames; background work may keep requesting them.
fn run(h: &mut Harness<'static, StudioApp>) {
    for _ in 0..3 {
        if h.try_run().is_ok() {
            return;
        }
    }
    h.run();
}

fn sessions() -> PathBuf {
    repo("rulesets/sessions/demo-sessions.jsonl")
}

/// The first `n` demo sessions in a file of their own.
fn first_sessions(dir: &Path, n: usize) -> PathBuf {
    let text = std::fs::read_to_string(sessions()).unwrap();
    let lines: Vec<&str> = text.lines().take(n).collect();
    let path = dir.join(format!("first-{n}.jsonl"));
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    path
}

/// Whether the batch report is of the document's current generation.
fn batch_current(app: &StudioApp) -> bool {
    !app.ui.batch.is_running() && app.ui.batch.result().is_some_and(|r| r.generation == Some(app.document().generation))
}

#[test]
fn recovered_work_is_checked_again_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let recovery = dir.path().join("recovery");
    let path = demo_copy(dir.path());
    {
        let mut h = studio(Some(&path), vec![], &recovery);
        h.get_by_label("Enable students-discount").click();
        run(&mut h);
        h.state().flush_recovery();
        // Dropped without closing: a crash.
    }
    let mut h = studio(Some(&path), vec![], &recovery);
    h.get_by_label("Recover").click();
    run(&mut h);
    settle(&mut h);
    let app = h.state();
    let checked = app.checker().latest().unwrap().clone();
    assert_eq!(checked.generation, app.document().generation, "the check is of the recovered work");
    let failing: Vec<&str> = checked.tests.iter().filter(|t| !t.passed()).map(|t| t.name.as_str()).collect();
    assert_eq!(failing, ["Students get 15 % off"]);
    assert_eq!(checked.tests.len(), 13);

    // The problems panel lists the failing test.
    assert!(h.get_all_by_label_contains("test `Students get 15 % off` fails").count() > 0);
    // The tests tab.
    h.get_by_label("Tests").click();
    run(&mut h);
    h.get_by_label("12 passed, 1 failed");
    assert!(h.get_all_by_label("⊗ Students get 15 % off").count() > 0);
    // The export dialog agrees with itself.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    run(&mut h);
    h.get_by_label_contains("1 of 13 tests fails");
    assert!(h.query_all_by_label_contains("tests pass").next().is_none());
    h.get_by_label_contains("test `Students get 15 % off` fails on slot `cart.offer`");
}

#[test]
fn the_batch_report_follows_edits_undo_and_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let other = dir.path().join("other.rules.ron");
    std::fs::write(&other, std::fs::read_to_string(&path).unwrap().replace("Northwind Outfitters", "Other store"))
        .unwrap();
    let mut h = studio(Some(&path), vec![Some(sessions()), Some(other.clone())], dir.path());
    h.get_by_label("Batch").click();
    run(&mut h);
    h.get_by_label("Load sessions…").click();
    h.step();
    wait(&mut h, "the batch run", batch_current);
    let first = h.state().ui.batch.result().unwrap().generation;

    // An edit: the report says it is out of date, then runs again by itself.
    h.get_by_label("Enable students-discount").click();
    // Two frames: one applies the edit, the next draws the report (the
    // check waits for a pause in typing, so the rerun cannot have started).
    h.step();
    h.step();
    assert!(h.state().ui.batch.out_of_date(h.state().document().generation));
    assert!(h.get_all_by_label_contains("Out of date").count() > 0);
    settle(&mut h);
    wait(&mut h, "the run after the edit", batch_current);
    let edited = h.state().ui.batch.result().unwrap().generation;
    assert_ne!(edited, first);
    assert!(h.query_all_by_label_contains("Out of date").next().is_none());

    // Undo moves the generation too.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    run(&mut h);
    assert!(h.state().document().ruleset.rule("students-discount").unwrap().enabled);
    settle(&mut h);
    wait(&mut h, "the run after undo", batch_current);
    let undone = h.state().ui.batch.result().unwrap().generation;
    assert_ne!(undone, edited);

    // Another file: a new generation no view has seen.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    run(&mut h);
    h.get_by_label("Don't save").click();
    run(&mut h);
    run(&mut h);
    assert_eq!(h.state().document().path.as_deref(), Some(other.as_path()));
    settle(&mut h);
    wait(&mut h, "the run of the other file", batch_current);
    assert_ne!(h.state().ui.batch.result().unwrap().generation, undone);
    assert_eq!(h.state().checker().latest().unwrap().generation, h.state().document().generation);
}

#[test]
fn the_impact_report_follows_the_session_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let older = dir.path().join("older.rules.ron");
    std::fs::copy(&path, &older).unwrap();
    let few = first_sessions(dir.path(), 10);
    let mut h = studio(Some(&path), vec![Some(older), Some(sessions()), Some(few.clone())], dir.path());
    h.get_by_label("Impact").click();
    run(&mut h);
    h.get_by_label("Compare against…").click();
    h.step();
    wait(&mut h, "the comparison", |app| !app.ui.impact.is_running() && app.ui.impact.result().is_some());
    assert_eq!(h.state().ui.impact.result().unwrap().report.sessions, 250);
    h.get_by_label("250 sessions compared");

    // Another session file: out of date, compared again over it.
    h.get_by_label("Choose sessions…").click();
    h.step();
    wait(&mut h, "the comparison over the other file", |app| {
        !app.ui.impact.is_running() && app.ui.impact.result().is_some_and(|r| r.sessions == few)
    });
    assert_eq!(h.state().ui.impact.result().unwrap().report.sessions, 10);
    h.get_by_label("10 sessions compared");
    assert!(h.query_all_by_label_contains("Out of date").next().is_none());

    // An edit: out of date, compared again.
    h.get_by_label("Enable students-discount").click();
    run(&mut h);
    settle(&mut h);
    wait(&mut h, "the comparison after the edit", |app| {
        !app.ui.impact.is_running()
            && app.ui.impact.result().is_some_and(|r| r.generation == Some(app.document().generation))
    });
}
