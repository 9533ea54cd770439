//! The rule editor, driven only through its widgets: building a rule from
//! nothing with the pickers and saving it, a regex checked as you type, an
//! equal-priority rival found by the check and reached from the problems
//! panel, undo and redo of editor changes, and snapshots of the editor and
//! of a selected problem with its witness.

use chrono::DateTime;
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use rulestudio::gui::StudioApp;
use rulestudio::gui::command::{Command, ThemeChoice};
use rulestudio::model::{Action, Condition, Op, Outcome, Rule, Schedule};

use super::{demo_copy, settle, studio};

type Studio = Harness<'static, StudioApp>;

/// The studio on a temporary copy of the demo ruleset, with scrolling
/// unanimated so scrolled-to widgets can be clicked at once.
fn demo_studio(dir: &std::path::Path) -> (Studio, std::path::PathBuf) {
    let path = demo_copy(dir);
    let h = studio(Some(&path), vec![], dir);
    h.ctx.all_styles_mut(|s| s.scroll_animation = egui::style::ScrollAnimation::none());
    (h, path)
}

/// Lets the studio catch up: a few frames, with the background check
/// finished (so its progress does not keep the UI repainting); then checks
/// that every widget on screen has an accessible name.
fn run(h: &mut Studio) {
    settle(h);
    h.check_accessibility();
}

/// Clicks the widget named `label`, scrolled into view first.
fn click(h: &mut Studio, label: &str) {
    h.get_by_label(label).scroll_to_me();
    run(h);
    h.get_by_label(label).click();
    run(h);
}

/// Replaces the text of the field named `label` by typing.
fn fill(h: &mut Studio, label: &str, text: &str) {
    click(h, label);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    run(h);
    if text.is_empty() {
        h.key_press(Key::Backspace);
    } else {
        h.get_by_label(label).type_text(text);
    }
    run(h);
}

/// Like [`fill`], then Enter (number fields take their value on Enter).
fn enter_number(h: &mut Studio, label: &str, value: &str) {
    fill(h, label, value);
    h.key_press(Key::Enter);
    run(h);
}

/// Opens the country picker named `label` and ticks countries found by
/// searching their names: the first by clicking it, the others with Enter.
fn pick_countries(h: &mut Studio, label: &str, countries: &[(&str, &str)]) {
    click(h, label);
    for (i, (code, name)) in countries.iter().enumerate() {
        fill(h, "Search countries", name);
        if i == 0 {
            click(h, &format!("{code}  {name}"));
        } else {
            h.key_press(Key::Enter);
            run(h);
        }
    }
    h.key_press(Key::Escape);
    run(h);
}

/// Picks the item named `item` in the popup of the combo named `combo`.
fn choose(h: &mut Studio, combo: &str, item: &str) {
    click(h, combo);
    click(h, item);
}

/// Finds a rule with the rule list's search box and clicks its row (whose
/// text is the priority and the name), then clears the search.
fn select_rule(h: &mut Studio, name: &str) {
    fill(h, "Search", name);
    h.get(By::new().role(Role::Button).label_contains(name)).click();
    run(h);
    fill(h, "Search", "");
}

fn rule<'a>(h: &'a Studio, id: &str) -> &'a Rule {
    h.state().document().ruleset.rule(id).unwrap()
}

fn selected_rule(h: &Studio) -> Rule {
    let i = h.state().ui.selected.unwrap();
    h.state().document().ruleset.rules[i].clone()
}

