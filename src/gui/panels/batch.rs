//! The batch tab (SPEC §6 "Batch"): a session file (JSON lines, CSV or RON)
//! run through the compiled ruleset on a worker thread, with progress and
//! cancel, then the report: a summary, a chart of what each rule did and of
//! each slot's outcomes, rules that never fired, ties seen, bad records with
//! their lines, sessions with no personalisation, per-rule numbers, and a
//! table of every session. Clicking a session opens it in the simulator.
//! The report records the document generation and the session file it was
//! computed for; when either differs from the current ones it says it is
//! out of date and runs again as soon as the current rules have compiled.

pub mod charts;
pub mod opener;
mod parquet;
mod rules;
mod table;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use egui::{RichText, Ui};

use self::charts::{HBars, Scale, Series, count, palette, percent, shorten, thousands};
use self::opener::SessionOpener;
use self::parquet::{is_parquet, parquet_report};
use self::table::{Lookup, SessionTable};
use super::job_ui::{Basis, compiled_generation, file_name, progress_row, stopped_early, with_control};
use super::{Out, View};
use crate::analysis::Severity;
use crate::compile::CompiledRuleset;
use crate::gui::command::{Command, SessionAt, Tab, Work};
use crate::gui::dialogs::Purpose;
use crate::gui::theme::{ok_color, severity_color};
use crate::gui::worker::Job;
use crate::sessions::SessionSource;
use crate::simulate::{self, RecordError, Report, Row};

/// Example session ids kept per finding.
const EXAMPLES: usize = 5;
/// Rules shown in the per-rule chart (the ones matched most).
const CHART_RULES: usize = 30;
/// Outcomes shown per slot chart (the most frequent; the rest are summed).
const CHART_OUTCOMES: usize = 10;
/// Items listed per finding before "and N more".
const LISTED: usize = 12;

/// The parts of a report.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Section {
    /// Summary, charts and findings.
    #[default]
    Overview,
    /// Per-rule numbers.
    Rules,
    /// Every session and its outcomes.
    Sessions,
}

/// The batch tab's own state.
#[derive(Default)]
pub struct BatchState {
    path: Option<PathBuf>,
    running: Option<Running>,
    run: Option<BatchRun>,
    error: Option<String>,
    /// The part of the report shown.
    pub section: Section,
    sessions: SessionTable,
    rules: rules::RuleTable,
    opener: SessionOpener,
    /// The generation last re-run automatically (never twice for one).
    rerun_for: Option<u64>,
}

/// A run in progress.
struct Running {
    job: Job<Result<(Report, Lookup), String>>,
    path: PathBuf,
    compiled: Arc<CompiledRuleset>,
    generation: Option<u64>,
}

/// A finished batch run.
pub struct BatchRun {
    /// The session file.
    pub path: PathBuf,
    /// The report (its rows are in `rows`).
    pub report: Report,
    /// One row per session, in file order.
    pub rows: Arc<Vec<Row>>,
    /// The ruleset the run used.
    pub compiled: Arc<CompiledRuleset>,
    /// The document generation of that ruleset, when known.
    pub generation: Option<u64>,
    /// How long the run took.
    pub took: Duration,
    lookup: Arc<Lookup>,
    charts: ChartData,
}

/// The charts' labels and values, computed once per run.
struct ChartData {
    rule_labels: Vec<String>,
    rule_hover: Vec<String>,
    applied: Vec<f64>,
    held_out: Vec<f64>,
    lost: Vec<f64>,
    more_rules: usize,
    slots: Vec<SlotChart>,
}

struct SlotChart {
    slot: String,
    labels: Vec<String>,
    hover: Vec<String>,
    from_rules: Vec<f64>,
    defaults: Vec<f64>,
}

