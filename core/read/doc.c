/*
 * doc.c - ds_doc_open: triage, package, main part, then the right reader.
 *
 * This is the one entry to the model: it turns bytes into either a ds_doc or
 * a negative code with a message that names the problem and the fix.  The
 * accessors that lend the model's parts to rules live here too.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/* ------------------------------------------------------------------ model */

int ds__doc_keep(ds_doc *doc, size_t n)
{
	doc->text_bytes += n;
	if (doc->text_bytes > doc->limits.max_text_bytes)
		return ds__error_set_at(DS_ELIMIT, "max-text", NULL,
					_("the document holds more text than the limit max-text "
					  "(%llu bytes)"),
					(unsigned long long)doc->limits.max_text_bytes);
	return ds__doc_built(doc, DS__BUILT_BYTES, n);
}

int ds__doc_built(ds_doc *doc, ds__built what, size_t bytes)
{
	static const char *const names[] = {"max-model", "max-paragraphs", "max-cells", "max-sheets"};
	const uint64_t max[] = {doc->limits.max_model_bytes, doc->limits.max_paras, doc->limits.max_cells,
				doc->limits.max_sheets};
	if (what != DS__BUILT_BYTES)
		doc->built[what]++;
	doc->built[DS__BUILT_BYTES] += bytes;
	for (int k = 0; k < 4; k++)
		if (doc->built[k] > max[k])
			return ds__error_set_at(DS_ELIMIT, names[k], NULL,
						_("the document builds more than the limit %s (%llu %s): a file "
						  "made to exhaust memory?"),
						names[k], (unsigned long long)max[k],
						k == 0   ? _("bytes")
						: k == 1 ? _("paragraphs")
						: k == 2 ? _("cells")
							 : _("sheets"));
	return 0;
}

const char *ds__doc_str(ds_doc *doc, const char *s, size_t n)
{
	return ds__arena_strndup(&doc->arena, s, n);
}

DS_API const ds_facts *ds_doc_facts(const ds_doc *doc)
{
	return &doc->facts;
}
DS_API ds_format ds_doc_format(const ds_doc *doc)
{
	return doc->facts.format;
}
DS_API size_t ds_doc_para_count(const ds_doc *doc)
{
	return doc->n_paras;
}
DS_API const ds_para *ds_doc_para(const ds_doc *doc, size_t i)
{
	return i < doc->n_paras ? &doc->paras[i] : NULL;
}
DS_API size_t ds_doc_table_count(const ds_doc *doc)
{
	return doc->n_tables;
}
DS_API const ds_table *ds_doc_table(const ds_doc *doc, size_t i)
{
	return i < doc->n_tables ? &doc->tables[i] : NULL;
}
DS_API size_t ds_doc_sheet_count(const ds_doc *doc)
{
	return doc->n_sheets;
}
DS_API const ds_sheet *ds_doc_sheet(const ds_doc *doc, size_t i)
{
	return i < doc->n_sheets ? &doc->sheets[i] : NULL;
}
DS_API size_t ds_doc_external_count(const ds_doc *doc)
{
	return doc->n_externals;
}
DS_API const char *ds_doc_external(const ds_doc *doc, size_t i)
{
	return i < doc->n_externals ? doc->externals[i] : NULL;
}

DS_API const ds_cell *ds_sheet_cell(const ds_sheet *sheet, uint32_t row, uint32_t col)
{
	size_t lo = 0, hi = sheet->n_cells;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const ds_cell *c = &sheet->cells[mid];
		if (c->row < row || (c->row == row && c->col < col))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < sheet->n_cells && sheet->cells[lo].row == row && sheet->cells[lo].col == col)
		return &sheet->cells[lo];
	return NULL;
}

DS_API char *ds_cell_ref(uint32_t row, uint32_t col, char *buf, size_t size)
{
	char letters[8];
	int n = 0;
	uint32_t c = col + 1;
	while (c && n < 7) {
		letters[n++] = (char)('A' + (c - 1) % 26);
		c = (c - 1) / 26;
	}
	char rev[8];
	for (int i = 0; i < n; i++)
		rev[i] = letters[n - 1 - i];
	rev[n] = '\0';
	snprintf(buf, size, "%s%u", rev, row + 1);
	return buf;
}

DS_API const char *ds_part_name(ds_part part)
{
	static const char *names[] = {"body", "textbox", "footnote", "endnote", "header", "footer", "comment"};
	return (unsigned)part < sizeof names / sizeof names[0] ? names[part] : "?";
}

DS_API void ds_doc_free(ds_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->n_sheets; i++) {
		ds__vec_free((void *)doc->sheets[i].cells, doc->sheets[i].n_cells, sizeof *doc->sheets[i].cells);
		free((void *)doc->sheets[i].merged);
	}
	free(doc->sheets);
	ds__vec_free(doc->paras, doc->cap_paras, sizeof *doc->paras);
	free(doc->tables);
	free(doc->externals);
	ds__arena_free(&doc->arena);
	free(doc);
}

