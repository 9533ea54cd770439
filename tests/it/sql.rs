//! SQL (SPEC §13): the queries of every dialect against golden files,
//! refusals with their place in the file, and, with the `duckdb` feature,
//! parity: the DuckDB query decides every session as the engine does, over
//! the demo sessions and 100,000 generated ones, read from JSON lines, CSV
//! and Parquet, and counts the same report.

use rulestudio::format::load_ruleset;
use rulestudio::model::Ruleset;
use rulestudio::sql::{Columns, Dialect, Options, SqlError, generate};

use crate::support::repo;

fn ruleset(path: &str) -> Ruleset {
    load_ruleset(&repo(path)).unwrap().ruleset
}

/// The rulesets whose queries are kept as golden files.
const GOLDEN: &[(&str, &str)] =
    &[("demo-store", "rulesets/demo-store.rules.ron"), ("sql-parity", "tests/data/sql-parity.rules.ron")];

/// Each dialect's decisions and report queries are the golden files
/// (`UPDATE_GOLDEN=1` writes them); a change to the generator shows there
/// as a reviewable diff of SQL.
#[test]
fn queries_match_the_golden_files() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut stale = Vec::new();
    for (name, path) in GOLDEN {
        let r = ruleset(path);
        for d in Dialect::ALL {
            for report in [false, true] {
                let options = Options { report, ..Options::new(d) };
                let sql = generate(&r, &options).unwrap().sql;
                let file =
                    repo(&format!("tests/golden/sql/{name}.{}{}.sql", d.name(), if report { ".report" } else { "" }));
                if update {
                    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
                    std::fs::write(&file, &sql).unwrap();
                } else if std::fs::read_to_string(&file).ok().as_deref() != Some(sql.as_str()) {
                    stale.push(file.display().to_string());
                }
            }
        }
    }
    assert!(stale.is_empty(), "differ from the generator (UPDATE_GOLDEN=1 to accept): {stale:#?}");
}

/// Every bundled ruleset without errors compiles to every dialect.
#[test]
fn bundled_rulesets_compile_to_every_dialect() {
    for entry in std::fs::read_dir(repo("rulesets")).unwrap() {
        let path = entry.unwrap().path();
        if !path.to_string_lossy().ends_with(".rules.ron") {
            continue;
        }
        let r = load_ruleset(&path).unwrap().ruleset;
        for d in Dialect::ALL {
            match generate(&r, &Options::new(d)) {
                Ok(sql) => assert!(sql.query.starts_with("WITH"), "{}", path.display()),
                Err(SqlError::Invalid(_)) => {}
                Err(SqlError::Refused(r)) => panic!("{} in {d}: {r:?}", path.display()),
            }
        }
    }
}

/// A mapping moves fields to the user's columns and leaves absent ones out.
#[test]
fn a_column_mapping_reads_the_users_table() {
    let r = ruleset("rulesets/demo-store.rules.ron");
    let columns =
        Columns::from_table("`shop.ga4.sessions`").with("geo.country", Some("country_code")).with("device.type", None);
    let sql = generate(&r, &Options { columns, ..Options::new(Dialect::Bigquery) }).unwrap().query;
    assert!(sql.contains("FROM `shop.ga4.sessions`"));
    assert!(sql.contains("UPPER(regexp_replace(CAST(country_code AS STRING)"), "{sql}");
    assert!(sql.contains("CAST(NULL AS STRING) AS f_device_type"));
}

/// The worked GA4 example of docs/SQL.md loads and compiles the demo.
#[test]
fn the_ga4_mapping_compiles_the_demo() {
    let columns = Columns::load(&repo("docs/sql/ga4-bigquery.columns.ron")).unwrap();
    let r = ruleset("rulesets/demo-store.rules.ron");
    let sql = generate(&r, &Options { columns, ..Options::new(Dialect::Bigquery) }).unwrap().query;
    assert!(sql.contains("WHERE event_name = 'session_start'"));
    assert!(sql.contains("TIMESTAMP_MICROS(event_timestamp)"));
    assert!(sql.contains("CAST(LOWER(device.category) AS STRING) AS f_device_type"), "{sql}");
}

#[cfg(feature = "cli")]
mod cli {
    use crate::support::{run, text, write};

