/*
 * test_engine.c - the plugin loader's outcomes (good, other ABI, no entry,
 * failing init, duplicate rule id), profile errors with file and line
 * (schema, unknown rule, wrong type, bad pattern, extends loop), parameter
 * binding of every type, the profile list, and reports in both languages.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "docscreen/docscreen.h"
#include "docscreen/plugin.h"
#include "testzip.h"

static char tmpdir[256];

static const char *write_profile(const char *name, const char *body)
{
	static char path[512];
	snprintf(path, sizeof path, "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(body, f);
	fclose(f);
	return path;
}

static ds_engine *engine_with(const char *const *plugin_dirs)
{
	ds_engine_options o = DS_ENGINE_OPTIONS_INIT;
	const char *profile_dirs[] = {tmpdir, NULL};
	o.plugin_dirs = plugin_dirs;
	o.profile_dirs = profile_dirs;
	ds_engine *e = NULL;
	assert_int_equal(ds_engine_new(&e, &o), 0);
	return e;
}

/* An engine with the bundled plugins and profiles, using one of them. */
static ds_engine *bundled_engine(const char *profile)
{
	const char *dirs[] = {PACKAGE_PLUGIN_DIR, NULL};
	const char *pdirs[] = {RULES_DIR, NULL};
	ds_engine_options o = DS_ENGINE_OPTIONS_INIT;
	o.plugin_dirs = dirs;
	o.profile_dirs = pdirs;
	ds_engine *e;
	assert_int_equal(ds_engine_new(&e, &o), 0);
	assert_int_equal(ds_engine_use_profile(e, profile), 0);
	return e;
}

static const char *reason_for(ds_engine *e, const char *needle)
{
	for (size_t i = 0; i < ds_engine_rejected_count(e); i++)
		if (strstr(ds_engine_rejected_path(e, i), needle))
			return ds_engine_rejected_reason(e, i);
	return NULL;
}

static void test_engine__loader_outcomes(void **state)
{
	(void)state;
	const char *dirs[] = {TEST_PLUGIN_DIR "/demo", TEST_PLUGIN_DIR "/badabi", TEST_PLUGIN_DIR "/noentry",
			      TEST_PLUGIN_DIR "/initfail", TEST_PLUGIN_DIR "/dupe", TEST_PLUGIN_DIR "/newer", NULL};
	setenv("DOCSCREEN_PLUGIN_PATH", "", 1);
	ds_engine *e = engine_with(dirs);
	size_t demo = SIZE_MAX;
	for (size_t i = 0; i < ds_engine_plugin_count(e); i++)
		if (!strcmp(ds_engine_plugin_name(e, i), "demo"))
			demo = i;
	assert_true(demo != SIZE_MAX);
	assert_string_equal(ds_engine_plugin_rule(e, demo, 0), "demo.values");
	char want[32], host[32];
	snprintf(want, sizeof want, "ABI %d.%d", DS_PLUGIN_ABI_MAJOR + 1, DS_PLUGIN_ABI_MINOR);
	snprintf(host, sizeof host, "%d.%d", DS_PLUGIN_ABI_MAJOR, DS_PLUGIN_ABI_MINOR);
	const char *r = reason_for(e, "badabi.so");
	assert_non_null(r);
	assert_non_null(strstr(r, want));
	assert_non_null(strstr(r, host));
	r = reason_for(e, "noentry.so");
	assert_non_null(r);
	assert_non_null(strstr(r, "ds_plugin_entry"));
	r = reason_for(e, "initfail.so");
	assert_non_null(r);
	assert_non_null(strstr(r, "init"));
	assert_non_null(strstr(r, "-7"));
	r = reason_for(e, "dupe.so");
	assert_non_null(r);
	assert_non_null(strstr(r, "demo.values"));
	assert_non_null(strstr(r, "already provides"));
	/* built against a newer minor ABI than this engine's: refused, naming both */
	snprintf(want, sizeof want, "ABI %d.%d", DS_PLUGIN_ABI_MAJOR, DS_PLUGIN_ABI_MINOR + 1);
	r = reason_for(e, "newer.so");
	assert_non_null(r);
	assert_non_null(strstr(r, want));
	assert_non_null(strstr(r, host));
	assert_int_equal(ds_engine_rejected_count(e), 5);
	ds_engine_free(e);
}

