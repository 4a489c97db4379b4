/*
 * wordcount.c - the wordcount plugin: is each case about as long as the
 * notice asks (约1000字)?  The count is the case's 字数 as Word shows it
 * (shared/specs/wordcount.md), without its heading and contact lines; the
 * bands come from the profile.
 */
#include <stdio.h>

#include "common.h"

static const ds_param_def params[] = {
	{"target", DS_PARAM_INT, "1000", "the length asked for", NULL},
	{"ok_min", DS_PARAM_INT, "800", "shortest length without a finding", NULL},
	{"ok_max", DS_PARAM_INT, "1200", "longest length without a finding", NULL},
	{"warn_min", DS_PARAM_INT, "500", "below this, an error instead of a warning", NULL},
	{"warn_max", DS_PARAM_INT, "2000", "above this, an error instead of a warning", NULL},
	{NULL, 0, NULL, NULL, NULL}};

#define BAND_EN "about {target} 字 are asked for ({ok_min}–{ok_max})"
#define BAND_ZH "要求约{target}字（{ok_min}–{ok_max}）"

static const ds_message_def messages[] = {
	{"ok", DS_SEV_INFO, "Case {case} \"{title}\": {words} 字, within the band; " BAND_EN ".",
	 "案例{case}“{title}”字数 {words}，符合" BAND_ZH "。", NULL, NULL},
	{"short", DS_SEV_WARNING, "Case {case} \"{title}\" has {words} 字; " BAND_EN ".",
	 "案例{case}“{title}”字数 {words}，" BAND_ZH "。",
	 "Add about {missing} 字, e.g. on the points the notice asks for.",
	 "请补充约 {missing} 字，例如通知要求重点介绍的内容。"},
	{"too-short", DS_SEV_ERROR, "Case {case} \"{title}\" has only {words} 字; " BAND_EN ".",
	 "案例{case}“{title}”字数仅 {words}，" BAND_ZH "。",
	 "Add about {missing} 字: the committee would send this case back.",
	 "请补充约 {missing} 字，否则组委会可能退回该案例。"},
	{"long", DS_SEV_WARNING, "Case {case} \"{title}\" has {words} 字; " BAND_EN ".",
	 "案例{case}“{title}”字数 {words}，" BAND_ZH "。", "Shorten it by about {excess} 字.",
	 "请精简约 {excess} 字。"},
	{"too-long", DS_SEV_ERROR, "Case {case} \"{title}\" has {words} 字, far more than asked; " BAND_EN ".",
	 "案例{case}“{title}”字数 {words}，远超" BAND_ZH "。",
	 "Shorten it by about {excess} 字, or split it into several cases.",
	 "请精简约 {excess} 字，或拆分为多个案例。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int check(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_cases *cs = ds_ctx_cases(ctx);
	long long target = ds_params_int(p, "target"), ok_min = ds_params_int(p, "ok_min"),
		  ok_max = ds_params_int(p, "ok_max"), warn_min = ds_params_int(p, "warn_min"),
		  warn_max = ds_params_int(p, "warn_max");
	int error = 0;
	for (size_t i = 0; i < ds_cases_count(cs) && !error; i++) {
		const ds_case *c = ds_cases_at(cs, i);
		long long w = (long long)c->words;
		const char *key = w < warn_min   ? "too-short"
				  : w < ok_min   ? "short"
				  : w > warn_max ? "too-long"
				  : w > ok_max   ? "long"
						 : "ok";
		char n_case[24], n_words[24], n_target[24], n_min[24], n_max[24], n_miss[24], n_excess[24];
		ds_location loc = case_start_location(ctx, i);
		error = ds_ctx_emit(ctx, key, &loc, "case", num(n_case, sizeof n_case, (long long)c->index), "title",
				    *c->title ? c->title : "—", "words", num(n_words, sizeof n_words, w), "target",
				    num(n_target, sizeof n_target, target), "ok_min", num(n_min, sizeof n_min, ok_min),
				    "ok_max", num(n_max, sizeof n_max, ok_max), "missing",
				    num(n_miss, sizeof n_miss, (w < target ? target : ok_min) - w), "excess",
				    num(n_excess, sizeof n_excess, w - (w > target ? target : ok_max)), NULL);
	}
	return error;
}

static const ds_rule_def rules[] = {
	{"wordcount.case-length", "Each case is about as long as asked (字数 per case)", "每个案例的字数是否符合要求",
	 DS_APPLIES_DOCX, params, messages, check},
};

DS_PLUGIN_DEFINE(.name = "wordcount", .version = "1.0.0", .rules = rules, .n_rules = 1)
