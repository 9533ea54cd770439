//! The SQL dialects a ruleset compiles to, and how each spells what the
//! generated query needs: literals, identifiers, text and list tests,
//! regular expressions, numbers and instants. Everything dialect-specific
//! in the generator goes through here.

use std::fmt;

use crate::model::attribute::AttrType;

/// A SQL engine the generator writes for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "cli", derive(clap::ValueEnum))]
pub enum Dialect {
    /// DuckDB (RE2 regexes); what the parity tests run.
    Duckdb,
    /// Google BigQuery (RE2 regexes).
    Bigquery,
    /// Snowflake (POSIX extended regexes).
    Snowflake,
    /// Apache Spark SQL (Java regexes).
    Spark,
    /// PostgreSQL (Tcl advanced regexes).
    Postgres,
}

impl Dialect {
    /// Every dialect, in documentation order.
    pub const ALL: [Dialect; 5] =
        [Dialect::Duckdb, Dialect::Bigquery, Dialect::Snowflake, Dialect::Spark, Dialect::Postgres];

    /// The dialect's name as the command line takes it.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Duckdb => "duckdb",
            Dialect::Bigquery => "bigquery",
            Dialect::Snowflake => "snowflake",
            Dialect::Spark => "spark",
            Dialect::Postgres => "postgres",
        }
    }

    /// Whether string literals read backslash escapes (`\\`, `\'`).
    fn backslash_literals(self) -> bool {
        matches!(self, Dialect::Bigquery | Dialect::Snowflake | Dialect::Spark)
    }

    /// A string literal holding `value` exactly.
    pub fn string(self, value: &str) -> String {
        let mut out = String::with_capacity(value.len() + 2);
        out.push('\'');
        for c in value.chars() {
            match c {
                '\'' if self.backslash_literals() => out.push_str("\\'"),
                '\'' => out.push_str("''"),
                '\\' if self.backslash_literals() => out.push_str("\\\\"),
                '\n' if self.backslash_literals() => out.push_str("\\n"),
                '\r' if self.backslash_literals() => out.push_str("\\r"),
                '\t' if self.backslash_literals() => out.push_str("\\t"),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    }

    /// A quoted identifier (a table or column name from a column mapping
    /// is written by the user; this quotes the generator's own names).
    pub fn ident(self, name: &str) -> String {
        match self {
            Dialect::Bigquery | Dialect::Spark => format!("`{}`", name.replace('`', "``")),
            _ => format!("\"{}\"", name.replace('"', "\"\"")),
        }
    }

    /// Whether `text` contains `part`.
    pub fn contains(self, text: &str, part: &str) -> String {
        match self {
            Dialect::Duckdb => format!("contains({text}, {part})"),
            Dialect::Bigquery | Dialect::Postgres => format!("strpos({text}, {part}) > 0"),
            Dialect::Snowflake => format!("CONTAINS({text}, {part})"),
            Dialect::Spark => format!("instr({text}, {part}) > 0"),
        }
    }

    /// Whether `text` starts with the literal `prefix` (`chars` long).
    pub fn starts_with(self, text: &str, prefix: &str, chars: usize) -> String {
        format!("LEFT({text}, {chars}) = {prefix}")
    }

    /// Whether `text` ends with the literal `suffix` (`chars` long).
    pub fn ends_with(self, text: &str, suffix: &str, chars: usize) -> String {
        format!("RIGHT({text}, {chars}) = {suffix}")
    }

    /// Whether the regex `pattern` (already in this dialect's syntax)
    /// matches somewhere in `text`.
    pub fn regex_search(self, text: &str, pattern: &str) -> String {
        let p = self.string(pattern);
        match self {
            Dialect::Duckdb => format!("regexp_matches({text}, {p})"),
            Dialect::Bigquery => format!("REGEXP_CONTAINS({text}, {p})"),
            Dialect::Snowflake => format!("REGEXP_INSTR({text}, {p}) > 0"),
            Dialect::Spark => format!("{text} RLIKE {p}"),
            Dialect::Postgres => format!("{text} ~ {p}"),
        }
    }

    /// Group `group` of the first match of the regex `pattern` in `text`,
    /// `''` without a match. BigQuery takes patterns of one group only.
    pub fn regex_group(self, text: &str, pattern: &str, group: usize) -> String {
        let p = self.string(pattern);
        match self {
            Dialect::Duckdb | Dialect::Spark => format!("regexp_extract({text}, {p}, {group})"),
            Dialect::Bigquery => format!("COALESCE(REGEXP_EXTRACT({text}, {p}), '')"),
            Dialect::Snowflake => format!("COALESCE(REGEXP_SUBSTR({text}, {p}, 1, 1, 'e', {group}), '')"),
            Dialect::Postgres => format!("COALESCE((regexp_match({text}, {p}))[{group}], '')"),
        }
    }

    /// `text` with every match of the regex `pattern` replaced by `''`.
    pub fn regex_remove(self, text: &str, pattern: &str) -> String {
        let p = self.string(pattern);
        match self {
            Dialect::Duckdb | Dialect::Postgres => format!("regexp_replace({text}, {p}, '', 'g')"),
            Dialect::Bigquery | Dialect::Snowflake | Dialect::Spark => format!("regexp_replace({text}, {p}, '')"),
        }
    }

    /// Whether the list `list` holds the string `value`.
    pub fn list_has(self, list: &str, value: &str) -> String {
        match self {
            Dialect::Duckdb => format!("list_contains({list}, {value})"),
            Dialect::Bigquery => format!("{value} IN UNNEST({list})"),
            Dialect::Snowflake => format!("ARRAY_CONTAINS({value}::VARIANT, {list})"),
            Dialect::Spark => format!("array_contains({list}, {value})"),
            Dialect::Postgres => format!("{value} = ANY({list})"),
        }
    }

    /// The length of `text` in bytes of UTF-8.
    pub fn byte_length(self, text: &str) -> String {
        match self {
            Dialect::Duckdb => format!("strlen({text})"),
            Dialect::Bigquery => format!("BYTE_LENGTH({text})"),
            Dialect::Snowflake | Dialect::Spark | Dialect::Postgres => format!("octet_length({text})"),
        }
    }

    /// `value` as the dialect's string type.
    pub fn text(self, value: &str) -> String {
        match self {
            Dialect::Bigquery | Dialect::Spark => format!("CAST({value} AS STRING)"),
            Dialect::Postgres => format!("CAST({value} AS TEXT)"),
            Dialect::Duckdb | Dialect::Snowflake => format!("CAST({value} AS VARCHAR)"),
        }
    }

    /// An absent string.
    pub fn null_text(self) -> String {
        self.text("NULL")
    }

    /// An absent value of an attribute's type.
    pub fn null_of(self, ty: AttrType) -> String {
        match ty {
            AttrType::Number(_) => self.double("NULL"),
            AttrType::List => match self {
                Dialect::Duckdb => "CAST(NULL AS VARCHAR[])".into(),
                Dialect::Bigquery | Dialect::Spark => "CAST(NULL AS ARRAY<STRING>)".into(),
                Dialect::Snowflake => "CAST(NULL AS ARRAY)".into(),
                Dialect::Postgres => "CAST(NULL AS TEXT[])".into(),
            },
            _ => self.null_text(),
        }
    }

    /// `value` as a double-precision number.
    pub fn double(self, value: &str) -> String {
        match self {
            Dialect::Bigquery => format!("CAST({value} AS FLOAT64)"),
            Dialect::Postgres => format!("CAST({value} AS DOUBLE PRECISION)"),
            _ => format!("CAST({value} AS DOUBLE)"),
        }
    }

    /// The whole seconds since the epoch of the instant `ts`.
    pub fn epoch_seconds(self, ts: &str) -> String {
        match self {
            Dialect::Duckdb => format!("CAST(floor(epoch({ts})) AS BIGINT)"),
            Dialect::Bigquery => format!("UNIX_SECONDS({ts})"),
            Dialect::Snowflake => format!("DATE_PART(epoch_second, {ts})"),
            Dialect::Spark => format!("unix_timestamp({ts})"),
            Dialect::Postgres => format!("CAST(floor(EXTRACT(EPOCH FROM {ts})) AS BIGINT)"),
        }
    }

    /// `a` modulo `b` for integers, the sign of `a`'s.
    pub fn modulo(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Bigquery => format!("MOD({a}, {b})"),
            _ => format!("({a}) % ({b})"),
        }
    }

    /// Floor of `a / b` for integers, as an integer.
    pub fn floor_div(self, a: &str, b: i64) -> String {
        match self {
            Dialect::Bigquery => format!("CAST(FLOOR(({a}) / {b}) AS INT64)"),
            _ => format!("CAST(FLOOR(({a}) / {b}.0) AS BIGINT)"),
        }
    }
}

impl fmt::Display for Dialect {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_keep_every_character() {
        let nasty = "it's a \\ back\nslash";
        assert_eq!(Dialect::Duckdb.string(nasty), "'it''s a \\ back\nslash'");
        assert_eq!(Dialect::Postgres.string(nasty), "'it''s a \\ back\nslash'");
        for d in [Dialect::Bigquery, Dialect::Snowflake, Dialect::Spark] {
            assert_eq!(d.string(nasty), "'it\\'s a \\\\ back\\nslash'", "{d}");
        }
    }

    #[test]
    fn identifiers_are_quoted() {
        assert_eq!(Dialect::Duckdb.ident("home.hero"), "\"home.hero\"");
        assert_eq!(Dialect::Duckdb.ident("a\"b"), "\"a\"\"b\"");
        assert_eq!(Dialect::Bigquery.ident("a`b"), "`a``b`");
    }
}
