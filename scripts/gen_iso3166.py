#!/usr/bin/env python3
"""Regenerate assets/iso3166-1.tsv and assets/iso3166-2.tsv from Debian's iso-codes.

Usage: apt-get install iso-codes && python3 scripts/gen_iso3166.py
The TSV files are committed; the studio and the serving engine embed them.
"""
import json
import pathlib

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


def clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").split())


def main() -> None:
    countries = json.loads((SRC / "iso_3166-1.json").read_text())["3166-1"]
    rows = sorted((c["alpha_2"], clean(c.get("common_name", c["name"]))) for c in countries)
    with open(OUT / "iso3166-1.tsv", "w", encoding="utf-8") as f:
        f.write("# ISO 3166-1 alpha-2 codes and English short names, from Debian iso-codes\n")
        for code, name in rows:
            f.write(f"{code}\t{name}\n")
    regions = json.loads((SRC / "iso_3166-2.json").read_text())["3166-2"]
    table = {r["code"]: (clean(r["name"]), clean(r["type"])) for r in regions}
    table.update(REGION_OVERRIDES)
    rows = sorted((code, name, kind) for code, (name, kind) in table.items())
    with open(OUT / "iso3166-2.tsv", "w", encoding="utf-8") as f:
        f.write("# ISO 3166-2 subdivision codes, names and types, from Debian iso-codes\n")
        for code, name, kind in rows:
            f.write(f"{code}\t{name}\t{kind}\n")


if __name__ == "__main__":
    main()
