//! `device.type`: which kind of device a user agent comes from, given what
//! uap-core made of it. First match wins:
//!
//! 1. **bot**: uap-core's device family is `Spider`, or the agent is on the
//!    maintained isbot list (crawlers, HTTP libraries, monitors, validators),
//!    or on our short list of monitors the others miss;
//! 2. **desktop** for televisions, set-top boxes and consoles (no handheld
//!    screen; there is no separate type for them);
//! 3. **mobile** for feature phones (`UP.Browser`, `MIDP`, `WAP`, `FOMA`, ...) and
//!    Windows phones (`Windows Phone`, `IEMobile`, `Lumia`), which no tablet
//!    rule may claim;
//! 4. **tablet** for an iPad, a Kindle, a device brand that is a tablet, an
//!    agent that says `Tablet`, or a tablet model token (`Tab`, `Pad`,
//!    `SM-T…`, `Nexus 7`, ...), even when the agent also says `Mobile`;
//! 5. **mobile** for a phone model token (Samsung's `SM-A…`, `SM-F…`, ...),
//!    even without `Mobile` (foldables ask for desktop pages);
//! 6. **tablet** for a *browser* on Android without `Mobile` (Android's own
//!    rule); Android apps and download managers without it are phones;
//! 7. **mobile** for a phone operating system or an agent that says `Mobi`;
//! 8. **desktop** otherwise.

use std::sync::OnceLock;

use regex::Regex;

use crate::model::DeviceType;

/// What uap-core made of a user agent, as far as the device type needs it.
#[derive(Clone, Copy, Debug, Default)]
pub struct Parsed<'a> {
    /// uap-core's device family (`iPad`, `Spider`, `Samsung SM-T510`, ...).
    pub family: &'a str,
    /// uap-core's device brand (`Generic_Android_Tablet`, ...).
    pub brand: &'a str,
    /// uap-core's operating system family, when known.
    pub os: Option<&'a str>,
}

/// Operating systems of phones (and tablets, told apart before).
const MOBILE_OS: &[&str] =
    &["iOS", "Android", "Windows Phone", "BlackBerry OS", "KaiOS", "Firefox OS", "Symbian OS", "HarmonyOS"];

/// Bots the isbot list does not name (matched in lower case): monitors and
/// load testers, AI crawlers and agents, browser automation, security
/// scanners, HTTP tools. Each is a product's own token, never a word that
/// can appear in a person's browser.
const MORE_BOTS: &[&str] = &[
    // Monitors, health checks, load testers.
    r"health-?check",
    r"^amazon-route53",
    r"^googlestackdrivermonitoring",
    r"^kube-probe/",
    r"^prometheus/",
    r"^blackbox-exporter",
    r"^zabbix",
    r"^nagios",
    r"^hey/",
    r"^k6/",
    r"^locust",
    r"^vegeta",
    r"^siege/",
    r"^jmeter",
    r"^gatling",
    r"^wrk",
    r"watchdog/",
    r"ruxitsynthetic",
    r"synthetics",
    r"thousandeyes",
    r"dotcom-monitor",
    r"hardenize",
    r"sitelock",
    r"rsiteauditor",
    r"dcv check",
    r"^hydrozen\.io",
    r"monsido",
    r"^digicert dcv",
    // AI crawlers and agents.
    r"^anthropic-ai",
    r"claude-user/",
    r"^cohere-ai",
    r"^googleother",
    r"^meta-external",
    r"^facebookcatalog/",
    r"perplexity-user",
    r"chatgpt-user",
    r"^newsai/|\bnewsai/",
    r"\.ai/scanning",
    r"googleagent-",
    r"manus-user/",
    r"scope3/",
    // Browser automation and scanners.
    r"\bplaywright/",
    r"; selenium\b",
    r"\bnikto/",
    r"^zmeu",
    r"acunetix",
    r"sqlmap/",
    r"nuclei",
    r"^masscan",
    r"zgrab",
    r"^l9explore/",
    r"cookiehub(?:scan|verify)/",
    r"^fastdast",
    r"^dnsscanner",
    // Tools, libraries and archives.
    r"indy library",
    r"^apple-pubsub/",
    r"^httpie/",
    r"^colly",
    r"^axios/",
    r"^node-fetch",
    r"^undici",
    r"archive-it",
    r"web archiving",
    r"digital-archive",
    r"newsgathering",
    r"^scraping@",
    r"seo4ajax",
    r"^feeder /",
    r"^feedflow/",
    r"^search\.marginalia\.nu",
    r"^asnriskscorer/",
];

const TV_OR_CONSOLE: &str = r"(?i)smart-?tv|smart tv|googletv|android ?tv|\bbravia\b|\bAFT[A-Z]{1,4}\b|\bCrKey/|\broku/|\btizen[^)]*\btv\b|web0s|webos\.tv|hbbtv|\bnettv/|playstation [345]|\bxbox\b|nintendo (?:wiiu?|switch)";

