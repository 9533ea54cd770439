//! Synthetic rulesets for benchmarks and stress tests: any number of rules
//! over any number of slots, valid by construction (no error diagnostic from
//! [`crate::analysis::validate`]), with the shapes real rulesets have.
//!
//! Slots come from a catalogue of storefront placements of all four kinds
//! (then `slot-NNN` once it runs out); segments include RFM-style ones with
//! conditions and upstream-only ones; each rule tests one to four distinct
//! attributes across geography, traffic, device, segment, customer, cart and
//! time, sometimes with a nested `any` or a `not`, and acts on one or two
//! slots with outcomes that fit them. A few rules have schedules or holdouts
//! or are disabled. Priorities are drawn from a range narrow enough that
//! equal priorities occur, as they do in real rulesets: the conflict
//! analysis has work to do.
//!
//! Conditions are kept satisfiable: a conjunction never tests an attribute
//! twice, rules with weekday or hour schedules do not also test the time,
//! and `has_none` only names segments without a condition.
//!
//! [`ruleset`] is the adversarial shape (random priorities, so equal
//! priorities and ambiguities abound); [`realistic_ruleset`] gives each
//! slot's rules distinct priorities, as a merchandiser does, and adds a
//! chosen number of deliberate conflicts.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use fastrand::Rng;

use super::{chance, pick, pick_distinct, weighted};

mod predicates;

use crate::model::{
    Action, Condition, CustomAttribute, CustomType, HourWindow, Op, Outcome, Rule, Ruleset, Schedule, Segment, Slot,
    SlotKind, Weekday,
};
use predicates::*;

/// A slot kind in the catalogue.
#[derive(Clone, Copy)]
enum Kind {
    Content,
    Ranking,
    Variant(&'static [&'static str]),
    Offer,
}

/// Storefront placements: id, kind, default, description.
const CATALOGUE: &[(&str, Kind, &str, &str)] = &[
    ("home.hero", Kind::Content, "hero-new-season", "Home page hero banner"),
    ("plp.sort", Kind::Ranking, "featured", "Product listing sort order"),
    (
        "layout",
        Kind::Variant(&["standard", "compact", "gift-guide", "lookbook"]),
        "standard",
        "Storefront layout variant",
    ),
    ("cart.offer", Kind::Offer, "NONE", "Offer shown in the cart drawer"),
    ("promo.banner", Kind::Content, "banner-free-returns", "Announcement bar above the header"),
    ("pdp.recommendations", Kind::Ranking, "similar_items", "Recommendations on product pages"),
    ("pdp.layout", Kind::Variant(&["gallery", "stacked", "video-first"]), "gallery", "Product page layout"),
    ("checkout.offer", Kind::Offer, "NONE", "Offer shown at checkout"),
    ("search.sort", Kind::Ranking, "relevance", "Search results sort order"),
    ("nav.promo", Kind::Content, "nav-new-arrivals", "Promotion tile in the navigation menu"),
    ("home.grid", Kind::Variant(&["two-up", "three-up", "masonry"]), "three-up", "Home page product grid"),
    ("signup.offer", Kind::Offer, "NONE", "Offer in the newsletter sign-up pop-up"),
];

const EXTRA_OPTIONS: &[&str] = &["a", "b", "c", "d"];

/// Campaign themes: slug (for content ids and tags) and title (for names).
const THEMES: &[(&str, &str)] = &[
    ("winter-coats", "Winter coats"),
    ("bf-2026", "Black Friday 2026"),
    ("cyber-monday", "Cyber Monday"),
    ("gift-guide", "Gift guide"),
    ("lookbook", "Lookbook"),
    ("new-arrivals", "New arrivals"),
    ("free-shipping", "Free shipping"),
    ("students", "Student discount"),
    ("vip-early-access", "VIP early access"),
    ("summer-collection", "Summer collection"),
    ("boots", "Boots edit"),
    ("knitwear", "Knitwear edit"),
    ("winter-sale", "Winter sale"),
    ("welcome", "Welcome"),
    ("loyalty", "Loyalty rewards"),
    ("app-download", "App download"),
];

