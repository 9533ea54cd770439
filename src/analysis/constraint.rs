//! Per-attribute constraints: the set of values one attribute may take in a
//! conjunction. Each kind is closed under intersection; the negation of an
//! atomic constraint is a small disjunction of constraints. Absence is a
//! value like any other ("a predicate on an absent attribute is false").

use std::collections::BTreeSet;

use super::automata::{PatternId, Patterns, TextSat};
use super::intervals::IntervalSet;
use crate::model::geo;

/// The finite set of values of a code or choice attribute.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FiniteDomain {
    /// ISO 3166-1 alpha-2 codes.
    Countries,
    /// ISO 3166-2 codes.
    Regions,
    /// A fixed list of choices.
    Choices(&'static [&'static str]),
}

impl FiniteDomain {
    /// Number of values.
    pub fn len(&self) -> usize {
        match self {
            FiniteDomain::Countries => geo::countries().len(),
            FiniteDomain::Regions => geo::regions().len(),
            FiniteDomain::Choices(c) => c.len(),
        }
    }

    /// The value at an index.
    pub fn value(&self, i: usize) -> &'static str {
        match self {
            FiniteDomain::Countries => geo::countries().get(i).map_or("", |p| p.code),
            FiniteDomain::Regions => geo::regions().get(i).map_or("", |p| p.code),
            FiniteDomain::Choices(c) => c.get(i).copied().unwrap_or(""),
        }
    }

    /// The index of a value.
    pub fn index(&self, v: &str) -> Option<usize> {
        match self {
            FiniteDomain::Countries => geo::countries().binary_search_by(|p| p.code.cmp(v)).ok(),
            FiniteDomain::Regions => geo::regions().binary_search_by(|p| p.code.cmp(v)).ok(),
            FiniteDomain::Choices(c) => c.iter().position(|x| *x == v),
        }
    }
}

/// A set of domain indices.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Bits {
    words: Vec<u64>,
    len: usize,
}

impl Bits {
    /// No index.
    pub fn none(len: usize) -> Self {
        Bits { words: vec![0; len.div_ceil(64)], len }
    }

    /// Every index below `len`.
    pub fn all(len: usize) -> Self {
        let mut words = vec![u64::MAX; len.div_ceil(64)];
        if let Some(last) = words.last_mut()
            && !len.is_multiple_of(64)
        {
            *last = (1u64 << (len % 64)) - 1;
        }
        Bits { words, len }
    }

    /// Adds an index.
    pub fn insert(&mut self, i: usize) {
        if i < self.len {
            self.words[i / 64] |= 1 << (i % 64);
        }
    }

    /// Whether an index is in.
    pub fn contains(&self, i: usize) -> bool {
        i < self.len && self.words[i / 64] & (1 << (i % 64)) != 0
    }

    /// Whether no index is in.
    pub fn is_empty(&self) -> bool {
        self.words.iter().all(|w| *w == 0)
    }

    /// Keeps only common indices.
    pub fn and(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a &= b;
        }
    }

    /// Adds other's indices.
    pub fn or(&mut self, other: &Bits) {
        for (a, b) in self.words.iter_mut().zip(&other.words) {
            *a |= b;
        }
    }

    /// The complement within the domain.
    #[must_use]
    pub fn not(&self) -> Bits {
        let mut b = Bits::all(self.len);
        for (a, x) in b.words.iter_mut().zip(&self.words) {
            *a &= !x;
        }
        b
    }

    /// Whether the two share an index.
    pub fn intersects(&self, other: &Bits) -> bool {
        self.words.iter().zip(&other.words).any(|(a, b)| a & b != 0)
    }

    /// Whether every index of self is in other.
    pub fn is_subset(&self, other: &Bits) -> bool {
        self.words.iter().zip(&other.words).all(|(a, b)| a & !b == 0)
    }

    /// The indices, ascending.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.len).filter(|i| self.contains(*i))
    }
}

/// The values one attribute may take.
#[derive(Clone, Debug, PartialEq)]
pub enum Constraint {
    /// A code or choice attribute.
    Finite {
        /// Whether it may be absent.
        absent: bool,
        /// The values it may take.
        values: Bits,
    },
    /// A number attribute.
    Number {
        /// Whether it may be absent.
        absent: bool,
        /// The numbers it may take.
        set: IntervalSet,
    },
    /// A text attribute: present values must match every `(pattern, true)`
    /// and no `(pattern, false)`.
    Text {
        /// Whether it may be absent.
        absent: bool,
        /// Whether it may be present.
        present: bool,
        /// Pattern constraints on present values, sorted.
        lits: Vec<(PatternId, bool)>,
    },
    /// A list attribute.
    List {
        /// Whether it may be absent.
        absent: bool,
        /// Whether it may be present.
        present: bool,
        /// Values a present list must contain.
        must: BTreeSet<String>,
        /// Values a present list must not contain.
        must_not: BTreeSet<String>,
    },
    /// The session's instant, with its local weekday and hour.
    Time {
        /// Whether the session may have no timestamp.
        absent: bool,
        /// Whether it may have one.
        present: bool,
        /// Instants (epoch seconds) allowed.
        instants: IntervalSet,
        /// Local weekdays allowed (bit 0 = Monday).
        weekdays: u8,
        /// Local hours allowed (bit h = hour h).
        hours: u32,
    },
}

