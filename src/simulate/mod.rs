//! Simulation and QA (SPEC §6): batch runs over session files, the
//! ruleset's own tests, the impact of a change between two versions, and
//! the health of each rule over a sample.

mod batch;
pub mod health;
mod impact;
pub mod measure;
mod render;

pub use crate::engine::{Mismatch, TestResult, run_test, run_tests, test_from_session};
pub use batch::{
    Control, OutcomeCount, Progress, RecordError, Report, Row, RuleStats, SlotStats, TieStats, run, slot_stats,
};
pub use impact::{ImpactReport, SlotImpact, Transition, impact};
pub use render::{impact_csv, impact_text, report_csv, report_text};
