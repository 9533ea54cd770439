//! Property tests of the analysis against the evaluator (SPEC §5): random
//! rulesets and sessions over a small attribute space, so that rules often
//! match the same sessions.
//!
//! - no misses: two rules on a slot that both match a generated session are
//!   reported together (ambiguity, overlap or shadowing);
//! - dead rules match no generated session;
//! - every witness is exact and matches what it claims, and every live rule's
//!   witness matches the rule;
//! - a shadowed rule's sessions are always taken by higher rules.
//!
//! The same properties hold over derived attributes next to their sources
//! (`device.type`, `device.os`, `device.browser` and the user agent;
//! `traffic.referrer_host` and the referrer), where sessions sometimes give
//! the derived value and sometimes leave it to derivation; there a conflict
//! may be "possible" without a witness, but every exact one is checked.

use chrono::{DateTime, Duration, FixedOffset};
use proptest::prelude::*;
use rulestudio::analysis::{Certainty, Code, Options, analyze};
use rulestudio::compile::compile;
use rulestudio::model::*;

const SLOTS: [&str; 2] = ["a", "b"];

fn base() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-02T00:00:00Z").expect("base instant")
}

fn instant(k: u32) -> DateTime<FixedOffset> {
    base() + Duration::hours(7 * i64::from(k))
}

fn strings(options: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    prop::sample::subsequence(options, 1..=options.len()).prop_map(|v| v.into_iter().map(String::from).collect())
}

fn one(options: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(options).prop_map(String::from)
}

fn number() -> impl Strategy<Value = f64> {
    prop::sample::select(&[0.0, 1.0, 1.5, 2.0, 3.0][..])
}

fn predicate() -> impl Strategy<Value = Condition> {
    let country = prop_oneof![
        one(&["CA", "US", "NO"]).prop_map(Op::Is),
        one(&["CA", "US", "NO"]).prop_map(Op::IsNot),
        strings(&["CA", "US", "NO"]).prop_map(Op::In),
        strings(&["CA", "US", "NO"]).prop_map(Op::NotIn),
        Just(Op::Exists),
        Just(Op::Missing),
    ]
    .prop_map(|op| Condition::pred("geo.country", op));
    let device = prop_oneof![
        one(&["mobile", "desktop", "bot"]).prop_map(Op::Is),
        strings(&["mobile", "tablet", "desktop"]).prop_map(Op::NotIn),
        Just(Op::Missing),
    ]
    .prop_map(|op| Condition::pred("device.type", op));
    let source = (
        prop_oneof![
            one(&["g", "fb", "google", ""]).prop_map(Op::Is),
            one(&["g", "fb"]).prop_map(Op::IsNot),
            one(&["o", "oo", "G"]).prop_map(Op::Contains),
            one(&["g", "f"]).prop_map(Op::StartsWith),
            one(&["b", "le"]).prop_map(Op::EndsWith),
            one(&["^g", "o+", "b$", "^(fb|x)$", "^$"]).prop_map(Op::Matches),
            strings(&["g", "fb", "google"]).prop_map(Op::In),
            Just(Op::Exists),
            Just(Op::Missing),
        ],
        any::<bool>(),
    )
        .prop_map(|(op, ci)| {
            let ci = ci && !matches!(op, Op::Exists | Op::Missing);
            Condition::Pred(Predicate { attr: "traffic.utm_source".into(), op, ignore_case: ci })
        });
    let orders = prop_oneof![
        number().prop_map(Op::Lt),
        number().prop_map(Op::Le),
        number().prop_map(Op::Gt),
        number().prop_map(Op::Ge),
        (number(), number()).prop_map(|(a, b)| Op::Between(a.min(b), a.max(b))),
        Just(Op::Missing),
    ]
    .prop_map(|op| Condition::pred("customer.orders", op));
    let categories = prop_oneof![
        one(&["x", "y"]).prop_map(Op::Has),
        strings(&["x", "y"]).prop_map(Op::HasAny),
        strings(&["x", "y"]).prop_map(Op::HasAll),
        strings(&["x", "y"]).prop_map(Op::HasNone),
        Just(Op::Exists),
        Just(Op::Missing),
    ]
    .prop_map(|op| Condition::pred("cart.categories", op));
    let segments = prop_oneof![
        one(&["vip", "news"]).prop_map(Op::Has),
        strings(&["vip", "news"]).prop_map(Op::HasAny),
        strings(&["vip", "news"]).prop_map(Op::HasNone),
        strings(&["vip", "news"]).prop_map(Op::HasAll),
    ]
    .prop_map(|op| Condition::pred("customer.segments", op));
    let channel =
        strings(&["direct", "email", "paid_search"]).prop_map(|v| Condition::pred("traffic.channel", Op::In(v)));
    let time = prop_oneof![
        strings(&["mon", "tue", "sat"]).prop_map(|v| Condition::pred("time.weekday", Op::In(v))),
        prop::sample::select(&[3.0, 7.0, 14.0, 21.0][..]).prop_map(|h| Condition::pred("time.hour", Op::Lt(h))),
        Just(Condition::pred("time.hour", Op::Missing)),
    ];
    prop_oneof![country, device, source, orders, categories, segments, channel, time]
}

