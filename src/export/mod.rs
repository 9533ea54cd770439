//! Versioned exports (SPEC §7): the file serving systems load. A header
//! (format, version, checksum, changelog) and a body (everything needed to
//! decide: slots, segments, custom attributes, enabled rules in evaluation
//! order, time zone, hash spec). The same content is written as JSON and RON.
//!
//! The checksum is SHA-256 over the body's RFC 8785 canonical JSON, so any
//! language can verify it. `docs/FORMAT.md` documents the file.

mod changelog;
mod decider;
mod load;
mod locate;
mod write;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use changelog::{Changelog, FieldChange, RuleChange, diff};
pub use decider::{Decider, DeciderError, is_export, load_decider};
pub use load::{LoadedExport, load_export, parse_export};
pub use write::{ExportError, ExportOutcome, Plan, export, file_names, plan, to_json, to_ron};

use crate::model::{CustomAttribute, Rule, Ruleset, Segment, Slot};

/// The format name every export carries.
pub const FORMAT_NAME: &str = "rulestudio-ruleset";
/// The format version this engine writes; it reads every `1.x`.
pub const FORMAT_VERSION: &str = "1.0";
/// The major format version this engine reads.
pub const FORMAT_MAJOR: u32 = 1;

/// An export file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExportFile {
    /// What the file is and where it comes from.
    pub header: Header,
    /// What serving systems evaluate.
    pub body: Body,
}

/// The header of an export.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Always `rulestudio-ruleset`.
    pub format: String,
    /// `major.minor`; loaders refuse a newer major version.
    pub format_version: String,
    /// The ruleset's name.
    pub name: String,
    /// The export's version number; versions only increase.
    pub version: u32,
    /// When it was exported (RFC 3339, UTC).
    pub created_at: String,
    /// `sha256:` and the hex SHA-256 of the body's RFC 8785 canonical JSON.
    pub checksum: String,
    /// What changed since the previous export.
    pub changelog: Changelog,
}

/// The body of an export: everything the engine needs to decide.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// IANA time zone for schedules and `time.*`.
    pub time_zone: String,
    /// Custom attributes and their types.
    pub attributes: Vec<CustomAttribute>,
    /// The placements, with defaults.
    #[serde(deserialize_with = "crate::model::limits::de::slots")]
    pub slots: Vec<Slot>,
    /// Named segments.
    #[serde(deserialize_with = "crate::model::limits::de::segments")]
    pub segments: Vec<Segment>,
    /// Enabled rules in evaluation order: priority descending, then the
    /// project file's order (which breaks ties).
    #[serde(deserialize_with = "crate::model::limits::de::rules")]
    pub rules: Vec<Rule>,
    /// How holdout buckets are computed.
    pub hash: HashSpec,
}

/// The holdout bucketing specification (SPEC §4), spelled out for
/// implementers in other languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HashSpec {
    /// `murmur3_x86_32`.
    pub algorithm: String,
    /// The seed, 0.
    pub seed: u32,
    /// The hashed text: `{rule_id}:{visitor_id}`, UTF-8.
    pub key: String,
    /// What stands in for `visitor_id` when the session has none.
    pub fallback: String,
    /// The hash is taken modulo this: 10000.
    pub buckets: u32,
    /// When a visitor is held out.
    pub held_out_when: String,
}

impl HashSpec {
    /// The specification the engine implements.
    pub fn current() -> Self {
        HashSpec {
            algorithm: "murmur3_x86_32".into(),
            seed: 0,
            key: "{rule_id}:{visitor_id}".into(),
            fallback: "session id".into(),
            buckets: crate::engine::holdout::BUCKETS,
            held_out_when: "bucket < holdout_percent * 100".into(),
        }
    }
}

/// The body of a ruleset: enabled rules in evaluation order.
pub fn body_of(ruleset: &Ruleset) -> Body {
    let mut rules: Vec<&Rule> = ruleset.rules.iter().filter(|r| r.enabled).collect();
    rules.sort_by_key(|r| std::cmp::Reverse(r.priority));
    Body {
        time_zone: ruleset.time_zone.clone(),
        attributes: ruleset.attributes.clone(),
        slots: ruleset.slots.clone(),
        segments: ruleset.segments.clone(),
        rules: rules.into_iter().cloned().collect(),
        hash: HashSpec::current(),
    }
}

/// The ruleset an export body describes (no tests, all rules enabled).
pub fn ruleset_of(name: &str, body: &Body) -> Ruleset {
    Ruleset {
        name: name.to_owned(),
        description: String::new(),
        time_zone: body.time_zone.clone(),
        attributes: body.attributes.clone(),
        slots: body.slots.clone(),
        segments: body.segments.clone(),
        rules: body.rules.clone(),
        tests: Vec::new(),
        personas: Vec::new(),
        last_export: None,
    }
}

/// The checksum of a body: `sha256:` and the hex digest of its RFC 8785
/// canonical JSON.
///
/// # Errors
/// Only if the body cannot be serialized, which its types do not allow.
pub fn checksum(body: &Body) -> Result<String, serde_json::Error> {
    let canonical = serde_jcs::to_vec(body)?;
    let digest = Sha256::digest(&canonical);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("sha256:{hex}"))
}

/// The JSON Schema of export files, as committed in `schema/ruleset.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ExportFile);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
