//! Pickers for typed values: countries and regions with their names and a
//! search box, segments from the ruleset, attributes grouped by family, and
//! chip editors for free lists (tags, categories): [`chips`], a row of its
//! own, and [`inline_chips`], inside a row the caller lays out.
//!
//! Every picker has an accessible name. The five plain functions show their
//! label before the widget; the `*_with` forms take a [`Naming`], so a picker
//! inside a row that already says what it is can keep its name invisible.
//! Popups open with the search box focused: type to filter by code or name,
//! Enter picks the first match, Escape closes.

use std::fmt::Debug;
use std::hash::Hash;

use egui::{Button, ComboBox, Id, Key, PopupCloseBehavior, Response, RichText, ScrollArea, TextEdit, Ui};

use crate::model::geo::{self, Place};
use crate::model::resolve::AttrInfo;
use crate::model::{Family, Segment};

/// How a picker is named for screen readers and tests.
#[derive(Clone, Copy, Debug)]
pub enum Naming<'a> {
    /// A label shown before the picker, which also names it.
    Visible(&'a str),
    /// A name for screen readers and tests only.
    Hidden(&'a str),
}

/// Height of a popup's list of choices.
const LIST_HEIGHT: f32 = 260.0;

fn named(ui: &mut Ui, naming: Naming<'_>, add: impl FnOnce(&mut Ui) -> Response) -> Response {
    match naming {
        Naming::Visible(label) => super::labelled(ui, label, add),
        Naming::Hidden(name) => add(ui).accessible_name(name),
    }
}

/// A popup's search text, and whether the popup was open last frame.
#[derive(Clone, Default)]
struct SearchState {
    needle: String,
    open: bool,
}

/// What the list inside a search popup asks for after drawing.
#[derive(Clone, Copy, PartialEq, Eq)]
enum AfterPick {
    /// Keep the popup open.
    Stay,
    /// Keep it open, clear the search and focus it again (multi-select).
    Clear,
    /// Close the popup.
    Close,
}

/// A combo box whose popup starts with a search box (`what` names it:
/// "Search countries"). `list` draws the choices for the lower-cased search
/// text; its `bool` argument says Enter was pressed in the search box, so the
/// first match should be picked.
#[expect(clippy::too_many_arguments, reason = "one private helper behind every picker")]
fn search_combo(
    ui: &mut Ui,
    id_salt: impl Hash + Debug,
    naming: Naming<'_>,
    selected: impl Into<RichText>,
    hover: Option<String>,
    width: f32,
    what: &str,
    list: impl FnOnce(&mut Ui, &str, bool) -> AfterPick,
) -> Response {
    let state_id = ui.make_persistent_id((&id_salt, "search"));
    let mut state: SearchState = ui.data(|d| d.get_temp(state_id)).unwrap_or_default();
    let mut open_now = false;
    let selected = selected.into();
    let response = named(ui, naming, |ui| {
        ComboBox::from_id_salt(&id_salt)
            .width(width)
            .height(LIST_HEIGHT + 80.0)
            .truncate()
            .selected_text(selected)
            .close_behavior(PopupCloseBehavior::CloseOnClickOutside)
            .show_ui(ui, |ui| {
                open_now = true;
                let just_opened = !state.open;
                if just_opened {
                    state.needle.clear();
                }
                let search = ui
                    .add(
                        TextEdit::singleline(&mut state.needle)
                            .id_salt((&id_salt, "search-text"))
                            .hint_text(if what == "attributes" { "Name or path…" } else { "Code or name…" })
                            .desired_width(f32::INFINITY),
                    )
                    .accessible_name(format!("Search {what}"));
                if just_opened {
                    search.request_focus();
                }
                let enter = search.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                ui.separator();
                let needle = state.needle.trim().to_lowercase();
                match list(ui, &needle, enter) {
                    AfterPick::Stay => {}
                    AfterPick::Clear => {
                        state.needle.clear();
                        search.request_focus();
                    }
                    AfterPick::Close => ui.close(),
                }
            })
            .response
    });
    state.open = open_now;
    ui.data_mut(|d| d.insert_temp(state_id, state));
    match hover {
        Some(text) => response.on_hover_text(text),
        None => response,
    }
}

/// The places matching a lower-cased search text, best first: exact code,
/// code prefix, name prefix, then name containing the text.
fn matching<'a>(places: &[Entry<'a>], needle: &str) -> Vec<Entry<'a>> {
    if needle.is_empty() {
        return places.to_vec();
    }
    let mut hits: Vec<(u8, Entry<'a>)> = places
        .iter()
        .filter_map(|p| {
            let code = p.code.to_lowercase();
            let name = p.name.to_lowercase();
            let rank = if code == needle {
                0
            } else if code.starts_with(needle) {
                1
            } else if name.starts_with(needle) {
                2
            } else if name.contains(needle) {
                3
            } else {
                return None;
            };
            Some((rank, *p))
        })
        .collect();
    hits.sort_by_key(|(rank, _)| *rank);
    hits.into_iter().map(|(_, p)| p).collect()
}

