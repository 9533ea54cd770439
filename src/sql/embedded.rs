//! DuckDB embedded (the `duckdb` feature): the generated query run over
//! session files (Parquet, CSV, JSON lines; a glob reads many), with the
//! engine's holdout hash and user-agent parsing registered as scalar
//! functions, so a season of sessions is decided where the files are.
//!
//! Files are read as DuckDB reads them, then shaped into the flattened
//! session schema: JSON lines through a fixed schema of the session format,
//! CSV as text cells (lists split at `|`, numbers and instants cast),
//! Parquet by its own column types (a list may be an array or `|` text).

use std::error::Error as StdError;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use duckdb::Connection;
use duckdb::arrow::array::{Array, Int64Array, RecordBatch, StringArray};
use duckdb::arrow::datatypes::DataType;
use duckdb::vscalar::{ArrowFunctionSignature, VArrowScalar};

use super::{Columns, Dialect, Options, ReportRow, SqlError, fold, generate_compiled};
use crate::compile::CompiledRuleset;
use crate::derive::device::parse_user_agent;
use crate::model::attribute::{AttrType, BUILTIN, CUSTOM_PREFIX};
use crate::model::{CustomType, timestamp};
use crate::simulate::Report;

/// Why an embedded run failed.
#[derive(Debug, thiserror::Error)]
pub enum DuckError {
    /// DuckDB refused the files or the query.
    #[error("DuckDB: {0}")]
    Duck(#[from] duckdb::Error),
    /// No SQL could be written for the ruleset.
    #[error("{0}")]
    Sql(String),
    /// The run was cancelled.
    #[error("cancelled")]
    Cancelled,
    /// The session files are of no format DuckDB is asked to read.
    #[error("`{0}`: sessions must be Parquet (`.parquet`), CSV (`.csv`) or JSON lines (`.jsonl`, `.ndjson`, `.json`)")]
    Format(String),
}

impl From<SqlError> for DuckError {
    fn from(e: SqlError) -> Self {
        DuckError::Sql(match e {
            SqlError::Invalid(d) => format!("the ruleset has {} errors; run `rulestudio check`", d.len()),
            SqlError::Refused(r) => r.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"),
        })
    }
}

/// The format of a session file, from its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileFormat {
    /// Apache Parquet.
    Parquet,
    /// CSV with a header of dotted paths.
    Csv,
    /// One JSON session per line.
    JsonLines,
}

impl FileFormat {
    /// The format a path or glob names by its extension.
    pub fn of(path: &str) -> Option<Self> {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".parquet") {
            Some(FileFormat::Parquet)
        } else if lower.ends_with(".csv") {
            Some(FileFormat::Csv)
        } else if [".jsonl", ".ndjson", ".json"].iter().any(|e| lower.ends_with(e)) {
            Some(FileFormat::JsonLines)
        } else {
            None
        }
    }
}

/// `rulestudio_murmur3(text) -> BIGINT`: the engine's holdout hash.
struct Murmur3;

impl VArrowScalar for Murmur3 {
    type State = ();

    fn invoke(_: &(), input: RecordBatch) -> Result<Arc<dyn Array>, Box<dyn StdError>> {
        let keys = input.column(0).as_any().downcast_ref::<StringArray>().ok_or("rulestudio_murmur3 takes text")?;
        let hashes: Int64Array =
            keys.iter().map(|k| k.map(|k| i64::from(murmur3::murmur3_32(&mut k.as_bytes(), 0).unwrap_or(0)))).collect();
        Ok(Arc::new(hashes))
    }

    fn signatures() -> Vec<ArrowFunctionSignature> {
        vec![ArrowFunctionSignature::exact(vec![DataType::Utf8], DataType::Int64)]
    }
}

/// `rulestudio_instant(text) -> BIGINT`: microseconds since the epoch of
/// an RFC 3339 timestamp, in whole seconds as the engine reads it (NULL
/// when it does not parse). DuckDB's own time-zone handling needs its ICU
/// extension, which the bundled build leaves out.
struct Instant;

impl VArrowScalar for Instant {
    type State = ();

