//! Batch simulation, ruleset tests and change impact, end to end.

use std::sync::atomic::AtomicBool;

use rulestudio::compile::compile;
use rulestudio::format::{load_ruleset, parse_ruleset};
use rulestudio::model::Outcome;
use rulestudio::sessions::{SessionFormat, SessionSource, read_one};
use rulestudio::simulate::{self, Control, run_tests, test_from_session};

use crate::support::{demo_text, repo, run, text, write};

fn demo() -> rulestudio::compile::CompiledRuleset {
    compile(&load_ruleset(&repo("rulesets/demo-store.rules.ron")).unwrap().ruleset).unwrap()
}

fn control() -> Control<'static> {
    Control { examples: 3, rows: true, ..Control::default() }
}

#[test]
fn batch_report_counts_add_up() {
    let compiled = demo();
    let source = SessionSource::open(&repo("rulesets/sessions/demo-sessions.jsonl")).unwrap();
    let report = simulate::run(&compiled, source, &control());
    assert_eq!(report.sessions, 250);
    assert_eq!(report.error_count, 0);
    assert!(!report.stopped);
    for slot in &report.slots {
        assert_eq!(slot.outcomes.iter().map(|o| o.count).sum::<usize>(), 250, "{}", slot.slot);
    }
    for rule in &report.rules {
        assert!(rule.applied <= rule.matched && rule.held_out <= rule.matched, "{rule:?}");
    }
    let disabled = report.rules.iter().find(|r| r.rule == "paid-social-hero-test").unwrap();
    assert_eq!((disabled.matched, disabled.applied), (0, 0));
    assert!(report.unpersonalised < 250);
    assert_eq!(report.rows.len(), 250);
    // Every row can be read again from its offset.
    for row in report.rows.iter().step_by(50) {
        let s = read_one(&repo("rulesets/sessions/demo-sessions.jsonl"), row.offset).unwrap();
        assert_eq!(s.id, row.session);
    }
    // The same sessions as CSV and RON give consistent reports.
    for name in ["demo-sessions.csv", "demo-sessions.ron"] {
        let path = repo(&format!("rulesets/sessions/{name}"));
        let r = simulate::run(&compiled, SessionSource::open(&path).unwrap(), &control());
        assert_eq!(r.error_count, 0, "{name}");
        assert!(r.sessions >= 20, "{name}");
        let row = &r.rows[r.rows.len() / 2];
        assert_eq!(read_one(&path, row.offset).unwrap().id, row.session, "{name}");
    }
}

#[test]
fn unknown_geo_codes_keep_the_session_and_are_listed_as_warnings() {
    let compiled = demo();
    let input = "{\"id\":\"a\",\"geo\":{\"country\":\"XX\"}}\n";
    let source = SessionSource::from_reader("s.jsonl", SessionFormat::JsonLines, Box::new(input.as_bytes())).unwrap();
    let report = simulate::run(&compiled, source, &control());
    assert_eq!((report.sessions, report.error_count, report.warning_count), (1, 0, 1));
    assert_eq!(report.warnings[0].line, 1);
    assert!(report.warnings[0].message.contains("`geo.country`: `XX`"), "{}", report.warnings[0].message);
    assert!(simulate::report_text(&report).contains("Warnings: 1 (the sessions were kept without the field)"));

    let csv = "id,geo.country,geo.region\nb,XK,GT-01\nc,CA,CA-ZZ\n";
    let source = SessionSource::from_reader("s.csv", SessionFormat::Csv, Box::new(csv.as_bytes())).unwrap();
    let report = simulate::run(&compiled, source, &control());
    assert_eq!((report.sessions, report.error_count, report.warning_count), (2, 0, 1));
    assert_eq!(report.warnings[0].line, 3);
    assert!(report.warnings[0].message.contains("`geo.region`: `CA-ZZ`"), "{}", report.warnings[0].message);
}

#[test]
fn bad_sessions_are_skipped_with_lines_unless_strict() {
    let compiled = demo();
    let input = "{\"id\":\"a\"}\n{\"id\":\"b\",\"cart\":{\"value\":-3}}\n\n{\"id\":\"c\"}\nnot json\n";
    let source =
        || SessionSource::from_reader("s.jsonl", SessionFormat::JsonLines, Box::new(input.as_bytes())).unwrap();
    let report = simulate::run(&compiled, source(), &control());
    assert_eq!(report.sessions, 2);
    assert_eq!(report.error_count, 2);
    assert_eq!((report.errors[0].line, report.errors[1].line), (2, 5));
    assert!(report.errors[0].message.contains("at least 0"), "{}", report.errors[0].message);
    let strict = simulate::run(&compiled, source(), &Control { strict: true, ..control() });
    assert!(strict.stopped);
    assert_eq!(strict.sessions, 1);

    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "s.jsonl", input.as_bytes());
    let out = run(&["simulate", "rulesets/demo-store.rules.ron", "--sessions", &path.display().to_string()], None);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("Bad records: 2 (skipped)") && stdout.contains("line 2:"), "{stdout}");
    let out = run(
        &["simulate", "rulesets/demo-store.rules.ron", "--sessions", &path.display().to_string(), "--strict"],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn cancelling_stops_the_run() {
    let compiled = demo();
    let many: String =
        rulestudio::generate::sessions(5, 40_000).map(|s| serde_json::to_string(&s).unwrap() + "\n").collect();
    let cancel = AtomicBool::new(true);
    let source =
        SessionSource::from_reader("big.jsonl", SessionFormat::JsonLines, Box::new(std::io::Cursor::new(many)))
            .unwrap();
    let report = simulate::run(&compiled, source, &Control { cancel: Some(&cancel), ..Control::default() });
    assert!(report.stopped);
    assert!(report.sessions < 40_000, "{}", report.sessions);
}

#[test]
fn cli_formats() {
    let args = ["simulate", "rulesets/demo-store.rules.ron", "--sessions", "rulesets/sessions/demo-sessions.jsonl"];
    let out = run(&args, None);
    let (stdout, _) = text(&out);
    assert!(out.status.success());
    assert!(stdout.starts_with("demo-store: 250 sessions decided"), "{stdout}");
    assert!(stdout.contains("Never fired on this sample:"));
    let json = run(&[&args[..], &["--format", "json"]].concat(), None);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["sessions"], 250);
    assert_eq!(v["rules"].as_array().unwrap().len(), 33);
    let csv = run(&[&args[..], &["--format", "csv"]].concat(), None);
    let (csv, _) = text(&csv);
    assert!(csv.starts_with("section,subject,key,count\ntotal,,sessions,250\n"), "{csv}");
    assert!(csv.contains("rule,winter-coats-cold-countries,applied,"));
}

