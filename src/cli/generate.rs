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
        /// Write here instead of stdout.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Give each session an outcome (converted, revenue, `pages`) drawn
        /// with known true effects per rule (see docs/MEASURE.md).
        #[arg(long)]
        outcomes: bool,
        /// The ruleset that decides what each visitor saw, for `--outcomes`
        /// (the demo store's by default).
        #[arg(long, requires = "outcomes")]
        ruleset: Option<PathBuf>,
    },
    /// A synthetic but valid ruleset for benchmarks, as RON: distinct
    /// priorities per slot, as a merchandiser gives them, and a few
    /// deliberate conflicts.
    Ruleset {
        /// How many rules.
        #[arg(long)]
        rules: usize,
        /// How many slots (at least 1).
        #[arg(long, default_value_t = 10)]
        slots: usize,
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
pub fn run(args: &GenerateArgs) -> ExitCode {
    let result = match &args.what {
        What::Sessions { count, seed, format, out, outcomes, ruleset } => {
            let format = format.map(SessionFormat::from).unwrap_or_else(|| match out {
                Some(path) => SessionFormat::from_path(path),
                None => SessionFormat::JsonLines,
            });
            let decider = if *outcomes {
                match deciding_ruleset(ruleset.as_deref()) {
                    Ok(c) => Some(c),
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                None
            };
            write_sessions(*count, *seed, format, out.as_deref(), decider.as_ref())
        }
        What::Ruleset { rules, slots, seed, conflicts, adversarial, out } => {
            let rs = if *adversarial {
                ruleset(*seed, *rules, *slots)
            } else {
                realistic_ruleset(*seed, *rules, *slots, *conflicts)
            };
            write_ruleset(&rs, out.as_deref())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // stdout closed (e.g. piped into `head`): stop quietly.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The ruleset that decides generated sessions for `--outcomes`: the file
/// given, or the demo store's.
fn deciding_ruleset(path: Option<&Path>) -> Result<CompiledRuleset, String> {
    let ruleset = match path {
        Some(path) => crate::format::load_ruleset(path).map_err(|e| e.to_string())?.ruleset,
        None => crate::format::parse_ruleset(include_str!("../../rulesets/demo-store.rules.ron"), super::DEMO_RULESET)
            .map_err(|e| e.to_string())?,
    };
    crate::compile::compile(&ruleset).map_err(|_| "the ruleset has errors; run `rulestudio check` on it".to_owned())
}

fn stream<W: Write>(
    out: W,
    count: usize,
    seed: u64,
    format: SessionFormat,
    decider: Option<&CompiledRuleset>,
) -> io::Result<(W, usize)> {
    let mut writer = match decider {
        Some(_) => SessionWriter::with_outcomes(out, format, &["pages"])?,
        None => SessionWriter::new(out, format)?,
    };
    match decider {
        Some(compiled) => {
            for session in sessions_with_outcomes(compiled, seed, count) {
                writer.write(&session)?;
            }
        }
        None => {
            for session in sessions(seed, count) {
                writer.write(&session)?;
            }
        }
    }
    let written = writer.written();
    Ok((writer.finish()?, written))
}

fn write_sessions(
    count: usize,
    seed: u64,
    format: SessionFormat,
    out: Option<&Path>,
    decider: Option<&CompiledRuleset>,
) -> io::Result<()> {
    let Some(path) = out else {
        let stdout = io::stdout();
        stream(BufWriter::new(stdout.lock()), count, seed, format, decider)?;
        return Ok(());
    };
    let context = |e: io::Error| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display()));
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".rulestudio-").suffix(".tmp");
    #[cfg(unix)]
    {
        // Temporary files are private; the finished file is an ordinary one (umask applies).
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let tmp = builder.tempfile_in(&dir).map_err(context)?;
    let (writer, written) =
        stream(BufWriter::with_capacity(1 << 16, tmp), count, seed, format, decider).map_err(context)?;
    let tmp = writer.into_inner().map_err(|e| context(e.into_error()))?;
    tmp.as_file().sync_all().map_err(context)?;
    tmp.persist(path).map_err(|e| context(e.error))?;
    if written == count {
        eprintln!("wrote {count} sessions to {}", path.display());
    } else {
        eprintln!(
            "wrote {written} sessions to {} ({} lost by the broken holdout of `{}`)",
            path.display(),
            count - written,
            crate::generate::BROKEN_HOLDOUT.0
        );
    }
    Ok(())
}

fn write_ruleset(rs: &crate::model::Ruleset, out: Option<&Path>) -> io::Result<()> {
    let text = crate::format::to_ron(rs).map_err(|e| io::Error::other(e.to_string()))?;
    match out {
        None => {
            let mut stdout = io::stdout().lock();
            stdout.write_all(text.as_bytes())?;
            stdout.flush()
        }
        Some(path) => {
            crate::format::atomic::write_atomic(path, text.as_bytes(), true)
                .map_err(|e| io::Error::new(e.kind(), format!("cannot write {}: {e}", path.display())))?;
            eprintln!("wrote {} rules over {} slots to {}", rs.rules.len(), rs.slots.len(), path.display());
            Ok(())
        }
    }
}
