//! Decisions (SPEC §4): per slot, the highest-priority rule that is enabled,
//! inside its schedule, matches and does not hold the visitor out; equal
//! priorities go to the earlier rule in the file. Slots without a winner show
//! their default.

use crate::compile::index::has;
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

/// Where a rule stands for a session, before slots are contested.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// The rule is disabled.
    Disabled,
    /// The session is outside the rule's schedule.
    OutsideSchedule,
    /// The rule's condition does not hold.
    NotMatched,
    /// It matched, but the visitor is in its holdout.
    HeldOut,
    /// It matched and may win its slots.
    Eligible,
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
        if !rule.enabled {
            Standing::Disabled
        } else if !self.in_schedule(rule, facts) {
            Standing::OutsideSchedule
        } else if !self.holds(&rule.when, facts) {
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
        let possible = self.index.possible(facts);
        let mut standings = vec![None; self.rules.len()];
        self.decide_with(facts, &mut standings, |i| has(&possible, i))
    }

    /// [`decide`](Self::decide) by evaluating every candidate rule in turn,
    /// without the index: the reference the index is tested and measured
    /// against.
    pub fn decide_scan(&self, facts: &Facts) -> Decision {
        let mut standings = vec![None; self.rules.len()];
        self.decide_with(facts, &mut standings, |_| true)
    }

    /// Decides every slot and also returns every rule's standing (for
    /// statistics over many sessions). Rules the index rules out get their
    /// standing without evaluating their condition.
    pub fn decide_all(&self, facts: &Facts) -> (Decision, Vec<Standing>) {
        let possible = self.index.possible(facts);
        let mut standings: Vec<Option<Standing>> = self
            .rules
            .iter()
            .enumerate()
            .map(|(i, r)| {
                Some(if has(&possible, i) { self.standing(r, facts) } else { self.standing_unmatched(r, facts) })
            })
            .collect();
        let decision = self.decide_with(facts, &mut standings, |i| has(&possible, i));
        (decision, standings.into_iter().map(|s| s.unwrap_or(Standing::NotMatched)).collect())
    }

    /// The standing of a rule whose condition is known not to hold.
    fn standing_unmatched(&self, rule: &CRule, facts: &Facts) -> Standing {
        if !rule.enabled {
            Standing::Disabled
        } else if !self.in_schedule(rule, facts) {
            Standing::OutsideSchedule
        } else {
            Standing::NotMatched
        }
    }

    /// Decides every slot, evaluating only the candidates `possible` keeps
    /// (the others cannot match).
    fn decide_with(
        &self,
        facts: &Facts,
        standings: &mut [Option<Standing>],
        possible: impl Fn(usize) -> bool,
    ) -> Decision {
        let mut standing = |i: u32| -> Standing {
            if !possible(i as usize) {
                return Standing::NotMatched;
            }
            let slot = &mut standings[i as usize];
            *slot.get_or_insert_with(|| self.standing(&self.rules[i as usize], facts))
        };
        let picks = self
            .candidates
            .iter()
            .enumerate()
            .map(|(slot, candidates)| {
                let mut pick = Pick::default();
                let mut iter = candidates.iter().copied();
                for i in iter.by_ref() {
                    match standing(i) {
                        Standing::Eligible => {
                            pick.rule = Some(i);
                            break;
                        }
                        Standing::HeldOut => pick.held_out.push(i),
                        _ => {}
                    }
                }
                if let Some(winner) = pick.rule {
                    let rule = &self.rules[winner as usize];
                    let outcome = self.action_outcome(rule, slot);
                    for j in iter.take_while(|&j| self.rules[j as usize].priority == rule.priority) {
                        if standing(j) == Standing::Eligible
                            && self.action_outcome(&self.rules[j as usize], slot) != outcome
                        {
                            pick.tie = Some(j);
                            break;
                        }
                    }
                }
                pick
            })
            .collect();
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
