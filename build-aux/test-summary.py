#!/usr/bin/env python3
"""Prints the closing line CI reads, 'N passed, N failed', over meson test logs."""
import json
import sys

ok = bad = skip = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8")
    except OSError:
        continue
    for line in lines:
        result = json.loads(line).get("result")
        if result in ("OK", "EXPECTEDFAIL"):
            ok += 1
        elif result == "SKIP":
            skip += 1
        else:
            bad += 1
print(f"tests: {ok} passed, {bad} failed" + (f", {skip} skipped" if skip else ""))
