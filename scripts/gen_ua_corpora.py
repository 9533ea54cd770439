#!/usr/bin/env python3
"""Regenerate the labelled user-agent corpora in tests/data/ua/.

Sources (both may be vendored as test data under their licences):
- woothee/woothee testsets (Apache-2.0): every `target` with its `category`,
  `name` and `os`, one per line as TSV: category, name, os, user agent.
- the isbot crate's fixtures (MIT, https://github.com/BryanMorgan/isbot):
  bots.txt whole, and every 32nd line of browsers.txt (people's browsers).
- monperrus/crawler-user-agents (MIT): every example `instances` agent of
  its crawler-user-agents.json, one per line (its patterns are not used by
  the engine: some match people's browsers, e.g. `Butterfly`, `WhatsApp`).

Usage: python3 scripts/gen_ua_corpora.py WOOTHEE_GIT_DIR ISBOT_CRATE_DIR CRAWLERS_GIT_DIR
(WOOTHEE_GIT_DIR: a clone of github.com/woothee/woothee, read at HEAD;
CRAWLERS_GIT_DIR: a clone of github.com/monperrus/crawler-user-agents;
ISBOT_CRATE_DIR: e.g. ~/.cargo/registry/src/*/isbot-0.1.3). Needs PyYAML.
The sources and their commits are written to tests/data/ua/SOURCES.md.
"""
import json
import pathlib
import subprocess
import sys

import yaml

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "ua"


def git(repo: str, *args: str) -> bytes:
    """Runs git on a clone (work tree) or a bare repository."""
    where = ["-C", repo] if pathlib.Path(repo, ".git").exists() else ["--git-dir", repo]
    return subprocess.check_output(["git", *where, *args])


def main() -> None:
    woothee, isbot, crawlers = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
    files = git(woothee, "ls-tree", "-r", "HEAD", "--name-only", "testsets").decode().split()
    rows = []
    for name in files:
        for case in yaml.safe_load(git(woothee, "show", "HEAD:" + name)) or []:
            ua = str(case.get("target", ""))
            if ua and "\t" not in ua and "\n" not in ua:
                rows.append("\t".join([case.get("category", "UNKNOWN"), str(case.get("name", "")), str(case.get("os", "")), ua]))
    (OUT / "woothee.tsv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    bots = (isbot / "fixtures" / "bots.txt").read_text(encoding="utf-8")
    (OUT / "isbot-bots.txt").write_text(bots, encoding="utf-8")
    people = (isbot / "fixtures" / "browsers.txt").read_text(encoding="utf-8").splitlines()
    sample = [line.strip().strip('"') for i, line in enumerate(people, 1) if i % 32 == 0]
    (OUT / "isbot-people.txt").write_text("\n".join(sample) + "\n", encoding="utf-8")
    listed = json.loads(git(crawlers, "show", "HEAD:crawler-user-agents.json"))
    instances = [ua for entry in listed for ua in entry.get("instances", []) if "\n" not in ua]
    (OUT / "crawler-user-agents.txt").write_text("\n".join(instances) + "\n", encoding="utf-8")
    commit = git(woothee, "rev-parse", "HEAD").decode().strip()
    crawlers_commit = git(crawlers, "rev-parse", "HEAD").decode().strip()
    (OUT / "SOURCES.md").write_text(
        "# Labelled user agents (test data)\n\n"
        "Made by `scripts/gen_ua_corpora.py`; `tests/it/derive_corpora.rs` measures `device.type` and bots on them.\n\n"
        f"- `woothee.tsv`: the testsets of https://github.com/woothee/woothee at `{commit}` (Apache-2.0), "
        f"{len(rows)} agents: category, name, os, user agent.\n"
        f"- `isbot-bots.txt`: `fixtures/bots.txt` of the isbot crate {isbot.name} (MIT), {len(bots.splitlines())} bots.\n"
        f"- `isbot-people.txt`: every 32nd line of its `fixtures/browsers.txt` (MIT), {len(sample)} people's browsers.\n"
        f"- `crawler-user-agents.txt`: the example agents of https://github.com/monperrus/crawler-user-agents at "
        f"`{crawlers_commit}` (MIT), {len(instances)} agents of {len(listed)} listed bots.\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
