/*
 * submission.c - rules over what one unit sent (the profile's <collection>
 * section): a statistics table and cases are there, its files agree on who
 * sent them, and no file is there in two versions.  They run in the parent
 * process over what the workers sent back (formats, cases, the contacts
 * the contacts plugin records as facts), never over the files.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common.h"

#define MAX_LIST 6 /* values or files named in one message */

/* A list in both languages' punctuation: [0] English, [1] Chinese. */
typedef char lists[2][1024];

/* Add text to a list of what differs ("王丽（a.docx）、张三（b.xlsx）",
 * "王丽 (a.docx), 张三 (b.xlsx)"). */
static void list_add(lists out, size_t *n, const char *value, const char *path)
{
	if (++*n > MAX_LIST) {
		for (int zh = 0; zh < 2 && *n == MAX_LIST + 1; zh++)
			snprintf(out[zh] + strlen(out[zh]), sizeof out[zh] - strlen(out[zh]), "…");
		return;
	}
	const char *slash = strrchr(path, '/');
	for (int zh = 0; zh < 2; zh++)
		snprintf(out[zh] + strlen(out[zh]), sizeof out[zh] - strlen(out[zh]), zh ? "%s%s（%s）" : "%s%s (%s)",
			 *n > 1 ? (zh ? "、" : ", ") : "", value, slash ? slash + 1 : path);
}

/* ------------------------------------------------- no-table, no-cases */

