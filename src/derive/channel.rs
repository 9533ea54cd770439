//! `traffic.channel` and `traffic.referrer_host`, derived from UTM parameters
//! and the referrer by an ordered table in the spirit of common analytics
//! default channel groupings. The first row whose test holds gives the channel.
//! `docs/DERIVED.md` prints the same table.

use crate::model::Channel;

/// Search engines, matched against the source and the referrer host's labels.
pub const SEARCH_ENGINES: &[&str] =
    &["google", "bing", "yahoo", "duckduckgo", "baidu", "yandex", "ecosia", "naver", "seznam", "qwant", "startpage"];

/// Social networks, matched against the source and the referrer host's labels.
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
    "youtube",
    "threads",
];

const EMAIL_MEDIUMS: &[&str] = &["email", "e-mail", "e_mail", "e mail", "newsletter"];
const AFFILIATE_MEDIUMS: &[&str] = &["affiliate", "affiliates", "partner"];
const DISPLAY_MEDIUMS: &[&str] = &["display", "banner", "cpm", "expandable", "interstitial"];
const PAID_SOCIAL_MEDIUMS: &[&str] = &["paid_social", "paid-social", "paidsocial", "social_paid", "social-paid"];
const SOCIAL_MEDIUMS: &[&str] = &["social", "social-network", "social-media", "social_media", "sm", "organic_social"];
const REFERRAL_MEDIUMS: &[&str] = &["referral", "app", "link"];

/// The inputs of channel derivation, lower-cased; empty when absent.
#[derive(Clone, Debug, Default)]
pub struct ChannelInputs {
    /// `traffic.utm_source`.
    pub source: String,
    /// `traffic.utm_medium`.
    pub medium: String,
    /// `traffic.referrer_host` (given or derived).
    pub host: String,
}