/// A choice in a place list: a code and its name (borrowed from the shipped
/// tables, or from the current values for codes the tables do not know).
#[derive(Clone, Copy)]
struct Entry<'a> {
    code: &'a str,
    name: &'a str,
}

fn entries<'a>(places: &'a [Place], current: &'a [String], known: impl Fn(&str) -> bool) -> Vec<Entry<'a>> {
    let unknown = current.iter().filter(|v| !known(v)).map(|v| Entry { code: v, name: "(not a known code)" });
    unknown.chain(places.iter().map(|p| Entry { code: p.code, name: p.name })).collect()
}

fn place_text(p: &Entry<'_>) -> String {
    format!("{}  {}", p.code, p.name)
}

/// The places of a popup's list, scrolled, one `row` each; `empty` says
/// that none matches the search.
fn place_rows<'a>(ui: &mut Ui, items: &[Entry<'a>], empty: String, mut row: impl FnMut(&mut Ui, &Entry<'a>)) {
    if items.is_empty() {
        ui.weak(empty);
    }
    let row_height = ui.spacing().interact_size.y;
    ScrollArea::vertical().id_salt("places").max_height(LIST_HEIGHT).auto_shrink([false, true]).show_rows(
        ui,
        row_height,
        items.len(),
        |ui, range| {
            for p in &items[range] {
                row(ui, p);
            }
        },
    );
}

/// One place from a list, or none when `allow_none`.
#[expect(clippy::too_many_arguments, reason = "shared by the country and region pickers")]
fn pick_place(
    ui: &mut Ui,
    id_salt: impl Hash + Debug,
    naming: Naming<'_>,
    places: &[Place],
    name_of: impl Fn(&str) -> Option<&'static str>,
    allow_none: bool,
    what: &str,
    value: &mut Option<String>,
) -> bool {
    let mut changed = false;
    let shown = match value.as_deref() {
        Some(code) => match name_of(code) {
            Some(name) => RichText::new(format!("{code}  {name}")),
            None => RichText::new(format!("{code} (unknown)")),
        },
        None if allow_none => RichText::new("(none)"),
        None => RichText::new(format!("Choose a {what}…")).weak(),
    };
    let current: Vec<String> = value.iter().cloned().collect();
    let all = entries(places, &current, |v| name_of(v).is_some());
    let plural = if what == "country" { "countries".to_owned() } else { format!("{what}s") };
    search_combo(ui, id_salt, naming, shown, None, 230.0, &plural, |ui, needle, enter| {
        let items = matching(&all, needle);
        if enter && let Some(first) = items.first() {
            changed = value.as_deref() != Some(first.code);
            *value = Some(first.code.to_owned());
            return AfterPick::Close;
        }
        let mut after = AfterPick::Stay;
        if allow_none && needle.is_empty() && ui.selectable_label(value.is_none(), "(none)").clicked() {
            changed = value.is_some();
            *value = None;
            after = AfterPick::Close;
        }
        place_rows(ui, &items, format!("No {what} matches."), |ui, p| {
            let on = value.as_deref() == Some(p.code);
            if ui.selectable_label(on, place_text(p)).clicked() {
                changed = !on;
                *value = Some(p.code.to_owned());
                after = AfterPick::Close;
            }
        });
        after
    });
    changed
}

