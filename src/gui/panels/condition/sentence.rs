//! A condition read back as a sentence: `geo.country is one of CA, NO and
//! device.type is mobile`, with operators in words.

use crate::model::{Condition, Op, Predicate, fmt_number};

/// An operator in words, as the editor and the sentence show it.
pub fn op_label(name: &str) -> &'static str {
    match name {
        "is" => "is",
        "is_not" => "is not",
        "in" => "is one of",
        "not_in" => "is not one of",
        "contains" => "contains",
        "starts_with" => "starts with",
        "ends_with" => "ends with",
        "matches" => "matches pattern",
        "lt" => "is less than",
        "le" => "is at most",
        "gt" => "is more than",
        "ge" => "is at least",
        "between" => "is between",
        "has" => "has",
        "has_any" => "has any of",
        "has_all" => "has all of",
        "has_none" => "has none of",
        "exists" => "is present",
        "missing" => "is missing",
        _ => "?",
    }
}

fn show_value(v: &str) -> String {
    if v.is_empty() || v.contains(char::is_whitespace) || v.contains(',') { format!("\"{v}\"") } else { v.to_owned() }
}

fn predicate_sentence(p: &Predicate) -> String {
    let operand = match &p.op {
        Op::Exists | Op::Missing => String::new(),
        Op::Lt(n) | Op::Le(n) | Op::Gt(n) | Op::Ge(n) => fmt_number(*n),
        Op::Between(a, b) => format!("{} and {}", fmt_number(*a), fmt_number(*b)),
        Op::In(vs) | Op::NotIn(vs) | Op::HasAny(vs) | Op::HasAll(vs) | Op::HasNone(vs) => {
            if vs.is_empty() {
                "(nothing chosen yet)".to_owned()
            } else {
                vs.iter().map(|v| show_value(v)).collect::<Vec<_>>().join(", ")
            }
        }
        Op::Contains(s) | Op::StartsWith(s) | Op::EndsWith(s) | Op::Matches(s) => format!("\"{s}\""),
        Op::Is(s) | Op::IsNot(s) | Op::Has(s) => show_value(s),
    };
    let mut out = format!("{} {}", p.attr, op_label(p.op.name()));
    if !operand.is_empty() {
        out.push(' ');
        out.push_str(&operand);
    }
    if p.ignore_case {
        out.push_str(" (ignoring case)");
    }
    out
}

/// A condition in words: `geo.country is one of CA, NO and device.type is
/// mobile`; nested groups in parentheses.
pub fn sentence(cond: &Condition) -> String {
    fn words(c: &Condition, nested: bool) -> String {
        let join = |items: &[Condition], sep: &str| {
            let s = items.iter().map(|c| words(c, true)).collect::<Vec<_>>().join(sep);
            if nested { format!("({s})") } else { s }
        };
        match c {
            Condition::All(items) if items.is_empty() => "always".to_owned(),
            Condition::Any(items) if items.is_empty() => "never".to_owned(),
            Condition::All(items) | Condition::Any(items) if items.len() == 1 => words(&items[0], nested),
            Condition::All(items) => join(items, " and "),
            Condition::Any(items) => join(items, " or "),
            Condition::Not(inner) => format!("not ({})", words(inner, false)),
            Condition::Pred(p) => predicate_sentence(p),
        }
    }
    words(cond, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_as_a_sentence() {
        let c = Condition::All(vec![
            Condition::pred("geo.country", Op::In(vec!["CA".into(), "NO".into()])),
            Condition::pred("device.type", Op::Is("mobile".into())),
            Condition::Any(vec![
                Condition::pred("cart.value", Op::Between(10.0, 99.5)),
                Condition::Not(Box::new(Condition::pred("customer.segments", Op::Has("vip".into())))),
            ]),
        ]);
        assert_eq!(
            sentence(&c),
            "geo.country is one of CA, NO and device.type is mobile and (cart.value is between 10 and 99.5 or not (customer.segments has vip))"
        );
        assert_eq!(sentence(&Condition::always()), "always");
    }
}
