//! Property test of surgical saves with the studio's own edits: random
//! sequences of [`Edit`]s applied to the demo and the showcase, saved after
//! each one. Every save reads back as the document; the text of every item
//! the edit did not touch (its comment lines included) survives byte for
//! byte and in order; and the lines that changed are no more than the lines
//! of the touched items.

use std::collections::BTreeSet;
use std::path::Path;

use proptest::prelude::*;
use rulestudio::format::load_ruleset;
use rulestudio::format::ron_tree::{Kind, Node, atom_value, parse};
use rulestudio::gui::document::{Document, Edit};
use rulestudio::model::{Condition, Op, Ruleset};

use crate::support::{changed_lines, repo};

/// One edit as the studio makes it, by position in the current ruleset.
#[derive(Clone, Debug)]
enum Step {
    Priority(usize, i32),
    Rename(usize),
    AddCountry(usize),
    Insert(usize),
    Delete(usize),
    Swap(usize, usize),
    Describe,
    SlotText(usize),
    TestSession(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (any::<usize>(), -50..200i32).prop_map(|(i, p)| Step::Priority(i, p)),
        any::<usize>().prop_map(Step::Rename),
        any::<usize>().prop_map(Step::AddCountry),
        any::<usize>().prop_map(Step::Insert),
        any::<usize>().prop_map(Step::Delete),
        (any::<usize>(), any::<usize>()).prop_map(|(i, j)| Step::Swap(i, j)),
        Just(Step::Describe),
        any::<usize>().prop_map(Step::SlotText),
        any::<usize>().prop_map(Step::TestSession),
    ]
}

/// The edit for a step, and the items it touches (`list:identity`, or a
/// header field's name). `None` when the step does not apply.
fn edit(rs: &Ruleset, step: &Step, serial: usize) -> Option<(Edit, Vec<String>)> {
    let n = rs.rules.len();
    let rule_at = |i: usize| (n > 0).then(|| (i % n, rs.rules[i % n].clone()));
    let touched = |id: &str| vec![format!("rules:{id}")];
    let update = |index: usize, rule: rulestudio::model::Rule| {
        let t = touched(&rule.id);
        Some((Edit::UpdateRule { index, rule: Box::new(rule), key: None }, t))
    };
    let whole = |ruleset: Ruleset, t: Vec<String>| {
        Some((Edit::SetRuleset { label: "edit".into(), ruleset: Box::new(ruleset), key: None }, t))
    };
    match *step {
        Step::Priority(i, p) => {
            let (index, mut rule) = rule_at(i)?;
            rule.priority = p;
            update(index, rule)
        }
        Step::Rename(i) => {
            let (index, mut rule) = rule_at(i)?;
            rule.name.push_str(" (edited)");
            update(index, rule)
        }
        Step::AddCountry(i) => {
            let (index, mut rule) = rule_at(i)?;
            match &mut rule.when {
                Condition::Pred(p) if matches!(p.op, Op::In(_)) => {
                    if let Op::In(values) = &mut p.op {
                        values.push("DK".into());
                    }
                }
                _ => rule.enabled = !rule.enabled,
            }
            update(index, rule)
        }
        Step::Insert(i) => {
            let (_, mut rule) = rule_at(i)?;
            rule.id = format!("prop-rule-{serial}");
            let t = touched(&rule.id);
            Some((Edit::InsertRule { index: i % (n + 1), rule: Box::new(rule) }, t))
        }
        Step::Delete(i) => {
            let (index, rule) = rule_at(i)?;
            Some((Edit::DeleteRule(index), touched(&rule.id)))
        }
        Step::Swap(i, j) => {
            let ((a, ra), (b, rb)) = (rule_at(i)?, rule_at(j)?);
            let mut rules = rs.rules.clone();
            rules.swap(a, b);
            let mut t = touched(&ra.id);
            t.extend(touched(&rb.id));
            Some((Edit::SetRules { label: "move".into(), rules }, t))
        }
        Step::Describe => {
            let mut new = rs.clone();
            new.description = format!("Edited description {serial}");
            whole(new, vec!["description".into()])
        }
        Step::SlotText(i) => {
            let mut new = rs.clone();
            let slot = new.slots.get_mut(i % rs.slots.len().max(1))?;
            slot.description = format!("Slot note {serial}");
            let t = vec![format!("slots:{}", slot.id)];
            whole(new, t)
        }
        Step::TestSession(i) => {
            let mut new = rs.clone();
            let len = rs.tests.len().max(1);
            let test = new.tests.get_mut(i % len)?;
            test.session.id = format!("{}-{serial}", test.session.id);
            let t = vec![format!("tests:{}", test.name)];
            whole(new, t)
        }
    }
}

