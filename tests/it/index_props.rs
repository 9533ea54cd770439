//! The condition index (issue 18) against a full scan: on random rulesets of
//! up to 200 rules (bitsets over several words) and random sessions,
//! `decide` (through the index, evaluating only what it did not settle)
//! and `decide_all` (and `winner`, slot by slot) give exactly what `decide_scan` and every rule's
//! `standing`, evaluated whole, give; and `decide_scan` gives what SPEC §4
//! written out slot by slot (`reference`, independent of the engine's walk)
//! gives.
//!
//! Rules mix every operator on text, codes, numbers, lists and segments,
//! case-insensitive tests, negations and nested conditions, absent values,
//! disabled rules, schedules, holdouts, equal priorities with different
//! outcomes and rules on several slots. Thresholds come from 241 values, so
//! numeric dimensions are sampled (more than `MAX_CUTS` thresholds) as well
//! as exact. 256 cases of 300 sessions each: about 7.7 million (rule,
//! session) pairs in a run (20 s in a debug build).

use chrono::{DateTime, Duration, FixedOffset};
use proptest::prelude::*;
use rulestudio::compile::{CompiledRuleset, compile};
use rulestudio::engine::{Decision, Facts, Pick, Standing};
use rulestudio::model::*;

const COUNTRIES: &[&str] = &["CA", "US", "NO", "SE", "DE", "FR"];
const SOURCES: &[&str] = &["google", "Google", "fb", "bing", "news-mail", "", "ggl", "x.fb"];
const CATEGORIES: &[&str] = &["shoes", "bags", "hats", "socks"];
const SEGMENTS: &[&str] = &["vip", "news", "big"];

fn base() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-11-02T00:00:00Z").expect("base instant")
}

fn some(options: &'static [&'static str]) -> impl Strategy<Value = Vec<String>> {
    prop::sample::subsequence(options, 1..=options.len()).prop_map(|v| v.into_iter().map(String::from).collect())
}

fn one(options: &'static [&'static str]) -> impl Strategy<Value = String> {
    prop::sample::select(options).prop_map(String::from)
}

/// A threshold: 0 to 120 in halves.
fn threshold() -> impl Strategy<Value = f64> {
    (0u32..=240).prop_map(|k| f64::from(k) / 2.0)
}

fn leaf() -> impl Strategy<Value = Condition> {
    let country = prop_oneof![
        one(COUNTRIES).prop_map(Op::Is),
        one(COUNTRIES).prop_map(Op::IsNot),
        some(COUNTRIES).prop_map(Op::In),
        some(COUNTRIES).prop_map(Op::NotIn),
        Just(Op::Exists),
        Just(Op::Missing),
    ]
    .prop_map(|op| Condition::pred("geo.country", op));
    let source = (
        prop_oneof![
            one(SOURCES).prop_map(Op::Is),
            one(SOURCES).prop_map(Op::IsNot),
            some(SOURCES).prop_map(Op::In),
            one(&["g", "oo", "fb", "-"]).prop_map(Op::Contains),
            one(&["g", "G", "x."]).prop_map(Op::StartsWith),
            one(&["e", "fb", "mail"]).prop_map(Op::EndsWith),
            one(&["^g", "o+g", "(fb|bing)$", "^$", "[a-z]+-"]).prop_map(Op::Matches),
            Just(Op::Exists),
            Just(Op::Missing),
        ],
        prop::bool::weighted(0.3),
    )
        .prop_map(|(op, ci)| {
            let ignore_case = ci && !matches!(op, Op::Exists | Op::Missing);
            Condition::Pred(Predicate { attr: "traffic.utm_source".into(), op, ignore_case })
        });
    let number = (
        prop::sample::select(&["customer.orders", "customer.lifetime_value"][..]),
        prop_oneof![
            threshold().prop_map(Op::Lt),
            threshold().prop_map(Op::Le),
            threshold().prop_map(Op::Gt),
            threshold().prop_map(Op::Ge),
            (threshold(), threshold()).prop_map(|(a, b)| Op::Between(a.min(b), a.max(b))),
            Just(Op::Exists),
            Just(Op::Missing),
        ],
    )
        .prop_map(|(attr, op)| Condition::pred(attr, op));
    let categories = prop_oneof![
        one(CATEGORIES).prop_map(Op::Has),
        some(CATEGORIES).prop_map(Op::HasAny),
        some(CATEGORIES).prop_map(Op::HasAll),
        some(CATEGORIES).prop_map(Op::HasNone),
        Just(Op::Exists),
        Just(Op::Missing),
    ]
    .prop_map(|op| Condition::pred("cart.categories", op));
    let segments = prop_oneof![
        one(SEGMENTS).prop_map(Op::Has),
        some(SEGMENTS).prop_map(Op::HasAny),
        some(SEGMENTS).prop_map(Op::HasAll),
        some(SEGMENTS).prop_map(Op::HasNone),
    ]
    .prop_map(|op| Condition::pred("customer.segments", op));
    let device = prop_oneof![
        one(&["mobile", "desktop", "tablet"]).prop_map(Op::Is),
        some(&["mobile", "desktop", "tablet"]).prop_map(Op::NotIn),
    ]
    .prop_map(|op| Condition::pred("device.type", op));
    prop_oneof![3 => country, 3 => source, 3 => number, 2 => categories, 2 => segments, 1 => device]
}

