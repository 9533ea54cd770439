//! A seeded mutation fuzzer per loader, on stable Rust: the bundled files
//! in `rulesets/` are mutated (bytes flipped, cut, repeated, spliced, and
//! tokens that once caused trouble inserted) and fed to each loader and the
//! pipeline behind it. No input may panic, and none may take long.
//!
//! By default the whole run takes about 30 s (a share per loader). For a
//! longer run set `RULESTUDIO_FUZZ_SECS` (total seconds) and optionally
//! `RULESTUDIO_FUZZ_SEED`; see the README. A failing input is written to
//! the system's temporary directory and named in the failure.

use std::io::BufRead;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use rulestudio::compile::{CompiledRuleset, compile};
use rulestudio::export::{parse_export, plan, to_json, to_ron};
use rulestudio::format::parse_ruleset;
use rulestudio::sessions::{SessionFormat, SessionSource};

use crate::support::repo;

/// Tokens worth inserting: brackets that nest, quotes that open, numbers at
/// type bounds, a byte order mark, text that is not UTF-8.
const TOKENS: &[&[u8]] = &[
    b"[",
    b"(",
    b"all([",
    b"not(",
    b"\"",
    b"\n",
    b"\r\n",
    b",",
    b"{",
    b"4294967296",
    b"-1",
    b"1e309",
    b"NaN",
    b"\xEF\xBB\xBF",
    b"\xFF\xFE",
    b"\\u0000",
    b"2026-13-45T25:61:61Z",
    b"matches(\"((((((((((a*)*)*)*)*)*)*)*)*)*\")",
    b"/*",
    b"//",
];

/// The longest any one input may take (a debug build on a busy machine).
const SLOW: Duration = Duration::from_secs(10);

struct Fuzzer {
    rng: fastrand::Rng,
    seeds: Vec<Vec<u8>>,
}

impl Fuzzer {
    fn mutate(&mut self) -> Vec<u8> {
        let mut data = self.seeds[self.rng.usize(..self.seeds.len())].clone();
        for _ in 0..self.rng.usize(1..=8) {
            let len = data.len().max(1);
            let at = self.rng.usize(..len).min(data.len());
            match self.rng.u8(..7) {
                0 if !data.is_empty() => {
                    let i = self.rng.usize(..data.len());
                    data[i] ^= 1 << self.rng.u8(..8);
                }
                1 => {
                    let end = (at + self.rng.usize(..64)).min(data.len());
                    data.drain(at..end);
                }
                2 => {
                    let token = TOKENS[self.rng.usize(..TOKENS.len())];
                    let times = if self.rng.u8(..8) == 0 { self.rng.usize(1..5000) } else { 1 };
                    let insert: Vec<u8> = token.iter().copied().cycle().take(token.len() * times).collect();
                    data.splice(at..at, insert);
                }
                3 => {
                    let end = (at + self.rng.usize(..256)).min(data.len());
                    let chunk = data[at..end].to_vec();
                    data.splice(at..at, chunk);
                }
                4 => data.truncate(at),
                5 => {
                    let other = &self.seeds[self.rng.usize(..self.seeds.len())];
                    let from = self.rng.usize(..other.len().max(1)).min(other.len());
                    let end = (from + self.rng.usize(..512)).min(other.len());
                    let chunk = other[from..end].to_vec();
                    data.splice(at..at, chunk);
                }
                _ if !data.is_empty() => {
                    let i = self.rng.usize(..data.len());
                    const BYTES: &[u8] = b"[](){}\",:\n\\ 0a";
                    data[i] = BYTES[self.rng.usize(..BYTES.len())];
                }
                _ => {}
            }
        }
        data
    }
}

fn budget() -> (Duration, u64) {
    let secs = std::env::var("RULESTUDIO_FUZZ_SECS").ok().and_then(|s| s.parse::<u64>().ok()).unwrap_or(30);
    let seed = std::env::var("RULESTUDIO_FUZZ_SEED").ok().and_then(|s| s.parse::<u64>().ok()).unwrap_or(14);
    (Duration::from_secs(secs), seed)
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(repo(path)).unwrap()
}

/// Runs `target` on mutated inputs for `time`; fails on a panic or a slow
/// input, saving it.
fn fuzz(name: &str, seeds: Vec<Vec<u8>>, time: Duration, seed: u64, target: impl Fn(&[u8])) {
    let mut fuzzer = Fuzzer { rng: fastrand::Rng::with_seed(seed), seeds };
    let started = Instant::now();
    let mut runs = 0u64;
    while started.elapsed() < time {
        let input = fuzzer.mutate();
        let one = Instant::now();
        let outcome = catch_unwind(AssertUnwindSafe(|| target(&input)));
        let took = one.elapsed();
        if outcome.is_err() || took > SLOW {
            let path = std::env::temp_dir().join(format!("rulestudio-fuzz-{name}-{seed}-{runs}.bin"));
            let _ = std::fs::write(&path, &input);
            let what = if outcome.is_err() { "panicked".to_owned() } else { format!("took {took:?}") };
            panic!("fuzz {name}: input {runs} of seed {seed} {what}; saved to {}", path.display());
        }
        runs += 1;
    }
    assert!(runs > 0, "fuzz {name} ran no input");
}

fn demo() -> CompiledRuleset {
    let text = String::from_utf8(read("rulesets/demo-store.rules.ron")).unwrap();
    compile(&parse_ruleset(&text, "demo").unwrap()).unwrap()
}

fn sessions(format: SessionFormat, bytes: &[u8], decider: &CompiledRuleset) {
    let reader: Box<dyn BufRead + Send> = Box::new(std::io::Cursor::new(bytes.to_vec()));
    let Ok(source) = SessionSource::from_reader("fuzz", format, reader) else { return };
    for session in source.flatten().take(200) {
        let facts = decider.facts(&session.1);
        let _ = decider.decide(&facts);
    }
}

#[test]
fn every_loader_survives_mutated_input() {
    let (total, seed) = budget();
    let share = total / 6;
    let rulesets = vec![read("rulesets/demo-store.rules.ron"), read("rulesets/conflicts-showcase.rules.ron")];
    fuzz("ruleset", rulesets.clone(), share, seed, |bytes| {
        let Ok(text) = std::str::from_utf8(bytes) else { return };
        if let Ok(rs) = parse_ruleset(text, "fuzz") {
            let _ = compile(&rs);
        }
    });

    let demo_text = String::from_utf8(rulesets[0].clone()).unwrap();
    let demo_rs = parse_ruleset(&demo_text, "demo").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let analysis = rulestudio::analysis::analyze(&demo_rs, &rulestudio::analysis::Options::default());
    let file = plan(&demo_rs, &analysis, dir.path(), "2026-11-21T12:00:00Z").ok().unwrap().file;
    for (name, ron, text) in
        [("export-json", false, to_json(&file).unwrap()), ("export-ron", true, to_ron(&file).unwrap())]
    {
        fuzz(name, vec![text.into_bytes()], share, seed, |bytes| {
            if let Ok(text) = std::str::from_utf8(bytes) {
                let _ = parse_export(text, "fuzz", ron);
            }
        });
    }

    let decider = demo();
    for (name, format, path) in [
        ("jsonl", SessionFormat::JsonLines, "rulesets/sessions/demo-sessions.jsonl"),
        ("csv", SessionFormat::Csv, "rulesets/sessions/demo-sessions.csv"),
        ("ron-sessions", SessionFormat::Ron, "rulesets/sessions/demo-sessions.ron"),
    ] {
        fuzz(name, vec![read(path)], share, seed, |bytes| sessions(format, bytes, &decider));
    }
}
