//! Decisions at scale with the condition index (issue 18), on the issue's
//! workload: sessions with `geo.country` (20 codes), `device.type` (given),
//! `traffic.utm_source` (15 values), `customer.segments` (each of 4 with
//! p = 1/3) and `customer.orders` (0–11); each rule is `all([country in 3–8
//! codes, device.type is d, utm_source matches "^(a|b|c)", (half the rules)
//! segments has s, (half) orders ge N])`. At 20, 200, 2,000 and 10,000 rules:
//!
//! - `index/winners_5_slots/N`: `decide` with the rules spread over 5 slots;
//! - `index/winners_5_slots_scan/N`: the same without the index
//!   (`decide_scan`, every candidate evaluated until one wins);
//! - `index/all_matches/N`: `decide_all` with one slot per rule (500 slots,
//!   the most a ruleset may have, above 500 rules), so every rule's match
//!   is settled;
//! - `index/naive_loop/N`: a plain Rust loop over the same rules as structs,
//!   counting matches: the in-process baseline;
//! - `index/winners_5_slots_new_values/N`: `decide` on sessions whose
//!   `utm_source` the index has never seen (a unique suffix per session),
//!   so the pattern automaton runs for every one (the index remembers the
//!   rules a value admits);
//! - `index/build/N`: building the index of the 5-slot ruleset;
//! - `index/facts`: facts from a session without a user agent.
//!
//! Each iteration decides 1,000 sessions; times are reported per session
//! (`index/build` per build).

// Benchmarks are not library code: a setup failure should stop the run loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use rulestudio::compile::index::RuleIndex;
use rulestudio::compile::{CompiledRuleset, compile};
use rulestudio::engine::Facts;
use rulestudio::model::*;

const SESSIONS: usize = 1000;
const COUNTRIES: [&str; 20] = [
    "US", "CA", "GB", "DE", "FR", "NO", "SE", "DK", "FI", "NL", "BE", "ES", "IT", "PT", "PL", "AU", "NZ", "JP", "BR",
    "MX",
];
const DEVICES: [DeviceType; 3] = [DeviceType::Mobile, DeviceType::Tablet, DeviceType::Desktop];
const SEGMENTS: [&str; 4] = ["vip", "news", "students", "loyalty"];

/// One rule of the workload, as plain data.
struct Plain {
    countries: Vec<&'static str>,
    device: DeviceType,
    sources: [String; 3],
    segment: Option<usize>,
    orders: Option<u32>,
}

fn source(i: usize) -> String {
    format!("src{i:02}")
}

fn plain_rules(n: usize) -> Vec<Plain> {
    let mut rng = fastrand::Rng::with_seed(18);
    (0..n)
        .map(|_| {
            let k = rng.usize(3..=8);
            let mut countries = COUNTRIES.to_vec();
            rng.shuffle(&mut countries);
            countries.truncate(k);
            Plain {
                countries,
                device: DEVICES[rng.usize(..3)],
                sources: [source(rng.usize(..15)), source(rng.usize(..15)), source(rng.usize(..15))],
                segment: rng.bool().then(|| rng.usize(..4)),
                orders: rng.bool().then(|| rng.u32(1..=11)),
            }
        })
        .collect()
}

/// The rules as a ruleset: rule `i` acts on slot `i % slots`.
fn ruleset(rules: &[Plain], slots: usize) -> CompiledRuleset {
    let mut rs = Ruleset::new("index-bench");
    rs.time_zone = "UTC".into();
    rs.slots = (0..slots)
        .map(|s| Slot {
            id: format!("slot-{s}"),
            kind: SlotKind::Content,
            default: Outcome::Content { id: "default".into() },
            description: String::new(),
        })
        .collect();
    rs.segments =
        SEGMENTS.iter().map(|s| Segment { id: (*s).into(), description: String::new(), when: None }).collect();
    rs.rules = rules
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let mut all = vec![
                Condition::pred("geo.country", Op::In(p.countries.iter().map(|c| (*c).to_owned()).collect())),
                Condition::pred("device.type", Op::Is(p.device.as_str().into())),
                Condition::pred(
                    "traffic.utm_source",
                    Op::Matches(format!("^({}|{}|{})", p.sources[0], p.sources[1], p.sources[2])),
                ),
            ];
            if let Some(s) = p.segment {
                all.push(Condition::pred("customer.segments", Op::Has(SEGMENTS[s].into())));
            }
            if let Some(n) = p.orders {
                all.push(Condition::pred("customer.orders", Op::Ge(f64::from(n))));
            }
            Rule::new(
                format!("r{i}"),
                format!("rule {i}"),
                (i % 7) as i32,
                Condition::All(all),
                vec![Action { slot: format!("slot-{}", i % slots), outcome: Outcome::Content { id: format!("c{i}") } }],
            )
        })
        .collect();
    compile(&rs).unwrap_or_else(|d| panic!("{d:?}"))
}

