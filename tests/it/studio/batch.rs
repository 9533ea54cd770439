//! The batch and impact tabs: a run over the demo sessions and the counts it
//! shows, a session opened from the table, the impact of a changed outcome,
//! and snapshots of the report.

use std::path::Path;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::compile::{CompiledRuleset, compile};
use rulestudio::format::load_ruleset;
use rulestudio::gui::StudioApp;
use rulestudio::gui::command::Tab;
use rulestudio::sessions::SessionSource;
use rulestudio::simulate::{self, Control};

use super::{demo_copy, settle, studio};
use crate::support::repo;

/// Steps the studio until `done` holds (jobs run on other threads), then settles it.
pub fn wait(h: &mut Harness<'static, StudioApp>, what: &str, done: impl Fn(&StudioApp) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < Duration::from_secs(60), "timed out waiting for {what}");
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run();
}

/// Masks what differs between runs: the check's duration in the problems
/// panel, and messages in the status bar after the rule count (e.g. "Saved
/// <temporary path>", shown for a few seconds).
pub fn mask_timings(h: &mut Harness<'static, StudioApp>) {
    let mut rects: Vec<egui::Rect> = h.query_all_by_label_contains("checked in").map(|n| n.rect()).collect();
    if let Some(count) = h.query_all_by_label_contains(" rules, ").next().map(|n| n.rect()) {
        let width = h.ctx.content_rect().max.x;
        rects.push(egui::Rect::from_min_max(
            egui::pos2(count.max.x + 4.0, count.min.y - 3.0),
            egui::pos2(width, count.max.y + 3.0),
        ));
    }
    for rect in rects {
        h.mask(rect);
    }
}

fn compiled(path: &Path) -> CompiledRuleset {
    compile(&load_ruleset(path).unwrap().ruleset).unwrap()
}

fn sessions() -> std::path::PathBuf {
    repo("rulesets/sessions/demo-sessions.jsonl")
}

fn run_batch(h: &mut Harness<'static, StudioApp>) {
    h.get_by_label("Batch").click();
    h.run();
    h.get_by_label("Load sessions…").click();
    h.step();
    wait(h, "the batch run", |app| !app.ui.batch.is_running() && app.ui.batch.result().is_some());
}

#[test]
fn batch_run_shows_the_counts_and_opens_a_session_in_the_simulator() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![Some(sessions())], dir.path());
    run_batch(&mut h);
    assert_eq!(h.state().ui.batch.error(), None);

    let control = Control { examples: 5, ..Control::default() };
    let expected = simulate::run(&compiled(&path), SessionSource::open(&sessions()).unwrap(), &control);
    let run = h.state().ui.batch.result().unwrap();
    assert_eq!(run.report.sessions, 250);
    assert_eq!(run.rows.len(), 250);
    assert_eq!(run.report.rules, expected.rules);
    assert_eq!(run.report.slots, expected.slots);
    assert_eq!(run.report.unpersonalised, expected.unpersonalised);
    assert_eq!(run.generation, Some(h.state().document().generation), "the report is current");
    h.get_by_label("250 sessions");
    h.get_by_label("0 bad records");
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    h.get_by_label(&format!("{} without personalisation", plural(expected.unpersonalised, "session", "sessions")));
    h.get_by_label(&format!("{} never fired", plural(expected.never_fired().len(), "rule", "rules")));

    // The per-rule numbers, filtered to one rule.
    let mobile = expected.rules.iter().find(|r| r.rule == "mobile-compact-layout").unwrap();
    assert!(mobile.applied > 0);
    h.get_by_label("Rules (33)").click();
    h.run();
    h.get_by_label("Filter rules").click();
    h.get_by_label("Filter rules").type_text("mobile-compact");
    h.run();
    h.get_by_label(&format!("mobile-compact-layout applied: {}", mobile.applied));
    h.get_by_label(&format!("mobile-compact-layout matched: {}", mobile.matched));

    // The session table: filter, sort, click a row.
    h.get_by_label("Sessions (250)").click();
    h.run();
    h.get_by_label("250 of 250 sessions");
    h.get_by_label("Filter").click();
    h.get_by_label("Filter").type_text("compact");
    h.run();
    let c = compiled(&path);
    let mentions = |r: &rulestudio::simulate::Row| {
        r.winners.iter().enumerate().any(|(slot, w)| {
            let pick = rulestudio::engine::Pick { rule: w.checked_sub(1), ..Default::default() };
            c.outcome(slot, &pick).to_string().contains("compact")
                || w.checked_sub(1).is_some_and(|i| c.rules[i as usize].id.contains("compact"))
        })
    };
    let rows = h.state().ui.batch.result().unwrap().rows.clone();
    let mut shown: Vec<_> = rows.iter().filter(|r| mentions(r)).cloned().collect();
    assert!(!shown.is_empty() && shown.len() < 250);
    h.get_by_label(&format!("{} of 250 sessions", shown.len()));
    shown.sort_by(|a, b| a.session.cmp(&b.session));
    let first = shown[0].clone();
    h.get_by_label("Session").click();
    h.run();
    h.get_by_label("Session ⏶");
    h.get_by_label(&first.session).click();
    h.step();
    wait(&mut h, "the session to open", |app| app.ui.simulator.session.id == first.session);
    assert_eq!(h.state().ui.tab, Some(Tab::Simulator));

    // An edit makes the report out of date; it runs again by itself
    // (see `stale.rs` for the whole workflow).
    h.get_by_label("Enable bf-2026-hero").click();
    settle(&mut h);
    h.get_by_label("Batch").click();
    h.step();
    wait(&mut h, "the run after the edit", |app| {
        !app.ui.batch.is_running()
            && app.ui.batch.result().is_some_and(|r| r.generation == Some(app.document().generation))
    });
}

