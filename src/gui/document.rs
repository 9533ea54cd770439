//! The open document: the ruleset, where it lives, whether it is saved,
//! and its undo history. Every change goes through [`Document::apply`], so
//! every change can be undone and bumps the generation the checker watches.
//! An edit becomes [`Step`]s applied in place: only what it changes is
//! copied, into the history (what it replaced) and into the notes that keep
//! the copy shared with other threads current ([`Document::snapshot`]).

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use chrono::NaiveDate;

use super::history::{History, Part, Step, apply_all};
use super::recovery::Owner;
use super::snapshot::Shared;
use crate::format::{Layout, LoadError, load_ruleset, save_edited};
use crate::model::{Rule, Ruleset};

/// An edit of the document.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Replace one rule; `key` names the field edited, for undo coalescing.
    UpdateRule {
        /// The rule's index.
        index: usize,
        /// Its new content.
        rule: Box<Rule>,
        /// The field edited (`when[1].op`), if one.
        key: Option<String>,
    },
    /// Insert a rule at an index.
    InsertRule {
        /// Where.
        index: usize,
        /// The rule.
        rule: Box<Rule>,
    },
    /// Replace some rules (a move swaps two), each given with its index.
    UpdateRules {
        /// What the change is, for the undo menu.
        label: String,
        /// The indices and their new rules.
        rules: Vec<(usize, Rule)>,
    },
    /// Delete the rule at an index.
    DeleteRule(usize),
    /// Replace the rule list (bulk changes); only the rules that differ are
    /// kept for undo.
    SetRules {
        /// What the change is, for the undo menu.
        label: String,
        /// The new list.
        rules: Vec<Rule>,
    },
    /// Set parts other than the rules (name, description, time zone, slots,
    /// segments, tests, personas): only those are copied, never the rules.
    SetParts {
        /// What the change is, for the undo menu.
        label: String,
        /// The new values.
        parts: Vec<Part>,
        /// The field edited, for undo coalescing.
        key: Option<String>,
    },
    /// Replace the whole ruleset (renames that reach into the rules); only
    /// the parts and rules that differ are kept for undo.
    SetRuleset {
        /// What the change is, for the undo menu.
        label: String,
        /// The new ruleset.
        ruleset: Box<Ruleset>,
        /// The field edited, for undo coalescing.
        key: Option<String>,
    },
}

/// Today in the local time zone: the date an edited rule records.
/// Today, where the studio is: the date edits are stamped with.
fn local_today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// Dates today each rule of `new` that differs from the rule it continues in
/// `old`. A rule continues the old rule with its id; where ids repeat (a
/// ruleset being repaired), the k-th rule with an id continues the k-th old
/// one, so a duplicate is never compared with its twin.
fn stamp_changed<'a, 'b>(
    old: impl IntoIterator<Item = &'a Rule>,
    new: impl IntoIterator<Item = &'b mut Rule>,
    today: NaiveDate,
) {
    let mut olds: HashMap<&str, VecDeque<&Rule>> = HashMap::new();
    for rule in old {
        olds.entry(rule.id.as_str()).or_default().push_back(rule);
    }
    for rule in new {
        let before = olds.get_mut(rule.id.as_str()).and_then(VecDeque::pop_front);
        if before.is_some_and(|r| r != rule) {
            rule.updated = Some(today);
        }
    }
}

