//! Load errors: where in which file, and what is wrong, in a plain sentence;
//! reading text files within a size limit.

use std::fmt;
use std::path::Path;

use crate::model::ValueError;

/// A 1-based line and column (in characters) in a text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Position {
    /// The position at `line` and `column` (both from 1).
    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Why a file was refused: the file as the user named it, where in it when
/// the problem is at a position, and what is wrong. Nothing of a refused file
/// is used. It displays as `file:line:column: sentence`, or `file: sentence`
/// for a problem with the whole file.
///
/// # Example
/// ```
/// use rulestudio::format::{LoadErrorKind, parse_ruleset};
/// let e = parse_ruleset("(name: 1)", "shop.rules.ron").unwrap_err();
/// assert!(matches!(e.kind(), LoadErrorKind::Syntax(_)));
/// assert_eq!(e.position().map(|p| (p.line, p.column)), Some((1, 7)));
/// assert!(e.to_string().starts_with("shop.rules.ron:1:7: "), "{e}");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {kind}", At(*.position))]
pub struct LoadError {
    file: String,
    position: Option<Position>,
    kind: LoadErrorKind,
}

/// What stopped a load. Each displays as a plain sentence, lower case, with
/// user input in backticks.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The file could not be read; the system's reason.
    #[error("cannot read the file: {0}")]
    Io(String),
    /// The text is not valid UTF-8.
    #[error("the text is not valid UTF-8")]
    Encoding,
    /// The text does not parse, or a field has the wrong type or name.
    #[error("{0}")]
    Syntax(String),
    /// A value of a CSV column is not what the column holds.
    #[error("column `{column}`: {error}")]
    Cell {
        /// The column's name.
        column: String,
        /// What is wrong with the value.
        error: Box<ValueError>,
    },
    /// A value parses but is not acceptable (bad code, bad checksum, ...).
    #[error("{0}")]
    Invalid(String),
    /// The file exceeds a documented limit.
    #[error("{0}")]
    TooLarge(String),
    /// The file is of another format or a newer version.
    #[error("{0}")]
    Unsupported(String),
}

/// `:line:column`, or nothing without a position.
struct At(Option<Position>);

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(p) => write!(f, ":{p}"),
            None => Ok(()),
        }
    }
}

impl LoadError {
    /// An error in `file`, at a position or about the whole file.
    pub fn new(file: &str, position: Option<Position>, kind: LoadErrorKind) -> Self {
        LoadError { file: file.to_owned(), position, kind }
    }

    /// An error at a line and column (both from 1).
    pub fn at(file: &str, line: usize, column: usize, kind: LoadErrorKind) -> Self {
        Self::new(file, Some(Position::new(line, column)), kind)
    }

    /// An error about the whole file.
    pub fn whole(file: &str, kind: LoadErrorKind) -> Self {
        Self::new(file, None, kind)
    }

    /// An I/O error reading `path`.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Self::whole(&path.display().to_string(), LoadErrorKind::io(err))
    }

    /// The file, as the user named it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Where in the file, when the problem is at a position.
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// What is wrong.
    pub fn kind(&self) -> &LoadErrorKind {
        &self.kind
    }
}

impl LoadErrorKind {
    /// The kind for an I/O error, in the system's words.
    pub fn io(err: &std::io::Error) -> Self {
        LoadErrorKind::Io(lower_first(&err.to_string()))
    }
}

/// Lower-cases the first letter of a message from a library.
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if !chars.clone().next().is_some_and(char::is_uppercase) => c.to_lowercase().chain(chars).collect(),
        _ => s.to_owned(),
    }
}

/// Reads a text file within a size limit. The size is checked before
/// reading and the read itself stops one byte past the limit, so a growing
/// file or a device such as `/dev/zero` is refused without being read to
/// the end. A UTF-8 byte order mark is skipped.
///
/// # Errors
/// I/O errors, files over `max_bytes`, and invalid UTF-8 (with its position).
pub fn read_text(path: &Path, max_bytes: u64) -> Result<String, LoadError> {
    use std::io::Read;
    let name = path.display().to_string();
    let too_large = |size: String| {
        LoadError::whole(&name, LoadErrorKind::TooLarge(format!("{size}; the file size limit is {max_bytes} bytes")))
    };
    let file = std::fs::File::open(path).map_err(|e| LoadError::io(path, &e))?;
    let meta = file.metadata().map_err(|e| LoadError::io(path, &e))?;
    if meta.len() > max_bytes {
        return Err(too_large(format!("the file is {} bytes", meta.len())));
    }
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1)).read_to_end(&mut bytes).map_err(|e| LoadError::io(path, &e))?;
    if bytes.len() as u64 > max_bytes {
        return Err(too_large(format!("the file has more than {max_bytes} bytes")));
    }
    text_of(&name, bytes)
}

/// Decodes a file's bytes as UTF-8 text, skipping a byte order mark.
///
/// # Errors
/// Invalid UTF-8, at its line and column.
pub fn text_of(name: &str, mut bytes: Vec<u8>) -> Result<String, LoadError> {
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        LoadError::new(name, Some(position_after(valid)), LoadErrorKind::Encoding)
    })
}

/// The UTF-8 byte order mark some editors put at the start of a file.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The position just after `prefix` (valid UTF-8 bytes).
fn position_after(prefix: &[u8]) -> Position {
    let text = String::from_utf8_lossy(prefix);
    line_col(&text, text.len())
}

/// The line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Position::new(line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(line_col("ab\ncdé\nf", 0), Position::new(1, 1));
        assert_eq!(line_col("ab\ncdé\nf", 3), Position::new(2, 1));
        assert_eq!(line_col("ab\ncdé\nf", 8), Position::new(3, 1));
        assert_eq!(lower_first("Unexpected end"), "unexpected end");
        assert_eq!(lower_first("IO error"), "IO error");
    }
}
