//! Problems on every rule they name: an ambiguity on both rules, a failing
//! test on the rule expected to give the outcome and the rule that gave
//! another (list badge, editor header, the panel's rule filter), and the
//! panel listing analysis errors and failing tests at once, in correct
//! plurals.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::analysis::{Code, Severity};
use rulestudio::gui::StudioApp;

use super::{settle, studio};

/// `ca` and `mobile` tie on `hero` (an ambiguity); the test expects `de`'s
/// outcome for a German visitor, but `eu` (higher priority) gives its own.
const RULESET: &str = r#"(
    name: "problems",
    time_zone: "UTC",
    slots: [(id: "hero", kind: content, default: content(id: "plain"))],
    rules: [
        (id: "ca", name: "Canada", priority: 5, when: pred(attr: "geo.country", op: is("CA")),
         then: [(slot: "hero", outcome: content(id: "maple"))]),
        (id: "mobile", name: "Mobile", priority: 5, when: pred(attr: "device.type", op: is("mobile")),
         then: [(slot: "hero", outcome: content(id: "phone"))]),
        (id: "eu", name: "Europe", priority: 7, when: pred(attr: "geo.country", op: in(["DE", "FR"])),
         then: [(slot: "hero", outcome: content(id: "euro"))]),
        (id: "de", name: "Germany", priority: 3, when: pred(attr: "geo.country", op: is("DE")),
         then: [(slot: "hero", outcome: content(id: "pretzel"))]),
    ],
    tests: [(name: "German visitors see pretzels", session: (id: "t-de", geo: (country: "DE")),
             expect: {"hero": content(id: "pretzel")})],
)"#;

fn open(dir: &std::path::Path) -> Harness<'static, StudioApp> {
    let path = dir.join("problems.rules.ron");
    std::fs::write(&path, RULESET).unwrap();
    studio(Some(&path), vec![], &dir.join("recovery"))
}

fn select(h: &mut Harness<'static, StudioApp>, name: &str) {
    h.get_by_label_contains(&format!("  {name}")).click();
    h.run();
}

#[test]
fn every_problem_is_listed_at_once_in_correct_plurals() {
    let dir = tempfile::tempdir().unwrap();
    let h = open(dir.path());
    let checked = h.state().checker().latest().unwrap().clone();
    let codes: Vec<Code> = checked.analysis.diagnostics.iter().map(|d| d.code).collect();
    assert!(codes.contains(&Code::Ambiguity), "{codes:?}");
    assert!(codes.contains(&Code::TestFailing), "a failing test is listed next to an analysis error: {codes:?}");
    let errors = checked.analysis.count(Severity::Error);
    let warnings = checked.analysis.count(Severity::Warning);
    assert_eq!((errors, warnings), (2, 1), "{:#?}", checked.analysis.diagnostics);
    h.get_by_label_contains("2 errors, 1 warning, ");
    assert!(h.get_all_by_label_contains("German visitors see pretzels").count() > 0);
    assert!(h.get_all_by_label_contains("both have priority 5").count() > 0);
}

#[test]
fn an_ambiguity_shows_on_both_rules() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(dir.path());
    for rule in ["Canada", "Mobile"] {
        select(&mut h, rule);
        assert!(h.query_by_label("✔ No problems with this rule.").is_none(), "{rule}");
        // In the editor header and in the problems panel (twice: both show it).
        assert_eq!(h.get_all_by_label_contains("both have priority 5").count(), 2, "{rule}");
    }
    // The list badges: one error on each rule (the ambiguity on `ca` and
    // `mobile`, the failing test on `de` and `eu`).
    assert_eq!(h.get_all_by_label("⊗ 1").count(), 4);

    // The panel's filter: only the problems about the selected rule.
    select(&mut h, "Canada");
    h.get_by_label("Selected rule only").click();
    h.run();
    assert_eq!(h.get_all_by_label_contains("both have priority 5").count(), 2);
    assert!(h.query_all_by_label_contains("German visitors").next().is_none());
    select(&mut h, "Mobile");
    assert_eq!(h.get_all_by_label_contains("both have priority 5").count(), 2);
}

#[test]
fn a_failing_test_names_and_shows_on_the_expected_and_the_actual_rule() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = open(dir.path());
    let message = "test `German visitors see pretzels` fails: slot `hero` should show content pretzel (from rule `de`) \
                   but shows content euro (from rule `eu`)";
    let checked = h.state().checker().latest().unwrap().clone();
    let d = checked.analysis.diagnostics.iter().find(|d| d.code == Code::TestFailing).unwrap();
    assert_eq!(d.message, message);
    assert_eq!(d.rules, ["de", "eu"]);
    h.get_by_label("Selected rule only").click();
    h.run();
    for rule in ["Germany", "Europe"] {
        select(&mut h, rule);
        // In the editor header and in the filtered problems panel.
        assert_eq!(h.get_all_by_label_contains(message).count(), 2, "{rule}");
    }
    select(&mut h, "Canada");
    assert!(h.query_all_by_label_contains(message).next().is_none());

    // The tests tab names both rules too.
    h.get_by_label("Tests").click();
    h.run();
    h.get_by_label_contains("hero: expected content pretzel (rule `de`), got content euro (rule `eu`)");
    h.get_by_label("rule `de`");
    settle(&mut h);
}