/* ----------------------------------------------------------------- triage */

static int refuse_kind(ds_kind kind)
{
	switch (kind) {
	case DS_KIND_EMPTY:
		return ds__error_set(DS_EEMPTY, "%s",
				     _("the file is empty (0 bytes): the copy or the e-mail "
				       "attachment was cut off; send the file again"));
	case DS_KIND_CFB_ENCRYPTED:
		return ds__error_set(DS_EENCRYPTED, "%s",
				     _("the file is password-protected (encrypted) and cannot be "
				       "read: remove the password in Word/WPS/Excel and save again"));
	case DS_KIND_CFB_DOC:
		return ds__error_set(DS_ELEGACY, "%s",
				     _("this is a legacy Word 97-2003 (.doc) or WPS (.wps) document, "
				       "not DOCX: open it in Word or WPS and save it as .docx"));
	case DS_KIND_CFB_XLS:
		return ds__error_set(DS_ELEGACY, "%s",
				     _("this is a legacy Excel 97-2003 (.xls) or WPS (.et) workbook, "
				       "not XLSX: open it in Excel or WPS and save it as .xlsx"));
	case DS_KIND_CFB_OTHER:
		return ds__error_set(DS_ELEGACY, "%s",
				     _("this is a legacy Office compound file, not DOCX or XLSX: "
				       "save it as .docx or .xlsx"));
	case DS_KIND_PDF:
		return ds__error_set(DS_EPDF, "%s",
				     _("this is a PDF, which cannot be edited: send the original "
				       "Word/WPS document (.docx) or workbook (.xlsx)"));
	case DS_KIND_RTF:
		return ds__error_set(DS_EUNKNOWN, "%s",
				     _("this is an RTF file, not DOCX: open it in Word or WPS and "
				       "save it as .docx"));
	case DS_KIND_MAIL:
	case DS_KIND_MBOX:
	case DS_KIND_OUTLOOK:
		return ds__error_set(DS_EUNKNOWN, "%s",
				     _("this is an e-mail or a mailbox, not a DOCX or XLSX file: "
				       "docscreen check reads the documents attached"));
	case DS_KIND_ARCHIVE:
		return ds__error_set(DS_EUNKNOWN, "%s",
				     _("this is an archive (rar, 7z, tar or compressed), not a DOCX or "
				       "XLSX file: docscreen check reads the documents in it"));
	case DS_KIND_HTML:
		return ds__error_set(DS_EUNKNOWN, "%s",
				     _("this is a web page (HTML/MHT) with an Office file name: "
				       "open it in Word or WPS and save it as .docx"));
	default:
		return ds__error_set(DS_EUNKNOWN, "%s",
				     _("this is not a DOCX or XLSX file (its content is not "
				       "recognised): save the document as .docx or the workbook "
				       "as .xlsx"));
	}
}

/* Which reader the main part's content type (or name) calls for. */
static int main_format(ds__pkg *pkg, const char *main, ds_format *fmt, bool *macros)
{
	const char *ct = ds__pkg_content_type(pkg, main);
	*macros = strstr(ct, "macroEnabled") != NULL;
	if (strstr(ct, "wordprocessingml.document.main") || strstr(ct, "wordprocessingml.template.main") ||
	    strstr(ct, "ms-word.document.macro") || strstr(ct, "ms-word.template.macro")) {
		*fmt = DS_FORMAT_DOCX;
		return 0;
	}
	if (strstr(ct, "spreadsheetml.sheet.main") || strstr(ct, "spreadsheetml.template.main") ||
	    strstr(ct, "ms-excel.sheet.macroEnabled") || strstr(ct, "ms-excel.template.macro")) {
		*fmt = DS_FORMAT_XLSX;
		return 0;
	}
	if (strstr(ct, "presentationml") || strstr(ct, "ms-powerpoint"))
		return ds__error_set(DS_EUNSUPPORTED, "%s",
				     _("this is a PowerPoint presentation, not a case document or "
				       "statistics table: send a .docx or .xlsx file"));
	if (strstr(ct, "sheet.binary"))
		return ds__error_set(DS_EUNSUPPORTED, "%s",
				     _("this is a binary Excel workbook (.xlsb): open it in Excel "
				       "and save it as .xlsx"));
	if (!*ct) { /* no content type: go by the conventional names */
		const char *slash = strrchr(main, '/');
		const char *base = slash ? slash + 1 : main;
		if (!strcasecmp(base, "document.xml")) {
			*fmt = DS_FORMAT_DOCX;
			return 0;
		}
		if (!strcasecmp(base, "workbook.xml")) {
			*fmt = DS_FORMAT_XLSX;
			return 0;
		}
	}
	return ds__error_set(DS_EUNSUPPORTED,
			     _("the package's main part %s has the content type '%s', which is "
			       "neither a Word document nor an Excel workbook"),
			     main, ct);
}