const FEATURE_OR_WINDOWS_PHONE: &str = r"UP\.Browser|UP\.Link|MIDP-\d|CLDC-\d|\bJ2ME\b|\bWAP\b|Obigo|NetFront|Series ?[46]0|SymbianOS|Symbian/|DoCoMo/|KDDI-|J-PHONE/|SoftBank/|Vodafone/|WILLCOM|DDIPOCKET|;FOMA;|jig browser|Opera Mini|Windows Phone|IEMobile|Windows Mobile|Windows CE|\bLumia\b|WPDesktop|ZuneWP7";

const TABLET_MODEL: &str = r"iPad|\bTab\b|\bTab ?\d|Pad\b|Kindle|\bSilk/|\bKF[A-Z]{2,5}\b|Nexus (?:7|9|10)\b|SM-[TPX]\d|GT-P\d|GT-N[58]\d|SCH-I800|\bXoom\b|Transformer|\bTF\d{3}|MediaPad|\bLenovo TB|\bTB-[X\d]|IdeaTab|PlayBook|RIM Tablet|TouchPad|hp-tablet|\bNook\b|\bBNTV\d|\bA1-8\d\d|\bVenue \d";

const PHONE_MODEL: &str = r"\bSM-[AFGMNSEJCW]\d|\bGT-I\d|\bPixel \d+(?: Pro| XL|a)?(?:[;)]| Build)|\biPhone\b|\biPod\b";

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).unwrap_or_else(|e| unreachable!("a built-in device pattern does not compile: {e}"))
}

struct Patterns {
    bots: isbot::Bots,
    tv_or_console: Regex,
    feature_or_windows_phone: Regex,
    tablet_model: Regex,
    phone_model: Regex,
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let mut bots = isbot::Bots::default();
        bots.append(MORE_BOTS);
        Patterns {
            bots,
            tv_or_console: regex(TV_OR_CONSOLE),
            feature_or_windows_phone: regex(FEATURE_OR_WINDOWS_PHONE),
            tablet_model: regex(TABLET_MODEL),
            phone_model: regex(PHONE_MODEL),
        }
    })
}

/// Whether the agent is a web browser (or a web view) rather than an app or
/// a library: it presents itself as Mozilla and names a rendering engine.
fn is_browser(ua: &str) -> bool {
    ua.starts_with("Mozilla/") && ["Safari/", "Gecko/", "Firefox/", "Presto/"].iter().any(|t| ua.contains(t))
}

/// Whether the agent is a bot: uap-core's spider rule or a listed bot.
pub fn is_bot(ua: &str, parsed: &Parsed<'_>) -> bool {
    parsed.family == "Spider" || patterns().bots.is_bot(ua)
}

