//! Validation: everything about a ruleset that can be checked without
//! reasoning about which sessions match (unknown names, type errors, bad
//! codes and patterns, limits). Every problem is reported, not only the
//! first, as a [`Diagnostic`]; later stages (compile, analysis) add theirs.

mod diagnostic;
pub mod pattern;

use std::collections::HashSet;

pub use diagnostic::{Certainty, Code, Diagnostic, Severity, sort};
use pattern::check_user_pattern;

use crate::derive::time;
use crate::model::attribute::{CUSTOM_PREFIX, id};
use crate::model::geo;
use crate::model::limits;
use crate::model::resolve::{AttrInfo, Resolver};
use crate::model::{
    Action, AttrType, Condition, FieldPath, Op, OpKind, Outcome, Predicate, Rule, Ruleset, Schedule, SlotKind,
};

/// Checks a ruleset and returns every problem found.
///
/// # Example
/// ```
/// use rulestudio::validate::{Code, validate};
/// use rulestudio::model::{Action, Condition, Op, Outcome, Rule, Ruleset};
/// let mut rs = Ruleset::new("shop");
/// rs.rules.push(Rule {
///     id: "r1".into(), name: "R1".into(), enabled: true, priority: 1,
///     when: Condition::pred("geo.country", Op::Is("XX".into())),
///     then: vec![Action { slot: "home.hero".into(), outcome: Outcome::Content { id: "a".into() } }],
///     schedule: None, holdout_percent: 0, tags: vec![], notes: String::new(), created: None, updated: None,
/// });
/// let diags = validate(&rs);
/// assert_eq!(diags[0].code, Code::UnknownCountry);
/// assert_eq!(diags[0].path.to_string(), "rules[0].when.op");
/// ```
pub fn validate(ruleset: &Ruleset) -> Vec<Diagnostic> {
    // Limits first: a ruleset over one is refused on that alone, before the
    // work they protect.
    let exceeded = limits::check(ruleset);
    if !exceeded.is_empty() {
        return exceeded
            .into_iter()
            .map(|e| Diagnostic::new(Code::LimitExceeded, e.rule.into_iter().collect(), e.path, e.message))
            .collect();
    }
    let mut first_with_id = std::collections::HashMap::with_capacity(ruleset.rules.len());
    for (i, rule) in ruleset.rules.iter().enumerate() {
        first_with_id.entry(rule.id.as_str()).or_insert(i);
    }
    let mut v = Validator { resolver: Resolver::new(ruleset), ruleset, first_with_id, out: Vec::new() };
    v.ruleset_level();
    for (i, rule) in ruleset.rules.iter().enumerate() {
        v.rule(i, rule);
    }
    v.out
}

struct Validator<'a> {
    resolver: Resolver<'a>,
    ruleset: &'a Ruleset,
    /// The first rule with each id (rules with an id used before are
    /// duplicates): one pass, not a search per rule.
    first_with_id: std::collections::HashMap<&'a str, usize>,
    out: Vec<Diagnostic>,
}

