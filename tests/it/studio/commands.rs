//! Panels ask, the app does: drawing a panel and clicking Export, a run
//! button or a file button yields the command and starts nothing (no job, no
//! file dialog, no file written); the real app, given those commands, asks
//! for the file, gives the choice to the tab that asked, and starts the work.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::analysis::{self, Options};
use rulestudio::export::ExportOutcome;
use rulestudio::format::load_ruleset;
use rulestudio::gui::command::{Command, Tab, Work};
use rulestudio::gui::dialogs::Purpose;
use rulestudio::gui::panels::health::badges::Badges;
use rulestudio::gui::panels::{self, Out, View};
use rulestudio::gui::worker::Checked;
use rulestudio::model::Ruleset;

use super::batch::wait;
use super::{demo_copy, studio};
use crate::support::repo;

fn sessions() -> PathBuf {
    repo("rulesets/sessions/demo-sessions.jsonl")
}

/// A panel drawn on its own: the document and its check, the panel's
/// state, and the commands drawing returned.
struct Alone<S> {
    ruleset: Ruleset,
    checked: Arc<Checked>,
    badges: Badges,
    state: S,
    out: Out,
}

impl<S> Alone<S> {
    /// The demo ruleset, checked, and a panel's `state`.
    fn new(state: S) -> Self {
        let ruleset = load_ruleset(&repo("rulesets/demo-store.rules.ron")).unwrap().ruleset;
        let analysis::Checked { analysis, compiled, tests } =
            analysis::check(&ruleset, &Options { now: super::CLOCK, ..Options::default() });
        let checked = Arc::new(Checked { generation: 1, analysis, compiled, tests, took: Duration::ZERO });
        Alone { ruleset, checked, badges: Arc::new(HashMap::new()), state, out: Vec::new() }
    }
}

/// The view a panel draws from (a function of the fields, so the state and
/// the commands can be borrowed beside it).
fn view<'a>(ruleset: &'a Ruleset, checked: &'a Arc<Checked>, badges: &'a Badges) -> View<'a> {
    View {
        ruleset,
        generation: checked.generation,
        structure: checked.generation,
        checked: Some(checked),
        stale: false,
        compiled: checked.compiled.as_ref(),
        highlight: None,
        dark: false,
        health: badges,
    }
}

/// Clicks `label`, runs the frames that follow, and takes the commands returned.
fn click<S>(h: &mut Harness<'_, Alone<S>>, label: &str) -> Out {
    h.state_mut().out.clear();
    h.get_by_label(label).click();
    h.run();
    std::mem::take(&mut h.state_mut().out)
}

