//! The Measure tab (issue 15): what each rule does to an outcome, measured
//! against its own holdout. Over a session file (outcomes in the sessions,
//! or in an outcomes file joined by session id), on a worker thread with
//! progress and cancel, it shows a forest plot (each rule's relative uplift
//! with its 95 % interval, the zero line, coloured by verdict) and a table
//! per rule and slot — optionally per audience — with both arms, the uplift,
//! the adjusted p-value, the sample-ratio check and a verdict in plain
//! words. A run remembers the generation and files it was computed for and
//! says when any of them changed.

pub mod forest;

use std::path::{Path, PathBuf};

use egui::{Color32, RichText, Ui};

use super::batch::charts::{count, thousands};
use super::job_ui::{Basis, RunWords, file_name, progress_row, run_buttons, stopped_early, with_control};
use super::{Out, View};
use crate::analysis::{Diagnostic, Severity};
use crate::gui::command::{Command, Tab, Work};
use crate::gui::dialogs::Purpose;
use crate::gui::theme::{ok_color, severity_color};
use crate::sessions::SessionSource;
use crate::simulate::measure::{self, Audience, Effect, Metric, Options, Outcomes, Report, Verdict};

/// The audiences a run can be broken down by, with their names.
const AUDIENCES: [(Option<Audience>, &str); 5] = [
    (None, "All sessions"),
    (Some(Audience::Segment), "Segment"),
    (Some(Audience::Country), "Country"),
    (Some(Audience::Device), "Device type"),
    (Some(Audience::Channel), "Channel"),
];

/// The Measure tab's own state.
#[derive(Default)]
pub struct MeasureState {
    path: Option<PathBuf>,
    outcomes: Option<PathBuf>,
    metric: Metric,
    /// The name typed for a metric of `outcome.metrics`.
    named: String,
    by: Option<Audience>,
    running: Option<Running>,
    run: Option<MeasureRun>,
    error: Option<String>,
}

/// A run in progress.
struct Running {
    job: crate::gui::worker::Job<Result<(Report, Vec<Diagnostic>), String>>,
    inputs: Inputs,
}

/// What a run was computed from.
#[derive(Clone, PartialEq)]
struct Inputs {
    path: PathBuf,
    outcomes: Option<PathBuf>,
    metric: Metric,
    by: Option<Audience>,
    generation: u64,
}

/// A finished run.
pub struct MeasureRun {
    inputs: Inputs,
    /// The report.
    pub report: Report,
    /// A `rule-hurts` warning per rule that hurts the metric.
    pub findings: Vec<Diagnostic>,
}

impl MeasureRun {
    /// The document generation it measured.
    pub fn generation(&self) -> u64 {
        self.inputs.generation
    }
}

impl MeasureState {
    /// The last finished run.
    pub fn result(&self) -> Option<&MeasureRun> {
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

    /// The warnings of the last run when it measured `generation`: a
    /// `rule-hurts` warning per rule that hurts the metric.
    pub fn findings(&self, generation: u64) -> &[Diagnostic] {
        self.run.as_ref().filter(|r| r.inputs.generation == generation).map_or(&[], |r| &r.findings)
    }

    /// The outcomes file joined to the sessions, when one was chosen.
    pub fn outcomes(&self) -> Option<&Path> {
        self.outcomes.as_deref()
    }

    /// Joins the outcomes of a file to the sessions of the next runs.
    pub fn set_outcomes(&mut self, path: PathBuf) {
        self.outcomes = Some(path);
    }

    /// Starts measuring the document's rules over a session file.
    pub fn start(&mut self, ctx: &egui::Context, path: PathBuf, basis: &Basis) {
        self.path = Some(path.clone());
        self.error = None;
        if let Some(old) = self.running.take() {
            old.job.cancel();
        }
        let inputs = Inputs {
            path: path.clone(),
            outcomes: self.outcomes.clone(),
            metric: self.metric.clone(),
            by: self.by,
            generation: basis.generation,
        };
        let compiler = basis.compiler();
        let options = Options { metric: self.metric.clone(), by: self.by, ..Options::default() };
        let outcomes_path = self.outcomes.clone();
        let job = crate::gui::worker::Job::spawn(ctx, move |handle| {
            let compiled = compiler()?;
            let outcomes = outcomes_path.as_deref().map(Outcomes::load).transpose().map_err(|e| e.to_string())?;
            let source = SessionSource::open(&path).map_err(|e| e.to_string())?;
            let report = with_control(handle, 0, false, |control| {
                measure::measure(&compiled, source, outcomes.as_ref(), &options, control)
            });
            let findings = measure::hurts_diagnostics(&report.effects, &options.metric, &compiled);
            Ok((report, findings))
        });
        self.running = Some(Running { job, inputs });
    }

    /// Asks the running job to stop; what it measured so far is kept.
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
            Ok((report, findings)) => self.run = Some(MeasureRun { inputs: running.inputs, report, findings }),
            Err(e) => self.error = Some(e),
        }
    }
}

