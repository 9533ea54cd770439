//! The export dialog: blocked, with the reasons, while a ruleset test fails;
//! after undo, an export whose files exist and match the published schema,
//! recorded in the saved document; an unchanged ruleset keeps its version;
//! snapshots of the dialog.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rulestudio::export::ExportOutcome;
use rulestudio::gui::StudioApp;

use super::batch::{mask_timings, wait};
use super::{demo_copy, search_rules, settle, studio};
use crate::support::repo;

pub(super) fn open_dialog(h: &mut Harness<'static, StudioApp>) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::E);
    h.run();
    assert!(h.state().ui.export.open, "Ctrl+E opens the export dialog");
}

fn export_enabled(h: &Harness<'static, StudioApp>) -> bool {
    !h.get_by_label("Export").accesskit_node().is_disabled()
}

fn wait_for_plan(h: &mut Harness<'static, StudioApp>) {
    wait(h, "the plan", |app| !app.ui.export.busy() && app.ui.export.planned().is_some());
}

/// Answers the scripted folder dialog and waits for the plan of that folder.
pub(super) fn choose_folder(h: &mut Harness<'static, StudioApp>) {
    h.get_by_label("Choose folder…").click();
    h.step();
    wait_for_plan(h);
}

/// Clicks Export and waits until the export has finished, well or not.
pub(super) fn click_export(h: &mut Harness<'static, StudioApp>) {
    h.get_by_label("Export").click();
    h.step();
    wait(h, "the export", |app| !app.ui.export.busy() && app.ui.export.outcome.is_some());
}

fn assert_valid_json(path: &std::path::Path) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo("schema/ruleset.schema.json")).unwrap()).unwrap();
    let instance: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator.iter_errors(&instance).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{} does not match the schema: {errors:#?}", path.display());
}

#[test]
fn a_failing_test_blocks_export_and_after_undo_the_files_are_written_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let out = tempfile::tempdir().unwrap();
    let answers = vec![Some(out.path().to_path_buf()), Some(repo("rulesets/sessions/demo-sessions.jsonl"))];
    let mut h = studio(Some(&path), answers, dir.path());

    // Break the UK banner test by disabling its rule.
    search_rules(&mut h, "uk-next-day");
    h.get_by_label("Enable uk-next-day-banner").click();
    h.run();
    settle(&mut h);
    open_dialog(&mut h);
    assert!(!export_enabled(&h), "export is disabled while a test fails");
    h.get_by_label_contains("test `UK visitors see next-day delivery` fails on slot `promo.banner`");
    h.get_by_label("Export is blocked until these are fixed:");
    h.get_by_label("Close").click();
    h.run();
    assert!(!h.state().ui.export.open);

    // Undo, then export to a folder.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    settle(&mut h);
    assert!(h.state().document().ruleset.rule("uk-next-day-banner").unwrap().enabled);
    open_dialog(&mut h);
    assert!(!export_enabled(&h), "no folder chosen yet");
    choose_folder(&mut h);
    assert_eq!(h.state().ui.export.folder.as_deref(), Some(out.path()));
    h.get_by_label("Next version: v1");
    h.get_by_label("(first export)");
    assert!(h.query_all_by_label_contains("fails").next().is_none());
    assert!(export_enabled(&h));
    click_export(&mut h);

    let json = out.path().join("demo-store-v1.ruleset.json");
    let ron = out.path().join("demo-store-v1.ruleset.ron");
    match h.state().ui.export.outcome.as_ref().unwrap() {
        Ok(ExportOutcome::Written { version: 1, json: j, ron: r, .. }) => {
            assert_eq!((j, r), (&json, &ron));
        }
        other => panic!("expected v1 to be written, got {other:?}"),
    }
    assert!(json.exists() && ron.exists());
    assert_valid_json(&json);
    rulestudio::export::load_export(&json).unwrap();
    rulestudio::export::load_export(&ron).unwrap();
    h.get_by_label("✔ Exported v1:");
    h.get_by_label(&json.display().to_string());
    h.get_by_label(&ron.display().to_string());

    // The version is recorded in the document, and the document is saved.
    let stamp = h.state().document().ruleset.last_export.clone().unwrap();
    assert_eq!(stamp.version, 1);
    assert!(!h.state().document().is_dirty());
    let saved = rulestudio::format::load_ruleset(&path).unwrap().ruleset;
    assert_eq!(saved.last_export, Some(stamp));

    // Nothing changed since: no new version.
    settle(&mut h);
    wait_for_plan(&mut h);
    h.get_by_label("Unchanged since v1: exporting writes no new version.");
    click_export(&mut h);
    assert_eq!(h.state().ui.export.outcome, Some(Ok(ExportOutcome::Unchanged { version: 1 })));
    h.get_by_label("✔ The ruleset is unchanged since v1; no new version was written.");
    assert!(!out.path().join("demo-store-v2.ruleset.json").exists());

    // The impact tab compares against the last export in the folder: nothing changes.
    h.get_by_label("Close").click();
    h.run();
    h.get_by_label("Impact").click();
    h.run();
    h.get_by_label("Compare with the last export (v1)").click();
    h.step();
    wait(&mut h, "the comparison", |app| !app.ui.impact.is_running() && app.ui.impact.result().is_some());
    let run = h.state().ui.impact.result().unwrap();
    assert_eq!(run.against, json);
    assert_eq!(run.against_label, "demo-store v1 (export)");
    assert_eq!(run.report.sessions, 250);
    assert!(run.report.slots.iter().all(|s| s.changed == 0));
    h.get_by_label("✔ No session changes outcome on any slot.");
}