/// The steps that turn the rule list `old` into `new`: the rules that
/// differ, when the lengths agree; otherwise the rules removed or inserted
/// between the common beginning and end (a bulk delete removes just those).
fn rule_steps(old: &[Rule], mut new: Vec<Rule>) -> Vec<Step> {
    if old.len() == new.len() {
        return new
            .into_iter()
            .enumerate()
            .filter(|(i, r)| old[*i] != *r)
            .map(|(at, rule)| Step::Replace { at, rule: Box::new(rule) })
            .collect();
    }
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let most = old.len().min(new.len()) - prefix;
    let suffix = old.iter().rev().zip(new.iter().rev()).take(most).take_while(|(a, b)| a == b).count();
    let old_mid = &old[prefix..old.len() - suffix];
    new.truncate(new.len() - suffix);
    let new_mid = new.split_off(prefix);
    let removes = |kept: &[bool]| {
        (0..kept.len()).rev().filter(|i| !kept[*i]).map(|i| Step::Remove { at: prefix + i }).collect::<Vec<_>>()
    };
    // Only removed: what is left is the old middle with gaps.
    if let Some(kept) = subsequence(&new_mid, old_mid) {
        return removes(&kept);
    }
    // Only inserted: the old middle is the new one with gaps.
    if let Some(kept) = subsequence(old_mid, &new_mid) {
        return new_mid
            .into_iter()
            .enumerate()
            .filter(|(i, _)| !kept[*i])
            .map(|(i, rule)| Step::Insert { at: prefix + i, rule: Box::new(rule) })
            .collect();
    }
    let mut steps = removes(&vec![false; old_mid.len()]);
    steps
        .extend(new_mid.into_iter().enumerate().map(|(i, rule)| Step::Insert { at: prefix + i, rule: Box::new(rule) }));
    steps
}

/// Whether `short` is `long` with some items left out; if so, which items of
/// `long` it keeps.
fn subsequence(short: &[Rule], long: &[Rule]) -> Option<Vec<bool>> {
    let mut kept = vec![false; long.len()];
    let mut next = short.iter().peekable();
    for (i, rule) in long.iter().enumerate() {
        if next.peek().is_some_and(|r| *r == rule) {
            kept[i] = true;
            next.next();
        }
    }
    next.peek().is_none().then_some(kept)
}

/// What the file on disk looked like when it was opened or last saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    modified: Option<SystemTime>,
    len: u64,
}

impl DiskStamp {
    /// The stamp of a file now.
    pub fn of(path: &Path) -> Option<Self> {
        let meta = std::fs::metadata(path).ok()?;
        Some(DiskStamp { modified: meta.modified().ok(), len: meta.len() })
    }
}

/// The next generation handed out, shared by every document of the
/// process: a new document never reuses a generation an earlier one had,
/// so results computed for another document (or before a recovery) can
/// never pass for current.
static NEXT_GENERATION: AtomicU64 = AtomicU64::new(1);

/// A generation no document has had yet.
pub fn next_generation() -> u64 {
    NEXT_GENERATION.fetch_add(1, Ordering::Relaxed)
}

/// An id for an untitled document: unique across runs (time and process).
fn new_untitled_id() -> String {
    let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
    format!("{nanos:x}-{:x}-{:x}", std::process::id(), next_generation())
}

/// The open ruleset.
pub struct Document {
    /// The ruleset. Read it freely; change it only through
    /// [`Document::apply`], so the change can be undone and reaches the copy
    /// other threads share.
    pub ruleset: Ruleset,
    /// Its file, once saved or opened.
    pub path: Option<PathBuf>,
    /// The text of that file as read or last saved: saves rewrite only the
    /// parts of it that changed.
    pub source: Option<String>,
    /// Moved by every change, undo and redo, and new for every document
    /// opened, created or recovered: derived views record the generation
    /// they were computed for.
    pub generation: u64,
    /// Like `generation`, but bumped only by edits of the rules or the lists
    /// they refer to (see [`Step::is_structural`]): views over every rule
    /// (which rules use each slot) are kept across a rename of the ruleset.
    pub structure: u64,
    /// The id of the document while it has no file (its recovery file is
    /// keyed by it).
    pub untitled_id: String,
    saved_generation: u64,
    disk: Option<DiskStamp>,
    /// Undo and redo.
    pub history: History,
    /// The date edits are stamped with; `None`: the local date (tests fix it).
    pub today: Option<NaiveDate>,
    /// The copy of the ruleset shared with other threads.
    shared: Shared,
}

