//! The query: a chain of `SELECT *, …` steps from the user's table to
//! per-session decisions. Each step adds columns: the session fields read
//! (`f_…`), derived attributes (`d_…`), segment membership (`s_…`), per
//! rule whether it matched (`m_…`) and is eligible (`e_…`), per slot the
//! winner (`w_…`). Conditions become boolean expressions that are never
//! NULL, so `not(…)` of a predicate on an absent attribute holds, as in
//! the engine (SPEC §3).

use std::collections::BTreeSet;

use super::columns::Columns;
use super::derived;
use super::regex::translate;
use super::{Dialect, Refusal};
use crate::compile::{CCond, CPred, CompiledRuleset, Test};
use crate::model::attribute::{AttrType, BUILTIN, WEEKDAYS, id};
use crate::model::geo::{countries, regions};
use crate::model::{AttrId, FieldPath, Op};
use crate::validate::pattern::search_pattern;

/// The columns of one slot in the decisions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotColumns {
    /// The slot's id.
    pub slot: String,
    /// The column of its outcome (as the engine prints outcomes).
    pub outcome: String,
    /// The column of the winning rule's id, NULL for the default.
    pub rule: String,
}

/// A ruleset's steps in one dialect, and what the last step holds.
pub(super) struct Plan<'a> {
    pub d: Dialect,
    pub c: &'a CompiledRuleset,
    /// `WITH` steps: name and body.
    pub steps: Vec<(String, String)>,
    /// The last step's name.
    pub last: String,
    /// Per slot, the output columns.
    pub slots: Vec<SlotColumns>,
    /// Per slot, its winner column in the last step.
    pub winners: Vec<String>,
    /// Per slot, its tie column in the last step (the report's).
    pub ties: Vec<String>,
}

/// What the generator needs to know besides the ruleset.
pub(super) struct Inputs<'a> {
    pub dialect: Dialect,
    pub columns: &'a Columns,
    /// Whether `rulestudio_device_type` / `_os` / `_browser` are registered.
    pub device_functions: bool,
    /// Whether the report's tie columns are wanted.
    pub ties: bool,
}

/// An attribute's column name in the steps.
fn field(attr: AttrId) -> String {
    match BUILTIN.get(usize::from(attr.0)) {
        Some(def) => format!("f_{}", def.path.replace('.', "_")),
        None => format!("c_{}", usize::from(attr.0) - BUILTIN.len()),
    }
}

/// The type of an attribute.
fn attr_type(attr: AttrId, c: &CompiledRuleset) -> AttrType {
    match BUILTIN.get(usize::from(attr.0)) {
        Some(def) => def.ty,
        None => c.custom.get(usize::from(attr.0) - BUILTIN.len()).map_or(AttrType::Text, |(_, t)| t.attr_type()),
    }
}

/// Every predicate of every enabled rule and every segment.
fn predicates(c: &CompiledRuleset) -> Vec<&CPred> {
    fn walk<'a>(cond: &'a CCond, out: &mut Vec<&'a CPred>) {
        match cond {
            CCond::All(items) | CCond::Any(items) => items.iter().for_each(|i| walk(i, out)),
            CCond::Not(inner) => walk(inner, out),
            CCond::Pred(p) => out.push(p),
        }
    }
    let mut out = Vec::new();
    c.rules.iter().filter(|r| r.enabled).for_each(|r| walk(&r.when, &mut out));
    c.segments.iter().filter_map(|s| s.when.as_ref()).for_each(|w| walk(w, &mut out));
    out
}

