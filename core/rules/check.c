/*
 * check.c - one file checked (an archive: its entry, then each member as a
 * file of its own): opened (rows streamed to the rules' row hooks
 * as a workbook is read), its cases built, every rule of the profile in use
 * run over it, and its report entry finished -- one way out, so an entry is
 * never left a pass with fewer findings.
 */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "engine.h"
#include "intake/intake.h"
#include "report/report.h"

static const char *format_of(ds_kind kind, const ds_doc *doc)
{
	if (doc)
		return ds_doc_format(doc) == DS_FORMAT_XLSX ? "xlsx" : "docx";
	switch (kind) {
	case DS_KIND_CFB_DOC: return "doc";
	case DS_KIND_CFB_XLS: return "xls";
	case DS_KIND_CFB_ENCRYPTED: return "encrypted";
	case DS_KIND_PDF: return "pdf";
	case DS_KIND_RTF: return "rtf";
	case DS_KIND_HTML: return "html";
	case DS_KIND_EMPTY: return "empty";
	case DS_KIND_ZIP: return "zip";
	default: return "unknown";
	}
}

/* A row of a workbook being read, for the rules' row hooks. */
static void feed_row(void *ud, const ds_sheet *sheet, const ds_cell *row, size_t n, const ds_cell *next, size_t next_n)
{
	ds_rule_ctx *c = ud;
	c->rows = true;
	for (size_t i = 0; i < c->engine->n_rules; i++) {
		const ds__bound *b = &c->engine->rules[i];
		if (!b->row || (c->hook_failed && c->hook_failed[i]))
			continue;
		c->rule = b;
		ds__params_missed();
		if ((b->row(c, sheet, row, n, next, next_n) < 0 || ds__params_missed()) &&
		    (c->hook_failed || (c->hook_failed = calloc(c->engine->n_rules, sizeof *c->hook_failed))))
			c->hook_failed[i] = true;
	}
	c->rule = NULL;
	c->rows = false;
}

/* What the rules kept while one file was checked. */
static void drop_state(ds_rule_ctx *c)
{
	for (size_t i = 0; c->shared && i < c->engine->n_plugins; i++)
		free(c->shared[i]);
	free(c->shared);
	c->shared = NULL;
	free(c->hook_failed);
	c->hook_failed = NULL;
}

/* Run the rules of class cls over the file c describes. */
int ds__run_rules(ds_engine *e, ds_report *r, ds_rule_ctx *c, unsigned cls)
{
	int error = 0;
	for (size_t i = 0; i < e->n_rules && !error; i++) {
		const ds__bound *b = &e->rules[i];
		if (!(b->section & cls) || !(b->def->applies & cls) || !b->def->check)
			continue;
		c->rule = b;
		ds__params_missed();
		bool failed = (c->hook_failed && c->hook_failed[i]) || b->def->check(c) < 0;
		const char *miss = ds__params_missed();
		if (miss) {
			/* a parameter the rule does not declare: its plugin's defect, said */
			char en[256], zh[256];
			snprintf(en, sizeof en,
				 "the rule asked for a parameter it does not declare ('%s'): a defect of "
				 "its plugin; the other rules still ran",
				 miss);
			snprintf(zh, sizeof zh, "规则读取了它没有声明的参数“%s”：插件有缺陷；其他规则照常运行", miss);
			const char *m[2] = {en, zh};
			const char *h[2] = {"report this to the plugin's maintainers", "请告知插件维护者"};
			error = ds__report_emit(r, c->file, b->id, DS_SEV_ERROR, m, h, NULL);
		} else if (failed) {
			const char *m[2] = {"the rule failed inside its plugin; the other rules still ran",
					    "规则在插件内部运行失败；其他规则照常运行"};
			const char *h[2] = {"report this file to the plugin's maintainers",
					    "请把该文件提供给插件维护者"};
			error = ds__report_emit(r, c->file, b->id, DS_SEV_ERROR, m, h, NULL);
		}
	}
	c->rule = NULL;
	return error;
}

/* ------------------------------------------------------------------- files */

/* The extension LibreOffice is given for a file it can convert (doc, wps,
 * xls, et, rtf, odt, ods: by content, the name telling WPS apart), or NULL;
 * *sheet for a workbook. */
static const char *convertible(const char *path, ds_kind kind, const void *data, size_t len, bool *sheet)
{
	const char *dot = strrchr(path, '.');
	bool wps = dot && !strcasecmp(dot, ".wps"), et = dot && !strcasecmp(dot, ".et");
	*sheet = kind == DS_KIND_CFB_XLS;
	switch (kind) {
	case DS_KIND_CFB_DOC: return wps ? "wps" : "doc";
	case DS_KIND_CFB_XLS: return et ? "et" : "xls";
	case DS_KIND_RTF: return "rtf";
	case DS_KIND_ZIP: /* OpenDocument: a first entry "mimetype", stored, naming the type */
		if (len > 38 + 46 && !memcmp((const char *)data + 30, "mimetype", 8)) {
			const char *type = (const char *)data + 38;
			if (!memcmp(type, "application/vnd.oasis.opendocument.text", 39))
				return "odt";
			if (!memcmp(type, "application/vnd.oasis.opendocument.spreadsheet", 46))
				return (*sheet = true), "ods";
		}
		return NULL;
	default: return NULL;
	}
}

