/*
 * test_intake.c - archives checked member by member, through the public
 * API: entries named ARCHIVE!/MEMBER, GBK names decoded, other members
 * listed, encrypted members said, the archive limits (max-members,
 * max-nesting), a zip named .docx left as a document, and a worker's
 * result (every entry of an archive) the same as a check in-process; an
 * e-mail's envelope and GB2312-named attachment, a mailbox's messages, a
 * message with nothing attached.
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
#include "testzip.h"

static char *docx_bytes(size_t *len)
{
	static const char *ct =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		"<Override PartName=\"/word/document.xml\" "
		"ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
		"</Types>";
	static const char *rels =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" "
		"Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
		"Target=\"word/document.xml\"/></Relationships>";
	static const char *doc = "<w:document " W_NS "><w:body><w:p><w:r><w:t>案例正文</w:t></w:r></w:p>"
				 "</w:body></w:document>";
	tz_entry e[] = {{"[Content_Types].xml", ct, 0, 0, 0, 0},
			{"_rels/.rels", rels, 0, 0, 0, 0},
			{"word/document.xml", doc, 0, 0, 0, 0}};
	char *out;
	tz_zip(e, 3, &out, len);
	return out;
}

/* The JSON report of checking bytes named name under limit (or none). */
static char *check_json(const char *name, const char *data, size_t len, const char *limit, const char *value)
{
	ds_engine_options o = DS_ENGINE_OPTIONS_INIT;
	const char *plugins[] = {PLUGIN_DIR, NULL}, *rules[] = {RULES_DIR, NULL};
	o.plugin_dirs = plugins;
	o.profile_dirs = rules;
	if (limit)
		assert_int_equal(ds_limits_set(&o.open.limits, limit, value), 0);
	ds_engine *e;
	ds_report *r;
	assert_int_equal(ds_engine_new(&e, &o), 0);
	assert_int_equal(ds_engine_use_profile(e, "citec-2023-national"), 0);
	assert_int_equal(ds_report_new(&r, e), 0);
	assert_int_equal(ds_engine_check_memory(e, r, name, data, len), 0);
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_int_equal(ds_report_write(r, f, "json", "en", false), 0);
	fclose(f);
	ds_report_free(r);
	ds_engine_free(e);
	return out;
}

static void test_intake__members_are_entries_gbk_names_decoded(void **state)
{
	(void)state;
	size_t dlen, zlen;
	char *doc = docx_bytes(&dlen), *zip;
	/* 江海市/案例.docx in GBK, as Chinese Windows stores it (no UTF-8 flag) */
	tz_entry e[] = {{"\xbd\xad\xba\xa3\xca\xd0/\xb0\xb8\xc0\xfd.docx", doc, dlen, 0, 0, 1},
			{"photo.png", "\x89PNG\r\n\x1a\n", 8, 0, 0, 0},
			{"note.txt", "see the case", 0, 0, 0, 0}};
	tz_zip(e, 3, &zip, &zlen);
	char *json = check_json("材料.zip", zip, zlen, NULL, NULL);
	assert_non_null(strstr(json, "{\"path\":\"材料.zip\",\"format\":\"zip\",\"status\":\"pass\""));
	assert_non_null(strstr(json, "{\"path\":\"材料.zip!/江海市/案例.docx\",\"format\":\"docx\""));
	assert_non_null(strstr(json, "\"rule\":\"intake.not-documents\""));
	assert_non_null(strstr(json, "photo.png, note.txt"));
	assert_null(strstr(json, "\"path\":\"材料.zip!/photo.png\""));
	assert_non_null(strstr(json, "\"files\":2,"));
	free(json);
	free(zip);
	free(doc);
}

static void test_intake__encrypted_member_is_said(void **state)
{
	(void)state;
	size_t dlen, zlen;
	char *doc = docx_bytes(&dlen), *zip;
	tz_entry e[] = {{"案例.docx", doc, dlen, 0, 1, 0}};
	tz_zip(e, 1, &zip, &zlen);
	char *json = check_json("加密.zip", zip, zlen, NULL, NULL);
	assert_non_null(strstr(json, "{\"path\":\"加密.zip!/案例.docx\",\"format\":\"unknown\",\"status\":\"error\""));
	assert_non_null(strstr(json, "\"rule\":\"package.encrypted\""));
	assert_non_null(strstr(json, "案例.docx is encrypted"));
	free(json);
	free(zip);
	free(doc);
}

