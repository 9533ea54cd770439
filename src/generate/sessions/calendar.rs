//! When visits happen: busier days (Black Friday, Cyber Monday, Boxing Day)
//! and hours, in the visitor's local time.

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc, Weekday};
use chrono_tz::Tz;
use fastrand::Rng;

use super::super::{chance, weighted};
use super::*;

pub(super) const FIRST_DAY: (i32, u32, u32) = (2026, 10, 1);
pub(super) const DAYS: usize = 123; // 2026-10-01 ..= 2027-01-31

/// Relative traffic on a day of the season.
pub(super) fn day_weight(date: NaiveDate) -> f64 {
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
pub(super) fn days() -> &'static [(NaiveDate, f64)] {
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
pub(super) const HOURS: &[(u32, u32)] = &[
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

pub(super) fn draw_day(rng: &mut Rng) -> NaiveDate {
    let table = days();
    let total = table.last().map_or(1.0, |(_, t)| *t);
    let roll = rng.f64() * total;
    let i = table.partition_point(|(_, cum)| *cum <= roll);
    table.get(i.min(table.len().saturating_sub(1))).map(|(d, _)| *d).unwrap_or_default()
}

/// A local time on a season day in `tz`, as an instant written either in
/// UTC (as servers log it) or with the visitor's local offset.
pub(super) fn draw_timestamp(rng: &mut Rng, tz: &str, bot: bool) -> (DateTime<FixedOffset>, NaiveDate) {
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
