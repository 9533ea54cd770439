//! How visitors arrive: campaigns by date, UTM parameters, referrers and
//! landing pages that belong together.

use chrono::{Datelike, NaiveDate};
use fastrand::Rng;

use super::super::{chance, pick, weighted};
use crate::model::Traffic;

/// The retail calendar the campaigns follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Season {
    Fall,
    PreBlackFriday,
    BlackFriday,
    CyberMonday,
    Holiday,
    WinterSale,
}

impl Season {
    pub(super) fn of(date: NaiveDate) -> Self {
        match (date.month(), date.day()) {
            (10, _) => Season::Fall,
            (11, 1..=19) => Season::PreBlackFriday,
            (11, 20..=29) => Season::BlackFriday,
            (11, _) | (12, 1) => Season::CyberMonday,
            (12, 2..=24) => Season::Holiday,
            _ => Season::WinterSale,
        }
    }

    /// The campaign every paid channel runs in this season.
    fn campaign(self) -> &'static str {
        match self {
            Season::Fall => "fall-arrivals-2026",
            Season::PreBlackFriday => "winter-essentials-2026",
            Season::BlackFriday => "bf-2026",
            Season::CyberMonday => "cyber-monday-2026",
            Season::Holiday => "holiday-gifts-2026",
            Season::WinterSale => "winter-sale-2027",
        }
    }

    /// The collection the season's campaigns land on.
    fn collection(self) -> &'static str {
        match self {
            Season::Fall => "/collections/new-arrivals",
            Season::PreBlackFriday => "/collections/winter",
            Season::BlackFriday => "/collections/black-friday",
            Season::CyberMonday => "/collections/cyber-monday",
            Season::Holiday => "/collections/gifts",
            Season::WinterSale => "/collections/sale",
        }
    }
}

pub(super) const COLLECTIONS: &[&str] = &[
    "/collections/winter",
    "/collections/winter/parkas",
    "/collections/outerwear",
    "/collections/knitwear",
    "/collections/boots",
    "/collections/accessories",
    "/collections/dresses",
    "/collections/denim",
    "/collections/swimwear",
    "/collections/gifts",
    "/collections/sale",
    "/collections/sale/boots",
    "/collections/outlet",
    "/collections/new-arrivals",
];

pub(super) const PRODUCTS: &[&str] = &[
    "/products/alpine-down-parka",
    "/products/merino-rollneck-sweater",
    "/products/shearling-chelsea-boots",
    "/products/cashmere-scarf-camel",
    "/products/wool-wrap-coat",
    "/products/quilted-puffer-vest",
    "/products/cable-knit-beanie",
    "/products/leather-gloves-black",
    "/products/waterproof-hiking-boots",
    "/products/linen-sundress",
    "/products/high-rise-straight-jeans",
    "/products/triangle-bikini-top",
    "/products/gift-card",
];

pub(super) const PAGES: &[&str] = &[
    "/pages/gift-guide",
    "/pages/size-guide",
    "/pages/stores",
    "/blogs/journal/how-to-layer-for-winter",
    "/blogs/journal/gift-guide-2026",
    "/search?q=parka",
    "/search?q=chelsea+boots",
    "/cart",
    "/account/login",
];

pub(super) const BLOGS: &[&str] = &[
    "https://www.vogue.com/article/best-winter-coats",
    "https://www.whowhatwear.com/fashion/outerwear/best-parkas",
    "https://www.refinery29.com/en-us/best-winter-boots",
    "https://www.theglobeandmail.com/life/style/article-winter-coat-guide/",
    "https://www.blogto.com/fashion/2026/11/best-winter-boots-toronto/",
    "https://coldweatherstyle.substack.com/p/the-parka-edit",
    "https://nordicstylejournal.com/2026/11/layering-guide/",
    "https://www.thecut.com/article/best-wool-sweaters.html",
];

pub(super) const SEARCH_TERMS: &[&str] = &[
    "womens winter coat",
    "down parka sale",
    "merino sweater",
    "chelsea boots women",
    "new arrivals outerwear",
    "wool coat",
    "cashmere scarf gift",
    "waterproof winter boots",
];

pub(super) const BRAND_TERMS: &[&str] = &["northwind outfitters", "northwind coats", "northwind outfitters sale"];

/// How a visitor arrived, by share of visits (per 1,000).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Source {
    Direct,
    OrganicGoogle,
    OrganicOther,
    PaidSearch,
    PaidSocial,
    OrganicSocial,
    Email,
    Affiliate,
    Display,
    Referral,
    Sms,
    Print,
}

pub(super) const SOURCES: &[(Source, u32)] = &[
    (Source::Direct, 225),
    (Source::OrganicGoogle, 165),
    (Source::OrganicOther, 30),
    (Source::PaidSearch, 110),
    (Source::PaidSocial, 140),
    (Source::OrganicSocial, 60),
    (Source::Email, 110),
    (Source::Affiliate, 40),
    (Source::Display, 30),
    (Source::Referral, 60),
    (Source::Sms, 20),
    (Source::Print, 10),
];

