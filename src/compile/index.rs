//! The condition index (issue 18): which rules can possibly match a session,
//! found from the session's values instead of evaluating every rule.
//!
//! Each rule gets an *anchor* when it has one: a predicate its condition
//! cannot hold without (the condition itself, or a conjunct of a top-level
//! `all`) that tests equality: `is` or `in` on text, codes and choices
//! (case-sensitive), `has` or `has_any` on segments. The index keeps, per
//! anchored attribute and value, the set of rules anchored on it (a bitset
//! over rules, as in the posting lists of boolean-expression indexing); rules
//! without an anchor stay on a residual set. A session's possible rules are
//! the residual set and the sets of its own values, so a rule outside them
//! certainly does not match and is never evaluated. The index only ever
//! skips rules whose anchor fails, so decisions are exactly those of a full
//! scan (`tests/it/analysis_props.rs` checks this on random rulesets).

use std::collections::HashMap;

use super::test::{Test, TestSet};
use super::{CCond, CPred, CRule};
use crate::engine::{Fact, Facts};
use crate::model::AttrId;

/// Rules as a bitset, one bit per rule in file order.
pub type RuleBits = Vec<u64>;

/// One indexed attribute: the rules that test it for equality, by value,
/// and the rules that do not (which it never rules out).
#[derive(Debug)]
struct Dimension {
    attr: AttrId,
    free: RuleBits,
    postings: HashMap<Box<str>, RuleBits>,
}

/// The index of a compiled ruleset's rules.
#[derive(Debug, Default)]
pub struct RuleIndex {
    rules: usize,
    words: usize,
    text: Vec<Dimension>,
    /// Rules anchored on segment membership, per segment, and the rules that
    /// are not (`None` when no rule is).
    segments: Option<(RuleBits, Vec<RuleBits>)>,
}