impl ChartData {
    fn new(report: &Report, compiled: &CompiledRuleset) -> Self {
        let mut matched: Vec<usize> = (0..report.rules.len()).filter(|i| report.rules[*i].matched > 0).collect();
        matched.sort_by_key(|i| (std::cmp::Reverse(report.rules[*i].matched), *i));
        let more_rules = matched.len().saturating_sub(CHART_RULES);
        matched.truncate(CHART_RULES);
        let rules: Vec<_> = matched.iter().map(|i| &report.rules[*i]).collect();
        let slots = report
            .slots
            .iter()
            .enumerate()
            .map(|(s, stats)| {
                let default = compiled.slots.get(s).map(|c| &c.default);
                let mut labels = Vec::new();
                let mut hover = Vec::new();
                let mut from_rules = Vec::new();
                let mut defaults = Vec::new();
                for o in stats.outcomes.iter().take(CHART_OUTCOMES) {
                    let is_default = Some(&o.outcome) == default;
                    let text = o.outcome.to_string();
                    labels.push(shorten(&text, 34));
                    let share = percent(o.count, report.sessions);
                    let what = if is_default { " (the slot's default)" } else { "" };
                    hover.push(format!("{text}{what}\n{} sessions, {share}", thousands(o.count)));
                    from_rules.push(if is_default { 0.0 } else { o.count as f64 });
                    defaults.push(if is_default { o.count as f64 } else { 0.0 });
                }
                let rest: usize = stats.outcomes.iter().skip(CHART_OUTCOMES).map(|o| o.count).sum();
                if rest > 0 {
                    let n = stats.outcomes.len() - CHART_OUTCOMES;
                    labels.push(format!("{n} other outcomes"));
                    hover.push(format!("{n} other outcomes\n{} sessions", thousands(rest)));
                    from_rules.push(rest as f64);
                    defaults.push(0.0);
                }
                SlotChart { slot: stats.slot.clone(), labels, hover, from_rules, defaults }
            })
            .collect();
        ChartData {
            rule_labels: rules.iter().map(|r| shorten(&r.rule, 32)).collect(),
            rule_hover: rules
                .iter()
                .map(|r| {
                    format!(
                        "{}\nmatched {}: applied {}, held out {}, lost {}",
                        r.rule,
                        thousands(r.matched),
                        thousands(r.applied),
                        thousands(r.held_out),
                        thousands(rules::lost(r))
                    )
                })
                .collect(),
            applied: rules.iter().map(|r| r.applied as f64).collect(),
            held_out: rules.iter().map(|r| r.held_out as f64).collect(),
            lost: rules.iter().map(|r| rules::lost(r) as f64).collect(),
            more_rules,
            slots,
        }
    }
}

