//! `rulestudio simulate`: a batch run over a session file, or with
//! `--against`, the impact of a change between two rulesets.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::Error;
use super::load::load_decider;
use super::output::{Out, note};
use crate::sessions::{SessionFormat, SessionSource};
use crate::simulate::{self, Control, Progress};

/// Report formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Readable text.
    Text,
    /// One JSON document.
    Json,
    /// CSV rows.
    Csv,
}

/// What decides the sessions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Engine {
    /// The engine itself, over JSON lines, CSV or RON.
    Rust,
    /// The ruleset compiled to SQL and run by embedded DuckDB, over
    /// Parquet, CSV or JSON lines (a glob reads many files); without
    /// example sessions.
    Duckdb,
}

/// Arguments of `simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    /// The ruleset (`*.rules.ron` or an export); with `--against`, the new version.
    ruleset: PathBuf,
    /// Sessions (JSON lines, CSV or RON by extension); `-` for JSON lines on stdin.
    #[arg(long)]
    sessions: String,
    /// Compare against this older version (a ruleset or an export): change impact.
    #[arg(long)]
    against: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Example session ids per finding.
    #[arg(long, default_value_t = 5)]
    examples: usize,
    /// Stop at the first bad session instead of skipping it.
    #[arg(long)]
    strict: bool,
    /// What decides the sessions.
    #[arg(long, value_enum, default_value_t = Engine::Rust)]
    engine: Engine,
}

fn open(sessions: &str) -> Result<SessionSource, crate::format::LoadError> {
    if sessions == "-" {
        SessionSource::from_reader(
            "<stdin>",
            SessionFormat::JsonLines,
            Box::new(std::io::BufReader::new(std::io::stdin())),
        )
    } else {
        SessionSource::open(Path::new(sessions))
    }
}

/// Runs `simulate`: exit 1 when a bad session stopped a strict run.
///
/// # Errors
/// When the rulesets or the sessions do not load, or the output cannot be
/// written.
pub fn run(args: &SimulateArgs, out: &mut Out) -> Result<ExitCode, Error> {
    let compiled = load_decider(&args.ruleset)?;
    if args.engine == Engine::Duckdb {
        if args.against.is_some() {
            return Err(Error::Usage("`--against` runs on the engine only; leave out `--engine duckdb`"));
        }
        return duckdb(&compiled, args, out);
    }
    let old = args.against.as_deref().map(load_decider).transpose()?;
    let source = open(&args.sessions)?;
    let bar = std::io::stderr().is_terminal().then(|| super::progress::bar(1000, "simulating"));
    let progress = |p: Progress| {
        if let (Some(b), Some(f)) = (&bar, p.fraction()) {
            b.set_position((f * 1000.0) as u64);
        }
    };
    let control =
        Control { strict: args.strict, examples: args.examples, progress: Some(&progress), ..Control::default() };
    let (text, stopped, bad) = match &old {
        None => {
            let report = simulate::run(&compiled, source, &control);
            let text = render(&report, args.format);
            (text, report.stopped, report.error_count)
        }
        Some(old) => {
            let report = simulate::impact(&compiled, old, source, &control);
            let text = match args.format {
                ReportFormat::Text => simulate::impact_text(&report),
                ReportFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default(),
                ReportFormat::Csv => simulate::impact_csv(&report),
            };
            (text, report.stopped, report.error_count)
        }
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    write!(out, "{text}")?;
    if !text.ends_with('\n') {
        writeln!(out)?;
    }
    if bad > 0 {
        note!(
            "warning: {} could not be read and {} skipped",
            crate::words::count(bad, "session", "sessions"),
            if bad == 1 { "was" } else { "were" }
        );
    }
    Ok(if stopped && args.strict { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// The report written in the asked format.
fn render(report: &simulate::Report, format: ReportFormat) -> String {
    match format {
        ReportFormat::Text => simulate::report_text(report),
        ReportFormat::Json => serde_json::to_string_pretty(report).unwrap_or_default(),
        ReportFormat::Csv => simulate::report_csv(report),
    }
}

/// `simulate --engine duckdb`: the report counted by embedded DuckDB.
#[cfg(feature = "duckdb")]
fn duckdb(compiled: &crate::compile::CompiledRuleset, args: &SimulateArgs, out: &mut Out) -> Result<ExitCode, Error> {
    let bar = std::io::stderr().is_terminal().then(|| super::progress::bar(1000, "simulating in DuckDB"));
    let progress = |f: f32| {
        if let Some(b) = &bar {
            b.set_position((f * 1000.0) as u64);
        }
    };
    let report = crate::sql::embedded::report(compiled, &args.sessions, Some(&progress), None)?;
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let text = render(&report, args.format);
    write!(out, "{text}")?;
    if !text.ends_with('\n') {
        writeln!(out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `simulate --engine duckdb` in a build without DuckDB.
#[cfg(not(feature = "duckdb"))]
fn duckdb(_: &crate::compile::CompiledRuleset, _: &SimulateArgs, _: &mut Out) -> Result<ExitCode, Error> {
    Err(Error::NoDuckdb)
}
