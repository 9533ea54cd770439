//! A copy of the ruleset that threads share (the background check, the
//! recovery writer), kept current without copying it again: the document
//! notes every step it applies, and taking the copy replays them on it, in
//! place while no thread holds it any more. Only when the notes grow large
//! (a very long time without a copy being taken) is the copy dropped and
//! taken afresh.

use std::sync::Arc;

use super::history::Step;
use crate::model::Ruleset;

/// Steps noted before the copy is dropped instead.
const MAX_BEHIND: usize = 4096;

/// The shared copy and the steps it is behind by.
#[derive(Default)]
pub struct Shared {
    copy: Option<Arc<Ruleset>>,
    behind: Vec<Step>,
}

impl Shared {
    /// Notes a step applied to the document.
    pub fn note(&mut self, step: &Step) {
        if self.copy.is_none() {
            return;
        }
        if self.behind.len() >= MAX_BEHIND {
            self.copy = None;
            self.behind = Vec::new();
            return;
        }
        self.behind.push(step.clone());
    }

    /// The copy, equal to `current` (the document's ruleset, which has had
    /// every noted step). Cheap when nothing changed; when something did,
    /// the noted steps are replayed, on the copy itself unless a thread still
    /// holds it.
    pub fn get(&mut self, current: &Ruleset) -> Arc<Ruleset> {
        match &mut self.copy {
            Some(copy) => {
                if !self.behind.is_empty() {
                    let rs = Arc::make_mut(copy);
                    for step in self.behind.drain(..) {
                        step.apply(rs);
                    }
                }
                copy.clone()
            }
            None => {
                let copy = Arc::new(current.clone());
                self.copy = Some(copy.clone());
                copy
            }
        }
    }
}
