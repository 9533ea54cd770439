//! Measurement against holdouts (SPEC §11): outcomes in every session
//! format and in an outcomes file, the generator's known effects recovered
//! on the demo store, the CLI's formats, and properties of the statistics.

use std::io::Cursor;
use std::sync::OnceLock;

use proptest::prelude::*;
use rulestudio::analysis::Code;
use rulestudio::compile::{CompiledRuleset, compile};
use rulestudio::format::parse_ruleset;
use rulestudio::generate::{SessionWriter, sessions_with_outcomes};
use rulestudio::sessions::{SessionFormat, SessionSource};
use rulestudio::simulate::Control;
use rulestudio::simulate::measure::stats::{Kind, Moments, benjamini_hochberg, compare};
use rulestudio::simulate::measure::{Audience, Effect, Metric, Options, Outcomes, Report, Verdict, measure};

use super::support::{demo_text, run, text, write};

/// Sessions generated with outcomes for the demo store (seed 1).
const GENERATED: usize = 100_000;

fn demo() -> CompiledRuleset {
    compile(&parse_ruleset(&demo_text(), "demo-store.rules.ron").unwrap()).unwrap()
}

/// The generated sessions as JSON lines, made once for every test.
fn generated() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        let compiled = demo();
        let mut w = SessionWriter::with_outcomes(Vec::new(), SessionFormat::JsonLines, &["pages"]).unwrap();
        for s in sessions_with_outcomes(&compiled, 1, GENERATED) {
            w.write(&s).unwrap();
        }
        String::from_utf8(w.finish().unwrap()).unwrap()
    })
}

fn source(name: &str, format: SessionFormat, text: &str) -> SessionSource {
    SessionSource::from_reader(name, format, Box::new(Cursor::new(text.to_owned().into_bytes()))).unwrap()
}

fn measure_text(compiled: &CompiledRuleset, format: SessionFormat, text: &str, options: &Options) -> Report {
    measure(compiled, source("s", format, text), None, options, &Control::default())
}

fn overall<'a>(report: &'a Report, rule: &str) -> &'a Effect {
    report.overall().find(|e| e.rule == rule).unwrap_or_else(|| panic!("no effect for {rule}: {report:#?}"))
}

#[test]
fn the_generators_known_effects_are_recovered() {
    let compiled = demo();
    let report = measure_text(&compiled, SessionFormat::JsonLines, generated(), &Options::default());
    assert_eq!(report.error_count, 0);
    assert_eq!(report.missing_count, 0);
    assert_eq!(report.with_outcome, report.sessions);
    let helps = overall(&report, "mobile-compact-layout");
    assert_eq!(helps.verdict, Verdict::Helps, "{helps:#?}");
    let rel = helps.relative.unwrap();
    assert!(rel.ci_low < 0.25 && 0.25 < rel.ci_high, "the true +25 % is inside {rel:?}");
    let hurts = overall(&report, "ios-app-banner");
    assert_eq!(hurts.verdict, Verdict::Hurts, "{hurts:#?}");
    let rel = hurts.relative.unwrap();
    assert!(rel.ci_low < -0.30 && -0.30 < rel.ci_high, "the true -30 % is inside {rel:?}");
    let none = overall(&report, "new-visitor-welcome");
    assert_eq!(none.verdict, Verdict::Inconclusive, "{none:#?}");
    assert!(none.explain(&Metric::Converted).contains("more sessions needed to detect a 5 % change"));
    let broken = overall(&report, "lapsed-winback");
    assert_eq!(broken.verdict, Verdict::BrokenRandomisation, "{broken:#?}");
    assert!(broken.srm.flagged && broken.srm.observed < 0.08 && broken.srm.expected == 0.1, "{:?}", broken.srm);
    // Healthy holdouts show no mismatch.
    for e in [helps, hurts, none] {
        assert!(!e.srm.flagged, "{e:#?}");
        assert!((e.srm.observed - 0.2).abs() < 0.01, "{e:#?}");
    }
    // The warning of check and health.
    let warnings = rulestudio::simulate::measure::hurts_diagnostics(&report.effects, &Metric::Converted, &compiled);
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].code, Code::RuleHurts);
    assert_eq!(warnings[0].rules, ["ios-app-banner"]);
    assert_eq!(warnings[0].path.to_string(), "rules[30].holdout_percent");
    assert!(
        warnings[0]
            .message
            .starts_with("measured against its holdout on slot `promo.banner`, the rule hurts `converted`: -")
    );
}

#[test]
fn by_audience_with_the_top_n_and_adjusted_p_values() {
    let compiled = demo();
    let options = Options { metric: Metric::Revenue, by: Some(Audience::Device), top: 2 };
    let report = measure_text(&compiled, SessionFormat::JsonLines, generated(), &options);
    assert_eq!(report.metric, "revenue");
    let layout: Vec<&Effect> = report.effects.iter().filter(|e| e.rule == "mobile-compact-layout").collect();
    assert_eq!(layout[0].audience, None);
    let audiences: Vec<&str> = layout[1..].iter().filter_map(|e| e.audience.as_deref()).collect();
    assert_eq!(audiences, ["mobile"], "the rule is for phones only");
    for e in &report.effects {
        assert!(e.p_adjusted >= e.p_value && e.p_adjusted <= 1.0, "{e:#?}");
        assert!(report.effects.iter().filter(|x| x.rule == e.rule && x.audience.is_some()).count() <= 2);
    }
    let segments = Options { by: Some(Audience::Segment), ..Options::default() };
    let report = measure_text(&compiled, SessionFormat::JsonLines, generated(), &segments);
    assert!(report.effects.iter().any(|e| e.rule == "lapsed-winback" && e.audience.as_deref() == Some("lapsed")));
}