impl BatchState {
    /// The session file chosen, if any (the impact tab uses it too).
    pub fn sessions_path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The last finished run.
    pub fn result(&self) -> Option<&BatchRun> {
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

    /// Whether the last run is of another document generation or session
    /// file than the current ones.
    pub fn out_of_date(&self, generation: u64) -> bool {
        self.run.as_ref().is_some_and(|run| run.generation != Some(generation) || Some(&run.path) != self.path.as_ref())
    }

    /// Asks to run again when the report is out of date and the current
    /// rules have compiled (once per generation, so a failing run is not
    /// retried every frame).
    fn rerun_if_out_of_date(&mut self, view: &View, out: &mut Out) {
        if self.running.is_none()
            && self.out_of_date(view.generation)
            && compiled_generation(view) == Some(view.generation)
            && self.rerun_for != Some(view.generation)
            && let Some(path) = self.path.clone()
        {
            self.rerun_for = Some(view.generation);
            out.push(Command::Start(Work::Batch(path)));
        }
    }

    /// Starts a run of the compiled ruleset over a session file.
    pub fn start(&mut self, ctx: &egui::Context, path: PathBuf, basis: &Basis) {
        self.path = Some(path.clone());
        self.error = None;
        let Some(compiled) = basis.compiled.cloned() else {
            self.error = Some("The ruleset has not compiled yet; fix its errors (see Problems) and run again.".into());
            return;
        };
        if let Some(old) = self.running.take() {
            old.job.cancel();
        }
        let generation = basis.compiled_generation;
        let (p, c) = (path.clone(), compiled.clone());
        let job = Job::spawn(ctx, move |handle| {
            let report = if is_parquet(&p) {
                parquet_report(&c, &p, handle)?
            } else {
                let source = SessionSource::open(&p).map_err(|e| e.to_string())?;
                with_control(handle, EXAMPLES, true, |control| simulate::run(&c, source, control))
            };
            Ok((report, Lookup::new(&c)))
        });
        self.running = Some(Running { job, path, compiled, generation });
    }

    /// Asks the running job to stop; its partial report is kept.
    pub fn cancel(&mut self) {
        if let Some(r) = &self.running {
            r.job.cancel();
        }
    }

    /// Reads a session of `file` and opens it in the simulator; a session
    /// looked up by id is found in the last run's rows when they are of
    /// that file.
    pub fn open_session(&mut self, ctx: &egui::Context, file: &Path, at: &SessionAt) {
        match at {
            SessionAt::Offset(offset, id) => self.opener.open_at(ctx, file, *offset, id),
            SessionAt::Id(id) => {
                let rows = self.run.as_ref().filter(|r| r.path == file).map(|r| r.rows.clone());
                self.opener.open_id(ctx, file, id, rows);
            }
        }
    }

    /// Brings the order of the session table up to date with its filter
    /// and sort, when the table is shown (before it is drawn).
    pub fn refresh_table(&mut self, ctx: &egui::Context) {
        if self.section == Section::Sessions
            && let Some(run) = &self.run
        {
            self.sessions.refresh(ctx, &run.rows, &run.lookup);
        }
    }

    /// Collects a finished run, and a session read to open in the simulator.
    pub fn poll(&mut self, out: &mut Out) {
        self.opener.poll(out);
        let Some(running) = &mut self.running else { return };
        let Some(result) = running.job.poll() else { return };
        let Some(running) = self.running.take() else { return };
        match result {
            Ok((mut report, lookup)) => {
                let rows = Arc::new(std::mem::take(&mut report.rows));
                let charts = ChartData::new(&report, &running.compiled);
                let run = BatchRun {
                    path: running.path,
                    report,
                    rows,
                    compiled: running.compiled,
                    generation: running.generation,
                    took: running.job.started.elapsed(),
                    lookup: Arc::new(lookup),
                    charts,
                };
                if let Some(old) = self.run.replace(run) {
                    // Freeing a million rows takes a while: not on the UI thread.
                    std::thread::spawn(move || drop(old));
                }
                self.sessions.reset();
                self.rules.reset();
            }
            Err(e) => self.error = Some(e),
        }
    }
}

/// A bad record as `line 12292:119: message`.
pub fn record_error(e: &RecordError) -> String {
    format!("line {}:{}: {}", e.line, e.column, e.message)
}

/// The bad records listed (the first 100), then how many more there are.
pub fn bad_records_text(r: &Report) -> String {
    let mut text: Vec<String> = r.errors.iter().map(record_error).collect();
    if r.error_count > r.errors.len() {
        text.push(format!("and {} more", thousands(r.error_count - r.errors.len())));
    }
    text.join("\n")
}

/// The field warnings listed (the first 100), then how many more there are.
fn warnings_text(r: &Report) -> String {
    let mut text: Vec<String> = r.warnings.iter().map(record_error).collect();
    if r.warning_count > r.warnings.len() {
        text.push(format!("and {} more", thousands(r.warning_count - r.warnings.len())));
    }
    text.join("\n")
}

fn error_text(ui: &mut Ui, text: impl Into<String>, dark: bool) {
    ui.label(RichText::new(text.into()).color(severity_color(Severity::Error, dark)));
}

/// Draws the batch tab.
pub fn show(ui: &mut Ui, state: &mut BatchState, view: &View, out: &mut Out) {
    state.rerun_if_out_of_date(view, out);
    ui.horizontal(|ui| {
        let idle = state.running.is_none();
        if ui
            .add_enabled(idle, egui::Button::new("Load sessions…"))
            .on_hover_text("Run the rules over a file of sessions: JSON lines, CSV or RON")
            .clicked()
        {
            out.push(Command::Choose(Purpose::BatchSessions));
        }
        if let Some(path) = state.path.clone() {
            if ui
                .add_enabled(idle, egui::Button::new("Run again"))
                .on_hover_text("Run the current rules again")
                .clicked()
            {
                out.push(Command::Start(Work::Batch(path.clone())));
            }
            let name = file_name(&path);
            let mut hover = path.display().to_string();
            if let Some(run) = &state.run {
                hover.push_str(&format!("\nlast run took {:.2} s", run.took.as_secs_f32()));
            }
            ui.label(RichText::new(name).strong()).on_hover_text(hover);
        }
    });
    if let Some(running) = &state.running
        && progress_row(ui, &running.job, |cancelling, count| {
            if cancelling {
                format!("Cancelling… {} sessions", thousands(count))
            } else {
                format!("{} sessions", thousands(count))
            }
        })
    {
        out.push(Command::Cancel(Tab::Batch));
    }
    if let Some(e) = &state.error {
        error_text(ui, e.clone(), view.dark);
    }
    state.opener.status(ui, view.dark);
    ui.separator();
    let Some(run) = &state.run else {
        if state.running.is_none() {
            ui.weak(
                "Run the rules over a file of sessions (JSON lines, CSV or RON; Parquet in a build with DuckDB) to see \
                 what each rule does to real traffic: which rules fire, which never do, what each slot shows, and every \
                 session's outcome.",
            );
            if view.compiled.is_none() {
                ui.weak("The ruleset has not compiled yet.");
            }
        }
        return;
    };
    summary(ui, run, view, &mut state.section);
    if state.out_of_date(view.generation) {
        let warn = severity_color(Severity::Warning, view.dark);
        let again = if state.running.is_some() { "running again…" } else { "it runs again once they compile." };
        let text = if Some(&run.path) != state.path.as_ref() {
            format!("⚠ Out of date: this report is of {}, not the session file chosen; {again}", file_name(&run.path))
        } else if run.generation.is_some() {
            format!("⚠ Out of date: the rules changed since this run (the report shows them as they were); {again}")
        } else {
            format!("⚠ Out of date: this run used the last version of the rules that compiled; {again}")
        };
        ui.label(RichText::new(text).color(warn));
    }
    ui.separator();
    match state.section {
        Section::Overview => overview(ui, state, view, out),
        Section::Rules => {
            let priorities: Vec<i32> = run.compiled.rules.iter().map(|r| r.priority).collect();
            if let Some(id) = rules::show(ui, &mut state.rules, &run.report.rules, &priorities)
                && let Some(i) = view.ruleset.rule_index(&id)
            {
                out.push(Command::SelectRule(i));
            }
        }
        Section::Sessions if is_parquet(&run.path) => {
            ui.label("DuckDB decided this Parquet file in SQL and kept the counts only: no session table. Run a JSON-lines or CSV file to list sessions.");
        }
        Section::Sessions => {
            let (rows, lookup, path) = (run.rows.clone(), run.lookup.clone(), run.path.clone());
            if let Some(i) = table::show(ui, &mut state.sessions, &rows, &lookup)
                && let Some(row) = rows.get(i as usize)
            {
                let at = SessionAt::Offset(row.offset, row.session.clone());
                out.push(Command::Start(Work::OpenSession { tab: Tab::Batch, file: path, at }));
            }
        }
    }
}

/// The counts, the run's state, and the section buttons.
fn summary(ui: &mut Ui, run: &BatchRun, view: &View, section: &mut Section) {
    let r = &run.report;
    let dark = view.dark;
    let never = r.never_fired().len();
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(count(r.sessions, "session", "sessions")).strong());
        ui.separator();
        let bad = count(r.error_count, "bad record", "bad records");
        if r.error_count > 0 {
            ui.label(RichText::new(bad).color(severity_color(Severity::Error, dark)))
                .on_hover_text(bad_records_text(r));
            if let Some(first) = r.errors.first() {
                ui.label(
                    RichText::new(format!(
                        "(first: line {}:{}: {})",
                        first.line,
                        first.column,
                        shorten(&first.message, 60)
                    ))
                    .color(severity_color(Severity::Error, dark)),
                )
                .on_hover_text(bad_records_text(r));
            }
        } else {
            ui.label(bad);
        }
        if r.warning_count > 0 {
            ui.separator();
            ui.label(
                RichText::new(format!("{} read as absent", count(r.warning_count, "field", "fields")))
                    .color(severity_color(Severity::Warning, dark)),
            )
            .on_hover_text(warnings_text(r));
        }
        ui.separator();
        ui.label(format!("{} without personalisation", count(r.unpersonalised, "session", "sessions"))).on_hover_text(
            format!("{} of all sessions got every slot's default", percent(r.unpersonalised, r.sessions)),
        );
        ui.separator();
        let never_text = format!("{} never fired", count(never, "rule", "rules"));
        if never > 0 {
            let names = r.never_fired();
            ui.label(RichText::new(never_text).color(severity_color(Severity::Warning, dark)))
                .on_hover_text(names.join("\n"));
            let mut listed = names.iter().take(3).copied().collect::<Vec<_>>().join(", ");
            if names.len() > 3 {
                listed.push_str(&format!(" and {} more", names.len() - 3));
            }
            ui.label(RichText::new(format!("({listed})")).color(severity_color(Severity::Warning, dark)));
        } else {
            ui.label(never_text);
        }
        ui.separator();
        let ties: usize = r.ties.iter().map(|t| t.count).sum();
        let tie_text = count(ties, "tie", "ties");
        if ties > 0 {
            ui.label(RichText::new(tie_text).color(severity_color(Severity::Error, dark)))
                .on_hover_text("Sessions where two rules of equal priority gave different outcomes");
        } else {
            ui.label(tie_text);
        }
    });
    if r.stopped {
        stopped_early(ui, r.sessions, "the report covers only those", dark);
    }
    ui.horizontal(|ui| {
        ui.selectable_value(section, Section::Overview, "Overview");
        ui.selectable_value(section, Section::Rules, format!("Rules ({})", r.rules.len()));
        ui.selectable_value(section, Section::Sessions, format!("Sessions ({})", thousands(run.rows.len())));
    });
}