/// All weekdays.
pub const ALL_WEEKDAYS: u8 = 0x7f;
/// All hours.
pub const ALL_HOURS: u32 = 0x00ff_ffff;

impl Constraint {
    /// Narrows self to the values both allow.
    pub fn intersect(&mut self, other: &Constraint) {
        use Constraint::*;
        match (self, other) {
            (Finite { absent, values }, Finite { absent: a2, values: v2 }) => {
                *absent &= a2;
                values.and(v2);
            }
            (Number { absent, set }, Number { absent: a2, set: s2 }) => {
                *absent &= a2;
                *set = set.intersect(s2);
            }
            (Text { absent, present, lits }, Text { absent: a2, present: p2, lits: l2 }) => {
                *absent &= a2;
                *present &= p2;
                lits.extend_from_slice(l2);
                lits.sort_unstable();
                lits.dedup();
            }
            (List { absent, present, must, must_not }, List { absent: a2, present: p2, must: m2, must_not: n2 }) => {
                *absent &= a2;
                *present &= p2;
                must.extend(m2.iter().cloned());
                must_not.extend(n2.iter().cloned());
            }
            (
                Time { absent, present, instants, weekdays, hours },
                Time { absent: a2, present: p2, instants: i2, weekdays: w2, hours: h2 },
            ) => {
                *absent &= a2;
                *present &= p2;
                *instants = instants.intersect(i2);
                *weekdays &= w2;
                *hours &= h2;
            }
            _ => {}
        }
    }

    /// Whether the present part is obviously empty, without automata or
    /// calendars (a fast, incomplete test: `true` means empty for sure).
    pub fn present_obviously_empty(&self, integer: bool) -> bool {
        match self {
            Constraint::Finite { values, .. } => values.is_empty(),
            Constraint::Number { set, .. } => set.is_empty(integer),
            Constraint::Text { present, lits, .. } => {
                !present || lits.windows(2).any(|w| w[0].0 == w[1].0 && w[0].1 != w[1].1)
            }
            Constraint::List { present, must, must_not, .. } => !present || must.iter().any(|m| must_not.contains(m)),
            Constraint::Time { present, instants, weekdays, hours, .. } => {
                !present || instants.is_empty(true) || *weekdays == 0 || *hours == 0
            }
        }
    }

    /// Whether self and other allow no common value (a fast test for codes
    /// and numbers; `false` when unsure).
    pub fn is_disjoint(&self, other: &Constraint, integer: bool) -> bool {
        match (self, other) {
            (Constraint::Finite { absent, values }, Constraint::Finite { absent: a2, values: v2 }) => {
                !(values.intersects(v2) || (*absent && *a2))
            }
            (Constraint::Number { absent, set }, Constraint::Number { absent: a2, set: s2 }) => {
                !(*absent && *a2) && set.intersect(s2).is_empty(integer)
            }
            _ => false,
        }
    }

    /// Whether absence is allowed.
    pub fn allows_absent(&self) -> bool {
        match self {
            Constraint::Finite { absent, .. }
            | Constraint::Number { absent, .. }
            | Constraint::Text { absent, .. }
            | Constraint::List { absent, .. }
            | Constraint::Time { absent, .. } => *absent,
        }
    }

    /// Forbids absence.
    pub fn forbid_absent(&mut self) {
        match self {
            Constraint::Finite { absent, .. }
            | Constraint::Number { absent, .. }
            | Constraint::Text { absent, .. }
            | Constraint::List { absent, .. }
            | Constraint::Time { absent, .. } => *absent = false,
        }
    }

    /// Whether nothing at all is allowed (fast test).
    pub fn obviously_empty(&self, integer: bool) -> bool {
        !self.allows_absent() && self.present_obviously_empty(integer)
    }