/// Several places from a list, as checkboxes; the chosen ones come first.
fn pick_places(
    ui: &mut Ui,
    id_salt: impl Hash + Debug,
    naming: Naming<'_>,
    places: &[Place],
    name_of: impl Fn(&str) -> Option<&'static str>,
    what: &str,
    values: &mut Vec<String>,
) -> bool {
    let mut changed = false;
    let shown = if values.is_empty() {
        RichText::new(format!("Choose {what}…")).weak()
    } else {
        RichText::new(values.join(", "))
    };
    let names: Vec<String> =
        values.iter().map(|v| name_of(v).map_or_else(|| format!("{v} (unknown)"), str::to_owned)).collect();
    let hover = (!names.is_empty()).then(|| names.join(", "));
    let current = values.clone();
    let mut all = entries(places, &current, |v| name_of(v).is_some());
    all.sort_by_key(|p| !current.iter().any(|v| v == p.code));
    search_combo(ui, id_salt, naming, shown, hover, 230.0, what, |ui, needle, enter| {
        let items = matching(&all, needle);
        let mut toggle = |values: &mut Vec<String>, code: &str, on: bool| {
            changed = true;
            if on {
                values.push(code.to_owned());
            } else {
                values.retain(|v| v != code);
            }
        };
        if enter && let Some(first) = items.first() {
            let on = values.iter().any(|v| v == first.code);
            toggle(values, first.code, !on);
            return AfterPick::Clear;
        }
        place_rows(ui, &items, format!("No {what} match."), |ui, p| {
            let mut on = values.iter().any(|v| v == p.code);
            if ui.checkbox(&mut on, place_text(p)).changed() {
                toggle(values, p.code, on);
            }
        });
        AfterPick::Stay
    });
    changed
}

/// Picks one country (or none); returns whether it changed.
pub fn country(ui: &mut Ui, id_salt: &str, label: &str, value: &mut Option<String>) -> bool {
    country_with(ui, id_salt, Naming::Visible(label), true, value)
}

/// Picks one country, named as `naming` says; `allow_none` offers "(none)".
pub fn country_with(
    ui: &mut Ui,
    id_salt: impl Hash + Debug,
    naming: Naming<'_>,
    allow_none: bool,
    value: &mut Option<String>,
) -> bool {
    pick_place(ui, id_salt, naming, geo::countries(), geo::country_name, allow_none, "country", value)
}

/// Picks several countries; returns whether the list changed.
pub fn countries(ui: &mut Ui, id_salt: &str, label: &str, values: &mut Vec<String>) -> bool {
    countries_with(ui, id_salt, Naming::Visible(label), values)
}

/// Picks several countries, named as `naming` says.
pub fn countries_with(ui: &mut Ui, id_salt: impl Hash + Debug, naming: Naming<'_>, values: &mut Vec<String>) -> bool {
    pick_places(ui, id_salt, naming, geo::countries(), geo::country_name, "countries", values)
}

fn region_list(country: Option<&str>) -> &'static [Place] {
    match country.map(geo::regions_of) {
        Some(list) if !list.is_empty() => list,
        _ => geo::regions(),
    }
}

/// Picks one region (of `country` when given); returns whether it changed.
pub fn region(ui: &mut Ui, id_salt: &str, label: &str, country: Option<&str>, value: &mut Option<String>) -> bool {
    region_with(ui, id_salt, Naming::Visible(label), country, true, value)
}

/// Picks one region, named as `naming` says; `allow_none` offers "(none)".
pub fn region_with(
    ui: &mut Ui,
    id_salt: impl Hash + Debug,
    naming: Naming<'_>,
    country: Option<&str>,
    allow_none: bool,
    value: &mut Option<String>,
) -> bool {
    pick_place(ui, id_salt, naming, region_list(country), geo::region_name, allow_none, "region", value)
}

