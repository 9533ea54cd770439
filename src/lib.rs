//! rulestudio: author, conflict-check, simulate and export ecommerce
//! personalisation rules. The engine (this library without the `gui`
//! feature) is what serving systems run; the studio is the same crate with
//! a window on top.
//!
//! Stages, each its own module: [`model`] (what authors write) →
//! [`format`](mod@format) (files, positions, limits) → [`analysis`] (diagnostics) →
//! [`compile`] → [`engine`] (facts, decisions, traces). [`derive`](mod@derive) computes
//! derived attributes and [`sessions`] reads session files.

pub mod analysis;
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
pub mod words;
