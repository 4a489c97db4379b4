/*
 * docx_controls.c - content controls (w:sdt): their kind, tag and
 * placeholder state, recorded on the paragraph they open or hold, and the
 * value bound to a custom XML store shown instead of the stored content.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx_story.h"

void dx_sdt_pop(struct controls *c)
{
	sdt_frame *f = &c->v[--c->n];
	for (int i = 0; i < 3; i++)
		free(f->bind[i]);
	free(f->value);
	if (c->bound_at > c->n)
		c->bound_at = 0;
}

void dx_controls_free(struct controls *c)
{
	while (c->n)
		dx_sdt_pop(c);
	free(c->v);
	ds__binds_free(&c->binds);
}

/* A control bound to custom XML (the innermost open one) shows its value in
 * place of what it holds. */
void dx_show_bound(struct story *s, ds__xml *x)
{
	sdt_frame *f = s->ctl.n ? &s->ctl.v[s->ctl.n - 1] : NULL;
	para_frame *p = dx_top_para(s);
	if (!f || !f->value || !p || s->ctl.bound_at)
		return;
	size_t len = strlen(f->value);
	if (ds__buf_add(&p->text, f->value, len) < 0 || ds__doc_keep(s->doc, len) < 0) {
		dx_fail(s, x, ds_error_code());
		return;
	}
	s->ctl.bound_at = s->ctl.n;
}

static void sdt_begin(struct story *s, ds__xml *x)
{
	if (ds__grow((void **)&s->ctl.v, &s->ctl.cap, s->ctl.n, sizeof *s->ctl.v) < 0) {
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	sdt_frame *f = &s->ctl.v[s->ctl.n++];
	memset(f, 0, sizeof *f);
	f->ctl.block = !s->in_p;
	if (f->ctl.block) {
		f->rows = s->n_tables > s->table_base && !s->tables[s->n_tables - 1].in_row;
	} else {
		para_frame *p = dx_top_para(s);
		f->para = p->slot;
		f->ctl.start = (uint32_t)p->text.len;
	}
}

/* A child of w:sdtPr: the control's type, and whether it shows its placeholder. */
void dx_sdt_property(struct story *s, int ns, const char *local, const ds__attr *a, int n)
{
	static const struct {
		const char *name;
		ds_control_type type;
	} types[] = {
		{"text", DS_CONTROL_PLAIN},          {"richText", DS_CONTROL_RICH},
		{"date", DS_CONTROL_DATE},           {"dropDownList", DS_CONTROL_LIST},
		{"comboBox", DS_CONTROL_LIST},       {"picture", DS_CONTROL_PICTURE},
		{"citation", DS_CONTROL_CITATION},   {"bibliography", DS_CONTROL_BIBLIOGRAPHY},
		{"group", DS_CONTROL_GROUP},         {"docPartObj", DS_CONTROL_GALLERY},
		{"docPartList", DS_CONTROL_GALLERY}, {"equation", DS_CONTROL_EQUATION},
	};
	ds_control *c = &s->ctl.v[s->ctl.n - 1].ctl;
	if (ns == NS_W14) {
		if (!strcmp(local, "checkbox"))
			c->type = DS_CONTROL_CHECKBOX;
		return;
	}
	if (!strcmp(local, "showingPlcHdr")) {
		c->placeholder = ds__attr_on(a, n);
		return;
	}
	if (!strcmp(local, "dataBinding")) {
		sdt_frame *f = &s->ctl.v[s->ctl.n - 1];
		const char *v[3] = {ds__attr_get(a, n, "storeItemID"), ds__attr_get(a, n, "xpath"),
				    ds__attr_get(a, n, "prefixMappings")};
		for (int i = 0; i < 3; i++) {
			free(f->bind[i]);
			f->bind[i] = v[i] ? strdup(v[i]) : NULL;
			if (v[i] && !f->bind[i]) /* (the read ends in DS_ENOMEM) */
				ds__error_set(DS_ENOMEM, "%s", _("out of memory"));
		}
		return;
	}
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (!strcmp(local, types[i].name))
			c->type = types[i].type;
}

#define MAX_BINDS 256 /* bound controls looked up per document */

/* Controls bound to custom XML whose value replaces their text: plain and
 * rich text.  Dates are shown in a format, lists by an entry's display
 * text, pictures and check boxes not as text: their stored text stands. */
static void sdt_content(struct story *s, ds__xml *x)
{
	sdt_frame *f = &s->ctl.v[s->ctl.n - 1];
	/* each lookup streams a part: past MAX_BINDS, stored text stands */
	/* a control's value is looked up once, however many w:sdtContent it has */
	if (f->bind[1] && !f->value && !f->looked_up && !s->ctl.bound_at && s->ctl.n_binds < MAX_BINDS &&
	    (f->ctl.type == DS_CONTROL_RICH || f->ctl.type == DS_CONTROL_PLAIN)) {
		s->ctl.n_binds++;
		f->looked_up = true;
		ds__buf v = {0};
		int found = ds__bind_value(s->pkg, &s->ctl.binds, f->bind[0], f->bind[1], f->bind[2], &v);
		if (found < 0) {
			ds__buf_free(&v);
			dx_fail(s, x, found);
			return;
		}
		if (found && v.len)
			f->value = v.p;
		else
			ds__buf_free(&v);
	}
	if (f->ctl.block && (!f->rows || f->ctl.type == DS_CONTROL_PLAIN)) {
		s->ctl.block_pending = true;
		s->ctl.block_ctl = f->ctl;
	} else if (!f->ctl.block) {
		dx_show_bound(s, x);
	}
}

void dx_sdt_end(struct story *s, ds__xml *x)
{
	ds_control ctl = s->ctl.v[s->ctl.n - 1].ctl;
	size_t para = s->ctl.v[s->ctl.n - 1].para;
	dx_sdt_pop(&s->ctl);
	if (ctl.block) {
		s->ctl.block_pending = false;
		return;
	}
	para_frame *p = dx_top_para(s);
	if (p && p->slot == para) {
		ctl.end = (uint32_t)p->text.len;
		dx_add_control(s, x, p, ctl);
	}
}

void dx_on_sdt(const elem *e)
{
	sdt_begin(e->s, e->x);
}

void dx_on_sdt_pr(const elem *e)
{
	if (e->s->ctl.n)
		e->s->ctl.in_pr = true;
}

void dx_on_sdt_content(const elem *e)
{
	if (e->s->ctl.n)
		sdt_content(e->s, e->x);
}
