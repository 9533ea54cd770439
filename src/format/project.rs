//! The project file: a ruleset in RON (`*.rules.ron`), read with positions
//! for every error and written atomically with a backup.

use std::path::Path;

use ron::extensions::Extensions;

use super::error::{LoadError, LoadErrorKind, read_text};
use super::layout::{ENABLE_LINE, render_file};
use super::ron_spans::{SpanIndex, check_nesting};
use super::ron_tree::{self, File, Node};
use super::splice;
use crate::model::Ruleset;
use crate::model::limits::MAX_FILE_BYTES;

/// A ruleset read from a file, with the positions of its values.
#[derive(Clone, Debug)]
pub struct Document {
    /// The ruleset.
    pub ruleset: Ruleset,
    /// Where each value is in the file.
    pub spans: SpanIndex,
    /// The file, as named by the user.
    pub file: String,
    /// The text it was read from.
    pub source: String,
}

/// The RON extensions rulesets and sessions are read and written with:
/// `Some(...)` may be left out, and `pred((attr: ..))` is written `pred(attr: ..)`.
pub const EXTENSIONS: Extensions = Extensions::IMPLICIT_SOME.union(Extensions::UNWRAP_VARIANT_NEWTYPES);

/// The RON options rulesets and sessions are read with. The scanner has
/// already refused brackets nested past [`MAX_NESTING`](crate::model::limits::MAX_NESTING), so the parser may
/// recurse as deep as that takes (a few steps a bracket) and a condition at
/// the depth limit reaches the analysis, which names the limit.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(EXTENSIONS)
        .with_recursion_limit(crate::model::limits::MAX_RON_NESTING)
}

/// Turns a RON error into a load error at its position.
pub fn ron_error(file: &str, e: &ron::error::SpannedError, line_offset: usize, col_offset: usize) -> LoadError {
    let pos = e.span.start;
    let column = if pos.line == 1 { pos.col + col_offset } else { pos.col };
    let kind: fn(String) -> LoadErrorKind = match e.code {
        ron::Error::ExceededRecursionLimit => LoadErrorKind::TooLarge,
        _ => LoadErrorKind::Syntax,
    };
    LoadError::at(file, pos.line + line_offset, column, kind(super::plain::ron_message(&e.code)))
}

/// Parses a ruleset from RON text; `file` names it in errors.
///
/// # Errors
/// A [`LoadError`] with line and column for malformed text, unknown fields,
/// values of the wrong type and brackets nested past the limit.
pub fn parse_ruleset(src: &str, file: &str) -> Result<Ruleset, LoadError> {
    check_nesting(src).map_err(|e| e.into_error(file))?;
    ron_options().from_str::<Ruleset>(src).map_err(|e| ron_error(file, &e, 0, 0))
}

/// Reads a ruleset file.
///
/// # Errors
/// A [`LoadError`] for unreadable, oversized, non-UTF-8 or malformed files.
pub fn load_ruleset(path: &Path) -> Result<Document, LoadError> {
    let src = read_text(path, MAX_FILE_BYTES)?;
    let file = path.display().to_string();
    let ruleset = parse_ruleset(&src, &file)?;
    let spans = SpanIndex::build(&src).map_err(|e| e.into_error(&file))?;
    Ok(Document { ruleset, spans, file, source: src })
}

/// The ruleset as RON text in the canonical layout (see [`super::layout`]),
/// as new files are written.
///
/// # Errors
/// Only if serialization fails, which the model's types do not do.
pub fn to_ron(ruleset: &Ruleset) -> Result<String, ron::Error> {
    let root = tree_of(ruleset)?;
    let file = File { attributes: vec![ENABLE_LINE.to_owned()], leading: Vec::new(), root, trailing: Vec::new() };
    Ok(render_file(&file))
}

/// The ruleset as a tree, written compactly by the RON serializer and read back.
fn tree_of(ruleset: &Ruleset) -> Result<Node, ron::Error> {
    // No nesting limit when writing: see `ron_tree::parse_own`.
    let compact = ron_options().without_recursion_limit().to_string(ruleset)?;
    ron_tree::parse_own(&compact)
        .map(|file| file.root)
        .map_err(|e| ron::Error::Message(format!("cannot read the serialized ruleset at byte {}", e.0)))
}

/// How a save laid the file out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Only the items that changed were rewritten; everything else is as it was.
    Kept,
    /// The whole file was written in the canonical layout.
    Canonical,
}

/// The text to save `ruleset` as: `source` (the text it was read from) with
/// only the changed values rewritten, or the canonical layout when there is
/// no source or it cannot be edited in place. The result always reads back
/// as `ruleset`.
///
/// # Errors
/// Only if serialization fails, which the model's types do not do.
pub fn saved_text(source: Option<&str>, ruleset: &Ruleset) -> Result<(String, Layout), ron::Error> {
    let new = tree_of(ruleset)?;
    let spliced = source.and_then(|src| {
        let text = ron_tree::parse(src).ok()?;
        let old = tree_of(&parse_ruleset(src, "").ok()?).ok()?;
        let saved = splice::splice(src, &text.root, &old, &new);
        parse_ruleset(&saved, "").ok().filter(|parsed| parsed == ruleset).map(|_| saved)
    });
    match spliced {
        Some(text) => Ok((text, Layout::Kept)),
        None => Ok((to_ron(ruleset)?, Layout::Canonical)),
    }
}