impl Document {
    /// A new document without a file; nothing to save until it is edited.
    pub fn untitled(ruleset: Ruleset) -> Self {
        let generation = next_generation();
        Document {
            ruleset,
            path: None,
            source: None,
            generation,
            structure: generation,
            untitled_id: new_untitled_id(),
            saved_generation: generation,
            disk: None,
            history: History::default(),
            today: None,
            shared: Shared::default(),
        }
    }

    /// Work recovered after a crash: unsaved, belonging to `path` (or, without
    /// one, to the untitled document `untitled_id`).
    pub fn recovered(ruleset: Ruleset, path: Option<PathBuf>, untitled_id: Option<String>) -> Self {
        let mut doc = Document::untitled(ruleset);
        // Saving over the original keeps its comments and layout.
        doc.source = path.as_ref().and_then(|p| std::fs::read_to_string(p).ok());
        doc.path = path;
        if let Some(id) = untitled_id {
            doc.untitled_id = id;
        }
        doc.saved_generation = 0;
        doc
    }

    /// Opens a file; on error nothing changes.
    ///
    /// # Errors
    /// The load error, with line and column.
    pub fn open(path: &Path) -> Result<Self, LoadError> {
        let doc = load_ruleset(path)?;
        let generation = next_generation();
        Ok(Document {
            ruleset: doc.ruleset,
            path: Some(path.to_path_buf()),
            source: Some(doc.source),
            generation,
            structure: generation,
            untitled_id: new_untitled_id(),
            saved_generation: generation,
            disk: DiskStamp::of(path),
            history: History::default(),
            today: None,
            shared: Shared::default(),
        })
    }

    /// Whether there are unsaved changes.
    pub fn is_dirty(&self) -> bool {
        self.generation != self.saved_generation
    }

    /// Whose recovery file this document's unsaved work goes to.
    pub fn recovery_owner(&self) -> Owner {
        Owner::of(self.path.as_deref(), &self.untitled_id)
    }

    /// The file name to show.
    pub fn display_name(&self) -> String {
        self.path
            .as_ref()
            .and_then(|p| p.file_name())
            .map_or_else(|| "untitled.rules.ron".to_owned(), |n| n.to_string_lossy().into_owned())
    }

    /// The window title: file name, a dot when unsaved.
    pub fn title(&self) -> String {
        format!("{}{} — rulestudio", if self.is_dirty() { "● " } else { "" }, self.display_name())
    }

    /// Whether the file changed on disk since it was opened or saved here.
    pub fn changed_on_disk(&self) -> bool {
        match (&self.path, &self.disk) {
            (Some(path), Some(stamp)) => DiskStamp::of(path).as_ref() != Some(stamp),
            _ => false,
        }
    }

    /// Saves to `path` atomically (keeping a `.bak`), rewriting only what
    /// changed in the text it was read from; when that file changed on disk
    /// since, it is written in the canonical layout instead. Returns the
    /// layout written.
    ///
    /// # Errors
    /// I/O errors; the document stays unsaved.
    pub fn save_to(&mut self, path: &Path) -> std::io::Result<Layout> {
        let overwrites_changes = self.path.as_deref() == Some(path) && self.changed_on_disk();
        let source = if overwrites_changes { None } else { self.source.as_deref() };
        let (text, layout) = save_edited(path, source, &self.ruleset)?;
        self.source = Some(text);
        self.path = Some(path.to_path_buf());
        self.saved_generation = self.generation;
        self.disk = DiskStamp::of(path);
        self.history.seal();
        Ok(layout)
    }

    /// Marks the current state as saved elsewhere (e.g. recovered content
    /// is not saved, so this is only used after writing the file).
    pub fn mark_saved(&mut self) {
        self.saved_generation = self.generation;
    }

    /// The date edits are stamped with.
    fn day(&self) -> NaiveDate {
        self.today.unwrap_or_else(local_today)
    }

