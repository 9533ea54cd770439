//! Batch simulation (SPEC §6): a session file streamed in chunks, parsed and
//! decided on every core, counted per rule and per slot. Reading runs on its
//! own thread, one chunk ahead; progress and cancellation are checked between
//! chunks. Bad records are counted and listed with their line, not fatal
//! unless strict.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;

use rayon::prelude::*;
use serde::Serialize;

use crate::compile::CompiledRuleset;
use crate::engine::{Decision, Standing};
use crate::format::LoadError;
use crate::model::Outcome;
use crate::sessions::{Raw, SessionSource};

/// Records parsed and decided together.
const CHUNK: usize = 8192;
/// Bad records listed in a report (all are counted).
const MAX_LISTED_ERRORS: usize = 100;

/// How far a run is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Sessions decided so far.
    pub sessions: usize,
    /// Bytes (records, for RON) read so far.
    pub done: u64,
    /// Total bytes (records), when known.
    pub total: Option<u64>,
}

impl Progress {
    /// The fraction done, when the total is known.
    pub fn fraction(&self) -> Option<f32> {
        self.total.filter(|t| *t > 0).map(|t| (self.done as f32 / t as f32).min(1.0))
    }
}

/// Options of a batch run.
#[derive(Clone, Copy, Default)]
pub struct Control<'a> {
    /// Stop at the first bad record.
    pub strict: bool,
    /// Example session ids kept per finding.
    pub examples: usize,
    /// Keep one row per session (for a table of sessions).
    pub rows: bool,
    /// Set to stop early; the report is then marked cancelled.
    pub cancel: Option<&'a AtomicBool>,
    /// Called after each chunk.
    pub progress: Option<&'a (dyn Fn(Progress) + Sync)>,
}

impl Control<'_> {
    fn cancelled(&self) -> bool {
        self.cancel.is_some_and(|c| c.load(Ordering::Relaxed))
    }
}

/// Per-rule counts.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RuleStats {
    /// The rule's id.
    pub rule: String,
    /// Whether it is enabled.
    pub enabled: bool,
    /// Sessions where its condition and schedule held (held out or not).
    pub matched: usize,
    /// Sessions where it won at least one slot.
    pub applied: usize,
    /// Sessions where it matched but held the visitor out.
    pub held_out: usize,
    /// Per winning rule, slot decisions it lost although eligible.
    pub lost_to: BTreeMap<String, usize>,
}

/// Per-slot outcome distribution.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SlotStats {
    /// The slot's id.
    pub slot: String,
    /// Outcomes and how many sessions got each, most frequent first.
    pub outcomes: Vec<OutcomeCount>,
    /// Sessions that got the slot's default.
    pub defaults: usize,
}

/// One outcome's count on a slot.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OutcomeCount {
    /// The outcome.
    pub outcome: Outcome,
    /// Sessions that got it.
    pub count: usize,
}

/// Equal-priority rules that both matched one session with different outcomes.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TieStats {
    /// The slot.
    pub slot: String,
    /// The rule that won by file order.
    pub winner: String,
    /// The rule it tied with.
    pub other: String,
    /// How many sessions.
    pub count: usize,
    /// Example session ids.
    pub examples: Vec<String>,
}

/// A bad record.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RecordError {
    /// Its line.
    pub line: usize,
    /// Its column.
    pub column: usize,
    /// What is wrong.
    pub message: String,
}

impl From<&LoadError> for RecordError {
    /// A record's load error. Records read from a session stream are
    /// always refused at a position; line and column are 0 otherwise.
    fn from(e: &LoadError) -> Self {
        let at = e.position().unwrap_or_default();
        RecordError { line: at.line, column: at.column, message: e.kind().to_string() }
    }
}

/// One session's decision, compactly (rows of the session table).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// Byte offset of the record (to read the session again).
    pub offset: u64,
    /// The line it starts on.
    pub line: usize,
    /// The session's id.
    pub session: String,
    /// Per slot, the winning rule's index plus one; 0 for the default.
    pub winners: Vec<u32>,
}

/// What a batch run found.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Report {
    /// The ruleset's name.
    pub ruleset: String,
    /// Sessions decided.
    pub sessions: usize,
    /// Bad records (all counted, the first listed).
    pub error_count: usize,
    /// The first bad records.
    pub errors: Vec<RecordError>,
    /// Fields read as absent (unknown country or region codes), all counted.
    pub warning_count: usize,
    /// The first such warnings, at the record's line.
    pub warnings: Vec<RecordError>,
    /// Per rule, in file order.
    pub rules: Vec<RuleStats>,
    /// Per slot, in file order.
    pub slots: Vec<SlotStats>,
    /// Sessions that got every slot's default.
    pub unpersonalised: usize,
    /// Example ids of such sessions.
    pub unpersonalised_examples: Vec<String>,
    /// Ties seen in the data.
    pub ties: Vec<TieStats>,
    /// Per session, when rows were asked for.
    #[serde(skip)]
    pub rows: Vec<Row>,
    /// Whether the run stopped early (cancelled, or strict and a record was bad).
    pub stopped: bool,
}