const STRATEGIES: &[&str] = &[
    "best_sellers",
    "new_arrivals",
    "price_low_to_high",
    "price_high_to_low",
    "trending",
    "recommended",
    "in_stock_first",
];

const OFFERS: &[(&str, u8)] = &[
    ("WELCOME10", 10),
    ("VIP-FREESHIP", 0),
    ("BF-2026-30", 30),
    ("CYBER25", 25),
    ("WINTER15", 15),
    ("STUDENT15", 15),
    ("COMEBACK20", 20),
    ("PARTNER5", 5),
    ("FREESHIP150", 0),
    ("GIFTWRAP", 0),
    ("LOYALTY-GOLD-20", 20),
];

/// A satisfiable condition and the family tags of what it tests.
fn condition(rng: &mut Rng, time: bool) -> (Condition, Vec<&'static str>) {
    if chance(rng, 0.02) {
        return (Condition::always(), vec!["site-wide"]);
    }
    let n = *weighted(rng, &[(1usize, 35), (2, 40), (3, 18), (4, 7)]);
    let mut used = Vec::new();
    let mut tags = Vec::new();
    let mut parts: Vec<Condition> = Vec::new();
    for g in draw_gens(rng, n, &mut used, time) {
        tags.push(g.tag);
        parts.push((g.draw)(rng));
    }
    if chance(rng, 0.1) {
        let alternatives: Vec<Condition> = draw_gens(rng, 2, &mut used, time)
            .into_iter()
            .map(|g| {
                tags.push(g.tag);
                (g.draw)(rng)
            })
            .collect();
        if alternatives.len() == 2 {
            parts.push(Condition::Any(alternatives));
        } else {
            parts.extend(alternatives);
        }
    }
    if chance(rng, 0.06)
        && let Some(last) = parts.pop()
    {
        parts.push(match last {
            Condition::Pred(_) => Condition::Not(Box::new(last)),
            other => other,
        });
    }
    let mut unique = Vec::new();
    for tag in tags {
        if !unique.contains(&tag) {
            unique.push(tag);
        }
    }
    let cond = if parts.len() == 1 { parts.pop().unwrap_or_else(Condition::always) } else { Condition::All(parts) };
    (cond, unique)
}

/// A slot from the catalogue, or `slot-NNN` of a kind by rotation.
fn slot(i: usize) -> Slot {
    let (id, kind, default, description) = match CATALOGUE.get(i) {
        Some((id, kind, default, description)) => {
            ((*id).to_owned(), *kind, (*default).to_owned(), (*description).to_owned())
        }
        None => {
            let kind = [Kind::Content, Kind::Ranking, Kind::Variant(EXTRA_OPTIONS), Kind::Offer][i % 4];
            let default = match kind {
                Kind::Content => "default",
                Kind::Ranking => "featured",
                Kind::Variant(options) => options[0],
                Kind::Offer => "NONE",
            };
            (format!("slot-{:03}", i + 1), kind, default.to_owned(), format!("Synthetic slot {}", i + 1))
        }
    };
    let (kind, default) = match kind {
        Kind::Content => (SlotKind::Content, Outcome::Content { id: default }),
        Kind::Ranking => (SlotKind::Ranking, Outcome::Ranking { strategy: default, boost: Vec::new() }),
        Kind::Variant(options) => {
            (SlotKind::Variant { options: strings(options) }, Outcome::Variant { option: default })
        }
        Kind::Offer => (SlotKind::Offer, Outcome::Offer { code: default, percent_off: 0 }),
    };
    Slot { id, kind, default, description }
}

