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

/* A font name, kept once per document (at most 256 names: a file that
 * names more gets the rest as not known, ""). */
static const char *font_name(styles *s, ds_doc *doc, const char *name)
{
	for (size_t i = 0; i < s->n_fonts; i++)
		if (!strcmp(s->fonts[i], name))
			return s->fonts[i];
	if (s->n_fonts >= 256 || ds__grow((void **)&s->fonts, &s->cap_fonts, s->n_fonts, sizeof *s->fonts) < 0)
		return "";
	const char *kept = ds__doc_str(doc, name, strlen(name));
	if (!kept)
		return "";
	return s->fonts[s->n_fonts++] = kept;
}

/* A theme font reference (minorHAnsi, majorEastAsia, ...): the theme's font. */
static const char *theme_font(const styles *s, const char *ref, bool east_asia)
{
	if (!ref)
		return NULL;
	int major = !strncmp(ref, "major", 5);
	const char *f = s->theme[major ? 0 : 1][east_asia ? 1 : 0];
	return f ? f : "";
}

/* A run property element; returns true when it was one. */
bool ds__rpr_apply(styles *s, ds_doc *doc, rprops *p, const char *local, const ds__attr *a, int n)
{
	if (!strcmp(local, "vanish") || !strcmp(local, "specVanish")) {
		p->vanish = ds__attr_on(a, n);
	} else if (!strcmp(local, "b")) {
		p->bold = ds__attr_on(a, n);
	} else if (!strcmp(local, "rFonts")) {
		const char *h = ds__attr_get(a, n, "hint");
		if (h)
			p->hint = !strcmp(h, "eastAsia");
		/* a theme reference wins over a name given beside it */
		const char *lt = ds__attr_get(a, n, "asciiTheme"), *et = ds__attr_get(a, n, "eastAsiaTheme");
		const char *ln = ds__attr_get(a, n, "ascii"), *en = ds__attr_get(a, n, "eastAsia");
		if (lt)
			p->ascii = theme_font(s, lt, false);
		else if (ln)
			p->ascii = font_name(s, doc, ln);
		if (et)
			p->ea = theme_font(s, et, true);
		else if (en)
			p->ea = font_name(s, doc, en);
	} else if (!strcmp(local, "sz")) {
		const char *v = ds__attr_get(a, n, "val");
		long hp = v ? strtol(v, NULL, 10) : 0;
		if (hp > 0 && hp <= 3276)
			p->sz = (int)hp;
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

/* An integer attribute within +-10^7, or INT_MIN. */
static int int_attr(const ds__attr *a, int n, const char *name)
{
	const char *v = ds__attr_get(a, n, name);
	if (!v)
		return INT_MIN;
	char *end;
	long x = strtol(v, &end, 10);
	return end != v && x > -10000000 && x < 10000000 ? (int)x : INT_MIN;
}

/* A paragraph property element of the format model; true when it was one. */
bool ds__ppr_apply(pprops *p, const char *local, const ds__attr *a, int n)
{
	if (!strcmp(local, "spacing")) {
		int line = int_attr(a, n, "line");
		const char *rule = ds__attr_get(a, n, "lineRule");
		if (line != INT_MIN) {
			p->line = line;
			p->line_rule = !rule || !strcmp(rule, "auto") ? DS_LINE_AUTO
				       : !strcmp(rule, "exact")       ? DS_LINE_EXACT
								      : DS_LINE_AT_LEAST;
		}
		return true;
	}
	if (!strcmp(local, "ind")) {
		int first = int_attr(a, n, "firstLine"), hang = int_attr(a, n, "hanging");
		int fc = int_attr(a, n, "firstLineChars"), hc = int_attr(a, n, "hangingChars");
		if (hang != INT_MIN && hang != 0)
			p->first = -hang;
		else if (first != INT_MIN)
			p->first = first;
		if (hc != INT_MIN && hc != 0)
			p->first_chars = -hc;
		else if (fc != INT_MIN)
			p->first_chars = fc;
		return true;
	}
	return false;
}

const char *ds__run_font(const styles *s, const rprops *run, int para_style, bool east_asia)
{
	const char *f = east_asia ? run->ea : run->ascii;
	if (f)
		return f;
	int chain[2] = {ds__style_find(s, run->rstyle), para_style};
	for (int c = 0; c < 2; c++) {
		int i = chain[c];
		for (int hop = 0; i >= 0 && hop < MAX_HOPS; hop++, i = s->v[i].based)
			if ((f = east_asia ? s->v[i].ea : s->v[i].ascii))
				return f;
	}
	f = east_asia ? s->dd_ea : s->dd_ascii;
	return f ? f : "";
}

int ds__run_size(const styles *s, const rprops *run, int para_style)
{
	if (run->sz)
		return run->sz;
	int chain[2] = {ds__style_find(s, run->rstyle), para_style};
	for (int c = 0; c < 2; c++) {
		int i = chain[c];
		for (int hop = 0; i >= 0 && hop < MAX_HOPS; hop++, i = s->v[i].based)
			if (s->v[i].sz)
				return s->v[i].sz;
	}
	return s->dd_sz ? s->dd_sz : 20; /* Word's own default: 10 pt */
}

pprops ds__para_props(const styles *s, pprops d, int para_style)
{
	int i = para_style;
	for (int hop = 0; i >= 0 && hop < MAX_HOPS; hop++, i = s->v[i].based) {
		const pprops *q = &s->v[i].pp;
		if (d.line_rule < 0 && q->line_rule >= 0) {
			d.line = q->line;
			d.line_rule = q->line_rule;
		}
		if (d.first == INT_MIN)
			d.first = q->first;
		if (d.first_chars == INT_MIN)
			d.first_chars = q->first_chars;
	}
	if (d.line_rule < 0) {
		d.line = s->dd_pp.line;
		d.line_rule = s->dd_pp.line_rule;
	}
	if (d.first == INT_MIN)
		d.first = s->dd_pp.first;
	if (d.first_chars == INT_MIN)
		d.first_chars = s->dd_pp.first_chars;
	return d;
}

struct styles_ctx {
	ds_doc *doc;
	styles *s;
	style *cur;
	int in_ppr, in_rpr, in_dd_rpr, in_dd_ppr, in_numpr;
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
		st->pp = PPROPS_UNSET;
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
		ds__rpr_apply(c->s, c->doc, &c->dd, local, a, n);
		return;
	}
	if (!strcmp(local, "pPrDefault")) {
		c->in_dd_ppr = 1;
		return;
	}
	if (c->in_dd_ppr && !c->cur) {
		ds__ppr_apply(&c->s->dd_pp, local, a, n);
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
	} else if (c->in_ppr && !c->in_rpr && ds__ppr_apply(&st->pp, local, a, n)) {
		return;
	} else if (c->in_rpr) {
		rprops p = {st->vanish, st->bold, st->hint, st->dict, st->dict_ea, NULL, st->ascii, st->ea, st->sz};
		if (ds__rpr_apply(c->s, c->doc, &p, local, a, n)) {
			st->vanish = p.vanish;
			st->bold = p.bold;
			st->hint = p.hint;
			st->dict = p.dict;
			st->dict_ea = p.dict_ea;
			st->ascii = p.ascii;
			st->ea = p.ea;
			st->sz = p.sz;
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
	else if (!strcmp(local, "pPrDefault"))
		c->in_dd_ppr = 0;
}

void ds__styles_free(styles *s)
{
	for (size_t i = 0; i < s->n; i++)
		free((void *)s->v[i].based_on);
	free(s->v);
	free(s->index);
	free(s->fonts);
}

/* The theme's fonts: a:majorFont and a:minorFont, each an a:latin and an
 * a:ea typeface; an empty a:ea is the font its a:font script="Hans" names
 * (then Hant, Jpan), as Word shows Chinese text in it. */
struct theme_ctx {
	ds_doc *doc;
	styles *s;
	int which; /* 0 major, 1 minor, -1 outside */
	const char *script[2][3];
};

static void theme_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct theme_ctx *c = ud;
	(void)x, (void)ns;
	if (!strcmp(local, "majorFont") || !strcmp(local, "minorFont")) {
		c->which = local[1] == 'a' ? 0 : 1;
		return;
	}
	const char *face = ds__attr_get(a, n, "typeface");
	if (c->which < 0 || !face || !*face)
		return;
	if (!strcmp(local, "latin"))
		c->s->theme[c->which][0] = font_name(c->s, c->doc, face);
	else if (!strcmp(local, "ea"))
		c->s->theme[c->which][1] = font_name(c->s, c->doc, face);
	else if (!strcmp(local, "font")) {
		const char *script = ds__attr_get(a, n, "script");
		static const char *const order[3] = {"Hans", "Hant", "Jpan"};
		for (int k = 0; script && k < 3; k++)
			if (!strcmp(script, order[k]))
				c->script[c->which][k] = font_name(c->s, c->doc, face);
	}
}

static void theme_end(void *ud, ds__xml *x, int ns, const char *local)
{
	struct theme_ctx *c = ud;
	(void)x, (void)ns;
	if (!strcmp(local, "majorFont") || !strcmp(local, "minorFont"))
		c->which = -1;
}

static int theme_read(ds_doc *doc, ds__pkg *pkg, const char *main, styles *s)
{
	const ds__rel *rel = ds__pkg_rel_by_type(pkg, main, "/theme");
	if (!rel || rel->external || !ds__pkg_has(pkg, rel->target))
		return 0;
	struct theme_ctx c = {.doc = doc, .s = s, .which = -1};
	static const ds__xml_handler h = {.start = theme_start, .end = theme_end};
	int error = ds__xml_parse_part(pkg, rel->target, &h, &c);
	for (int w = 0; w < 2; w++)
		for (int k = 0; k < 3 && !s->theme[w][1]; k++)
			s->theme[w][1] = c.script[w][k];
	/* a damaged theme costs its fonts (shown as not known), not the document */
	return error == DS_ECORRUPT ? 0 : error;
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
	s->dd_pp = PPROPS_UNSET;
	int error = theme_read(doc, pkg, main, s);
	if (error < 0)
		return error;
	const ds__rel *rel = ds__pkg_rel_by_type(pkg, main, "/styles");
	if (!rel || rel->external || !ds__pkg_has(pkg, rel->target))
		return 0;
	struct styles_ctx c = {.doc = doc, .s = s, .dd = {-1, -1, -1, -1, -1, NULL, NULL, NULL, 0}};
	static const ds__xml_handler h = {.start = styles_start, .end = styles_end};
	error = ds__xml_parse_part(pkg, rel->target, &h, &c);
	if (error < 0)
		return error;
	s->dd_vanish = c.dd.vanish;
	s->dd_bold = c.dd.bold;
	s->dd_hint = c.dd.hint;
	s->dd_dict = c.dd.dict;
	s->dd_dict_ea = c.dd.dict_ea;
	s->dd_ascii = c.dd.ascii;
	s->dd_ea = c.dd.ea;
	s->dd_sz = c.dd.sz;
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
