//! Crash recovery, per document: while a document has unsaved changes it is
//! written every few seconds to a recovery file of its own, keyed by the
//! document's canonical path (or, while it has no file, by its own id).
//! Saving, "Don't save" and a clean close delete that file; opening that
//! document, and only that one, offers it back, naming the file and the
//! time of the autosave. Files are written on a thread of their own, so the
//! UI never waits for the disk.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

use crate::format::atomic::write_atomic;
use crate::format::{load_ruleset, to_ron};
use crate::model::Ruleset;

/// Time between autosaves while dirty.
pub const INTERVAL: Duration = Duration::from_secs(5);

/// The document a recovery file belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// A document with a file: its canonical path.
    File(PathBuf),
    /// A document without a file: its own id.
    Untitled(String),
}

impl Owner {
    /// The owner of a document with `path` (canonicalised), or without a
    /// file and the id `untitled_id`.
    pub fn of(path: Option<&Path>, untitled_id: &str) -> Self {
        match path {
            Some(p) => Owner::File(canonical(p)),
            None => Owner::Untitled(untitled_id.to_owned()),
        }
    }

    /// The stem of its recovery files: `file-<hash of the path>` or `untitled-<id>`.
    fn stem(&self) -> String {
        match self {
            Owner::File(path) => {
                let digest = Sha256::digest(path.as_os_str().as_encoded_bytes());
                let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
                format!("file-{hex}")
            }
            Owner::Untitled(id) => {
                let id: String = id.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
                format!("{UNTITLED}{id}")
            }
        }
    }
}

/// The canonical form of a path; for a file that does not exist yet, its
/// folder's canonical form joined with its name.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(p) = std::fs::canonicalize(path) {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => {
            std::fs::canonicalize(dir).map_or_else(|_| path.to_path_buf(), |d| d.join(name))
        }
        _ => path.to_path_buf(),
    }
}

/// A recovery file found for a document.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The recovered ruleset.
    pub ruleset: Box<Ruleset>,
    /// The file it belongs to, if it had one.
    pub original: Option<PathBuf>,
    /// When it was written, as text (local time).
    pub written: String,
    /// The document it belongs to.
    pub owner: Owner,
}

/// What the writer thread does, in order.
enum Task {
    Write { ruleset: Arc<Ruleset>, original: String, stem: String },
    Remove { stem: String },
    Flush(Sender<()>),
}

/// Writes and finds recovery files in one directory.
pub struct Recovery {
    dir: PathBuf,
    last: Option<Instant>,
    tasks: Option<Sender<Task>>,
    writer: Option<JoinHandle<()>>,
}

const UNTITLED: &str = "untitled-";
const RULESET: &str = ".rules.ron";
const ORIGINAL: &str = ".path";

impl Recovery {
    /// Recovery files in `dir`.
    pub fn new(dir: PathBuf) -> Self {
        let (tx, rx) = channel();
        let target = dir.clone();
        let writer = std::thread::Builder::new().name("recovery".into()).spawn(move || write_loop(&target, &rx)).ok();
        // Without a thread (none could be started) there is no autosave.
        let tasks = writer.as_ref().map(|_| tx);
        Recovery { dir, last: None, tasks, writer }
    }

    /// Where recovery files go by default: next to eframe's storage.
    pub fn default_dir() -> PathBuf {
        eframe::storage_dir("rulestudio").unwrap_or_else(std::env::temp_dir).join("recovery")
    }

    fn send(&self, task: Task) {
        if let Some(tx) = &self.tasks {
            let _ = tx.send(task);
        }
    }

    /// Writes the ruleset `what` gives as its owner's recovery file if the
    /// interval has passed (or `force`). The UI thread only hands over the
    /// ruleset (shared, not copied); the writer thread formats and writes it.
    pub fn autosave(&mut self, what: impl FnOnce() -> (Arc<Ruleset>, Owner), force: bool) {
        if !force && self.last.is_some_and(|t| t.elapsed() < INTERVAL) {
            return;
        }
        self.last = Some(Instant::now());
        let (ruleset, owner) = what();
        let original = match &owner {
            Owner::File(p) => p.display().to_string(),
            Owner::Untitled(_) => String::new(),
        };
        self.send(Task::Write { ruleset, original, stem: owner.stem() });
    }

