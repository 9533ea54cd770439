//! Preferences kept between runs in eframe's storage: theme, recent files,
//! last folders, the tab shown. The document itself lives in its own file.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::command::{Tab, ThemeChoice};

/// Recent files kept.
const MAX_RECENT: usize = 8;

/// What the studio remembers.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Light, dark or system.
    pub theme: ThemeChoice,
    /// Recently opened or saved rulesets, newest first.
    pub recent: Vec<PathBuf>,
    /// Where the last export went.
    pub export_dir: Option<PathBuf>,
    /// The last session file loaded.
    pub sessions: Option<PathBuf>,
    /// The tab shown.
    pub tab: Tab,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs { theme: ThemeChoice::System, recent: Vec::new(), export_dir: None, sessions: None, tab: Tab::Rule }
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
