//! Conditions: `all`, `any`, `not` and predicates `attribute op value`
//! (SPEC §3), and their rendering as readable text.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A condition over a session.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Condition {
    /// Holds when every child holds (an empty `all` always holds).
    All(Vec<Condition>),
    /// Holds when at least one child holds (an empty `any` never holds).
    Any(Vec<Condition>),
    /// Inverts its child.
    Not(Box<Condition>),
    /// A test of one attribute.
    Pred(Predicate),
}

/// A test of one attribute: `attr op value`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Predicate {
    /// The attribute's dotted path, e.g. `geo.country`.
    pub attr: String,
    /// The operator and its operand.
    pub op: Op,
    /// Compare text case-insensitively (text operators only).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub ignore_case: bool,
}

/// An operator with its operand. Which operators an attribute accepts depends
/// on its type; see [`Op::kind`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    /// Equals the value.
    Is(String),
    /// Differs from the value.
    IsNot(String),
    /// Equals one of the values.
    #[serde(deserialize_with = "crate::model::limits::de::values")]
    In(Vec<String>),
    /// Equals none of the values.
    #[serde(deserialize_with = "crate::model::limits::de::values")]
    NotIn(Vec<String>),
    /// Contains the text.
    Contains(String),
    /// Starts with the text.
    StartsWith(String),
    /// Ends with the text.
    EndsWith(String),
    /// The regular expression (regex crate syntax) matches somewhere in the value.
    Matches(String),
    /// Less than.
    Lt(f64),
    /// Less than or equal.
    Le(f64),
    /// Greater than.
    Gt(f64),
    /// Greater than or equal.
    Ge(f64),
    /// Between the two bounds, both included.
    Between(f64, f64),
    /// The list contains the value.
    Has(String),
    /// The list contains at least one of the values.
    #[serde(deserialize_with = "crate::model::limits::de::values")]
    HasAny(Vec<String>),
    /// The list contains all of the values.
    #[serde(deserialize_with = "crate::model::limits::de::values")]
    HasAll(Vec<String>),
    /// The list contains none of the values.
    #[serde(deserialize_with = "crate::model::limits::de::values")]
    HasNone(Vec<String>),
    /// The attribute is present.
    Exists,
    /// The attribute is absent.
    Missing,
}

/// The family of an operator, which must fit the attribute's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpKind {
    /// `is`, `is_not`, `in`, `not_in`: text, codes and choices.
    Equality,
    /// `contains`, `starts_with`, `ends_with`, `matches`: text only.
    Text,
    /// `lt`, `le`, `gt`, `ge`, `between`: numbers.
    Number,
    /// `has`, `has_any`, `has_all`, `has_none`: lists.
    List,
    /// `exists`, `missing`: any attribute.
    Presence,
}

impl Op {
    /// The operator's name as written in rulesets.
    pub fn name(&self) -> &'static str {
        match self {
            Op::Is(_) => "is",
            Op::IsNot(_) => "is_not",
            Op::In(_) => "in",
            Op::NotIn(_) => "not_in",
            Op::Contains(_) => "contains",
            Op::StartsWith(_) => "starts_with",
            Op::EndsWith(_) => "ends_with",
            Op::Matches(_) => "matches",
            Op::Lt(_) => "lt",
            Op::Le(_) => "le",
            Op::Gt(_) => "gt",
            Op::Ge(_) => "ge",
            Op::Between(..) => "between",
            Op::Has(_) => "has",
            Op::HasAny(_) => "has_any",
            Op::HasAll(_) => "has_all",
            Op::HasNone(_) => "has_none",
            Op::Exists => "exists",
            Op::Missing => "missing",
        }
    }

    /// The operator's family.
    pub fn kind(&self) -> OpKind {
        match self {
            Op::Is(_) | Op::IsNot(_) | Op::In(_) | Op::NotIn(_) => OpKind::Equality,
            Op::Contains(_) | Op::StartsWith(_) | Op::EndsWith(_) | Op::Matches(_) => OpKind::Text,
            Op::Lt(_) | Op::Le(_) | Op::Gt(_) | Op::Ge(_) | Op::Between(..) => OpKind::Number,
            Op::Has(_) | Op::HasAny(_) | Op::HasAll(_) | Op::HasNone(_) => OpKind::List,
            Op::Exists | Op::Missing => OpKind::Presence,
        }
    }

    /// The string operands, in order (empty for numbers and presence).
    pub fn strings(&self) -> &[String] {
        match self {
            Op::Is(s)
            | Op::IsNot(s)
            | Op::Contains(s)
            | Op::StartsWith(s)
            | Op::EndsWith(s)
            | Op::Matches(s)
            | Op::Has(s) => std::slice::from_ref(s),
            Op::In(v) | Op::NotIn(v) | Op::HasAny(v) | Op::HasAll(v) | Op::HasNone(v) => v,
            _ => &[],
        }
    }

    /// The string operands, to edit in place (empty for numbers and presence).
    pub fn strings_mut(&mut self) -> &mut [String] {
        match self {
            Op::Is(s)
            | Op::IsNot(s)
            | Op::Contains(s)
            | Op::StartsWith(s)
            | Op::EndsWith(s)
            | Op::Matches(s)
            | Op::Has(s) => std::slice::from_mut(s),
            Op::In(v) | Op::NotIn(v) | Op::HasAny(v) | Op::HasAll(v) | Op::HasNone(v) => v,
            _ => &mut [],
        }
    }

    /// The operand, rendered for display (what the predicate expects).
    pub fn operand(&self) -> String {
        match self {
            Op::Lt(n) | Op::Le(n) | Op::Gt(n) | Op::Ge(n) => fmt_number(*n),
            Op::Between(a, b) => format!("{} and {}", fmt_number(*a), fmt_number(*b)),
            Op::Exists | Op::Missing => String::new(),
            Op::In(v) | Op::NotIn(v) | Op::HasAny(v) | Op::HasAll(v) | Op::HasNone(v) => {
                let items: Vec<String> = v.iter().map(|s| format!("{s:?}")).collect();
                format!("[{}]", items.join(", "))
            }
            other => other.strings().first().map(|s| format!("{s:?}")).unwrap_or_default(),
        }
    }
}

