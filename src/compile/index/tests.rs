//! Unit tests of the condition index.

use crate::compile::compile;
use crate::format::parse_ruleset;
use crate::model::Session;

/// 150 rules over three words of bits: rule `i` wants country `i % 5`,
/// every third also device `mobile`, every seventh has no equality
/// anchor (only a threshold on orders).
#[test]
fn possible_rules_span_several_words_exactly() {
    const COUNTRIES: [&str; 5] = ["CA", "US", "NO", "SE", "DE"];
    let rules: Vec<String> = (0..150)
        .map(|i| {
            let country = format!(r#"pred(attr: "geo.country", op: is("{}"))"#, COUNTRIES[i % 5]);
            let when = if i % 7 == 0 {
                format!(r#"pred(attr: "customer.orders", op: ge({}))"#, i % 4)
            } else if i % 3 == 0 {
                format!(r#"all([{country}, pred(attr: "device.type", op: is("mobile"))])"#)
            } else {
                country
            };
            format!(
                r#"(id: "r{i}", name: "r{i}", priority: {}, when: {when},
                   then: [(slot: "hero", outcome: content(id: "x{i}"))]),"#,
                i % 9
            )
        })
        .collect();
    let source = format!(
        r#"(name: "index", time_zone: "UTC",
            slots: [(id: "hero", kind: content, default: content(id: "d"))],
            rules: [{}])"#,
        rules.join("\n")
    );
    let rs = parse_ruleset(&source, "index.rules.ron").unwrap_or_else(|e| panic!("{e}"));
    let compiled = compile(&rs).unwrap_or_else(|d| panic!("{d:?}"));
    assert_eq!(compiled.index.anchored(), 150);
    let session: Session = serde_json::from_str(
        r#"{"id": "s", "geo": {"country": "NO"}, "device": {"type": "desktop"}, "customer": {"orders": 2}}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let facts = compiled.facts(&session);
    let possible = compiled.index.possible(&facts);
    for rank in 0..150 {
        let i = compiled.index.rule_at(rank) as usize;
        let expected =
            (i.is_multiple_of(7) && i % 4 <= 2) || (!i.is_multiple_of(7) && i % 5 == 2 && !i.is_multiple_of(3));
        assert_eq!(super::has(&possible, rank), expected, "rule {i}");
    }
    assert_eq!(compiled.decide(&facts), compiled.decide_scan(&facts));
}

/// Ranks follow decision order: priority, highest first, then file order.
#[test]
fn ranks_are_in_decision_order() {
    let source = r#"(name: "order", time_zone: "UTC",
        slots: [(id: "hero", kind: content, default: content(id: "d"))],
        rules: [
          (id: "a", name: "a", priority: 1, when: pred(attr: "geo.country", op: exists), then: []),
          (id: "b", name: "b", priority: 5, when: pred(attr: "geo.country", op: exists), then: []),
          (id: "c", name: "c", priority: 5, enabled: false, when: pred(attr: "geo.country", op: exists), then: []),
          (id: "d", name: "d", priority: 5, when: pred(attr: "geo.country", op: exists), then: []),
        ])"#;
    let rs = parse_ruleset(source, "order.rules.ron").unwrap_or_else(|e| panic!("{e}"));
    let compiled = crate::compile::build(&rs).unwrap_or_else(|e| panic!("{e}"));
    let order: Vec<u32> = (0..3).map(|r| compiled.index.rule_at(r)).collect();
    assert_eq!(order, [1, 3, 0]);
    let admitted = |session: &str| {
        let session: Session = serde_json::from_str(session).unwrap_or_else(|e| panic!("{e}"));
        super::ranks(&compiled.index.possible(&compiled.facts(&session))).collect::<Vec<_>>()
    };
    assert_eq!(admitted(r#"{"id": "s", "geo": {"country": "NO"}}"#), [0, 1, 2]);
    assert_eq!(admitted(r#"{"id": "s"}"#), [0usize; 0], "`exists` needs a value");
}

/// With many patterns on one attribute the index remembers what each
/// value admits; asked again, it answers the same.
#[test]
fn remembered_values_admit_the_same_rules() {
    let rules: Vec<String> = (0..40)
        .map(|i| {
            format!(
                r#"(id: "r{i}", name: "r{i}", priority: {}, when: pred(attr: "traffic.utm_source", op: matches("^s{}|x{i}$")),
                   then: [(slot: "hero", outcome: content(id: "x{i}"))]),"#,
                i % 3,
                i % 7
            )
        })
        .collect();
    let source = format!(
        r#"(name: "patterns", time_zone: "UTC",
            slots: [(id: "hero", kind: content, default: content(id: "d"))],
            rules: [{}])"#,
        rules.join("\n")
    );
    let rs = parse_ruleset(&source, "patterns.rules.ron").unwrap_or_else(|e| panic!("{e}"));
    let compiled = compile(&rs).unwrap_or_else(|d| panic!("{d:?}"));
    for pass in 0..3 {
        for value in ["s1", "s6x", "x12", "ax39", "none", "s3x7"] {
            let session: Session =
                serde_json::from_str(&format!(r#"{{"id": "s", "traffic": {{"utm_source": "{value}"}}}}"#))
                    .unwrap_or_else(|e| panic!("{e}"));
            let facts = compiled.facts(&session);
            assert_eq!(compiled.decide_all(&facts).0, compiled.decide_scan(&facts), "{value} pass {pass}");
            let possible = compiled.index.possible(&facts);
            for rank in 0..40 {
                let i = compiled.index.rule_at(rank) as usize;
                assert_eq!(super::has(&possible, rank), compiled.matches(i, &facts), "rule {i} on {value}");
            }
        }
    }
}

/// A conjunction longer than 65,536 items: every conjunct the index does
/// not settle is still evaluated (the review of issue 18 found a `u16`
/// index that wrapped).
#[test]
fn very_long_conjunctions_are_evaluated_whole() {
    use crate::model::{Action, Condition, Op, Outcome, Rule, Ruleset};
    let mut rs = Ruleset::new("long");
    let mut items = vec![Condition::pred("geo.country", Op::Is("CA".into()))];
    items.extend(std::iter::repeat_n(Condition::pred("geo.city", Op::Missing), 65_535));
    items.push(Condition::pred("device.type", Op::Is("mobile".into())));
    let then = vec![Action { slot: rs.slots[0].id.clone(), outcome: Outcome::Content { id: "x".into() } }];
    rs.rules.push(Rule::new("long", "long", 1, Condition::All(items), then));
    let compiled = crate::compile::build(&rs).unwrap_or_else(|e| panic!("{e}"));
    for (session, matches) in [
        (r#"{"id": "s", "geo": {"country": "CA"}, "device": {"type": "desktop"}}"#, false),
        (r#"{"id": "s", "geo": {"country": "CA", "city": "Oslo"}, "device": {"type": "mobile"}}"#, false),
        (r#"{"id": "s", "geo": {"country": "CA"}, "device": {"type": "mobile"}}"#, true),
    ] {
        let session: Session = serde_json::from_str(session).unwrap_or_else(|e| panic!("{e}"));
        let facts = compiled.facts(&session);
        let decision = compiled.decide(&facts);
        assert_eq!(decision, compiled.decide_scan(&facts), "{session:?}");
        assert_eq!(decision.picks[0].rule.is_some(), matches, "{session:?}");
    }
}

/// Numeric thresholds past the cut limit are quantised: the index keeps
/// a superset, and decisions stay exact.
#[test]
fn many_thresholds_keep_a_superset() {
    let rules: Vec<String> = (0..300)
        .map(|i| {
            format!(
                r#"(id: "r{i}", name: "r{i}", priority: {i}, when: pred(attr: "customer.lifetime_value", op: {}({}.5)),
                   then: [(slot: "hero", outcome: content(id: "x{i}"))]),"#,
                if i % 2 == 0 { "ge" } else { "lt" },
                i
            )
        })
        .collect();
    let source = format!(
        r#"(name: "bounds", time_zone: "UTC",
            slots: [(id: "hero", kind: content, default: content(id: "d"))],
            rules: [{}])"#,
        rules.join("\n")
    );
    let rs = parse_ruleset(&source, "bounds.rules.ron").unwrap_or_else(|e| panic!("{e}"));
    let compiled = compile(&rs).unwrap_or_else(|d| panic!("{d:?}"));
    for value in [0.25, 0.0, 0.5, 1.0, 77.25, 150.5, 299.5, 300.0, 1e9] {
        let session: Session =
            serde_json::from_str(&format!(r#"{{"id": "s", "customer": {{"lifetime_value": {value}}}}}"#))
                .unwrap_or_else(|e| panic!("{e}"));
        let facts = compiled.facts(&session);
        let possible = compiled.index.possible(&facts);
        for rank in 0..300 {
            let i = compiled.index.rule_at(rank) as usize;
            if compiled.matches(i, &facts) {
                assert!(super::has(&possible, rank), "rule {i} at {value}");
            }
        }
        assert_eq!(compiled.decide(&facts), compiled.decide_scan(&facts), "at {value}");
    }
}