/// A file laid out canonically, comments and blank lines kept: what
/// `rulestudio fmt` writes. The text must be a valid ruleset.
///
/// # Errors
/// A [`LoadError`] when the text is not a ruleset (then nothing is formatted).
pub fn format_ruleset(src: &str, file: &str) -> Result<String, LoadError> {
    let ruleset = parse_ruleset(src, file)?;
    let tree = ron_tree::parse(src).map_err(|e| {
        let at = super::error::line_col(src, e.0);
        LoadError::new(file, Some(at), LoadErrorKind::Syntax("the formatter cannot read this part of the file".into()))
    })?;
    let text = render_file(&tree);
    match parse_ruleset(&text, file) {
        Ok(again) if again == ruleset => Ok(text),
        _ => Err(LoadError::whole(
            file,
            LoadErrorKind::Invalid("the formatted text would not read back the same; nothing was changed".into()),
        )),
    }
}

/// Saves a ruleset atomically in the canonical layout, keeping the previous
/// file as `.bak`.
///
/// # Errors
/// I/O errors; the file on disk is then unchanged.
pub fn save_ruleset(path: &Path, ruleset: &Ruleset) -> std::io::Result<()> {
    let text = to_ron(ruleset).map_err(|e| std::io::Error::other(e.to_string()))?;
    super::atomic::write_atomic(path, text.as_bytes(), true)
}

/// Saves a ruleset atomically over the text it was read from (see
/// [`saved_text`]), keeping the previous file as `.bak`; returns the text
/// written and its layout.
///
/// # Errors
/// I/O errors; the file on disk is then unchanged.
pub fn save_edited(path: &Path, source: Option<&str>, ruleset: &Ruleset) -> std::io::Result<(String, Layout)> {
    let (text, layout) = saved_text(source, ruleset).map_err(|e| std::io::Error::other(e.to_string()))?;
    super::atomic::write_atomic(path, text.as_bytes(), true)?;
    Ok((text, layout))
}

/// Records `ruleset.last_export` in a project file, changing only that field
/// of the text so comments and layout survive.
///
/// # Errors
/// I/O errors; the file on disk is then unchanged.
pub fn save_last_export(path: &Path, source: &str, ruleset: &Ruleset) -> std::io::Result<()> {
    save_edited(path, Some(source), ruleset).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ExportStamp;
    use crate::model::limits::MAX_NESTING;

    #[test]
    fn last_export_is_edited_in_place() {
        let src = "// keep me\n(\n    name: \"s\", // and me\n    time_zone: \"UTC\",\n    slots: [],\n)\n";
        let mut rs = parse_ruleset(src, "s").unwrap();
        rs.last_export = Some(ExportStamp { version: 3, checksum: "sha256:ab".into() });
        let (edited, layout) = saved_text(Some(src), &rs).unwrap();
        assert_eq!(layout, Layout::Kept);
        assert_eq!(
            edited,
            "// keep me\n(\n    name: \"s\", // and me\n    time_zone: \"UTC\",\n    slots: [],\n    last_export: (version: 3, checksum: \"sha256:ab\"),\n)\n"
        );
        rs.last_export = Some(ExportStamp { version: 4, checksum: "sha256:cd".into() });
        let (again, _) = saved_text(Some(&edited), &rs).unwrap();
        assert_eq!(again, edited.replace("version: 3, checksum: \"sha256:ab\"", "version: 4, checksum: \"sha256:cd\""));
        let no_comma = "(name: \"s\", time_zone: \"UTC\", slots: [])";
        assert_eq!(parse_ruleset(&saved_text(Some(no_comma), &rs).unwrap().0, "s").unwrap(), rs);
    }

    #[test]
    fn canonical_text_is_formatted_and_reads_back() {
        let rs = parse_ruleset(include_str!("../../rulesets/demo-store.rules.ron"), "demo").unwrap();
        let text = to_ron(&rs).unwrap();
        assert_eq!(parse_ruleset(&text, "demo").unwrap(), rs);
        assert_eq!(format_ruleset(&text, "demo").unwrap(), text);
        assert!(text.starts_with(ENABLE_LINE));
    }

    #[test]
    fn the_deepest_nesting_parses_on_a_small_stack() {
        // Brackets at the limit: a rule, then `all([` down to one predicate.
        let levels = (MAX_NESTING - 5) / 2;
        let mut when = "pred(attr: \"geo.country\", op: is(\"CA\"))".to_owned();
        for _ in 0..levels {
            when = format!("all([{when}])");
        }
        let src = format!(
            "(name: \"t\", time_zone: \"UTC\", slots: [], rules: [(id: \"r\", name: \"R\", priority: 1, when: {when}, then: [])])"
        );
        assert!(check_nesting(&src).is_ok());
        // 2 MiB: the stack of a spawned thread.
        let parsed = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(move || parse_ruleset(&src, "deep").map(|rs| rs.rules.len()))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(parsed, Ok(1));
    }
}
