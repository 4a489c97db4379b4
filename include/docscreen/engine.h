/*
 * engine.h - checking files: an engine holds the loaded rule plugins and
 * the profile in use; a report (report.h) collects the results of the files
 * checked with it; pool.h checks many in worker processes.
 *
 *     ds_engine *e; ds_report *r;
 *     ds_engine_new(&e, &opts);                  // loads plugins
 *     ds_engine_use_profile(e, "citec-2023-national");
 *     ds_report_new(&r, e);
 *     ds_engine_check_file(e, r, "case.docx");   // a finding, never an error, for bad files
 *     ds_report_write(r, stdout, "json", "zh", false);
 */
#ifndef DOCSCREEN_ENGINE_H
#define DOCSCREEN_ENGINE_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ds_engine ds_engine;
typedef struct ds_report ds_report; /* report.h */

typedef struct ds_engine_options {
	unsigned int version;            /* DS_ENGINE_OPTIONS_VERSION */
	const char *const *plugin_dirs;  /* searched first; NULL-terminated or NULL */
	const char *const *profile_dirs; /* searched first; NULL-terminated or NULL */
	const char *prefix;              /* PREFIX/lib/docscreen/plugins and
					   * PREFIX/share/docscreen/rules are searched
					   * after DOCSCREEN_PLUGIN_PATH/DOCSCREEN_PROFILE_PATH */
	ds_open_options open;
} ds_engine_options;

#define DS_ENGINE_OPTIONS_VERSION 1
int ds_engine_options_init(ds_engine_options *opts, unsigned int version);
#define DS_ENGINE_OPTIONS_INIT                                                                                         \
	{                                                                                                              \
		DS_ENGINE_OPTIONS_VERSION, NULL, NULL, NULL, DS_OPEN_OPTIONS_INIT                                      \
	}

/* Load every plugin found.  A plugin that cannot be loaded is recorded as
 * rejected (see below) and never makes this fail. */
int ds_engine_new(ds_engine **out, const ds_engine_options *opts);
void ds_engine_free(ds_engine *engine);

size_t ds_engine_plugin_count(const ds_engine *engine);
/* name, version and rule ids of loaded plugin i; the path it came from. */
const char *ds_engine_plugin_name(const ds_engine *engine, size_t i);
const char *ds_engine_plugin_version(const ds_engine *engine, size_t i);
const char *ds_engine_plugin_path(const ds_engine *engine, size_t i);
size_t ds_engine_plugin_rule_count(const ds_engine *engine, size_t i);
const char *ds_engine_plugin_rule(const ds_engine *engine, size_t i, size_t k);
size_t ds_engine_rejected_count(const ds_engine *engine);
const char *ds_engine_rejected_path(const ds_engine *engine, size_t i);
const char *ds_engine_rejected_reason(const ds_engine *engine, size_t i);

/* Profiles found on the search path: id, path, titles (by lang "zh"/"en"). */
size_t ds_engine_profile_count(const ds_engine *engine);
const char *ds_engine_profile_id(const ds_engine *engine, size_t i);
const char *ds_engine_profile_path(const ds_engine *engine, size_t i);
const char *ds_engine_profile_title(const ds_engine *engine, size_t i, const char *lang);
/* Who the profile is for and what it checks, in words (NULL if it says nothing). */
const char *ds_engine_profile_description(const ds_engine *engine, size_t i, const char *lang);
/* Where a file that passes is sent ("to": an address) and by when ("by":
 * YYYY-MM-DD), from the profile's <submit> or the one it extends; NULL if
 * none says. */
const char *ds_engine_profile_submit(const ds_engine *engine, size_t i, const char *what);

/* Use a profile by id (search path) or file path: validated against
 * profile.rng, extends resolved, rules bound to the plugins.  DS_EPROFILE
 * with "file:line: what was expected" in ds_error_last() otherwise. */
int ds_engine_use_profile(ds_engine *engine, const char *id_or_path);
const char *ds_engine_active_profile(const ds_engine *engine);
/* The profile's <cases> parameters, bound (for ds_cases_build(), cases.h). */
typedef struct ds_params ds_params;
const ds_params *ds_engine_cases_params(const ds_engine *engine);
/* What the profile in use runs, with parameters, for a person to read. */
int ds_engine_write_rules(const ds_engine *engine, FILE *out, const char *lang);
/* The kinds of rule the loaded plugins offer (a profile declares rules of
 * its own of them), with their parameters, defaults and messages, for a
 * person to read.  (ABI 1.7) */
int ds_engine_write_kinds(const ds_engine *engine, FILE *out, const char *lang);

/* Check one file (or bytes) with the profile in use and add it to report.
 * A file that cannot be read is a finding on that file, not a failure:
 * these return < 0 only for out-of-memory or when no profile is in use. */
int ds_engine_check_file(ds_engine *engine, ds_report *report, const char *path);
int ds_engine_check_memory(ds_engine *engine, ds_report *report, const char *path, const void *data, size_t len);

#ifdef __cplusplus
}
#endif
#endif
