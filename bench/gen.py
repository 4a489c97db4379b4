"""Deterministic benchmark inputs (bench/run makes them once into bench/data):
1000 case documents of about 1000 字 with varied structure (python-docx),
one DOCX whose document.xml is about 50 MB, and XLSX of 200000 and 50000 rows
x 10 columns with shared strings and numbers (both written as XML directly)."""
import os
import random
import sys
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "fixtures", "citec"))
import docx  # noqa: E402
from texts import INSTITUTION, PROJECT1, PROJECT2, REGION, TALENT  # noqa: E402

out = sys.argv[1]
os.makedirs(os.path.join(out, "cases"), exist_ok=True)
rnd = random.Random(2023)
CASES = [REGION, INSTITUTION, PROJECT1, PROJECT2, TALENT]
CATS = ["典型地区", "典型机构", "典型项目", "典型项目", "典型人才"]
for i in range(1000):
    d = docx.Document()
    k = rnd.randrange(5)
    title, paras = CASES[k]
    style = i % 4
    d.add_paragraph("中国国际人才交流大会成果案例").runs[0].bold = True
    if style == 0:
        d.add_heading("一、" + CATS[k], level=1)
        d.add_heading(title, level=2)
    elif style == 1:
        p = d.add_paragraph()
        p.add_run("案例一：" + title).bold = True
    elif style == 2:
        d.add_paragraph(CATS[k] + "案例：" + title)
    for para in paras[: 4 + rnd.randrange(len(paras) - 3)]:
        d.add_paragraph(para)
    if style == 3:
        t = d.add_table(rows=2, cols=2)
        t.cell(0, 0).text, t.cell(0, 1).text = "联系人", "王丽"
        t.cell(1, 0).text, t.cell(1, 1).text = "联系电话", "0571-87654321"
    else:
        d.add_paragraph("联系人：王丽  联系电话：0571-87654321  电子邮箱：wangli@jianghai.gov.cn")
    d.save(os.path.join(out, "cases", f"case-{i:04d}.docx"))

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Override PartName="/{}" ContentType="application/vnd.openxmlformats-officedocument.{}"/></Types>')
RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship '
        'Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="{}"/></Relationships>')
with zipfile.ZipFile(os.path.join(out, "big.docx"), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", CT.format("word/document.xml", "wordprocessingml.document.main+xml"))
    z.writestr("_rels/.rels", RELS.format("word/document.xml"))
    with z.open("word/document.xml", "w", force_zip64=True) as f:
        f.write(f'<?xml version="1.0"?><w:document {W}><w:body>'.encode())
        size, n = 0, 0
        while size < 50 << 20:
            title, paras = CASES[n % 5]
            chunk = "".join(f'<w:p><w:pPr><w:pStyle w:val="Normal"/></w:pPr><w:r><w:rPr><w:b w:val="0"/></w:rPr>'
                            f'<w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paras).encode()
            f.write(chunk)
            size += len(chunk)
            n += 1
        f.write(b"</w:body></w:document>")
S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def workbook(name, n_rows):
    """n_rows rows x 10 columns, shared strings and numbers taking turns"""
    with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT.format("xl/workbook.xml", "spreadsheetml.sheet.main+xml"))
        z.writestr("_rels/.rels", RELS.format("xl/workbook.xml"))
        z.writestr("xl/workbook.xml", f'<workbook {S} xmlns:r="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships"><sheets><sheet name="data" sheetId="1" r:id="r1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                   '2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="r2" Type="http://'
                   'schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
                   'Target="sharedStrings.xml"/></Relationships>')
        words = ["江海市", "研究院", "项目", "人才", "签约", "落地", "引进", "资金", "团队", "平台"]
        z.writestr("xl/sharedStrings.xml", f'<sst {S}>' + "".join(f"<si><t>{w}{i}</t></si>" for i in range(1000)
                                                                 for w in words) + "</sst>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<worksheet {S}><sheetData>'.encode())
            cols = "ABCDEFGHIJ"
            for r in range(1, n_rows + 1):
                cells = "".join(f'<c r="{c}{r}" t="s"><v>{(r * 7 + j) % 10000}</v></c>' if j % 2 == 0 else
                                f'<c r="{c}{r}"><v>{(r * 31 + j) % 100000 / 10}</v></c>' for j, c in enumerate(cols))
                f.write(f'<row r="{r}">{cells}</row>'.encode())
            f.write(b"</sheetData></worksheet>")


workbook("big.xlsx", 200000)
workbook("quarter.xlsx", 50000)  # memory against the sheet's size
print("benchmark inputs written to", out)
