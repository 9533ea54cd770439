//! Satisfiability of formulas: depth-first search over the disjunctions,
//! with every variable's constraint narrowed as literals are met, cheap
//! refutation and entailment tests to prune, and exact final checks (text
//! automata, the calendar for time). A satisfiable answer comes with the
//! narrowed constraints and a member for each text and time variable, from
//! which a witness session is built.

use std::collections::HashMap;

use chrono_tz::Tz;

use super::automata::TextSat;
use super::constraint::{ALL_HOURS, ALL_WEEKDAYS, Constraint};
use super::derived::{DERIVED, Underived, always_yields, underived_source};
use super::formula::{Formula, Model, VarKind};
use super::intervals::IntervalSet;
use crate::derive::time::{local_weekday_hour, seconds_to_next_local_hour};
use crate::model::AttrId;

/// Most search nodes per question before answering "unknown".
const NODE_BUDGET: usize = 50_000;

/// A satisfying assignment, as narrowed constraints plus chosen members.
#[derive(Clone, Debug)]
pub struct Assignment {
    /// Per variable, the values still allowed.
    pub vars: Vec<Constraint>,
    /// Per text variable that must be present, a member.
    pub texts: HashMap<u16, String>,
    /// The instant, when a timestamp is required.
    pub instant: Option<i64>,
    /// Whether every step was exact.
    pub exact: bool,
}

/// The answer to "can these all hold at once?".
#[derive(Clone, Debug)]
pub enum Answer {
    /// Yes, for example with this assignment.
    Sat(Box<Assignment>),
    /// No session satisfies them.
    Unsat,
    /// Could not be decided (limits); treat as possible.
    Unknown,
}

impl Answer {
    /// Whether the answer is not a proven "no".
    pub fn possible(&self) -> bool {
        !matches!(self, Answer::Unsat)
    }
}

/// Decides whether all `goals` can hold together for one session, with a
/// satisfying assignment when they can.
pub fn solve(model: &Model, goals: &[&Formula], reference_instant: i64) -> Answer {
    Search { model, budget: NODE_BUDGET, reference: reference_instant, assign: true }.run(goals)
}

/// Like [`solve`], without building the assignment (the answer's assignment
/// is then empty): for the many checks that only need yes or no.
pub fn decide(model: &Model, goals: &[&Formula], reference_instant: i64) -> Answer {
    Search { model, budget: NODE_BUDGET, reference: reference_instant, assign: false }.run(goals)
}

/// Per variable, the values still allowed; `None` while unconstrained (every
/// literal's set lies inside its variable's domain, so the first literal met
/// simply replaces `None`).
type State = Vec<Option<Constraint>>;

struct Search<'m> {
    model: &'m Model<'m>,
    budget: usize,
    reference: i64,
    assign: bool,
}