impl Report {
    /// Enabled rules that never applied to a session.
    pub fn never_fired(&self) -> Vec<&str> {
        self.rules.iter().filter(|r| r.enabled && r.applied == 0).map(|r| r.rule.as_str()).collect()
    }
}

/// Counters while running, indexed by rule and slot.
struct Tally {
    matched: Vec<usize>,
    applied: Vec<usize>,
    held_out: Vec<usize>,
    /// `[rule][winner]`: eligible but lost to winner.
    lost: Vec<BTreeMap<u32, usize>>,
    /// `[slot][winner + 1]`.
    by_winner: Vec<Vec<usize>>,
    ties: BTreeMap<(usize, u32, u32), (usize, Vec<String>)>,
}

/// One session's id, decision and rule standings.
type Decided = (String, Decision, Vec<Standing>, Vec<String>);

/// Runs a compiled ruleset over a session source.
pub fn run(compiled: &CompiledRuleset, source: SessionSource, control: &Control) -> Report {
    let mut tally = Tally {
        matched: vec![0; compiled.rules.len()],
        applied: vec![0; compiled.rules.len()],
        held_out: vec![0; compiled.rules.len()],
        lost: vec![BTreeMap::new(); compiled.rules.len()],
        by_winner: vec![vec![0; compiled.rules.len() + 1]; compiled.slots.len()],
        ties: BTreeMap::new(),
    };
    let mut report = Report { ruleset: compiled.name.clone(), ..Report::default() };
    let parser = source.parser();
    let examples = control.examples;
    stream(source, control, &mut report, |report, chunk| {
        let decided: Vec<Result<Decided, LoadError>> = chunk
            .par_iter()
            .map(|raw| {
                let session = parser.parse(raw)?;
                let facts = compiled.facts(&session);
                let (decision, standings) = compiled.decide_all(&facts);
                Ok((session.id, decision, standings, session.geo.warnings))
            })
            .collect();
        for (raw, result) in chunk.iter().zip(decided) {
            let (id, decision, standings, warnings) = match result {
                Ok(x) => x,
                Err(e) => {
                    note_error(report, &e);
                    if control.strict {
                        return false;
                    }
                    continue;
                }
            };
            for message in warnings {
                report.warning_count += 1;
                if report.warnings.len() < MAX_LISTED_ERRORS {
                    report.warnings.push(RecordError { line: raw.line, column: raw.column, message });
                }
            }
            tally.add(compiled, &id, &decision, &standings, examples, report);
            if control.rows {
                report.rows.push(Row {
                    offset: raw.offset,
                    line: raw.line,
                    session: id,
                    winners: decision.picks.iter().map(|p| p.rule.map_or(0, |r| r + 1)).collect(),
                });
            }
            report.sessions += 1;
        }
        true
    });
    tally.finish(compiled, &mut report);
    report
}

/// Reads chunks on a thread of its own and hands them to `each` in order;
/// `each` returns `false` to stop.
pub(crate) fn stream<R>(
    mut source: SessionSource,
    control: &Control,
    report: &mut R,
    mut each: impl FnMut(&mut R, &[Raw]) -> bool,
) -> bool
where
    R: HasErrors,
{
    let (tx, rx) = mpsc::sync_channel::<(Vec<Result<Raw, LoadError>>, (u64, Option<u64>))>(2);
    let stop = AtomicBool::new(false);
    let mut sessions = 0;
    let mut stopped = false;
    std::thread::scope(|scope| {
        let (source, stop) = (&mut source, &stop);
        scope.spawn(move || {
            loop {
                let mut chunk = Vec::with_capacity(CHUNK);
                while chunk.len() < CHUNK {
                    match source.next_raw() {
                        Some(r) => chunk.push(r),
                        None => break,
                    }
                }
                let last = chunk.len() < CHUNK;
                if (chunk.is_empty() && last) || stop.load(Ordering::Relaxed) {
                    break;
                }
                if tx.send((chunk, source.progress())).is_err() || last {
                    break;
                }
            }
        });
        for (chunk, (done, total)) in rx.iter() {
            let mut raws = Vec::with_capacity(chunk.len());
            for item in chunk {
                match item {
                    Ok(raw) => raws.push(raw),
                    Err(e) => {
                        report.note_error(&e);
                        if control.strict {
                            stopped = true;
                        }
                    }
                }
            }
            if stopped || !each(report, &raws) {
                stopped = true;
            }
            sessions += raws.len();
            if let Some(p) = control.progress {
                p(Progress { sessions, done, total });
            }
            if stopped || control.cancelled() {
                stopped = true;
                stop.store(true, Ordering::Relaxed);
                break;
            }
        }
        drop(rx);
    });
    report.set_stopped(stopped);
    stopped
}

