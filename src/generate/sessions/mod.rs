//! Sample sessions: visits of an online fashion store between 2026-10-01 and
//! 2027-01-31 (the Black Friday, holiday and winter-sale season), with the
//! markets, traffic sources, devices, customers and carts such a store sees.
//!
//! A visit is drawn in this order: whether it is a crawler; which visitor it
//! is (a new one, or one seen before, whose home market, devices and order
//! history stay the same); when it happens (more on Black Friday, Cyber
//! Monday and Boxing Day, more in the evening, local time); how the visitor
//! arrived (UTM parameters, referrer and landing page that belong together,
//! campaigns that run on that date); then the cart and the custom attributes.
//! Fields are left out with the probabilities real data has them missing.
//! Derived fields (`traffic.channel`, `device.type`, `device.os`,
//! `device.browser`) are mostly left for the engine to derive and given
//! explicitly on a few percent of sessions, always agreeing with what the
//! engine would derive.
//!
//! Sessions are numbered in the order drawn, not in time order: a returning
//! visitor's later-numbered visit may be earlier in time.

use std::sync::OnceLock;

use fastrand::Rng;

use super::{cents, chance, mix, pick, weighted};

mod calendar;
mod devices;
mod markets;
mod traffic;

use crate::derive::channel::{ChannelInputs, derive_channel, referrer_host};
use crate::model::{
    Amount, Cart, CountryCode, CustomValue, Customer, Device, DeviceType, Geo, RegionCode, Session, Traffic,
    VisitorType,
};
use calendar::*;
use devices::*;
use markets::*;
use traffic::*;

// ---- customers and carts ---------------------------------------------------------

/// Price ranges by cart category.
const CATEGORIES: &[(&str, f64, f64)] = &[
    ("outerwear", 179.0, 649.0),
    ("knitwear", 59.0, 229.0),
    ("boots", 119.0, 389.0),
    ("accessories", 19.0, 95.0),
    ("dresses", 69.0, 259.0),
    ("denim", 69.0, 159.0),
    ("swimwear", 39.0, 119.0),
    ("gifts", 15.0, 80.0),
    ("sale", 19.0, 149.0),
];

fn category_weights(southern: bool, season: Season) -> [u32; 9] {
    let sale = if season == Season::WinterSale || season == Season::BlackFriday { 30 } else { 6 };
    let gifts = if season == Season::Holiday { 25 } else { 6 };
    if southern { [8, 8, 6, 16, 22, 14, 24, gifts, sale] } else { [30, 24, 18, 16, 8, 10, 2, gifts, sale] }
}

fn price(rng: &mut Rng, low: f64, high: f64) -> f64 {
    let whole = (low + rng.f64() * (high - low)).floor();
    let ending = *pick(rng, &[0.0, 0.0, 0.95, 0.5, 0.99]);
    cents(whole + ending)
}

fn cart(rng: &mut Rng, southern: bool, season: Season) -> Cart {
    if chance(rng, 0.58) {
        return Cart::default();
    }
    if chance(rng, 0.03) {
        // An emptied cart.
        return Cart { value: Amount::new(0.0).ok(), items: Some(0), categories: None };
    }
    let items = *weighted(rng, &[(1u32, 40), (2, 28), (3, 15), (4, 9), (5, 5), (6, 2), (8, 1)]);
    let weights = category_weights(southern, season);
    let table: Vec<(usize, u32)> = weights.iter().copied().enumerate().collect();
    let mut total = 0.0;
    let mut categories: Vec<String> = Vec::new();
    for _ in 0..items {
        let i = *weighted(rng, &table);
        let (name, low, high) = CATEGORIES[i.min(CATEGORIES.len() - 1)];
        total += price(rng, low, high);
        if !categories.iter().any(|c| c == name) {
            categories.push(name.to_owned());
        }
    }
    Cart {
        value: Amount::new(cents(total)).ok(),
        items: Some(items).filter(|_| !chance(rng, 0.03)),
        categories: Some(categories).filter(|_| !chance(rng, 0.08)),
    }
}

