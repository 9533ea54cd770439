//! The canonical layout of project files, as `rulestudio fmt` writes them
//! and as new items are written by surgical saves: four spaces a level, a
//! value on one line when it fits in [`WIDTH`] columns and holds no comment,
//! otherwise one element a line with a trailing comma. The root and its lists
//! (slots, rules, ...) always take one element a line, and so does a rule,
//! so that diffs and diagnostics point at one field. A single-value variant
//! hugs its content (`all([` ... `])`). Comments and single blank lines
//! between elements are kept.

use super::ron_tree::{Comment, File, Kind, Node};

/// The widest line the layout aims for, in characters.
pub const WIDTH: usize = 120;
/// Spaces per nesting level.
pub const INDENT: usize = 4;

/// The attribute line written at the top of new files.
pub const ENABLE_LINE: &str = "#![enable(implicit_some, unwrap_variant_newtypes)]";

/// A file in the canonical layout.
pub fn render_file(file: &File) -> String {
    let mut out = String::new();
    for attribute in &file.attributes {
        out.push_str(attribute);
        out.push('\n');
    }
    let first = out.is_empty();
    comment_lines(&mut out, &file.leading, 0, first);
    render(&mut out, &file.root, 0, 0, 0, 0);
    out.push('\n');
    comment_lines(&mut out, &file.trailing, 0, false);
    out
}

/// Writes `node` in the canonical layout: `indent` is the indentation of
/// the line it starts on, `col` the column it starts at, `reserve` the
/// characters that must follow it on its last line, `depth` its nesting
/// below the root.
pub fn render(out: &mut String, node: &Node, indent: usize, col: usize, reserve: usize, depth: usize) {
    if node.kind == Kind::Atom {
        out.push_str(&node.text);
        return;
    }
    let forced = !node.items.is_empty()
        && (depth == 0 || (depth == 1 && node.kind == Kind::List) || (depth == 2 && is_rule(node)));
    if !forced && !node.has_comments {
        let mut flat = String::new();
        write_flat(&mut flat, node);
        if col + flat.chars().count() + reserve <= WIDTH {
            out.push_str(&flat);
            return;
        }
    }
    if let Some(inner) = hugged(node) {
        out.push_str(&node.text);
        out.push('(');
        render(out, inner, indent, col + node.text.chars().count() + 1, reserve + 1, depth + 1);
        out.push(')');
        return;
    }
    let (open, close) = brackets(node.kind);
    out.push_str(&node.text);
    out.push(open);
    out.push('\n');
    let inner = indent + INDENT;
    let mut first = true;
    for item in &node.items {
        comment_lines(out, &item.leading, inner, first);
        if item.blank_before && !first && item.leading.is_empty() {
            out.push('\n');
        }
        first = false;
        pad(out, inner);
        let mut col = inner;
        if let Some(key) = &item.key {
            out.push_str(&key.text);
            out.push_str(": ");
            col += key.text.chars().count() + 2;
        }
        render(out, &item.value, inner, col, 1, depth + 1);
        out.push(',');
        if let Some(comment) = &item.trailing {
            out.push(' ');
            out.push_str(&comment.text);
        }
        out.push('\n');
    }
    comment_lines(out, &node.tail, inner, first);
    pad(out, indent);
    out.push(close);
}

/// Whether a value is a rule (the only item with a `then`).
fn is_rule(node: &Node) -> bool {
    node.kind == Kind::Struct && node.items.iter().any(|i| i.key.as_ref().is_some_and(|k| k.text == "then"))
}

/// The content of a single-value variant that can hug it: `all([` ... `])`.
fn hugged(node: &Node) -> Option<&Node> {
    match node.items.as_slice() {
        [item]
            if node.kind == Kind::Tuple
                && !node.text.is_empty()
                && node.tail.is_empty()
                && item.leading.is_empty()
                && item.trailing.is_none()
                && item.value.kind != Kind::Atom
                && !item.value.items.is_empty() =>
        {
            Some(&item.value)
        }
        _ => None,
    }
}

/// The opening and closing brackets of a container.
pub fn brackets(kind: Kind) -> (char, char) {
    match kind {
        Kind::List => ('[', ']'),
        Kind::Map => ('{', '}'),
        _ => ('(', ')'),
    }
}

/// A value on one line (comments are not looked at).
pub fn write_flat(out: &mut String, node: &Node) {
    if node.kind == Kind::Atom {
        out.push_str(&node.text);
        return;
    }
    let (open, close) = brackets(node.kind);
    out.push_str(&node.text);
    out.push(open);
    for (i, item) in node.items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        if let Some(key) = &item.key {
            out.push_str(&key.text);
            out.push_str(": ");
        }
        write_flat(out, &item.value);
    }
    out.push(close);
}

/// Comments each on its own line at `indent`, keeping a blank line before
/// one that had it (except first in its container).
fn comment_lines(out: &mut String, comments: &[Comment], indent: usize, mut first: bool) {
    for comment in comments {
        if comment.blank_before && !first {
            out.push('\n');
        }
        first = false;
        pad(out, indent);
        out.push_str(&comment.text);
        out.push('\n');
    }
}

fn pad(out: &mut String, n: usize) {
    out.extend(std::iter::repeat_n(' ', n));
}

#[cfg(test)]
mod tests {
    use super::super::ron_tree::parse;
    use super::*;

    fn fmt(src: &str) -> String {
        render_file(&parse(src).unwrap())
    }

    #[test]
    fn short_values_stay_on_one_line_and_long_ones_break() {
        let long = "x".repeat(110);
        let src = format!(
            "(name: \"s\", slots: [(id: \"a\", kind: content)], rules: [(id: \"r\", when: all([pred(attr: \"{long}\"), pred(attr: \"b\")]))])"
        );
        let expected = format!(
            "(
    name: \"s\",
    slots: [
        (id: \"a\", kind: content),
    ],
    rules: [
        (
            id: \"r\",
            when: all([
                pred(
                    attr: \"{long}\",
                ),
                pred(attr: \"b\"),
            ]),
        ),
    ],
)
"
        );
        assert_eq!(fmt(&src), expected);
        assert_eq!(fmt(&expected), expected);
    }

    #[test]
    fn comments_and_blank_lines_are_kept() {
        let src = "#![enable(implicit_some)]\n// head\n(\n  name: \"s\", // the name\n\n\n  // the slots\n  slots: [], tags: [a, /* b */ b]\n)\n";
        let expected = "#![enable(implicit_some)]\n// head\n(\n    name: \"s\", // the name\n\n    // the slots\n    slots: [],\n    tags: [\n        a,\n        /* b */\n        b,\n    ],\n)\n";
        assert_eq!(fmt(src), expected);
        assert_eq!(fmt(expected), expected);
    }
}
