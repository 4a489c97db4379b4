/*
 * fuzz_pattern.c - fuzz target: compile the first line as a profile pattern
 * (PCRE2, UTF, limits) and run it over the rest, as rules do.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *nl = memchr(data, '\n', size);
	size_t plen = nl ? (size_t)(nl - (const char *)data) : size;
	char *pat = malloc(plen + 1);
	if (!pat)
		return 0;
	memcpy(pat, data, plen);
	pat[plen] = '\0';
	ds__arena a = {0};
	ds_pattern *p = NULL;
	if (ds__pattern_compile(&p, pat, "fuzz", &a) == 0) {
		const char *subject = nl ? nl + 1 : "";
		size_t len = nl ? size - plen - 1 : 0, s, e, at = 0;
		/* every match, as the period rule walks years */
		for (int i = 0; i < 64 && at <= len && ds_pattern_match(p, subject, len, at, &s, &e); i++)
			at = e > at ? e : at + 1;
		ds__pattern_free(p);
	}
	ds__arena_free(&a);
	free(pat);
	return 0;
}
