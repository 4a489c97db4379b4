/*
 * params.c - a profile's values bound to a rule's typed parameters (int,
 * number, bool, string, lists, groups, patterns), the ds_params_* lookups
 * rules use, and PCRE2 patterns compiled once with match and depth limits
 * (JIT-compiled on first use).  A lookup of a name the rule does not
 * declare is the rule's failure (ds__params_missed), never a silent 0.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "internal.h"

/* -------------------------------------------------------------- patterns */

int ds__pattern_compile(ds_pattern **out, const char *src, const char *where, ds__arena *a)
{
	/* leading (*LIMIT_…) verbs would lift the limits set below */
	for (const char *p = src; p[0] == '(' && p[1] == '*';) {
		if (!strncmp(p, "(*LIMIT_", 8))
			return ds__error_set(DS_EPROFILE,
					     _("%s: the pattern '%s' starts with a (*LIMIT_...) verb, "
					       "which profiles may not use"),
					     where, src);
		const char *e = strchr(p, ')');
		if (!e)
			break;
		p = e + 1;
	}
	int code;
	PCRE2_SIZE offset;
	pcre2_code *re = pcre2_compile((PCRE2_SPTR)src, PCRE2_ZERO_TERMINATED,
				       PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_UCP | PCRE2_NEVER_BACKSLASH_C, &code,
				       &offset, NULL);
	if (!re) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(code, msg, sizeof msg);
		return ds__error_set(DS_EPROFILE, _("%s: the pattern '%s' is not valid at offset %zu: %s"), where, src,
				     (size_t)offset, (const char *)msg);
	}
	ds_pattern *p = ds__arena_alloc(a, sizeof *p);
	if (!p) {
		pcre2_code_free(re);
		return DS_ENOMEM;
	}
	p->code = re;
	p->jit = false;
	p->source = ds__arena_strndup(a, src, strlen(src));
	*out = p;
	return 0;
}

void ds__pattern_free(ds_pattern *p)
{
	if (p)
		pcre2_code_free(p->code);
}

static _Thread_local pcre2_match_context *match_ctx;

DS_API bool ds_pattern_match(const ds_pattern *pat, const char *subject, size_t len, size_t start_at, size_t *start,
			     size_t *end)
{
	if (!pat || start_at > len)
		return false;
	if (!match_ctx) {
		match_ctx = pcre2_match_context_create(NULL);
		if (!match_ctx) /* out of memory is told, not taken for "no match" */
			return ds__error_set(DS_ENOMEM, "%s", _("out of memory")), false;
		pcre2_set_match_limit(match_ctx, 1000000);
		pcre2_set_depth_limit(match_ctx, 10000);
		pcre2_set_heap_limit(match_ctx, 20 * 1024); /* KiB */
	}
	if (!pat->jit) {
		/* JIT-compile on first use, so that patterns a run never needs cost
		 * nothing at start-up.  Optional: without it (or with DOCSCREEN_NO_JIT,
		 * e.g. under valgrind, which cannot follow JIT code) PCRE2 interprets. */
		ds_pattern *p = (ds_pattern *)pat;
		p->jit = true;
		if (!getenv("DOCSCREEN_NO_JIT"))
			pcre2_jit_compile(p->code, PCRE2_JIT_COMPLETE);
	}
	/* one pair is all a caller sees: a match with more groups reports 0
	 * ("ovector too small") and still fills the first pair */
	static __thread pcre2_match_data *md;
	if (!md && !(md = pcre2_match_data_create(1, NULL)))
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory")), false;
	int rc = pcre2_match(pat->code, (PCRE2_SPTR)subject, len, start_at, 0, md, match_ctx);
	if (rc == PCRE2_ERROR_NOMEMORY)
		ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	bool hit = rc >= 0;
	if (hit) {
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
		if (start)
			*start = ov[0];
		if (end)
			*end = ov[1];
	}
	return hit;
}

DS_API const char *ds_pattern_source(const ds_pattern *pat)
{
	return pat ? pat->source : "";
}

/* ------------------------------------------------------------ parameters */

struct ds__pval {
	const ds_param_def *def;
	long long i;
	double d;
	bool b;
	const char *s;
	const char **list;
	size_t n;
	ds_pattern **pats;
	ds_params *groups;
};

static const char *type_name(ds_param_type t)
{
	switch (t) {
	case DS_PARAM_INT: return "an integer";
	case DS_PARAM_NUMBER: return "a number";
	case DS_PARAM_BOOL: return "a boolean (true or false)";
	case DS_PARAM_STRING: return "a string";
	case DS_PARAM_STRINGS: return "a list of <item>s";
	case DS_PARAM_PATTERN: return "a pattern";
	case DS_PARAM_PATTERNS: return "a list of <item> patterns";
	case DS_PARAM_GROUP: return "a list of <group>s";
	}
	return "?";
}

