/*
 * waivers.c - decisions that findings are accepted (ds_report_waive): a
 * waived finding moves from its file's (or submission's) findings to its
 * waived ones, where no status and no exit status counts it, and the
 * formats that keep it (JSON, SARIF, text, HTML) say who waived it and
 * why.  A waiver past its date waives nothing; one that matched nothing is
 * said too, so that waivers do not outlive what they were for.
 */
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"

/* Does the waiver's file glob take this path?  A glob without '/' is
 * matched against the name alone (an archive member's too). */
static bool file_matches(const char *glob, const char *path)
{
	if (!glob || !*glob || !strcmp(glob, "*"))
		return true;
	if (!fnmatch(glob, path, 0))
		return true;
	/* a relative glob also matches the end of an absolute or deeper path */
	size_t pl = strlen(path);
	if (strchr(glob, '/')) {
		for (size_t i = 0; i < pl; i++)
			if ((i == 0 || path[i - 1] == '/' || path[i - 1] == '!') && !fnmatch(glob, path + i, 0))
				return true;
		return false;
	}
	const char *name = path + pl;
	while (name > path && name[-1] != '/' && name[-1] != '!')
		name--;
	return !fnmatch(glob, name, 0);
}

static bool place_matches(const ds_waiver *w, const finding *x)
{
	if (w->case_index && x->loc.case_index != w->case_index)
		return false;
	if (!w->where || !*w->where)
		return true;
	const char *fields[] = {x->loc.excerpt, x->loc.case_title, x->loc.sheet, x->loc.cell, x->msg[0], x->msg[1]};
	for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
		if (fields[i] && strstr(fields[i], w->where))
			return true;
	bool found = false;
	for (int l = 0; l < 2 && !found; l++) {
		char *where = ds__location_text(&x->loc, l);
		found = where && strstr(where, w->where);
		free(where);
	}
	return found;
}

/* The waivers' copies in the report's arena (the findings point at them). */
static ds_waiver *keep(ds_report *r, const ds_waiver *v, size_t n)
{
	ds_waiver *k = n ? ds__arena_alloc(&r->arena, n * sizeof *k) : NULL;
	for (size_t i = 0; k && i < n; i++) {
		k[i] = v[i];
		const char **s[] = {&k[i].name,   &k[i].file, &k[i].rule,    &k[i].where,
				    &k[i].reason, &k[i].by,   &k[i].expires, &k[i].source};
		for (size_t j = 0; j < sizeof s / sizeof *s; j++)
			if (*s[j] && !(*s[j] = ds__report_dup(r, *s[j])))
				return NULL;
	}
	return k;
}

/* Move the findings of v that a live waiver takes to *waived (in the arena). */
static int sift(ds_report *r, const char *path, finding *v, size_t *n, finding **waived, size_t *n_waived,
		const ds_waiver *w, size_t nw, const bool *live, size_t *used)
{
	size_t o = 0, moved = 0;
	finding *out = NULL;
	for (size_t i = 0; i < *n; i++) {
		const ds_waiver *take = NULL;
		for (size_t k = 0; k < nw && !take; k++)
			if (live[k] && file_matches(w[k].file, path) && !fnmatch(w[k].rule, v[i].rule, 0) &&
			    place_matches(&w[k], &v[i])) {
				take = &w[k];
				used[k]++;
			}
		if (!take) {
			v[o++] = v[i];
			continue;
		}
		if (!out && !(out = ds__arena_alloc(&r->arena, *n * sizeof *out)))
			return DS_ENOMEM;
		out[moved] = v[i];
		out[moved++].waiver = take;
	}
	*n = o;
	*waived = out;
	*n_waived = moved;
	return 0;
}

/* A finding about a waiver, on the entry of the file it is written in. */
static int about(ds_report *r, const ds_waiver *w, const char *rule, const char *en, const char *zh)
{
	char path[512];
	const char *colon = w->source ? strrchr(w->source, ':') : NULL;
	snprintf(path, sizeof path, "%.*s", colon ? (int)(colon - w->source) : 500, w->source ? w->source : "config");
	long idx = -1;
	for (size_t i = 0; i < r->n_files && idx < 0; i++)
		if (!strcmp(r->files[i].path, path) && !strcmp(r->files[i].format, "config"))
			idx = (long)i;
	if (idx < 0 && (idx = ds__report_add_file(r, path, "config", false)) < 0)
		return DS_ENOMEM;
	const char *msg[2] = {en, zh};
	const char *hint[2] = {"Remove the waiver, or give it a new date if the decision stands.",
			       "请删除该豁免；如决定仍然有效，请更新其期限。"};
	if (!strcmp(rule, "config.waiver-unused")) {
		hint[0] = "Remove it, or correct its file, rule or place so that it names the finding it was for.";
		hint[1] = "请删除，或改正其文件、规则或位置，使其对应原本要豁免的问题。";
	}
	int error = ds__report_emit(r, (size_t)idx, rule, DS_SEV_WARNING, msg, hint, NULL);
	file *f = &r->files[idx];
	f->status = ds__status_of(f->findings, f->n, false);
	return error;
}

