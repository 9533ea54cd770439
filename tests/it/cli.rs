//! The command line end to end: `eval` and `check` on real files; how
//! commands end (a closed stdout, an error).

use std::io::Read;
use std::process::{Command, Stdio};

use crate::support::{repo, root, run, text, write};

#[test]
fn eval_prints_one_json_decision_per_session() {
    let input = concat!(
        r#"{"id":"a","timestamp":"2026-12-10T15:00:00-05:00","geo":{"country":"CA"},"device":{"type":"mobile"}}"#,
        "\n",
        r#"{"id":"b","timestamp":"2026-10-14T14:00:00-04:00","geo":{"country":"GB"}}"#,
        "\n"
    );
    let out = run(&["eval", "rulesets/demo-store.rules.ron", "--sessions", "-", "--format", "json"], Some(input));
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    let lines: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).expect("json line")).collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["session"], "a");
    assert_eq!(lines[0]["slots"]["home.hero"]["rule"], "winter-coats-cold-countries");
    assert_eq!(lines[0]["slots"]["home.hero"]["outcome"], serde_json::json!({"content": {"id": "winter-coats-hero"}}));
    assert_eq!(lines[1]["slots"]["promo.banner"]["rule"], "uk-next-day-banner");
    assert_eq!(lines[1]["slots"]["home.hero"]["rule"], serde_json::Value::Null);
    assert!(lines[0].get("trace").is_none());
}

#[test]
fn eval_trace_explains_every_rule() {
    let input = r#"{"id":"a","timestamp":"2026-12-10T15:00:00-05:00","geo":{"country":"FR"}}"#;
    let out = run(&["eval", "rulesets/demo-store.rules.ron", "--trace"], Some(input));
    let (stdout, _) = text(&out);
    let v: serde_json::Value = serde_json::from_str(stdout.trim()).expect("json");
    let trace = v["trace"].as_array().expect("trace");
    let demo = rulestudio::format::load_ruleset(&crate::support::repo("rulesets/demo-store.rules.ron")).expect("demo");
    assert_eq!(trace.len(), demo.ruleset.rules.len());
    let by_id = |id: &str| trace.iter().find(|t| t["rule"] == id).expect("rule in trace").clone();
    assert_eq!(by_id("eu-returns-banner")["status"], "matched");
    assert_eq!(by_id("paid-social-hero-test")["status"], "disabled");
    assert_eq!(by_id("bf-2026-hero")["status"], "outside_schedule");
    let uk = by_id("uk-next-day-banner");
    assert_eq!(uk["status"], "not_matched");
    assert_eq!(uk["failure"]["predicate"], r#"geo.country is "GB""#);
    assert_eq!(uk["failure"]["expected"], r#"is "GB""#);
    assert_eq!(uk["failure"]["actual"], r#""FR""#);
    let gift = by_id("gift-guide-hero");
    assert_eq!(gift["status"], "matched");
    assert_eq!(gift["slots"][0]["applied"], true);
}

#[test]
fn eval_text_format() {
    let input = r#"{"id":"a","timestamp":"2026-10-14T14:00:00-04:00","geo":{"country":"GB"}}"#;
    let out = run(&["eval", "rulesets/demo-store.rules.ron", "--format", "text"], Some(input));
    let (stdout, _) = text(&out);
    assert!(stdout.starts_with("a\n"), "{stdout}");
    assert!(stdout.contains("promo.banner  content banner-uk-next-day  (rule uk-next-day-banner)"), "{stdout}");
    assert!(stdout.contains("home.hero     content hero-new-season  (default)"), "{stdout}");
}

#[test]
fn check_passes_the_demo() {
    let out = run(&["check", "rulesets/demo-store.rules.ron"], None);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert!(stdout.contains("0 errors"), "{stdout}");
}

#[test]
fn check_reports_a_bad_regex_with_rule_field_and_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = crate::support::demo_text();
    let broken = demo.replacen(
        r#"op: matches("^/collections/(sale|outlet)(/|$)")"#,
        r#"op: matches("^/collections/(sale|outlet(/|$)")"#,
        1,
    );
    assert_ne!(broken, demo);
    let path = write(dir.path(), "broken.rules.ron", broken.as_bytes());
    let out = run(&["check", &path.display().to_string()], None);
    let (stdout, _) = text(&out);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let line = demo.lines().position(|l| l.contains("^/collections/(sale|outlet)")).expect("line") + 1;
    assert!(stdout.contains(&format!("broken.rules.ron:{line}:")), "{stdout}");
    assert!(stdout.contains("error[invalid-regex]"), "{stdout}");
    assert!(stdout.contains("rule `sale-price-sort`"), "{stdout}");
    assert!(stdout.contains("field rules["), "{stdout}");
    assert!(stdout.contains("].when.op"), "{stdout}");
    assert!(stdout.contains("at position 15: unclosed group"), "{stdout}");

    let json = run(&["check", &path.display().to_string(), "--format", "json"], None);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("json report");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    let d = diags.iter().find(|d| d["code"] == "invalid-regex").expect("the regex error");
    assert_eq!(d["code"], "invalid-regex");
    assert_eq!(d["severity"], "error");
    assert_eq!(d["rules"][0], "sale-price-sort");
    assert_eq!(d["line"], line);
}

#[test]
fn check_witnesses_pipe_into_eval() {
    let out = run(&["check", "rulesets/conflicts-showcase.rules.ron", "--witness"], None);
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1), "the showcase has errors");
    assert!(stderr.contains("error[ambiguous-priority]"), "the report goes to stderr");
    let witnesses: Vec<&str> = stdout.lines().collect();
    assert!(witnesses.len() >= 5, "{stdout}");
    let eval = run(&["eval", "rulesets/demo-store.rules.ron"], Some(&stdout));
    assert!(eval.status.success(), "{}", String::from_utf8_lossy(&eval.stderr));
    assert_eq!(String::from_utf8_lossy(&eval.stdout).lines().count(), witnesses.len());
}

