/*
 * test_docx.c - the DOCX reader: what text counts (fields, revisions, hidden
 * text, alternate content, text boxes, symbols, ruby), list labels, outline
 * levels, tables, Strict documents and document facts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docscreen/count.h"
#include "docscreen/model.h"
#include "testzip.h"

#define P(x) "<w:p>" x "</w:p>"
#define R(x) "<w:r><w:t xml:space=\"preserve\">" x "</w:t></w:r>"

static const char *text(const ds_doc *doc, size_t i)
{
	const ds_para *p = ds_doc_para(doc, i);
	assert_non_null(p);
	return p->text;
}

static void test_docx__fields(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx(
		P(R("页码") "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
		  "<w:r><w:instrText> PAGE </w:instrText></w:r>"
		  "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R("7")
		  "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")
		/* nested: the outer result holds an inner field */
		P("<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>"
		  "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>DATE</w:instrText></w:r>"
		  "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R("inner")
		  "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
		  "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" R("outer")
		  "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")
		/* no separate: contributes nothing */
		P(R("a") "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>XE x</w:instrText></w:r>"
		  "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>" R("b"))
		P("<w:fldSimple w:instr=\"NUMPAGES\">" R("12") "</w:fldSimple>")
		/* a drop-down form field shows the entry chosen */
		P(R("选") "<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:ddList><w:result w:val=\"1\"/>"
		  "<w:listEntry w:val=\"甲\"/><w:listEntry w:val=\"乙\"/></w:ddList></w:ffData></w:fldChar></w:r>"
		  "<w:r><w:instrText> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>"
		  "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>")
		/* a page number with no stored result is a mark, not text */
		P(R("第") "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE \\* MERGEFORMAT</w:instrText></w:r>"
		  "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>" R("页")),
		NULL, NULL, NULL, NULL);
	assert_string_equal(text(doc, 4), "选乙");
	const ds_para *p = ds_doc_para(doc, 5);
	assert_string_equal(p->text, "第页");
	assert_int_equal(p->n_marks, 1);
	assert_int_equal(p->marks[0].type, DS_MARK_PAGE);
	assert_int_equal(p->marks[0].at, strlen("第"));
	assert_int_equal(ds_doc_para(doc, 0)->n_marks, 0);
	assert_string_equal(text(doc, 0), "页码7");
	assert_string_equal(text(doc, 1), "outer");
	assert_string_equal(text(doc, 2), "ab");
	assert_string_equal(text(doc, 3), "12");
	ds_doc_free(doc);
}

static void test_docx__revisions(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx(
		P(R("保留") "<w:ins w:id=\"1\" w:author=\"a\">" R("新增") "</w:ins>"
		  "<w:del w:id=\"2\" w:author=\"a\"><w:r><w:delText>删除</w:delText></w:r></w:del>"
		  "<w:moveFrom w:id=\"3\">" R("旧处") "</w:moveFrom><w:moveTo w:id=\"4\">" R("新处") "</w:moveTo>"),
		NULL, NULL, NULL, NULL);
	assert_string_equal(text(doc, 0), "保留新增新处");
	assert_true(ds_doc_facts(doc)->tracked_changes);
	ds_doc_free(doc);

	doc = tz_docx(P(R("clean")), NULL, NULL, NULL, NULL);
	assert_false(ds_doc_facts(doc)->tracked_changes);
	ds_doc_free(doc);
}

static void test_docx__textbox_written_twice_counts_once(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx(
		P(R("锚") "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>"
		  "<w:txbxContent>" P(R("框内文字")) "</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
		  "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>" P(R("框内文字"))
		  "</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>" R("点"))
		P(R("后")),
		NULL, NULL, NULL, NULL);
	assert_int_equal(ds_doc_para_count(doc), 3);
	assert_string_equal(text(doc, 0), "锚点");
	assert_int_equal(ds_doc_para(doc, 1)->part, DS_PART_TEXTBOX);
	assert_string_equal(text(doc, 1), "框内文字");
	assert_string_equal(text(doc, 2), "后");
	ds_count c;
	ds_count_doc(doc, NULL, &c, NULL, NULL);
	assert_int_equal(c.words, 7);
	ds_doc_free(doc);
}

