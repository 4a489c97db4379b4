/*
 * cells.c - the kind "cells": a workbook's sheet as a table under a header
 * row, its columns found by their header and each held to constraints, as
 * a frictionless Table Schema field says them: a type (string, number,
 * integer, date, boolean), required (the column must be there), not_empty
 * (every row has a value: the schema's constraints.required), minimum and
 * maximum, a pattern, a list of values.  The rows end at the first row
 * whose first cell matches until (notes under a table), or the sheet's end.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kinds.h"

static const ds_param_def column_fields[] = {
	{"header", DS_PARAM_PATTERN, NULL, "the column's header text", NULL},
	{"name", DS_PARAM_STRING, NULL, "the column, as the messages name it (default: the header pattern)", NULL},
	{"required", DS_PARAM_BOOL, "true", "the column must be there", NULL},
	{"type", DS_PARAM_STRING, "any", "string, number, integer, date, boolean or any", NULL},
	{"not_empty", DS_PARAM_BOOL, "false", "every row has a value in it", NULL},
	{"minimum", DS_PARAM_STRING, NULL, "numbers: the smallest value allowed", NULL},
	{"maximum", DS_PARAM_STRING, NULL, "numbers: the largest value allowed", NULL},
	{"pattern", DS_PARAM_PATTERN, NULL, "what each value (as shown) must match", NULL},
	{"values", DS_PARAM_STRINGS, NULL, "the values allowed (as shown)", NULL},
	{NULL, 0, NULL, NULL, NULL}};

const ds_param_def cells_params[] = {
	{"sheet", DS_PARAM_PATTERN, NULL, "the sheets checked: names matching it (default: every visible sheet)", NULL},
	{"header_row", DS_PARAM_INT, "1", "the row (1-based) of the column headers", NULL},
	{"columns", DS_PARAM_GROUP, NULL, "the columns and their constraints", column_fields},
	{"until", DS_PARAM_PATTERN, "^\\s*(注|备注|说明|填表说明|Note)",
	 "a row whose first cell matches ends the table", NULL},
	{"max_findings", DS_PARAM_INT, "20", "at most this many findings per file", NULL},
	{NULL, 0, NULL, NULL, NULL}};

const ds_message_def cells_messages[] = {
	{"no-sheet", DS_SEV_ERROR, "The workbook has no sheet {sheet}.", "工作簿中没有工作表 {sheet}。",
	 "Use the sheet of the template.", "请使用模板中的工作表。"},
	{"missing-column", DS_SEV_ERROR, "Sheet \"{sheet}\" has no column \"{column}\" in row {row}.",
	 "工作表“{sheet}”第 {row} 行没有“{column}”列。", "Keep the template's columns and their headers.",
	 "请保留模板中的各列及其表头。"},
	{"empty", DS_SEV_WARNING, "Column \"{column}\" has no value in {cell}.", "“{column}”列的 {cell} 没有填写。",
	 "Fill it in.", "请填写。"},
	{"type", DS_SEV_WARNING, "{cell} in column \"{column}\" holds \"{value}\", not {type}.",
	 "“{column}”列的 {cell} 为“{value}”，不是{type}。", "Enter it as {type}.", "请按{type}填写。"},
	{"range", DS_SEV_WARNING, "{cell} in column \"{column}\" is {value}; {limits} is allowed.",
	 "“{column}”列的 {cell} 为 {value}，允许范围：{limits}。", "Check the figure.", "请核对数字。"},
	{"pattern", DS_SEV_WARNING,
	 "{cell} in column \"{column}\" holds \"{value}\", which is not in the form asked for.",
	 "“{column}”列的 {cell} 为“{value}”，格式不符合要求。", "Write it in the form asked for.",
	 "请按要求的格式填写。"},
	{"value", DS_SEV_WARNING, "{cell} in column \"{column}\" holds \"{value}\"; allowed: {values}.",
	 "“{column}”列的 {cell} 为“{value}”，可填：{values}。", "Choose one of the values allowed.",
	 "请从可填的值中选择。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

#define MAX_COLUMNS 64

typedef struct column {
	const ds_params *g;
	uint32_t col; /* UINT32_MAX: not found */
	char name[128];
} column;

