"""lit-summary.py — one plain summary line from lit's JSON results (-o)."""
import collections
import json
import sys

with open(sys.argv[1]) as f:
    codes = collections.Counter(t["code"] for t in json.load(f)["tests"])
passed = codes["PASS"] + codes["XFAIL"]
failed = codes["FAIL"] + codes["XPASS"] + codes["UNRESOLVED"] + codes["TIMEOUT"]
skipped = codes["UNSUPPORTED"]
print(f"lit: {passed} passed, {failed} failed, {skipped} skipped")
