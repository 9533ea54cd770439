//! Surgical saves (SPEC §10): the new ruleset is written into the text it
//! was read from, rewriting only the values that changed. Unchanged values
//! keep their text byte for byte, comments and blank lines included. A
//! changed container whose elements are the same fields (or the same list
//! items) is edited element by element, so a changed priority rewrites only
//! the priority. When elements come and go, each element is moved as a chunk
//! of lines: the comment and blank lines above it, its own lines and its
//! trailing comment; a deleted element takes its chunk with it and a new one
//! is written in the canonical layout where the new order puts it. A value
//! whose shape changed is written in the canonical layout at its place.

use std::collections::{HashMap, VecDeque};

use super::layout::{INDENT, render};
use super::ron_tree::{Item, Kind, Node, atom_value, same};

/// `src` rewritten so that it reads as `new`. `text` is the tree of `src`;
/// `old` is the serializer's tree of what `src` reads as, which decides what
/// changed (so `"…Z"` and `"…+00:00"` for the same instant are no change).
pub fn splice(src: &str, text: &Node, old: &Node, new: &Node) -> String {
    let mut out = String::with_capacity(src.len() + 256);
    out.push_str(&src[..text.span.start]);
    value(&mut out, src, Trio { text, old, new }, 0);
    out.push_str(&src[text.span.end..]);
    out
}

/// One value three ways: as written in the file, as the serializer writes
/// what the file reads as, and as the serializer writes the new value.
#[derive(Clone, Copy)]
struct Trio<'a> {
    text: &'a Node,
    old: &'a Node,
    new: &'a Node,
}

/// Writes `new` where `text` is, keeping as much of `text` as it can.
fn value(out: &mut String, src: &str, v: Trio<'_>, depth: usize) {
    let Trio { text, old, new } = v;
    if same(old, new) {
        out.push_str(&src[text.span.clone()]);
        return;
    }
    let containers = old.kind != Kind::Atom
        && old.kind == new.kind
        && old.kind == text.kind
        && old.text == new.text
        && old.text == text.text;
    if containers && (keyed(old) || text.items.len() == old.items.len()) {
        let olds = old_values(text, old);
        if same_shape(text, old, &olds, new) {
            in_place(out, src, v, &olds, depth);
            return;
        }
        if on_own_lines(src, text) {
            by_lines(out, src, v, &olds, depth);
            return;
        }
    }
    fresh(out, src, text, new, depth);
}

/// Writes `new` in the canonical layout where `text` is.
fn fresh(out: &mut String, src: &str, text: &Node, new: &Node, depth: usize) {
    let (indent, col) = position(src, text.span.start);
    render(out, new, indent, col, 1, depth);
}

/// Whether a new field is one the file leaves out and that did not change.
fn left_out(old: &Node, n: &Item) -> bool {
    by_key(old, n.key.as_ref()).is_some_and(|o| same(&o.value, &n.value))
}

/// Whether elements are found by key (fields, map entries) rather than by place.
fn keyed(node: &Node) -> bool {
    matches!(node.kind, Kind::Struct | Kind::Map)
}

/// The element of a keyed container with this key.
fn by_key<'a>(node: &'a Node, key: Option<&Node>) -> Option<&'a Item> {
    let key = key?;
    node.items.iter().find(|item| item.key.as_ref().is_some_and(|k| same(k, key)))
}

/// For each element of the text, the serializer's value for it: by key
/// (the file may spell out a default the serializer leaves out, or leave
/// out one it writes), else by place.
fn old_values<'a>(text: &Node, old: &'a Node) -> Vec<Option<&'a Node>> {
    if keyed(old) {
        text.items.iter().map(|t| by_key(old, t.key.as_ref()).map(|o| &o.value)).collect()
    } else {
        old.items.iter().map(|o| Some(&o.value)).collect()
    }
}

