//! Derived attributes (SPEC §2): channel and referrer host from traffic,
//! device facts from the user agent, local time.
//! The studio and the serving engine share this code.

pub mod channel;
pub mod device;
pub mod device_kind;
pub mod time;