static bool has_vba(ds__pkg *pkg)
{
	for (size_t i = 0; i < ds__pkg_count(pkg); i++) {
		const char *name = ds__pkg_name(pkg, i);
		const char *slash = strrchr(name, '/');
		if (!strcasecmp(slash ? slash + 1 : name, "vbaProject.bin"))
			return true;
	}
	return false;
}

/* Load every .rels part so that external targets are all recorded. */
static int record_externals(ds_doc *doc, ds__pkg *pkg)
{
	for (size_t i = 0; i < ds__pkg_count(pkg); i++) {
		const char *name = ds__pkg_name(pkg, i);
		size_t len = strlen(name);
		const char *r = strstr(name, "_rels/");
		if (len < 5 || strcasecmp(name + len - 5, ".rels") || !r)
			continue;
		char source[1024];
		int n = snprintf(source, sizeof source, "%.*s%.*s", (int)(r - name), name,
				 (int)(len - 5 - (size_t)(r + 6 - name)), r + 6);
		if (n < 0 || (size_t)n >= sizeof source)
			continue;
		const ds__rel *rels;
		size_t nrels;
		int error = ds__pkg_rels(pkg, source, &rels, &nrels);
		if (error < 0)
			return error;
		for (size_t k = 0; k < nrels; k++) {
			if (!rels[k].external)
				continue;
			doc->facts.external_rels++;
			if (doc->n_externals >= 200)
				continue;
			if (ds__grow((void **)&doc->externals, &doc->cap_externals, doc->n_externals,
				     sizeof *doc->externals) < 0)
				return DS_ENOMEM;
			const char *t = ds__doc_str(doc, rels[k].target, strlen(rels[k].target));
			if (!t)
				return DS_ENOMEM;
			doc->externals[doc->n_externals++] = t;
		}
	}
	return 0;
}

static int find_main(ds__pkg *pkg, const char **main)
{
	const ds__rel *rel = ds__pkg_rel_by_type(pkg, "", "/officeDocument");
	if (rel && !rel->external) {
		if (!ds__pkg_has(pkg, rel->target))
			return ds__error_set_at(DS_ECORRUPT, NULL, rel->target,
						_("the main part %s named by the package is missing"), rel->target);
		*main = rel->target;
		return 0;
	}
	if (ds__pkg_has(pkg, "word/document.xml"))
		*main = "word/document.xml";
	else if (ds__pkg_has(pkg, "xl/workbook.xml"))
		*main = "xl/workbook.xml";
	else if (ds__pkg_has(pkg, "mimetype") && ds__pkg_has(pkg, "content.xml"))
		return ds__error_set(DS_EUNSUPPORTED, "%s",
				     _("this is an OpenDocument file (.odt/.ods): save it as .docx "
				       "or .xlsx"));
	else if (ds__pkg_has(pkg, "[Content_Types].xml"))
		return ds__error_set(DS_ECORRUPT, "%s",
				     _("the package has no main document part: the file is damaged"));
	else
		return ds__error_set(DS_EUNKNOWN, "%s",
				     _("this is a zip archive, not a DOCX or XLSX file: send the "
				       "document itself, not an archive"));
	return 0;
}

DS_API int ds_open_options_init(ds_open_options *o, unsigned int version)
{
	if (ds__version_ok("ds_open_options", version, DS_OPEN_OPTIONS_VERSION) < 0)
		return DS_ERROR;
	*o = (ds_open_options)DS_OPEN_OPTIONS_INIT;
	return 0;
}

DS_API int ds_doc_open_memory(ds_doc **out, const void *data, size_t len, const ds_open_options *opts)
{
	return ds__doc_open(out, data, len, NULL, opts, NULL);
}

