//! The simulator and the tests tab, driven through their widgets: a session
//! set up field by field, persona presets, saving a session as a test that
//! then fails when a rule is disabled, and snapshots of both screens.

use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rulestudio::compile::compile;
use rulestudio::format::load_ruleset;
use rulestudio::gui::StudioApp;

use super::{demo_copy, settle, studio};

/// The texts on the same line as the label `anchor`, from it rightwards, in
/// reading order (the cells of a table row).
fn row(h: &Harness<'static, StudioApp>, anchor: &str) -> Vec<String> {
    let a = h.get_by_label(anchor).rect();
    let mut cells: Vec<(f32, String)> = h
        .query_all_by(|_| true)
        .filter(|n| n.accesskit_node().bounding_box().is_some())
        .filter_map(|n| {
            let r = n.rect();
            let inside = r.center().y > a.min.y && r.center().y < a.max.y && r.min.x >= a.min.x - 1.0;
            let node = n.accesskit_node();
            let text = if node.role() == egui::accesskit::Role::Label { node.value() } else { node.label() };
            text.filter(|_| inside).map(|t| (r.min.x, t))
        })
        .collect();
    cells.sort_by(|x, y| x.0.total_cmp(&y.0));
    cells.dedup_by(|x, y| x.1 == y.1);
    cells.into_iter().map(|(_, t)| t).collect()
}

/// Runs frames until the UI is still (edits start a background check whose
/// end repaints; new widgets repaint once more to style themselves).
fn run(h: &mut Harness<'static, StudioApp>) {
    for _ in 0..3 {
        if h.try_run().is_ok() {
            return;
        }
    }
    h.run();
}

fn has(cells: &[String], text: &str) -> bool {
    cells.iter().any(|c| c == text)
}

/// Opens a combo box by its label and clicks the entry with `item` in its label.
fn choose(h: &mut Harness<'static, StudioApp>, combo: &str, item: &str) {
    h.get_by_label(combo).click();
    run(h);
    h.get_by_label_contains(item).scroll_to_me();
    run(h);
    h.get_by_label_contains(item).click();
    run(h);
}

/// Goes to the simulator and sets up a Canadian iPhone visit on 10 December.
fn canadian_iphone(h: &mut Harness<'static, StudioApp>) {
    h.get_by_label("Simulator").click();
    run(h);
    h.get_by_label("Blank session").click();
    run(h);
    // The country picker searches: type a name, Enter picks the best match.
    h.get_by_label("Country").click();
    run(h);
    h.get_by_label("Search countries").type_text("Canada");
    run(h);
    h.key_press(egui::Key::Enter);
    run(h);
    choose(h, "Sample device", "iPhone Safari");
    h.get_by_label("Timestamp").set_text_value_accesskit("2026-12-10 15:00");
    run(h);
}

