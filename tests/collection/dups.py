#!/usr/bin/env python3
"""Duplicate cases (issue 18): an inbox of units, each sending case documents
on one theme (the same stock phrases about the conference, stories of their
own), with two duplicates planted: a case copied whole into another unit's
file under another title, and one retold (sentences reordered, a tenth of
them rewritten, another title).  Each planted pair is found, on both files,
and no other pair.  The documents are written here (zipfile, WordprocessingML).
usage: dups.py DOCSCREEN"""
import json, os, random, subprocess, sys, tempfile, zipfile

CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
      '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')

def docx(path, paras):
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paras)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
                   '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body +
                   "</w:body></w:document>")

rng = random.Random(18)
CHARS = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
         "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开"
         "它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条"
         "只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边"
         "流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百")
STOCK = ["在中国国际人才交流大会的平台上，各方深化交流合作，推动人才与项目精准对接。",
         "大会搭建了引才引智的重要桥梁，为高质量发展注入了新的动能。",
         "通过参加大会，我们对接了海外高层次人才，取得了显著成效。"]

def sentence():
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(18, 30))) + "。"

def story():
    return [sentence() for _ in range(30)]

def document(title, sentences, unit):
    body = [s for s in STOCK] + sentences
    paras = ["".join(body[i:i + 6]) for i in range(0, len(body), 6)]
    return ["典型人才案例", "案例1：" + title] + paras + [f"报送单位：{unit}", "联系人：张三", "联系电话：13800138000",
                                                   "电子邮箱：zhangsan@example.cn"]

bin = sys.argv[1]
with tempfile.TemporaryDirectory() as work:
    inbox = os.path.join(work, "inbox")
    stories = {}
    for u in range(6):
        unit = f"第{u + 1}市人才工作局"
        os.makedirs(os.path.join(inbox, unit))
        for k in range(2):
            stories[(u, k)] = story()
            docx(os.path.join(inbox, unit, f"案例{k + 1}.docx"), document(f"第{u + 1}市人才故事{k + 1}", stories[(u, k)], unit))
    # planted: unit 1's first case copied whole into unit 6, under another title
    docx(os.path.join(inbox, "第6市人才工作局", "案例3.docx"), document("另一个标题的人才故事", stories[(0, 0)], "第6市人才工作局"))
    # planted: unit 2's first case retold in unit 5: reordered, a tenth rewritten, another title
    retold = stories[(1, 0)][:]
    rng.shuffle(retold)
    for i in rng.sample(range(len(retold)), len(retold) // 10):
        retold[i] = sentence()
    docx(os.path.join(inbox, "第5市人才工作局", "案例3.docx"), document("改写后的人才故事", retold, "第5市人才工作局"))
    out = subprocess.run([bin, "--lang", "zh", "check", "-q", "--format", "json", inbox], capture_output=True,
                         env=dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8"))
    r = json.loads(out.stdout)
    found = {f["path"][len(inbox) + 1:]: [x["message"] for x in f["findings"] if x["rule"] == "collection.duplicate-case"]
             for f in r["files"]}
    found = {k: v for k, v in found.items() if v}
    want = {"第1市人才工作局/案例1.docx", "第6市人才工作局/案例3.docx", "第2市人才工作局/案例1.docx", "第5市人才工作局/案例3.docx"}
    bad = []
    if set(found) != want:
        bad.append(f"duplicates on {sorted(found)}, not {sorted(want)}")
    exact = found.get("第1市人才工作局/案例1.docx", [""])[0]
    if "第6市人才工作局 案例3.docx" not in exact or "（100%）" not in exact:
        bad.append(f"the copy: {exact}")
    near = found.get("第5市人才工作局/案例3.docx", [""])[0]
    if "第2市人才工作局 案例1.docx" not in near or "（100%）" in near:
        bad.append(f"the retold case: {near}")
    for b in bad:
        print("FAIL:", b)
    print("1 passed, 0 failed" if not bad else "")
    sys.exit(1 if bad else 0)
