//! The single-session simulator (SPEC §6 "One session"): a form for one
//! session — geography, traffic, device, customer, cart and the ruleset's
//! custom attributes — where derived values (channel, referrer host, device
//! type, OS, browser, local time, computed segments) are shown as derived and
//! can be overridden; persona presets to start from; and a live evaluation
//! with the last ruleset that compiled: the outcome of every slot and the
//! trace of every rule, with the first failing predicate, what it expected
//! and what the session had. A session can be kept as a persona or a test.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDateTime, TimeZone, Timelike};
use chrono_tz::Tz;
use egui::{Align, Color32, Id, Key, Layout, RichText, TextWrapMode, Ui};
use egui_extras::{Column, TableBuilder};

use super::{Out, View, pickers};
use crate::analysis::Severity;
use crate::compile::CompiledRuleset;
use crate::derive::channel::{ChannelInputs, channel_rule, derive_channel, referrer_host};
use crate::derive::device::{SAMPLE_USER_AGENTS, parse_user_agent};
use crate::derive::time::{local_weekday_hour, parse_zone};
use crate::engine::RuleStatus;
use crate::gui::command::{Command, Tab};
use crate::gui::document::Edit;
use crate::gui::theme;
use crate::model::{
    Amount, Channel, CountryCode, CustomType, CustomValue, DeviceType, Persona, RegionCode, Session, VisitorType,
    fmt_number,
};
use crate::simulate::test_from_session;

/// Width of the form's label column.
const LABEL_WIDTH: f32 = 140.0;
/// The id a blank session gets.
const BLANK_ID: &str = "simulated-session";

/// The simulator's own state.
#[derive(Default)]
pub struct SimulatorState {
    /// The session being simulated.
    pub session: Session,
    /// The text of parsed fields (timestamp, numbers) by field key, kept
    /// as typed while it does not parse.
    text: HashMap<String, String>,
    /// The time zone the timestamp text is written in.
    text_zone: String,
    /// Text typed into the "add" box of list fields, by field key.
    adding: HashMap<String, String>,
    /// The name for "Save as persona".
    persona_name: String,
    /// The name for "Save as test".
    test_name: String,
    /// What the last save did.
    note: Option<(String, bool)>,
    /// Filters the trace by rule id, name or reason.
    filter: String,
    /// Shows only the rules acting on this slot.
    slot_filter: Option<String>,
    /// The evaluation of `session`, recomputed when it or the ruleset changes.
    eval: Option<Eval>,
}

impl SimulatorState {
    /// Shows a session (a persona, a witness, a test, a batch row).
    pub fn load(&mut self, session: Session) {
        self.session = session;
        self.text.clear();
        self.adding.clear();
        self.note = None;
    }

    fn refresh(&mut self, compiled: Option<&Arc<CompiledRuleset>>) {
        let Some(compiled) = compiled else {
            self.eval = None;
            return;
        };
        let fresh = self.eval.as_ref().is_some_and(|e| Arc::ptr_eq(&e.compiled, compiled) && e.session == self.session);
        if !fresh {
            self.eval = Some(evaluate(compiled, &self.session));
        }
    }
}

/// One slot's outcome, ready to show.
struct OutcomeRow {
    slot: String,
    outcome: String,
    rule: Option<String>,
    held_out: Vec<String>,
}

/// How a rule fared, for colouring.
#[derive(Clone, Copy, PartialEq)]
enum Tone {
    Applied,
    Lost,
    HeldOut,
    Inactive,
    NotMatched,
}

/// One rule's line of the trace, ready to show.
struct TraceRow {
    rule: String,
    name: String,
    priority: i32,
    slots: Vec<String>,
    tone: Tone,
    status: &'static str,
    reason: String,
    expected: String,
    actual: String,
    derived: bool,
}

/// A session evaluated with one compiled ruleset.
struct Eval {
    compiled: Arc<CompiledRuleset>,
    session: Session,
    outcomes: Vec<OutcomeRow>,
    rows: Vec<TraceRow>,
    computed_segments: Vec<String>,
}

fn evaluate(compiled: &Arc<CompiledRuleset>, session: &Session) -> Eval {
    let facts = compiled.facts(session);
    let trace = compiled.trace(&facts);
    let decision = compiled.view(&facts, &trace.decision, None);
    let outcomes = compiled
        .slots
        .iter()
        .filter_map(|slot| {
            decision.slots.get(&slot.id).map(|v| OutcomeRow {
                slot: slot.id.clone(),
                outcome: v.outcome.to_string(),
                rule: v.rule.clone(),
                held_out: v.held_out.clone(),
            })
        })
        .collect();
    let mut rows: Vec<TraceRow> = compiled
        .rules
        .iter()
        .zip(&trace.rules)
        .map(|(rule, t)| {
            let slots = rule.actions.iter().map(|(s, _)| compiled.slots[usize::from(*s)].id.clone()).collect();
            let mut row = TraceRow {
                rule: rule.id.clone(),
                name: rule.name.clone(),
                priority: rule.priority,
                slots,
                tone: Tone::Inactive,
                status: "",
                reason: String::new(),
                expected: String::new(),
                actual: String::new(),
                derived: false,
            };
            describe(&t.status, &mut row);
            row
        })
        .collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.priority));
    let computed_segments = compiled
        .segments
        .iter()
        .enumerate()
        .filter(|(i, _)| facts.computed_segments.contains(*i as u16))
        .map(|(_, s)| s.id.clone())
        .collect();
    Eval { compiled: compiled.clone(), session: session.clone(), outcomes, rows, computed_segments }
}

