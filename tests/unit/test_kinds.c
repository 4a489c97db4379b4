/*
 * test_kinds.c - the rule kinds (plugins/kinds) through the engine, each
 * with a profile of its own written here: what each finds and does not,
 * its scopes, and the profile's mistakes it reports (a scope, a unit, a
 * property or a value that is none), and the binding's errors (a kind no
 * plugin has, an instance that takes a plugin rule's id).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testzip.h"

static char dir[64];

/* An engine with a profile extending basic whose <docx> (or <xlsx> when
 * xlsx) holds rules, or NULL with the error in ds_error_last(). */
static ds_engine *engine_with(const char *rules, bool xlsx)
{
	char path[128];
	snprintf(path, sizeof path, "%s/p.xml", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
		"<profile xmlns=\"urn:docscreen:profile:1\" id=\"t\" extends=\"basic\"><title lang=\"en\">t</title>"
		"<cases><param name=\"divide\">false</param></cases><%s>%s</%s></profile>",
		xlsx ? "xlsx" : "docx", rules, xlsx ? "xlsx" : "docx");
	fclose(f);
	ds_engine_options o = DS_ENGINE_OPTIONS_INIT;
	const char *plugins[] = {PLUGIN_DIR, NULL}, *profiles[] = {RULES_DIR, NULL};
	o.plugin_dirs = plugins;
	o.profile_dirs = profiles;
	ds_engine *e = NULL;
	assert_int_equal(ds_engine_new(&e, &o), 0);
	if (ds_engine_use_profile(e, path) < 0) {
		ds_engine_free(e);
		return NULL;
	}
	return e;
}

/* The JSON report of body checked by the rules (English). */
static char *check(const char *rules, const char *body)
{
	ds_engine *e = engine_with(rules, false);
	if (!e)
		fail_msg("%s", ds_error_last());
	char *zip;
	size_t len;
	tz_docx_bytes(body, NULL, &zip, &len);
	char *json = tz_check_json(e, "t.docx", zip, len, "en");
	free(zip);
	ds_engine_free(e);
	return json;
}

static int count(const char *s, const char *what)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, what)); p += strlen(what))
		n++;
	return n;
}

#define P(text) "<w:p><w:r><w:t xml:space=\"preserve\">" text "</w:t></w:r></w:p>"
#define H(level, text)                                                                                                 \
	"<w:p><w:pPr><w:outlineLvl w:val=\"" #level "\"/></w:pPr><w:r><w:t>" text "</w:t></w:r></w:p>"

static void existence(void **state)
{
	(void)state;
	const char *rule = "<rule id=\"t.x\" kind=\"existence\"><param name=\"patterns\"><item>草稿</item></param>"
			   "<param name=\"max_findings\">2</param></rule>";
	char *j = check(rule, P("草稿一") P("草稿二") P("草稿三") P("定稿"));
	assert_int_equal(count(j, "\"rule\":\"t.x\""), 2); /* max_findings */
	free(j);
	j = check(rule, P("定稿"));
	assert_int_equal(count(j, "\"rule\":\"t.x\""), 0);
	free(j);
}

static void required_per_heading(void **state)
{
	(void)state;
	const char *rule = "<rule id=\"t.n\" kind=\"required\"><param name=\"scope\">heading</param>"
			   "<param name=\"level\">2</param><param name=\"patterns\"><item>^\\d+\\.\\d+</item></param></rule>";
	char *j = check(rule, H(0, "第1章") H(1, "1.1 背景") H(1, "方法") H(2, "1.1.1 细节"));
	assert_int_equal(count(j, "\"rule\":\"t.n\""), 1);
	assert_non_null(strstr(j, "the heading \\\"方法\\\""));
	free(j);
}

static void substitution_once_per_paragraph(void **state)
{
	(void)state;
	const char *rule = "<rule id=\"t.s\" kind=\"substitution\"><param name=\"pairs\"><group>"
			   "<param name=\"wrong\">[，,]</param><param name=\"right\">；</param></group></param>"
			   "<param name=\"scope\">paragraph</param><param name=\"where\">^关键词</param></rule>";
	char *j = check(rule, P("关键词：甲，乙,丙") P("正文，不算"));
	assert_int_equal(count(j, "\"rule\":\"t.s\""), 1);
	assert_non_null(strstr(j, "(2 times in the paragraph)"));
	free(j);
}

