//! Patterns in each dialect's regex syntax. A pattern is parsed as the
//! engine parses it (`regex-syntax`, Unicode on) and printed back from its
//! high-level form, where case folding, `.`, `\d`, `\w` and `\s` are
//! already explicit sets of code points: the printed pattern needs no flag
//! and no Perl class, so it means the same in RE2 (DuckDB, BigQuery), Java
//! (Spark), Tcl (Postgres) and POSIX (Snowflake). What a dialect cannot say
//! the same way is refused with the reason and, for a written pattern, its
//! position.

use std::fmt::Write;

use regex_syntax::ast::{self, Ast};
use regex_syntax::hir::{Class, ClassUnicode, Hir, HirKind, Look};

use super::Dialect;

/// Why a pattern has no equivalent in a dialect.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Untranslatable {
    /// Byte offset in the written pattern, when the construct was found there.
    pub offset: Option<usize>,
    /// What is refused and why.
    pub message: String,
}

/// What refuses a translation, to find it again in the written pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Construct {
    WordBoundary,
    LineAnchor,
    Bytes,
    Repeat(u32),
    Never,
}

/// The pattern `pattern` (regex crate syntax, already checked) in the
/// dialect's syntax.
///
/// # Errors
/// When the pattern uses what the dialect cannot express identically.
pub fn translate(pattern: &str, dialect: Dialect) -> Result<String, Untranslatable> {
    translate_group(pattern, dialect, 0).map(|(printed, _)| printed)
}

/// [`translate`], and which group of the printed pattern is the written
/// pattern's capture group `capture` (1 for the first; 0 for none). Groups
/// the printer adds are non-capturing except in POSIX, which has no such
/// groups, so the number can differ there.
///
/// # Errors
/// As [`translate`].
pub fn translate_group(pattern: &str, dialect: Dialect, capture: u32) -> Result<(String, usize), Untranslatable> {
    let hir = regex_syntax::ParserBuilder::new()
        .build()
        .parse(pattern)
        .map_err(|e| Untranslatable { offset: None, message: format!("the pattern does not parse: {e}") })?;
    let mut out = String::new();
    let mut printer = Printer { dialect, groups: 0, capture, group: 0 };
    printer
        .hir(&hir, &mut out)
        .map_err(|(construct, message)| Untranslatable { offset: locate(pattern, construct), message })?;
    Ok((out, printer.group))
}

/// The largest counted repetition the dialect takes.
fn max_repeat(dialect: Dialect) -> u32 {
    match dialect {
        Dialect::Duckdb | Dialect::Bigquery => 1000,
        Dialect::Spark => u32::MAX,
        Dialect::Postgres | Dialect::Snowflake => 255,
    }
}

type Refusal = (Construct, String);

struct Printer {
    dialect: Dialect,
    /// Capturing groups printed so far.
    groups: usize,
    /// The written capture group whose printed number is wanted.
    capture: u32,
    /// Its printed number, once printed.
    group: usize,
}

impl Printer {
    /// Opens a group the printer adds for grouping only.
    fn open(&mut self, out: &mut String) {
        if self.dialect == Dialect::Snowflake {
            self.groups += 1;
            out.push('(');
        } else {
            out.push_str("(?:");
        }
    }

