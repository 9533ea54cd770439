//! `rulestudio eval`: one decision per session, as JSON lines or text.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::load::load_decider;
use super::output::{Out, note};
use super::{Error, Format};
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
/// skipped.
///
/// # Errors
/// When the ruleset or the sessions do not load, the output cannot be
/// written, or, at the end, [`Error::BadSessions`] if any were skipped.
pub fn run(args: &EvalArgs, out: &mut Out) -> Result<ExitCode, Error> {
    let compiled = load_decider(&args.ruleset)?;
    let source = if args.sessions == "-" {
        SessionSource::from_reader(
            "<stdin>",
            SessionFormat::JsonLines,
            Box::new(std::io::BufReader::new(std::io::stdin())),
        )?
    } else {
        SessionSource::open(std::path::Path::new(&args.sessions))?
    };
    let mut bad = 0usize;
    for record in source {
        let session = match record {
            Ok((line, s)) => {
                for w in &s.geo.warnings {
                    note!("warning: {}:{line}: {w}", args.sessions);
                }
                s
            }
            Err(e) => {
                note!("error: {e}");
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
        match args.format {
            Format::Json => {
                serde_json::to_writer(out.writer(), &view).map_err(|e| Error::Output(e.into()))?;
                writeln!(out)?;
            }
            Format::Text => write!(out, "{}", view.to_text())?,
        }
    }
    if bad > 0 { Err(Error::BadSessions(bad)) } else { Ok(ExitCode::SUCCESS) }
}
