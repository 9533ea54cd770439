//! rulestudio: author, conflict-check, simulate and export ecommerce
//! personalisation rules. The engine (this library without default
//! features) is what serving systems run; the `cli` feature adds the
//! `rulestudio` command line and the `gui` feature the studio, a window on
//! top.
//!
//! Stages, each its own module: [`model`] (what authors write) →
//! [`format`](mod@format) (files, positions, limits) → [`analysis`] (diagnostics) →
//! [`compile`] → [`engine`] (facts, decisions, traces). [`derive`](mod@derive) computes
//! derived attributes and [`sessions`] reads session files.

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
pub mod validate;
pub mod words;
