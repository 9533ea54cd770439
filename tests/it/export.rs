//! Exports and the serving contract (SPEC §7): versions, changelogs, the
//! JSON Schema, the verifying loader, parity with the studio, the sidecar.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use rulestudio::analysis::{Options, analyze};
use rulestudio::compile::compile;
use rulestudio::export::{self, ExportOutcome, load_export, to_json, to_ron};
use rulestudio::format::{load_ruleset, parse_ruleset};
use rulestudio::model::Ruleset;
use rulestudio::sessions::SessionSource;

use crate::support::{demo_text, repo, run, text, write};

const NOW: &str = "2026-11-21T12:00:00Z";

/// Checks and exports, as `rulestudio export` does.
fn export_now(rs: &mut Ruleset, dir: &Path) -> Result<ExportOutcome, export::ExportError> {
    let analysis = analyze(rs, &Options::default());
    export::export(rs, &analysis, dir, NOW)
}

fn schema() -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(repo("schema/ruleset.schema.json")).unwrap()).unwrap()
}

fn assert_valid(path: &Path) {
    let instance: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema()).expect("the schema compiles");
    let errors: Vec<String> = validator.iter_errors(&instance).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{} does not match the schema: {errors:#?}", path.display());
}

#[test]
fn the_committed_schema_is_current() {
    let fresh = export::json_schema();
    let path = repo("schema/ruleset.schema.json");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "schema/ruleset.schema.json is stale; regenerate it with `UPDATE_SCHEMA=1 cargo test the_committed_schema_is_current`"
    );
}

#[test]
fn versions_changelogs_and_schema() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("exports");
    let mut rs = load_ruleset(&repo("rulesets/demo-store.rules.ron")).unwrap().ruleset;
    let first = export_now(&mut rs, &out).unwrap();
    let ExportOutcome::Written { version: 1, json, ron, .. } = first else { panic!("{first:?}") };
    assert_valid(&json);
    assert!(ron.exists());
    // Unchanged: no new version.
    assert_eq!(export_now(&mut rs, &out).unwrap(), ExportOutcome::Unchanged { version: 1 });
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 2);
    // Edit one field of one rule: v2 with a changelog naming it.
    rs.rules.iter_mut().find(|r| r.id == "sale-price-sort").unwrap().priority = 85;
    let ExportOutcome::Written { version: 2, json, changelog, .. } = export_now(&mut rs, &out).unwrap() else {
        panic!()
    };
    assert_valid(&json);
    assert_eq!(changelog.previous_version, Some(1));
    assert_eq!(changelog.changed.len(), 1);
    assert_eq!(changelog.changed[0].rule, "sale-price-sort");
    assert_eq!(changelog.changed[0].fields.len(), 1);
    let f = &changelog.changed[0].fields[0];
    assert_eq!((f.field.as_str(), f.before.as_str(), f.after.as_str()), ("priority", "80", "85"));
    // Disabling a rule removes it from the body; the changelog says so.
    rs.rules.iter_mut().find(|r| r.id == "gold-tier-banner").unwrap().enabled = false;
    let ExportOutcome::Written { version: 3, changelog, .. } = export_now(&mut rs, &out).unwrap() else { panic!() };
    assert_eq!(changelog.removed, ["gold-tier-banner"]);
    // Versions only increase, even when the files are deleted.
    std::fs::remove_dir_all(&out).unwrap();
    rs.rules.iter_mut().find(|r| r.id == "gold-tier-banner").unwrap().enabled = true;
    let ExportOutcome::Written { version: 4, changelog, .. } = export_now(&mut rs, &out).unwrap() else { panic!() };
    assert_eq!(changelog.previous_version, Some(3));
    assert!(changelog.note.unwrap().contains("not in this directory"));
}

#[test]
fn export_refuses_errors_and_failing_tests() {
    let dir = tempfile::tempdir().unwrap();
    let broken = demo_text().replacen(r#"op: is("GB")"#, r#"op: is("UK")"#, 1);
    let mut rs = parse_ruleset(&broken, "b").unwrap();
    let Err(export::ExportError::Refused(errors)) = export_now(&mut rs, dir.path()) else { panic!() };
    assert!(errors.iter().any(|d| d.message.contains("`UK`")), "{errors:?}");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "nothing written");

    let failing =
        demo_text().replacen(r#"content(id: "banner-uk-next-day"))"#, r#"content(id: "banner-uk-2-day"))"#, 1);
    let path = write(dir.path(), "failing.rules.ron", failing.as_bytes());
    let out = run(&["export", &path.display().to_string(), "--out", &dir.path().join("x").display().to_string()], None);
    let (_, stderr) = text(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr.contains("error[test-failing]") && stderr.contains("UK visitors see next-day delivery"), "{stderr}");
    assert!(stderr.contains("export refused"), "{stderr}");
    assert!(!dir.path().join("x").exists());
}

fn exported(dir: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let mut rs = load_ruleset(&repo("rulesets/demo-store.rules.ron")).unwrap().ruleset;
    match export_now(&mut rs, dir).unwrap() {
        ExportOutcome::Written { json, ron, .. } => (json, ron),
        other => panic!("{other:?}"),
    }
}

#[test]
fn exports_decide_exactly_like_the_project_and_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let (json, ron) = exported(dir.path());
    let project = compile(&load_ruleset(&repo("rulesets/demo-store.rules.ron")).unwrap().ruleset).unwrap();
    for path in [&json, &ron] {
        let loaded = load_export(path).unwrap();
        let sessions = SessionSource::open(&repo("rulesets/sessions/demo-sessions.jsonl")).unwrap();
        let mut n = 0;
        for record in sessions {
            let (_, s) = record.unwrap();
            let a = project.facts(&s);
            let b = loaded.compiled.facts(&s);
            let ta = project.trace(&a);
            let tb = loaded.compiled.trace(&b);
            assert_eq!(project.view(&a, &ta.decision, None), loaded.compiled.view(&b, &tb.decision, None), "{}", s.id);
            n += 1;
        }
        assert_eq!(n, 250);
        // Export, load, export: byte-identical.
        let again = if path == &json { to_json(&loaded.file).unwrap() } else { to_ron(&loaded.file).unwrap() };
        assert_eq!(again, std::fs::read_to_string(path).unwrap(), "{}", path.display());
    }
}

