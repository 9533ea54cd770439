//! Files: the RON project file, load errors with positions, reading within
//! the [limits](crate::model::limits) every loader enforces, atomic saves
//! that rewrite only what changed, and the canonical layout `rulestudio fmt`
//! writes.

pub mod atomic;
mod error;
pub mod layout;
pub mod plain;
pub mod project;
pub mod ron_spans;
pub mod ron_tree;
mod splice;

pub use error::{BOM, LoadError, LoadErrorKind, Position, line_col, lower_first, read_text, text_of};
pub use project::{
    Document, Layout, format_ruleset, load_ruleset, parse_ruleset, ron_error, ron_options, save_edited,
    save_last_export, save_ruleset, saved_text, to_ron,
};
