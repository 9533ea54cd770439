//! The ruleset's tests (SPEC §6): every test with pass or fail, a summary
//! ("12 passed, 1 failed"), and for each failure the diff — the slot, what
//! was expected, what came out, which rule chose it, and the trace of every
//! rule acting on that slot. Tests are re-run by the background check after
//! every edit; "Run all" re-runs them at once on the UI thread. A failure
//! names the rule expected to give the outcome and the rule that gave
//! another. A failing test's actual outcome can be accepted as its new
//! expectation (only the slots it pins); a test opens in the simulator and
//! can be deleted after confirmation. Every change is an undoable edit.

use egui::{RichText, Ui};

use super::{Out, View, session_lines};
use crate::analysis::Severity;
use crate::gui::command::Command;
use crate::gui::document::Edit;
use crate::gui::theme;
use crate::model::{FieldPath, Key, TestCase};
use crate::simulate::{Mismatch, TestResult, run_tests};

/// The tests tab's own state.
#[derive(Default)]
pub struct TestsState {
    /// The test whose details are shown.
    selected: Option<usize>,
    /// Results of "Run all", for the generation they were run on.
    ran: Option<Ran>,
    /// Lists only failing tests.
    failed_only: bool,
    /// The highlight last acted on (a diagnostic about a test selects it once).
    seen_highlight: Option<FieldPath>,
}

/// Results of "Run all".
struct Ran {
    generation: u64,
    /// Whether they were run with the document's current version.
    current: bool,
    results: Vec<TestResult>,
}

/// Where the results shown come from.
enum Source {
    /// "Run all", on this generation.
    Ran { current: bool },
    /// The background check of this generation.
    Check,
    /// The background check of an older generation.
    OldCheck,
    /// Nothing: the ruleset has not compiled.
    None,
}

/// A test's state.
#[derive(Clone, Copy, PartialEq)]
enum Status {
    Passed,
    Failed,
    NotRun,
}

fn results<'a>(ran: Option<&'a Ran>, view: &View<'a>) -> (&'a [TestResult], Source) {
    if let Some(ran) = ran.filter(|r| r.generation == view.generation) {
        return (&ran.results, Source::Ran { current: ran.current });
    }
    match view.checked {
        Some(c) if c.compiled.is_some() => (&c.tests, if view.stale { Source::OldCheck } else { Source::Check }),
        _ => (&[], Source::None),
    }
}

/// The result of test `i`, when the results are for that test.
fn result_of<'a>(results: &'a [TestResult], tests: &[TestCase], i: usize) -> Option<&'a TestResult> {
    results.get(i).filter(|r| tests.get(i).is_some_and(|t| t.name == r.name))
}

fn status_of(result: Option<&TestResult>) -> Status {
    match result {
        Some(r) if r.passed() => Status::Passed,
        Some(_) => Status::Failed,
        None => Status::NotRun,
    }
}

fn status_text(status: Status, dark: bool, ui: &Ui) -> (&'static str, egui::Color32) {
    match status {
        Status::Passed => ("✔", theme::ok_color(dark)),
        Status::Failed => ("⊗", theme::severity_color(Severity::Error, dark)),
        Status::NotRun => ("–", ui.visuals().weak_text_color()),
    }
}

/// "12 passed, 1 failed" (and how many did not run).
fn summary(statuses: &[Status]) -> String {
    let count = |s: Status| statuses.iter().filter(|x| **x == s).count();
    let mut text = format!("{} passed, {} failed", count(Status::Passed), count(Status::Failed));
    let not_run = count(Status::NotRun);
    if not_run > 0 {
        text.push_str(&format!(", {not_run} not run"));
    }
    text
}

