//! Sessions: one visit, as read from JSON lines, CSV or RON (SPEC §2).
//!
//! Every field but `id` is optional. Codes and enums are checked while the
//! session is read, so a bad value is reported at its line and column.

use std::collections::BTreeMap;
use std::fmt;

use super::{ValueError, ValueErrorKind};
use chrono::{DateTime, FixedOffset};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, de};

use crate::model::geo;

/// One visit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// The session's id.
    pub id: String,
    /// The visitor's id; holdout buckets use it, or the session id without it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_id: Option<String>,
    /// When the visit happened (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "super::timestamp::de_opt")]
    #[schemars(with = "Option<String>")]
    pub timestamp: Option<DateTime<FixedOffset>>,
    /// Where the visitor is.
    #[serde(default, skip_serializing_if = "Geo::is_empty")]
    pub geo: Geo,
    /// How the visitor arrived.
    #[serde(default, skip_serializing_if = "Traffic::is_empty")]
    pub traffic: Traffic,
    /// The visitor's device.
    #[serde(default, skip_serializing_if = "Device::is_empty")]
    pub device: Device,
    /// What is known about the customer.
    #[serde(default, skip_serializing_if = "Customer::is_empty")]
    pub customer: Customer,
    /// The current cart.
    #[serde(default, skip_serializing_if = "Cart::is_empty")]
    pub cart: Cart,
    /// Custom attributes, typed by the ruleset's declarations.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, CustomValue>,
    /// What the visit led to, for measuring rules against their holdouts
    /// (SPEC §11); rules never read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<SessionOutcome>,
}

/// What a visit led to: whether it converted, the revenue it brought and
/// any named numeric metrics (e.g. `pages`, `add_to_cart`). A field that is
/// absent is unknown, never zero.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionOutcome {
    /// Whether the visit ended in an order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub converted: Option<bool>,
    /// The revenue of the visit's orders (0 when it did not convert).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue: Option<Amount>,
    /// Named metrics: finite numbers by name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "finite_map")]
    pub metrics: BTreeMap<String, f64>,
}

impl SessionOutcome {
    /// The value of a metric: `converted` as 0 or 1, `revenue`, or a named
    /// metric; `None` when the outcome does not give it.
    pub fn value(&self, metric: &str) -> Option<f64> {
        match metric {
            "converted" => self.converted.map(|c| if c { 1.0 } else { 0.0 }),
            "revenue" => self.revenue.map(Amount::get),
            name => self.metrics.get(name).copied(),
        }
    }
}

pub(crate) fn finite_map<'de, D: Deserializer<'de>>(d: D) -> Result<BTreeMap<String, f64>, D::Error> {
    let map = BTreeMap::<String, f64>::deserialize(d)?;
    match map.iter().find(|(_, v)| !v.is_finite()) {
        Some((name, v)) => Err(de::Error::custom(format!("metric `{name}` is `{v}`; metrics must be finite numbers"))),
        None => Ok(map),
    }
}

/// Where the visitor is.
///
/// A country or region code that is not in the shipped lists (a code newer
/// than them, or a typo) does not drop the session: the field is read as
/// absent and a warning naming it is kept in `warnings`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(from = "GeoText")]
pub struct Geo {
    /// ISO 3166-1 alpha-2 country code (and `XK`, Kosovo).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<CountryCode>,
    /// ISO 3166-2 subdivision code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<RegionCode>,
    /// City name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    /// Codes read as absent, one sentence each naming the field.
    #[serde(skip)]
    #[schemars(skip)]
    pub warnings: Vec<String>,
}

/// Where the visitor is.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct GeoText {
    /// ISO 3166-1 alpha-2 country code (and `XK`, Kosovo); an unknown code is a warning and read as absent.
    #[serde(default)]
    country: Option<String>,
    /// ISO 3166-2 subdivision code; an unknown code is a warning and read as absent.
    #[serde(default)]
    region: Option<String>,
    /// City name.
    #[serde(default)]
    city: Option<String>,
}

impl From<GeoText> for Geo {
    fn from(text: GeoText) -> Self {
        let mut warnings = Vec::new();
        let mut check = |field: &str, raw: Option<String>, new: fn(&str) -> Result<String, ValueError>| {
            let raw = raw?;
            new(&raw).map_err(|e| warnings.push(format!("`geo.{field}`: {e}; the session is read without it"))).ok()
        };
        let country = check("country", text.country, |c| CountryCode::new(c).map(|c| c.0));
        let region = check("region", text.region, |r| RegionCode::new(r).map(|r| r.0));
        Geo { country: country.map(CountryCode), region: region.map(RegionCode), city: text.city, warnings }
    }
}