const RULESET: &str = r#"(name: "shop", time_zone: "UTC",
  slots: [(id: "hero", kind: content, default: content(id: "generic"))],
  rules: [(id: "half", name: "Half", priority: 1, when: all([]), holdout_percent: 50,
           then: [(slot: "hero", outcome: content(id: "new"))])])"#;

fn shop() -> CompiledRuleset {
    compile(&parse_ruleset(RULESET, "shop.rules.ron").unwrap()).unwrap()
}

#[test]
fn outcomes_read_alike_in_every_format_and_from_an_outcomes_file() {
    let compiled = shop();
    let jsonl = "{\"id\":\"a\",\"outcome\":{\"converted\":true,\"revenue\":20.5,\"metrics\":{\"pages\":3}}}\n\
                 {\"id\":\"b\",\"outcome\":{\"converted\":false,\"revenue\":0,\"metrics\":{\"pages\":1}}}\n\
                 {\"id\":\"c\",\"outcome\":{\"converted\":true,\"revenue\":7,\"metrics\":{\"pages\":2}}}\n";
    let csv = "id,outcome.converted,outcome.revenue,outcome.metrics.pages\na,true,20.5,3\nb,0,0,1\nc,1,7,2\n";
    let ron = "[(id: \"a\", outcome: (converted: true, revenue: 20.5, metrics: {\"pages\": 3.0})),\n\
                (id: \"b\", outcome: (converted: false, revenue: 0.0, metrics: {\"pages\": 1.0})),\n\
                (id: \"c\", outcome: (converted: true, revenue: 7.0, metrics: {\"pages\": 2.0}))]";
    for metric in [Metric::Converted, Metric::Revenue, Metric::Named("pages".into())] {
        let options = Options { metric, ..Options::default() };
        let a = measure_text(&compiled, SessionFormat::JsonLines, jsonl, &options);
        let b = measure_text(&compiled, SessionFormat::Csv, csv, &options);
        let c = measure_text(&compiled, SessionFormat::Ron, ron, &options);
        assert_eq!(a.with_outcome, 3);
        assert_eq!(a.effects, b.effects);
        assert_eq!(a.effects, c.effects);
        let bare = "{\"id\":\"a\"}\n{\"id\":\"b\"}\n{\"id\":\"c\"}\n";
        let outcomes = Outcomes::read(
            "o.csv",
            SessionFormat::Csv,
            Cursor::new("id,converted,revenue,metrics.pages\na,true,20.5,3\nb,false,0,1\nc,true,7,2\n"),
        )
        .unwrap();
        let d = measure(
            &compiled,
            source("s", SessionFormat::JsonLines, bare),
            Some(&outcomes),
            &options,
            &Control::default(),
        );
        assert_eq!(a.effects, d.effects);
    }
}

#[test]
fn missing_and_bad_outcomes_are_reported_at_their_position() {
    let compiled = shop();
    let jsonl = "{\"id\":\"a\",\"outcome\":{\"converted\":true}}\n{\"id\":\"b\",\"outcome\":{\"revenue\":3}}\n{\"id\":\"c\"}\n\
                 {\"id\":\"d\",\"outcome\":{\"revenue\":-1}}\n";
    let report = measure_text(&compiled, SessionFormat::JsonLines, jsonl, &Options::default());
    assert_eq!((report.sessions, report.with_outcome, report.missing_count, report.error_count), (3, 1, 2, 1));
    assert_eq!(
        (report.missing[0].line, report.missing[0].message.as_str()),
        (2, "session `b` has no `converted` in its outcome; it is left out of the comparison")
    );
    assert_eq!(report.missing[1].line, 3);
    assert_eq!(report.errors[0].line, 4);
    assert!(report.errors[0].message.contains("at least 0"), "{:?}", report.errors);
    let csv = "id,outcome.converted\na,yes\n";
    let report = measure_text(&compiled, SessionFormat::Csv, csv, &Options::default());
    assert_eq!((report.errors[0].line, report.errors[0].column), (2, 3));
    assert!(report.errors[0].message.contains("`yes` is not true or false"), "{:?}", report.errors);
    let ron = "[(id: \"a\", outcome: (metrics: {\"pages\": inf}))]";
    let report = measure_text(&compiled, SessionFormat::Ron, ron, &Options::default());
    assert_eq!(report.error_count, 1, "{report:#?}");
    assert!(report.errors[0].message.contains("finite"), "{:?}", report.errors);
    let e = Outcomes::read(
        "o.jsonl",
        SessionFormat::JsonLines,
        Cursor::new("{\"id\":\"a\"}\n{\"id\":\"b\",\"converted\":\"yes\"}\n"),
    )
    .unwrap_err();
    assert_eq!(e.position().map(|p| p.line), Some(2));
    assert!(e.to_string().starts_with("o.jsonl:2:"), "{e}");
}

