//! Witness sessions: a satisfying assignment turned into a concrete,
//! readable session. Absent is preferred wherever allowed, numbers are
//! small whole numbers, text is the shortest readable member. Derived
//! attributes are kept consistent with the sources the witness sets (a
//! derived value the constraint excludes is given explicitly), then made
//! natural where possible (a channel implied by UTM parameters, a device type
//! implied by a real user agent) — each such improvement is kept only if the
//! caller's check still accepts the session.

use chrono::TimeZone;

use super::automata::TextSat;
use super::constraint::Constraint;
use super::derived::{DERIVED, derive};
use super::formula::{Model, VarKind};
use super::solver::Assignment;
use crate::derive::channel::{ChannelInputs, derive_channel, referrer_host};
use crate::derive::device::{SAMPLE_USER_AGENTS, parse_user_agent};
use crate::model::attribute::{BUILTIN, id};
use crate::model::{Amount, AttrId, Channel, CountryCode, CustomValue, DeviceType, RegionCode, Session, VisitorType};

/// Countries a witness prefers, in order, when several are allowed.
const PREFERRED_COUNTRIES: &[&str] = &["US", "CA", "GB", "DE", "FR", "NO", "SE", "AU", "JP", "NL", "ES", "IT"];

/// Builds a witness session from an assignment; `check` says whether a
/// session still exhibits what the witness is for.
pub fn build(model: &Model, a: &Assignment, session_id: &str, check: &dyn Fn(&Session) -> bool) -> Session {
    let mut s = Session { id: session_id.to_owned(), ..Session::default() };
    let mut country: Option<String> = None;
    for (v, c) in a.vars.iter().enumerate() {
        let v16 = v as u16;
        let info = &model.vars[v];
        if v16 == id::HOUR.0 {
            continue;
        }
        match (&info.kind, c) {
            (VarKind::Finite(domain), Constraint::Finite { absent, values }) => {
                if *absent && info.full.allows_absent() {
                    continue;
                }
                let mut chosen: Vec<usize> = values.iter().collect();
                if v16 == id::COUNTRY.0 {
                    chosen.sort_by_key(|i| {
                        PREFERRED_COUNTRIES.iter().position(|p| *p == domain.value(*i)).unwrap_or(usize::MAX)
                    });
                }
                if v16 == id::REGION.0
                    && let Some(cc) = &country
                {
                    chosen.sort_by_key(|i| !domain.value(*i).starts_with(&format!("{cc}-")));
                }
                let Some(first) = chosen.first() else { continue };
                let value = domain.value(*first).to_owned();
                if v16 == id::COUNTRY.0 {
                    country = Some(value.clone());
                }
                set_text(&mut s, v16, value, model);
            }
            (VarKind::Number, Constraint::Number { absent, set }) => {
                if *absent {
                    continue;
                }
                if let Some(n) = set.pick(info.integer) {
                    set_number(&mut s, v16, n, model);
                }
            }
            (VarKind::Text, Constraint::Text { absent, .. }) => {
                if *absent {
                    continue;
                }
                if let Some(text) = a.texts.get(&v16) {
                    set_text(&mut s, v16, text.clone(), model);
                }
            }
            (VarKind::List, Constraint::List { absent, must, .. }) => {
                if *absent && v16 != id::SEGMENTS.0 {
                    continue;
                }
                if v16 == id::SEGMENTS.0 && must.is_empty() {
                    continue;
                }
                set_list(&mut s, v16, must.iter().cloned().collect(), model);
            }
            (VarKind::Time, Constraint::Time { absent, .. }) => {
                if *absent {
                    continue;
                }
                if let Some(t) = a.instant
                    && let Some(local) = model.tz.timestamp_opt(t, 0).single()
                {
                    s.timestamp = Some(local.fixed_offset());
                }
            }
            _ => {}
        }
    }
    derive_consistently(&mut s, model, a);
    if !check(&s) {
        return s;
    }
    improve_referrer(&mut s, check);
    improve_channel(&mut s, check);
    improve_device(&mut s, check);
    s
}

