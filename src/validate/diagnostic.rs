//! Diagnostics: what the analysis says about a ruleset. Each has a stable
//! code (documented in `docs/DIAGNOSTICS.md`), a severity fixed by its code,
//! the rules and the field it concerns, a plain message and, for conflicts,
//! a witness session.

use std::fmt;

use serde::Serialize;

use crate::model::{FieldPath, Session};

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Blocks export.
    Error,
    /// Worth fixing; does not block export.
    Warning,
    /// For information.
    Info,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        })
    }
}

macro_rules! codes {
    ($($variant:ident = $text:literal, $sev:ident, $summary:literal;)*) => {
        /// A diagnostic's stable code.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $(#[doc = $summary] $variant),* }

        impl Code {
            /// Every code, in documentation order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];
            /// The code as printed, e.g. `unknown-attribute`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $text),* }
            }
            /// The severity every diagnostic with this code has.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev),* }
            }
            /// A one-line summary of what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary),* }
            }
        }
    };
}

codes! {
    InvalidRegex = "invalid-regex", Error, "a `matches` pattern does not parse";
    RegexTooLarge = "regex-too-large", Error, "a pattern is longer or compiles larger than the limits allow";
    UnknownSlot = "unknown-slot", Error, "an action or test names a slot the ruleset does not have";
    UnknownSegment = "unknown-segment", Error, "a condition names a segment the ruleset does not have";
    UnknownAttribute = "unknown-attribute", Error, "a condition tests an attribute that does not exist";
    OperatorMismatch = "operator-type-mismatch", Error, "the operator does not fit the attribute's type";
    UnknownCountry = "unknown-country", Error, "a value is not an ISO 3166-1 alpha-2 country code";
    UnknownRegion = "unknown-region", Error, "a value is not an ISO 3166-2 region code";
    UnknownValue = "unknown-value", Error, "a value is not one of the attribute's choices, or not a number it can take";
    DuplicateId = "duplicate-id", Error, "two rules, slots, segments, attributes or tests share an id";
    InvalidId = "invalid-id", Error, "an id is empty or not a slug";
    EmptyValueList = "empty-value-list", Error, "an operator that takes a list of values has none";
    OptionNotAllowed = "option-not-allowed", Error, "a variant action chooses an option the slot does not list";
    OutcomeKindMismatch = "outcome-kind-mismatch", Error, "an outcome is of a different kind than its slot";
    DuplicateAction = "duplicate-action", Error, "a rule acts on the same slot twice";
    NoActions = "no-actions", Error, "a rule acts on no slot";
    InvalidTimeZone = "invalid-time-zone", Error, "the time zone is not an IANA time zone name";
    InvalidSchedule = "invalid-schedule", Error, "a schedule ends before it starts or has an impossible hour window";
    InvalidHoldout = "invalid-holdout", Error, "a holdout is above 100 %";
    InvalidNumber = "invalid-number", Error, "a number is not finite or a range is reversed";
    SegmentInSegment = "segment-in-segment", Error, "a segment's condition tests segments";
    LimitExceeded = "limit-exceeded", Error, "the ruleset is larger or deeper than the documented limits";
    DeadRule = "dead-rule", Error, "a rule's condition and schedule can never hold together";
    Ambiguity = "ambiguous-priority", Error, "two rules with equal priority give one slot different outcomes for the same session";
    Shadowed = "shadowed-rule", Warning, "a rule can never win a slot: higher-priority rules take every session it matches";
    ScheduleEnded = "schedule-ended", Warning, "a rule's schedule is over";
    FullHoldout = "full-holdout", Warning, "a rule holds out every visitor";
    MatchesEverything = "pattern-matches-everything", Warning, "a text test accepts every value, so it tests only presence";
    UnusedSlot = "unused-slot", Warning, "no rule acts on a slot";
    UnusedSegment = "unused-segment", Warning, "no rule or segment uses a segment";
    EmptySegment = "empty-segment", Warning, "a segment's condition can never hold, so only upstream data puts visitors in it";
    TestFailing = "test-failing", Error, "a ruleset test does not get the outcome it expects";
    Overlap = "overlap", Info, "a rule shares sessions with a higher-priority rule on a slot, which takes them";
    ScheduleEndsSoon = "schedule-ends-soon", Info, "a rule's schedule ends within the next days";
    NeverMatched = "never-matched", Warning, "no session of the sample matched an enabled rule";
    AlwaysLoses = "always-loses", Warning, "a rule matched sessions of the sample but never won a slot";
    AlwaysOn = "always-on", Warning, "a rule matched every session of the sample, so it could be the slot default";
    ValueNeverSeen = "value-never-seen", Warning, "a rule tests for a value that no session of the sample has";
    StaleRule = "stale-rule", Info, "a rule has not been edited for a long time";
    RuleHurts = "rule-hurts", Warning, "measured against its holdout, a rule makes its primary metric worse";
}

impl Code {
    /// The codes of rule health (`rulestudio health`): found from a sample
    /// of sessions and the rules' dates, not by `check` alone.
    pub const HEALTH: &'static [Code] = &[
        Code::ScheduleEndsSoon,
        Code::NeverMatched,
        Code::AlwaysLoses,
        Code::AlwaysOn,
        Code::ValueNeverSeen,
        Code::StaleRule,
        Code::RuleHurts,
    ];

    /// Whether the code is a rule-health finding (see [`Code::HEALTH`]).
    pub fn is_health(self) -> bool {
        Code::HEALTH.contains(&self)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// Whether a conflict is proven or only possible (where exactness is out of
/// reach, e.g. a pattern too large to analyse).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Certainty {
    /// Proven, with a witness session the evaluator accepted.
    Exact,
    /// Could not be decided exactly; treat as possible.
    Possible,
}

/// One finding about a ruleset.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Its severity, fixed by the code.
    pub severity: Severity,
    /// Its code; the severity follows from it.
    pub code: Code,
    /// The rules concerned, the main one first.
    pub rules: Vec<String>,
    /// The field concerned.
    #[serde(serialize_with = "ser_path")]
    pub path: FieldPath,
    /// A plain sentence.
    pub message: String,
    /// Extra lines, e.g. a pattern with a caret under the error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The slot a conflict is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slot: Option<String>,
    /// A session exhibiting a conflict, re-checked by the evaluator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub witness: Option<Session>,
    /// Whether the finding is proven.
    pub certainty: Certainty,
}

fn ser_path<S: serde::Serializer>(p: &FieldPath, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string())
}

impl Diagnostic {
    /// A diagnostic with no witness, detail or slot.
    pub fn new(code: Code, rules: Vec<String>, path: FieldPath, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: code.severity(),
            code,
            rules,
            path,
            message: message.into(),
            detail: None,
            slot: None,
            witness: None,
            certainty: Certainty::Exact,
        }
    }

    /// Adds detail lines.
    #[must_use]
    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }
}

/// Sorts diagnostics for display: by severity, then by the position of their
/// first rule (`rule_order` gives it), then code and field.
pub fn sort(diags: &mut [Diagnostic], rule_order: impl Fn(&str) -> usize) {
    diags.sort_by_cached_key(|d| {
        let rule = d.rules.first().map_or(usize::MAX, |r| rule_order(r));
        (d.severity, rule, d.code, d.path.clone())
    });
}
