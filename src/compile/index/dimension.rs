//! The index's dimensions: per attribute and kind of test, the rules by
//! what they need, and what a session's value admits.

use std::collections::HashMap;
use std::sync::Arc;

use quick_cache::{Weighter, sync::Cache};
use regex_automata::meta::{self, Regex};
use regex_automata::{Input, MatchKind, PatternSet};
use smol_str::SmolStr;

use super::anchor::Anchor;
use super::{RuleBits, set_bit};
use crate::compile::{Fact, Facts};
use crate::model::AttrId;
#[cfg(doc)]
use crate::model::limits::MAX_REGEX_COMPILED_BYTES;

/// The most memory one automaton over an attribute's patterns may take
/// (each pattern alone is held to [`MAX_REGEX_COMPILED_BYTES`]).
pub const MAX_AUTOMATON_BYTES: usize = 64 << 20;

/// Numeric dimensions keep cumulative sets at most at this many thresholds.
pub const MAX_CUTS: usize = 64;

type Map<V> = HashMap<Box<str>, V, foldhash::fast::RandomState>;

/// One attribute and kind of test: the rules anchored on it, by what their
/// test needs, and the rules that are not (which it never rules out).
#[derive(Debug)]
pub(super) struct Dimension {
    attr: AttrId,
    free: RuleBits,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    /// Text equal to the key.
    Text(Map<RuleBits>),
    /// A list holding the key.
    List(Map<RuleBits>),
    /// Membership of the segment at each position.
    Segments(Vec<RuleBits>),
    /// Text matching the pattern at each position of the automaton; the
    /// rules as ranks (a value may match many patterns: setting their ranks
    /// costs less than a union of bitsets).
    /// With many patterns, values seen are remembered with the rules they
    /// admit (`seen`); with few, running the automaton costs less than the
    /// cache.
    Patterns { automaton: Regex, rules: Vec<Vec<u32>>, seen: Option<Seen> },
    /// A number at or above (`negate`: at or below) a threshold: `rules[k]`
    /// holds the rules whose threshold is at most `cuts[k]`. `exact` when
    /// every threshold is a cut; otherwise the cuts are a sample and a value
    /// admits the rules up to the next cut above it.
    Bound { negate: bool, exact: bool, cuts: Vec<f64>, rules: Vec<RuleBits> },
    /// Any value.
    Present,
}

/// What a session's value admits in one dimension, besides its free rules.
enum Admits<'a> {
    /// Every anchored rule.
    All,
    /// No anchored rule.
    Nothing,
    /// These rules.
    Rules(&'a RuleBits),
    /// The rules gathered in the scratch set.
    Gathered,
    /// Rules remembered for the value.
    Remembered(Arc<RuleBits>),
}

/// The rules a pattern dimension admits for values it has seen, bounded by
/// bytes ([`SEEN_BYTES`]; the least useful are forgotten first).
type Seen = Cache<SmolStr, Arc<RuleBits>, Bytes>;

/// Pattern dimensions with at least this many distinct patterns remember
/// the rules each value admits.
pub const REMEMBER_FROM: usize = 16;

/// The most memory a pattern dimension spends remembering values.
pub const SEEN_BYTES: u64 = 4 << 20;

/// A remembered value's weight: its bytes and its set's, plus overhead.
#[derive(Clone, Debug)]
struct Bytes;

impl Weighter<SmolStr, Arc<RuleBits>> for Bytes {
    fn weight(&self, value: &SmolStr, rules: &Arc<RuleBits>) -> u64 {
        (value.len() + rules.len() * 8 + 64) as u64
    }
}

/// A dimension under construction: per rank, what it needs.
pub(super) struct Building<'a> {
    pub(super) attr: AttrId,
    pub(super) kind: u8,
    pub(super) anchored: Vec<(usize, Anchor<'a>)>,
}

