//! The aggregate report in SQL (`rulestudio sql --report`): the counts of
//! `simulate` (SPEC §6) as rows `(section, subject, winner, other,
//! sessions)`, and those rows folded back into a [`Report`].
//!
//! | section | subject | winner | other | sessions |
//! |---|---|---|---|---|
//! | `sessions` | | | | decided |
//! | `unpersonalised` | | | | with every slot's default |
//! | `matched`, `held_out`, `applied` | rule | | | per rule |
//! | `slot` | slot | winning rule (empty: default) | rule it tied with | per slot |
//! | `lost` | rule | the rule it lost to | slot | eligible but lost |
//!
//! The decided sessions are scanned once for the totals and once per slot
//! (DuckDB and Postgres are told to compute them once; other engines may
//! compute them again per reference).

use std::collections::BTreeMap;

use super::Dialect;
use super::query::Plan;
use crate::compile::CompiledRuleset;
use crate::simulate::{Report, RuleStats, TieStats, slot_stats};

/// One row of the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    /// What is counted.
    pub section: String,
    /// The rule or slot counted.
    pub subject: String,
    /// The winning rule, where one is named.
    pub winner: String,
    /// The tying rule (`slot`) or the slot (`lost`).
    pub other: String,
    /// How many sessions.
    pub sessions: i64,
}

fn count(cond: &str) -> String {
    format!("COALESCE(SUM(CASE WHEN {cond} THEN 1 ELSE 0 END), 0)")
}

/// A constant table `k` of rows, each an integer key and strings.
fn keys(d: Dialect, names: &[&str], rows: &[(usize, Vec<String>)]) -> String {
    match d {
        Dialect::Bigquery => {
            let items: Vec<String> = rows
                .iter()
                .map(|(i, values)| {
                    let mut fields = vec![format!("{i} AS i")];
                    fields.extend(values.iter().zip(names).map(|(v, n)| format!("{} AS {n}", d.string(v))));
                    format!("STRUCT({})", fields.join(", "))
                })
                .collect();
            format!("UNNEST([{}]) AS k", items.join(",\n      "))
        }
        _ => {
            let items: Vec<String> = rows
                .iter()
                .map(|(i, values)| {
                    let mut fields = vec![i.to_string()];
                    fields.extend(values.iter().map(|v| d.string(v)));
                    format!("({})", fields.join(", "))
                })
                .collect();
            format!("(VALUES {}) AS k(i, {})", items.join(",\n      "), names.join(", "))
        }
    }
}

fn pick(column: &str, count: usize) -> String {
    let whens: Vec<String> = (0..count).map(|i| format!("WHEN {i} THEN {column}_{i}")).collect();
    format!("CASE k.i {} END", whens.join(" "))
}

/// The report query of a plan made with ties.
pub(super) fn query(plan: &Plan) -> String {
    let (d, c, last) = (plan.d, plan.c, &plan.last);
    // Totals: one row of counters, unfolded through a key table.
    let mut counters = vec!["COUNT(*)".to_owned()];
    let mut totals_keys = vec![(0, vec!["sessions".to_owned(), String::new()])];
    let none_won: Vec<String> = plan.winners.iter().map(|w| format!("{w} IS NULL")).collect();
    counters.push(count(&if none_won.is_empty() { "TRUE".into() } else { none_won.join(" AND ") }));
    totals_keys.push((1, vec!["unpersonalised".into(), String::new()]));
    for (i, rule) in c.rules.iter().enumerate().filter(|(_, r)| r.enabled) {
        let won: Vec<String> = rule
            .actions
            .iter()
            .map(|(s, _)| format!("{} = {}", plan.winners[usize::from(*s)], d.string(&rule.id)))
            .collect();
        for (section, cond) in
            [("matched", format!("m_{i}")), ("held_out", format!("m_{i} AND NOT e_{i}")), ("applied", won.join(" OR "))]
        {
            totals_keys.push((counters.len(), vec![section.into(), rule.id.clone()]));
            counters.push(count(&cond));
        }
    }
    let totals: Vec<String> = counters.iter().enumerate().map(|(i, e)| format!("{e} AS k_{i}")).collect();
    let mut steps = vec![format!("totals AS (\n  SELECT {}\n  FROM {last}\n)", totals.join(",\n    "))];
    let mut parts = vec![format!(
        "SELECT k.section AS section, k.subject AS subject, '' AS winner, '' AS other, {} AS sessions\n  FROM totals CROSS JOIN {}",
        pick("k", counters.len()),
        keys(d, &["section", "subject"], &totals_keys)
    )];
    // Per slot: winners and ties, and what each candidate lost to.
    for (s, slot) in c.slots.iter().enumerate() {
        let candidates = &c.candidates[s];
        let mut cols =
            vec![format!("{} AS w", plan.winners[s]), format!("{} AS t", plan.ties[s]), "COUNT(*) AS l_0".into()];
        let mut slot_keys = vec![(0, vec![String::new()])];
        for (j, &r) in candidates.iter().enumerate() {
            cols.push(format!("{} AS l_{}", count(&format!("e_{r}")), j + 1));
            slot_keys.push((j + 1, vec![c.rules[r as usize].id.clone()]));
        }
        steps.push(format!(
            "slot_{s} AS (\n  SELECT {}\n  FROM {last}\n  GROUP BY {}, {}\n)",
            cols.join(", "),
            plan.winners[s],
            plan.ties[s]
        ));
        let id = d.string(&slot.id);
        parts.push(format!(
            "SELECT CASE WHEN k.i = 0 THEN 'slot' ELSE 'lost' END, CASE WHEN k.i = 0 THEN {id} ELSE k.rule END, \
             COALESCE(g.w, ''), CASE WHEN k.i = 0 THEN COALESCE(g.t, '') ELSE {id} END, {}\n  FROM slot_{s} g CROSS JOIN {}\n  \
             WHERE k.i = 0 OR (g.w IS NOT NULL AND g.w <> k.rule)",
            pick("g.l", candidates.len() + 1),
            keys(d, &["rule"], &slot_keys)
        ));
    }
    format!(
        "{},\n{}\nSELECT section, subject, winner, other, sessions FROM (\n  {}\n) AS counts\nWHERE sessions > 0 OR section = 'sessions'\nORDER BY section, subject, winner, other",
        plan.with(true),
        steps.join(",\n"),
        parts.join("\n  UNION ALL\n  ")
    )
}

