/*
 * collect.c - the collection: a check's files grouped into submissions
 * (what one unit sent), and the profile's <collection> rules run over them
 * in the parent process, through the ds_collect_* API of plugin.h.
 *
 * A submission is, under a checked folder, each entry of its top level (a
 * folder, an archive, an e-mail, a document on its own); for a checked
 * archive or e-mail, that container; for a mailbox (mbox, IMAP folder),
 * each of its messages.  Its files are the documents and containers in
 * it, in report order.  Its name is the 报送单位 its files give (the most
 * frequent), else the folder's or archive's name, else the e-mail's sender.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "report/report.h"
#include "rules/engine.h"

#define MAX_RELATED 64

struct ds_collect_ctx {
	ds_engine *engine;
	ds_report *report;
	const ds__bound *rule;
	place related[MAX_RELATED]; /* what the next finding points at */
	size_t n_related;
};

static bool is_box(const char *format)
{
	return !strcmp(format, "mbox") || !strcmp(format, "imap");
}

static bool is_container(const char *format)
{
	static const char *const f[] = {"zip", "rar", "7z",  "tar", "tar.gz", "tar.bz2", "tar.xz", "gz",
					"bz2", "xz",  "eml", "msg", "mbox",   "imap",    "archive"};
	for (size_t i = 0; i < sizeof f / sizeof *f; i++)
		if (!strcmp(format, f[i]))
			return true;
	return false;
}

/* The entries in path order (r->by_path), for entry_at: grouping fifty
 * thousand files must not compare each with each. */
static _Thread_local const ds_report *sorting;

static int cmp_path(const void *a, const void *b)
{
	return strcmp(sorting->files[*(const size_t *)a].path, sorting->files[*(const size_t *)b].path);
}

static int index_paths(ds_report *r)
{
	free(r->by_path);
	if (!(r->by_path = malloc((r->n_files ? r->n_files : 1) * sizeof *r->by_path)))
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	for (size_t i = 0; i < r->n_files; i++)
		r->by_path[i] = i;
	sorting = r;
	qsort(r->by_path, r->n_files, sizeof *r->by_path, cmp_path);
	return 0;
}