fn set_text(s: &mut Session, v: u16, value: String, model: &Model) {
    match AttrId(v) {
        id::COUNTRY => s.geo.country = CountryCode::new(&value).ok(),
        id::REGION => s.geo.region = RegionCode::new(&value).ok(),
        id::CITY => s.geo.city = Some(value),
        id::UTM_SOURCE => s.traffic.utm_source = Some(value),
        id::UTM_MEDIUM => s.traffic.utm_medium = Some(value),
        id::UTM_CAMPAIGN => s.traffic.utm_campaign = Some(value),
        id::UTM_TERM => s.traffic.utm_term = Some(value),
        id::UTM_CONTENT => s.traffic.utm_content = Some(value),
        id::REFERRER => s.traffic.referrer = Some(value),
        id::REFERRER_HOST => s.traffic.referrer_host = Some(value),
        id::LANDING_PAGE => s.traffic.landing_page = Some(value),
        id::CHANNEL => s.traffic.channel = Channel::parse(&value),
        id::USER_AGENT => s.device.user_agent = Some(value),
        id::DEVICE_TYPE => s.device.kind = DeviceType::parse(&value),
        id::OS => s.device.os = Some(value),
        id::BROWSER => s.device.browser = Some(value),
        id::VISITOR_TYPE => s.customer.visitor_type = VisitorType::parse(&value),
        _ => {
            if let Some(name) = custom_name(v, model) {
                s.attributes.insert(name, CustomValue::Text(value));
            }
        }
    }
}

/// A derived attribute left to derivation (absent was allowed) whose
/// source the witness sets is given explicitly when the source would derive
/// a value the constraint excludes: with `not(device.type is desktop)` and a
/// user agent `a` (read as desktop), the witness says `type: mobile`.
fn derive_consistently(s: &mut Session, model: &Model, a: &Assignment) {
    for (attr, source) in DERIVED {
        let (Some(source_value), None) = (given(s, source), given(s, attr)) else { continue };
        let Some(value) = derive(attr, &source_value) else { continue };
        let c = &a.vars[usize::from(attr.0)];
        let replacement = match (&model.vars[usize::from(attr.0)].kind, c) {
            (VarKind::Finite(domain), Constraint::Finite { values, .. }) => {
                if domain.index(&value).is_some_and(|i| values.contains(i)) {
                    continue;
                }
                values.iter().next().map(|i| domain.value(i).to_owned())
            }
            (VarKind::Text, Constraint::Text { present, lits, .. }) => {
                let admits = |text: &str| {
                    lits.iter().all(|(p, positive)| {
                        regex::Regex::new(&model.patterns.text(*p)).is_ok_and(|re| re.is_match(text) == *positive)
                    })
                };
                if *present && admits(&value) {
                    continue;
                }
                match c.present_sat(&model.patterns, false) {
                    TextSat::Sat(member) if *present => Some(member),
                    _ => None,
                }
            }
            _ => None,
        };
        if let Some(v) = replacement {
            set_text(s, attr.0, v, model);
        }
    }
}

/// The text a witness gives for a built-in text attribute.
fn given(s: &Session, attr: AttrId) -> Option<String> {
    match attr {
        id::REFERRER => s.traffic.referrer.clone(),
        id::REFERRER_HOST => s.traffic.referrer_host.clone(),
        id::USER_AGENT => s.device.user_agent.clone(),
        id::DEVICE_TYPE => s.device.kind.map(|k| k.as_str().to_owned()),
        id::OS => s.device.os.clone(),
        id::BROWSER => s.device.browser.clone(),
        _ => None,
    }
}

fn set_number(s: &mut Session, v: u16, n: f64, model: &Model) {
    let count = || if n >= 0.0 && n <= f64::from(u32::MAX) { Some(n as u32) } else { None };
    match AttrId(v) {
        id::ORDERS => s.customer.orders = count(),
        id::DAYS_SINCE_LAST_ORDER => s.customer.days_since_last_order = count(),
        id::LIFETIME_VALUE => s.customer.lifetime_value = Amount::new(n).ok(),
        id::CART_VALUE => s.cart.value = Amount::new(n).ok(),
        id::CART_ITEMS => s.cart.items = count(),
        _ => {
            if let Some(name) = custom_name(v, model) {
                s.attributes.insert(name, CustomValue::Number(n));
            }
        }
    }
}

fn set_list(s: &mut Session, v: u16, items: Vec<String>, model: &Model) {
    match AttrId(v) {
        id::SEGMENTS => s.customer.segments = Some(items),
        id::CART_CATEGORIES => s.cart.categories = Some(items),
        _ => {
            if let Some(name) = custom_name(v, model) {
                s.attributes.insert(name, CustomValue::List(items));
            }
        }
    }
}

fn custom_name(v: u16, model: &Model) -> Option<String> {
    let i = usize::from(v).checked_sub(BUILTIN.len())?;
    model.ruleset.attributes.get(i).map(|a| a.name.clone())
}

/// Tries an edit; keeps it only if the session still passes `check`.
fn attempt(s: &mut Session, check: &dyn Fn(&Session) -> bool, edit: impl FnOnce(&mut Session)) -> bool {
    let mut candidate = s.clone();
    edit(&mut candidate);
    if check(&candidate) {
        *s = candidate;
        true
    } else {
        false
    }
}

