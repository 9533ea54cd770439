//! Rule health: one case per health code with the exact rule, field and
//! message (cases as data), the demo store's known findings, order
//! independence, rule dates in files, and the `health` command.

use chrono::{DateTime, NaiveDate, Utc};
use proptest::prelude::*;
use rulestudio::analysis::{Code, Diagnostic};
use rulestudio::compile::compile;
use rulestudio::format::{load_ruleset, parse_ruleset};
use rulestudio::sessions::{SessionFormat, SessionSource};
use rulestudio::simulate::Control;
use rulestudio::simulate::health::{Options, Report, health};

use crate::support::{repo, run, text, write};

/// A ruleset of two slots and the given rules.
fn ruleset(rules: &str) -> String {
    format!(
        r#"(
    name: "t", time_zone: "UTC",
    slots: [
        (id: "hero", kind: content, default: content(id: "d")),
        (id: "banner", kind: content, default: content(id: "none")),
    ],
    segments: [(id: "vip", when: pred(attr: "customer.orders", op: ge(3))), (id: "staff")],
    rules: [{rules}],
)"#
    )
}

fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z").unwrap().with_timezone(&Utc)
}

/// Health of a ruleset over JSON-lines sessions.
fn judge(rules: &str, sessions: &[&str], options: &Options) -> Report {
    let rs = parse_ruleset(&ruleset(rules), "case.rules.ron").unwrap();
    let compiled = compile(&rs).unwrap();
    let jsonl = sessions.join("\n");
    let source =
        SessionSource::from_reader("case.jsonl", SessionFormat::JsonLines, Box::new(std::io::Cursor::new(jsonl)))
            .unwrap();
    health(&rs, &compiled, source, options, &Control::default())
}

const FR: &str = r#"{"id":"a","timestamp":"2026-11-20T10:00:00Z","geo":{"country":"FR"}}"#;
const DE: &str = r#"{"id":"b","timestamp":"2026-11-21T10:00:00Z","geo":{"country":"DE"},"customer":{"orders":5}}"#;

