//! A concrete syntax tree for RON text: every value with its byte span, and
//! every comment attached to the item it stands above (or beside), so the
//! formatter can lay a file out again and surgical saves can splice changed
//! values into the original text. Nesting is refused past
//! [`MAX_NESTING`](crate::model::limits::MAX_NESTING), as the span scanner does.

use std::ops::Range;

use crate::model::limits::MAX_NESTING;

/// What a value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string, number, character, boolean or bare identifier.
    Atom,
    /// `name(field: value, ...)` or `(field: value, ...)`.
    Struct,
    /// `name(value, ...)`, `(value, ...)` or `()`.
    Tuple,
    /// `[value, ...]`.
    List,
    /// `{key: value, ...}`.
    Map,
}

/// A comment, verbatim (`// ...` or `/* ... */`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The comment's text, without the line break after a `//` comment.
    pub text: String,
    /// Whether a blank line comes before it.
    pub blank_before: bool,
}

/// One value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// What it is.
    pub kind: Kind,
    /// For atoms the token as written; for containers the name before the
    /// bracket (empty when none).
    pub text: String,
    /// Where it is in the text, name and brackets included.
    pub span: Range<usize>,
    /// The elements of a container.
    pub items: Vec<Item>,
    /// Comments after the last element, before the closing bracket.
    pub tail: Vec<Comment>,
    /// Whether it, or anything inside it, has comments.
    pub has_comments: bool,
}

/// One element of a container: a field, a map entry or a list item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The field name or map key; `None` for list and tuple items.
    pub key: Option<Node>,
    /// The value.
    pub value: Node,
    /// Where the element starts (its key, or its value).
    pub start: usize,
    /// Comments on the lines above it.
    pub leading: Vec<Comment>,
    /// Whether a blank line comes right before it (after its comments).
    pub blank_before: bool,
    /// A `//` comment after it on the same line.
    pub trailing: Option<Comment>,
}

/// A whole file: its `#![...]` attributes, the comments before the root
/// value, the root value, and the comments after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// The inner attributes, verbatim, one per entry.
    pub attributes: Vec<String>,
    /// Comments between the attributes and the root value.
    pub leading: Vec<Comment>,
    /// The root value.
    pub root: Node,
    /// Comments after the root value.
    pub trailing: Vec<Comment>,
}

/// Why a text could not be read as a tree: the byte offset where reading
/// stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unreadable(pub usize);

/// Reads a RON file into a tree.
///
/// # Errors
/// [`Unreadable`] at the first thing the reader does not understand, or at
/// brackets nested past the limit.
pub fn parse(src: &str) -> Result<File, Unreadable> {
    parse_within(src, MAX_NESTING)
}

/// Reads RON text this program serialized itself, at any depth: a condition
/// built deeper than the limit in the studio is still saved, and refused with
/// its position when the file is read again.
///
/// # Errors
/// [`Unreadable`] at the first thing the reader does not understand.
pub fn parse_own(src: &str) -> Result<File, Unreadable> {
    parse_within(src, usize::MAX)
}

fn parse_within(src: &str, max_depth: usize) -> Result<File, Unreadable> {
    let mut p =
        Parser { src: src.as_bytes(), text: src, pos: 0, newlines: 0, pending: Vec::new(), depth: 0, max_depth };
    let mut attributes = Vec::new();
    loop {
        p.gap();
        if !p.src[p.pos..].starts_with(b"#!") {
            break;
        }
        let start = p.pos;
        while p.peek().is_some_and(|b| b != b']') {
            p.pos += 1;
        }
        p.expect(b']')?;
        attributes.push(src[start..p.pos].to_owned());
    }
    let leading = std::mem::take(&mut p.pending);
    let root = p.value()?;
    p.gap();
    if p.pos != p.src.len() {
        return Err(Unreadable(p.pos));
    }
    Ok(File { attributes, leading, root, trailing: std::mem::take(&mut p.pending) })
}