/// Whether an id is a slug: letters, digits, `-`, `_` and `.`, starting with
/// a letter or digit.
pub fn is_slug(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

impl<'a> Validator<'a> {
    fn push(&mut self, code: Code, rules: &[&str], path: FieldPath, message: String) {
        self.out.push(Diagnostic::new(code, rules.iter().map(|s| s.to_string()).collect(), path, message));
    }

    fn ids<'b>(&mut self, what: &str, field: &str, ids: impl Iterator<Item = &'b str>, slugs: bool) {
        let mut seen = HashSet::new();
        for (i, id) in ids.enumerate() {
            let path = FieldPath::root().field(field).index(i);
            if slugs && !is_slug(id) {
                self.push(
                    Code::InvalidId,
                    &[],
                    path.clone(),
                    format!("{what} id `{id}` must start with a letter or digit and contain only letters, digits, `-`, `_` and `.`"),
                );
            }
            if !seen.insert(id) {
                self.push(Code::DuplicateId, &[], path, format!("{what} id `{id}` is used more than once"));
            }
        }
    }

    fn ruleset_level(&mut self) {
        let rs = self.ruleset;
        if let Err(msg) = time::parse_zone(&rs.time_zone) {
            self.push(Code::InvalidTimeZone, &[], FieldPath::root().field("time_zone"), msg.to_string());
        }
        self.ids("slot", "slots", rs.slots.iter().map(|s| s.id.as_str()), true);
        self.ids("segment", "segments", rs.segments.iter().map(|s| s.id.as_str()), true);
        self.ids("attribute", "attributes", rs.attributes.iter().map(|a| a.name.as_str()), true);
        self.ids("test", "tests", rs.tests.iter().map(|t| t.name.as_str()), false);
        self.ids("persona", "personas", rs.personas.iter().map(|p| p.name.as_str()), false);
        for (i, slot) in rs.slots.iter().enumerate() {
            let path = FieldPath::root().field("slots").index(i);
            if let SlotKind::Variant { options } = &slot.kind
                && options.is_empty()
            {
                self.push(
                    Code::EmptyValueList,
                    &[],
                    path.field("kind").field("options"),
                    format!("variant slot `{}` lists no options", slot.id),
                );
            }
            self.outcome(&[], &slot.id, &slot.kind, &slot.default, path.field("default"));
        }
        for (i, seg) in rs.segments.iter().enumerate() {
            if let Some(cond) = &seg.when {
                let path = FieldPath::root().field("segments").index(i).field("when");
                self.condition(&[], cond, &path, true);
            }
        }
        for (i, test) in rs.tests.iter().enumerate() {
            let path = FieldPath::root().field("tests").index(i).field("expect");
            for (slot_id, outcome) in &test.expect {
                match rs.slot(slot_id) {
                    None => self.push(
                        Code::UnknownSlot,
                        &[],
                        path.field(slot_id),
                        format!("test `{}` expects an outcome for slot `{slot_id}`, which does not exist", test.name),
                    ),
                    Some(slot) => self.outcome(&[], slot_id, &slot.kind, outcome, path.field(slot_id)),
                }
            }
        }
    }

    fn rule(&mut self, i: usize, rule: &'a Rule) {
        let me = [rule.id.as_str()];
        let path = FieldPath::rule(i);
        if !is_slug(&rule.id) {
            self.push(
                Code::InvalidId,
                &me,
                path.field("id"),
                format!(
                    "rule id `{}` must start with a letter or digit and contain only letters, digits, `-`, `_` and `.`",
                    rule.id
                ),
            );
        }
        if let Some(&first) = self.first_with_id.get(rule.id.as_str())
            && first < i
        {
            self.push(
                Code::DuplicateId,
                &me,
                path.field("id"),
                format!("rule id `{}` is already used by rule #{}", rule.id, first + 1),
            );
        }
        if rule.holdout_percent > 100 {
            self.push(
                Code::InvalidHoldout,
                &me,
                path.field("holdout_percent"),
                format!("holdout is {} %; it must be between 0 and 100", rule.holdout_percent),
            );
        }
        if rule.then.is_empty() {
            self.push(Code::NoActions, &me, path.field("then"), "the rule acts on no slot; add an action".into());
        }
        let mut seen_slots = HashSet::new();
        for (k, action) in rule.then.iter().enumerate() {
            self.action(&me, action, path.field("then").index(k), &mut seen_slots);
        }
        if let Some(schedule) = &rule.schedule {
            self.schedule(&me, schedule, path.field("schedule"));
        }
        self.condition(&me, &rule.when, &path.field("when"), false);
    }

    fn action(&mut self, me: &[&str], action: &Action, path: FieldPath, seen: &mut HashSet<&'a str>) {
        let Some(slot) = self.ruleset.slot(&action.slot) else {
            let known: Vec<&str> = self.ruleset.slots.iter().map(|s| s.id.as_str()).collect();
            self.push(
                Code::UnknownSlot,
                me,
                path.field("slot"),
                format!("there is no slot `{}`; slots are: {}", action.slot, known.join(", ")),
            );
            return;
        };
        if !seen.insert(slot.id.as_str()) {
            self.push(
                Code::DuplicateAction,
                me,
                path.field("slot"),
                format!("the rule already acts on slot `{}`", slot.id),
            );
        }
        self.outcome(me, &slot.id, &slot.kind, &action.outcome, path.field("outcome"));
    }

    fn outcome(&mut self, me: &[&str], slot_id: &str, kind: &SlotKind, outcome: &Outcome, path: FieldPath) {
        if !outcome.fits(kind) {
            self.push(
                Code::OutcomeKindMismatch,
                me,
                path,
                format!(
                    "slot `{slot_id}` is a {} slot but the outcome is {} ({outcome})",
                    kind.name(),
                    outcome.kind_name()
                ),
            );
            return;
        }
        if let (SlotKind::Variant { options }, Outcome::Variant { option }) = (kind, outcome)
            && !options.is_empty()
            && !options.contains(option)
        {
            self.push(
                Code::OptionNotAllowed,
                me,
                path.field("option"),
                format!("slot `{slot_id}` does not offer option `{option}`; it offers: {}", options.join(", ")),
            );
        }
        if let Outcome::Offer { percent_off, .. } = outcome
            && *percent_off > 100
        {
            self.push(
                Code::InvalidNumber,
                me,
                path.field("percent_off"),
                format!("an offer of {percent_off} % off is more than 100 %"),
            );
        }
    }

    fn schedule(&mut self, me: &[&str], s: &Schedule, path: FieldPath) {
        if let (Some(start), Some(end)) = (s.start, s.end)
            && end <= start
        {
            self.push(
                Code::InvalidSchedule,
                me,
                path.field("end"),
                format!("the schedule ends ({end}) before or when it starts ({start})"),
            );
        }
        if let Some(h) = s.hours
            && (h.from > 23 || h.to == 0 || h.to > 24 || h.from == h.to)
        {
            self.push(
                Code::InvalidSchedule,
                me,
                path.field("hours"),
                format!(
                    "hour window {}–{} is impossible: `from` must be 0–23, `to` 1–24, and they must differ",
                    h.from, h.to
                ),
            );
        }
    }

    fn condition(&mut self, me: &[&str], cond: &'a Condition, path: &FieldPath, in_segment: bool) {
        let mut preds = Vec::new();
        cond.visit_preds(&mut Vec::new(), &mut |p, keys| preds.push((p, path.join(keys))));
        for (pred, ppath) in preds {
            self.predicate(me, pred, ppath, in_segment);
        }
    }

    fn predicate(&mut self, me: &[&str], p: &Predicate, path: FieldPath, in_segment: bool) {
        let Some(info) = self.resolver.attr(&p.attr) else {
            let message = match p.attr.strip_prefix(CUSTOM_PREFIX) {
                Some(name) => format!(
                    "custom attribute `{name}` is not declared; add it to the ruleset's `attributes` with its type"
                ),
                None => format!("`{}` is not an attribute", p.attr),
            };
            self.push(Code::UnknownAttribute, me, path.field("attr"), message);
            return;
        };
        if in_segment && info.id == id::SEGMENTS {
            self.push(
                Code::SegmentInSegment,
                me,
                path.field("attr"),
                "a segment's condition cannot test `customer.segments`".into(),
            );
            return;
        }
        let kind = p.op.kind();
        let fits = matches!(
            (kind, info.ty),
            (OpKind::Presence, _)
                | (OpKind::Equality, AttrType::Country | AttrType::Region | AttrType::Enum(_) | AttrType::Text)
                | (OpKind::Text, AttrType::Text)
                | (OpKind::Number, AttrType::Number(_))
                | (OpKind::List, AttrType::List)
        );
        if !fits {
            self.push(
                Code::OperatorMismatch,
                me,
                path.field("op"),
                format!(
                    "`{}` cannot test {} `{}`; it accepts: {}",
                    p.op.name(),
                    info.ty.describe(),
                    info.path,
                    operators_for(info.ty).join(", ")
                ),
            );
            return;
        }
        if p.ignore_case && info.ty != AttrType::Text {
            self.push(
                Code::OperatorMismatch,
                me,
                path.field("ignore_case"),
                format!("ignoring case applies only to text; `{}` is a {}", info.path, info.ty.describe()),
            );
        }
        let values = p.op.strings();
        let takes_list = matches!(p.op, Op::In(_) | Op::NotIn(_) | Op::HasAny(_) | Op::HasAll(_) | Op::HasNone(_));
        if takes_list && values.is_empty() {
            self.push(
                Code::EmptyValueList,
                me,
                path.field("op"),
                format!("`{}` needs at least one value", p.op.name()),
            );
        }
        let list_path = |j: usize| {
            if takes_list { path.field("op").index(j) } else { path.field("op") }
        };
        for (j, value) in values.iter().enumerate() {
            self.value(me, &info, value, list_path(j));
        }
        match &p.op {
            Op::Matches(pattern) => self.pattern(me, pattern, path.field("op")),
            Op::Lt(n) | Op::Le(n) | Op::Gt(n) | Op::Ge(n) if !n.is_finite() => {
                self.push(Code::InvalidNumber, me, path.field("op"), format!("`{n}` is not a finite number"));
            }
            Op::Between(a, b) if !a.is_finite() || !b.is_finite() => {
                self.push(Code::InvalidNumber, me, path.field("op"), "the bounds must be finite numbers".into());
            }
            Op::Between(a, b) if a > b => {
                self.push(
                    Code::InvalidNumber,
                    me,
                    path.field("op"),
                    format!(
                        "the range {} to {} is reversed; write the smaller bound first",
                        crate::model::fmt_number(*a),
                        crate::model::fmt_number(*b)
                    ),
                );
            }
            _ => {}
        }
    }

    fn value(&mut self, me: &[&str], info: &AttrInfo, value: &str, path: FieldPath) {
        match info.ty {
            AttrType::Country if geo::country_name(value).is_none() => {
                let hint = if geo::country_name(&value.to_ascii_uppercase()).is_some() {
                    format!(" (write `{}` in upper case)", value.to_ascii_uppercase())
                } else {
                    String::new()
                };
                self.push(
                    Code::UnknownCountry,
                    me,
                    path,
                    format!("`{value}` is not an ISO 3166-1 alpha-2 country code{hint}"),
                );
            }
            AttrType::Region if geo::region_name(value).is_none() => {
                self.push(
                    Code::UnknownRegion,
                    me,
                    path,
                    format!("`{value}` is not an ISO 3166-2 region code (e.g. `CA-ON`)"),
                );
            }
            AttrType::Enum(choices) if !choices.contains(&value) => {
                self.push(
                    Code::UnknownValue,
                    me,
                    path,
                    format!("`{value}` is not a {}; choose one of: {}", info.label.to_lowercase(), choices.join(", ")),
                );
            }
            AttrType::List if info.id == id::SEGMENTS && self.resolver.segment(value).is_none() => {
                let known: Vec<&str> = self.ruleset.segments.iter().map(|s| s.id.as_str()).collect();
                let known = if known.is_empty() {
                    "none are defined".to_owned()
                } else {
                    format!("segments are: {}", known.join(", "))
                };
                self.push(Code::UnknownSegment, me, path, format!("there is no segment `{value}`; {known}"));
            }
            _ => {}
        }
    }

    fn pattern(&mut self, me: &[&str], pattern: &str, path: FieldPath) {
        if let Err(e) = check_user_pattern(pattern) {
            let code = if e.too_large { Code::RegexTooLarge } else { Code::InvalidRegex };
            let mut d = Diagnostic::new(
                code,
                me.iter().map(|s| s.to_string()).collect(),
                path,
                match e.offset {
                    Some(at) => {
                        format!(
                            "pattern `{}` is not a valid regex at position {}: {}",
                            limits::quote(pattern),
                            at + 1,
                            e.message
                        )
                    }
                    None => format!("pattern `{}` is refused: {}", limits::quote(pattern), e.message),
                },
            );
            if let Some(at) = e.offset {
                let caret_col = pattern[..at.min(pattern.len())].chars().count();
                d = d.with_detail(format!("{pattern}\n{}^", " ".repeat(caret_col)));
            }
            self.out.push(d);
        }
    }
}

/// The operators an attribute type accepts, by name.
pub fn operators_for(ty: AttrType) -> &'static [&'static str] {
    match ty {
        AttrType::Country | AttrType::Region | AttrType::Enum(_) => {
            &["is", "is_not", "in", "not_in", "exists", "missing"]
        }
        AttrType::Text => {
            &["is", "is_not", "in", "not_in", "contains", "starts_with", "ends_with", "matches", "exists", "missing"]
        }
        AttrType::Number(_) => &["lt", "le", "gt", "ge", "between", "exists", "missing"],
        AttrType::List => &["has", "has_any", "has_all", "has_none", "exists", "missing"],
    }
}
