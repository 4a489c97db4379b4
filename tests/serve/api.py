#!/usr/bin/python3
"""API test of `docscreen serve` over loopback: every fixture gives the JSON
`docscreen check --format json` gives (both languages); the error paths
give the right status and message; a crashing, hanging and memory-eating
plugin gives internal.* findings and the server stays up; a full server
says 503 with Retry-After; nothing is written to disk; SIGTERM stops it.
  api.py DOCSCREEN SOURCE_DIR HAZARD_PLUGIN_DIR"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import Server, check, multipart, summary, wait_until  # noqa: E402

binary, src, hazard = (os.path.abspath(a) for a in sys.argv[1:4])

env = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8")
work = tempfile.mkdtemp()   # the server's cwd and TMPDIR: must stay empty
env["TMPDIR"] = work
opts = ["--plugin-dir", hazard, "--profile-path", os.path.join(src, "tests/batch"),
        "--timeout", "3", "--max-memory", "300M", "--max-upload", "8M", "--max-requests", "4", "--workers", "2"]
s = Server(binary, *opts, cwd=work, env=env)
try:
    # ---------------------------------------------------------- fixtures
    fixtures = os.path.join(src, "fixtures")
    exts = (".docx", ".xlsx", ".doc", ".xls", ".pdf", ".odt")
    files = sorted(os.path.join(d, f) for d, _, fs in os.walk(fixtures) for f in fs if f.endswith(exts))
    check(len(files) > 40, f"fixtures found: {len(files)}")
    for path in files:
        name = os.path.basename(path)
        data = open(path, "rb").read()
        for lang in ("zh", "en"):
            want = subprocess.run([binary, "--lang", lang, "check", *opts[:4], "--format", "json", name],
                                  cwd=os.path.dirname(path), env=env, capture_output=True).stdout
            st, h, got = s.check([(name, data)], {"lang": lang})
            # (the page's hints are the command line's first lines: the rest is for the committee)
            cut = json.loads(want)
            for f in cut["files"]:
                for x in f["findings"]:
                    x["hint"] = x["hint"].split("\n")[0]
            want = json.dumps(cut, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"
            check(st == 200 and got == want,
                  f"{os.path.relpath(path, fixtures)} {lang}: {st}\n  got  {got[:300]!r}\n  want {want[:300]!r}")
    # several files in one request, in the order sent
    sample = os.path.join(fixtures, "citec/sample")
    names = sorted(os.listdir(sample))
    want = subprocess.run([binary, "--lang", "zh", "check", *opts[:4], "--format", "json", *names],
                          cwd=sample, env=env, capture_output=True).stdout
    st, h, got = s.check([(n, open(os.path.join(sample, n), "rb").read()) for n in names])
    # (files sent together are one unit's submission: the collection is added)
    g = json.loads(got) if st == 200 else {"files": []}
    subs = g.get("submissions", [])

    def own(report):  # each file's own results, without what the collection adds
        return [(f["path"], f["format"], f["cases"], [x for x in f["findings"] if not x["rule"].startswith("collection.")])
                for f in report["files"]]
    check(st == 200 and own(g) == own(json.loads(want)), f"the sample submission in one request: {st} {got[:200]!r}")
    dup = [f["path"] for f in g["files"] for x in f["findings"] if x["rule"] == "collection.duplicate-case"]
    check("04-江海市-自动编号案例.docx" in dup, f"the sample's 04 repeats cases of 01 and 03: {dup}")
    check(len(subs) == 1 and subs[0]["has_table"] and len(subs[0]["files"]) == len(names)
          and subs[0]["name"] == "江海市人力资源和社会保障局", f"one submission of the files sent together: {subs}")
    check(h.get("cache-control") == "no-store", "results are not cached: " + str(h.get("cache-control")))
    check(h.get("content-type", "").startswith("application/json"), "JSON content type")
    # workers hold no socket (a closed connection must close) and no file
    kids = open(f"/proc/{s.proc.pid}/task/{s.proc.pid}/children").read().split()
    held = [os.readlink(f"/proc/{k}/fd/{fd}") for k in kids for fd in os.listdir(f"/proc/{k}/fd")]
    check(kids and not [x for x in held if x.startswith("socket:") or x.startswith("/")
                         and not x.startswith("/dev/")], "worker descriptors: " + str(held))
    # the Shenzhen profile, chosen by field
    st, h, got = s.check([(names[0], open(os.path.join(sample, names[0]), "rb").read())],
                         {"profile": "citec-2023-shenzhen"})
    check(st == 200 and json.loads(got)["profile"]["id"] == "citec-2023-shenzhen", "profile field honoured")

    # ---------------------------------------------------------- other routes
    st, h, body = s.request("GET", "/")
    csp = h.get("content-security-policy", "")
    check(st == 200 and b"/serve.js" in body, "the page")
    check("script-src 'self'" in csp and "unsafe-inline" not in csp and "default-src 'none'" in csp, "CSP: " + csp)
    check(h.get("x-content-type-options") == "nosniff", "nosniff")
    for asset, kind in (("/serve.js", "text/javascript"), ("/report.js", "text/javascript"), ("/report.css", "text/css")):
        st, h, body = s.request("GET", asset)
        check(st == 200 and h.get("content-type", "").startswith(kind) and len(body) > 500, asset)
    st, h, body = s.request("GET", "/api/profiles")
    p = json.loads(body)
    ids = [x["id"] for x in p["profiles"]]
    check(st == 200 and p["default"] == "citec-2023-national" and "citec-2023-shenzhen" in ids
          and p["max_upload"] == 8 << 20, "profiles: " + body.decode())
    st, h, body = s.request("GET", "/healthz")
    check(st == 200 and json.loads(body)["status"] == "ok", "healthz")

    # ---------------------------------------------------------- error paths
    def error(st, body, want_status, code, what):
        try:
            e = json.loads(body)["error"]
        except (ValueError, KeyError):
            e = {}
        check(st == want_status and e.get("code") == code and e.get("message"),
              f"{what}: {st} {body[:200]!r}")
        return e.get("message", "")

    st, h, body = s.request("GET", "/api/check")
    error(st, body, 405, "method", "GET /api/check")
    check("POST" in h.get("allow", ""), "405 says Allow")
    st, h, body = s.request("PUT", "/")
    error(st, body, 405, "method", "PUT /")
    st, h, body = s.request("GET", "/nothing-here")
    msg = error(st, body, 404, "not-found", "404")
    check(msg == "没有这个页面。", "errors in Chinese by default: " + msg)
    st, h, body = s.request("POST", "/api/check?lang=en", b"x=1", {"Content-Type": "application/x-www-form-urlencoded"})
    msg = error(st, body, 415, "not-multipart", "not multipart")
    check("multipart/form-data" in msg and msg.isascii(), "errors in English on ?lang=en: " + msg)
    st, h, body = s.request("POST", "/api/check", b"garbage", {"Content-Type": "multipart/form-data"})
    error(st, body, 400, "bad-multipart", "multipart without boundary")
    body_, ctype = multipart([("a.docx", b"PK\x03\x04" + b"x" * 100)], {})
    st, h, body = s.request("POST", "/api/check", body_[: len(body_) // 2], {"Content-Type": ctype})
    error(st, body, 400, "bad-multipart", "multipart cut short")
    # what RFC 2046 and 7578 allow, however rare: a one-character boundary, a
    # quoted one, a preamble, a name in filename*=, the body in 7-byte pieces
    sample_doc = open(os.path.join(fixtures, "citec/sample", sorted(os.listdir(os.path.join(fixtures, "citec/sample")))[0]),
                      "rb").read()
    for ctype, boundary, name_header, pre in (
            ("multipart/form-data; boundary=b", "b", 'filename="one.docx"', b""),
            ('multipart/form-data; charset=utf-8; boundary="a b:c"', "a b:c", 'filename="quoted.docx"', b"preamble\r\n"),
            ("multipart/form-data; boundary=xyz", "xyz", "filename*=UTF-8''%E6%A1%88%E4%BE%8B.docx; filename=\"x.docx\"", b"")):
        part = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; {name_header}\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n").encode() + sample_doc + f"\r\n--{boundary}--\r\n".encode()
        c = s.conn()
        c.putrequest("POST", "/api/check")
        c.putheader("Content-Type", ctype)
        c.putheader("Content-Length", str(len(pre + part)))
        c.endheaders()
        data = pre + part
        for i in range(0, len(data), 7 if boundary == "xyz" else 1 << 16):
            c.send(data[i:i + (7 if boundary == "xyz" else 1 << 16)])
        r = c.getresponse()
        got = r.read()
        c.close()
        files_ = json.loads(got).get("files", []) if r.status == 200 else []
        want_name = {"b": "one.docx", "a b:c": "quoted.docx", "xyz": "案例.docx"}[boundary]
        check(r.status == 200 and len(files_) == 1 and files_[0]["path"] == want_name and files_[0]["status"] == "pass",
              f"boundary {boundary!r}: {r.status} {got[:200]!r}")
    st, h, body = s.request("POST", "/api/check", b"--b\r\nContent-Disposition: form-data; name=\"file\"; "
                            b"filename=\"a.docx\"\r\n\r\nx\r\n--bb\r\n", {"Content-Type": "multipart/form-data; boundary=b"})
    error(st, body, 400, "bad-multipart", "a delimiter followed by other than CRLF or --")
    st, h, body = s.check([], {"lang": "zh"})
    error(st, body, 400, "no-file", "no file")
    st, h, body = s.check([("", b"")], {"lang": "zh"})
    error(st, body, 400, "no-file", "a file input left empty")
    st, h, body = s.check([("a.docx", b"x")], {"profile": "no-such-profile"})
    error(st, body, 400, "bad-profile", "unknown profile")
    # an announced size over the limit is refused before the body is sent
    big = os.urandom(9 << 20)
    body_, ctype = multipart([("big.docx", big)], {})
    c = s.conn()
    c.putrequest("POST", "/api/check")
    c.putheader("Content-Type", ctype)
    c.putheader("Content-Length", str(len(body_)))
    c.putheader("Expect", "100-continue")
    c.endheaders()
    r = c.getresponse()
    error(r.status, r.read(), 413, "too-large", "oversize upload (Expect: 100-continue)")
    c.close()

    def chunks():
        body_, _ = multipart([("big.docx", big)], {})
        for i in range(0, len(body_), 1 << 20):
            yield body_[i:i + (1 << 20)]
    c = s.conn()
    _, ctype = multipart([], {})
    c.request("POST", "/api/check", body=chunks(), headers={"Content-Type": ctype}, encode_chunked=True)
    r = c.getresponse()
    error(r.status, r.read(), 413, "too-large", "oversize chunked upload")
    c.close()

    # ---------------------------------------------------------- hazards
    for name, rule in (("crash-me", "internal.crash"), ("loop-me", "internal.timeout"), ("eat-me", "internal.memory")):
        data = open(os.path.join(src, "tests/batch/docs", name + ".docx"), "rb").read()
        st, h, body = s.check([(name + ".docx", data)], {"profile": "hazard"})
        r = json.loads(body) if st == 200 else {}
        got = [x["rule"] for f in r.get("files", []) for x in f["findings"]]
        check(st == 200 and got == [rule], f"{name}: {st} {got}")
    st, h, body = s.check([(names[0], open(os.path.join(sample, names[0]), "rb").read())])
    check(st == 200 and json.loads(body)["files"][0]["status"] == "pass", "a good file after the hazards")

    # ---------------------------------------------------------- a full server
    loop = open(os.path.join(src, "tests/batch/docs/loop-me.docx"), "rb").read()
    slow = []
    threads = [threading.Thread(target=lambda: slow.append(s.check([("loop-me.docx", loop)], {"profile": "hazard"})[0]))
               for _ in range(4)]
    for t in threads:
        t.start()
    wait_until(lambda: json.loads(s.request("GET", "/healthz")[2])["requests"] == 4, 10)
    st, h, body = s.check([("a.docx", b"x")])
    error(st, body, 503, "busy", "a fifth request while four are checked")
    check(h.get("retry-after", "").isdigit(), "503 says Retry-After")
    for t in threads:
        t.join()
    check(slow == [200] * 4, f"the four admitted requests were answered: {slow}")
    st, h, body = s.request("GET", "/healthz")
    check(st == 200 and json.loads(body)["requests"] == 0, "nothing left in flight: " + body.decode())

    check(os.listdir(work) == [], "nothing written to the working folder or TMPDIR: " + str(os.listdir(work)))
finally:
    code = s.stop()
    check(code == 0, f"SIGTERM stops the server with status 0, got {code}")
    os.rmdir(work) if not os.listdir(work) else None

sys.exit(summary())
