/*
 * cli.h - what the command's files share: the options every subcommand
 * parses (main.c) and the subcommands that live apart (inspect.c: count and
 * dump).
 */
#ifndef DOCSCREEN_CLI_H
#define DOCSCREEN_CLI_H

#include <libintl.h>
#include <stdbool.h>
#include <stdio.h>

#include "docscreen/count.h"
#include "docscreen/docscreen.h"

#define _(s) gettext(s)

enum { EXIT_OK = 0, EXIT_FINDINGS = 1, EXIT_USAGE = 2 };

extern const char *lang_code; /* the language messages are shown in */

struct opts {
	bool json;
	ds_open_options open;
	ds_count_options count;
	const char *profile, *format, *output, *fail_on;
	const char *plugin_dirs[16], *profile_dirs[16];
	size_t n_plugin_dirs, n_profile_dirs;
	const char *excludes[32];
	size_t n_excludes;
	struct {
		const char *format, *path;
	} reports[16];
	size_t n_reports;
	bool quiet, csv_per_file, show_info;
	const char *config; /* --config FILE */
	bool no_config;     /* --no-config */
	const char *listen; /* serve */
	size_t max_upload, max_requests;
	ds_batch_options batch;
	char **files; /* the arguments that are not options, in order */
	int n_files;
};

enum { OPT_COUNT = 1, OPT_CHECK = 2, OPT_SERVE = 3, OPT_DUMP = 4 };

/* Parse a command's options, which may stand before or after the files;
 * the files go to o->files.  Returns 0, or -1 on a usage error. */
int parse_opts(int argc, char **argv, int i, struct opts *o, int which);
/* Text from the file (or its path) on a text output: control characters
 * shown, never sent. */
void vput(FILE *o, const char *s);
/* The error of a file that could not be opened, as JSON or on stderr. */
void report_open_error(const char *path, bool json);
const char *format_name(ds_format f);

/* docscreen count and docscreen dump (inspect.c) */
int cmd_count(int argc, char **argv, int i);
int cmd_dump(int argc, char **argv, int i);

#endif