#[test]
fn a_session_set_up_in_the_form_is_decided_and_explained() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    canadian_iphone(&mut h);
    let session = &h.state().ui.simulator.session;
    assert_eq!(session.geo.country.as_ref().map(|c| c.as_str()), Some("CA"));
    assert_eq!(session.timestamp.unwrap().to_rfc3339(), "2026-12-10T15:00:00-05:00", "local time in America/Toronto");
    assert!(session.device.user_agent.as_deref().unwrap().contains("iPhone"));

    let hero = row(&h, "home.hero");
    assert!(has(&hero, "content winter-coats-hero"), "{hero:?}");
    assert!(has(&hero, "winter-coats-cold-countries"), "{hero:?}");
    // This visitor is in the compact layout's 20 % holdout (its control
    // group for `rulestudio measure`), and the trace says so.
    let layout = row(&h, "layout");
    assert!(has(&layout, "variant standard") && has(&layout, "held out of mobile-compact-layout"), "{layout:?}");
    // The device type is derived from the user agent, and shown as such.
    let device = h.get_by_label("Device type").value().unwrap();
    assert_eq!(device, "mobile (derived from the user agent)");

    h.get_by_label("Filter rules").set_text_value_accesskit("uk-next");
    run(&mut h);
    let uk = row(&h, "uk-next-day-banner");
    assert!(has(&uk, "not matched"), "{uk:?}");
    assert!(has(&uk, r#"geo.country is "GB""#), "the first failing predicate, with what it expects: {uk:?}");
    assert!(has(&uk, r#""CA""#), "the session's country: {uk:?}");

    // A timestamp that cannot be read says so and keeps the last good one.
    h.get_by_label("Timestamp").set_text_value_accesskit("10/12/2026");
    run(&mut h);
    h.get_by_label_contains("write YYYY-MM-DD HH:MM (America/Toronto time)");
    assert_eq!(h.state().ui.simulator.session.timestamp.unwrap().to_rfc3339(), "2026-12-10T15:00:00-05:00");
}

#[test]
fn loading_a_persona_updates_the_outcomes() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    let demo = load_ruleset(&path).unwrap().ruleset;
    let compiled = compile(&demo).unwrap();
    let hero = |persona: usize| {
        let facts = compiled.facts(&demo.personas[persona].session);
        let decision = compiled.decide(&facts);
        compiled.view(&facts, &decision, None).slots["home.hero"].outcome.to_string()
    };
    let (vip, norway) = (hero(0), hero(1));
    assert_ne!(vip, norway, "the two personas must see different heroes for this test to mean anything");

    h.get_by_label("Simulator").click();
    run(&mut h);
    assert!(has(&row(&h, "home.hero"), &vip), "the first persona is loaded at start");
    choose(&mut h, "Persona", "New visitor from Norway");
    assert_eq!(h.state().ui.simulator.session, demo.personas[1].session);
    let cells = row(&h, "home.hero");
    assert!(has(&cells, &norway), "{cells:?}");
    assert_eq!(h.get_by_label("Persona").value().as_deref(), Some(demo.personas[1].name.as_str()));

    // Saving the session as a persona adds it to the ruleset (undoably).
    h.get_by_label("Persona name").set_text_value_accesskit("Norwegian on Android");
    run(&mut h);
    h.get_by_label("Save as persona").click();
    run(&mut h);
    let personas = &h.state().document().ruleset.personas;
    assert_eq!(personas.len(), demo.personas.len() + 1);
    assert_eq!(personas.last().unwrap().name, "Norwegian on Android");
    assert_eq!(personas.last().unwrap().session, demo.personas[1].session);
}

#[test]
fn a_saved_test_passes_then_fails_when_its_rule_is_disabled() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    canadian_iphone(&mut h);
    h.get_by_label("Test name").set_text_value_accesskit("Canadian iPhone in December");
    run(&mut h);
    h.get_by_label("Save as test").click();
    run(&mut h);
    let tests = &h.state().document().ruleset.tests;
    let saved = tests.last().unwrap();
    assert_eq!(saved.name, "Canadian iPhone in December");
    assert_eq!(saved.expect["home.hero"].to_string(), "content winter-coats-hero");
    settle(&mut h);

    h.get_by_label("Tests").click();
    run(&mut h);
    h.get_by_label("✔ Canadian iPhone in December");
    h.get_by_label_contains("passed, 0 failed");

    h.get_by_label("Enable winter-coats-cold-countries").click();
    run(&mut h);
    assert!(!h.state().document().ruleset.rule("winter-coats-cold-countries").unwrap().enabled);
    settle(&mut h);
    h.get_by_label("⊗ Canadian iPhone in December").click();
    run(&mut h);
    assert!(has(&row(&h, "Slot"), "home.hero"), "{:?}", row(&h, "Slot"));
    assert!(has(&row(&h, "Expected"), "content winter-coats-hero"), "{:?}", row(&h, "Expected"));
    let actual = row(&h, "Actual");
    assert!(actual.len() == 2 && actual[1].starts_with("content ") && actual[1] != "content winter-coats-hero");
    let why = row(&h, "winter-coats-cold-countries");
    assert!(has(&why, "disabled"), "the trace of the rules on the slot: {why:?}");

    // "Run all" runs the tests now and agrees with the background check.
    let summary = h.get_by_label_contains("passed, ").accesskit_node().value().unwrap();
    h.get_by_label("Run all").click();
    run(&mut h);
    h.get_by_label("— run just now");
    assert_eq!(h.get_by_label_contains("passed, ").accesskit_node().value().unwrap(), summary);

    // The test's session opens in the simulator.
    h.get_by_label("Open in simulator").click();
    run(&mut h);
    assert_eq!(h.state().ui.tab, Some(rulestudio::gui::command::Tab::Simulator));
    let saved = h.state().document().ruleset.tests.last().unwrap().session.clone();
    assert_eq!(h.state().ui.simulator.session, saved);
    h.get_by_label("Tests").click();
    run(&mut h);

    // Delete the test, after confirmation (undoable).
    h.get_by_label("Delete test…").click();
    run(&mut h);
    h.get_by_label("Delete test").click();
    run(&mut h);
    assert!(h.state().document().ruleset.tests.iter().all(|t| t.name != "Canadian iPhone in December"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    run(&mut h);
    assert!(h.state().document().ruleset.tests.iter().any(|t| t.name == "Canadian iPhone in December"));
}

/// Masks the check duration in the problems panel, which varies run to run.
fn mask_timing(h: &mut Harness<'static, StudioApp>) {
    h.remove_cursor();
    run(h);
    let rects: Vec<egui::Rect> = h.query_all_by_label_contains("checked in").map(|n| n.rect()).collect();
    for r in rects {
        h.mask(r);
    }
}

#[test]
fn snapshots_of_the_simulator_and_a_failing_test() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    h.get_by_label("Simulator").click();
    run(&mut h);
    choose(&mut h, "Persona", "Returning VIP from Canada");
    h.ctx.set_theme(egui::Theme::Light);
    run(&mut h);
    mask_timing(&mut h);
    h.snapshot("simulator_light");
    h.ctx.set_theme(egui::Theme::Dark);
    run(&mut h);
    mask_timing(&mut h);
    h.snapshot("simulator_dark");

    h.ctx.set_theme(egui::Theme::Light);
    h.get_by_label("Enable winter-coats-cold-countries").click();
    run(&mut h);
    settle(&mut h);
    h.get_by_label("Tests").click();
    run(&mut h);
    mask_timing(&mut h);
    h.snapshot("tests_failing");

    h.get_by_label("Slots & segments").click();
    run(&mut h);
    mask_timing(&mut h);
    h.snapshot("slots_and_segments");
}