#[test]
fn an_unwritable_folder_shows_the_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    // A file where the folder should be: the folder cannot be created.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    let mut h = studio(Some(&path), vec![Some(blocker.clone())], dir.path());
    open_dialog(&mut h);
    choose_folder(&mut h);
    click_export(&mut h);
    let error = h.state().ui.export.outcome.clone().unwrap().unwrap_err();
    assert!(error.contains("not-a-folder"), "{error}");
    h.get_by_label(&error);
    assert!(h.state().document().ruleset.last_export.is_none());
}

#[test]
fn export_dialog_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let out = tempfile::tempdir().unwrap();
    let mut h = studio(Some(&path), vec![Some(out.path().to_path_buf())], dir.path());
    open_dialog(&mut h);
    choose_folder(&mut h);
    click_export(&mut h);
    h.get_by_label("Close").click();
    h.run();

    // Change a rule no test depends on, then look at the next version.
    search_rules(&mut h, "gold-tier");
    h.get_by_label("Enable gold-tier-banner").click();
    h.run();
    settle(&mut h);
    open_dialog(&mut h);
    wait_for_plan(&mut h);
    assert!(
        matches!(h.state().ui.export.planned(), Some(Ok(p)) if p.version == 2 && !p.unchanged),
        "{:?} {:?}",
        h.state().ui.export.planned(),
        h.state().checker().latest().map(|c| c
            .tests
            .iter()
            .filter(|t| !t.passed())
            .map(|t| t.name.clone())
            .collect::<Vec<_>>())
    );
    h.get_by_label("Next version: v2");
    h.get_by_label("- rule gold-tier-banner");
    assert!(export_enabled(&h));
    let folder = out.path().display().to_string();
    for (theme, name) in [(egui::Theme::Light, "export_dialog_light"), (egui::Theme::Dark, "export_dialog_dark")] {
        h.ctx.set_theme(theme);
        h.remove_cursor();
        h.run();
        mask_timings(&mut h);
        let rect = h.get_by_label(&folder).rect();
        h.mask(rect);
        h.snapshot(name);
    }

    // A failing test blocks export, and says which.
    h.ctx.set_theme(egui::Theme::Light);
    h.get_by_label("Close").click();
    h.run();
    search_rules(&mut h, "uk-next");
    h.get_by_label("Enable uk-next-day-banner").click();
    settle(&mut h);
    open_dialog(&mut h);
    wait_for_plan(&mut h);
    assert!(!export_enabled(&h));
    h.remove_cursor();
    h.run();
    mask_timings(&mut h);
    let rect = h.get_by_label(&folder).rect();
    h.mask(rect);
    h.snapshot("export_blocked_light");
}