/// A verdict's colour.
fn verdict_color(verdict: Verdict, dark: bool) -> Color32 {
    match verdict {
        Verdict::Helps => ok_color(dark),
        Verdict::Hurts => severity_color(Severity::Error, dark),
        Verdict::BrokenRandomisation => severity_color(Severity::Warning, dark),
        Verdict::Inconclusive => {
            if dark {
                Color32::from_gray(150)
            } else {
                Color32::from_gray(110)
            }
        }
    }
}

/// Draws the Measure tab. `batch_sessions` is the Batch tab's file, offered
/// when this tab has none of its own.
pub fn show(ui: &mut Ui, state: &mut MeasureState, view: &View, batch_sessions: Option<&Path>, out: &mut Out) {
    toolbar(ui, state, batch_sessions, out);
    if let Some(running) = &state.running
        && progress_row(ui, &running.job, |cancelling, n| {
            let what = if cancelling { "Cancelling… " } else { "" };
            format!("{what}{} sessions measured", thousands(n))
        })
    {
        out.push(Command::Cancel(Tab::Measure));
    }
    if let Some(e) = &state.error {
        ui.label(RichText::new(e.clone()).color(severity_color(Severity::Error, view.dark)));
    }
    ui.separator();
    let Some(run) = &state.run else {
        ui.weak(
            "Measure what each rule does to an outcome (conversion, revenue or a metric of your own), against the \
             visitors its holdout kept out: choose a session file whose sessions carry an `outcome`, or add an \
             outcomes file joined by session id. Rules without a holdout cannot be measured.",
        );
        return;
    };
    summary(ui, state, run, view);
    ui.separator();
    egui::ScrollArea::both().id_salt("measure-page").auto_shrink([false, false]).show(ui, |ui| {
        let overall: Vec<&Effect> = run.report.effects.iter().filter(|e| e.audience.is_none()).collect();
        if overall.is_empty() {
            ui.label("No rule with a holdout applied in these sessions, so there is nothing to compare.");
            return;
        }
        ui.strong(format!("Relative uplift in {} with its 95 % interval", metric_name(&run.inputs.metric)));
        let metric = &run.inputs.metric;
        let rows: Vec<forest::Row> = overall
            .iter()
            .filter_map(|e| {
                let r = e.relative?;
                Some(forest::Row {
                    label: format!("{} · {}", e.rule, e.slot),
                    estimate: r.estimate,
                    low: r.ci_low,
                    high: r.ci_high,
                    color: verdict_color(e.verdict, view.dark),
                    hover: format!("{} on {}: {}", e.rule, e.slot, e.explain(metric)),
                })
            })
            .collect();
        forest::show(ui, egui::Id::unique("measure-forest"), &rows);
        if rows.len() < overall.len() {
            ui.weak("Rules whose held-out visitors have a mean of zero have no relative uplift; the table has their absolute one.");
        }
        legend(ui, view.dark);
        ui.add_space(8.0);
        table(ui, &run.report.effects, metric, view, out);
    });
}