    fn invoke(_: &(), input: RecordBatch) -> Result<Arc<dyn Array>, Box<dyn StdError>> {
        let texts = input.column(0).as_any().downcast_ref::<StringArray>().ok_or("rulestudio_instant takes text")?;
        let micros: Int64Array = texts
            .iter()
            .map(|t| t.and_then(|t| timestamp::parse(t).ok()).map(|t| t.timestamp().saturating_mul(1_000_000)))
            .collect();
        Ok(Arc::new(micros))
    }

    fn signatures() -> Vec<ArrowFunctionSignature> {
        vec![ArrowFunctionSignature::exact(vec![DataType::Utf8], DataType::Int64)]
    }
}

/// A device fact from the user agent, by the engine's parser.
macro_rules! device_function {
    ($name:ident, $field:ident) => {
        struct $name;

        impl VArrowScalar for $name {
            type State = ();

            fn invoke(_: &(), input: RecordBatch) -> Result<Arc<dyn Array>, Box<dyn StdError>> {
                let agents = input.column(0).as_any().downcast_ref::<StringArray>().ok_or("takes text")?;
                let facts: StringArray =
                    agents.iter().map(|ua| ua.and_then(|ua| $field(&parse_user_agent(ua)))).collect();
                Ok(Arc::new(facts))
            }

            fn signatures() -> Vec<ArrowFunctionSignature> {
                vec![ArrowFunctionSignature::exact(vec![DataType::Utf8], DataType::Utf8)]
            }
        }
    };
}

fn kind(info: &crate::derive::device::DeviceInfo) -> Option<String> {
    info.kind.map(|k| k.as_str().to_owned())
}
fn os(info: &crate::derive::device::DeviceInfo) -> Option<String> {
    info.os.as_deref().map(str::to_owned)
}
fn browser(info: &crate::derive::device::DeviceInfo) -> Option<String> {
    info.browser.as_deref().map(str::to_owned)
}

device_function!(DeviceType, kind);
device_function!(DeviceOs, os);
device_function!(DeviceBrowser, browser);

/// An in-memory DuckDB with the engine's functions registered.
///
/// # Errors
/// When DuckDB cannot start or register them.
pub fn connect() -> Result<Connection, DuckError> {
    let conn = Connection::open_in_memory()?;
    // Everything the queries need is built in: never reach for the network.
    conn.execute_batch("SET autoinstall_known_extensions = false; SET autoload_known_extensions = false;")?;
    conn.set_query_progress_tracking(true)?;
    conn.register_scalar_function::<Instant>("rulestudio_instant")?;
    conn.register_scalar_function::<Murmur3>("rulestudio_murmur3")?;
    conn.register_scalar_function::<DeviceType>("rulestudio_device_type")?;
    conn.register_scalar_function::<DeviceOs>("rulestudio_device_os")?;
    conn.register_scalar_function::<DeviceBrowser>("rulestudio_device_browser")?;
    Ok(conn)
}

/// The session format's JSON schema for `read_json`.
const JSON_COLUMNS: &str = "{id: 'VARCHAR', visitor_id: 'VARCHAR', timestamp: 'VARCHAR', \
    geo: 'STRUCT(country VARCHAR, region VARCHAR, city VARCHAR)', \
    traffic: 'STRUCT(utm_source VARCHAR, utm_medium VARCHAR, utm_campaign VARCHAR, utm_term VARCHAR, \
    utm_content VARCHAR, referrer VARCHAR, referrer_host VARCHAR, landing_page VARCHAR, channel VARCHAR)', \
    device: 'STRUCT(user_agent VARCHAR, type VARCHAR, os VARCHAR, browser VARCHAR)', \
    customer: 'STRUCT(segments VARCHAR[], visitor_type VARCHAR, orders DOUBLE, lifetime_value DOUBLE, \
    days_since_last_order DOUBLE)', \
    cart: 'STRUCT(value DOUBLE, items DOUBLE, categories VARCHAR[])', attributes: 'JSON'}";

/// An RFC 3339 text as a UTC `TIMESTAMP`, read by the engine's parser.
fn instant(text: &str) -> String {
    format!("make_timestamp(rulestudio_instant({text}))")
}

