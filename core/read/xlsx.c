/*
 * xlsx.c - the XLSX reader: workbook, shared strings, number formats, then
 * each worksheet as a SAX stream into cells and merged ranges.
 *
 * Each cell keeps its raw value, its type and the text Excel would show.
 * Strings are stored once in the document arena and shared between cells
 * (a shared-string index or an identical shown/raw text costs one copy).
 */
#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

typedef struct xf {
	const char *code; /* format code in the doc arena */
	bool date;
} xf;

struct book {
	ds_doc *doc;
	/* workbook.xml */
	struct {
		const char *name, *state, *rid;
	} * sheets;
	size_t n_sheets, cap_sheets;
	/* sharedStrings.xml */
	const char **sst;
	size_t n_sst, cap_sst;
	/* styles.xml */
	struct {
		unsigned id;
		const char *code;
	} * fmts;
	size_t n_fmts, cap_fmts;
	xf *xfs;
	size_t n_xfs, cap_xfs;
	/* parse state */
	int depth_si, in_t, in_cellxfs;
	ds__buf text;
};

static const char *dup_attr(ds_doc *doc, const ds__attr *a, int n, const char *name, const char *fallback)
{
	const char *v = ds__attr_get(a, n, name);
	if (!v)
		v = fallback;
	return ds__doc_str(doc, v, strlen(v));
}

/* -------------------------------------------------------------- workbook */

static void wb_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct book *b = ud;
	ds_facts *f = &b->doc->facts;
	if (ns != NS_S)
		return;
	if (ds__xml_strict_seen(x))
		f->strict = true;
	if (!strcmp(local, "workbookPr")) {
		const char *v = ds__attr_get(a, n, "date1904");
		f->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(local, "workbookProtection")) {
		const char *s = ds__attr_get(a, n, "lockStructure");
		const char *w = ds__attr_get(a, n, "lockWindows");
		f->workbook_locked = (s && (!strcmp(s, "1") || !strcmp(s, "true"))) ||
				     (w && (!strcmp(w, "1") || !strcmp(w, "true")));
	} else if (!strcmp(local, "sheet")) {
		if (ds__grow((void **)&b->sheets, &b->cap_sheets, b->n_sheets, sizeof *b->sheets) < 0) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		const char *rid = NULL;
		for (int i = 0; i < n; i++)
			if (a[i].ns == NS_R && !strcmp(a[i].local, "id"))
				rid = a[i].value;
		b->sheets[b->n_sheets].name = dup_attr(b->doc, a, n, "name", "");
		b->sheets[b->n_sheets].state = dup_attr(b->doc, a, n, "state", "visible");
		b->sheets[b->n_sheets].rid = ds__doc_str(b->doc, rid ? rid : "", rid ? strlen(rid) : 0);
		if (!b->sheets[b->n_sheets].name || !b->sheets[b->n_sheets].state || !b->sheets[b->n_sheets].rid) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		b->n_sheets++;
	}
}

/* --------------------------------------------------------- shared strings */

static void sst_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct book *b = ud;
	(void)a;
	(void)n;
	if (ns != NS_S)
		return;
	if (!strcmp(local, "si")) {
		b->depth_si = 1;
		b->text.len = 0;
		if (b->text.p)
			b->text.p[0] = '\0';
	} else if (!strcmp(local, "rPh")) {
		ds__xml_skip(x); /* phonetic (furigana) runs are not what a person reads */
	} else if (!strcmp(local, "t") && b->depth_si) {
		b->in_t = 1;
	}
}

static void sst_text(void *ud, ds__xml *x, const char *s, size_t len)
{
	struct book *b = ud;
	if (b->in_t && ds__buf_add(&b->text, s, len) < 0)
		ds__xml_fail(x, DS_ENOMEM);
}

static void sst_end(void *ud, ds__xml *x, int ns, const char *local)
{
	struct book *b = ud;
	if (ns != NS_S)
		return;
	if (!strcmp(local, "t")) {
		b->in_t = 0;
	} else if (!strcmp(local, "si")) {
		b->depth_si = 0;
		if (ds__grow((void **)&b->sst, &b->cap_sst, b->n_sst, sizeof *b->sst) < 0 ||
		    ds__doc_keep(b->doc, b->text.len) < 0) {
			ds__xml_fail(x, ds_error_code());
			return;
		}
		const char *s = ds__doc_str(b->doc, b->text.p ? b->text.p : "", b->text.len);
		if (!s) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		b->sst[b->n_sst++] = s;
	}
}

/* ----------------------------------------------------------------- styles */

