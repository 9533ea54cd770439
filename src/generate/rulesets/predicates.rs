//! Predicate generators: for each attribute a synthetic ruleset tests, how
//! to draw a realistic, satisfiable predicate on it, and the value pools
//! (country groups, regions, segments, categories) they draw from.

use fastrand::Rng;

use super::super::{chance, pick, pick_distinct, weighted};
use crate::model::{Condition, Op, Predicate};

pub(super) const CATEGORIES: &[&str] =
    &["outerwear", "knitwear", "boots", "accessories", "dresses", "denim", "swimwear", "gifts", "sale"];

/// Segments that rules may name; those without a condition come from upstream.
pub(super) const SEGMENTS: &[&str] =
    &["vip", "lapsed", "big-cart", "first-timer", "newsletter", "students", "loyalty", "wholesale"];
pub(super) const UPSTREAM_ONLY: &[&str] = &["newsletter", "students", "loyalty", "wholesale"];

pub(super) const COLD: &[&str] = &["CA", "NO", "SE", "FI", "IS", "DK", "GL"];
pub(super) const EUROPE: &[&str] = &["DE", "FR", "NL", "IE", "ES", "IT", "BE", "AT", "PT", "CH", "PL"];
pub(super) const SOUTH: &[&str] = &["AU", "NZ", "BR", "AR", "ZA", "CL"];
pub(super) const AMERICAS: &[&str] = &["CA", "US", "MX", "BR", "PR"];
pub(super) const ASIA: &[&str] = &["JP", "KR", "SG", "HK", "TW", "AE"];
pub(super) const REGIONS: &[&str] = &[
    "CA-ON", "CA-QC", "CA-BC", "CA-AB", "US-NY", "US-CA", "US-WA", "US-MN", "GB-WSM", "GB-MAN", "GB-EDH", "NO-03",
    "SE-AB", "DE-BE", "FR-IDF", "AU-NSW", "JP-13",
];

pub(super) fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_owned()).collect()
}