#[test]
fn drawing_a_tab_returns_what_was_asked_for_and_starts_nothing() {
    // Batch: "Load sessions…" asks for a session file, and nothing runs.
    let mut h = Harness::builder().with_size(super::SIZE).build_ui_state(
        |ui, t: &mut Alone<panels::batch::BatchState>| {
            let view = view(&t.ruleset, &t.checked, &t.badges);
            panels::batch::show(ui, &mut t.state, &view, &mut t.out);
        },
        Alone::new(panels::batch::BatchState::default()),
    );
    assert_eq!(click(&mut h, "Load sessions…"), vec![Command::Choose(Purpose::BatchSessions)]);
    assert!(!h.state().state.is_running() && h.state().state.result().is_none());

    // Impact: "Compare against…" and "Choose sessions…" ask for files.
    let mut h = Harness::builder().with_size(super::SIZE).build_ui_state(
        |ui, t: &mut Alone<panels::impact::ImpactState>| {
            let view = view(&t.ruleset, &t.checked, &t.badges);
            panels::impact::show(ui, &mut t.state, &view, &mut t.out, None, None);
        },
        Alone::new(panels::impact::ImpactState::default()),
    );
    assert_eq!(click(&mut h, "Compare against…"), vec![Command::Choose(Purpose::OpenComparison)]);
    assert_eq!(click(&mut h, "Choose sessions…"), vec![Command::Choose(Purpose::ImpactSessions)]);
    assert!(!h.state().state.is_running());

    // Health: a run over the Batch tab's file is asked for, not started.
    let batch = sessions();
    let mut h = Harness::builder().with_size(super::SIZE).build_ui_state(
        |ui, t: &mut Alone<panels::health::HealthState>| {
            let view = view(&t.ruleset, &t.checked, &t.badges);
            panels::health::show(ui, &mut t.state, &view, Some(&batch), &mut t.out);
        },
        Alone::new(panels::health::HealthState::new(Some(super::CLOCK))),
    );
    assert_eq!(click(&mut h, "Judge over sessions…"), vec![Command::Choose(Purpose::HealthSessions)]);
    assert_eq!(click(&mut h, "Judge over demo-sessions.jsonl"), vec![Command::Start(Work::Health(sessions()))]);
    assert!(!h.state().state.is_running() && h.state().state.result().is_none());

    // Measure: the same, and its outcomes file.
    let mut h = Harness::builder().with_size(super::SIZE).build_ui_state(
        |ui, t: &mut Alone<panels::measure::MeasureState>| {
            let view = view(&t.ruleset, &t.checked, &t.badges);
            panels::measure::show(ui, &mut t.state, &view, Some(&batch), &mut t.out);
        },
        Alone::new(panels::measure::MeasureState::default()),
    );
    assert_eq!(click(&mut h, "Measure over demo-sessions.jsonl"), vec![Command::Start(Work::Measure(sessions()))]);
    assert_eq!(click(&mut h, "Outcomes file…"), vec![Command::Choose(Purpose::OutcomesFile)]);
    assert!(!h.state().state.is_running() && h.state().state.outcomes().is_none());
}

#[test]
fn the_export_dialog_asks_for_a_folder_a_plan_and_an_export_and_writes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let mut state = panels::export::ExportState::default();
    state.open = true;
    let mut h = Harness::builder().with_size(super::SIZE).build_ui_state(
        |ui, t: &mut Alone<panels::export::ExportState>| {
            let view = view(&t.ruleset, &t.checked, &t.badges);
            panels::export::show(ui.ctx(), &mut t.state, &view, false, None, &mut t.out);
        },
        Alone::new(state),
    );
    assert_eq!(click(&mut h, "Choose folder…"), vec![Command::Choose(Purpose::ExportFolder)]);
    assert_eq!(h.state().state.folder, None, "the choice comes back through the app");

    // With a folder, the dialog asks for a plan; nothing plans until asked.
    h.state_mut().state.set_folder(folder.path().to_path_buf());
    h.state_mut().out.clear();
    h.run();
    let plan = Command::Start(Work::PlanExport(folder.path().to_path_buf()));
    assert!(h.state().out.contains(&plan), "{:?}", h.state().out);
    assert!(!h.state().state.busy());

    // Do what the app does for it, then click Export: the export is asked
    // for, and not a file is written.
    let (ruleset, checked, ctx) = (h.state().ruleset.clone(), h.state().checked.clone(), h.ctx.clone());
    h.state_mut().state.start_plan(&ctx, &ruleset, &checked, folder.path().to_path_buf());
    let start = Instant::now();
    while h.state().state.busy() {
        assert!(start.elapsed() < Duration::from_secs(60), "timed out planning");
        std::thread::sleep(Duration::from_millis(10));
        let t = h.state_mut();
        t.state.poll(&t.ruleset, false, &mut t.out);
    }
    assert!(matches!(h.state().state.planned(), Some(Ok(p)) if p.version == 1), "{:?}", h.state().state.planned());
    h.run();
    assert_eq!(click(&mut h, "Export"), vec![Command::Start(Work::Export(folder.path().to_path_buf()))]);
    assert!(!h.state().state.busy() && h.state().state.outcome.is_none());
    assert_eq!(std::fs::read_dir(folder.path()).unwrap().count(), 0, "nothing is written until the app applies it");
}

/// Waits until `done` holds for the app.
fn until(
    h: &mut Harness<'static, rulestudio::gui::StudioApp>,
    what: &str,
    done: impl Fn(&rulestudio::gui::StudioApp) -> bool,
) {
    h.run();
    wait(h, what, done);
}

