//! Every file choice of the studio, in one place: the native dialog when the
//! desktop can show one, otherwise (no desktop portal, no zenity, or when the
//! user prefers it) the studio's own chooser (egui_file) in a window. Askers
//! [`request`](Files::request) a file for their [`Purpose`] and take the
//! [`answer`](Files::answer) when it arrives: at once from a native dialog,
//! frames later from the in-app chooser. Dialogs start in the folder last
//! used for that kind of file (rulesets, sessions, exports; remembered across
//! restarts), or else in the open ruleset's folder.

use std::path::{Path, PathBuf};

use egui::Context;
use egui_file::{DialogType, FileDialog, State};
use serde::{Deserialize, Serialize};

use super::dialogs::{Asked, FileDialogs, Kind, Purpose};

/// The last folder used for each kind of file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Folders {
    /// Rulesets (opened, saved, compared against).
    pub rulesets: Option<PathBuf>,
    /// Session files.
    pub sessions: Option<PathBuf>,
    /// Export folders.
    pub exports: Option<PathBuf>,
}

impl Folders {
    fn get(&self, kind: Kind) -> Option<&Path> {
        match kind {
            Kind::Rulesets => self.rulesets.as_deref(),
            Kind::Sessions => self.sessions.as_deref(),
            Kind::Exports => self.exports.as_deref(),
        }
    }

    fn set(&mut self, kind: Kind, folder: PathBuf) {
        let slot = match kind {
            Kind::Rulesets => &mut self.rulesets,
            Kind::Sessions => &mut self.sessions,
            Kind::Exports => &mut self.exports,
        };
        *slot = Some(folder);
    }
}

/// The studio's file choices.
pub struct Files {
    native: Box<dyn FileDialogs>,
    /// Where each kind of file was last chosen.
    pub folders: Folders,
    /// The open ruleset's folder, where dialogs start for a kind never used.
    pub document_folder: Option<PathBuf>,
    /// Use the in-app chooser even where native dialogs work.
    pub in_app: bool,
    chooser: Option<(Purpose, FileDialog)>,
    answers: Vec<(Purpose, PathBuf)>,
}

impl Files {
    /// File choices through `native`, starting from remembered `folders`.
    pub fn new(native: Box<dyn FileDialogs>, folders: Folders) -> Self {
        Files { native, folders, document_folder: None, in_app: false, chooser: None, answers: Vec::new() }
    }

    /// The folder a dialog for `purpose` starts in.
    pub fn start_folder(&self, purpose: Purpose) -> Option<PathBuf> {
        [self.folders.get(purpose.kind()), self.document_folder.as_deref()]
            .into_iter()
            .flatten()
            .find(|f| f.is_dir())
            .map(Path::to_path_buf)
    }

    /// Asks for a file or folder for `purpose`; `suggested_name` names a new
    /// file. The choice arrives through [`Files::answer`].
    pub fn request(&mut self, purpose: Purpose, suggested_name: &str) {
        let start = self.start_folder(purpose);
        let asked =
            if self.in_app { Asked::Unavailable } else { self.native.ask(purpose, start.as_deref(), suggested_name) };
        match asked {
            Asked::Chosen(path) => self.chosen(purpose, path),
            Asked::Cancelled => {}
            Asked::Unavailable => self.open_chooser(purpose, start, suggested_name),
        }
    }

    /// The file or folder chosen for `purpose`, once, when one was.
    pub fn answer(&mut self, purpose: Purpose) -> Option<PathBuf> {
        let i = self.answers.iter().position(|(p, _)| *p == purpose)?;
        Some(self.answers.remove(i).1)
    }

    /// The first choice not yet taken, whoever asked for it.
    pub fn next_answer(&mut self) -> Option<(Purpose, PathBuf)> {
        (!self.answers.is_empty()).then(|| self.answers.remove(0))
    }

    /// Whether the in-app chooser is open, and for what.
    pub fn choosing(&self) -> Option<Purpose> {
        self.chooser.as_ref().map(|(p, _)| *p)
    }

    /// Draws the in-app chooser while it is open.
    pub fn show(&mut self, ctx: &Context) {
        let Some((purpose, dialog)) = &mut self.chooser else { return };
        let purpose = *purpose;
        match dialog.show(ctx).state() {
            State::Open => {}
            State::Selected => {
                let path = dialog.path().map(Path::to_path_buf);
                self.chooser = None;
                if let Some(path) = path {
                    self.chosen(purpose, path);
                }
            }
            State::Cancelled | State::Closed => self.chooser = None,
        }
    }

