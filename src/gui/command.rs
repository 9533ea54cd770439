//! Commands: everything the user can do, from menus, buttons and keyboard
//! shortcuts alike. Panels return commands; the app applies them in one
//! place, once per frame, so each action has one code path.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use super::dialogs::Purpose;
use super::document::Edit;
use crate::model::{FieldPath, Session, TestCase};

/// The tabs of the central area.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Tab {
    /// The selected rule's editor.
    Rule,
    /// Slots, segments, custom attributes and ruleset settings.
    Model,
    /// One session: outcome and trace.
    Simulator,
    /// A session file: report, charts, table.
    Batch,
    /// The ruleset's tests.
    Tests,
    /// What the current edits change against another version.
    Impact,
    /// Rules that aged badly: stale, never fired, always on, ended.
    Health,
    /// What each rule does to an outcome, against its holdout.
    Measure,
}

impl Tab {
    /// All tabs, in order.
    pub const ALL: [Tab; 8] =
        [Tab::Rule, Tab::Model, Tab::Simulator, Tab::Batch, Tab::Tests, Tab::Impact, Tab::Health, Tab::Measure];

    /// The tab's title.
    pub fn title(self) -> &'static str {
        match self {
            Tab::Rule => "Rule",
            Tab::Model => "Slots & segments",
            Tab::Simulator => "Simulator",
            Tab::Batch => "Batch",
            Tab::Tests => "Tests",
            Tab::Impact => "Impact",
            Tab::Health => "Health",
            Tab::Measure => "Measure",
        }
    }
}

/// Light, dark, or as the system says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum ThemeChoice {
    /// Follow the system.
    #[default]
    System,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

/// Something the user asked for.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Start a new ruleset (asks about unsaved changes).
    New,
    /// Open a ruleset through the file dialog (asks about unsaved changes).
    Open,
    /// Open this ruleset (asks about unsaved changes).
    OpenPath(PathBuf),
    /// Save (to the current file, or ask for one).
    Save,
    /// Save under a new name.
    SaveAs,
    /// Save even though the file changed on disk.
    SaveOverwrite,
    /// Open the export dialog.
    Export,
    /// Close the studio (asks about unsaved changes).
    Quit,
    /// Undo the last edit.
    Undo,
    /// Redo the last undone edit.
    Redo,
    /// Focus the rule search box.
    Find,
    /// Open the command palette.
    Palette,
    /// Change the document.
    Edit(Edit),
    /// Add a new rule after the selected one.
    NewRule,
    /// Duplicate a rule.
    DuplicateRule(usize),
    /// Ask before deleting a rule.
    AskDeleteRule(usize),
    /// Delete a rule (after confirmation).
    DeleteRule(usize),
    /// Move a rule one place up (higher priority) or down in the rule list.
    MoveRule {
        /// The rule's index.
        index: usize,
        /// Up: towards higher priority.
        up: bool,
    },
    /// Select a rule and show its editor.
    SelectRule(usize),
    /// Go to a diagnostic: select its rule and highlight its field.
    ShowProblem {
        /// The rule, if the diagnostic is about one.
        rule: Option<usize>,
        /// The field.
        path: FieldPath,
    },
    /// Show a tab.
    SetTab(Tab),
    /// Open a session in the simulator (e.g. a witness).
    Simulate(Box<Session>),
    /// Change the theme.
    SetTheme(ThemeChoice),
    /// Ask before deleting a ruleset test.
    AskDeleteTest(usize),
    /// Delete a ruleset test (after confirmation; undoable).
    DeleteTest(usize),
    /// Ask before replacing the test of the same name with this one.
    AskReplaceTest(Box<TestCase>),
    /// Replace the test of the same name with this one (undoable).
    ReplaceTest(Box<TestCase>),
    /// Ask for a file or folder (native dialog or the studio's own chooser);
    /// the choice comes back as [`Command::Chosen`].
    Choose(Purpose),
    /// A file or folder was chosen: it goes to whoever asked for `Purpose`
    /// (the ruleset to open or save to, a tab's session file, the export
    /// folder…).
    Chosen(Purpose, PathBuf),
    /// Start work on a worker thread, with progress where it has any.
    Start(Work),
    /// Stop the run of a tab (Batch, Impact, Health or Measure); what it
    /// found so far is kept.
    Cancel(Tab),
    /// Accept or decline recovered work.
    Recover(bool),
    /// Close the current prompt.
    DismissPrompt,
    /// Discard unsaved changes and go on with what was asked.
    Discard,
    /// Save, then go on with what was asked.
    SaveThen,
}

/// Work a tab or dialog asks for, done on a worker thread. Each reads the
/// document as it is when the command is applied.
#[derive(Clone, Debug, PartialEq)]
pub enum Work {
    /// Run the rules over a session file (the Batch tab).
    Batch(PathBuf),
    /// Compare the current rules with another version (a ruleset or export
    /// file) over the Impact tab's sessions, asking for a session file when
    /// there is none.
    Compare(PathBuf),
    /// Judge the rules' health over a session file (the Health tab).
    Health(PathBuf),
    /// Measure the rules against their holdouts over a session file (the
    /// Measure tab).
    Measure(PathBuf),
    /// Plan an export to a folder: the next version and its changelog.
    PlanExport(PathBuf),
    /// Write the export files to a folder.
    Export(PathBuf),
    /// Read one session of a file and open it in the simulator.
    OpenSession {
        /// The tab that asked (Batch or Impact), which shows how it went.
        tab: Tab,
        /// The session file.
        file: PathBuf,
        /// Where the session is in it.
        at: SessionAt,
    },
}

/// Where a session is in a session file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionAt {
    /// At a byte offset (a row of a batch run), with the session's id.
    Offset(u64, String),
    /// Somewhere: the session with this id.
    Id(String),
}

/// The keys of the tab shortcuts: Ctrl+1 for the first tab, and so on.
const TAB_KEYS: [Key; 8] = [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8];

/// The keyboard shortcuts, with the command each gives.
pub fn shortcuts() -> Vec<(KeyboardShortcut, Command)> {
    let cmd = Modifiers::COMMAND;
    let cmd_shift = Modifiers::COMMAND.plus(Modifiers::SHIFT);
    let mut all = vec![
        (KeyboardShortcut::new(cmd_shift, Key::S), Command::SaveAs),
        (KeyboardShortcut::new(cmd, Key::S), Command::Save),
        (KeyboardShortcut::new(cmd, Key::O), Command::Open),
        (KeyboardShortcut::new(cmd, Key::N), Command::New),
        (KeyboardShortcut::new(cmd_shift, Key::Z), Command::Redo),
        (KeyboardShortcut::new(cmd, Key::Z), Command::Undo),
        (KeyboardShortcut::new(cmd, Key::F), Command::Find),
        (KeyboardShortcut::new(cmd, Key::E), Command::Export),
        (KeyboardShortcut::new(cmd, Key::K), Command::Palette),
    ];
    all.extend(
        Tab::ALL.iter().zip(TAB_KEYS).map(|(tab, key)| (KeyboardShortcut::new(cmd, key), Command::SetTab(*tab))),
    );
    all
}

/// The shortcut of a command, for menus.
pub fn shortcut_of(command: &Command) -> Option<KeyboardShortcut> {
    shortcuts().into_iter().find(|(_, c)| c == command).map(|(s, _)| s)
}
