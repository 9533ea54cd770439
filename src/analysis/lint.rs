//! Warnings that need no pairwise reasoning: schedules that are over,
//! holdouts of 100 %, text tests that accept everything, slots no rule
//! targets and segments nothing uses.

use std::collections::BTreeSet;

use super::automata::TextSat;
use super::formula::Model;
use crate::model::{AttrType, Condition, FieldPath, Op, Ruleset};
use crate::validate::pattern::search_pattern;
use crate::validate::{Code, Diagnostic};

/// The warnings of this module for a ruleset; `now` is epoch seconds.
pub fn lint(ruleset: &Ruleset, model: Option<&Model>, now: i64) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let resolver = crate::model::resolve::Resolver::new(ruleset);
    let mut used_segments = BTreeSet::new();
    let mut segment_uses = |c: &Condition| {
        c.visit_preds(&mut Vec::new(), &mut |p, _| {
            if p.attr == "customer.segments" {
                used_segments.extend(p.op.strings().iter().cloned());
            }
        });
    };
    for (i, rule) in ruleset.rules.iter().enumerate() {
        segment_uses(&rule.when);
        if !rule.enabled {
            continue;
        }
        let path = FieldPath::rule(i);
        let me = vec![rule.id.clone()];
        if let Some(end) = rule.schedule.as_ref().and_then(|s| s.end)
            && end.timestamp() <= now
        {
            out.push(Diagnostic::new(
                Code::ScheduleEnded,
                me.clone(),
                path.field("schedule").field("end"),
                format!("the schedule ended on {}; the rule no longer applies", end.format("%Y-%m-%d %H:%M %:z")),
            ));
        }
        if rule.holdout_percent == 100 {
            out.push(Diagnostic::new(
                Code::FullHoldout,
                me.clone(),
                path.field("holdout_percent"),
                "the holdout is 100 %, so every visitor is held out and the rule never applies".to_owned(),
            ));
        }
        if let Some(model) = model {
            let mut preds = Vec::new();
            rule.when
                .visit_preds(&mut Vec::new(), &mut |p, keys| preds.push((p.clone(), path.field("when").join(keys))));
            for (p, ppath) in preds {
                if resolver.attr(&p.attr).is_none_or(|a| a.ty != AttrType::Text) {
                    continue;
                }
                let Some(pattern) = search_pattern(&p.op, p.ignore_case) else { continue };
                let pid = model.patterns.intern(&pattern);
                let negated = matches!(p.op, Op::IsNot(_) | Op::NotIn(_));
                if model.patterns.solve(&[(pid, negated)]) == TextSat::Unsat {
                    out.push(Diagnostic::new(
                        Code::MatchesEverything,
                        me.clone(),
                        ppath.field("op"),
                        format!("`{p}` accepts every text, so it only checks that `{}` is present", p.attr),
                    ));
                }
            }
        }
    }
    for seg in &ruleset.segments {
        if let Some(c) = &seg.when {
            segment_uses(c);
        }
    }
    for (i, slot) in ruleset.slots.iter().enumerate() {
        if !ruleset.rules.iter().any(|r| r.then.iter().any(|a| a.slot == slot.id)) {
            out.push(Diagnostic::new(
                Code::UnusedSlot,
                Vec::new(),
                FieldPath::root().field("slots").index(i),
                format!("no rule acts on slot `{}`; it always shows its default ({})", slot.id, slot.default),
            ));
        }
    }
    for (i, seg) in ruleset.segments.iter().enumerate() {
        if !used_segments.contains(&seg.id) {
            out.push(Diagnostic::new(
                Code::UnusedSegment,
                Vec::new(),
                FieldPath::root().field("segments").index(i),
                format!("no rule or segment uses segment `{}`", seg.id),
            ));
        }
    }
    out
}
