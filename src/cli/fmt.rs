//! `rulestudio fmt`: lay project files out in the canonical style, keeping
//! every comment; with `--check`, only say which files are not formatted
//! (exit 1), for CI.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Error;
use super::output::{Out, note};
use crate::format::atomic::write_atomic;
use crate::format::{format_ruleset, read_text};
use crate::model::limits::MAX_FILE_BYTES;

/// Arguments of `fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The rulesets (`*.rules.ron`).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Change nothing; exit 1 when a file is not formatted.
    #[arg(long)]
    check: bool,
}

/// Runs `fmt`: with `--check`, exit 1 when a file is not formatted (each
/// named on stderr).
///
/// # Errors
/// [`Error::Files`] with each file that cannot be read, formatted or
/// written (the others are formatted all the same), or when the output
/// cannot be written.
pub fn run(args: &FmtArgs, out: &mut Out) -> Result<ExitCode, Error> {
    let mut failed = Vec::new();
    let mut unformatted = false;
    for path in &args.files {
        let name = path.display().to_string();
        let formatted = read_text(path, MAX_FILE_BYTES).and_then(|src| Ok((format_ruleset(&src, &name)?, src)));
        let (text, src) = match formatted {
            Ok(pair) => pair,
            Err(e) => {
                failed.push(e.into());
                continue;
            }
        };
        if text == src {
            continue;
        }
        if args.check {
            let line = first_difference(&src, &text);
            note!("{name}:{line}: not formatted; run `rulestudio fmt {name}`");
            unformatted = true;
        } else if let Err(source) = write_atomic(path, text.as_bytes(), true) {
            failed.push(Error::Write { path: path.clone(), source });
        } else {
            writeln!(out, "formatted {name}")?;
        }
    }
    match failed.len() {
        0 => Ok(if unformatted { ExitCode::FAILURE } else { ExitCode::SUCCESS }),
        1 => Err(failed.remove(0)),
        _ => Err(Error::Files(failed)),
    }
}

/// The first line (from 1) where two texts differ.
fn first_difference(a: &str, b: &str) -> usize {
    a.lines().zip(b.lines()).take_while(|(x, y)| x == y).count() + 1
}