fn describe(status: &RuleStatus, row: &mut TraceRow) {
    match status {
        RuleStatus::Matched { slots } => {
            let applied = slots.iter().filter(|s| s.applied).count();
            (row.tone, row.status) = if applied == slots.len() {
                (Tone::Applied, "applied")
            } else if applied == 0 {
                (Tone::Lost, "lost")
            } else {
                (Tone::Applied, "partly applied")
            };
            let parts: Vec<String> = slots
                .iter()
                .map(
                    |s| if s.applied { format!("wins {}", s.slot) } else { format!("{} went to {}", s.slot, s.winner) },
                )
                .collect();
            row.reason = parts.join("; ");
        }
        RuleStatus::HeldOut { bucket, threshold } => {
            row.tone = Tone::HeldOut;
            row.status = "held out";
            row.reason = format!(
                "the visitor's bucket {bucket} is below {threshold} of 10000 ({} % holdout)",
                fmt_number(f64::from(*threshold) / 100.0)
            );
        }
        RuleStatus::OutsideSchedule { reason } => {
            row.tone = Tone::Inactive;
            row.status = "outside schedule";
            row.reason = reason.clone();
        }
        RuleStatus::Disabled => {
            row.tone = Tone::Inactive;
            row.status = "disabled";
            row.reason = "turned off".to_owned();
        }
        RuleStatus::NotMatched { failure } => {
            row.tone = Tone::NotMatched;
            row.status = "not matched";
            row.reason = failure.predicate.clone();
            row.expected = failure.expected.clone();
            match failure.actual.strip_suffix(" (derived)") {
                Some(value) => {
                    row.actual = value.to_owned();
                    row.derived = true;
                }
                None => row.actual = failure.actual.clone(),
            }
        }
    }
}

/// The compiled ruleset when it is the document's current version.
fn current<'a>(view: &View<'a>) -> Option<&'a Arc<CompiledRuleset>> {
    if view.stale {
        return None;
    }
    view.checked.and_then(|c| c.compiled.as_ref())
}

fn error_color(dark: bool) -> Color32 {
    theme::severity_color(Severity::Error, dark)
}

// ---- drawing ---------------------------------------------------------------

/// Draws the simulator.
pub fn show(ui: &mut Ui, state: &mut SimulatorState, view: &View, out: &mut Out) {
    if state.text_zone != view.ruleset.time_zone {
        state.text_zone.clone_from(&view.ruleset.time_zone);
        state.text.remove("timestamp");
    }
    state.refresh(view.compiled);
    header(ui, state, view, out);
    ui.separator();
    egui::Panel::left("simulator-form").resizable(true).default_size(380.0).min_size(300.0).show(ui, |ui| {
        egui::ScrollArea::vertical().id_salt("simulator-form-scroll").auto_shrink([false, false]).show(ui, |ui| {
            form(ui, state, view);
        });
    });
    state.refresh(view.compiled);
    ui.add_space(4.0);
    results(ui, state, view, out);
}

fn header(ui: &mut Ui, state: &mut SimulatorState, view: &View, out: &mut Out) {
    let personas = &view.ruleset.personas;
    ui.horizontal_wrapped(|ui| {
        let loaded = personas.iter().position(|p| p.session == state.session);
        let shown = match loaded {
            Some(i) => personas[i].name.clone(),
            None if personas.is_empty() => "(no personas in this ruleset)".to_owned(),
            None => "(choose a persona)".to_owned(),
        };
        let mut chosen = None;
        let l = ui.label("Persona");
        egui::ComboBox::from_id_salt("simulator-persona")
            .selected_text(shown)
            .width(320.0)
            .truncate()
            .show_ui(ui, |ui| {
                for (i, p) in personas.iter().enumerate() {
                    if ui.selectable_label(loaded == Some(i), &p.name).clicked() {
                        chosen = Some(i);
                    }
                }
            })
            .response
            .labelled_by(l.id)
            .on_hover_text("Load a preset session saved in the ruleset");
        if let Some(i) = chosen {
            state.load(personas[i].session.clone());
        }
        if ui.button("Blank session").on_hover_text("Start from an empty session").clicked() {
            state.load(Session { id: BLANK_ID.to_owned(), ..Session::default() });
        }
        ui.separator();
        let l = ui.label("Persona name");
        ui.add(
            egui::TextEdit::singleline(&mut state.persona_name).hint_text("e.g. Returning VIP").desired_width(180.0),
        )
        .labelled_by(l.id);
        if ui.button("Save as persona").on_hover_text("Keep this session as a preset in the ruleset").clicked() {
            save_persona(state, view, out);
        }
    });
}

fn save_persona(state: &mut SimulatorState, view: &View, out: &mut Out) {
    let name = state.persona_name.trim().to_owned();
    if name.is_empty() {
        state.note = Some(("Name the persona first.".to_owned(), false));
        return;
    }
    let mut rs = view.ruleset.clone();
    let persona = Persona { name: name.clone(), session: state.session.clone() };
    let label = match rs.personas.iter_mut().find(|p| p.name == name) {
        Some(existing) => {
            *existing = persona;
            format!("update persona `{name}`")
        }
        None => {
            rs.personas.push(persona);
            format!("add persona `{name}`")
        }
    };
    out.push(Command::Edit(Edit::SetRuleset { label, ruleset: Box::new(rs), key: None }));
    state.persona_name.clear();
    state.note = Some((format!("Saved persona “{name}”."), true));
}