/// Draws the tests tab.
pub fn show(ui: &mut Ui, state: &mut TestsState, view: &View, out: &mut Out) {
    let tests = &view.ruleset.tests;
    if let Some(h) = view.highlight
        && state.seen_highlight.as_ref() != Some(h)
    {
        state.seen_highlight = Some(h.clone());
        if let [Key::Field(f), Key::Index(i), ..] = h.0.as_slice()
            && f == "tests"
        {
            state.selected = Some(*i);
        }
    }
    let (found, source) = results(state.ran.as_ref(), view);
    let statuses: Vec<Status> = (0..tests.len()).map(|i| status_of(result_of(found, tests, i))).collect();
    let mut run_all = false;
    ui.horizontal_wrapped(|ui| {
        ui.heading("Tests");
        ui.label(RichText::new(summary(&statuses)).strong());
        let warn = theme::severity_color(Severity::Warning, view.dark);
        match source {
            Source::Ran { current: true } => {
                ui.weak("— run just now");
            }
            Source::Ran { current: false } => {
                ui.label(RichText::new("— run just now with the last version without errors").color(warn));
            }
            Source::Check => {
                ui.weak("— re-run after every edit");
            }
            Source::OldCheck => {
                ui.label(RichText::new("— from before your latest edits; checking…").italics().color(warn));
            }
            Source::None if view.compiled.is_some() => {
                ui.label(RichText::new("— the ruleset has errors: tests run once it compiles").color(warn));
            }
            Source::None => {
                ui.weak("— waiting for the ruleset to compile");
            }
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            let run = ui
                .add_enabled(view.compiled.is_some() && !tests.is_empty(), egui::Button::new("Run all"))
                .on_hover_text("Run every test now")
                .on_disabled_hover_text("Nothing to run: no tests, or the ruleset never compiled");
            run_all = run.clicked();
            ui.checkbox(&mut state.failed_only, "Failed only");
        });
    });
    if run_all && let Some(compiled) = view.compiled {
        state.ran = Some(Ran {
            generation: view.generation,
            current: !view.stale && view.checked.is_some_and(|c| c.compiled.is_some()),
            results: run_tests(view.ruleset, compiled),
        });
    }
    ui.separator();
    if tests.is_empty() {
        ui.weak("No tests yet. In the Simulator, set up a session and click “Save as test”: it keeps today's outcome of every slot as the expectation.");
        return;
    }
    let (found, _) = results(state.ran.as_ref(), view);
    if state.selected.is_none_or(|i| i >= tests.len()) {
        state.selected = statuses.iter().position(|s| *s == Status::Failed).or(Some(0));
    }
    egui::Panel::left("tests-list").resizable(true).default_size(380.0).min_size(220.0).show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt("tests-list-scroll").auto_shrink([false, false]).show(ui, |ui| {
            for (i, t) in tests.iter().enumerate() {
                let status = statuses[i];
                if state.failed_only && status != Status::Failed {
                    continue;
                }
                let (icon, color) = status_text(status, view.dark, ui);
                let text = RichText::new(format!("{icon} {}", t.name)).color(color);
                if ui.add(egui::Button::selectable(state.selected == Some(i), text).truncate()).clicked() {
                    state.selected = Some(i);
                }
                if let Some(r) = result_of(found, tests, i) {
                    for m in &r.mismatches {
                        ui.horizontal(|ui| {
                            ui.add_space(18.0);
                            ui.add(
                                egui::Label::new(
                                    RichText::new(format!(
                                        "{}: expected {} ({}), got {} ({})",
                                        m.slot,
                                        m.expected,
                                        expected_from(view, m),
                                        m.actual,
                                        by_rule(m.winner.as_deref())
                                    ))
                                    .weak(),
                                )
                                .truncate(),
                            );
                        });
                    }
                }
            }
        });
    });
    if let Some(i) = state.selected.filter(|i| *i < tests.len()) {
        egui::ScrollArea::vertical().id_salt("tests-detail-scroll").auto_shrink([false, false]).show(ui, |ui| {
            let highlighted = view.highlight.is_some_and(|h| FieldPath::root().field("tests").index(i).is_prefix_of(h));
            let frame = if highlighted {
                egui::Frame::new().fill(theme::highlight_fill(view.dark)).inner_margin(6.0)
            } else {
                egui::Frame::new().inner_margin(6.0)
            };
            frame.show(ui, |ui| detail(ui, &mut state.selected, view, i, result_of(found, tests, i), out));
        });
    }
}

