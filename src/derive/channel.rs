//! `traffic.channel` and `traffic.referrer_host`. The channel follows
//! Google Analytics 4's default channel group: the UTM source and medium (or,
//! without them, the referrer host as the source and `referral` as the
//! medium, as GA4 records a referral) go through GA4's rules in GA4's order,
//! with its source categories (search, social, video, shopping) and its
//! paid-medium pattern. The first row whose test holds gives the channel.
//! `docs/DERIVED.md` prints the same table, with the few differences.

use std::cell::RefCell;
use std::fmt::Write;
use std::sync::OnceLock;

use quick_cache::{Weighter, sync::Cache};

use crate::model::Channel;

/// Search engines (GA4's search source category), matched against the
/// source's site label (`google` in `www.google.co.uk`).
pub const SEARCH_ENGINES: &[&str] = &[
    "google",
    "bing",
    "yahoo",
    "duckduckgo",
    "baidu",
    "yandex",
    "ecosia",
    "naver",
    "seznam",
    "qwant",
    "startpage",
    "ask",
    "aol",
    "daum",
    "sogou",
    "so",
    "coccoc",
    "brave",
    "msn",
];

/// Products of search companies that are not search: a visitor from
/// `mail.google.com` or `gemini.google.com` came from mail or an assistant.
pub const NOT_SEARCH: &[&str] = &[
    "mail",
    "webmail",
    "gemini",
    "bard",
    "docs",
    "drive",
    "calendar",
    "meet",
    "chat",
    "accounts",
    "myaccount",
    "sites",
    "groups",
    "classroom",
    "photos",
    "play",
    "ads",
    "analytics",
    "support",
    "outlook",
    "copilot",
];

/// Social networks (GA4's social source category).
pub const SOCIAL_SITES: &[&str] = &[
    "facebook",
    "fb",
    "instagram",
    "ig",
    "tiktok",
    "pinterest",
    "twitter",
    "x",
    "t.co",
    "linkedin",
    "lnkd.in",
    "reddit",
    "snapchat",
    "threads",
    "messenger",
    "whatsapp",
    "telegram",
    "discord",
    "vk",
    "weibo",
    "quora",
    "tumblr",
    "line",
    "bsky",
    "mastodon",
    "nextdoor",
    "wechat",
    "flickr",
];

/// Video sites (GA4's video source category).
pub const VIDEO_SITES: &[&str] = &[
    "youtube",
    "youtu.be",
    "vimeo",
    "twitch",
    "dailymotion",
    "netflix",
    "disneyplus",
    "hulu",
    "wistia",
    "bilibili",
    "iqiyi",
    "youku",
];

/// Shopping sites (GA4's shopping source category).
pub const SHOPPING_SITES: &[&str] = &[
    "amazon",
    "ebay",
    "etsy",
    "walmart",
    "aliexpress",
    "alibaba",
    "shopify",
    "target",
    "bestbuy",
    "idealo",
    "rakuten",
    "mercadolibre",
    "zalando",
    "shopping",
    "shopzilla",
    "pricegrabber",
    "google shopping",
    "igshopping",
];

/// Display mediums.
pub const DISPLAY_MEDIUMS: &[&str] = &["display", "banner", "expandable", "interstitial", "cpm"];
/// Social mediums.
pub const SOCIAL_MEDIUMS: &[&str] =
    &["social", "social-network", "social-media", "sm", "social network", "social media"];
/// Referral mediums.
pub const REFERRAL_MEDIUMS: &[&str] = &["referral", "app", "link"];
/// Email sources and mediums.
pub const EMAIL_WORDS: &[&str] = &["email", "e-mail", "e_mail", "e mail"];

/// The inputs of channel derivation, lower-cased and trimmed; empty when
/// absent.
#[derive(Clone, Debug, Default)]
pub struct ChannelInputs {
    /// `traffic.utm_source`.
    pub source: String,
    /// `traffic.utm_medium`.
    pub medium: String,
    /// `traffic.referrer_host` (given or derived).
    pub host: String,
    /// `traffic.utm_campaign`.
    pub campaign: String,
}

impl ChannelInputs {
    /// The inputs from the session's UTM source and medium and referrer host.
    pub fn new(source: Option<&str>, medium: Option<&str>, host: Option<&str>) -> Self {
        let norm = |s: Option<&str>| s.map(|s| s.trim().to_lowercase()).unwrap_or_default();
        Self { source: norm(source), medium: norm(medium), host: norm(host), campaign: String::new() }
    }

