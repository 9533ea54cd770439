//! `rulestudio export`: write the next version of a ruleset for serving
//! systems, or say why not.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Error;
use super::load::render;
use super::output::{Out, note};
use crate::analysis::{Options, analyze};
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

/// Runs `export`.
///
/// # Errors
/// When the ruleset does not load, the export is refused (its errors are
/// listed on stderr first) or fails, the project file cannot record the
/// version, or the output cannot be written.
pub fn run(args: &ExportArgs, out: &mut Out) -> Result<ExitCode, Error> {
    let mut doc = load_ruleset(&args.ruleset)?;
    let before = doc.ruleset.last_export.clone();
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let analysis = analyze(&doc.ruleset, &Options::default());
    let outcome = match export(&mut doc.ruleset, &analysis, &args.out, &now) {
        Ok(outcome) => outcome,
        Err(ExportError::Refused(errors)) => {
            for d in &errors {
                note!("{}", render(d, &doc));
            }
            return Err(Error::ExportRefused { file: doc.file, errors: errors.len() });
        }
        Err(e) => return Err(e.into()),
    };
    // Recorded before anything is printed, so a closed stdout cannot lose it.
    if doc.ruleset.last_export != before {
        save_last_export(&args.ruleset, &doc.source, &doc.ruleset)
            .map_err(|source| Error::RecordExport { file: doc.file.clone(), source })?;
    }
    match outcome {
        ExportOutcome::Unchanged { version } => {
            writeln!(out, "{} is unchanged since v{version}; no new version", doc.ruleset.name)?;
        }
        ExportOutcome::Written { version, json, ron, changelog } => {
            writeln!(out, "exported {} v{version}:\n  {}\n  {}", doc.ruleset.name, json.display(), ron.display())?;
            if let Some(note) = &changelog.note {
                writeln!(out, "  ({note})")?;
            }
            for id in &changelog.added {
                writeln!(out, "  + rule {id}")?;
            }
            for id in &changelog.removed {
                writeln!(out, "  - rule {id}")?;
            }
            for change in &changelog.changed {
                for f in &change.fields {
                    writeln!(out, "  ~ rule {} {}: {} -> {}", change.rule, f.field, f.before, f.after)?;
                }
            }
            for other in &changelog.other {
                writeln!(out, "  ~ {other}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
