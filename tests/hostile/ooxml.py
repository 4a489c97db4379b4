"""Minimal OOXML packages for the hostile tests (attack.py, scaling.py):
a DOCX or XLSX of the parts given, written into TMP (set by the caller)."""
import os
import zipfile

TMP = None
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
CT = ('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Override PartName="/{}" ContentType="application/vnd.openxmlformats-officedocument.{}"/></Types>')


def rels(items):
    """items: (id, type, target) or (id, type, target, extra attributes)."""
    return ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            "".join(f'<Relationship Id="{i[0]}" Type="{RELNS}{i[1]}" Target="{i[2]}"{i[3] if len(i) > 3 else ""}/>'
                    for i in items) + "</Relationships>")


def package(name, parts):
    path = os.path.join(TMP, name)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, d in parts:
            z.writestr(n, d)
    return path


def docx(name, body, extra=(), doc_rels=()):
    return package(name, [("[Content_Types].xml", CT.format("word/document.xml", "wordprocessingml.document.main+xml")),
                          ("_rels/.rels", rels([("rId1", "officeDocument", "word/document.xml")])),
                          ("word/_rels/document.xml.rels", rels(doc_rels)),
                          ("word/document.xml", f'<w:document {W} {R}><w:body>{body}</w:body></w:document>'),
                          *extra])


def xlsx(name, sheets_xml, sheet, extra=(), wb_rels=None):
    return package(name, [("[Content_Types].xml", CT.format("xl/workbook.xml", "spreadsheetml.sheet.main+xml")),
                          ("_rels/.rels", rels([("r", "officeDocument", "xl/workbook.xml")])),
                          ("xl/workbook.xml", f'<workbook {S} {R}><sheets>{sheets_xml}</sheets></workbook>'),
                          ("xl/_rels/workbook.xml.rels",
                           wb_rels or rels([("r1", "worksheet", "worksheets/sheet1.xml")])),
                          ("xl/worksheets/sheet1.xml", f'<worksheet {S}>{sheet}</worksheet>'), *extra])
