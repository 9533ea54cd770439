//! Frame times of the studio. On a 5,000-rule ruleset: the list must scroll
//! smoothly and the editor stay responsive at that size. On 10,000 realistic
//! rules (issue 13): one keystroke in a rule's name and in the ruleset's name,
//! the frame that starts the background check after typing pauses, and the
//! memory the undo history holds after 1,000 edits. Each iteration is one
//! egui frame of the real app in a kittest harness: layout, widgets and
//! tessellation, without GPU rendering.

// Benchmarks may panic on setup failures: that is how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::alloc::System;
use std::time::{Duration, Instant};

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rulestudio::gui::command::{Command, Tab};
use rulestudio::gui::dialogs::ScriptedDialogs;
use rulestudio::gui::document::{Document, Edit};
use rulestudio::gui::history::Part;
use rulestudio::gui::{Config, StudioApp};
use rulestudio::model::Ruleset;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

/// Counts every allocation, so the history's memory is measured, not guessed.
#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

fn studio(ruleset: &Ruleset) -> (Harness<'static, StudioApp>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.rules.ron");
    std::fs::write(&path, rulestudio::format::to_ron(ruleset).unwrap()).unwrap();
    let recovery = dir.path().join("recovery");
    let mut harness = Harness::builder().with_size((1400.0, 900.0)).with_max_steps(1_000_000).build_eframe(move |cc| {
        StudioApp::new(
            cc,
            Config {
                file: Some(path),
                dialogs: Box::new(ScriptedDialogs::default()),
                recovery_dir: recovery,
                restore_prefs: false,
                clock: None,
            },
        )
    });
    harness.run_steps(2);
    let ctx = harness.ctx.clone();
    harness.state_mut().wait_for_check(&ctx);
    harness.run_steps(3);
    (harness, dir)
}

/// A studio made the first time a benchmark that is not filtered out needs
/// it (loading and checking thousands of rules takes a while).
type Lazy = Option<(Harness<'static, StudioApp>, tempfile::TempDir)>;

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("studio_5000_rules");
    group.sample_size(30);
    let mut studio5000: Lazy = None;
    fn open(s: &mut Lazy) -> &mut Harness<'static, StudioApp> {
        &mut s.get_or_insert_with(|| studio(&rulestudio::generate::ruleset(1, 5000, 10))).0
    }
    group.bench_function("idle_frame_list_and_editor", |b| {
        let h = open(&mut studio5000);
        b.iter(|| h.step())
    });
    let mut down = true;
    group.bench_function("scrolling_frame", |b| {
        let h = open(&mut studio5000);
        h.hover_at(egui::pos2(150.0, 400.0));
        b.iter(|| {
            let delta = if down { -120.0 } else { 120.0 };
            h.event(egui::Event::MouseWheel {
                unit: egui::MouseWheelUnit::Point,
                delta: egui::vec2(0.0, delta),
                phase: egui::TouchPhase::Move,
                modifiers: egui::Modifiers::NONE,
                source: egui::MouseWheelSource::Wheel,
            });
            h.step();
            down = !down;
        })
    });
    group.finish();
}

/// Which frame of a keystroke is timed.
#[derive(Clone, Copy)]
enum Timed {
    /// The frame that takes the key and applies the edit.
    Key,
    /// The frame after it (the app asks for it to show the edit).
    Repaint,
    /// The first frame after typing paused for the debounce: the one that
    /// starts the background check (and takes its snapshot).
    CheckStart,
}

/// Types `n` characters into the focused field, timing one frame of each.
fn keystrokes(h: &mut Harness<'static, StudioApp>, n: u64, timed: Timed) -> Duration {
    let mut total = Duration::ZERO;
    let mut time = |h: &mut Harness<'static, StudioApp>, on: bool| {
        let t = Instant::now();
        h.step();
        if on {
            total += t.elapsed();
        }
    };
    for _ in 0..n {
        h.event(egui::Event::Text("x".into()));
        time(h, matches!(timed, Timed::Key));
        time(h, matches!(timed, Timed::Repaint));
        if matches!(timed, Timed::CheckStart) {
            std::thread::sleep(rulestudio::gui::worker::DEBOUNCE + Duration::from_millis(20));
            time(h, true);
        }
    }
    total
}