/* A converted file's entry says from what, and that its counts are
 * LibreOffice's conversion's. */
static int converted(ds_report *r, size_t idx, const char *from)
{
	char en[256], zh[256];
	snprintf(en, sizeof en,
		 "Checked as LibreOffice converts this .%s file; counts may differ slightly from what Word shows.",
		 from);
	snprintf(zh, sizeof zh, "该 .%s 文件经 LibreOffice 转换后检查，字数等可能与 Word 显示的略有出入。", from);
	const char *msg[2] = {en, zh};
	const char *hint[2] = {"Saving it as .docx or .xlsx in Word, WPS or Excel gives exact counts.",
			       "用 Word、WPS 或 Excel 另存为 .docx 或 .xlsx 可得到准确的统计。"};
	int error = ds__report_set_converted(r, idx, from);
	return error ? error : ds__report_emit(r, idx, "package.converted", DS_SEV_INFO, msg, hint, NULL);
}

static bool office_name(const char *path)
{
	static const char *const ext[] = {".docx", ".docm", ".dotx", ".dotm", ".xlsx", ".xlsm", ".xltx", ".xltm"};
	const char *slash = strrchr(path, '/');
	const char *dot = strrchr(slash ? slash + 1 : path, '.');
	for (size_t i = 0; dot && i < sizeof ext / sizeof *ext; i++)
		if (!strcasecmp(dot, ext[i]))
			return true;
	return false;
}

bool ds__is_document(const char *path, const void *data, size_t len)
{
	switch (ds_kind_detect(data, len)) {
	case DS_KIND_ARCHIVE:
	case DS_KIND_MAIL:
	case DS_KIND_MBOX:
	case DS_KIND_OUTLOOK: return false;
	case DS_KIND_ZIP: { /* an Office package or an OpenDocument file, not a zip of files */
		bool sheet;
		return office_name(path) || convertible(path, DS_KIND_ZIP, data, len, &sheet) ||
		       memmem(data, len, "[Content_Types].xml", 19);
	}
	default: return true;
	}
}

/* Check bytes (data), a zip or other archive read from path (data NULL,
 * kind DS_KIND_ZIP or DS_KIND_ARCHIVE, readable), or a file that could not
 * be read (data NULL, not readable), whose error is set: its kind is
 * DS_KIND_ARCHIVE for a member an archive could not unpack. */