/// What stays the same about a visitor from visit to visit.
struct Visitor {
    id: String,
    market: &'static Market,
    place: &'static Place,
    city: &'static str,
    device: &'static Agent,
    other_device: Option<&'static Agent>,
    /// Whether the store has customer data for the visitor.
    known: bool,
    /// Whether the visitor came before the season started.
    seen_before: bool,
    orders: u32,
    lifetime_value: f64,
    days_since_last_order: u32,
    segments: Vec<&'static str>,
    loyalty_tier: Option<&'static str>,
}

impl Visitor {
    fn draw(key: u64) -> Self {
        let rng = &mut Rng::with_seed(key);
        let id = format!("v-{:010x}", mix(key) & 0xff_ffff_ffff);
        let market = pick_market(rng);
        let place = pick_place(rng, market);
        let city = *pick(rng, place.cities);
        let device = pick_device(rng);
        let other_device = chance(rng, 0.3).then(|| pick_device(rng));
        let known = chance(rng, 0.88);
        let seen_before = chance(rng, 0.55);
        let orders = if seen_before {
            *weighted(rng, &[(0u32, 35), (1, 25), (2, 14), (3, 7), (4, 5), (5, 4), (7, 3), (10, 3), (16, 2), (28, 1)])
        } else {
            0
        };
        let lifetime_value = cents((0..orders).map(|_| price(rng, 45.0, 420.0)).sum());
        let days_since_last_order = *weighted(rng, &[(0u8, 35), (1, 25), (2, 18), (3, 22)]);
        let days_since_last_order = match days_since_last_order {
            0 => rng.u32(1..=30),
            1 => rng.u32(31..=90),
            2 => rng.u32(91..=180),
            _ => rng.u32(181..=540),
        };
        let mut segments = Vec::new();
        if orders >= 3 && lifetime_value >= 500.0 && chance(rng, 0.7) {
            segments.push("vip");
        }
        if chance(rng, if seen_before { 0.35 } else { 0.18 }) {
            segments.push("newsletter");
        }
        let loyalty = orders >= 1 && chance(rng, 0.3);
        if loyalty {
            segments.push("loyalty");
        }
        if chance(rng, 0.06) {
            segments.push("students");
        }
        if orders >= 5 && chance(rng, 0.08) {
            segments.push("wholesale");
        }
        let tier = if lifetime_value < 300.0 {
            "bronze"
        } else if lifetime_value < 900.0 {
            "silver"
        } else {
            "gold"
        };
        let loyalty_tier = (loyalty || (orders >= 2 && chance(rng, 0.2))).then_some(tier);
        Visitor {
            id,
            market,
            place,
            city,
            device,
            other_device,
            known,
            seen_before,
            orders,
            lifetime_value,
            days_since_last_order,
            segments,
            loyalty_tier,
        }
    }

    fn customer(&self, rng: &mut Rng, returning: bool) -> Customer {
        if !self.known {
            return Customer::default();
        }
        let returning = returning || self.seen_before;
        let orders = if returning { self.orders } else { 0 };
        let mut c = Customer {
            segments: None,
            visitor_type: Some(if returning { VisitorType::Returning } else { VisitorType::New }),
            orders: Some(orders),
            lifetime_value: None,
            days_since_last_order: None,
        };
        if orders > 0 {
            c.lifetime_value = Amount::new(self.lifetime_value).ok();
            c.days_since_last_order = Some(self.days_since_last_order);
        } else if chance(rng, 0.5) {
            c.lifetime_value = Amount::new(0.0).ok();
        }
        if !self.segments.is_empty() {
            if !chance(rng, 0.05) {
                c.segments = Some(self.segments.iter().map(|s| s.to_string()).collect());
            }
        } else if chance(rng, 0.2) {
            c.segments = Some(Vec::new());
        }
        // Fields an upstream system sometimes fails to send.
        if chance(rng, 0.04) {
            c.visitor_type = None;
        }
        if chance(rng, 0.05) {
            c.orders = None;
        }
        if chance(rng, 0.05) {
            c.lifetime_value = None;
        }
        c
    }
}

