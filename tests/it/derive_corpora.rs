//! `device.type` and bot detection measured on public labelled corpora
//! (tests/data/ua/SOURCES.md): woothee's testsets and the isbot crate's
//! bots and people. Run with `-- --nocapture` for the tables that
//! docs/DERIVED.md records; the goals of issue 12 are asserted.

use std::collections::BTreeMap;

use rulestudio::derive::device::parse_user_agent;
use rulestudio::model::DeviceType;

use crate::support::repo;

fn lines(name: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo(&format!("tests/data/ua/{name}"))).unwrap();
    text.lines().filter(|l| !l.trim().is_empty()).map(str::to_owned).collect()
}

fn kind(ua: &str) -> DeviceType {
    parse_user_agent(ua).kind.unwrap()
}

/// What woothee's category says the type must be; `None` where the
/// category has no counterpart (appliances, misc, unknown). Woothee files
/// iPads under `smartphone`, so a handheld is right as mobile or tablet
/// except where its `os` names the iPad.
fn expected(category: &str, os: &str) -> Option<&'static [DeviceType]> {
    use DeviceType::*;
    match category {
        "pc" => Some(&[Desktop]),
        "mobilephone" => Some(&[Mobile]),
        "crawler" => Some(&[Bot]),
        "smartphone" if os == "iPad" => Some(&[Tablet]),
        "smartphone" => Some(&[Mobile, Tablet]),
        _ => None,
    }
}

#[test]
fn device_type_agrees_with_woothee() {
    let mut per_class: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut wrong = Vec::new();
    let mut skipped = 0;
    for line in lines("woothee.tsv") {
        let [category, _name, os, ua] = line.splitn(4, '\t').collect::<Vec<_>>()[..] else { panic!("{line}") };
        let Some(want) = expected(category, os) else {
            skipped += 1;
            continue;
        };
        let got = kind(ua);
        let entry = per_class.entry(category.to_owned()).or_default();
        entry.1 += 1;
        if want.contains(&got) {
            entry.0 += 1;
        } else {
            wrong.push(format!("{category} ({os}) read as {got:?}: {ua}"));
        }
    }
    let (right, total) = per_class.values().fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    println!("woothee testsets, {total} comparable agents ({skipped} appliances/misc skipped):");
    for (class, (r, t)) in &per_class {
        println!("  {class}: {r} of {t} ({:.1} %)", 100.0 * *r as f64 / *t as f64);
    }
    println!("  all: {right} of {total} ({:.1} %)", 100.0 * right as f64 / total as f64);
    for w in &wrong {
        println!("  wrong: {w}");
    }
    assert!(right as f64 >= 0.96 * total as f64, "{right} of {total}:\n{}", wrong.join("\n"));
}

/// The share of `agents` read as bots, printed with the first misses.
fn bot_recall(name: &str, agents: &[String]) -> f64 {
    let missed: Vec<&String> = agents.iter().filter(|ua| kind(ua) != DeviceType::Bot).collect();
    let found = agents.len() - missed.len();
    println!("{name}: {found} of {} bots found ({:.1} %)", agents.len(), 100.0 * found as f64 / agents.len() as f64);
    for ua in missed.iter().take(20) {
        println!("  missed: {ua}");
    }
    found as f64 / agents.len() as f64
}

#[test]
fn bots_are_found_and_people_are_not_called_bots() {
    // isbot's own fixtures (its list is one of ours), then an independent
    // list whose patterns we do not use.
    assert!(bot_recall("isbot fixtures", &lines("isbot-bots.txt")) >= 0.90);
    assert!(bot_recall("crawler-user-agents examples", &lines("crawler-user-agents.txt")) >= 0.90);
    let people = lines("isbot-people.txt");
    let called: Vec<&String> = people.iter().filter(|ua| kind(ua) == DeviceType::Bot).collect();
    let false_rate = called.len() as f64 / people.len() as f64;
    println!("people: {} of {} called bots ({:.2} %)", called.len(), people.len(), 100.0 * false_rate);
    for ua in &called {
        println!("  called a bot: {ua}");
    }
    assert!(false_rate <= 0.001, "{} people called bots", called.len());
}
