/*
 * docscreen.h - opening a submitted file: errors, limits, triage.
 *
 * ds_doc_open_file()/ds_doc_open_memory() triage the bytes, open the OOXML
 * package under the safety limits and read it into a read-only document
 * model (see model.h).  A file that cannot be read gives a negative DS_E*
 * code; ds_error_last() then says what happened, in the user's language.
 */
#ifndef DOCSCREEN_DOCSCREEN_H
#define DOCSCREEN_DOCSCREEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DS_VERSION "0.1.0"

/* Error codes: 0 is success, every failure is negative. */
enum {
	DS_OK = 0,
	DS_ERROR = -1,       /* generic failure (I/O, usage) */
	DS_ENOMEM = -2,      /* out of memory */
	DS_EEMPTY = -3,      /* the file is empty */
	DS_ELEGACY = -4,     /* compound file: legacy .doc/.xls or WPS .wps/.et */
	DS_EENCRYPTED = -5,  /* compound file holding an encrypted OOXML package */
	DS_EPDF = -6,        /* a PDF */
	DS_EUNKNOWN = -7,    /* neither OOXML nor anything recognised */
	DS_EUNSUPPORTED = -8,/* OOXML, but not a word processing or spreadsheet document */
	DS_ECORRUPT = -9,    /* broken zip, missing part, malformed XML, DOCTYPE, ... */
	DS_ELIMIT = -10,     /* a safety limit was hit; ds_error_limit() names it */
	DS_EZIPCRYPT = -11,  /* zip entry encrypted with zip (not Office) encryption */
	DS_EPROFILE = -12,   /* a profile is missing, invalid or does not fit the plugins */
};

/* What the first bytes say a file is (before any parsing). */
typedef enum ds_kind {
	DS_KIND_EMPTY = 0,
	DS_KIND_ZIP,          /* a zip: OOXML if it holds a package */
	DS_KIND_CFB_ENCRYPTED,/* compound file with EncryptedPackage */
	DS_KIND_CFB_DOC,      /* compound file with a WordDocument stream (.doc, .wps) */
	DS_KIND_CFB_XLS,      /* compound file with a Workbook/Book stream (.xls, .et) */
	DS_KIND_CFB_OTHER,    /* another compound file (.ppt, .msg, old WPS) */
	DS_KIND_PDF,
	DS_KIND_RTF,
	DS_KIND_HTML,         /* HTML or MHT saved with a .doc name */
	DS_KIND_OTHER
} ds_kind;

/* Identify bytes by their signature. Never fails. */
ds_kind ds_kind_detect(const void *data, size_t len);
/* Stable English name of a kind, e.g. "cfb-doc". */
const char *ds_kind_name(ds_kind kind);

/* The named safety limits.  0 in an options field means the default. */
typedef struct ds_limits {
	unsigned int version;        /* DS_LIMITS_VERSION */
	uint64_t max_parts;          /* "max-parts": zip entries, default 1000 */
	uint64_t max_part_bytes;     /* "max-part-bytes": inflated bytes per part, 256 MiB */
	uint64_t max_total_bytes;    /* "max-total-bytes": inflated bytes per file, 1 GiB */
	uint64_t max_ratio;          /* "max-ratio": inflate ratio once a part passes 1 MiB, 100 */
	uint64_t max_depth;          /* "max-depth": XML element depth, 256 */
	uint64_t max_text_bytes;     /* "max-text": UTF-8 text kept per document, 64 MiB */
	/* version 2: what is built from the bytes, counted where it is created */
	uint64_t max_part_reads;     /* "max-part-reads": parts streamed per document, 2000 */
	uint64_t max_sheets;         /* "max-sheets": worksheets per workbook, 1000 */
	uint64_t max_paras;          /* "max-paragraphs": paragraphs per document, 1000000 */
	uint64_t max_cells;          /* "max-cells": cells kept per workbook, 4000000 */
	uint64_t max_model_bytes;    /* "max-model": bytes of the model (text, paragraphs,
					cells, controls, marks), 192 MiB */
	/* version 3: what libxml2 looks up one by one */
	uint64_t max_attributes;     /* "max-attributes": attributes of one XML element, 256 */
	uint64_t max_namespaces;     /* "max-namespaces": XML namespace declarations in scope, 1024 */
} ds_limits;

