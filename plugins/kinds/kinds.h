/*
 * kinds.h - what the files of the kinds plugin share: the format and cells
 * kinds' definitions, and text helpers.
 */
#ifndef DS_KINDS_H
#define DS_KINDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common.h"

/* The width in bytes of the UTF-8 character at s[i]. */
size_t utf8_width(const char *s, size_t len, size_t i);
/* The next match of pat in s from *at (moved past it); false at the end. */
bool next_match(const ds_pattern *pat, const char *s, size_t len, size_t *at, size_t *start, size_t *end);
/* s[start, end) for a message, cut on a character with … when long. */
void excerpt(const char *s, size_t start, size_t end, char *out, size_t size);
/* "3–5 字", "at least 3 words" ... in both languages. */
void limits_text(long long min, long long max, const char *unit_en, const char *unit_zh, char *en, char *zh,
		 size_t size);
/* A size as 小四, 三号 or 12pt in half-points; 0 when it cannot be read. */
uint32_t size_halfpoints(const char *s);

/* format.c */
extern const ds_param_def format_params[];
extern const ds_message_def format_messages[];
int format_check(ds_rule_ctx *ctx);
#define KIND_FORMAT                                                                                                    \
	{                                                                                                              \
		"format", "Fonts, size, weight, alignment, line spacing and indent",                                   \
			"字体、字号、加粗、对齐、行距和缩进", DS_APPLIES_KIND | DS_APPLIES_DOCX, format_params,        \
			format_messages, format_check                                                                  \
	}

/* cells.c */
extern const ds_param_def cells_params[];
extern const ds_message_def cells_messages[];
int cells_check(ds_rule_ctx *ctx);
#define KIND_CELLS                                                                                                     \
	{                                                                                                              \
		"cells", "A sheet's columns under its header row: types, ranges, values",                              \
			"工作表各列：类型、范围、取值", DS_APPLIES_KIND | DS_APPLIES_XLSX, cells_params,               \
			cells_messages, cells_check                                                                    \
	}

#endif
