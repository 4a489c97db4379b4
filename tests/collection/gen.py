"""A generated inbox of case documents for the duplicate-case rule: units,
each sending case documents on one theme (the same stock phrases about the
conference, stories of their own), with duplicates planted -- a case copied
whole into another unit's file under another title, or retold (sentences
reordered, a tenth of them rewritten, another title).  The documents are
written here (zipfile, WordprocessingML).  Used by tests/collection/dups.py
and bench/dups."""
import os, random, zipfile

CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
      '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
CHARS = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而"
         "方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开"
         "它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条"
         "只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边"
         "流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百")
STOCK = ["在中国国际人才交流大会的平台上，各方深化交流合作，推动人才与项目精准对接。",
         "大会搭建了引才引智的重要桥梁，为高质量发展注入了新的动能。",
         "通过参加大会，我们对接了海外高层次人才，取得了显著成效。"]


def docx(path, paras):
    body = "".join(f'<w:p><w:r><w:t xml:space="preserve">{p}</w:t></w:r></w:p>' for p in paras)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("word/document.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w='
                   '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + body +
                   "</w:body></w:document>")


def document(title, sentences, unit):
    body = STOCK + sentences
    paras = ["".join(body[i:i + 6]) for i in range(0, len(body), 6)]
    return ["典型人才案例", "案例1：" + title] + paras + [f"报送单位：{unit}", "联系人：张三", "联系电话：13800138000",
                                                   "电子邮箱：zhangsan@example.cn"]


def inbox(root, units, per_unit, planted, seed=18):
    """units folders of per_unit one-case documents, then `planted` pairs
    (alternately a whole copy and a retold case) into other units; returns
    the planted pairs as (original, copy) paths relative to root."""
    rng = random.Random(seed)

    def sentence():
        return "".join(rng.choice(CHARS) for _ in range(rng.randint(18, 30))) + "。"

    stories = {}
    for u in range(units):
        unit = f"第{u + 1}市人才工作局"
        os.makedirs(os.path.join(root, unit), exist_ok=True)
        for k in range(per_unit):
            stories[(u, k)] = [sentence() for _ in range(30)]
            docx(os.path.join(root, unit, f"案例{k + 1}.docx"), document(f"第{u + 1}市人才故事{k + 1}", stories[(u, k)], unit))
    pairs = []
    for i in range(planted):
        u, k = rng.randrange(units), rng.randrange(per_unit)
        v = (u + 1 + rng.randrange(units - 1)) % units
        unit = f"第{v + 1}市人才工作局"
        text = stories[(u, k)][:]
        if i % 2:  # retold: reordered, a tenth rewritten
            rng.shuffle(text)
            for j in rng.sample(range(len(text)), len(text) // 10):
                text[j] = sentence()
        name = f"转报{i + 1}.docx"
        docx(os.path.join(root, unit, name), document(f"另一个标题{i + 1}", text, unit))
        pairs.append((f"第{u + 1}市人才工作局/案例{k + 1}.docx", f"{unit}/{name}"))
    return pairs
