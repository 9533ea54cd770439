//! File choices go through [`FileDialogs`]: native dialogs (rfd), or scripted
//! answers in tests; when no native dialog can be shown, the studio's own
//! chooser takes over (see [`super::files`]). Modal questions (unsaved
//! changes, confirmations, errors) are [`Prompt`]s the app shows one at a time.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};

/// What a file choice is for; each asker has its own, so an answer that
/// arrives frames later (from the in-app chooser) reaches the one who asked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// Open a ruleset.
    OpenRuleset,
    /// Save a ruleset under a new name.
    SaveRuleset,
    /// A session file for the batch tab.
    BatchSessions,
    /// A session file for the impact tab.
    ImpactSessions,
    /// A session file for the health tab.
    HealthSessions,
    /// A session file for the measure tab.
    MeasureSessions,
    /// An outcomes file for the measure tab, joined to sessions by id.
    OutcomesFile,
    /// Another ruleset or export to compare against.
    OpenComparison,
    /// The export folder.
    ExportFolder,
}

/// The kinds of file whose last folder is remembered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Rulesets and exports read for comparison.
    Rulesets,
    /// Session files.
    Sessions,
    /// Export folders.
    Exports,
}

impl Purpose {
    /// The kind of file asked for.
    pub fn kind(self) -> Kind {
        match self {
            Purpose::OpenRuleset | Purpose::SaveRuleset | Purpose::OpenComparison => Kind::Rulesets,
            Purpose::BatchSessions
            | Purpose::ImpactSessions
            | Purpose::HealthSessions
            | Purpose::MeasureSessions
            | Purpose::OutcomesFile => Kind::Sessions,
            Purpose::ExportFolder => Kind::Exports,
        }
    }

    /// The dialog's title.
    pub fn title(self) -> &'static str {
        match self {
            Purpose::OpenRuleset => "Open a ruleset",
            Purpose::SaveRuleset => "Save the ruleset",
            Purpose::BatchSessions | Purpose::ImpactSessions | Purpose::HealthSessions | Purpose::MeasureSessions => {
                "Open sessions"
            }
            Purpose::OutcomesFile => "Open outcomes",
            Purpose::OpenComparison => "Compare against",
            Purpose::ExportFolder => "Export to folder",
        }
    }

    /// The file name extensions offered (empty for a folder).
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            Purpose::OpenRuleset | Purpose::SaveRuleset => &["ron"],
            Purpose::BatchSessions => &["jsonl", "ndjson", "json", "csv", "ron", "parquet"],
            Purpose::ImpactSessions | Purpose::HealthSessions | Purpose::MeasureSessions => {
                &["jsonl", "ndjson", "json", "csv", "ron"]
            }
            Purpose::OutcomesFile => &["jsonl", "ndjson", "json", "csv"],
            Purpose::OpenComparison => &["ron", "json"],
            Purpose::ExportFolder => &[],
        }
    }
}

/// What a file dialog answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Asked {
    /// The user chose this file or folder.
    Chosen(PathBuf),
    /// The user cancelled.
    Cancelled,
    /// No dialog could be shown (no desktop portal, no zenity).
    Unavailable,
}

/// A source of file choices.
pub trait FileDialogs {
    /// Asks for a file or folder for `purpose`, in `folder` when given, with
    /// `suggested_name` for a new file.
    fn ask(&mut self, purpose: Purpose, folder: Option<&Path>, suggested_name: &str) -> Asked;
}

/// Native dialogs through rfd (xdg-portal on Linux, zenity as a fallback).
pub struct NativeDialogs {
    available: bool,
}

impl NativeDialogs {
    /// Native dialogs, if this desktop can show them.
    pub fn new() -> Self {
        NativeDialogs { available: native_available() }
    }
}

impl Default for NativeDialogs {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether rfd can show a dialog here: on Linux it needs the desktop portal
/// (on the session bus) or zenity; elsewhere the system's own dialogs.
fn native_available() -> bool {
    if !cfg!(target_os = "linux") {
        return true;
    }
    let on_path = |name: &str| {
        std::env::var_os("PATH").is_some_and(|paths| std::env::split_paths(&paths).any(|d| d.join(name).is_file()))
    };
    let portal = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && ["/usr/share/dbus-1/services", "/usr/local/share/dbus-1/services"]
            .iter()
            .any(|d| Path::new(d).join("org.freedesktop.portal.Desktop.service").is_file());
    portal || on_path("zenity")
}

impl FileDialogs for NativeDialogs {
    fn ask(&mut self, purpose: Purpose, folder: Option<&Path>, suggested_name: &str) -> Asked {
        if !self.available {
            return Asked::Unavailable;
        }
        let mut dialog = rfd::FileDialog::new().set_title(purpose.title());
        if let Some(folder) = folder {
            dialog = dialog.set_directory(folder);
        }
        let extensions = purpose.extensions();
        if !extensions.is_empty() {
            dialog = dialog.add_filter(purpose.title(), extensions);
        }
        let chosen = match purpose {
            Purpose::SaveRuleset => dialog.set_file_name(suggested_name).save_file(),
            Purpose::ExportFolder => dialog.pick_folder(),
            _ => dialog.pick_file(),
        };
        chosen.map_or(Asked::Cancelled, Asked::Chosen)
    }
}

/// Answers given in advance, for tests and scripts.
#[derive(Default)]
pub struct ScriptedDialogs {
    answers: VecDeque<Option<PathBuf>>,
    unavailable: bool,
    /// What was asked for, in order.
    pub asked: Vec<Purpose>,
}

impl ScriptedDialogs {
    /// Answers `answers` in order; `None` is a cancel.
    pub fn new(answers: impl IntoIterator<Item = Option<PathBuf>>) -> Self {
        ScriptedDialogs { answers: answers.into_iter().collect(), ..ScriptedDialogs::default() }
    }

    /// A desktop without native dialogs: every question goes to the in-app chooser.
    pub fn unavailable() -> Self {
        ScriptedDialogs { unavailable: true, ..ScriptedDialogs::default() }
    }

    /// Adds an answer.
    pub fn push(&mut self, answer: Option<PathBuf>) {
        self.answers.push_back(answer);
    }
}

impl FileDialogs for ScriptedDialogs {
    fn ask(&mut self, purpose: Purpose, _folder: Option<&Path>, _suggested_name: &str) -> Asked {
        self.asked.push(purpose);
        if self.unavailable {
            return Asked::Unavailable;
        }
        self.answers.pop_front().flatten().map_or(Asked::Cancelled, Asked::Chosen)
    }
}

/// What to do once unsaved changes are dealt with.
#[derive(Clone, Debug, PartialEq)]
pub enum Then {
    /// Start a new ruleset.
    New,
    /// Ask for a file and open it.
    Open,
    /// Open this file.
    OpenPath(PathBuf),
    /// Close the window.
    Quit,
}

/// A question or message shown in a modal window.
#[derive(Clone, Debug, PartialEq)]
pub enum Prompt {
    /// The document has unsaved changes; then do something.
    Unsaved(Then),
    /// Delete a rule?
    DeleteRule(usize),
    /// Delete a ruleset test?
    DeleteTest(usize),
    /// A test of this name exists: replace it with this one?
    ReplaceTest(Box<crate::model::TestCase>),
    /// The file changed on disk since it was opened; overwrite it?
    ChangedOnDisk,
    /// Recover unsaved work from a crashed session?
    Recover(super::recovery::Found),
    /// Something went wrong; nothing was changed.
    Error {
        /// The title.
        title: String,
        /// What happened, e.g. a load error with line and column.
        message: String,
    },
}
