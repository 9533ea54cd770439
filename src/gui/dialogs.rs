//! File choices go through [`FileDialogs`], so the studio uses native dialogs
//! (rfd) and tests answer with [`ScriptedDialogs`]. Modal questions (unsaved
//! changes, confirmations, errors) are [`Prompt`]s the app shows one at a time.

use std::collections::VecDeque;
use std::path::PathBuf;

/// What a file dialog is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    /// Open a ruleset.
    OpenRuleset,
    /// Save a ruleset under a new name.
    SaveRuleset,
    /// Open a session file for a batch run.
    OpenSessions,
    /// Open another ruleset or export to compare against.
    OpenComparison,
    /// Pick the export directory.
    ExportFolder,
}

/// Asks the user for files and folders.
pub trait FileDialogs {
    /// Asks for a path; `None` when cancelled.
    fn ask(&mut self, purpose: Purpose, suggested_name: &str) -> Option<PathBuf>;
}

/// Native dialogs through rfd (xdg-portal on Linux, zenity as a fallback).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn ask(&mut self, purpose: Purpose, suggested_name: &str) -> Option<PathBuf> {
        let dialog = rfd::FileDialog::new();
        match purpose {
            Purpose::OpenRuleset => dialog.add_filter("Rulesets", &["ron"]).set_title("Open a ruleset").pick_file(),
            Purpose::SaveRuleset => dialog
                .add_filter("Rulesets", &["ron"])
                .set_title("Save the ruleset")
                .set_file_name(suggested_name)
                .save_file(),
            Purpose::OpenSessions => dialog
                .add_filter("Sessions", &["jsonl", "ndjson", "json", "csv", "ron"])
                .set_title("Open sessions")
                .pick_file(),
            Purpose::OpenComparison => {
                dialog.add_filter("Rulesets and exports", &["ron", "json"]).set_title("Compare against").pick_file()
            }
            Purpose::ExportFolder => dialog.set_title("Export to folder").pick_folder(),
        }
    }
}

/// Dialog answers given in advance, for tests: each call takes the next one.
#[derive(Default)]
pub struct ScriptedDialogs {
    answers: VecDeque<Option<PathBuf>>,
    /// What was asked, in order.
    pub asked: Vec<Purpose>,
}

impl ScriptedDialogs {
    /// Answers to give, in order (`None`: cancel).
    pub fn new(answers: impl IntoIterator<Item = Option<PathBuf>>) -> Self {
        ScriptedDialogs { answers: answers.into_iter().collect(), asked: Vec::new() }
    }

    /// Adds an answer.
    pub fn push(&mut self, answer: Option<PathBuf>) {
        self.answers.push_back(answer);
    }
}

impl FileDialogs for ScriptedDialogs {
    fn ask(&mut self, purpose: Purpose, _suggested_name: &str) -> Option<PathBuf> {
        self.asked.push(purpose);
        self.answers.pop_front().flatten()
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