#[test]
fn damaged_and_foreign_files_are_refused_whole() {
    let dir = tempfile::tempdir().unwrap();
    let (json, ron) = exported(dir.path());
    let text = std::fs::read_to_string(&json).unwrap();
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "tampered.ruleset.json",
            text.replacen("winter-coats-hero", "winter-coats-herp", 1),
            "the checksum does not match",
        ),
        ("truncated.ruleset.json", text[..text.len() / 2].to_owned(), "EOF while parsing"),
        (
            "future.ruleset.json",
            text.replacen("\"format_version\": \"1.0\"", "\"format_version\": \"2.0\"", 1),
            "newer than this engine reads",
        ),
        ("minor.ruleset.json", text.replacen("\"format_version\": \"1.0\"", "\"format_version\": \"1.7\"", 1), ""),
        ("foreign.ruleset.json", text.replacen("rulestudio-ruleset", "other-tool", 1), "not a rulestudio export"),
        (
            "tampered.ruleset.ron",
            std::fs::read_to_string(&ron).unwrap().replacen("priority: 90", "priority: 91", 1),
            "the checksum does not match",
        ),
    ];
    for (name, content, says) in cases {
        let path = write(dir.path(), name, content.as_bytes());
        match load_export(&path) {
            Ok(_) => assert!(says.is_empty(), "{name} was accepted"),
            Err(e) => {
                assert!(!says.is_empty() && e.to_string().contains(says), "{name}: {e}");
                let out = run(&["eval", &path.display().to_string()], Some("{\"id\":\"s\"}\n"));
                assert_eq!(out.status.code(), Some(1), "{name}");
                assert!(out.stdout.is_empty(), "{name}: nothing is decided with a refused file");
            }
        }
    }
}

#[test]
fn the_sidecar_answers_line_by_line_like_eval() {
    let dir = tempfile::tempdir().unwrap();
    let (json, _) = exported(dir.path());
    let sessions = std::fs::read_to_string(repo("rulesets/sessions/demo-sessions.jsonl")).unwrap();
    let eval =
        run(&["eval", "rulesets/demo-store.rules.ron", "--sessions", "rulesets/sessions/demo-sessions.jsonl"], None);
    let mut child = Command::new(env!("CARGO_BIN_EXE_rulestudio"))
        .args(["serve-eval", &json.display().to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    // One request, one reply, before the next request is sent: flushed per line.
    let mut replies = Vec::new();
    for line in sessions.lines() {
        writeln!(stdin, "{line}").unwrap();
        stdin.flush().unwrap();
        let mut reply = String::new();
        stdout.read_line(&mut reply).unwrap();
        replies.push(reply);
    }
    writeln!(stdin, "{{\"id\": 7}}").unwrap();
    stdin.flush().unwrap();
    let mut error = String::new();
    stdout.read_line(&mut error).unwrap();
    drop(stdin);
    assert!(child.wait().unwrap().success());
    assert_eq!(replies.concat(), String::from_utf8(eval.stdout).unwrap());
    let error: serde_json::Value = serde_json::from_str(&error).unwrap();
    assert_eq!(error["line"], 251);
    assert!(error["error"].as_str().unwrap().contains("expected text in double quotes but found the number 7"));
}

#[test]
fn the_checksum_verifies_outside_rust() {
    let dir = tempfile::tempdir().unwrap();
    let (json, _) = exported(dir.path());
    let out = Command::new("python3").arg(repo("scripts/verify_export.py")).arg(&json).output().expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let tampered = std::fs::read_to_string(&json).unwrap().replacen("\"priority\": 90", "\"priority\": 91", 1);
    let path = write(dir.path(), "t.ruleset.json", tampered.as_bytes());
    let out = Command::new("python3").arg(repo("scripts/verify_export.py")).arg(&path).output().unwrap();
    assert!(!out.status.success());
}
