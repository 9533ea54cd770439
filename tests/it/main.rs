//! The integration test binary: one module per area (one binary builds
//! faster than many).

// Tests may panic on unexpected values: that is how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod analysis_props;
mod bad_input;
mod bounded;
mod cli;
mod demo;
mod derive_corpora;
mod diagnostics;
mod engine;
mod export;
mod fuzz;
mod health;
mod index_props;
mod measure;
mod saves;
#[cfg(feature = "gui")]
mod saves_props;
mod simulate;
#[cfg(feature = "gui")]
mod studio;
mod support;