    /// Removes `owner`'s recovery file (after a save, "Don't save", or a clean exit).
    pub fn clear(&mut self, owner: &Owner) {
        self.last = None;
        self.send(Task::Remove { stem: owner.stem() });
    }

    /// Restarts the autosave interval (another document is open now).
    pub fn restart(&mut self) {
        self.last = None;
    }

    /// Waits until every write and removal asked for so far is done.
    pub fn flush(&self) {
        let (tx, rx) = channel();
        self.send(Task::Flush(tx));
        let _ = rx.recv_timeout(Duration::from_secs(30));
    }

    /// The recovery file of `owner`, if one was left behind and is readable.
    pub fn find(&self, owner: &Owner) -> Option<Found> {
        self.flush();
        self.read(&owner.stem(), owner.clone())
    }

    /// The newest recovery file of a document that had no file.
    pub fn find_untitled(&self) -> Option<Found> {
        self.flush();
        let newest = std::fs::read_dir(&self.dir)
            .ok()?
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                let stem = name.strip_suffix(RULESET)?.to_owned();
                let id = stem.strip_prefix(UNTITLED)?.to_owned();
                let modified = e.metadata().and_then(|m| m.modified()).ok()?;
                Some((modified, stem, id))
            })
            .max_by_key(|(modified, _, _)| *modified)?;
        let (_, stem, id) = newest;
        self.read(&stem, Owner::Untitled(id))
    }

    fn read(&self, stem: &str, owner: Owner) -> Option<Found> {
        let path = self.dir.join(format!("{stem}{RULESET}"));
        let written = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .ok()
            .map(|t| chrono::DateTime::<chrono::Local>::from(t).format("%Y-%m-%d %H:%M:%S").to_string())
            .unwrap_or_default();
        let doc = load_ruleset(&path).ok()?;
        let original = std::fs::read_to_string(self.dir.join(format!("{stem}{ORIGINAL}")))
            .ok()
            .filter(|s| !s.is_empty())
            .map(PathBuf::from);
        Some(Found { ruleset: Box::new(doc.ruleset), original, written, owner })
    }
}

impl Drop for Recovery {
    /// Lets the writer finish what it was asked to do.
    fn drop(&mut self) {
        self.tasks = None;
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
    }
}

/// The writer thread: does the tasks in order until the app lets go.
fn write_loop(dir: &Path, tasks: &Receiver<Task>) {
    for task in tasks {
        match task {
            Task::Write { ruleset, original, stem } => {
                let Ok(text) = to_ron(&ruleset) else { continue };
                if std::fs::create_dir_all(dir).is_err() {
                    continue;
                }
                // Autosave is best effort: a failed write leaves the previous one.
                let _ = write_atomic(&dir.join(format!("{stem}{ORIGINAL}")), original.as_bytes(), false);
                let _ = write_atomic(&dir.join(format!("{stem}{RULESET}")), text.as_bytes(), false);
            }
            Task::Remove { stem } => {
                let _ = std::fs::remove_file(dir.join(format!("{stem}{RULESET}")));
                let _ = std::fs::remove_file(dir.join(format!("{stem}{ORIGINAL}")));
            }
            Task::Flush(done) => {
                let _ = done.send(());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_document_has_its_own_recovery_file() {
        let dir = tempfile::tempdir().unwrap();
        let a = dir.path().join("a.rules.ron");
        let b = dir.path().join("b.rules.ron");
        let mut recovery = Recovery::new(dir.path().join("recovery"));
        let (owner_a, owner_b) = (Owner::of(Some(a.as_path()), "x"), Owner::of(Some(b.as_path()), "x"));
        recovery.autosave(|| (Arc::new(Ruleset::new("a")), owner_a.clone()), true);
        assert_eq!(recovery.find(&owner_a).map(|f| f.ruleset.name), Some("a".to_owned()));
        assert!(recovery.find(&owner_b).is_none(), "another file is offered nothing");
        assert!(recovery.find_untitled().is_none());
        let untitled = Owner::of(None, "1f-2");
        recovery.autosave(|| (Arc::new(Ruleset::new("u")), untitled.clone()), true);
        assert_eq!(recovery.find_untitled().map(|f| f.owner), Some(untitled.clone()));
        recovery.clear(&owner_a);
        assert!(recovery.find(&owner_a).is_none());
        assert!(recovery.find(&untitled).is_some(), "clearing one leaves the others");
    }
}