fn save_test(state: &mut SimulatorState, view: &View, compiled: &CompiledRuleset, out: &mut Out) {
    let name = state.test_name.trim().to_owned();
    if name.is_empty() {
        state.note = Some(("Name the test first.".to_owned(), false));
        return;
    }
    if view.ruleset.tests.iter().any(|t| t.name == name) {
        state.note = Some((format!("A test named “{name}” exists; choose another name."), false));
        return;
    }
    let test = test_from_session(compiled, &name, &state.session);
    let slots = test.expect.len();
    let mut rs = view.ruleset.clone();
    rs.tests.push(test);
    out.push(Command::Edit(Edit::SetRuleset { label: format!("add test `{name}`"), ruleset: Box::new(rs), key: None }));
    state.test_name.clear();
    state.note = Some((format!("Saved test “{name}”: it expects today's outcome of {slots} slots."), true));
}

// ---- the form --------------------------------------------------------------

/// Pads so that `text` ends at the label column's right edge.
fn pad(ui: &mut Ui, text: &str) {
    let width = egui::WidgetText::from(text)
        .into_galley(ui, Some(TextWrapMode::Extend), f32::INFINITY, egui::TextStyle::Body)
        .size()
        .x;
    ui.add_space((LABEL_WIDTH - width).max(0.0));
}

/// A right-aligned label in the form's label column.
fn form_label(ui: &mut Ui, text: &str) -> egui::Response {
    pad(ui, text);
    ui.label(text)
}

/// A line under a field, aligned with the fields.
fn under(ui: &mut Ui, text: RichText) {
    ui.horizontal(|ui| {
        ui.add_space(LABEL_WIDTH + ui.spacing().item_spacing.x);
        ui.add(egui::Label::new(text).wrap());
    });
}

fn section(ui: &mut Ui, title: &str, add: impl FnOnce(&mut Ui)) {
    egui::CollapsingHeader::new(RichText::new(title).strong())
        .id_salt(("simulator-section", title))
        .default_open(true)
        .show(ui, |ui| {
            ui.spacing_mut().item_spacing.y = 3.0;
            add(ui);
        });
}

/// A text field for an optional string: empty means absent.
fn text_row(ui: &mut Ui, label: &str, hint: &str, value: &mut Option<String>) -> bool {
    ui.horizontal(|ui| {
        let l = form_label(ui, label);
        let mut text = value.clone().unwrap_or_default();
        let r = ui
            .add(egui::TextEdit::singleline(&mut text).hint_text(hint).desired_width(f32::INFINITY))
            .labelled_by(l.id);
        if r.changed() {
            *value = (!text.is_empty()).then_some(text);
        }
        r.changed()
    })
    .inner
}

/// A field whose text is parsed. The text is kept as typed while it does not
/// parse, with the error under it; returns the new value when the text
/// changed and parses.
fn parsed_row<T>(
    ui: &mut Ui,
    texts: &mut HashMap<String, String>,
    key: &str,
    label: &str,
    hint: &str,
    initial: impl FnOnce() -> String,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Option<T> {
    let text = texts.entry(key.to_owned()).or_insert_with(initial);
    let changed = ui
        .horizontal(|ui| {
            let l = form_label(ui, label);
            ui.add(egui::TextEdit::singleline(text).hint_text(hint).desired_width(f32::INFINITY))
                .labelled_by(l.id)
                .changed()
        })
        .inner;
    match parse(text) {
        Ok(value) => changed.then_some(value),
        Err(e) => {
            let dark = ui.visuals().dark_mode;
            under(ui, RichText::new(e).color(error_color(dark)));
            None
        }
    }
}

fn parse_count(text: &str) -> Result<Option<u32>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<u32>().map(Some).map_err(|_| format!("`{t}` is not a whole number of at least 0"))
}

fn parse_amount(text: &str) -> Result<Option<Amount>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let n = t.parse::<f64>().map_err(|_| format!("`{t}` is not a number"))?;
    Amount::new(n).map(Some)
}

fn parse_number(text: &str) -> Result<Option<f64>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite()).map(Some).ok_or_else(|| format!("`{t}` is not a number"))
}

/// Reads a timestamp written as `YYYY-MM-DD HH:MM[:SS]` in `tz`, or as RFC 3339.
fn parse_timestamp(text: &str, tz: Tz) -> Result<Option<DateTime<FixedOffset>>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    if let Ok(instant) = DateTime::parse_from_rfc3339(t) {
        return Ok(Some(instant));
    }
    for format in ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(t, format) {
            return match tz.from_local_datetime(&naive) {
                LocalResult::Single(local) => Ok(Some(local.fixed_offset())),
                LocalResult::Ambiguous(earlier, _) => Ok(Some(earlier.fixed_offset())),
                LocalResult::None => Err(format!("{t} does not exist in {tz}: the clocks skip that hour")),
            };
        }
    }
    Err(format!("write YYYY-MM-DD HH:MM ({tz} time) or RFC 3339, e.g. 2026-12-10T15:00:00-05:00"))
}

fn format_timestamp(instant: &DateTime<FixedOffset>, tz: Tz) -> String {
    let local = instant.with_timezone(&tz);
    let format = if local.second() == 0 { "%Y-%m-%d %H:%M" } else { "%Y-%m-%d %H:%M:%S" };
    local.format(format).to_string()
}

