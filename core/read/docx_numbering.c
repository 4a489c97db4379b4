/*
 * docx_numbering.c - a DOCX's numbering part: abstract numberings, their
 * instances with overrides, and the label a list paragraph shows ("一、",
 * "1.1", "•"), counted as Word counts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx.h"

int ds__clamp_number(const char *v)
{
	long n = strtol(v, NULL, 10);
	return n < 0 ? 0 : n > 32767 ? 32767 : (int)n;
}

struct num_ctx {
	numbering *nb;
	abstract_num *cur_abs;
	num *cur_num;
	level *cur_lv;
	int cur_ilvl;
};

static void level_init(level *l)
{
	l->start = 0;
	strcpy(l->fmt, "decimal");
	l->text = NULL;
	l->legal = false;
}

static void num_start(void *ud, ds__xml *x, int ns, const char *local, const ds__attr *a, int n)
{
	struct num_ctx *c = ud;
	if (ns != NS_W)
		return;
	const char *val = ds__attr_get(a, n, "val");
	if ((!strcmp(local, "abstractNum") || !strcmp(local, "num")) && (c->cur_abs || c->cur_num)) {
		/* a definition inside a definition: not Word's, and growing the
		 * arrays would leave cur_abs, cur_num and cur_lv pointing at freed
		 * memory: skipped whole */
		ds__xml_skip(x);
		return;
	}
	if (!strcmp(local, "abstractNum")) {
		if (ds__grow((void **)&c->nb->abs, &c->nb->cap_abs, c->nb->n_abs, sizeof *c->nb->abs) < 0) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		abstract_num *an = &c->nb->abs[c->nb->n_abs++];
		memset(an, 0, sizeof *an);
		const char *id = ds__attr_get(a, n, "abstractNumId");
		an->id = id ? atoi(id) : -1;
		for (int i = 0; i < 9; i++)
			level_init(&an->lv[i]);
		c->cur_abs = an;
	} else if (!strcmp(local, "num")) {
		if (ds__grow((void **)&c->nb->nums, &c->nb->cap_nums, c->nb->n_nums, sizeof *c->nb->nums) < 0) {
			ds__xml_fail(x, DS_ENOMEM);
			return;
		}
		num *nm = &c->nb->nums[c->nb->n_nums++];
		memset(nm, 0, sizeof *nm);
		const char *id = ds__attr_get(a, n, "numId");
		nm->id = id ? atoi(id) : -1;
		nm->abs = -1;
		nm->abs_id = -1;
		for (int i = 0; i < 9; i++)
			nm->start_override[i] = -1;
		c->cur_num = nm;
	} else if (!strcmp(local, "abstractNumId") && c->cur_num && val) {
		c->cur_num->abs_id = atoi(val);
	} else if (!strcmp(local, "lvlOverride") && c->cur_num) {
		const char *il = ds__attr_get(a, n, "ilvl");
		c->cur_ilvl = il ? atoi(il) : 0;
		if (c->cur_ilvl < 0 || c->cur_ilvl > 8)
			c->cur_ilvl = 0;
	} else if (!strcmp(local, "startOverride") && c->cur_num && val) {
		c->cur_num->start_override[c->cur_ilvl] = ds__clamp_number(val);
	} else if (!strcmp(local, "lvl")) {
		const char *il = ds__attr_get(a, n, "ilvl");
		int i = il ? atoi(il) : 0;
		if (i < 0 || i > 8)
			i = 0;
		if (c->cur_num) { /* a level replaced by an override */
			if (!c->cur_num->override_lv[i]) {
				c->cur_num->override_lv[i] = calloc(1, sizeof(level));
				if (!c->cur_num->override_lv[i]) {
					ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
					ds__xml_fail(x, DS_ENOMEM);
					return;
				}
				level_init(c->cur_num->override_lv[i]);
			}
			c->cur_lv = c->cur_num->override_lv[i];
		} else if (c->cur_abs) {
			c->cur_lv = &c->cur_abs->lv[i];
		}
	} else if (c->cur_abs && !c->cur_lv && (!strcmp(local, "styleLink") || !strcmp(local, "numStyleLink")) && val) {
		char **dst = local[0] == 's' ? &c->cur_abs->style_link : &c->cur_abs->num_style_link;
		free(*dst);
		if (!(*dst = strdup(val))) {
			ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			ds__xml_fail(x, DS_ENOMEM);
		}
	} else if (c->cur_lv && !strcmp(local, "start") && val) {
		c->cur_lv->start = ds__clamp_number(val);
	} else if (c->cur_lv && !strcmp(local, "numFmt") && val) {
		snprintf(c->cur_lv->fmt, sizeof c->cur_lv->fmt, "%s", val);
	} else if (c->cur_lv && !strcmp(local, "lvlText") && val) {
		free(c->cur_lv->text);
		if (!(c->cur_lv->text = strdup(val))) {
			ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
			ds__xml_fail(x, DS_ENOMEM);
		}
	} else if (c->cur_lv && !strcmp(local, "isLgl")) {
		c->cur_lv->legal = ds__attr_on(a, n);
	}
}

static void num_end(void *ud, ds__xml *x, int ns, const char *local)
{
	struct num_ctx *c = ud;
	(void)x;
	if (ns != NS_W)
		return;
	if (!strcmp(local, "abstractNum"))
		c->cur_abs = NULL;
	else if (!strcmp(local, "num"))
		c->cur_num = NULL;
	else if (!strcmp(local, "lvl"))
		c->cur_lv = NULL;
	else if (!strcmp(local, "lvlOverride"))
		c->cur_ilvl = 0;
}

