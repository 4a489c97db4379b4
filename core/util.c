/*
 * util.c - the thread's last error, growable buffers, the string arena and
 * UTF-8 decoding, and the library's version.
 *
 * Errors follow libgit2: functions return a negative code and leave the human
 * message in a per-thread slot read by ds_error_last().  The arena hands out
 * memory that lives exactly as long as its document.
 */
#define _GNU_SOURCE /* mremap */
#include <errno.h>
#include <iconv.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "internal.h"

#ifndef DS_PACKAGE_VERSION
#error "DS_PACKAGE_VERSION comes from project(VERSION) in CMakeLists.txt"
#endif

DS_API const char *ds_version(void)
{
	return DS_PACKAGE_VERSION;
}

/* ------------------------------------------------------------------ errors */

static _Thread_local struct {
	int code;
	char msg[1024];
	char limit[32];
	char part[256];
} err;

/* Memory ran out since the last ds__oom_take(), whether or not the code
 * that met it went on: a reader or a rule that went around it may have
 * left something out, so the file is not reported as if read whole. */
static _Thread_local bool oom_seen;

bool ds__oom_take(void)
{
	bool seen = oom_seen;
	oom_seen = false;
	return seen;
}

static void error_vset(int code, const char *limit, const char *part, const char *fmt, va_list ap)
{
	if (code == DS_ENOMEM)
		oom_seen = true;
	err.code = code;
	vsnprintf(err.msg, sizeof err.msg, fmt, ap);
	snprintf(err.limit, sizeof err.limit, "%s", limit ? limit : "");
	snprintf(err.part, sizeof err.part, "%s", part ? part : "");
}

int ds__error_set(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(code, NULL, NULL, fmt, ap);
	va_end(ap);
	return code;
}

int ds__error_set_at(int code, const char *limit, const char *part, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	error_vset(code, limit, part, fmt, ap);
	va_end(ap);
	return code;
}

void ds__error_clear(void)
{
	err.code = 0;
	err.msg[0] = err.limit[0] = err.part[0] = '\0';
}

DS_API const char *ds_error_last(void)
{
	return err.msg;
}
DS_API int ds_error_code(void)
{
	return err.code;
}
DS_API const char *ds_error_limit(void)
{
	return err.limit;
}
DS_API const char *ds_error_part(void)
{
	return err.part;
}

DS_API const char *ds_error_name(int code)
{
	switch (code) {
	case DS_OK: return "ok";
	case DS_ENOMEM: return "nomem";
	case DS_EEMPTY: return "empty";
	case DS_ELEGACY: return "legacy";
	case DS_EENCRYPTED: return "encrypted";
	case DS_EPDF: return "pdf";
	case DS_EUNKNOWN: return "unknown-format";
	case DS_EUNSUPPORTED: return "unsupported";
	case DS_ECORRUPT: return "corrupt";
	case DS_ELIMIT: return "limits";
	case DS_EZIPCRYPT: return "zip-encrypted";
	default: return "error";
	}
}

/* --------------------------------------------------------- growable bytes */

/* The capacity that holds n + 1 elements: doubled from cap (or 8). */
static int next_cap(size_t cap, size_t n, size_t elem, size_t *out)
{
	size_t ncap = cap ? cap * 2 : 8;
	while (ncap < n + 1)
		ncap *= 2;
	if (ncap > SIZE_MAX / elem)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	*out = ncap;
	return 0;
}

int ds__grow(void **items, size_t *cap, size_t n, size_t elem)
{
	size_t ncap = 0;
	if (n + 1 <= *cap)
		return 0;
	if (next_cap(*cap, n, elem, &ncap) < 0)
		return DS_ENOMEM;
	void *p = realloc(*items, ncap * elem);
	if (!p)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	*items = p;
	*cap = ncap;
	return 0;
}

/* A huge page: from this size on, a vec or an arena chunk asks for them. */
#define HUGE_PAGE ((size_t)2 << 20)

