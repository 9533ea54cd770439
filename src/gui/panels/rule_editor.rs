//! The rule editor: every field of one rule through typed widgets (header,
//! condition, actions, schedule), the rule's diagnostics at the top, and the
//! field a clicked diagnostic points at highlighted and scrolled into view.
//!
//! Widgets edit a copy of the rule; a changed copy becomes one
//! [`Edit::UpdateRule`] keyed by the field's path (`name`, `when[1].op`,
//! `schedule.start`), so typing in one field is one undo step. Date fields
//! keep their text here while it does not parse, and only a valid date
//! changes the rule.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;
use egui::{Button, ComboBox, DragValue, Grid, Rect, RichText, ScrollArea, Sense, Shape, Slider, TextEdit, Ui};

use super::condition::{self, ConditionCtx, Marks};
use super::{Out, View, pickers};
use crate::analysis::is_slug;
use crate::analysis::{Code, Diagnostic, Severity};
use crate::derive::time::parse_zone;
use crate::gui::command::Command;
use crate::gui::document::Edit;
use crate::gui::theme::{ok_color, severity_color, severity_symbol};
use crate::model::{Action, FieldPath, HourWindow, Key, Outcome, Rule, Schedule, Slot, SlotKind, Weekday};

/// How many of a rule's diagnostics the editor lists before pointing at the
/// problems panel.
const MAX_INLINE_DIAGNOSTICS: usize = 6;

/// The editor's own state: the text of the schedule's date fields.
#[derive(Default)]
pub struct EditorState {
    /// The rule the fields below belong to.
    rule: Option<usize>,
    /// Which of the latest check's diagnostics are about the rule, with
    /// what they were picked for: the check's generation and the rule's
    /// place and id (picking them looks at every diagnostic, so it is done
    /// once per check and rule, not on every keystroke in the rule's fields).
    mine: Option<(Picked, Vec<usize>)>,
    start: DateField,
    end: DateField,
}

/// A date-time field's text, which may be mid-typing and invalid.
#[derive(Default)]
struct DateField {
    text: String,
    /// The model's value and time zone when `text` was last in step with them.
    synced: Option<(Option<DateTime<FixedOffset>>, String)>,
    error: Option<String>,
}

impl DateField {
    /// Takes the model's value when it changed elsewhere (undo, another rule).
    fn sync(&mut self, value: Option<DateTime<FixedOffset>>, tz: Tz, zone: &str) {
        let now = (value, zone.to_owned());
        if self.synced.as_ref() != Some(&now) {
            self.text = value.map(|v| v.with_timezone(&tz).format(DATE_FORMAT).to_string()).unwrap_or_default();
            self.synced = Some(now);
            self.error = None;
        }
    }
}

/// How date-times are written in the editor.
const DATE_FORMAT: &str = "%Y-%m-%d %H:%M";

/// Reads "YYYY-MM-DD HH:MM" (or a date alone, meaning midnight) as a local
/// time in `tz`; empty text means no bound.
///
/// # Errors
/// A sentence saying how to write the date, or that the local time does not
/// exist (clocks skip it).
pub fn parse_local(text: &str, tz: Tz) -> Result<Option<DateTime<FixedOffset>>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let naive = NaiveDateTime::parse_from_str(text, DATE_FORMAT)
        .or_else(|_| NaiveDate::parse_from_str(text, "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN)))
        .map_err(|_| format!("write `{text}` as YYYY-MM-DD HH:MM, e.g. 2026-11-01 00:00"))?;
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(t) => Ok(Some(t.fixed_offset())),
        LocalResult::Ambiguous(first, _) => Ok(Some(first.fixed_offset())),
        LocalResult::None => Err(format!("{text} does not exist in {tz}: the clocks skip that hour")),
    }
}

/// Collects the edited field and where fields were drawn.
struct Form {
    key: Option<String>,
    marks: Marks,
}

impl Form {
    fn changed(&mut self, key: impl Into<String>) {
        self.key = Some(key.into());
    }

