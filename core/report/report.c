/*
 * report.c - the results of a check: files, their status and findings, and
 * the writers.  JSON is the contract (docs/report.md, schema
 * "docscreen-report/1"); the text report is derived from the same data.
 *
 * Each finding keeps its message and hint in both languages, so one report
 * can be written in Chinese or English whatever the process locale is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "internal.h"
#include "report.h"
#include "rules/engine.h"

const char *const ds__status_names[] = {"pass", "warn", "fail", "error"};
const char *const ds__sev_names[] = {"info", "warning", "error"};
#define status_name ds__status_names
#define sev_names ds__sev_names

/* Make s valid UTF-8 in place: a character cut at the end is dropped, any
 * other invalid byte becomes '?'.  (A rule may cut text at a byte count; a
 * path may not be UTF-8.  Every report format needs valid UTF-8.) */
static void utf8_repair(char *s)
{
	size_t len = strlen(s);
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		size_t n = ds__utf8_next(s + i, len - i, &cp);
		if (cp != 0xFFFD || n == 3) { /* a character (U+FFFD itself takes three bytes) */
			i += n;
			continue;
		}
		unsigned char lead = (unsigned char)s[i];
		size_t k = i + 1, want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
		while (k < len && ((unsigned char)s[k] & 0xC0) == 0x80)
			k++;
		if (lead >= 0xC0 && lead <= 0xF7 && k == len && len - i < want) {
			s[i] = '\0'; /* cut short at the end */
			return;
		}
		s[i++] = '?';
	}
}

static const char *dup(ds_report *r, const char *s)
{
	char *d = s ? (char *)ds__arena_strndup(&r->arena, s, strlen(s)) : NULL;
	if (d)
		utf8_repair(d);
	return d;
}

void ds__report_defer(ds_report *r, ds__defer_fn fn, void *ud)
{
	r->defer = fn;
	r->defer_ud = ud;
}

DS_API int ds_report_new(ds_report **out, const ds_engine *e)
{
	ds_report *r = calloc(1, sizeof *r);
	if (!r)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	const char *id = ds_engine_active_profile(e);
	bool ok = (r->profile_id = dup(r, id ? id : "")) != NULL;
	for (size_t i = 0; id && i < ds_engine_profile_count(e); i++)
		if (!strcmp(ds_engine_profile_id(e, i), id)) {
			const char *to = ds_engine_profile_submit(e, i, "to"),
				   *by = ds_engine_profile_submit(e, i, "by");
			ok = ok && (!to || (r->submit_to = dup(r, to))) && (!by || (r->submit_by = dup(r, by)));
		}
	for (size_t i = 0; id && i < ds_engine_profile_count(e); i++)
		if (!strcmp(ds_engine_profile_id(e, i), id))
			for (int l = 0; l < 2; l++) {
				const char *title = ds_engine_profile_title(e, i, l ? "zh" : "en");
				ok = ok && (!title || (r->profile_title[l] = dup(r, title)) != NULL);
			}
	r->fail_sev = DS_SEV_ERROR;
	/* the rules: titles, and as help the hints of their messages */
	r->rules = e->n_rules ? ds__arena_alloc(&r->arena, e->n_rules * sizeof *r->rules) : NULL;
	ok = ok && (r->rules || !e->n_rules);
	for (size_t i = 0; ok && i < e->n_rules; i++) {
		const ds__bound *bd = &e->rules[i];
		const ds_rule_def *d = bd->def;
		struct rinfo *x = &r->rules[r->n_rules++];
		x->id = dup(r, bd->id);
		x->title[0] = dup(r, bd->summary[DS__EN]);
		x->title[1] = dup(r, bd->summary[DS__ZH]);
		for (int l = 0; l < 2; l++) {
			ds__buf b = {0};
			for (const ds_message_def *m = d->messages; m && m->key; m++) {
				const ds__msg *ov;
				ds__message_severity(bd, m, &ov);
				const char *h = ov && ov->hint[l] ? ov->hint[l] : l ? m->hint_zh : m->hint_en;
				if (!h || !*h || (b.p && strstr(b.p, h)))
					continue;
				if (b.len)
					ds__buf_add(&b, l ? "；" : " / ", strlen(l ? "；" : " / "));
				ds__buf_add(&b, h, strlen(h));
			}
			x->help[l] = dup(r, b.p ? b.p : "");
			ds__buf_free(&b);
		}
		ok = x->id && x->title[0] && x->title[1] && x->help[0] && x->help[1];
	}
	static const char *const letter[4] = {"from", "subject", "deadline", "signature"};
	const ds_params *lp = ds__engine_letter(e);
	for (size_t k = 0; lp && k < 4; k++)
		ok = ok && (r->letter[k] = dup(r, ds_params_string(lp, letter[k]))) != NULL;
	if (!ok) {
		ds_report_free(r);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	*out = r;
	return 0;
}

DS_API void ds_report_free(ds_report *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_files; i++) {
		free(r->files[i].findings);
		free(r->files[i].cases);
		free(r->files[i].lefts);
		free(r->files[i].facts);
	}
	free(r->files);
	for (size_t i = 0; i < r->n_subs; i++) {
		free(r->subs[i].files);
		free(r->subs[i].findings);
	}
	free(r->subs);
	free(r->by_path);
	ds__arena_free(&r->arena);
	free(r);
}

int ds__report_add_file(ds_report *r, const char *path, const char *format, bool unread)
{
	if (ds__grow((void **)&r->files, &r->cap_files, r->n_files, sizeof *r->files) < 0)
		return DS_ENOMEM;
	file *f = &r->files[r->n_files];
	memset(f, 0, sizeof *f);
	f->path = dup(r, path);
	f->format = dup(r, format);
	f->unread = unread;
	if (!f->path || !f->format)
		return DS_ENOMEM;
	return (int)r->n_files++;
}

int ds__report_set_converted(ds_report *r, size_t idx, const char *from)
{
	return (r->files[idx].converted_from = dup(r, from)) ? 0 : DS_ENOMEM;
}

int ds__report_set_format(ds_report *r, size_t idx, const char *format)
{
	const char *f = dup(r, format);
	if (!f)
		return DS_ENOMEM;
	r->files[idx].format = f;
	return 0;
}

/* At most max characters of s (then "……"); on one line if flat. */
static int add_clipped(ds__buf *b, const char *s, size_t max, bool flat)
{
	size_t chars = 0, i = 0, len = strlen(s);
	int error = 0;
	while (i < len && chars < max && !error) {
		uint32_t cp;
		size_t n = ds__utf8_next(s + i, len - i, &cp);
		if (flat && (cp == '\n' || cp == '\t' || cp == '\r'))
			error = ds__buf_addc(b, ' ');
		else
			error = ds__buf_add(b, s + i, n);
		i += n;
		chars++;
	}
	if (i < len && !error)
		error = ds__buf_add(b, "……", strlen("……"));
	return error < 0 ? DS_ENOMEM : 0;
}