impl Building<'_> {
    /// The dimension, and whether what it admits is exact (thresholds are
    /// not when there are more than [`MAX_CUTS`]); `None` when it cannot be
    /// built (an automaton over too many patterns: its rules stay free).
    pub(super) fn finish(self, words: usize, enabled: &RuleBits, segments: usize) -> Option<(Dimension, bool)> {
        let mut free = enabled.clone();
        for (rank, _) in &self.anchored {
            free[rank / 64] &= !(1 << (rank % 64));
        }
        let empty = || vec![0u64; words];
        let by_key = |anchored: &[(usize, Anchor)]| {
            let mut map: Map<RuleBits> = Map::default();
            for (rank, anchor) in anchored {
                if let Anchor::Text(values) | Anchor::List(values) = anchor {
                    values.iter().for_each(|v| set_bit(map.entry((*v).into()).or_insert_with(empty), *rank));
                }
            }
            map
        };
        let kind = match self.anchored.first().map(|(_, a)| a) {
            None => return None,
            Some(Anchor::Text(_)) => Kind::Text(by_key(&self.anchored)),
            Some(Anchor::List(_)) => Kind::List(by_key(&self.anchored)),
            Some(Anchor::Segments(_)) => {
                let mut per = vec![empty(); segments];
                for (rank, anchor) in &self.anchored {
                    if let Anchor::Segments(ss) = anchor {
                        ss.iter().for_each(|s| set_bit(&mut per[usize::from(*s)], *rank));
                    }
                }
                Kind::Segments(per)
            }
            Some(Anchor::Pattern(_)) => {
                let mut patterns: Vec<&str> = Vec::new();
                let mut positions: HashMap<&str, usize> = HashMap::new();
                let mut rules: Vec<Vec<u32>> = Vec::new();
                for (rank, anchor) in &self.anchored {
                    if let Anchor::Pattern(p) = anchor {
                        let k = *positions.entry(p.as_str()).or_insert_with(|| {
                            patterns.push(p);
                            rules.push(Vec::new());
                            patterns.len() - 1
                        });
                        rules[k].push(*rank as u32);
                    }
                }
                let config = meta::Config::new()
                    .match_kind(MatchKind::All)
                    .nfa_size_limit(Some(MAX_AUTOMATON_BYTES))
                    .dfa_size_limit(Some(MAX_AUTOMATON_BYTES));
                let automaton = Regex::builder().configure(config).build_many(&patterns).ok()?;
                let seen = (patterns.len() >= REMEMBER_FROM).then(|| {
                    Cache::with_weighter((SEEN_BYTES / (words as u64 * 8 + 80)) as usize + 1, SEEN_BYTES, Bytes)
                });
                Kind::Patterns { automaton, rules, seen }
            }
            Some(Anchor::Lower(_) | Anchor::Upper(_)) => {
                let negate = matches!(self.anchored[0].1, Anchor::Upper(_));
                let mut bounds: Vec<(f64, usize)> = self
                    .anchored
                    .iter()
                    .filter_map(|(rank, a)| match a {
                        Anchor::Lower(x) => Some((*x, *rank)),
                        Anchor::Upper(x) => Some((-*x, *rank)),
                        _ => None,
                    })
                    .collect();
                bounds.sort_by(|a, b| a.0.total_cmp(&b.0));
                let mut distinct: Vec<f64> = bounds.iter().map(|b| b.0).collect();
                distinct.dedup();
                let exact = distinct.len() <= MAX_CUTS;
                let cuts: Vec<f64> = if exact {
                    distinct
                } else {
                    (1..=MAX_CUTS).map(|k| distinct[k * distinct.len() / MAX_CUTS - 1]).collect()
                };
                let mut rules = Vec::with_capacity(cuts.len());
                let mut acc = empty();
                let mut next = bounds.iter().peekable();
                for &cut in &cuts {
                    while let Some((_, rank)) = next.next_if(|(x, _)| *x <= cut) {
                        set_bit(&mut acc, *rank);
                    }
                    rules.push(acc.clone());
                }
                Kind::Bound { negate, exact, cuts, rules }
            }
            Some(Anchor::Present) => Kind::Present,
        };
        let exact = !matches!(kind, Kind::Bound { exact: false, .. });
        Some((Dimension { attr: self.attr, free, kind }, exact))
    }
}

impl Dimension {
    /// The rules it never rules out.
    pub(super) fn free(&self) -> &RuleBits {
        &self.free
    }

