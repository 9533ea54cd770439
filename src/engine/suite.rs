//! Ruleset tests (SPEC §6): each test's session is decided and every
//! expected slot outcome compared; a failure says which slot, what was
//! expected, what came out and why (the trace of the rules on that slot).

use std::fmt::Write as _;

use serde::Serialize;

use crate::compile::CompiledRuleset;
use crate::engine::{RuleStatus, RuleTrace};
use crate::model::{Outcome, Ruleset, Session, TestCase};

/// One test's result.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TestResult {
    /// The test's name.
    pub name: String,
    /// Slots whose outcome differed; empty when the test passed.
    pub mismatches: Vec<Mismatch>,
}

/// A slot whose outcome is not the expected one.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mismatch {
    /// The slot's id.
    pub slot: String,
    /// The outcome the test expects.
    pub expected: Outcome,
    /// The outcome the ruleset gives.
    pub actual: Outcome,
    /// The rule that gave it; `None` for the slot's default.
    pub winner: Option<String>,
    /// The rule expected to give the expected outcome: of the rules whose
    /// action on the slot gives it, the first in decision order whose
    /// condition holds for the session (else the first); `None` when no
    /// rule gives it (the slot's default, or nothing).
    pub expected_rule: Option<String>,
    /// Why: the trace of every rule acting on the slot.
    pub why: Vec<RuleTrace>,
}

impl TestResult {
    /// Whether every expectation held.
    pub fn passed(&self) -> bool {
        self.mismatches.is_empty()
    }

    /// A readable report of the failure (empty when passed).
    pub fn diff(&self) -> String {
        let mut out = String::new();
        for m in &self.mismatches {
            let by = m.winner.as_deref().map_or("the slot's default".to_owned(), |w| format!("rule `{w}`"));
            let want = m.expected_rule.as_deref().map(|r| format!(" (from rule `{r}`)")).unwrap_or_default();
            let _ = writeln!(
                out,
                "  slot {}:\n    expected: {}{want}\n    actual:   {} (from {by})",
                m.slot, m.expected, m.actual
            );
            if !m.why.is_empty() {
                let _ = writeln!(out, "    rules on this slot:");
                let width = m.why.iter().map(|t| t.rule.len()).max().unwrap_or(0);
                for t in &m.why {
                    let _ = writeln!(out, "      {:width$}  {}", t.rule, t.status);
                }
            }
        }
        out
    }
}

/// Runs one test case.
pub fn run_test(compiled: &CompiledRuleset, test: &TestCase) -> TestResult {
    let facts = compiled.facts(&test.session);
    let trace = compiled.trace(&facts);
    let mut mismatches = Vec::new();
    for (slot_id, expected) in &test.expect {
        let Some(slot) = compiled.slot_index(slot_id) else { continue };
        let pick = &trace.decision.picks[slot];
        let actual = compiled.outcome(slot, pick);
        if actual != expected {
            let gives = |r: &&crate::compile::CRule| {
                r.actions.iter().any(|(s, outcome)| usize::from(*s) == slot && outcome == expected)
            };
            let expected_rule = compiled
                .rules
                .iter()
                .zip(&trace.rules)
                .filter(|(rule, _)| gives(rule))
                .find(|(_, t)| !matches!(t.status, RuleStatus::NotMatched { .. }))
                .or_else(|| compiled.rules.iter().zip(&trace.rules).find(|(rule, _)| gives(rule)))
                .map(|(rule, _)| rule.id.clone());
            let why = compiled
                .rules
                .iter()
                .zip(&trace.rules)
                .filter(|(rule, _)| rule.actions.iter().any(|(s, _)| usize::from(*s) == slot))
                .map(|(_, t)| t.clone())
                .collect();
            mismatches.push(Mismatch {
                slot: slot_id.clone(),
                expected: expected.clone(),
                actual: actual.clone(),
                winner: pick.rule.map(|r| compiled.rules[r as usize].id.clone()),
                expected_rule,
                why,
            });
        }
    }
    TestResult { name: test.name.clone(), mismatches }
}

/// Runs every test of a ruleset, in file order.
///
/// # Example
/// ```
/// use rulestudio::{compile::compile, format::load_ruleset, simulate::run_tests};
/// let doc = load_ruleset("rulesets/demo-store.rules.ron".as_ref()).unwrap();
/// let compiled = compile(&doc.ruleset).unwrap();
/// assert!(run_tests(&doc.ruleset, &compiled).iter().all(|t| t.passed()));
/// ```
pub fn run_tests(ruleset: &Ruleset, compiled: &CompiledRuleset) -> Vec<TestResult> {
    ruleset.tests.iter().map(|t| run_test(compiled, t)).collect()
}

/// A new test from a session: it expects, for every slot, the outcome the
/// ruleset gives now (what "save this session as a test" stores).
pub fn test_from_session(compiled: &CompiledRuleset, name: &str, session: &Session) -> TestCase {
    let decision = compiled.decide(&compiled.facts(session));
    let expect = compiled
        .slots
        .iter()
        .zip(&decision.picks)
        .enumerate()
        .map(|(i, (slot, pick))| (slot.id.clone(), compiled.outcome(i, pick).clone()))
        .collect();
    TestCase { name: name.to_owned(), session: session.clone(), expect }
}
