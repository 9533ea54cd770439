//! Slots (the placements rules act on) and outcomes (what a slot shows).

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// What kind of placement a slot is; decides which outcomes it accepts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum SlotKind {
    /// A content placement (hero banner, promo tile): shows a content id.
    Content,
    /// A product ranking (listing sort): a strategy and boosted categories.
    Ranking,
    /// A layout or experience variant chosen from a fixed list.
    Variant {
        /// The options a rule may choose.
        options: Vec<String>,
    },
    /// An offer (coupon, free shipping) by code.
    Offer,
}

impl SlotKind {
    /// The kind's name, as written in rulesets.
    pub fn name(&self) -> &'static str {
        match self {
            SlotKind::Content => "content",
            SlotKind::Ranking => "ranking",
            SlotKind::Variant { .. } => "variant",
            SlotKind::Offer => "offer",
        }
    }
}

/// A placement rules act on, with the outcome used when no rule wins.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Slot {
    /// Stable identifier, e.g. `home.hero`.
    pub id: String,
    /// The kind of placement.
    pub kind: SlotKind,
    /// The outcome when no rule wins.
    pub default: Outcome,
    /// What the slot is, for people.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// What a slot shows for a session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Show a piece of content.
    Content {
        /// The content id, e.g. `winter-coats-hero`.
        id: String,
    },
    /// Rank products by a strategy, boosting some categories.
    Ranking {
        /// The sort strategy, e.g. `best_sellers`.
        strategy: String,
        /// Categories moved to the top, in order.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        boost: Vec<String>,
    },
    /// Choose one of the slot's options.
    Variant {
        /// The option chosen.
        option: String,
    },
    /// Make an offer.
    Offer {
        /// The offer or coupon code, e.g. `WELCOME10`.
        code: String,
        /// The discount in percent, 0 for offers that are not discounts.
        #[serde(default, skip_serializing_if = "is_zero")]
        percent_off: u8,
    },
}

fn is_zero(n: &u8) -> bool {
    *n == 0
}

impl Outcome {
    /// The slot kind name this outcome belongs to.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Outcome::Content { .. } => "content",
            Outcome::Ranking { .. } => "ranking",
            Outcome::Variant { .. } => "variant",
            Outcome::Offer { .. } => "offer",
        }
    }

    /// Whether this outcome is of the right kind for `kind`.
    pub fn fits(&self, kind: &SlotKind) -> bool {
        self.kind_name() == kind.name()
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Content { id } => write!(f, "content {id}"),
            Outcome::Ranking { strategy, boost } if boost.is_empty() => {
                write!(f, "ranking {strategy}")
            }
            Outcome::Ranking { strategy, boost } => {
                write!(f, "ranking {strategy} boosting {}", boost.join(", "))
            }
            Outcome::Variant { option } => write!(f, "variant {option}"),
            Outcome::Offer { code, percent_off: 0 } => write!(f, "offer {code}"),
            Outcome::Offer { code, percent_off } => write!(f, "offer {code} ({percent_off}% off)"),
        }
    }
}