struct Parser<'a> {
    src: &'a [u8],
    text: &'a str,
    pos: usize,
    /// Line breaks since the last token or comment.
    newlines: usize,
    /// Comments read but not yet attached.
    pending: Vec<Comment>,
    depth: usize,
    /// Deepest bracket nesting accepted.
    max_depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.src.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.src.get(self.pos + n).copied()
    }

    fn expect(&mut self, b: u8) -> Result<(), Unreadable> {
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(Unreadable(self.pos))
        }
    }

    /// Skips white space and comments, keeping the comments as pending.
    fn gap(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b'\n'), _) => {
                    self.newlines += 1;
                    self.pos += 1;
                }
                (Some(b' ' | b'\t' | b'\r'), _) => self.pos += 1,
                (Some(b'/'), Some(b'/' | b'*')) => {
                    let comment = self.comment();
                    self.pending.push(comment);
                }
                _ => return,
            }
        }
    }

    /// Reads one comment at the cursor.
    fn comment(&mut self) -> Comment {
        let start = self.pos;
        if self.peek_at(1) == Some(b'/') {
            while self.peek().is_some_and(|b| b != b'\n') {
                self.pos += 1;
            }
        } else {
            self.pos += 2;
            let mut depth = 1;
            while depth > 0 && self.peek().is_some() {
                match (self.peek(), self.peek_at(1)) {
                    (Some(b'*'), Some(b'/')) => {
                        depth -= 1;
                        self.pos += 1;
                    }
                    (Some(b'/'), Some(b'*')) => {
                        depth += 1;
                        self.pos += 1;
                    }
                    _ => {}
                }
                self.pos += 1;
            }
        }
        let comment =
            Comment { text: self.text[start..self.pos].trim_end().to_owned(), blank_before: self.newlines > 1 };
        self.newlines = 0;
        comment
    }

    /// A `//` comment on the rest of this line, if there is one.
    fn same_line_comment(&mut self) -> Option<Comment> {
        let mut i = self.pos;
        while matches!(self.src.get(i), Some(b' ' | b'\t' | b'\r')) {
            i += 1;
        }
        if self.src.get(i) == Some(&b'/') && self.src.get(i + 1) == Some(&b'/') {
            self.pos = i;
            let mut comment = self.comment();
            comment.blank_before = false;
            return Some(comment);
        }
        None
    }

    fn value(&mut self) -> Result<Node, Unreadable> {
        self.gap();
        let start = self.pos;
        let b = self.peek().ok_or(Unreadable(self.pos))?;
        match b {
            b'"' => self.string(start),
            b'\'' => self.char_lit(start),
            b'(' => self.container(start, String::new()),
            b'[' | b'{' => self.container(start, String::new()),
            b'r' if matches!(self.peek_at(1), Some(b'"' | b'#')) => self.raw_string(start),
            b'b' if self.peek_at(1) == Some(b'"') => {
                self.pos += 1;
                self.string(start)
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+' | b'.' | b'#'))
                {
                    self.pos += 1;
                }
                if self.pos == start {
                    return Err(Unreadable(start));
                }
                let word = self.text[start..self.pos].to_owned();
                if self.peek() == Some(b'(') {
                    return self.container(start, word);
                }
                Ok(self.atom(start))
            }
        }
    }

    fn atom(&self, start: usize) -> Node {
        Node {
            kind: Kind::Atom,
            text: self.text[start..self.pos].to_owned(),
            span: start..self.pos,
            items: Vec::new(),
            tail: Vec::new(),
            has_comments: false,
        }
    }

    fn string(&mut self, start: usize) -> Result<Node, Unreadable> {
        self.pos += 1;
        loop {
            match self.peek().ok_or(Unreadable(start))? {
                b'"' => break,
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
        self.pos += 1;
        Ok(self.atom(start))
    }

    fn raw_string(&mut self, start: usize) -> Result<Node, Unreadable> {
        self.pos += 1;
        let mut hashes = 0;
        while self.peek() == Some(b'#') {
            hashes += 1;
            self.pos += 1;
        }
        self.expect(b'"')?;
        loop {
            if self.peek().ok_or(Unreadable(start))? == b'"' && (1..=hashes).all(|i| self.peek_at(i) == Some(b'#')) {
                self.pos += 1 + hashes;
                return Ok(self.atom(start));
            }
            self.pos += 1;
        }
    }

    fn char_lit(&mut self, start: usize) -> Result<Node, Unreadable> {
        self.pos += 1;
        if self.peek() == Some(b'\\') {
            self.pos += 1;
        }
        self.pos += 1;
        while self.peek().ok_or(Unreadable(start))? != b'\'' {
            self.pos += 1;
        }
        self.pos += 1;
        Ok(self.atom(start))
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

    /// A bracketed value at the cursor, named `name` (already read).
    fn container(&mut self, start: usize, name: String) -> Result<Node, Unreadable> {
        let open = self.peek().ok_or(Unreadable(self.pos))?;
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(Unreadable(self.pos));
        }
        self.pos += 1;
        let close = match open {
            b'(' => b')',
            b'[' => b']',
            _ => b'}',
        };
        self.newlines = 0;
        self.gap();
        let kind = match open {
            b'[' => Kind::List,
            b'{' => Kind::Map,
            _ if self.at_field() => Kind::Struct,
            _ => Kind::Tuple,
        };
        let mut items = Vec::new();
        loop {
            self.gap();
            if self.peek() == Some(close) {
                break;
            }
            let leading = std::mem::take(&mut self.pending);
            let blank_before = self.newlines > 1;
            let item_start = self.pos;
            let key = match kind {
                Kind::Struct | Kind::Map => {
                    let key = self.value()?;
                    self.gap();
                    self.expect(b':')?;
                    Some(key)
                }
                _ => None,
            };
            let value = self.value()?;
            let mut leading = leading;
            // Comments between a key and its value move above the item.
            leading.append(&mut self.pending);
            let mut trailing = self.same_line_comment();
            self.gap();
            if self.peek() == Some(b',') {
                self.pos += 1;
                if trailing.is_none() {
                    trailing = self.same_line_comment();
                }
            } else if self.peek() != Some(close) {
                return Err(Unreadable(self.pos));
            }
            self.newlines = 0;
            items.push(Item { key, value, start: item_start, leading, blank_before, trailing });
        }
        self.pos += 1;
        self.depth -= 1;
        self.newlines = 0;
        let tail = std::mem::take(&mut self.pending);
        let has_comments = !tail.is_empty()
            || items.iter().any(|i| !i.leading.is_empty() || i.trailing.is_some() || i.value.has_comments);
        Ok(Node { kind, text: name, span: start..self.pos, items, tail, has_comments })
    }
}

/// The value an atom stands for: strings decoded, other tokens as written,
/// so that `"a\u{e9}"` and `"aé"` compare equal.
pub fn atom_value(text: &str) -> String {
    let body = if let Some(rest) = text.strip_prefix('r') {
        let trimmed = rest.trim_matches('#');
        return trimmed.strip_prefix('"').and_then(|t| t.strip_suffix('"')).unwrap_or(trimmed).to_owned();
    } else if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        inner
    } else {
        return text.trim_start_matches("r#").to_owned();
    };
    let mut out = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.extend(u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32));
            }
            Some('x') => {
                let hex: String = chars.by_ref().take(2).collect();
                out.extend(u8::from_str_radix(&hex, 16).ok().map(char::from));
            }
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// Whether two values are the same, whatever their layout and comments.
pub fn same(a: &Node, b: &Node) -> bool {
    a.kind == b.kind
        && if a.kind == Kind::Atom {
            a.text == b.text || atom_value(&a.text) == atom_value(&b.text)
        } else {
            a.text == b.text
                && a.items.len() == b.items.len()
                && a.items.iter().zip(&b.items).all(|(x, y)| match (&x.key, &y.key) {
                    (Some(kx), Some(ky)) => same(kx, ky),
                    (None, None) => true,
                    _ => false,
                })
                && a.items.iter().zip(&b.items).all(|(x, y)| same(&x.value, &y.value))
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attaches_comments_to_items() {
        let src = "#![enable(implicit_some)]\n// head\n(\n    // about a\n    a: 1, // one\n\n    b: [x, y],\n    // end\n)\n// after\n";
        let file = parse(src).unwrap();
        assert_eq!(file.attributes, ["#![enable(implicit_some)]"]);
        assert_eq!(file.leading[0].text, "// head");
        let root = &file.root;
        assert_eq!(root.kind, Kind::Struct);
        assert_eq!(root.items[0].leading[0].text, "// about a");
        assert_eq!(root.items[0].trailing.as_ref().unwrap().text, "// one");
        assert!(root.items[1].blank_before);
        assert_eq!(root.items[1].value.items.len(), 2);
        assert_eq!(root.tail[0].text, "// end");
        assert_eq!(file.trailing[0].text, "// after");
        assert!(root.has_comments && !root.items[1].value.has_comments);
    }

    #[test]
    fn values_compare_by_meaning() {
        let a = parse(r#"(s: "caf\u{e9}", l: all([pred(attr: "x")]))"#).unwrap();
        let b = parse("(\n  s: \"café\",\n  l: all([\n    pred(attr: \"x\"),\n  ]),\n)").unwrap();
        assert!(same(&a.root, &b.root));
        let c = parse(r#"(s: "cafe", l: all([pred(attr: "x")]))"#).unwrap();
        assert!(!same(&a.root, &c.root));
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        assert_eq!(parse("(a: 1"), Err(Unreadable(5)));
        assert!(parse(&"[".repeat(100_000)).is_err());
    }
}
