"""thesis-cn on real thesis templates (fixtures/thesis, not made here):
every finding, by rule and place, each checked by hand against the
document (docscreen dump shows what was read) -- the templates are full of
placeholders, so most are true by design -- and nothing else; then a
school's profile that changes two numbers (thesis-dlnu.xml) changes those
two findings only.
  thesis.py DOCSCREEN FIXTURES_DIR"""
import json
import os
import subprocess
import sys

BIN, FIX = sys.argv[1], sys.argv[2]
HERE = os.path.dirname(os.path.abspath(__file__))

# (rule, the place's opening words or "" for the document, a word of the message)
EXPECTED = {
    "dlnu-2023.docx": [
        ("thesis.abstract-length", "摘  要", "251"),          # placeholder abstract
        ("thesis.keywords-count", "关键词：语言；文字", "2"),    # two keywords
        ("thesis.subsection-numbering", "2.1 公式编辑", "2.1"),  # numbered 2.1, styled heading 3
        ("thesis.template-text", "论 文 题 目", "XXX"),          # the cover's XXX
        ("thesis.body-format", "（二级标题，黑体四号", "Calibri"),  # notes in Calibri
        ("thesis.body-format", "（表格需制成三线表", "10.5"),      # a run of 五号 in body text
        ("thesis.body-format", "每行三十七个字", "20"),            # exactly 20 pt, not 1.5 lines
        ("thesis.heading1-format", "ABSTRACT", "宋体"),           # its note in 宋体
        ("thesis.heading3-format", "1.2.1 研究现状", "14"),        # 四号, not 小四
        ("thesis.heading3-format", "2.1 公式编辑", "14"),
    ],
    "sjtu-2026.docx": [
        ("package.comments", "", "22"),                          # the template's notes as comments
        ("thesis.abstract-length", "摘 要", "117"),
        ("thesis.keywords-separator", "关键词：学位论文", "，"),     # commas, not semicolons
        ("thesis.template-text", "学    号", "XXX"),
        ("thesis.body-format", "学位论文", "20"),                 # exactly 20 pt
    ],
    "lzu-2020.docx": [
        ("thesis.parts", "Abstract", "Abstract"),               # English abstract first
        ("thesis.parts", "第一章 总则", "第一章"),                 # the university's rules come first
        ("thesis.parts", "", "参考文献"),                         # the template stops at 1.3
        ("thesis.parts", "", "致谢"),
        ("thesis.abstract-length", "中文摘要", "191"),
        ("thesis.template-text", "1.正文结构", "Times New Roman"),  # （英文用Times New Roman字体，12磅）
        ("thesis.body-format", "第一条", "仿宋"),                  # the rules are set in 仿宋 三号
        ("thesis.body-format", "（二）指导教师", "仿宋"),
        ("thesis.body-format", "第一条", "16"),
        ("thesis.body-format", "第一条", "27"),
        ("thesis.body-format", "第二章 组织管理", "0.0"),
    ],
}


def findings(path, profile):
    out = subprocess.run([BIN, "--lang", "zh", "check", "--profile-path", HERE, "--profile", profile,
                          "--format", "json", path], capture_output=True, text=True,
                         env=dict(os.environ, DOCSCREEN_SOFFICE=""))
    if out.returncode not in (0, 1):
        sys.exit(f"{path}: docscreen exited {out.returncode}: {out.stderr}")
    report = json.loads(out.stdout)
    return [x for f in report["files"] for x in f["findings"]]


def matches(x, want):
    rule, place, word = want
    # a symbol font's characters (private use, w:sym) are left out of the comparison
    excerpt = "".join(c for c in x.get("location", {}).get("excerpt", "") if not "\ue000" <= c <= "\uf8ff")
    return x["rule"] == rule and excerpt.startswith(place) and word in x["message"]


failed = 0
for name, want in EXPECTED.items():
    got = findings(os.path.join(FIX, name), "thesis-cn")
    left = list(got)
    for w in want:
        hit = next((x for x in left if matches(x, w)), None)
        if hit is None:
            print(f"FAIL {name}: no finding {w}")
            failed += 1
        else:
            left.remove(hit)
    for x in left:
        print(f"FAIL {name}: unexpected {x['rule']}: {x['message']}")
        failed += 1

# a school's profile changes numbers only: the findings of those two go,
# the rest stay, and the one paragraph not at 20 pt is now found
got = findings(os.path.join(FIX, "dlnu-2023.docx"), "thesis-dlnu")
gone = [w for w in EXPECTED["dlnu-2023.docx"]
        if (w[0] == "thesis.body-format" and w[2] == "20") or w[0] == "thesis.heading3-format"]
new = ("thesis.body-format", "（注意段落标题之间不能有空白", "单倍")  # its line spacing is single
for w in EXPECTED["dlnu-2023.docx"] + [new]:
    present = any(matches(x, w) for x in got)
    if present == (w in gone):
        print(f"FAIL thesis-dlnu: {w} {'still there' if present else 'gone'}")
        failed += 1
if len(got) != len(EXPECTED["dlnu-2023.docx"]) - len(gone) + 1:
    print(f"FAIL thesis-dlnu: {len(got)} findings: {[x['rule'] for x in got]}")
    failed += 1
print(f"{0 if failed else 1} passed, {1 if failed else 0} failed")
sys.exit(1 if failed else 0)