struct Case {
    name: &'static str,
    rules: &'static str,
    code: Code,
    rule: &'static str,
    path: &'static str,
    message: &'static str,
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "no session matches",
            rules: r#"(id: "jp", name: "Japan", priority: 5, when: pred(attr: "geo.country", op: is("JP")),
                       then: [(slot: "hero", outcome: content(id: "jp"))])"#,
            code: Code::NeverMatched,
            rule: "jp",
            path: "rules[0].when",
            message: "no session of the sample (2 sessions) matched the rule",
        },
        Case {
            name: "matched but a higher rule takes every session",
            rules: r#"(id: "top", name: "Top", priority: 9, when: all([]), then: [(slot: "hero", outcome: content(id: "t"))]),
                      (id: "fr", name: "France", priority: 5, when: pred(attr: "geo.country", op: is("FR")),
                       then: [(slot: "hero", outcome: content(id: "fr"))])"#,
            code: Code::AlwaysLoses,
            rule: "fr",
            path: "rules[1].priority",
            message: "the rule matched 1 session but never won a slot: `top` took 1 session",
        },
        Case {
            name: "every matching visitor held out",
            rules: r#"(id: "held", name: "Held", priority: 5, when: all([]), holdout_percent: 100,
                       then: [(slot: "hero", outcome: content(id: "h"))])"#,
            code: Code::AlwaysLoses,
            rule: "held",
            path: "rules[0].priority",
            message: "the rule matched 2 sessions but held out every one, so it never applied",
        },
        Case {
            name: "matches every session",
            rules: r#"(id: "all", name: "All", priority: 5, when: all([]),
                       then: [(slot: "hero", outcome: content(id: "a")), (slot: "banner", outcome: content(id: "b"))])"#,
            code: Code::AlwaysOn,
            rule: "all",
            path: "rules[0].when",
            message: "the rule matched every session of the sample (2); its outcome could be the default of slots `hero`, `banner`",
        },
        Case {
            name: "values no session has",
            rules: r#"(id: "c", name: "C", priority: 5,
                       when: any([pred(attr: "geo.country", op: in(["FR", "IT", "ES"])), pred(attr: "traffic.utm_campaign", op: is("bf-2025"))]),
                       then: [(slot: "hero", outcome: content(id: "c"))])"#,
            code: Code::ValueNeverSeen,
            rule: "c",
            path: "rules[0].when[0].op",
            message: r#"no session of the sample (2 sessions) has `geo.country` = "IT" or "ES""#,
        },
        Case {
            name: "a segment no session is in",
            rules: r#"(id: "s", name: "S", priority: 5, when: pred(attr: "customer.segments", op: has_any(["vip", "staff"])),
                       then: [(slot: "hero", outcome: content(id: "s"))])"#,
            code: Code::ValueNeverSeen,
            rule: "s",
            path: "rules[0].when.op",
            message: r#"no session of the sample (2 sessions) is in segment "staff""#,
        },
        Case {
            name: "schedule over",
            rules: r#"(id: "old", name: "Old", priority: 5, when: all([]), schedule: (end: "2026-11-30T00:00:00Z"),
                       then: [(slot: "hero", outcome: content(id: "o"))])"#,
            code: Code::ScheduleEnded,
            rule: "old",
            path: "rules[0].schedule.end",
            message: "the schedule ended on 2026-11-30 00:00 +00:00; the rule no longer applies",
        },
        Case {
            name: "schedule ends soon",
            rules: r#"(id: "soon", name: "Soon", priority: 5, when: all([]), schedule: (end: "2026-12-11T00:00:00Z"),
                       then: [(slot: "hero", outcome: content(id: "o"))])"#,
            code: Code::ScheduleEndsSoon,
            rule: "soon",
            path: "rules[0].schedule.end",
            message: "the schedule ends on 2026-12-11 00:00 +00:00, in 10 days",
        },
        Case {
            name: "not edited for months",
            rules: r#"(id: "stale", name: "Stale", priority: 5, when: pred(attr: "geo.country", op: is("FR")),
                       then: [(slot: "hero", outcome: content(id: "o"))], created: "2025-01-10", updated: "2026-03-01")"#,
            code: Code::StaleRule,
            rule: "stale",
            path: "rules[0].updated",
            message: "the rule was last edited on 2026-03-01, 275 days ago",
        },
        Case {
            name: "only a creation date",
            rules: r#"(id: "made", name: "Made", priority: 5, enabled: false, when: all([]),
                       then: [(slot: "hero", outcome: content(id: "o"))], created: "2026-08-01")"#,
            code: Code::StaleRule,
            rule: "made",
            path: "rules[0].created",
            message: "the rule was last edited on 2026-08-01, 122 days ago",
        },
    ]
}

fn describe(d: &Diagnostic) -> String {
    format!("{} {:?} {} {}", d.code, d.rules, d.path, d.message)
}

#[test]
fn every_health_code_with_exact_rule_field_and_message() {
    let options = Options { always_on_min_sessions: 2, ..Options::at(now()) };
    let mut covered = std::collections::BTreeSet::new();
    for case in cases() {
        let report = judge(case.rules, &[FR, DE], &options);
        let found: Vec<&Diagnostic> = report
            .findings()
            .filter(|d| d.code == case.code && d.rules == [case.rule] && d.path.to_string() == case.path)
            .collect();
        let all: Vec<String> = report.findings().map(describe).collect();
        assert_eq!(found.len(), 1, "{}: {all:#?}", case.name);
        assert_eq!(found[0].message, case.message, "{}", case.name);
        assert_eq!(found[0].severity, case.code.severity(), "{}", case.name);
        covered.insert(case.code);
    }
    // `rule-hurts` needs thousands of sessions with outcomes: tests/it/measure.rs covers it.
    let missing: Vec<_> = Code::HEALTH.iter().filter(|c| **c != Code::RuleHurts && !covered.contains(c)).collect();
    assert!(missing.is_empty(), "health codes without a case: {missing:?}");
}