/// Whether every element can be edited where it is: no field comes or
/// goes (a default the file spells out may stay, one it leaves out may stay
/// out), or the list items are the same items in the same order.
fn same_shape(text: &Node, old: &Node, olds: &[Option<&Node>], new: &Node) -> bool {
    if keyed(new) {
        new.items.iter().all(|n| by_key(text, n.key.as_ref()).is_some() || left_out(old, n))
            && text.items.iter().zip(olds).all(|(t, o)| o.is_none() || by_key(new, t.key.as_ref()).is_some())
    } else {
        text.items.len() == new.items.len()
            && olds.iter().zip(&new.items).all(|(o, n)| o.map(identity) == Some(identity(&n.value)))
    }
}

/// One element: its text, the serializer's old value if any, its new value.
fn element(out: &mut String, src: &str, t: &Item, o: Option<&Node>, n: &Node, depth: usize) {
    match o {
        Some(old) => value(out, src, Trio { text: &t.value, old, new: n }, depth),
        None => fresh(out, src, &t.value, n, depth),
    }
}

/// Copies the text with each element's value rewritten in place.
fn in_place(out: &mut String, src: &str, v: Trio<'_>, olds: &[Option<&Node>], depth: usize) {
    let mut at = v.text.span.start;
    for (i, (t, o)) in v.text.items.iter().zip(olds).enumerate() {
        let n = if keyed(v.new) {
            by_key(v.new, t.key.as_ref()).map(|n| &n.value)
        } else {
            v.new.items.get(i).map(|n| &n.value)
        };
        let Some(n) = n else { continue };
        out.push_str(&src[at..t.value.span.start]);
        element(out, src, t, *o, n, depth + 1);
        at = t.value.span.end;
    }
    out.push_str(&src[at..v.text.span.end]);
}

/// Rebuilds a container laid out one element a line: the opening line, the
/// chunk of each kept element in the new order, new elements in the
/// canonical layout, and the closing lines.
fn by_lines(out: &mut String, src: &str, v: Trio<'_>, olds: &[Option<&Node>], depth: usize) {
    let Trio { text, old, new } = v;
    let matches = match_items(text, old, new);
    let first_chunk = line_end(src, text.span.start);
    let chunks: Vec<(usize, usize)> = text
        .items
        .iter()
        .scan(first_chunk, |start, item| {
            let chunk = (*start, line_end(src, item.value.span.end));
            *start = chunk.1;
            Some(chunk)
        })
        .collect();
    let tail = chunks.last().map_or(first_chunk, |c| c.1);
    let indent = text
        .items
        .first()
        .map_or_else(|| position(src, text.span.start).0 + INDENT, |item| position(src, item.start).0);
    out.push_str(&src[text.span.start..first_chunk]);
    for (n, matched) in new.items.iter().zip(matches) {
        let found = matched.and_then(|i| Some((text.items.get(i)?, olds.get(i)?, chunks.get(i)?)));
        match found {
            Some((t, o, &(start, end))) => {
                out.push_str(&src[start..t.value.span.start]);
                element(out, src, t, *o, &n.value, depth + 1);
                let rest = &src[t.value.span.end..end];
                if !rest.trim_start().starts_with(',') {
                    out.push(',');
                }
                out.push_str(rest);
            }
            None if keyed(new) && left_out(old, n) => {}
            None => new_item(out, n, indent, depth + 1),
        }
    }
    out.push_str(&src[tail..text.span.end]);
}

/// Writes a new element on its own line.
fn new_item(out: &mut String, item: &Item, indent: usize, depth: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
    let mut col = indent;
    if let Some(key) = &item.key {
        out.push_str(&key.text);
        out.push_str(": ");
        col += key.text.chars().count() + 2;
    }
    render(out, &item.value, indent, col, 1, depth);
    out.push_str(",\n");
}

