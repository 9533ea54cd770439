//! The evaluator: prepares a session's facts, decides every slot, and on
//! request explains every rule. It only ever sees a compiled ruleset.

mod decide;
mod facts;
pub mod holdout;
mod suite;
mod trace;
mod view;

pub use crate::compile::{Fact, Facts, SegmentSet};
pub use decide::{Decision, Pick, Standing};
pub use suite::{Mismatch, TestResult, run_test, run_tests, test_from_session};
pub use trace::{Failure, RuleStatus, RuleTrace, SlotResult, Trace};
pub use view::{DecisionView, SlotView};
