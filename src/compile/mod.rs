//! Compilation: a validated ruleset turned into what the evaluator runs.
//! Names are resolved to indices, patterns compiled once, rules ordered per
//! slot by priority then file order.

mod error;
mod facts;
pub mod index;
mod test;

use std::collections::HashMap;

use chrono_tz::Tz;

pub use error::{BuildError, BuildErrorKind};
pub use facts::{Fact, Facts, SegmentSet};
pub use test::{Test, TestSet};

use crate::derive::time::parse_zone;
use crate::model::attribute::id;
use crate::model::resolve::Resolver;
use crate::model::{AttrId, Condition, CustomType, FieldPath, Outcome, Predicate, Rule, Ruleset, Schedule};
use crate::validate::{Diagnostic, Severity, validate};

/// A ruleset ready to evaluate.
#[derive(Debug)]
pub struct CompiledRuleset {
    /// The ruleset's name.
    pub name: String,
    /// The time zone of schedules and `time.*`.
    pub tz: Tz,
    /// Slots in file order.
    pub slots: Vec<CSlot>,
    /// Rules in file order, disabled ones included (they appear in traces).
    pub rules: Vec<CRule>,
    /// Per slot, the enabled rules acting on it, best first.
    pub candidates: Vec<Vec<u32>>,
    /// Segments in file order.
    pub segments: Vec<CSegment>,
    /// Custom attributes: name and type; attribute id = built-ins + index.
    pub custom: Vec<(String, CustomType)>,
    /// The built-in attributes some rule or segment reads, one bit per
    /// attribute id: sessions derive only these (no user-agent parsing for
    /// a ruleset that reads no device fact).
    pub reads: u64,
    /// Which rules can match a session, from its values.
    pub index: index::RuleIndex,
    /// Every rule's standing when its condition does not hold, schedules
    /// aside: the start of [`decide_all`](Self::decide_all)'s standings.
    pub(crate) unmatched: Vec<Standing>,
    /// The enabled rules with a schedule.
    pub(crate) scheduled: Vec<u32>,
    /// How many slots have a candidate.
    pub(crate) contested: usize,
    segment_index: HashMap<String, u16, foldhash::fast::RandomState>,
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

/// Sets the bit of every built-in attribute `cond` reads.
fn mark_reads(cond: &CCond, reads: &mut u64) {
    match cond {
        CCond::All(items) | CCond::Any(items) => items.iter().for_each(|c| mark_reads(c, reads)),
        CCond::Not(inner) => mark_reads(inner, reads),
        CCond::Pred(p) => {
            if p.attr.0 < 64 {
                *reads |= 1 << p.attr.0;
            }
        }
    }
}

/// A compiled slot.
#[derive(Clone, Debug)]
pub struct CSlot {
    /// Its id.
    pub id: String,
    /// Its default outcome.
    pub default: Outcome,
}

/// A compiled segment.
#[derive(Debug)]
pub struct CSegment {
    /// Its id.
    pub id: String,
    /// Its condition, if membership can be computed.
    pub when: Option<CCond>,
}

/// A compiled rule.
#[derive(Debug)]
pub struct CRule {
    /// Its id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Whether it is enabled.
    pub enabled: bool,
    /// Its priority.
    pub priority: i32,
    /// Its condition.
    pub when: CCond,
    /// When it is active.
    pub schedule: Option<CSchedule>,
    /// Holdout threshold in basis points: held out when bucket < this.
    pub holdout_threshold: u32,
    /// Slot index and outcome per action.
    pub actions: Vec<(u16, Outcome)>,
}

/// A compiled schedule, in epoch seconds and local calendar terms.
#[derive(Clone, Debug)]
pub struct CSchedule {
    /// First active instant, included.
    pub start: Option<i64>,
    /// End instant, excluded.
    pub end: Option<i64>,
    /// Bit `i` set when weekday `i` (Monday = 0) is active; all when 0.
    pub weekdays: u8,
    /// Active hours as a bit set (bit `h` for hour `h`); all when `None`.
    pub hours: Option<u32>,
    /// The schedule as written, for traces.
    pub source: Schedule,
}

/// A compiled condition.
#[derive(Debug)]
pub enum CCond {
    /// Every child holds.
    All(Vec<CCond>),
    /// Some child holds.
    Any(Vec<CCond>),
    /// The child does not hold.
    Not(Box<CCond>),
    /// A predicate.
    Pred(Box<CPred>),
}

/// A compiled predicate.
#[derive(Debug)]
pub struct CPred {
    /// The attribute tested.
    pub attr: AttrId,
    /// The test.
    pub test: Test,
    /// The predicate as written, for traces.
    pub source: Predicate,
    /// Where it is, relative to the rule or segment (`when[1]`).
    pub path: FieldPath,
}

/// Validates and compiles a ruleset.
///
/// # Errors
/// Every error-severity diagnostic of [`validate`] when there is one.
///
/// # Example
/// ```
/// use rulestudio::compile::compile;
/// use rulestudio::model::Ruleset;
/// let compiled = compile(&Ruleset::new("shop")).unwrap();
/// assert_eq!(compiled.slots[0].id, "home.hero");
/// ```
pub fn compile(ruleset: &Ruleset) -> Result<CompiledRuleset, Vec<Diagnostic>> {
    let errors: Vec<Diagnostic> = validate(ruleset).into_iter().filter(|d| d.severity == Severity::Error).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    build(ruleset).map_err(|e| vec![e.into()])
}

/// Compiles without validating: for a ruleset [`validate`] found no error
/// in, and for analysing the valid rules of a ruleset with errors elsewhere.
///
/// # Errors
/// When a name does not resolve or a pattern does not compile.
pub fn build(ruleset: &Ruleset) -> Result<CompiledRuleset, BuildError> {
    let resolver = Resolver::new(ruleset);
    let tz = parse_zone(&ruleset.time_zone).map_err(|_| BuildError {
        rule: None,
        path: FieldPath::root().field("time_zone"),
        kind: BuildErrorKind::TimeZone(ruleset.time_zone.clone()),
    })?;
    let segment_index: HashMap<String, u16, foldhash::fast::RandomState> =
        ruleset.segments.iter().enumerate().map(|(i, s)| (s.id.clone(), i as u16)).collect();
    let ctx = Ctx { resolver: &resolver, segment_index: &segment_index };
    let segments = ruleset
        .segments
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let when = s.when.as_ref().map(|c| ctx.cond(c, FieldPath::root().field("when")));
            let at = |(path, kind): (FieldPath, BuildErrorKind)| BuildError {
                rule: None,
                path: FieldPath::root().field("segments").index(i).join(&path.0),
                kind,
            };
            Ok(CSegment { id: s.id.clone(), when: when.transpose().map_err(at)? })
        })
        .collect::<Result<Vec<_>, BuildError>>()?;
    let rules = ruleset
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            ctx.rule(r).map_err(|(path, kind)| BuildError {
                rule: Some(r.id.clone()),
                path: FieldPath::rule(i).join(&path.0),
                kind,
            })
        })
        .collect::<Result<Vec<_>, BuildError>>()?;
    let mut reads = 0;
    rules.iter().for_each(|r| mark_reads(&r.when, &mut reads));
    segments.iter().filter_map(|s| s.when.as_ref()).for_each(|c| mark_reads(c, &mut reads));
    let index = index::RuleIndex::new(&rules, segments.len());
    let mut candidates: Vec<Vec<u32>> = vec![Vec::new(); ruleset.slots.len()];
    for i in index.ranks().map(|rank| index.rule_at(rank)) {
        for (slot, _) in &rules[i as usize].actions {
            candidates[*slot as usize].push(i);
        }
    }
    let unmatched = rules.iter().map(|r| if r.enabled { Standing::NotMatched } else { Standing::Disabled }).collect();
    let scheduled = (0..rules.len() as u32)
        .filter(|&i| rules[i as usize].enabled && rules[i as usize].schedule.is_some())
        .collect();
    Ok(CompiledRuleset {
        index,
        name: ruleset.name.clone(),
        tz,
        slots: ruleset.slots.iter().map(|s| CSlot { id: s.id.clone(), default: s.default.clone() }).collect(),
        rules,
        contested: candidates.iter().filter(|c| !c.is_empty()).count(),
        candidates,
        unmatched,
        scheduled,
        segments,
        custom: ruleset.attributes.iter().map(|a| (a.name.clone(), a.ty)).collect(),
        reads,
        segment_index,
    })
}