/// An outcome that fits `slot`, on a campaign theme.
fn outcome(rng: &mut Rng, slot: &Slot, theme: &str) -> Outcome {
    match &slot.kind {
        SlotKind::Content => {
            let suffix = slot.id.rsplit('.').next().unwrap_or("content");
            Outcome::Content { id: format!("{theme}-{suffix}") }
        }
        SlotKind::Ranking => {
            let boost = if chance(rng, 0.5) { Vec::new() } else { some_of(rng, CATEGORIES, 1, 2) };
            Outcome::Ranking { strategy: (*pick(rng, STRATEGIES)).to_owned(), boost }
        }
        SlotKind::Variant { options } => match options.as_slice() {
            [] => Outcome::Variant { option: "standard".to_owned() },
            options => Outcome::Variant { option: pick(rng, options).clone() },
        },
        SlotKind::Offer => {
            let (code, percent_off) = *pick(rng, OFFERS);
            Outcome::Offer { code: code.to_owned(), percent_off }
        }
    }
}

fn instant(days_after_start: i64, offset_hours: i32) -> Option<DateTime<FixedOffset>> {
    let offset = FixedOffset::east_opt(offset_hours * 3600)?;
    let start = offset.with_ymd_and_hms(2026, 9, 20, 0, 0, 0).single()?;
    Some(start + Duration::days(days_after_start))
}

/// A schedule: an interval of at least a week (so every weekday occurs in
/// it), sometimes narrowed to weekdays or hours; rarely one already over.
fn draw_schedule(rng: &mut Rng) -> Schedule {
    let offset = if chance(rng, 0.7) { -5 } else { 0 };
    let start_day = if chance(rng, 0.05) { rng.i64(-400..=-200) } else { rng.i64(0..=120) };
    let length = rng.i64(7..=60);
    let mut s = Schedule {
        start: instant(start_day, offset),
        end: instant(start_day + length, offset),
        weekdays: Vec::new(),
        hours: None,
    };
    if chance(rng, 0.15) {
        s.start = None;
    }
    if chance(rng, 0.25) {
        let n = rng.u32(2..=5) as usize;
        let mut days = pick_distinct(rng, &Weekday::ALL, n);
        days.sort();
        s.weekdays = days;
    }
    if chance(rng, 0.2) {
        let from = rng.u8(0..24);
        let mut to = from + rng.u8(2..=10);
        if to > 24 {
            to -= 24;
        }
        s.hours = Some(HourWindow { from, to });
    }
    s
}

fn segments() -> Vec<Segment> {
    let seg = |id: &str, description: &str, when: Option<Condition>| Segment {
        id: id.to_owned(),
        description: description.to_owned(),
        when,
    };
    vec![
        seg(
            "vip",
            "Best customers by frequency, value and recency, or flagged upstream.",
            Some(Condition::All(vec![
                pred("customer.orders", Op::Ge(3.0)),
                pred("customer.lifetime_value", Op::Ge(500.0)),
                pred("customer.days_since_last_order", Op::Le(90.0)),
            ])),
        ),
        seg(
            "lapsed",
            "Bought before, not in the last six months.",
            Some(Condition::All(vec![
                pred("customer.orders", Op::Ge(1.0)),
                pred("customer.days_since_last_order", Op::Gt(180.0)),
            ])),
        ),
        seg("big-cart", "A cart worth 250 or more.", Some(pred("cart.value", Op::Ge(250.0)))),
        seg("first-timer", "First visit.", Some(pred("customer.visitor_type", Op::Is("new".to_owned())))),
        seg("newsletter", "Newsletter subscribers (from the email platform).", None),
        seg("students", "Verified students (from the verification partner).", None),
        seg("loyalty", "Loyalty programme members (from the CRM).", None),
        seg("wholesale", "Wholesale accounts (from the ERP).", None),
    ]
}

