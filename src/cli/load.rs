//! Loading a ruleset for a command, with every problem printed at its
//! position in the file.

use std::path::Path;

use super::Error;
use super::output::note;
use crate::analysis::{Diagnostic, Severity};
use crate::compile::{CompiledRuleset, compile};
use crate::export::DeciderError;
use crate::format::{Document, load_ruleset};

/// Prints a diagnostic as `file:line:col: severity[code]: message`, with the
/// rule and field on the next line and any detail indented.
pub fn render(d: &Diagnostic, doc: &Document) -> String {
    let pos = match doc.spans.locate(&d.path) {
        Some(p) => format!("{}:{}:{}", doc.file, p.line, p.column),
        None => doc.file.clone(),
    };
    let mut out = format!("{pos}: {}[{}]: {}", d.severity, d.code, d.message);
    let mut about = Vec::new();
    if !d.rules.is_empty() {
        about.push(format!(
            "rule{} {}",
            if d.rules.len() > 1 { "s" } else { "" },
            d.rules.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")
        ));
    }
    if let Some(slot) = &d.slot {
        about.push(format!("slot `{slot}`"));
    }
    about.push(format!("field {}", d.path));
    out.push_str(&format!("\n  --> {}", about.join(", ")));
    if let Some(detail) = &d.detail {
        for line in detail.lines() {
            out.push_str(&format!("\n   | {line}"));
        }
    }
    out
}

/// Loads and compiles a ruleset.
///
/// # Errors
/// The load error; or, after printing every error-severity diagnostic to
/// stderr, [`Error::HasErrors`].
pub fn load_compiled(path: &Path) -> Result<(Document, CompiledRuleset), Error> {
    let doc = load_ruleset(path)?;
    match compile(&doc.ruleset) {
        Ok(compiled) => Ok((doc, compiled)),
        Err(diags) => {
            for d in diags.iter().filter(|d| d.severity == Severity::Error) {
                note!("{}", render(d, &doc));
            }
            Err(Error::HasErrors { file: doc.file, errors: diags.len() })
        }
    }
}

/// Loads what decides sessions: a project file (compiled) or a verified
/// export.
///
/// # Errors
/// The load error; or, after printing every error-severity diagnostic to
/// stderr, [`Error::HasErrors`].
pub fn load_decider(path: &Path) -> Result<CompiledRuleset, Error> {
    match crate::export::load_decider(path) {
        Ok(decider) => Ok(decider.compiled),
        Err(DeciderError::Load(e)) => Err(e.into()),
        Err(DeciderError::Invalid { doc, errors }) => {
            for d in &errors {
                note!("{}", render(d, &doc));
            }
            Err(Error::HasErrors { file: doc.file, errors: errors.len() })
        }
    }
}