/// For each new element, the old element it continues, if any: fields by
/// name; list items kept at both ends, then by `id` (or `name`), then equal
/// items, then the rest in order (a renamed item).
fn match_items(text: &Node, old: &Node, new: &Node) -> Vec<Option<usize>> {
    let mut used = vec![false; old.items.len()];
    let mut out = vec![None; new.items.len()];
    if keyed(old) {
        return new
            .items
            .iter()
            .map(|n| text.items.iter().position(|t| matches!((&t.key, &n.key), (Some(x), Some(y)) if same(x, y))))
            .collect();
    }
    let (n, m) = (old.items.len(), new.items.len());
    let mut prefix = 0;
    while prefix < n.min(m) && same(&old.items[prefix].value, &new.items[prefix].value) {
        used[prefix] = true;
        out[prefix] = Some(prefix);
        prefix += 1;
    }
    let mut suffix = 0;
    while suffix < (n - prefix).min(m - prefix)
        && same(&old.items[n - 1 - suffix].value, &new.items[m - 1 - suffix].value)
    {
        used[n - 1 - suffix] = true;
        out[m - 1 - suffix] = Some(n - 1 - suffix);
        suffix += 1;
    }
    let middle_old = prefix..n - suffix;
    let middle_new = prefix..m - suffix;
    // By identity, in one pass over each side.
    let mut by_identity: HashMap<String, VecDeque<usize>> = HashMap::new();
    for i in middle_old.clone() {
        if let Some(id) = identity(&old.items[i].value) {
            by_identity.entry(id).or_default().push_back(i);
        }
    }
    for j in middle_new.clone() {
        let found = identity(&new.items[j].value).and_then(|id| by_identity.get_mut(&id)?.pop_front());
        if let Some(i) = found {
            used[i] = true;
            out[j] = Some(i);
        }
    }
    // Equal items, where the middle is small enough to compare all pairs.
    if middle_old.len().saturating_mul(middle_new.len()) <= 1_000_000 {
        for j in middle_new.clone() {
            if out[j].is_some() {
                continue;
            }
            if let Some(i) = middle_old.clone().find(|&i| !used[i] && same(&old.items[i].value, &new.items[j].value)) {
                used[i] = true;
                out[j] = Some(i);
            }
        }
    }
    // The rest in order.
    let mut rest = middle_old.filter(|&i| !used[i]);
    for j in middle_new {
        if out[j].is_none() {
            out[j] = rest.next();
        }
    }
    out
}

/// What names a list item across edits: its `id` field, else its `name`.
fn identity(node: &Node) -> Option<String> {
    if node.kind != Kind::Struct {
        return None;
    }
    ["id", "name"].into_iter().find_map(|field| {
        node.items
            .iter()
            .find(|item| item.key.as_ref().is_some_and(|k| k.text == field))
            .filter(|item| item.value.kind == Kind::Atom)
            .map(|item| atom_value(&item.value.text))
    })
}

/// Whether every element of a container starts its own line and ends it
/// (a comma and a `//` comment may follow), and the brackets end and start
/// their lines, so elements can be moved as whole lines.
fn on_own_lines(src: &str, node: &Node) -> bool {
    let Some(first) = node.items.first() else { return false };
    let open_rest = &src[node.span.start + node.text.len() + 1..line_end(src, node.span.start)];
    let close = node.span.end - 1;
    let opens_line = open_rest.trim().is_empty() || open_rest.trim_start().starts_with("//");
    opens_line
        && src[line_start(src, close)..close].trim().is_empty()
        && line_start(src, first.start) > node.span.start
        && node.items.iter().all(|item| {
            let end = item.value.span.end;
            let rest = src[end..line_end(src, end)].trim_start();
            let rest = rest.strip_prefix(',').unwrap_or(rest).trim();
            src[line_start(src, item.start)..item.start].trim().is_empty()
                && (rest.is_empty() || rest.starts_with("//"))
                && line_end(src, end) <= close
        })
}

/// The offset where the line holding `pos` starts.
fn line_start(src: &str, pos: usize) -> usize {
    src[..pos].rfind('\n').map_or(0, |i| i + 1)
}

/// The offset just after the line break ending the line holding `pos`.
fn line_end(src: &str, pos: usize) -> usize {
    src[pos..].find('\n').map_or(src.len(), |i| pos + i + 1)
}

/// The indentation of the line holding `pos`, and the column of `pos`.
fn position(src: &str, pos: usize) -> (usize, usize) {
    let line = &src[line_start(src, pos)..pos];
    (line.len() - line.trim_start_matches(' ').len(), line.chars().count())
}

#[cfg(test)]
mod tests {
    use super::super::layout::write_flat;
    use super::super::ron_tree::parse;
    use super::*;

    fn compact(node: &Node) -> String {
        let mut out = String::new();
        write_flat(&mut out, node);
        out
    }