#[test]
fn eval_keeps_a_session_with_unknown_geo_codes_and_warns_for_each_field() {
    let input = concat!(
        r#"{"id":"a","geo":{"country":"ZZ","region":"CA-XX","city":"Nowhere"}}"#,
        "\n",
        r#"{"id":"k","geo":{"country":"XK","region":"GT-01"}}"#,
        "\n"
    );
    let out = run(&["eval", "rulesets/demo-store.rules.ron", "--sessions", "-", "--format", "json"], Some(input));
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stdout.lines().count(), 2, "both sessions decided: {stdout}");
    assert!(stderr.contains("warning: -:1: `geo.country`: `ZZ` is not an ISO 3166-1 alpha-2 country code"), "{stderr}");
    assert!(stderr.contains("warning: -:1: `geo.region`: `CA-XX` is not an ISO 3166-2 region code"), "{stderr}");
    assert!(!stderr.contains(":2:"), "XK and GT-01 are known: {stderr}");
}

#[test]
fn a_timestamp_without_an_offset_names_rfc_3339_with_an_offset() {
    let input = r#"{"id":"a","timestamp":"2026-12-10T15:00:00"}"#;
    let out = run(&["eval", "rulesets/demo-store.rules.ron", "--sessions", "-"], Some(input));
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("it has no time zone offset"), "{stderr}");
    assert!(stderr.contains("RFC 3339"), "{stderr}");
}

#[test]
fn a_generated_ruleset_conflicts_only_where_asked() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("gen.rules.ron");
    let file = path.to_str().unwrap();
    let out = run(&["generate", "ruleset", "--rules", "150", "--seed", "9", "--conflicts", "2", "--out", file], None);
    assert!(out.status.success(), "{}", text(&out).1);
    let check = run(&["check", file], None);
    let (report, _) = text(&check);
    assert_eq!(check.status.code(), Some(1), "the deliberate conflicts are errors: {report}");
    assert_eq!(report.matches("error[ambiguous-priority]").count(), 2, "{report}");
    assert_eq!(report.matches("error[").count(), 2, "nothing else is an error: {report}");
    let adversarial = run(&["generate", "ruleset", "--rules", "150", "--seed", "9", "--adversarial"], None);
    let (ron, _) = text(&adversarial);
    assert!(adversarial.status.success() && ron.contains("synthetic-150-rules"), "{ron:.200}");
    let both = run(&["generate", "ruleset", "--rules", "10", "--conflicts", "1", "--adversarial"], None);
    assert_eq!(both.status.code(), Some(2), "--conflicts does not go with --adversarial");
    for (rules, slots) in [("150", 10), ("2000", 40)] {
        let out = run(&["generate", "ruleset", "--rules", rules], None);
        let rs = rulestudio::format::parse_ruleset(&text(&out).0, "gen.rules.ron").unwrap();
        assert_eq!(rs.slots.len(), slots, "one slot per 50 rules, at least 10");
    }
}

