//! Rule health over a large sample: `health` on the demo store over 1,000,000
//! generated sessions (JSON lines in memory, so no disk I/O is measured),
//! next to a batch simulation (`simulate::run`) of the same sessions, the
//! floor it builds on. The goal: health over 1M sessions ≤ 5 s on
//! 2 cores.

// Benchmarks are not library code: a setup failure should stop the run loudly,
// so unwrap, expect and panic are allowed here although the crate denies them
// elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::io::Cursor;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rulestudio::compile::compile;
use rulestudio::format::load_ruleset;
use rulestudio::generate::{self, SessionFormat, SessionWriter};
use rulestudio::sessions::SessionSource;
use rulestudio::simulate::health::{Options, health};
use rulestudio::simulate::{self, Control};

const COUNT: usize = 1_000_000;

fn source(bytes: &Arc<[u8]>) -> SessionSource {
    SessionSource::from_reader("bench.jsonl", SessionFormat::JsonLines, Box::new(Cursor::new(Arc::clone(bytes))))
        .unwrap()
}

fn bench_health(c: &mut Criterion) {
    let doc = load_ruleset(std::path::Path::new("rulesets/demo-store.rules.ron")).unwrap();
    let compiled = compile(&doc.ruleset).unwrap();
    let mut writer = SessionWriter::new(Vec::new(), SessionFormat::JsonLines).unwrap();
    for s in generate::sessions(2026, COUNT) {
        writer.write(&s).unwrap();
    }
    let bytes: Arc<[u8]> = writer.finish().unwrap().into();
    eprintln!("{COUNT} sessions, {} MB of JSON lines", bytes.len() / 1_000_000);
    let now = DateTime::parse_from_rfc3339("2026-12-01T00:00:00Z").unwrap().with_timezone(&Utc);
    let options = Options::at(now);

    let mut group = c.benchmark_group("health");
    group.sample_size(10).measurement_time(Duration::from_secs(40)).warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Elements(COUNT as u64));
    group.bench_function("demo_1m_sessions", |b| {
        b.iter(|| {
            let report = health(&doc.ruleset, &compiled, source(&bytes), &options, &Control::default());
            assert_eq!(report.sessions, COUNT);
            black_box(report)
        });
    });
    group.bench_function("simulate_demo_1m_sessions", |b| {
        b.iter(|| {
            let report = simulate::run(&compiled, source(&bytes), &Control::default());
            assert_eq!(report.sessions, COUNT);
            black_box(report)
        });
    });
    group.finish();
}

criterion_group!(benches, bench_health);
criterion_main!(benches);
