//! The studio's panels. Each draws from a read-only [`View`] of the
//! document and the latest check, keeps its own UI state, and returns
//! [`Command`]s for the app to apply. Drawing changes nothing else: a panel
//! that needs a file asks for it ([`Command::Choose`]) and gets it back
//! through the app; one that needs work done off the UI thread asks for it
//! ([`Command::Start`]), and the app starts it, collects it before the next
//! frame, and leaves the result in the panel's state to draw.

pub mod batch;
pub mod condition;
pub mod export;
pub mod health;
pub mod impact;
pub mod job_ui;
pub mod measure;
pub mod model_editor;
pub mod pickers;
pub mod problems;
pub mod rule_editor;
pub mod rule_list;
pub mod simulator;
pub mod tests_tab;

use std::sync::Arc;

use egui::{Response, Ui};

use super::command::Command;
use super::worker::Checked;
use crate::analysis::Diagnostic;
use crate::compile::CompiledRuleset;
use crate::model::{CustomType, FieldPath, Ruleset, Session};

/// What panels see of the studio's state.
pub struct View<'a> {
    /// The document's ruleset.
    pub ruleset: &'a Ruleset,
    /// The document's generation (bumped by every edit).
    pub generation: u64,
    /// The generation of the rules and the lists they refer to (bumped by
    /// edits of those only).
    pub structure: u64,
    /// The latest check (maybe of an older generation: see `stale`).
    pub checked: Option<&'a Arc<Checked>>,
    /// Whether `checked` is older than the document.
    pub stale: bool,
    /// The ruleset as last compiled without errors (possibly older).
    pub compiled: Option<&'a Arc<CompiledRuleset>>,
    /// The field a diagnostic points at, to highlight.
    pub highlight: Option<&'a FieldPath>,
    /// Whether the dark theme is on.
    pub dark: bool,
    /// Health badges by rule id.
    pub health: &'a health::badges::Badges,
}

/// A widget with a visible label the accessibility tree names it by (tests
/// and screen readers find inputs by their label).
pub fn labelled(ui: &mut Ui, label: &str, add: impl FnOnce(&mut Ui) -> Response) -> Response {
    ui.horizontal(|ui| {
        let l = ui.label(label);
        add(ui).labelled_by(l.id)
    })
    .inner
}

/// A session as readable lines: `geo.country = "CA"`, one per field set.
pub fn session_lines(session: &Session) -> Vec<(String, String)> {
    fn walk(prefix: &str, v: &serde_json::Value, out: &mut Vec<(String, String)>) {
        match v {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    let key = if prefix.is_empty() { k.clone() } else { format!("{prefix}.{k}") };
                    walk(&key, v, out);
                }
            }
            serde_json::Value::Array(items) => {
                let items: Vec<String> =
                    items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned)).collect();
                out.push((prefix.to_owned(), items.join(", ")));
            }
            serde_json::Value::String(s) => out.push((prefix.to_owned(), s.clone())),
            other => out.push((prefix.to_owned(), other.to_string())),
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_json::to_value(session) {
        walk("", &v, &mut out);
    }
    out
}

/// The rules a diagnostic is about, by index: the rule its field is in and
/// every rule it names (both rules of an ambiguity, the expected and the
/// actual rule of a failing test), each once, in that order. A diagnostic is
/// shown on every one of them.
pub fn rules_of(d: &Diagnostic, ruleset: &Ruleset) -> Vec<usize> {
    rules_named(d, |id| ruleset.rule_index(id))
}

/// [`rules_of`], finding the index of a rule id with `index_of` (a map, for
/// panels that ask of every diagnostic at once).
pub fn rules_named(d: &Diagnostic, index_of: impl Fn(&str) -> Option<usize>) -> Vec<usize> {
    let mut found: Vec<usize> = d.path.rule_index().into_iter().collect();
    for id in &d.rules {
        if let Some(i) = index_of(id)
            && !found.contains(&i)
        {
            found.push(i);
        }
    }
    found
}

/// Whether a diagnostic is shown on rule `index`: `rules_of(d,
/// ruleset).contains(&index)`, without looking up every rule it names (a
/// panel asks this of every diagnostic). The rule's id counts only when the
/// rule is the first with it, found once here, not once per diagnostic.
pub fn about_rule(ruleset: &Ruleset, index: usize) -> impl Fn(&Diagnostic) -> bool + '_ {
    let named = ruleset.rules.get(index).filter(|r| ruleset.rule_index(&r.id) == Some(index)).map(|r| r.id.as_str());
    move |d| d.path.rule_index() == Some(index) || named.is_some_and(|id| d.rules.iter().any(|r| r == id))
}

/// A custom attribute type's name, as written in rulesets.
pub fn custom_type_name(ty: CustomType) -> &'static str {
    match ty {
        CustomType::Text => "text",
        CustomType::Number => "number",
        CustomType::List => "list",
    }
}

/// An id like `base` that `taken` does not know: `base`, `base-2`, `base-3`…
pub fn unique_id(base: &str, taken: impl Fn(&str) -> bool) -> String {
    if !taken(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base}-{n}")).find(|id| !taken(id)).unwrap_or_else(|| base.to_owned())
}

/// Commands collected while drawing.
pub type Out = Vec<Command>;

#[cfg(test)]
mod about_tests {
    use super::*;
    use crate::analysis::Code;
    use crate::model::{Condition, Rule};

    #[test]
    fn a_diagnostic_is_about_the_rule_at_its_path_or_the_first_with_an_id_it_names() {
        let mut rs = Ruleset::new("s");
        rs.rules = ["a", "b", "a"].iter().map(|id| Rule::new(*id, "R", 1, Condition::always(), vec![])).collect();
        let naming = |ids: &[&str], path: FieldPath| {
            Diagnostic::new(Code::Overlap, ids.iter().map(|s| s.to_string()).collect(), path, "m")
        };
        let cases = [
            (naming(&["a"], FieldPath::root()), [true, false, false]),
            (naming(&["b", "a"], FieldPath::rule(1)), [true, true, false]),
            (naming(&[], FieldPath::rule(2).field("when")), [false, false, true]),
            (naming(&["zz"], FieldPath::root()), [false, false, false]),
        ];
        for (d, expected) in cases {
            let found: Vec<bool> = (0..3).map(|i| about_rule(&rs, i)(&d)).collect();
            assert_eq!(found, expected, "{:?} {}", d.rules, d.path);
            let by_rules_of: Vec<bool> = (0..3).map(|i| rules_of(&d, &rs).contains(&i)).collect();
            assert_eq!(found, by_rules_of, "agrees with rules_of");
        }
    }
}
