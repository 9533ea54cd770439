//! Conditions as formulas over attribute variables: negations pushed down
//! to atoms (negation normal form), segment membership expanded into
//! "listed upstream, or the segment's condition holds", schedules as time
//! constraints. `time.weekday` and `time.hour` are two views of one
//! variable, the session's instant.

use std::collections::BTreeSet;

use chrono_tz::Tz;

use super::automata::Patterns;
use super::constraint::{ALL_HOURS, ALL_WEEKDAYS, Bits, Constraint, FiniteDomain};
use super::intervals::{Interval, IntervalSet};
use crate::derive::time::parse_zone;
use crate::model::attribute::id;
use crate::model::resolve::Resolver;
use crate::model::{AttrId, AttrType, Condition, Op, Predicate, Rule, Ruleset, Schedule, ValueError};
use crate::validate::pattern::search_pattern;

/// A formula in negation normal form.
#[derive(Clone, Debug, PartialEq)]
pub enum Formula {
    /// Always holds.
    True,
    /// Never holds.
    False,
    /// A variable's value lies in a set.
    Lit(u16, Constraint),
    /// Every part holds.
    And(Vec<Formula>),
    /// Some part holds.
    Or(Vec<Formula>),
}

/// A conjunction, flattened, with constants folded.
pub fn and(parts: Vec<Formula>) -> Formula {
    let mut out = Vec::new();
    for p in parts {
        match p {
            Formula::True => {}
            Formula::False => return Formula::False,
            Formula::And(inner) => out.extend(inner),
            other => out.push(other),
        }
    }
    match out.len() {
        0 => Formula::True,
        1 => out.pop().unwrap_or(Formula::True),
        _ => Formula::And(out),
    }
}

/// A disjunction, flattened, with constants folded.
pub fn or(parts: Vec<Formula>) -> Formula {
    let mut out = Vec::new();
    for p in parts {
        match p {
            Formula::False => {}
            Formula::True => return Formula::True,
            Formula::Or(inner) => out.extend(inner),
            other => out.push(other),
        }
    }
    match out.len() {
        0 => Formula::False,
        1 => out.pop().unwrap_or(Formula::False),
        _ => Formula::Or(out),
    }
}

/// What kind of variable an attribute is.
#[derive(Clone, Debug, PartialEq)]
pub enum VarKind {
    /// Codes and choices.
    Finite(FiniteDomain),
    /// Numbers.
    Number,
    /// Text.
    Text,
    /// Lists.
    List,
    /// The session's instant.
    Time,
}

/// One variable: its kind and unconstrained set.
#[derive(Clone, Debug)]
pub struct VarInfo {
    /// Its kind.
    pub kind: VarKind,
    /// Every value it can take.
    pub full: Constraint,
    /// Whether only whole numbers occur.
    pub integer: bool,
}

/// The variables of a ruleset and the patterns its text tests use.
pub struct Model<'a> {
    /// The ruleset.
    pub ruleset: &'a Ruleset,
    /// Variables, indexed like attributes (`time.hour` folds into `time.weekday`).
    pub vars: Vec<VarInfo>,
    /// Pattern registry for text tests.
    pub patterns: Patterns,
    /// The ruleset's time zone.
    pub tz: Tz,
    resolver: Resolver<'a>,
    segments_pos: Vec<Formula>,
    segments_neg: Vec<Formula>,
}

/// The variable an attribute is.
pub fn var_of(attr: AttrId) -> u16 {
    if attr == id::HOUR { id::WEEKDAY.0 } else { attr.0 }
}

