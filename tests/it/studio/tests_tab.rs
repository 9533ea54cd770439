//! Updating tests: accept a failing test's actual outcome (only the slots it
//! pins, undoable), delete a test after confirmation, and "Save as test"
//! pinning the slots whose outcome is not the default, replacing a test of
//! the same name after confirmation.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::compile::compile;
use rulestudio::gui::StudioApp;
use rulestudio::gui::dialogs::Prompt;
use rulestudio::model::TestCase;
use rulestudio::simulate::{run_tests, test_from_session};

use super::{demo_copy, settle, studio};

/// Runs frames until the UI is still and the check of any edit is done
/// (the simulator saves tests only from checked results).
fn run(h: &mut Harness<'static, StudioApp>) {
    for _ in 0..3 {
        if h.try_run().is_ok() {
            break;
        }
    }
    settle(h);
}

const STUDENTS: &str = "Students get 15 % off";

fn test_named(h: &Harness<'static, StudioApp>, name: &str) -> Option<TestCase> {
    h.state().document().ruleset.tests.iter().find(|t| t.name == name).cloned()
}

#[test]
fn accept_actual_updates_only_the_pinned_slots_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    h.get_by_label("Enable students-discount").click();
    run(&mut h);
    settle(&mut h);
    h.get_by_label("Tests").click();
    run(&mut h);
    // The failing test is selected first.
    let before = test_named(&h, STUDENTS).unwrap();
    assert_eq!(before.expect.keys().collect::<Vec<_>>(), ["cart.offer"]);
    h.get_by_label("Expected from");
    h.get_by_label("rule `students-discount`");

    h.get_by_label("Accept actual").click();
    run(&mut h);
    let after = test_named(&h, STUDENTS).unwrap();
    assert_eq!(after.expect.keys().collect::<Vec<_>>(), ["cart.offer"], "still only the pinned slot");
    assert_eq!(after.session, before.session);
    let rs = &h.state().document().ruleset;
    let results = run_tests(rs, &compile(rs).unwrap());
    assert!(results.iter().all(|r| r.passed()), "the actual outcome is now expected");
    settle(&mut h);
    h.get_by_label("13 passed, 0 failed");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    run(&mut h);
    assert_eq!(test_named(&h, STUDENTS).unwrap(), before, "undo restores the expectation");
}

#[test]
fn deleting_a_test_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    h.get_by_label("Tests").click();
    run(&mut h);
    h.get_by_label(&format!("✔ {STUDENTS}")).click();
    run(&mut h);
    h.get_by_label("Delete test…").click();
    run(&mut h);
    assert!(matches!(h.state().prompt(), Some(Prompt::DeleteTest(_))));
    h.get_by_label_contains(&format!("Delete the test “{STUDENTS}”?"));
    h.get_by_label("Cancel").click();
    run(&mut h);
    assert!(test_named(&h, STUDENTS).is_some(), "cancel keeps the test");
    assert!(!h.state().document().is_dirty());

    h.get_by_label(&format!("✔ {STUDENTS}")).click();
    run(&mut h);
    h.get_by_label("Delete test…").click();
    run(&mut h);
    h.get_by_label("Delete test").click();
    run(&mut h);
    assert!(test_named(&h, STUDENTS).is_none());
    assert_eq!(h.state().document().ruleset.tests.len(), 12);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    run(&mut h);
    assert!(test_named(&h, STUDENTS).is_some(), "undo brings it back");
}

#[test]
fn save_as_test_pins_what_differs_from_the_defaults_and_replaces_after_confirmation() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    let demo = h.state().document().ruleset.clone();
    let existing = demo.tests[0].clone();
    let compiled = compile(&demo).unwrap();
    // A persona for which some slots show their default and some do not.
    let (persona, differing) = demo.personas[1..]
        .iter()
        .find_map(|p| {
            let full = test_from_session(&compiled, "x", &p.session);
            let mut differing: Vec<String> =
                compiled.slots.iter().filter(|s| full.expect[&s.id] != s.default).map(|s| s.id.clone()).collect();
            differing.sort();
            (!differing.is_empty() && differing.len() < compiled.slots.len()).then(|| (p.clone(), differing))
        })
        .unwrap();

    h.get_by_label("Simulator").click();
    run(&mut h);
    h.get_by_label("Persona").click();
    run(&mut h);
    h.get_by_label(&persona.name).click();
    run(&mut h);
    assert_eq!(h.state().ui.simulator.session, persona.session);

    // A new name: saved at once, pinning the slots that differ from their defaults.
    h.get_by_label("Test name").set_text_value_accesskit("VIP from Canada");
    run(&mut h);
    h.get_by_label("Save as test").click();
    run(&mut h);
    let saved = test_named(&h, "VIP from Canada").unwrap();
    assert_eq!(saved.expect.keys().cloned().collect::<Vec<_>>(), differing);

    // Unpin one slot by hand, save under an existing name: asked first.
    let unpinned = &differing[0];
    h.get_by_label(&format!("Pin {unpinned}")).click();
    run(&mut h);
    h.get_by_label("Test name").set_text_value_accesskit(&existing.name);
    run(&mut h);
    h.get_by_label("Save as test").click();
    run(&mut h);
    assert!(matches!(h.state().prompt(), Some(Prompt::ReplaceTest(_))));
    h.get_by_label_contains(&format!("A test named “{}” exists", existing.name));
    h.get_by_label("Cancel").click();
    run(&mut h);
    assert_eq!(test_named(&h, &existing.name).unwrap(), existing, "cancel keeps the old test");

    h.get_by_label("Save as test").click();
    run(&mut h);
    h.get_by_label("Replace").click();
    run(&mut h);
    let replaced = test_named(&h, &existing.name).unwrap();
    assert_eq!(replaced.session, persona.session);
    let expected: Vec<String> = differing.iter().filter(|s| *s != unpinned).cloned().collect();
    assert_eq!(replaced.expect.keys().cloned().collect::<Vec<_>>(), expected);
    assert_eq!(h.state().document().ruleset.tests.len(), demo.tests.len() + 1, "replaced, not added");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    run(&mut h);
    assert_eq!(test_named(&h, &existing.name).unwrap(), existing, "undo restores the old test");
}