/// How the visitor arrived.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Traffic {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_medium: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_campaign: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_term: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub utm_content: Option<String>,
    /// The referring URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer: Option<String>,
    /// The referring host; derived from `referrer` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referrer_host: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub landing_page: Option<String>,
    /// The channel; derived from UTM and referrer when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
}

/// The visitor's device.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Device {
    /// The User-Agent header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Device type; derived from the user agent when absent.
    #[serde(default, rename = "type", skip_serializing_if = "Option::is_none")]
    pub kind: Option<DeviceType>,
    /// Operating system family; derived from the user agent when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub os: Option<String>,
    /// Browser family; derived from the user agent when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub browser: Option<String>,
}

/// What is known about the customer.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Customer {
    /// Segments supplied upstream (e.g. by a CDP).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub segments: Option<Vec<String>>,
    /// New or returning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visitor_type: Option<VisitorType>,
    /// Number of past orders.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orders: Option<u32>,
    /// Total spent so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lifetime_value: Option<Amount>,
    /// Days since the last order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days_since_last_order: Option<u32>,
}

/// The current cart.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Cart {
    /// Cart value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Amount>,
    /// Number of items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<u32>,
    /// Categories of the items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub categories: Option<Vec<String>>,
}

macro_rules! is_empty_impl {
    ($ty:ty) => {
        impl $ty {
            /// Whether no field is set.
            pub fn is_empty(&self) -> bool {
                *self == Self::default()
            }
        }
    };
}
is_empty_impl!(Geo);
is_empty_impl!(Traffic);
is_empty_impl!(Device);
is_empty_impl!(Customer);
is_empty_impl!(Cart);

macro_rules! str_enum {
    ($(#[$meta:meta])* $name:ident, $list:expr, { $($variant:ident = $text:literal),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, JsonSchema)]
        #[serde(rename_all = "snake_case")]
        #[allow(missing_docs)]
        pub enum $name { $($variant),* }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// The value as written in sessions and rules.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),* }
            }
            /// Parses the written form.
            pub fn parse(s: &str) -> Option<Self> {
                match s { $($text => Some($name::$variant),)* _ => None }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        const _: () = assert!($list.len() == $name::ALL.len());
    };
}

str_enum!(
    /// Traffic channel (SPEC §2).
    Channel, super::attribute::CHANNELS, {
        Direct = "direct",
        OrganicSearch = "organic_search",
        PaidSearch = "paid_search",
        OrganicSocial = "organic_social",
        PaidSocial = "paid_social",
        Email = "email",
        Affiliate = "affiliate",
        Display = "display",
        Referral = "referral",
        Other = "other",
        PaidShopping = "paid_shopping",
        PaidVideo = "paid_video",
        PaidOther = "paid_other",
        OrganicShopping = "organic_shopping",
        OrganicVideo = "organic_video",
        CrossNetwork = "cross_network",
        Audio = "audio",
        Sms = "sms",
        MobilePush = "mobile_push",
    }
);

str_enum!(
    /// Device type.
    DeviceType, super::attribute::DEVICE_TYPES, {
        Mobile = "mobile",
        Tablet = "tablet",
        Desktop = "desktop",
        Bot = "bot",
    }
);

str_enum!(
    /// New or returning visitor.
    VisitorType, super::attribute::VISITOR_TYPES, {
        New = "new",
        Returning = "returning",
    }
);

/// A validated ISO 3166-1 alpha-2 code, upper case.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct CountryCode(String);

/// A validated ISO 3166-2 code, upper case.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct RegionCode(String);

impl CountryCode {
    /// Validates `code` (any case) against the shipped list.
    ///
    /// # Errors
    /// A [`ValueError`] naming the code when it is not an ISO 3166-1 alpha-2 code.
    pub fn new(code: &str) -> Result<Self, ValueError> {
        let upper = code.trim().to_ascii_uppercase();
        if geo::country_name(&upper).is_some() {
            Ok(Self(upper))
        } else {
            Err(ValueError::new(code, ValueErrorKind::Country))
        }
    }
    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl RegionCode {
    /// Validates `code` (any case) against the shipped list.
    ///
    /// # Errors
    /// A [`ValueError`] naming the code when it is not an ISO 3166-2 code.
    pub fn new(code: &str) -> Result<Self, ValueError> {
        let upper = code.trim().to_ascii_uppercase();
        if geo::region_name(&upper).is_some() {
            Ok(Self(upper))
        } else {
            Err(ValueError::new(code, ValueErrorKind::Region))
        }
    }
    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for CountryCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CountryCode::new(&s).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for RegionCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RegionCode::new(&s).map_err(de::Error::custom)
    }
}

/// A non-negative, finite amount of money.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, JsonSchema)]
#[serde(transparent)]
pub struct Amount(f64);

impl Amount {
    /// Validates an amount.
    ///
    /// # Errors
    /// A [`ValueError`] when `value` is negative or not finite.
    pub fn new(value: f64) -> Result<Self, ValueError> {
        if value.is_finite() && value >= 0.0 {
            Ok(Self(value))
        } else {
            Err(ValueError::new(&value.to_string(), ValueErrorKind::Amount))
        }
    }
    /// The amount.
    pub fn get(self) -> f64 {
        self.0
    }
}

impl<'de> Deserialize<'de> for Amount {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Amount::new(f64::deserialize(d)?).map_err(de::Error::custom)
    }
}

