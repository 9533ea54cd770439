//! Unions of intervals over the reals: the exact sets number predicates and
//! schedules describe, closed under intersection and complement. Integer
//! domains (counts, hours, epoch seconds) are handled when asking for
//! emptiness or a member.

use std::fmt;

/// One interval with open or closed ends; infinite ends are open.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Interval {
    /// Lower end.
    pub lo: f64,
    /// Whether `lo` belongs to the interval.
    pub lo_incl: bool,
    /// Upper end.
    pub hi: f64,
    /// Whether `hi` belongs to the interval.
    pub hi_incl: bool,
}

impl Interval {
    /// `[lo, hi]`.
    pub fn closed(lo: f64, hi: f64) -> Self {
        Interval { lo, lo_incl: lo.is_finite(), hi, hi_incl: hi.is_finite() }
    }

    fn is_empty(&self) -> bool {
        self.lo > self.hi || (self.lo == self.hi && !(self.lo_incl && self.hi_incl))
    }

    /// The smallest and largest integers inside, if any.
    fn integer_range(&self) -> Option<(f64, f64)> {
        let lo = if self.lo == f64::NEG_INFINITY {
            f64::NEG_INFINITY
        } else if self.lo.fract() == 0.0 && !self.lo_incl {
            self.lo + 1.0
        } else {
            self.lo.ceil()
        };
        let hi = if self.hi == f64::INFINITY {
            f64::INFINITY
        } else if self.hi.fract() == 0.0 && !self.hi_incl {
            self.hi - 1.0
        } else {
            self.hi.floor()
        };
        (lo <= hi).then_some((lo, hi))
    }

    fn contains(&self, x: f64) -> bool {
        (if self.lo_incl { x >= self.lo } else { x > self.lo })
            && (if self.hi_incl { x <= self.hi } else { x < self.hi })
    }
}

/// A sorted union of disjoint, non-empty intervals.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntervalSet {
    parts: Vec<Interval>,
}

impl IntervalSet {
    /// The empty set.
    pub fn empty() -> Self {
        IntervalSet { parts: Vec::new() }
    }

    /// Every real number.
    pub fn all() -> Self {
        Self::of(Interval { lo: f64::NEG_INFINITY, lo_incl: false, hi: f64::INFINITY, hi_incl: false })
    }

    /// One interval (empty if the interval is).
    pub fn of(i: Interval) -> Self {
        if i.is_empty() { Self::empty() } else { IntervalSet { parts: vec![i] } }
    }

    /// The intervals, sorted.
    pub fn parts(&self) -> &[Interval] {
        &self.parts
    }

    /// The intersection.
    #[must_use]
    pub fn intersect(&self, other: &IntervalSet) -> IntervalSet {
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < self.parts.len() && j < other.parts.len() {
            let (a, b) = (self.parts[i], other.parts[j]);
            let (lo, lo_incl) = if a.lo > b.lo {
                (a.lo, a.lo_incl)
            } else if b.lo > a.lo {
                (b.lo, b.lo_incl)
            } else {
                (a.lo, a.lo_incl && b.lo_incl)
            };
            let (hi, hi_incl) = if a.hi < b.hi {
                (a.hi, a.hi_incl)
            } else if b.hi < a.hi {
                (b.hi, b.hi_incl)
            } else {
                (a.hi, a.hi_incl && b.hi_incl)
            };
            let cut = Interval { lo, lo_incl, hi, hi_incl };
            if !cut.is_empty() {
                out.push(cut);
            }
            let a_ends_first = a.hi < b.hi || (a.hi == b.hi && !a.hi_incl);
            if a_ends_first { i += 1 } else { j += 1 }
        }
        IntervalSet { parts: out }
    }

    /// The complement within the reals.
    #[must_use]
    pub fn complement(&self) -> IntervalSet {
        let mut out = Vec::new();
        let mut lo = f64::NEG_INFINITY;
        let mut lo_incl = false;
        for p in &self.parts {
            let gap = Interval { lo, lo_incl, hi: p.lo, hi_incl: !p.lo_incl && p.lo.is_finite() };
            if !gap.is_empty() {
                out.push(gap);
            }
            lo = p.hi;
            lo_incl = !p.hi_incl && p.hi.is_finite();
        }
        if lo < f64::INFINITY || (lo == f64::NEG_INFINITY && self.parts.is_empty()) {
            let tail = Interval { lo, lo_incl, hi: f64::INFINITY, hi_incl: false };
            if !tail.is_empty() {
                out.push(tail);
            }
        }
        IntervalSet { parts: out }
    }