/// A `|`-separated cell as a list of its trimmed, non-empty items.
fn split_list(text: &str) -> String {
    format!("list_filter(list_transform(string_split({text}, '|'), lambda x: trim(x)), lambda x: x <> '')")
}

/// A custom attribute's value from the JSON `attributes` object.
fn json_custom(name: &str, ty: CustomType) -> String {
    let path = Dialect::Duckdb.string(&format!("$.\"{}\"", name.replace('"', "\\\"")));
    match ty {
        CustomType::Text => format!(
            "CASE WHEN json_type(attributes, {path}) = 'VARCHAR' THEN json_extract_string(attributes, {path}) END"
        ),
        CustomType::Number => format!("TRY_CAST(trim(json_extract_string(attributes, {path})) AS DOUBLE)"),
        CustomType::List => format!(
            "CASE WHEN json_type(attributes, {path}) = 'ARRAY' THEN CAST(json_extract(attributes, {path}) AS VARCHAR[]) \
             WHEN json_type(attributes, {path}) = 'VARCHAR' THEN {} END",
            split_list(&format!("json_extract_string(attributes, {path})"))
        ),
    }
}

/// The columns of the files at `glob` in the flattened schema: a subquery
/// and the mapping of every session field onto it.
///
/// # Errors
/// When the format is unknown or DuckDB cannot read the files.
pub fn sessions(conn: &Connection, glob: &str, compiled: &CompiledRuleset) -> Result<Columns, DuckError> {
    let d = Dialect::Duckdb;
    let format = FileFormat::of(glob).ok_or_else(|| DuckError::Format(glob.to_owned()))?;
    let file = d.string(glob);
    let custom: Vec<(String, CustomType)> = compiled.custom.clone();
    let fields: Vec<(String, Option<AttrType>)> = super::SESSION_FIELDS
        .iter()
        .map(|f| ((*f).to_owned(), None))
        .chain(BUILTIN.iter().map(|a| (a.path.to_owned(), Some(a.ty))))
        .chain(custom.iter().map(|(n, t)| (format!("{CUSTOM_PREFIX}{n}"), Some(t.attr_type()))))
        .collect();
    if format == FileFormat::JsonLines {
        let mut cols = vec![
            "id AS \"id\"".to_owned(),
            "visitor_id AS \"visitor_id\"".into(),
            format!("{} AS \"timestamp\"", instant("\"timestamp\"")),
        ];
        for a in BUILTIN.iter().filter(|a| !matches!(a.path, "time.weekday" | "time.hour")) {
            let (group, name) = a.path.split_once('.').unwrap_or((a.path, ""));
            let name = if name == "type" { "\"type\"" } else { name };
            cols.push(format!("{group}.{name} AS {}", d.ident(a.path)));
        }
        for (n, t) in &custom {
            cols.push(format!("{} AS {}", json_custom(n, *t), d.ident(&format!("{CUSTOM_PREFIX}{n}"))));
        }
        let table = format!(
            "(SELECT {} FROM read_json({file}, format = 'newline_delimited', columns = {JSON_COLUMNS}))",
            cols.join(", ")
        );
        let mut columns = Columns::from_table(table);
        for f in ["time.weekday", "time.hour"] {
            columns = columns.with(f, None);
        }
        return Ok(columns);
    }
    let reader = match format {
        FileFormat::Parquet => format!("read_parquet({file}, union_by_name = true)"),
        _ => format!("read_csv({file}, header = true, all_varchar = true, union_by_name = true)"),
    };
    let mut stmt = conn.prepare(&format!("SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {reader})"))?;
    let present: Vec<(String, String)> = stmt
        .query_map([], |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)))?
        .collect::<Result<_, _>>()?;
    let mut cols = Vec::new();
    let mut columns_missing = Vec::new();
    for (field, ty) in &fields {
        let Some((_, column_type)) = present.iter().find(|(name, _)| name == field) else {
            columns_missing.push(field.clone());
            continue;
        };
        let col = d.ident(field);
        let text = column_type == "VARCHAR";
        let value = match ty {
            None if field == "timestamp" && text => instant(&col),
            Some(AttrType::Number(_)) if text => format!("TRY_CAST(trim({col}) AS DOUBLE)"),
            Some(AttrType::List) if text => split_list(&col),
            _ => col.clone(),
        };
        cols.push(format!("{value} AS {col}"));
    }
    let mut columns = Columns::from_table(format!("(SELECT {} FROM {reader})", cols.join(", ")));
    for field in &columns_missing {
        columns = columns.with(field, None);
    }
    Ok(columns)
}

