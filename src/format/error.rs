//! Load errors: where in which file, and what is wrong, in a plain sentence.

use std::fmt;
use std::path::Path;

/// What kind of problem stopped a load.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// The file could not be read.
    Io,
    /// The file is not valid UTF-8.
    Encoding,
    /// The text does not parse, or a field has the wrong type or name.
    Syntax,
    /// A value parses but is not acceptable (bad code, bad checksum, ...).
    Invalid,
    /// The file exceeds a documented limit.
    TooLarge,
    /// The file is of a newer or unknown format.
    Unsupported,
}

/// Why a file was refused. Nothing of a refused file is used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The file, as the user named it.
    pub file: String,
    /// 1-based line, 0 when the problem is not at a position.
    pub line: usize,
    /// 1-based column (in characters), 0 when not at a position.
    pub column: usize,
    /// What kind of problem.
    pub kind: LoadErrorKind,
    /// A plain sentence, lower case, user input in backticks.
    pub message: String,
}

impl LoadError {
    /// An error at a position.
    pub fn at(file: &str, line: usize, column: usize, kind: LoadErrorKind, message: impl Into<String>) -> Self {
        LoadError { file: file.to_owned(), line, column, kind, message: message.into() }
    }

    /// An error about the whole file.
    pub fn whole(file: &str, kind: LoadErrorKind, message: impl Into<String>) -> Self {
        Self::at(file, 0, 0, kind, message)
    }

    /// An I/O error.
    pub fn io(path: &Path, err: &std::io::Error) -> Self {
        Self::whole(
            &path.display().to_string(),
            LoadErrorKind::Io,
            format!("cannot read the file: {}", lower_first(&err.to_string())),
        )
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.file, self.message)
        } else {
            write!(f, "{}:{}:{}: {}", self.file, self.line, self.column, self.message)
        }
    }
}

impl std::error::Error for LoadError {}

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
        LoadError::whole(&name, LoadErrorKind::TooLarge, format!("{size}; the file size limit is {max_bytes} bytes"))
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
        let (line, column) = line_col_of_bytes(valid);
        LoadError::at(name, line, column, LoadErrorKind::Encoding, "the file is not valid UTF-8 text")
    })
}

/// The UTF-8 byte order mark some editors put at the start of a file.
pub const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The 1-based line and column just after `prefix` (valid UTF-8 bytes).
fn line_col_of_bytes(prefix: &[u8]) -> (usize, usize) {
    let text = String::from_utf8_lossy(prefix);
    line_col(&text, text.len())
}

/// The 1-based line and column (in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions() {
        assert_eq!(line_col("ab\ncdé\nf", 0), (1, 1));
        assert_eq!(line_col("ab\ncdé\nf", 3), (2, 1));
        assert_eq!(line_col("ab\ncdé\nf", 8), (3, 1));
        assert_eq!(lower_first("Unexpected end"), "unexpected end");
        assert_eq!(lower_first("IO error"), "IO error");
    }
}