static void test_intake__limits_members_and_nesting(void **state)
{
	(void)state;
	size_t dlen, zlen, outer_len;
	char *doc = docx_bytes(&dlen), *zip, *outer;
	tz_entry e[] = {{"1.docx", doc, dlen, 0, 0, 0}, {"2.docx", doc, dlen, 0, 0, 0}, {"3.docx", doc, dlen, 0, 0, 0}};
	tz_zip(e, 3, &zip, &zlen);
	/* three members, two allowed: the first two are checked, the archive says why not the third */
	char *json = check_json("a.zip", zip, zlen, "max-members", "2");
	assert_non_null(strstr(json, "\"path\":\"a.zip!/2.docx\""));
	assert_null(strstr(json, "\"path\":\"a.zip!/3.docx\""));
	assert_non_null(strstr(json, "{\"path\":\"a.zip\",\"format\":\"zip\",\"status\":\"error\""));
	assert_non_null(strstr(json, "max-members"));
	free(json);
	/* a zip in a zip, one level allowed: the inner one is refused */
	tz_entry o[] = {{"inner.zip", zip, zlen, 0, 0, 0}};
	tz_zip(o, 1, &outer, &outer_len);
	json = check_json("outer.zip", outer, outer_len, "max-nesting", "1");
	assert_non_null(strstr(json, "{\"path\":\"outer.zip!/inner.zip\",\"format\":\"zip\",\"status\":\"error\""));
	assert_non_null(strstr(json, "max-nesting"));
	assert_null(strstr(json, "inner.zip!/1.docx"));
	free(json);
	json = check_json("outer.zip", outer, outer_len, NULL, NULL);
	assert_non_null(strstr(json, "\"path\":\"outer.zip!/inner.zip!/3.docx\""));
	free(json);
	free(outer);
	free(zip);
	free(doc);
}

static void test_intake__zip_named_docx_is_a_document(void **state)
{
	(void)state;
	size_t dlen, zlen;
	char *doc = docx_bytes(&dlen), *zip;
	tz_entry e[] = {{"inside.docx", doc, dlen, 0, 0, 0}};
	tz_zip(e, 1, &zip, &zlen);
	char *json = check_json("case.docx", zip, zlen, NULL, NULL);
	assert_non_null(strstr(json, "\"rule\":\"package.format\""));
	assert_null(strstr(json, "case.docx!/"));
	free(json);
	free(zip);
	free(doc);
}

static void test_intake__worker_sends_every_entry(void **state)
{
	(void)state;
	size_t dlen, zlen;
	char *doc = docx_bytes(&dlen), *zip;
	tz_entry e[] = {{"1.docx", doc, dlen, 0, 0, 0}, {"x.txt", "x", 0, 0, 0, 0}};
	tz_zip(e, 2, &zip, &zlen);
	char path[] = "/tmp/test_intake_XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, zip, zlen), (ssize_t)zlen);
	close(fd);
	ds_engine_options o = DS_ENGINE_OPTIONS_INIT;
	const char *plugins[] = {PLUGIN_DIR, NULL}, *rules[] = {RULES_DIR, NULL};
	o.plugin_dirs = plugins;
	o.profile_dirs = rules;
	ds_engine *eng;
	assert_int_equal(ds_engine_new(&eng, &o), 0);
	assert_int_equal(ds_engine_use_profile(eng, "citec-2023-national"), 0);
	char *out[2] = {NULL, NULL};
	for (int k = 0; k < 2; k++) { /* in-process, then in a worker */
		ds_report *r;
		assert_int_equal(ds_report_new(&r, eng), 0);
		const char *paths[] = {path};
		ds_batch_options b = DS_BATCH_OPTIONS_INIT;
		b.jobs = 1;
		assert_int_equal(k ? ds_engine_check_batch(eng, r, paths, 1, &b) : ds_engine_check_file(eng, r, path),
				 0);
		assert_int_equal(ds_report_file_count(r), 2);
		assert_string_equal(ds_report_file_status(r, 0), "pass");
		size_t n = 0;
		FILE *f = open_memstream(&out[k], &n);
		assert_int_equal(ds_report_write(r, f, "json", "en", false), 0);
		fclose(f);
		ds_report_free(r);
	}
	assert_string_equal(out[0], out[1]);
	free(out[0]);
	free(out[1]);
	ds_engine_free(eng);
	unlink(path);
	free(zip);
	free(doc);
}

