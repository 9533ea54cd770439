//! The project file: a ruleset in RON (`*.rules.ron`), read with positions
//! for every error and written atomically with a backup.

use std::path::Path;

use ron::extensions::Extensions;
use ron::ser::PrettyConfig;

use super::error::{LoadError, LoadErrorKind, read_text};
use super::limits::MAX_FILE_BYTES;
use super::ron_spans::SpanIndex;
use crate::model::Ruleset;

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

/// The RON options rulesets and sessions are read with.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(EXTENSIONS).with_recursion_limit(super::limits::MAX_RON_NESTING)
}

/// Turns a RON error into a load error at its position.
pub fn ron_error(file: &str, e: &ron::error::SpannedError, line_offset: usize, col_offset: usize) -> LoadError {
    let pos = e.span.start;
    let column = if pos.line == 1 { pos.col + col_offset } else { pos.col };
    let kind = match e.code {
        ron::Error::ExceededRecursionLimit => LoadErrorKind::TooLarge,
        _ => LoadErrorKind::Syntax,
    };
    LoadError::at(file, pos.line + line_offset, column, kind, super::plain::ron_message(&e.code))
}

/// Parses a ruleset from RON text; `file` names it in errors.
///
/// # Errors
/// A [`LoadError`] with line and column for malformed text, unknown fields
/// and values of the wrong type.
pub fn parse_ruleset(src: &str, file: &str) -> Result<Ruleset, LoadError> {
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
    Ok(Document { ruleset, spans: SpanIndex::build(&src), file, source: src })
}

/// The ruleset as RON text, as the studio saves it.
///
/// # Errors
/// Only if serialization fails, which the model's types do not do.
pub fn to_ron(ruleset: &Ruleset) -> Result<String, ron::Error> {
    let config = PrettyConfig::new().struct_names(false).extensions(Extensions::IMPLICIT_SOME);
    // No nesting limit when writing: a condition built deeper than the
    // limit in the studio is still saved, and refused with its depth when read.
    let mut text = ron_options().without_recursion_limit().to_string_pretty(ruleset, config)?;
    text.push('\n');
    Ok(text)
}

/// Saves a ruleset atomically, keeping the previous file as `.bak`.
///
/// # Errors
/// I/O errors; the file on disk is then unchanged.
pub fn save_ruleset(path: &Path, ruleset: &Ruleset) -> std::io::Result<()> {
    let text = to_ron(ruleset).map_err(|e| std::io::Error::other(e.to_string()))?;
    super::atomic::write_atomic(path, text.as_bytes(), true)
}

/// Records `ruleset.last_export` in a project file, changing only that field
/// of the text so comments and layout survive; falls back to rewriting the
/// whole file when the text cannot be edited in place.
///
/// # Errors
/// I/O errors; the file on disk is then unchanged.
pub fn save_last_export(path: &Path, source: &str, ruleset: &Ruleset) -> std::io::Result<()> {
    let edited =
        edit_last_export(source, ruleset).filter(|text| parse_ruleset(text, "").is_ok_and(|parsed| parsed == *ruleset));
    match edited {
        Some(text) => super::atomic::write_atomic(path, text.as_bytes(), true),
        None => save_ruleset(path, ruleset),
    }
}

fn edit_last_export(source: &str, ruleset: &Ruleset) -> Option<String> {
    let stamp = ruleset.last_export.as_ref()?;
    let value = format!("(version: {}, checksum: {:?})", stamp.version, stamp.checksum);
    let layout = super::ron_spans::root_layout(source)?;
    if let Some((_, range)) = layout.fields.iter().find(|(name, _)| name == "last_export") {
        return Some(format!("{}{value}{}", &source[..range.start], &source[range.end..]));
    }
    let (_, last) = layout.fields.last()?;
    let between = &source[last.end..layout.close];
    let (at, insert) = match between.find(',').filter(|i| between[..*i].trim().is_empty()) {
        Some(i) => (last.end + i + 1, format!("\n    last_export: {value},")),
        None => (last.end, format!(",\n    last_export: {value}")),
    };
    Some(format!("{}{insert}{}", &source[..at], &source[at..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ExportStamp;

    #[test]
    fn last_export_is_edited_in_place() {
        let src = "// keep me\n(\n    name: \"s\", // and me\n    time_zone: \"UTC\",\n    slots: [],\n)\n";
        let mut rs = parse_ruleset(src, "s").unwrap();
        rs.last_export = Some(ExportStamp { version: 3, checksum: "sha256:ab".into() });
        let edited = edit_last_export(src, &rs).unwrap();
        assert!(edited.contains("// keep me") && edited.contains("// and me"), "{edited}");
        assert_eq!(parse_ruleset(&edited, "s").unwrap(), rs);
        rs.last_export = Some(ExportStamp { version: 4, checksum: "sha256:cd".into() });
        let again = edit_last_export(&edited, &rs).unwrap();
        assert_eq!(parse_ruleset(&again, "s").unwrap(), rs);
        assert_eq!(again.matches("last_export").count(), 1);
        let no_comma = "(name: \"s\", time_zone: \"UTC\", slots: [])";
        assert_eq!(parse_ruleset(&edit_last_export(no_comma, &rs).unwrap(), "s").unwrap(), rs);
    }
}
