//! Traces: "why did this visitor see this?" For every rule, the reason it
//! applied or did not (SPEC §4), with the first failing predicate, what it
//! expected and what the session had.

use std::fmt;

use serde::Serialize;

use super::decide::{Decision, Standing};
use super::holdout::bucket;
use super::{Fact, Facts};
use crate::compile::{CCond, CPred, CRule, CompiledRuleset};
use crate::derive::time::local_weekday_hour;
use crate::model::FieldPath;
use crate::model::attribute::id;

/// A decision with the reason for every rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// The decision.
    pub decision: Decision,
    /// Every rule, in file order.
    pub rules: Vec<RuleTrace>,
}

/// One rule's part in a decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleTrace {
    /// The rule's id.
    pub rule: String,
    /// What happened to it.
    #[serde(flatten)]
    pub status: RuleStatus,
}

/// What happened to a rule.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum RuleStatus {
    /// It matched; per slot it acts on, whether it won.
    Matched {
        /// One entry per action.
        slots: Vec<SlotResult>,
    },
    /// It matched but the visitor is in its holdout.
    HeldOut {
        /// The visitor's bucket, 0–9999.
        bucket: u32,
        /// Held out below this.
        threshold: u32,
    },
    /// The session is outside its schedule.
    OutsideSchedule {
        /// Why, in words.
        reason: String,
    },
    /// It is disabled.
    Disabled,
    /// Its condition does not hold.
    NotMatched {
        /// The first predicate that failed.
        failure: Failure,
    },
}

/// A matched rule's result on one slot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SlotResult {
    /// The slot's id.
    pub slot: String,
    /// The rule that won the slot; this rule itself when it applied.
    pub winner: String,
    /// Whether this rule applied.
    pub applied: bool,
}

/// The first failing predicate of a condition.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Failure {
    /// Where it is in the rule, e.g. `when[1]`.
    #[serde(serialize_with = "ser_path")]
    pub path: FieldPath,
    /// The predicate as written, e.g. `geo.country in ["CA", "NO"]`.
    pub predicate: String,
    /// What it expected.
    pub expected: String,
    /// What the session had.
    pub actual: String,
}

fn ser_path<S: serde::Serializer>(p: &FieldPath, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&p.to_string())
}

impl fmt::Display for RuleStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleStatus::Matched { slots } => {
                let parts: Vec<String> = slots
                    .iter()
                    .map(|s| {
                        if s.applied {
                            format!("applied on {}", s.slot)
                        } else {
                            format!("lost {} to {}", s.slot, s.winner)
                        }
                    })
                    .collect();
                f.write_str(&parts.join("; "))
            }
            RuleStatus::HeldOut { bucket, threshold } => {
                write!(f, "held out (bucket {bucket} is below {threshold} of 10000)")
            }
            RuleStatus::OutsideSchedule { reason } => write!(f, "outside schedule: {reason}"),
            RuleStatus::Disabled => f.write_str("disabled"),
            RuleStatus::NotMatched { failure } => write!(f, "not matched: {failure}"),
        }
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}, but the session has {} (at {})", self.predicate, self.actual, self.path)
    }
}

