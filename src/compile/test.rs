//! Compiled predicate tests and how they judge one attribute value.

use std::collections::{HashMap, HashSet};

use regex::Regex;

use super::{BuildErrorKind, Fact, SegmentSet};
use crate::model::Op;
use crate::validate::pattern::{build, search_pattern};

/// Lists of values at most this long are searched linearly.
const SMALL_SET: usize = 12;

/// A set of strings tested for membership.
#[derive(Clone, Debug)]
pub enum TestSet {
    /// Few values: a linear scan.
    Small(Vec<Box<str>>),
    /// Many values: a hash set.
    Large(HashSet<Box<str>>),
}

impl TestSet {
    fn new(values: &[String]) -> Self {
        if values.len() <= SMALL_SET {
            TestSet::Small(values.iter().map(|v| v.as_str().into()).collect())
        } else {
            TestSet::Large(values.iter().map(|v| v.as_str().into()).collect())
        }
    }

    /// Whether `value` is in the set.
    pub fn contains(&self, value: &str) -> bool {
        match self {
            TestSet::Small(v) => v.iter().any(|x| &**x == value),
            TestSet::Large(s) => s.contains(value),
        }
    }
}

/// What a predicate checks, with operands in their fastest form.
#[derive(Clone, Debug)]
pub enum Test {
    /// Text equals.
    Eq(Box<str>),
    /// Text differs.
    Ne(Box<str>),
    /// Text is one of.
    In(TestSet),
    /// Text is none of.
    NotIn(TestSet),
    /// Text contains.
    Contains(Box<str>),
    /// Text starts with.
    StartsWith(Box<str>),
    /// Text ends with.
    EndsWith(Box<str>),
    /// A pattern (case-insensitive text tests and `matches`); `negate` for
    /// `is_not` and `not_in`.
    Regex {
        /// The compiled pattern.
        re: Regex,
        /// Whether the test holds when the pattern does not match.
        negate: bool,
    },
    /// A number in a range.
    Range {
        /// Lower bound.
        lo: f64,
        /// Whether the lower bound is included.
        lo_incl: bool,
        /// Upper bound.
        hi: f64,
        /// Whether the upper bound is included.
        hi_incl: bool,
    },
    /// The list has the value.
    Has(Box<str>),
    /// The list has one of the values.
    HasAny(TestSet),
    /// The list has all the values.
    HasAll(Vec<Box<str>>),
    /// The list has none of the values.
    HasNone(TestSet),
    /// The session is in the segment.
    SegHas(u16),
    /// The session is in one of the segments.
    SegAny(Vec<u16>),
    /// The session is in all the segments.
    SegAll(Vec<u16>),
    /// The session is in none of the segments.
    SegNone(Vec<u16>),
    /// The attribute is present.
    Exists,
    /// The attribute is absent.
    Missing,
}

impl Test {
    /// Compiles an operator on a non-segment attribute.
    ///
    /// # Errors
    /// When a pattern does not compile (validation reports it first).
    pub fn new(op: &Op, ignore_case: bool) -> Result<Test, BuildErrorKind> {
        let regex = |negate: bool| -> Result<Test, BuildErrorKind> {
            let pattern = search_pattern(op, ignore_case).unwrap_or_default();
            match build(&pattern) {
                Ok(re) => Ok(Test::Regex { re, negate }),
                Err(e) => Err(BuildErrorKind::Pattern { pattern, message: e.message, too_large: e.too_large }),
            }
        };
        Ok(match op {
            Op::Matches(_) => regex(false)?,
            Op::Is(_) | Op::In(_) | Op::Contains(_) | Op::StartsWith(_) | Op::EndsWith(_) if ignore_case => {
                regex(false)?
            }
            Op::IsNot(_) | Op::NotIn(_) if ignore_case => regex(true)?,
            Op::Is(v) => Test::Eq(v.as_str().into()),
            Op::IsNot(v) => Test::Ne(v.as_str().into()),
            Op::In(vs) => Test::In(TestSet::new(vs)),
            Op::NotIn(vs) => Test::NotIn(TestSet::new(vs)),
            Op::Contains(v) => Test::Contains(v.as_str().into()),
            Op::StartsWith(v) => Test::StartsWith(v.as_str().into()),
            Op::EndsWith(v) => Test::EndsWith(v.as_str().into()),
            Op::Lt(n) => Test::Range { lo: f64::NEG_INFINITY, lo_incl: true, hi: *n, hi_incl: false },
            Op::Le(n) => Test::Range { lo: f64::NEG_INFINITY, lo_incl: true, hi: *n, hi_incl: true },
            Op::Gt(n) => Test::Range { lo: *n, lo_incl: false, hi: f64::INFINITY, hi_incl: true },
            Op::Ge(n) => Test::Range { lo: *n, lo_incl: true, hi: f64::INFINITY, hi_incl: true },
            Op::Between(a, b) => Test::Range { lo: *a, lo_incl: true, hi: *b, hi_incl: true },
            Op::Has(v) => Test::Has(v.as_str().into()),
            Op::HasAny(vs) => Test::HasAny(TestSet::new(vs)),
            Op::HasAll(vs) => Test::HasAll(vs.iter().map(|v| v.as_str().into()).collect()),
            Op::HasNone(vs) => Test::HasNone(TestSet::new(vs)),
            Op::Exists => Test::Exists,
            Op::Missing => Test::Missing,
        })
    }

