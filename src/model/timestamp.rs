//! Timestamps (RFC 3339) read with a plain message when they are wrong:
//! which part is wrong and the expected form, instead of the date library's
//! "input is out of range".

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate};
use regex::Regex;
use serde::{Deserialize, Deserializer, de};

/// The form a timestamp must have, for messages.
pub const EXPECTED: &str = "RFC 3339, e.g. `2026-11-27T09:00:00Z` or `2026-11-27T09:00:00-05:00`";

static SHAPE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))?$").ok()
});

/// Parses an RFC 3339 timestamp.
///
/// # Errors
/// A sentence saying what is wrong with it and the expected form.
pub fn parse(raw: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(raw.trim()).map_err(|_| describe(raw))
}

/// What is wrong with a text that is not an RFC 3339 timestamp.
fn describe(raw: &str) -> String {
    let shown = crate::model::limits::quote(raw);
    let text = raw.trim();
    let Some(caps) = SHAPE.as_ref().and_then(|re| re.captures(text)) else {
        if NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
            return format!("`{shown}` is a date without a time; write {text}T00:00:00Z for midnight UTC ({EXPECTED})");
        }
        return format!("`{shown}` is not a timestamp; write it as {EXPECTED}");
    };
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok()).unwrap_or(0);
    let (year, month, day, hour, minute, second) = (num(1), num(2), num(3), num(4), num(5), num(6));
    let problem = if !(1..=12).contains(&month) {
        format!("month {month} does not exist")
    } else if NaiveDate::from_ymd_opt(year as i32, month, day).is_none() {
        format!("day {day} does not exist in {year}-{month:02}")
    } else if hour > 23 {
        format!("hour {hour} is out of range (0 to 23)")
    } else if minute > 59 {
        format!("minute {minute} is out of range (0 to 59)")
    } else if second > 60 {
        format!("second {second} is out of range (0 to 59)")
    } else if caps.get(8).is_none() {
        "it has no time zone offset; add `Z` for UTC or an offset such as `-05:00`".to_owned()
    } else if num(9) > 23 || num(10) > 59 {
        "its time zone offset is out of range (at most ±23:59)".to_owned()
    } else {
        "it cannot be read".to_owned()
    };
    format!("`{shown}` is not a valid timestamp: {problem}; expected {EXPECTED}")
}

/// Reads an optional timestamp field with [`parse`]'s messages.
///
/// # Errors
/// A custom serde error with the message.
pub fn de_opt<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    match Option::<String>::deserialize(d)? {
        None => Ok(None),
        Some(raw) => parse(&raw).map(Some).map_err(de::Error::custom),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_is_wrong() {
        let cases = [
            ("yesterday", "`yesterday` is not a timestamp; write it as RFC 3339"),
            ("2026-13-01T00:00:00Z", "month 13 does not exist"),
            ("2026-02-30T00:00:00Z", "day 30 does not exist in 2026-02"),
            ("2026-02-01T24:00:00Z", "hour 24 is out of range"),
            ("2026-02-01T10:61:00Z", "minute 61 is out of range"),
            ("2026-02-01T10:00:00", "no time zone offset"),
            ("2026-02-01T10:00:00+25:00", "offset is out of range"),
            ("2026-02-01", "a date without a time; write 2026-02-01T00:00:00Z"),
        ];
        for (raw, want) in cases {
            let message = parse(raw).unwrap_err();
            assert!(message.contains(want), "{raw}: {message}");
            assert!(!message.contains("input is"), "{raw}: {message}");
        }
        assert!(parse("2026-02-01T10:00:00.5-05:00").is_ok());
        assert!(parse(&"9".repeat(10_000)).unwrap_err().len() < 400);
    }
}
