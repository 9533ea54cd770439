//! Undo and redo, as edits rather than snapshots. An edit is a list of
//! [`Step`]s applied in place to the ruleset; applying a step returns its
//! inverse, and an undo entry keeps those inverses: a keystroke in a rule
//! keeps that rule as it was, a new rule keeps only where it went, a deleted
//! rule keeps that rule, a settings edit keeps only the settings it changed.
//! Never a copy of the rule list. Typing in one field within a second
//! coalesces into one entry. The history is bounded in entries and in bytes
//! (estimated by [`heap`]), dropping the oldest entries first.

pub mod heap;

use std::collections::VecDeque;
use std::mem::size_of;
use std::time::{Duration, Instant};

use heap::Heap;

use crate::model::{CustomAttribute, ExportStamp, Persona, Rule, Ruleset, Segment, Slot, TestCase};

/// Edits within this time on the same field form one undo step.
const COALESCE: Duration = Duration::from_millis(1000);
/// Most undo steps kept.
const MAX_ENTRIES: usize = 1000;
/// Most bytes the history keeps (undo and redo together); the newest entry
/// stays even when it alone is larger.
pub const MAX_BYTES: usize = 32 << 20;

/// One of the ruleset's parts other than its rules, with a value.
#[derive(Clone, Debug, PartialEq)]
pub enum Part {
    /// The name.
    Name(String),
    /// The description.
    Description(String),
    /// The time zone.
    TimeZone(String),
    /// The custom attributes.
    Attributes(Vec<CustomAttribute>),
    /// The slots.
    Slots(Vec<Slot>),
    /// The segments.
    Segments(Vec<Segment>),
    /// The tests.
    Tests(Vec<TestCase>),
    /// The personas.
    Personas(Vec<Persona>),
    /// The last export's stamp.
    LastExport(Option<ExportStamp>),
}

impl Part {
    /// Puts this value into `rs`; returns the value it replaced.
    fn swap(mut self, rs: &mut Ruleset) -> Part {
        use std::mem::swap;
        match &mut self {
            Part::Name(v) => swap(v, &mut rs.name),
            Part::Description(v) => swap(v, &mut rs.description),
            Part::TimeZone(v) => swap(v, &mut rs.time_zone),
            Part::Attributes(v) => swap(v, &mut rs.attributes),
            Part::Slots(v) => swap(v, &mut rs.slots),
            Part::Segments(v) => swap(v, &mut rs.segments),
            Part::Tests(v) => swap(v, &mut rs.tests),
            Part::Personas(v) => swap(v, &mut rs.personas),
            Part::LastExport(v) => swap(v, &mut rs.last_export),
        }
        self
    }

    /// Whether `rs` already has this value.
    pub fn is_in(&self, rs: &Ruleset) -> bool {
        match self {
            Part::Name(v) => *v == rs.name,
            Part::Description(v) => *v == rs.description,
            Part::TimeZone(v) => *v == rs.time_zone,
            Part::Attributes(v) => *v == rs.attributes,
            Part::Slots(v) => *v == rs.slots,
            Part::Segments(v) => *v == rs.segments,
            Part::Tests(v) => *v == rs.tests,
            Part::Personas(v) => *v == rs.personas,
            Part::LastExport(v) => *v == rs.last_export,
        }
    }

    /// The parts of `new` that differ from `old`, taken out of `new`; its
    /// rules stay.
    pub fn changed(old: &Ruleset, new: &mut Ruleset) -> Vec<Part> {
        let take = std::mem::take::<String>;
        let all = [
            Part::Name(take(&mut new.name)),
            Part::Description(take(&mut new.description)),
            Part::TimeZone(take(&mut new.time_zone)),
            Part::Attributes(std::mem::take(&mut new.attributes)),
            Part::Slots(std::mem::take(&mut new.slots)),
            Part::Segments(std::mem::take(&mut new.segments)),
            Part::Tests(std::mem::take(&mut new.tests)),
            Part::Personas(std::mem::take(&mut new.personas)),
            Part::LastExport(new.last_export.take()),
        ];
        all.into_iter().filter(|p| !p.is_in(old)).collect()
    }

    /// Which part this is.
    fn which(&self) -> u8 {
        match self {
            Part::Name(_) => 0,
            Part::Description(_) => 1,
            Part::TimeZone(_) => 2,
            Part::Attributes(_) => 3,
            Part::Slots(_) => 4,
            Part::Segments(_) => 5,
            Part::Tests(_) => 6,
            Part::Personas(_) => 7,
            Part::LastExport(_) => 8,
        }
    }

