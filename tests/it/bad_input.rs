//! Bad input, table-driven: every malformed ruleset or session file is
//! refused with its file, line, column and a plain sentence, a non-zero exit
//! code, and no panic.

use crate::support::{run, text, write};

/// A minimal valid ruleset; cases break one thing in it.
const BASE: &str = r#"(
    name: "t",
    time_zone: "UTC",
    slots: [(id: "home.hero", kind: content, default: content(id: "d"))],
    rules: [
        (
            id: "r1",
            name: "R1",
            priority: 10,
            when: pred(attr: "geo.country", op: in(["CA", "NO"])),
            then: [(slot: "home.hero", outcome: content(id: "x"))],
        ),
    ],
)
"#;

struct Case {
    name: &'static str,
    file: &'static str,
    content: Vec<u8>,
    /// The command, with `{}` for the file.
    command: &'static [&'static str],
    /// `line:column` expected after the file name.
    at: &'static str,
    /// A phrase the message must contain.
    says: &'static str,
}

fn ruleset_with(from: &str, to: &str) -> Vec<u8> {
    assert!(BASE.contains(from), "case does not apply: {from}");
    BASE.replacen(from, to, 1).into_bytes()
}

const CHECK: &[&str] = &["check", "{}"];
const EVAL: &[&str] = &["eval", "DEMO", "--sessions", "{}"];

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "ruleset: unclosed parenthesis",
            file: "a.rules.ron",
            content: ruleset_with("content(id: \"x\"))],", "content(id: \"x\")],"),
            command: CHECK,
            at: "11:65",
            says: "expected",
        },
        Case {
            name: "ruleset: unknown field",
            file: "a.rules.ron",
            content: ruleset_with("priority: 10,", "prio: 10,"),
            command: CHECK,
            at: "9:13",
            says: "`prio`",
        },
        Case {
            name: "ruleset: wrong type",
            file: "a.rules.ron",
            content: ruleset_with("priority: 10,", "priority: \"high\","),
            command: CHECK,
            at: "9:22",
            says: "integer",
        },
        Case {
            name: "ruleset: missing field",
            file: "a.rules.ron",
            content: ruleset_with("    time_zone: \"UTC\",\n", ""),
            command: CHECK,
            at: "13:1",
            says: "time_zone",
        },
        Case {
            name: "ruleset: unknown operator",
            file: "a.rules.ron",
            content: ruleset_with("op: in([\"CA\", \"NO\"])", "op: equals(\"CA\")"),
            command: CHECK,
            at: "10:49",
            says: "equals",
        },
        Case {
            name: "ruleset: bad schedule timestamp",
            file: "a.rules.ron",
            content: ruleset_with("priority: 10,", "priority: 10, schedule: (start: \"next monday\"),"),
            command: CHECK,
            at: "9:46",
            says: "`next monday` is not a timestamp; write it as RFC 3339, e.g. `2026-11-27T09:00:00Z`",
        },
        Case {
            name: "ruleset: unknown country code",
            file: "a.rules.ron",
            content: ruleset_with("\"NO\"", "\"XX\""),
            command: CHECK,
            at: "10:59",
            says: "`XX` is not an ISO 3166-1 alpha-2 country code",
        },
        Case {
            name: "ruleset: bad regex",
            file: "a.rules.ron",
            content: ruleset_with(
                "pred(attr: \"geo.country\", op: in([\"CA\", \"NO\"]))",
                "pred(attr: \"device.user_agent\", op: matches(\"iPhone(\"))",
            ),
            command: CHECK,
            at: "10:63",
            says: "not a valid regex at position 7",
        },
        Case {
            name: "ruleset: unknown attribute",
            file: "a.rules.ron",
            content: ruleset_with("\"geo.country\"", "\"geo.planet\""),
            command: CHECK,
            at: "10:30",
            says: "`geo.planet` is not an attribute",
        },
        Case {
            name: "ruleset: operator of the wrong type",
            file: "a.rules.ron",
            content: ruleset_with("op: in([\"CA\", \"NO\"])", "op: gt(3)"),
            command: CHECK,
            at: "10:52",
            says: "`gt` cannot test country code `geo.country`",
        },
        Case {
            name: "ruleset: bad time zone",
            file: "a.rules.ron",
            content: ruleset_with("\"UTC\"", "\"Mars/Olympus\""),
            command: CHECK,
            at: "3:16",
            says: "`Mars/Olympus` is not an IANA time zone name",
        },
        Case {
            name: "ruleset: unknown slot",
            file: "a.rules.ron",
            content: ruleset_with("(slot: \"home.hero\"", "(slot: \"home.heroo\""),
            command: CHECK,
            at: "11:27",
            says: "there is no slot `home.heroo`",
        },
        Case {
            name: "ruleset: not UTF-8",
            file: "a.rules.ron",
            content: [BASE.as_bytes()[..30].to_vec(), vec![0xff, 0xfe], BASE.as_bytes()[30..].to_vec()].concat(),
            command: CHECK,
            at: "3:14",
            says: "not valid UTF-8",
        },
        Case {
            name: "sessions: malformed JSON line",
            file: "s.jsonl",
            content: b"{\"id\": \"s1\"}\n{\"id\": \"s2\", \"geo\": {\"country\": \"CA\"}\n".to_vec(),
            command: EVAL,
            at: "2:37",
            says: "not a valid JSON object",
        },
        Case {
            name: "sessions: unknown field",
            file: "s.jsonl",
            content: b"{\"id\": \"s1\", \"geo\": {\"contry\": \"CA\"}}\n".to_vec(),
            command: EVAL,
            at: "1:29",
            says: "unknown field `contry`",
        },
        Case {
            name: "sessions: wrong type",
            file: "s.jsonl",
            content: b"{\"id\": \"s1\", \"customer\": {\"orders\": \"five\"}}\n".to_vec(),
            command: EVAL,
            at: "1:42",
            says: "expected a whole number from 0 to 4294967295 but found the text \"five\"",
        },
        Case {
            name: "sessions: bad timestamp",
            file: "s.jsonl",
            content: b"{\"id\": \"s1\", \"timestamp\": \"yesterday\"}\n".to_vec(),
            command: EVAL,
            at: "1:38",
            says: "`yesterday` is not a timestamp; write it as RFC 3339",
        },
        Case {
            name: "sessions: missing id",
            file: "s.jsonl",
            content: b"{\"visitor_id\": \"v1\"}\n".to_vec(),
            command: EVAL,
            at: "1:20",
            says: "missing field `id`",
        },
        Case {
            name: "sessions: CSV unknown column",
            file: "s.csv",
            content: b"id,geo.country,geo.planet\ns1,CA,mars\n".to_vec(),
            command: EVAL,
            at: "1:16",
            says: "unknown column `geo.planet`",
        },
        Case {
            name: "sessions: CSV bad number",
            file: "s.csv",
            content: b"id,customer.orders\ns1,3\ns2,lots\n".to_vec(),
            command: EVAL,
            at: "3:4",
            says: "`lots` is not a whole number",
        },
        Case {
            name: "sessions: CSV bad device type",
            file: "s.csv",
            content: b"id,device.type,geo.country\n\"s,1\",phone,CA\n".to_vec(),
            command: EVAL,
            at: "2:7",
            says: "`phone` is not a device type",
        },
        Case {
            name: "sessions: RON syntax error",
            file: "s.ron",
            content: b"[\n  (id: \"s1\"),\n  (id: \"s2\", geo: (country: CA)),\n]\n".to_vec(),
            command: EVAL,
            at: "3:28",
            says: "expected string",
        },
    ]
}

