//! The attribute registry: every attribute a condition may test, its type,
//! its family (for grouping in the editor) and whether the engine derives it.
//!
//! Built-in attributes are the session fields of SPEC §2; a ruleset may declare
//! custom attributes (`attributes.<name>`) with a type. Attributes are resolved
//! to an [`AttrId`] once, at compile time.

use serde::{Deserialize, Serialize};

/// Weekday names as used by `time.weekday` and schedules, Monday first.
pub const WEEKDAYS: &[&str] = &["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/// Values of `device.type`.
pub const DEVICE_TYPES: &[&str] = &["mobile", "tablet", "desktop", "bot"];
/// Values of `customer.visitor_type`.
pub const VISITOR_TYPES: &[&str] = &["new", "returning"];
/// Values of `traffic.channel`.
pub const CHANNELS: &[&str] = &[
    "direct",
    "organic_search",
    "paid_search",
    "organic_social",
    "paid_social",
    "email",
    "affiliate",
    "display",
    "referral",
    "other",
    "paid_shopping",
    "paid_video",
    "paid_other",
    "organic_shopping",
    "organic_video",
    "cross_network",
    "audio",
    "sms",
    "mobile_push",
];

/// The type of an attribute, which decides the operators it accepts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AttrType {
    /// An ISO 3166-1 alpha-2 country code.
    Country,
    /// An ISO 3166-2 subdivision code.
    Region,
    /// One value of a fixed set.
    Enum(&'static [&'static str]),
    /// Free text.
    Text,
    /// A number within a domain.
    Number(NumberDomain),
    /// A list of strings.
    List,
}

/// The values a number attribute can take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumberDomain {
    /// Whether only whole numbers occur.
    pub integer: bool,
    /// The smallest possible value.
    pub min: f64,
    /// The largest possible value.
    pub max: f64,
}

impl NumberDomain {
    /// Any real number.
    pub const REAL: Self = Self { integer: false, min: f64::NEG_INFINITY, max: f64::INFINITY };
    /// A non-negative amount (money).
    pub const AMOUNT: Self = Self { integer: false, min: 0.0, max: f64::INFINITY };
    /// A non-negative count (orders, items, days), at most `u32::MAX`.
    pub const COUNT: Self = Self { integer: true, min: 0.0, max: u32::MAX as f64 };
    /// An hour of the day.
    pub const HOUR: Self = Self { integer: true, min: 0.0, max: 23.0 };

    /// Whether `value` is a value of this domain.
    pub fn contains(&self, value: f64) -> bool {
        value >= self.min && value <= self.max && (!self.integer || value.fract() == 0.0)
    }
}

impl AttrType {
    /// The kind of value, in words, for messages.
    pub fn describe(&self) -> &'static str {
        match self {
            AttrType::Country => "country code",
            AttrType::Region => "region code",
            AttrType::Enum(_) => "choice",
            AttrType::Text => "text",
            AttrType::Number(_) => "number",
            AttrType::List => "list",
        }
    }

    /// Whether values are codes or enum members compared exactly.
    pub fn is_coded(&self) -> bool {
        matches!(self, AttrType::Country | AttrType::Region | AttrType::Enum(_))
    }
}

/// Groups attributes in the editor's attribute picker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Where the visitor is.
    Geography,
    /// How the visitor arrived.
    Traffic,
    /// What the visitor browses with.
    Device,
    /// Segments supplied upstream or defined in the ruleset.
    Segment,
    /// Order history and visitor type.
    Customer,
    /// The current cart.
    Cart,
    /// When the visit happens, in the ruleset's time zone.
    Time,
    /// Attributes the ruleset declares.
    Custom,
}

impl Family {
    /// All families in display order.
    pub const ALL: [Family; 8] = [
        Family::Geography,
        Family::Traffic,
        Family::Device,
        Family::Segment,
        Family::Customer,
        Family::Cart,
        Family::Time,
        Family::Custom,
    ];

    /// The family's name for display.
    pub fn label(self) -> &'static str {
        match self {
            Family::Geography => "Geography",
            Family::Traffic => "Traffic source",
            Family::Device => "Device",
            Family::Segment => "Segment",
            Family::Customer => "Customer",
            Family::Cart => "Cart",
            Family::Time => "Time",
            Family::Custom => "Custom",
        }
    }
}

/// One built-in attribute.
#[derive(Clone, Copy, Debug)]
pub struct AttrDef {
    /// The dotted path used in conditions, e.g. `geo.country`.
    pub path: &'static str,
    /// A short human label.
    pub label: &'static str,
    /// Its type.
    pub ty: AttrType,
    /// Its family.
    pub family: Family,
    /// Whether the engine computes it when the session does not give it.
    pub derived: bool,
}

const fn attr(path: &'static str, label: &'static str, ty: AttrType, family: Family, derived: bool) -> AttrDef {
    AttrDef { path, label, ty, family, derived }
}

/// Identifies an attribute: an index into the built-ins, then into the
/// ruleset's custom attributes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AttrId(pub u16);