    /// The same inputs with the session's UTM campaign.
    #[must_use]
    pub fn with_campaign(mut self, campaign: Option<&str>) -> Self {
        self.campaign = campaign.map(|c| c.trim().to_lowercase()).unwrap_or_default();
        self
    }

    /// The source as GA4 records it: the UTM source, else the referrer
    /// host, else `(direct)`.
    pub fn ga_source(&self) -> &str {
        [&self.source, &self.host].into_iter().find(|s| !s.is_empty()).map_or("(direct)", String::as_str)
    }

    /// The medium as GA4 records it: the UTM medium; without one `(not set)`
    /// when there is a UTM source, `referral` when there is a referrer, else
    /// `(none)`.
    pub fn ga_medium(&self) -> &str {
        match (&self.medium, &self.source, &self.host) {
            (m, _, _) if !m.is_empty() => m,
            (_, s, _) if !s.is_empty() => "(not set)",
            (_, _, h) if !h.is_empty() => "referral",
            _ => "(none)",
        }
    }
}

/// One row of the channel table.
pub struct ChannelRule {
    /// The channel this row assigns.
    pub channel: Channel,
    /// The row's test, in words.
    pub description: &'static str,
    test: fn(&ChannelInputs) -> bool,
}

/// Second-level labels under a two-letter country domain: the site is the
/// label before them (`amazon` in `www.amazon.co.uk`).
pub const SECOND_LEVEL: &[&str] = &["co", "com", "org", "net", "ac", "gov"];

/// The label that names the site: `facebook` in `l.facebook.com`, `google`
/// in `www.google.co.uk`; the whole value when it has no dot.
fn site_label(host: &str) -> &str {
    // The last three labels, right to left, without allocating: this runs
    // for every session whose channel a rule reads.
    let mut labels = host.rsplit('.').filter(|l| !l.is_empty());
    match (labels.next(), labels.next(), labels.next()) {
        (None, ..) => host,
        (Some(only), None, _) => only,
        (Some(tld), Some(second), Some(name)) if tld.len() == 2 && SECOND_LEVEL.contains(&second) => name,
        (Some(_tld), Some(name), _) => name,
    }
}

fn is_site(value: &str, sites: &[&str]) -> bool {
    if value.is_empty() {
        return false;
    }
    // The label once, not once per listed site: this runs for every session
    // whose channel a rule reads, against lists of dozens of sites.
    let label = site_label(value);
    sites.contains(&value) || (label.len() != value.len() && sites.contains(&label))
}

/// A search engine's own host or name, not one of its other products.
fn is_search(value: &str) -> bool {
    let first = value.split('.').next().unwrap_or_default();
    is_site(value, SEARCH_ENGINES) && !(value.contains('.') && NOT_SEARCH.contains(&first))
}

/// GA4's paid-medium pattern `^(.*cp.*|ppc|retargeting|paid.*)$`.
fn paid_medium(i: &ChannelInputs) -> bool {
    let m = i.ga_medium();
    m.contains("cp") || m == "ppc" || m == "retargeting" || m.starts_with("paid")
}

/// GA4's shopping-campaign pattern `^(.*(([^a-df-z]|^)shop|shopping).*)$`:
/// `shop` at the start or after anything but a letter other than `e`
/// (`eshop` and `summer-shop` count, `workshop` does not), or `shopping`.
fn shopping_campaign(i: &ChannelInputs) -> bool {
    let c = i.campaign.as_str();
    c.contains("shopping")
        || c.match_indices("shop")
            .any(|(at, _)| c[..at].chars().next_back().is_none_or(|p| !(p.is_ascii_lowercase() && p != 'e')))
}

fn shopping(i: &ChannelInputs) -> bool {
    is_site(i.ga_source(), SHOPPING_SITES) || shopping_campaign(i)
}

fn medium_in(i: &ChannelInputs, list: &[&str]) -> bool {
    list.contains(&i.ga_medium())
}

