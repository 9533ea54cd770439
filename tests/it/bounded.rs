//! Every input bounded (issue 14): the inputs that once took minutes or
//! gigabytes, run through the command line with generous time bounds (a
//! debug build on a busy machine), and the messages they now get.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use crate::support::{run, text, write};

/// Runs a command and checks it finished within `limit`.
fn timed(args: &[&str], stdin: Option<&str>, limit: Duration) -> (Option<i32>, String, String) {
    let started = Instant::now();
    let out = run(args, stdin);
    let took = started.elapsed();
    let (stdout, stderr) = text(&out);
    assert!(took < limit, "{args:?} took {took:?}, over {limit:?}\n{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), stdout, stderr)
}

/// A ruleset with `n` trivial rules.
fn many_rules(n: usize) -> String {
    let mut s = String::from(
        "(\n    name: \"big\",\n    time_zone: \"UTC\",\n    slots: [(id: \"home.hero\", kind: content, default: content(id: \"d\"))],\n    rules: [\n",
    );
    for i in 0..n {
        let _ = writeln!(
            s,
            "        (id: \"r{i}\", name: \"R{i}\", priority: 1, when: pred(attr: \"geo.country\", op: is(\"CA\")), then: [(slot: \"home.hero\", outcome: content(id: \"x\"))]),"
        );
    }
    s.push_str("    ],\n)\n");
    s
}

#[test]
fn too_many_rules_are_refused_up_front_by_check_eval_and_export() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "big.rules.ron", many_rules(100_000).as_bytes());
    let file = path.display().to_string();
    let out = dir.path().join("out").display().to_string();
    for args in [vec!["check", &file], vec!["eval", &file, "--sessions", "-"], vec!["export", &file, "--out", &out]] {
        let (code, stdout, stderr) = timed(&args, Some(""), Duration::from_secs(60));
        assert_eq!(code, Some(1), "{args:?}");
        let all = format!("{stdout}{stderr}");
        assert!(all.contains("the list has more than 20000 rules; the limit is 20000 rules"), "{args:?}: {all}");
        assert!(all.len() < 2_000, "{args:?}: one short refusal, not a report of every rule: {} bytes", all.len());
        assert!(all.contains(&format!("{file}:20006:")), "{args:?}: at the rule over the limit: {all}");
    }
}

#[test]
fn an_unclosed_csv_quote_costs_linear_time_and_loses_only_its_record() {
    let mut csv = String::from("id,geo.country\ns0,CA\n\"s1,CA\n");
    let rows = 20_000;
    for i in 2..rows {
        let _ = writeln!(csv, "s{i},CA");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "q.csv", csv.as_bytes());
    let file = path.display().to_string();
    let demo = crate::support::repo("rulesets/demo-store.rules.ron").display().to_string();
    let (code, stdout, stderr) = timed(&["eval", &demo, "--sessions", &file], None, Duration::from_secs(60));
    assert_eq!(code, Some(1));
    assert!(stderr.contains(&format!("{file}:3:1: a quoted value starts here and is never closed")), "{stderr}");
    assert!(stderr.contains("1 session(s) could not be read"), "{stderr}");
    assert_eq!(stdout.lines().count(), rows - 1, "every other session is decided");
}

#[test]
fn an_unclosed_csv_quote_at_the_end_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "q.csv", b"id,geo.city\ns1,Oslo\ns2,\"Ber\ns3,Rome\n");
    let file = path.display().to_string();
    let (code, stdout, stderr) =
        timed(&["eval", "rulesets/demo-store.rules.ron", "--sessions", &file], None, Duration::from_secs(30));
    assert_eq!(code, Some(1));
    assert!(stderr.contains(&format!("{file}:3:4: a quoted value starts here and is never closed")), "{stderr}");
    assert!(stdout.contains("\"s1\"") && stdout.contains("\"s3\""), "{stdout}");
}

#[test]
fn serve_eval_skips_an_overlong_line_and_answers_the_next() {
    let export_dir = tempfile::tempdir().unwrap();
    let out = export_dir.path().display().to_string();
    let project = write(export_dir.path(), "demo.rules.ron", crate::support::demo_text().as_bytes());
    let (code, _, stderr) =
        timed(&["export", &project.display().to_string(), "--out", &out], None, Duration::from_secs(120));
    assert_eq!(code, Some(0), "{stderr}");
    let export = export_dir.path().join("demo-store-v1.ruleset.json").display().to_string();
    let input = format!("{{\"id\": \"{}\"}}\n{{\"id\": \"ok\"}}\n", "x".repeat(5 << 20));
    let (code, stdout, stderr) = timed(&["serve-eval", &export], Some(&input), Duration::from_secs(30));
    assert_eq!(code, Some(0), "{stderr}");
    let replies: Vec<serde_json::Value> = stdout.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(replies.len(), 2, "{stdout:.300}");
    assert_eq!(replies[0]["line"], 1);
    assert!(replies[0]["error"].as_str().unwrap().contains("record length limit of 1048576 bytes"), "{}", replies[0]);
    assert_eq!(replies[1]["session"], "ok", "{}", replies[1]);
}