impl ChannelInputs {
    /// Lower-cases and trims the inputs.
    pub fn new(source: Option<&str>, medium: Option<&str>, host: Option<&str>) -> Self {
        let norm = |s: Option<&str>| s.map(|s| s.trim().to_lowercase()).unwrap_or_default();
        Self { source: norm(source), medium: norm(medium), host: norm(host) }
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

/// The label that names the site: `facebook` in `l.facebook.com`, `google`
/// in `www.google.co.uk`; the whole value when it has no dot.
fn site_label(host: &str) -> &str {
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    match labels.as_slice() {
        [] => host,
        [only] => only,
        [.., name, second, tld] if tld.len() == 2 && ["co", "com", "org", "net", "ac", "gov"].contains(second) => name,
        [.., name, _tld] => name,
    }
}

fn is_site(value: &str, sites: &[&str]) -> bool {
    !value.is_empty() && sites.iter().any(|site| value == *site || site_label(value) == *site)
}

/// GA4's paid-medium pattern `^(.*cp.*|ppc|retargeting|paid.*)$`.
fn paid_medium(i: &ChannelInputs) -> bool {
    let m = i.medium.as_str();
    m.contains("cp") || m == "ppc" || m == "retargeting" || m.starts_with("paid")
}

fn medium_in(i: &ChannelInputs, list: &[&str]) -> bool {
    list.contains(&i.medium.as_str())
}

/// The channel table, in evaluation order.
pub const CHANNEL_TABLE: &[ChannelRule] = &[
    ChannelRule {
        channel: Channel::Direct,
        description: "no UTM source, no UTM medium and no referrer; or source `(direct)`",
        test: |i| (i.source.is_empty() && i.medium.is_empty() && i.host.is_empty()) || i.source == "(direct)",
    },
    ChannelRule {
        channel: Channel::Email,
        description: "medium is email, e-mail, e_mail, e mail or newsletter; or source is email or newsletter",
        test: |i| medium_in(i, EMAIL_MEDIUMS) || i.source == "email" || i.source == "newsletter",
    },
    ChannelRule {
        channel: Channel::Affiliate,
        description: "medium is affiliate, affiliates or partner",
        test: |i| medium_in(i, AFFILIATE_MEDIUMS),
    },
    ChannelRule {
        channel: Channel::Display,
        description: "medium is display, banner, cpm, expandable or interstitial",
        test: |i| medium_in(i, DISPLAY_MEDIUMS),
    },
    ChannelRule {
        channel: Channel::PaidSocial,
        description: "medium is paid_social (or paid-social, paidsocial, social_paid, social-paid); \
                      or a paid medium (GA4's paid-medium pattern: contains `cp`, starts with `paid`, or is `ppc` or `retargeting`) with a social source",
        test: |i| medium_in(i, PAID_SOCIAL_MEDIUMS) || (paid_medium(i) && is_site(&i.source, SOCIAL_SITES)),
    },
    ChannelRule {
        channel: Channel::PaidSearch,
        description: "a paid medium (GA4's paid-medium pattern: contains `cp`, starts with `paid`, or is `ppc` or `retargeting`) with a search engine source",
        test: |i| paid_medium(i) && is_site(&i.source, SEARCH_ENGINES),
    },
    ChannelRule {
        channel: Channel::Other,
        description: "any other paid medium (GA4's paid-medium pattern: contains `cp`, starts with `paid`, or is `ppc` or `retargeting`)",
        test: |i| paid_medium(i),
    },
    ChannelRule {
        channel: Channel::OrganicSocial,
        description: "medium is social (or social-network, social-media, sm, organic_social); \
                      or the source or referrer host is a social network",
        test: |i| medium_in(i, SOCIAL_MEDIUMS) || is_site(&i.source, SOCIAL_SITES) || is_site(&i.host, SOCIAL_SITES),
    },
    ChannelRule {
        channel: Channel::OrganicSearch,
        description: "medium is organic; or the source or referrer host is a search engine",
        test: |i| i.medium == "organic" || is_site(&i.source, SEARCH_ENGINES) || is_site(&i.host, SEARCH_ENGINES),
    },
    ChannelRule {
        channel: Channel::Referral,
        description: "medium is referral, app or link; or there is a referrer",
        test: |i| medium_in(i, REFERRAL_MEDIUMS) || !i.host.is_empty(),
    },
    ChannelRule { channel: Channel::Other, description: "anything else", test: |_| true },
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
    use super::*;
    use Channel::*;

    #[test]
    fn table() {
        type Case<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Channel);
        let cases: &[Case] = &[
            (None, None, None, Direct),
            (Some("(direct)"), Some("(none)"), None, Direct),
            (Some("klaviyo"), Some("email"), None, Email),
            (Some("newsletter"), None, None, Email),
            (Some("awin"), Some("affiliate"), None, Affiliate),
            (Some("criteo"), Some("display"), None, Display),
            (Some("facebook"), Some("paid_social"), None, PaidSocial),
            (Some("instagram"), Some("cpc"), None, PaidSocial),
            (Some("google"), Some("cpc"), None, PaidSearch),
            (Some("bing"), Some("ppc"), Some("www.bing.com"), PaidSearch),
            (Some("someportal"), Some("cpc"), None, Other),
            (Some("bing"), Some("cpa"), None, PaidSearch),
            (Some("bing"), Some("paid search"), None, PaidSearch),
            (Some("google"), Some("paidsearch"), None, PaidSearch),
            (Some("criteo"), Some("cpm"), None, Display),
            (None, None, Some("l.facebook.com"), OrganicSocial),
            (Some("pinterest"), Some("social"), None, OrganicSocial),
            (None, None, Some("www.google.co.uk"), OrganicSearch),
            (Some("duckduckgo"), Some("organic"), None, OrganicSearch),
            (None, None, Some("blog.example.com"), Referral),
            (Some("partner-site"), Some("referral"), None, Referral),
            (Some("qr-code"), Some("print"), None, Other),
        ];
        for (source, medium, host, want) in cases {
            let got = derive_channel(&ChannelInputs::new(*source, *medium, *host));
            assert_eq!(got, *want, "source={source:?} medium={medium:?} host={host:?}");
        }
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
