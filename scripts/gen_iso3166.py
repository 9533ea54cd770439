#!/usr/bin/env python3
"""Regenerate assets/iso3166-1.tsv and assets/iso3166-2.tsv from Debian's iso-codes.

Usage: python3 scripts/gen_iso3166.py [ISO_CODES_CHECKOUT]
ISO_CODES_CHECKOUT is a git checkout of https://salsa.debian.org/iso-codes-team/iso-codes
(or a mirror such as github.com/sailfishos-mirror/iso-codes); its `data/` holds the JSON
files. Without it, the installed package's /usr/share/iso-codes/json is read (often older).
The header of each TSV records the source and its commit date, so a reader knows how current
the lists are. The TSV files are committed; the studio and the serving engine embed them.
"""
import json
import pathlib
import subprocess
import sys

SRC = pathlib.Path("/usr/share/iso-codes/json")
OUT = pathlib.Path(__file__).resolve().parent.parent / "assets"


# Changes newer than Debian's iso-codes, or names it gives only in a minority
# language. Norway's 2024 county reform split Viken, Vestfold og Telemark and
# Troms og Finnmark; the old codes stay valid so older session data loads.
REGION_OVERRIDES = {
    "NO-31": ("Østfold", "County"),
    "NO-32": ("Akershus", "County"),
    "NO-33": ("Buskerud", "County"),
    "NO-39": ("Vestfold", "County"),
    "NO-40": ("Telemark", "County"),
    "NO-50": ("Trøndelag", "County"),
    "NO-54": ("Troms og Finnmark", "County"),
    "NO-55": ("Troms", "County"),
    "NO-56": ("Finnmark", "County"),
}


# User-assigned codes in wide use. GA4, CLDR and most geo-IP databases emit XK for
# Kosovo, which ISO 3166-1 has not assigned; sessions carrying it must load.
COUNTRY_ADDITIONS = {"XK": "Kosovo"}


def source() -> tuple[pathlib.Path, str]:
    """The JSON directory to read and a sentence naming it and its date."""
    if len(sys.argv) > 1:
        repo = pathlib.Path(sys.argv[1])
        log = ["git", "-C", str(repo), "log", "-1", "--format=%H %cs"]
        commit, date = subprocess.run(log, check=True, capture_output=True, text=True).stdout.split()
        return repo / "data", f"Debian iso-codes git, commit {commit[:12]} of {date}"
    return SRC, "Debian iso-codes package in /usr/share/iso-codes/json"


def clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def main() -> None:
    src, origin = source()
    countries = json.loads((src / "iso_3166-1.json").read_text())["3166-1"]
    names = {c["alpha_2"]: clean(c.get("common_name", c["name"])) for c in countries}
    names.update(COUNTRY_ADDITIONS)
    rows = sorted(names.items())
    with open(OUT / "iso3166-1.tsv", "w", encoding="utf-8") as f:
        f.write(f"# ISO 3166-1 alpha-2 codes and English short names, plus XK (Kosovo), from {origin}\n")
        for code, name in rows:
            f.write(f"{code}\t{name}\n")
    regions = json.loads((src / "iso_3166-2.json").read_text())["3166-2"]
    table = {r["code"]: (clean(r["name"]), clean(r["type"])) for r in regions}
    table.update(REGION_OVERRIDES)
    rows = sorted((code, name, kind) for code, (name, kind) in table.items())
    with open(OUT / "iso3166-2.tsv", "w", encoding="utf-8") as f:
        f.write(f"# ISO 3166-2 subdivision codes, names and types, from {origin}\n")
        for code, name, kind in rows:
            f.write(f"{code}\t{name}\t{kind}\n")


if __name__ == "__main__":
    main()