#define HEAD "<?xml version=\"1.0\"?>\n<profile xmlns=\"urn:docscreen:profile:1\" id=\"%s\"%s>\n<title lang=\"en\">T</title>\n"

static char *profile_text(const char *id, const char *extends, const char *rules)
{
	static char buf[8192];
	char ext[128] = "";
	if (extends)
		snprintf(ext, sizeof ext, " extends=\"%s\"", extends);
	snprintf(buf, sizeof buf, HEAD "%s</profile>\n", id, ext, rules);
	return buf;
}

static void expect_profile_error(ds_engine *e, const char *file, const char *id, const char *where,
				 const char *what)
{
	assert_int_equal(ds_engine_use_profile(e, file ? file : id), DS_EPROFILE);
	const char *msg = ds_error_last();
	if (!strstr(msg, where) || !strstr(msg, what))
		fail_msg("error '%s' lacks '%s' or '%s'", msg, where, what);
	assert_null(ds_engine_active_profile(e));
}

static void test_engine__profile_errors(void **state)
{
	(void)state;
	const char *dirs[] = {TEST_PLUGIN_DIR "/demo", NULL};
	ds_engine *e = engine_with(dirs);
	char where[600];

	/* schema: a rule outside any section (line 4), said with what may be there */
	const char *f = write_profile("schema.xml", profile_text("schema", NULL, "<rule id=\"demo.values\"/>\n"));
	snprintf(where, sizeof where, "%s:4:", f);
	expect_profile_error(e, f, NULL, where, "<rule> is not allowed in <profile>, which holds <title>");
	f = write_profile("order.xml", profile_text("order", NULL, "<description lang=\"en\">d</description>\n"
								  "<docx/>\n<cases/>\n"));
	snprintf(where, sizeof where, "%s:6:", f);
	expect_profile_error(e, f, NULL, where, "<cases> must come before <docx> in <profile>");
	f = write_profile("attr.xml", profile_text("attr", NULL, "<docx>\n<rule id=\"demo.values\" level=\"2\"/>\n</docx>\n"));
	snprintf(where, sizeof where, "%s:5:", f);
	expect_profile_error(e, f, NULL, where, "<rule> has no attribute 'level' (it takes: id kind enabled severity)");
	/* what the shapes do not say, the schema does */
	f = write_profile("mixed.xml", profile_text("mixed", NULL,
		"<docx>\n<rule id=\"demo.values\"><param name=\"x\"><item>1</item><group/></param></rule>\n</docx>\n"));
	snprintf(where, sizeof where, "%s:5:", f);
	expect_profile_error(e, f, NULL, where, "profile.rng");

	f = write_profile("unknown.xml", profile_text("unknown", NULL, "<docx>\n<rule id=\"nope.rule\"/>\n</docx>\n"));
	snprintf(where, sizeof where, "%s:5:", f);
	expect_profile_error(e, f, NULL, where, "unknown rule nope.rule");

	f = write_profile("type.xml", profile_text("type", NULL,
		"<docx>\n<rule id=\"demo.values\">\n<param name=\"min\">eight hundred</param>\n</rule>\n</docx>\n"));
	snprintf(where, sizeof where, "%s:6:", f);
	expect_profile_error(e, f, NULL, where, "expects an integer, not 'eight hundred'");

	f = write_profile("param.xml", profile_text("param", NULL,
		"<docx>\n<rule id=\"demo.values\">\n<param name=\"maximum\">1</param>\n</rule>\n</docx>\n"));
	snprintf(where, sizeof where, "%s:6:", f);
	expect_profile_error(e, f, NULL, where, "no parameter 'maximum'");

	f = write_profile("pattern.xml", profile_text("pattern", NULL,
		"<docx>\n<rule id=\"demo.values\">\n<param name=\"patterns\"><item>ok</item><item>(unclosed</item></param>\n</rule>\n</docx>\n"));
	snprintf(where, sizeof where, "%s:6:", f);
	expect_profile_error(e, f, NULL, where, "(unclosed");

	f = write_profile("limit.xml", profile_text("limit", NULL,
		"<docx>\n<rule id=\"demo.values\">\n<param name=\"pattern\">(*LIMIT_MATCH=99999999)a+</param>\n</rule>\n</docx>\n"));
	expect_profile_error(e, f, NULL, "limit.xml:6:", "(*LIMIT_");

	write_profile("loop-a.xml", profile_text("loop-a", "loop-b", ""));
	write_profile("loop-b.xml", profile_text("loop-b", "loop-a", ""));
	ds_engine_free(e);
	e = engine_with(dirs); /* rescan the profile folder */
	expect_profile_error(e, NULL, "loop-a", "loop", "extends itself");

	f = write_profile("doctype.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY x \"y\">]>\n"
					 "<profile xmlns=\"urn:docscreen:profile:1\" id=\"d\"><title lang=\"en\">&x;</title></profile>\n");
	expect_profile_error(e, f, NULL, "doctype.xml", "DOCTYPE");

	expect_profile_error(e, NULL, "no-such-profile", "no profile 'no-such-profile'", "--profile-path");
	ds_engine_free(e);
}