/* s held to max characters, on one line, in the report's arena */
static const char *clipped(ds_report *r, const char *s, size_t max)
{
	ds__buf b = {0};
	const char *out = add_clipped(&b, s ? s : "", max, true) == 0 ? dup(r, b.p ? b.p : "") : NULL;
	ds__buf_free(&b);
	return out;
}

int ds__report_set_message(ds_report *r, size_t idx, const char *from, const char *subject, const char *date)
{
	file *f = &r->files[idx];
	f->from = clipped(r, from, DS__MAX_VALUE);
	f->subject = clipped(r, subject, DS__MAX_VALUE);
	f->date = clipped(r, date, 64);
	return f->from && f->subject && f->date ? 0 : DS_ENOMEM;
}

/* The first words of a paragraph: at most 24 characters, on one line. */
static const char *excerpt(ds_report *r, const char *s)
{
	if (!s)
		return NULL;
	ds__buf b = {0};
	const char *out = add_clipped(&b, s, 24, true) == 0 ? dup(r, b.p ? b.p : "") : NULL;
	ds__buf_free(&b);
	return out;
}

static int add_finding(ds_report *r, finding **v, size_t *n, size_t *cap, const char *rule, ds_severity sev,
		       const char *msg[2], const char *hint[2], const ds_location *loc);

int ds__report_emit(ds_report *r, size_t idx, const char *rule, ds_severity sev, const char *msg[2],
		    const char *hint[2], const ds_location *loc)
{
	file *f = &r->files[idx];
	return add_finding(r, &f->findings, &f->n, &f->cap, rule, sev, msg, hint, loc);
}

int ds__report_emit_submission(ds_report *r, size_t s, const char *rule, ds_severity sev, const char *msg[2],
			       const char *hint[2])
{
	submission *sub = &r->subs[s];
	int error = add_finding(r, &sub->findings, &sub->n, &sub->cap, rule, sev, msg, hint, NULL);
	int st = sev == DS_SEV_ERROR ? ST_FAIL : sev == DS_SEV_WARNING ? ST_WARN : ST_PASS;
	if (!error && st > sub->status)
		sub->status = st;
	return error;
}

const char *ds__report_dup(ds_report *r, const char *s)
{
	return dup(r, s);
}

int ds__report_add_fact(ds_report *r, size_t idx, const char *key, const char *value)
{
	file *f = &r->files[idx];
	for (size_t i = 0; i < f->n_facts; i++)
		if (!strcmp(f->facts[i].key, key))
			return 0; /* the first value stays */
	if (ds__grow((void **)&f->facts, &f->cap_facts, f->n_facts, sizeof *f->facts) < 0)
		return DS_ENOMEM;
	char clipped[501];
	size_t n = strlen(value ? value : "");
	if (n > 500) /* at a character's start */
		for (n = 500; n && ((unsigned char)value[n] & 0xC0) == 0x80; n--)
			;
	snprintf(clipped, sizeof clipped, "%.*s", (int)n, value ? value : "");
	struct fact *x = &f->facts[f->n_facts];
	if (!(x->key = dup(r, key)) || !(x->value = dup(r, clipped)))
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	f->n_facts++;
	return 0;
}

const char *ds__report_fact(const ds_report *r, size_t idx, const char *key)
{
	const file *f = &r->files[idx];
	for (size_t i = 0; i < f->n_facts; i++)
		if (!strcmp(f->facts[i].key, key))
			return f->facts[i].value;
	return NULL;
}

static int add_finding(ds_report *r, finding **v, size_t *n, size_t *cap, const char *rule, ds_severity sev,
		       const char *msg[2], const char *hint[2], const ds_location *loc)
{
	if (ds__grow((void **)v, cap, *n, sizeof **v) < 0)
		return DS_ENOMEM;
	finding *x = &(*v)[*n];
	memset(x, 0, sizeof *x);
	x->rule = dup(r, rule);
	x->sev = sev;
	for (int l = 0; l < 2; l++) {
		x->msg[l] = dup(r, msg[l]);
		x->hint[l] = dup(r, hint[l] ? hint[l] : "");
	}
	if (loc) {
		x->loc = *loc;
		x->loc.excerpt = excerpt(r, loc->excerpt);
		x->loc.case_title = excerpt(r, loc->case_title);
		x->loc.sheet = dup(r, loc->sheet);
		x->loc.cell = dup(r, loc->cell);
	} else {
		ds_location none = DS_LOCATION_INIT;
		x->loc = none;
	}
	if (!x->rule || !x->msg[0] || !x->msg[1])
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	++*n;
	return 0;
}

int ds__report_emit_bounded(ds_report *r, size_t idx, const char *rule, ds_severity sev, const char *msg[2],
			    const char *hint[2], const ds_location *loc)
{
	file *f = &r->files[idx];
	size_t k = 0, total = f->n;
	while (k < f->n_lefts && strcmp(f->lefts[k].rule, rule))
		k++;
	if (k == f->n_lefts) {
		if (ds__grow((void **)&f->lefts, &f->cap_lefts, f->n_lefts, sizeof *f->lefts) < 0)
			return DS_ENOMEM;
		f->lefts[k] = (struct left){.rule = dup(r, rule)};
		if (!f->lefts[k].rule)
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		f->n_lefts++;
	}
	struct left *l = &f->lefts[k];
	if (l->n >= DS__MAX_PER_RULE || total >= DS__MAX_PER_FILE) {
		if (!l->left++ || sev > l->sev)
			l->sev = sev;
		return 0;
	}
	l->n++;
	return ds__report_emit(r, idx, rule, sev, msg, hint, loc);
}

/* One finding per rule for what was left out, and one for cases. */
static int say_left_out(ds_report *r, size_t idx)
{
	file *f = &r->files[idx];
	int error = 0;
	char en[256], zh[256];
	const char *msg[2] = {en, zh}, *hint[2] = {"", ""};
	for (size_t k = 0; k < f->n_lefts && !error; k++) {
		struct left *l = &f->lefts[k];
		if (!l->left)
			continue;
		snprintf(en, sizeof en, "... and %zu more findings of this rule, left out of the report.", l->left);
		snprintf(zh, sizeof zh, "……本规则另有 %zu 条结果未列出。", l->left);
		const char *rule = l->rule;
		ds_severity sev = l->sev;
		error = ds__report_emit(r, idx, rule, sev, msg, hint, NULL);
		f = &r->files[idx];
	}
	if (!error && f->cases_left) {
		snprintf(en, sizeof en, "The document holds %zu more cases than the %d listed.", f->cases_left,
			 DS__MAX_CASES);
		snprintf(zh, sizeof zh, "文档另有 %zu 个案例未列出（最多列出 %d 个）。", f->cases_left, DS__MAX_CASES);
		error = ds__report_emit(r, idx, "report.cases-left-out", DS_SEV_INFO, msg, hint, NULL);
	}
	return error;
}