/// Charts and findings.
fn overview(ui: &mut Ui, state: &mut BatchState, view: &View, out: &mut Out) {
    let Some(run) = &state.run else { return };
    let dark = view.dark;
    let mut open: Option<String> = None;
    let mut show_unpersonalised = false;
    egui::ScrollArea::vertical().id_salt("batch-overview").auto_shrink([false, false]).show(ui, |ui| {
        ui.columns(2, |cols| {
            let ui = &mut cols[0];
            ui.strong("What each rule did");
            ui.weak("Sessions each rule matched: applied, held out, or lost to a higher-priority rule.");
            let c = &run.charts;
            if c.rule_labels.is_empty() {
                ui.label("No rule matched any session.");
            } else {
                HBars {
                    id: egui::Id::unique("batch-rule-chart"),
                    labels: &c.rule_labels,
                    series: vec![
                        Series { name: "applied", color: palette::applied(dark), values: c.applied.clone() },
                        Series { name: "held out", color: palette::held_out(dark), values: c.held_out.clone() },
                        Series { name: "lost", color: palette::lost(dark), values: c.lost.clone() },
                    ],
                    hover: &c.rule_hover,
                    scale: Scale::Count,
                    legend: true,
                    label_width: None,
                }
                .show(ui);
                if c.more_rules > 0 {
                    ui.weak(format!("and {} more rules that matched less often (see Rules)", c.more_rules));
                }
            }
            let ui = &mut cols[1];
            ui.strong("What each slot showed");
            ui.weak("Sessions per outcome; grey: the slot's default.");
            let width = charts::label_width(ui, c.slots.iter().flat_map(|s| &s.labels));
            for (s, slot) in c.slots.iter().enumerate() {
                ui.add_space(4.0);
                ui.label(RichText::new(&slot.slot).monospace());
                HBars {
                    id: egui::Id::unique(("batch-slot-chart", s)),
                    labels: &slot.labels,
                    series: vec![
                        Series { name: "from rules", color: palette::applied(dark), values: slot.from_rules.clone() },
                        Series { name: "default", color: palette::default(dark), values: slot.defaults.clone() },
                    ],
                    hover: &slot.hover,
                    scale: Scale::Count,
                    legend: false,
                    label_width: Some(width),
                }
                .show(ui);
            }
        });
        ui.separator();
        ui.columns(2, |cols| {
            findings_left(&mut cols[0], run, view, out, &mut open);
            findings_right(&mut cols[1], run, dark, &mut open, &mut show_unpersonalised);
        });
    });
    if let Some(id) = open {
        out.push(Command::Start(Work::OpenSession { tab: Tab::Batch, file: run.path.clone(), at: SessionAt::Id(id) }));
    }
    if show_unpersonalised {
        state.sessions.filter.clear();
        state.sessions.only_default = true;
        state.section = Section::Sessions;
    }
}