static const char *type_en(const char *t)
{
	return !strcmp(t, "number")    ? "a number"
	       : !strcmp(t, "integer") ? "a whole number"
	       : !strcmp(t, "date")    ? "a date"
	       : !strcmp(t, "boolean") ? "true or false"
				       : "text";
}

static const char *type_zh(const char *t)
{
	return !strcmp(t, "number")    ? "数字"
	       : !strcmp(t, "integer") ? "整数"
	       : !strcmp(t, "date")    ? "日期"
	       : !strcmp(t, "boolean") ? "是/否"
				       : "文字";
}

/* Whether a cell's value is of the type. */
static bool typed(const ds_cell *c, const char *t)
{
	if (!strcmp(t, "number"))
		return c->type == DS_CELL_NUMBER;
	if (!strcmp(t, "integer"))
		return c->type == DS_CELL_NUMBER && c->number == floor(c->number);
	if (!strcmp(t, "date"))
		return c->type == DS_CELL_DATE;
	if (!strcmp(t, "boolean"))
		return c->type == DS_CELL_BOOL;
	if (!strcmp(t, "string"))
		return c->type == DS_CELL_STRING;
	return true;
}

static bool blank(const ds_cell *c)
{
	if (!c || c->type == DS_CELL_EMPTY)
		return true;
	for (const char *s = c->shown; *s; s++)
		if (*s != ' ' && *s != '\t')
			return false;
	return true;
}

static int check_cell(ds_rule_ctx *ctx, const ds_sheet *sh, const column *col, const ds_cell *c, uint32_t row,
		      long long *left)
{
	const ds_params *g = col->g;
	char ref[16];
	ds_location loc = DS_LOCATION_INIT;
	loc.sheet = sh->name;
	loc.cell = ds_cell_ref(row, col->col, ref, sizeof ref);
	const char *type = ds_params_string(g, "type");
	if (blank(c)) {
		if (!ds_params_bool(g, "not_empty"))
			return 0;
		(*left)--;
		return ds_ctx_emit(ctx, "empty", &loc, "column", col->name, "cell", ref, NULL);
	}
	if (!typed(c, type)) {
		(*left)--;
		return ds_ctx_emit(ctx, "type", &loc, "column", col->name, "cell", ref, "value", c->shown, "type@en",
				   type_en(type), "type@zh", type_zh(type), NULL);
	}
	const char *mins = ds_params_string(g, "minimum"), *maxs = ds_params_string(g, "maximum");
	if ((*mins || *maxs) && c->type == DS_CELL_NUMBER) {
		char *end;
		double lo = *mins ? strtod(mins, &end) : -INFINITY, hi = *maxs ? strtod(maxs, &end) : INFINITY;
		if (c->number < lo || c->number > hi) {
			char lim[2][96];
			if (*mins && *maxs)
				snprintf(lim[0], sizeof lim[0], "%s–%s", mins, maxs),
					snprintf(lim[1], sizeof lim[1], "%s–%s", mins, maxs);
			else if (*mins)
				snprintf(lim[0], sizeof lim[0], "at least %s", mins),
					snprintf(lim[1], sizeof lim[1], "不小于 %s", mins);
			else
				snprintf(lim[0], sizeof lim[0], "at most %s", maxs),
					snprintf(lim[1], sizeof lim[1], "不大于 %s", maxs);
			(*left)--;
			return ds_ctx_emit(ctx, "range", &loc, "column", col->name, "cell", ref, "value", c->shown,
					   "limits@en", lim[0], "limits@zh", lim[1], NULL);
		}
	}
	const ds_pattern *pat = ds_params_pattern(g, "pattern");
	if (pat && !ds_pattern_match(pat, c->shown, strlen(c->shown), 0, NULL, NULL)) {
		(*left)--;
		return ds_ctx_emit(ctx, "pattern", &loc, "column", col->name, "cell", ref, "value", c->shown, NULL);
	}
	size_t nv = ds_params_count(g, "values");
	if (nv) {
		char all[512] = "";
		bool ok = false;
		for (size_t i = 0; i < nv; i++) {
			const char *v = ds_params_string_at(g, "values", i);
			ok = ok || !strcmp(v, c->shown);
			size_t l = strlen(all);
			snprintf(all + l, sizeof all - l, "%s%s", i ? " / " : "", v);
		}
		if (!ok) {
			(*left)--;
			return ds_ctx_emit(ctx, "value", &loc, "column", col->name, "cell", ref, "value", c->shown,
					   "values", all, NULL);
		}
	}
	return 0;
}

