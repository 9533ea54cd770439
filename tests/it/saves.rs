//! Saves that reviewers can read (SPEC §10): a save of the demo changes only
//! the lines of what changed, `rulestudio fmt` lays files out canonically
//! and keeps comments, and deep nesting is refused before it costs memory.

use rulestudio::format::{parse_ruleset, ron_options, saved_text, to_ron};
use rulestudio::model::{Condition, Op, Outcome, Rule, Ruleset};

use crate::support::{changed_lines, demo_text, repo, run, text, write};

/// How the studio saved before surgical saves: the whole file pretty-printed.
fn whole_file(rs: &Ruleset) -> String {
    let config =
        ron::ser::PrettyConfig::new().struct_names(false).extensions(ron::extensions::Extensions::IMPLICIT_SOME);
    format!("{}\n", ron_options().to_string_pretty(rs, config).unwrap())
}

fn rule<'a>(rs: &'a mut Ruleset, id: &str) -> &'a mut Rule {
    let i = rs.rule_index(id).unwrap();
    &mut rs.rules[i]
}

type EditFn = fn(&mut Ruleset);

/// Twenty typical edits of the demo, and whether each is one field.
fn typical_edits() -> Vec<(&'static str, bool, EditFn)> {
    vec![
        ("change a rule's priority", true, |rs| rule(rs, "vip-early-access").priority = 95),
        ("rename a rule", true, |rs| rule(rs, "vip-early-access").name = "VIP early access (2026)".into()),
        ("change a rule's id", true, |rs| rule(rs, "gift-guide-hero").id = "gift-guide-hero-2026".into()),
        ("disable a rule", true, |rs| rule(rs, "sale-price-sort").enabled = false),
        ("enable a paused rule", true, |rs| rule(rs, "paid-social-hero-test").enabled = true),
        ("add a country", true, |rs| {
            let Condition::All(preds) = &mut rule(rs, "winter-coats-cold-countries").when else { unreachable!() };
            let Condition::Pred(p) = &mut preds[0] else { unreachable!() };
            let Op::In(values) = &mut p.op else { unreachable!() };
            values.push("DK".into());
        }),
        ("add a tag", true, |rs| rule(rs, "new-visitor-welcome").tags.push("welcome".into())),
        ("edit notes", true, |rs| rule(rs, "bots-standard-layout").notes = "Crawlers see the canonical page.".into()),
        ("set a holdout", true, |rs| rule(rs, "loyalty-recommended").holdout_percent = 10),
        ("change an outcome", true, |rs| {
            rule(rs, "new-visitor-welcome").then[0].outcome = Outcome::Content { id: "welcome-back-hero".into() };
        }),
        ("move a schedule's end", true, |rs| {
            let schedule = rule(rs, "gift-guide-hero").schedule.as_mut().unwrap();
            schedule.end = Some("2026-12-26T00:00:00-05:00".parse().unwrap());
        }),
        ("change the description", true, |rs| rs.description = "Northwind storefront personalisation.".into()),
        ("change a slot's description", true, |rs| rs.slots[0].description = "Home hero".into()),
        ("edit a test's expected outcome", true, |rs| {
            let expect = rs.tests[0].expect.get_mut("home.hero").unwrap();
            *expect = Outcome::Content { id: "other-hero".into() };
        }),
        ("add a rule", false, |rs| {
            let mut new = rs.rules[1].clone();
            new.id = "vip-late-access".into();
            new.priority = 5;
            rs.rules.push(new);
        }),
        ("duplicate a rule", false, |rs| {
            let mut copy = rs.rules[3].clone();
            copy.id = format!("{}-copy", copy.id);
            rs.rules.insert(4, copy);
        }),
        ("delete a rule", false, |rs| {
            rs.rules.remove(rs.rule_index("social-lookbook-hero").unwrap());
        }),
        ("move a rule up", false, |rs| rs.rules.swap(1, 2)),
        ("add a test", false, |rs| {
            let mut test = rs.tests[0].clone();
            test.name = "Another Canadian".into();
            rs.tests.push(test);
        }),
        ("delete a persona", false, |rs| {
            rs.personas.pop();
        }),
    ]
}

#[test]
fn typical_edits_of_the_demo_change_few_lines() {
    let src = demo_text();
    let demo = parse_ruleset(&src, "demo").unwrap();
    let mut table = String::from("| edit | lines changed before | after |\n| --- | ---: | ---: |\n");
    for (name, one_field, edit) in typical_edits() {
        let mut rs = demo.clone();
        edit(&mut rs);
        assert_ne!(rs, demo, "{name} changes nothing");
        let (saved, _) = saved_text(Some(&src), &rs).unwrap();
        assert_eq!(parse_ruleset(&saved, "demo").unwrap(), rs, "{name}");
        let (before, after) = (changed_lines(&src, &whole_file(&rs)), changed_lines(&src, &saved));
        table.push_str(&format!("| {name} | {before} | {after} |\n"));
        if one_field {
            assert!(after <= 3, "{name}: {after} lines changed");
        }
    }
    println!("{table}");
}

