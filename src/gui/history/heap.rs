//! What the undo history's contents cost on the heap, estimated from the
//! capacities of their strings and vectors: exact for rules, slots,
//! segments and attributes; twice the JSON length for tests and personas
//! (sessions have too many fields to walk by hand, and are small). The
//! studio bench compares the estimate with what an allocator counts.

use std::mem::size_of;

use serde::Serialize;

use crate::model::{Action, Condition, CustomAttribute, Op, Outcome, Rule, Segment, Slot};

/// The heap a value owns (not counting its own inline size).
pub trait Heap {
    /// Bytes on the heap, estimated.
    fn heap(&self) -> usize;
}

impl Heap for String {
    fn heap(&self) -> usize {
        self.capacity()
    }
}

impl<T: Heap> Heap for Vec<T> {
    fn heap(&self) -> usize {
        self.capacity() * size_of::<T>() + self.iter().map(Heap::heap).sum::<usize>()
    }
}

impl<T: Heap> Heap for Box<T> {
    fn heap(&self) -> usize {
        size_of::<T>() + (**self).heap()
    }
}

impl<T: Heap> Heap for Option<T> {
    fn heap(&self) -> usize {
        self.as_ref().map_or(0, Heap::heap)
    }
}

impl Heap for Rule {
    fn heap(&self) -> usize {
        let schedule = self.schedule.as_ref().map_or(0, |s| s.weekdays.capacity() * size_of::<crate::model::Weekday>());
        self.id.heap()
            + self.name.heap()
            + self.when.heap()
            + self.then.heap()
            + schedule
            + self.tags.heap()
            + self.notes.heap()
    }
}

impl Heap for Condition {
    fn heap(&self) -> usize {
        match self {
            Condition::All(items) | Condition::Any(items) => items.heap(),
            Condition::Not(inner) => inner.heap(),
            Condition::Pred(p) => p.attr.heap() + p.op.heap(),
        }
    }
}

impl Heap for Op {
    fn heap(&self) -> usize {
        match self {
            Op::In(v) | Op::NotIn(v) | Op::HasAny(v) | Op::HasAll(v) | Op::HasNone(v) => v.heap(),
            single => single.strings().iter().map(Heap::heap).sum(),
        }
    }
}

impl Heap for Action {
    fn heap(&self) -> usize {
        self.slot.heap() + self.outcome.heap()
    }
}

impl Heap for Outcome {
    fn heap(&self) -> usize {
        match self {
            Outcome::Content { id } => id.heap(),
            Outcome::Ranking { strategy, boost } => strategy.heap() + boost.heap(),
            Outcome::Variant { option } => option.heap(),
            Outcome::Offer { code, .. } => code.heap(),
        }
    }
}

impl Heap for Slot {
    fn heap(&self) -> usize {
        let options = match &self.kind {
            crate::model::SlotKind::Variant { options } => options.heap(),
            _ => 0,
        };
        self.id.heap() + self.default.heap() + self.description.heap() + options
    }
}

impl Heap for Segment {
    fn heap(&self) -> usize {
        self.id.heap() + self.description.heap() + self.when.heap()
    }
}

impl Heap for CustomAttribute {
    fn heap(&self) -> usize {
        self.name.heap() + self.description.heap()
    }
}

/// Twice the length of `value` as JSON plus its elements' inline size: a
/// rough estimate for values too intricate to walk (sessions).
pub fn roughly<T: Serialize>(values: &[T]) -> usize {
    /// Counts bytes written, keeping none.
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Serialising the model to a counter cannot fail.
    let _ = serde_json::to_writer(&mut count, values);
    std::mem::size_of_val(values) + 2 * count.0
}