    fn mark(&mut self, keys: &[Key], rect: Rect) {
        self.marks.push((keys.to_vec(), rect));
    }
}

fn field(name: &str) -> Key {
    Key::Field(name.to_owned())
}

/// Lines of diagnostics the editor's header shows before it scrolls.
const DIAGNOSTIC_LINES: f32 = 4.0;

/// Draws the editor for rule `index`.
pub fn show(ui: &mut Ui, state: &mut EditorState, view: &View, index: usize, out: &mut Out) {
    let Some(rule) = view.ruleset.rules.get(index) else { return };
    if state.rule != Some(index) {
        *state = EditorState { rule: Some(index), ..EditorState::default() };
    }
    let mut draft = rule.clone();
    let mut form = Form { key: None, marks: Vec::new() };
    ScrollArea::vertical().id_salt("rule-editor").auto_shrink([false, false]).show(ui, |ui| {
        let background = ui.painter().add(Shape::Noop);
        ui.push_id(("rule", index), |ui| {
            ui.heading(&rule.name);
            // A fixed height with its own scroll, so the form below does not
            // move as diagnostics arrive (a click meant for a field would land
            // elsewhere), and a scope, so the varying number of lines does not
            // shift the automatic ids of the widgets below (which would drop focus).
            let height =
                DIAGNOSTIC_LINES * (ui.text_style_height(&egui::TextStyle::Body) + ui.spacing().item_spacing.y);
            ui.allocate_ui(egui::vec2(ui.available_width(), height), |ui| {
                ScrollArea::vertical()
                    .id_salt("rule-diagnostics")
                    .auto_shrink([false, false])
                    .max_height(height)
                    .show(ui, |ui| diagnostics(ui, &mut state.mine, view, index, out));
            });
            ui.add_space(4.0);
            header(ui, &mut draft, view, index, &mut form);

            section(ui, "When");
            let ctx = ConditionCtx {
                ruleset: view.ruleset,
                base: FieldPath::rule(index).field("when"),
                highlight: view.highlight,
                dark: view.dark,
            };
            if let Some(rel) = condition::edit(ui, &mut draft.when, &ctx) {
                form.changed(format!("when{rel}"));
            }

            section(ui, "Then");
            let then = ui.scope(|ui| actions(ui, &mut draft, view, &mut form));
            form.mark(&[field("then")], then.response.rect);

            section(ui, "Schedule");
            let scheduled = ui.scope(|ui| schedule(ui, state, &mut draft, view, &mut form));
            form.mark(&[field("schedule")], scheduled.response.rect);
            ui.add_space(16.0);
        });
        condition::highlight(ui, background, &FieldPath::rule(index), view.highlight, &form.marks, view.dark);
    });
    if let Some(key) = form.key
        && draft != *rule
    {
        out.push(Command::Edit(Edit::UpdateRule { index, rule: Box::new(draft), key: Some(key) }));
    }
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(10.0);
    ui.label(RichText::new(title).strong().size(16.0));
    ui.separator();
}

/// The rule's own diagnostics from the latest check, by severity colour;
/// clicking one highlights its field.
/// What the rule's diagnostics were picked for: the check's generation, the
/// rule's index and id, and whether it is the first rule with that id.
type Picked = (u64, usize, String, bool);