int ds__report_add_case(ds_report *r, size_t idx, const ds_case *c, const uint32_t *sig)
{
	file *f = &r->files[idx];
	if (f->n_cases >= DS__MAX_CASES) {
		f->cases_left++;
		return 0;
	}
	if (ds__grow((void **)&f->cases, &f->cap_cases, f->n_cases, sizeof *f->cases) < 0)
		return DS_ENOMEM;
	rcase *x = &f->cases[f->n_cases];
	x->index = c->index;
	ds__buf b = {0};
	x->title = add_clipped(&b, c->title ? c->title : "", DS__MAX_VALUE, false) == 0 ? dup(r, b.p ? b.p : "") : NULL;
	ds__buf_free(&b);
	x->category = c->category ? dup(r, c->category) : NULL;
	x->category_name = c->category_name ? dup(r, c->category_name) : NULL;
	x->kind = c->kind ? dup(r, c->kind) : NULL;
	x->words = c->words;
	x->sig = NULL;
	if (sig) {
		uint32_t *copy = ds__arena_alloc(&r->arena, DS__SIG * sizeof *copy);
		if (copy)
			memcpy(copy, sig, DS__SIG * sizeof *copy);
		x->sig = copy;
	}
	if (!x->title || (c->category && !x->category) || (c->kind && !x->kind) || (sig && !x->sig))
		return DS_ENOMEM;
	f->n_cases++;
	return 0;
}

/* Where in its sheet or case a finding is, short: "C7", "表格1第3行",
 * "“开头的几个字……”", "第3段". */
static void place_text(const ds_location *l, int lang, char *out, size_t size)
{
	bool zh = lang == DS__ZH;
	if (l->cell)
		snprintf(out, size, "%s", l->cell);
	else if (l->in_table)
		snprintf(out, size, zh ? "表格%u第%u行" : "table %u row %u", l->table + 1, l->row + 1);
	else if (l->excerpt && *l->excerpt)
		snprintf(out, size, zh ? "“%s”" : "\"%s\"", l->excerpt);
	else if (l->paragraph)
		snprintf(out, size, zh ? "第%zu段" : "paragraph %zu", l->paragraph);
	else
		out[0] = '\0';
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Does y repeat x in another spot of the same place: the same rule and
 * kind of problem (severity, hints) in the same sheet or case? */
static bool repeats(const finding *x, const finding *y)
{
	const ds_location *a = &x->loc, *b = &y->loc;
	if (strcmp(x->rule, y->rule) || x->sev != y->sev || x->n_related || y->n_related || x->count > 1 ||
	    y->count > 1 || !same_text(x->hint[0], y->hint[0]) || !same_text(x->hint[1], y->hint[1]) ||
	    !same_text(a->sheet, b->sheet) || a->case_index != b->case_index)
		return false;
	return !same_text(a->cell, b->cell) || a->paragraph != b->paragraph || a->row != b->row ||
	       a->table != b->table; /* (and not the very same spot) */
}

#define GROUP_FROM 3   /* repeats of a kind that make one finding */
#define GROUP_LISTED 6 /* spots named in it */

/* Repeats of one kind of problem in one place become one finding, its
 * spots listed ("C7、D7、E7 等 20 处"): twenty warnings for numbers stored
 * as text bury the one that matters. */
static int group_repeats(ds_report *r, size_t idx)
{
	file *f = &r->files[idx];
	for (size_t i = 0; i < f->n; i++) {
		size_t n = 1;
		for (size_t j = i + 1; j < f->n; j++)
			n += repeats(&f->findings[i], &f->findings[j]);
		if (n < GROUP_FROM)
			continue;
		finding *x = &f->findings[i];
		for (int l = 0; l < 2; l++) {
			ds__buf b = {0};
			char spot[160];
			snprintf(spot, sizeof spot, l == DS__ZH ? "同类问题共 %zu 条，位于：" : " %zu alike, at: ", n);
			bool ok = ds__buf_add(&b, x->msg[l], strlen(x->msg[l])) >= 0 &&
				  ds__buf_add(&b, spot, strlen(spot)) >= 0;
			size_t listed = 0, spots = 0;
			char said[GROUP_LISTED][160];
			for (size_t j = i; j < f->n; j++) {
				if (j != i && !repeats(x, &f->findings[j]))
					continue;
				place_text(&f->findings[j].loc, l, spot, sizeof spot);
				bool again = false; /* (two findings in one paragraph: one spot) */
				for (size_t k = 0; k < listed && !again; k++)
					again = !strcmp(said[k], spot);
				if (again)
					continue;
				spots++;
				if (listed == GROUP_LISTED)
					continue;
				snprintf(said[listed], sizeof said[listed], "%s", spot);
				const char *sep = listed++ ? (l == DS__ZH ? "、" : ", ") : "";
				ok = ok && ds__buf_add(&b, sep, strlen(sep)) >= 0 &&
				     ds__buf_add(&b, spot, strlen(spot)) >= 0;
			}
			const char *end = spots > listed ? (l == DS__ZH ? " 等。" : " …") : (l == DS__ZH ? "。" : ".");
			ok = ok && ds__buf_add(&b, end, strlen(end)) >= 0;
			const char *m =
				ok && b.p ? dup(r, b.p) : NULL; /* (a message cut short would change silently) */
			ds__buf_free(&b);
			if (!m)
				return DS_ENOMEM;
			x->msg[l] = m;
		}
		/* the repeats go; x counts them */
		size_t o = i + 1;
		for (size_t j = i + 1; j < f->n; j++)
			if (!repeats(x, &f->findings[j]))
				f->findings[o++] = f->findings[j];
		f->n = o;
		x->count = n;
	}
	return 0;
}

/* Errors first, then warnings, then facts; otherwise in the order found. */
static void order_findings(file *f)
{
	for (size_t i = 1; i < f->n; i++) {
		finding x = f->findings[i];
		size_t j = i;
		for (; j > 0 && f->findings[j - 1].sev < x.sev; j--)
			f->findings[j] = f->findings[j - 1];
		f->findings[j] = x;
	}
}

int ds__report_finish_file(ds_report *r, size_t idx)
{
	int error = say_left_out(r, idx);
	if (!error)
		error = group_repeats(r, idx);
	file *f = &r->files[idx];
	order_findings(f);
	free(f->lefts);
	f->lefts = NULL;
	f->n_lefts = f->cap_lefts = 0;
	f->status = ds__status_of(f->findings, f->n, f->unread);
	return error;
}

int ds__status_of(const finding *v, size_t n, bool unread)
{
	int st = ST_PASS;
	for (size_t i = 0; i < n; i++) {
		if (v[i].sev == DS_SEV_ERROR && st < ST_FAIL)
			st = ST_FAIL;
		else if (v[i].sev == DS_SEV_WARNING && st < ST_WARN)
			st = ST_WARN;
	}
	return unread ? ST_ERROR : st;
}

static size_t drop_info(finding *v, size_t n)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].sev != DS_SEV_INFO)
			v[o++] = v[i];
	return o;
}