    fn edit(src: &str, new: &str) -> String {
        let text = parse(src).unwrap();
        let old = parse(&compact(&text.root)).unwrap();
        let new = parse(new).unwrap();
        let out = splice(src, &text.root, &old.root, &new.root);
        assert!(same(&parse(&out).unwrap().root, &new.root), "{out}");
        out
    }

    const SRC: &str = "// head
(
    name: \"s\", // the name
    rules: [
        // ---- first
        (id: \"a\", priority: 1), // short

        (
            id: \"b\",
            priority: 2, // two
            when: all([pred(attr: \"x\")]),
        ),
        // about c
        (id: \"c\", priority: 3),
    ],
)
";

    #[test]
    fn a_changed_field_is_the_only_change() {
        let out = edit(
            SRC,
            r#"(name: "s", rules: [(id: "a", priority: 1), (id: "b", priority: 5, when: all([pred(attr: "x")])), (id: "c", priority: 3)])"#,
        );
        assert_eq!(out, SRC.replace("priority: 2, // two", "priority: 5, // two"));
    }

    #[test]
    fn deleted_items_take_their_comments_and_moved_items_carry_them() {
        let deleted = edit(
            SRC,
            r#"(name: "s", rules: [(id: "b", priority: 2, when: all([pred(attr: "x")])), (id: "c", priority: 3)])"#,
        );
        assert!(
            !deleted.contains("first") && !deleted.contains("short") && deleted.contains("// about c"),
            "{deleted}"
        );
        let moved = edit(
            SRC,
            r#"(name: "s", rules: [(id: "c", priority: 3), (id: "a", priority: 1), (id: "b", priority: 2, when: all([pred(attr: "x")]))])"#,
        );
        let c = moved.find("// about c").unwrap();
        assert!(c < moved.find("// ---- first").unwrap() && moved.contains("(id: \"a\", priority: 1), // short"));
    }

    #[test]
    fn new_items_and_fields_are_written_in_the_canonical_layout() {
        let out = edit(
            SRC,
            r#"(name: "s", description: "d", rules: [(id: "a", priority: 1), (id: "b", priority: 2, when: all([pred(attr: "x")])), (id: "c", priority: 3), (id: "d", priority: 4)])"#,
        );
        assert!(out.contains("    name: \"s\", // the name\n    description: \"d\",\n"), "{out}");
        assert!(out.contains("        (id: \"c\", priority: 3),\n        (id: \"d\", priority: 4),\n    ],"), "{out}");
    }

    #[test]
    fn unchanged_values_keep_their_spelling() {
        let src = "(\n    a: \"2026-01-01T00:00:00Z\",\n    b: 1,\n)\n";
        let text = parse(src).unwrap();
        let old = parse(r#"(a: "2026-01-01T00:00:00+00:00", b: 1)"#).unwrap();
        let new = parse(r#"(a: "2026-01-01T00:00:00+00:00", b: 2)"#).unwrap();
        assert_eq!(splice(src, &text.root, &old.root, &new.root), src.replace("b: 1", "b: 2"));
    }

    #[test]
    fn one_line_values_stay_on_one_line() {
        let src = "(slots: [\n    (id: \"a\", kind: content, tags: [\"x\"]),\n])\n";
        let out = edit(src, r#"(slots: [(id: "a", kind: offer, tags: ["x", "y"])])"#);
        assert_eq!(out, "(slots: [\n    (id: \"a\", kind: offer, tags: [\"x\", \"y\"]),\n])\n");
    }

    #[test]
    fn lists_can_be_emptied_and_filled_again() {
        let src = "(\n    tags: [\n        \"a\",\n        // the end\n    ],\n    more: [],\n)\n";
        let emptied = edit(src, "(tags: [], more: [])");
        assert_eq!(emptied, "(\n    tags: [\n        // the end\n    ],\n    more: [],\n)\n");
        let filled = edit(&emptied, r#"(tags: [], more: ["b"])"#);
        // A list of the root takes one item a line.
        assert_eq!(filled, emptied.replace("more: []", "more: [\n        \"b\",\n    ]"));
    }
}
