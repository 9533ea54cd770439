//! Health badges for the rule list: a short word per finding ("stale",
//! "never fired", "always on", "ended"…), with the findings' messages on
//! hover. Findings that need no traffic (schedules, dates) are judged on
//! every generation of the document; traffic findings come from the last
//! health run over a sample of sessions.

use std::collections::HashMap;
use std::sync::Arc;

use egui::{RichText, Ui};

use crate::analysis::{Code, Diagnostic, Severity};
use crate::gui::theme::severity_color;

/// One rule's badges.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RuleBadges {
    /// Each finding: its short word, severity and message.
    pub findings: Vec<(&'static str, Severity, String)>,
}

/// Badges by rule id.
pub type Badges = Arc<HashMap<String, RuleBadges>>;

/// The short word of a health finding in the rule list.
pub fn word(code: Code) -> &'static str {
    match code {
        Code::ScheduleEnded => "ended",
        Code::ScheduleEndsSoon => "ends soon",
        Code::NeverMatched => "never fired",
        Code::AlwaysLoses => "always loses",
        Code::AlwaysOn => "always on",
        Code::ValueNeverSeen => "unseen value",
        Code::StaleRule => "stale",
        other => other.as_str(),
    }
}

/// Collects findings per rule id, most severe first, without repeating a word.
pub fn collect<'a>(findings: impl IntoIterator<Item = (&'a str, &'a Diagnostic)>) -> HashMap<String, RuleBadges> {
    let mut out: HashMap<String, RuleBadges> = HashMap::new();
    for (rule, d) in findings {
        let badges = out.entry(rule.to_owned()).or_default();
        let w = word(d.code);
        if !badges.findings.iter().any(|(seen, _, _)| *seen == w) {
            badges.findings.push((w, d.severity, d.message.clone()));
        }
    }
    for badges in out.values_mut() {
        badges.findings.sort_by_key(|(_, severity, _)| *severity);
    }
    out
}

/// Badges shown in a row before "+N".
const SHOWN: usize = 2;

/// Draws a rule's badges: the first words, then "+N", all findings on hover.
pub fn show(ui: &mut Ui, badges: &RuleBadges, dark: bool) {
    if badges.findings.is_empty() {
        return;
    }
    let hover: Vec<String> = badges.findings.iter().map(|(w, _, m)| format!("{w}: {m}")).collect();
    let hover = hover.join("\n");
    for (w, severity, _) in badges.findings.iter().take(SHOWN) {
        ui.label(RichText::new(*w).small().color(severity_color(*severity, dark))).on_hover_text(&hover);
    }
    let more = badges.findings.len().saturating_sub(SHOWN);
    if more > 0 {
        ui.label(RichText::new(format!("+{more}")).small().weak()).on_hover_text(&hover);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldPath;

    fn finding(code: Code, rule: &str) -> Diagnostic {
        Diagnostic::new(code, vec![rule.to_owned()], FieldPath::rule(0), format!("{} of {rule}", code.as_str()))
    }

    #[test]
    fn words_per_rule_most_severe_first_without_repeats() {
        let found = [
            finding(Code::StaleRule, "a"),
            finding(Code::NeverMatched, "a"),
            finding(Code::ValueNeverSeen, "a"),
            finding(Code::ValueNeverSeen, "a"),
            finding(Code::AlwaysOn, "b"),
        ];
        let badges = collect(found.iter().map(|d| (d.rules[0].as_str(), d)));
        let words: Vec<&str> = badges["a"].findings.iter().map(|(w, _, _)| *w).collect();
        assert_eq!(words, ["never fired", "unseen value", "stale"]);
        assert_eq!(badges["b"].findings[0].0, "always on");
        assert_eq!(badges.len(), 2);
    }
}