#[test]
fn impact_shows_the_expected_transitions() {
    let dir = tempfile::tempdir().unwrap();
    let edited = demo_text().replace(
        r#"then: [(slot: "home.hero", outcome: content(id: "winter-coats-hero"))],"#,
        r#"then: [(slot: "home.hero", outcome: content(id: "winter-parkas-hero"))],"#,
    );
    assert_ne!(edited, demo_text());
    let new_path = write(dir.path(), "edited.rules.ron", edited.as_bytes());
    let new = compile(&parse_ruleset(&edited, "edited").unwrap()).unwrap();
    let old = demo();
    let sessions = repo("rulesets/sessions/demo-sessions.jsonl");
    let report = simulate::impact(&new, &old, SessionSource::open(&sessions).unwrap(), &control());
    let batch = simulate::run(&old, SessionSource::open(&sessions).unwrap(), &control());
    let winter = |id: &str| Outcome::Content { id: id.into() };
    let had_winter = batch
        .slots
        .iter()
        .find(|s| s.slot == "home.hero")
        .and_then(|s| s.outcomes.iter().find(|o| o.outcome == winter("winter-coats-hero")))
        .map(|o| o.count)
        .unwrap();
    let hero = report.slots.iter().find(|s| s.slot == "home.hero").unwrap();
    assert_eq!(hero.changed, had_winter);
    assert_eq!(hero.transitions.len(), 1);
    let t = &hero.transitions[0];
    assert_eq!(
        (t.from.clone(), t.to.clone(), t.count),
        (winter("winter-coats-hero"), winter("winter-parkas-hero"), had_winter)
    );
    assert_eq!(t.examples.len(), 3);
    assert!(report.slots.iter().filter(|s| s.slot != "home.hero").all(|s| s.changed == 0));

    let out = run(
        &[
            "simulate",
            &new_path.display().to_string(),
            "--sessions",
            &sessions.display().to_string(),
            "--against",
            "rulesets/demo-store.rules.ron",
        ],
        None,
    );
    let (stdout, _) = text(&out);
    assert!(stdout.contains(&format!("home.hero: {had_winter} sessions change")), "{stdout}");
    assert!(stdout.contains("content winter-coats-hero → content winter-parkas-hero"), "{stdout}");
}

#[test]
fn ruleset_tests_and_saved_sessions() {
    let doc = load_ruleset(&repo("rulesets/demo-store.rules.ron")).unwrap();
    let compiled = compile(&doc.ruleset).unwrap();
    let session = doc.ruleset.tests[0].session.clone();
    let test = test_from_session(&compiled, "saved from the simulator", &session);
    assert_eq!(test.expect.len(), 5);
    let mut rs = doc.ruleset.clone();
    rs.tests.push(test);
    let compiled = compile(&rs).unwrap();
    assert!(run_tests(&rs, &compiled).iter().all(|t| t.passed()));

    let out = run(&["test", "rulesets/demo-store.rules.ron"], None);
    let (stdout, _) = text(&out);
    assert!(out.status.success());
    assert!(stdout.contains("test result: ok. 13 passed; 0 failed"), "{stdout}");

    let dir = tempfile::tempdir().unwrap();
    let broken = demo_text().replace(
        r#"id: "uk-next-day-banner",
            name: "Next-day delivery banner in the UK",
            priority: 90,"#,
        r#"id: "uk-next-day-banner",
            name: "Next-day delivery banner in the UK",
            priority: 90,
            enabled: false,"#,
    );
    assert_ne!(broken, demo_text());
    let path = write(dir.path(), "broken.rules.ron", broken.as_bytes());
    let out = run(&["test", &path.display().to_string()], None);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout.contains("test UK visitors see next-day delivery ... FAILED"), "{stdout}");
    assert!(stdout.contains("expected: content banner-uk-next-day"), "{stdout}");
    assert!(stdout.contains("actual:   content banner-free-returns (from the slot's default)"), "{stdout}");
    assert!(stdout.contains("uk-next-day-banner"), "{stdout}");
    assert!(stdout.contains("disabled"), "{stdout}");
}
