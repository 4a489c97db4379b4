"""Write the hostile inputs of tests/hostile/files (committed; run by hand).
Each is a file a member of the public could send; tests/hostile/run says
which package.* finding each must end in, and how fast."""
import io
import os
import struct
import zipfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")
os.makedirs(OUT, exist_ok=True)
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
      'wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="word/document.xml"/></Relationships>')


def docx(name, document, extra=(), method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    z = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)
    z.writestr("[Content_Types].xml", CT)
    z.writestr("_rels/.rels", RELS)
    z.writestr(zipfile.ZipInfo("word/document.xml"), document, compress_type=method)
    for n, d in extra:
        z.writestr(n, d)
    z.close()
    data = buf.getvalue()
    open(os.path.join(OUT, name), "wb").write(data)
    return data


def body(xml):
    return f'<?xml version="1.0"?><w:document {W}><w:body>{xml}</w:body></w:document>'


P = '<w:p><w:r><w:t>{}</w:t></w:r></w:p>'

docx("bomb-deflate.docx", body(P.format("大" * (20 << 20))))
laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)) + \
    f']><w:document {W}><w:body>' + P.format("&lol9;") + "</w:body></w:document>"
docx("billion-laughs.docx", laughs)
docx("quadratic-blowup.docx", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "' + "x" * 50000 + '">]>'
     f'<w:document {W}><w:body>' + P.format("&a;" * 50000) + "</w:body></w:document>")
docx("xxe-passwd.docx", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
     f'<w:document {W}><w:body>' + P.format("&x;") + "</w:body></w:document>")
docx("parameter-entities.docx", '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY % p SYSTEM "file:///etc/passwd">'
     '<!ENTITY % q "<!ENTITY leak \'%p;\'>">%q;]>'
     f'<w:document {W}><w:body>' + P.format("&leak;") + "</w:body></w:document>")
docx("deep-nesting.docx", body("<w:sdt>" * 200000 + "</w:sdt>" * 200000))
docx("bzip2-entry.docx", body(P.format("压缩方法")), method=zipfile.ZIP_BZIP2)

# duplicate part names: zipfile writes them (with a warning), exact and by case
import warnings
warnings.simplefilter("ignore")
docx("duplicate-exact.docx", body(P.format("一")), extra=[("word/document.xml", body(P.format("二")))])
docx("duplicate-case.docx", body(P.format("一")), extra=[("WORD/Document.xml", body(P.format("二")))])

# truncated, and a part whose declared size lies (local and central headers say 100)
good = docx("truncated.docx", body(P.format("正文" * 2000)))
open(os.path.join(OUT, "truncated.docx"), "wb").write(good[: len(good) // 2])
lie = bytearray(docx("size-lies.docx", body(P.format("谎" * (4 << 20)))))
name = b"word/document.xml"
for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
    i = 0
    while (i := lie.find(sig, i)) >= 0:
        hdr_name_at = i + (30 if sig == b"PK\x03\x04" else 46)
        if lie[hdr_name_at:hdr_name_at + len(name)] == name:
            struct.pack_into("<I", lie, i + off, 100)
        i += 4
open(os.path.join(OUT, "size-lies.docx"), "wb").write(lie)

# zip encryption: the entry's "encrypted" flag set (Office never does this)
enc = bytearray(docx("zip-encrypted.docx", body(P.format("加密"))))
for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
    i = 0
    while (i := enc.find(sig, i)) >= 0:
        enc[i + off] |= 1
        i += 4
open(os.path.join(OUT, "zip-encrypted.docx"), "wb").write(enc)

# a million shared strings
buf = io.BytesIO()
z = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
z.writestr("[Content_Types].xml", CT.replace("/word/document.xml", "/xl/workbook.xml").replace(
    "wordprocessingml.document.main+xml", "spreadsheetml.sheet.main+xml"))
z.writestr("_rels/.rels", RELS.replace("word/document.xml", "xl/workbook.xml"))
z.writestr("xl/workbook.xml", f'<workbook {S} xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>')
z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
           'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
           'relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" '
           'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
           'Target="sharedStrings.xml"/></Relationships>')
z.writestr("xl/worksheets/sheet1.xml", f'<worksheet {S}><sheetData/></worksheet>')
z.writestr("xl/sharedStrings.xml", f'<sst {S}>' + "".join(f"<si><t>{i}</t></si>" for i in range(10 ** 6)) + "</sst>")
z.close()
open(os.path.join(OUT, "million-strings.xlsx"), "wb").write(buf.getvalue())

# a document whose text makes a careless pattern backtrack (see backtrack.xml)
docx("backtrack-text.docx", body(P.format("a" * 5000 + "!")))
print("hostile files written")
