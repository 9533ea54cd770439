//! `time.weekday` and `time.hour`: a session's instant read in the ruleset's
//! IANA time zone (chrono-tz's copy of the tz database).

use chrono::{DateTime, Datelike, TimeZone, Timelike, Utc};
use chrono_tz::Tz;

use crate::model::{ValueError, ValueErrorKind, Weekday};

/// Parses an IANA time zone name such as `America/Toronto`.
///
/// # Errors
/// A [`ValueError`] naming the zone when it is not in the tz database.
pub fn parse_zone(name: &str) -> Result<Tz, ValueError> {
    name.parse::<Tz>().map_err(|_| ValueError::new(name, ValueErrorKind::TimeZone))
}

/// The local weekday and hour of an instant (seconds since the epoch) in `tz`.
///
/// # Example
/// ```
/// use rulestudio::derive::time::{local_weekday_hour, parse_zone};
/// use rulestudio::model::Weekday;
/// let tz = parse_zone("America/Toronto").unwrap();
/// // 2026-11-21T03:30:00Z is Friday 22:30 in Toronto.
/// let t = chrono::DateTime::parse_from_rfc3339("2026-11-21T03:30:00Z").unwrap().timestamp();
/// assert_eq!(local_weekday_hour(tz, t), (Weekday::Fri, 22));
/// ```
pub fn local_weekday_hour(tz: Tz, epoch_seconds: i64) -> (Weekday, u8) {
    let utc = DateTime::<Utc>::from_timestamp(epoch_seconds, 0).unwrap_or_default();
    let local = tz.from_utc_datetime(&utc.naive_utc());
    (Weekday::from_chrono(local.weekday()), local.hour() as u8)
}

/// Seconds from `epoch_seconds` to the next local full hour in `tz`.
pub fn seconds_to_next_local_hour(tz: Tz, epoch_seconds: i64) -> i64 {
    let utc = DateTime::<Utc>::from_timestamp(epoch_seconds, 0).unwrap_or_default();
    let local = tz.from_utc_datetime(&utc.naive_utc());
    let into_hour = i64::from(local.minute()) * 60 + i64::from(local.second());
    3600 - into_hour
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones() {
        assert!(parse_zone("Europe/Oslo").is_ok());
        assert!(parse_zone("UTC").is_ok());
        assert_eq!(
            parse_zone("Mars/Olympus").unwrap_err().to_string(),
            "`Mars/Olympus` is not an IANA time zone name (e.g. `Europe/Oslo`)"
        );
    }

    #[test]
    fn dst_is_respected() {
        let tz = parse_zone("Europe/Oslo").unwrap();
        let summer = DateTime::parse_from_rfc3339("2026-07-01T10:00:00Z").unwrap().timestamp();
        let winter = DateTime::parse_from_rfc3339("2026-01-01T10:00:00Z").unwrap().timestamp();
        assert_eq!(local_weekday_hour(tz, summer).1, 12);
        assert_eq!(local_weekday_hour(tz, winter).1, 11);
        let india = parse_zone("Asia/Kolkata").unwrap();
        let t = DateTime::parse_from_rfc3339("2026-01-01T10:10:00Z").unwrap().timestamp();
        assert_eq!(seconds_to_next_local_hour(india, t), 20 * 60);
    }
}
