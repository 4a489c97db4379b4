/*
 * format.c - the kind "format": the paragraphs of a scope in the fonts,
 * size, weight, alignment, line spacing and first-line indent asked for, as
 * Word shows them (ds_para's runs and properties, resolved through the
 * styles).  Each property is judged over a unit's paragraphs and reported
 * once per unit: how many paragraphs are otherwise, and the first.
 *
 * Body text is judged without the headings and tables among it (a scope
 * of headings or tables judges those).  Sizes are written as Chinese type sizes (小四, 三号) or points (12pt, 12);
 * line spacing as a multiple (1.5) or points (20pt: exactly or at least);
 * the indent as characters (2字符, 2ch) or centimetres (0.74cm).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kinds.h"
#include "scope.h"

const ds_param_def format_params[] = {
	{"font_east_asia", DS_PARAM_STRINGS, NULL, "fonts allowed for Chinese text (宋体, SimSun ...)", NULL},
	{"font_latin", DS_PARAM_STRINGS, NULL, "fonts allowed for Latin letters and digits", NULL},
	{"size", DS_PARAM_STRING, NULL, "the size: 小四, 三号, 12pt ...", NULL},
	{"bold", DS_PARAM_STRING, NULL, "true or false (not given: either)", NULL},
	{"align", DS_PARAM_STRING, NULL, "left, center, right, both (justified) or distribute", NULL},
	{"line_spacing", DS_PARAM_STRING, NULL, "a multiple (1.5) or points (20pt)", NULL},
	{"first_line_indent", DS_PARAM_STRING, NULL, "2字符 (2ch), 0, or a length (0.74cm)", NULL},
	{"max_findings", DS_PARAM_INT, "20", "at most this many findings per file", NULL},
	SCOPE_PARAMS("text"),
	{NULL, 0, NULL, NULL, NULL}};

const ds_message_def format_messages[] = {
	{"font", DS_SEV_WARNING, "{count} paragraph(s) of {scope} set {what} in {found}, not {want}.",
	 "{scope}有 {count} 段{what}用的是{found}，应为{want}。", "Set the font (best in the style: {style}).",
	 "请改为{want}（最好在样式“{style}”中设置）。"},
	{"size", DS_SEV_WARNING, "{count} paragraph(s) of {scope} are in {found}, not {want}.",
	 "{scope}有 {count} 段字号为{found}，应为{want}。", "Set the size (best in the style: {style}).",
	 "请改为{want}（最好在样式“{style}”中设置）。"},
	{"bold", DS_SEV_WARNING, "{count} paragraph(s) of {scope} are {found}, not {want}.",
	 "{scope}有 {count} 段{found}，应{want}。", "Set the weight (best in the style: {style}).",
	 "请调整（最好在样式“{style}”中设置）。"},
	{"align", DS_SEV_WARNING, "{count} paragraph(s) of {scope} are aligned {found}, not {want}.",
	 "{scope}有 {count} 段对齐方式为{found}，应为{want}。", "Set the alignment (paragraph settings).",
	 "请在“段落”设置中改为{want}。"},
	{"line-spacing", DS_SEV_WARNING, "{count} paragraph(s) of {scope} have line spacing {found}, not {want}.",
	 "{scope}有 {count} 段行距为{found}，应为{want}。", "Set the line spacing (paragraph settings).",
	 "请在“段落”设置中把行距改为{want}。"},
	{"indent", DS_SEV_WARNING, "{count} paragraph(s) of {scope} have a first-line indent of {found}, not {want}.",
	 "{scope}有 {count} 段首行缩进为{found}，应为{want}。", "Set the first-line indent (paragraph settings).",
	 "请在“段落”设置中把首行缩进改为{want}。"},
	{"bad-value", DS_SEV_ERROR, "The profile gives {param} the value \"{value}\", which cannot be read.",
	 "规则集中参数 {param} 的值“{value}”无法识别。", "See docs/rules.md for the forms it takes.",
	 "写法见 docs/rules.md。"},
	{"bad-scope", DS_SEV_ERROR, "The profile gives this rule the scope \"{scope}\", which is none.",
	 "规则集给这条规则的范围“{scope}”不存在。",
	 "Use document, body, text, headers, notes, heading, section, case, paragraph or table.",
	 "可用的范围：document、body、text、headers、notes、heading、section、case、paragraph、table。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

/* ------------------------------------------------------------ values */