    /// Whether no number (no integer, for integer domains) is in the set.
    pub fn is_empty(&self, integer: bool) -> bool {
        if integer { self.parts.iter().all(|p| p.integer_range().is_none()) } else { self.parts.is_empty() }
    }

    /// Whether every member (every integer member) of `self` is in `other`.
    pub fn is_subset(&self, other: &IntervalSet, integer: bool) -> bool {
        self.intersect(&other.complement()).is_empty(integer)
    }

    /// Whether `x` is in the set.
    pub fn contains(&self, x: f64) -> bool {
        self.parts.iter().any(|p| p.contains(x))
    }

    /// A readable member: a small whole number where possible.
    pub fn pick(&self, integer: bool) -> Option<f64> {
        self.parts.iter().find_map(|p| nice_member(p, integer))
    }
}

fn nice_member(p: &Interval, integer: bool) -> Option<f64> {
    if let Some((lo, hi)) = p.integer_range() {
        // Prefer 0, then the integer nearest the lower end.
        if lo <= 0.0 && hi >= 0.0 {
            return Some(0.0);
        }
        if lo.is_finite() {
            return Some(lo);
        }
        return Some(hi);
    }
    if integer || p.is_empty() {
        return None;
    }
    // A real interval with no integer: its midpoint, rounded to a short decimal if that stays inside.
    let mid = (p.lo + p.hi) / 2.0;
    for digits in [1.0, 10.0, 100.0, 1000.0] {
        let rounded = (mid * digits).round() / digits;
        if p.contains(rounded) {
            return Some(rounded);
        }
    }
    Some(mid)
}

impl fmt::Display for IntervalSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|p| {
                format!("{}{}, {}{}", if p.lo_incl { "[" } else { "(" }, p.lo, p.hi, if p.hi_incl { "]" } else { ")" })
            })
            .collect();
        if parts.is_empty() { f.write_str("∅") } else { f.write_str(&parts.join(" ∪ ")) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn lt(x: f64) -> IntervalSet {
        IntervalSet::of(Interval { lo: f64::NEG_INFINITY, lo_incl: false, hi: x, hi_incl: false })
    }
    fn ge(x: f64) -> IntervalSet {
        IntervalSet::of(Interval { lo: x, lo_incl: true, hi: f64::INFINITY, hi_incl: false })
    }

    #[test]
    fn basics() {
        assert!(lt(3.0).intersect(&ge(3.0)).is_empty(false));
        assert_eq!(lt(3.0).complement(), ge(3.0));
        assert_eq!(IntervalSet::all().complement(), IntervalSet::empty());
        assert_eq!(IntervalSet::empty().complement(), IntervalSet::all());
        let open = IntervalSet::of(Interval { lo: 2.0, lo_incl: false, hi: 3.0, hi_incl: false });
        assert!(!open.is_empty(false));
        assert!(open.is_empty(true), "no integer strictly between 2 and 3");
        assert_eq!(open.pick(false), Some(2.5));
        assert_eq!(ge(3.0).pick(true), Some(3.0));
        assert_eq!(IntervalSet::of(Interval::closed(-5.0, 5.0)).pick(true), Some(0.0));
        assert!(IntervalSet::of(Interval::closed(1.0, 2.0)).is_subset(&ge(0.5), false));
        assert!(!ge(0.5).is_subset(&IntervalSet::of(Interval::closed(1.0, 2.0)), false));
    }

    fn arb_set() -> impl Strategy<Value = IntervalSet> {
        prop::collection::vec((-5i32..5, any::<bool>(), 0i32..4, any::<bool>()), 0..4).prop_map(|parts| {
            parts.into_iter().fold(IntervalSet::empty(), |acc, (lo, li, len, hi_incl)| {
                let i = Interval { lo: f64::from(lo), lo_incl: li, hi: f64::from(lo + len), hi_incl };
                // union via De Morgan
                acc.complement().intersect(&IntervalSet::of(i).complement()).complement()
            })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

        #[test]
        fn set_algebra_matches_membership(a in arb_set(), b in arb_set(), x in -12i32..12, half in any::<bool>()) {
            let x = f64::from(x) + if half { 0.5 } else { 0.0 };
            prop_assert_eq!(a.intersect(&b).contains(x), a.contains(x) && b.contains(x));
            prop_assert_eq!(a.complement().contains(x), !a.contains(x));
            prop_assert_eq!(a.complement().complement(), a.clone());
            if let Some(p) = a.pick(false) { prop_assert!(a.contains(p)); }
            if let Some(p) = a.pick(true) { prop_assert!(a.contains(p) && p.fract() == 0.0); }
            prop_assert_eq!(a.pick(true).is_none(), a.is_empty(true));
        }
    }
}
