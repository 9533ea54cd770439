//! The studio from the keyboard: tab shortcuts, menus with F10 and Alt,
//! the command palette, Enter and Escape on prompts, Ctrl+F with typing that
//! loses nothing, and arrows from the search box into the rule list.

use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::gui::StudioApp;
use rulestudio::gui::command::Tab;
use rulestudio::gui::dialogs::Prompt;
use rulestudio::gui::panels::rule_list::decision_order;

use super::{demo_copy, studio};

fn key(h: &mut Harness<'static, StudioApp>, modifiers: Modifiers, key: Key) {
    h.key_press_modifiers(modifiers, key);
    h.run();
}

#[test]
fn tabs_menus_and_the_palette_from_the_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    for (n, k) in [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7].into_iter().enumerate()
    {
        key(&mut h, Modifiers::COMMAND, k);
        assert_eq!(h.state().ui.tab, Some(Tab::ALL[n]), "Ctrl+{}", n + 1);
    }

    // F10 and Alt+F open the File menu, Alt+E the Edit menu.
    assert!(h.query_by_label("Open recent").is_none());
    key(&mut h, Modifiers::NONE, Key::F10);
    h.get_by_label("Open recent");
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.query_by_label("Open recent").is_none(), "Escape closes the menu");
    key(&mut h, Modifiers::ALT, Key::F);
    h.get_by_label("Open recent");
    key(&mut h, Modifiers::NONE, Key::Escape);
    key(&mut h, Modifiers::ALT, Key::E);
    h.get_by_label_contains("Command palette");
    key(&mut h, Modifiers::NONE, Key::Escape);

    // Ctrl+K: every command with its shortcut; type to filter, Enter runs.
    key(&mut h, Modifiers::COMMAND, Key::K);
    h.get_by_label("Command").type_text("show batch");
    h.run();
    key(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().ui.tab, Some(Tab::Batch));
    assert!(h.query_by_label("Command").is_none(), "the palette closed");
    key(&mut h, Modifiers::COMMAND, Key::K);
    h.get_by_label("Command").type_text("expor");
    h.run();
    key(&mut h, Modifiers::NONE, Key::Enter);
    assert!(h.state().ui.export.open, "Export… from the palette");
    key(&mut h, Modifiers::NONE, Key::Escape);
    key(&mut h, Modifiers::COMMAND, Key::K);
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.query_by_label("Command").is_none(), "Escape closes the palette");
}

#[test]
fn prompts_take_enter_and_escape() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    let rules = h.state().document().ruleset.rules.len();
    key(&mut h, Modifiers::NONE, Key::Delete);
    assert!(matches!(h.state().prompt(), Some(Prompt::DeleteRule(_))));
    key(&mut h, Modifiers::NONE, Key::Escape);
    assert!(h.state().prompt().is_none());
    assert_eq!(h.state().document().ruleset.rules.len(), rules, "Escape deletes nothing");
    key(&mut h, Modifiers::NONE, Key::Delete);
    key(&mut h, Modifiers::NONE, Key::Enter);
    assert_eq!(h.state().document().ruleset.rules.len(), rules - 1, "Enter confirms");
}

#[test]
fn find_then_fast_typing_loses_nothing_and_arrows_walk_the_results() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    // Ctrl+F and the word typed at once: in the same frame.
    h.event(Event::Key {
        key: Key::F,
        physical_key: None,
        pressed: true,
        repeat: false,
        modifiers: Modifiers::COMMAND,
    });
    h.event(Event::Text("co".into()));
    h.step();
    h.event(Event::Text("ld".into()));
    h.run();
    assert_eq!(h.state().ui.list.search, "cold");

    // Down moves from the search box into the results, then through them.
    let rs = h.state().document().ruleset.clone();
    let listed = |r: &rulestudio::model::Rule| {
        [&r.name, &r.id].into_iter().chain(&r.tags).any(|t| t.to_lowercase().contains("cold"))
    };
    let hits: Vec<usize> = decision_order(&rs).into_iter().filter(|i| listed(&rs.rules[*i])).collect();
    assert!(hits.len() >= 2, "{hits:?}");
    key(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(h.state().ui.selected, Some(hits[0]));
    key(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(h.state().ui.selected, Some(hits[1]));
    key(&mut h, Modifiers::NONE, Key::ArrowUp);
    assert_eq!(h.state().ui.selected, Some(hits[0]));
}

#[test]
fn the_rule_list_follows_the_selection_and_holds_still_while_it_is_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![], dir.path());
    let rs = h.state().document().ruleset.clone();
    let order = decision_order(&rs);
    let row = |h: &Harness<'static, StudioApp>, i: usize| {
        h.query_all_by_label(&format!("Enable {}", rs.rules[order[i]].id)).next().map(|n| n.rect())
    };
    let last = order.len() - 1;
    assert!(row(&h, last).is_none(), "the demo's last rule starts out of view");
    h.state_mut().command(rulestudio::gui::command::Command::SelectRule(order[0]));
    h.run();
    let first_row = row(&h, 0).expect("the first rule in view");
    // One step down inside the view: nothing scrolls.
    key(&mut h, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(h.state().ui.selected, Some(order[1]));
    assert_eq!(row(&h, 0), Some(first_row), "the list held still");
    // Walking to the end keeps the selected rule in view.
    for (i, &rule) in order.iter().enumerate().skip(2) {
        key(&mut h, Modifiers::NONE, Key::ArrowDown);
        assert_eq!(h.state().ui.selected, Some(rule));
        assert!(row(&h, i).is_some(), "rule {i} of {last} is in view");
    }
}
