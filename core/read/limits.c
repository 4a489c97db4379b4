/*
 * limits.c - the named safety limits: their defaults, the version of
 * ds_limits that first had each, copying a caller's struct of any version,
 * and setting one by name (--limit NAME=VALUE).
 */
#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

#define MiB (1024ull * 1024ull)

/* Every limit: its name, where it lives, its default and the version of
 * ds_limits that first had it (a caller's older struct stops before it). */
static const struct limit_def {
	const char *name;
	size_t off;
	uint64_t def;
	unsigned since;
} limit_defs[] = {
	{"max-parts", offsetof(ds_limits, max_parts), 1000, 1},
	{"max-part-bytes", offsetof(ds_limits, max_part_bytes), 256 * MiB, 1},
	{"max-total-bytes", offsetof(ds_limits, max_total_bytes), 1024 * MiB, 1},
	{"max-ratio", offsetof(ds_limits, max_ratio), 100, 1},
	{"max-depth", offsetof(ds_limits, max_depth), 256, 1},
	{"max-text", offsetof(ds_limits, max_text_bytes), 64 * MiB, 1},
	{"max-part-reads", offsetof(ds_limits, max_part_reads), 2000, 2},
	{"max-sheets", offsetof(ds_limits, max_sheets), 1000, 2},
	{"max-paragraphs", offsetof(ds_limits, max_paras), 1000000, 2},
	{"max-cells", offsetof(ds_limits, max_cells), 4000000, 2},
	{"max-model", offsetof(ds_limits, max_model_bytes), 192 * MiB, 2},
	{"max-attributes", offsetof(ds_limits, max_attributes), 256, 3},
	{"max-namespaces", offsetof(ds_limits, max_namespaces), 1024, 3},
	{"max-nesting", offsetof(ds_limits, max_nesting), 3, 4},
	{"max-members", offsetof(ds_limits, max_members), 1000, 4},
	{"max-unpacked", offsetof(ds_limits, max_unpacked), 1024 * MiB, 4},
	{"max-convert-time", offsetof(ds_limits, max_convert_time), 30, 4},
};
#define N_LIMITS (sizeof limit_defs / sizeof *limit_defs)

static uint64_t *limit_field(ds_limits *l, const struct limit_def *d)
{
	return (uint64_t *)(void *)((char *)l + d->off);
}

DS_API void ds_limits_defaults(ds_limits *l)
{
	if (!l->version)
		l->version = DS_LIMITS_VERSION;
	for (size_t i = 0; i < N_LIMITS; i++)
		if (limit_defs[i].since <= l->version && !*limit_field(l, &limit_defs[i]))
			*limit_field(l, &limit_defs[i]) = limit_defs[i].def;
}

DS_API int ds_limits_init(ds_limits *l, unsigned int version)
{
	if (ds__version_ok("ds_limits", version, DS_LIMITS_VERSION) < 0)
		return DS_ERROR;
	/* an older struct is shorter: only its own fields are written */
	unsigned v = version ? version : 1;
	memset(l, 0,
	       v >= 4   ? sizeof *l
	       : v == 3 ? offsetof(ds_limits, max_nesting)
	       : v == 2 ? offsetof(ds_limits, max_attributes)
			: offsetof(ds_limits, max_part_reads));
	l->version = v;
	return 0;
}

void ds__limits_copy(ds_limits *dst, const ds_limits *src)
{
	memset(dst, 0, sizeof *dst);
	if (src) {
		unsigned v = src->version ? src->version : 1;
		for (size_t i = 0; i < N_LIMITS; i++)
			if (limit_defs[i].since <= v)
				*limit_field(dst, &limit_defs[i]) =
					*limit_field((ds_limits *)(uintptr_t)src, &limit_defs[i]);
	}
	dst->version = DS_LIMITS_VERSION;
	ds_limits_defaults(dst);
}

DS_API int ds_limits_set(ds_limits *l, const char *name, const char *value)
{
	char *end;
	errno = 0;
	unsigned long long v = strtoull(value, &end, 10);
	if (end == value || errno || value[0] == '-')
		return ds__error_set(DS_ERROR, _("limit %s: '%s' is not a number"), name, value);
	unsigned long long mul = 1;
	switch (toupper((unsigned char)*end)) {
	case 'K':
		mul = 1024;
		end++;
		break;
	case 'M':
		mul = MiB;
		end++;
		break;
	case 'G':
		mul = 1024 * MiB;
		end++;
		break;
	default: break;
	}
	if (*end || v == 0 || v > UINT64_MAX / mul)
		return ds__error_set(DS_ERROR, _("limit %s: '%s' is not a positive number"), name, value);
	unsigned version = l->version ? l->version : DS_LIMITS_VERSION;
	for (size_t i = 0; i < N_LIMITS; i++)
		if (!strcmp(name, limit_defs[i].name) && limit_defs[i].since <= version) {
			*limit_field(l, &limit_defs[i]) = v * mul;
			return 0;
		}
	char known[512];
	size_t k = 0;
	for (size_t i = 0; i < N_LIMITS && k < sizeof known; i++)
		k += (size_t)snprintf(known + k, sizeof known - k, "%s%s", i ? ", " : "", limit_defs[i].name);
	return ds__error_set(DS_ERROR, _("unknown limit '%s' (known: %s)"), name, known);
}