/// Sample user agents with a short name each ("iPhone Safari").
fn sample_agents() -> &'static [(String, &'static str)] {
    static AGENTS: OnceLock<Vec<(String, &'static str)>> = OnceLock::new();
    AGENTS.get_or_init(|| SAMPLE_USER_AGENTS.iter().map(|ua| (agent_name(ua), *ua)).collect())
}

fn agent_name(ua: &str) -> String {
    let d = parse_user_agent(ua);
    let browser = d.browser.clone().unwrap_or_else(|| "browser".to_owned());
    let device = match (d.kind, d.os.as_deref()) {
        (Some(DeviceType::Bot), _) => return browser,
        (Some(DeviceType::Mobile), Some("iOS")) => "iPhone",
        (Some(DeviceType::Tablet), Some("iOS")) => "iPad",
        (Some(DeviceType::Mobile), Some("Android")) => "Android phone",
        (Some(DeviceType::Tablet), Some("Android")) => "Android tablet",
        (_, Some("Mac OS X")) => "Mac",
        (_, Some(os)) => os,
        _ => "Device",
    };
    format!("{device} {browser}")
}

/// Which inputs decided the derived channel: those whose removal changes it.
fn channel_source(inputs: &ChannelInputs) -> String {
    if inputs.source.is_empty() && inputs.medium.is_empty() && inputs.host.is_empty() {
        return "from no UTM and no referrer".to_owned();
    }
    let channel = derive_channel(inputs);
    let decides = |clear: fn(&mut ChannelInputs)| {
        let mut without = inputs.clone();
        clear(&mut without);
        derive_channel(&without) != channel
    };
    let mut by = Vec::new();
    if !inputs.medium.is_empty() && decides(|i| i.medium.clear()) {
        by.push("utm_medium");
    }
    if !inputs.source.is_empty() && decides(|i| i.source.clear()) {
        by.push("utm_source");
    }
    if !inputs.host.is_empty() && decides(|i| i.host.clear()) {
        by.push("the referrer");
    }
    if by.is_empty() {
        for (present, name) in
            [(&inputs.medium, "utm_medium"), (&inputs.source, "utm_source"), (&inputs.host, "the referrer")]
        {
            if !present.is_empty() {
                by.push(name);
            }
        }
    }
    format!("from {}", by.join(" and "))
}

/// A combo for an optional value that is derived when absent.
fn derived_combo<T: Copy + PartialEq + std::fmt::Display>(
    ui: &mut Ui,
    id_salt: &str,
    label: &str,
    derived: String,
    all: &[T],
    value: &mut Option<T>,
) -> egui::Response {
    let mut changed = false;
    let mut response = ui
        .horizontal(|ui| {
            let l = form_label(ui, label);
            let shown = match value {
                Some(v) => format!("{v} (set here)"),
                None => derived.clone(),
            };
            egui::ComboBox::from_id_salt(id_salt)
                .selected_text(shown)
                .width(ui.available_width())
                .show_ui(ui, |ui| {
                    changed |= ui.selectable_value(value, None, format!("Derived: {derived}")).changed();
                    for v in all {
                        changed |= ui.selectable_value(value, Some(*v), v.to_string()).changed();
                    }
                })
                .response
                .labelled_by(l.id)
        })
        .inner;
    if changed {
        response.mark_changed();
    }
    response
}

/// Chips for a list of strings, each removable, and a box to add more
/// (Enter or a comma adds). Draws inline; returns whether the list changed.
pub(super) fn chips(ui: &mut Ui, labelled_by: Id, what: &str, values: &mut Vec<String>, input: &mut String) -> bool {
    let mut changed = false;
    let mut remove = None;
    for (i, v) in values.iter().enumerate() {
        if ui.small_button(format!("{v} ×")).on_hover_text(format!("Remove {what} {v}")).clicked() {
            remove = Some(i);
        }
    }
    if let Some(i) = remove {
        values.remove(i);
        changed = true;
    }
    let r = ui
        .add(egui::TextEdit::singleline(input).hint_text(format!("add {what}")).desired_width(110.0))
        .labelled_by(labelled_by);
    let entered = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
    let add = ui.small_button("Add").on_hover_text(format!("Add the {what} typed")).clicked();
    if entered || add || input.contains(',') {
        let keep_last = !(entered || add);
        let text = std::mem::take(input);
        let mut parts: Vec<&str> = text.split(',').collect();
        if keep_last && let Some(last) = parts.pop() {
            *input = last.to_owned();
        }
        for part in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
            if !values.iter().any(|v| v == part) {
                values.push(part.to_owned());
                changed = true;
            }
        }
        if entered {
            r.request_focus();
        }
    }
    changed
}

fn chips_row(
    ui: &mut Ui,
    adding: &mut HashMap<String, String>,
    key: &str,
    label: &str,
    what: &str,
    values: &mut Vec<String>,
) -> bool {
    ui.horizontal_wrapped(|ui| {
        let l = form_label(ui, label);
        chips(ui, l.id, what, values, adding.entry(key.to_owned()).or_default())
    })
    .inner
}

