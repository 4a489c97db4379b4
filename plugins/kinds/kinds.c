/*
 * kinds.c - the kinds of rule a profile declares rules of, without C
 * (docs/rules.md): existence, required, substitution, occurrence, length,
 * sequence, consistency and metadata here; format in format.c, cells in
 * cells.c.  Each rule of a kind gets its parameters and messages from the
 * profile; the texts here are the fall-back.  Where a kind looks is its
 * scope (scope.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docscreen/count.h"
#include "kinds.h"
#include "scope.h"

/* ----------------------------------------------------------- helpers */

size_t utf8_width(const char *s, size_t len, size_t i)
{
	unsigned char c = (unsigned char)s[i];
	size_t w = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
	return i + w <= len ? w : len - i;
}

/* The next match of pat in s from *at: true and start/end, *at moved past
 * it (an empty match moves one character on). */
bool next_match(const ds_pattern *pat, const char *s, size_t len, size_t *at, size_t *start, size_t *end)
{
	if (*at > len || !ds_pattern_match(pat, s, len, *at, start, end))
		return false;
	*at = *end > *start ? *end : *end < len ? *end + utf8_width(s, len, *end) : len + 1;
	return true;
}

void excerpt(const char *s, size_t start, size_t end, char *out, size_t size)
{
	size_t n = end - start;
	if (n > size - 4) { /* cut on a character */
		n = size - 4;
		while (n && ((unsigned char)s[start + n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(out, size, "%.*s%s", (int)n, s + start, n < end - start ? "…" : "");
}

/* "3–5", "at least 3", "at most 5" with a unit, in both languages. */
void limits_text(long long min, long long max, const char *unit_en, const char *unit_zh, char *en, char *zh,
		 size_t size)
{
	const char *se = *unit_en ? " " : "", *sz = *unit_zh ? " " : "";
	if (min > 0 && max >= 0) {
		snprintf(en, size, "%lld–%lld%s%s", min, max, se, unit_en);
		snprintf(zh, size, "%lld–%lld%s%s", min, max, sz, unit_zh);
	} else if (max >= 0) {
		snprintf(en, size, "at most %lld%s%s", max, se, unit_en);
		snprintf(zh, size, "不超过 %lld%s%s", max, sz, unit_zh);
	} else {
		snprintf(en, size, "at least %lld%s%s", min, se, unit_en);
		snprintf(zh, size, "至少 %lld%s%s", min, sz, unit_zh);
	}
}

/* A scope that names none: said once, as the rule's own finding. */
static int bad_scope(ds_rule_ctx *ctx, const units *u)
{
	return ds_ctx_emit(ctx, "bad-scope", NULL, "scope", u->scope, NULL);
}

/* The rule's units, with a scope that names none said: 0, or -1 when
 * memory ran out. */
static int begin(ds_rule_ctx *ctx, units *us, int *error)
{
	if (units_build(ctx, us) < 0)
		return -1;
	*error = us->bad_scope ? bad_scope(ctx, us) : 0;
	return 0;
}

#define BAD_SCOPE_MESSAGE                                                                                                              \
	{                                                                                                                              \
		"bad-scope", DS_SEV_ERROR, "The profile gives this rule the scope \"{scope}\", which is none.",                        \
			"规则集给这条规则的范围“{scope}”不存在。",                                                                     \
			"Use document, body, text, headers, notes, heading, section, case, paragraph or table.",                       \
			"可用的范围：document、body、text、headers、notes、heading、section、case、paragraph、table。" \
	}

#define MAX_FINDINGS_PARAM                                                                                             \
	{                                                                                                              \
		"max_findings", DS_PARAM_INT, "20", "at most this many findings per file", NULL                        \
	}

static long long max_findings(ds_rule_ctx *ctx)
{
	long long m = ds_params_int(ds_ctx_params(ctx), "max_findings");
	return m < 0 ? 0 : m;
}

/* ---------------------------------------------------------- existence */

static const ds_param_def existence_params[] = {{"patterns", DS_PARAM_PATTERNS, NULL, "what must not appear", NULL},
						MAX_FINDINGS_PARAM,
						SCOPE_PARAMS("document"),
						{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def existence_messages[] = {
	{"found", DS_SEV_WARNING, "\"{found}\" should not be in {scope}.", "{scope}中不应出现“{found}”。",
	 "Remove it or write what it stands for.", "请删除或改为实际内容。"},
	BAD_SCOPE_MESSAGE,
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int existence(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_doc *doc = ds_ctx_doc(ctx);
	units us;
	int error = 0;
	if (begin(ctx, &us, &error) < 0)
		return -1;
	long long left = max_findings(ctx);
	for (size_t u = 0; u < us.n && !error && left > 0; u++) {
		char where[2][160];
		unit_name(ctx, &us, &us.v[u], where[0], where[1], sizeof where[0]);
		for (size_t k = 0; k < us.v[u].n && !error && left > 0; k++) {
			const ds_para *para = ds_doc_para(doc, us.v[u].paras[k]);
			for (size_t q = 0, n = ds_params_count(p, "patterns"); q < n && !error && left > 0; q++) {
				size_t at = 0, s, e;
				const ds_pattern *pat = ds_params_pattern_at(p, "patterns", q);
				while (!error && left > 0 && next_match(pat, para->text, para->text_len, &at, &s, &e)) {
					char found[128];
					excerpt(para->text, s, e, found, sizeof found);
					ds_location loc = unit_location(ctx, &us.v[u], us.v[u].paras[k]);
					error = ds_ctx_emit(ctx, "found", &loc, "found", found, "scope@en", where[0],
							    "scope@zh", where[1], NULL);
					left--;
				}
			}
		}
	}
	units_free(&us);
	return error;
}

/* ----------------------------------------------------------- required */

static const ds_param_def required_params[] = {
	{"patterns", DS_PARAM_PATTERNS, NULL, "what must appear: any one of them will do", NULL},
	{"what", DS_PARAM_STRING, NULL, "what must appear, in words, for the message ({what})", NULL},
	SCOPE_PARAMS("document"),
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def required_messages[] = {{"missing", DS_SEV_WARNING, "{scope} does not mention {what}.",
						    "{scope}没有提到{what}。", "Add it where it belongs.", "请补充。"},
						   BAD_SCOPE_MESSAGE,
						   {NULL, 0, NULL, NULL, NULL, NULL}};

static bool unit_matches(const ds_doc *doc, const unit *u, const ds_params *p, const char *name)
{
	for (size_t k = 0; k < u->n; k++) {
		const ds_para *para = ds_doc_para(doc, u->paras[k]);
		if (match_list(p, name, para->text, para->text_len, NULL, NULL))
			return true;
		for (size_t q = 0, n = *para->label ? ds_params_count(p, name) : 0; q < n; q++)
			if (full_match(ds_params_pattern_at(p, name, q), para))
				return true; /* a number given by the list: "第一章" */
	}
	return false;
}

/* The patterns as the message names them when the profile gives no words. */
static void patterns_text(const ds_params *p, const char *name, char *out, size_t size)
{
	out[0] = '\0';
	for (size_t q = 0, n = ds_params_count(p, name); q < n; q++) {
		size_t l = strlen(out);
		snprintf(out + l, size - l, "%s“%s”", q ? " / " : "", ds_params_string_at(p, name, q));
	}
}

static int required(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_doc *doc = ds_ctx_doc(ctx);
	units us;
	int error = 0;
	if (begin(ctx, &us, &error) < 0)
		return -1;
	char what[512];
	if (*ds_params_string(p, "what"))
		snprintf(what, sizeof what, "%s", ds_params_string(p, "what"));
	else
		patterns_text(p, "patterns", what, sizeof what);
	for (size_t u = 0; u < us.n && !error; u++) {
		if (unit_matches(doc, &us.v[u], p, "patterns"))
			continue;
		char where[2][160];
		unit_name(ctx, &us, &us.v[u], where[0], where[1], sizeof where[0]);
		ds_location loc = unit_location(ctx, &us.v[u], SIZE_MAX);
		error = ds_ctx_emit(ctx, "missing", &loc, "what", what, "scope@en", where[0], "scope@zh", where[1],
				    NULL);
	}
	units_free(&us);
	return error;
}

/* ------------------------------------------------------- substitution */

static const ds_param_def pair_fields[] = {{"wrong", DS_PARAM_PATTERN, NULL, "the form not to use", NULL},
					   {"right", DS_PARAM_STRING, NULL, "the form to use instead", NULL},
					   {NULL, 0, NULL, NULL, NULL}};

static const ds_param_def substitution_params[] = {
	{"pairs", DS_PARAM_GROUP, NULL, "wrong forms and the right one", pair_fields},
	MAX_FINDINGS_PARAM,
	SCOPE_PARAMS("document"),
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def substitution_messages[] = {
	{"replace", DS_SEV_WARNING, "Write \"{right}\", not \"{found}\" ({count} times in the paragraph).",
	 "“{found}”应写作“{right}”（本段 {count} 处）。", "Replace \"{found}\" with \"{right}\".",
	 "请把“{found}”改为“{right}”。"},
	BAD_SCOPE_MESSAGE,
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int substitution(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_doc *doc = ds_ctx_doc(ctx);
	units us;
	int error = 0;
	if (begin(ctx, &us, &error) < 0)
		return -1;
	long long left = max_findings(ctx);
	size_t n_pairs = ds_params_count(p, "pairs");
	for (size_t u = 0; u < us.n && !error && left > 0; u++)
		for (size_t k = 0; k < us.v[u].n && !error && left > 0; k++) {
			const ds_para *para = ds_doc_para(doc, us.v[u].paras[k]);
			for (size_t q = 0; q < n_pairs && !error && left > 0; q++) {
				const ds_params *g = ds_params_group_at(p, "pairs", q);
				const ds_pattern *pat = ds_params_pattern(g, "wrong");
				size_t at = 0, s, e, count = 0;
				char found[128] = "", cnt[24];
				while (pat && next_match(pat, para->text, para->text_len, &at, &s, &e)) {
					char f[128];
					excerpt(para->text, s, e, f, sizeof f);
					if (!strcmp(f, ds_params_string(g, "right")))
						continue; /* a pattern wide enough to take the right form too */
					if (!count++)
						memcpy(found, f, sizeof found);
				}
				if (!count)
					continue;
				/* once per paragraph: the first, and how many */
				ds_location loc = unit_location(ctx, &us.v[u], us.v[u].paras[k]);
				error = ds_ctx_emit(ctx, "replace", &loc, "found", found, "right",
						    ds_params_string(g, "right"), "count",
						    num(cnt, sizeof cnt, (long long)count), NULL);
				left--;
			}
		}
	units_free(&us);
	return error;
}

/* --------------------------------------------------------- occurrence */

static const ds_param_def occurrence_params[] = {
	{"patterns", DS_PARAM_PATTERNS, NULL, "what is counted: every match of every pattern", NULL},
	{"min", DS_PARAM_INT, "0", "fewer is a finding", NULL},
	{"max", DS_PARAM_INT, "-1", "more is a finding (-1: no limit)", NULL},
	{"what", DS_PARAM_STRING, NULL, "what is counted, in words, for the message ({what})", NULL},
	SCOPE_PARAMS("document"),
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def occurrence_messages[] = {
	{"too-few", DS_SEV_WARNING, "{scope} has {count} of {what}; {limits} are asked for.",
	 "{scope}中{what}有 {count} 处，要求{limits}。", "Add what is missing.", "请补足。"},
	{"too-many", DS_SEV_WARNING, "{scope} has {count} of {what}; {limits} are asked for.",
	 "{scope}中{what}有 {count} 处，要求{limits}。", "Keep to the limit.", "请删减到要求的数量。"},
	BAD_SCOPE_MESSAGE,
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int occurrence(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_doc *doc = ds_ctx_doc(ctx);
	units us;
	int error = 0;
	if (begin(ctx, &us, &error) < 0)
		return -1;
	long long min = ds_params_int(p, "min"), max = ds_params_int(p, "max");
	char what[512];
	if (*ds_params_string(p, "what"))
		snprintf(what, sizeof what, "%s", ds_params_string(p, "what"));
	else
		patterns_text(p, "patterns", what, sizeof what);
	for (size_t u = 0; u < us.n && !error; u++) {
		long long count = 0;
		for (size_t k = 0; k < us.v[u].n; k++) {
			const ds_para *para = ds_doc_para(doc, us.v[u].paras[k]);
			for (size_t q = 0, n = ds_params_count(p, "patterns"); q < n; q++) {
				size_t at = 0, s, e;
				const ds_pattern *pat = ds_params_pattern_at(p, "patterns", q);
				while (next_match(pat, para->text, para->text_len, &at, &s, &e))
					count++;
			}
		}
		const char *key = count < min ? "too-few" : max >= 0 && count > max ? "too-many" : NULL;
		if (!key)
			continue;
		char where[2][160], lim[2][96], cnt[24];
		unit_name(ctx, &us, &us.v[u], where[0], where[1], sizeof where[0]);
		limits_text(min, max, "", "处", lim[0], lim[1], sizeof lim[0]);
		ds_location loc = unit_location(ctx, &us.v[u], SIZE_MAX);
		error = ds_ctx_emit(ctx, key, &loc, "count", num(cnt, sizeof cnt, count), "what", what, "scope@en",
				    where[0], "scope@zh", where[1], "limits@en", lim[0], "limits@zh", lim[1], NULL);
	}
	units_free(&us);
	return error;
}

/* ------------------------------------------------------------- length */

static const ds_param_def length_params[] = {
	{"unit", DS_PARAM_STRING, "words",
	 "words (字数, as Word counts), characters (without spaces) or paragraphs (not empty)", NULL},
	{"min", DS_PARAM_INT, "0", "fewer is a finding", NULL},
	{"max", DS_PARAM_INT, "-1", "more is a finding (-1: no limit)", NULL},
	SCOPE_PARAMS("document"),
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def length_messages[] = {
	{"too-short", DS_SEV_WARNING, "{scope} has {count} {unit}; {limits} are asked for.",
	 "{scope}共 {count} {unit}，要求{limits}。", "Add to it.", "请补充。"},
	{"too-long", DS_SEV_WARNING, "{scope} has {count} {unit}; {limits} are asked for.",
	 "{scope}共 {count} {unit}，要求{limits}。", "Shorten it.", "请精简。"},
	{"bad-unit", DS_SEV_ERROR, "The profile gives this rule the unit \"{unit}\", which is none.",
	 "规则集给这条规则的单位“{unit}”不存在。", "Use words, characters or paragraphs.",
	 "可用的单位：words、characters、paragraphs。"},
	BAD_SCOPE_MESSAGE,
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int length(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_doc *doc = ds_ctx_doc(ctx);
	const char *unit_name_ = ds_params_string(p, "unit");
	int what = !strcmp(unit_name_, "words")        ? 0
		   : !strcmp(unit_name_, "characters") ? 1
		   : !strcmp(unit_name_, "paragraphs") ? 2
						       : -1;
	if (what < 0)
		return ds_ctx_emit(ctx, "bad-unit", NULL, "unit", unit_name_, NULL);
	static const char *const names[3][2] = {{"words", "字"}, {"characters", "个字符"}, {"paragraphs", "段"}};
	units us;
	int error = 0;
	if (begin(ctx, &us, &error) < 0)
		return -1;
	long long min = ds_params_int(p, "min"), max = ds_params_int(p, "max");
	ds_count_options opts;
	ds_count_options_init(&opts, DS_COUNT_OPTIONS_VERSION);
	for (size_t u = 0; u < us.n && !error; u++) {
		ds_count c = {0};
		for (size_t k = 0; k < us.v[u].n; k++)
			ds_count_para(&c, ds_doc_para(doc, us.v[u].paras[k]), &opts);
		long long count = what == 0   ? (long long)c.words
				  : what == 1 ? (long long)c.chars_no_spaces
					      : (long long)c.paragraphs;
		const char *key = count < min ? "too-short" : max >= 0 && count > max ? "too-long" : NULL;
		if (!key)
			continue;
		char where[2][160], lim[2][96], cnt[24];
		unit_name(ctx, &us, &us.v[u], where[0], where[1], sizeof where[0]);
		limits_text(min, max, names[what][0], names[what][1], lim[0], lim[1], sizeof lim[0]);
		ds_location loc = unit_location(ctx, &us.v[u], SIZE_MAX);
		error = ds_ctx_emit(ctx, key, &loc, "count", num(cnt, sizeof cnt, count), "unit@en", names[what][0],
				    "unit@zh", names[what][1], "scope@en", where[0], "scope@zh", where[1], "limits@en",
				    lim[0], "limits@zh", lim[1], NULL);
	}
	units_free(&us);
	return error;
}

/* ----------------------------------------------------------- sequence */

static const ds_param_def part_fields[] = {
	{"name", DS_PARAM_STRING, NULL, "the part, as the messages name it", NULL},
	{"pattern", DS_PARAM_PATTERN, NULL, "its heading", NULL},
	{"required", DS_PARAM_BOOL, "true", "a document without it is a finding", NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_param_def sequence_params[] = {
	{"parts", DS_PARAM_GROUP, NULL, "the parts in their order", part_fields},
	{"headings_only", DS_PARAM_BOOL, "false",
	 "only headings open parts (else also lines of at most 40 characters outside tables)", NULL},
	SCOPE_PARAMS("body"),
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def sequence_messages[] = {
	{"missing", DS_SEV_WARNING, "The document has no {part}.", "文档缺少{part}。", "Add it in its place: {order}.",
	 "请按顺序补上：{order}。"},
	{"order", DS_SEV_WARNING, "{part} comes before {before}.", "{part}出现在{before}之前。",
	 "The parts come in this order: {order}.", "各部分的顺序应为：{order}。"},
	BAD_SCOPE_MESSAGE,
	{NULL, 0, NULL, NULL, NULL, NULL}};

#define MAX_PARTS 64

static int sequence(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_doc *doc = ds_ctx_doc(ctx);
	bool headings_only = ds_params_bool(p, "headings_only");
	size_t n = ds_params_count(p, "parts");
	if (n > MAX_PARTS)
		n = MAX_PARTS;
	units us;
	int error = 0;
	if (begin(ctx, &us, &error) < 0)
		return -1;
	char order[1024] = "";
	for (size_t q = 0; q < n; q++) {
		size_t l = strlen(order);
		snprintf(order + l, sizeof order - l, "%s%s", q ? " → " : "",
			 ds_params_string(ds_params_group_at(p, "parts", q), "name"));
	}
	for (size_t u = 0; u < us.n && !error; u++) {
		size_t at[MAX_PARTS];
		for (size_t q = 0; q < n; q++) {
			at[q] = SIZE_MAX;
			const ds_pattern *pat = ds_params_pattern(ds_params_group_at(p, "parts", q), "pattern");
			for (size_t k = 0; pat && k < us.v[u].n && at[q] == SIZE_MAX; k++) {
				const ds_para *para = ds_doc_para(doc, us.v[u].paras[k]);
				size_t len;
				trimmed(para, &len);
				bool head = heading_level(para) > 0;
				if (para->in_table || !len || is_toc(para) || (headings_only && !head) ||
				    (!head && len > 40 * 3))
					continue;
				if (full_match(pat, para))
					at[q] = us.v[u].paras[k];
			}
		}
		/* each part found after the last of those before it in the order */
		size_t latest = SIZE_MAX; /* the part found furthest on so far */
		for (size_t q = 0; q < n && !error; q++) {
			const ds_params *g = ds_params_group_at(p, "parts", q);
			if (at[q] == SIZE_MAX) {
				if (ds_params_bool(g, "required"))
					error = ds_ctx_emit(ctx, "missing", NULL, "part", ds_params_string(g, "name"),
							    "order", order, NULL);
				continue;
			}
			if (latest != SIZE_MAX && at[q] < at[latest]) {
				ds_location loc = unit_location(ctx, &us.v[u], at[q]);
				error = ds_ctx_emit(ctx, "order", &loc, "part", ds_params_string(g, "name"), "before",
						    ds_params_string(ds_params_group_at(p, "parts", latest), "name"),
						    "order", order, NULL);
				continue; /* the parts after it are compared with the one before */
			}
			latest = q;
		}
	}
	units_free(&us);
	return error;
}

/* -------------------------------------------------------- consistency */

static const ds_param_def set_fields[] = {
	{"forms", DS_PARAM_PATTERNS, NULL, "the spellings of one thing: one of them, not a mix", NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_param_def consistency_params[] = {
	{"sets", DS_PARAM_GROUP, NULL, "each a set of spellings of which one is used throughout", set_fields},
	SCOPE_PARAMS("document"),
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def consistency_messages[] = {
	{"mixed", DS_SEV_WARNING, "{scope} writes both \"{a}\" ({na} times) and \"{b}\" ({nb} times).",
	 "{scope}中“{a}”（{na} 处）与“{b}”（{nb} 处）混用。", "Use one of them throughout.", "请统一为其中一种写法。"},
	BAD_SCOPE_MESSAGE,
	{NULL, 0, NULL, NULL, NULL, NULL}};

#define MAX_FORMS 16

static int consistency(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_doc *doc = ds_ctx_doc(ctx);
	units us;
	int error = 0;
	if (begin(ctx, &us, &error) < 0)
		return -1;
	for (size_t u = 0; u < us.n && !error; u++)
		for (size_t g = 0, ng = ds_params_count(p, "sets"); g < ng && !error; g++) {
			const ds_params *set = ds_params_group_at(p, "sets", g);
			size_t nf = ds_params_count(set, "forms");
			if (nf > MAX_FORMS)
				nf = MAX_FORMS;
			long long count[MAX_FORMS] = {0};
			size_t first[MAX_FORMS];
			char seen[MAX_FORMS][96];
			for (size_t f = 0; f < nf; f++) {
				first[f] = SIZE_MAX;
				seen[f][0] = '\0';
				const ds_pattern *pat = ds_params_pattern_at(set, "forms", f);
				for (size_t k = 0; k < us.v[u].n; k++) {
					const ds_para *para = ds_doc_para(doc, us.v[u].paras[k]);
					size_t at = 0, s, e;
					while (next_match(pat, para->text, para->text_len, &at, &s, &e)) {
						if (!count[f]++) {
							first[f] = us.v[u].paras[k];
							excerpt(para->text, s, e, seen[f], sizeof seen[f]);
						}
					}
				}
			}
			size_t a = SIZE_MAX, b = SIZE_MAX; /* the most used form, and the next */
			for (size_t f = 0; f < nf; f++) {
				if (!count[f])
					continue;
				if (a == SIZE_MAX || count[f] > count[a]) {
					b = a;
					a = f;
				} else if (b == SIZE_MAX || count[f] > count[b]) {
					b = f;
				}
			}
			if (b == SIZE_MAX)
				continue;
			char where[2][160], na[24], nb[24];
			unit_name(ctx, &us, &us.v[u], where[0], where[1], sizeof where[0]);
			ds_location loc = unit_location(ctx, &us.v[u], first[b]);
			error = ds_ctx_emit(ctx, "mixed", &loc, "a", seen[a], "b", seen[b], "na",
					    num(na, sizeof na, count[a]), "nb", num(nb, sizeof nb, count[b]),
					    "scope@en", where[0], "scope@zh", where[1], NULL);
		}
	units_free(&us);
	return error;
}

/* ----------------------------------------------------------- metadata */

static const ds_param_def match_fields[] = {{"property", DS_PARAM_STRING, NULL, "a property's name", NULL},
					    {"pattern", DS_PARAM_PATTERN, NULL, "what its value must match", NULL},
					    {NULL, 0, NULL, NULL, NULL}};

static const ds_param_def metadata_params[] = {
	{"empty", DS_PARAM_STRINGS, NULL,
	 "properties that must be empty (title, subject, author, keywords, last_modified_by, company, manager, "
	 "description)",
	 NULL},
	{"required", DS_PARAM_STRINGS, NULL, "properties that must be set", NULL},
	{"match", DS_PARAM_GROUP, NULL, "properties whose value must match a pattern (when set)", match_fields},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def metadata_messages[] = {
	{"set", DS_SEV_WARNING, "The file's property {property} is \"{value}\".",
	 "文件属性“{property}”中留有“{value}”。",
	 "Clear it (Word: File > Info > Check for Issues > Inspect Document; WPS: 文件 > 属性).",
	 "请清除（Word：文件 > 信息 > 检查问题 > 检查文档；WPS：文件 > 属性）。"},
	{"missing", DS_SEV_WARNING, "The file's property {property} is empty.", "文件属性“{property}”为空。",
	 "Fill it in (File > Info > Properties).", "请填写（文件 > 信息 > 属性）。"},
	{"mismatch", DS_SEV_WARNING, "The file's property {property} is \"{value}\", which does not match {pattern}.",
	 "文件属性“{property}”为“{value}”，不符合要求（{pattern}）。", "Correct it (File > Info > Properties).",
	 "请修改（文件 > 信息 > 属性）。"},
	{"bad-property", DS_SEV_ERROR, "The profile names the property \"{property}\", which is none.",
	 "规则集中的文件属性“{property}”不存在。",
	 "Use title, subject, author, keywords, last_modified_by, company, manager or description.",
	 "可用：title、subject、author、keywords、last_modified_by、company、manager、description。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

/* The property's value ("" when absent); false for a name that is none. */
static bool property(const ds_facts *f, const char *name, const char **value)
{
	static const struct {
		const char *name;
		size_t off;
	} props[] = {{"title", offsetof(ds_facts, title)},
		     {"subject", offsetof(ds_facts, subject)},
		     {"author", offsetof(ds_facts, author)},
		     {"keywords", offsetof(ds_facts, keywords)},
		     {"last_modified_by", offsetof(ds_facts, last_modified_by)},
		     {"company", offsetof(ds_facts, company)},
		     {"manager", offsetof(ds_facts, manager)},
		     {"description", offsetof(ds_facts, description)}};
	for (size_t i = 0; i < sizeof props / sizeof *props; i++)
		if (!strcmp(props[i].name, name)) {
			const char *v = *(const char *const *)((const char *)f + props[i].off);
			*value = v ? v : "";
			return true;
		}
	return false;
}

static int metadata(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_facts *f = ds_doc_facts(ds_ctx_doc(ctx));
	int error = 0;
	static const char *const lists[2] = {"empty", "required"};
	for (int l = 0; l < 2; l++)
		for (size_t i = 0, n = ds_params_count(p, lists[l]); i < n && !error; i++) {
			const char *name = ds_params_string_at(p, lists[l], i), *v;
			if (!property(f, name, &v))
				error = ds_ctx_emit(ctx, "bad-property", NULL, "property", name, NULL);
			else if (l == 0 && *v)
				error = ds_ctx_emit(ctx, "set", NULL, "property", name, "value", v, NULL);
			else if (l == 1 && !*v)
				error = ds_ctx_emit(ctx, "missing", NULL, "property", name, NULL);
		}
	for (size_t i = 0, n = ds_params_count(p, "match"); i < n && !error; i++) {
		const ds_params *g = ds_params_group_at(p, "match", i);
		const char *name = ds_params_string(g, "property"), *v;
		const ds_pattern *pat = ds_params_pattern(g, "pattern");
		if (!property(f, name, &v))
			error = ds_ctx_emit(ctx, "bad-property", NULL, "property", name, NULL);
		else if (*v && pat && !ds_pattern_match(pat, v, strlen(v), 0, NULL, NULL))
			error = ds_ctx_emit(ctx, "mismatch", NULL, "property", name, "value", v, "pattern",
					    ds_pattern_source(pat), NULL);
	}
	return error;
}

/* -------------------------------------------------------------- kinds */

static const ds_rule_def kinds[] = {
	{"existence", "What must not appear (template text, forbidden words)", "不应出现的内容（模板文字、禁用词）",
	 DS_APPLIES_KIND | DS_APPLIES_DOCX, existence_params, existence_messages, existence},
	{"required", "What each part of the scope must mention", "范围内每一部分必须提到的内容",
	 DS_APPLIES_KIND | DS_APPLIES_DOCX, required_params, required_messages, required},
	{"substitution", "A wrong form and the right one", "错误写法及正确写法", DS_APPLIES_KIND | DS_APPLIES_DOCX,
	 substitution_params, substitution_messages, substitution},
	{"occurrence", "How many times something appears", "某内容出现的次数", DS_APPLIES_KIND | DS_APPLIES_DOCX,
	 occurrence_params, occurrence_messages, occurrence},
	{"length", "Length in 字数, characters or paragraphs", "字数、字符数或段落数",
	 DS_APPLIES_KIND | DS_APPLIES_DOCX, length_params, length_messages, length},
	{"sequence", "Parts that must be there, in an order", "必备部分及其顺序", DS_APPLIES_KIND | DS_APPLIES_DOCX,
	 sequence_params, sequence_messages, sequence},
	{"consistency", "One spelling throughout, not a mix", "写法前后统一", DS_APPLIES_KIND | DS_APPLIES_DOCX,
	 consistency_params, consistency_messages, consistency},
	{"metadata", "The file's properties (author, company …)", "文件属性（作者、单位……）",
	 DS_APPLIES_KIND | DS_APPLIES_DOCX | DS_APPLIES_XLSX, metadata_params, metadata_messages, metadata},
	KIND_FORMAT,
	KIND_CELLS,
};

DS_PLUGIN_DEFINE(.name = "kinds", .version = "1.0.0", .rules = kinds, .n_rules = sizeof kinds / sizeof *kinds)