fn diagnostics(ui: &mut Ui, picked: &mut Option<(Picked, Vec<usize>)>, view: &View, index: usize, out: &mut Out) {
    let Some(checked) = view.checked else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label("Checking the ruleset…");
        });
        return;
    };
    let all = &checked.analysis.diagnostics;
    let id = view.ruleset.rules.get(index).map(|r| r.id.as_str()).unwrap_or_default();
    let of: Picked = (checked.generation, index, id.to_owned(), view.ruleset.rule_index(id) == Some(index));
    let ids = match picked {
        Some((was, ids)) if *was == of => ids,
        _ => {
            let about = super::about_rule(view.ruleset, index);
            let ids = (0..all.len()).filter(|i| about(&all[*i])).collect();
            &mut picked.insert((of, ids)).1
        }
    };
    let mut mine: Vec<&Diagnostic> = ids.iter().filter_map(|i| all.get(*i)).collect();
    mine.sort_by_key(|d| d.severity);
    if mine.is_empty() {
        if view.stale {
            ui.weak("Checking your latest edits…");
        } else {
            ui.label(RichText::new("✔ No problems with this rule.").color(ok_color(view.dark)));
        }
        return;
    }
    for d in mine.iter().take(MAX_INLINE_DIAGNOSTICS) {
        let mut text = RichText::new(format!("{} {}", severity_symbol(d.severity), d.message))
            .color(severity_color(d.severity, view.dark));
        if view.stale {
            text = text.italics();
        }
        let line = ui
            .add(egui::Label::new(text).sense(Sense::click()).wrap())
            .on_hover_text(format!("{} ({}): click to show the field {}", d.severity, d.code, d.path));
        if line.clicked() {
            // The field it points at: in this rule, another rule, or a test.
            let rule = match d.path.rule_index() {
                Some(i) => Some(i),
                None if d.code == Code::TestFailing => None,
                None => Some(index),
            };
            out.push(Command::ShowProblem { rule, path: d.path.clone() });
        }
    }
    if mine.len() > MAX_INLINE_DIAGNOSTICS {
        ui.weak(format!("…and {} more in the problems panel.", mine.len() - MAX_INLINE_DIAGNOSTICS));
    }
    let notes = mine.iter().filter(|d| d.severity == Severity::Info).count();
    if view.stale {
        ui.weak(RichText::new("These are from before your latest edits; checking again…").italics());
    } else if notes == mine.len() {
        ui.weak("Notes only: nothing to fix.");
    }
}

/// A grid row: a label naming the widget(s) `add` draws; returns the row's rect.
fn row(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui, egui::Id)) -> Rect {
    let l = ui.label(label);
    let cell = ui.horizontal(|ui| add(ui, l.id));
    ui.end_row();
    l.rect.union(cell.response.rect)
}

fn header(ui: &mut Ui, draft: &mut Rule, view: &View, index: usize, form: &mut Form) {
    Grid::new("rule-header").num_columns(2).spacing([16.0, 6.0]).show(ui, |ui| {
        let rect = row(ui, "Id", |ui, label| {
            let edit =
                ui.add(TextEdit::singleline(&mut draft.id).id_salt("id").desired_width(320.0)).labelled_by(label);
            if edit.changed() {
                form.key = Some("id".into());
            }
            let taken = view.ruleset.rules.iter().enumerate().any(|(i, r)| i != index && r.id == draft.id);
            let problem = if !is_slug(&draft.id) {
                Some("use letters, digits, -, _ and . (starting with a letter or digit)".to_owned())
            } else if taken {
                Some(format!("another rule already has the id `{}`", draft.id))
            } else {
                None
            };
            if let Some(problem) = problem {
                ui.label(
                    RichText::new(format!("{} {problem}", severity_symbol(Severity::Error)))
                        .color(severity_color(Severity::Error, view.dark)),
                );
            }
        });
        form.mark(&[field("id")], rect);
        let rect = row(ui, "Name", |ui, label| {
            if ui
                .add(TextEdit::singleline(&mut draft.name).id_salt("name").desired_width(420.0))
                .labelled_by(label)
                .changed()
            {
                form.key = Some("name".into());
            }
        });
        form.mark(&[field("name")], rect);
        let rect = row(ui, "Status", |ui, _| {
            if ui.checkbox(&mut draft.enabled, "Enabled").on_hover_text("Disabled rules never apply").changed() {
                form.key = Some("enabled".into());
            }
        });
        form.mark(&[field("enabled")], rect);
        let rect = row(ui, "Priority", |ui, label| {
            if ui.add(DragValue::new(&mut draft.priority).speed(1.0)).labelled_by(label).changed() {
                form.key = Some("priority".into());
            }
            ui.weak("higher wins");
        });
        form.mark(&[field("priority")], rect);
        let rect = row(ui, "Holdout", |ui, label| {
            let slider = ui.add(Slider::new(&mut draft.holdout_percent, 0..=100).suffix(" %")).labelled_by(label);
            if slider.changed() {
                form.key = Some("holdout_percent".into());
            }
            ui.weak("of visitors kept as a control group");
        });
        form.mark(&[field("holdout_percent")], rect);
        let rect = row(ui, "Tags", |ui, _| {
            if pickers::chips(ui, "tags", "tag", "new tag", &mut draft.tags) {
                form.key = Some("tags".into());
            }
        });
        form.mark(&[field("tags")], rect);
        let rect = row(ui, "Notes", |ui, label| {
            let notes =
                ui.add(TextEdit::multiline(&mut draft.notes).id_salt("notes").desired_rows(2).desired_width(420.0));
            if notes.labelled_by(label).changed() {
                form.key = Some("notes".into());
            }
        });
        form.mark(&[field("notes")], rect);
        let rect = row(ui, "Dates", |ui, _| {
            let date = |d: Option<chrono::NaiveDate>| d.map_or_else(|| "unknown".to_owned(), |d| d.to_string());
            ui.weak(format!("created {}, last edited {}", date(draft.created), date(draft.last_edited())))
                .on_hover_text("Set by the studio when the rule is added or changed; unknown in files from before");
        });
        form.mark(&[field("updated")], rect);
        form.mark(&[field("created")], rect);
    });
}