// ---- sessions ------------------------------------------------------------------

/// One visit: session number `index` (0-based; its id is `s-{index+1:06}`),
/// drawn from `rng`.
///
/// About 30 % of visits come back from an earlier visitor number, and a
/// visitor's home market, devices and order history depend only on that
/// number, so they agree across visits. Calling `session` directly keys
/// visitors by number alone; [`sessions`] also mixes in its seed, so that
/// streams with different seeds have different visitors.
pub fn session(rng: &mut Rng, index: usize) -> Session {
    visit(rng, index, 0)
}

/// `count` visits drawn from `seed`: the same seed always gives the same
/// sessions. Lazy, so any number can be streamed.
///
/// # Example
/// ```
/// let a: Vec<_> = rulestudio::generate::sessions(7, 3).collect();
/// let b: Vec<_> = rulestudio::generate::sessions(7, 3).collect();
/// assert_eq!(a, b);
/// assert_eq!(a[0].id, "s-000001");
/// ```
pub fn sessions(seed: u64, count: usize) -> impl Iterator<Item = Session> {
    let mut rng = Rng::with_seed(seed);
    let salt = mix(seed ^ 0x5e55_1045);
    (0..count).map(move |i| visit(&mut rng, i, salt))
}

fn visit(rng: &mut Rng, index: usize, salt: u64) -> Session {
    let id = format!("s-{:06}", index.saturating_add(1));
    if chance(rng, 0.018) {
        return crawler(rng, id);
    }
    let returning = index > 0 && chance(rng, 0.3);
    let number = if returning { rng.u64(0..index as u64) } else { index as u64 };
    let visitor = Visitor::draw(mix(number ^ salt));
    let country = visitor.market.country;
    let place = visitor.place;

    let (timestamp, local_date) = draw_timestamp(rng, place.tz, false);
    let season = Season::of(local_date);

    let mut geo = Geo::default();
    if !chance(rng, 0.03) {
        geo.country = CountryCode::new(country).ok();
        if !place.region.is_empty() && chance(rng, 0.85) {
            geo.region = RegionCode::new(place.region).ok();
        }
        if chance(rng, if place.region.is_empty() { 0.6 } else { 0.8 }) {
            geo.city = Some(visitor.city.to_owned());
        }
    }

    let source = *weighted(rng, SOURCES);
    let locale = locale_of(country, place.region);
    let mut traffic = traffic(rng, source, season, country, locale);

    let mut agent = match visitor.other_device {
        Some(other) if chance(rng, 0.35) => other,
        _ => visitor.device,
    };
    let social =
        matches!(
            traffic.utm_source.as_deref().map(str::to_ascii_lowercase).as_deref(),
            Some("facebook" | "fb" | "instagram" | "ig")
        ) || traffic.referrer.as_deref().is_some_and(|r| r.contains("facebook.com") || r.contains("instagram.com"));
    if social && agent.kind == DeviceType::Mobile && chance(rng, 0.4) {
        let ios = agent.os == "iOS";
        let apps: Vec<&'static Agent> = IN_APP.iter().filter(|a| (a.os == "iOS") == ios).collect();
        if !apps.is_empty() {
            agent = apps[rng.u32(0..apps.len() as u32) as usize];
        }
    }
    let device = device(rng, agent);

    if chance(rng, 0.02) {
        let host = traffic.referrer.as_deref().and_then(referrer_host);
        traffic.channel = Some(derive_channel(
            &ChannelInputs::new(traffic.utm_source.as_deref(), traffic.utm_medium.as_deref(), host.as_deref())
                .with_campaign(traffic.utm_campaign.as_deref()),
        ));
    }

    // Email and SMS reach people who signed up on an earlier visit.
    let subscribed = matches!(source, Source::Email | Source::Sms);
    let customer = visitor.customer(rng, returning || subscribed);
    let cart = cart(rng, SOUTHERN.contains(&country), season);
    let mut attributes = std::collections::BTreeMap::new();
    if let Some(tier) = visitor.loyalty_tier
        && customer.orders.is_some()
        && !chance(rng, 0.1)
    {
        attributes.insert("loyalty_tier".to_owned(), CustomValue::Text(tier.to_owned()));
    }

    Session {
        id,
        visitor_id: (!chance(rng, 0.03)).then_some(visitor.id),
        timestamp: (!chance(rng, 0.01)).then_some(timestamp),
        geo,
        traffic,
        device,
        customer,
        cart,
        attributes,
        outcome: None,
    }
}