DS_API void ds_report_drop_info(ds_report *r)
{
	for (size_t i = 0; i < r->n_files; i++)
		r->files[i].n = drop_info(r->files[i].findings, r->files[i].n);
	for (size_t i = 0; i < r->n_subs; i++)
		r->subs[i].n = drop_info(r->subs[i].findings, r->subs[i].n);
}

static void first_lines(finding *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int l = 0; l < 2; l++) {
			const char *nl = v[i].hint[l] ? strchr(v[i].hint[l], '\n') : NULL;
			if (!nl)
				continue;
			((char *)v[i].hint[l])[nl - v[i].hint[l]] = '\0'; /* (each finding's own copy, in the arena) */
		}
}

DS_API void ds_report_for_submitters(ds_report *r)
{
	for (size_t i = 0; i < r->n_files; i++)
		first_lines(r->files[i].findings, r->files[i].n);
	for (size_t i = 0; i < r->n_subs; i++)
		first_lines(r->subs[i].findings, r->subs[i].n);
}

DS_API void ds_report_set_fail_on(ds_report *r, const char *fail_on)
{
	r->fail_sev = fail_on && !strcmp(fail_on, "warning") ? DS_SEV_WARNING : DS_SEV_ERROR;
}

int ds__template(ds__buf *out, const char *t, const char *const *args, size_t n)
{
	out->len = 0;
	if (ds__buf_add(out, "", 0) < 0)
		return DS_ENOMEM;
	for (const char *p = t; *p;) {
		const char *close = p[0] == '{' ? strchr(p, '}') : NULL;
		if (close) {
			size_t len = (size_t)(close - p - 1);
			const char *val = NULL;
			for (size_t i = 0; i + 1 < n && !val; i += 2)
				if (strlen(args[i]) == len && !strncmp(args[i], p + 1, len))
					val = args[i + 1];
			if (val) {
				/* a value quoted from a document is held to DS__MAX_VALUE characters */
				if (add_clipped(out, val, DS__MAX_VALUE, false) < 0)
					return DS_ENOMEM;
				p = close + 1;
				continue;
			}
		}
		if (ds__buf_addc(out, *p++) < 0)
			return DS_ENOMEM;
	}
	return 0;
}

DS_API int ds_report_exit_status(const ds_report *r, const char *fail_on)
{
	ds_severity min = fail_on && !strcmp(fail_on, "warning") ? DS_SEV_WARNING : DS_SEV_ERROR;
	for (size_t i = 0; i < r->n_files; i++) {
		if (r->files[i].unread)
			return 1;
		for (size_t k = 0; k < r->files[i].n; k++)
			if (r->files[i].findings[k].sev >= min)
				return 1;
	}
	for (size_t i = 0; i < r->n_subs; i++)
		for (size_t k = 0; k < r->subs[i].n; k++)
			if (r->subs[i].findings[k].sev >= min)
				return 1;
	return 0;
}

/* ------------------------------------------------------------------ JSON */

void ds__jstr(FILE *o, const char *s)
{
	fputc('"', o);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", o); break;
		case '\\': fputs("\\\\", o); break;
		case '\n': fputs("\\n", o); break;
		case '\r': fputs("\\r", o); break;
		case '\t': fputs("\\t", o); break;
		default:
			if (*p < 0x20)
				fprintf(o, "\\u%04x", *p);
			else
				fputc(*p, o);
		}
	}
	fputc('"', o);
}

void ds__json_location(FILE *o, const ds_location *l)
{
	fputs("{", o);
	bool first = true;
#define SEP() (first ? (first = false, "") : ",")
	if (l->paragraph) {
		fprintf(o, "%s\"part\":\"%s\",\"paragraph\":%zu", SEP(), ds_part_name(l->part), l->paragraph);
		if (l->excerpt) {
			fputs(",\"excerpt\":", o);
			ds__jstr(o, l->excerpt);
		}
	}
	if (l->case_index) {
		fprintf(o, "%s\"case\":%zu", SEP(), l->case_index);
		if (l->case_title) {
			fputs(",\"case_title\":", o);
			ds__jstr(o, l->case_title);
		}
	}
	if (l->in_table)
		fprintf(o, "%s\"table\":%u,\"row\":%u,\"col\":%u", SEP(), l->table + 1, l->row + 1, l->col + 1);
	if (l->sheet) {
		fprintf(o, "%s\"sheet\":", SEP());
		ds__jstr(o, l->sheet);
	}
	if (l->cell) {
		fprintf(o, "%s\"cell\":", SEP());
		ds__jstr(o, l->cell);
	}
#undef SEP
	fputs("}", o);
}

/* The places a collection finding points at: [{path, case, case_title}]. */
static void json_related(FILE *o, const ds_report *r, const finding *x)
{
	fputs(",\"related\":[", o);
	for (size_t i = 0; i < x->n_related; i++) {
		const place *p = &x->related[i];
		const file *f = &r->files[p->file];
		fputs(i ? ",{\"path\":" : "{\"path\":", o);
		ds__jstr(o, f->path);
		for (size_t k = 0; p->case_index && k < f->n_cases; k++)
			if (f->cases[k].index == p->case_index) {
				fprintf(o, ",\"case\":%zu,\"case_title\":", p->case_index);
				ds__jstr(o, f->cases[k].title);
			}
		fputs("}", o);
	}
	fputs("]", o);
}

/* The findings, then the waived ones (each with "waived"). */
static void json_findings(FILE *o, const ds_report *r, const finding *v, size_t n, const finding *w, size_t n_w,
			  int lang)
{
	fputs("\"findings\":[", o);
	for (size_t k = 0; k < n + n_w; k++) {
		const finding *x = k < n ? &v[k] : &w[k - n];
		fputs(k ? ",{\"rule\":" : "{\"rule\":", o);
		ds__jstr(o, x->rule);
		fprintf(o, ",\"severity\":\"%s\",\"message\":", sev_names[x->sev]);
		ds__jstr(o, x->msg[lang]);
		fputs(",\"hint\":", o);
		ds__jstr(o, x->hint[lang]);
		fputs(",\"location\":", o);
		ds__json_location(o, &x->loc);
		if (x->count > 1)
			fprintf(o, ",\"count\":%zu", x->count);
		if (x->n_related)
			json_related(o, r, x);
		if (x->waiver)
			ds__json_waived(o, x->waiver);
		fputs("}", o);
	}
	fputs("]", o);
}

/* The contacts of submission s: the first of each its files give. */
static const char *sub_fact(const ds_report *r, const submission *s, const char *key)
{
	for (size_t i = 0; i < s->n_files; i++) {
		const char *v = ds__report_fact(r, s->files[i], key);
		if (v && *v)
			return v;
	}
	return NULL;
}

static const char *const contact_keys[] = {"contact.org", "contact.person", "contact.phone", "contact.email"};
static const char *const contact_names[] = {"org", "person", "phone", "email"};

