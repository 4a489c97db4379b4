#!/usr/bin/env python3
"""sections.focus, point by point (issue 19): for each focus point of each
category, a case that covers every other point in one sentence each, and
the point under test said in several different ways a submitter writes it
(no finding for it) or left out, with sentences on other things in its
place (a finding for it, and for it alone).  Documents are written here
(zipfile) and checked with the CITEC profile.
usage: focus.py DOCSCREEN"""
import json, os, subprocess, sys, tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "collection"))
import gen  # noqa: E402

# (category heading, kind or "", point as the profile words it, base sentence,
#  [ways to say it], [sentences that do not])
POINTS = [
    ("典型地区", "", "当地国际化人才的基本情况",
     "全市现有外籍人才和留学回国人员共2.3万人。",
     ["截至2022年底，全市国际化人才总量达到3.1万人，占人才资源总量的6%。",
      "本市持有外国人工作许可的外国专家有1800余人，海归人才逐年增加。",
      "全区高层次人才队伍中，具有海外学习或工作经历的占四分之一。"],
     ["本市地处长江下游，交通便利，气候宜人。",
      "近年来本市持续优化营商环境，各项工作稳步推进。"]),
    ("典型地区", "", "通过大会引进的各类人才数量和分布情况",
     "通过大会累计引进各类人才1860名，分布在新材料、集成电路和生物医药等领域。",
     ["借助大会平台，我市先后引进海外专家326位、创新创业团队45个。",
      "五年来共吸引高层次人才近两千人来我市工作，其中约六成集中在先进制造业。",
      "引进人才中，高校和科研院所占比38%，企业占比62%。"],
     ["我们每年组织代表团参会，认真做好展位布置。",
      "参会期间，代表团成员积极参加各类论坛活动。"]),
    ("典型地区", "", "引进人才对经济发展、产业结构优化、就业水平、文化事业、社会风貌等方面的作用",
     "引进人才有力推动了全市经济发展和产业结构优化，新增就业岗位2.1万个。",
     ["引进人才领衔的项目累计实现产值312亿元，带动全市高新技术产业增加值占比提高17个百分点。",
      "外籍专家参与了中小学国际理解教育，城市的开放包容形象明显提升。",
      "人才创办的企业新增税收8.6亿元，营商环境和城市国际化水平不断提高。"],
     ["我们将继续做好人才服务工作。",
      "代表团在会场设立了城市展位，发放宣传资料。"]),
    ("典型机构", "", "机构基本情况",
     "研究院成立于2013年，现有科研人员186人。",
     ["公司创办于2009年，总部位于深圳，主要从事工业机器人研发。",
      "该中心是一家专注于新型显示材料的新型研发机构，拥有研发团队120余人。",
      "医院始建于1958年，是集医疗、教学、科研于一体的三级甲等综合医院。"],
     ["我们高度重视人才工作，专门召开了动员会。",
      "各部门认真学习了相关文件精神。"]),
    ("典型机构", "", "发展中遇到的困难或瓶颈",
     "发展初期遇到的主要困难是缺乏能够带领团队攻关的领军人才。",
     ["高端材料的核心技术长期受制于人，研究院在工艺放大环节屡屡碰壁。",
      "由于高层次人才短缺，多个重点项目一度停滞。",
      "企业面临关键设备依赖进口、研发力量不足等挑战。"],
     ["研究院每年举办学术年会，邀请同行交流。",
      "单位内部管理规范，各项制度健全。"]),
    ("典型机构", "", "通过大会引进了哪些关键人员",
     "通过大会引进了德国材料学家汉斯·穆勒博士及其团队。",
     ["在大会上结识的新加坡国立大学李教授随后加盟研究院，担任首席科学家。",
      "借助大会平台，公司聘请了两位来自美国硅谷的芯片设计专家。",
      "经大会牵线，英国皇家工程院院士约翰·史密斯受聘为中心名誉主任。"],
     ["研究院积极参加大会组织的各项活动。",
      "单位领导高度重视，亲自带队参会。"]),
    ("典型机构", "", "如何帮助机构实现跨越式发展",
     "关键人员到岗后，研究院实现了跨越式发展，获得授权专利98项。",
     ["两年内公司营收增长了三倍，成功登陆科创板。",
      "团队到位后，产品良率从60%提升到95%，产能翻了一番。",
      "中心由此成长为行业领先的研发平台，跻身国家级技术创新中心行列。"],
     ["单位每年开展两次安全生产检查。",
      "职工食堂和宿舍条件得到改善。"]),
    ("典型项目", "imported", "项目背景",
     "项目背景是我国深海装备长期依赖进口。",
     ["项目由海洋工程专家林海涛博士团队于2014年在挪威启动，瞄准深海勘探的关键装备。",
      "长期以来，国内高端传感器几乎全部依赖进口，价格高、供货周期长，这正是团队选择这一方向的原因。",
      "该技术源于团队在海外十余年的研究积累，最初用于海底科考。"],
     ["项目团队每周召开例会，讨论工作安排。",
      "当地政府为项目提供了办公场所。"]),
    ("典型项目", "imported", "项目的创新性、稀缺性",
     "项目首创了仿生推进架构，整体性能处于国际领先水平。",
     ["该装备拥有完全自主知识产权，是国内首台能在4500米水深连续作业的探测器。",
      "团队掌握的三项核心技术在国内尚属空白，全球也只有少数机构具备。",
      "项目采用原创的多传感融合算法，定位精度达到厘米级。"],
     ["项目办公室设在高新区管委会大楼。",
      "团队成员来自五个国家。"]),
    ("典型项目", "imported", "对国内相关行业发展的促进作用",
     "项目带动了国内相关行业的技术升级。",
     ["项目形成了由23家企业组成的配套产业链，核心零部件国产化率提高到85%。",
      "团队参与制定了两项行业标准，推动了深海装备行业的规范化。",
      "产品实现进口替代，使同类装备采购成本下降四成。"],
     ["项目团队积极参加各类展会。",
      "团队成员之间配合默契。"]),
    ("典型项目", "", "大会在引进过程中发挥的作用",
     "2018年，项目在大会上与高新区现场签约。",
     ["通过大会，项目与8家投资机构一对一洽谈，最终签订了落户协议。",
      "大会组委会为项目安排了专场路演，促成了双方合作。",
      "项目负责人在人才交流大会期间结识了园区负责人，会后很快达成了合作意向。"],
     ["项目负责人曾在海外从事研究多年。",
      "团队还关注了大会的相关报道。"]),
    ("典型项目", "imported", "项目落地后对相关领域或地区的推动作用",
     "项目落地后，高新区以其为龙头建设了海洋装备产业园。",
     ["项目投产后带动当地新增就业岗位1200个，年缴纳税收1.6亿元。",
      "依托该项目，园区先后吸引41家海洋科技企业入驻，形成产业集群。",
      "项目辐射周边地区，助力沿海城市发展海洋经济。"],
     ["项目团队的办公条件较好。",
      "团队负责人经常参加学术会议。"]),
    ("典型项目", "supported", "引进资金或人才之前项目的基本情况",
     "引进资金之前，平台只有一条小规模中试生产线。",
     ["平台成立之初只能服务五六个项目，设备老化严重。",
      "起步阶段，企业年营业收入不足三千万元，研发人员仅十余人。",
      "过去，平台的检测能力只能满足本地企业的部分需求。"],
     ["平台地处生物医药产业园核心区。",
      "平台负责人毕业于复旦大学。"]),
    ("典型项目", "supported", "项目遇到的主要困难",
     "平台遇到的主要困难是资金短缺。",
     ["建设国际标准车间需要数亿元投入，地方财政难以独立承担。",
      "由于缺少熟悉国际规范的质量管理团队，质量体系建设一度停滞。",
      "企业面临融资难、人才少的双重挑战。"],
     ["平台定期向主管部门报送工作情况。",
      "平台环境整洁，管理有序。"]),
    ("典型项目", "supported", "引进资金或人才后实现的突破性进展",
     "引进资金和人才后，平台取得了突破性进展。",
     ["2020年，2000升抗体药物中试车间建成投用。",
      "平台质量体系通过欧盟质量受权人审计，成为国内少数具备国际申报能力的中试平台之一。",
      "企业首款产品获批上市，年销售额翻了两番。"],
     ["平台负责人经常参加行业会议。",
      "平台已经制定了下一年度的工作计划。"]),
    ("典型人才", "", "个人经历和成就",
     "陈启明博士毕业于斯坦福大学，曾在硅谷芯片企业任职十二年。",
     ["他获得麻省理工学院电子工程博士学位后，在英特尔担任首席工程师，主持设计了三代处理器。",
      "王教授长期从事肿瘤免疫研究，在国际顶级期刊发表论文60余篇，荣获多项国际奖项。",
      "她先后在剑桥大学和牛津大学做博士后研究，是国际知名的催化化学专家。"],
     ["陈博士性格开朗，热爱运动。",
      "陈博士的家人也随他回国定居。"]),
    ("典型人才", "", "大会在引进过程中发挥的作用",
     "2016年，他在大会上结识了江海市人才办负责人。",
     ["通过大会的对接活动，他与江海市签订了全职引进协议。",
      "经大会组委会牵线搭桥，他与研究院负责人多次洽谈，最终决定回国发展。",
      "正是在人才交流大会期间，他第一次了解到家乡的人才政策，会后很快作出了回国的决定。"],
     ["他回国前曾多次到国内讲学。",
      "他对大会的组织工作印象深刻。"]),
    ("典型人才", "", "引进后做出的贡献",
     "回国后，他带领团队取得了一系列成果。",
     ["到岗三年，他主持研发的芯片实现量产，打破了国外垄断。",
      "他牵头攻克了高端芯片设计的关键技术，培养了一支40人的研发团队。",
      "他创办的企业已申请发明专利56项，产品销往20多个国家。"],
     ["他每天工作到很晚。",
      "他喜欢和年轻人交流。"]),
]

