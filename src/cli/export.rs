//! `rulestudio export`: write the next version of a ruleset for serving
//! systems, or say why not.

use super::output::outln;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::load::render;
use crate::export::{ExportError, ExportOutcome, export};
use crate::format::{load_ruleset, save_last_export};

/// Arguments of `export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The ruleset (`*.rules.ron`); the version exported is recorded in it.
    ruleset: PathBuf,
    /// The directory to write `<name>-v<N>.ruleset.json` and `.ruleset.ron` to.
    #[arg(long)]
    out: PathBuf,
}

/// Runs `export`: exit 1 when refused or when a file cannot be written.
pub fn run(args: &ExportArgs) -> ExitCode {
    let mut doc = match load_ruleset(&args.ruleset) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let before = doc.ruleset.last_export.clone();
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    match export(&mut doc.ruleset, &args.out, &now) {
        Err(ExportError::Refused(errors)) => {
            for d in &errors {
                eprintln!("{}", render(d, &doc));
            }
            eprintln!(
                "error: export refused: `{}` has {}; fix them and export again",
                doc.file,
                crate::words::count(errors.len(), "error", "errors")
            );
            return ExitCode::FAILURE;
        }
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        Ok(ExportOutcome::Unchanged { version }) => {
            outln!("{} is unchanged since v{version}; no new version", doc.ruleset.name);
        }
        Ok(ExportOutcome::Written { version, json, ron, changelog }) => {
            outln!("exported {} v{version}:\n  {}\n  {}", doc.ruleset.name, json.display(), ron.display());
            if let Some(note) = &changelog.note {
                outln!("  ({note})");
            }
            for id in &changelog.added {
                outln!("  + rule {id}");
            }
            for id in &changelog.removed {
                outln!("  - rule {id}");
            }
            for change in &changelog.changed {
                for f in &change.fields {
                    outln!("  ~ rule {} {}: {} -> {}", change.rule, f.field, f.before, f.after);
                }
            }
            for other in &changelog.other {
                outln!("  ~ {other}");
            }
        }
    }
    if doc.ruleset.last_export != before
        && let Err(e) = save_last_export(&args.ruleset, &doc.source, &doc.ruleset)
    {
        eprintln!("error: the export was written but `{}` could not record its version: {e}", doc.file);
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}