    fn heap(&self) -> usize {
        match self {
            Part::Name(v) | Part::Description(v) | Part::TimeZone(v) => v.heap(),
            Part::Attributes(v) => v.heap(),
            Part::Slots(v) => v.heap(),
            Part::Segments(v) => v.heap(),
            Part::Tests(v) => heap::roughly(v),
            Part::Personas(v) => heap::roughly(v),
            Part::LastExport(v) => v.as_ref().map_or(0, |s| s.checksum.heap()),
        }
    }
}

/// One change of the ruleset, in place. Applying it returns its inverse.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Put this rule at an index (the inverse holds the rule it replaced).
    Replace {
        /// The index.
        at: usize,
        /// The rule.
        rule: Box<Rule>,
    },
    /// Insert a rule (the inverse removes it).
    Insert {
        /// Where.
        at: usize,
        /// The rule.
        rule: Box<Rule>,
    },
    /// Remove the rule at an index (the inverse inserts it again).
    Remove {
        /// Where.
        at: usize,
    },
    /// Put in a part other than the rules (the inverse holds the old value).
    Part(Part),
}

impl Step {
    /// Whether the step changes the rules or the lists they refer to (slots,
    /// segments, attributes, tests, personas), not only the ruleset's name,
    /// description, time zone or last export.
    pub fn is_structural(&self) -> bool {
        !matches!(self, Step::Part(Part::Name(_) | Part::Description(_) | Part::TimeZone(_) | Part::LastExport(_)))
    }

    /// Applies the step to `rs`; returns the step that undoes it, or `None`
    /// when it did not apply (an index past the end: the history and the
    /// ruleset disagree, which edits made through the document never do).
    pub fn apply(self, rs: &mut Ruleset) -> Option<Step> {
        match self {
            Step::Replace { at, mut rule } => {
                std::mem::swap(rs.rules.get_mut(at)?, &mut rule);
                Some(Step::Replace { at, rule })
            }
            Step::Insert { at, rule } => {
                let at = at.min(rs.rules.len());
                rs.rules.insert(at, *rule);
                Some(Step::Remove { at })
            }
            Step::Remove { at } => {
                (at < rs.rules.len()).then(|| Step::Insert { at, rule: Box::new(rs.rules.remove(at)) })
            }
            Step::Part(part) => Some(Step::Part(part.swap(rs))),
        }
    }

    /// What a coalesced entry with this step needs no second step for: a
    /// rule by index, or a part. `None` for steps that move indices.
    fn target(&self) -> Option<(u8, usize)> {
        match self {
            Step::Replace { at, .. } => Some((u8::MAX, *at)),
            Step::Part(p) => Some((p.which(), 0)),
            Step::Insert { .. } | Step::Remove { .. } => None,
        }
    }

    /// The heap the step owns, estimated.
    fn heap(&self) -> usize {
        match self {
            Step::Replace { rule, .. } | Step::Insert { rule, .. } => rule.heap(),
            Step::Remove { .. } => 0,
            Step::Part(p) => p.heap(),
        }
    }
}

/// Applies `steps` to `rs` in order, or in reverse order when `backwards`,
/// showing each to `seen` first; returns their inverses in the order the
/// steps were listed.
pub fn apply_all(steps: Vec<Step>, rs: &mut Ruleset, backwards: bool, seen: &mut dyn FnMut(&Step)) -> Vec<Step> {
    let mut apply = |s: Step| {
        seen(&s);
        s.apply(rs)
    };
    let mut inverses: Vec<Step> = if backwards {
        let mut done: Vec<Step> = steps.into_iter().rev().filter_map(&mut apply).collect();
        done.reverse();
        done
    } else {
        steps.into_iter().filter_map(apply).collect()
    };
    inverses.shrink_to_fit();
    inverses
}

/// One undo step: the inverses of what an edit did (on the undo stack), or
/// the edit itself again (on the redo stack).
#[derive(Debug)]
struct Entry {
    label: String,
    key: Option<String>,
    at: Instant,
    steps: Vec<Step>,
    /// The estimated bytes of the entry, inline and on the heap.
    bytes: usize,
}

impl Entry {
    fn measure(&mut self) {
        self.bytes = size_of::<Entry>()
            + self.label.capacity()
            + self.key.as_ref().map_or(0, String::capacity)
            + self.steps.capacity() * size_of::<Step>()
            + self.steps.iter().map(Step::heap).sum::<usize>();
    }
}