impl CompiledRuleset {
    /// Decides a session and explains every rule.
    pub fn trace(&self, facts: &Facts) -> Trace {
        let decision = self.decide(facts);
        let rules = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, rule)| RuleTrace {
                rule: rule.id.clone(),
                status: self.rule_status(i as u32, rule, facts, &decision),
            })
            .collect();
        Trace { decision, rules }
    }

    fn rule_status(&self, index: u32, rule: &CRule, facts: &Facts, decision: &Decision) -> RuleStatus {
        match self.standing(rule, facts) {
            Standing::Disabled => RuleStatus::Disabled,
            Standing::OutsideSchedule => RuleStatus::OutsideSchedule { reason: self.schedule_miss(rule, facts) },
            Standing::NotMatched => RuleStatus::NotMatched {
                failure: self.why_not(&rule.when, facts).unwrap_or_else(|| Failure {
                    path: FieldPath::root().field("when"),
                    predicate: "any[]".into(),
                    expected: "at least one alternative".into(),
                    actual: "none listed".into(),
                }),
            },
            Standing::HeldOut => {
                RuleStatus::HeldOut { bucket: bucket(&rule.id, &facts.bucket_key), threshold: rule.holdout_threshold }
            }
            Standing::Eligible => RuleStatus::Matched {
                slots: rule
                    .actions
                    .iter()
                    .map(|(slot, _)| {
                        let winner = decision.picks[usize::from(*slot)].rule.unwrap_or(index);
                        SlotResult {
                            slot: self.slots[usize::from(*slot)].id.clone(),
                            winner: self.rules[winner as usize].id.clone(),
                            applied: winner == index,
                        }
                    })
                    .collect(),
            },
        }
    }

    fn schedule_miss(&self, rule: &CRule, facts: &Facts) -> String {
        let Some(s) = &rule.schedule else {
            return String::new();
        };
        let Some(t) = facts.instant else {
            return "the session has no timestamp".into();
        };
        if let (Some(start), Some(written)) = (s.start, s.source.start)
            && t < start
        {
            return format!("starts {}", written.to_rfc3339());
        }
        if let (Some(end), Some(written)) = (s.end, s.source.end)
            && t >= end
        {
            return format!("ended {}", written.to_rfc3339());
        }
        let (weekday, hour) = local_weekday_hour(self.tz, t);
        if s.weekdays != 0 && s.weekdays & (1 << weekday.index()) == 0 {
            let days: Vec<&str> = s.source.weekdays.iter().map(|d| d.name()).collect();
            return format!("runs on {} only; the session is on a {}", days.join(", "), weekday.name());
        }
        match s.source.hours {
            Some(h) => format!("runs {:02}:00–{:02}:00 only; the session is at {hour:02}h", h.from, h.to),
            None => String::new(),
        }
    }

    fn actual(&self, p: &CPred, facts: &Facts) -> String {
        if p.attr == id::SEGMENTS {
            let names: Vec<String> = self
                .segments
                .iter()
                .enumerate()
                .filter(|(i, _)| facts.segments.contains(*i as u16))
                .map(|(_, s)| format!("{:?}", s.id))
                .collect();
            return format!("segments [{}]", names.join(", "));
        }
        let value = facts.get(p.attr);
        if *value != Fact::Absent && facts.is_derived(p.attr) {
            format!("{value} (derived)")
        } else {
            value.to_string()
        }
    }

    /// The first failing predicate of a condition that does not hold.
    fn why_not(&self, c: &CCond, facts: &Facts) -> Option<Failure> {
        match c {
            CCond::All(items) => items.iter().find(|c| !self.holds(c, facts)).and_then(|c| self.why_not(c, facts)),
            CCond::Any(items) => items.first().and_then(|c| self.why_not(c, facts)),
            CCond::Not(inner) => self.why_so(inner, facts),
            CCond::Pred(p) => Some(Failure {
                path: p.path.clone(),
                predicate: p.source.to_string(),
                expected: expectation(p, false),
                actual: self.actual(p, facts),
            }),
        }
    }

    /// Why a condition holds, for a failing `not(...)`.
    fn why_so(&self, c: &CCond, facts: &Facts) -> Option<Failure> {
        match c {
            CCond::All(items) => match items.first() {
                Some(first) => self.why_so(first, facts),
                None => Some(Failure {
                    path: FieldPath::root(),
                    predicate: "not(all[])".into(),
                    expected: "never (all[] always holds)".into(),
                    actual: "any session".into(),
                }),
            },
            CCond::Any(items) => items.iter().find(|c| self.holds(c, facts)).and_then(|c| self.why_so(c, facts)),
            CCond::Not(inner) => self.why_not(inner, facts),
            CCond::Pred(p) => Some(Failure {
                path: p.path.clone(),
                predicate: format!("not({})", p.source),
                expected: expectation(p, true),
                actual: self.actual(p, facts),
            }),
        }
    }
}

fn expectation(p: &CPred, negated: bool) -> String {
    let op = &p.source.op;
    let operand = op.operand();
    let base = if operand.is_empty() {
        op.name().replace('_', " ")
    } else {
        format!("{} {operand}", op.name().replace('_', " "))
    };
    let base = if p.source.ignore_case { format!("{base} (ignoring case)") } else { base };
    if negated { format!("not {base}") } else { base }
}
