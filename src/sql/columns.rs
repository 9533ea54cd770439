//! Column mappings: where each session field lives in the user's table.
//! A mapping file (RON) names the table and, per field, a SQL expression
//! over it; fields it leaves out read the project's flattened session
//! schema (a column per dotted path, as in CSV, lists as arrays), and a
//! field mapped to `None` is absent from every session. `docs/SQL.md`
//! documents the file, with a worked example for the GA4 BigQuery export.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::Dialect;
use crate::format::project::{ron_error, ron_options};
use crate::format::{LoadError, LoadErrorKind, read_text};
use crate::model::attribute::{BUILTIN, CUSTOM_PREFIX};

/// The session fields that are not attributes.
pub const SESSION_FIELDS: &[&str] = &["id", "visitor_id", "timestamp"];

/// A column mapping file's largest size.
const MAX_MAPPING_BYTES: u64 = 1 << 20;

/// The mapping file as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// What the query reads from: a table name or a parenthesised subquery.
    #[serde(default)]
    table: Option<String>,
    /// Per field, its SQL expression, or `None` for a field no session has.
    #[serde(default)]
    columns: BTreeMap<String, Option<String>>,
}

/// Where the query finds each session field.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Columns {
    /// The `FROM` of the query.
    pub table: String,
    mapped: BTreeMap<String, Option<String>>,
}

impl Columns {
    /// The flattened session schema in a table named `sessions`.
    pub fn flattened() -> Self {
        Columns { table: "sessions".into(), mapped: BTreeMap::new() }
    }

    /// The flattened schema read from `table` (a table name or subquery).
    pub fn from_table(table: impl Into<String>) -> Self {
        Columns { table: table.into(), mapped: BTreeMap::new() }
    }

    /// The same mapping with one field set (`None`: absent).
    #[must_use]
    pub fn with(mut self, field: &str, expression: Option<&str>) -> Self {
        self.mapped.insert(field.to_owned(), expression.map(str::to_owned));
        self
    }

    /// Parses a mapping file; `file` names it in errors.
    ///
    /// # Errors
    /// A [`LoadError`] at the position of malformed text, and at the key of
    /// a field that is not a session field.
    pub fn parse(src: &str, file: &str) -> Result<Self, LoadError> {
        let parsed: File = ron_options().from_str(src).map_err(|e| ron_error(file, &e, 0, 0))?;
        for key in parsed.columns.keys() {
            if !is_field(key) {
                let at = src.find(&format!("\"{key}\"")).unwrap_or(0);
                let line = src[..at].matches('\n').count() + 1;
                let column = src[..at].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                return Err(LoadError::at(
                    file,
                    line,
                    column,
                    LoadErrorKind::Invalid(format!(
                        "`{key}` is not a session field: map `id`, `visitor_id`, `timestamp`, an attribute such as \
                         `geo.country`, or a custom attribute `attributes.NAME`"
                    )),
                ));
            }
        }
        Ok(Columns { table: parsed.table.unwrap_or_else(|| "sessions".into()), mapped: parsed.columns })
    }

    /// Reads a mapping file.
    ///
    /// # Errors
    /// As [`parse`](Self::parse), and when the file cannot be read.
    pub fn load(path: &Path) -> Result<Self, LoadError> {
        let src = read_text(path, MAX_MAPPING_BYTES)?;
        Self::parse(&src, &path.display().to_string())
    }

    /// The expression of a field in `dialect`; `None` when it is absent.
    pub fn expression(&self, field: &str, dialect: Dialect) -> Option<String> {
        match self.mapped.get(field) {
            Some(mapped) => mapped.clone(),
            None => Some(dialect.ident(field)),
        }
    }
}

fn is_field(key: &str) -> bool {
    SESSION_FIELDS.contains(&key)
        || BUILTIN.iter().any(|a| a.path == key)
        || key.strip_prefix(CUSTOM_PREFIX).is_some_and(|name| !name.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mapping_overrides_some_fields() {
        let src = r#"(
    table: "`shop.analytics.sessions`",
    columns: {
        "geo.country": "country_code",
        "device.user_agent": None,
        "attributes.loyalty_tier": "tier",
    },
)"#;
        let c = Columns::parse(src, "map.ron").unwrap();
        assert_eq!(c.table, "`shop.analytics.sessions`");
        assert_eq!(c.expression("geo.country", Dialect::Bigquery).as_deref(), Some("country_code"));
        assert_eq!(c.expression("device.user_agent", Dialect::Bigquery), None);
        assert_eq!(c.expression("geo.region", Dialect::Bigquery).as_deref(), Some("`geo.region`"));
        assert_eq!(c.expression("geo.region", Dialect::Duckdb).as_deref(), Some("\"geo.region\""));
    }

    #[test]
    fn errors_name_the_place() {
        let e = Columns::parse("(columns: {\n  \"geo.contry\": \"x\",\n})", "map.ron").unwrap_err();
        assert_eq!(
            e.to_string(),
            "map.ron:2:3: `geo.contry` is not a session field: map `id`, `visitor_id`, `timestamp`, an attribute such as `geo.country`, or a custom attribute `attributes.NAME`"
        );
        let e = Columns::parse("(tables: \"x\")", "map.ron").unwrap_err();
        assert!(e.to_string().starts_with("map.ron:1:2:"), "{e}");
    }
}