/// The country's own Google domain, for organic search referrers.
pub(super) fn google_domain(country: &str) -> &'static str {
    match country {
        "CA" => "https://www.google.ca/",
        "GB" => "https://www.google.co.uk/",
        "DE" => "https://www.google.de/",
        "FR" => "https://www.google.fr/",
        "AU" => "https://www.google.com.au/",
        "JP" => "https://www.google.co.jp/",
        "NO" => "https://www.google.no/",
        "SE" => "https://www.google.se/",
        "BR" => "https://www.google.com.br/",
        "MX" => "https://www.google.com.mx/",
        _ => "https://www.google.com/",
    }
}

pub(super) fn click_id(rng: &mut Rng, len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    std::iter::repeat_with(|| char::from(*pick(rng, CHARS))).take(len).collect()
}

pub(super) fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

pub(super) fn one(rng: &mut Rng, items: &[&str]) -> Option<String> {
    Some((*pick(rng, items)).to_owned())
}

/// Landing page for a visit: collection, product or content page, sometimes
/// under a locale prefix.
pub(super) fn landing(rng: &mut Rng, season: Season, weights: [u32; 4], locale: &str) -> String {
    let kind = *weighted(rng, &[(0u8, weights[0]), (1, weights[1]), (2, weights[2]), (3, weights[3])]);
    let path = match kind {
        0 => "/",
        1 if chance(rng, 0.35) => season.collection(),
        1 => *pick(rng, COLLECTIONS),
        2 => *pick(rng, PRODUCTS),
        _ => *pick(rng, PAGES),
    };
    if !locale.is_empty() && chance(rng, 0.3) {
        if path == "/" { format!("{locale}/") } else { format!("{locale}{path}") }
    } else {
        path.to_owned()
    }
}

/// The storefront's locale prefix for a place, if it has one.
pub(super) fn locale_of(country: &str, region: &str) -> &'static str {
    match (country, region) {
        ("CA", "CA-QC") => "/fr-ca",
        ("FR", _) => "/fr",
        ("DE", _) => "/de",
        ("ES", _) | ("MX", _) => "/es",
        _ => "",
    }
}

