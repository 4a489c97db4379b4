/*
 * stattable.c - finding the statistics table in a workbook whose layout is
 * not known in advance: a year axis (years down a column or across a row)
 * and metric labels beside it that match the profile's patterns, reading
 * merged header cells and headers of several rows.  The sheet with the most
 * metrics (then years) wins.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

const ds_param_def stat_metric_fields[] = {
	{"key", DS_PARAM_STRING, "", "stable name of the metric", NULL},
	{"label", DS_PARAM_STRING, "", "the metric as people name it, for messages", NULL},
	{"patterns", DS_PARAM_PATTERNS, "", "labels of the metric's column or row", NULL},
	{"count", DS_PARAM_BOOL, "true", "values are counts (whole numbers)", NULL},
	{NULL, 0, NULL, NULL, NULL}};

/* Headers are read along the first LINES cells of a few rows (or columns)
 * near each candidate axis, for hundreds of axes: each such line is
 * resolved through the merged ranges once, in one pass over them, instead
 * of once per cell (a sheet of 20000 merges took minutes). */
#define LINES 1024

typedef struct hline {
	bool row; /* a row (cells along columns), or a column */
	uint32_t at;
	int32_t merge[LINES]; /* the first merged range over each cell, or -1 */
} hline;

/* Memory ran out while a table was looked for: the search is not whole. */
static _Thread_local bool oom;

typedef struct lines {
	const ds_sheet *sh;
	hline **v;
	size_t n, cap;
} lines;

/* Next position at or after i not yet painted (path halving). */
static uint32_t unpainted(uint32_t *next, uint32_t i)
{
	while (next[i] != i) {
		next[i] = next[next[i]];
		i = next[i];
	}
	return i;
}

static const hline *line_of(lines *ls, bool row, uint32_t at)
{
	for (size_t i = 0; i < ls->n; i++)
		if (ls->v[i]->row == row && ls->v[i]->at == at)
			return ls->v[i];
	if (ls->n == ls->cap) {
		size_t cap = ls->cap ? ls->cap * 2 : 16;
		hline **v = realloc(ls->v, cap * sizeof *v);
		if (!v) {
			oom = true;
			return NULL;
		}
		ls->v = v;
		ls->cap = cap;
	}
	hline *l = malloc(sizeof *l);
	uint32_t *next = malloc((LINES + 1) * sizeof *next);
	if (!l || !next) {
		free(l);
		free(next);
		oom = true;
		return NULL;
	}
	l->row = row;
	l->at = at;
	for (uint32_t i = 0; i <= LINES; i++) {
		next[i] = i;
		if (i < LINES)
			l->merge[i] = -1;
	}
	/* the ranges in order, each painting the cells no earlier one covers */
	for (size_t k = 0; k < ls->sh->n_merged && k < INT32_MAX; k++) {
		const ds_range *m = &ls->sh->merged[k];
		uint32_t lo = row ? m->col1 : m->row1, hi = row ? m->col2 : m->row2;
		if ((row ? at < m->row1 || at > m->row2 : at < m->col1 || at > m->col2) || lo >= LINES)
			continue;
		if (hi >= LINES)
			hi = LINES - 1;
		for (uint32_t i = unpainted(next, lo); i <= hi; i = unpainted(next, i)) {
			l->merge[i] = (int32_t)k;
			next[i] = i + 1;
		}
	}
	free(next);
	ls->v[ls->n++] = l;
	return l;
}

static void lines_free(lines *ls)
{
	for (size_t i = 0; i < ls->n; i++)
		free(ls->v[i]);
	free(ls->v);
}

/* The shown text of cell `pos` of a line resolved with line_of(), seen
 * through the merged range over it (its top-left cell). */
static const char *text_on(const ds_sheet *sh, const hline *l, uint32_t pos)
{
	if (!l || pos >= LINES)
		return "";
	uint32_t row = l->row ? l->at : pos, col = l->row ? pos : l->at;
	if (l->merge[pos] >= 0) {
		row = sh->merged[l->merge[pos]].row1;
		col = sh->merged[l->merge[pos]].col1;
	}
	const ds_cell *c = ds_sheet_cell(sh, row, col);
	return c ? c->shown : "";
}

