#!/usr/bin/env python3
"""The collection at the notice's scale (issue 18, "done when"): a generated
inbox of 50 submitting units -- folders, zip archives and e-mails -- each
sending a statistics table and one to three cases in the four categories,
all on the conference's theme (stock phrases every case shares, a story of
its own), with problems planted at known places:

  8 units without a table, 2 without cases, 3 with two versions of a file
  (修改稿, (2), dates in the names), 2 whose contacts differ between files,
  1 whose files name two units, 7 identical statistics tables, 2 cases
  copied whole into other units' files under other titles, 2 retold
  (reordered, a tenth rewritten), 1 case sent in two files of one unit,
  2 cases padded with their own paragraphs.

Checked: every planted problem is found where it was planted and nothing
else (no other warning or error on any file or submission); the case
register holds every case with its title, category and 字数 counted here
independently; the merged statistics hold every unit's figures and their
sums, each unit counted once.
usage: planted.py DOCSCREEN       (the test)
       planted.py --write DIR    (the inbox alone, to look at)"""
import csv, email.message, email.policy, json, os, random, subprocess, sys, tempfile, zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen  # noqa: E402

PLACES = ("北京市 天津市 河北省 山西省 内蒙古自治区 辽宁省 吉林省 黑龙江省 上海市 江苏省 浙江省 安徽省 福建省 江西省 山东省 "
          "河南省 湖北省 湖南省 广东省 广西壮族自治区 海南省 重庆市 四川省 贵州省 云南省 西藏自治区 陕西省 甘肃省 青海省 "
          "宁夏回族自治区 新疆维吾尔自治区 新疆生产建设兵团 大连市 青岛市 宁波市 厦门市 深圳市 哈尔滨市 长春市 沈阳市 南京市 "
          "杭州市 济南市 武汉市 广州市 成都市 西安市 苏州市 无锡市 珠海市").split()
PEOPLE = "王丽 张伟 李娜 刘洋 陈静 杨帆 赵敏 黄磊 周婷 吴昊".split()
CATEGORIES = [("region", "典型地区"), ("institution", "典型机构"), ("project", "典型项目"), ("talent", "典型人才")]
METRICS = ["参会/参展单位（家）", "引进人才（人）", "签约项目（个）", "引进资金（万元）"]
YEARS = [2018, 2019, 2020, 2021, 2022]
# what every case of a category says (the notice's focus points), in its own words
THEME = {
    "region": "{place}国际化人才总量持续增长。自{year}年参加中国国际人才交流大会以来，通过大会引进各类人才{n}名，分布在多个领域。"
              "引进人才对经济发展、产业结构优化和就业起到了重要作用。",
    "institution": "该机构成立于{year}年，发展中遇到的主要困难是缺少领军人物。通过中国国际人才交流大会，机构引进了关键人员，实现了跨越式发展。",
    "project": "该项目的背景是国内相关技术长期依赖进口，项目具有明显的创新性，对行业发展起到了促进作用。{year}年，项目在中国国际人才交流大会上"
               "对接签约，落地后推动了地区产业升级。",
    "talent": "{person}博士毕业于海外知名高校，曾在国外从事研究多年，成就突出。{year}年，他在中国国际人才交流大会上结识了用人单位，"
              "大会发挥了牵线搭桥的作用。引进后他带领团队取得了多项成果，做出了重要贡献。",
}


def words(text):
    """字数 as the counting contract has it, for text of East Asian
    characters and ASCII digits: 1 per character, 1 per run of digits."""
    n, run = 0, False
    for ch in text:
        east = ord(ch) >= 0x3000
        n += east or not run
        run = not east
    return n


