//! Files: the RON project file, load errors with positions, the limits
//! every loader enforces, and atomic saves.

pub mod atomic;
mod error;
pub mod limits;
pub mod plain;
pub mod project;
pub mod ron_spans;

pub use error::{BOM, LoadError, LoadErrorKind, line_col, lower_first, read_text, text_of};
pub use project::{
    Document, load_ruleset, parse_ruleset, ron_error, ron_options, save_last_export, save_ruleset, to_ron,
};