static int year_of(const ds_cell *c, const ds_params *p)
{
	if (c->type == DS_CELL_NUMBER && c->number >= 1900 && c->number <= 2100 && c->number == (double)(long)c->number)
		return (int)c->number;
	if (c->type != DS_CELL_STRING || (!strstr(c->shown, "19") && !strstr(c->shown, "20")))
		return 0; /* (the test below would find no year either) */
	size_t s, e;
	if (!ds_pattern_match(ds_params_pattern(p, "year_pattern"), c->shown, strlen(c->shown), 0, &s, &e))
		return 0;
	for (const char *q = c->shown; *q; q++)
		if ((q[0] == '1' && q[1] == '9') || (q[0] == '2' && q[1] == '0'))
			return atoi(q);
	return 0;
}

/* Join the header texts that label a column (rows from..to) or a row:
 * hdr[k - from] is header row (or column) k, resolved. */
static void label_of(const ds_sheet *sh, const hline *const *hdr, uint32_t pos, uint32_t from, uint32_t to, char *buf,
		     size_t size)
{
	buf[0] = '\0';
	const char *last = NULL;
	for (uint32_t k = from; k < to; k++) {
		const char *t = text_on(sh, hdr[k - from], pos);
		if (!*t || (last && !strcmp(last, t)))
			continue;
		snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? " " : "", t);
		last = t;
	}
}

/* The year cells of one candidate axis, in sheet order. */
typedef struct axis_years {
	st_year v[ST_MAX_YEARS];
	size_t n;
} axis_years;

static void try_axis(const ds_sheet *sh, lines *ls, const ds_params *p, bool down, uint32_t axis, const axis_years *ys,
		     uint32_t maxline, stat_table *best)
{
	stat_table t;
	memset(&t, 0, sizeof t);
	t.sheet = sh;
	t.years_down = down;
	t.axis = axis;
	uint32_t first = UINT32_MAX, last = 0;
	for (size_t i = 0; i < ys->n; i++) {
		t.years[t.n_years++] = ys->v[i];
		if (ys->v[i].line < first)
			first = ys->v[i].line;
		if (ys->v[i].line > last)
			last = ys->v[i].line;
	}
	/* metric labels: the header above (or left of) the first year */
	uint32_t top = first > 4 ? first - 4 : 0;
	uint32_t n_lines = maxline < LINES ? maxline + 1 : LINES;
	const hline *hdr[4] = {NULL};
	for (uint32_t k = top; k < first; k++)
		if (!(hdr[k - top] = line_of(ls, down, k)))
			return;
	char(*labels)[128] = malloc(n_lines * sizeof *labels);
	if (!labels) {
		oom = true;
		return;
	}
	for (uint32_t line = 0; line < n_lines; line++)
		label_of(sh, hdr, line, top, first, labels[line], sizeof labels[line]);
	for (size_t g = 0, n_g = ds_params_count(p, "metrics"); g < n_g; g++) {
		const ds_params *m = ds_params_group_at(p, "metrics", g);
		bool found = false;
		for (uint32_t line = 0; line < n_lines && !found; line++) {
			const char *label = labels[line];
			if (line == axis || !*label || !match_list(m, "patterns", label, strlen(label), NULL, NULL))
				continue;
			bool taken = false;
			for (size_t k = 0; k < t.n_metrics; k++)
				taken = taken || t.metrics[k].line == line;
			if (taken || t.n_metrics >= ST_MAX_METRICS)
				continue;
			st_metric *x = &t.metrics[t.n_metrics++];
			x->key = ds_params_string(m, "key");
			/* messages name the metric by its own header cell, the nearest one */
			const char *own = "";
			for (uint32_t k = first; k-- > top && !*own;)
				own = text_on(sh, hdr[k - top], line);
			snprintf(x->label, sizeof x->label, "%s", *own ? own : label);
			x->line = line;
			x->count = ds_params_bool(m, "count");
			found = true;
		}
		if (!found && t.n_missing < ST_MAX_METRICS)
			t.missing[t.n_missing++] = g;
	}
	free(labels);
	if (!t.n_metrics)
		return;
	/* the totals: a label on the year axis among the years or just after them */
	for (uint32_t line = first; line <= last + 16 && line >= first; line++) {
		const ds_cell *c = down ? ds_sheet_cell(sh, line, axis) : ds_sheet_cell(sh, axis, line);
		if (c && ds_pattern_match(ds_params_pattern(p, "total_pattern"), c->shown, strlen(c->shown), 0, NULL,
					  NULL)) {
			t.has_total = true;
			t.total_line = line;
			break;
		}
	}
	size_t score = t.n_metrics * 100 + t.n_years;
	size_t best_score = best->sheet ? best->n_metrics * 100 + best->n_years : 0;
	if (score > best_score)
		*best = t;
}