    fn hir(&mut self, hir: &Hir, out: &mut String) -> Result<(), Refusal> {
        match hir.kind() {
            HirKind::Empty => {
                self.open(out);
                out.push(')');
            }
            HirKind::Literal(lit) => {
                let text = std::str::from_utf8(&lit.0).map_err(|_| bytes())?;
                text.chars().for_each(|c| self.char(c, false, out));
            }
            HirKind::Class(Class::Unicode(class)) => self.class(class, out)?,
            HirKind::Class(Class::Bytes(_)) => return Err(bytes()),
            HirKind::Look(look) => self.look(*look, out)?,
            HirKind::Repetition(rep) => {
                let limit = max_repeat(self.dialect);
                let biggest = rep.max.unwrap_or(rep.min);
                if biggest > limit {
                    return Err((
                        Construct::Repeat(limit),
                        format!(
                            "{} takes repetition counts up to {limit}; this pattern counts to {biggest}",
                            self.dialect
                        ),
                    ));
                }
                self.atom(&rep.sub, out)?;
                match (rep.min, rep.max) {
                    (0, None) => out.push('*'),
                    (1, None) => out.push('+'),
                    (0, Some(1)) => out.push('?'),
                    (m, None) => _ = write!(out, "{{{m},}}"),
                    (m, Some(n)) if m == n => _ = write!(out, "{{{m}}}"),
                    (m, Some(n)) => _ = write!(out, "{{{m},{n}}}"),
                }
            }
            HirKind::Capture(cap) => {
                self.groups += 1;
                if cap.index == self.capture {
                    self.group = self.groups;
                }
                out.push('(');
                self.hir(&cap.sub, out)?;
                out.push(')');
            }
            HirKind::Concat(items) => {
                for item in items {
                    if matches!(item.kind(), HirKind::Alternation(_)) {
                        self.open(out);
                        self.hir(item, out)?;
                        out.push(')');
                    } else {
                        self.hir(item, out)?;
                    }
                }
            }
            HirKind::Alternation(items) => {
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push('|');
                    }
                    self.hir(item, out)?;
                }
            }
        }
        Ok(())
    }

    /// `hir` as one unit a repetition can follow.
    fn atom(&mut self, hir: &Hir, out: &mut String) -> Result<(), Refusal> {
        let single = match hir.kind() {
            HirKind::Literal(lit) => std::str::from_utf8(&lit.0).is_ok_and(|t| t.chars().count() == 1),
            HirKind::Class(_) | HirKind::Capture(_) => true,
            _ => false,
        };
        if single {
            self.hir(hir, out)
        } else {
            self.open(out);
            self.hir(hir, out)?;
            out.push(')');
            Ok(())
        }
    }

    fn look(&self, look: Look, out: &mut String) -> Result<(), Refusal> {
        let d = self.dialect;
        match look {
            Look::Start => out.push('^'),
            Look::End if d == Dialect::Spark => out.push_str(r"\z"),
            Look::End => out.push('$'),
            Look::StartLF | Look::EndLF if matches!(d, Dialect::Duckdb | Dialect::Bigquery) => {
                out.push_str(if look == Look::StartLF { "(?m:^)" } else { "(?m:$)" });
            }
            Look::StartLF | Look::EndLF if d == Dialect::Spark => {
                out.push_str(if look == Look::StartLF { "(?md:^)" } else { "(?md:$)" });
            }
            Look::WordAscii | Look::WordAsciiNegate if matches!(d, Dialect::Duckdb | Dialect::Bigquery) => {
                out.push_str(if look == Look::WordAscii { r"\b" } else { r"\B" });
            }
            Look::StartLF | Look::EndLF | Look::StartCRLF | Look::EndCRLF => {
                return Err((
                    Construct::LineAnchor,
                    format!("{d} has no line anchor that agrees with the engine's multi-line `^` and `$`"),
                ));
            }
            Look::WordAscii | Look::WordAsciiNegate => {
                return Err((Construct::WordBoundary, format!("{d} has no ASCII word boundary `(?-u:\\b)`")));
            }
            _ => {
                return Err((
                    Construct::WordBoundary,
                    format!(
                        "a word boundary means something else in {d}: the engine's `\\b` knows Unicode letters{}",
                        if matches!(d, Dialect::Duckdb | Dialect::Bigquery) {
                            "; write `(?-u:\\b)` for an ASCII boundary, which RE2 has"
                        } else {
                            ""
                        }
                    ),
                ));
            }
        }
        Ok(())
    }

    fn class(&self, class: &ClassUnicode, out: &mut String) -> Result<(), Refusal> {
        if class.ranges().is_empty() {
            return Err((Construct::Never, "the pattern contains a class that matches nothing".into()));
        }
        let mut negated = class.clone();
        negated.negate();
        let (negate, ranges) = if negated.ranges().len() < class.ranges().len() && !negated.ranges().is_empty() {
            (true, negated.ranges())
        } else {
            (false, class.ranges())
        };
        if !negate && ranges.len() == 1 && ranges[0].start() == ranges[0].end() {
            self.char(ranges[0].start(), false, out);
            return Ok(());
        }
        out.push('[');
        if negate {
            out.push('^');
        }
        for r in ranges {
            self.char(r.start(), true, out);
            if r.end() != r.start() {
                if u32::from(r.end()) > u32::from(r.start()) + 1 {
                    out.push('-');
                }
                self.char(r.end(), true, out);
            }
        }
        out.push(']');
        Ok(())
    }

    /// One character, escaped as the dialect needs (`in_class`: inside brackets).
    fn char(&self, c: char, in_class: bool, out: &mut String) {
        let code = u32::from(c);
        if c.is_ascii_alphanumeric() || c == '_' || c == ' ' {
            out.push(c);
        } else if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c.is_ascii() || c.is_control() || (in_class && self.dialect != Dialect::Snowflake) {
            match self.dialect {
                Dialect::Postgres if code <= 0xFFFF => _ = write!(out, "\\u{code:04X}"),
                Dialect::Postgres => _ = write!(out, "\\U{code:08X}"),
                Dialect::Snowflake => out.push(c),
                _ => _ = write!(out, "\\x{{{code:X}}}"),
            }
        } else {
            out.push(c);
        }
    }
}

