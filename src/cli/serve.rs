//! `rulestudio serve-eval`: a sidecar for serving systems in any language.
//! It loads a verified export, reads sessions as JSON lines on stdin and
//! writes one JSON line per session on stdout, flushed at once.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Error;
use super::output::Out;
use crate::export::load_export;
use crate::sessions::{SessionFormat, SessionSource};

/// Arguments of `serve-eval`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The export (`*.ruleset.json` or `*.ruleset.ron`).
    export: PathBuf,
    /// Include every rule's reason in each decision.
    #[arg(long)]
    trace: bool,
}

/// Runs the sidecar until stdin closes. A line that is not a valid session
/// (or is longer than the record length limit, which is skipped without
/// being held in memory) gets `{"line": N, "error": "..."}` instead of a
/// decision, so replies stay in step with requests; blank lines are ignored.
///
/// # Errors
/// When the export does not load, or the output cannot be written (a
/// closed stdout ends the sidecar quietly).
pub fn run(args: &ServeArgs, out: &mut Out) -> Result<ExitCode, Error> {
    let compiled = load_export(&args.export)?.compiled;
    let stdin = Box::new(std::io::BufReader::new(std::io::stdin()));
    let mut source = SessionSource::from_reader("<stdin>", SessionFormat::JsonLines, stdin)?;
    let parser = source.parser();
    while let Some(raw) = source.next_raw() {
        let reply = match raw.and_then(|raw| parser.parse(&raw)) {
            Ok(session) => {
                let facts = compiled.facts(&session);
                if args.trace {
                    let trace = compiled.trace(&facts);
                    serde_json::to_string(&compiled.view(&facts, &trace.decision, Some(&trace)))
                } else {
                    serde_json::to_string(&compiled.view(&facts, &compiled.decide(&facts), None))
                }
            }
            Err(e) => serde_json::to_string(&serde_json::json!({
                "line": e.position().map(|p| p.line), "column": e.position().map(|p| p.column), "error": e.kind().to_string(),
            })),
        };
        let Ok(reply) = reply else { continue };
        writeln!(out, "{reply}")?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
