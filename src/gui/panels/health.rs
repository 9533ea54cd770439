//! The Health tab (rule health): which rules have aged badly. Before any
//! sample is run it lists what needs no traffic (schedules over or ending
//! soon, rules not edited for long); over a session file, run on a worker
//! thread with progress and cancel, it adds rules that never fired, always
//! lose (and who takes their sessions), match every session, or wait for
//! values no session has. Each rule links to its editor; ticked rules can be
//! disabled, archived (disabled and tagged `archived`, hidden from the rule
//! list by default, kept in the file) or deleted together, in one undoable
//! step. A run remembers the generation and file it was computed for and says
//! when either changed.

pub mod badges;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};
use egui::{RichText, Ui};

use self::badges::Badges;
use super::batch::charts::{count, thousands};
use super::job_ui::{Basis, RunWords, file_name, progress_row, run_buttons, stopped_early, with_control};
use super::{Out, View};
use crate::analysis::{Diagnostic, Severity};
use crate::gui::command::{Command, Tab, Work};
use crate::gui::dialogs::Purpose;
use crate::gui::document::Edit;
use crate::gui::theme::{ok_color, severity_color, severity_symbol};
use crate::model::{Rule, Ruleset};
use crate::sessions::SessionSource;
use crate::simulate::health::{self, Options, Report};

/// The tag an archived rule carries.
pub const ARCHIVED: &str = "archived";

/// Example session ids kept per finding.
const EXAMPLES: usize = 3;

/// Whether a rule is archived.
pub fn is_archived(rule: &Rule) -> bool {
    rule.tags.iter().any(|t| t == ARCHIVED)
}

/// The Health tab's own state.
#[derive(Default)]
pub struct HealthState {
    path: Option<PathBuf>,
    running: Option<Running>,
    run: Option<HealthRun>,
    error: Option<String>,
    /// Rules ticked for an action, by id.
    picked: BTreeSet<String>,
    confirm_delete: bool,
    /// A fixed "now" (epoch seconds), for reproducible tests.
    clock: Option<i64>,
    /// Findings that need no traffic, with the generation they are of.
    dated: Option<(u64, Arc<Vec<Vec<Diagnostic>>>)>,
    badges: Option<(u64, usize, Badges)>,
    runs: usize,
}

/// A run in progress.
struct Running {
    job: crate::gui::worker::Job<Result<Report, String>>,
    path: PathBuf,
    generation: u64,
}

/// A finished health run.
pub struct HealthRun {
    /// The session file.
    pub path: PathBuf,
    /// The report.
    pub report: Report,
    /// The document generation it judged.
    pub generation: u64,
}

impl HealthState {
    /// The tab's state; `clock` fixes "now" (epoch seconds) for tests.
    pub fn new(clock: Option<i64>) -> Self {
        HealthState { clock, ..HealthState::default() }
    }

    /// The last finished run.
    pub fn result(&self) -> Option<&HealthRun> {
        self.run.as_ref()
    }

    /// Whether a run is in progress.
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Why the last run could not start or finish.
    pub fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    fn options(&self) -> Options {
        let now = self.clock.and_then(|s| DateTime::from_timestamp(s, 0)).unwrap_or_else(Utc::now);
        Options::at(now)
    }

    /// The findings that need no traffic, for the document's generation.
    fn dated(&mut self, ruleset: &Ruleset, generation: u64) -> Arc<Vec<Vec<Diagnostic>>> {
        match &self.dated {
            Some((g, found)) if *g == generation => found.clone(),
            _ => {
                let found = Arc::new(health::dated_findings(ruleset, &self.options()));
                self.dated = Some((generation, found.clone()));
                found
            }
        }
    }

