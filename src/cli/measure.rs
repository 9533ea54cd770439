//! `rulestudio measure`: what each rule with a holdout does to an outcome
//! metric, against its holdout, overall and per audience — a table with a
//! plain verdict per rule and slot, one JSON document (the report), or CSV
//! (one row per effect, columns in `docs/MEASURE.md`).

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use super::Error;
use super::load::load_compiled;
use super::output::{Out, note};
use crate::sessions::SessionSource;
use crate::simulate::measure::{Audience, Effect, Metric, Options, Outcomes, Report, measure};
use crate::simulate::{Control, Progress};

/// Arguments of `measure`.
#[derive(Debug, Args)]
pub struct MeasureArgs {
    /// The ruleset (`*.rules.ron`).
    ruleset: PathBuf,
    /// Sessions with outcomes (JSON lines, CSV or RON by extension).
    #[arg(long)]
    sessions: PathBuf,
    /// Outcomes joined to the sessions by id (JSON lines or CSV), instead
    /// of the sessions' own.
    #[arg(long)]
    outcomes: Option<PathBuf>,
    /// The metric: `converted`, `revenue` or a named metric.
    #[arg(long, default_value = "converted")]
    metric: String,
    /// Also measure per audience.
    #[arg(long, value_enum)]
    by: Option<By>,
    /// Audiences per rule and slot, largest first.
    #[arg(long, default_value_t = 10)]
    top: usize,
    /// Output format.
    #[arg(long, value_enum, default_value_t = MeasureFormat::Text)]
    format: MeasureFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum By {
    Segment,
    Country,
    Device,
    Channel,
}

impl From<By> for Audience {
    fn from(b: By) -> Self {
        match b {
            By::Segment => Audience::Segment,
            By::Country => Audience::Country,
            By::Device => Audience::Device,
            By::Channel => Audience::Channel,
        }
    }
}

/// Output formats of `measure`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum MeasureFormat {
    /// Readable text.
    Text,
    /// The report as one JSON document.
    Json,
    /// One row per effect.
    Csv,
}

