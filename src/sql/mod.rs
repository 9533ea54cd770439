//! Simulation where the data lives (SPEC §13): a ruleset compiled to one
//! SQL query that decides every session of a table as the engine does, in
//! DuckDB, BigQuery, Snowflake, Spark or Postgres, and optionally the
//! aggregate report of `simulate`. Parity tests run the DuckDB query
//! against the engine; `docs/SQL.md` lists what differs between dialects.
//!
//! Stages: [`columns`](Columns) say where each session field is;
//! `query` plans the steps (fields, derived attributes, segments, rules,
//! winners); `regex` prints patterns per dialect; `derived` writes the
//! channel, referrer host and local time from the engine's tables; `udf`
//! defines the holdout hash; `report` aggregates.

mod columns;
mod derived;
mod dialect;
#[cfg(feature = "duckdb")]
pub mod embedded;
mod query;
mod regex;
mod report;
mod udf;

use std::fmt;

pub use columns::{Columns, SESSION_FIELDS};
pub use dialect::Dialect;
pub use query::SlotColumns;
pub use regex::{Untranslatable, translate};
pub use report::{ReportRow, fold};
pub use udf::MURMUR3_JS;

use crate::compile::{CompiledRuleset, compile};
use crate::model::attribute::id;
use crate::model::{FieldPath, Ruleset};
use crate::validate::Diagnostic;

/// What the generator needs besides the ruleset.
#[derive(Clone, Debug)]
pub struct Options {
    /// The SQL engine.
    pub dialect: Dialect,
    /// Where the session fields are.
    pub columns: Columns,
    /// The aggregate report instead of per-session decisions.
    pub report: bool,
    /// Whether the host registers `rulestudio_device_type`, `_os` and
    /// `_browser` (the engine's user-agent parsing); without them device
    /// facts come from columns only.
    pub device_functions: bool,
}

impl Options {
    /// Per-session decisions over the flattened schema in a table `sessions`.
    pub fn new(dialect: Dialect) -> Self {
        Options { dialect, columns: Columns::flattened(), report: false, device_functions: false }
    }
}

/// A field the generator cannot write in the dialect, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    /// The rule, if the field is in one.
    pub rule: Option<String>,
    /// The field, from the ruleset's root.
    pub path: FieldPath,
    /// Byte offset in a written pattern, when the problem is there.
    pub offset: Option<usize>,
    /// What cannot be written, in words.
    pub message: String,
}

impl Refusal {
    /// A refusal about the whole query.
    pub fn whole(message: &str) -> Self {
        Refusal { rule: None, path: FieldPath::root(), offset: None, message: message.to_owned() }
    }

    /// The same refusal about segment `index`'s condition.
    fn in_segment(mut self, index: usize) -> Self {
        self.path = FieldPath::root().field("segments").index(index).join(&self.path.0);
        self
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(rule) = &self.rule {
            write!(f, "rule `{rule}`, ")?;
        }
        write!(f, "{}", self.path)?;
        if let Some(offset) = self.offset {
            write!(f, ", pattern position {}", offset + 1)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Why no query was written.
#[derive(Debug)]
pub enum SqlError {
    /// The ruleset has errors (every error diagnostic).
    Invalid(Vec<Diagnostic>),
    /// Fields the dialect cannot express as the engine decides them.
    Refused(Vec<Refusal>),
}

/// A query and the columns it yields.
#[derive(Clone, Debug)]
pub struct Generated {
    /// The SQL text: comments, any function definitions, then the query.
    pub sql: String,
    /// The query alone, without comments or definitions.
    pub query: String,
    /// Per slot, the output columns of the decisions.
    pub slots: Vec<SlotColumns>,
}

/// Compiles a ruleset to SQL.
///
/// # Errors
/// [`SqlError::Invalid`] when the ruleset has errors, and
/// [`SqlError::Refused`] with every field the dialect cannot express.
///
/// # Example
/// ```
/// use rulestudio::format::parse_ruleset;
/// use rulestudio::sql::{Dialect, Options, generate};
/// let src = r#"(name: "shop", time_zone: "UTC",
///   slots: [(id: "home.hero", kind: content, default: content(id: "generic"))],
///   rules: [(id: "ca", name: "Canada", priority: 10,
///            when: pred(attr: "geo.country", op: is("CA")),
///            then: [(slot: "home.hero", outcome: content(id: "maple"))])])"#;
/// let sql = generate(&parse_ruleset(src, "shop.rules.ron").unwrap(), &Options::new(Dialect::Duckdb)).unwrap();
/// assert!(sql.query.contains("WHEN e_0 THEN 'ca'"));
/// assert_eq!(sql.slots[0].outcome, "home_hero");
/// ```
pub fn generate(ruleset: &Ruleset, options: &Options) -> Result<Generated, SqlError> {
    let compiled = compile(ruleset).map_err(SqlError::Invalid)?;
    generate_compiled(&compiled, options)
}

/// Compiles an already compiled ruleset to SQL.
///
/// # Errors
/// [`SqlError::Refused`] with every field the dialect cannot express.
pub fn generate_compiled(c: &CompiledRuleset, options: &Options) -> Result<Generated, SqlError> {
    let d = options.dialect;
    let inputs = query::Inputs {
        dialect: d,
        columns: &options.columns,
        device_functions: options.device_functions,
        ties: options.report,
    };
    let plan = query::Plan::new(c, &inputs).map_err(SqlError::Refused)?;
    let query = if options.report { report::query(&plan) } else { plan.decisions() };
    let mut sql = format!("-- rulestudio: ruleset `{}` compiled to {d} SQL.\n", c.name.replace('\n', " "));
    if options.report {
        sql.push_str("-- The report of `rulestudio simulate`: rows (section, subject, winner, other, sessions).\n");
    } else {
        sql.push_str("-- One row per session: session_id, then per slot its outcome and the winning rule's id\n");
        sql.push_str("-- (NULL for the slot's default):\n");
        for s in &plan.slots {
            sql.push_str(&format!("--   {}, {}: slot `{}`\n", s.outcome, s.rule, s.slot));
        }
    }
    let holdouts = c.rules.iter().any(|r| r.enabled && r.holdout_threshold > 0);
    let device_read = c.reads(id::DEVICE_TYPE) || c.reads(id::OS) || c.reads(id::BROWSER);
    if device_read && !options.device_functions {
        sql.push_str("-- device.type, device.os and device.browser are read from their columns: SQL does not parse\n");
        sql.push_str("-- user agents (`rulestudio simulate --engine duckdb` does, with the engine's parser).\n");
    }
    let mut text = sql;
    if holdouts {
        match udf::definition(d) {
            Some(def) => {
                text.push_str("-- Holdouts hash with MurmurHash3 x86_32 (SPEC §4), defined here:\n");
                text.push_str(&def);
                text.push_str("\n\n");
            }
            None => {
                text.push_str(
                    "-- Holdouts call rulestudio_murmur3(text) -> MurmurHash3 x86_32, seed 0, of the UTF-8 bytes,\n",
                );
                text.push_str("-- which the host registers (docs/SQL.md).\n");
            }
        }
    }
    text.push_str(&query);
    text.push_str(";\n");
    Ok(Generated { sql: text, query, slots: plan.slots })
}