static int bad_type(const char *file, int line, const char *rule, const ds_param_def *d, const char *v)
{
	return ds__error_set(DS_EPROFILE, _("%s:%d: parameter '%s' of rule %s expects %s, not '%s'"), file, line,
			     d->name, rule, type_name(d->type), v ? v : "");
}

/* Split a default list ("a\nb") into items. */
static size_t split_default(ds__arena *a, const char *text, const char ***out)
{
	size_t n = 0;
	for (const char *p = text; *p; p++)
		n += *p == '\n';
	n += *text ? 1 : 0;
	const char **items = ds__arena_alloc(a, (n ? n : 1) * sizeof *items);
	if (!items)
		return 0;
	size_t k = 0;
	for (const char *p = text; *p && k < n;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		items[k++] = ds__arena_strndup(a, p, len);
		p += len + (e ? 1 : 0);
	}
	*out = items;
	return k;
}

static int bind_one(struct ds__pval *v, const ds_param_def *d, const ds__raw *raw, const char *rule, const char *file,
		    int line, ds__arena *a)
{
	if (raw)
		line = raw->line;
	if (raw && raw->shared)
		raw = raw->shared; /* from="other.rule": errors still point here */
	const char *text = raw ? raw->text : d->default_value;
	const char **items = NULL;
	size_t n_items = 0;
	char where[512];
	v->def = d;
	snprintf(where, sizeof where, "%s:%d: rule %s, parameter '%s'", file, line, rule, d->name);
	bool list = d->type == DS_PARAM_STRINGS || d->type == DS_PARAM_PATTERNS;
	if (raw && raw->kind == RAW_GROUPS && d->type != DS_PARAM_GROUP)
		return bad_type(file, line, rule, d, "<group>");
	if (raw && raw->kind == RAW_ITEMS && !list)
		return bad_type(file, line, rule, d, "<item>");
	if (d->type == DS_PARAM_GROUP) {
		if (raw && raw->kind != RAW_GROUPS && raw->text && *raw->text)
			return bad_type(file, line, rule, d, raw->text);
		size_t ng = raw ? raw->n_groups : 0;
		v->n = ng;
		v->groups = ds__arena_alloc(a, (ng ? ng : 1) * sizeof *v->groups);
		if (!v->groups)
			return DS_ENOMEM;
		for (size_t g = 0; g < ng; g++) {
			int error = ds__params_bind(&v->groups[g], d->fields, raw->groups[g].params, raw->groups[g].n,
						    rule, file, raw->groups[g].line, a);
			if (error < 0)
				return error;
		}
		return 0;
	}
	if (list) {
		if (raw && raw->kind == RAW_ITEMS) {
			items = raw->items;
			n_items = raw->n_items;
		} else if (text && *text) {
			n_items = split_default(a, text, &items);
		}
		v->n = n_items;
		v->list = ds__arena_alloc(a, (n_items ? n_items : 1) * sizeof *v->list);
		if (!v->list)
			return DS_ENOMEM;
		if (n_items)
			memcpy(v->list, items, n_items * sizeof *items);
		if (d->type == DS_PARAM_PATTERNS) {
			v->pats = ds__arena_alloc(a, (n_items ? n_items : 1) * sizeof *v->pats);
			if (!v->pats)
				return DS_ENOMEM;
			memset(v->pats, 0, (n_items ? n_items : 1) * sizeof *v->pats);
			for (size_t k = 0; k < n_items; k++) {
				int error = ds__pattern_compile(&v->pats[k], items[k], where, a);
				if (error < 0)
					return error;
			}
		}
		return 0;
	}
	if (!text) {
		v->s = "";
		return 0;
	}
	v->s = text;
	char *end;
	errno = 0;
	switch (d->type) {
	case DS_PARAM_INT:
		v->i = strtoll(text, &end, 10);
		if (end == text || *end || errno)
			return bad_type(file, line, rule, d, text);
		v->d = (double)v->i;
		break;
	case DS_PARAM_NUMBER:
		v->d = strtod(text, &end);
		if (end == text || *end || errno || !isfinite(v->d))
			return bad_type(file, line, rule, d, text);
		break;
	case DS_PARAM_BOOL:
		if (!strcmp(text, "true") || !strcmp(text, "1") || !strcmp(text, "yes"))
			v->b = true;
		else if (!strcmp(text, "false") || !strcmp(text, "0") || !strcmp(text, "no"))
			v->b = false;
		else
			return bad_type(file, line, rule, d, text);
		break;
	case DS_PARAM_PATTERN:
		v->pats = ds__arena_alloc(a, sizeof *v->pats);
		if (!v->pats)
			return DS_ENOMEM;
		*v->pats = NULL;
		v->n = 1;
		if (*text)
			return ds__pattern_compile(&v->pats[0], text, where, a);
		v->n = 0;
		break;
	default: break;
	}
	return 0;
}