impl<'a> Plan<'a> {
    /// Plans the decisions of `c`.
    pub fn new(c: &'a CompiledRuleset, inputs: &Inputs) -> Result<Self, Vec<Refusal>> {
        let d = inputs.dialect;
        let preds = predicates(c);
        let read: BTreeSet<AttrId> = preds.iter().map(|p| p.attr).collect();
        let reads = |a: AttrId| read.contains(&a);
        let channel = reads(id::CHANNEL);
        let host = channel || reads(id::REFERRER_HOST);
        let device = [id::DEVICE_TYPE, id::OS, id::BROWSER].into_iter().any(reads) && inputs.device_functions;
        let scheduled: Vec<_> = c.rules.iter().filter(|r| r.enabled).filter_map(|r| r.schedule.as_ref()).collect();
        let local_time =
            reads(id::WEEKDAY) || reads(id::HOUR) || scheduled.iter().any(|s| s.weekdays != 0 || s.hours.is_some());
        let instant = local_time || !scheduled.is_empty();
        let holdouts = c.rules.iter().any(|r| r.enabled && r.holdout_threshold > 0);

        // The session fields read, with the derivations' inputs.
        let mut fields: BTreeSet<AttrId> =
            read.iter().copied().filter(|a| *a != id::WEEKDAY && *a != id::HOUR).collect();
        if host {
            fields.extend([id::REFERRER, id::REFERRER_HOST]);
        }
        if channel {
            fields.extend([id::UTM_SOURCE, id::UTM_MEDIUM, id::UTM_CAMPAIGN, id::CHANNEL]);
        }
        if device {
            fields.insert(id::USER_AGENT);
        }
        let checked_codes: BTreeSet<AttrId> = preds
            .iter()
            .filter(|p| matches!(p.attr, id::COUNTRY | id::REGION))
            .filter(|p| matches!(p.source.op, Op::IsNot(_) | Op::NotIn(_) | Op::Exists | Op::Missing))
            .map(|p| p.attr)
            .collect();

        let mut refusals = Vec::new();
        let column = |field: &str| inputs.columns.expression(field, d);
        let Some(session_id) = column("id") else {
            return Err(vec![Refusal::whole("the column mapping maps `id` to None; every session needs an id")]);
        };
        let mut select = vec![format!("{} AS session_id", d.text(&session_id))];
        if holdouts {
            let visitor = column("visitor_id").map_or_else(|| d.null_text(), |v| d.text(&v));
            select.push(format!("COALESCE({visitor}, {}) AS bucket_key", d.text(&session_id)));
        }
        if instant {
            let ts = column("timestamp").map_or_else(|| "CAST(NULL AS BIGINT)".into(), |t| d.epoch_seconds(&t));
            select.push(format!("{ts} AS instant"));
        }
        for &attr in &fields {
            let path = BUILTIN.get(usize::from(attr.0)).map_or_else(
                || format!("attributes.{}", c.custom[usize::from(attr.0) - BUILTIN.len()].0),
                |def| def.path.to_owned(),
            );
            let ty = attr_type(attr, c);
            let value = match column(&path) {
                None => d.null_of(ty),
                Some(expr) => match ty {
                    AttrType::Number(_) => d.double(&expr),
                    AttrType::Country | AttrType::Region => {
                        let code = format!("UPPER({})", derived::trim(d, &d.text(&expr)));
                        if checked_codes.contains(&attr) {
                            let list: Vec<String> = if ty == AttrType::Country { countries() } else { regions() }
                                .iter()
                                .map(|p| d.string(p.code))
                                .collect();
                            format!("CASE WHEN {code} IN ({}) THEN {code} END", list.join(", "))
                        } else {
                            code
                        }
                    }
                    AttrType::List => expr,
                    _ => d.text(&expr),
                },
            };
            select.push(format!("{value} AS {}", field(attr)));
        }
        let mut steps = vec![(
            "src".to_owned(),
            format!("SELECT\n    {}\n  FROM {}", select.join(",\n    "), inputs.columns.table),
        )];
        let add = |steps: &mut Vec<(String, String)>, columns: Vec<(String, String)>| {
            if columns.is_empty() {
                return;
            }
            let prev = steps.last().map(|s| s.0.clone()).unwrap_or_default();
            let name = format!("step{}", steps.len());
            let cols: Vec<String> = columns.into_iter().map(|(n, e)| format!("{e} AS {n}")).collect();
            steps.push((name, format!("SELECT *,\n    {}\n  FROM {prev}", cols.join(",\n    "))));
        };

        // Derived attributes.
        let mut facts: Vec<(AttrId, String)> = Vec::new();
        if host {
            add(
                &mut steps,
                vec![(
                    "d_referrer_host".into(),
                    format!("COALESCE(f_traffic_referrer_host, {})", derived::referrer_host(d, "f_traffic_referrer")),
                )],
            );
            facts.push((id::REFERRER_HOST, "d_referrer_host".into()));
        }
        if channel {
            for step in derived::channel_steps(
                d,
                "f_traffic_utm_source",
                "f_traffic_utm_medium",
                "d_referrer_host",
                "f_traffic_utm_campaign",
            ) {
                add(&mut steps, step);
            }
            add(
                &mut steps,
                vec![("d_channel".into(), format!("COALESCE(f_traffic_channel, {})", derived::channel(d)))],
            );
            facts.push((id::CHANNEL, "d_channel".into()));
        }
        if device {
            let mut cols = Vec::new();
            for (attr, name, function) in [
                (id::DEVICE_TYPE, "d_device_type", "rulestudio_device_type"),
                (id::OS, "d_device_os", "rulestudio_device_os"),
                (id::BROWSER, "d_device_browser", "rulestudio_device_browser"),
            ] {
                if reads(attr) {
                    cols.push((name.to_owned(), format!("COALESCE({}, {function}(f_device_user_agent))", field(attr))));
                    facts.push((attr, name.to_owned()));
                }
            }
            add(&mut steps, cols);
        }
        if local_time {
            add(
                &mut steps,
                vec![("local_seconds".into(), format!("instant + ({})", derived::offset(c.tz, "instant")))],
            );
            let days = d.floor_div("local_seconds", 86_400);
            let weekday = d.modulo(&format!("{} + 7", d.modulo(&format!("{days} + 3"), "7")), "7");
            let seconds = d.modulo(&format!("{} + 86400", d.modulo("local_seconds", "86400")), "86400");
            add(
                &mut steps,
                vec![("local_weekday".into(), weekday), ("local_hour".into(), d.floor_div(&seconds, 3600))],
            );
            let names: Vec<String> = WEEKDAYS.iter().enumerate().map(|(i, w)| format!("WHEN {i} THEN '{w}'")).collect();
            add(
                &mut steps,
                vec![
                    ("d_time_weekday".into(), format!("CASE local_weekday {} END", names.join(" "))),
                    ("d_time_hour".into(), d.double("local_hour")),
                ],
            );
            facts.push((id::WEEKDAY, "d_time_weekday".into()));
            facts.push((id::HOUR, "d_time_hour".into()));
        }
        let fact =
            |attr: AttrId| facts.iter().find(|(a, _)| *a == attr).map_or_else(|| field(attr), |(_, n)| n.clone());

        // Segments the rules test.
        let mut used: BTreeSet<u16> = BTreeSet::new();
        for p in &preds {
            match &p.test {
                Test::SegHas(s) => {
                    used.insert(*s);
                }
                Test::SegAny(ss) | Test::SegAll(ss) | Test::SegNone(ss) => used.extend(ss.iter().copied()),
                _ => {}
            }
        }
        let writer = Gen { d, c, fact: &fact };
        let mut segs = Vec::new();
        for &s in &used {
            let seg = &c.segments[usize::from(s)];
            let supplied = format!("COALESCE({}, FALSE)", d.list_has(&field(id::SEGMENTS), &d.string(&seg.id)));
            let computed = seg.when.as_ref().map_or(Ok("FALSE".into()), |w| writer.cond(w, None));
            match computed {
                Ok(computed) => segs.push((format!("s_{s}"), format!("({supplied} OR {computed})"))),
                Err(e) => refusals.push(e.in_segment(usize::from(s))),
            }
        }
        add(&mut steps, segs);

        // Rules: matched (schedule and condition), then eligible (not held out).
        let mut matched = Vec::new();
        let mut eligible = Vec::new();
        for (i, rule) in c.rules.iter().enumerate().filter(|(_, r)| r.enabled) {
            let cond = match writer.cond(&rule.when, Some(i)) {
                Ok(cond) => cond,
                Err(e) => {
                    refusals.push(e);
                    continue;
                }
            };
            let schedule = rule.schedule.as_ref().map(|s| {
                let mut parts = vec!["instant IS NOT NULL".to_owned()];
                if let Some(start) = s.start {
                    parts.push(format!("instant >= {start}"));
                }
                if let Some(end) = s.end {
                    parts.push(format!("instant < {end}"));
                }
                if s.weekdays != 0 {
                    let days: Vec<String> =
                        (0..7).filter(|w| s.weekdays & (1 << w) != 0).map(|w| w.to_string()).collect();
                    parts.push(format!("local_weekday IN ({})", days.join(", ")));
                }
                if let Some(bits) = s.hours {
                    let hours: Vec<String> = (0..24).filter(|h| bits & (1 << h) != 0).map(|h| h.to_string()).collect();
                    parts.push(format!("local_hour IN ({})", hours.join(", ")));
                }
                parts.join(" AND ")
            });
            let m = match schedule {
                Some(s) => format!("COALESCE({s}, FALSE) AND {cond}"),
                None => cond,
            };
            matched.push((format!("m_{i}"), m));
            let e = match rule.holdout_threshold {
                0 => format!("m_{i}"),
                t if t >= 10_000 => "FALSE".into(),
                t => {
                    let key = format!("{} || bucket_key", d.string(&format!("{}:", rule.id)));
                    format!("CASE WHEN m_{i} THEN {} >= {t} ELSE FALSE END", super::udf::bucket(d, &key))
                }
            };
            eligible.push((format!("e_{i}"), e));
        }
        if !refusals.is_empty() {
            return Err(refusals);
        }
        add(&mut steps, matched);
        add(&mut steps, eligible);

        // Winners and, for the report, the first tie with each.
        let mut winners = Vec::new();
        let mut ties = Vec::new();
        let mut slot_columns = Vec::new();
        let mut taken: BTreeSet<String> = ["session_id".to_owned()].into();
        for (s, slot) in c.slots.iter().enumerate() {
            let candidates = &c.candidates[s];
            let w = format!("w_{s}");
            let whens: Vec<String> =
                candidates.iter().map(|&r| format!("WHEN e_{r} THEN {}", d.string(&c.rules[r as usize].id))).collect();
            winners.push((
                w.clone(),
                if whens.is_empty() { d.null_text() } else { format!("CASE {} END", whens.join(" ")) },
            ));
            let mut tie_cases = Vec::new();
            for (at, &win) in candidates.iter().enumerate() {
                let outcome = c.rules[win as usize].actions.iter().find(|(x, _)| usize::from(*x) == s).map(|(_, o)| o);
                let partners: Vec<String> = candidates[at + 1..]
                    .iter()
                    .filter(|&&r| {
                        c.rules[r as usize].priority == c.rules[win as usize].priority
                            && c.rules[r as usize].actions.iter().find(|(x, _)| usize::from(*x) == s).map(|(_, o)| o)
                                != outcome
                    })
                    .map(|&r| format!("WHEN e_{r} THEN {}", d.string(&c.rules[r as usize].id)))
                    .collect();
                if !partners.is_empty() {
                    tie_cases.push(format!(
                        "WHEN {} THEN CASE {} END",
                        d.string(&c.rules[win as usize].id),
                        partners.join(" ")
                    ));
                }
            }
            ties.push(if tie_cases.is_empty() {
                d.null_text()
            } else {
                format!("CASE {w} {} END", tie_cases.join(" "))
            });
            let base = unique(&mut taken, &sanitise(&slot.id));
            let rule = unique(&mut taken, &format!("{base}_rule"));
            slot_columns.push(SlotColumns { slot: slot.id.clone(), outcome: base, rule });
        }
        add(&mut steps, winners);
        if inputs.ties {
            let tie_columns: Vec<(String, String)> =
                ties.into_iter().enumerate().map(|(s, t)| (format!("t_{s}"), t)).collect();
            add(&mut steps, tie_columns);
        }
        let last = steps.last().map(|s| s.0.clone()).unwrap_or_default();
        Ok(Plan {
            d,
            c,
            steps,
            last,
            winners: (0..c.slots.len()).map(|s| format!("w_{s}")).collect(),
            ties: (0..c.slots.len()).map(|s| format!("t_{s}")).collect(),
            slots: slot_columns,
        })
    }