static void test_docx__unknown_choice_takes_fallback(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx(
		P("<mc:AlternateContent xmlns:w16se=\"http://schemas.microsoft.com/office/word/2015/wordml/symex\">"
		  "<mc:Choice Requires=\"w16se\"><w:r><w:t>choice</w:t></w:r></mc:Choice>"
		  "<mc:Fallback>" R("fallback") "</mc:Fallback></mc:AlternateContent>"),
		NULL, NULL, NULL, NULL);
	assert_string_equal(text(doc, 0), "fallback");
	ds_doc_free(doc);
}

static void test_docx__hidden_text(void **state)
{
	(void)state;
	const char *styles =
		"<w:style w:type=\"paragraph\" w:styleId=\"Base\"><w:name w:val=\"Base\"/><w:rPr><w:vanish/></w:rPr></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"Child\"><w:name w:val=\"Child\"/><w:basedOn w:val=\"Base\"/></w:style>"
		"<w:style w:type=\"character\" w:styleId=\"Hid\"><w:name w:val=\"Hid\"/><w:rPr><w:vanish/></w:rPr></w:style>";
	ds_doc *doc = tz_docx(
		P(R("看得见") "<w:r><w:rPr><w:vanish/></w:rPr><w:t>看不见</w:t></w:r>"
		  "<w:r><w:rPr><w:rStyle w:val=\"Hid\"/></w:rPr><w:t>也看不见</w:t></w:r>")
		"<w:p><w:pPr><w:pStyle w:val=\"Child\"/></w:pPr>" R("继承隐藏")
		"<w:r><w:rPr><w:vanish w:val=\"0\"/></w:rPr><w:t>显示</w:t></w:r>"
		/* a hidden character style on hidden paragraph style toggles back on */
		"<w:r><w:rPr><w:rStyle w:val=\"Hid\"/></w:rPr><w:t>翻转</w:t></w:r></w:p>",
		styles, NULL, NULL, NULL);
	assert_string_equal(text(doc, 0), "看得见");
	assert_string_equal(text(doc, 1), "显示翻转");
	ds_doc_free(doc);
}

static void test_docx__symbols_and_specials(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx(
		P("<w:r><w:t>e</w:t><w:noBreakHyphen/><w:t>mail</w:t><w:softHyphen/><w:t>x</w:t>"
		  "<w:tab/><w:t>y</w:t><w:br/><w:t>z</w:t><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/></w:r>")
		P("<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>zhōng</w:t></w:r></w:rt>"
		  "<w:rubyBase><w:r><w:t>中</w:t></w:r></w:rubyBase></w:ruby></w:r>")
		P("<m:oMathPara><m:oMath><m:r><m:t>E=mc</m:t></m:r></m:oMath></m:oMathPara>"),
		NULL, NULL, NULL, NULL);
	assert_string_equal(text(doc, 0), "e\xE2\x80\x91mailx\ty\nz\xEF\x83\xBC");
	assert_string_equal(text(doc, 1), "中");
	assert_string_equal(text(doc, 2), "E=mc");
	ds_count c = {0};
	ds_count_para(&c, ds_doc_para(doc, 0), NULL);
	assert_int_equal(c.non_cjk_words, 3); /* e‑mailx, y, z + symbol joined */
	ds_doc_free(doc);
}

