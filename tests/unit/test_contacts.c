/*
 * test_contacts.c - contacts.phone against the numbering plan, through the
 * bundled plugins and the CITEC profile: a document whose only problem
 * may be its phone, checked in memory; mobiles however grouped, landlines
 * with 3-digit area codes (010, 020-029) and 4-digit ones, 7- and 8-digit
 * local numbers, the area code written apart by a hyphen, a space or
 * brackets, +86, extensions; and the numbers that only look like phones
 * (0577-861234: a 6-digit local number).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "docscreen/docscreen.h"
#include "testzip.h"

static ds_engine *engine;

/* Is phone, given as 联系电话, accepted (no contacts.phone finding)? */
static bool accepted(const char *phone)
{
	static const char *CT = "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
				"<Override PartName=\"/word/document.xml\" ContentType=\"application/"
				"vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
	static const char *RELS =
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
		"officeDocument\" Target=\"word/document.xml\"/></Relationships>";
	char doc[2048];
	snprintf(doc, sizeof doc,
		 "<w:document " W_NS "><w:body>"
		 "<w:p><w:r><w:t>报送单位：江海市人力资源和社会保障局</w:t></w:r></w:p>"
		 "<w:p><w:r><w:t>联系人：王丽</w:t></w:r></w:p>"
		 "<w:p><w:r><w:t xml:space=\"preserve\">联系电话：%s</w:t></w:r></w:p>"
		 "<w:p><w:r><w:t>电子邮箱：wangli@jianghai.gov.cn</w:t></w:r></w:p>"
		 "</w:body></w:document>",
		 phone);
	tz_entry ent[] = {{"[Content_Types].xml", CT, 0, 0, 0, 0},
			  {"_rels/.rels", RELS, 0, 0, 0, 0},
			  {"word/document.xml", doc, 0, 0, 0, 0}};
	char *zip;
	size_t len;
	tz_zip(ent, 3, &zip, &len);
	char *out = tz_check_json(engine, "x.docx", zip, len, "en");
	bool ok = !strstr(out, "\"contacts.phone\"");
	/* (the document itself is read, and its phone found) */
	assert_null(strstr(out, "missing-phone"));
	assert_non_null(strstr(out, "\"status\""));
	free(out);
	free(zip);
	return ok;
}

static void test_contacts__phones_that_are_numbers(void **state)
{
	(void)state;
	static const char *const good[] = {
		"13800138000",
		"138 0013 8000",
		"138-0013-8000",
		"+86 138 0013 8000",
		"+8613800138000",
		"0755-81773059",
		"0755 8177 3059",
		"(0755)81773059",
		"（0755）81773059",
		"075581773059",
		"010-62345678",
		"01062345678",
		"021-6123456",
		"0571-87654321转123",
		"0571-87654321-123",
		"0571-87654321 ext 12",
		"0571-87654321分机8",
		"+86 755 8177 3059",
		"+86-10-62345678",
		"0086 10 62345678",
		"(+86)755-81773059",
		"0571-8765-4321",
		"０５７１－８７６５４３２１",
		"0571-87654321，13912345678",
	};
	for (size_t i = 0; i < sizeof good / sizeof *good; i++)
		if (!accepted(good[i]))
			fail_msg("refused: %s", good[i]);
}

static void test_contacts__numbers_that_only_look_like_phones(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"0577-861234",   /* a 6-digit local number, not area 057 */
		"0577861234",    /* the same, unwritten: 0577 is a 4-digit area code */
		"057-7861234",   /* 057 is no 3-digit area code (010, 020-029 are) */
		"023-123456789", /* a 9-digit local number */
		"12345678",      /* no area code */
		"0755-01234567", /* a local number starting with 0 */
		"1380013800",    /* a mobile one digit short */
		"23800138000",   /* not a mobile */
		"0755-8177305A", /* a letter */
		"0213-12345678", /* a 4-digit code in 02x */
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
		if (accepted(bad[i]))
			fail_msg("accepted: %s", bad[i]);
}

static int setup(void **state)
{
	(void)state;
	engine = tz_engine(PLUGIN_DIR, RULES_DIR, "citec-2023-national");
	return engine ? 0 : -1;
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
		cmocka_unit_test(test_contacts__phones_that_are_numbers),
		cmocka_unit_test(test_contacts__numbers_that_only_look_like_phones),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