const IPHONE: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 \
    (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
const BOT: &str = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)";

/// Predicates over derived attributes and their sources.
fn derived_predicate() -> impl Strategy<Value = Condition> {
    let ua = prop_oneof![
        Just(Op::Is(IPHONE.into())),
        Just(Op::Is("a".into())),
        Just(Op::In(vec![IPHONE.into(), BOT.into()])),
        Just(Op::Contains("iPhone".into())),
        Just(Op::Exists),
        Just(Op::Missing),
    ]
    .prop_map(|op| Condition::pred("device.user_agent", op));
    let kind = prop_oneof![
        one(&["mobile", "desktop", "bot"]).prop_map(Op::Is),
        one(&["mobile", "desktop"]).prop_map(Op::IsNot),
        Just(Op::Exists),
        Just(Op::Missing),
    ]
    .prop_map(|op| Condition::pred("device.type", op));
    let os = prop_oneof![one(&["iOS", "Linux"]).prop_map(Op::Is), Just(Op::Exists), Just(Op::Missing)]
        .prop_map(|op| Condition::pred("device.os", op));
    let browser = prop_oneof![one(&["Safari", "Googlebot"]).prop_map(Op::Is), Just(Op::Missing)]
        .prop_map(|op| Condition::pred("device.browser", op));
    let referrer = prop_oneof![
        Just(Op::Is("https://x.com/".into())),
        Just(Op::In(vec!["https://x.com/".into(), " ".into()])),
        Just(Op::StartsWith("https://".into())),
        Just(Op::Exists),
        Just(Op::Missing),
    ]
    .prop_map(|op| Condition::pred("traffic.referrer", op));
    let host = prop_oneof![one(&["x.com", "y.org"]).prop_map(Op::Is), Just(Op::Exists), Just(Op::Missing)]
        .prop_map(|op| Condition::pred("traffic.referrer_host", op));
    prop_oneof![ua, kind, os, browser, referrer, host]
}

/// Sessions over derived attributes: sources from small pools, derived
/// values sometimes given.
fn derived_session() -> impl Strategy<Value = Session> {
    (
        prop::option::of(prop::sample::select(&[IPHONE, BOT, "a", ""][..])),
        prop::option::of(prop::sample::select(&[DeviceType::Mobile, DeviceType::Desktop, DeviceType::Bot][..])),
        prop::option::of(one(&["iOS", "Linux"])),
        prop::option::of(one(&["Safari", "Googlebot"])),
        prop::option::of(one(&["https://x.com/", " ", "https://y.org/a", "x.com"])),
        prop::option::of(one(&["x.com", "y.org"])),
        0u32..1000,
    )
        .prop_map(|(ua, kind, os, browser, referrer, host, v)| {
            let mut s = Session { id: format!("s{v}"), visitor_id: Some(format!("v{v}")), ..Session::default() };
            s.device.user_agent = ua.map(String::from);
            s.device.kind = kind;
            s.device.os = os;
            s.device.browser = browser;
            s.traffic.referrer = referrer;
            s.traffic.referrer_host = host;
            s.timestamp = Some(base());
            s
        })
}

