#!/usr/bin/env python3
"""Seeds for the structure-aware fuzz targets (fuzz_docx.c, fuzz_xlsx.c):
the parts of real fixture files, NUL-separated in the targets' order, their
relationship ids renamed to the ones the harness writes (rId<index + 1>).
  seed.py FIXTURES_DIR OUT_DIR   (writes OUT_DIR/docx, OUT_DIR/xlsx)"""
import hashlib, os, posixpath, re, sys, zipfile

DOCX = ["word/document.xml", "word/styles.xml", "word/numbering.xml", "word/footnotes.xml", "word/header1.xml",
        "word/comments.xml", "word/settings.xml", "customXml/item1.xml", "docProps/core.xml"]
XLSX = ["xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml",
        "xl/worksheets/sheet2.xml", "docProps/core.xml"]


def seed(z, order, main):
    names = set(z.namelist())
    rels_name = posixpath.join(posixpath.dirname(main), "_rels", posixpath.basename(main) + ".rels")
    # the main part's relationships: its id -> the harness's id, by target
    rename, headers, sheets = {}, [], []
    if rels_name in names:
        for m in re.finditer(rb'<Relationship\b[^>]*>', z.read(rels_name)):
            rid = re.search(rb'Id="([^"]+)"', m.group(0))
            tgt = re.search(rb'Target="([^"]+)"', m.group(0))
            if not rid or not tgt:
                continue
            path = posixpath.normpath(posixpath.join(posixpath.dirname(main), tgt.group(1).decode())).lstrip("/")
            (headers if "/header" in path else sheets if "/worksheets/" in path else []).append(path)
            rename[rid.group(1)] = path
    # the first header or two sheets of the file stand in for the harness's
    source = {p: p for p in order}
    if main == DOCX[0] and headers:
        source["word/header1.xml"] = headers[0]
    if main == XLSX[0]:
        for k, p in zip(("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"), sheets):
            source[k] = p
    ids = {p: f"rId{order.index(k) + 1}".encode() for k, p in source.items() if k in order}
    pieces = []
    for k in order:
        data = z.read(source[k]) if source[k] in names else b""
        if k == main:
            data = re.sub(rb'(r:id|r:embed)="([^"]+)"',
                          lambda m: m.group(1) + b'="' + ids.get(rename.get(m.group(2), ""), m.group(2)) + b'"', data)
            if main == XLSX[0]:  # sheets past the two the harness has
                data = re.sub(rb'<sheet\b[^>]*r:id="(?!rId2"|rId5")[^"]*"[^>]*/>', b"", data)
        if len(data) > 64_000 and k != main:
            data = b""  # (Word's styles part: 300 KB the seeds need not carry)
        pieces.append(data.replace(b"\0", b""))
    return b"\0".join(pieces)


def main():
    fixtures, out = sys.argv[1:3]
    for kind, order in (("docx", DOCX), ("xlsx", XLSX)):
        os.makedirs(os.path.join(out, kind), exist_ok=True)
        for d, _, fs in os.walk(fixtures):
            for f in sorted(fs):
                if not f.endswith("." + kind):
                    continue
                try:
                    data = seed(zipfile.ZipFile(os.path.join(d, f)), order, order[0])
                except (zipfile.BadZipFile, KeyError, OSError):
                    continue
                if len(data) > 200_000:
                    continue
                name = hashlib.sha1(data).hexdigest()[:16]
                open(os.path.join(out, kind, name), "wb").write(data)


if __name__ == "__main__":
    main()
