/*
 * ooxml.c - see ooxml.h: a valid package around the fuzzer's part XML,
 * then open, count (both ways) and walk it as `docscreen dump` does.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "docscreen/count.h"
#include "docscreen/docscreen.h"
#include "docscreen/model.h"
#include "ooxml.h"

#define RELNS "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

static void add(zip_t *z, const char *name, const char *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(z, data, len, 0);
	zip_int64_t i = s ? zip_file_add(z, name, s, ZIP_FL_ENC_UTF_8) : -1;
	if (i < 0)
		abort(); /* (the harness's own failure, not the reader's) */
	zip_set_file_compression(z, (zip_uint64_t)i, ZIP_CM_STORE, 0);
}

/* The zip of the parts: content types, one .rels per source, the pieces. */
static uint8_t *package(const ooxml_part *parts, size_t n, const char **piece, const size_t *len,
			size_t *out_len)
{
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *buf = zip_source_buffer_create(NULL, 0, 0, &ze);
	zip_source_keep(buf);
	zip_t *z = zip_open_from_source(buf, ZIP_TRUNCATE, &ze);
	if (!z)
		abort();
	char *ct = NULL, *rels[16] = {NULL};
	size_t ct_len = 0, rels_len[16] = {0};
	FILE *o = open_memstream(&ct, &ct_len);
	fputs("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	      "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	      "<Default Extension=\"xml\" ContentType=\"application/xml\"/>", o);
	for (size_t i = 0; i < n; i++)
		if (piece[i])
			fprintf(o, "<Override PartName=\"/%s\" ContentType=\"%s\"/>", parts[i].name, parts[i].type);
	fputs("</Types>", o);
	fclose(o);
	add(z, "[Content_Types].xml", ct, ct_len);
	/* one relationships part per source, in the order sources first appear */
	const char *sources[16];
	size_t n_sources = 0;
	for (size_t i = 0; i < n && n_sources < 16; i++) {
		if (!piece[i])
			continue;
		size_t s = 0;
		while (s < n_sources && strcmp(sources[s], parts[i].source))
			s++;
		if (s == n_sources)
			sources[n_sources++] = parts[i].source;
	}
	char names[16][128];
	for (size_t s = 0; s < n_sources; s++) {
		o = open_memstream(&rels[s], &rels_len[s]);
		fputs("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">", o);
		const char *dir = strrchr(sources[s], '/');
		size_t dlen = dir ? (size_t)(dir - sources[s]) + 1 : 0;
		for (size_t i = 0; i < n; i++)
			if (piece[i] && !strcmp(parts[i].source, sources[s]))
				/* targets relative to the source's folder */
				fprintf(o, "<Relationship Id=\"rId%zu\" Type=\"" RELNS "%s\" Target=\"%s\"/>", i + 1,
					parts[i].rel, parts[i].name + (strncmp(parts[i].name, sources[s], dlen) ? 0 : dlen));
		fputs("</Relationships>", o);
		fclose(o);
		if (!*sources[s])
			snprintf(names[s], sizeof names[s], "_rels/.rels");
		else
			snprintf(names[s], sizeof names[s], "%.*s_rels/%s.rels", (int)dlen, sources[s], sources[s] + dlen);
		add(z, names[s], rels[s], rels_len[s]);
	}
	for (size_t i = 0; i < n; i++)
		if (piece[i])
			add(z, parts[i].name, piece[i], len[i]);
	if (zip_close(z) < 0)
		abort();
	free(ct);
	for (size_t s = 0; s < n_sources; s++)
		free(rels[s]);
	uint8_t *out = NULL;
	if (zip_source_open(buf) == 0) {
		zip_source_seek(buf, 0, SEEK_END);
		zip_int64_t size = zip_source_tell(buf);
		zip_source_seek(buf, 0, SEEK_SET);
		out = malloc(size > 0 ? (size_t)size : 1);
		*out_len = out && size > 0 ? (size_t)zip_source_read(buf, out, (zip_uint64_t)size) : 0;
		zip_source_close(buf);
	}
	zip_source_free(buf);
	return out;
}

static FILE *sink;

static void check_string(const char *s)
{
	if (!s)
		abort(); /* every string of the model is "" at worst */
	ds_fput_visible(s, strlen(s), sink);
}

static void check_span(uint32_t start, uint32_t end, size_t text_len)
{
	if (start > end || end > text_len)
		abort();
}

/* What `docscreen dump` shows, and the promises model.h makes. */
static void walk(const ds_doc *doc)
{
	const ds_facts *f = ds_doc_facts(doc);
	check_string(f->application);
	check_string(f->author);
	check_string(f->modified);
	check_string(f->title);
	for (size_t i = 0; i < ds_doc_para_count(doc); i++) {
		const ds_para *p = ds_doc_para(doc, i);
		if (!p->text || p->text[p->text_len] != '\0')
			abort();
		ds_fput_visible(p->text, p->text_len, sink);
		check_string(ds_part_name(p->part));
		check_string(p->label);
		check_string(p->style_id);
		check_string(p->style_name);
		if (p->in_table && p->table >= ds_doc_table_count(doc))
			abort();
		for (size_t k = 0; k < p->n_controls; k++)
			check_span(p->controls[k].start, p->controls[k].end, p->text_len);
		for (size_t k = 0; k < p->n_marks; k++) {
			if (p->marks[k].at > p->text_len)
				abort();
			if (p->marks[k].shown)
				check_string(p->marks[k].shown);
		}
		for (size_t k = 0; k < p->n_math_spans; k++)
			check_span(p->math_spans[k].start, p->math_spans[k].end, p->text_len);
		for (size_t k = 0; k < p->n_hint_spans; k++)
			check_span(p->hint_spans[k].start, p->hint_spans[k].end, p->text_len);
		for (size_t k = 0; k < p->n_cjk_lang_spans; k++)
			check_span(p->cjk_lang_spans[k].start, p->cjk_lang_spans[k].end, p->text_len);
	}
	for (size_t s = 0; s < ds_doc_sheet_count(doc); s++) {
		const ds_sheet *sh = ds_doc_sheet(doc, s);
		check_string(sh->name);
		check_string(sh->state);
		for (size_t m = 0; m < sh->n_merged; m++) {
			char a[16];
			if (sh->merged[m].row1 > sh->merged[m].row2 || sh->merged[m].col1 > sh->merged[m].col2)
				abort();
			check_string(ds_cell_ref(sh->merged[m].row2, sh->merged[m].col2, a, sizeof a));
		}
		for (size_t i = 0; i < sh->n_cells; i++) {
			const ds_cell *c = &sh->cells[i];
			if (i && (c->row < c[-1].row || (c->row == c[-1].row && c->col <= c[-1].col)))
				abort(); /* sorted, one cell per place: ds_sheet_cell() relies on it */
			check_string(c->raw);
			check_string(c->shown);
			check_string(c->format);
		}
	}
}

int ooxml_run(const ooxml_part *parts, size_t n, const uint8_t *data, size_t size)
{
	if (n > 16 || size > (4u << 20))
		return 0;
	if (!sink && !(sink = fopen("/dev/null", "w")))
		abort();
	const char *piece[16] = {NULL};
	size_t len[16] = {0};
	const char *p = (const char *)data, *end = p + size;
	for (size_t i = 0; i < n && p <= end; i++) {
		const char *nul = memchr(p, '\0', (size_t)(end - p));
		len[i] = (size_t)((nul ? nul : end) - p);
		piece[i] = len[i] || !i ? p : NULL; /* an empty piece: no such part */
		p += len[i] + 1;
	}
	size_t zlen = 0;
	uint8_t *zip = package(parts, n, piece, len, &zlen);
	if (!zip)
		return 0;
	ds_doc *doc = NULL;
	ds_open_options o = DS_OPEN_OPTIONS_INIT;
	o.limits.max_total_bytes = 64u << 20; /* keep each run small */
	if (ds_doc_open_memory(&doc, zip, zlen, &o) == 0) {
		ds_count c, h, m;
		ds_count_options word = DS_COUNT_OPTIONS_INIT, lo = DS_COUNT_OPTIONS_LIBREOFFICE;
		ds_count_doc(doc, &word, &c, &h, &m);
		ds_count_doc(doc, &lo, &c, &h, &m);
		walk(doc);
		if (getenv("OOXML_VERBOSE")) /* (to see that seeds reach the readers) */
			fprintf(stderr, "%zu paragraphs, %zu sheets, %llu words\n", ds_doc_para_count(doc),
				ds_doc_sheet_count(doc), (unsigned long long)c.words);
		ds_doc_free(doc);
	} else if (getenv("OOXML_VERBOSE")) {
		fprintf(stderr, "not opened: %s\n", ds_error_last());
	}
	free(zip);
	return 0;
}