    /// The `WITH` clause of the steps (`materialize`: the last step is
    /// computed once where the dialect can be told so).
    pub fn with(&self, materialize: bool) -> String {
        let steps: Vec<String> = self
            .steps
            .iter()
            .map(|(name, body)| {
                let m = if materialize && *name == self.last && matches!(self.d, Dialect::Duckdb | Dialect::Postgres) {
                    " MATERIALIZED"
                } else {
                    ""
                };
                format!("{name} AS{m} (\n  {body}\n)")
            })
            .collect();
        format!("WITH\n{}", steps.join(",\n"))
    }

    /// The per-session decisions: the session id, and per slot the outcome
    /// and the winning rule's id.
    pub fn decisions(&self) -> String {
        let d = self.d;
        let mut cols = vec!["session_id".to_owned()];
        for (s, sc) in self.slots.iter().enumerate() {
            let w = &self.winners[s];
            let whens: Vec<String> = self.c.candidates[s]
                .iter()
                .map(|&r| {
                    let rule = &self.c.rules[r as usize];
                    let outcome = rule.actions.iter().find(|(x, _)| usize::from(*x) == s).map(|(_, o)| o.to_string());
                    format!("WHEN {} THEN {}", d.string(&rule.id), d.string(&outcome.unwrap_or_default()))
                })
                .collect();
            let default = d.string(&self.c.slots[s].default.to_string());
            let outcome =
                if whens.is_empty() { default } else { format!("CASE {w} {} ELSE {default} END", whens.join(" ")) };
            cols.push(format!("{outcome} AS {}", d.ident(&sc.outcome)));
            cols.push(format!("{w} AS {}", d.ident(&sc.rule)));
        }
        format!("{}\nSELECT\n  {}\nFROM {}", self.with(false), cols.join(",\n  "), self.last)
    }
}

