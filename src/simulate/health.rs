//! Rule health: which rules have aged badly, judged from the ruleset, the
//! rules' dates and a sample of real sessions. A schedule that is over or ends
//! soon, a rule no session matched, one that matched but never won (and who
//! took its sessions), one that matched every session (it could be the slot's
//! default), a value no session has, a rule nobody edited for months, and,
//! where sessions carry outcomes, a rule that hurts conversion against its
//! holdout (see [`super::measure`]).
//! Findings are diagnostics with the codes of [`Code::HEALTH`].

mod watch;

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use rayon::prelude::*;
use serde::Serialize;

use super::batch::{Control, HasErrors, RecordError, stream};
use super::measure;
use crate::analysis::{Code, Diagnostic, Severity};
use crate::compile::CompiledRuleset;
use crate::engine::Standing;
use crate::format::LoadError;
use crate::model::{FieldPath, Ruleset};
use crate::sessions::{Raw, SessionParser, SessionSource};
use watch::Watch;

pub use watch::Wanted;

/// Bad records listed in a report (all are counted).
const MAX_LISTED_ERRORS: usize = 100;
/// Rules named as taking a losing rule's sessions.
const MAX_TAKERS: usize = 3;

/// What health judges by.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The instant to judge schedules and dates at.
    pub now: DateTime<Utc>,
    /// A rule not edited for more days than this is stale.
    pub stale_days: u32,
    /// A schedule ending within this many days is reported.
    pub ends_within_days: u32,
    /// "Always on" needs at least this many sessions in the sample.
    pub always_on_min_sessions: usize,
}

impl Options {
    /// The defaults (stale after 90 days, schedules ending within 14 days,
    /// "always on" from 100 sessions), judged at `now`.
    pub fn at(now: DateTime<Utc>) -> Self {
        Options { now, stale_days: 90, ends_within_days: 14, always_on_min_sessions: 100 }
    }
}

/// One rule's health.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RuleHealth {
    /// The rule's id.
    pub rule: String,
    /// Its name.
    pub name: String,
    /// Whether it is enabled (disabled rules get no traffic findings).
    pub enabled: bool,
    /// Sessions where its condition and schedule held (held out or not).
    pub matched: usize,
    /// Sessions where it won at least one slot.
    pub applied: usize,
    /// The latest session it won, by timestamp.
    pub last_applied: Option<DateTime<FixedOffset>>,
    /// The day it was last edited, when its dates say.
    pub last_edited: Option<NaiveDate>,
    /// What is wrong with it, most severe first.
    pub findings: Vec<Diagnostic>,
}

impl RuleHealth {
    /// The severity of its worst finding.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|d| d.severity).min()
    }
}

/// What a health run found.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// The ruleset's name.
    pub ruleset: String,
    /// Sessions read.
    pub sessions: usize,
    /// The earliest session timestamp of the sample.
    pub from: Option<DateTime<FixedOffset>>,
    /// The latest session timestamp of the sample.
    pub to: Option<DateTime<FixedOffset>>,
    /// Bad records (all counted, the first listed).
    pub error_count: usize,
    /// The first bad records.
    pub errors: Vec<RecordError>,
    /// Per rule: those with findings first, most severe first, then file order.
    pub rules: Vec<RuleHealth>,
    /// Whether the run stopped early (cancelled).
    pub stopped: bool,
}

impl Report {
    /// Every finding, most severe first.
    pub fn findings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.rules.iter().flat_map(|r| &r.findings)
    }
}

impl HasErrors for Report {
    fn note_error(&mut self, e: &LoadError) {
        self.error_count += 1;
        if self.errors.len() < MAX_LISTED_ERRORS {
            self.errors.push(RecordError::from(e));
        }
    }
    fn set_stopped(&mut self, stopped: bool) {
        self.stopped = stopped;
    }
}

/// Counters over sessions, per rule; partial tallies of chunks merge.
struct Tally {
    sessions: usize,
    matched: Vec<usize>,
    applied: Vec<usize>,
    /// `[rule][winner]`: eligible on a slot the winner took.
    lost: Vec<BTreeMap<u32, usize>>,
    last_applied: Vec<Option<DateTime<FixedOffset>>>,
    from: Option<DateTime<FixedOffset>>,
    to: Option<DateTime<FixedOffset>>,
    seen: Vec<bool>,
    errors: Vec<LoadError>,
    measured: measure::Tally,
}

