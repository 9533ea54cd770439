//! Measurement against holdouts (SPEC §11): what each rule does to an
//! outcome metric, per slot and per audience.
//!
//! For a rule `r` with a holdout and a slot `s` it acts on, the treatment
//! arm is the sessions where `r` won `s`; the control arm is the sessions
//! where `r` matched, was first in line for `s`, but held the visitor out
//! (they fell through to the next candidate). Both come from
//! [`CompiledRuleset::decide_all`], so the comparison is exactly the
//! murmur3 randomisation of serving. The session file is streamed in
//! chunks and decided on every core, as in batch simulation.
//!
//! Each effect has both arms' means with 95 % intervals, the absolute and
//! relative uplift with 95 % intervals and a p-value (two-proportion test
//! for `converted`, Welch's t-test otherwise), the sample ratio mismatch
//! test, the minimum detectable effect, a Benjamini–Hochberg adjusted
//! p-value, and a plain verdict. `docs/MEASURE.md` has the formulas.

mod outcomes;
pub mod stats;

use std::collections::HashMap;
use std::fmt;

use rayon::prelude::*;
use serde::{Serialize, Serializer};

use super::batch::{Control, HasErrors, RecordError, stream};
use crate::analysis::{Code, Diagnostic};
use crate::compile::CompiledRuleset;
use crate::derive::channel::{ChannelInputs, derive_channel, referrer_host};
use crate::derive::device::parse_user_agent;
use crate::engine::{Decision, Fact, Facts};
use crate::format::LoadError;
use crate::model::attribute::id;
use crate::model::{FieldPath, Session};
use crate::sessions::{Raw, SessionParser, SessionSource};
pub use outcomes::Outcomes;
pub use stats::{ALPHA, Arm, Estimate, SRM_ALPHA, Srm, TARGET_CHANGE};
use stats::{Kind, Moments};

/// Bad records and sessions without outcomes listed in a report (all are counted).
const MAX_LISTED: usize = 100;

/// The metric rules are judged on.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Metric {
    /// `outcome.converted`, as a rate (the default, primary metric).
    #[default]
    Converted,
    /// `outcome.revenue` per session.
    Revenue,
    /// A named metric of `outcome.metrics`, per session.
    Named(String),
}

impl Metric {
    /// Reads a metric name: `converted`, `revenue` or any other name.
    pub fn parse(name: &str) -> Self {
        match name {
            "converted" => Metric::Converted,
            "revenue" => Metric::Revenue,
            other => Metric::Named(other.to_owned()),
        }
    }

    /// The metric's name.
    pub fn name(&self) -> &str {
        match self {
            Metric::Converted => "converted",
            Metric::Revenue => "revenue",
            Metric::Named(n) => n,
        }
    }

    fn kind(&self) -> Kind {
        if *self == Metric::Converted { Kind::Proportion } else { Kind::Mean }
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Metric {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// What sessions are grouped by for effects per audience.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// Each segment the session is in (supplied or computed); a session in
    /// several counts in each, one in none in `(none)`.
    Segment,
    /// `geo.country`.
    Country,
    /// `device.type`, derived from the user agent when not given.
    Device,
    /// `traffic.channel`, derived when not given.
    Channel,
}

impl fmt::Display for Audience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Audience::Segment => "segment",
            Audience::Country => "country",
            Audience::Device => "device",
            Audience::Channel => "channel",
        })
    }
}

/// What to measure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The metric.
    pub metric: Metric,
    /// Also measure per audience of this kind.
    pub by: Option<Audience>,
    /// Audiences per rule and slot, largest first.
    pub top: usize,
}

impl Default for Options {
    /// `converted`, no audiences, 10 audiences when asked.
    fn default() -> Self {
        Options { metric: Metric::Converted, by: None, top: 10 }
    }
}

