//! Tests of the document: edits undone and redone exactly, the shared copy, the structure counter, dirty tracking.
use super::*;
use crate::gui::history::heap::Heap;

fn showcase() -> Vec<Rule> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rulesets/conflicts-showcase.rules.ron");
    let mut rules = load_ruleset(&path).unwrap().ruleset.rules;
    for rule in &mut rules {
        rule.updated = None;
    }
    rules
}

fn stamped(rules: &[Rule]) -> Vec<(usize, &str)> {
    rules.iter().enumerate().filter(|(_, r)| r.updated.is_some()).map(|(i, r)| (i, r.name.as_str())).collect()
}

#[test]
fn only_changed_rules_are_dated_even_where_ids_repeat() {
    let old = showcase();
    let twins: Vec<usize> = (0..old.len()).filter(|&i| old[i].id == "duplicate").collect();
    assert_eq!(twins.len(), 2, "the showcase repeats an id");

    // Moving rules dates nothing, twins included.
    let mut moved = old.clone();
    moved.swap(0, old.len() - 1);
    stamp_changed(&old, &mut moved, local_today());
    assert_eq!(stamped(&moved), vec![]);

    // Editing the second twin dates it alone.
    let mut edited = old.clone();
    edited[twins[1]].priority += 1;
    stamp_changed(&old, &mut edited, local_today());
    assert_eq!(stamped(&edited), vec![(twins[1], old[twins[1]].name.as_str())]);

    // A rule that is new to the list is not "edited".
    let mut grown = old.clone();
    let mut fresh = old[0].clone();
    fresh.id = "fresh".into();
    grown.push(fresh);
    stamp_changed(&old, &mut grown, local_today());
    assert_eq!(stamped(&grown), vec![]);
}

/// A document over a small generated ruleset.
fn doc(seed: u64, rules: usize) -> Document {
    let mut doc = Document::untitled(crate::generate::ruleset(seed, rules, 3));
    doc.today = NaiveDate::from_ymd_opt(2026, 1, 2);
    doc
}

#[test]
fn every_edit_is_undone_and_redone_exactly() {
    type Make = fn(&Ruleset) -> Edit;
    let cases: [(&str, Make, &str); 9] = [
        (
            "a rule's field",
            |rs| {
                let mut rule = rs.rules[1].clone();
                rule.name = "renamed".into();
                Edit::UpdateRule { index: 1, rule: Box::new(rule), key: Some("name".into()) }
            },
            "edit rule `r1`",
        ),
        (
            "a move that swaps priorities",
            |rs| {
                let (mut a, mut b) = (rs.rules[0].clone(), rs.rules[2].clone());
                std::mem::swap(&mut a.priority, &mut b.priority);
                Edit::UpdateRules { label: "move".into(), rules: vec![(0, a), (2, b)] }
            },
            "move",
        ),
        (
            "a new rule",
            |rs| {
                let mut rule = rs.rules[0].clone();
                rule.id = "new".into();
                Edit::InsertRule { index: 2, rule: Box::new(rule) }
            },
            "add rule `new`",
        ),
        ("a deleted rule", |_| Edit::DeleteRule(3), "delete rule `r3`"),
        (
            "a bulk delete",
            |rs| {
                let rules = rs.rules.iter().enumerate().filter(|(i, _)| i % 2 == 0).map(|(_, r)| r.clone()).collect();
                Edit::SetRules { label: "delete 3 rules".into(), rules }
            },
            "delete 3 rules",
        ),
        (
            "a reordered list",
            |rs| {
                let mut rules = rs.rules.clone();
                rules[1..5].reverse();
                rules.pop();
                Edit::SetRules { label: "reorder".into(), rules }
            },
            "reorder",
        ),
        (
            "the name",
            |_| Edit::SetParts {
                label: "rename the ruleset".into(),
                parts: vec![Part::Name("new name".into())],
                key: Some("name".into()),
            },
            "rename the ruleset",
        ),
        (
            "a rename that reaches into the rules",
            |rs| {
                let mut new = rs.clone();
                let old = new.slots[0].id.clone();
                new.slots[0].id = "renamed.slot".into();
                for action in new.rules.iter_mut().flat_map(|r| r.then.iter_mut()) {
                    if action.slot == old {
                        action.slot = "renamed.slot".into();
                    }
                }
                Edit::SetRuleset { label: "rename slot".into(), ruleset: Box::new(new), key: None }
            },
            "rename slot",
        ),
        (
            "tests and description",
            |rs| {
                let mut new = rs.clone();
                new.description = "described".into();
                new.personas.clear();
                Edit::SetRuleset { label: "describe".into(), ruleset: Box::new(new), key: None }
            },
            "describe",
        ),
    ];
    for (what, make, label) in cases {
        let mut doc = doc(7, 6);
        for (i, rule) in doc.ruleset.rules.iter_mut().enumerate() {
            rule.id = format!("r{i}");
        }
        let original = doc.ruleset.clone();
        let generation = doc.generation;
        assert!(doc.apply(make(&doc.ruleset)), "{what}: applied");
        assert_ne!(doc.generation, generation, "{what}: a new generation");
        assert!(doc.is_dirty(), "{what}: unsaved");
        let after = doc.ruleset.clone();
        assert_ne!(after, original, "{what}: changed something");
        assert_eq!(doc.history.undo_label(), Some(label), "{what}");
        assert_eq!(doc.undo().as_deref(), Some(label), "{what}");
        assert_eq!(doc.ruleset, original, "{what}: undo restores exactly");
        assert_eq!(*doc.snapshot(), original, "{what}: the shared copy follows");
        assert_eq!(doc.redo().as_deref(), Some(label), "{what}");
        assert_eq!(doc.ruleset, after, "{what}: redo restores exactly");
        assert_eq!(*doc.snapshot(), after, "{what}: the shared copy follows");
    }
}

