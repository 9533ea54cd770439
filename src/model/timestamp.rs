//! Timestamps (RFC 3339) read with a plain message when they are wrong:
//! which part is wrong and the expected form, instead of the date library's
//! "input is out of range".

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate};
use regex::Regex;
use serde::{Deserialize, Deserializer, de};

use super::{ValueError, ValueErrorKind};

/// The form a timestamp must have, for messages.
pub const EXPECTED: &str = "RFC 3339, e.g. `2026-11-27T09:00:00Z` or `2026-11-27T09:00:00-05:00`";

static SHAPE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))?$").ok()
});

/// Parses an RFC 3339 timestamp.
///
/// # Errors
/// A [`ValueError`] saying what is wrong with it and the expected form.
///
/// # Example
/// ```
/// use rulestudio::model::timestamp::parse;
/// assert!(parse("2026-11-27T09:00:00Z").is_ok());
/// let e = parse("2026-11-27T09:00:00").unwrap_err();
/// assert!(e.to_string().starts_with("`2026-11-27T09:00:00` is not a valid timestamp: it has no time zone offset"));
/// ```
pub fn parse(raw: &str) -> Result<DateTime<FixedOffset>, ValueError> {
    DateTime::parse_from_rfc3339(raw.trim()).map_err(|_| ValueError::new(raw, ValueErrorKind::Timestamp(describe(raw))))
}

/// What is wrong with a timestamp. Each displays as the rest of a sentence
/// whose subject is the text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TimestampProblem {
    /// Nothing like a timestamp.
    #[error("is not a timestamp; write it as {EXPECTED}")]
    NotATimestamp,
    /// A date alone.
    #[error("is a date without a time; write {date}T00:00:00Z for midnight UTC ({EXPECTED})")]
    DateWithoutTime {
        /// The date, as written.
        date: String,
    },
    /// Shaped like a timestamp, but one part is wrong.
    #[error("is not a valid timestamp: {0}; expected {EXPECTED}")]
    Part(PartProblem),
}

/// The part of a timestamp-shaped text that is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PartProblem {
    /// The month is not 1 to 12.
    #[error("month {0} does not exist")]
    Month(u32),
    /// The day is not in the month.
    #[error("day {day} does not exist in {year}-{month:02}")]
    Day {
        /// The year.
        year: u32,
        /// The month.
        month: u32,
        /// The day.
        day: u32,
    },
    /// The hour is over 23.
    #[error("hour {0} is out of range (0 to 23)")]
    Hour(u32),
    /// The minute is over 59.
    #[error("minute {0} is out of range (0 to 59)")]
    Minute(u32),
    /// The second is over 60.
    #[error("second {0} is out of range (0 to 59)")]
    Second(u32),
    /// No `Z` and no offset.
    #[error("it has no time zone offset; add `Z` for UTC or an offset such as `-05:00`")]
    NoOffset,
    /// The offset is over 23:59.
    #[error("its time zone offset is out of range (at most ±23:59)")]
    Offset,
    /// Something else.
    #[error("it cannot be read")]
    Other,
}

/// What is wrong with a text that is not an RFC 3339 timestamp.
fn describe(raw: &str) -> TimestampProblem {
    let text = raw.trim();
    let Some(caps) = SHAPE.as_ref().and_then(|re| re.captures(text)) else {
        if NaiveDate::parse_from_str(text, "%Y-%m-%d").is_ok() {
            return TimestampProblem::DateWithoutTime { date: text.to_owned() };
        }
        return TimestampProblem::NotATimestamp;
    };
    let num = |i: usize| caps.get(i).and_then(|m| m.as_str().parse::<u32>().ok()).unwrap_or(0);
    let (year, month, day, hour, minute, second) = (num(1), num(2), num(3), num(4), num(5), num(6));
    TimestampProblem::Part(if !(1..=12).contains(&month) {
        PartProblem::Month(month)
    } else if NaiveDate::from_ymd_opt(year as i32, month, day).is_none() {
        PartProblem::Day { year, month, day }
    } else if hour > 23 {
        PartProblem::Hour(hour)
    } else if minute > 59 {
        PartProblem::Minute(minute)
    } else if second > 60 {
        PartProblem::Second(second)
    } else if caps.get(8).is_none() {
        PartProblem::NoOffset
    } else if num(9) > 23 || num(10) > 59 {
        PartProblem::Offset
    } else {
        PartProblem::Other
    })
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
            let message = parse(raw).unwrap_err().to_string();
            assert!(message.contains(want), "{raw}: {message}");
            assert!(!message.contains("input is"), "{raw}: {message}");
        }
        assert!(parse("2026-02-01T10:00:00.5-05:00").is_ok());
        assert!(parse(&"9".repeat(10_000)).unwrap_err().to_string().len() < 400);
    }
}
