//! `device.type`, `device.os` and `device.browser`, derived from the user
//! agent through the maintained `ua-parser` crate and uap-core's regexes
//! (shipped in `assets/uap-regexes.json`). Parsed user agents are kept in one
//! bounded cache shared by every thread (see [`CACHE_BYTES`]), since real
//! traffic repeats agents: a Zipf-shaped stream of 50,000 distinct agents is
//! parsed about 50,000 times, not once per session.

use std::sync::{Arc, OnceLock};

use quick_cache::{Weighter, sync::Cache};

use super::device_kind::{Parsed, kind_of};
use crate::model::DeviceType;

const UAP_REGEXES: &str = include_str!("../../assets/uap-regexes.json");

/// The memory the user-agent cache may hold, estimated from the lengths of
/// its keys and values: about 100,000 typical agents. Least useful entries
/// are evicted first (quick_cache's S3-FIFO).
pub const CACHE_BYTES: u64 = 32 << 20;

/// An entry's weight: its bytes plus a fixed overhead for the map and the
/// `Arc`.
#[derive(Clone, Copy)]
struct Bytes;

impl Weighter<String, Arc<DeviceInfo>> for Bytes {
    fn weight(&self, ua: &String, info: &Arc<DeviceInfo>) -> u64 {
        let text = |s: &Option<String>| s.as_ref().map_or(0, String::len);
        (ua.len() + text(&info.os) + text(&info.browser) + 128) as u64
    }
}

type AgentCache = Cache<String, Arc<DeviceInfo>, Bytes>;

/// Parsed agents, with the browser.
fn cache() -> &'static AgentCache {
    static CACHE: OnceLock<AgentCache> = OnceLock::new();
    CACHE.get_or_init(|| Cache::with_weighter(100_000, CACHE_BYTES, Bytes))
}

/// Parsed agents without the browser (type and OS), for rulesets that do
/// not read `device.browser`: uap-core's browser rules are a third of the
/// cost of a first parse.
fn cache_without_browser() -> &'static AgentCache {
    static CACHE: OnceLock<AgentCache> = OnceLock::new();
    CACHE.get_or_init(|| Cache::with_weighter(100_000, CACHE_BYTES, Bytes))
}

/// User agents are cut to this many bytes (at a character boundary) before
/// parsing: real ones are far shorter, and a huge one must not cost seconds.
pub const MAX_USER_AGENT_BYTES: usize = 512;

/// The first [`MAX_USER_AGENT_BYTES`] bytes of `ua`, ending on a character boundary.
fn truncated(ua: &str) -> &str {
    let mut end = ua.len().min(MAX_USER_AGENT_BYTES);
    while !ua.is_char_boundary(end) {
        end -= 1;
    }
    &ua[..end]
}

/// What the user agent says about the device.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceInfo {
    /// The device type.
    pub kind: Option<DeviceType>,
    /// The operating system family, e.g. `iOS`, `Android`, `Windows`.
    pub os: Option<String>,
    /// The browser family, e.g. `Safari`, `Chrome`, `Googlebot`.
    pub browser: Option<String>,
}

fn extractor() -> Option<&'static ua_parser::Extractor<'static>> {
    static EXTRACTOR: OnceLock<Option<ua_parser::Extractor<'static>>> = OnceLock::new();
    EXTRACTOR
        .get_or_init(|| {
            let regexes: ua_parser::Regexes<'static> = serde_json::from_str(UAP_REGEXES).ok()?;
            ua_parser::Extractor::try_from(regexes).ok()
        })
        .as_ref()
}

/// Browser family suffixes that only say "on a phone" and are dropped, so
/// `Chrome Mobile iOS` reads `Chrome`; the device type carries that fact.
const BROWSER_SUFFIXES: &[&str] = &[" Mobile iOS", " Mobile WebView", " Mobile", " iOS"];

fn browser_name(family: &str) -> String {
    let family = family.strip_prefix("Mobile ").unwrap_or(family);
    for suffix in BROWSER_SUFFIXES {
        if let Some(base) = family.strip_suffix(suffix) {
            return base.to_owned();
        }
    }
    family.to_owned()
}

fn parse(ua: &str, with_browser: bool) -> DeviceInfo {
    let Some(extractor) = extractor() else {
        return DeviceInfo::default();
    };
    let (os, device) = (extractor.os.extract(ua), extractor.dev.extract(ua));
    let known = |s: &str| (s != "Other" && !s.is_empty()).then(|| s.to_owned());
    let agent = if with_browser { extractor.ua.extract(ua) } else { None };
    let browser = agent.and_then(|a| known(&a.family)).map(|f| browser_name(&f));
    let os = os.and_then(|o| known(&o.os));
    let family = device.as_ref().map(|d| d.device.to_string()).unwrap_or_default();
    let brand = device.as_ref().and_then(|d| d.brand.as_deref()).unwrap_or_default();
    let kind = kind_of(ua, &Parsed { family: &family, brand, os: os.as_deref() });
    DeviceInfo { kind: Some(kind), os, browser }
}

