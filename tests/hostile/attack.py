#!/usr/bin/env python3
"""Files made to hit one code path each, as an attacker would make them (the
second security round): each must end in a clear finding or a clean read
within 5 s and 256 MiB, in check, dump and count alike, with no crash, no
leak (under ASan) and no control character reaching the terminal.  The
files are generated here, in a temporary folder: most are large once
inflated and tiny zipped.
usage: attack.py DOCSCREEN [NAME...]"""
import io, json, os, resource, struct, subprocess, sys, tempfile, time, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

BIN = sys.argv[1]
ONLY = set(sys.argv[2:])
TMP = tempfile.mkdtemp()
LIMIT_S = 20 if os.environ.get("DS_SANITIZED") else 5  # ASan is several times slower
from ooxml import CT, R, RELNS, S, W, docx, rels, xlsx  # noqa: E402,F401
import ooxml  # noqa: E402
ooxml.TMP = TMP


def rows(n, cols=10):
    return "<sheetData>" + "".join(f'<row r="{r + 1}">' + "".join(
        f'<c r="{chr(65 + c)}{r + 1}"><v>{c}</v></c>' for c in range(cols)) + "</row>" for r in range(n)) + \
        "</sheetData>"


P = "<w:p><w:r><w:t>{}</w:t></w:r></w:p>"

# ------------------------------------------------------------------ cases
# name: (make() -> path, finding the check must end in (None: read, any
# non-internal finding), commands besides check that must not fail)
CASES = {}


def case(name, want=None, also=("dump", "count")):
    def deco(make):
        CASES[name] = (make, want, also)
        return make
    return deco


@case("p-in-rpr")  # 6: a paragraph inside run properties left a NULL slot
def _():
    return docx("p-in-rpr.docx", '<w:p><w:r><w:rPr><w:p><w:r><w:t>x</w:t></w:r></w:p><w:tbl><w:tr><w:tc>'
                '<w:p/></w:tc></w:tr></w:tbl></w:rPr><w:t>正文</w:t></w:r></w:p>' + P.format("二"))


@case("bind-many-contents")  # 2: a bound block control with many w:sdtContent leaked its value
def _():
    item = '<root xmlns="urn:x"><v>' + "值" * 20000 + "</v></root>"
    props = ('<ds:datastoreItem ds:itemID="{11111111-2222-3333-4444-555555555555}" '
             'xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>')
    sdt = ('<w:sdt><w:sdtPr><w:text/><w:dataBinding w:prefixMappings="xmlns:ns0=\'urn:x\'" '
           'w:xpath="/ns0:root[1]/ns0:v[1]" w:storeItemID="{11111111-2222-3333-4444-555555555555}"/></w:sdtPr>' +
           "<w:sdtContent><w:p/></w:sdtContent>" * 200 + "</w:sdt>")
    return docx("bind-many-contents.docx", sdt * 4, extra=[
        ("customXml/item1.xml", item), ("customXml/itemProps1.xml", props),
        ("customXml/_rels/item1.xml.rels", rels([("p", "customXmlProps", "itemProps1.xml")]))])


@case("sheets-share-a-part", "package.limits")  # 3: 3000 sheets, one worksheet part
def _():
    return xlsx("sheets-share-a-part.xlsx", "".join(f'<sheet name="s{i}" sheetId="{i + 1}" r:id="r1"/>'
                                                    for i in range(3000)), rows(3300))


@case("headers-of-empty-paragraphs", "package.limits")  # 3: 900 headers of empty paragraphs
def _():
    n = 900
    body = "".join(f'<w:p><w:pPr><w:sectPr><w:headerReference w:type="default" r:id="h{i}"/></w:sectPr></w:pPr>'
                   '</w:p>' for i in range(n))
    hdr = f"<w:hdr {W}>" + "<w:p/>" * 170000 + "</w:hdr>"
    return docx("headers-of-empty-paragraphs.docx", body, doc_rels=[(f"h{i}", "header", f"header{i}.xml")
                                                                    for i in range(n)],
                extra=[(f"word/header{i}.xml", hdr) for i in range(n)])


