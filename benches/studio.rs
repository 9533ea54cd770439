//! Frame times of the studio on a 5,000-rule ruleset (issue: the list must
//! scroll smoothly and the editor stay responsive at that size). Each
//! iteration is one egui frame of the real app in a kittest harness: layout,
//! widgets and tessellation, without GPU rendering.

// Benchmarks may panic on setup failures: that is how they fail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use rulestudio::gui::dialogs::ScriptedDialogs;
use rulestudio::gui::{Config, StudioApp};

fn studio(rules: usize) -> (Harness<'static, StudioApp>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.rules.ron");
    let ruleset = rulestudio::generate::ruleset(1, rules, 10);
    std::fs::write(&path, rulestudio::format::to_ron(&ruleset).unwrap()).unwrap();
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

fn frames(c: &mut Criterion) {
    let mut group = c.benchmark_group("studio_5000_rules");
    group.sample_size(30);
    let (mut h, _dir) = studio(5000);
    group.bench_function("idle_frame_list_and_editor", |b| b.iter(|| h.step()));
    h.hover_at(egui::pos2(150.0, 400.0));
    let mut down = true;
    group.bench_function("scrolling_frame", |b| {
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

criterion_group!(benches, frames);
criterion_main!(benches);
