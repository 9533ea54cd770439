//! Batch simulation with realistic user-agent diversity (issue 12): 1,000,000
//! generated sessions whose user agents are drawn from 50,000 distinct agents
//! with Zipf(1.0) popularity, as real traffic is (a few browsers make most
//! visits, a long tail of versions, apps and bots the rest). Device facts are
//! left to be derived from the agent, so user-agent parsing and its shared
//! cache are what this measures.
//!
//! - `simulate_ua/demo_1m_sessions_50k_agents`: the demo store, which reads
//!   `device.type` (goal ≤ 6 s on 2 cores);
//! - `simulate_ua/no_device_1m_sessions_50k_agents`: the demo store without
//!   the rules and segments that read a device fact: no agent is parsed.
//!
//! The 50,000 agents are the 9,533 real ones vendored in `tests/data/ua/`
//! (isbot's people and bots lists) and versions of them (a number appended
//! to the agent's last version number), shuffled with a fixed seed.

// Benchmarks are not library code: a setup failure should stop the run loudly,
// so unwrap, expect and panic are allowed here although the crate denies them
// elsewhere.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rulestudio::compile::compile;
use rulestudio::format::load_ruleset;
use rulestudio::generate::{self, SessionFormat, SessionWriter};
use rulestudio::model::Ruleset;
use rulestudio::model::attribute::id;
use rulestudio::sessions::SessionSource;
use rulestudio::simulate::{self, Control};

const COUNT: usize = 1_000_000;
const AGENTS: usize = 50_000;

/// 50,000 distinct user agents: the vendored real ones, then versions of them.
fn agents() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/ua");
    let mut real: Vec<String> = ["isbot-people.txt", "isbot-bots.txt"]
        .iter()
        .flat_map(|f| std::fs::read_to_string(root.join(f)).unwrap().lines().map(str::to_owned).collect::<Vec<_>>())
        .filter(|ua| !ua.trim().is_empty())
        .collect();
    real.sort();
    real.dedup();
    let mut all = real.clone();
    let mut copy = 1;
    while all.len() < AGENTS {
        for ua in &real {
            if all.len() == AGENTS {
                break;
            }
            let cut = ua.rfind(|c: char| c.is_ascii_digit()).map_or(ua.len(), |i| i + 1);
            all.push(format!("{}{copy}{}", &ua[..cut], &ua[cut..]));
        }
        copy += 1;
    }
    let mut rng = fastrand::Rng::with_seed(12);
    rng.shuffle(&mut all);
    all
}

/// Draws ranks 0..n with probability proportional to 1 / (rank + 1).
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Self {
        let mut sum = 0.0;
        let cumulative = (1..=n)
            .map(|k| {
                sum += 1.0 / k as f64;
                sum
            })
            .collect();
        Zipf { cumulative }
    }

    fn draw(&self, rng: &mut fastrand::Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(0.0);
        let x = rng.f64() * total;
        self.cumulative.partition_point(|&c| c < x).min(self.cumulative.len() - 1)
    }
}

/// The sessions as JSON lines, each with a Zipf-drawn agent and no device fact given.
fn sessions() -> Arc<[u8]> {
    let agents = agents();
    let zipf = Zipf::new(agents.len());
    let mut rng = fastrand::Rng::with_seed(2026);
    let mut writer = SessionWriter::new(Vec::new(), SessionFormat::JsonLines).unwrap();
    let mut distinct = std::collections::HashSet::new();
    for mut s in generate::sessions(2026, COUNT) {
        let rank = zipf.draw(&mut rng);
        distinct.insert(rank);
        s.device.user_agent = Some(agents[rank].clone());
        s.device.kind = None;
        s.device.os = None;
        s.device.browser = None;
        writer.write(&s).unwrap();
    }
    let bytes: Arc<[u8]> = writer.finish().unwrap().into();
    eprintln!(
        "{COUNT} sessions, {} distinct agents drawn, {} MB of JSON lines",
        distinct.len(),
        bytes.len() / 1_000_000
    );
    bytes
}

/// The demo store without the rules and segments that read a device fact.
fn without_device(ruleset: &Ruleset) -> Ruleset {
    let mut r = ruleset.clone();
    let reads_device = |debug: String| debug.contains("device.");
    r.segments.retain(|s| !reads_device(format!("{s:?}")));
    let segments: Vec<String> = r.segments.iter().map(|s| format!("{:?}", s.id)).collect();
    r.rules.retain(|rule| {
        let when = format!("{:?}", rule.when);
        !reads_device(when.clone())
            && (!when.contains("customer.segments") || segments.iter().any(|s| when.contains(s.as_str())))
    });
    r.tests.clear();
    r
}

fn bench_simulate(c: &mut Criterion) {
    let doc = load_ruleset(&Path::new(env!("CARGO_MANIFEST_DIR")).join("rulesets/demo-store.rules.ron")).unwrap();
    let demo = compile(&doc.ruleset).unwrap();
    assert!(demo.reads(id::DEVICE_TYPE), "the demo store reads device.type");
    let plain = without_device(&doc.ruleset);
    let plain = compile(&plain).unwrap_or_else(|d| panic!("{d:?}"));
    for attr in [id::DEVICE_TYPE, id::OS, id::BROWSER, id::USER_AGENT] {
        assert!(!plain.reads(attr), "the second ruleset reads no device fact");
    }
    eprintln!("demo: {} rules; without device facts: {} rules", demo.rules.len(), plain.rules.len());
    let bytes = sessions();
    let source = || {
        SessionSource::from_reader("bench.jsonl", SessionFormat::JsonLines, Box::new(Cursor::new(Arc::clone(&bytes))))
            .unwrap()
    };

    // Criterion's iterations find every agent already parsed (the cache is
    // shared and outlives a run); the first run of a process parses each
    // distinct agent once, so time that too, as `rulestudio simulate` pays it.
    let start = std::time::Instant::now();
    assert_eq!(simulate::run(&demo, source(), &Control::default()).sessions, COUNT);
    eprintln!("demo, first run (every agent parsed once): {:.2} s", start.elapsed().as_secs_f64());

    let mut group = c.benchmark_group("simulate_ua");
    group.sample_size(10).measurement_time(Duration::from_secs(60)).warm_up_time(Duration::from_secs(1));
    group.throughput(Throughput::Elements(COUNT as u64));
    for (name, compiled) in [("demo_1m_sessions_50k_agents", &demo), ("no_device_1m_sessions_50k_agents", &plain)] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let report = simulate::run(compiled, source(), &Control::default());
                assert_eq!(report.sessions, COUNT);
                black_box(report)
            });
        });
    }
    group.finish();
}

criterion_group!(benches, bench_simulate);
criterion_main!(benches);
