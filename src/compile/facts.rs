//! Facts: a session in a compiled ruleset's terms. Every attribute id
//! has a value (or is absent) and segments are numbered as compiled; the
//! index and the predicate tests judge these. The engine builds them from
//! sessions (`engine::facts`), deriving what the session does not give.

use std::fmt;

use smol_str::SmolStr;

use crate::model::{AttrId, fmt_number};

/// The value of one attribute for one session.
#[derive(Clone, Debug, PartialEq)]
pub enum Fact {
    /// Not given and not derivable.
    Absent,
    /// Text, a code or a choice (short text is kept inline, without an
    /// allocation).
    Text(SmolStr),
    /// A number.
    Num(f64),
    /// A list of strings.
    List(Box<[SmolStr]>),
}

// Facts are built per session and moved often: short text inline and lists
// boxed keep a fact at 24 bytes (issue 18: facts in under 300 ns).
const _: () = assert!(std::mem::size_of::<Fact>() == 24);

impl fmt::Display for Fact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fact::Absent => f.write_str("(absent)"),
            Fact::Text(s) => write!(f, "{:?}", &**s),
            Fact::Num(n) => f.write_str(&fmt_number(*n)),
            Fact::List(items) => {
                let items: Vec<String> = items.iter().map(|s| format!("{:?}", &**s)).collect();
                write!(f, "[{}]", items.join(", "))
            }
        }
    }
}

/// Which segments a session is in: the first 64 inline, any others in a
/// vector (allocated only for rulesets with more segments).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SegmentSet {
    first: u64,
    rest: Vec<u64>,
}

impl SegmentSet {
    pub(crate) fn with_capacity(n: usize) -> Self {
        SegmentSet { first: 0, rest: vec![0; n.saturating_sub(64).div_ceil(64)] }
    }

    pub(crate) fn insert(&mut self, i: u16) {
        let i = usize::from(i);
        let word = if i < 64 { Some(&mut self.first) } else { self.rest.get_mut(i / 64 - 1) };
        if let Some(word) = word {
            *word |= 1 << (i % 64);
        }
    }

    pub(crate) fn union(&mut self, other: &SegmentSet) {
        self.first |= other.first;
        self.rest.iter_mut().zip(&other.rest).for_each(|(a, b)| *a |= b);
    }

    /// Whether segment `i` is in the set.
    pub fn contains(&self, i: u16) -> bool {
        let i = usize::from(i);
        let word = if i < 64 { Some(&self.first) } else { self.rest.get(i / 64 - 1) };
        word.is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// A session prepared for evaluation.
#[derive(Clone, Debug)]
pub struct Facts {
    /// The session's id.
    pub session_id: SmolStr,
    /// The holdout key: visitor id, or session id without one.
    pub bucket_key: SmolStr,
    /// The session's instant in epoch seconds.
    pub instant: Option<i64>,
    pub(crate) values: Vec<Fact>,
    /// Segments the session is in (supplied or computed).
    pub segments: SegmentSet,
    /// Segments whose membership came from their condition (not upstream).
    pub computed_segments: SegmentSet,
    pub(crate) derived: u64,
}

impl Facts {
    /// The value of an attribute.
    pub fn get(&self, attr: AttrId) -> &Fact {
        self.values.get(usize::from(attr.0)).unwrap_or(&Fact::Absent)
    }

    /// Whether an attribute's value was derived rather than given.
    pub fn is_derived(&self, attr: AttrId) -> bool {
        attr.0 < 64 && self.derived & (1 << attr.0) != 0
    }

    pub(crate) fn set_derived(&mut self, attr: AttrId, fact: Fact) {
        if fact != Fact::Absent {
            self.derived |= 1 << attr.0;
        }
        self.values[usize::from(attr.0)] = fact;
    }
}
