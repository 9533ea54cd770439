//! Analysis (SPEC §5): every diagnostic about a ruleset in one pass —
//! validation errors, warnings, and conflicts between rules decided exactly
//! over per-attribute sets (finite and co-finite sets of codes, unions of
//! intervals, regular languages through automata), each conflict with a
//! witness session the evaluator has re-checked.

mod automata;
mod conflicts;
mod constraint;
mod derived;
mod formula;
mod intervals;
mod lint;
mod solver;
mod witness;

use std::collections::BTreeMap;
use std::sync::atomic::AtomicBool;

pub use crate::validate::{Certainty, Code, Diagnostic, Severity, is_slug, operators_for, sort, validate};

use std::sync::Arc;

use crate::compile::{self, CompiledRuleset};
use crate::engine::{TestResult, run_tests};
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

/// Everything known about one version of a ruleset, each stage run once:
/// validated, compiled, analysed and its tests run.
#[derive(Debug, Default)]
pub struct Checked {
    /// Every diagnostic, failing tests included.
    pub analysis: Analysis,
    /// The compiled ruleset; `None` while validation finds errors.
    pub compiled: Option<Arc<CompiledRuleset>>,
    /// The ruleset's tests; empty while it does not compile.
    pub tests: Vec<TestResult>,
}

/// Checks a ruleset: validates it, compiles it once, finds conflicts
/// between its rules and runs its tests. The command line's `check`, the
/// studio's background checker and export all call this.
///
/// Conflicts are found among the enabled rules validation found no error
/// in, so a ruleset with an error in one rule still gets the others'
/// conflicts.
pub fn check(ruleset: &Ruleset, options: &Options) -> Checked {
    let mut diagnostics = validate(ruleset);
    if diagnostics.iter().any(|d| d.code == Code::LimitExceeded) {
        // Over a limit: refused on that alone, before the costly passes.
        return Checked { analysis: Analysis { diagnostics, ..Analysis::default() }, ..Checked::default() };
    }
    let valid = diagnostics.iter().all(|d| d.severity != Severity::Error);
    let compiled = if valid {
        match compile::build(ruleset) {
            Ok(c) => Some(Arc::new(c)),
            Err(e) => {
                diagnostics.push(e.into());
                None
            }
        }
    } else {
        None
    };
    let model = formula::Model::new(ruleset).ok();
    diagnostics.extend(lint::lint(ruleset, model.as_ref(), options.now));
    let mut analysis = Analysis::default();
    if let Some(model) = model.as_ref() {
        let errors: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
        let indices = conflicts::analysable(ruleset, &errors);
        // The whole ruleset's compilation serves when it has one; otherwise
        // the analysable rules are compiled on their own.
        let own = match &compiled {
            Some(_) => None,
            None => {
                let mut subset = Ruleset { rules: Vec::new(), tests: Vec::new(), ..ruleset.clone() };
                subset.rules = indices.iter().map(|i| ruleset.rules[*i].clone()).collect();
                compile::build(&subset).ok()
            }
        };
        let whole = compiled.as_deref();
        if let Some(target) = whole.or(own.as_ref()) {
            let pass = conflicts::Conflicts {
                model,
                compiled: target,
                compiled_at: if whole.is_some() { indices.clone() } else { (0..indices.len()).collect() },
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
    let tests = compiled.as_deref().map(|c| run_tests(ruleset, c)).unwrap_or_default();
    diagnostics.extend(failing_tests(ruleset, &tests));
    let order: std::collections::HashMap<&str, usize> =
        ruleset.rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).rev().collect();
    sort(&mut diagnostics, |id| order.get(id).copied().unwrap_or(usize::MAX));
    analysis.diagnostics = diagnostics;
    Checked { analysis, compiled, tests }
}

/// Analyses a ruleset: [`check`]'s diagnostics alone.
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
    check(ruleset, options).analysis
}

/// A diagnostic for each ruleset test that fails (a failing test blocks export).
fn failing_tests(ruleset: &Ruleset, results: &[TestResult]) -> Vec<Diagnostic> {
    results
        .iter()
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
