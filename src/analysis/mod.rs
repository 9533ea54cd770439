//! Analysis (SPEC §5): every diagnostic about a ruleset in one pass —
//! validation errors, warnings, and conflicts between rules decided exactly
//! over per-attribute sets (finite and co-finite sets of codes, unions of
//! intervals, regular languages through automata), each conflict with a
//! witness session the evaluator has re-checked.

mod automata;
mod conflicts;
mod constraint;
mod derived;
mod diagnostic;
mod formula;
mod intervals;
mod lint;
mod solver;
mod validate;
mod witness;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

pub use diagnostic::{Certainty, Code, Diagnostic, Severity, sort};
pub use validate::{is_slug, operators_for, validate};

use crate::compile::compile;

use crate::model::{Ruleset, Session};

/// How to run an analysis.
pub struct Options<'a> {
    /// "Now", in epoch seconds: schedules ending before it are reported, and
    /// witnesses are placed near it.
    pub now: i64,
    /// Sample sessions, to report the share of a rule's sessions an overlap takes.
    pub sample: Option<&'a [Session]>,
    /// Set to stop early; the result is then marked cancelled.
    pub cancel: Option<&'a AtomicBool>,
    /// Called with the fraction done, from worker threads.
    pub progress: Option<&'a (dyn Fn(f32) + Sync)>,
}

impl Default for Options<'_> {
    fn default() -> Self {
        Options { now: chrono::Utc::now().timestamp(), sample: None, cancel: None, progress: None }
    }
}

/// The result of an analysis.
#[derive(Clone, Debug, Default)]
pub struct Analysis {
    /// Every diagnostic, errors first.
    pub diagnostics: Vec<Diagnostic>,
    /// For each live rule, a session it matches.
    pub live: BTreeMap<String, Session>,
    /// Whether conflicts were analysed (not when the ruleset itself, rather
    /// than single rules, has errors).
    pub conflicts_checked: bool,
    /// Whether the run was cancelled before the end.
    pub cancelled: bool,
}

impl Analysis {
    /// The number of diagnostics of a severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == severity).count()
    }
}

/// Analyses a ruleset.
///
/// # Example
/// ```
/// use rulestudio::analysis::{analyze, Code, Options};
/// use rulestudio::format::parse_ruleset;
/// let rs = parse_ruleset(r#"(name: "s", time_zone: "UTC",
///     slots: [(id: "hero", kind: content, default: content(id: "d"))],
///     rules: [
///       (id: "ca", name: "CA", priority: 5, when: pred(attr: "geo.country", op: in(["CA", "US"])),
///        then: [(slot: "hero", outcome: content(id: "maple"))]),
///       (id: "mobile", name: "Mobile", priority: 5, when: pred(attr: "device.type", op: is("mobile")),
///        then: [(slot: "hero", outcome: content(id: "phone"))]),
///     ])"#, "s.rules.ron").unwrap();
/// let analysis = analyze(&rs, &Options::default());
/// let d = &analysis.diagnostics[0];
/// assert_eq!(d.code, Code::Ambiguity);
/// let w = d.witness.as_ref().unwrap();
/// assert_eq!(w.geo.country.as_ref().unwrap().as_str(), "US");
/// ```
pub fn analyze(ruleset: &Ruleset, options: &Options) -> Analysis {
    let mut diagnostics = validate(ruleset);
    if diagnostics.iter().any(|d| d.code == Code::LimitExceeded) {
        // Over a limit: refused on that alone, before the costly passes.
        return Analysis { diagnostics, ..Analysis::default() };
    }
    let model = formula::Model::new(ruleset).ok();
    diagnostics.extend(lint::lint(ruleset, model.as_ref(), options.now));
    let errors: Vec<Diagnostic> = diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    let mut analysis = Analysis::default();
    if let Some(model) = model.as_ref() {
        let indices = conflicts::analysable(ruleset, &errors);
        let mut subset = ruleset.clone();
        subset.rules = indices.iter().map(|i| ruleset.rules[*i].clone()).collect();
        subset.tests.clear();
        if let Ok(compiled) = crate::compile::build(&subset) {
            let pass = conflicts::Conflicts {
                model,
                compiled: &compiled,
                rules: indices.iter().map(|i| (*i, &ruleset.rules[*i])).collect(),
                // Witness timestamps near now, on a full hour.
                now: options.now - options.now.rem_euclid(3600),
                sample: options.sample,
                cancel: options.cancel,
                progress: options.progress,
            };
            let found = pass.run();
            diagnostics.extend(found.diagnostics);
            analysis.live = found.live;
            analysis.cancelled = found.cancelled;
            analysis.conflicts_checked = true;
        }
    }
    // Every problem at once: failing tests too, whenever the ruleset compiles.
    diagnostics.extend(failing_tests(ruleset));
    let order: std::collections::HashMap<&str, usize> =
        ruleset.rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).rev().collect();
    sort(&mut diagnostics, |id| order.get(id).copied().unwrap_or(usize::MAX));
    analysis.diagnostics = diagnostics;
    analysis
}

/// A diagnostic for each ruleset test that fails (a failing test blocks export).
fn failing_tests(ruleset: &Ruleset) -> Vec<Diagnostic> {
    let Ok(compiled) = compile(ruleset) else { return Vec::new() };
    crate::simulate::run_tests(ruleset, &compiled)
        .into_iter()
        .enumerate()
        .filter_map(|(i, result)| {
            let first = result.mismatches.first()?;
            let from = first.winner.as_deref().map_or("the slot's default".to_owned(), |w| format!("rule `{w}`"));
            let want = first.expected_rule.as_deref().map(|r| format!(" (from rule `{r}`)")).unwrap_or_default();
            // Filed under both rules: the one expected to give the outcome, and the one that gave another.
            let mut rules: Vec<String> = first.expected_rule.iter().chain(&first.winner).cloned().collect();
            rules.dedup();
            let more = match result.mismatches.len() {
                1 => String::new(),
                n => format!(" ({} more slots differ)", n - 1),
            };
            let mut d = Diagnostic::new(
                Code::TestFailing,
                rules,
                crate::model::FieldPath::root().field("tests").index(i).field("expect").field(&first.slot),
                format!(
                    "test `{}` fails: slot `{}` should show {}{want} but shows {} (from {from}){more}",
                    result.name, first.slot, first.expected, first.actual
                ),
            );
            d.slot = Some(first.slot.clone());
            d.witness = ruleset.tests.get(i).map(|t| t.session.clone());
            Some(d)
        })
        .collect()
}