/// Formats a number without a trailing `.0` for whole numbers.
pub fn fmt_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { format!("{n}") }
}

impl fmt::Display for Predicate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.attr, self.op.name())?;
        let operand = self.op.operand();
        if !operand.is_empty() {
            write!(f, " {operand}")?;
        }
        if self.ignore_case {
            write!(f, " (ignoring case)")?;
        }
        Ok(())
    }
}

impl fmt::Display for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn list(f: &mut fmt::Formatter<'_>, name: &str, items: &[Condition]) -> fmt::Result {
            write!(f, "{name}[")?;
            for (i, c) in items.iter().enumerate() {
                if i > 0 {
                    write!(f, ", ")?;
                }
                write!(f, "{c}")?;
            }
            write!(f, "]")
        }
        match self {
            Condition::All(items) => list(f, "all", items),
            Condition::Any(items) => list(f, "any", items),
            Condition::Not(inner) => write!(f, "not({inner})"),
            Condition::Pred(p) => write!(f, "{p}"),
        }
    }
}

impl Condition {
    /// A condition that always holds.
    pub fn always() -> Self {
        Condition::All(Vec::new())
    }

    /// A predicate condition.
    pub fn pred(attr: &str, op: Op) -> Self {
        Condition::Pred(Predicate { attr: attr.to_owned(), op, ignore_case: false })
    }

    /// The nesting depth: 1 for a predicate or an empty group.
    pub fn depth(&self) -> usize {
        match self {
            Condition::All(c) | Condition::Any(c) => 1 + c.iter().map(Condition::depth).max().unwrap_or(0),
            Condition::Not(c) => 1 + c.depth(),
            Condition::Pred(_) => 1,
        }
    }

    /// Calls `f` on every predicate with its path relative to this condition.
    pub fn visit_preds<'a>(
        &'a self,
        path: &mut Vec<crate::model::Key>,
        f: &mut dyn FnMut(&'a Predicate, &[crate::model::Key]),
    ) {
        match self {
            Condition::All(c) | Condition::Any(c) => {
                for (i, child) in c.iter().enumerate() {
                    path.push(crate::model::Key::Index(i));
                    child.visit_preds(path, f);
                    path.pop();
                }
            }
            Condition::Not(c) => c.visit_preds(path, f),
            Condition::Pred(p) => f(p, path),
        }
    }

    /// Calls `f` on every predicate, to edit it in place.
    pub fn visit_preds_mut(&mut self, f: &mut dyn FnMut(&mut Predicate)) {
        match self {
            Condition::All(c) | Condition::Any(c) => c.iter_mut().for_each(|child| child.visit_preds_mut(f)),
            Condition::Not(c) => c.visit_preds_mut(f),
            Condition::Pred(p) => f(p),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_readably() {
        let c = Condition::All(vec![
            Condition::pred("geo.country", Op::In(vec!["CA".into(), "NO".into()])),
            Condition::Not(Box::new(Condition::pred("customer.orders", Op::Ge(3.0)))),
            Condition::pred("cart.value", Op::Between(10.0, 99.5)),
        ]);
        assert_eq!(
            c.to_string(),
            r#"all[geo.country in ["CA", "NO"], not(customer.orders ge 3), cart.value between 10 and 99.5]"#
        );
        assert_eq!(c.depth(), 3);
    }
}
