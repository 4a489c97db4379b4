/*
 * report.h - the report's data, shared by report.c (model, JSON, text,
 * serialization) and emit.c (HTML, CSV, JUnit, SARIF).  Internal.
 */
#ifndef DOCSCREEN_REPORT_H
#define DOCSCREEN_REPORT_H

#include <stdio.h>

#include "internal.h"

typedef struct finding {
	const char *rule;
	ds_severity sev;
	const char *msg[2], *hint[2];
	ds_location loc; /* strings in the report arena */
} finding;

typedef struct rcase {
	size_t index;
	const char *title, *category;
	int project_type;
	uint64_t words;
} rcase;

typedef struct file {
	const char *path, *format;
	bool unread;
	int status; /* 0 pass, 1 warn, 2 fail, 3 error */
	finding *findings;
	size_t n, cap;
	rcase *cases;
	size_t n_cases, cap_cases;
} file;

struct ds_report {
	const char *profile_id;
	const char *profile_title[2];
	file *files;
	size_t n_files, cap_files;
	ds__arena arena;
};

enum { ST_PASS, ST_WARN, ST_FAIL, ST_ERROR };
extern const char *const ds__status_names[];
extern const char *const ds__sev_names[];

void ds__jstr(FILE *o, const char *s);
void ds__json_location(FILE *o, const ds_location *l);
void ds__text_location(FILE *o, const ds_location *l, int lang);
void ds__write_html(const ds_report *r, FILE *o, int lang);
void ds__write_csv(const ds_report *r, FILE *o, int lang, bool per_file);
void ds__write_junit(const ds_report *r, FILE *o, int lang);
void ds__write_sarif(const ds_report *r, FILE *o, int lang);

#endif
