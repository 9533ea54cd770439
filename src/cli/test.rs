//! `rulestudio test`: the ruleset's own tests, like unit tests; a readable
//! diff with the trace for each failure, exit 1 on failure.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::load::load_compiled;
use super::output::Out;
use super::{Error, Format};
use crate::simulate::run_tests;

/// Arguments of `test`.
#[derive(Debug, Args)]
pub struct TestArgs {
    /// The ruleset (`*.rules.ron`).
    ruleset: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Runs `test`: exit 1 when a test fails.
///
/// # Errors
/// When the ruleset does not load or compile, or the output cannot be written.
pub fn run(args: &TestArgs, out: &mut Out) -> Result<ExitCode, Error> {
    let (doc, compiled) = load_compiled(&args.ruleset)?;
    let results = run_tests(&doc.ruleset, &compiled);
    let failed = results.iter().filter(|r| !r.passed()).count();
    match args.format {
        Format::Json => {
            let report = serde_json::json!({
                "ruleset": doc.ruleset.name,
                "passed": results.len() - failed,
                "failed": failed,
                "tests": results,
            });
            writeln!(out, "{}", serde_json::to_string_pretty(&report).unwrap_or_default())?;
        }
        Format::Text => {
            for r in &results {
                writeln!(out, "test {} ... {}", r.name, if r.passed() { "ok" } else { "FAILED" })?;
            }
            for r in results.iter().filter(|r| !r.passed()) {
                writeln!(out, "\n---- {} ----\n{}", r.name, r.diff())?;
            }
            writeln!(
                out,
                "\ntest result: {}. {} passed; {failed} failed",
                if failed == 0 { "ok" } else { "FAILED" },
                results.len() - failed
            )?;
        }
    }
    Ok(if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}
