/*
 * config.h - the project's configuration (.docscreen.ini, config.c): what
 * it sets for a check, each value with where it was written, and its
 * waivers.
 */
#ifndef DOCSCREEN_CLI_CONFIG_H
#define DOCSCREEN_CLI_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"

#define CONFIG_MAX 16
#define CONFIG_MAX_WAIVERS 256

typedef struct setting {
	char *value, *source; /* "FILE:LINE" */
} setting;

typedef struct list {
	setting v[CONFIG_MAX];
	size_t n;
} list;

typedef struct config {
	char *path;       /* the file, or NULL: no configuration */
	char *dir;        /* its folder: its paths are taken from there */
	char *found_from; /* the path it was looked for from (NULL: --config) */
	char *text;
	struct _GKeyFile *kf;
	setting profile, fail_on;
	list profile_paths, plugin_paths, excludes, reports; /* reports: "FORMAT:PATH" */
	ds_waiver *waivers;
	size_t n_waivers;
} config;

/* Read explicit_path, or the nearest .docscreen.ini from start upwards
 * (none: no configuration).  0, or -1 with the error said (file:line). */
int config_load(config *c, const char *explicit_path, bool none, const char *start);
/* What the command line left unset, from the configuration; lists added
 * after the command line's. */
void config_apply(const config *c, struct opts *o);
/* Today as YYYY-MM-DD, for the waivers' dates (DOCSCREEN_TODAY for tests). */
const char *config_today(char *buf, size_t size);
void config_print(const config *c, FILE *out);
void config_free(config *c);

#endif