#[test]
fn builds_a_rule_with_pickers_and_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, path) = demo_studio(dir.path());
    click(&mut h, "New rule");
    fill(&mut h, "Id", "winter-coats-ca-no");
    fill(&mut h, "Name", "Winter coats for Canada and Norway on mobile");
    enter_number(&mut h, "Priority", "85");

    click(&mut h, "Add condition");
    pick_countries(&mut h, "Condition 1 value", &[("CA", "Canada"), ("NO", "Norway")]);
    assert_eq!(
        selected_rule(&h).when,
        Condition::All(vec![Condition::pred("geo.country", Op::In(vec!["CA".into(), "NO".into()]))])
    );
    h.get_by_label("Reads: geo.country is one of CA, NO");

    click(&mut h, "Add condition");
    click(&mut h, "Condition 2 attribute");
    fill(&mut h, "Search attributes", "device");
    click(&mut h, "Device type");
    choose(&mut h, "Condition 2 operator", "is");
    choose(&mut h, "Condition 2 value", "mobile");
    h.get_by_label("Reads: geo.country is one of CA, NO and device.type is mobile");

    fill(&mut h, "Action 1 content id", "winter-coats-hero");
    click(&mut h, "Scheduled");
    fill(&mut h, "Starts", "2026-11-01 00:00");
    fill(&mut h, "Ends", "2027-03-01 00:00");
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    run(&mut h);
    assert!(!h.state().document().is_dirty());

    let saved = rulestudio::format::load_ruleset(&path).unwrap().ruleset;
    assert_eq!(saved.rules.len(), 34);
    let instant = |s: &str| DateTime::parse_from_rfc3339(s).unwrap();
    let expected = Rule {
        id: "winter-coats-ca-no".into(),
        name: "Winter coats for Canada and Norway on mobile".into(),
        enabled: true,
        priority: 85,
        when: Condition::All(vec![
            Condition::pred("geo.country", Op::In(vec!["CA".into(), "NO".into()])),
            Condition::pred("device.type", Op::Is("mobile".into())),
        ]),
        then: vec![Action { slot: "home.hero".into(), outcome: Outcome::Content { id: "winter-coats-hero".into() } }],
        schedule: Some(Schedule {
            start: Some(instant("2026-11-01T00:00:00-04:00")),
            end: Some(instant("2027-03-01T00:00:00-05:00")),
            weekdays: vec![],
            hours: None,
        }),
        holdout_percent: 0,
        tags: vec![],
        notes: String::new(),
        // The studio dates a rule it adds.
        created: Some(super::today()),
        updated: Some(super::today()),
    };
    let got = saved.rule("winter-coats-ca-no").unwrap();
    assert_eq!(*got, expected);
    let schedule = got.schedule.as_ref().unwrap();
    assert_eq!(schedule.start.unwrap().to_rfc3339(), "2026-11-01T00:00:00-04:00", "EDT, Toronto's offset on 1 Nov");
    assert_eq!(schedule.end.unwrap().to_rfc3339(), "2027-03-01T00:00:00-05:00", "EST, through 28 Feb");
}

#[test]
fn an_invalid_regex_shows_its_position_and_keeps_the_last_valid_pattern() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = demo_studio(dir.path());
    select_rule(&mut h, "Winter coats for cold countries");
    click(&mut h, "Add condition");
    click(&mut h, "Condition 3 attribute");
    fill(&mut h, "Search attributes", "user agent");
    click(&mut h, "User agent");
    choose(&mut h, "Condition 3 operator", "matches pattern");
    fill(&mut h, "Condition 3 value", "iPhone");
    let when = |h: &Studio| rule(h, "winter-coats-cold-countries").when.clone();
    let Condition::All(items) = when(&h) else { panic!("an all group") };
    assert_eq!(items[2], Condition::pred("device.user_agent", Op::Matches("iPhone".into())));

    h.get_by_label("Condition 3 value").type_text("(");
    run(&mut h);
    h.get_by_label("⊗ Not a valid pattern at position 7: unclosed group");
    h.get_by_label("iPhone(\n      ^");
    let Condition::All(items) = when(&h) else { panic!("an all group") };
    assert_eq!(items[2], Condition::pred("device.user_agent", Op::Matches("iPhone".into())), "keeps the valid one");

    h.get_by_label("Condition 3 value").type_text(")");
    run(&mut h);
    assert!(h.query_by_label_contains("Not a valid pattern").is_none());
    let Condition::All(items) = when(&h) else { panic!("an all group") };
    assert_eq!(items[2], Condition::pred("device.user_agent", Op::Matches("iPhone()".into())));
}

/// Adds a rule right after `winter-coats-cold-countries` with its priority
/// (80), the same slot and an overlapping condition (Canada), but the slot's
/// default hero: an ambiguity. Returns the new rule's index.
fn add_rival(h: &mut Studio) -> usize {
    select_rule(h, "Winter coats for cold countries");
    click(h, "New rule");
    fill(h, "Id", "canada-rival");
    fill(h, "Name", "Canada rival hero");
    enter_number(h, "Priority", "80");
    click(h, "Add condition");
    pick_countries(h, "Condition 1 value", &[("CA", "Canada")]);
    let index = h.state().ui.selected.unwrap();
    let rival = &h.state().document().ruleset.rules[index];
    assert_eq!((rival.id.as_str(), rival.priority), ("canada-rival", 80));
    assert_eq!(rival.when, Condition::All(vec![Condition::pred("geo.country", Op::In(vec!["CA".into()]))]));
    settle(h);
    index
}