static const ds_param_def table_params[] = {
	{"formats", DS_PARAM_STRINGS, "xlsx", "formats a statistics table comes in", NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def table_msgs[] = {
	{"missing", DS_SEV_ERROR, "{unit} sent no statistics table.", "{unit}没有报送成果统计表。",
	 "The notice asks every unit for the statistics table (.xlsx) with its cases: ask for it.",
	 "通知要求各单位随案例一并报送成果统计表（.xlsx），请催报。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int no_table(ds_collect_ctx *c)
{
	const ds_params *p = ds_collect_params(c);
	int error = 0;
	for (size_t s = 0; s < ds_collect_submissions(c) && !error; s++) {
		bool have = false;
		for (size_t f = 0; f < ds_collect_files(c, s) && !have; f++)
			for (size_t k = 0; k < ds_params_count(p, "formats") && !have; k++)
				have = ds_collect_file_read(c, s, f) &&
				       !strcmp(ds_collect_file_format(c, s, f), ds_params_string_at(p, "formats", k));
		if (!have)
			error = ds_collect_emit(c, s, SIZE_MAX, "missing", "unit", ds_collect_submission_name(c, s),
						NULL);
	}
	return error;
}

static const ds_message_def cases_msgs[] = {
	{"missing", DS_SEV_ERROR, "{unit} sent no case.", "{unit}没有报送案例。",
	 "The notice asks for case write-ups (.docx) beside the table: ask for them.",
	 "通知要求报送案例材料（.docx），请催报。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int no_cases(ds_collect_ctx *c)
{
	int error = 0;
	for (size_t s = 0; s < ds_collect_submissions(c) && !error; s++) {
		size_t n = 0;
		for (size_t f = 0; f < ds_collect_files(c, s); f++)
			n += ds_collect_cases(c, s, f);
		if (!n)
			error = ds_collect_emit(c, s, SIZE_MAX, "missing", "unit", ds_collect_submission_name(c, s),
						NULL);
	}
	return error;
}

/* --------------------------------------------- units-, contacts-differ */

/* A value as compared: full-width folded, spaces out; a phone: its digits. */
static void normal(const char *v, bool phone, char *out, size_t size)
{
	char *h = halfwidth(v, strlen(v));
	const char *src = h ? h : v;
	if (phone) {
		phone_digits(src, out, size);
	} else {
		size_t o = 0;
		for (const char *q = src; *q && o + 1 < size; q++)
			if (*q != ' ' && *q != '\t')
				out[o++] = *q;
		out[o] = '\0';
	}
	free(h);
}

/* The values a fact holds ("0571-87654321，13912345678": two), compared
 * forms, '\n'-separated into out. */
static void tokens(const char *v, bool phone, char *out, size_t size)
{
	/* (a value of 500 bytes holds at most 250 parts) */
	char(*parts)[512] = malloc(256 * sizeof *parts);
	size_t n = parts ? split_values(v, parts[0], sizeof parts[0], 256) : 0;
	out[0] = '\0';
	for (size_t k = 0; k < n; k++) {
		char norm[256];
		normal(parts[k], phone, norm, sizeof norm);
		if (*norm)
			snprintf(out + strlen(out), size - strlen(out), "%s\n", norm);
	}
	free(parts);
}

/* Do the '\n'-separated lists a and b share a value? */
static bool share(const char *a, const char *b)
{
	for (const char *p = a; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p);
		for (const char *q = b; *q;) {
			const char *nq = strchr(q, '\n');
			if ((size_t)(nq - q) == n && !memcmp(p, q, n))
				return true;
			q = nq + 1;
		}
		p = nl + 1;
	}
	return false;
}

/* Do two of s's files give fact key values that have nothing in common (a
 * file that gives a landline and a mobile agrees with one that gives the
 * landline)?  The values, each with the first file giving it, into out. */
static bool differ(ds_collect_ctx *c, size_t s, const char *key, bool phone, lists out)
{
	size_t n = ds_collect_files(c, s), listed = 0;
	char(*t)[512] = calloc(n ? n : 1, sizeof *t);
	if (!t)
		return false;
	bool apart = false;
	for (size_t f = 0; f < n; f++) {
		const char *v = ds_collect_file_fact(c, s, f, key);
		if (v && *v)
			tokens(v, phone, t[f], sizeof t[f]);
		for (size_t g = 0; g < f && *t[f] && !apart; g++)
			apart = *t[g] && !share(t[f], t[g]);
	}
	out[0][0] = out[1][0] = '\0';
	for (size_t f = 0; apart && f < n; f++) /* the finding points at each file that gives one */
		if (*t[f])
			ds_collect_refer(c, s, f, SIZE_MAX);
	for (size_t f = 0; apart && f < n; f++) {
		bool again = !*t[f];
		for (size_t g = 0; g < f && !again; g++)
			again = !strcmp(t[f], t[g]);
		if (!again)
			list_add(out, &listed, ds_collect_file_fact(c, s, f, key), ds_collect_file_path(c, s, f));
	}
	free(t);
	return apart;
}

static const ds_message_def units_msgs[] = {
	{"differ", DS_SEV_WARNING, "The files of {unit} name different units: {values}.",
	 "{unit}的文件写的报送单位不一致：{values}。",
	 "Ask which unit the submission is from, and have the files name the same one.",
	 "请与报送方确认报送单位，并统一各文件中的写法。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int units_differ(ds_collect_ctx *c)
{
	int error = 0;
	lists values;
	for (size_t s = 0; s < ds_collect_submissions(c) && !error; s++)
		if (differ(c, s, "contact.org", false, values))
			error = ds_collect_emit(c, s, SIZE_MAX, "differ", "unit", ds_collect_submission_name(c, s),
						"values@en", values[0], "values@zh", values[1], NULL);
	return error;
}

static const ds_message_def contacts_msgs[] = {
	{"person", DS_SEV_WARNING, "The files of {unit} give different contact persons: {values}.",
	 "{unit}的文件写的联系人不一致：{values}。",
	 "Ask which contact is right, so that the committee writes back to the right person.",
	 "请与报送方确认哪位是联系人，以便组委会联系。"},
	{"phone", DS_SEV_WARNING, "The files of {unit} give different contact phones: {values}.",
	 "{unit}的文件写的联系电话不一致：{values}。", "Ask which phone number is right.",
	 "请与报送方确认正确的联系电话。"},
	{NULL, 0, NULL, NULL, NULL, NULL}};

static int contacts_differ(ds_collect_ctx *c)
{
	int error = 0;
	lists values;
	for (size_t s = 0; s < ds_collect_submissions(c) && !error; s++) {
		if (differ(c, s, "contact.person", false, values))
			error = ds_collect_emit(c, s, SIZE_MAX, "person", "unit", ds_collect_submission_name(c, s),
						"values@en", values[0], "values@zh", values[1], NULL);
		if (!error && differ(c, s, "contact.phone", true, values))
			error = ds_collect_emit(c, s, SIZE_MAX, "phone", "unit", ds_collect_submission_name(c, s),
						"values@en", values[0], "values@zh", values[1], NULL);
	}
	return error;
}

/* ------------------------------------------------------------ versions */

static const ds_param_def versions_params[] = {
	{"markers", DS_PARAM_PATTERNS,
	 "[（(]?(修改稿|修订稿|修订版|修改版|修改|修订|终稿|定稿|最终版|最终|最新版|最新|新版|旧版|初稿|二稿|三稿|"
	 "副本|更新版|更新|补充版|备份)[）)]?\n"
	 "[（(]\\d{1,2}[）)]\n"
	 "[-_ ]?[vV]\\d{1,2}\n"
	 "20\\d{2}[-._年]?[01]?\\d[-._月]?[0-3]?\\d日?\n"
	 "[-_ ]+$",
	 "what marks a version in a file name, taken out before names are compared", NULL},
	{NULL, 0, NULL, NULL, NULL}};

static const ds_message_def versions_msgs[] = {{"two", DS_SEV_WARNING,
						"{unit} sent versions of one file: {files}. Which one counts?",
						"{unit}报送了同一文件的多个版本：{files}。以哪一个为准？",
						"Ask the unit which version is final, and check only that one.",
						"请与报送方确认以哪个版本为准，只审核该版本。"},
					       {NULL, 0, NULL, NULL, NULL, NULL}};

/* A file's name as compared: its base name, the extension and every
 * version marker out, lower case. */
static void stem(const ds_params *p, const char *path, char *out, size_t size)
{
	const char *slash = strrchr(path, '/');
	snprintf(out, size, "%s", slash ? slash + 1 : path);
	char *dot = strrchr(out, '.');
	if (dot && dot != out)
		*dot = '\0';
	for (size_t k = 0; k < ds_params_count(p, "markers"); k++) {
		const ds_pattern *pat = ds_params_pattern_at(p, "markers", k);
		size_t at = 0, b, e;
		while (pat && ds_pattern_match(pat, out, strlen(out), at, &b, &e)) {
			if (e == b) {
				if (b >= strlen(out))
					break;
				at = b + 1;
				continue;
			}
			memmove(out + b, out + e, strlen(out + e) + 1);
			at = b;
		}
	}
	for (char *q = out; *q; q++)
		if (*q >= 'A' && *q <= 'Z')
			*q = (char)(*q - 'A' + 'a');
}

static int versions(ds_collect_ctx *c)
{
	const ds_params *p = ds_collect_params(c);
	int error = 0;
	for (size_t s = 0; s < ds_collect_submissions(c) && !error; s++) {
		size_t n = ds_collect_files(c, s);
		char(*stems)[512] = calloc(n ? n : 1, sizeof *stems);
		bool *said = calloc(n ? n : 1, sizeof *said);
		if (!stems || !said) {
			free(stems);
			free(said);
			return -1;
		}
		for (size_t f = 0; f < n; f++)
			stem(p, ds_collect_file_path(c, s, f), stems[f], sizeof stems[f]);
		for (size_t f = 0; f < n && !error; f++) {
			const char *fmt = ds_collect_file_format(c, s, f);
			if (said[f] || !stems[f][0])
				continue;
			lists files = {"", ""};
			size_t listed = 0;
			for (size_t g = f; g < n; g++)
				if (!said[g] && !strcmp(stems[g], stems[f]) &&
				    !strcmp(ds_collect_file_format(c, s, g), fmt)) {
					said[g] = true;
					const char *path = ds_collect_file_path(c, s, g), *slash = strrchr(path, '/');
					++listed;
					for (int zh = 0; zh < 2 && listed <= MAX_LIST; zh++)
						snprintf(files[zh] + strlen(files[zh]),
							 sizeof files[zh] - strlen(files[zh]), "%s%s",
							 listed > 1 ? (zh ? "、" : ", ") : "",
							 slash ? slash + 1 : path);
				}
			for (size_t g = f; g < n && listed > 1; g++) /* the finding points at each version */
				if (!strcmp(stems[g], stems[f]) && !strcmp(ds_collect_file_format(c, s, g), fmt))
					ds_collect_refer(c, s, g, SIZE_MAX);
			if (listed > 1)
				error = ds_collect_emit(c, s, SIZE_MAX, "two", "unit", ds_collect_submission_name(c, s),
							"files@en", files[0], "files@zh", files[1], NULL);
		}
		free(stems);
		free(said);
	}
	return error;
}

static const ds_rule_def rules[] = {
	{"submission.no-table", "Each submission has a statistics table", "各单位是否报送了成果统计表",
	 DS_APPLIES_COLLECTION, table_params, table_msgs, NULL},
	{"submission.no-cases", "Each submission has cases", "各单位是否报送了案例", DS_APPLIES_COLLECTION, NULL,
	 cases_msgs, NULL},
	{"submission.units-differ", "A submission's files name one unit", "同一单位的文件写的报送单位是否一致",
	 DS_APPLIES_COLLECTION, NULL, units_msgs, NULL},
	{"submission.contacts-differ", "A submission's files give one contact",
	 "同一单位的文件写的联系人和电话是否一致", DS_APPLIES_COLLECTION, NULL, contacts_msgs, NULL},
	{"submission.versions", "No file is sent in two versions", "是否同一文件报送了多个版本", DS_APPLIES_COLLECTION,
	 versions_params, versions_msgs, NULL},
};

static const ds_collect_hook hooks[] = {no_table, no_cases, units_differ, contacts_differ, versions};

DS_PLUGIN_DEFINE(.name = "submission", .version = "1.0.0", .rules = rules, .n_rules = sizeof rules / sizeof rules[0],
		 .collect_hooks = hooks)
