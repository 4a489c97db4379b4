"""The project's configuration and its waivers, as a CI user and a
committee meet them: .docscreen.ini found from the checked folder upwards
(--config, --no-config), its values under the command line's, `docscreen
config` naming where each comes from, mistakes said with file and line;
waivers honoured by every format and by the exit status, an expired one
counting again and saying so, an unused one said.
  config.py DOCSCREEN FIXTURES_DIR SCHEMA SARIF_SCHEMA"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

from jsonschema import Draft202012Validator, Draft7Validator

BIN, FIX, SCHEMA, SARIF = sys.argv[1:5]
failed = 0


def check(ok, what):
    global failed
    if not ok:
        print("FAIL:", what)
        failed += 1


def run(*args, cwd, today=None):
    env = dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8", DOCSCREEN_SOFFICE="")
    if today:
        env["DOCSCREEN_TODAY"] = today
    return subprocess.run([BIN, "--lang", "en", *args], cwd=cwd, capture_output=True, text=True, env=env)


tmp = tempfile.mkdtemp()
try:
    inbox = os.path.join(tmp, "inbox", "江海市")
    os.makedirs(inbox)
    shutil.copy(os.path.join(FIX, "citec/rules/wordcount.case-length/trigger-short.docx"), inbox)
    shutil.copy(os.path.join(FIX, "citec/sample/01-江海市-典型地区与机构案例.docx"), inbox)
    os.makedirs(os.path.join(tmp, "out"))
    with open(os.path.join(tmp, ".docscreen.ini"), "w", encoding="utf-8") as f:
        f.write("""# the committee's decisions
[check]
fail-on = error
report = sarif:out/report.sarif;csv:out/report.csv

[waiver short-case]
file = 江海市/trigger-short.docx
rule = wordcount.case-length
case = 1
reason = accepted at 260 字 by the editor
by = 王编辑
expires = 2030-06-30

[waiver conference]
file = trigger-short.docx
rule = sections.conference
reason = the case names the conference in its title page
expires = 2030-06-30

