/*
 * test_package.c - triage by signature, the package's refusals (encrypted,
 * other compression, duplicates, DOCTYPE, truncation) and the named limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zip.h>

#include "docscreen/count.h"
#include "docscreen/docscreen.h"
#include "testzip.h"

static const char *CT =
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
static const char *RELS =
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>";
static const char *DOC =
	"<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>hi</w:t></w:r></w:p></w:body></w:document>";

static int open_entries(tz_entry *e, size_t n, const ds_open_options *opts)
{
	char *zip;
	size_t len;
	tz_zip(e, n, &zip, &len);
	ds_doc *doc = NULL;
	int rc = ds_doc_open_memory(&doc, zip, len, opts);
	ds_doc_free(doc);
	free(zip);
	return rc;
}

static void test_package__triage(void **state)
{
	(void)state;
	unsigned char cfb[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	assert_int_equal(ds_kind_detect("", 0), DS_KIND_EMPTY);
	assert_int_equal(ds_kind_detect("PK\3\4xxxx", 8), DS_KIND_ZIP);
	assert_int_equal(ds_kind_detect(cfb, sizeof cfb), DS_KIND_CFB_OTHER);
	const char *name = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
	memcpy(cfb + 512, name, 32);
	assert_int_equal(ds_kind_detect(cfb, sizeof cfb), DS_KIND_CFB_ENCRYPTED);
	memset(cfb + 512, 0, 32);
	memcpy(cfb + 512, "W\0o\0r\0d\0D\0o\0c\0u\0m\0e\0n\0t\0", 24);
	assert_int_equal(ds_kind_detect(cfb, sizeof cfb), DS_KIND_CFB_DOC);
	memset(cfb + 512, 0, 32);
	memcpy(cfb + 512, "W\0o\0r\0k\0b\0o\0o\0k\0", 16);
	assert_int_equal(ds_kind_detect(cfb, sizeof cfb), DS_KIND_CFB_XLS);
	assert_int_equal(ds_kind_detect("%PDF-1.7\n", 9), DS_KIND_PDF);
	assert_int_equal(ds_kind_detect("{\\rtf1\\ansi", 11), DS_KIND_RTF);
	assert_int_equal(ds_kind_detect("<html><body>", 12), DS_KIND_HTML);
	assert_int_equal(ds_kind_detect("hello world", 11), DS_KIND_OTHER);
	assert_string_equal(ds_kind_name(DS_KIND_CFB_ENCRYPTED), "cfb-encrypted");
}

static void test_package__refusals_by_kind(void **state)
{
	(void)state;
	unsigned char cfb[1024] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	assert_int_equal(tz_open_fails("", 0), DS_EEMPTY);
	assert_int_equal(tz_open_fails("%PDF-1.4 ...", 12), DS_EPDF);
	assert_int_equal(tz_open_fails((const char *)cfb, sizeof cfb), DS_ELEGACY);
	memcpy(cfb + 600, "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0", 32);
	assert_int_equal(tz_open_fails((const char *)cfb, sizeof cfb), DS_EENCRYPTED);
	assert_non_null(strstr(ds_error_last(), "password"));
	assert_int_equal(tz_open_fails("just text", 9), DS_EUNKNOWN);
	assert_int_equal(tz_open_fails("PK\3\4 truncated", 15), DS_ECORRUPT);
}

static void test_package__zip_without_package(void **state)
{
	(void)state;
	tz_entry e[] = {{"notes.txt", "hello", 0, 0, 0}};
	assert_int_equal(open_entries(e, 1, NULL), DS_EUNKNOWN);
	assert_non_null(strstr(ds_error_last(), "zip archive"));
}

static void test_package__minimal_docx_opens(void **state)
{
	(void)state;
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			{"word/document.xml", DOC, 0, 0, 0}};
	assert_int_equal(open_entries(e, 3, NULL), 0);
}

static void test_package__missing_main_part(void **state)
{
	(void)state;
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0}};
	assert_int_equal(open_entries(e, 2, NULL), DS_ECORRUPT);
	assert_string_equal(ds_error_part(), "word/document.xml");
}

static void test_package__duplicate_names(void **state)
{
	(void)state;
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			{"word/document.xml", DOC, 0, 0, 0}, {"word/Document.xml", DOC, 0, 0, 0}};
	assert_int_equal(open_entries(e, 4, NULL), DS_ECORRUPT);
	assert_non_null(strstr(ds_error_last(), "twice"));
}

static void test_package__zip_encryption(void **state)
{
	(void)state;
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			{"word/document.xml", DOC, 0, 0, 1}};
	assert_int_equal(open_entries(e, 3, NULL), DS_EZIPCRYPT);
	assert_string_equal(ds_error_part(), "word/document.xml");
}

static void test_package__bzip2_refused(void **state)
{
	(void)state;
	if (!zip_compression_method_supported(ZIP_CM_BZIP2, 1))
		skip();
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			{"word/document.xml", DOC, 0, ZIP_CM_BZIP2, 0}};
	assert_int_equal(open_entries(e, 3, NULL), DS_ECORRUPT);
	assert_non_null(strstr(ds_error_last(), "compression method"));
}

static void test_package__doctype_refused(void **state)
{
	(void)state;
	const char *bomb = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
			   "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
			   "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
			   "<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>";
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			{"word/document.xml", bomb, 0, 0, 0}};
	assert_int_equal(open_entries(e, 3, NULL), DS_ECORRUPT);
	assert_non_null(strstr(ds_error_last(), "DOCTYPE"));
	assert_string_equal(ds_error_part(), "word/document.xml");
}

static void test_package__malformed_xml_names_part_and_line(void **state)
{
	(void)state;
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			{"word/document.xml", "<w:document>\n<w:body></w:bod>", 0, 0, 0}};
	assert_int_equal(open_entries(e, 3, NULL), DS_ECORRUPT);
	assert_non_null(strstr(ds_error_last(), "word/document.xml"));
	assert_non_null(strstr(ds_error_last(), "line"));
}

static void test_package__limits(void **state)
{
	(void)state;
	/* a highly compressible part: over 1 MiB at far more than 100:1 */
	size_t big = 4u << 20;
	char *pad = malloc(big + 512);
	assert_non_null(pad);
	strcpy(pad, "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>");
	size_t off = strlen(pad);
	memset(pad + off, 'a', big);
	strcpy(pad + off + big, "</w:t></w:r></w:p></w:body></w:document>");
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			{"word/document.xml", pad, 0, 0, 0}};
	assert_int_equal(open_entries(e, 3, NULL), DS_ELIMIT);
	assert_string_equal(ds_error_limit(), "max-ratio");

	ds_open_options o = DS_OPEN_OPTIONS_INIT;
	assert_int_equal(ds_limits_set(&o.limits, "max-ratio", "100000"), 0);
	assert_int_equal(ds_limits_set(&o.limits, "max-part-bytes", "1M"), 0);
	assert_int_equal(open_entries(e, 3, &o), DS_ELIMIT);
	assert_string_equal(ds_error_limit(), "max-part-bytes");

	assert_int_equal(ds_limits_set(&o.limits, "max-part-bytes", "8M"), 0);
	assert_int_equal(ds_limits_set(&o.limits, "max-text", "1M"), 0);
	assert_int_equal(open_entries(e, 3, &o), DS_ELIMIT);
	assert_string_equal(ds_error_limit(), "max-text");

	assert_int_equal(ds_limits_set(&o.limits, "max-text", "8M"), 0);
	assert_int_equal(open_entries(e, 3, &o), 0);

	o = (ds_open_options)DS_OPEN_OPTIONS_INIT;
	assert_int_equal(ds_limits_set(&o.limits, "max-parts", "2"), 0);
	assert_int_equal(open_entries(e, 3, &o), DS_ELIMIT);
	assert_string_equal(ds_error_limit(), "max-parts");
	free(pad);

	assert_int_equal(ds_limits_set(&o.limits, "max-bogus", "2"), DS_ERROR);
	assert_int_equal(ds_limits_set(&o.limits, "max-parts", "lots"), DS_ERROR);
	assert_int_equal(ds_limits_set(&o.limits, "max-parts", "0"), DS_ERROR);
}

