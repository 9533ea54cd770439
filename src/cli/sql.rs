//! `rulestudio sql`: the ruleset compiled to one SQL query for a dialect,
//! per-session decisions or (`--report`) the report of `simulate`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Error;
use super::load::load_compiled;
use super::output::{Out, note};
use crate::sql::{Columns, Dialect, Options, SqlError, generate_compiled};

/// Arguments of `sql`.
#[derive(Debug, Args)]
pub struct SqlArgs {
    /// The ruleset (`*.rules.ron`).
    ruleset: PathBuf,
    /// The SQL engine the query is for.
    #[arg(long, value_enum)]
    dialect: Dialect,
    /// A column mapping (RON): the table and, per session field, a SQL
    /// expression over it; without one, the flattened session schema in a
    /// table `sessions` (docs/SQL.md).
    #[arg(long, value_name = "MAP")]
    columns: Option<PathBuf>,
    /// The aggregate report of `simulate` instead of one row per session.
    #[arg(long)]
    report: bool,
}

/// Runs `sql`: the query on stdout, or every field the dialect cannot
/// express on stderr (exit 1).
///
/// # Errors
/// When the ruleset or the mapping does not load, the ruleset has errors,
/// or a field cannot be written in the dialect.
pub fn run(args: &SqlArgs, out: &mut Out) -> Result<ExitCode, Error> {
    let (doc, compiled) = load_compiled(&args.ruleset)?;
    let columns = args.columns.as_deref().map(Columns::load).transpose()?.unwrap_or_else(Columns::flattened);
    let options = Options { dialect: args.dialect, columns, report: args.report, device_functions: false };
    match generate_compiled(&compiled, &options) {
        Ok(generated) => {
            write!(out, "{}", generated.sql)?;
            Ok(ExitCode::SUCCESS)
        }
        Err(SqlError::Refused(refusals)) => {
            for r in &refusals {
                let at = doc
                    .spans
                    .locate(&r.path)
                    .map_or_else(|| doc.file.clone(), |p| format!("{}:{}:{}", doc.file, p.line, p.column));
                note!("{at}: error[sql-untranslatable]: {r}");
            }
            Err(Error::SqlRefused { file: doc.file, dialect: args.dialect.name(), fields: refusals.len() })
        }
        Err(SqlError::Invalid(diags)) => Err(Error::HasErrors { file: doc.file, errors: diags.len() }),
    }
}
