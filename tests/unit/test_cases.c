/*
 * test_cases.c - case segmentation: heading styles under category headings,
 * bold lines with 案例一/二, auto-numbered titles, a document without any
 * heading, text straight under a category heading, contact lines, kinds
 * of project case, and sections of one case told apart from cases.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docscreen/cases.h"
#include "docscreen/docscreen.h"
#include "docscreen/plugin.h"
#include "testzip.h"

static ds_engine *engine;
static const ds_params *cfg;

#define P(t) "<w:p><w:r><w:t>" t "</w:t></w:r></w:p>"
#define H(level, t) "<w:p><w:pPr><w:pStyle w:val=\"H" #level "\"/></w:pPr><w:r><w:t>" t "</w:t></w:r></w:p>"
#define B(t) "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>" t "</w:t></w:r></w:p>"
#define C(t) "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>" t "</w:t></w:r></w:p>"
#define N(t)                                                                                                           \
	"<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>" t               \
	"</w:t></w:r></w:p>"

static const char *STYLES =
	"<w:style w:type=\"paragraph\" w:styleId=\"H1\"><w:name w:val=\"heading 1\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
	"<w:style w:type=\"paragraph\" w:styleId=\"H2\"><w:name w:val=\"heading 2\"/><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>";
static const char *NUMBERING =
	"<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"decimal\"/>"
	"<w:lvlText w:val=\"%1.\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>";

/* A body of about n 字 (n/10 sentences of 10). */
static char *body(int n, const char *word)
{
	static char buf[8][16384];
	static int which;
	char *b = buf[which++ & 7];
	b[0] = '\0';
	strcat(b, "<w:p><w:r><w:t>");
	for (int i = 0; i < n / 10; i++)
		strcat(b, word);
	strcat(b, "</w:t></w:r></w:p>");
	return b;
}

static ds_doc *doc; /* the cases point into it: freed with them in done() */

static ds_cases *build(const char *xml)
{
	doc = tz_docx(xml, STYLES, NUMBERING, NULL, NULL);
	ds_cases *cs = NULL;
	assert_int_equal(ds_cases_build(&cs, doc, cfg), 0);
	return cs;
}

static void done(ds_cases *cs)
{
	ds_cases_free(cs);
	ds_doc_free(doc);
	doc = NULL;
}

static void test_cases__heading_styles_under_categories(void **state)
{
	(void)state;
	char xml[65536];
	snprintf(xml, sizeof xml, "%s%s%s%s%s%s%s%s%s", C("中国国际人才交流大会成果案例"), H(1, "一、典型地区"),
		 H(2, "江海市：人才高地"), body(400, "江海市引进人才很多。"), H(1, "二、典型机构"),
		 H(2, "西湖研究院：跨越式发展"), body(300, "研究院引进了团队。"), P("联系人：王丽"),
		 P("联系电话：0571-87654321"));
	ds_cases *cs = build(xml);
	assert_string_equal(ds_cases_title(cs), "中国国际人才交流大会成果案例");
	assert_int_equal(ds_cases_count(cs), 2);
	const ds_case *a = ds_cases_at(cs, 0), *b = ds_cases_at(cs, 1);
	assert_string_equal(a->title, "江海市：人才高地");
	assert_string_equal(a->category, "region");
	assert_true(a->category_from_heading);
	assert_int_equal(a->words, 400);
	assert_string_equal(b->category, "institution");
	assert_int_equal(b->words, 270); /* 9 字 a sentence x 30; contacts excluded */
	assert_true(ds_cases_is_contact(cs, 7));
	done(cs);
}

static void test_cases__bold_lines_and_explicit_cases(void **state)
{
	(void)state;
	char xml[65536];
	snprintf(xml, sizeof xml, "%s%s%s%s%s%s", C("深蓝公司成果案例"), B("典型项目"), B("案例一：深海探测装备项目"),
		 body(500, "项目落地后进展很好"), B("案例二：中试平台引进资金"), body(500, "平台引进资金和团队。"));
	ds_cases *cs = build(xml);
	assert_int_equal(ds_cases_count(cs), 2);
	assert_string_equal(ds_cases_at(cs, 0)->title, "案例一：深海探测装备项目");
	assert_string_equal(ds_cases_at(cs, 0)->category, "project");
	/* the profile's kinds of project: the default, and one 引进资金 in the title and text make */
	assert_string_equal(ds_cases_at(cs, 0)->kind, "imported");
	assert_string_equal(ds_cases_at(cs, 1)->kind, "supported");
	assert_string_equal(ds_cases_at(cs, 1)->kind_name, "为国内项目引进资金或人才");
	assert_int_equal(ds_cases_at(cs, 0)->reserved, 0);
	done(cs);
}

