//! The stages of the library in order, with no backward import (issue 13):
//! model → format / derive → sessions → validate → compile → engine →
//! analysis → simulate → export → generate → cli / gui. A module may use
//! its own stage and earlier ones, never a later stage or a sibling of its
//! own stage; the one exception is the command line starting the studio.

use std::fs;
use std::path::Path;

/// Each top-level module of `src/` and its stage.
const STAGES: &[(&str, u8)] = &[
    ("words", 0),
    ("model", 1),
    ("format", 2),
    ("derive", 2),
    ("sessions", 3),
    ("validate", 4),
    ("compile", 5),
    ("engine", 6),
    ("analysis", 7),
    ("simulate", 8),
    ("export", 9),
    ("sql", 9),
    ("generate", 10),
    ("cli", 11),
    ("gui", 11),
];

fn stage(module: &str) -> Option<u8> {
    STAGES.iter().find(|(m, _)| *m == module).map(|(_, s)| *s)
}

/// The modules a line names through `crate::`, braces included
/// (`crate::{model::Rule, format::x}` names `model` and `format`).
fn named(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let group = match rest.strip_prefix('{') {
            Some(inner) => inner.split('}').next().unwrap_or_default(),
            None => rest,
        };
        for item in group.split(',') {
            let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            out.push(name);
            if !rest.starts_with('{') {
                break;
            }
        }
    }
    out
}

/// Every backward import under `dir`, as `file:line: what`.
fn backward(dir: &Path, root: &Path, found: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            backward(&path, root, found);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(root).unwrap_or(&path);
        let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned());
        let first = parts.next().unwrap_or_default();
        let module = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
        let Some(own) = stage(&module) else { continue };
        let text = fs::read_to_string(&path).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            for used in named(line) {
                let Some(theirs) = stage(&used) else { continue };
                let starts_studio = module == "cli" && used == "gui";
                if used != module && theirs >= own && !starts_studio {
                    found.push(format!("{}:{}: `{module}` uses `{used}`: {}", rel.display(), n + 1, line.trim()));
                }
            }
        }
    }
}

#[test]
fn no_stage_imports_a_later_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    backward(&root, &root, &mut found);
    assert!(found.is_empty(), "backward imports between stages:\n{}", found.join("\n"));
}

#[test]
fn every_module_has_a_stage() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(root.join("lib.rs")).unwrap_or_default();
    let modules: Vec<&str> =
        lib.lines().filter_map(|l| l.trim().strip_prefix("pub mod ").and_then(|m| m.strip_suffix(';'))).collect();
    assert!(modules.len() >= 10, "{modules:?}");
    for m in modules {
        assert!(stage(m).is_some(), "`{m}` is not placed in the stage order");
    }
}

#[test]
fn finds_plain_and_grouped_imports() {
    assert_eq!(named("use crate::engine::Facts;"), ["engine"]);
    assert_eq!(named("use crate::{model::Rule, format::x};"), ["model", "format"]);
    assert_eq!(named("let c = crate::compile::compile(&a); crate::engine::x()"), ["compile", "engine"]);
    assert!(named("use super::x;").is_empty());
}
