//! The condition index (issue 18): which rules can possibly match a session,
//! found from the session's values instead of evaluating every rule.
//!
//! Rules are numbered by *rank*: enabled rules in decision order (priority,
//! highest first, then file order). Every slot's candidates are in the same
//! order, so one walk over a set of ranks meets each slot's candidates best
//! first; sets of rules are bitsets over ranks.
//!
//! Each rule is *anchored* by the predicates its condition cannot hold
//! without (the condition itself, or conjuncts of a top-level `all`). The
//! index keeps one *dimension* per attribute and kind of test, as in the
//! posting lists of boolean-expression indexing (the k-index of Whang et
//! al., VLDB 2009):
//!
//! - equality (`is`, `in`): rules by the value they accept;
//! - list items (`has`, `has_any`, `has_all`): rules by an item they need;
//! - segments (`has`, `has_any`, `has_all` on `customer.segments`);
//! - text patterns (`matches`, `contains`, `starts_with`, `ends_with`,
//!   case-insensitive tests): one automaton over every distinct pattern of
//!   the attribute answers all of them in one pass over the value;
//! - numeric bounds (`ge`, `gt`, `le`, `lt`, `between`): rules by threshold,
//!   sorted, with cumulative sets at (at most [`MAX_CUTS`]) cut points;
//! - presence: any other test but `missing` fails on an absent value.
//!
//! A session's possible rules are, in every dimension, the rules not
//! anchored there and those its value admits. The index may keep a rule
//! that then fails (a threshold between two cut points, a second conjunct),
//! never drop one that matches, so decisions are exactly those of a full
//! scan (`tests/it/index_props.rs` and `tests/it/analysis_props.rs` check
//! this on random rulesets).
//!
//! Parts: `anchor` (what each rule's conjuncts need), `dimension` (the
//! posting sets and what a session's value admits); this module ranks the
//! rules and intersects.

mod anchor;
mod dimension;
#[cfg(test)]
mod tests;

use super::{CCond, CRule};
use crate::compile::Facts;
use anchor::{Anchor, Claim, anchors};
use dimension::{Building, Dimension};
pub use dimension::{MAX_AUTOMATON_BYTES, MAX_CUTS, REMEMBER_FROM, SEEN_BYTES};

/// Rules as a bitset over ranks.
pub type RuleBits = Vec<u64>;

/// The index of a compiled ruleset's rules.
#[derive(Debug, Default)]
pub struct RuleIndex {
    words: usize,
    /// Rank → rule (index in file order): the enabled rules, best first.
    order: Vec<u32>,
    /// Every rank.
    enabled: RuleBits,
    dims: Vec<Dimension>,
    /// Per rank, what evaluation still has to check.
    rest: Vec<Rest>,
}