/// The device block: the user agent, and on a few percent of sessions the
/// type, OS and browser as an upstream detector would send them.
fn device(rng: &mut Rng, agent: &'static Agent) -> Device {
    if chance(rng, 0.01) {
        return Device::default();
    }
    let mut d = Device { user_agent: Some(agent.ua.to_owned()), ..Device::default() };
    if chance(rng, 0.03) {
        d.kind = Some(agent.kind);
        d.os = (!agent.os.is_empty()).then(|| agent.os.to_owned());
        d.browser = Some(agent.browser.to_owned());
    }
    d
}

/// A crawler's visit: no visitor, no customer, no cart, a product or
/// collection page, from the crawler's home.
fn crawler(rng: &mut Rng, id: String) -> Session {
    let agent = pick_agent(rng, BOTS);
    let (timestamp, date) = draw_timestamp(rng, "UTC", true);
    let season = Season::of(date);
    let mut geo = Geo::default();
    if chance(rng, 0.9) {
        geo.country = CountryCode::new("US").ok();
        if chance(rng, 0.5) {
            geo.region = RegionCode::new("US-CA").ok();
            geo.city = some("Mountain View");
        }
    }
    Session {
        id,
        visitor_id: None,
        timestamp: Some(timestamp),
        geo,
        traffic: Traffic { landing_page: Some(landing(rng, season, [5, 40, 55, 0], "")), ..Traffic::default() },
        device: Device {
            user_agent: Some(agent.ua.to_owned()),
            kind: chance(rng, 0.05).then_some(DeviceType::Bot),
            ..Device::default()
        },
        ..Session::default()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use super::*;
    use crate::derive::device::parse_user_agent;
    use crate::model::Channel;
    use crate::model::geo;
    use chrono::{TimeZone, Utc};
    use chrono_tz::Tz;

    fn sample(n: usize) -> Vec<Session> {
        sessions(2026, n).collect()
    }

    #[test]
    fn same_seed_same_sessions() {
        assert_eq!(sessions(42, 300).collect::<Vec<_>>(), sessions(42, 300).collect::<Vec<_>>());
        assert_ne!(sessions(42, 50).collect::<Vec<_>>(), sessions(43, 50).collect::<Vec<_>>());
        let mut rng = Rng::with_seed(9);
        let a: Vec<Session> = (0..20).map(|i| session(&mut rng, i)).collect();
        let mut rng = Rng::with_seed(9);
        let b: Vec<Session> = (0..20).map(|i| session(&mut rng, i)).collect();
        assert_eq!(a, b);
    }

    #[test]
    fn ids_and_visitors() {
        let all = sample(2000);
        for (i, s) in all.iter().enumerate() {
            assert_eq!(s.id, format!("s-{:06}", i + 1));
        }
        let mut per_visitor: BTreeMap<&str, Vec<&Session>> = BTreeMap::new();
        for s in &all {
            if let Some(v) = &s.visitor_id {
                per_visitor.entry(v).or_default().push(s);
            }
        }
        let repeat = per_visitor.values().filter(|v| v.len() > 1).count();
        assert!(repeat > 100, "{repeat} visitors came back");
        // A visitor keeps their country and order history.
        for visits in per_visitor.values() {
            let countries: BTreeSet<_> = visits.iter().filter_map(|s| s.geo.country.clone()).collect();
            assert!(countries.len() <= 1, "{visits:?}");
        }
        // Different seeds, different visitors.
        let other: BTreeSet<String> = sessions(7, 200).filter_map(|s| s.visitor_id).collect();
        let mine: BTreeSet<String> = all.iter().take(200).filter_map(|s| s.visitor_id.clone()).collect();
        assert!(other.intersection(&mine).count() < 5);
    }

    #[test]
    fn tables_are_valid() {
        for market in MARKETS {
            assert!(geo::country_name(market.country).is_some(), "{}", market.country);
            assert!(!market.places.is_empty());
            for place in market.places {
                assert!(place.tz.parse::<Tz>().is_ok(), "{}", place.tz);
                assert!(!place.cities.is_empty());
                if !place.region.is_empty() {
                    assert!(geo::region_name(place.region).is_some(), "{}", place.region);
                    assert!(
                        place.region.starts_with(&format!("{}-", market.country)),
                        "{} in {}",
                        place.region,
                        market.country
                    );
                }
            }
        }
        for agent in PHONES.iter().chain(IN_APP).chain(TABLETS).chain(DESKTOPS).chain(BOTS) {
            let d = parse_user_agent(agent.ua);
            assert_eq!(d.kind, Some(agent.kind), "{}", agent.ua);
            assert_eq!(d.os.as_deref().unwrap_or(""), agent.os, "{}", agent.ua);
            assert_eq!(d.browser.as_deref(), Some(agent.browser), "{}", agent.ua);
        }
    }

    #[test]
    fn fields_are_consistent() {
        for s in sample(3000) {
            if let (Some(c), Some(r)) = (&s.geo.country, &s.geo.region) {
                assert!(r.as_str().starts_with(&format!("{}-", c.as_str())), "{s:?}");
            }
            let c = &s.customer;
            if c.visitor_type == Some(VisitorType::New) {
                assert_eq!(c.orders.unwrap_or(0), 0, "{s:?}");
                assert!(c.days_since_last_order.is_none(), "{s:?}");
            }
            if c.orders == Some(0) {
                assert!(c.days_since_last_order.is_none(), "{s:?}");
            }
            if let Some(ts) = s.timestamp {
                let utc = ts.with_timezone(&Utc);
                assert!(utc >= Utc.with_ymd_and_hms(2026, 10, 1, 0, 0, 0).unwrap(), "{ts}");
                assert!(utc < Utc.with_ymd_and_hms(2027, 2, 1, 0, 0, 0).unwrap(), "{ts}");
            }
            if let Some(kind) = s.device.kind {
                let ua = s.device.user_agent.as_deref().unwrap_or_default();
                let d = parse_user_agent(ua);
                assert_eq!(d.kind, Some(kind), "{ua}");
                if let Some(browser) = &s.device.browser {
                    assert_eq!(d.browser.as_ref(), Some(browser), "{ua}");
                }
            }
            if let Some(channel) = s.traffic.channel {
                let host = s.traffic.referrer.as_deref().and_then(referrer_host);
                let derived = derive_channel(
                    &ChannelInputs::new(
                        s.traffic.utm_source.as_deref(),
                        s.traffic.utm_medium.as_deref(),
                        host.as_deref(),
                    )
                    .with_campaign(s.traffic.utm_campaign.as_deref()),
                );
                assert_eq!(channel, derived, "{s:?}");
            }
            for cat in s.cart.categories.iter().flatten() {
                assert!(CATEGORIES.iter().any(|(c, _, _)| c == cat), "{cat}");
            }
            for seg in s.customer.segments.iter().flatten() {
                assert!(["vip", "newsletter", "loyalty", "students", "wholesale"].contains(&seg.as_str()));
            }
        }
    }

    #[test]
    fn distributions() {
        let all = sample(3000);
        let n = all.len() as f64;
        let share = |f: &dyn Fn(&Session) -> bool| all.iter().filter(|s| f(s)).count() as f64 / n;

        let countries: BTreeSet<_> = all.iter().take(500).filter_map(|s| s.geo.country.clone()).collect();
        assert!(countries.len() >= 10, "{} countries in 500 sessions", countries.len());
        let ca = share(&|s| s.geo.country.as_ref().is_some_and(|c| c.as_str() == "CA"));
        assert!((0.12..0.24).contains(&ca), "CA {ca}");

        let mut channels = BTreeMap::new();
        let mut kinds = BTreeMap::new();
        for s in &all {
            let host = s.traffic.referrer.as_deref().and_then(referrer_host);
            let channel = derive_channel(
                &ChannelInputs::new(s.traffic.utm_source.as_deref(), s.traffic.utm_medium.as_deref(), host.as_deref())
                    .with_campaign(s.traffic.utm_campaign.as_deref()),
            );
            *channels.entry(channel).or_insert(0usize) += 1;
            if let Some(ua) = &s.device.user_agent {
                *kinds.entry(parse_user_agent(ua).kind).or_insert(0usize) += 1;
            }
        }
        // The generator's traffic mix predates GA4's rarer channels; they
        // are tested in derive::channel, and the demo data stays as it was.
        let not_made = [
            Channel::PaidVideo,
            Channel::PaidOther,
            Channel::OrganicShopping,
            Channel::CrossNetwork,
            Channel::Audio,
            Channel::MobilePush,
        ];
        for channel in Channel::ALL.iter().filter(|c| !not_made.contains(c)) {
            assert!(channels.get(channel).copied().unwrap_or(0) > 0, "no {channel} in {channels:?}");
        }
        let direct = channels[&Channel::Direct] as f64 / n;
        assert!((0.15..0.35).contains(&direct), "direct {direct}");
        let mobile = kinds[&Some(DeviceType::Mobile)] as f64 / n;
        assert!((0.5..0.72).contains(&mobile), "mobile {mobile}");
        assert!(kinds[&Some(DeviceType::Bot)] > 10, "{kinds:?}");
        assert!(kinds[&Some(DeviceType::Tablet)] > 50, "{kinds:?}");

        let explicit = share(&|s| s.device.kind.is_some());
        assert!((0.01..0.06).contains(&explicit), "explicit device {explicit}");
        let timestamps = share(&|s| s.timestamp.is_some());
        assert!(timestamps > 0.97, "timestamps {timestamps}");
        let zulu = share(&|s| s.timestamp.is_some_and(|t| t.offset().local_minus_utc() == 0));
        assert!((0.4..0.8).contains(&zulu), "UTC timestamps {zulu}");
        let carts = share(&|s| !s.cart.is_empty());
        assert!((0.3..0.55).contains(&carts), "carts {carts}");
        let segments = share(&|s| s.customer.segments.as_ref().is_some_and(|l| !l.is_empty()));
        assert!((0.2..0.6).contains(&segments), "segments {segments}");
        let tiers = share(&|s| s.attributes.contains_key("loyalty_tier"));
        assert!((0.05..0.3).contains(&tiers), "loyalty tiers {tiers}");
        let returning = share(&|s| s.customer.visitor_type == Some(VisitorType::Returning));
        assert!((0.4..0.8).contains(&returning), "returning {returning}");
        let bf = share(&|s| s.traffic.utm_campaign.as_deref() == Some("bf-2026"));
        assert!(bf > 0.015, "bf-2026 {bf}");
    }
}