fn full_constraint(ty: AttrType, can_be_absent: bool) -> (VarKind, Constraint, bool) {
    match ty {
        AttrType::Country | AttrType::Region | AttrType::Enum(_) => {
            let domain = match ty {
                AttrType::Country => FiniteDomain::Countries,
                AttrType::Region => FiniteDomain::Regions,
                AttrType::Enum(c) => FiniteDomain::Choices(c),
                _ => FiniteDomain::Choices(&[]),
            };
            let values = Bits::all(domain.len());
            (VarKind::Finite(domain), Constraint::Finite { absent: can_be_absent, values }, false)
        }
        AttrType::Number(d) => (
            VarKind::Number,
            Constraint::Number { absent: can_be_absent, set: IntervalSet::of(Interval::closed(d.min, d.max)) },
            d.integer,
        ),
        AttrType::Text => {
            (VarKind::Text, Constraint::Text { absent: can_be_absent, present: true, lits: Vec::new() }, false)
        }
        AttrType::List => (
            VarKind::List,
            Constraint::List { absent: can_be_absent, present: true, must: BTreeSet::new(), must_not: BTreeSet::new() },
            false,
        ),
    }
}

impl<'a> Model<'a> {
    /// The model of a ruleset.
    ///
    /// # Errors
    /// When the time zone is invalid (validation reports it).
    pub fn new(ruleset: &'a Ruleset) -> Result<Self, ValueError> {
        let tz = parse_zone(&ruleset.time_zone)?;
        let resolver = Resolver::new(ruleset);
        let vars = resolver
            .all_attrs()
            .into_iter()
            .map(|a| {
                if a.id == id::WEEKDAY || a.id == id::HOUR {
                    return VarInfo {
                        kind: VarKind::Time,
                        full: Constraint::Time {
                            absent: true,
                            present: true,
                            instants: IntervalSet::all(),
                            weekdays: ALL_WEEKDAYS,
                            hours: ALL_HOURS,
                        },
                        integer: true,
                    };
                }
                let can_be_absent = a.id != id::CHANNEL && a.id != id::SEGMENTS;
                let (kind, full, integer) = full_constraint(a.ty, can_be_absent);
                VarInfo { kind, full, integer }
            })
            .collect();
        let mut model = Model {
            ruleset,
            vars,
            patterns: Patterns::new(),
            tz,
            resolver,
            segments_pos: Vec::new(),
            segments_neg: Vec::new(),
        };
        let (pos, neg): (Vec<Formula>, Vec<Formula>) = ruleset
            .segments
            .iter()
            .map(|s| match &s.when {
                Some(c) => (model.condition(c, false), model.condition(c, true)),
                None => (Formula::False, Formula::True),
            })
            .unzip();
        model.segments_pos = pos;
        model.segments_neg = neg;
        Ok(model)
    }

    /// The variable info of a variable id.
    pub fn var(&self, v: u16) -> &VarInfo {
        &self.vars[usize::from(v)]
    }

    fn lit(&self, v: u16, c: Constraint) -> Formula {
        if c.obviously_empty(self.var(v).integer) { Formula::False } else { Formula::Lit(v, c) }
    }

    /// A condition (negated when `negate`) as a formula.
    pub fn condition(&self, c: &Condition, negate: bool) -> Formula {
        match (c, negate) {
            (Condition::All(items), false) | (Condition::Any(items), true) => {
                and(items.iter().map(|i| self.condition(i, negate)).collect())
            }
            (Condition::Any(items), false) | (Condition::All(items), true) => {
                or(items.iter().map(|i| self.condition(i, negate)).collect())
            }
            (Condition::Not(inner), _) => self.condition(inner, !negate),
            (Condition::Pred(p), _) => {
                let f = self.predicate(p);
                if negate { self.negate(&f) } else { f }
            }
        }
    }

    /// The negation of a formula, in negation normal form.
    pub fn negate(&self, f: &Formula) -> Formula {
        match f {
            Formula::True => Formula::False,
            Formula::False => Formula::True,
            Formula::And(items) => or(items.iter().map(|i| self.negate(i)).collect()),
            Formula::Or(items) => and(items.iter().map(|i| self.negate(i)).collect()),
            Formula::Lit(v, c) => {
                let info = self.var(*v);
                or(c.negate(&info.full, info.integer).into_iter().map(|n| self.lit(*v, n)).collect())
            }
        }
    }

