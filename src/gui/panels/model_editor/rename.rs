//! Where slots, segments and custom attributes are used, and renaming them
//! everywhere: in rules' actions and conditions, segments' conditions, tests'
//! expectations and the sessions of tests and personas.

use crate::model::{Condition, Predicate, Ruleset, Session};

/// The attribute that lists a session's segments.
const SEGMENTS_ATTR: &str = "customer.segments";

/// The ids of the rules acting on a slot.
pub(super) fn rules_on_slot(rs: &Ruleset, slot: &str) -> Vec<String> {
    rs.rules.iter().filter(|r| r.then.iter().any(|a| a.slot == slot)).map(|r| r.id.clone()).collect()
}

/// The ids of the rules whose condition has a predicate passing `test`.
fn rules_testing(rs: &Ruleset, test: impl Fn(&Predicate) -> bool) -> Vec<String> {
    let uses = |c: &Condition| {
        let mut found = false;
        c.visit_preds(&mut Vec::new(), &mut |p, _| found |= test(p));
        found
    };
    rs.rules.iter().filter(|r| uses(&r.when)).map(|r| r.id.clone()).collect()
}

/// The ids of the rules testing a segment.
pub(super) fn rules_using_segment(rs: &Ruleset, id: &str) -> Vec<String> {
    rules_testing(rs, |p| p.attr == SEGMENTS_ATTR && p.op.strings().iter().any(|s| s == id))
}

/// The path rules test a custom attribute by.
fn attr_path(name: &str) -> String {
    format!("attributes.{name}")
}

/// The ids of the rules testing a custom attribute.
pub(super) fn rules_using_attribute(rs: &Ruleset, name: &str) -> Vec<String> {
    let path = attr_path(name);
    rules_testing(rs, |p| p.attr == path)
}

/// Calls `f` on every predicate of the rules' and segments' conditions.
fn each_predicate(rs: &mut Ruleset, mut f: impl FnMut(&mut Predicate)) {
    let segments = rs.segments.iter_mut().filter_map(|s| s.when.as_mut());
    for when in rs.rules.iter_mut().map(|r| &mut r.when).chain(segments) {
        when.visit_preds_mut(&mut f);
    }
}

/// The sessions of the tests and personas.
fn sessions(rs: &mut Ruleset) -> impl Iterator<Item = &mut Session> {
    rs.tests.iter_mut().map(|t| &mut t.session).chain(rs.personas.iter_mut().map(|p| &mut p.session))
}

/// Renames a slot everywhere: rules' actions and tests' expectations.
pub(super) fn rename_slot(rs: &mut Ruleset, old: &str, new: &str) {
    for r in &mut rs.rules {
        for a in r.then.iter_mut().filter(|a| a.slot == old) {
            a.slot = new.to_owned();
        }
    }
    for t in &mut rs.tests {
        if let Some(o) = t.expect.remove(old) {
            t.expect.insert(new.to_owned(), o);
        }
    }
}

/// Renames a segment everywhere: conditions of rules and segments, and the
/// upstream segment lists of tests' and personas' sessions.
pub(super) fn rename_segment(rs: &mut Ruleset, old: &str, new: &str) {
    each_predicate(rs, |p| {
        if p.attr == SEGMENTS_ATTR {
            for s in p.op.strings_mut().iter_mut().filter(|s| *s == old) {
                *s = new.to_owned();
            }
        }
    });
    for session in sessions(rs) {
        for s in session.customer.segments.iter_mut().flatten().filter(|s| *s == old) {
            *s = new.to_owned();
        }
    }
}

/// Renames a custom attribute everywhere: conditions, and the attributes of
/// tests' and personas' sessions.
pub(super) fn rename_attribute(rs: &mut Ruleset, old: &str, new: &str) {
    let (from, to) = (attr_path(old), attr_path(new));
    each_predicate(rs, |p| {
        if p.attr == from {
            p.attr.clone_from(&to);
        }
    });
    for session in sessions(rs) {
        if let Some(v) = session.attributes.remove(old) {
            session.attributes.insert(new.to_owned(), v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Op, Outcome, Rule};

    fn demo() -> Ruleset {
        crate::format::load_ruleset("rulesets/demo-store.rules.ron".as_ref()).unwrap().ruleset
    }

    #[test]
    fn renaming_a_segment_follows_it_everywhere() {
        let mut rs = demo();
        let before = rules_using_segment(&rs, "vip");
        assert!(!before.is_empty());
        rename_segment(&mut rs, "vip", "best-customers");
        assert!(rules_using_segment(&rs, "vip").is_empty());
        assert_eq!(rules_using_segment(&rs, "best-customers"), before);
        assert!(rs.personas[0].session.customer.segments.as_ref().unwrap().contains(&"best-customers".to_owned()));
    }

    #[test]
    fn renaming_a_slot_follows_it_into_rules_and_tests() {
        let mut rs = demo();
        let users = rules_on_slot(&rs, "layout");
        rename_slot(&mut rs, "layout", "storefront.layout");
        assert!(rules_on_slot(&rs, "layout").is_empty());
        assert_eq!(rules_on_slot(&rs, "storefront.layout"), users);
        assert!(rs.tests.iter().all(|t| !t.expect.contains_key("layout")));
    }

    #[test]
    fn renaming_an_attribute_follows_it() {
        let mut rs = demo();
        rs.rules.push(Rule::new(
            "gold",
            "Gold",
            1,
            Condition::pred("attributes.loyalty_tier", Op::Is("gold".into())),
            vec![Action { slot: "home.hero".into(), outcome: Outcome::Content { id: "x".into() } }],
        ));
        let users = rules_using_attribute(&rs, "loyalty_tier");
        assert!(users.contains(&"gold".to_owned()));
        rename_attribute(&mut rs, "loyalty_tier", "tier");
        assert!(rules_using_attribute(&rs, "loyalty_tier").is_empty());
        assert_eq!(rules_using_attribute(&rs, "tier"), users);
        assert!(rs.personas[0].session.attributes.contains_key("tier"));
    }
}