#[test]
fn the_app_asks_for_files_routes_each_choice_to_its_asker_and_starts_the_work() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let out = tempfile::tempdir().unwrap();
    let outcomes = dir.path().join("outcomes.jsonl");
    std::fs::write(&outcomes, "").unwrap();
    let answers = vec![Some(sessions()), Some(outcomes.clone()), Some(sessions()), Some(out.path().to_path_buf())];
    let mut h = studio(Some(&path), answers, dir.path());

    // The Batch tab's file choice: the batch tab runs over it.
    h.state_mut().command(Command::Choose(Purpose::BatchSessions));
    until(&mut h, "the batch run", |app| !app.ui.batch.is_running() && app.ui.batch.result().is_some());
    assert_eq!(h.state().ui.batch.sessions_path(), Some(sessions().as_path()));
    assert_eq!(h.state().ui.batch.result().unwrap().report.sessions, 250);
    assert!(h.state().ui.health.result().is_none() && h.state().ui.measure.result().is_none());

    // The Measure tab's outcomes file goes to it, and nowhere else.
    h.state_mut().command(Command::Choose(Purpose::OutcomesFile));
    h.run();
    assert_eq!(h.state().ui.measure.outcomes(), Some(outcomes.as_path()));
    assert!(!h.state().ui.measure.is_running());

    // The Health tab's session file: it judges over it.
    h.state_mut().command(Command::Choose(Purpose::HealthSessions));
    until(&mut h, "the health run", |app| !app.ui.health.is_running() && app.ui.health.result().is_some());
    assert_eq!(h.state().ui.health.result().unwrap().path, sessions());

    // The export folder, then the export itself.
    h.state_mut().command(Command::Choose(Purpose::ExportFolder));
    h.run();
    assert_eq!(h.state().ui.export.folder.as_deref(), Some(out.path()));
    h.state_mut().command(Command::Start(Work::Export(out.path().to_path_buf())));
    until(&mut h, "the export", |app| !app.ui.export.busy() && app.ui.export.outcome.is_some());
    assert!(matches!(h.state().ui.export.outcome, Some(Ok(ExportOutcome::Written { version: 1, .. }))));
    assert!(out.path().join("demo-store-v1.ruleset.json").exists());
    assert_eq!(h.state().document().ruleset.last_export.as_ref().map(|s| s.version), Some(1), "recorded");
    assert!(!h.state().document().is_dirty(), "and saved");
    assert!(h.state().ui.export.open, "the result is shown");
    h.get_by_label("✔ Exported v1:");

    // A comparison over the Batch tab's file, cancelled or not, leaves the
    // tab idle with a result or a partial one.
    let export = out.path().join("demo-store-v1.ruleset.json");
    h.state_mut().command(Command::Start(Work::Compare(export.clone())));
    h.state_mut().command(Command::Cancel(Tab::Impact));
    until(&mut h, "the comparison", |app| !app.ui.impact.is_running());
    assert_eq!(h.state().ui.impact.error(), None);
    assert_eq!(h.state().ui.impact.result().map(|r| r.against.as_path()), Some(export.as_path()));
}

#[test]
fn a_comparison_without_sessions_waits_for_the_file_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let other = dir.path().join("other.rules.ron");
    std::fs::copy(&path, &other).unwrap();
    // The first session question is cancelled; the second is answered.
    let mut h = studio(Some(&path), vec![None, Some(sessions())], dir.path());
    h.state_mut().command(Command::Start(Work::Compare(other.clone())));
    h.run();
    assert!(!h.state().ui.impact.is_running());
    assert_eq!(h.state().ui.impact.error(), Some("Choose a session file to compare over."));
    h.state_mut().command(Command::Choose(Purpose::ImpactSessions));
    until(&mut h, "the comparison", |app| !app.ui.impact.is_running() && app.ui.impact.result().is_some());
    let run = h.state().ui.impact.result().unwrap();
    assert_eq!((run.against.as_path(), run.sessions.as_path()), (other.as_path(), sessions().as_path()));
    assert_eq!(run.report.sessions, 250);
    assert!(h.state().ui.batch.result().is_none(), "the Batch tab did not get the file");
}