#[test]
fn the_cli_prints_text_json_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.jsonl");
    let out = run(
        &["generate", "sessions", "--outcomes", "--count", "3000", "--seed", "4", "--out", path.to_str().unwrap()],
        None,
    );
    assert!(out.status.success(), "{:?}", text(&out));
    let sessions = path.to_str().unwrap();
    let demo = "rulesets/demo-store.rules.ron";
    let out = run(&["measure", demo, "--sessions", sessions], None);
    let (stdout, _) = text(&out);
    assert!(out.status.success());
    assert!(stdout.contains("mobile-compact-layout on layout"), "{stdout}");
    let out = run(
        &["measure", demo, "--sessions", sessions, "--format", "json", "--by", "country", "--metric", "revenue"],
        None,
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["metric"], "revenue");
    assert_eq!(json["by"], "country");
    assert!(json["effects"].as_array().unwrap().iter().any(|e| e["audience"].is_string()));
    let out = run(&["measure", demo, "--sessions", sessions, "--format", "csv", "--metric", "pages"], None);
    let (stdout, _) = text(&out);
    let mut lines = stdout.lines();
    let header = lines.next().unwrap();
    assert!(header.starts_with("rule,slot,audience,holdout_percent,"), "{header}");
    let columns = header.split(',').count();
    assert!(lines.all(|l| l.split(',').count() == columns));
    // Bad outcomes files are refused with their position.
    let bad = write(dir.path(), "o.csv", b"id,converted\ns-000001,maybe\n");
    let out = run(&["measure", demo, "--sessions", sessions, "--outcomes", bad.to_str().unwrap()], None);
    let (_, stderr) = text(&out);
    assert!(!out.status.success());
    assert!(stderr.contains("o.csv:2:10: column `converted`: `maybe` is not true or false"), "{stderr}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn intervals_contain_their_estimates_and_p_values_are_probabilities(
        t in proptest::collection::vec(0.0f64..500.0, 0..60),
        c in proptest::collection::vec(0.0f64..500.0, 0..60),
        bits in proptest::collection::vec(any::<bool>(), 0..200),
        split in 0usize..200,
    ) {
        let moments = |v: &[f64]| { let mut m = Moments::default(); v.iter().for_each(|x| m.add(*x)); m };
        let ones: Vec<f64> = bits.iter().map(|b| if *b { 1.0 } else { 0.0 }).collect();
        let split = split.min(ones.len());
        for (kind, a, b) in [(Kind::Mean, moments(&t), moments(&c)), (Kind::Proportion, moments(&ones[..split]), moments(&ones[split..]))] {
            let r = compare(kind, &a, &b);
            prop_assert!((0.0..=1.0).contains(&r.p_value));
            for arm in [r.treatment, r.control] {
                prop_assert!(arm.ci_low <= arm.mean + 1e-9 && arm.mean <= arm.ci_high + 1e-9, "{arm:?}");
            }
            prop_assert!(r.uplift.ci_low <= r.uplift.estimate + 1e-9 && r.uplift.estimate <= r.uplift.ci_high + 1e-9);
            if let Some(rel) = r.relative {
                prop_assert!(rel.ci_low <= rel.estimate + 1e-9 && rel.estimate <= rel.ci_high + 1e-9);
            }
        }
    }

    #[test]
    fn benjamini_hochberg_is_monotone_and_never_below_p(p in proptest::collection::vec(0.0f64..=1.0, 0..40)) {
        let adjusted = benjamini_hochberg(&p);
        prop_assert_eq!(adjusted.len(), p.len());
        for i in 0..p.len() {
            prop_assert!(adjusted[i] >= p[i] - 1e-12 && adjusted[i] <= 1.0);
            for j in 0..p.len() {
                if p[i] <= p[j] {
                    prop_assert!(adjusted[i] <= adjusted[j] + 1e-12);
                }
            }
        }
    }
}

/// `health` and `check --sessions` warn about the rule that hurts, from the
/// outcomes in the sample (issue 16 asks health for it).
#[test]
fn health_and_check_name_the_rule_that_hurts() {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), "outcomes.jsonl", generated().as_bytes());
    let sessions = path.to_str().unwrap();
    let demo = "rulesets/demo-store.rules.ron";
    let out = run(&["health", demo, "--sessions", sessions], None);
    let (stdout, stderr) = text(&out);
    assert!(out.status.success(), "{stderr}");
    assert!(stdout.contains("rule-hurts"), "{stdout}");
    assert!(stdout.contains("the rule hurts `converted`"), "{stdout}");
    let out = run(&["check", demo, "--sessions", sessions], None);
    let (stdout, stderr) = text(&out);
    let all = format!("{stdout}{stderr}");
    assert!(all.contains("warning[rule-hurts]"), "{all}");
    assert!(all.contains("ios-app-banner"), "{all}");
}
