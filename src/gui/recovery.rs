//! Crash recovery: while the document has unsaved changes, it is written to
//! a recovery file every few seconds; a clean save or close removes it. On
//! start, a recovery file left behind by a crash is offered back.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::format::atomic::write_atomic;
use crate::format::{load_ruleset, to_ron};
use crate::model::Ruleset;

/// Time between autosaves while dirty.
pub const INTERVAL: Duration = Duration::from_secs(5);

/// A recovery file found at start.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The recovered ruleset.
    pub ruleset: Box<Ruleset>,
    /// The file it belongs to, if it had one.
    pub original: Option<PathBuf>,
    /// When it was written, as text.
    pub written: String,
}

/// Writes and finds recovery files in one directory.
pub struct Recovery {
    dir: PathBuf,
    last: Option<Instant>,
}

const FILE: &str = "recovery.rules.ron";
const ORIGINAL: &str = "recovery.path";

impl Recovery {
    /// Recovery files in `dir`.
    pub fn new(dir: PathBuf) -> Self {
        Recovery { dir, last: None }
    }

    /// Where recovery files go by default: next to eframe's storage.
    pub fn default_dir() -> PathBuf {
        eframe::storage_dir("rulestudio").unwrap_or_else(std::env::temp_dir).join("recovery")
    }

    /// Writes the ruleset if the interval has passed (or `force`).
    pub fn autosave(&mut self, ruleset: &Ruleset, original: Option<&Path>, force: bool) {
        if !force && self.last.is_some_and(|t| t.elapsed() < INTERVAL) {
            return;
        }
        self.last = Some(Instant::now());
        let Ok(text) = to_ron(ruleset) else { return };
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        let _ = write_atomic(&self.dir.join(FILE), text.as_bytes(), false);
        let original = original.map(|p| p.display().to_string()).unwrap_or_default();
        let _ = write_atomic(&self.dir.join(ORIGINAL), original.as_bytes(), false);
    }

    /// Removes the recovery files (after a save, or a clean exit).
    pub fn clear(&mut self) {
        self.last = None;
        let _ = std::fs::remove_file(self.dir.join(FILE));
        let _ = std::fs::remove_file(self.dir.join(ORIGINAL));
    }

    /// A recovery file left behind, if any and readable.
    pub fn find(&self) -> Option<Found> {
        let path = self.dir.join(FILE);
        let written = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .map(|t| chrono::DateTime::<chrono::Local>::from(t).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default();
        let doc = load_ruleset(&path).ok()?;
        let original =
            std::fs::read_to_string(self.dir.join(ORIGINAL)).ok().filter(|s| !s.is_empty()).map(PathBuf::from);
        Some(Found { ruleset: Box::new(doc.ruleset), original, written })
    }
}