/// What one conjunct of a rule's condition anchors.
enum Anchor<'a> {
    /// Text equal to one of these values.
    Text(AttrId, Vec<&'a str>),
    /// Membership of one of these segments.
    Segments(&'a [u16]),
}

/// The anchors of a condition: each predicate it cannot hold without (the
/// condition itself, or conjuncts of a top-level `all`) that tests equality.
fn anchors(when: &CCond) -> Vec<Anchor<'_>> {
    match when {
        CCond::Pred(p) => anchor_of(p).into_iter().collect(),
        CCond::All(items) => items
            .iter()
            .filter_map(|c| match c {
                CCond::Pred(p) => anchor_of(p),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The anchor a predicate makes, when it tests equality.
fn anchor_of(p: &CPred) -> Option<Anchor<'_>> {
    match &p.test {
        Test::Eq(v) => Some(Anchor::Text(p.attr, vec![&**v])),
        Test::In(set) => Some(Anchor::Text(p.attr, set_values(set))),
        Test::SegHas(s) => Some(Anchor::Segments(std::slice::from_ref(s))),
        Test::SegAny(ss) => Some(Anchor::Segments(ss)),
        _ => None,
    }
}

fn set_values(set: &TestSet) -> Vec<&str> {
    match set {
        TestSet::Small(v) => v.iter().map(|s| &**s).collect(),
        TestSet::Large(s) => s.iter().map(|s| &**s).collect(),
    }
}

fn set_bit(bits: &mut RuleBits, i: usize) {
    bits[i / 64] |= 1 << (i % 64);
}

fn clear_bit(bits: &mut RuleBits, i: usize) {
    bits[i / 64] &= !(1 << (i % 64));
}

/// Whether rule `i` is in `bits`.
pub fn has(bits: &RuleBits, i: usize) -> bool {
    bits.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
}

impl RuleIndex {
    /// Indexes `rules`; `segments` is the number of segments.
    pub fn new(rules: &[CRule], segments: usize) -> Self {
        let words = rules.len().div_ceil(64);
        let all: RuleBits = vec![!0; words];
        let mut index = RuleIndex { rules: rules.len(), words, text: Vec::new(), segments: None };
        for (i, rule) in rules.iter().enumerate() {
            let mut seen_segments = false;
            for anchor in anchors(&rule.when) {
                match anchor {
                    Anchor::Text(attr, values) => {
                        let k = match index.text.iter().position(|d| d.attr == attr) {
                            Some(k) => k,
                            None => {
                                index.text.push(Dimension { attr, free: all.clone(), postings: HashMap::new() });
                                index.text.len() - 1
                            }
                        };
                        let dim = &mut index.text[k];
                        if !has(&dim.free, i) {
                            continue; // anchored on this attribute by an earlier conjunct
                        }
                        clear_bit(&mut dim.free, i);
                        for v in values {
                            set_bit(dim.postings.entry(v.into()).or_insert_with(|| vec![0; words]), i);
                        }
                    }
                    Anchor::Segments(ss) if !seen_segments && ss.iter().all(|s| usize::from(*s) < segments) => {
                        seen_segments = true;
                        let (free, per) =
                            index.segments.get_or_insert_with(|| (all.clone(), vec![vec![0; words]; segments]));
                        clear_bit(free, i);
                        for &s in ss {
                            set_bit(&mut per[usize::from(s)], i);
                        }
                    }
                    Anchor::Segments(_) => {}
                }
            }
        }
        index
    }

    /// The rules that can possibly match `facts`: every other rule tests an
    /// indexed attribute for a value the session does not have.
    pub fn possible(&self, facts: &Facts) -> RuleBits {
        let mut bits = vec![!0; self.words];
        for dim in &self.text {
            let posting = match facts.get(dim.attr) {
                Fact::Text(value) => dim.postings.get(&**value),
                _ => None,
            };
            match posting {
                Some(p) => bits.iter_mut().zip(dim.free.iter().zip(p)).for_each(|(b, (f, p))| *b &= f | p),
                None => bits.iter_mut().zip(&dim.free).for_each(|(b, f)| *b &= f),
            }
        }
        if let Some((free, per)) = &self.segments {
            let mut allowed = free.clone();
            for (s, rules) in per.iter().enumerate() {
                if facts.segments.contains(s as u16) {
                    allowed.iter_mut().zip(rules).for_each(|(a, r)| *a |= r);
                }
            }
            bits.iter_mut().zip(allowed).for_each(|(b, a)| *b &= a);
        }
        bits
    }

    /// How many rules test at least one indexed attribute for equality (the
    /// rest are always evaluated).
    pub fn anchored(&self) -> usize {
        let mut free = vec![!0u64; self.words];
        for dim in &self.text {
            free.iter_mut().zip(&dim.free).for_each(|(a, f)| *a &= f);
        }
        if let Some((f, _)) = &self.segments {
            free.iter_mut().zip(f).for_each(|(a, f)| *a &= f);
        }
        (0..self.rules).filter(|&i| !has(&free, i)).count()
    }
}

#[cfg(test)]
mod tests {
    use crate::compile::compile;
    use crate::format::parse_ruleset;
    use crate::model::Session;

    /// 150 rules over three words of bits: rule `i` wants country `i % 5`,
    /// every third also device `mobile`, every seventh has no anchor.
    #[test]
    fn possible_rules_span_several_words_exactly() {
        const COUNTRIES: [&str; 5] = ["CA", "US", "NO", "SE", "DE"];
        let rules: Vec<String> = (0..150)
            .map(|i| {
                let country = format!(r#"pred(attr: "geo.country", op: is("{}"))"#, COUNTRIES[i % 5]);
                let when = if i % 7 == 0 {
                    r#"pred(attr: "customer.orders", op: ge(1))"#.to_owned()
                } else if i % 3 == 0 {
                    format!(r#"all([{country}, pred(attr: "device.type", op: is("mobile"))])"#)
                } else {
                    country
                };
                format!(
                    r#"(id: "r{i}", name: "r{i}", priority: {i}, when: {when},
                       then: [(slot: "hero", outcome: content(id: "x{i}"))]),"#
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
        assert_eq!(compiled.index.anchored(), 150 - 22);
        let session: Session =
            serde_json::from_str(r#"{"id": "s", "geo": {"country": "NO"}, "device": {"type": "desktop"}}"#)
                .unwrap_or_else(|e| panic!("{e}"));
        let facts = compiled.facts(&session);
        let possible = compiled.index.possible(&facts);
        for i in 0..150 {
            let expected = i % 7 == 0 || (i % 5 == 2 && i % 3 != 0);
            assert_eq!(super::has(&possible, i), expected, "rule {i}");
        }
        assert_eq!(compiled.decide(&facts), compiled.decide_scan(&facts));
    }
}