void ds__numbering_free(numbering *nb)
{
	for (size_t i = 0; i < nb->n_abs; i++) {
		for (int k = 0; k < 9; k++)
			free(nb->abs[i].lv[k].text);
		free(nb->abs[i].style_link);
		free(nb->abs[i].num_style_link);
	}
	for (size_t i = 0; i < nb->n_nums; i++)
		for (int k = 0; k < 9; k++)
			if (nb->nums[i].override_lv[k]) {
				free(nb->nums[i].override_lv[k]->text);
				free(nb->nums[i].override_lv[k]);
			}
	free(nb->abs);
	free(nb->nums);
	free(nb->by_id);
}

int ds__numbering_read(ds__pkg *pkg, const char *main, numbering *nb)
{
	memset(nb, 0, sizeof *nb);
	const ds__rel *rel = ds__pkg_rel_by_type(pkg, main, "/numbering");
	if (!rel || rel->external || !ds__pkg_has(pkg, rel->target))
		return 0;
	struct num_ctx c = {.nb = nb};
	static const ds__xml_handler h = {.start = num_start, .end = num_end};
	int error = ds__xml_parse_part(pkg, rel->target, &h, &c);
	if (error < 0)
		return error;
	/* indexes: a list by id (the first of an id), an abstract list by id
	 * and by the numbering style it defines (the last of each) */
	key_at *abs_id = malloc((nb->n_abs + 1) * sizeof *abs_id),
	       *abs_link = malloc((nb->n_abs + 1) * sizeof *abs_link);
	nb->by_id = malloc((nb->n_nums + 1) * sizeof *nb->by_id);
	if (!abs_id || !abs_link || !nb->by_id) {
		free(abs_id);
		free(abs_link);
		return ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
	}
	size_t n_link = 0;
	for (size_t k = 0; k < nb->n_abs; k++) {
		abs_id[k] = (key_at){NULL, nb->abs[k].id, k};
		if (nb->abs[k].style_link)
			abs_link[n_link++] = (key_at){nb->abs[k].style_link, 0, k};
	}
	for (size_t i = 0; i < nb->n_nums; i++)
		nb->by_id[i] = (key_at){NULL, nb->nums[i].id, i};
	qsort(abs_id, nb->n_abs, sizeof *abs_id, ds__cmp_key_at);
	qsort(abs_link, n_link, sizeof *abs_link, ds__cmp_key_at);
	qsort(nb->by_id, nb->n_nums, sizeof *nb->by_id, ds__cmp_key_at);
	for (size_t i = 0; i < nb->n_nums; i++) {
		long a = ds__key_find(abs_id, nb->n_abs, NULL, nb->nums[i].abs_id, true);
		/* a list that only names a numbering style takes that style's levels */
		long l = a >= 0 && nb->abs[a].num_style_link
				 ? ds__key_find(abs_link, n_link, nb->abs[a].num_style_link, 0, true)
				 : -1;
		nb->nums[i].abs = (int)(l >= 0 ? l : a);
	}
	free(abs_id);
	free(abs_link);
	return 0;
}

/* Render the label of a paragraph at (num_id, ilvl), advancing the counters. */
int ds__numbering_label(numbering *nb, int num_id, int ilvl, ds__buf *out, bool *bullet)
{
	*bullet = false;
	out->len = 0;
	if (out->p)
		out->p[0] = '\0';
	if (num_id <= 0 || ilvl < 0 || ilvl > 8)
		return 0;
	long at = nb->by_id ? ds__key_find(nb->by_id, nb->n_nums, NULL, num_id, false) : -1;
	num *nm = at >= 0 ? &nb->nums[at] : NULL;
	if (!nm || nm->abs < 0)
		return 0;
	abstract_num *an = &nb->abs[nm->abs];
	level *lv[9];
	for (int i = 0; i < 9; i++)
		lv[i] = nm->override_lv[i] ? nm->override_lv[i] : &an->lv[i];
	if (!nm->started) { /* a list restarted by startOverride */
		nm->started = true;
		for (int i = 0; i < 9; i++)
			if (nm->start_override[i] >= 0) {
				an->counter[i] = nm->start_override[i] - 1;
				an->used[i] = true;
			}
	}
	if (!an->used[ilvl]) {
		an->counter[ilvl] = lv[ilvl]->start;
		an->used[ilvl] = true;
	} else if (an->counter[ilvl] < MAX_NUMBER) {
		an->counter[ilvl]++;
	}
	for (int i = ilvl + 1; i < 9; i++)
		an->used[i] = false;
	const char *t = lv[ilvl]->text;
	if (!t)
		return 0;
	if (!strcmp(lv[ilvl]->fmt, "bullet")) {
		*bullet = true;
		return ds__buf_add(out, t, strlen(t));
	}
	for (const char *p = t; *p; p++) {
		if (p[0] == '%' && p[1] >= '1' && p[1] <= '9') {
			int k = p[1] - '1';
			long v = an->used[k] ? an->counter[k] : lv[k]->start;
			const char *fmt = lv[ilvl]->legal ? "decimal" : lv[k]->fmt;
			ds__numfmt_label(out, fmt, v);
			p++;
		} else if (ds__buf_addc(out, *p) < 0) {
			return DS_ENOMEM;
		}
	}
	return 0;
}