/// The problems panel's row for the ambiguity between the rival and the winter coats rule.
fn ambiguity_row(h: &Studio) -> egui_kittest::Node<'_> {
    h.get(
        By::new()
            .role(Role::Button)
            .label_contains("`canada-rival` and `winter-coats-cold-countries` both have priority 80"),
    )
}

#[test]
fn an_equal_priority_rival_is_reported_and_the_problem_selects_it() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = demo_studio(dir.path());
    let rival = add_rival(&mut h);
    let checked = h.state().checker().latest().unwrap().clone();
    let d = checked
        .analysis
        .diagnostics
        .iter()
        .find(|d| d.code.as_str() == "ambiguous-priority")
        .expect("an ambiguity is reported");
    assert_eq!(d.rules, ["canada-rival", "winter-coats-cold-countries"]);
    assert!(d.witness.is_some());

    select_rule(&mut h, "Winter coats for cold countries");
    assert_ne!(h.state().ui.selected, Some(rival), "another rule is selected first");
    ambiguity_row(&h).click();
    run(&mut h);
    assert_eq!(h.state().ui.selected, Some(rival));
    assert_eq!(h.state().ui.highlight.as_ref().map(ToString::to_string), Some(format!("rules[{rival}].priority")));
}

#[test]
fn undo_and_redo_restore_editor_changes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = demo_studio(dir.path());
    let original = selected_rule(&h);
    assert_eq!(original.id, "bf-2026-hero");
    fill(&mut h, "Name", "Black Friday hero, all week");
    click(&mut h, "Add condition");
    let edited = selected_rule(&h);
    assert_eq!(edited.name, "Black Friday hero, all week");
    assert_eq!(edited.when, Condition::All(vec![Condition::pred("geo.country", Op::In(vec![]))]));

    let undo = |h: &mut Studio| {
        h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        run(h);
    };
    undo(&mut h);
    assert_eq!(selected_rule(&h).when, original.when, "the added condition is undone first");
    assert_eq!(selected_rule(&h).name, edited.name);
    undo(&mut h);
    assert_eq!(selected_rule(&h), original, "typing the name was one step");
    h.get_by_label("Name");
    assert_eq!(h.get_by_label("Name").value().as_deref(), Some("Black Friday week hero"), "the field shows it");

    h.key_press_modifiers(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);
    run(&mut h);
    assert_eq!(selected_rule(&h).name, "Black Friday hero, all week");
    assert_eq!(h.get_by_label("Name").value().as_deref(), Some("Black Friday hero, all week"));
}

/// Hides what changes from run to run (how long the check took) and the
/// pointer, then snapshots in both themes.
fn snapshot_both_themes(h: &mut Studio, name: &str) {
    h.key_press(Key::Escape);
    h.remove_cursor();
    for (theme, suffix) in [(ThemeChoice::Light, "light"), (ThemeChoice::Dark, "dark")] {
        h.state_mut().command(Command::SetTheme(theme));
        run(h);
        let timing = h.get_by_label_contains("checked in").rect();
        h.mask(timing);
        h.snapshot(format!("{name}_{suffix}"));
    }
}

#[test]
fn snapshots_of_the_editor() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = demo_studio(dir.path());
    select_rule(&mut h, "Winter coats for cold countries");
    settle(&mut h);
    assert_eq!(selected_rule(&h).id, "winter-coats-cold-countries");
    snapshot_both_themes(&mut h, "editor_winter_coats");
}

#[test]
fn snapshots_of_a_selected_problem_with_its_witness() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = demo_studio(dir.path());
    add_rival(&mut h);
    ambiguity_row(&h).click();
    run(&mut h);
    // Drag the problems panel taller (its splitter is the wide one) to see the whole witness.
    let splitter =
        h.get_all(By::new().role(Role::Splitter)).max_by(|a, b| a.rect().width().total_cmp(&b.rect().width())).unwrap();
    splitter.set_value_accesskit(0.5);
    run(&mut h);
    h.get_by_label("Witness session");
    h.get_by_label("Open in simulator");
    snapshot_both_themes(&mut h, "editor_problem_witness");
}