/// An explicit referrer host becomes a referrer URL it derives from.
fn improve_referrer(s: &mut Session, check: &dyn Fn(&Session) -> bool) {
    let (Some(host), None) = (s.traffic.referrer_host.clone(), &s.traffic.referrer) else { return };
    let url = format!("https://{host}/");
    if referrer_host(&url).as_deref() == Some(host.as_str()) {
        attempt(s, check, |c| {
            c.traffic.referrer = Some(url);
            c.traffic.referrer_host = None;
        });
    }
}

/// Typical traffic fields for each channel.
fn channel_examples(channel: Channel) -> &'static [(Option<&'static str>, Option<&'static str>, Option<&'static str>)] {
    match channel {
        Channel::Direct => &[(None, None, None)],
        Channel::OrganicSearch => {
            &[(None, None, Some("https://www.google.com/")), (Some("google"), Some("organic"), None)]
        }
        Channel::PaidSearch => &[(Some("google"), Some("cpc"), None)],
        Channel::OrganicSocial => {
            &[(None, None, Some("https://l.facebook.com/")), (Some("facebook"), Some("social"), None)]
        }
        Channel::PaidSocial => &[(Some("facebook"), Some("paid_social"), None)],
        Channel::Email => &[(Some("newsletter"), Some("email"), None)],
        Channel::Affiliate => &[(Some("awin"), Some("affiliate"), None)],
        Channel::Display => &[(Some("network"), Some("display"), None)],
        Channel::Referral => {
            &[(None, None, Some("https://blog.example.com/")), (Some("partner-site"), Some("referral"), None)]
        }
        Channel::Other => &[(Some("qr-code"), Some("print"), None)],
        Channel::PaidShopping => &[(Some("amazon"), Some("cpc"), None)],
        Channel::PaidVideo => &[(Some("youtube"), Some("cpc"), None)],
        Channel::PaidOther => &[(Some("someportal"), Some("cpc"), None)],
        Channel::OrganicShopping => &[(None, None, Some("https://www.amazon.com/"))],
        Channel::OrganicVideo => &[(None, None, Some("https://www.youtube.com/"))],
        Channel::Audio => &[(Some("spotify"), Some("audio"), None)],
        Channel::Sms => &[(Some("attentive"), Some("sms"), None)],
        Channel::MobilePush => &[(Some("firebase"), Some("push"), None)],
        // Decided by the campaign, which these examples do not set.
        Channel::CrossNetwork => &[],
    }
}

fn derived_channel(s: &Session) -> Channel {
    let host = s.traffic.referrer_host.clone().or_else(|| s.traffic.referrer.as_deref().and_then(referrer_host));
    derive_channel(
        &ChannelInputs::new(s.traffic.utm_source.as_deref(), s.traffic.utm_medium.as_deref(), host.as_deref())
            .with_campaign(s.traffic.utm_campaign.as_deref()),
    )
}

/// An explicit channel is dropped when the traffic fields imply it, or
/// replaced by typical traffic fields that imply it.
fn improve_channel(s: &mut Session, check: &dyn Fn(&Session) -> bool) {
    let Some(channel) = s.traffic.channel else { return };
    if attempt(s, check, |c| c.traffic.channel = None) {
        return;
    }
    for (source, medium, referrer) in channel_examples(channel) {
        let mut candidate = s.clone();
        let t = &mut candidate.traffic;
        for (field, value) in [(&mut t.utm_source, source), (&mut t.utm_medium, medium), (&mut t.referrer, referrer)] {
            if let Some(v) = value {
                *field = Some((*v).to_owned());
            }
        }
        t.channel = None;
        if derived_channel(&candidate) == channel && check(&candidate) {
            *s = candidate;
            return;
        }
    }
}

/// Explicit device facts are replaced by a real user agent that implies
/// them, when one of the samples does.
fn improve_device(s: &mut Session, check: &dyn Fn(&Session) -> bool) {
    let d = s.device.clone();
    if d.kind.is_none() && d.os.is_none() && d.browser.is_none() {
        return;
    }
    for ua in SAMPLE_USER_AGENTS {
        let info = parse_user_agent(ua);
        let fits = d.kind.is_none_or(|k| info.kind == Some(k))
            && d.os.as_ref().is_none_or(|o| info.os.as_ref() == Some(o))
            && d.browser.as_ref().is_none_or(|b| info.browser.as_ref() == Some(b));
        if !fits || d.user_agent.is_some() {
            continue;
        }
        if attempt(s, check, |c| {
            c.device.user_agent = Some((*ua).to_owned());
            c.device.kind = None;
            c.device.os = None;
            c.device.browser = None;
        }) {
            return;
        }
    }
}
