/*
 * common.c - string, pattern and location helpers of the CITEC plugins.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common.h"

void sb_add(sbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return; /* out of memory: the text is cut, the check goes on */
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void sb_adds(sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

void sb_addf(sbuf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void sb_free(sbuf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

const char *sb_str(const sbuf *b) { return b->p ? b->p : ""; }

char *halfwidth(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	const unsigned char *u = (const unsigned char *)s;
	for (size_t i = 0; i < len;) {
		/* U+FF01..U+FF5E: EF BC 81..EF BD 9E; U+3000: E3 80 80 */
		if (i + 2 < len && u[i] == 0xEF && (u[i + 1] == 0xBC || u[i + 1] == 0xBD)) {
			unsigned cp = ((u[i] & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				out[o++] = (char)(cp - 0xFF01 + 0x21);
				i += 3;
				continue;
			}
		}
		if (i + 2 < len && u[i] == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x80) {
			out[o++] = ' ';
			i += 3;
			continue;
		}
		out[o++] = s[i++];
	}
	out[o] = '\0';
	return out;
}

bool match_list(const ds_params *p, const char *name, const char *s, size_t len, size_t *start,
		size_t *end)
{
	for (size_t i = 0, n = ds_params_count(p, name); i < n; i++)
		if (ds_pattern_match(ds_params_pattern_at(p, name, i), s, len, 0, start, end))
			return true;
	return false;
}

bool case_matches(const ds_rule_ctx *ctx, const ds_case *c, const ds_params *p, const char *name)
{
	const ds_doc *doc = ds_ctx_doc(ctx);
	const ds_cases *cs = ds_ctx_cases(ctx);
	if (match_list(p, name, c->title, strlen(c->title), NULL, NULL))
		return true;
	for (size_t i = c->first; i < c->end; i++) {
		const ds_para *para = ds_doc_para(doc, i);
		if (para->part == DS_PART_BODY && !ds_cases_is_contact(cs, i) &&
		    match_list(p, name, para->text, para->text_len, NULL, NULL))
			return true;
	}
	return false;
}

ds_location case_start_location(const ds_rule_ctx *ctx, size_t i)
{
	const ds_case *c = ds_cases_at(ds_ctx_cases(ctx), i);
	return ds_ctx_case_location(ctx, i, c && c->heading != SIZE_MAX ? c->heading : c ? c->first : SIZE_MAX);
}

static size_t ptr_hash(const void *p, size_t cap)
{
	uintptr_t h = (uintptr_t)p;
	h ^= h >> 17;
	h *= (uintptr_t)0x9E3779B97F4A7C15ull;
	return (size_t)(h >> 7) & (cap - 1);
}

bool ptrset_has(const ptrset *s, const void *p)
{
	if (!s->cap)
		return false;
	for (size_t i = ptr_hash(p, s->cap);; i = (i + 1) & (s->cap - 1)) {
		if (s->v[i] == p)
			return true;
		if (!s->v[i])
			return false;
	}
}

void ptrset_add(ptrset *s, const void *p)
{
	if (!p || ptrset_has(s, p))
		return;
	if ((s->n + 1) * 2 > s->cap) { /* at most half full */
		size_t cap = s->cap ? s->cap * 2 : 1024;
		const void **v = calloc(cap, sizeof *v);
		if (!v)
			return;
		for (size_t i = 0; i < s->cap; i++)
			if (s->v[i]) {
				size_t k = ptr_hash(s->v[i], cap);
				while (v[k])
					k = (k + 1) & (cap - 1);
				v[k] = s->v[i];
			}
		free(s->v);
		s->v = v;
		s->cap = cap;
	}
	size_t k = ptr_hash(p, s->cap);
	while (s->v[k])
		k = (k + 1) & (s->cap - 1);
	s->v[k] = p;
	s->n++;
}

void ptrset_free(ptrset *s)
{
	free(s->v);
	*s = (ptrset){0};
}

const char *num(char *buf, size_t size, long long n)
{
	snprintf(buf, size, "%lld", n);
	return buf;
}