/* The profile list reads each file's head (id, titles): a file without a
 * usable head is left out, and says what is wrong when named by path. */
static void test_engine__profile_listing(void **state)
{
	(void)state;
	const char *dirs[] = {NULL};
	write_profile("list-both.xml", "<profile xmlns=\"urn:docscreen:profile:1\" id=\"list-both\">\n"
				       "<title lang=\"zh\"> 中文名 </title><title lang=\"en\">English</title>\n"
				       "<docx/></profile>\n");
	write_profile("list-zh.xml", "<profile xmlns=\"urn:docscreen:profile:1\" id=\"list-zh\">"
				     "<title lang=\"zh\">只有中文</title></profile>");
	write_profile("list-doctype.xml", "<!DOCTYPE profile>\n<profile xmlns=\"urn:docscreen:profile:1\" "
					  "id=\"list-doctype\"><title lang=\"en\">T</title></profile>");
	write_profile("list-ns.xml", "<profile xmlns=\"urn:other\" id=\"list-ns\"><title lang=\"en\">T</title></profile>");
	write_profile("list-noid.xml", "<profile xmlns=\"urn:docscreen:profile:1\"><title lang=\"en\">T</title></profile>");
	ds_engine *e = engine_with(dirs);
	size_t both = SIZE_MAX, zh = SIZE_MAX;
	for (size_t i = 0; i < ds_engine_profile_count(e); i++) {
		const char *id = ds_engine_profile_id(e, i);
		if (!strcmp(id, "list-both"))
			both = i;
		else if (!strcmp(id, "list-zh"))
			zh = i;
		else
			assert_null(strstr(id, "list-"));
	}
	assert_int_not_equal(both, SIZE_MAX);
	assert_int_not_equal(zh, SIZE_MAX);
	assert_string_equal(ds_engine_profile_title(e, both, "zh"), "中文名");
	assert_string_equal(ds_engine_profile_title(e, both, "en"), "English");
	assert_string_equal(ds_engine_profile_title(e, zh, "en"), "只有中文");
	expect_profile_error(e, write_profile("list-cut.xml", "<profile xmlns=\"urn:docscreen:profile:1\" id=\"list-cut\">\n<title>T"),
			     NULL, "list-cut.xml:2:", "not well-formed");
	ds_engine_free(e);
}

/* A sheet of n rows of one inline string cell "r<row>", with extra cells
 * (the inside of <row>) in some rows. */