/// Runs the binary and closes its stdout after reading `read` bytes of it;
/// returns the exit code and stderr.
fn closing_stdout_after(args: &[&str], read: usize) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rulestudio"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let mut start = vec![0; read];
    stdout.read_exact(&mut start).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn a_closed_stdout_ends_a_command_with_exit_0_and_nothing_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let sessions = dir.path().join("many.jsonl").display().to_string();
    let made = run(&["generate", "sessions", "--count", "20000", "--out", &sessions], None);
    assert!(made.status.success(), "{}", text(&made).1);
    let demo = repo("rulesets/demo-store.rules.ron").display().to_string();
    let cases: [(&[&str], usize); 8] = [
        // Closed before the command writes anything...
        (&["test", &demo], 0),
        (&["check", &demo, "--notes"], 0),
        (&["check", &demo, "--format", "json"], 0),
        (&["simulate", &demo, "--sessions", &sessions], 0),
        (&["health", &demo, "--sessions", &sessions], 0),
        // ...or after a little of a long output (megabytes: more than a pipe holds).
        (&["eval", &demo, "--sessions", &sessions], 100),
        (&["eval", &demo, "--sessions", &sessions, "--format", "text", "--trace"], 100),
        (&["generate", "sessions", "--count", "100000"], 1000),
    ];
    for (args, read) in cases {
        let (code, stderr) = closing_stdout_after(args, read);
        assert_eq!(code, Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr, "", "{args:?}");
    }
}

#[test]
fn an_export_with_a_closed_stdout_is_written_and_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let project = write(dir.path(), "shop.rules.ron", crate::support::demo_text().as_bytes());
    let exports = dir.path().join("exports");
    let args = [&*project.display().to_string(), "--out", &*exports.display().to_string()].map(str::to_owned);
    let (code, stderr) = closing_stdout_after(&["export", &args[0], &args[1], &args[2]], 0);
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
    let written = std::fs::read_dir(&exports).unwrap().count();
    assert_eq!(written, 2, "the JSON and RON files");
    let recorded = std::fs::read_to_string(&project).unwrap();
    assert!(recorded.contains("last_export"), "the version is recorded in the project file");
}

/// The lines of stderr that are a command's error.
fn error_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("error: ")).collect()
}

#[test]
fn a_failing_command_prints_one_error_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let broken = write(dir.path(), "broken.rules.ron", b"(name: \"x\", priority: )");
    let broken = broken.display().to_string();
    let invalid = std::fs::read(repo("rulesets/conflicts-showcase.rules.ron")).unwrap();
    let invalid = write(dir.path(), "invalid.rules.ron", &invalid).display().to_string();
    let missing = dir.path().join("missing.rules.ron").display().to_string();
    let cases: [(&[&str], &str); 6] = [
        (&["check", &missing], "cannot read the file"),
        (&["test", &broken], &format!("error: {broken}:1:")),
        (&["simulate", &broken, "--sessions", "rulesets/sessions/demo-sessions.jsonl"], "error: "),
        (&["eval", &invalid, "--sessions", "-"], "has "),
        (&["serve-eval", &missing], "cannot read the file"),
        (&["export", &invalid, "--out", &dir.path().display().to_string()], "export refused: "),
    ];
    for (args, says) in cases {
        let out = run(args, Some(""));
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {stderr}");
        assert_eq!(stdout, "", "{args:?}");
        let errors = error_lines(&stderr);
        assert_eq!(errors.len(), 1, "{args:?}: {stderr}");
        assert!(errors[0].contains(says), "{args:?}: {stderr}");
    }
    // A load error is the whole message: one line.
    let out = run(&["check", &missing], None);
    assert_eq!(text(&out).1.lines().count(), 1, "{}", text(&out).1);
    // `fmt` goes on to the next file and reports each that failed.
    let out = run(&["fmt", &missing, &broken], None);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(error_lines(&stderr).len(), 2, "{stderr}");
    // Usage errors are clap's: exit 2.
    assert_eq!(run(&["check"], None).status.code(), Some(2));
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_that_cannot_be_written_is_an_error() {
    let full = std::fs::File::create("/dev/full").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_rulestudio"))
        .args(["test", "rulesets/demo-store.rules.ron"])
        .current_dir(root())
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert_eq!(error_lines(&stderr), ["error: cannot write the output: No space left on device (os error 28)"]);
}