@case("empty-controls", "package.limits")  # 3: controls with no text, all in one paragraph
def _():
    return docx("empty-controls.docx", "<w:p>" + "<w:sdt><w:sdtContent/></w:sdt>" * 3000000 + "</w:p>")


@case("escape-in-text")  # 9: ESC and CR in a title and a part name
def _():
    return docx("escape-in-text.docx", '<w:p><w:pPr><w:pStyle w:val="Title"/></w:pPr><w:r><w:t>通</w:t>'
                '<w:sym w:char="1B"/><w:t>[2K</w:t><w:sym w:char="0D"/><w:t>过</w:t></w:r></w:p>',
                doc_rels=[("rS", "styles", "st%1b[2Kyles.xml")])


@case("many-headings")  # 1: 100000 short headings made a 146 MB report
def _():
    return docx("many-headings.docx", "".join(
        f'<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>案例{i}</w:t></w:r></w:p>' for i in range(100000)))


@case("huge-sparse-pdf", also=())  # 10: a 3 GB sparse file triaged, not read whole
def _():
    path = os.path.join(TMP, "huge-sparse.pdf")
    with open(path, "wb") as f:
        f.write(b"%PDF-1.4\n")
        f.truncate(3 << 30)
    return path


@case("numbers-overflow")  # 10: list and note counters past INT_MAX
def _():
    num = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="2147483647"/>'
           '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1">'
           '<w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="2147483647"/>'
           '</w:lvlOverride></w:num></w:numbering>')
    settings = f'<w:settings {W}><w:footnotePr><w:numStart w:val="2147483647"/></w:footnotePr></w:settings>'
    notes = f'<w:footnotes {W}>' + "".join(f'<w:footnote w:id="{i}">{P.format("注")}</w:footnote>'
                                           for i in range(1, 4)) + "</w:footnotes>"
    body = "".join('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                   f'<w:r><w:t>项</w:t></w:r><w:r><w:footnoteReference w:id="{1 + i % 3}"/></w:r></w:p>'
                   for i in range(5))
    return docx("numbers-overflow.docx", body, doc_rels=[("n", "numbering", "numbering.xml"),
                                                         ("s", "settings", "settings.xml"),
                                                         ("f", "footnotes", "footnotes.xml")],
                extra=[("word/numbering.xml", num), ("word/settings.xml", settings), ("word/footnotes.xml", notes)])


@case("long-part-name", "package.corrupt")  # 10: a 2000-byte part name was "missing"
def _():
    name = "word/" + "n" * 2000 + ".xml"
    return docx("long-part-name.docx", P.format("一"), doc_rels=[("s", "styles", name[5:])],
                extra=[(name, "<notxml")])


@case("one-long-text", "package.limits")  # 10: max-text checked only after a whole w:t was held
def _():
    import random
    rnd = random.Random(7)  # text that does not compress: the ratio limits stay out of it
    chars = "".join(map(chr, range(0x4E00, 0x4E00 + 4096)))
    return docx("one-long-text.docx", P.format("".join(rnd.choices(chars, k=23 << 20))))


@case("attributes-150000", "package.limits")  # 4: libxml2 compares an element's attributes pairwise
def _():
    return docx("attributes.docx", "<w:p " + " ".join(f'a{i}="1"' for i in range(150000)) + "/>")


@case("namespaces-in-scope", "package.limits")  # 4: 60000 namespace declarations looked up one by one
def _():
    el = "<w:sdt " + " ".join(f'xmlns:n{{}}x{i}="urn:{i}"' for i in range(250)) + ">"
    return docx("namespaces.docx", "".join(el.replace("{}", str(d)) for d in range(240)) + "<w:p/>" +
                "</w:sdt>" * 240)