fn bytes() -> Refusal {
    (Construct::Bytes, "byte patterns (`(?-u)` outside ASCII) have no equivalent in SQL text functions".into())
}

/// Where the first construct of a kind is written in `pattern`.
fn locate(pattern: &str, construct: Construct) -> Option<usize> {
    let ast = ast::parse::Parser::new().parse(pattern).ok()?;
    let mut found = None;
    find(&ast, construct, &mut found);
    found
}

fn find(ast: &Ast, construct: Construct, found: &mut Option<usize>) {
    if found.is_some() {
        return;
    }
    let at = ast.span().start.offset;
    match (ast, construct) {
        (Ast::Assertion(a), Construct::WordBoundary)
            if !matches!(a.kind, ast::AssertionKind::StartLine | ast::AssertionKind::EndLine)
                && !matches!(a.kind, ast::AssertionKind::StartText | ast::AssertionKind::EndText) =>
        {
            *found = Some(at);
        }
        (Ast::Assertion(a), Construct::LineAnchor)
            if matches!(a.kind, ast::AssertionKind::StartLine | ast::AssertionKind::EndLine) =>
        {
            *found = Some(at);
        }
        (Ast::Repetition(r), Construct::Repeat(limit)) => {
            let big = match r.op.kind {
                ast::RepetitionKind::Range(ast::RepetitionRange::Exactly(n) | ast::RepetitionRange::AtLeast(n)) => n,
                ast::RepetitionKind::Range(ast::RepetitionRange::Bounded(_, n)) => n,
                _ => 0,
            };
            if big > limit {
                *found = Some(r.op.span.start.offset);
            } else {
                find(&r.ast, construct, found);
            }
        }
        (Ast::Flags(f), Construct::Bytes) if negates_unicode(&f.flags) => *found = Some(at),
        (Ast::Group(g), _) => {
            if let (ast::GroupKind::NonCapturing(flags), Construct::Bytes) = (&g.kind, construct)
                && negates_unicode(flags)
            {
                *found = Some(at);
                return;
            }
            find(&g.ast, construct, found);
        }
        (Ast::Repetition(r), _) => find(&r.ast, construct, found),
        (Ast::Concat(c), _) => c.asts.iter().for_each(|a| find(a, construct, found)),
        (Ast::Alternation(a), _) => a.asts.iter().for_each(|a| find(a, construct, found)),
        _ => {}
    }
}

