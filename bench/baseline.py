"""The Python route a committee's IT person would write: python-docx and
openpyxl (read-only), doing the same checks in spirit - per-case 字数,
years, conference mention and contacts in DOCX; year coverage of tables.
usage: baseline.py FILE..."""
import re
import sys

import docx
import openpyxl

CJK = re.compile(r"[\u1100-\u11ff\u2e80-\u2fdf\u2ff0-\u2fff\u3001-\u303f\u3040-\u31ff\u3200-\u33ff\u3400-\u4dbf"
                 r"\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7ff\uf900-\ufaff\ufe30-\ufe6f\uff01-\uffef]")
WORD = re.compile(r"[^\s\u1100-\u11ff\u2e80-\u2fdf\u3001-\u303f\u3040-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uffef]+")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*(?:年|[-—–~至到./]\s*\d))")
HEAD = re.compile(r"^(案例[一二三四五六七八九十\d]+|[一二三四五六七八九十]+、|\d+[.、])")
CONF = re.compile(r"人才交流大会|人才大会|交流大会|CITEC|大会")
CONTACT = re.compile(r"(联系人|联系电话|电子邮箱|报送单位)\s*[：:]")
findings = 0
for path in sys.argv[1:]:
    if path.endswith(".docx"):
        d = docx.Document(path)
        cases, cur = [], None
        texts = [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                for cell in row.cells:
                    texts.append(cell.text)
        for p in d.paragraphs:
            t = p.text.strip()
            heading = p.style.name.startswith("Heading") or (len(t) <= 50 and HEAD.match(t)) or \
                (p.runs and all(r.bold for r in p.runs) and len(t) <= 50)
            if heading:
                cur = [t, []]
                cases.append(cur)
            elif cur is not None and not CONTACT.search(t):
                cur[1].append(t)
        if not cases:
            cases = [["", texts]]
        for title, body in cases:
            text = "\n".join(body)
            words = len(CJK.findall(text)) + len(WORD.findall(text))
            years = [int(y) for y in YEAR.findall(text)]
            findings += (not 800 <= words <= 1200) + (not any(2001 <= y <= 2022 for y in years)) + \
                (CONF.search(title + text) is None)
        findings += sum(1 for label in ("联系人", "联系电话", "电子邮箱") if not any(label in t for t in texts))
    elif path.endswith(".xlsx"):
        wb = openpyxl.load_workbook(path, read_only=True)
        for ws in wb.worksheets:
            years = set()
            for row in ws.iter_rows(values_only=True):
                for v in row:
                    if isinstance(v, (int, float)) and 2018 <= v <= 2022 and v == int(v):
                        years.add(int(v))
                    elif isinstance(v, str) and re.fullmatch(r"\s*(20\d\d)\s*年?\s*", v):
                        years.add(int(v.strip().rstrip("年")))
            findings += len({2018, 2019, 2020, 2021, 2022} - years)
        wb.close()
print(findings, "findings")