    /// A rule's formula: its condition and its schedule.
    pub fn rule(&self, rule: &Rule) -> Formula {
        let when = self.condition(&rule.when, false);
        match &rule.schedule {
            Some(s) => and(vec![when, self.schedule(s)]),
            None => when,
        }
    }

    /// A schedule as time constraints.
    pub fn schedule(&self, s: &Schedule) -> Formula {
        let v = id::WEEKDAY.0;
        let lo = s.start.map_or(f64::NEG_INFINITY, |t| t.timestamp() as f64);
        let hi = s.end.map_or(f64::INFINITY, |t| t.timestamp() as f64);
        let instants = IntervalSet::of(Interval { lo, lo_incl: lo.is_finite(), hi, hi_incl: false });
        let mut parts = vec![self.lit(v, time(instants, ALL_WEEKDAYS, ALL_HOURS))];
        if !s.weekdays.is_empty() {
            let bits = s.weekdays.iter().fold(0u8, |b, d| b | (1 << d.index()));
            parts.push(self.lit(v, time(IntervalSet::all(), bits, ALL_HOURS)));
        }
        if let Some(w) = s.hours {
            let bits = (0..24u8).filter(|h| w.contains(*h)).fold(0u32, |b, h| b | (1 << h));
            parts.push(self.lit(v, time(IntervalSet::all(), ALL_WEEKDAYS, bits)));
        }
        and(parts)
    }

    fn predicate(&self, p: &Predicate) -> Formula {
        let Some(info) = self.resolver.attr(&p.attr) else { return Formula::False };
        let v = var_of(info.id);
        let var = self.var(v);
        let present_only = |c: &Constraint| -> Constraint {
            let mut c = c.clone();
            c.forbid_absent();
            c
        };
        if matches!(p.op, Op::Missing) {
            return match &var.kind {
                VarKind::Time => self.lit(
                    v,
                    Constraint::Time {
                        absent: true,
                        present: false,
                        instants: IntervalSet::all(),
                        weekdays: ALL_WEEKDAYS,
                        hours: ALL_HOURS,
                    },
                ),
                _ if !var.full.allows_absent() => Formula::False,
                VarKind::Finite(d) => self.lit(v, Constraint::Finite { absent: true, values: Bits::none(d.len()) }),
                VarKind::Number => self.lit(v, Constraint::Number { absent: true, set: IntervalSet::empty() }),
                VarKind::Text => self.lit(v, Constraint::Text { absent: true, present: false, lits: Vec::new() }),
                VarKind::List => self.lit(v, list(true, false, &[], &[])),
            };
        }
        if matches!(p.op, Op::Exists) {
            return self.lit(v, present_only(&var.full));
        }
        if info.id == id::SEGMENTS {
            return self.segments(&p.op);
        }
        match &var.kind {
            VarKind::Finite(domain) => {
                let mut values = Bits::none(domain.len());
                for s in p.op.strings() {
                    if let Some(i) = domain.index(s) {
                        values.insert(i);
                    }
                }
                if matches!(p.op, Op::IsNot(_) | Op::NotIn(_)) {
                    values = values.not();
                }
                self.lit(v, Constraint::Finite { absent: false, values })
            }
            VarKind::Text => {
                let Some(pattern) = search_pattern(&p.op, p.ignore_case) else { return Formula::False };
                let id = self.patterns.intern(&pattern);
                let positive = !matches!(p.op, Op::IsNot(_) | Op::NotIn(_));
                self.lit(v, Constraint::Text { absent: false, present: true, lits: vec![(id, positive)] })
            }
            VarKind::Number => {
                let Constraint::Number { set: domain, .. } = &var.full else { return Formula::False };
                let set = number_set(&p.op).intersect(domain);
                self.lit(v, Constraint::Number { absent: false, set })
            }
            VarKind::List => match &p.op {
                Op::Has(x) => self.lit(v, list(false, true, std::slice::from_ref(x), &[])),
                Op::HasAll(xs) => self.lit(v, list(false, true, xs, &[])),
                Op::HasNone(xs) => self.lit(v, list(false, true, &[], xs)),
                Op::HasAny(xs) => {
                    or(xs.iter().map(|x| self.lit(v, list(false, true, std::slice::from_ref(x), &[]))).collect())
                }
                _ => Formula::False,
            },
            VarKind::Time if info.id == id::WEEKDAY => {
                let Some(bits) = weekday_bits(&p.op) else { return Formula::False };
                self.lit(v, time(IntervalSet::all(), bits, ALL_HOURS))
            }
            VarKind::Time => {
                let set = number_set(&p.op);
                let bits = (0..24u32).filter(|h| set.contains(f64::from(*h))).fold(0u32, |b, h| b | (1 << h));
                self.lit(v, time(IntervalSet::all(), ALL_WEEKDAYS, bits))
            }
        }
    }