fn more(ui: &mut Ui, total: usize) {
    if total > LISTED {
        ui.weak(format!("and {} more", thousands(total - LISTED)));
    }
}

fn session_links(ui: &mut Ui, ids: &[String], open: &mut Option<String>) {
    ui.horizontal_wrapped(|ui| {
        for id in ids {
            if ui.link(id).on_hover_text("Open in the simulator").clicked() {
                *open = Some(id.clone());
            }
        }
    });
}

fn findings_left(ui: &mut Ui, run: &BatchRun, view: &View, out: &mut Out, open: &mut Option<String>) {
    let r = &run.report;
    let never = r.never_fired();
    ui.strong(format!("Rules that never fired ({})", never.len()));
    if never.is_empty() {
        ui.label(RichText::new("✔ Every enabled rule applied to at least one session.").color(ok_color(view.dark)));
    } else {
        ui.weak("Enabled rules that did not apply to any session: check their conditions and schedules.");
        ui.horizontal_wrapped(|ui| {
            for id in never.iter().take(LISTED) {
                if ui.link(*id).on_hover_text("Edit this rule").clicked()
                    && let Some(i) = view.ruleset.rule_index(id)
                {
                    out.push(Command::SelectRule(i));
                }
            }
        });
        more(ui, never.len());
    }
    ui.add_space(8.0);
    ui.strong(format!("Ties seen ({})", r.ties.len()));
    if r.ties.is_empty() {
        ui.label(
            RichText::new("✔ No session matched two equal-priority rules with different outcomes.")
                .color(ok_color(view.dark)),
        );
    } else {
        let color = severity_color(Severity::Error, view.dark);
        for t in r.ties.iter().take(LISTED) {
            ui.label(
                RichText::new(format!(
                    "{}: {} won over {} by file order in {} sessions",
                    t.slot,
                    t.winner,
                    t.other,
                    thousands(t.count)
                ))
                .color(color),
            );
            session_links(ui, &t.examples, open);
        }
        more(ui, r.ties.len());
    }
}