/// Parses a user agent.
///
/// # Example
/// ```
/// use rulestudio::derive::device::parse_user_agent;
/// use rulestudio::model::DeviceType;
/// let d = parse_user_agent("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
///     (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1");
/// assert_eq!(d.kind, Some(DeviceType::Mobile));
/// assert_eq!(d.os.as_deref(), Some("iOS"));
/// assert_eq!(d.browser.as_deref(), Some("Safari"));
/// ```
pub fn parse_user_agent(ua: &str) -> Arc<DeviceInfo> {
    let ua = truncated(ua);
    let Ok(info) = cache().get_or_insert_with(ua, || Ok::<_, std::convert::Infallible>(Arc::new(parse(ua, true))));
    info
}

/// [`parse_user_agent`] without the browser (`browser` is `None`), for
/// callers that do not need it; an agent already parsed whole is reused.
pub fn parse_user_agent_without_browser(ua: &str) -> Arc<DeviceInfo> {
    let ua = truncated(ua);
    if let Some(whole) = cache().get(ua) {
        return whole;
    }
    let Ok(info) = cache_without_browser()
        .get_or_insert_with(ua, || Ok::<_, std::convert::Infallible>(Arc::new(parse(ua, false))));
    info
}

/// Real user agents of common devices, one per kind of device and browser;
/// witnesses and persona presets pick from them.
pub const SAMPLE_USER_AGENTS: &[&str] = &[
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 15; Pixel 9) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 14; SM-S928B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0.6778.73 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_7_1) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
];

#[cfg(test)]
mod tests {
    use super::*;
    use DeviceType::*;

    #[test]
    fn real_agents() {
        let cases: &[(&str, DeviceType, &str, &str)] = &[
            (
                "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                Tablet,
                "iOS",
                "Safari",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
                Tablet,
                "Android",
                "Chrome",
            ),
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
                Mobile,
                "Android",
                "Chrome",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
                Desktop,
                "Windows",
                "Edge",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
                Desktop,
                "Mac OS X",
                "Safari",
            ),
            ("Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0", Desktop, "Linux", "Firefox"),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/126.0.6478.54 Mobile/15E148 Safari/604.1",
                Mobile,
                "iOS",
                "Chrome",
            ),
        ];
        for (ua, kind, os, browser) in cases {
            let d = parse_user_agent(ua);
            assert_eq!(d.kind, Some(*kind), "{ua}");
            assert_eq!(d.os.as_deref(), Some(*os), "{ua}");
            assert_eq!(d.browser.as_deref(), Some(*browser), "{ua}");
        }
    }

    #[test]
    fn parsed_agents_are_shared_between_threads_and_weighed() {
        let ua = "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) \
                  Chrome/131.0.0.0 Safari/537.36 shared-cache-test";
        let parsed = std::thread::spawn(move || parse_user_agent(ua)).join().map_err(|_| "thread").unwrap_or_default();
        let hit = cache().get(ua).unwrap_or_default();
        assert!(Arc::ptr_eq(&parsed, &hit), "another thread's parse is reused");
        assert_eq!(hit.kind, Some(Tablet));
        assert!(Bytes.weight(&ua.to_owned(), &hit) > ua.len() as u64);
        assert!(cache().weight() <= CACHE_BYTES);
    }

    #[test]
    fn without_the_browser_the_type_and_os_are_the_same() {
        for ua in SAMPLE_USER_AGENTS.iter().map(|ua| format!("{ua} without-browser-test")) {
            let lite = parse_user_agent_without_browser(&ua);
            assert_eq!(lite.browser, None, "{ua}");
            let whole = parse_user_agent(&ua);
            assert_eq!((lite.kind, &lite.os), (whole.kind, &whole.os), "{ua}");
            assert!(Arc::ptr_eq(&parse_user_agent_without_browser(&ua), &whole), "the whole parse is reused");
        }
    }

    #[test]
    fn long_user_agents_are_cut_at_512_bytes_on_a_character_boundary() {
        let phone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 \
                     (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1 ";
        let huge = format!("{phone}{}", "é".repeat(500_000));
        let cut = truncated(&huge);
        assert!(cut.len() <= MAX_USER_AGENT_BYTES && cut.len() >= MAX_USER_AGENT_BYTES - 1);
        assert_eq!(parse_user_agent(&huge), parse_user_agent(cut));
        assert_eq!(parse_user_agent(&huge).kind, Some(DeviceType::Mobile));
        assert_eq!(truncated(phone), phone);
    }

    #[test]
    fn current_uap_core_names_in_app_and_vendor_browsers() {
        let cases = [
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 NetType/WIFI MicroMessenger/7.0.20.1781(0x6700143B) WindowsWechat(0x63090c33) XWEB/14315",
                "WeChat Browser",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.5845.114 HonorBrowser/3.0.9.303 Safari/537.36",
                "Honor Browser",
            ),
            (
                "Mozilla/5.0 (Linux; Android 15; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/144.0.7559.132 Safari/537.36 Telegram-Android/12.4.1 (Xiaomi 2405CRPFDG; Android 15; SDK 35; HIGH)",
                "Telegram",
            ),
        ];
        for (ua, browser) in cases {
            assert_eq!(parse_user_agent(ua).browser.as_deref(), Some(browser), "{ua}");
        }
    }

    #[test]
    fn bots_and_junk() {
        let bot = parse_user_agent("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
        assert_eq!(bot.kind, Some(Bot));
        assert_eq!(bot.browser.as_deref(), Some("Googlebot"));
        let junk = parse_user_agent("totally-not-a-browser");
        assert_eq!(junk.kind, Some(Desktop));
        assert_eq!(junk.os, None);
    }
}