fn form(ui: &mut Ui, state: &mut SimulatorState, view: &View) {
    let dark = view.dark;
    let zone = &view.ruleset.time_zone;
    let tz = parse_zone(zone).ok();
    section(ui, "Session", |ui| {
        let s = &mut state.session;
        ui.horizontal(|ui| {
            let l = form_label(ui, "Session id");
            ui.add(egui::TextEdit::singleline(&mut s.id).hint_text("required").desired_width(f32::INFINITY))
                .labelled_by(l.id);
        });
        if s.id.trim().is_empty() {
            under(ui, RichText::new("every session needs an id").color(error_color(dark)));
        }
        text_row(ui, "Visitor id", "holdouts use it (else the session id)", &mut s.visitor_id);
        let zone_tz = tz.unwrap_or(Tz::UTC);
        let timestamp = s.timestamp;
        if let Some(t) = parsed_row(
            ui,
            &mut state.text,
            "timestamp",
            "Timestamp",
            "YYYY-MM-DD HH:MM",
            || timestamp.map(|t| format_timestamp(&t, zone_tz)).unwrap_or_default(),
            |text| parse_timestamp(text, zone_tz),
        ) {
            s.timestamp = t;
        }
        let local = match (s.timestamp, tz) {
            (Some(t), Some(tz)) => {
                let (weekday, hour) = local_weekday_hour(tz, t.timestamp());
                let when = t.with_timezone(&tz).format("%a %-d %b %Y %H:%M");
                format!("{when}, {tz}: weekday {}, hour {hour} (derived)", weekday.name())
            }
            (Some(_), None) => format!("the ruleset's time zone `{zone}` is unknown: times are read as UTC"),
            (None, _) => format!("no timestamp: scheduled rules and time.* do not apply ({zone} time)"),
        };
        under(ui, RichText::new(local).weak());
    });
    section(ui, "Geography", |ui| {
        let geo = &mut state.session.geo;
        let mut country = geo.country.as_ref().map(|c| c.as_str().to_owned());
        let changed = ui
            .horizontal(|ui| {
                pad(ui, "Country");
                pickers::country(ui, "simulator-country", "Country", &mut country)
            })
            .inner;
        if changed {
            geo.country = country.as_deref().and_then(|c| CountryCode::new(c).ok());
            let keep = match (&geo.region, &geo.country) {
                (Some(r), Some(c)) => r.as_str().starts_with(&format!("{}-", c.as_str())),
                _ => true,
            };
            if !keep {
                geo.region = None;
            }
        }
        let mut region = geo.region.as_ref().map(|r| r.as_str().to_owned());
        let country = geo.country.as_ref().map(|c| c.as_str().to_owned());
        let changed = ui
            .horizontal(|ui| {
                pad(ui, "Region");
                pickers::region(ui, "simulator-region", "Region", country.as_deref(), &mut region)
            })
            .inner;
        if changed {
            geo.region = region.as_deref().and_then(|r| RegionCode::new(r).ok());
        }
        text_row(ui, "City", "", &mut geo.city);
    });
    section(ui, "Traffic", |ui| {
        let t = &mut state.session.traffic;
        text_row(ui, "UTM source", "e.g. facebook", &mut t.utm_source);
        text_row(ui, "UTM medium", "e.g. paid_social", &mut t.utm_medium);
        text_row(ui, "UTM campaign", "", &mut t.utm_campaign);
        text_row(ui, "UTM term", "", &mut t.utm_term);
        text_row(ui, "UTM content", "", &mut t.utm_content);
        text_row(ui, "Referrer", "https://…", &mut t.referrer);
        let derived_host = t.referrer.as_deref().and_then(referrer_host);
        let hint =
            derived_host.as_ref().map_or_else(|| "derived from the referrer".to_owned(), |h| format!("{h} (derived)"));
        text_row(ui, "Referrer host", &hint, &mut t.referrer_host);
        text_row(ui, "Landing page", "/collections/…", &mut t.landing_page);
        let host = t.referrer_host.clone().or(derived_host);
        let inputs = ChannelInputs::new(t.utm_source.as_deref(), t.utm_medium.as_deref(), host.as_deref());
        let derived = format!("{} (derived {})", derive_channel(&inputs), channel_source(&inputs));
        let rule = format!("The channel table's rule: {}", channel_rule(&inputs).description);
        derived_combo(ui, "simulator-channel", "Channel", derived, Channel::ALL, &mut t.channel).on_hover_text(rule);
    });
    section(ui, "Device", |ui| {
        let d = &mut state.session.device;
        ui.horizontal(|ui| {
            let l = form_label(ui, "User agent");
            let mut ua = d.user_agent.clone().unwrap_or_default();
            let r = ui
                .add(
                    egui::TextEdit::multiline(&mut ua)
                        .hint_text("Mozilla/5.0 (…)")
                        .desired_rows(2)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            if r.changed() {
                let ua = ua.replace(['\n', '\r'], " ");
                d.user_agent = (!ua.is_empty()).then_some(ua);
            }
        });
        ui.horizontal(|ui| {
            let l = form_label(ui, "Sample device");
            let agents = sample_agents();
            let current = agents.iter().find(|(_, ua)| d.user_agent.as_deref() == Some(*ua));
            let shown = current.map_or(if d.user_agent.is_some() { "(typed above)" } else { "(none)" }, |(n, _)| n);
            let mut chosen = None;
            egui::ComboBox::from_id_salt("simulator-agent")
                .selected_text(shown)
                .width(ui.available_width())
                .show_ui(ui, |ui| {
                    for (name, ua) in agents {
                        if ui.selectable_label(d.user_agent.as_deref() == Some(*ua), name.as_str()).clicked() {
                            chosen = Some(*ua);
                        }
                    }
                })
                .response
                .labelled_by(l.id)
                .on_hover_text("Real user agents of common devices");
            if let Some(ua) = chosen {
                d.user_agent = Some(ua.to_owned());
            }
        });
        let info = d.user_agent.as_deref().map(parse_user_agent).unwrap_or_default();
        let from_ua = |v: Option<String>| match (v, &d.user_agent) {
            (Some(v), _) => format!("{v} (derived from the user agent)"),
            (None, Some(_)) => "(unknown from the user agent)".to_owned(),
            (None, None) => "(none: no user agent)".to_owned(),
        };
        let kind = from_ua(info.kind.map(|k| k.to_string()));
        let os_hint = from_ua(info.os.clone());
        let browser_hint = from_ua(info.browser.clone());
        derived_combo(ui, "simulator-device-type", "Device type", kind, DeviceType::ALL, &mut d.kind);
        text_row(ui, "OS", &os_hint, &mut d.os);
        text_row(ui, "Browser", &browser_hint, &mut d.browser);
    });
    let computed = state.eval.as_ref().map(|e| e.computed_segments.clone()).unwrap_or_default();
    section(ui, "Customer", |ui| {
        let c = &mut state.session.customer;
        let mut listed = c.segments.clone().unwrap_or_default();
        let changed = ui
            .horizontal(|ui| {
                pad(ui, "Segments");
                pickers::segments(ui, "Segments", &view.ruleset.segments, &mut listed)
            })
            .inner;
        if changed {
            c.segments = (!listed.is_empty()).then_some(listed.clone());
        }
        under(ui, RichText::new("Ticked: listed upstream (by a CDP).").weak());
        let unknown: Vec<&String> =
            listed.iter().filter(|s| !view.ruleset.segments.iter().any(|d| &d.id == *s)).collect();
        if !unknown.is_empty() {
            let names: Vec<&str> = unknown.iter().map(|s| s.as_str()).collect();
            under(ui, RichText::new(format!("Also listed, not declared: {}", names.join(", "))).weak());
        }
        let by_condition: Vec<&String> = computed.iter().filter(|s| !listed.contains(s)).collect();
        if !by_condition.is_empty() {
            let names: Vec<&str> = by_condition.iter().map(|s| s.as_str()).collect();
            under(
                ui,
                RichText::new(format!("In {} by the segment's condition (derived)", names.join(", ")))
                    .color(theme::ok_color(dark)),
            );
        }
        ui.horizontal(|ui| {
            let l = form_label(ui, "Visitor type");
            let shown = c.visitor_type.map_or("(none)".to_owned(), |v| v.to_string());
            egui::ComboBox::from_id_salt("simulator-visitor-type")
                .selected_text(shown)
                .width(ui.available_width())
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut c.visitor_type, None, "(none)");
                    for v in VisitorType::ALL {
                        ui.selectable_value(&mut c.visitor_type, Some(*v), v.to_string());
                    }
                })
                .response
                .labelled_by(l.id);
        });
        let orders = c.orders;
        if let Some(v) = parsed_row(
            ui,
            &mut state.text,
            "orders",
            "Orders",
            "",
            || orders.map(|n| n.to_string()).unwrap_or_default(),
            parse_count,
        ) {
            c.orders = v;
        }
        let ltv = c.lifetime_value;
        if let Some(v) = parsed_row(
            ui,
            &mut state.text,
            "lifetime_value",
            "Lifetime value",
            "",
            || ltv.map(|n| fmt_number(n.get())).unwrap_or_default(),
            parse_amount,
        ) {
            c.lifetime_value = v;
        }
        let days = c.days_since_last_order;
        if let Some(v) = parsed_row(
            ui,
            &mut state.text,
            "days",
            "Days since last order",
            "",
            || days.map(|n| n.to_string()).unwrap_or_default(),
            parse_count,
        ) {
            c.days_since_last_order = v;
        }
    });
    section(ui, "Cart", |ui| {
        let cart = &mut state.session.cart;
        let value = cart.value;
        if let Some(v) = parsed_row(
            ui,
            &mut state.text,
            "cart_value",
            "Cart value",
            "",
            || value.map(|n| fmt_number(n.get())).unwrap_or_default(),
            parse_amount,
        ) {
            cart.value = v;
        }
        let items = cart.items;
        if let Some(v) = parsed_row(
            ui,
            &mut state.text,
            "cart_items",
            "Cart items",
            "",
            || items.map(|n| n.to_string()).unwrap_or_default(),
            parse_count,
        ) {
            cart.items = v;
        }
        let mut categories = cart.categories.clone().unwrap_or_default();
        if chips_row(ui, &mut state.adding, "categories", "Categories", "category", &mut categories) {
            cart.categories = (!categories.is_empty()).then_some(categories);
        }
    });
    if !view.ruleset.attributes.is_empty() || !state.session.attributes.is_empty() {
        section(ui, "Custom attributes", |ui| custom_attributes(ui, state, view));
    }
    ui.add_space(6.0);
    if ui.button("Copy as JSON").on_hover_text("Copy the session as one JSON line, as session files hold it").clicked()
        && let Ok(json) = serde_json::to_string(&state.session)
    {
        ui.ctx().copy_text(json);
        state.note = Some(("Copied the session as JSON.".to_owned(), true));
    }
}