/// The kind of device `ua` comes from (see the module's documentation).
pub fn kind_of(ua: &str, parsed: &Parsed<'_>) -> DeviceType {
    let p = patterns();
    let android = parsed.os == Some("Android") || ua.contains("Android");
    if is_bot(ua, parsed) {
        DeviceType::Bot
    } else if p.tv_or_console.is_match(ua) {
        DeviceType::Desktop
    } else if p.feature_or_windows_phone.is_match(ua) {
        DeviceType::Mobile
    } else if parsed.family == "iPad"
        || parsed.family.starts_with("Kindle")
        || parsed.brand.contains("Tablet")
        || (ua.contains("Tablet") && !ua.contains("Tablet PC"))
        || p.tablet_model.is_match(ua)
    {
        DeviceType::Tablet
    } else if p.phone_model.is_match(ua) {
        DeviceType::Mobile
    } else if android && !ua.contains("Mobile") && is_browser(ua) {
        DeviceType::Tablet
    } else if android || parsed.os.is_some_and(|o| MOBILE_OS.contains(&o)) || ua.contains("Mobi") {
        DeviceType::Mobile
    } else {
        DeviceType::Desktop
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::device::parse_user_agent;
    use DeviceType::*;

    /// Labelled agents for each rule, including every case issue 12 names.
    const LABELLED: &[(&str, DeviceType)] = &[
        // Tablets whose agent says "Mobile".
        (
            "Mozilla/5.0 (Linux; Android 4.4.2; Beeline Tab 2 Build/KOT49H) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/30.0.0.0 Mobile Safari/537.36",
            Tablet,
        ),
        (
            "Mozilla/5.0 (Linux; Android 11; Lenovo TB-X606F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
            Tablet,
        ),
        (
            "Mozilla/5.0 (Linux; Android 12; 22081283G Build/SKQ1.220303.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0 Mobile Safari/537.36 Pad",
            Tablet,
        ),
        (
            "Mozilla/5.0 (Linux; Android 13; SM-T220 Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/120.0 Mobile Safari/537.36",
            Tablet,
        ),
        (
            "Mozilla/5.0 (Linux; U; Android 4.0.3; en-us; KFTT Build/IML74K) AppleWebKit/537.36 (KHTML, like Gecko) Silk/3.68 like Chrome/39.0.2171.93 Safari/537.36",
            Tablet,
        ),
        ("Mozilla/5.0 (Linux; Android 13; Tablet; rv:121.0) Gecko/121.0 Firefox/121.0", Tablet),
        (
            "Mozilla/5.0 (Linux; Android 12; HUAWEI MatePad 11) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/118.0 Safari/537.36",
            Tablet,
        ),
        (
            "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            Tablet,
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
            Tablet,
        ),
        // Phones and apps without "Mobile".
        (
            "Mozilla/5.0 (Linux; Android 13; SM-F926W) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Safari/537.36",
            Mobile,
        ),
        ("AndroidDownloadManager/4.1.1 (Linux; U; Android 4.1.1; Nexus S Build/JRO03E)", Mobile),
        ("Dalvik/2.1.0 (Linux; U; Android 13; SM-A536B Build/TP1A.220624.014)", Mobile),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
            Mobile,
        ),
        // Feature phones and Windows phones.
        ("Cricket-A310/1.0 UP.Browser/6.3.0.7 (GUI) MMP/2.0", Mobile),
        ("Mozilla/5.0 (F02B;FOMA;like Gecko)", Mobile),
        ("Mozilla/5.0 (jig browser core; SH03B)", Mobile),
        ("Nokia6300/2.0 (05.00) Profile/MIDP-2.0 Configuration/CLDC-1.1", Mobile),
        (
            "Mozilla/5.0 (Windows NT 10.0; ARM; Lumia 950 XL) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.15063",
            Mobile,
        ),
        (
            "Mozilla/5.0 (compatible; MSIE 10.0; Windows Phone 8.0; Trident/6.0; IEMobile/10.0; ARM; Touch; NOKIA; Lumia 920)",
            Mobile,
        ),
        (
            "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) Presto/2.5.25 Version/10.54",
            Mobile,
        ),
        (
            "Mozilla/5.0 (Mobile; LYF/F300B/LYF-F300B-001-01-15-130718-i;Android; rv:48.0) Gecko/48.0 Firefox/48.0 KAIOS/2.5",
            Mobile,
        ),
        // Bots, monitors, validators and tools.
        ("ApacheBench/2.3", Bot),
        (
            "Amazon-Route53-Health-Check-Service (ref 2a5f7c1e-4f6b-4c53-8e64-1f6a7d3b2c90; report http://amzn.to/1vsZADi)",
            Bot,
        ),
        ("Mozilla/5.0 (compatible; UptimeRobot/2.0; http://www.uptimerobot.com/)", Bot),
        ("W3C_Validator/1.3 http://validator.w3.org/services", Bot),
        ("Validator.nu/LV http://validator.w3.org/services", Bot),
        ("Pingdom.com_bot_version_1.4_(http://www.pingdom.com/)", Bot),
        ("curl/8.5.0", Bot),
        ("python-requests/2.31.0", Bot),
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
            Bot,
        ),
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", Bot),
        ("ELB-HealthChecker/2.0", Bot),
        ("kube-probe/1.29", Bot),
        // Desktops, televisions and consoles.
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
            Desktop,
        ),
        ("Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0; SLCC2; Tablet PC 2.0)", Desktop),
        (
            "Mozilla/5.0 (Linux; Android 9; AFTMM Build/PS7233) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36",
            Desktop,
        ),
        (
            "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36",
            Desktop,
        ),
        ("Mozilla/5.0 (PlayStation 4 11.00) AppleWebKit/605.1.15 (KHTML, like Gecko)", Desktop),
        ("Mozilla/5.0 (X11; Linux x86_64; rv:127.0) Gecko/20100101 Firefox/127.0", Desktop),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
            Desktop,
        ),
    ];

    #[test]
    fn labelled_agents_get_their_type() {
        let wrong: Vec<String> = LABELLED
            .iter()
            .filter_map(|(ua, want)| {
                let got = parse_user_agent(ua).kind;
                (got != Some(*want)).then(|| format!("{want:?} but {got:?}: {ua}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn people_are_not_bots() {
        // Brands and words that look like bot tokens.
        for ua in [
            "Mozilla/5.0 (Linux; Android 4.2.1; CUBOT GT99 Build/JOP40D) AppleWebKit/535.19 (KHTML, like Gecko) Chrome/18.0.1025.166 Mobile Safari/535.19",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.0.40.92",
            "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
        ] {
            assert_ne!(parse_user_agent(ua).kind, Some(Bot), "{ua}");
        }
    }
}