#[test]
fn bad_records_are_listed_with_line_and_column_and_never_fired_rules_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let demo = std::fs::read_to_string(sessions()).unwrap();
    let good: Vec<&str> = demo.lines().take(20).collect();
    // 20 good records, then 105 bad ones: line 21 is cut short, the rest
    // have a number where the id should be.
    let mut text = good.join("\n") + "\n";
    text.push_str("{\"id\": \"cut\", \"geo\": {\"country\": \n");
    for n in 0..104 {
        text.push_str(&format!("{{\"id\": {n}}}\n"));
    }
    let file = dir.path().join("bad.jsonl");
    std::fs::write(&file, &text).unwrap();
    let mut h = studio(Some(&path), vec![Some(file.clone())], dir.path());
    run_batch(&mut h);
    let report = h.state().ui.batch.result().unwrap().report.clone();
    assert_eq!(report.sessions, 20);
    assert_eq!(report.error_count, 105);
    assert_eq!(report.errors.len(), 100);
    let first = &report.errors[0];
    assert_eq!(first.line, 21);

    // The summary names the first bad record and the rules that never fired.
    h.get_by_label("105 bad records");
    h.get_by_label_contains(&format!("(first: line 21:{}: ", first.column));
    let never = report.never_fired();
    assert!(never.len() > 3, "{never:?}");
    h.get_by_label(&format!("({}, {}, {} and {} more)", never[0], never[1], never[2], never.len() - 3));
    // The overview lists the first 100 with line:column, then a count.
    for e in [&report.errors[0], &report.errors[99]] {
        h.get_by_label(&format!("line {}:{}: {}", e.line, e.column, e.message));
    }
    h.get_by_label("and 5 more (only the first 100 are listed)");
    for id in never.iter().take(12) {
        h.get_by_label(id);
    }
}

#[test]
fn unknown_codes_are_read_as_absent_and_listed_as_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let text = "{\"id\": \"a\", \"geo\": {\"country\": \"CA\", \"region\": \"CA-ZZ\"}}\n\
                {\"id\": \"b\", \"geo\": {\"country\": \"QQ\"}}\n\
                {\"id\": \"c\", \"geo\": {\"country\": \"XK\"}}\n";
    let file = dir.path().join("codes.jsonl");
    std::fs::write(&file, text).unwrap();
    let mut h = studio(Some(&path), vec![Some(file.clone())], dir.path());
    run_batch(&mut h);
    let report = h.state().ui.batch.result().unwrap().report.clone();
    assert_eq!((report.sessions, report.error_count, report.warning_count), (3, 0, 2), "every session kept");
    h.get_by_label("2 fields read as absent");
    h.get_by_label("Fields read as absent (2)");
    h.get_by_label("line 1:1: `geo.region`: `CA-ZZ` is not an ISO 3166-2 region code; the session is read without it");
    h.get_by_label(
        "line 2:1: `geo.country`: `QQ` is not an ISO 3166-1 alpha-2 country code; the session is read without it",
    );
}

#[test]
fn impact_against_an_edited_copy_shows_the_transition_and_opens_an_example() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let old_dir = tempfile::tempdir().unwrap();
    let old_path = old_dir.path().join("older.rules.ron");
    let text = std::fs::read_to_string(&path).unwrap();
    let compact = r#"then: [(slot: "layout", outcome: variant(option: "compact"))],"#;
    assert_eq!(text.matches(compact).count(), 1);
    std::fs::write(&old_path, text.replace(compact, &compact.replace("compact", "lookbook"))).unwrap();

    // No batch run yet: comparing asks for the sessions after the version.
    let mut h = studio(Some(&path), vec![Some(old_path.clone()), Some(sessions())], dir.path());
    h.get_by_label("Impact").click();
    h.run();
    h.get_by_label("Compare against…").click();
    h.step();
    wait(&mut h, "the comparison", |app| !app.ui.impact.is_running() && app.ui.impact.result().is_some());
    assert_eq!(h.state().ui.impact.error(), None);

    let control = Control { examples: 5, ..Control::default() };
    let expected =
        simulate::impact(&compiled(&path), &compiled(&old_path), SessionSource::open(&sessions()).unwrap(), &control);
    let layout = expected.slots.iter().find(|s| s.slot == "layout").unwrap();
    assert_eq!(layout.transitions.len(), 1);
    let t = &layout.transitions[0];
    assert!(t.count > 0);
    assert!(expected.slots.iter().filter(|s| s.slot != "layout").all(|s| s.changed == 0));
    let report = &h.state().ui.impact.result().unwrap().report;
    assert_eq!(report, &expected);
    h.get_by_label(&format!("layout: variant lookbook → variant compact: {} sessions", t.count));
    h.get_by_label(&format!("layout changes: {}", t.count));
    h.get_by_label("home.hero changes: 0");
    h.get_by_label("250 sessions compared");
    h.ctx.set_theme(egui::Theme::Light);
    h.remove_cursor();
    h.run();
    mask_timings(&mut h);
    h.snapshot("impact_report_light");

    let example = t.examples[0].clone();
    h.get_by_label(&example).click();
    h.step();
    wait(&mut h, "the example to open", |app| app.ui.simulator.session.id == example);
    assert_eq!(h.state().ui.tab, Some(Tab::Simulator));
}

