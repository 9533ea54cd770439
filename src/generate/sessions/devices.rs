//! Devices: real user agents, weighted, with what the engine derives from them.

use fastrand::Rng;

use super::super::{weighted, weighted_by};
use crate::model::DeviceType;

/// A user agent and what the engine derives from it.
pub(super) struct Agent {
    pub(super) ua: &'static str,
    pub(super) kind: DeviceType,
    /// Operating system family; empty when the parser knows none.
    pub(super) os: &'static str,
    pub(super) browser: &'static str,
    pub(super) weight: u32,
}

pub(super) const fn a(
    ua: &'static str,
    kind: DeviceType,
    os: &'static str,
    browser: &'static str,
    weight: u32,
) -> Agent {
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

pub(super) fn pick_agent(rng: &mut Rng, table: &'static [Agent]) -> &'static Agent {
    weighted_by(rng, table, |a| a.weight)
}

/// A device class by share of visits: phones, desktops, tablets.
pub(super) fn pick_device(rng: &mut Rng) -> &'static Agent {
    let table = *weighted(rng, &[(PHONES, 63), (DESKTOPS, 30), (TABLETS, 7)]);
    pick_agent(rng, table)
}
