//! Conflicts between rules (SPEC §5): dead rules, ambiguity between equal
//! priorities, shadowing and overlap, each decided exactly by the solver and
//! shown with a witness session the evaluator has re-checked.
//!
//! Rules are grouped by slot; a cheap over-approximation of each rule's
//! codes, numbers and time window rejects most disjoint pairs before the
//! solver runs.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;

use super::constraint::Constraint;
use super::derived::DERIVED;
use super::formula::{Formula, Model};
use super::solver::{Answer, Assignment, decide, solve};
use super::witness;
use crate::compile::CompiledRuleset;
use crate::model::{FieldPath, Outcome, Rule, Ruleset, Session};
use crate::validate::{Certainty, Code, Diagnostic};

/// What the conflict pass found.
#[derive(Default)]
pub struct Findings {
    /// Diagnostics (dead rules, ambiguities, shadows, overlaps, empty segments).
    pub diagnostics: Vec<Diagnostic>,
    /// A witness session per live rule id.
    pub live: BTreeMap<String, Session>,
    /// Whether the run was cancelled.
    pub cancelled: bool,
}

/// Inputs of the conflict pass.
pub struct Conflicts<'a> {
    /// The variables and patterns.
    pub model: &'a Model<'a>,
    /// The rules analysed, compiled for re-checking witnesses (with others,
    /// possibly).
    pub compiled: &'a CompiledRuleset,
    /// For each rule analysed, its index in `compiled`.
    pub compiled_at: Vec<usize>,
    /// `(index in the ruleset, rule)` for every rule analysed.
    pub rules: Vec<(usize, &'a Rule)>,
    /// Instant to build witnesses around (epoch seconds).
    pub now: i64,
    /// Sample sessions for the share an overlap masks.
    pub sample: Option<&'a [Session]>,
    /// Set to stop early.
    pub cancel: Option<&'a AtomicBool>,
    /// Called with the fraction done.
    pub progress: Option<&'a (dyn Fn(f32) + Sync)>,
}

/// An over-approximation of a rule's values for the finite and number
/// variables, sorted by variable; variables not listed are unconstrained.
type Summary = Vec<(u16, Constraint)>;

fn union(a: &Constraint, b: &Constraint) -> Option<Constraint> {
    match (a, b) {
        (Constraint::Finite { absent, values }, Constraint::Finite { absent: a2, values: v2 }) => {
            let mut values = values.clone();
            values.or(v2);
            Some(Constraint::Finite { absent: *absent || *a2, values })
        }
        (Constraint::Number { absent, set }, Constraint::Number { absent: a2, set: s2 }) => Some(Constraint::Number {
            absent: *absent || *a2,
            set: set.complement().intersect(&s2.complement()).complement(),
        }),
        _ => None,
    }
}

fn summarize(f: &Formula) -> Summary {
    match f {
        Formula::True | Formula::False => Vec::new(),
        Formula::Lit(v, c) if matches!(c, Constraint::Finite { .. } | Constraint::Number { .. }) => {
            vec![(*v, c.clone())]
        }
        Formula::Lit(..) => Vec::new(),
        Formula::And(items) => {
            let mut acc: Summary = Vec::new();
            for item in items {
                for (v, c) in summarize(item) {
                    match acc.iter_mut().find(|(w, _)| *w == v) {
                        Some((_, a)) => a.intersect(&c),
                        None => acc.push((v, c)),
                    }
                }
            }
            acc.sort_by_key(|(v, _)| *v);
            acc
        }
        Formula::Or(items) => {
            let mut parts = items.iter().map(summarize);
            let Some(mut acc) = parts.next() else { return Vec::new() };
            for part in parts {
                acc = acc
                    .iter()
                    .filter_map(|(v, a)| {
                        let (_, b) = part.iter().find(|(w, _)| w == v)?;
                        union(a, b).map(|u| (*v, u))
                    })
                    .collect();
            }
            acc
        }
    }
}

/// Whether two summaries share no value of some variable (then the rules
/// cannot both match). Allocation-free: this runs for every pair.
fn disjoint(a: &Summary, b: &Summary, model: &Model) -> bool {
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        let (va, ca) = &a[i];
        let (vb, cb) = &b[j];
        if va < vb {
            i += 1;
        } else if vb < va {
            j += 1;
        } else {
            if ca.is_disjoint(cb, model.vars[usize::from(*va)].integer) {
                return true;
            }
            i += 1;
            j += 1;
        }
    }
    false
}

