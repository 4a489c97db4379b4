/*
 * wordcount.c - the wordcount plugin: is each case about as long as the
 * notice asks (约1000字)?  The count is the case's 字数 as Word shows it
 * (shared/specs/wordcount.md), without its heading and contact lines, and
 * without the text it repeats of itself (wordcount.padding: a paragraph or
 * a long sentence written again to reach the length); the bands come from
 * the profile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docscreen/count.h"
#include "common.h"

/* What counts as padding (wordcount.padding; case-length judges without it). */
#define REPEAT_PARAMS                                                                                                  \
	{"repeat_chars", DS_PARAM_INT, "15", "a sentence this long (characters) written twice is a repeat", NULL},     \
		{"min_words", DS_PARAM_INT, "30", "repeats of fewer 字 are not padding", NULL},                        \
	{                                                                                                              \
		"min_share", DS_PARAM_NUMBER, "0.05", "repeats of less than this share of the case are not padding",   \
			NULL                                                                                           \
	}

static const ds_param_def params[] = {
	{"target", DS_PARAM_INT, "1000", "the length asked for", NULL},
	{"ok_min", DS_PARAM_INT, "800", "shortest length without a finding", NULL},
	{"ok_max", DS_PARAM_INT, "1200", "longest length without a finding", NULL},
	{"warn_min", DS_PARAM_INT, "500", "below this, an error instead of a warning", NULL},
	{"warn_max", DS_PARAM_INT, "2000", "above this, an error instead of a warning", NULL},
	{"without_repeats", DS_PARAM_BOOL, "true",
	 "judge a case without the text it repeats of itself (as wordcount.padding finds it)", NULL},
	REPEAT_PARAMS,
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

/* ------------------------------------------------------------ repeats */

/* What case i repeats of itself: sentences (ended by 。！？；!?; or the
 * paragraph's end) of at least min_chars characters that came before in
 * the case, their 字 summed; the first paragraph holding one in *where. */
typedef struct repeats {
	uint64_t words;
	size_t where;
} repeats;

static uint64_t fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h ? h : 1;
}

