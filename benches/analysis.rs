//! Conflict-check time: `analysis::analyze` on rulesets of growing size.
//!
//! The studio re-runs the analysis after edits and `rulestudio check` runs it
//! before every export (SPEC §5, §7), so it has to stay interactive on real
//! rulesets and bounded on very large ones. The targets on this
//! 2-core machine: 1,000 rules under 1 s, 10,000 rules under 15 s. Measured:
//!
//! - `analyze/demo`: the demo store ruleset (`rulesets/demo-store.rules.ron`);
//! - `analyze/generated/{100,1000,10000}`: synthetic rulesets
//!   `generate::ruleset(1, n, 10)` of n rules over 10 slots.
//!
//! - `check/realistic/{1000,10000,20000}`: `analysis::check` (what the
//!   studio's background checker and `rulestudio check` run: validate,
//!   compile, analyse, test) on `generate::realistic_ruleset(1, n, n / 50, 3)`,
//!   the shape `generate ruleset` makes by default (issue 13's goal: 10,000
//!   rules in 2 s, and no worse than linear from 1,000 to 20,000);
//! - `check/dense/10000`: the same rules over 10 slots, a thousand rules per
//!   slot.
//!
//! `Options::now` is fixed so that schedule warnings, and therefore the work
//! done, do not depend on the day the benchmark runs. The analysis uses rayon,
//! so these are wall times on all cores. The big rulesets take small samples
//! (flat sampling, 10 samples; the 10,000-rule one runs once per sample),
//! keeping the whole bench under about three minutes.

// Benchmarks are not library code: a setup failure should stop the run loudly,
// so unwrap, expect and panic are allowed here although the crate denies them
// elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use rulestudio::analysis::{Options, analyze, check};
use rulestudio::format::load_ruleset;
use rulestudio::generate;
use rulestudio::model::Ruleset;

/// 2026-11-21T00:00:00Z: inside the season the demo and generated data cover.
fn now() -> i64 {
    chrono::DateTime::parse_from_rfc3339("2026-11-21T00:00:00Z").unwrap().timestamp()
}

fn run(ruleset: &Ruleset, now: i64) {
    let analysis = analyze(black_box(ruleset), &Options { now, ..Options::default() });
    // The conflict pass is the expensive part: make sure it ran.
    assert!(analysis.conflicts_checked && !analysis.cancelled);
    black_box(analysis);
}

fn bench_analysis(c: &mut Criterion) {
    let now = now();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let demo = load_ruleset(&root.join("rulesets/demo-store.rules.ron")).expect("demo ruleset").ruleset;

    let mut group = c.benchmark_group("analyze");
    group.bench_function("demo", |b| b.iter(|| run(&demo, now)));

    // Flat sampling runs the same number of iterations per sample. A window
    // shorter than 10 runs of the 10,000-rule analysis makes that one
    // iteration per sample (criterion then warns that it cannot finish in
    // time, which is expected): 10 runs in all, about a minute.
    group.sampling_mode(SamplingMode::Flat);
    for (n, sample_size, measurement) in [(100, 20, 5), (1000, 10, 10), (10_000, 10, 20)] {
        let ruleset = generate::ruleset(1, n, 10);
        group.sample_size(sample_size).measurement_time(Duration::from_secs(measurement));
        group.bench_with_input(BenchmarkId::new("generated", n), &ruleset, |b, rs| b.iter(|| run(rs, now)));
    }
    group.finish();

    let mut group = c.benchmark_group("check");
    group.sampling_mode(SamplingMode::Flat).sample_size(10);
    let shapes = [("realistic", 1000, 20, 10), ("realistic", 10_000, 200, 30), ("realistic", 20_000, 400, 60)];
    for (name, n, slots, measurement) in shapes.into_iter().chain([("dense", 10_000, 10, 60)]) {
        let ruleset = generate::realistic_ruleset(1, n, slots, 3);
        group.measurement_time(Duration::from_secs(measurement));
        group.bench_with_input(BenchmarkId::new(name, n), &ruleset, |b, rs| {
            b.iter(|| {
                let checked = check(black_box(rs), &Options { now, ..Options::default() });
                assert!(checked.analysis.conflicts_checked && checked.compiled.is_some());
                black_box(checked);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_analysis);
criterion_main!(benches);