/* "submissions": what each unit sent (docs/report.md). */
static void json_submissions(const ds_report *r, FILE *o, int lang)
{
	fputs(",\"submissions\":[", o);
	for (size_t i = 0; i < r->n_subs; i++) {
		const submission *s = &r->subs[i];
		fputs(i ? ",{\"name\":" : "{\"name\":", o);
		ds__jstr(o, s->name);
		fputs(",\"source\":", o);
		ds__jstr(o, s->source);
		fprintf(o, ",\"status\":\"%s\",\"files\":[", status_name[s->status]);
		bool table = false;
		for (size_t k = 0; k < s->n_files; k++) {
			const file *f = &r->files[s->files[k]];
			fputs(k ? "," : "", o);
			ds__jstr(o, f->path);
			table = table || (!f->unread && !strcmp(f->format, "xlsx"));
		}
		fprintf(o, "],\"has_table\":%s,\"cases_by_category\":{", table ? "true" : "false");
		/* category keys in the order first met, then cases of none under "" */
		const char *seen[64];
		size_t n_seen = 0, none = 0;
		for (size_t k = 0; k < s->n_files; k++) {
			const file *f = &r->files[s->files[k]];
			for (size_t c = 0; c < f->n_cases; c++) {
				const char *cat = f->cases[c].category;
				size_t j = 0;
				none += !cat;
				while (cat && j < n_seen && strcmp(seen[j], cat))
					j++;
				if (cat && j == n_seen && n_seen < 64)
					seen[n_seen++] = cat;
			}
		}
		for (size_t j = 0; j <= n_seen; j++) {
			size_t count = 0;
			for (size_t k = 0; k < s->n_files; k++) {
				const file *f = &r->files[s->files[k]];
				for (size_t c = 0; c < f->n_cases; c++)
					count += j < n_seen ? f->cases[c].category &&
								      !strcmp(f->cases[c].category, seen[j])
							    : !f->cases[c].category;
			}
			if (j == n_seen && !none)
				break;
			fputs(j ? "," : "", o);
			ds__jstr(o, j < n_seen ? seen[j] : "");
			fprintf(o, ":%zu", count);
		}
		fputs("},\"contacts\":{", o);
		for (size_t k = 0; k < 4; k++) {
			const char *v = sub_fact(r, s, contact_keys[k]);
			fprintf(o, "%s\"%s\":", k ? "," : "", contact_names[k]);
			if (v)
				ds__jstr(o, v);
			else
				fputs("null", o);
		}
		fputs("},", o);
		json_findings(o, r, s->findings, s->n, s->waived, s->n_waived, lang);
		fputs("}", o);
	}
	/* the categories' names, as the profile gives them */
	fputs("],\"categories\":{", o);
	const char *done[64];
	size_t n_done = 0;
	for (size_t i = 0; i < r->n_files; i++)
		for (size_t c = 0; c < r->files[i].n_cases; c++) {
			const rcase *x = &r->files[i].cases[c];
			size_t j = 0;
			while (x->category && j < n_done && strcmp(done[j], x->category))
				j++;
			if (!x->category || !x->category_name || j < n_done || n_done == 64)
				continue;
			done[n_done++] = x->category;
			fputs(n_done > 1 ? "," : "", o);
			ds__jstr(o, x->category);
			fputc(':', o);
			ds__jstr(o, x->category_name);
		}
	fputs("}", o);
}

static void write_json(const ds_report *r, FILE *o, int lang)
{
	size_t counts[4] = {0}, sev[3] = {0}, waived = 0;
	for (size_t i = 0; i < r->n_files; i++) {
		counts[r->files[i].status]++;
		for (size_t k = 0; k < r->files[i].n; k++)
			sev[r->files[i].findings[k].sev]++;
		waived += r->files[i].n_waived;
	}
	fprintf(o, "{\"schema\":\"docscreen-report/1\",\"tool\":{\"name\":\"docscreen\",\"version\":\"%s\"},",
		ds_version());
	fputs("\"profile\":{\"id\":", o);
	ds__jstr(o, r->profile_id);
	fputs(",\"title\":", o);
	ds__jstr(o, r->profile_title[lang] ? r->profile_title[lang] : r->profile_id);
	fprintf(o, "},\"lang\":\"%s\",", lang == DS__ZH ? "zh" : "en");
	fprintf(o,
		"\"summary\":{\"files\":%zu,\"pass\":%zu,\"warn\":%zu,\"fail\":%zu,\"error\":%zu,"
		"\"findings\":{\"error\":%zu,\"warning\":%zu,\"info\":%zu",
		r->n_files, counts[0], counts[1], counts[2], counts[3], sev[2], sev[1], sev[0]);
	if (waived)
		fprintf(o, ",\"waived\":%zu", waived);
	fputs("}},\"files\":[", o);
	for (size_t i = 0; i < r->n_files; i++) {
		const file *f = &r->files[i];
		fputs(i ? ",{\"path\":" : "{\"path\":", o);
		ds__jstr(o, f->path);
		fprintf(o, ",\"format\":\"%s\",", f->format);
		if (f->converted_from)
			fprintf(o, "\"converted_from\":\"%s\",", f->converted_from);
		fprintf(o, "\"status\":\"%s\",", status_name[f->status]);
		if (f->from) {
			fputs("\"message\":{\"from\":", o);
			ds__jstr(o, f->from);
			fputs(",\"subject\":", o);
			ds__jstr(o, f->subject);
			fputs(",\"date\":", o);
			ds__jstr(o, f->date);
			fputs("},", o);
		}
		fputs("\"cases\":[", o);
		for (size_t k = 0; k < f->n_cases; k++) {
			const rcase *c = &f->cases[k];
			fprintf(o, "%s{\"index\":%zu,\"title\":", k ? "," : "", c->index);
			ds__jstr(o, c->title);
			fputs(",\"category\":", o);
			if (c->category)
				ds__jstr(o, c->category);
			else
				fputs("null", o);
			fputs(",\"kind\":", o);
			if (c->kind)
				ds__jstr(o, c->kind);
			else
				fputs("null", o);
			fprintf(o, ",\"words\":%llu}", (unsigned long long)c->words);
		}
		fputs("],", o);
		json_findings(o, r, f->findings, f->n, f->waived, f->n_waived, lang);
		fputs("}", o);
	}
	fputs("]", o);
	if (r->collected)
		json_submissions(r, o, lang);
	fputs("}\n", o);
}

/* ------------------------------------------------------------------ text */

/* Text from a document or a path, shown visibly (no control characters
 * reach the terminal), between a format's two halves: pre and post are
 * the report's own words. */
static void vis(FILE *o, const char *pre, const char *s, const char *post)
{
	fputs(pre, o);
	ds_fput_visible(s, strlen(s), o);
	fputs(post, o);
}

/* A hint, a line each (the first for whoever fixes the file, then for
 * whoever runs docscreen). */
