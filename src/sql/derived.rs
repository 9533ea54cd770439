//! Derived attributes in SQL, from the engine's own tables: the referrer
//! host, the channel (`derive::channel`'s table, row by row, with its
//! source lists) and the local weekday and hour (the ruleset's time zone
//! as chrono-tz has it, as a search over its UTC offset changes).

use chrono::{DateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;

use super::Dialect;
use super::regex::translate_group;
use crate::derive::channel::{
    DISPLAY_MEDIUMS, EMAIL_WORDS, NOT_SEARCH, REFERRAL_MEDIUMS, SEARCH_ENGINES, SECOND_LEVEL, SHOPPING_SITES,
    SOCIAL_MEDIUMS, SOCIAL_SITES, VIDEO_SITES,
};
use crate::model::Channel;

/// The instants whose offsets the time-zone search covers: 1970 to 2100.
const FIRST_INSTANT: i64 = 0;
const LAST_INSTANT: i64 = 4_102_444_800;

/// A pattern the generator writes (regex crate syntax) in `d`'s syntax,
/// with the printed number of its first capture group.
fn pattern(d: Dialect, written: &str) -> (String, usize) {
    // The generator's own patterns use nothing a dialect refuses (tested).
    translate_group(written, d, 1).unwrap_or_else(|e| (format!("<untranslatable: {}>", e.message), 1))
}

/// `text` without leading and trailing white space (Unicode's, as Rust's
/// `trim`).
pub fn trim(d: Dialect, text: &str) -> String {
    let (p, _) = pattern(d, r"^\s+|\s+$");
    d.regex_remove(text, &p)
}

/// `text` trimmed and lower-cased, `''` when absent: channel inputs.
pub fn normalised(d: Dialect, text: &str) -> String {
    format!("LOWER({})", trim(d, &format!("COALESCE({text}, '')")))
}

/// The lower-cased host of the referrer URL `referrer`, absent when there
/// is none: the scheme, user and port are dropped, and a URL without a
/// scheme is read as `https://`. Percent-encoded and international hosts
/// are not decoded as the engine's URL parser decodes them.
pub fn referrer_host(d: Dialect, referrer: &str) -> String {
    let (p, group) = pattern(d, r"^(?:[A-Za-z][A-Za-z0-9+.\-]*://)?(?:[^/?#\\]*@)?(\[[^\]]*\]|[^/?#\\:]*)");
    let trimmed = trim(d, referrer);
    let host = d.regex_group(&trimmed, &p, group);
    format!("CASE WHEN {host} = '' THEN NULL ELSE LOWER({host}) END")
}

/// A SQL list of string literals.
fn list(d: Dialect, items: &[&str]) -> String {
    let items: Vec<String> = items.iter().map(|i| d.string(i)).collect();
    format!("({})", items.join(", "))
}

/// Columns the channel needs, each from the previous ones: the inputs
/// normalised (`n_src`, `n_med`, `n_host`, `n_camp`), then GA4's source and
/// medium (`g_src`, `g_med`), then the source's site label and first label
/// (`g_label`, `g_first`). Each step is one `SELECT *, …` over the last.
pub fn channel_steps(d: Dialect, source: &str, medium: &str, host: &str, campaign: &str) -> Vec<Vec<(String, String)>> {
    let inputs = vec![
        ("n_src".into(), normalised(d, source)),
        ("n_med".into(), normalised(d, medium)),
        ("n_host".into(), normalised(d, host)),
        ("n_camp".into(), normalised(d, campaign)),
    ];
    let ga = vec![
        ("g_src".into(), "CASE WHEN n_src <> '' THEN n_src WHEN n_host <> '' THEN n_host ELSE '(direct)' END".into()),
        (
            "g_med".into(),
            "CASE WHEN n_med <> '' THEN n_med WHEN n_src <> '' THEN '(not set)' WHEN n_host <> '' THEN 'referral' \
             ELSE '(none)' END"
                .into(),
        ),
    ];
    let labels = vec![
        ("g_last".into(), group(d, "g_src", r"([^.]+)\.*$")),
        ("g_second".into(), group(d, "g_src", r"([^.]+)\.+[^.]+\.*$")),
        ("g_third".into(), group(d, "g_src", r"([^.]+)\.+[^.]+\.+[^.]+\.*$")),
        ("g_first".into(), group(d, "g_src", r"^([^.]*)")),
    ];
    let label = vec![(
        "g_label".into(),
        format!(
            "CASE WHEN g_last = '' THEN g_src WHEN g_second = '' THEN g_last \
             WHEN g_third <> '' AND {} = 2 AND g_second IN {} THEN g_third ELSE g_second END",
            d.byte_length("g_last"),
            list(d, SECOND_LEVEL)
        ),
    )];
    vec![inputs, ga, labels, label]
}

fn group(d: Dialect, text: &str, written: &str) -> String {
    let (p, group) = pattern(d, written);
    d.regex_group(text, &p, group)
}

/// GA4's source is a site of the list: the whole value or its site label.
fn is_site(d: Dialect, sites: &[&str]) -> String {
    let sites = list(d, sites);
    format!("(g_src <> '' AND (g_src IN {sites} OR (g_label <> g_src AND g_label IN {sites})))")
}

/// The channel table's rows in SQL, in the table's order.
pub fn channel_rows(d: Dialect) -> Vec<(Channel, String)> {
    let paid = format!(
        "({} OR g_med = 'ppc' OR g_med = 'retargeting' OR LEFT(g_med, 4) = 'paid')",
        d.contains("g_med", "'cp'")
    );
    let (shop, _) = pattern(d, "(^|[^a-df-z])shop");
    let shopping = format!(
        "({} OR {} OR {})",
        is_site(d, SHOPPING_SITES),
        d.contains("n_camp", "'shopping'"),
        d.regex_search("n_camp", &shop)
    );
    let search = format!(
        "({} AND NOT ({} AND g_first IN {}))",
        is_site(d, SEARCH_ENGINES),
        d.contains("g_src", "'.'"),
        list(d, NOT_SEARCH)
    );
    let social = is_site(d, SOCIAL_SITES);
    let video = is_site(d, VIDEO_SITES);
    let medium_in = |items: &[&str]| format!("g_med IN {}", list(d, items));
    vec![
        (Channel::Direct, "(g_src = '(direct)' AND g_med IN ('(none)', '(not set)'))".into()),
        (Channel::CrossNetwork, d.contains("n_camp", "'cross-network'")),
        (Channel::PaidShopping, format!("{shopping} AND {paid}")),
        (Channel::PaidSearch, format!("{search} AND {paid}")),
        (Channel::PaidSocial, format!("{social} AND {paid}")),
        (Channel::PaidVideo, format!("{video} AND {paid}")),
        (Channel::Display, medium_in(DISPLAY_MEDIUMS)),
        (Channel::PaidOther, paid.clone()),
        (Channel::OrganicShopping, shopping.clone()),
        (Channel::OrganicSocial, format!("({social} OR {})", medium_in(SOCIAL_MEDIUMS))),
        (Channel::OrganicVideo, format!("({video} OR {})", d.contains("g_med", "'video'"))),
        (Channel::OrganicSearch, format!("({search} OR g_med = 'organic')")),
        (Channel::Referral, medium_in(REFERRAL_MEDIUMS)),
        (Channel::Email, format!("(g_src IN {} OR {})", list(d, EMAIL_WORDS), medium_in(EMAIL_WORDS))),
        (Channel::Affiliate, "g_med = 'affiliate'".into()),
        (Channel::Audio, "g_med = 'audio'".into()),
        (Channel::Sms, "(g_src = 'sms' OR g_med = 'sms')".into()),
        (
            Channel::MobilePush,
            format!(
                "(RIGHT(g_med, 4) = 'push' OR {} OR {} OR g_src = 'firebase')",
                d.contains("g_med", "'mobile'"),
                d.contains("g_med", "'notification'")
            ),
        ),
        (Channel::Other, "TRUE".into()),
    ]
}

/// The channel of the columns [`channel_steps`] makes.
pub fn channel(d: Dialect) -> String {
    let rows = channel_rows(d);
    let mut out = String::from("CASE");
    for (channel, test) in &rows[..rows.len() - 1] {
        out.push_str(&format!("\n      WHEN {test} THEN '{}'", channel.as_str()));
    }
    out.push_str(&format!("\n      ELSE '{}' END", Channel::Other.as_str()));
    out
}

/// The UTC offset (seconds) of `tz` at an instant.
fn offset_at(tz: Tz, instant: i64) -> i64 {
    let utc = DateTime::<Utc>::from_timestamp(instant, 0).unwrap_or_default();
    i64::from(tz.offset_from_utc_datetime(&utc.naive_utc()).fix().local_minus_utc())
}

/// Every change of `tz`'s UTC offset from 1970 to 2100: the instant from
/// which each offset holds, after the offset at 1970.
pub fn offset_changes(tz: Tz) -> (i64, Vec<(i64, i64)>) {
    const STEP: i64 = 6 * 3600;
    let first = offset_at(tz, FIRST_INSTANT);
    let mut changes = Vec::new();
    let (mut t, mut current) = (FIRST_INSTANT, first);
    while t < LAST_INSTANT {
        let next = t + STEP;
        let offset = offset_at(tz, next);
        if offset != current {
            // The first second with the new offset, by bisection.
            let (mut lo, mut hi) = (t, next);
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if offset_at(tz, mid) == current { lo = mid } else { hi = mid }
            }
            changes.push((hi, offset_at(tz, hi)));
            current = offset_at(tz, hi);
        }
        t = next;
    }
    (first, changes)
}

