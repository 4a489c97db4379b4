/*
 * scope.c - the units a rule of a kind checks one by one (scope.h).
 */
#define _GNU_SOURCE /* memrchr */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "kinds.h"
#include "scope.h"

int heading_level(const ds_para *p)
{
	return p->part == DS_PART_BODY && !p->in_table && p->outline_level >= 0 && p->outline_level <= 8
		       ? p->outline_level + 1
		       : 0;
}

static bool is_space_at(const char *s, size_t len, size_t i, size_t *w)
{
	if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		*w = 1;
		return true;
	}
	if (i + 2 < len + 0 && (unsigned char)s[i] == 0xE3 && (unsigned char)s[i + 1] == 0x80 &&
	    (unsigned char)s[i + 2] == 0x80) {
		*w = 3; /* U+3000 */
		return true;
	}
	return false;
}

const char *trimmed(const ds_para *p, size_t *len)
{
	const char *s = p->text;
	size_t n = p->text_len, w;
	while (n && is_space_at(s, n, 0, &w))
		s += w, n -= w;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	while (n >= 3 && (unsigned char)s[n - 3] == 0xE3 && (unsigned char)s[n - 2] == 0x80 &&
	       (unsigned char)s[n - 1] == 0x80)
		n -= 3;
	*len = n;
	return s;
}

const char *full_text(const ds_para *p, char *buf, size_t size, size_t *len)
{
	const char *t = trimmed(p, len);
	if (!*p->label || *len + strlen(p->label) + 2 > size)
		return t;
	int n = snprintf(buf, size, "%s %.*s", p->label, (int)*len, t);
	*len = n > 0 ? (size_t)n : 0;
	return buf;
}

bool full_match(const ds_pattern *pat, const ds_para *p)
{
	char buf[1024];
	size_t len;
	const char *t = full_text(p, buf, sizeof buf, &len);
	return ds_pattern_match(pat, t, len, 0, NULL, NULL);
}

bool is_toc(const ds_para *p)
{
	const char *n = p->style_name;
	if (!strncasecmp(n, "toc", 3) || !strncmp(n, "目录 ", strlen("目录 ")) || !strncasecmp(p->style_id, "TOC", 3) ||
	    !strncasecmp(n, "table of contents", 17))
		return true;
	/* an entry typed or left as text: a tab, then its page (digits or roman) */
	const char *tab = memrchr(p->text, '\t', p->text_len);
	if (!tab || tab == p->text)
		return false;
	size_t k = (size_t)(tab - p->text) + 1, digits = 0;
	for (; k < p->text_len; k++, digits++)
		if (!strchr("0123456789IVXLCivxlc ", p->text[k]))
			return false;
	return digits > 0;
}

static bool where_ok(const ds_params *p, const ds_para *para)
{
	const ds_pattern *w = ds_params_pattern(p, "where");
	return !w || full_match(w, para);
}

static void unit_open(units *u, size_t *used, size_t head, size_t case_ix)
{
	unit *x = &u->v[u->n++];
	x->paras = &u->store[*used];
	x->n = 0;
	x->head = head;
	x->case_ix = case_ix;
}

static void unit_add(units *u, size_t *used, size_t para)
{
	u->v[u->n - 1].n++;
	u->store[(*used)++] = para;
}

/* The sections: a paragraph matching section (a heading of the level when
 * one is given; else a heading or a line of at most 40 bytes outside
 * tables and tables of contents) opens one, which runs to the paragraph
 * matching until, else to the next heading of its level or higher. */
