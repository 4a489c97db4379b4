/*
 * table.c - the table plugin: the statistics workbook must hold a table with
 * a year axis and the metrics the profile names (table.missing), every
 * year × metric cell must be a usable number (table.values), and a 合计 line
 * must add up (table.totals).  The table is found, not assumed (stattable.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

static const ds_param_def params[] = {STAT_TABLE_PARAMS, {NULL, 0, NULL, NULL, NULL}};

/* --------------------------------------------------------- table.missing */

static const ds_message_def missing_msgs[] = {
	{"missing", DS_SEV_ERROR, "No statistics table was found: no sheet has a year axis with metric columns.",
	 "没有找到成果统计表：没有工作表同时含有年份和统计指标。",
	 "Use the attachment 中国国际人才交流大会成果统计表: one line per year (2018–2022) and a column per metric.",
	 "请使用附件《中国国际人才交流大会成果统计表》：每年一行（2018—2022年），每个指标一列。"},
	{"metric-missing", DS_SEV_WARNING, "The statistics table on sheet \"{sheet}\" has no column for \"{metric}\".",
	 "工作表“{sheet}”的统计表中没有“{metric}”这一项。", "Add it (write 0 for years with nothing to report).",
	 "请补上该项（没有的年份填 0）。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

/* The table's figures as facts, for the collection's merged statistics:
 * table.metrics ("key\tlabel" lines, in column order), table.years
 * ("2018,2019,..."), and per metric and year table.KEY.YEAR, the value (a
 * number as such, else the text shown) with table.KEY.YEAR.cell (Sheet!B3). */
static int record(ds_rule_ctx *ctx, const stat_table *t)
{
	char list[4096] = "", key[160], value[200], cell[200];
	char keys[ST_MAX_METRICS][64];
	for (size_t m = 0; m < t->n_metrics; m++) { /* (a metric the profile gives no key: its place) */
		if (*t->metrics[m].key)
			snprintf(keys[m], sizeof keys[m], "%s", t->metrics[m].key);
		else
			snprintf(keys[m], sizeof keys[m], "metric%zu", m + 1);
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s\t%s", m ? "\n" : "", keys[m],
			 t->metrics[m].label);
	}
	int error = ds_ctx_fact(ctx, "table.metrics", list);
	list[0] = '\0';
	for (size_t y = 0; y < t->n_years; y++)
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s%d", y ? "," : "", t->years[y].year);
	if (!error)
		error = ds_ctx_fact(ctx, "table.years", list);
	for (size_t y = 0; y < t->n_years && !error; y++)
		for (size_t m = 0; m < t->n_metrics && !error; m++) {
			char ref[16];
			const ds_cell *c = stat_value(t, &t->years[y], &t->metrics[m], ref, sizeof ref);
			if (!c || c->type == DS_CELL_EMPTY)
				continue;
			if (c->type == DS_CELL_NUMBER)
				snprintf(value, sizeof value, "%.15g", c->number);
			else
				snprintf(value, sizeof value, "%s", c->shown);
			snprintf(key, sizeof key, "table.%s.%d", keys[m], t->years[y].year);
			snprintf(cell, sizeof cell, "%s!%s", t->sheet->name, ref);
			error = ds_ctx_fact(ctx, key, value);
			snprintf(key + strlen(key), sizeof key - strlen(key), ".cell");
			if (!error)
				error = ds_ctx_fact(ctx, key, cell);
		}
	return error;
}

static int check_missing(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	stat_table t;
	int found = stat_table_find(ds_ctx_doc(ctx), p, &t);
	if (found < 0)
		return -1; /* out of memory: the rule fails, it does not say "no table" */
	if (!found)
		return ds_ctx_emit(ctx, "missing", NULL, NULL);
	if (record(ctx, &t) < 0)
		return -1;
	int error = 0;
	for (size_t k = 0; k < t.n_missing && !error; k++) {
		const ds_params *m = ds_params_group_at(p, "metrics", t.missing[k]);
		ds_location loc = DS_LOCATION_INIT;
		loc.sheet = t.sheet->name;
		const char *label = ds_params_count(m, "patterns") ? ds_params_string_at(m, "patterns", 0) : "";
		error = ds_ctx_emit(ctx, "metric-missing", &loc, "sheet", t.sheet->name, "metric",
				    *ds_params_string(m, "label") ? ds_params_string(m, "label") : label, NULL);
	}
	return error;
}

/* ---------------------------------------------------------- table.values */

static const ds_message_def values_msgs[] = {
	{"blank", DS_SEV_ERROR, "{metric} for {year} is blank ({sheet}!{cell}).",
	 "{year} 年的“{metric}”为空（{sheet}!{cell}）。", "Write a number; write 0 if there was nothing.",
	 "请填写数字；没有的请填 0。"},
	{"not-number", DS_SEV_ERROR, "{metric} for {year} is \"{value}\", not a number ({sheet}!{cell}).",
	 "{year} 年的“{metric}”填的是“{value}”，不是数字（{sheet}!{cell}）。",
	 "Write the figure itself (e.g. 200, not 约200 or 若干).", "请填写具体数字（如 200，不要写“约200”“若干”）。"},
	{"negative", DS_SEV_ERROR, "{metric} for {year} is negative ({value}, {sheet}!{cell}).",
	 "{year} 年的“{metric}”为负数（{value}，{sheet}!{cell}）。", "Counts and amounts cannot be negative.",
	 "人数、项目数和金额不能为负数。"},
	{"formula-error", DS_SEV_ERROR, "{metric} for {year} is a formula error {value} ({sheet}!{cell}).",
	 "{year} 年的“{metric}”是公式错误 {value}（{sheet}!{cell}）。", "Fix the formula or type the figure.",
	 "请修正公式或直接填写数字。"},
	{"text-number", DS_SEV_WARNING, "{metric} for {year} is a number stored as text (\"{value}\", {sheet}!{cell}).",
	 "{year} 年的“{metric}”是以文本形式存储的数字（“{value}”，{sheet}!{cell}）。",
	 "Convert it to a number so that sums work (Excel: the green triangle → Convert to Number).",
	 "请转换为数字，以便求和（Excel：单元格左上角绿色三角 → 转换为数字）。"},
	{"fraction", DS_SEV_WARNING, "{metric} for {year} is {value}, a fraction in a count ({sheet}!{cell}).",
	 "{year} 年的“{metric}”为 {value}，人数或个数不应有小数（{sheet}!{cell}）。", "Counts are whole numbers.",
	 "人数、个数应为整数。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static bool numeric_text(const char *s, double *v)
{
	char clean[128], *end;
	size_t o = 0, len = strlen(s);
	for (size_t i = 0; i < len && o + 1 < sizeof clean;) {
		char c;
		i += halfwidth_char(s, len, i, &c);
		if (c != ',' && c != ' ')
			clean[o++] = c;
	}
	clean[o] = '\0';
	*v = strtod(clean, &end);
	return o && end != clean && !*end;
}

static int check_values(ds_rule_ctx *ctx)
{
	stat_table t;
	int found = stat_table_find(ds_ctx_doc(ctx), ds_ctx_params(ctx), &t);
	if (found <= 0)
		return found;
	int error = 0;
	for (size_t y = 0; y < t.n_years && !error; y++)
		for (size_t m = 0; m < t.n_metrics && !error; m++) {
			char ref[16], year[24], value[160];
			const ds_cell *c = stat_value(&t, &t.years[y], &t.metrics[m], ref, sizeof ref);
			const char *key = NULL;
			double v;
			snprintf(value, sizeof value, "%s", c ? c->shown : "");
			if (!c || c->type == DS_CELL_EMPTY || (c->type == DS_CELL_STRING && !*c->shown))
				key = "blank";
			else if (c->type == DS_CELL_ERROR)
				key = "formula-error";
			else if (c->type == DS_CELL_STRING)
				key = numeric_text(c->shown, &v) ? (v < 0 ? "negative" : "text-number") : "not-number";
			else if (c->type == DS_CELL_NUMBER && c->number < 0)
				key = "negative";
			else if (c->type == DS_CELL_NUMBER && t.metrics[m].count && c->number != floor(c->number))
				key = "fraction";
			if (!key)
				continue;
			ds_location loc = DS_LOCATION_INIT;
			loc.sheet = t.sheet->name;
			loc.cell = ref;
			error = ds_ctx_emit(ctx, key, &loc, "metric", t.metrics[m].label, "year",
					    num(year, sizeof year, t.years[y].year), "value", value, "sheet",
					    t.sheet->name, "cell", ref, NULL);
		}
	return error;
}

/* ---------------------------------------------------------- table.totals */

static const ds_message_def totals_msgs[] = {
	{"mismatch", DS_SEV_ERROR, "The total of {metric} is {total}, but the years add up to {sum} ({sheet}!{cell}).",
	 "“{metric}”的合计为 {total}，但各年相加为 {sum}（{sheet}!{cell}）。",
	 "Correct the figures or the total (a SUM formula keeps them in step).",
	 "请核对各年数字或合计（用 SUM 公式可保持一致）。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int check_totals(ds_rule_ctx *ctx)
{
	stat_table t;
	int found = stat_table_find(ds_ctx_doc(ctx), ds_ctx_params(ctx), &t);
	if (found <= 0 || !t.has_total)
		return found < 0 ? -1 : 0;
	int error = 0;
	for (size_t m = 0; m < t.n_metrics && !error; m++) {
		char ref[16], vref[16];
		const ds_cell *tc = stat_total(&t, &t.metrics[m], ref, sizeof ref);
		double total;
		if (!tc ||
		    (tc->type != DS_CELL_NUMBER && !(tc->type == DS_CELL_STRING && numeric_text(tc->shown, &total))))
			continue; /* a blank or odd total is table.values' business */
		if (tc->type == DS_CELL_NUMBER)
			total = tc->number;
		double sum = 0;
		bool usable = true;
		for (size_t y = 0; y < t.n_years; y++) {
			if (t.years[y].line == t.total_line)
				continue;
			const ds_cell *c = stat_value(&t, &t.years[y], &t.metrics[m], vref, sizeof vref);
			double v = 0;
			if (c && c->type == DS_CELL_NUMBER)
				v = c->number;
			else if (c && c->type == DS_CELL_STRING && !numeric_text(c->shown, &v))
				usable = false;
			sum += v;
		}
		if (!usable || fabs(sum - total) <= 1e-6 * fmax(1.0, fabs(total)))
			continue;
		char s_total[64], s_sum[64];
		snprintf(s_total, sizeof s_total, "%.10g", total);
		snprintf(s_sum, sizeof s_sum, "%.10g", sum);
		ds_location loc = DS_LOCATION_INIT;
		loc.sheet = t.sheet->name;
		loc.cell = ref;
		error = ds_ctx_emit(ctx, "mismatch", &loc, "metric", t.metrics[m].label, "total", s_total, "sum", s_sum,
				    "sheet", t.sheet->name, "cell", ref, NULL);
	}
	return error;
}

static const ds_rule_def rules[] = {
	{"table.missing", "The workbook holds the statistics table and its metrics", "是否有成果统计表及各项指标",
	 DS_APPLIES_XLSX, params, missing_msgs, check_missing},
	{"table.values", "Every year × metric cell is a usable number", "每个年份、指标单元格是否为有效数字",
	 DS_APPLIES_XLSX, params, values_msgs, check_values},
	{"table.totals", "A 合计 line adds up", "合计是否等于各年之和", DS_APPLIES_XLSX, params, totals_msgs,
	 check_totals},
};

DS_PLUGIN_DEFINE(.name = "table", .version = "1.0.0", .rules = rules, .n_rules = sizeof rules / sizeof rules[0])
