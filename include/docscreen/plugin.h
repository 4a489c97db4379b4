/*
 * plugin.h - the rule-plugin ABI.
 *
 * A plugin is a shared object exporting one symbol, ds_plugin_entry, that
 * returns a const descriptor.  The descriptor starts with abi_major and
 * abi_minor: the host refuses another major or a newer minor, and gives an
 * older minor what that minor had (a plugin of ABI 1.1, before row hooks,
 * sees every sheet kept whole).  Descriptors only ever grow at the end (new
 * fields go last, behind a minor bump); write one with DS_PLUGIN_DEFINE.
 *
 *   1.1  rules, params, messages, the context
 *   1.2  row hooks: a workbook's rows as they are read
 *   1.3  locations filled into the caller's struct by its version
 *        (ds_ctx_para_location_get, ds_ctx_case_location_get)
 *   1.4  a case's kind (ds_case.kind, kind_name) from the profile's <cases>
 *        kinds; ds_case.project_type, the CITEC notice's, is gone (0)
 *   1.5  the collection: facts a rule records about a file (ds_ctx_fact),
 *        and collection hooks that run once over all the files checked,
 *        grouped into submissions, in the parent process (ds_collect_*)
 *   1.6  collection findings that point at other places (ds_collect_refer,
 *        ds_collect_emit_case); values per language (name@en, name@zh)
 *   1.7  kinds of rule: a rule definition with DS_APPLIES_KIND is not a
 *        rule but a kind, which profiles instance as rules of their own
 *        (<rule id="x.y" kind="length">), each with its parameters and
 *        messages (docs/rules.md)
 *
 * Lifetimes: what the context returns (the document, its strings, cases,
 * parameters) lives while the rule's check runs, and no longer.  Threads:
 * an engine and what it returns are used by one thread at a time (patterns
 * are JIT-compiled on first use); give each thread its own engine.
 *
 * A rule reads the model of one file through the rule context and reports
 * findings by message key; the profile supplies the parameters, severities
 * and message texts (the plugin's own texts are the fall-back).
 *
 *     static int check(ds_rule_ctx *ctx) {
 *         const ds_doc *doc = ds_ctx_doc(ctx);
 *         if (doc && ds_doc_facts(doc)->comments)
 *             ds_ctx_emit(ctx, "found", NULL, "count", "3", NULL);
 *         return 0;
 *     }
 */
#ifndef DOCSCREEN_PLUGIN_H
#define DOCSCREEN_PLUGIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "docscreen.h"
#include "model.h"