fn toolbar(ui: &mut Ui, state: &mut MeasureState, batch_sessions: Option<&Path>, out: &mut Out) {
    ui.horizontal_wrapped(|ui| {
        let idle = state.running.is_none();
        let words = RunWords {
            verb: "Measure",
            purpose: "measure each rule against its holdout",
            asks: Purpose::MeasureSessions,
            work: Work::Measure,
        };
        run_buttons(ui, &words, idle, state.path.as_deref(), batch_sessions, out);
        ui.separator();
        let outcomes = state.outcomes.as_deref().map_or_else(|| "in the sessions".to_owned(), file_name);
        ui.label(format!("Outcomes: {outcomes}"));
        if ui
            .add_enabled(idle, egui::Button::new("Outcomes file…"))
            .on_hover_text("A JSON lines or CSV file of outcomes joined to the sessions by session id")
            .clicked()
        {
            out.push(Command::Choose(Purpose::OutcomesFile));
        }
        if state.outcomes.is_some() && ui.add_enabled(idle, egui::Button::new("Use the sessions' own")).clicked() {
            state.outcomes = None;
        }
        ui.separator();
        metric_picker(ui, state);
        ui.separator();
        let label = ui.label("By audience");
        egui::ComboBox::from_id_salt("measure-audience")
            .selected_text(AUDIENCES.iter().find(|(a, _)| *a == state.by).map_or("All sessions", |(_, n)| *n))
            .show_ui(ui, |ui| {
                for (audience, name) in AUDIENCES {
                    ui.selectable_value(&mut state.by, audience, name);
                }
            })
            .response
            .labelled_by(label.id);
    });
}

/// The metric: conversion, revenue, or a named metric of the sessions'
/// `outcome.metrics`.
fn metric_picker(ui: &mut Ui, state: &mut MeasureState) {
    let label = ui.label("Metric");
    egui::ComboBox::from_id_salt("measure-metric")
        .selected_text(metric_name(&state.metric))
        .show_ui(ui, |ui| {
            ui.selectable_value(&mut state.metric, Metric::Converted, metric_name(&Metric::Converted));
            ui.selectable_value(&mut state.metric, Metric::Revenue, metric_name(&Metric::Revenue));
            let named = Metric::Named(state.named.trim().to_owned());
            if !state.named.trim().is_empty() {
                let label = metric_name(&named);
                ui.selectable_value(&mut state.metric, named, label);
            }
        })
        .response
        .labelled_by(label.id);
    let field = ui
        .add(egui::TextEdit::singleline(&mut state.named).hint_text("other metric").desired_width(110.0))
        .labelled_by(label.id)
        .on_hover_text("The name of a metric in the sessions' `outcome.metrics`; Enter measures it");
    if field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) && !state.named.trim().is_empty() {
        state.metric = Metric::parse(state.named.trim());
    }
}

fn metric_name(metric: &Metric) -> String {
    match metric {
        Metric::Converted => "conversion".to_owned(),
        Metric::Revenue => "revenue per session".to_owned(),
        Metric::Named(name) => format!("`{name}` per session"),
    }
}

fn summary(ui: &mut Ui, state: &MeasureState, run: &MeasureRun, view: &View) {
    let r = &run.report;
    let warn = severity_color(Severity::Warning, view.dark);
    let outcomes =
        run.inputs.outcomes.as_deref().map_or_else(String::new, |p| format!(" with outcomes from {}", file_name(p)));
    ui.label(format!(
        "{} measured in {}{outcomes}: {} with an outcome",
        count(r.sessions, "session", "sessions"),
        file_name(&run.inputs.path),
        thousands(r.with_outcome)
    ))
    .on_hover_text(run.inputs.path.display().to_string());
    if r.error_count > 0 {
        let first = r.errors.first().map(|e| format!(" (first: line {}, column {}: {})", e.line, e.column, e.message));
        ui.label(
            RichText::new(format!(
                "{} skipped{}",
                count(r.error_count, "bad record", "bad records"),
                first.unwrap_or_default()
            ))
            .color(severity_color(Severity::Error, view.dark)),
        );
    }
    let srm = r.effects.iter().filter(|e| e.audience.is_none() && e.srm.flagged).count();
    if srm > 0 {
        ui.label(
            RichText::new(format!(
                "⚠ Sample ratio mismatch on {}: the share held out is not what the holdout asks for, so their \
                 randomisation is broken and their numbers cannot be trusted",
                count(srm, "rule", "rules")
            ))
            .color(warn),
        );
    }
    if r.stopped {
        stopped_early(ui, r.sessions, "the numbers cover only those", view.dark);
    }
    let current = Inputs {
        path: run.inputs.path.clone(),
        outcomes: state.outcomes.clone(),
        metric: state.metric.clone(),
        by: state.by,
        generation: view.generation,
    };
    if run.inputs.generation != view.generation {
        ui.label(
            RichText::new("⚠ Out of date: the rules changed since this run. Measure again to update it.").color(warn),
        );
    } else if current != run.inputs {
        ui.label(
            RichText::new("⚠ Out of date: the outcomes, metric or audience changed since this run. Measure again.")
                .color(warn),
        );
    }
}