impl<'m> Search<'m> {
    fn run(mut self, goals: &[&'m Formula]) -> Answer {
        self.node(vec![None; self.model.vars.len()], goals.to_vec(), Vec::new())
    }

    fn integer(&self, v: u16) -> bool {
        self.model.var(v).integer
    }

    fn get<'s>(&'s self, state: &'s State, v: usize) -> &'s Constraint {
        state[v].as_ref().unwrap_or(&self.model.vars[v].full)
    }

    fn refuted(&self, state: &State, f: &Formula) -> bool {
        match f {
            Formula::False => true,
            Formula::True => false,
            Formula::Lit(v, c) => match &state[usize::from(*v)] {
                None => false,
                Some(current) => {
                    current.is_disjoint(c, self.integer(*v)) || {
                        let mut s = current.clone();
                        s.intersect(c);
                        s.obviously_empty(self.integer(*v))
                    }
                }
            },
            Formula::And(items) => {
                items.iter().any(|i| matches!(i, Formula::Lit(..) | Formula::False) && self.refuted(state, i))
            }
            Formula::Or(items) => {
                items.iter().all(|i| matches!(i, Formula::Lit(..) | Formula::False) && self.refuted(state, i))
            }
        }
    }

    fn entailed(&self, state: &State, f: &Formula) -> bool {
        match f {
            Formula::True => true,
            Formula::False => false,
            Formula::Lit(v, c) => self.get(state, usize::from(*v)).is_subset(c, self.integer(*v)),
            Formula::And(items) => items.iter().all(|i| self.entailed(state, i)),
            Formula::Or(items) => {
                items.iter().any(|i| matches!(i, Formula::Lit(..) | Formula::True) && self.entailed(state, i))
            }
        }
    }

    /// One search node: `goals` must all hold, and one item of each of `ors`.
    fn node(&mut self, mut state: State, goals: Vec<&'m Formula>, mut ors: Vec<Vec<&'m Formula>>) -> Answer {
        if self.budget == 0 {
            return Answer::Unknown;
        }
        self.budget -= 1;
        let mut stack = goals;
        loop {
            while let Some(g) = stack.pop() {
                match g {
                    Formula::True => {}
                    Formula::False => return Answer::Unsat,
                    Formula::Lit(v, c) => {
                        let slot = &mut state[usize::from(*v)];
                        match slot {
                            None => *slot = Some(c.clone()),
                            Some(current) => current.intersect(c),
                        }
                        if slot.as_ref().is_some_and(|s| s.obviously_empty(self.integer(*v))) {
                            return Answer::Unsat;
                        }
                    }
                    Formula::And(items) => stack.extend(items.iter()),
                    Formula::Or(items) => ors.push(items.iter().collect()),
                }
            }
            // Simplify the disjunctions against the narrowed state.
            let mut progressed = false;
            let mut kept = Vec::with_capacity(ors.len());
            for items in ors.drain(..) {
                if items.iter().any(|i| self.entailed(&state, i)) {
                    continue;
                }
                let live: Vec<&'m Formula> = items.into_iter().filter(|i| !self.refuted(&state, i)).collect();
                match live.len() {
                    0 => return Answer::Unsat,
                    1 => {
                        stack.push(live[0]);
                        progressed = true;
                    }
                    _ => kept.push(live),
                }
            }
            ors = kept;
            if !progressed {
                break;
            }
        }
        // Exact checks before branching, so dead branches stop early.
        let mut exact = true;
        match self.exact_checks(&mut state) {
            Check::Unsat => return Answer::Unsat,
            Check::Unknown => exact = false,
            Check::Sat => {}
        }
        if ors.is_empty() {
            return self.finish(state, exact);
        }
        let pick = ors.iter().enumerate().min_by_key(|(_, o)| o.len()).map_or(0, |(i, _)| i);
        let branch = ors.swap_remove(pick);
        let mut unknown = !exact;
        for item in branch {
            match self.node(state.clone(), vec![item], ors.clone()) {
                Answer::Sat(a) => {
                    let mut a = a;
                    a.exact &= exact;
                    return Answer::Sat(a);
                }
                Answer::Unknown => unknown = true,
                Answer::Unsat => {}
            }
        }
        if unknown { Answer::Unknown } else { Answer::Unsat }
    }

    fn exact_checks(&self, state: &mut State) -> Check {
        let mut result = Check::Sat;
        for (attr, source) in DERIVED {
            match self.derived_absent(state, attr, source) {
                Check::Unsat => return Check::Unsat,
                Check::Unknown => result = Check::Unknown,
                Check::Sat => {}
            }
        }
        for (v, c) in state.iter().enumerate() {
            let Some(c) = c else { continue };
            if c.allows_absent() {
                continue;
            }
            match (&self.model.vars[v].kind, c) {
                (VarKind::Text, _) => match c.present_sat(&self.model.patterns, false) {
                    TextSat::Unsat => return Check::Unsat,
                    TextSat::Unknown => result = Check::Unknown,
                    TextSat::Sat(_) => {}
                },
                (VarKind::Time, Constraint::Time { instants, weekdays, hours, .. })
                    if !time_possible(self.model.tz, instants, *weekdays, *hours, self.reference) =>
                {
                    return Check::Unsat;
                }
                _ => {}
            }
        }
        result
    }

    /// A derived attribute that must be absent needs its source absent, or
    /// a source value it derives nothing from (the session does not give
    /// it). When the attribute derives from every value, an absent source is
    /// the only way and the source is narrowed to it.
    fn derived_absent(&self, state: &mut State, attr: AttrId, source: AttrId) -> Check {
        let (a, s) = (usize::from(attr.0), usize::from(source.0));
        if !state[a].as_ref().is_some_and(|c| c.present_obviously_empty(false)) {
            return Check::Sat;
        }
        let source_c = self.get(state, s);
        if source_c.allows_absent() {
            if always_yields(attr) {
                let mut narrowed = source_c.clone();
                if let Constraint::Text { present, .. } = &mut narrowed {
                    *present = false;
                }
                state[s] = Some(narrowed);
            }
            return Check::Sat;
        }
        let Constraint::Text { lits, .. } = source_c else { return Check::Sat };
        match underived_source(&self.model.patterns, attr, lits) {
            Underived::Found(_) => Check::Sat,
            Underived::Never => Check::Unsat,
            Underived::Unknown => Check::Unknown,
        }
    }

    fn finish(&self, state: State, exact: bool) -> Answer {
        if !self.assign {
            return Answer::Sat(Box::new(Assignment { vars: Vec::new(), texts: HashMap::new(), instant: None, exact }));
        }
        let vars: Vec<Constraint> =
            state.into_iter().enumerate().map(|(v, c)| c.unwrap_or_else(|| self.model.vars[v].full.clone())).collect();
        let mut texts = HashMap::new();
        let mut instant = None;
        for (v, c) in vars.iter().enumerate() {
            match (&self.model.vars[v].kind, c) {
                (VarKind::Text, Constraint::Text { present: true, .. }) if !c.allows_absent() => {
                    if let TextSat::Sat(s) = c.present_sat(&self.model.patterns, false) {
                        texts.insert(v as u16, s);
                    }
                }
                (VarKind::Time, Constraint::Time { instants, weekdays, hours, .. }) if !c.allows_absent() => {
                    instant = cached_time_member(self.model.tz, instants, *weekdays, *hours, self.reference);
                }
                _ => {}
            }
        }
        // A source whose derived attribute must be absent gets a value that
        // derives nothing, not merely the shortest member.
        for (attr, source) in DERIVED {
            if let (Constraint::Text { present: true, lits, .. }, true) =
                (&vars[usize::from(source.0)], vars[usize::from(attr.0)].present_obviously_empty(false))
                && !vars[usize::from(source.0)].allows_absent()
                && let Underived::Found(member) = underived_source(&self.model.patterns, attr, lits)
            {
                texts.insert(source.0, member);
            }
        }
        Answer::Sat(Box::new(Assignment { vars, texts, instant, exact }))
    }
}

enum Check {
    Sat,
    Unsat,
    Unknown,
}

/// Days of instants examined hour by hour: enough for every weekday to
/// occur twice, so a daylight-saving gap cannot hide an hour.
const SCAN_DAYS: i64 = 16;

/// Whether some instant in `instants` has an allowed local weekday and hour;
/// intervals of [`SCAN_DAYS`] or more contain every combination.
fn time_possible(tz: Tz, instants: &IntervalSet, weekdays: u8, hours: u32, reference: i64) -> bool {
    if weekdays == 0 || hours == 0 || instants.is_empty(true) {
        return false;
    }
    let long = |p: &super::intervals::Interval| p.hi - p.lo >= (SCAN_DAYS * 86_400) as f64;
    if (weekdays == ALL_WEEKDAYS && hours == ALL_HOURS) || instants.parts().iter().any(long) {
        return true;
    }
    cached_time_member(tz, instants, weekdays, hours, reference).is_some()
}

type TimeKey = (Tz, Vec<(u64, bool, u64, bool)>, u8, u32, i64);

/// [`time_member`] with a per-thread memo: the same schedules meet again and
/// again in pairwise checks, and each scan walks up to 384 local hours.
fn cached_time_member(tz: Tz, instants: &IntervalSet, weekdays: u8, hours: u32, reference: i64) -> Option<i64> {
    thread_local! {
        static MEMO: std::cell::RefCell<HashMap<TimeKey, Option<i64>>> = std::cell::RefCell::new(HashMap::new());
    }
    let parts = instants.parts().iter().map(|p| (p.lo.to_bits(), p.lo_incl, p.hi.to_bits(), p.hi_incl)).collect();
    let key = (tz, parts, weekdays, hours, reference);
    if let Some(hit) = MEMO.with(|m| m.borrow().get(&key).copied()) {
        return hit;
    }
    let found = time_member(tz, instants, weekdays, hours, reference);
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() > 100_000 {
            m.clear();
        }
        m.insert(key, found);
    });
    found
}