/// The channel table, in evaluation order: GA4's default channel group.
pub const CHANNEL_TABLE: &[ChannelRule] = &[
    ChannelRule {
        channel: Channel::Direct,
        description: "source is `(direct)` (no UTM source and no referrer) and medium is `(none)` or `(not set)`",
        test: |i| i.ga_source() == "(direct)" && matches!(i.ga_medium(), "(none)" | "(not set)"),
    },
    ChannelRule {
        channel: Channel::CrossNetwork,
        description: "campaign contains `cross-network`",
        test: |i| i.campaign.contains("cross-network"),
    },
    ChannelRule {
        channel: Channel::PaidShopping,
        description: "a shopping source or a shopping campaign, with a paid medium",
        test: |i| shopping(i) && paid_medium(i),
    },
    ChannelRule {
        channel: Channel::PaidSearch,
        description: "a search source with a paid medium",
        test: |i| is_search(i.ga_source()) && paid_medium(i),
    },
    ChannelRule {
        channel: Channel::PaidSocial,
        description: "a social source with a paid medium",
        test: |i| is_site(i.ga_source(), SOCIAL_SITES) && paid_medium(i),
    },
    ChannelRule {
        channel: Channel::PaidVideo,
        description: "a video source with a paid medium",
        test: |i| is_site(i.ga_source(), VIDEO_SITES) && paid_medium(i),
    },
    ChannelRule {
        channel: Channel::Display,
        description: "medium is display, banner, expandable, interstitial or cpm",
        test: |i| medium_in(i, DISPLAY_MEDIUMS),
    },
    ChannelRule { channel: Channel::PaidOther, description: "any other paid medium", test: paid_medium },
    ChannelRule {
        channel: Channel::OrganicShopping,
        description: "a shopping source or a shopping campaign",
        test: shopping,
    },
    ChannelRule {
        channel: Channel::OrganicSocial,
        description: "a social source; or medium is social, social-network, social-media, sm, social network or social media",
        test: |i| is_site(i.ga_source(), SOCIAL_SITES) || medium_in(i, SOCIAL_MEDIUMS),
    },
    ChannelRule {
        channel: Channel::OrganicVideo,
        description: "a video source; or medium contains `video`",
        test: |i| is_site(i.ga_source(), VIDEO_SITES) || i.ga_medium().contains("video"),
    },
    ChannelRule {
        channel: Channel::OrganicSearch,
        description: "a search source; or medium is organic",
        test: |i| is_search(i.ga_source()) || i.ga_medium() == "organic",
    },
    ChannelRule {
        channel: Channel::Referral,
        description: "medium is referral, app or link (a referrer without UTM parameters is a referral)",
        test: |i| medium_in(i, REFERRAL_MEDIUMS),
    },
    ChannelRule {
        channel: Channel::Email,
        description: "source or medium is email, e-mail, e_mail or e mail",
        test: |i| EMAIL_WORDS.contains(&i.ga_source()) || medium_in(i, EMAIL_WORDS),
    },
    ChannelRule {
        channel: Channel::Affiliate,
        description: "medium is affiliate",
        test: |i| i.ga_medium() == "affiliate",
    },
    ChannelRule { channel: Channel::Audio, description: "medium is audio", test: |i| i.ga_medium() == "audio" },
    ChannelRule {
        channel: Channel::Sms,
        description: "source or medium is sms",
        test: |i| i.ga_source() == "sms" || i.ga_medium() == "sms",
    },
    ChannelRule {
        channel: Channel::MobilePush,
        description: "medium ends with `push` or contains `mobile` or `notification`; or source is firebase",
        test: |i| {
            i.ga_medium().ends_with("push")
                || i.ga_medium().contains("mobile")
                || i.ga_medium().contains("notification")
                || i.ga_source() == "firebase"
        },
    },
    ChannelRule { channel: Channel::Other, description: "anything else (GA4's Unassigned)", test: |_| true },
];

/// The row of [`CHANNEL_TABLE`] that decides the channel.
pub fn channel_rule(inputs: &ChannelInputs) -> &'static ChannelRule {
    let last = &CHANNEL_TABLE[CHANNEL_TABLE.len() - 1];
    CHANNEL_TABLE.iter().find(|row| (row.test)(inputs)).unwrap_or(last)
}

/// The channel for these inputs.
///
/// # Example
/// ```
/// use rulestudio::derive::channel::{ChannelInputs, derive_channel};
/// use rulestudio::model::Channel;
/// let i = ChannelInputs::new(Some("facebook"), Some("cpc"), None);
/// assert_eq!(derive_channel(&i), Channel::PaidSocial);
/// let i = ChannelInputs::new(None, None, Some("www.google.com"));
/// assert_eq!(derive_channel(&i), Channel::OrganicSearch);
/// ```
pub fn derive_channel(inputs: &ChannelInputs) -> Channel {
    channel_rule(inputs).channel
}