/// Picks several regions (of `country` when given), named as `naming` says.
pub fn regions_with(
    ui: &mut Ui,
    id_salt: impl Hash + Debug,
    naming: Naming<'_>,
    country: Option<&str>,
    values: &mut Vec<String>,
) -> bool {
    pick_places(ui, id_salt, naming, region_list(country), geo::region_name, "regions", values)
}

/// Picks segments from the ruleset's; returns whether the list changed.
pub fn segments(ui: &mut Ui, label: &str, all: &[Segment], values: &mut Vec<String>) -> bool {
    segments_with(ui, Naming::Visible(label), all, values)
}

/// Picks segments as checkboxes, each named by its segment id (a hidden
/// `naming` adds nothing: the ids name the boxes); segments listed in
/// `values` but not defined stay visible so they can be unticked.
pub fn segments_with(ui: &mut Ui, naming: Naming<'_>, all: &[Segment], values: &mut Vec<String>) -> bool {
    let mut changed = false;
    let mut ids: Vec<(String, String)> = all.iter().map(|s| (s.id.clone(), s.description.clone())).collect();
    for v in values.iter() {
        if !all.iter().any(|s| s.id == *v) {
            ids.push((v.clone(), "not a segment of this ruleset".into()));
        }
    }
    ui.horizontal_wrapped(|ui| {
        if let Naming::Visible(label) = naming {
            ui.label(label);
        }
        if ids.is_empty() {
            ui.weak("The ruleset defines no segments.");
        }
        for (id, description) in &ids {
            let mut on = values.contains(id);
            let mut response = ui.checkbox(&mut on, id.as_str());
            if !description.is_empty() {
                response = response.on_hover_text(description);
            }
            if response.changed() {
                changed = true;
                if on {
                    values.push(id.clone());
                } else {
                    values.retain(|v| v != id);
                }
            }
        }
    });
    changed
}

/// Picks one segment from the ruleset's; returns whether it changed.
pub fn segment_with(
    ui: &mut Ui,
    id_salt: impl Hash + Debug,
    naming: Naming<'_>,
    all: &[Segment],
    value: &mut String,
) -> bool {
    let mut changed = false;
    let shown =
        if value.is_empty() { RichText::new("Choose a segment…").weak() } else { RichText::new(value.as_str()) };
    named(ui, naming, |ui| {
        ComboBox::from_id_salt(id_salt)
            .selected_text(shown)
            .show_ui(ui, |ui| {
                for s in all {
                    let mut item = ui.selectable_label(*value == s.id, s.id.as_str());
                    if !s.description.is_empty() {
                        item = item.on_hover_text(&s.description);
                    }
                    if item.clicked() && *value != s.id {
                        *value = s.id.clone();
                        changed = true;
                    }
                }
            })
            .response
    });
    changed
}

/// Picks an attribute, grouped by family; returns whether it changed.
pub fn attribute(ui: &mut Ui, id_salt: &str, label: &str, attrs: &[AttrInfo], value: &mut String) -> bool {
    attribute_with(ui, id_salt, Naming::Visible(label), attrs, value)
}

