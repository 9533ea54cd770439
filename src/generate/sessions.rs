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

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use fastrand::Rng;

use super::{cents, chance, mix, pick, weighted};
use crate::derive::channel::{ChannelInputs, derive_channel, referrer_host};
use crate::model::{
    Amount, Cart, CountryCode, CustomValue, Customer, Device, DeviceType, Geo, RegionCode, Session, Traffic,
    VisitorType,
};

// ---- markets -----------------------------------------------------------------

/// A place visitors come from: an ISO 3166-2 region (empty when the country's
/// visitors are not located more precisely), its time zone and its cities.
pub(super) struct Place {
    pub(super) region: &'static str,
    pub(super) tz: &'static str,
    weight: u32,
    pub(super) cities: &'static [&'static str],
}

/// A country the store sells to, weighted by its share of visits.
pub(super) struct Market {
    pub(super) country: &'static str,
    weight: u32,
    pub(super) places: &'static [Place],
}

const fn p(region: &'static str, tz: &'static str, weight: u32, cities: &'static [&'static str]) -> Place {
    Place { region, tz, weight, cities }
}

const fn m(country: &'static str, weight: u32, places: &'static [Place]) -> Market {
    Market { country, weight, places }
}

/// Markets, weighted per 1,000 visits: the store's core markets first, then
/// a long tail.
pub(super) const MARKETS: &[Market] = &[
    m(
        "CA",
        170,
        &[
            p("CA-ON", "America/Toronto", 40, &["Toronto", "Ottawa", "Mississauga", "Hamilton", "Kingston", "London"]),
            p("CA-QC", "America/Toronto", 20, &["Montréal", "Québec", "Laval", "Gatineau"]),
            p("CA-BC", "America/Vancouver", 16, &["Vancouver", "Victoria", "Burnaby", "Surrey", "Kelowna"]),
            p("CA-AB", "America/Edmonton", 12, &["Calgary", "Edmonton"]),
            p("CA-MB", "America/Winnipeg", 4, &["Winnipeg"]),
            p("CA-SK", "America/Regina", 3, &["Saskatoon", "Regina"]),
            p("CA-NS", "America/Halifax", 3, &["Halifax"]),
            p("CA-NB", "America/Moncton", 1, &["Moncton", "Fredericton"]),
            p("CA-NL", "America/St_Johns", 1, &["St. John's"]),
            p("CA-YT", "America/Whitehorse", 1, &["Whitehorse"]),
        ],
    ),
    m(
        "US",
        150,
        &[
            p("US-NY", "America/New_York", 14, &["New York", "Brooklyn", "Buffalo"]),
            p("US-CA", "America/Los_Angeles", 14, &["Los Angeles", "San Francisco", "San Diego", "San Jose"]),
            p("US-TX", "America/Chicago", 8, &["Austin", "Houston", "Dallas"]),
            p("US-IL", "America/Chicago", 7, &["Chicago", "Evanston"]),
            p("US-WA", "America/Los_Angeles", 6, &["Seattle", "Spokane"]),
            p("US-MA", "America/New_York", 5, &["Boston", "Cambridge"]),
            p("US-FL", "America/New_York", 5, &["Miami", "Orlando", "Tampa"]),
            p("US-CO", "America/Denver", 5, &["Denver", "Boulder"]),
            p("US-MN", "America/Chicago", 5, &["Minneapolis", "Saint Paul"]),
            p("US-OR", "America/Los_Angeles", 4, &["Portland"]),
            p("US-GA", "America/New_York", 4, &["Atlanta"]),
            p("US-PA", "America/New_York", 4, &["Philadelphia", "Pittsburgh"]),
            p("US-NJ", "America/New_York", 3, &["Jersey City", "Newark"]),
            p("US-MI", "America/Detroit", 3, &["Detroit", "Ann Arbor"]),
            p("US-AZ", "America/Phoenix", 2, &["Phoenix"]),
            p("US-DC", "America/New_York", 2, &["Washington", "Washington, D.C."]),
            p("US-VT", "America/New_York", 1, &["Burlington"]),
            p("US-ME", "America/New_York", 1, &["Portland"]),
            p("US-AK", "America/Anchorage", 1, &["Anchorage", "Fairbanks"]),
        ],
    ),
    m(
        "GB",
        100,
        &[
            p("GB-WSM", "Europe/London", 5, &["London"]),
            p("GB-KEC", "Europe/London", 3, &["London"]),
            p("GB-CMD", "Europe/London", 3, &["London"]),
            p("GB-HCK", "Europe/London", 3, &["London"]),
            p("GB-ISL", "Europe/London", 2, &["London"]),
            p("GB-LBH", "Europe/London", 2, &["London"]),
            p("GB-SWK", "Europe/London", 2, &["London"]),
            p("GB-TWH", "Europe/London", 2, &["London"]),
            p("GB-MAN", "Europe/London", 5, &["Manchester"]),
            p("GB-BIR", "Europe/London", 4, &["Birmingham"]),
            p("GB-LDS", "Europe/London", 3, &["Leeds"]),
            p("GB-LIV", "Europe/London", 3, &["Liverpool"]),
            p("GB-BST", "Europe/London", 3, &["Bristol"]),
            p("GB-EDH", "Europe/London", 4, &["Edinburgh"]),
            p("GB-GLG", "Europe/London", 3, &["Glasgow"]),
            p("GB-CRF", "Europe/London", 2, &["Cardiff"]),
            p("GB-BFS", "Europe/London", 2, &["Belfast"]),
            p("GB-NET", "Europe/London", 2, &["Newcastle upon Tyne"]),
            p("GB-SHF", "Europe/London", 2, &["Sheffield"]),
            p("GB-NGM", "Europe/London", 1, &["Nottingham"]),
            p("GB-BNH", "Europe/London", 2, &["Brighton"]),
            p("GB-OXF", "Europe/London", 1, &["Oxford"]),
            p("GB-CAM", "Europe/London", 1, &["Cambridge"]),
        ],
    ),
    m(
        "NO",
        55,
        &[
            p("NO-03", "Europe/Oslo", 10, &["Oslo"]),
            p("NO-46", "Europe/Oslo", 4, &["Bergen"]),
            p("NO-50", "Europe/Oslo", 3, &["Trondheim"]),
            p("NO-54", "Europe/Oslo", 2, &["Tromsø"]),
            p("NO-42", "Europe/Oslo", 1, &["Kristiansand"]),
        ],
    ),
    m(
        "SE",
        50,
        &[
            p("SE-AB", "Europe/Stockholm", 10, &["Stockholm"]),
            p("SE-O", "Europe/Stockholm", 5, &["Göteborg"]),
            p("SE-M", "Europe/Stockholm", 4, &["Malmö", "Lund"]),
            p("SE-C", "Europe/Stockholm", 2, &["Uppsala"]),
        ],
    ),
    m(
        "DE",
        50,
        &[
            p("DE-BE", "Europe/Berlin", 6, &["Berlin"]),
            p("DE-BY", "Europe/Berlin", 5, &["München", "Nürnberg"]),
            p("DE-HH", "Europe/Berlin", 3, &["Hamburg"]),
            p("DE-NW", "Europe/Berlin", 5, &["Köln", "Düsseldorf", "Dortmund"]),
            p("DE-HE", "Europe/Berlin", 3, &["Frankfurt am Main"]),
        ],
    ),
    m(
        "FR",
        35,
        &[
            p("FR-IDF", "Europe/Paris", 8, &["Paris", "Boulogne-Billancourt"]),
            p("FR-ARA", "Europe/Paris", 3, &["Lyon", "Grenoble"]),
            p("FR-PAC", "Europe/Paris", 2, &["Marseille", "Nice"]),
            p("FR-OCC", "Europe/Paris", 2, &["Toulouse", "Montpellier"]),
            p("FR-NAQ", "Europe/Paris", 2, &["Bordeaux"]),
        ],
    ),
    m(
        "AU",
        35,
        &[
            p("AU-NSW", "Australia/Sydney", 8, &["Sydney", "Newcastle"]),
            p("AU-VIC", "Australia/Melbourne", 7, &["Melbourne", "Geelong"]),
            p("AU-QLD", "Australia/Brisbane", 4, &["Brisbane", "Gold Coast"]),
            p("AU-WA", "Australia/Perth", 2, &["Perth"]),
        ],
    ),
    m(
        "JP",
        28,
        &[
            p("JP-13", "Asia/Tokyo", 8, &["Tokyo"]),
            p("JP-27", "Asia/Tokyo", 3, &["Osaka"]),
            p("JP-14", "Asia/Tokyo", 2, &["Yokohama"]),
            p("JP-01", "Asia/Tokyo", 1, &["Sapporo"]),
        ],
    ),
    m(
        "NL",
        28,
        &[
            p("NL-NH", "Europe/Amsterdam", 5, &["Amsterdam", "Haarlem"]),
            p("NL-ZH", "Europe/Amsterdam", 4, &["Rotterdam", "Den Haag"]),
            p("NL-UT", "Europe/Amsterdam", 2, &["Utrecht"]),
        ],
    ),
    m(
        "IE",
        18,
        &[
            p("IE-D", "Europe/Dublin", 6, &["Dublin"]),
            p("IE-CO", "Europe/Dublin", 2, &["Cork"]),
            p("IE-G", "Europe/Dublin", 1, &["Galway"]),
        ],
    ),
    m(
        "DK",
        18,
        &[
            p("DK-84", "Europe/Copenhagen", 5, &["København", "Frederiksberg"]),
            p("DK-82", "Europe/Copenhagen", 2, &["Aarhus"]),
        ],
    ),
    m(
        "FI",
        18,
        &[p("FI-18", "Europe/Helsinki", 5, &["Helsinki", "Espoo"]), p("FI-11", "Europe/Helsinki", 2, &["Tampere"])],
    ),
    m(
        "ES",
        16,
        &[
            p("ES-MD", "Europe/Madrid", 4, &["Madrid"]),
            p("ES-CT", "Europe/Madrid", 3, &["Barcelona"]),
            p("ES-VC", "Europe/Madrid", 1, &["València"]),
        ],
    ),
    m(
        "IT",
        16,
        &[
            p("IT-25", "Europe/Rome", 4, &["Milano"]),
            p("IT-62", "Europe/Rome", 3, &["Roma"]),
            p("IT-72", "Europe/Rome", 1, &["Napoli"]),
        ],
    ),
    m(
        "BR",
        14,
        &[
            p("BR-SP", "America/Sao_Paulo", 3, &["São Paulo", "Campinas"]),
            p("BR-RJ", "America/Sao_Paulo", 2, &["Rio de Janeiro"]),
        ],
    ),
    m(
        "MX",
        14,
        &[
            p("MX-CMX", "America/Mexico_City", 4, &["Ciudad de México"]),
            p("MX-JAL", "America/Mexico_City", 1, &["Guadalajara"]),
            p("MX-NLE", "America/Monterrey", 1, &["Monterrey"]),
        ],
    ),
    // The long tail: country and city only.
    m("CH", 8, &[p("", "Europe/Zurich", 1, &["Zürich", "Genève", "Basel"])]),
    m("IS", 6, &[p("", "Atlantic/Reykjavik", 1, &["Reykjavík"])]),
    m("AT", 6, &[p("", "Europe/Vienna", 1, &["Wien", "Graz"])]),
    m("BE", 6, &[p("", "Europe/Brussels", 1, &["Bruxelles", "Antwerpen", "Gent"])]),
    m("NZ", 6, &[p("", "Pacific/Auckland", 1, &["Auckland", "Wellington", "Christchurch"])]),
    m("PL", 5, &[p("", "Europe/Warsaw", 1, &["Warszawa", "Kraków"])]),
    m("PT", 4, &[p("", "Europe/Lisbon", 1, &["Lisboa", "Porto"])]),
    m("KR", 4, &[p("", "Asia/Seoul", 1, &["Seoul", "Busan"])]),
    m("SG", 4, &[p("", "Asia/Singapore", 1, &["Singapore"])]),
    m("HK", 3, &[p("", "Asia/Hong_Kong", 1, &["Hong Kong"])]),
    m("AE", 3, &[p("", "Asia/Dubai", 1, &["Dubai", "Abu Dhabi"])]),
    m("ZA", 3, &[p("", "Africa/Johannesburg", 1, &["Johannesburg", "Cape Town"])]),
    m("IN", 3, &[p("", "Asia/Kolkata", 1, &["Mumbai", "Bengaluru", "Delhi"])]),
    m("IL", 2, &[p("", "Asia/Jerusalem", 1, &["Tel Aviv-Yafo"])]),
    m("AR", 2, &[p("", "America/Argentina/Buenos_Aires", 1, &["Buenos Aires"])]),
    m("CL", 2, &[p("", "America/Santiago", 1, &["Santiago"])]),
    m("CO", 2, &[p("", "America/Bogota", 1, &["Bogotá", "Medellín"])]),
    m("CZ", 2, &[p("", "Europe/Prague", 1, &["Praha", "Brno"])]),
    m("EE", 2, &[p("", "Europe/Tallinn", 1, &["Tallinn"])]),
    m("LV", 1, &[p("", "Europe/Riga", 1, &["Rīga"])]),
    m("LT", 1, &[p("", "Europe/Vilnius", 1, &["Vilnius"])]),
    m("GR", 1, &[p("", "Europe/Athens", 1, &["Athína"])]),
    m("HU", 1, &[p("", "Europe/Budapest", 1, &["Budapest"])]),
    m("RO", 1, &[p("", "Europe/Bucharest", 1, &["București"])]),
    m("LU", 1, &[p("", "Europe/Luxembourg", 1, &["Luxembourg"])]),
    m("GL", 1, &[p("", "America/Nuuk", 1, &["Nuuk"])]),
    m("FO", 1, &[p("", "Atlantic/Faroe", 1, &["Tórshavn"])]),
    m("AX", 1, &[p("", "Europe/Mariehamn", 1, &["Mariehamn"])]),
    m("TW", 1, &[p("", "Asia/Taipei", 1, &["Taipei"])]),
    m("TH", 1, &[p("", "Asia/Bangkok", 1, &["Bangkok"])]),
    m("PH", 1, &[p("", "Asia/Manila", 1, &["Manila"])]),
    m("MY", 1, &[p("", "Asia/Kuala_Lumpur", 1, &["Kuala Lumpur"])]),
    m("SA", 1, &[p("", "Asia/Riyadh", 1, &["Riyadh"])]),
    m("PR", 1, &[p("", "America/Puerto_Rico", 1, &["San Juan"])]),
];