    /// What a dialect cannot say is refused at its place in the file.
    #[test]
    fn refusals_name_the_file_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let src = r#"(name: "b", time_zone: "UTC",
  slots: [(id: "home.hero", kind: content, default: content(id: "x"))],
  rules: [(id: "sale", name: "Sale", priority: 1,
    when: pred(attr: "traffic.landing_page", op: matches(r"sale\b")),
    then: [(slot: "home.hero", outcome: content(id: "y"))])])"#;
        let path = write(dir.path(), "b.rules.ron", src.as_bytes());
        let p = path.to_str().unwrap();
        let out = run(&["sql", p, "--dialect", "postgres"], None);
        let (stdout, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stdout.is_empty());
        assert!(
            stderr.starts_with(&format!("{p}:4:58: error[sql-untranslatable]: rule `sale`, rules[0].when.op, pattern position 5: a word boundary means something else in postgres")),
            "{stderr}"
        );
        assert!(stderr.contains("1 field cannot be written in postgres SQL"), "{stderr}");
        let ok = run(&["sql", p, "--dialect", "spark"], None);
        assert_eq!(ok.status.code(), Some(1));
        let out = run(&["sql", p, "--dialect", "duckdb"], None);
        assert!(text(&out).1.contains("(?-u:\\b)"), "DuckDB's refusal suggests the ASCII boundary");
    }

    #[test]
    fn mappings_and_reports_from_the_command_line() {
        let dir = tempfile::tempdir().unwrap();
        let map = write(dir.path(), "map.ron", b"(table: \"shop.sessions\", columns: {\n  \"geo.contry\": \"c\",\n})");
        let m = map.to_str().unwrap();
        let out = run(&["sql", "rulesets/demo-store.rules.ron", "--dialect", "snowflake", "--columns", m], None);
        assert_eq!(out.status.code(), Some(1));
        assert!(text(&out).1.contains(&format!("{m}:2:3: `geo.contry` is not a session field")), "{}", text(&out).1);
        let map = write(dir.path(), "ok.ron", b"(table: \"shop.sessions\", columns: {\"geo.country\": \"country\"})");
        let out = run(
            &[
                "sql",
                "rulesets/demo-store.rules.ron",
                "--dialect",
                "snowflake",
                "--columns",
                map.to_str().unwrap(),
                "--report",
            ],
            None,
        );
        let (stdout, stderr) = text(&out);
        assert!(out.status.success(), "{stderr}");
        assert!(
            stdout.contains("FROM shop.sessions")
                && stdout.contains("CREATE OR REPLACE TEMPORARY FUNCTION rulestudio_murmur3")
        );
        assert!(stdout.contains("ORDER BY section, subject, winner, other;"));
    }
}

#[cfg(feature = "duckdb")]
mod parity {
    use std::collections::BTreeMap;
    use std::path::Path;

    use rulestudio::compile::{CompiledRuleset, compile};
    use rulestudio::generate::{SessionFormat, SessionWriter, sessions};
    use rulestudio::model::Session;
    use rulestudio::sessions::{SessionSource, read_all};
    use rulestudio::simulate::{Control, Report};
    use rulestudio::sql::embedded::{self, Decided};

    use super::ruleset;
    use crate::support::repo;