#[test]
fn comments_survive_a_save() {
    let src = demo_text();
    let mut rs = parse_ruleset(&src, "demo").unwrap();
    rs.rules.retain(|r| r.id != "bf-2026-hero");
    let (saved, _) = saved_text(Some(&src), &rs).unwrap();
    // The deleted rule takes its comment with it; every other comment stays.
    for line in src.lines().filter(|l| l.trim_start().starts_with("//")) {
        assert_eq!(saved.contains(line), !line.contains("---- home.hero"), "{line}");
    }
}

#[test]
fn new_files_are_written_canonically() {
    let rs = Ruleset::new("fresh");
    let (saved, _) = saved_text(None, &rs).unwrap();
    assert_eq!(saved, to_ron(&rs).unwrap());
    assert_eq!(
        saved,
        "#![enable(implicit_some, unwrap_variant_newtypes)]\n(\n    name: \"fresh\",\n    time_zone: \"UTC\",\n    slots: [\n        (id: \"home.hero\", kind: content, default: content(id: \"default-hero\"), description: \"Home page hero banner\"),\n    ],\n    rules: [],\n)\n"
    );
}

#[test]
fn the_bundled_rulesets_are_formatted() {
    let out = run(&["fmt", "--check", "rulesets/demo-store.rules.ron", "rulesets/conflicts-showcase.rules.ron"], None);
    assert_eq!(out.status.code(), Some(0), "{:?}", text(&out));
}

#[test]
fn fmt_lays_out_keeps_comments_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let messy = "// header\n(name: \"s\", time_zone: \"UTC\", // the zone\n  slots: [(id: \"a\", kind: content, default: content(id: \"d\"))], rules: [\n\n\n  // first\n  (id: \"r\", name: \"R\", priority: 1, when: all([]), then: [(slot: \"a\", outcome: content(id: \"x\"))])])";
    let path = write(dir.path(), "m.rules.ron", messy.as_bytes());
    let file = path.display().to_string();
    let check = run(&["fmt", "--check", &file], None);
    assert_eq!(check.status.code(), Some(1));
    assert!(text(&check).1.contains(&format!("{file}:2: not formatted")), "{:?}", text(&check));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), messy, "--check changes nothing");
    assert_eq!(run(&["fmt", &file], None).status.code(), Some(0));
    let formatted = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        formatted,
        "// header\n(\n    name: \"s\",\n    time_zone: \"UTC\", // the zone\n    slots: [\n        (id: \"a\", kind: content, default: content(id: \"d\")),\n    ],\n    rules: [\n        // first\n        (\n            id: \"r\",\n            name: \"R\",\n            priority: 1,\n            when: all([]),\n            then: [(slot: \"a\", outcome: content(id: \"x\"))],\n        ),\n    ],\n)\n"
    );
    assert_eq!(run(&["fmt", "--check", &file], None).status.code(), Some(0));
    assert_eq!(run(&["fmt", &file], None).status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), formatted, "fmt twice changes nothing");
    // A broken file is refused with its position, and left alone.
    let broken = write(dir.path(), "b.rules.ron", b"(name: \"s\",");
    let out = run(&["fmt", &broken.display().to_string()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out).1.contains("b.rules.ron:1:"), "{:?}", text(&out));
}

#[test]
fn brackets_nested_past_the_limit_are_refused_with_a_position() {
    let dir = tempfile::tempdir().unwrap();
    let deep = write(dir.path(), "d.ron", "[".repeat(100_000).as_bytes());
    let demo = repo("rulesets/demo-store.rules.ron").display().to_string();
    let deep = deep.display().to_string();
    for args in [vec!["eval", &demo, "--sessions", &deep], vec!["check", &deep]] {
        let started = std::time::Instant::now();
        let out = run(&args, None);
        let (_, stderr) = text(&out);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(stderr.contains(&format!("{deep}:1:73: brackets are nested more than 72 deep")), "{stderr}");
        assert!(stderr.contains("may nest at most 32 levels"), "{stderr}");
        assert!(started.elapsed().as_secs() < 20, "took {:?}", started.elapsed());
    }
    // An export in RON is checked before it is parsed too.
    let export = format!("(header: (format: {}))", "[".repeat(100_000));
    let export = write(dir.path(), "x.ruleset.ron", export.as_bytes()).display().to_string();
    let (_, stderr) = text(&run(&["serve-eval", &export], Some("")));
    assert!(stderr.contains(&format!("{export}:1:89: brackets are nested more than 72 deep")), "{stderr}");
}