fn findings_right(ui: &mut Ui, run: &BatchRun, dark: bool, open: &mut Option<String>, show_all: &mut bool) {
    let r = &run.report;
    ui.strong(format!("Bad records ({})", thousands(r.error_count)));
    if r.errors.is_empty() {
        ui.label(RichText::new("✔ Every record could be read.").color(ok_color(dark)));
    } else {
        ui.weak("These records were skipped:");
        let color = severity_color(Severity::Error, dark);
        for e in &r.errors {
            ui.add(egui::Label::new(RichText::new(record_error(e)).color(color)).wrap());
        }
        if r.error_count > r.errors.len() {
            ui.weak(format!(
                "and {} more (only the first {} are listed)",
                thousands(r.error_count - r.errors.len()),
                r.errors.len()
            ));
        }
    }
    if r.warning_count > 0 {
        ui.add_space(8.0);
        ui.strong(format!("Fields read as absent ({})", thousands(r.warning_count)));
        ui.weak("These sessions were kept; rules saw the field as absent:");
        let color = severity_color(Severity::Warning, dark);
        for w in &r.warnings {
            ui.add(egui::Label::new(RichText::new(record_error(w)).color(color)).wrap());
        }
        if r.warning_count > r.warnings.len() {
            ui.weak(format!(
                "and {} more (only the first {} are listed)",
                thousands(r.warning_count - r.warnings.len()),
                r.warnings.len()
            ));
        }
    }
    ui.add_space(8.0);
    ui.strong(format!("Sessions without personalisation ({})", thousands(r.unpersonalised)));
    if r.unpersonalised == 0 {
        ui.label(RichText::new("✔ Every session got at least one rule's outcome.").color(ok_color(dark)));
    } else {
        ui.weak("Every slot showed its default. Examples:");
        session_links(ui, &r.unpersonalised_examples, open);
        if ui.button("Show all in the table").clicked() {
            *show_all = true;
        }
    }
}
