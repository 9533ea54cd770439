//! rulestudio: author, conflict-check, simulate and export ecommerce
//! personalisation rules. The engine (this library without default
//! features) is what serving systems run; the `cli` feature adds the
//! `rulestudio` command line and the `gui` feature the studio, a window on
//! top.
//!
//! Stages, each its own module and each using only earlier ones:
//! [`model`] (what authors write, its limits) → [`format`](mod@format)
//! (files, positions) and [`derive`](mod@derive) (derived attributes) →
//! [`sessions`] (session files) → [`validate`] (diagnostics) → [`compile`]
//! → [`engine`] (facts, decisions, traces, ruleset tests) → [`analysis`]
//! (conflicts, and [`check`](analysis::check), every stage once) →
//! [`simulate`] → [`export`] → [`generate`] → the command line and the
//! studio.

pub mod analysis;
#[cfg(feature = "cli")]
pub mod cli;
pub mod compile;
pub mod derive;
pub mod engine;
pub mod export;
pub mod format;
pub mod generate;
#[cfg(feature = "gui")]
pub mod gui;
pub mod model;
pub mod sessions;
pub mod simulate;
pub mod sql;
pub mod validate;
pub mod words;
