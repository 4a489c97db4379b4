#!/usr/bin/env python3
"""Duplicate cases (issue 18): an inbox of six units, two case documents
each on one theme (gen.py), with two duplicates planted across units: a
whole copy and a retold case.  Each planted pair is found, on both files
(the copy at 100%, the retold one below), and no other pair.
usage: dups.py DOCSCREEN"""
import json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402

with tempfile.TemporaryDirectory() as work:
    pairs = gen.inbox(work, units=6, per_unit=2, planted=2)
    out = subprocess.run([sys.argv[1], "--lang", "zh", "check", "-q", "--format", "json", work], capture_output=True,
                         env=dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8"))
    r = json.loads(out.stdout)
    found = {f["path"][len(work) + 1:]: [x["message"] for x in f["findings"] if x["rule"] == "collection.duplicate-case"]
             for f in r["files"]}
    found = {k: v for k, v in found.items() if v}
    want = {p for pair in pairs for p in pair}
    bad = []
    if set(found) != want:
        bad.append(f"duplicates on {sorted(found)}, not {sorted(want)}")
    (a, copy), (b, retold) = pairs
    if copy.split("/")[-1] not in found.get(a, [""])[0] or "（100%）" not in found.get(a, [""])[0]:
        bad.append(f"the copy: {found.get(a)}")
    if retold.split("/")[-1] not in found.get(b, [""])[0] or "（100%）" in found.get(b, [""])[0]:
        bad.append(f"the retold case: {found.get(b)}")
    for x in bad:
        print("FAIL:", x)
    print("1 passed, 0 failed" if not bad else "")
    sys.exit(1 if bad else 0)
