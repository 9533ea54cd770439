//! Values that do not read as what a field expects: a country code that is
//! not one, a negative amount, a timestamp without an offset. The error
//! names the text as written and says, in plain words, what it should be;
//! loaders put it at the position of the value.

use std::fmt;

use super::limits::quote;
use super::timestamp::TimestampProblem;

/// A value that is not what its field expects.
///
/// # Example
/// ```
/// use rulestudio::model::{CountryCode, ValueErrorKind};
/// let e = CountryCode::new("ZZ").unwrap_err();
/// assert_eq!(e.kind(), &ValueErrorKind::Country);
/// assert_eq!(e.to_string(), "`ZZ` is not an ISO 3166-1 alpha-2 country code");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{value}` {kind}")]
pub struct ValueError {
    value: String,
    kind: ValueErrorKind,
}

impl ValueError {
    /// The error for `value` (shortened when long, so a message stays short).
    pub fn new(value: &str, kind: ValueErrorKind) -> Self {
        ValueError { value: quote(value).into_owned(), kind }
    }

    /// The value as written (shortened when long).
    pub fn value(&self) -> &str {
        &self.value
    }

    /// What the value should have been.
    pub fn kind(&self) -> &ValueErrorKind {
        &self.kind
    }
}

/// What a value should have been. Each displays as the rest of a sentence
/// whose subject is the value.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueErrorKind {
    /// Not an ISO 3166-1 alpha-2 country code (nor `XK`).
    #[error("is not an ISO 3166-1 alpha-2 country code")]
    Country,
    /// Not an ISO 3166-2 region code.
    #[error("is not an ISO 3166-2 region code")]
    Region,
    /// Not an amount of money: negative or not finite.
    #[error("is not an amount: it must be a finite number of at least 0")]
    Amount,
    /// Not a whole number of at least 0.
    #[error("is not a whole number of at least 0")]
    Count,
    /// Not a finite number.
    #[error("is not a finite number")]
    Number,
    /// Not true or false.
    #[error("is not true or false (or 1 or 0)")]
    Bool,
    /// Not one of a fixed set of names (a channel, a device type, ...).
    #[error("is not a {what}; use {}", OneOf(allowed))]
    NotOneOf {
        /// What the value names, e.g. `channel`.
        what: &'static str,
        /// The names it may be.
        allowed: &'static [&'static str],
    },
    /// Not an RFC 3339 timestamp.
    #[error("{0}")]
    Timestamp(TimestampProblem),
    /// Not a time zone of the tz database.
    #[error("is not an IANA time zone name (e.g. `Europe/Oslo`)")]
    TimeZone,
}

/// Names joined as `a, b or c`.
struct OneOf<'a>(&'a [&'static str]);

impl fmt::Display for OneOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, name) in self.0.iter().enumerate() {
            match i {
                0 => {}
                _ if i + 1 == self.0.len() => f.write_str(" or ")?,
                _ => f.write_str(", ")?,
            }
            f.write_str(name)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_the_value_and_what_it_should_be() {
        let one_of = ValueErrorKind::NotOneOf { what: "visitor type", allowed: &["new", "returning"] };
        assert_eq!(ValueError::new("old", one_of).to_string(), "`old` is not a visitor type; use new or returning");
        let three = ValueErrorKind::NotOneOf { what: "device type", allowed: &["mobile", "tablet", "desktop"] };
        assert_eq!(
            ValueError::new("tv", three).to_string(),
            "`tv` is not a device type; use mobile, tablet or desktop"
        );
        assert_eq!(
            ValueError::new("-1", ValueErrorKind::Count).to_string(),
            "`-1` is not a whole number of at least 0"
        );
        let long = ValueError::new(&"x".repeat(10_000), ValueErrorKind::Country);
        assert!(long.to_string().len() < 400, "{long}");
    }
}
