//! The values rules test for, watched in a sample: every `is`, `in`, `has`,
//! `has_any` and `has_all` value of an enabled rule, and every segment it
//! asks for, so health can name the ones no session has. Case-insensitive
//! tests are not watched.

use std::collections::HashMap;

use crate::compile::CompiledRuleset;
use crate::engine::{Fact, Facts};
use crate::model::attribute::id;
use crate::model::resolve::Resolver;
use crate::model::{AttrId, FieldPath, Op, Ruleset};

/// One value a rule tests for.
#[derive(Clone, Debug, PartialEq)]
pub struct Wanted {
    /// The rule's index.
    pub rule: usize,
    /// The predicate's operator field (`rules[3].when[1].op`).
    pub path: FieldPath,
    /// The attribute's path.
    pub attr: String,
    /// The value.
    pub value: String,
}

/// What to look for in each session: per attribute, value → watched index;
/// per segment, its watched index.
#[derive(Debug, Default)]
pub struct Watch {
    /// Every value wanted, in rule order.
    pub wanted: Vec<Wanted>,
    /// Per attribute id, value → index into `seen`.
    values: Vec<(AttrId, HashMap<Box<str>, usize>)>,
    /// Per segment index, its index into `seen`.
    segments: Vec<(u16, usize)>,
    /// `wanted[i]` → index into `seen` (equal values share one).
    slot_of: Vec<usize>,
    /// How many distinct things are watched.
    pub len: usize,
}

impl Watch {
    /// The values the enabled rules of a ruleset test for.
    pub fn new(ruleset: &Ruleset, compiled: &CompiledRuleset) -> Self {
        let resolver = Resolver::new(ruleset);
        let mut watch = Watch::default();
        for (r, rule) in ruleset.rules.iter().enumerate().filter(|(_, r)| r.enabled) {
            let base = FieldPath::rule(r).field("when");
            rule.when.visit_preds(&mut Vec::new(), &mut |pred, keys| {
                if pred.ignore_case {
                    return;
                }
                let values: &[String] = match &pred.op {
                    Op::Is(v) | Op::Has(v) => std::slice::from_ref(v),
                    Op::In(vs) | Op::HasAny(vs) | Op::HasAll(vs) => vs,
                    _ => return,
                };
                let Some(info) = resolver.attr(&pred.attr) else { return };
                for value in values {
                    let slot = if info.id == id::SEGMENTS {
                        let Some(segment) = compiled.segment_index(value) else { continue };
                        watch.segment_slot(segment)
                    } else {
                        watch.value_slot(info.id, value)
                    };
                    watch.wanted.push(Wanted {
                        rule: r,
                        path: base.join(keys).field("op"),
                        attr: info.path.clone(),
                        value: value.clone(),
                    });
                    watch.slot_of.push(slot);
                }
            });
        }
        watch
    }

    fn value_slot(&mut self, attr: AttrId, value: &str) -> usize {
        let i = match self.values.iter().position(|(a, _)| *a == attr) {
            Some(i) => i,
            None => {
                self.values.push((attr, HashMap::new()));
                self.values.len() - 1
            }
        };
        let next = self.len;
        let slot = *self.values[i].1.entry(value.into()).or_insert(next);
        if slot == next {
            self.len += 1;
        }
        slot
    }

    fn segment_slot(&mut self, segment: u16) -> usize {
        if let Some((_, slot)) = self.segments.iter().find(|(s, _)| *s == segment) {
            return *slot;
        }
        self.segments.push((segment, self.len));
        self.len += 1;
        self.len - 1
    }

    /// Marks in `seen` every watched value this session has.
    pub fn observe(&self, facts: &Facts, seen: &mut [bool]) {
        for (attr, values) in &self.values {
            match facts.get(*attr) {
                Fact::Text(v) => mark(values, v, seen),
                Fact::List(items) => items.iter().for_each(|v| mark(values, v, seen)),
                Fact::Num(_) | Fact::Absent => {}
            }
        }
        for (segment, slot) in &self.segments {
            if facts.segments.contains(*segment) {
                seen[*slot] = true;
            }
        }
    }

    /// The wanted values no session had, given what was seen.
    pub fn unseen<'a>(&'a self, seen: &'a [bool]) -> impl Iterator<Item = &'a Wanted> {
        self.wanted.iter().zip(&self.slot_of).filter(|(_, slot)| !seen[**slot]).map(|(w, _)| w)
    }
}

fn mark(values: &HashMap<Box<str>, usize>, value: &str, seen: &mut [bool]) {
    if let Some(slot) = values.get(value) {
        seen[*slot] = true;
    }
}
