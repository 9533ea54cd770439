//! Session parsing throughput, in sessions per second.
//!
//! Batch simulation (SPEC §6) streams session files of any size, reading
//! sequentially and parsing on every core, and the serving CLI parses one JSON
//! line per request; parsing must not be what limits either. Inputs are 2,000
//! sessions drawn by `generate::sessions` and written in memory by
//! `generate::SessionWriter`, so no disk I/O is measured. For each format
//! (JSON lines, CSV, RON):
//!
//! - `sessions_parse/<format>`: `SessionParser::parse` over records already
//!   split into `Raw` (the per-core part of batch simulation);
//! - `sessions_read/<format>`: the whole file through `SessionSource` from an
//!   in-memory reader: record splitting plus parsing on one thread.
//! - `sessions_bounded/csv_stray_quote_<n>`: splitting a CSV file of `n`
//!   sessions whose second line opens a quote that never closes (issue 14:
//!   once quadratic); the time per session must not grow with `n`.

// Benchmarks are not library code: a setup failure should stop the run loudly,
// so unwrap, expect and panic are allowed here although the crate denies them
// elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::io::Cursor;
use std::sync::Arc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rulestudio::generate::{self, SessionFormat, SessionWriter};
use rulestudio::model::Session;
use rulestudio::sessions::{Raw, SessionParser, SessionSource};

const COUNT: usize = 2000;

const FORMATS: [(&str, SessionFormat); 3] =
    [("jsonl", SessionFormat::JsonLines), ("csv", SessionFormat::Csv), ("ron", SessionFormat::Ron)];

/// The sessions written as a file of `format`.
fn file(format: SessionFormat, sessions: &[Session]) -> Arc<[u8]> {
    let mut writer = SessionWriter::new(Vec::new(), format).unwrap();
    for s in sessions {
        writer.write(s).unwrap();
    }
    writer.finish().unwrap().into()
}

fn source(name: &str, format: SessionFormat, bytes: &Arc<[u8]>) -> SessionSource {
    SessionSource::from_reader(name, format, Box::new(Cursor::new(Arc::clone(bytes)))).unwrap_or_else(|e| panic!("{e}"))
}

/// The file's records, unparsed, and a parser for them.
fn records(name: &str, format: SessionFormat, bytes: &Arc<[u8]>) -> (Vec<Raw>, SessionParser) {
    let mut source = source(name, format, bytes);
    let parser = source.parser();
    let raws: Vec<Raw> =
        std::iter::from_fn(|| source.next_raw()).map(|r| r.unwrap_or_else(|e| panic!("{e}"))).collect();
    assert_eq!(raws.len(), COUNT, "{name}");
    (raws, parser)
}

fn bench_sessions(c: &mut Criterion) {
    let sessions: Vec<Session> = generate::sessions(2026, COUNT).collect();
    let files: Vec<(&str, SessionFormat, Arc<[u8]>)> =
        FORMATS.iter().map(|&(name, format)| (name, format, file(format, &sessions))).collect();
    for (name, _, bytes) in &files {
        eprintln!("{name}: {COUNT} sessions, {} bytes ({} bytes per session)", bytes.len(), bytes.len() / COUNT);
    }

    let mut parse = c.benchmark_group("sessions_parse");
    parse.throughput(Throughput::Elements(COUNT as u64));
    for (name, format, bytes) in &files {
        let (raws, parser) = records(name, *format, bytes);
        // Read back what was written: the benchmark parses real sessions.
        assert_eq!(parser.parse(&raws[0]).unwrap_or_else(|e| panic!("{e}")).id, sessions[0].id);
        parse.bench_function(*name, |b| {
            b.iter(|| {
                for raw in &raws {
                    black_box(parser.parse(black_box(raw)).unwrap());
                }
            });
        });
    }
    parse.finish();

    let mut read = c.benchmark_group("sessions_read");
    read.throughput(Throughput::Elements(COUNT as u64));
    for (name, format, bytes) in &files {
        read.bench_function(*name, |b| {
            b.iter(|| {
                let mut n = 0;
                for item in source(name, *format, bytes) {
                    black_box(item.unwrap());
                    n += 1;
                }
                assert_eq!(n, COUNT);
            });
        });
    }
    read.finish();
}

/// The CSV file of `count` sessions with a stray quote opening line 2.
fn stray_quote_csv(count: usize) -> Arc<[u8]> {
    let sessions: Vec<Session> = generate::sessions(2026, count).collect();
    let text = String::from_utf8(file(SessionFormat::Csv, &sessions).to_vec()).unwrap();
    let (header, rest) = text.split_once('\n').unwrap();
    format!("{header}\n\"{rest}").into_bytes().into()
}

fn bench_bounded(c: &mut Criterion) {
    let mut group = c.benchmark_group("sessions_bounded");
    for count in [5_000, 20_000] {
        let bytes = stray_quote_csv(count);
        group.throughput(Throughput::Elements(count as u64));
        group.bench_function(format!("csv_stray_quote_{count}"), |b| {
            b.iter(|| {
                let mut src = source("q.csv", SessionFormat::Csv, &bytes);
                let (mut ok, mut bad) = (0, 0);
                while let Some(raw) = src.next_raw() {
                    if raw.is_ok() { ok += 1 } else { bad += 1 }
                }
                assert_eq!((ok, bad), (count - 1, 1));
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_sessions, bench_bounded);
criterion_main!(benches);