static void hint_lines(FILE *o, const char *hint, bool zh)
{
	bool first = true;
	for (const char *p = hint; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		fputs(first ? (zh ? "      建议：" : "      fix: ") : "            ", o);
		ds_fput_visible(p, n, o);
		fputc('\n', o);
		first = false;
		p += n + (nl ? 1 : 0);
	}
}

void ds__text_location(FILE *o, const ds_location *l, int lang)
{
	bool any = false;
	bool zh = lang == DS__ZH;
	if (l->case_index) {
		fprintf(o, zh ? "案例%zu" : "case %zu", l->case_index);
		if (l->case_title)
			vis(o, zh ? "“" : " \"", l->case_title, zh ? "”" : "\"");
		any = true;
	}
	/* a case is found by its title: no paragraph number after it */
	bool words_or_table = (l->excerpt && *l->excerpt) || l->in_table || l->part != DS_PART_BODY;
	if (l->paragraph && (words_or_table || !l->case_index)) {
		static const char *zh_part[] = {"正文", "文本框", "脚注", "尾注", "页眉", "页脚", "批注"};
		if (any)
			fputs(zh ? "，" : ", ", o);
		if (l->part != DS_PART_BODY)
			fprintf(o, zh ? "%s" : "%s ", zh ? zh_part[l->part] : ds_part_name(l->part));
		/* as a person finds it in Word, which numbers no paragraphs: by its
		 * opening words (the case's heading needs no second quote) */
		bool heading = l->case_title && l->excerpt && !strcmp(l->case_title, l->excerpt);
		bool words = l->excerpt && *l->excerpt && !heading;
		if (l->in_table) {
			fprintf(o, zh ? "表格%u第%u行第%u列" : "table %u row %u column %u", l->table + 1, l->row + 1,
				l->col + 1);
			if (words)
				vis(o, zh ? "“" : " \"", l->excerpt, zh ? "”" : "\"");
		} else if (heading) {
			fputs(zh ? "标题" : "its heading", o);
		} else if (words && !strncmp(l->excerpt, "…", 3)) { /* (a passage inside the paragraph) */
			vis(o, zh ? "段落中“" : "the passage \"", l->excerpt, zh ? "”处" : "\"");
		} else if (words && strlen(l->excerpt) > 6 && !strcmp(l->excerpt + strlen(l->excerpt) - 6, "……")) {
			vis(o, zh ? "以“" : "the paragraph that begins \"", l->excerpt, zh ? "”开头的段落" : "\"");
		} else if (words) { /* (all of it) */
			vis(o, zh ? "段落“" : "the paragraph \"", l->excerpt, zh ? "”" : "\"");
		} else {
			fprintf(o, zh ? "第%zu段" : "paragraph %zu", l->paragraph);
		}
		any = true;
	}
	if (l->sheet) {
		if (any)
			fputs(zh ? "，" : ", ", o);
		vis(o, zh ? "工作表“" : "sheet \"", l->sheet, zh ? "”" : "\"");
		if (l->cell)
			vis(o, zh ? "" : " cell ", l->cell, zh ? "单元格" : "");
		any = true;
	}
	(void)any;
}

char *ds__location_text(const ds_location *l, int lang)
{
	char *where = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&where, &len);
	if (!m)
		return NULL;
	ds__text_location(m, l, lang);
	fclose(m);
	return where;
}

static void write_text(const ds_report *r, FILE *o, int lang, bool color)
{
	static const char *mark[] = {"ℹ", "⚠", "✗"};
	static const char *sev_col[] = {"\033[36m", "\033[33m", "\033[31m"};
	static const char *st_col[] = {"\033[32m", "\033[33m", "\033[31m", "\033[35m"};
	static const char *st_zh[] = {"通过", "警告", "不通过", "无法检查"};
	static const char *sev_zh[] = {"提示", "警告", "错误"};
	const char *reset = color ? "\033[0m" : "";
	bool zh = lang == DS__ZH;
	size_t counts[4] = {0};
	for (size_t i = 0; i < r->n_files; i++) {
		const file *f = &r->files[i];
		counts[f->status]++;
		fprintf(o, "%s%s%s  ", color ? st_col[f->status] : "", zh ? st_zh[f->status] : status_name[f->status],
			reset);
		vis(o, "", f->path, " (");
		/* a damaged document is what its name says, not "zip" */
		const char *dot = strrchr(f->path, '.'), *shown = f->format;
		if (!strcmp(f->format, "zip") && dot &&
		    (!strcasecmp(dot, ".docx") || !strcasecmp(dot, ".xlsx") || !strcasecmp(dot, ".docm") ||
		     !strcasecmp(dot, ".xlsm")))
			shown = dot + 1;
		vis(o, "", shown, f->converted_from ? (zh ? "，转换自 " : ", converted from ") : "");
		vis(o, "", f->converted_from ? f->converted_from : "", ")\n");
		if (f->from) {
			vis(o, zh ? "  发件人：" : "  from: ", *f->from ? f->from : "—", "");
			vis(o, zh ? "  主题：" : "  subject: ", *f->subject ? f->subject : "—", "");
			vis(o, zh ? "  日期：" : "  date: ", *f->date ? f->date : "—", "\n");
		}
		for (size_t k = 0; k < f->n_cases; k++) {
			const rcase *c = &f->cases[k];
			fprintf(o, zh ? "  · 案例%zu" : "  · case %zu", c->index);
			vis(o, zh ? "“" : " \"", *c->title ? c->title : "—", zh ? "”" : "\"");
			const char *cat = c->category_name ? c->category_name : c->category;
			if (cat)
				vis(o, " ", cat, " ·");
			fprintf(o, " %llu 字\n", (unsigned long long)c->words);
		}
		for (size_t k = 0; k < f->n; k++) {
			const finding *x = &f->findings[k];
			fprintf(o, "  %s%s %s%s ", color ? sev_col[x->sev] : "", mark[x->sev],
				zh ? sev_zh[x->sev] : sev_names[x->sev], reset);
			vis(o, "[", x->rule, "] ");
			vis(o, "", x->msg[lang], "\n");
			if (x->loc.paragraph || x->loc.case_index || x->loc.sheet) {
				fputs(zh ? "      位置：" : "      where: ", o);
				ds__text_location(o, &x->loc, lang);
				fputc('\n', o);
			}
			if (x->hint[lang] && *x->hint[lang])
				hint_lines(o, x->hint[lang], zh);
		}
		for (size_t k = 0; k < f->n_waived; k++)
			ds__text_waived(o, &f->waived[k], lang);
	}
	if (r->collected && r->n_subs) {
		fputs(zh ? "\n报送单位：\n" : "\nSubmissions:\n", o);
		for (size_t i = 0; i < r->n_subs; i++) {
			const submission *s = &r->subs[i];
			size_t cases = 0;
			bool table = false;
			for (size_t k = 0; k < s->n_files; k++) {
				cases += r->files[s->files[k]].n_cases;
				table = table || (!r->files[s->files[k]].unread &&
						  !strcmp(r->files[s->files[k]].format, "xlsx"));
			}
			fprintf(o, "%s%s%s  ", color ? st_col[s->status] : "",
				zh ? st_zh[s->status] : status_name[s->status], reset);
			vis(o, "", s->name, "");
			if (strcmp(s->name, s->source))
				vis(o, " (", s->source, ")");
			fprintf(o, zh ? "：%zu 个文件，%s统计表，%zu 个案例\n" : ": %zu files, %s, %zu cases\n",
				s->n_files, table ? (zh ? "有" : "table") : (zh ? "无" : "no table"), cases);
			for (size_t k = 0; k < s->n; k++) {
				const finding *x = &s->findings[k];
				fprintf(o, "  %s%s %s%s ", color ? sev_col[x->sev] : "", mark[x->sev],
					zh ? sev_zh[x->sev] : sev_names[x->sev], reset);
				vis(o, "[", x->rule, "] ");
				vis(o, "", x->msg[lang], "\n");
				if (x->hint[lang] && *x->hint[lang])
					hint_lines(o, x->hint[lang], zh);
			}
			for (size_t k = 0; k < s->n_waived; k++)
				ds__text_waived(o, &s->waived[k], lang);
		}
	}
	/* what must go back (failed, or could not be read), what to look at, what passed */
	if (zh)
		fprintf(o, "\n共 %zu 个文件：需退回 %zu（不通过 %zu，无法检查 %zu），警告 %zu，通过 %zu（规则集 ",
			r->n_files, counts[2] + counts[3], counts[2], counts[3], counts[1], counts[0]);
	else
		fprintf(o, "\n%zu %s: %zu to send back (%zu fail, %zu could not be read), %zu warn, %zu pass (profile ",
			r->n_files, r->n_files == 1 ? "file" : "files", counts[2] + counts[3], counts[2], counts[3],
			counts[1], counts[0]);
	vis(o, "", r->profile_id, zh ? "）\n" : ")\n");
	/* a submitter's files that all passed: where they go, by when (the profile's <submit>) */
	if (!r->collected && r->n_files && !counts[2] && !counts[3] && r->submit_to) {
		int y = 0, m = 0, d = 0;
		bool date = r->submit_by && sscanf(r->submit_by, "%d-%d-%d", &y, &m, &d) == 3;
		static const char *const month[] = {"January",   "February", "March",    "April",
						    "May",       "June",     "July",     "August",
						    "September", "October",  "November", "December"};
		if (zh && date)
			fprintf(o, "下一步：请于 %d年%d月%d日 前把以上文件发送到 ", y, m, d);
		else if (zh)
			fputs("下一步：请把以上文件发送到 ", o);
		else
			fputs("Next: send these files to ", o);
		vis(o, "", r->submit_to, "");
		if (!zh && date && m >= 1 && m <= 12)
			fprintf(o, " by %d %s %d", d, month[m - 1], y);
		fputs(zh ? "。\n" : ".\n", o);
	}
	if (r->collected) {
		size_t sc[4] = {0};
		for (size_t i = 0; i < r->n_subs; i++)
			sc[r->subs[i].status]++;
		if (zh)
			fprintf(o, "共 %zu 个报送单位：需退回 %zu，警告 %zu，通过 %zu\n", r->n_subs, sc[2] + sc[3],
				sc[1], sc[0]);
		else
			fprintf(o, "%zu %s: %zu to send back, %zu warn, %zu pass\n", r->n_subs,
				r->n_subs == 1 ? "submission" : "submissions", sc[2] + sc[3], sc[1], sc[0]);
	}
}

