//! Why a command stopped. Every command returns its failure as an
//! [`Error`]; [`super::main`] prints it, once, as `error: ...` on stderr and
//! exits with its [`Error::exit_code`] — except a closed stdout, which ends
//! the command quietly with exit 0.

use std::io;
use std::path::PathBuf;
use std::process::ExitCode;

use crate::export::ExportError;
use crate::format::LoadError;
use crate::words::count;

/// Why a command stopped.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file was refused: a ruleset, an export, sessions or outcomes.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The ruleset has errors, listed on stderr before this.
    #[error("`{file}` has {}; run `rulestudio check` for details", count(*.errors, "error", "errors"))]
    HasErrors {
        /// The ruleset, as the user named it.
        file: String,
        /// How many errors.
        errors: usize,
    },
    /// The export was refused for the errors listed on stderr before this.
    #[error("export refused: `{file}` has {}; fix them and export again", count(*.errors, "error", "errors"))]
    ExportRefused {
        /// The ruleset, as the user named it.
        file: String,
        /// How many errors.
        errors: usize,
    },
    /// The export failed.
    #[error(transparent)]
    Export(#[from] ExportError),
    /// The export was written but the project file does not record it.
    #[error("the export was written but `{file}` could not record its version: {source}")]
    RecordExport {
        /// The ruleset, as the user named it.
        file: String,
        /// Why.
        source: io::Error,
    },
    /// Sessions that could not be read, each reported on stderr.
    #[error("{} could not be read", count(*.0, "session", "sessions"))]
    BadSessions(usize),
    /// A ruleset that decides generated sessions has errors.
    #[error("`{0}` has errors; run `rulestudio check` on it")]
    DecidingRuleset(String),
    /// A file could not be written; it is unchanged.
    #[error("cannot write `{}`: {source}; it is unchanged", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
    /// The output could not be written (stdout closed or failing).
    #[error("cannot write the output: {0}")]
    Output(io::Error),
    /// Several files failed, each its own error (`fmt` goes on to the next
    /// file).
    #[error("{} failed", count(.0.len(), "file", "files"))]
    Files(Vec<Error>),
    /// Fields of a ruleset that a SQL dialect cannot express, listed on
    /// stderr before this.
    #[error("`{file}`: {} cannot be written in {dialect} SQL as the engine decides", count(*.fields, "field", "fields"))]
    SqlRefused {
        /// The ruleset, as the user named it.
        file: String,
        /// The dialect.
        dialect: &'static str,
        /// How many fields.
        fields: usize,
    },
    /// An embedded DuckDB run failed.
    #[cfg(feature = "duckdb")]
    #[error(transparent)]
    Duck(#[from] crate::sql::embedded::DuckError),
    /// A DuckDB run was asked of a build without DuckDB.
    #[cfg(not(feature = "duckdb"))]
    #[error("this build has no DuckDB (built without the `duckdb` feature); build with `--features duckdb`")]
    NoDuckdb,
    /// Options that do not go together.
    #[error("{0}")]
    Usage(&'static str),
    /// The studio's window could not be created.
    #[cfg(feature = "gui")]
    #[error("the studio could not start: {0}")]
    Studio(#[from] eframe::Error),
    /// This build has no studio.
    #[cfg(not(feature = "gui"))]
    #[error("this build has no studio (built without the `gui` feature); use a subcommand, see --help")]
    NoStudio,
}

impl Error {
    /// The exit code: 2 for a build without the studio (a usage error, as
    /// clap's), 1 otherwise.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            #[cfg(not(feature = "gui"))]
            Error::NoStudio => ExitCode::from(2),
            _ => ExitCode::FAILURE,
        }
    }

    /// Whether the reader closed stdout: not a failure of the command.
    pub fn is_closed_output(&self) -> bool {
        matches!(self, Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe)
    }

    /// The errors to print, one per line: those of [`Error::Files`], or this one.
    pub fn each(&self) -> Vec<&Error> {
        match self {
            Error::Files(all) => all.iter().collect(),
            one => vec![one],
        }
    }
}
