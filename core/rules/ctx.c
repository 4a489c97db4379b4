/*
 * ctx.c - what a rule is given while it checks one file (plugin.h's
 * ds_ctx_*): the document, its cases, the rule's parameters, shared state
 * per plugin, locations, and ds_ctx_emit, which turns a message key and
 * values into a finding with the profile's texts and severity.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "report/report.h"

/* A message's severity: the profile's for that message, else the profile's
 * for the rule, else the plugin's; *ov is the profile's override or NULL. */
int ds__message_severity(const ds__bound *b, const ds_message_def *md, const ds__msg **ov)
{
	*ov = NULL;
	for (size_t i = 0; i < b->n_msgs; i++)
		if (!strcmp(b->msgs[i].key, md->key))
			*ov = &b->msgs[i];
	if (*ov && (*ov)->severity >= 0)
		return (*ov)->severity;
	return b->severity >= 0 ? b->severity : (int)md->severity;
}

DS_API const ds_doc *ds_ctx_doc(const ds_rule_ctx *c)
{
	return c->doc;
}

DS_API void *ds_ctx_shared(ds_rule_ctx *c, size_t size, bool *fresh)
{
	*fresh = false;
	if (!c->shared && !(c->shared = calloc(c->engine->n_plugins, sizeof *c->shared)))
		return NULL;
	void **slot = &c->shared[c->rule->plugin];
	if (!*slot)
		*fresh = (*slot = calloc(1, size ? size : 1)) != NULL;
	return *slot;
}
DS_API int ds_ctx_open_error(const ds_rule_ctx *c)
{
	return c->open_error;
}
DS_API const char *ds_ctx_open_message(const ds_rule_ctx *c)
{
	return c->open_message;
}
DS_API const char *ds_ctx_open_limit(const ds_rule_ctx *c)
{
	return c->open_limit;
}
DS_API const char *ds_ctx_open_part(const ds_rule_ctx *c)
{
	return c->open_part;
}
DS_API ds_kind ds_ctx_kind(const ds_rule_ctx *c)
{
	return c->kind;
}
DS_API const char *ds_ctx_path(const ds_rule_ctx *c)
{
	return c->path;
}
DS_API const ds_params *ds_ctx_params(const ds_rule_ctx *c)
{
	return &c->rule->params;
}
DS_API const ds_cases *ds_ctx_cases(const ds_rule_ctx *c)
{
	return c->cases;
}

DS_API ds_location ds_ctx_case_location(const ds_rule_ctx *c, size_t case_index, size_t para)
{
	ds_location loc = para != SIZE_MAX ? ds_ctx_para_location(c, para) : (ds_location)DS_LOCATION_INIT;
	const ds_case *k = ds_cases_at(c->cases, case_index);
	if (k) {
		loc.case_index = k->index;
		loc.case_title = k->title;
		if (para == k->heading)
			loc.excerpt = NULL; /* the heading is the title already shown */
	}
	return loc;
}

DS_API ds_location ds_ctx_para_location(const ds_rule_ctx *c, size_t i)
{
	ds_location loc = DS_LOCATION_INIT;
	const ds_para *p = c->doc ? ds_doc_para(c->doc, i) : NULL;
	if (!p)
		return loc;
	loc.part = p->part;
	loc.paragraph = i + 1;
	loc.excerpt = p->text;
	loc.in_table = p->in_table;
	loc.table = p->table;
	loc.row = p->row;
	loc.col = p->col;
	return loc;
}

/* The bytes of a caller's location that its version has (every version so
 * far is version 1's struct); a newer one is read as far as this library
 * knows it. */
static size_t location_size(unsigned version)
{
	(void)version;
	return sizeof(ds_location);
}

/* The caller's location filled with full, as far as its version goes. */
static void fill_location(ds_location *loc, ds_location full)
{
	unsigned v = loc->version ? loc->version : 1;
	memcpy(loc, &full, location_size(v));
	loc->version = v;
}

DS_API int ds_ctx_case_location_get(const ds_rule_ctx *c, size_t case_index, size_t para, ds_location *loc)
{
	if (!ds_cases_at(c->cases, case_index))
		return DS_ERROR;
	fill_location(loc, ds_ctx_case_location(c, case_index, para));
	return 0;
}

DS_API int ds_ctx_para_location_get(const ds_rule_ctx *c, size_t i, ds_location *loc)
{
	if (!c->doc || i >= ds_doc_para_count(c->doc))
		return DS_ERROR;
	fill_location(loc, ds_ctx_para_location(c, i));
	return 0;
}

/* A case title as a message quotes it after "案例N": without the label its
 * heading begins with (案例一：, 案例2、, 1.), which would say the number
 * twice; the whole title when nothing else is left. */