static char *base64(const char *data, size_t len)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	char *out = malloc(len / 3 * 4 + len / 57 * 2 + 8), *o = out;
	assert_non_null(out);
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned char)data[i] << 16 | (i + 1 < len ? (unsigned char)data[i + 1] << 8 : 0) |
			     (i + 2 < len ? (unsigned char)data[i + 2] : 0);
		*o++ = tab[v >> 18 & 63];
		*o++ = tab[v >> 12 & 63];
		*o++ = i + 1 < len ? tab[v >> 6 & 63] : '=';
		*o++ = i + 2 < len ? tab[v & 63] : '=';
		if ((i / 3 + 1) % 19 == 0)
			*o++ = '\n';
	}
	*o = '\0';
	return out;
}

/* A message from 王丽 (GB2312 words), its attachment 案例.docx named in a
 * GB2312 word inside quotes, as Foxmail writes it; attach 0: none. */
static char *mail(bool attach, const char *separator)
{
	size_t dlen;
	char *doc = docx_bytes(&dlen), *b64 = base64(doc, dlen);
	size_t size = strlen(b64) + 2048;
	char *m = malloc(size);
	assert_non_null(m);
	snprintf(m, size,
		 "%sFrom: =?GB2312?B?zfXA9g==?= <wangli@example.cn>\r\nTo: citec@example.org\r\n"
		 "Subject: =?GB2312?B?sajLzbC4wP0=?=\r\nDate: Wed, 15 Mar 2023 09:30:00 +0800\r\n"
		 "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
		 "--b1\r\nContent-Type: text/plain; charset=gb2312\r\n\r\nsee\r\n"
		 "%s%s%s--b1--\r\n",
		 separator ? separator : "",
		 attach ? "--b1\r\nContent-Type: application/octet-stream; name=\"=?GB2312?B?sLjA/S5kb2N4?=\"\r\n"
			  "Content-Disposition: attachment; filename=\"=?GB2312?B?sLjA/S5kb2N4?=\"\r\n"
			  "Content-Transfer-Encoding: base64\r\n\r\n"
			: "",
		 attach ? b64 : "", attach ? "\r\n" : "");
	free(b64);
	free(doc);
	return m;
}

static void test_intake__mail_envelope_and_attachment(void **state)
{
	(void)state;
	char *m = mail(true, NULL);
	char *json = check_json("报送.eml", m, strlen(m), NULL, NULL);
	assert_non_null(strstr(json, "{\"path\":\"报送.eml\",\"format\":\"eml\",\"status\":\"pass\","
				     "\"message\":{\"from\":\"王丽 <wangli@example.cn>\",\"subject\":\"报送案例\","
				     "\"date\":\"2023-03-15T09:30:00+08\"}"));
	assert_non_null(strstr(json, "{\"path\":\"报送.eml!/案例.docx\",\"format\":\"docx\""));
	assert_null(strstr(json, "intake.no-attachment"));
	free(json);
	free(m);
}

static void test_intake__mailbox_messages_and_nothing_attached(void **state)
{
	(void)state;
	char *a = mail(true, "From wangli@example.cn Wed Mar 15 09:30:00 2023\n"),
	     *b = mail(false, "From wangli@example.cn Wed Mar 15 10:30:00 2023\n");
	size_t la = strlen(a), lb = strlen(b);
	char *box = malloc(la + lb + 2);
	assert_non_null(box);
	memcpy(box, a, la);
	box[la] = '\n';
	memcpy(box + la + 1, b, lb + 1);
	char *json = check_json("inbox.mbox", box, la + lb + 1, NULL, NULL);
	assert_non_null(strstr(json, "{\"path\":\"inbox.mbox\",\"format\":\"mbox\""));
	assert_non_null(strstr(json, "{\"path\":\"inbox.mbox!/1!/案例.docx\",\"format\":\"docx\""));
	assert_non_null(strstr(json, "{\"path\":\"inbox.mbox!/2\",\"format\":\"eml\",\"status\":\"warn\""));
	assert_non_null(strstr(json, "\"rule\":\"intake.no-attachment\""));
	assert_null(strstr(json, "inbox.mbox!/3"));
	free(json);
	free(box);
	free(a);
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_intake__members_are_entries_gbk_names_decoded),
		cmocka_unit_test(test_intake__encrypted_member_is_said),
		cmocka_unit_test(test_intake__limits_members_and_nesting),
		cmocka_unit_test(test_intake__zip_named_docx_is_a_document),
		cmocka_unit_test(test_intake__worker_sends_every_entry),
		cmocka_unit_test(test_intake__mail_envelope_and_attachment),
		cmocka_unit_test(test_intake__mailbox_messages_and_nothing_attached),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