    /// The rule list's badges: dated findings of the current generation and
    /// traffic findings of the last run.
    pub fn badges(&mut self, ruleset: &Ruleset, generation: u64) -> Badges {
        if let Some((g, runs, badges)) = &self.badges
            && *g == generation
            && *runs == self.runs
        {
            return badges.clone();
        }
        let dated = self.dated(ruleset, generation);
        let mut found: Vec<(&str, &Diagnostic)> =
            ruleset.rules.iter().zip(dated.iter()).flat_map(|(r, ds)| ds.iter().map(|d| (r.id.as_str(), d))).collect();
        if let Some(run) = &self.run {
            for rule in &run.report.rules {
                found.extend(rule.findings.iter().filter(|d| is_traffic(d)).map(|d| (rule.rule.as_str(), d)));
            }
        }
        let badges: Badges = Arc::new(badges::collect(found));
        self.badges = Some((generation, self.runs, badges.clone()));
        badges
    }

    /// Starts judging the document's rules over a session file.
    pub fn start(&mut self, ctx: &egui::Context, path: PathBuf, basis: &Basis) {
        self.path = Some(path.clone());
        self.error = None;
        if let Some(old) = self.running.take() {
            old.job.cancel();
        }
        let ruleset = basis.ruleset.clone();
        let compiler = basis.compiler();
        let options = self.options();
        let p = path.clone();
        let job = crate::gui::worker::Job::spawn(ctx, move |handle| {
            let compiled = compiler()?;
            let source = SessionSource::open(&p).map_err(|e| e.to_string())?;
            Ok(with_control(handle, EXAMPLES, false, |control| {
                health::health(&ruleset, &compiled, source, &options, control)
            }))
        });
        self.running = Some(Running { job, path, generation: basis.generation });
    }

    /// Asks the running job to stop; what it judged so far is kept.
    pub fn cancel(&mut self) {
        if let Some(r) = &self.running {
            r.job.cancel();
        }
    }

    /// Collects a finished run.
    pub fn poll(&mut self) {
        let Some(running) = &mut self.running else { return };
        let Some(result) = running.job.poll() else { return };
        let Some(running) = self.running.take() else { return };
        match result {
            Ok(report) => {
                self.run = Some(HealthRun { path: running.path, report, generation: running.generation });
                self.runs += 1;
            }
            Err(e) => self.error = Some(e),
        }
    }
}

/// Whether a finding comes from traffic (the rest are judged on every edit).
fn is_traffic(d: &Diagnostic) -> bool {
    !matches!(d.code, crate::analysis::Code::ScheduleEnded | crate::analysis::Code::ScheduleEndsSoon)
        && d.code != crate::analysis::Code::StaleRule
}

/// One rule's line in the view.
struct Line<'a> {
    id: &'a str,
    name: &'a str,
    findings: Vec<&'a Diagnostic>,
    traffic: Option<&'a health::RuleHealth>,
}

/// Draws the Health tab. `batch_sessions` is the Batch tab's file, offered
/// when this tab has none of its own.
pub fn show(ui: &mut Ui, state: &mut HealthState, view: &View, batch_sessions: Option<&Path>, out: &mut Out) {
    toolbar(ui, state, batch_sessions, out);
    if let Some(running) = &state.running
        && progress_row(ui, &running.job, |cancelling, n| {
            let what = if cancelling { "Cancelling… " } else { "" };
            format!("{what}{} sessions judged", thousands(n))
        })
    {
        out.push(Command::Cancel(Tab::Health));
    }
    if let Some(e) = &state.error {
        ui.label(RichText::new(e.clone()).color(severity_color(Severity::Error, view.dark)));
    }
    ui.separator();
    let dated = state.dated(view.ruleset, view.generation);
    // Lent out while drawing, so the lines can borrow it next to the state.
    let run = state.run.take();
    let lines = lines(view.ruleset, &dated, run.as_ref());
    summary(ui, run.as_ref(), view, &lines);
    actions(ui, state, view, out);
    ui.separator();
    table(ui, state, view, &lines, out);
    drop(lines);
    state.run = run;
}

