//! `rulestudio check`: every problem of a ruleset in one pass — validation,
//! warnings and conflicts — grouped by rule with file positions, or as JSON
//! for tools. With `--witness`, the text report goes to stderr and the
//! witness sessions to stdout as JSON lines, ready to pipe into `eval`.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::load::render;
use super::output::{Out, note};
use super::{Error, Format};
use crate::analysis::{Analysis, Checked, Code, Diagnostic, Options, Severity, check};
use crate::compile::CompiledRuleset;
use crate::format::{Document, load_ruleset};
use crate::model::Session;
use crate::simulate::measure;
use crate::words::count;

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
    /// List notes (overlaps) in text output, not only their count.
    #[arg(long)]
    notes: bool,
    /// Print witness sessions as JSON lines on stdout (pipe them into
    /// `rulestudio eval RULESET --trace`), the report on stderr; in JSON
    /// output, add a session proving each live rule can apply.
    #[arg(long)]
    witness: bool,
    /// Sample sessions: overlap notes then say what share of a rule's sessions
    /// higher rules take, and where they carry outcomes, a rule that hurts
    /// conversion against its holdout is a warning (`rule-hurts`).
    #[arg(long)]
    sessions: Option<PathBuf>,
}

/// Runs `check`: exit 1 on errors (and with `--deny-warnings`, warnings).
///
/// # Errors
/// When the ruleset or the sessions do not load, or the output cannot be
/// written.
pub fn run(args: &CheckArgs, out: &mut Out) -> Result<ExitCode, Error> {
    let doc = load_ruleset(&args.ruleset)?;
    let sample = args.sessions.as_deref().map(crate::sessions::read_all).transpose()?;
    let bar = std::io::stderr().is_terminal().then(|| super::progress::bar(1000, "checking"));
    let progress = |f: f32| {
        if let Some(b) = &bar {
            b.set_position((f * 1000.0) as u64);
        }
    };
    let options = Options { sample: sample.as_deref(), progress: Some(&progress), ..Options::default() };
    let Checked { mut analysis, compiled, .. } = check(&doc.ruleset, &options);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    if let (Some(path), Some(compiled)) = (&args.sessions, &compiled) {
        analysis.diagnostics.extend(hurts(compiled, path));
    }
    let order: HashMap<&str, usize> =
        doc.ruleset.rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i + 1)).rev().collect();
    let rule_of = |d: &Diagnostic| d.rules.first().and_then(|id| order.get(id.as_str()).copied()).unwrap_or(0);
    analysis.diagnostics.sort_by_cached_key(|d| (rule_of(d), d.severity, d.code, d.path.clone()));
    match args.format {
        Format::Json => print_json(&analysis, &doc, args.witness, out)?,
        Format::Text => print_text(&analysis, &doc, args, out)?,
    }
    let errors = analysis.count(Severity::Error);
    let warnings = analysis.count(Severity::Warning);
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

/// `rule-hurts` warnings from measuring the sample's outcomes against the
/// holdouts (none when the sample has no outcomes).
fn hurts(compiled: &CompiledRuleset, path: &std::path::Path) -> Vec<Diagnostic> {
    let Ok(source) = crate::sessions::SessionSource::open(path) else { return Vec::new() };
    let options = measure::Options::default();
    let report = measure::measure(compiled, source, None, &options, &crate::simulate::Control::default());
    measure::hurts_diagnostics(&report.effects, &options.metric, compiled)
}

fn print_json(analysis: &Analysis, doc: &Document, witness: bool, out: &mut Out) -> Result<(), Error> {
    let located: Vec<serde_json::Value> = analysis
        .diagnostics
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
    let mut report = serde_json::json!({
        "file": doc.file,
        "summary": {
            "errors": analysis.count(Severity::Error),
            "warnings": analysis.count(Severity::Warning),
            "notes": analysis.count(Severity::Info),
        },
        "conflicts_checked": analysis.conflicts_checked,
        "diagnostics": located,
    });
    if witness && let Some(obj) = report.as_object_mut() {
        obj.insert("live".into(), serde_json::to_value(&analysis.live).unwrap_or_default());
    }
    writeln!(out, "{}", serde_json::to_string_pretty(&report).unwrap_or_default())
}

fn witness_line(s: &Session) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn print_text(analysis: &Analysis, doc: &Document, args: &CheckArgs, out: &mut Out) -> Result<(), Error> {
    // With --witness, stdout carries only witness sessions (JSON lines).
    let say = |out: &mut Out, line: String| {
        if args.witness {
            note!("{line}");
            Ok(())
        } else {
            writeln!(out, "{line}")
        }
    };
    let names: HashMap<&str, &str> = doc.ruleset.rules.iter().map(|r| (r.id.as_str(), r.name.as_str())).collect();
    let mut current: Option<Option<&str>> = None;
    for d in &analysis.diagnostics {
        if d.severity == Severity::Info && !args.notes {
            if args.witness
                && let Some(w) = &d.witness
            {
                writeln!(out, "{}", witness_line(w))?;
            }
            continue;
        }
        let rule = d.rules.first().map(String::as_str);
        if current != Some(rule) {
            match rule {
                Some(id) => {
                    let name = names.get(id).copied().unwrap_or_default();
                    say(out, format!("\nrule `{id}` {name}"))?;
                }
                None => say(out, "\nruleset".to_owned())?,
            }
            current = Some(rule);
        }
        say(out, render(d, doc).lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n"))?;
        if args.witness
            && let Some(w) = &d.witness
        {
            say(out, format!("    witness: {} (on stdout)", w.id))?;
            writeln!(out, "{}", witness_line(w))?;
        }
    }
    if !analysis.conflicts_checked {
        let over_limit = analysis.diagnostics.iter().any(|d| d.code == Code::LimitExceeded);
        let why = if over_limit { "the ruleset is over a limit" } else { "fix the ruleset's time zone first" };
        say(out, format!("\nconflicts were not checked: {why}"))?;
    }
    let notes = analysis.count(Severity::Info);
    let hint = if notes > 0 && !args.notes { " (--notes lists them)" } else { "" };
    say(
        out,
        format!(
            "\n{}: {}, {}, {}{hint}",
            doc.file,
            count(analysis.count(Severity::Error), "error", "errors"),
            count(analysis.count(Severity::Warning), "warning", "warnings"),
            count(notes, "note", "notes"),
        ),
    )
}
