//! Rules: a condition, the actions it takes on slots, and when it is active.

use chrono::{DateTime, FixedOffset, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Condition, Outcome};

/// The key that puts rules in decision order (SPEC §4): higher priority
/// first, then earlier in the file. The engine's index, the analysis and
/// the studio's rule list all sort by it.
pub fn decision_key(priority: i32, file_index: usize) -> (std::cmp::Reverse<i32>, usize) {
    (std::cmp::Reverse(priority), file_index)
}

/// A personalisation rule (SPEC §3).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable, unique slug.
    pub id: String,
    /// A name for people.
    pub name: String,
    /// Disabled rules never apply.
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub enabled: bool,
    /// Higher wins; equal priorities are resolved by file order and reported.
    pub priority: i32,
    /// When the rule matches.
    pub when: Condition,
    /// What it does, one action per slot.
    pub then: Vec<Action>,
    /// When it is active; always when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
    /// Share of visitors (0–100) kept as a control group who do not get the rule.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub holdout_percent: u8,
    /// Free labels for search and grouping.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// Free notes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The day the rule was created; unknown in files written before rules had dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub created: Option<NaiveDate>,
    /// The day the rule was last changed; unknown in files written before rules had dates.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<String>")]
    pub updated: Option<NaiveDate>,
}

impl Rule {
    /// An enabled rule with no schedule, holdout, tags, notes or dates.
    ///
    /// # Example
    /// ```
    /// use rulestudio::model::{Condition, Rule};
    /// let rule = Rule::new("all", "Everyone", 1, Condition::always(), Vec::new());
    /// assert!(rule.enabled && rule.schedule.is_none() && rule.holdout_percent == 0);
    /// ```
    pub fn new(
        id: impl Into<String>,
        name: impl Into<String>,
        priority: i32,
        when: Condition,
        then: Vec<Action>,
    ) -> Rule {
        Rule {
            id: id.into(),
            name: name.into(),
            enabled: true,
            priority,
            when,
            then,
            schedule: None,
            holdout_percent: 0,
            tags: Vec::new(),
            notes: String::new(),
            created: None,
            updated: None,
        }
    }

    /// The day the rule was last edited, as far as its dates tell.
    pub fn last_edited(&self) -> Option<NaiveDate> {
        self.updated.or(self.created)
    }
}

fn yes() -> bool {
    true
}
fn is_true(b: &bool) -> bool {
    *b
}
fn is_zero(n: &u8) -> bool {
    *n == 0
}

/// Sets one slot's outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Action {
    /// The slot's id.
    pub slot: String,
    /// The outcome the slot shows when the rule wins.
    pub outcome: Outcome,
}

/// When a rule is active: an interval of instants, optionally narrowed to
/// weekdays and hours in the ruleset's time zone.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// First active instant (RFC 3339), included.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::timestamp::de_opt")]
    #[schemars(with = "Option<String>")]
    pub start: Option<DateTime<FixedOffset>>,
    /// End instant (RFC 3339), excluded.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::timestamp::de_opt")]
    #[schemars(with = "Option<String>")]
    pub end: Option<DateTime<FixedOffset>>,
    /// Active only on these weekdays; every day when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekdays: Vec<Weekday>,
    /// Active only in this window of hours; all day when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<HourWindow>,
}

/// A window of local hours: from `from` (included) to `to` (excluded),
/// wrapping past midnight when `to` is smaller.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct HourWindow {
    /// First hour, 0–23.
    pub from: u8,
    /// Hour the window ends, 1–24, excluded.
    pub to: u8,
}

impl HourWindow {
    /// Whether local hour `h` (0–23) is inside the window.
    pub fn contains(&self, h: u8) -> bool {
        if self.from < self.to { h >= self.from && h < self.to } else { h >= self.from || h < self.to }
    }
}

/// A day of the week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// All weekdays, Monday first.
    pub const ALL: [Weekday; 7] =
        [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];

    /// Monday = 0 … Sunday = 6.
    pub fn index(self) -> usize {
        self as usize
    }

    /// The short name, as in `time.weekday` values.
    pub fn name(self) -> &'static str {
        super::attribute::WEEKDAYS[self.index()]
    }

    /// From chrono's weekday.
    pub fn from_chrono(d: chrono::Weekday) -> Self {
        Self::ALL[d.num_days_from_monday() as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hour_windows_wrap() {
        let day = HourWindow { from: 9, to: 17 };
        assert!(day.contains(9) && day.contains(16) && !day.contains(17) && !day.contains(3));
        let night = HourWindow { from: 22, to: 6 };
        assert!(night.contains(23) && night.contains(0) && night.contains(5) && !night.contains(6));
        let to_midnight = HourWindow { from: 18, to: 24 };
        assert!(to_midnight.contains(23) && !to_midnight.contains(0));
    }
}