#[test]
fn every_bad_input_is_refused_with_a_position() {
    let dir = tempfile::tempdir().expect("tempdir");
    let demo = crate::support::repo("rulesets/demo-store.rules.ron");
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() >= 15);
    for case in &all {
        let path = write(dir.path(), case.file, &case.content);
        let path_str = path.display().to_string();
        let args: Vec<String> = case
            .command
            .iter()
            .map(|a| match *a {
                "{}" => path_str.clone(),
                "DEMO" => demo.display().to_string(),
                other => other.to_owned(),
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&args, None);
        let (stdout, stderr) = text(&out);
        let all_text = format!("{stdout}{stderr}");
        let expected_pos = format!("{path_str}:{}", case.at);
        let ok = out.status.code() == Some(1)
            && all_text.contains(&expected_pos)
            && all_text.contains(case.says)
            && !all_text.contains("panicked");
        if !ok {
            failures.push(format!(
                "{}: exit {:?}, wanted `{expected_pos}` and `{}`\n{all_text}",
                case.name,
                out.status.code(),
                case.says
            ));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), all.len(), failures.join("\n\n"));
}

#[test]
fn a_bad_session_does_not_lose_the_good_ones() {
    let input = "{\"id\": \"ok-1\"}\n{\"id\": 5}\n{\"id\": \"ok-2\"}\n";
    let out = run(&["eval", "rulesets/demo-store.rules.ron"], Some(input));
    let (stdout, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(stdout.contains("\"ok-1\"") && stdout.contains("\"ok-2\""));
    assert!(stderr.contains("<stdin>:2:"), "{stderr}");
}
