//! The studio, driven through its accessibility tree with egui_kittest:
//! whole workflows on the real app, and snapshots of its screens.

mod basics;
mod batch;
mod commands;
mod editor;
mod export;
mod file_chooser;
mod files;
mod health;
mod keyboard;
mod layout;
mod looks;
mod measure;
mod model;
mod problems;
mod recovery;
mod simulator;
mod stale;
mod tests_tab;

use std::path::{Path, PathBuf};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::gui::dialogs::ScriptedDialogs;
use rulestudio::gui::{Config, StudioApp};

/// The window size tests use.
pub const SIZE: (f32, f32) = (1400.0, 900.0);

/// "Now" for every studio test: 2026-11-21 12:00 UTC, so witnesses and
/// ended schedules do not depend on the day the tests run.
pub const CLOCK: i64 = 1_795_262_400;

/// The day of [`CLOCK`]: the studio dates the rules it edits with it.
pub fn today() -> chrono::NaiveDate {
    chrono::DateTime::from_timestamp(CLOCK, 0).unwrap().date_naive()
}

/// A studio on `file`, with scripted dialog answers and a private recovery directory.
pub fn studio(file: Option<&Path>, answers: Vec<Option<PathBuf>>, recovery: &Path) -> Harness<'static, StudioApp> {
    studio_with(file, ScriptedDialogs::new(answers), recovery, true)
}

/// A studio on `file` whose file choices go to `dialogs`. `accessible`:
/// whether every input must have an accessible name (the in-app file
/// chooser's two text fields, drawn by egui_file, have none).
pub fn studio_with(
    file: Option<&Path>,
    dialogs: ScriptedDialogs,
    recovery: &Path,
    accessible: bool,
) -> Harness<'static, StudioApp> {
    let file = file.map(Path::to_path_buf);
    let recovery = recovery.to_path_buf();
    // Background checks repaint while they run: allow frames enough for them to settle.
    let builder = Harness::builder().with_size(SIZE).with_max_steps(100).with_accessibility_check(accessible);
    let mut harness = builder.build_eframe(move |cc| {
        StudioApp::new(
            cc,
            Config {
                file,
                dialogs: Box::new(dialogs),
                recovery_dir: recovery,
                restore_prefs: false,
                clock: Some(CLOCK),
            },
        )
    });
    settle(&mut harness);
    harness
}

/// Runs frames until the check results are current and the UI is still.
pub fn settle(harness: &mut Harness<'static, StudioApp>) {
    harness.run_steps(2);
    let ctx = harness.ctx.clone();
    harness.state_mut().wait_for_check(&ctx);
    harness.run_steps(3);
}

/// Types `text` into the rule list's search field, replacing what was there.
pub fn search_rules(harness: &mut Harness<'static, StudioApp>, text: &str) {
    harness.get_by_label("Search").click();
    harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    harness.get_by_label("Search").type_text(text);
    harness.run();
}

/// A copy of the demo ruleset in a temporary directory.
pub fn demo_copy(dir: &Path) -> PathBuf {
    let path = dir.join("demo-store.rules.ron");
    std::fs::copy(crate::support::repo("rulesets/demo-store.rules.ron"), &path).expect("copy demo");
    path
}