/// Most branches a rule's condition is spread into for [`Branch`]es.
const MAX_BRANCHES: usize = 16;

/// The formula as a disjunction of conjunctions of literals (each branch
/// the literals it requires), when that takes at most [`MAX_BRANCHES`].
fn dnf(f: &Formula) -> Option<Vec<Vec<&Formula>>> {
    match f {
        Formula::True => Some(vec![Vec::new()]),
        Formula::False => Some(Vec::new()),
        Formula::Lit(..) => Some(vec![vec![f]]),
        Formula::Or(items) => {
            let mut out = Vec::new();
            for item in items {
                out.extend(dnf(item)?);
                if out.len() > MAX_BRANCHES {
                    return None;
                }
            }
            Some(out)
        }
        Formula::And(items) => {
            let mut out: Vec<Vec<&Formula>> = vec![Vec::new()];
            for item in items {
                let parts = dnf(item)?;
                if out.len() * parts.len() > MAX_BRANCHES {
                    return None;
                }
                out = out.iter().flat_map(|b| parts.iter().map(move |p| [b.as_slice(), p].concat())).collect();
            }
            Some(out)
        }
    }
}

/// A satisfiable branch of a rule's condition: a conjunction of literals,
/// its summary and its variables, each with whether the summary says all
/// about it (code, choice and number variables).
struct Branch {
    summary: Summary,
    vars: Vec<(u16, bool)>,
}

/// The satisfiable branches of a rule's formula; `None` when the formula
/// has too many or the solver cannot tell whether one is satisfiable.
fn branches(model: &Model, formula: &Formula, now: i64) -> Option<Vec<Branch>> {
    let mut out = Vec::new();
    for lits in dnf(formula)? {
        let conj = Formula::And(lits.into_iter().cloned().collect());
        match decide(model, &[&conj], now) {
            Answer::Unsat => continue,
            Answer::Unknown => return None,
            Answer::Sat(_) => {}
        }
        let Formula::And(lits) = &conj else { return None };
        let mut vars: Vec<(u16, bool)> = lits
            .iter()
            .filter_map(|l| match l {
                Formula::Lit(v, c) => Some((*v, matches!(c, Constraint::Finite { .. } | Constraint::Number { .. }))),
                _ => None,
            })
            .collect();
        vars.sort_unstable();
        vars.dedup();
        out.push(Branch { summary: summarize(&conj), vars });
    }
    Some(out)
}

/// Whether two satisfiable branches whose summaries are not disjoint surely
/// share a session, without the solver. Variables are
/// independent of each other in a session except a derived attribute and
/// its source, so the pair is satisfiable when every variable both
/// constrain is a code, choice or number one (the summaries, which are
/// exact for those, share a value of it) and no derived attribute meets its
/// source across the two rules.
fn independent(a: &[(u16, bool)], b: &[(u16, bool)]) -> bool {
    let touches = |lits: &[(u16, bool)], v: u16| lits.binary_search_by_key(&v, |(w, _)| *w).is_ok();
    let shared_ok = a.iter().all(|&(v, summarized)| summarized || !touches(b, v));
    shared_ok
        && DERIVED.iter().all(|(attr, source)| {
            let (d, s) = (attr.0, source.0);
            !((touches(a, d) || touches(a, s)) && (touches(b, d) || touches(b, s)))
        })
}

struct RuleInfo<'a> {
    index: usize,
    rule: &'a Rule,
    formula: Formula,
    /// The negated formula, built when first needed (shadow checks).
    negated: std::sync::OnceLock<Formula>,
    summary: Summary,
    /// The formula's satisfiable branches (see [`branches`]), for live
    /// rules.
    branches: Option<Vec<Branch>>,
}

