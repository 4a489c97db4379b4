/*
 * testzip.c - in-memory OOXML packages for the unit tests (see testzip.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <zip.h>

#include "testzip.h"

void tz_zip(const tz_entry *e, size_t n, char **out, size_t *len)
{
	zip_error_t err;
	zip_error_init(&err);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
	assert_non_null(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &err);
	assert_non_null(z);
	zip_source_keep(src);
	for (size_t i = 0; i < n; i++) {
		size_t l = e[i].len ? e[i].len : strlen(e[i].data);
		zip_source_t *s = zip_source_buffer(z, e[i].data, l, 0);
		assert_non_null(s);
		zip_int64_t idx = zip_file_add(z, e[i].name, s, e[i].raw_name ? ZIP_FL_ENC_CP437 : 0);
		assert_true(idx >= 0);
		if (e[i].method)
			assert_int_equal(zip_set_file_compression(z, (zip_uint64_t)idx, e[i].method, 0), 0);
		if (e[i].encrypt)
			assert_int_equal(zip_file_set_encryption(z, (zip_uint64_t)idx, ZIP_EM_AES_256, "pw"), 0);
	}
	assert_int_equal(zip_close(z), 0);
	assert_int_equal(zip_source_open(src), 0);
	zip_source_seek(src, 0, SEEK_END);
	zip_int64_t size = zip_source_tell(src);
	zip_source_seek(src, 0, SEEK_SET);
	*out = malloc((size_t)size);
	assert_non_null(*out);
	assert_int_equal(zip_source_read(src, *out, (zip_uint64_t)size), size);
	zip_source_close(src);
	zip_source_free(src);
	*len = (size_t)size;
}

static const char *CT_DOCX =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
	"</Types>";
static const char *RELS_DOCX =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>"
	"</Relationships>";
static const char *DOC_RELS =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
	"<Relationship Id=\"rS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
	"<Relationship Id=\"rN\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
	"<Relationship Id=\"rF\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" Target=\"footnotes.xml\"/>"
	"<Relationship Id=\"rT\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>"
	"<Relationship Id=\"rTh\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme\" Target=\"theme/theme1.xml\"/>"
	"<Relationship Id=\"h1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>"
	"<Relationship Id=\"h2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header2.xml\"/>"
	"<Relationship Id=\"h3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header3.xml\"/>"
	"<Relationship Id=\"rH\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" Target=\"https://example.org/\" TargetMode=\"External\"/>"
	"</Relationships>";

static char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *p = malloc((size_t)n + 1);
	assert_non_null(p);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

static ds_doc *open_ok(char *zip, size_t len)
{
	ds_doc *doc = NULL;
	int rc = ds_doc_open_memory(&doc, zip, len, NULL);
	if (rc < 0)
		fail_msg("open failed: %s", ds_error_last());
	free(zip);
	return doc;
}

ds_doc *tz_docx(const char *body, const char *styles, const char *numbering, const char *footnotes,
		const char *settings)
{
	char *doc =
		xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document %s><w:body>%s</w:body></w:document>",
			  W_NS, body);
	char *sty = styles ? xasprintf("<w:styles %s>%s</w:styles>", W_NS, styles) : NULL;
	char *num = numbering ? xasprintf("<w:numbering %s>%s</w:numbering>", W_NS, numbering) : NULL;
	char *fn = footnotes ? xasprintf("<w:footnotes %s>%s</w:footnotes>", W_NS, footnotes) : NULL;
	char *set = settings ? xasprintf("<w:settings %s>%s</w:settings>", W_NS, settings) : NULL;
	tz_entry e[9] = {
		{"[Content_Types].xml", CT_DOCX, 0, 0, 0},
		{"_rels/.rels", RELS_DOCX, 0, 0, 0},
		{"word/_rels/document.xml.rels", DOC_RELS, 0, 0, 0},
		{"word/document.xml", doc, 0, 0, 0},
	};
	size_t n = 4;
	if (sty)
		e[n++] = (tz_entry){"word/styles.xml", sty, 0, 0, 0};
	if (num)
		e[n++] = (tz_entry){"word/numbering.xml", num, 0, 0, 0};
	if (fn)
		e[n++] = (tz_entry){"word/footnotes.xml", fn, 0, 0, 0};
	if (set)
		e[n++] = (tz_entry){"word/settings.xml", set, 0, 0, 0};
	char *zip;
	size_t len;
	tz_zip(e, n, &zip, &len);
	free(doc);
	free(sty);
	free(num);
	free(fn);
	free(set);
	return open_ok(zip, len);
}

/* A DOCX of body, styles and (font_scheme not NULL) a theme, zipped. */
static void docx_zip(const char *body, const char *styles, const char *font_scheme, char **zip, size_t *len)
{
	char *doc =
		xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document %s><w:body>%s</w:body></w:document>",
			  W_NS, body);
	char *sty = xasprintf("<w:styles %s>%s</w:styles>", W_NS, styles ? styles : "");
	char *theme = xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a:theme "
				"xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"t\">"
				"<a:themeElements><a:fontScheme name=\"f\">%s</a:fontScheme></a:themeElements></a:theme>",
				font_scheme ? font_scheme : "");
	tz_entry e[6] = {
		{"[Content_Types].xml", CT_DOCX, 0, 0, 0},
		{"_rels/.rels", RELS_DOCX, 0, 0, 0},
		{"word/_rels/document.xml.rels", DOC_RELS, 0, 0, 0},
		{"word/document.xml", doc, 0, 0, 0},
		{"word/styles.xml", sty, 0, 0, 0},
		{"word/theme/theme1.xml", theme, 0, 0, 0},
	};
	tz_zip(e, font_scheme ? 6 : 5, zip, len);
	free(doc);
	free(sty);
	free(theme);
}

