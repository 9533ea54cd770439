//! `rulestudio fmt`: lay project files out in the canonical style, keeping
//! every comment; with `--check`, only say which files are not formatted
//! (exit 1), for CI.

use super::output::outln;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

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

/// Runs `fmt`: exit 1 on a file that cannot be read or formatted, or, with
/// `--check`, that is not formatted.
pub fn run(args: &FmtArgs) -> ExitCode {
    let mut ok = true;
    for path in &args.files {
        let name = path.display().to_string();
        let formatted = read_text(path, MAX_FILE_BYTES).and_then(|src| Ok((format_ruleset(&src, &name)?, src)));
        let (text, src) = match formatted {
            Ok(pair) => pair,
            Err(e) => {
                eprintln!("error: {e}");
                ok = false;
                continue;
            }
        };
        if text == src {
            continue;
        }
        if args.check {
            let line = first_difference(&src, &text);
            eprintln!("{name}:{line}: not formatted; run `rulestudio fmt {name}`");
            ok = false;
        } else if let Err(e) = write_atomic(path, text.as_bytes(), true) {
            eprintln!("error: {name}: cannot write the file: {e}; it is unchanged");
            ok = false;
        } else {
            outln!("formatted {name}");
        }
    }
    if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

/// The first line (from 1) where two texts differ.
fn first_difference(a: &str, b: &str) -> usize {
    a.lines().zip(b.lines()).take_while(|(x, y)| x == y).count() + 1
}