    /// Keeps in `bits` only the rules this dimension's free rules and the
    /// session's value admit (`gathered` is scratch).
    pub(super) fn restrict(&self, bits: &mut RuleBits, facts: &Facts, gathered: &mut RuleBits, words: usize) {
        let admitted: Option<&[u64]> = match self.admits(facts, gathered, words) {
            Admits::All => return,
            Admits::Nothing => None,
            Admits::Rules(p) => Some(p),
            Admits::Gathered => Some(gathered),
            Admits::Remembered(ref p) => return restrict_to(bits, &self.free, Some(p)),
        };
        restrict_to(bits, &self.free, admitted);
    }

    /// What the session's value admits here; unions are gathered into
    /// `gathered`.
    fn admits<'a>(&'a self, facts: &Facts, gathered: &mut RuleBits, words: usize) -> Admits<'a> {
        let fact = facts.get(self.attr);
        let one = |found: Option<&'a RuleBits>| found.map_or(Admits::Nothing, Admits::Rules);
        match (&self.kind, fact) {
            (_, Fact::Absent) => Admits::Nothing,
            (Kind::Present, _) => Admits::All,
            (Kind::Text(map), Fact::Text(value)) => one(map.get(&**value)),
            (Kind::List(map), Fact::List(items)) => {
                gather(items.iter().filter_map(|item| map.get(&**item)), gathered, words)
            }
            (Kind::Segments(per), Fact::List(_)) => gather(
                per.iter().enumerate().filter(|(s, _)| facts.segments.contains(*s as u16)).map(|(_, r)| r),
                gathered,
                words,
            ),
            (Kind::Patterns { automaton, rules, seen }, Fact::Text(value)) => {
                if let Some(known) = seen.as_ref().and_then(|seen| seen.get(&**value)) {
                    return Admits::Remembered(known);
                }
                let mut found = PatternSet::new(automaton.pattern_len());
                automaton.which_overlapping_matches(&Input::new(&**value), &mut found);
                let mut admitted = std::mem::take(gathered);
                admitted.clear();
                admitted.resize(words, 0);
                for rank in found.iter().flat_map(|p| &rules[p.as_usize()]) {
                    set_bit(&mut admitted, *rank as usize);
                }
                match seen {
                    Some(seen) => {
                        let admitted = Arc::new(admitted);
                        seen.insert(value.clone(), Arc::clone(&admitted));
                        Admits::Remembered(admitted)
                    }
                    None => {
                        *gathered = admitted;
                        Admits::Gathered
                    }
                }
            }
            (Kind::Bound { negate, exact, cuts, rules }, Fact::Num(n)) => {
                let x = if *negate { -n } else { *n };
                if *exact {
                    one(cuts.partition_point(|c| *c <= x).checked_sub(1).and_then(|k| rules.get(k)))
                } else {
                    one(rules.get(cuts.partition_point(|c| *c < x))).or_all()
                }
            }
            _ => Admits::Nothing,
        }
    }
}

impl Admits<'_> {
    /// A threshold past every cut admits every anchored rule.
    fn or_all(self) -> Self {
        match self {
            Admits::Nothing => Admits::All,
            other => other,
        }
    }
}

/// `bits &= free | admitted` (no rule admitted: `bits &= free`).
fn restrict_to(bits: &mut RuleBits, free: &RuleBits, admitted: Option<&[u64]>) {
    match admitted {
        None => bits.iter_mut().zip(free).for_each(|(b, f)| *b &= f),
        Some(p) => bits.iter_mut().zip(free.iter().zip(p)).for_each(|(b, (f, p))| *b &= f | p),
    }
}

/// The union of some rule sets: one set is used as it is, several are
/// gathered.
fn gather<'a>(mut sets: impl Iterator<Item = &'a RuleBits>, gathered: &mut RuleBits, words: usize) -> Admits<'a> {
    let Some(first) = sets.next() else { return Admits::Nothing };
    let Some(second) = sets.next() else { return Admits::Rules(first) };
    gathered.clear();
    gathered.resize(words, 0);
    for set in [first, second].into_iter().chain(sets) {
        gathered.iter_mut().zip(set).for_each(|(g, s)| *g |= s);
    }
    Admits::Gathered
}