/// What the comparison says, in plain words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Significant after adjustment, the uplift's interval above zero.
    Helps,
    /// Significant after adjustment, the uplift's interval below zero.
    Hurts,
    /// Not enough evidence either way.
    Inconclusive,
    /// The control share differs from the holdout (sample ratio mismatch):
    /// the arms are not comparable.
    BrokenRandomisation,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Verdict::Helps => "helps",
            Verdict::Hurts => "hurts",
            Verdict::Inconclusive => "inconclusive",
            Verdict::BrokenRandomisation => "broken randomisation",
        })
    }
}

/// One rule's effect on one slot, overall or for one audience.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Effect {
    /// The rule's id.
    pub rule: String,
    /// The slot's id.
    pub slot: String,
    /// The audience (e.g. `CA`, `mobile`), `None` for all sessions.
    pub audience: Option<String>,
    /// The rule's holdout, in percent.
    pub holdout_percent: f64,
    /// Sessions where the rule won the slot (with or without an outcome).
    pub assigned_treatment: u64,
    /// Sessions it held out while first in line (with or without an outcome).
    pub assigned_control: u64,
    /// The treatment arm, over sessions with a value of the metric.
    pub treatment: Arm,
    /// The control arm, over sessions with a value of the metric.
    pub control: Arm,
    /// Treatment mean minus control mean.
    pub uplift: Estimate,
    /// The uplift as a fraction of the control mean; `None` when that is 0.
    pub relative: Option<Estimate>,
    /// Two-sided p-value of no difference.
    pub p_value: f64,
    /// The p-value after the Benjamini–Hochberg adjustment (over the
    /// report's overall effects, or over its audience effects).
    pub p_adjusted: f64,
    /// Sample ratio mismatch over assigned sessions.
    pub srm: Srm,
    /// The smallest relative change detectable with 80 % power at 5 %.
    pub mde: Option<f64>,
    /// The verdict.
    pub verdict: Verdict,
    /// More sessions needed to detect a 5 % change; `Some(0)` when the
    /// sample already could.
    pub sessions_needed: Option<u64>,
}

impl Effect {
    /// The verdict with its reason in one plain sentence, e.g. "hurts:
    /// -0.91 (-24.1 %, 95 % CI -33.2 % to -15.0 %)".
    pub fn explain(&self, metric: &Metric) -> String {
        let rel = |e: &Estimate| {
            format!("{:+.1} %, 95 % CI {:+.1} % to {:+.1} %", e.estimate * 100.0, e.ci_low * 100.0, e.ci_high * 100.0)
        };
        let change = match &self.relative {
            Some(r) => rel(r),
            None => format!(
                "{:+.4}, 95 % CI {:+.4} to {:+.4}",
                self.uplift.estimate, self.uplift.ci_low, self.uplift.ci_high
            ),
        };
        match self.verdict {
            Verdict::Helps | Verdict::Hurts => format!("{}: {metric} {change}", self.verdict),
            Verdict::BrokenRandomisation => format!(
                "broken randomisation: {:.2} % of sessions in control where the holdout is {:.2} % (p = {:.2e}); do not trust the comparison",
                self.srm.observed * 100.0,
                self.srm.expected * 100.0,
                self.srm.p_value
            ),
            Verdict::Inconclusive => match self.sessions_needed {
                Some(0) => format!("inconclusive: no change of 5 % or more ({change})"),
                Some(n) => format!("inconclusive: about {n} more sessions needed to detect a 5 % change"),
                None => "inconclusive: too few sessions with an outcome in one of the arms".to_owned(),
            },
        }
    }
}

/// What a measurement run found.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// The ruleset's name.
    pub ruleset: String,
    /// The metric measured.
    pub metric: String,
    /// The audiences, when asked for.
    pub by: Option<Audience>,
    /// Sessions decided.
    pub sessions: usize,
    /// Sessions with a value of the metric.
    pub with_outcome: usize,
    /// Sessions in an arm without a value of the metric (left out of the
    /// means, never counted as zero); all counted.
    pub missing_count: usize,
    /// The first of them, at their record's position.
    pub missing: Vec<RecordError>,
    /// Bad records (all counted, the first listed).
    pub error_count: usize,
    /// The first bad records.
    pub errors: Vec<RecordError>,
    /// Per rule with a holdout and slot it acts on, in file order; each
    /// overall effect is followed by its audiences, largest first.
    pub effects: Vec<Effect>,
    /// Whether the run stopped early (cancelled).
    pub stopped: bool,
}

