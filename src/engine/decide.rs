//! Decisions (SPEC §4): per slot, the highest-priority rule that is enabled,
//! inside its schedule, matches and does not hold the visitor out; equal
//! priorities go to the earlier rule in the file. Slots without a winner show
//! their default.

use std::cell::RefCell;

pub use crate::compile::Standing;
use crate::compile::index::{RuleBits, ranks};
use crate::compile::{CRule, CSchedule, CompiledRuleset};
use crate::model::{Outcome, Weekday};

use super::Facts;
use super::holdout::{bucket, held_out};

/// One slot's decision.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pick {
    /// The winning rule's index, or `None` for the slot's default.
    pub rule: Option<u32>,
    /// Rules that matched but held the visitor out, best first.
    pub held_out: Vec<u32>,
    /// A rule of the winner's priority that also matched with a different
    /// outcome (an ambiguity seen in data).
    pub tie: Option<u32>,
}

/// The decision for one session: a pick per slot, in slot order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Decision {
    /// One pick per slot.
    pub picks: Vec<Pick>,
}

impl CSchedule {
    /// Whether an instant is inside the schedule (`None`: no timestamp, outside).
    pub fn contains(&self, instant: Option<i64>, weekday_hour: impl FnOnce(i64) -> (Weekday, u8)) -> bool {
        let Some(t) = instant else { return false };
        if self.start.is_some_and(|s| t < s) || self.end.is_some_and(|e| t >= e) {
            return false;
        }
        if self.weekdays == 0 && self.hours.is_none() {
            return true;
        }
        let (weekday, hour) = weekday_hour(t);
        (self.weekdays == 0 || self.weekdays & (1 << weekday.index()) != 0)
            && self.hours.is_none_or(|bits| bits & (1 << hour) != 0)
    }
}

impl CompiledRuleset {
    pub(crate) fn in_schedule(&self, rule: &CRule, facts: &Facts) -> bool {
        rule.schedule
            .as_ref()
            .is_none_or(|s| s.contains(facts.instant, |t| crate::derive::time::local_weekday_hour(self.tz, t)))
    }

    /// Where a rule stands for a session.
    pub fn standing(&self, rule: &CRule, facts: &Facts) -> Standing {
        self.standing_when(rule, facts, || self.holds(&rule.when, facts))
    }

    /// Where a rule stands, `holds` telling whether its condition holds.
    fn standing_when(&self, rule: &CRule, facts: &Facts, holds: impl FnOnce() -> bool) -> Standing {
        if !rule.enabled {
            Standing::Disabled
        } else if !self.in_schedule(rule, facts) {
            Standing::OutsideSchedule
        } else if !holds() {
            Standing::NotMatched
        } else if rule.holdout_threshold > 0 && held_out(bucket(&rule.id, &facts.bucket_key), rule.holdout_threshold) {
            Standing::HeldOut
        } else {
            Standing::Eligible
        }
    }

    /// Whether a rule's condition and schedule hold for a session (whatever
    /// its enabled flag and holdout).
    pub fn matches(&self, rule: usize, facts: &Facts) -> bool {
        self.rules.get(rule).is_some_and(|r| self.in_schedule(r, facts) && self.holds(&r.when, facts))
    }

    /// Decides every slot for a session.
    ///
    /// # Example
    /// ```
    /// use rulestudio::format::parse_ruleset;
    /// use rulestudio::model::Session;
    /// let src = r#"(name: "shop", time_zone: "UTC",
    ///   slots: [(id: "home.hero", kind: content, default: content(id: "generic"))],
    ///   rules: [(id: "ca", name: "Canada", priority: 10,
    ///            when: pred(attr: "geo.country", op: is("CA")),
    ///            then: [(slot: "home.hero", outcome: content(id: "maple"))])])"#;
    /// let ruleset = parse_ruleset(src, "shop.rules.ron").unwrap();
    /// let compiled = rulestudio::compile::compile(&ruleset).unwrap();
    /// let session: Session = serde_json::from_str(r#"{"id": "s1", "geo": {"country": "CA"}}"#).unwrap();
    /// let decision = compiled.decide(&compiled.facts(&session));
    /// assert_eq!(compiled.outcome(0, &decision.picks[0]).to_string(), "content maple");
    /// ```
    pub fn decide(&self, facts: &Facts) -> Decision {
        self.with_possible(facts, |possible| self.walk(facts, ranks(possible), true, None))
    }

    /// The rule that wins one slot for a session, if any: its first eligible
    /// candidate in decision order, as [`decide`](Self::decide) picks it
    /// (for checking one slot without deciding them all).
    pub fn winner(&self, facts: &Facts, slot: usize) -> Option<u32> {
        let candidates = self.candidates.get(slot)?;
        candidates.iter().copied().find(|&i| self.standing(&self.rules[i as usize], facts) == Standing::Eligible)
    }

