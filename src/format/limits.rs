//! The documented limits every loader enforces (SPEC §9). They keep a
//! malicious or broken file from exhausting memory or time; `docs/FORMAT.md`
//! lists them.

/// Largest ruleset or export file, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// Most rules in a ruleset.
pub const MAX_RULES: usize = 20_000;
/// Most slots.
pub const MAX_SLOTS: usize = 500;
/// Most segments.
pub const MAX_SEGMENTS: usize = 2_000;
/// Most ruleset tests.
pub const MAX_TESTS: usize = 10_000;
/// Deepest condition nesting (a predicate alone has depth 1).
pub const MAX_DEPTH: usize = 32;
/// Longest `matches` pattern or text value, in bytes.
pub const MAX_PATTERN_BYTES: usize = 2_048;
/// Largest compiled size of one pattern, in bytes (the regex crate's size limit).
pub const MAX_REGEX_COMPILED_BYTES: usize = 1 << 20;
/// Most values in one operator's list (`in`, `has_any`, ...).
pub const MAX_LIST_VALUES: usize = 10_000;
/// Longest session record, in bytes: a line of JSON lines (files, `eval`
/// and `serve-eval` stdin) or a CSV record (which may span lines).
pub const MAX_RECORD_BYTES: usize = 1024 * 1024;
/// Largest RON session file (RON files are read whole), in bytes.
pub const MAX_RON_SESSIONS_BYTES: u64 = 256 * 1024 * 1024;