impl Report {
    /// The overall effects (not per audience).
    pub fn overall(&self) -> impl Iterator<Item = &Effect> {
        self.effects.iter().filter(|e| e.audience.is_none())
    }
}

impl HasErrors for Report {
    fn note_error(&mut self, e: &LoadError) {
        self.error_count += 1;
        if self.errors.len() < MAX_LISTED {
            self.errors.push(RecordError::from(e));
        }
    }
    fn set_stopped(&mut self, stopped: bool) {
        self.stopped = stopped;
    }
}

/// The (rule, slot) pairs measured: enabled rules with a holdout, per slot
/// they act on.
struct Pairs {
    /// `(rule, slot)` per pair.
    list: Vec<(u32, usize)>,
    /// `[slot]`: `(rule, pair)`.
    by_slot: Vec<Vec<(u32, usize)>>,
}

impl Pairs {
    fn new(compiled: &CompiledRuleset) -> Self {
        let mut list = Vec::new();
        let mut by_slot = vec![Vec::new(); compiled.slots.len()];
        for (r, rule) in compiled.rules.iter().enumerate() {
            if !rule.enabled || rule.holdout_threshold == 0 {
                continue;
            }
            for (slot, _) in &rule.actions {
                let slot = usize::from(*slot);
                if let Some(list_of_slot) = by_slot.get_mut(slot) {
                    list_of_slot.push((r as u32, list.len()));
                    list.push((r as u32, slot));
                }
            }
        }
        Pairs { list, by_slot }
    }

    fn find(&self, slot: usize, rule: u32) -> Option<usize> {
        self.by_slot.get(slot)?.iter().find(|(r, _)| *r == rule).map(|(_, p)| *p)
    }
}

/// Assigned sessions and moments of the metric, `[treatment, control]`.
#[derive(Clone, Copy, Debug, Default)]
struct Cell {
    assigned: [u64; 2],
    moments: [Moments; 2],
}

impl Cell {
    fn add(&mut self, arm: usize, value: Option<f64>) {
        self.assigned[arm] += 1;
        if let Some(v) = value {
            self.moments[arm].add(v);
        }
    }

    fn merge(&mut self, o: &Cell) {
        for arm in 0..2 {
            self.assigned[arm] += o.assigned[arm];
            self.moments[arm].merge(&o.moments[arm]);
        }
    }
}

/// Counters over sessions; partial tallies of chunks merge.
pub(crate) struct Tally {
    sessions: usize,
    with_outcome: usize,
    missing_count: usize,
    missing: Vec<RecordError>,
    errors: Vec<LoadError>,
    cells: Vec<Cell>,
    audiences: HashMap<(usize, String), Cell>,
}

impl Tally {
    fn new(pairs: usize) -> Self {
        Tally {
            sessions: 0,
            with_outcome: 0,
            missing_count: 0,
            missing: Vec::new(),
            errors: Vec::new(),
            cells: vec![Cell::default(); pairs],
            audiences: HashMap::new(),
        }
    }

    pub(crate) fn merge(mut self, o: Tally) -> Tally {
        self.sessions += o.sessions;
        self.with_outcome += o.with_outcome;
        self.missing_count += o.missing_count;
        self.missing.extend(o.missing);
        self.missing.truncate(MAX_LISTED);
        self.errors.extend(o.errors);
        for (a, b) in self.cells.iter_mut().zip(&o.cells) {
            a.merge(b);
        }
        for (key, cell) in o.audiences {
            self.audiences.entry(key).or_default().merge(&cell);
        }
        self
    }
}