fn custom_attributes(ui: &mut Ui, state: &mut SimulatorState, view: &View) {
    let attrs = &mut state.session.attributes;
    for a in &view.ruleset.attributes {
        let name = a.name.as_str();
        let hint = if a.description.is_empty() { type_name(a.ty) } else { a.description.as_str() };
        match a.ty {
            CustomType::Text => {
                let mut value = attrs.get(name).map(custom_text);
                if text_row(ui, name, hint, &mut value) {
                    match value {
                        Some(v) => attrs.insert(name.to_owned(), CustomValue::Text(v)),
                        None => attrs.remove(name),
                    };
                }
            }
            CustomType::Number => {
                let current = attrs.get(name).map(custom_text).unwrap_or_default();
                if let Some(v) =
                    parsed_row(ui, &mut state.text, &format!("attribute:{name}"), name, hint, || current, parse_number)
                {
                    match v {
                        Some(n) => attrs.insert(name.to_owned(), CustomValue::Number(n)),
                        None => attrs.remove(name),
                    };
                }
            }
            CustomType::List => {
                let mut items = match attrs.get(name) {
                    Some(CustomValue::List(items)) => items.clone(),
                    Some(other) => custom_text(other).split('|').map(|s| s.trim().to_owned()).collect(),
                    None => Vec::new(),
                };
                if chips_row(ui, &mut state.adding, &format!("attribute:{name}"), name, "value", &mut items) {
                    if items.is_empty() {
                        attrs.remove(name);
                    } else {
                        attrs.insert(name.to_owned(), CustomValue::List(items));
                    }
                }
            }
        }
    }
    let undeclared: Vec<String> = attrs
        .iter()
        .filter(|(k, _)| !view.ruleset.attributes.iter().any(|a| &a.name == *k))
        .map(|(k, v)| format!("{k} = {}", custom_text(v)))
        .collect();
    if !undeclared.is_empty() {
        under(
            ui,
            RichText::new(format!("Not declared in the ruleset (rules ignore them): {}", undeclared.join(", "))).weak(),
        );
    }
}

