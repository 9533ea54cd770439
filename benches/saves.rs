//! Saving a project file: the text a save writes after a one-field edit
//! (`format::saved_text`, which splices only the changed value into the text
//! the file was read from), next to writing the whole file canonically
//! (`format::to_ron`), on the demo store and on generated rulesets of 1,000
//! and 5,000 rules. No disk I/O is measured.

// Benchmarks are not library code: a setup failure should stop the run loudly,
// so unwrap, expect and panic are allowed here although the crate denies them
// elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use rulestudio::format::{parse_ruleset, saved_text, to_ron};
use rulestudio::generate;
use rulestudio::model::Ruleset;

fn inputs() -> Vec<(String, String, Ruleset)> {
    let demo = std::fs::read_to_string("rulesets/demo-store.rules.ron").unwrap();
    let mut out = vec![("demo".to_owned(), demo.clone(), parse_ruleset(&demo, "demo").unwrap())];
    for rules in [1_000, 5_000] {
        let text = to_ron(&generate::ruleset(7, rules, 10)).unwrap();
        let rs = parse_ruleset(&text, "generated").unwrap();
        out.push((format!("{rules}_rules"), text, rs));
    }
    out
}

fn bench_saves(c: &mut Criterion) {
    let mut group = c.benchmark_group("save");
    group.sample_size(10).measurement_time(Duration::from_secs(10)).warm_up_time(Duration::from_secs(1));
    for (name, text, rs) in inputs() {
        let mut edited = rs.clone();
        let middle = edited.rules.len() / 2;
        edited.rules[middle].priority += 1;
        eprintln!("{name}: {} bytes, {} rules", text.len(), rs.rules.len());
        group.bench_with_input(BenchmarkId::new("one_field_spliced", &name), &edited, |b, edited| {
            b.iter(|| black_box(saved_text(Some(&text), edited).unwrap()));
        });
        group.bench_with_input(BenchmarkId::new("whole_file_canonical", &name), &edited, |b, edited| {
            b.iter(|| black_box(to_ron(edited).unwrap()));
        });
    }
    group.finish();
}

criterion_group!(benches, bench_saves);
criterion_main!(benches);
