//! `rulestudio check`: every problem of a ruleset, grouped by rule, with
//! positions; exit 1 on errors.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::Format;
use super::load::render;
use crate::analysis::{Diagnostic, Options, Severity, analyze};
use crate::format::load_ruleset;

/// Arguments of `check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The ruleset (`*.rules.ron`).
    ruleset: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Exit 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

/// Runs `check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    let doc = match load_ruleset(&args.ruleset) {
        Ok(doc) => doc,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let analysis = analyze(&doc.ruleset, &Options::default());
    let mut diags = analysis.diagnostics;
    let order: std::collections::HashMap<&str, usize> =
        doc.ruleset.rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i + 1)).rev().collect();
    let rule_of = |d: &Diagnostic| d.rules.first().and_then(|id| order.get(id.as_str()).copied()).unwrap_or(0);
    diags.sort_by_cached_key(|d| (rule_of(d), d.severity, d.code, d.path.clone()));
    match args.format {
        Format::Json => {
            let located: Vec<serde_json::Value> = diags
                .iter()
                .map(|d| {
                    let mut v = serde_json::to_value(d).unwrap_or_default();
                    if let (Some(pos), Some(obj)) = (doc.spans.locate(&d.path), v.as_object_mut()) {
                        obj.insert("line".into(), pos.line.into());
                        obj.insert("column".into(), pos.column.into());
                    }
                    v
                })
                .collect();
            let report = serde_json::json!({ "file": doc.file, "diagnostics": located });
            println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
        }
        Format::Text => print_text(&diags, &doc),
    }
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.iter().filter(|d| d.severity == Severity::Warning).count();
    if errors > 0 || (args.deny_warnings && warnings > 0) { ExitCode::FAILURE } else { ExitCode::SUCCESS }
}

fn print_text(diags: &[Diagnostic], doc: &crate::format::Document) {
    let mut current: Option<Option<&str>> = None;
    for d in diags {
        let rule = d.rules.first().map(String::as_str);
        if current != Some(rule) {
            match rule {
                Some(id) => {
                    let name = doc.ruleset.rule(id).map(|r| r.name.as_str()).unwrap_or_default();
                    println!("\nrule `{id}` {name}");
                }
                None => println!("\nruleset"),
            }
            current = Some(rule);
        }
        println!("{}", render(d, doc).lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n"));
    }
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    println!(
        "\n{}: {} error(s), {} warning(s), {} note(s)",
        doc.file,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
}
