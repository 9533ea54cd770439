//! The data model: rulesets, rules, conditions, outcomes and sessions, as
//! merchandisers author them and serde reads and writes them. No egui here.

pub mod attribute;
mod condition;
pub mod geo;
pub mod limits;
mod outcome;
mod path;
pub mod resolve;
mod rule;
mod ruleset;
mod session;
pub(crate) use session::finite_map;
pub mod timestamp;
mod value_error;

pub use attribute::{AttrId, AttrType, CustomType, Family};
pub use condition::{Condition, Op, OpKind, Predicate, fmt_number};
pub use outcome::{Outcome, Slot, SlotKind};
pub use path::{FieldPath, Key};
pub use rule::{Action, HourWindow, Rule, Schedule, Weekday, decision_key};
pub use ruleset::{CustomAttribute, ExportStamp, Persona, Ruleset, Segment, TestCase};
pub use session::{
    Amount, Cart, Channel, CountryCode, CustomValue, Customer, Device, DeviceType, Geo, RegionCode, Session,
    SessionOutcome, Traffic, VisitorType,
};
pub use value_error::{ValueError, ValueErrorKind};
