//! Changelogs between two export bodies: rules added, removed, and changed
//! field by field; other changes (slots, segments, time zone) in words.

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::Body;
use crate::model::Rule;

/// What changed since the previous export.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Changelog {
    /// The previous export's version, if there was one.
    pub previous_version: Option<u32>,
    /// Ids of rules that are new (or newly enabled).
    pub added: Vec<String>,
    /// Ids of rules that are gone (or disabled).
    pub removed: Vec<String>,
    /// Rules that changed, field by field.
    pub changed: Vec<RuleChange>,
    /// Other changes, in words.
    pub other: Vec<String>,
    /// A remark, e.g. when the previous export could not be read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// One rule's changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleChange {
    /// The rule's id.
    pub rule: String,
    /// The day it was last edited, when its dates say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub updated: Option<NaiveDate>,
    /// Each changed field.
    pub fields: Vec<FieldChange>,
}

/// One changed field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FieldChange {
    /// The field, e.g. `priority` or `when`.
    pub field: String,
    /// Its value before, readable.
    pub before: String,
    /// Its value now, readable.
    pub after: String,
}

fn fields(rule: &Rule) -> Vec<(&'static str, String)> {
    let then: Vec<String> = rule.then.iter().map(|a| format!("{}: {}", a.slot, a.outcome)).collect();
    vec![
        ("name", rule.name.clone()),
        ("priority", rule.priority.to_string()),
        ("when", rule.when.to_string()),
        ("then", then.join("; ")),
        ("schedule", serde_json::to_string(&rule.schedule).unwrap_or_default()),
        ("holdout_percent", rule.holdout_percent.to_string()),
        ("tags", rule.tags.join(", ")),
        ("notes", rule.notes.clone()),
    ]
}

/// The changelog from `old` (version `previous`) to `new`.
pub fn diff(old: &Body, new: &Body, previous: u32) -> Changelog {
    let mut log = Changelog { previous_version: Some(previous), ..Changelog::default() };
    for rule in &new.rules {
        match old.rules.iter().find(|r| r.id == rule.id) {
            None => log.added.push(rule.id.clone()),
            Some(before) => {
                let changes: Vec<FieldChange> = fields(before)
                    .into_iter()
                    .zip(fields(rule))
                    .filter(|((_, a), (_, b))| a != b)
                    .map(|((field, before), (_, after))| FieldChange { field: field.to_owned(), before, after })
                    .collect();
                if !changes.is_empty() {
                    log.changed.push(RuleChange {
                        rule: rule.id.clone(),
                        updated: rule.last_edited(),
                        fields: changes,
                    });
                }
            }
        }
    }
    log.removed = old.rules.iter().filter(|r| !new.rules.iter().any(|n| n.id == r.id)).map(|r| r.id.clone()).collect();
    if old.time_zone != new.time_zone {
        log.other.push(format!("time zone changed from `{}` to `{}`", old.time_zone, new.time_zone));
    }
    named("slot", &old.slots, &new.slots, |s| &s.id, &mut log.other);
    named("segment", &old.segments, &new.segments, |s| &s.id, &mut log.other);
    named("attribute", &old.attributes, &new.attributes, |a| &a.name, &mut log.other);
    let order = |b: &Body| b.rules.iter().map(|r| r.id.clone()).collect::<Vec<_>>();
    if log.added.is_empty() && log.removed.is_empty() && log.changed.is_empty() && order(old) != order(new) {
        log.other.push("the evaluation order of rules changed".to_owned());
    }
    log
}

/// Lines for the named items (slots, segments, attributes) added, changed
/// or removed between `old` and `new`, in the new file's order, then the
/// removed ones in the old file's order.
fn named<T: PartialEq>(what: &str, old: &[T], new: &[T], key: impl Fn(&T) -> &str, out: &mut Vec<String>) {
    let find = |items: &'_ [T], id: &str| -> Option<usize> { items.iter().position(|t| key(t) == id) };
    for item in new {
        let id = key(item);
        match find(old, id) {
            None => out.push(format!("{what} `{id}` added")),
            Some(i) if old[i] != *item => out.push(format!("{what} `{id}` changed")),
            Some(_) => {}
        }
    }
    for id in old.iter().map(&key).filter(|id| find(new, id).is_none()) {
        out.push(format!("{what} `{id}` removed"));
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::export::body_of;
    use crate::format::parse_ruleset;

    #[test]
    fn slots_segments_and_attributes_added_changed_and_removed() {
        let src = include_str!("../../rulesets/demo-store.rules.ron");
        let old = parse_ruleset(src, "demo-store.rules.ron").unwrap();
        let mut new = old.clone();
        new.slots[0].description = "edited".to_owned();
        let gone = new.segments.remove(0).id;
        let mut extra = new.segments[0].clone();
        extra.id = "brand-new".to_owned();
        new.segments.push(extra);
        let log = diff(&body_of(&old), &body_of(&new), 1);
        assert_eq!(
            log.other,
            [
                format!("slot `{}` changed", old.slots[0].id),
                "segment `brand-new` added".to_owned(),
                format!("segment `{gone}` removed"),
            ]
        );
        assert!(log.added.is_empty() && log.removed.is_empty() && log.changed.is_empty());
        assert!(diff(&body_of(&old), &body_of(&old), 1).other.is_empty());
    }
}
