/*
 * fuzz_profile.c - fuzz target: parse and validate a profile from memory
 * (XML, RELAX NG), as docscreen does before binding it to plugins.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	ds__profile *p = NULL;
	if (ds__profile_load_memory(&p, (const char *)data, size, "fuzz.xml") == 0) {
		ds__profile *base = calloc(1, sizeof *base);
		if (base) {
			ds__profile_merge(base, p); /* merging exercises every list */
			ds__profile_free(base);
		}
		ds__profile_free(p);
	}
	return 0;
}