fn toolbar(ui: &mut Ui, state: &HealthState, batch_sessions: Option<&Path>, out: &mut Out) {
    ui.horizontal(|ui| {
        let words = RunWords {
            verb: "Judge",
            purpose: "judge their health",
            asks: Purpose::HealthSessions,
            work: Work::Health,
        };
        let idle = state.running.is_none();
        run_buttons(ui, &words, idle, state.path.as_deref(), batch_sessions, out);
    });
}

/// The rules with findings (archived rules left out), most severe first; with
/// a run, its rules in its order, then rules added since.
fn lines<'a>(ruleset: &'a Ruleset, dated: &'a [Vec<Diagnostic>], run: Option<&'a HealthRun>) -> Vec<Line<'a>> {
    let traffic: HashMap<&str, &health::RuleHealth> =
        run.map(|r| r.report.rules.iter().map(|h| (h.rule.as_str(), h)).collect()).unwrap_or_default();
    let mut lines: Vec<Line> = ruleset
        .rules
        .iter()
        .zip(dated)
        .filter(|(rule, _)| !is_archived(rule))
        .map(|(rule, dated)| {
            let traffic = traffic.get(rule.id.as_str()).copied();
            let mut findings: Vec<&Diagnostic> = dated.iter().collect();
            if let Some(h) = traffic
                && rule.enabled
            {
                findings.extend(h.findings.iter().filter(|d| is_traffic(d)));
            }
            findings.sort_by_key(|d| (d.severity, d.code));
            Line { id: &rule.id, name: &rule.name, findings, traffic }
        })
        .filter(|l| !l.findings.is_empty())
        .collect();
    lines.sort_by_key(|l| l.findings.first().map(|d| d.severity));
    lines
}

fn summary(ui: &mut Ui, run: Option<&HealthRun>, view: &View, lines: &[Line]) {
    let warn = severity_color(Severity::Warning, view.dark);
    match run {
        None => {
            ui.weak(
                "Judged from the rules alone: schedules that are over or end soon, rules not edited for 90 days. \
                 Judge over a sample of sessions to also find rules that never fire, always lose, match every \
                 session, or wait for values no visitor has.",
            );
        }
        Some(run) => {
            let r = &run.report;
            let window = match (r.from, r.to) {
                (Some(from), Some(to)) => {
                    format!(", {} to {}", from.format("%Y-%m-%d %H:%M"), to.format("%Y-%m-%d %H:%M"))
                }
                _ => String::new(),
            };
            ui.label(format!(
                "{} judged over {}{window} in {}",
                count(lines.len(), "rule with findings", "rules with findings"),
                count(r.sessions, "session", "sessions"),
                file_name(&run.path)
            ))
            .on_hover_text(run.path.display().to_string());
            if r.error_count > 0 {
                let first =
                    r.errors.first().map(|e| format!(" (first: line {}, column {}: {})", e.line, e.column, e.message));
                ui.label(
                    RichText::new(format!(
                        "{} skipped{}",
                        count(r.error_count, "bad record", "bad records"),
                        first.unwrap_or_default()
                    ))
                    .color(severity_color(Severity::Error, view.dark)),
                );
            }
            if r.stopped {
                stopped_early(ui, r.sessions, "traffic findings cover only those", view.dark);
            }
            if run.generation != view.generation {
                ui.label(
                    RichText::new("⚠ Out of date: the rules changed since this run. Judge again to update it.")
                        .color(warn),
                );
            }
        }
    }
}