static void test_docx__numbering_labels(void **state)
{
	(void)state;
	const char *numbering =
		"<w:abstractNum w:abstractNumId=\"0\">"
		"<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl>"
		"<w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/></w:lvl>"
		"<w:lvl w:ilvl=\"2\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/><w:lvlText w:val=\"%1.%2.%3\"/><w:isLgl/></w:lvl>"
		"</w:abstractNum>"
		"<w:abstractNum w:abstractNumId=\"1\">"
		"<w:lvl w:ilvl=\"0\"><w:start w:val=\"3\"/><w:numFmt w:val=\"decimalEnclosedCircle\"/><w:lvlText w:val=\"%1\"/></w:lvl>"
		"</w:abstractNum>"
		"<w:abstractNum w:abstractNumId=\"2\">"
		"<w:lvl w:ilvl=\"0\"><w:start w:val=\"9\"/><w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"%1.\"/></w:lvl>"
		"</w:abstractNum>"
		"<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
		"<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num>"
		"<w:num w:numId=\"3\"><w:abstractNumId w:val=\"0\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride w:val=\"1\"/></w:lvlOverride></w:num>"
		"<w:num w:numId=\"4\"><w:abstractNumId w:val=\"2\"/></w:num>";
	const char *styles =
		"<w:style w:type=\"paragraph\" w:styleId=\"L\"><w:name w:val=\"listed\"/>"
		"<w:pPr><w:numPr><w:numId w:val=\"4\"/></w:numPr></w:pPr></w:style>";
#define NP(id, lvl, t) "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" #lvl "\"/><w:numId w:val=\"" #id "\"/></w:numPr></w:pPr>" R(t) "</w:p>"
	ds_doc *doc = tz_docx(NP(1, 0, "甲") NP(1, 1, "乙") NP(1, 1, "丙") NP(1, 2, "丁") NP(1, 0, "戊")
			      NP(2, 0, "圈") NP(3, 0, "重来") "<w:p><w:pPr><w:pStyle w:val=\"L\"/></w:pPr>" R("样式编号") "</w:p>"
			      NP(0, 0, "无编号"),
			      styles, numbering, NULL, NULL);
	const char *want[] = {"一、", "（一）", "（二）", "1.2.1", "二、", "③", "一、", "IX.", ""};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		if (strcmp(ds_doc_para(doc, i)->label, want[i]))
			fail_msg("paragraph %zu: label '%s', want '%s'", i, ds_doc_para(doc, i)->label, want[i]);
	}
	ds_doc_free(doc);
}

static void test_docx__outline_levels_and_styles(void **state)
{
	(void)state;
	const char *styles =
		"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"H1\"><w:name w:val=\"heading 1\"/><w:pPr><w:outlineLvl w:val=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"Mine\"><w:name w:val=\"my heading\"/><w:basedOn w:val=\"H1\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"Loop\"><w:name w:val=\"loop\"/><w:basedOn w:val=\"Loop2\"/></w:style>"
		"<w:style w:type=\"paragraph\" w:styleId=\"Loop2\"><w:name w:val=\"loop2\"/><w:basedOn w:val=\"Loop\"/></w:style>";
	ds_doc *doc = tz_docx("<w:p><w:pPr><w:pStyle w:val=\"Mine\"/></w:pPr>" R("标题") "</w:p>"
			      "<w:p><w:pPr><w:pStyle w:val=\"2\"/></w:pPr>" R("二级") "</w:p>"
			      "<w:p><w:pPr><w:outlineLvl w:val=\"2\"/></w:pPr>" R("直接") "</w:p>"
			      "<w:p><w:pPr><w:pStyle w:val=\"Loop\"/></w:pPr>" R("循环") "</w:p>"
			      P("<w:r><w:rPr><w:b/></w:rPr><w:t>粗</w:t></w:r><w:r><w:t xml:space=\"preserve\"> </w:t></w:r>"),
			      styles, NULL, NULL, NULL);
	const ds_para *p = ds_doc_para(doc, 0);
	assert_int_equal(p->outline_level, 0);
	assert_string_equal(p->style_name, "my heading");
	assert_int_equal(p->align, DS_ALIGN_CENTER);
	assert_true(p->all_bold);
	assert_int_equal(ds_doc_para(doc, 1)->outline_level, 1);
	assert_int_equal(ds_doc_para(doc, 2)->outline_level, 2);
	assert_string_equal(ds_doc_para(doc, 2)->style_id, "Normal");
	assert_int_equal(ds_doc_para(doc, 3)->outline_level, -1);
	assert_true(ds_doc_para(doc, 4)->all_bold);
	ds_doc_free(doc);
}