/// The undo and redo stacks.
pub struct History {
    undo: VecDeque<Entry>,
    redo: Vec<Entry>,
    /// The estimated bytes of both stacks.
    bytes: usize,
    /// The most bytes kept.
    max_bytes: usize,
}

impl Default for History {
    fn default() -> Self {
        History::with_limit(MAX_BYTES)
    }
}

impl History {
    /// A history keeping at most `max_bytes` (but always the newest entry).
    pub fn with_limit(max_bytes: usize) -> Self {
        History { undo: VecDeque::new(), redo: Vec::new(), bytes: 0, max_bytes }
    }

    /// Records an edit: `inverses` are the steps that undo it, as
    /// [`apply_all`] returned them. `key` names the field being typed into:
    /// a new edit with the same key soon after the last one extends it.
    pub fn record(&mut self, label: &str, key: Option<&str>, inverses: Vec<Step>) {
        self.bytes -= self.redo.drain(..).map(|e| e.bytes).sum::<usize>();
        let now = Instant::now();
        if let (Some(last), Some(key)) = (self.undo.back_mut(), key)
            && last.key.as_deref() == Some(key)
            && now.duration_since(last.at) < COALESCE
        {
            // The entry undoes to the state before its first edit: a step
            // putting back a rule or part it already puts back is not needed,
            // as long as no rule moved in between.
            let targets: Option<Vec<(u8, usize)>> = last.steps.iter().map(Step::target).collect();
            let known = |s: &Step| targets.as_ref().zip(s.target()).is_some_and(|(t, s)| t.contains(&s));
            self.bytes -= last.bytes;
            last.steps.extend(inverses.into_iter().filter(|s| !known(s)));
            last.at = now;
            last.measure();
            self.bytes += last.bytes;
        } else {
            let mut entry =
                Entry { label: label.to_owned(), key: key.map(str::to_owned), at: now, steps: inverses, bytes: 0 };
            entry.measure();
            self.bytes += entry.bytes;
            self.undo.push_back(entry);
        }
        while self.undo.len() > MAX_ENTRIES || (self.bytes > self.max_bytes && self.undo.len() > 1) {
            if let Some(old) = self.undo.pop_front() {
                self.bytes -= old.bytes;
            }
        }
    }

    /// Undoes the last step on `ruleset`, showing each step applied to
    /// `seen`; returns its label.
    pub fn undo(&mut self, ruleset: &mut Ruleset, seen: &mut dyn FnMut(&Step)) -> Option<String> {
        let entry = self.undo.pop_back()?;
        let entry = self.replay(entry, ruleset, true, seen);
        let label = entry.label.clone();
        self.redo.push(entry);
        Some(label)
    }

    /// Redoes the last undone step on `ruleset`, showing each step applied
    /// to `seen`; returns its label.
    pub fn redo(&mut self, ruleset: &mut Ruleset, seen: &mut dyn FnMut(&Step)) -> Option<String> {
        let entry = self.redo.pop()?;
        let entry = self.replay(entry, ruleset, false, seen);
        let label = entry.label.clone();
        // A redone step is sealed: typing next starts a step of its own.
        self.undo.push_back(Entry { key: None, ..entry });
        Some(label)
    }

    /// Applies an entry's steps (`reverse`: last first, for undo); the
    /// entry then holds their inverses, and the byte count follows.
    fn replay(&mut self, mut entry: Entry, ruleset: &mut Ruleset, reverse: bool, seen: &mut dyn FnMut(&Step)) -> Entry {
        self.bytes -= entry.bytes;
        entry.steps = apply_all(std::mem::take(&mut entry.steps), ruleset, reverse, seen);
        entry.measure();
        self.bytes += entry.bytes;
        entry
    }

    /// What undo would undo.
    pub fn undo_label(&self) -> Option<&str> {
        self.undo.back().map(|e| e.label.as_str())
    }