#[test]
fn cancelling_a_run_keeps_the_partial_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let demo = std::fs::read_to_string(sessions()).unwrap();
    let big = dir.path().join("many.jsonl");
    std::fs::write(&big, demo.repeat(200)).unwrap();
    let total = 250 * 200;
    let mut h = studio(Some(&path), vec![Some(big)], dir.path());
    h.get_by_label("Batch").click();
    h.run();
    h.get_by_label("Load sessions…").click();
    h.step();
    assert!(h.state().ui.batch.is_running());
    // The run starts as the frame of the click ends; the next one shows it.
    h.step();
    h.get_by_label("Cancel").click();
    h.step();
    wait(&mut h, "the cancelled run", |app| !app.ui.batch.is_running());
    let report = &h.state().ui.batch.result().unwrap().report;
    assert!(report.stopped);
    assert!(report.sessions < total, "{} of {total}", report.sessions);
    h.get_by_label_contains("Stopped early after");
}

#[test]
fn a_bad_comparison_file_is_reported_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let bad = dir.path().join("broken.rules.ron");
    std::fs::write(&bad, "(name: \"x\",\n  slots: [oops],\n)").unwrap();
    let mut h = studio(Some(&path), vec![Some(sessions()), Some(bad)], dir.path());
    run_batch(&mut h);
    h.get_by_label("Impact").click();
    h.run();
    h.get_by_label("Compare against…").click();
    h.step();
    wait(&mut h, "the comparison", |app| !app.ui.impact.is_running());
    let error = h.state().ui.impact.error().unwrap().to_owned();
    assert!(error.contains("broken.rules.ron:2:"), "{error}");
    h.get_by_label(&error);
}

#[test]
fn batch_report_snapshots() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let mut h = studio(Some(&path), vec![Some(sessions())], dir.path());
    run_batch(&mut h);
    for (theme, name) in [(egui::Theme::Light, "batch_report_light"), (egui::Theme::Dark, "batch_report_dark")] {
        h.ctx.set_theme(theme);
        h.remove_cursor();
        h.run();
        mask_timings(&mut h);
        h.snapshot(name);
    }
    h.ctx.set_theme(egui::Theme::Light);
    h.get_by_label("Sessions (250)").click();
    h.run();
    h.get_by_label("Session").click();
    h.remove_cursor();
    h.run();
    mask_timings(&mut h);
    h.snapshot("batch_sessions_light");
}

/// A Parquet file in the Batch tab is decided by embedded DuckDB, with the
/// engine's counts; the Sessions section says why it lists none.
#[cfg(feature = "duckdb")]
#[test]
fn parquet_sessions_are_decided_by_duckdb() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let parquet = dir.path().join("demo.parquet");
    rulestudio::sql::embedded::write_parquet(&sessions(), &parquet, &compiled(&path)).unwrap();
    let mut h = studio(Some(&path), vec![Some(parquet)], dir.path());
    run_batch(&mut h);
    assert_eq!(h.state().ui.batch.error(), None);
    let expected = simulate::run(&compiled(&path), SessionSource::open(&sessions()).unwrap(), &Control::default());
    let run = h.state().ui.batch.result().unwrap();
    assert_eq!((run.report.sessions, run.rows.len()), (250, 0));
    assert_eq!(run.report.rules, expected.rules);
    assert_eq!(run.report.slots, expected.slots);
    h.get_by_label("250 sessions");
    h.get_by_label("Sessions (0)").click();
    h.run();
    h.get_by_label_contains("DuckDB decided this Parquet file in SQL");
}

/// Without DuckDB, a Parquet file gets a plain reason instead of a run.
#[cfg(not(feature = "duckdb"))]
#[test]
fn parquet_sessions_need_the_duckdb_feature() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_copy(dir.path());
    let parquet = dir.path().join("demo.parquet");
    std::fs::write(&parquet, b"PAR1").unwrap();
    let mut h = studio(Some(&path), vec![Some(parquet)], dir.path());
    h.get_by_label("Batch").click();
    h.run();
    h.get_by_label("Load sessions…").click();
    h.step();
    wait(&mut h, "the refusal", |app| !app.ui.batch.is_running() && app.ui.batch.error().is_some());
    assert!(h.state().ui.batch.error().unwrap().contains("this build has no DuckDB"));
    h.get_by_label_contains("build with `--features duckdb`");
}
