//! What a rule's conjuncts need of a session's values: the anchors the
//! index posts each rule under.

use super::super::test::{Test, TestSet};
use super::super::{CCond, CPred};
use crate::model::AttrId;

/// Which dimension a predicate anchors, and what it needs there.
#[derive(Debug)]
pub(super) enum Anchor<'a> {
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
    pub(super) fn kind(&self) -> u8 {
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
pub(super) struct Claim<'a> {
    pub(super) conjunct: u32,
    pub(super) attr: AttrId,
    pub(super) anchor: Anchor<'a>,
    pub(super) settles: bool,
}

/// The anchors of a condition: what each predicate it cannot hold without
/// (the condition itself, conjunct 0, or the conjuncts of a top-level
/// `all`) needs.
pub(super) fn anchors(when: &CCond) -> Vec<Claim<'_>> {
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