/// Countries where December is summer: more swimwear and dresses in carts.
const SOUTHERN: &[&str] = &["AU", "NZ", "BR", "AR", "ZA", "CL"];

fn pick_market(rng: &mut Rng) -> &'static Market {
    let total: u32 = MARKETS.iter().map(|m| m.weight).sum();
    let mut roll = rng.u32(0..total.max(1));
    for market in MARKETS {
        if roll < market.weight {
            return market;
        }
        roll -= market.weight;
    }
    &MARKETS[0]
}

fn pick_place(rng: &mut Rng, market: &'static Market) -> &'static Place {
    let total: u32 = market.places.iter().map(|p| p.weight).sum();
    let mut roll = rng.u32(0..total.max(1));
    for place in market.places {
        if roll < place.weight {
            return place;
        }
        roll -= place.weight;
    }
    &market.places[0]
}

// ---- devices -----------------------------------------------------------------

/// A user agent and what the engine derives from it.
pub(super) struct Agent {
    pub(super) ua: &'static str,
    pub(super) kind: DeviceType,
    /// Operating system family; empty when the parser knows none.
    pub(super) os: &'static str,
    pub(super) browser: &'static str,
    weight: u32,
}

const fn a(ua: &'static str, kind: DeviceType, os: &'static str, browser: &'static str, weight: u32) -> Agent {
    Agent { ua, kind, os, browser, weight }
}

use DeviceType::{Bot, Desktop, Mobile, Tablet};

/// Phones with their own browser.
pub(super) const PHONES: &[Agent] = &[
    a(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Mobile/15E148 Safari/604.1",
        Mobile,
        "iOS",
        "Safari",
        14,
    ),
    a(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.1 Mobile/15E148 Safari/604.1",
        Mobile,
        "iOS",
        "Safari",
        12,
    ),
    a(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
        Mobile,
        "iOS",
        "Safari",
        9,
    ),
    a(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1",
        Mobile,
        "iOS",
        "Safari",
        4,
    ),
    a(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/141.0.7390.96 Mobile/15E148 Safari/604.1",
        Mobile,
        "iOS",
        "Chrome",
        3,
    ),
    a(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/144.0 Mobile/15E148 Safari/605.1.15",
        Mobile,
        "iOS",
        "Firefox",
        1,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36",
        Mobile,
        "Android",
        "Chrome",
        14,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Mobile Safari/537.36",
        Mobile,
        "Android",
        "Chrome",
        8,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.7390.97 Mobile Safari/537.36",
        Mobile,
        "Android",
        "Chrome",
        3,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 16; Pixel 10 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.7444.48 Mobile Safari/537.36",
        Mobile,
        "Android",
        "Chrome",
        2,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 14; SM-S928B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Mobile Safari/537.36",
        Mobile,
        "Android",
        "Chrome",
        3,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 15; SM-S931U) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36",
        Mobile,
        "Android",
        "Samsung Internet",
        4,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Mobile Safari/537.36",
        Mobile,
        "Android",
        "Samsung Internet",
        2,
    ),
    a("Mozilla/5.0 (Android 15; Mobile; rv:144.0) Gecko/144.0 Firefox/144.0", Mobile, "Android", "Firefox", 1),
];