impl RuleInfo<'_> {
    /// Whether some session matches both rules: from the summaries and the
    /// variables alone when they settle it, else by the solver.
    fn overlaps(&self, other: &RuleInfo, model: &Model, now: i64) -> bool {
        if disjoint(&self.summary, &other.summary, model) {
            return false;
        }
        if let (Some(mine), Some(theirs)) = (&self.branches, &other.branches) {
            let mut open = false;
            for a in mine {
                for b in theirs.iter().filter(|b| !disjoint(&a.summary, &b.summary, model)) {
                    if independent(&a.vars, &b.vars) {
                        return true;
                    }
                    open = true;
                }
            }
            if !open {
                return false;
            }
        }
        decide(model, &[&self.formula, &other.formula], now).possible()
    }
}

impl<'a> Conflicts<'a> {
    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }

    /// Runs the pass.
    pub fn run(&self) -> Findings {
        let infos: Vec<RuleInfo> = self
            .rules
            .iter()
            .map(|(index, rule)| {
                let formula = self.model.rule(rule);
                let summary = summarize(&formula);
                RuleInfo { index: *index, rule, formula, negated: std::sync::OnceLock::new(), summary, branches: None }
            })
            .collect();
        let mut findings = Findings::default();
        let total = infos.len() + infos.iter().map(|i| i.rule.then.len()).sum::<usize>() + 1;
        let done = AtomicUsize::new(0);
        let tick = |k: usize| {
            let d = done.fetch_add(k, Ordering::Relaxed) + k;
            if let Some(p) = self.progress {
                p((d as f32 / total as f32).min(1.0));
            }
        };

        // Dead rules and liveness witnesses.
        let live: Vec<(usize, Answer)> = infos
            .par_iter()
            .enumerate()
            .map(|(k, info)| {
                let answer =
                    if self.cancelled() { Answer::Unknown } else { solve(self.model, &[&info.formula], self.now) };
                tick(1);
                (k, answer)
            })
            .collect();
        let mut alive = vec![true; infos.len()];
        let mut infos = infos;
        infos.par_iter_mut().zip(&live).filter(|(_, (_, a))| matches!(a, Answer::Sat(_))).for_each(|(info, _)| {
            info.branches = branches(self.model, &info.formula, self.now);
        });
        let infos = infos;
        // Dead rules explained, live ones given a re-checked witness, in parallel.
        let outcomes: Vec<(usize, Option<Diagnostic>, Option<Session>)> = live
            .into_par_iter()
            .map(|(k, answer)| {
                let info = &infos[k];
                match answer {
                    Answer::Unsat => (k, Some(self.dead(info)), None),
                    Answer::Sat(a) => {
                        let check = |s: &Session| self.matches(k, &self.compiled.facts(s));
                        let w = witness::build(self.model, &a, &format!("witness-{}", info.rule.id), &check);
                        (k, None, check(&w).then_some(w))
                    }
                    Answer::Unknown => (k, None, None),
                }
            })
            .collect();
        for (k, dead, witness) in outcomes {
            if let Some(d) = dead {
                alive[k] = false;
                findings.diagnostics.push(d);
            }
            if let Some(w) = witness {
                findings.live.insert(infos[k].rule.id.clone(), w);
            }
        }
        self.empty_segments(&mut findings);
        if self.cancelled() {
            findings.cancelled = true;
            return findings;
        }

        // Pairs per slot: rules in decision order; each rule meets the rules above it.
        let mut by_slot: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (k, info) in infos.iter().enumerate().filter(|(k, _)| alive[*k]) {
            for action in &info.rule.then {
                by_slot.entry(action.slot.as_str()).or_default().push(k);
            }
        }
        for list in by_slot.values_mut() {
            list.sort_by_key(|&k| crate::model::decision_key(infos[k].rule.priority, infos[k].index));
        }
        let outcome = |k: usize, slot: &str| -> Option<&Outcome> {
            infos[k].rule.then.iter().find(|a| a.slot == slot).map(|a| &a.outcome)
        };
        let sample_matches = self.sample_matches(&infos);
        // Every (slot, rule) pair at once, so that many small slots keep
        // every core busy as well as a few large ones; results in slot order.
        let tasks: Vec<(&str, &[usize], usize)> =
            by_slot.iter().flat_map(|(slot, list)| (0..list.len()).map(move |j| (*slot, list.as_slice(), j))).collect();
        let results: Vec<Vec<Diagnostic>> = tasks
            .par_iter()
            .map(|&(slot, list, j)| {
                if self.cancelled() {
                    return Vec::new();
                }
                let lower = list[j];
                let lo = &infos[lower];
                let mut out = Vec::new();
                // Higher rules that take some of this rule's sessions; the
                // solver's answer is kept only where a witness is built from it.
                let mut takers: Vec<(usize, Option<Answer>)> = Vec::new();
                for &higher in &list[..j] {
                    let hi = &infos[higher];
                    if !hi.overlaps(lo, self.model, self.now) {
                        continue;
                    }
                    let goals = [&hi.formula, &lo.formula];
                    if hi.rule.priority == lo.rule.priority && outcome(higher, slot) != outcome(lower, slot) {
                        let answer = solve(self.model, &goals, self.now);
                        out.push(self.ambiguity(hi, lo, higher, lower, slot, &answer));
                    } else {
                        let needed = takers.is_empty()
                            || (hi.rule.holdout_percent == 0
                                && !takers.iter().any(|(h, a)| a.is_some() && infos[*h].rule.holdout_percent == 0));
                        takers.push((higher, needed.then(|| solve(self.model, &goals, self.now))));
                    }
                }
                if !takers.is_empty() {
                    let masked = sample_matches.as_ref().map(|m| masked_share(m, &takers, lower));
                    out.push(match self.shadow(&infos, lower, &takers, slot) {
                        Some(d) => d,
                        None => self.overlap(&infos, lower, &takers, slot, masked),
                    });
                }
                tick(1);
                out
            })
            .collect();
        if self.cancelled() {
            findings.cancelled = true;
            return findings;
        }
        findings.diagnostics.extend(results.into_iter().flatten());
        tick(total);
        findings
    }

    fn rule_ids(&self, rules: &[&RuleInfo]) -> Vec<String> {
        rules.iter().map(|r| r.rule.id.clone()).collect()
    }

    fn dead(&self, info: &RuleInfo) -> Diagnostic {
        let reason = self.unsat_core(info);
        let message = match reason {
            Some(core) => format!("this rule can never apply: {core} cannot all hold for one session"),
            None => "this rule can never apply: its condition and schedule cannot hold for any session".to_owned(),
        };
        Diagnostic::new(Code::DeadRule, self.rule_ids(&[info]), FieldPath::rule(info.index).field("when"), message)
    }

    /// A small set of the rule's top-level conditions (and its schedule) that
    /// already cannot hold together, in words.
    fn unsat_core(&self, info: &RuleInfo) -> Option<String> {
        let mut parts: Vec<(String, Formula)> = match &info.rule.when {
            crate::model::Condition::All(items) => {
                items.iter().map(|c| (format!("`{c}`"), self.model.condition(c, false))).collect()
            }
            other => vec![(format!("`{other}`"), self.model.condition(other, false))],
        };
        if let Some(s) = &info.rule.schedule {
            parts.push(("the schedule".to_owned(), self.model.schedule(s)));
        }
        let unsat = |ps: &[(String, Formula)]| {
            let goals: Vec<&Formula> = ps.iter().map(|(_, f)| f).collect();
            matches!(solve(self.model, &goals, self.now), Answer::Unsat)
        };
        if !unsat(&parts) {
            return None;
        }
        let mut i = 0;
        while i < parts.len() && parts.len() > 1 {
            let mut fewer = parts.clone();
            fewer.remove(i);
            if unsat(&fewer) { parts = fewer } else { i += 1 }
        }
        let names: Vec<String> = parts.into_iter().map(|(n, _)| n).collect();
        Some(names.join(" and "))
    }

    fn empty_segments(&self, findings: &mut Findings) {
        for (i, seg) in self.model.ruleset.segments.iter().enumerate() {
            let Some(c) = &seg.when else { continue };
            let f = self.model.condition(c, false);
            if matches!(solve(self.model, &[&f], self.now), Answer::Unsat) {
                findings.diagnostics.push(Diagnostic::new(
                    Code::EmptySegment,
                    Vec::new(),
                    FieldPath::root().field("segments").index(i).field("when"),
                    format!(
                        "the condition of segment `{}` can never hold, so only upstream data can put visitors in it",
                        seg.id
                    ),
                ));
            }
        }
    }

    /// Builds and re-checks a witness where both rules match.
    fn pair_witness(&self, a: &Assignment, k1: usize, k2: usize, id: &str) -> Option<Session> {
        let check = |s: &Session| {
            let facts = self.compiled.facts(s);
            self.matches(k1, &facts) && self.matches(k2, &facts)
        };
        let w = witness::build(self.model, a, id, &check);
        check(&w).then_some(w)
    }

    fn with_witness(&self, mut d: Diagnostic, answer: &Answer, k1: usize, k2: usize, id: &str) -> Diagnostic {
        match answer {
            Answer::Sat(a) => match self.pair_witness(a, k1, k2, id) {
                Some(w) if a.exact => d.witness = Some(w),
                Some(w) => {
                    d.witness = Some(w);
                    d.certainty = Certainty::Possible;
                }
                None => d.certainty = Certainty::Possible,
            },
            _ => d.certainty = Certainty::Possible,
        }
        if d.certainty == Certainty::Possible {
            d.message = format!("possibly: {}", d.message);
        }
        d
    }

    fn ambiguity(&self, a: &RuleInfo, b: &RuleInfo, ka: usize, kb: usize, slot: &str, answer: &Answer) -> Diagnostic {
        let oa = a.rule.then.iter().find(|x| x.slot == slot).map(|x| x.outcome.to_string()).unwrap_or_default();
        let ob = b.rule.then.iter().find(|x| x.slot == slot).map(|x| x.outcome.to_string()).unwrap_or_default();
        let mut d = Diagnostic::new(
            Code::Ambiguity,
            self.rule_ids(&[b, a]),
            FieldPath::rule(b.index).field("priority"),
            format!(
                "`{}` and `{}` both have priority {} and both match some sessions, but give slot `{slot}` different outcomes ({ob} vs {oa}); only file order decides, so `{}` wins. Give one a different priority or narrow a condition.",
                b.rule.id, a.rule.id, a.rule.priority, a.rule.id
            ),
        );
        d.slot = Some(slot.to_owned());
        self.with_witness(d, answer, ka, kb, &format!("witness-{}-vs-{}", a.rule.id, b.rule.id))
    }

    /// One note per rule and slot: the higher rules that take some of its
    /// sessions, with a witness for the first of them.
    fn overlap(
        &self,
        infos: &[RuleInfo],
        lower: usize,
        takers: &[(usize, Option<Answer>)],
        slot: &str,
        masked: Option<(usize, usize)>,
    ) -> Diagnostic {
        let lo = &infos[lower];
        let (first, answer) = &takers[0];
        let hi = &infos[*first];
        let others = match takers.len() {
            1 => String::new(),
            n => {
                let names: Vec<String> =
                    takers[1..].iter().take(5).map(|(k, _)| format!("`{}`", infos[*k].rule.id)).collect();
                let more = if n - 1 > 5 { format!(" and {} more", n - 6) } else { String::new() };
                format!(", as do {}{more}", names.join(", "))
            }
        };
        let share = match masked {
            Some((taken, of)) if of > 0 => format!(
                "; in the sample, {taken} of the {of} sessions this rule matches go to higher rules ({:.0} %)",
                100.0 * taken as f64 / of as f64
            ),
            _ => String::new(),
        };
        let ids = listed_ids(lo, takers, infos);
        let mut d = Diagnostic::new(
            Code::Overlap,
            ids,
            FieldPath::rule(lo.index).field("when"),
            format!(
                "on slot `{slot}`, higher-priority `{}` (priority {}) takes some sessions this rule also matches{others}{share}",
                hi.rule.id, hi.rule.priority
            ),
        );
        d.slot = Some(slot.to_owned());
        let answer = answer.as_ref().unwrap_or(&Answer::Unknown);
        self.with_witness(d, answer, *first, lower, &format!("witness-{}-over-{}", hi.rule.id, lo.rule.id))
    }

    /// Shadowing: every session the lower rule matches is matched by the
    /// higher rules that always take their sessions (no holdout).
    fn shadow(
        &self,
        infos: &[RuleInfo],
        lower: usize,
        takers: &[(usize, Option<Answer>)],
        slot: &str,
    ) -> Option<Diagnostic> {
        let certain: Vec<usize> =
            takers.iter().map(|(h, _)| *h).filter(|h| infos[*h].rule.holdout_percent == 0).collect();
        if certain.is_empty() {
            return None;
        }
        let mut goals: Vec<&Formula> = vec![&infos[lower].formula];
        goals.extend(certain.iter().map(|h| infos[*h].negated.get_or_init(|| self.model.negate(&infos[*h].formula))));
        if !matches!(decide(self.model, &goals, self.now), Answer::Unsat) {
            return None;
        }
        let lo = &infos[lower];
        let mut names: Vec<String> = certain.iter().take(5).map(|h| format!("`{}`", infos[*h].rule.id)).collect();
        if certain.len() > 5 {
            names.push(format!("{} more", certain.len() - 5));
        }
        // Every overlapping higher rule is listed; the message names those
        // that take every session (no holdout).
        let ids = listed_ids(lo, takers, infos);
        let mut d = Diagnostic::new(
            Code::Shadowed,
            ids,
            FieldPath::rule(lo.index).field("when"),
            format!(
                "on slot `{slot}`, every session this rule matches is taken by higher-priority {} {}, so it can never win there",
                if certain.len() == 1 { "rule" } else { "rules" },
                join_names(&names)
            ),
        );
        d.slot = Some(slot.to_owned());
        // The witness: a session this rule matches, taken by a higher rule.
        let (first, answer) = takers.iter().find(|(h, a)| a.is_some() && certain.contains(h))?;
        let answer = answer.as_ref()?;
        let slot_index = self.compiled.slot_index(slot);
        let check = |s: &Session| {
            let facts = self.compiled.facts(s);
            let winner = slot_index.and_then(|slot| self.compiled.winner(&facts, slot));
            self.matches(lower, &facts) && winner.is_some_and(|w| w as usize != self.compiled_at[lower])
        };
        match answer {
            Answer::Sat(a) => {
                let w = witness::build(
                    self.model,
                    a,
                    &format!("witness-{}-shadows-{}", infos[*first].rule.id, lo.rule.id),
                    &check,
                );
                if check(&w) {
                    d.witness = Some(w);
                } else {
                    d.certainty = Certainty::Possible;
                }
            }
            _ => d.certainty = Certainty::Possible,
        }
        Some(d)
    }

    /// Per analysed rule, which sample sessions it matches.
    fn sample_matches(&self, infos: &[RuleInfo]) -> Option<Vec<Vec<bool>>> {
        let sample = self.sample?;
        let facts: Vec<_> = sample.iter().map(|s| self.compiled.facts(s)).collect();
        Some((0..infos.len()).map(|k| facts.iter().map(|f| self.matches(k, f)).collect()).collect())
    }

    /// Whether the `k`th rule analysed matches prepared facts.
    fn matches(&self, k: usize, facts: &crate::engine::Facts) -> bool {
        self.compiled_at.get(k).is_some_and(|&i| self.compiled.matches(i, facts))
    }
}