#[test]
fn healthy_and_disabled_rules_have_no_traffic_findings() {
    let rules = r#"(id: "fr", name: "France", priority: 5, when: pred(attr: "geo.country", op: in(["FR", "DE"])),
                    then: [(slot: "hero", outcome: content(id: "fr"))]),
                   (id: "off", name: "Off", priority: 4, enabled: false, when: pred(attr: "geo.country", op: is("JP")),
                    then: [(slot: "banner", outcome: content(id: "jp"))])"#;
    // "Always on" needs 100 sessions by default: two do not make a verdict.
    let report = judge(rules, &[FR, DE], &Options::at(now()));
    assert_eq!(report.findings().count(), 0, "{:#?}", report.findings().map(describe).collect::<Vec<_>>());
    let fr = report.rules.iter().find(|r| r.rule == "fr").unwrap();
    assert_eq!((fr.matched, fr.applied), (2, 2));
    assert_eq!(fr.last_applied.unwrap().to_rfc3339(), "2026-11-21T10:00:00+00:00");
    assert_eq!(report.from.unwrap().to_rfc3339(), "2026-11-20T10:00:00+00:00");
}

#[test]
fn an_empty_sample_judges_only_schedules_and_dates() {
    let rules = r#"(id: "jp", name: "Japan", priority: 5, when: pred(attr: "geo.country", op: is("JP")),
                    then: [(slot: "hero", outcome: content(id: "jp"))], updated: "2020-01-01")"#;
    let report = judge(rules, &[], &Options::at(now()));
    let codes: Vec<Code> = report.findings().map(|d| d.code).collect();
    assert_eq!(codes, [Code::StaleRule]);
}

#[test]
fn dated_findings_are_the_findings_of_an_empty_sample() {
    let doc = load_ruleset(&repo("rulesets/demo-store.rules.ron")).unwrap();
    let options = Options::at(now());
    let dated = rulestudio::simulate::health::dated_findings(&doc.ruleset, &options);
    assert_eq!(dated.len(), doc.ruleset.rules.len());
    let empty = tempfile::NamedTempFile::with_suffix(".jsonl").unwrap();
    let compiled = compile(&doc.ruleset).unwrap();
    let source = SessionSource::open(empty.path()).unwrap();
    let report = health(&doc.ruleset, &compiled, source, &options, &Control::default());
    for (rule, found) in doc.ruleset.rules.iter().zip(&dated) {
        let judged = &report.rules.iter().find(|r| r.rule == rule.id).unwrap().findings;
        assert_eq!(found, judged, "{}", rule.id);
    }
    let codes: Vec<(Code, &str)> =
        doc.ruleset.rules.iter().zip(&dated).flat_map(|(r, ds)| ds.iter().map(|d| (d.code, r.id.as_str()))).collect();
    assert_eq!(codes, [(Code::ScheduleEndsSoon, "bf-2026-hero"), (Code::StaleRule, "quebec-french-banner")]);
}

#[test]
fn bad_records_are_counted_with_their_line_and_the_rest_judged() {
    let rules = r#"(id: "fr", name: "France", priority: 5, when: pred(attr: "geo.country", op: is("FR")),
                    then: [(slot: "hero", outcome: content(id: "fr"))])"#;
    let report = judge(rules, &[FR, "{\"id\": 3}", DE], &Options::at(now()));
    assert_eq!((report.sessions, report.error_count), (2, 1));
    assert_eq!(report.errors[0].line, 2);
}

fn demo_health(sessions: &str) -> Report {
    let doc = load_ruleset(&repo("rulesets/demo-store.rules.ron")).unwrap();
    let compiled = compile(&doc.ruleset).unwrap();
    let source = SessionSource::open(&repo(sessions)).unwrap();
    health(&doc.ruleset, &compiled, source, &Options::at(now()), &Control::default())
}

#[test]
fn the_demo_store_has_known_findings() {
    let report = demo_health("rulesets/sessions/demo-sessions.jsonl");
    assert_eq!(report.sessions, 250);
    let found: Vec<(Code, &str)> = report.findings().map(|d| (d.code, d.rules[0].as_str())).collect();
    for expected in [
        (Code::AlwaysLoses, "gold-tier-banner"),
        (Code::ValueNeverSeen, "southern-summer-hero"),
        (Code::ScheduleEndsSoon, "bf-2026-hero"),
        (Code::StaleRule, "quebec-french-banner"),
    ] {
        assert!(found.contains(&expected), "{expected:?} not in {found:?}");
    }
    // Rules with findings come first, the most severe first.
    let first_healthy = report.rules.iter().position(|r| r.findings.is_empty()).unwrap();
    assert!(report.rules[first_healthy..].iter().all(|r| r.findings.is_empty()));
    let worst: Vec<_> = report.rules[..first_healthy].iter().map(|r| r.worst()).collect();
    assert!(worst.windows(2).all(|w| w[0] <= w[1]), "{worst:?}");
}

