/*
 * common.c - string, pattern and location helpers of the CITEC plugins.
 */
#include <stdarg.h>
#include <ctype.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"

size_t halfwidth_char(const char *s, size_t len, size_t i, char *out)
{
	const unsigned char *u = (const unsigned char *)s;
	/* U+FF01..U+FF5E: EF BC 81..EF BD 9E; U+3000: E3 80 80 */
	if (i + 2 < len && u[i] == 0xEF && (u[i + 1] == 0xBC || u[i + 1] == 0xBD)) {
		unsigned cp = ((u[i] & 0x0Fu) << 12) | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu);
		if (cp >= 0xFF01 && cp <= 0xFF5E) {
			*out = (char)(cp - 0xFF01 + 0x21);
			return 3;
		}
	}
	if (i + 2 < len && u[i] == 0xE3 && u[i + 1] == 0x80 && u[i + 2] == 0x80) {
		*out = ' ';
		return 3;
	}
	*out = s[i];
	return 1;
}

char *halfwidth(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < len; o++)
		i += halfwidth_char(s, len, i, &out[o]);
	out[o] = '\0';
	return out;
}

bool match_list(const ds_params *p, const char *name, const char *s, size_t len, size_t *start, size_t *end)
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
	ds_location loc = DS_LOCATION_INIT;
	ds_ctx_case_location_get(ctx, i, c && c->heading != SIZE_MAX ? c->heading : c ? c->first : SIZE_MAX, &loc);
	return loc;
}

static uint64_t text_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ull ^ len; /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ull;
	h ^= h >> 33; /* spread the last bytes over the high bits (MurmurHash3's finish) */
	h *= 0xff51afd7ed558ccdull;
	h ^= h >> 33;
	return h | 1; /* 0 is an empty slot */
}

bool textcache_has(const textcache *t, const char *s, size_t len)
{
	uint64_t h = text_hash(s, len);
	const uint64_t *set = t->v[(h >> 32) % (sizeof t->v / sizeof t->v[0])];
	return set[0] == h || set[1] == h || set[2] == h || set[3] == h;
}

void textcache_add(textcache *t, const char *s, size_t len)
{
	uint64_t h = text_hash(s, len);
	uint64_t *set = t->v[(h >> 32) % (sizeof t->v / sizeof t->v[0])];
	if (set[0] == h || set[1] == h || set[2] == h || set[3] == h)
		return;
	memmove(set + 1, set, 3 * sizeof *set); /* the oldest goes */
	set[0] = h;
}

const ds_cell *row_cell(const ds_cell *row, size_t n, uint32_t col)
{
	for (size_t i = n; i-- > 0;) /* a cell written twice: the last one counts */
		if (row[i].col == col)
			return &row[i];
	return NULL;
}

const char *num(char *buf, size_t size, long long n)
{
	snprintf(buf, size, "%lld", n);
	return buf;
}

/* Digits of a phone number: spaces, hyphens and brackets out, +86 off. */
void phone_digits(const char *in, char *out, size_t size)
{
	size_t o = 0;
	for (const char *s = in; *s && o + 1 < size; s++) {
		if (strchr(" -()\t.", *s))
			continue;
		out[o++] = *s;
	}
	out[o] = '\0';
	if (!strncmp(out, "+86", 3))
		memmove(out, out + 3, strlen(out + 3) + 1);
	else if (!strncmp(out, "0086", 4))
		memmove(out, out + 4, strlen(out + 4) + 1);
	else if (!strncmp(out, "86", 2) && strlen(out) == 13)
		memmove(out, out + 2, strlen(out + 2) + 1);
}

/* Is s at a separator a person writes inside a phone number? */
static size_t phone_sep(const char *s)
{
	return (*s == ' ' || *s == '-' || *s == '.' || *s == '\t') ? 1 : 0;
}

/* An extension marker at s (转, 分机, ext, ext., x, #): its length, or 0. */
static size_t ext_marker(const char *s, char *marker, size_t size)
{
	static const char *const m[] = {"分机", "转", "ext.", "ext", "x", "#"};
	for (size_t k = 0; k < sizeof m / sizeof *m; k++)
		if (!strncasecmp(s, m[k], strlen(m[k]))) {
			snprintf(marker, size, "%s", k == 2 ? "ext" : m[k]);
			return strlen(m[k]);
		}
	return 0;
}