#[test]
fn an_edit_that_changes_nothing_is_not_recorded() {
    let mut doc = doc(2, 3);
    let generation = doc.generation;
    let same = doc.ruleset.rules[0].clone();
    assert!(!doc.apply(Edit::UpdateRule { index: 0, rule: Box::new(same), key: None }));
    let name = Part::Name(doc.ruleset.name.clone());
    assert!(!doc.apply(Edit::SetParts { label: "name".into(), parts: vec![name], key: None }));
    assert!(!doc.apply(Edit::SetRules { label: "same".into(), rules: doc.ruleset.rules.clone() }));
    assert!(!doc.apply(Edit::DeleteRule(3)), "past the end");
    assert_eq!(doc.history.undo_len(), 0);
    assert_eq!(doc.generation, generation);
    assert!(!doc.is_dirty());
}

#[test]
fn the_structure_moves_with_rule_and_list_edits_only() {
    let mut doc = doc(2, 3);
    let start = doc.structure;
    for (part, structural) in [
        (Part::Name("renamed".into()), false),
        (Part::Description("about".into()), false),
        (Part::TimeZone("Europe/Oslo".into()), false),
        (Part::Segments(Vec::new()), true),
    ] {
        let before = doc.structure;
        assert!(doc.apply(Edit::SetParts { label: "part".into(), parts: vec![part], key: None }));
        assert_eq!(doc.structure != before, structural, "{:?}", doc.history.undo_len());
    }
    let before = doc.structure;
    let mut rule = doc.ruleset.rules[0].clone();
    rule.notes = "x".into();
    doc.apply(Edit::UpdateRule { index: 0, rule: Box::new(rule), key: None });
    assert_ne!(doc.structure, before, "a rule edit");
    let before = doc.structure;
    doc.undo();
    assert_ne!(doc.structure, before, "undoing a rule edit");
    let before = doc.structure;
    doc.undo();
    doc.undo();
    assert_ne!(doc.structure, before, "undoing the segments (and the time zone)");
    let before = doc.structure;
    doc.undo();
    doc.undo();
    assert_eq!(doc.structure, before, "undoing the description and the name");
    assert_ne!(doc.structure, start, "the structure never goes back: views recompute");
}

