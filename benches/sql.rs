//! SQL generation (issue 17): how long `rulestudio sql` takes to write the
//! query of a realistic ruleset of 1,000 and 10,000 rules, per-session
//! decisions and the report, in DuckDB's dialect. The query is written
//! once per run, so this bounds the wait before a warehouse starts.
//! Running the queries over 10 million sessions is measured end to end
//! (docs/BENCHMARKS.md), not here.

// Benchmarks are not library code: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use rulestudio::compile::compile;
use rulestudio::generate::realistic_ruleset;
use rulestudio::sql::{Dialect, Options, generate_compiled};

fn sql(c: &mut Criterion) {
    let mut group = c.benchmark_group("sql");
    group.sample_size(10);
    for rules in [1_000, 10_000] {
        let compiled = compile(&realistic_ruleset(7, rules, (rules / 50).max(10), 0)).unwrap();
        for report in [false, true] {
            let options = Options { report, ..Options::new(Dialect::Duckdb) };
            let name = format!("{}_{rules}_rules", if report { "report" } else { "decisions" });
            group.bench_function(name, |b| {
                b.iter(|| black_box(generate_compiled(&compiled, &options).unwrap().sql.len()))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, sql);
criterion_main!(benches);
