//! The decision as serving systems and people read it: slot ids, outcomes
//! and rule ids, as one JSON object per session or as text.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::{Decision, Facts, RuleTrace, Trace};
use crate::compile::CompiledRuleset;
use crate::model::Outcome;

/// One session's decision, with names resolved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionView {
    /// The session's id.
    pub session: String,
    /// Per slot id, the outcome and the rule that chose it.
    pub slots: BTreeMap<String, SlotView>,
    /// Every rule's part, when a trace was asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Vec<RuleTrace>>,
}

/// One slot's decision.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SlotView {
    /// What the slot shows.
    pub outcome: Outcome,
    /// The winning rule; `null` when the slot shows its default.
    pub rule: Option<String>,
    /// Rules that matched but held the visitor out.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub held_out: Vec<String>,
}

impl CompiledRuleset {
    /// The view of a decision.
    pub fn view(&self, facts: &Facts, decision: &Decision, trace: Option<&Trace>) -> DecisionView {
        let slots = self
            .slots
            .iter()
            .zip(&decision.picks)
            .enumerate()
            .map(|(i, (slot, pick))| {
                let view = SlotView {
                    outcome: self.outcome(i, pick).clone(),
                    rule: pick.rule.map(|r| self.rules[r as usize].id.clone()),
                    held_out: pick.held_out.iter().map(|r| self.rules[*r as usize].id.clone()).collect(),
                };
                (slot.id.clone(), view)
            })
            .collect();
        DecisionView { session: facts.session_id.to_string(), slots, trace: trace.map(|t| t.rules.clone()) }
    }
}

impl DecisionView {
    /// The decision as indented text.
    pub fn to_text(&self) -> String {
        let mut out = format!("{}\n", self.session);
        let width = self.slots.keys().map(String::len).max().unwrap_or(0);
        for (slot, v) in &self.slots {
            let by = match &v.rule {
                Some(r) => format!("rule {r}"),
                None => "default".to_owned(),
            };
            let _ = write!(out, "  {slot:width$}  {}  ({by})", v.outcome);
            if !v.held_out.is_empty() {
                let _ = write!(out, "  held out of: {}", v.held_out.join(", "));
            }
            out.push('\n');
        }
        if let Some(trace) = &self.trace {
            out.push_str("  why:\n");
            let width = trace.iter().map(|t| t.rule.len()).max().unwrap_or(0);
            for t in trace {
                let _ = writeln!(out, "    {:width$}  {}", t.rule, t.status);
            }
        }
        out
    }
}