    /// The complement of an atomic constraint (one made from one predicate),
    /// as a disjunction; `domain` is the attribute's unconstrained set.
    pub fn negate(&self, domain: &Constraint, integer: bool) -> Vec<Constraint> {
        use Constraint::*;
        let out = match (self, domain) {
            (Finite { absent, values }, Finite { absent: da, .. }) => {
                vec![Finite { absent: !absent && *da, values: values.not() }]
            }
            (Number { absent, set }, Number { absent: da, set: dset }) => {
                vec![Number { absent: !absent && *da, set: set.complement().intersect(dset) }]
            }
            (Text { absent, present, lits }, Text { absent: da, .. }) => match lits.as_slice() {
                [] => vec![Text { absent: !absent && *da, present: !present, lits: Vec::new() }],
                [(p, pol)] => vec![Text { absent: !absent && *da, present: true, lits: vec![(*p, !pol)] }],
                many => {
                    // Not atomic: either absent-ness flips, or one pattern fails.
                    let mut out = vec![Text { absent: !absent && *da, present: !present, lits: Vec::new() }];
                    out.extend(many.iter().map(|(p, pol)| Text {
                        absent: false,
                        present: true,
                        lits: vec![(*p, !pol)],
                    }));
                    out
                }
            },
            (List { absent, present, must, must_not }, List { absent: da, .. }) => {
                let mut out = Vec::new();
                if !absent && *da {
                    out.push(List { absent: true, present: false, must: BTreeSet::new(), must_not: BTreeSet::new() });
                }
                if !present {
                    out.push(List { absent: false, present: true, must: BTreeSet::new(), must_not: BTreeSet::new() });
                } else {
                    for m in must {
                        out.push(List {
                            absent: false,
                            present: true,
                            must: BTreeSet::new(),
                            must_not: [m.clone()].into(),
                        });
                    }
                    for n in must_not {
                        out.push(List {
                            absent: false,
                            present: true,
                            must: [n.clone()].into(),
                            must_not: BTreeSet::new(),
                        });
                    }
                }
                out
            }
            (Time { absent, present, instants, weekdays, hours }, Time { absent: da, .. }) => {
                let mut out = Vec::new();
                let flipped_absent = !absent && *da;
                if flipped_absent || !present {
                    out.push(Time {
                        absent: flipped_absent,
                        present: !present,
                        instants: IntervalSet::all(),
                        weekdays: ALL_WEEKDAYS,
                        hours: ALL_HOURS,
                    });
                }
                if *present {
                    if *instants != IntervalSet::all() {
                        out.push(time_present(instants.complement(), ALL_WEEKDAYS, ALL_HOURS));
                    }
                    if *weekdays != ALL_WEEKDAYS {
                        out.push(time_present(IntervalSet::all(), !weekdays & ALL_WEEKDAYS, ALL_HOURS));
                    }
                    if *hours != ALL_HOURS {
                        out.push(time_present(IntervalSet::all(), ALL_WEEKDAYS, !hours & ALL_HOURS));
                    }
                }
                out
            }
            _ => Vec::new(),
        };
        out.into_iter().filter(|c| !c.obviously_empty(integer)).collect()
    }

    /// Whether every value self allows is allowed by `wider` (a fast,
    /// incomplete test for text: `true` means certainly).
    pub fn is_subset(&self, wider: &Constraint, integer: bool) -> bool {
        use Constraint::*;
        let absent_ok = !self.allows_absent() || wider.allows_absent();
        absent_ok
            && match (self, wider) {
                (Finite { values, .. }, Finite { values: w, .. }) => values.is_subset(w),
                (Number { set, .. }, Number { set: w, .. }) => set.is_subset(w, integer),
                (Text { present, lits, .. }, Text { present: wp, lits: wl, .. }) => {
                    !present || (*wp && wl.iter().all(|l| lits.contains(l)))
                }
                (List { present, must, must_not, .. }, List { present: wp, must: wm, must_not: wn, .. }) => {
                    !present || (*wp && wm.is_subset(must) && wn.is_subset(must_not))
                }
                (
                    Time { present, instants, weekdays, hours, .. },
                    Time { present: wp, instants: wi, weekdays: ww, hours: wh, .. },
                ) => !present || (*wp && instants.is_subset(wi, true) && weekdays & !ww == 0 && hours & !wh == 0),
                _ => false,
            }
    }

    /// Decides whether the present part is non-empty, exactly where the
    /// kind allows; text goes through automata.
    pub fn present_sat(&self, patterns: &Patterns, integer: bool) -> TextSat {
        match self {
            Constraint::Text { present: true, lits, .. } => patterns.solve(lits),
            Constraint::Text { .. } => TextSat::Unsat,
            other if other.present_obviously_empty(integer) => TextSat::Unsat,
            _ => TextSat::Sat(String::new()),
        }
    }
}

/// A time constraint on present timestamps.
fn time_present(instants: IntervalSet, weekdays: u8, hours: u32) -> Constraint {
    Constraint::Time { absent: false, present: true, instants, weekdays, hours }
}
