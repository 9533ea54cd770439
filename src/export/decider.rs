//! What decides sessions, loaded from a path: a verified export or a
//! ruleset file, compiled. The command line (`simulate`, `eval`, `--against`)
//! and the studio's comparison load both kinds here, with one rule for
//! telling them apart.

use std::path::Path;

use super::load_export;
use crate::compile::{CompiledRuleset, compile};
use crate::format::{Document, LoadError, load_ruleset};
use crate::validate::{Diagnostic, Severity};

/// Whether a path names an export rather than a ruleset file: a
/// `.ruleset.json` or `.ruleset.ron` file, or any JSON file (ruleset files
/// are RON).
pub fn is_export(path: &Path) -> bool {
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    name.ends_with(".ruleset.json") || name.ends_with(".ruleset.ron") || path.extension().is_some_and(|e| e == "json")
}

/// A loaded decider and how to name it to people.
#[derive(Debug)]
pub struct Decider {
    /// What decides.
    pub compiled: CompiledRuleset,
    /// `shop v3 (export)` or `shop.rules.ron (ruleset file)`.
    pub label: String,
}

/// Why a decider could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DeciderError {
    /// The file was refused (unreadable, malformed, or an export whose
    /// checksum does not match).
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A ruleset file that has errors.
    #[error("`{}` has {}; run `rulestudio check` on it", .doc.file, crate::words::count(.errors.len(), "error", "errors"))]
    Invalid {
        /// The ruleset file, for locating the errors.
        doc: Box<Document>,
        /// Its error-severity diagnostics.
        errors: Vec<Diagnostic>,
    },
}

/// Loads what decides sessions from `path`: a verified export, or a ruleset
/// file compiled.
///
/// # Errors
/// [`DeciderError::Load`] for a file that cannot be read or is refused,
/// [`DeciderError::Invalid`] for a ruleset with errors.
pub fn load_decider(path: &Path) -> Result<Decider, DeciderError> {
    if is_export(path) {
        let loaded = load_export(path)?;
        let label = format!("{} v{} (export)", loaded.file.header.name, loaded.file.header.version);
        return Ok(Decider { compiled: loaded.compiled, label });
    }
    let doc = load_ruleset(path)?;
    match compile(&doc.ruleset) {
        Ok(compiled) => {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            Ok(Decider { compiled, label: format!("{name} (ruleset file)") })
        }
        Err(diags) => {
            let errors = diags.into_iter().filter(|d| d.severity == Severity::Error).collect();
            Err(DeciderError::Invalid { doc: Box::new(doc), errors })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_are_told_from_ruleset_files_by_name() {
        for (name, export) in [
            ("shop-v3.ruleset.json", true),
            ("shop-v3.ruleset.ron", true),
            ("downloaded.json", true),
            ("shop.rules.ron", false),
            ("shop.ron", false),
            ("rules", false),
        ] {
            assert_eq!(is_export(Path::new(name)), export, "{name}");
        }
    }

    #[test]
    fn a_ruleset_with_errors_keeps_them_for_locating() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bad.rules.ron");
        let text =
            r#"(name: "bad", time_zone: "Mars/Base", slots: [(id: "hero", kind: content, default: content(id: "d"))])"#;
        std::fs::write(&path, text).unwrap();
        let Err(DeciderError::Invalid { doc, errors }) = load_decider(&path) else { panic!("not refused") };
        assert_eq!(doc.ruleset.name, "bad");
        assert_eq!(errors.len(), 1);
        assert!(errors[0].message.contains("Mars/Base"), "{}", errors[0].message);
    }
}
