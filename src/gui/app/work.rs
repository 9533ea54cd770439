//! The work panels ask for, started, stopped and collected in one place:
//! runs over session files (Batch, Health, Measure), comparisons (Impact),
//! export plans and writes, and sessions read to open in the simulator.
//! Each starts from the document as it is when its command is applied; the
//! jobs live in their panel's state, which draws their progress and results.

use std::path::Path;

use egui::Context;

use super::StudioApp;
use crate::gui::command::{Tab, Work};
use crate::gui::dialogs::Purpose;
use crate::gui::panels::Out;
use crate::gui::panels::job_ui::Basis;

impl StudioApp {
    /// Starts `work` on a worker thread.
    pub(super) fn start(&mut self, ctx: &Context, work: Work) {
        let basis =
            Basis::new(&self.doc.ruleset, self.doc.generation, self.checker.latest(), self.checker.last_compiled());
        match work {
            Work::Batch(path) => self.ui.batch.start(ctx, path, &basis),
            Work::Compare(against) => {
                let batch = self.ui.batch.sessions_path().map(Path::to_path_buf);
                // No session file yet: ask for one; a native dialog answers at
                // once, the studio's own chooser later (the comparison waits).
                let sessions = self.ui.impact.current_sessions(batch.as_deref()).or_else(|| {
                    self.files.request(Purpose::ImpactSessions, "");
                    self.files.answer(Purpose::ImpactSessions)
                });
                self.ui.impact.compare(ctx, &basis, against, sessions, batch.as_deref());
            }
            Work::Health(path) => self.ui.health.start(ctx, path, &basis),
            Work::Measure(path) => self.ui.measure.start(ctx, path, &basis),
            // Planned and exported on the check of this very generation, never a stale one.
            Work::PlanExport(folder) => {
                if let Some(checked) = basis.checked {
                    self.ui.export.start_plan(ctx, basis.ruleset, checked, folder);
                }
            }
            Work::Export(folder) => {
                if let Some(checked) = basis.checked {
                    self.ui.export.start_export(ctx, basis.ruleset, checked, folder);
                }
            }
            Work::OpenSession { tab: Tab::Impact, file, at } => self.ui.impact.open_session(ctx, &file, &at),
            Work::OpenSession { file, at, .. } => self.ui.batch.open_session(ctx, &file, &at),
        }
    }

    /// Asks a tab's run to stop.
    pub(super) fn cancel(&mut self, tab: Tab) {
        match tab {
            Tab::Batch => self.ui.batch.cancel(),
            Tab::Impact => self.ui.impact.cancel(),
            Tab::Health => self.ui.health.cancel(),
            Tab::Measure => self.ui.measure.cancel(),
            Tab::Rule | Tab::Model | Tab::Simulator | Tab::Tests => {}
        }
    }

    /// Collects finished work into the panels' state, before a frame is
    /// drawn; what a result asks for (a session to simulate, an export to
    /// record) goes to `out`. Also brings what the tab shown reads from
    /// files or computes off the UI thread up to date: the newest export
    /// for the Impact tab, the order of the batch session table.
    pub(super) fn poll_jobs(&mut self, ctx: &Context, out: &mut Out) {
        self.ui.batch.poll(out);
        self.ui.impact.poll(out);
        self.ui.health.poll();
        self.ui.measure.poll();
        self.ui.export.poll(&self.doc.ruleset, self.doc.path.is_some(), out);
        match self.tab() {
            Tab::Impact => self.ui.impact.look_for_export(self.ui.export.folder.as_deref(), &self.doc.ruleset.name),
            Tab::Batch => self.ui.batch.refresh_table(ctx),
            _ => {}
        }
    }
}