/// Phones browsing inside a social app (Facebook, Instagram, TikTok).
pub(super) const IN_APP: &[Agent] = &[
    a(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 402.0.0.31.88 (iPhone16,2; iOS 18_6; en_CA; en; scale=3.00; 1290x2796; 791553125)",
        Mobile,
        "iOS",
        "Instagram",
        4,
    ),
    a(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/530.0.0.45.106;FBBV/776520154;FBDV/iPhone15,3;FBMD/iPhone;FBSN/iOS;FBSV/18.6;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]",
        Mobile,
        "iOS",
        "Facebook",
        3,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/141.0.7390.97 Mobile Safari/537.36 Instagram 402.0.0.31.88 Android (34/14; 480dpi; 1080x2340; samsung; SM-S918B; dm3q; qcom; en_GB; 791553129)",
        Mobile,
        "Android",
        "Instagram",
        2,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 15; Pixel 8 Build/AP4A.250105.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/141.0.7390.97 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/530.0.0.48.74;]",
        Mobile,
        "Android",
        "Facebook",
        2,
    ),
];

/// Tablets.
pub(super) const TABLETS: &[Agent] = &[
    a(
        "Mozilla/5.0 (iPad; CPU OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1",
        Tablet,
        "iOS",
        "Safari",
        5,
    ),
    a(
        "Mozilla/5.0 (iPad; CPU OS 17_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.7 Mobile/15E148 Safari/604.1",
        Tablet,
        "iOS",
        "Safari",
        2,
    ),
    a(
        "Mozilla/5.0 (iPad; CPU OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/141.0.7390.96 Mobile/15E148 Safari/604.1",
        Tablet,
        "iOS",
        "Chrome",
        1,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
        Tablet,
        "Android",
        "Chrome",
        2,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
        Tablet,
        "Android",
        "Chrome",
        2,
    ),
    a(
        "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/27.0 Chrome/125.0.0.0 Safari/537.36",
        Tablet,
        "Android",
        "Samsung Internet",
        1,
    ),
];