static void test_docx__tables(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx(
		"<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" P(R("联系人")) "</w:tc>"
		"<w:tc>" P(R("张三")) "</w:tc></w:tr>"
		"<w:tr><w:tc>" P(R("a")) "</w:tc><w:tc><w:tbl><w:tr><w:tc>" P(R("inner")) "</w:tc></w:tr></w:tbl>"
		P(R("after")) "</w:tc><w:tc>" P(R("c")) "</w:tc></w:tr></w:tbl>" P(R("正文")),
		NULL, NULL, NULL, NULL);
	assert_int_equal(ds_doc_table_count(doc), 2);
	const ds_para *p = ds_doc_para(doc, 1);
	assert_true(p->in_table);
	assert_int_equal(p->row, 0);
	assert_int_equal(p->col, 2);
	p = ds_doc_para(doc, 3);
	assert_string_equal(p->text, "inner");
	assert_int_equal(p->table, 1);
	assert_int_equal(ds_doc_table(doc, 1)->parent, 0);
	p = ds_doc_para(doc, 4);
	assert_string_equal(p->text, "after");
	assert_int_equal(p->table, 0);
	assert_int_equal(p->row, 1);
	assert_int_equal(p->col, 1);
	assert_int_equal(ds_doc_para(doc, 5)->col, 2);
	assert_false(ds_doc_para(doc, 6)->in_table);
	assert_int_equal(ds_doc_table(doc, 0)->rows, 2);
	assert_int_equal(ds_doc_table(doc, 0)->cols, 3);
	ds_doc_free(doc);
}

#define SDT(pr, x) "<w:sdt><w:sdtPr>" pr "</w:sdtPr><w:sdtContent>" x "</w:sdtContent></w:sdt>"

static void test_docx__content_controls(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx(
		/* inline: their text stays in the paragraph, each recorded with its range */
		P(R("姓名：") SDT("<w:showingPlcHdr/><w:text/>", R("单击此处输入文字")) R("。")
		  SDT("<w14:checkbox><w14:checked w14:val=\"0\"/></w14:checkbox>", R("☐")))
		/* block: recorded on its first paragraph only, whole */
		SDT("<w:alias w:val=\"x\"/>", P(R("第一段")) P(R("第二段")))
		/* around cells: the cell's first paragraph; around rows: nothing */
		"<w:tbl><w:tr>" SDT("<w:date/>", "<w:tc>" P(R("甲")) "</w:tc>") "<w:tc>" P(R("乙")) "</w:tc></w:tr>"
		SDT("", "<w:tr><w:tc>" P(R("丙")) "</w:tc></w:tr>") "</w:tbl>"
		/* a check box form field */
		P("<w:r><w:fldChar w:fldCharType=\"begin\"><w:ffData><w:checkBox><w:default w:val=\"1\"/>"
		  "</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMCHECKBOX </w:instrText></w:r>"
		  "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>" R(" 同意")),
		NULL, NULL, NULL, NULL);
	const ds_para *p = ds_doc_para(doc, 0);
	assert_string_equal(p->text, "姓名：单击此处输入文字。☐");
	assert_int_equal(p->n_controls, 2);
	assert_int_equal(p->controls[0].type, DS_CONTROL_PLAIN);
	assert_true(p->controls[0].placeholder);
	assert_false(p->controls[0].block);
	assert_int_equal(p->controls[0].start, strlen("姓名："));
	assert_int_equal(p->controls[0].end, strlen("姓名：单击此处输入文字"));
	assert_int_equal(p->controls[1].type, DS_CONTROL_CHECKBOX);
	assert_false(p->controls[1].placeholder);
	p = ds_doc_para(doc, 1);
	assert_int_equal(p->n_controls, 1);
	assert_true(p->controls[0].block);
	assert_int_equal(p->controls[0].type, DS_CONTROL_RICH);
	assert_int_equal(p->controls[0].start, 0);
	assert_int_equal(p->controls[0].end, strlen("第一段"));
	assert_int_equal(ds_doc_para(doc, 2)->n_controls, 0);
	p = ds_doc_para(doc, 3);
	assert_string_equal(p->text, "甲");
	assert_int_equal(p->n_controls, 1);
	assert_int_equal(p->controls[0].type, DS_CONTROL_DATE);
	assert_true(p->controls[0].block);
	assert_int_equal(ds_doc_para(doc, 4)->n_controls, 0);
	assert_int_equal(ds_doc_para(doc, 5)->n_controls, 0);
	p = ds_doc_para(doc, 6);
	assert_string_equal(p->text, " 同意");
	assert_int_equal(p->n_controls, 1);
	assert_true(p->controls[0].form_field);
	assert_int_equal(p->controls[0].type, DS_CONTROL_CHECKBOX);
	ds_doc_free(doc);
}