/// Most rule ids a shadow or overlap diagnostic lists besides its own.
const MAX_LISTED: usize = 50;

/// The rule, then the higher rules that take its sessions (at most
/// [`MAX_LISTED`]; the message gives the count).
fn listed_ids(lo: &RuleInfo, takers: &[(usize, Option<Answer>)], infos: &[RuleInfo]) -> Vec<String> {
    let mut ids = vec![lo.rule.id.clone()];
    ids.extend(takers.iter().take(MAX_LISTED).map(|(k, _)| infos[*k].rule.id.clone()));
    ids
}

/// `a`, `a and b`, `a, b and c`.
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Of the sample sessions the lower rule matches, how many some taker matches.
fn masked_share(matches: &[Vec<bool>], takers: &[(usize, Option<Answer>)], lower: usize) -> (usize, usize) {
    let Some(lo) = matches.get(lower) else { return (0, 0) };
    let of = lo.iter().filter(|m| **m).count();
    let taken =
        (0..lo.len()).filter(|&i| lo[i] && takers.iter().any(|(h, _)| matches.get(*h).is_some_and(|m| m[i]))).count();
    (taken, of)
}

/// The rules of a ruleset that conflict analysis looks at: enabled, and
/// without errors of their own.
pub fn analysable(ruleset: &Ruleset, errors: &[&Diagnostic]) -> Vec<usize> {
    ruleset
        .rules
        .iter()
        .enumerate()
        .filter(|(i, r)| r.enabled && !errors.iter().any(|d| d.path.rule_index() == Some(*i)))
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests;