int ds__doc_open(ds_doc **out, const void *data, size_t len, const char *path, const ds_open_options *opts,
		 const ds__row_sink *sink)
{
	int error = 0;
	ds__pkg *pkg = NULL;
	ds_doc *doc = NULL;
	ds__error_clear();
	ds__oom_take();
	*out = NULL;
	if (opts && (ds__version_ok("ds_open_options", opts->version, DS_OPEN_OPTIONS_VERSION) < 0 ||
		     ds__version_ok("ds_limits", opts->limits.version, DS_LIMITS_VERSION) < 0))
		return DS_ERROR;
	ds_kind kind = data ? ds_kind_detect(data, len) : DS_KIND_ZIP;
	if (kind != DS_KIND_ZIP)
		return refuse_kind(kind);
	if (!(doc = calloc(1, sizeof *doc)))
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	ds__limits_copy(&doc->limits, opts ? &opts->limits : NULL);
	if ((error = ds__pkg_open(&pkg, data, len, path, &doc->limits)) < 0)
		goto done;
	const char *main = NULL;
	if ((error = find_main(pkg, &main)) < 0)
		goto done;
	bool macros = false;
	if ((error = main_format(pkg, main, &doc->facts.format, &macros)) < 0)
		goto done;
	doc->facts.macros = macros || has_vba(pkg);
	doc->facts.parts = ds__pkg_count(pkg);
	if ((error = ds__props_read(doc, pkg)) < 0)
		goto done;
	if (doc->facts.format == DS_FORMAT_DOCX)
		error = ds__docx_read(doc, pkg, main);
	else
		error = ds__xlsx_read(doc, pkg, main, sink);
	if (error < 0 || (error = record_externals(doc, pkg)) < 0)
		goto done;
	doc->facts.strict = doc->facts.strict || ds__pkg_strict(pkg);
	if (ds__oom_take()) { /* somewhere memory ran out and the reading went on: not a whole read */
		error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		goto done;
	}
	*out = doc;
	doc = NULL;
done:
	ds__pkg_free(pkg);
	ds_doc_free(doc);
	return error;
}

/* Map a buffer's pages in one call rather than a fault per page as read()
 * first writes them: faults are what a virtual machine pays most for. */
static void populate(void *p, size_t n)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)p + pg - 1) & ~(pg - 1), to = ((uintptr_t)p + n) & ~(pg - 1);
	if (n >= 64 * 1024 && to > from)
		madvise((void *)from, to - from, MADV_POPULATE_WRITE); /* a hint: errors do not matter */
#else
	(void)p, (void)n;
#endif
}

#define TRIAGE_BYTES (16u << 20) /* a compound file's directory lies within, in practice */
#define WHOLE_BYTES (256u << 20)

int ds__file_load(const char *path, char **data, size_t *len, ds_kind *kind)
{
	*data = NULL;
	*len = 0;
	*kind = DS_KIND_OTHER;
	struct stat st;
	errno = 0;
	FILE *f = stat(path, &st) == 0 && S_ISREG(st.st_mode) ? fopen(path, "rb") : NULL;
	if (!f)
		return ds__error_set(DS_ERROR, _("cannot open %s: %s"), path, strerror(errno ? errno : EISDIR));
	unsigned char head[512];
	size_t n = fread(head, 1, sizeof head, f);
	*kind = ds_kind_detect(head, n);
	if (*kind == DS_KIND_ZIP || *kind == DS_KIND_ARCHIVE || *kind == DS_KIND_MAIL || *kind == DS_KIND_MBOX) {
		fclose(f); /* read as it is inflated, unpacked or parsed */
		return 0;
	}
	/* what triage looks at: the head of the file, never more than
	 * TRIAGE_BYTES (a 3 GB "PDF" is not read whole); a compound file or an
	 * RTF whole, up to WHOLE_BYTES (LibreOffice converts it, an Outlook
	 * message holds its attachments); the size stat gave, then doubling if
	 * it grew */
	size_t most = *kind >= DS_KIND_CFB_ENCRYPTED && *kind <= DS_KIND_CFB_OTHER ? WHOLE_BYTES
		      : *kind == DS_KIND_RTF                                       ? WHOLE_BYTES
										   : TRIAGE_BYTES;
	size_t got = n, cap = st.st_size > 0 && (uint64_t)st.st_size < most ? (size_t)st.st_size + 1 : 65536;
	char *buf = malloc(cap);
	if (buf) {
		memcpy(buf, head, n);
		populate(buf + got, cap - got);
	}
	for (size_t k = 1; buf && k && got < most;) {
		if (got == cap) {
			char *p = realloc(buf, cap * 2);
			if (!p) {
				free(buf);
				buf = NULL;
				break;
			}
			buf = p;
			cap *= 2;
			populate(buf + got, cap - got);
		}
		got += k = fread(buf + got, 1, cap - got, f);
	}
	fclose(f);
	if (!buf)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	*data = buf;
	*len = got;
	return 0;
}

DS_API int ds_doc_open_file(ds_doc **out, const char *path, const ds_open_options *opts)
{
	char *data = NULL;
	size_t len = 0;
	ds__error_clear();
	ds_kind kind;
	int error = ds__file_load(path, &data, &len, &kind);
	if (error == 0 && !data && kind != DS_KIND_ZIP)
		error = refuse_kind(kind);
	else if (error == 0)
		error = ds__doc_open(out, data, len, path, opts, NULL);
	free(data);
	return error;
}
