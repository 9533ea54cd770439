//! The integration test binary: one module per area (one binary builds
//! faster than many).

mod bad_input;
mod cli;
mod demo;
mod engine;
mod support;