    fn open_chooser(&mut self, purpose: Purpose, start: Option<PathBuf>, suggested_name: &str) {
        let mut dialog = match purpose {
            Purpose::SaveRuleset => FileDialog::save_file().default_filename(suggested_name),
            Purpose::ExportFolder => FileDialog::select_folder(),
            _ => FileDialog::open_file(),
        };
        if let Some(start) = start.or_else(|| std::env::current_dir().ok()) {
            dialog = dialog.initial_path(start);
        }
        let extensions = purpose.extensions();
        if !extensions.is_empty() && dialog.dialog_type() != DialogType::SaveFile {
            dialog = dialog.show_files_filter(Box::new(move |p: &Path| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| extensions.contains(&e))
            }));
        }
        let mut dialog = dialog
            .title(purpose.title())
            .id(egui::Id::unique("in-app-file-chooser"))
            .default_size(egui::vec2(620.0, 440.0))
            .keep_on_top(true);
        dialog.open();
        self.chooser = Some((purpose, dialog));
    }

    fn chosen(&mut self, purpose: Purpose, path: PathBuf) {
        let folder =
            if purpose == Purpose::ExportFolder { Some(path.clone()) } else { path.parent().map(Path::to_path_buf) };
        if let Some(folder) = folder.filter(|f| !f.as_os_str().is_empty()) {
            self.folders.set(purpose.kind(), folder);
        }
        self.answers.retain(|(p, _)| *p != purpose);
        self.answers.push((purpose, path));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::dialogs::ScriptedDialogs;

    #[test]
    fn answers_reach_their_asker_and_folders_are_remembered_per_kind() {
        let dir = tempfile::tempdir().unwrap();
        let sessions = dir.path().join("data");
        std::fs::create_dir(&sessions).unwrap();
        let scripted = ScriptedDialogs::new([Some(sessions.join("s.jsonl")), None, Some(dir.path().join("out"))]);
        let mut files = Files::new(Box::new(scripted), Folders::default());
        files.document_folder = Some(dir.path().to_path_buf());
        assert_eq!(files.start_folder(Purpose::BatchSessions), Some(dir.path().to_path_buf()));

        files.request(Purpose::BatchSessions, "");
        assert_eq!(files.answer(Purpose::ImpactSessions), None, "another asker gets nothing");
        assert_eq!(files.answer(Purpose::BatchSessions), Some(sessions.join("s.jsonl")));
        assert_eq!(files.answer(Purpose::BatchSessions), None, "an answer is taken once");
        assert_eq!(files.start_folder(Purpose::HealthSessions), Some(sessions.clone()), "sessions remembered");
        assert_eq!(files.start_folder(Purpose::OpenRuleset), Some(dir.path().to_path_buf()), "rulesets not");

        files.request(Purpose::OpenRuleset, "");
        assert_eq!(files.answer(Purpose::OpenRuleset), None, "cancelled");
        files.request(Purpose::ExportFolder, "demo");
        assert_eq!(files.answer(Purpose::ExportFolder), Some(dir.path().join("out")));
        assert_eq!(files.folders.exports, Some(dir.path().join("out")), "a folder is remembered itself");
    }

    #[test]
    fn the_next_answer_is_the_oldest_with_its_purpose() {
        let scripted = ScriptedDialogs::new([Some(PathBuf::from("a.jsonl")), Some(PathBuf::from("out"))]);
        let mut files = Files::new(Box::new(scripted), Folders::default());
        files.request(Purpose::HealthSessions, "");
        files.request(Purpose::ExportFolder, "");
        assert_eq!(files.next_answer(), Some((Purpose::HealthSessions, PathBuf::from("a.jsonl"))));
        assert_eq!(files.next_answer(), Some((Purpose::ExportFolder, PathBuf::from("out"))));
        assert_eq!(files.next_answer(), None);
    }

    #[test]
    fn without_native_dialogs_the_in_app_chooser_opens() {
        let mut files = Files::new(Box::new(ScriptedDialogs::unavailable()), Folders::default());
        assert_eq!(files.choosing(), None);
        files.request(Purpose::OpenRuleset, "");
        assert_eq!(files.choosing(), Some(Purpose::OpenRuleset));
        assert_eq!(files.answer(Purpose::OpenRuleset), None, "nothing chosen yet");
    }
}