/// Mostly the conjunctions the index anchors, sometimes a lone predicate or
/// a nested `any` / `not` it cannot.
fn condition() -> impl Strategy<Value = Condition> {
    prop_oneof![
        6 => prop::collection::vec(leaf(), 1..5).prop_map(Condition::All),
        2 => leaf(),
        1 => prop::collection::vec(leaf(), 1..3).prop_map(Condition::Any),
        1 => (leaf(), prop::collection::vec(leaf(), 1..3)).prop_map(|(a, rest)| {
            Condition::All(vec![a, Condition::Not(Box::new(Condition::Any(rest)))])
        }),
    ]
}

fn schedule() -> impl Strategy<Value = Option<Schedule>> {
    prop_oneof![
        4 => Just(None),
        1 => (0i64..48, 1i64..72).prop_map(|(start, len)| Some(Schedule {
            start: Some(base() + Duration::hours(start)),
            end: Some(base() + Duration::hours(start + len)),
            weekdays: Vec::new(),
            hours: None,
        })),
    ]
}

/// Rule: condition, priority, slots acted on (with one of two outcomes each),
/// schedule, holdout and enabled.
type RuleParts = (Condition, i32, Vec<(usize, bool)>, Option<Schedule>, u8, bool);

fn rule() -> impl Strategy<Value = RuleParts> {
    (
        condition(),
        0i32..4,
        prop::collection::vec((0usize..3, any::<bool>()), 1..3),
        schedule(),
        prop::sample::select(&[0u8, 0, 0, 0, 30, 100][..]),
        prop::bool::weighted(0.9),
    )
}

fn ruleset() -> impl Strategy<Value = Ruleset> {
    prop::collection::vec(rule(), 1..200).prop_map(|rules| {
        let mut rs = Ruleset::new("index-props");
        rs.time_zone = "Europe/Oslo".into();
        rs.slots = (0..3)
            .map(|s| Slot {
                id: format!("s{s}"),
                kind: SlotKind::Content,
                default: Outcome::Content { id: "default".into() },
                description: String::new(),
            })
            .collect();
        rs.segments = vec![
            Segment { id: "vip".into(), description: String::new(), when: None },
            Segment { id: "news".into(), description: String::new(), when: None },
            Segment {
                id: "big".into(),
                description: String::new(),
                when: Some(Condition::pred("customer.lifetime_value", Op::Ge(60.0))),
            },
        ];
        rs.rules = rules
            .into_iter()
            .enumerate()
            .map(|(i, (when, priority, mut slots, schedule, holdout_percent, enabled))| {
                slots.sort_by_key(|(s, _)| *s);
                slots.dedup_by_key(|(s, _)| *s);
                let then = slots
                    .into_iter()
                    .map(|(s, alt)| Action {
                        slot: format!("s{s}"),
                        outcome: Outcome::Content { id: if alt { "b".into() } else { "a".into() } },
                    })
                    .collect();
                let mut rule = Rule::new(format!("r{i}"), format!("rule {i}"), priority, when, then);
                rule.enabled = enabled;
                rule.schedule = schedule;
                rule.holdout_percent = holdout_percent;
                rule
            })
            .collect();
        rs
    })
}