/// A synthetic ruleset of `rules` rules over `slots` slots (at least one),
/// drawn from `seed`: the same arguments always give the same ruleset. It
/// has no error diagnostic from validation as long as `rules` and `slots`
/// are within the documented limits; warnings (unused slots, schedules that
/// are over) and, once conflicts are analysed, equal-priority conflicts are
/// expected.
///
/// # Example
/// ```
/// use rulestudio::analysis::{Severity, validate};
/// let rs = rulestudio::generate::ruleset(1, 200, 10);
/// assert_eq!(rs.rules.len(), 200);
/// assert!(validate(&rs).iter().all(|d| d.severity != Severity::Error));
/// ```
pub fn ruleset(seed: u64, rules: usize, slots: usize) -> Ruleset {
    let mut rng = Rng::with_seed(seed);
    let rng = &mut rng;
    let slots: Vec<Slot> = (0..slots.max(1)).map(slot).collect();
    let top = i32::try_from(rules / 3).unwrap_or(i32::MAX / 2).saturating_add(5);
    let rules: Vec<Rule> = (0..rules)
        .map(|i| {
            let (theme, title) = *pick(rng, THEMES);
            let schedule = chance(rng, 0.08).then(|| draw_schedule(rng));
            let time = schedule.as_ref().is_none_or(|s| s.weekdays.is_empty() && s.hours.is_none());
            let (when, families) = condition(rng, time);
            let n_actions = if slots.len() > 1 && chance(rng, 0.3) { 2 } else { 1 };
            let indices: Vec<usize> = (0..slots.len()).collect();
            let then = pick_distinct(rng, &indices, n_actions)
                .into_iter()
                .map(|k| Action { slot: slots[k].id.clone(), outcome: outcome(rng, &slots[k], theme) })
                .collect();
            let mut tags = vec![theme.to_owned()];
            tags.extend(families.iter().map(|f| (*f).to_owned()));
            Rule {
                id: format!("r-{:05}", i + 1),
                name: format!("{title} #{}", i + 1),
                enabled: !chance(rng, 0.05),
                priority: rng.i32(1..=top),
                when,
                then,
                schedule,
                holdout_percent: if chance(rng, 0.06) { *pick(rng, &[5, 10, 10, 20, 50]) } else { 0 },
                tags,
                notes: if chance(rng, 0.04) {
                    "Synthetic rule: the condition and priority are random.".to_owned()
                } else {
                    String::new()
                },
                created: None,
                updated: None,
            }
        })
        .collect();
    let n_rules = rules.len();
    let n_slots = slots.len();
    Ruleset {
        name: format!("synthetic-{n_rules}-rules"),
        description: format!(
            "Synthetic ruleset for benchmarks: {n_rules} rules over {n_slots} slots \
             (rulestudio generate ruleset --seed {seed})."
        ),
        time_zone: "America/Toronto".to_owned(),
        attributes: vec![CustomAttribute {
            name: "loyalty_tier".to_owned(),
            ty: CustomType::Text,
            description: "Loyalty programme tier from the CRM: bronze, silver or gold.".to_owned(),
        }],
        slots,
        segments: segments(),
        rules,
        tests: Vec::new(),
        personas: Vec::new(),
        last_export: None,
    }
}