/// Picks an attribute, grouped by family under headings, searchable by label
/// or path, named as `naming` says.
pub fn attribute_with(
    ui: &mut Ui,
    id_salt: impl Hash + Debug,
    naming: Naming<'_>,
    attrs: &[AttrInfo],
    value: &mut String,
) -> bool {
    let mut changed = false;
    let current = attrs.iter().find(|a| a.path == *value);
    let shown = match current {
        Some(a) => RichText::new(a.label.as_str()),
        None if value.is_empty() => RichText::new("Choose an attribute…").weak(),
        None => RichText::new(format!("{value} (unknown)")),
    };
    let hover = Some(current.map_or_else(|| value.clone(), |a| format!("{} ({})", a.path, a.family.label())));
    search_combo(ui, id_salt, naming, shown, hover, 160.0, "attributes", |ui, needle, enter| {
        let hit = |a: &AttrInfo| {
            needle.is_empty() || a.label.to_lowercase().contains(needle) || a.path.to_lowercase().contains(needle)
        };
        let mut after = AfterPick::Stay;
        if enter
            && let Some(first) =
                Family::ALL.iter().flat_map(|f| attrs.iter().filter(|a| a.family == *f)).find(|a| hit(a))
        {
            changed = *value != first.path;
            *value = first.path.clone();
            return AfterPick::Close;
        }
        ScrollArea::vertical().id_salt("attributes").max_height(LIST_HEIGHT).auto_shrink([false, true]).show(
            ui,
            |ui| {
                let mut any = false;
                for family in Family::ALL {
                    let group: Vec<&AttrInfo> = attrs.iter().filter(|a| a.family == family && hit(a)).collect();
                    if group.is_empty() {
                        continue;
                    }
                    if any {
                        ui.add_space(4.0);
                    }
                    any = true;
                    ui.label(RichText::new(family.label()).small().strong());
                    for a in group {
                        let item = ui.selectable_label(*value == a.path, a.label.as_str()).on_hover_text(&a.path);
                        if item.clicked() {
                            changed = *value != a.path;
                            *value = a.path.clone();
                            after = AfterPick::Close;
                        }
                    }
                }
                if !any {
                    ui.weak("No attribute matches.");
                }
            },
        );
        after
    });
    changed
}

/// Edits a list of free values as removable chips followed by a field to
/// add one (Enter or the add button). `noun` names the values for screen
/// readers and tests ("tag": "Remove tag geo", "New tag", "Add tag"); `hint`
/// is the empty field's placeholder. Returns whether the list changed.
pub fn chips(ui: &mut Ui, id_salt: impl Hash + Debug, noun: &str, hint: &str, values: &mut Vec<String>) -> bool {
    let mut changed = false;
    let mut remove = None;
    let text_id = ui.make_persistent_id((&id_salt, "new"));
    let mut text: String = ui.data(|d| d.get_temp(text_id)).unwrap_or_default();
    ui.horizontal_wrapped(|ui| {
        for (i, v) in values.iter().enumerate() {
            let chip = ui
                .add(Button::new(format!("{v}  ×")).small().corner_radius(8.0))
                .accessible_name(format!("Remove {noun} {v}"))
                .on_hover_text(format!("Remove {v}"));
            if chip.clicked() {
                remove = Some(i);
            }
        }
        let edit = ui
            .add(
                TextEdit::singleline(&mut text)
                    .id_salt((&id_salt, "new-text"))
                    .hint_text(hint.to_owned())
                    .desired_width(120.0),
            )
            .accessible_name(format!("New {noun}"));
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let add = ui
            .add_enabled(!text.trim().is_empty(), Button::new("Add").small())
            .accessible_name(format!("Add {noun}"))
            .on_hover_text(format!("Add the {noun} typed"));
        let new = text.trim().to_owned();
        if (enter || add.clicked()) && !new.is_empty() {
            if !values.contains(&new) {
                values.push(new);
                changed = true;
            }
            text.clear();
            if enter {
                edit.request_focus();
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(text_id, text));
    if let Some(i) = remove {
        values.remove(i);
        changed = true;
    }
    changed
}

/// Edits a list of free values inline, in a row the caller lays out: chips
/// (`"{v} ×"`, each removes its value) and a field (labelled by
/// `labelled_by`) whose text the caller keeps in `input`; Enter, the add
/// button or a comma adds what was typed. `what` names one value ("option",
/// "category"). Returns whether the list changed.
pub fn inline_chips(ui: &mut Ui, labelled_by: Id, what: &str, values: &mut Vec<String>, input: &mut String) -> bool {
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
        .add(TextEdit::singleline(input).hint_text(format!("add {what}")).desired_width(110.0))
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