/// Desktops and laptops.
pub(super) const DESKTOPS: &[Agent] = &[
    a(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
        Desktop,
        "Windows",
        "Chrome",
        16,
    ),
    a(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0.0.0 Safari/537.36",
        Desktop,
        "Windows",
        "Chrome",
        8,
    ),
    a(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36 Edg/141.0.0.0",
        Desktop,
        "Windows",
        "Edge",
        7,
    ),
    a(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:144.0) Gecko/20100101 Firefox/144.0",
        Desktop,
        "Windows",
        "Firefox",
        3,
    ),
    a(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15",
        Desktop,
        "Mac OS X",
        "Safari",
        9,
    ),
    a(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Safari/605.1.15",
        Desktop,
        "Mac OS X",
        "Safari",
        4,
    ),
    a(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
        Desktop,
        "Mac OS X",
        "Chrome",
        8,
    ),
    a(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:144.0) Gecko/20100101 Firefox/144.0",
        Desktop,
        "Mac OS X",
        "Firefox",
        1,
    ),
    a("Mozilla/5.0 (X11; Linux x86_64; rv:144.0) Gecko/20100101 Firefox/144.0", Desktop, "Linux", "Firefox", 1),
    a(
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:143.0) Gecko/20100101 Firefox/143.0",
        Desktop,
        "Ubuntu",
        "Firefox",
        1,
    ),
    a(
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
        Desktop,
        "Linux",
        "Chrome",
        1,
    ),
    a(
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36",
        Desktop,
        "Chrome OS",
        "Chrome",
        1,
    ),
];

