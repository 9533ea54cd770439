//! The layout holds still under the pointer: the editor's form does not move
//! with the number of diagnostics, a long rule name does not widen the rule
//! list, and the export dialog keeps its Close button where it was after an
//! export.

use egui_kittest::kittest::Queryable;
use rulestudio::gui::command::Command;
use rulestudio::gui::document::Edit;

use super::export::{choose_folder, click_export, open_dialog};
use super::{demo_copy, settle, studio};

#[test]
fn the_form_starts_at_the_same_place_whatever_the_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    let checked = h.state().checker().latest().unwrap().clone();
    let named = |i: usize| {
        let id = &h.state().document().ruleset.rules[i].id;
        checked.analysis.diagnostics.iter().filter(|d| d.rules.contains(id)).count()
    };
    let n = h.state().document().ruleset.rules.len();
    let quiet = (0..n).find(|i| named(*i) == 0).expect("a rule without diagnostics");
    let busy = (0..n).max_by_key(|i| named(*i)).unwrap();
    assert!(named(busy) >= 3, "a rule with several diagnostics: {}", named(busy));
    let mut tops = Vec::new();
    for i in [quiet, busy, quiet] {
        h.state_mut().command(Command::SelectRule(i));
        h.run();
        tops.push(h.get_by_label("Id").rect().min.y);
    }
    assert!(tops.windows(2).all(|w| (w[0] - w[1]).abs() < 0.5), "the Id field moved: {tops:?}");
}

#[test]
fn a_long_rule_name_does_not_widen_the_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    let width = h.get_by_label("Search").rect().width();
    let mut rule = h.state().document().ruleset.rules[0].clone();
    rule.name = "A very long rule name that a merchandiser typed without stopping ".repeat(4);
    h.state_mut().command(Command::Edit(Edit::UpdateRule { index: 0, rule: Box::new(rule), key: None }));
    settle(&mut h);
    assert!((h.get_by_label("Search").rect().width() - width).abs() < 0.5, "the rule list widened");
}

#[test]
fn the_export_dialog_keeps_its_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let out = dir.path().join("exports");
    std::fs::create_dir(&out).unwrap();
    let mut h = studio(Some(&path), vec![Some(out)], dir.path());
    open_dialog(&mut h);
    choose_folder(&mut h);
    let before = h.get_by_label("Close").rect();
    click_export(&mut h);
    assert!(h.state().ui.export.outcome.is_some());
    let after = h.get_by_label("Close").rect();
    assert!((before.min - after.min).length() < 0.5, "Close moved from {before:?} to {after:?}");
}

#[test]
fn the_problems_panel_starts_low_and_grows_to_show_a_witness_and_its_button() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("showcase.rules.ron");
    std::fs::copy(crate::support::repo("rulesets/conflicts-showcase.rules.ron"), &path).unwrap();
    let mut h = studio(Some(&path), vec![], dir.path());
    let height = |h: &egui_kittest::Harness<'static, rulestudio::gui::StudioApp>| {
        super::SIZE.1 - h.get_by_label("Show notes").rect().min.y
    };
    let first = height(&h);
    assert!((120.0..=220.0).contains(&first), "the problems panel starts {first} high");
    // The email hero's ambiguity with the mobile hero has a witness.
    let email = h.state().document().ruleset.rule_index("email-hero").unwrap();
    h.state_mut().command(Command::SelectRule(email));
    h.run();
    h.get_by_label("Selected rule only").click();
    h.run();
    h.get_all_by_label_contains("both have priority").next().unwrap().click();
    h.run();
    h.get_by_label("Witness session");
    let button = h.get_by_label("Open in simulator").rect();
    let status = h.get_by_label_contains(" rules, ").rect();
    assert!(button.max.y <= status.min.y, "the button {button:?} is hidden behind the status bar {status:?}");
    let opened = height(&h);
    assert!(opened > first, "the panel grew from {first} to {opened}");
    // An edit closes the problem (the check that follows has new results);
    // the panel stays where it is.
    let mut rule = h.state().document().ruleset.rules[email].clone();
    rule.priority += 1;
    h.state_mut().command(Command::Edit(Edit::UpdateRule { index: email, rule: Box::new(rule), key: None }));
    settle(&mut h);
    assert!(h.query_by_label("Witness session").is_none(), "the problem closed");
    assert_eq!(height(&h), opened, "the panel kept its height");
}
