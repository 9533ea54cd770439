//! The Measure tab: a rule that helps and one that hurts, measured against
//! their holdouts over sessions with outcomes; the hurting rule's warning in
//! the problems panel; a breakdown by audience; results out of date after an
//! edit or a change of audience.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::analysis::Code;
use rulestudio::compile::compile;
use rulestudio::format::parse_ruleset;
use rulestudio::generate::{SessionFormat, SessionWriter};
use rulestudio::gui::StudioApp;
use rulestudio::model::{Session, SessionOutcome};
use rulestudio::simulate::measure::{Audience, Verdict};

use super::batch::wait;
use super::{search_rules, settle, studio};

const RULESET: &str = r#"(
    name: "measured",
    time_zone: "UTC",
    slots: [
        (id: "hero", kind: content, default: content(id: "plain")),
        (id: "banner", kind: content, default: content(id: "none")),
    ],
    rules: [
        (id: "good-hero", name: "Good hero", priority: 10, when: all([]),
         then: [(slot: "hero", outcome: content(id: "shiny"))], holdout_percent: 50),
        (id: "bad-banner", name: "Bad banner", priority: 10, when: all([]),
         then: [(slot: "banner", outcome: content(id: "popup"))], holdout_percent: 50),
    ],
)"#;

/// 1,200 sessions whose conversion the good hero raises from 20 % to 45 %
/// and the bad banner lowers by 15 points, decided by the engine itself so
/// the arms are the holdouts' own.
fn sessions_with_outcomes() -> Vec<u8> {
    let rs = parse_ruleset(RULESET, "measured.rules.ron").unwrap();
    let compiled = compile(&rs).unwrap();
    let mut rng = fastrand::Rng::with_seed(15);
    let mut writer = SessionWriter::new(Vec::new(), SessionFormat::JsonLines).unwrap();
    for i in 0..1200 {
        let mut s = Session { id: format!("s{i}"), visitor_id: Some(format!("v{i}")), ..Session::default() };
        let picks = compiled.decide(&compiled.facts(&s)).picks;
        let p =
            0.3 + if picks[0].rule.is_some() { 0.25 } else { 0.0 } - if picks[1].rule.is_some() { 0.15 } else { 0.0 };
        s.outcome = Some(SessionOutcome { converted: Some(rng.f64() < p), ..SessionOutcome::default() });
        writer.write(&s).unwrap();
    }
    writer.finish().unwrap()
}

fn measure(h: &mut Harness<'static, StudioApp>, button: &str) {
    h.get_by_label(button).click();
    h.step();
    wait(h, "the measure run", |app| !app.ui.measure.is_running() && app.ui.measure.result().is_some());
    h.run();
}

#[test]
fn a_rule_that_helps_and_one_that_hurts_are_told_apart_and_the_hurt_is_a_problem() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("measured.rules.ron");
    std::fs::write(&path, RULESET).unwrap();
    let sessions = dir.path().join("outcomes.jsonl");
    std::fs::write(&sessions, sessions_with_outcomes()).unwrap();
    let mut h = studio(Some(&path), vec![Some(sessions.clone())], dir.path());
    h.get_by_label("Measure").click();
    h.run();
    h.get_by_label_contains("Measure what each rule does to an outcome");

    measure(&mut h, "Measure over sessions…");
    let run = h.state().ui.measure.result().unwrap();
    assert_eq!(run.report.sessions, 1200);
    assert_eq!(run.report.with_outcome, 1200);
    let verdict = |id: &str| run.report.overall().find(|e| e.rule == id).map(|e| e.verdict);
    assert_eq!(verdict("good-hero"), Some(Verdict::Helps));
    assert_eq!(verdict("bad-banner"), Some(Verdict::Hurts));
    h.get_by_label_contains("1,200 sessions measured in outcomes.jsonl");
    // Each verdict in the legend and in the table (its reason on hover).
    assert_eq!(h.query_all_by_label("helps").count(), 2);
    assert_eq!(h.query_all_by_label("hurts").count(), 2);
    h.get_by_label("Relative uplift in conversion with its 95 % interval");

    // The hurting rule is a warning in the problems panel, on that rule.
    assert_eq!(h.state().ui.measure.findings(h.state().document().generation).len(), 1);
    assert_eq!(h.state().ui.measure.findings(h.state().document().generation)[0].code, Code::RuleHurts);
    h.get_by_label_contains("0 errors, 1 warning");
    h.get_by_label_contains("bad-banner: measured against its holdout on slot `banner`, the rule hurts `converted`");

    // Per audience: a change of audience puts the run out of date until
    // measured again.
    h.get_by_label("By audience").click();
    h.run();
    h.get_by_label("Channel").click();
    h.run();
    h.get_by_label_contains("Out of date: the outcomes, metric or audience changed");
    measure(&mut h, "Measure again");
    let run = h.state().ui.measure.result().unwrap();
    assert_eq!(run.report.by, Some(Audience::Channel));
    assert!(run.report.effects.iter().any(|e| e.audience.as_deref() == Some("direct")), "{:?}", run.report.effects);
    assert_eq!(h.query_all_by_label("direct").count(), 2, "a row per rule");

    // An edit: the run is out of date and its warning leaves the problems.
    search_rules(&mut h, "good");
    h.get_by_label("Enable good-hero").click();
    settle(&mut h);
    h.get_by_label("Measure").click();
    h.run();
    h.get_by_label_contains("Out of date: the rules changed since this run");
    assert!(h.state().ui.measure.findings(h.state().document().generation).is_empty());
    h.get_by_label_contains("0 errors, 0 warnings");
}
