/*
 * alloc.c - malloc and friends replaced for the whole process (the library,
 * libxml2, libzip, PCRE2 and dlopen'ed plugins included), forwarding to
 * glibc's __libc_* functions: the allocation number `countdown` fails (then
 * `hit` is set), and `live` counts the blocks handed out and not freed.
 * Shared by failinject.c, which links the library's objects and fails only
 * their allocations (libxml2 2.9's RELAX NG validator does not survive a
 * failed allocation of its own), and failcheck.c, which exports these
 * (ALLOC_EXPORT) so that the shared library, the plugins and the libraries
 * under them allocate through them too.
 */
#include <errno.h>
#include <execinfo.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "alloc.h"

#ifdef ALLOC_EXPORT
#define ALLOC_VISIBLE __attribute__((visibility("default")))
#else
#define ALLOC_VISIBLE
#endif

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

long countdown = 0; /* the allocation that fails; 0: none */
bool hit;
long live;
long made; /* allocations so far */
bool trace;

/* The blocks handed out here (a set of pointers), so that blocks some
 * library got from glibc directly are not mistaken for ours when freed. */
#define SLOTS (1u << 20)
static void *table[SLOTS];

static size_t slot(void *p)
{
	return ((uintptr_t)p >> 4) * 2654435761u % SLOTS;
}

static void track(void *p)
{
	if (!p)
		return;
	for (size_t i = slot(p);; i = (i + 1) % SLOTS)
		if (!table[i] || table[i] == (void *)1) {
			table[i] = p;
			live++;
			return;
		}
}

static void untrack(void *p)
{
	for (size_t i = slot(p); table[i]; i = (i + 1) % SLOTS)
		if (table[i] == p) {
			table[i] = (void *)1; /* a tombstone keeps later entries reachable */
			live--;
			return;
		}
}

static bool fail_now(void)
{
	made++;
	if (countdown > 0 && --countdown == 0) {
		hit = true;
		if (trace) { /* where it failed: ALLOC_TRACE=1 */
			void *frames[32];
			backtrace_symbols_fd(frames, backtrace(frames, 32), 2);
		}
		errno = ENOMEM; /* as malloc does */
		return true;
	}
	return false;
}

ALLOC_VISIBLE void *malloc(size_t n)
{
	if (fail_now())
		return NULL;
	void *p = __libc_malloc(n);
	track(p);
	return p;
}

ALLOC_VISIBLE void *calloc(size_t n, size_t m)
{
	if (fail_now())
		return NULL;
	void *p = __libc_calloc(n, m);
	track(p);
	return p;
}

ALLOC_VISIBLE void *realloc(void *old, size_t n)
{
	if (!old)
		return malloc(n);
	if (fail_now())
		return NULL;
	void *p = __libc_realloc(old, n);
	if (p) {
		untrack(old);
		track(p);
	}
	return p;
}

ALLOC_VISIBLE void free(void *p)
{
	if (p) {
		untrack(p);
		__libc_free(p);
	}
}


char *alloc_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *p = malloc(n > 0 ? (size_t)n : 1);
	if (p && fread(p, 1, (size_t)n, f) != (size_t)n) {
		free(p);
		p = NULL;
	}
	fclose(f);
	*len = n > 0 ? (size_t)n : 0;
	return p;
}