/// Crawlers.
pub(super) const BOTS: &[Agent] = &[
    a("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", Bot, "", "Googlebot", 4),
    a(
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.7390.122 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        Bot,
        "Android",
        "Googlebot",
        4,
    ),
    a("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", Bot, "", "bingbot", 2),
    a(
        "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36",
        Bot,
        "",
        "bingbot",
        1,
    ),
    a(
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
        Bot,
        "Mac OS X",
        "Applebot",
        1,
    ),
    a("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", Bot, "", "FacebookBot", 1),
    a("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", Bot, "", "AhrefsBot", 1),
];

fn pick_agent(rng: &mut Rng, table: &'static [Agent]) -> &'static Agent {
    let total: u32 = table.iter().map(|a| a.weight).sum();
    let mut roll = rng.u32(0..total.max(1));
    for agent in table {
        if roll < agent.weight {
            return agent;
        }
        roll -= agent.weight;
    }
    &table[0]
}

/// A device class by share of visits: phones, desktops, tablets.
fn pick_device(rng: &mut Rng) -> &'static Agent {
    let table = *weighted(rng, &[(PHONES, 63), (DESKTOPS, 30), (TABLETS, 7)]);
    pick_agent(rng, table)
}

// ---- time --------------------------------------------------------------------

const FIRST_DAY: (i32, u32, u32) = (2026, 10, 1);
const DAYS: usize = 123; // 2026-10-01 ..= 2027-01-31

