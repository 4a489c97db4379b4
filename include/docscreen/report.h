/*
 * report.h - the results of the files an engine checked: written in a
 * format (json, the contract; text, html, csv, junit, sarif), merged, and
 * the exit status they make.
 */
#ifndef DOCSCREEN_REPORT_H
#define DOCSCREEN_REPORT_H

#include "doc.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ds_engine ds_engine;
typedef struct ds_report ds_report;

/* A report of an engine's profile (its id and titles name the report). */
int ds_report_new(ds_report **out, const ds_engine *engine);
void ds_report_free(ds_report *report);

/* Write the report in a format: "json" (the contract, docs/report.md),
 * "text", "html" (one self-contained page), "csv" (a row per finding,
 * "csv-files" a row per file), "junit", "sarif" (SARIF 2.1.0) or "github"
 * (GitHub Actions annotations). */
int ds_report_write(const ds_report *report, FILE *out, const char *format, const char *lang, bool color);
/* Leave the info findings out of the report: facts (a case's 字数 within
 * its band, its category: the case objects hold them) that are no
 * problem, shown by the command line and the page only on demand (`check
 * --show info`).  Call after ds_report_collect, before writing. */
void ds_report_drop_info(ds_report *report);
/* The report as a submitter sees it (the self-check page): each hint cut
 * to its first line, the advice for whoever runs docscreen left out. */
void ds_report_for_submitters(ds_report *report);
/* What fails a file ("error", the default, or "warning"), for the formats
 * that say pass or fail per file: JUnit (a failure), github (an error
 * annotation). */
void ds_report_set_fail_on(ds_report *report, const char *fail_on);
/* Add the files of from (a report of an engine with the same profile) to into. */
int ds_report_merge(ds_report *into, const ds_report *from);
/* Files in the report, and the status of one ("pass", "warn", "fail", "error"). */
size_t ds_report_file_count(const ds_report *report);
const char *ds_report_file_status(const ds_report *report, size_t i);
/* 0 when no finding reaches fail_on ("error" or "warning") and every file
 * was read, else 1. */
int ds_report_exit_status(const ds_report *report, const char *fail_on);

/* The collection: group the report's files into submissions -- each
 * top-level folder of a checked folder, each archive or e-mail, each
 * message of a mailbox -- and run the profile's <collection> rules over
 * them (the engine must be the one whose profile made the report).  roots
 * are the paths that were checked.  A check of documents alone (every root
 * a single .docx, .xlsx, ... with nothing in it) is no collection: nothing
 * is added.  roots NULL: the report's files are one submission (what one
 * unit uploaded together).  Reports then carry a "submissions" part, and their findings
 * count in the exit status.  0, or DS_ENOMEM / DS_ERROR (a collection rule
 * failed: its error set) with what was done kept. */
int ds_report_collect(ds_report *report, ds_engine *engine, const char *const *roots, size_t n_roots);
/* The case register (what = "register": a row per case), the submissions
 * ("submissions": a row per unit) or the merged statistics ("statistics":
 * sheets of totals by metric and year, by submission, every figure with
 * its source cell, and the units whose tables are not in the sums, with
 * why) as an XLSX workbook at path (ds_report_write gives them as CSV; the
 * statistics as their figures).  0, or DS_ERROR. */
int ds_report_write_xlsx(const ds_report *report, const char *path, const char *what, const char *lang);
/* A letter back to each submission in folder dir (made if need be): what
 * to fix, file by file (errors, then warnings, with where and how), what
 * was accepted, by when (the profile's <letter>: from, subject, deadline,
 * signature), to the contact its files give or its e-mail's sender; as
 * NNN-name.eml (a draft to open and send) and NNN-name.txt.  Nothing is
 * sent.  0, or DS_ERROR. */
int ds_report_write_letters(const ds_report *report, const char *dir, const char *lang);
/* (ABI 1.7) A decision that a finding is accepted: the findings of rule
 * (an id or a glob, "wordcount.*") in the files whose path matches file (a
 * glob; one without '/' matches the name alone), and, when given, in case
 * number case_index or at a place whose words hold where ("B7", "摘要"),
 * are waived for reason -- until expires (YYYY-MM-DD) when given. */
typedef struct ds_waiver {
	unsigned int version; /* DS_WAIVER_VERSION */
	const char *name;     /* how the configuration calls it */
	const char *file, *rule;
	size_t case_index; /* 0: any */
	const char *where; /* NULL: anywhere */
	const char *reason, *by, *expires;
	const char *source; /* where it is written ("FILE:LINE"), for the messages */
	bool quiet;         /* a standing exclusion (rules turned off for some files): not said when unused */
} ds_waiver;
#define DS_WAIVER_VERSION 1
/* Apply the waivers to the report's files and submissions (call after
 * ds_report_collect, before writing): a waived finding stays in the JSON
 * report (with "waived") and in SARIF (as a suppression) and is shown as
 * waived in text and HTML, but counts in no status and no exit status.  A
 * waiver whose date is past today (YYYY-MM-DD) waives nothing and says so,
 * as does a waiver that matched no finding: each a finding
 * (config.waiver-expired, config.waiver-unused) on an entry of its own
 * named by the waiver's source file.  0, or DS_ENOMEM. */
int ds_report_waive(ds_report *report, const ds_waiver *waivers, size_t n, const char *today);

/* Submissions once collected (0 before), and the status of one. */
size_t ds_report_submission_count(const ds_report *report);
const char *ds_report_submission_status(const ds_report *report, size_t i);

#ifdef __cplusplus
}
#endif
#endif