/// The value of a custom attribute: text, a number or a list of strings.
#[derive(Clone, Debug, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum CustomValue {
    /// Text.
    Text(String),
    /// A number.
    Number(f64),
    /// A list of strings.
    List(Vec<String>),
}

impl<'de> Deserialize<'de> for CustomValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = CustomValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, a number or a list of strings")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<CustomValue, E> {
                Ok(CustomValue::Text(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<CustomValue, E> {
                Ok(CustomValue::Text(v))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<CustomValue, E> {
                if v.is_finite() { Ok(CustomValue::Number(v)) } else { Err(E::custom("numbers must be finite")) }
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<CustomValue, E> {
                Ok(CustomValue::Number(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<CustomValue, E> {
                Ok(CustomValue::Number(v as f64))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<CustomValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<String>()? {
                    items.push(item);
                }
                Ok(CustomValue::List(items))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_spec_example() {
        let json = r#"{"id": "s-0001", "visitor_id": "v-42", "timestamp": "2026-11-21T10:15:00Z",
 "geo": {"country": "CA", "region": "CA-ON", "city": "Toronto"},
 "traffic": {"utm_source": "facebook", "utm_medium": "paid_social", "utm_campaign": "bf-2026",
             "utm_term": null, "utm_content": null,
             "referrer": "https://l.facebook.com/", "landing_page": "/collections/winter"},
 "device": {"user_agent": "Mozilla/5.0 (iPhone; ...)", "type": "mobile", "os": "iOS", "browser": "Safari"},
 "customer": {"segments": ["vip", "newsletter"], "visitor_type": "returning", "orders": 5,
              "lifetime_value": 820.0, "days_since_last_order": 12},
 "cart": {"value": 120.0, "items": 3, "categories": ["outerwear"]},
 "attributes": {"loyalty_tier": "gold"}}"#;
        let s: Session = serde_json::from_str(json).unwrap();
        assert_eq!(s.geo.country.as_ref().map(CountryCode::as_str), Some("CA"));
        assert_eq!(s.device.kind, Some(DeviceType::Mobile));
        assert_eq!(s.customer.orders, Some(5));
        assert_eq!(s.attributes["loyalty_tier"], CustomValue::Text("gold".into()));
        let back: Session = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn rejects_bad_codes_with_position() {
        let err = serde_json::from_str::<Session>(r#"{"id":"x","cart":{"value":-3}}"#).unwrap_err();
        assert!(err.to_string().contains("at least 0"), "{err}");
        let err = serde_json::from_str::<Session>(r#"{"id":"x","device":{"type":"phone"}}"#).unwrap_err();
        assert!(err.to_string().contains("unknown variant `phone`"), "{err}");
    }

    #[test]
    fn unknown_geo_codes_are_warnings_and_read_as_absent() {
        let s: Session = serde_json::from_str(r#"{"id":"a","geo":{"country":"zz","region":"CA-ON"}}"#).unwrap();
        assert_eq!(s.id, "a");
        assert_eq!(s.geo.country, None);
        assert_eq!(s.geo.region.as_ref().map(RegionCode::as_str), Some("CA-ON"));
        assert_eq!(s.geo.warnings.len(), 1);
        assert!(s.geo.warnings[0].starts_with("`geo.country`: `zz`"), "{:?}", s.geo.warnings);
    }

    #[test]
    fn current_iso_3166_2_codes_and_kosovo_are_known() {
        for code in ["GT-01", "GT-22", "DZ-49", "DZ-58", "IN-TS"] {
            assert!(RegionCode::new(code).is_ok(), "{code}");
        }
        assert!(CountryCode::new("XK").is_ok());
        assert_eq!(geo::country_name("XK"), Some("Kosovo"));
    }

    #[test]
    fn unknown_fields_in_geo_are_still_refused() {
        assert!(serde_json::from_str::<Session>(r#"{"id":"a","geo":{"contry":"CA"}}"#).is_err());
    }
}