#define DS_LIMITS_VERSION 3
#define DS_LIMITS_INIT {DS_LIMITS_VERSION, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

/* Fill in defaults for every zero field. */
void ds_limits_defaults(ds_limits *limits);
/* Set a limit by its name ("max-parts", ...) from a decimal string with an
 * optional K/M/G suffix.  Returns 0 or DS_ERROR for an unknown name or value. */
int ds_limits_set(ds_limits *limits, const char *name, const char *value);

typedef struct ds_open_options {
	unsigned int version;  /* DS_OPEN_OPTIONS_VERSION */
	ds_limits limits;
} ds_open_options;

#define DS_OPEN_OPTIONS_VERSION 1
#define DS_OPEN_OPTIONS_INIT {DS_OPEN_OPTIONS_VERSION, DS_LIMITS_INIT}

typedef struct ds_doc ds_doc;

/* Open and read a file.  On success *out owns the document (ds_doc_free). */
int ds_doc_open_file(ds_doc **out, const char *path, const ds_open_options *opts);
/* The same from memory; the bytes are not kept after the call returns. */
int ds_doc_open_memory(ds_doc **out, const void *data, size_t len,
		       const ds_open_options *opts);
void ds_doc_free(ds_doc *doc);

/* The message of the last failure on this thread (never NULL), its code,
 * the limit name for DS_ELIMIT ("" otherwise) and the part involved (or ""). */
const char *ds_error_last(void);
int ds_error_code(void);
const char *ds_error_limit(void);
const char *ds_error_part(void);
/* Stable English id of a code, e.g. "corrupt", "limits". */
const char *ds_error_name(int code);

/* Write len bytes of UTF-8 text from a document (a title, a part name, a
 * cell) to a terminal or a text report with every control character shown
 * visibly: C0 controls but tab and DEL as their control pictures (U+241B
 * for ESC, U+240D for CR, U+240A for a line feed), C1 controls and the
 * bidirectional overrides as <U+XXXX>.  Text a file holds can then neither
 * move the cursor, erase a line nor reorder what is printed. */
void ds_fput_visible(const char *s, size_t len, FILE *out);

/* ------------------------------------------------------------- checking
 *
 * An engine holds the loaded rule plugins and the profile in use; a report
 * collects the results of the files checked with it.
 *
 *     ds_engine *e; ds_report *r;
 *     ds_engine_new(&e, &opts);                  // loads plugins
 *     ds_engine_use_profile(e, "citec-2023-national");
 *     ds_report_new(&r, e);
 *     ds_engine_check_file(e, r, "case.docx");   // a finding, never an error, for bad files
 *     ds_report_write(r, stdout, "json", "zh", false);
 */

typedef struct ds_engine ds_engine;
typedef struct ds_report ds_report;

typedef struct ds_engine_options {
	unsigned int version;             /* DS_ENGINE_OPTIONS_VERSION */
	const char *const *plugin_dirs;   /* searched first; NULL-terminated or NULL */
	const char *const *profile_dirs;  /* searched first; NULL-terminated or NULL */
	const char *prefix;               /* PREFIX/lib/docscreen/plugins and
					   * PREFIX/share/docscreen/rules are searched
					   * after DOCSCREEN_PLUGIN_PATH/DOCSCREEN_PROFILE_PATH */
	ds_open_options open;
} ds_engine_options;

#define DS_ENGINE_OPTIONS_VERSION 1
#define DS_ENGINE_OPTIONS_INIT {DS_ENGINE_OPTIONS_VERSION, NULL, NULL, NULL, DS_OPEN_OPTIONS_INIT}

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

int ds_report_new(ds_report **out, const ds_engine *engine);
void ds_report_free(ds_report *report);
/* Check one file (or bytes) with the profile in use and add it to report.
 * A file that cannot be read is a finding on that file, not a failure:
 * these return < 0 only for out-of-memory or when no profile is in use. */