/* Limits on what is built, and a caller's ds_limits of version 1 (before
 * them): read only as far as version 1 goes, the new limits by default. */
static void test_package__built_limits(void **state)
{
	(void)state;
	char body[4096] = "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>";
	for (int i = 0; i < 50; i++)
		strcat(body, "<w:p/>");
	strcat(body, "</w:body></w:document>");
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			{"word/document.xml", body, 0, 0, 0}};
	ds_open_options o = DS_OPEN_OPTIONS_INIT;
	assert_int_equal(ds_limits_set(&o.limits, "max-paragraphs", "49"), 0);
	assert_int_equal(open_entries(e, 3, &o), DS_ELIMIT);
	assert_string_equal(ds_error_limit(), "max-paragraphs");
	assert_int_equal(ds_limits_set(&o.limits, "max-paragraphs", "50"), 0);
	assert_int_equal(open_entries(e, 3, &o), 0);
	assert_int_equal(ds_limits_set(&o.limits, "max-model", "1K"), 0);
	assert_int_equal(open_entries(e, 3, &o), DS_ELIMIT);
	assert_string_equal(ds_error_limit(), "max-model");

	o = (ds_open_options)DS_OPEN_OPTIONS_INIT;
	o.limits.version = 1;        /* a caller built before version 2 */
	o.limits.max_paras = 1;      /* ... would not have this field: not read */
	assert_int_equal(ds_limits_set(&o.limits, "max-paragraphs", "1"), DS_ERROR);
	assert_int_equal(open_entries(e, 3, &o), 0);
	ds_limits d = {.version = 1};
	ds_limits_defaults(&d);
	assert_int_equal(d.max_parts, 1000);
	assert_int_equal(d.max_paras, 0); /* not its version's: left alone */
}

/* Options structs: init functions write only their version's fields; a
 * version newer than the library is refused with an error naming the struct. */