fn condition(leaf: BoxedStrategy<Condition>) -> impl Strategy<Value = Condition> {
    leaf.prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(Condition::All),
            prop::collection::vec(inner.clone(), 1..3).prop_map(Condition::Any),
            inner.prop_map(|c| Condition::Not(Box::new(c))),
        ]
    })
}

fn schedule() -> impl Strategy<Value = Option<Schedule>> {
    prop_oneof![
        3 => Just(None),
        1 => (0u32..12, 1u32..12, prop::sample::subsequence(&Weekday::ALL[..], 0..3), prop::option::of((0u8..24, 1u8..25)))
            .prop_map(|(start, len, weekdays, hours)| Some(Schedule {
                start: Some(instant(start)),
                end: Some(instant(start + len)),
                weekdays,
                hours: hours.filter(|(f, t)| f != t && *f < 24).map(|(from, to)| HourWindow { from, to }),
            })),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        one(&["x", "y"]).prop_map(|id| Action { slot: "a".into(), outcome: Outcome::Content { id } }),
        one(&["p", "q"]).prop_map(|option| Action { slot: "b".into(), outcome: Outcome::Variant { option } }),
    ]
}

fn rule(
    leaf: BoxedStrategy<Condition>,
) -> impl Strategy<Value = (Condition, i32, Vec<Action>, Option<Schedule>, u8, bool)> {
    (
        condition(leaf),
        1i32..4,
        prop::collection::vec(action(), 1..3),
        schedule(),
        prop::sample::select(&[0u8, 0, 0, 50, 100][..]),
        prop::bool::weighted(0.9),
    )
}

fn ruleset() -> impl Strategy<Value = Ruleset> {
    ruleset_over(predicate().boxed())
}

fn ruleset_over(leaf: BoxedStrategy<Condition>) -> impl Strategy<Value = Ruleset> {
    prop::collection::vec(rule(leaf), 2..7).prop_map(|rules| {
        let mut rs = Ruleset::new("props");
        rs.time_zone = "Europe/Oslo".into();
        rs.slots = vec![
            Slot {
                id: "a".into(),
                kind: SlotKind::Content,
                default: Outcome::Content { id: "d".into() },
                description: String::new(),
            },
            Slot {
                id: "b".into(),
                kind: SlotKind::Variant { options: vec!["p".into(), "q".into()] },
                default: Outcome::Variant { option: "p".into() },
                description: String::new(),
            },
        ];
        rs.segments = vec![
            Segment {
                id: "vip".into(),
                description: String::new(),
                when: Some(Condition::pred("customer.orders", Op::Ge(2.0))),
            },
            Segment { id: "news".into(), description: String::new(), when: None },
        ];
        rs.rules = rules
            .into_iter()
            .enumerate()
            .map(|(i, (when, priority, mut then, schedule, holdout_percent, enabled))| {
                then.sort_by(|a, b| a.slot.cmp(&b.slot));
                then.dedup_by(|a, b| a.slot == b.slot);
                Rule {
                    id: format!("r{i}"),
                    name: format!("rule {i}"),
                    enabled,
                    priority,
                    when,
                    then,
                    schedule,
                    holdout_percent,
                    tags: Vec::new(),
                    notes: String::new(),
                    created: None,
                    updated: None,
                }
            })
            .collect();
        rs
    })
}

