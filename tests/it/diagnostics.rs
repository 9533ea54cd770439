//! One case per diagnostic code, with the exact rule ids, field and message
//! (cases as data), plus the showcase ruleset that exhibits every code of
//! SPEC §5 at once.

use rulestudio::analysis::{Certainty, Code, Diagnostic, Options, analyze};
use rulestudio::format::{load_ruleset, parse_ruleset};

use crate::support::repo;

/// Builds a ruleset from rule, segment and extra text.
fn ruleset(rules: &str, segments: &str, extra: &str) -> String {
    format!(
        r#"(
    name: "t", time_zone: "Europe/Oslo",
    slots: [
        (id: "hero", kind: content, default: content(id: "d")),
        (id: "layout", kind: variant(options: ["grid", "list"]), default: variant(option: "grid")),
    ],
    segments: [(id: "vip", when: pred(attr: "customer.orders", op: ge(3))), {segments}],
    rules: [
        (id: "base", name: "uses both slots and vip", priority: 1,
         when: pred(attr: "customer.segments", op: has("vip")),
         then: [(slot: "hero", outcome: content(id: "b")), (slot: "layout", outcome: variant(option: "list"))]),
        {rules}
    ],
    {extra}
)"#
    )
}

fn rule(id: &str, priority: i32, when: &str, then: &str) -> String {
    format!(r#"(id: "{id}", name: "{id}", priority: {priority}, when: {when}, then: [{then}]),"#)
}

const HERO: &str = r#"(slot: "hero", outcome: content(id: "x"))"#;
const HERO_Y: &str = r#"(slot: "hero", outcome: content(id: "y"))"#;

struct Case {
    source: String,
    code: Code,
    rules: &'static [&'static str],
    path: &'static str,
    message: &'static str,
}

