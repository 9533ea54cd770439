#!/usr/bin/env python3
"""Regenerate assets/uap-regexes.json from uap-core's regexes.yaml.

uap-core (https://github.com/ua-parser/uap-core, Apache-2.0) is the data the
maintained `ua-parser` crate is built to run; this script converts its
regexes.yaml to JSON so the engine needs no YAML parser. Take the current
release from uap-core's repository (the crate's own copy is older), and
record its commit and date in docs/DERIVED.md.

Usage: python3 scripts/gen_uap_regexes.py PATH/TO/regexes.yaml
(e.g. `git show HEAD:regexes.yaml > /tmp/regexes.yaml` in a clone); needs PyYAML.
The file in assets/ is uap-core commit e3c5e634bee0 of 2026-08-11.
"""
import json
import pathlib
import sys

import yaml

OUT = pathlib.Path(__file__).resolve().parent.parent / "assets" / "uap-regexes.json"


def main() -> None:
    data = yaml.safe_load(pathlib.Path(sys.argv[1]).read_text(encoding="utf-8"))
    keep = {k: data[k] for k in ("user_agent_parsers", "os_parsers", "device_parsers")}
    OUT.write_text(json.dumps(keep, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
