//! The documented limits every loader enforces (SPEC §9), in one place.
//! They keep a malicious or broken file from exhausting memory or time;
//! `docs/FORMAT.md` lists them. Sizes are checked while reading (files and
//! records are never read past their limit), counts and lengths by
//! [`check`] before any validation, compilation or analysis starts.

use crate::model::{Condition, FieldPath, Op, Ruleset};

/// Largest ruleset or export file, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Most rules in a ruleset.
pub const MAX_RULES: usize = 20_000;
/// Most slots.
pub const MAX_SLOTS: usize = 500;
/// Most segments.
pub const MAX_SEGMENTS: usize = 2_000;
/// Most ruleset tests.
pub const MAX_TESTS: usize = 10_000;
/// Deepest condition nesting (a predicate alone has depth 1).
pub const MAX_DEPTH: usize = 32;
/// Deepest bracket nesting in a RON file, checked by the scanner before any
/// parser recurses: room for a condition [`MAX_DEPTH`] deep (two brackets a
/// level, `all([`) inside a rule, and a few more so that one level too deep
/// still gets the condition limit's own message.
pub const MAX_NESTING: usize = 2 * MAX_DEPTH + 8;
/// Longest `matches` pattern or text value, in bytes.
pub const MAX_PATTERN_BYTES: usize = 2_048;
/// Largest compiled size of one pattern, in bytes (the regex crate's size limit).
pub const MAX_REGEX_COMPILED_BYTES: usize = 1 << 20;
/// Most values in one operator's list (`in`, `has_any`, ...).
pub const MAX_LIST_VALUES: usize = 10_000;
/// Longest session record, in bytes: a line of JSON lines (files, `eval`
/// and `serve-eval` stdin) or a CSV record (which may span lines).
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;
/// Largest RON session file (RON files are read whole), in bytes.
pub const MAX_RON_SESSIONS_BYTES: u64 = 256 * 1024 * 1024;
/// Deepest recursion the RON parser may take. The scanner has already
/// refused brackets nested past [`MAX_NESTING`]; the parser takes a few steps
/// a bracket, so a condition one level past [`MAX_DEPTH`] still reaches the
/// analysis and gets the condition limit's own message.
pub const MAX_RON_NESTING: usize = 4 * MAX_NESTING;
/// How many characters of a user's value an error message quotes.
pub const QUOTED_CHARS: usize = 80;

/// Most limit problems [`check`] reports; one is enough to refuse a file.
const MAX_REPORTED: usize = 100;

/// A limit a ruleset exceeds: which, where and by how much.
#[derive(Clone, Debug, PartialEq)]
pub struct Exceeded {
    /// The rule it is in, if any.
    pub rule: Option<String>,
    /// The field that is too large.
    pub path: FieldPath,
    /// A plain sentence naming the limit and its value.
    pub message: String,
}

/// Checks every count and length limit of a ruleset in one pass linear in
/// its size, before anything costlier runs. A ruleset with more rules (or
/// slots, segments, tests) than allowed is refused on that alone, without
/// looking at its rules.
pub fn check(ruleset: &Ruleset) -> Vec<Exceeded> {
    let mut out = Vec::new();
    let root = FieldPath::root();
    for (what, count, max) in [
        ("rules", ruleset.rules.len(), MAX_RULES),
        ("slots", ruleset.slots.len(), MAX_SLOTS),
        ("segments", ruleset.segments.len(), MAX_SEGMENTS),
        ("tests", ruleset.tests.len(), MAX_TESTS),
    ] {
        if count > max {
            let message = format!("the ruleset has {count} {what}; the limit is {max} {what}");
            out.push(Exceeded { rule: None, path: root.field(what), message });
        }
    }
    if !out.is_empty() {
        return out;
    }
    for (i, segment) in ruleset.segments.iter().enumerate() {
        if let Some(when) = &segment.when {
            condition(None, when, &root.field("segments").index(i).field("when"), &mut out);
        }
    }
    for (i, rule) in ruleset.rules.iter().enumerate() {
        if out.len() >= MAX_REPORTED {
            break;
        }
        condition(Some(&rule.id), &rule.when, &root.field("rules").index(i).field("when"), &mut out);
    }
    out.truncate(MAX_REPORTED);
    out
}

/// Checks one condition's depth, list sizes and value lengths.
fn condition(rule: Option<&str>, when: &Condition, path: &FieldPath, out: &mut Vec<Exceeded>) {
    let mut push = |path: FieldPath, message: String| {
        out.push(Exceeded { rule: rule.map(str::to_owned), path, message });
    };
    let depth = when.depth();
    if depth > MAX_DEPTH {
        push(path.clone(), format!("the condition is nested {depth} levels deep; the limit is {MAX_DEPTH} levels"));
        return;
    }
    let mut preds = Vec::new();
    when.visit_preds(&mut Vec::new(), &mut |p, keys| preds.push((p, path.join(keys))));
    for (p, ppath) in preds {
        let values = p.op.strings();
        if values.len() > MAX_LIST_VALUES {
            push(
                ppath.field("op"),
                format!("`{}` lists {} values; the limit is {MAX_LIST_VALUES} values", p.op.name(), values.len()),
            );
            continue;
        }
        let is_list = matches!(p.op, Op::In(_) | Op::NotIn(_) | Op::HasAny(_) | Op::HasAll(_) | Op::HasNone(_));
        for (j, value) in values.iter().enumerate().filter(|(_, v)| v.len() > MAX_PATTERN_BYTES) {
            let at = if is_list { ppath.field("op").index(j) } else { ppath.field("op") };
            let what = if matches!(p.op, Op::Matches(_)) { "pattern" } else { "value" };
            push(
                at,
                format!(
                    "the {what} `{}` is {} bytes long; the limit is {MAX_PATTERN_BYTES} bytes",
                    quote(value),
                    value.len()
                ),
            );
        }
    }
}