static void sections(const ds_doc *doc, const ds_params *p, units *u, size_t *used)
{
	const ds_pattern *open = ds_params_pattern(p, "section"), *until = ds_params_pattern(p, "until");
	long long level = ds_params_int(p, "level");
	size_t n = ds_doc_para_count(doc);
	for (size_t i = 0; open && i < n; i++) {
		const ds_para *h = ds_doc_para(doc, i);
		int hl = heading_level(h);
		size_t len;
		trimmed(h, &len);
		if (h->part != DS_PART_BODY || h->in_table || is_toc(h) || (level > 0 && hl != level) ||
		    (!hl && len > 40 * 3) || !len || !full_match(open, h))
			continue;
		unit_open(u, used, i, SIZE_MAX);
		size_t k = i + 1;
		for (; k < n; k++) {
			const ds_para *q = ds_doc_para(doc, k);
			if (q->part != DS_PART_BODY)
				continue;
			int ql = heading_level(q);
			if (until ? !is_toc(q) && full_match(until, q) : ql && (!hl || ql <= hl))
				break;
			if (where_ok(p, q))
				unit_add(u, used, k);
		}
		i = k - 1;
	}
}

int units_build(ds_rule_ctx *ctx, units *u)
{
	memset(u, 0, sizeof *u);
	const ds_doc *doc = ds_ctx_doc(ctx);
	const ds_params *p = ds_ctx_params(ctx);
	u->scope = ds_params_string(p, "scope");
	size_t n = doc ? ds_doc_para_count(doc) : 0;
	u->store = malloc((n ? n : 1) * sizeof *u->store);
	u->v = malloc((n ? n : 1) * sizeof *u->v);
	if (!u->store || !u->v) {
		units_free(u);
		return -1;
	}
	size_t used = 0;
	const char *s = u->scope;
	bool all = !strcmp(s, "document"), body = !strcmp(s, "body"), text = !strcmp(s, "text"),
	     headers = !strcmp(s, "headers"), notes = !strcmp(s, "notes");
	if (all || body || text || headers || notes) {
		unit_open(u, &used, SIZE_MAX, SIZE_MAX);
		for (size_t i = 0; i < n; i++) {
			const ds_para *q = ds_doc_para(doc, i);
			bool in = all    ? q->part != DS_PART_COMMENT
				  : body ? q->part == DS_PART_BODY
				  : text ? q->part == DS_PART_BODY && !q->in_table && !heading_level(q) && !is_toc(q) &&
						   q->text_len
				  : headers ? q->part == DS_PART_HEADER || q->part == DS_PART_FOOTER
					    : q->part == DS_PART_FOOTNOTE || q->part == DS_PART_ENDNOTE;
			if (in && where_ok(p, q))
				unit_add(u, &used, i);
		}
		if (!u->v[0].n && !all)
			u->n = 0; /* a document without headers has no header to check */
	} else if (!strcmp(s, "heading") || !strcmp(s, "paragraph")) {
		long long level = ds_params_int(p, "level");
		bool heading = s[0] == 'h';
		for (size_t i = 0; i < n; i++) {
			const ds_para *q = ds_doc_para(doc, i);
			int hl = heading_level(q);
			if (q->part != DS_PART_BODY || !q->text_len || is_toc(q) || (heading && !hl) ||
			    (heading && level > 0 && hl != level) || !where_ok(p, q))
				continue;
			unit_open(u, &used, i, SIZE_MAX);
			unit_add(u, &used, i);
		}
	} else if (!strcmp(s, "section")) {
		sections(doc, p, u, &used);
	} else if (!strcmp(s, "case")) {
		const ds_cases *cs = ds_ctx_cases(ctx);
		for (size_t k = 0; cs && k < ds_cases_count(cs); k++) {
			const ds_case *c = ds_cases_at(cs, k);
			unit_open(u, &used, c->heading, k);
			for (size_t i = c->first; i < c->end && i < n; i++)
				if (!ds_cases_is_contact(cs, i) && where_ok(p, ds_doc_para(doc, i)))
					unit_add(u, &used, i);
		}
	} else if (!strcmp(s, "table")) {
		for (size_t t = 0; t < ds_doc_table_count(doc) && u->n < n; t++) {
			const ds_table *tb = ds_doc_table(doc, t);
			if (tb->part != DS_PART_BODY || tb->parent >= 0 || tb->first_para >= tb->end_para)
				continue;
			unit_open(u, &used, tb->first_para, SIZE_MAX);
			for (size_t i = tb->first_para; i < tb->end_para && i < n && used < n; i++)
				if (where_ok(p, ds_doc_para(doc, i)))
					unit_add(u, &used, i);
		}
	} else {
		u->bad_scope = true;
	}
	return 0;
}

