/*
 * text.c - the text plugin: template text left in a submission (XXX, ×××,
 * 某某, 待补充, 请填写, TODO ...), in any paragraph or cell.
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

static const ds_message_def messages[] = {
	{"placeholder", DS_SEV_WARNING, "Template text “{found}” was left in.", "文中留有模板文字“{found}”。",
	 "Replace it with the real content.", "请替换为实际内容。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

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
		ds_location loc = k != SIZE_MAX ? ds_ctx_case_location(ctx, k, i) : ds_ctx_para_location(ctx, i);
		error = ds_ctx_emit(ctx, "placeholder", &loc, "found", found, NULL);
		left--;
	}
	ptrset clean = {0}; /* shared strings already seen to hold no placeholder */
	for (size_t sh = 0; sh < ds_doc_sheet_count(doc) && !error && left > 0; sh++) {
		const ds_sheet *sheet = ds_doc_sheet(doc, sh);
		for (size_t i = 0; i < sheet->n_cells && !error && left > 0; i++) {
			const ds_cell *c = &sheet->cells[i];
			if (c->type != DS_CELL_STRING || ptrset_has(&clean, c->shown))
				continue;
			if (!match_list(p, "patterns", c->shown, strlen(c->shown), &s, &e)) {
				ptrset_add(&clean, c->shown);
				continue;
			}
			char ref[16];
			snprintf(found, sizeof found, "%.*s", (int)(e - s), c->shown + s);
			ds_location loc = DS_LOCATION_INIT;
			loc.sheet = sheet->name;
			loc.cell = ds_cell_ref(c->row, c->col, ref, sizeof ref);
			error = ds_ctx_emit(ctx, "placeholder", &loc, "found", found, NULL);
			left--;
		}
	}
	ptrset_free(&clean);
	return error;
}

static const ds_rule_def rules[] = {
	{"text.placeholders", "No template text left in (XXX, 某某, 待补充 ...)", "是否留有模板文字（XXX、某某、待补充……）",
	 DS_APPLIES_DOCX | DS_APPLIES_XLSX, params, messages, check},
};

static const ds_plugin_def plugin = {DS_PLUGIN_ABI_MAJOR, DS_PLUGIN_ABI_MINOR, "text", "1.0.0", rules, 1,
				     NULL, NULL};

DS_PLUGIN_EXPORT const ds_plugin_def *ds_plugin_entry(void);
DS_PLUGIN_EXPORT const ds_plugin_def *ds_plugin_entry(void) { return &plugin; }