    fn segments(&self, op: &Op) -> Formula {
        let v = id::SEGMENTS.0;
        let index = |s: &String| self.ruleset.segments.iter().position(|seg| seg.id == *s);
        let has = |s: &String| -> Formula {
            let listed = self.lit(v, list(false, true, std::slice::from_ref(s), &[]));
            // While segment conditions themselves are built (a segment testing
            // segments is an error), membership is upstream only.
            match index(s).and_then(|i| self.segments_pos.get(i)) {
                Some(computed) => or(vec![listed, computed.clone()]),
                None => listed,
            }
        };
        let has_not = |s: &String| -> Formula {
            let unlisted = self.lit(v, list(false, true, &[], std::slice::from_ref(s)));
            match index(s).and_then(|i| self.segments_neg.get(i)) {
                Some(not_computed) => and(vec![unlisted, not_computed.clone()]),
                None => unlisted,
            }
        };
        match op {
            Op::Has(s) => has(s),
            Op::HasAny(ss) => or(ss.iter().map(has).collect()),
            Op::HasAll(ss) => and(ss.iter().map(has).collect()),
            Op::HasNone(ss) => and(ss.iter().map(has_not).collect()),
            _ => Formula::False,
        }
    }
}

fn list(absent: bool, present: bool, must: &[String], must_not: &[String]) -> Constraint {
    Constraint::List {
        absent,
        present,
        must: must.iter().cloned().collect(),
        must_not: must_not.iter().cloned().collect(),
    }
}

fn time(instants: IntervalSet, weekdays: u8, hours: u32) -> Constraint {
    Constraint::Time { absent: false, present: true, instants, weekdays, hours }
}

fn number_set(op: &Op) -> IntervalSet {
    let (inf, ninf) = (f64::INFINITY, f64::NEG_INFINITY);
    IntervalSet::of(match op {
        Op::Lt(n) => Interval { lo: ninf, lo_incl: false, hi: *n, hi_incl: false },
        Op::Le(n) => Interval { lo: ninf, lo_incl: false, hi: *n, hi_incl: true },
        Op::Gt(n) => Interval { lo: *n, lo_incl: false, hi: inf, hi_incl: false },
        Op::Ge(n) => Interval { lo: *n, lo_incl: true, hi: inf, hi_incl: false },
        Op::Between(a, b) => Interval::closed(*a, *b),
        _ => return IntervalSet::empty(),
    })
}

fn weekday_bits(op: &Op) -> Option<u8> {
    let day = |s: &str| crate::model::attribute::WEEKDAYS.iter().position(|d| *d == s);
    let set = op.strings().iter().filter_map(|s| day(s)).fold(0u8, |b, i| b | (1 << i));
    match op {
        Op::Is(_) | Op::In(_) => Some(set),
        Op::IsNot(_) | Op::NotIn(_) => Some(!set & ALL_WEEKDAYS),
        _ => None,
    }
}