/// One pass's settings, shared by the threads.
pub(crate) struct Pass<'a> {
    compiled: &'a CompiledRuleset,
    outcomes: Option<&'a Outcomes>,
    options: &'a Options,
    pairs: Pairs,
}

impl<'a> Pass<'a> {
    pub(crate) fn new(compiled: &'a CompiledRuleset, outcomes: Option<&'a Outcomes>, options: &'a Options) -> Self {
        Pass { compiled, outcomes, options, pairs: Pairs::new(compiled) }
    }

    pub(crate) fn tally(&self) -> Tally {
        Tally::new(self.pairs.list.len())
    }

    /// Counts one decided session.
    pub(crate) fn add(&self, t: &mut Tally, raw: &Raw, session: &Session, facts: &Facts, decision: &Decision) {
        t.sessions += 1;
        let outcome = match self.outcomes {
            Some(o) => o.get(&session.id),
            None => session.outcome.as_ref(),
        };
        let value = outcome.and_then(|o| o.value(self.options.metric.name()));
        if value.is_some() {
            t.with_outcome += 1;
        }
        let mut arms: Vec<(usize, usize)> = Vec::new();
        for (slot, pick) in decision.picks.iter().enumerate() {
            if let Some(p) = pick.rule.and_then(|w| self.pairs.find(slot, w)) {
                arms.push((p, 0));
            }
            for &r in &pick.held_out {
                if let Some(p) = self.pairs.find(slot, r) {
                    arms.push((p, 1));
                }
            }
        }
        if arms.is_empty() {
            return;
        }
        if value.is_none() {
            t.missing_count += 1;
            if t.missing.len() < MAX_LISTED {
                let message = match outcome {
                    None => format!("session `{}` has no outcome; it is left out of the comparison", session.id),
                    Some(_) => format!(
                        "session `{}` has no `{}` in its outcome; it is left out of the comparison",
                        session.id,
                        self.options.metric.name()
                    ),
                };
                t.missing.push(RecordError { line: raw.line, column: raw.column, message });
            }
        }
        let keys = self.options.by.map(|by| audience_keys(self.compiled, by, session, facts)).unwrap_or_default();
        for (pair, arm) in arms {
            t.cells[pair].add(arm, value);
            for key in &keys {
                t.audiences.entry((pair, key.clone())).or_default().add(arm, value);
            }
        }
    }

    fn add_raw(&self, t: &mut Tally, parser: &SessionParser, raw: &Raw) {
        match parser.parse(raw) {
            Ok(session) => {
                let facts = self.compiled.facts(&session);
                let decision = self.compiled.decide(&facts);
                self.add(t, raw, &session, &facts, &decision);
            }
            Err(e) => t.errors.push(e),
        }
    }

