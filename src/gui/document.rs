//! The open document: the ruleset, where it lives, whether it is saved,
//! and its undo history. Every change goes through [`Document::apply`], so
//! every change can be undone and bumps the generation the checker watches.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use chrono::NaiveDate;

use super::history::{History, Part};
use super::recovery::Owner;
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
    /// Delete the rule at an index.
    DeleteRule(usize),
    /// Replace the rule list (reorders, priority swaps).
    SetRules {
        /// What the change is, for the undo menu.
        label: String,
        /// The new list.
        rules: Vec<Rule>,
    },
    /// Replace the whole ruleset (slots, segments, settings, tests, personas).
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
fn stamp_changed(old: &[Rule], new: &mut [Rule], today: NaiveDate) {
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
    /// The ruleset.
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
    /// The id of the document while it has no file (its recovery file is
    /// keyed by it).
    pub untitled_id: String,
    saved_generation: u64,
    disk: Option<DiskStamp>,
    /// Undo and redo.
    pub history: History,
    /// The date edits are stamped with; `None`: the local date (tests fix it).
    pub today: Option<NaiveDate>,
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
            untitled_id: new_untitled_id(),
            saved_generation: generation,
            disk: None,
            history: History::default(),
            today: None,
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
            untitled_id: new_untitled_id(),
            saved_generation: generation,
            disk: DiskStamp::of(path),
            history: History::default(),
            today: None,
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
        let rs = &mut self.ruleset;
        match edit {
            Edit::UpdateRule { index, rule, key } => {
                let Some(current) = rs.rules.get_mut(index) else { return false };
                if *current == *rule {
                    return false;
                }
                let before = Part::Rule(index, Box::new(current.clone()));
                let mut rule = rule;
                rule.updated = Some(today);
                *current = (*rule).clone();
                let label = format!("edit rule `{}`", rule.id);
                let key = key.map(|k| format!("rule:{index}:{k}"));
                self.history.record(&label, key.as_deref(), before, Part::Rule(index, rule));
            }
            Edit::InsertRule { index, mut rule } => {
                let before = Part::Rules(rs.rules.clone());
                let label = format!("add rule `{}`", rule.id);
                rule.created = Some(today);
                rule.updated = rule.created;
                rs.rules.insert(index.min(rs.rules.len()), *rule);
                self.history.record(&label, None, before, Part::Rules(rs.rules.clone()));
            }
            Edit::DeleteRule(index) => {
                if index >= rs.rules.len() {
                    return false;
                }
                let before = Part::Rules(rs.rules.clone());
                let removed = rs.rules.remove(index);
                self.history.record(
                    &format!("delete rule `{}`", removed.id),
                    None,
                    before,
                    Part::Rules(rs.rules.clone()),
                );
            }
            Edit::SetRules { label, mut rules } => {
                if rs.rules == rules {
                    return false;
                }
                stamp_changed(&rs.rules, &mut rules, today);
                let before = Part::Rules(std::mem::replace(&mut rs.rules, rules));
                self.history.record(&label, None, before, Part::Rules(rs.rules.clone()));
            }
            Edit::SetRuleset { label, mut ruleset, key } => {
                if *rs == *ruleset {
                    return false;
                }
                stamp_changed(&rs.rules, &mut ruleset.rules, today);
                let before = Part::Ruleset(Box::new(std::mem::replace(rs, *ruleset)));
                self.history.record(&label, key.as_deref(), before, Part::Ruleset(Box::new(rs.clone())));
            }
        }
        self.generation = next_generation();
        true
    }

    /// Undoes the last edit.
    pub fn undo(&mut self) -> Option<String> {
        let label = self.history.undo(&mut self.ruleset)?;
        self.generation = next_generation();
        Some(label)
    }

    /// Redoes the last undone edit.
    pub fn redo(&mut self) -> Option<String> {
        let label = self.history.redo(&mut self.ruleset)?;
        self.generation = next_generation();
        Some(label)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn showcase() -> Vec<Rule> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("rulesets/conflicts-showcase.rules.ron");
        let mut rules = load_ruleset(&path).unwrap().ruleset.rules;
        for rule in &mut rules {
            rule.updated = None;
        }
        rules
    }

    fn stamped(rules: &[Rule]) -> Vec<(usize, &str)> {
        rules.iter().enumerate().filter(|(_, r)| r.updated.is_some()).map(|(i, r)| (i, r.name.as_str())).collect()
    }

    #[test]
    fn only_changed_rules_are_dated_even_where_ids_repeat() {
        let old = showcase();
        let twins: Vec<usize> = (0..old.len()).filter(|&i| old[i].id == "duplicate").collect();
        assert_eq!(twins.len(), 2, "the showcase repeats an id");

        // Moving rules dates nothing, twins included.
        let mut moved = old.clone();
        moved.swap(0, old.len() - 1);
        stamp_changed(&old, &mut moved, local_today());
        assert_eq!(stamped(&moved), vec![]);

        // Editing the second twin dates it alone.
        let mut edited = old.clone();
        edited[twins[1]].priority += 1;
        stamp_changed(&old, &mut edited, local_today());
        assert_eq!(stamped(&edited), vec![(twins[1], old[twins[1]].name.as_str())]);

        // A rule that is new to the list is not "edited".
        let mut grown = old.clone();
        let mut fresh = old[0].clone();
        fresh.id = "fresh".into();
        grown.push(fresh);
        stamp_changed(&old, &mut grown, local_today());
        assert_eq!(stamped(&grown), vec![]);
    }
}