static size_t chars(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* The length of the sentence end (。！？；!?;) at s, or 0. */
static size_t sentence_end(const char *s, size_t n)
{
	if (*s == '!' || *s == '?' || *s == ';')
		return 1;
	static const char *const wide[] = {"。", "！", "？", "；"};
	for (size_t k = 0; n >= 3 && (unsigned char)*s >= 0xE3 && k < 4; k++)
		if (!memcmp(s, wide[k], 3))
			return 3;
	return 0;
}

static int find_repeats(const ds_doc *doc, const ds_cases *cs, size_t i, long long min_chars, repeats *out)
{
	const ds_case *c = ds_cases_at(cs, i);
	*out = (repeats){0, SIZE_MAX};
	size_t cap = 256, n = 0;
	uint64_t *seen = calloc(cap, sizeof *seen); /* open addressing; 0 empty */
	if (!seen)
		return -1;
	size_t scanned = 0; /* (a case of megabytes is far too long anyway: its first 4 MiB are looked at) */
	for (size_t p = c->first; p < c->end && p < ds_doc_para_count(doc) && scanned < (4u << 20); p++) {
		if (ds_cases_is_contact(cs, p))
			continue;
		scanned += ds_doc_para(doc, p)->text_len;
		const ds_para *para = ds_doc_para(doc, p);
		const char *t = para->text, *end = t + para->text_len;
		while (t < end) {
			const char *stop = t;
			size_t stop_len = 0;
			while (stop < end && !(stop_len = sentence_end(stop, (size_t)(end - stop))))
				stop++;
			const char *a = t, *b = stop;
			while (a < b && (*a == ' ' || *a == '\t'))
				a++;
			if ((long long)chars(a, (size_t)(b - a)) >= min_chars) {
				if (n * 2 >= cap) { /* grow: rehash */
					uint64_t *bigger = calloc(cap * 2, sizeof *bigger);
					if (!bigger) {
						free(seen);
						return -1;
					}
					for (size_t k = 0; k < cap; k++)
						for (size_t j = seen[k] % (cap * 2); seen[k]; j = (j + 1) % (cap * 2))
							if (!bigger[j]) {
								bigger[j] = seen[k];
								break;
							}
					free(seen);
					seen = bigger;
					cap *= 2;
				}
				uint64_t h = fnv(a, (size_t)(b - a));
				size_t j = h % cap;
				while (seen[j] && seen[j] != h)
					j = (j + 1) % cap;
				if (seen[j]) { /* said before in this case */
					ds_count cnt = {0};
					ds_count_text(&cnt, a, (size_t)(b - a) + stop_len, NULL, 0, false);
					out->words += cnt.words;
					if (out->where == SIZE_MAX)
						out->where = p;
				} else {
					seen[j] = h;
					n++;
				}
			}
			t = stop + stop_len;
		}
	}
	free(seen);
	return 0;
}

/* find_repeats for a rule, once per file and case for both rules (they
 * share it through ds_ctx_shared when they count repeats alike). */
#define SHARED_CASES 256
typedef struct shared {
	long long min_chars;
	bool done[SHARED_CASES];
	repeats r[SHARED_CASES];
} shared;

static int repeats_of(ds_rule_ctx *ctx, size_t i, long long min_chars, repeats *out)
{
	bool fresh;
	shared *sh = i < SHARED_CASES ? ds_ctx_shared(ctx, sizeof *sh, &fresh) : NULL;
	if (sh && fresh)
		sh->min_chars = min_chars;
	if (sh && sh->min_chars == min_chars && sh->done[i]) {
		*out = sh->r[i];
		return 0;
	}
	int error = find_repeats(ds_ctx_doc(ctx), ds_ctx_cases(ctx), i, min_chars, out);
	if (!error && sh && sh->min_chars == min_chars) {
		sh->r[i] = *out;
		sh->done[i] = true;
	}
	return error;
}

/* Is what the case repeats padding: at least min_words 字 and min_share
 * of its length (a repeated stock sentence is not)? */
static bool padded(const ds_params *p, const repeats *rep, uint64_t words)
{
	return rep->words && (long long)rep->words >= ds_params_int(p, "min_words") &&
	       (double)rep->words >= ds_params_number(p, "min_share") * (double)words;
}

/* ----------------------------------------------------- case-length */

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
		repeats rep = {0, SIZE_MAX};
		if (ds_params_bool(p, "without_repeats") &&
		    repeats_of(ctx, i, ds_params_int(p, "repeat_chars"), &rep) < 0)
			return -1;
		/* padding is not length (wordcount.padding says so) */
		long long w = (long long)(c->words - (padded(p, &rep, c->words) ? rep.words : 0));
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

/* ---------------------------------------------------------- padding */

static const ds_param_def padding_params[] = {REPEAT_PARAMS, {NULL, 0, NULL, NULL, NULL}};

static const ds_message_def padding_msgs[] = {
	{"repeats", DS_SEV_WARNING,
	 "Case {case} \"{title}\" repeats {repeated} 字 of its own text; without the repeats it has {net} 字.",
	 "案例{case}“{title}”重复了自身 {repeated} 字的内容；去掉重复部分后为 {net} 字。",
	 "Delete the repeated paragraphs or sentences; write about the points the notice asks for instead.",
	 "请删除重复的段落或句子，改为补充通知要求的重点内容。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int padding(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_cases *cs = ds_ctx_cases(ctx);
	int error = 0;
	for (size_t i = 0; i < ds_cases_count(cs) && !error; i++) {
		repeats rep;
		if (repeats_of(ctx, i, ds_params_int(p, "repeat_chars"), &rep) < 0)
			return -1;
		const ds_case *c = ds_cases_at(cs, i);
		if (!padded(p, &rep, c->words))
			continue;
		char n_case[24], n_rep[24], n_net[24];
		ds_location loc = DS_LOCATION_INIT;
		ds_ctx_case_location_get(ctx, i, rep.where, &loc);
		error = ds_ctx_emit(ctx, "repeats", &loc, "case", num(n_case, sizeof n_case, (long long)c->index),
				    "title", *c->title ? c->title : "—", "repeated",
				    num(n_rep, sizeof n_rep, (long long)rep.words), "net",
				    num(n_net, sizeof n_net, (long long)(c->words - rep.words)), NULL);
	}
	return error;
}

static const ds_rule_def rules[] = {
	{"wordcount.case-length", "Each case is about as long as asked (字数 per case)", "每个案例的字数是否符合要求",
	 DS_APPLIES_DOCX, params, messages, check},
	{"wordcount.padding", "No case pads its length by repeating itself", "案例是否靠重复自身内容凑字数",
	 DS_APPLIES_DOCX, padding_params, padding_msgs, padding},
};

DS_PLUGIN_DEFINE(.name = "wordcount", .version = "1.1.0", .rules = rules, .n_rules = sizeof rules / sizeof rules[0])