/// Relative traffic on a day of the season.
fn day_weight(date: NaiveDate) -> f64 {
    let base = match (date.month(), date.day()) {
        (10, _) => 1.0,
        (11, 1..=19) => 1.15,
        (11, 20..=26) => 1.6,
        (11, 27) => 4.0, // Black Friday
        (11, 28..=29) => 2.4,
        (11, 30) => 3.4, // Cyber Monday
        (12, 1..=3) => 1.9,
        (12, 4..=20) => 1.7,
        (12, 21..=24) => 1.3,
        (12, 25) => 0.6,
        (12, 26) => 2.8, // Boxing Day
        (12, 27..=31) => 1.9,
        (1, 1..=7) => 1.5,
        _ => 1.0,
    };
    if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) { base * 1.12 } else { base }
}

/// The season's days with their cumulative weights.
fn days() -> &'static [(NaiveDate, f64)] {
    static DAYS_TABLE: OnceLock<Vec<(NaiveDate, f64)>> = OnceLock::new();
    DAYS_TABLE.get_or_init(|| {
        let (y, mo, d) = FIRST_DAY;
        let first = NaiveDate::from_ymd_opt(y, mo, d).unwrap_or_default();
        let mut total = 0.0;
        first
            .iter_days()
            .take(DAYS)
            .map(|day| {
                total += day_weight(day);
                (day, total)
            })
            .collect()
    })
}

/// Relative traffic by local hour: quiet at night, a lunch bump, an evening peak.
const HOURS: &[(u32, u32)] = &[
    (0, 12),
    (1, 7),
    (2, 4),
    (3, 3),
    (4, 3),
    (5, 4),
    (6, 8),
    (7, 16),
    (8, 26),
    (9, 32),
    (10, 36),
    (11, 39),
    (12, 43),
    (13, 42),
    (14, 39),
    (15, 38),
    (16, 39),
    (17, 42),
    (18, 48),
    (19, 56),
    (20, 62),
    (21, 59),
    (22, 44),
    (23, 25),
];

fn draw_day(rng: &mut Rng) -> NaiveDate {
    let table = days();
    let total = table.last().map_or(1.0, |(_, t)| *t);
    let roll = rng.f64() * total;
    let i = table.partition_point(|(_, cum)| *cum <= roll);
    table.get(i.min(table.len().saturating_sub(1))).map(|(d, _)| *d).unwrap_or_default()
}

/// A local time on a season day in `tz`, as an instant written either in
/// UTC (as servers log it) or with the visitor's local offset.
fn draw_timestamp(rng: &mut Rng, tz: &str, bot: bool) -> (DateTime<FixedOffset>, NaiveDate) {
    let tz: Tz = tz.parse().unwrap_or(Tz::UTC);
    let date = draw_day(rng);
    let hour = if bot { rng.u32(0..24) } else { *weighted(rng, HOURS) };
    let naive = date.and_hms_opt(hour, rng.u32(0..60), rng.u32(0..60)).unwrap_or_default();
    let local = tz
        .from_local_datetime(&naive)
        .earliest()
        .or_else(|| {
            // In a daylight-saving gap: the hour does not exist, take the next.
            tz.from_local_datetime(&(naive + Duration::hours(1))).earliest()
        })
        .map_or_else(|| Utc.from_utc_datetime(&naive).fixed_offset(), |t| t.fixed_offset());
    // Keep the instant inside the season in UTC too.
    let (y, mo, d) = FIRST_DAY;
    let start = Utc.with_ymd_and_hms(y, mo, d, 0, 0, 0).earliest().unwrap_or_default();
    let end = start + Duration::days(DAYS as i64);
    let local = if local < start {
        local + Duration::days(1)
    } else if local >= end {
        local - Duration::days(1)
    } else {
        local
    };
    let written = if bot || chance(rng, 0.55) { local.with_timezone(&Utc).fixed_offset() } else { local };
    (written, local.date_naive())
}