    /// What redo would redo.
    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|e| e.label.as_str())
    }

    /// How many steps undo can take.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// The bytes the history holds, estimated (the studio bench compares it
    /// with what an allocator counts).
    pub fn heap_bytes(&self) -> usize {
        self.bytes
    }

    /// Ends the current coalescing group (e.g. when focus moves on).
    pub fn seal(&mut self) {
        if let Some(last) = self.undo.back_mut() {
            last.key = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(id: &str, notes: &str) -> Rule {
        let mut r = Rule::new(id, id, 10, crate::model::Condition::always(), vec![]);
        r.notes = notes.to_owned();
        r
    }

    /// Applies `steps` to `rs` and records their inverses.
    fn edit(h: &mut History, rs: &mut Ruleset, key: Option<&str>, steps: Vec<Step>) {
        let inverses = apply_all(steps, rs, false, &mut |_| {});
        h.record("edit", key, inverses);
    }

    #[test]
    fn undo_redo_and_coalescing() {
        let mut h = History::default();
        let mut doc = Ruleset::new("a");
        edit(&mut h, &mut doc, Some("name"), vec![Step::Part(Part::Name("ab".into()))]);
        edit(&mut h, &mut doc, Some("name"), vec![Step::Part(Part::Name("abc".into()))]);
        assert_eq!(h.undo_len(), 1, "typing coalesced into one step");
        assert_eq!(h.undo(&mut doc, &mut |_| {}).as_deref(), Some("edit"));
        assert_eq!(doc.name, "a");
        assert!(h.undo(&mut doc, &mut |_| {}).is_none());
        h.redo(&mut doc, &mut |_| {});
        assert_eq!(doc.name, "abc");
        edit(&mut h, &mut doc, Some("name"), vec![Step::Part(Part::Name("x".into()))]);
        assert_eq!(h.undo_len(), 2, "a redone step is sealed");
        assert!(h.redo_label().is_none(), "a new edit clears redo");
    }

    #[test]
    fn each_step_undoes_and_redoes_exactly() {
        let base = {
            let mut rs = Ruleset::new("base");
            rs.rules = vec![rule("a", ""), rule("b", ""), rule("c", "")];
            rs
        };
        let cases: Vec<(&str, Vec<Step>, Vec<&str>)> = vec![
            ("replace", vec![Step::Replace { at: 1, rule: Box::new(rule("b", "edited")) }], vec!["a", "b", "c"]),
            ("insert", vec![Step::Insert { at: 1, rule: Box::new(rule("x", "")) }], vec!["a", "x", "b", "c"]),
            (
                "insert past the end",
                vec![Step::Insert { at: 9, rule: Box::new(rule("x", "")) }],
                vec!["a", "b", "c", "x"],
            ),
            ("remove", vec![Step::Remove { at: 0 }], vec!["b", "c"]),
            (
                "a move: remove then insert",
                vec![Step::Remove { at: 0 }, Step::Insert { at: 2, rule: Box::new(rule("a", "")) }],
                vec!["b", "c", "a"],
            ),
            ("part", vec![Step::Part(Part::TimeZone("Europe/Oslo".into()))], vec!["a", "b", "c"]),
        ];
        for (what, steps, ids) in cases {
            let mut h = History::default();
            let mut rs = base.clone();
            edit(&mut h, &mut rs, None, steps);
            let after = rs.clone();
            assert_eq!(rs.rules.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ids, "{what}");
            h.undo(&mut rs, &mut |_| {});
            assert_eq!(rs, base, "{what}: undo");
            h.redo(&mut rs, &mut |_| {});
            assert_eq!(rs, after, "{what}: redo");
        }
    }

    #[test]
    fn the_history_keeps_to_its_byte_limit() {
        let big = "x".repeat(100_000);
        let mut h = History::with_limit(1_000_000);
        let mut rs = Ruleset::new("big");
        rs.rules = vec![rule("a", "")];
        for i in 0..50 {
            edit(&mut h, &mut rs, None, vec![Step::Replace { at: 0, rule: Box::new(rule("a", &format!("{i}{big}"))) }]);
            assert!(h.heap_bytes() <= 1_000_000, "after {i} edits: {} bytes", h.heap_bytes());
        }
        assert!((8..=10).contains(&h.undo_len()), "about ten 100 kB steps fit in 1 MB: {}", h.undo_len());
        // The newest step stays even when it alone is over the limit.
        let mut tiny = History::with_limit(10);
        edit(&mut tiny, &mut rs, None, vec![Step::Replace { at: 0, rule: Box::new(rule("a", "")) }]);
        assert_eq!(tiny.undo_len(), 1);
        // Undo and redo keep the count right.
        let before = h.heap_bytes();
        h.undo(&mut rs, &mut |_| {});
        h.redo(&mut rs, &mut |_| {});
        assert_eq!(h.heap_bytes(), before);
    }
}
