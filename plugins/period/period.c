/*
 * period.c - the period plugin: the years a case speaks of (2019年, 2019-05,
 * 2019.5, 2019/5, 二〇一九年, ranges 2018—2022年) against the collection's
 * period, with plans and forecasts allowed to look ahead; and the years of
 * the statistics table (each year once, none missing).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

/* ------------------------------------------------------- period.case-years */

static const ds_param_def case_params[] = {
	{"first_year", DS_PARAM_INT, "2001", "first year of the period", NULL},
	{"last_year", DS_PARAM_INT, "2022", "last year of the period", NULL},
	{"year_pattern", DS_PARAM_PATTERN,
	 "(?<![\\d.])((?:19|20)\\d{2})(?=\\s*(?:年|[-—–~～至到]\\s*(?:(?:19|20)\\d{2}|\\d{1,2}(?!\\d))|[./]\\d{1,2}(?!\\d)))",
	 "a year written in digits (the first group is the year)", NULL},
	{"cn_year_pattern", DS_PARAM_PATTERN, "[一二三四五六七八九〇零○]{4}(?=\\s*年)",
	 "a year written in Chinese numerals", NULL},
	{"plan_patterns", DS_PARAM_PATTERNS, "预计\n计划\n预期\n将\n力争\n目标\n到\\s*$\n至\\s*$\n展望\n规划",
	 "words that make a later year a plan or forecast", NULL},
	{"plan_window", DS_PARAM_INT, "15", "how many characters before a year a plan word may stand", NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def case_msgs[] = {
	{"none-in-period", DS_SEV_WARNING, "Case {case} \"{title}\" names no year in the period {first}–{last}.",
	 "案例{case}“{title}”没有提到 {first}—{last} 年间的任何年份。",
	 "Say when things happened (e.g. 2019年), so the committee can place the case in the period.",
	 "请写明事件发生的年份（如“2019年”），便于组委会确认案例在征集范围内。"},
	{"after-period", DS_SEV_WARNING, "Case {case} \"{title}\" speaks of {year}, after the period {first}–{last}.",
	 "案例{case}“{title}”提到了 {year} 年，晚于征集范围（{first}—{last} 年）。",
	 "Results after {last} are outside the collection; if it is a plan, say so (预计、计划…).",
	 "{last} 年以后的成果不在征集范围内；如属规划或预期，请写明“预计”“计划”等。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int cn_digit(const char *s, size_t *len)
{
	static const char *d[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
	for (int i = 0; i < 10; i++)
		if (!strncmp(s, d[i], strlen(d[i]))) {
			*len = strlen(d[i]);
			return i;
		}
	if (!strncmp(s, "零", 3) || !strncmp(s, "○", 3)) {
		*len = 3;
		return 0;
	}
	*len = 1;
	return -1;
}

/* Is there a plan word within `window` characters before offset (same sentence)? */
static bool in_plan(const ds_params *p, const char *text, size_t off)
{
	long long window = ds_params_int(p, "plan_window");
	size_t start = off, chars = 0;
	while (start > 0 && chars < (size_t)window) {
		size_t prev = start - 1;
		while (prev > 0 && ((unsigned char)text[prev] & 0xC0) == 0x80)
			prev--;
		if (!strncmp(text + prev, "。", 3) || !strncmp(text + prev, "；", 3) ||
		    !strncmp(text + prev, "！", 3) || !strncmp(text + prev, "？", 3) || text[prev] == '\n')
			break;
		start = prev;
		chars++;
	}
	return match_list(p, "plan_patterns", text + start, off - start, NULL, NULL);
}

typedef struct year_hit {
	int year;
	bool plan;
	size_t para;
	size_t at; /* where in the paragraph's text (bytes) */
} year_hit;

static size_t years_in(const ds_params *p, const char *text, size_t len, size_t para, year_hit *out, size_t max)
{
	size_t n = 0, at = 0, s, e;
	while (n < max && ds_pattern_match(ds_params_pattern(p, "year_pattern"), text, len, at, &s, &e)) {
		out[n++] = (year_hit){atoi(text + s), in_plan(p, text, s), para, s};
		at = e > s ? e : s + 1;
	}
	at = 0;
	while (n < max && ds_pattern_match(ds_params_pattern(p, "cn_year_pattern"), text, len, at, &s, &e)) {
		int y = 0, ok = 1;
		for (size_t i = s; i < e && ok;) {
			size_t l;
			int d = cn_digit(text + i, &l);
			ok = d >= 0;
			y = y * 10 + d;
			i += l;
		}
		if (ok)
			out[n++] = (year_hit){y, in_plan(p, text, s), para, s};
		at = e > s ? e : s + 1;
	}
	return n;
}

/* The words a finding is about, quoted so that they are in the quote: a
 * year far into its paragraph is quoted from a little before it, marked
 * "…" at the front (the reports then say "the passage", not "the
 * paragraph that begins"); near the start, the paragraph's opening words
 * (first) do. */
static const char *quote_at(const ds_para *para, size_t at, const char *first, char *out, size_t size)
{
	if (!para || at >= para->text_len)
		return first;
	size_t chars = 0, from = at;
	for (size_t q = 0; q < at; q++)
		chars += ((unsigned char)para->text[q] & 0xC0) != 0x80;
	if (chars < 16) /* (the opening words show it) */
		return first;
	for (size_t back = 0; from > 0 && back < 6;) { /* a few characters before, to a sentence's start */
		size_t prev = from - 1;
		while (prev > 0 && ((unsigned char)para->text[prev] & 0xC0) == 0x80)
			prev--;
		if (!strncmp(para->text + prev, "。", 3) || !strncmp(para->text + prev, "，", 3) ||
		    !strncmp(para->text + prev, "；", 3))
			break;
		from = prev;
		back++;
	}
	snprintf(out, size, "…%.*s", (int)(para->text_len - from < size - 4 ? para->text_len - from : size - 4),
		 para->text + from);
	return out;
}

static int by_year(const void *a, const void *b)
{
	return ((const year_hit *)a)->year - ((const year_hit *)b)->year;
}

/* The years a case mentions, for the case register: fact case.N.years,
 * "2006, 2016–2022" (distinct, in order, runs joined). */
static int record_years(ds_rule_ctx *ctx, const char *n_case, year_hit *hits, size_t n)
{
	if (!n)
		return 0;
	year_hit *v = malloc(n * sizeof *v);
	if (!v)
		return DS_ENOMEM;
	memcpy(v, hits, n * sizeof *v);
	qsort(v, n, sizeof *v, by_year);
	char list[400] = "", key[48];
	for (size_t k = 0; k < n;) {
		size_t e = k;
		while (e + 1 < n && v[e + 1].year - v[e].year <= 1)
			e++;
		size_t len = strlen(list);
		if (v[e].year > v[k].year)
			snprintf(list + len, sizeof list - len, "%s%d–%d", len ? ", " : "", v[k].year, v[e].year);
		else
			snprintf(list + len, sizeof list - len, "%s%d", len ? ", " : "", v[k].year);
		k = e + 1;
	}
	free(v);
	snprintf(key, sizeof key, "case.%s.years", n_case);
	return ds_ctx_fact(ctx, key, list);
}

static int check_case_years(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_cases *cs = ds_ctx_cases(ctx);
	const ds_doc *doc = ds_ctx_doc(ctx);
	int first = (int)ds_params_int(p, "first_year"), last = (int)ds_params_int(p, "last_year");
	char n_first[24], n_last[24];
	num(n_first, sizeof n_first, first);
	num(n_last, sizeof n_last, last);
	int error = 0;
	for (size_t i = 0; i < ds_cases_count(cs) && !error; i++) {
		const ds_case *c = ds_cases_at(cs, i);
		year_hit hits[256];
		size_t n = years_in(p, c->title, strlen(c->title), c->heading, hits, 256);
		for (size_t k = c->first; k < c->end && n < 256; k++) {
			const ds_para *para = ds_doc_para(doc, k);
			if (para->part != DS_PART_BODY || ds_cases_is_contact(cs, k))
				continue;
			n += years_in(p, para->text, para->text_len, k, hits + n, 256 - n);
		}
		bool inside = false;
		for (size_t k = 0; k < n; k++)
			inside = inside || (hits[k].year >= first && hits[k].year <= last);
		char n_case[24];
		num(n_case, sizeof n_case, (long long)c->index);
		error = record_years(ctx, n_case, hits, n);
		const char *title = *c->title ? c->title : "—";
		if (!error && !inside) {
			ds_location loc = case_start_location(ctx, i);
			error = ds_ctx_emit(ctx, "none-in-period", &loc, "case", n_case, "title", title, "first",
					    n_first, "last", n_last, NULL);
		}
		for (size_t k = 0; k < n && !error; k++) {
			if (hits[k].year <= last || hits[k].plan)
				continue;
			bool seen = false; /* one finding per year and case */
			for (size_t j = 0; j < k; j++)
				seen = seen || (hits[j].year == hits[k].year && !hits[j].plan);
			if (seen)
				continue;
			char n_year[24], quote[160];
			ds_location loc = DS_LOCATION_INIT;
			ds_ctx_case_location_get(ctx, i, hits[k].para, &loc);
			loc.excerpt =
				quote_at(ds_doc_para(doc, hits[k].para), hits[k].at, loc.excerpt, quote, sizeof quote);
			error = ds_ctx_emit(ctx, "after-period", &loc, "case", n_case, "title", title, "year",
					    num(n_year, sizeof n_year, hits[k].year), "first", n_first, "last", n_last,
					    NULL);
		}
	}
	return error;
}

/* ------------------------------------------------------ period.table-years */

static const ds_param_def table_params[] = {
	{"first_year", DS_PARAM_INT, "2018", "first year the table must cover", NULL},
	{"last_year", DS_PARAM_INT, "2022", "last year the table must cover", NULL},
	STAT_TABLE_PARAMS,
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def table_msgs[] = {
	{"missing-year", DS_SEV_ERROR, "The statistics table on sheet \"{sheet}\" has no row or column for {year}.",
	 "工作表“{sheet}”的统计表缺少 {year} 年。",
	 "Add {year} (write 0 where there was nothing): the table covers {first}–{last}.",
	 "请补上 {year} 年（没有数据的填 0）：统计范围为 {first}—{last} 年。"},
	{"duplicate-year", DS_SEV_ERROR, "The statistics table gives {year} twice ({cells}).",
	 "统计表中 {year} 年出现了两次（{cells}）。", "Keep one line per year and add the figures up.",
	 "每个年份只保留一行（列），请合并数字。"},
	{"outside-year", DS_SEV_WARNING, "The statistics table has a line for {year}, outside {first}–{last}.",
	 "统计表中有 {year} 年，不在统计范围（{first}—{last} 年）内。",
	 "The notice asks for {first}–{last} only; remove {year} or explain it.",
	 "通知只要求 {first}—{last} 年的数据，请删除 {year} 年或加以说明。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int check_table_years(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	stat_table t;
	int table = stat_table_find(ds_ctx_doc(ctx), p, &t);
	if (table <= 0)
		return table; /* none: table.missing says so; -1: out of memory, the rule fails */
	int first = (int)ds_params_int(p, "first_year"), last = (int)ds_params_int(p, "last_year");
	char n_first[24], n_last[24], n_year[24];
	num(n_first, sizeof n_first, first);
	num(n_last, sizeof n_last, last);
	int error = 0;
	for (int y = first; y <= last && !error; y++) {
		bool found = false;
		for (size_t k = 0; k < t.n_years; k++)
			found = found || t.years[k].year == y;
		if (!found) {
			ds_location loc = DS_LOCATION_INIT;
			loc.sheet = t.sheet->name;
			error = ds_ctx_emit(ctx, "missing-year", &loc, "sheet", t.sheet->name, "year",
					    num(n_year, sizeof n_year, y), "first", n_first, "last", n_last, NULL);
		}
	}
	for (size_t k = 0; k < t.n_years && !error; k++) {
		const st_year *y = &t.years[k];
		size_t before = 0;
		for (size_t j = 0; j < k; j++)
			before += t.years[j].year == y->year;
		ds_location loc = DS_LOCATION_INIT;
		char ref[16];
		loc.sheet = t.sheet->name;
		num(n_year, sizeof n_year, y->year);
		loc.cell = t.years_down ? ds_cell_ref(y->line, t.axis, ref, sizeof ref) /* the year's own cell */
					: ds_cell_ref(t.axis, y->line, ref, sizeof ref);
		if (before == 1)
			error = ds_ctx_emit(ctx, "duplicate-year", &loc, "year", n_year, "cells", loc.cell, NULL);
		else if (!before && (y->year < first || y->year > last))
			error = ds_ctx_emit(ctx, "outside-year", &loc, "year", n_year, "first", n_first, "last", n_last,
					    NULL);
	}
	return error;
}

static const ds_rule_def rules[] = {
	{"period.case-years", "The years a case speaks of lie in the period", "案例提到的年份是否在征集范围内",
	 DS_APPLIES_DOCX, case_params, case_msgs, check_case_years},
	{"period.table-years", "The statistics table covers each year of the period once", "统计表是否逐年覆盖统计范围",
	 DS_APPLIES_XLSX, table_params, table_msgs, check_table_years},
};

DS_PLUGIN_DEFINE(.name = "period", .version = "1.0.0", .rules = rules, .n_rules = sizeof rules / sizeof rules[0])