/* Candidate axes are the first AXES columns and rows. */
#define AXES 256

/* One pass over a sheet's cells gathers the years of every candidate axis;
 * then each axis that holds at least two is tried, in the order in which
 * its second year came. */
static void find_in_sheet(const ds_sheet *sh, const ds_params *p, axis_years *cols, axis_years *rows, stat_table *best)
{
	struct trial {
		bool down;
		uint32_t axis;
	} order[2 * AXES];
	size_t n_order = 0;
	uint32_t max_row = 0, max_col = 0;
	for (size_t i = 0; i < sh->n_cells; i++) {
		const ds_cell *c = &sh->cells[i];
		max_row = c->row > max_row ? c->row : max_row;
		max_col = c->col > max_col ? c->col : max_col;
		if (c->col >= AXES && c->row >= AXES)
			continue;
		int y = year_of(c, p);
		if (!y)
			continue;
		for (int d = 1; d >= 0; d--) { /* its column, then its row */
			uint32_t axis = d ? c->col : c->row;
			axis_years *a = d ? &cols[axis] : &rows[axis];
			if (axis >= AXES || a->n >= ST_MAX_YEARS)
				continue;
			a->v[a->n++] = (st_year){y, d ? c->row : c->col};
			if (a->n == 2)
				order[n_order++] = (struct trial){d, axis};
		}
	}
	lines ls = {sh, NULL, 0, 0};
	for (size_t k = 0; k < n_order; k++) {
		bool down = order[k].down;
		uint32_t axis = order[k].axis;
		try_axis(sh, &ls, p, down, axis, down ? &cols[axis] : &rows[axis], down ? max_col : max_row, best);
	}
	lines_free(&ls);
}

int stat_table_find(const ds_doc *doc, const ds_params *p, stat_table *best)
{
	memset(best, 0, sizeof *best);
	axis_years *ax = malloc(2 * AXES * sizeof *ax);
	oom = !ax;
	for (size_t s = 0; ax && s < ds_doc_sheet_count(doc); s++) {
		for (size_t k = 0; k < 2 * AXES; k++)
			ax[k].n = 0;
		find_in_sheet(ds_doc_sheet(doc, s), p, ax, ax + AXES, best);
	}
	free(ax);
	return oom ? -1 : best->sheet != NULL;
}

static const ds_cell *at(const stat_table *t, uint32_t year_line, uint32_t metric_line, char *ref, size_t size)
{
	uint32_t row = t->years_down ? year_line : metric_line;
	uint32_t col = t->years_down ? metric_line : year_line;
	ds_cell_ref(row, col, ref, size);
	return ds_sheet_cell(t->sheet, row, col);
}

const ds_cell *stat_value(const stat_table *t, const st_year *y, const st_metric *m, char *ref, size_t size)
{
	return at(t, y->line, m->line, ref, size);
}

const ds_cell *stat_total(const stat_table *t, const st_metric *m, char *ref, size_t size)
{
	return at(t, t->total_line, m->line, ref, size);
}