int ds__params_bind(ds_params *out, const ds_param_def *defs, const ds__raw *raw, size_t n_raw, const char *rule,
		    const char *file, int line, ds__arena *a)
{
	size_t n = 0;
	for (const ds_param_def *d = defs; d && d->name; d++)
		n++;
	out->n = n;
	out->v = ds__arena_alloc(a, (n ? n : 1) * sizeof *out->v);
	if (!out->v)
		return DS_ENOMEM;
	memset(out->v, 0, (n ? n : 1) * sizeof *out->v);
	for (size_t k = 0; k < n_raw; k++) {
		bool known = false;
		for (size_t i = 0; i < n && !known; i++)
			known = !strcmp(defs[i].name, raw[k].name);
		if (!known) {
			char names[512] = "";
			for (size_t i = 0; i < n; i++)
				snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
					 defs[i].name);
			return ds__error_set(DS_EPROFILE, _("%s:%d: rule %s has no parameter '%s' (it has: %s)"), file,
					     raw[k].line, rule, raw[k].name, n ? names : "none");
		}
	}
	for (size_t i = 0; i < n; i++) {
		const ds__raw *r = NULL;
		for (size_t k = 0; k < n_raw; k++)
			if (!strcmp(defs[i].name, raw[k].name))
				r = &raw[k];
		int error = bind_one(&out->v[i], &defs[i], r, rule, file, line, a);
		if (error < 0)
			return error;
	}
	return 0;
}

void ds__params_release(ds_params *p)
{
	for (size_t i = 0; p && i < p->n; i++) {
		struct ds__pval *v = &p->v[i];
		if (!v->def)
			continue;
		if (v->def->type == DS_PARAM_GROUP)
			for (size_t g = 0; g < v->n; g++)
				ds__params_release(&v->groups[g]);
		else if (v->pats)
			for (size_t k = 0; k < v->n; k++)
				ds__pattern_free(v->pats[k]);
	}
}

/* The first name a rule asked for and does not declare, since the last
 * ds__params_missed() (per thread: a rule runs on one). */
static _Thread_local const char *missed;

const char *ds__params_missed(void)
{
	const char *m = missed;
	missed = NULL;
	return m;
}

static const struct ds__pval *find(const ds_params *p, const char *name)
{
	/* a plugin mostly asks with the very string of its definition: rules
	 * look parameters up in their inner loops */
	for (size_t i = 0; p && i < p->n; i++)
		if (p->v[i].def && p->v[i].def->name == name)
			return &p->v[i];
	for (size_t i = 0; p && i < p->n; i++)
		if (p->v[i].def && !strcmp(p->v[i].def->name, name))
			return &p->v[i];
	if (!missed)
		missed = name; /* a misspelt name: the rule's failure, not a silent 0 */
	return NULL;
}

DS_API long long ds_params_int(const ds_params *p, const char *name)
{
	const struct ds__pval *v = find(p, name);
	return v ? v->i : 0;
}

DS_API double ds_params_number(const ds_params *p, const char *name)
{
	const struct ds__pval *v = find(p, name);
	return v ? v->d : 0;
}

DS_API bool ds_params_bool(const ds_params *p, const char *name)
{
	const struct ds__pval *v = find(p, name);
	return v && v->b;
}

DS_API const char *ds_params_string(const ds_params *p, const char *name)
{
	const struct ds__pval *v = find(p, name);
	return v && v->s ? v->s : "";
}

DS_API size_t ds_params_count(const ds_params *p, const char *name)
{
	const struct ds__pval *v = find(p, name);
	return v ? v->n : 0;
}

DS_API const char *ds_params_string_at(const ds_params *p, const char *name, size_t i)
{
	const struct ds__pval *v = find(p, name);
	return v && v->list && i < v->n ? v->list[i] : NULL;
}

DS_API const ds_pattern *ds_params_pattern(const ds_params *p, const char *name)
{
	const struct ds__pval *v = find(p, name);
	return v && v->pats && v->n ? v->pats[0] : NULL;
}

DS_API const ds_pattern *ds_params_pattern_at(const ds_params *p, const char *name, size_t i)
{
	const struct ds__pval *v = find(p, name);
	return v && v->pats && i < v->n ? v->pats[i] : NULL;
}

DS_API const ds_params *ds_params_group_at(const ds_params *p, const char *name, size_t i)
{
	const struct ds__pval *v = find(p, name);
	return v && v->groups && i < v->n ? &v->groups[i] : NULL;
}