@case("merged-ranges-20000")  # 4: merged ranges scanned for every candidate year axis
def _():
    col = lambda c: (chr(64 + c // 26) if c >= 26 else "") + chr(65 + c % 26)  # noqa: E731
    rows = "".join(f'<row r="{r}">' + "".join(f'<c r="{col(c)}{r}"><v>{2016 + r}</v></c>' for c in range(256)) +
                   "</row>" for r in range(2, 7))
    merges = "".join(f'<mergeCell ref="{col(2 * (i % 100))}{10 + i // 100}:{col(2 * (i % 100) + 1)}{10 + i // 100}"/>'
                     for i in range(20000))
    return xlsx("merges.xlsx", '<sheet name="表" sheetId="1" r:id="r1"/>',
                f"<sheetData>{rows}</sheetData><mergeCells>{merges}</mergeCells>")


@case("ten-thousand-sections", also=("dump", "count", "count-lo"))  # 10: each section counted the header again
def _():
    sect = '<w:p><w:pPr><w:sectPr>{}</w:sectPr></w:pPr><w:r><w:t>节</w:t></w:r></w:p>'
    first = sect.format('<w:headerReference w:type="default" r:id="rH"/>')
    return docx("sections.docx", first + sect.format("") * 10000,
                extra=[("word/header1.xml", f'<w:hdr {W}>' + P.format("页眉" * 150000) + "</w:hdr>")],
                doc_rels=[("rH", "header", "header1.xml")])


@case("encoding-not-opc", "package.corrupt")  # 10: a part in GBK, which OPC does not allow (read two ways)
def _():
    body = f'<w:document {W}><w:body>{P.format("报送单位：某局")}</w:body></w:document>'
    return ooxml.package("gbk.docx", [
        ("[Content_Types].xml", CT.format("word/document.xml", "wordprocessingml.document.main+xml")),
        ("_rels/.rels", rels([("rId1", "officeDocument", "word/document.xml")])),
        ("word/document.xml", b'<?xml version="1.0" encoding="GBK"?>' + body.encode("gbk"))])


def zip_bytes(parts):
    b = io.BytesIO()
    with zipfile.ZipFile(b, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts:
            z.writestr(n, d)
    return bytearray(b.getvalue())


def docx_bytes(text):
    """A minimal DOCX of one paragraph, as bytes to damage."""
    return zip_bytes([("[Content_Types].xml", CT.format("word/document.xml", "wordprocessingml.document.main+xml")),
                      ("_rels/.rels", rels([("rId1", "officeDocument", "word/document.xml")])),
                      ("word/document.xml", f'<w:document {W}><w:body>{P.format(text)}</w:body></w:document>')])


@case("package-in-comment", "package.corrupt")  # 7: a second package hidden in the archive comment
def _():
    good = open(docx("a.docx", P.format("委员会看到的正文")), "rb").read()
    hidden = open(docx("b.docx", P.format("另一份文档")), "rb").read()
    z = bytearray(good)
    # the comment of the first package holds the whole second one
    z[-2:] = struct.pack("<H", len(hidden))
    path = os.path.join(TMP, "package-in-comment.docx")
    open(path, "wb").write(bytes(z) + hidden)
    return path


@case("central-directory-moved", "package.corrupt")  # 7: the end record points short of itself
def _():
    z = docx_bytes("一")
    eocd = z.rfind(b"PK\x05\x06")
    path = os.path.join(TMP, "central-directory-moved.docx")
    open(path, "wb").write(bytes(z[:eocd]) + b"\0" * 46 + bytes(z[eocd:]))  # junk between the two
    return path


@case("local-header-disagrees", "package.corrupt")  # 7: the local header's CRC differs from the central one
def _():
    z = docx_bytes("一")
    i = z.find(b"word/document.xml") - 30
    assert z[i:i + 4] == b"PK\x03\x04"
    struct.pack_into("<I", z, i + 14, 0x12345678)  # the local CRC
    path = os.path.join(TMP, "local-header-disagrees.docx")
    open(path, "wb").write(bytes(z))
    return path


@case("declared-size-lies", "package.corrupt")  # 8: both headers declare one byte less than inflates
def _():
    z = docx_bytes("一" * 100)
    name = b"word/document.xml"
    for sig, off, at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        i = 0
        while (i := z.find(sig, i)) >= 0:
            if z[i + at:i + at + len(name)] == name:
                struct.pack_into("<I", z, i + off, struct.unpack_from("<I", z, i + off)[0] - 1)
            i += 4
    path = os.path.join(TMP, "declared-size-lies.docx")
    open(path, "wb").write(bytes(z))
    return path


# ----------------------------------------------------------------- archives
# (issue 17) an archive's entry comes first; its members' entries follow


@case("archive-many-members", "package.limits")  # 20000 tiny files: max-members, the first ones listed
def _():
    path = os.path.join(TMP, "many-members.zip")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i in range(20000):
            z.writestr(f"{i}.txt", "x")
    return path


@case("archive-bomb", "package.limits")  # 400 MB of zeros in a 400 KB zip: max-ratio long before the end
def _():
    path = os.path.join(TMP, "bomb.zip")
    zero = bytes(1 << 20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open("案例.docx", "w") as f:
            for _ in range(400):
                f.write(zero)
    return path


@case("archive-nested-deep", "package.limits")  # a zip in a zip ... 40 deep: max-nesting
def _():
    inner = bytes(docx_bytes("最里层"))
    for i in range(40):
        inner = bytes(zip_bytes([(f"{i}.zip", inner)]))
    path = os.path.join(TMP, "nested-deep.zip")
    open(path, "wb").write(inner)
    return path


@case("archive-traversal-names")  # member names that climb out: only labels, nothing is written
def _():
    path = os.path.join(TMP, "traversal.zip")
    doc = bytes(docx_bytes("正文"))
    with zipfile.ZipFile(path, "w") as z:
        for name in ("../../x.docx", "/etc/x.docx", "a/../../../y.docx", "控制\x1b[2J.docx"):
            z.writestr(zipfile.ZipInfo(name), doc)
    return path


@case("archive-truncated", "package.corrupt")  # a zip of documents cut in half: its entry says damaged
def _():
    doc = bytes(docx_bytes("正文"))
    z = bytes(zip_bytes([(f"{i}.docx", doc) for i in range(20)]))
    path = os.path.join(TMP, "truncated.tar.gz")
    import gzip, tarfile
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as t:
        info = tarfile.TarInfo("材料.zip")
        info.size = len(z)
        t.addfile(info, io.BytesIO(z))
    data = gzip.compress(buf.getvalue())
    open(path, "wb").write(data[: len(data) // 2])
    return path


# ------------------------------------------------------------------- e-mail

MAIL_HEAD = ("From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
             "Content-Type: multipart/mixed; boundary=\"{b}\"\r\n\r\n")


@case("mail-many-parts", "package.limits")  # 10000 attachments: max-members, the first ones listed
def _():
    parts = "".join(f"--b\r\nContent-Disposition: attachment; filename=\"{i}.txt\"\r\n\r\nx\r\n"
                    for i in range(10000))
    path = os.path.join(TMP, "many-parts.eml")
    open(path, "w").write(MAIL_HEAD.format(b="b") + parts + "--b--\r\n")
    return path


@case("mail-broken-boundary")  # parts that never close, a boundary that never comes: read what is there
def _():
    import base64
    doc = base64.encodebytes(bytes(docx_bytes("正文"))).decode()
    body = ("--b\r\nContent-Type: multipart/mixed; boundary=\"c\"\r\n\r\n" * 200 +
            "--c\r\nContent-Disposition: attachment; filename=\"a.docx\"\r\n"
            "Content-Transfer-Encoding: base64\r\n\r\n" + doc[: len(doc) // 2])
    path = os.path.join(TMP, "broken-boundary.eml")
    open(path, "w").write(MAIL_HEAD.format(b="b") + body)
    return path


@case("mail-base64-garbage")  # an attachment whose base64 is noise: a finding on it, nothing else
def _():
    garbage = "".join(chr(33 + (i * 7919) % 90) for i in range(200000))
    path = os.path.join(TMP, "garbage.eml")
    open(path, "w").write(MAIL_HEAD.format(b="b") + "--b\r\nContent-Disposition: attachment; "
                          "filename=\"案例.docx\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                          garbage + "\r\n--b--\r\n")
    return path


# ------------------------------------------------------------------ runner

class Ran:
    def __init__(self, returncode, stdout, stderr, rss_mib):
        self.returncode, self.stdout, self.stderr, self.rss_mib = returncode, stdout, stderr, rss_mib


def run(cmd, path):
    """One command, its output and its own peak resident set (wait4)."""
    args = {"check": ["--lang", "en", "check", "-q", "-j", "1", "--timeout", "30", "--format", "text"],
            "json": ["--lang", "en", "check", "-q", "-j", "1", "--timeout", "30", "--format", "json"],
            "dump": ["--lang", "en", "dump"], "count": ["--lang", "en", "count"],
            "count-lo": ["--lang", "en", "count", "--compat", "libreoffice"]}[cmd]
    start = time.monotonic()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen([BIN, *args, path], stdout=out, stderr=err, env={**os.environ, "LANGUAGE": ""})
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        took = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        # ru_maxrss of a docscreen whose workers are its children: the largest of them
        return Ran(p.returncode, out.read(), err.read(), usage.ru_maxrss / 1024), took


PEAK = 0.0
bad, ok = [], 0
for name, (make, want, also) in CASES.items():
    if ONLY and name not in ONLY:
        continue
    # made in a child, so that this process (whose size every command forked
    # from it starts with) stays small
    r, w = os.pipe()
    if not (pid := os.fork()):
        os.write(w, make().encode())
        os._exit(0)
    os.close(w)
    path = os.read(r, 4096).decode()
    os.close(r)
    os.waitpid(pid, 0)
    problems = []
    p, took = run("json", path)
    PEAK = max(PEAK, p.rss_mib)
    try:
        # (an archive's findings and its members' all count)
        rules = [f["rule"] for e in json.loads(p.stdout)["files"] for f in e["findings"]]
    except Exception as e:  # noqa: BLE001 - any bad output is the failure
        rules = []
        problems.append(f"check --format json gave no report ({e}; stderr {p.stderr[-300:]!r})")
    if len(p.stdout) > 1 << 20:
        problems.append(f"the JSON report is {len(p.stdout) >> 20} MiB")
    if want and want not in rules:
        problems.append(f"findings {rules}, want {want}")
    if any(r.startswith("internal.") for r in rules):
        problems.append(f"findings {rules}")
    if took > LIMIT_S:
        problems.append(f"check took {took:.1f} s")
    for cmd in ("check", *also):
        p, took = run(cmd, path)
        PEAK = max(PEAK, p.rss_mib)
        if p.rss_mib > 256 and not os.environ.get("DS_SANITIZED"):
            problems.append(f"{cmd} took {p.rss_mib:.0f} MiB")
        out = p.stdout + p.stderr
        if p.returncode not in (0, 1):
            problems.append(f"{cmd} exited {p.returncode}: {p.stderr[-300:]!r}")
        if any(c in out for c in (b"\x1b", b"\r")):
            problems.append(f"{cmd} printed a control character")
        if took > LIMIT_S:
            problems.append(f"{cmd} took {took:.1f} s")
    os.unlink(path)
    if problems:
        bad.append(f"{name}: " + "; ".join(problems))
    else:
        ok += 1
for b in bad:
    print("FAIL:", b)
print(f"{ok} passed, {len(bad)} failed  (largest resident set {PEAK:.0f} MiB)")
sys.exit(1 if bad else 0)