static void test_cases__numbered_titles_long_parts_are_cases(void **state)
{
	(void)state;
	char xml[65536];
	snprintf(xml, sizeof xml, "%s%s%s%s%s", C("典型案例汇编"), N("江海市人才工作"),
		 body(400, "江海市当地引进人才。"), N("陈博士回国创业"), body(400, "陈博士毕业于某大学。"));
	ds_cases *cs = build(xml);
	assert_int_equal(ds_cases_count(cs), 2);
	assert_string_equal(ds_cases_at(cs, 0)->title, "1.江海市人才工作");
	assert_string_equal(ds_cases_at(cs, 1)->title, "2.陈博士回国创业");
	done(cs);
}

static void test_cases__short_numbered_parts_are_sections(void **state)
{
	(void)state;
	char xml[65536];
	snprintf(xml, sizeof xml, "%s%s%s%s%s%s%s", C("西湖研究院引进团队案例"), N("基本情况"),
		 body(200, "研究院成立于二〇一三"), N("困难与瓶颈"), body(200, "缺乏领军人才很困难"), N("大会的作用"),
		 body(200, "大会牵线搭桥引进团队"));
	ds_cases *cs = build(xml);
	assert_int_equal(ds_cases_count(cs), 1);
	const ds_case *c = ds_cases_at(cs, 0);
	assert_string_equal(c->title, "西湖研究院引进团队案例");
	/* 200 + 180 + 200 of text, and the section headings count too:
	 * "1." + 基本情况, "2." + 困难与瓶颈, "3." + 大会的作用 = 5 + 6 + 6 */
	assert_int_equal(c->words, 597);
	done(cs);
}

static void test_cases__no_headings_is_one_case(void **state)
{
	(void)state;
	char xml[65536];
	snprintf(xml, sizeof xml, "%s%s", body(300, "陈博士毕业于某大学。"), body(300, "他回国后做出了贡献。"));
	ds_cases *cs = build(xml);
	assert_int_equal(ds_cases_count(cs), 1);
	assert_string_equal(ds_cases_at(cs, 0)->title, "");
	assert_string_equal(ds_cases_at(cs, 0)->category, "talent"); /* 博士, 毕业于, 他 */
	assert_false(ds_cases_at(cs, 0)->category_from_heading);
	assert_int_equal(ds_cases_at(cs, 0)->words, 600);
	done(cs);
}

static void test_cases__text_under_category_heading(void **state)
{
	(void)state;
	char xml[65536];
	snprintf(xml, sizeof xml, "%s%s%s%s", H(1, "一、典型人才"), body(300, "陈博士毕业于某大学。"),
		 H(1, "二、典型机构"), body(300, "研究院引进了团队。"));
	ds_cases *cs = build(xml);
	assert_int_equal(ds_cases_count(cs), 2);
	assert_string_equal(ds_cases_at(cs, 0)->title, "一、典型人才");
	assert_string_equal(ds_cases_at(cs, 0)->category, "talent");
	assert_string_equal(ds_cases_at(cs, 1)->category, "institution");
	done(cs);
}

static void test_cases__empty_document(void **state)
{
	(void)state;
	ds_cases *cs = build(C("只有标题") P("联系人：王丽"));
	assert_int_equal(ds_cases_count(cs), 0);
	done(cs);
}

/* a title in a message after "案例N": its own label said once */
static void test_cases__title_without_label(void **state)
{
	(void)state;
	assert_string_equal(ds_title_without_label("案例一：深海智能探测装备项目"), "深海智能探测装备项目");
	assert_string_equal(ds_title_without_label("案例12、人才故事"), "人才故事");
	assert_string_equal(ds_title_without_label("2.陈启明博士：从硅谷到江海"), "陈启明博士：从硅谷到江海");
	assert_string_equal(ds_title_without_label("案例1：云南省案例"), "云南省案例");
	/* no label, or nothing after it: as it is */
	assert_string_equal(ds_title_without_label("2023年的成果"), "2023年的成果");
	assert_string_equal(ds_title_without_label("2.5亿元的项目"), "2.5亿元的项目");
	assert_string_equal(ds_title_without_label("典型人才案例：陈启明"), "典型人才案例：陈启明");
	assert_string_equal(ds_title_without_label("案例一"), "案例一");
	assert_string_equal(ds_title_without_label("案例说明"), "案例说明");
	assert_string_equal(ds_title_without_label(""), "");
}

static int setup(void **state)
{
	(void)state;
	engine = tz_engine(PLUGIN_DIR, RULES_DIR, "citec-2023-national");
	cfg = engine ? ds_engine_cases_params(engine) : NULL;
	return cfg ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	ds_engine_free(engine);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cases__heading_styles_under_categories),
		cmocka_unit_test(test_cases__bold_lines_and_explicit_cases),
		cmocka_unit_test(test_cases__numbered_titles_long_parts_are_cases),
		cmocka_unit_test(test_cases__short_numbered_parts_are_sections),
		cmocka_unit_test(test_cases__no_headings_is_one_case),
		cmocka_unit_test(test_cases__text_under_category_heading),
		cmocka_unit_test(test_cases__empty_document),
		cmocka_unit_test(test_cases__title_without_label),
	};
	return cmocka_run_group_tests_name("cases", tests, setup, teardown);
}