/* Controls bound to custom XML show the bound value, as Word shows them on
 * opening; what cannot be resolved keeps the stored text.  (And a TITLE
 * field, in the same package with core properties.) */
static void test_docx__data_binding(void **state)
{
	(void)state;
#define BIND(xpath, type, x)                                                                              \
	SDT("<w:dataBinding w:prefixMappings=\"xmlns:ns0='urn:x'\" w:xpath=\"" xpath "\" "               \
	    "w:storeItemID=\"{AAAA-1}\"/>" type, x)
#define PKG_REL "http://schemas.openxmlformats.org/package/2006/relationships"
#define DOC_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	const char *body =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document " W_NS "><w:body>"
		P(R("单位：") BIND("/ns0:r[1]/ns0:unit[1]", "<w:text/>", R("单击此处")))
		P(R("第二个：") BIND("/ns0:r[1]/ns0:unit[2]", "", R("旧")))
		BIND("/ns0:r/ns0:note", "", P(R("旧的一段")) P(R("第二段")))
		P(BIND("/ns0:r[1]/ns0:missing[1]", "<w:text/>", R("保留")))
		P(BIND("/ns0:r[1]/ns0:when[1]", "<w:date/>", R("2023年5月1日")))
		P(BIND("/ns0:r[1]/ns0:unit[1]/text()", "", R("不懂的路径")))
		P(R("题目：") "<w:fldSimple w:instr=\" TITLE \">" R("旧标题") "</w:fldSimple>" R("。"))
		P(SDT("<w:dataBinding w:prefixMappings=\"xmlns:ns0='http://purl.org/dc/elements/1.1/' "
		      "xmlns:ns1='http://schemas.openxmlformats.org/package/2006/metadata/core-properties'\" "
		      "w:xpath=\"/ns1:coreProperties[1]/ns0:title[1]\" "
		      "w:storeItemID=\"{6C3C8BC8-F283-45AE-878A-BAB7291924A1}\"/>",
		      R("标题")))
		"</w:body></w:document>";
	tz_entry e[] = {
		{"[Content_Types].xml",
		 "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		 "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		 "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		 "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
		 "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>", 0, 0, 0},
		{"_rels/.rels",
		 "<Relationships xmlns=\"" PKG_REL "\"><Relationship Id=\"rId1\" Type=\"" DOC_REL "/officeDocument\" "
		 "Target=\"word/document.xml\"/><Relationship Id=\"rId2\" "
		 "Type=\"" PKG_REL "/metadata/core-properties\" Target=\"docProps/core.xml\"/></Relationships>", 0, 0, 0},
		{"word/document.xml", body, 0, 0, 0},
		{"word/_rels/document.xml.rels",
		 "<Relationships xmlns=\"" PKG_REL "\"><Relationship Id=\"rId9\" Type=\"" DOC_REL "/customXml\" "
		 "Target=\"../customXml/item1.xml\"/></Relationships>", 0, 0, 0},
		{"customXml/item1.xml",
		 "<r xmlns=\"urn:x\"><unit>人社局</unit><unit>人才<b>中心</b></unit><other/>"
		 "<note>新的一段</note><when>2024-01-02T00:00:00Z</when></r>", 0, 0, 0},
		{"customXml/_rels/item1.xml.rels",
		 "<Relationships xmlns=\"" PKG_REL "\"><Relationship Id=\"rId1\" Type=\"" DOC_REL "/customXmlProps\" "
		 "Target=\"itemProps1.xml\"/></Relationships>", 0, 0, 0},
		{"customXml/itemProps1.xml",
		 "<ds:datastoreItem ds:itemID=\"{aaaa-1}\" "
		 "xmlns:ds=\"http://schemas.openxmlformats.org/officeDocument/2006/customXml\"/>", 0, 0, 0},
		{"docProps/core.xml",
		 "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
		 "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>人才交流案例</dc:title></cp:coreProperties>", 0, 0, 0},
	};
	char *zip;
	size_t len;
	tz_zip(e, sizeof e / sizeof *e, &zip, &len);
	ds_doc *doc = NULL;
	assert_int_equal(ds_doc_open_memory(&doc, zip, len, NULL), 0);
	free(zip);
	assert_string_equal(text(doc, 0), "单位：人社局");
	const ds_para *p = ds_doc_para(doc, 0);
	assert_int_equal(p->n_controls, 1);
	assert_int_equal(p->controls[0].start, strlen("单位："));
	assert_int_equal(p->controls[0].end, strlen("单位：人社局"));
	assert_string_equal(text(doc, 1), "第二个：人才中心");
	assert_string_equal(text(doc, 2), "新的一段");
	assert_string_equal(text(doc, 3), "");
	assert_string_equal(text(doc, 4), "保留");
	assert_string_equal(text(doc, 5), "2023年5月1日");
	assert_string_equal(text(doc, 6), "不懂的路径");
	assert_string_equal(text(doc, 8), "人才交流案例");
	/* a TITLE field keeps its stored result; LibreOffice shows the title */
	p = ds_doc_para(doc, 7);
	assert_string_equal(p->text, "题目：旧标题。");
	assert_int_equal(p->n_marks, 2);
	assert_int_equal(p->marks[0].type, DS_MARK_FIELD);
	assert_int_equal(p->marks[0].at, strlen("题目："));
	assert_string_equal(p->marks[0].shown, "人才交流案例");
	assert_int_equal(p->marks[1].type, DS_MARK_FIELD_END);
	assert_int_equal(p->marks[1].at, strlen("题目：旧标题"));
	ds_count_options lo = DS_COUNT_OPTIONS_LIBREOFFICE;
	ds_count c = {0};
	ds_count_para(&c, p, &lo);
	assert_int_equal(c.cjk_chars, strlen("题目：人才交流案例。") / 3);
	ds_doc_free(doc);
#undef BIND
}