// ---- campaigns and traffic -----------------------------------------------------

/// The retail calendar the campaigns follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Season {
    Fall,
    PreBlackFriday,
    BlackFriday,
    CyberMonday,
    Holiday,
    WinterSale,
}

impl Season {
    fn of(date: NaiveDate) -> Self {
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

const COLLECTIONS: &[&str] = &[
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

const PRODUCTS: &[&str] = &[
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

const PAGES: &[&str] = &[
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

const BLOGS: &[&str] = &[
    "https://www.vogue.com/article/best-winter-coats",
    "https://www.whowhatwear.com/fashion/outerwear/best-parkas",
    "https://www.refinery29.com/en-us/best-winter-boots",
    "https://www.theglobeandmail.com/life/style/article-winter-coat-guide/",
    "https://www.blogto.com/fashion/2026/11/best-winter-boots-toronto/",
    "https://coldweatherstyle.substack.com/p/the-parka-edit",
    "https://nordicstylejournal.com/2026/11/layering-guide/",
    "https://www.thecut.com/article/best-wool-sweaters.html",
];

const SEARCH_TERMS: &[&str] = &[
    "womens winter coat",
    "down parka sale",
    "merino sweater",
    "chelsea boots women",
    "new arrivals outerwear",
    "wool coat",
    "cashmere scarf gift",
    "waterproof winter boots",
];

const BRAND_TERMS: &[&str] = &["northwind outfitters", "northwind coats", "northwind outfitters sale"];

/// How a visitor arrived, by share of visits (per 1,000).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Source {
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

const SOURCES: &[(Source, u32)] = &[
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
fn google_domain(country: &str) -> &'static str {
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

fn click_id(rng: &mut Rng, len: usize) -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    std::iter::repeat_with(|| char::from(*pick(rng, CHARS))).take(len).collect()
}

fn some(s: &str) -> Option<String> {
    Some(s.to_owned())
}

fn one(rng: &mut Rng, items: &[&str]) -> Option<String> {
    Some((*pick(rng, items)).to_owned())
}

/// Landing page for a visit: collection, product or content page, sometimes
/// under a locale prefix.
fn landing(rng: &mut Rng, season: Season, weights: [u32; 4], locale: &str) -> String {
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
fn locale_of(country: &str, region: &str) -> &'static str {
    match (country, region) {
        ("CA", "CA-QC") => "/fr-ca",
        ("FR", _) => "/fr",
        ("DE", _) => "/de",
        ("ES", _) | ("MX", _) => "/es",
        _ => "",
    }
}

/// UTM parameters, referrer and landing page that belong together.
fn traffic(rng: &mut Rng, source: Source, season: Season, country: &str, locale: &str) -> Traffic {
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
        traffic.channel = Some(derive_channel(&ChannelInputs::new(
            traffic.utm_source.as_deref(),
            traffic.utm_medium.as_deref(),
            host.as_deref(),
        )));
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
    use crate::derive::geo;
    use crate::model::Channel;

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
                let derived = derive_channel(&ChannelInputs::new(
                    s.traffic.utm_source.as_deref(),
                    s.traffic.utm_medium.as_deref(),
                    host.as_deref(),
                ));
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
            let channel = derive_channel(&ChannelInputs::new(
                s.traffic.utm_source.as_deref(),
                s.traffic.utm_medium.as_deref(),
                host.as_deref(),
            ));
            *channels.entry(channel).or_insert(0usize) += 1;
            if let Some(ua) = &s.device.user_agent {
                *kinds.entry(parse_user_agent(ua).kind).or_insert(0usize) += 1;
            }
        }
        for channel in Channel::ALL {
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