/// A ruleset as a merchandiser keeps one: [`ruleset`]'s rules, but every
/// slot's rules have distinct priorities (spaced by tens, the way people
/// number them), except `conflicts` deliberate pairs: a rule copied with its
/// condition, schedule and priority onto one of its slots with a different
/// outcome, so each pair is exactly one `ambiguous-priority` error (the
/// copy's notes name the rule it fights). Fewer pairs when the rules run out.
///
/// # Example
/// ```
/// use rulestudio::analysis::{Severity, validate};
/// let rs = rulestudio::generate::realistic_ruleset(1, 200, 10, 2);
/// assert_eq!(rs.rules.len(), 200);
/// assert!(validate(&rs).iter().all(|d| d.severity != Severity::Error));
/// ```
pub fn realistic_ruleset(seed: u64, rules: usize, slots: usize, conflicts: usize) -> Ruleset {
    let mut rs = ruleset(seed, rules, slots);
    let mut rng = Rng::with_seed(seed ^ 0x5eed_c0f1);
    let rng = &mut rng;
    let top = i32::try_from(rules).unwrap_or(i32::MAX / 20).saturating_add(10).saturating_mul(10);
    let mut used: Vec<std::collections::HashSet<i32>> = vec![Default::default(); rs.slots.len()];
    let slot_of = |rs: &Ruleset, id: &str| rs.slots.iter().position(|s| s.id == id).unwrap_or(0);
    for i in 0..rs.rules.len() {
        let mine: Vec<usize> = rs.rules[i].then.iter().map(|a| slot_of(&rs, &a.slot)).collect();
        let free = |p: &i32| mine.iter().all(|&s| !used[s].contains(p));
        let drawn = (0..64).map(|_| rng.i32(1..=top / 10) * 10).find(free);
        let priority = drawn.or_else(|| (1..=i32::MAX).find(free)).unwrap_or(1);
        mine.iter().for_each(|&s| {
            used[s].insert(priority);
        });
        rs.rules[i].priority = priority;
    }
    let mut taken = vec![false; rs.rules.len()];
    let mut order: Vec<usize> = (0..rs.rules.len()).collect();
    rng.shuffle(&mut order);
    let mut made = 0;
    for &a in &order {
        if made == conflicts {
            break;
        }
        let rule = &rs.rules[a];
        if taken[a] || !rule.enabled || rule.schedule.is_some() || rule.holdout_percent > 0 {
            continue;
        }
        let Some(b) = order.iter().copied().find(|&b| b != a && !taken[b]) else { break };
        let action = rule.then[0].clone();
        let slot = rs.slots[slot_of(&rs, &action.slot)].clone();
        let theme = rule.tags.first().cloned().unwrap_or_default();
        let Some(other) = (0..32).map(|_| outcome(rng, &slot, &theme)).find(|o| *o != action.outcome) else {
            continue;
        };
        let (when, priority, id) = (rule.when.clone(), rule.priority, rule.id.clone());
        let copy = &mut rs.rules[b];
        for old in &copy.then {
            let s = rs.slots.iter().position(|x| x.id == old.slot).unwrap_or(0);
            used[s].remove(&copy.priority);
        }
        copy.when = when;
        copy.priority = priority;
        copy.enabled = true;
        copy.schedule = None;
        copy.holdout_percent = 0;
        copy.then = vec![Action { slot: action.slot, outcome: other }];
        copy.tags.push("deliberate-conflict".to_owned());
        copy.notes = format!("Deliberate conflict: the condition and priority of `{id}`, another outcome.");
        taken[a] = true;
        taken[b] = true;
        made += 1;
    }
    rs.name = format!("realistic-{}-rules", rs.rules.len());
    rs.description = format!(
        "Synthetic ruleset: {} rules over {} slots with distinct priorities per slot and {made} deliberate \
         conflicts (rulestudio generate ruleset --seed {seed} --conflicts {conflicts}).",
        rs.rules.len(),
        rs.slots.len()
    );
    rs
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::analysis::{Severity, validate};

    fn errors(rs: &Ruleset) -> Vec<String> {
        validate(rs)
            .into_iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect()
    }

    #[test]
    fn valid_for_every_seed_and_size() {
        for seed in 1..=5 {
            for (rules, slots) in [(10, 10), (1000, 10), (10, 1), (50, 30)] {
                let rs = ruleset(seed, rules, slots);
                assert_eq!(rs.rules.len(), rules);
                assert_eq!(rs.slots.len(), slots);
                assert_eq!(errors(&rs), Vec::<String>::new(), "seed {seed}, {rules} rules, {slots} slots");
            }
        }
        assert_eq!(ruleset(1, 3, 0).slots.len(), 1);
    }

    /// Distinct priorities per slot but for the deliberate pairs, each of
    /// which the analysis reports as exactly one ambiguity.
    #[test]
    fn realistic_rulesets_conflict_only_where_asked() {
        for (seed, rules, conflicts) in [(1, 300, 3), (2, 120, 0), (3, 40, 5)] {
            let rs = realistic_ruleset(seed, rules, 10, conflicts);
            assert_eq!(errors(&rs).len(), 0, "seed {seed}");
            let mut seen = std::collections::HashMap::new();
            let mut pairs = BTreeSet::new();
            for rule in &rs.rules {
                for action in &rule.then {
                    if let Some(other) = seen.insert((action.slot.clone(), rule.priority), rule.id.clone()) {
                        pairs.insert((other, rule.id.clone()));
                    }
                }
            }
            assert_eq!(pairs.len(), conflicts, "seed {seed}: {pairs:?}");
            let analysis = crate::analysis::analyze(&rs, &crate::analysis::Options::default());
            let mut ambiguous: Vec<(String, String)> = analysis
                .diagnostics
                .iter()
                .filter(|d| d.code == crate::analysis::Code::Ambiguity)
                .map(|d| {
                    let mut r = d.rules.clone();
                    r.sort();
                    (r[0].clone(), r[1].clone())
                })
                .collect();
            ambiguous.sort();
            let mut expected: Vec<(String, String)> =
                pairs.into_iter().map(|(a, b)| if a < b { (a, b) } else { (b, a) }).collect();
            expected.sort();
            assert_eq!(ambiguous, expected, "seed {seed}");
        }
    }

    #[test]
    fn deterministic() {
        assert_eq!(ruleset(3, 300, 10), ruleset(3, 300, 10));
        assert_ne!(ruleset(3, 300, 10), ruleset(4, 300, 10));
    }

    #[test]
    fn realistic_shape() {
        let rs = ruleset(2, 1000, 10);
        let kinds: BTreeSet<&str> = rs.slots.iter().map(|s| s.kind.name()).collect();
        assert_eq!(kinds.len(), 4, "{kinds:?}");
        let mut attrs = BTreeSet::new();
        let (mut nested, mut negated, mut scheduled, mut held_out, mut disabled, mut two_actions) = (0, 0, 0, 0, 0, 0);
        for rule in &rs.rules {
            rule.when.visit_preds(&mut Vec::new(), &mut |p, _| {
                attrs.insert(p.attr.clone());
            });
            let text = rule.when.to_string();
            nested += usize::from(text.contains("any["));
            negated += usize::from(text.contains("not("));
            scheduled += usize::from(rule.schedule.is_some());
            held_out += usize::from(rule.holdout_percent > 0);
            disabled += usize::from(!rule.enabled);
            two_actions += usize::from(rule.then.len() == 2);
        }
        for family in ["geo.country", "traffic.channel", "device.type", "customer.segments"] {
            assert!(attrs.contains(family), "{family} never tested");
        }
        assert!(attrs.len() >= 20, "{attrs:?}");
        for (what, n) in [
            ("nested", nested),
            ("negated", negated),
            ("scheduled", scheduled),
            ("held out", held_out),
            ("disabled", disabled),
            ("two actions", two_actions),
        ] {
            assert!(n > 10, "{what}: {n}");
        }
        let priorities: BTreeSet<i32> = rs.rules.iter().map(|r| r.priority).collect();
        assert!(priorities.len() < rs.rules.len(), "no equal priorities");
        assert!(priorities.len() > 100, "{} distinct priorities", priorities.len());
    }

    #[test]
    fn round_trips_through_ron_and_compiles() {
        let rs = ruleset(5, 200, 12);
        let text = crate::format::to_ron(&rs).unwrap();
        let back = crate::format::parse_ruleset(&text, "synthetic.rules.ron").unwrap();
        assert_eq!(back, rs);
        let compiled = crate::compile::compile(&rs).unwrap();
        let mut applied = 0;
        for session in crate::generate::sessions(5, 500) {
            let decision = compiled.decide(&compiled.facts(&session));
            applied += decision.picks.iter().filter(|p| p.rule.is_some()).count();
        }
        assert!(applied > 100, "only {applied} slot decisions went to a rule");
    }
}