/* Chinese type sizes in half-points. */
static const struct {
	const char *name;
	uint32_t hp;
} type_sizes[] = {{"初号", 84}, {"小初", 72}, {"一号", 52}, {"小一", 48}, {"二号", 44}, {"小二", 36},
		  {"三号", 32}, {"小三", 30}, {"四号", 28}, {"小四", 24}, {"五号", 21}, {"小五", 18},
		  {"六号", 15}, {"小六", 13}, {"七号", 11}, {"八号", 10}};

/* A size written as a type size or points, in half-points; 0 unreadable. */
uint32_t size_halfpoints(const char *s)
{
	for (size_t i = 0; i < sizeof type_sizes / sizeof *type_sizes; i++)
		if (!strcmp(s, type_sizes[i].name))
			return type_sizes[i].hp;
	char *end;
	double pt = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (end == s || pt <= 0 || pt > 1600 || (*end && strcasecmp(end, "pt") && strcmp(end, "磅")))
		return 0;
	return (uint32_t)lround(pt * 2);
}

/* A size as people name it: 小四 (12 pt), or 13 pt. */
static void size_text(uint32_t hp, char *en, char *zh, size_t size)
{
	char pt[16];
	snprintf(pt, sizeof pt, hp % 2 ? "%.1f" : "%.0f", hp / 2.0);
	for (size_t i = 0; i < sizeof type_sizes / sizeof *type_sizes; i++)
		if (type_sizes[i].hp == hp) {
			snprintf(en, size, "%s (%s pt)", type_sizes[i].name, pt);
			snprintf(zh, size, "%s（%s 磅）", type_sizes[i].name, pt);
			return;
		}
	snprintf(en, size, "%s pt", pt);
	snprintf(zh, size, "%s 磅", pt);
}

/* Names one font goes by: Chinese, English and the GB2312 variants. */
static const char *const aliases[][4] = {{"宋体", "SimSun", "NSimSun", "新宋体"},
					 {"黑体", "SimHei", NULL, NULL},
					 {"楷体", "KaiTi", "楷体_GB2312", "KaiTi_GB2312"},
					 {"仿宋", "FangSong", "仿宋_GB2312", "FangSong_GB2312"},
					 {"微软雅黑", "Microsoft YaHei", NULL, NULL},
					 {"华文中宋", "STZhongsong", NULL, NULL},
					 {"方正小标宋简体", "FZXiaoBiaoSong-B05S", NULL, NULL}};

static int alias_row(const char *f)
{
	for (size_t r = 0; r < sizeof aliases / sizeof *aliases; r++)
		for (int k = 0; k < 4 && aliases[r][k]; k++)
			if (!strcasecmp(f, aliases[r][k]))
				return (int)r;
	return -1;
}

static bool font_ok(const ds_params *p, const char *list, const char *font)
{
	int row = alias_row(font);
	for (size_t i = 0, n = ds_params_count(p, list); i < n; i++) {
		const char *want = ds_params_string_at(p, list, i);
		if (!strcasecmp(want, font) || (row >= 0 && alias_row(want) == row))
			return true;
	}
	return false;
}

/* A line spacing as asked: *rule DS_LINE_AUTO and lines, or points. */
static bool line_want(const char *s, ds_line_rule *rule, double *v)
{
	char *end;
	*v = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (end == s || *v <= 0)
		return false;
	if (!*end || !strcmp(end, "倍")) {
		*rule = DS_LINE_AUTO;
		return *v <= 10;
	}
	*rule = DS_LINE_EXACT;
	return !strcasecmp(end, "pt") || !strcmp(end, "磅");
}

