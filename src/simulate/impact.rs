//! Change impact (SPEC §6): two versions of a ruleset over the same
//! sessions; per slot, how many sessions change outcome, the from → to
//! table, and example sessions for each transition.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use super::batch::{Control, HasErrors, RecordError, stream};
use crate::compile::CompiledRuleset;
use crate::engine::Pick;
use crate::format::LoadError;
use crate::model::Outcome;
use crate::sessions::SessionSource;

/// What changing a ruleset changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ImpactReport {
    /// The new ruleset's name.
    pub ruleset: String,
    /// Sessions compared.
    pub sessions: usize,
    /// Bad records (all counted, the first listed).
    pub error_count: usize,
    /// The first bad records.
    pub errors: Vec<RecordError>,
    /// Slots both versions have, in the new version's order.
    pub slots: Vec<SlotImpact>,
    /// Slots only the new version has.
    pub added_slots: Vec<String>,
    /// Slots only the old version has.
    pub removed_slots: Vec<String>,
    /// Whether the run stopped early.
    pub stopped: bool,
}

/// One slot's changes.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SlotImpact {
    /// The slot's id.
    pub slot: String,
    /// Sessions whose outcome changes.
    pub changed: usize,
    /// `changed` as a share of the sessions compared.
    pub share: f64,
    /// Each change of outcome, most frequent first.
    pub transitions: Vec<Transition>,
}

/// Sessions that move from one outcome to another.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Transition {
    /// The outcome the old version gives.
    pub from: Outcome,
    /// The outcome the new version gives.
    pub to: Outcome,
    /// How many sessions.
    pub count: usize,
    /// Example session ids.
    pub examples: Vec<String>,
}

impl HasErrors for ImpactReport {
    fn note_error(&mut self, e: &LoadError) {
        self.error_count += 1;
        if self.errors.len() < 100 {
            self.errors.push(RecordError::from(e));
        }
    }
    fn set_stopped(&mut self, stopped: bool) {
        self.stopped = stopped;
    }
}

/// Per (old winner + 1, new winner + 1): sessions and example ids.
type WinnerPairs = HashMap<(u32, u32), (usize, Vec<String>)>;

/// Compares `new` against `old` over the sessions of `source`.
pub fn impact(new: &CompiledRuleset, old: &CompiledRuleset, source: SessionSource, control: &Control) -> ImpactReport {
    // (new slot index, old slot index) for slots both have.
    let common: Vec<(usize, usize)> =
        new.slots.iter().enumerate().filter_map(|(i, s)| old.slot_index(&s.id).map(|j| (i, j))).collect();
    let mut report = ImpactReport {
        ruleset: new.name.clone(),
        added_slots: new.slots.iter().filter(|s| old.slot_index(&s.id).is_none()).map(|s| s.id.clone()).collect(),
        removed_slots: old.slots.iter().filter(|s| new.slot_index(&s.id).is_none()).map(|s| s.id.clone()).collect(),
        ..ImpactReport::default()
    };
    // Per common slot: (old winner + 1, new winner + 1) -> (count, examples).
    let mut pairs: Vec<WinnerPairs> = vec![HashMap::new(); common.len()];
    let parser = source.parser();
    stream(source, control, &mut report, |report, chunk| {
        let decided: Vec<_> = chunk
            .par_iter()
            .map(|raw| {
                let s = parser.parse(raw)?;
                let n = new.decide(&new.facts(&s));
                let o = old.decide(&old.facts(&s));
                let winners: Vec<(u32, u32)> = common
                    .iter()
                    .map(|(i, j)| (o.picks[*j].rule.map_or(0, |r| r + 1), n.picks[*i].rule.map_or(0, |r| r + 1)))
                    .collect();
                Ok::<_, LoadError>((s.id, winners))
            })
            .collect();
        for result in decided {
            match result {
                Ok((id, winners)) => {
                    report.sessions += 1;
                    for (k, w) in winners.into_iter().enumerate() {
                        let entry = pairs[k].entry(w).or_insert((0, Vec::new()));
                        entry.0 += 1;
                        if entry.1.len() < control.examples {
                            entry.1.push(id.clone());
                        }
                    }
                }
                Err(e) => {
                    report.note_error(&e);
                    if control.strict {
                        return false;
                    }
                }
            }
        }
        true
    });
    let pick = |w: u32| Pick { rule: w.checked_sub(1), ..Pick::default() };
    report.slots = common
        .iter()
        .zip(pairs)
        .map(|((i, j), pairs)| {
            let mut transitions: Vec<Transition> = Vec::new();
            for ((ow, nw), (count, examples)) in pairs {
                let from = old.outcome(*j, &pick(ow));
                let to = new.outcome(*i, &pick(nw));
                if from == to {
                    continue;
                }
                match transitions.iter_mut().find(|t| t.from == *from && t.to == *to) {
                    Some(t) => {
                        t.count += count;
                        t.examples.extend(examples);
                        t.examples.sort();
                        t.examples.truncate(control.examples);
                    }
                    None => transitions.push(Transition { from: from.clone(), to: to.clone(), count, examples }),
                }
            }
            transitions.sort_by(|a, b| {
                b.count
                    .cmp(&a.count)
                    .then_with(|| (a.from.to_string(), a.to.to_string()).cmp(&(b.from.to_string(), b.to.to_string())))
            });
            let changed = transitions.iter().map(|t| t.count).sum();
            let share = if report.sessions == 0 { 0.0 } else { changed as f64 / report.sessions as f64 };
            SlotImpact { slot: new.slots[*i].id.clone(), changed, share, transitions }
        })
        .collect();
    report
}