    /// The effects of a finished tally: overall per pair in file order, each
    /// followed by its top audiences; p-values adjusted and verdicts given.
    pub(crate) fn effects(&self, t: &Tally) -> Vec<Effect> {
        if t.with_outcome == 0 {
            // Nothing to compare: no effects rather than a table of zeros.
            return Vec::new();
        }
        let kind = self.options.metric.kind();
        let mut by_pair: Vec<Vec<(&String, &Cell)>> = vec![Vec::new(); self.pairs.list.len()];
        for ((pair, key), cell) in &t.audiences {
            if let Some(list) = by_pair.get_mut(*pair) {
                list.push((key, cell));
            }
        }
        let mut effects = Vec::new();
        for (pair, &(r, slot)) in self.pairs.list.iter().enumerate() {
            let rule = &self.compiled.rules[r as usize];
            let share = f64::from(rule.holdout_threshold) / f64::from(crate::engine::holdout::BUCKETS);
            let make = |audience: Option<String>, cell: &Cell| {
                let c = stats::compare(kind, &cell.moments[0], &cell.moments[1]);
                let assigned = cell.assigned[0] + cell.assigned[1];
                Effect {
                    rule: rule.id.clone(),
                    slot: self.compiled.slots[slot].id.clone(),
                    audience,
                    holdout_percent: share * 100.0,
                    assigned_treatment: cell.assigned[0],
                    assigned_control: cell.assigned[1],
                    treatment: c.treatment,
                    control: c.control,
                    uplift: c.uplift,
                    relative: c.relative,
                    p_value: c.p_value,
                    p_adjusted: c.p_value,
                    srm: stats::srm(share, cell.assigned[1], assigned),
                    mde: c.mde,
                    verdict: Verdict::Inconclusive,
                    sessions_needed: c.sessions_needed,
                }
            };
            effects.push(make(None, &t.cells[pair]));
            let mut audiences = std::mem::take(&mut by_pair[pair]);
            audiences.sort_by(|a, b| {
                let size = |c: &Cell| c.assigned[0] + c.assigned[1];
                size(b.1).cmp(&size(a.1)).then_with(|| a.0.cmp(b.0))
            });
            for (key, cell) in audiences.into_iter().take(self.options.top) {
                effects.push(make(Some(key.clone()), cell));
            }
        }
        for audiences in [false, true] {
            let family: Vec<usize> =
                (0..effects.len()).filter(|&i| effects[i].audience.is_some() == audiences).collect();
            let p: Vec<f64> = family.iter().map(|&i| effects[i].p_value).collect();
            for (&i, adjusted) in family.iter().zip(stats::benjamini_hochberg(&p)) {
                effects[i].p_adjusted = adjusted;
            }
        }
        for e in &mut effects {
            e.verdict = verdict(e);
        }
        effects
    }
}

fn verdict(e: &Effect) -> Verdict {
    if e.srm.flagged {
        Verdict::BrokenRandomisation
    } else if e.p_adjusted < ALPHA && e.uplift.ci_low > 0.0 {
        Verdict::Helps
    } else if e.p_adjusted < ALPHA && e.uplift.ci_high < 0.0 {
        Verdict::Hurts
    } else {
        Verdict::Inconclusive
    }
}

/// The audiences a session belongs to.
fn audience_keys(compiled: &CompiledRuleset, by: Audience, s: &Session, facts: &Facts) -> Vec<String> {
    let text = |attr| match facts.get(attr) {
        Fact::Text(t) => Some(t.to_string()),
        _ => None,
    };
    let unknown = || "(unknown)".to_owned();
    match by {
        Audience::Segment => {
            let mut keys: Vec<String> = compiled
                .segments
                .iter()
                .enumerate()
                .filter(|(i, _)| facts.segments.contains(*i as u16))
                .map(|(_, seg)| seg.id.clone())
                .collect();
            if keys.is_empty() {
                keys.push("(none)".to_owned());
            }
            keys
        }
        Audience::Country => vec![s.geo.country.as_ref().map_or_else(unknown, |c| c.as_str().to_owned())],
        Audience::Device => vec![
            text(id::DEVICE_TYPE)
                .or_else(|| s.device.kind.map(|k| k.as_str().to_owned()))
                .or_else(|| {
                    s.device
                        .user_agent
                        .as_deref()
                        .and_then(|ua| parse_user_agent(ua).kind.map(|k| k.as_str().to_owned()))
                })
                .unwrap_or_else(unknown),
        ],
        Audience::Channel => {
            vec![text(id::CHANNEL).or_else(|| s.traffic.channel.map(|c| c.as_str().to_owned())).unwrap_or_else(|| {
                let t = &s.traffic;
                let host = t.referrer_host.clone().or_else(|| t.referrer.as_deref().and_then(referrer_host));
                let inputs = ChannelInputs::new(t.utm_source.as_deref(), t.utm_medium.as_deref(), host.as_deref())
                    .with_campaign(t.utm_campaign.as_deref());
                derive_channel(&inputs).as_str().to_owned()
            })]
        }
    }
}