static void st_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct book *b = ud;
	if (ns != NS_S)
		return;
	if (!strcmp(local, "numFmt")) {
		const char *id = ds__attr_get(a, n, "numFmtId");
		const char *code = ds__attr_get(a, n, "formatCode");
		if (!id || !code)
			return;
		if (ds__grow((void **)&b->fmts, &b->cap_fmts, b->n_fmts, sizeof *b->fmts) < 0) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		b->fmts[b->n_fmts].id = (unsigned)strtoul(id, NULL, 10);
		b->fmts[b->n_fmts].code = ds__doc_str(b->doc, code, strlen(code));
		if (!b->fmts[b->n_fmts].code) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		b->n_fmts++;
	} else if (!strcmp(local, "cellXfs")) {
		b->in_cellxfs = 1;
	} else if (!strcmp(local, "xf") && b->in_cellxfs) {
		if (ds__grow((void **)&b->xfs, &b->cap_xfs, b->n_xfs, sizeof *b->xfs) < 0) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		const char *v = ds__attr_get(a, n, "numFmtId");
		unsigned id = v ? (unsigned)strtoul(v, NULL, 10) : 0;
		const char *code = NULL;
		for (size_t i = 0; i < b->n_fmts; i++)
			if (b->fmts[i].id == id)
				code = b->fmts[i].code;
		if (!code)
			code = ds__numfmt_builtin(id);
		if (!code)
			code = "General";
		b->xfs[b->n_xfs].code = code;
		b->xfs[b->n_xfs].date = ds__numfmt_is_date(code);
		b->n_xfs++;
	}
}

static void st_end(void *ud, ds__xml *x, int ns, const char *local)
{
	struct book *b = ud;
	(void)x;
	if (ns == NS_S && !strcmp(local, "cellXfs"))
		b->in_cellxfs = 0;
}

/* ---------------------------------------------------------------- sheets */

struct sheet_ctx {
	struct book *b;
	ds_sheet *sheet;
	ds_cell *cells;
	size_t n, cap;
	ds_range *merged;
	size_t n_merged, cap_merged;
	uint32_t row, col; /* of the current/next cell */
	bool have_row;
	char type[16];
	int style;
	bool formula, in_c, in_v, in_is, sorted;
	int in_t;
	ds__buf v;
	/* streaming (a row sink): the cells are [0, window) kept, then the row
	 * read last [held, row_start), given to the sink when the next one is
	 * read, then [row_start, n) the row being read */
	const ds__row_sink *sink;
	size_t window; /* SIZE_MAX until it is full: rows from then on are not kept */
	size_t held, row_start;
	bool have_held;
	ds__arena strs[2]; /* strings of rows not kept: the held row's and the current one's */
	int cur;
};

/* "AB12" -> (11, 27); returns false when it is not a reference. */
static bool parse_ref(const char *s, uint32_t *row, uint32_t *col)
{
	uint64_t c = 0, r = 0;
	const char *p = s;
	while (*p == '$')
		p++;
	while ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z')) {
		c = c * 26 + (uint64_t)((*p | 0x20) - 'a' + 1);
		if (c > 16384)
			return false;
		p++;
	}
	if (*p == '$')
		p++;
	while (*p >= '0' && *p <= '9') {
		r = r * 10 + (uint64_t)(*p - '0');
		if (r > 1048576)
			return false;
		p++;
	}
	if (*p || !r || !c)
		return false;
	*row = (uint32_t)(r - 1);
	*col = (uint32_t)(c - 1);
	return true;
}

