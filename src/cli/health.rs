//! `rulestudio health`: which rules have aged badly, from a sample of
//! sessions — a table of rules with their findings (most severe first), each
//! finding at its position in the file, or one JSON document.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{NaiveDate, Utc};
use clap::Args;

use super::load::{load_compiled, render};
use super::output::{Out, note};
use super::{Error, Format};
use crate::format::Document;
use crate::sessions::SessionSource;
use crate::simulate::health::{Options, Report, health};
use crate::simulate::{Control, Progress};

/// Arguments of `health`.
#[derive(Debug, Args)]
pub struct HealthArgs {
    /// The ruleset (`*.rules.ron`).
    ruleset: PathBuf,
    /// A sample of sessions (JSON lines, CSV or RON by extension).
    #[arg(long)]
    sessions: PathBuf,
    /// A rule not edited for more days than this is stale.
    #[arg(long, default_value_t = 90)]
    stale_days: u32,
    /// Judge schedules and dates as of this day (YYYY-MM-DD) instead of today.
    #[arg(long)]
    today: Option<NaiveDate>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

/// Runs `health`: exit 0 whatever it finds.
///
/// # Errors
/// When the ruleset or the sessions cannot be read, or the output cannot be
/// written.
pub fn run(args: &HealthArgs, out: &mut Out) -> Result<ExitCode, Error> {
    let (doc, compiled) = load_compiled(&args.ruleset)?;
    let source = SessionSource::open(Path::new(&args.sessions))?;
    let now = match args.today {
        Some(day) => day.and_time(chrono::NaiveTime::MIN).and_utc(),
        None => Utc::now(),
    };
    let options = Options { stale_days: args.stale_days, ..Options::at(now) };
    let bar = std::io::stderr().is_terminal().then(|| super::progress::bar(1000, "health"));
    let progress = |p: Progress| {
        if let (Some(b), Some(f)) = (&bar, p.fraction()) {
            b.set_position((f * 1000.0) as u64);
        }
    };
    let control = Control { progress: Some(&progress), ..Control::default() };
    let report = health(&doc.ruleset, &compiled, source, &options, &control);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let text = match args.format {
        Format::Text => text(&report, &doc),
        Format::Json => serde_json::to_string_pretty(&report).unwrap_or_default(),
    };
    writeln!(out, "{}", text.trim_end())?;
    if report.error_count > 0 {
        note!(
            "warning: {} could not be read and {} skipped",
            plural(report.error_count, "session"),
            if report.error_count == 1 { "was" } else { "were" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("1 {word}") } else { format!("{n} {word}s") }
}

/// The report as text: a summary line, the table, then every finding with
/// its position.
pub fn text(r: &Report, doc: &Document) -> String {
    let mut out = format!("{}: health over {}", r.ruleset, plural(r.sessions, "session"));
    if let (Some(from), Some(to)) = (r.from, r.to) {
        let _ = write!(out, " from {} to {}", from.format("%Y-%m-%d %H:%M %:z"), to.format("%Y-%m-%d %H:%M %:z"));
    }
    out.push('\n');
    let width = r.rules.iter().map(|x| x.rule.len()).max().unwrap_or(4).max(4);
    let _ = writeln!(
        out,
        "\n  {:width$}  {:>8}  {:>8}  {:16}  {:11}  findings",
        "rule", "matched", "applied", "last applied", "last edited"
    );
    for rule in &r.rules {
        let codes: Vec<&str> = rule.findings.iter().map(|d| d.code.as_str()).collect();
        let _ = writeln!(
            out,
            "  {:width$}  {:>8}  {:>8}  {:16}  {:11}  {}",
            if rule.enabled { rule.rule.clone() } else { format!("{} (off)", rule.rule) },
            rule.matched,
            rule.applied,
            rule.last_applied.map_or_else(|| "never".to_owned(), |t| t.format("%Y-%m-%d %H:%M").to_string()),
            rule.last_edited.map_or_else(|| "unknown".to_owned(), |d| d.to_string()),
            match (rule.enabled, codes.is_empty()) {
                (_, false) => codes.join(", "),
                (true, true) => "healthy".to_owned(),
                (false, true) => "disabled".to_owned(),
            }
        );
    }
    let count = r.findings().count();
    let _ = writeln!(out, "\n{}", plural(count, "finding"));
    for d in r.findings() {
        let _ = writeln!(out, "{}", render(d, doc));
    }
    out
}
