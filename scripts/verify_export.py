#!/usr/bin/env python3
"""Verify a rulestudio export's checksum without rulestudio.

Usage: python3 scripts/verify_export.py FILE.ruleset.json

The checksum is SHA-256 over the RFC 8785 (JSON Canonicalization Scheme)
serialization of the `body` object. This is a minimal JCS for the values an
export contains (objects, arrays, strings, integers, finite floats, booleans,
null); use a full JCS library in production code.
"""
import hashlib
import json
import sys


def canonical(value) -> str:
    if isinstance(value, dict):
        keys = sorted(value, key=lambda k: k.encode("utf-16-be"))
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + canonical(value[k]) for k in keys) + "}"
    if isinstance(value, list):
        return "[" + ",".join(canonical(v) for v in value) + "]"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float):
        # ECMAScript number formatting: whole numbers without a fraction.
        if value.is_integer() and abs(value) < 1e21:
            return str(int(value))
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as f:
        export = json.load(f)
    digest = "sha256:" + hashlib.sha256(canonical(export["body"]).encode("utf-8")).hexdigest()
    if digest != export["header"]["checksum"]:
        print(f"MISMATCH: header says {export['header']['checksum']}, body hashes to {digest}")
        return 1
    print(f"ok: {export['header']['name']} v{export['header']['version']} {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
