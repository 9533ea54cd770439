//! `rulestudio eval`: one decision per session, as JSON lines or text.

use std::io::{BufWriter, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Format;
use super::load::load_decider;
use crate::sessions::{SessionFormat, SessionSource};

/// Arguments of `eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The ruleset (`*.rules.ron`) or an export (`*.ruleset.json`, `*.ruleset.ron`).
    ruleset: PathBuf,
    /// Sessions (JSON lines, CSV or RON by extension); `-` for JSON lines on stdin.
    #[arg(long, default_value = "-")]
    sessions: String,
    /// Explain every rule's part in each decision.
    #[arg(long)]
    trace: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
}

/// Runs `eval`: bad sessions are reported on stderr with their position and
/// skipped; the exit code is 1 if there were any.
pub fn run(args: &EvalArgs) -> ExitCode {
    let Some(compiled) = load_decider(&args.ruleset) else {
        return ExitCode::FAILURE;
    };
    let source = if args.sessions == "-" {
        SessionSource::from_reader(
            "<stdin>",
            SessionFormat::JsonLines,
            Box::new(std::io::BufReader::new(std::io::stdin())),
        )
    } else {
        SessionSource::open(std::path::Path::new(&args.sessions))
    };
    let source = match source {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut bad = 0usize;
    for record in source {
        let session = match record {
            Ok((line, s)) => {
                for w in &s.geo.warnings {
                    eprintln!("warning: {}:{line}: {w}", args.sessions);
                }
                s
            }
            Err(e) => {
                eprintln!("error: {e}");
                bad += 1;
                continue;
            }
        };
        let facts = compiled.facts(&session);
        let (decision, trace) = if args.trace {
            let t = compiled.trace(&facts);
            (t.decision.clone(), Some(t))
        } else {
            (compiled.decide(&facts), None)
        };
        let view = compiled.view(&facts, &decision, trace.as_ref());
        let written = match args.format {
            Format::Json => {
                serde_json::to_string(&view).map_err(std::io::Error::other).and_then(|s| writeln!(out, "{s}"))
            }
            Format::Text => write!(out, "{}", view.to_text()),
        };
        if written.is_err() {
            // stdout closed (e.g. piped into `head`): stop quietly.
            return ExitCode::SUCCESS;
        }
    }
    let _ = out.flush();
    if bad > 0 {
        eprintln!("error: {} could not be read", crate::words::count(bad, "session", "sessions"));
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
