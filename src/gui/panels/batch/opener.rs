//! Opening one session of a file in the simulator, off the UI thread: by
//! its byte offset (a row of a batch run) or by its id (an example of an
//! impact transition, looked up in the rows of a run or, failing that, by
//! scanning the file). The app starts a read when a tab asks for it
//! ([`crate::gui::command::Work::OpenSession`]) and collects it before a frame.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use egui::{RichText, Ui};

use super::super::Out;
use crate::analysis::Severity;
use crate::gui::command::Command;
use crate::gui::theme::severity_color;
use crate::gui::worker::Job;
use crate::model::Session;
use crate::sessions::{SessionSource, read_one};
use crate::simulate::Row;

/// Opens sessions of a file in the simulator.
#[derive(Default)]
pub struct SessionOpener {
    job: Option<(String, Job<Result<Session, String>>)>,
    /// Why the last session could not be opened.
    pub error: Option<String>,
}

impl SessionOpener {
    /// Reads the session at `offset` of `path` and opens it.
    pub fn open_at(&mut self, ctx: &egui::Context, path: &Path, offset: u64, id: &str) {
        let path = path.to_path_buf();
        self.start(ctx, id, move |_| read_one(&path, offset).map_err(|e| e.to_string()));
    }

    /// Finds the session `id` (in `rows` when given, else by reading the file) and opens it.
    pub fn open_id(&mut self, ctx: &egui::Context, path: &Path, id: &str, rows: Option<Arc<Vec<Row>>>) {
        let (path, wanted) = (path.to_path_buf(), id.to_owned());
        self.start(ctx, id, move |cancel| match rows.and_then(|r| r.iter().find(|r| r.session == wanted).cloned()) {
            Some(row) => read_one(&path, row.offset).map_err(|e| e.to_string()),
            None => find(&path, &wanted, cancel),
        });
    }

    fn start(
        &mut self,
        ctx: &egui::Context,
        id: &str,
        work: impl FnOnce(&AtomicBool) -> Result<Session, String> + Send + 'static,
    ) {
        if let Some((_, job)) = self.job.take() {
            job.cancel();
        }
        self.error = None;
        self.job = Some((id.to_owned(), Job::spawn(ctx, move |handle| work(handle.cancel_flag()))));
    }

    /// Collects a finished read: the simulator opens the session, or the error is kept to show.
    pub fn poll(&mut self, out: &mut Out) {
        let Some((_, job)) = &mut self.job else { return };
        if let Some(result) = job.poll() {
            self.job = None;
            match result {
                Ok(session) => out.push(Command::Simulate(Box::new(session))),
                Err(e) => self.error = Some(e),
            }
        }
    }

    /// Shows what is being opened, or why it could not be.
    pub fn status(&mut self, ui: &mut Ui, dark: bool) {
        if let Some((id, _)) = &self.job {
            ui.weak(format!("Opening session {id}…"));
            ui.ctx().request_repaint_after(std::time::Duration::from_millis(100));
        }
        if let Some(e) = self.error.clone() {
            let color = severity_color(Severity::Error, dark);
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(format!("The session could not be opened: {e}")).color(color));
                if ui.small_button("Dismiss").clicked() {
                    self.error = None;
                }
            });
        }
    }
}

/// Scans a session file for the session `id`.
fn find(path: &Path, id: &str, cancel: &AtomicBool) -> Result<Session, String> {
    let mut source = SessionSource::open(path).map_err(|e| e.to_string())?;
    let parser = source.parser();
    while let Some(raw) = source.next_raw() {
        if cancel.load(Ordering::Relaxed) {
            return Err("cancelled".to_owned());
        }
        // Only records that mention the id are parsed.
        let Ok(raw) = raw else { continue };
        if raw.text.contains(id)
            && let Ok(session) = parser.parse(&raw)
            && session.id == id
        {
            return Ok(session);
        }
    }
    Err(format!("no session `{id}` in {}", path.display()))
}