fn legend(ui: &mut Ui, dark: bool) {
    ui.horizontal_wrapped(|ui| {
        for verdict in [Verdict::Helps, Verdict::Hurts, Verdict::Inconclusive, Verdict::BrokenRandomisation] {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, verdict_color(verdict, dark));
            ui.label(verdict.to_string());
            ui.add_space(8.0);
        }
    });
}

fn table(ui: &mut Ui, effects: &[Effect], metric: &Metric, view: &View, out: &mut Out) {
    let by_audience = effects.iter().any(|e| e.audience.is_some());
    let mut heads = vec!["Rule", "Slot"];
    if by_audience {
        heads.push("Audience");
    }
    heads.extend(["Treatment", "Control (held out)", "Uplift", "p (adjusted)", "Held out (asked)", "Verdict"]);
    egui::Grid::new("measure-table").striped(true).num_columns(heads.len()).spacing([12.0, 4.0]).show(ui, |ui| {
        for head in heads {
            ui.strong(head);
        }
        ui.end_row();
        for e in effects {
            if ui.link(&e.rule).on_hover_text(format!("Edit {}", e.rule)).clicked()
                && let Some(i) = view.ruleset.rule_index(&e.rule)
            {
                out.push(Command::SelectRule(i));
            }
            ui.label(&e.slot);
            if by_audience {
                ui.label(e.audience.as_deref().unwrap_or("all"));
            }
            for arm in [&e.treatment, &e.control] {
                ui.label(format!("{} of {}", mean(metric, arm.mean), thousands(arm.sessions as usize))).on_hover_text(
                    format!("95 % interval {} to {}", mean(metric, arm.ci_low), mean(metric, arm.ci_high)),
                );
            }
            ui.label(uplift(e));
            ui.label(format!("{:.3}", e.p_adjusted)).on_hover_text(format!(
                "p = {:.4} before the Benjamini-Hochberg adjustment across the rules shown",
                e.p_value
            ));
            let split = format!("{:.1} % ({:.1} %)", e.srm.observed * 100.0, e.srm.expected * 100.0);
            let hover = format!(
                "{:.1} % of the sessions the rule matched were held out; its holdout asks for {:.1} % (chi-square p = {:.2e})",
                e.srm.observed * 100.0,
                e.srm.expected * 100.0,
                e.srm.p_value
            );
            if e.srm.flagged {
                ui.label(RichText::new(format!("⚠ SRM {split}")).color(severity_color(Severity::Warning, view.dark)))
                    .on_hover_text(format!("Sample ratio mismatch: {hover}"));
            } else {
                ui.label(split).on_hover_text(hover);
            }
            ui.label(RichText::new(short_verdict(e)).color(verdict_color(e.verdict, view.dark)))
                .on_hover_text(e.explain(metric));
            ui.end_row();
        }
    });
}

/// A mean of the metric: a rate for conversion, a number otherwise.
fn mean(metric: &Metric, value: f64) -> String {
    match metric {
        Metric::Converted => format!("{:.2} %", value * 100.0),
        _ => format!("{value:.2}"),
    }
}

/// The verdict in a word or two (the hover tells why).
fn short_verdict(e: &Effect) -> String {
    match (e.verdict, e.sessions_needed) {
        (Verdict::Inconclusive, Some(n)) if n > 0 => format!("inconclusive: ≈ {} more", thousands(n as usize)),
        (verdict, _) => verdict.to_string(),
    }
}

/// The uplift with its interval: relative where the control's mean allows,
/// absolute otherwise.
fn uplift(e: &Effect) -> String {
    match e.relative {
        Some(r) => format!("{:+.1} % [{:+.1}, {:+.1}]", r.estimate * 100.0, r.ci_low * 100.0, r.ci_high * 100.0),
        None => format!("{:+.4} [{:+.4}, {:+.4}]", e.uplift.estimate, e.uplift.ci_low, e.uplift.ci_high),
    }
}