struct Ctx<'a> {
    resolver: &'a Resolver<'a>,
    segment_index: &'a HashMap<String, u16, foldhash::fast::RandomState>,
}

/// A field that did not compile: its path within the rule or segment, and why.
type Refused = (FieldPath, BuildErrorKind);

impl Ctx<'_> {
    fn rule(&self, r: &Rule) -> Result<CRule, Refused> {
        let actions = r
            .then
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let slot = self.resolver.slot(&a.slot).ok_or_else(|| {
                    (
                        FieldPath::root().field("then").index(i).field("slot"),
                        BuildErrorKind::UnknownSlot(a.slot.clone()),
                    )
                })?;
                Ok((slot as u16, a.outcome.clone()))
            })
            .collect::<Result<Vec<_>, Refused>>()?;
        Ok(CRule {
            id: r.id.clone(),
            name: r.name.clone(),
            enabled: r.enabled,
            priority: r.priority,
            when: self.cond(&r.when, FieldPath::root().field("when"))?,
            schedule: r.schedule.as_ref().map(schedule),
            holdout_threshold: u32::from(r.holdout_percent.min(100)) * 100,
            actions,
        })
    }

    fn cond(&self, c: &Condition, path: FieldPath) -> Result<CCond, Refused> {
        Ok(match c {
            Condition::All(items) => CCond::All(self.children(items, &path)?),
            Condition::Any(items) => CCond::Any(self.children(items, &path)?),
            Condition::Not(inner) => CCond::Not(Box::new(self.cond(inner, path)?)),
            Condition::Pred(p) => {
                let Some(info) = self.resolver.attr(&p.attr) else {
                    return Err((path.field("attr"), BuildErrorKind::UnknownAttribute(p.attr.clone())));
                };
                let test = if info.id == id::SEGMENTS {
                    Test::segments(&p.op, self.segment_index)
                } else {
                    Test::new(&p.op, p.ignore_case)
                };
                let test = test.map_err(|kind| (path.field("op"), kind))?;
                CCond::Pred(Box::new(CPred { attr: info.id, test, source: p.clone(), path }))
            }
        })
    }

    fn children(&self, items: &[Condition], path: &FieldPath) -> Result<Vec<CCond>, Refused> {
        items.iter().enumerate().map(|(i, c)| self.cond(c, path.index(i))).collect()
    }
}

fn schedule(s: &Schedule) -> CSchedule {
    let weekdays = s.weekdays.iter().fold(0u8, |bits, d| bits | (1 << d.index()));
    let hours = s.hours.map(|w| (0..24u8).filter(|h| w.contains(*h)).fold(0u32, |bits, h| bits | (1 << h)));
    CSchedule {
        start: s.start.map(|t| t.timestamp()),
        end: s.end.map(|t| t.timestamp()),
        weekdays,
        hours,
        source: s.clone(),
    }
}

impl CompiledRuleset {
    /// Whether some rule or segment reads the built-in attribute `attr`.
    pub fn reads(&self, attr: AttrId) -> bool {
        attr.0 < 64 && self.reads & (1 << attr.0) != 0
    }

    /// The index of a segment by id.
    pub fn segment_index(&self, id: &str) -> Option<u16> {
        self.segment_index.get(id).copied()
    }

    /// The index of a rule by id.
    pub fn rule_index(&self, id: &str) -> Option<usize> {
        self.rules.iter().position(|r| r.id == id)
    }

    /// The index of a slot by id.
    pub fn slot_index(&self, id: &str) -> Option<usize> {
        self.slots.iter().position(|s| s.id == id)
    }
}
