//! A session evaluated with one compiled ruleset, ready to show: the outcome
//! of every slot, one line per rule saying how it fared and why, and the
//! segments the session is in by their conditions.

use std::sync::Arc;

use crate::compile::CompiledRuleset;
use crate::engine::RuleStatus;
use crate::model::{Session, fmt_number};

/// One slot's outcome, ready to show.
pub(super) struct OutcomeRow {
    /// The slot's id.
    pub(super) slot: String,
    /// What it shows.
    pub(super) outcome: String,
    /// The rule that chose it; `None` for the slot's default.
    pub(super) rule: Option<String>,
    /// Rules that matched but held the visitor out.
    pub(super) held_out: Vec<String>,
    /// Whether the outcome is the slot's default.
    pub(super) default: bool,
}

/// How a rule fared, for colouring.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Tone {
    /// It won at least one of its slots.
    Applied,
    /// It matched but lost every slot to higher priorities.
    Lost,
    /// The visitor is in its holdout.
    HeldOut,
    /// Disabled or outside its schedule.
    Inactive,
    /// Its condition failed.
    NotMatched,
}

/// One rule's line of the trace, ready to show.
pub(super) struct TraceRow {
    /// The rule's id.
    pub(super) rule: String,
    /// The rule's name.
    pub(super) name: String,
    /// The rule's priority.
    pub(super) priority: i32,
    /// The slots it acts on.
    pub(super) slots: Vec<String>,
    /// How it fared.
    pub(super) tone: Tone,
    /// How it fared, in words: "applied", "not matched".
    pub(super) status: &'static str,
    /// Why: the slots won or lost, or the failing predicate.
    pub(super) reason: String,
    /// What the failing predicate expected.
    pub(super) expected: String,
    /// What the session had instead.
    pub(super) actual: String,
    /// Whether `actual` was derived rather than given in the session.
    pub(super) derived: bool,
}

/// A session evaluated with one compiled ruleset.
pub(super) struct Eval {
    /// The ruleset it was evaluated with.
    pub(super) compiled: Arc<CompiledRuleset>,
    /// The session evaluated.
    pub(super) session: Session,
    /// Every slot's outcome, in the ruleset's order.
    pub(super) outcomes: Vec<OutcomeRow>,
    /// Every rule, highest priority first.
    pub(super) rows: Vec<TraceRow>,
    /// The segments the session is in by their conditions.
    pub(super) computed_segments: Vec<String>,
}

/// Evaluates `session` and lays the outcome and the trace out as rows.
pub(super) fn evaluate(compiled: &Arc<CompiledRuleset>, session: &Session) -> Eval {
    let facts = compiled.facts(session);
    let trace = compiled.trace(&facts);
    let decision = compiled.view(&facts, &trace.decision, None);
    let outcomes = compiled
        .slots
        .iter()
        .filter_map(|slot| {
            decision.slots.get(&slot.id).map(|v| OutcomeRow {
                slot: slot.id.clone(),
                outcome: v.outcome.to_string(),
                rule: v.rule.clone(),
                held_out: v.held_out.clone(),
                default: v.outcome == slot.default,
            })
        })
        .collect();
    let mut rows: Vec<TraceRow> = compiled
        .rules
        .iter()
        .zip(&trace.rules)
        .map(|(rule, t)| {
            let slots = rule.actions.iter().map(|(s, _)| compiled.slots[usize::from(*s)].id.clone()).collect();
            let mut row = TraceRow {
                rule: rule.id.clone(),
                name: rule.name.clone(),
                priority: rule.priority,
                slots,
                tone: Tone::Inactive,
                status: "",
                reason: String::new(),
                expected: String::new(),
                actual: String::new(),
                derived: false,
            };
            describe(&t.status, &mut row);
            row
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.priority));
    let computed_segments = compiled
        .segments
        .iter()
        .enumerate()
        .filter(|(i, _)| facts.computed_segments.contains(*i as u16))
        .map(|(_, s)| s.id.clone())
        .collect();
    Eval { compiled: compiled.clone(), session: session.clone(), outcomes, rows, computed_segments }
}

fn describe(status: &RuleStatus, row: &mut TraceRow) {
    match status {
        RuleStatus::Matched { slots } => {
            let applied = slots.iter().filter(|s| s.applied).count();
            (row.tone, row.status) = if applied == slots.len() {
                (Tone::Applied, "applied")
            } else if applied == 0 {
                (Tone::Lost, "lost")
            } else {
                (Tone::Applied, "partly applied")
            };
            let parts: Vec<String> = slots
                .iter()
                .map(
                    |s| if s.applied { format!("wins {}", s.slot) } else { format!("{} went to {}", s.slot, s.winner) },
                )
                .collect();
            row.reason = parts.join("; ");
        }
        RuleStatus::HeldOut { bucket, threshold } => {
            row.tone = Tone::HeldOut;
            row.status = "held out";
            row.reason = format!(
                "the visitor's bucket {bucket} is below {threshold} of 10000 ({} % holdout)",
                fmt_number(f64::from(*threshold) / 100.0)
            );
        }
        RuleStatus::OutsideSchedule { reason } => {
            row.tone = Tone::Inactive;
            row.status = "outside schedule";
            row.reason = reason.clone();
        }
        RuleStatus::Disabled => {
            row.tone = Tone::Inactive;
            row.status = "disabled";
            row.reason = "turned off".to_owned();
        }
        RuleStatus::NotMatched { failure } => {
            row.tone = Tone::NotMatched;
            row.status = "not matched";
            row.reason = failure.predicate.clone();
            row.expected = failure.expected.clone();
            match failure.actual.strip_suffix(" (derived)") {
                Some(value) => {
                    row.actual = value.to_owned();
                    row.derived = true;
                }
                None => row.actual = failure.actual.clone(),
            }
        }
    }
}