DS_API int ds_report_waive(ds_report *r, const ds_waiver *given, size_t n, const char *today)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (ds__version_ok("ds_waiver", given[i].version, DS_WAIVER_VERSION) < 0)
			return DS_ERROR;
	ds_waiver *w = keep(r, given, n);
	bool *live = calloc(n, sizeof *live);
	size_t *used = calloc(n, sizeof *used);
	int error = w && live && used ? 0 : ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	for (size_t k = 0; k < n && !error; k++)
		live[k] = w[k].rule && (!w[k].expires || !today || strcmp(today, w[k].expires) <= 0);
	size_t n_files = r->n_files; /* (the entries about waivers come after) */
	for (size_t i = 0; i < n_files && !error; i++) {
		file *f = &r->files[i];
		error = sift(r, f->path, f->findings, &f->n, &f->waived, &f->n_waived, w, n, live, used);
		f->status = ds__status_of(f->findings, f->n, f->unread);
	}
	for (size_t s = 0; s < r->n_subs && !error; s++) {
		submission *sub = &r->subs[s];
		error = sift(r, sub->source, sub->findings, &sub->n, &sub->waived, &sub->n_waived, w, n, live, used);
		int st = ds__status_of(sub->findings, sub->n, false);
		for (size_t k = 0; k < sub->n_files; k++)
			if (r->files[sub->files[k]].status > st)
				st = r->files[sub->files[k]].status;
		sub->status = st;
	}
	for (size_t k = 0; k < n && !error; k++) {
		char en[768], zh[768];
		const char *name = w[k].name ? w[k].name : w[k].rule ? w[k].rule : "?";
		if (!live[k] && w[k].rule) {
			snprintf(en, sizeof en, "The waiver \"%s\" (%s) expired on %s: its findings count again.", name,
				 w[k].reason ? w[k].reason : "", w[k].expires);
			snprintf(zh, sizeof zh, "豁免“%s”（%s）已于 %s 到期，相应问题重新计入。", name,
				 w[k].reason ? w[k].reason : "", w[k].expires);
			error = about(r, &w[k], "config.waiver-expired", en, zh);
		} else if (!used[k] && !w[k].quiet) {
			snprintf(en, sizeof en, "The waiver \"%s\" (rule %s, file %s) matched no finding.", name,
				 w[k].rule ? w[k].rule : "?", w[k].file ? w[k].file : "*");
			snprintf(zh, sizeof zh, "豁免“%s”（规则 %s，文件 %s）没有对应任何问题。", name,
				 w[k].rule ? w[k].rule : "?", w[k].file ? w[k].file : "*");
			error = about(r, &w[k], "config.waiver-unused", en, zh);
		}
	}
	free(live);
	free(used);
	return error;
}

void ds__json_waived(FILE *o, const ds_waiver *w)
{
	fputs(",\"waived\":{\"reason\":", o);
	ds__jstr(o, w->reason);
	fputs(",\"by\":", o);
	if (w->by)
		ds__jstr(o, w->by);
	else
		fputs("null", o);
	fputs(",\"expires\":", o);
	if (w->expires)
		ds__jstr(o, w->expires);
	else
		fputs("null", o);
	fputs(",\"waiver\":", o);
	ds__jstr(o, w->name);
	fputs(",\"source\":", o);
	ds__jstr(o, w->source);
	fputs("}", o);
}

void ds__text_waived(FILE *o, const finding *x, int lang)
{
	bool zh = lang == DS__ZH;
	const ds_waiver *w = x->waiver;
	fputs(zh ? "  ○ 已豁免 [" : "  ○ waived [", o);
	ds_fput_visible(x->rule, strlen(x->rule), o);
	fputs("] ", o);
	ds_fput_visible(x->msg[lang], strlen(x->msg[lang]), o);
	fputs(zh ? "\n      理由：" : "\n      why: ", o);
	ds_fput_visible(w->reason ? w->reason : "", w->reason ? strlen(w->reason) : 0, o);
	if (w->by || w->expires || w->source) {
		fputs(" (", o);
		if (w->by)
			ds_fput_visible(w->by, strlen(w->by), o);
		if (w->expires)
			fprintf(o, "%s%s %s", w->by ? ", " : "", zh ? "至" : "until", w->expires);
		if (w->source) {
			fputs(w->by || w->expires ? "; " : "", o);
			ds_fput_visible(w->source, strlen(w->source), o);
		}
		fputs(")", o);
	}
	fputc('\n', o);
}
