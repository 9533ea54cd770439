//! Decision semantics (SPEC §3–§4), table-driven: operators and absent
//! attributes, priority and file order, holdouts, schedules, segments,
//! custom attributes, and the reason given for every rule.

use rulestudio::compile::{CompiledRuleset, compile};
use rulestudio::engine::RuleStatus;
use rulestudio::format::parse_ruleset;
use rulestudio::model::Session;

fn compiled(rules: &str, extra: &str) -> CompiledRuleset {
    let src = format!(
        r#"(
        name: "t", time_zone: "Europe/Oslo",
        attributes: [(name: "tier", type: text), (name: "score", type: number), (name: "tags", type: list)],
        slots: [
            (id: "a", kind: content, default: content(id: "default-a")),
            (id: "b", kind: variant(options: ["x", "y"]), default: variant(option: "x")),
        ],
        segments: [
            (id: "vip", when: pred(attr: "customer.orders", op: ge(3))),
            (id: "press"),
        ],
        rules: [{rules}],
        {extra}
    )"#
    );
    let rs = parse_ruleset(&src, "t.rules.ron").unwrap_or_else(|e| panic!("{e}"));
    compile(&rs).unwrap_or_else(|d| panic!("{d:#?}"))
}

fn session(json: &str) -> Session {
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

/// The id of the rule deciding slot `a`, or `-` for the default.
fn winner(c: &CompiledRuleset, json: &str) -> String {
    let d = c.decide(&c.facts(&session(json)));
    d.picks[0].rule.map_or("-".to_owned(), |r| c.rules[r as usize].id.clone())
}

fn one_rule(when: &str) -> CompiledRuleset {
    compiled(
        &format!(
            r#"(id: "r", name: "r", priority: 1, when: {when}, then: [(slot: "a", outcome: content(id: "hit"))])"#
        ),
        "",
    )
}

#[test]
fn operators_and_absent_attributes() {
    // (condition, session, matches)
    let cases: &[(&str, &str, bool)] = &[
        (r#"pred(attr: "geo.country", op: is("CA"))"#, r#"{"id":"s","geo":{"country":"CA"}}"#, true),
        (r#"pred(attr: "geo.country", op: is("CA"))"#, r#"{"id":"s"}"#, false),
        (r#"pred(attr: "geo.country", op: is_not("CA"))"#, r#"{"id":"s"}"#, false),
        (r#"not(pred(attr: "geo.country", op: is("CA")))"#, r#"{"id":"s"}"#, true),
        (r#"pred(attr: "geo.country", op: not_in(["CA", "US"]))"#, r#"{"id":"s","geo":{"country":"FR"}}"#, true),
        (r#"pred(attr: "geo.country", op: missing)"#, r#"{"id":"s"}"#, true),
        (r#"pred(attr: "geo.country", op: exists)"#, r#"{"id":"s"}"#, false),
        (r#"pred(attr: "geo.city", op: contains("ron"))"#, r#"{"id":"s","geo":{"city":"Toronto"}}"#, true),
        (r#"pred(attr: "geo.city", op: starts_with("tor"))"#, r#"{"id":"s","geo":{"city":"Toronto"}}"#, false),
        (
            r#"pred(attr: "geo.city", op: starts_with("tor"), ignore_case: true)"#,
            r#"{"id":"s","geo":{"city":"Toronto"}}"#,
            true,
        ),
        (
            r#"pred(attr: "geo.city", op: ends_with("TO"), ignore_case: true)"#,
            r#"{"id":"s","geo":{"city":"Toronto"}}"#,
            true,
        ),
        (
            r#"pred(attr: "geo.city", op: is_not("toronto"), ignore_case: true)"#,
            r#"{"id":"s","geo":{"city":"Toronto"}}"#,
            false,
        ),
        (r#"pred(attr: "geo.city", op: matches("^To.*o$"))"#, r#"{"id":"s","geo":{"city":"Toronto"}}"#, true),
        (
            r#"pred(attr: "traffic.landing_page", op: matches("winter"))"#,
            r#"{"id":"s","traffic":{"landing_page":"/c/winter-sale"}}"#,
            true,
        ),
        (r#"pred(attr: "customer.orders", op: lt(3))"#, r#"{"id":"s","customer":{"orders":2}}"#, true),
        (r#"pred(attr: "customer.orders", op: le(3))"#, r#"{"id":"s","customer":{"orders":3}}"#, true),
        (r#"pred(attr: "customer.orders", op: gt(3))"#, r#"{"id":"s","customer":{"orders":3}}"#, false),
        (r#"pred(attr: "customer.orders", op: ge(3))"#, r#"{"id":"s","customer":{"orders":3}}"#, true),
        (r#"pred(attr: "cart.value", op: between(10, 20))"#, r#"{"id":"s","cart":{"value":20.0}}"#, true),
        (r#"pred(attr: "cart.value", op: between(10, 20))"#, r#"{"id":"s","cart":{"value":20.5}}"#, false),
        (r#"pred(attr: "cart.value", op: lt(5))"#, r#"{"id":"s"}"#, false),
        (
            r#"pred(attr: "cart.categories", op: has("boots"))"#,
            r#"{"id":"s","cart":{"categories":["boots","hats"]}}"#,
            true,
        ),
        (
            r#"pred(attr: "cart.categories", op: has_any(["x", "hats"]))"#,
            r#"{"id":"s","cart":{"categories":["boots","hats"]}}"#,
            true,
        ),
        (
            r#"pred(attr: "cart.categories", op: has_all(["boots", "x"]))"#,
            r#"{"id":"s","cart":{"categories":["boots","hats"]}}"#,
            false,
        ),
        (
            r#"pred(attr: "cart.categories", op: has_none(["x"]))"#,
            r#"{"id":"s","cart":{"categories":["boots"]}}"#,
            true,
        ),
        (r#"pred(attr: "cart.categories", op: has_none(["x"]))"#, r#"{"id":"s"}"#, false),
        (
            r#"pred(attr: "customer.segments", op: has("press"))"#,
            r#"{"id":"s","customer":{"segments":["press"]}}"#,
            true,
        ),
        (r#"pred(attr: "customer.segments", op: has("vip"))"#, r#"{"id":"s","customer":{"orders":4}}"#, true),
        (
            r#"pred(attr: "customer.segments", op: has("vip"))"#,
            r#"{"id":"s","customer":{"orders":1,"segments":["vip"]}}"#,
            true,
        ),
        (r#"pred(attr: "customer.segments", op: has_none(["vip", "press"]))"#, r#"{"id":"s"}"#, true),
        (
            r#"pred(attr: "traffic.channel", op: is("paid_social"))"#,
            r#"{"id":"s","traffic":{"utm_source":"facebook","utm_medium":"cpc"}}"#,
            true,
        ),
        (
            r#"pred(attr: "traffic.channel", op: is("direct"))"#,
            r#"{"id":"s","traffic":{"channel":"direct","utm_medium":"email"}}"#,
            true,
        ),
        (
            r#"pred(attr: "traffic.referrer_host", op: ends_with("google.com"))"#,
            r#"{"id":"s","traffic":{"referrer":"https://www.google.com/search"}}"#,
            true,
        ),
        (
            r#"pred(attr: "device.type", op: is("tablet"))"#,
            r#"{"id":"s","device":{"user_agent":"Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"}}"#,
            true,
        ),
        (
            r#"pred(attr: "time.weekday", op: in(["sat", "sun"]))"#,
            r#"{"id":"s","timestamp":"2026-11-21T23:30:00Z"}"#,
            true,
        ),
        (r#"pred(attr: "time.hour", op: lt(1))"#, r#"{"id":"s","timestamp":"2026-11-21T23:30:00Z"}"#, true),
        (r#"pred(attr: "time.hour", op: exists)"#, r#"{"id":"s"}"#, false),
        (r#"pred(attr: "attributes.tier", op: is("gold"))"#, r#"{"id":"s","attributes":{"tier":"gold"}}"#, true),
        (r#"pred(attr: "attributes.score", op: gt(2))"#, r#"{"id":"s","attributes":{"score":"2.5"}}"#, true),
        (r#"pred(attr: "attributes.score", op: gt(2))"#, r#"{"id":"s","attributes":{"score":"lots"}}"#, false),
        (r#"pred(attr: "attributes.tags", op: has("b"))"#, r#"{"id":"s","attributes":{"tags":"a|b"}}"#, true),
        (r#"any([])"#, r#"{"id":"s"}"#, false),
        (r#"all([])"#, r#"{"id":"s"}"#, true),
        (
            r#"all([pred(attr: "geo.country", op: is("CA")), not(any([pred(attr: "device.type", op: is("bot"))]))])"#,
            r#"{"id":"s","geo":{"country":"CA"}}"#,
            true,
        ),
    ];
    let mut wrong = Vec::new();
    for (when, json, want) in cases {
        let c = one_rule(when);
        let got = winner(&c, json) == "r";
        if got != *want {
            wrong.push(format!("{when} on {json}: got {got}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn priority_then_file_order_then_default() {
    let c = compiled(
        r#"
        (id: "low", name: "low", priority: 1, when: all([]), then: [(slot: "a", outcome: content(id: "low"))]),
        (id: "first", name: "first", priority: 5, when: pred(attr: "geo.country", op: is("CA")), then: [(slot: "a", outcome: content(id: "first"))]),
        (id: "second", name: "second", priority: 5, when: pred(attr: "geo.country", op: exists), then: [(slot: "a", outcome: content(id: "second"))]),
        (id: "off", name: "off", enabled: false, priority: 9, when: all([]), then: [(slot: "a", outcome: content(id: "off"))]),
        "#,
        "",
    );
    assert_eq!(winner(&c, r#"{"id":"s","geo":{"country":"CA"}}"#), "first");
    assert_eq!(winner(&c, r#"{"id":"s","geo":{"country":"US"}}"#), "second");
    assert_eq!(winner(&c, r#"{"id":"s"}"#), "low");
    let d = c.decide(&c.facts(&session(r#"{"id":"s","geo":{"country":"CA"}}"#)));
    assert_eq!(d.picks[0].tie.map(|r| c.rules[r as usize].id.as_str()), Some("second"), "the tie is seen");
    assert_eq!(c.outcome(1, &d.picks[1]).to_string(), "variant x", "untouched slot shows its default");
}

#[test]
fn holdout_passes_to_the_next_rule_and_is_reported() {
    let c = compiled(
        r#"
        (id: "all-held", name: "h", priority: 9, holdout_percent: 100, when: all([]), then: [(slot: "a", outcome: content(id: "h"))]),
        (id: "half", name: "half", priority: 5, holdout_percent: 50, when: all([]), then: [(slot: "a", outcome: content(id: "half"))]),
        (id: "base", name: "b", priority: 1, when: all([]), then: [(slot: "a", outcome: content(id: "b"))]),
        "#,
        "",
    );
    let mut by_winner = std::collections::BTreeMap::new();
    for i in 0..2000 {
        let s = session(&format!(r#"{{"id":"s{i}","visitor_id":"v{i}"}}"#));
        let facts = c.facts(&s);
        let d = c.decide(&facts);
        let w = winner(&c, &format!(r#"{{"id":"s{i}","visitor_id":"v{i}"}}"#));
        *by_winner.entry(w.clone()).or_insert(0) += 1;
        assert_eq!(d.picks[0].held_out[0], 0, "the 100 % rule always holds out");
        let bucket = rulestudio::engine::holdout::bucket("half", &format!("v{i}"));
        assert_eq!(w == "half", bucket >= 5000, "bucket {bucket}");
        let trace = c.trace(&facts);
        assert!(matches!(trace.rules[0].status, RuleStatus::HeldOut { threshold: 10000, .. }));
    }
    assert!(!by_winner.contains_key("all-held"));
    let half = by_winner["half"];
    assert!((900..1100).contains(&half), "{by_winner:?}");
    // Without a visitor id the session id is the key.
    let s = session(r#"{"id":"v7"}"#);
    let d = c.decide(&c.facts(&s));
    let with_visitor = c.decide(&c.facts(&session(r#"{"id":"other","visitor_id":"v7"}"#)));
    assert_eq!(d.picks[0].rule, with_visitor.picks[0].rule);
}

#[test]
fn schedules() {
    let c = compiled(
        r#"
        (id: "window", name: "w", priority: 5, when: all([]), then: [(slot: "a", outcome: content(id: "w"))],
         schedule: (start: "2026-11-01T00:00:00+01:00", end: "2026-12-01T00:00:00+01:00", weekdays: [mon, fri], hours: (from: 22, to: 2))),
        "#,
        "",
    );
    let at = |t: &str| winner(&c, &format!(r#"{{"id":"s","timestamp":"{t}"}}"#));
    // Europe/Oslo is UTC+1 in November.
    assert_eq!(at("2026-11-02T21:30:00Z"), "window", "Monday 22:30 local");
    assert_eq!(at("2026-11-06T00:30:00Z"), "window", "Friday 01:30 local: inside the wrapping hours");
    assert_eq!(at("2026-11-03T00:30:00Z"), "-", "Tuesday 01:30 local: weekdays and hours filter independently");
    assert_eq!(at("2026-11-03T21:30:00Z"), "-", "Tuesday 22:30 local: wrong weekday");
    assert_eq!(at("2026-11-02T12:00:00Z"), "-", "Monday 13:00 local: wrong hour");
    assert_eq!(at("2026-11-30T23:30:00Z"), "-", "after the end");
    assert_eq!(at("2026-10-30T22:00:00Z"), "-", "before the start");
    assert_eq!(winner(&c, r#"{"id":"s"}"#), "-", "no timestamp: outside");
    let trace = c.trace(&c.facts(&session(r#"{"id":"s","timestamp":"2026-11-03T21:30:00Z"}"#)));
    let RuleStatus::OutsideSchedule { reason } = &trace.rules[0].status else { panic!("{:?}", trace.rules[0]) };
    assert_eq!(reason, "runs on mon, fri only; the session is on a tue");
}

#[test]
fn multi_slot_rules_and_trace_reasons() {
    let c = compiled(
        r#"
        (id: "both", name: "both", priority: 5, when: pred(attr: "geo.country", op: is("NO")),
         then: [(slot: "a", outcome: content(id: "fjord")), (slot: "b", outcome: variant(option: "y"))]),
        (id: "top-a", name: "top", priority: 9, when: pred(attr: "device.type", op: is("mobile")), then: [(slot: "a", outcome: content(id: "m"))]),
        (id: "never", name: "never", priority: 1, when: all([pred(attr: "geo.country", op: is("NO")), pred(attr: "customer.orders", op: gt(10))]),
         then: [(slot: "a", outcome: content(id: "n"))]),
        "#,
        "",
    );
    let facts =
        c.facts(&session(r#"{"id":"s","geo":{"country":"NO"},"device":{"type":"mobile"},"customer":{"orders":2}}"#));
    let t = c.trace(&facts);
    assert_eq!(t.rules[0].status.to_string(), "lost a to top-a; applied on b");
    assert_eq!(t.rules[1].status.to_string(), "applied on a");
    let RuleStatus::NotMatched { failure } = &t.rules[2].status else { panic!() };
    assert_eq!(failure.predicate, "customer.orders gt 10");
    assert_eq!(failure.path.to_string(), "when[1]");
    assert_eq!(failure.expected, "gt 10");
    assert_eq!(failure.actual, "2");
}

#[test]
fn sessions_derive_only_what_the_rules_read() {
    use rulestudio::engine::Fact;
    use rulestudio::model::attribute::id;
    let s = session(
        r#"{"id": "s", "traffic": {"utm_source": "google", "utm_medium": "cpc"},
            "device": {"user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"}}"#,
    );
    let geo_only = one_rule(r#"pred(attr: "geo.country", op: is("CA"))"#);
    let facts = geo_only.facts(&s);
    assert_eq!(facts.get(id::DEVICE_TYPE), &Fact::Absent, "no device fact read, none derived");
    assert_eq!(facts.get(id::CHANNEL), &Fact::Absent);
    let device = one_rule(r#"pred(attr: "device.type", op: is("mobile"))"#);
    assert_eq!(device.facts(&s).get(id::DEVICE_TYPE), &Fact::Text("mobile".into()));
    let channel = one_rule(r#"pred(attr: "traffic.channel", op: is("paid_search"))"#);
    assert_eq!(channel.facts(&s).get(id::CHANNEL), &Fact::Text("paid_search".into()));
}
