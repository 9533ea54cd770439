//! Writing exports: refuse while the ruleset has errors or failing tests,
//! keep the version when nothing changed, otherwise write version N+1 as
//! JSON and RON (atomically) and record it in the project file.

use std::path::{Path, PathBuf};

use ron::ser::PrettyConfig;

use super::{Body, Changelog, ExportFile, FORMAT_NAME, FORMAT_VERSION, Header, body_of, checksum, diff, load_export};
use crate::analysis::{Analysis, Diagnostic, Severity};
use crate::format::LoadError;
use crate::format::atomic::stage;
use crate::format::project::EXTENSIONS;
use crate::model::{ExportStamp, Ruleset};
use crate::words::count;

/// Why an export did not happen. Nothing was changed: no export file, no
/// version recorded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ExportError {
    /// The ruleset has errors (including failing tests).
    #[error("export refused: {} must be fixed first", count(.0.len(), "error", "errors"))]
    Refused(Vec<Diagnostic>),
    /// The export directory could not be created.
    #[error("export failed: cannot create `{}`: {source}", dir.display())]
    CreateDir {
        /// The directory.
        dir: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("export failed: cannot write `{}`: {source}", path.display())]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The export could not be serialized, which the model's types do not
    /// allow.
    #[error("export failed: the export cannot be written as {format}: {message}")]
    Serialize {
        /// `JSON` or `RON`.
        format: &'static str,
        /// The serializer's reason.
        message: String,
    },
}

impl ExportError {
    fn json(e: &serde_json::Error) -> Self {
        ExportError::Serialize { format: "JSON", message: e.to_string() }
    }
}

/// What an export did, or would do.
#[derive(Clone, Debug, PartialEq)]
pub enum ExportOutcome {
    /// A new version was written.
    Written {
        /// Its version number.
        version: u32,
        /// The JSON file.
        json: PathBuf,
        /// The RON file.
        ron: PathBuf,
        /// What changed since the previous export.
        changelog: Changelog,
    },
    /// Nothing changed since this version; no new version.
    Unchanged {
        /// The version that already has this content.
        version: u32,
    },
}

/// The files of version `version` of `name` in `dir`.
pub fn file_names(dir: &Path, name: &str, version: u32) -> (PathBuf, PathBuf) {
    (dir.join(format!("{name}-v{version}.ruleset.json")), dir.join(format!("{name}-v{version}.ruleset.ron")))
}

/// Versions of `name` exported in `dir`, ascending. The JSON file marks a
/// version: it is renamed into place after the RON file.
fn versions_in(dir: &Path, name: &str) -> Vec<u32> {
    let prefix = format!("{name}-v");
    let mut out: Vec<u32> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            file.strip_prefix(&prefix)?.strip_suffix(".ruleset.json")?.parse().ok()
        })
        .collect();
    out.sort_unstable();
    out
}

/// The plan of an export, without writing: the file it would produce, or
/// the version that already holds this content.
pub struct Plan {
    /// The file to write (header and body).
    pub file: ExportFile,
    /// Whether an earlier version already holds this body.
    pub unchanged: bool,
}

/// Plans the export of a ruleset to `dir` at time `now` (RFC 3339), given
/// the [`analysis`](crate::analysis::check) of this very ruleset: export
/// does not check again what the caller has checked.
///
/// # Errors
/// [`ExportError::Refused`] with every error-severity diagnostic (failing
/// tests included) when there is one.
pub fn plan(ruleset: &Ruleset, analysis: &Analysis, dir: &Path, now: &str) -> Result<Plan, ExportError> {
    let errors: Vec<Diagnostic> =
        analysis.diagnostics.iter().filter(|d| d.severity == Severity::Error).cloned().collect();
    if !errors.is_empty() {
        return Err(ExportError::Refused(errors));
    }
    let body = body_of(ruleset);
    let sum = checksum(&body).map_err(|e| ExportError::json(&e))?;
    let latest_in_dir = versions_in(dir, &ruleset.name).last().copied();
    let previous: Option<(u32, Result<Body, LoadError>)> = latest_in_dir.map(|v| {
        let (json, _) = file_names(dir, &ruleset.name, v);
        (v, load_export(&json).map(|l| l.file.body))
    });
    let recorded = ruleset.last_export.as_ref();
    let last_version = recorded.map(|r| r.version).max(latest_in_dir).unwrap_or(0);
    let same_as_recorded = recorded.filter(|r| r.checksum == sum).map(|r| r.version);
    let same_as_dir = match &previous {
        Some((v, Ok(b))) if checksum(b).is_ok_and(|other| other == sum) => Some(*v),
        _ => None,
    };
    let (version, unchanged) = match same_as_recorded.or(same_as_dir) {
        Some(v) => (v, true),
        None => (last_version + 1, false),
    };
    let changelog = if unchanged {
        Changelog {
            previous_version: version.checked_sub(1).filter(|v| *v > 0),
            note: Some(format!("the same content as v{version}, written again")),
            ..Changelog::default()
        }
    } else {
        match previous {
            Some((v, Ok(old))) => diff(&old, &body, v),
            Some((v, Err(e))) => Changelog {
                previous_version: Some(v),
                note: Some(format!("the previous export v{v} could not be read, so changes are not listed: {e}")),
                ..Changelog::default()
            },
            None if last_version > 0 => Changelog {
                previous_version: Some(last_version),
                note: Some(format!(
                    "the previous export v{last_version} is not in this directory, so changes are not listed"
                )),
                ..Changelog::default()
            },
            None => Changelog { note: Some("first export".to_owned()), ..Changelog::default() },
        }
    };
    let header = Header {
        format: FORMAT_NAME.into(),
        format_version: FORMAT_VERSION.into(),
        name: ruleset.name.clone(),
        version,
        created_at: now.to_owned(),
        checksum: sum,
        changelog,
    };
    Ok(Plan { file: ExportFile { header, body }, unchanged })
}

