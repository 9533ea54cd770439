//! Outcomes for generated sessions (`rulestudio generate sessions
//! --outcomes`), drawn from a model with a known true effect per rule, so
//! that `rulestudio measure` can be checked against the truth.
//!
//! Each session is decided with the ruleset (the demo store's by default);
//! then:
//! - A crawler never converts. Anyone else converts with probability
//!   2.5 %, × 1.6 when they ordered before, × 1.8 with a non-empty cart,
//!   times the conversion factor of every rule of [`EFFECTS`] that won a
//!   slot of the session (at most 90 %).
//! - Revenue is 0 without conversion; with it, the cart's value (or a
//!   uniform 40–240 without a cart) times a uniform 0.8–1.2, in cents.
//! - The named metric `pages` is 1, plus one page per success of a 60 %
//!   coin flipped until it fails, plus 2 when the session converted.
//! - The rule of [`BROKEN_HOLDOUT`] loses that share of the sessions it
//!   holds out (as if its control page failed to log them): those sessions
//!   are not written, so its control share is too low (a sample ratio
//!   mismatch).
//!
//! Outcome draws use their own random stream, so the sessions themselves
//! are those of [`super::sessions`] with the same seed.

use fastrand::Rng;

use super::{cents, chance, mix};
use crate::compile::CompiledRuleset;
use crate::model::{Amount, Session, SessionOutcome};

/// A rule's true effect: conversion is multiplied by `conversion` in the
/// sessions where it won a slot.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KnownEffect {
    /// The demo rule's id.
    pub rule: &'static str,
    /// The factor on conversion (1 is no effect).
    pub conversion: f64,
}

/// The true effects, keyed by demo rule ids (each has a 20 % holdout in
/// `rulesets/demo-store.rules.ron`): the compact mobile layout helps
/// (+25 %), the app banner hurts (−30 %), the welcome hero does nothing.
pub const EFFECTS: &[KnownEffect] = &[
    KnownEffect { rule: "mobile-compact-layout", conversion: 1.25 },
    KnownEffect { rule: "ios-app-banner", conversion: 0.70 },
    KnownEffect { rule: "new-visitor-welcome", conversion: 1.0 },
];

/// The rule whose holdout is broken, and the share of its held-out
/// sessions that are lost.
pub const BROKEN_HOLDOUT: (&str, f64) = ("lapsed-winback", 0.4);

/// Base conversion probability.
const BASE: f64 = 0.025;

/// Generated sessions with outcomes: `count` visits drawn from `seed` (as
/// [`super::sessions`]), each decided by `compiled` and given an outcome;
/// visits lost by the broken holdout are left out, so fewer than `count`
/// may come.
pub fn sessions_with_outcomes(compiled: &CompiledRuleset, seed: u64, count: usize) -> impl Iterator<Item = Session> {
    let factors: Vec<f64> =
        compiled.rules.iter().map(|r| EFFECTS.iter().find(|e| e.rule == r.id).map_or(1.0, |e| e.conversion)).collect();
    let broken = compiled.rules.iter().position(|r| r.id == BROKEN_HOLDOUT.0).map(|r| r as u32);
    let mut rng = Rng::with_seed(mix(seed ^ 0x0c7c_03e5));
    super::sessions(seed, count).filter_map(move |mut session| {
        let facts = compiled.facts(&session);
        let (decision, _) = compiled.decide_all(&facts);
        let lost = broken.is_some_and(|b| decision.picks.iter().any(|p| p.held_out.contains(&b)));
        if lost && chance(&mut rng, BROKEN_HOLDOUT.1) {
            return None;
        }
        let mut p = BASE;
        if session.customer.orders.is_some_and(|o| o > 0) {
            p *= 1.6;
        }
        let cart = session.cart.value.map_or(0.0, Amount::get);
        if cart > 0.0 {
            p *= 1.8;
        }
        let mut winners: Vec<u32> = decision.picks.iter().filter_map(|p| p.rule).collect();
        winners.sort_unstable();
        winners.dedup();
        for w in winners {
            p *= factors.get(w as usize).copied().unwrap_or(1.0);
        }
        let crawler =
            session.device.user_agent.as_deref().is_some_and(|ua| {
                crate::derive::device::parse_user_agent(ua).kind == Some(crate::model::DeviceType::Bot)
            });
        let converted = !crawler && chance(&mut rng, p.min(0.9));
        let revenue = if converted {
            let value = if cart > 0.0 { cart } else { 40.0 + 200.0 * rng.f64() };
            cents(value * (0.8 + 0.4 * rng.f64()))
        } else {
            0.0
        };
        let mut pages = 1.0;
        while chance(&mut rng, 0.6) {
            pages += 1.0;
        }
        if converted {
            pages += 2.0;
        }
        session.outcome = Some(SessionOutcome {
            converted: Some(converted),
            revenue: Amount::new(revenue).ok(),
            metrics: [("pages".to_owned(), pages)].into_iter().collect(),
        });
        Some(session)
    })
}