/* The entry at path (its first len bytes), or -1. */
static long entry_at(const ds_report *r, const char *path, size_t len)
{
	if (!r->by_path) { /* (no index yet: look through) */
		for (size_t i = 0; i < r->n_files; i++)
			if (strlen(r->files[i].path) == len && !strncmp(r->files[i].path, path, len))
				return (long)i;
		return -1;
	}
	size_t lo = 0, hi = r->n_files;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *p = r->files[r->by_path[mid]].path;
		int c = strncmp(p, path, len);
		if (!c)
			c = p[len] ? 1 : 0; /* (longer than the key: after it) */
		if (!c)
			return (long)r->by_path[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* How long the key of the submission holding path is, from `from` on (the
 * first component: up to a '/' or a "!/"); a mailbox's messages go one
 * component further.  0: path is a mailbox itself, no submission's. */
static size_t key_length(const ds_report *r, const char *path, size_t from)
{
	const char *p = path + from, *slash = strchr(p, '/'), *bang = strstr(p, "!/");
	const char *end = slash && (!bang || slash < bang) ? slash : bang;
	size_t len = end ? (size_t)(end - path) : strlen(path);
	long box = entry_at(r, path, len);
	if (box < 0 || !is_box(r->files[box].format))
		return len;
	if (!path[len]) /* the mailbox's own entry */
		return 0;
	const char *next = strstr(path + len + 2, "!/");
	return next ? (size_t)(next - path) : strlen(path);
}

/* The submission's key for file i given the roots, into *len (0: none). */
static const char *key_of(const ds_report *r, size_t i, const char *const *roots, size_t n, size_t *len)
{
	const char *path = r->files[i].path;
	for (size_t k = 0; k < n; k++) {
		size_t rl = strlen(roots[k]);
		while (rl > 1 && roots[k][rl - 1] == '/')
			rl--;
		if (strncmp(path, roots[k], rl))
			continue;
		if (path[rl] == '/') { /* under a checked folder: its top level */
			*len = key_length(r, path, rl + 1);
			return path;
		}
		if (path[rl] && strncmp(path + rl, "!/", 2) && strncmp(path + rl, ";UID=", 5))
			continue;
		/* a checked archive or e-mail; a mailbox's (mbox, IMAP folder)
		 * messages, box!/N or address;UID=N */
		long own = entry_at(r, path, rl);
		if (own < 0 || !is_box(r->files[own].format)) {
			*len = rl;
		} else if (!path[rl]) {
			*len = 0;
		} else {
			const char *next = strstr(path + rl + 2, "!/");
			*len = next ? (size_t)(next - path) : strlen(path);
		}
		return path;
	}
	const char *bang = strstr(path, "!/");
	*len = bang ? (size_t)(bang - path) : strlen(path);
	return path;
}

static int add_submission(ds_report *r, const char *key, size_t len)
{
	if (ds__grow((void **)&r->subs, &r->cap_subs, r->n_subs, sizeof *r->subs) < 0)
		return DS_ENOMEM;
	submission *s = &r->subs[r->n_subs];
	memset(s, 0, sizeof *s);
	char *copy = strndup(key, len);
	s->source = copy ? ds__report_dup(r, copy) : NULL;
	free(copy);
	if (!s->source)
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	r->n_subs++;
	return 0;
}

/* A name for s when no file names its unit: the folder's or archive's
 * base name without its extension, or an e-mail's sender. */
static const char *fallback_name(ds_report *r, const submission *s)
{
	long own = entry_at(r, s->source, strlen(s->source));
	if (own >= 0 && r->files[own].from && *r->files[own].from) {
		char name[256];
		const char *from = r->files[own].from, *lt = strchr(from, '<');
		size_t n = lt && lt > from ? (size_t)(lt - from) : strlen(from);
		while (n && from[n - 1] == ' ')
			n--;
		snprintf(name, sizeof name, "%.*s", (int)n, from);
		return ds__report_dup(r, *name ? name : from);
	}
	const char *slash = strrchr(s->source, '/');
	char name[512];
	snprintf(name, sizeof name, "%s", slash ? slash + 1 : s->source);
	char *dot = own >= 0 ? strrchr(name, '.') : NULL;
	if (dot && dot != name) { /* a file: its extension off (both of a .tar.gz) */
		*dot = '\0';
		char *tar = strrchr(name, '.');
		if (tar && tar != name && !strcasecmp(tar, ".tar"))
			*tar = '\0';
	}
	return ds__report_dup(r, name);
}

/* The unit most of s's files name (contact.org), or NULL. */
static const char *named_unit(const ds_report *r, const submission *s)
{
	const char *best = NULL;
	size_t best_n = 0;
	for (size_t i = 0; i < s->n_files; i++) {
		const char *v = ds__report_fact(r, s->files[i], "contact.org");
		if (!v || !*v)
			continue;
		size_t n = 0;
		for (size_t k = 0; k < s->n_files; k++) {
			const char *w = ds__report_fact(r, s->files[k], "contact.org");
			n += w && !strcmp(v, w);
		}
		if (n > best_n)
			best = v, best_n = n;
	}
	return best;
}

/* Is the check a collection at all: a root that is a folder (no entry of
 * its own), or a container (what it holds has entries, or its format says
 * so; a "zip" alone may be a damaged document)? */
static bool is_collection(const ds_report *r, const char *const *roots, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		size_t len = strlen(roots[k]);
		long own = entry_at(r, roots[k], len);
		if (own < 0 || (is_container(r->files[own].format) && strcmp(r->files[own].format, "zip")))
			return true;
		for (size_t i = 0; i < r->n_files; i++)
			if (!strncmp(r->files[i].path, roots[k], len) && !strncmp(r->files[i].path + len, "!/", 2))
				return true;
	}
	return false;
}

/* A document on its own at a folder's top level: its unit as compared
 * (spaces out), or NULL. */
static const char *loose_unit(const ds_report *r, const submission *s, char *out, size_t size)
{
	if (s->n_files != 1 || strcmp(r->files[s->files[0]].path, s->source) ||
	    is_container(r->files[s->files[0]].format))
		return NULL;
	const char *v = ds__report_fact(r, s->files[0], "contact.org");
	size_t o = 0;
	for (const char *p = v ? v : ""; *p && o + 1 < size; p++)
		if (*p != ' ' && *p != '\t')
			out[o++] = *p;
	out[o] = '\0';
	return o ? out : NULL;
}

typedef struct loose {
	const char *unit;
	size_t sub;
} loose;

static int by_unit(const void *a, const void *b)
{
	const loose *x = a, *y = b;
	int c = strcmp(x->unit, y->unit);
	return c ? c : x->sub < y->sub ? -1 : x->sub > y->sub;
}

/* Documents saved loose in one folder (an inbox's attachments, saved side
 * by side) that name the same unit are what that unit sent: one
 * submission (the first one's), not one per file.  Sorted by unit: the
 * cost grows with the files times log. */
static int merge_loose(ds_report *r)
{
	loose *v = malloc((r->n_subs ? r->n_subs : 1) * sizeof *v);
	bool *gone = calloc(r->n_subs ? r->n_subs : 1, sizeof *gone);
	if (!v || !gone) {
		free(v);
		free(gone);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	size_t n = 0;
	int error = 0;
	for (size_t s = 0; s < r->n_subs && !error; s++) {
		char unit[512];
		if (!loose_unit(r, &r->subs[s], unit, sizeof unit))
			continue;
		v[n].unit = ds__report_dup(r, unit);
		v[n].sub = s;
		error = v[n++].unit ? 0 : DS_ENOMEM;
	}
	if (n)
		qsort(v, n, sizeof *v, by_unit);
	for (size_t i = 0, j; i < n && !error; i = j) {
		submission *into = &r->subs[v[i].sub];
		for (j = i + 1; j < n && !strcmp(v[j].unit, v[i].unit) && !error; j++) {
			submission *from = &r->subs[v[j].sub];
			error = ds__grow((void **)&into->files, &into->cap_files, into->n_files, sizeof *into->files);
			if (error)
				break;
			into->files[into->n_files++] = from->files[0];
			if (from->status > into->status)
				into->status = from->status;
			gone[v[j].sub] = true;
		}
	}
	size_t o = 0;
	for (size_t s = 0; s < r->n_subs; s++) {
		if (gone[s]) {
			free(r->subs[s].files);
			continue;
		}
		r->subs[o++] = r->subs[s];
	}
	r->n_subs = o;
	free(v);
	free(gone);
	return error ? ds__error_set(DS_ENOMEM, "%s", _("out of memory")) : 0;
}

static int group(ds_report *r, const char *const *roots, size_t n)
{
	for (size_t i = 0; i < r->n_files; i++) {
		size_t len;
		const char *key = key_of(r, i, roots, n, &len);
		if (!len)
			continue; /* a mailbox: its messages are the submissions */
		/* files come in path order: mostly the last submission's */
		size_t s = r->n_subs && strlen(r->subs[r->n_subs - 1].source) == len &&
					   !strncmp(r->subs[r->n_subs - 1].source, key, len)
				   ? r->n_subs - 1
				   : 0;
		while (s < r->n_subs && (strlen(r->subs[s].source) != len || strncmp(r->subs[s].source, key, len)))
			s++;
		if (s == r->n_subs && add_submission(r, key, len) < 0)
			return DS_ENOMEM;
		submission *sub = &r->subs[s];
		if (ds__grow((void **)&sub->files, &sub->cap_files, sub->n_files, sizeof *sub->files) < 0)
			return DS_ENOMEM;
		sub->files[sub->n_files++] = i;
		if (r->files[i].status > sub->status)
			sub->status = r->files[i].status;
	}
	if (merge_loose(r) < 0)
		return DS_ENOMEM;
	for (size_t s = 0; s < r->n_subs; s++) {
		const char *name = named_unit(r, &r->subs[s]);
		r->subs[s].name = name ? name : fallback_name(r, &r->subs[s]);
		if (!r->subs[s].name)
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	return 0;
}

/* Every file one submission (what one unit uploaded together). */
static int one_submission(ds_report *r)
{
	if (add_submission(r, r->files[0].path, strlen(r->files[0].path)) < 0)
		return DS_ENOMEM;
	submission *sub = &r->subs[0];
	for (size_t i = 0; i < r->n_files; i++) {
		if (ds__grow((void **)&sub->files, &sub->cap_files, sub->n_files, sizeof *sub->files) < 0)
			return DS_ENOMEM;
		sub->files[sub->n_files++] = i;
		if (r->files[i].status > sub->status)
			sub->status = r->files[i].status;
	}
	const char *name = named_unit(r, sub);
	sub->name = name ? name : fallback_name(r, sub);
	return sub->name ? 0 : ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
}

DS_API int ds_report_collect(ds_report *r, ds_engine *e, const char *const *roots, size_t n)
{
	bool rules = false; /* a profile with no rule over the collection (a thesis's) has none */
	for (size_t i = 0; i < e->n_rules; i++)
		rules = rules || e->rules[i].collect;
	if (r->collected || !rules || (roots && !is_collection(r, roots, n)) || !r->n_files)
		return 0;
	r->collected = true;
	int error = index_paths(r);
	if (!error)
		error = roots ? group(r, roots, n) : one_submission(r);
	free(r->by_path);
	r->by_path = NULL;
	ds_collect_ctx c = {e, r, NULL};
	bool timings = getenv("DOCSCREEN_TIMINGS") != NULL; /* (bench/dups: what each rule costs) */
	for (size_t i = 0; i < e->n_rules && !error; i++) {
		const ds__bound *b = &e->rules[i];
		if (!b->collect)
			continue;
		c.rule = b;
		c.n_related = 0;
		ds__params_missed();
		struct timespec t0, t1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		int rc = b->collect(&c);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		if (timings)
			fprintf(stderr, "docscreen: collection rule %s: %.1f ms over %zu submissions\n", b->id,
				(double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6,
				r->n_subs);
		if (rc < 0) {
			char en[512], zh[512];
			snprintf(en, sizeof en, "The collection rule %s failed: %s", b->id, ds_error_last());
			snprintf(zh, sizeof zh, "汇总规则 %s 运行失败：%s", b->id, ds_error_last());
			const char *msg[2] = {en, zh}, *hint[2] = {"Report this to whoever runs docscreen.",
								   "请告知 docscreen 的维护人员。"};
			for (size_t s = 0; s < r->n_subs && !error; s++)
				error = ds__report_emit_submission(r, s, "internal.rule", DS_SEV_ERROR, msg, hint);
		}
	}
	return error;
}

DS_API size_t ds_report_submission_count(const ds_report *r)
{
	return r->n_subs;
}

DS_API const char *ds_report_submission_status(const ds_report *r, size_t i)
{
	return i < r->n_subs ? ds__status_names[r->subs[i].status] : NULL;
}

/* ------------------------------------------------------------ the API */

static const file *file_of(const ds_collect_ctx *c, size_t s, size_t f)
{
	if (s >= c->report->n_subs || f >= c->report->subs[s].n_files)
		return NULL;
	return &c->report->files[c->report->subs[s].files[f]];
}

DS_API const ds_params *ds_collect_params(const ds_collect_ctx *c)
{
	return &c->rule->params;
}

DS_API size_t ds_collect_submissions(const ds_collect_ctx *c)
{
	return c->report->n_subs;
}

DS_API const char *ds_collect_submission_name(const ds_collect_ctx *c, size_t s)
{
	return s < c->report->n_subs ? c->report->subs[s].name : NULL;
}

DS_API const char *ds_collect_submission_source(const ds_collect_ctx *c, size_t s)
{
	return s < c->report->n_subs ? c->report->subs[s].source : NULL;
}

DS_API size_t ds_collect_files(const ds_collect_ctx *c, size_t s)
{
	return s < c->report->n_subs ? c->report->subs[s].n_files : 0;
}

DS_API const char *ds_collect_file_path(const ds_collect_ctx *c, size_t s, size_t f)
{
	const file *x = file_of(c, s, f);
	return x ? x->path : NULL;
}

DS_API const char *ds_collect_file_format(const ds_collect_ctx *c, size_t s, size_t f)
{
	const file *x = file_of(c, s, f);
	return x ? x->format : NULL;
}

DS_API bool ds_collect_file_read(const ds_collect_ctx *c, size_t s, size_t f)
{
	const file *x = file_of(c, s, f);
	return x && !x->unread;
}

DS_API const char *ds_collect_file_fact(const ds_collect_ctx *c, size_t s, size_t f, const char *key)
{
	return file_of(c, s, f) ? ds__report_fact(c->report, c->report->subs[s].files[f], key) : NULL;
}

DS_API size_t ds_collect_cases(const ds_collect_ctx *c, size_t s, size_t f)
{
	const file *x = file_of(c, s, f);
	return x ? x->n_cases : 0;
}

static const rcase *case_of(const ds_collect_ctx *c, size_t s, size_t f, size_t k)
{
	const file *x = file_of(c, s, f);
	return x && k < x->n_cases ? &x->cases[k] : NULL;
}

DS_API const char *ds_collect_case_title(const ds_collect_ctx *c, size_t s, size_t f, size_t k)
{
	const rcase *x = case_of(c, s, f, k);
	return x ? x->title : NULL;
}

DS_API const char *ds_collect_case_category(const ds_collect_ctx *c, size_t s, size_t f, size_t k)
{
	const rcase *x = case_of(c, s, f, k);
	return x ? x->category : NULL;
}

DS_API uint64_t ds_collect_case_words(const ds_collect_ctx *c, size_t s, size_t f, size_t k)
{
	const rcase *x = case_of(c, s, f, k);
	return x ? x->words : 0;
}

DS_API const uint32_t *ds_collect_case_signature(const ds_collect_ctx *c, size_t s, size_t f, size_t k, size_t *n)
{
	const rcase *x = case_of(c, s, f, k);
	*n = x && x->sig ? DS__SIG : 0;
	return x ? x->sig : NULL;
}

DS_API int ds_collect_refer(ds_collect_ctx *c, size_t s, size_t f, size_t k)
{
	const file *x = file_of(c, s, f);
	if (!x || (k != SIZE_MAX && k >= x->n_cases))
		return ds__error_set(DS_ERROR, "rule %s: no submission %zu file %zu case %zu", c->rule->id, s, f, k);
	if (c->n_related < MAX_RELATED)
		c->related[c->n_related++] = (place){c->report->subs[s].files[f], k == SIZE_MAX ? 0 : k + 1};
	return 0;
}

/* A finding on submission s or its file f (case k, or SIZE_MAX), pointing
 * at what ds_collect_refer named since the last one. */
static int emit(ds_collect_ctx *c, size_t s, size_t f, size_t k, const char *key, va_list ap)
{
	ds_report *r = c->report;
	size_t n_related = c->n_related;
	c->n_related = 0;
	if (s >= r->n_subs || (f != SIZE_MAX && f >= r->subs[s].n_files) ||
	    (k != SIZE_MAX && (f == SIZE_MAX || k >= r->files[r->subs[s].files[f]].n_cases)))
		return ds__error_set(DS_ERROR, "rule %s: no submission %zu file %zu case %zu", c->rule->id, s, f, k);
	ds__buf out[4] = {{0}};
	const char *msg[2], *hint[2];
	int sev;
	int error = ds__render(c->rule, key, ap, &sev, msg, hint, out);
	finding *x = NULL;
	if (!error && f == SIZE_MAX) {
		error = ds__report_emit_submission(r, s, c->rule->id, (ds_severity)sev, msg, hint);
		x = error ? NULL : &r->subs[s].findings[r->subs[s].n - 1];
	} else if (!error) { /* on the file: its status counts it, and so the submission's */
		size_t idx = r->subs[s].files[f];
		ds_location loc = DS_LOCATION_INIT;
		if (k != SIZE_MAX) {
			loc.case_index = r->files[idx].cases[k].index;
			loc.case_title = r->files[idx].cases[k].title;
		}
		error = ds__report_emit(r, idx, c->rule->id, (ds_severity)sev, msg, hint, &loc);
		x = error ? NULL : &r->files[idx].findings[r->files[idx].n - 1];
	}
	if (x && n_related) {
		x->related = ds__arena_alloc(&r->arena, n_related * sizeof *x->related);
		if (x->related) {
			memcpy(x->related, c->related, n_related * sizeof *x->related);
			x->n_related = n_related;
		} else {
			error = DS_ENOMEM;
		}
	}
	if (!error && f != SIZE_MAX) { /* (which orders the file's findings: x moves) */
		size_t idx = r->subs[s].files[f];
		error = ds__report_finish_file(r, idx);
		if (!error && r->files[idx].status > r->subs[s].status)
			r->subs[s].status = r->files[idx].status;
	}
	for (int i = 0; i < 4; i++)
		ds__buf_free(&out[i]);
	return error;
}

DS_API int ds_collect_emit(ds_collect_ctx *c, size_t s, size_t f, const char *key, ...)
{
	va_list ap;
	va_start(ap, key);
	int error = emit(c, s, f, SIZE_MAX, key, ap);
	va_end(ap);
	return error;
}

DS_API int ds_collect_emit_case(ds_collect_ctx *c, size_t s, size_t f, size_t k, const char *key, ...)
{
	va_list ap;
	va_start(ap, key);
	int error = emit(c, s, f, k, key, ap);
	va_end(ap);
	return error;
}