int ds_engine_check_file(ds_engine *engine, ds_report *report, const char *path);
int ds_engine_check_memory(ds_engine *engine, ds_report *report, const char *path,
			   const void *data, size_t len);
/* Check many files in isolated worker processes: a worker that crashes,
 * hangs past timeout or grows past max_memory is replaced and its file gets
 * an internal.crash / internal.timeout / internal.memory finding; every other
 * file's result arrives.  Results are added in the order of paths, whatever
 * the number of jobs. */
typedef struct ds_batch_options {
	unsigned int version;   /* DS_BATCH_OPTIONS_VERSION */
	unsigned int jobs;      /* worker processes; 0: one per core */
	double timeout;         /* seconds per file; 0: 60 */
	uint64_t max_memory;    /* bytes of resident memory per worker; 0: 2 GiB */
	void (*progress)(void *ud, size_t done, size_t total, size_t failing);
	void *progress_ud;
} ds_batch_options;

#define DS_BATCH_OPTIONS_VERSION 1
#define DS_BATCH_OPTIONS_INIT {DS_BATCH_OPTIONS_VERSION, 0, 0, 0, NULL, NULL}

int ds_engine_check_batch(ds_engine *engine, ds_report *report, const char *const *paths, size_t n,
			  const ds_batch_options *opts);

/* A pool of the same workers for a long-running process that checks bytes
 * as they arrive (docscreen serve).  Single-threaded: the caller polls the
 * descriptors ds_pool_fds() gives along with its own, and calls
 * ds_pool_run() when one is readable and at least every 100 ms (limits are
 * watched there).  Each engine must have a profile in use; a job names the
 * engine it is checked with by index.  ds_pool_add() queues bytes (name
 * and data stay the caller's and must live until done is called); lang
 * ("zh", "en" or NULL for the process's) is the language of the details
 * that come from the reader (a message holds both languages, a detail one); done
 * gets a one-file report to keep (ds_report_free), or NULL when out of
 * memory.  Jobs still queued or running when the pool is freed are dropped
 * without a call. */
typedef struct ds_pool ds_pool;
typedef void (*ds_pool_done)(void *ud, ds_report *report);
int ds_pool_new(ds_pool **out, ds_engine *const *engines, size_t n, const ds_batch_options *opts);
void ds_pool_free(ds_pool *pool);
int ds_pool_add(ds_pool *pool, size_t engine, const char *lang, const char *name, const void *data,
		size_t len, ds_pool_done done, void *ud);
/* The same for one owner (a request, a user): when jobs wait, the next
 * worker free takes the first job of the owner with the fewest jobs running,
 * so owners share the workers turn about.  ds_pool_add's owner is NULL. */
int ds_pool_add_owned(ds_pool *pool, const void *owner, size_t engine, const char *lang, const char *name,
		      const void *data, size_t len, ds_pool_done done, void *ud);
/* The descriptors to poll for reading (at most max); jobs queued or running. */
size_t ds_pool_fds(const ds_pool *pool, int *fds, size_t max);
size_t ds_pool_pending(const ds_pool *pool);
/* Start queued jobs, wait up to timeout_ms for answers, hand them to done. */
int ds_pool_run(ds_pool *pool, int timeout_ms);

/* Write the report in a format: "json" (the contract, docs/report.md),
 * "text", "html" (one self-contained page), "csv" (a row per finding,
 * "csv-files" a row per file), "junit" or "sarif" (SARIF 2.1.0). */
int ds_report_write(const ds_report *report, FILE *out, const char *format, const char *lang,
		    bool color);
/* Add the files of from (a report of an engine with the same profile) to into. */
int ds_report_merge(ds_report *into, const ds_report *from);
/* Files in the report, and the status of one ("pass", "warn", "fail", "error"). */
size_t ds_report_file_count(const ds_report *report);
const char *ds_report_file_status(const ds_report *report, size_t i);
/* 0 when no finding reaches fail_on ("error" or "warning") and every file
 * was read, else 1. */
int ds_report_exit_status(const ds_report *report, const char *fail_on);

#ifdef __cplusplus
}
#endif
#endif
