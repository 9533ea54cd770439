//! `rulestudio generate`: deterministic sample data. `generate sessions`
//! streams sample visits as JSON lines, CSV or RON (with `--outcomes`,
//! each with an outcome drawn from a model with known effects per demo
//! rule, see `docs/MEASURE.md`); `generate ruleset`
//! writes a synthetic ruleset for benchmarks (realistic priorities with
//! `--conflicts` deliberate conflicts, or `--adversarial`). Output goes to stdout, or to
//! `--out`, written to a temporary file and renamed into place only once
//! complete.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand, ValueEnum};

use super::Error;
use super::output::{Out, note};
use crate::compile::CompiledRuleset;
use crate::generate::{SessionFormat, SessionWriter, realistic_ruleset, ruleset, sessions, sessions_with_outcomes};

/// Arguments of `generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(subcommand)]
    what: What,
}

#[derive(Debug, Subcommand)]
enum What {
    /// Sample sessions: visits of an online fashion store, Oct 2026 to Jan 2027.
    Sessions {
        /// How many sessions.
        #[arg(long)]
        count: usize,
        /// The seed; the same seed always gives the same sessions.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// File format; by default from the extension of `--out`, else JSON lines.
        #[arg(long, value_enum)]
        format: Option<OutputFormat>,
        /// Write here instead of stdout. A `.parquet` file (in a build with
        /// the `duckdb` feature) holds the flattened session schema of
        /// docs/SQL.md, custom attributes as the deciding ruleset declares them.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Give each session an outcome (converted, revenue, `pages`) drawn
        /// with known true effects per rule (see docs/MEASURE.md).
        #[arg(long)]
        outcomes: bool,
        /// The ruleset that decides what each visitor saw, for `--outcomes`,
        /// and whose custom attributes a Parquet file has as columns (the
        /// demo store's by default).
        #[arg(long)]
        ruleset: Option<PathBuf>,
    },
    /// A synthetic but valid ruleset for benchmarks, as RON: distinct
    /// priorities per slot, as a merchandiser gives them, and a few
    /// deliberate conflicts.
    Ruleset {
        /// How many rules.
        #[arg(long)]
        rules: usize,
        /// How many slots (at least 1); by default one per 50 rules, at
        /// least 10 and at most the limit: a merchandiser's rules spread over
        /// placements rather than a thousand fighting over one banner.
        #[arg(long)]
        slots: Option<usize>,
        /// The seed; the same seed always gives the same ruleset.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many deliberate conflicts: pairs of rules with one condition
        /// and priority and different outcomes on a slot.
        #[arg(long, default_value_t = 3, conflicts_with = "adversarial")]
        conflicts: usize,
        /// Random priorities instead, so equal priorities and conflicts abound
        /// (the shape of the stress benchmarks).
        #[arg(long)]
        adversarial: bool,
        /// Write here instead of stdout (atomically, keeping a `.bak` of the previous file).
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Session file formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// One JSON object per line.
    Jsonl,
    /// A header of dotted paths, one session per record.
    Csv,
    /// A RON list of sessions.
    Ron,
}

impl From<OutputFormat> for SessionFormat {
    fn from(f: OutputFormat) -> Self {
        match f {
            OutputFormat::Jsonl => SessionFormat::JsonLines,
            OutputFormat::Csv => SessionFormat::Csv,
            OutputFormat::Ron => SessionFormat::Ron,
        }
    }
}

/// Runs `generate`.
///
/// # Errors
/// When the deciding ruleset does not load or has errors, or the output
/// cannot be written.
pub fn run(args: &GenerateArgs, out: &mut Out) -> Result<ExitCode, Error> {
    match &args.what {
        What::Sessions { count, seed, format, out: path, outcomes, ruleset } => {
            let format = format.map(SessionFormat::from).unwrap_or_else(|| match path {
                Some(path) => SessionFormat::from_path(path),
                None => SessionFormat::JsonLines,
            });
            let decider = if *outcomes { Some(deciding_ruleset(ruleset.as_deref())?) } else { None };
            let sessions = Sessions { count: *count, seed: *seed, format, decider: decider.as_ref() };
            match path {
                None => {
                    sessions.stream(out.writer()).map_err(Error::Output)?;
                }
                Some(path) if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("parquet")) => {
                    write_parquet(&sessions, path, ruleset.as_deref())?;
                }
                Some(path) => write_sessions(&sessions, path)?,
            }
        }
        What::Ruleset { rules, slots, seed, conflicts, adversarial, out: path } => {
            let slots = slots.unwrap_or_else(|| default_slots(*rules));
            let rs = if *adversarial {
                ruleset(*seed, *rules, slots)
            } else {
                realistic_ruleset(*seed, *rules, slots, *conflicts)
            };
            write_ruleset(&rs, path.as_deref(), out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The ruleset that decides generated sessions for `--outcomes`: the file
/// given, or the demo store's.
fn deciding_ruleset(path: Option<&Path>) -> Result<CompiledRuleset, Error> {
    let (ruleset, file) = match path {
        Some(path) => {
            let doc = crate::format::load_ruleset(path)?;
            (doc.ruleset, doc.file)
        }
        None => {
            let text = include_str!("../../rulesets/demo-store.rules.ron");
            (crate::format::parse_ruleset(text, super::DEMO_RULESET)?, super::DEMO_RULESET.to_owned())
        }
    };
    crate::compile::compile(&ruleset).map_err(|_| Error::DecidingRuleset(file))
}

/// What `generate sessions` writes.
#[derive(Clone, Copy)]
struct Sessions<'a> {
    count: usize,
    seed: u64,
    format: SessionFormat,
    decider: Option<&'a CompiledRuleset>,
}

impl Sessions<'_> {
    /// Writes the sessions; returns the writer and how many were written.
    fn stream<W: Write>(&self, out: W) -> io::Result<(W, usize)> {
        let mut writer = match self.decider {
            Some(_) => SessionWriter::with_outcomes(out, self.format, &["pages"])?,
            None => SessionWriter::new(out, self.format)?,
        };
        match self.decider {
            Some(compiled) => {
                for session in sessions_with_outcomes(compiled, self.seed, self.count) {
                    writer.write(&session)?;
                }
            }
            None => {
                for session in sessions(self.seed, self.count) {
                    writer.write(&session)?;
                }
            }
        }
        let written = writer.written();
        Ok((writer.finish()?, written))
    }
}

/// The folder of `path`, where its temporary file goes.
fn folder(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes sessions as Parquet: JSON lines in a temporary file, read by
/// embedded DuckDB into the flattened schema and written to a temporary
/// Parquet file renamed to `path` once complete.
#[cfg(feature = "duckdb")]
fn write_parquet(sessions: &Sessions, path: &Path, ruleset: Option<&Path>) -> Result<(), Error> {
    let cannot = |source: io::Error| Error::Write { path: path.to_path_buf(), source };
    let shape = deciding_ruleset(ruleset)?;
    let dir = folder(path);
    let jsonl = tempfile::Builder::new().prefix(".rulestudio-").suffix(".jsonl").tempfile_in(&dir).map_err(cannot)?;
    let lines = Sessions { format: SessionFormat::JsonLines, ..*sessions };
    let (writer, written) = lines.stream(BufWriter::with_capacity(1 << 16, jsonl.as_file())).map_err(cannot)?;
    writer.into_inner().map_err(|e| cannot(e.into_error()))?;
    let parquet =
        tempfile::Builder::new().prefix(".rulestudio-").suffix(".parquet").tempfile_in(&dir).map_err(cannot)?;
    crate::sql::embedded::write_parquet(jsonl.path(), parquet.path(), &shape)?;
    parquet.persist(path).map_err(|e| cannot(e.error))?;
    note!("wrote {written} sessions to {}", path.display());
    Ok(())
}

/// Parquet in a build without DuckDB.
#[cfg(not(feature = "duckdb"))]
fn write_parquet(_: &Sessions, _: &Path, _: Option<&Path>) -> Result<(), Error> {
    Err(Error::NoDuckdb)
}

/// Writes sessions to a temporary file renamed to `path` once complete.
fn write_sessions(sessions: &Sessions, path: &Path) -> Result<(), Error> {
    let cannot = |source: io::Error| Error::Write { path: path.to_path_buf(), source };
    let dir = folder(path);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rulestudio-").suffix(".tmp");
    #[cfg(unix)]
    {
        // Temporary files are private; the finished file is an ordinary one (umask applies).
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let tmp = builder.tempfile_in(&dir).map_err(cannot)?;
    let (writer, written) = sessions.stream(BufWriter::with_capacity(1 << 16, tmp)).map_err(cannot)?;
    let tmp = writer.into_inner().map_err(|e| cannot(e.into_error()))?;
    tmp.as_file().sync_all().map_err(cannot)?;
    tmp.persist(path).map_err(|e| cannot(e.error))?;
    let count = sessions.count;
    if written == count {
        note!("wrote {count} sessions to {}", path.display());
    } else {
        note!(
            "wrote {written} sessions to {} ({} lost by the broken holdout of `{}`)",
            path.display(),
            count - written,
            crate::generate::BROKEN_HOLDOUT.0
        );
    }
    Ok(())
}

fn write_ruleset(rs: &crate::model::Ruleset, path: Option<&Path>, out: &mut Out) -> Result<(), Error> {
    let cannot = |path: &Path, source: io::Error| Error::Write { path: path.to_path_buf(), source };
    match path {
        None => {
            let text = crate::format::to_ron(rs).map_err(|e| Error::Output(io::Error::other(e)))?;
            write!(out, "{text}")
        }
        Some(path) => {
            let text = crate::format::to_ron(rs).map_err(|e| cannot(path, io::Error::other(e)))?;
            crate::format::atomic::write_atomic(path, text.as_bytes(), true).map_err(|e| cannot(path, e))?;
            note!("wrote {} rules over {} slots to {}", rs.rules.len(), rs.slots.len(), path.display());
            Ok(())
        }
    }
}

/// Slots for a generated ruleset of `rules` rules when not given: one per
/// 50 rules, at least 10 and at most [`MAX_SLOTS`](crate::model::limits::MAX_SLOTS).
fn default_slots(rules: usize) -> usize {
    (rules / 50).clamp(10, crate::model::limits::MAX_SLOTS)
}
