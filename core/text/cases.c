/*
 * cases.c - dividing a case document into cases (see cases.h).
 *
 * 1. Candidates: short body paragraphs (no final 。；) with an outline level,
 *    a heading pattern match on label+text, a category name, or all bold.
 *    Each gets a signature: its outline level, the pattern it matched, or
 *    "bold line", so that headings of one kind can be told from another.
 * 2. Case headings: explicit ones (案例一 …) and those of their signature;
 *    else the signature of the first heading under a category heading; else
 *    the first signature after the title, when the parts it makes are long
 *    enough to be cases (min_case_chars) rather than sections of one case.
 * 3. A category heading followed directly by text opens a case of its own.
 *    Words are counted per case with the list labels, without the heading
 *    and without the paragraphs that carry contact fields.
 * 4. A case of a category the profile divides into kinds gets the first kind
 *    whose patterns its text shows enough of, else the category's default.
 */
#include <stdlib.h>
#include <string.h>

#include "docscreen/cases.h"
#include "internal.h"

static const ds_param_def category_fields[] = {
	{"key", DS_PARAM_STRING, "", "stable name in reports: region, institution, project, talent", NULL},
	{"name", DS_PARAM_STRING, "", "the category as the notice names it (典型机构)", NULL},
	{"synonyms", DS_PARAM_STRINGS, "", "other headings that open this category", NULL},
	{"keywords", DS_PARAM_STRINGS, "", "words that point to this category in an unlabelled case", NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_param_def kind_fields[] = {
	{"category", DS_PARAM_STRING, "", "the category key the kind belongs to", NULL},
	{"key", DS_PARAM_STRING, "", "stable name in reports", NULL},
	{"name", DS_PARAM_STRING, "", "the kind as the call names it", NULL},
	{"patterns", DS_PARAM_PATTERNS, "", "text that points to this kind; none: the category's default kind", NULL},
	{"min", DS_PARAM_INT, "1", "how many of the patterns must be found (one in the title counts two)", NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_param_def params[] = {
	{"divide", DS_PARAM_BOOL, "true",
	 "divide documents into cases (false: a document that is one piece of writing, a thesis or a report)", NULL},
	{"heading_patterns", DS_PARAM_PATTERNS,
	 "^案例[一二三四五六七八九十百零〇\\d]+\n"
	 "^第[一二三四五六七八九十百零〇\\d]+[章节部分篇个]\n"
	 "^[一二三四五六七八九十]+[、.．]\n"
	 "^[（(][一二三四五六七八九十]+[)）]\n"
	 "^\\d+[.、．](?!\\d)\n"
	 "^[（(]\\d+[)）]",
	 "patterns over label+text that make a short paragraph a heading", NULL},
	{"case_patterns", DS_PARAM_PATTERNS, "^案例[一二三四五六七八九十百零〇\\d]+",
	 "headings that always open a case", NULL},
	{"max_heading_chars", DS_PARAM_INT, "50", "a heading has at most this many 字", NULL},
	{"heading_end_punct", DS_PARAM_STRING, "。；;", "a paragraph ending with one of these is no heading", NULL},
	{"bold_headings", DS_PARAM_BOOL, "true", "short all-bold paragraphs are headings", NULL},
	{"min_case_chars", DS_PARAM_INT, "300",
	 "without categories or explicit case headings, parts shorter than this are sections, not cases", NULL},
	{"categories", DS_PARAM_GROUP, NULL, "the case categories", category_fields},
	{"contact_patterns", DS_PARAM_PATTERNS,
	 "^\\s*(报送单位|填报单位|单位名称|联系人|联系电话|联系方式|电话|手机|电子邮箱|邮箱|E-?mail)\\s*[：:]",
	 "paragraphs that carry the submitter's contact fields", NULL},
	{"contact_labels", DS_PARAM_STRINGS,
	 "报送单位\n填报单位\n单位名称\n联系人\n联系电话\n电话\n手机\n电子邮箱\n邮箱",
	 "table cells that label a contact field", NULL},
	{"kinds", DS_PARAM_GROUP, NULL, "kinds of case within a category", kind_fields},
	{NULL, 0, NULL, NULL, NULL}};

DS_API const ds_param_def *ds_cases_params(void)
{
	return params;
}

typedef struct cand {
	size_t para;
	int sig;
	int category; /* index into categories, or -1 */
	bool explicit_case;
	const char *title; /* in the cases arena */
} cand;

struct ds_cases {
	ds_case *v;
	int *cat; /* category index of each case while building, or -1 */
	size_t n, cap, cap_cat;
	bool *contact;
	size_t *owner;   /* case of each paragraph */
	uint64_t *words; /* words of each paragraph, UINT64_MAX until counted */
	size_t n_paras;
	const char *title;
	size_t title_para;
	ds__arena arena;
};

/* --------------------------------------------------------------- helpers */

static const char *label_text(ds_cases *cs, const ds_para *p)
{
	ds__buf b = {0};
	ds__buf_add(&b, p->label, strlen(p->label));
	ds__buf_add(&b, p->text, p->text_len);
	/* trim white space (ASCII and U+3000) at both ends */
	const char *s = b.p ? b.p : "";
	size_t len = b.len;
	for (;;) {
		if (len && strchr(" \t\r\n", *s))
			s++, len--;
		else if (len >= 3 && !memcmp(s, "\xE3\x80\x80", 3))
			s += 3, len -= 3;
		else
			break;
	}
	for (;;) {
		if (len && strchr(" \t\r\n", s[len - 1]))
			len--;
		else if (len >= 3 && !memcmp(s + len - 3, "\xE3\x80\x80", 3))
			len -= 3;
		else
			break;
	}
	const char *out = ds__arena_strndup(&cs->arena, s, len);
	ds__buf_free(&b);
	return out ? out : "";
}

static uint64_t chars_of(const char *s)
{
	ds_count c = {0};
	ds_count_text(&c, s, strlen(s), NULL, 0, true);
	return c.words;
}

/* Has s more than max words?  A paragraph's first bytes mostly tell, so a
 * long one is not counted whole just to be turned down as a heading. */
static bool words_over(const char *s, long long max)
{
	size_t len = strlen(s), head = max > 0 ? (size_t)max * 3 + 3 : 3; /* max + 1 ideographs */
	if (len > head) {
		while (head < len && ((unsigned char)s[head] & 0xC0) == 0x80)
			head++; /* whole characters */
		ds_count c = {0};
		ds_count_text(&c, s, head, NULL, 0, true);
		if ((long long)c.words > max)
			return true;
	}
	return (long long)chars_of(s) > max;
}

static bool ends_with_any(const char *s, const char *set)
{
	size_t len = strlen(s);
	for (const char *p = set; *p;) {
		uint32_t cp;
		size_t n = ds__utf8_next(p, strlen(p), &cp);
		if (n && len >= n && !memcmp(s + len - n, p, n))
			return true;
		p += n ? n : 1;
	}
	return false;
}

static int match_any(const ds_params *cfg, const char *name, const char *s, size_t *end)
{
	for (size_t i = 0, n_i = ds_params_count(cfg, name); i < n_i; i++) {
		size_t st, e;
		if (ds_pattern_match(ds_params_pattern_at(cfg, name, i), s, strlen(s), 0, &st, &e) && st == 0) {
			if (end)
				*end = e;
			return (int)i;
		}
	}
	return -1;
}

/* The heading text without its enumerator ("一、典型机构：" -> "典型机构"). */
static const char *strip_enumerator(const ds_params *cfg, const char *s, char *buf, size_t size)
{
	size_t end = 0;
	if (match_any(cfg, "heading_patterns", s, &end) < 0)
		end = 0;
	snprintf(buf, size, "%s", s + end);
	size_t len = strlen(buf);
	static const char *trail[] = {"：", ":", "。", " ", "　"};
	for (bool again = true; again;) {
		again = false;
		for (size_t i = 0; i < sizeof trail / sizeof trail[0]; i++) {
			size_t tl = strlen(trail[i]);
			if (len >= tl && !strcmp(buf + len - tl, trail[i])) {
				buf[len -= tl] = '\0';
				again = true;
			}
		}
	}
	char *p = buf;
	while (*p == ' ')
		p++;
	return p;
}

/* Category whose name or synonym starts the heading with at most 4 字 after it. */
static int category_of_heading(const ds_params *cfg, const char *text)
{
	char buf[1024];
	const char *s = strip_enumerator(cfg, text, buf, sizeof buf);
	for (size_t c = 0, n_c = ds_params_count(cfg, "categories"); c < n_c; c++) {
		const ds_params *g = ds_params_group_at(cfg, "categories", c);
		size_t n = ds_params_count(g, "synonyms");
		for (size_t k = 0; k <= n; k++) {
			const char *name = k == n ? ds_params_string(g, "name") : ds_params_string_at(g, "synonyms", k);
			size_t nl = strlen(name);
			if (nl && !strncmp(s, name, nl) && chars_of(s + nl) <= 4)
				return (int)c;
		}
	}
	return -1;
}

/* A category named anywhere in a case title ("案例一（典型机构）：…"). */
static int category_in_title(const ds_params *cfg, const char *text)
{
	for (size_t c = 0, n_c = ds_params_count(cfg, "categories"); c < n_c; c++) {
		const ds_params *g = ds_params_group_at(cfg, "categories", c);
		size_t n = ds_params_count(g, "synonyms");
		for (size_t k = 0; k <= n; k++) {
			const char *name = k == n ? ds_params_string(g, "name") : ds_params_string_at(g, "synonyms", k);
			if (*name && strstr(text, name))
				return (int)c;
		}
	}
	return -1;
}

static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0, nl = strlen(needle);
	for (const char *p = hay; nl && (p = strstr(p, needle)); p += nl)
		n++;
	return n;
}

/* ------------------------------------------------------------- contacts */

/* A table row, as a key. */
static uint64_t row_key(const ds_para *p)
{
	return (uint64_t)p->table << 32 | p->row;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static int mark_contacts(ds_cases *cs, const ds_doc *doc, const ds_params *cfg)
{
	uint64_t *rows = NULL; /* the rows of label cells */
	size_t n_rows = 0, cap_rows = 0;
	for (size_t i = 0; i < cs->n_paras; i++) {
		const ds_para *p = ds_doc_para(doc, i);
		if (match_any(cfg, "contact_patterns", p->text, NULL) >= 0) {
			cs->contact[i] = true;
			continue;
		}
		if (!p->in_table)
			continue;
		char buf[256];
		snprintf(buf, sizeof buf, "%s", p->text);
		size_t len = strlen(buf);
		while (len && (buf[len - 1] == ' ' || buf[len - 1] == ':'))
			buf[--len] = '\0';
		if (len >= 3 && !strcmp(buf + len - 3, "："))
			buf[len -= 3] = '\0';
		for (size_t k = 0, n_k = ds_params_count(cfg, "contact_labels"); k < n_k; k++) {
			if (strcmp(buf, ds_params_string_at(cfg, "contact_labels", k)))
				continue;
			/* a label cell: its whole row is the submitter's, not the case's */
			if (ds__grow((void **)&rows, &cap_rows, n_rows, sizeof *rows) < 0) {
				free(rows);
				return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			}
			rows[n_rows++] = row_key(p);
			break;
		}
	}
	if (!n_rows)
		return 0;
	qsort(rows, n_rows, sizeof *rows, cmp_u64);
	for (size_t j = 0; j < cs->n_paras; j++) {
		const ds_para *q = ds_doc_para(doc, j);
		uint64_t key = row_key(q);
		if (q->in_table && bsearch(&key, rows, n_rows, sizeof *rows, cmp_u64))
			cs->contact[j] = true;
	}
	free(rows);
	return 0;
}

/* ---------------------------------------------------------------- build */

static bool is_candidate(const ds_para *p, const char *text, const ds_params *cfg, int *sig, bool *explicit_case,
			 int *category)
{
	*category = -1;
	*explicit_case = false;
	if (p->part != DS_PART_BODY || p->in_table || !*text)
		return false;
	if (words_over(text, ds_params_int(cfg, "max_heading_chars")) ||
	    ends_with_any(text, ds_params_string(cfg, "heading_end_punct")))
		return false;
	*category = category_of_heading(cfg, text);
	*explicit_case = match_any(cfg, "case_patterns", text, NULL) >= 0;
	int pat = match_any(cfg, "heading_patterns", text, NULL);
	if (p->outline_level >= 0)
		*sig = 100 + p->outline_level;
	else if (pat >= 0)
		*sig = 200 + pat;
	else if (ds_params_bool(cfg, "bold_headings") && p->all_bold)
		*sig = 300 + (p->align == DS_ALIGN_CENTER);
	else if (*category >= 0)
		*sig = 400;
	else
		return false;
	return true;
}

static int add_case(ds_cases *cs, const char *title, size_t heading, size_t first, int category, bool from_heading)
{
	if (ds__grow((void **)&cs->v, &cs->cap, cs->n, sizeof *cs->v) < 0 ||
	    ds__grow((void **)&cs->cat, &cs->cap_cat, cs->n, sizeof *cs->cat) < 0)
		return DS_ENOMEM;
	cs->cat[cs->n] = category;
	ds_case *c = &cs->v[cs->n++];
	memset(c, 0, sizeof *c);
	c->index = cs->n;
	c->title = title;
	c->heading = heading;
	c->first = c->end = first;
	c->category_from_heading = from_heading && category >= 0;
	return 0;
}

/* Words of paragraphs [a, b) that belong to the case body. */
static uint64_t body_words(const ds_cases *cs, const ds_doc *doc, size_t a, size_t b)
{
	uint64_t words = 0;
	for (size_t i = a; i < b; i++) {
		const ds_para *p = ds_doc_para(doc, i);
		if (p->part != DS_PART_BODY || cs->contact[i])
			continue;
		if (cs->words[i] == UINT64_MAX) { /* counted once, however often asked */
			ds_count c = {0};
			ds_count_para(&c, p, NULL);
			cs->words[i] = c.words;
		}
		words += cs->words[i];
	}
	return words;
}

/* How many of a kind's patterns the case shows (one in the title counts two). */
static long long kind_score(const ds_case *c, const ds_doc *doc, const ds_params *kind)
{
	long long score = 0;
	for (size_t k = 0, n_k = ds_params_count(kind, "patterns"); k < n_k; k++) {
		const ds_pattern *pat = ds_params_pattern_at(kind, "patterns", k);
		bool hit = ds_pattern_match(pat, c->title, strlen(c->title), 0, NULL, NULL);
		score += hit ? 2 : 0;
		for (size_t p = c->first; p < c->end && !hit; p++) {
			const ds_para *q = ds_doc_para(doc, p);
			hit = ds_pattern_match(pat, q->text, q->text_len, 0, NULL, NULL);
			score += hit;
		}
	}
	return score;
}

/* The first kind of the case's category whose patterns it shows enough of,
 * else the category's kind without patterns, else none. */
static void set_kind(ds_case *c, const ds_doc *doc, const ds_params *cfg)
{
	const ds_params *fallback = NULL;
	for (size_t k = 0, n_k = ds_params_count(cfg, "kinds"); k < n_k; k++) {
		const ds_params *kind = ds_params_group_at(cfg, "kinds", k);
		if (strcmp(ds_params_string(kind, "category"), c->category))
			continue;
		if (!ds_params_count(kind, "patterns")) {
			fallback = fallback ? fallback : kind;
		} else if (kind_score(c, doc, kind) >= ds_params_int(kind, "min")) {
			fallback = kind;
			break;
		}
	}
	if (fallback) {
		c->kind = ds_params_string(fallback, "key");
		c->kind_name = ds_params_string(fallback, "name");
	}
}

static void finish(ds_cases *cs, const ds_doc *doc, const ds_params *cfg)
{
	size_t ncat = ds_params_count(cfg, "categories");
	for (size_t i = 0; i < cs->n; i++) {
		ds_case *c = &cs->v[i];
		int cat = cs->cat[i];
		c->words = body_words(cs, doc, c->first, c->end);
		if (cat < 0 && (cat = category_in_title(cfg, c->title)) >= 0)
			c->category_from_heading = true;
		if (cat < 0 && ncat) { /* keywords: title counts three times */
			size_t best = 0;
			bool tie = false;
			for (size_t k = 0; k < ncat; k++) {
				const ds_params *g = ds_params_group_at(cfg, "categories", k);
				size_t score = 0;
				for (size_t w = 0, n_w = ds_params_count(g, "keywords"); w < n_w; w++) {
					const char *kw = ds_params_string_at(g, "keywords", w);
					score += 3 * occurrences(c->title, kw);
					/* the first 64 KiB of a case tell its category (a case is a
					 * few KiB); a runaway one is not searched to its end */
					size_t seen = 0;
					for (size_t p = c->first; p < c->end && seen < (64u << 10); p++) {
						score += occurrences(ds_doc_para(doc, p)->text, kw);
						seen += ds_doc_para(doc, p)->text_len;
					}
				}
				if (score > best) {
					best = score;
					cat = (int)k;
					tie = false;
				} else if (score && score == best) {
					tie = true;
				}
			}
			if (tie)
				cat = -1;
		}
		c->category = NULL;
		if (cat >= 0) {
			const ds_params *g = ds_params_group_at(cfg, "categories", (size_t)cat);
			c->category = ds_params_string(g, "key");
			c->category_name = ds_params_string(g, "name");
		}
		if (c->category)
			set_kind(c, doc, cfg);
		for (size_t p = c->heading != SIZE_MAX ? c->heading : c->first; p < c->end; p++)
			cs->owner[p] = i;
	}
}

/* Do the parts that headings of signature sig would make look like cases? */
static bool parts_are_cases(const ds_cases *cs, const ds_doc *doc, const cand *cands, size_t n, int sig, size_t from,
			    long long min_chars)
{
	size_t parts = 0, end = cs->n_paras;
	/* from the end: end is where the next heading of that signature, or of a category, is */
	for (size_t k = n; k-- > from;) {
		if (cands[k].sig == sig) {
			if ((long long)body_words(cs, doc, cands[k].para + 1, end) < min_chars)
				return false;
			parts++;
		}
		if (cands[k].sig == sig || cands[k].category >= 0)
			end = cands[k].para;
	}
	return parts >= 1;
}

DS_API int ds_cases_build(ds_cases **out, const ds_doc *doc, const ds_params *cfg)
{
	int error = 0;
	cand *cands = NULL;
	size_t n = 0, cap = 0;
	ds_cases *cs = calloc(1, sizeof *cs);
	if (!cs)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	cs->n_paras = ds_doc_para_count(doc);
	cs->contact = calloc(cs->n_paras + 1, sizeof *cs->contact);
	cs->owner = malloc((cs->n_paras + 1) * sizeof *cs->owner);
	cs->words = malloc((cs->n_paras + 1) * sizeof *cs->words);
	cs->title = "";
	cs->title_para = SIZE_MAX;
	if (!cs->contact || !cs->owner || !cs->words) {
		error = ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		goto done;
	}
	for (size_t i = 0; i < cs->n_paras; i++)
		cs->words[i] = UINT64_MAX;
	for (size_t i = 0; i < cs->n_paras; i++)
		cs->owner[i] = SIZE_MAX;
	if ((error = mark_contacts(cs, doc, cfg)) < 0)
		goto done;
	if (!ds_params_bool(cfg, "divide")) {
		*out = cs; /* no cases: the document is one piece of writing */
		return 0;
	}

	/* 1. candidates */
	long long max_heading = ds_params_int(cfg, "max_heading_chars");
	size_t first_text = SIZE_MAX; /* first paragraph with text that is no candidate */
	for (size_t i = 0; i < cs->n_paras; i++) {
		const ds_para *p = ds_doc_para(doc, i);
		if (p->part != DS_PART_BODY || cs->contact[i])
			continue;
		if (!p->in_table && words_over(p->text, max_heading)) {
			/* too long for a heading (a label only adds words): body text */
			if (first_text == SIZE_MAX)
				first_text = i;
			continue;
		}
		const char *text = label_text(cs, p);
		cand c = {i, 0, -1, false, text};
		if (!is_candidate(p, text, cfg, &c.sig, &c.explicit_case, &c.category)) {
			if (*text && first_text == SIZE_MAX)
				first_text = i;
			continue;
		}
		if (ds__grow((void **)&cands, &cap, n, sizeof *cands) < 0) {
			error = DS_ENOMEM;
			goto done;
		}
		cands[n++] = c;
	}

	/* 2. which signature opens cases */
	int case_sig = -1;
	bool explicit_only = false;
	size_t first_cat = SIZE_MAX;
	for (size_t k = 0; k < n && first_cat == SIZE_MAX; k++)
		if (cands[k].category >= 0)
			first_cat = k;
	for (size_t k = 0; k < n && case_sig < 0; k++)
		if (cands[k].explicit_case) {
			case_sig = cands[k].sig;
			explicit_only = false;
		}
	if (case_sig < 0 && first_cat != SIZE_MAX) {
		for (size_t k = first_cat + 1; k < n && case_sig < 0; k++)
			if (cands[k].category < 0)
				case_sig = cands[k].sig;
	}
	size_t title_k = SIZE_MAX;
	if (n && cands[0].category < 0 && !cands[0].explicit_case &&
	    (first_text == SIZE_MAX || cands[0].para < first_text)) {
		/* a leading heading of its own kind is the document's title */
		bool unique = true;
		for (size_t k = 1; k < n; k++)
			unique = unique && cands[k].sig != cands[0].sig;
		const ds_para *tp = ds_doc_para(doc, cands[0].para);
		if (unique || tp->align == DS_ALIGN_CENTER || (n > 1 && case_sig != cands[0].sig) ||
		    strstr(tp->style_name, "Title") || strstr(tp->style_name, "标题") == tp->style_name)
			title_k = 0;
	}
	if (title_k == 0 && case_sig == cands[0].sig)
		title_k = SIZE_MAX; /* the first case heading, not a title */
	if (title_k == 0) {
		cs->title = cands[0].title;
		cs->title_para = cands[0].para;
	}
	if (case_sig < 0 && first_cat == SIZE_MAX) {
		size_t from = title_k == 0 ? 1 : 0;
		if (from < n &&
		    parts_are_cases(cs, doc, cands, n, cands[from].sig, from, ds_params_int(cfg, "min_case_chars")))
			case_sig = cands[from].sig;
	}
	(void)explicit_only;

	/* 3. walk the paragraphs */
	int cur_cat = -1;
	size_t k = 0;
	bool open = false;
	size_t start = title_k == 0 ? cands[0].para + 1 : 0;
	if (title_k == 0)
		k = 1;
	for (size_t i = start; i < cs->n_paras; i++) {
		const ds_para *p = ds_doc_para(doc, i);
		bool is_cand = k < n && cands[k].para == i;
		const cand *c = is_cand ? &cands[k++] : NULL;
		if (c && c->category >= 0) {
			cur_cat = c->category;
			if (open)
				cs->v[cs->n - 1].end = i;
			open = false;
			/* text straight under a category heading is a case of its own */
			size_t next_text = SIZE_MAX;
			for (size_t j = i + 1; j < cs->n_paras && next_text == SIZE_MAX; j++) {
				const ds_para *q = ds_doc_para(doc, j);
				if (q->part == DS_PART_BODY && !cs->contact[j] && q->text_len)
					next_text = j;
			}
			bool heading_next =
				k < n && cands[k].para == next_text &&
				(cands[k].sig == case_sig || cands[k].explicit_case || cands[k].category >= 0);
			if (next_text != SIZE_MAX && !heading_next) {
				if ((error = add_case(cs, c->title, i, i + 1, cur_cat, true)) < 0)
					goto done;
				open = true;
			}
			continue;
		}
		if (c && (c->explicit_case || (case_sig >= 0 && c->sig == case_sig))) {
			if (open)
				cs->v[cs->n - 1].end = i;
			if ((error = add_case(cs, c->title, i, i + 1, cur_cat, cur_cat >= 0)) < 0)
				goto done;
			open = true;
			continue;
		}
		if (open && p->part == DS_PART_BODY)
			cs->v[cs->n - 1].end = i + 1;
	}
	if (!cs->n) { /* no case headings: the document (minus its title) is one case */
		size_t first = start, end = 0;
		for (size_t i = start; i < cs->n_paras; i++)
			if (ds_doc_para(doc, i)->part == DS_PART_BODY)
				end = i + 1;
		if (end > first && body_words(cs, doc, first, end) > 0 &&
		    (error = add_case(cs, cs->title, cs->title_para, first, -1, false)) < 0)
			goto done;
		if (cs->n)
			cs->v[0].end = end;
	}
	finish(cs, doc, cfg);
	/* a case with no text at all is no case (a heading left without body) */
	size_t o = 0;
	for (size_t i = 0; i < cs->n; i++)
		if (cs->v[i].words || cs->v[i].end > cs->v[i].first) {
			cs->v[o] = cs->v[i];
			cs->v[o].index = o + 1;
			o++;
		}
	if (o != cs->n) {
		cs->n = o;
		for (size_t i = 0; i < cs->n_paras; i++)
			cs->owner[i] = SIZE_MAX;
		for (size_t i = 0; i < cs->n; i++)
			for (size_t p = cs->v[i].heading != SIZE_MAX ? cs->v[i].heading : cs->v[i].first;
			     p < cs->v[i].end; p++)
				cs->owner[p] = i;
	}
	*out = cs;
	cs = NULL;
done:
	free(cands);
	ds_cases_free(cs);
	return error;
}

DS_API void ds_cases_free(ds_cases *cs)
{
	if (!cs)
		return;
	free(cs->v);
	free(cs->cat);
	free(cs->contact);
	free(cs->owner);
	free(cs->words);
	ds__arena_free(&cs->arena);
	free(cs);
}

DS_API size_t ds_cases_count(const ds_cases *cs)
{
	return cs ? cs->n : 0;
}
DS_API const ds_case *ds_cases_at(const ds_cases *cs, size_t i)
{
	return cs && i < cs->n ? &cs->v[i] : NULL;
}
DS_API const char *ds_cases_title(const ds_cases *cs)
{
	return cs ? cs->title : "";
}
DS_API size_t ds_cases_title_para(const ds_cases *cs)
{
	return cs ? cs->title_para : SIZE_MAX;
}
DS_API bool ds_cases_is_contact(const ds_cases *cs, size_t para)
{
	return cs && para < cs->n_paras && cs->contact[para];
}
DS_API size_t ds_cases_of_para(const ds_cases *cs, size_t para)
{
	return cs && para < cs->n_paras ? cs->owner[para] : SIZE_MAX;
}