static void sh_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct sheet_ctx *c = ud;
	if (ns != NS_S)
		return;
	const char *v;
	if (!strcmp(local, "row")) {
		v = ds__attr_get(a, n, "r");
		unsigned long r = v ? strtoul(v, NULL, 10) : 0;
		if (r >= 1 && r <= 1048576)
			c->row = (uint32_t)(r - 1);
		else if (c->have_row)
			c->row++;
		c->have_row = true;
		c->col = 0;
	} else if (!strcmp(local, "c")) {
		v = ds__attr_get(a, n, "r");
		uint32_t r, col;
		if (v && parse_ref(v, &r, &col)) {
			c->row = r;
			c->col = col;
		}
		v = ds__attr_get(a, n, "t");
		size_t tn = v ? strnlen(v, sizeof c->type - 1) : 1; /* (snprintf took 5% of a big sheet's time) */
		memcpy(c->type, v ? v : "n", tn);
		c->type[tn] = '\0';
		v = ds__attr_get(a, n, "s");
		c->style = v ? atoi(v) : 0;
		c->formula = false;
		c->in_c = true;
		c->v.len = 0;
		if (c->v.p)
			c->v.p[0] = '\0';
	} else if (c->in_c && !strcmp(local, "v")) {
		c->in_v = true;
		c->v.len = 0;
	} else if (c->in_c && !strcmp(local, "f")) {
		c->formula = true;
	} else if (c->in_c && !strcmp(local, "is")) {
		c->in_is = true;
	} else if (c->in_is && !strcmp(local, "rPh")) {
		ds__xml_skip(x);
	} else if (c->in_is && !strcmp(local, "t")) {
		c->in_t = 1;
	} else if (!strcmp(local, "mergeCell")) {
		v = ds__attr_get(a, n, "ref");
		if (!v)
			return;
		char ref[64];
		snprintf(ref, sizeof ref, "%s", v);
		char *colon = strchr(ref, ':');
		ds_range rg;
		if (colon)
			*colon = '\0';
		if (!parse_ref(ref, &rg.row1, &rg.col1))
			return;
		if (!colon || !parse_ref(colon + 1, &rg.row2, &rg.col2)) {
			rg.row2 = rg.row1;
			rg.col2 = rg.col1;
		}
		/* "A9:F1" is A1:F9, as Excel reads it */
		uint32_t t;
		if (rg.row1 > rg.row2)
			t = rg.row1, rg.row1 = rg.row2, rg.row2 = t;
		if (rg.col1 > rg.col2)
			t = rg.col1, rg.col1 = rg.col2, rg.col2 = t;
		if (ds__grow((void **)&c->merged, &c->cap_merged, c->n_merged, sizeof rg) < 0) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		c->merged[c->n_merged++] = rg;
	} else if (!strcmp(local, "sheetProtection")) {
		v = ds__attr_get(a, n, "sheet");
		c->sheet->is_protected = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	}
}

static void sh_text(void *ud, ds__xml *x, const char *s, size_t len)
{
	struct sheet_ctx *c = ud;
	if ((c->in_v || c->in_t) && ds__buf_add(&c->v, s, len) < 0)
		ds__xml_fail(x, DS_ENOMEM);
}

/* "0", "-42", "2019", "3.25": a number General shows just as it is written
 * (no leading zero, no trailing zero after the point, at most 11 characters) */