// ---- actions ---------------------------------------------------------------

fn actions(ui: &mut Ui, draft: &mut Rule, view: &View, form: &mut Form) {
    let slots = &view.ruleset.slots;
    let len = draft.then.len();
    let mut remove = None;
    if len == 0 {
        ui.weak("No actions yet: add one so the rule shows something.");
    }
    for (k, action) in draft.then.iter_mut().enumerate() {
        let n = k + 1;
        let keys = [field("then"), Key::Index(k)];
        let shown = ui.push_id(("action", k), |ui| {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(n.to_string()).weak());
                let slot_combo =
                    ComboBox::from_id_salt("slot")
                        .width(140.0)
                        .selected_text(action.slot.as_str())
                        .show_ui(ui, |ui| {
                            for s in slots {
                                let item = ui
                                    .selectable_label(action.slot == s.id, s.id.as_str())
                                    .on_hover_text(format!("{} ({})", s.description, s.kind.name()));
                                if item.clicked() && action.slot != s.id {
                                    action.slot = s.id.clone();
                                    if !action.outcome.fits(&s.kind) {
                                        action.outcome = s.default.clone();
                                    }
                                    form.changed(format!("then[{k}]"));
                                }
                            }
                        })
                        .response
                        .accessible_name(format!("Action {n} slot"));
                form.mark(&[field("then"), Key::Index(k), field("slot")], slot_combo.rect);
                let slot = slots.iter().find(|s| s.id == action.slot);
                let outcome_ui = ui.scope(|ui| outcome(ui, n, slot, &mut action.outcome, view.dark));
                form.mark(&[field("then"), Key::Index(k), field("outcome")], outcome_ui.response.rect);
                if outcome_ui.inner {
                    form.changed(format!("then[{k}].outcome"));
                }
                ui.add_space(8.0);
                let remove_button = ui
                    .add_enabled(len > 1, Button::new("✖").small())
                    .accessible_name(format!("Remove action {n}"))
                    .on_hover_text("Remove this action");
                if remove_button.clicked() {
                    remove = Some(k);
                }
            })
        });
        form.mark(&keys, shown.inner.response.rect);
    }
    if let Some(k) = remove {
        draft.then.remove(k);
        form.changed("then");
    }
    let add = ui
        .add_enabled(!slots.is_empty(), Button::new("Add action").small())
        .on_hover_text("Act on another slot when this rule wins");
    if add.clicked() {
        let slot = slots.iter().find(|s| !draft.then.iter().any(|a| a.slot == s.id)).or(slots.first());
        if let Some(slot) = slot {
            draft.then.push(Action { slot: slot.id.clone(), outcome: slot.default.clone() });
            form.changed("then");
        }
    }
}