    /// [`decide`](Self::decide) by evaluating every candidate rule in turn,
    /// without the index: the reference the index is tested and measured
    /// against.
    pub fn decide_scan(&self, facts: &Facts) -> Decision {
        self.walk(facts, self.index.ranks(), false, None)
    }

    /// Decides every slot and also returns every rule's standing (for
    /// statistics over many sessions). Rules the index rules out get their
    /// standing without evaluating their condition.
    pub fn decide_all(&self, facts: &Facts) -> (Decision, Vec<Standing>) {
        let mut standings = self.unmatched.clone();
        for &i in &self.scheduled {
            if !self.in_schedule(&self.rules[i as usize], facts) {
                standings[i as usize] = Standing::OutsideSchedule;
            }
        }
        let decision =
            self.with_possible(facts, |possible| self.walk(facts, ranks(possible), true, Some(&mut standings)));
        (decision, standings)
    }

    /// Runs `then` with the rules the index admits for `facts`, computed in
    /// this thread's buffers (no allocation once they have grown).
    fn with_possible<T>(&self, facts: &Facts, then: impl FnOnce(&RuleBits) -> T) -> T {
        thread_local! {
            static BUFFERS: RefCell<(RuleBits, RuleBits)> = const { RefCell::new((Vec::new(), Vec::new())) };
        }
        BUFFERS.with(|buffers| match buffers.try_borrow_mut() {
            Ok(mut buffers) => {
                let (bits, gathered) = &mut *buffers;
                self.index.possible_into(facts, bits, gathered);
                then(bits)
            }
            // Only if `then` decided again on this thread: fresh buffers.
            Err(_) => then(&self.index.possible(facts)),
        })
    }

    /// Decides every slot by walking rules best first (`walked`, ranks in
    /// order): those the index admits (`indexed`: only what it did not
    /// settle is evaluated) or every enabled rule, evaluated whole. A rule that matches wins
    /// each of its slots still open, or ties with a winner of its priority.
    /// With `standings`, every rule walked is evaluated and its standing
    /// stored; without, rules whose slots are all settled are skipped and
    /// the walk stops once every slot is.
    fn walk(
        &self,
        facts: &Facts,
        walked: impl Iterator<Item = usize>,
        indexed: bool,
        mut standings: Option<&mut [Standing]>,
    ) -> Decision {
        let mut picks: Vec<Pick> = (0..self.slots.len()).map(|_| Pick::default()).collect();
        let mut open = self.contested;
        let mut lowest_winner = i32::MAX;
        for rank in walked {
            let i = self.index.rule_at(rank);
            let rule = &self.rules[i as usize];
            if standings.is_none() {
                if open == 0 && rule.priority < lowest_winner {
                    break;
                }
                let settled = |s: &u16| {
                    let pick = &picks[usize::from(*s)];
                    pick.rule.is_some_and(|w| pick.tie.is_some() || self.rules[w as usize].priority != rule.priority)
                };
                if rule.actions.iter().all(|(s, _)| settled(s)) {
                    continue;
                }
            }
            let standing = if indexed {
                self.standing_when(rule, facts, || self.index.holds(rank, &rule.when, |c| self.holds(c, facts)))
            } else {
                self.standing(rule, facts)
            };
            if let Some(standings) = standings.as_deref_mut() {
                standings[i as usize] = standing;
            }
            for (slot, outcome) in &rule.actions {
                let pick = &mut picks[usize::from(*slot)];
                match (standing, pick.rule) {
                    (Standing::HeldOut, None) if pick.held_out.last() != Some(&i) => pick.held_out.push(i),
                    (Standing::Eligible, None) => {
                        pick.rule = Some(i);
                        open -= 1;
                        lowest_winner = lowest_winner.min(rule.priority);
                    }
                    (Standing::Eligible, Some(w))
                        if pick.tie.is_none()
                            && w != i
                            && self.rules[w as usize].priority == rule.priority
                            && self.action_outcome(&self.rules[w as usize], usize::from(*slot)) != Some(outcome) =>
                    {
                        pick.tie = Some(i);
                    }
                    _ => {}
                }
            }
        }
        Decision { picks }
    }

    fn action_outcome<'a>(&self, rule: &'a CRule, slot: usize) -> Option<&'a Outcome> {
        rule.actions.iter().find(|(s, _)| usize::from(*s) == slot).map(|(_, o)| o)
    }

    /// The outcome of a slot's pick: the winner's action, or the default.
    pub fn outcome<'a>(&'a self, slot: usize, pick: &Pick) -> &'a Outcome {
        pick.rule.and_then(|r| self.action_outcome(&self.rules[r as usize], slot)).unwrap_or(&self.slots[slot].default)
    }
}