static void occurrence_and_length_bounds(void **state)
{
	(void)state;
	const char *rules =
		"<rule id=\"t.o\" kind=\"occurrence\"><param name=\"patterns\"><item>大会</item></param>"
		"<param name=\"min\">2</param><param name=\"max\">3</param><param name=\"what\">the conference</param></rule>"
		"<rule id=\"t.l\" kind=\"length\"><param name=\"scope\">section</param><param name=\"section\">^摘要$</param>"
		"<param name=\"min\">5</param><param name=\"max\">8</param></rule>";
	char *j = check(rules, H(0, "摘要") P("一二三") H(0, "正文") P("大会大会大会大会"));
	assert_non_null(strstr(j, "has 4 of the conference; 2–3 are asked for"));
	assert_non_null(strstr(j, "has 3 words; 5–8 words are asked for"));
	free(j);
	j = check(rules, H(0, "摘要") P("一二三四五六") H(0, "正文") P("大会大会"));
	assert_int_equal(count(j, "\"rule\":\"t."), 0);
	free(j);
}

static void sequence_missing_and_misplaced(void **state)
{
	(void)state;
	const char *rule = "<rule id=\"t.q\" kind=\"sequence\"><param name=\"parts\">"
			   "<group><param name=\"name\">A</param><param name=\"pattern\">^甲$</param></group>"
			   "<group><param name=\"name\">B</param><param name=\"pattern\">^乙$</param></group>"
			   "<group><param name=\"name\">C</param><param name=\"pattern\">^丙$</param></group>"
			   "<group><param name=\"name\">D</param><param name=\"pattern\">^丁$</param>"
			   "<param name=\"required\">false</param></group></param></rule>";
	/* 乙 before 甲; 丙 missing; 丁 optional and missing */
	char *j = check(rule, P("乙") P("正文") P("甲"));
	assert_int_equal(count(j, "\"rule\":\"t.q\""), 2);
	assert_non_null(strstr(j, "The document has no C."));
	assert_null(strstr(j, "no D"));
	free(j);
	/* a table of contents names the parts without being them (an entry: a tab and its page) */
	j = check(rule, "<w:p><w:r><w:t>丙</w:t><w:tab/><w:t>3</w:t></w:r></w:p>" P("甲") P("乙"));
	assert_non_null(strstr(j, "The document has no C."));
	free(j);
}

static void consistency_names_both(void **state)
{
	(void)state;
	const char *rule = "<rule id=\"t.c\" kind=\"consistency\"><param name=\"sets\"><group><param name=\"forms\">"
			   "<item>电子邮件</item><item>E-?mail</item></param></group></param></rule>";
	char *j = check(rule, P("电子邮件 Email E-mail"));
	assert_non_null(strstr(j, "\\\"Email\\\" (2 times) and \\\"电子邮件\\\" (1 times)"));
	free(j);
	j = check(rule, P("电子邮件 电子邮件"));
	assert_int_equal(count(j, "\"rule\":\"t.c\""), 0);
	free(j);
}

static void format_counts_paragraphs(void **state)
{
	(void)state;
	const char *rule = "<rule id=\"t.f\" kind=\"format\"><param name=\"size\">小四</param>"
			   "<param name=\"first_line_indent\">2字符</param></rule>";
	const char *twelve = "<w:rPr><w:sz w:val=\"24\"/></w:rPr>";
	char body[2048];
	snprintf(body, sizeof body,
		 "<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr><w:r>%s<w:t>好</w:t></w:r></w:p>"
		 "<w:p><w:pPr><w:ind w:firstLine=\"480\"/></w:pPr><w:r>%s<w:t>也好</w:t></w:r></w:p>"
		 "<w:p><w:r><w:rPr><w:sz w:val=\"28\"/></w:rPr><w:t>四号，不缩进</w:t></w:r></w:p>"
		 "<w:p><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:r><w:t>标题不算正文</w:t></w:r></w:p>",
		 twelve, twelve);
	char *j = check(rule, body);
	assert_non_null(strstr(j, "1 paragraph(s) of the body text are in 四号 (14 pt), not 小四 (12 pt)"));
	assert_non_null(strstr(j, "1 paragraph(s) of the body text have a first-line indent of 0.0 characters"));
	assert_int_equal(count(j, "\"rule\":\"t.f\""), 2);
	free(j);
}

static void profile_mistakes_are_findings(void **state)
{
	(void)state;
	char *j = check("<rule id=\"t.a\" kind=\"existence\"><param name=\"scope\">chapter</param>"
			"<param name=\"patterns\"><item>x</item></param></rule>"
			"<rule id=\"t.b\" kind=\"length\"><param name=\"unit\">pages</param></rule>"
			"<rule id=\"t.c\" kind=\"metadata\"><param name=\"empty\"><item>owner</item></param></rule>"
			"<rule id=\"t.d\" kind=\"format\"><param name=\"size\">huge</param></rule>",
			P("x"));
	assert_non_null(strstr(j, "the scope \\\"chapter\\\", which is none"));
	assert_non_null(strstr(j, "the unit \\\"pages\\\", which is none"));
	assert_non_null(strstr(j, "the property \\\"owner\\\", which is none"));
	assert_non_null(strstr(j, "gives size the value \\\"huge\\\""));
	free(j);
}