static int check_sheet(ds_rule_ctx *ctx, const ds_sheet *sh, long long *left)
{
	const ds_params *p = ds_ctx_params(ctx);
	long long hr = ds_params_int(p, "header_row");
	uint32_t header = hr > 0 ? (uint32_t)(hr - 1) : 0;
	size_t nc = ds_params_count(p, "columns");
	if (nc > MAX_COLUMNS)
		nc = MAX_COLUMNS;
	column cols[MAX_COLUMNS];
	int error = 0;
	for (size_t k = 0; k < nc; k++) {
		cols[k].g = ds_params_group_at(p, "columns", k);
		cols[k].col = UINT32_MAX;
		const ds_pattern *h = ds_params_pattern(cols[k].g, "header");
		const char *name = ds_params_string(cols[k].g, "name");
		if (*name || !h) {
			snprintf(cols[k].name, sizeof cols[k].name, "%s", *name ? name : "?");
		} else { /* the header pattern without its anchors: ^年份$ is 年份 */
			const char *src = ds_pattern_source(h);
			size_t len = strlen(src);
			if (*src == '^')
				src++, len--;
			if (len && src[len - 1] == '$')
				len--;
			snprintf(cols[k].name, sizeof cols[k].name, "%.*s", (int)len, src);
		}
		for (size_t i = 0; h && i < sh->n_cells && sh->cells[i].row <= header; i++)
			if (sh->cells[i].row == header && cols[k].col == UINT32_MAX &&
			    ds_pattern_match(h, sh->cells[i].shown, strlen(sh->cells[i].shown), 0, NULL, NULL))
				cols[k].col = sh->cells[i].col;
		if (cols[k].col == UINT32_MAX && ds_params_bool(cols[k].g, "required") && !error && *left > 0) {
			char row[16];
			ds_location loc = DS_LOCATION_INIT;
			loc.sheet = sh->name;
			(*left)--;
			error = ds_ctx_emit(ctx, "missing-column", &loc, "sheet", sh->name, "column", cols[k].name,
					    "row", num(row, sizeof row, header + 1), NULL);
		}
	}
	const ds_pattern *until = ds_params_pattern(p, "until");
	size_t i = 0;
	while (i < sh->n_cells && sh->cells[i].row <= header)
		i++;
	while (i < sh->n_cells && !error && *left > 0) {
		size_t start = i;
		uint32_t row = sh->cells[i].row;
		while (i < sh->n_cells && sh->cells[i].row == row)
			i++;
		const ds_cell *r = &sh->cells[start];
		size_t n = i - start;
		size_t first = 0;
		while (first < n && blank(&r[first]))
			first++;
		if (first == n)
			continue; /* an empty row */
		if (until && ds_pattern_match(until, r[first].shown, strlen(r[first].shown), 0, NULL, NULL))
			break;
		bool any = false;
		for (size_t k = 0; k < nc; k++)
			any = any || (cols[k].col != UINT32_MAX && !blank(row_cell(r, n, cols[k].col)));
		for (size_t k = 0; k < nc && any && !error && *left > 0; k++)
			if (cols[k].col != UINT32_MAX)
				error = check_cell(ctx, sh, &cols[k], row_cell(r, n, cols[k].col), row, left);
	}
	return error;
}

int cells_check(ds_rule_ctx *ctx)
{
	const ds_doc *doc = ds_ctx_doc(ctx);
	const ds_params *p = ds_ctx_params(ctx);
	const ds_pattern *want = ds_params_pattern(p, "sheet");
	long long left = ds_params_int(p, "max_findings");
	int error = 0;
	bool found = false;
	for (size_t s = 0; s < ds_doc_sheet_count(doc) && !error && left > 0; s++) {
		const ds_sheet *sh = ds_doc_sheet(doc, s);
		if (want ? !ds_pattern_match(want, sh->name, strlen(sh->name), 0, NULL, NULL)
			 : strcmp(sh->state, "visible"))
			continue;
		found = true;
		error = check_sheet(ctx, sh, &left);
	}
	if (!found && want && !error)
		error = ds_ctx_emit(ctx, "no-sheet", NULL, "sheet", ds_pattern_source(want), NULL);
	return error;
}
