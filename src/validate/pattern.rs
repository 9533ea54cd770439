//! Text tests as regular expressions. The evaluator runs case-insensitive and
//! `matches` tests through these patterns, and the analysis builds automata
//! from the very same patterns, so both agree on what a test accepts.

use regex::{Regex, RegexBuilder};

use crate::model::Op;
use crate::model::limits::{MAX_PATTERN_BYTES, MAX_REGEX_COMPILED_BYTES};

/// Why a pattern was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    /// Byte offset of the problem in the user's pattern, when known.
    pub offset: Option<usize>,
    /// What is wrong, in words.
    pub message: String,
    /// Whether the pattern is too large rather than malformed.
    pub too_large: bool,
}

/// The regex (search semantics: it may match anywhere) that accepts exactly
/// the values a text operator accepts; `None` for operators that are not text
/// tests. Negated operators give the pattern of the positive test.
///
/// # Example
/// ```
/// use rulestudio::validate::pattern::search_pattern;
/// use rulestudio::model::Op;
/// assert_eq!(search_pattern(&Op::StartsWith("a.b".into()), false).as_deref(), Some(r"\Aa\.b"));
/// assert_eq!(search_pattern(&Op::In(vec!["x".into(), "y".into()]), true).as_deref(), Some(r"(?i:\A(?:x|y)\z)"));
/// ```
pub fn search_pattern(op: &Op, ignore_case: bool) -> Option<String> {
    let esc = regex::escape;
    let core = match op {
        Op::Is(v) | Op::IsNot(v) => format!(r"\A{}\z", esc(v)),
        Op::In(vs) | Op::NotIn(vs) => {
            let alts: Vec<String> = vs.iter().map(|v| esc(v)).collect();
            format!(r"\A(?:{})\z", alts.join("|"))
        }
        Op::Contains(v) => esc(v),
        Op::StartsWith(v) => format!(r"\A{}", esc(v)),
        Op::EndsWith(v) => format!(r"{}\z", esc(v)),
        Op::Matches(p) => p.clone(),
        _ => return None,
    };
    Some(if ignore_case { format!("(?i:{core})") } else { core })
}

/// Checks a user-written `matches` pattern: its length, its syntax (with the
/// offset of the error) and its compiled size.
///
/// # Errors
/// A [`PatternError`] describing the first problem.
pub fn check_user_pattern(pattern: &str) -> Result<(), PatternError> {
    if pattern.len() > MAX_PATTERN_BYTES {
        return Err(PatternError {
            offset: None,
            message: format!("pattern is {} bytes long; the limit is {MAX_PATTERN_BYTES}", pattern.len()),
            too_large: true,
        });
    }
    if let Err(e) = regex_syntax::Parser::new().parse(pattern) {
        let (offset, message) = match &e {
            regex_syntax::Error::Parse(p) => (Some(p.span().start.offset), p.kind().to_string()),
            regex_syntax::Error::Translate(t) => (Some(t.span().start.offset), t.kind().to_string()),
            other => (None, other.to_string()),
        };
        return Err(PatternError { offset, message, too_large: false });
    }
    build(pattern).map(|_| ())
}

/// Compiles a pattern with the size limits.
///
/// # Errors
/// A [`PatternError`] when the pattern is malformed or compiles too large.
pub fn build(pattern: &str) -> Result<Regex, PatternError> {
    RegexBuilder::new(pattern)
        .size_limit(MAX_REGEX_COMPILED_BYTES)
        .dfa_size_limit(MAX_REGEX_COMPILED_BYTES)
        .build()
        .map_err(|e| match e {
            regex::Error::CompiledTooBig(limit) => PatternError {
                offset: None,
                message: format!("pattern compiles to more than {limit} bytes"),
                too_large: true,
            },
            other => PatternError { offset: None, message: other.to_string(), too_large: false },
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_positions() {
        let e = check_user_pattern("iPhone(").unwrap_err();
        assert_eq!(e.offset, Some(6));
        assert!(e.message.contains("unclosed group"), "{}", e.message);
        let e = check_user_pattern("a{2,1}").unwrap_err();
        assert_eq!(e.offset, Some(1));
        let e = check_user_pattern(&"a".repeat(5000)).unwrap_err();
        assert!(e.too_large);
        let e = check_user_pattern(r"\w{1000}\w{1000}").unwrap_err();
        assert!(e.too_large, "{e:?}");
        assert!(check_user_pattern(r"(?i)^win(ter)?-\d+$").is_ok());
    }

    #[test]
    fn patterns_accept_what_operators_accept() {
        let cases: &[(Op, bool, &str, bool)] = &[
            (Op::Is("a+b".into()), false, "a+b", true),
            (Op::Is("a+b".into()), false, "xa+b", false),
            (Op::Is("ABC".into()), true, "abc", true),
            (Op::Contains("ter".into()), false, "winter", true),
            (Op::StartsWith("/sale".into()), false, "/sale/x", true),
            (Op::StartsWith("/sale".into()), false, "x/sale", false),
            (Op::EndsWith(".pdf".into()), true, "A.PDF", true),
            (Op::In(vec!["a".into(), "b".into()]), false, "ab", false),
            (Op::Matches("^iP(hone|ad)".into()), false, "iPad Pro", true),
        ];
        for (op, ci, value, want) in cases {
            let re = build(&search_pattern(op, *ci).unwrap()).unwrap();
            assert_eq!(re.is_match(value), *want, "{op:?} ci={ci} on {value:?}");
        }
    }
}
