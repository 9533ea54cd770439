//! Regular languages of text attributes, decided exactly with DFAs
//! (`regex-automata`). Every text test is a pattern with search semantics
//! (see [`crate::validate::pattern::search_pattern`]); a set of positive and
//! negated patterns is satisfiable when the product of their DFAs, together
//! with a DFA for valid UTF-8, accepts some string. Breadth-first search over
//! the product finds the shortest such string, preferring readable bytes.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, RwLock};

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, MatchKind};

/// Identifies a pattern in a [`Patterns`] registry.
pub type PatternId = u32;

/// Most product states explored before giving up (the answer is then "possible").
const MAX_PRODUCT_STATES: usize = 200_000;
/// Largest DFA built for one pattern, in bytes.
const MAX_DFA_BYTES: usize = 8 << 20;

/// The outcome of a satisfiability question that may be out of reach.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextSat {
    /// Satisfiable; a shortest readable member.
    Sat(String),
    /// No string satisfies the constraints.
    Unsat,
    /// Could not be decided (a pattern too large or with features the DFA
    /// cannot follow on all input).
    Unknown,
}

struct Dfa {
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
}

fn build(pattern: &str, anchored_whole: bool) -> Option<Dfa> {
    let wrapped = if anchored_whole { pattern.to_owned() } else { format!("(?s:.)*?(?:{pattern})") };
    let config = dense::Config::new()
        .match_kind(MatchKind::All)
        .start_kind(StartKind::Anchored)
        .unicode_word_boundary(true)
        .dfa_size_limit(Some(MAX_DFA_BYTES))
        .determinize_size_limit(Some(MAX_DFA_BYTES));
    let dfa = dense::Builder::new().configure(config).build(&wrapped).ok()?;
    let start = dfa.start_state(&start::Config::new().anchored(Anchored::Yes)).ok()?;
    Some(Dfa { dfa, start })
}

/// A registry of patterns and their DFAs, with a cache of answers. Shared by
/// every query of one analysis run (and across threads).
pub struct Patterns {
    texts: Mutex<Vec<String>>,
    ids: Mutex<HashMap<String, PatternId>>,
    dfas: Mutex<HashMap<PatternId, Option<Arc<Dfa>>>>,
    utf8: Option<Arc<Dfa>>,
    cache: RwLock<HashMap<Vec<(PatternId, bool)>, TextSat>>,
}

impl Default for Patterns {
    fn default() -> Self {
        Self::new()
    }
}

impl Patterns {
    /// An empty registry.
    pub fn new() -> Self {
        Patterns {
            texts: Mutex::new(Vec::new()),
            ids: Mutex::new(HashMap::new()),
            dfas: Mutex::new(HashMap::new()),
            utf8: build(r"\A(?s:.)*\z", true).map(Arc::new),
            cache: RwLock::new(HashMap::new()),
        }
    }

    /// The id of a pattern, registering it.
    pub fn intern(&self, pattern: &str) -> PatternId {
        let mut ids = lock(&self.ids);
        if let Some(id) = ids.get(pattern) {
            return *id;
        }
        let mut texts = lock(&self.texts);
        let id = texts.len() as PatternId;
        texts.push(pattern.to_owned());
        ids.insert(pattern.to_owned(), id);
        id
    }

    /// The pattern with this id.
    pub fn text(&self, id: PatternId) -> String {
        lock(&self.texts).get(id as usize).cloned().unwrap_or_default()
    }

    fn dfa(&self, id: PatternId) -> Option<Arc<Dfa>> {
        if let Some(d) = lock(&self.dfas).get(&id) {
            return d.clone();
        }
        let built = build(&self.text(id), false).map(Arc::new);
        lock(&self.dfas).insert(id, built.clone());
        built
    }