#[test]
fn the_three_session_formats_agree() {
    let jsonl = demo_health("rulesets/sessions/demo-sessions.jsonl");
    let ron = demo_health("rulesets/sessions/demo-sessions.ron");
    assert_eq!(ron.rules.len(), jsonl.rules.len());
    assert!(ron.sessions > 0 && ron.error_count == 0);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// Sessions are judged as a set: their order (and how chunks and
    /// threads split them) changes nothing.
    #[test]
    fn session_order_changes_nothing(seed in any::<u64>()) {
        let text = std::fs::read_to_string(repo("rulesets/sessions/demo-sessions.jsonl")).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        let original = lines.join("\n");
        fastrand::Rng::with_seed(seed).shuffle(&mut lines);
        let doc = load_ruleset(&repo("rulesets/demo-store.rules.ron")).unwrap();
        let compiled = compile(&doc.ruleset).unwrap();
        let of = |jsonl: String| {
            let source = SessionSource::from_reader(
                "s.jsonl", SessionFormat::JsonLines, Box::new(std::io::Cursor::new(jsonl))).unwrap();
            health(&doc.ruleset, &compiled, source, &Options::at(now()), &Control::default())
        };
        prop_assert_eq!(of(original), of(lines.join("\n")));
    }
}

#[test]
fn rule_dates_load_and_survive_a_save() {
    let rules = r#"(id: "d", name: "Dated", priority: 5, when: all([]),
                    then: [(slot: "hero", outcome: content(id: "o"))], created: "2026-01-02", updated: "2026-03-04")"#;
    let rs = parse_ruleset(&ruleset(rules), "dates.rules.ron").unwrap();
    assert_eq!(rs.rules[0].created, NaiveDate::from_ymd_opt(2026, 1, 2));
    assert_eq!(rs.rules[0].last_edited(), NaiveDate::from_ymd_opt(2026, 3, 4));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("dates.rules.ron");
    rulestudio::format::save_ruleset(&path, &rs).unwrap();
    assert_eq!(load_ruleset(&path).unwrap().ruleset, rs);
    let bad = ruleset(&rules.replace("2026-03-04", "2026-13-04"));
    let err = parse_ruleset(&bad, "bad.rules.ron").unwrap_err();
    assert!(err.position().is_some_and(|p| p.line > 0), "{err}");
}

#[test]
fn health_command_prints_a_table_and_positions() {
    let out = run(
        &[
            "health",
            "rulesets/demo-store.rules.ron",
            "--sessions",
            "rulesets/sessions/demo-sessions.jsonl",
            "--today",
            "2026-12-01",
        ],
        None,
    );
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.starts_with("demo-store: health over 250 sessions from "), "{stdout}");
    assert!(stdout.contains("gold-tier-banner"), "{stdout}");
    assert!(stdout.contains("warning[always-loses]: the rule matched 9 sessions"), "{stdout}");
    assert!(stdout.contains("rulesets/demo-store.rules.ron:"), "{stdout}");

    let out = run(
        &[
            "health",
            "rulesets/demo-store.rules.ron",
            "--sessions",
            "rulesets/sessions/demo-sessions.jsonl",
            "--format",
            "json",
        ],
        None,
    );
    let (stdout, _) = text(&out);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json["sessions"], 250);
    assert!(json["rules"].as_array().unwrap().len() > 20);
}

#[test]
fn health_command_fails_clearly_on_a_missing_sample() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("nope.jsonl");
    let out = run(&["health", "rulesets/demo-store.rules.ron", "--sessions", missing.to_str().unwrap()], None);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("nope.jsonl"), "{stderr}");
    let bad = write(dir.path(), "bad.jsonl", b"{\"id\": 3}\n");
    let out = run(&["health", "rulesets/demo-store.rules.ron", "--sessions", bad.to_str().unwrap()], None);
    let (_, stderr) = text(&out);
    assert!(out.status.success());
    assert!(stderr.contains("1 session could not be read and was skipped"), "{stderr}");
}
