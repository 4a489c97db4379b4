/*
 * scope.h - where a rule of a kind looks: the parts of a document it checks
 * one by one (units), from the rule's scope parameters.
 *
 *   scope    document | body | text | headers | notes | heading | section |
 *            case | paragraph | table
 *   level    heading: its level (1-9; 0 any); section: the opening heading's
 *   section  section: a pattern the opening heading (or short line) matches
 *   until    section: a pattern of the paragraph that ends it (else the next
 *            heading of its level or higher)
 *   where    only the paragraphs whose text matches it
 *   label    how the messages name the scope ({scope}) instead
 *
 * A unit is a list of paragraph indices and the place to name when the
 * whole unit is at fault.
 */
#ifndef DS_KINDS_SCOPE_H
#define DS_KINDS_SCOPE_H

#include <stdbool.h>
#include <stddef.h>

#include "common.h"

/* The scope parameters every document kind takes, default scope given. */
/* clang-format off */
#define SCOPE_PARAMS(dflt) \
	{"scope", DS_PARAM_STRING, dflt, \
	 "document, body, text, headers, notes, heading, section, case, paragraph or table", NULL}, \
	{"level", DS_PARAM_INT, "0", "heading or section: the heading level (1-9; 0: any)", NULL}, \
	{"section", DS_PARAM_PATTERN, NULL, "section: the pattern of the heading that opens it", NULL}, \
	{"until", DS_PARAM_PATTERN, NULL, "section: the pattern of the paragraph that ends it", NULL}, \
	{"where", DS_PARAM_PATTERN, NULL, "only the paragraphs whose text matches", NULL}, \
	{"label", DS_PARAM_STRING, NULL, "how the messages name the scope ({scope}): 正文, the body", NULL}
/* clang-format on */

typedef struct unit {
	size_t *paras;
	size_t n;
	size_t head;    /* the paragraph that names it (a heading, the first), or SIZE_MAX */
	size_t case_ix; /* case scope: the case (0-based), else SIZE_MAX */
} unit;

typedef struct units {
	unit *v;
	size_t n;
	size_t *store; /* the paragraph indices of all units */
	const char *scope;
	bool bad_scope; /* scope names no scope: the rule says so */
} units;

/* The units of the rule's scope in the document; 0, or -1 out of memory. */
int units_build(ds_rule_ctx *ctx, units *u);
void units_free(units *u);

/* Whether a paragraph is a heading, and its level (1-9). */
int heading_level(const ds_para *p);
/* A paragraph's text without the spaces at its ends (label not included). */
const char *trimmed(const ds_para *p, size_t *len);
/* Its list label and text as a reader sees them ("第一章 绪论"): in buf
 * when it has a label, else its trimmed text. */
const char *full_text(const ds_para *p, char *buf, size_t size, size_t *len);
/* Whether a pattern matches that. */
bool full_match(const ds_pattern *pat, const ds_para *p);
/* A table of contents' entry (a toc style, or a tab and a page number at
 * its end): it names the parts, it is not one. */
bool is_toc(const ds_para *p);
/* The location of paragraph i (with its case when it has one), or of the
 * unit (its case, its heading) when i is SIZE_MAX. */
ds_location unit_location(ds_rule_ctx *ctx, const unit *u, size_t i);
/* The unit in words, for {scope}: "the section “摘要”", "“摘要”部分". */
void unit_name(ds_rule_ctx *ctx, const units *us, const unit *u, char *en, char *zh, size_t size);

#endif
