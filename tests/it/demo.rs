//! The bundled rulesets and sample sessions load, check and pass their tests.

use rulestudio::analysis::{Options, Severity, analyze, validate};
use rulestudio::compile::compile;
use rulestudio::format::load_ruleset;
use rulestudio::sessions::SessionSource;
use rulestudio::simulate::run_tests;

use crate::support::repo;

fn bundled_rulesets() -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(repo("rulesets"))
        .expect("rulesets dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".rules.ron"))
        .collect();
    out.sort();
    out
}

/// The showcase is broken on purpose; `diagnostics.rs` checks what it reports.
const SHOWCASE: &str = "conflicts-showcase.rules.ron";

/// The instant the bundled stores are a snapshot of.
fn snapshot() -> i64 {
    chrono::DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z").unwrap().timestamp()
}

#[test]
fn every_bundled_ruleset_loads_passes_its_tests_and_checks_clean() {
    let rulesets = bundled_rulesets();
    assert!(rulesets.len() >= 2);
    for path in rulesets {
        let doc = load_ruleset(&path).unwrap_or_else(|e| panic!("{e}"));
        if path.ends_with(SHOWCASE) {
            continue;
        }
        let compiled = compile(&doc.ruleset).unwrap_or_else(|d| panic!("{}: {d:#?}", path.display()));
        for result in run_tests(&doc.ruleset, &compiled) {
            assert!(result.passed(), "{}: test `{}` failed:\n{}", path.display(), result.name, result.diff());
        }
        // The bundled stores are snapshots of November 2026 (their sample
        // sessions start in October 2026): the demo's Black Friday rule ends on
        // 1 December 2026, so "clean" is judged as of the snapshot, as the
        // export and diagnostics tests do; after that date `check` rightly
        // warns that its schedule ended.
        let analysis = analyze(&doc.ruleset, &Options { now: snapshot(), ..Options::default() });
        let problems: Vec<_> = analysis.diagnostics.iter().filter(|d| d.severity != Severity::Info).collect();
        assert!(problems.is_empty(), "{} does not check clean: {problems:#?}", path.display());
        assert!(analysis.conflicts_checked);
    }
}

#[test]
fn the_demo_is_big_enough_and_valid() {
    let doc = load_ruleset(&repo("rulesets/demo-store.rules.ron")).expect("demo");
    let rs = &doc.ruleset;
    assert!(rs.rules.len() >= 25, "{} rules", rs.rules.len());
    assert!(rs.tests.len() >= 10);
    let kinds: std::collections::BTreeSet<&str> = rs.slots.iter().map(|s| s.kind.name()).collect();
    assert_eq!(kinds.len(), 4, "{kinds:?}");
    assert!(rs.rules.iter().any(|r| r.schedule.is_some()));
    assert!(rs.rules.iter().any(|r| r.holdout_percent > 0));
    let errors: Vec<_> = validate(rs).into_iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn demo_session_files_read_without_errors() {
    for name in ["demo-sessions.jsonl", "demo-sessions.csv", "demo-sessions.ron"] {
        let path = repo(&format!("rulesets/sessions/{name}"));
        let source = SessionSource::open(&path).unwrap_or_else(|e| panic!("{e}"));
        let mut count = 0;
        for record in source {
            record.unwrap_or_else(|e| panic!("{e}"));
            count += 1;
        }
        assert!(count >= 20, "{name}: {count} sessions");
    }
    let jsonl = SessionSource::open(&repo("rulesets/sessions/demo-sessions.jsonl")).expect("open").count();
    assert!(jsonl >= 200, "{jsonl}");
}

#[test]
#[cfg(feature = "cli")]
fn eval_decides_every_demo_session_with_rule_ids() {
    let out = crate::support::run(
        &[
            "eval",
            "rulesets/demo-store.rules.ron",
            "--sessions",
            "rulesets/sessions/demo-sessions.jsonl",
            "--format",
            "json",
        ],
        None,
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let lines: Vec<serde_json::Value> =
        String::from_utf8_lossy(&out.stdout).lines().map(|l| serde_json::from_str(l).expect("json")).collect();
    let sessions = SessionSource::open(&repo("rulesets/sessions/demo-sessions.jsonl")).expect("open").count();
    assert_eq!(lines.len(), sessions);
    let personalised = lines
        .iter()
        .filter(|l| l["slots"].as_object().is_some_and(|s| s.values().any(|v| v["rule"].is_string())))
        .count();
    assert!(personalised * 2 > lines.len(), "only {personalised} of {} sessions got a rule", lines.len());
}