static void line_text(ds_line_rule rule, double v, char *en, char *zh, size_t size)
{
	if (rule == DS_LINE_AUTO) {
		snprintf(en, size, "%g lines", v);
		snprintf(zh, size, v == 1 ? "单倍" : "%g 倍", v);
	} else {
		snprintf(en, size, "%g pt", v);
		snprintf(zh, size, "%g 磅", v);
	}
}

/* An indent as asked, in hundredths of a character (chars) or twips. */
static bool indent_want(const char *s, bool *chars, double *v)
{
	char *end;
	*v = strtod(s, &end);
	while (*end == ' ')
		end++;
	if (end == s || *v < 0)
		return false;
	*chars = !*end || !strcmp(end, "字符") || !strcmp(end, "字") || !strcasecmp(end, "ch");
	if (*chars)
		return true;
	if (!strcasecmp(end, "cm") || !strcmp(end, "厘米"))
		*v *= 567;
	else if (!strcasecmp(end, "mm") || !strcmp(end, "毫米"))
		*v *= 56.7;
	else if (!strcasecmp(end, "pt") || !strcmp(end, "磅"))
		*v *= 20;
	else
		return false;
	return true;
}

static const char *const align_names[][3] = {
	{"left", "left", "左对齐"},   {"left", "left", "左对齐"},        {"center", "centred", "居中"},
	{"right", "right", "右对齐"}, {"both", "justified", "两端对齐"}, {"distribute", "distributed", "分散对齐"}};

/* ------------------------------------------------------------- check */

/* What one property found over a unit: how many paragraphs are otherwise,
 * and the values they had, each with its count and first paragraph (the
 * most common is reported). */
#define TALLY_VALUES 8

typedef struct tally {
	size_t count;
	size_t n;
	struct {
		size_t count, first;
		char found[2][96];
	} v[TALLY_VALUES];
} tally;

static void tally_add(tally *t, size_t para, const char *en, const char *zh)
{
	t->count++;
	for (size_t i = 0; i < t->n; i++)
		if (!strcmp(t->v[i].found[0], en)) {
			t->v[i].count++;
			return;
		}
	if (t->n == TALLY_VALUES)
		return;
	t->v[t->n].count = 1;
	t->v[t->n].first = para;
	snprintf(t->v[t->n].found[0], sizeof t->v[t->n].found[0], "%s", en);
	snprintf(t->v[t->n].found[1], sizeof t->v[t->n].found[1], "%s", zh);
	t->n++;
}

/* The value most of the paragraphs had. */
static size_t tally_top(const tally *t)
{
	size_t best = 0;
	for (size_t i = 1; i < t->n; i++)
		if (t->v[i].count > t->v[best].count)
			best = i;
	return best;
}

/* The size most of a paragraph's text is in (half-points), its dominant run. */
static const ds_runfmt *main_run(const ds_para *q)
{
	const ds_runfmt *best = NULL;
	for (size_t r = 0; r < q->n_runs; r++)
		if (!best || q->runs[r].end - q->runs[r].start > best->end - best->start)
			best = &q->runs[r];
	return best;
}

/* Whether [s, e) of text holds a CJK character (east) or a Latin letter or digit. */
static bool holds(const char *text, uint32_t s, uint32_t e, bool east)
{
	for (uint32_t i = s; i < e; i++) {
		unsigned char c = (unsigned char)text[i];
		if (east ? c >= 0xE3 && c <= 0xE9 : isalnum(c))
			return true;
	}
	return false;
}