class Inbox:
    def __init__(self, root, seed=18):
        self.root, self.rng = root, random.Random(seed)
        self.cases = {}  # (source, file name) -> [(title, category, 字数)]
        self.figures = {}  # unit -> {(metric, year): value}, the table merged for it
        self.want_sub = {}  # source -> [submission rules]
        self.want_file = {}  # (source, file name) -> {rules}
        self.pairs = []  # ((source, file name), (source, file name)) sent twice
        self.copies = set()  # the files of pairs whose case is copied whole

    def sentence(self):
        return "".join(self.rng.choice(gen.CHARS) for _ in range(self.rng.randint(18, 30))) + "。"

    def story(self, cat, unit, n=34):
        year = self.rng.randint(2008, 2020)
        theme = THEME[cat].format(place=unit[:3], year=year, n=self.rng.randint(100, 900),
                                  person=self.rng.choice(PEOPLE))
        return [theme] + [self.sentence() for _ in range(n)]

    def pair(self, source_a, a, source_b, b):
        """a case of file a is sent again in file b"""
        self.pairs.append(((source_a, a), (source_b, b)))
        self.expect(source_a, a, "collection.duplicate-case")
        self.expect(source_b, b, "collection.duplicate-case")

    def expect(self, source, name, *rules):
        self.want_file.setdefault((source, name), set()).update(rules)


def paragraphs(sentences, per=5):
    return ["".join(sentences[i:i + per]) for i in range(0, len(sentences), per)]


def case_doc(cases, unit, contact):
    """cases: [(category, title, paragraphs)] in category order."""
    out, cats = ["中国国际人才交流大会成果案例"], []
    for n, (cat, title, body) in enumerate(cases, 1):
        if cat not in cats:
            cats.append(cat)
            out.append(f"{'一二三四'[len(cats) - 1]}、{dict(CATEGORIES)[cat]}")
        out += [f"案例{n}：{title}"] + body
    person, phone, mail = contact
    return out + [f"报送单位：{unit}", f"联系人：{person}", f"联系电话：{phone}", f"电子邮箱：{mail}"]


def table(path, unit, contact, figures):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "成果统计表"
    ws.append(["中国国际人才交流大会成果统计表（2018—2022年）"])
    ws.append([f"填报单位：{unit}"])
    ws.append(["年份"] + METRICS)
    for y in YEARS:
        ws.append([f"{y}年"] + [figures[(m, y)] for m in METRICS])
    ws.append(["合计"] + [round(sum(figures[(m, y)] for y in YEARS), 2) for m in METRICS])
    ws.append([])
    ws.append(["联系人", contact[0], "联系电话", contact[1]])
    ws.append(["电子邮箱", contact[2]])
    wb.save(path)


