#!/usr/bin/python3
"""Bounded load test of `docscreen serve` on loopback: N requests (default
2000) from C concurrent clients (default 32), a mix of good, broken and
hostile files, each request under a unique name.  Every response must be
the report of exactly the file sent (no lost or mixed-up answer), with the
status that file gets alone; the server must stay up, and its memory
(server plus workers) must not grow after the warm-up.  Prints requests/s
and latency percentiles.
  load.py DOCSCREEN SOURCE_DIR [N] [C]"""
import json
import os
import statistics
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server  # noqa: E402

binary, src = (os.path.abspath(a) for a in sys.argv[1:3])
total = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
conc = int(sys.argv[4]) if len(sys.argv) > 4 else 32
fx = os.path.join(src, "fixtures")
mix = [  # (file, kind)
    ("citec/sample/01-江海市-典型地区与机构案例.docx", "good"),
    ("citec/sample/03-陈启明-典型人才案例.docx", "good"),
    ("citec/sample/05-江海市-成果统计表.xlsx", "good"),
    ("citec/rules/wordcount.case-length/trigger-short.docx", "good"),
    ("basic/legacy-word97.doc", "broken"),
    ("basic/empty.docx", "broken"),
    ("citec/rules/package.corrupt/trigger-truncated.docx", "broken"),
    ("citec/rules/package.limits/trigger-bomb.docx", "hostile"),
    ("citec/rules/package.corrupt/trigger-doctype.docx", "hostile"),
]
files = [(os.path.basename(p), open(os.path.join(fx, p), "rb").read(), k) for p, k in mix]

env = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8")
s = Server(binary, "--max-requests", str(conc * 2), cwd=src, env=env)
bad, lat = [], []
lock = threading.Lock()
try:
    # what each file gets alone
    expect = {}
    for name, data, _ in files:
        st, _, body = s.check([(name, data)])
        f = json.loads(body)["files"][0]
        expect[name] = (f["status"], [x["rule"] for x in f["findings"]])

    counter = iter(range(total))
    rss = {}

    def client():
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            name, data, _ = files[i % len(files)]
            unique = f"{i:05d}-{name}"
            t0 = time.monotonic()
            try:
                st, _, body = s.check([(unique, data)], timeout=120)
                r = json.loads(body) if st == 200 else None
            except Exception as e:  # noqa: BLE001 - any failure is a finding of the test
                st, r = str(e), None
            dt = time.monotonic() - t0
            f = r["files"][0] if r and len(r["files"]) == 1 else None
            with lock:
                lat.append(dt)
                if not f or f["path"] != unique or (f["status"], [x["rule"] for x in f["findings"]]) != expect[name]:
                    bad.append(f"request {i} ({name}): {st} {str(f)[:200]}")
                if i == total // 4:
                    rss["warm"] = s.rss()

    start = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(conc)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - start
    rss["end"] = s.rss()
    alive = s.request("GET", "/healthz")[0] == 200
finally:
    code = s.stop()

lat.sort()
p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
print(f"{total} requests, {conc} concurrent, {wall:.1f} s: {total / wall:.0f} requests/s; "
      f"latency median {statistics.median(lat) * 1000:.0f} ms, p99 {p(0.99):.0f} ms, max {lat[-1] * 1000:.0f} ms; "
      f"RSS after warm-up {rss.get('warm', 0) >> 20} MiB, at the end {rss['end'] >> 20} MiB")
other = []
if len(lat) != total:
    other.append(f"{len(lat)} answers for {total} requests")
if not alive or code != 0:
    other.append(f"server alive {alive}, exit status {code}")
if rss.get("warm") and rss["end"] > rss["warm"] * 1.25 + (16 << 20):
    other.append(f"memory grew: {rss['warm'] >> 20} -> {rss['end'] >> 20} MiB")
for f in bad[:10] + other:
    print("FAIL:", f)
print(f"{total - len(bad) + 3 - len(other)} passed, {len(bad) + len(other)} failed")
sys.exit(1 if bad or other else 0)