/// Edits an outcome by its kind; returns whether it changed.
fn outcome(ui: &mut Ui, n: usize, slot: Option<&Slot>, outcome: &mut Outcome, dark: bool) -> bool {
    let mut changed = false;
    if let Some(slot) = slot
        && !outcome.fits(&slot.kind)
    {
        ui.label(
            RichText::new(format!(
                "{} a {} outcome, but `{}` shows {}",
                severity_symbol(Severity::Error),
                outcome.kind_name(),
                slot.id,
                slot.kind.name()
            ))
            .color(severity_color(Severity::Error, dark)),
        );
        if ui.button("Use the slot's default").clicked() {
            *outcome = slot.default.clone();
            return true;
        }
    }
    let text = |ui: &mut Ui, value: &mut String, hint: &str, width: f32, name: String| {
        ui.add(TextEdit::singleline(value).id_salt(hint).hint_text(hint.to_owned()).desired_width(width))
            .accessible_name(name)
            .changed()
    };
    match outcome {
        Outcome::Content { id } => {
            ui.label("shows content");
            changed |= text(ui, id, "content id", 220.0, format!("Action {n} content id"));
        }
        Outcome::Ranking { strategy, boost } => {
            ui.label("ranks by");
            changed |= text(ui, strategy, "strategy", 140.0, format!("Action {n} strategy"));
            ui.label("boosting");
            changed |= pickers::chips(ui, "boost", &format!("action {n} boosted category"), "add category", boost);
        }
        Outcome::Variant { option } => {
            ui.label("uses variant");
            match slot.map(|s| &s.kind) {
                Some(SlotKind::Variant { options }) => {
                    ComboBox::from_id_salt("option")
                        .width(140.0)
                        .selected_text(option.as_str())
                        .show_ui(ui, |ui| {
                            for o in options {
                                if ui.selectable_label(*option == *o, o.as_str()).clicked() && *option != *o {
                                    option.clone_from(o);
                                    changed = true;
                                }
                            }
                        })
                        .response
                        .accessible_name(format!("Action {n} option"));
                }
                _ => changed |= text(ui, option, "option", 140.0, format!("Action {n} option")),
            }
        }
        Outcome::Offer { code, percent_off } => {
            ui.label("offers code");
            changed |= text(ui, code, "code", 140.0, format!("Action {n} offer code"));
            let percent = DragValue::new(percent_off).range(0..=100).suffix(" % off");
            changed |= ui.add(percent).accessible_name(format!("Action {n} percent off")).changed();
        }
    }
    changed
}

// ---- schedule --------------------------------------------------------------

