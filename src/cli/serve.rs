//! `rulestudio serve-eval`: a sidecar for serving systems in any language.
//! It loads a verified export, reads sessions as JSON lines on stdin and
//! writes one JSON line per session on stdout, flushed at once.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

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
pub fn run(args: &ServeArgs) -> ExitCode {
    let loaded = match load_export(&args.export) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let compiled = loaded.compiled;
    let stdin = Box::new(std::io::BufReader::new(std::io::stdin()));
    let mut source = match SessionSource::from_reader("<stdin>", SessionFormat::JsonLines, stdin) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let parser = source.parser();
    let mut out = std::io::stdout().lock();
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
        if writeln!(out, "{reply}").and_then(|()| out.flush()).is_err() {
            break;
        }
    }
    ExitCode::SUCCESS
}