/// Measures every rule with a holdout against it over a session source,
/// with outcomes from the sessions or, when given, from `outcomes` (joined
/// by session id; an outcomes file wins over the sessions' own).
///
/// # Example
/// ```
/// use rulestudio::simulate::{Control, measure::{Options, Verdict, measure}};
/// use rulestudio::sessions::{SessionFormat, SessionSource};
/// let src = r#"(name: "shop", time_zone: "UTC",
///   slots: [(id: "hero", kind: content, default: content(id: "generic"))],
///   rules: [(id: "all", name: "All", priority: 1, when: all([]), holdout_percent: 50,
///            then: [(slot: "hero", outcome: content(id: "new"))])])"#;
/// let compiled = rulestudio::compile::compile(&rulestudio::format::parse_ruleset(src, "shop.rules.ron").unwrap()).unwrap();
/// let lines: String = (0..400)
///     .map(|i| format!("{{\"id\": \"s{i}\", \"outcome\": {{\"converted\": {}}}}}\n", i % 10 == 0))
///     .collect();
/// let source = SessionSource::from_reader("s.jsonl", SessionFormat::JsonLines, Box::new(std::io::Cursor::new(lines))).unwrap();
/// let report = measure(&compiled, source, None, &Options::default(), &Control::default());
/// assert_eq!(report.effects.len(), 1);
/// let effect = &report.effects[0];
/// assert_eq!(effect.assigned_treatment + effect.assigned_control, 400);
/// assert_eq!(effect.verdict, Verdict::Inconclusive);
/// ```
pub fn measure(
    compiled: &CompiledRuleset,
    source: SessionSource,
    outcomes: Option<&Outcomes>,
    options: &Options,
    control: &Control,
) -> Report {
    let pass = Pass::new(compiled, outcomes, options);
    let parser = source.parser();
    let mut total = pass.tally();
    let mut report = Report {
        ruleset: compiled.name.clone(),
        metric: options.metric.name().to_owned(),
        by: options.by,
        ..Report::default()
    };
    stream(source, control, &mut report, |report, chunk| {
        let mut part = chunk
            .par_iter()
            .fold(
                || pass.tally(),
                |mut t, raw| {
                    pass.add_raw(&mut t, &parser, raw);
                    t
                },
            )
            .reduce(|| pass.tally(), Tally::merge);
        part.errors.sort_by_key(LoadError::position);
        for e in std::mem::take(&mut part.errors) {
            report.note_error(&e);
        }
        total = std::mem::replace(&mut total, pass.tally()).merge(part);
        true
    });
    total.missing.sort_by_key(|m| (m.line, m.column));
    report.sessions = total.sessions;
    report.with_outcome = total.with_outcome;
    report.missing_count = total.missing_count;
    report.missing = std::mem::take(&mut total.missing);
    report.effects = pass.effects(&total);
    report
}

/// A `rule-hurts` warning for every overall effect whose verdict is
/// [`Verdict::Hurts`], at the rule's `holdout_percent`.
pub fn hurts_diagnostics(effects: &[Effect], metric: &Metric, compiled: &CompiledRuleset) -> Vec<Diagnostic> {
    effects
        .iter()
        .filter(|e| e.audience.is_none() && e.verdict == Verdict::Hurts)
        .filter_map(|e| {
            let r = compiled.rules.iter().position(|r| r.id == e.rule)?;
            let message = format!(
                "measured against its holdout on slot `{}`, the rule hurts `{}`: {} over {} sessions with it and {} held out",
                e.slot,
                metric,
                e.explain(metric).trim_start_matches(&format!("hurts: {metric} ")),
                e.treatment.sessions,
                e.control.sessions
            );
            Some(Diagnostic::new(
                Code::RuleHurts,
                vec![e.rule.clone()],
                FieldPath::rule(r).field("holdout_percent"),
                message,
            ))
        })
        .collect()
}