pub(super) fn some_of(rng: &mut Rng, items: &[&'static str], min: usize, max: usize) -> Vec<String> {
    let max = max.min(items.len()).max(1);
    let n = rng.u32(min.min(max) as u32..=max as u32) as usize;
    strings(&pick_distinct(rng, items, n))
}

pub(super) fn pred(attr: &str, op: Op) -> Condition {
    Condition::pred(attr, op)
}

pub(super) fn text_pred(rng: &mut Rng, attr: &str, op: Op, ignore_case: f64) -> Condition {
    Condition::Pred(Predicate { attr: attr.to_owned(), op, ignore_case: chance(rng, ignore_case) })
}

pub(super) fn whole(rng: &mut Rng, items: &[u32]) -> f64 {
    f64::from(*pick(rng, items))
}

/// Draws a predicate on one attribute.
pub(super) struct Gen {
    pub(super) attr: &'static str,
    /// The tag rules using it get, by family.
    pub(super) tag: &'static str,
    pub(super) weight: u32,
    pub(super) draw: fn(&mut Rng) -> Condition,
}

pub(super) const GENS: &[Gen] = &[
    Gen {
        attr: "geo.country",
        tag: "geo",
        weight: 14,
        draw: |rng| {
            let group = *pick(rng, &[COLD, EUROPE, SOUTH, AMERICAS, ASIA]);
            match rng.u32(0..10) {
                0..=5 => pred("geo.country", Op::In(some_of(rng, group, 2, 5))),
                6 | 7 => pred("geo.country", Op::Is((*pick(rng, group)).to_owned())),
                8 => pred("geo.country", Op::NotIn(some_of(rng, group, 1, 4))),
                _ => pred("geo.country", Op::IsNot((*pick(rng, group)).to_owned())),
            }
        },
    },
    Gen {
        attr: "geo.region",
        tag: "geo",
        weight: 5,
        draw: |rng| match rng.u32(0..10) {
            0..=4 => pred("geo.region", Op::In(some_of(rng, REGIONS, 1, 3))),
            5..=8 => pred("geo.region", Op::Is((*pick(rng, REGIONS)).to_owned())),
            _ => pred("geo.region", Op::Exists),
        },
    },
    Gen {
        attr: "geo.city",
        tag: "geo",
        weight: 1,
        draw: |rng| {
            if chance(rng, 0.5) {
                let city = *pick(rng, &["Toronto", "Oslo", "London", "Montréal"]);
                text_pred(rng, "geo.city", Op::Is(city.to_owned()), 0.5)
            } else {
                text_pred(rng, "geo.city", Op::In(strings(&["Oslo", "Bergen", "Stockholm", "Helsinki"])), 0.3)
            }
        },
    },
    Gen {
        attr: "device.type",
        tag: "device",
        weight: 10,
        draw: |rng| match rng.u32(0..10) {
            0..=6 => pred(
                "device.type",
                Op::Is((*weighted(rng, &[("mobile", 5), ("desktop", 3), ("tablet", 2)])).to_owned()),
            ),
            7 | 8 => pred("device.type", Op::In(strings(&["mobile", "tablet"]))),
            _ => pred("device.type", Op::IsNot("bot".to_owned())),
        },
    },
    Gen {
        attr: "device.os",
        tag: "device",
        weight: 3,
        draw: |rng| {
            let os = *pick(rng, &["iOS", "Android", "Windows", "Mac OS X"]);
            text_pred(rng, "device.os", Op::Is(os.to_owned()), 0.3)
        },
    },
    Gen {
        attr: "device.browser",
        tag: "device",
        weight: 2,
        draw: |rng| {
            if chance(rng, 0.3) {
                pred("device.browser", Op::In(strings(&["Instagram", "Facebook"])))
            } else {
                let browser = *pick(rng, &["Safari", "Chrome", "Firefox", "Edge", "Samsung Internet"]);
                pred("device.browser", Op::Is(browser.to_owned()))
            }
        },
    },
    Gen {
        attr: "traffic.channel",
        tag: "traffic",
        weight: 10,
        draw: |rng| {
            let channels = crate::model::attribute::CHANNELS;
            if chance(rng, 0.7) {
                pred("traffic.channel", Op::Is((*pick(rng, channels)).to_owned()))
            } else {
                pred("traffic.channel", Op::In(some_of(rng, channels, 2, 3)))
            }
        },
    },
    Gen {
        attr: "traffic.utm_source",
        tag: "traffic",
        weight: 7,
        draw: |rng| match rng.u32(0..20) {
            0..=12 => {
                let source = *pick(
                    rng,
                    &[
                        "facebook",
                        "instagram",
                        "tiktok",
                        "google",
                        "klaviyo",
                        "newsletter",
                        "pinterest",
                        "awin",
                        "criteo",
                    ],
                );
                text_pred(rng, "traffic.utm_source", Op::Is(source.to_owned()), 0.4)
            }
            13..=16 => text_pred(rng, "traffic.utm_source", Op::In(strings(&["instagram", "ig", "tiktok"])), 0.5),
            17 | 18 => text_pred(rng, "traffic.utm_source", Op::StartsWith("goog".to_owned()), 0.3),
            _ => pred("traffic.utm_source", Op::Missing),
        },
    },
    Gen {
        attr: "traffic.utm_medium",
        tag: "traffic",
        weight: 2,
        draw: |rng| {
            let medium = *pick(rng, &["email", "cpc", "paid_social", "affiliate", "display"]);
            text_pred(rng, "traffic.utm_medium", Op::Is(medium.to_owned()), 0.3)
        },
    },
    Gen {
        attr: "traffic.utm_campaign",
        tag: "traffic",
        weight: 6,
        draw: |rng| {
            let op = match rng.u32(0..7) {
                0 => Op::StartsWith("bf-".to_owned()),
                1 => Op::Is("cyber-monday-2026".to_owned()),
                2 => Op::Is("holiday-gifts-2026".to_owned()),
                3 => Op::Matches("^(bf|cyber-monday)-2026".to_owned()),
                4 => Op::Contains("sale".to_owned()),
                5 => Op::EndsWith("-2027".to_owned()),
                _ => Op::In(strings(&["welcome-series", "abandoned-cart", "win-back"])),
            };
            text_pred(rng, "traffic.utm_campaign", op, 0.15)
        },
    },
    Gen {
        attr: "traffic.utm_term",
        tag: "traffic",
        weight: 1,
        draw: |rng| {
            let word = *pick(rng, &["boots", "sale", "new", "parka", "northwind"]);
            text_pred(rng, "traffic.utm_term", Op::Contains(word.to_owned()), 0.8)
        },
    },
    Gen {
        attr: "traffic.referrer_host",
        tag: "traffic",
        weight: 4,
        draw: |rng| {
            let op = match rng.u32(0..6) {
                0 => Op::EndsWith("google.com".to_owned()),
                1 => Op::EndsWith("facebook.com".to_owned()),
                2 => Op::EndsWith("instagram.com".to_owned()),
                3 => Op::EndsWith("pinterest.com".to_owned()),
                4 => Op::Is("www.google.co.uk".to_owned()),
                _ => Op::EndsWith(".substack.com".to_owned()),
            };
            text_pred(rng, "traffic.referrer_host", op, 0.2)
        },
    },
    Gen {
        attr: "traffic.landing_page",
        tag: "traffic",
        weight: 6,
        draw: |rng| {
            let op = match rng.u32(0..10) {
                0 => Op::Matches("^/collections/(winter|sale)".to_owned()),
                1 => Op::Matches("^/collections/(sale|outlet)(/|$)".to_owned()),
                2 => Op::Matches("^/products/[a-z-]+-boots$".to_owned()),
                3 => Op::Matches("^/(fr|fr-ca|de|es)/".to_owned()),
                4 => Op::Matches(r"[?&](fbclid|gclid|ttclid)=".to_owned()),
                5 => Op::StartsWith("/products/".to_owned()),
                6 => Op::StartsWith("/collections/".to_owned()),
                7 => Op::Contains("gift".to_owned()),
                8 => Op::Is("/".to_owned()),
                _ => Op::In(strings(&["/cart", "/account/login"])),
            };
            text_pred(rng, "traffic.landing_page", op, 0.1)
        },
    },
    Gen {
        attr: "customer.segments",
        tag: "segment",
        weight: 12,
        draw: |rng| match rng.u32(0..10) {
            0..=5 => pred("customer.segments", Op::Has((*pick(rng, SEGMENTS)).to_owned())),
            6..=8 => pred("customer.segments", Op::HasAny(some_of(rng, SEGMENTS, 2, 3))),
            _ => pred("customer.segments", Op::HasNone(some_of(rng, UPSTREAM_ONLY, 1, 2))),
        },
    },
    Gen {
        attr: "customer.visitor_type",
        tag: "customer",
        weight: 5,
        draw: |rng| pred("customer.visitor_type", Op::Is((*pick(rng, &["new", "returning"])).to_owned())),
    },
    Gen {
        attr: "customer.orders",
        tag: "customer",
        weight: 5,
        draw: |rng| match rng.u32(0..4) {
            0 | 1 => pred("customer.orders", Op::Ge(whole(rng, &[1, 2, 3, 5]))),
            2 => pred("customer.orders", Op::Lt(whole(rng, &[1, 2]))),
            _ => {
                let low = whole(rng, &[1, 2, 3]);
                pred("customer.orders", Op::Between(low, low + whole(rng, &[1, 3, 5])))
            }
        },
    },
    Gen {
        attr: "customer.lifetime_value",
        tag: "customer",
        weight: 4,
        draw: |rng| match rng.u32(0..4) {
            0 | 1 => pred("customer.lifetime_value", Op::Ge(whole(rng, &[100, 250, 500, 1000]))),
            2 => pred("customer.lifetime_value", Op::Between(100.0, 500.0)),
            _ => pred("customer.lifetime_value", Op::Lt(200.0)),
        },
    },
    Gen {
        attr: "customer.days_since_last_order",
        tag: "customer",
        weight: 3,
        draw: |rng| {
            if chance(rng, 0.5) {
                pred("customer.days_since_last_order", Op::Le(whole(rng, &[30, 60, 90])))
            } else {
                pred("customer.days_since_last_order", Op::Gt(whole(rng, &[90, 180, 365])))
            }
        },
    },
    Gen {
        attr: "cart.value",
        tag: "cart",
        weight: 5,
        draw: |rng| match rng.u32(0..5) {
            0 | 1 => pred("cart.value", Op::Ge(whole(rng, &[50, 100, 150, 250]))),
            2 => pred("cart.value", Op::Between(50.0, 149.99)),
            3 => pred("cart.value", Op::Lt(100.0)),
            _ => pred("cart.value", Op::Exists),
        },
    },
    Gen {
        attr: "cart.items",
        tag: "cart",
        weight: 2,
        draw: |rng| {
            if chance(rng, 0.7) {
                pred("cart.items", Op::Ge(whole(rng, &[2, 3, 4])))
            } else {
                pred("cart.items", Op::Le(1.0))
            }
        },
    },
    Gen {
        attr: "cart.categories",
        tag: "cart",
        weight: 4,
        draw: |rng| match rng.u32(0..6) {
            0 | 1 => pred("cart.categories", Op::Has((*pick(rng, CATEGORIES)).to_owned())),
            2 | 3 => pred("cart.categories", Op::HasAny(some_of(rng, CATEGORIES, 2, 3))),
            4 => pred("cart.categories", Op::HasAll(some_of(rng, CATEGORIES, 2, 2))),
            _ => pred("cart.categories", Op::HasNone(strings(&["sale"]))),
        },
    },
    Gen {
        attr: "time.weekday",
        tag: "time",
        weight: 2,
        draw: |rng| match rng.u32(0..3) {
            0 => pred("time.weekday", Op::In(strings(&["sat", "sun"]))),
            1 => pred("time.weekday", Op::In(strings(&["mon", "tue", "wed", "thu", "fri"]))),
            _ => pred("time.weekday", Op::Is("fri".to_owned())),
        },
    },
    Gen {
        attr: "time.hour",
        tag: "time",
        weight: 2,
        draw: |rng| match rng.u32(0..4) {
            0 => pred("time.hour", Op::Between(18.0, 23.0)),
            1 => pred("time.hour", Op::Lt(6.0)),
            2 => pred("time.hour", Op::Ge(20.0)),
            _ => pred("time.hour", Op::Between(9.0, 17.0)),
        },
    },
    Gen {
        attr: "attributes.loyalty_tier",
        tag: "loyalty",
        weight: 2,
        draw: |rng| {
            if chance(rng, 0.5) {
                text_pred(rng, "attributes.loyalty_tier", Op::Is("gold".to_owned()), 0.3)
            } else {
                text_pred(rng, "attributes.loyalty_tier", Op::In(strings(&["silver", "gold"])), 0.3)
            }
        },
    },
];

/// Draws up to `n` generators of distinct attributes, by weight, skipping
/// `used` ones and the time ones unless `time` is allowed.
pub(super) fn draw_gens(rng: &mut Rng, n: usize, used: &mut Vec<&'static str>, time: bool) -> Vec<&'static Gen> {
    let mut out = Vec::new();
    for _ in 0..n {
        let open: Vec<(&'static Gen, u32)> = GENS
            .iter()
            .filter(|g| !used.contains(&g.attr) && (time || !g.attr.starts_with("time.")))
            .map(|g| (g, g.weight))
            .collect();
        if open.is_empty() {
            break;
        }
        let g = *weighted(rng, &open);
        used.push(g.attr);
        out.push(g);
    }
    out
}