/// Reports that count bad records.
pub(crate) trait HasErrors {
    fn note_error(&mut self, e: &LoadError);
    fn set_stopped(&mut self, stopped: bool);
}

impl HasErrors for Report {
    fn note_error(&mut self, e: &LoadError) {
        note_error(self, e);
    }
    fn set_stopped(&mut self, stopped: bool) {
        self.stopped = stopped;
    }
}

fn note_error(report: &mut Report, e: &LoadError) {
    report.error_count += 1;
    if report.errors.len() < MAX_LISTED_ERRORS {
        report.errors.push(RecordError::from(e));
    }
}

/// A slot's outcome distribution from how many sessions each winner (or
/// the default, `None`) took: outcomes merged across rules, most frequent
/// first.
pub fn slot_stats(
    compiled: &CompiledRuleset,
    slot: usize,
    wins: impl Iterator<Item = (Option<u32>, usize)>,
) -> SlotStats {
    let mut outcomes: Vec<OutcomeCount> = Vec::new();
    let mut defaults = 0;
    for (winner, count) in wins.filter(|(_, n)| *n > 0) {
        if winner.is_none() {
            defaults += count;
        }
        let outcome = compiled.outcome(slot, &crate::engine::Pick { rule: winner, ..Default::default() });
        match outcomes.iter_mut().find(|o| o.outcome == *outcome) {
            Some(o) => o.count += count,
            None => outcomes.push(OutcomeCount { outcome: outcome.clone(), count }),
        }
    }
    outcomes.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.outcome.to_string().cmp(&b.outcome.to_string())));
    SlotStats { slot: compiled.slots[slot].id.clone(), outcomes, defaults }
}

impl Tally {
    fn add(
        &mut self,
        compiled: &CompiledRuleset,
        id: &str,
        decision: &Decision,
        standings: &[Standing],
        examples: usize,
        report: &mut Report,
    ) {
        let mut applied: Vec<u32> = Vec::new();
        for (r, s) in standings.iter().enumerate() {
            match s {
                Standing::Eligible => self.matched[r] += 1,
                Standing::HeldOut => {
                    self.matched[r] += 1;
                    self.held_out[r] += 1;
                }
                _ => {}
            }
        }
        let mut personalised = false;
        for (slot, pick) in decision.picks.iter().enumerate() {
            self.by_winner[slot][pick.rule.map_or(0, |r| r as usize + 1)] += 1;
            if let Some(w) = pick.rule {
                personalised = true;
                if !applied.contains(&w) {
                    applied.push(w);
                }
                for &r in &compiled.candidates[slot] {
                    if r != w && standings[r as usize] == Standing::Eligible {
                        *self.lost[r as usize].entry(w).or_insert(0) += 1;
                    }
                }
                if let Some(t) = pick.tie {
                    let entry = self.ties.entry((slot, w, t)).or_insert((0, Vec::new()));
                    entry.0 += 1;
                    if entry.1.len() < examples {
                        entry.1.push(id.to_owned());
                    }
                }
            }
        }
        for w in applied {
            self.applied[w as usize] += 1;
        }
        if !personalised {
            report.unpersonalised += 1;
            if report.unpersonalised_examples.len() < examples {
                report.unpersonalised_examples.push(id.to_owned());
            }
        }
    }

    fn finish(self, compiled: &CompiledRuleset, report: &mut Report) {
        let id = |r: u32| compiled.rules[r as usize].id.clone();
        report.rules = compiled
            .rules
            .iter()
            .enumerate()
            .map(|(r, rule)| RuleStats {
                rule: rule.id.clone(),
                enabled: rule.enabled,
                matched: self.matched[r],
                applied: self.applied[r],
                held_out: self.held_out[r],
                lost_to: self.lost[r].iter().map(|(w, n)| (id(*w), *n)).collect(),
            })
            .collect();
        report.slots = compiled
            .slots
            .iter()
            .enumerate()
            .map(|(slot, _)| {
                let wins =
                    self.by_winner[slot].iter().enumerate().map(|(w, n)| (w.checked_sub(1).map(|r| r as u32), *n));
                slot_stats(compiled, slot, wins)
            })
            .collect();
        report.ties = self
            .ties
            .into_iter()
            .map(|((slot, w, t), (count, examples))| TieStats {
                slot: compiled.slots[slot].id.clone(),
                winner: id(w),
                other: id(t),
                count,
                examples,
            })
            .collect();
    }
}