int ds__check(ds_engine *e, ds_report *r, const char *path, const void *data, size_t len, ds_kind kind, ds__nest *n,
	      bool readable)
{
	if (!e->active)
		return ds__error_set(DS_EPROFILE, "%s", _("no profile is in use"));
	int unread_code = ds_error_code() < 0 ? ds_error_code() : DS_ERROR;
	if (readable && (kind == DS_KIND_MAIL || kind == DS_KIND_MBOX || (kind == DS_KIND_OUTLOOK && data)))
		return ds__check_mail(e, r, path, data, len, kind, n);
	if (readable && kind == DS_KIND_ARCHIVE) {
		unsigned char head[512];
		size_t got = 0;
		if (!data) { /* the format by its first bytes */
			FILE *f = fopen(path, "rb");
			got = f ? fread(head, 1, sizeof head, f) : 0;
			if (f)
				fclose(f);
		}
		const char *format = data ? ds__archive_format(data, len) : ds__archive_format(head, got);
		return ds__check_archive(e, r, path, data, len, format ? format : "archive", n);
	}
	bool sheet;
	const char *from = readable && data && !n->converted_from ? convertible(path, kind, data, len, &sheet) : NULL;
	ds__buf whole = {0};
	if (readable && !data && kind == DS_KIND_ZIP && !n->converted_from) {
		/* a zip read from its path: an OpenDocument file is read whole */
		unsigned char head[128];
		FILE *f = fopen(path, "rb");
		size_t got = f ? fread(head, 1, sizeof head, f) : 0;
		if (f && (from = convertible(path, kind, head, got, &sheet))) {
			rewind(f);
			char chunk[65536];
			for (size_t k; (k = fread(chunk, 1, sizeof chunk, f)) > 0 && whole.len < (256u << 20);)
				if (ds__buf_add(&whole, chunk, k) < 0)
					from = NULL;
			data = whole.p;
			len = whole.len;
		}
		if (f)
			fclose(f);
	}
	if (from && data) {
		/* a legacy or other editable file: checked as LibreOffice converts it */
		ds_limits lim;
		ds__limits_copy(&lim, &e->open.limits);
		ds__buf conv = {0};
		int code = ds__convert(data, len, from, sheet, (double)lim.max_convert_time, &conv);
		int error = code;
		if (!code) {
			n->converted_from = from;
			error = ds__check(e, r, path, conv.p, conv.len, DS_KIND_ZIP, n, true);
			n->converted_from = NULL;
		} else if (code != DS_EUNSUPPORTED && code != DS_ENOMEM) {
			error = ds__check(e, r, path, NULL, 0, kind, n, false); /* the conversion's error, said */
		}
		ds__buf_free(&conv);
		if (code != DS_EUNSUPPORTED) { /* (not installed: the file is said to be what it is) */
			ds__buf_free(&whole);
			return error;
		}
		ds__error_clear();
	}
	if (whole.p) { /* (what is said is from its path, as before) */
		ds__buf_free(&whole);
		data = NULL;
		len = 0;
	}
	ds_doc *doc = NULL;
	ds_rule_ctx c = {.engine = e, .report = r, .path = path};
	ds__row_sink sink = {feed_row, &c, e->whole_sheets};
	c.kind = kind;
	c.open_error =
		readable ? ds__doc_open(&doc, data, len, path, &e->open, e->row_hooks ? &sink : NULL) : unread_code;
	if (kind == DS_KIND_ZIP && (c.open_error == DS_EUNKNOWN || c.open_error == DS_EZIPCRYPT) &&
	    !office_name(path)) {
		/* a zip that holds no Office package, or has a password: an
		 * archive of files (one named .docx or .xlsx is a document that
		 * is not one, and says so) */
		drop_state(&c);
		return ds__check_archive(e, r, path, data, len, "zip", n);
	}
	char msg[1024], limit[32], part[256];
	snprintf(msg, sizeof msg, "%s", c.open_error ? ds_error_last() : "");
	snprintf(limit, sizeof limit, "%s", c.open_error ? ds_error_limit() : "");
	snprintf(part, sizeof part, "%s", c.open_error ? ds_error_part() : "");
	if (!doc)
		drop_state(&c); /* what the row hooks saw of a workbook that then failed */
	if (c.open_error == DS_ENOMEM)
		return DS_ENOMEM;
	c.open_message = msg;
	c.open_limit = limit;
	c.open_part = part;
	c.doc = doc;
	ds_cases *cases = NULL;
	int error = 0, idx = ds__report_add_file(r, path, format_of(c.kind, doc), doc == NULL);
	if (idx < 0) {
		error = idx;
		goto done;
	}
	if (n->converted_from)
		error = converted(r, (size_t)idx, n->converted_from);
	c.file = (size_t)idx;
	if (doc && ds_doc_format(doc) == DS_FORMAT_DOCX) { /* (no row hook ran) */
		error = ds_cases_build(&cases, doc, &e->cases_cfg);
		for (size_t i = 0; !error && i < ds_cases_count(cases); i++) {
			ds__fingerprint fp; /* (for the collection's duplicate cases) */
			ds__case_fingerprint(doc, cases, i, &fp);
			error = ds__report_add_case(r, c.file, ds_cases_at(cases, i),
						    fp.filled >= DS__SHINGLE ? fp.sig : NULL);
		}
	}
	c.cases = cases;
	unsigned cls = !doc                                   ? DS_APPLIES_UNREAD
		       : ds_doc_format(doc) == DS_FORMAT_XLSX ? DS_APPLIES_XLSX
							      : DS_APPLIES_DOCX;
	if (!error)
		error = ds__run_rules(e, r, &c, cls);
	if (!error && ds__oom_take())
		error = DS_ENOMEM; /* a rule or the report went on without memory it asked for */
done:
	/* the one way out: a file's entry is always finished, and one that
	 * could not be fully checked says so (never a pass with fewer findings) */
	if (idx >= 0) {
		if (error)
			ds__report_abandon(r, c.file);
		if (ds__report_finish_file(r, c.file) < 0 && !error)
			error = DS_ENOMEM;
	}
	drop_state(&c);
	ds_cases_free(cases);
	ds_doc_free(doc);
	return error;
}

DS_API int ds_engine_check_memory(ds_engine *e, ds_report *r, const char *path, const void *data, size_t len)
{
	data = data ? data : "";
	ds__nest n = {0};
	return ds__check(e, r, path, data, len, ds_kind_detect(data, len), &n, true);
}

DS_API int ds_engine_check_file(ds_engine *e, ds_report *r, const char *path)
{
	char *data = NULL;
	size_t len = 0;
	ds_kind kind;
	ds__nest n = {0};
	if (ds__is_imap_url(path))
		return ds__check_imap(e, r, path, &n);
	int error = ds__file_load(path, &data, &len, &kind);
	if (error == DS_ENOMEM)
		return error;
	/* an unreadable path is still an entry in the report */
	error = error < 0 ? ds__check(e, r, path, NULL, 0, DS_KIND_OTHER, &n, false)
			  : ds__check(e, r, path, data, len, data ? ds_kind_detect(data, len) : kind, &n, true);
	free(data);
	return error;
}