fn custom_text(v: &CustomValue) -> String {
    match v {
        CustomValue::Text(s) => s.clone(),
        CustomValue::Number(n) => fmt_number(*n),
        CustomValue::List(items) => items.join(" | "),
    }
}

/// A custom attribute type's name, as written in rulesets.
pub(super) fn type_name(ty: CustomType) -> &'static str {
    match ty {
        CustomType::Text => "text",
        CustomType::Number => "number",
        CustomType::List => "list",
    }
}

// ---- the results -----------------------------------------------------------

fn status_line(ui: &mut Ui, view: &View) {
    let dark = view.dark;
    let warn = theme::severity_color(Severity::Warning, dark);
    match (view.compiled, current(view)) {
        (None, _) => {
            ui.label(
                RichText::new("⊗ The ruleset has errors: fix them (see Problems) to simulate.")
                    .color(error_color(dark)),
            );
        }
        (Some(_), Some(_)) => {
            ui.label(
                RichText::new("✔ Live: results follow every change to the session and the ruleset.")
                    .color(theme::ok_color(dark)),
            );
        }
        (Some(_), None) if view.stale => {
            ui.label(
                RichText::new("⚠ Results use the last version without errors while your latest edits are checked.")
                    .color(warn),
            );
        }
        (Some(_), None) => {
            ui.label(
                RichText::new("⚠ The ruleset has errors: results use the last version without errors.").color(warn),
            );
        }
    }
}

fn results(ui: &mut Ui, state: &mut SimulatorState, view: &View, out: &mut Out) {
    status_line(ui, view);
    let Some(eval) = state.eval.take() else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        let l = ui.label("Test name");
        ui.add(
            egui::TextEdit::singleline(&mut state.test_name)
                .hint_text("e.g. Canadian iPhone in December")
                .desired_width(220.0),
        )
        .labelled_by(l.id);
        let compiled = current(view);
        let button = ui
            .add_enabled(compiled.is_some(), egui::Button::new("Save as test"))
            .on_hover_text("Keep this session and today's outcome of every slot as a test")
            .on_disabled_hover_text("Tests are saved from the current version; it has errors or is being checked");
        if button.clicked()
            && let Some(compiled) = compiled
        {
            save_test(state, view, compiled, out);
        }
        if let Some((text, ok)) = &state.note {
            let color = if *ok { theme::ok_color(view.dark) } else { error_color(view.dark) };
            ui.label(RichText::new(text).color(color));
            if *ok && text.starts_with("Saved test") && ui.link("Show tests").clicked() {
                out.push(Command::SetTab(Tab::Tests));
            }
        }
    });
    ui.add_space(4.0);
    ui.strong("Outcome per slot");
    ui.push_id("simulator-outcomes", |ui| outcomes(ui, &eval, view, out));
    ui.add_space(6.0);
    ui.strong("Why: every rule, highest priority first")
        .on_hover_text("For a rule that did not match: the first predicate that failed, and what the session had");
    ui.horizontal(|ui| {
        let l = ui.label("Filter rules");
        ui.add(egui::TextEdit::singleline(&mut state.filter).hint_text("id, name or reason").desired_width(180.0))
            .labelled_by(l.id);
        let l = ui.label("Slot");
        let shown = state.slot_filter.clone().unwrap_or_else(|| "all slots".to_owned());
        egui::ComboBox::from_id_salt("simulator-trace-slot")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                ui.selectable_value(&mut state.slot_filter, None, "all slots");
                for s in &eval.compiled.slots {
                    ui.selectable_value(&mut state.slot_filter, Some(s.id.clone()), &s.id);
                }
            })
            .response
            .labelled_by(l.id);
    });
    let needle = state.filter.trim().to_lowercase();
    let rows: Vec<&TraceRow> = eval
        .rows
        .iter()
        .filter(|r| state.slot_filter.as_ref().is_none_or(|s| r.slots.contains(s)))
        .filter(|r| {
            needle.is_empty()
                || r.rule.to_lowercase().contains(&needle)
                || r.name.to_lowercase().contains(&needle)
                || r.status.contains(&needle)
                || r.reason.to_lowercase().contains(&needle)
        })
        .collect();
    trace_table(ui, &rows, view, out);
    state.eval = Some(eval);
}