fn session() -> impl Strategy<Value = Session> {
    (
        prop::option::of(one(&["CA", "US", "NO"])),
        prop::option::of(prop::sample::select(&[DeviceType::Mobile, DeviceType::Desktop, DeviceType::Bot][..])),
        prop::option::of(one(&["g", "fb", "google", "", "G", "xoo", "ble"])),
        prop::option::of(one(&["email", "cpc"])),
        prop::option::of(0u32..4),
        prop::option::of(prop::sample::subsequence(&["x", "y"][..], 0..=2)),
        prop::option::of(prop::sample::subsequence(&["vip", "news"][..], 0..=2)),
        prop::option::of((0u32..14, 0i64..7)),
        0u32..1000,
    )
        .prop_map(|(country, device, source, medium, orders, cats, segs, time, v)| {
            let mut s = Session { id: format!("s{v}"), visitor_id: Some(format!("v{v}")), ..Session::default() };
            s.geo.country = country.and_then(|c| CountryCode::new(&c).ok());
            s.device.kind = device;
            s.traffic.utm_source = source;
            s.traffic.utm_medium = medium;
            s.customer.orders = orders;
            s.cart.categories = cats.map(|c| c.into_iter().map(String::from).collect());
            s.customer.segments = segs.map(|c| c.into_iter().map(String::from).collect());
            s.timestamp = time.map(|(k, h)| instant(k) + Duration::hours(h));
            s
        })
}

/// A ruleset analysed, and the evaluator's view of the generated sessions.
struct Setup<'a> {
    rs: &'a Ruleset,
    compiled: rulestudio::compile::CompiledRuleset,
    analysis: rulestudio::analysis::Analysis,
    facts: Vec<rulestudio::engine::Facts>,
    sessions: &'a [Session],
}

impl<'a> Setup<'a> {
    fn new(rs: &'a Ruleset, sessions: &'a [Session]) -> Option<Self> {
        let compiled = compile(rs).ok()?;
        let options = Options { now: base().timestamp(), ..Options::default() };
        let analysis = analyze(rs, &options);
        let facts = sessions.iter().map(|s| compiled.facts(s)).collect();
        Some(Setup { rs, compiled, analysis, facts, sessions })
    }

    fn index(&self, id: &str) -> usize {
        self.rs.rule_index(id).expect("rule id in diagnostic")
    }

    fn matches(&self, r: usize, s: usize) -> bool {
        self.compiled.matches(r, &self.facts[s])
    }
}

/// Every conflict is exact (when `all_exact`) and its witness matches what it
/// claims; every live rule's witness matches the rule; dead rules match no
/// session.
fn witnesses_and_dead_rules(t: &Setup, all_exact: bool) -> Result<(), TestCaseError> {
    let (analysis, compiled, sessions) = (&t.analysis, &t.compiled, t.sessions);
    prop_assert!(analysis.conflicts_checked);
    let index = |id: &str| t.index(id);
    let matches = |r: usize, s: usize| t.matches(r, s);
    for d in &analysis.diagnostics {
        prop_assert!(!all_exact || d.certainty == Certainty::Exact, "inexact: {d:?}");
        if d.certainty != Certainty::Exact {
            continue;
        }
        match d.code {
            Code::DeadRule => {
                let r = index(&d.rules[0]);
                for (s, session) in sessions.iter().enumerate() {
                    prop_assert!(!matches(r, s), "dead rule {} matches {session:?}", d.rules[0]);
                }
            }
            Code::Ambiguity | Code::Overlap | Code::Shadowed => {
                let w = d.witness.as_ref().expect("conflicts come with a witness");
                let wf = compiled.facts(w);
                let lower = index(&d.rules[0]);
                prop_assert!(compiled.matches(lower, &wf), "witness does not match {}: {d:?}", d.rules[0]);
                if d.code != Code::Shadowed {
                    let first = index(&d.rules[1]);
                    prop_assert!(compiled.matches(first, &wf), "witness does not match {}: {d:?}", d.rules[1]);
                }
            }
            _ => {}
        }
    }
    for (rule, w) in &analysis.live {
        prop_assert!(compiled.matches(index(rule), &compiled.facts(w)), "live witness of {rule} does not match");
    }
    Ok(())
}