fn sessions() -> Vec<Session> {
    let mut rng = fastrand::Rng::with_seed(2026);
    (0..SESSIONS)
        .map(|i| {
            let mut s = Session { id: format!("s{i}"), visitor_id: Some(format!("v{i}")), ..Session::default() };
            s.geo.country = CountryCode::new(COUNTRIES[rng.usize(..20)]).ok();
            s.device.kind = Some(DEVICES[rng.usize(..3)]);
            s.traffic.utm_source = Some(source(rng.usize(..15)));
            s.traffic.channel = Channel::parse("paid_search");
            s.customer.segments = Some(SEGMENTS.iter().filter(|_| rng.u8(..3) == 0).map(|s| (*s).to_owned()).collect());
            s.customer.orders = Some(rng.u32(0..12));
            s
        })
        .collect()
}

/// The plain loop: how many rules match a session.
fn naive_matches(rules: &[Plain], s: &Session) -> usize {
    let country = s.geo.country.as_ref().map(|c| c.as_str()).unwrap_or_default();
    let device = s.device.kind;
    let source = s.traffic.utm_source.as_deref().unwrap_or_default();
    let segments = s.customer.segments.as_deref().unwrap_or_default();
    let orders = s.customer.orders.unwrap_or(0);
    rules
        .iter()
        .filter(|r| {
            r.countries.contains(&country)
                && device == Some(r.device)
                && r.sources.iter().any(|p| source.starts_with(p.as_str()))
                && r.segment.is_none_or(|k| segments.iter().any(|x| x == SEGMENTS[k]))
                && r.orders.is_none_or(|n| orders >= n)
        })
        .count()
}

fn bench_index(c: &mut Criterion) {
    let sessions = sessions();
    let mut group = c.benchmark_group("index");
    group.throughput(Throughput::Elements(SESSIONS as u64));
    for n in [20, 200, 2_000, 10_000] {
        let rules = plain_rules(n);
        let five = ruleset(&rules, 5);
        let each = ruleset(&rules, n.min(500));
        let facts5: Vec<Facts> = sessions.iter().map(|s| five.facts(s)).collect();
        let facts_each: Vec<Facts> = sessions.iter().map(|s| each.facts(s)).collect();
        // The workload is the issue's: about 0.85 % of (session, rule) pairs match,
        // and the engine agrees with the plain loop on every one.
        let matched: usize = sessions.iter().map(|s| naive_matches(&rules, s)).sum();
        let engine: usize = facts_each
            .iter()
            .map(|f| each.decide_all(f).1.iter().filter(|s| **s == rulestudio::engine::Standing::Eligible).count())
            .sum();
        assert_eq!(engine, matched, "the engine and the plain loop agree at {n} rules");
        eprintln!(
            "{n} rules: {:.2} % of pairs match, {} anchored",
            100.0 * matched as f64 / (n * SESSIONS) as f64,
            each.index.anchored()
        );
        group.bench_function(format!("winners_5_slots/{n}"), |b| {
            b.iter(|| facts5.iter().map(|f| black_box(five.decide(f)).picks.len()).sum::<usize>())
        });
        group.bench_function(format!("winners_5_slots_scan/{n}"), |b| {
            b.iter(|| facts5.iter().map(|f| black_box(five.decide_scan(f)).picks.len()).sum::<usize>())
        });
        group.bench_function(format!("all_matches/{n}"), |b| {
            b.iter(|| facts_each.iter().map(|f| black_box(each.decide_all(f)).1.len()).sum::<usize>())
        });
        group.bench_function(format!("naive_loop/{n}"), |b| {
            b.iter(|| sessions.iter().map(|s| naive_matches(&rules, black_box(s))).sum::<usize>())
        });
        let fresh = std::cell::Cell::new(0u64);
        group.bench_function(format!("winners_5_slots_new_values/{n}"), |b| {
            b.iter_batched(
                || {
                    let pass = fresh.replace(fresh.get() + 1);
                    sessions
                        .iter()
                        .map(|s| {
                            let mut s = s.clone();
                            let source = s.traffic.utm_source.take().unwrap_or_default();
                            s.traffic.utm_source = Some(format!("{source}-{pass}-{}", s.id));
                            five.facts(&s)
                        })
                        .collect::<Vec<_>>()
                },
                |facts| facts.iter().map(|f| black_box(five.decide(f)).picks.len()).sum::<usize>(),
                BatchSize::LargeInput,
            )
        });
    }
    group.throughput(Throughput::Elements(1));
    for n in [200, 10_000] {
        let five = ruleset(&plain_rules(n), 5);
        group.bench_function(format!("build/{n}"), |b| {
            b.iter(|| RuleIndex::new(black_box(&five.rules), five.segments.len()).anchored())
        });
    }
    group.throughput(Throughput::Elements(SESSIONS as u64));
    let five = ruleset(&plain_rules(200), 5);
    group.bench_function("facts", |b| {
        b.iter(|| sessions.iter().filter(|s| black_box(five.facts(s)).instant.is_none()).count())
    });
    group.finish();
}

criterion_group!(benches, bench_index);
criterion_main!(benches);