#ifdef __cplusplus
extern "C" {
#endif

#define DS_PLUGIN_ABI_MAJOR 1
#define DS_PLUGIN_ABI_MINOR 7

#if defined(__GNUC__)
#define DS_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define DS_PLUGIN_EXPORT
#endif

typedef enum ds_severity { DS_SEV_INFO = 0, DS_SEV_WARNING = 1, DS_SEV_ERROR = 2 } ds_severity;

/* Which files a rule runs on (a bit set). */
enum {
	DS_APPLIES_DOCX = 1u << 0,
	DS_APPLIES_XLSX = 1u << 1,
	DS_APPLIES_UNREAD = 1u << 2,     /* files that could not be opened */
	DS_APPLIES_COLLECTION = 1u << 3, /* (ABI 1.5) the collection: the rule has a collect hook */
	/* (ABI 1.7) not a rule but a kind of rule: its id is the kind's name, a
	 * word without a dot ("length"); it runs only as the rules that profiles
	 * declare of it, each with the profile's id, parameters and messages,
	 * on the formats of its other bits */
	DS_APPLIES_KIND = 1u << 4
};

typedef enum ds_param_type {
	DS_PARAM_INT = 1,
	DS_PARAM_NUMBER,
	DS_PARAM_BOOL,
	DS_PARAM_STRING,
	DS_PARAM_STRINGS,  /* list of strings */
	DS_PARAM_PATTERN,  /* PCRE2, UTF mode */
	DS_PARAM_PATTERNS, /* list of patterns */
	DS_PARAM_GROUP     /* repeated structure: a list of items with the fields below */
} ds_param_type;

typedef struct ds_param_def {
	const char *name;
	ds_param_type type;
	const char *default_value;         /* as written in a profile; NULL: none.
					    * Lists: items separated by '\n' */
	const char *description;           /* English, one line */
	const struct ds_param_def *fields; /* GROUP: item fields, ended by a NULL name */
} ds_param_def;

/* A finding a rule can report, with its default severity and texts.
 * Texts may use {name} placeholders filled from ds_ctx_emit's arguments. */
/* A message: its text and a hint on how to fix it, in both languages.  A
 * hint's first line is for whoever fixes the file (the self-check page
 * shows only it); lines after it are for whoever runs docscreen (the
 * command line, the committee's reports). */
typedef struct ds_message_def {
	const char *key;
	ds_severity severity;
	const char *en, *zh;
	const char *hint_en, *hint_zh;
} ds_message_def;

typedef struct ds_rule_ctx ds_rule_ctx;

typedef struct ds_rule_def {
	const char *id; /* "plugin.rule" */
	const char *summary_en, *summary_zh;
	unsigned applies;               /* DS_APPLIES_* */
	const ds_param_def *params;     /* ended by a NULL name, or NULL */
	const ds_message_def *messages; /* ended by a NULL key */
	int (*check)(ds_rule_ctx *ctx); /* 0, or negative on an internal failure */
} ds_rule_def;

/* A rule's row hook (ABI 1.2).  A workbook is checked as a stream: each
 * row of each sheet, as it is read, goes to the row hooks, with the row read
 * after it in the same sheet (next_n 0 at the sheet's end: look at next for
 * the cell below).  Only the sheet's first rows stay in the model that check
 * then sees (ds_sheet.partial), so a rule that must see every cell keeps
 * what it needs in ds_ctx_shared() here and reports it from check.  The
 * hook sees the sheet's name, state and protection, not its cells, and
 * ds_ctx_doc() is NULL; the cells live until the hook returns.  Returns 0,
 * or negative on an internal failure (the rule is then reported failed). */
typedef int (*ds_row_hook)(ds_rule_ctx *ctx, const ds_sheet *sheet, const ds_cell *row, size_t n, const ds_cell *next,
			   size_t next_n);
/* (ABI 1.5) A rule's look at the whole collection (see the end). */
typedef struct ds_collect_ctx ds_collect_ctx;
typedef int (*ds_collect_hook)(ds_collect_ctx *ctx);

typedef struct ds_plugin_def {
	unsigned int abi_major; /* DS_PLUGIN_ABI_MAJOR */
	unsigned int abi_minor; /* DS_PLUGIN_ABI_MINOR */
	const char *name;
	const char *version;
	const ds_rule_def *rules;
	size_t n_rules;
	int (*init)(void);            /* optional: 0 or the plugin is refused */
	void (*fini)(void);           /* optional */
	const ds_row_hook *row_hooks; /* (ABI 1.2) optional: n_rules entries, NULL for none */
	/* (ABI 1.5) optional: n_rules entries, NULL for none: the rule's hook
	 * over the collection (a rule of DS_APPLIES_COLLECTION alone may have
	 * a NULL check) */
	const ds_collect_hook *collect_hooks;
} ds_plugin_def;

/* The one symbol a plugin exports. */
typedef const ds_plugin_def *(*ds_plugin_entry_fn)(void);
#define DS_PLUGIN_ENTRY_SYMBOL "ds_plugin_entry"

/* A plugin's descriptor and entry point, by field name (designated
 * initialisers: a field not named is zero, and fields added in later minor
 * versions need no change to a plugin); the ABI version is this header's:
 *
 *     DS_PLUGIN_DEFINE(.name = "hello", .version = "1.0", .rules = rules,
 *                      .n_rules = sizeof rules / sizeof *rules);
 */
#define DS_PLUGIN_DEFINE(...)                                                                                          \
	static const ds_plugin_def ds__plugin = {                                                                      \
		.abi_major = DS_PLUGIN_ABI_MAJOR, .abi_minor = DS_PLUGIN_ABI_MINOR, __VA_ARGS__};                      \
	DS_PLUGIN_EXPORT const ds_plugin_def *ds_plugin_entry(void);                                                   \
	DS_PLUGIN_EXPORT const ds_plugin_def *ds_plugin_entry(void)                                                    \
	{                                                                                                              \
		return &ds__plugin;                                                                                    \
	}

/* ------------------------------------------------------- the rule context */

/* The document, or NULL when the file could not be opened. */
const ds_doc *ds_ctx_doc(const ds_rule_ctx *ctx);
/* For an unread file: the open error (DS_E*), its message, limit and part. */
int ds_ctx_open_error(const ds_rule_ctx *ctx);
const char *ds_ctx_open_message(const ds_rule_ctx *ctx);
const char *ds_ctx_open_limit(const ds_rule_ctx *ctx);
const char *ds_ctx_open_part(const ds_rule_ctx *ctx);
/* What the file's first bytes say it is. */
ds_kind ds_ctx_kind(const ds_rule_ctx *ctx);
/* Memory the rules of one plugin share while one file is checked, so that
 * work they all need is done once: the first call on a file returns size
 * zeroed bytes and sets *fresh; later calls by the plugin's rules on the
 * same file return the same block (the same size is expected).  Freed with
 * free() when the file is done: keep nothing in it that needs freeing.
 * NULL when out of memory.  (ABI 1.1) */
void *ds_ctx_shared(ds_rule_ctx *ctx, size_t size, bool *fresh);
const char *ds_ctx_path(const ds_rule_ctx *ctx);

/* Parameters as the profile set them (defaults otherwise). */
typedef struct ds_params ds_params;
typedef struct ds_pattern ds_pattern;

const ds_params *ds_ctx_params(const ds_rule_ctx *ctx);
long long ds_params_int(const ds_params *p, const char *name);
double ds_params_number(const ds_params *p, const char *name);
bool ds_params_bool(const ds_params *p, const char *name);
const char *ds_params_string(const ds_params *p, const char *name); /* "" if unset */
size_t ds_params_count(const ds_params *p, const char *name);       /* list length */
const char *ds_params_string_at(const ds_params *p, const char *name, size_t i);
const ds_pattern *ds_params_pattern(const ds_params *p, const char *name); /* NULL if unset */
const ds_pattern *ds_params_pattern_at(const ds_params *p, const char *name, size_t i);
const ds_params *ds_params_group_at(const ds_params *p, const char *name, size_t i);

/* Match a compiled pattern against UTF-8 text; start and end (byte offsets) may be
 * NULL.  Returns true on a match; a pattern that exceeds its match limits
 * counts as no match.  Memory running out is no match either, but the check
 * then ends as not fully checked (internal.memory), whatever the rule does. */
bool ds_pattern_match(const ds_pattern *pat, const char *subject, size_t len, size_t start_at, size_t *start,
		      size_t *end);
const char *ds_pattern_source(const ds_pattern *pat);

/* Where a finding is. Fields left 0/NULL are not shown. */
typedef struct ds_location {
	unsigned int version; /* DS_LOCATION_VERSION */
	ds_part part;
	size_t paragraph;    /* 1-based paragraph number (in ds_doc_para order + 1) */
	const char *excerpt; /* the first words of the paragraph or cell */
	size_t case_index;   /* 1-based case number */
	const char *case_title;
	bool in_table;
	uint32_t table, row, col; /* 0-based */
	const char *sheet;
	const char *cell; /* "B7" */
} ds_location;

#define DS_LOCATION_VERSION 1
#define DS_LOCATION_INIT                                                                                               \
	{                                                                                                              \
		DS_LOCATION_VERSION, DS_PART_BODY, 0, NULL, 0, NULL, false, 0, 0, 0, NULL, NULL                        \
	}

/* (ABI 1.6) A case title as a message quotes it after its number: without
 * the label its heading begins with ("案例一：", "2、", "1."), else the
 * whole title.  Values passed as "title" to ds_ctx_emit and
 * ds_collect_emit are shown so already. */
const char *ds_title_without_label(const char *title);

/* Report a finding by message key; the variadic part is name, value pairs
 * (both const char *) ended by NULL, filling {name} in the texts; a value
 * named "name@en" or "name@zh" fills {name} in that language only (ABI
 * 1.6: lists built with each language's punctuation).
 * Returns 0, or DS_ERROR for a key the rule does not declare. */
int ds_ctx_emit(ds_rule_ctx *ctx, const char *key, const ds_location *loc, ...);

/* Record a fact about the file for the rules that look at the whole
 * collection (and the reports that list it: the submission's contacts, the
 * case register): key is a dotted name ("contact.person"), value UTF-8, at
 * most 500 bytes kept.  A key already set keeps its first value.  Facts
 * travel with the file's result from its worker to the parent process.
 * Returns 0, or DS_ENOMEM.  (ABI 1.5) */
int ds_ctx_fact(ds_rule_ctx *ctx, const char *key, const char *value);

/* A paragraph's location with its excerpt filled in, into *loc as far as
 * loc->version goes (set it first: DS_LOCATION_INIT): 0, or DS_ERROR when
 * there is no such paragraph (loc is then left as it was).  (ABI 1.3) */
int ds_ctx_para_location_get(const ds_rule_ctx *ctx, size_t para_index, ds_location *loc);
/* The same returned whole: for plugins built against ABI 1.0-1.2, whose
 * ds_location is the same; new plugins use ds_ctx_para_location_get. */
ds_location ds_ctx_para_location(const ds_rule_ctx *ctx, size_t para_index);

/* ------------------------------------------------- the collection (1.5)
 *
 * After every file is checked, the files are grouped into submissions --
 * what one unit sent: a top-level folder of a checked folder, an archive,
 * an e-mail, a message of a mailbox -- and each rule of the profile's
 * <collection> section runs its collect hook once, in the parent process,
 * over what the workers sent back (paths, formats, cases, facts), never
 * over the files themselves.  Submissions and files are numbered from 0;
 * file f of submission s. */
const ds_params *ds_collect_params(const ds_collect_ctx *ctx);
size_t ds_collect_submissions(const ds_collect_ctx *ctx);
/* Its name (the 报送单位 its files give, else the folder, archive or
 * sender) and its source (the folder, archive or message path). */
const char *ds_collect_submission_name(const ds_collect_ctx *ctx, size_t s);
const char *ds_collect_submission_source(const ds_collect_ctx *ctx, size_t s);
size_t ds_collect_files(const ds_collect_ctx *ctx, size_t s);
const char *ds_collect_file_path(const ds_collect_ctx *ctx, size_t s, size_t f);
/* "docx", "xlsx", ... as in the report; whether it could be read. */
const char *ds_collect_file_format(const ds_collect_ctx *ctx, size_t s, size_t f);
bool ds_collect_file_read(const ds_collect_ctx *ctx, size_t s, size_t f);
/* A fact a rule recorded on the file (ds_ctx_fact), or NULL. */
const char *ds_collect_file_fact(const ds_collect_ctx *ctx, size_t s, size_t f, const char *key);
/* Its cases: count, and case k's title, category key (NULL: none) and 字数. */
size_t ds_collect_cases(const ds_collect_ctx *ctx, size_t s, size_t f);
const char *ds_collect_case_title(const ds_collect_ctx *ctx, size_t s, size_t f, size_t k);
const char *ds_collect_case_category(const ds_collect_ctx *ctx, size_t s, size_t f, size_t k);
uint64_t ds_collect_case_words(const ds_collect_ctx *ctx, size_t s, size_t f, size_t k);
/* Case k's text (its body, not its heading or contact lines) as a MinHash
 * signature of *n values (one-permutation: UINT32_MAX marks a place its
 * text left empty), NULL (*n 0) when it is too short to have one: among the
 * places either fills, two signatures agree in a share that estimates the
 * Jaccard similarity of the two texts' sets of 5-character shingles
 * (letters and digits only, full-width folded). */
const uint32_t *ds_collect_case_signature(const ds_collect_ctx *ctx, size_t s, size_t f, size_t k, size_t *n);
/* A finding on submission s (f SIZE_MAX) or on its file f, by message key
 * with name, value pairs ended by NULL, as ds_ctx_emit.  0, or DS_ERROR for
 * a key the rule does not declare, DS_ENOMEM. */
int ds_collect_emit(ds_collect_ctx *ctx, size_t s, size_t f, const char *key, ...);
/* (ABI 1.6) The same, on case k (0-based) of file f: its location names
 * the case. */
int ds_collect_emit_case(ds_collect_ctx *ctx, size_t s, size_t f, size_t k, const char *key, ...);
/* (ABI 1.6) A place the next finding points at (it is listed with the finding as
 * related: in JSON, SARIF, the HTML page): file f of submission s, or its
 * case k (0-based; SIZE_MAX for the file).  At most 64 per finding; more
 * are dropped.  0, DS_ERROR for a place that does not exist, DS_ENOMEM. */
int ds_collect_refer(ds_collect_ctx *ctx, size_t s, size_t f, size_t k);

#ifdef __cplusplus
}
#endif
#endif