/* bytes rounded up to whole huge pages */
static size_t map_size(size_t bytes)
{
	return (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

/* A mapping of bytes holding a copy of old's first keep bytes. */
static void *vec_map(const void *old, size_t keep, size_t bytes)
{
	void *p = mmap(NULL, map_size(bytes), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	madvise(p, map_size(bytes), MADV_HUGEPAGE); /* a hint */
	if (keep)
		memcpy(p, old, keep);
	return p;
}

static int vec_resize(void **items, size_t *cap, size_t ncap, size_t keep, size_t elem)
{
	size_t old = *cap * elem, bytes = ncap * elem;
	void *p;
	if (bytes < HUGE_PAGE && old < HUGE_PAGE) {
		p = realloc(*items, bytes ? bytes : 1);
	} else if (old < HUGE_PAGE) {
		if ((p = vec_map(*items, keep * elem, bytes)))
			free(*items);
	} else if (bytes >= HUGE_PAGE) {
		p = map_size(old) == map_size(bytes) ? *items
						     : mremap(*items, map_size(old), map_size(bytes), MREMAP_MAYMOVE);
		if (p == MAP_FAILED)
			p = NULL;
	} else { /* back below the threshold */
		if ((p = malloc(bytes ? bytes : 1))) {
			memcpy(p, *items, keep * elem);
			munmap(*items, map_size(old));
		}
	}
	if (!p)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	*items = p;
	*cap = ncap;
	return 0;
}

int ds__vec_grow(void **items, size_t *cap, size_t n, size_t elem)
{
	size_t ncap = 0;
	if (n + 1 <= *cap)
		return 0;
	if (next_cap(*cap, n, elem, &ncap) < 0)
		return DS_ENOMEM;
	return vec_resize(items, cap, ncap, n, elem);
}

int ds__vec_fit(void **items, size_t *cap, size_t n, size_t elem)
{
	return n == *cap ? 0 : vec_resize(items, cap, n, n, elem);
}

void ds__vec_free(void *items, size_t cap, size_t elem)
{
	if (items && cap * elem >= HUGE_PAGE)
		munmap(items, map_size(cap * elem));
	else
		free(items);
}

int ds__buf_add(ds__buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t ncap = b->cap ? b->cap : 64;
		while (ncap < b->len + n + 1)
			ncap *= 2;
		char *p = realloc(b->p, ncap);
		if (!p)
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		b->p = p;
		b->cap = ncap;
	}
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int ds__buf_add_slow(ds__buf *b, char c)
{
	return ds__buf_add(b, &c, 1);
}

int ds__buf_add_cp(ds__buf *b, uint32_t cp)
{
	char u[4];
	size_t n;
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	return ds__buf_add(b, u, n);
}

void ds__buf_free(ds__buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}

/* ---------------------------------------------------- string arena (model) */

struct ds__chunk {
	ds__chunk *next;
	size_t used, size;
	_Alignas(max_align_t) char data[];
};

void *ds__arena_alloc(ds__arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	ds__chunk *c = a->head;
	if (!c || c->size - c->used < n) {
		/* chunks grow with the model (64 KiB doubling to 4 MiB); the big
		 * ones ask for huge pages: a 50 MB document then takes a few dozen
		 * page faults instead of thousands */
		size_t want = a->next_size ? a->next_size : 65536;
		if (a->next_size < (4u << 20))
			a->next_size = want * 2;
		size_t size = n > want ? n : want;
		if (size >= HUGE_PAGE) {
			size_t total = map_size(sizeof *c + size);
			c = aligned_alloc(HUGE_PAGE, total);
			if (c) {
				madvise(c, total, MADV_HUGEPAGE);
				size = total - sizeof *c;
			}
		} else {
			c = malloc(sizeof *c + size);
		}
		if (!c) {
			ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			return NULL;
		}
		c->used = 0;
		c->size = size;
		/* a block for one big string goes behind the head, which keeps its room */
		if (a->head && n > want) {
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	void *p = c->data + c->used;
	c->used += n;
	return p;
}

const char *ds__arena_strndup(ds__arena *a, const char *s, size_t n)
{
	char *p = ds__arena_alloc(a, n + 1);
	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static void free_chunks(ds__chunk *c)
{
	while (c) {
		ds__chunk *next = c->next;
		free(c);
		c = next;
	}
}

/* Empty the arena but keep its first chunk for what comes next. */
void ds__arena_reset(ds__arena *a)
{
	if (!a->head)
		return;
	free_chunks(a->head->next);
	a->head->next = NULL;
	a->head->used = 0;
}

void ds__arena_free(ds__arena *a)
{
	free_chunks(a->head);
	a->head = NULL;
	a->next_size = 0;
}

/* ------------------------------------------------------------------ UTF-8 */

size_t ds__utf8_next(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	if (!len)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	size_t n = u[0] >= 0xF0 ? 4 : u[0] >= 0xE0 ? 3 : u[0] >= 0xC0 ? 2 : 0;
	if (!n || n > len) {
		*cp = 0xFFFD;
		return 1;
	}
	uint32_t c = u[0] & (0x7F >> n);
	for (size_t i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return 1;
		}
		c = (c << 6) | (u[i] & 0x3F);
	}
	/* overlong forms, surrogates and what lies past U+10FFFF are no characters */
	static const uint32_t least[5] = {0, 0, 0x80, 0x800, 0x10000};
	if (u[0] > 0xF4 || c < least[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = 0xFFFD;
		return 1;
	}
	*cp = c;
	return n;
}

/* ------------------------------------------------------- visible text */

DS_API void ds_fput_visible(const char *s, size_t len, FILE *out)
{
	size_t run = 0; /* bytes of s[0..run) to write as they are */
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		uint32_t cp = c;
		size_t n = c < 0x80 ? 1 : ds__utf8_next(s + i, len - i, &cp);
		bool c0 = (cp < 0x20 && cp != '\t') || cp == 0x7F;
		bool other =
			(cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
		if (!c0 && !other) {
			i += n;
			continue;
		}
		fwrite(s + run, 1, i - run, out);
		if (c0) /* U+2400 + c, U+2421 for DEL */
			fprintf(out, "\xe2\x90%c", (char)(0x80 + (cp == 0x7F ? 0x21 : cp)));
		else
			fprintf(out, "<U+%04X>", (unsigned)cp);
		i += n;
		run = i;
	}
	fwrite(s + run, 1, len - run, out);
}

int ds__version_ok(const char *what, unsigned int version, unsigned int known)
{
	if (version <= known)
		return 0;
	return ds__error_set(DS_ERROR,
			     _("%s version %u is newer than this library knows (%u): the program was built "
			       "against a newer docscreen"),
			     what, version, known);
}

char *ds__to_utf8(const char *charset, const char *s, size_t len)
{
	errno = 0;
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t out_size = len * 4 + 1, left = out_size - 1; /* (a byte of a code page: up to 3 of UTF-8) */
	char *out = malloc(out_size), *in = (char *)s, *o = out;
	bool ok = out && iconv(cd, &in, &len, &o, &left) != (size_t)-1 && !len;
	iconv_close(cd);
	if (!ok) {
		free(out);
		errno = out ? EILSEQ : ENOMEM;
		return NULL;
	}
	*o = '\0';
	return out;
}