static bool shown_as_written(const char *s, size_t len)
{
	size_t i = s[0] == '-', digits = 0;
	if (len > 11 || i == len || (s[i] == '0' && i + 1 < len && s[i + 1] != '.'))
		return false;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		digits++;
	if (!digits)
		return false;
	if (i == len)
		return !(s[0] == '-' && s[1] == '0'); /* not "-0" */
	if (s[i++] != '.' || i == len || s[len - 1] == '0')
		return false;
	for (; i < len; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A copy of a cell's string: in the model while the window lasts, then
 * with its row. */
static const char *cell_str(struct sheet_ctx *c, ds__xml *x, const char *s, size_t len)
{
	bool kept = c->window == SIZE_MAX;
	if (kept && ds__doc_keep(c->b->doc, len) < 0) {
		ds__xml_fail(x, DS_ELIMIT);
		return NULL;
	}
	const char *p = kept ? ds__doc_str(c->b->doc, s, len) : ds__arena_strndup(&c->strs[c->cur], s, len);
	if (!p)
		ds__xml_fail(x, DS_ENOMEM);
	return p;
}

static void row_done(struct sheet_ctx *c);

static void cell_done(struct sheet_ctx *c, ds__xml *x)
{
	struct book *b = c->b;
	ds_doc *doc = b->doc;
	const char *raw = c->v.p ? c->v.p : "";
	size_t rawlen = c->v.len;
	bool has_value =
		rawlen > 0 || !strcmp(c->type, "s") || !strcmp(c->type, "inlineStr") || !strcmp(c->type, "str");
	if (!has_value && !c->formula)
		return;
	int error = c->window == SIZE_MAX ? ds__doc_built(doc, DS__BUILT_CELL, sizeof *c->cells) : 0;
	if (error < 0) {
		ds__xml_fail(x, error);
		return;
	}
	if (ds__vec_grow((void **)&c->cells, &c->cap, c->n, sizeof *c->cells) < 0) {
		ds__xml_fail(x, DS_ENOMEM);
		return;
	}
	ds_cell *cell = &c->cells[c->n];
	memset(cell, 0, sizeof *cell);
	cell->row = c->row;
	cell->col = c->col;
	cell->formula = c->formula;
	const xf *style = c->style >= 0 && (size_t)c->style < b->n_xfs ? &b->xfs[c->style] : NULL;
	cell->format = style ? style->code : "General";
	const char *shown = NULL;
	if (!strcmp(c->type, "s")) {
		unsigned long idx = strtoul(raw, NULL, 10);
		cell->type = DS_CELL_STRING;
		cell->raw = shown = idx < b->n_sst && rawlen ? b->sst[idx] : "";
	} else if (!strcmp(c->type, "str") || !strcmp(c->type, "inlineStr")) {
		cell->type = DS_CELL_STRING;
	} else if (!strcmp(c->type, "b")) {
		cell->type = DS_CELL_BOOL;
		cell->number = raw[0] == '1' || raw[0] == 't' ? 1 : 0;
		shown = cell->number ? "TRUE" : "FALSE";
	} else if (!strcmp(c->type, "e")) {
		cell->type = DS_CELL_ERROR;
	} else if (!strcmp(c->type, "d")) {
		cell->type = DS_CELL_DATE;
	} else if (rawlen && !strcmp(cell->format, "General") && shown_as_written(raw, rawlen)) {
		/* the common case: no formatting to do */
		cell->type = DS_CELL_NUMBER;
		cell->number = strtod(raw, NULL);
	} else if (rawlen) {
		char *end;
		cell->number = strtod(raw, &end);
		if (*end || !isfinite(cell->number)) {
			cell->type = DS_CELL_STRING; /* a writer that put text in a number cell */
		} else {
			cell->type = style && style->date ? DS_CELL_DATE : DS_CELL_NUMBER;
			b->text.len = 0;
			ds__numfmt_format(cell->number, cell->format, doc->facts.date1904, &b->text);
			if (!b->text.p) {
				ds__xml_fail(x, DS_ENOMEM);
				return;
			}
			if ((b->text.len != rawlen || memcmp(b->text.p, raw, rawlen)) &&
			    !(shown = cell_str(c, x, b->text.p, b->text.len)))
				return;
		}
	}
	if (!cell->raw && !(cell->raw = cell_str(c, x, raw, rawlen)))
		return;
	cell->shown = shown ? shown : cell->raw;
	if (c->n && (c->cells[c->n - 1].row > cell->row ||
		     (c->cells[c->n - 1].row == cell->row && c->cells[c->n - 1].col >= cell->col)))
		c->sorted = false;
	c->n++;
	if (c->sink && c->n - c->row_start > 16384) /* more than a row can hold: cells outside rows */
		row_done(c);
}

/* A row has been read: the sink gets the row before it, which is forgotten
 * if the window was full then; the new row is held until the next. */
static void row_done(struct sheet_ctx *c)
{
	if (!c->sink || c->n == c->row_start) /* (an empty row is no row) */
		return;
	if (c->have_held)
		c->sink->row(c->sink->ud, c->sheet, c->cells + c->held, c->row_start - c->held, c->cells + c->row_start,
			     c->n - c->row_start);
	if (c->have_held && c->held >= c->window) {
		memmove(c->cells + c->held, c->cells + c->row_start, (c->n - c->row_start) * sizeof *c->cells);
		c->n -= c->row_start - c->held;
		c->row_start = c->held;
		ds__arena_reset(&c->strs[!c->cur]);
		c->sheet->partial = true;
	}
	c->held = c->row_start;
	c->have_held = true;
	c->row_start = c->n;
	if (c->window != SIZE_MAX)
		c->cur = !c->cur;
	else if (c->n > DS__WINDOW && !c->sink->whole)
		c->window = c->n;
}

/* The sheet's end: the sink gets the row held, which is forgotten if it
 * lies past the window. */
static void sheet_done(struct sheet_ctx *c)
{
	if (!c->sink)
		return;
	if (c->n > c->row_start)
		row_done(c);
	if (!c->have_held)
		return;
	c->sink->row(c->sink->ud, c->sheet, c->cells + c->held, c->n - c->held, NULL, 0);
	if (c->held >= c->window) {
		c->n = c->held;
		c->sheet->partial = true;
	}
}

static void sh_end(void *ud, ds__xml *x, int ns, const char *local)
{
	struct sheet_ctx *c = ud;
	if (ns != NS_S)
		return;
	if (!strcmp(local, "c")) {
		cell_done(c, x);
		c->in_c = c->in_v = c->in_is = false;
		c->in_t = 0;
		c->col++;
	} else if (!strcmp(local, "v")) {
		c->in_v = false;
	} else if (!strcmp(local, "t")) {
		c->in_t = 0;
	} else if (!strcmp(local, "is")) {
		c->in_is = false;
	} else if (!strcmp(local, "row")) {
		c->col = 0;
		row_done(c);
	}
}

static int cmp_cell(const void *a, const void *b)
{
	const ds_cell *x = a, *y = b;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static int read_sheet(struct book *b, ds__pkg *pkg, const char *part, ds_sheet *sheet, const ds__row_sink *sink)
{
	struct sheet_ctx c = {.b = b, .sheet = sheet, .sorted = true, .sink = sink, .window = SIZE_MAX};
	static const ds__xml_handler h = {.start = sh_start, .end = sh_end, .text = sh_text};
	int error = ds__xml_parse_part(pkg, part, &h, &c);
	if (error == 0)
		sheet_done(&c);
	ds__buf_free(&c.v);
	ds__arena_free(&c.strs[0]);
	ds__arena_free(&c.strs[1]);
	if (error < 0) {
		ds__vec_free(c.cells, c.cap, sizeof *c.cells);
		free(c.merged);
		return error;
	}
	if (!c.sorted) {
		qsort(c.cells, c.n, sizeof *c.cells, cmp_cell);
		size_t o = 0; /* a cell written twice: the last one wins */
		for (size_t i = 0; i < c.n; i++) {
			if (o && c.cells[o - 1].row == c.cells[i].row && c.cells[o - 1].col == c.cells[i].col)
				o--;
			c.cells[o++] = c.cells[i];
		}
		c.n = o;
	}
	/* capacity n, which is what ds_doc_free is told */
	if (ds__vec_fit((void **)&c.cells, &c.cap, c.n, sizeof *c.cells) < 0) {
		ds__vec_free(c.cells, c.cap, sizeof *c.cells);
		free(c.merged);
		return DS_ENOMEM;
	}
	sheet->cells = c.cells;
	sheet->n_cells = c.n;
	sheet->merged = c.merged;
	sheet->n_merged = c.n_merged;
	return 0;
}

/* ------------------------------------------------------------------ entry */

int ds__xlsx_read(ds_doc *doc, ds__pkg *pkg, const char *main, const ds__row_sink *sink)
{
	struct book b = {.doc = doc};
	static const ds__xml_handler wb = {.start = wb_start};
	static const ds__xml_handler sst = {.start = sst_start, .end = sst_end, .text = sst_text};
	static const ds__xml_handler sty = {.start = st_start, .end = st_end};
	int error = ds__xml_parse_part(pkg, main, &wb, &b);
	if (error < 0)
		goto done;
	const ds__rel *rel = ds__pkg_rel_by_type(pkg, main, "/sharedStrings");
	if (rel && !rel->external && ds__pkg_has(pkg, rel->target) &&
	    (error = ds__xml_parse_part(pkg, rel->target, &sst, &b)) < 0)
		goto done;
	rel = ds__pkg_rel_by_type(pkg, main, "/styles");
	if (rel && !rel->external && ds__pkg_has(pkg, rel->target) &&
	    (error = ds__xml_parse_part(pkg, rel->target, &sty, &b)) < 0)
		goto done;
	for (size_t i = 0; i < b.n_sheets; i++) {
		rel = ds__pkg_rel_by_id(pkg, main, b.sheets[i].rid);
		if (!rel || rel->external || !ds__pkg_has(pkg, rel->target)) {
			error = ds__error_set_at(DS_ECORRUPT, NULL, main,
						 _("the workbook names a sheet '%s' whose part is "
						   "missing"),
						 b.sheets[i].name);
			goto done;
		}
		const char *tail = strrchr(rel->type, '/');
		if (!tail || strcmp(tail, "/worksheet"))
			continue; /* chart sheets and dialog sheets hold no cells */
		if ((error = ds__doc_built(doc, DS__BUILT_SHEET, sizeof *doc->sheets)) < 0)
			goto done;
		if (ds__grow((void **)&doc->sheets, &doc->cap_sheets, doc->n_sheets, sizeof *doc->sheets) < 0) {
			error = DS_ENOMEM;
			goto done;
		}
		ds_sheet *sh = &doc->sheets[doc->n_sheets];
		memset(sh, 0, sizeof *sh);
		sh->name = b.sheets[i].name;
		sh->state = b.sheets[i].state;
		if ((error = read_sheet(&b, pkg, rel->target, sh, sink)) < 0)
			goto done;
		doc->n_sheets++;
	}
done:
	free(b.sheets);
	free(b.sst);
	free(b.fmts);
	free(b.xfs);
	ds__buf_free(&b.text);
	return error;
}
