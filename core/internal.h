/*
 * internal.h - what the files of libdocscreen share and nobody else sees.
 *
 * Naming: ds_ is public and exported, ds__ is internal across files (hidden
 * by -fvisibility=hidden), static is private to a file.  The model struct is
 * defined here so that the readers can fill it and doc.c can lend it.
 */
#ifndef DOCSCREEN_CORE_INTERNAL_H
#define DOCSCREEN_CORE_INTERNAL_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/types.h>

#include "docscreen/count.h"
#include "docscreen/docscreen.h"
#include "docscreen/model.h"

#define DS_API __attribute__((visibility("default")))
#define _(s) dgettext("docscreen", s)
#define N_(s) (s)

/* ------------------------------------------------------------------ errors */

/* Set the thread's last error (printf-style, message translated by caller). */
int ds__error_set(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Same, also naming the limit hit and/or the part. */
int ds__error_set_at(int code, const char *limit, const char *part, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void ds__error_clear(void);
/* Whether an out-of-memory error was set since the last call (and clear it):
 * opening a file and checking it end in DS_ENOMEM then, even where the code
 * went on without what it could not allocate. */
bool ds__oom_take(void);

/* --------------------------------------------------------- growable bytes */

typedef struct ds__buf {
	char *p;
	size_t len, cap;
} ds__buf;

int ds__buf_add(ds__buf *b, const char *s, size_t n); /* keeps p NUL-terminated */
int ds__buf_add_slow(ds__buf *b, char c);
/* One byte: inline, it is called for most characters read. */
static inline int ds__buf_addc(ds__buf *b, char c)
{
	if (b->len + 2 > b->cap)
		return ds__buf_add_slow(b, c);
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
	return 0;
}
int ds__buf_add_cp(ds__buf *b, uint32_t cp); /* UTF-8 encode */
void ds__buf_free(ds__buf *b);
/* len bytes of s in charset (an iconv name) as UTF-8, malloc'd and ended
 * by NUL; NULL when they are not valid in it, or errno ENOMEM when memory
 * (or iconv) ran out. */
char *ds__to_utf8(const char *charset, const char *s, size_t len);
/* Grow an array of elem-size items so that n+1 fit. */
int ds__grow(void **items, size_t *cap, size_t n, size_t elem);
/* The same for arrays that can grow large (paragraphs, cells): past 2 MiB
 * they live in a mapping of their own, grown by mremap (nothing copied)
 * and backed by huge pages (a fault per 2 MiB, not per 4 KiB).  Free with
 * ds__vec_free, given the capacity; ds__vec_fit makes it n. */
int ds__vec_grow(void **items, size_t *cap, size_t n, size_t elem);
int ds__vec_fit(void **items, size_t *cap, size_t n, size_t elem);
void ds__vec_free(void *items, size_t cap, size_t elem);

/* ---------------------------------------------------- string arena (model) */

typedef struct ds__chunk ds__chunk;
typedef struct ds__arena {
	ds__chunk *head;
	size_t next_size; /* of the next chunk */
} ds__arena;

void *ds__arena_alloc(ds__arena *a, size_t n);
const char *ds__arena_strndup(ds__arena *a, const char *s, size_t n);
void ds__arena_reset(ds__arena *a);
void ds__arena_free(ds__arena *a);

/* ---------------------------------------------------------------- the model */

struct ds_doc {
	ds_facts facts;
	ds_limits limits;
	ds__arena arena;
	ds_para *paras;
	size_t n_paras, cap_paras;
	ds_table *tables;
	size_t n_tables, cap_tables;
	ds_sheet *sheets;
	size_t n_sheets, cap_sheets;
	const char **externals;
	size_t n_externals, cap_externals;
	uint64_t text_bytes; /* against limits.max_text_bytes */
	uint64_t built[4];   /* what has been built, by ds__built: against the limits */
};

/* What a reader builds from the bytes, counted where it is created. */
typedef enum ds__built { DS__BUILT_BYTES, DS__BUILT_PARA, DS__BUILT_CELL, DS__BUILT_SHEET } ds__built;
/* Account for one more paragraph, cell or sheet (or, DS__BUILT_BYTES, for
 * nothing but its bytes) and bytes more of the model; DS_ELIMIT (message
 * set, naming the limit) past max-model, max-paragraphs, max-cells or
 * max-sheets. */
int ds__doc_built(ds_doc *doc, ds__built what, size_t bytes);
/* Account for n more bytes of kept text; DS_ELIMIT past max-text or max-model. */
int ds__doc_keep(ds_doc *doc, size_t n);
/* A caller's limits (NULL: defaults), read only as far as its version goes,
 * defaults for the rest. */
void ds__limits_copy(ds_limits *dst, const ds_limits *src);
const char *ds__doc_str(ds_doc *doc, const char *s, size_t n); /* arena copy */

/* ---------------------------------------------------------------- package */

typedef struct ds__pkg ds__pkg;

typedef struct ds__rel {
	const char *id;
	const char *type;   /* relationship type URI */
	const char *target; /* resolved part name without leading '/', or the raw external target */
	bool external;
} ds__rel;

int ds__pkg_open(ds__pkg **out, const void *data, size_t len, const char *path, const ds_limits *limits);
void ds__pkg_free(ds__pkg *pkg);
size_t ds__pkg_count(const ds__pkg *pkg);
bool ds__pkg_has(const ds__pkg *pkg, const char *name);
/* Content type of a part from [Content_Types].xml, or "" */
const char *ds__pkg_content_type(const ds__pkg *pkg, const char *name);
/* Inflate a part chunk by chunk into sink under the limits. */
typedef int (*ds__sink)(void *ud, const char *data, size_t len);
int ds__pkg_stream(ds__pkg *pkg, const char *name, ds__sink sink, void *ud);
/* The relationships of a part ("" for the package); they live as long as pkg. */
int ds__pkg_rels(ds__pkg *pkg, const char *source, const ds__rel **rels, size_t *n);
/* First relationship of source whose type ends with suffix (e.g. "/styles"). */
const ds__rel *ds__pkg_rel_by_type(ds__pkg *pkg, const char *source, const char *suffix);
const ds__rel *ds__pkg_rel_by_id(ds__pkg *pkg, const char *source, const char *id);
/* Part names that exist and whose name starts with prefix (for fall-backs). */
bool ds__pkg_strict(const ds__pkg *pkg);
const char *ds__pkg_name(const ds__pkg *pkg, size_t i);
const ds_limits *ds__pkg_limits(const ds__pkg *pkg);

/* -------------------------------------------------------------- XML (SAX) */

enum ds__ns {
	NS_OTHER = 0,
	NS_W,   /* wordprocessingml main (transitional or strict) */
	NS_S,   /* spreadsheetml main */
	NS_R,   /* officeDocument relationships (attributes r:id) */
	NS_MC,  /* markup compatibility */
	NS_V,   /* VML */
	NS_M,   /* math */
	NS_CT,  /* package content types */
	NS_REL, /* package relationships */
	NS_CP,  /* core properties */
	NS_DC,
	NS_DCTERMS,
	NS_EP, /* extended (app) properties */
	NS_W14
};

typedef struct ds__attr {
	const char *local;
	int ns;
	const char *prefix;
	const char *value; /* NUL-terminated */
} ds__attr;

typedef struct ds__xml ds__xml;

typedef struct ds__xml_handler {
	void (*start)(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *attrs, int n_attrs);
	void (*end)(void *ud, ds__xml *x, int ns, const char *local);
	void (*text)(void *ud, ds__xml *x, const char *s, size_t len);
} ds__xml_handler;

/* Stream a part through the handler; DS_ECORRUPT names the part and line. */
int ds__xml_parse_part(ds__pkg *pkg, const char *part, const ds__xml_handler *h, void *ud);
/* Parse bytes in memory (profiles, tests); name is used in messages. */
int ds__xml_parse_memory(const char *data, size_t len, const char *name, const ds_limits *limits,
			 const ds__xml_handler *h, void *ud);
/* Stop the parse from a callback with an error already set by ds__error_set. */
void ds__xml_fail(ds__xml *x, int code);
/* Stop the parse from a callback: the rest of the part is not needed. */
void ds__xml_stop(ds__xml *x);
/* From a start callback: no events for what the element holds, nor for
 * its end. */
void ds__xml_skip(ds__xml *x);
/* The namespace URI a prefix is bound to in scope (for mc:Requires), or NULL. */
const char *ds__xml_uri_of_prefix(ds__xml *x, const char *prefix);
bool ds__xml_strict_seen(const ds__xml *x);
/* The namespace URI of the element being started or ended, or NULL. */
const char *ds__xml_element_uri(const ds__xml *x);

const char *ds__attr_get(const ds__attr *attrs, int n, const char *local);
/* An OOXML boolean value: true, 1 or on. */
bool ds__on(const char *v);
/* Boolean OOXML attribute w:val: absent or true/1/on -> true. */
bool ds__attr_on(const ds__attr *attrs, int n);
void ds__xml_init(void); /* process-wide: deny-all entity loader (once) */

/* ---------------------------------------------------------------- readers */

int ds__docx_read(ds_doc *doc, ds__pkg *pkg, const char *main_part);
/* Reading a workbook as a stream (ds_engine's checks): every row of every
 * sheet goes to row() with the row read after it in the same sheet (n_next 0
 * at the sheet's end), and a sheet keeps only its first DS__WINDOW cells and
 * the rest of the row they end in (ds_sheet.partial).  Strings of the rows
 * it does not keep live until the next call. */
typedef struct ds__row_sink {
	void (*row)(void *ud, const ds_sheet *sheet, const ds_cell *row, size_t n, const ds_cell *next, size_t n_next);
	void *ud;
	bool whole; /* keep every cell all the same (a rule of a plugin older than row hooks) */
} ds__row_sink;
#define DS__WINDOW 32768

/* What opening the file at path needs: a zip or another archive is read
 * from the file as it is inflated (*data NULL); anything else is read whole,
 * for triage to look through.  *kind: what the first bytes say.  DS_ERROR
 * (message set) when it cannot be read. */
int ds__file_load(const char *path, char **data, size_t *len, ds_kind *kind);
/* A worker that is gone: the conversion it left running is killed and its
 * temporary folder removed (intake/convert.c). */
void ds__convert_leftovers(pid_t worker);
/* convert.c: a batch worker keeps one LibreOffice running for its
 * conversions (on), or stops it (off). */
void ds__convert_keep_warm(bool on);
/* The short name of an archive's format by its first bytes ("zip", "rar",
 * "7z", "tar", "gz", "bz2", "xz"), or NULL when it is no archive
 * (intake/archive.c). */
const char *ds__archive_format(const void *data, size_t len);
/* Whether bytes are an e-mail (1) or a mailbox (2), or neither (0)
 * (intake/mail.c). */
int ds__mail_kind(const void *data, size_t len);
/* A document from bytes, or (data NULL) from the zip file at path, which is
 * then read as its parts are inflated. */
int ds__doc_open(ds_doc **out, const void *data, size_t len, const char *path, const ds_open_options *opts,
		 const ds__row_sink *sink);
int ds__xlsx_read(ds_doc *doc, ds__pkg *pkg, const char *main_part, const ds__row_sink *sink);
int ds__props_read(ds_doc *doc, ds__pkg *pkg);
/* The custom XML stores of a package by id, found on the first lookup. */
typedef struct ds__binds {
	bool scanned;
	struct ds__store {
		char id[64];
		const char *part;
	} * v;
	size_t n, cap;
} ds__binds;

/* The value of a control bound to custom XML (bind.c) into out: 1 found,
 * 0 not (the stored text stands), negative on error. */
int ds__bind_value(ds__pkg *pkg, ds__binds *b, const char *store_id, const char *xpath, const char *mappings,
		   ds__buf *out);
void ds__binds_free(ds__binds *b);

/* Number formats (numfmt.c). */
bool ds__numfmt_is_date(const char *code);
const char *ds__numfmt_builtin(unsigned id); /* NULL when unknown */
/* Format value through code into buf as Excel shows it. */
void ds__numfmt_format(double value, const char *code, bool date1904, ds__buf *out);
/* List labels (docx_numbering.c): number n in the numFmt named fmt. */
void ds__numfmt_label(ds__buf *out, const char *fmt, long n);

/* UTF-8 decode one code point at s (len bytes left); returns its length, or 0
 * when len is 0.  A byte that starts no valid character (a stray or cut
 * sequence, an overlong form, a surrogate) gives U+FFFD and length 1. */
size_t ds__utf8_next(const char *s, size_t len, uint32_t *cp);

/* -------------------------------------------------------- profiles, rules */

#include "docscreen/cases.h"
#include "docscreen/plugin.h"

enum { DS__EN = 0, DS__ZH = 1 };
int ds__lang_index(const char *lang); /* "zh" -> DS__ZH, else DS__EN */

typedef struct ds__msg {
	const char *key;
	int severity; /* -1: not set */
	const char *text[2], *hint[2];
} ds__msg;

typedef struct ds__raw ds__raw;
typedef struct ds__rawgroup {
	ds__raw *params;
	size_t n;
	int line;
} ds__rawgroup;

enum { RAW_TEXT, RAW_ITEMS, RAW_GROUPS };
struct ds__raw {
	const char *name;
	const char *from;             /* take the value of this rule's same parameter */
	const struct ds__raw *shared; /* ... resolved when the profile is bound */
	int line, kind;
	const char *text;
	const char **items;
	size_t n_items;
	ds__rawgroup *groups;
	size_t n_groups;
};

typedef struct ds__prule {
	const char *id;
	const char *kind;       /* kind="…": the rule is an instance of that kind, or NULL */
	const char *summary[2]; /* <summary lang>: what it checks (an instance's), or NULL */
	unsigned section;       /* DS_APPLIES_* of the section it stands in */
	int enabled;            /* 1, 0 */
	int severity;           /* -1: not set */
	const char *file;
	int line;
	ds__raw *params;
	size_t n_params;
	ds__msg *msgs;
	size_t n_msgs;
} ds__prule;

typedef struct ds__profile {
	const char *id, *extends, *file;
	const char *title[2], *desc[2];
	const char *submit_to, *submit_by; /* <submit to by>: where a file that passes goes, by when */
	ds__prule cases;                   /* <cases>: its params only */
	ds__prule letter;                  /* <letter>: the committee's letters (report letters) */
	ds__prule *rules;
	size_t n_rules, cap_rules;
	ds__arena arena;
} ds__profile;

/* Parse and validate a profile file (schema: rules/profile.rng, built in). */
int ds__profile_load(ds__profile **out, const char *path);
int ds__profile_load_memory(ds__profile **out, const char *data, size_t len, const char *name);
/* Only id and titles, without validation (for listings); NULL on failure. */
ds__profile *ds__profile_peek(const char *path);
void ds__profile_free(ds__profile *p);
/* Apply child on top of base (rules by id and section; params, messages by name). */
int ds__profile_merge(ds__profile *base, const ds__profile *child);

struct ds_pattern {
	void *code; /* pcre2_code_8 */
	const char *source;
	bool jit; /* JIT compilation tried (on first match) */
};
struct ds__pval;
struct ds_params {
	struct ds__pval *v;
	size_t n;
};
/* Bind raw profile values to a rule's parameter definitions. */
int ds__params_bind(ds_params *out, const ds_param_def *defs, const ds__raw *raw, size_t n_raw, const char *rule_id,
		    const char *file, int line, ds__arena *a);
void ds__params_release(ds_params *p); /* frees compiled patterns */
/* The first parameter name looked up and not declared since the last call
 * (NULL: none); the engine makes it the rule's failure. */
const char *ds__params_missed(void);
int ds__pattern_compile(ds_pattern **out, const char *src, const char *where, ds__arena *a);
void ds__pattern_free(ds_pattern *p);

/* ---------------------------------------------------------- engine, report */

typedef struct ds__bound {
	const char *id;         /* the profile's id: the plugin rule's, or an instance's of a kind */
	const char *summary[2]; /* what it checks, in English and Chinese */
	const ds_rule_def *def; /* the plugin rule, or the kind */
	size_t plugin;
	unsigned section;
	int severity;        /* rule-level override or -1 */
	const ds__msg *msgs; /* profile overrides */
	size_t n_msgs;
	ds_params params;
	ds_row_hook row;         /* the rule's row hook if it checks workbooks, or NULL */
	ds_collect_hook collect; /* its hook over the collection (<collection> section), or NULL */
} ds__bound;

/* ctx.c: a finding's texts for rule b's message key, with the name, value
 * pairs of ap filled in: its severity, and msg/hint in English and Chinese
 * (in out[4], to free).  0, DS_ERROR for an undeclared key, DS_ENOMEM. */
int ds__render(const ds__bound *b, const char *key, va_list ap, int *sev, const char *msg[2], const char *hint[2],
	       ds__buf out[4]);

struct ds_rule_ctx {
	ds_engine *engine;
	const ds_cases *cases;
	ds_report *report;
	size_t file; /* index in the report */
	const ds__bound *rule;
	const ds_doc *doc;
	const char *path;
	ds_kind kind;
	int open_error;
	const char *open_message, *open_limit, *open_part;
	void **shared;     /* per plugin: ds_ctx_shared() blocks of this file */
	bool *hook_failed; /* per bound rule: its row hook failed on this file */
	bool rows;         /* the row hooks are running: the file has no entry yet */
};

/* report.c: one file's results as bytes (batch workers send them home) */
int ds__report_serialize(const ds_report *r, size_t file, ds__buf *out);
int ds__report_deserialize(ds_report *r, const char *data, size_t len);
/* The rule of an internal finding: internal.crash, internal.timeout, ... */
/* An options struct's version: 0 (the first) up to the library's own one
 * is read as far as it goes; a newer one is refused with an error that
 * names the struct.  Returns 0 or DS_ERROR. */
int ds__version_ok(const char *what, unsigned int version, unsigned int known);

/* A file that could not be fully checked (out of memory): an internal.memory
 * finding, and its status is error. */
void ds__report_abandon(ds_report *r, size_t idx);
int ds__report_internal(ds_report *r, const char *path, const char *format, const char *rule, const char *msg[2],
			const char *hint[2]);
/* report.c */
/* A case on the entry, with its text's MinHash signature (DS__SIG values,
 * or NULL: too short to have one). */
int ds__report_add_case(ds_report *r, size_t file, const ds_case *c, const uint32_t *sig);

/* text/fingerprint.c: a case's text as a MinHash signature over shingles
 * of DS__SHINGLE letters and digits (see there). */
#define DS__SIG 128
#define DS__SHINGLE 5
#define DS__MAX_SHINGLES 200000
typedef struct ds__fingerprint {
	uint32_t sig[DS__SIG];
	uint32_t window[DS__SHINGLE];
	size_t filled; /* letters and digits seen: < DS__SHINGLE, no signature */
} ds__fingerprint;
void ds__fingerprint_init(ds__fingerprint *f);
void ds__fingerprint_add(ds__fingerprint *f, const char *text, size_t len);
void ds__case_fingerprint(const ds_doc *doc, const ds_cases *cases, size_t i, ds__fingerprint *f);
int ds__report_add_file(ds_report *r, const char *path, const char *format, bool unread);
/* A batch worker's way of spreading a container's documents over the
 * other workers: each document a container holds is handed to fn (its
 * path, its bytes) instead of being checked into r; fn returns 0 (taken:
 * batch.c puts its entries back in their place), 1 (check it here) or an
 * error. */
typedef int (*ds__defer_fn)(void *ud, const ds_report *r, const char *path, const void *data, size_t len);
void ds__report_defer(ds_report *r, ds__defer_fn fn, void *ud);
/* report/letters.c: the parameters of a profile's <letter>, and the
 * engine's bound ones (engine.c). */
extern const ds_param_def ds__letter_params[];
const ds_params *ds__engine_letter(const ds_engine *e);
/* A fact on the entry (ds_ctx_fact): the first value of a key is kept,
 * clipped to 500 bytes. */
int ds__report_add_fact(ds_report *r, size_t idx, const char *key, const char *value);
/* An e-mail's envelope on its entry. */
int ds__report_set_message(ds_report *r, size_t idx, const char *from, const char *subject, const char *date);
/* What LibreOffice converted the entry's file from ("doc", "xls", ...). */
int ds__report_set_converted(ds_report *r, size_t idx, const char *from);
/* What the entry says the file is, once that is known better ("tar.gz"). */
int ds__report_set_format(ds_report *r, size_t idx, const char *format);
int ds__report_emit(ds_report *r, size_t file, const char *rule, ds_severity sev, const char *msg[2],
		    const char *hint[2], const ds_location *loc);
int ds__report_finish_file(ds_report *r, size_t file); /* adds what was left out */
/* Fill {name} placeholders of tmpl from name/value pairs into out. */
int ds__template(ds__buf *out, const char *tmpl, const char *const *args, size_t n_args);

#endif
