/*
 * report.h - the report's data, shared by report.c (model, JSON, text,
 * serialization) and emit.c (HTML, CSV, JUnit, SARIF).  Internal.
 */
#ifndef DOCSCREEN_CORE_REPORT_H
#define DOCSCREEN_CORE_REPORT_H

#include <stdio.h>

#include "internal.h"

/* A place a collection finding points at: file (its index) and case
 * (1-based, 0 for the file itself). */
typedef struct place {
	size_t file, case_index;
} place;

typedef struct finding {
	const char *rule;
	ds_severity sev;
	const char *msg[2], *hint[2];
	ds_location loc; /* strings in the report arena */
	place *related;  /* (collection findings) in the report arena, or NULL */
	size_t n_related;
	size_t count;            /* the spots it stands for (repeats grouped), 0 or 1: itself */
	const ds_waiver *waiver; /* waived (ds_report_waive): in the arena; else NULL */
} finding;

typedef struct rcase {
	size_t index;
	const char *title, *category, *kind;
	uint64_t words;
	const uint32_t *sig;       /* its text's MinHash signature (DS__SIG), or NULL */
	const char *category_name; /* as the profile names it (典型机构), or NULL */
} rcase;

typedef struct file {
	const char *path, *format;
	const char *from, *subject, *date; /* an e-mail's envelope, or NULL */
	const char *converted_from;        /* what LibreOffice converted, or NULL */
	bool unread;
	int status; /* 0 pass, 1 warn, 2 fail, 3 error */
	finding *findings;
	size_t n, cap;
	finding *waived; /* findings a waiver accepts: in no status (the arena) */
	size_t n_waived;
	rcase *cases;
	size_t n_cases, cap_cases;
	size_t cases_left; /* cases past DS__MAX_CASES, not listed */
	struct left {      /* a rule's findings in this file: listed, left out */
		const char *rule;
		size_t n, left;
		ds_severity sev; /* the worst one left out */
	} * lefts;
	size_t n_lefts, cap_lefts;
	struct fact { /* what rules recorded for the collection (ds_ctx_fact) */
		const char *key, *value;
	} * facts;
	size_t n_facts, cap_facts;
} file;

/* What one unit sent (core/collection/collect.c): its files (indices in
 * the report), its own findings, the worst status of both. */
typedef struct submission {
	const char *name, *source;
	size_t *files, n_files, cap_files;
	finding *findings;
	size_t n, cap;
	finding *waived; /* as a file's */
	size_t n_waived;
	int status;
} submission;

/* A report people and programs can take in whatever a file holds: at most
 * this many findings of one rule, and of all rules, and cases per file;
 * what is left out is said in one finding per rule (and one for cases). */
#define DS__MAX_PER_RULE 20
#define DS__MAX_PER_FILE 200
#define DS__MAX_CASES 200
/* characters of a value quoted in a message, and of a case title */
#define DS__MAX_VALUE 200

/* A rule's finding, under the bounds above (the engine's way in; reports
 * read back from a worker are bounded already). */
int ds__report_emit_bounded(ds_report *r, size_t idx, const char *rule, ds_severity sev, const char *msg[2],
			    const char *hint[2], const ds_location *loc);

struct ds_report {
	const char *profile_id;
	const char *profile_title[2];
	file *files;
	size_t n_files, cap_files;
	ds__arena arena;
	const char *letter[4];             /* the profile's <letter>: from, subject, deadline, signature */
	const char *submit_to, *submit_by; /* its <submit>: where files that pass go, by when (or NULL) */
	submission *subs;                  /* the collection, once ds_report_collect grouped it */
	size_t *by_path;                   /* (its files in path order, while grouping) */
	size_t n_subs, cap_subs;
	bool collected;
	/* the profile's rules, for the formats that describe them (SARIF) */
	struct rinfo {
		const char *id, *title[2], *help[2];
	} * rules;
	size_t n_rules;
	int fail_sev;       /* the severity that fails a file (--fail-on): JUnit, github */
	ds__defer_fn defer; /* set in a batch worker: see ds__report_defer */
	void *defer_ud;
};

enum { ST_PASS, ST_WARN, ST_FAIL, ST_ERROR };
extern const char *const ds__status_names[];
extern const char *const ds__sev_names[];

void ds__jstr(FILE *o, const char *s);
/* A fact recorded on file idx, or NULL. */
const char *ds__report_fact(const ds_report *r, size_t idx, const char *key);
/* A finding on submission s (texts as ds__report_emit's); its status then
 * counts it. */
int ds__report_emit_submission(ds_report *r, size_t s, const char *rule, ds_severity sev, const char *msg[2],
			       const char *hint[2]);
/* Copy s into the report's arena (NULL: out of memory). */
const char *ds__report_dup(ds_report *r, const char *s);
void ds__json_location(FILE *o, const ds_location *l);
/* A file's or submission's status from its findings (unread files: error). */
int ds__status_of(const finding *v, size_t n, bool unread);
/* waivers.c: a waived finding's "waived" member (JSON), and its line in text. */
void ds__json_waived(FILE *o, const ds_waiver *w);
void ds__text_waived(FILE *o, const finding *x, int lang);
void ds__text_location(FILE *o, const ds_location *l, int lang);
/* The same as a string (malloc'd; NULL when out of memory). */
char *ds__location_text(const ds_location *l, int lang);
/* emit.c: s as one quoted CSV field. */
void ds__csv_field(FILE *o, const char *s);
void ds__write_html(const ds_report *r, FILE *o, int lang);
void ds__write_csv(const ds_report *r, FILE *o, int lang, bool per_file);
void ds__write_junit(const ds_report *r, FILE *o, int lang);
void ds__write_sarif(const ds_report *r, FILE *o, int lang);
/* GitHub Actions workflow commands: an annotation per finding. */
void ds__write_github(const ds_report *r, FILE *o, int lang);
/* tables.c: the case register and the submissions as CSV (UTF-8, BOM) */
void ds__write_register(const ds_report *r, FILE *o, int lang);
void ds__write_submissions(const ds_report *r, FILE *o, int lang);
void ds__write_statistics(const ds_report *r, FILE *o, int lang); /* the figures, a row each */

#endif