/// Writes the sessions of `jsonl` to `parquet` in the flattened schema
/// (custom attributes as `compiled` declares them), as DuckDB reads them.
///
/// # Errors
/// When DuckDB cannot read or write the files.
pub fn write_parquet(jsonl: &Path, parquet: &Path, compiled: &CompiledRuleset) -> Result<(), DuckError> {
    let conn = connect()?;
    let d = Dialect::Duckdb;
    let columns = sessions(&conn, &jsonl.to_string_lossy(), compiled)?;
    conn.execute_batch(&format!(
        "COPY (SELECT * FROM {}) TO {} (FORMAT parquet)",
        columns.table,
        d.string(&parquet.to_string_lossy())
    ))?;
    Ok(())
}

/// The options of an embedded run over `glob`.
fn options(conn: &Connection, glob: &str, compiled: &CompiledRuleset, report: bool) -> Result<Options, DuckError> {
    Ok(Options { dialect: Dialect::Duckdb, columns: sessions(conn, glob, compiled)?, report, device_functions: true })
}

/// One session's decision from SQL: per slot, the outcome and the winner.
pub type Decided = (String, Vec<(String, Option<String>)>);

/// Every session's decision, ordered by session id.
///
/// # Errors
/// When the files cannot be read or the query refused.
pub fn decisions(compiled: &CompiledRuleset, glob: &str) -> Result<Vec<Decided>, DuckError> {
    let conn = connect()?;
    let generated = generate_compiled(compiled, &options(&conn, glob, compiled, false)?)?;
    let slots = generated.slots.len();
    let mut stmt = conn.prepare(&format!("SELECT * FROM ({}) ORDER BY session_id", generated.query))?;
    let rows = stmt.query_map([], |row| {
        let id: String = row.get(0)?;
        let picks = (0..slots)
            .map(|s| Ok((row.get::<_, String>(1 + 2 * s)?, row.get::<_, Option<String>>(2 + 2 * s)?)))
            .collect::<Result<Vec<_>, duckdb::Error>>()?;
        Ok((id, picks))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The rows of a report query.
fn report_rows(conn: &Connection, query: &str) -> Result<Vec<ReportRow>, duckdb::Error> {
    let mut stmt = conn.prepare(query)?;
    let rows = stmt.query_map([], |row| {
        Ok(ReportRow {
            section: row.get(0)?,
            subject: row.get(1)?,
            winner: row.get(2)?,
            other: row.get(3)?,
            sessions: row.get(4)?,
        })
    })?;
    rows.collect()
}

/// The report of `simulate` over the files, counted by DuckDB. `progress`
/// hears the fraction done (DuckDB's estimate) about ten times a second;
/// setting `cancel` interrupts the query.
///
/// # Errors
/// When the files cannot be read, the query is refused, or it was cancelled.
pub fn report(
    compiled: &CompiledRuleset,
    glob: &str,
    progress: Option<&(dyn Fn(f32) + Sync)>,
    cancel: Option<&AtomicBool>,
) -> Result<Report, DuckError> {
    let conn = connect()?;
    let generated = generate_compiled(compiled, &options(&conn, glob, compiled, true)?)?;
    let watch = conn.progress_handle();
    let interrupt = conn.interrupt_handle();
    let done = AtomicBool::new(false);
    let rows = std::thread::scope(|scope| {
        scope.spawn(|| {
            while !done.load(Ordering::Relaxed) {
                if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
                    interrupt.interrupt();
                    return;
                }
                if let (Some(p), Some(pct)) = (progress, watch.query_progress().percentage()) {
                    p((pct / 100.0) as f32);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
        });
        let rows = report_rows(&conn, &generated.query);
        done.store(true, Ordering::Relaxed);
        rows
    });
    if cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        return Err(DuckError::Cancelled);
    }
    Ok(fold(compiled, &rows?))
}