/// The offset just after the line holding `pos`.
fn line_end(src: &str, pos: usize) -> usize {
    src[pos..].find('\n').map_or(src.len(), |i| pos + i + 1)
}

/// What names an item: its `id` or `name` field.
fn identity(node: &Node) -> String {
    ["id", "name"]
        .into_iter()
        .find_map(|f| node.items.iter().find(|i| i.key.as_ref().is_some_and(|k| k.text == f)))
        .map(|i| atom_value(&i.value.text))
        .unwrap_or_default()
}

/// The file cut into pieces of text, each labelled with the item it
/// belongs to (`None` for the lines around them): the header fields, and
/// each list's items with the comment lines above them.
fn pieces(src: &str) -> Vec<(Option<String>, String)> {
    let root = parse(src).unwrap().root;
    let mut out = Vec::new();
    let mut at = line_end(src, root.span.start);
    out.push((None, src[..at].to_owned()));
    for field in &root.items {
        let name = field.key.as_ref().map(|k| k.text.clone()).unwrap_or_default();
        let end = line_end(src, field.value.span.end);
        let value = &field.value;
        if value.kind == Kind::List && !value.items.is_empty() && src[value.span.clone()].contains('\n') {
            let open = line_end(src, value.span.start);
            out.push((None, src[at..open].to_owned()));
            at = open;
            for item in &value.items {
                let item_end = line_end(src, item.value.span.end);
                out.push((Some(format!("{name}:{}", identity(&item.value))), src[at..item_end].to_owned()));
                at = item_end;
            }
            out.push((None, src[at..end].to_owned()));
        } else {
            out.push((Some(name), src[at..end].to_owned()));
        }
        at = end;
    }
    out.push((None, src[at..].to_owned()));
    out
}

fn check_save(before: &str, after: &str, touched: &BTreeSet<String>) -> Result<(), TestCaseError> {
    let mut from = 0;
    let mut budget = 0;
    for (label, text) in pieces(before) {
        let is_touched = label.as_ref().is_some_and(|l| touched.contains(l));
        if is_touched {
            budget += text.lines().count();
            continue;
        }
        let found = after[from..].find(&text);
        prop_assert!(found.is_some(), "untouched text lost or moved:\n{text}\n--- saved:\n{after}");
        from += found.unwrap_or(0) + text.len();
    }
    budget += pieces(after)
        .iter()
        .filter(|(l, _)| l.as_ref().is_some_and(|l| touched.contains(l)))
        .map(|(_, t)| t.lines().count())
        .sum::<usize>();
    let changed = changed_lines(before, after);
    prop_assert!(changed <= budget.max(1), "{changed} lines changed for {touched:?} ({budget} lines touched)");
    Ok(())
}

fn run_steps(file: &str, steps: &[Step]) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.rules.ron");
    std::fs::copy(repo(file), &path).unwrap();
    let mut doc = Document::open(&path).unwrap();
    for (serial, step) in steps.iter().enumerate() {
        let Some((edit, touched)) = edit(&doc.ruleset, step, serial) else { continue };
        if !doc.apply(edit) {
            continue;
        }
        let before = std::fs::read_to_string(&path).unwrap();
        doc.save_to(&path).unwrap();
        let after = std::fs::read_to_string(&path).unwrap();
        prop_assert_eq!(&load_ruleset(Path::new(&path)).unwrap().ruleset, &doc.ruleset);
        check_save(&before, &after, &touched.into_iter().collect())?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn saves_of_the_demo_change_only_edited_items(steps in prop::collection::vec(step(), 1..6)) {
        run_steps("rulesets/demo-store.rules.ron", &steps)?;
    }

    #[test]
    fn saves_of_the_showcase_change_only_edited_items(steps in prop::collection::vec(step(), 1..6)) {
        run_steps("rulesets/conflicts-showcase.rules.ron", &steps)?;
    }
}
