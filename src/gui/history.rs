//! Undo and redo. Each entry stores the part of the document an edit
//! touched, before and after: one rule for rule edits (cheap even with
//! thousands of rules), the rule list for reorders and deletes, the whole
//! ruleset for slot, segment and settings edits. Typing in one field within
//! a second coalesces into one entry.

use std::time::{Duration, Instant};

use crate::model::{Rule, Ruleset};

/// Edits within this time on the same field form one undo step.
const COALESCE: Duration = Duration::from_millis(1000);
/// Most undo steps kept.
const MAX_ENTRIES: usize = 500;

/// A part of the document, as it was or became.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// One rule at an index.
    Rule(usize, Box<Rule>),
    /// The whole rule list.
    Rules(Vec<Rule>),
    /// The whole ruleset.
    Ruleset(Box<Ruleset>),
}

impl Part {
    /// Puts this part back into a ruleset.
    pub fn restore(&self, ruleset: &mut Ruleset) {
        match self {
            Part::Rule(i, rule) => {
                if let Some(slot) = ruleset.rules.get_mut(*i) {
                    *slot = (**rule).clone();
                }
            }
            Part::Rules(rules) => ruleset.rules = rules.clone(),
            Part::Ruleset(rs) => *ruleset = (**rs).clone(),
        }
    }
}

/// One undo step.
#[derive(Clone, Debug)]
struct Entry {
    label: String,
    key: Option<String>,
    at: Instant,
    before: Part,
    after: Part,
}

/// The undo and redo stacks.
#[derive(Default)]
pub struct History {
    undo: Vec<Entry>,
    redo: Vec<Entry>,
}

impl History {
    /// Records an edit. `key` names the field being typed into: a new edit
    /// with the same key soon after the last one extends it.
    pub fn record(&mut self, label: &str, key: Option<&str>, before: Part, after: Part) {
        self.redo.clear();
        let now = Instant::now();
        if let (Some(last), Some(key)) = (self.undo.last_mut(), key)
            && last.key.as_deref() == Some(key)
            && now.duration_since(last.at) < COALESCE
        {
            last.after = after;
            last.at = now;
            return;
        }
        self.undo.push(Entry { label: label.to_owned(), key: key.map(str::to_owned), at: now, before, after });
        if self.undo.len() > MAX_ENTRIES {
            self.undo.remove(0);
        }
    }

    /// Undoes the last step on `ruleset`; returns its label.
    pub fn undo(&mut self, ruleset: &mut Ruleset) -> Option<String> {
        let entry = self.undo.pop()?;
        entry.before.restore(ruleset);
        let label = entry.label.clone();
        self.redo.push(entry);
        Some(label)
    }

    /// Redoes the last undone step on `ruleset`; returns its label.
    pub fn redo(&mut self, ruleset: &mut Ruleset) -> Option<String> {
        let entry = self.redo.pop()?;
        entry.after.restore(ruleset);
        let label = entry.label.clone();
        self.undo.push(Entry { at: Instant::now() - COALESCE, ..entry });
        Some(label)
    }

    /// What undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|e| e.label.as_str())
    }

    /// What redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }

    /// Ends the current coalescing group (e.g. when focus moves on).
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.last_mut() {
            last.key = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rs(name: &str) -> Ruleset {
        Ruleset::new(name)
    }

    #[test]
    fn undo_redo_and_coalescing() {
        let mut h = History::default();
        let mut doc = rs("a");
        h.record("rename", Some("name"), Part::Ruleset(Box::new(rs("a"))), Part::Ruleset(Box::new(rs("ab"))));
        h.record("rename", Some("name"), Part::Ruleset(Box::new(rs("ab"))), Part::Ruleset(Box::new(rs("abc"))));
        doc.name = "abc".into();
        assert_eq!(h.undo(&mut doc).as_deref(), Some("rename"));
        assert_eq!(doc.name, "a", "typing coalesced into one step");
        assert!(h.undo(&mut doc).is_none());
        h.redo(&mut doc);
        assert_eq!(doc.name, "abc");
        h.record("other", None, Part::Ruleset(Box::new(rs("abc"))), Part::Ruleset(Box::new(rs("x"))));
        assert!(h.redo_label().is_none(), "a new edit clears redo");
    }
}