/// A user's value for an error message: whole when short, else its first
/// [`QUOTED_CHARS`] characters and `…`.
pub fn quote(value: &str) -> std::borrow::Cow<'_, str> {
    match value.char_indices().nth(QUOTED_CHARS) {
        None => value.into(),
        Some((end, _)) => format!("{}…", &value[..end]).into(),
    }
}

/// Serde readers that stop a list at its limit while the file is read, so
/// a file with a million rules costs no more than one with the limit.
pub mod de {
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{Error, SeqAccess, Visitor};
    use serde::{Deserialize, Deserializer};

    use super::{MAX_LIST_VALUES, MAX_RULES, MAX_SEGMENTS, MAX_SLOTS, MAX_TESTS};

    macro_rules! bounded {
        ($($(#[$doc:meta])* $name:ident: $max:ident, $what:literal;)*) => {$(
            $(#[$doc])*
            ///
            /// # Errors
            /// When the list is longer than the limit, or an item is malformed.
            pub fn $name<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
                d.deserialize_seq(AtMost { max: $max, what: $what, item: PhantomData })
            }
        )*};
    }

    bounded! {
        /// Reads the rules of a ruleset, at most [`MAX_RULES`].
        rules: MAX_RULES, "rules";
        /// Reads the slots, at most [`MAX_SLOTS`].
        slots: MAX_SLOTS, "slots";
        /// Reads the segments, at most [`MAX_SEGMENTS`].
        segments: MAX_SEGMENTS, "segments";
        /// Reads the tests, at most [`MAX_TESTS`].
        tests: MAX_TESTS, "tests";
        /// Reads an operator's values, at most [`MAX_LIST_VALUES`].
        values: MAX_LIST_VALUES, "values";
    }

    struct AtMost<T> {
        max: usize,
        what: &'static str,
        item: PhantomData<T>,
    }

    impl<'de, T: Deserialize<'de>> Visitor<'de> for AtMost<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "a list of {}", self.what)
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(self.max).min(1024));
            while let Some(item) = seq.next_element()? {
                if out.len() == self.max {
                    let (max, what) = (self.max, self.what);
                    return Err(A::Error::custom(format!(
                        "the list has more than {max} {what}; the limit is {max} {what}"
                    )));
                }
                out.push(item);
            }
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Action, Outcome, Rule};

    fn rule(i: usize, when: Condition) -> Rule {
        Rule {
            id: format!("r{i}"),
            name: format!("R{i}"),
            enabled: true,
            priority: 1,
            when,
            then: vec![Action { slot: "home.hero".into(), outcome: Outcome::Content { id: "a".into() } }],
            schedule: None,
            holdout_percent: 0,
            tags: vec![],
            notes: String::new(),
            created: None,
            updated: None,
        }
    }

    #[test]
    fn counts_refuse_before_rules_are_looked_at() {
        let mut rs = Ruleset::new("s");
        let long = Condition::pred("geo.city", Op::Is("x".repeat(5000)));
        rs.rules = (0..MAX_RULES + 1).map(|i| rule(i, long.clone())).collect();
        let found = check(&rs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].path.to_string(), "rules");
        assert!(found[0].message.contains("20001 rules; the limit is 20000"), "{}", found[0].message);
    }

    #[test]
    fn depth_lists_and_lengths() {
        let mut deep = Condition::pred("geo.city", Op::Is("x".into()));
        for _ in 0..MAX_DEPTH {
            deep = Condition::All(vec![deep]);
        }
        let mut rs = Ruleset::new("s");
        rs.rules = vec![
            rule(0, deep),
            rule(1, Condition::pred("geo.country", Op::In(vec!["CA".into(); MAX_LIST_VALUES + 1]))),
            rule(2, Condition::pred("device.user_agent", Op::Matches("a".repeat(100_000)))),
            rule(3, Condition::pred("geo.country", Op::In(vec!["CA".into(), "é".repeat(2000)]))),
        ];
        let found = check(&rs);
        let paths: Vec<String> = found.iter().map(|e| e.path.to_string()).collect();
        assert_eq!(paths, ["rules[0].when", "rules[1].when.op", "rules[2].when.op", "rules[3].when.op[1]"]);
        assert!(found[0].message.contains("nested 33 levels deep; the limit is 32"));
        assert!(found[2].message.len() < 300, "a long pattern is not quoted whole: {}", found[2].message);
        assert!(found[2].message.starts_with("the pattern `aaaa"), "{}", found[2].message);
        assert_eq!(found[3].rule.as_deref(), Some("r3"));
    }

    #[test]
    fn quotes_are_cut_at_a_character() {
        assert_eq!(quote("short"), "short");
        let cut = quote(&"é".repeat(200)).into_owned();
        assert_eq!(cut.chars().count(), QUOTED_CHARS + 1);
        assert!(cut.ends_with('…'));
    }
}