/// The most memory [`channel_of`] spends remembering channels.
pub const CHANNEL_CACHE_BYTES: u64 = 8 << 20;

/// A remembered channel's weight: its key's bytes plus overhead.
#[derive(Clone)]
struct KeyBytes;

impl Weighter<Box<str>, Channel> for KeyBytes {
    fn weight(&self, key: &Box<str>, _: &Channel) -> u64 {
        key.len() as u64 + 48
    }
}

/// The channel of a session's UTM source, medium and campaign and its
/// referrer host, as [`derive_channel`] gives it, remembered in one bounded
/// cache shared by all threads: sessions repeat these few values, and the
/// channel table costs about a microsecond a session.
///
/// # Example
/// ```
/// use rulestudio::derive::channel::channel_of;
/// use rulestudio::model::Channel;
/// assert_eq!(channel_of(Some("facebook"), Some("cpc"), None, None), Channel::PaidSocial);
/// assert_eq!(channel_of(None, None, Some("www.google.com"), None), Channel::OrganicSearch);
/// ```
pub fn channel_of(source: Option<&str>, medium: Option<&str>, host: Option<&str>, campaign: Option<&str>) -> Channel {
    static CACHE: OnceLock<Cache<Box<str>, Channel, KeyBytes>> = OnceLock::new();
    thread_local! {
        static KEY: RefCell<String> = const { RefCell::new(String::new()) };
    }
    let cache = CACHE.get_or_init(|| Cache::with_weighter(100_000, CHANNEL_CACHE_BYTES, KeyBytes));
    KEY.with_borrow_mut(|key| {
        // Each part with its length first, so no two inputs share a key.
        key.clear();
        for part in [source, medium, host, campaign] {
            let part = part.unwrap_or_default();
            let _ = write!(key, "{}:{part}", part.len());
        }
        if let Some(channel) = cache.get(key.as_str()) {
            return channel;
        }
        let inputs = ChannelInputs::new(source, medium, host).with_campaign(campaign);
        let channel = derive_channel(&inputs);
        cache.insert(key.as_str().into(), channel);
        channel
    })
}

/// The lower-cased host of a referrer URL; a URL without a scheme is read as
/// `https://`.
///
/// # Example
/// ```
/// use rulestudio::derive::channel::referrer_host;
/// assert_eq!(referrer_host("https://L.Facebook.com/x?y=1").as_deref(), Some("l.facebook.com"));
/// assert_eq!(referrer_host("news.example.org/a").as_deref(), Some("news.example.org"));
/// assert_eq!(referrer_host("").as_deref(), None);
/// ```
pub fn referrer_host(referrer: &str) -> Option<String> {
    let referrer = referrer.trim();
    if referrer.is_empty() {
        return None;
    }
    let parsed = url::Url::parse(referrer)
        .ok()
        .filter(|u| u.host_str().is_some())
        .or_else(|| url::Url::parse(&format!("https://{referrer}")).ok())?;
    parsed.host_str().map(|h| h.to_lowercase())
}

#[cfg(test)]
mod tests {

    /// The remembered channel is the table's, for every combination of
    /// these inputs, asked twice (the second from the cache); inputs that a
    /// plain separator would confuse (`a:b` + `` against `a` + `b`) stay apart.
    #[test]
    fn remembered_channels_are_the_tables() {
        let values = [None, Some(""), Some("google"), Some("cpc"), Some("Facebook"), Some("paid:social"), Some("1:x")];
        let hosts = [None, Some("www.google.com"), Some("l.facebook.com"), Some("news.example.org")];
        let campaigns = [None, Some("shopping-q4"), Some("cross-network")];
        for _ in 0..2 {
            for source in values {
                for medium in values {
                    for host in hosts {
                        for campaign in campaigns {
                            let inputs = ChannelInputs::new(source, medium, host).with_campaign(campaign);
                            assert_eq!(
                                channel_of(source, medium, host, campaign),
                                derive_channel(&inputs),
                                "{source:?} {medium:?} {host:?} {campaign:?}"
                            );
                        }
                    }
                }
            }
        }
    }

    use super::*;
    use Channel::*;