DS_API int ds_report_write(const ds_report *r, FILE *out, const char *format, const char *lang, bool color)
{
	int l = ds__lang_index(lang);
	if (!format || !strcmp(format, "text"))
		write_text(r, out, l, color);
	else if (!strcmp(format, "json"))
		write_json(r, out, l);
	else if (!strcmp(format, "html"))
		ds__write_html(r, out, l);
	else if (!strcmp(format, "csv") || !strcmp(format, "csv-files"))
		ds__write_csv(r, out, l, !strcmp(format, "csv-files"));
	else if (!strcmp(format, "junit"))
		ds__write_junit(r, out, l);
	else if (!strcmp(format, "sarif"))
		ds__write_sarif(r, out, l);
	else if (!strcmp(format, "github"))
		ds__write_github(r, out, l);
	else if (!strcmp(format, "register"))
		ds__write_register(r, out, l);
	else if (!strcmp(format, "submissions"))
		ds__write_submissions(r, out, l);
	else if (!strcmp(format, "statistics"))
		ds__write_statistics(r, out, l);
	else
		return ds__error_set(
			DS_ERROR,
			_("unknown report format '%s' (known: text, json, html, csv, csv-files, junit, sarif, github, "
			  "register, submissions, statistics)"),
			format);
	return ferror(out) ? ds__error_set(DS_ERROR, "%s", _("the report could not be written")) : 0;
}

/* -------------------------------------------------------- serialization
 * One file's entry as tab-separated lines (F file, C case, X finding);
 * tabs, newlines and backslashes in strings are escaped. */

static void put(ds__buf *b, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		if (*p == '\t')
			ds__buf_add(b, "\\t", 2);
		else if (*p == '\n')
			ds__buf_add(b, "\\n", 2);
		else if (*p == '\\')
			ds__buf_add(b, "\\\\", 2);
		else
			ds__buf_addc(b, *p);
	}
	ds__buf_addc(b, '\t');
}

static void putn(ds__buf *b, unsigned long long n)
{
	char tmp[32];
	snprintf(tmp, sizeof tmp, "%llu", n);
	put(b, tmp);
}

