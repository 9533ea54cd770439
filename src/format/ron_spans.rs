//! A position index for RON text: the line and column where each value
//! starts, keyed by its [`FieldPath`]. Diagnostics found after parsing (a bad
//! regex, an unknown country) are reported at the position of the value they
//! concern. The scanner follows the same layout rules as [`FieldPath`]:
//! struct fields by name, list items by index, single-value variants such as
//! `not(...)` transparent.
//!
//! The scanner is linear in time and memory: positions are kept in a tree of
//! path steps (one node per value, never a copied path), and it refuses
//! brackets nested deeper than [`MAX_NESTING`] itself, before any parser
//! recurses into them, so its memory is O(depth) beyond the index.

use std::collections::HashMap;

use super::error::{LoadError, LoadErrorKind, Position};
use crate::model::limits::{MAX_DEPTH, MAX_NESTING};
use crate::model::{FieldPath, Key};

/// Brackets nested deeper than [`MAX_NESTING`], at the first bracket too many.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooDeep(pub Position);

impl TooDeep {
    /// The load error for `file`.
    pub fn into_error(self, file: &str) -> LoadError {
        LoadError::new(
            file,
            Some(self.0),
            LoadErrorKind::TooLarge(format!(
                "brackets are nested more than {MAX_NESTING} deep here; the limit is {MAX_NESTING} \
                 (conditions may nest at most {MAX_DEPTH} levels)"
            )),
        )
    }
}

/// One value in the index: where it starts, and whether it is a
/// single-value variant whose content stands for it.
#[derive(Clone, Copy, Debug, Default)]
struct Node {
    line: u32,
    column: u32,
    newtype: bool,
}

/// A step below a value, packed: list indexes as they are, field names as
/// `FIELD` plus their number in [`SpanIndex::names`].
type Step = u32;
const FIELD: Step = 1 << 31;

/// Where each value of a RON document starts: a tree of values, each
/// child found by its parent's number and its step.
#[derive(Clone, Debug, Default)]
pub struct SpanIndex {
    /// Node 0 is the root value.
    nodes: Vec<Node>,
    children: HashMap<(u32, Step), u32>,
    names: HashMap<String, Step>,
}

impl SpanIndex {
    /// Indexes a document; scanning stops quietly at anything unexpected,
    /// since the text has already been parsed by the RON parser.
    ///
    /// # Errors
    /// [`TooDeep`] when brackets nest deeper than [`MAX_NESTING`].
    pub fn build(src: &str) -> Result<Self, TooDeep> {
        let mut s = Scanner::new(src, true);
        s.skip_attributes();
        s.value();
        s.finish()?;
        Ok(s.index)
    }

    /// The step for a key, numbering field names as they are met.
    fn step(&mut self, key: &Key) -> Step {
        match key {
            Key::Index(i) => u32::try_from(*i).unwrap_or(FIELD - 1).min(FIELD - 1),
            Key::Field(name) => {
                let next = FIELD + self.names.len() as u32;
                *self.names.entry(name.clone()).or_insert(next)
            }
        }
    }

    /// The step for a key when looking up; `None` for a name never seen.
    fn find_step(&self, key: &Key) -> Option<Step> {
        match key {
            Key::Index(i) => u32::try_from(*i).ok().filter(|i| *i < FIELD),
            Key::Field(name) => self.names.get(name).copied(),
        }
    }

    /// The value a node stands for: a single-value variant is its content.
    fn resolve(&self, mut node: u32) -> u32 {
        while self.nodes.get(node as usize).is_some_and(|n| n.newtype) {
            match self.children.get(&(node, 0)) {
                Some(&child) => node = child,
                None => break,
            }
        }
        node
    }

    /// The position of a path, or of its nearest ancestor that has one.
    pub fn locate(&self, path: &FieldPath) -> Option<Position> {
        if self.nodes.is_empty() {
            return None;
        }
        let mut node = self.resolve(0);
        for key in &path.0 {
            match self.find_step(key).and_then(|step| self.children.get(&(node, step))) {
                Some(&child) => node = self.resolve(child),
                None => break,
            }
        }
        self.nodes.get(node as usize).map(|n| Position { line: n.line as usize, column: n.column as usize })
    }
}

