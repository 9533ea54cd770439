//! The evaluator: prepares a session's facts, decides every slot, and on
//! request explains every rule. It only ever sees a compiled ruleset.

mod decide;
mod facts;
pub mod holdout;
mod trace;
mod view;

pub use decide::{Decision, Pick, Standing};
pub use facts::{Fact, Facts, SegmentSet};
pub use trace::{Failure, RuleStatus, RuleTrace, SlotResult, Trace};
pub use view::{DecisionView, SlotView};