fn detail(
    ui: &mut Ui,
    selected: &mut Option<usize>,
    view: &View,
    i: usize,
    result: Option<&TestResult>,
    out: &mut Out,
) {
    let test = &view.ruleset.tests[i];
    let status = status_of(result);
    let (icon, color) = status_text(status, view.dark, ui);
    ui.heading(RichText::new(format!("{icon} {}", test.name)).color(color));
    let failed = result.map_or(0, |r| r.mismatches.len());
    ui.label(match status {
        Status::Passed => format!("Passed: all {} expected slots match.", test.expect.len()),
        Status::Failed => format!("Failed: {failed} of {} expected slots differ.", test.expect.len()),
        Status::NotRun => "Not run yet: the ruleset has errors or is being checked.".to_owned(),
    });
    ui.horizontal(|ui| {
        if ui.button("Open in simulator").on_hover_text("Load this test's session into the simulator").clicked() {
            out.push(Command::Simulate(Box::new(test.session.clone())));
        }
        if let Some(r) = result.filter(|r| !r.passed())
            && ui
                .button("Accept actual")
                .on_hover_text("Expect what the rules give now, on the slots that differ (you can undo)")
                .clicked()
        {
            out.push(Command::Edit(accept_actual(view, i, r)));
        }
        if ui.button("Delete test…").on_hover_text("Delete this test, after confirmation (you can undo)").clicked() {
            out.push(Command::AskDeleteTest(i));
            *selected = None;
        }
    });
    if let Some(r) = result {
        for (n, m) in r.mismatches.iter().enumerate() {
            ui.add_space(6.0);
            mismatch(ui, view, i, n, m);
        }
    }
    ui.add_space(8.0);
    ui.strong("Expected outcomes");
    egui::Grid::new(("test-expect", i)).striped(true).num_columns(3).spacing([16.0, 4.0]).show(ui, |ui| {
        for (slot, expected) in &test.expect {
            let missed = result.and_then(|r| r.mismatches.iter().find(|m| &m.slot == slot));
            ui.monospace(slot);
            ui.label(expected.to_string());
            let (icon, color) = match (result, missed) {
                (None, _) => status_text(Status::NotRun, view.dark, ui),
                (Some(_), Some(_)) => status_text(Status::Failed, view.dark, ui),
                (Some(_), None) => status_text(Status::Passed, view.dark, ui),
            };
            ui.label(RichText::new(icon).color(color));
            ui.end_row();
        }
    });
    ui.add_space(8.0);
    egui::CollapsingHeader::new(RichText::new("Session").strong())
        .id_salt(("test-session", i))
        .default_open(true)
        .show(ui, |ui| {
            egui::Grid::new(("test-session-grid", i)).striped(true).num_columns(2).spacing([16.0, 2.0]).show(
                ui,
                |ui| {
                    for (k, v) in session_lines(&test.session) {
                        ui.monospace(k);
                        ui.add(egui::Label::new(v).wrap());
                        ui.end_row();
                    }
                },
            );
        });
}

/// The edit that makes test `i` expect what `result` found on every slot
/// that differs; the slots the test pins stay the same.
fn accept_actual(view: &View, i: usize, result: &TestResult) -> Edit {
    let mut rs = view.ruleset.clone();
    let mut name = String::new();
    if let Some(test) = rs.tests.get_mut(i) {
        name.clone_from(&test.name);
        for m in &result.mismatches {
            if let Some(expected) = test.expect.get_mut(&m.slot) {
                *expected = m.actual.clone();
            }
        }
    }
    Edit::SetRuleset { label: format!("accept the actual outcome of test `{name}`"), ruleset: Box::new(rs), key: None }
}

/// "rule `x`", or the slot's default.
fn by_rule(rule: Option<&str>) -> String {
    rule.map_or_else(|| "the slot's default".to_owned(), |r| format!("rule `{r}`"))
}

/// Where the expected outcome should come from: a rule, the slot's default, or nowhere.
fn expected_from(view: &View, m: &Mismatch) -> String {
    match &m.expected_rule {
        Some(r) => format!("rule `{r}`"),
        None if view.ruleset.slots.iter().any(|s| s.id == m.slot && s.default == m.expected) => {
            "the slot's default".to_owned()
        }
        None => "no rule gives it".to_owned(),
    }
}

fn mismatch(ui: &mut Ui, view: &View, test: usize, n: usize, m: &Mismatch) {
    let error = theme::severity_color(Severity::Error, view.dark);
    egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        egui::Grid::new(("test-mismatch", test, n)).num_columns(2).spacing([16.0, 4.0]).show(ui, |ui| {
            ui.weak("Slot");
            ui.monospace(RichText::new(&m.slot).strong());
            ui.end_row();
            ui.weak("Expected");
            ui.label(m.expected.to_string());
            ui.end_row();
            ui.weak("Expected from");
            ui.label(expected_from(view, m));
            ui.end_row();
            ui.weak("Actual");
            ui.label(RichText::new(m.actual.to_string()).color(error));
            ui.end_row();
            ui.weak("Chosen by");
            match &m.winner {
                Some(w) => ui.monospace(w),
                None => ui.label("the slot's default"),
            };
            ui.end_row();
        });
        if m.why.is_empty() {
            ui.weak("No rule acts on this slot.");
            return;
        }
        ui.add_space(4.0);
        ui.weak("Rules on this slot");
        egui::Grid::new(("test-mismatch-why", test, n)).striped(true).num_columns(2).spacing([16.0, 2.0]).show(
            ui,
            |ui| {
                for t in &m.why {
                    ui.monospace(&t.rule);
                    ui.add(egui::Label::new(t.status.to_string()).wrap());
                    ui.end_row();
                }
            },
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_counts() {
        assert_eq!(summary(&[Status::Passed, Status::Passed, Status::Failed]), "2 passed, 1 failed");
        assert_eq!(summary(&[Status::NotRun]), "0 passed, 0 failed, 1 not run");
    }
}