fn set_bit(bits: &mut [u64], i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

/// Whether rank `i` is in `bits`.
pub fn has(bits: &RuleBits, i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

/// The ranks in `bits`, in order.
pub fn ranks(bits: &RuleBits) -> impl Iterator<Item = usize> + '_ {
    bits.iter().enumerate().flat_map(|(w, &word)| {
        let mut rest = word;
        std::iter::from_fn(move || {
            (rest != 0).then(|| {
                let bit = rest.trailing_zeros() as usize;
                rest &= rest - 1;
                w * 64 + bit
            })
        })
    })
}

/// What evaluating a rule the index admits still has to check.
#[derive(Debug)]
enum Rest {
    /// The whole condition.
    Whole,
    /// These conjuncts of it (the index settled the others).
    Conjuncts(Box<[u32]>),
}

impl RuleIndex {
    /// Indexes `rules`; `segments` is the number of segments.
    pub fn new(rules: &[CRule], segments: usize) -> Self {
        let mut order: Vec<u32> = (0..rules.len() as u32).filter(|&i| rules[i as usize].enabled).collect();
        order.sort_by_key(|&i| crate::model::decision_key(rules[i as usize].priority, i as usize));
        let words = order.len().div_ceil(64);
        let mut enabled = vec![0; words];
        (0..order.len()).for_each(|rank| set_bit(&mut enabled, rank));
        let mut building: Vec<Building> = Vec::new();
        // Per rank: each claim's conjunct, and the dimension that took its
        // anchor when the claim settles the conjunct.
        let mut claims: Vec<Vec<(u32, Option<usize>)>> = Vec::with_capacity(order.len());
        for (rank, &i) in order.iter().enumerate() {
            let mut mine = Vec::new();
            for Claim { conjunct, attr, anchor, settles } in anchors(&rules[i as usize].when) {
                let valid = match &anchor {
                    Anchor::Segments(ss) => ss.iter().all(|s| usize::from(*s) < segments),
                    _ => true,
                };
                let kind = anchor.kind();
                let k = building.iter().position(|b| b.attr == attr && b.kind == kind).unwrap_or_else(|| {
                    building.push(Building { attr, kind, anchored: Vec::new() });
                    building.len() - 1
                });
                let first = building[k].anchored.last().is_none_or(|(r, _)| *r != rank);
                if valid && first {
                    building[k].anchored.push((rank, anchor));
                }
                mine.push((conjunct, (valid && first && settles).then_some(k)));
            }
            claims.push(mine);
        }
        let built: Vec<Option<(Dimension, bool)>> =
            building.into_iter().map(|b| b.finish(words, &enabled, segments)).collect();
        let rest = order
            .iter()
            .zip(&claims)
            .map(|(&i, mine)| {
                let when = &rules[i as usize].when;
                let conjuncts = match when {
                    CCond::All(items) => items.len(),
                    _ => 1,
                };
                // Per conjunct: settled when it has claims and every one
                // landed in an exact dimension.
                let mut settled: Vec<Option<bool>> = vec![None; conjuncts];
                for (c, k) in mine {
                    let exact = k.is_some_and(|k| built[k].as_ref().is_some_and(|(_, exact)| *exact));
                    if let Some(slot) = settled.get_mut(*c as usize) {
                        *slot = Some(slot.unwrap_or(true) && exact);
                    }
                }
                let rest = (0..conjuncts).filter(|&k| settled[k] != Some(true)).map(u32::try_from);
                match (when, rest.collect::<Result<Box<[u32]>, _>>()) {
                    (CCond::All(_) | CCond::Pred(_), Ok(rest)) => Rest::Conjuncts(rest),
                    _ => Rest::Whole,
                }
            })
            .collect();
        let dims = built.into_iter().flatten().map(|(d, _)| d).collect();
        RuleIndex { words, order, enabled, dims, rest }
    }

    /// Whether the rule at `rank`, admitted by [`possible`](Self::possible),
    /// meets its condition: only what the index did not settle is
    /// evaluated by `holds`.
    pub fn holds(&self, rank: usize, when: &CCond, holds: impl Fn(&CCond) -> bool) -> bool {
        match (&self.rest[rank], when) {
            (Rest::Conjuncts(rest), CCond::All(items)) => rest.iter().all(|&k| holds(&items[k as usize])),
            (Rest::Conjuncts(rest), _) if rest.is_empty() => true,
            _ => holds(when),
        }
    }

    /// The rule at a rank.
    pub fn rule_at(&self, rank: usize) -> u32 {
        self.order[rank]
    }

    /// Every rank, best first.
    pub fn ranks(&self) -> std::ops::Range<usize> {
        0..self.order.len()
    }

    /// The rules that can possibly match `facts`, as ranks: every other rule
    /// needs, in some dimension, what the session's value does not give.
    pub fn possible(&self, facts: &Facts) -> RuleBits {
        let mut bits = Vec::new();
        self.possible_into(facts, &mut bits, &mut Vec::new());
        bits
    }

    /// [`possible`](Self::possible) into `bits`, with `gathered` as scratch:
    /// buffers a caller keeps, so deciding allocates no sets.
    pub fn possible_into(&self, facts: &Facts, bits: &mut RuleBits, gathered: &mut RuleBits) {
        bits.clear();
        bits.extend_from_slice(&self.enabled);
        for dim in &self.dims {
            dim.restrict(bits, facts, gathered, self.words);
        }
    }

    /// How many rules are anchored in at least one dimension (the rest are
    /// always evaluated).
    pub fn anchored(&self) -> usize {
        let mut free = self.enabled.clone();
        for dim in &self.dims {
            free.iter_mut().zip(dim.free()).for_each(|(a, f)| *a &= f);
        }
        self.order.len() - free.iter().map(|w| w.count_ones() as usize).sum::<usize>()
    }
}