int ds__report_serialize(const ds_report *r, size_t idx, ds__buf *b)
{
	const file *f = &r->files[idx];
	ds__buf_addc(b, 'F');
	ds__buf_addc(b, '\t');
	put(b, f->path);
	put(b, f->format);
	putn(b, f->unread);
	ds__buf_addc(b, '\n');
	if (f->converted_from) {
		ds__buf_add(b, "V\t", 2);
		put(b, f->converted_from);
		ds__buf_addc(b, '\n');
	}
	if (f->from) {
		ds__buf_add(b, "M\t", 2);
		put(b, f->from);
		put(b, f->subject);
		put(b, f->date);
		ds__buf_addc(b, '\n');
	}
	for (size_t k = 0; k < f->n_facts; k++) {
		ds__buf_add(b, "K\t", 2);
		put(b, f->facts[k].key);
		put(b, f->facts[k].value);
		ds__buf_addc(b, '\n');
	}
	for (size_t k = 0; k < f->n_cases; k++) {
		const rcase *c = &f->cases[k];
		ds__buf_add(b, "C\t", 2);
		putn(b, c->index);
		putn(b, c->words);
		put(b, c->category ? c->category : "\x01");
		put(b, c->kind ? c->kind : "\x01");
		put(b, c->title);
		if (c->sig) { /* the signature, in hex */
			char hex[DS__SIG * 8 + 1];
			for (size_t h = 0; h < DS__SIG; h++)
				snprintf(hex + 8 * h, 9, "%08x", c->sig[h]);
			put(b, hex);
		} else {
			put(b, "");
		}
		put(b, c->category_name ? c->category_name : "\x01");
		ds__buf_addc(b, '\n');
	}
	for (size_t k = 0; k < f->n; k++) {
		const finding *x = &f->findings[k];
		const ds_location *l = &x->loc;
		ds__buf_add(b, "X\t", 2);
		put(b, x->rule);
		putn(b, x->sev);
		for (int i = 0; i < 2; i++) {
			put(b, x->msg[i]);
			put(b, x->hint[i]);
		}
		putn(b, l->part);
		putn(b, l->paragraph);
		put(b, l->excerpt ? l->excerpt : "\x01");
		putn(b, l->case_index);
		put(b, l->case_title ? l->case_title : "\x01");
		putn(b, l->in_table);
		putn(b, l->table);
		putn(b, l->row);
		putn(b, l->col);
		put(b, l->sheet ? l->sheet : "\x01");
		put(b, l->cell ? l->cell : "\x01");
		putn(b, x->count);
		ds__buf_addc(b, '\n');
	}
	return b->p ? 0 : DS_ENOMEM;
}

/* Split one line into unescaped fields (in place). */
static size_t fields(char *line, char **out, size_t max)
{
	size_t n = 0;
	char *w = line;
	out[n++] = w;
	for (char *p = line; *p && n < max; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			*w++ = *p == 't' ? '\t' : *p == 'n' ? '\n' : *p;
		} else if (*p == '\t') {
			*w++ = '\0';
			out[n++] = w;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return n;
}

static const char *opt(const char *s)
{
	return s[0] == '\x01' && !s[1] ? NULL : s;
}

int ds__report_deserialize(ds_report *r, const char *data, size_t len)
{
	char *copy = malloc(len + 1);
	if (!copy)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	memcpy(copy, data, len);
	copy[len] = '\0';
	int idx = -1, error = 0;
	for (char *line = copy, *next; line && *line && !error; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		char *f[32];
		size_t n = fields(line + 2, f, 32);
		if (line[0] == 'F' && n >= 3) {
			/* an archive's result holds its entry and its members' */
			if (idx >= 0 && ds__report_finish_file(r, (size_t)idx) < 0)
				error = DS_ENOMEM;
			idx = error ? idx : ds__report_add_file(r, f[0], f[1], atoi(f[2]) != 0);
			error = idx < 0 ? idx : error;
		} else if (line[0] == 'V' && n >= 1 && idx >= 0) {
			error = ds__report_set_converted(r, (size_t)idx, f[0]);
		} else if (line[0] == 'K' && n >= 2 && idx >= 0) {
			error = ds__report_add_fact(r, (size_t)idx, f[0], f[1]);
		} else if (line[0] == 'M' && n >= 3 && idx >= 0) {
			error = ds__report_set_message(r, (size_t)idx, f[0], f[1], f[2]);
		} else if (line[0] == 'C' && n >= 5 && idx >= 0) {
			ds_case c = {0};
			c.index = strtoull(f[0], NULL, 10);
			c.words = strtoull(f[1], NULL, 10);
			c.category = opt(f[2]);
			c.kind = opt(f[3]);
			c.title = f[4];
			uint32_t sig[DS__SIG];
			bool have = n >= 6 && strlen(f[5]) == DS__SIG * 8;
			for (size_t k = 0; have && k < DS__SIG; k++) {
				char word[9];
				memcpy(word, f[5] + 8 * k, 8);
				word[8] = '\0';
				sig[k] = (uint32_t)strtoul(word, NULL, 16);
			}
			c.category_name = n >= 7 ? opt(f[6]) : NULL;
			error = ds__report_add_case(r, (size_t)idx, &c, have ? sig : NULL);
		} else if (line[0] == 'X' && n >= 17 && idx >= 0) {
			const char *msg[2] = {f[2], f[4]}, *hint[2] = {f[3], f[5]};
			ds_location l = DS_LOCATION_INIT;
			l.part = (ds_part)atoi(f[6]);
			l.paragraph = strtoull(f[7], NULL, 10);
			l.excerpt = opt(f[8]);
			l.case_index = strtoull(f[9], NULL, 10);
			l.case_title = opt(f[10]);
			l.in_table = atoi(f[11]) != 0;
			l.table = (uint32_t)strtoul(f[12], NULL, 10);
			l.row = (uint32_t)strtoul(f[13], NULL, 10);
			l.col = (uint32_t)strtoul(f[14], NULL, 10);
			l.sheet = opt(f[15]);
			l.cell = opt(f[16]);
			error = ds__report_emit(r, (size_t)idx, f[0], (ds_severity)atoi(f[1]), msg, hint, &l);
			if (!error && n >= 18)
				r->files[idx].findings[r->files[idx].n - 1].count = strtoull(f[17], NULL, 10);
		}
	}
	if (idx >= 0 && ds__report_finish_file(r, (size_t)idx) < 0 && !error)
		error = DS_ENOMEM;
	free(copy);
	return error;
}

void ds__report_abandon(ds_report *r, size_t idx)
{
	static const char *msg[2] = {"The file could not be fully checked: the checker ran out of memory.",
				     "内存不足，未能完整检查该文件。"};
	static const char *hint[2] = {"Check it again alone, or with a larger --max-memory.",
				      "请单独重新检查该文件，或用更大的 --max-memory。"};
	r->files[idx].unread = true; /* its status is error, whatever was found */
	ds__report_emit(r, idx, "internal.memory", DS_SEV_ERROR, msg, hint, NULL); /* (as far as memory allows) */
}

int ds__report_internal(ds_report *r, const char *path, const char *format, const char *rule, const char *msg[2],
			const char *hint[2])
{
	int idx = ds__report_add_file(r, path, format, true);
	if (idx < 0)
		return idx;
	int error = ds__report_emit(r, (size_t)idx, rule, DS_SEV_ERROR, msg, hint, NULL);
	if (ds__report_finish_file(r, (size_t)idx) < 0 && !error)
		error = DS_ENOMEM;
	return error;
}

DS_API int ds_report_merge(ds_report *into, const ds_report *from)
{
	int error = 0;
	for (size_t i = 0; i < from->n_files && !error; i++) {
		ds__buf b = {0};
		error = ds__report_serialize(from, i, &b);
		if (!error)
			error = ds__report_deserialize(into, b.p, b.len);
		ds__buf_free(&b);
	}
	return error;
}

DS_API size_t ds_report_file_count(const ds_report *r)
{
	return r->n_files;
}

DS_API const char *ds_report_file_status(const ds_report *r, size_t i)
{
	return i < r->n_files ? status_name[r->files[i].status] : NULL;
}