    /// The engine's decision of each session, as the SQL reports them.
    fn engine(c: &CompiledRuleset, sessions: &[Session]) -> Vec<Decided> {
        let mut out: Vec<Decided> = sessions
            .iter()
            .map(|s| {
                let decision = c.decide(&c.facts(s));
                let picks = decision
                    .picks
                    .iter()
                    .enumerate()
                    .map(|(slot, pick)| {
                        (c.outcome(slot, pick).to_string(), pick.rule.map(|r| c.rules[r as usize].id.clone()))
                    })
                    .collect();
                (s.id.clone(), picks)
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        out
    }

    /// The first sessions where two lists of decisions differ.
    fn differences(engine: &[Decided], sql: &[Decided]) -> Vec<String> {
        let sql: BTreeMap<&str, &Vec<(String, Option<String>)>> = sql.iter().map(|(id, p)| (id.as_str(), p)).collect();
        let mut out = Vec::new();
        if engine.len() != sql.len() {
            out.push(format!("{} sessions in the engine, {} in SQL", engine.len(), sql.len()));
        }
        for (id, picks) in engine {
            if sql.get(id.as_str()) != Some(&picks) {
                out.push(format!("{id}: engine {picks:?}, SQL {:?}", sql.get(id.as_str())));
            }
            if out.len() >= 5 {
                break;
            }
        }
        out
    }

    fn same_decisions(c: &CompiledRuleset, sessions: &[Session], glob: &Path) {
        let sql = embedded::decisions(c, glob.to_str().unwrap()).unwrap();
        let diff = differences(&engine(c, sessions), &sql);
        assert!(diff.is_empty(), "{} over {}: {diff:#?}", c.name, glob.display());
    }

    fn without_examples(mut r: Report) -> Report {
        r.unpersonalised_examples.clear();
        r.ties.iter_mut().for_each(|t| t.examples.clear());
        r
    }

    fn same_report(c: &CompiledRuleset, file: &Path) {
        let source = SessionSource::open(file).unwrap();
        let engine = without_examples(rulestudio::simulate::run(c, source, &Control::default()));
        let sql = embedded::report(c, file.to_str().unwrap(), None, None).unwrap();
        assert_eq!(engine, sql, "{} over {}", c.name, file.display());
    }

    fn compiled(path: &str) -> CompiledRuleset {
        compile(&ruleset(path)).unwrap()
    }

    /// The demo store over its own sessions, from JSON lines and CSV.
    #[test]
    fn the_demo_decides_alike() {
        let c = compiled("rulesets/demo-store.rules.ron");
        for file in ["rulesets/sessions/demo-sessions.jsonl", "rulesets/sessions/demo-sessions.csv"] {
            let path = repo(file);
            same_decisions(&c, &read_all(&path).unwrap(), &path);
            same_report(&c, &path);
        }
    }

    /// 100,000 generated sessions (holdouts, regexes, lists, absent
    /// attributes, schedules in a time zone with DST, derived channel,
    /// referrer host and device) decide alike from JSON lines, from CSV and
    /// from Parquet written by DuckDB in the flattened schema, for the
    /// parity ruleset and the demo store.
    #[test]
    fn generated_sessions_decide_alike_in_every_format() {
        let dir = tempfile::tempdir().unwrap();
        let all: Vec<Session> = sessions(2026, 100_000).collect();
        let jsonl = dir.path().join("sessions.jsonl");
        let csv = dir.path().join("sessions.csv");
        for (path, format) in [(&jsonl, SessionFormat::JsonLines), (&csv, SessionFormat::Csv)] {
            let mut w =
                SessionWriter::new(std::io::BufWriter::new(std::fs::File::create(path).unwrap()), format).unwrap();
            all.iter().for_each(|s| w.write(s).unwrap());
            w.finish().unwrap();
        }
        let parity = compiled("tests/data/sql-parity.rules.ron");
        let demo = compiled("rulesets/demo-store.rules.ron");
        // Parquet in the flattened schema, as DuckDB writes it from the JSON lines.
        let parquet = dir.path().join("sessions.parquet");
        embedded::write_parquet(&jsonl, &parquet, &parity).unwrap();
        let read_back = read_all(&jsonl).unwrap();
        assert_eq!(read_back.len(), all.len());
        for c in [&parity, &demo] {
            same_decisions(c, &read_back, &jsonl);
        }
        same_decisions(&parity, &read_back, &csv);
        same_decisions(&parity, &read_back, &parquet);
        same_report(&parity, &jsonl);
        // The sessions exercise what the ruleset tests: every rule applies
        // but the fully held-out one, the disabled one and the one that only
        // ties (file order gives its sessions to `big-cart`), holdouts hold
        // visitors out, and equal priorities tie.
        let report = rulestudio::simulate::run(&parity, SessionSource::open(&jsonl).unwrap(), &Control::default());
        for r in &report.rules {
            let idle = ["held-all", "off", "big-cart-tie"].contains(&r.rule.as_str());
            assert_eq!(r.applied == 0, idle, "{} applied {} times", r.rule, r.applied);
        }
        assert!(report.rules.iter().filter(|r| r.held_out > 0).count() >= 4);
        assert!(report.ties.len() >= 3, "{:?}", report.ties);
    }
}