static void test_package__options_versions(void **state)
{
	(void)state;
	unsigned char buf[sizeof(ds_limits) + sizeof(ds_count_options)];
	memset(buf, 0xAA, sizeof buf);
	assert_int_equal(ds_limits_init((ds_limits *)(void *)buf, 1), 0);
	assert_int_equal(((ds_limits *)(void *)buf)->version, 1);
	assert_int_equal(buf[offsetof(ds_limits, max_part_reads)], 0xAA); /* past a version-1 struct */
	assert_int_equal(ds_limits_init((ds_limits *)(void *)buf, DS_LIMITS_VERSION), 0);
	assert_int_equal(buf[sizeof(ds_limits) - 1], 0);
	assert_int_equal(ds_limits_init((ds_limits *)(void *)buf, DS_LIMITS_VERSION + 1), DS_ERROR);
	assert_non_null(strstr(ds_error_last(), "ds_limits"));

	memset(buf, 0xAA, sizeof buf);
	ds_count_options *c = (ds_count_options *)(void *)buf;
	assert_int_equal(ds_count_options_init(c, 1), 0);
	assert_false(c->exclude_labels);
	assert_int_equal(buf[offsetof(ds_count_options, lo_breaks)], 0xAA);
	assert_int_equal(ds_count_options_init(c, DS_COUNT_OPTIONS_VERSION + 1), DS_ERROR);

	ds_open_options o;
	assert_int_equal(ds_open_options_init(&o, DS_OPEN_OPTIONS_VERSION), 0);
	assert_int_equal(o.limits.version, DS_LIMITS_VERSION);
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			{"word/document.xml", DOC, 0, 0, 0}};
	assert_int_equal(open_entries(e, 3, &o), 0);
	o.version = DS_OPEN_OPTIONS_VERSION + 1; /* a program built against a newer docscreen */
	assert_int_equal(open_entries(e, 3, &o), DS_ERROR);
	assert_non_null(strstr(ds_error_last(), "ds_open_options"));
	o.version = DS_OPEN_OPTIONS_VERSION;
	o.limits.version = DS_LIMITS_VERSION + 1;
	assert_int_equal(open_entries(e, 3, &o), DS_ERROR);
	assert_non_null(strstr(ds_error_last(), "ds_limits"));
	assert_int_equal(ds_open_options_init(&o, DS_OPEN_OPTIONS_VERSION + 1), DS_ERROR);

	ds_batch_options b;
	assert_int_equal(ds_batch_options_init(&b, DS_BATCH_OPTIONS_VERSION), 0);
	assert_int_equal(b.jobs, 0);
	assert_int_equal(ds_batch_options_init(&b, DS_BATCH_OPTIONS_VERSION + 1), DS_ERROR);
	ds_engine_options eo;
	assert_int_equal(ds_engine_options_init(&eo, DS_ENGINE_OPTIONS_VERSION), 0);
	eo.version = DS_ENGINE_OPTIONS_VERSION + 1;
	ds_engine *eng = (ds_engine *)&eo; /* (must be cleared) */
	assert_int_equal(ds_engine_new(&eng, &eo), DS_ERROR);
	assert_null(eng);
	assert_non_null(strstr(ds_error_last(), "ds_engine_options"));
}

static void test_package__depth_limit(void **state)
{
	(void)state;
	size_t depth = 300;
	char *doc = malloc(depth * 16 + 512);
	assert_non_null(doc);
	strcpy(doc, "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
	for (size_t i = 0; i < depth; i++)
		strcat(doc, "<w:sdt>");
	for (size_t i = 0; i < depth; i++)
		strcat(doc, "</w:sdt>");
	strcat(doc, "</w:body></w:document>");
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels/.rels", RELS, 0, 0, 0},
			{"word/document.xml", doc, 0, 0, 0}};
	assert_int_equal(open_entries(e, 3, NULL), DS_ELIMIT);
	assert_string_equal(ds_error_limit(), "max-depth");
	free(doc);
}

static void test_package__backslash_names_and_case(void **state)
{
	(void)state;
	tz_entry e[] = {{"[Content_Types].xml", CT, 0, 0, 0}, {"_rels\\.rels", RELS, 0, 0, 0},
			{"WORD\\Document.xml", DOC, 0, 0, 0}};
	assert_int_equal(open_entries(e, 3, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_package__triage),
		cmocka_unit_test(test_package__refusals_by_kind),
		cmocka_unit_test(test_package__zip_without_package),
		cmocka_unit_test(test_package__minimal_docx_opens),
		cmocka_unit_test(test_package__missing_main_part),
		cmocka_unit_test(test_package__duplicate_names),
		cmocka_unit_test(test_package__zip_encryption),
		cmocka_unit_test(test_package__bzip2_refused),
		cmocka_unit_test(test_package__doctype_refused),
		cmocka_unit_test(test_package__malformed_xml_names_part_and_line),
		cmocka_unit_test(test_package__limits),
		cmocka_unit_test(test_package__depth_limit),
		cmocka_unit_test(test_package__built_limits),
		cmocka_unit_test(test_package__options_versions),
		cmocka_unit_test(test_package__backslash_names_and_case),
	};
	return cmocka_run_group_tests_name("package", tests, NULL, NULL);
}
