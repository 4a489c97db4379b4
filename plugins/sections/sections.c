/*
 * sections.c - the sections plugin: is there case text at all (case.none),
 * which category each case belongs to, whether it covers the focus points
 * the notice lists for its category, and whether it mentions the
 * conference at all.  Patterns and points come from the profile.
 */
#include <stdio.h>
#include <string.h>

#include "common.h"

/* ------------------------------------------------------------- case.none */

static const ds_message_def none_msgs[] = {
	{"none", DS_SEV_ERROR, "No case text was found in the document.", "文档中没有找到案例正文。",
	 "Write each case (about 1000 字) under its own heading.", "请在各自的标题下撰写每个案例（约1000字）。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int check_none(ds_rule_ctx *ctx)
{
	return ds_cases_count(ds_ctx_cases(ctx)) ? 0 : ds_ctx_emit(ctx, "none", NULL, NULL);
}

/* ------------------------------------------------------- sections.category */

static const ds_param_def category_params[] = {{"category_names", DS_PARAM_STRING,
						"典型地区、典型机构、典型项目、典型人才",
						"the categories as the notice names them, for the hint", NULL},
					       {NULL, 0, NULL, NULL, NULL}};

static const ds_message_def category_msgs[] = {
	{"category", DS_SEV_INFO, "Case {case} \"{title}\" is counted as {category} ({how}).",
	 "案例{case}“{title}”归入“{category}”（{how_zh}）。", NULL, NULL},
	{"undecided", DS_SEV_WARNING,
	 "The category of case {case} \"{title}\" cannot be told from its headings or words.",
	 "无法从标题或内容判断案例{case}“{title}”属于哪一类。",
	 "Put it under a category heading such as “{names}”, or name the category in its title.",
	 "请把它放在“{names}”等类别标题下，或在案例标题中写明类别。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int check_category(ds_rule_ctx *ctx)
{
	const ds_cases *cs = ds_ctx_cases(ctx);
	int error = 0;
	for (size_t i = 0; i < ds_cases_count(cs) && !error; i++) {
		const ds_case *c = ds_cases_at(cs, i);
		char n[24];
		ds_location loc = case_start_location(ctx, i);
		if (c->category)
			error = ds_ctx_emit(ctx, "category", &loc, "case", num(n, sizeof n, (long long)c->index),
					    "title", *c->title ? c->title : "—", "category", c->category_name, "how",
					    c->category_from_heading ? "from its heading" : "from its words", "how_zh",
					    c->category_from_heading ? "依据标题" : "依据内容判断", NULL);
		else
			error = ds_ctx_emit(ctx, "undecided", &loc, "case", num(n, sizeof n, (long long)c->index),
					    "title", *c->title ? c->title : "—", "names",
					    ds_params_string(ds_ctx_params(ctx), "category_names"), NULL);
	}
	return error;
}

/* ---------------------------------------------------------- sections.focus */

static const ds_param_def point_fields[] = {
	{"category", DS_PARAM_STRING, "", "the category key the point belongs to", NULL},
	{"kind", DS_PARAM_STRING, "",
	 "the kind of case the point belongs to (the profile's <cases> kinds; empty: every kind)", NULL},
	{"point", DS_PARAM_STRING, "", "the focus point, as the notice words it", NULL},
	{"patterns", DS_PARAM_PATTERNS, "", "text that shows the point is covered", NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_param_def focus_params[] = {
	{"points", DS_PARAM_GROUP, NULL, "the focus points of each category", point_fields},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def focus_msgs[] = {{"missing", DS_SEV_WARNING,
					     "Case {case} \"{title}\" ({category}) does not seem to cover: {point}.",
					     "案例{case}“{title}”（{category}）似乎没有介绍：{point}。",
					     "The notice asks {category} cases to cover this; add a passage about it.",
					     "通知要求{category}案例重点介绍这一点，请补充相关内容。"},
					    {NULL, 0, NULL, NULL, NULL, NULL}};

static int check_focus(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_cases *cs = ds_ctx_cases(ctx);
	int error = 0;
	for (size_t i = 0; i < ds_cases_count(cs) && !error; i++) {
		const ds_case *c = ds_cases_at(cs, i);
		if (!c->category)
			continue;
		for (size_t k = 0, n_k = ds_params_count(p, "points"); k < n_k && !error; k++) {
			const ds_params *pt = ds_params_group_at(p, "points", k);
			const char *kind = ds_params_string(pt, "kind");
			if (strcmp(ds_params_string(pt, "category"), c->category) ||
			    (*kind && c->kind && strcmp(kind, c->kind)))
				continue;
			if (case_matches(ctx, c, pt, "patterns"))
				continue;
			char n[24];
			ds_location loc = case_start_location(ctx, i);
			error = ds_ctx_emit(ctx, "missing", &loc, "case", num(n, sizeof n, (long long)c->index),
					    "title", *c->title ? c->title : "—", "category", c->category_name, "point",
					    ds_params_string(pt, "point"), NULL);
		}
	}
	return error;
}

/* ----------------------------------------------------- sections.conference */

static const ds_param_def conference_params[] = {{"patterns", DS_PARAM_PATTERNS,
						  "中国国际人才交流大会\n人才交流大会\n人才大会\n交流大会\nCITEC\n大会",
						  "ways to name the conference", NULL},
						 {NULL, 0, NULL, NULL, NULL}};

static const ds_message_def conference_msgs[] = {
	{"missing", DS_SEV_ERROR, "Case {case} \"{title}\" never mentions the conference.",
	 "案例{case}“{title}”通篇没有提到大会。",
	 "Say what the China International Talent Exchange Conference (中国国际人才交流大会) did in this case: "
	 "the collection is about results of the conference.",
	 "请写明中国国际人才交流大会在该案例中发挥的作用：本次征集的是大会成果案例。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int check_conference(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_cases *cs = ds_ctx_cases(ctx);
	int error = 0;
	for (size_t i = 0; i < ds_cases_count(cs) && !error; i++) {
		const ds_case *c = ds_cases_at(cs, i);
		if (!case_matches(ctx, c, p, "patterns")) {
			char n[24];
			ds_location loc = case_start_location(ctx, i);
			error = ds_ctx_emit(ctx, "missing", &loc, "case", num(n, sizeof n, (long long)c->index),
					    "title", *c->title ? c->title : "—", NULL);
		}
	}
	return error;
}

static const ds_rule_def rules[] = {
	{"case.none", "The document holds case text", "文档中有案例正文", DS_APPLIES_DOCX, NULL, none_msgs, check_none},
	{"sections.category", "The category of each case", "每个案例的类别", DS_APPLIES_DOCX, category_params,
	 category_msgs, check_category},
	{"sections.focus", "Each case covers the focus points of its category", "案例是否介绍了本类别的重点内容",
	 DS_APPLIES_DOCX, focus_params, focus_msgs, check_focus},
	{"sections.conference", "Each case mentions the conference", "案例是否提到大会", DS_APPLIES_DOCX,
	 conference_params, conference_msgs, check_conference},
};

DS_PLUGIN_DEFINE(.name = "sections", .version = "1.0.0", .rules = rules, .n_rules = sizeof rules / sizeof rules[0])