fn later(a: Option<DateTime<FixedOffset>>, b: Option<DateTime<FixedOffset>>) -> Option<DateTime<FixedOffset>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b > a { b } else { a }),
        (a, b) => a.or(b),
    }
}

fn earlier(a: Option<DateTime<FixedOffset>>, b: Option<DateTime<FixedOffset>>) -> Option<DateTime<FixedOffset>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(if b < a { b } else { a }),
        (a, b) => a.or(b),
    }
}

impl Tally {
    fn new(rules: usize, watched: usize, measured: measure::Tally) -> Self {
        Tally {
            sessions: 0,
            matched: vec![0; rules],
            applied: vec![0; rules],
            lost: vec![BTreeMap::new(); rules],
            last_applied: vec![None; rules],
            from: None,
            to: None,
            seen: vec![false; watched],
            errors: Vec::new(),
            measured,
        }
    }

    fn add(
        &mut self,
        compiled: &CompiledRuleset,
        watch: &Watch,
        pass: &measure::Pass,
        parser: &SessionParser,
        raw: &Raw,
    ) {
        let session = match parser.parse(raw) {
            Ok(s) => s,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        let facts = compiled.facts(&session);
        let (decision, standings) = compiled.decide_all(&facts);
        self.sessions += 1;
        self.from = earlier(self.from, session.timestamp);
        self.to = later(self.to, session.timestamp);
        for (r, s) in standings.iter().enumerate() {
            if matches!(s, Standing::Eligible | Standing::HeldOut) {
                self.matched[r] += 1;
            }
        }
        let mut applied: Vec<u32> = Vec::new();
        for (slot, pick) in decision.picks.iter().enumerate() {
            let Some(w) = pick.rule else { continue };
            if !applied.contains(&w) {
                applied.push(w);
            }
            for &r in &compiled.candidates[slot] {
                if r != w && standings[r as usize] == Standing::Eligible {
                    *self.lost[r as usize].entry(w).or_insert(0) += 1;
                }
            }
        }
        for w in applied {
            let w = w as usize;
            self.applied[w] += 1;
            self.last_applied[w] = later(self.last_applied[w], session.timestamp);
        }
        watch.observe(&facts, &mut self.seen);
        pass.add(&mut self.measured, raw, &session, &facts, &decision);
    }

    fn merge(mut self, other: Tally) -> Tally {
        self.sessions += other.sessions;
        for (r, lost) in other.lost.into_iter().enumerate() {
            self.matched[r] += other.matched[r];
            self.applied[r] += other.applied[r];
            self.last_applied[r] = later(self.last_applied[r], other.last_applied[r]);
            for (w, n) in lost {
                *self.lost[r].entry(w).or_insert(0) += n;
            }
        }
        self.from = earlier(self.from, other.from);
        self.to = later(self.to, other.to);
        for (a, b) in self.seen.iter_mut().zip(other.seen) {
            *a |= b;
        }
        self.errors.extend(other.errors);
        self.measured = self.measured.merge(other.measured);
        self
    }
}

/// Runs a ruleset over a sample of sessions and judges every rule's health.
/// `compiled` must be `ruleset` compiled.
pub fn health(
    ruleset: &Ruleset,
    compiled: &CompiledRuleset,
    source: SessionSource,
    options: &Options,
    control: &Control,
) -> Report {
    let watch = Watch::new(ruleset, compiled);
    let parser = source.parser();
    let measuring = measure::Options::default();
    let pass = measure::Pass::new(compiled, None, &measuring);
    let fresh = || Tally::new(compiled.rules.len(), watch.len, pass.tally());
    let mut total = fresh();
    let mut report = Report { ruleset: compiled.name.clone(), ..Report::default() };
    stream(source, control, &mut report, |report, chunk| {
        let mut part = chunk
            .par_iter()
            .fold(fresh, |mut t, raw| {
                t.add(compiled, &watch, &pass, &parser, raw);
                t
            })
            .reduce(fresh, Tally::merge);
        part.errors.sort_by_key(LoadError::position);
        for e in std::mem::take(&mut part.errors) {
            report.note_error(&e);
        }
        total = std::mem::replace(&mut total, fresh()).merge(part);
        true
    });
    report.sessions = total.sessions;
    report.from = total.from;
    report.to = total.to;
    let effects = pass.effects(&total.measured);
    let hurts = measure::hurts_diagnostics(&effects, &measuring.metric, compiled);
    report.rules = judge(ruleset, compiled, &total, &watch, options, hurts);
    report
}

/// The findings that need no traffic: schedules over or ending soon (enabled
/// rules) and rules not edited for long, per rule in file order. Cheap
/// enough to run on every edit; the studio's rule list shows them before any
/// sample is run.
pub fn dated_findings(ruleset: &Ruleset, options: &Options) -> Vec<Vec<Diagnostic>> {
    ruleset
        .rules
        .iter()
        .enumerate()
        .map(|(r, rule)| {
            let path = FieldPath::rule(r);
            let schedule = if rule.enabled { schedule_finding(rule, &path, options) } else { None };
            schedule.into_iter().chain(stale_finding(rule, &path, options)).collect()
        })
        .collect()
}

/// Every rule's findings from the tally, rules with findings first.
fn judge(
    ruleset: &Ruleset,
    compiled: &CompiledRuleset,
    tally: &Tally,
    watch: &Watch,
    options: &Options,
    hurts: Vec<Diagnostic>,
) -> Vec<RuleHealth> {
    let mut unseen: BTreeMap<usize, Vec<&Wanted>> = BTreeMap::new();
    for w in watch.unseen(&tally.seen) {
        unseen.entry(w.rule).or_default().push(w);
    }
    let mut rules: Vec<RuleHealth> = ruleset
        .rules
        .iter()
        .enumerate()
        .map(|(r, rule)| {
            let me = vec![rule.id.clone()];
            let path = FieldPath::rule(r);
            let mut findings = Vec::new();
            if rule.enabled {
                findings.extend(schedule_finding(rule, &path, options));
                findings.extend(traffic_findings(ruleset, compiled, tally, r, options));
                if tally.sessions > 0 {
                    findings.extend(unseen_findings(
                        &me,
                        unseen.get(&r).map_or(&[][..], Vec::as_slice),
                        tally.sessions,
                    ));
                }
            }
            findings.extend(stale_finding(rule, &path, options));
            if rule.enabled {
                findings.extend(hurts.iter().filter(|d| d.rules == me).cloned());
            }
            RuleHealth {
                rule: rule.id.clone(),
                name: rule.name.clone(),
                enabled: rule.enabled,
                matched: tally.matched.get(r).copied().unwrap_or(0),
                applied: tally.applied.get(r).copied().unwrap_or(0),
                last_applied: tally.last_applied.get(r).copied().flatten(),
                last_edited: rule.last_edited(),
                findings,
            }
        })
        .collect();
    for rule in &mut rules {
        rule.findings.sort_by_key(|d| (d.severity, d.code));
    }
    // Stable: rules of equal standing keep file order.
    rules.sort_by_key(|r| (r.findings.is_empty(), r.worst()));
    rules
}

fn schedule_finding(rule: &crate::model::Rule, path: &FieldPath, options: &Options) -> Option<Diagnostic> {
    let end = rule.schedule.as_ref()?.end?;
    let when = end.format("%Y-%m-%d %H:%M %:z");
    let me = vec![rule.id.clone()];
    let field = path.field("schedule").field("end");
    let left = end.with_timezone(&Utc) - options.now;
    if left <= chrono::Duration::zero() {
        return Some(Diagnostic::new(
            Code::ScheduleEnded,
            me,
            field,
            format!("the schedule ended on {when}; the rule no longer applies"),
        ));
    }
    let days = left.num_days();
    (days < i64::from(options.ends_within_days)).then(|| {
        let within = match days {
            0 => "within a day".to_owned(),
            1 => "in 1 day".to_owned(),
            n => format!("in {n} days"),
        };
        Diagnostic::new(Code::ScheduleEndsSoon, me, field, format!("the schedule ends on {when}, {within}"))
    })
}

fn sessions_word(n: usize) -> String {
    if n == 1 { "1 session".to_owned() } else { format!("{n} sessions") }
}

fn traffic_findings(
    ruleset: &Ruleset,
    compiled: &CompiledRuleset,
    tally: &Tally,
    r: usize,
    options: &Options,
) -> Vec<Diagnostic> {
    let rule = &ruleset.rules[r];
    let me = vec![rule.id.clone()];
    let when = FieldPath::rule(r).field("when");
    let (n, matched, applied) = (tally.sessions, tally.matched[r], tally.applied[r]);
    let mut out = Vec::new();
    if n == 0 {
        return out;
    }
    if matched == 0 {
        out.push(Diagnostic::new(
            Code::NeverMatched,
            me.clone(),
            when.clone(),
            format!("no session of the sample ({}) matched the rule", sessions_word(n)),
        ));
    } else if applied == 0 {
        let mut takers: Vec<(&u32, &usize)> = tally.lost[r].iter().collect();
        takers.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let message = if takers.is_empty() {
            format!("the rule matched {} but held out every one, so it never applied", sessions_word(matched))
        } else {
            let named: Vec<String> = takers
                .iter()
                .take(MAX_TAKERS)
                .map(|(w, c)| format!("`{}` took {}", compiled.rules[**w as usize].id, sessions_word(**c)))
                .collect();
            let more = takers.len().saturating_sub(MAX_TAKERS);
            let more = match more {
                0 => String::new(),
                1 => " and 1 more rule".to_owned(),
                n => format!(" and {n} more rules"),
            };
            format!("the rule matched {} but never won a slot: {}{more}", sessions_word(matched), named.join(", "))
        };
        out.push(Diagnostic::new(Code::AlwaysLoses, me.clone(), FieldPath::rule(r).field("priority"), message));
    }
    if matched == n && n >= options.always_on_min_sessions {
        let slots: Vec<String> = rule.then.iter().map(|a| format!("`{}`", a.slot)).collect();
        out.push(Diagnostic::new(
            Code::AlwaysOn,
            me,
            when,
            format!(
                "the rule matched every session of the sample ({n}); its outcome could be the default of {} {}",
                if slots.len() == 1 { "slot" } else { "slots" },
                slots.join(", ")
            ),
        ));
    }
    out
}

/// One finding per predicate, naming every value of it no session had.
fn unseen_findings(me: &[String], wanted: &[&Wanted], sessions: usize) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut i = 0;
    while i < wanted.len() {
        let first = wanted[i];
        let group: Vec<&Wanted> =
            wanted[i..].iter().take_while(|w| w.path == first.path && w.attr == first.attr).copied().collect();
        i += group.len();
        let values: Vec<String> = group.iter().map(|w| format!("{:?}", w.value)).collect();
        let listed = match values.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
            _ => values.join(""),
        };
        let sample = sessions_word(sessions);
        let message = if first.attr == "customer.segments" {
            let noun = if group.len() == 1 { "segment" } else { "segments" };
            format!("no session of the sample ({sample}) is in {noun} {listed}")
        } else {
            format!("no session of the sample ({sample}) has `{}` = {listed}", first.attr)
        };
        out.push(Diagnostic::new(Code::ValueNeverSeen, me.to_vec(), first.path.clone(), message));
    }
    out
}

fn stale_finding(rule: &crate::model::Rule, path: &FieldPath, options: &Options) -> Option<Diagnostic> {
    let (edited, field) = match (rule.updated, rule.created) {
        (Some(d), _) => (d, "updated"),
        (None, Some(d)) => (d, "created"),
        (None, None) => return None,
    };
    let days = (options.now.date_naive() - edited).num_days();
    (days > i64::from(options.stale_days)).then(|| {
        Diagnostic::new(
            Code::StaleRule,
            vec![rule.id.clone()],
            path.field(field),
            format!("the rule was last edited on {edited}, {days} days ago"),
        )
    })
}
