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
 * "csv-files" a row per file), "junit" or "sarif" (SARIF 2.1.0). */
int ds_report_write(const ds_report *report, FILE *out, const char *format, const char *lang, bool color);
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