static char *tall_sheet(size_t n, const char *const *extra_at, const char *const *extra)
{
	size_t cap = n * 80 + 4096, len = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	len += (size_t)snprintf(s + len, cap - len, "<sheetData>");
	for (size_t r = 1; r <= n; r++) {
		const char *more = "";
		for (size_t k = 0; extra_at && extra_at[k]; k++)
			if ((size_t)atol(extra_at[k]) == r)
				more = extra[k];
		len += (size_t)snprintf(s + len, cap - len,
					"<row r=\"%zu\"><c r=\"A%zu\" t=\"inlineStr\"><is><t>r%zu</t></is></c>%s</row>", r, r,
					r, more);
	}
	snprintf(s + len, cap - len, "</sheetData>");
	return s;
}

static char *check_xlsx(ds_engine *e, const char *sheet, const char *lang)
{
	char *zip, *out = NULL;
	size_t len, n = 0;
	tz_xlsx_bytes(sheet, NULL, NULL, NULL, &zip, &len);
	ds_report *r;
	assert_int_equal(ds_report_new(&r, e), 0);
	assert_int_equal(ds_engine_check_memory(e, r, "tall.xlsx", zip, len), 0);
	FILE *f = open_memstream(&out, &n);
	assert_int_equal(ds_report_write(r, f, "json", lang, false), 0);
	fclose(f);
	ds_report_free(r);
	free(zip);
	return out;
}

/* A workbook is checked as a stream: every row reaches the row hooks, with
 * the next row beside it, and the model keeps the first rows only. */
static void test_engine__row_hooks(void **state)
{
	(void)state;
	const char *dirs[] = {TEST_PLUGIN_DIR "/demo", NULL};
	write_profile("rows.xml", profile_text("rows", NULL, "<xlsx><rule id=\"demo.values\"/></xlsx>\n"));
	write_profile("rows-fail.xml", profile_text("rows-fail", NULL,
		"<xlsx><rule id=\"demo.values\"><param name=\"label\">fail rows</param></rule></xlsx>\n"));
	ds_engine *e = engine_with(dirs);
	char *sheet = tall_sheet(40000, NULL, NULL);
	assert_int_equal(ds_engine_use_profile(e, "rows"), 0);
	char *out = check_xlsx(e, sheet, "en");
	if (!strstr(out, "rows=40000 cells=40000 kept=") || !strstr(out, "partial=yes paired=yes last=r40000"))
		fail_msg("%s", out);
	long kept = atol(strstr(out, "kept=") + 5);
	assert_true(kept >= 32768 && kept < 40000);
	free(out);

	assert_int_equal(ds_engine_use_profile(e, "rows-fail"), 0);
	out = check_xlsx(e, sheet, "en");
	assert_non_null(strstr(out, "the rule failed inside its plugin"));
	assert_null(strstr(out, "rows="));
	free(out);
	free(sheet);

	/* a small sheet is kept whole */
	assert_int_equal(ds_engine_use_profile(e, "rows"), 0);
	sheet = tall_sheet(3, NULL, NULL);
	out = check_xlsx(e, sheet, "en");
	if (!strstr(out, "rows=3 cells=3 kept=3 partial=no paired=yes last=r3"))
		fail_msg("%s", out);
	free(out);
	free(sheet);
	ds_engine_free(e);

	/* so is every sheet while a plugin built before row hooks checks workbooks */
	const char *both[] = {TEST_PLUGIN_DIR "/demo", TEST_PLUGIN_DIR "/older", NULL};
	write_profile("rows-older.xml", profile_text("rows-older", NULL,
		"<xlsx><rule id=\"demo.values\"/><rule id=\"older.values\"/></xlsx>\n"));
	e = engine_with(both);
	assert_int_equal(ds_engine_use_profile(e, "rows-older"), 0);
	sheet = tall_sheet(40000, NULL, NULL);
	out = check_xlsx(e, sheet, "en");
	if (!strstr(out, "rows=40000 cells=40000 kept=40000 partial=no paired=yes last=r40000") ||
	    !strstr(out, "rows=0 cells=0 kept=40000 partial=no"))
		fail_msg("%s", out);
	free(out);
	free(sheet);
	ds_engine_free(e);
}

/* The bundled rules find template text and the contact far past the rows
 * a workbook keeps. */