static void binding_errors(void **state)
{
	(void)state;
	assert_null(engine_with("<rule id=\"t.k\" kind=\"spelling\"/>", false));
	assert_non_null(strstr(ds_error_last(), "of kind 'spelling', which no loaded plugin provides"));
	assert_null(engine_with("<rule id=\"text.placeholders\" kind=\"existence\"/>", false));
	assert_non_null(strstr(ds_error_last(), "has the id of a rule of plugin text"));
	assert_null(engine_with("<rule id=\"t.k\" kind=\"cells\"/>", false)); /* cells reads workbooks */
	assert_non_null(strstr(ds_error_last(), "does not check the files of this section"));
	assert_null(engine_with("<rule id=\"t.k\" kind=\"existence\"><param name=\"colour\">red</param></rule>", false));
	assert_non_null(strstr(ds_error_last(), "colour"));
	/* an instance without kind= is looked for among the plugins' rules */
	assert_null(engine_with("<rule id=\"t.k\"/>", false));
	assert_non_null(strstr(ds_error_last(), "kind="));
}

static void cells_columns(void **state)
{
	(void)state;
	ds_engine *e = engine_with(
		"<rule id=\"t.t\" kind=\"cells\"><param name=\"columns\">"
		"<group><param name=\"header\">^年份$</param><param name=\"type\">integer</param>"
		"<param name=\"minimum\">2018</param><param name=\"maximum\">2022</param></group>"
		"<group><param name=\"header\">^数量$</param><param name=\"not_empty\">true</param></group>"
		"<group><param name=\"header\">^单位$</param><param name=\"values\"><item>人</item><item>个</item></param>"
		"</group><group><param name=\"header\">^备注$</param></group></param></rule>",
		true);
	assert_non_null(e);
	char *zip;
	size_t len;
	tz_xlsx_bytes("<sheetData>"
		      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>年份</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>数量"
		      "</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>单位</t></is></c></row>"
		      "<row r=\"2\"><c r=\"A2\"><v>2018</v></c><c r=\"B2\"><v>5</v></c><c r=\"C2\" t=\"inlineStr\"><is><t>人"
		      "</t></is></c></row>"
		      "<row r=\"3\"><c r=\"A3\"><v>2030</v></c><c r=\"C3\" t=\"inlineStr\"><is><t>吨</t></is></c></row>"
		      "<row r=\"4\"><c r=\"A4\" t=\"inlineStr\"><is><t>注：单位为人</t></is></c></row>"
		      "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>不看</t></is></c></row>"
		      "</sheetData>",
		      NULL, NULL, NULL, &zip, &len);
	char *j = tz_check_json(e, "t.xlsx", zip, len, "en");
	assert_non_null(strstr(j, "has no column \\\"备注\\\" in row 1"));
	assert_non_null(strstr(j, "A3 in column \\\"年份\\\" is 2030; 2018–2022 is allowed"));
	assert_non_null(strstr(j, "Column \\\"数量\\\" has no value in B3"));
	assert_non_null(strstr(j, "C3 in column \\\"单位\\\" holds \\\"吨\\\"; allowed: 人 / 个"));
	assert_null(strstr(j, "不看")); /* the note ended the table */
	assert_int_equal(count(j, "\"rule\":\"t.t\""), 4);
	free(j);
	free(zip);
	ds_engine_free(e);
}

static void kinds_are_listed(void **state)
{
	(void)state;
	ds_engine *e = engine_with("", false);
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_int_equal(ds_engine_write_kinds(e, f, "en"), 0);
	fclose(f);
	static const char *const kinds[] = {"existence", "required", "substitution", "occurrence", "length",
					    "sequence",  "consistency", "metadata", "format", "cells"};
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		char head[64];
		snprintf(head, sizeof head, "\n%s  (kinds", kinds[k]);
		assert_true(strstr(out, head) || !strncmp(out, head + 1, strlen(head + 1)));
	}
	free(out);
	ds_engine_free(e);
}

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof dir, "/tmp/test_kinds.XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof path, "%s/p.xml", dir);
	unlink(path);
	rmdir(dir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(existence),
		cmocka_unit_test(required_per_heading),
		cmocka_unit_test(substitution_once_per_paragraph),
		cmocka_unit_test(occurrence_and_length_bounds),
		cmocka_unit_test(sequence_missing_and_misplaced),
		cmocka_unit_test(consistency_names_both),
		cmocka_unit_test(format_counts_paragraphs),
		cmocka_unit_test(profile_mistakes_are_findings),
		cmocka_unit_test(binding_errors),
		cmocka_unit_test(cells_columns),
		cmocka_unit_test(kinds_are_listed),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