#[test]
fn edits_copy_only_what_they_change() {
    let mut doc = doc(3, 200);
    let mut rule = doc.ruleset.rules[5].clone();
    rule.notes = "x".into();
    doc.apply(Edit::UpdateRule { index: 5, rule: Box::new(rule), key: None });
    let one_rule = doc.history.heap_bytes();
    doc.apply(Edit::DeleteRule(7));
    doc.apply(Edit::SetParts { label: "name".into(), parts: vec![Part::Name("n".into())], key: None });
    let mut rules = doc.ruleset.rules.clone();
    rules.remove(50);
    rules.remove(20);
    doc.apply(Edit::SetRules { label: "bulk".into(), rules });
    let whole: usize = doc.ruleset.rules.iter().map(Heap::heap).sum();
    assert!(one_rule < whole / 50, "one rule: {one_rule} bytes of {whole}");
    assert!(doc.history.heap_bytes() < whole / 20, "four edits: {} bytes of {whole}", doc.history.heap_bytes());
    assert_eq!(doc.history.undo_len(), 4);
}

#[test]
fn typing_in_one_field_is_one_step() {
    let mut doc = doc(1, 3);
    let original = doc.ruleset.clone();
    for name in ["n", "na", "nam", "name"] {
        doc.apply(Edit::SetParts {
            label: "rename".into(),
            parts: vec![Part::Name(name.into())],
            key: Some("name".into()),
        });
    }
    for notes in ["a", "ab"] {
        let mut rule = doc.ruleset.rules[0].clone();
        rule.notes = notes.into();
        doc.apply(Edit::UpdateRule { index: 0, rule: Box::new(rule), key: Some("notes".into()) });
    }
    assert_eq!(doc.history.undo_len(), 2);
    doc.undo();
    assert_eq!(doc.ruleset.rules, original.rules);
    assert_eq!(doc.ruleset.name, "name");
    doc.undo();
    assert_eq!(doc.ruleset, original);
    assert!(doc.undo().is_none());
    // Saving marks the document clean; an undo after it makes it dirty again.
    doc.redo();
    doc.mark_saved();
    assert!(!doc.is_dirty());
    doc.undo();
    assert!(doc.is_dirty());
}

/// An action of the property test, made into an edit of the document as
/// it is when the action comes.
#[derive(Clone, Debug)]
enum Act {
    Field { at: usize, text: u8, key: Option<u8> },
    Move { at: usize, up: bool },
    Insert { at: usize, from: usize },
    Delete { at: usize },
    Bulk { drop: Vec<bool>, disable: Vec<bool> },
    Shuffle { from: usize, len: usize, add: bool },
    Name { text: u8, key: bool },
    RenameSlot { text: u8 },
    Undo,
    Redo,
    Snapshot,
}

fn act() -> impl Strategy<Value = Act> {
    prop_oneof![
        4 => (0..64usize, any::<u8>(), proptest::option::of(0..2u8)).prop_map(|(at, text, key)| Act::Field { at, text, key }),
        2 => (0..64usize, any::<bool>()).prop_map(|(at, up)| Act::Move { at, up }),
        2 => (0..64usize, 0..64usize).prop_map(|(at, from)| Act::Insert { at, from }),
        2 => (0..64usize).prop_map(|at| Act::Delete { at }),
        1 => (proptest::collection::vec(proptest::bool::weighted(0.2), 16), proptest::collection::vec(any::<bool>(), 16))
            .prop_map(|(drop, disable)| Act::Bulk { drop, disable }),
        1 => (0..64usize, 0..6usize, any::<bool>()).prop_map(|(from, len, add)| Act::Shuffle { from, len, add }),
        2 => (any::<u8>(), any::<bool>()).prop_map(|(text, key)| Act::Name { text, key }),
        1 => any::<u8>().prop_map(|text| Act::RenameSlot { text }),
        2 => Just(Act::Undo),
        1 => Just(Act::Redo),
        1 => Just(Act::Snapshot),
    ]
}