    /// Whether some string matches every `(pattern, true)` and no
    /// `(pattern, false)`, and a shortest readable one.
    pub fn solve(&self, lits: &[(PatternId, bool)]) -> TextSat {
        let sorted = lits.windows(2).all(|w| w[0] < w[1]);
        let owned;
        let key: &[(PatternId, bool)] = if sorted {
            lits
        } else {
            let mut k = lits.to_vec();
            k.sort_unstable();
            k.dedup();
            owned = k;
            &owned
        };
        if key.windows(2).any(|w| w[0].0 == w[1].0) {
            return TextSat::Unsat; // p and not p
        }
        if let Some(hit) = self.cache.read().unwrap_or_else(std::sync::PoisonError::into_inner).get(key) {
            return hit.clone();
        }
        let answer = self.search(key);
        self.cache.write().unwrap_or_else(std::sync::PoisonError::into_inner).insert(key.to_vec(), answer.clone());
        answer
    }

    fn search(&self, lits: &[(PatternId, bool)]) -> TextSat {
        let Some(utf8) = self.utf8.clone() else { return TextSat::Unknown };
        let mut machines = vec![(utf8, true)];
        for (id, positive) in lits {
            match self.dfa(*id) {
                Some(d) => machines.push((d, *positive)),
                None => return TextSat::Unknown,
            }
        }
        product_search(&machines)
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Bytes in the order witnesses prefer them.
fn byte_preference() -> Vec<u8> {
    let mut order: Vec<u8> = Vec::with_capacity(256);
    order.extend(b'a'..=b'z');
    order.extend(b'0'..=b'9');
    order.extend(b"-_./".iter().copied());
    order.extend(b'A'..=b'Z');
    order.extend(b" :?=&+,;!*'()@#$%~".iter().copied());
    order.extend(0x20u8..0x7f);
    order.extend(0x80u8..=0xff);
    order.extend(0x00u8..0x20);
    order.push(0x7f);
    let mut seen = [false; 256];
    order.retain(|b| !std::mem::replace(&mut seen[*b as usize], true));
    order
}

type Node = (Vec<StateID>, u64);

/// Breadth-first search of the product. Machine 0 is the UTF-8 validator,
/// which must accept the whole string; the others accept when their pattern
/// matched somewhere (`true`) or nowhere (`false`).
fn product_search(machines: &[(Arc<Dfa>, bool)]) -> TextSat {
    let n = machines.len();
    if n > 63 {
        return TextSat::Unknown;
    }
    // Byte equivalence classes of the product, each with its preferred byte.
    let mut classes: Vec<(Vec<u8>, u8)> = Vec::new();
    let mut seen: HashMap<Vec<u8>, ()> = HashMap::new();
    for b in byte_preference() {
        let sig: Vec<u8> = machines.iter().map(|(d, _)| d.dfa.byte_classes().get(b)).collect();
        if seen.insert(sig.clone(), ()).is_none() {
            classes.push((sig, b));
        }
    }
    let start: Node = (machines.iter().map(|(d, _)| d.start).collect(), 0);
    let mut index: HashMap<Node, usize> = HashMap::new();
    let mut parent: Vec<(usize, u8)> = vec![(usize::MAX, 0)];
    let mut nodes: Vec<Node> = vec![start.clone()];
    index.insert(start, 0);
    let mut queue = VecDeque::from([0usize]);
    let mut unknown = false;
    let mut first_empty: Option<usize> = None;
    while let Some(at) = queue.pop_front() {
        let (states, matched) = nodes[at].clone();
        if accepts(machines, &states, matched) {
            if at != 0 {
                return TextSat::Sat(spell(&parent, at));
            }
            first_empty = Some(at);
        }
        if first_empty.is_some() && nodes.len() > 2_000 {
            break;
        }
        'bytes: for (_, b) in &classes {
            let mut next = Vec::with_capacity(n);
            let mut next_matched = matched;
            for (i, (d, positive)) in machines.iter().enumerate() {
                let s = d.dfa.next_state(states[i], *b);
                if d.dfa.is_quit_state(s) {
                    unknown = true;
                    continue 'bytes;
                }
                if i == 0 {
                    if d.dfa.is_dead_state(s) {
                        continue 'bytes;
                    }
                } else {
                    if d.dfa.is_match_state(s) {
                        if !*positive {
                            continue 'bytes; // a negated pattern matched: dead end
                        }
                        next_matched |= 1 << i;
                    }
                    if d.dfa.is_dead_state(s) && *positive && next_matched & (1 << i) == 0 {
                        continue 'bytes; // a positive pattern can no longer match
                    }
                }
                next.push(s);
            }
            let node = (next, next_matched);
            if !index.contains_key(&node) {
                if nodes.len() >= MAX_PRODUCT_STATES {
                    return TextSat::Unknown;
                }
                index.insert(node.clone(), nodes.len());
                parent.push((at, *b));
                nodes.push(node);
                queue.push_back(nodes.len() - 1);
            }
        }
    }
    if first_empty.is_some() {
        return TextSat::Sat(String::new());
    }
    if unknown { TextSat::Unknown } else { TextSat::Unsat }
}

fn accepts(machines: &[(Arc<Dfa>, bool)], states: &[StateID], matched: u64) -> bool {
    machines.iter().enumerate().all(|(i, (d, positive))| {
        let eoi = d.dfa.next_eoi_state(states[i]);
        if i == 0 {
            return d.dfa.is_match_state(eoi);
        }
        let hit = matched & (1 << i) != 0 || d.dfa.is_match_state(eoi);
        hit == *positive
    })
}

fn spell(parent: &[(usize, u8)], mut at: usize) -> String {
    let mut bytes = Vec::new();
    while at != 0 {
        let (p, b) = parent[at];
        bytes.push(b);
        at = p;
    }
    bytes.reverse();
    String::from_utf8_lossy(&bytes).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Op;
    use crate::validate::pattern::{build as build_regex, search_pattern};

    fn pat(p: &Patterns, op: Op, ci: bool) -> PatternId {
        p.intern(&search_pattern(&op, ci).unwrap())
    }

    #[test]
    fn decides_and_finds_members() {
        let p = Patterns::new();
        let starts = pat(&p, Op::StartsWith("/sale".into()), false);
        let contains = pat(&p, Op::Contains("boots".into()), false);
        let is_x = pat(&p, Op::Is("x".into()), false);
        let any_digit = p.intern(r"\d");
        assert_eq!(p.solve(&[(starts, true), (contains, true)]), TextSat::Sat("/saleboots".into()));
        assert_eq!(p.solve(&[(is_x, true), (starts, true)]), TextSat::Unsat);
        assert_eq!(p.solve(&[(is_x, false)]), TextSat::Sat("a".into()));
        assert_eq!(p.solve(&[(any_digit, true)]), TextSat::Sat("0".into()));
        let everything = p.intern(".*");
        assert_eq!(p.solve(&[(everything, false)]), TextSat::Unsat, "`.*` matches every string");
        let ci = pat(&p, Op::Is("Gold".into()), true);
        let exact = pat(&p, Op::Is("gold".into()), false);
        let TextSat::Sat(s) = p.solve(&[(ci, true), (exact, false)]) else { panic!() };
        assert!(s.eq_ignore_ascii_case("gold") && s != "gold", "{s}");
    }

    #[test]
    fn non_ascii_and_word_boundaries() {
        let p = Patterns::new();
        let accent = p.intern("^é");
        let TextSat::Sat(s) = p.solve(&[(accent, true)]) else { panic!() };
        assert_eq!(s, "é");
        let word = p.intern(r"\bsale\b");
        let TextSat::Sat(s) = p.solve(&[(word, true)]) else { panic!() };
        assert_eq!(s, "sale");
    }

    /// Every member the search returns is accepted by the regex crate, which
    /// the evaluator uses.
    #[test]
    fn members_agree_with_the_evaluator() {
        let p = Patterns::new();
        let pats = ["^win(ter)?", r"[0-9]{3}-\d", "(?i)black.?friday", "^/collections/(sale|outlet)(/|$)", "a|b|c"];
        for a in pats {
            for b in pats {
                let (ia, ib) = (p.intern(a), p.intern(b));
                for (pa, pb) in [(true, true), (true, false), (false, true)] {
                    if let TextSat::Sat(s) = p.solve(&[(ia, pa), (ib, pb)]) {
                        let (ra, rb) = (build_regex(a).unwrap(), build_regex(b).unwrap());
                        assert_eq!(ra.is_match(&s), pa, "{a} on {s:?}");
                        assert_eq!(rb.is_match(&s), pb, "{b} on {s:?}");
                    }
                }
            }
        }
    }
}