/// The actions on the ticked rules.
fn actions(ui: &mut Ui, state: &mut HealthState, view: &View, out: &mut Out) {
    state.picked.retain(|id| view.ruleset.rule_index(id).is_some());
    let n = state.picked.len();
    ui.horizontal(|ui| {
        ui.label(format!("{} ticked", count(n, "rule", "rules")));
        let any = n > 0;
        if ui
            .add_enabled(any, egui::Button::new("Disable"))
            .on_hover_text("Turn the ticked rules off; they stay in the list")
            .clicked()
        {
            out.push(bulk(view.ruleset, &state.picked, Bulk::Disable));
        }
        if ui
            .add_enabled(any, egui::Button::new("Archive"))
            .on_hover_text(
                "Turn the ticked rules off and tag them `archived`: hidden from the rule list, kept in the file",
            )
            .clicked()
        {
            out.push(bulk(view.ruleset, &state.picked, Bulk::Archive));
            state.picked.clear();
        }
        if ui.add_enabled(any, egui::Button::new("Delete…")).clicked() {
            state.confirm_delete = true;
        }
        if any && ui.button("Untick all").clicked() {
            state.picked.clear();
        }
    });
    if state.confirm_delete && n > 0 {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("Delete {}? Undo brings them back.", count(n, "rule", "rules")))
                    .color(severity_color(Severity::Warning, view.dark)),
            );
            if ui.button("Delete them").clicked() {
                out.push(bulk(view.ruleset, &state.picked, Bulk::Delete));
                state.picked.clear();
                state.confirm_delete = false;
            }
            if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                state.confirm_delete = false;
            }
        });
    } else {
        state.confirm_delete = false;
    }
}

/// What to do with the ticked rules.
#[derive(Clone, Copy)]
enum Bulk {
    Disable,
    Archive,
    Delete,
}

/// One undoable edit doing `what` to the rules in `ids`.
fn bulk(ruleset: &Ruleset, ids: &BTreeSet<String>, what: Bulk) -> Command {
    let n = ids.len();
    let mut rules = Vec::with_capacity(ruleset.rules.len());
    for rule in &ruleset.rules {
        if !ids.contains(&rule.id) {
            rules.push(rule.clone());
            continue;
        }
        let mut rule = rule.clone();
        match what {
            Bulk::Disable => rule.enabled = false,
            Bulk::Archive => {
                rule.enabled = false;
                if !is_archived(&rule) {
                    rule.tags.push(ARCHIVED.to_owned());
                }
            }
            Bulk::Delete => continue,
        }
        rules.push(rule);
    }
    let verb = match what {
        Bulk::Disable => "disable",
        Bulk::Archive => "archive",
        Bulk::Delete => "delete",
    };
    Command::Edit(Edit::SetRules { label: format!("{verb} {}", count(n, "rule", "rules")), rules })
}

fn table(ui: &mut Ui, state: &mut HealthState, view: &View, lines: &[Line], out: &mut Out) {
    if lines.is_empty() {
        ui.label(RichText::new("✔ No rule has a health finding.").color(ok_color(view.dark)));
        return;
    }
    egui::ScrollArea::vertical().id_salt("health-rules").auto_shrink([false, false]).show(ui, |ui| {
        for line in lines {
            ui.horizontal(|ui| {
                let mut ticked = state.picked.contains(line.id);
                let tick = ui.add(egui::Checkbox::without_text(&mut ticked)).on_hover_text(format!("Tick {}", line.id));
                if tick.changed() {
                    if ticked {
                        state.picked.insert(line.id.to_owned());
                    } else {
                        state.picked.remove(line.id);
                    }
                }
                if let Some(d) = line.findings.first() {
                    ui.label(RichText::new(severity_symbol(d.severity)).color(severity_color(d.severity, view.dark)));
                }
                if ui.link(RichText::new(line.name).strong()).on_hover_text(format!("Edit {}", line.id)).clicked()
                    && let Some(i) = view.ruleset.rule_index(line.id)
                {
                    out.push(Command::SelectRule(i));
                }
                if let Some(h) = line.traffic {
                    let last = h.last_applied.map_or_else(
                        || "never applied".to_owned(),
                        |t| format!("last applied {}", t.format("%Y-%m-%d %H:%M")),
                    );
                    ui.weak(format!("matched {}, applied {}, {last}", thousands(h.matched), thousands(h.applied)));
                }
            });
            ui.indent(("health-findings", line.id), |ui| {
                for d in &line.findings {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(badges::word(d.code)).small().color(severity_color(d.severity, view.dark)),
                        );
                        ui.label(&d.message);
                    });
                }
            });
            ui.add_space(4.0);
        }
    });
}
