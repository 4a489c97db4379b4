/*
 * common.h - helpers the CITEC plugins share: a growable string, full-width
 * to half-width folding, pattern lists, locations, and the statistics-table
 * finder (stattable.c).  Linked statically into each plugin.
 */
#ifndef DS_PLUGIN_COMMON_H
#define DS_PLUGIN_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "docscreen/cases.h"
#include "docscreen/model.h"
#include "docscreen/plugin.h"

/* Full-width ASCII (U+FF01–FF5E) and U+3000 folded to ASCII; malloc'd. */
char *halfwidth(const char *s, size_t len);
/* The same for the character at s[i] (i < len), into *out: the bytes it took. */
size_t halfwidth_char(const char *s, size_t len, size_t i, char *out);

/* Does any pattern of list `name` match s? start/end of the first match. */
bool match_list(const ds_params *p, const char *name, const char *s, size_t len, size_t *start, size_t *end);

/* Does a pattern of list name match the case's title or one of its body
 * paragraphs (not its contact lines)?  A phrase does not span paragraphs. */
bool case_matches(const ds_rule_ctx *ctx, const ds_case *c, const ds_params *p, const char *name);
/* Where case i starts: its heading, or its first paragraph when it has none. */
ds_location case_start_location(const ds_rule_ctx *ctx, size_t i);
/* Split a contact value holding several numbers or addresses (、 ， , ； ;
 * / 或 和) into at most max trimmed, non-empty parts, each in a slot of
 * width bytes of out; their number. */
size_t split_values(const char *value, char *out, size_t width, size_t max);
/* A contact value without spaces at its ends or a trailing ',' or ';'. */
void trim_value(char *s);
/* A phone number as the numbering plan reads it: a mobile as its eleven
 * digits; a landline as AREA-LOCAL when the area code is written apart (in
 * brackets, or ended by a space or hyphen: "0577-861234" is area 0577 and
 * local 861234), else its digits; then an extension's marker (转, 分机,
 * ext, x, #, or a hyphen after a whole local number) and digits.  +86 and
 * 0086 are taken off (and an area code's 0 put back); anything else stays,
 * so that no pattern matches it. */
void phone_form(const char *in, char *out, size_t size);
/* The digits of a phone number: spaces, hyphens and brackets out, +86 off. */
void phone_digits(const char *in, char *out, size_t size);
/* Decimal text of n in buf. */
const char *num(char *buf, size_t size, long long n);

/* Texts already looked at: the cells of a workbook repeat their strings, so
 * a text found to hold nothing need not be looked at again.  A fixed table
 * (4-way, 16384 texts) of 64-bit hashes of the texts -- not their
 * addresses, which a workbook stream reuses for the rows it has passed --
 * that forgets the oldest of a set; it needs no freeing, so it can live in a
 * ds_ctx_shared() block. */
typedef struct textcache {
	uint64_t v[4096][4];
} textcache;
bool textcache_has(const textcache *t, const char *s, size_t len);
void textcache_add(textcache *t, const char *s, size_t len);
/* The cell of a row at column col, or NULL. */
const ds_cell *row_cell(const ds_cell *row, size_t n, uint32_t col);

/* ------------------------------------------------------ statistics table */

#define ST_MAX_YEARS 64
#define ST_MAX_METRICS 32

typedef struct st_year {
	int year;
	uint32_t line; /* the row (years down a column) or column (years across a row) */
} st_year;

typedef struct st_metric {
	const char *key;
	char label[128];
	uint32_t line; /* the column (years down) or row (years across) */
	bool count;    /* a count: fractions are suspicious */
} st_metric;

typedef struct stat_table {
	const ds_sheet *sheet;
	bool years_down;
	uint32_t axis; /* the column (years down) or row that holds the years */
	st_year years[ST_MAX_YEARS];
	size_t n_years;
	st_metric metrics[ST_MAX_METRICS];
	size_t n_metrics;
	bool has_total;
	uint32_t total_line;
	size_t missing[ST_MAX_METRICS]; /* metric groups of the profile not found */
	size_t n_missing;
} stat_table;

/* The parameters of the finder, shared by table.* and period.table-years. */
#define STAT_TABLE_PARAMS                                                                                              \
	{"year_pattern", DS_PARAM_PATTERN, "^\\s*((?:19|20)\\d{2})\\s*(年度?)?\\s*$", "a cell that names a year",      \
	 NULL},                                                                                                        \
		{"total_pattern", DS_PARAM_PATTERN, "^\\s*(合\\s*计|总\\s*计|小\\s*计|总数|共计)\\s*$",                \
		 "a cell that labels the totals", NULL},                                                               \
	{                                                                                                              \
		"metrics", DS_PARAM_GROUP, NULL, "the metric columns", stat_metric_fields                              \
	}
extern const ds_param_def stat_metric_fields[];

/* Find the statistics table of a workbook: 1, 0 when there is none, -1 when
 * memory ran out (the rule must fail, not report "no table"). */
int stat_table_find(const ds_doc *doc, const ds_params *p, stat_table *t);
/* The cell of one year and one metric (NULL when blank); its reference. */
const ds_cell *stat_value(const stat_table *t, const st_year *y, const st_metric *m, char *ref, size_t ref_size);
/* The cell of the totals for a metric (NULL when blank). */
const ds_cell *stat_total(const stat_table *t, const st_metric *m, char *ref, size_t ref_size);

#endif