    /// Compiles an operator on `customer.segments`, resolving segment ids.
    ///
    /// # Errors
    /// When a segment is unknown (validation reports it first).
    pub fn segments<S: std::hash::BuildHasher>(
        op: &Op,
        index: &HashMap<String, u16, S>,
    ) -> Result<Test, BuildErrorKind> {
        let ids = |vs: &[String]| -> Result<Vec<u16>, BuildErrorKind> {
            vs.iter().map(|v| index.get(v).copied().ok_or_else(|| BuildErrorKind::UnknownSegment(v.clone()))).collect()
        };
        Ok(match op {
            Op::Has(v) => Test::SegHas(ids(std::slice::from_ref(v))?[0]),
            Op::HasAny(vs) => Test::SegAny(ids(vs)?),
            Op::HasAll(vs) => Test::SegAll(ids(vs)?),
            Op::HasNone(vs) => Test::SegNone(ids(vs)?),
            Op::Exists => Test::Exists,
            Op::Missing => Test::Missing,
            other => return Err(BuildErrorKind::NotASegmentTest(other.name())),
        })
    }

    /// Whether the test holds for a value (`segments` is the session's
    /// segment membership, used by segment tests only).
    pub fn eval(&self, fact: &Fact, segments: &SegmentSet) -> bool {
        match (self, fact) {
            (Test::Missing, Fact::Absent) => true,
            (Test::Missing, _) | (_, Fact::Absent) => false,
            (Test::Exists, _) => true,
            (Test::Eq(v), Fact::Text(s)) => **s == **v,
            (Test::Ne(v), Fact::Text(s)) => **s != **v,
            (Test::In(set), Fact::Text(s)) => set.contains(s),
            (Test::NotIn(set), Fact::Text(s)) => !set.contains(s),
            (Test::Contains(v), Fact::Text(s)) => s.contains(&**v),
            (Test::StartsWith(v), Fact::Text(s)) => s.starts_with(&**v),
            (Test::EndsWith(v), Fact::Text(s)) => s.ends_with(&**v),
            (Test::Regex { re, negate }, Fact::Text(s)) => re.is_match(s) != *negate,
            (Test::Range { lo, lo_incl, hi, hi_incl }, Fact::Num(n)) => {
                let above = if *lo_incl { n >= lo } else { n > lo };
                let below = if *hi_incl { n <= hi } else { n < hi };
                above && below
            }
            (Test::Has(v), Fact::List(items)) => items.iter().any(|i| **i == **v),
            (Test::HasAny(set), Fact::List(items)) => items.iter().any(|i| set.contains(i)),
            (Test::HasAll(vs), Fact::List(items)) => vs.iter().all(|v| items.iter().any(|i| **i == **v)),
            (Test::HasNone(set), Fact::List(items)) => !items.iter().any(|i| set.contains(i)),
            (Test::SegHas(s), Fact::List(_)) => segments.contains(*s),
            (Test::SegAny(ss), Fact::List(_)) => ss.iter().any(|s| segments.contains(*s)),
            (Test::SegAll(ss), Fact::List(_)) => ss.iter().all(|s| segments.contains(*s)),
            (Test::SegNone(ss), Fact::List(_)) => !ss.iter().any(|s| segments.contains(*s)),
            _ => false,
        }
    }
}