/// The report the rows describe, as `simulate` reports it (without
/// example sessions, which SQL does not pick).
pub fn fold(c: &CompiledRuleset, rows: &[ReportRow]) -> Report {
    let rule_index: BTreeMap<&str, usize> = c.rules.iter().enumerate().map(|(i, r)| (r.id.as_str(), i)).collect();
    let slot_index: BTreeMap<&str, usize> = c.slots.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    let mut report = Report { ruleset: c.name.clone(), ..Report::default() };
    report.rules =
        c.rules.iter().map(|r| RuleStats { rule: r.id.clone(), enabled: r.enabled, ..RuleStats::default() }).collect();
    let mut by_winner: Vec<BTreeMap<Option<usize>, usize>> = vec![BTreeMap::new(); c.slots.len()];
    let mut ties: BTreeMap<(usize, usize, usize), usize> = BTreeMap::new();
    let mut lost: Vec<BTreeMap<usize, usize>> = vec![BTreeMap::new(); c.rules.len()];
    for row in rows {
        let n = usize::try_from(row.sessions).unwrap_or(0);
        let rule = rule_index.get(row.subject.as_str()).copied();
        match (row.section.as_str(), rule) {
            ("sessions", _) => report.sessions = n,
            ("unpersonalised", _) => report.unpersonalised = n,
            ("matched", Some(r)) => report.rules[r].matched = n,
            ("held_out", Some(r)) => report.rules[r].held_out = n,
            ("applied", Some(r)) => report.rules[r].applied = n,
            ("lost", Some(r)) => {
                if let Some(&w) = rule_index.get(row.winner.as_str()) {
                    *lost[r].entry(w).or_insert(0) += n;
                }
            }
            ("slot", _) => {
                let Some(&s) = slot_index.get(row.subject.as_str()) else { continue };
                let winner = rule_index.get(row.winner.as_str()).copied();
                *by_winner[s].entry(winner).or_insert(0) += n;
                if let (Some(w), Some(&t)) = (winner, rule_index.get(row.other.as_str())) {
                    *ties.entry((s, w, t)).or_insert(0) += n;
                }
            }
            _ => {}
        }
    }
    for (r, lost) in lost.into_iter().enumerate() {
        report.rules[r].lost_to = lost.into_iter().map(|(w, n)| (c.rules[w].id.clone(), n)).collect();
    }
    report.slots = (0..c.slots.len())
        .map(|s| slot_stats(c, s, by_winner[s].iter().map(|(w, n)| (w.map(|r| r as u32), *n))))
        .collect();
    report.ties = ties
        .into_iter()
        .map(|((s, w, t), count)| TieStats {
            slot: c.slots[s].id.clone(),
            winner: c.rules[w].id.clone(),
            other: c.rules[t].id.clone(),
            count,
            examples: Vec::new(),
        })
        .collect();
    report
}
