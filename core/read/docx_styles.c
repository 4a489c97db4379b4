/*
 * docx_styles.c - a DOCX's styles part: paragraph and character styles,
 * their basedOn chains and docDefaults, indexed by id; and run properties,
 * which styles and runs share.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "docx.h"

int ds__cmp_key_at(const void *a, const void *b)
{
	const key_at *x = a, *y = b;
	int c = x->name && y->name ? strcmp(x->name, y->name) : (x->id > y->id) - (x->id < y->id);
	return c ? c : (x->at > y->at) - (x->at < y->at);
}

/* The first (or, last, the last) entry of a sorted index equal to probe's key:
 * its 'at', or -1. */
long ds__key_find(const key_at *v, size_t n, const char *name, long id, bool last)
{
	size_t lo = 0, hi = n;
	key_at probe = {name, id, last ? SIZE_MAX : 0};
	while (lo < hi) { /* the first entry not below probe */
		size_t mid = lo + (hi - lo) / 2;
		if (ds__cmp_key_at(&v[mid], &probe) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (last) {
		if (!lo)
			return -1;
		lo--;
	}
	if (lo >= n)
		return -1;
	key_at k = v[lo];
	k.at = probe.at;
	bool same = name ? !strcmp(k.name, name) : k.id == id;
	return same ? (long)v[lo].at : -1;
}

int ds__style_find(const styles *s, const char *id)
{
	return id && s->index ? (int)ds__key_find(s->index, s->n, id, 0, false) : -1;
}

ds_align ds__parse_jc(const char *v)
{
	if (!v)
		return DS_ALIGN_NONE;
	if (!strcmp(v, "center"))
		return DS_ALIGN_CENTER;
	if (!strcmp(v, "right") || !strcmp(v, "end"))
		return DS_ALIGN_RIGHT;
	if (!strcmp(v, "both") || !strcmp(v, "justify"))
		return DS_ALIGN_BOTH;
	if (!strcmp(v, "distribute"))
		return DS_ALIGN_DISTRIBUTE;
	if (!strcmp(v, "left") || !strcmp(v, "start"))
		return DS_ALIGN_LEFT;
	return DS_ALIGN_NONE;
}

/* Whether LibreOffice breaks words of a language by dictionary: Chinese
 * and Japanese. */
static signed char dict_language(const char *tag)
{
	return (!strncasecmp(tag, "zh", 2) || !strncasecmp(tag, "ja", 2)) &&
	       (!tag[2] || tag[2] == '-' || tag[2] == '_');
}

/* A run property element; returns true when it was one. */
bool ds__rpr_apply(rprops *p, const char *local, const ds__attr *a, int n)
{
	if (!strcmp(local, "vanish") || !strcmp(local, "specVanish")) {
		p->vanish = ds__attr_on(a, n);
	} else if (!strcmp(local, "b")) {
		p->bold = ds__attr_on(a, n);
	} else if (!strcmp(local, "rFonts")) {
		const char *h = ds__attr_get(a, n, "hint");
		if (h)
			p->hint = !strcmp(h, "eastAsia");
	} else if (!strcmp(local, "lang")) {
		const char *v = ds__attr_get(a, n, "val"), *ea = ds__attr_get(a, n, "eastAsia");
		if (v)
			p->dict = dict_language(v);
		if (ea)
			p->dict_ea = dict_language(ea);
	} else {
		return false;
	}
	return true;
}

struct styles_ctx {
	ds_doc *doc;
	styles *s;
	style *cur;
	int in_ppr, in_rpr, in_dd_rpr, in_numpr;
	rprops dd;
	int error;
};

static void styles_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct styles_ctx *c = ud;
	if (ns != NS_W)
		return;
	if (!strcmp(local, "style")) {
		if (ds__grow((void **)&c->s->v, &c->s->cap, c->s->n, sizeof *c->s->v) < 0) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		style *st = &c->s->v[c->s->n];
		memset(st, 0, sizeof *st);
		const char *id = ds__attr_get(a, n, "styleId");
		const char *type = ds__attr_get(a, n, "type");
		st->id = ds__doc_str(c->doc, id ? id : "", id ? strlen(id) : 0);
		st->name = "";
		st->type = type ? type[0] == 'p' ? 'p' : type[0] == 'c' ? 'c' : type[0] == 't' ? 't' : 'n' : 'p';
		st->based = -1;
		st->outline = st->vanish = st->bold = st->hint = st->jc = st->dict = st->dict_ea = -1;
		st->num_id = st->ilvl = -1;
		if (!st->id) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		const char *def = ds__attr_get(a, n, "default");
		if (def && (def[0] == '1' || def[0] == 't') && st->type == 'p' && c->s->def_para < 0)
			c->s->def_para = (int)c->s->n;
		c->s->n++;
		c->cur = st;
		return;
	}
	if (!strcmp(local, "pPrChange") || !strcmp(local, "rPrChange") || !strcmp(local, "latentStyles")) {
		ds__xml_skip(x); /* latent styles: hundreds of entries that name no style in use */
		return;
	}
	if (!strcmp(local, "rPrDefault") || (!c->cur && !strcmp(local, "rPr"))) {
		c->in_dd_rpr++;
		return;
	}
	if (c->in_dd_rpr) {
		ds__rpr_apply(&c->dd, local, a, n);
		return;
	}
	if (!c->cur)
		return;
	style *st = c->cur;
	const char *val = ds__attr_get(a, n, "val");
	if (!strcmp(local, "name") && val) {
		st->name = ds__doc_str(c->doc, val, strlen(val));
		if (!st->name)
			ds__xml_fail(x, DS_ENOMEM);
	} else if (!strcmp(local, "basedOn") && val) {
		free((void *)st->based_on);
		st->based_on = strdup(val);
	} else if (!strcmp(local, "pPr")) {
		c->in_ppr = 1;
	} else if (!strcmp(local, "rPr")) {
		c->in_rpr = 1;
	} else if (c->in_ppr && !strcmp(local, "outlineLvl") && val) {
		st->outline = (signed char)atoi(val);
	} else if (c->in_ppr && !strcmp(local, "jc")) {
		st->jc = (signed char)ds__parse_jc(val);
	} else if (c->in_ppr && !strcmp(local, "numId") && val) {
		st->num_id = atoi(val);
	} else if (c->in_ppr && !strcmp(local, "ilvl") && val) {
		st->ilvl = atoi(val);
	} else if (c->in_rpr) {
		rprops p = {st->vanish, st->bold, st->hint, st->dict, st->dict_ea, NULL};
		if (ds__rpr_apply(&p, local, a, n)) {
			st->vanish = p.vanish;
			st->bold = p.bold;
			st->hint = p.hint;
			st->dict = p.dict;
			st->dict_ea = p.dict_ea;
		}
	}
}

static void styles_end(void *ud, ds__xml *x, int ns, const char *local)
{
	struct styles_ctx *c = ud;
	(void)x;
	if (ns != NS_W)
		return;
	if (!strcmp(local, "style"))
		c->cur = NULL;
	else if (!strcmp(local, "pPr"))
		c->in_ppr = 0;
	else if (!strcmp(local, "rPr") && c->cur)
		c->in_rpr = 0;
	else if (!strcmp(local, "rPrDefault") || (!c->cur && !strcmp(local, "rPr")))
		c->in_dd_rpr = c->in_dd_rpr ? c->in_dd_rpr - 1 : 0;
}

void ds__styles_free(styles *s)
{
	for (size_t i = 0; i < s->n; i++)
		free((void *)s->v[i].based_on);
	free(s->v);
	free(s->index);
}

/* "heading 1" / "Heading1" / "标题 1" name an outline level without saying so. */
static int outline_from_name(const char *name)
{
	const char *digits = NULL;
	if (!strncasecmp(name, "heading", 7))
		digits = name + 7;
	else if (!strncmp(name, "标题", 6))
		digits = name + 6;
	if (!digits)
		return -1;
	while (*digits == ' ')
		digits++;
	if (digits[0] >= '1' && digits[0] <= '9' && !digits[1])
		return digits[0] - '1';
	return -1;
}

int ds__styles_read(ds_doc *doc, ds__pkg *pkg, const char *main, styles *s)
{
	memset(s, 0, sizeof *s);
	s->def_para = -1;
	s->dd_vanish = s->dd_bold = s->dd_hint = s->dd_dict = s->dd_dict_ea = -1;
	const ds__rel *rel = ds__pkg_rel_by_type(pkg, main, "/styles");
	if (!rel || rel->external || !ds__pkg_has(pkg, rel->target))
		return 0;
	struct styles_ctx c = {.doc = doc, .s = s, .dd = {-1, -1, -1, -1, -1, NULL}};
	static const ds__xml_handler h = {.start = styles_start, .end = styles_end};
	int error = ds__xml_parse_part(pkg, rel->target, &h, &c);
	if (error < 0)
		return error;
	s->dd_vanish = c.dd.vanish;
	s->dd_bold = c.dd.bold;
	s->dd_hint = c.dd.hint;
	s->dd_dict = c.dd.dict;
	s->dd_dict_ea = c.dd.dict_ea;
	if (!(s->index = malloc((s->n ? s->n : 1) * sizeof *s->index)))
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	for (size_t i = 0; i < s->n; i++)
		s->index[i] = (key_at){s->v[i].id, 0, i};
	qsort(s->index, s->n, sizeof *s->index, ds__cmp_key_at);
	for (size_t i = 0; i < s->n; i++) {
		s->v[i].based = ds__style_find(s, s->v[i].based_on);
		if (s->v[i].based == (int)i)
			s->v[i].based = -1;
	}
	/* built-in heading styles written without w:outlineLvl */
	for (size_t i = 0; i < s->n; i++)
		if (s->v[i].type == 'p' && s->v[i].outline < 0)
			s->v[i].outline = (signed char)outline_from_name(s->v[i].name);
	return 0;
}
