//! Batch and impact reports as text for people and CSV for spreadsheets
//! (JSON comes from serde).

use std::fmt::Write as _;

use super::batch::Report;
use super::impact::ImpactReport;
use crate::sessions::csv_cell as cell;

fn pct(n: usize, of: usize) -> String {
    if of == 0 { "0.0 %".to_owned() } else { format!("{:.1} %", 100.0 * n as f64 / of as f64) }
}

fn errors_text(out: &mut String, count: usize, errors: &[super::batch::RecordError]) {
    if count == 0 {
        return;
    }
    let _ = writeln!(out, "\nBad records: {count} (skipped)");
    for e in errors {
        let _ = writeln!(out, "  line {}:{}: {}", e.line, e.column, e.message);
    }
    if count > errors.len() {
        let _ = writeln!(out, "  … and {} more", count - errors.len());
    }
}

/// A batch report as text.
pub fn report_text(r: &Report) -> String {
    let mut out = format!("{}: {} sessions decided", r.ruleset, r.sessions);
    if r.stopped {
        out.push_str(" (stopped early)");
    }
    out.push('\n');
    let name = |rule: &super::batch::RuleStats| {
        if rule.enabled { rule.rule.clone() } else { format!("{} (disabled)", rule.rule) }
    };
    let width = r.rules.iter().map(|x| name(x).len()).max().unwrap_or(4).max(4);
    let _ =
        writeln!(out, "\nRules\n  {:width$}  {:>8}  {:>8}  {:>8}  lost to", "rule", "matched", "applied", "held out");
    for rule in &r.rules {
        let lost: Vec<String> = rule.lost_to.iter().map(|(w, n)| format!("{w} ({n})")).collect();
        let _ = writeln!(
            out,
            "  {:width$}  {:>8}  {:>8}  {:>8}  {}",
            name(rule),
            rule.matched,
            rule.applied,
            rule.held_out,
            lost.join(", ")
        );
    }
    let never = r.never_fired();
    let _ = writeln!(
        out,
        "\nNever fired on this sample: {}",
        if never.is_empty() { "none".to_owned() } else { never.join(", ") }
    );
    let _ = writeln!(out, "\nSlots");
    for slot in &r.slots {
        let _ = writeln!(out, "  {} (default for {})", slot.slot, pct(slot.defaults, r.sessions));
        for o in &slot.outcomes {
            let _ = writeln!(out, "    {:>8}  {:>7}  {}", o.count, pct(o.count, r.sessions), o.outcome);
        }
    }
    let _ = writeln!(
        out,
        "\nNo personalisation: {} sessions ({}){}",
        r.unpersonalised,
        pct(r.unpersonalised, r.sessions),
        if r.unpersonalised_examples.is_empty() {
            String::new()
        } else {
            format!(", e.g. {}", r.unpersonalised_examples.join(", "))
        }
    );
    if r.ties.is_empty() {
        let _ = writeln!(out, "Equal-priority ties seen: none");
    } else {
        let _ = writeln!(out, "Equal-priority ties seen:");
        for t in &r.ties {
            let _ = writeln!(
                out,
                "  {}: {} won over {} by file order in {} sessions, e.g. {}",
                t.slot,
                t.winner,
                t.other,
                t.count,
                t.examples.join(", ")
            );
        }
    }
    errors_text(&mut out, r.error_count, &r.errors);
    if r.warning_count > 0 {
        let _ = writeln!(out, "\nWarnings: {} (the sessions were kept without the field)", r.warning_count);
        for w in &r.warnings {
            let _ = writeln!(out, "  line {}:{}: {}", w.line, w.column, w.message);
        }
        if r.warning_count > r.warnings.len() {
            let _ = writeln!(out, "  … and {} more", r.warning_count - r.warnings.len());
        }
    }
    out
}

/// A batch report as CSV: `section,subject,key,count` rows.
pub fn report_csv(r: &Report) -> String {
    let mut out = String::from("section,subject,key,count\n");
    let mut row = |a: &str, b: &str, c: &str, n: usize| {
        let _ = writeln!(out, "{},{},{},{n}", cell(a), cell(b), cell(c));
    };
    row("total", "", "sessions", r.sessions);
    row("total", "", "bad_records", r.error_count);
    row("total", "", "unpersonalised", r.unpersonalised);
    for rule in &r.rules {
        row("rule", &rule.rule, "matched", rule.matched);
        row("rule", &rule.rule, "applied", rule.applied);
        row("rule", &rule.rule, "held_out", rule.held_out);
        for (w, n) in &rule.lost_to {
            row("rule", &rule.rule, &format!("lost_to:{w}"), *n);
        }
    }
    for slot in &r.slots {
        for o in &slot.outcomes {
            row("slot", &slot.slot, &o.outcome.to_string(), o.count);
        }
    }
    for t in &r.ties {
        row("tie", &t.slot, &format!("{} over {}", t.winner, t.other), t.count);
    }
    out
}

/// An impact report as text.
pub fn impact_text(r: &ImpactReport) -> String {
    let mut out = format!("{}: impact over {} sessions", r.ruleset, r.sessions);
    if r.stopped {
        out.push_str(" (stopped early)");
    }
    out.push('\n');
    for slot in &r.slots {
        let _ =
            writeln!(out, "\n  {}: {} sessions change ({})", slot.slot, slot.changed, pct(slot.changed, r.sessions));
        for t in &slot.transitions {
            let _ = writeln!(out, "    {:>8}  {} → {}   e.g. {}", t.count, t.from, t.to, t.examples.join(", "));
        }
    }
    if !r.added_slots.is_empty() {
        let _ = writeln!(out, "\nSlots only in the new version: {}", r.added_slots.join(", "));
    }
    if !r.removed_slots.is_empty() {
        let _ = writeln!(out, "\nSlots only in the old version: {}", r.removed_slots.join(", "));
    }
    errors_text(&mut out, r.error_count, &r.errors);
    out
}

/// An impact report as CSV: `slot,from,to,count,share,examples` rows.
pub fn impact_csv(r: &ImpactReport) -> String {
    let mut out = String::from("slot,from,to,count,share,examples\n");
    for slot in &r.slots {
        for t in &slot.transitions {
            let share = if r.sessions == 0 { 0.0 } else { t.count as f64 / r.sessions as f64 };
            let _ = writeln!(
                out,
                "{},{},{},{},{share:.6},{}",
                cell(&slot.slot),
                cell(&t.from.to_string()),
                cell(&t.to.to_string()),
                t.count,
                cell(&t.examples.join(" "))
            );
        }
    }
    out
}