/// Indices of the built-in attributes, in [`BUILTIN`] order.
#[allow(missing_docs)]
pub mod id {
    use super::AttrId;
    pub const COUNTRY: AttrId = AttrId(0);
    pub const REGION: AttrId = AttrId(1);
    pub const CITY: AttrId = AttrId(2);
    pub const UTM_SOURCE: AttrId = AttrId(3);
    pub const UTM_MEDIUM: AttrId = AttrId(4);
    pub const UTM_CAMPAIGN: AttrId = AttrId(5);
    pub const UTM_TERM: AttrId = AttrId(6);
    pub const UTM_CONTENT: AttrId = AttrId(7);
    pub const REFERRER: AttrId = AttrId(8);
    pub const REFERRER_HOST: AttrId = AttrId(9);
    pub const LANDING_PAGE: AttrId = AttrId(10);
    pub const CHANNEL: AttrId = AttrId(11);
    pub const USER_AGENT: AttrId = AttrId(12);
    pub const DEVICE_TYPE: AttrId = AttrId(13);
    pub const OS: AttrId = AttrId(14);
    pub const BROWSER: AttrId = AttrId(15);
    pub const SEGMENTS: AttrId = AttrId(16);
    pub const VISITOR_TYPE: AttrId = AttrId(17);
    pub const ORDERS: AttrId = AttrId(18);
    pub const LIFETIME_VALUE: AttrId = AttrId(19);
    pub const DAYS_SINCE_LAST_ORDER: AttrId = AttrId(20);
    pub const CART_VALUE: AttrId = AttrId(21);
    pub const CART_ITEMS: AttrId = AttrId(22);
    pub const CART_CATEGORIES: AttrId = AttrId(23);
    pub const WEEKDAY: AttrId = AttrId(24);
    pub const HOUR: AttrId = AttrId(25);
}

use AttrType::*;
use Family::*;

/// The built-in attributes; `BUILTIN[id.0]` describes `id`.
pub const BUILTIN: &[AttrDef] = &[
    attr("geo.country", "Country", Country, Geography, false),
    attr("geo.region", "Region", Region, Geography, false),
    attr("geo.city", "City", Text, Geography, false),
    attr("traffic.utm_source", "UTM source", Text, Traffic, false),
    attr("traffic.utm_medium", "UTM medium", Text, Traffic, false),
    attr("traffic.utm_campaign", "UTM campaign", Text, Traffic, false),
    attr("traffic.utm_term", "UTM term", Text, Traffic, false),
    attr("traffic.utm_content", "UTM content", Text, Traffic, false),
    attr("traffic.referrer", "Referrer URL", Text, Traffic, false),
    attr("traffic.referrer_host", "Referrer host", Text, Traffic, true),
    attr("traffic.landing_page", "Landing page", Text, Traffic, false),
    attr("traffic.channel", "Channel", Enum(CHANNELS), Traffic, true),
    attr("device.user_agent", "User agent", Text, Device, false),
    attr("device.type", "Device type", Enum(DEVICE_TYPES), Device, true),
    attr("device.os", "Operating system", Text, Device, true),
    attr("device.browser", "Browser", Text, Device, true),
    attr("customer.segments", "Segments", List, Segment, true),
    attr("customer.visitor_type", "Visitor type", Enum(VISITOR_TYPES), Customer, false),
    attr("customer.orders", "Orders", Number(NumberDomain::COUNT), Customer, false),
    attr("customer.lifetime_value", "Lifetime value", Number(NumberDomain::AMOUNT), Customer, false),
    attr("customer.days_since_last_order", "Days since last order", Number(NumberDomain::COUNT), Customer, false),
    attr("cart.value", "Cart value", Number(NumberDomain::AMOUNT), Cart, false),
    attr("cart.items", "Cart items", Number(NumberDomain::COUNT), Cart, false),
    attr("cart.categories", "Cart categories", List, Cart, false),
    attr("time.weekday", "Weekday", Enum(WEEKDAYS), Time, true),
    attr("time.hour", "Hour of day", Number(NumberDomain::HOUR), Time, true),
];

/// The prefix of custom attribute paths.
pub const CUSTOM_PREFIX: &str = "attributes.";

/// The type a ruleset declares for a custom attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CustomType {
    /// Free text.
    Text,
    /// Any number.
    Number,
    /// A list of strings (`|`-separated in CSV).
    List,
}

impl CustomType {
    /// The attribute type this declares.
    pub fn attr_type(self) -> AttrType {
        match self {
            CustomType::Text => Text,
            CustomType::Number => Number(NumberDomain::REAL),
            CustomType::List => List,
        }
    }
}

/// Finds a built-in attribute by its dotted path.
pub fn builtin(path: &str) -> Option<AttrId> {
    BUILTIN.iter().position(|a| a.path == path).map(|i| AttrId(i as u16))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_match_the_table() {
        for (path, id) in [
            ("geo.country", id::COUNTRY),
            ("traffic.channel", id::CHANNEL),
            ("device.browser", id::BROWSER),
            ("customer.segments", id::SEGMENTS),
            ("cart.categories", id::CART_CATEGORIES),
            ("time.hour", id::HOUR),
        ] {
            assert_eq!(builtin(path), Some(id), "{path}");
        }
        assert_eq!(BUILTIN.len(), id::HOUR.0 as usize + 1);
    }

    #[test]
    fn number_domains() {
        assert!(NumberDomain::COUNT.contains(3.0));
        assert!(!NumberDomain::COUNT.contains(2.5));
        assert!(!NumberDomain::COUNT.contains(-1.0));
        assert!(NumberDomain::HOUR.contains(23.0));
        assert!(!NumberDomain::HOUR.contains(24.0));
        assert!(NumberDomain::REAL.contains(-7.25));
    }
}