static void check_para(const ds_params *p, const ds_para *q, size_t idx, tally t[7], uint32_t want_hp, int want_bold,
		       int want_align, bool have_line, ds_line_rule want_rule, double want_line, bool have_indent,
		       bool indent_chars, double want_indent)
{
	static const char *const lists[2] = {"font_east_asia", "font_latin"};
	/* fonts, size and weight: by the text's stretches */
	for (int l = 0; l < 2; l++) {
		if (!ds_params_count(p, lists[l]))
			continue;
		for (size_t r = 0; r < q->n_runs; r++) {
			const ds_runfmt *f = &q->runs[r];
			const char *font = l == 0 ? f->east_asia : f->latin;
			if (!*font || !holds(q->text, f->start, f->end, l == 0) || font_ok(p, lists[l], font))
				continue;
			tally_add(&t[l], idx, font, font);
			break;
		}
	}
	for (size_t r = 0; want_hp && r < q->n_runs; r++) {
		const ds_runfmt *f = &q->runs[r];
		if (f->size == want_hp ||
		    (!holds(q->text, f->start, f->end, true) && !holds(q->text, f->start, f->end, false)))
			continue;
		char en[64], zh[64];
		size_text(f->size, en, zh, sizeof en);
		tally_add(&t[2], idx, en, zh);
		break;
	}
	for (size_t r = 0; want_bold >= 0 && r < q->n_runs; r++) {
		const ds_runfmt *f = &q->runs[r];
		if ((int)f->bold == want_bold ||
		    (!holds(q->text, f->start, f->end, true) && !holds(q->text, f->start, f->end, false)))
			continue;
		tally_add(&t[3], idx, f->bold ? "bold" : "not bold", f->bold ? "加粗" : "未加粗");
		break;
	}
	if (want_align >= 0) {
		int a = q->align == DS_ALIGN_NONE ? DS_ALIGN_LEFT : (int)q->align;
		if (a != want_align)
			tally_add(&t[4], idx, align_names[a][1], align_names[a][2]);
	}
	if (have_line) {
		ds_line_rule rule = q->line_rule == DS_LINE_NONE ? DS_LINE_AUTO : q->line_rule;
		double v = q->line_rule == DS_LINE_NONE ? 1 : rule == DS_LINE_AUTO ? q->line / 240.0 : q->line / 20.0;
		bool same = want_rule == DS_LINE_AUTO ? rule == DS_LINE_AUTO && fabs(v - want_line) < 0.05
						      : rule != DS_LINE_AUTO && fabs(v - want_line) < 0.5;
		if (!same) {
			char en[64], zh[64];
			line_text(rule, v, en, zh, sizeof en);
			tally_add(&t[5], idx, en, zh);
		}
	}
	if (have_indent) {
		const ds_runfmt *m = main_run(q);
		double chars = q->first_line_chars ? q->first_line_chars / 100.0
			       : m && m->size      ? q->first_line / (m->size * 10.0)
						   : 0;
		bool same = indent_chars ? fabs(chars - want_indent) < 0.15 : fabs(q->first_line - want_indent) < 30;
		if (!same) {
			char en[64], zh[64];
			snprintf(en, sizeof en, "%.1f characters", chars);
			snprintf(zh, sizeof zh, "%.1f 字符", chars);
			tally_add(&t[6], idx, en, zh);
		}
	}
}

