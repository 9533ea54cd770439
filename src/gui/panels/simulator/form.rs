//! The session form: session, geography, traffic, device, customer, cart
//! and the ruleset's custom attributes, with derived values (local time,
//! referrer host, channel, device type, OS, browser, computed segments)
//! shown as derived until they are set here.

use std::sync::OnceLock;

use chrono_tz::Tz;
use egui::{RichText, Ui};

use super::fields::{
    amount_row, chips_row, count_row, derived_combo, form_label, format_timestamp, pad, parse_number, parse_timestamp,
    parsed_row, section, text_row, under,
};
use super::{SimulatorState, error_color};
use crate::derive::channel::{ChannelInputs, channel_rule, derive_channel, referrer_host};
use crate::derive::device::{SAMPLE_USER_AGENTS, parse_user_agent};
use crate::derive::time::{local_weekday_hour, parse_zone};
use crate::gui::panels::{View, custom_type_name, pickers};
use crate::gui::theme;
use crate::model::{Channel, CountryCode, CustomType, CustomValue, DeviceType, RegionCode, VisitorType, fmt_number};

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
    if !inputs.campaign.is_empty() && decides(|i| i.campaign.clear()) {
        by.push("utm_campaign");
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

/// Draws the form.
pub(super) fn show(ui: &mut Ui, state: &mut SimulatorState, view: &View) {
    section(ui, "Session", |ui| session(ui, state, view));
    section(ui, "Geography", |ui| geography(ui, state));
    section(ui, "Traffic", |ui| traffic(ui, state));
    section(ui, "Device", |ui| device(ui, state));
    let computed = state.eval.as_ref().map(|e| e.computed_segments.clone()).unwrap_or_default();
    section(ui, "Customer", |ui| customer(ui, state, view, &computed));
    section(ui, "Cart", |ui| {
        let cart = &mut state.session.cart;
        amount_row(ui, &mut state.text, "cart_value", "Cart value", &mut cart.value);
        count_row(ui, &mut state.text, "cart_items", "Cart items", &mut cart.items);
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

/// The session's id, visitor id and timestamp, with the local time it means.
fn session(ui: &mut Ui, state: &mut SimulatorState, view: &View) {
    let zone = &view.ruleset.time_zone;
    let tz = parse_zone(zone).ok();
    let s = &mut state.session;
    ui.horizontal(|ui| {
        let l = form_label(ui, "Session id");
        ui.add(egui::TextEdit::singleline(&mut s.id).hint_text("required").desired_width(f32::INFINITY))
            .labelled_by(l.id);
    });
    if s.id.trim().is_empty() {
        under(ui, RichText::new("every session needs an id").color(error_color(view.dark)));
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
}

/// Country (a new one drops a region of another country), region and city.
fn geography(ui: &mut Ui, state: &mut SimulatorState) {
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
}

/// UTM fields, referrer and landing page, and the channel they derive.
fn traffic(ui: &mut Ui, state: &mut SimulatorState) {
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
    let inputs = ChannelInputs::new(t.utm_source.as_deref(), t.utm_medium.as_deref(), host.as_deref())
        .with_campaign(t.utm_campaign.as_deref());
    let derived = format!("{} (derived {})", derive_channel(&inputs), channel_source(&inputs));
    let rule = format!("The channel table's rule: {}", channel_rule(&inputs).description);
    derived_combo(ui, "simulator-channel", "Channel", derived, Channel::ALL, &mut t.channel).on_hover_text(rule);
}

/// The user agent (typed or a sample) and what it derives.
fn device(ui: &mut Ui, state: &mut SimulatorState) {
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
}

/// Segments (listed upstream, and `computed` by their conditions), visitor
/// type and order history.
fn customer(ui: &mut Ui, state: &mut SimulatorState, view: &View, computed: &[String]) {
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
    let unknown: Vec<&String> = listed.iter().filter(|s| !view.ruleset.segments.iter().any(|d| &d.id == *s)).collect();
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
                .color(theme::ok_color(view.dark)),
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
    count_row(ui, &mut state.text, "orders", "Orders", &mut c.orders);
    amount_row(ui, &mut state.text, "lifetime_value", "Lifetime value", &mut c.lifetime_value);
    count_row(ui, &mut state.text, "days", "Days since last order", &mut c.days_since_last_order);
}

fn custom_attributes(ui: &mut Ui, state: &mut SimulatorState, view: &View) {
    let attrs = &mut state.session.attributes;
    for a in &view.ruleset.attributes {
        let name = a.name.as_str();
        let hint = if a.description.is_empty() { custom_type_name(a.ty) } else { a.description.as_str() };
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn channel_source_names_the_deciding_input() {
        // GA4's paid social: a social source and a paid medium.
        let i = ChannelInputs::new(Some("facebook"), Some("paid_social"), None);
        assert_eq!(channel_source(&i), "from utm_medium and utm_source");
        let i = ChannelInputs::new(Some("criteo"), Some("display"), None);
        assert_eq!(channel_source(&i), "from utm_medium");
        let i = ChannelInputs::new(Some("criteo"), Some("cpc"), None).with_campaign(Some("summer-shop"));
        assert_eq!(channel_source(&i), "from utm_medium and utm_campaign");
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