[waiver forgotten]
file = nothing.docx
rule = wordcount.case-length
reason = a file that was withdrawn
""")
    sub = os.path.join(tmp, "inbox")

    # found from the checked folder upwards; each value with its place
    out = run("config", sub, cwd=tmp)
    check(out.returncode == 0 and ".docscreen.ini (found from" in out.stdout, f"config: {out.stdout}{out.stderr}")
    check("fail-on = error\t(" + os.path.join(tmp, ".docscreen.ini") + ":3)" in out.stdout, f"config lines: {out.stdout}")
    check("profile = citec-2023-national\t(default)" in out.stdout, "config default")
    check("waiver short-case: wordcount.case-length" in out.stdout and ":6)" in out.stdout, "config waiver")

    # before the date: both findings of the short case waived, the file passes
    out = run("check", "--format", "json", sub, cwd=tmp, today="2026-12-02")
    r = json.loads(out.stdout)
    short = next(f for f in r["files"] if f["path"].endswith("trigger-short.docx"))
    waived = [x for x in short["findings"] if "waived" in x]
    check(short["status"] == "pass", f"waived file status {short['status']}")
    check(len(waived) == 2 and waived[0]["waived"]["by"] == "王编辑", f"waived findings {waived}")
    check(r["summary"]["findings"].get("waived") == 2, f"summary {r['summary']}")
    config_entry = [f for f in r["files"] if f["format"] == "config"]
    check(len(config_entry) == 1 and [x["rule"] for x in config_entry[0]["findings"]] == ["config.waiver-unused"],
          f"unused waiver said: {config_entry}")
    errors = list(Draft202012Validator(json.load(open(SCHEMA))).iter_errors(r))
    check(not errors, f"schema: {errors[:2]}")
    # the reports the configuration asks for: SARIF suppressions, CSV without the waived
    sarif = json.load(open(os.path.join(tmp, "out/report.sarif"), encoding="utf-8"))
    sup = [x for x in sarif["runs"][0]["results"] if x.get("suppressions")]
    check(len(sup) == 2 and sup[0]["suppressions"][0]["justification"].startswith("accepted at 260"),
          f"sarif suppressions {sup}")
    serr = list(Draft7Validator(json.load(open(SARIF))).iter_errors(sarif))
    check(not serr, f"sarif schema: {serr[:1]}")
    rows = list(csv.reader(io.StringIO(open(os.path.join(tmp, "out/report.csv"), encoding="utf-8-sig").read())))
    check(not any("wordcount.case-length" in row for row in rows), "csv lists a waived finding")
    # text and the exit status
    out = run("check", sub, cwd=tmp, today="2026-12-02")
    check("○ waived [wordcount.case-length]" in out.stdout and "why: accepted at 260" in out.stdout,
          f"text: {out.stdout}")
    check(out.returncode == 1, f"exit {out.returncode}: the submission has no table (not waived)")
    out = run("check", os.path.join(sub, "江海市", "trigger-short.docx"), cwd=tmp, today="2026-12-02")
    check(out.returncode == 0, f"the waived file alone: exit {out.returncode}")
    out = run("check", "--format", "junit", os.path.join(sub, "江海市", "trigger-short.docx"), cwd=tmp,
              today="2026-12-02")
    check("<failure" not in out.stdout, "junit fails a waived finding")
    out = run("check", "--format", "github", os.path.join(sub, "江海市", "trigger-short.docx"), cwd=tmp,
              today="2026-12-02")
    check("title=wordcount.case-length" not in out.stdout and "title=config.waiver-unused" in out.stdout,
          f"github: {out.stdout}")
    out = run("check", "--format", "html", "-o", os.path.join(tmp, "out/r.html"), sub, cwd=tmp, today="2026-12-02")
    check('"waived":{"reason":"accepted at 260' in open(os.path.join(tmp, "out/r.html"), encoding="utf-8").read(),
          "html page data")

    # after the date: the findings count again, and the expiry is said
    out = run("check", "--format", "json", os.path.join(sub, "江海市", "trigger-short.docx"), cwd=tmp,
              today="2030-07-01")
    r = json.loads(out.stdout)
    short = r["files"][0]
    check(short["status"] == "fail" and not any("waived" in x for x in short["findings"]), "expired still waives")
    said = [x["rule"] for f in r["files"] if f["format"] == "config" for x in f["findings"]]
    check(said.count("config.waiver-expired") == 2, f"expiry said: {said}")
    check(out.returncode == 1, "expired: exit status")

    # the command line over the configuration; --no-config; --config FILE
    out = run("check", "--fail-on", "warning", "--no-config", os.path.join(sub, "江海市", "trigger-short.docx"), cwd=tmp)
    check(out.returncode == 1 and "waived" not in out.stdout, "--no-config")
    other = os.path.join(tmp, "other.ini")
    open(other, "w").write("[check]\nprofile = basic\n")
    out = run("config", "--config", other, cwd=tmp)
    check("profile = basic\t(" + other + ":2)" in out.stdout and "(--config)" in out.stdout, f"--config: {out.stdout}")

    # mistakes: file and line, and what is allowed
    open(other, "w").write("[check]\nprofle = basic\n")
    out = run("config", "--config", other, cwd=tmp)
    check(out.returncode == 2 and other + ":2: [check] has no key 'profle'" in out.stderr, f"bad key: {out.stderr}")
    open(other, "w").write("[waiver w]\nrule = a.b\n")
    out = run("check", "--config", other, sub, cwd=tmp)
    check(out.returncode == 2 and "gives no reason" in out.stderr, f"no reason: {out.stderr}")
    open(other, "w").write("[waiver w]\nrule = a.b\nreason = r\nexpires = next year\n")
    out = run("check", "--config", other, sub, cwd=tmp)
    check(out.returncode == 2 and ":4: expires is a date" in out.stderr, f"bad date: {out.stderr}")
    open(other, "w").write("[waivers]\n")
    out = run("check", "--config", other, sub, cwd=tmp)
    check(out.returncode == 2 and "[waivers] is no section" in out.stderr, f"bad section: {out.stderr}")
    # [path GLOB] disable: those rules' findings are waived there, and never said unused
    open(other, "w").write("[path 江海市/*]\ndisable = wordcount.case-length;nothing.here\n")
    out = run("check", "--config", other, "--format", "json", os.path.join(sub, "江海市", "trigger-short.docx"), cwd=tmp)
    r = json.loads(out.stdout)
    rules = [(x["rule"], "waived" in x) for f in r["files"] for x in f["findings"]]
    check(("wordcount.case-length", True) in rules and not any(f["format"] == "config" for f in r["files"]),
          f"path disable: {rules}")
finally:
    shutil.rmtree(tmp)
print(f"{0 if failed else 1} passed, {1 if failed else 0} failed")
sys.exit(1 if failed else 0)
