//! The slots and segments editor, driven through its widgets: adding a
//! slot, renaming a segment (which follows it into the rules that use it),
//! changing the time zone, and undoing each.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::gui::StudioApp;

use super::{demo_copy, settle, studio};

/// Runs frames until the UI is still (edits start a background check whose
/// end repaints).
fn run(h: &mut Harness<'static, StudioApp>) {
    for _ in 0..3 {
        if h.try_run().is_ok() {
            return;
        }
    }
    h.run();
}

#[test]
fn slots_segments_and_time_zone_are_edited_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    let before = h.state().document().ruleset.clone();
    h.get_by_label("Slots & segments").click();
    run(&mut h);

    h.get_by_label("Add slot").scroll_to_me();
    run(&mut h);
    h.get_by_label("Add slot").click();
    run(&mut h);
    let rs = &h.state().document().ruleset;
    assert_eq!(rs.slots.len(), before.slots.len() + 1);
    assert_eq!(rs.slots.last().unwrap().id, "new.slot");

    let vip = before.segments.iter().position(|s| s.id == "vip").unwrap();
    let field = h.get_all_by_label("Segment id").nth(vip).unwrap();
    assert_eq!(field.value().as_deref(), Some("vip"));
    field.set_text_value_accesskit("best-customers");
    run(&mut h);
    let rs = &h.state().document().ruleset;
    assert_eq!(rs.segments[vip].id, "best-customers");
    let early = rs.rule("vip-early-access").unwrap();
    assert_eq!(early.when.to_string(), r#"customer.segments has "best-customers""#, "rules follow the rename");

    // A name another segment has is refused, and the field says why.
    h.get_all_by_label("Segment id").nth(vip).unwrap().set_text_value_accesskit("lapsed");
    run(&mut h);
    assert_eq!(h.state().document().ruleset.segments[vip].id, "best-customers");
    h.get_by_label_contains("another segment is called `lapsed`");
    h.get_all_by_label("Segment id").nth(vip).unwrap().set_text_value_accesskit("best-customers");
    run(&mut h);

    h.get_by_label("Time zone").scroll_to_me();
    run(&mut h);
    h.get_by_label("Time zone").click();
    run(&mut h);
    h.get_by_label("Search time zones").set_text_value_accesskit("Oslo");
    run(&mut h);
    h.get_by_label("Europe/Oslo").click();
    run(&mut h);
    assert_eq!(h.state().document().ruleset.time_zone, "Europe/Oslo");

    let undo = |h: &mut Harness<'static, StudioApp>| {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        run(h);
    };
    undo(&mut h);
    assert_eq!(h.state().document().ruleset.time_zone, before.time_zone);
    undo(&mut h);
    let rs = &h.state().document().ruleset;
    assert_eq!(rs.segments[vip].id, "vip");
    assert_eq!(rs.rule("vip-early-access").unwrap().when, before.rule("vip-early-access").unwrap().when);
    undo(&mut h);
    assert_eq!(h.state().document().ruleset, before, "every edit undone");
}

#[test]
fn removing_a_slot_rules_use_asks_first_and_the_simulator_says_it_has_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    h.get_by_label("Slots & segments").click();
    run(&mut h);
    h.get_all_by_label("Remove slot").next().unwrap().click();
    run(&mut h);
    assert!(h.state().document().ruleset.slot("home.hero").is_some(), "nothing removed before confirming");
    h.get_by_label_contains("rule(s) act on it");
    h.get_by_label("Remove").click();
    run(&mut h);
    assert!(h.state().document().ruleset.slot("home.hero").is_none());

    // The rules now act on an unknown slot: the simulator keeps working with
    // the last version without errors and says so; the tests wait.
    settle(&mut h);
    h.get_by_label("Simulator").click();
    run(&mut h);
    h.get_by_label("⚠ The ruleset has errors: results use the last version without errors.");
    h.get_by_label("home.hero");
    h.get_by_label("Tests").click();
    run(&mut h);
    h.get_by_label("— the ruleset has errors: tests run once it compiles");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    settle(&mut h);
    h.get_by_label("Simulator").click();
    run(&mut h);
    h.get_by_label("✔ Live: results follow every change to the session and the ruleset.");
}
