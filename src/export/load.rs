//! The serving loader: an export is verified (format, version, checksum,
//! limits) and compiled, or refused whole with a clear error. Nothing of a
//! refused file is used.

use std::path::Path;

use super::{ExportFile, FORMAT_MAJOR, FORMAT_NAME, checksum, ruleset_of};
use crate::analysis::{Severity, validate};
use crate::compile::{CompiledRuleset, compile};
use crate::format::plain::serde_message;
use crate::format::ron_spans::check_nesting;
use crate::format::{LoadError, LoadErrorKind, read_text, ron_error, ron_options};
use crate::model::limits::MAX_FILE_BYTES;

/// A verified, compiled export.
#[derive(Debug)]
pub struct LoadedExport {
    /// The file as read.
    pub file: ExportFile,
    /// The ruleset, ready to decide.
    pub compiled: CompiledRuleset,
}

/// Loads an export (`.ruleset.json` or `.ruleset.ron`).
///
/// # Errors
/// A [`LoadError`] when the file cannot be read, does not parse, is of
/// another format or a newer major version, fails its checksum, exceeds a
/// limit or does not compile.
pub fn load_export(path: &Path) -> Result<LoadedExport, LoadError> {
    let text = read_text(path, MAX_FILE_BYTES)?;
    let ron = path.extension().is_some_and(|e| e == "ron");
    parse_export(&text, &path.display().to_string(), ron)
}

/// Parses and verifies export text; `file` names it in errors.
///
/// # Errors
/// As [`load_export`].
pub fn parse_export(text: &str, file: &str, ron: bool) -> Result<LoadedExport, LoadError> {
    let invalid = |kind: fn(String) -> LoadErrorKind, message: String| LoadError::whole(file, kind(message));
    // The header first: a file of another format or a newer version gets a
    // clear refusal rather than a complaint about its fields.
    if ron {
        // Refused before the parser recurses into it.
        check_nesting(text).map_err(|e| e.into_error(file))?;
    }
    let probe: Probe = if ron {
        ron_options().from_str(text).map_err(|e| ron_error(file, &e, 0, 0))?
    } else {
        serde_json::from_str(text).map_err(|e| json_error(file, &e))?
    };
    let (format, version) = (probe.header.format, probe.header.format_version);
    if format != FORMAT_NAME {
        return Err(invalid(
            LoadErrorKind::Unsupported,
            format!("this is not a rulestudio export: `header.format` is `{format}`, not `{FORMAT_NAME}`"),
        ));
    }
    match version.split('.').next().and_then(|m| m.parse::<u32>().ok()) {
        Some(m) if m > FORMAT_MAJOR => {
            return Err(invalid(
                LoadErrorKind::Unsupported,
                format!(
                    "the file is format version {version}, newer than this engine reads ({FORMAT_MAJOR}.x); update the serving engine"
                ),
            ));
        }
        Some(_) => {}
        None => {
            return Err(invalid(
                LoadErrorKind::Invalid,
                format!("`header.format_version` is `{version}`; expected `major.minor`, e.g. `1.0`"),
            ));
        }
    }
    let export: ExportFile = if ron {
        ron_options().from_str(text).map_err(|e| ron_error(file, &e, 0, 0))?
    } else {
        serde_json::from_str(text).map_err(|e| json_error(file, &e))?
    };
    let actual = checksum(&export.body).map_err(|e| invalid(LoadErrorKind::Invalid, e.to_string()))?;
    if actual != export.header.checksum {
        return Err(invalid(
            LoadErrorKind::Invalid,
            format!(
                "the checksum does not match: the header says `{}` but the body hashes to `{actual}`; the file was modified or damaged after export",
                export.header.checksum
            ),
        ));
    }
    let ruleset = ruleset_of(&export.header.name, &export.body);
    if let Some(d) = validate(&ruleset).into_iter().find(|d| d.severity == Severity::Error) {
        let rule = d.rules.first().map(|r| format!("rule `{r}`: ")).unwrap_or_default();
        let at = super::locate::locate(text, ron, &d.path);
        return Err(LoadError::new(file, at, LoadErrorKind::Invalid(format!("{rule}{} ({})", d.message, d.code))));
    }
    let compiled = compile(&ruleset).map_err(|d| {
        invalid(LoadErrorKind::Invalid, d.first().map_or_else(|| "does not compile".to_owned(), |d| d.message.clone()))
    })?;
    Ok(LoadedExport { file: export, compiled })
}

/// Just enough of a file to tell its format and version.
#[derive(serde::Deserialize)]
struct Probe {
    header: ProbeHeader,
}

#[derive(serde::Deserialize)]
struct ProbeHeader {
    #[serde(default)]
    format: String,
    #[serde(default)]
    format_version: String,
}

fn json_error(file: &str, e: &serde_json::Error) -> LoadError {
    let message = e.to_string();
    let message = serde_message(message.split(" at line ").next().unwrap_or(&message));
    LoadError::at(file, e.line(), e.column().max(1), LoadErrorKind::Syntax(message))
}