    #[test]
    fn table() {
        type Case<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Channel);
        let cases: &[Case] = &[
            (None, None, None, Direct),
            (Some("(direct)"), Some("(none)"), None, Direct),
            (Some("klaviyo"), Some("email"), None, Email),
            (Some("email"), None, None, Email),
            (Some("newsletter"), None, None, Other),
            (Some("awin"), Some("affiliate"), None, Affiliate),
            (Some("criteo"), Some("display"), None, Display),
            (Some("criteo"), Some("cpm"), None, Display),
            (Some("facebook"), Some("paid_social"), None, PaidSocial),
            (Some("instagram"), Some("cpc"), None, PaidSocial),
            (Some("google"), Some("cpc"), None, PaidSearch),
            (Some("bing"), Some("ppc"), Some("www.bing.com"), PaidSearch),
            (Some("bing"), Some("cpa"), None, PaidSearch),
            (Some("bing"), Some("paid search"), None, PaidSearch),
            (Some("google"), Some("paidsearch"), None, PaidSearch),
            (Some("google"), Some("cpm"), None, PaidSearch),
            (Some("amazon"), Some("cpc"), None, PaidShopping),
            (Some("youtube"), Some("cpv"), None, PaidVideo),
            (Some("someportal"), Some("cpc"), None, PaidOther),
            (Some("someportal"), Some("retargeting"), None, PaidOther),
            (None, None, Some("www.amazon.co.uk"), OrganicShopping),
            (None, None, Some("l.facebook.com"), OrganicSocial),
            (Some("pinterest"), Some("social"), None, OrganicSocial),
            (Some("newsletter-partner"), Some("social media"), None, OrganicSocial),
            (None, None, Some("m.youtube.com"), OrganicVideo),
            (Some("tv-spot"), Some("video"), None, OrganicVideo),
            (None, None, Some("www.google.co.uk"), OrganicSearch),
            (Some("google"), None, None, OrganicSearch),
            (Some("duckduckgo"), Some("organic"), None, OrganicSearch),
            (None, None, Some("mail.google.com"), Referral),
            (None, None, Some("gemini.google.com"), Referral),
            (None, None, Some("mail.yahoo.com"), Referral),
            (None, None, Some("blog.example.com"), Referral),
            (Some("partner-site"), Some("referral"), None, Referral),
            (Some("podcast"), Some("audio"), None, Audio),
            (Some("attentive"), Some("sms"), None, Sms),
            (Some("sms"), None, None, Sms),
            (Some("firebase"), None, None, MobilePush),
            (Some("braze"), Some("web-push"), None, MobilePush),
            (Some("braze"), Some("mobile"), None, MobilePush),
            (Some("qr-code"), Some("print"), None, Other),
        ];
        for (source, medium, host, want) in cases {
            let got = derive_channel(&ChannelInputs::new(*source, *medium, *host));
            assert_eq!(got, *want, "source={source:?} medium={medium:?} host={host:?}");
        }
    }

    #[test]
    fn campaigns_decide_cross_network_and_shopping() {
        let with = |source: &str, medium: &str, campaign: &str| {
            derive_channel(&ChannelInputs::new(Some(source), Some(medium), None).with_campaign(Some(campaign)))
        };
        assert_eq!(with("google", "cpc", "pmax-cross-network-q4"), CrossNetwork);
        assert_eq!(with("someportal", "cpc", "summer-shop"), PaidShopping);
        assert_eq!(with("someportal", "cpc", "eshop-spring"), PaidShopping);
        assert_eq!(with("someportal", "cpc", "Holiday Shopping"), PaidShopping);
        assert_eq!(with("someportal", "cpc", "workshop-signup"), PaidOther, "`workshop` is not a shop");
        assert_eq!(with("partner", "referral", "shop"), OrganicShopping);
    }

    #[test]
    fn the_documented_table_is_this_table() {
        let doc = include_str!("../../docs/DERIVED.md");
        for (i, row) in CHANNEL_TABLE.iter().enumerate() {
            let line = format!(
                "| {} | `{}` | {} |",
                i + 1,
                row.channel,
                row.description.split_whitespace().collect::<Vec<_>>().join(" ")
            );
            assert!(doc.contains(&line), "docs/DERIVED.md lacks: {line}");
        }
    }

    #[test]
    fn site_matching_uses_labels() {
        assert!(is_site("l.facebook.com", SOCIAL_SITES));
        assert!(is_site("t.co", SOCIAL_SITES));
        assert!(!is_site("notfacebook.com", SOCIAL_SITES));
        assert!(!is_site("", SOCIAL_SITES));
        assert!(!is_site("x.example.com", SOCIAL_SITES));
        assert!(is_site("www.google.co.uk", SEARCH_ENGINES));
        assert!(!is_site("google.evil.com", SEARCH_ENGINES));
    }
}
