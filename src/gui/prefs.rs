//! Preferences kept between runs in eframe's storage: theme, recent files,
//! last folders, the tab shown. The document itself lives in its own file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::command::{Tab, ThemeChoice};
use super::files::Folders;

/// Recent files kept.
const MAX_RECENT: usize = 10;

/// What the studio remembers.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Light, dark or system.
    pub theme: ThemeChoice,
    /// Recently opened or saved rulesets, newest first.
    pub recent: Vec<PathBuf>,
    /// The tab shown.
    pub tab: Tab,
    /// The last folder used for each kind of file.
    pub folders: Folders,
    /// Use the studio's own file chooser instead of the desktop's.
    pub in_app_chooser: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            theme: ThemeChoice::System,
            recent: Vec::new(),
            tab: Tab::Rule,
            folders: Folders::default(),
            in_app_chooser: false,
        }
    }
}

impl Prefs {
    /// Puts a file at the top of the recent list.
    pub fn remember(&mut self, path: &Path) {
        let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.recent.retain(|p| *p != path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    /// The egui theme preference.
    pub fn egui_theme(&self) -> egui::ThemePreference {
        match self.theme {
            ThemeChoice::System => egui::ThemePreference::System,
            ThemeChoice::Light => egui::ThemePreference::Light,
            ThemeChoice::Dark => egui::ThemePreference::Dark,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_recent_files_newest_first_without_repeats() {
        let mut prefs = Prefs::default();
        for i in 0..12 {
            prefs.remember(Path::new(&format!("/nowhere/r{i}.rules.ron")));
        }
        prefs.remember(Path::new("/nowhere/r5.rules.ron"));
        let names: Vec<String> = prefs.recent.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(names.len(), 10);
        assert_eq!(names[0], "/nowhere/r5.rules.ron");
        assert_eq!(names[1], "/nowhere/r11.rules.ron");
        assert_eq!(names.iter().filter(|n| n.ends_with("r5.rules.ron")).count(), 1);
    }

    #[test]
    fn folders_and_the_chooser_choice_survive_a_restart() {
        let mut prefs = Prefs::default();
        prefs.folders.sessions = Some(PathBuf::from("/data/sessions"));
        prefs.folders.exports = Some(PathBuf::from("/data/exports"));
        prefs.in_app_chooser = true;
        // eframe keeps preferences as RON.
        let stored = ron::to_string(&prefs).unwrap();
        let restored: Prefs = ron::from_str(&stored).unwrap();
        assert_eq!(restored.folders, prefs.folders);
        assert!(restored.in_app_chooser);
        // Preferences stored by an older version still load.
        let old: Prefs =
            ron::from_str("(theme: Dark, recent: [], export_dir: None, sessions: None, tab: Rule)").unwrap();
        assert_eq!(old.folders, Folders::default());
    }
}
