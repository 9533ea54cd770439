//! The integration test binary: one module per area (one binary builds
//! faster than many). Modules that run the `rulestudio` command need the
//! `cli` feature (on by default); the rest test the engine alone.

// Tests may panic on unexpected values: that is how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod analysis_props;
#[cfg(feature = "cli")]
mod bad_input;
#[cfg(feature = "cli")]
mod bounded;
#[cfg(feature = "cli")]
mod cli;
mod demo;
mod derive_corpora;
mod diagnostics;
mod engine;
#[cfg(feature = "cli")]
mod export;
mod fuzz;
#[cfg(feature = "cli")]
mod health;
mod index_props;
#[cfg(feature = "cli")]
mod measure;
#[cfg(feature = "cli")]
mod saves;
#[cfg(feature = "gui")]
mod saves_props;
#[cfg(feature = "cli")]
mod simulate;
mod sql;
mod stages;
#[cfg(feature = "gui")]
mod studio;
mod support;