/// The export as JSON text.
///
/// # Errors
/// Only if serialization fails, which the export's types do not allow.
pub fn to_json(file: &ExportFile) -> Result<String, ExportError> {
    serde_json::to_string_pretty(file).map(|s| s + "\n").map_err(|e| ExportError::json(&e))
}

/// The export as RON text.
///
/// # Errors
/// Only if serialization fails, which the export's types do not allow.
pub fn to_ron(file: &ExportFile) -> Result<String, ExportError> {
    let config = PrettyConfig::new().struct_names(false).extensions(EXTENSIONS);
    crate::format::ron_options()
        .to_string_pretty(file, config)
        .map(|s| s + "\n")
        .map_err(|e| ExportError::Serialize { format: "RON", message: e.to_string() })
}

/// Exports a ruleset to `dir`: writes `<name>-v<N>.ruleset.json` and
/// `.ruleset.ron` when the content changed since the last export (or its
/// files are missing), and records the version in `ruleset.last_export`
/// (the caller saves the project file). `analysis` is the ruleset's, as
/// for [`plan`].
///
/// # Errors
/// [`ExportError::Refused`] while the ruleset has errors or failing tests;
/// [`ExportError::CreateDir`] or [`ExportError::Write`] when a file cannot
/// be written.
pub fn export(ruleset: &mut Ruleset, analysis: &Analysis, dir: &Path, now: &str) -> Result<ExportOutcome, ExportError> {
    let plan = plan(ruleset, analysis, dir, now)?;
    let version = plan.file.header.version;
    let (json, ron) = file_names(dir, &ruleset.name, version);
    if plan.unchanged && json.exists() && ron.exists() {
        ruleset.last_export = Some(ExportStamp { version, checksum: plan.file.header.checksum.clone() });
        return Ok(ExportOutcome::Unchanged { version });
    }
    std::fs::create_dir_all(dir).map_err(|source| ExportError::CreateDir { dir: dir.to_path_buf(), source })?;
    let json_text = to_json(&plan.file)?;
    let ron_text = to_ron(&plan.file)?;
    // Both files are written and synced under temporary names first, then
    // renamed: the RON file, then the JSON file, which is what marks a
    // version as present (see `versions_in`). A crash leaves the previous
    // versions as they were, at most with a RON file of the new version that
    // the next export writes again.
    let cannot = |path: &Path, source: std::io::Error| ExportError::Write { path: path.to_path_buf(), source };
    let staged_json = stage(&json, json_text.as_bytes()).map_err(|e| cannot(&json, e))?;
    let staged_ron = stage(&ron, ron_text.as_bytes()).map_err(|e| cannot(&ron, e))?;
    staged_ron.commit(false).map_err(|e| cannot(&ron, e))?;
    staged_json.commit(false).map_err(|e| cannot(&json, e))?;
    ruleset.last_export = Some(ExportStamp { version, checksum: plan.file.header.checksum.clone() });
    if plan.unchanged {
        return Ok(ExportOutcome::Unchanged { version });
    }
    Ok(ExportOutcome::Written { version, json, ron, changelog: plan.file.header.changelog })
}