    /// Applies an edit, recording it for undo. Returns `false` when the edit
    /// changes nothing (then nothing is recorded).
    pub fn apply(&mut self, edit: Edit) -> bool {
        let today = self.day();
        let rs = &self.ruleset;
        let (label, key, steps) = match edit {
            Edit::UpdateRule { index, mut rule, key } => {
                let Some(current) = rs.rules.get(index) else { return false };
                if *current == *rule {
                    return false;
                }
                rule.updated = Some(today);
                let label = format!("edit rule `{}`", rule.id);
                (label, key.map(|k| format!("rule:{index}:{k}")), vec![Step::Replace { at: index, rule }])
            }
            Edit::UpdateRules { label, mut rules } => {
                rules.retain(|(i, r)| rs.rules.get(*i).is_some_and(|old| old != r));
                if rules.is_empty() {
                    return false;
                }
                let old: Vec<&Rule> = rules.iter().filter_map(|(i, _)| rs.rules.get(*i)).collect();
                stamp_changed(old, rules.iter_mut().map(|(_, r)| r), today);
                let steps = rules.into_iter().map(|(at, rule)| Step::Replace { at, rule: Box::new(rule) }).collect();
                (label, None, steps)
            }
            Edit::InsertRule { index, mut rule } => {
                rule.created = Some(today);
                rule.updated = rule.created;
                (format!("add rule `{}`", rule.id), None, vec![Step::Insert { at: index, rule }])
            }
            Edit::DeleteRule(index) => {
                let Some(rule) = rs.rules.get(index) else { return false };
                (format!("delete rule `{}`", rule.id), None, vec![Step::Remove { at: index }])
            }
            Edit::SetRules { label, mut rules } => {
                if rs.rules == rules {
                    return false;
                }
                stamp_changed(&rs.rules, &mut rules, today);
                (label, None, rule_steps(&rs.rules, rules))
            }
            Edit::SetParts { label, parts, key } => {
                let steps: Vec<Step> = parts.into_iter().filter(|p| !p.is_in(rs)).map(Step::Part).collect();
                if steps.is_empty() {
                    return false;
                }
                (label, key, steps)
            }
            Edit::SetRuleset { label, mut ruleset, key } => {
                if *rs == *ruleset {
                    return false;
                }
                stamp_changed(&rs.rules, &mut ruleset.rules, today);
                let mut steps: Vec<Step> = Part::changed(rs, &mut ruleset).into_iter().map(Step::Part).collect();
                steps.extend(rule_steps(&rs.rules, ruleset.rules));
                (label, key, steps)
            }
        };
        let (shared, mut structural) = (&mut self.shared, false);
        let inverses = apply_all(steps, &mut self.ruleset, false, &mut |s| {
            structural |= s.is_structural();
            shared.note(s);
        });
        self.history.record(&label, key.as_deref(), inverses);
        self.bump(structural);
        true
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) -> Option<String> {
        self.travel(History::undo)
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Option<String> {
        self.travel(History::redo)
    }

    /// Undoes or redoes (`go`), keeping the shared copy and the counters
    /// current; returns the step's label.
    fn travel(
        &mut self,
        go: impl FnOnce(&mut History, &mut Ruleset, &mut dyn FnMut(&Step)) -> Option<String>,
    ) -> Option<String> {
        let (shared, mut structural) = (&mut self.shared, false);
        let label = go(&mut self.history, &mut self.ruleset, &mut |s| {
            structural |= s.is_structural();
            shared.note(s);
        })?;
        self.bump(structural);
        Some(label)
    }

    /// A new generation after an edit, and a new structure when it was a
    /// structural one.
    fn bump(&mut self, structural: bool) {
        self.generation = next_generation();
        if structural {
            self.structure = self.generation;
        }
    }

    /// The ruleset as it is now, shared with other threads (the background
    /// check, the recovery writer) without copying it on every edit.
    pub fn snapshot(&mut self) -> Arc<Ruleset> {
        self.shared.get(&self.ruleset)
    }
}

#[cfg(test)]
mod tests;