fn session() -> impl Strategy<Value = Session> {
    (
        prop::option::of(one(COUNTRIES)),
        prop::option::of(one(SOURCES)),
        prop::option::of(0u32..=121),
        prop::option::of((0u32..=242).prop_map(|k| f64::from(k) / 2.0)),
        prop::option::of(prop::sample::subsequence(CATEGORIES, 0..=4)),
        prop::option::of(prop::sample::subsequence(&["vip", "news"][..], 0..=2)),
        prop::option::of(prop::sample::select(&[DeviceType::Mobile, DeviceType::Desktop, DeviceType::Tablet][..])),
        prop::option::of(0i64..130),
        0u32..100_000,
    )
        .prop_map(|(country, source, orders, value, cats, segs, device, hours, v)| {
            let mut s = Session { id: format!("s{v}"), visitor_id: Some(format!("v{v}")), ..Session::default() };
            s.geo.country = country.and_then(|c| CountryCode::new(&c).ok());
            s.traffic.utm_source = source;
            s.customer.orders = orders;
            s.customer.lifetime_value = value.and_then(|x| Amount::new(x).ok());
            s.cart.categories = cats.map(|c| c.into_iter().map(String::from).collect());
            s.customer.segments = segs.map(|c| c.into_iter().map(String::from).collect());
            s.device.kind = device;
            s.timestamp = hours.map(|h| base() + Duration::hours(h));
            s
        })
}

/// SPEC §4 written out slot by slot, independent of the engine's walk: a
/// slot's candidates are its enabled rules by priority, then file order; the
/// first eligible one wins, held-out ones before it are listed, and the
/// first later eligible rule of the winner's priority with another outcome
/// is a tie.
fn reference(c: &CompiledRuleset, facts: &Facts) -> Decision {
    let outcome = |rule: usize, slot: usize| c.rules[rule].actions.iter().find(|(s, _)| usize::from(*s) == slot);
    let picks = (0..c.slots.len())
        .map(|slot| {
            let mut candidates: Vec<usize> =
                (0..c.rules.len()).filter(|&i| c.rules[i].enabled && outcome(i, slot).is_some()).collect();
            candidates.sort_by_key(|&i| (std::cmp::Reverse(c.rules[i].priority), i));
            let mut pick = Pick::default();
            let mut rest = candidates.into_iter();
            for i in rest.by_ref() {
                match c.standing(&c.rules[i], facts) {
                    Standing::Eligible => {
                        pick.rule = Some(i as u32);
                        break;
                    }
                    Standing::HeldOut => pick.held_out.push(i as u32),
                    _ => {}
                }
            }
            if let Some(w) = pick.rule.map(|w| w as usize) {
                pick.tie = rest
                    .take_while(|&j| c.rules[j].priority == c.rules[w].priority)
                    .find(|&j| {
                        c.standing(&c.rules[j], facts) == Standing::Eligible
                            && outcome(j, slot).map(|o| &o.1) != outcome(w, slot).map(|o| &o.1)
                    })
                    .map(|j| j as u32);
            }
            pick
        })
        .collect();
    Decision { picks }
}

fn agrees(compiled: &CompiledRuleset, sessions: &[Session]) -> Result<(), TestCaseError> {
    for s in sessions {
        let facts = compiled.facts(s);
        let scan = compiled.decide_scan(&facts);
        prop_assert_eq!(&scan, &reference(compiled, &facts), "decide_scan against SPEC §4 on {:?}", s);
        prop_assert_eq!(&compiled.decide(&facts), &scan, "decide on {:?}", s);
        let (decision, standings) = compiled.decide_all(&facts);
        prop_assert_eq!(&decision, &scan, "decide_all on {:?}", s);
        for (slot, pick) in scan.picks.iter().enumerate() {
            prop_assert_eq!(compiled.winner(&facts, slot), pick.rule, "winner of slot {} on {:?}", slot, s);
        }
        let whole: Vec<_> = compiled.rules.iter().map(|r| compiled.standing(r, &facts)).collect();
        prop_assert_eq!(standings, whole, "standings on {:?}", s);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn indexed_decisions_equal_a_full_scan(
        rs in ruleset(),
        sessions in prop::collection::vec(session(), 300),
    ) {
        let compiled = compile(&rs).map_err(|d| TestCaseError::fail(format!("{d:?}")))?;
        agrees(&compiled, &sessions)?;
    }
}
