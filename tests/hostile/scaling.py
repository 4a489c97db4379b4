#!/usr/bin/env python3
"""Work per byte stays bounded: for each path that was quadratic (the second
security round), a file of size n and one of size 2n are checked, and the
second must take at most 2.5 times as long (measured up to three times,
the best of two runs each).  n grows until the first takes
long enough to be measured (0.5 s), so that start-up does not hide a
quadratic term.
usage: scaling.py DOCSCREEN [NAME...]"""
import os, subprocess, sys, tempfile, time

BIN = sys.argv[1]
ONLY = set(sys.argv[2:])
TMP = tempfile.mkdtemp()
MEASURABLE = 0.5

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ooxml  # noqa: E402
from ooxml import W, docx, xlsx  # noqa: E402
ooxml.TMP = TMP


def col(c):
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


P = "<w:p>{}<w:r><w:t>{}</w:t></w:r></w:p>"
CASES = {}


def case(name):
    def deco(make):
        CASES[name] = make
        return make
    return deco


@case("styles")  # n styles, each paragraph in its own (a linear lookup per paragraph)
def _(n):
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="S{i}"><w:name w:val="s{i}"/></w:style>'
                     for i in range(n))
    return docx(f"styles-{n}.docx", "".join(P.format(f'<w:pPr><w:pStyle w:val="S{i}"/></w:pPr>', "正文")
                                           for i in range(n)),
                extra=[("word/styles.xml", f"<w:styles {W}>{styles}</w:styles>")],
                doc_rels=[("rS", "styles", "styles.xml")])


@case("numbering")  # n lists, each its own abstract numbering
def _(n):
    num = "".join(f'<w:abstractNum w:abstractNumId="{i}"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                  f'<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>' for i in range(n))
    num += "".join(f'<w:num w:numId="{i + 1}"><w:abstractNumId w:val="{i}"/></w:num>' for i in range(n))
    return docx(f"numbering-{n}.docx", "".join(
        P.format(f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{i + 1}"/></w:numPr></w:pPr>', "项")
        for i in range(n)), extra=[("word/numbering.xml", f"<w:numbering {W}>{num}</w:numbering>")],
        doc_rels=[("rN", "numbering", "numbering.xml")])


@case("contacts")  # n label cells whose value would be below (each searched the rest of the document)
def _(n):
    row = "<w:tr>" + "".join(f"<w:tc>{P.format('', t)}</w:tc>" for t in ("联系人", "")) + "</w:tr>"
    return docx(f"contacts-{n}.docx", "<w:tbl>" + row * n + "</w:tbl>" + P.format("", "正文") * n)


@case("relationships")  # n hyperlinks, each its own relationship
def _(n):
    return docx(f"rels-{n}.docx", "".join(f'<w:p><w:hyperlink r:id="h{i}"><w:r><w:t>链接</w:t></w:r></w:hyperlink></w:p>'
                                          for i in range(n)),
                doc_rels=[(f"h{i}", "hyperlink", f"http://example.com/{i}", ' TargetMode="External"')
                          for i in range(n)])


@case("open-fields")  # n fields begun and never ended
def _(n):
    return docx(f"fields-{n}.docx", "".join(
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r></w:p>' for _ in range(n)))


@case("attributes")  # n elements of 200 attributes each (libxml2 compares them pairwise)
def _(n):
    attrs = " ".join(f'a{i}="1"' for i in range(200))
    return docx(f"attrs-{n}.docx", "".join(f"<w:p {attrs}><w:r><w:t>段</w:t></w:r></w:p>" for _ in range(n)))


@case("namespaces")  # n elements declaring 200 namespaces each
def _(n):
    decls = " ".join(f'xmlns:n{i}="urn:x{i}"' for i in range(200))
    return docx(f"ns-{n}.docx", "".join(f"<w:p {decls}><w:r><w:t>段</w:t></w:r></w:p>" for _ in range(n)))


@case("merged-ranges")  # years in 256 columns (as many candidate axes), n merged ranges
def _(n):
    rows = ['<row r="1">' + "".join(f'<c r="{col(c)}1" t="inlineStr"><is><t>引进人才数</t></is></c>'
                                    for c in range(256)) + "</row>"]
    rows += [f'<row r="{r}">' + "".join(f'<c r="{col(c)}{r}"><v>{2016 + r}</v></c>' for c in range(256)) + "</row>"
             for r in range(2, 7)]
    merges = "".join(f'<mergeCell ref="{col(2 * (i % 200))}{10 + i // 200}:{col(2 * (i % 200) + 1)}{10 + i // 200}"/>'
                     for i in range(n))
    return xlsx(f"merges-{n}.xlsx", '<sheet name="统计表" sheetId="1" r:id="r1"/>',
                f'<sheetData>{"".join(rows)}</sheetData><mergeCells count="{n}">{merges}</mergeCells>')


def timed(path):
    best = None
    for _ in range(2):
        t = time.monotonic()
        # (the files are repetitive: they inflate past max-ratio, which is not what is measured)
        p = subprocess.run([BIN, "--lang", "en", "check", "--format", "json", "--timeout", "120",
                            "--limit", "max-ratio=100000", path], capture_output=True)
        dt = time.monotonic() - t
        if p.returncode not in (0, 1) or b"package.limits" in p.stdout or b"internal." in p.stdout:
            raise RuntimeError(f"{path}: exit {p.returncode} {p.stdout[:300]!r} {p.stderr[-300:]!r}")
        best = dt if best is None else min(best, dt)
    return best


failed = 0
for name, make in CASES.items():
    if ONLY and name not in ONLY:
        continue
    n = 500
    t1 = timed(make(n))
    while t1 < MEASURABLE and n < 128000:
        n *= 2
        t1 = timed(make(n))
    small, large = make(n), make(2 * n)
    t2 = timed(large)
    ok = t2 <= 2.5 * t1
    for _ in range(2):  # a machine busy with something else: measured again (a quadratic path stays ~4x)
        if ok:
            break
        t1, t2 = timed(small), timed(large)
        ok = t2 <= 2.5 * t1
    failed += not ok
    print(f"{'ok  ' if ok else 'FAIL'} {name}: n={n} {t1:.2f} s, 2n {t2:.2f} s ({t2 / t1:.1f}x)")
print(f"{len(CASES) - failed if not ONLY else len(ONLY) - failed} passed, {failed} failed")
sys.exit(1 if failed else 0)