fn negates_unicode(flags: &ast::Flags) -> bool {
    let mut negated = false;
    flags.items.iter().any(|item| match item.kind {
        ast::FlagsItemKind::Negation => {
            negated = true;
            false
        }
        ast::FlagsItemKind::Flag(ast::Flag::Unicode) => negated,
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(pattern: &str, dialect: Dialect) -> String {
        translate(pattern, dialect).unwrap()
    }

    /// Patterns and their RE2, Java, Postgres and Snowflake spelling.
    #[test]
    fn translations() {
        let cases: &[(&str, &str, &str, &str, &str)] = &[
            ("abc", "abc", "abc", "abc", "abc"),
            (
                "^winter.*sale$",
                "^winter[^\\x{A}]*sale$",
                "^winter[^\\x{A}]*sale\\z",
                "^winter[^\\u000A]*sale$",
                "^winter[^\n]*sale$",
            ),
            ("a.c", "a[^\\x{A}]c", "a[^\\x{A}]c", "a[^\\u000A]c", "a[^\n]c"),
            ("(?i)ab", "[Aa][Bb]", "[Aa][Bb]", "[Aa][Bb]", "[Aa][Bb]"),
            ("x{2,5}y+z?", "x{2,5}y+z?", "x{2,5}y+z?", "x{2,5}y+z?", "x{2,5}y+z?"),
            ("(?:ab)*", "(?:ab)*", "(?:ab)*", "(?:ab)*", "(ab)*"),
            ("(?:ab|cd)e", "(?:ab|cd)e", "(?:ab|cd)e", "(?:ab|cd)e", "(ab|cd)e"),
            ("a|b", "[ab]", "[ab]", "[ab]", "[ab]"),
            ("x|y(cc|dd)", "x|y(cc|dd)", "x|y(cc|dd)", "x|y(cc|dd)", "x|y(cc|dd)"),
            (r"\.\$\(", r"\.\$\(", r"\.\$\(", r"\.\$\(", r"\.\$\("),
            ("[a-c]", "[a-c]", "[a-c]", "[a-c]", "[a-c]"),
            ("é", "é", "é", "é", "é"),
        ];
        for (pattern, re2, java, pg, posix) in cases {
            assert_eq!(t(pattern, Dialect::Duckdb), *re2, "duckdb {pattern}");
            assert_eq!(t(pattern, Dialect::Bigquery), *re2, "bigquery {pattern}");
            assert_eq!(t(pattern, Dialect::Spark), *java, "spark {pattern}");
            assert_eq!(t(pattern, Dialect::Postgres), *pg, "postgres {pattern}");
            assert_eq!(t(pattern, Dialect::Snowflake), *posix, "snowflake {pattern}");
        }
    }

    /// The printed number of a written group counts the groups POSIX adds.
    #[test]
    fn group_numbers() {
        let p = r"^(?:[a-z]+://)?(?:[^@]*@)?([^:/]*)";
        let (re2, n) = translate_group(p, Dialect::Duckdb, 1).unwrap();
        assert_eq!(n, 1, "{re2}");
        let (posix, n) = translate_group(p, Dialect::Snowflake, 1).unwrap();
        assert_eq!(n, 3, "{posix}");
        let caps = regex::Regex::new(&re2).unwrap().captures("https://u@Shop.example:80/x").unwrap();
        assert_eq!(&caps[1], "Shop.example");
    }

    /// Unicode classes stay Unicode: `\d` is every decimal digit, not 0-9.
    #[test]
    fn perl_classes_are_spelled_out() {
        let digits = t(r"\d", Dialect::Duckdb);
        assert!(digits.starts_with("[0-9\\x{660}-\\x{669}"), "{digits}");
        let re = regex::Regex::new(&format!("^{digits}$")).unwrap();
        assert!(re.is_match("٣") && re.is_match("7") && !re.is_match("x"));
    }

    /// What no dialect can say the same way is refused with its position.
    #[test]
    fn refusals() {
        let e = translate(r"sale\b", Dialect::Duckdb).unwrap_err();
        assert_eq!(e.offset, Some(4));
        assert!(e.message.contains("(?-u:\\b)"), "{}", e.message);
        assert_eq!(t(r"sale(?-u:\b)", Dialect::Duckdb), r"sale\b");
        assert_eq!(translate(r"sale(?-u:\b)", Dialect::Spark).unwrap_err().offset, Some(9));
        let e = translate("a{300}", Dialect::Postgres).unwrap_err();
        assert_eq!(e.offset, Some(1));
        assert!(e.message.contains("255"), "{}", e.message);
        assert_eq!(t("a{300}", Dialect::Duckdb), "a{300}");
        assert_eq!(translate("(?m)^a", Dialect::Postgres).unwrap_err().offset, Some(4));
        assert_eq!(t("(?m)^a", Dialect::Duckdb), "(?m:^)a");
        assert!(translate(r"(?-u)\xFF", Dialect::Duckdb).is_err());
    }

    /// Printed RE2 patterns mean what the engine's pattern means, on
    /// strings that probe case folding, newlines and non-ASCII text (the
    /// regex crate reads the printed syntax as RE2 does).
    #[test]
    fn printed_patterns_match_alike() {
        let patterns = ["(?i)straße", "^a.b$", r"\w+@\w+", "(?i)kelvin", r"[^a-z]", "x|y|", r"\s"];
        let inputs =
            ["STRASSE", "straße", "STRAßE", "a\nb", "a-b", "ü@ö", "KELVIN", "\u{212A}elvin", "Z", "", "\u{3000}"];
        for p in patterns {
            let engine = regex::Regex::new(p).unwrap();
            let printed = regex::Regex::new(&t(p, Dialect::Duckdb)).unwrap();
            for s in inputs {
                assert_eq!(engine.is_match(s), printed.is_match(s), "{p} on {s:?}");
            }
        }
    }
}