def build(root, parts):
    """Write the inbox under root (parts: a scratch folder); returns what
    was planted."""
    box = Inbox(root)
    rng = box.rng
    units = [p + ("人力资源和社会保障厅" if p.endswith(("省", "区")) else "人力资源和社会保障局") for p in PLACES]
    contacts = [(PEOPLE[i % 10], f"138{i:04d}{rng.randint(1000, 9999)}", f"unit{i}@talent.example.cn")
                for i in range(50)]
    zips, mails = {5, 13, 22, 31, 45}, {6, 15, 25, 35, 46}
    source = [p + (".zip" if u in zips else ".eml" if u in mails else "") for u, p in enumerate(PLACES)]
    shared = {(m, y): rng.randint(1, 2000) for m in METRICS for y in YEARS}
    files = {}  # unit -> [(file name, "table" or [(category, title, paragraphs)])]
    table_contact = list(contacts)
    doc_contact = list(contacts)
    for u, unit in enumerate(units):
        box.want_sub[source[u]] = []
        files[u] = []
        if u < 8:  # no table
            box.want_sub[source[u]].append("submission.no-table")
        else:
            box.figures[unit] = shared if 20 <= u < 27 else {
                (m, y): round(rng.uniform(0, 50000), 2) if m.endswith("（万元）") else rng.randint(0, 3000)
                for m in METRICS for y in YEARS}
            files[u].append(("成果统计表.xlsx", "table"))
            if 20 <= u < 27:
                box.expect(source[u], "成果统计表.xlsx", "collection.duplicate-table")
        if u in (8, 9):  # no cases
            box.want_sub[source[u]].append("submission.no-cases")
            continue
        cats = sorted({CATEGORIES[(u + k) % 4][0] for k in range(1 + u % 3)},
                      key=[c for c, _ in CATEGORIES].index)
        files[u].append(("案例材料.docx", [(c, f"{PLACES[u]}{dict(CATEGORIES)[c]}案例{k + 1}",
                                          paragraphs(box.story(c, unit))) for k, c in enumerate(cats)]))
    # two versions of a file: a revised case document, a table sent twice, dated names
    files[10].append(("案例材料（修改稿）.docx", [(c, t, b[:-1] + [b[-1] + box.sentence()]) for c, t, b in files[10][1][1]]))
    files[11].append(("成果统计表(2).xlsx", "table"))
    files[12][1] = ("案例材料-20230401.docx", files[12][1][1])
    files[12].append(("案例材料-20230405.docx", files[12][1][1]))
    for u in (10, 11, 12):
        box.want_sub[source[u]].append("submission.versions")
    for u in (10, 12):  # the case in both versions: a duplicate too
        a, b = [n for n, _ in files[u] if n.endswith(".docx")]
        box.pair(source[u], a, source[u], b)
    box.copies.add((source[12], files[12][2][0]))
    # contacts that differ: the table names another person; the cases another phone
    table_contact[13] = (PEOPLE[5], contacts[13][1], contacts[13][2])
    doc_contact[14] = (contacts[14][0], "13999990000", contacts[14][2])
    for u in (13, 14):
        box.want_sub[source[u]].append("submission.contacts-differ")
    # a file that names another unit
    files[15].append(("转报案例.docx", [("talent", "一位青年科学家的故事", paragraphs(box.story("talent", units[15])))]))
    box.want_sub[source[15]].append("submission.units-differ")
    # the same case from two units: copied under another title, or retold
    for a, b, retold in ((30, 31, False), (32, 33, False), (34, 35, True), (36, 37, True)):
        cat, title, body = files[a][-1][1][0]
        sentences = [x + "。" for p in body for x in p.split("。") if x]
        if retold:
            head, rest = sentences[0], sentences[1:]
            rng.shuffle(rest)
            for j in rng.sample(range(len(rest)), len(rest) // 10):
                rest[j] = box.sentence()
            sentences = [head] + rest
        files[b].append(("转报案例.docx", [(cat, f"另一个标题{a}", paragraphs(sentences))]))
        box.pair(source[a], "案例材料.docx", source[b], "转报案例.docx")
        if not retold:
            box.copies.add((source[b], "转报案例.docx"))
    # one case in two files of one unit
    files[38].append(("案例汇编.docx", [files[38][-1][1][0]]))
    box.pair(source[38], "案例材料.docx", source[38], "案例汇编.docx")
    box.copies.add((source[38], "案例汇编.docx"))
    # padded: paragraphs said again; what is left is 500-799 字, which the band warns of
    for u in (40, 41):
        cat, title, body = files[u][-1][1][0]
        body = body[:4]
        files[u][-1][1][0] = (cat, title, body + body[1:3] + body[1:2])
        box.expect(source[u], "案例材料.docx", "wordcount.padding", "wordcount.case-length")
    # written: folders, zip archives, e-mails
    for u, unit in enumerate(units):
        folder = os.path.join(parts if u in zips | mails else root, PLACES[u])
        os.makedirs(folder, exist_ok=True)
        for name, what in files[u]:
            path = os.path.join(folder, name)
            if what == "table":
                table(path, unit, table_contact[u], box.figures[unit])
                continue
            sender = "青年人才服务中心" if (u, name) == (15, "转报案例.docx") else unit
            gen.docx(path, case_doc(what, sender, doc_contact[u]))
            box.cases[(source[u], name)] = [(t, c, words("".join(b))) for c, t, b in what]
        if u in zips:
            with zipfile.ZipFile(os.path.join(root, source[u]), "w") as z:
                for name, _ in files[u]:
                    z.write(os.path.join(folder, name), name)
        if u in mails:
            m = email.message.EmailMessage(policy=email.policy.SMTP)
            m["From"] = f"{contacts[u][0]} <{contacts[u][2]}>"
            m["To"] = "citec@example.cn"
            m["Subject"] = f"{unit}报送大会成效材料"
            m["Date"] = "Mon, 10 Apr 2023 09:00:00 +0800"
            m.set_content("附件为我单位报送的材料，请查收。")
            for name, _ in files[u]:
                with open(os.path.join(folder, name), "rb") as f:
                    m.add_attachment(f.read(), maintype="application", subtype="octet-stream", filename=name)
            with open(os.path.join(root, source[u]), "wb") as f:
                f.write(m.as_bytes())
    return box


if __name__ == "__main__" and len(sys.argv) == 3 and sys.argv[1] == "--write":
    os.makedirs(sys.argv[2])
    build(sys.argv[2], tempfile.mkdtemp())


def check(docscreen):
    bad = []
    with tempfile.TemporaryDirectory() as work:
        root = os.path.join(work, "inbox")
        os.makedirs(root)
        box = build(root, os.path.join(work, "parts"))
        out = subprocess.run([docscreen, "--lang", "zh", "check", "-q", "-j", "2", "--format", "json", root,
                              "--report", f"register:{work}/register.xlsx", "--report",
                              f"statistics:{work}/statistics.xlsx", "--report", f"submissions:{work}/submissions.csv"],
                             capture_output=True, env=dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8"))
        r = json.loads(out.stdout)
        if out.returncode != 1:
            bad.append(f"exit status {out.returncode}")
        rel = lambda p: p[len(root) + 1:]  # noqa: E731

        def where(path):  # (source, file name) of a file's path
            p = rel(path)
            return (p.split("!/")[0], p.split("!/")[1]) if "!/" in p else tuple(p.split("/", 1))

        # the submissions: each with the rules planted on it, nothing else
        subs = {rel(s["source"]): s for s in r["submissions"]}
        if sorted(subs) != sorted(box.want_sub):
            bad.append(f"{len(subs)} submissions: {sorted(set(subs) ^ set(box.want_sub))}")
        for src, rules in box.want_sub.items():
            got = sorted(x["rule"] for x in subs.get(src, {}).get("findings", []))
            if got != sorted(rules):
                bad.append(f"{src}: {got}, not {sorted(rules)}")
        # the files: the planted problems (warnings and errors), nothing else
        for f in r["files"]:
            if f["format"] in ("zip", "eml"):
                continue
            got = {x["rule"] for x in f["findings"] if x["severity"] != "info"}
            want = box.want_file.get(where(f["path"]), set())
            if got != want:
                bad.append(f"{rel(f['path'])}: {sorted(got)}, not {sorted(want)}")
        # a duplicate names its other place, and the submission that sent it
        by = {where(f["path"]): f for f in r["files"]}
        names = {rel(s["source"]): s["name"] for s in r["submissions"]}
        for one, other in box.pairs + [(b, a) for a, b in box.pairs]:
            said = [x["message"] for x in by.get(one, {"findings": []})["findings"]
                    if x["rule"] == "collection.duplicate-case"]
            if not said or any(f"{names.get(other[0])} {other[1]}" not in m for m in said):
                bad.append(f"{one}: {said}, not naming {other}")
            # and points at it: its case in "related", its own case in "location"
            for x in by.get(one, {"findings": []})["findings"]:
                if x["rule"] == "collection.duplicate-case" and (
                        not x["location"].get("case") or
                        not any(where(p["path"]) == other and p.get("case") for p in x.get("related", []))):
                    bad.append(f"{one}: points at {x['location']} {x.get('related')}, not {other}")
            whole = one in box.copies or other in box.copies
            if said and whole != ("（100%）" in said[0]):
                bad.append(f"{one}: {said[0]}: a {'copy' if whole else 'retold case'}")
        # a submission's finding points at the files it speaks of
        for src, s in subs.items():
            for x in s["findings"]:
                want = {"submission.no-table": 0, "submission.no-cases": 0}.get(x["rule"], 2)
                if len(x.get("related", [])) < want:
                    bad.append(f"{src}: {x['rule']} points at {x.get('related')}")
        # the same in SARIF (valid; a result for each finding, those of
        # submissions placed at their files)
        sarif = subprocess.run([docscreen, "check", "-q", "--format", "sarif", root], capture_output=True,
                               env=dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8")).stdout
        sarif = json.loads(sarif)
        from jsonschema import Draft202012Validator
        schema = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "report",
                                             "sarif-2.1.0.schema.json")))
        errors = list(Draft202012Validator(schema).iter_errors(sarif))
        results = sarif["runs"][0]["results"]
        n = sum(len(f["findings"]) for f in r["files"]) + sum(len(s["findings"]) for s in r["submissions"])
        if errors or len(results) != n:
            bad.append(f"sarif: {len(results)} results for {n} findings, {[e.message for e in errors[:3]]}")
        dups = [x for x in results if x["ruleId"] == "collection.duplicate-case"]
        if not dups or any(not x.get("relatedLocations") for x in dups):
            bad.append("sarif: duplicate cases without their related locations")
        # every case in the register, with its 字数 counted here
        import openpyxl
        reg = [list(x) for x in openpyxl.load_workbook(f"{work}/register.xlsx").active.iter_rows(values_only=True)]
        cats = dict(CATEGORIES)
        got = sorted((where(x[1]), x[2], x[3], x[4], x[6]) for x in reg[1:])
        want = sorted((k, i, f"案例{i}：{t}", cats[c], n) for k, v in box.cases.items() for i, (t, c, n) in
                      enumerate(v, 1))
        if got != want:
            bad.append(f"register: {len(got)} rows, {[x for x in got if x not in want][:3]} against "
                       f"{[x for x in want if x not in got][:3]}")
        if any(not x[7] or not x[7][:4].isdigit() for x in reg[1:]):
            bad.append("register: a case without its years")
        # the merged statistics: every unit's figures, their sums, each unit once
        wb = openpyxl.load_workbook(f"{work}/statistics.xlsx")
        sheets = [[list(x) for x in ws.iter_rows(values_only=True)] for ws in wb.worksheets]
        figs = {}
        for unit, year, metric, value, path, cell, counted in sheets[2][1:]:
            if counted == "是":
                figs.setdefault(unit, {})[(metric, year)] = value
        if figs != box.figures:
            bad.append(f"statistics: figures of {sorted(figs)} differ from {sorted(box.figures)}")
        years = [int(y) for y in sheets[0][0][1:-1]]
        for row in sheets[0][1:]:
            for y, total in zip(years + [None], row[1:]):
                want = sum(v for fig in box.figures.values() for (m, yy), v in fig.items()
                           if m == row[0] and (y is None or yy == y))
                if abs(total - want) > 1e-6:
                    bad.append(f"statistics: {row[0]} {y}: {total}, not {want}")
        for row in sheets[1][1:]:
            for metric, total in zip(sheets[1][0][1:], row[1:]):
                want = sum(v for (m, y), v in box.figures[row[0]].items() if m == metric)
                if abs(total - want) > 1e-6:
                    bad.append(f"statistics: {row[0]} {metric}: {total}, not {want}")
        missing = sorted(x[0] for x in sheets[3][1:] if x[1] == "没有报送统计表")
        if missing != sorted(subs[k]["name"] for k, v in box.want_sub.items() if "submission.no-table" in v):
            bad.append(f"statistics: not merged {missing}")
        # the submissions' names are the units their files name
        for src, s in subs.items():
            if src not in (PLACES[15] + ".eml",) and not s["name"].startswith(src.split(".")[0]):
                bad.append(f"{src}: named {s['name']}")
    return bad


if __name__ == "__main__" and len(sys.argv) == 2:
    bad = check(sys.argv[1])
    for b in bad:
        print("FAIL:", b)
    print("1 passed, 0 failed" if not bad else "")
    sys.exit(1 if bad else 0)