/// The field typed into: a rule's name in the Rule tab, or the ruleset's
/// name in the Slots & segments tab.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    RuleName,
    RulesetName,
}

fn editing(c: &mut Criterion) {
    let mut group = c.benchmark_group("studio_editing_10000_rules");
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    let mut studio10000: Lazy = None;
    let mut focused = None;
    for (field, name) in [(Field::RuleName, "rule_name"), (Field::RulesetName, "ruleset_name")] {
        for (what, timed) in [
            ("keystroke", Timed::Key),
            ("repaint_after_keystroke", Timed::Repaint),
            ("check_start_after_typing", Timed::CheckStart),
        ] {
            group.bench_function(format!("{name}_{what}"), |b| {
                let h = &mut studio10000
                    .get_or_insert_with(|| studio(&rulestudio::generate::realistic_ruleset(1, 10_000, 10, 3)))
                    .0;
                if focused != Some(field) {
                    if field == Field::RulesetName {
                        h.state_mut().command(Command::SetTab(Tab::Model));
                        h.run_steps(2);
                    }
                    h.get_by_label(if field == Field::RuleName { "Name" } else { "Ruleset name" }).focus();
                    h.run_steps(2);
                    focused = Some(field);
                }
                b.iter_custom(|n| keystrokes(h, n, timed))
            });
        }
    }
    group.finish();
}

/// The edits of the memory measurement, as the studio makes them: rule
/// fields, the ruleset's name and description, new, deleted and moved rules.
fn edit(doc: &Document, i: usize) -> Edit {
    let rs = &doc.ruleset;
    let n = rs.rules.len();
    let at = (i * 7919) % n;
    match i % 10 {
        0..=3 => {
            let mut rule = rs.rules[at].clone();
            rule.priority += 1;
            Edit::UpdateRule { index: at, rule: Box::new(rule), key: Some("priority".into()) }
        }
        4 => Edit::SetParts {
            label: "rename the ruleset".into(),
            parts: vec![Part::Name(format!("renamed {i}"))],
            key: Some("name".into()),
        },
        5 => {
            let mut rule = rs.rules[at].clone();
            rule.id = format!("copy-{i}");
            Edit::InsertRule { index: at, rule: Box::new(rule) }
        }
        6 => Edit::DeleteRule(at),
        7 => {
            let other = (at + 1) % n;
            let (mut a, mut b) = (rs.rules[at].clone(), rs.rules[other].clone());
            std::mem::swap(&mut a.priority, &mut b.priority);
            Edit::UpdateRules { label: "move rule".into(), rules: vec![(at, a), (other, b)] }
        }
        8 => {
            let mut rule = rs.rules[at].clone();
            rule.enabled = !rule.enabled;
            Edit::UpdateRule { index: at, rule: Box::new(rule), key: None }
        }
        _ => Edit::SetParts {
            label: "edit the description".into(),
            parts: vec![Part::Description(format!("edited {i}"))],
            key: Some("description".into()),
        },
    }
}

/// The heap the undo history holds after `EDITS` edits of a 10,000-rule
/// ruleset, measured by counting what dropping it frees.
fn history_memory(_: &mut Criterion) {
    let edits: usize = std::env::var("HISTORY_EDITS").ok().and_then(|s| s.parse().ok()).unwrap_or(1000);
    let mut doc = Document::untitled(rulestudio::generate::realistic_ruleset(1, 10_000, 10, 3));
    let started = Instant::now();
    for i in 0..edits {
        let edit = edit(&doc, i);
        doc.apply(edit);
        doc.history.seal();
    }
    let took = started.elapsed();
    let estimate = doc.history.heap_bytes();
    let entries = doc.history.undo_len();
    let region = Region::new(GLOBAL);
    drop(std::mem::take(&mut doc.history));
    let freed = region.change().bytes_deallocated;
    println!(
        "history_memory: {edits} edits of 10,000 rules: the history held {:.2} MB ({freed} bytes, counted) in {entries} \
         steps; its own estimate {:.2} MB; applying took {took:.2?}",
        freed as f64 / 1e6,
        estimate as f64 / 1e6,
    );
}

criterion_group!(benches, history_memory, editing, frames);
criterion_main!(benches);