#[cfg(unix)]
#[test]
fn check_dev_zero_stops_at_the_size_limit() {
    let (code, _, stderr) = timed(&["check", "/dev/zero"], None, Duration::from_secs(30));
    assert_eq!(code, Some(1));
    assert!(
        stderr.contains("/dev/zero: the file has more than 67108864 bytes; the file size limit is 67108864 bytes"),
        "{stderr}"
    );
}

/// The minimal ruleset of the bad-input cases, with one rule's condition.
fn ruleset_when(when: &str) -> String {
    format!(
        "(\n    name: \"t\",\n    time_zone: \"UTC\",\n    slots: [(id: \"home.hero\", kind: content, default: content(id: \"d\"))],\n    rules: [\n        (\n            id: \"r1\",\n            name: \"R1\",\n            priority: 10,\n            when: {when},\n            then: [(slot: \"home.hero\", outcome: content(id: \"x\"))],\n        ),\n    ],\n)\n"
    )
}

#[test]
fn messages_are_plain_and_placed() {
    let pred = "pred(attr: \"geo.country\", op: is(\"CA\"))";
    let deep = |n: usize| format!("{}{pred}{}", "all([".repeat(n), "])".repeat(n));
    let huge_pattern = format!("pred(attr: \"device.user_agent\", op: matches(\"{}\"))", "a".repeat(100_000));
    let cases: Vec<(&str, Vec<u8>, &str, &str)> = vec![
        ("a BOM is accepted", [b"\xEF\xBB\xBF".as_slice(), ruleset_when(pred).as_bytes()].concat(), "", "0 error(s)"),
        (
            "depth 33 gets the documented message",
            ruleset_when(&deep(32)).into_bytes(),
            ":10:",
            "nested 33 levels deep; the limit is 32 levels",
        ),
        (
            "depth 40 is stopped by the reader",
            ruleset_when(&deep(60)).into_bytes(),
            ":10:",
            "conditions may nest at most 32 levels",
        ),
        (
            "a long pattern is cut in the message",
            ruleset_when(&huge_pattern).into_bytes(),
            ":10:",
            "is 100000 bytes long; the limit is 2048 bytes",
        ),
        (
            "a struct of the wrong kind",
            ruleset_when(pred).replace("then: [(slot", "then: [[(slot").replace("\"x\"))]", "\"x\"))]]").into_bytes(),
            ":11:",
            "expected",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, content, at, says) in cases {
        let path = write(dir.path(), "m.rules.ron", &content);
        let file = path.display().to_string();
        let (_, stdout, stderr) = timed(&["check", &file], None, Duration::from_secs(60));
        let all = format!("{stdout}{stderr}");
        assert!(
            all.contains(&format!("{file}{at}")) && all.contains(says),
            "{name}: wanted `{at}` and `{says}`:\n{all:.2000}"
        );
        assert!(all.len() < 3_000, "{name}: {} bytes of messages", all.len());
        for rust in ["recursion_limit", "serde_stacker", "struct ", "u32", "invalid type", "Rule`", "time zone first"] {
            assert!(!all.contains(rust), "{name}: names `{rust}`: {all:.2000}");
        }
    }
}

#[test]
fn an_export_leaves_both_files_and_no_temporary_files() {
    let dir = tempfile::tempdir().unwrap();
    let project = write(dir.path(), "demo.rules.ron", crate::support::demo_text().as_bytes());
    let stale = write(dir.path(), ".rulestudio-XXXXXX.tmp", b"left by a crash");
    let out = dir.path().join("out");
    let (code, _, stderr) = timed(
        &["export", &project.display().to_string(), "--out", &out.display().to_string()],
        None,
        Duration::from_secs(120),
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(out.join("demo-store-v1.ruleset.json").exists() && out.join("demo-store-v1.ruleset.ron").exists());
    assert!(!stale.exists(), "a stale temporary file of ours is removed");
    let bak = std::fs::read_to_string(dir.path().join("demo.rules.ron.bak")).unwrap();
    assert_eq!(bak, crate::support::demo_text(), "the backup is the whole previous file");
    for d in [dir.path(), out.as_path()] {
        let tmp: Vec<_> = std::fs::read_dir(d)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(tmp.is_empty(), "{tmp:?}");
    }
}