int format_check(ds_rule_ctx *ctx)
{
	const ds_params *p = ds_ctx_params(ctx);
	const ds_doc *doc = ds_ctx_doc(ctx);
	int error = 0;
	/* what is asked, read once */
	const char *size = ds_params_string(p, "size"), *bold = ds_params_string(p, "bold"),
		   *align = ds_params_string(p, "align"), *line = ds_params_string(p, "line_spacing"),
		   *indent = ds_params_string(p, "first_line_indent");
	uint32_t want_hp = *size ? size_halfpoints(size) : 0;
	int want_bold = !*bold ? -1 : !strcmp(bold, "true") ? 1 : !strcmp(bold, "false") ? 0 : -2;
	int want_align = -1;
	for (int a = 1; *align && a < 6; a++)
		if (!strcmp(align, align_names[a][0]) || (a == DS_ALIGN_BOTH && !strcmp(align, "justify")))
			want_align = a;
	ds_line_rule want_rule = DS_LINE_AUTO;
	double want_line = 0, want_indent = 0;
	bool indent_chars = false;
	const char *bad = *size && !want_hp                                              ? "size"
			  : want_bold == -2                                              ? "bold"
			  : *align && want_align < 0                                     ? "align"
			  : *line && !line_want(line, &want_rule, &want_line)            ? "line_spacing"
			  : *indent && !indent_want(indent, &indent_chars, &want_indent) ? "first_line_indent"
											 : NULL;
	if (bad)
		return ds_ctx_emit(ctx, "bad-value", NULL, "param", bad, "value", ds_params_string(p, bad), NULL);
	units us;
	if (units_build(ctx, &us) < 0)
		return -1;
	if (us.bad_scope)
		error = ds_ctx_emit(ctx, "bad-scope", NULL, "scope", us.scope, NULL);
	long long left = ds_params_int(p, "max_findings");
	static const char *const keys[7] = {"font", "font", "size", "bold", "align", "line-spacing", "indent"};
	for (size_t u = 0; u < us.n && !error && left > 0; u++) {
		tally t[7];
		memset(t, 0, sizeof t);
		bool headings = !strcmp(us.scope, "heading"), tables = !strcmp(us.scope, "table");
		for (size_t k = 0; k < us.v[u].n; k++) {
			const ds_para *q = ds_doc_para(doc, us.v[u].paras[k]);
			/* body text is judged apart from the headings and tables among it */
			size_t len;
			trimmed(q, &len);
			size_t math = 0; /* an equation's line is no body text */
			for (size_t m = 0; m < q->n_math_spans; m++)
				math += q->math_spans[m].end - q->math_spans[m].start;
			if (!len || !q->n_runs || (!headings && heading_level(q)) || (!tables && q->in_table) ||
			    math * 2 >= q->text_len)
				continue;
			check_para(p, q, us.v[u].paras[k], t, want_hp, want_bold, want_align, *line != '\0', want_rule,
				   want_line, *indent != '\0', indent_chars, want_indent);
		}
		char where[2][160];
		unit_name(ctx, &us, &us.v[u], where[0], where[1], sizeof where[0]);
		for (int k = 0; k < 7 && !error && left > 0; k++) {
			if (!t[k].count)
				continue;
			char want[2][160], cnt[24];
			size_t top = tally_top(&t[k]);
			const ds_para *first = ds_doc_para(doc, t[k].v[top].first);
			const char *what[2] = {"", ""};
			if (k <= 1) {
				static const char *const lists[2] = {"font_east_asia", "font_latin"};
				want[0][0] = '\0';
				for (size_t i = 0, n = ds_params_count(p, lists[k]); i < n; i++) {
					size_t l = strlen(want[0]);
					snprintf(want[0] + l, sizeof want[0] - l, "%s%s", i ? " / " : "",
						 ds_params_string_at(p, lists[k], i));
				}
				memcpy(want[1], want[0], sizeof want[1]);
				what[0] = k == 0 ? "Chinese text" : "Latin text";
				what[1] = k == 0 ? "中文" : "西文";
			} else if (k == 2) {
				size_text(want_hp, want[0], want[1], sizeof want[0]);
			} else if (k == 3) {
				snprintf(want[0], sizeof want[0], "%s", want_bold ? "bold" : "not bold");
				snprintf(want[1], sizeof want[1], "%s", want_bold ? "加粗" : "不加粗");
			} else if (k == 4) {
				snprintf(want[0], sizeof want[0], "%s", align_names[want_align][1]);
				snprintf(want[1], sizeof want[1], "%s", align_names[want_align][2]);
			} else if (k == 5) {
				line_text(want_rule, want_line, want[0], want[1], sizeof want[0]);
			} else if (indent_chars) {
				snprintf(want[0], sizeof want[0], "%g characters", want_indent);
				snprintf(want[1], sizeof want[1], "%g 字符", want_indent);
			} else {
				snprintf(want[0], sizeof want[0], "%s", indent);
				snprintf(want[1], sizeof want[1], "%s", indent);
			}
			ds_location loc = unit_location(ctx, &us.v[u], t[k].v[top].first);
			error = ds_ctx_emit(ctx, keys[k], &loc, "count", num(cnt, sizeof cnt, (long long)t[k].count),
					    "scope@en", where[0], "scope@zh", where[1], "found@en",
					    t[k].v[top].found[0], "found@zh", t[k].v[top].found[1], "want@en", want[0],
					    "want@zh", want[1], "what@en", what[0], "what@zh", what[1], "style",
					    *first->style_name ? first->style_name : "Normal", NULL);
			left--;
		}
	}
	units_free(&us);
	return error;
}