CONTACTS = ["报送单位：江海市人力资源和社会保障局", "联系人：王丽", "联系电话：0571-87654321",
            "电子邮箱：wangli@jianghai.gov.cn"]


def document(category, sentences):
    return ["中国国际人才交流大会成果案例", f"一、{category}", "案例1：一个案例"] + \
        ["".join(sentences[i:i + 2]) for i in range(0, len(sentences), 2)] + CONTACTS


def missing(docscreen, work, name, category, sentences):
    path = os.path.join(work, name)
    gen.docx(path, document(category, sentences))
    out = subprocess.run([docscreen, "--lang", "zh", "check", "--format", "json", path], capture_output=True,
                         env=dict(os.environ, LANGUAGE="", LC_ALL="C.UTF-8"))
    r = json.loads(out.stdout)
    f = r["files"][0]
    kinds = [c.get("kind") for c in f["cases"]]
    said = [x["message"] for x in f["findings"] if x["rule"] == "sections.focus"]
    return kinds, said


def main(docscreen):
    bad, n = [], 0
    with tempfile.TemporaryDirectory() as work:
        for i, (cat, kind, point, base, ways, nots) in enumerate(POINTS):
            # the other points of the category (and of its kind), said once each
            others = [p[3] for p in POINTS if p[0] == cat and p[2] != point and (not p[1] or not kind or p[1] == kind)]
            if kind == "supported":  # (what makes a project case this kind: money or people brought in)
                others.append("平台引进了一家基金的投资和一支核心团队。")
            for j, text in enumerate([base] + ways + nots):
                covered = j <= len(ways)
                kinds, said = missing(docscreen, work, f"{i}-{j}.docx", cat, [text] + others)
                n += 1
                if kind and kinds != [kind]:
                    bad.append(f"{point}: read as a {kinds} project: {text}")
                hit = [m for m in said if point in m]
                if covered and hit:
                    bad.append(f"{point}: not found in “{text}”")
                if not covered and not hit:
                    bad.append(f"{point}: found in “{text}”")
                if [m for m in said if point not in m]:
                    bad.append(f"{point}: another point missing: {[m for m in said if point not in m]}")
    for b in bad:
        print("FAIL:", b)
    print(f"{n - len(bad)} passed, {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
