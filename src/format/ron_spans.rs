//! A position index for RON text: the line and column where each value
//! starts, keyed by its [`FieldPath`]. Diagnostics found after parsing (a bad
//! regex, an unknown country) are reported at the position of the value they
//! concern. The scanner follows the same layout rules as [`FieldPath`]:
//! struct fields by name, list items by index, single-value variants such as
//! `not(...)` transparent.

use std::collections::HashMap;

use crate::model::{FieldPath, Key};

/// A 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// Where each value of a RON document starts.
#[derive(Clone, Debug, Default)]
pub struct SpanIndex {
    spans: HashMap<FieldPath, Pos>,
}

impl SpanIndex {
    /// Indexes a document; scanning stops quietly at anything unexpected,
    /// since the text has already been parsed by the RON parser.
    pub fn build(src: &str) -> Self {
        let mut s = Scanner::new(src);
        s.skip_attributes();
        s.value();
        SpanIndex { spans: s.spans.into_iter().map(|(k, p)| (FieldPath(k), p)).collect() }
    }

    /// The position of a path, or of its nearest ancestor that has one.
    pub fn locate(&self, path: &FieldPath) -> Option<Pos> {
        let mut keys = path.0.clone();
        loop {
            if let Some(pos) = self.spans.get(&FieldPath(keys.clone())) {
                return Some(*pos);
            }
            keys.pop()?;
        }
    }
}

/// The root struct of a RON document: its fields' value ranges and where it
/// closes, for editing one field in place without reformatting the rest.
#[derive(Clone, Debug, Default)]
pub struct RootLayout {
    /// Each field's name and the byte range of its value.
    pub fields: Vec<(String, std::ops::Range<usize>)>,
    /// The byte offset of the closing parenthesis.
    pub close: usize,
}

/// The layout of a document's root struct, if it is one.
pub fn root_layout(src: &str) -> Option<RootLayout> {
    let mut s = Scanner::new(src);
    s.skip_attributes();
    s.value()?;
    Some(RootLayout { fields: s.root_fields, close: s.root_close? })
}