#[test]
fn edits_nested_groups_typed_operands_and_actions() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = demo_studio(dir.path());
    select_rule(&mut h, "Winter coats for cold countries");
    choose(&mut h, "Condition 2 operator", "is one of");
    click(&mut h, "tablet");

    click(&mut h, "Add group");
    click(&mut h, "Condition 3.1 attribute");
    fill(&mut h, "Search attributes", "user agent");
    h.key_press(Key::Enter);
    run(&mut h);
    choose(&mut h, "Condition 3.1 operator", "matches pattern");
    fill(&mut h, "Condition 3.1 value", "iPhone|iPad");
    click(&mut h, "Add condition to group 3");
    click(&mut h, "Condition 3.2 attribute");
    fill(&mut h, "Search attributes", "segments");
    click(&mut h, "Segments");
    choose(&mut h, "Condition 3.2 operator", "has any of");
    click(&mut h, "newsletter");
    click(&mut h, "Add condition to group 3");
    click(&mut h, "Condition 3.3 attribute");
    fill(&mut h, "Search attributes", "cart value");
    click(&mut h, "Cart value");
    choose(&mut h, "Condition 3.3 operator", "is between");
    enter_number(&mut h, "Condition 3.3 upper bound", "150");
    click(&mut h, "Add condition to group 3");
    click(&mut h, "Condition 3.4 attribute");
    fill(&mut h, "Search attributes", "categories");
    click(&mut h, "Cart categories");
    fill(&mut h, "New condition 3.4 value", "outerwear");
    h.key_press(Key::Enter);
    run(&mut h);
    click(&mut h, "Move condition 3.4 up");
    click(&mut h, "Remove condition 3.4");
    choose(&mut h, "Group 3 kind", "Not");

    let strings = |v: &[&str]| v.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let expected = Condition::All(vec![
        Condition::pred("geo.country", Op::In(strings(&["CA", "NO", "SE", "FI", "IS"]))),
        Condition::pred("device.type", Op::In(strings(&["mobile", "tablet"]))),
        Condition::Not(Box::new(Condition::Any(vec![
            Condition::pred("device.user_agent", Op::Matches("iPhone|iPad".into())),
            Condition::pred("customer.segments", Op::HasAny(strings(&["vip", "newsletter"]))),
            Condition::pred("cart.categories", Op::HasAny(strings(&["outerwear"]))),
        ]))),
    ]);
    assert_eq!(rule(&h, "winter-coats-cold-countries").when, expected);
    h.get_by_label(
        "Reads: geo.country is one of CA, NO, SE, FI, IS and device.type is one of mobile, tablet and not \
         (device.user_agent matches pattern \"iPhone|iPad\" or customer.segments has any of vip, newsletter or \
         cart.categories has any of outerwear)",
    );

    click(&mut h, "Add action");
    click(&mut h, "Add action");
    fill(&mut h, "Action 2 strategy", "best_sellers");
    fill(&mut h, "New action 2 boosted category", "outerwear");
    h.key_press(Key::Enter);
    run(&mut h);
    choose(&mut h, "Action 3 option", "compact");
    choose(&mut h, "Action 3 slot", "cart.offer");
    fill(&mut h, "Action 3 offer code", "COLD10");
    enter_number(&mut h, "Action 3 percent off", "10");
    let then = &rule(&h, "winter-coats-cold-countries").then;
    let outcomes: Vec<(&str, &Outcome)> = then.iter().map(|a| (a.slot.as_str(), &a.outcome)).collect();
    assert_eq!(
        outcomes,
        [
            ("home.hero", &Outcome::Content { id: "winter-coats-hero".into() }),
            ("plp.sort", &Outcome::Ranking { strategy: "best_sellers".into(), boost: strings(&["outerwear"]) }),
            ("cart.offer", &Outcome::Offer { code: "COLD10".into(), percent_off: 10 }),
        ]
    );
    h.try_run().expect("the editor comes to rest: every widget keeps its id from frame to frame");
}