static void test_docx__strict(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx_raw(
		"<w:document xmlns:w=\"http://purl.oclc.org/ooxml/wordprocessingml/main\">"
		"<w:body><w:p><w:r><w:t>严格</w:t></w:r></w:p></w:body></w:document>");
	assert_string_equal(text(doc, 0), "严格");
	assert_true(ds_doc_facts(doc)->strict);
	ds_doc_free(doc);
}

static void test_docx__facts(void **state)
{
	(void)state;
	ds_doc *doc = tz_docx(P(R("x")), NULL, NULL, NULL,
			      "<w:documentProtection w:edit=\"readOnly\" w:enforcement=\"1\"/>");
	const ds_facts *f = ds_doc_facts(doc);
	assert_true(f->protection);
	assert_string_equal(f->protection_edit, "readOnly");
	assert_int_equal(f->external_rels, 1);
	assert_string_equal(ds_doc_external(doc, 0), "https://example.org/");
	assert_false(f->macros);
	ds_doc_free(doc);
	doc = tz_docx(P(R("x")), NULL, NULL, NULL, "<w:documentProtection w:edit=\"readOnly\" w:enforcement=\"0\"/>");
	assert_false(ds_doc_facts(doc)->protection);
	ds_doc_free(doc);
}

static void test_docx__invalid_utf8_is_corrupt(void **state)
{
	(void)state;
	const char *CT = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
			 "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	const char *RELS = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
			   "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			{"word/document.xml",
			 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>\xC3\x28</w:t></w:r></w:p></w:body></w:document>",
			 0, 0, 0}};
	char *zip;
	size_t len;
	tz_zip(e, 3, &zip, &len);
	assert_int_equal(tz_open_fails(zip, len), DS_ECORRUPT);
	free(zip);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_docx__fields),
		cmocka_unit_test(test_docx__revisions),
		cmocka_unit_test(test_docx__textbox_written_twice_counts_once),
		cmocka_unit_test(test_docx__unknown_choice_takes_fallback),
		cmocka_unit_test(test_docx__hidden_text),
		cmocka_unit_test(test_docx__symbols_and_specials),
		cmocka_unit_test(test_docx__numbering_labels),
		cmocka_unit_test(test_docx__outline_levels_and_styles),
		cmocka_unit_test(test_docx__tables),
		cmocka_unit_test(test_docx__content_controls),
		cmocka_unit_test(test_docx__data_binding),
		cmocka_unit_test(test_docx__strict),
		cmocka_unit_test(test_docx__facts),
		cmocka_unit_test(test_docx__invalid_utf8_is_corrupt),
	};
	return cmocka_run_group_tests_name("docx", tests, NULL, NULL);
}