/// A slot id as a plain column name.
fn sanitise(id: &str) -> String {
    let s: String = id.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect();
    if s.starts_with(|c: char| c.is_ascii_digit()) || s.is_empty() { format!("slot_{s}") } else { s }
}

fn unique(taken: &mut BTreeSet<String>, name: &str) -> String {
    let mut candidate = name.to_owned();
    let mut n = 2;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{name}_{n}");
        n += 1;
    }
    candidate
}

/// Writes conditions.
struct Gen<'a, F: Fn(AttrId) -> String> {
    d: Dialect,
    c: &'a CompiledRuleset,
    fact: &'a F,
}

impl<F: Fn(AttrId) -> String> Gen<'_, F> {
    /// A condition as a boolean expression that is never NULL (`rule`: the
    /// rule's index, for refusals).
    fn cond(&self, cond: &CCond, rule: Option<usize>) -> Result<String, Refusal> {
        Ok(match cond {
            CCond::All(items) if items.is_empty() => "TRUE".into(),
            CCond::Any(items) if items.is_empty() => "FALSE".into(),
            CCond::All(items) => {
                let parts = items.iter().map(|i| self.cond(i, rule)).collect::<Result<Vec<_>, _>>()?;
                format!("({})", parts.join(" AND "))
            }
            CCond::Any(items) => {
                let parts = items.iter().map(|i| self.cond(i, rule)).collect::<Result<Vec<_>, _>>()?;
                format!("({})", parts.join(" OR "))
            }
            CCond::Not(inner) => format!("NOT {}", self.cond(inner, rule)?),
            CCond::Pred(p) => format!("COALESCE({}, FALSE)", self.pred(p, rule)?),
        })
    }

    fn pred(&self, p: &CPred, rule: Option<usize>) -> Result<String, Refusal> {
        let d = self.d;
        let col = (self.fact)(p.attr);
        let s = |v: &str| d.string(v);
        let list = |vs: &[String]| vs.iter().map(|v| s(v)).collect::<Vec<_>>().join(", ");
        let segments = p.attr == id::SEGMENTS;
        let regex = |negate: bool| -> Result<String, Refusal> {
            let written = search_pattern(&p.source.op, p.source.ignore_case).unwrap_or_default();
            let printed = translate(&written, d).map_err(|e| {
                // Offsets point into what the author wrote: the `matches` pattern.
                let offset = matches!(p.source.op, Op::Matches(_)).then_some(e.offset).flatten();
                Refusal {
                    rule: rule.map(|r| self.c.rules[r].id.clone()),
                    path: rule.map_or_else(|| p.path.clone(), |r| FieldPath::rule(r).join(&p.path.0)).field("op"),
                    offset,
                    message: e.message,
                }
            })?;
            let test = d.regex_search(&col, &printed);
            Ok(if negate { format!("NOT ({test})") } else { test })
        };
        let num = |n: f64| format!("{n}");
        Ok(match (&p.test, &p.source.op) {
            (Test::Exists, _) if segments => "TRUE".into(),
            (Test::Missing, _) if segments => "FALSE".into(),
            (Test::Exists, _) => format!("{col} IS NOT NULL"),
            (Test::Missing, _) => format!("{col} IS NULL"),
            (Test::Regex { negate, .. }, _) => regex(*negate)?,
            (Test::Eq(v), _) => format!("{col} = {}", s(v)),
            (Test::Ne(v), _) => format!("{col} <> {}", s(v)),
            (Test::In(_), Op::In(vs)) => format!("{col} IN ({})", list(vs)),
            (Test::NotIn(_), Op::NotIn(vs)) => format!("{col} NOT IN ({})", list(vs)),
            (Test::Contains(v), _) => d.contains(&col, &s(v)),
            (Test::StartsWith(v), _) => d.starts_with(&col, &s(v), v.chars().count()),
            (Test::EndsWith(v), _) => d.ends_with(&col, &s(v), v.chars().count()),
            (Test::Range { lo, lo_incl, hi, hi_incl }, _) => {
                let mut parts = Vec::new();
                if lo.is_finite() {
                    parts.push(format!("{col} {} {}", if *lo_incl { ">=" } else { ">" }, num(*lo)));
                }
                if hi.is_finite() {
                    parts.push(format!("{col} {} {}", if *hi_incl { "<=" } else { "<" }, num(*hi)));
                }
                if parts.is_empty() { format!("{col} IS NOT NULL") } else { format!("({})", parts.join(" AND ")) }
            }
            (Test::Has(v), _) => d.list_has(&col, &s(v)),
            (Test::HasAny(_), Op::HasAny(vs)) => {
                format!("({})", vs.iter().map(|v| d.list_has(&col, &s(v))).collect::<Vec<_>>().join(" OR "))
            }
            (Test::HasAll(vs), _) => {
                format!("({})", vs.iter().map(|v| d.list_has(&col, &s(v))).collect::<Vec<_>>().join(" AND "))
            }
            (Test::HasNone(_), Op::HasNone(vs)) => {
                format!("NOT ({})", vs.iter().map(|v| d.list_has(&col, &s(v))).collect::<Vec<_>>().join(" OR "))
            }
            (Test::SegHas(k), _) => format!("s_{k}"),
            (Test::SegAny(ks), _) => {
                format!("({})", ks.iter().map(|k| format!("s_{k}")).collect::<Vec<_>>().join(" OR "))
            }
            (Test::SegAll(ks), _) => {
                format!("({})", ks.iter().map(|k| format!("s_{k}")).collect::<Vec<_>>().join(" AND "))
            }
            (Test::SegNone(ks), _) => {
                format!("NOT ({})", ks.iter().map(|k| format!("s_{k}")).collect::<Vec<_>>().join(" OR "))
            }
            (test, op) => {
                return Err(Refusal {
                    rule: rule.map(|r| self.c.rules[r].id.clone()),
                    path: rule.map_or_else(|| p.path.clone(), |r| FieldPath::rule(r).join(&p.path.0)).field("op"),
                    offset: None,
                    message: format!("`{}` compiled to {test:?}, which the SQL generator does not know", op.name()),
                });
            }
        })
    }
}