void phone_form(const char *in, char *out, size_t size)
{
	char area[16] = "", local[32] = "", marker[8] = "", ext[16] = "", rest[64] = "";
	const char *s = in;
	while (*s == ' ' || *s == '\t')
		s++;
	/* the country: +86, 0086, (+86), 86 followed by a separator */
	bool intl = false;
	static const char *const cc[] = {"(+86)", "+86", "0086", "(86)"};
	for (size_t k = 0; k < sizeof cc / sizeof *cc && !intl; k++)
		if (!strncmp(s, cc[k], strlen(cc[k]))) {
			s += strlen(cc[k]);
			intl = true;
		}
	if (!intl && !strncmp(s, "86", 2) && phone_sep(s + 2)) {
		s += 2;
		intl = true;
	}
	while (intl && phone_sep(s))
		s++;
	/* a mobile: its eleven digits, however grouped */
	char digits[64];
	size_t nd = 0;
	const char *q = s;
	for (; *q && nd + 1 < sizeof digits; q++) {
		if (*q >= '0' && *q <= '9')
			digits[nd++] = *q;
		else if (!phone_sep(q))
			break;
	}
	digits[nd] = '\0';
	if (nd == 11 && digits[0] == '1' && !*q) {
		snprintf(out, size, "%s", digits);
		return;
	}
	/* a landline: the area code as written -- in brackets, or ended by a
	 * separator -- then the local number; an extension after it */
	size_t a = 0, l = 0, e = 0;
	bool written = false;
	if (*s == '(') {
		for (s++; *s >= '0' && *s <= '9' && a + 1 < sizeof area; s++)
			area[a++] = *s;
		if (*s == ')')
			s++, written = true;
		while (phone_sep(s))
			s++;
	} else {
		const char *t = s;
		while (*t >= '0' && *t <= '9')
			t++;
		if (t > s && phone_sep(t) && t[1] && (size_t)(t - s) < sizeof area) {
			a = (size_t)(t - s);
			memcpy(area, s, a);
			s = t;
			while (phone_sep(s))
				s++;
			written = true;
		}
	}
	area[a] = '\0';
	if (intl && area[0] != '0' && (written || (*s >= '2' && *s <= '9'))) {
		/* +86 755 …: the area code without its 0 */
		if (written) {
			memmove(area + 1, area, a + 1);
			area[0] = '0';
		} else {
			local[l++] = '0';
		}
	}
	for (; *s; s++) {
		size_t m = ext_marker(s, marker, sizeof marker);
		if (m || (phone_sep(s) && l >= 7 && *s == '-')) {
			if (!m)
				snprintf(marker, sizeof marker, "-");
			s += m ? m : 1;
			while (phone_sep(s))
				s++;
			for (; *s >= '0' && *s <= '9' && e + 1 < sizeof ext; s++)
				ext[e++] = *s;
			snprintf(rest, sizeof rest, "%s", s);
			break;
		}
		if (*s >= '0' && *s <= '9' && l + 1 < sizeof local)
			local[l++] = *s;
		else if (!phone_sep(s)) { /* (anything else stays, so that nothing matches) */
			snprintf(rest, sizeof rest, "%s", s);
			break;
		}
	}
	local[l] = '\0';
	ext[e] = '\0';
	snprintf(out, size, "%s%s%s%s%s%s", area, written ? "-" : "", local, marker, ext, rest);
}

void trim_value(char *s)
{
	size_t n = strlen(s);
	while (n && (isspace((unsigned char)s[n - 1]) || s[n - 1] == ',' || s[n - 1] == ';'))
		s[--n] = '\0';
	size_t k = 0;
	while (s[k] && isspace((unsigned char)s[k]))
		k++;
	memmove(s, s + k, strlen(s + k) + 1);
}

size_t split_values(const char *value, char *out, size_t width, size_t max)
{
	char buf[512];
	snprintf(buf, sizeof buf, "%s", value);
	static const char *const seps[] = {"、", "，", ",", "；", ";", "/", "或", " 和 "};
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
		for (char *q; (q = strstr(buf, seps[i]));) {
			size_t l = strlen(seps[i]);
			*q = '|';
			memmove(q + 1, q + l, strlen(q + l) + 1);
		}
	size_t n = 0;
	for (char *save = NULL, *tok = strtok_r(buf, "|", &save); tok && n < max; tok = strtok_r(NULL, "|", &save)) {
		char *t = out + n * width;
		snprintf(t, width, "%s", tok);
		trim_value(t);
		if (t[0])
			n++;
	}
	return n;
}