static void test_engine__rules_see_every_row(void **state)
{
	(void)state;
	ds_engine *e = bundled_engine("citec-2023-national");
#define IS(v) "<c t=\"inlineStr\"><is><t>" v "</t></is></c>"
	/* the phone's value is below its label, in the last row */
	const char *at[] = {"39000", "39998", "39999", "40000", NULL};
	const char *extra[] = {IS("待补充"), IS("联系人") IS("王五") IS("报送单位") IS("某市人力资源局"),
			       IS("联系电话"), IS("0755-12345678") IS("电子邮箱：wangwu@example.cn")};
	char *sheet = tall_sheet(40000, at, extra);
	char *out = check_xlsx(e, sheet, "en");
	free(sheet);
	if (!strstr(out, "\"rule\":\"text.placeholders\"") || !strstr(out, "\"cell\":\"B39000\""))
		fail_msg("%s", out);
	assert_null(strstr(out, "contacts.required"));
	free(out);
	ds_engine_free(e);
#undef IS
}

static char *report_json(ds_engine *e, const char *lang, const void *data, size_t len)
{
	ds_report *r;
	assert_int_equal(ds_report_new(&r, e), 0);
	assert_int_equal(ds_engine_check_memory(e, r, "x.docx", data, len), 0);
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_int_equal(ds_report_write(r, f, "json", lang, false), 0);
	fclose(f);
	ds_report_free(r);
	return out;
}

static void test_engine__params_and_report(void **state)
{
	(void)state;
	const char *dirs[] = {TEST_PLUGIN_DIR "/demo", NULL};
	ds_engine *e = engine_with(dirs);
	write_profile("base.xml", profile_text("base", NULL,
		"<docx>\n<rule id=\"demo.values\">\n<param name=\"min\">500</param>\n"
		"<param name=\"label\">基础</param>\n"
		"<message key=\"paragraph\" severity=\"error\"><text lang=\"en\">see {x} here</text></message>\n"
		"</rule>\n</docx>\n"));
	write_profile("child.xml", profile_text("child", "base",
		"<docx>\n<rule id=\"demo.values\">\n<param name=\"ratio\">0.25</param><param name=\"strict\">true</param>\n"
		"<param name=\"words\"><item>甲</item><item>乙</item></param>\n"
		"<param name=\"items\"><group><param name=\"name\">a</param><param name=\"weight\">3</param></group>"
		"<group><param name=\"name\">b</param></group></param>\n"
		"<message key=\"values\"><text lang=\"zh\">最小 {min}，组 {items}</text></message>\n"
		"</rule>\n</docx>\n"));
	ds_engine_free(e);
	e = engine_with(dirs);
	assert_int_equal(ds_engine_use_profile(e, "child"), 0);
	assert_string_equal(ds_engine_active_profile(e), "child");

	const char *CT = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
			 "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	const char *RELS = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
			   "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
	tz_entry ent[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			  {"word/document.xml", "<w:document " W_NS "><w:body><w:p><w:r><w:t>见案例二说明</w:t></w:r></w:p></w:body></w:document>", 0, 0, 0}};
	char *zip;
	size_t len;
	tz_zip(ent, 3, &zip, &len);
	char *en = report_json(e, "en", zip, len);
	assert_non_null(strstr(en, "\"schema\":\"docscreen-report/1\""));
	assert_non_null(strstr(en, "min=500 ratio=0.25 strict=true label=基础 words=甲,乙 items=a:3,b:1 matched=案例二"));
	assert_non_null(strstr(en, "\"severity\":\"error\",\"message\":\"see {x} here\""));
	assert_non_null(strstr(en, "\"paragraph\":1,\"excerpt\":\"见案例二说明\""));
	assert_non_null(strstr(en, "\"status\":\"fail\""));
	char *zh = report_json(e, "zh", zip, len);
	assert_non_null(strstr(zh, "最小 500，组 a:3,b:1"));
	assert_non_null(strstr(zh, "\"message\":\"第一段\",\"hint\":\"看这里\""));
	free(en);
	free(zh);
	/* an unreadable file still gets an entry, with the unread status */
	char *bad = report_json(e, "en", "%PDF-1.4", 8);
	assert_non_null(strstr(bad, "\"format\":\"pdf\",\"status\":\"error\""));
	free(bad);
	/* a name that is not UTF-8, or cut inside a character: the report stays UTF-8 */
	ds_report *r;
	assert_int_equal(ds_report_new(&r, e), 0);
	assert_int_equal(ds_engine_check_memory(e, r, "gbk-\xB0\xB8\xC0\xFD.docx", zip, len), 0);
	assert_int_equal(ds_engine_check_memory(e, r, "cut-\xE6\xA1", zip, len), 0);
	char *out = NULL;
	size_t n = 0;
	FILE *m = open_memstream(&out, &n);
	assert_int_equal(ds_report_write(r, m, "json", "en", false), 0);
	fclose(m);
	assert_non_null(strstr(out, "\"path\":\"gbk-????.docx\""));
	assert_non_null(strstr(out, "\"path\":\"cut-\""));
	free(out);
	ds_report_free(r);
	free(zip);
	ds_engine_free(e);
}

