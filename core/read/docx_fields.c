/*
 * docx_fields.c - fields (w:fldChar begin..separate..end, w:fldSimple): the
 * instruction never shows, the result does; PAGE-like fields and document
 * properties are marked; legacy form fields (text, check box, drop-down)
 * show what Word shows.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "docx_story.h"

void dx_fields_free(struct fields *f)
{
	free(f->v);
	ds__buf_free(&f->dd_entries);
}

/* Inside a field's w:fldChar begin: its form field data. */
bool dx_in_form_field(const struct story *s)
{
	return s->fld.n && s->fld.v[s->fld.n - 1].state == F_INSTR;
}

/* w:ffData inside a field's begin: a check box is a control; a drop-down
 * list shows the entry chosen (see dx_field_end). */
bool dx_form_field_data(struct story *s, ds__xml *x, para_frame *p, const char *local, const ds__attr *a, int n)
{
	const char *val = ds__attr_get(a, n, "val");
	if (!strcmp(local, "checkBox")) {
		if (p)
			dx_add_control(s, x, p,
				       (ds_control){(uint32_t)p->text.len, (uint32_t)p->text.len, DS_CONTROL_CHECKBOX,
						    false, false, true});
	} else if (!strcmp(local, "ddList")) {
		s->fld.v[s->fld.n - 1].dropdown = true;
		s->fld.dd_entries.len = 0;
		s->fld.dd_result = s->fld.dd_default = -1;
	} else if (!strcmp(local, "result") || !strcmp(local, "default")) {
		if (val)
			*(local[0] == 'r' ? &s->fld.dd_result : &s->fld.dd_default) = atol(val);
	} else if (!strcmp(local, "listEntry")) {
		if (ds__buf_add(&s->fld.dd_entries, val ? val : "", strlen(val ? val : "") + 1) < 0)
			dx_fail(s, x, DS_ENOMEM);
	} else {
		return false;
	}
	return true;
}

/* Whether a field's instruction begins with name. */
static bool field_is(const char *instr, const char *name)
{
	while (*instr == ' ')
		instr++;
	size_t k = strcspn(instr, " \\");
	return k == strlen(name) && !strncasecmp(instr, name, k);
}

/* Whether a field instruction is a page number: PAGE, NUMPAGES, SECTIONPAGES. */
bool dx_page_field(const char *instr)
{
	return field_is(instr, "PAGE") || field_is(instr, "NUMPAGES") || field_is(instr, "SECTIONPAGES");
}

/* The document property a TITLE, SUBJECT or KEYWORDS field shows, or NULL. */
const char *dx_property_field(const struct story *s, const char *instr)
{
	const ds_facts *f = &s->doc->facts;
	return field_is(instr, "TITLE")      ? f->title
	       : field_is(instr, "SUBJECT")  ? f->subject
	       : field_is(instr, "KEYWORDS") ? f->keywords
					     : NULL;
}

static void field_begin(struct story *s, ds__xml *x, unsigned char state, const char *instr)
{
	if (ds__grow((void **)&s->fld.v, &s->fld.cap, s->fld.n, sizeof *s->fld.v) < 0) {
		dx_fail(s, x, DS_ENOMEM);
		return;
	}
	para_frame *p = dx_top_para(s);
	s->fld.n_instr += state == F_INSTR;
	s->fld.v[s->fld.n++] = (field_frame){state,
					     instr && dx_page_field(instr),
					     instr ? dx_property_field(s, instr) : NULL,
					     false,
					     p ? p->slot : 0,
					     p ? p->text.len : 0};
}

/* A field's end: a drop-down that shows nothing shows the entry chosen; a
 * page number field that shows nothing stands for the number the page gives
 * it (a mark); the result of a property field is marked, as LibreOffice
 * shows the property instead. */
void dx_field_end(struct story *s, ds__xml *x)
{
	field_frame f = s->fld.v[--s->fld.n];
	s->fld.n_instr -= f.state == F_INSTR;
	para_frame *p = dx_top_para(s);
	/* no result, or nothing added since it began */
	bool empty = p && (f.state == F_INSTR || (p->slot == f.para && p->text.len == f.result));
	if (f.dropdown && empty) {
		long k = s->fld.dd_result >= 0 ? s->fld.dd_result : s->fld.dd_default >= 0 ? s->fld.dd_default : 0;
		const char *e = s->fld.dd_entries.p, *end = e ? e + s->fld.dd_entries.len : NULL;
		for (; e && e < end && k > 0; k--)
			e += strlen(e) + 1;
		if (e && e < end)
			dx_add_text(s, x, e, strlen(e));
		return;
	}
	if (f.page && empty && dx_fields_visible(s))
		dx_add_mark(s, x, p, p->text.len, DS_MARK_PAGE, "");
	if (f.property && p && p->slot == f.para && dx_fields_visible(s)) {
		dx_add_mark(s, x, p, f.result, DS_MARK_FIELD, f.property); /* before any mark in the result */
		dx_add_mark(s, x, p, p->text.len, DS_MARK_FIELD_END, "");
	}
}

void dx_on_fld_char(const elem *e)
{
	struct story *s = e->s;
	const char *type = elem_attr(e, "fldCharType");
	if (!type)
		return;
	if (!strcmp(type, "begin")) {
		field_begin(s, e->x, F_INSTR, NULL);
	} else if (!strcmp(type, "separate") && s->fld.n) {
		field_frame *f = &s->fld.v[s->fld.n - 1];
		s->fld.n_instr -= f->state == F_INSTR;
		f->state = F_RESULT;
		if (e->p) {
			f->para = e->p->slot;
			f->result = e->p->text.len;
		}
	} else if (!strcmp(type, "end") && s->fld.n) {
		dx_field_end(s, e->x);
	}
}

void dx_on_fld_simple(const elem *e)
{
	field_begin(e->s, e->x, F_RESULT, elem_attr(e, "instr"));
}

void dx_on_instr_text(const elem *e)
{
	if (e->s->fld.n) { /* never counted; read for the field's kind */
		e->s->in_t = 3;
		e->s->t.len = 0;
	}
}
