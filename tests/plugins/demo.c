/*
 * demo.c - test plugins built from one source: -DVARIANT selects a plugin
 * that works (demo), one built for another ABI major (badabi), one without
 * the entry symbol (noentry), one whose init fails (initfail), one that
 * declares a rule id the demo plugin already has (dupe), and one built for
 * ABI 1.1, before row hooks (older).
 *
 * The demo rule reads one parameter of every type and reports them, so the
 * tests can see exactly what a profile bound.  On a workbook it also reports
 * what its row hook saw (and its hook fails when label is "fail rows").
 */
#include <stdio.h>
#include <string.h>

#include "docscreen/plugin.h"

static const ds_param_def item_fields[] = {
	{"name", DS_PARAM_STRING, "", "item name", NULL},
	{"weight", DS_PARAM_INT, "1", "item weight", NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_param_def params[] = {
	{"min", DS_PARAM_INT, "800", "an integer", NULL},
	{"ratio", DS_PARAM_NUMBER, "0.5", "a number", NULL},
	{"strict", DS_PARAM_BOOL, "false", "a boolean", NULL},
	{"label", DS_PARAM_STRING, "default label", "a string", NULL},
	{"words", DS_PARAM_STRINGS, "alpha\nbeta", "a list of strings", NULL},
	{"pattern", DS_PARAM_PATTERN, "案例[一二三]", "a pattern", NULL},
	{"patterns", DS_PARAM_PATTERNS, "", "a list of patterns", NULL},
	{"items", DS_PARAM_GROUP, NULL, "groups", item_fields},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def messages[] = {
	{"values", DS_SEV_INFO, "min={min} ratio={ratio} strict={strict} label={label} words={words} items={items} matched={matched}",
	 "最小={min} 比例={ratio} 严格={strict} 标签={label} 词={words} 组={items} 匹配={matched}", NULL, NULL},
	{"paragraph", DS_SEV_WARNING, "first paragraph", "第一段", "look here", "看这里"},
	{"rows", DS_SEV_INFO, "rows={rows} cells={cells} kept={kept} partial={partial} paired={paired} last={last}",
	 "行={rows}", NULL, NULL},
	{NULL, 0, NULL, NULL, NULL, NULL}};

/* What the row hook saw of a workbook. */
typedef struct seen {
	size_t rows, cells;
	bool unpaired; /* a next that was not the row after */
	char last[64]; /* the last cell's text */
} seen;

static int on_row(ds_rule_ctx *c, const ds_sheet *sheet, const ds_cell *row, size_t n, const ds_cell *next,
		  size_t next_n)
{
	(void)sheet;
	bool fresh;
	seen *s = ds_ctx_shared(c, sizeof *s, &fresh);
	if (!s || !strcmp(ds_params_string(ds_ctx_params(c), "label"), "fail rows"))
		return -1;
	s->rows++;
	s->cells += n;
	s->unpaired = s->unpaired || (next_n && n && next[0].row != row[0].row + 1);
	if (n)
		snprintf(s->last, sizeof s->last, "%s", row[n - 1].shown);
	return 0;
}

static int report_rows(ds_rule_ctx *c)
{
	const ds_doc *doc = ds_ctx_doc(c);
	bool fresh;
	const seen *s = ds_ctx_shared(c, sizeof *s, &fresh);
	if (!s || !ds_doc_sheet_count(doc))
		return -1;
	const ds_sheet *sh = ds_doc_sheet(doc, 0);
	char rows[32], cells[32], kept[32];
	snprintf(rows, sizeof rows, "%zu", s->rows);
	snprintf(cells, sizeof cells, "%zu", s->cells);
	snprintf(kept, sizeof kept, "%zu", sh->n_cells);
	return ds_ctx_emit(c, "rows", NULL, "rows", rows, "cells", cells, "kept", kept, "partial",
			   sh->partial ? "yes" : "no", "paired", s->unpaired ? "no" : "yes", "last", s->last, NULL);
}

static int check(ds_rule_ctx *c)
{
	const ds_params *p = ds_ctx_params(c);
	char min[32], ratio[32], words[256] = "", items[256] = "", matched[64] = "no";
	snprintf(min, sizeof min, "%lld", ds_params_int(p, "min"));
	snprintf(ratio, sizeof ratio, "%g", ds_params_number(p, "ratio"));
	for (size_t i = 0; i < ds_params_count(p, "words"); i++)
		snprintf(words + strlen(words), sizeof words - strlen(words), "%s%s", i ? "," : "",
			 ds_params_string_at(p, "words", i));
	for (size_t i = 0; i < ds_params_count(p, "items"); i++) {
		const ds_params *g = ds_params_group_at(p, "items", i);
		snprintf(items + strlen(items), sizeof items - strlen(items), "%s%s:%lld", i ? "," : "",
			 ds_params_string(g, "name"), ds_params_int(g, "weight"));
	}
	const ds_doc *doc = ds_ctx_doc(c);
	if (doc && ds_doc_para_count(doc)) {
		const ds_para *para = ds_doc_para(doc, 0);
		size_t s, e;
		if (ds_pattern_match(ds_params_pattern(p, "pattern"), para->text, para->text_len, 0, &s, &e))
			snprintf(matched, sizeof matched, "%.*s", (int)(e - s), para->text + s);
		ds_location loc = ds_ctx_para_location(c, 0);
		ds_ctx_emit(c, "paragraph", &loc, NULL);
	}
	if (doc && ds_doc_format(doc) == DS_FORMAT_XLSX && report_rows(c) < 0)
		return -1;
	return ds_ctx_emit(c, "values", NULL, "min", min, "ratio", ratio, "strict",
			   ds_params_bool(p, "strict") ? "true" : "false", "label", ds_params_string(p, "label"),
			   "words", words, "items", items, "matched", matched, NULL);
}

static int init_fails(void) { return -7; }

#ifndef VARIANT
#define VARIANT 0
#endif

static const ds_rule_def rules[] = {
	{VARIANT == 0 || VARIANT == 4 ? "demo.values" : VARIANT == 3 ? "initfail.values"
	 : VARIANT == 5 ? "older.values" : VARIANT == 6 ? "newer.values" : "other.values",
	 "Reports its parameters", "报告参数",
	 DS_APPLIES_DOCX | DS_APPLIES_XLSX | DS_APPLIES_UNREAD, params, messages, check},
};

static const ds_plugin_def plugin = {
	VARIANT == 1 ? DS_PLUGIN_ABI_MAJOR + 1 : DS_PLUGIN_ABI_MAJOR,
	VARIANT == 5 ? 1 : VARIANT == 6 ? DS_PLUGIN_ABI_MINOR + 1 : DS_PLUGIN_ABI_MINOR,
	VARIANT == 0 ? "demo" : VARIANT == 3 ? "initfail" : VARIANT == 4 ? "dupe" : VARIANT == 5 ? "older"
	: VARIANT == 6 ? "newer" : "other",
	"0.1",
	rules, 1, VARIANT == 3 ? init_fails : NULL, NULL, (const ds_row_hook[]){on_row},
};

#if VARIANT != 2
DS_PLUGIN_EXPORT const ds_plugin_def *ds_plugin_entry(void);
DS_PLUGIN_EXPORT const ds_plugin_def *ds_plugin_entry(void) { return &plugin; }
#else
DS_PLUGIN_EXPORT const ds_plugin_def *not_the_entry(void);
DS_PLUGIN_EXPORT const ds_plugin_def *not_the_entry(void) { return &plugin; }
#endif