static void test_engine__catastrophic_pattern_is_bounded(void **state)
{
	(void)state;
	const char *dirs[] = {TEST_PLUGIN_DIR "/demo", NULL};
	ds_engine *e = engine_with(dirs);
	const char *f = write_profile("slow.xml", profile_text("slow", NULL,
		"<docx><rule id=\"demo.values\"><param name=\"pattern\">^(a+)+$</param></rule></docx>"));
	assert_int_equal(ds_engine_use_profile(e, f), 0);
	char text[4096] = "";
	for (int i = 0; i < 60; i++)
		strcat(text, "a");
	strcat(text, "b");
	char doc[8192];
	snprintf(doc, sizeof doc, "<w:document " W_NS "><w:body><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body></w:document>", text);
	const char *CT = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
			 "<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	const char *RELS = "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
			   "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
	tz_entry ent[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			  {"word/document.xml", doc, 0, 0, 0}};
	char *zip;
	size_t len;
	tz_zip(ent, 3, &zip, &len);
	char *out = report_json(e, "en", zip, len); /* returns: the match limit stops it */
	assert_non_null(strstr(out, "matched=no"));
	free(out);
	free(zip);
	ds_engine_free(e);
}

static void test_engine__package_rules_on_fixtures(void **state)
{
	(void)state;
	ds_engine *e = bundled_engine("basic");
	ds_report *r;
	assert_int_equal(ds_report_new(&r, e), 0);
	assert_int_equal(ds_engine_check_file(e, r, FIXTURES_DIR "/basic/legacy-word97.doc"), 0);
	assert_int_equal(ds_engine_check_file(e, r, FIXTURES_DIR "/basic/case-headings.docx"), 0);
	assert_int_equal(ds_engine_check_file(e, r, FIXTURES_DIR "/basic/no-such-file.docx"), 0);
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_int_equal(ds_report_write(r, f, "text", "zh", false), 0);
	fclose(f);
	assert_non_null(strstr(out, "无法检查  " FIXTURES_DIR "/basic/legacy-word97.doc (doc)"));
	assert_non_null(strstr(out, "[package.format] 这是旧版 Word 97-2003"));
	assert_non_null(strstr(out, "通过  " FIXTURES_DIR "/basic/case-headings.docx"));
	assert_non_null(strstr(out, "[package.corrupt] 无法读取文件"));
	assert_int_equal(ds_report_exit_status(r, "error"), 1);
	free(out);
	ds_report_free(r);
	ds_engine_free(e);
}

static int setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/ds-test-engine-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[512];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine__loader_outcomes),
		cmocka_unit_test(test_engine__profile_errors),
		cmocka_unit_test(test_engine__profile_listing),
		cmocka_unit_test(test_engine__row_hooks),
		cmocka_unit_test(test_engine__rules_see_every_row),
		cmocka_unit_test(test_engine__params_and_report),
		cmocka_unit_test(test_engine__catastrophic_pattern_is_bounded),
		cmocka_unit_test(test_engine__package_rules_on_fixtures),
	};
	return cmocka_run_group_tests_name("engine", tests, setup, teardown);
}