DS_API const char *ds_title_without_label(const char *t)
{
	static const char *const digits[] = {"一", "二", "三", "四", "五", "六", "七",
					     "八", "九", "十", "百", "零", "〇"};
	const char *p = t;
	bool label = false;
	if (!strncmp(p, "案例", 6)) {
		p += 6;
		label = true;
	}
	const char *num = p;
	for (bool more = true; more;) {
		more = false;
		if (*p >= '0' && *p <= '9') {
			p++;
			more = true;
		}
		for (size_t k = 0; k < sizeof digits / sizeof *digits && !more; k++)
			if (!strncmp(p, digits[k], strlen(digits[k]))) {
				p += strlen(digits[k]);
				more = true;
			}
	}
	if (p == num) /* (案例 without a number, or no number at all) */
		return t;
	static const char *const seps[] = {"：", ":", "、", ".", "．", "，", " "};
	bool sep = false;
	for (size_t k = 0; k < sizeof seps / sizeof *seps && !sep; k++)
		if (!strncmp(p, seps[k], strlen(seps[k]))) {
			p += strlen(seps[k]);
			sep = true;
		}
	if (!label && (!sep || (*p >= '0' && *p <= '9'))) /* "2023年…", "2.5亿元…" are no label */
		return t;
	while (*p == ' ')
		p++;
	return *p ? p : t;
}

int ds__render(const ds__bound *b, const char *key, va_list ap, int *sev, const char *msg[2], const char *hint[2],
	       ds__buf out[4])
{
	const ds_message_def *md = NULL;
	for (const ds_message_def *m = b->def->messages; m && m->key && !md; m++)
		if (!strcmp(m->key, key))
			md = m;
	if (!md)
		return ds__error_set(DS_ERROR, "rule %s emitted undeclared message '%s'", b->id, key);
	const ds__msg *ov;
	*sev = ds__message_severity(b, md, &ov);
	const char *tmpl[2] = {md->en, md->zh}, *htmpl[2] = {md->hint_en, md->hint_zh};
	for (int l = 0; ov && l < 2; l++) {
		if (ov->text[l])
			tmpl[l] = ov->text[l];
		if (ov->hint[l])
			htmpl[l] = ov->hint[l];
	}
	const char *args[64];
	size_t n = 0;
	for (const char *name; n + 1 < 64 && (name = va_arg(ap, const char *));) {
		args[n++] = name;
		const char *v = va_arg(ap, const char *);
		args[n++] = !v ? "" : !strcmp(name, "title") ? ds_title_without_label(v) : v;
	}
	int error = 0;
	for (int l = 0; l < 2 && !error; l++) {
		const char *t = tmpl[l] ? tmpl[l] : tmpl[!l] ? tmpl[!l] : key;
		const char *h = htmpl[l] ? htmpl[l] : htmpl[!l];
		/* a value given per language ("others@zh") stands for its name
		 * in that language, before one given for both */
		const char *own[64];
		char names[32][48];
		size_t m = 0, k = 0;
		for (size_t i = 0; i + 1 < n; i += 2) {
			const char *at = strchr(args[i], '@');
			if (!at || strcmp(at + 1, l ? "zh" : "en") || k == 32)
				continue;
			snprintf(names[k], sizeof names[k], "%.*s", (int)(at - args[i]), args[i]);
			own[m++] = names[k++];
			own[m++] = args[i + 1];
		}
		for (size_t i = 0; i + 1 < n && m + 1 < 64; i += 2)
			if (!strchr(args[i], '@')) {
				own[m++] = args[i];
				own[m++] = args[i + 1];
			}
		error = ds__template(&out[l], t, own, m);
		if (!error && h)
			error = ds__template(&out[2 + l], h, own, m);
		msg[l] = out[l].p ? out[l].p : "";
		hint[l] = out[2 + l].p ? out[2 + l].p : "";
	}
	return error;
}

DS_API int ds_ctx_emit(ds_rule_ctx *c, const char *key, const ds_location *caller_loc, ...)
{
	if (c->rows)
		return ds__error_set(DS_ERROR, "rule %s emitted from a row hook", c->rule->id);
	/* the caller's location, as far as its version goes */
	ds_location copy = DS_LOCATION_INIT, *loc = NULL;
	if (caller_loc) {
		memcpy(&copy, caller_loc, location_size(caller_loc->version));
		loc = &copy;
	}
	ds__buf out[4] = {{0}};
	const char *msg[2], *hint[2];
	int sev;
	va_list ap;
	va_start(ap, caller_loc);
	int error = ds__render(c->rule, key, ap, &sev, msg, hint, out);
	va_end(ap);
	if (!error)
		error = ds__report_emit_bounded(c->report, c->file, c->rule->id, (ds_severity)sev, msg, hint, loc);
	for (int i = 0; i < 4; i++)
		ds__buf_free(&out[i]);
	return error;
}

DS_API int ds_ctx_fact(ds_rule_ctx *c, const char *key, const char *value)
{
	if (c->rows)
		return ds__error_set(DS_ERROR, "rule %s recorded a fact from a row hook", c->rule->id);
	return ds__report_add_fact(c->report, c->file, key, value);
}
