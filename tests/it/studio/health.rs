//! The Health tab: findings that need no traffic before any run, traffic
//! findings over the demo sessions with their badges in the rule list, one
//! click to a rule, and bulk disable / archive / delete that one undo takes
//! back.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::analysis::Code;
use rulestudio::gui::StudioApp;
use rulestudio::gui::command::{Command, Tab};
use rulestudio::gui::panels::health::{ARCHIVED, is_archived};

use super::batch::wait;
use super::{demo_copy, search_rules, settle, studio};
use crate::support::repo;

fn open_health(h: &mut Harness<'static, StudioApp>) {
    h.get_by_label("Health").click();
    h.run();
}

fn judge(h: &mut Harness<'static, StudioApp>) {
    h.get_by_label("Judge over sessions…").click();
    h.step();
    wait(h, "the health run", |app| !app.ui.health.is_running() && app.ui.health.result().is_some());
}

fn rule<'a>(h: &'a Harness<'static, StudioApp>, id: &str) -> &'a rulestudio::model::Rule {
    let rs = &h.state().document().ruleset;
    &rs.rules[rs.rule_index(id).unwrap()]
}

#[test]
fn health_lists_findings_badges_rules_and_goes_to_a_rule() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let sessions = repo("rulesets/sessions/demo-sessions.jsonl");
    let mut h = studio(Some(&path), vec![Some(sessions)], dir.path());
    // Before any sample: the stale rule and the schedule ending soon, in the
    // list's badges and in the tab.
    h.get_by_label("stale");
    h.get_by_label("ends soon");
    open_health(&mut h);
    h.get_by_label("French banner in Quebec");
    h.get_by_label_contains("the rule was last edited on 2026-03-10");
    assert!(h.query_by_label("Gold perks banner").is_none(), "traffic findings need a sample");

    judge(&mut h);
    let run = h.state().ui.health.result().unwrap();
    assert_eq!(run.report.sessions, 250);
    assert_eq!(run.generation, h.state().document().generation);
    let codes: Vec<(Code, &str)> = run.report.findings().map(|d| (d.code, d.rules[0].as_str())).collect();
    assert!(codes.contains(&(Code::AlwaysLoses, "gold-tier-banner")), "{codes:?}");
    h.get_by_label_contains("rules with findings judged over 250 sessions");
    h.get_by_label_contains("but never won a slot: `");
    // The rule list shows the traffic finding too (and the tab lists it).
    search_rules(&mut h, "gold");
    assert_eq!(h.query_all_by_label("always loses").count(), 2);

    h.get_by_label("Gold perks banner").click();
    h.run();
    assert_eq!(h.state().ui.tab, Some(Tab::Rule));
    assert_eq!(h.state().ui.selected, h.state().document().ruleset.rule_index("gold-tier-banner"));

    // An edit puts the run out of date.
    search_rules(&mut h, "bf-2026");
    h.get_by_label("Enable bf-2026-hero").click();
    settle(&mut h);
    open_health(&mut h);
    h.get_by_label_contains("Out of date: the rules changed since this run");
}

#[test]
fn bulk_archive_hides_rules_keeps_them_in_the_file_and_undo_restores() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let sessions = repo("rulesets/sessions/demo-sessions.jsonl");
    let mut h = studio(Some(&path), vec![Some(sessions)], dir.path());
    open_health(&mut h);
    judge(&mut h);
    let rules_before = h.state().document().ruleset.rules.clone();

    h.get_by_label("Tick gold-tier-banner").click();
    h.get_by_label("Tick quebec-french-banner").click();
    h.run();
    h.get_by_label("2 rules ticked");
    h.get_by_label("Archive").click();
    h.run();
    for id in ["gold-tier-banner", "quebec-french-banner"] {
        let r = rule(&h, id);
        assert!(!r.enabled && is_archived(r), "{id} is archived: {r:?}");
        assert_eq!(r.tags.iter().filter(|t| *t == ARCHIVED).count(), 1);
    }
    assert_eq!(h.state().document().ruleset.rules.len(), rules_before.len(), "archived rules stay in the file");
    // Hidden from the rule list until asked for.
    assert!(h.query_by_label("Enable gold-tier-banner").is_none());
    search_rules(&mut h, "gold");
    assert!(h.query_by_label("Enable gold-tier-banner").is_none());
    h.get_by_label("Show archived (2)").click();
    h.run();
    h.get_by_label("Enable gold-tier-banner");

    // Saved, they are in the file.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(saved.contains("\"archived\""), "archived tag saved");

    // One undo brings both back as they were.
    h.state_mut().command(Command::Undo);
    h.run();
    assert_eq!(h.state().document().ruleset.rules.len(), rules_before.len());
    for id in ["gold-tier-banner", "quebec-french-banner"] {
        let before = rules_before.iter().find(|r| r.id == id).unwrap();
        let now = rule(&h, id);
        assert_eq!((now.enabled, &now.tags), (before.enabled, &before.tags), "{id} restored");
    }
}

#[test]
fn bulk_disable_and_delete_are_one_undoable_step_each() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    open_health(&mut h);
    let n = h.state().document().ruleset.rules.len();
    h.get_by_label("Tick quebec-french-banner").click();
    h.get_by_label("Tick bf-2026-hero").click();
    h.run();
    h.get_by_label("Disable").click();
    h.run();
    assert!(!rule(&h, "quebec-french-banner").enabled && !rule(&h, "bf-2026-hero").enabled);
    assert!(!is_archived(rule(&h, "bf-2026-hero")), "disabling does not archive");

    // Delete asks first; Cancel keeps the rules.
    h.get_by_label("Delete…").click();
    h.run();
    h.get_by_label("Cancel").click();
    h.run();
    assert_eq!(h.state().document().ruleset.rules.len(), n);
    h.get_by_label("Delete…").click();
    h.run();
    h.get_by_label_contains("Delete 2 rules?");
    h.get_by_label("Delete them").click();
    h.run();
    assert_eq!(h.state().document().ruleset.rules.len(), n - 2);
    assert!(h.state().document().ruleset.rule_index("quebec-french-banner").is_none());

    h.state_mut().command(Command::Undo);
    h.run();
    assert_eq!(h.state().document().ruleset.rules.len(), n);
    assert!(!rule(&h, "quebec-french-banner").enabled, "undo of the delete keeps the disable");
    h.state_mut().command(Command::Undo);
    h.run();
    assert!(rule(&h, "quebec-french-banner").enabled && rule(&h, "bf-2026-hero").enabled);
}

#[test]
fn health_tab_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let sessions = repo("rulesets/sessions/demo-sessions.jsonl");
    let mut h = studio(Some(&path), vec![Some(sessions)], dir.path());
    open_health(&mut h);
    judge(&mut h);
    h.get_by_label("Tick gold-tier-banner").click();
    h.run();
    for (theme, name) in [(egui::Theme::Light, "health_light"), (egui::Theme::Dark, "health_dark")] {
        h.ctx.set_theme(theme);
        h.remove_cursor();
        h.run();
        super::batch::mask_timings(&mut h);
        h.snapshot(name);
    }
}
