//! What the analysis knows about derived attributes: which source each is a
//! function of, and what that function yields. A session may give a derived
//! attribute itself (then any value is possible), but it is *absent* only
//! when the session does not give it and its source is absent or derives
//! nothing: `device.type` from any user agent, `device.os` from
//! `Mozilla/5.0 (iPhone; …)`, `traffic.referrer_host` from `https://x.com/`
//! always yield a value. The solver uses this to refute "missing" next to a
//! source that always derives, and the witness builder to keep derived
//! values consistent with the source it sets.

use super::automata::{PatternId, Patterns, TextSat};
use crate::derive::channel::referrer_host;
use crate::derive::device::parse_user_agent;
use crate::model::AttrId;
use crate::model::attribute::id;

/// Each derived attribute with the source it is derived from when the
/// session does not give it.
pub const DERIVED: [(AttrId, AttrId); 4] = [
    (id::REFERRER_HOST, id::REFERRER),
    (id::DEVICE_TYPE, id::USER_AGENT),
    (id::OS, id::USER_AGENT),
    (id::BROWSER, id::USER_AGENT),
];

/// The value `attr` derives from its source's value `source`, as the engine
/// computes it (see `engine::facts`).
pub fn derive(attr: AttrId, source: &str) -> Option<String> {
    match attr {
        id::REFERRER_HOST => referrer_host(source),
        id::DEVICE_TYPE => parse_user_agent(source).kind.map(|k| k.as_str().to_owned()),
        id::OS => parse_user_agent(source).os.clone(),
        id::BROWSER => parse_user_agent(source).browser.clone(),
        _ => None,
    }
}

/// Whether the derivation of `attr` yields a value for every source value
/// (then a present source means a present attribute, whatever the value).
pub fn always_yields(attr: AttrId) -> bool {
    attr == id::DEVICE_TYPE
}

/// Source values examined, one after another, when looking for one that
/// derives nothing.
const TRIES: usize = 8;

/// The answer to "is there a source value, among those `lits` allow, from
/// which `attr` derives nothing?".
#[derive(Clone, Debug, PartialEq)]
pub enum Underived {
    /// Yes, this one.
    Found(String),
    /// No: every allowed value derives a value.
    Never,
    /// Not decided within the budget.
    Unknown,
}

/// Looks for a source value matching `lits` from which `attr` derives
/// nothing, trying members of the language one by one (each found member is
/// excluded before the next is asked for), so a source pinned to a few
/// values is decided exactly.
pub fn underived_source(patterns: &Patterns, attr: AttrId, lits: &[(PatternId, bool)]) -> Underived {
    if always_yields(attr) {
        return Underived::Never;
    }
    let mut lits = lits.to_vec();
    for _ in 0..TRIES {
        match patterns.solve(&lits) {
            TextSat::Unsat => return Underived::Never,
            TextSat::Unknown => return Underived::Unknown,
            TextSat::Sat(member) => {
                if derive(attr, &member).is_none() {
                    return Underived::Found(member);
                }
                lits.push((patterns.intern(&format!(r"\A{}\z", regex::escape(&member))), false));
                lits.sort_unstable();
                lits.dedup();
            }
        }
    }
    Underived::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact(p: &Patterns, s: &str) -> (PatternId, bool) {
        (p.intern(&format!(r"\A{}\z", regex::escape(s))), true)
    }

    #[test]
    fn derivations_agree_with_the_engine() {
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 \
                      (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
        assert_eq!(derive(id::OS, iphone).as_deref(), Some("iOS"));
        assert_eq!(derive(id::BROWSER, iphone).as_deref(), Some("Safari"));
        assert_eq!(derive(id::DEVICE_TYPE, iphone).as_deref(), Some("mobile"));
        assert_eq!(derive(id::OS, "a"), None);
        assert_eq!(derive(id::DEVICE_TYPE, "a").as_deref(), Some("desktop"), "every agent has a type");
        assert_eq!(derive(id::REFERRER_HOST, "https://x.com/").as_deref(), Some("x.com"));
        assert_eq!(derive(id::REFERRER_HOST, " "), None);
        assert_eq!(derive(id::COUNTRY, "CA"), None, "not derived");
    }

    #[test]
    fn a_pinned_source_is_decided_exactly() {
        let p = Patterns::new();
        let iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X)";
        assert_eq!(underived_source(&p, id::OS, &[exact(&p, iphone)]), Underived::Never);
        assert_eq!(underived_source(&p, id::REFERRER_HOST, &[exact(&p, "https://x.com/")]), Underived::Never);
        let either = (p.intern(r"\A(?:https://x\.com/| )\z"), true);
        assert_eq!(underived_source(&p, id::REFERRER_HOST, &[either]), Underived::Found(" ".to_owned()));
        assert!(
            matches!(underived_source(&p, id::BROWSER, &[]), Underived::Found(_)),
            "the empty agent has no browser"
        );
        assert_eq!(underived_source(&p, id::DEVICE_TYPE, &[]), Underived::Never);
    }
}
