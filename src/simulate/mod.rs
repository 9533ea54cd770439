//! Simulation and QA (SPEC §6): the ruleset's own tests.

mod suite;

pub use suite::{Mismatch, TestResult, run_test, run_tests, test_from_session};