/// The byte ranges and positions of the items of a top-level RON list, for
/// reading a list of sessions one item at a time; `None` when the document
/// is not a list.
pub fn top_level_items(src: &str) -> Option<Vec<(std::ops::Range<usize>, Pos)>> {
    let mut s = Scanner::new(src);
    s.skip_attributes();
    s.ws();
    let mut items = Vec::new();
    if s.peek() != Some(b'[') {
        return None;
    }
    s.bump();
    loop {
        s.ws();
        let start = (s.pos, Pos { line: s.line, column: s.col });
        match s.peek() {
            Some(b']') => break,
            None => {
                // No closing bracket: an empty item makes the parser report it.
                items.push((start.0..start.0, start.1));
                break;
            }
            Some(_) => {
                if s.value().is_none() {
                    // Unscannable: hand the rest to the parser, which reports where.
                    items.push((start.0..src.len(), start.1));
                    break;
                }
                items.push((start.0..s.pos, start.1));
                s.ws();
                if s.peek() == Some(b',') {
                    s.bump();
                }
            }
        }
    }
    Some(items)
}

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    line: usize,
    col: usize,
    path: Vec<Key>,
    /// Spans in the order values were met; later entries win.
    spans: Vec<(Vec<Key>, Pos)>,
    /// The root struct's fields and the byte ranges of their values.
    root_fields: Vec<(String, std::ops::Range<usize>)>,
    /// The byte offset of the root struct's closing parenthesis.
    root_close: Option<usize>,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str) -> Self {
        Scanner {
            src: src.as_bytes(),
            pos: 0,
            line: 1,
            col: 1,
            path: Vec::new(),
            spans: Vec::new(),
            root_fields: Vec::new(),
            root_close: None,
        }
    }
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.src.get(self.pos + n).copied()
    }

    fn bump(&mut self) {
        if let Some(b) = self.peek() {
            self.pos += 1;
            if b == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if b & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
    }

    fn ws(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b' ' | b'\t' | b'\r' | b'\n'), _) => self.bump(),
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|b| b != b'\n') {
                        self.bump();
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 && self.peek().is_some() {
                        match (self.peek(), self.peek_at(1)) {
                            (Some(b'*'), Some(b'/')) => {
                                depth -= 1;
                                self.bump();
                            }
                            (Some(b'/'), Some(b'*')) => {
                                depth += 1;
                                self.bump();
                            }
                            _ => {}
                        }
                        self.bump();
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_attributes(&mut self) {
        loop {
            self.ws();
            if self.peek() != Some(b'#') {
                return;
            }
            while self.peek().is_some_and(|b| b != b']') {
                self.bump();
            }
            self.bump();
        }
    }

    fn record(&mut self) {
        let pos = Pos { line: self.line, column: self.col };
        self.spans.push((self.path.clone(), pos));
    }

    /// Scans one value at the current path. `None` stops the scan.
    fn value(&mut self) -> Option<()> {
        self.ws();
        self.record();
        match self.peek()? {
            b'"' => self.string(),
            b'\'' => self.char_lit(),
            b'(' => self.parens(),
            b'[' => self.list(),
            b'{' => self.map(),
            b'r' if matches!(self.peek_at(1), Some(b'"' | b'#')) => self.raw_string(),
            b'b' if self.peek_at(1) == Some(b'"') => {
                self.bump();
                self.string()
            }
            _ => {
                let word = self.word()?;
                self.ws();
                if self.peek() == Some(b'(') && !word.is_empty() { self.parens() } else { Some(()) }
            }
        }
    }

    fn word(&mut self) -> Option<String> {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'.' | b'#')) {
            self.bump();
        }
        (self.pos > start).then(|| String::from_utf8_lossy(&self.src[start..self.pos]).into_owned())
    }

    fn string(&mut self) -> Option<()> {
        self.string_content().map(|_| ())
    }

    fn string_content(&mut self) -> Option<String> {
        self.bump();
        let mut out = Vec::new();
        loop {
            match self.peek()? {
                b'"' => {
                    self.bump();
                    return Some(String::from_utf8_lossy(&out).into_owned());
                }
                b'\\' => {
                    self.bump();
                    let escaped = self.peek()?;
                    out.push(match escaped {
                        b'n' => b'\n',
                        b't' => b'\t',
                        other => other,
                    });
                    self.bump();
                }
                b => {
                    out.push(b);
                    self.bump();
                }
            }
        }
    }

    fn raw_string(&mut self) -> Option<()> {
        self.bump();
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.bump();
        }
        if self.peek() != Some(b'"') {
            return None;
        }
        self.bump();
        loop {
            if self.peek()? == b'"' && (1..=hashes).all(|i| self.peek_at(i) == Some(b'#')) {
                for _ in 0..=hashes {
                    self.bump();
                }
                return Some(());
            }
            self.bump();
        }
    }

    fn char_lit(&mut self) -> Option<()> {
        self.bump();
        if self.peek()? == b'\\' {
            self.bump();
        }
        self.bump();
        while self.peek()? != b'\'' {
            self.bump();
        }
        self.bump();
        Some(())
    }

    /// Whether the next tokens are `name :` (a struct field), without moving.
    fn at_field(&self) -> bool {
        let mut i = self.pos;
        while self.src.get(i).is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'#') {
            i += 1;
        }
        if i == self.pos {
            return false;
        }
        while self.src.get(i).is_some_and(|b| b.is_ascii_whitespace()) {
            i += 1;
        }
        self.src.get(i) == Some(&b':') && self.src.get(i + 1) != Some(&b':')
    }

    /// `( ... )`: struct fields by name, or positional items. A single
    /// positional item keeps the current path (transparent newtype).
    fn parens(&mut self) -> Option<()> {
        self.bump();
        self.ws();
        if self.at_field() {
            return self.fields(b')');
        }
        let first_span = self.spans.len();
        let mut items = 0;
        loop {
            self.ws();
            if self.peek()? == b')' {
                self.bump();
                break;
            }
            self.path.push(Key::Index(items));
            items += 1;
            self.value()?;
            self.path.pop();
            self.ws();
            if self.peek() == Some(b',') {
                self.bump();
            }
        }
        if items == 1 {
            // A newtype: its content, and everything inside, belongs at this path.
            let depth = self.path.len();
            for (keys, _) in &mut self.spans[first_span..] {
                if keys.len() > depth {
                    keys.remove(depth);
                }
            }
        }
        Some(())
    }

    fn fields(&mut self, close: u8) -> Option<()> {
        let root = self.path.is_empty();
        loop {
            self.ws();
            if self.peek()? == close {
                if root {
                    self.root_close = Some(self.pos);
                }
                self.bump();
                return Some(());
            }
            let name = self.word()?;
            self.ws();
            if self.peek()? != b':' {
                return None;
            }
            self.bump();
            let name = name.trim_start_matches("r#").to_owned();
            self.path.push(Key::Field(name.clone()));
            self.ws();
            let start = self.pos;
            self.value()?;
            if root {
                self.root_fields.push((name, start..self.pos));
            }
            self.path.pop();
            self.ws();
            if self.peek() == Some(b',') {
                self.bump();
            }
        }
    }

    fn list(&mut self) -> Option<()> {
        self.bump();
        let mut i = 0;
        loop {
            self.ws();
            if self.peek()? == b']' {
                self.bump();
                return Some(());
            }
            self.path.push(Key::Index(i));
            self.value()?;
            self.path.pop();
            i += 1;
            self.ws();
            if self.peek() == Some(b',') {
                self.bump();
            }
        }
    }

    fn map(&mut self) -> Option<()> {
        self.bump();
        loop {
            self.ws();
            if self.peek()? == b'}' {
                self.bump();
                return Some(());
            }
            let key = if self.peek()? == b'"' { self.string_content()? } else { self.word()? };
            self.ws();
            if self.peek()? != b':' {
                return None;
            }
            self.bump();
            self.path.push(Key::Field(key));
            self.value()?;
            self.path.pop();
            self.ws();
            if self.peek() == Some(b',') {
                self.bump();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = r#"#![enable(implicit_some)]
// a comment
(
    name: "shop",
    rules: [
        (
            id: "a",
            when: all([
                pred(attr: "geo.country", op: in(["CA", "XX"])),
                not(pred(attr: "device.type", op: is("bot"))),
            ]),
            schedule: (hours: (from: 9, to: 17)),
        ),
    ],
    tests: [(name: "t", expect: {"home.hero": content(id: "x")})],
)"#;

    #[test]
    fn locates_nested_values() {
        let idx = SpanIndex::build(SRC);
        let at = |p: FieldPath| idx.locate(&p).map(|p| (p.line, p.column));
        let rule = FieldPath::rule(0);
        assert_eq!(at(rule.field("id")), Some((7, 17)));
        assert_eq!(at(rule.field("when").index(0).field("attr")), Some((9, 28)));
        assert_eq!(at(rule.field("when").index(0).field("op").index(1)), Some((9, 57)));
        assert_eq!(at(rule.field("when").index(1).field("op")), Some((10, 54)));
        assert_eq!(at(rule.field("schedule").field("hours").field("to")), Some((12, 45)));
        assert_eq!(at(FieldPath::root().field("tests").index(0).field("expect").field("home.hero")), Some((15, 47)));
        // A path that is not there resolves to its nearest ancestor.
        assert_eq!(at(rule.field("when").index(0).field("nope")), Some((9, 17)));
    }

    #[test]
    fn finds_root_fields() {
        let layout = root_layout(SRC).unwrap();
        let names: Vec<&str> = layout.fields.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["name", "rules", "tests"]);
        assert_eq!(&SRC[layout.fields[0].1.clone()], "\"shop\"");
        assert_eq!(&SRC[layout.close..], ")");
    }

    #[test]
    fn splits_top_level_lists() {
        let items =
            top_level_items("// sessions\n[\n (id: \"a\"),\n (id: \"b\", geo: (country: \"CA\")) ,\n]").unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].1, Pos { line: 4, column: 2 });
        assert!(top_level_items("(id: \"a\")").is_none());
    }
}