/// An instant in `instants` whose local weekday and hour in `tz` are allowed,
/// preferring instants near `reference`.
pub fn time_member(tz: Tz, instants: &IntervalSet, weekdays: u8, hours: u32, reference: i64) -> Option<i64> {
    if weekdays == 0 || hours == 0 {
        return None;
    }
    let window = SCAN_DAYS * 86_400;
    for part in instants.parts() {
        let lo = if part.lo.is_finite() {
            let l = part.lo.ceil() as i64;
            if !part.lo_incl && (part.lo.fract() == 0.0) { l + 1 } else { l }
        } else {
            i64::MIN
        };
        let hi = if part.hi.is_finite() {
            let h = part.hi.floor() as i64;
            if !part.hi_incl && (part.hi.fract() == 0.0) { h - 1 } else { h }
        } else {
            i64::MAX
        };
        if lo > hi {
            continue;
        }
        // Start at the reference when it is inside, else at the nearer end.
        let start = if lo <= reference && reference <= hi {
            reference
        } else if lo == i64::MIN {
            hi.saturating_sub(window)
        } else {
            lo
        };
        let mut t = start;
        let end = hi.min(start.saturating_add(window));
        while t <= end {
            let (weekday, hour) = local_weekday_hour(tz, t);
            if weekdays & (1 << weekday.index()) != 0 && hours & (1 << hour) != 0 {
                return Some(t);
            }
            t = t.saturating_add(seconds_to_next_local_hour(tz, t).max(1));
        }
        // The scan from the reference may have missed the part's start.
        if start != lo && lo != i64::MIN {
            let mut t = lo;
            let end = hi.min(lo.saturating_add(window));
            while t <= end {
                let (weekday, hour) = local_weekday_hour(tz, t);
                if weekdays & (1 << weekday.index()) != 0 && hours & (1 << hour) != 0 {
                    return Some(t);
                }
                t = t.saturating_add(seconds_to_next_local_hour(tz, t).max(1));
            }
        }
    }
    None
}
