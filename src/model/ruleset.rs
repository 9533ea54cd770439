//! The ruleset document (the project file): slots, segments, rules, tests.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Condition, CustomType, Outcome, Rule, Session, Slot};

/// A ruleset as merchandisers author it (SPEC §3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ruleset {
    /// The ruleset's name; exports are named after it.
    pub name: String,
    /// What the ruleset is for.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// IANA time zone for schedules, `time.weekday` and `time.hour`.
    pub time_zone: String,
    /// Custom attributes (`attributes.<name>`) and their types.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<CustomAttribute>,
    /// The placements rules act on.
    #[serde(deserialize_with = "crate::model::limits::de::slots")]
    pub slots: Vec<Slot>,
    /// Named segments.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "crate::model::limits::de::segments")]
    pub segments: Vec<Segment>,
    /// The rules, in file order (which breaks priority ties).
    #[serde(default, deserialize_with = "crate::model::limits::de::rules")]
    pub rules: Vec<Rule>,
    /// QA cases: a session and the outcome expected per slot.
    #[serde(default, skip_serializing_if = "Vec::is_empty", deserialize_with = "crate::model::limits::de::tests")]
    pub tests: Vec<TestCase>,
    /// Sessions the simulator offers as presets ("a returning VIP from
    /// Canada on an iPhone").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub personas: Vec<Persona>,
    /// The last export, so versions only increase even if old exports are
    /// deleted. Written by `rulestudio export`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_export: Option<ExportStamp>,
}

/// A named session preset for the simulator.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Persona {
    /// What the persona is, e.g. "Returning VIP from Canada on an iPhone".
    pub name: String,
    /// The session.
    pub session: Session,
}

/// Which version was exported last, and what it contained.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportStamp {
    /// The version number of the last export.
    pub version: u32,
    /// The checksum of its body (`sha256:<hex>`).
    pub checksum: String,
}

/// A custom attribute declaration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomAttribute {
    /// The name after `attributes.`, e.g. `loyalty_tier`.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: CustomType,
    /// What it means.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// A named segment: a session is in it when its `customer.segments` lists it
/// or when its condition holds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Segment {
    /// The segment's id, as listed in `customer.segments`.
    pub id: String,
    /// What the segment is, for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Membership computed from the session; upstream-only when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Condition>,
}

/// A QA case: a session and the outcome expected for some slots.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TestCase {
    /// The test's name.
    pub name: String,
    /// The session to decide.
    pub session: Session,
    /// Expected outcome per slot id.
    pub expect: BTreeMap<String, Outcome>,
}

impl Ruleset {
    /// An empty ruleset with one content slot.
    pub fn new(name: &str) -> Self {
        Ruleset {
            name: name.to_owned(),
            description: String::new(),
            time_zone: "UTC".to_owned(),
            attributes: Vec::new(),
            slots: vec![Slot {
                id: "home.hero".to_owned(),
                kind: super::SlotKind::Content,
                default: Outcome::Content { id: "default-hero".to_owned() },
                description: "Home page hero banner".to_owned(),
            }],
            segments: Vec::new(),
            rules: Vec::new(),
            tests: Vec::new(),
            personas: Vec::new(),
            last_export: None,
        }
    }

    /// The slot with this id.
    pub fn slot(&self, id: &str) -> Option<&Slot> {
        self.slots.iter().find(|s| s.id == id)
    }

    /// The rule with this id.
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// The index of the rule with this id.
    pub fn rule_index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }
}
