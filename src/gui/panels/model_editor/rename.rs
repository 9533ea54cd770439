//! Where slots, segments and custom attributes are used, and renaming them
//! everywhere: in rules' actions and conditions, segments' conditions, tests'
//! expectations and the sessions of tests and personas.

use std::collections::HashMap;

use crate::model::{Predicate, Ruleset, Session};

/// The attribute that lists a session's segments.
const SEGMENTS_ATTR: &str = "customer.segments";

/// Which rules use each slot, segment and custom attribute, by id, found in
/// one pass over the rules (the editor shows them every frame; asking for
/// each item apart walked every rule's condition once per segment).
#[derive(Default)]
pub(super) struct Users {
    slots: HashMap<String, Vec<String>>,
    segments: HashMap<String, Vec<String>>,
    /// By the attribute's path (`attributes.<name>`).
    attributes: HashMap<String, Vec<String>>,
}

impl Users {
    /// Who uses what in `rs`; each rule is listed once per item it uses.
    pub(super) fn of(rs: &Ruleset) -> Users {
        fn add(map: &mut HashMap<String, Vec<String>>, mut keys: Vec<&str>, id: &str) {
            keys.sort_unstable();
            keys.dedup();
            for key in keys {
                map.entry(key.to_owned()).or_default().push(id.to_owned());
            }
        }
        let mut users = Users::default();
        for rule in &rs.rules {
            add(&mut users.slots, rule.then.iter().map(|a| a.slot.as_str()).collect(), &rule.id);
            let (mut segments, mut attributes) = (Vec::new(), Vec::new());
            rule.when.visit_preds(&mut Vec::new(), &mut |p, _| {
                if p.attr == SEGMENTS_ATTR {
                    segments.extend(p.op.strings().iter().map(String::as_str));
                }
                attributes.push(p.attr.as_str());
            });
            add(&mut users.segments, segments, &rule.id);
            add(&mut users.attributes, attributes, &rule.id);
        }
        users
    }

    /// The ids of the rules acting on a slot.
    pub(super) fn slot(&self, id: &str) -> &[String] {
        self.slots.get(id).map_or(&[], Vec::as_slice)
    }

    /// The ids of the rules testing a segment.
    pub(super) fn segment(&self, id: &str) -> &[String] {
        self.segments.get(id).map_or(&[], Vec::as_slice)
    }

    /// The ids of the rules testing a custom attribute.
    pub(super) fn attribute(&self, name: &str) -> &[String] {
        self.attributes.get(&attr_path(name)).map_or(&[], Vec::as_slice)
    }
}

/// The path rules test a custom attribute by.
fn attr_path(name: &str) -> String {
    format!("attributes.{name}")
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
    use crate::model::{Action, Condition, Op, Outcome, Rule};

    fn rules_on_slot(rs: &Ruleset, slot: &str) -> Vec<String> {
        Users::of(rs).slot(slot).to_vec()
    }

    fn rules_using_segment(rs: &Ruleset, id: &str) -> Vec<String> {
        Users::of(rs).segment(id).to_vec()
    }

    fn rules_using_attribute(rs: &Ruleset, name: &str) -> Vec<String> {
        Users::of(rs).attribute(name).to_vec()
    }

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