fn cases() -> Vec<Case> {
    let r = |when: &str| ruleset(&rule("r", 5, when, HERO), "", "");
    let with_then = |then: &str| ruleset(&rule("r", 5, "all([])", then), "", "");
    vec![
        Case {
            source: r(r#"pred(attr: "device.user_agent", op: matches("iPhone("))"#),
            code: Code::InvalidRegex,
            rules: &["r"],
            path: "rules[1].when.op",
            message: "pattern `iPhone(` is not a valid regex at position 7: unclosed group",
        },
        Case {
            source: r(r#"pred(attr: "device.user_agent", op: matches("\\w{1000}\\w{1000}"))"#),
            code: Code::RegexTooLarge,
            rules: &["r"],
            path: "rules[1].when.op",
            message: r"pattern `\w{1000}\w{1000}` is refused: pattern compiles to more than 1048576 bytes",
        },
        Case {
            source: with_then(r#"(slot: "heroo", outcome: content(id: "x"))"#),
            code: Code::UnknownSlot,
            rules: &["r"],
            path: "rules[1].then[0].slot",
            message: "there is no slot `heroo`; slots are: hero, layout",
        },
        Case {
            source: r(r#"pred(attr: "customer.segments", op: has_any(["vip", "gold"]))"#),
            code: Code::UnknownSegment,
            rules: &["r"],
            path: "rules[1].when.op[1]",
            message: "there is no segment `gold`; segments are: vip",
        },
        Case {
            source: r(r#"pred(attr: "attributes.tier", op: is("gold"))"#),
            code: Code::UnknownAttribute,
            rules: &["r"],
            path: "rules[1].when.attr",
            message: "custom attribute `tier` is not declared; add it to the ruleset's `attributes` with its type",
        },
        Case {
            source: r(r#"pred(attr: "customer.orders", op: is("3"))"#),
            code: Code::OperatorMismatch,
            rules: &["r"],
            path: "rules[1].when.op",
            message: "`is` cannot test number `customer.orders`; it accepts: lt, le, gt, ge, between, exists, missing",
        },
        Case {
            source: r(r#"pred(attr: "geo.country", op: is("ca"))"#),
            code: Code::UnknownCountry,
            rules: &["r"],
            path: "rules[1].when.op",
            message: "`ca` is not an ISO 3166-1 alpha-2 country code (write `CA` in upper case)",
        },
        Case {
            source: r(r#"pred(attr: "geo.region", op: is("ON"))"#),
            code: Code::UnknownRegion,
            rules: &["r"],
            path: "rules[1].when.op",
            message: "`ON` is not an ISO 3166-2 region code (e.g. `CA-ON`)",
        },
        Case {
            source: r(r#"pred(attr: "traffic.channel", op: is("social"))"#),
            code: Code::UnknownValue,
            rules: &["r"],
            path: "rules[1].when.op",
            message: "`social` is not a channel; choose one of: direct, organic_search, paid_search, organic_social, paid_social, email, affiliate, display, referral, other, paid_shopping, paid_video, paid_other, organic_shopping, organic_video, cross_network, audio, sms, mobile_push",
        },
        Case {
            source: ruleset(&format!("{}{}", rule("r", 5, "all([])", HERO), rule("r", 6, "all([])", HERO)), "", ""),
            code: Code::DuplicateId,
            rules: &["r"],
            path: "rules[2].id",
            message: "rule id `r` is already used by rule #2",
        },
        Case {
            source: ruleset(&rule("winter sale", 5, "all([])", HERO), "", ""),
            code: Code::InvalidId,
            rules: &["winter sale"],
            path: "rules[1].id",
            message: "rule id `winter sale` must start with a letter or digit and contain only letters, digits, `-`, `_` and `.`",
        },
        Case {
            source: r(r#"pred(attr: "cart.categories", op: has_any([]))"#),
            code: Code::EmptyValueList,
            rules: &["r"],
            path: "rules[1].when.op",
            message: "`has_any` needs at least one value",
        },
        Case {
            source: with_then(r#"(slot: "layout", outcome: variant(option: "carousel"))"#),
            code: Code::OptionNotAllowed,
            rules: &["r"],
            path: "rules[1].then[0].outcome.option",
            message: "slot `layout` does not offer option `carousel`; it offers: grid, list",
        },
        Case {
            source: with_then(r#"(slot: "layout", outcome: content(id: "x"))"#),
            code: Code::OutcomeKindMismatch,
            rules: &["r"],
            path: "rules[1].then[0].outcome",
            message: "slot `layout` is a variant slot but the outcome is content (content x)",
        },
        Case {
            source: with_then(&format!("{HERO}, {HERO_Y}")),
            code: Code::DuplicateAction,
            rules: &["r"],
            path: "rules[1].then[1].slot",
            message: "the rule already acts on slot `hero`",
        },
        Case {
            source: with_then(""),
            code: Code::NoActions,
            rules: &["r"],
            path: "rules[1].then",
            message: "the rule acts on no slot; add an action",
        },
        Case {
            source: ruleset(&rule("r", 5, "all([])", HERO), "", "").replace(r#"time_zone: "Europe/Oslo""#, r#"time_zone: "Europe/Olso""#),
            code: Code::InvalidTimeZone,
            rules: &[],
            path: "time_zone",
            message: "`Europe/Olso` is not an IANA time zone name (e.g. `Europe/Oslo`)",
        },
        Case {
            source: ruleset(
                r#"(id: "r", name: "r", priority: 5, when: all([]), then: [(slot: "hero", outcome: content(id: "x"))],
                   schedule: (hours: (from: 9, to: 9))),"#,
                "",
                "",
            ),
            code: Code::InvalidSchedule,
            rules: &["r"],
            path: "rules[1].schedule.hours",
            message: "hour window 9–9 is impossible: `from` must be 0–23, `to` 1–24, and they must differ",
        },
        Case {
            source: ruleset(
                r#"(id: "r", name: "r", priority: 5, when: all([]), then: [(slot: "hero", outcome: content(id: "x"))], holdout_percent: 101),"#,
                "",
                "",
            ),
            code: Code::InvalidHoldout,
            rules: &["r"],
            path: "rules[1].holdout_percent",
            message: "holdout is 101 %; it must be between 0 and 100",
        },
        Case {
            source: r(r#"pred(attr: "cart.value", op: between(100, 50))"#),
            code: Code::InvalidNumber,
            rules: &["r"],
            path: "rules[1].when.op",
            message: "the range 100 to 50 is reversed; write the smaller bound first",
        },
        Case {
            source: ruleset(&rule("r", 5, "all([])", HERO), r#"(id: "vip2", when: pred(attr: "customer.segments", op: has("vip")))"#, ""),
            code: Code::SegmentInSegment,
            rules: &[],
            path: "segments[1].when.attr",
            message: "a segment's condition cannot test `customer.segments`",
        },
        Case {
            source: r(&format!("{}{}{}", "not(".repeat(33), r#"pred(attr: "geo.country", op: is("CA"))"#, ")".repeat(33))),
            code: Code::LimitExceeded,
            rules: &["r"],
            path: "rules[1].when",
            message: "the condition is nested 34 levels deep; the limit is 32 levels",
        },
        Case {
            source: r(r#"all([pred(attr: "geo.country", op: is("CA")), pred(attr: "time.hour", op: between(9, 11)), pred(attr: "time.hour", op: gt(12))])"#),
            code: Code::DeadRule,
            rules: &["r"],
            path: "rules[1].when",
            message: "this rule can never apply: `time.hour between 9 and 11` and `time.hour gt 12` cannot all hold for one session",
        },
        Case {
            source: ruleset(
                &format!(
                    "{}{}",
                    rule("ca", 5, r#"pred(attr: "geo.country", op: is("CA"))"#, HERO),
                    rule("mobile", 5, r#"pred(attr: "device.type", op: is("mobile"))"#, HERO_Y)
                ),
                "",
                "",
            ),
            code: Code::Ambiguity,
            rules: &["mobile", "ca"],
            path: "rules[2].priority",
            message: "`mobile` and `ca` both have priority 5 and both match some sessions, but give slot `hero` different outcomes (content y vs content x); only file order decides, so `ca` wins. Give one a different priority or narrow a condition.",
        },
        Case {
            source: ruleset(
                &format!(
                    "{}{}",
                    rule("nordics", 9, r#"pred(attr: "geo.country", op: in(["NO", "SE"]))"#, HERO),
                    rule("norway", 5, r#"all([pred(attr: "geo.country", op: is("NO")), pred(attr: "cart.value", op: gt(50))])"#, HERO_Y)
                ),
                "",
                "",
            ),
            code: Code::Shadowed,
            rules: &["norway", "nordics"],
            path: "rules[2].when",
            message: "on slot `hero`, every session this rule matches is taken by higher-priority rule `nordics`, so it can never win there",
        },
        Case {
            source: ruleset(
                r#"(id: "r", name: "r", priority: 5, when: all([]), then: [(slot: "hero", outcome: content(id: "x"))],
                   schedule: (end: "2026-01-01T00:00:00+01:00")),"#,
                "",
                "",
            ),
            code: Code::ScheduleEnded,
            rules: &["r"],
            path: "rules[1].schedule.end",
            message: "the schedule ended on 2026-01-01 00:00 +01:00; the rule no longer applies",
        },
        Case {
            source: ruleset(
                r#"(id: "r", name: "r", priority: 5, when: all([]), then: [(slot: "hero", outcome: content(id: "x"))], holdout_percent: 100),"#,
                "",
                "",
            ),
            code: Code::FullHoldout,
            rules: &["r"],
            path: "rules[1].holdout_percent",
            message: "the holdout is 100 %, so every visitor is held out and the rule never applies",
        },
        Case {
            source: r(r#"pred(attr: "traffic.landing_page", op: starts_with(""))"#),
            code: Code::MatchesEverything,
            rules: &["r"],
            path: "rules[1].when.op",
            message: r#"`traffic.landing_page starts_with ""` accepts every text, so it only checks that `traffic.landing_page` is present"#,
        },
        Case {
            source: ruleset("", "", "").replace(
                r#"(id: "layout", kind: variant(options: ["grid", "list"]), default: variant(option: "grid")),"#,
                r#"(id: "layout", kind: variant(options: ["grid", "list"]), default: variant(option: "grid")), (id: "footer", kind: content, default: content(id: "f")),"#,
            ),
            code: Code::UnusedSlot,
            rules: &[],
            path: "slots[2]",
            message: "no rule acts on slot `footer`; it always shows its default (content f)",
        },
        Case {
            source: ruleset("", r#"(id: "lapsed")"#, ""),
            code: Code::UnusedSegment,
            rules: &[],
            path: "segments[1]",
            message: "no rule or segment uses segment `lapsed`",
        },
        Case {
            source: ruleset(
                &rule("r", 5, r#"pred(attr: "customer.segments", op: has("never"))"#, HERO),
                r#"(id: "never", when: pred(attr: "customer.orders", op: lt(0)))"#,
                "",
            ),
            code: Code::EmptySegment,
            rules: &[],
            path: "segments[1].when",
            message: "the condition of segment `never` can never hold, so only upstream data can put visitors in it",
        },
        Case {
            source: ruleset(
                &rule("ca", 5, r#"pred(attr: "geo.country", op: is("CA"))"#, HERO),
                "",
                r#"tests: [(name: "canada sees x", session: (id: "t", geo: (country: "CA")), expect: {"hero": content(id: "y")})],"#,
            ),
            code: Code::TestFailing,
            rules: &["ca"],
            path: "tests[0].expect.hero",
            message: "test `canada sees x` fails: slot `hero` should show content y but shows content x (from rule `ca`)",
        },
        Case {
            source: ruleset(
                &format!(
                    "{}{}",
                    rule("ca", 9, r#"pred(attr: "geo.country", op: is("CA"))"#, HERO),
                    rule("mobile", 5, r#"pred(attr: "device.type", op: is("mobile"))"#, HERO_Y)
                ),
                "",
                "",
            ),
            code: Code::Overlap,
            rules: &["mobile", "ca"],
            path: "rules[2].when",
            message: "on slot `hero`, higher-priority `ca` (priority 9) takes some sessions this rule also matches",
        },
    ]
}

fn describe(d: &Diagnostic) -> String {
    format!("{} {:?} {} {}", d.code, d.rules, d.path, d.message)
}

#[test]
fn every_code_with_exact_rules_field_and_message() {
    let all = cases();
    let options = Options {
        now: chrono::DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z").unwrap().timestamp(),
        ..Options::default()
    };
    let mut covered = std::collections::BTreeSet::new();
    for case in &all {
        let rs = parse_ruleset(&case.source, "case.rules.ron").unwrap_or_else(|e| panic!("{:?}: {e}", case.code));
        let analysis = analyze(&rs, &options);
        let found: Vec<&Diagnostic> = analysis
            .diagnostics
            .iter()
            .filter(|d| d.code == case.code && d.rules.first().map(String::as_str) == case.rules.first().copied())
            .collect();
        assert_eq!(
            found.len(),
            1,
            "{:?}: {:#?}",
            case.code,
            analysis.diagnostics.iter().map(describe).collect::<Vec<_>>()
        );
        let d = found[0];
        assert_eq!(d.rules, case.rules, "{:?}", case.code);
        assert_eq!(d.path.to_string(), case.path, "{:?}", case.code);
        assert_eq!(d.message, case.message, "{:?}", case.code);
        assert_eq!(d.severity, case.code.severity());
        if matches!(case.code, Code::Ambiguity | Code::Shadowed | Code::Overlap) {
            assert_eq!(d.certainty, Certainty::Exact);
            assert!(d.witness.is_some(), "{:?} without witness", case.code);
        }
        covered.insert(case.code);
    }
    // Health codes need a sample of sessions: their cases are in tests/it/health.rs.
    let missing: Vec<_> = Code::ALL.iter().filter(|c| !c.is_health() && !covered.contains(c)).collect();
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
}

#[test]
fn the_showcase_exhibits_every_spec_diagnostic_with_witnesses() {
    let doc = load_ruleset(&repo("rulesets/conflicts-showcase.rules.ron")).expect("showcase");
    let analysis = analyze(&doc.ruleset, &Options::default());
    let spec_codes = [
        Code::InvalidRegex,
        Code::RegexTooLarge,
        Code::UnknownSlot,
        Code::UnknownSegment,
        Code::UnknownAttribute,
        Code::OperatorMismatch,
        Code::UnknownCountry,
        Code::UnknownRegion,
        Code::DuplicateId,
        Code::EmptyValueList,
        Code::OptionNotAllowed,
        Code::DeadRule,
        Code::Ambiguity,
        Code::Shadowed,
        Code::Overlap,
        Code::ScheduleEnded,
        Code::FullHoldout,
        Code::MatchesEverything,
        Code::UnusedSlot,
        Code::UnusedSegment,
    ];
    for code in spec_codes {
        assert!(analysis.diagnostics.iter().any(|d| d.code == code), "showcase lacks {code}");
    }
    let everything_but: Vec<_> = Code::ALL
        .iter()
        .filter(|c| !matches!(c, Code::InvalidTimeZone | Code::TestFailing | Code::LimitExceeded) && !c.is_health())
        .filter(|c| !analysis.diagnostics.iter().any(|d| d.code == **c))
        .collect();
    assert!(everything_but.is_empty(), "showcase lacks {everything_but:?}");
    for d in &analysis.diagnostics {
        if matches!(d.code, Code::Ambiguity | Code::Shadowed | Code::Overlap) {
            assert!(d.witness.is_some() && d.certainty == Certainty::Exact, "{d:?}");
        }
    }
}

#[test]
fn every_code_is_documented() {
    let doc = std::fs::read_to_string(repo("docs/DIAGNOSTICS.md")).expect("docs/DIAGNOSTICS.md");
    for code in Code::ALL {
        assert!(doc.contains(&format!("`{}`", code.as_str())), "docs/DIAGNOSTICS.md lacks `{code}`");
    }
}

/// A derived attribute next to its source (issue 12): "missing" beside a
/// source that always derives a value is dead, and an ambiguity that needs a
/// derived value other than the one its source derives is certain, with a
/// witness that gives the derived value itself.
#[test]
fn derived_attributes_meet_their_sources() {
    const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 \
                          (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    let pred = |attr: &str, op: &str| format!(r#"pred(attr: "{attr}", op: {op})"#);
    let all = |a: String, b: String| format!("all([{a}, {b}])");
    let iphone = format!("is({IPHONE:?})");
    let dead = [
        all(pred("traffic.referrer_host", "missing"), pred("traffic.referrer", r#"is("https://x.com/")"#)),
        all(pred("device.os", "missing"), pred("device.user_agent", &iphone)),
        all(pred("device.browser", "missing"), pred("device.user_agent", &iphone)),
        all(pred("device.type", "missing"), pred("device.user_agent", "exists")),
    ];
    let alive = [
        // Some user agents have no known OS, some referrers no host.
        all(pred("device.os", "missing"), pred("device.user_agent", "exists")),
        all(pred("traffic.referrer_host", "missing"), pred("traffic.referrer", "exists")),
        all(pred("device.os", "missing"), pred("device.user_agent", &format!("in([{IPHONE:?}, \"a\"])"))),
    ];
    let options = Options {
        now: chrono::DateTime::parse_from_rfc3339("2026-11-21T12:00:00Z").unwrap().timestamp(),
        ..Options::default()
    };
    for (when, is_dead) in dead.iter().map(|w| (w, true)).chain(alive.iter().map(|w| (w, false))) {
        let rs = parse_ruleset(&ruleset(&rule("r", 5, when, HERO), "", ""), "case.rules.ron").unwrap();
        let analysis = analyze(&rs, &options);
        let found = analysis.diagnostics.iter().any(|d| d.code == Code::DeadRule && d.rules == ["r"]);
        assert_eq!(found, is_dead, "{when}: {:#?}", analysis.diagnostics.iter().map(describe).collect::<Vec<_>>());
    }

    let certain = [
        (pred("device.type", r#"is_not("desktop")"#), pred("device.user_agent", "exists")),
        (pred("device.os", r#"is("Linux")"#), pred("device.user_agent", &iphone)),
        (pred("device.browser", r#"is_not("Safari")"#), pred("device.user_agent", &iphone)),
        (pred("traffic.referrer_host", r#"is_not("x.com")"#), pred("traffic.referrer", r#"is("https://x.com/")"#)),
    ];
    for (a, b) in certain {
        let rules = format!(
            "{}\n{}",
            rule("a", 5, &format!("not({})", a.replace("is_not", "is")), HERO),
            rule("b", 5, &b, HERO_Y)
        );
        let rs = parse_ruleset(&ruleset(&rules, "", ""), "case.rules.ron").unwrap();
        let compiled = rulestudio::compile::compile(&rs).unwrap();
        let analysis = analyze(&rs, &options);
        let d = analysis
            .diagnostics
            .iter()
            .find(|d| d.code == Code::Ambiguity && d.rules.iter().any(|r| r == "a") && d.rules.iter().any(|r| r == "b"))
            .unwrap_or_else(|| {
                panic!("{a} / {b}: {:#?}", analysis.diagnostics.iter().map(describe).collect::<Vec<_>>())
            });
        assert_eq!(d.certainty, Certainty::Exact, "{a} / {b}: {}", d.message);
        let w = d.witness.as_ref().expect("a witness");
        let facts = compiled.facts(w);
        for r in ["a", "b"] {
            assert!(compiled.matches(rs.rule_index(r).unwrap(), &facts), "{a} / {b}: the witness {w:?} misses {r}");
        }
    }
}
