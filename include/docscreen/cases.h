/*
 * cases.h - a case document divided into its cases.
 *
 * Headings come from outline levels (heading styles, w:outlineLvl) or, for
 * the many documents that never use heading styles, from short paragraphs
 * whose label and text match the profile's heading patterns, or bold short
 * lines.  Category headings (典型机构 …) open a category; the headings under
 * them open cases.  The document title is not a case; paragraphs carrying
 * the submitter's contact fields belong to the document.  The profile's
 * <cases> element configures all of it (see ds_cases_params()).
 */
#ifndef DOCSCREEN_CASES_H
#define DOCSCREEN_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ds_case {
	size_t index;               /* 1-based */
	const char *title;          /* label + text of its heading; "" for an untitled document */
	size_t heading;             /* paragraph index of the heading, or SIZE_MAX */
	size_t first, end;          /* body paragraphs [first, end), heading excluded */
	const char *category;       /* "region", "institution", ... (the profile's keys) or NULL */
	const char *category_name;  /* 典型机构 … as the profile names it, or NULL */
	bool category_from_heading; /* false: decided from keywords */
	int reserved;               /* project_type before ABI 1.4; always 0 */
	uint64_t words;             /* 字数 of the body, contact paragraphs excluded */
	/* ABI 1.4 */
	const char *kind;      /* the profile's kind of case within its category (key), or NULL */
	const char *kind_name; /* the kind as the profile names it, or NULL */
} ds_case;

typedef struct ds_cases ds_cases;

/* The parameters a profile's <cases> element may set, with defaults. */
const ds_param_def *ds_cases_params(void);

/* Divide doc into cases under cfg (bound from ds_cases_params()). */
int ds_cases_build(ds_cases **out, const ds_doc *doc, const ds_params *cfg);
void ds_cases_free(ds_cases *cases);

size_t ds_cases_count(const ds_cases *cases);
const ds_case *ds_cases_at(const ds_cases *cases, size_t i);
/* The document's title ("" when none) and its paragraph (SIZE_MAX). */
const char *ds_cases_title(const ds_cases *cases);
size_t ds_cases_title_para(const ds_cases *cases);
/* Whether a paragraph carries contact fields (报送单位：… 联系人：…). */
bool ds_cases_is_contact(const ds_cases *cases, size_t para);
/* The case a paragraph belongs to (0-based), or SIZE_MAX. */
size_t ds_cases_of_para(const ds_cases *cases, size_t para);

/* The cases of the document a rule is looking at (NULL for workbooks). */
const ds_cases *ds_ctx_cases(const ds_rule_ctx *ctx);
/* A paragraph's location with case number, title and excerpt filled in
 * (para SIZE_MAX: the case's alone), into *loc as far as loc->version
 * goes: 0, or DS_ERROR when there is no such case.  (ABI 1.3) */
int ds_ctx_case_location_get(const ds_rule_ctx *ctx, size_t case_index, size_t para, ds_location *loc);
/* The same returned whole, for plugins built against ABI 1.0-1.2. */
ds_location ds_ctx_case_location(const ds_rule_ctx *ctx, size_t case_index, size_t para);

#ifdef __cplusplus
}
#endif
#endif