/// Checks that brackets nest at most [`MAX_NESTING`] deep, in one pass and
/// O(depth) memory.
///
/// # Errors
/// [`TooDeep`] at the first bracket too many.
pub fn check_nesting(src: &str) -> Result<(), TooDeep> {
    let mut s = Scanner::new(src, false);
    s.skip_attributes();
    s.value();
    s.finish()
}

/// One item of a top-level list: its byte range and where it starts.
pub type ItemSpan = (std::ops::Range<usize>, Position);

/// The byte ranges and positions of the items of a top-level RON list, for
/// reading a list of sessions one item at a time; `Ok(None)` when the
/// document is not a list.
///
/// # Errors
/// [`TooDeep`] when brackets nest deeper than [`MAX_NESTING`].
pub fn top_level_items(src: &str) -> Result<Option<Vec<ItemSpan>>, TooDeep> {
    let mut s = Scanner::new(src, false);
    s.skip_attributes();
    s.ws();
    let mut items = Vec::new();
    if s.peek() != Some(b'[') {
        return Ok(None);
    }
    s.bump();
    s.depth = 1;
    loop {
        s.ws();
        let start = (s.pos, s.here());
        match s.peek() {
            Some(b']') => break,
            None => {
                // No closing bracket: an empty item makes the parser report it.
                items.push((start.0..start.0, start.1));
                break;
            }
            Some(_) => {
                if s.value().is_none() {
                    s.finish()?;
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
    Ok(Some(items))
}

struct Scanner<'a> {
    src: &'a [u8],
    pos: usize,
    line: usize,
    col: usize,
    /// Brackets open around the current position.
    depth: usize,
    /// Where nesting first went past the limit.
    too_deep: Option<Position>,
    /// Whether to record value positions.
    indexing: bool,
    index: SpanIndex,
    /// The index node of the value being scanned.
    node: u32,
}

impl<'a> Scanner<'a> {
    fn new(src: &'a str, indexing: bool) -> Self {
        let mut index = SpanIndex::default();
        if indexing {
            index.nodes.push(Node::default());
        }
        Scanner { src: src.as_bytes(), pos: 0, line: 1, col: 1, depth: 0, too_deep: None, indexing, index, node: 0 }
    }
}

impl Scanner<'_> {
    fn finish(&self) -> Result<(), TooDeep> {
        self.too_deep.map_or(Ok(()), |pos| Err(TooDeep(pos)))
    }

    fn here(&self) -> Position {
        Position { line: self.line, column: self.col }
    }

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

    /// Opens a bracket; `None` (stopping the scan) past the nesting limit.
    fn open(&mut self) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            self.too_deep = Some(self.here());
            return None;
        }
        self.bump();
        Some(())
    }

    /// Scans one value under `key` of the current value.
    fn child(&mut self, key: Key) -> Option<()> {
        if !self.indexing {
            return self.value();
        }
        let parent = self.node;
        let step = self.index.step(&key);
        let next = self.index.nodes.len() as u32;
        self.node = *self.index.children.entry((parent, step)).or_insert(next);
        if self.node == next {
            self.index.nodes.push(Node::default());
        }
        let done = self.value();
        self.node = parent;
        done
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
        let (line, column) = (self.line as u32, self.col as u32);
        if let Some(node) = self.index.nodes.get_mut(self.node as usize) {
            (node.line, node.column) = (line, column);
        }
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
        self.open()?;
        self.ws();
        if self.at_field() {
            return self.fields(b')');
        }
        let mut items = 0;
        loop {
            self.ws();
            if self.peek()? == b')' {
                self.close();
                break;
            }
            self.child(Key::Index(items))?;
            items += 1;
            self.ws();
            if self.peek() == Some(b',') {
                self.bump();
            }
        }
        if items == 1
            && let Some(node) = self.index.nodes.get_mut(self.node as usize)
        {
            // A newtype: its content, and everything inside, stands for it.
            node.newtype = true;
        }
        Some(())
    }

    /// Closes a bracket.
    fn close(&mut self) {
        self.depth -= 1;
        self.bump();
    }

    fn fields(&mut self, close: u8) -> Option<()> {
        loop {
            self.ws();
            if self.peek()? == close {
                self.close();
                return Some(());
            }
            let name = self.word()?;
            self.ws();
            if self.peek()? != b':' {
                return None;
            }
            self.bump();
            let name = name.trim_start_matches("r#").to_owned();
            self.child(Key::Field(name))?;
            self.ws();
            if self.peek() == Some(b',') {
                self.bump();
            }
        }
    }

    fn list(&mut self) -> Option<()> {
        self.open()?;
        let mut i = 0;
        loop {
            self.ws();
            if self.peek()? == b']' {
                self.close();
                return Some(());
            }
            self.child(Key::Index(i))?;
            i += 1;
            self.ws();
            if self.peek() == Some(b',') {
                self.bump();
            }
        }
    }

    fn map(&mut self) -> Option<()> {
        self.open()?;
        loop {
            self.ws();
            if self.peek()? == b'}' {
                self.close();
                return Some(());
            }
            let key = if self.peek()? == b'"' { self.string_content()? } else { self.word()? };
            self.ws();
            if self.peek()? != b':' {
                return None;
            }
            self.bump();
            self.child(Key::Field(key))?;
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
        let idx = SpanIndex::build(SRC).unwrap();
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
    fn splits_top_level_lists() {
        let items = top_level_items("// sessions\n[\n (id: \"a\"),\n (id: \"b\", geo: (country: \"CA\")) ,\n]")
            .unwrap()
            .unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].1, Position { line: 4, column: 2 });
        assert!(top_level_items("(id: \"a\")").unwrap().is_none());
    }

    #[test]
    fn nesting_past_the_limit_is_refused_where_it_goes_too_deep() {
        let deep = "[".repeat(100_000);
        let at = TooDeep(Position { line: 1, column: MAX_NESTING + 1 });
        assert_eq!(check_nesting(&deep), Err(at));
        assert_eq!(SpanIndex::build(&deep).err(), Some(at));
        assert_eq!(top_level_items(&deep), Err(at));
        let message = at.into_error("d.ron").to_string();
        assert!(message.starts_with("d.ron:1:73: brackets are nested more than 72 deep"), "{message}");
        let just_fits = format!("{}{}", "[".repeat(MAX_NESTING), "]".repeat(MAX_NESTING));
        assert_eq!(check_nesting(&just_fits), Ok(()));
    }

    #[test]
    fn ten_megabytes_deep_and_wide_are_scanned_in_one_pass() {
        let depth = MAX_NESTING - 1;
        let item = format!("{}1{}", "[".repeat(depth), "]".repeat(depth));
        let wide = |bytes: usize| {
            let n = bytes / (item.len() + 2);
            (n, format!("[{}]", vec![item.as_str(); n].join(",\n")))
        };
        let (n, ten) = wide(10_000_000);
        let started = std::time::Instant::now();
        assert_eq!(top_level_items(&ten).unwrap().unwrap().len(), n);
        // One more item, one bracket deeper: refused at its line.
        let deeper = format!("{}1{}", "[".repeat(depth + 1), "]".repeat(depth + 1));
        let too_deep = format!("{},\n{deeper}]", &ten[..ten.len() - 1]);
        assert_eq!(top_level_items(&too_deep), Err(TooDeep(Position { line: n + 1, column: depth + 1 })));
        // The index, a node a value, on a tenth of it.
        let (n, one) = wide(1_000_000);
        let index = SpanIndex::build(&one).unwrap();
        let mut last = vec![Key::Index(n - 1)];
        last.extend(vec![Key::Index(0); depth]);
        assert_eq!(index.locate(&FieldPath(last)), Some(Position { line: n, column: depth + 1 }));
        // Generous: linear scans take a few seconds unoptimised, on a busy
        // machine; the old scanner took minutes and gigabytes.
        assert!(started.elapsed() < std::time::Duration::from_secs(60), "{:?}", started.elapsed());
    }
}