/// Runs `measure`: exit 0 whatever the verdicts.
///
/// # Errors
/// When the ruleset, the sessions or the outcomes cannot be read, or the
/// output cannot be written.
pub fn run(args: &MeasureArgs, out: &mut Out) -> Result<ExitCode, Error> {
    let (_, compiled) = load_compiled(&args.ruleset)?;
    let outcomes = args.outcomes.as_deref().map(Outcomes::load).transpose()?;
    let source = SessionSource::open(&args.sessions)?;
    let options = Options { metric: Metric::parse(&args.metric), by: args.by.map(Audience::from), top: args.top };
    let bar = std::io::stderr().is_terminal().then(|| super::progress::bar(1000, "measuring"));
    let progress = |p: Progress| {
        if let (Some(b), Some(f)) = (&bar, p.fraction()) {
            b.set_position((f * 1000.0) as u64);
        }
    };
    let control = Control { progress: Some(&progress), ..Control::default() };
    let report = measure(&compiled, source, outcomes.as_ref(), &options, &control);
    if let Some(b) = bar {
        b.finish_and_clear();
    }
    let text = match args.format {
        MeasureFormat::Text => text(&report),
        MeasureFormat::Json => serde_json::to_string_pretty(&report).unwrap_or_default(),
        MeasureFormat::Csv => csv(&report),
    };
    writeln!(out, "{}", text.trim_end())?;
    for e in &report.errors {
        note!("warning: {}:{}:{}: {}", args.sessions.display(), e.line, e.column, e.message);
    }
    if report.error_count > 0 {
        note!(
            "warning: {} could not be read and {} skipped",
            crate::words::count(report.error_count, "session", "sessions"),
            if report.error_count == 1 { "was" } else { "were" }
        );
    }
    if report.missing_count > 0 {
        if let Some(first) = report.missing.first() {
            note!("warning: {}:{}:{}: {}", args.sessions.display(), first.line, first.column, first.message);
        }
        note!(
            "warning: {} in a rule's arms had no `{}` and {} left out (never counted as 0)",
            crate::words::count(report.missing_count, "session", "sessions"),
            report.metric,
            if report.missing_count == 1 { "was" } else { "were" }
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn pct(x: f64) -> String {
    format!("{:.2} %", x * 100.0)
}

fn mean(report: &Report, x: f64) -> String {
    if report.metric == "converted" { pct(x) } else { format!("{x:.3}") }
}

/// The report as text: a summary, then per rule and slot the arms, the
/// uplift and the verdict, with its audiences below.
pub fn text(r: &Report) -> String {
    let metric = Metric::parse(&r.metric);
    let mut out = format!(
        "{}: `{}` measured against holdouts over {} sessions ({} with a value)\n",
        r.ruleset, r.metric, r.sessions, r.with_outcome
    );
    if r.effects.is_empty() {
        out.push_str("\nno enabled rule has a holdout (`holdout_percent`), so there is nothing to compare\n");
        return out;
    }
    let name = |e: &Effect| match &e.audience {
        Some(a) => format!("    {a}"),
        None => format!("{} on {}", e.rule, e.slot),
    };
    let width = r.effects.iter().map(|e| name(e).len()).max().unwrap_or(4).max(4);
    let _ = writeln!(
        out,
        "\n{:width$}  {:>9} {:>10}  {:>9} {:>10}  {:>8}  {:>8}  {:>8}  verdict",
        "rule on slot", "treated", "mean", "control", "mean", "relative", "p", "p adj"
    );
    for e in &r.effects {
        let _ = writeln!(
            out,
            "{:width$}  {:>9} {:>10}  {:>9} {:>10}  {:>8}  {:>8.4}  {:>8.4}  {}",
            name(e),
            e.treatment.sessions,
            mean(r, e.treatment.mean),
            e.control.sessions,
            mean(r, e.control.mean),
            e.relative.map_or_else(|| "-".to_owned(), |x| format!("{:+.1} %", x.estimate * 100.0)),
            e.p_value,
            e.p_adjusted,
            e.explain(&metric),
        );
    }
    let _ = writeln!(
        out,
        "\nverdicts: helps or hurts when the Benjamini-Hochberg adjusted p is below 0.05; broken randomisation when the control share differs from the holdout (p < 0.001)"
    );
    out
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: &str = "rule,slot,audience,holdout_percent,assigned_treatment,assigned_control,treatment_sessions,treatment_mean,treatment_ci_low,treatment_ci_high,control_sessions,control_mean,control_ci_low,control_ci_high,uplift,uplift_ci_low,uplift_ci_high,relative,relative_ci_low,relative_ci_high,p_value,p_adjusted,srm_expected,srm_observed,srm_p_value,srm_flagged,mde,sessions_needed,verdict";

/// The report as CSV: a header of [`CSV_COLUMNS`], one row per effect.
pub fn csv(r: &Report) -> String {
    let cell = |s: &str| crate::sessions::csv_cell(s).into_owned();
    let opt = |x: Option<f64>| x.map(|x| x.to_string()).unwrap_or_default();
    let mut out = format!("{CSV_COLUMNS}\n");
    for e in &r.effects {
        let rel = e.relative;
        let row = [
            cell(&e.rule),
            cell(&e.slot),
            cell(e.audience.as_deref().unwrap_or("")),
            e.holdout_percent.to_string(),
            e.assigned_treatment.to_string(),
            e.assigned_control.to_string(),
            e.treatment.sessions.to_string(),
            e.treatment.mean.to_string(),
            e.treatment.ci_low.to_string(),
            e.treatment.ci_high.to_string(),
            e.control.sessions.to_string(),
            e.control.mean.to_string(),
            e.control.ci_low.to_string(),
            e.control.ci_high.to_string(),
            e.uplift.estimate.to_string(),
            e.uplift.ci_low.to_string(),
            e.uplift.ci_high.to_string(),
            opt(rel.map(|x| x.estimate)),
            opt(rel.map(|x| x.ci_low)),
            opt(rel.map(|x| x.ci_high)),
            e.p_value.to_string(),
            e.p_adjusted.to_string(),
            e.srm.expected.to_string(),
            e.srm.observed.to_string(),
            e.srm.p_value.to_string(),
            e.srm.flagged.to_string(),
            opt(e.mde),
            e.sessions_needed.map(|n| n.to_string()).unwrap_or_default(),
            cell(&e.verdict.to_string()),
        ];
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}
