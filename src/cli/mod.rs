//! The command line (clap): evaluate sessions, check a ruleset, open the
//! studio. Each subcommand lives in its own module; this one parses
//! arguments, dispatches, and prints a command's error, the one place that
//! does (see [`Error`]).

mod check;
mod error;
mod eval;
mod export;
mod fmt;
mod generate;
mod health;
mod load;
mod measure;
pub mod output;
mod progress;
mod serve;
mod simulate;
mod sql;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

pub use error::Error;
use output::{Out, note};

/// Author, conflict-check, simulate and export personalisation rules.
#[derive(Debug, Parser)]
#[command(name = "rulestudio", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Open the studio on a ruleset (the demo store when none is given).
    Open {
        /// The ruleset file (`*.rules.ron`).
        file: Option<PathBuf>,
    },
    /// Decide sessions and print one decision per session.
    Eval(eval::EvalArgs),
    /// Check a ruleset and report every problem; exit 1 on errors.
    Check(check::CheckArgs),
    /// Run a ruleset over a session file and report who gets what; with
    /// `--against OLD`, what a change alters.
    Simulate(simulate::SimulateArgs),
    /// Compile the ruleset to SQL (DuckDB, BigQuery, Snowflake, Spark or
    /// Postgres) that decides every session of a table as the engine does.
    Sql(sql::SqlArgs),
    /// Run the ruleset's own tests; exit 1 on failure.
    Test(test::TestArgs),
    /// Export the next version for serving systems (refused while there are errors).
    Export(export::ExportArgs),
    /// Serve decisions: JSON-lines sessions on stdin, JSON-lines decisions on stdout.
    ServeEval(serve::ServeArgs),
    /// Generate deterministic sample data: sessions, or a synthetic ruleset.
    Generate(generate::GenerateArgs),
    /// Lay rulesets out in the canonical style, keeping comments; `--check` only reports.
    Fmt(fmt::FmtArgs),
    /// Judge each rule's health over a sample of sessions: stale, never
    /// matched, always losing, always on, values no session has; exit 0.
    Health(health::HealthArgs),
    /// Measure each rule with a holdout against it: uplift of an outcome
    /// metric with intervals, per audience, and a plain verdict; exit 0.
    Measure(measure::MeasureArgs),
}

/// Output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Readable text.
    Text,
    /// JSON (one object per line where there are many).
    Json,
}

/// The demo ruleset the studio opens by default.
pub const DEMO_RULESET: &str = "rulesets/demo-store.rules.ron";

/// Runs the command line: the one place a command's error is printed.
pub fn main() -> ExitCode {
    crate::format::atomic::mark_process_start();
    let cli = Cli::parse();
    let mut out = Out::stdout();
    let result = run(cli, &mut out).and_then(|code| out.flush().map(|()| code));
    match result {
        Ok(code) => code,
        // The reader went away (`| head`): not a failure.
        Err(e) if e.is_closed_output() => ExitCode::SUCCESS,
        Err(e) => {
            // What was written before the error goes out before its message
            // (best effort: the message is what matters now).
            let _ = out.flush();
            for one in e.each() {
                note!("error: {one}");
            }
            e.exit_code()
        }
    }
}

/// Runs a command, writing its output to `out`.
///
/// # Errors
/// Why the command stopped; see [`Error`].
pub fn run(cli: Cli, out: &mut Out) -> Result<ExitCode, Error> {
    match cli.command {
        Some(Command::Eval(args)) => eval::run(&args, out),
        Some(Command::Check(args)) => check::run(&args, out),
        Some(Command::Simulate(args)) => simulate::run(&args, out),
        Some(Command::Sql(args)) => sql::run(&args, out),
        Some(Command::Test(args)) => test::run(&args, out),
        Some(Command::Export(args)) => export::run(&args, out),
        Some(Command::ServeEval(args)) => serve::run(&args, out),
        Some(Command::Generate(args)) => generate::run(&args, out),
        Some(Command::Fmt(args)) => fmt::run(&args, out),
        Some(Command::Health(args)) => health::run(&args, out),
        Some(Command::Measure(args)) => measure::run(&args, out),
        Some(Command::Open { file }) => open(file),
        None => open(None),
    }
}

#[cfg(feature = "gui")]
fn open(file: Option<PathBuf>) -> Result<ExitCode, Error> {
    let file = file.or_else(|| {
        let demo = PathBuf::from(DEMO_RULESET);
        demo.exists().then_some(demo)
    });
    crate::gui::run(file)?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(not(feature = "gui"))]
fn open(_file: Option<PathBuf>) -> Result<ExitCode, Error> {
    Err(Error::NoStudio)
}