fn edit_for(act: &Act, rs: &Ruleset) -> Option<Edit> {
    let n = rs.rules.len();
    let pick = |at: usize| (n > 0).then(|| at % n);
    Some(match act {
        Act::Field { at, text, key } => {
            let at = pick(*at)?;
            let mut rule = rs.rules[at].clone();
            rule.notes.push(char::from(b'a' + text % 26));
            rule.priority += i32::from(*text % 3);
            Edit::UpdateRule { index: at, rule: Box::new(rule), key: key.map(|k| format!("k{k}")) }
        }
        Act::Move { at, up } => {
            let at = pick(*at)?;
            let other = if *up { at.checked_sub(1)? } else { Some(at + 1).filter(|o| *o < n)? };
            let (mut a, mut b) = (rs.rules[at].clone(), rs.rules[other].clone());
            if a.priority == b.priority {
                std::mem::swap(&mut a, &mut b);
            } else {
                std::mem::swap(&mut a.priority, &mut b.priority);
            }
            Edit::UpdateRules { label: "move".into(), rules: vec![(at, a), (other, b)] }
        }
        Act::Insert { at, from } => {
            let mut rule = rs
                .rules
                .get(pick(*from).unwrap_or(0))
                .cloned()
                .unwrap_or_else(|| Rule::new("fresh", "Fresh", 1, crate::model::Condition::always(), vec![]));
            rule.id = format!("{}-copy", rule.id);
            Edit::InsertRule { index: at % (n + 1), rule: Box::new(rule) }
        }
        Act::Delete { at } => Edit::DeleteRule(pick(*at)?),
        Act::Bulk { drop, disable } => {
            let mut rules = Vec::new();
            for (i, rule) in rs.rules.iter().enumerate() {
                if drop[i % drop.len()] {
                    continue;
                }
                let mut rule = rule.clone();
                if disable[i % disable.len()] {
                    rule.enabled = false;
                }
                rules.push(rule);
            }
            Edit::SetRules { label: "bulk".into(), rules }
        }
        Act::Shuffle { from, len, add } => {
            let mut rules = rs.rules.clone();
            let from = pick(*from)?;
            let to = (from + len).min(n);
            rules[from..to].reverse();
            if *add {
                rules.insert(from, rs.rules[from].clone());
            }
            Edit::SetRules { label: "shuffle".into(), rules }
        }
        Act::Name { text, key } => Edit::SetParts {
            label: "name".into(),
            parts: vec![Part::Name(format!("name {text}"))],
            key: key.then(|| "name".to_owned()),
        },
        Act::RenameSlot { text } => {
            let mut new = rs.clone();
            let slot = new.slots.first_mut()?;
            let old = std::mem::replace(&mut slot.id, format!("slot.{text}"));
            for action in new.rules.iter_mut().flat_map(|r| r.then.iter_mut()) {
                if action.slot == old {
                    action.slot = format!("slot.{text}");
                }
            }
            Edit::SetRuleset { label: "rename slot".into(), ruleset: Box::new(new), key: None }
        }
        Act::Undo | Act::Redo | Act::Snapshot => return None,
    })
}

use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Any sequence of edits, undos and redos: undoing everything gives
    /// the original back, redoing everything the final ruleset, and the
    /// shared copy always equals the document.
    #[test]
    fn undo_all_restores_the_original_and_redo_all_the_final(
        seed in 0..1000u64,
        rules in 0..12usize,
        acts in proptest::collection::vec(act(), 0..40),
    ) {
        let mut doc = doc(seed, rules);
        let original = doc.ruleset.clone();
        for act in &acts {
            match act {
                Act::Undo => { doc.undo(); }
                Act::Redo => { doc.redo(); }
                Act::Snapshot => prop_assert_eq!(&*doc.snapshot(), &doc.ruleset),
                _ => if let Some(edit) = edit_for(act, &doc.ruleset) { doc.apply(edit); },
            }
        }
        let last = doc.ruleset.clone();
        prop_assert_eq!(&*doc.snapshot(), &last);
        let mut undone = 0;
        while doc.undo().is_some() {
            undone += 1;
        }
        prop_assert_eq!(&doc.ruleset, &original);
        prop_assert_eq!(&*doc.snapshot(), &original);
        // The steps undone along the way stay redoable beyond these.
        for _ in 0..undone {
            prop_assert!(doc.redo().is_some());
        }
        prop_assert_eq!(&doc.ruleset, &last);
        prop_assert_eq!(&*doc.snapshot(), &last);
    }
}
