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
//! scan (`tests/it/analysis_props.rs` checks this on random rulesets).

use std::collections::HashMap;
use std::sync::Arc;

use quick_cache::{Weighter, sync::Cache};
use smol_str::SmolStr;

use regex_automata::meta::{self, Regex};
use regex_automata::{Input, MatchKind, PatternSet};

use super::test::{Test, TestSet};
use super::{CCond, CPred, CRule};
use crate::engine::{Fact, Facts};
#[cfg(doc)]
use crate::format::limits::MAX_REGEX_COMPILED_BYTES;
use crate::model::AttrId;

/// Rules as a bitset over ranks.
pub type RuleBits = Vec<u64>;

/// The most memory one automaton over an attribute's patterns may take
/// (each pattern alone is held to [`MAX_REGEX_COMPILED_BYTES`]).
pub const MAX_AUTOMATON_BYTES: usize = 64 << 20;

/// Numeric dimensions keep cumulative sets at most at this many thresholds.
pub const MAX_CUTS: usize = 64;

type Map<V> = HashMap<Box<str>, V, foldhash::fast::RandomState>;

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

/// One attribute and kind of test: the rules anchored on it, by what their
/// test needs, and the rules that are not (which it never rules out).
#[derive(Debug)]
struct Dimension {
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

/// Which dimension a predicate anchors, and what it needs there.
#[derive(Debug)]
enum Anchor<'a> {
    Text(Vec<&'a str>),
    List(Vec<&'a str>),
    Segments(&'a [u16]),
    Pattern(String),
    Lower(f64),
    Upper(f64),
    Present,
}

impl Anchor<'_> {
    /// Which kind of dimension it belongs to (one anchor per rule and kind).
    fn kind(&self) -> u8 {
        match self {
            Anchor::Text(_) => 0,
            Anchor::List(_) => 1,
            Anchor::Segments(_) => 2,
            Anchor::Pattern(_) => 3,
            Anchor::Lower(_) => 4,
            Anchor::Upper(_) => 5,
            Anchor::Present => 6,
        }
    }
}

/// One anchor of a rule: which conjunct of its condition made it, on which
/// attribute, and whether admitting the rule there settles that the
/// conjunct holds (it may need more than its anchors say).
struct Claim<'a> {
    conjunct: u32,
    attr: AttrId,
    anchor: Anchor<'a>,
    settles: bool,
}

/// The anchors of a condition: what each predicate it cannot hold without
/// (the condition itself, conjunct 0, or the conjuncts of a top-level
/// `all`) needs.
fn anchors(when: &CCond) -> Vec<Claim<'_>> {
    let conjuncts: Vec<(u32, &CPred)> = match when {
        CCond::Pred(p) => vec![(0, p)],
        CCond::All(items) => items
            .iter()
            .enumerate()
            .filter_map(|(k, c)| match c {
                CCond::Pred(p) => Some((u32::try_from(k).ok()?, &**p)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    conjuncts
        .into_iter()
        .flat_map(|(conjunct, p)| {
            anchor_of(p).into_iter().map(move |(anchor, settles)| Claim { conjunct, attr: p.attr, anchor, settles })
        })
        .collect()
}

/// What a predicate needs of its attribute's value, and whether each need
/// met settles the predicate.
fn anchor_of(p: &CPred) -> Vec<(Anchor<'_>, bool)> {
    let esc = regex::escape;
    match &p.test {
        Test::Eq(v) => vec![(Anchor::Text(vec![&**v]), true)],
        Test::In(set) => vec![(Anchor::Text(set_values(set)), true)],
        Test::Has(v) => vec![(Anchor::List(vec![&**v]), true)],
        Test::HasAny(set) => vec![(Anchor::List(set_values(set)), true)],
        Test::HasAll(vs) if !vs.is_empty() => vec![(Anchor::List(vec![&*vs[0]]), vs.len() == 1)],
        Test::SegHas(s) => vec![(Anchor::Segments(std::slice::from_ref(s)), true)],
        Test::SegAny(ss) => vec![(Anchor::Segments(ss), true)],
        Test::SegAll(ss) if !ss.is_empty() => vec![(Anchor::Segments(&ss[..1]), ss.len() == 1)],
        Test::Regex { re, negate: false } => vec![(Anchor::Pattern(re.as_str().to_owned()), true)],
        Test::Contains(v) => vec![(Anchor::Pattern(esc(v)), true)],
        Test::StartsWith(v) => vec![(Anchor::Pattern(format!(r"\A{}", esc(v))), true)],
        Test::EndsWith(v) => vec![(Anchor::Pattern(format!(r"{}\z", esc(v))), true)],
        Test::Range { lo, lo_incl, hi, hi_incl } => {
            let mut bounds = Vec::new();
            if lo.is_finite() {
                bounds.push((Anchor::Lower(*lo), *lo_incl));
            }
            if hi.is_finite() {
                bounds.push((Anchor::Upper(*hi), *hi_incl));
            }
            if bounds.is_empty() {
                bounds.push((Anchor::Present, false));
            }
            bounds
        }
        Test::Exists => vec![(Anchor::Present, true)],
        Test::Missing => Vec::new(),
        // Every other test fails on an absent value.
        _ => vec![(Anchor::Present, false)],
    }
}

fn set_values(set: &TestSet) -> Vec<&str> {
    match set {
        TestSet::Small(v) => v.iter().map(|s| &**s).collect(),
        TestSet::Large(s) => s.iter().map(|s| &**s).collect(),
    }
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

/// A dimension under construction: per rank, what it needs.
struct Building<'a> {
    attr: AttrId,
    kind: u8,
    anchored: Vec<(usize, Anchor<'a>)>,
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
        order.sort_by_key(|&i| (std::cmp::Reverse(rules[i as usize].priority), i));
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
            match dim.admits(facts, gathered, self.words) {
                Admits::All => {}
                Admits::Nothing => bits.iter_mut().zip(&dim.free).for_each(|(b, f)| *b &= f),
                Admits::Rules(p) => bits.iter_mut().zip(dim.free.iter().zip(p)).for_each(|(b, (f, p))| *b &= f | p),
                Admits::Gathered => {
                    bits.iter_mut().zip(dim.free.iter().zip(gathered.iter())).for_each(|(b, (f, p))| *b &= f | p)
                }
                Admits::Remembered(p) => {
                    bits.iter_mut().zip(dim.free.iter().zip(p.iter())).for_each(|(b, (f, p))| *b &= f | p)
                }
            }
        }
    }

    /// How many rules are anchored in at least one dimension (the rest are
    /// always evaluated).
    pub fn anchored(&self) -> usize {
        let mut free = self.enabled.clone();
        for dim in &self.dims {
            free.iter_mut().zip(&dim.free).for_each(|(a, f)| *a &= f);
        }
        self.order.len() - free.iter().map(|w| w.count_ones() as usize).sum::<usize>()
    }
}

impl Building<'_> {
    /// The dimension, and whether what it admits is exact (thresholds are
    /// not when there are more than [`MAX_CUTS`]); `None` when it cannot be
    /// built (an automaton over too many patterns: its rules stay free).
    fn finish(self, words: usize, enabled: &RuleBits, segments: usize) -> Option<(Dimension, bool)> {
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

#[cfg(test)]
mod tests {
    use crate::compile::compile;
    use crate::format::parse_ruleset;
    use crate::model::Session;

    /// 150 rules over three words of bits: rule `i` wants country `i % 5`,
    /// every third also device `mobile`, every seventh has no equality
    /// anchor (only a threshold on orders).
    #[test]
    fn possible_rules_span_several_words_exactly() {
        const COUNTRIES: [&str; 5] = ["CA", "US", "NO", "SE", "DE"];
        let rules: Vec<String> = (0..150)
            .map(|i| {
                let country = format!(r#"pred(attr: "geo.country", op: is("{}"))"#, COUNTRIES[i % 5]);
                let when = if i % 7 == 0 {
                    format!(r#"pred(attr: "customer.orders", op: ge({}))"#, i % 4)
                } else if i % 3 == 0 {
                    format!(r#"all([{country}, pred(attr: "device.type", op: is("mobile"))])"#)
                } else {
                    country
                };
                format!(
                    r#"(id: "r{i}", name: "r{i}", priority: {}, when: {when},
                       then: [(slot: "hero", outcome: content(id: "x{i}"))]),"#,
                    i % 9
                )
            })
            .collect();
        let source = format!(
            r#"(name: "index", time_zone: "UTC",
                slots: [(id: "hero", kind: content, default: content(id: "d"))],
                rules: [{}])"#,
            rules.join("\n")
        );
        let rs = parse_ruleset(&source, "index.rules.ron").unwrap_or_else(|e| panic!("{e}"));
        let compiled = compile(&rs).unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(compiled.index.anchored(), 150);
        let session: Session = serde_json::from_str(
            r#"{"id": "s", "geo": {"country": "NO"}, "device": {"type": "desktop"}, "customer": {"orders": 2}}"#,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let facts = compiled.facts(&session);
        let possible = compiled.index.possible(&facts);
        for rank in 0..150 {
            let i = compiled.index.rule_at(rank) as usize;
            let expected =
                (i.is_multiple_of(7) && i % 4 <= 2) || (!i.is_multiple_of(7) && i % 5 == 2 && !i.is_multiple_of(3));
            assert_eq!(super::has(&possible, rank), expected, "rule {i}");
        }
        assert_eq!(compiled.decide(&facts), compiled.decide_scan(&facts));
    }

    /// Ranks follow decision order: priority, highest first, then file order.
    #[test]
    fn ranks_are_in_decision_order() {
        let source = r#"(name: "order", time_zone: "UTC",
            slots: [(id: "hero", kind: content, default: content(id: "d"))],
            rules: [
              (id: "a", name: "a", priority: 1, when: pred(attr: "geo.country", op: exists), then: []),
              (id: "b", name: "b", priority: 5, when: pred(attr: "geo.country", op: exists), then: []),
              (id: "c", name: "c", priority: 5, enabled: false, when: pred(attr: "geo.country", op: exists), then: []),
              (id: "d", name: "d", priority: 5, when: pred(attr: "geo.country", op: exists), then: []),
            ])"#;
        let rs = parse_ruleset(source, "order.rules.ron").unwrap_or_else(|e| panic!("{e}"));
        let compiled = crate::compile::build(&rs).unwrap_or_else(|e| panic!("{e}"));
        let order: Vec<u32> = (0..3).map(|r| compiled.index.rule_at(r)).collect();
        assert_eq!(order, [1, 3, 0]);
        let admitted = |session: &str| {
            let session: Session = serde_json::from_str(session).unwrap_or_else(|e| panic!("{e}"));
            super::ranks(&compiled.index.possible(&compiled.facts(&session))).collect::<Vec<_>>()
        };
        assert_eq!(admitted(r#"{"id": "s", "geo": {"country": "NO"}}"#), [0, 1, 2]);
        assert_eq!(admitted(r#"{"id": "s"}"#), [0usize; 0], "`exists` needs a value");
    }

    /// With many patterns on one attribute the index remembers what each
    /// value admits; asked again, it answers the same.
    #[test]
    fn remembered_values_admit_the_same_rules() {
        let rules: Vec<String> = (0..40)
            .map(|i| {
                format!(
                    r#"(id: "r{i}", name: "r{i}", priority: {}, when: pred(attr: "traffic.utm_source", op: matches("^s{}|x{i}$")),
                       then: [(slot: "hero", outcome: content(id: "x{i}"))]),"#,
                    i % 3,
                    i % 7
                )
            })
            .collect();
        let source = format!(
            r#"(name: "patterns", time_zone: "UTC",
                slots: [(id: "hero", kind: content, default: content(id: "d"))],
                rules: [{}])"#,
            rules.join("\n")
        );
        let rs = parse_ruleset(&source, "patterns.rules.ron").unwrap_or_else(|e| panic!("{e}"));
        let compiled = compile(&rs).unwrap_or_else(|d| panic!("{d:?}"));
        for pass in 0..3 {
            for value in ["s1", "s6x", "x12", "ax39", "none", "s3x7"] {
                let session: Session =
                    serde_json::from_str(&format!(r#"{{"id": "s", "traffic": {{"utm_source": "{value}"}}}}"#))
                        .unwrap_or_else(|e| panic!("{e}"));
                let facts = compiled.facts(&session);
                assert_eq!(compiled.decide_all(&facts).0, compiled.decide_scan(&facts), "{value} pass {pass}");
                let possible = compiled.index.possible(&facts);
                for rank in 0..40 {
                    let i = compiled.index.rule_at(rank) as usize;
                    assert_eq!(super::has(&possible, rank), compiled.matches(i, &facts), "rule {i} on {value}");
                }
            }
        }
    }

    /// A conjunction longer than 65,536 items: every conjunct the index does
    /// not settle is still evaluated (the review of issue 18 found a `u16`
    /// index that wrapped).
    #[test]
    fn very_long_conjunctions_are_evaluated_whole() {
        use crate::model::{Action, Condition, Op, Outcome, Rule, Ruleset};
        let mut rs = Ruleset::new("long");
        let mut items = vec![Condition::pred("geo.country", Op::Is("CA".into()))];
        items.extend(std::iter::repeat_n(Condition::pred("geo.city", Op::Missing), 65_535));
        items.push(Condition::pred("device.type", Op::Is("mobile".into())));
        rs.rules.push(Rule {
            id: "long".into(),
            name: "long".into(),
            enabled: true,
            priority: 1,
            when: Condition::All(items),
            then: vec![Action { slot: rs.slots[0].id.clone(), outcome: Outcome::Content { id: "x".into() } }],
            schedule: None,
            holdout_percent: 0,
            tags: Vec::new(),
            notes: String::new(),
            created: None,
            updated: None,
        });
        let compiled = crate::compile::build(&rs).unwrap_or_else(|e| panic!("{e}"));
        for (session, matches) in [
            (r#"{"id": "s", "geo": {"country": "CA"}, "device": {"type": "desktop"}}"#, false),
            (r#"{"id": "s", "geo": {"country": "CA", "city": "Oslo"}, "device": {"type": "mobile"}}"#, false),
            (r#"{"id": "s", "geo": {"country": "CA"}, "device": {"type": "mobile"}}"#, true),
        ] {
            let session: Session = serde_json::from_str(session).unwrap_or_else(|e| panic!("{e}"));
            let facts = compiled.facts(&session);
            let decision = compiled.decide(&facts);
            assert_eq!(decision, compiled.decide_scan(&facts), "{session:?}");
            assert_eq!(decision.picks[0].rule.is_some(), matches, "{session:?}");
        }
    }

    /// Numeric thresholds past the cut limit are quantised: the index keeps
    /// a superset, and decisions stay exact.
    #[test]
    fn many_thresholds_keep_a_superset() {
        let rules: Vec<String> = (0..300)
            .map(|i| {
                format!(
                    r#"(id: "r{i}", name: "r{i}", priority: {i}, when: pred(attr: "customer.lifetime_value", op: {}({}.5)),
                       then: [(slot: "hero", outcome: content(id: "x{i}"))]),"#,
                    if i % 2 == 0 { "ge" } else { "lt" },
                    i
                )
            })
            .collect();
        let source = format!(
            r#"(name: "bounds", time_zone: "UTC",
                slots: [(id: "hero", kind: content, default: content(id: "d"))],
                rules: [{}])"#,
            rules.join("\n")
        );
        let rs = parse_ruleset(&source, "bounds.rules.ron").unwrap_or_else(|e| panic!("{e}"));
        let compiled = compile(&rs).unwrap_or_else(|d| panic!("{d:?}"));
        for value in [0.25, 0.0, 0.5, 1.0, 77.25, 150.5, 299.5, 300.0, 1e9] {
            let session: Session =
                serde_json::from_str(&format!(r#"{{"id": "s", "customer": {{"lifetime_value": {value}}}}}"#))
                    .unwrap_or_else(|e| panic!("{e}"));
            let facts = compiled.facts(&session);
            let possible = compiled.index.possible(&facts);
            for rank in 0..300 {
                let i = compiled.index.rule_at(rank) as usize;
                if compiled.matches(i, &facts) {
                    assert!(super::has(&possible, rank), "rule {i} at {value}");
                }
            }
            assert_eq!(compiled.decide(&facts), compiled.decide_scan(&facts), "at {value}");
        }
    }
}
