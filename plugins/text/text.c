/*
 * text.c - the text plugin: template text left in a submission (XXX, ×××,
 * 某某, 待补充, 请填写, TODO ...), in any paragraph or cell.  A workbook's
 * cells are looked at row by row as it is read (every row, however many).
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

static const ds_param_def params[] = {
	{"patterns", DS_PARAM_PATTERNS,
	 "X{3,}\n×{2,}\n某某\n待补充\n待完善\n请填写\n此处填写\n在此(处)?输入\nTODO\nTBD\n【[^】]{0,12}】",
	 "template text that should not be left in", NULL},
	{"max_findings", DS_PARAM_INT, "20", "at most this many findings per file", NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def messages[] = {{"placeholder", DS_SEV_WARNING, "Template text \"{found}\" was left in.",
					   "文中留有模板文字“{found}”。", "Replace it with the real content.",
					   "请替换为实际内容。"},
					  {NULL, 0, NULL, NULL, NULL, NULL}};

/* A workbook's cells come by row as it is read (on_row); the first matches
 * are kept to be reported by check, in sheet order. */
#define MAX_CELL_FINDINGS 256

typedef struct book {
	textcache clean; /* texts seen to hold no template text */
	size_t max;      /* findings to keep: max_findings, at most MAX_CELL_FINDINGS */
	size_t n;
	struct {
		const char *sheet;
		uint32_t row, col;
		char found[128];
	} v[MAX_CELL_FINDINGS];
} book;

static int on_row(ds_rule_ctx *ctx, const ds_sheet *sheet, const ds_cell *row, size_t n, const ds_cell *next,
		  size_t next_n)
{
	(void)next, (void)next_n;
	bool fresh;
	book *b = ds_ctx_shared(ctx, sizeof *b, &fresh);
	if (!b)
		return -1;
	const ds_params *p = ds_ctx_params(ctx);
	if (fresh) {
		long long max = ds_params_int(p, "max_findings");
		b->max = max < 0 ? 0 : max < MAX_CELL_FINDINGS ? (size_t)max : MAX_CELL_FINDINGS;
	}
	size_t s, e;
	for (size_t i = 0; i < n && b->n < b->max; i++) {
		const ds_cell *c = &row[i];
		size_t len = strlen(c->shown);
		if (c->type != DS_CELL_STRING || textcache_has(&b->clean, c->shown, len))
			continue;
		if (!match_list(p, "patterns", c->shown, len, &s, &e)) {
			textcache_add(&b->clean, c->shown, len);
			continue;
		}
		b->v[b->n].sheet = sheet->name;
		b->v[b->n].row = c->row;
		b->v[b->n].col = c->col;
		snprintf(b->v[b->n].found, sizeof b->v[b->n].found, "%.*s", (int)(e - s), c->shown + s);
		b->n++;
	}
	return 0;
}

static int check(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_doc *doc = ds_ctx_doc(ctx);
	long long left = ds_params_int(p, "max_findings");
	int error = 0;
	char found[128];
	size_t s, e;
	for (size_t i = 0; i < ds_doc_para_count(doc) && !error && left > 0; i++) {
		const ds_para *para = ds_doc_para(doc, i);
		if (para->part == DS_PART_COMMENT || !match_list(p, "patterns", para->text, para->text_len, &s, &e))
			continue;
		snprintf(found, sizeof found, "%.*s", (int)(e - s), para->text + s);
		const ds_cases *cs = ds_ctx_cases(ctx);
		size_t k = ds_cases_of_para(cs, i);
		ds_location loc = DS_LOCATION_INIT;
		if (k != SIZE_MAX)
			ds_ctx_case_location_get(ctx, k, i, &loc);
		else
			ds_ctx_para_location_get(ctx, i, &loc);
		error = ds_ctx_emit(ctx, "placeholder", &loc, "found", found, NULL);
		left--;
	}
	if (ds_doc_format(doc) != DS_FORMAT_XLSX)
		return error;
	bool fresh;
	const book *b = ds_ctx_shared(ctx, sizeof *b, &fresh);
	for (size_t i = 0; b && i < b->n && !error && left > 0; i++, left--) {
		char ref[16];
		ds_location loc = DS_LOCATION_INIT;
		loc.sheet = b->v[i].sheet;
		loc.cell = ds_cell_ref(b->v[i].row, b->v[i].col, ref, sizeof ref);
		error = ds_ctx_emit(ctx, "placeholder", &loc, "found", b->v[i].found, NULL);
	}
	return b ? error : -1;
}

static const ds_rule_def rules[] = {
	{"text.placeholders", "No template text left in (XXX, 某某, 待补充 ...)",
	 "是否留有模板文字（XXX、某某、待补充……）", DS_APPLIES_DOCX | DS_APPLIES_XLSX, params, messages, check},
};

static const ds_row_hook row_hooks[] = {on_row};

DS_PLUGIN_DEFINE(.name = "text", .version = "1.0.0", .rules = rules, .n_rules = 1, .row_hooks = row_hooks)