fn outcomes(ui: &mut Ui, eval: &Eval, view: &View, out: &mut Out) {
    let row_height = ui.spacing().interact_size.y;
    let warn = theme::severity_color(Severity::Warning, view.dark);
    TableBuilder::new(ui)
        .id_salt("simulator-outcomes")
        .striped(true)
        .vscroll(false)
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::auto().at_least(80.0).at_most(170.0).clip(true))
        .column(Column::remainder().at_least(120.0).clip(true))
        .column(Column::initial(210.0).at_least(80.0).clip(true))
        .header(row_height, |mut header| {
            for title in ["Slot", "Outcome", "Chosen by"] {
                header.col(|ui| {
                    ui.weak(title);
                });
            }
        })
        .body(|mut body| {
            for o in &eval.outcomes {
                body.row(row_height, |mut row| {
                    row.col(|ui| {
                        ui.monospace(&o.slot);
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(RichText::new(&o.outcome).strong()).truncate());
                    });
                    row.col(|ui| {
                        match &o.rule {
                            Some(rule) => rule_link(ui, rule, view, out),
                            None => {
                                ui.weak("default");
                            }
                        }
                        if !o.held_out.is_empty() {
                            ui.label(RichText::new(format!("held out of {}", o.held_out.join(", "))).color(warn))
                                .on_hover_text("These rules matched, but the visitor is in their holdout");
                        }
                    });
                });
            }
        });
}

fn rule_link(ui: &mut Ui, rule: &str, view: &View, out: &mut Out) {
    let name = view.ruleset.rule(rule).map(|r| r.name.as_str()).unwrap_or_default();
    if ui.link(rule).on_hover_text(format!("{name}\nClick to open the rule")).clicked()
        && let Some(i) = view.ruleset.rule_index(rule)
    {
        out.push(Command::SelectRule(i));
    }
}

fn tone_color(tone: Tone, ui: &Ui, dark: bool) -> Color32 {
    match tone {
        Tone::Applied => theme::ok_color(dark),
        Tone::Lost => theme::severity_color(Severity::Info, dark),
        Tone::HeldOut => theme::severity_color(Severity::Warning, dark),
        Tone::Inactive => ui.visuals().weak_text_color(),
        Tone::NotMatched => ui.visuals().text_color(),
    }
}

fn trace_table(ui: &mut Ui, rows: &[&TraceRow], view: &View, out: &mut Out) {
    if rows.is_empty() {
        ui.weak("No rule matches the filter.");
        return;
    }
    let row_height = ui.spacing().interact_size.y;
    let height = ui.available_height();
    TableBuilder::new(ui)
        .id_salt("simulator-trace")
        .striped(true)
        .resizable(true)
        .auto_shrink([false, false])
        .min_scrolled_height(0.0)
        .max_scroll_height(height)
        .cell_layout(Layout::left_to_right(Align::Center))
        .column(Column::exact(28.0))
        .column(Column::initial(160.0).at_least(80.0).clip(true))
        .column(Column::initial(96.0).at_least(60.0).clip(true))
        .column(Column::remainder().at_least(80.0).clip(true))
        .column(Column::initial(100.0).at_least(60.0).clip(true))
        .header(row_height, |mut header| {
            for title in ["Prio", "Rule", "Status", "Why", "Session has"] {
                header.col(|ui| {
                    ui.add(egui::Label::new(RichText::new(title).weak()).truncate());
                });
            }
        })
        .body(|body| {
            body.rows(row_height, rows.len(), |mut row| {
                let r = rows[row.index()];
                row.col(|ui| {
                    ui.weak(r.priority.to_string());
                });
                row.col(|ui| rule_link(ui, &r.rule, view, out));
                row.col(|ui| {
                    ui.add(
                        egui::Label::new(RichText::new(r.status).color(tone_color(r.tone, ui, view.dark))).truncate(),
                    );
                });
                row.col(|ui| {
                    let why = ui.add(egui::Label::new(&r.reason).truncate());
                    if !r.expected.is_empty() {
                        why.on_hover_text(format!(
                            "{}\nExpected: {}\nThe session has: {}{}",
                            r.reason,
                            r.expected,
                            r.actual,
                            if r.derived { " (derived)" } else { "" }
                        ));
                    }
                });
                row.col(|ui| {
                    if r.derived {
                        ui.label(RichText::new(&r.actual).italics())
                            .on_hover_text("Derived from the session, not given in it");
                        ui.weak("derived");
                    } else {
                        ui.add(egui::Label::new(&r.actual).truncate());
                    }
                });
            });
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_read_local_time_or_rfc3339() {
        let tz: Tz = "America/Toronto".parse().unwrap();
        let t = parse_timestamp("2026-12-10 15:00", tz).unwrap().unwrap();
        assert_eq!(t.to_rfc3339(), "2026-12-10T15:00:00-05:00");
        let t = parse_timestamp("2026-07-01T12:00:00Z", tz).unwrap().unwrap();
        assert_eq!(format_timestamp(&t, tz), "2026-07-01 08:00");
        assert_eq!(parse_timestamp("  ", tz).unwrap(), None);
        assert!(parse_timestamp("10/12/2026", tz).unwrap_err().contains("YYYY-MM-DD HH:MM"));
        assert!(parse_timestamp("2026-03-08 02:30", tz).unwrap_err().contains("does not exist"));
    }

    #[test]
    fn channel_source_names_the_deciding_input() {
        let i = ChannelInputs::new(Some("facebook"), Some("paid_social"), None);
        assert_eq!(channel_source(&i), "from utm_medium");
        let i = ChannelInputs::new(None, None, Some("www.google.com"));
        assert_eq!(channel_source(&i), "from the referrer");
        let i = ChannelInputs::new(None, None, None);
        assert_eq!(channel_source(&i), "from no UTM and no referrer");
    }

    #[test]
    fn sample_agents_have_distinct_names() {
        let names: Vec<&str> = sample_agents().iter().map(|(n, _)| n.as_str()).collect();
        assert!(names.contains(&"iPhone Safari"), "{names:?}");
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), names.len(), "{names:?}");
    }
}