fn schedule(ui: &mut Ui, state: &mut EditorState, draft: &mut Rule, view: &View, form: &mut Form) {
    let zone = view.ruleset.time_zone.as_str();
    let tz = parse_zone(zone).unwrap_or(Tz::UTC);
    let mut on = draft.schedule.is_some();
    let toggle = ui
        .checkbox(&mut on, "Scheduled")
        .on_hover_text("Active only between the dates, on the weekdays and in the hours below");
    if toggle.changed() {
        draft.schedule = on.then(Schedule::default);
        form.changed("schedule");
    }
    let Some(s) = draft.schedule.as_mut() else {
        ui.weak("Not scheduled: the rule is active at all times.");
        return;
    };
    let error_color = severity_color(Severity::Error, view.dark);
    Grid::new("schedule").num_columns(2).spacing([16.0, 6.0]).show(ui, |ui| {
        for (which, label, note) in
            [("start", "Starts", "first moment included"), ("end", "Ends", "excluded: the rule stops at this moment")]
        {
            let (buffer, value) =
                if which == "start" { (&mut state.start, &mut s.start) } else { (&mut state.end, &mut s.end) };
            buffer.sync(*value, tz, zone);
            let rect = row(ui, label, |ui, label| {
                let edit = ui
                    .add(
                        TextEdit::singleline(&mut buffer.text)
                            .id_salt(which)
                            .hint_text("YYYY-MM-DD HH:MM")
                            .desired_width(140.0),
                    )
                    .labelled_by(label);
                if edit.changed() {
                    match parse_local(&buffer.text, tz) {
                        Ok(parsed) => {
                            buffer.error = None;
                            buffer.synced = Some((parsed, zone.to_owned()));
                            if *value != parsed || value.map(|v| *v.offset()) != parsed.map(|v| *v.offset()) {
                                *value = parsed;
                                form.changed(format!("schedule.{which}"));
                            }
                        }
                        Err(e) => buffer.error = Some(e),
                    }
                }
                match &buffer.error {
                    Some(e) => {
                        ui.label(RichText::new(format!("{} {e}", severity_symbol(Severity::Error))).color(error_color));
                    }
                    None if buffer.text.trim().is_empty() => {
                        ui.weak(if which == "start" { "no start" } else { "no end" });
                    }
                    None => {
                        ui.weak(format!("{zone}, {note}"));
                    }
                }
            });
            form.mark(&[field("schedule"), field(which)], rect);
        }
        let rect = row(ui, "Weekdays", |ui, _| {
            for day in Weekday::ALL {
                let mut on = s.weekdays.contains(&day);
                let name = day_name(day);
                if ui.checkbox(&mut on, name).changed() {
                    s.weekdays.retain(|d| *d != day);
                    if on {
                        s.weekdays.push(day);
                    }
                    s.weekdays.sort();
                    form.changed("schedule.weekdays");
                }
            }
            if s.weekdays.is_empty() {
                ui.weak("(none ticked: every day)");
            }
        });
        form.mark(&[field("schedule"), field("weekdays")], rect);
        let rect = row(ui, "Hours", |ui, _| {
            let mut limited = s.hours.is_some();
            if ui.checkbox(&mut limited, "Only between").changed() {
                s.hours = limited.then_some(HourWindow { from: 9, to: 17 });
                form.changed("schedule.hours");
            }
            if let Some(h) = s.hours.as_mut() {
                let from = ui.add(DragValue::new(&mut h.from).range(0..=23).suffix(":00")).accessible_name("From hour");
                ui.label("and");
                let to = ui.add(DragValue::new(&mut h.to).range(1..=24).suffix(":00")).accessible_name("To hour");
                if from.changed() || to.changed() {
                    form.changed("schedule.hours");
                }
                ui.weak(if h.from > h.to { "(wraps past midnight)" } else { "(the end hour is excluded)" });
            } else {
                ui.weak("all day");
            }
        });
        form.mark(&[field("schedule"), field("hours")], rect);
    });
    if parse_zone(zone).is_err() {
        ui.label(
            RichText::new(format!(
                "{} The ruleset's time zone `{zone}` is not valid; dates are read as UTC.",
                severity_symbol(Severity::Warning)
            ))
            .color(severity_color(Severity::Warning, view.dark)),
        );
    }
}

fn day_name(day: Weekday) -> &'static str {
    match day {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_local_dates_in_the_ruleset_zone() {
        let tz = parse_zone("America/Toronto").unwrap();
        let start = parse_local("2026-11-01 00:00", tz).unwrap().unwrap();
        assert_eq!(start.to_rfc3339(), "2026-11-01T00:00:00-04:00");
        let end = parse_local("2027-03-01", tz).unwrap().unwrap();
        assert_eq!(end.to_rfc3339(), "2027-03-01T00:00:00-05:00");
        assert_eq!(parse_local("  ", tz), Ok(None));
        assert!(parse_local("2026-13-01 00:00", tz).unwrap_err().contains("YYYY-MM-DD HH:MM"));
        assert!(parse_local("2026-03-08 02:30", tz).unwrap_err().contains("does not exist"));
    }
}
