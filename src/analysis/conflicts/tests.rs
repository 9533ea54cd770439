//! Tests of the conflict pass: the overlap shortcut against the solver, branches, independence.
use super::*;
use crate::model::{Action, Condition, Op};

fn info<'a>(model: &Model, k: usize, rule: &'a Rule, now: i64) -> RuleInfo<'a> {
    let formula = model.rule(rule);
    let summary = summarize(&formula);
    let sat = matches!(solve(model, &[&formula], now), Answer::Sat(_));
    let branches = if sat { branches(model, &formula, now) } else { None };
    RuleInfo { index: k, rule, formula, negated: std::sync::OnceLock::new(), summary, branches }
}

/// A random condition over codes, choices, numbers, text, lists, time
/// and a derived attribute with its source, nested up to `depth`.
fn condition(rng: &mut fastrand::Rng, depth: u32) -> Condition {
    let texts = ["iPhone", "Android", "bf-2026", "summer"];
    let pred = |rng: &mut fastrand::Rng| -> Condition {
        let text = |rng: &mut fastrand::Rng| texts[rng.usize(..texts.len())].to_owned();
        match rng.u32(..10) {
            0 => Condition::pred("geo.country", Op::In(vec!["CA".into(), ["US", "FR"][rng.usize(..2)].into()])),
            1 => Condition::pred("geo.country", Op::NotIn(vec!["CA".into()])),
            2 => Condition::pred("device.type", Op::Is(["mobile", "desktop"][rng.usize(..2)].into())),
            3 => Condition::pred("device.type", Op::Missing),
            4 => Condition::pred("customer.orders", Op::Ge(f64::from(rng.u32(0..4)))),
            5 => Condition::pred("customer.orders", Op::Lt(f64::from(rng.u32(0..4)))),
            6 => Condition::pred("device.user_agent", Op::Contains(text(rng))),
            7 => Condition::pred("traffic.utm_campaign", Op::Matches(format!("^{}", text(rng)))),
            8 => Condition::pred("customer.segments", Op::Has(["vip", "new"][rng.usize(..2)].into())),
            _ => Condition::pred("time.hour", Op::Between(f64::from(rng.u32(0..12)), f64::from(rng.u32(12..24)))),
        }
    };
    if depth == 0 {
        return pred(rng);
    }
    match rng.u32(..6) {
        0 => Condition::Any((0..rng.usize(2..4)).map(|_| condition(rng, depth - 1)).collect()),
        1 => Condition::Not(Box::new(condition(rng, depth - 1))),
        2 | 3 => Condition::All((0..rng.usize(1..4)).map(|_| condition(rng, depth - 1)).collect()),
        _ => pred(rng),
    }
}

#[test]
fn the_fast_overlap_agrees_with_the_solver() {
    let mut rng = fastrand::Rng::with_seed(13);
    let mut rs = Ruleset::new("s");
    let segment = |id: &str| crate::model::Segment { id: id.into(), description: String::new(), when: None };
    rs.segments = vec![segment("vip"), segment("new")];
    let then = |rs: &Ruleset| vec![Action { slot: rs.slots[0].id.clone(), outcome: rs.slots[0].default.clone() }];
    rs.rules = (0..120).map(|i| Rule::new(format!("r{i}"), "R", 1, condition(&mut rng, 2), then(&rs))).collect();
    let model = Model::new(&rs).unwrap();
    let now = 1_780_000_000;
    let infos: Vec<RuleInfo> = rs.rules.iter().enumerate().map(|(k, r)| info(&model, k, r, now)).collect();
    let (mut fast, mut checked) = (0, 0);
    for a in &infos {
        for b in &infos {
            let truth = decide(&model, &[&a.formula, &b.formula], now);
            if matches!(truth, Answer::Unknown) {
                continue;
            }
            checked += 1;
            fast += usize::from(a.branches.is_some() && b.branches.is_some());
            assert_eq!(a.overlaps(b, &model, now), truth.possible(), "{} and {}", a.rule.when, b.rule.when);
        }
    }
    assert!(checked > 10_000 && fast > checked / 4, "{checked} pairs, {fast} with branches");
}

#[test]
fn branches_spread_conditions_and_drop_impossible_ones() {
    let mut rs = Ruleset::new("s");
    let either = Condition::Any(vec![
        Condition::pred("geo.country", Op::Is("CA".into())),
        Condition::pred("geo.country", Op::Is("US".into())),
    ]);
    let impossible = Condition::All(vec![
        Condition::pred("customer.orders", Op::Lt(1.0)),
        Condition::pred("customer.orders", Op::Gt(2.0)),
    ]);
    let when = Condition::All(vec![either.clone(), Condition::Any(vec![impossible, either])]);
    rs.rules = vec![Rule::new("r", "R", 1, when, vec![])];
    let model = Model::new(&rs).unwrap();
    let f = model.rule(&rs.rules[0]);
    assert_eq!(dnf(&f).map(|b| b.len()), Some(6), "2 × (1 + 2)");
    let kept = branches(&model, &f, 0).unwrap();
    assert_eq!(kept.len(), 2, "only CA ∧ CA and US ∧ US can hold");
    let wide =
        Condition::All((0..5).map(|_| Condition::Any(vec![Condition::pred("geo.city", Op::Exists); 2])).collect());
    rs.rules = vec![Rule::new("w", "W", 1, wide, vec![])];
    let model = Model::new(&rs).unwrap();
    assert!(dnf(&model.rule(&rs.rules[0])).is_none(), "2^5 branches are more than the cap");
}

#[test]
fn derived_attributes_meeting_their_source_go_to_the_solver() {
    let finite = |v: u16| (v, true);
    let text = |v: u16| (v, false);
    let (kind, agent) = (crate::model::attribute::id::DEVICE_TYPE.0, crate::model::attribute::id::USER_AGENT.0);
    assert!(independent(&[finite(1)], &[finite(1), text(agent)]));
    assert!(!independent(&[finite(kind)], &[text(agent)]), "device.type is derived from the user agent");
    assert!(!independent(&[text(7)], &[text(7)]), "two text tests on one attribute need the automata");
    assert!(independent(&[text(7)], &[text(8)]));
}