void units_free(units *u)
{
	free(u->v);
	free(u->store);
	memset(u, 0, sizeof *u);
}

ds_location unit_location(ds_rule_ctx *ctx, const unit *u, size_t i)
{
	ds_location loc = DS_LOCATION_INIT;
	const ds_cases *cs = ds_ctx_cases(ctx);
	if (i == SIZE_MAX && u && u->case_ix != SIZE_MAX) {
		ds_ctx_case_location_get(ctx, u->case_ix, SIZE_MAX, &loc);
		return loc;
	}
	if (i == SIZE_MAX)
		i = u ? u->head : SIZE_MAX;
	if (i == SIZE_MAX)
		return loc;
	size_t k = cs ? ds_cases_of_para(cs, i) : SIZE_MAX;
	if (k != SIZE_MAX)
		ds_ctx_case_location_get(ctx, k, i, &loc);
	else
		ds_ctx_para_location_get(ctx, i, &loc);
	return loc;
}

/* At most max characters of s (UTF-8), with … when cut. */
static void clip(const char *s, size_t len, char *out, size_t size, size_t max)
{
	size_t i = 0, chars = 0;
	while (i < len && chars < max) {
		i += utf8_width(s, len, i);
		chars++;
	}
	snprintf(out, size, "%.*s%s", (int)i, s, i < len ? "…" : "");
}

void unit_name(ds_rule_ctx *ctx, const units *us, const unit *u, char *en, char *zh, size_t size)
{
	const char *s = us->scope, *label = ds_params_string(ds_ctx_params(ctx), "label");
	if (*label) {
		snprintf(en, size, "%s", label);
		snprintf(zh, size, "%s", label);
		return;
	}
	const ds_doc *doc = ds_ctx_doc(ctx);
	char quote[128] = "";
	if (u && u->head != SIZE_MAX && doc) {
		char buf[1024];
		size_t len;
		const char *t = full_text(ds_doc_para(doc, u->head), buf, sizeof buf, &len);
		clip(t, len, quote, sizeof quote, 20);
	}
	if (!strcmp(s, "section")) {
		snprintf(en, size, "the section \"%s\"", quote);
		snprintf(zh, size, "“%s”部分", quote);
	} else if (!strcmp(s, "heading")) {
		snprintf(en, size, "the heading \"%s\"", quote);
		snprintf(zh, size, "标题“%s”", quote);
	} else if (!strcmp(s, "paragraph")) {
		snprintf(en, size, "the paragraph \"%s\"", quote);
		snprintf(zh, size, "段落“%s”", quote);
	} else if (!strcmp(s, "case") && u) {
		snprintf(en, size, "case %zu", u->case_ix + 1);
		snprintf(zh, size, "案例%zu", u->case_ix + 1);
	} else if (!strcmp(s, "table") && u) {
		snprintf(en, size, "the table \"%s\"", quote);
		snprintf(zh, size, "表格“%s”", quote);
	} else {
		static const char *const names[][3] = {{"body", "the body", "正文部分"},
						       {"text", "the body text", "正文"},
						       {"headers", "the headers and footers", "页眉页脚"},
						       {"notes", "the notes", "脚注和尾注"}};
		snprintf(en, size, "the document");
		snprintf(zh, size, "文档");
		for (size_t k = 0; k < sizeof names / sizeof *names; k++)
			if (!strcmp(s, names[k][0])) {
				snprintf(en, size, "%s", names[k][1]);
				snprintf(zh, size, "%s", names[k][2]);
			}
	}
}