/// UTM parameters, referrer and landing page that belong together.
pub(super) fn traffic(rng: &mut Rng, source: Source, season: Season, country: &str, locale: &str) -> Traffic {
    let mut t = Traffic::default();
    match source {
        Source::Direct => {
            t.landing_page = Some(landing(rng, season, [55, 20, 15, 10], locale));
        }
        Source::OrganicGoogle => {
            t.referrer = Some(if chance(rng, 0.6) {
                "https://www.google.com/".to_owned()
            } else {
                google_domain(country).to_owned()
            });
            t.landing_page = Some(landing(rng, season, [8, 40, 45, 7], locale));
        }
        Source::OrganicOther => {
            let engine = *weighted(
                rng,
                &[
                    ("https://www.bing.com/", 12),
                    ("https://duckduckgo.com/", 8),
                    ("https://www.ecosia.org/", 4),
                    ("https://search.yahoo.com/", 3),
                    ("https://search.yahoo.co.jp/", 2),
                ],
            );
            t.referrer = some(engine);
            t.landing_page = Some(landing(rng, season, [10, 40, 45, 5], locale));
        }
        Source::PaidSearch => {
            let google = chance(rng, 0.82);
            t.utm_source = some(if google { "google" } else { "bing" });
            t.utm_medium = some("cpc");
            let (campaign, term) = match *weighted(rng, &[(0u8, 40), (1, 20), (2, 20), (3, 20)]) {
                0 => ("brand-search".to_owned(), Some(pick(rng, BRAND_TERMS).to_string())),
                1 => (season.campaign().to_owned(), Some(pick(rng, SEARCH_TERMS).to_string())),
                2 => ("generic-outerwear".to_owned(), Some(pick(rng, SEARCH_TERMS).to_string())),
                _ => ("shopping-pmax".to_owned(), None),
            };
            t.utm_campaign = Some(campaign);
            t.utm_term = term.filter(|_| chance(rng, 0.85));
            if chance(rng, 0.5) {
                t.referrer = some(if google { "https://www.google.com/" } else { "https://www.bing.com/" });
            }
            let mut page = landing(rng, season, [10, 55, 35, 0], locale);
            if google && chance(rng, 0.25) {
                page = format!("{page}?gclid=Cj0KCQiA{}", click_id(rng, 28));
            }
            t.landing_page = Some(page);
        }
        Source::PaidSocial => {
            let network = *weighted(rng, &[("facebook", 40), ("instagram", 40), ("tiktok", 20)]);
            let written = match network {
                "facebook" if chance(rng, 0.2) => "fb",
                "instagram" if chance(rng, 0.3) => "ig",
                "facebook" if chance(rng, 0.03) => "Facebook",
                "instagram" if chance(rng, 0.04) => "Instagram",
                other => other,
            };
            t.utm_source = some(written);
            t.utm_medium = some(if chance(rng, 0.75) { "paid_social" } else { "cpc" });
            t.utm_campaign = if chance(rng, 0.7) {
                some(season.campaign())
            } else {
                one(rng, &["prospecting-lookalike", "retargeting-dpa", "brand-awareness-q4"])
            };
            if chance(rng, 0.6) {
                t.utm_content = Some(match network {
                    "tiktok" => format!("spark-ad-{}", rng.u32(1..=12)),
                    _ => pick(rng, &["carousel-1", "carousel-2", "video-15s", "story-a", "story-b", "reel-outerwear"])
                        .to_string(),
                });
            }
            if chance(rng, 0.55) {
                t.referrer = match network {
                    "facebook" => one(rng, &["https://l.facebook.com/", "https://m.facebook.com/"]),
                    "instagram" => some("https://l.instagram.com/"),
                    _ => some("https://www.tiktok.com/"),
                };
            }
            let mut page = landing(rng, season, [5, 45, 50, 0], locale);
            if network != "tiktok" && chance(rng, 0.2) {
                page = format!("{page}?fbclid=IwAR{}", click_id(rng, 24));
            } else if network == "tiktok" && chance(rng, 0.2) {
                page = format!("{page}?ttclid=E.C.P.{}", click_id(rng, 24));
            }
            t.landing_page = Some(page);
        }
        Source::OrganicSocial => {
            match *weighted(rng, &[(0u8, 40), (1, 25), (2, 15), (3, 8), (4, 6), (5, 6)]) {
                0 => {
                    t.utm_source = some("pinterest");
                    t.utm_medium = some("social");
                    if chance(rng, 0.6) {
                        t.referrer = some(match country {
                            "CA" => "https://www.pinterest.ca/",
                            "GB" => "https://uk.pinterest.com/",
                            _ => "https://www.pinterest.com/",
                        });
                    }
                }
                1 => t.referrer = some("https://l.instagram.com/"),
                2 => t.referrer = one(rng, &["https://l.facebook.com/", "https://m.facebook.com/"]),
                3 => t.referrer = some("https://www.reddit.com/"),
                4 => t.referrer = some("https://www.youtube.com/"),
                _ => t.referrer = some("https://t.co/"),
            }
            t.landing_page = Some(landing(rng, season, [15, 35, 50, 0], locale));
        }
        Source::Email => {
            t.utm_source = some(if chance(rng, 0.6) { "klaviyo" } else { "newsletter" });
            t.utm_medium = some("email");
            let flow = chance(rng, 0.35);
            t.utm_campaign = if flow {
                one(rng, &["welcome-series", "abandoned-cart", "back-in-stock", "win-back"])
            } else if season == Season::PreBlackFriday && chance(rng, 0.5) {
                some("bf-2026-early-access")
            } else {
                some(season.campaign())
            };
            if chance(rng, 0.6) {
                t.utm_content = one(rng, &["hero-cta", "product-grid", "footer-link"]);
            }
            if chance(rng, 0.08) {
                t.referrer = some("https://mail.google.com/");
            }
            let page = if t.utm_campaign.as_deref() == Some("abandoned-cart") {
                "/cart".to_owned()
            } else {
                landing(rng, season, [25, 50, 20, 5], locale)
            };
            t.landing_page = Some(page);
        }
        Source::Affiliate => {
            let publisher = *pick(rng, &["honey", "rakuten", "topcashback", "quidco", "vouchercodes", "student-beans"]);
            t.utm_source = some("awin");
            t.utm_medium = some("affiliate");
            t.utm_campaign = Some(format!("awin-{publisher}"));
            if chance(rng, 0.7) {
                t.utm_content = Some(format!("{}", rng.u32(100_000..1_000_000)));
            }
            if chance(rng, 0.4) {
                t.referrer = some("https://www.awin1.com/");
            }
            t.landing_page = Some(landing(rng, season, [35, 35, 30, 0], locale));
        }
        Source::Display => {
            t.utm_source = some("criteo");
            t.utm_medium = some("display");
            t.utm_campaign = some(if chance(rng, 0.5) { "retargeting-dpa-q4" } else { season.campaign() });
            if chance(rng, 0.5) {
                t.utm_content = one(rng, &["banner-300x250", "banner-728x90", "native"]);
            }
            t.landing_page = Some(landing(rng, season, [0, 20, 70, 10], locale));
        }
        Source::Referral => {
            t.referrer = one(rng, BLOGS);
            t.landing_page = Some(landing(rng, season, [15, 30, 55, 0], locale));
        }
        Source::Sms => {
            t.utm_source = some("attentive");
            t.utm_medium = some("sms");
            t.utm_campaign = some(season.campaign());
            t.landing_page = Some(landing(rng, season, [20, 70, 10, 0], locale));
        }
        Source::Print => {
            t.utm_source = some("qr-code");
            t.utm_medium = some("print");
            t.utm_campaign = one(rng, &["store-window-2026", "catalogue-winter-2026"]);
            t.landing_page = Some(landing(rng, season, [40, 60, 0, 0], locale));
        }
    }
    if chance(rng, 0.02) {
        t.landing_page = None;
    }
    t
}