/// The UTC offset at the instant column `instant`, as a balanced search
/// over `tz`'s offset changes (depth log₂ of their number).
pub fn offset(tz: Tz, instant: &str) -> String {
    let (first, changes) = offset_changes(tz);
    let mut spans = vec![(i64::MIN, first)];
    spans.extend(changes);
    tree(&spans, instant)
}

fn tree(spans: &[(i64, i64)], instant: &str) -> String {
    match spans {
        [] => "0".into(),
        [(_, offset)] => offset.to_string(),
        _ => {
            let mid = spans.len() / 2;
            format!(
                "CASE WHEN {instant} < {} THEN {} ELSE {} END",
                spans[mid].0,
                tree(&spans[..mid], instant),
                tree(&spans[mid..], instant)
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::derive::channel::CHANNEL_TABLE;
    use crate::derive::time::{local_weekday_hour, parse_zone};

    /// That the SQL rows are the engine's table, in order.
    fn rows_follow_the_table(d: Dialect) -> bool {
        let rows = channel_rows(d);
        rows.len() == CHANNEL_TABLE.len() && rows.iter().zip(CHANNEL_TABLE).all(|((c, _), row)| *c == row.channel)
    }

    #[test]
    fn the_rows_are_the_engines_in_order() {
        for d in Dialect::ALL {
            assert!(rows_follow_the_table(d), "{d}");
            // The generator's own patterns translate in every dialect.
            let steps = channel_steps(d, "s", "m", "h", "c").concat();
            let all: Vec<String> =
                steps.into_iter().map(|(_, e)| e).chain([channel(d), referrer_host(d, "r")]).collect();
            assert!(all.iter().all(|e| !e.contains("<untranslatable")), "{d}: {all:?}");
        }
    }

    /// The offset search gives the local hour chrono-tz gives, around
    /// every change and between them, for zones with DST, half hours and
    /// changed rules.
    #[test]
    fn offsets_agree_with_chrono_tz() {
        for zone in
            ["Europe/London", "America/Toronto", "Asia/Kolkata", "Australia/Lord_Howe", "UTC", "America/Sao_Paulo"]
        {
            let tz = parse_zone(zone).unwrap();
            let (first, changes) = offset_changes(tz);
            let offset = |t: i64| changes.iter().rev().find(|(at, _)| *at <= t).map_or(first, |(_, o)| *o);
            let mut probes: Vec<i64> = changes.iter().flat_map(|(at, _)| [at - 1, *at, at + 1]).collect();
            probes.extend((0..2000).map(|i| i * 2_000_003));
            for t in probes {
                let local = t + offset(t);
                let hour = local.rem_euclid(86_400) / 3600;
                assert_eq!(hour as u8, local_weekday_hour(tz, t).1, "{zone} at {t}");
            }
        }
        assert!(offset_changes(parse_zone("UTC").unwrap()).1.is_empty());
        assert!(offset_changes(parse_zone("Europe/London").unwrap()).1.len() > 200);
    }

    #[test]
    fn the_search_is_balanced() {
        let sql = offset(parse_zone("Europe/London").unwrap(), "t");
        assert!(sql.matches("CASE").count() > 200);
        assert!(sql.starts_with("CASE WHEN t < "), "{}", &sql[..40]);
    }
}
