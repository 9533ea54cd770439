//! Analysis: diagnostics about a ruleset, from validation (names, types,
//! codes, patterns, limits) to conflicts between rules.

mod diagnostic;
mod validate;

pub use diagnostic::{Certainty, Code, Diagnostic, Severity, sort};
pub use validate::{is_slug, operators_for, validate};