/// No misses: two rules on a slot that both match a session are reported together.
fn no_missed_overlaps(t: &Setup) -> Result<(), TestCaseError> {
    let (analysis, rs, sessions) = (&t.analysis, t.rs, t.sessions);
    let matches = |r: usize, s: usize| t.matches(r, s);
    let reported = |slot: &str, a: &str, b: &str| {
        analysis.diagnostics.iter().any(|d| {
            matches!(d.code, Code::Ambiguity | Code::Overlap | Code::Shadowed)
                && d.slot.as_deref() == Some(slot)
                && d.rules.iter().any(|r| r == a)
                && d.rules.iter().any(|r| r == b)
        })
    };
    for slot in SLOTS {
        let on_slot: Vec<usize> = (0..rs.rules.len())
            .filter(|&i| rs.rules[i].enabled && rs.rules[i].then.iter().any(|a| a.slot == slot))
            .collect();
        for (x, &i) in on_slot.iter().enumerate() {
            for &j in &on_slot[x + 1..] {
                if let Some(s) = (0..sessions.len()).find(|&s| matches(i, s) && matches(j, s)) {
                    prop_assert!(
                        reported(slot, &rs.rules[i].id, &rs.rules[j].id),
                        "missed: {} and {} both match {:?} on slot {slot}\n{:#?}",
                        rs.rules[i].id,
                        rs.rules[j].id,
                        sessions[s],
                        analysis.diagnostics
                    );
                }
            }
        }
    }
    Ok(())
}

/// The condition index changes nothing: decisions and standings with it
/// are those of evaluating every rule.
fn index_is_exact(t: &Setup) -> Result<(), TestCaseError> {
    let c = &t.compiled;
    for (f, s) in t.facts.iter().zip(t.sessions) {
        let scan = c.decide_scan(f);
        prop_assert_eq!(&c.decide(f), &scan, "{:?}", s);
        let (decision, standings) = c.decide_all(f);
        prop_assert_eq!(&decision, &scan, "{:?}", s);
        let full: Vec<_> = c.rules.iter().map(|r| c.standing(r, f)).collect();
        prop_assert_eq!(standings, full, "{:?}", s);
    }
    Ok(())
}

/// A shadowed rule's sessions always go to a higher rule.
fn shadows_hold(t: &Setup) -> Result<(), TestCaseError> {
    let (analysis, compiled, facts, sessions) = (&t.analysis, &t.compiled, &t.facts, t.sessions);
    let index = |id: &str| t.index(id);
    let matches = |r: usize, s: usize| t.matches(r, s);
    for d in analysis.diagnostics.iter().filter(|d| d.code == Code::Shadowed) {
        let lower = index(&d.rules[0]);
        let slot = d.slot.as_deref().expect("slot");
        let slot_index = compiled.slot_index(slot).expect("slot index");
        for (s, f) in facts.iter().enumerate() {
            if matches(lower, s) {
                let winner = compiled.decide(f).picks[slot_index].rule.map(|w| w as usize);
                prop_assert!(winner.is_some_and(|w| w != lower), "shadowed {} won {:?}", d.rules[0], sessions[s]);
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, ..ProptestConfig::default() })]

    #[test]
    fn witnesses_match_and_dead_rules_match_nothing(rs in ruleset(), sessions in prop::collection::vec(session(), 40)) {
        if let Some(t) = Setup::new(&rs, &sessions) {
            witnesses_and_dead_rules(&t, true)?;
        }
    }

    #[test]
    fn derived_attributes_keep_every_property(
        rs in ruleset_over(derived_predicate().boxed()),
        sessions in prop::collection::vec(derived_session(), 40),
    ) {
        if let Some(t) = Setup::new(&rs, &sessions) {
            witnesses_and_dead_rules(&t, false)?;
            no_missed_overlaps(&t)?;
            shadows_hold(&t)?;
            index_is_exact(&t)?;
        }
    }

    #[test]
    fn every_overlap_seen_in_data_is_reported(rs in ruleset(), sessions in prop::collection::vec(session(), 40)) {
        if let Some(t) = Setup::new(&rs, &sessions) {
            no_missed_overlaps(&t)?;
        }
    }

    #[test]
    fn shadowed_rules_never_win(rs in ruleset(), sessions in prop::collection::vec(session(), 40)) {
        if let Some(t) = Setup::new(&rs, &sessions) {
            shadows_hold(&t)?;
            index_is_exact(&t)?;
        }
    }
}