void tz_docx_bytes(const char *body, const char *styles, char **zip, size_t *len)
{
	docx_zip(body, styles, NULL, zip, len);
}

ds_doc *tz_docx_themed(const char *body, const char *styles, const char *font_scheme)
{
	char *zip;
	size_t len;
	docx_zip(body, styles, font_scheme, &zip, &len);
	return open_ok(zip, len);
}

ds_doc *tz_docx_headers(const char *body, const char *settings)
{
	char *doc =
		xasprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document %s><w:body>%s</w:body></w:document>",
			  W_NS, body);
	char *set = xasprintf("<w:settings %s>%s</w:settings>", W_NS, settings ? settings : "");
	char *h[3];
	static const char *words[3] = {"one", "two two", "three three three"};
	for (int i = 0; i < 3; i++)
		h[i] = xasprintf("<w:hdr %s><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:hdr>", W_NS, words[i]);
	tz_entry e[] = {
		{"[Content_Types].xml", CT_DOCX, 0, 0, 0},
		{"_rels/.rels", RELS_DOCX, 0, 0, 0},
		{"word/_rels/document.xml.rels", DOC_RELS, 0, 0, 0},
		{"word/document.xml", doc, 0, 0, 0},
		{"word/settings.xml", set, 0, 0, 0},
		{"word/header1.xml", h[0], 0, 0, 0},
		{"word/header2.xml", h[1], 0, 0, 0},
		{"word/header3.xml", h[2], 0, 0, 0},
	};
	char *zip;
	size_t len;
	tz_zip(e, sizeof e / sizeof *e, &zip, &len);
	free(doc);
	free(set);
	for (int i = 0; i < 3; i++)
		free(h[i]);
	return open_ok(zip, len);
}

ds_doc *tz_docx_raw(const char *document_xml)
{
	tz_entry e[] = {
		{"[Content_Types].xml", CT_DOCX, 0, 0, 0},
		{"_rels/.rels", RELS_DOCX, 0, 0, 0},
		{"word/document.xml", document_xml, 0, 0, 0},
	};
	char *zip;
	size_t len;
	tz_zip(e, 3, &zip, &len);
	return open_ok(zip, len);
}

void tz_xlsx_bytes(const char *sheet, const char *sst, const char *styles, const char *wbpr, char **zip, size_t *len)
{
	static const char *ct =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
		"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
		"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
		"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
		"</Types>";
	static const char *rels =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
		"</Relationships>";
	static const char *wbrels =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>"
		"<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
		"</Relationships>";
	const char *S = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
			"xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
	char *wb = xasprintf(
		"<workbook %s>%s<sheets><sheet name=\"统计表\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>", S,
		wbpr ? wbpr : "");
	char *sh = xasprintf("<worksheet %s>%s</worksheet>", S, sheet);
	char *ss = sst ? xasprintf("<sst %s>%s</sst>", S, sst) : NULL;
	tz_entry e[7] = {
		{"[Content_Types].xml", ct, 0, 0, 0},
		{"_rels/.rels", rels, 0, 0, 0},
		{"xl/_rels/workbook.xml.rels", wbrels, 0, 0, 0},
		{"xl/workbook.xml", wb, 0, 0, 0},
		{"xl/worksheets/sheet1.xml", sh, 0, 0, 0},
	};
	size_t n = 5;
	if (ss)
		e[n++] = (tz_entry){"xl/sharedStrings.xml", ss, 0, 0, 0};
	if (styles)
		e[n++] = (tz_entry){"xl/styles.xml", styles, 0, 0, 0};
	tz_zip(e, n, zip, len);
	free(wb);
	free(sh);
	free(ss);
}

ds_doc *tz_xlsx(const char *sheet, const char *sst, const char *styles, const char *wbpr)
{
	char *zip;
	size_t len;
	tz_xlsx_bytes(sheet, sst, styles, wbpr, &zip, &len);
	return open_ok(zip, len);
}

int tz_open_fails(const char *data, size_t len)
{
	ds_doc *doc = NULL;
	int rc = ds_doc_open_memory(&doc, data, len, NULL);
	if (rc == 0) {
		ds_doc_free(doc);
		fail_msg("expected the open to fail");
	}
	assert_null(doc);
	assert_true(strlen(ds_error_last()) > 0);
	return rc;
}

ds_engine *tz_engine(const char *plugin_dir, const char *rules_dir, const char *profile)
{
	ds_engine_options o = DS_ENGINE_OPTIONS_INIT;
	const char *plugins[] = {plugin_dir, NULL}, *rules[] = {rules_dir, NULL};
	o.plugin_dirs = plugins;
	o.profile_dirs = rules;
	ds_engine *e = NULL;
	if (ds_engine_new(&e, &o) < 0 || ds_engine_use_profile(e, profile) < 0) {
		fprintf(stderr, "%s\n", ds_error_last());
		ds_engine_free(e);
		return NULL;
	}
	return e;
}

char *tz_check_json(ds_engine *e, const char *name, const void *data, size_t len, const char *lang)
{
	ds_report *r;
	assert_int_equal(ds_report_new(&r, e), 0);
	assert_int_equal(ds_engine_check_memory(e, r, name, data, len), 0);
	char *out = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&out, &n);
	assert_non_null(f);
	assert_int_equal(ds_report_write(r, f, "json", lang, false), 0);
	fclose(f);
	ds_report_free(r);
	return out;
}
