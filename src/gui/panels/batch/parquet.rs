//! Parquet sessions in the Batch tab: embedded DuckDB decides them with
//! the ruleset compiled to SQL (the `duckdb` feature), and a build without
//! it says so.

use std::path::Path;

use crate::compile::CompiledRuleset;
use crate::gui::worker::JobHandle;
use crate::simulate;

/// Whether sessions are a Parquet file, which embedded DuckDB reads.
pub fn is_parquet(path: &Path) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

/// The report of a Parquet file, counted by embedded DuckDB with the
/// ruleset compiled to SQL (no per-session rows or examples).
#[cfg(feature = "duckdb")]
pub fn parquet_report(c: &CompiledRuleset, path: &Path, handle: &JobHandle) -> Result<simulate::Report, String> {
    let glob = path.to_str().ok_or("the file's name is not valid UTF-8")?;
    let progress = |fraction: f32| handle.report(fraction, 0);
    match crate::sql::embedded::report(c, glob, Some(&progress), Some(handle.cancel_flag())) {
        Ok(report) => Ok(report),
        Err(crate::sql::embedded::DuckError::Cancelled) => Err("Cancelled: DuckDB keeps no partial report.".into()),
        Err(e) => Err(e.to_string()),
    }
}

/// Parquet in a build without DuckDB.
#[cfg(not(feature = "duckdb"))]
pub fn parquet_report(_: &CompiledRuleset, path: &Path, _: &JobHandle) -> Result<simulate::Report, String> {
    Err(format!(
        "{} is a Parquet file, which embedded DuckDB reads; this build has no DuckDB (build with `--features duckdb`).",
        path.display()
    ))
}
